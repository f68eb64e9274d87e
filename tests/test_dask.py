"""`tacitus ingest --dask`: a real `dask scheduler` and two `dask worker` processes started from
the command line, and a `local:N` cluster; the store must hold what a plain ingest stores."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tacitus.cli import app
from tacitus.store import open_store

pytest.importorskip("distributed")

runner = CliRunner()
BIN = Path(sys.executable).parent
TACITUS = [sys.executable, "-m", "tacitus.cli"]
TEXTS = [
    "Turkey condemned Russia on Monday.",
    "Greece criticized Turkey on Tuesday.",
    "France praised Germany on Wednesday.",
    "Iran threatened Israel with retaliation after the strike.",
    "The United States imposed sanctions on Venezuela.",
    "India and Pakistan agreed to hold talks in Geneva.",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def corpus(tmp_path) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps({"id": f"d{i}", "text": t, "date": "2024-03-0"
                                          + str(i + 1)}) for i, t in enumerate(TEXTS)),
                    encoding="utf-8")
    return path


def _start_cluster(procs: list[subprocess.Popen], *worker_args: str) -> str:
    """A `dask scheduler` on a free port and two single-thread `dask worker` processes, added
    to `procs` (the caller stops them); gives the scheduler's address."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs.append(subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1",
                                   "--port", str(port), "--no-dashboard"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    for _ in range(2):
        procs.append(subprocess.Popen(
            [str(BIN / "dask"), "worker", address, "--nthreads", "1", *worker_args,
             "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    return address


@pytest.fixture(scope="module")
def scheduler():
    """`dask scheduler` and two `dask worker` processes; yields the scheduler's address."""
    from distributed import Client

    procs: list[subprocess.Popen] = []
    try:
        address = _start_cluster(procs, "--nworkers", "1")
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def _stored(db: Path) -> dict[str, int]:
    with open_store(str(db), read_only=True) as s:
        return {d["id"]: d["n_events"] for d in s.documents()}


def _n_events(db: Path) -> int:
    with open_store(str(db), read_only=True) as s:
        return s.summary()["events"]


def test_dask_scheduler_stores_what_a_plain_ingest_stores(tmp_path, corpus, scheduler):
    plain, dasked = tmp_path / "plain.duckdb", tmp_path / "dask.duckdb"
    res = runner.invoke(app, ["ingest", str(corpus), "--db", str(plain)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["ingest", str(corpus), "--db", str(dasked), "--dask", scheduler])
    assert res.exit_code == 0, res.output
    assert "6 documents read: 6 new, 0 unchanged, 0 replaced, 0 failed" in res.stderr
    assert _stored(dasked) == _stored(plain)
    assert len(_stored(dasked)) == len(TEXTS)
    assert _n_events(dasked) == _n_events(plain) > 0
    again = runner.invoke(app, ["ingest", str(corpus), "--db", str(dasked), "--dask", scheduler])
    assert again.exit_code == 0, again.output
    assert "6 documents read: 0 new, 6 unchanged" in again.stderr
    assert _stored(dasked) == _stored(plain)


def test_dask_scheduler_unreachable_is_a_usage_error(tmp_path, corpus, monkeypatch):
    monkeypatch.setattr("tacitus.dask_exec.CONNECT_TIMEOUT", "2s")
    res = runner.invoke(app, ["ingest", str(corpus), "--db", str(tmp_path / "x.duckdb"),
                              "--dask", f"tcp://127.0.0.1:{_free_port()}"])
    assert res.exit_code == 2
    assert "cannot reach the Dask scheduler" in res.output


def test_dask_local_cluster(tmp_path, corpus):
    db = tmp_path / "local.duckdb"
    res = subprocess.run([*TACITUS, "ingest", str(corpus), "--db", str(db), "--dask", "local:2"],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "6 documents read: 6 new" in res.stderr
    assert sorted(_stored(db)) == [f"d{i}" for i in range(len(TEXTS))]


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


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "state_dept_press_releases"


def test_a_worker_killed_mid_partition_loses_nothing(tmp_path):
    """Two partitions on two workers (no nanny); the worker coding one is killed with SIGKILL:
    Dask runs its partition again on the other, and every document is stored once."""
    from distributed import Client

    source = CORPUS / "articles.jsonl"
    if not source.exists():
        pytest.skip("shared corpus not present")
    lines = source.read_text(encoding="utf-8").splitlines()[:40]
    corpus = tmp_path / "forty.jsonl"
    corpus.write_text("\n".join(lines), encoding="utf-8")
    ids = sorted(json.loads(line)["id"] for line in lines)

    procs: list[subprocess.Popen] = []
    try:
        address = _start_cluster(procs, "--no-nanny")
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
        assert sorted(_stored(db)) == ids
    finally:
        for p in reversed(procs):
            p.kill()
            p.wait()
