"""Commands for running at scale: `tacitus load-parquet` (a Parquet dataset that Dask workers
wrote, into a store) and `tacitus bench-scale` (Dask throughput and memory per worker)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .cli_ingest import INTERRUPTED, Counts, StopOnCtrlC, progress, tally
from .cli_util import DbOpt, Problems, error, info, shown, usage_error
from .config import DEFAULT_DB
from .sinks import Report
from .store import Store, StoreError, open_store
from .store.parquet import DatasetError, ParquetDataset


def load_dataset(dataset: ParquetDataset, store: Store, counts: Counts, problems: Problems,
                 stop: StopOnCtrlC | None = None, on_part=None) -> None:
    """Store the dataset's parts in order, each in one transaction, with the identity rules
    of an ingest; documents the store holds with the same text are skipped unread."""
    for part in dataset.parts():
        if stop is not None and stop.requested:
            return
        wanted: set[str] = set()
        try:
            docs = [d for d, _, _ in dataset.documents(part)]
            counts.read += len(docs)
            wanted = {d.id for d, known in zip(docs, store.known(docs), strict=True)
                      if not known}
            counts.unchanged += len(docs) - len(wanted)
            if wanted:
                entries = list(dataset.entries(part, wanted))
                tally((Report.of(o) for o in store.add_many(entries, len(entries) + 1)),
                      counts)
        except DatasetError as exc:
            counts.failed += len(wanted)  # its documents, when they could be read
            if not wanted:
                problems.fatal += 1
            error(f"part {part}: {exc}; the other parts are loaded")
        if on_part:
            on_part()


def load_parquet(
    folder: Annotated[str, typer.Argument(
        metavar="DIR",
        help="Dataset folder written by `tacitus ingest --dask ... --parquet DIR`.")],
    db: DbOpt = DEFAULT_DB,
) -> None:
    """Load a Parquet dataset that Dask workers wrote into a store (DuckDB or PostgreSQL),
    part by part in the order the documents were read, with the document identity rules of
    `tacitus ingest`: the same id and text is unchanged, other text from the same file
    replaces, from another file is kept as ID@FILE. Running it again loads only what is
    missing, so it can follow each ingest into the same dataset."""
    try:
        dataset = ParquetDataset(folder).check(must_exist=True)
    except DatasetError as exc:
        raise usage_error(str(exc)) from None
    try:
        store = open_store(db)
    except (StoreError, ValueError) as exc:
        error(f"cannot open store {shown(db)!r}: {exc}")
        raise typer.Exit(3) from None
    counts, problems = Counts(), Problems()
    with store, progress() as bar, StopOnCtrlC() as stop:
        task = bar.add_task("loading parts", total=len(dataset.parts()))
        load_dataset(dataset, store, counts, problems, stop, lambda: bar.advance(task))
    info(counts.line(problems, db))
    if stop.requested:
        error("interrupted; the parts loaded are stored, and running the same command again "
              "loads the rest")
        raise typer.Exit(INTERRUPTED)
    raise typer.Exit(1 if counts.failed or problems.fatal else 0)


def bench_scale(
    corpus: Annotated[Path, typer.Option(
        help="A folder of JSON Lines corpora (every *.jsonl under it) or one .jsonl file.")]
    = Path("../shared/corpus"),
    limit: Annotated[int | None, typer.Option(
        min=1, help="Code this many documents, evenly spaced through the corpus (a quick "
        "run); default: all.")] = None,
    output: Annotated[str, typer.Option(
        help="Where the Dask runs write: duckdb (the client stores, as --workers does) or "
        "parquet (the workers write a dataset).")] = "duckdb",
    partition: Annotated[int | None, typer.Option(
        min=1, help="Documents per Dask task (default: that of `tacitus ingest`).")] = None,
) -> None:
    """Code a corpus with `tacitus ingest --workers 2`, then on a local Dask cluster of 1 and
    of 2 worker processes; print documents/s, words/s and peak memory per worker of each, the
    scaling from 1 to 2 Dask workers and Dask's throughput against --workers 2."""
    from .bench_scale import render, run_bench

    if not corpus.exists():
        raise usage_error(f"corpus {corpus} not found; pass --corpus FOLDER or FILE.jsonl.")
    if output not in ("duckdb", "parquet"):
        raise usage_error(f"--output {output!r}: use duckdb or parquet.")
    failed: list[str] = []
    with progress() as bar:
        task = bar.add_task("bench-scale", total=3)

        def start(run) -> None:
            bar.update(task, description=f"tacitus {' '.join(run.args[2:4])}")

        def done(run) -> None:
            bar.advance(task)
            info(f"{run.name}: {run.seconds:.1f} s; {run.summary}")
            if run.exit_code not in (0, 1):
                failed.append(run.name)

        try:
            bench = run_bench(corpus, limit, output, partition, start, done)
        except (OSError, ValueError) as exc:
            raise usage_error(f"corpus {corpus}: {exc}") from None
    if failed:
        error(f"{', '.join(failed)} failed (see the lines above); no figures")
        raise typer.Exit(1)
    print(render(bench, corpus))


def register(app: typer.Typer) -> None:
    app.command("load-parquet")(load_parquet)
    app.command("bench-scale")(bench_scale)

