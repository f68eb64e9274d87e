"""Resumable at scale: Dask workers and the ingest client are killed (SIGKILL) at random points
while 40 documents are coded, then the same command is run again; nothing may be lost and
nothing stored twice. A real `dask scheduler` and two `dask worker` processes (with their
nannies, which restart a killed worker) started from the command line; DuckDB (the client
writes), PostgreSQL (the workers write) and a Parquet dataset (the workers write parts),
loaded into DuckDB afterwards.

The kill plan (which process, and when) comes from a seeded random generator, so a failure
can be replayed: when is a fraction of the time an undisturbed run takes here, counted from
the moment a worker is busy.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import cloudpickle
import pytest
from helpers import start_cluster, stop_processes
from test_postgres import pg_server, pg_url  # noqa: F401 - fixtures for the postgresql runs

from tacitus.codebook import data_path
from tacitus.store import open_store
from tacitus.store.parquet import ParquetDataset

pytest.importorskip("distributed")
cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the scheduler runs _busy_workers

SEED = 20261207
N_DOCS = 40
KILLS = ("worker", "worker", "worker", "client", "client", "client")
TACITUS = [sys.executable, "-m", "tacitus.cli"]


def _short(text: str, limit: int = 1200) -> str:
    """The first paragraphs of `text`, about `limit` characters."""
    out = ""
    for paragraph in (p for p in text.split("\n") if p.strip()):
        if out and len(out) + len(paragraph) > limit:
            break
        out += paragraph + "\n\n"
    return out.strip()


@pytest.fixture(scope="module")
def forty(tmp_path_factory) -> Path:
    """40 short real articles: the bundled demo corpus, cut to its first paragraphs."""
    lines = []
    for f in sorted(Path(str(data_path("demo"))).glob("*.jsonl")):
        lines += f.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines][:N_DOCS]
    path = tmp_path_factory.mktemp("kill") / "forty.jsonl"
    path.write_text("\n".join(json.dumps({**r, "text": _short(r["text"])}) for r in records),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cluster():
    """A scheduler and two nanny-supervised workers the tests may kill; yields the address
    and a Client that watches them."""
    from distributed import Client

    procs: list[subprocess.Popen] = []
    try:
        address = start_cluster(procs)
        with Client(address, timeout="30s") as watcher:
            watcher.wait_for_workers(2, timeout=60)
            yield address, watcher
    finally:
        stop_processes(procs)


def _command(forty: Path, address: str, *target: str) -> list[str]:
    return [*TACITUS, "ingest", str(forty), "--dask", address, "--partition", "2", *target]


def _contents(db: str) -> dict[str, int]:
    """Each stored document's number of events, and the store's happening counts."""
    with open_store(db, read_only=True) as s:
        stored = {d["id"]: d["n_events"] for d in s.documents()}
        happenings = s.summary().get("happenings") or {}
    return {**stored, **{f"happenings {k}": happenings.get(k)
                         for k in ("count", "merged_events")}}


@pytest.fixture(scope="module")
def reference(forty, cluster, tmp_path_factory) -> tuple[dict[str, int], float]:
    """What an undisturbed run stores (document -> events, and happening counts) and how
    long it takes."""
    from functools import partial

    from tacitus.pipeline import code_texts
    from tacitus.records import Document

    # Workers load the pipeline on their first partition: time a run with it loaded.
    cluster[1].run(partial(code_texts, [Document("warm", "Turkey condemned Russia.")]))
    db = str(tmp_path_factory.mktemp("reference") / "reference.duckdb")
    started = time.monotonic()
    res = subprocess.run(_command(forty, cluster[0], "--db", db), capture_output=True,
                         text=True, timeout=300)
    took = time.monotonic() - started
    assert res.returncode == 0, res.stderr
    stored = _contents(db)
    docs = {k: v for k, v in stored.items() if not k.startswith("happenings ")}
    assert len(docs) == N_DOCS and sum(docs.values()) > 0
    return stored, took


def _busy_workers(dask_scheduler) -> list[tuple[str, int]]:
    """(address, pid) of the workers running a partition (runs on the scheduler)."""
    return [(w, ws.pid) for w, ws in dask_scheduler.workers.items() if ws.processing]


def _busy_worker(watcher, client: subprocess.Popen, timeout: float = 60,
                 ) -> tuple[str, int] | None:
    """A worker running a partition, as (address, pid), waiting for one; None when the
    client has ended."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and client.poll() is None:
        busy = watcher.run_on_scheduler(_busy_workers)
        if busy:
            return busy[0]
        time.sleep(0.02)
    return None


