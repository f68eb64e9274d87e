"""Store stage: every shared test runs on a real DuckDB file and a real PostgreSQL database."""

from __future__ import annotations

import subprocess
import sys

import pytest
from test_postgres import pg_server, pg_url  # noqa: F401 - fixtures for the postgresql runs

from tacitus.records import Actor, Document, Event, Quantity, Trigger
from tacitus.store import Store, StoreError, StoreLockedError, open_store
from tacitus.store.duckdb_store import DuckDBStore

TEXT_1 = ("Washington imposed sanctions on Turkey on Monday. Ankara condemned the decision. "
          "Greek protesters marched in Athens.")
TEXT_2 = "Russian forces shelled Kharkiv on 3 March, killing 12 civilians."


def usa() -> Actor:
    return Actor("Washington", "United States", "USAGOV", "USA", ["GOV"])


def tur() -> Actor:
    return Actor("Turkey", "Turkey", "TUR", "TUR", [])


def make_event(doc_id: str, i: int, source: Actor | None, target: Actor | None, cameo: str,
               name: str, quad: int, goldstein: float, plover: str, trigger: tuple[str, int],
               date: str | None, **extra) -> Event:
    word, start = trigger
    return Event(doc_id=doc_id, sentence_index=i, sentence=f"sentence {i} of {doc_id}",
                 source=source, target=target, cameo=cameo, cameo_root=cameo[:2],
                 cameo_name=name, quad_class=quad, goldstein=goldstein,
                 plover={"event": plover, "mode": None, "context": None},
                 trigger=Trigger(word, start, start + len(word)), rule="test-rule",
                 confidence=0.8, date=date, date_precision="day" if date else None, **extra)


def doc1_events() -> list[Event]:
    return [
        make_event("d1", 0, usa(), tur(), "163", "Impose embargo, boycott, or sanctions", 3,
                   -8.0, "SANCTION", ("imposed", 11), "2024-03-04",
                   location={"name": "Washington", "country": "USA", "lat": 38.9, "lon": -77.0},
                   mentions=[{"text": "imposed"}, {"text": "sanctions"}]),
        make_event("d1", 1, Actor("Ankara", "Turkey", "TURGOV", "TUR", ["GOV"]), usa(), "111",
                   "Criticize or denounce", 3, -2.0, "DISAPPROVE", ("condemned", 57),
                   "2024-03-04"),
        make_event("d1", 2, Actor("Greek protesters", "Greece", "GRCOPP", "GRC", ["OPP"]), None,
                   "141", "Demonstrate or rally", 3, -6.5, "PROTEST", ("marched", 100),
                   "2024-03-05", negated=False, modality="asserted"),
    ]


def doc2_events() -> list[Event]:
    rus = Actor("Russian forces", "Russia", "RUSMIL", "RUS", ["MIL"])
    ukr = Actor("Kharkiv", "Ukraine", "UKR", "UKR", [])
    return [make_event("d2", 0, rus, ukr, "195", "Employ aerial weapons", 4, -10.0, "ASSAULT",
                       ("shelled", 15), "2022-03-03",
                       quantities=[Quantity("12 civilians", 12.0, "civilians")])]


@pytest.fixture(params=["duckdb", "postgresql"])
def store_url(request, tmp_path) -> str:
    """A new, empty store: a DuckDB file or a throwaway PostgreSQL database."""
    if request.param == "duckdb":
        return str(tmp_path / "sub" / "events.duckdb")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(store_url) -> Store:
    s = open_store(store_url)
    s.add(Document("d1", TEXT_1, title="Sanctions", date="2024-03-04",
                   url="https://news.example.org/a1"), doc1_events(), n_sentences=3, tone=-4.2)
    s.add(Document("d2", TEXT_2, date="2022-03-04"), doc2_events(), n_sentences=1)
    yield s
    s.close()


