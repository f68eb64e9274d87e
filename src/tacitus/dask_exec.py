"""Parsing and coding on a Dask cluster: `tacitus ingest --dask ADDRESS` (or `local:N`).

Why: a corpus that outgrows one machine runs on a Dask cluster that its users already run,
with the same coder as `--workers`. Only the executor changes: the client reads documents
(after the store's "unchanged" check), sends them in partitions of `PARTITION` documents to
the workers, and gets `pipeline.Result`s back in input order; the caller stores them through
the existing store interface and ingest bookkeeping, so document identity, resume and the
summary are those of a plain ingest.

Each worker process loads the spaCy pipeline and the coder's models once (`tacitus.nlp.load`
and the coder's artefacts are cached per process) and codes a partition with
`tacitus.pipeline.run`, the function a plain ingest uses. A document that fails is a Result
with `error`, as today; a partition whose worker dies is run again by Dask (`RETRIES`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .config import Settings
from .ingest import batches
from .records import Document

if TYPE_CHECKING:
    from .coding.dictionaries import ActorDictionary
    from .pipeline import Result

PARTITION = 32  # documents per task
RETRIES = 3  # runs of a partition whose worker died, beyond the first
CONNECT_TIMEOUT = "20s"


class DaskUnavailable(RuntimeError):
    """The scheduler cannot be reached, or `--dask` is malformed."""


def code_partition(documents: list[Document], settings: Settings,
                   dictionary: ActorDictionary | None) -> list[Result]:
    """Code one partition on a worker, one Result per document, in order (never raises for a
    bad document: a batch that spaCy cannot parse is coded again one document at a time, so
    that only the bad document fails)."""
    from .nlp import ModelNotFound
    from .pipeline import Result, run

    try:
        return list(run(documents, settings, dictionary=dictionary))
    except ModelNotFound:
        raise
    except Exception:  # noqa: BLE001 - isolate the document that broke the batch
        results: list[Result] = []
        for document in documents:
            try:
                results.extend(run([document], settings, dictionary=dictionary))
            except Exception as exc:  # noqa: BLE001 - reported on the document
                results.append(Result(document, error=f"{document.id}: parsing failed "
                                                      f"({exc!r})"))
        return results


def _connect(address: str) -> tuple[Any, Any]:
    """A Client for `address` (and the LocalCluster it started for `local:N`, else None)."""
    import logging

    from distributed import Client, LocalCluster

    # Dask's own INFO lines (workers joining, closing) would drown the ingest's report.
    logging.getLogger("distributed").setLevel(logging.WARNING)
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


def run_dask(documents: Iterable[Document], settings: Settings, address: str,
             dictionary: ActorDictionary | None = None,
             partition: int = PARTITION) -> Iterator[Result]:
    """Results of `documents`, in order, coded on the Dask cluster at `address`.

    Documents are read here, in the caller's thread, a few partitions ahead of the workers;
    closing the iterator (done, Ctrl-C, error) cancels what is pending and disconnects."""
    client, cluster = _connect(address)
    pending: deque = deque()
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        ahead = 2 * n_workers
        # The dictionary goes to every worker once, not with each partition.
        shared = (client.scatter([dictionary], broadcast=True, hash=False)[0]
                  if dictionary is not None else None)
        for part in batches(documents, partition):
            pending.append(client.submit(code_partition, part, settings, shared,
                                         retries=RETRIES, pure=False))
            if len(pending) >= ahead:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        client.close()
        if cluster is not None:
            cluster.close()
