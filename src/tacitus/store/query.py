"""`EventQuery`: the event filters the API and dashboard share, turned into SQL WHERE clauses.

No database here: `where()` gives clauses with `?` placeholders that DuckDB and PostgreSQL both
accept. Every bad value raises `ValueError` with a message that says what to send instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

MODALITIES = ("asserted", "reported", "intended", "hypothetical")
SORTS = {"date": "e.date", "goldstein": "e.goldstein", "confidence": "e.confidence",
         "cameo": "e.cameo", "quad_class": "e.quad_class", "stored": "e.seq"}
INTERVALS = ("day", "week", "month")

# The side of an event a dyad or network node stands for: the country, else the actor code.
SOURCE_KEY = "coalesce(e.source_country, e.source_code)"
TARGET_KEY = "coalesce(e.target_country, e.target_code)"

_CODE = re.compile(r"^[A-Z0-9]{2,15}$")
_CAMEO = re.compile(r"^\d{2,4}$")
_PLOVER = re.compile(r"^[A-Z_]{3,20}$")


def _actor_code(value: str, what: str) -> str:
    code = value.strip().upper()
    if not _CODE.match(code):
        raise ValueError(f"{what} {value!r} is not an actor: give an ISO3 country or a CAMEO "
                         "actor code of 2-15 letters or digits, e.g. USA or TURGOV")
    return code


def parse_dyad(value: str) -> tuple[str, str]:
    """'USA-TUR' -> ('USA', 'TUR'); ValueError with a hint otherwise."""
    parts = value.split("-")
    if len(parts) != 2 or not all(p.strip() for p in parts):
        raise ValueError(f"dyad {value!r} must be two actors joined by '-', e.g. USA-TUR")
    return _actor_code(parts[0], "dyad side"), _actor_code(parts[1], "dyad side")


def _iso_date(value: str, what: str) -> str:
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ValueError(f"{what} {value!r} is not a date; use YYYY-MM-DD, e.g. 2021-06-01") \
            from None


def like_words(text: str) -> list[str]:
    """LIKE patterns, one per word of `text`, lower case, wildcards escaped."""
    out = []
    for word in text.lower().split():
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        out.append(f"%{escaped}%")
    return out


def _side(prefix: str) -> str:
    return f"(e.{prefix}_country = ? OR e.{prefix}_code = ?)"


@dataclass(frozen=True)
class EventQuery:
    """Filters on stored events; every field is optional and they combine with AND.

    `actor`: a country or actor code on either side. `dyad`: "A-B"; with `directed` only A acting
    on B, otherwise either direction. `root`: CAMEO root ("14"); `cameo`: a CAMEO code or its
    start ("14", "141"). `text`: words that must all appear in the sentence, any case.
    """

    actor: str | None = None
    dyad: str | None = None
    directed: bool = True
    root: str | None = None
    cameo: str | None = None
    plover: str | None = None
    quad_class: int | None = None
    modality: str | None = None
    since: str | None = None
    until: str | None = None
    text: str | None = None
    doc_id: str | None = None

    def dyad_sides(self) -> tuple[str, str] | None:
        return parse_dyad(self.dyad) if self.dyad else None

    def where(self) -> tuple[list[str], list[Any]]:
        """WHERE clauses on `events e` and their parameters; ValueError for a bad filter."""
        where: list[str] = []
        params: list[Any] = []
        if self.actor:
            code = _actor_code(self.actor, "actor")
            where.append(f"({_side('source')} OR {_side('target')})")
            params += [code] * 4
        sides = self.dyad_sides()
        if sides:
            a, b = sides
            one = f"({_side('source')} AND {_side('target')})"
            if self.directed:
                where.append(one)
                params += [a, a, b, b]
            else:
                where.append(f"({one} OR {one})")
                params += [a, a, b, b, b, b, a, a]
        if self.root:
            root = self.root.strip()
            if not root.isdigit() or not 1 <= int(root) <= 20 or len(root) > 2:
                raise ValueError(f"root {self.root!r} is not a CAMEO root; use 01 to 20")
            where.append("e.cameo_root = ?")
            params.append(root.zfill(2))
        if self.cameo:
            cameo = self.cameo.strip()
            if not _CAMEO.match(cameo):
                raise ValueError(f"cameo {self.cameo!r} is not a CAMEO code; use 2-4 digits, "
                                 "e.g. 14 or 141")
            where.append("e.cameo LIKE ?")
            params.append(cameo + "%")
        if self.plover:
            plover = self.plover.strip().upper()
            if not _PLOVER.match(plover):
                raise ValueError(f"plover {self.plover!r} is not a PLOVER event type; use e.g. "
                                 "PROTEST or SANCTION")
            where.append("e.plover_event = ?")
            params.append(plover)
        if self.quad_class is not None:
            if self.quad_class not in (1, 2, 3, 4):
                raise ValueError(f"quad_class {self.quad_class} must be 1 (verbal cooperation), "
                                 "2 (material cooperation), 3 (verbal conflict) or 4 "
                                 "(material conflict)")
            where.append("e.quad_class = ?")
            params.append(self.quad_class)
        if self.modality:
            if self.modality not in MODALITIES:
                raise ValueError(f"modality {self.modality!r}: use one of {', '.join(MODALITIES)}")
            where.append("e.modality = ?")
            params.append(self.modality)
        since = _iso_date(self.since, "since") if self.since else None
        until = _iso_date(self.until, "until") if self.until else None
        if since:
            where.append("e.date >= ?")
            params.append(since)
        if until:
            where.append("e.date <= ?")
            params.append(until)
        for pattern in like_words(self.text or ""):
            where.append("lower(e.sentence) LIKE ? ESCAPE '\\'")
            params.append(pattern)
        if self.doc_id:
            where.append("e.doc_id = ?")
            params.append(self.doc_id)
        return where, params


def sql_where(where: list[str], extra: list[str] | None = None) -> str:
    """' WHERE a AND b' (or '') for clauses plus `extra` ones."""
    clauses = [*where, *(extra or [])]
    return " WHERE " + " AND ".join(clauses) if clauses else ""
