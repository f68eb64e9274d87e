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
