"""The `Store` interface: where coded documents and events are kept and queried."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from typing import Any

from tacitus.records import Document, Event


class StoreError(RuntimeError):
    """A store could not be opened or written."""


class StoreLockedError(StoreError):
    """The database file is held by another process."""


class Store(ABC):
    """Documents and their events, with simple queries. Use as a context manager."""

    @abstractmethod
    def add(self, document: Document, events: Iterable[Event],
            n_sentences: int | None = None, tone: float | None = None) -> bool:
        """Store `document` and `events` in one transaction.

        Returns False (storing nothing) when a document with the same id and text is already
        stored; a stored document with the same id but other text is replaced with its events.
        """

    @abstractmethod
    def events(self, actor: str | None = None, dyad: str | None = None, root: str | None = None,
               since: str | None = None, until: str | None = None, doc_id: str | None = None,
               limit: int | None = None) -> Iterator[dict[str, Any]]:
        """Stored events as `Event.to_dict()` records plus the document `url`.

        `actor`: ISO3 country (or actor code) on either side; `dyad`: "USA-TUR", source to
        target; `root`: CAMEO root ("16"); `since`/`until`: ISO dates, inclusive, on the event date.
        """

    @abstractmethod
    def documents(self) -> Iterator[dict[str, Any]]:
        """Stored documents (metadata, no text), in the order they were stored."""

    @abstractmethod
    def summary(self, top: int = 10) -> dict[str, Any]:
        """Counts of documents, sentences and events, and the most frequent dyads,
        PLOVER event types and CAMEO roots."""

    @abstractmethod
    def close(self) -> None:
        """Release the store; further calls are errors."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
