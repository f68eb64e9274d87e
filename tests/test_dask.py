"""`tacitus ingest --dask`: a real `dask scheduler` and two `dask worker` processes started from
the command line, and a `local:N` cluster; the store must hold what a plain ingest stores."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import CORPUS, TEXTS, free_port, start_cluster
from typer.testing import CliRunner

from tacitus.cli import app
from tacitus.store import open_store

pytest.importorskip("distributed")

runner = CliRunner()
TACITUS = [sys.executable, "-m", "tacitus.cli"]


def stored(db: Path) -> dict[str, int]:
    with open_store(str(db), read_only=True) as s:
        return {d["id"]: d["n_events"] for d in s.documents()}


def n_events(db: Path) -> int:
    with open_store(str(db), read_only=True) as s:
        return s.summary()["events"]


def test_dask_scheduler_stores_what_a_plain_ingest_stores(tmp_path, corpus, scheduler):
    plain, dasked = tmp_path / "plain.duckdb", tmp_path / "dask.duckdb"
    res = runner.invoke(app, ["ingest", str(corpus), "--db", str(plain)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["ingest", str(corpus), "--db", str(dasked), "--dask", scheduler])
    assert res.exit_code == 0, res.output
    assert "6 documents read: 6 new, 0 unchanged, 0 replaced, 0 failed" in res.stderr
    assert stored(dasked) == stored(plain)
    assert len(stored(dasked)) == len(TEXTS)
    assert n_events(dasked) == n_events(plain) > 0
    again = runner.invoke(app, ["ingest", str(corpus), "--db", str(dasked), "--dask", scheduler])
    assert again.exit_code == 0, again.output
    assert "6 documents read: 0 new, 6 unchanged" in again.stderr
    assert stored(dasked) == stored(plain)


def test_dask_scheduler_unreachable_is_a_usage_error(tmp_path, corpus, monkeypatch):
    monkeypatch.setattr("tacitus.dask_exec.CONNECT_TIMEOUT", "2s")
    res = runner.invoke(app, ["ingest", str(corpus), "--db", str(tmp_path / "x.duckdb"),
                              "--dask", f"tcp://127.0.0.1:{free_port()}"])
    assert res.exit_code == 2
    assert "cannot reach the Dask scheduler" in res.output


def test_dask_local_cluster(tmp_path, corpus):
    db = tmp_path / "local.duckdb"
    res = subprocess.run([*TACITUS, "ingest", str(corpus), "--db", str(db), "--dask", "local:2"],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "6 documents read: 6 new" in res.stderr
    assert sorted(stored(db)) == [f"d{i}" for i in range(len(TEXTS))]


def test_dask_and_workers_together_is_a_usage_error(tmp_path, corpus):
    res = runner.invoke(app, ["ingest", str(corpus), "--db", str(tmp_path / "x.duckdb"),
                              "--dask", "local:2", "--workers", "2"])
    assert res.exit_code == 2
    assert "choose one" in res.output


def test_a_partition_with_a_bad_document_fails_only_that_document(monkeypatch):
    """What a worker runs: a batch that breaks is coded one document at a time."""
    import tacitus.pipeline
    from tacitus.config import Settings
    from tacitus.dask_exec import code_partition
    from tacitus.records import Document

    real = tacitus.pipeline.run

    def run(documents, settings=None, n_process=1, dictionary=None):
        documents = list(documents)
        if any(d.text == "BAD" for d in documents):
            raise ValueError("unparseable")
        yield from real(documents, settings, n_process, dictionary)

    monkeypatch.setattr(tacitus.pipeline, "run", run)
    docs = [Document(id="a", text=TEXTS[0]), Document(id="bad", text="BAD"),
            Document(id="c", text=TEXTS[1])]
    results = code_partition(docs, Settings(), None)
    assert [r.document.id for r in results] == ["a", "bad", "c"]
    assert [r.error is None for r in results] == [True, False, True]
    assert "bad: parsing failed" in results[1].error
    assert results[0].events and results[2].events


def test_a_worker_killed_mid_partition_loses_nothing(tmp_path):
    """Two partitions on two workers (no nanny); the worker coding one is killed with SIGKILL:
    Dask runs its partition again on the other, and every document is stored once."""
    from distributed import Client

    source = CORPUS / "state_dept_press_releases" / "articles.jsonl"
    if not source.exists():
        pytest.skip("shared corpus not present")
    lines = source.read_text(encoding="utf-8").splitlines()[:40]
    corpus = tmp_path / "forty.jsonl"
    corpus.write_text("\n".join(lines), encoding="utf-8")
    ids = sorted(json.loads(line)["id"] for line in lines)

    procs: list[subprocess.Popen] = []
    try:
        address = start_cluster(procs, "--no-nanny")
        db = tmp_path / "killed.duckdb"
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
            pids = client.run(os.getpid)
            ingest = subprocess.Popen([*TACITUS, "ingest", str(corpus), "--db", str(db),
                                       "--dask", address], stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True)
            busy: list[str] = []
            deadline = time.monotonic() + 60
            while not busy and time.monotonic() < deadline and ingest.poll() is None:
                busy = [w for w, keys in client.processing().items() if keys]
                time.sleep(0.05)
            assert busy, "no partition ever ran"
            time.sleep(0.5)  # inside the partition (parsing 32 press releases takes seconds)
            os.kill(pids[busy[0]], signal.SIGKILL)
            out, err = ingest.communicate(timeout=120)
        assert ingest.returncode == 0, err
        assert "40 documents read: 40 new, 0 unchanged, 0 replaced, 0 failed" in err
        assert sorted(stored(db)) == ids
    finally:
        for p in reversed(procs):
            p.kill()
            p.wait()
