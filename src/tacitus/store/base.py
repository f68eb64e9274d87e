"""The `Store` interface: where coded documents, events, actors and quotes are kept and queried."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from tacitus.happening_rules import Rules
from tacitus.records import Document, Event
from tacitus.store.query import EventQuery


class StoreError(RuntimeError):
    """A store could not be opened or written."""


class StoreLockedError(StoreError):
    """The database file is held by another process."""


class OutdatedStoreError(StoreError):
    """The store has an older schema; a read-only opening cannot upgrade it."""


class NotAStoreError(StoreError):
    """The database holds other tables than Tacitus's; nothing was changed in it."""


@dataclass
class Entry:
    """One document to store with what was coded from it (see `Store.add_many`)."""

    document: Document
    events: Sequence[Event]
    n_sentences: int | None = None
    tone: float | None = None
    quotes: Sequence[dict[str, Any]] | None = None
    force: bool = False  # replace a stored document even when its text is unchanged (recode)
    # The events as `Event.to_dict()` records instead of `events` (read back from a Parquet
    # dataset, `tacitus.store.parquet`); used when not None.
    records: Sequence[dict[str, Any]] | None = None


NEW, UNCHANGED, REPLACED, FAILED = "new", "unchanged", "replaced", "failed"


@dataclass
class Outcome:
    """What `Store.add_many` did with one entry: `status` is new, unchanged (the same id and
    text were stored), replaced or failed (`error` says why). `doc_id` is the id it is stored
    under (see `Store.add`); `note` explains a replacement or a qualified id."""

    entry: Entry
    status: str
    error: Exception | None = None
    doc_id: str | None = None
    note: str | None = None

    @property
    def added(self) -> bool:
        """True when the entry's document and events were written."""
        return self.status in (NEW, REPLACED)


