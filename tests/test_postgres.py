"""PostgreSQL store on a real local server, started for the test session.

The server fixtures here are also used by test_store.py, which runs every shared store test on
both DuckDB and PostgreSQL. Set TACITUS_TEST_PG to an admin URL to use a running server instead.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from tacitus.records import Document
from tacitus.store import StoreError, open_store
from tacitus.store.postgres_store import PostgresStore, safe_url


def _bindir() -> Path | None:
    """Folder of initdb/pg_ctl: on PATH, from pg_config, or in the Debian layout."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        if out.returncode == 0 and (Path(out.stdout.strip()) / "initdb").exists():
            return Path(out.stdout.strip())
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_SERVER: dict[str, str] = {}  # one server per run, even though two modules use the fixture


def _start_server(config: pytest.Config) -> str:
    """Start a fresh cluster in a temp dir on a free port; stopped when the run ends."""
    bindir = _bindir()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (no initdb found); "
                    "install the postgresql package to run the PostgreSQL store tests")
    run_as: dict = {}
    data = Path(tempfile.mkdtemp(prefix="tacitus-pg-"))
    if os.geteuid() == 0:  # initdb refuses to run as root
        user = pwd.getpwnam("postgres")
        os.chown(data, user.pw_uid, user.pw_gid)
        run_as = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
    port = _free_port()
    cluster = data / "cluster"
    pg_ctl = [str(bindir / "pg_ctl"), "-D", str(cluster)]

    def stop() -> None:
        subprocess.run([*pg_ctl, "-m", "immediate", "stop"], cwd=data, capture_output=True,
                       **run_as)
        shutil.rmtree(data, ignore_errors=True)

    try:
        subprocess.run([str(bindir / "initdb"), "-D", str(cluster), "-U", "postgres",
                        "--auth=trust", "-E", "UTF8", "--no-sync"], check=True, cwd=data,
                       capture_output=True, **run_as)
        subprocess.run([*pg_ctl, "-w", "-l", str(data / "server.log"), "-o",
                        f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off",
                        "start"], check=True, cwd=data, capture_output=True, **run_as)
    except subprocess.CalledProcessError as exc:
        stop()
        raise RuntimeError(f"could not start a PostgreSQL test server: {exc.stderr}") from exc
    config.add_cleanup(stop)
    return f"postgresql://postgres@127.0.0.1:{port}/postgres"


@pytest.fixture(scope="session")
def pg_server(pytestconfig) -> str:
    """Admin URL of a PostgreSQL server: TACITUS_TEST_PG, or a fresh cluster in a temp dir."""
    if os.environ.get("TACITUS_TEST_PG"):
        return os.environ["TACITUS_TEST_PG"]
    if "url" not in _SERVER:
        _SERVER["url"] = _start_server(pytestconfig)
    return _SERVER["url"]


@pytest.fixture
def pg_url(pg_server):
    """URL of a throwaway database on the test server, dropped after the test."""
    name = f"tacitus_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    parts = urlsplit(pg_server)
    yield urlunsplit(parts._replace(path="/" + name))
    with psycopg.connect(pg_server, autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_open_store_gives_postgres_store_and_keeps_data(pg_url):
    with open_store(pg_url) as s:
        assert isinstance(s, PostgresStore)
        assert s.add(Document("d1", "Ankara condemned the decision.", date="2024-03-04"), [])
    with open_store(pg_url.replace("postgresql://", "postgres://")) as s:
        assert [d["id"] for d in s.documents()] == ["d1"]
        assert s.add(Document("d1", "Ankara condemned the decision."), []) is False


def test_two_connections_see_each_others_commits(pg_url):
    with open_store(pg_url) as a, open_store(pg_url) as b:
        a.add(Document("d1", "One."), [])
        a.set_actor("Recep Tayyip Erdogan", "TURGOV", "TUR", ["GOV"])
        assert [d["id"] for d in b.documents()] == ["d1"]
        assert b.overrides()["Recep Tayyip Erdogan"]["code"] == "TURGOV"


def test_concurrent_first_open_creates_schema_once(pg_url):
    errors: list[Exception] = []

    def opener() -> None:
        try:
            with open_store(pg_url) as s:
                s.summary()
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with psycopg.connect(pg_url) as con:
        rows = con.execute("SELECT key, count(*) FROM meta GROUP BY key ORDER BY key").fetchall()
        assert rows == [("happening_rules", 1), ("schema_version", 1)]


def test_newer_schema_version_is_refused(pg_url):
    open_store(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="schema version 99"):
        open_store(pg_url)


def test_unreachable_server_is_a_store_error_without_password():
    port = _free_port()
    url = f"postgresql://someone:s3cret@127.0.0.1:{port}/nowhere?connect_timeout=2"
    with pytest.raises(StoreError, match="cannot connect") as info:
        open_store(url)
    assert "s3cret" not in str(info.value)
    assert safe_url(url).startswith("postgresql://someone:***@127.0.0.1")


def test_closed_store_refuses_work(pg_url):
    s = open_store(pg_url)
    s.close()
    s.close()
    with pytest.raises(StoreError, match="closed"):
        s.summary()
