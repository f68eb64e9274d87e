"""DuckDB implementation of `Store`: one file, flat event columns plus the full JSON record."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from tacitus.codebook import codebook
from tacitus.records import Document, Event
from tacitus.store.base import Store, StoreError, StoreLockedError

SCHEMA_VERSION = 1

_ACTOR_SIDE = ("code", "country", "name", "text", "sectors")

# Flat event columns in insert order, with their DuckDB types.
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("doc_id", "VARCHAR NOT NULL"), ("sentence_index", "INTEGER"), ("sentence", "VARCHAR"),
    ("date", "VARCHAR"), ("date_precision", "VARCHAR"),
    ("source_code", "VARCHAR"), ("source_country", "VARCHAR"), ("source_name", "VARCHAR"),
    ("source_text", "VARCHAR"), ("source_sectors", "VARCHAR[]"),
    ("target_code", "VARCHAR"), ("target_country", "VARCHAR"), ("target_name", "VARCHAR"),
    ("target_text", "VARCHAR"), ("target_sectors", "VARCHAR[]"),
    ("cameo", "VARCHAR NOT NULL"), ("cameo_root", "VARCHAR"), ("cameo_name", "VARCHAR"),
    ("quad_class", "INTEGER"), ("goldstein", "DOUBLE"),
    ("plover_event", "VARCHAR"), ("plover_mode", "VARCHAR"), ("plover_context", "VARCHAR"),
    ("negated", "BOOLEAN"), ("modality", "VARCHAR"),
    ("trigger_text", "VARCHAR"), ("trigger_start", "INTEGER"), ("trigger_end", "INTEGER"),
    ("location", "JSON"), ("quantities", "JSON"), ("confidence", "DOUBLE"), ("rule", "VARCHAR"),
    ("num_mentions", "INTEGER"), ("tone", "DOUBLE"), ("record", "JSON NOT NULL"),
)

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key VARCHAR, value VARCHAR);
CREATE SEQUENCE IF NOT EXISTS doc_seq;
CREATE SEQUENCE IF NOT EXISTS event_seq;
CREATE TABLE IF NOT EXISTS documents (
    seq BIGINT DEFAULT nextval('doc_seq'), id VARCHAR NOT NULL, title VARCHAR, date VARCHAR,
    url VARCHAR, source VARCHAR, text_hash VARCHAR NOT NULL, n_sentences INTEGER, tone DOUBLE,
    ingested_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS events (
    seq BIGINT DEFAULT nextval('event_seq'),
    {", ".join(f"{name} {kind}" for name, kind in EVENT_COLUMNS)});
CREATE TABLE IF NOT EXISTS actors (
    code VARCHAR NOT NULL, name VARCHAR NOT NULL, country VARCHAR, n_events BIGINT,
    first_date VARCHAR, last_date VARCHAR, PRIMARY KEY (code, name));
CREATE INDEX IF NOT EXISTS documents_id ON documents (id);
CREATE INDEX IF NOT EXISTS events_doc ON events (doc_id);
"""

# Actor rows recomputed from the events table, for the (code, name) keys in `actor_keys`.
_ACTOR_AGG = """
SELECT s.code, coalesce(s.name, ''), max(s.country), count(*), min(s.date), max(s.date) FROM (
    SELECT source_code AS code, source_name AS name, source_country AS country, date FROM events
    UNION ALL
    SELECT target_code, target_name, target_country, date FROM events
) s JOIN actor_keys k ON s.code = k.code AND coalesce(s.name, '') = k.name
GROUP BY s.code, coalesce(s.name, '')
"""


def text_hash(text: str) -> str:
    """SHA-256 of the document text, hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _event_row(d: dict[str, Any]) -> list[Any]:
    """Flatten one `Event.to_dict()` record into the values of EVENT_COLUMNS."""
    row: list[Any] = [d["doc_id"], d["sentence_index"], d["sentence"], d.get("date"),
                      d.get("date_precision")]
    for side in ("source", "target"):
        actor = d.get(side) or {}
        row += [actor.get(k) for k in _ACTOR_SIDE[:4]]
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


def _actor_counts(records: list[dict[str, Any]]) -> dict[tuple[str, str], list[Any]]:
    """(code, name) -> [country, count, first date, last date] over the records' actors."""
    out: dict[tuple[str, str], list[Any]] = {}
    for d in records:
        date = d.get("date")
        for side in ("source", "target"):
            actor = d.get(side)
            if not actor or not actor.get("code"):
                continue
            key = (actor["code"], actor.get("name") or "")
            agg = out.setdefault(key, [actor.get("country"), 0, date, date])
            agg[0] = agg[0] or actor.get("country")
            agg[1] += 1
            if date is not None:
                agg[2] = min(agg[2], date) if agg[2] else date
                agg[3] = max(agg[3], date) if agg[3] else date
    return out