def _kill_worker(watcher, worker: tuple[str, int]) -> None:
    """SIGKILL the worker process, then wait until the scheduler has let it go (its nanny
    starts a new one), so that the next kill finds a live worker."""
    address, pid = worker
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while address in watcher.nthreads() and time.monotonic() < deadline:
        time.sleep(0.02)


def _start(command: list[str]) -> subprocess.Popen:
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)


def _kill_at_random_points(command: list[str], watcher, took: float, seed: str,
                           ) -> tuple[list[str], list[str]]:
    """Run `command`, killing workers and the client as the seeded plan says (a killed
    client is started again at once); gives the kills that landed while work was running,
    and a log of what happened when (for the assertion message)."""
    rng = random.Random(seed)
    plan = list(KILLS)
    rng.shuffle(plan)
    landed: list[str] = []
    log: list[str] = []
    t0 = time.monotonic()
    client = _start(command)
    try:
        for target in plan:
            worker = _busy_worker(watcher, client)
            if worker is None:
                log.append(f"{time.monotonic() - t0:.1f}s: the ingest ended "
                           f"(exit {client.poll()}) before the {target} kill")
                break
            time.sleep(rng.uniform(0.0, 0.1) * took)
            if client.poll() is not None:
                break
            if target == "client":
                client.kill()
                client.wait()
                client = _start(command)
            else:
                _kill_worker(watcher, worker)
            landed.append(target)
            log.append(f"{time.monotonic() - t0:.1f}s: killed the {target}")
        _, err = client.communicate(timeout=300)
        log.append(f"{time.monotonic() - t0:.1f}s: exit {client.returncode}: {err[-300:]}")
    finally:
        if client.poll() is None:
            client.kill()
            client.wait()
    return landed, log


def _run_until_done(command: list[str]) -> str:
    """Run the same command again until it succeeds (a partition whose worker died four
    times fails its documents for that run); gives its report."""
    for _ in range(3):
        res = subprocess.run(command, capture_output=True, text=True, timeout=300)
        if res.returncode == 0:
            return res.stderr
    raise AssertionError(f"the ingest never succeeded: {res.stderr}")


@pytest.mark.parametrize("backend", ["duckdb", "postgresql", "parquet"])
def test_killed_workers_and_clients_lose_and_duplicate_nothing(
        backend, forty, cluster, reference, tmp_path, request):
    address, watcher = cluster
    expected, took = reference
    db = str(tmp_path / "events.duckdb")
    if backend == "postgresql":
        db = request.getfixturevalue("pg_url")
    dataset = tmp_path / "dataset"
    target = ["--parquet", str(dataset)] if backend == "parquet" else ["--db", db]
    command = _command(forty, address, *target)

    landed, log = _kill_at_random_points(command, watcher, took, f"{SEED}:{backend}")
    assert len(landed) >= 5 and set(landed) == {"client", "worker"}, "\n".join(log)
    _run_until_done(command)
    report = _run_until_done(command)  # once everything is stored, nothing is coded again
    assert f"{N_DOCS} documents read: 0 new, {N_DOCS} unchanged, 0 replaced, 0 failed" \
        in report

    if backend == "parquet":
        res = subprocess.run([*TACITUS, "load-parquet", str(dataset), "--db", db],
                             capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, res.stderr
        parts = ParquetDataset(dataset)
        ids = {d.id for p in parts.parts() for d, _, _ in parts.documents(p)}
        assert ids == {k for k in expected if not k.startswith("happenings ")}
    assert _contents(db) == expected  # every document once, its events once, same happenings
