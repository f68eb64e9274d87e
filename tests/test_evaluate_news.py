"""The annotated-news scoring protocol (`shared/annotated/README.md`) on hand-built gold sentences
and emitted events, the readers of annotated files and corpora, and `tacitus eval` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tacitus.cli import app
from tacitus.evaluate_news import (
    ERRORS,
    AnnotatedInputError,
    GoldSentence,
    NewsReport,
    credit,
    documents,
    evaluate_news,
    event_pairs,
    is_annotated,
    matches,
    read_annotated,
    score_sentence,
)
from tacitus.records import Actor, Document, Event, Trigger

DOC = "wikinews_2019_2020:d1"


# -- builders -----------------------------------------------------------------------------------

def actor(country: str | None, text: str | None = None) -> Actor:
    return Actor(text or country or "someone", country or "someone", country or "", country)


def both(*countries: str) -> Actor:
    return Actor.compound([actor(c) for c in countries])


def emitted(code: str, src: Actor | str | None, tgt: Actor | str | None, start: int = 0,
            rule: str = "lexicon:test", negated: bool = False, doc_id: str = DOC,
            mentions: list[dict] | None = None) -> Event:
    src = actor(src) if isinstance(src, str) else src
    tgt = actor(tgt) if isinstance(tgt, str) else tgt
    return Event(doc_id=doc_id, sentence_index=0, sentence="", source=src, target=tgt,
                 cameo=code, cameo_root=code[:2], cameo_name="", quad_class=1, goldstein=0.0,
                 plover={"event": None, "mode": None, "context": None},
                 trigger=Trigger("x", start, start + 1), rule=rule, confidence=0.5,
                 negated=negated, mentions=mentions or [])


def gold(cameo: str, src: str | None, tgt: str | None, alt: list[str] | None = None,
         optional: bool = False, negated: bool = False) -> dict:
    return {"source": {"text": src or "they", "country": src},
            "target": {"text": tgt or "it", "country": tgt}, "cameo": cameo,
            "cameo_alt": alt or [], "optional": optional, "negated": negated, "trigger": "t"}


def sentence(events: list[dict], start: int = 0, end: int = 100, doc: str = "d1",
             corpus: str = "wikinews_2019_2020", text: str = "A sentence.") -> GoldSentence:
    return GoldSentence(id=f"{corpus}:{doc}:{start}", corpus=corpus, doc_id=doc, start=start,
                        end=end, text=text, context="", title=None, date=None, events=events)


# -- step 3: matching ---------------------------------------------------------------------------

@pytest.mark.parametrize("g, root, pair, expected", [
    (gold("190", "RUS", "UKR"), "19", ("RUS", "UKR"), True),
    (gold("190", "RUS", "UKR"), "18", ("RUS", "UKR"), False),  # another root
    (gold("190", "RUS", "UKR", alt=["173"]), "17", ("RUS", "UKR"), True),  # cameo_alt root
    (gold("190", "RUS", "UKR", alt=["173"]), "18", ("RUS", "UKR"), False),
    (gold("190", "RUS", "UKR"), "19", ("UKR", "RUS"), False),  # sides swapped
    (gold("190", "RUS", "UKR"), "19", ("RUS", None), False),  # the gold target has a country
    (gold("111", None, "IRN"), "11", ("FRA", "IRN"), True),  # null gold source: any source
    (gold("111", None, "IRN"), "11", (None, "IRN"), True),
    (gold("111", None, "IRN"), "11", ("FRA", "IRQ"), False),
    (gold("042", "USA", None), "04", ("USA", "CHN"), True),  # null gold target: any target
    (gold("042", None, None), "04", (None, None), True),
    (gold("042", "usa", None), "04", ("USA", None), True),  # countries compared upper-cased
])
def test_matches(g, root, pair, expected):
    assert matches(g, root, pair) is expected


def test_gold_side_missing_altogether_matches_any_side():
    g = {"source": None, "cameo": "051", "target": {"text": "Kenya", "country": "KEN"}}
    assert matches(g, "05", ("USA", "KEN")) and matches(g, "05", (None, "KEN"))


@pytest.mark.parametrize("e, pairs", [
    (emitted("190", "RUS", "UKR"), {("RUS", "UKR")}),
    (emitted("190", "RUS", None), {("RUS", None)}),
    (emitted("190", None, None), {(None, None)}),
    (emitted("111", both("USA", "GBR"), "RUS"), {("USA", "RUS"), ("GBR", "RUS")}),
    (emitted("111", "RUS", both("USA", "GBR")), {("RUS", "USA"), ("RUS", "GBR")}),
    (emitted("111", both("USA", "GBR"), both("RUS", "BLR")),
     {("USA", "RUS"), ("USA", "BLR"), ("GBR", "RUS"), ("GBR", "BLR")}),
    # a reciprocal event: all sides as the source, each ordered pair
    (emitted("036", both("USA", "CHN", "JPN"), None, rule="lexicon:meet+reciprocal"),
     {("USA", "CHN"), ("CHN", "USA"), ("USA", "JPN"), ("JPN", "USA"), ("CHN", "JPN"),
      ("JPN", "CHN")}),
    # the same sides without the reciprocal rule: each source with no target
    (emitted("036", both("USA", "CHN"), None), {("USA", None), ("CHN", None)}),
    # a "reciprocal" event of one country has no pair to order
    (emitted("036", both("USA", "USA"), None, rule="x+reciprocal"), {("USA", None)}),
])
def test_event_pairs(e, pairs):
    assert event_pairs(e) == pairs


# -- steps 3 to 5 on one sentence ---------------------------------------------------------------

def test_cameo_alt_root_is_accepted():
    s = score_sentence(sentence([gold("190", "RUS", "UKR", alt=["183"])]),
                       [emitted("183", "RUS", "UKR")])
    assert len(s.correct) == 1 and len(s.found) == 1 and not s.missed and not s.spurious


def test_null_gold_country_matches_any_emitted_side():
    s = score_sentence(sentence([gold("111", None, "IRN")]), [emitted("111", "FRA", "IRN")])
    assert len(s.correct) == 1 and len(s.found) == 1


def test_optional_and_negated_gold_are_neither_required_nor_wrong():
    g = [gold("190", "RUS", "UKR"), gold("130", "RUS", "UKR", optional=True),
         gold("163", "USA", "RUS", negated=True)]
    s = score_sentence(sentence(g), [emitted("190", "RUS", "UKR"), emitted("130", "RUS", "UKR"),
                                     emitted("163", "USA", "RUS")])
    assert [e.cameo for e in s.correct] == ["190"]
    assert s.spurious == []  # matching only an optional or a negated gold event: left out
    assert s.found == [g[0]] and s.missed == []
    rep = NewsReport([s])
    assert (rep.n_emitted, rep.n_correct, rep.n_required) == (1, 1, 1)
    assert rep.metrics()["precision"] == 1.0
    assert s.pairs == {"right": 1}  # the left-out events' pairs count neither way


def test_optional_gold_alone_is_not_missed():
    s = score_sentence(sentence([gold("130", "RUS", "UKR", optional=True)]), [])
    assert s.missed == [] and s.found == []
    assert NewsReport([s]).metrics()["required"] == 0


def test_negated_emitted_events_are_left_out():
    s = score_sentence(sentence([gold("190", "RUS", "UKR")]),
                       [emitted("190", "RUS", "UKR", negated=True), emitted("111", "FRA", "IRN",
                                                                              negated=True)])
    assert s.events == [] and s.correct == [] and s.spurious == []
    assert s.missed == [(gold("190", "RUS", "UKR"), "no event in sentence")]


def test_compound_actor_counts_for_each_member():
    g = [gold("111", "USA", "RUS"), gold("111", "GBR", "RUS")]
    e = emitted("111", both("USA", "GBR"), "RUS")
    s = score_sentence(sentence(g), [e])
    assert s.found == g  # one emitted event, recall for each pair
    assert s.correct == [e] and s.pairs == {"right": 2}
    m = NewsReport([s]).metrics()
    assert (m["emitted"], m["correct"], m["required"], m["found"]) == (1, 1, 2, 2)


def test_compound_with_a_wrong_member_is_correct_but_one_pair_is_wrong():
    s = score_sentence(sentence([gold("111", "USA", "RUS")]),
                       [emitted("111", both("USA", "DEU"), "RUS")])
    assert len(s.correct) == 1 and s.pairs == {"right": 1, "wrong": 1}
    assert NewsReport([s]).metrics()["pair_precision"] == 0.5


def test_reciprocal_event_counts_each_ordered_pair():
    g = [gold("036", "USA", "CHN"), gold("036", "CHN", "USA")]
    e = emitted("036", both("USA", "CHN"), None, rule="lexicon:talks+reciprocal")
    s = score_sentence(sentence(g), [e])
    assert s.found == g and s.correct == [e] and s.pairs == {"right": 2}
    # without the reciprocal rule the same sides have no target: the gold targets miss
    s = score_sentence(sentence(g), [emitted("036", both("USA", "CHN"), None)])
    assert s.found == [] and [k for _, k in s.missed] == ["target wrong", "target wrong"]


@pytest.mark.parametrize("g, events, kind", [
    (gold("190", "RUS", "UKR"), [], "no event in sentence"),
    (gold("190", "RUS", "UKR"), [emitted("111", "RUS", "UKR")], "another root"),
    (gold("190", "RUS", "UKR"), [emitted("190", "BLR", "UKR")], "source wrong"),
    (gold("190", "RUS", "UKR"), [emitted("190", None, "UKR")], "source wrong"),
    (gold("190", "RUS", "UKR"), [emitted("190", "RUS", "GEO")], "target wrong"),
    (gold("190", "RUS", "UKR"), [emitted("190", "RUS", None)], "target wrong"),
    (gold("190", None, "UKR"), [emitted("190", "BLR", "GEO")], "target wrong"),
    # the root decides first: a right pair under another root is "another root"
    (gold("190", "RUS", "UKR"), [emitted("130", "RUS", "UKR"), emitted("111", "BLR", "GEO")],
     "another root"),
    # a cameo_alt root counts as the same root
    (gold("190", "RUS", "UKR", alt=["180"]), [emitted("180", "BLR", "UKR")], "source wrong"),
])
def test_miss_kinds(g, events, kind):
    s = score_sentence(sentence([g]), events)
    assert s.missed == [(g, kind)]
    assert kind in ERRORS


# -- step 2: crediting by mention offsets ---------------------------------------------------------

def test_credit_by_mention_offsets():
    rows = [sentence([], 0, 50), sentence([], 50, 100), sentence([], 200, 250),
            sentence([], 0, 50, doc="d2")]
    a = emitted("190", "RUS", "UKR", mentions=[{"start": 10, "end": 18},
                                               {"start": 60, "end": 66}])
    b = emitted("111", "FRA", "IRN", start=210)  # no mentions: the trigger's offsets
    c = emitted("036", "USA", "CHN", start=150)  # between annotated sentences
    d = emitted("042", "USA", "CHN", start=50)  # the start of the second sentence
    e = emitted("042", "USA", "CHN", start=5, doc_id="wikinews_2019_2020:d3")  # not annotated
    f = emitted("130", "CHN", "JPN", mentions=[{"start": 20, "end": 25}],
                doc_id="wikinews_2019_2020:d2")
    out = credit(rows, {DOC: [a, b, c, d], "wikinews_2019_2020:d3": [e],
                        "wikinews_2019_2020:d2": [f]})
    assert out == {rows[0].id: [a], rows[1].id: [a, d], rows[2].id: [b], rows[3].id: [f]}


def test_credit_counts_an_event_once_per_sentence():
    rows = [sentence([], 0, 50)]
    a = emitted("190", "RUS", "UKR", mentions=[{"start": 1, "end": 5}, {"start": 30, "end": 35}])
    assert credit(rows, {DOC: [a]}) == {rows[0].id: [a]}


# -- the figures, by hand ------------------------------------------------------------------------

def test_metrics_by_hand():
    """Four sentences of one document, coded with hand-made events, scored through
    `evaluate_news` (crediting by offsets included).

    A: gold RUS 190 UKR, USA 051 UKR, optional FRA 111 RUS; emitted RUS 190 UKR (right),
       RUS+BLR 190 UKR (right; BLR-UKR a wrong pair), FRA 111 RUS (optional only: left out),
       USA 042 UKR (spurious; USA 051 UKR missed: another root).
    B: gold SYR 180 TUR; emitted TUR 180 SYR (spurious; missed: source wrong).
    C: no gold; emitted CHN 036 USA (spurious).
    D: gold IRN 130 ISR; nothing emitted (missed: no event in sentence).
    """
    rows = [
        sentence([gold("190", "RUS", "UKR"), gold("051", "USA", "UKR"),
                  gold("111", "FRA", "RUS", optional=True)], 0, 100),
        sentence([gold("180", "SYR", "TUR")], 100, 200),
        sentence([], 200, 300),
        sentence([gold("130", "IRN", "ISR")], 300, 400),
    ]
    events = [emitted("190", "RUS", "UKR", 10), emitted("190", both("RUS", "BLR"), "UKR", 20),
              emitted("111", "FRA", "RUS", 30), emitted("042", "USA", "UKR", 40),
              emitted("180", "TUR", "SYR", 150), emitted("036", "CHN", "USA", 250),
              emitted("190", "RUS", "UKR", 450)]  # after the last annotated sentence: ignored
    docs = [Document(id=DOC, text="x" * 400)]
    rep = evaluate_news(rows, docs, lambda ds: [events for _ in ds])
    m = rep.metrics()
    p, r = 2 / 5, 1 / 4
    assert (m["sentences"], m["emitted"], m["correct"], m["required"], m["found"]) == \
        (4, 5, 2, 4, 1)
    assert m["precision"] == round(p, 3) == 0.4
    assert m["recall"] == 0.25
    assert m["f1"] == round(2 * p * r / (p + r), 3) == 0.308
    assert m["recall_by_root"] == {
        "05": {"found": 0, "gold": 1, "recall": 0.0},
        "13": {"found": 0, "gold": 1, "recall": 0.0},
        "18": {"found": 0, "gold": 1, "recall": 0.0},
        "19": {"found": 1, "gold": 1, "recall": 1.0},
    }
    assert m["conflict_recall"] == 0.5  # roots 14-20: 19 found, 18 missed
    # pairs: RUS-UKR twice right; BLR-UKR, USA-UKR (04), TUR-SYR, CHN-USA wrong; FRA-RUS neither
    assert m["pair_precision"] == round(2 / 6, 3)
    assert m["misses"] == {"no event in sentence": 1, "another root": 1, "source wrong": 1,
                           "target wrong": 0}


def test_conflict_recall_covers_roots_14_to_20():
    s = score_sentence(sentence([gold("130", "IRN", "ISR"), gold("141", "FRA", None),
                                 gold("202", "SYR", None), gold("210", "X", None)]),
                       [emitted("130", "IRN", "ISR"), emitted("141", "FRA", None)])
    m = NewsReport([s]).metrics()
    assert m["recall"] == 0.5
    assert m["conflict_recall"] == 0.5  # 14 found, 20 missed; 13 and 21 are not conflict


def test_empty_report_has_zero_figures():
    m = NewsReport([score_sentence(sentence([]), [])]).metrics()
    assert (m["precision"], m["recall"], m["f1"], m["conflict_recall"],
            m["pair_precision"]) == (0.0, 0.0, 0.0, 0.0, 0.0)
    assert m["recall_by_root"] == {} and set(m["misses"]) == set(ERRORS)


def test_evaluate_news_needs_one_event_list_per_document():
    docs = [Document(id=DOC, text="x" * 100)]
    with pytest.raises(ValueError):
        evaluate_news([sentence([])], docs, lambda ds: [])


# -- reading annotated files and corpora ----------------------------------------------------------

def record(corpus: str, doc_id: str, start: int, text: str, events: list[dict] | None = None,
           **extra) -> dict:
    return {"id": f"{corpus}:{doc_id}:{start}", "corpus": corpus, "doc_id": doc_id,
            "start": start, "end": start + len(text), "sha1": "", "date": "2022-03-26",
            "title": "A title", "context": "", "text": text, "events": events or [], **extra}


def write_jsonl(path: Path, rows: list) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows),
                    encoding="utf-8")
    return path


def test_read_annotated_skips_bad_records_naming_file_and_record(tmp_path):
    good = record("wikinews_2019_2020", "d1", 0, "Russia attacked Ukraine.",
                  [gold("190", "RUS", "UKR")])
    missing = {k: v for k, v in good.items() if k != "doc_id"}
    path = write_jsonl(tmp_path / "gold.jsonl", [
        good, "", "{not json", missing, {**good, "start": "twelve"}, ["a", "list"],
        {**good, "context": None, "events": None, "id": "x:y:1"}])
    rows, problems = read_annotated(path)
    assert [r.id for r in rows] == [good["id"], "x:y:1"]
    assert rows[0].events == [gold("190", "RUS", "UKR")] and rows[0].end == 24
    assert rows[1].events == [] and rows[1].context == ""
    assert len(problems) == 4
    for n, p in zip((3, 4, 5, 6), problems, strict=True):
        assert p.startswith(f"{path}: record {n}: ") and p.endswith("skipped")
    assert "doc_id" in problems[1]


@pytest.mark.parametrize("content", ["", "\n\n", "{broken\n", '{"id": 1}\n'])
def test_read_annotated_raises_when_nothing_is_readable(tmp_path, content):
    path = tmp_path / "gold.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AnnotatedInputError, match="no annotated sentences") as info:
        read_annotated(path)
    assert str(path) in str(info.value)


def test_read_annotated_raises_for_a_missing_file(tmp_path):
    path = tmp_path / "absent.jsonl"
    with pytest.raises(AnnotatedInputError, match="cannot read") as info:
        read_annotated(path)
    assert str(path) in str(info.value)


def test_is_annotated(tmp_path):
    annotated = write_jsonl(tmp_path / "a.jsonl", ["", record("wikinews_2019_2020", "d", 0, "x")])
    gsr = write_jsonl(tmp_path / "gsr.jsonl", [{"id": "PLOVER-1", "text": "x", "event": "AGREE",
                                               "source": [], "target": []}])
    listed = write_jsonl(tmp_path / "list.jsonl", [["doc_id", "start", "events"]])
    broken = write_jsonl(tmp_path / "broken.jsonl", ["{not json"])
    empty = write_jsonl(tmp_path / "empty.jsonl", [])
    binary = tmp_path / "bin.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert is_annotated(annotated)
    for path in (gsr, listed, broken, empty, binary, tmp_path / "absent.jsonl", tmp_path):
        assert not is_annotated(path), path


SD = "state_dept_press_releases"
WH = "white_house_briefing_room"
WN = "wikinews_2019_2020"
TEXT = "Russia attacked Ukraine. The weather was cold. China threatened Japan. Talks ended."


def corpus_dir(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    for corpus in (SD, WH, WN):
        write_jsonl(root / corpus / "articles.jsonl", [
            {"id": "other", "title": "Other", "date": "2020-01-01", "text": "Nothing."},
            {"id": "d1", "title": f"{corpus} title", "date": "2022-03-01",
             "url": f"https://example.org/{corpus}", "text": TEXT},
            {"id": "d2", "date": "2022-03-02", "text": TEXT}])
    return root


def test_documents_cut_titles_and_publishers(tmp_path):
    root = corpus_dir(tmp_path)
    s1 = TEXT.index("The weather")
    s2 = TEXT.index("China")
    rows = [
        sentence([], 0, 24, corpus=SD), sentence([], s2, TEXT.index(" Talks"), corpus=SD),
        sentence([], s1, s2 - 1, corpus=WH),
        sentence([], 0, 24, corpus=WN),
        sentence([], 0, 24, doc="d2", corpus=WN),
    ]
    rows[-1].title, rows[-1].date = "Gold title", "1999-01-01"
    docs = {d.id: d for d in documents(rows, root)}
    assert set(docs) == {f"{SD}:d1", f"{WH}:d1", f"{WN}:d1", f"{WN}:d2"}
    sd, wh, wn, wn2 = docs[f"{SD}:d1"], docs[f"{WH}:d1"], docs[f"{WN}:d1"], docs[f"{WN}:d2"]
    # cut at the end of the last annotated sentence, whatever the order of the records
    assert sd.text == "Russia attacked Ukraine. The weather was cold. China threatened Japan."
    assert wh.text == "Russia attacked Ukraine. The weather was cold."
    assert wn.text == "Russia attacked Ukraine."
    assert (sd.publisher, wh.publisher, wn.publisher) == ("USAGOV", "USAGOV", None)
    assert (sd.title, sd.date, sd.url) == (f"{SD} title", "2022-03-01", f"https://example.org/{SD}")
    assert (wn2.title, wn2.date) == ("Gold title", "2022-03-02")  # the corpus's date wins


def test_documents_missing_corpus_file_or_document(tmp_path):
    root = corpus_dir(tmp_path)
    with pytest.raises(AnnotatedInputError, match="corpus file not found") as info:
        documents([sentence([], corpus="unknown_corpus")], root)
    assert str(root / "unknown_corpus" / "articles.jsonl") in str(info.value)
    assert "--corpus" in str(info.value)
    with pytest.raises(AnnotatedInputError, match="document d9 is not in") as info:
        documents([sentence([], doc="d9", corpus=WN)], root)
    assert str(root / WN) in str(info.value) and f"{WN}:d9:0" in str(info.value)


# -- `tacitus eval` on annotated news --------------------------------------------------------------

runner = CliRunner()
RUSSIA = "Russia attacked Ukraine. The weather was sunny in Moscow. Officials met in Geneva."
CANBERRA = "Canberra recalled its ambassador."


def eval_files(tmp_path: Path) -> Path:
    """Two documents, three annotated sentences: one event found, one sentence with none, one
    event the text cannot give (its target comes from the context)."""
    write_jsonl(tmp_path / "corpus" / SD / "articles.jsonl", [
        {"id": "sd-1", "title": "Press statement", "date": "2022-03-01", "text": RUSSIA}])
    write_jsonl(tmp_path / "corpus" / WN / "articles.jsonl", [
        {"id": "wn-1", "title": "Ambassador recalled", "date": "2015-04-29", "text": CANBERRA}])
    s2 = RUSSIA.index("The weather")
    return write_jsonl(tmp_path / "annotated" / "gold.jsonl", [
        record(SD, "sd-1", 0, "Russia attacked Ukraine.", [gold("190", "RUS", "UKR")]),
        record(SD, "sd-1", s2, "The weather was sunny in Moscow."),
        record(WN, "wn-1", 0, CANBERRA, [gold("161", "AUS", "IDN")],
               context="Indonesia executed two Australians."),
    ])


def test_eval_command_on_annotated_news(tmp_path, nlp):
    path = eval_files(tmp_path)
    out = tmp_path / "out.md"
    res = runner.invoke(app, ["eval", str(path), "--json", "--report", str(out)])
    assert res.exit_code == 0, res.output
    m = json.loads(res.stdout)
    assert set(m) == {"sentences", "emitted", "correct", "required", "found", "precision",
                      "recall", "f1", "conflict_recall", "pair_precision", "recall_by_root",
                      "misses"}
    assert (m["sentences"], m["required"], m["found"]) == (3, 2, 1)
    assert (m["emitted"], m["correct"]) == (1, 1)  # RUS 190 UKR; the weather codes nothing
    assert (m["precision"], m["recall"], m["f1"]) == (1.0, 0.5, 0.667)
    assert m["conflict_recall"] == 0.5  # roots 14-20: 19 found, 16 missed
    assert m["pair_precision"] == 1.0
    assert m["recall_by_root"] == {"16": {"found": 0, "gold": 1, "recall": 0.0},
                                   "19": {"found": 1, "gold": 1, "recall": 1.0}}
    assert sum(m["misses"].values()) == 1
    report = out.read_text(encoding="utf-8")
    assert report.startswith("# Errors on annotated news: 1 sentences")
    assert f"## {WN}:wn-1:0" in report and f"**{CANBERRA}**" in report
    assert "> Indonesia executed two Australians." in report
    assert "- missed (" in report and "- gold: AUS (AUS) --161--> IDN (IDN) [t]" in report
    assert f"{SD}:sd-1" not in report  # sentences without errors are not listed
    assert "error report written" in res.stderr


def test_eval_command_missing_corpus_is_a_usage_error(tmp_path):
    path = eval_files(tmp_path)
    absent = tmp_path / "nowhere"
    res = runner.invoke(app, ["eval", str(path), "--corpus", str(absent), "--json"])
    assert res.exit_code == 2
    flat = "".join(res.stderr.split())  # the console wraps long lines
    assert "corpusfilenotfound" in flat
    assert "".join(str(absent / SD / "articles.jsonl").split()) in flat
    assert res.stdout == ""
