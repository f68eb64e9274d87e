"""Quantities around an event: percentages, money, counts of people and goods, prison terms.

A quantity is a run of number tokens ("1.5 billion", "three hundred and fifty", "a dozen")
with a unit taken from what surrounds it: a percent word, a currency sign or word, a prison
term ("35 years in prison"), the noun the number counts ("22 American-made products"), or a
casualty verb ("12 were killed"). Numbers without a unit, dates, years, numbers inside names
("F-35"), hyphenated modifiers ("two-state") and a lone spelled "one" are dropped.
Vocabularies are in data/units.yaml and data/numbers.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml
from spacy.tokens import Span, Token

from ..records import Quantity
from .syntax import VERBAL, governor

_NAME_LABELS = {"ORDINAL", "PRODUCT", "LAW", "ORG", "WORK_OF_ART", "FAC", "EVENT", "PERSON"}
_DATE_LABELS = {"DATE", "TIME"}
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_LINKS = {"and", "or", "to", ",", "-", "\u2013", "between", "nor"}
_CLAUSE_DEPS = {"conj", "parataxis"}


@cache
def _vocab() -> dict:
    root = resources.files("tacitus.data")
    units = yaml.safe_load(root.joinpath("units.yaml").read_text("utf-8"))
    numbers = yaml.safe_load(root.joinpath("numbers.yaml").read_text("utf-8"))
    return {**units, **numbers, "prison_after": set(units["prison_after"]),
            "prison_before": set(units["prison_before"]), "vague": set(numbers["vague"])}


def words_to_number(words: Sequence[str]) -> float | None:
    """Value of a number written in digits and/or words ("1.5 billion", "a dozen"); else None."""
    v = _vocab()
    total, current, seen = 0.0, 0.0, False
    for raw in words:
        w = raw.lower().replace(",", "") if _DIGITS.match(raw) else raw.lower()
        if w in ("and", "-", "a", "an"):
            continue
        if re.fullmatch(r"\d+(?:\.\d+)?", w):
            current += float(w)
        elif w in v["units"]:
            current += v["units"][w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in v["scales"] or w in v["money_scales"]:
            scale = v["scales"].get(w) or v["money_scales"][w]
            total += (current or 1) * scale
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


@dataclass
class _Group:
    start: int  # first token of the number (currency sign included)
    end: int  # one past the last number token
    tokens: list[Token]
    value: float | None
    unit: str | None = None
    unit_end: int | None = None  # one past the unit's last token, when the unit follows
    scaled: bool = False
    kind: str = "count"  # count | percent | money | prison


def extract(sent: Span, trigger: Token | None = None) -> list[Quantity]:
    """Quantities in `sent`; with a trigger, those of the trigger's clause first, others'
    clauses dropped."""
    groups = [g for g in _groups(sent) if _keep(g)]
    if trigger is not None:
        groups = _for_trigger(groups, trigger)
    doc = sent.doc
    out = []
    for g in groups:
        end = g.end
        if g.unit_end is not None and g.unit_end - g.end <= 4 and not any(
                _is_number(t) for t in doc[g.end:g.unit_end]):
            end = g.unit_end
        out.append(Quantity(text=doc[g.start:end].text, value=g.value, unit=g.unit))
    return out


def _is_number(tok: Token) -> bool:
    v = _vocab()
    low = tok.lower_
    if tok.ent_type_ == "ORDINAL":
        return False
    if _DIGITS.match(tok.text):
        return True
    return (low in v["units"] and low not in ("a", "an", "half", "couple")) or low in v["scales"]


def _groups(sent: Span) -> list[_Group]:
    v = _vocab()
    doc, toks, i, groups = sent.doc, list(sent), 0, []
    while i < len(toks):
        tok = toks[i]
        if not _is_number(tok):
            i += 1
            continue
        j = i + 1
        while j < len(toks):
            nxt = toks[j]
            if _is_number(nxt) and not _DIGITS.match(nxt.text) and not _DIGITS.match(
                    toks[j - 1].text) or nxt.lower_ in v["scales"]:
                j += 1
            elif (nxt.lower_ in ("-", "and") and j + 1 < len(toks) and _is_number(toks[j + 1])
                  and not _DIGITS.match(toks[j + 1].text)
                  and (nxt.lower_ == "-" or toks[j - 1].lower_ == "hundred")):
                j += 2
            else:
                break
        start = i
        if i > 0 and toks[i - 1].lower_ in ("a", "an") and tok.lower_ in (
                "dozen", "hundred", "thousand", "million", "billion", "couple"):
            start = i - 1
        num = toks[start:j]
        g = _Group(toks[start].i, toks[j - 1].i + 1, num, words_to_number([t.text for t in num]))
        g.scaled = num[-1].lower_ in v["scales"] and num[-1].lower_ != "hundred"
        groups.append(g)
        i = j
    for g in groups:
        _unit(g, doc, v)
    _share_units(groups, doc)
    by_token = {t.i: g for g in groups for t in g.tokens}
    for g in groups:  # "two or three vehicles": the conjoined number takes the first's unit
        root = g.tokens[-1]
        first = by_token.get(root.head.i) if root.dep_ == "conj" else None
        if g.unit is None and first is not None and first is not g:
            g.unit, g.kind = first.unit, first.kind
    return groups


def _unit(g: _Group, doc, v: dict) -> None:
    before = doc[g.start - 1] if g.start > 0 else None
    if before is not None and before.lower_ in v["currency_before"]:
        g.kind, g.unit, g.start = "money", v["currency_before"][before.lower_], before.i
    after = doc[g.end] if g.end < len(doc) else None
    if after is not None and g.kind == "money" and after.lower_ in v["money_scales"]:
        g.value = (g.value or 0) * v["money_scales"][after.lower_]
        g.end += 1
        after = doc[g.end] if g.end < len(doc) else None
    if after is None or g.value is None:
        return
    rest = doc[g.end:g.end + 2].text.lower()
    for word, unit in v["percent"].items():
        if rest == word or rest.startswith(word + " ") or after.lower_ == word:
            g.kind, g.unit, g.unit_end = "percent", unit, g.end + len(word.split())
            return
    if g.kind != "money" and after.lower_ in v["currency_after"]:
        g.kind, g.unit, g.unit_end = "money", v["currency_after"][after.lower_], g.end + 1
        return
    if g.kind == "money":
        return
    if _prison(g, doc, v) or after.text in ("-", "\u2013"):  # "two-state solution"
        return
    root = next((t for t in g.tokens if not g.start <= t.head.i < g.end), g.tokens[-1])
    head = root.head
    if root.dep_ in ("nummod", "quantmod", "compound") and head.i >= g.end and \
            head.pos_ in ("NOUN", "PROPN", "ADJ") and head.lower_ not in v["vague"]:
        g.unit, g.unit_end = head.lower_, head.i + 1
        if head.lower_ in v["percent"]:
            g.kind, g.unit = "percent", v["percent"][head.lower_]
        elif head.lower_ in v["currency_after"]:
            g.kind, g.unit = "money", v["currency_after"][head.lower_]
    elif root.dep_ in ("nsubj", "nsubjpass", "dobj") and head.lemma_ in v["casualty_verbs"]:
        g.unit = v["casualty_verbs"][head.lemma_]


def _prison(g: _Group, doc, v: dict) -> bool:
    """'35 years in prison', 'sentenced to 10 years', 'a 10-year prison term'."""
    k = g.end + (1 if doc[g.end].text == "-" else 0)
    if k >= len(doc) or doc[k].lower_ not in v["prison_units"]:
        return False
    after = {t.lemma_.lower() for t in doc[k + 1:k + 4]}
    before = {t.lemma_.lower() for t in doc[max(0, g.start - 4):g.start]}
    if after & v["prison_after"] or before & v["prison_before"]:
        g.kind, g.unit_end = "prison", k + 1
        g.unit = f"{v['prison_units'][doc[k].lower_]} in prison"
        return True
    return False


def _share_units(groups: list[_Group], doc) -> None:
    """'50 and 20 percent', 'between 2 and 3 million dollars': the last unit covers the list."""
    for a, b in zip(reversed(groups[:-1]), reversed(groups[1:]), strict=True):
        if a.unit is not None or b.unit is None or b.kind == "count" and b.unit_end is None:
            continue
        between = doc[a.end:b.start]
        if len(between) > 2 or any(t.lower_ not in _LINKS for t in between):
            continue
        a.unit, a.kind = b.unit, b.kind
        if b.scaled and not a.scaled and b.tokens[-1].lower_ in _vocab()["scales"]:
            a.value = (a.value or 0) * _vocab()["scales"][b.tokens[-1].lower_]


def _keep(g: _Group) -> bool:
    if g.value is None or g.unit is None:
        return False
    if g.kind in ("money", "percent"):
        return True
    if g.kind == "prison":
        return True
    if len(g.tokens) == 1 and g.tokens[0].lower_ == "one":  # "one thing", "one moment"
        return False
    labels = {t.ent_type_ for t in g.tokens}
    if labels & (_DATE_LABELS | _NAME_LABELS):
        return False
    if len(g.tokens) == 1 and _YEAR.match(g.tokens[0].text) and g.tokens[0].dep_ != "nummod":
        return False
    return True


def _for_trigger(groups: list[_Group], trigger: Token) -> list[_Group]:
    """Rank by clause: the trigger's own clause, then its subtree, then verbless context;
    quantities governed by another clause are dropped."""
    head = trigger if trigger.pos_ in VERBAL else governor(trigger)
    others = [c for c in head.children if c.dep_ in _CLAUSE_DEPS and c.pos_ in VERBAL]
    ranked = []
    for g in groups:
        tok = g.tokens[-1]
        if any(c.i == tok.i or c.is_ancestor(tok) for c in others):
            continue
        gov = governor(tok)
        if gov.i == head.i:
            ranked.append((0, g.start, g))
        elif head.is_ancestor(tok) or trigger.is_ancestor(tok):
            ranked.append((1, g.start, g))
        elif gov.pos_ not in VERBAL:
            ranked.append((2, g.start, g))
    return [g for _, _, g in sorted(ranked, key=lambda r: (r[0], r[1]))]
