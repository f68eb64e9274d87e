"""Real processes: two ingests into one PostgreSQL database at once, and workers that stop with
their ingest (Ctrl-C, kill -9). The PostgreSQL server is the throwaway one of test_postgres.py."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from test_identity import _corpus
from test_postgres import pg_server, pg_url  # noqa: F401 - fixtures

from tacitus.store import open_store

TACITUS = [sys.executable, "-m", "tacitus.cli"]


def _counts(url: str) -> tuple[int, int, int, int]:
    with psycopg.connect(url) as con:
        docs, ids = con.execute("SELECT count(*), count(DISTINCT id) FROM documents").fetchone()
        events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        actors = con.execute("SELECT coalesce(sum(count), 0) FROM actors").fetchone()[0]
    return docs, ids, events, int(actors)


def _with_password(url: str, password: str) -> str:
    return url.replace("postgresql://postgres@", f"postgresql://postgres:{password}@")


def test_two_concurrent_postgres_ingests_store_what_one_does(tmp_path, pg_url, pg_server):  # noqa: F811
    corpus = _corpus(tmp_path / "c.jsonl", 100)
    url = _with_password(pg_url, "s3cretpw")
    procs = [subprocess.Popen([*TACITUS, "ingest", str(corpus), "--db", url],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    got = _counts(pg_url)
    # The same input once, into a database of its own.
    single = pg_url.rsplit("/", 1)[0] + "/single_" + pg_url.rsplit("/", 1)[1][-12:]
    with psycopg.connect(pg_server, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {single.rsplit('/', 1)[1]}")
    try:
        one = subprocess.run([*TACITUS, "ingest", str(corpus), "--db", single],
                             capture_output=True, text=True, timeout=300)
        assert one.returncode == 0, one.stderr
        want = _counts(single)
    finally:
        with psycopg.connect(pg_server, autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {single.rsplit('/', 1)[1]} WITH (FORCE)")
    assert got == want and got[0] == got[1] == 100 and got[2] > 100
    news = [int(err.split(" new,")[0].rsplit(" ", 1)[1]) for _, err in outs]
    assert sum(news) == 100  # each document counted as new by exactly one of the two runs
    for out, err in outs:
        assert "s3cretpw" not in out + err and "***" in err


def test_postgres_ids_are_unique_in_the_database(pg_url):  # noqa: F811
    with open_store(pg_url):
        pass
    with psycopg.connect(pg_url) as con:
        con.execute("INSERT INTO documents (id, text_hash) VALUES ('a', 'x')")
        with pytest.raises(psycopg.errors.UniqueViolation):
            con.execute("INSERT INTO documents (id, text_hash) VALUES ('a', 'y')")


def test_password_is_hidden_in_connection_errors(tmp_path):
    res = subprocess.run([*TACITUS, "events", "--db",
                          "postgresql://bob:hunter2pw@127.0.0.1:1/nowhere"],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 3 and "hunter2pw" not in res.stdout + res.stderr
    assert "Traceback" not in res.stderr and "***" in res.stderr


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True,
                         text=True).stdout
    return [int(x) for x in out.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split()[2] == "Z")


def _start_with_workers(tmp_path: Path) -> tuple[subprocess.Popen, list[int]]:
    corpus = _corpus(tmp_path / "w.jsonl", 3000)
    proc = subprocess.Popen([*TACITUS, "ingest", str(corpus), "--db",
                             str(tmp_path / "w.duckdb"), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.time() + 120
    workers: list[int] = []
    while time.time() < deadline and proc.poll() is None:
        # The pool's workers (spawned: one resource tracker plus two workers).
        workers = [c for c in _children(proc.pid)]
        if len(workers) >= 3:
            break
        time.sleep(0.2)
    assert proc.poll() is None and len(workers) >= 2, workers
    time.sleep(3)  # the workers load the pipeline and start coding
    return proc, workers


def _gone(pids: list[int], seconds: float = 20) -> bool:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if not any(_alive(p) for p in pids):
            return True
        time.sleep(0.2)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux")
def test_kill_9_leaves_no_workers(tmp_path):
    proc, workers = _start_with_workers(tmp_path)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert _gone(workers), [p for p in workers if _alive(p)]


def test_ctrl_c_stops_workers_and_exits(tmp_path):
    proc, workers = _start_with_workers(tmp_path)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends to the whole foreground group
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("ingest hung after Ctrl-C")
    assert proc.returncode == 130 and "interrupted" in err and "Traceback" not in err
    assert " new," in err  # the summary of what was stored
    assert _gone(workers)
    with open_store(str(tmp_path / "w.duckdb"), read_only=True) as s:
        ids = [d["id"] for d in s.documents()]
    assert len(ids) == len(set(ids))
