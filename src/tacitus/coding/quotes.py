"""Direct quotations and their speakers.

Quoted spans are found by scanning each paragraph (a line of the text, as in the nlp stage) for
straight and curly double quotes; a quote left open runs to the end of its paragraph. Short
spans of 1-3 words inside a sentence are scare quotes and are skipped. Speakers come from
speech verbs (the `say` frame) outside quotes, and from "according to X":

1. an attribution in a sentence the quote starts or ends in ("...," X said / X said: "...");
2. else the nearest attribution in the same paragraph;
3. else, for a paragraph that opens with a quote mark and has no attribution, the speaker of the
   last quote in the previous paragraph (a continued quotation).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from .lexicon import load_frames

OPEN, CLOSE, BOTH = "“", "”", '"'
MARKS = re.compile('[“”"]')
PARAGRAPH = re.compile(r"\S[^\n]*")
SENT_END = ".!?:"
CLAUSE_END = ",.!?…"
SUBJ = ("nsubj", "nsubjpass")
UP = ("conj", "advcl", "xcomp", "pcomp", "prep", "acl")
NO_INVERSION = frozenset({"tell", "quote"})


@dataclass
class _Quote:
    start: int  # offsets of the quoted text, marks excluded
    end: int
    open_at: int  # offset of the opening mark
    close_at: int  # offset just after the closing mark (or the paragraph end)
    para: int


@dataclass
class _Attribution:
    at: int  # char offset of the speech verb (or of "according")
    sent: int
    para: int
    speaker: Token | None


def _spans(text: str) -> list[tuple[int, int, int]]:
    """(paragraph index, open offset, close offset) for each quote mark pair, paragraph-local."""
    out = []
    for p, m in enumerate(PARAGRAPH.finditer(text)):
        opened: int | None = None
        for mark in MARKS.finditer(text, m.start(), m.end()):
            ch, at = mark.group(), mark.start()
            if opened is None:
                if ch != CLOSE:
                    opened = at
            elif ch == OPEN:
                opened = at  # a stray opening mark: start again from here
            else:
                out.append((p, opened, at + 1))
                opened = None
        if opened is not None:
            out.append((p, opened, m.end()))
    return out


def _is_scare(text: str, open_at: int, raw: str) -> bool:
    """1-3 words that do not stand as a clause of their own ("does “not recommend” it")."""
    if len(raw.split()) > 3:
        return False
    before = text[:open_at].rstrip(" \t" + CLOSE + BOTH)
    starts_sentence = not before or before[-1] in SENT_END or before[-1] == "\n"
    return not (starts_sentence and raw.rstrip()[-1:] in CLAUSE_END)


def _quotes(text: str) -> list[_Quote]:
    out = []
    for para, open_at, close_at in _spans(text):
        inner_end = close_at - 1 if text[close_at - 1] in CLOSE + BOTH else close_at
        raw = text[open_at + 1:inner_end]
        body = raw.strip().rstrip(",").rstrip()
        if not body:
            continue
        start = open_at + 1 + (len(raw) - len(raw.lstrip()))
        if not _is_scare(text, open_at, raw):
            out.append(_Quote(start, start + len(body), open_at, close_at, para))
    return out


def _inside(bounds: list[tuple[int, int]], starts: list[int], at: int) -> bool:
    i = bisect_right(starts, at) - 1
    return i >= 0 and bounds[i][0] <= at < bounds[i][1]


def _speaker_token(verb: Token, inside) -> Token | None:
    """The subject of a speech verb, following the parse up through participles and conjuncts;
    for inverted attributions ("said X") a nominal after the verb."""
    v = verb
    for _ in range(4):
        for c in v.children:
            if c.dep_ in SUBJ and not inside(c.idx):
                if c.lower_ in ("who", "that", "which") and v.dep_ == "relcl":
                    return v.head
                return c
        if v.dep_ == "relcl":
            return v.head
        if v.dep_ not in UP or v.head is v:
            break
        v = v.head
    if verb.lemma_.lower() in NO_INVERSION:
        return None
    for c in verb.rights:
        if c.pos_ in ("PROPN", "NOUN", "PRON") and c.dep_ in ("dobj", "attr", "npadvmod", "appos"):
            return None if inside(c.idx) else c
    return None


def _according(tok: Token, inside) -> Token | None:
    if tok.lower_ != "according":
        return None
    for c in tok.children:
        if c.lower_ == "to":
            for o in c.children:
                if o.dep_ == "pobj" and not inside(o.idx):
                    return o
    return None


def _surface(tok: Token, inside) -> str:
    """The noun phrase up to its head ("the Turkish strongman"), outside any quote."""
    doc = tok.doc
    start = tok.left_edge.i
    while start < tok.i and (doc[start].is_punct or inside(doc[start].idx)):
        start += 1
    end = tok.i + 1
    while end < len(doc) and doc[end].dep_ in ("flat", "compound") and doc[end].head.i >= tok.i:
        end += 1
    return doc[start:end].text


def _nearest(q: _Quote, cands: list[_Attribution]) -> _Attribution | None:
    def dist(a: _Attribution) -> int:
        return q.open_at - a.at if a.at < q.open_at else max(0, a.at - q.close_at)
    return min(cands, key=dist, default=None)


def extract(doc: Doc, acts) -> list[dict[str, Any]]:
    """Direct quotations of `doc` with their speakers resolved by `acts` (a DocumentActors)."""
    text = doc.text
    quotes = _quotes(text)
    if not quotes:
        return []
    bounds = [(q.open_at, q.close_at) for q in quotes]
    starts = [b[0] for b in bounds]

    def inside(at: int) -> bool:
        return _inside(bounds, starts, at)

    say = load_frames().words.get("say", frozenset())
    para_starts = [m.start() for m in PARAGRAPH.finditer(text)]
    sent_starts: list[int] = []
    attributions: list[_Attribution] = []
    for si, sent in enumerate(doc.sents):
        sent_starts.append(sent.start_char)
        for tok in sent:
            if inside(tok.idx):
                continue
            if tok.pos_ == "VERB" and tok.lemma_.lower() in say:
                spk = _speaker_token(tok, inside)
            else:
                spk = _according(tok, inside)
                if spk is None:
                    continue
            para = bisect_right(para_starts, tok.idx) - 1
            attributions.append(_Attribution(tok.idx, si, para, spk))

    by_para: dict[int, list[_Attribution]] = {}
    for a in attributions:
        if a.speaker is not None:
            by_para.setdefault(a.para, []).append(a)

    out: list[dict[str, Any]] = []
    last_in_para: dict[int, dict[str, Any]] = {}
    for q in quotes:
        s_first = bisect_right(sent_starts, q.start) - 1
        s_last = bisect_right(sent_starts, max(q.end - 1, q.start)) - 1
        cands = by_para.get(q.para, [])
        same = [a for a in cands if s_first <= a.sent <= s_last]
        found = _nearest(q, same) or _nearest(q, cands)
        rec: dict[str, Any] = {"text": text[q.start:q.end], "start": q.start, "end": q.end,
                               "sentence_index": s_first, "speaker": None, "speaker_text": None}
        if found is not None:
            actor = acts.resolve(found.speaker)
            rec["speaker"] = actor.to_dict() if actor is not None else None
            rec["speaker_text"] = _surface(found.speaker, inside)
        elif not cands and q.para - 1 in last_in_para \
                and text[para_starts[q.para]] in OPEN + BOTH:
            prev = last_in_para[q.para - 1]
            rec["speaker"], rec["speaker_text"] = prev["speaker"], prev["speaker_text"]
        last_in_para[q.para] = rec
        out.append(rec)
    return out
