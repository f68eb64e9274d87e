"""The command line end to end: real parses, a real DuckDB file, exit codes and streams."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tacitus.cli import app

runner = CliRunner()


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_code_jsonl_from_stdin_with_date():
    res = runner.invoke(app, ["code", "-", "--format", "jsonl", "--date", "2021-03-04"],
                        input="Iran threatened to attack Israel on Sunday.\n")
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]
    assert rows and rows[0]["plover"]["event"] == "THREATEN"
    assert rows[0]["date"] == "2021-02-28" and rows[0]["date_precision"] == "day"


def test_bad_file_is_reported_and_the_batch_goes_on(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02 binary")
    good = _write(tmp_path, "good.txt", "Egypt condemned the attack on Sudan by Ethiopia.")
    res = runner.invoke(app, ["code", str(bad), good, "--format", "jsonl"])
    assert res.exit_code == 1  # something failed, the rest was coded
    assert "bad.txt" in res.stderr and "binary" in res.stderr
    assert any(line.startswith("{") for line in res.stdout.splitlines())


def test_unknown_format_and_bad_date_are_usage_errors(tmp_path):
    good = _write(tmp_path, "a.txt", "Egypt condemned Ethiopia.")
    assert runner.invoke(app, ["code", good, "--format", "xml"]).exit_code == 2
    assert runner.invoke(app, ["code", good, "--date", "yesterday"]).exit_code == 2


def test_ingest_dedupes_queries_exports_and_applies_corrections(tmp_path):
    db = str(tmp_path / "ev.duckdb")
    a = _write(tmp_path, "a.txt", "John Roe criticized Turkey on Monday.")
    assert runner.invoke(app, ["ingest", a, "--db", db, "--date", "2024-03-04"]).exit_code == 0
    res = runner.invoke(app, ["ingest", a, "--db", db])
    assert res.exit_code == 0 and "0 new, 1 unchanged" in res.stderr
    res = runner.invoke(app, ["actors", "set", "John Roe", "--code", "GRCGOV", "--country",
                              "GRC", "--sector", "GOV", "--db", db])
    assert res.exit_code == 0, res.output
    b = _write(tmp_path, "b.txt", "John Roe criticized Turkey again on Tuesday.")
    assert runner.invoke(app, ["ingest", b, "--db", db, "--date", "2024-03-05"]).exit_code == 0
    res = runner.invoke(app, ["events", "--db", db, "--dyad", "GRC-TUR", "--format", "jsonl"])
    rows = [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]
    assert len(rows) == 1 and rows[0]["source"]["code"] == "GRCGOV"
    out = tmp_path / "ev.tsv"
    assert runner.invoke(app, ["export", "--db", db, "--format", "gdelt", str(out)]).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines and all(len(line.split("\t")) == 61 for line in lines)


def test_query_on_missing_store_says_what_to_do(tmp_path):
    res = runner.invoke(app, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 3 and "tacitus ingest" in res.stderr


def test_user_actor_dictionary_wins(tmp_path):
    d = _write(tmp_path, "actors.yaml", "- {name: Jane Doe, code: FRAGOV, country: FRA, "
               "sectors: [GOV]}\n")
    res = runner.invoke(app, ["code", "-", "--actors", d, "--format", "jsonl"],
                        input="Jane Doe criticized Turkey on Monday.\n")
    rows = [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]
    assert rows and rows[0]["source"]["code"] == "FRAGOV"


def test_every_command_has_help():
    for cmd in ("code", "ingest", "events", "export", "eval", "demo", "bench", "quotes",
                "actors"):
        res = runner.invoke(app, [cmd, "--help"])
        assert res.exit_code == 0 and "Usage" in res.stdout, cmd


def test_publisher_option_and_field_resolve_we(tmp_path):
    text = "We urge Russia to release all political prisoners."
    res = runner.invoke(app, ["code", "-", "--format", "jsonl", "--publisher", "GBRGOV"],
                        input=text + "\n")
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]
    assert rows and rows[0]["source"]["code"] == "GBRGOV" and rows[0]["target"]["country"] == "RUS"
    # A record's own publisher field wins over the option.
    path = _write(tmp_path, "pr.jsonl", json.dumps({"id": "a", "text": text,
                                                    "publisher": "FRAGOV"}) + "\n")
    res = runner.invoke(app, ["code", path, "--format", "jsonl", "--publisher", "GBRGOV"])
    rows = [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]
    assert rows and rows[0]["source"]["code"] == "FRAGOV"
    assert runner.invoke(app, ["code", "-", "--publisher", "XYZ"], input=text).exit_code == 2


def test_bench_measures_the_coder_it_is_given(tmp_path):
    rows = [{"id": f"d{k}", "date": "2019-05-02",
             "text": "Iran threatened to attack Israel on Sunday. Egypt condemned the attack."}
            for k in range(3)]
    corpus = _write(tmp_path, "c.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    res = runner.invoke(app, ["bench", "--corpus", corpus, "--limit", "2", "--repeat", "1",
                              "--coder", "patterns"])
    assert res.exit_code == 0, res.output
    assert "2 documents, 22 words), coder patterns" in res.stdout
    ratio = next(line for line in res.stdout.splitlines() if line.startswith("ratio: "))
    assert float(ratio.split()[1]) > 0
    res = runner.invoke(app, ["bench", "--corpus", corpus, "--coder", "rules"])
    assert res.exit_code == 2 and "--coder 'rules'" in res.output
