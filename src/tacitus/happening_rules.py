"""The rules that decide when events of different documents are one happening: read from
`data/happenings.yaml` (or a user's file, or a store's `meta`), checked, with clear messages."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

import yaml

from tacitus.codebook import data_path

MATCHES = ("root", "base", "code", "plover")
SIDES = ("country", "code")
PLACES = ("contained", "exact")
PRECISIONS = ("day", "month", "year")
MODALITIES = ("asserted", "reported", "intended", "hypothetical")
ROOTS = tuple(f"{r:02d}" for r in range(1, 21))

# Number rules: kind, least and greatest value.
_NUMBERS: dict[str, tuple[type, float, float]] = {
    "window_days": (int, 0, 366), "report_window_days": (int, 0, 3660),
    "min_shared_words": (int, 0, 1000), "min_word_overlap": (float, 0, 1),
    "statement_min_word_overlap": (float, 0, 1),
}
_CHOICES = {"match": MATCHES, "sides": SIDES, "place": PLACES}


@dataclass(frozen=True)
class Rules:
    """When two events of different documents are one happening (see data/happenings.yaml)."""

    window_days: int
    report_window_days: int
    match: str
    sides: str
    precisions: tuple[str, ...]
    place: str
    modality_groups: tuple[tuple[str, ...], ...]
    min_shared_words: int
    min_word_overlap: float
    statement_roots: tuple[str, ...]
    statement_min_word_overlap: float

    @classmethod
    def defaults(cls) -> Rules:
        """The bundled rules (`data/happenings.yaml`)."""
        with data_path("happenings.yaml").open(encoding="utf-8") as fh:
            return cls.from_dict(yaml.safe_load(fh), "data/happenings.yaml")

    @classmethod
    def from_file(cls, path: str) -> Rules:
        """Rules from a YAML file in the format of `data/happenings.yaml`; the bundled values
        fill what it leaves out. ValueError says what is wrong."""
        try:
            with open(path, encoding="utf-8") as fh:
                given = yaml.safe_load(fh)
        except (OSError, yaml.YAMLError) as exc:
            raise ValueError(f"cannot read happening rules from {path}: {exc}") from None
        if given is not None and not isinstance(given, dict):
            raise ValueError(f"{path}: happening rules must be a mapping of names to values, "
                             "as in data/happenings.yaml")
        return cls.from_dict({**asdict(cls.defaults()), **(given or {})}, path)

    @classmethod
    def from_json(cls, text: str, where: str) -> Rules:
        """Rules a store saved; a rule added since takes its bundled value."""
        return cls.from_dict({**asdict(cls.defaults()), **json.loads(text)}, where)

    @classmethod
    def from_dict(cls, d: dict[str, Any], where: str) -> Rules:
        """Checked rules; ValueError naming `where` and the bad value otherwise."""
        known = set(cls.__dataclass_fields__)
        unknown, missing = sorted(set(d) - known), sorted(known - set(d))
        if unknown:
            raise ValueError(f"{where}: unknown happening rule(s) {', '.join(unknown)}; "
                             f"the rules are {', '.join(sorted(known))}")
        if missing:
            raise ValueError(f"{where}: missing happening rule(s) {', '.join(missing)}")
        values = {name: _number(name, d[name], where) for name in _NUMBERS}
        for name, allowed in _CHOICES.items():
            if d[name] not in allowed:
                raise ValueError(f"{where}: {name} {d[name]!r} must be one of "
                                 f"{', '.join(allowed)}")
            values[name] = d[name]
        values["precisions"] = _names(d["precisions"], PRECISIONS, "precisions", where)
        values["statement_roots"] = _names(
            [str(r).zfill(2) for r in d["statement_roots"]]
            if isinstance(d["statement_roots"], list | tuple) else d["statement_roots"],
            ROOTS, "statement_roots", where)
        groups = d["modality_groups"]
        if not isinstance(groups, list | tuple):
            raise ValueError(f"{where}: modality_groups must be a list of lists of modalities")
        values["modality_groups"] = tuple(_names(g, MODALITIES, "modality_groups", where)
                                          for g in groups)
        seen = [m for g in values["modality_groups"] for m in g]
        if len(seen) != len(set(seen)):
            raise ValueError(f"{where}: a modality is in more than one of modality_groups")
        return cls(**values)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    def changed(self, **changes: Any) -> Rules:
        """These rules with some values changed (None leaves a value), checked."""
        wanted = {k: v for k, v in changes.items() if v is not None}
        return Rules.from_dict(asdict(replace(self, **wanted)), "the given rules")


def _number(name: str, value: Any, where: str) -> int | float:
    kind, low, high = _NUMBERS[name]
    ok = not isinstance(value, bool) and isinstance(value, int if kind is int else int | float)
    if not ok or not low <= value <= high:
        what = "a whole number" if kind is int else "a number"
        raise ValueError(f"{where}: {name} {value!r} must be {what} from {low:g} to {high:g}")
    return kind(value)


def _names(value: Any, allowed: Sequence[str], what: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(v in allowed for v in value):
        raise ValueError(f"{where}: {what} {value!r} must be a list of {', '.join(allowed)}")
    return tuple(value)
