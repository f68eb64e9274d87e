"""Store stage: keeps coded documents and events; `open_store(url)` picks the backend."""

from __future__ import annotations

from pathlib import Path

from tacitus.store.base import Store, StoreError, StoreLockedError

__all__ = ["Store", "StoreError", "StoreLockedError", "open_store"]


def open_store(url: str | Path) -> Store:
    """Open a store: a plain path or `duckdb:///path` is DuckDB (parent folders are created);
    `postgresql://...` is not supported yet."""
    text = str(url)
    if text.startswith(("postgresql://", "postgres://")):
        raise NotImplementedError(
            "PostgreSQL stores are not supported yet; use a DuckDB file path "
            "(e.g. tacitus.duckdb or duckdb:///data/events.duckdb) for now")
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

    return DuckDBStore(text)
