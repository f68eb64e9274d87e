"""Event dates on real spaCy parses, with fixed document dates."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import first_sentence, sentence_with, token

from tacitus.coding.time import parse_anchor, resolve_date, resolve_text

WED = dt.date(2019, 3, 6)  # a Wednesday








def test_sample_dates(sample_doc):
    anchor = parse_anchor("2018-08-20")
    s = sentence_with(sample_doc, "blocked the sale")
    assert resolve_date(s, anchor, token(s, "blocked")) == ("2018-08-01", "month")
    s = sentence_with(sample_doc, "since 2016")
    assert resolve_date(s, anchor, token(s, "held")) == ("2016-01-01", "year")
    s = sentence_with(sample_doc, "said in June")
    assert resolve_date(s, anchor, token(s, "said")) == ("2018-06-01", "month")
    s = sentence_with(sample_doc, "first payment")
    assert resolve_date(s, anchor, token(s, "made")) == ("2017-01-01", "year")
    s = sentence_with(sample_doc, "delivered to Turkey")
    assert resolve_date(s, anchor, token(s, "delivered")) == ("2019-01-01", "year")


@pytest.mark.parametrize(("text", "expected"), [
    ("Rebels shelled the town on Sunday.", ("2019-03-03", "day")),
    ("Rebels shelled the town Wednesday.", ("2019-03-06", "day")),
    ("Rebels shelled the town yesterday.", ("2019-03-05", "day")),
    ("Rebels shelled the town two days ago.", ("2019-03-04", "day")),
    ("Rebels shelled the town last week.", ("2019-02-25", "day")),
    ("Rebels shelled the town this week.", ("2019-03-04", "day")),
    ("Rebels shelled the town last month.", ("2019-02-01", "month")),
    ("Rebels shelled the town in June.", ("2018-06-01", "month")),
    ("Rebels shelled the town in February.", ("2019-02-01", "month")),
    ("Rebels shelled the town on 3 March 2017.", ("2017-03-03", "day")),
    ("Rebels shelled the town on March 3.", ("2019-03-03", "day")),
    ("Rebels shelled the town on March 30.", ("2018-03-30", "day")),
    ("Rebels shelled the town in 2016.", ("2016-01-01", "year")),
    ("Rebels shelled the town in March 2015.", ("2015-03-01", "month")),
    ("Rebels shelled the town.", ("2019-03-06", "day")),
    ("He has served 35 years in prison.", ("2019-03-06", "day")),
])
def test_relative_and_absolute(nlp, text, expected):
    assert resolve_date(first_sentence(nlp, text), WED) == expected


def test_prefers_trigger_clause(nlp):
    s = first_sentence(nlp, "Officials said on Monday that rebels attacked the town on Saturday.")
    assert resolve_date(s, WED, token(s, "attacked")) == ("2019-03-02", "day")
    assert resolve_date(s, WED, token(s, "said")) == ("2019-03-04", "day")


def test_without_anchor(nlp):
    sent = first_sentence(nlp, "Rebels shelled the town yesterday.")
    assert resolve_date(sent, None) == (None, None)
    assert resolve_date(first_sentence(nlp, "Rebels shelled the town."), None) == (None, None)
    s = first_sentence(nlp, "Rebels shelled the town on 3 March 2017.")
    assert resolve_date(s, None) == ("2017-03-03", "day")


def test_resolve_text_forms():
    anchor = dt.date(2019, 1, 15)
    assert resolve_text("last month", anchor) == ("2018-12-01", "month")
    assert resolve_text("earlier this month", anchor) == ("2019-01-01", "month")
    assert resolve_text("next Sunday", anchor) == ("2019-01-20", "day")
    assert resolve_text("three years ago", anchor) == ("2016-01-01", "year")
    assert resolve_text("2018-11-05", anchor) == ("2018-11-05", "day")
    assert resolve_text("Sunday, March 3, 2019", anchor) == ("2019-03-03", "day")
    assert resolve_text("the end of last year", anchor) == ("2018-01-01", "year")
    assert resolve_text("for years", anchor) is None
    assert resolve_text("10 years", anchor) is None


def test_dateparser_fallback():
    assert resolve_text("03/04/2019", dt.date(2019, 5, 1)) == ("2019-03-04", "day")


def test_parse_anchor():
    assert parse_anchor("2018-08-20") == dt.date(2018, 8, 20)
    assert parse_anchor("2018-08-20T10:15:00Z") == dt.date(2018, 8, 20)
    assert parse_anchor("August 20, 2018") == dt.date(2018, 8, 20)
    assert parse_anchor("") is None
    assert parse_anchor(None) is None
    assert parse_anchor("not a date") is None


def test_day_ranges_and_clock_times_are_not_years():
    import datetime as dt

    from tacitus.coding.time import resolve_text

    anchor = dt.date(2021, 4, 1)
    assert resolve_text("March 23-27", anchor) == ("2021-03-23", "day")
    assert resolve_text("1800 UTC", anchor) is None
    assert resolve_text("1800", anchor) is None
