"""PostgreSQL implementation of `Store` (needs the `postgres` extra: psycopg)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from tacitus.store.base import StoreError
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
    url = re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)
    return re.sub(r"(?i)(password=)[^&\s]*", r"\1***", url)


def _password(url: str) -> str | None:
    m = re.search(r"://[^:/@]*:([^@]*)@", url) or re.search(r"(?i)password=([^&\s]*)", url)
    return m.group(1) if m and m.group(1) else None


def _hide(message: str, url: str) -> str:
    """A driver's message with the URL's password (if it repeats it) hidden."""
    secret = _password(url)
    return message.replace(secret, "***") if secret else message


class PostgresStore(SQLStore):
    """A `Store` in a PostgreSQL database, e.g. `postgresql://user:pass@host:5432/db`."""

    def __init__(self, url: str, read_only: bool = False) -> None:
        if psycopg is None:
            raise StoreError("PostgreSQL stores need psycopg: pip install 'tacitus[postgres]'")
        self.url = url
        self.where = safe_url(url)
        self.read_only = read_only
        self._db_errors = (psycopg.Error,)
        try:
            self._con: psycopg.Connection | None = psycopg.connect(url, autocommit=True)
            if read_only:
                self._con.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to {self.where}: "
                             f"{_hide(str(exc), url)}") from exc
        self._init_schema()

    @property
    def con(self) -> psycopg.Connection:
        if self._con is None:
            raise StoreError(f"the store {self.where} is closed")
        return self._con

    @property
    def broken(self) -> bool:
        """True when the connection to the server is lost: open a new store to go on."""
        return self._con is None or self._con.broken or self._con.closed

    def _schema_lock(self) -> None:
        self._exec("SELECT pg_advisory_xact_lock(7261)")

    def _write_lock(self) -> None:
        # Writers take turns (parsing, the slow part, stays parallel): two ingests of the same
        # documents then store each once, and actor counts never race.
        self._exec("SELECT pg_advisory_xact_lock(7262)")

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
