"""Queries through the real `tacitus` command (a subprocess, so exit codes and tracebacks are
what a user sees): validated dates and options, read-only opening, and databases that are not
Tacitus stores."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import duckdb
import pytest
from test_store import make_event, tur, usa

from tacitus.records import Document
from tacitus.store import open_store

TACITUS = [sys.executable, "-m", "tacitus.cli"]


def tacitus(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*TACITUS, *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("q") / "q.duckdb")
    with open_store(path) as s:
        for i, day in enumerate(["2021-05-20", "2021-06-01", "2021-06-15", "2021-11-02"]):
            s.add(Document(f"d{i}", f"text {i}", date=day),
                  [make_event(f"d{i}", 0, usa(), tur(), "163", "Impose embargo", 3, -8.0,
                              "SANCTION", ("imposed", 0), day)])
    return path


def _ids(res: subprocess.CompletedProcess) -> list[str]:
    return [line.split('"doc_id": "')[1].split('"')[0] for line in res.stdout.splitlines()]


def test_since_with_one_digit_month_and_day_is_a_date(db):
    padded = tacitus("events", "--db", db, "--since", "2021-06-01", "-f", "jsonl")
    short = tacitus("events", "--db", db, "--since", "2021-6-1", "-f", "jsonl")
    assert padded.returncode == short.returncode == 0
    assert _ids(short) == _ids(padded) == ["d1", "d2", "d3"]
    month = tacitus("events", "--db", db, "--since", "2021-06", "--until", "2021-06", "-f",
                    "jsonl")
    assert _ids(month) == ["d1", "d2"]


@pytest.mark.parametrize("args, message", [
    (["--since", "2021-13-01"], "--since '2021-13-01' is not a date"),
    (["--until", "June"], "--until 'June' is not a date"),
    (["--dyad", "USATUR"], "--dyad 'USATUR': use SOURCE-TARGET"),
    (["--limit", "-1"], "Invalid value for '--limit'"),
    (["--format", "parquet"], "Parquet"),
    (["--root", "abc"], "--root 'abc'"),
])
def test_bad_query_options_are_usage_errors_without_traceback(db, args, message):
    res = tacitus("events", "--db", db, *args)
    assert res.returncode == 2, res.stderr
    assert message in res.stderr and "Traceback" not in res.stderr and res.stdout == ""


def test_store_problems_exit_3_without_traceback(tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"this is not a database at all" * 100)
    for args in (["events"], ["export", str(tmp_path / "o.jsonl")], ["actors", "list"],
                 ["quotes"]):
        res = tacitus(*args, "--db", str(bad))
        assert res.returncode == 3, (args, res.stderr)
        assert "Traceback" not in res.stderr and "error" in res.stderr


def test_queries_open_the_store_read_only(db, tmp_path):
    before = hashlib.sha256(open(db, "rb").read()).hexdigest()
    # Another process holds the file read-only: a writer could not open it, a reader can.
    holder = duckdb.connect(db, read_only=True)
    try:
        for args in (["events"], ["export", str(tmp_path / "o.csv"), "-f", "csv"],
                     ["actors", "list"], ["quotes"]):
            res = tacitus(*args, "--db", db)
            assert res.returncode == 0, (args, res.stderr)
        res = tacitus("actors", "set", "X", "--code", "USAGOV", "--db", db)
        assert res.returncode == 3 and "in use by another process" in res.stderr
    finally:
        holder.close()
    assert hashlib.sha256(open(db, "rb").read()).hexdigest() == before


def test_a_database_that_is_not_a_tacitus_store_is_left_alone(tmp_path):
    other = str(tmp_path / "other.duckdb")
    con = duckdb.connect(other)
    con.execute("CREATE TABLE sales (id INTEGER, amount DOUBLE)")
    con.close()
    text = tmp_path / "a.txt"
    text.write_text("Turkey condemned Russia on Monday.", encoding="utf-8")
    for args in (["events"], ["export", str(tmp_path / "o.jsonl")], ["ingest", str(text)],
                 ["actors", "set", "X", "--code", "USAGOV"]):
        res = tacitus(*args, "--db", other)
        assert res.returncode == 3, (args, res.stderr)
        assert "not a Tacitus store" in res.stderr and "Traceback" not in res.stderr
    con = duckdb.connect(other, read_only=True)
    tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables")
              .fetchall()]
    con.close()
    assert tables == ["sales"]


def test_version_flag():
    res = tacitus("--version")
    assert res.returncode == 0 and res.stdout.startswith("tacitus ")
