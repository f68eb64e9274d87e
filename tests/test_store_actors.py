"""Persisted actors with roles over time, user overrides, quotes, and the v1 -> v2 migration."""

from __future__ import annotations

import duckdb
import pytest
from test_postgres import pg_server, pg_url  # noqa: F401 - fixtures for the postgresql runs
from test_store import make_event, store_url, tur, usa  # noqa: F401 - store_url is a fixture

from tacitus.records import Actor, Document
from tacitus.store import StoreError, open_store
from tacitus.store.schema import SCHEMA_VERSION


@pytest.fixture
def store(store_url):  # noqa: F811
    with open_store(store_url) as s:
        yield s


def davutoglu(code: str, sectors: list[str]) -> Actor:
    return Actor("Davutoglu", "Ahmet Davutoglu", code, "TUR", sectors)


def statement(doc_id: str, i: int, source: Actor, date: str | None):
    return make_event(doc_id, i, source, usa(), "010", "Make statement", 1, 0.0, "CONSULT",
                      ("said", 0), date)


def add_career(store) -> None:
    store.add(Document("a", "Prime minister Davutoglu said.", date="2014-09-01"),
              [statement("a", 0, davutoglu("TURGOV", ["GOV"]), "2014-08-28"),
               statement("a", 1, davutoglu("TURGOV", ["GOV"]), None)])
    store.add(Document("b", "Davutoglu said again.", date="2016-05-05"),
              [statement("b", 0, davutoglu("TURGOV", ["GOV"]), "2016-05-05")])
    store.add(Document("c", "Opposition leader Davutoglu said.", date="2020-03-01"),
              [statement("c", 0, davutoglu("TUROPP", ["OPP"]), "2019-12-13"),
               statement("c", 1, davutoglu("TUROPP", ["OPP"]), "2020-03-01")])


def test_actor_roles_over_time(store):
    add_career(store)
    got = store.actor("Ahmet Davutoglu")
    assert got is not None
    assert got["roles"] == [
        {"code": "TURGOV", "country": "TUR", "sectors": ["GOV"], "count": 3,
         "first_seen": "2014-08-28", "last_seen": "2016-05-05"},
        {"code": "TUROPP", "country": "TUR", "sectors": ["OPP"], "count": 2,
         "first_seen": "2019-12-13", "last_seen": "2020-03-01"}]
    assert (got["code"], got["count"]) == ("TUROPP", 5)
    assert (got["first_seen"], got["last_seen"]) == ("2014-08-28", "2020-03-01")
    assert got["override"] is None
    assert store.actor("ahmet DAVUTOGLU")["name"] == "Ahmet Davutoglu"
    assert store.actor("Nobody") is None


def test_event_without_date_is_seen_on_the_document_date(store):
    store.add(Document("x", "Davutoglu said.", date="2015-06-07"),
              [statement("x", 0, davutoglu("TURGOV", ["GOV"]), None)])
    row = store.actor("Ahmet Davutoglu")["roles"][0]
    assert (row["first_seen"], row["last_seen"]) == ("2015-06-07", "2015-06-07")


def test_replacing_a_document_recomputes_roles(store):
    add_career(store)
    store.add(Document("c", "Changed: Davutoglu, still in government, said."),
              [statement("c", 0, davutoglu("TURGOV", ["GOV"]), "2019-12-13")])
    got = store.actor("Ahmet Davutoglu")
    assert [r["code"] for r in got["roles"]] == ["TURGOV"]
    assert (got["roles"][0]["count"], got["last_seen"]) == (4, "2019-12-13")


def test_actor_search(store):
    add_career(store)
    names = {(a["name"], a["code"]) for a in store.actors(query="davu")}
    assert names == {("Ahmet Davutoglu", "TURGOV"), ("Ahmet Davutoglu", "TUROPP")}
    assert {a["code"] for a in store.actors(query="usa")} == {"USAGOV"}  # code prefix
    assert {a["code"] for a in store.actors(query="tur")} == {"TURGOV", "TUROPP"}  # country
    assert store.actors(query="%") == [] and store.actors(query="_") == []
    assert [a["code"] for a in store.actors(limit=1)] == ["USAGOV"]  # most frequent first


