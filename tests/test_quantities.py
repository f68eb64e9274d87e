"""Quantities on real spaCy parses."""

from __future__ import annotations

import pytest
from helpers import first_sentence, sentence_with, token

from tacitus.coding.quantities import extract, words_to_number


def _pairs(quantities):
    return [(q.value, q.unit) for q in quantities]


def test_sample_quantities(sample_doc):
    s = sentence_with(sample_doc, "50 and 20 percent")
    assert _pairs(extract(s, token(s, "doubled"))) == [(50.0, "percent"), (20.0, "percent")]
    s = sentence_with(sample_doc, "22 American-made")
    found = extract(s, token(s, "retaliated"))
    assert _pairs(found) == [(22.0, "products")]
    assert found[0].text == "22 American-made products"
    assert extract(s, token(s, "filed")) == []  # the count belongs to the other clause
    s = sentence_with(sample_doc, "35 years in prison")
    assert _pairs(extract(s, token(s, "facing"))) == [(35.0, "years in prison")]
    assert _pairs(extract(s)) == [(35.0, "years in prison")]  # "since 2016" is a date


@pytest.mark.parametrize(("text", "expected"), [
    ("Gunmen killed 12 people in the market.", [(12.0, "people")]),
    ("At least 30 dead were counted after the blast.", [(30.0, "dead")]),
    ("At least 12 were killed in the attack.", [(12.0, "killed")]),
    ("The bank lent Kenya $1.5 billion.", [(1.5e9, "USD")]),
    ("The fund pledged €20 million to the rebuilding.", [(2e7, "EUR")]),
    ("The union gave 20 million euros in aid.", [(2e7, "EUR")]),
    ("The Pentagon sent 3,000 troops to the border.", [(3000.0, "troops")]),
    ("The court sentenced him to 10 years for fraud.", [(10.0, "years in prison")]),
    ("She received a 10-year prison sentence.", [(10.0, "years in prison")]),
    ("Twelve soldiers and a dozen police officers were arrested.",
     [(12.0, "soldiers"), (12.0, "officers")]),
    ("Three hundred and fifty protesters marched on the ministry.", [(350.0, "protesters")]),
    ("Unemployment rose 5% in 2016.", [(5.0, "percent")]),
    ("The F-35 jets were grounded in 2019.", []),
    ("He was the first leader to visit.", []),
    ("Both sides backed a two-state solution at one point.", []),
])
def test_written_sentences(nlp, text, expected):
    assert _pairs(extract(first_sentence(nlp, text))) == expected


def test_trigger_clause_first(nlp):
    s = first_sentence(nlp, "Police arrested 40 protesters and troops killed 3 civilians.")
    assert _pairs(extract(s, token(s, "killed"))) == [(3.0, "civilians")]
    assert _pairs(extract(s, token(s, "arrested"))) == [(40.0, "protesters")]


def test_words_to_number():
    assert words_to_number(["a", "dozen"]) == 12
    assert words_to_number(["1,500"]) == 1500
    assert words_to_number(["1.5", "billion"]) == 1.5e9
    assert words_to_number(["three", "hundred", "and", "fifty"]) == 350
    assert words_to_number(["twenty", "-", "five"]) == 25
    assert words_to_number(["two", "thousand", "five", "hundred"]) == 2500
    assert words_to_number(["several"]) is None
