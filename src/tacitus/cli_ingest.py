"""Coding into a store: `tacitus ingest` (and `demo`) and `tacitus recode`.

A document already stored with the same text is skipped before parsing, so a resumed ingest
codes only what is missing. The summary counts what happened to each document: new,
unchanged, replaced or failed.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from .cli_util import (
    DbOpt,
    Problems,
    err,
    error,
    existing_store,
    exit_code,
    info,
    query_date,
    shown,
    warning,
)
from .config import DEFAULT_DB, DEFAULT_MODEL, Settings
from .ingest import batches
from .records import Document
from .sinks import ParquetSink, Report, SinkError, StoreSink
from .store import Entry, Store, StoreError, is_postgres, open_store
from .store.base import FAILED, NEW, UNCHANGED
from .store.parquet import ParquetDataset, run_name
from .store.rows import text_hash

CHECK_CHUNK = 32  # documents looked up in the store at once before parsing
INTERRUPTED = 130


class StopOnCtrlC:
    """While active, the first Ctrl-C asks the run to stop after the current document (what is
    coded is stored, workers are stopped); a second one stops at once."""

    def __init__(self) -> None:
        self.requested = False
        self._previous = None

    def _handle(self, signum, frame) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        warning("stopping after the current document (Ctrl-C again to stop at once)")

    def __enter__(self) -> StopOnCtrlC:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


@dataclass
class Counts:
    read: int = 0
    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    failed: int = 0
    events: int = 0
    seen: set[tuple[str, str]] = field(default_factory=set)

    def line(self, problems: Problems, db: str) -> str:
        return (f"{self.read} documents read: {self.new} new, {self.unchanged} unchanged, "
                f"{self.replaced} replaced, {self.failed + problems.fatal} failed; "
                f"{self.events} events stored -> {shown(db)}")


def progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=False,
                    disable=not err.is_terminal)


def unseen(docs: Iterable[Document], store: Store | ParquetDataset, counts: Counts,
           ) -> Iterator[Document]:
    """The documents not stored yet with the same text, counting the others as unchanged."""
    for chunk in batches(docs, CHECK_CHUNK):
        counts.read += len(chunk)
        for doc, known in zip(chunk, store.known(chunk), strict=True):
            key = (doc.id, text_hash(doc.text))
            if known or key in counts.seen:
                counts.unchanged += 1
                continue
            counts.seen.add(key)
            yield doc


def until_stopped(items: Iterable, stop: StopOnCtrlC | None, on_item=None) -> Iterator:
    """`items` until `stop` is requested (then the source is closed: its parser and workers
    stop), calling `on_item` for each."""
    for item in items:
        if stop is not None and stop.requested:
            close = getattr(items, "close", None)
            if close:
                close()
            return
        if on_item:
            on_item()
        yield item


def tally(reports: Iterable[Report], counts: Counts) -> None:
    """Count and report what became of each document."""
    for r in reports:
        if r.status == FAILED:
            counts.failed += 1
            error(r.error or f"{r.where}: failed")
            continue
        if r.note:
            warning(f"{r.where}: {r.note}")
        if r.status == UNCHANGED:
            counts.unchanged += 1
            continue
        counts.events += r.n_events
        if r.status == NEW:
            counts.new += 1
        else:
            counts.replaced += 1


def store_results(store: Store, results: Iterable, counts: Counts, on_result=None,
                  force: bool = False, stop: StopOnCtrlC | None = None) -> None:
    """Write coded results, counting and reporting each document's outcome; `force` replaces
    documents stored with the same text (a re-code). Ends early when `stop` is requested."""

    def entries() -> Iterator[Entry]:
        for res in until_stopped(results, stop, on_result):
            if res.error:
                tally([Report.failed(res.document, res.error)], counts)
                continue
            yield Entry(res.document, res.events, res.n_sentences, res.tone, res.quotes,
                        force=force)

    tally((Report.of(o) for o in store.add_many(entries(), batch_size=64)), counts)


def _target(settings: Settings, parquet: str | None) -> Store | ParquetDataset:
    """The store of `settings.db`, or the Parquet dataset in folder `parquet`."""
    if parquet is not None:
        return ParquetDataset(parquet).check()
    return open_store(settings.db)


def _sink(target: Store | ParquetDataset, settings: Settings, dask: str | None):
    """Where Dask workers write (None: they send results back and this process stores them,
    as DuckDB, one writer per file, needs)."""
    if not dask:
        return None
    if isinstance(target, ParquetDataset):
        return ParquetSink(str(target.root.resolve()), run_name())
    if is_postgres(settings.db):
        return StoreSink(settings.db)
    return None


def run_ingest(paths: list[str], settings: Settings, date: str | None, workers: int = 1,
               label: str = "coding", actors: list[Path] | None = None,
               input_format: str = "auto", dask: str | None = None,
               parquet: str | None = None, partition: int | None = None) -> int:
    """Code `paths` into the store of `settings.db` (or, with `parquet`, the Parquet dataset
    in that folder, written by Dask workers); returns the exit code. With `dask` (a scheduler
    address or local:N) the documents are coded on a Dask cluster in partitions of
    `partition` documents."""
    from .cli import _dictionary, _documents, _results

    problems = Problems()
    counts = Counts()
    where = parquet if parquet is not None else settings.db
    try:
        target = _target(settings, parquet)
    except (StoreError, ValueError) as exc:
        error(f"cannot open {'dataset' if parquet else 'store'} {shown(where)!r}: {exc}")
        return 3
    overrides = target.overrides() if isinstance(target, Store) else None
    dictionary = _dictionary(actors, overrides)
    sink = _sink(target, settings, dask)
    try:
        with progress() as bar, StopOnCtrlC() as stop:
            task = bar.add_task(label, total=None)
            docs = unseen(_documents(paths, problems, date, settings, input_format), target,
                          counts)
            results = _results(docs, problems, settings, workers, dictionary, dask=dask,
                               sink=sink, partition=partition)
            if sink is None:
                assert isinstance(target, Store)
                store_results(target, results, counts, lambda: bar.advance(task), stop=stop)
            else:
                tally(until_stopped(results, stop, lambda: bar.advance(task)), counts)
    except SinkError as exc:
        error(str(exc))
        info(counts.line(problems, where))
        return 3
    finally:
        if isinstance(target, Store):
            target.close()
    info(counts.line(problems, where))
    if stop.requested:
        error("interrupted; what was coded is stored, and running the same ingest again codes "
              "only what is missing")
        return INTERRUPTED
    if parquet is not None and (counts.new or counts.replaced):
        info(f"next: `tacitus load-parquet {parquet} --db events.duckdb`, then query that store")
    elif counts.new or counts.replaced:
        info(f"next: `tacitus events --db {shown(settings.db)}` or "
             f"`tacitus export --db {shown(settings.db)} --format jsonl out.jsonl`")
    return exit_code(problems, counts.failed, counts.read)




def recode(
    db: DbOpt = DEFAULT_DB,
    since: Annotated[str | None, typer.Option(
        help="Only documents dated on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(
        help="Only documents dated on or before YYYY-MM-DD.")] = None,
    model: Annotated[str, typer.Option("--model", envvar="TACITUS_MODEL",
                                       help="spaCy pipeline name or path.")] = DEFAULT_MODEL,
    coder: Annotated[str, typer.Option("--coder", envvar="TACITUS_CODER",
                                       help="patterns, model or both.")] = "both",
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
) -> None:
    """Code stored documents again, so that actor corrections (`tacitus actors set`) and a new
    model or lexicon reach them; their events and quotes are replaced."""
    from .cli import _coder, _dictionary
    from .pipeline import run

    since_, until_ = query_date(since, "--since"), query_date(until, "--until", end=True)
    settings = Settings(model=model, db=db, coder=_coder(coder))
    counts = Counts()
    with existing_store(db) as store, progress() as bar, StopOnCtrlC() as stop:
        task = bar.add_task("re-coding", total=None)
        dictionary = _dictionary(None, store.overrides())
        docs = list(store.stored_documents(since_, until_))
        counts.read = len(docs)
        results = run(docs, settings, n_process=workers, dictionary=dictionary)
        store_results(store, results, counts, lambda: bar.advance(task), force=True,
                      stop=stop)
        missing = store.summary()["documents"] - len(docs)
    if missing and not (since_ or until_):
        warning(f"{missing} stored documents have no stored text (ingested by an older "
                "Tacitus) and were not re-coded; ingest their files again")
    done = counts.new + counts.replaced
    info(f"{done} documents re-coded: {counts.events} events, {counts.failed} failed "
         f"-> {shown(db)}")
    if stop.requested:
        error(f"interrupted; {counts.read - done - counts.failed} documents were not re-coded")
        raise typer.Exit(INTERRUPTED)
    raise typer.Exit(1 if counts.failed else 0)
