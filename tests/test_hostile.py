"""Hostile or odd input: a huge unpunctuated document, markup in ids and dates, malformed CSV,
JSON and CSV on stdin, and documents over the size limit. Real pipeline, real DuckDB."""

from __future__ import annotations

import json
import random
import time

from typer.testing import CliRunner

from tacitus.cli import app
from tacitus.config import Settings
from tacitus.nlp import MAX_SENTENCE_TOKENS
from tacitus.pipeline import run
from tacitus.records import Document
from tacitus.store import open_store

runner = CliRunner()


def _unpunctuated(n_chars: int) -> str:
    rng = random.Random(1)
    actors = ["Turkey", "Russia", "the United States", "China", "Iran", "the president",
              "Erdogan", "the army", "police", "protesters"]
    verbs = ["condemned", "attacked", "met", "accused", "threatened", "praised", "arrested",
             "warned", "criticized", "visited"]
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < n_chars:
        words += [rng.choice(actors), rng.choice(verbs), rng.choice(actors),
                  rng.choice(["and", "while", "as", "after", "because"])]
    return " ".join(words)[:n_chars]


def _seconds(text: str) -> float:
    t0 = time.perf_counter()
    [res] = list(run([Document("long", text, date="2021-05-10")], Settings()))
    assert res.error is None and res.events
    return time.perf_counter() - t0


def test_long_unpunctuated_document_codes_in_linear_time(nlp):
    text = _unpunctuated(100_000)
    assert max(len(s) for s in nlp(text[:20_000]).sents) <= MAX_SENTENCE_TOKENS
    small, large = _seconds(text[:10_000]), _seconds(text)
    # Ten times the text: about ten times the time (it was one sentence, and about a hundred
    # times: 2.6 s for 10,000 characters, minutes for 100,000). A ratio, so that load from
    # other processes falls on both.
    assert large < 25 * small, (small, large)


def test_markup_in_ids_and_dates_is_printed_not_parsed(tmp_path):
    f = tmp_path / "m.jsonl"
    f.write_text("\n".join([
        json.dumps({"id": "[/b]odd[bold]", "text": "Turkey condemned Russia.", "date": "[/b]"}),
        json.dumps({"id": "ok", "text": "Greece criticized Turkey.", "date": "2021-05-10"})]),
        encoding="utf-8")
    db = str(tmp_path / "m.duckdb")
    res = runner.invoke(app, ["ingest", str(f), "--db", db])
    assert res.exit_code == 0, res.output
    assert "unparseable date '[/b]'" in res.stderr and "[/b]odd[bold]" in res.stderr
    with open_store(db, read_only=True) as s:
        assert sorted(d["id"] for d in s.documents()) == ["[/b]odd[bold]", "ok"]


def test_unbalanced_csv_quote_is_an_error_on_its_row_and_the_next_row_is_kept(tmp_path):
    f = tmp_path / "u.csv"
    f.write_text('id,text,date\n'
                 '1,"Turkey condemned Russia on Monday.,2021-05-10\n'
                 '2,Greece criticized Turkey on Tuesday.,2021-05-11\n'
                 '3,"France praised Germany on Wednesday.",2021-05-12\n', encoding="utf-8")
    db = str(tmp_path / "u.duckdb")
    res = runner.invoke(app, ["ingest", str(f), "--db", db])
    assert res.exit_code == 1
    assert f"{f} line 2" in res.stderr and "malformed CSV row" in res.stderr
    with open_store(db, read_only=True) as s:
        assert sorted(d["id"] for d in s.documents()) == ["2", "3"]


def test_csv_row_with_extra_fields_is_an_error(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("id,text\n1,Turkey condemned Russia.,extra\n2,Greece criticized Turkey.\n",
                 encoding="utf-8")
    res = runner.invoke(app, ["code", str(f), "-f", "jsonl"])
    assert res.exit_code == 1 and "3 fields, the header has 2" in res.stderr
    assert {json.loads(line)["doc_id"] for line in res.stdout.splitlines()} == {"2"}


def test_json_and_csv_on_stdin_are_records():
    recs = [{"id": "a", "text": "Turkey condemned Russia on Monday."},
            {"id": "b", "text": "Greece criticized Turkey on Tuesday."}]
    res = runner.invoke(app, ["code", "-", "-f", "jsonl"], input=json.dumps(recs))
    assert res.exit_code == 0, res.output
    assert {json.loads(line)["doc_id"] for line in res.stdout.splitlines()} == {"a", "b"}
    csv_text = "id,text\na,Turkey condemned Russia on Monday.\nb,Greece criticized Turkey.\n"
    res = runner.invoke(app, ["code", "-", "-f", "jsonl"], input=csv_text)
    assert res.exit_code == 0 and "looks like CSV" in res.stderr
    assert {json.loads(line)["doc_id"] for line in res.stdout.splitlines()} == {"a", "b"}
    res = runner.invoke(app, ["code", "-", "-f", "jsonl", "--input-format", "text"],
                        input=csv_text)
    ids = {json.loads(line)["doc_id"] for line in res.stdout.splitlines()}
    assert len(ids) == 1 and ids.pop().startswith("stdin#")  # one prose document


def test_document_size_limit_is_a_setting_and_cutting_is_a_warning(tmp_path):
    f = tmp_path / "big.jsonl"
    text = " ".join(["Turkey condemned Russia on Monday."] * 400)  # 13,999 characters
    f.write_text(json.dumps({"id": "big", "text": text}), encoding="utf-8")
    res = runner.invoke(app, ["code", str(f), "-f", "jsonl", "--max-chars", "5000"])
    assert res.exit_code == 0
    assert "(id big): text has 13,999 characters, over max_chars=5,000" in res.stderr
    res = runner.invoke(app, ["code", str(f), "-f", "jsonl"], env={"TACITUS_MAX_CHARS": "100000"})
    assert "max_chars" not in res.stderr
