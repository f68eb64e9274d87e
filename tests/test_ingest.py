"""Ingest stage: every input format and every kind of bad input, on real files in tmp_path."""

from __future__ import annotations

import hashlib
import io
import json
import sys
from pathlib import Path

import pytest

from tacitus.ingest import (
    InputProblem,
    clean_text,
    derived_id,
    normalise_date,
    read_inputs,
    truncate,
)

EN = ("Defense Secretary James Mattis warned Turkey on Monday against buying a Russian air "
      "defense system. He said that the purchase would not fit within NATO and that the United "
      "States could not integrate it with the weapons of the other members of the alliance.")
EN2 = ("The foreign ministers of Russia and Turkey met in Sochi on Tuesday to discuss the war in "
       "Syria. They agreed that a ceasefire in Idlib should be kept and that talks would go on.")
FR = ("Le président de la République a reçu hier à l'Élysée le Premier ministre italien pour "
      "discuter de la crise migratoire et des relations entre les deux pays, selon un communiqué.")



def sha(text: str) -> str:
    """The 12 hex digits of a text's SHA-256 that a derived id ends with."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]

def run(paths, **kw):
    problems: list[InputProblem] = []
    docs = list(read_inputs([str(p) for p in paths], problems.append, **kw))
    return docs, problems


def jline(**rec) -> str:
    return json.dumps(rec) + "\n"


# ---------------------------------------------------------------- formats


def test_txt_file_id_is_its_name_and_text_hash(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_text(EN + "\n\n" + EN2 + "\n", encoding="utf-8")
    docs, problems = run([p], default_date="2018-08-20")
    assert problems == []
    assert len(docs) == 1
    d = docs[0]
    assert d.id == derived_id(str(p), d.text) == f"a.txt#{sha(d.text)}" and d.source == str(p)
    assert d.text == EN + "\n\n" + EN2
    assert d.date == "2018-08-20" and d.title is None


def test_jsonl_fields_and_fallback_id(tmp_path: Path):
    p = tmp_path / "b.jsonl"
    p.write_text(jline(id="x1", text=EN, title="Mattis warns Turkey", date="2018-08-20",
                       url="https://example.org/a")
                 + "\n" + jline(text=EN2), encoding="utf-8")
    docs, problems = run([p])
    assert problems == []
    assert [d.id for d in docs] == ["x1", f"b.jsonl#{sha(EN2)}"]
    assert docs[0].title == "Mattis warns Turkey" and docs[0].url == "https://example.org/a"
    assert docs[0].date == "2018-08-20" and docs[1].date is None
    assert all(d.source == str(p) for d in docs)


def test_json_list_and_single_object(tmp_path: Path):
    lst = tmp_path / "list.json"
    lst.write_text(json.dumps([{"id": "a", "text": EN}, {"text": EN2, "date": "20/08/2018"}]))
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"id": "solo", "text": EN2, "title": "Sochi talks"}))
    docs, problems = run([lst, one])
    assert problems == []
    assert [d.id for d in docs] == ["a", f"list.json#{sha(EN2)}", "solo"]
    assert docs[1].date == "2018-08-20"
    assert docs[2].title == "Sochi talks" and docs[2].source == str(one)


def test_json_file_holding_json_lines_is_read_with_warning(tmp_path: Path):
    p = tmp_path / "lines.json"
    p.write_text(jline(id="a", text=EN) + jline(id="b", text=EN2))
    docs, problems = run([p])
    assert [d.id for d in docs] == ["a", "b"]
    assert len(problems) == 1 and not problems[0].fatal and "JSON Lines" in problems[0].problem


def test_csv_with_quoted_multiline_text(tmp_path: Path):
    p = tmp_path / "c.csv"
    p.write_text('id,title,date,url,text\n'
                 f'c1,First,"August 20, 2018",,"{EN}\n\n{EN2}"\n'
                 f',Second,2019-01-04T08:00:00+03:00,https://example.org/b,"{EN2}"\n'
                 'c3,No text,2019-01-04,,\n', encoding="utf-8")
    docs, problems = run([p])
    assert [d.id for d in docs] == ["c1", f"c.csv#{sha(EN2)}"]
    assert docs[0].text == EN + "\n\n" + EN2 and docs[0].date == "2018-08-20"
    assert docs[1].date == "2019-01-04" and docs[1].url == "https://example.org/b"
    assert docs[1].title == "Second"
    assert len(problems) == 1
    assert problems[0].record == "line 6 (id c3)" and "no 'text'" in problems[0].problem


def test_csv_without_text_column(tmp_path: Path):
    p = tmp_path / "bad.csv"
    p.write_text("id,body\n1,hello\n")
    docs, problems = run([p])
    assert docs == []
    assert problems[0].file == str(p) and "no 'text' column" in problems[0].problem


def test_html_main_text_without_boilerplate(tmp_path: Path):
    p = tmp_path / "page.html"
    p.write_text(f"""<!DOCTYPE html><html><head><title>Turkey warned | Example News</title>