def _values(n_rows: int, n_cols: int) -> str:
    row = "(" + ", ".join(["?"] * n_cols) + ")"
    return ", ".join([row] * n_rows)


def _root(code: str) -> str:
    code = code.strip()
    return code.zfill(2) if len(code) < 2 else code[:2]


class DuckDBStore(Store):
    """A `Store` in one DuckDB file (`:memory:` for a throwaway store)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con: duckdb.DuckDBPyConnection | None = duckdb.connect(self.path)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreLockedError(
                    f"the database file {self.path} is in use by another process; close that "
                    f"process (or wait for it to finish) or choose another database file. "
                    f"DuckDB said: {exc}") from exc
            raise StoreError(f"cannot open the database file {self.path}: {exc}") from exc
        self._init_schema()

    # -- setup ---------------------------------------------------------------------------------

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            raise StoreError(f"the store {self.path} is closed")
        return self._con

    def _init_schema(self) -> None:
        con = self.con
        con.begin()
        try:
            con.execute(_SCHEMA)
            row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                con.execute("INSERT INTO meta VALUES ('schema_version', ?)",
                            [str(SCHEMA_VERSION)])
            con.commit()
        except BaseException:
            con.rollback()
            raise
        if row is not None and row[0] != str(SCHEMA_VERSION):
            found = row[0]
            self.close()
            raise StoreError(
                f"{self.path} has schema version {found}, this version of tacitus reads "
                f"version {SCHEMA_VERSION}; use a new database file or re-code the documents")

    # -- writing -------------------------------------------------------------------------------

    def add(self, document: Document, events: Iterable[Event],
            n_sentences: int | None = None, tone: float | None = None) -> bool:
        digest = text_hash(document.text)
        con = self.con
        found = con.execute("SELECT text_hash FROM documents WHERE id = ?",
                            [document.id]).fetchall()
        if found and found[0][0] == digest:
            return False
        records = [e.to_dict() for e in events]
        doc_values = [document.title, document.date, document.url, document.source, digest,
                      n_sentences, tone, datetime.now(UTC).replace(tzinfo=None)]
        con.begin()
        try:
            if found:
                self._drop_events(document.id)
                con.execute("UPDATE documents SET title = ?, date = ?, url = ?, source = ?, "
                            "text_hash = ?, n_sentences = ?, tone = ?, ingested_at = ? "
                            "WHERE id = ?", [*doc_values, document.id])
            else:
                con.execute("INSERT INTO documents (id, title, date, url, source, text_hash, "
                            "n_sentences, tone, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [document.id, *doc_values])
            self._insert_events(records)
            self._merge_actors(_actor_counts(records))
            con.commit()
        except BaseException:
            con.rollback()
            raise
        return True

    def _insert_events(self, records: list[dict[str, Any]], chunk: int = 200) -> None:
        names = ", ".join(name for name, _ in EVENT_COLUMNS)
        for i in range(0, len(records), chunk):
            part = records[i:i + chunk]
            params = [v for d in part for v in _event_row(d)]
            self.con.execute(f"INSERT INTO events ({names}) VALUES "
                             f"{_values(len(part), len(EVENT_COLUMNS))}", params)

    def _drop_events(self, doc_id: str) -> None:
        """Delete a document's events and recompute the actor rows they touched."""
        con = self.con
        keys = con.execute(
            "SELECT DISTINCT code, coalesce(name, '') FROM ("
            "SELECT source_code AS code, source_name AS name FROM events WHERE doc_id = ? "
            "UNION ALL SELECT target_code, target_name FROM events WHERE doc_id = ?) "
            "WHERE code IS NOT NULL", [doc_id, doc_id]).fetchall()
        con.execute("DELETE FROM events WHERE doc_id = ?", [doc_id])
        if not keys:
            return
        con.execute("CREATE OR REPLACE TEMP TABLE actor_keys (code VARCHAR, name VARCHAR)")
        con.execute(f"INSERT INTO actor_keys VALUES {_values(len(keys), 2)}",
                    [v for k in keys for v in k])
        con.execute("DELETE FROM actors a USING actor_keys k "
                    "WHERE a.code = k.code AND a.name = k.name")
        con.execute(f"INSERT INTO actors {_ACTOR_AGG}")
        con.execute("DROP TABLE actor_keys")

    def _merge_actors(self, counts: dict[tuple[str, str], list[Any]]) -> None:
        """Add new events' actor counts and date ranges to the actors table."""
        if not counts:
            return
        rows = [[code, name, *agg] for (code, name), agg in counts.items()]
        self.con.execute(
            f"INSERT INTO actors VALUES {_values(len(rows), 6)} ON CONFLICT (code, name) "
            "DO UPDATE SET country = coalesce(actors.country, excluded.country), "
            "n_events = actors.n_events + excluded.n_events, "
            "first_date = least(actors.first_date, excluded.first_date), "
            "last_date = greatest(actors.last_date, excluded.last_date)",
            [x for r in rows for x in r])

    # -- reading -------------------------------------------------------------------------------

    def events(self, actor: str | None = None, dyad: str | None = None, root: str | None = None,
               since: str | None = None, until: str | None = None, doc_id: str | None = None,
               limit: int | None = None) -> Iterator[dict[str, Any]]:
        where, params = [], []
        if actor:
            where.append("(e.source_country = ? OR e.target_country = ? "
                         "OR e.source_code = ? OR e.target_code = ?)")
            params += [actor.upper()] * 4
        if dyad:
            if "-" not in dyad:
                raise ValueError(f"dyad must look like SOURCE-TARGET (e.g. USA-TUR), not {dyad!r}")
            src, tgt = (p.strip().upper() for p in dyad.split("-", 1))
            where.append("(e.source_country = ? OR e.source_code = ?) "
                         "AND (e.target_country = ? OR e.target_code = ?)")
            params += [src, src, tgt, tgt]
        if root:
            where.append("e.cameo_root = ?")
            params.append(_root(root))
        if since:
            where.append("e.date >= ?")
            params.append(since)
        if until:
            where.append("e.date <= ?")
            params.append(until)
        if doc_id:
            where.append("e.doc_id = ?")
            params.append(doc_id)
        sql = ("SELECT e.record, d.url FROM events e JOIN documents d ON d.id = e.doc_id"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY e.seq")
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return self._stream(sql, params)

    def _stream(self, sql: str, params: list[Any]) -> Iterator[dict[str, Any]]:
        cur = self.con.cursor()
        try:
            cur.execute(sql, params)
            while batch := cur.fetchmany(1000):
                for record, url in batch:
                    d = json.loads(record)
                    d["url"] = url
                    yield d
        finally:
            cur.close()

    def documents(self) -> Iterator[dict[str, Any]]:
        cur = self.con.cursor()
        try:
            cur.execute(
                "SELECT d.id, d.title, d.date, d.url, d.source, d.text_hash, d.n_sentences, "
                "d.tone, d.ingested_at, (SELECT count(*) FROM events e WHERE e.doc_id = d.id) "
                "FROM documents d ORDER BY d.seq")
            names = [c[0] for c in cur.description or []]
            names[-1] = "n_events"
            while batch := cur.fetchmany(1000):
                for row in batch:
                    d = dict(zip(names, row, strict=True))
                    if d["ingested_at"] is not None:
                        d["ingested_at"] = d["ingested_at"].isoformat(timespec="seconds")
                    yield d
        finally:
            cur.close()

    def actors(self) -> list[dict[str, Any]]:
        """The actors table, most frequent first."""
        cur = self.con.execute("SELECT code, name, country, n_events, first_date, last_date "
                               "FROM actors ORDER BY n_events DESC, code, name")
        names = [c[0] for c in cur.description or []]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def summary(self, top: int = 10) -> dict[str, Any]:
        con = self.con
        n_docs, n_sents = con.execute(
            "SELECT count(*), coalesce(sum(n_sentences), 0) FROM documents").fetchone() or (0, 0)
        n_events, first, last = con.execute(
            "SELECT count(*), min(date), max(date) FROM events").fetchone() or (0, None, None)
        dyads = con.execute(
            "SELECT coalesce(source_country, source_code) || '-' || "
            "coalesce(target_country, target_code) AS dyad, count(*) AS n FROM events "
            "WHERE coalesce(source_country, source_code) IS NOT NULL "
            "AND coalesce(target_country, target_code) IS NOT NULL "
            "GROUP BY dyad ORDER BY n DESC, dyad LIMIT ?", [top]).fetchall()
        plover = con.execute(
            "SELECT plover_event, count(*) AS n FROM events WHERE plover_event IS NOT NULL "
            "GROUP BY plover_event ORDER BY n DESC, plover_event LIMIT ?", [top]).fetchall()
        roots = con.execute(
            "SELECT cameo_root, count(*) AS n FROM events WHERE cameo_root IS NOT NULL "
            "GROUP BY cameo_root ORDER BY n DESC, cameo_root LIMIT ?", [top]).fetchall()
        book = codebook()
        return {
            "documents": int(n_docs), "sentences": int(n_sents), "events": int(n_events),
            "actors": int((con.execute("SELECT count(*) FROM actors").fetchone() or (0,))[0]),
            "first_date": first, "last_date": last,
            "top_dyads": [{"dyad": d, "events": n} for d, n in dyads],
            "top_plover": [{"event": e, "events": n} for e, n in plover],
            "top_roots": [{"root": r, "name": book[r].name if r in book else None, "events": n}
                          for r, n in roots],
        }

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
