"""Where Dask workers write what they coded, so that results never travel back to the client.

`StoreSink` writes to a store many processes may write at once (PostgreSQL): each worker
process keeps one connection and stores a partition in one transaction, with the identity
rules of `Store.add_many`. `ParquetSink` writes a partition as one part of a Parquet dataset
(`tacitus.store.parquet`). Either returns a `Report` per document, which is all the client
receives: it counts and reports them as a plain ingest counts what it stores.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .store.base import FAILED, Entry, Outcome, StoreError

if TYPE_CHECKING:
    from .records import Document, Result
    from .store import Store


class SinkError(StoreError):
    """Workers cannot write to the store or dataset (systemic: the ingest stops)."""


@dataclass(frozen=True)
class Report:
    """What became of one document: `status` is new, unchanged, replaced or failed; `error`
    is the message for a failure, `note` explains a replacement or a qualified id."""

    doc_id: str
    source: str | None
    status: str
    n_events: int = 0
    note: str | None = None
    error: str | None = None

    @property
    def where(self) -> str:
        """The document as messages name it: its file and id."""
        return f"{self.source or ''} record {self.doc_id}".strip()

    @classmethod
    def failed(cls, document: Document, message: str) -> Report:
        return cls(document.id, document.source, FAILED, error=message)

    @classmethod
    def of(cls, outcome: Outcome) -> Report:
        doc = outcome.entry.document
        report = cls(doc.id, doc.source, outcome.status,
                     len(outcome.entry.records if outcome.entry.records is not None
                         else outcome.entry.events), outcome.note)
        if outcome.error is not None:
            return cls(doc.id, doc.source, FAILED, error=f"{report.where}: could not store "
                       f"({outcome.error}); the other documents are kept")
        return report


def entries(results: Sequence[Result]) -> tuple[list[Entry], dict[int, Report]]:
    """Entries to store for the coded results, and failure reports by position for the others."""
    todo, failed = [], {}
    for n, res in enumerate(results):
        if res.error:
            failed[n] = Report.failed(res.document, res.error)
        else:
            todo.append(Entry(res.document, res.events, res.n_sentences, res.tone, res.quotes))
    return todo, failed


def _in_order(results: Sequence[Result], failed: dict[int, Report],
              outcomes: list[Outcome]) -> list[Report]:
    done = iter(outcomes)
    return [failed[n] if n in failed else Report.of(next(done)) for n in range(len(results))]


# One connection per store and worker thread (a transaction must not take in another
# thread's statements; workers run one thread, as docs/SCALING.md advises, but may run more).
_STORES: dict[tuple[str, int], Store] = {}


@dataclass(frozen=True)
class StoreSink:
    """Workers write to the store at `url` (PostgreSQL: many writers)."""

    url: str

    @property
    def _key(self) -> tuple[str, int]:
        return self.url, threading.get_ident()

    def _store(self) -> Store:
        from .store import open_store

        store = _STORES.get(self._key)
        if store is None:
            try:
                store = _STORES[self._key] = open_store(self.url)
            except (StoreError, ValueError) as exc:
                raise SinkError(f"a Dask worker cannot open the store: {exc}") from None
        return store

    def write(self, results: Sequence[Result], index: int) -> list[Report]:
        """Store a partition's coded documents in one transaction (a document that the store
        refuses is stored on its own, and reported)."""
        todo, failed = entries(results)
        if not todo:
            return _in_order(results, failed, [])
        store = self._store()
        outcomes = list(store.add_many(todo, batch_size=len(todo) + 1))
        if getattr(store, "broken", False):  # the connection died: retry on a new one
            _STORES.pop(self._key, None)
            store.close()
            raise SinkError(f"a Dask worker lost its connection to the store: "
                            f"{next((o.error for o in outcomes if o.error), 'closed')}")
        return _in_order(results, failed, outcomes)


@dataclass(frozen=True)
class ParquetSink:
    """Workers write each partition as part `RUN-INDEX` of the dataset in `root` (a folder
    every worker sees: a shared file system)."""

    root: str
    run: str

    def write(self, results: Sequence[Result], index: int) -> list[Report]:
        from .store.parquet import ParquetDataset

        todo, failed = entries(results)
        try:
            outcomes = (ParquetDataset(self.root).write_part(f"{self.run}-{index:06d}", todo)
                        if todo else [])
        except (OSError, StoreError) as exc:
            raise SinkError(f"a Dask worker cannot write to the Parquet dataset "
                            f"{self.root}: {exc}") from None
        return _in_order(results, failed, outcomes)