def test_add_stores_records_in_event_shape(store):
    got = list(store.events(doc_id="d1"))
    want = [e.to_dict() for e in doc1_events()]
    assert len(got) == 3
    for g, w in zip(got, want, strict=True):
        assert g.pop("url") == "https://news.example.org/a1"
        assert g.pop("doc_date") == "2024-03-04"
        assert g == w
    assert got[0]["num_mentions"] == 2
    d2 = next(store.events(doc_id="d2"))
    assert d2["url"] is None and d2["quantities"][0]["value"] == 12.0


def test_actors_table_counts_both_sides(store):
    actors = {(a["code"], a["name"]): a for a in store.actors()}
    usa_row = actors[("USAGOV", "United States")]
    assert (usa_row["country"], usa_row["count"], usa_row["sectors"]) == ("USA", 2, ["GOV"])
    assert (usa_row["first_seen"], usa_row["last_seen"]) == ("2024-03-04", "2024-03-04")
    assert actors[("RUSMIL", "Russia")]["first_seen"] == "2022-03-03"
    assert len(actors) == 6
    store.add(Document("d5", "More."), [make_event(
        "d5", 0, usa(), tur(), "163", "Impose embargo", 3, -8.0, "SANCTION", ("x", 0),
        "2025-01-02")])
    usa_row = {(a["code"], a["name"]): a for a in store.actors()}[("USAGOV", "United States")]
    assert (usa_row["count"], usa_row["last_seen"]) == (3, "2025-01-02")
    assert store.actors()[0]["code"] == "USAGOV"  # most frequent first


def test_duplicate_document_is_stored_once(store):
    again = store.add(Document("d1", TEXT_1, title="Sanctions"), doc1_events())
    assert again is False
    assert len(list(store.events(doc_id="d1"))) == 3
    assert [d["id"] for d in store.documents()] == ["d1", "d2"]


def test_changed_text_replaces_document_and_events(store):
    new = [make_event("d1", 0, tur(), usa(), "172", "Impose administrative sanctions", 4, -5.0,
                      "SANCTION", ("expelled", 7), "2024-04-01")]
    assert store.add(Document("d1", TEXT_1 + " Turkey expelled envoys.", title="Update"), new)
    got = list(store.events(doc_id="d1"))
    assert [g["cameo"] for g in got] == ["172"]
    docs = {d["id"]: d for d in store.documents()}
    assert docs["d1"]["title"] == "Update" and docs["d1"]["n_events"] == 1
    assert len(docs) == 2
    actors = {(a["code"], a["name"]): a for a in store.actors()}
    # GRCOPP and TURGOV only appeared in the replaced events.
    assert ("GRCOPP", "Greece") not in actors and ("TURGOV", "Turkey") not in actors
    assert actors[("USAGOV", "United States")]["count"] == 1
    assert actors[("TUR", "Turkey")]["first_seen"] == "2024-04-01"


def test_actor_filter_matches_either_side(store):
    assert {e["cameo"] for e in store.events(actor="TUR")} == {"163", "111"}
    assert {e["cameo"] for e in store.events(actor="grc")} == {"141"}
    assert {e["cameo"] for e in store.events(actor="USAGOV")} == {"163", "111"}
    assert list(store.events(actor="FRA")) == []


def test_dyad_filter_is_directed(store):
    assert [e["cameo"] for e in store.events(dyad="USA-TUR")] == ["163"]
    assert [e["cameo"] for e in store.events(dyad="TUR-USA")] == ["111"]
    assert [e["cameo"] for e in store.events(dyad="RUS-UKR")] == ["195"]
    with pytest.raises(ValueError):
        list(store.events(dyad="USA"))


