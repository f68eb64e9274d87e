"""A Parquet dataset of coded documents: what Dask workers write with
`tacitus ingest --dask ADDRESS --parquet DIR`, loaded into a store by
`tacitus load-parquet DIR --db STORE`.

Layout: `DIR/documents/PART.parquet`, `DIR/events/PART.parquet` and `DIR/quotes/PART.parquet`
hold the columns of the store's tables of the same names (documents with their text, events
with the full JSON `record`), so DuckDB, pandas or Spark can read them as they are
(`read_parquet('DIR/events/*.parquet')`). A part is what one Dask task coded. Its files are
written under temporary names and renamed, events and quotes first and documents last: a part
whose documents file exists is complete, and a worker killed while writing leaves none (the
task's retry writes it again under the same name). PART is `RUN-INDEX`, the run's start time
(UTC) with a random tag and the partition's number, so the parts sort in the order their
documents were read.

The dataset is a log: a document coded again with other text is a new row in a later part.
The document identity rules (unchanged, replaced, kept as `ID@FILE`) are applied when the
dataset is loaded into a store, part by part in order, as a plain ingest applies them; before
that, `known` tells an ingest which documents the dataset already holds with the same text.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from tacitus.records import Document
from tacitus.store import schema
from tacitus.store.base import UNCHANGED, Entry, Outcome, StoreError
from tacitus.store.rows import quote_dict
from tacitus.store.sql import known_ids, placement

TABLES = ("events", "quotes", "documents")  # written in this order: documents commit a part
DOCUMENT_COLUMNS = (*schema.DOC_COLUMNS, "text")
SUFFIX = ".parquet"


class DatasetError(StoreError):
    """A folder that is not a Tacitus Parquet dataset, or a part that cannot be read."""


def run_name() -> str:
    """A new run's prefix for its part names: start time (UTC) and a random tag."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}-{os.urandom(3).hex()}"


def _sql_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


