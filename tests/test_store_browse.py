"""The browse queries behind `tacitus serve` give the same answers on DuckDB and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from test_postgres import pg_server, pg_url  # noqa: F401 - fixtures for the postgresql runs

from tacitus.records import Document
from tacitus.store import Store, open_store
from tacitus.store.query import SORTS, EventQuery


class _Stored:
    """A stored event record, given back to `Store.add` as an event."""

    def __init__(self, record: dict[str, Any]) -> None:
        self.record = {k: v for k, v in record.items() if k not in ("url", "title")}

    def to_dict(self) -> dict[str, Any]:
        return dict(self.record)


@pytest.fixture(scope="module")
def served_docs(served_db) -> list[dict[str, Any]]:
    with open_store(served_db) as store:
        return [store.document(d["id"]) for d in store.documents()]


@pytest.fixture(params=["duckdb", "postgresql"])
def browse_store(request, tmp_path, served_docs):
    url = (str(tmp_path / "b.duckdb") if request.param == "duckdb"
           else request.getfixturevalue("pg_url"))
    with open_store(url) as store:
        for doc in served_docs:
            document = Document(doc["id"], doc["text"], doc["title"], doc["date"], doc["url"])
            store.add(document, [_Stored(e) for e in doc["events"]], doc["n_sentences"],
                      doc["tone"])
        yield store


def _answers(store: Store) -> dict[str, Any]:
    top = store.dyads(EventQuery(), top=1, domestic=False)[0]
    dyad = EventQuery(dyad=top["dyad"], directed=False)
    pages = {(sort, desc): [(e["doc_id"], e["trigger"]["start"], e["cameo"])
                            for e in store.find_events(EventQuery(), sort, desc, 3, 7)[1]]
             for sort in SORTS for desc in (True, False)}
    doc_id = store.find_events(EventQuery(quad_class=4), limit=1)[1][0]["doc_id"]
    doc = store.document(doc_id)
    assert doc is not None
    return {
        "total": store.find_events(EventQuery(actor="USA", text="the"), limit=0)[0],
        "pages": pages,
        "dyads": store.dyads(EventQuery(since="2019-01-01"), top=10),
        "weeks": store.timeseries(dyad, "week", split=True),
        "months": store.timeseries(EventQuery(root="19"), "month"),
        "facets": store.facets(EventQuery(modality="asserted")),
        "places": store.places(EventQuery()),
        "document": (doc["text"], len(doc["events"]), doc["title"]),
    }


def test_browse_queries_agree_across_backends(browse_store, served_db):
    with open_store(served_db) as reference:
        expected = _answers(reference)
    got = _answers(browse_store)
    for key, value in expected.items():
        assert got[key] == value, key
    assert expected["total"] > 0 and expected["weeks"][0]["points"]


def _connect(url: str) -> Any:
    """A plain connection to the store's database, to write it as an older version did."""
    if url.startswith("postgresql://"):
        import psycopg

        return psycopg.connect(url, autocommit=True)
    import duckdb

    return duckdb.connect(url)


@pytest.fixture(params=["duckdb", "postgresql"])
def version_2_store(request, tmp_path, served_docs) -> tuple[str, dict[str, str]]:
    """A store as `tacitus serve` wrote it at schema version 2: texts in a `texts` table
    (one document stored before texts were kept has none there), no document text column."""
    url = (str(tmp_path / "v2.duckdb") if request.param == "duckdb"
           else request.getfixturevalue("pg_url"))
    with open_store(url) as store:
        for doc in served_docs:
            store.add(Document(doc["id"], doc["text"], doc["title"], doc["date"], doc["url"]),
                      [_Stored(e) for e in doc["events"]], doc["n_sentences"], doc["tone"])
    texts = {doc["id"]: doc["text"] for doc in served_docs}
    untexted = sorted(texts)[0]
    con = _connect(url)
    for sql in ("DROP INDEX documents_id_key", "DROP TABLE event_actors",
                "CREATE TABLE texts (doc_id VARCHAR NOT NULL, text VARCHAR NOT NULL)",
                "INSERT INTO texts SELECT id, text FROM documents",
                f"DELETE FROM texts WHERE doc_id = '{untexted}'",
                "ALTER TABLE documents DROP COLUMN text",
                "ALTER TABLE documents DROP COLUMN publisher",
                "CREATE INDEX texts_doc ON texts (doc_id)",
                "CREATE INDEX documents_id ON documents (id)",
                "UPDATE meta SET value = '2' WHERE key = 'schema_version'"):
        con.execute(sql)
    con.close()
    texts[untexted] = None
    return url, texts


def test_version_2_texts_move_into_the_documents_table(version_2_store):
    url, texts = version_2_store
    with open_store(url) as store:  # a writer upgrades the store
        got = {doc_id: (store.document(doc_id) or {}).get("text") for doc_id in texts}
        recodable = {d.id: d.text for d in store.stored_documents()}
    assert got == texts
    assert recodable == {k: v for k, v in texts.items() if v is not None}
    con = _connect(url)
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                        "WHERE table_schema = current_schema()").fetchall()}
    con.close()
    assert "texts" not in tables and "event_actors" in tables
