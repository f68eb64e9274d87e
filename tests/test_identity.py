"""Document identity, resume and re-coding, through the real CLI into real DuckDB files.

Each test reproduces a failure a user found: stdin ingests overwriting each other, two JSONL
files numbered 1..N overwriting each other, one file stored twice under two spellings of its
path, a summary that miscounted, a resume that re-coded everything, and actor corrections that
never reached stored documents.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tacitus.cli import app
from tacitus.store import open_store

runner = CliRunner()

A1 = "Turkey condemned Russia on Monday."
A2 = "Greece criticized Turkey on Tuesday."
B1 = "France praised Germany on Wednesday."


def ingest(db: str, *args: str, stdin: str | None = None):
    res = runner.invoke(app, ["ingest", *args, "--db", db], input=stdin)
    assert res.exit_code in (0, 1), res.output
    return res


def stored(db: str) -> dict[str, int]:
    with open_store(db, read_only=True) as s:
        return {d["id"]: d["n_events"] for d in s.documents()}


def test_stdin_ingests_do_not_overwrite_each_other(tmp_path):
    db = str(tmp_path / "s.duckdb")
    ingest(db, "-", stdin=A1)
    ingest(db, "-", stdin=A2)
    res = ingest(db, "-", stdin=A1)  # the first text again: unchanged
    ids = sorted(stored(db))
    assert len(ids) == 2 and all(i.startswith("stdin#") for i in ids)
    assert "0 new, 1 unchanged" in res.stderr


def test_two_jsonl_files_with_the_same_ids_keep_both(tmp_path):
    db = str(tmp_path / "j.duckdb")
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("\n".join(json.dumps({"id": str(i), "text": t})
                           for i, t in enumerate([A1, A2], 1)), encoding="utf-8")
    b.write_text("\n".join(json.dumps({"id": str(i), "text": t})
                           for i, t in enumerate([B1, A2], 1)), encoding="utf-8")
    ingest(db, str(a))
    res = ingest(db, str(b))
    assert sorted(stored(db)) == ["1", "1@b.jsonl", "2"]
    assert "kept as 1@b.jsonl" in res.stderr
    assert "1 new, 1 unchanged, 0 replaced" in res.stderr
    res = ingest(db, str(b))  # again: nothing new, nothing replaced
    assert "0 new, 2 unchanged, 0 replaced" in res.stderr and len(stored(db)) == 3
    with open_store(db, read_only=True) as s:
        texts = {d.id: d.text for d in s.stored_documents()}
    assert texts["1"] == A1 and texts["1@b.jsonl"] == B1


def test_one_file_under_two_spellings_is_stored_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = str(tmp_path / "t.duckdb")
    Path("article.txt").write_text(A1, encoding="utf-8")
    res = ingest(db, "article.txt", "./article.txt", str(tmp_path / "article.txt"))
    assert "3 documents read: 1 new, 2 unchanged, 0 replaced, 0 failed" in res.stderr
    assert len(stored(db)) == 1


def test_an_edited_file_replaces_its_document_with_a_warning(tmp_path):
    db = str(tmp_path / "e.duckdb")
    f = tmp_path / "c.jsonl"
    f.write_text(json.dumps({"id": "x", "text": A1}), encoding="utf-8")
    ingest(db, str(f))
    f.write_text(json.dumps({"id": "x", "text": A2}), encoding="utf-8")
    res = ingest(db, str(f))
    assert "0 new, 0 unchanged, 1 replaced" in res.stderr and "replaces the stored" in res.stderr
    with open_store(db, read_only=True) as s:
        assert [d.text for d in s.stored_documents()] == [A2]
        assert {e["source"]["country"] for e in s.events()} == {"GRC"}


def test_database_refuses_a_second_document_with_the_same_id(tmp_path):
    import duckdb

    db = str(tmp_path / "u.duckdb")
    ingest(db, "-", stdin=A1)
    con = duckdb.connect(db)
    doc_id = con.execute("SELECT id FROM documents").fetchone()[0]
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO documents (id, text_hash) VALUES (?, 'x')", [doc_id])
    con.close()


def _corpus(path: Path, n: int) -> Path:
    countries = ["Turkey", "Russia", "Greece", "France", "Germany", "Iran", "Egypt", "Japan"]
    verbs = ["condemned", "criticized", "praised", "accused", "met", "warned"]
    lines = []
    for i in range(n):
        a, b = countries[i % 8], countries[(i * 3 + 1) % 8]
        text = (f"{a} {verbs[i % 6]} {b} on Monday over the dispute number {i}. "
                f"Officials in {b} said the talks with {a} would go on. "
                f"{b} later {verbs[(i + 2) % 6]} {a} again in a statement.")
        lines.append(json.dumps({"id": f"d{i}", "text": text, "date": "2021-05-10"}))
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_resume_codes_only_the_missing_documents(tmp_path):
    db = str(tmp_path / "r.duckdb")
    full = _corpus(tmp_path / "all.jsonl", 100)
    part = tmp_path / "part.jsonl"
    part.write_text("\n".join(full.read_text().splitlines()[:90]), encoding="utf-8")
    ingest(db, str(part))  # an interrupted run: 90 of 100 stored
    ref = str(tmp_path / "ref.duckdb")
    t0 = time.perf_counter()
    ingest(ref, str(full))
    t_full = time.perf_counter() - t0
    t0 = time.perf_counter()
    res = ingest(db, str(full))
    t_resume = time.perf_counter() - t0
    assert "100 documents read: 10 new, 90 unchanged, 0 replaced, 0 failed" in res.stderr
    assert stored(db) == stored(ref)
    assert t_resume < 0.4 * t_full, (t_resume, t_full)


def test_recode_applies_actor_corrections_to_stored_documents(tmp_path):
    db = str(tmp_path / "c.duckdb")
    f = tmp_path / "roe.txt"
    f.write_text("John Roe criticized Turkey on Monday.", encoding="utf-8")
    ingest(db, str(f), "--date", "2021-05-10")
    res = runner.invoke(app, ["actors", "set", "John Roe", "--code", "GRCGOV", "--country",
                              "GRC", "--sector", "GOV", "--db", db])
    assert res.exit_code == 0, res.output
    with open_store(db, read_only=True) as s:
        before = [(e["source"] or {}).get("code") for e in s.events()]
    assert before and before != ["GRCGOV"]
    res = runner.invoke(app, ["recode", "--db", db])
    assert res.exit_code == 0, res.output
    assert "1 documents re-coded" in res.stderr
    with open_store(db, read_only=True) as s:
        assert [e["source"]["code"] for e in s.events()] == ["GRCGOV"]
        assert [a["code"] for a in s.actors(query="roe")] == ["GRCGOV"]
    res = runner.invoke(app, ["recode", "--db", db, "--since", "2022-01-01"])
    assert res.exit_code == 0 and "0 documents re-coded" in res.stderr
