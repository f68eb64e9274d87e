"""Which events of different documents are one happening: group keys, places, wording, and the
clustering itself (no database here; test_happenings_store.py runs it in real stores)."""

from __future__ import annotations

import random
import re
from dataclasses import replace

import pytest

from tacitus.happening_rules import Rules
from tacitus.happenings import (
    SINGLE,
    Mention,
    cluster,
    content_words,
    group_key,
    happening_id,
    news_source,
    same_place,
    similar,
)

RULES = Rules.defaults()


def side(code: str, country: str | None = None) -> dict:
    return {"text": code, "name": code, "code": code, "country": country, "sectors": []}


def record(source=("USAGOV", "USA"), target=("TUR", "TUR"), cameo="163", **extra) -> dict:
    d = {"source": side(*source) if source else None,
         "target": side(*target) if target else None,
         "cameo": cameo, "cameo_root": cameo[:2], "plover": {"event": "SANCTION"},
         "date": "2024-03-04", "date_precision": "day", "modality": "asserted",
         "negated": False, "rule": "test"}
    d.update(extra)
    return d


def key(**kw) -> str:
    return group_key(record(**kw), "d", 0, RULES)


def test_same_dyad_and_root_share_a_group_whatever_the_actor_codes():
    assert key() == key(source=("USA", "USA"), target=("TURGOV", "TUR"), cameo="162")
    assert key() != key(source=("TUR", "TUR"), target=("USAGOV", "USA"))  # direction counts
    assert key() != key(cameo="111")
    assert key() != key(negated=True)
    assert key() == key(modality="reported") != key(modality="intended")


def test_rules_choose_how_codes_and_sides_compare():
    base = replace(RULES, match="base", sides="code")
    a = group_key(record(cameo="163"), "d", 0, base)
    assert a != group_key(record(cameo="162"), "d", 0, base)
    assert a != group_key(record(source=("USA", "USA")), "d", 0, base)
    plover = replace(RULES, match="plover")
    assert group_key(record(cameo="163"), "d", 0, plover) == \
        group_key(record(cameo="172"), "d", 0, plover)  # both SANCTION


def test_groups_of_countries_are_told_apart_by_code():
    assert key(target=("IGOUNO", "IGO")) != key(target=("IGONAT", "IGO"))


def test_events_that_can_merge_with_nothing_get_a_key_of_their_own():
    for kw in ({"target": None}, {"date_precision": "month"}, {"date": None},
               {"source": None}):
        assert key(**kw) == f"{SINGLE}d#0", kw


def test_a_reciprocal_event_is_one_group_whoever_is_named_first():
    def meeting(a, b):
        src = {**side("USA-RUS"), "members": [side(*a), side(*b)]}
        return group_key(record(cameo="040", rule="x+reciprocal", target=None) | {"source": src},
                         "d", 0, RULES)
    assert meeting(("USAGOV", "USA"), ("RUS", "RUS")) == meeting(("RUSGOV", "RUS"),
                                                                 ("USA", "USA"))
    assert meeting(("USA", "USA"), ("RUS", "RUS")).startswith("RUS+USA|04|")


def test_places_must_agree_where_both_are_known():
    kyiv = {"name": "Kyiv", "country": "UKR", "adm1": "UA.12", "type": 4, "feature_id": "703448"}
    lviv = {"name": "Lviv", "country": "UKR", "adm1": "UA.15", "type": 4, "feature_id": "702550"}
    ukraine = {"name": "Ukraine", "country": "UKR", "type": 1, "feature_id": "690791"}
    region = {"name": "Kyiv City", "country": "UKR", "adm1": "UA.12", "type": 5}
    moscow = {"name": "Moscow", "country": "RUS", "type": 4, "feature_id": "524901"}
    assert same_place(kyiv, None, RULES) and same_place(None, None, RULES)
    assert same_place(kyiv, dict(kyiv), RULES)
    assert same_place(kyiv, ukraine, RULES) and same_place(ukraine, kyiv, RULES)
    assert same_place(region, kyiv, RULES) and not same_place(region, lviv, RULES)
    assert not same_place(kyiv, lviv, RULES) and not same_place(kyiv, moscow, RULES)
    assert not same_place(kyiv, ukraine, replace(RULES, place="exact"))
    # Without feature ids (as some places come), name and country decide.
    assert same_place({"name": "Washington", "country": "USA"},
                      {"name": "washington", "country": "USA"}, RULES)


def test_content_words_and_similarity():
    a = content_words("Russian forces shelled Kharkiv on Monday, killing 12 civilians.")
    assert a == {"russian", "force", "shelled", "kharkiv", "monday", "killing", "civilian"}
    b = content_words("Russia's army shelled the city of Kharkiv overnight, and civilians died.")
    assert similar(a, b, RULES)
    assert not similar(a, b, RULES, statement=True)  # a statement needs its own words
    thanks = content_words("Thank you for hosting us today.")
    assert not similar(thanks, content_words("Thank you for talking to us."), RULES)


