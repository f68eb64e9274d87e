"""Opening a store's schema: create it, upgrade an older one, or refuse a database that is not a
Tacitus store. Works on any `SQLStore` through its hooks (`_exec`, `_fetch`)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from tacitus.happening_rules import Rules
from tacitus.store import happen, schema
from tacitus.store.base import NotAStoreError, OutdatedStoreError, StoreError
from tacitus.store.rows import actor_rows, load_json

if TYPE_CHECKING:
    from tacitus.store.sql import SQLStore

log = logging.getLogger("tacitus")


def _tables(store: SQLStore) -> set[str]:
    rows = store._fetch("SELECT table_name FROM information_schema.tables "
                        "WHERE table_schema = current_schema()")
    return {str(r[0]) for r in rows}


def stored_version(store: SQLStore) -> str | None:
    """The schema version a store records; None for an empty database. Raises NotAStoreError
    for a database with other tables and no Tacitus version."""
    tables = _tables(store)
    version = None
    if "meta" in tables:
        rows = store._fetch("SELECT value FROM meta WHERE key = 'schema_version'")
        version = str(rows[0][0]) if rows else None
    if tables and version is None:
        shown = ", ".join(sorted(tables)[:6]) + (" ..." if len(tables) > 6 else "")
        raise NotAStoreError(
            f"{store.where} is not a Tacitus store (it holds other tables: {shown}); nothing "
            "was changed in it. Pass --db with a new file or a Tacitus store.")
    return version


def check_readable(store: SQLStore) -> None:
    """For a read-only store: it must exist and have this version's schema."""
    version = stored_version(store)
    if version is None:
        raise StoreError(f"{store.where} is empty, not a Tacitus store; run `tacitus ingest "
                         "PATH --db ...` first")
    if version not in schema.READABLE_VERSIONS:
        raise _version_error(store, version)


def _version_error(store: SQLStore, version: str) -> StoreError:
    if version.isdigit() and int(version) < schema.SCHEMA_VERSION:
        return OutdatedStoreError(
            f"{store.where} was written by an older Tacitus (schema version {version}); "
            "upgrade it once with a writing command, e.g. `tacitus happenings --db ...` "
            "(it codes nothing again)")
    return StoreError(
        f"{store.where} has schema version {version}, this version of tacitus reads version "
        f"{schema.SCHEMA_VERSION}; use a newer tacitus or a new database")


def create_or_upgrade(store: SQLStore) -> None:
    """Inside a transaction: create missing tables, upgrade an older schema, add the indexes."""
    version = stored_version(store)
    if version is not None and (not version.isdigit()
                                or int(version) > schema.SCHEMA_VERSION):
        raise _version_error(store, version)
    if version == "1":  # version 1 keyed actors on (code, name) without sectors
        store._exec("DROP TABLE actors")
    for statement in schema.SCHEMA:
        store._exec(statement)
    if version is None:
        store._exec("INSERT INTO meta (key, value) VALUES ('schema_version', ?)",
                    [str(schema.SCHEMA_VERSION)])
        happen.save_rules(store, Rules.defaults())
    elif int(version) < schema.SCHEMA_VERSION:
        if int(version) < 3:
            _upgrade_to_3(store)
        happen.rebuild(store, Rules.defaults())  # version 4: the stored events' happenings
        store._exec("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                    [str(schema.SCHEMA_VERSION)])
    for statement in schema.INDEXES:
        store._exec(statement)


def _upgrade_to_3(store: SQLStore) -> None:
    """Version 3 keeps documents' text and publisher, makes document ids unique, and counts
    each member of a compound actor in the actor table."""
    store._exec("DROP INDEX IF EXISTS documents_id")  # DuckDB alters no indexed table
    for column in ("publisher", "text"):
        store._exec(f"ALTER TABLE documents ADD COLUMN IF NOT EXISTS {column} VARCHAR")
    dupes = [r[0] for r in store._fetch(
        "SELECT id FROM documents GROUP BY id HAVING count(*) > 1 ORDER BY id")]
    for doc_id in dupes:
        # The events of the copies cannot be told apart: keep the latest document row, drop
        # the events, and mark it changed so that the next ingest of it codes it again.
        store._exec("DELETE FROM documents WHERE id = ? AND seq < "
                    "(SELECT max(seq) FROM documents WHERE id = ?)", [doc_id, doc_id])
        for table in ("events", "quotes"):
            store._exec(f"DELETE FROM {table} WHERE doc_id = ?", [doc_id])
        store._exec("UPDATE documents SET text_hash = '' WHERE id = ?", [doc_id])
    if dupes:
        log.warning("%s: %d document ids were stored more than once (by concurrent ingests); "
                    "their events were removed, ingest them again to code them: %s",
                    store.where, len(dupes), ", ".join(dupes[:10]))
    if "texts" in _tables(store):
        _texts_into_documents(store)
    store._exec("DELETE FROM event_actors")
    rows = []
    for doc_id, record, doc_date in store._fetch(
            "SELECT e.doc_id, e.record, d.date FROM events e "
            "LEFT JOIN documents d ON d.id = e.doc_id ORDER BY e.seq"):
        rows += actor_rows(doc_id, [load_json(record)], doc_date)
    store._insert_rows("event_actors", list(schema.EVENT_ACTOR_COLUMNS), rows)
    store._rebuild_actors()


def _texts_into_documents(store: SQLStore) -> None:
    """A version 2 store written by `tacitus serve` kept document texts in a table of their
    own: move each text to its document row and drop that table. Ids stored more than once
    (their text_hash was just cleared) and ids with several texts are left without text."""
    store._exec("UPDATE documents SET text = (SELECT min(t.text) FROM texts t "
                "WHERE t.doc_id = documents.id) WHERE text IS NULL AND text_hash <> '' "
                "AND id IN (SELECT doc_id FROM texts GROUP BY doc_id HAVING count(*) = 1)")
    store._exec("DROP TABLE texts")
