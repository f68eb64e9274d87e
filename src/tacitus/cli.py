"""Command-line interface: `tacitus code|ingest|events|export|eval|demo|bench` (and the store
commands of `cli_store`, `cli_ingest` and `serve.cli`).

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

from . import __version__
from .cli_util import (
    DbOpt,
    Problems,
    error,
    exit_code,
    info,
    query_date,
    query_store,
    usage_error,
    warning,
)
from .config import DEFAULT_CODER, DEFAULT_DB, DEFAULT_MAX_CHARS, DEFAULT_MODEL, Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Tacitus: code news text into CAMEO/PLOVER political events.")
log = logging.getLogger("tacitus")
_DEBUG = {"on": False}

ModelOpt = Annotated[str, typer.Option("--model", envvar="TACITUS_MODEL",
                                       help="spaCy pipeline name or path.")]
CoderOpt = Annotated[str, typer.Option(
    "--coder", envvar="TACITUS_CODER",
    help="accurate (the default where the accurate extra is installed: linear scorers over "
         "parse candidates plus a fine-tuned MiniLM tagger), learned (the default without "
         "it: the linear scorers alone; faster, less accurate), patterns (lexicon rules only), "
         "model or both (the older PLOVER classifier).")]
DateOpt = Annotated[str | None, typer.Option(
    "--date", help="Publication date YYYY-MM-DD for inputs that have none.")]
PublisherOpt = Annotated[str | None, typer.Option(
    "--publisher", envvar="TACITUS_PUBLISHER",
    help="CAMEO actor code of the publisher (e.g. USAGOV) for documents that name none: "
    "'we' and 'our' in the text's own voice resolve to it.")]
ActorsOpt = Annotated[list[Path] | None, typer.Option(
    "--actors", help="User actor dictionary (YAML, CSV or PETRARCH format); repeatable. "
    "Its entries win over the built-in lists.")]
MaxCharsOpt = Annotated[int, typer.Option(
    "--max-chars", envvar="TACITUS_MAX_CHARS", min=1000,
    help="Longer documents are cut (at a paragraph, sentence or word) with a warning.")]
InputFormatOpt = Annotated[str, typer.Option(
    "--input-format", help="How to read stdin: auto (detects JSON Lines, JSON and CSV with a "
    "'text' column), text, jsonl, json or csv.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tacitus {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", envvar="TACITUS_DEBUG",
                                        help="Show tracebacks of unexpected errors.")] = False,
) -> None:
    """Tacitus: code news text into CAMEO/PLOVER political events."""
    _DEBUG["on"] = debug


def _dictionary(files: list[Path] | None, overrides: dict | None = None):
    """User dictionaries from files and stored corrections (`tacitus actors set`)."""
    from .coding.dictionaries import ActorDictionary

    out = ActorDictionary()
    for f in files or []:
        try:
            out = out.merge(ActorDictionary.load(f))
        except (OSError, ValueError) as exc:
            raise usage_error(f"actor dictionary {f}: {exc}") from None
    if overrides:
        out = out.merge(ActorDictionary.from_overrides(overrides))
    return out


def _documents(paths: list[str], problems: Problems, date: str | None, settings: Settings,
               input_format: str = "auto"):
    from dataclasses import replace

    from .ingest import INPUT_FORMATS, read_inputs

    if input_format not in INPUT_FORMATS:
        raise usage_error(f"--input-format {input_format!r}: use one of "
                          f"{', '.join(INPUT_FORMATS)}.")
    docs = read_inputs(paths or ["-"], problems, max_chars=settings.max_chars, default_date=date,
                       input_format=input_format)
    if not settings.publisher:
        return docs
    return (d if d.publisher else replace(d, publisher=settings.publisher) for d in docs)


def _publisher(code: str | None) -> str | None:
    from .coding.dictionaries import code_actor

    if code and code_actor(code) is None:
        raise usage_error(f"--publisher {code!r}: not a CAMEO actor code with a known country "
                          "(e.g. USAGOV, GBRGOV, IGOUNO).")
    return code.upper() if code else None


def _coder(name: str) -> str:
    from .config import CODERS

    if name not in CODERS:
        raise usage_error(f"--coder {name!r}: use one of {', '.join(CODERS)}.")
    if name == "accurate":
        from .coding.learned import LearnedCoder
        from .coding.vectors import vectors

        try:  # its taggers (or vectors) need the accurate extra
            coder = LearnedCoder.load("coder-accurate")
            if coder is not None:
                vectors(coder.vectors)
        except RuntimeError as exc:
            raise usage_error(str(exc)) from None
        if coder is None:
            raise usage_error("--coder accurate: its artefact is not installed; build it with "
                              "`make train-accurate`, or use --coder learned.")
    return name


def _validate_date(date: str | None) -> None:
    if date is None:
        return
    from datetime import date as _d

    try:
        _d.fromisoformat(date)
    except ValueError:
        raise usage_error(f"--date {date!r} is not a date; use YYYY-MM-DD.") from None


def _results(docs, problems, settings, workers: int = 1, dictionary=None,
             dask: str | None = None, sink=None, partition: int | None = None) -> Iterator:
    from .config import ModelNotFound

    try:
        if dask:
            from .dask_exec import PARTITION, DaskUnavailable, run_dask

            try:
                yield from run_dask(docs, settings, dask, dictionary,
                                    partition=partition or PARTITION, sink=sink)
            except DaskUnavailable as exc:
                raise usage_error(str(exc)) from None
            return
        from .pipeline import run

        yield from run(docs, settings, n_process=workers, dictionary=dictionary)
    except ModelNotFound as exc:
        raise usage_error(str(exc)) from None


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
    max_chars: MaxCharsOpt = DEFAULT_MAX_CHARS,
    input_format: InputFormatOpt = "auto",
) -> None:
    """Code articles and write their events to stdout, without storing them."""
    from .export import write

    if fmt not in ("table", "jsonl", "csv", "gdelt"):
        raise usage_error(f"unknown format {fmt!r}; use table, jsonl, csv or gdelt.")
    _validate_date(date)
    settings = Settings(model=model, coder=_coder(coder), publisher=_publisher(publisher),
                        max_chars=max_chars)
    dictionary = _dictionary(actors)
    problems, failed, seen = Problems(), 0, 0
    records: list[dict] = []

    def stream():
        nonlocal failed, seen
        docs = _documents(paths or [], problems, date, settings, input_format)
        for res in _results(docs, problems, settings, 1, dictionary):
            seen += 1
            if res.error:
                failed += 1
                error(res.error)
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
    raise typer.Exit(exit_code(problems, failed, seen))


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="Files or directories to code and store.")],
    db: DbOpt = DEFAULT_DB,
    date: DateOpt = None,
    model: ModelOpt = DEFAULT_MODEL,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes (parse and code).")]
    = 1,
    actors: ActorsOpt = None,
    coder: CoderOpt = DEFAULT_CODER,
    publisher: PublisherOpt = None,
    max_chars: MaxCharsOpt = DEFAULT_MAX_CHARS,
    input_format: InputFormatOpt = "auto",
    dask: Annotated[str | None, typer.Option(
        help="Code on a Dask cluster: a scheduler address (tcp://host:8786) or local:N "
             "(a local cluster of N worker processes). With a PostgreSQL --db or --parquet "
             "the workers write what they code; with a DuckDB --db this process does.")] = None,
    parquet: Annotated[str | None, typer.Option(
        "--parquet", metavar="DIR",
        help="With --dask: workers write a Parquet dataset in folder DIR (shared by all "
             "machines) instead of a store; load it with `tacitus load-parquet DIR`.")] = None,
    partition: Annotated[int | None, typer.Option(
        min=1, help="With --dask: documents per Dask task, at most (default 32; a task "
        "also ends at 50,000 characters).")] = None,
) -> None:
    """Code articles and store documents and events in the database, with a progress bar.

    Documents already stored with the same text are skipped before parsing (a resume codes
    only what is missing). Actor corrections saved with `tacitus actors set` in the same
    database are applied; `tacitus recode` applies them to documents already stored."""
    from .cli_ingest import run_ingest

    _validate_date(date)
    if dask and workers > 1:
        raise usage_error("--dask and --workers: choose one (Dask workers do the coding).")
    if not dask and parquet is not None:
        raise usage_error("--parquet needs --dask (Dask workers write the dataset); without "
                          "Dask, use --db.")
    if not dask and partition is not None:
        raise usage_error("--partition needs --dask (it is the number of documents per Dask "
                          "task).")
    if parquet is not None and _given(ctx, "db"):
        raise usage_error("--db and --parquet: choose one (load the dataset into a store "
                          "afterwards with `tacitus load-parquet DIR --db STORE`).")
    settings = Settings(model=model, db=db, coder=_coder(coder), publisher=_publisher(publisher),
                        max_chars=max_chars)
    raise typer.Exit(run_ingest(paths, settings, date, workers, actors=actors,
                                input_format=input_format, dask=dask, parquet=parquet,
                                partition=partition))


def _given(ctx: typer.Context, name: str) -> bool:
    """True when option `name` was given on the command line (not its default or variable)."""
    source = ctx.get_parameter_source(name)
    return getattr(source, "name", None) == "COMMANDLINE"  # typer ships its own click


Actor = Annotated[str | None, typer.Option(help="ISO3 country as source or target, e.g. TUR.")]
Dyad = Annotated[str | None, typer.Option(help="Directed source-target pair, e.g. USA-TUR.")]
Root = Annotated[str | None, typer.Option(help="CAMEO root code, e.g. 16.")]
Since = Annotated[str | None, typer.Option(help="Events on or after YYYY-MM-DD.")]
Until = Annotated[str | None, typer.Option(help="Events on or before YYYY-MM-DD.")]


def _filters(actor, dyad, root, since, until) -> dict:
    """Query filters, validated: a bad one is a usage error (exit 2)."""
    if dyad is not None and (dyad.count("-") != 1 or not all(p.strip()
                                                            for p in dyad.split("-"))):
        raise usage_error(f"--dyad {dyad!r}: use SOURCE-TARGET, e.g. USA-TUR.")
    if root is not None and not (root.strip().isdigit() and 1 <= len(root.strip()) <= 2):
        raise usage_error(f"--root {root!r}: use a CAMEO root code, 01 to 20.")
    return {"actor": actor, "dyad": dyad, "root": root,
            "since": query_date(since, "--since"), "until": query_date(until, "--until", True)}


Happenings = Annotated[bool, typer.Option(
    "--happenings", help="One row per happening (events of different documents that tell one "
    "act) with its articles, sources, mentions and dates; a filter keeps a happening when one "
    "of its mentions matches.")]
HappeningId = Annotated[int | None, typer.Option(
    "--happening", min=1, help="Only this happening (its id): with --happenings the happening, "
    "otherwise its mentions, one event each.")]
MinArticles = Annotated[int, typer.Option(
    "--min-articles", min=1, help="With --happenings: only happenings told by at least this "
    "many documents.")]


def _records(store, filters: dict, happenings: bool, happening: int | None,
             min_articles: int, limit: int | None = None):
    """Events, or happenings (asked for, or for GDELT, whose rows are happenings)."""
    if happenings:
        return store.happenings(**filters, limit=limit, happening=happening,
                                min_articles=min_articles)
    return store.events(**filters, limit=limit, happening=happening)


def _check_happening_options(happenings: bool, min_articles: int) -> None:
    if min_articles > 1 and not happenings:
        raise usage_error("--min-articles counts a happening's documents: add --happenings.")


@app.command()
def events(
    db: DbOpt = DEFAULT_DB,
    actor: Actor = None, dyad: Dyad = None, root: Root = None,
    since: Since = None, until: Until = None,
    limit: Annotated[int | None, typer.Option(min=0, help="At most this many rows.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help="table | jsonl | csv | gdelt")] = "table",
    happenings: Happenings = False, happening: HappeningId = None, min_articles: MinArticles = 1,
) -> None:
    """Query stored events (or happenings) and write them to stdout (the store is opened
    read-only). GDELT rows are happenings, as GDELT counts events."""
    from .export import write

    if fmt not in ("table", "jsonl", "csv", "gdelt"):
        raise usage_error(f"unknown format {fmt!r} for stdout; use table, jsonl, csv or gdelt "
                          "(Parquet: `tacitus export --format parquet FILE`).")
    _check_happening_options(happenings, min_articles)
    filters = _filters(actor, dyad, root, since, until)
    happenings = happenings or fmt == "gdelt"
    with query_store(db) as store:
        n = write(_records(store, filters, happenings, happening, min_articles, limit), fmt,
                  sys.stdout, happenings=happenings)
    info(f"{n} {'happenings' if happenings else 'events'}")


@app.command()
def export(
    out: Annotated[str, typer.Argument(help="Output file ('-' for stdout; not for parquet).")],
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help="jsonl | csv | parquet | gdelt")] = "jsonl",
    db: DbOpt = DEFAULT_DB,
    actor: Actor = None, dyad: Dyad = None, root: Root = None,
    since: Since = None, until: Until = None,
    happenings: Happenings = False, happening: HappeningId = None, min_articles: MinArticles = 1,
) -> None:
    """Export stored events (or happenings) as JSONL, CSV, Parquet or GDELT 2.0 (61 columns;
    one row per happening, with its NumMentions, NumSources and NumArticles)."""
    from .export import write

    if fmt not in ("jsonl", "csv", "parquet", "gdelt"):
        raise usage_error(f"unknown format {fmt!r}; use jsonl, csv, parquet or gdelt.")
    if fmt == "parquet" and out == "-":
        raise usage_error("Parquet needs an output file, not stdout ('-').")
    _check_happening_options(happenings, min_articles)
    filters = _filters(actor, dyad, root, since, until)
    happenings = happenings or fmt == "gdelt"
    with query_store(db) as store:
        n = write(_records(store, filters, happenings, happening, min_articles), fmt,
                  sys.stdout if out == "-" else out, happenings=happenings)
    info(f"{n} {'happenings' if happenings else 'events'} written to {out}")


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
    info(f"coder: {settings.coder}")  # the default depends on the extras installed
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
        raise usage_error(str(exc)) from None
    rep = evaluate(rows, lambda docs: code_texts(docs, settings))
    print_report(rep, json_out)
    if report:
        write_report(rep, report)
        info(f"error report written to {report}")


def _eval_news(gold: Path, corpus: Path, settings: Settings, report: Path | None,
               json_out: bool) -> None:
    from .cli_ingest import progress
    from .evaluate_news import AnnotatedInputError, documents, evaluate_news, read_annotated
    from .pipeline import run
    from .report_news import print_news, write_news_report

    try:
        rows, problems = read_annotated(gold)
        docs = documents(rows, corpus)
    except AnnotatedInputError as exc:
        raise usage_error(str(exc)) from None
    for p in problems:
        warning(p)

    def code(ds):
        with progress() as bar:
            task = bar.add_task("coding documents", total=len(ds))
            for r in run(ds, settings):
                if r.error:
                    warning(r.error)
                bar.advance(task)
                yield r.events

    rep = evaluate_news(rows, docs, lambda ds: list(code(ds)))
    print_news(rep, json_out)
    if report:
        write_news_report(rep, report)
        info(f"error report written to {report}")


@app.command()
def demo(
    db: DbOpt = DEFAULT_DB,
    model: ModelOpt = DEFAULT_MODEL,
) -> None:
    """Code the bundled demo corpus into the store and print a summary."""
    from .cli_ingest import run_ingest
    from .codebook import data_path
    from .report import print_summary

    folder = data_path("demo")
    paths = sorted(str(p) for p in Path(str(folder)).glob("*.jsonl"))
    settings = Settings(model=model, db=db)
    code_ = run_ingest(paths, settings, None, label="demo corpus")
    if code_ >= 2:
        raise typer.Exit(code_)
    with query_store(db) as store:
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
    coder: CoderOpt = DEFAULT_CODER,
) -> None:
    """Words/s and peak memory of Tacitus end to end against bare spaCy on the same texts."""
    from .bench import run_bench

    if not corpus.exists():
        raise usage_error(f"corpus {corpus} not found; pass --corpus FILE.jsonl.")
    run_bench(corpus, limit, model, repeat, _coder(coder))


def _register() -> None:
    from .cli_ingest import recode
    from .cli_scale import register
    from .cli_store import actors_app, happenings, quotes
    from .serve.cli import serve

    app.add_typer(actors_app, name="actors", help="Inspect and correct the stored actor table.")
    app.command("quotes")(quotes)
    app.command("happenings")(happenings)
    app.command("recode")(recode)
    app.command("serve")(serve)
    register(app)


_register()


def main() -> None:
    """The `tacitus` command: exit 0 success, 1 some records failed, 2 usage error, 3 store
    error, 130 interrupted; a traceback only with --debug."""
    from .store import StoreError

    click_error = typer.BadParameter.__mro__[2]  # ClickException, as the installed typer has it

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        code_ = app(standalone_mode=False)
    except typer.Exit as exc:
        code_ = exc.exit_code
    except click_error as exc:
        exc.show()
        code_ = exc.exit_code
    except (KeyboardInterrupt, typer.Abort):
        error("interrupted; what was stored stays stored, and running the same ingest again "
              "codes only what is missing")
        code_ = 130
    except StoreError as exc:
        if _DEBUG["on"]:
            raise
        error(str(exc))
        code_ = 3
    except BrokenPipeError:
        code_ = 0
    except Exception as exc:  # noqa: BLE001 - the last resort: one line, not a traceback
        if _DEBUG["on"]:
            raise
        error(f"unexpected {type(exc).__name__}: {exc} (run with --debug for the traceback)")
        code_ = 1
    sys.exit(code_ if isinstance(code_, int) else 0)


if __name__ == "__main__":
    main()
