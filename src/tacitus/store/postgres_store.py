"""PostgreSQL implementation of `Store` (needs the `postgres` extra: psycopg)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from tacitus.store.base import StoreError
from tacitus.store.schema import SCHEMA_VERSION
from tacitus.store.sql import SQLStore

try:
    import psycopg
except ImportError:  # pragma: no cover - depends on the installed extras
    psycopg = None  # type: ignore[assignment]

_cursor_ids = itertools.count()


def _pg(sql: str) -> str:
    """Shared SQL (`?` placeholders) in psycopg's `%s` style."""
    return sql.replace("%", "%%").replace("?", "%s")


def safe_url(url: str) -> str:
    """The URL with its password hidden, for messages."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


class PostgresStore(SQLStore):
    """A `Store` in a PostgreSQL database, e.g. `postgresql://user:pass@host:5432/db`."""

    def __init__(self, url: str) -> None:
        if psycopg is None:
            raise StoreError("PostgreSQL stores need psycopg: pip install 'tacitus[postgres]'")
        self.url = url
        self.where = safe_url(url)
        self._db_errors = (psycopg.Error,)
        try:
            self._con: psycopg.Connection | None = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to {self.where}: {exc}") from exc
        self._init_schema()

    @property
    def con(self) -> psycopg.Connection:
        if self._con is None:
            raise StoreError(f"the store {self.where} is closed")
        return self._con

    def _init_schema(self) -> None:
        with self._transaction():
            # Two processes opening a new database at once must not both create the tables.
            self._exec("SELECT pg_advisory_xact_lock(7261)")
            found = self._create_schema()
        if found is not None and found != str(SCHEMA_VERSION):
            self.close()
            raise self._refuse_version(found)

    # -- hooks ---------------------------------------------------------------------------------

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.con.execute(_pg(sql), list(params))

    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.con.execute(_pg(sql), list(params)).fetchall()

    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        # A server-side cursor, held past the implicit transaction, fetched 1000 rows at a time.
        name = f"tacitus_{next(_cursor_ids)}"
        with self.con.cursor(name=name, withhold=True) as cur:
            cur.itersize = 1000
            cur.execute(_pg(sql), list(params))
            yield from cur

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self.con.transaction():
            yield

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
