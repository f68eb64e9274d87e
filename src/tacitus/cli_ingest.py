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
from .store import Entry, Store, StoreError, open_store
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


def unseen(docs: Iterable[Document], store: Store, counts: Counts) -> Iterator[Document]:
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


def store_results(store: Store, results: Iterable, counts: Counts, on_result=None,
                  force: bool = False, stop: StopOnCtrlC | None = None) -> None:
    """Write coded results, counting and reporting each document's outcome; `force` replaces
    documents stored with the same text (a re-code). Ends early when `stop` is requested."""

    def entries() -> Iterator[Entry]:
        for res in results:
            if stop is not None and stop.requested:
                close = getattr(results, "close", None)
                if close:
                    close()  # stops the parser and its workers
                return
            if on_result:
                on_result()
            if res.error:
                counts.failed += 1
                error(res.error)
                continue
            yield Entry(res.document, res.events, res.n_sentences, res.tone, res.quotes,
                        force=force)

    for o in store.add_many(entries(), batch_size=64):
        doc = o.entry.document
        where = f"{doc.source or ''} record {doc.id}".strip()
        if o.error is not None:
            counts.failed += 1
            error(f"{where}: could not store ({o.error}); the other documents are kept")
            continue
        if o.note:
            warning(f"{where}: {o.note}")
        if o.status == "unchanged":
            counts.unchanged += 1
            continue
        counts.events += len(o.entry.events)
        if o.status == "new":
            counts.new += 1
        else:
            counts.replaced += 1


def run_ingest(paths: list[str], settings: Settings, date: str | None, workers: int = 1,
               label: str = "coding", actors: list[Path] | None = None,
               input_format: str = "auto", dask: str | None = None) -> int:
    """Code `paths` into the store of `settings.db`; returns the exit code. With `dask`
    (a scheduler address or local:N) the documents are coded on a Dask cluster."""
    from .cli import _dictionary, _documents, _results

    problems = Problems()
    counts = Counts()
    try:
        store = open_store(settings.db)
    except (StoreError, ValueError) as exc:
        error(f"cannot open store {shown(settings.db)!r}: {exc}")
        return 3
    dictionary = _dictionary(actors, store.overrides())
    with store, progress() as bar, StopOnCtrlC() as stop:
        task = bar.add_task(label, total=None)
        docs = unseen(_documents(paths, problems, date, settings, input_format), store, counts)
        results = _results(docs, problems, settings, workers, dictionary, dask=dask)
        store_results(store, results, counts, lambda: bar.advance(task), stop=stop)
    info(counts.line(problems, settings.db))
    if stop.requested:
        error("interrupted; what was coded is stored, and running the same ingest again codes "
              "only what is missing")
        return INTERRUPTED
    if counts.new or counts.replaced:
        info(f"next: `tacitus events --db {shown(settings.db)}` or "
             f"`tacitus export --db {shown(settings.db)} --format jsonl out.jsonl`")
    return exit_code(problems, counts.failed, counts.read)


DbOpt = Annotated[str, typer.Option("--db", envvar="TACITUS_DB",
                                    help="Event store: DuckDB file or postgresql:// URL.")]


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
