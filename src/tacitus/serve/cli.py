"""`tacitus serve`: run the API and dashboard under uvicorn over one event store."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from tacitus.config import DEFAULT_DB

err = Console(stderr=True)


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

    A DuckDB file has one writer: while the server runs, send documents to POST /api/ingest,
    as `tacitus ingest` into the same file is refused. PostgreSQL stores can be shared."""
    import uvicorn

    from tacitus.serve.app import create_app
    from tacitus.store import StoreError, open_store

    if "://" not in db and not Path(db).exists():
        err.print(f"[red]error[/red]: no event store at {db!r}; run `tacitus ingest PATH --db "
                  f"{db}` (or `make demo`) first, or pass --db.", highlight=False)
        raise typer.Exit(3)
    try:
        store = open_store(db)
    except (StoreError, ValueError) as exc:
        err.print(f"[red]error[/red]: cannot open store {db!r}: {exc}", highlight=False)
        raise typer.Exit(3) from None
    token = os.environ.get("TACITUS_API_TOKEN") or None
    if token is None:
        err.print("TACITUS_API_TOKEN is not set: write endpoints are disabled.")
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    err.print(f"Tacitus dashboard: http://{shown}:{port}/  API docs: http://{shown}:{port}/docs")
    with store:
        uvicorn.run(create_app(store, token), host=host, port=port, log_level=log_level)
