"""`SQLStore`: the `Store` logic both backends share, written against a few database hooks.

SQL here uses `?` placeholders and only syntax DuckDB and PostgreSQL both accept; a backend
supplies connection handling (`_exec`, `_fetch`, `_stream`, `_transaction`, `_db_errors`).
"""

from __future__ import annotations

import itertools
import os
from abc import abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tacitus.codebook import codebook
from tacitus.happening_rules import Rules
from tacitus.records import Document, Event
from tacitus.store import happen, schema, setup
from tacitus.store.base import (
    FAILED,
    NEW,
    REPLACED,
    UNCHANGED,
    Entry,
    Outcome,
    Store,
    StoreError,
)
from tacitus.store.browse import BrowseQueries
from tacitus.store.rows import (
    actor_counts,
    actor_rows,
    cameo_root,
    event_row,
    fold,
    load_json,
    origin,
    quote_dict,
    quote_row,
    text_hash,
)

_CHUNK = 200  # rows per multi-row INSERT


@dataclass
class _Prepared:
    """An entry turned into rows, before it touches the database."""

    entry: Entry
    doc_id: str
    digest: str
    origin: str | None
    records: list[dict[str, Any]]
    event_rows: list[list[Any]]
    actor_rows: list[list[Any]]
    quotes: list[list[Any]]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _prepare(entry: Entry, doc_id: str | None = None, digest: str | None = None) -> _Prepared:
    doc = entry.document
    doc_id = doc_id or doc.id
    records = ([dict(d) for d in entry.records] if entry.records is not None
               else [e.to_dict() for e in entry.events])
    for d in records:
        d["doc_id"] = doc_id
    quotes = [quote_row(doc_id, q) for q in entry.quotes or []]
    return _Prepared(entry, doc_id, digest or text_hash(doc.text), origin(doc.source), records,
                     [event_row(d) for d in records], actor_rows(doc_id, records, doc.date),
                     quotes)


def qualified_ids(doc_id: str, source: str | None, digest: str) -> list[str]:
    """The ids a document is stored under when its own id is taken by another source's
    document: `ID@FILENAME`, then `ID@FILENAME#HASH` (the first 8 hex of its text's SHA-256)."""
    name = os.path.basename(source or "") or "stdin"
    return [f"{doc_id}@{name}", f"{doc_id}@{name}#{digest[:8]}"]


def placement(doc_id: str, digest: str, source: str | None,
              found: Mapping[str, tuple[str, str | None]], force: bool = False,
              ) -> tuple[str, str, str | None]:
    """The identity rules of `Store.add` for one document with text hash `digest` from
    `source` (its `origin`), given `found`: id -> (text hash, source) of the stored documents
    among its id and qualified ids. Gives the id it is stored under, its status (new,
    unchanged or replaced) and a note explaining a replacement or a qualified id; `force`
    replaces the same text (a re-code)."""
    stored, note = found.get(doc_id), None
    if stored and stored[0] != digest and not force and (
            source == "stdin" or stored[1] != source):
        for alt in qualified_ids(doc_id, source, digest):
            other = found.get(alt)
            if other is None or other[0] == digest or (
                    other[1] == source and source != "stdin"):
                break
        note = (f"id {doc_id} is stored from {stored[1] or 'another source'} with "
                f"other text; kept as {alt}")
        doc_id, stored = alt, other
    if stored is None:
        return doc_id, NEW, note
    if stored[0] == digest and not force:
        return doc_id, UNCHANGED, note
    if not force:
        note = note or f"replaces the stored document {doc_id} (same source, other text)"
    return doc_id, REPLACED, note


def known_ids(documents: Sequence[Document],
              stored: Callable[[list[str]], dict[str, tuple[str, str | None]]],
              ) -> list[str | None]:
    """`Store.known` over any place that keeps documents: `stored(ids)` gives id -> (text
    hash, source) of those it holds. A document is known under its id or a qualified id
    (`qualified_ids`) that holds the same text."""
    digests = [text_hash(d.text) for d in documents]
    candidates = [[d.id, *qualified_ids(d.id, origin(d.source), digest)]
                  for d, digest in zip(documents, digests, strict=True)]
    found = stored([i for ids in candidates for i in ids])
    return [next((i for i in ids if found.get(i, ("",))[0] == digest), None)
            for ids, digest in zip(candidates, digests, strict=True)]


