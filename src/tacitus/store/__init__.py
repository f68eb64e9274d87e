"""Store stage: keeps coded documents and events; `open_store(url)` picks the backend."""

from __future__ import annotations

from pathlib import Path

from tacitus.store.base import (
    Entry,
    NotAStoreError,
    Outcome,
    OutdatedStoreError,
    Store,
    StoreError,
    StoreLockedError,
)

__all__ = ["Entry", "NotAStoreError", "Outcome", "OutdatedStoreError", "Store", "StoreError",
           "StoreLockedError", "is_postgres", "open_store"]


def is_postgres(url: str | Path) -> bool:
    """True for a PostgreSQL URL: a store that many processes may write at once."""
    return str(url).startswith(("postgresql://", "postgres://"))


def open_store(url: str | Path, read_only: bool = False) -> Store:
    """Open a store: a plain path or `duckdb:///path` is DuckDB (parent folders are created);
    `postgresql://user:pass@host:port/db` (or `postgres://`) is PostgreSQL.

    `read_only` opens an existing store for queries only: nothing is created or upgraded, and
    a DuckDB file on read-only media can be read."""
    text = str(url)
    if is_postgres(text):
        from tacitus.store.postgres_store import PostgresStore

        return PostgresStore(text, read_only)
    if text.startswith("duckdb://"):
        # As SQLAlchemy reads it: duckdb:///x.duckdb is relative, duckdb:////abs/x.duckdb absolute.
        text = text[len("duckdb://"):]
        if text.startswith("/"):
            text = text[1:]
        if not text:
            raise ValueError("duckdb:// needs a file path, e.g. duckdb:///events.duckdb")
    elif "://" in text:
        raise ValueError(f"unknown store URL scheme in {text!r}; use a file path, duckdb:///path "
                         "or postgresql://...")
    from tacitus.store.duckdb_store import DuckDBStore

    return DuckDBStore(text, read_only)
