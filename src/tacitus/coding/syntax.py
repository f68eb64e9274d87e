"""Small parse helpers shared by the coding modules."""

from __future__ import annotations

from spacy.tokens import Span, Token

VERBAL = {"VERB", "AUX"}


def ents(sent: Span, labels: set[str]) -> list[Span]:
    """Entities of `sent` with these labels, read from token tags (cheaper than `sent.ents`,
    which walks the whole document's entities)."""
    out, start = [], None
    doc = sent.doc
    for tok in sent:
        if start is not None and tok.ent_iob_ != "I":
            out.append(doc[start:tok.i])
            start = None
        if tok.ent_iob_ == "B" and tok.ent_type_ in labels:
            start = tok.i
    if start is not None:
        out.append(doc[start:sent.end])
    return out


def governor(tok: Token) -> Token:
    """The nearest verb above `tok` (the sentence root if none)."""
    t = tok
    while t.head.i != t.i:
        t = t.head
        if t.pos_ in VERBAL:
            return t
    return t
