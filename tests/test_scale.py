"""Dask workers that write what they code: to PostgreSQL, or to a Parquet dataset that
`tacitus load-parquet` loads. A real `dask scheduler` with two `dask worker` processes, real
PostgreSQL and DuckDB; every way of storing must give what a plain ingest gives."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from helpers import TEXTS, free_port
from test_postgres import pg_server, pg_url  # noqa: F401 - fixtures for the postgresql runs
from typer.testing import CliRunner

from tacitus.cli import app
from tacitus.config import Settings
from tacitus.records import Document
from tacitus.sinks import Report, SinkError, StoreSink
from tacitus.store import Entry, open_store
from tacitus.store.parquet import ParquetDataset

pytest.importorskip("distributed")

runner = CliRunner()
COUNTED = ("documents", "sentences", "events", "actors", "quotes")


def ingest(*args: str, code: int = 0):
    res = runner.invoke(app, ["ingest", *args])
    assert res.exit_code == code, res.output
    return res


def load(dataset: Path, db: Path, code: int = 0):
    res = runner.invoke(app, ["load-parquet", str(dataset), "--db", str(db)])
    assert res.exit_code == code, res.output
    return res


def contents(db: str | Path) -> tuple[dict, dict, Counter]:
    """What a store holds: counts (happenings too), each document's text, and every event's
    key fields."""
    with open_store(str(db), read_only=True) as s:
        summary = s.summary()
        texts = {d.id: d.text for d in s.stored_documents()}
        events = Counter((e["doc_id"], e["sentence_index"], e["cameo"],
                          (e["source"] or {}).get("code"), (e["target"] or {}).get("code"))
                         for e in s.events())
    counts = {k: summary[k] for k in COUNTED}
    happenings = summary.get("happenings") or {}
    counts.update({f"happenings_{k}": happenings.get(k) for k in ("count", "merged_events",
                                                                    "by_articles")})
    return counts, texts, events


def test_postgres_duckdb_and_parquet_hold_the_same(tmp_path, corpus, scheduler,
                                                   pg_url):  # noqa: F811
    """One input, five ways: plain ingest into DuckDB; Dask with the client writing DuckDB;
    Dask workers writing PostgreSQL; Dask workers writing Parquet, loaded into DuckDB and
    into PostgreSQL. Same documents, sentences, events, actors, quotes and happenings."""
    plain, client, loaded = (tmp_path / n for n in ("plain.duckdb", "client.duckdb",
                                                      "loaded.duckdb"))
    dataset = tmp_path / "dataset"
    ingest(str(corpus), "--db", str(plain))
    ingest(str(corpus), "--db", str(client), "--dask", scheduler)
    res = ingest(str(corpus), "--db", pg_url, "--dask", scheduler, "--partition", "2")
    assert "6 documents read: 6 new, 0 unchanged, 0 replaced, 0 failed" in res.stderr
    res = ingest(str(corpus), "--parquet", str(dataset), "--dask", scheduler, "--partition", "4")
    assert "6 documents read: 6 new" in res.stderr and "tacitus load-parquet" in res.stderr
    assert len(ParquetDataset(dataset).parts()) == 2
    load(dataset, loaded)
    reference = contents(plain)
    assert reference[0]["events"] > 0 and len(reference[1]) == len(TEXTS)
    for db in (client, pg_url, loaded):
        assert contents(db) == reference, db
    with open_store(pg_url) as s:  # loading into a store that holds them: all unchanged
        assert {d["id"] for d in s.documents()} == set(reference[1])
    res = runner.invoke(app, ["load-parquet", str(dataset), "--db", pg_url])
    assert res.exit_code == 0 and "6 documents read: 0 new, 6 unchanged" in res.stderr
    assert contents(pg_url) == reference


def _jsonl(path: Path, records: list[tuple[str, str]]) -> Path:
    path.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in records),
                    encoding="utf-8")
    return path


def test_identity_and_resume_are_those_of_a_plain_ingest(tmp_path, scheduler,
                                                         pg_url):  # noqa: F811
    """The same ingests, in the same order, into a DuckDB file without Dask, into PostgreSQL
    written by Dask workers and into a Parquet dataset loaded afterwards: unchanged documents
    are skipped, an edited file replaces its document's events, another file's document with
    a taken id is kept as ID@FILE, and a repeated id in one file keeps its last version."""
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first = [("1", TEXTS[0]), ("2", TEXTS[1])]
    steps = [(a, first), (b, [("1", TEXTS[2]), ("2", TEXTS[1])]), (a, first),
             (a, [("1", TEXTS[3]), ("2", TEXTS[1]), ("3", TEXTS[4]), ("3", TEXTS[5])])]
    plain, loaded, dataset = tmp_path / "plain.duckdb", tmp_path / "l.duckdb", tmp_path / "ds"
    summaries = []
    for path, records in steps:
        _jsonl(path, records)
        lines = []
        dask = ["--dask", scheduler, "--partition", "1"]
        for target in (["--db", str(plain)], ["--db", pg_url, *dask],
                       ["--parquet", str(dataset), *dask]):
            res = ingest(str(path), *target)
            lines.append(next(ln for ln in res.stderr.splitlines() if "documents read" in ln))
        summaries.append(lines)
    # What each run did: the same for DuckDB and PostgreSQL; the dataset's log has no
    # replacement or qualified id yet (they are decided when it is loaded).
    for duck, pg, _ in summaries:
        assert duck.split(";")[0] == pg.split(";")[0]
    assert summaries[2][0].startswith("2 documents read: 0 new, 2 unchanged")
    assert summaries[2][2].startswith("2 documents read: 0 new, 2 unchanged")
    assert summaries[3][0].startswith("4 documents read: 1 new, 1 unchanged, 2 replaced")
    res = load(dataset, loaded)
    assert "kept as 1@b.jsonl" in res.stderr
    reference = contents(plain)
    assert sorted(reference[1]) == ["1", "1@b.jsonl", "2", "3"]
    assert reference[1]["1"] == TEXTS[3] and reference[1]["3"] == TEXTS[5]
    assert contents(pg_url) == reference
    assert contents(loaded) == reference


def test_scale_options_are_checked(tmp_path, corpus):
    for args, says in (
            (["--parquet", str(tmp_path / "d")], "--parquet needs --dask"),
            (["--partition", "4"], "--partition needs --dask"),
            (["--parquet", str(tmp_path / "d"), "--db", str(tmp_path / "x.duckdb"),
              "--dask", "local:1"], "choose one")):
        res = runner.invoke(app, ["ingest", str(corpus), *args])
        assert res.exit_code == 2 and says in res.output, res.output
    assert not (tmp_path / "d").exists()
    res = runner.invoke(app, ["ingest", str(corpus), "--parquet", str(corpus), "--dask",
                              "local:1"])
    assert res.exit_code == 3 and "is a file, not a Parquet dataset folder" in res.output
    empty = tmp_path / "empty"
    empty.mkdir()
    res = runner.invoke(app, ["load-parquet", str(empty), "--db", str(tmp_path / "x.db")])
    assert res.exit_code == 2 and "no complete part" in res.output
    res = runner.invoke(app, ["load-parquet", str(tmp_path), "--db", str(tmp_path / "x.db")])
    assert res.exit_code == 2 and "not a Tacitus Parquet dataset (it holds corpus.jsonl" \
        in res.output
    assert not (tmp_path / "x.db").exists()
    for command in (["load-parquet", "--help"], ["ingest", "--help"]):
        res = runner.invoke(app, command)
        assert res.exit_code == 0 and "--db" in res.output


def _entries(*pairs: tuple[str, str]) -> list[Entry]:
    return [Entry(Document(i, t, source="news.jsonl"), []) for i, t in pairs]


def test_a_part_is_complete_or_absent(tmp_path):
    """Documents are renamed into place last: a part a killed worker left half-written is
    not in the dataset, a damaged part is reported by name and the others are loaded."""
    ds = ParquetDataset(tmp_path / "ds")
    assert [o.status for o in ds.write_part("r1-000000", _entries(("a", TEXTS[0]),
                                                                  ("b", TEXTS[1])))] == \
        ["new", "new"]
    ds.write_part("r1-000001", _entries(("c", TEXTS[2])))
    (tmp_path / "ds" / "documents" / "r1-000001.parquet").unlink()  # killed before the rename
    (tmp_path / "ds" / "documents" / ".r1-000002.parquet.tmp").write_bytes(b"PAR1")
    assert ds.parts() == ["r1-000000"]
    fresh = ParquetDataset(tmp_path / "ds")
    docs = [Document("a", TEXTS[0], source="other.jsonl"), Document("b", "Edited."),
            Document("c", TEXTS[2])]
    assert fresh.known(docs) == ["a", None, None]
    ds.write_part("r2-000000", _entries(("d", TEXTS[3])))
    (tmp_path / "ds" / "events" / "r2-000000.parquet").write_bytes(b"not parquet")
    res = runner.invoke(app, ["load-parquet", str(tmp_path / "ds"), "--db",
                              str(tmp_path / "x.duckdb")])
    assert res.exit_code == 1, res.output
    assert "part r2-000000: cannot read the Parquet dataset" in res.output
    assert "3 documents read: 2 new, 0 unchanged, 0 replaced, 1 failed" in res.output


class FailingSink:
    """A sink whose write fails for a partition holding document `bad`."""

    run = "test"

    def write(self, results, index):
        if any(r.document.id == "bad" for r in results):
            raise RuntimeError("disk on fire")
        return [Report(r.document.id, r.document.source, "new", len(r.events))
                for r in results]


@pytest.fixture(scope="module")
def in_process():
    """A Dask cluster in this process (its workers see this module's classes)."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                      dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


def test_a_task_that_keeps_failing_fails_its_documents_only(in_process):
    from tacitus.dask_exec import run_dask

    docs = [Document("a", TEXTS[0]), Document("bad", TEXTS[1]), Document("c", TEXTS[2])]
    reports = list(run_dask(docs, Settings(), in_process, partition=1, sink=FailingSink()))
    assert sorted((r.doc_id, r.status) for r in reports) == \
        [("a", "new"), ("bad", "failed"), ("c", "new")]
    bad = next(r for r in reports if r.doc_id == "bad")
    assert "bad: its Dask task failed (RuntimeError: disk on fire)" in bad.error


def test_workers_that_cannot_reach_the_store_stop_the_ingest(in_process):
    from tacitus.dask_exec import run_dask

    sink = StoreSink(f"postgresql://nobody:secret@127.0.0.1:{free_port()}/x?connect_timeout=2")
    with pytest.raises(SinkError, match="a Dask worker cannot open the store") as info:
        list(run_dask([Document("a", TEXTS[0])], Settings(), in_process, sink=sink))
    assert "secret" not in str(info.value)


def test_batches_end_before_max_chars():
    from tacitus.ingest import batches

    docs = [Document(str(i), "x" * n) for i, n in enumerate([30, 30, 50, 200, 10, 10, 10])]
    sizes = [[len(d.text) for d in b] for b in batches(docs, 3, max_chars=100)]
    assert sizes == [[30, 30], [50], [200], [10, 10, 10]]
    assert [len(b) for b in batches(docs, 3)] == [3, 3, 1]


def test_bench_scale_samples_evenly_and_judges_the_targets(tmp_path):
    from tacitus.bench_scale import Bench, Run, render, sample

    for name, ids in (("a", range(0, 6)), ("b", range(6, 10))):
        folder = tmp_path / "corpus" / name
        folder.mkdir(parents=True)
        (folder / "articles.jsonl").write_text("\n".join(
            json.dumps({"id": f"n{i}", "text": "word " * (i + 1)}) for i in ids) + "\n",
            encoding="utf-8")
    s = sample(tmp_path / "corpus", 4, tmp_path / "sample.jsonl")
    chosen = [json.loads(ln)["id"] for ln in s.path.read_text(encoding="utf-8").splitlines()]
    assert chosen == ["n0", "n2", "n5", "n7"] and (s.documents, s.of, s.words) == (4, 10, 18)
    bench = Bench(s, [Run("workers-2", [], seconds=10, worker_peak_mib=900),
                      Run("dask-1", [], seconds=19, worker_peak_mib=1000),
                      Run("dask-2", [], seconds=10.2, worker_peak_mib=1600)])
    text = render(bench, tmp_path / "corpus")
    assert "scaling 1 -> 2 Dask workers: 1.86x (efficiency 93%; target >= 1.6x: met)" in text
    assert "Dask 2 workers / --workers 2: 0.98 (target >= 0.95: met)" in text
    assert "peak memory per Dask worker: 1600 MiB (target <= 1536 MiB: MISSED)" in text


def test_bench_scale_runs_the_three_ingests(tmp_path, corpus):
    """The real command on two short documents: three ingests that store the same, with
    each run's time, CPU and the memory of its worker processes."""
    lines = corpus.read_text(encoding="utf-8").splitlines()[:2]
    small = tmp_path / "two.jsonl"
    small.write_text("\n".join(lines), encoding="utf-8")
    res = runner.invoke(app, ["bench-scale", "--corpus", str(small)])
    assert res.exit_code == 0, res.output
    rows = {ln.split()[0]: ln.split() for ln in res.stdout.splitlines()
            if ln.startswith(("workers-2", "dask-1", "dask-2"))}
    assert sorted(rows) == ["dask-1", "dask-2", "workers-2"]
    for row in rows.values():
        assert float(row[1]) > 0 and float(row[6]) > 100  # docs/s; a worker's MiB
    assert res.stderr.count("2 documents read: 2 new") == 3
    for args, says in ((["--corpus", str(tmp_path / "none")], "not found"),
                       (["--corpus", str(small), "--output", "csv"], "use duckdb or parquet")):
        res = runner.invoke(app, ["bench-scale", *args])
        assert res.exit_code == 2 and says in res.output


def test_workers_without_the_model_stop_the_ingest(tmp_path, corpus, scheduler):
    res = runner.invoke(app, ["ingest", str(corpus), "--db", str(tmp_path / "x.duckdb"),
                              "--dask", scheduler, "--model", "no_such_pipeline"])
    assert res.exit_code == 2
    assert "spaCy pipeline 'no_such_pipeline' is not installed" in res.output