<meta property="article:published_time" content="2018-08-20T10:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Turkey warned</h1>
<p>{EN}</p><p>Advertisement</p><p>{EN2}</p>
<p>Read more: Russia and Turkey sign gas pipeline deal</p>
<p>Click here to subscribe to our newsletter</p>
<p>Share this article</p>
<p>We use cookies to give you the best experience on our website.</p>
<p>Officials in Ankara told reporters that the first deliveries were expected next year.</p>
</article><footer>© 2018 Example News. All rights reserved.</footer></body></html>""")
    docs, problems = run([p])
    assert problems == []
    d = docs[0]
    assert d.id == f"page.html#{sha(d.text)}"
    assert d.title == "Turkey warned" and d.date == "2018-08-20"
    assert d.text.split("\n\n") == [EN, EN2, "Officials in Ankara told reporters that the first "
                                    "deliveries were expected next year."]


def test_directory_recursion_sorted_hidden_and_unknown_skipped(tmp_path: Path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b.txt").write_text(EN2)
    (tmp_path / "a.txt").write_text(EN)
    (tmp_path / "sub" / "deeper" / "c.jsonl").write_text(jline(id="deep", text=EN))
    (tmp_path / ".secret.txt").write_text(EN)
    (tmp_path / ".hidden" / "x.txt").write_text(EN)
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    docs, problems = run([tmp_path])
    assert problems == []
    assert [d.id.split("#")[0] for d in docs] == ["a.txt", "b.txt", "deep"]


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch):
    data = jline(id="s1", text=EN) + "\n" + jline(text=EN2, date="20 Aug 2018")
    monkeypatch.setattr(sys, "stdin", io.StringIO(data))
    docs, problems = run(["-"])
    assert problems == []
    assert [d.id for d in docs] == ["s1", f"stdin#{sha(EN2)}"]
    assert docs[1].date == "2018-08-20" and docs[0].source == "stdin"


def test_stdin_plain_text_with_boilerplate(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{EN}\n\nAdvertisement\n\n{EN2}\n"))
    docs, problems = run(["-"])
    assert problems == []
    assert len(docs) == 1 and docs[0].id == f"stdin#{sha(docs[0].text)}"
    assert docs[0].text == EN + "\n\n" + EN2


def test_stdin_bytes_in_latin1(monkeypatch: pytest.MonkeyPatch):
    raw = ("Café owners in Paris said that " + EN).encode("latin-1")
    stream = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stream)
    docs, problems = run(["-"])
    assert docs[0].text.startswith("Café owners")
    assert problems[0].file == "stdin" and not problems[0].fatal


# ---------------------------------------------------------------- bad input


def test_truncated_json_line_in_the_middle(tmp_path: Path):
    p = tmp_path / "mixed.jsonl"
    good1, good2 = jline(id="g1", text=EN), jline(id="g2", text=EN2)
    p.write_text(good1 + good1[:40] + "\n" + "{not json at all}\n" + good2)
    docs, problems = run([p])
    assert [d.id for d in docs] == ["g1", "g2"]
    assert [(pr.file, pr.record, pr.fatal) for pr in problems] == [
        (str(p), "line 2", True), (str(p), "line 3", True)]
    assert problems[0].problem.startswith("truncated JSON")
    assert problems[1].problem.startswith("invalid JSON")
    msg = str(problems[0])
    assert msg.startswith(f"{p} line 2: truncated JSON (") and msg.endswith("record skipped")


def test_record_without_text_and_non_object(tmp_path: Path):
    p = tmp_path / "r.jsonl"
    p.write_text(jline(id="no-text", title="x") + "[1, 2]\n" + jline(id="ok", text=EN)
                 + jline(id="blank", text="   ") + jline(id="num", text=42))
    docs, problems = run([p])
    assert [d.id for d in docs] == ["ok"]
    assert [pr.record for pr in problems] == [
        "line 1 (id no-text)", "line 2", "line 4 (id blank)", "line 5 (id num)"]
    assert "no 'text'" in problems[0].problem and "not an object" in problems[1].problem
    assert "empty text" in problems[2].problem and "not a string" in problems[3].problem


def test_empty_and_whitespace_files(tmp_path: Path):
    empty, blank = tmp_path / "empty.txt", tmp_path / "blank.jsonl"
    empty.write_bytes(b"")
    blank.write_text("\n  \n")
    docs, problems = run([empty, blank])
    assert docs == []
    assert [(pr.file, pr.problem) for pr in problems] == [
        (str(empty), "empty file"), (str(blank), "empty file")]
    assert str(problems[0]) == f"{empty}: empty file — file skipped"


def test_binary_file(tmp_path: Path):
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    good = tmp_path / "good.txt"
    good.write_text(EN)
    docs, problems = run([p, good])
    assert [d.source for d in docs] == [str(good)]
    assert problems[0].file == str(p) and "binary" in problems[0].problem and problems[0].fatal


def test_latin1_file_is_read_with_warning(tmp_path: Path):
    p = tmp_path / "latin.txt"
    p.write_bytes(("Señor López said that " + EN + " “Quoted”.").encode("cp1252"))
    docs, problems = run([p])
    assert docs[0].text.startswith("Señor López said") and "“Quoted”" in docs[0].text
    assert len(problems) == 1 and not problems[0].fatal
    assert problems[0].file == str(p) and "cp1252" in problems[0].problem
    assert str(problems[0]).endswith("file read")


def test_utf16_with_bom(tmp_path: Path):
    p = tmp_path / "u16.txt"
    p.write_bytes(EN.encode("utf-16"))
    docs, problems = run([p])
    assert problems == [] and docs[0].text == EN


def test_oversized_document_truncated_at_paragraph(tmp_path: Path):
    paragraphs = [f"Paragraph {i}. " + EN for i in range(40)]
    p = tmp_path / "big.jsonl"
    p.write_text(jline(id="big", text="\n\n".join(paragraphs)))
    docs, problems = run([p], max_chars=2000)
    text = docs[0].text
    assert len(text) <= 2000 and text.endswith(EN)
    assert text.split("\n\n") == paragraphs[: len(text.split("\n\n"))]
    assert len(problems) == 1 and not problems[0].fatal
    assert problems[0].record == "line 1 (id big)" and "truncated" in problems[0].problem


def test_truncate_falls_back_to_sentence_boundary():
    text = " ".join(f"Sentence number {i} is here." for i in range(100))
    cut, boundary = truncate(text, 500)
    assert boundary == "sentence" and cut.endswith("is here.") and len(cut) <= 500


def test_non_english_record_skipped(tmp_path: Path):
    p = tmp_path / "lang.jsonl"
    ru = "Путин встретился с Эрдоганом в Сочи, чтобы обсудить ситуацию в Сирии и поставки газа."
    p.write_text(jline(id="fr", text=FR) + jline(id="en", text=EN) + jline(id="ru", text=ru))
    docs, problems = run([p])
    assert [d.id for d in docs] == ["en"]
    assert [pr.record for pr in problems] == ["line 1 (id fr)", "line 3 (id ru)"]
    assert all("non-English" in pr.problem and pr.fatal for pr in problems)


def test_short_text_is_not_judged_for_language(tmp_path: Path):
    p = tmp_path / "short.jsonl"
    p.write_text(jline(id="h", text="Putin meets Erdogan in Sochi"))
    docs, problems = run([p])
    assert [d.id for d in docs] == ["h"] and problems == []


def test_missing_path_and_unknown_extension_do_not_stop_batch(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text(EN)
    odd = tmp_path / "notes.docx"
    odd.write_bytes(b"PK\x03\x04")
    missing = tmp_path / "nope.jsonl"
    docs, problems = run([missing, odd, good])
    assert [d.source for d in docs] == [str(good)]
    assert [(pr.file, pr.fatal) for pr in problems] == [(str(missing), True), (str(odd), True)]
    assert "no such file" in problems[0].problem and "unknown file type" in problems[1].problem


def test_invalid_json_file(tmp_path: Path):
    p = tmp_path / "broken.json"
    p.write_text('[{"id": "a", "text": "' + EN + '"}, {"id": ')
    docs, problems = run([p])
    assert docs == [] and problems[0].file == str(p) and "invalid JSON" in problems[0].problem


def test_bad_date_is_non_fatal_and_default_date_fills_missing(tmp_path: Path):
    p = tmp_path / "dates.jsonl"
    p.write_text(jline(id="a", text=EN, date="sometime soon") + jline(id="b", text=EN2)
                 + jline(id="c", text=EN, date="08/20/2018"))
    docs, problems = run([p], default_date="2020-01-31")
    assert [(d.id, d.date) for d in docs] == [("a", None), ("b", "2020-01-31"),
                                              ("c", "2018-08-20")]
    assert len(problems) == 1 and not problems[0].fatal
    assert problems[0].record == "line 1 (id a)" and "unparseable date" in problems[0].problem


# ---------------------------------------------------------------- helpers


@pytest.mark.parametrize("value, iso", [
    ("2018-08-20", "2018-08-20"),
    ("2018-08-20T23:30:00-04:00", "2018-08-20"),
    ("August 20, 2018", "2018-08-20"),
    ("Monday, 20 August 2018", "2018-08-20"),
    ("20/08/2018", "2018-08-20"),
    ("05/08/2018", "2018-08-05"),  # day first
    ("08/20/2018", "2018-08-20"),  # month first only because 20 is no month
    ("20.08.2018", "2018-08-20"),
    ("20180820", "2018-08-20"),
    (1534723200, "2018-08-20"),  # Unix time, UTC
    ("2018-02-30", None),
    ("August 2018", None),
    ("yesterday", None),
    (None, None),
])
def test_normalise_date(value, iso):
    assert normalise_date(value) == iso


def test_clean_text_keeps_sentences_that_mention_boilerplate_words():
    text = ("Share this article\nFacebook | Twitter | Email\n"
            "Subscribers to the state broadcaster said that cookies were handed out.\n"
            "Read more\n\n\n\nRelated: Other story\n" + EN + "\nAdvertisement\n")
    assert clean_text(text) == ("Subscribers to the state broadcaster said that cookies were "
                                "handed out.\n\n" + EN)


# ---------------------------------------------------------------- demo corpus


def test_demo_corpus_reads_cleanly_and_keeps_attribution():
    demo = Path(__file__).resolve().parent.parent / "src" / "tacitus" / "data" / "demo"
    docs, problems = run([demo / "wikinews_demo.jsonl", demo / "statedept_demo.jsonl"])
    assert problems == []
    wikinews = [d for d in docs if d.id.startswith("wikinews-")]
    statedept = [d for d in docs if d.id.startswith("statedept-")]
    assert len(wikinews) == 40 and len(statedept) == 20
    assert all(d.url and d.url.startswith("https://en.wikinews.org/wiki/") for d in wikinews)
    assert all(d.url and d.title and d.date for d in docs)
    assert len({d.id for d in docs}) == len(docs)
    assert sum(len(d.text.split()) for d in docs) < 80_000
