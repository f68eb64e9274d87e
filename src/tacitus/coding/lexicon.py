"""Event patterns as data: loading and matching lexicon entries against a trigger's features.

Entries live in `data/lexicon/NN_*.yaml` (one file per CAMEO root). Each entry names a trigger
lemma (`verb` or `noun`) and optional constraints (`obj`, `prep`, `prep_actor` (a preposition
whose object is a political actor), `prt`, `xcomp`, `ccomp`, `obj_actor`, `subj_ent` and `obj_ent`
(the named-entity labels of the doer and of the object, e.g. `person`)). The most specific
applicable entry wins; ties go to the entry listed first. An entry with `code: none` is a
no-event pattern: where it is the best match ("seize the opportunity", "fed up"), the trigger
codes nothing, neither by pattern nor by the learned layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import yaml

from ..codebook import codebook, data_path

KEYS = {"code", "verb", "noun", "obj", "prep", "prep_actor", "pobj", "prt", "xcomp", "ccomp",
        "obj_actor", "subj_ent", "obj_ent", "target", "note"}
# Constraints that hold when the trigger's feature set shares a word with the entry's set.
SET_CONSTRAINTS = ("obj", "prep", "prep_actor", "pobj", "prt", "xcomp", "subj_ent", "obj_ent")
DEFAULT_TARGET = ("obj", "iobj", "prep:against", "prep:on", "prep:at", "prep:to", "prep:with",
                  "prep:toward", "prep:towards", "prep:from", "prep:into", "prep:over",
                  "prep:between", "prep:among", "prep:by", "prep:of")
NO_EVENT = "none"  # the code of a no-event pattern


@dataclass(frozen=True)
class Entry:
    """One lexicon pattern."""

    code: str
    kind: str  # verb | noun
    lemma: str
    obj: frozenset[str] = frozenset()
    prep: frozenset[str] = frozenset()
    prep_actor: frozenset[str] = frozenset()
    pobj: frozenset[str] = frozenset()  # objects of the prepositions ("put under investigation")
    prt: frozenset[str] = frozenset()
    xcomp: frozenset[str] = frozenset()
    subj_ent: frozenset[str] = frozenset()  # entity label of the doer ("person")
    obj_ent: frozenset[str] = frozenset()  # entity label of the object
    ccomp: bool | None = None
    obj_actor: bool | None = None
    target: tuple[str, ...] = DEFAULT_TARGET
    rule: str = ""
    order: int = 0

    @property
    def is_event(self) -> bool:
        return self.code != NO_EVENT

    @property
    def specificity(self) -> int:
        return sum(bool(getattr(self, k)) for k in SET_CONSTRAINTS) + \
            (self.ccomp is not None) + (self.obj_actor is not None)


@dataclass
class Features:
    """What the matcher needs to know about a trigger token."""

    obj: set[str] = field(default_factory=set)  # lemmas of the object head (and its compounds)
    prep: set[str] = field(default_factory=set)
    prep_actor: set[str] = field(default_factory=set)  # prepositions whose object is an actor
    pobj: set[str] = field(default_factory=set)  # lemmas of the prepositions' objects
    prt: set[str] = field(default_factory=set)
    xcomp: set[str] = field(default_factory=set)
    subj_ent: set[str] = field(default_factory=set)
    obj_ent: set[str] = field(default_factory=set)
    ccomp: bool = False
    obj_actor: bool = False


class LexiconError(ValueError):
    pass


def _as_set(value) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        value = [value]
    return frozenset(str(v).lower() for v in value)


def _entries_from(name: str, rows: list[dict], start: int) -> list[Entry]:
    book = codebook()
    out = []
    for i, row in enumerate(rows or []):
        where = f"lexicon/{name} entry {i + 1}"
        if not isinstance(row, dict):
            raise LexiconError(f"{where}: expected a mapping, got {row!r}")
        unknown = set(row) - KEYS
        if unknown:
            raise LexiconError(f"{where}: unknown keys {sorted(unknown)}")
        code = str(row.get("code", ""))
        if code not in book and code != NO_EVENT:
            raise LexiconError(f"{where}: unknown CAMEO code {code!r}")
        kinds = [k for k in ("verb", "noun") if k in row]
        if len(kinds) != 1:
            raise LexiconError(f"{where}: needs exactly one of 'verb' or 'noun'")
        kind = kinds[0]
        target = tuple(row["target"]) if row.get("target") else DEFAULT_TARGET
        for lemma in _as_set(row[kind]):
            out.append(Entry(
                code=code, kind=kind, lemma=lemma, obj=_as_set(row.get("obj")),
                prep=_as_set(row.get("prep")), prep_actor=_as_set(row.get("prep_actor")),
                pobj=_as_set(row.get("pobj")),
                prt=_as_set(row.get("prt")),
                xcomp=_as_set(row.get("xcomp")), ccomp=row.get("ccomp"),
                subj_ent=_as_set(row.get("subj_ent")), obj_ent=_as_set(row.get("obj_ent")),
                obj_actor=row.get("obj_actor"), target=target,
                rule=f"lexicon:{name}#{i + 1}", order=start + len(out)))
    return out


class Lexicon:
    """Index of entries by (kind, lemma)."""

    def __init__(self, entries: list[Entry]):
        self.index: dict[tuple[str, str], list[Entry]] = {}
        for e in entries:
            self.index.setdefault((e.kind, e.lemma), []).append(e)
        for bucket in self.index.values():
            bucket.sort(key=lambda e: (-e.specificity, e.order))
        self.entries = entries
        self.wants_prep_actor = any(e.prep_actor for e in entries)
        self.subj_ent_lemmas = {e.lemma for e in entries if e.subj_ent}

    def has(self, kind: str, lemma: str) -> bool:
        return (kind, lemma) in self.index

    def match(self, kind: str, lemma: str, f: Features) -> Entry | None:
        """The most specific entry for this trigger whose constraints all hold, or None. The
        entry may be a no-event pattern (`Entry.is_event` false)."""
        for e in self.index.get((kind, lemma), ()):
            if any((need := getattr(e, k)) and not (need & getattr(f, k))
                   for k in SET_CONSTRAINTS):
                continue
            if e.ccomp is not None and e.ccomp != f.ccomp:
                continue
            if e.obj_actor is not None and e.obj_actor != f.obj_actor:
                continue
            return e
        return None


@cache
def load_lexicon() -> Lexicon:
    """Load every `data/lexicon/NN_*.yaml` file (cached)."""
    folder = data_path("lexicon")
    entries: list[Entry] = []
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".yaml") or not item.name[:2].isdigit():
            continue
        rows = yaml.safe_load(item.read_text(encoding="utf-8")) or []
        entries.extend(_entries_from(item.name, rows, len(entries)))
    return Lexicon(entries)


@dataclass(frozen=True)
class Frames:
    """Framing vocabularies from `data/lexicon/frames.yaml` and mood maps from `moods.yaml`."""

    words: dict[str, frozenset[str]]
    moods: dict[str, dict[str, str | None]]

    def is_(self, group: str, lemma: str) -> bool:
        return lemma in self.words.get(group, frozenset())

    def recode(self, mood: str, code: str) -> tuple[bool, str | None]:
        """Map an embedded code under a mood: (found, new code or None to keep it)."""
        table = self.moods.get(mood, {})
        for n in range(len(code), 1, -1):
            if code[:n] in table:
                return True, table[code[:n]]
        return False, None


@cache
def load_frames() -> Frames:
    folder = data_path("lexicon")
    words = yaml.safe_load((folder / "frames.yaml").read_text(encoding="utf-8"))
    moods = yaml.safe_load((folder / "moods.yaml").read_text(encoding="utf-8"))
    return Frames({k: _as_set(v) for k, v in words.items()},
                  {k: {str(c): (str(v) if v is not None else None) for c, v in t.items()}
                   for k, t in moods.items()})
