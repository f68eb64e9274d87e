"""What every command shares: messages on stderr (user text escaped, so `[/b]` in an id is
printed, not read as markup), the store as shown in messages (no password), query dates, and
opening a store for queries."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from .store import Store, StoreError, open_store

# the --db option of every command that reads or writes a store
DbOpt = Annotated[str, typer.Option("--db", envvar="TACITUS_DB",
                                    help="Event store: DuckDB file or postgresql:// URL.")]

err = Console(stderr=True, highlight=False, soft_wrap=True)


def error(message: str) -> None:
    """`error: MESSAGE` on stderr; the message is shown as written."""
    err.print(f"[red]error[/red]: {escape(message)}")


def warning(message: str) -> None:
    err.print(f"[yellow]warning[/yellow]: {escape(message)}")


def info(message: str) -> None:
    err.print(escape(message))


def usage_error(message: str) -> typer.Exit:
    """Print a usage error and return the exit (code 2) to raise."""
    error(message)
    return typer.Exit(2)


def shown(db: str) -> str:
    """The store as messages show it: a PostgreSQL URL without its password."""
    from .store.postgres_store import safe_url

    return safe_url(db) if "://" in db else db


_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def query_date(value: str | None, option: str, end: bool = False) -> str | None:
    """An ISO `YYYY-MM-DD` for a query bound such as `--since 2021-6-1`: `YYYY`, `YYYY-MM` and
    one-digit months and days are read; `YYYY` and `YYYY-MM` are the period's first day, or its
    last with `end`. Anything else is a usage error (exit 2)."""
    if value is None:
        return None
    m = _PARTIAL.match(value.strip())
    try:
        if not m:
            raise ValueError
        year, month, day = int(m[1]), int(m[2] or (12 if end else 1)), m[3]
        if day is None:
            if end:
                nxt = date(year + (month == 12), month % 12 + 1, 1)
                return date.fromordinal(nxt.toordinal() - 1).isoformat()
            return date(year, month, 1).isoformat()
        return date(year, month, int(day)).isoformat()
    except ValueError:
        raise usage_error(f"{option} {value!r} is not a date; use YYYY-MM-DD (or YYYY-MM, "
                          "YYYY)") from None


@contextmanager
def existing_store(db: str, read_only: bool = False) -> Iterator[Store]:
    """Open an existing store (read-only for queries), or exit 3 saying why."""
    if "://" not in db and not Path(db).exists():
        error(f"no event store at {db!r}; run `tacitus ingest PATH --db {db}` first, or pass "
              "--db.")
        raise typer.Exit(3)
    try:
        store = open_store(db, read_only=read_only)
    except (StoreError, ValueError) as exc:
        error(f"cannot open store {shown(db)!r}: {exc}")
        raise typer.Exit(3) from None
    with store:
        yield store


def query_store(db: str) -> AbstractContextManager[Store]:
    """Open an existing store read-only for a query, or exit 3 saying why."""
    return existing_store(db, read_only=True)


class Problems:
    """Collects input problems, printing each to stderr as it comes."""

    def __init__(self) -> None:
        self.fatal = 0
        self.warnings = 0

    def __call__(self, problem) -> None:
        if getattr(problem, "fatal", True):
            self.fatal += 1
            error(str(problem))
        else:
            self.warnings += 1
            warning(str(problem))


def exit_code(problems: Problems, failed: int, seen: int) -> int:
    """0 success, 1 some records failed, 2 nothing could be read."""
    if seen == 0 and (problems.fatal or failed):
        return 2
    return 1 if (problems.fatal or failed) else 0
