"""`tacitus serve`: run the API and dashboard under uvicorn over one event store."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from tacitus.config import DEFAULT_DB
from tacitus.store import OutdatedStoreError, Store, open_store

err = Console(stderr=True)


def open_for_serving(db: str, token: str | None) -> Store:
    """The store a server works on: read-write when writes are on (`token`), else read-only.
    A read-only opening cannot upgrade an older store; the message says how to."""
    if token:
        return open_store(db)
    try:
        return open_store(db, read_only=True)
    except OutdatedStoreError as exc:
        raise OutdatedStoreError(f"{exc}; or serve it once with TACITUS_API_TOKEN set, which "
                                 "opens it for writing and upgrades it") from None


def serve(
    db: Annotated[str, typer.Option("--db", envvar="TACITUS_DB",
                                    help="Event store: DuckDB file or postgresql:// URL.")]
    = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Interface to listen on; 0.0.0.0 for all.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port.")] = 8000,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the REST API (/api, docs at /docs) and the web dashboard (/) over a store.

    POST /api/code and /api/ingest need the bearer token set in TACITUS_API_TOKEN.

    With the token set, the server opens the store for writing and is its one writer: a
    DuckDB file then takes documents through POST /api/ingest only, as `tacitus ingest` into
    it is refused while the server runs. Without the token, the store is opened read-only, and
    other read-only commands (`tacitus events`, `export`) can read a DuckDB file beside it.
    PostgreSQL stores can be shared either way."""
    import uvicorn

    from tacitus.serve.app import create_app
    from tacitus.store import StoreError

    if "://" not in db and not Path(db).exists():
        err.print(f"[red]error[/red]: no event store at {db!r}; run `tacitus ingest PATH --db "
                  f"{db}` (or `make demo`) first, or pass --db.", highlight=False)
        raise typer.Exit(3)
    token = os.environ.get("TACITUS_API_TOKEN") or None
    try:
        store = open_for_serving(db, token)
    except (StoreError, ValueError) as exc:
        err.print(f"[red]error[/red]: cannot open store {db!r}: {exc}", highlight=False)
        raise typer.Exit(3) from None
    if token is None:
        err.print("TACITUS_API_TOKEN is not set: write endpoints are disabled and the store is "
                  "open read-only.")
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    err.print(f"Tacitus dashboard: http://{shown}:{port}/  API docs: http://{shown}:{port}/docs")
    with store:
        uvicorn.run(create_app(store, token), host=host, port=port, log_level=log_level)