def test_overrides(store):
    add_career(store)
    assert store.overrides() == {}
    store.set_actor("Ahmet Davutoglu", "turopp", "tur", ["opp", "Gov"], note="founded a party")
    store.set_actor("Ahmet Davutoglu", "TUROPP", "TUR", ["OPP"], note="leads Future Party")
    store.set_actor("Meral Aksener", "TUROPP")
    over = store.overrides()
    assert set(over) == {"Ahmet Davutoglu", "Meral Aksener"}
    assert {k: over["Ahmet Davutoglu"][k] for k in ("code", "country", "sectors", "note")} == {
        "code": "TUROPP", "country": "TUR", "sectors": ["OPP"], "note": "leads Future Party"}
    assert over["Ahmet Davutoglu"]["set_at"][:2] == "20"
    assert over["Meral Aksener"] == {**over["Meral Aksener"], "country": None, "sectors": [],
                                     "note": None}
    got = store.actor("Ahmet Davutoglu")
    assert got["override"]["code"] == "TUROPP" and len(got["roles"]) == 2
    unseen = store.actor("Meral Aksener")
    assert (unseen["code"], unseen["roles"], unseen["count"]) == ("TUROPP", [], 0)
    with pytest.raises(ValueError):
        store.set_actor("Someone", " ")


def quote(text: str, speaker: Actor | None, index: int, start: int) -> dict:
    return {"text": text, "speaker": speaker.to_dict() if speaker else None,
            "sentence_index": index, "start": start, "end": start + len(text)}


def test_quotes_are_stored_with_their_document(store):
    text = 'Davutoglu said "we will not bow". A spokesman said "talks go on".'
    events = [statement("q", 0, davutoglu("TURGOV", ["GOV"]), "2015-01-01")]
    quotes = [quote("we will not bow", davutoglu("TURGOV", ["GOV"]), 0, 16),
              quote("talks go on", None, 1, 51)]
    assert store.add(Document("q", text, date="2015-01-01", url="https://e.org/q"), events,
                     quotes=quotes)
    store.add(Document("r", "Other."), [], quotes=[quote("yes", usa(), 0, 0)])
    got = list(store.quotes(actor="TUR"))
    assert got == [{"doc_id": "q", "sentence_index": 0, "text": "we will not bow",
                    "speaker": davutoglu("TURGOV", ["GOV"]).to_dict(), "start": 16, "end": 31,
                    "date": "2015-01-01", "url": "https://e.org/q", "event_cameos": ["010"]}]
    assert [q["text"] for q in store.quotes(actor="turgov")] == ["we will not bow"]
    assert [q["text"] for q in store.quotes(actor="ahmet davutoglu")] == ["we will not bow"]
    assert [q["text"] for q in store.quotes(doc_id="q")] == ["we will not bow", "talks go on"]
    assert next(store.quotes(doc_id="q", limit=2 - 1)) == got[0]
    assert [q["speaker"] for q in store.quotes(doc_id="q")][1] is None
    assert [q["text"] for q in store.quotes()] == ["we will not bow", "talks go on", "yes"]
    # The same text again stores nothing; new text replaces the quotes.
    assert store.add(Document("q", text), events, quotes=quotes) is False
    assert len(list(store.quotes(doc_id="q"))) == 2
    store.add(Document("q", text + " Later."), events, quotes=quotes[1:])
    assert [q["text"] for q in store.quotes(doc_id="q")] == ["talks go on"]
    assert store.summary()["quotes"] == 2


def test_add_quotes_to_a_stored_document(store):
    store.add(Document("q", "Text."), [])
    assert store.add_quotes("q", [quote("later found", usa(), 0, 0)]) == 1
    assert [q["speaker"]["code"] for q in store.quotes(doc_id="q")] == ["USAGOV"]
    with pytest.raises(StoreError, match="no stored document"):
        store.add_quotes("missing", [quote("x", None, 0, 0)])
    with pytest.raises(ValueError, match="no text"):
        store.add_quotes("q", [{"text": "", "speaker": None}])


def test_failed_add_stores_no_quotes(store):
    bad = make_event("z", 0, usa(), tur(), "163", "x", "bad", -8.0, "SANCTION", ("x", 0), None)
    with pytest.raises(StoreError):
        store.add(Document("z", "Text."), [bad], quotes=[quote("kept?", usa(), 0, 0)])
    assert list(store.quotes()) == []


def test_version_1_duckdb_file_is_migrated(tmp_path):
    path = str(tmp_path / "old.duckdb")
    with open_store(path) as s:
        add_career(s)
    con = duckdb.connect(path)  # turn it into a file as the first store version wrote it
    con.execute("DROP TABLE actors; DROP TABLE quotes; DROP TABLE actor_overrides")
    con.execute("CREATE TABLE actors (code VARCHAR NOT NULL, name VARCHAR NOT NULL, "
                "country VARCHAR, n_events BIGINT, first_date VARCHAR, last_date VARCHAR, "
                "PRIMARY KEY (code, name))")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    with open_store(path) as s:
        roles = s.actor("Ahmet Davutoglu")["roles"]
        assert [(r["code"], r["count"], r["sectors"]) for r in roles] == [
            ("TURGOV", 3, ["GOV"]), ("TUROPP", 2, ["OPP"])]
        assert s.summary()["quotes"] == 0
    con = duckdb.connect(path)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall() == [
        (str(SCHEMA_VERSION),)]
    con.close()