def test_root_date_doc_and_limit_filters(store):
    assert [e["cameo"] for e in store.events(root="16")] == ["163"]
    assert [e["cameo"] for e in store.events(root="19")] == ["195"]
    assert [e["cameo"] for e in store.events(since="2024-03-05")] == ["141"]
    assert [e["cameo"] for e in store.events(until="2023-12-31")] == ["195"]
    assert [e["cameo"] for e in store.events(since="2024-03-04", until="2024-03-04")] == [
        "163", "111"]
    assert [e["cameo"] for e in store.events(limit=2)] == ["163", "111"]
    assert [e["cameo"] for e in store.events(actor="TUR", root="11")] == ["111"]


def test_summary_counts_and_tops(store):
    s = store.summary(top=2)
    assert (s["documents"], s["sentences"], s["events"]) == (2, 4, 4)
    # Ties are broken alphabetically; GRC protesters have no target, so no dyad.
    assert s["top_dyads"] == [{"dyad": "RUS-UKR", "events": 1}, {"dyad": "TUR-USA", "events": 1}]
    assert [d["dyad"] for d in store.summary()["top_dyads"]] == ["RUS-UKR", "TUR-USA", "USA-TUR"]
    assert s["top_plover"] == [{"event": "ASSAULT", "events": 1},
                               {"event": "DISAPPROVE", "events": 1}]
    roots = {r["root"]: r for r in store.summary()["top_roots"]}
    assert set(roots) == {"16", "11", "14", "19"}
    assert roots["16"]["name"] and roots["16"]["events"] == 1
    assert (s["first_date"], s["last_date"]) == ("2022-03-03", "2024-03-05")


def test_reopening_keeps_data(store_url):
    with open_store(store_url) as s:
        assert s.add(Document("d1", TEXT_1), doc1_events())
    with open_store(store_url) as s:
        assert len(list(s.events())) == 3
        assert s.add(Document("d1", TEXT_1), doc1_events()) is False
        assert s.summary()["documents"] == 1


class BrokenEvent(Event):
    def to_dict(self):
        raise RuntimeError("cannot serialise")


def test_failing_add_rolls_back(store):
    bad_value = make_event("d3", 0, usa(), tur(), "163", "Impose embargo", "three", -8.0,
                           "SANCTION", ("imposed", 0), "2024-05-01")
    with pytest.raises(StoreError, match="could not store document d3"):
        store.add(Document("d3", "The US imposed an embargo."), doc1_events()[:1] + [bad_value])
    base = doc2_events()[0]
    broken = BrokenEvent(**{f: getattr(base, f) for f in base.__dataclass_fields__})
    with pytest.raises(RuntimeError):
        store.add(Document("d4", "Another text."), [broken])
    assert [d["id"] for d in store.documents()] == ["d1", "d2"]
    assert store.summary()["events"] == 4
    # The failed document can be added once fixed.
    assert store.add(Document("d3", "The US imposed an embargo."), doc1_events()[:1])


def test_failing_replacement_keeps_old_version(store):
    bad = make_event("d1", 0, usa(), tur(), "163", "x", "bad", -8.0, "SANCTION", ("x", 0), None)
    with pytest.raises(StoreError):
        store.add(Document("d1", "changed text"), [bad])
    assert len(list(store.events(doc_id="d1"))) == 3
    assert store.add(Document("d1", TEXT_1), doc1_events()) is False


def test_locked_file_gives_clear_error(tmp_path):
    path = tmp_path / "locked.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         f"import duckdb, sys; c = duckdb.connect({str(path)!r}); print('ready', flush=True); "
         "sys.stdin.read()"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLockedError, match="in use by another process") as info:
            DuckDBStore(path)
        assert str(path) in str(info.value)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_open_store_urls(tmp_path):
    with pytest.raises(ValueError):
        open_store("mysql://localhost/x")
    with open_store("duckdb:///:memory:") as s:
        assert s.summary()["events"] == 0


def test_closed_store_refuses_work(tmp_path):
    s = open_store(tmp_path / "c.duckdb")
    s.close()
    s.close()
    with pytest.raises(RuntimeError, match="closed"):
        s.summary()
