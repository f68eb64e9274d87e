"""Direct quotations and their speakers on real spaCy parses."""

from __future__ import annotations

import pytest
from helpers import SAMPLE

from tacitus.coding.actors import DocumentActors
from tacitus.coding.quotes import extract


def _quotes(nlp, text: str):
    doc = nlp(text)
    return doc, extract(doc, DocumentActors(doc))


def _country(q) -> str | None:
    return q["speaker"]["country"] if q["speaker"] else None


def _check_offsets(doc, quotes) -> None:
    sents = list(doc.sents)
    for q in quotes:
        assert doc.text[q["start"]:q["end"]] == q["text"]
        s = sents[q["sentence_index"]]
        assert s.start_char <= q["start"] < s.end_char


@pytest.fixture(scope="module")
def sample(nlp):
    if not SAMPLE.exists():
        pytest.skip("shared sample not present")
    return _quotes(nlp, SAMPLE.read_text(encoding="utf-8"))


def test_sample_quotes_and_speakers(sample):
    doc, quotes = sample
    _check_offsets(doc, quotes)
    assert [q["text"].split()[0] for q in quotes] == ["Turkey", "Yes,", "Are", "When", "We", "This"]
    assert [_country(q) for q in quotes] == ["USA", "USA", "TUR", "TUR", "TUR", "TUR"]
    assert [q["speaker_text"] for q in quotes] == [
        "Mattis", "Mattis", "the Turkish strongman", "the Turkish strongman", "he", "he"]


def test_sample_scare_quote_and_marks(sample):
    _, quotes = sample
    assert all("not recommend" != q["text"] for q in quotes)
    assert not any(c in q["text"] for q in quotes for c in "“”")
    assert quotes[0]["text"].endswith("into NATO")  # the comma before the closing mark dropped
    assert quotes[3]["text"].endswith("is not allowing.")


def test_said_colon_and_said_that_with_straight_quotes(nlp):
    doc, quotes = _quotes(nlp, (
        'French President Emmanuel Macron said: "We will not accept this ultimatum."\n\n'
        'German Chancellor Angela Merkel said that "the door to talks remains open."'))
    _check_offsets(doc, quotes)
    assert [q["text"] for q in quotes] == ["We will not accept this ultimatum.",
                                           "the door to talks remains open."]
    assert [_country(q) for q in quotes] == ["FRA", "DEU"]
    sents = list(doc.sents)
    assert "Macron" in sents[quotes[0]["sentence_index"]].text
    assert "Merkel" in sents[quotes[1]["sentence_index"]].text


def test_inverted_attribution_and_multi_sentence_quote(nlp):
    doc, quotes = _quotes(nlp, (
        "“We have waited long enough. Our patience is over,” said Israeli Prime Minister "
        "Benjamin Netanyahu on Sunday."))
    _check_offsets(doc, quotes)
    assert len(quotes) == 1
    assert quotes[0]["text"] == "We have waited long enough. Our patience is over"
    assert _country(quotes[0]) == "ISR"
    assert quotes[0]["sentence_index"] == 0


def test_attribution_before_and_after_in_paragraph(nlp):
    doc, quotes = _quotes(nlp, (
        "Russian Foreign Minister Sergei Lavrov spoke to reporters in Moscow. "
        "“Sanctions will not change our course,” he said. “They never have.”\n\n"
        "Indian Prime Minister Narendra Modi was asked about the deal. He said: “We buy "
        "what we need.” “Nobody can tell India what to do.”"))
    _check_offsets(doc, quotes)
    assert [q["text"] for q in quotes] == [
        "Sanctions will not change our course", "They never have.", "We buy what we need.",
        "Nobody can tell India what to do."]
    assert [_country(q) for q in quotes] == ["RUS", "RUS", "IND", "IND"]


def test_continued_quote_paragraph(nlp):
    doc, quotes = _quotes(nlp, (
        "“We will defend our borders,” Turkish President Recep Tayyip Erdogan said.\n\n"
        "“Nobody should doubt our resolve.\n\n"
        "“We are ready for any scenario.”\n\n"
        "Officials in Athens reacted calmly. “This is rhetoric for a domestic audience.”"))
    _check_offsets(doc, quotes)
    assert [_country(q) for q in quotes[:3]] == ["TUR", "TUR", "TUR"]
    # an open quote runs to the end of its paragraph
    assert quotes[1]["text"] == "Nobody should doubt our resolve."
    # the last paragraph starts with narration, not a quote mark: no carried-over speaker
    assert quotes[3]["text"] == "This is rhetoric for a domestic audience."
    assert quotes[3]["speaker"] is None
    assert [q["speaker_text"] for q in quotes[:3]] == ["Turkish President Recep Tayyip Erdogan"] * 3


def test_scare_quotes_skipped_short_quotes_kept(nlp):
    doc, quotes = _quotes(nlp, (
        "The ministry called the plan a \"provocation\" and its critics \"foreign agents.\" "
        "Chinese Foreign Minister Wang Yi described the talks as “very productive” on Monday.\n\n"
        "“No,” Chinese Foreign Minister Wang Yi said when asked about a visit."))
    _check_offsets(doc, quotes)
    assert [q["text"] for q in quotes] == ["No"]
    assert _country(quotes[0]) == "CHN"


def test_partial_quote_inside_sentence_is_kept(nlp):
    doc, quotes = _quotes(nlp, (
        "Iranian Foreign Minister Mohammad Javad Zarif said Tehran would “respond firmly to "
        "any act of aggression” by its neighbours."))
    _check_offsets(doc, quotes)
    assert [q["text"] for q in quotes] == ["respond firmly to any act of aggression"]
    assert _country(quotes[0]) == "IRN"


def test_unattributed_and_empty(nlp):
    assert _quotes(nlp, "Turkey bought the S-400 system last year.")[1] == []
    assert _quotes(nlp, "")[1] == []
    _, quotes = _quotes(nlp, "“The war is over.” The crowd cheered in the square.")
    assert len(quotes) == 1 and quotes[0]["speaker"] is None and quotes[0]["speaker_text"] is None


def test_according_to(nlp):
    _, quotes = _quotes(nlp, (
        "“The army will withdraw by Friday,” according to Pakistani Prime Minister Imran Khan."))
    assert len(quotes) == 1
    assert _country(quotes[0]) == "PAK"
