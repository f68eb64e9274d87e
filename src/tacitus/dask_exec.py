"""Parsing and coding on a Dask cluster: `tacitus ingest --dask ADDRESS` (or `local:N`).

Why: a corpus that outgrows one machine runs on a Dask cluster that its users already run,
with the same coder as `--workers`. The client reads documents (after the "unchanged" check
against the store or dataset) and sends them in partitions (at most `PARTITION` documents
and `PARTITION_CHARS` characters) to the workers, at most `AHEAD` partitions per worker
thread in flight, the next one sent as soon as any finishes.

Each worker process loads the spaCy pipeline and the coder's models once (`tacitus.nlp.load`
and the coder's artefacts are cached per process) and codes a partition with
`tacitus.pipeline.run`, the function a plain ingest uses, `PARSE_CHARS` characters at a
time. Then either the worker writes what it coded (`tacitus.sinks`: PostgreSQL, or a part of
a Parquet dataset) and sends back one small `Report` per document, or, for a DuckDB file (one
writer), it sends back the `Result`s and the client stores them. A document that fails is
reported, as in a plain ingest; a partition whose worker dies is run again by Dask (a write is
one transaction, or one renamed part, so a retry never stores twice); a partition that keeps
failing fails its documents only.

Partitions finish in any order. A document whose id is in a partition still in flight waits
for it, so that a later version of a document is always stored after the earlier one.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .config import ModelNotFound, Settings
from .ingest import batches
from .records import Document, Result
from .sinks import Report, SinkError

if TYPE_CHECKING:
    from .coding.dictionaries import ActorDictionary
    from .sinks import ParquetSink, StoreSink

    Sink = StoreSink | ParquetSink

PARTITION = 32  # documents per task, at most
# characters per task, at most (a longer document is a task of its own): tasks of about equal
# work keep the workers equally busy to the end of a corpus whose documents vary in length
PARTITION_CHARS = 50_000
PARSE_CHARS = 50_000  # characters parsed at once on a worker (a longer document alone)
AHEAD = 2  # partitions in flight per worker thread: one running, one waiting
RETRIES = 3  # runs of a partition whose worker died, beyond the first
CONNECT_TIMEOUT = "20s"  # to reach the scheduler
PEER_TIMEOUT = "10s"  # to reach a worker holding a result


# Dask's monitoring (a statistical profiler sampling every 10 ms, event-loop checks every 20
# ms, system and memory monitors) costs an idle local cluster of 2 workers 8% of a core, 1.5%
# with these settings; nothing in Tacitus reads it. They hold for this process and the
# workers of a `local:N` cluster; docs/SCALING.md gives them for the workers of a cluster.
QUIET = {"distributed.worker.profile.enabled": False,
         "distributed.admin.tick.interval": "500ms",
         "distributed.admin.system-monitor.interval": "5s",
         "distributed.worker.memory.monitor-interval": "1s"}


class DaskUnavailable(RuntimeError):
    """The scheduler cannot be reached, or `--dask` is malformed."""


def _code(documents: list[Document], settings: Settings,
          dictionary: ActorDictionary | None) -> list[Result]:
    """One Result per document, in order. spaCy parses a batch at a time and holds all of
    it: batches of at most `PARSE_CHARS` characters keep a worker's memory near that of one
    long document. Never raises for a bad document: a batch that spaCy cannot parse is coded
    again one document at a time, so that only the bad document fails."""
    from .pipeline import run

    results: list[Result] = []
    for batch in batches(documents, settings.batch_size, max_chars=PARSE_CHARS):
        try:
            results += run(batch, settings, dictionary=dictionary)
        except ModelNotFound:
            raise
        except Exception:  # noqa: BLE001 - isolate the document that broke the batch
            for document in batch:
                try:
                    results += run([document], settings, dictionary=dictionary)
                except Exception as exc:  # noqa: BLE001 - reported on the document
                    results.append(Result(document, error=f"{document.id}: parsing failed "
                                                          f"({exc!r})"))
    return results


def code_partition(documents: list[Document], settings: Settings,
                   dictionary: ActorDictionary | None, sink: Sink | None = None,
                   index: int = 0) -> list[Result] | list[Report]:
    """What a worker runs: code one partition; with a `sink`, write it there (partition
    `index` of the run) and return a Report per document, else return the Results."""
    results = _code(documents, settings, dictionary)
    return results if sink is None else sink.write(results, index)


def _connect(address: str) -> tuple[Any, Any]:
    """A Client for `address` (and the LocalCluster it started for `local:N`, else None)."""
    import logging

    import dask
    from distributed import Client, LocalCluster

    # Dask's own INFO lines (workers joining, closing) would drown the ingest's report.
    logging.getLogger("distributed").setLevel(logging.WARNING)
    # A result on a worker that died is asked for again for this long before Dask codes its
    # partition again (Dask's default, 30 s, idles the ingest for each worker lost).
    dask.config.set({"distributed.comm.timeouts.connect": PEER_TIMEOUT, **QUIET})
    cluster = None
    try:
        if address.startswith("local:"):
            try:
                n = int(address.removeprefix("local:"))
            except ValueError:
                n = 0
            if n < 1:
                raise DaskUnavailable(f"--dask {address!r}: use local:N with N >= 1 workers")
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                   dashboard_address=":0", silence_logs=logging.WARNING)
            return Client(cluster), cluster
        return Client(address, timeout=CONNECT_TIMEOUT), None
    except DaskUnavailable:
        raise
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise DaskUnavailable(f"cannot reach the Dask scheduler {address!r}: {exc}") from None


def _portable(document: Document) -> Document:
    """The document with its source as the store keeps it (the file's real path on this
    machine), so that a worker, whose working folder and files differ, stores the same."""
    from .store.rows import origin

    source = origin(document.source)
    return document if source == document.source else replace(document, source=source)


class _InFlight:
    """Submitted partitions not yet collected, and which of them holds each document id."""

    def __init__(self, client: Any, failed: Callable[[Document, str], Any]) -> None:
        from distributed import as_completed

        self.client = client
        self.failed = failed
        self.parts: dict[Any, list[Document]] = {}
        self.ids: dict[str, Any] = {}
        self.done = as_completed()

    def add(self, future: Any, part: list[Document]) -> None:
        self.parts[future] = part
        for d in part:
            self.ids[d.id] = future
        self.done.add(future)

    def blockers(self, part: list[Document]) -> set[Any]:
        """The partitions in flight that hold an id of `part`."""
        return {self.ids[d.id] for d in part if d.id in self.ids}

    def slots(self) -> int:
        return AHEAD * max(1, sum(self.client.nthreads().values()))

    def collect(self) -> list[Any]:
        """Wait for the next partition to finish; its items (a failed task fails each of
        its documents, naming why)."""
        future = next(self.done)
        part = self.parts.pop(future)
        for d in part:
            if self.ids.get(d.id) is future:
                del self.ids[d.id]
        try:
            return list(future.result())
        except (ModelNotFound, SinkError):
            raise
        except CancelledError:
            raise DaskUnavailable("the Dask cluster dropped the work (was the scheduler "
                                  "restarted?); run the same command again") from None
        except Exception as exc:  # noqa: BLE001 - KilledWorker or a bug: the documents fail
            why = f"{type(exc).__name__}: {exc}"
            return [self.failed(d, f"{d.id}: its Dask task failed ({why}); running the same "
                                   "ingest again codes it") for d in part]
        finally:
            future.release()

    def cancel(self) -> None:
        for future in self.parts:
            future.cancel()


def run_dask(documents: Iterable[Document], settings: Settings, address: str,
             dictionary: ActorDictionary | None = None, partition: int = PARTITION,
             sink: Sink | None = None) -> Iterator[Result | Report]:
    """Results of `documents` coded on the Dask cluster at `address`, or with a `sink` the
    Reports of what the workers wrote there, as partitions finish.

    Documents are read here, in the caller's thread, as workers free up; closing the
    iterator (done, Ctrl-C, error) cancels what is pending and disconnects."""
    failed = Report.failed if sink is not None else (lambda d, msg: Result(d, error=msg))
    tag = getattr(sink, "run", None) or uuid.uuid4().hex[:12]
    parts = batches(documents, partition, max_chars=PARTITION_CHARS)
    first = next(parts, None)
    if first is None:  # nothing to code (a resume of a finished run): no cluster needed
        return
    client, cluster = _connect(address)
    flight = _InFlight(client, failed)
    try:
        for index, part in enumerate(itertools.chain([first], parts)):
            if sink is not None:
                part = [_portable(d) for d in part]
            blockers = flight.blockers(part)
            while flight.parts and (len(flight.parts) >= flight.slots()
                                    or blockers & flight.parts.keys()):
                yield from flight.collect()
            # The dictionary travels with each partition: data shared between tasks lives on
            # some workers, and a task that needs it from a worker that died waits for it.
            flight.add(client.submit(code_partition, part, settings, dictionary, sink, index,
                                     retries=RETRIES, pure=False,
                                     key=f"tacitus-{tag}-{index:06d}"), part)
        while flight.parts:
            yield from flight.collect()
    finally:
        flight.cancel()
        client.close()
        if cluster is not None:
            _close_quietly(cluster)


def _close_quietly(cluster: Any) -> None:
    """Stop a local cluster; a worker slow to stop is killed by its nanny, which says so in a
    warning that is no news at the end of an ingest."""
    import logging

    nanny = logging.getLogger("distributed.nanny")
    level = nanny.level
    nanny.setLevel(logging.ERROR)
    try:
        cluster.close()
    finally:
        nanny.setLevel(level)
