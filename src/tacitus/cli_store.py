"""Store commands: `tacitus actors list|show|set`, `tacitus quotes` and `tacitus happenings`.

Data goes to stdout (a table, or JSON lines with `--format jsonl`), messages to stderr.
Exit codes: 0 success, 1 nothing found for `actors show`, 2 usage error, 3 store error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from .cli_util import existing_store, info, query_store, shown, usage_error
from .config import Settings
from .store import Store

actors_app = typer.Typer(
    add_completion=False, no_args_is_help=True,
    help="People and organisations seen in stored events, their roles over time, and your "
         "corrections.")
_DEFAULT_DB = Settings().db

DbOpt = Annotated[str, typer.Option(
    "--db", envvar="TACITUS_DB",
    help="Event store: a DuckDB file path or a postgresql://user:pass@host/db URL.")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table | jsonl")]
LimitOpt = Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many rows.")]


def _store(db: str) -> AbstractContextManager[Store]:
    """Open an existing store for writing, or exit with code 3 and say why."""
    return existing_store(db)


def _check_format(fmt: str) -> None:
    if fmt not in ("table", "jsonl"):
        raise usage_error(f"unknown format {fmt!r}; use table or jsonl.")


def _jsonl(records: Iterable[dict[str, Any]]) -> int:
    n = 0
    for record in records:
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def _table(title: str | None, columns: list[str], rows: list[list[Any]]) -> None:
    table = Table(title=title, title_justify="left")
    for i, column in enumerate(columns):
        table.add_column(column, no_wrap=i == 0)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    Console().print(table)


def _sectors(sectors: list[str]) -> str:
    return ",".join(sectors)


@actors_app.command("list")
def list_actors(
    db: DbOpt = _DEFAULT_DB,
    query: Annotated[str | None, typer.Option(
        "--query", "-q", help="Part of a name, the start of a code, or a country (e.g. TUR).")]
    = None,
    limit: LimitOpt = 50,
    fmt: FormatOpt = "table",
) -> None:
    """List actors seen in stored events, most frequent first: code, country, dates seen."""
    _check_format(fmt)
    with query_store(db) as store:
        rows = store.actors(query=query, limit=limit)
    if fmt == "jsonl":
        _jsonl(rows)
    else:
        _table(None, ["name", "code", "country", "sectors", "events", "first seen", "last seen"],
               [[r["name"], r["code"], r["country"], _sectors(r["sectors"]), r["count"],
                 r["first_seen"], r["last_seen"]] for r in rows])
    info(f"{len(rows)} actors")


@actors_app.command("show")
def show_actor(
    name: Annotated[str, typer.Argument(help="The actor's name, e.g. 'Ahmet Davutoglu'.")],
    db: DbOpt = _DEFAULT_DB,
    fmt: FormatOpt = "table",
) -> None:
    """Show one actor: each code (role) it held, with the dates it held it, and any override."""
    _check_format(fmt)
    with query_store(db) as store:
        found = store.actor(name)
    if found is None:
        info(f"no actor named {name!r} in {shown(db)}; try `tacitus actors list --query ...`")
        raise typer.Exit(1)
    if fmt == "jsonl":
        _jsonl([found])
        return
    title = (f"{found['name']}: {found['code']}, {found['count']} events, "
             f"{found['first_seen'] or '?'} to {found['last_seen'] or '?'}")
    _table(title, ["code", "country", "sectors", "events", "first seen", "last seen"],
           [[r["code"], r["country"], _sectors(r["sectors"]), r["count"], r["first_seen"],
             r["last_seen"]] for r in found["roles"]])
    over = found["override"]
    if over:
        Console().print(f"override: {over['code']} ({over['country'] or '-'}, "
                        f"{_sectors(over['sectors']) or '-'}) set {over['set_at']}"
                        + (f": {over['note']}" if over["note"] else ""), highlight=False)


@actors_app.command("set")
def set_actor(
    name: Annotated[str, typer.Argument(help="The actor's name, as it is coded.")],
    code: Annotated[str, typer.Option("--code", help="CAMEO actor code, e.g. TURGOV.")],
    country: Annotated[str | None, typer.Option(help="ISO3 country, IGO or NGO.")] = None,
    sector: Annotated[list[str] | None, typer.Option(
        "--sector", help="CAMEO sector, e.g. GOV; repeat for more.")] = None,
    note: Annotated[str | None, typer.Option(help="Why, or since when.")] = None,
    db: DbOpt = _DEFAULT_DB,
) -> None:
    """Record that NAME should be coded as CODE (an override kept in the store)."""
    with _store(db) as store:
        try:
            store.set_actor(name, code, country, sector, note)
        except ValueError as exc:
            raise usage_error(str(exc)) from None
        saved = store.overrides()[name.strip()]
    info(f"{name.strip()} -> {saved['code']} ({saved['country'] or '-'}, "
         f"{_sectors(saved['sectors']) or '-'}) saved in {shown(db)}; `tacitus recode --db ...` "
         "applies it to the documents already stored")


def quotes(
    actor: Annotated[str | None, typer.Option(
        help="Speaker's country (TUR), actor code (TURGOV) or name.")] = None,
    db: DbOpt = _DEFAULT_DB,
    limit: LimitOpt = 100,
    fmt: FormatOpt = "table",
    doc: Annotated[str | None, typer.Option(help="Only quotes of this document id.")] = None,
) -> None:
    """List stored quotes with their speakers, e.g. everything Turkish speakers said."""
    _check_format(fmt)
    with query_store(db) as store:
        rows = list(store.quotes(actor=actor, doc_id=doc, limit=limit))
    if fmt == "jsonl":
        _jsonl(rows)
    else:
        _table(None, ["date", "speaker", "code", "quote", "doc"],
               [[q["date"], (q["speaker"] or {}).get("name"), (q["speaker"] or {}).get("code"),
                 q["text"], q["doc_id"]] for q in rows])
    info(f"{len(rows)} quotes")


def happenings(
    db: DbOpt = _DEFAULT_DB,
    rules: Annotated[Path | None, typer.Option(
        "--rules", help="YAML file of happening rules, as src/tacitus/data/happenings.yaml; "
        "what it leaves out takes the bundled value.")] = None,
    window: Annotated[int | None, typer.Option(
        "--window", min=0, max=366, help="Days within which all event dates of one happening "
        "lie (bundled: 1).")] = None,
    match: Annotated[str | None, typer.Option(
        "--match", help="Compatible CAMEO codes: root, base, code or plover (bundled: root).")]
    = None,
    show: Annotated[bool, typer.Option(
        "--show", help="Print the figures only: recompute nothing (the store is opened "
        "read-only).")] = False,
    fmt: FormatOpt = "table",
) -> None:
    """Recompute every happening (events of different documents that tell one act) from the
    stored events and print how many merged. With --rules, --window or --match the store
    takes those rules and keeps them for later ingests. Upgrades a store written by an older
    Tacitus without coding anything again. Ingests keep happenings up to date by themselves."""
    from .happening_rules import Rules

    _check_format(fmt)
    if show and (rules or window is not None or match is not None):
        raise usage_error("--show recomputes nothing: leave out --rules, --window and --match.")
    try:
        given = Rules.from_file(str(rules)) if rules else None
    except ValueError as exc:
        raise usage_error(str(exc)) from None
    with (query_store(db) if show else _store(db)) as store:
        if not show:
            try:
                new = None
                if given or window is not None or match is not None:
                    base = given or Rules.from_dict(store.summary()["happenings"]["rules"], db)
                    new = base.changed(window_days=window, match=match)
            except ValueError as exc:
                raise usage_error(str(exc)) from None
            store.refresh_happenings(new)
        summary = store.summary()
    found = {"events": summary["events"], **summary["happenings"]}
    if fmt == "jsonl":
        _jsonl([found])
    else:
        _happening_table(found)
    info(f"{found['count']} happenings of {found['events']} events in {shown(db)}")


def _happening_table(found: dict[str, Any]) -> None:
    rules = found["rules"]
    console = Console(highlight=False)
    console.print(f"{found['events']} events, {found['count']} happenings; "
                  f"{found['merged_events']} events are in happenings told by several "
                  "documents")
    console.print("rules: " + ", ".join(f"{k} {v}" for k, v in sorted(rules.items())),
                  soft_wrap=True)
    total = max(1, found["count"])
    _table(None, ["articles", "happenings", "share"],
           [[r["articles"], r["happenings"], f"{r['happenings'] / total:.1%}"]
            for r in found["by_articles"]])