def mention(doc: str, day: str, words: str = "shelled kharkiv civilians", ordinal: int = 0,
            key_: str = "RUS>UKR|19|0|+", report: str | None = None, place=None,
            root: str = "19") -> Mention:
    return Mention(hash(doc) & 0xFFFF, doc, ordinal, key_, day, place, 1, report or day,
                   news_source(f"https://{doc}.example/x", None), content_words(words), root)


def grouped(mentions) -> list[list[str]]:
    return [[m.doc_id for m in h.mentions] for h in cluster(mentions, RULES)]


def test_the_window_is_anchored_on_the_first_mention_so_daily_acts_do_not_chain():
    days = [mention(f"d{i}", f"2024-03-0{i}") for i in range(1, 6)]
    assert grouped(days) == [["d1", "d2"], ["d3", "d4"], ["d5"]]


def test_one_document_tells_a_happening_once():
    got = grouped([mention("a", "2024-03-04"), mention("a", "2024-03-04", ordinal=1),
                   mention("b", "2024-03-04")])
    assert got == [["a", "b"], ["a"]]


def test_reports_weeks_later_and_other_places_stay_apart():
    late = mention("b", "2024-03-04", report="2024-04-20")
    assert grouped([mention("a", "2024-03-04"), late]) == [["a"], ["b"]]
    kyiv = {"name": "Kyiv", "country": "UKR", "type": 4, "feature_id": "1"}
    lviv = {"name": "Lviv", "country": "UKR", "type": 4, "feature_id": "2"}
    got = grouped([mention("a", "2024-03-04", place=kyiv), mention("b", "2024-03-04",
                                                                   place=lviv),
                   mention("c", "2024-03-04")])
    assert got == [["a", "c"], ["b"]]


def test_statements_merge_only_in_their_own_words():
    said = "We condemn the arrest of the journalists in Minsk"
    a = mention("a", "2024-03-04", said, root="11", key_="USA>BLR|11|0|+")
    b = mention("b", "2024-03-04", said + " today", root="11", key_="USA>BLR|11|0|+")
    c = mention("c", "2024-03-04", "We condemn the regime's crackdown on independent journalists",
                root="11", key_="USA>BLR|11|0|+")
    assert grouped([a, b, c]) == [["a", "b"], ["c"]]


def test_happenings_do_not_depend_on_the_order_mentions_come_in():
    mentions = [mention(f"d{i}", f"2024-03-{1 + i // 3:02d}", ordinal=i % 2) for i in range(12)]
    mentions += [mention("x", "2024-03-02", key_=f"{SINGLE}x#0")]
    want = [(h.id, [m.doc_id for m in h.mentions]) for h in cluster(mentions, RULES)]
    for seed in range(5):
        shuffled = mentions[:]
        random.Random(seed).shuffle(shuffled)
        assert [(h.id, [m.doc_id for m in h.mentions])
                for h in cluster(shuffled, RULES)] == want
    first = next(hid for hid, docs in want if "d0" in docs)
    assert first == happening_id("d0", 0)  # named by its first mention


def test_a_happening_counts_articles_sources_and_mentions():
    a = mention("a", "2024-03-04", report="2024-03-04")
    b = replace(mention("b", "2024-03-05", report="2024-03-06"), num_mentions=3)
    c = replace(mention("c", "2024-03-04"), source=a.source)  # a's publisher again
    (h,) = cluster([a, b, c], RULES)
    row = h.row()
    assert (row["num_articles"], row["num_sources"], row["num_mentions"]) == (3, 2, 5)
    assert (row["first_date"], row["last_date"]) == ("2024-03-04", "2024-03-05")
    assert (row["first_report"], row["last_report"]) == ("2024-03-04", "2024-03-06")


def test_news_sources():
    assert news_source("https://www.reuters.com/world/x", "USAGOV") == "reuters.com"
    assert news_source(None, "usagov") == "USAGOV"
    assert news_source("not a url", None) == news_source(None, None) == "unknown"


def test_rules_come_from_the_data_file_and_bad_ones_are_named(tmp_path):
    assert RULES.window_days >= 0 and RULES.match == "root"
    path = tmp_path / "r.yaml"
    path.write_text("window_days: 2\nmatch: plover\n", encoding="utf-8")
    got = Rules.from_file(str(path))
    assert (got.window_days, got.match, got.sides) == (2, "plover", RULES.sides)
    assert Rules.from_json(got.to_json(), "stored") == got
    for text, words in (("window_days: -1\n", "window_days -1 must be a whole number"),
                        ("match: verb\n", "match 'verb' must be one of root, base"),
                        ("windows: 3\n", "unknown happening rule(s) windows"),
                        ("statement_roots: ['99']\n", "statement_roots"),
                        ("min_word_overlap: 2\n", "from 0 to 1"),
                        ("- 1\n", "must be a mapping")):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ValueError, match=re.escape(words)):
            Rules.from_file(str(path))
    with pytest.raises(ValueError, match="cannot read"):
        Rules.from_file(str(tmp_path / "missing.yaml"))
    with pytest.raises(ValueError, match="window_days"):
        RULES.changed(window_days=1000)
