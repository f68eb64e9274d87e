"""`tacitus actors ...` and `tacitus quotes` on a real DuckDB file, through Typer's runner."""

from __future__ import annotations

import json

import pytest
import typer
from test_store import make_event, usa
from test_store_actors import add_career, davutoglu, quote
from typer.testing import CliRunner

from tacitus.cli_store import actors_app, quotes
from tacitus.records import Document
from tacitus.store import open_store

# Registered as the main app registers them.
app = typer.Typer()
app.add_typer(actors_app, name="actors")
app.command("quotes")(quotes)
runner = CliRunner()


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "cli.duckdb")
    with open_store(path) as s:
        add_career(s)
        events = [make_event("q", 0, davutoglu("TURGOV", ["GOV"]), usa(), "010", "Make statement",
                             1, 0.0, "CONSULT", ("said", 0), "2015-01-01")]
        s.add(Document("q", 'Davutoglu said "we will not bow".', date="2015-01-01"), events,
              quotes=[quote("we will not bow", davutoglu("TURGOV", ["GOV"]), 0, 16),
                      quote("no comment", usa(), 0, 40)])
    return path


def test_actors_list_table_and_jsonl(db):
    res = runner.invoke(app, ["actors", "list", "--db", db])
    assert res.exit_code == 0, res.output
    assert "TURGOV" in res.stdout and "TUROPP" in res.stdout and "USAGOV" in res.stdout
    assert "actors" in res.stderr and "actors" not in res.stdout.splitlines()[-1]
    res = runner.invoke(app, ["actors", "list", "--db", db, "--query", "davu", "--format",
                              "jsonl"])
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert {(r["code"], r["count"]) for r in rows} == {("TURGOV", 4), ("TUROPP", 2)}
    res = runner.invoke(app, ["actors", "list", "--limit", "1", "-f", "jsonl"],
                        env={"TACITUS_DB": db})
    assert [json.loads(line)["code"] for line in res.stdout.splitlines()] == ["USAGOV"]


def test_actors_show_roles(db):
    res = runner.invoke(app, ["actors", "show", "Ahmet Davutoglu", "--db", db])
    assert res.exit_code == 0, res.output
    assert "2014-08-28" in res.stdout and "2020-03-01" in res.stdout
    res = runner.invoke(app, ["actors", "show", "ahmet davutoglu", "--db", db, "-f", "jsonl"])
    got = json.loads(res.stdout)
    assert [r["code"] for r in got["roles"]] == ["TURGOV", "TUROPP"]
    res = runner.invoke(app, ["actors", "show", "Nobody", "--db", db])
    assert res.exit_code == 1 and "no actor named" in res.stderr and res.stdout == ""


def test_actors_set_then_show(db):
    res = runner.invoke(app, ["actors", "set", "Ahmet Davutoglu", "--code", "turopp",
                              "--country", "TUR", "--sector", "OPP", "--sector", "GOV",
                              "--note", "Future Party", "--db", db])
    assert res.exit_code == 0, res.output
    assert "TUROPP" in res.stderr and res.stdout == ""
    with open_store(db) as s:
        assert s.overrides()["Ahmet Davutoglu"]["sectors"] == ["OPP", "GOV"]
    res = runner.invoke(app, ["actors", "show", "Ahmet Davutoglu", "--db", db])
    assert "override: TUROPP" in res.stdout and "Future Party" in res.stdout
    res = runner.invoke(app, ["actors", "set", "Someone", "--code", " ", "--db", db])
    assert res.exit_code == 2 and "needs a name and a code" in res.stderr
    res = runner.invoke(app, ["actors", "set", "Someone", "--db", db])
    assert res.exit_code == 2  # --code is required


def test_quotes_command(db):
    res = runner.invoke(app, ["quotes", "--actor", "TUR", "--db", db])
    assert res.exit_code == 0, res.output
    assert "we will not bow" in res.stdout and "no comment" not in res.stdout
    assert "1 quotes" in res.stderr
    res = runner.invoke(app, ["quotes", "--db", db, "--format", "jsonl", "--limit", "5"])
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["text"] for r in rows] == ["we will not bow", "no comment"]
    assert rows[0]["speaker"]["code"] == "TURGOV" and rows[0]["event_cameos"] == ["010"]
    res = runner.invoke(app, ["quotes", "--db", db, "--doc", "q", "--actor", "usa", "-f", "jsonl"])
    assert [json.loads(line)["text"] for line in res.stdout.splitlines()] == ["no comment"]


@pytest.mark.parametrize("args", [["actors", "list"], ["actors", "show", "X"],
                                  ["actors", "set", "X", "--code", "TUR"], ["quotes"]])
def test_missing_database_is_exit_3(tmp_path, args):
    missing = str(tmp_path / "nope.duckdb")
    res = runner.invoke(app, [*args, "--db", missing])
    assert res.exit_code == 3
    assert "no event store" in res.stderr and res.stdout == ""
    assert not (tmp_path / "nope.duckdb").exists()


def test_bad_format_and_help(db):
    res = runner.invoke(app, ["quotes", "--db", db, "--format", "xml"])
    assert res.exit_code == 2 and "unknown format" in res.stderr
    for args in (["actors", "list"], ["actors", "show"], ["actors", "set"], ["quotes"]):
        res = runner.invoke(app, [*args, "--help"])
        assert res.exit_code == 0 and "--db" in res.stdout and "TACITUS_DB" in res.stdout
    res = runner.invoke(app, ["actors", "--help"])
    assert all(c in res.stdout for c in ("list", "show", "set", "roles over time"))
