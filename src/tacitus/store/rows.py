"""Turn records into table rows and back; no database here."""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from typing import Any

_ACTOR_SIDE = ("code", "country", "name", "text")


def text_hash(text: str) -> str:
    """SHA-256 of the document text, hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def event_row(d: dict[str, Any]) -> list[Any]:
    """Flatten one `Event.to_dict()` record into the values of `schema.EVENT_COLUMNS`."""
    row: list[Any] = [d["doc_id"], d["sentence_index"], d["sentence"], d.get("date"),
                      d.get("date_precision")]
    for side in ("source", "target"):
        actor = d.get(side) or {}
        row += [actor.get(k) for k in _ACTOR_SIDE]
        row.append(list(actor.get("sectors") or []) if actor else None)
    plover = d.get("plover") or {}
    trigger = d.get("trigger") or {}
    location = d.get("location")
    row += [d["cameo"], d.get("cameo_root"), d.get("cameo_name"), d.get("quad_class"),
            d.get("goldstein"), plover.get("event"), plover.get("mode"), plover.get("context"),
            d.get("negated"), d.get("modality"), trigger.get("text"), trigger.get("start"),
            trigger.get("end"), json.dumps(location) if location is not None else None,
            json.dumps(d.get("quantities") or []), d.get("confidence"), d.get("rule"),
            d.get("num_mentions"), d.get("tone"), json.dumps(d, ensure_ascii=False)]
    return row


def quote_row(doc_id: str, q: dict[str, Any]) -> list[Any]:
    """Flatten one quote dict (text, speaker, sentence_index, start, end) into QUOTE_COLUMNS."""
    text = q.get("text")
    if not isinstance(text, str) or not text:
        raise ValueError(f"a quote of document {doc_id!r} has no text: {q!r}")
    speaker = q.get("speaker") or {}
    sectors = list(speaker.get("sectors") or []) if speaker else None
    return [doc_id, q.get("sentence_index"), text, speaker.get("text"), speaker.get("name"),
            speaker.get("code"), speaker.get("country"), sectors, q.get("start"), q.get("end")]


def quote_dict(row: tuple[Any, ...] | list[Any]) -> dict[str, Any]:
    """A quote dict (doc_id, sentence_index, text, speaker, start, end) from a row of
    `schema.QUOTE_COLUMNS`, the inverse of `quote_row`."""
    doc_id, index, text, s_text, s_name, s_code, s_country, s_sectors, start, end = row
    speaker = None
    if s_code or s_name:
        speaker = {"text": s_text, "name": s_name, "code": s_code, "country": s_country,
                   "sectors": list(s_sectors or [])}
    return {"doc_id": doc_id, "sentence_index": index, "text": text, "speaker": speaker,
            "start": start, "end": end}


def _members(actor: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The actors an event side stands for: each member of a compound ("X and Y"), or itself."""
    if not actor:
        return []
    members = [m for m in actor.get("members") or [] if m]
    return members or [actor]


def actor_rows(doc_id: str, records: list[dict[str, Any]], doc_date: str | None,
               ) -> list[list[Any]]:
    """`schema.EVENT_ACTOR_COLUMNS` rows of the records' actors: one per member of a compound.

    An actor is seen on the event date, or on `doc_date` when the event has none.
    """
    rows: list[list[Any]] = []
    for d in records:
        day = d.get("date") or doc_date
        for side in ("source", "target"):
            for actor in _members(d.get(side)):
                if actor.get("code"):
                    rows.append([doc_id, actor.get("name") or "", actor["code"],
                                 actor.get("country"), list(actor.get("sectors") or []) or None,
                                 day])
    return rows


def actor_counts(rows: list[list[Any]], out: dict[tuple[str, str], list[Any]] | None = None,
                 ) -> dict[tuple[str, str], list[Any]]:
    """(name, code) -> [country, sectors, count, first seen, last seen] over `actor_rows`."""
    out = {} if out is None else out
    for _doc, name, code, country, sectors, day in rows:
        agg = out.setdefault((name, code), [None, None, 0, day, day])
        agg[0] = agg[0] or country
        agg[1] = agg[1] or sectors
        agg[2] += 1
        if day is not None:
            agg[3] = min(agg[3], day) if agg[3] else day
            agg[4] = max(agg[4], day) if agg[4] else day
    return out


# Sources that are streams, not files: standard input, and `POST /api/ingest` of `tacitus serve`.
STREAMS = ("stdin", "api")


def origin(source: str | None) -> str | None:
    """Where a document came from, spelt one way: a file's real path (so `a.txt` and `./a.txt`
    are one source); streams (`STREAMS`) and unknown sources stay as they are."""
    if not source or source in STREAMS or not os.path.exists(source):
        return source
    return os.path.realpath(source)


_UNDECOMPOSED = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th",
                               "ß": "ss", "æ": "ae", "œ": "oe", "ħ": "h"})


def fold(text: str) -> str:
    """Lower case without accents, for matching names as people type them: "Erdoğan" and
    "erdogan" fold alike."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_UNDECOMPOSED))
    return "".join(c for c in text if not unicodedata.combining(c))


def load_json(value: Any) -> Any:
    """A JSON column's value: DuckDB gives text, PostgreSQL gives it parsed."""
    return json.loads(value) if isinstance(value, str) else value


def cameo_root(code: str) -> str:
    """The two-digit CAMEO root of a code or root ("16", "163", "5" -> "05")."""
    code = code.strip()
    return code.zfill(2) if len(code) < 2 else code[:2]