class Store(ABC):
    """Documents, events, actors and quotes, with simple queries. Use as a context manager."""

    @abstractmethod
    def add(self, document: Document, events: Iterable[Event],
            n_sentences: int | None = None, tone: float | None = None,
            quotes: Sequence[dict[str, Any]] | None = None) -> bool:
        """Store `document`, its `events` and `quotes` in one transaction.

        Returns False (storing nothing) when a document with the same id and text is already
        stored. A stored document with the same id but other text is replaced with its events
        and quotes when it came from the same source (the same file, however its path is spelt);
        from another source (or stdin), the new one is kept under a qualified id
        `ID@FILENAME` (see `Outcome.doc_id`). Raises `StoreError` (storing nothing) when the
        database refuses a value.
        """

    @abstractmethod
    def add_many(self, entries: Iterable[Entry], batch_size: int = 200) -> Iterator[Outcome]:
        """Store many documents, a batch per transaction; yields one `Outcome` per entry, in order.

        A batch that fails is retried one document at a time, so a bad document is reported
        in its `Outcome.error` and skipped while the others are kept.
        """

    @abstractmethod
    def known(self, documents: Sequence[Document]) -> list[str | None]:
        """For each document stored with the same text, the id it is stored under (its id or a
        qualified id); None for the others. A resume skips the known ones before parsing."""

    @abstractmethod
    def stored_documents(self, since: str | None = None, until: str | None = None,
                         ) -> Iterator[Document]:
        """Stored documents with their text (documents stored before schema 3 have none and
        are left out), dated on or after `since` and on or before `until` when given."""

    @abstractmethod
    def add_quotes(self, doc_id: str, quotes: Sequence[dict[str, Any]]) -> int:
        """Store quotes (text, speaker, sentence_index, start, end) of a stored document."""

    @abstractmethod
    def events(self, actor: str | None = None, dyad: str | None = None, root: str | None = None,
               since: str | None = None, until: str | None = None, doc_id: str | None = None,
               limit: int | None = None, happening: int | None = None,
               ) -> Iterator[dict[str, Any]]:
        """Stored events as `Event.to_dict()` records plus the document `url`.

        `actor`: ISO3 country (or actor code) on either side; `dyad`: "USA-TUR", source to
        target; `root`: CAMEO root ("16"); `since`/`until`: ISO dates, inclusive, on the event date;
        `happening`: only the mentions of this happening (its `happening_id`).
        """

    @abstractmethod
    def happenings(self, actor: str | None = None, dyad: str | None = None,
                   root: str | None = None, since: str | None = None, until: str | None = None,
                   doc_id: str | None = None, limit: int | None = None,
                   happening: int | None = None, min_articles: int = 1,
                   ) -> Iterator[dict[str, Any]]:
        """Happenings (events of different documents that tell one act, `tacitus.happenings`)
        with a mention that matches the filters of `events`, told by at least `min_articles`
        documents, by first event date. Each is its first mention's record with
        `happening_id`, `num_mentions`, `num_articles`, `num_sources`, `first_date` and
        `last_date` (event dates), `first_report` and `last_report` (document dates), and
        `mentions`: every event of it (doc_id, sentence_index, date, cameo, trigger, url)."""

    @abstractmethod
    def refresh_happenings(self, rules: Rules | None = None) -> Rules:
        """Recompute every happening from the stored events, under `rules` (then kept in the
        store) or the store's own; returns the rules used. Writes keep happenings up to date,
        so this is for a change of rules."""

    @abstractmethod
    def documents(self) -> Iterator[dict[str, Any]]:
        """Stored documents (metadata, no text), in the order they were stored."""

    @abstractmethod
    def actors(self, query: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Actors seen in events, one row per (name, code), most frequent first.

        `query` matches part of the name (any case), the start of the code, or the country.
        """

    @abstractmethod
    def actor(self, name: str) -> dict[str, Any] | None:
        """One actor by name, with `roles`: each code it held and the dates it held it."""

    @abstractmethod
    def set_actor(self, name: str, code: str, country: str | None = None,
                  sectors: Sequence[str] | None = None, note: str | None = None) -> None:
        """Record a user's correction: `name` should be coded as `code` (country, sectors)."""

    @abstractmethod
    def overrides(self) -> dict[str, dict[str, Any]]:
        """The user's actor corrections: name -> code, country, sectors, set_at, note."""

    @abstractmethod
    def quotes(self, actor: str | None = None, doc_id: str | None = None,
               limit: int | None = None) -> Iterator[dict[str, Any]]:
        """Stored quotes; `actor` matches the speaker's code, country or name."""

    @abstractmethod
    def summary(self, top: int = 10) -> dict[str, Any]:
        """Counts of documents, sentences and events, the most frequent dyads, PLOVER event
        types and CAMEO roots, and `happenings`: their count, the events in happenings told by
        several documents (`merged_events`), happenings by number of articles, the rules."""

    # -- browsing (`tacitus serve`); `query` filters as `EventQuery` says, ValueError if bad ----

    @abstractmethod
    def document(self, doc_id: str) -> dict[str, Any] | None:
        """One stored document: metadata, `text` (None if stored before texts were kept),
        `events` (records in stored order) and `quotes`; None if there is no such document."""

    @abstractmethod
    def find_events(self, query: EventQuery, sort: str = "date", descending: bool = True,
                    offset: int = 0, limit: int = 50) -> tuple[int, list[dict[str, Any]]]:
        """(number of matching events, one page of them as records with `url` and `title`)."""

    @abstractmethod
    def dyads(self, query: EventQuery, top: int = 20, domestic: bool = True,
              ) -> list[dict[str, Any]]:
        """Most frequent (source, target) pairs, country or else actor code, with event
        counts, mean Goldstein and QuadClass counts; `domestic=False` drops A-A pairs."""

    @abstractmethod
    def timeseries(self, query: EventQuery, interval: str = "month",
                   split: bool = False) -> list[dict[str, Any]]:
        """Events per day, week (its Monday) or month by QuadClass with mean Goldstein;
        with a dyad and `split`, one series per direction."""

    @abstractmethod
    def facets(self, query: EventQuery, top: int = 10) -> dict[str, Any]:
        """Event count, mean Goldstein and counts by QuadClass, modality, PLOVER type, root."""

    @abstractmethod
    def places(self, query: EventQuery, top: int = 300) -> dict[str, Any]:
        """Where events happen: places with coordinates and counts, and counts per country."""

    @abstractmethod
    def close(self) -> None:
        """Release the store; further calls are errors."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
