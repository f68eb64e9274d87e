"""Dates and exports a GDELT user relies on, and the small things: real pipeline, real DuckDB,
real readers (DuckDB, pyarrow) of the exported files."""

from __future__ import annotations

import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
from test_store import make_event, tur, usa
from typer.testing import CliRunner

from tacitus.cli import app
from tacitus.export import gdelt_columns, write
from tacitus.records import Actor, Document
from tacitus.report import markdown_html
from tacitus.store import open_store

runner = CliRunner()


def _code(text: str, *args: str) -> list[dict]:
    res = runner.invoke(app, ["code", "-", "-f", "jsonl", *args], input=text)
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.stdout.splitlines()]


def test_no_event_date_after_the_document_date_unless_said_to_lie_ahead():
    got = _code("Turkey threatened Greece with sanctions by 2050. "
                "Russia attacked Ukraine in June.", "--date", "2021-05-10")
    assert got and all(e["date"] <= "2021-05-10" for e in got)
    ahead = _code("Turkey will impose sanctions on Greece next year.", "--date", "2021-05-10")
    assert ahead and {e["date"] for e in ahead} == {"2022-01-01"}


def test_undated_documents_get_no_anchored_dates():
    got = _code("Russia attacked Ukraine in June.")
    assert got and [e["date"] for e in got] == [None]
    got = _code("Russia attacked Ukraine on 3 March 2019.")
    assert [e["date"] for e in got] == ["2019-03-03"]


def _gdelt(db: str, tmp_path: Path) -> list[dict[str, str]]:
    out = tmp_path / "g.tsv"
    res = runner.invoke(app, ["export", "--db", db, "-f", "gdelt", str(out)])
    assert res.exit_code == 0, res.output
    return [dict(zip(gdelt_columns(), line.split("\t"), strict=True))
            for line in out.read_text(encoding="utf-8").splitlines()]


def test_gdelt_sqldate_always_filled_and_ids_unique(tmp_path):
    db = str(tmp_path / "g.duckdb")
    month = make_event("m", 0, usa(), tur(), "163", "Impose embargo", 3, -8.0, "SANCTION",
                       ("imposed", 0), "2021-04-01")
    month.date_precision = "month"
    year = make_event("y", 0, usa(), tur(), "163", "Impose embargo", 3, -8.0, "SANCTION",
                      ("imposed", 0), "2021-01-01")
    year.date_precision = "year"
    # One trigger, two events with different targets: once the same GLOBALEVENTID.
    twin_a = make_event("t", 0, usa(), tur(), "163", "Impose embargo", 3, -8.0, "SANCTION",
                        ("imposed", 0), "2021-05-10")
    twin_b = make_event("t", 0, usa(), Actor("Iran", "Iran", "IRN", "IRN"), "163",
                        "Impose embargo", 3, -8.0, "SANCTION", ("imposed", 0), "2021-05-10")
    with open_store(db) as s:
        s.add(Document("m", "m", date="2021-04-20"), [month])
        s.add(Document("y", "y", date="2021-05-10"), [year])
        s.add(Document("t", "t", date="2021-05-10"), [twin_a, twin_b])
    rows = _gdelt(db, tmp_path)
    # One row per happening, by date: the four events are four happenings.
    assert sorted(r["SQLDATE"] for r in rows) == ["20210420", "20210510", "20210510",
                                                   "20210510"]
    assert len({r["GLOBALEVENTID"] for r in rows}) == 4


def test_csv_cameo_codes_stay_text(tmp_path):
    rec = make_event("007", 0, usa(), tur(), "050", "Engage in diplomatic cooperation", 1, 3.5,
                     "COOPERATE", ("cooperated", 0), "2021-05-10").to_dict()
    out = tmp_path / "e.csv"
    write([rec], "csv", out)
    row = duckdb.sql(f"SELECT cameo, cameo_root, doc_id FROM read_csv('{out}')").fetchall()
    assert row == [("050", "05", "007")]
    # pyarrow (and pandas) need the types, as the README shows.
    opts = pacsv.ConvertOptions(column_types={"cameo": pa.string(), "cameo_root": pa.string()})
    table = pacsv.read_csv(out, convert_options=opts)
    assert table.column("cameo").to_pylist() == ["050"]


def test_actor_search_ignores_accents_and_compounds_count_each_member(tmp_path):
    db = str(tmp_path / "a.duckdb")
    erdogan = Actor("Erdoğan", "Recep Tayyip Erdoğan", "TURGOV", "TUR", ["GOV"])
    blinken = Actor("Blinken", "Antony J. Blinken", "USAGOV", "USA", ["GOV"])
    ebrard = Actor("Ebrard", "Marcelo Ebrard", "MEXGOV", "MEX", ["GOV"])
    both = Actor.compound([blinken, ebrard])
    with open_store(db) as s:
        s.add(Document("a", "a", date="2021-05-10"), [
            make_event("a", 0, erdogan, usa(), "010", "Make statement", 1, 0.0, "CONSULT",
                       ("said", 0), "2021-05-10"),
            make_event("a", 1, both, tur(), "040", "Consult", 1, 1.0, "CONSULT",
                       ("met", 0), "2021-05-10")])
    res = runner.invoke(app, ["actors", "list", "--db", db, "-q", "erdogan", "-f", "jsonl"])
    assert [json.loads(line)["name"] for line in res.stdout.splitlines()] == [
        "Recep Tayyip Erdoğan"]
    res = runner.invoke(app, ["actors", "list", "--db", db, "-f", "jsonl"])
    names = {json.loads(line)["name"] for line in res.stdout.splitlines()}
    assert {"Antony J. Blinken", "Marcelo Ebrard"} <= names
    assert not any(" and " in n for n in names)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.add(tag)


def test_html_report_is_html():
    page = markdown_html("# Report\n\n| measure | value |\n|---|---|\n| recall | 0.8 |\n\n"
                         "## Errors\n\n> Turkey <b>said</b>\n\n- expected: **ACCUSE**\n",
                         "t")
    parser = _Tags()
    parser.feed(page)
    assert {"table", "th", "td", "h1", "h2", "blockquote", "ul", "li", "strong"} <= parser.tags
    assert "|---|" not in page and "<b>said</b>" not in page and "&lt;b&gt;" in page


def test_lexicon_gaps_script_imports():
    script = Path(__file__).resolve().parents[1] / "scripts" / "lexicon_gaps.py"
    res = subprocess.run([sys.executable, str(script), "--help"], capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 0, res.stderr