class ParquetDataset:
    """The dataset in folder `root` (created by the first part written)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.where = str(root)
        self._index: dict[str, tuple[str, str | None]] | None = None

    def check(self, must_exist: bool = False) -> ParquetDataset:
        """Refuse a folder that holds other things than a dataset (or, with `must_exist`, no
        dataset at all); returns self."""
        if not self.root.exists():
            if must_exist:
                raise DatasetError(f"no Parquet dataset at {self.where}; write one with "
                                   "`tacitus ingest PATH --dask ADDRESS --parquet "
                                   f"{self.where}`")
            return self
        if not self.root.is_dir():
            raise DatasetError(f"{self.where} is a file, not a Parquet dataset folder")
        others = sorted(p.name for p in self.root.iterdir()
                        if p.name not in TABLES and not p.name.startswith("."))
        if others:
            raise DatasetError(f"{self.where} is not a Tacitus Parquet dataset (it holds "
                               f"{', '.join(others[:5])}); choose a new or empty folder")
        if must_exist and not self.parts():
            raise DatasetError(f"{self.where} holds no complete part; nothing to load")
        return self

    # -- writing (on a Dask worker) -------------------------------------------------------------

    def write_part(self, name: str, entries: Sequence[Entry]) -> list[Outcome]:
        """Write `entries` as part `name`, replacing a part of that name; one Outcome per entry.

        The rows are those a store would write: the entries go through a scratch in-memory
        store (identity within the part, qualified ids, rows), whose tables are copied out."""
        from tacitus.store.duckdb_store import DuckDBStore

        with DuckDBStore(":memory:") as scratch:
            outcomes = list(scratch.add_many(entries, batch_size=len(entries) + 1))
            for table in TABLES:
                folder = self.root / table
                folder.mkdir(parents=True, exist_ok=True)
                columns = DOCUMENT_COLUMNS if table == "documents" else self._columns(table)
                tmp = folder / f".{name}{SUFFIX}.tmp"
                try:
                    scratch.con.execute(f"COPY (SELECT {', '.join(columns)} FROM {table} "
                                        f"ORDER BY seq) TO {_sql_path(tmp)} (FORMAT parquet)")
                except duckdb.Error as exc:
                    raise DatasetError(f"cannot write {tmp}: {exc}") from exc
                _sync(tmp)
                os.replace(tmp, folder / f"{name}{SUFFIX}")
        return outcomes

    @staticmethod
    def _columns(table: str) -> tuple[str, ...]:
        if table == "events":
            return tuple(n for n, _ in schema.EVENT_COLUMNS)
        return schema.QUOTE_COLUMNS

    # -- reading --------------------------------------------------------------------------------

    def parts(self) -> list[str]:
        """Names of the complete parts, in the order their documents were read."""
        folder = self.root / "documents"
        if not folder.is_dir():
            return []
        return sorted(p.name[:-len(SUFFIX)] for p in folder.iterdir()
                      if p.name.endswith(SUFFIX) and not p.name.startswith("."))

    def _file(self, table: str, part: str) -> Path:
        return self.root / table / f"{part}{SUFFIX}"

    def _query(self, sql: str, files: Sequence[Path], filename: bool = False,
               ) -> list[tuple[Any, ...]]:
        """Rows of `sql`, whose `{files}` reads the Parquet `files` (with `filename`, a
        column naming each row's file)."""
        listed = ", ".join(_sql_path(f) for f in files)
        source = f"read_parquet([{listed}]{', filename = true' if filename else ''})"
        try:
            return duckdb.sql(sql.format(files=source)).fetchall()
        except duckdb.Error as exc:
            raise DatasetError(f"cannot read the Parquet dataset {self.where}: {exc}") from exc

    def documents(self, part: str) -> list[tuple[Document, int | None, float | None]]:
        """A part's documents, in order, with their number of sentences and tone."""
        rows = self._query(f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM {{files}}",
                           [self._file("documents", part)])
        out = []
        for row in rows:
            d = dict(zip(DOCUMENT_COLUMNS, row, strict=True))
            out.append((Document(d["id"], d["text"], d["title"], d["date"], d["url"],
                                 d["source"], d["publisher"]), d["n_sentences"], d["tone"]))
        return out

    def entries(self, part: str, wanted: set[str]) -> Iterator[Entry]:
        """The entries of a part's documents whose ids are in `wanted`, in order, with their
        event records and quotes (ready for `Store.add_many`)."""
        records: dict[str, list[dict[str, Any]]] = {}
        quotes: dict[str, list[dict[str, Any]]] = {}
        for doc_id, record in self._query("SELECT doc_id, record FROM {files}",
                                          [self._file("events", part)]):
            if doc_id in wanted:
                records.setdefault(doc_id, []).append(json.loads(record))
        for row in self._query(f"SELECT {', '.join(schema.QUOTE_COLUMNS)} FROM {{files}}",
                               [self._file("quotes", part)]):
            if row[0] in wanted:
                quotes.setdefault(row[0], []).append(quote_dict(row))
        for document, n_sentences, tone in self.documents(part):
            if document.id in wanted:
                yield Entry(document, [], n_sentences, tone, quotes.get(document.id, []),
                            records=records.get(document.id, []))

    def _stored(self, ids: list[str]) -> dict[str, tuple[str, str | None]]:
        if self._index is None:
            self._index = self._replay()
        return {i: self._index[i] for i in ids if i in self._index}

    def _replay(self) -> dict[str, tuple[str, str | None]]:
        """id -> (text hash, source) of the documents a store would hold after loading the
        dataset: its documents, read once, through the identity rules in part order."""
        files = [self._file("documents", p) for p in self.parts()]
        rows = self._query("SELECT id, text_hash, source, filename FROM {files}", files,
                           filename=True) if files else []
        order = {str(f): n for n, f in enumerate(files)}
        rows.sort(key=lambda r: order.get(r[3], -1))  # stable: a part's order is kept
        index: dict[str, tuple[str, str | None]] = {}
        for doc_id, digest, source, _ in rows:
            stored_as, status, _note = placement(doc_id, digest, source, index)
            if status != UNCHANGED:
                index[stored_as] = (digest, source)
        return index

    def known(self, documents: Sequence[Document]) -> list[str | None]:
        """As `Store.known`: for each document the dataset holds with the same text (its
        latest version under that id), the id; None for the others."""
        return known_ids(documents, self._stored)


def _sync(path: Path) -> None:
    """Flush a written file to disk before it is renamed into place."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
