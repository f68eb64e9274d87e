"""CAMEO codebook: names, Goldstein scores, QuadClass and the CAMEO-to-PLOVER table.

Data files live in `tacitus/data` and keep their sources noted in `data/SOURCES.md`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

# CAMEO roots to QuadClass, as GDELT defines it.
_QUAD = {**{f"{r:02d}": 1 for r in (1, 2, 3, 4, 5)}, **{f"{r:02d}": 2 for r in (6, 7, 8)},
         **{f"{r:02d}": 3 for r in (9, 10, 11, 12, 13, 14, 15, 16)},
         **{f"{r:02d}": 4 for r in (17, 18, 19, 20)}}


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    root: str
    goldstein: float
    quad_class: int
    plover_event: str | None
    plover_mode: str | None
    plover_context: str | None


def data_path(name: str):
    """Path-like handle to a bundled data file."""
    return resources.files("tacitus") / "data" / name


def word_list(name: str) -> list[str]:
    """The words of a bundled list, one a line (`#` starts a comment line), in lower case."""
    with data_path(name).open(encoding="utf-8") as fh:
        return [w.strip().lower() for w in fh if w.strip() and not w.lstrip().startswith("#")]


def _read_tsv(name: str) -> dict[str, str]:
    with data_path(name).open(encoding="utf-8") as fh:
        rows = csv.reader(fh, delimiter="\t")
        next(rows)
        return {r[0].strip(): r[1].strip() for r in rows if len(r) >= 2}


def _read_plover() -> dict[str, tuple[str | None, str | None, str | None]]:
    table: dict[str, tuple[str | None, str | None, str | None]] = {}
    for line in data_path("cameo2plover_2021.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if ":" not in line or "," not in line:
            continue
        code, rest = line.split(":", 1)
        parts = [p.strip() or None for p in rest.split(",")]
        parts += [None] * (3 - len(parts))
        table.setdefault(code.strip(), (parts[0], parts[1], parts[2]))
    # Where the PLOVER manual's definitions contradict the table, the manual wins (each
    # override names its passage in the file).
    with data_path("plover_overrides.tsv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            table[r["cameo"]] = (r["plover_event"] or None, r["plover_mode"] or None,
                                 r["plover_context"] or None)
    return table


def _plover_for(code: str, table) -> tuple[str | None, str | None, str | None]:
    # Most specific entry first: the code, its 3-digit base, then the root's generic x0 code.
    for key in (code, code[:3], code[:2] + "0"):
        if key in table:
            return table[key]
    if code.startswith("02"):
        # PLOVER drops CAMEO's APPEAL; its REQUEST covers all requests (manual, REQUEST section).
        return ("REQUEST", None, None)
    return (None, None, None)


@cache
def codebook() -> dict[str, CameoCode]:
    """All CAMEO event codes keyed by code string ("163", "0874")."""
    names = _read_tsv("cameo_eventcodes.tsv")
    gold = _read_tsv("cameo_goldstein.tsv")
    plover = _read_plover()
    out = {}
    for code, name in names.items():
        root = code[:2]
        g = gold.get(code) or gold.get(code[:3]) or gold.get(root) or "0"
        pe, pm, pc = _plover_for(code, plover)
        out[code] = CameoCode(code, name, root, float(g), _QUAD.get(root, 1), pe, pm, pc)
    return out


def lookup(code: str) -> CameoCode:
    """Return the codebook entry for `code`, raising KeyError with a clear message."""
    try:
        return codebook()[code]
    except KeyError:
        raise KeyError(f"unknown CAMEO code {code!r}") from None
