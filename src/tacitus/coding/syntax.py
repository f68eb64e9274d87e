"""Dependency-parse helpers shared by the coding modules: entities, governors, objects and
prepositional arguments of a trigger."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from .lexicon import load_frames

VERBAL = {"VERB", "AUX"}
OBJ = ("dobj", "obj")
NP_MODIFIERS = ("det", "amod", "nummod", "compound", "poss", "nmod", "quantmod", "case")


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


def dep_children(t: Token, *deps: str) -> list[Token]:
    return [c for c in t.children if c.dep_ in deps]


def first_child(t: Token, *deps: str) -> Token | None:
    for c in t.children:
        if c.dep_ in deps:
            return c
    return None


def is_passive(v: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in v.children)


def is_infinitive(v: Token) -> bool:
    """A to-clause: "to" is among the verb's auxiliaries ("urged X to release")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)


def prep_object(prep: Token) -> Token | None:
    return first_child(prep, "pobj", "pcomp")


def stranded_object(prep: Token) -> Token | None:
    """The noun right after a preposition the parser left without an object ("granted asylum
    to five officers holed up in ...", where "officers" became the subject of "holed")."""
    if any(True for _ in prep.children) or prep.i + 1 >= len(prep.doc):
        return None
    tok = prep.doc[prep.i + 1]
    while tok.dep_ in NP_MODIFIERS and tok.head.i > tok.i:
        tok = tok.head
    return tok if tok.pos_ in ("NOUN", "PROPN") and tok is not prep.head else None


def prep_objects(t: Token) -> Iterator[tuple[str, Token]]:
    """(preposition lemma, its object) for each prepositional child, agent and dative included;
    time phrases ("on Sunday", "in June") are not arguments and are left out."""
    for c in t.children:
        if c.dep_ in ("prep", "agent", "dative") and c.pos_ == "ADP":
            obj = prep_object(c) or stranded_object(c)
            if obj is not None and obj.ent_type_ not in ("DATE", "TIME"):
                yield c.lower_, obj
        elif c.dep_ == "dative":
            yield "to", c


def prep_heads(t: Token, obj: Token | None) -> list[Token]:
    """Where a target preposition may hang: the trigger, its object, and their prepositional
    objects one level down ("filed a complaint with the WTO against the US move")."""
    heads = [t] + ([obj] if obj is not None else [])
    # "launched artillery, mortar and rocket fire against X": conjoined things share it
    if obj is not None and obj.pos_ == "NOUN":
        heads += [c for c in obj.conjuncts if c.i > obj.i and c.pos_ == "NOUN"]
    nested = [o for h in heads for _, o in prep_objects(h)]
    return heads + nested


def object_of(t: Token, through_quantity: bool = True) -> Token | None:
    """Direct object of a verb (the passive subject for passives) or the `of` object of a noun;
    through quantities ("arrested dozens of protesters" -> protesters)."""
    if t.pos_ in ("NOUN", "PROPN"):
        obj = next((o for lemma, o in prep_objects(t) if lemma == "of"), None)
    else:
        obj = first_child(t, *OBJ)
        if obj is None and is_passive(t):
            obj = first_child(t, "nsubjpass")
    if through_quantity and obj is not None and (
            obj.pos_ == "NUM" or load_frames().is_("quantity_heads", obj.lemma_.lower())):
        inner = next((o for lemma, o in prep_objects(obj) if lemma == "of"), None)
        if inner is not None:
            return inner
    return obj