def _filtered(select: str, where: list[str], order: str, limit: int | None,
              params: list[Any]) -> str:
    """`select` with its WHERE clauses, ORDER BY and LIMIT (the limit is appended to `params`)."""
    sql = select + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY " + order
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return sql


def _like(text: str) -> str:
    """`%text%` for LIKE with its wildcards escaped by backslash."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class SQLStore(BrowseQueries, Store):
    """Shared implementation of `Store`; subclasses connect to a database."""

    where: str  # the database, as shown in messages

    # -- backend hooks -------------------------------------------------------------------------

    @abstractmethod
    def _exec(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement."""

    @abstractmethod
    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one query and return all its rows."""

    @abstractmethod
    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """Run one query and yield its rows a batch at a time."""

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[None]:
        """A transaction: committed when the block ends, rolled back when it raises."""

    _db_errors: tuple[type[Exception], ...] = ()

    # -- schema --------------------------------------------------------------------------------

    read_only: bool = False

    def _init_schema(self) -> None:
        """Check (read-only) or create and upgrade the schema; closes the store on failure."""
        try:
            if self.read_only:
                setup.check_readable(self)
            else:
                with self._transaction():
                    self._schema_lock()
                    setup.create_or_upgrade(self)
        except self._db_errors as exc:
            self.close()
            raise StoreError(f"cannot open the store {self.where}: {exc}") from exc
        except BaseException:
            self.close()
            raise

    def _schema_lock(self) -> None:
        """Keep two processes from creating the same tables at once (PostgreSQL)."""

    # -- writing -------------------------------------------------------------------------------

    def _write_lock(self) -> None:
        """Serialise writers (inside a write transaction); DuckDB has one writer anyway."""

    def add(self, document: Document, events: Iterable[Event],
            n_sentences: int | None = None, tone: float | None = None,
            quotes: Sequence[dict[str, Any]] | None = None) -> bool:
        prepared = _prepare(Entry(document, list(events), n_sentences, tone, quotes))
        return self._write([prepared])[0].added

    def add_many(self, entries: Iterable[Entry], batch_size: int = 200) -> Iterator[Outcome]:
        batch: list[_Prepared | Outcome] = []
        ids: set[str] = set()
        for entry in entries:
            if entry.document.id in ids:  # a second version of a document: write the first
                yield from self._flush(batch)
                batch, ids = [], set()
            try:
                batch.append(_prepare(entry))
                ids.add(entry.document.id)
            except Exception as exc:  # noqa: BLE001 - reported in the outcome
                batch.append(Outcome(entry, FAILED, exc))
            if len(batch) >= batch_size:
                yield from self._flush(batch)
                batch, ids = [], set()
        yield from self._flush(batch)

    def _flush(self, batch: list[_Prepared | Outcome]) -> Iterator[Outcome]:
        ready = [p for p in batch if isinstance(p, _Prepared)]
        try:
            done = iter(self._write(ready)) if ready else iter(())
        except StoreError:
            done = None
        for item in batch:
            if isinstance(item, Outcome):
                yield item
            elif done is not None:
                yield next(done)
            else:  # the batch failed: one transaction per document finds the bad ones
                try:
                    yield self._write([item])[0]
                except StoreError as exc:
                    yield Outcome(item.entry, FAILED, exc, item.doc_id)

    def _write(self, batch: list[_Prepared]) -> list[Outcome]:
        """Store a batch of documents with distinct ids in one transaction, applying the
        identity policy of `Store.add`. Raises StoreError, storing none of them."""
        ids = [p.doc_id for p in batch]
        try:
            with self._transaction():
                self._write_lock()
                outcomes, todo = self._decide(batch)
                replaced = [o.doc_id for o in outcomes if o.status == REPLACED and o.doc_id]
                old_keys = happen.keys_of(self, replaced) if replaced else set()
                if replaced:
                    self._drop(replaced)
                self._write_documents(todo, set(replaced))
                self._insert_rows("events", [n for n, _ in schema.EVENT_COLUMNS],
                                  [r for p in todo for r in p.event_rows])
                self._insert_rows("quotes", list(schema.QUOTE_COLUMNS),
                                  [q for p in todo for q in p.quotes])
                rows = [r for p in todo for r in p.actor_rows]
                self._insert_rows("event_actors", list(schema.EVENT_ACTOR_COLUMNS), rows)
                self._merge_actors(actor_counts(rows))
                happen.add(self, [(p.doc_id, p.records, p.entry.document) for p in todo],
                           old_keys)
        except self._db_errors as exc:
            which = ids[0] if len(ids) == 1 else f"{ids[0]} .. {ids[-1]} ({len(ids)} documents)"
            raise StoreError(f"could not store document {which}: {exc}") from exc
        return outcomes

    def _stored(self, ids: Sequence[str]) -> dict[str, tuple[str, str | None]]:
        """id -> (text hash, source) of the stored documents among `ids`."""
        out: dict[str, tuple[str, str | None]] = {}
        for i in range(0, len(ids), _CHUNK):
            part = list(ids[i:i + _CHUNK])
            for doc_id, digest, source in self._fetch(
                    f"SELECT id, text_hash, source FROM documents WHERE id IN "
                    f"({', '.join(['?'] * len(part))})", part):
                out[doc_id] = (digest, source)
        return out

    def _decide(self, batch: list[_Prepared]) -> tuple[list[Outcome], list[_Prepared]]:
        """What to do with each document (see `Store.add`): the outcomes, in order, and the
        prepared documents to write (some under a qualified id)."""
        wanted = [p.doc_id for p in batch]
        for p in batch:
            wanted += qualified_ids(p.doc_id, p.origin, p.digest)
        found = self._stored(wanted)
        outcomes: list[Outcome] = []
        todo: list[_Prepared] = []
        for p in batch:
            doc_id, status, note = placement(p.doc_id, p.digest, p.origin, found,
                                             p.entry.force)
            if doc_id != p.doc_id:
                p = _prepare(p.entry, doc_id, p.digest)
            outcomes.append(Outcome(p.entry, status, None, doc_id, note))
            if status != UNCHANGED:
                todo.append(p)
        return outcomes, todo

    def known(self, documents: Sequence[Document]) -> list[str | None]:
        return known_ids(documents, self._stored)

    def _write_documents(self, todo: list[_Prepared], replaced: set[str]) -> None:
        now = _now()
        new: list[list[Any]] = []
        for p in todo:
            doc, e = p.entry.document, p.entry
            values = [doc.title, doc.date, doc.url, p.origin, p.digest, e.n_sentences, e.tone,
                      now, doc.publisher, doc.text]
            if p.doc_id in replaced:  # keep the document's place in the stored order
                self._exec("UPDATE documents SET title = ?, date = ?, url = ?, source = ?, "
                           "text_hash = ?, n_sentences = ?, tone = ?, ingested_at = ?, "
                           "publisher = ?, text = ? WHERE id = ?", [*values, p.doc_id])
            else:
                new.append([p.doc_id, *values])
        self._insert_rows("documents", [*schema.DOC_COLUMNS, "text"], new)

    def _insert_rows(self, table: str, columns: list[str], rows: list[list[Any]]) -> None:
        names = ", ".join(columns)
        for i in range(0, len(rows), _CHUNK):
            part = rows[i:i + _CHUNK]
            self._exec(f"INSERT INTO {table} ({names}) VALUES "
                       f"{schema.values(len(part), len(columns))}",
                       [v for row in part for v in row])

    def _drop(self, doc_ids: list[str]) -> None:
        """Delete documents' events, quotes and links to happenings, and recompute the actor
        rows they touched (the caller clusters their happenings' groups again)."""
        marks = ", ".join(["?"] * len(doc_ids))
        keys = sorted(self._fetch(f"SELECT DISTINCT name, code FROM event_actors "
                                  f"WHERE doc_id IN ({marks})", doc_ids))
        for table in ("events", "quotes", "event_actors", "happening_mentions"):
            self._exec(f"DELETE FROM {table} WHERE doc_id IN ({marks})", doc_ids)
        for i in range(0, len(keys), _CHUNK):
            part = keys[i:i + _CHUNK]
            params = [v for k in part for v in k]
            match = " OR ".join(["(name = ? AND code = ?)"] * len(part))
            self._exec(f"DELETE FROM actors WHERE {match}", params)
            smatch = " OR ".join(["(s.name = ? AND s.code = ?)"] * len(part))
            self._exec(f"INSERT INTO actors ({', '.join(schema.ACTOR_COLUMNS)}) "
                       + schema.ACTOR_AGG.format(where=f"AND ({smatch})"), params)

    def _merge_actors(self, counts: dict[tuple[str, str], list[Any]]) -> None:
        """Add new events' actor counts and date ranges to the actors table."""
        rows = [[name, code, *agg] for (name, code), agg in sorted(counts.items())]
        for i in range(0, len(rows), _CHUNK):
            part = rows[i:i + _CHUNK]
            self._exec(schema.ACTOR_UPSERT.format(
                cols=", ".join(schema.ACTOR_COLUMNS),
                values=schema.values(len(part), len(schema.ACTOR_COLUMNS))),
                [v for row in part for v in row])

    def _rebuild_actors(self) -> None:
        """Recompute the whole actors table from the stored event actors."""
        self._exec("DELETE FROM actors")
        self._exec(f"INSERT INTO actors ({', '.join(schema.ACTOR_COLUMNS)}) "
                   + schema.ACTOR_AGG.format(where=""))

    def add_quotes(self, doc_id: str, quotes: Sequence[dict[str, Any]]) -> int:
        rows = [quote_row(doc_id, q) for q in quotes]
        try:
            with self._transaction():
                if not self._fetch("SELECT 1 FROM documents WHERE id = ?", [doc_id]):
                    raise StoreError(f"no stored document {doc_id!r} to add quotes to")
                self._insert_rows("quotes", list(schema.QUOTE_COLUMNS), rows)
        except self._db_errors as exc:
            raise StoreError(f"could not store quotes of document {doc_id}: {exc}") from exc
        return len(rows)

    def set_actor(self, name: str, code: str, country: str | None = None,
                  sectors: Sequence[str] | None = None, note: str | None = None) -> None:
        name, code = name.strip(), code.strip().upper()
        if not name or not code:
            raise ValueError("an actor override needs a name and a code")
        row = [name, code, country.strip().upper() if country else None,
               [s.strip().upper() for s in sectors] if sectors else None, _now(), note]
        with self._transaction():
            self._exec(schema.OVERRIDE_UPSERT.format(cols=", ".join(schema.OVERRIDE_COLUMNS)),
                       row)

    # -- reading -------------------------------------------------------------------------------

    @staticmethod
    def _event_filters(actor: str | None, dyad: str | None, root: str | None,
                       since: str | None, until: str | None, doc_id: str | None,
                       happening: int | None) -> tuple[list[str], list[Any]]:
        """WHERE clauses on `events e` for the filters of `Store.events`."""
        where: list[str] = []
        params: list[Any] = []
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
        for clause, value in (("e.cameo_root = ?", cameo_root(root) if root else None),
                              ("e.date >= ?", since), ("e.date <= ?", until),
                              ("e.doc_id = ?", doc_id)):
            if value:
                where.append(clause)
                params.append(value)
        if happening is not None:
            where.append("e.seq IN (SELECT event_seq FROM happening_mentions "
                         "WHERE happening_id = ?)")
            params.append(int(happening))
        return where, params

    def events(self, actor: str | None = None, dyad: str | None = None, root: str | None = None,
               since: str | None = None, until: str | None = None, doc_id: str | None = None,
               limit: int | None = None, happening: int | None = None,
               ) -> Iterator[dict[str, Any]]:
        where, params = self._event_filters(actor, dyad, root, since, until, doc_id, happening)
        sql = _filtered("SELECT e.record, d.url, d.date FROM events e "
                        "JOIN documents d ON d.id = e.doc_id", where, "e.seq", limit, params)
        return self._events(sql, params)

    def happenings(self, actor: str | None = None, dyad: str | None = None,
                   root: str | None = None, since: str | None = None, until: str | None = None,
                   doc_id: str | None = None, limit: int | None = None,
                   happening: int | None = None, min_articles: int = 1,
                   ) -> Iterator[dict[str, Any]]:
        where, params = self._event_filters(actor, dyad, root, since, until, doc_id, happening)
        return happen.listing(self, where, params, limit, min_articles)

    def refresh_happenings(self, rules: Rules | None = None) -> Rules:
        try:
            with self._transaction():
                self._write_lock()
                new = rules or happen.rules(self)
                happen.rebuild(self, new)
        except self._db_errors as exc:
            raise StoreError(f"could not recompute the happenings of {self.where}: {exc}") \
                from exc
        return new

    def _events(self, sql: str, params: list[Any]) -> Iterator[dict[str, Any]]:
        for record, url, doc_date in self._stream(sql, params):
            d = load_json(record)
            d["url"] = url
            d["doc_date"] = doc_date
            yield d

    def stored_documents(self, since: str | None = None, until: str | None = None,
                         ) -> Iterator[Document]:
        where, params = ["text IS NOT NULL"], []
        for clause, value in (("date >= ?", since), ("date <= ?", until)):
            if value:
                where.append(clause)
                params.append(value)
        sql = _filtered("SELECT id, text, title, date, url, source, publisher FROM documents",
                        where, "seq", None, params)
        for doc_id, text, title, date, url, source, publisher in self._stream(sql, params):
            yield Document(doc_id, text, title, date, url, source, publisher)

    def documents(self) -> Iterator[dict[str, Any]]:
        names = [*(c for c in schema.DOC_COLUMNS), "n_events"]
        sql = (f"SELECT {', '.join('d.' + c for c in schema.DOC_COLUMNS)}, "
               "(SELECT count(*) FROM events e WHERE e.doc_id = d.id) FROM documents d "
               "ORDER BY d.seq")
        for row in self._stream(sql):
            d = dict(zip(names, row, strict=True))
            if d["ingested_at"] is not None:
                d["ingested_at"] = d["ingested_at"].isoformat(timespec="seconds")
            yield d

    def actors(self, query: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        sql = (f"SELECT {', '.join(schema.ACTOR_COLUMNS)} FROM actors "
               "ORDER BY count DESC, name, code")
        rows = (self._actor_row(r) for r in self._stream(sql))
        if query and query.strip():
            # Matched here, not in SQL: names match without accents ("erdogan": "Erdoğan").
            q = query.strip()
            name, code = fold(q), q.upper()
            rows = (r for r in rows if name in fold(r["name"]) or r["code"].startswith(code)
                    or (r["country"] or "") == code)
        return list(itertools.islice(rows, limit)) if limit is not None else list(rows)

    @staticmethod
    def _actor_row(row: tuple[Any, ...]) -> dict[str, Any]:
        d = dict(zip(schema.ACTOR_COLUMNS, row, strict=True))
        d["sectors"] = list(d["sectors"] or [])
        d["count"] = int(d["count"] or 0)
        return d

    def actor(self, name: str) -> dict[str, Any] | None:
        cols = ", ".join(schema.ACTOR_COLUMNS)
        rows = self._fetch(f"SELECT {cols} FROM actors WHERE name = ?", [name])
        if not rows:
            rows = self._fetch(f"SELECT {cols} FROM actors WHERE lower(name) = ?",
                               [name.lower()])
        roles = sorted((self._actor_row(r) for r in rows),
                       key=lambda r: (r["first_seen"] or "", r["last_seen"] or "", r["code"]))
        found = roles[0]["name"] if roles else name
        override = self._overrides("WHERE name = ?", [found]).get(found)
        if not roles and override is None:
            return None
        for r in roles:
            del r["name"]
        days = [d for r in roles for d in (r["first_seen"], r["last_seen"]) if d]
        current = override["code"] if override else (
            max(roles, key=lambda r: (r["last_seen"] or "", r["count"]))["code"])
        return {"name": found, "code": current, "count": sum(r["count"] for r in roles),
                "first_seen": min(days) if days else None,
                "last_seen": max(days) if days else None, "roles": roles, "override": override}

    def overrides(self) -> dict[str, dict[str, Any]]:
        return self._overrides("", [])

    def _overrides(self, where: str, params: list[Any]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        rows = self._fetch(f"SELECT {', '.join(schema.OVERRIDE_COLUMNS)} FROM actor_overrides "
                           f"{where} ORDER BY name", params)
        for name, code, country, sectors, set_at, note in rows:
            out[name] = {"code": code, "country": country, "sectors": list(sectors or []),
                         "set_at": set_at.isoformat(timespec="seconds") if set_at else None,
                         "note": note}
        return out

    def quotes(self, actor: str | None = None, doc_id: str | None = None,
               limit: int | None = None) -> Iterator[dict[str, Any]]:
        where: list[str] = []
        params: list[Any] = []
        if actor:
            where.append("(q.speaker_code = ? OR q.speaker_country = ? "
                         "OR lower(q.speaker_name) = ?)")
            params += [actor.strip().upper(), actor.strip().upper(), actor.strip().lower()]
        if doc_id:
            where.append("q.doc_id = ?")
            params.append(doc_id)
        cols = ", ".join("q." + c for c in schema.QUOTE_COLUMNS)
        sql = _filtered(f"SELECT {cols}, d.date, d.url, (SELECT array_agg(e.cameo ORDER BY e.seq) "
                        "FROM events e WHERE e.doc_id = q.doc_id AND e.sentence_index = "
                        "q.sentence_index) FROM quotes q JOIN documents d ON d.id = q.doc_id",
                        where, "q.seq", limit, params)
        return self._quotes(sql, params)

    def _quotes(self, sql: str, params: list[Any]) -> Iterator[dict[str, Any]]:
        n = len(schema.QUOTE_COLUMNS)
        for row in self._stream(sql, params):
            date, url, cameos = row[n:]
            yield {**quote_dict(row[:n]), "date": date, "url": url,
                   "event_cameos": list(cameos or [])}

    def summary(self, top: int = 10) -> dict[str, Any]:
        n_docs, n_sents = self._fetch(
            "SELECT count(*), coalesce(sum(n_sentences), 0) FROM documents")[0]
        n_events, first, last = self._fetch("SELECT count(*), min(date), max(date) FROM events")[0]
        dyads = self._fetch(
            "SELECT coalesce(source_country, source_code) || '-' || "
            "coalesce(target_country, target_code) AS dyad, count(*) AS n FROM events "
            "WHERE coalesce(source_country, source_code) IS NOT NULL "
            "AND coalesce(target_country, target_code) IS NOT NULL "
            "GROUP BY 1 ORDER BY n DESC, dyad LIMIT ?", [top])
        plover = self._fetch(
            "SELECT plover_event, count(*) AS n FROM events WHERE plover_event IS NOT NULL "
            "GROUP BY plover_event ORDER BY n DESC, plover_event LIMIT ?", [top])
        roots = self._fetch(
            "SELECT cameo_root, count(*) AS n FROM events WHERE cameo_root IS NOT NULL "
            "GROUP BY cameo_root ORDER BY n DESC, cameo_root LIMIT ?", [top])
        n_quotes = self._fetch("SELECT count(*) FROM quotes")[0][0]
        book = codebook()
        happenings = happen.stats(self)
        return {
            "documents": int(n_docs), "sentences": int(n_sents), "events": int(n_events),
            "actors": int(self._fetch("SELECT count(*) FROM actors")[0][0]),
            "quotes": int(n_quotes), "first_date": first, "last_date": last,
            "top_dyads": [{"dyad": d, "events": int(n)} for d, n in dyads],
            "top_plover": [{"event": e, "events": int(n)} for e, n in plover],
            "top_roots": [{"root": r, "name": book[r].name if r in book else None,
                           "events": int(n)} for r, n in roots],
            "happenings": happenings,
        }
