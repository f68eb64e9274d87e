"""Happenings in real stores: every test runs on a DuckDB file and on a PostgreSQL database of the
throwaway server of test_postgres.py; the CLI tests code real documents with the real pipeline."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import duckdb
import psycopg
import pytest
from test_postgres import pg_server, pg_url  # noqa: F401 - fixtures for the postgresql runs
from test_store import store_url  # noqa: F401 - a DuckDB file or a PostgreSQL database
from typer.testing import CliRunner

from tacitus.cli import app
from tacitus.export import gdelt_columns
from tacitus.happenings import happening_id
from tacitus.records import Actor, Document, Event, Trigger
from tacitus.store import OutdatedStoreError, open_store

runner = CliRunner()

RUS = Actor("Russian forces", "Russia", "RUSMIL", "RUS", ["MIL"])
UKR = Actor("Ukraine", "Ukraine", "UKR", "UKR", [])
TUR = Actor("Turkey", "Turkey", "TUR", "TUR", [])
GRC = Actor("Greece", "Greece", "GRC", "GRC", [])
KHARKIV = {"name": "Kharkiv", "country": "UKR", "adm1": "UA.07", "type": 4,
           "feature_id": "706483"}
LVIV = {"name": "Lviv", "country": "UKR", "adm1": "UA.15", "type": 4, "feature_id": "702550"}
SHELLED = "Russian forces shelled Kharkiv on Monday, killing 12 civilians."


def ev(doc: str, source: Actor, target: Actor, cameo: str, sentence: str, date: str,
       i: int = 0, **extra) -> Event:
    word = sentence.split()[2]
    return Event(doc_id=doc, sentence_index=i, sentence=sentence, source=source, target=target,
                 cameo=cameo, cameo_root=cameo[:2], cameo_name="x", quad_class=4,
                 goldstein=-9.0, plover={"event": "ASSAULT", "mode": None, "context": None},
                 trigger=Trigger(word, 0, len(word)), rule="test", confidence=0.9, date=date,
                 date_precision="day", **extra)


def doc(doc_id: str, date: str, host: str | None = None, text: str = "") -> Document:
    url = f"https://{host}/{doc_id}" if host else None
    return Document(doc_id, text or f"text of {doc_id}", date=date, url=url)


def add_kharkiv(store) -> None:
    """a and b tell one shelling; the others differ in one thing each."""
    mentions = [{"sentence_index": 0}, {"sentence_index": 1}]
    store.add(doc("a", "2024-03-04", "www.wire.example"),
              [ev("a", RUS, UKR, "194", SHELLED, "2024-03-04", location=KHARKIV,
                  mentions=mentions)])
    store.add(doc("b", "2024-03-05", "paper.example"),
              [ev("b", RUS, UKR, "190", "Russian troops shelled Kharkiv on Monday and killed "
                  "12 civilians, officials said.", "2024-03-04")])
    store.add(doc("c", "2024-03-04", "paper.example"),
              [ev("c", TUR, GRC, "194", SHELLED, "2024-03-04")])  # another dyad
    store.add(doc("d", "2024-03-04", "paper.example"),
              [ev("d", RUS, UKR, "111", SHELLED, "2024-03-04")])  # another root
    store.add(doc("e", "2024-03-07", "paper.example"),
              [ev("e", RUS, UKR, "194", SHELLED, "2024-03-07")])  # three days later
    store.add(doc("f", "2024-03-04", "paper.example"),
              [ev("f", RUS, UKR, "194", SHELLED, "2024-03-04", location=LVIV)])  # elsewhere


def snapshot(store) -> list[tuple]:
    return sorted((h["happening_id"], h["num_articles"], h["num_sources"], h["num_mentions"],
                   h["first_date"], h["last_date"], h["first_report"], h["last_report"],
                   tuple((m["doc_id"], m["sentence_index"]) for m in h["mentions"]))
                  for h in store.happenings())


def test_reports_of_one_happening_become_one(store_url):  # noqa: F811
    with open_store(store_url) as store:
        add_kharkiv(store)
        found = list(store.happenings())
        assert len(found) == 5
        (shelling,) = [h for h in found if h["num_articles"] > 1]
        assert [m["doc_id"] for m in shelling["mentions"]] == ["a", "b"]
        assert (shelling["num_articles"], shelling["num_sources"],
                shelling["num_mentions"]) == (2, 2, 3)
        assert (shelling["first_date"], shelling["last_date"]) == ("2024-03-04", "2024-03-04")
        assert (shelling["first_report"], shelling["last_report"]) == ("2024-03-04",
                                                                         "2024-03-05")
        assert shelling["happening_id"] == happening_id("a", 0)
        assert shelling["cameo"] == "194" and shelling["url"].endswith("/a")
        traced = list(store.events(happening=shelling["happening_id"]))
        assert sorted(e["doc_id"] for e in traced) == ["a", "b"]
        assert [h["happening_id"] for h in store.happenings(min_articles=2)] == \
            [shelling["happening_id"]]
        assert [h["doc_id"] for h in store.happenings(dyad="TUR-GRC")] == ["c"]
        assert len(list(store.happenings(root="11"))) == 1
        assert len(list(store.happenings(since="2024-03-05"))) == 1
        stats = store.summary()["happenings"]
        assert (stats["count"], stats["merged_events"]) == (5, 2)
        assert stats["by_articles"] == [{"articles": 1, "happenings": 4},
                                        {"articles": 2, "happenings": 1}]


def test_replacing_a_document_takes_it_out_of_its_happening(store_url):  # noqa: F811
    with open_store(store_url) as store:
        add_kharkiv(store)
        before = snapshot(store)
        first = happening_id("a", 0)
        # b is edited: it now tells of Turkey and Greece, and the shelling has one report.
        assert store.add(doc("b", "2024-03-05", "paper.example", "edited"),
                         [ev("b", TUR, GRC, "194", SHELLED, "2024-03-04")])
        got = {h["happening_id"]: h for h in store.happenings()}
        assert got[first]["num_articles"] == 1
        assert [m["doc_id"] for m in got[happening_id("c", 0)]["mentions"]] == ["c", "b"]
        # Back to the first text: the store holds what it held before.
        store.add(doc("b", "2024-03-05", "paper.example"),
                  [ev("b", RUS, UKR, "190", "Russian troops shelled Kharkiv on Monday and "
                      "killed 12 civilians, officials said.", "2024-03-04")])
        assert snapshot(store) == before
        # a goes: its place (Kharkiv) no longer keeps b from f (Lviv); f, reported first,
        # names the happening.
        store.add(doc("a", "2024-03-04", "www.wire.example", "no events now"), [])
        got = {h["happening_id"]: [m["doc_id"] for m in h["mentions"]]
               for h in store.happenings()}
        assert first not in got and got[happening_id("f", 0)] == ["f", "b"]


def test_a_happening_id_moving_to_another_group_is_kept(store_url, monkeypatch):  # noqa: F811
    from tacitus.store import happen

    monkeypatch.setattr(happen, "_CHUNK", 1)  # one group per statement: groups in turn
    aaa, bbb = Actor("A", "A", "AAA", "AAA", []), Actor("B", "B", "BBB", "BBB", [])
    with open_store(store_url) as store:
        store.add(doc("a", "2024-03-04"), [ev("a", RUS, UKR, "194", SHELLED, "2024-03-04")])
        # Edited: its first event now has sides whose group sorts before the old one.
        store.add(doc("a", "2024-03-04", text="edited"),
                  [ev("a", aaa, bbb, "194", SHELLED, "2024-03-04")])
        assert [(h["happening_id"], h["source"]["code"]) for h in store.happenings()] == [
            (happening_id("a", 0), "AAA")]


def _random_docs(seed: int) -> list[tuple[Document, list[Event]]]:
    rng = random.Random(seed)
    out = []
    for i in range(24):
        day = f"2024-03-{rng.randint(1, 6):02d}"
        sides = rng.choice([(RUS, UKR), (TUR, GRC), (RUS, UKR)])
        sentence = rng.choice([SHELLED, "Russian forces shelled Kharkiv again, killing 3.",
                               "Turkey shelled the Greek islands at night."])
        events = [ev(f"r{i}", *sides, rng.choice(["194", "190", "111"]), sentence, day, j)
                  for j in range(rng.randint(0, 2))]
        out.append((doc(f"r{i}", day, rng.choice(["a.example", "b.example", None])), events))
    return out


def test_stored_happenings_are_those_a_recompute_finds_in_any_order(store_url, tmp_path):  # noqa: F811
    docs = _random_docs(7)
    with open_store(store_url) as store:
        for d, events in docs:
            store.add(d, events)
        for d, events in _random_docs(8)[:6]:  # edits of six documents
            store.add(Document(d.id, d.text + " (edited)", date=d.date, url=d.url), events)
        kept = snapshot(store)
        assert any(h[1] > 1 for h in kept)
        store.refresh_happenings()
        assert snapshot(store) == kept
    # The same final documents, stored in another order into a new store.
    final = {d.id: (d, e) for d, e in docs}
    for d, events in _random_docs(8)[:6]:
        final[d.id] = (Document(d.id, d.text + " (edited)", date=d.date, url=d.url), events)
    order = list(final.values())
    random.Random(3).shuffle(order)
    with open_store(tmp_path / "other.duckdb") as other:
        for d, events in order:
            other.add(d, events)
        assert snapshot(other) == kept


def test_new_rules_are_kept_by_the_store(store_url):  # noqa: F811
    with open_store(store_url) as store:
        add_kharkiv(store)
        wide = store.refresh_happenings(
            store.refresh_happenings().changed(window_days=3))
        assert wide.window_days == 3
    with open_store(store_url) as store:
        assert store.summary()["happenings"]["rules"]["window_days"] == 3
        store.add(doc("g", "2024-03-06", "third.example"),
                  [ev("g", RUS, UKR, "194", SHELLED, "2024-03-06")])
        merged = [h for h in store.happenings() if h["num_articles"] > 1]
        assert [[m["doc_id"] for m in h["mentions"]] for h in merged] == [["a", "b", "g", "e"]]


def _sql(url: str, statements: list[str]) -> None:
    if url.startswith("postgresql://"):
        with psycopg.connect(url, autocommit=True) as con:
            for s in statements:
                con.execute(s)
    else:
        con = duckdb.connect(url)
        for s in statements:
            con.execute(s)
        con.close()


def test_a_schema_3_store_gets_its_happenings_when_upgraded(store_url):  # noqa: F811
    with open_store(store_url) as store:
        add_kharkiv(store)
        want = snapshot(store)
    _sql(store_url, ["DROP TABLE happenings", "DROP TABLE happening_mentions",
                     "DELETE FROM meta WHERE key = 'happening_rules'",
                     "UPDATE meta SET value = '3' WHERE key = 'schema_version'"])
    with pytest.raises(OutdatedStoreError, match="tacitus happenings --db"):
        open_store(store_url, read_only=True)
    res = runner.invoke(app, ["happenings", "--db", store_url, "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    figures = json.loads(res.stdout)
    assert (figures["events"], figures["count"], figures["merged_events"]) == (6, 5, 2)
    with open_store(store_url, read_only=True) as store:
        assert snapshot(store) == want


# -- the CLI on real documents -----------------------------------------------------------------

STORIES = [
    {"id": "wire-1", "date": "2024-03-04", "url": "https://www.wire.example/kharkiv",
     "text": "Russian forces shelled Kharkiv on Monday, killing 12 civilians, Ukrainian "
             "officials said."},
    {"id": "wire-2", "date": "2024-03-04", "url": "https://www.wire.example/ankara",
     "text": "Turkey condemned Greece on Monday over the arrest of two Turkish soldiers."},
    {"id": "paper-2", "date": "2024-03-09", "url": "https://paper.example/kharkiv-again",
     "text": "Russian forces shelled Kharkiv again on Saturday, killing 3 civilians."},
    {"id": "paper-1", "date": "2024-03-05", "url": "https://paper.example/kharkiv",
     "text": "Russian forces shelled the Ukrainian city of Kharkiv on Monday, killing 12 "
             "civilians, officials said on Tuesday."},
]


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _cli_happenings(db: str) -> list[tuple]:
    res = runner.invoke(app, ["events", "--db", db, "--happenings", "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    return sorted((h["happening_id"], h["cameo"], h["num_articles"], h["num_sources"],
                   h["num_mentions"], [m["doc_id"] for m in h["mentions"]]) for h in rows)


def test_duckdb_and_postgres_hold_the_same_happenings(tmp_path, pg_url):  # noqa: F811
    corpus = _jsonl(tmp_path / "news.jsonl", STORIES)
    stores = [str(tmp_path / "news.duckdb"), pg_url]
    for db in stores:
        res = runner.invoke(app, ["ingest", str(corpus), "--db", db])
        assert res.exit_code == 0, res.output
    duck, pg = (_cli_happenings(db) for db in stores)
    assert duck == pg
    merged = [h for h in duck if h[2] > 1]
    assert merged and all(h[2:5] == (2, 2, 2) and h[5] == ["wire-1", "paper-1"]
                          for h in merged)
    # The GDELT export: one row per happening, its counts in NumMentions/Sources/Articles.
    out = tmp_path / "g.tsv"
    res = runner.invoke(app, ["export", "--db", stores[0], "-f", "gdelt", str(out)])
    assert res.exit_code == 0, res.output
    rows = [dict(zip(gdelt_columns(), line.split("\t"), strict=True))
            for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(duck) and f"{len(duck)} happenings" in res.stderr
    by_id = {int(r["GLOBALEVENTID"]): r for r in rows}
    for hid, _, articles, sources, mentions, _ in duck:
        r = by_id[hid]
        assert (r["NumArticles"], r["NumSources"], r["NumMentions"]) == (
            str(articles), str(sources), str(mentions))
    # paper-1 is edited: its events are replaced, and the happenings follow, in both stores.
    edited = [dict(s, text="Turkey criticized Greece on Tuesday.") if s["id"] == "paper-1"
              else s for s in STORIES]
    _jsonl(corpus, edited)
    for db in stores:
        res = runner.invoke(app, ["ingest", str(corpus), "--db", db])
        assert res.exit_code == 0 and "1 replaced" in res.stderr, res.output
    duck, pg = (_cli_happenings(db) for db in stores)
    assert duck == pg and all(h[2] == 1 for h in duck)


def test_happenings_cli_answers_and_refuses(tmp_path):
    db = str(tmp_path / "h.duckdb")
    with open_store(db) as store:
        add_kharkiv(store)
    res = runner.invoke(app, ["events", "--db", db, "--happenings", "--min-articles", "2"])
    assert res.exit_code == 0 and "1 happening" in res.stdout and "a" in res.stdout
    hid = str(happening_id("a", 0))
    res = runner.invoke(app, ["events", "--db", db, "--happening", hid, "-f", "jsonl"])
    assert sorted(json.loads(r)["doc_id"] for r in res.stdout.splitlines()) == ["a", "b"]
    res = runner.invoke(app, ["export", "--db", db, "--happenings", "-f", "csv", "-"])
    header, *rows = res.stdout.splitlines()
    assert header.startswith("happening_id,num_articles,num_sources") and len(rows) == 5
    res = runner.invoke(app, ["events", "--db", db, "--min-articles", "2"])
    assert res.exit_code == 2 and "--happenings" in res.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("window_days: soon\n", encoding="utf-8")
    for args in (["--rules", str(bad)], ["--match", "verb"], ["--window", "-1"]):
        res = runner.invoke(app, ["happenings", "--db", db, *args])
        assert res.exit_code == 2, (args, res.output)
    res = runner.invoke(app, ["happenings", "--db", db, "--window", "3"])
    assert res.exit_code == 0 and "window_days 3" in res.stdout
    assert "4 happenings of 6 events" in res.stderr  # e, three days on, joins a and b
    res = runner.invoke(app, ["happenings", "--db", db, "--show", "-f", "jsonl"])
    assert res.exit_code == 0 and json.loads(res.stdout)["rules"]["window_days"] == 3
    assert runner.invoke(app, ["happenings", "--db", db, "--show", "--window", "1"]
                         ).exit_code == 2
    res = runner.invoke(app, ["happenings", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 3
    assert runner.invoke(app, ["happenings", "--help"]).exit_code == 0


def test_concurrent_postgres_ingests_keep_happenings_as_one_ingest_does(  # noqa: F811
        tmp_path, pg_url, pg_server):  # noqa: F811
    files = [_jsonl(tmp_path / "one.jsonl", STORIES[:2]), _jsonl(tmp_path / "two.jsonl",
                                                                 STORIES[2:])]
    cli = [sys.executable, "-m", "tacitus.cli"]
    procs = [subprocess.Popen([*cli, "ingest", str(f), "--db", pg_url], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for f in files]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    together = _cli_happenings(pg_url)
    with open_store(pg_url) as store:
        store.refresh_happenings()
    assert _cli_happenings(pg_url) == together
    assert any(h[2] == 2 for h in together)
