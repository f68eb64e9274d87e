"""The coding stage on real spaCy parses: constructions, moods, negation and the sample article."""

from __future__ import annotations

from pathlib import Path

import pytest

from tacitus.coding import code_document
from tacitus.records import Document

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "samples" / "mattis-turkey-s400.txt"


def code(nlp, text: str, date: str | None = "2020-05-10"):
    return code_document(Document(id="t", text=text, date=date), nlp(text))


def dyads(events):
    return {(e.source.country if e.source else None, e.target.country if e.target else None,
             e.cameo_root) for e in events}


def test_active_sentence(nlp):
    ev = code(nlp, "Syrian troops attacked Turkish positions near the border on Sunday.")
    assert ("SYR", "TUR", "19") in dyads(ev) or ("SYR", "TUR", "18") in dyads(ev)
    e = ev[0]
    assert e.plover["event"] == "ASSAULT"
    assert e.trigger.text.startswith("attacked")
    assert e.sentence_index == 0 and e.date == "2020-05-10"


def test_passive_with_by_agent(nlp):
    ev = code(nlp, "Israel was condemned by Jordan for the raid.")
    assert ("JOR", "ISR", "11") in dyads(ev)


def test_negation_is_marked_not_asserted(nlp):
    ev = code(nlp, "France did not sanction Iran.")
    assert ev and all(e.negated for e in ev)


def test_threat_recodes_embedded_attack(nlp):
    ev = code(nlp, "Iran threatened to attack Israel.")
    assert ev[0].cameo_root == "13"
    assert ev[0].plover["event"] == "THREATEN"
    assert (ev[0].source.country, ev[0].target.country) == ("IRN", "ISR")


def test_intent_complement(nlp):
    ev = code(nlp, "Russia agreed to withdraw its troops from Georgia.")
    assert ev[0].cameo.startswith("03")
    assert ev[0].modality == "intended"
    assert ev[0].source.country == "RUS"


def test_reported_speech(nlp):
    ev = code(nlp, "Officials in Kabul said Pakistan attacked Afghan border posts.")
    hit = [e for e in ev if e.source and e.source.country == "PAK"]
    assert hit and hit[0].modality == "reported"


def test_conditional_and_question(nlp):
    ev = code(nlp, "If Turkey attacks Greece, the alliance will respond.")
    assert ev and ev[0].modality == "hypothetical"
    ev = code(nlp, "Will China sanction Japan?")
    assert all(e.modality == "hypothetical" for e in ev)


def test_no_event_without_political_action(nlp):
    assert code(nlp, "The weather in Paris was sunny and warm on Tuesday.") == []
    assert code(nlp, "Manchester United beat Chelsea 2-1 in the final.") == []


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared sample not present")
def test_sample_article(nlp):
    text = SAMPLE.read_text(encoding="utf-8")
    ev = code(nlp, text, date="2018-08-20")
    found = dyads(ev)
    assert ("USA", "TUR", "13") in found  # warned Turkey
    assert ("TUR", "RUS", "06") in found or ("TUR", "RUS", "03") in found  # buying the S-400
    assert any(s == "TUR" and t == "USA" and r == "17" for s, t, r in found)  # detained pastor
    assert ("USA", "TUR", "16") in found or ("USA", "TUR", "12") in found  # blocked the sale
    tariffs = [e for e in ev if e.cameo == "163"]
    assert {(e.source.country, e.target.country) for e in tariffs} >= {("USA", "TUR"),
                                                                     ("TUR", "USA")}
    assert any(e.cameo.startswith("11") and e.source.country == "TUR" for e in ev)  # WTO
