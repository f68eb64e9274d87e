"""Command-line interface: `tacitus code|ingest|events|export|eval|demo|bench`.

Data goes to stdout, logs and progress to stderr. Exit codes: 0 success, 1 some input records
failed (the rest were processed), 2 usage error or nothing could be read, 3 store error.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from .config import DEFAULT_CODER, DEFAULT_DB, DEFAULT_MODEL, Settings

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Tacitus: code news text into CAMEO/PLOVER political events.")
err = Console(stderr=True)
log = logging.getLogger("tacitus")

DbOpt = Annotated[str, typer.Option("--db", envvar="TACITUS_DB",
                                    help="Event store: DuckDB file or postgresql:// URL.")]
ModelOpt = Annotated[str, typer.Option("--model", envvar="TACITUS_MODEL",
                                       help="spaCy pipeline name or path.")]
CoderOpt = Annotated[str, typer.Option(
    "--coder", envvar="TACITUS_CODER",
    help="patterns (lexicon only), model (learned layer only) or both.")]
DateOpt = Annotated[str | None, typer.Option(
    "--date", help="Publication date YYYY-MM-DD for inputs that have none.")]
PublisherOpt = Annotated[str | None, typer.Option(
    "--publisher", envvar="TACITUS_PUBLISHER",
    help="CAMEO actor code of the publisher (e.g. USAGOV) for documents that name none: "
    "'we' and 'our' in the text's own voice resolve to it.")]
ActorsOpt = Annotated[list[Path] | None, typer.Option(
    "--actors", help="User actor dictionary (YAML, CSV or PETRARCH format); repeatable. "
    "Its entries win over the built-in lists.")]


def _dictionary(files: list[Path] | None, overrides: dict | None = None):
    """User dictionaries from files and stored corrections (`tacitus actors set`)."""
    from .coding.dictionaries import ActorDictionary

    out = ActorDictionary()
    for f in files or []:
        try:
            out = out.merge(ActorDictionary.load(f))
        except (OSError, ValueError) as exc:
            err.print(f"[red]error[/red]: actor dictionary {f}: {exc}")
            raise typer.Exit(2) from None
    if overrides:
        out = out.merge(ActorDictionary.from_overrides(overrides))
    return out


class Problems:
    """Collects input problems, printing each to stderr as it comes."""

    def __init__(self) -> None:
        self.fatal = 0
        self.warnings = 0

    def __call__(self, problem) -> None:
        if getattr(problem, "fatal", True):
            self.fatal += 1
            err.print(f"[red]error[/red]: {problem}", highlight=False)
        else:
            self.warnings += 1
            err.print(f"[yellow]warning[/yellow]: {problem}", highlight=False)


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=False,
                    disable=not err.is_terminal)


def _documents(paths: list[str], problems: Problems, date: str | None, settings: Settings):
    from dataclasses import replace

    from .ingest import read_inputs

    docs = read_inputs(paths or ["-"], problems, max_chars=settings.max_chars, default_date=date)
    if not settings.publisher:
        return docs
    return (d if d.publisher else replace(d, publisher=settings.publisher) for d in docs)


def _publisher(code: str | None) -> str | None:
    from .coding.dictionaries import code_actor

    if code and code_actor(code) is None:
        err.print(f"[red]error[/red]: --publisher {code!r}: not a CAMEO actor code with a known "
                  "country (e.g. USAGOV, GBRGOV, IGOUNO).")
        raise typer.Exit(2)
    return code.upper() if code else None


def _coder(name: str) -> str:
    from .coding.model import MODES

    if name not in MODES:
        err.print(f"[red]error[/red]: --coder {name!r}: use one of {', '.join(MODES)}.")
        raise typer.Exit(2)
    return name


def _validate_date(date: str | None) -> None:
    if date is None:
        return
    from datetime import date as _d

    try:
        _d.fromisoformat(date)
    except ValueError:
        err.print(f"[red]error[/red]: --date {date!r} is not a date; use YYYY-MM-DD.")
        raise typer.Exit(2) from None


def _results(paths, problems, date, settings, workers: int = 1, dictionary=None) -> Iterator:
    from .nlp import ModelNotFound
    from .pipeline import run

    try:
        yield from run(_documents(paths, problems, date, settings), settings, n_process=workers,
                       dictionary=dictionary)
    except ModelNotFound as exc:
        err.print(f"[red]error[/red]: {exc}")
        raise typer.Exit(2) from None


def _exit_code(problems: Problems, failed: int, seen: int) -> int:
    if seen == 0 and (problems.fatal or failed):
        return 2
    return 1 if (problems.fatal or failed) else 0


@app.command()
def code(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Files or directories (.txt .jsonl .json .csv .html); '-' or nothing for stdin.")]
    = None,
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help="table | jsonl | csv | gdelt")] = "table",
    date: DateOpt = None,
    model: ModelOpt = DEFAULT_MODEL,
    actors: ActorsOpt = None,
    coder: CoderOpt = DEFAULT_CODER,
    publisher: PublisherOpt = None,
) -> None:
    """Code articles and write their events to stdout, without storing them."""
    from .export import write

    if fmt not in ("table", "jsonl", "csv", "gdelt"):
        err.print(f"[red]error[/red]: unknown format {fmt!r}; use table, jsonl, csv or gdelt.")
        raise typer.Exit(2)
    _validate_date(date)
    settings = Settings(model=model, coder=_coder(coder), publisher=_publisher(publisher))
    dictionary = _dictionary(actors)
    problems, failed, seen = Problems(), 0, 0
    records: list[dict] = []

    def stream():
        nonlocal failed, seen
        for res in _results(paths or [], problems, date, settings, 1, dictionary):
            seen += 1
            if res.error:
                failed += 1
                err.print(f"[red]error[/red]: {res.error}")
                continue
            for e in res.events:
                d = e.to_dict()
                d["url"] = res.document.url
                yield d

    if fmt == "table":
        records = list(stream())
        write(records, "table", sys.stdout)
    else:
        write(stream(), fmt, sys.stdout)
    raise typer.Exit(_exit_code(problems, failed, seen))


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or directories to code and store.")],
    db: DbOpt = DEFAULT_DB,
    date: DateOpt = None,
    model: ModelOpt = DEFAULT_MODEL,
    workers: Annotated[int, typer.Option(help="spaCy worker processes.")] = 1,
    actors: ActorsOpt = None,
    coder: CoderOpt = DEFAULT_CODER,
    publisher: PublisherOpt = None,
) -> None:
    """Code articles and store documents and events in the database, with a progress bar.

    Actor corrections saved with `tacitus actors set` in the same database are applied."""
    _validate_date(date)
    settings = Settings(model=model, db=db, coder=_coder(coder), publisher=_publisher(publisher))
    stats = _ingest(paths, settings, date, workers, actors=actors)
    raise typer.Exit(stats)


def _ingest(paths: list[str], settings: Settings, date: str | None, workers: int = 1,
            label: str = "coding", actors: list[Path] | None = None) -> int:
    from .store import Entry, open_store

    problems = Problems()
    counts = {"seen": 0, "failed": 0, "stored": 0, "dupes": 0, "events": 0}
    try:
        store = open_store(settings.db)
    except Exception as exc:
        err.print(f"[red]error[/red]: cannot open store {settings.db!r}: {exc}")
        return 3
    dictionary = _dictionary(actors, store.overrides())
    with store, _progress() as bar:
        task = bar.add_task(label, total=None)

        def entries():
            for res in _results(paths, problems, date, settings, workers, dictionary):
                counts["seen"] += 1
                bar.advance(task)
                if res.error:
                    counts["failed"] += 1
                    err.print(f"[red]error[/red]: {res.error}")
                    continue
                yield Entry(res.document, res.events, res.n_sentences, res.tone, res.quotes)

        for o in store.add_many(entries(), batch_size=64):
            doc = o.entry.document
            if o.error is not None:
                counts["failed"] += 1
                err.print(f"[red]error[/red]: {doc.source or ''} record {doc.id}: could not "
                          f"store ({o.error}); the other documents are kept")
            elif o.added:
                counts["stored"] += 1
                counts["events"] += len(o.entry.events)
            else:
                counts["dupes"] += 1
    err.print(f"{counts['seen']} documents read, {counts['stored']} stored "
              f"({counts['dupes']} already stored), {counts['events']} events, "
              f"{counts['failed'] + problems.fatal} failed -> {settings.db}")
    if counts["stored"]:
        err.print(f"next: `tacitus events --db {settings.db}` or "
                  f"`tacitus export --db {settings.db} --format jsonl out.jsonl`")
    return _exit_code(problems, counts["failed"], counts["seen"])


def _query(db: str, **filters) -> Iterator[dict]:
    from .store import open_store

    if not Path(db).exists() and "://" not in db:
        err.print(f"[red]error[/red]: no event store at {db!r}; run `tacitus ingest PATH --db "
                  f"{db}` first.")
        raise typer.Exit(3)
    with open_store(db) as store:
        yield from store.events(**filters)


Actor = Annotated[str | None, typer.Option(help="ISO3 country as source or target, e.g. TUR.")]
Dyad = Annotated[str | None, typer.Option(help="Directed source-target pair, e.g. USA-TUR.")]
Root = Annotated[str | None, typer.Option(help="CAMEO root code, e.g. 16.")]
Since = Annotated[str | None, typer.Option(help="Events on or after YYYY-MM-DD.")]
Until = Annotated[str | None, typer.Option(help="Events on or before YYYY-MM-DD.")]


@app.command()
def events(
    db: DbOpt = DEFAULT_DB,
    actor: Actor = None, dyad: Dyad = None, root: Root = None,
    since: Since = None, until: Until = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help="table | jsonl | csv | gdelt")] = "table",
) -> None:
    """Query stored events and write them to stdout."""
    from .export import write

    recs = _query(db, actor=actor, dyad=dyad, root=root, since=since, until=until, limit=limit)
    n = write(recs, fmt, sys.stdout)
    err.print(f"{n} events")


@app.command()
def export(
    out: Annotated[str, typer.Argument(help="Output file ('-' for stdout; not for parquet).")],
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help="jsonl | csv | parquet | gdelt")] = "jsonl",
    db: DbOpt = DEFAULT_DB,
    actor: Actor = None, dyad: Dyad = None, root: Root = None,
    since: Since = None, until: Until = None,
) -> None:
    """Export stored events as JSONL, CSV, Parquet or GDELT 2.0 (61 columns)."""
    from .export import write

    if fmt not in ("jsonl", "csv", "parquet", "gdelt"):
        err.print(f"[red]error[/red]: unknown format {fmt!r}; use jsonl, csv, parquet or gdelt.")
        raise typer.Exit(2)
    recs = _query(db, actor=actor, dyad=dyad, root=root, since=since, until=until)
    try:
        n = write(recs, fmt, sys.stdout if out == "-" else out)
    except ValueError as exc:
        err.print(f"[red]error[/red]: {exc}")
        raise typer.Exit(2) from None
    err.print(f"{n} events written to {out}")


@app.command("eval")
def eval_(
    gold: Annotated[Path, typer.Argument(
        help="Gold JSONL: annotated news (shared/annotated/*.jsonl: whole documents are coded "
             "and scored on country pair + CAMEO root) or the PLOVER GSR format.")],
    report: Annotated[Path | None, typer.Option(
        help="Write every error (sentence, context, gold, emitted) to this .md or .html file.")
    ] = None,
    corpus: Annotated[Path | None, typer.Option(
        help="Annotated news only: the folder holding <corpus>/articles.jsonl "
             "(default: ../corpus beside the gold file's folder).")] = None,
    model: ModelOpt = DEFAULT_MODEL,
    json_out: Annotated[bool, typer.Option("--json", help="Print metrics as JSON.")] = False,
    coder: CoderOpt = DEFAULT_CODER,
) -> None:
    """Score the coder on gold data. Annotated news: precision, recall and F1 on the country
    pair plus CAMEO root, recall per root, and why each missed event was missed. PLOVER GSR:
    type P/R/F1, full match, actor accuracy, confusion."""
    from .evaluate_news import is_annotated

    settings = Settings(model=model, coder=_coder(coder))
    if is_annotated(gold):
        _eval_news(gold, corpus or gold.resolve().parent.parent / "corpus", settings, report,
                   json_out)
        return
    from .evaluate import evaluate, read_gold
    from .pipeline import code_texts
    from .report import print_report, write_report

    try:
        rows = read_gold(gold)
    except (OSError, ValueError) as exc:
        err.print(f"[red]error[/red]: {exc}")
        raise typer.Exit(2) from None
    rep = evaluate(rows, lambda docs: code_texts(docs, settings))
    print_report(rep, json_out)
    if report:
        write_report(rep, report)
        err.print(f"error report written to {report}")


def _eval_news(gold: Path, corpus: Path, settings: Settings, report: Path | None,
               json_out: bool) -> None:
    from .evaluate_news import AnnotatedInputError, documents, evaluate_news, read_annotated
    from .pipeline import run
    from .report_news import print_news, write_news_report

    try:
        rows, problems = read_annotated(gold)
        docs = documents(rows, corpus)
    except AnnotatedInputError as exc:
        err.print(f"[red]error[/red]: {exc}")
        raise typer.Exit(2) from None
    for p in problems:
        err.print(f"[yellow]warning[/yellow]: {p}")

    def code(ds):
        with _progress() as bar:
            task = bar.add_task("coding documents", total=len(ds))
            for r in run(ds, settings):
                if r.error:
                    err.print(f"[yellow]warning[/yellow]: {r.error}")
                bar.advance(task)
                yield r.events

    rep = evaluate_news(rows, docs, lambda ds: list(code(ds)))
    print_news(rep, json_out)
    if report:
        write_news_report(rep, report)
        err.print(f"error report written to {report}")


@app.command()
def demo(
    db: DbOpt = DEFAULT_DB,
    model: ModelOpt = DEFAULT_MODEL,
) -> None:
    """Code the bundled demo corpus into the store and print a summary."""
    from .codebook import data_path
    from .report import print_summary
    from .store import open_store

    folder = data_path("demo")
    paths = sorted(str(p) for p in Path(str(folder)).glob("*.jsonl"))
    settings = Settings(model=model, db=db)
    code_ = _ingest(paths, settings, None, label="demo corpus")
    if code_ >= 2:
        raise typer.Exit(code_)
    with open_store(db) as store:
        print_summary(store.summary())
    raise typer.Exit(code_)


@app.command()
def bench(
    corpus: Annotated[Path, typer.Option(help="JSONL corpus to code.")] = Path(
        "../shared/corpus/state_dept_press_releases/articles.jsonl"),
    limit: Annotated[int, typer.Option(help="Documents to code (a fixed first-N sample).")] = 200,
    model: ModelOpt = DEFAULT_MODEL,
    repeat: Annotated[int, typer.Option(
        help="Alternating runs of each path; the fastest of each is reported.")] = 2,
) -> None:
    """Words/s and peak memory of Tacitus end to end against bare spaCy on the same texts."""
    from .bench import run_bench

    if not corpus.exists():
        err.print(f"[red]error[/red]: corpus {corpus} not found; pass --corpus FILE.jsonl.")
        raise typer.Exit(2)
    run_bench(corpus, limit, model, repeat)


def _register() -> None:
    from .cli_store import actors_app, quotes

    app.add_typer(actors_app, name="actors", help="Inspect and correct the stored actor table.")
    app.command("quotes")(quotes)
    from .serve.cli import serve

    app.command("serve")(serve)


_register()


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
