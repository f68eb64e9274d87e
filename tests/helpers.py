"""Small helpers shared by the tests (the `nlp` fixture itself is in conftest.py)."""

from __future__ import annotations

from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "samples" / "mattis-turkey-s400.txt"


def first_sentence(nlp, text: str):
    """The first sentence of `text`, parsed."""
    return next(iter(nlp(text).sents))


def token(doc, text: str, nth: int = 0):
    """The `nth` token of `doc` (or a span) whose text is `text`."""
    return [t for t in doc if t.text == text][nth]


def sentence_with(doc, words: str):
    """The first sentence of a parsed `doc` that contains `words`."""
    return next(s for s in doc.sents if words in s.text)
