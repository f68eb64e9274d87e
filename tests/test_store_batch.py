"""`Store.add_many`: batched writes that still keep or skip each document on its own."""

from __future__ import annotations

import pytest
from test_postgres import pg_server, pg_url  # noqa: F401 - fixtures for the postgresql runs
from test_store import (  # noqa: F401 - store_url is a fixture
    TEXT_1,
    TEXT_2,
    BrokenEvent,
    doc1_events,
    doc2_events,
    make_event,
    store_url,
    tur,
    usa,
)

from tacitus.records import Document
from tacitus.store import Entry, StoreError, open_store


@pytest.fixture
def store(store_url):  # noqa: F811
    with open_store(store_url) as s:
        yield s


def sanction(doc_id: str, date: str = "2024-03-04"):
    return make_event(doc_id, 0, usa(), tur(), "163", "Impose embargo", 3, -8.0, "SANCTION",
                      ("imposed", 0), date)


def test_add_many_stores_like_add_and_reports_in_order(store):
    entries = [Entry(Document("d1", TEXT_1, url="https://news.example.org/a1"), doc1_events(),
                     n_sentences=3, tone=-4.2),
               Entry(Document("d2", TEXT_2), doc2_events(), n_sentences=1)]
    outcomes = list(store.add_many(entries))
    assert [(o.entry.document.id, o.added, o.error) for o in outcomes] == [
        ("d1", True, None), ("d2", True, None)]
    got = list(store.events(doc_id="d1"))
    assert [g.pop("url") for g in got] == ["https://news.example.org/a1"] * 3
    assert [g.pop("doc_date") for g in got] == [None] * 3
    assert got == [e.to_dict() for e in doc1_events()]
    assert store.summary()["sentences"] == 4
    again = list(store.add_many(entries))
    assert [o.added for o in again] == [False, False]
    assert store.summary()["events"] == 4


def test_bad_document_in_a_batch_is_skipped_and_the_rest_kept(store):
    bad = make_event("d3", 0, usa(), tur(), "163", "x", "three", -8.0, "SANCTION", ("x", 0),
                     "2024-05-01")
    base = doc2_events()[0]
    broken = BrokenEvent(**{f: getattr(base, f) for f in base.__dataclass_fields__})
    store.add(Document("d0", "Stored before."), [sanction("d0")])
    entries = [Entry(Document("d1", TEXT_1), doc1_events()),
               Entry(Document("d3", "bad value"), [bad]),
               Entry(Document("d4", "cannot serialise"), [broken]),
               Entry(Document("d5", "bad quote"), [], quotes=[{"speaker": None}]),
               Entry(Document("d2", TEXT_2), doc2_events()),
               Entry(Document("d0", "Stored before."), [sanction("d0")])]
    outcomes = list(store.add_many(entries, batch_size=10))
    assert [o.entry.document.id for o in outcomes] == ["d1", "d3", "d4", "d5", "d2", "d0"]
    assert [o.added for o in outcomes] == [True, False, False, False, True, False]
    assert isinstance(outcomes[1].error, StoreError) and "d3" in str(outcomes[1].error)
    assert isinstance(outcomes[2].error, RuntimeError)
    assert isinstance(outcomes[3].error, ValueError)
    assert outcomes[0].error is None and outcomes[5].error is None
    assert [d["id"] for d in store.documents()] == ["d0", "d1", "d2"]
    assert store.summary()["events"] == 5
    usa_row = next(a for a in store.actors() if a["code"] == "USAGOV")
    assert usa_row["count"] == 3  # d0 and two events of d1; nothing of the failed d3


def test_same_document_twice_in_one_stream(store):
    entries = [Entry(Document("d1", "First text."), [sanction("d1", "2024-01-01")]),
               Entry(Document("d1", "First text."), [sanction("d1", "2024-01-01")]),
               Entry(Document("d1", "Second text."), [sanction("d1", "2024-02-02")] * 2)]
    assert [o.added for o in store.add_many(entries)] == [True, False, True]
    assert len(list(store.events(doc_id="d1"))) == 2
    assert [d["id"] for d in store.documents()] == ["d1"]
    row = next(a for a in store.actors() if a["code"] == "USAGOV")
    assert (row["count"], row["first_seen"], row["last_seen"]) == (2, "2024-02-02", "2024-02-02")


def test_many_batches_add_up(store):
    n = 450
    entries = (Entry(Document(f"n{i}", f"Text number {i}.", date="2024-01-01"),
                     [sanction(f"n{i}", f"2024-01-{1 + i % 28:02d}")],
                     quotes=[{"text": f"quote {i}", "speaker": usa().to_dict(),
                              "sentence_index": 0, "start": 0, "end": 9}])
               for i in range(n))
    outcomes = list(store.add_many(entries, batch_size=200))
    assert len(outcomes) == n and all(o.added for o in outcomes)
    s = store.summary()
    assert (s["documents"], s["events"], s["quotes"]) == (n, n, n)
    row = next(a for a in store.actors() if a["code"] == "USAGOV")
    assert (row["count"], row["first_seen"], row["last_seen"]) == (n, "2024-01-01", "2024-01-28")
    assert [d["id"] for d in store.documents()][:3] == ["n0", "n1", "n2"]
