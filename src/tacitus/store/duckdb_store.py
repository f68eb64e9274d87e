"""DuckDB implementation of `Store`: one file, flat event columns plus the full JSON record."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from tacitus.store.base import StoreError, StoreLockedError
from tacitus.store.sql import SQLStore


class DuckDBStore(SQLStore):
    """A `Store` in one DuckDB file (`:memory:` for a throwaway store)."""

    _db_errors = (duckdb.Error,)

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = self.where = str(path)
        self.read_only = read_only and self.path != ":memory:"
        if self.read_only and not Path(self.path).exists():
            raise StoreError(f"no event store at {self.path}; run `tacitus ingest PATH --db "
                             f"{self.path}` first")
        if self.path != ":memory:" and not self.read_only:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con: duckdb.DuckDBPyConnection | None = duckdb.connect(
                self.path, read_only=self.read_only)
        except duckdb.Error as exc:
            if "lock" in str(exc).lower():
                raise StoreLockedError(
                    f"the database file {self.path} is in use by another process (DuckDB allows "
                    f"one writer, and no reader while it writes); close that process (or wait "
                    f"for it to finish) or choose another database file. DuckDB said: {exc}"
                ) from exc
            raise StoreError(f"cannot open the database file {self.path}: {exc}") from exc
        self._init_schema()

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            raise StoreError(f"the store {self.path} is closed")
        return self._con

    # -- hooks ---------------------------------------------------------------------------------

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.con.execute(sql, list(params))

    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.con.execute(sql, list(params)).fetchall()

    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        cur = self.con.cursor()  # its own connection: the caller may write while reading
        try:
            cur.execute(sql, list(params))
            while batch := cur.fetchmany(1000):
                yield from batch
        finally:
            cur.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        con = self.con
        con.begin()
        try:
            yield
        except BaseException:
            con.rollback()
            raise
        con.commit()

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
