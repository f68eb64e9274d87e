"""The learned coder's parts on real parses: aligning gold trigger phrases, dependency paths, the
mentions a sentence offers as sides, the scorers' arithmetic, and an overfit run of the whole
training path (examples, fit, write, load, code)."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
from helpers import token

from tacitus.codebook import data_path
from tacitus.coding.actors import DocumentActors
from tacitus.coding.candidates import MAX_CONTEXT, DocumentMentions, dep_path
from tacitus.coding.dictionaries import code_actor
from tacitus.coding.document import analyse
from tacitus.coding.events import SentenceCoder
from tacitus.coding.learned import RULES, YES, LearnedCoder, read_rule_record, rule_id
from tacitus.coding.model import NONE, EventModel, stable_hash
from tacitus.coding.time import parse_anchor
from tacitus.evaluate_news import GoldSentence, evaluate_news, event_pairs
from tacitus.records import Document
from tacitus.train_news import (
    SKIP,
    TAGGER_LABELS,
    ArgumentExample,
    TriggerExample,
    _find,
    _phrase_tokens,
    document_examples,
    fit_coder,
    phrase_head,
    rule_record,
    write_coder,
)

# -- aligning gold trigger phrases --------------------------------------------------------------

FIND = [
    ("condemned", "France condemned Iran.", "condemned"),
    ("CONDEMNED", "France condemned Iran.", "condemned"),  # case does not matter
    ("condemn", "France condemned Iran.", "condemn"),
    ("called ... to end", "Russia called on Ukraine to end the fighting.", "called"),
    ("called … to end", "Russia called on Ukraine to end the fighting.", "called"),
    ("put an end ... to the fighting", "They put an end this year to the fighting.",
     "put an end"),  # the first fragment, not a word of a later one
    ("Russia’s invasion", "They condemned Russia's invasion of Ukraine.", "Russia's invasion"),
    ("Russia's invasion", "They condemned Russia’s invasion of Ukraine.", "Russia’s invasion"),
    ("“strong concern”", 'They voiced "strong concern" today.', '"strong concern"'),
    # shortened phrases: the first word of substance, as a word start
    ("the talks held", "They held talks in Geneva.", "talks"),
    ("pledge of aid", "Japan pledged aid to Haiti.", "pledged"),
    ("attack", "The weather was sunny.", None),
    ("", "The weather was sunny.", None),
]


@pytest.mark.parametrize("trigger, text, found", FIND)
def test_find(trigger, text, found):
    m = _find(trigger, text)
    if found is None:
        assert m is None
    else:
        assert m is not None and text[m.start():m.end()] == found  # offsets in `text` itself


HEADS = [
    ("We continue to support Ukraine.", "continue to support", "support"),
    ("We want to help Haiti.", "want to help", "help"),
    ("We look forward to working with Japan.", "look forward to working", "working"),
    ("The leaders will have talks with Japan.", "have talks", "talks"),
    ("Germany signed an agreement with Poland.", "signed an agreement", "signed"),
    ("Russia called on Ukraine to end the fighting.", "called ... to end", "called"),
    ("They condemned Russia’s invasion of Ukraine.", "Russia's invasion", "invasion"),
]
LEAD = "Officials spoke on Monday. "  # gold sentences start after it: offsets are checked too


@pytest.fixture(scope="module")
def head_docs(nlp):
    return list(nlp.pipe(LEAD + text for text, _, _ in HEADS))


@pytest.mark.parametrize("k", range(len(HEADS)))
def test_phrase_head(head_docs, k):
    text, trigger, head = HEADS[k]
    doc = head_docs[k]
    g = GoldSentence("c:d:1", "c", "d", len(LEAD), len(doc.text), text, LEAD, None, None, [])
    sent = next(s for s in doc.sents if s.start_char >= len(LEAD) - 1)
    phrase = _phrase_tokens(sent, g, trigger)
    assert phrase and all(t.idx >= len(LEAD) for t in phrase)
    assert phrase_head(phrase).text == head


def test_phrase_head_prefers_a_token_the_lexicon_knows(head_docs):
    doc = head_docs[4]  # "Germany signed an agreement with Poland."
    phrase = [t for t in doc if t.text in ("signed", "an", "agreement")]
    assert phrase_head(phrase).text == "signed"
    assert phrase_head(phrase, known={token(doc, "agreement").i}).text == "agreement"
    assert phrase_head([]) is None


def test_phrase_tokens_of_a_phrase_not_in_the_sentence(head_docs):
    doc = head_docs[0]
    g = GoldSentence("c:d:1", "c", "d", len(LEAD), len(doc.text), HEADS[0][0], "", None, None, [])
    sent = list(doc.sents)[-1]
    assert _phrase_tokens(sent, g, "sanctioned") == []
    assert _phrase_tokens(sent, g, "  ") == []


# -- dependency paths -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def path_doc(nlp):
    return nlp("Russia attacked Ukraine. Germany signed an agreement with Poland. "
               "Spain signed a deal with the leaders of the new government of Chile.")


@pytest.mark.parametrize("a, b, nth, path", [
    ("Russia", "attacked", 0, "nsubj^"),
    ("Ukraine", "attacked", 0, "dobj^"),
    ("attacked", "Ukraine", 0, "vdobj"),
    ("attacked", "attacked", 0, "self"),
    ("Russia", "Ukraine", 0, "nsubj^vdobj"),
    ("Germany", "signed", 0, "nsubj^"),
    ("Poland", "signed", 0, "pobj^prep^dobj^"),
    ("Chile", "signed", 1, "far"),  # more than MAX_PATH steps
    ("Spain", "signed", 1, "nsubj^"),
    ("Russia", "Germany", 0, "none"),  # another sentence
])
def test_dep_path(path_doc, a, b, nth, path):
    assert dep_path(token(path_doc, a), token(path_doc, b, nth)) == path


# -- the mentions a sentence offers ---------------------------------------------------------------

MENTION_TEXT = ("Germany criticized Poland on Monday. Berlin also warned Italy. "
                "Spain stayed silent. Austria said nothing.")


def doc_mentions(nlp, title: str | None, publisher: str | None):
    """As `coding.document.analyse` builds them."""
    doc = nlp(MENTION_TEXT)
    acts = DocumentActors(doc, date=parse_anchor("2022-03-01"), publisher=code_actor(publisher))
    sc = SentenceCoder(acts)
    return doc, DocumentMentions(sc, list(doc.sents), title)


def sides(view) -> list[tuple[str, str, int, str | None]]:
    return [(m.country, m.where, m.count, m.token.text if m.token is not None else None)
            for m in view.mentions]


def test_view_offers_sentence_previous_earlier_and_publisher(nlp):
    doc, dm = doc_mentions(nlp, None, None)
    v0 = dm.view(0)
    assert sides(v0) == [("DEU", "sent", 1, "Germany"), ("POL", "sent", 1, "Poland")]
    assert v0.publisher is None and v0.sent.text.startswith("Germany")
    assert [c.code[:2] for c in v0.patterns.values()] == ["11"]  # the pattern coder's event
    assert list(v0.patterns) == [token(doc, "criticized").i]
    assert sides(dm.view(1)) == [("DEU", "sent", 1, "Berlin"), ("ITA", "sent", 1, "Italy"),
                                 ("DEU", "prev", 1, "Germany"), ("POL", "prev", 1, "Poland")]
    # sentence 0 is now earlier: its countries not named here or just before are "doc" sides
    assert sides(dm.view(2)) == [("ESP", "sent", 1, "Spain"), ("DEU", "prev", 1, "Berlin"),
                                 ("ITA", "prev", 1, "Italy"), ("POL", "doc", 1, None)]
    assert sides(dm.view(3)) == [("AUT", "sent", 1, "Austria"), ("ESP", "prev", 1, "Spain"),
                                 ("DEU", "doc", 2, None), ("POL", "doc", 1, None),
                                 ("ITA", "doc", 1, None)]


def test_view_offers_title_countries_and_the_publisher(nlp):
    _, dm = doc_mentions(nlp, "France and Greece watch", "USAGOV")
    v0 = dm.view(0)
    assert sides(v0) == [("DEU", "sent", 1, "Germany"), ("POL", "sent", 1, "Poland"),
                         ("FRA", "doc", 1, None), ("GRC", "doc", 1, None),
                         ("USA", "pub", 1, None)]
    assert v0.publisher is not None and v0.publisher.code == "USAGOV"
    assert v0.mentions[-1].actor is v0.publisher
    v3 = [dm.view(k) for k in (1, 2, 3)][-1]
    assert sides(v3)[-1] == ("USA", "pub", 1, None)
    assert {(c, n) for c, w, n, _ in sides(v3) if w == "doc"} == {
        ("DEU", 2), ("FRA", 1), ("GRC", 1), ("POL", 1)}


def test_view_offers_at_most_max_context_earlier_countries(nlp):
    _, dm = doc_mentions(nlp, "France, Greece, Norway, Chile, Peru and Japan watch", None)
    doc_sides = [c for c, w, _, _ in sides(dm.view(0)) if w == "doc"]
    assert len(doc_sides) == MAX_CONTEXT
    assert set(doc_sides) <= {"FRA", "GRC", "NOR", "CHL", "PER", "JPN"}


# -- the scorers' arithmetic ----------------------------------------------------------------------

def softmax(z) -> np.ndarray:
    z = np.exp(np.asarray(z, dtype=np.float64) - np.max(z))
    return z / z.sum()


def tiny_model(dense: np.ndarray | None, temperature: float = 1.0) -> EventModel:
    bits = 12
    assert stable_hash("w=attack", bits) != stable_hash("w=weather", bits)
    return EventModel(labels=[NONE, "190"], rows=np.array([stable_hash("w=attack", bits)]),
                      weights=np.array([[0.0, 2.0]], dtype=np.float32),
                      bias=np.array([0.5, 0.0], dtype=np.float32), temperature=temperature,
                      threshold=0.5, version="t", bits=bits, dense=dense)


DENSE = np.array([[0.0, 1.0], [0.0, -1.0]], dtype=np.float32)


@pytest.mark.parametrize("dense, feats, vector, logits", [
    (DENSE, [], None, [0.5, 0.0]),
    (DENSE, ["w=weather"], None, [0.5, 0.0]),  # a feature with no weight row
    (DENSE, ["w=attack"], None, [0.5, 2.0]),  # no vector: the dense weights are unused
    (DENSE, ["w=attack", "w=attack"], None, [0.5, 2.0]),  # a feature counts once
    (DENSE, ["w=attack"], np.array([1.0, 0.0]), [0.5, 3.0]),
    (DENSE, ["w=attack"], np.array([0.0, 1.0]), [0.5, 1.0]),
    (DENSE, ["w=attack"], np.array([2.0, 0.5]), [0.5, 3.5]),
    (DENSE, [], np.array([0.0, 3.0]), [0.5, -3.0]),
    (None, ["w=attack"], np.array([1.0, 0.0]), [0.5, 2.0]),  # no dense weights: vector unused
])
def test_event_model_proba_with_dense_weights(dense, feats, vector, logits):
    p = tiny_model(dense).proba(feats, vector)
    assert p.shape == (2,) and p.sum() == pytest.approx(1.0)
    assert p == pytest.approx(softmax(logits), abs=1e-6)


def test_event_model_temperature_softens():
    p = tiny_model(DENSE, temperature=2.0).proba(["w=attack"], np.array([1.0, 0.0]))
    assert p == pytest.approx(softmax([0.25, 1.5]), abs=1e-6)


def test_learned_coder_sums_a_root_over_its_codes():
    bits = 12
    m = EventModel(labels=[NONE, "190", "193", "111"], rows=np.array([stable_hash("f", bits)]),
                   weights=np.array([[0.0, 1.0, 1.2, 1.5]], dtype=np.float32),
                   bias=np.zeros(4, dtype=np.float32), temperature=1.0, threshold=0.5,
                   version="t", bits=bits)
    p = softmax([0.0, 1.0, 1.2, 1.5])
    coder = LearnedCoder(m, m, m, "t", 0.3, 0.3, 0.3)
    scores = coder.root_scores(["f"])
    assert scores["19"][0] == "193" and scores["19"][1] == pytest.approx(p[1] + p[2])
    assert scores["11"] == ("111", pytest.approx(p[3]))
    assert coder.best_code(["f"]) == ("193", pytest.approx(p[1] + p[2]))  # 19 beats 11 in sum


# -- an overfit run of the training path ----------------------------------------------------------

def ev(src: str | None, code: str, tgt: str | None, trigger: str, **flags) -> dict:
    return {"source": {"text": src or "", "country": src},
            "target": {"text": tgt or "", "country": tgt}, "cameo": code, "cameo_alt": [],
            "trigger": trigger, "optional": False, "negated": False, **flags}


# (publisher, [(sentence, gold events)]): short annotated-style documents
TRAIN = [
    (None, [("Russia attacked Ukraine on Monday.", [ev("RUS", "190", "UKR", "attacked")]),
            ("The weather was cold.", [])]),
    (None, [("China threatened Japan over the islands.", [ev("CHN", "130", "JPN",
                                                              "threatened")])]),
    (None, [("France condemned Iran for the tests.", [ev("FRA", "111", "IRN", "condemned")])]),
    (None, [("Germany signed a trade agreement with Poland.", [ev("DEU", "057", "POL",
                                                                   "signed")])]),
    ("USAGOV", [("We continue to support Ukraine.", [ev("USA", "051", "UKR",
                                                        "continue to support")])]),
    (None, [("Brazil sent aid to Haiti.", [ev("BRA", "070", "HTI", "sent aid")])]),
    (None, [("Kenya accused Somalia of shelling the border.", [ev("KEN", "112", "SOM",
                                                                   "accused")])]),
    (None, [("Iraqi officials met in Baghdad on Sunday.", []),
            ("They later rejected the demands of Kuwait.", [ev("IRQ", "120", "KWT",
                                                               "rejected")])]),
    (None, [("Egypt hosted talks with Israel.", [ev("EGY", "040", "ISR", "hosted talks")])]),
    (None, [("Turkey expelled the Swedish ambassador.", [ev("TUR", "174", "SWE", "expelled")])]),
    # several sides: one event per country pair
    (None, [("Germany and France criticized Russia.", [ev("DEU", "111", "RUS", "criticized"),
                                                       ev("FRA", "111", "RUS", "criticized")])]),
    (None, [("Chile sent troops to Peru and Bolivia.", [ev("CHL", "070", "PER", "sent"),
                                                        ev("CHL", "070", "BOL", "sent")])]),
]


def annotated(k: int, publisher: str | None, sents: list[tuple[str, list[dict]]]
              ) -> tuple[Document, list[GoldSentence]]:
    """One document and its gold sentences, offsets into the document's text."""
    text, rows = "", []
    for s, events in sents:
        start = len(text)
        text += s
        rows.append(GoldSentence(f"c:d{k}:{start}", "c", f"d{k}", start, len(text), s, "", None,
                                 "2022-03-01", events))
        text += " "
    return Document(f"c:d{k}", text.rstrip(), date="2022-03-01", publisher=publisher), rows


@pytest.fixture(scope="module")
def trained(nlp, tmp_path_factory):
    docs, golds = zip(*(annotated(k, pub, sents) for k, (pub, sents) in enumerate(TRAIN)),
                      strict=True)
    parsed = list(nlp.pipe(d.text for d in docs))
    examples = [x for d, p, g in zip(docs, parsed, golds, strict=True)
                for x in document_examples(d, p, g)]
    folder = tmp_path_factory.mktemp("coder")
    # complete_rules off: the scorers decide every event, none passes through from the rules
    # design B (the parser's vectors too) and weak regularisation: these documents overfit
    version = write_coder(folder, fit_coder(examples, c_trigger=10.0, c_argument=10.0,
                                            vectors=True),
                          {"trigger": 0.5, "source": 0.5, "target": 0.5},
                          {"complete_rules": False})
    return docs, golds, parsed, examples, folder, version


def test_training_examples(trained):
    _, _, _, examples, _, _ = trained
    trig = [e for e in examples if isinstance(e, TriggerExample)]
    positive = {e.lemma: e.label for e in trig if e.label not in (NONE, SKIP)}
    assert positive == {"attack": "190", "threaten": "130", "condemn": "111", "sign": "057",
                        "support": "051", "send": "070", "accuse": "112", "reject": "120",
                        "host": "040", "expel": "174", "criticize": "111"}
    # the light verb and the other words of a gold phrase are neither event nor "none"
    assert {e.lemma for e in trig if e.label == SKIP} == {"continue", "aid", "talk"}
    assert {e.lemma for e in trig if e.label == NONE} >= {"weather", "meet", "official"}
    assert all(e.vector is not None and e.vector.ndim == 1 for e in trig)
    args = [e for e in examples if isinstance(e, ArgumentExample)]
    assert {e.group for e in args} == {f"c:d{k}" for k in range(len(TRAIN))}
    assert all(e.is_source is not None and e.is_target is not None for e in args)
    assert sum(e.is_source for e in args) >= 10 and sum(e.is_target for e in args) >= 10


def test_examples_leave_out_optional_negated_and_countryless_gold(nlp):
    doc, rows = annotated(0, None, [
        ("Russia attacked Ukraine.", [ev(None, "190", "UKR", "attacked")]),
        ("France may sanction Iran.", [ev("FRA", "163", "IRN", "sanction", optional=True)]),
        ("Spain did not recognize Kosovo.", [ev("ESP", "070", "XKX", "recognize",
                                                negated=True)]),
    ])
    examples = list(document_examples(doc, nlp(doc.text), rows))
    labels = {e.lemma: e.label for e in examples if isinstance(e, TriggerExample)}
    assert labels["attack"] == "190"
    assert labels["sanction"] == SKIP and labels["recognize"] == SKIP
    args = [e for e in examples if isinstance(e, ArgumentExample)]
    assert args and {e.trigger for e in args} == {1}  # only the required event's trigger
    assert all(e.is_source is None for e in args)  # the gold source has no country
    assert {e.is_target for e in args} == {True, False}


def test_written_coder_loads_back(trained):
    _, _, _, _, folder, version = trained
    coder = LearnedCoder.from_dir(folder)
    assert coder is not None and coder.version == version and version.startswith("ev2-")
    assert (coder.trigger_threshold, coder.source_threshold, coder.target_threshold) == (
        0.5, 0.5, 0.5)
    assert coder.complete_rules is False
    assert coder.sources.labels == [NONE, YES] and coder.targets.labels == [NONE, YES]
    assert NONE in coder.triggers.labels
    assert {x[:2] for x in coder.triggers.labels if x != NONE} == {
        "19", "13", "11", "05", "07", "12", "04", "17"}
    dense = coder.triggers.dense  # the contextual vectors' weights are written and read back
    assert dense is not None and dense.shape[1] == len(coder.triggers.labels)
    assert coder.sources.dense is None
    assert all(m.version == version for m in (coder.triggers, coder.sources, coder.targets))
    assert LearnedCoder.from_dir(folder / "triggers") is None  # not a coder folder


def test_overfit_coder_codes_its_training_documents_back(trained):
    docs, golds, parsed, _, folder, version = trained
    coder = LearnedCoder.from_dir(folder)
    coded = [analyse(d, p, None, "learned", learned=coder).events
             for d, p in zip(docs, parsed, strict=True)]
    for d, rows, events in zip(docs, golds, coded, strict=True):
        want = {(e["cameo"][:2], e["source"]["country"], e["target"]["country"])
                for g in rows for e in g.events}
        got = {(e.cameo_root, *pair) for e in events for pair in event_pairs(e)}
        assert got == want, d.text
        assert all(e.rule == f"model:{version}" for e in events)
        if len(want) > 1:  # several sides make one event, a compound actor
            assert len(events) == 1 and (events[0].source.members or events[0].target.members)
    m = evaluate_news([g for rows in golds for g in rows], list(docs),
                      lambda ds: coded).metrics()
    assert (m["precision"], m["recall"], m["f1"]) == (1.0, 1.0, 1.0)


def test_a_rule_stands_on_its_record():
    coder = replace(LearnedCoder.load(), rule_record={"lexicon:a.yaml#1": (1, 5),
                                                      "lexicon:b.yaml#2": (6, 1)},
                    rule_trust=0.6)
    assert not coder.trusted("lexicon:a.yaml#1+model:ev2-x")  # (1 + 1) / (6 + 2) = 0.25
    assert coder.trusted("lexicon:b.yaml#2")  # 7 / 9 = 0.78
    assert coder.trusted("lexicon:c.yaml#3")  # no record: the lexicon's word stands
    assert rule_id("lexicon:b.yaml#2+model:ev2-x") == "lexicon:b.yaml#2"
    assert rule_id("lexicon:b.yaml#2+mood:threat:threaten+model:ev2-x") == \
        "lexicon:b.yaml#2+mood:threat:threaten"


def test_a_distrusted_rule_leaves_the_event_to_the_scorers(nlp):
    text = "China threatened Japan over the islands."
    doc = Document("d", text, date="2022-03-01")
    base = replace(LearnedCoder.load(), complete_rules=True, rule_record={})
    ruled = [e for e in analyse(doc, nlp(text), None, "learned", learned=base).events
             if e.rule.startswith("lexicon:")]
    assert ruled, "the lexicon should find this complete event"
    distrusted = replace(base, rule_record={rule_id(ruled[0].rule): (0, 9)}, rule_trust=0.5)
    events = analyse(doc, nlp(text), None, "learned", learned=distrusted).events
    assert not any(e.rule.startswith("lexicon:") for e in events)


def test_rule_record_counts_each_rules_complete_events(trained):
    docs, golds, parsed, _, folder, _ = trained
    coder = LearnedCoder.from_dir(folder)
    rows = [g for rows in golds for g in rows]
    record = rule_record(rows, list(docs), parsed, coder)
    assert record and all(k.startswith("lexicon:") and "+model:" not in k for k in record)
    assert all(len(v) == 2 and min(v) >= 0 for v in record.values())
    assert sum(v[0] for v in record.values()) >= 3  # "attacked", "threatened", "accused"...
    # the same documents with every event's gold moved to another root: all wrong
    wrong = [replace(g, events=[{**e, "cameo": "010"} for e in g.events]) for g in rows]
    assert all(v[0] == 0 for v in rule_record(wrong, list(docs), parsed, coder).values())


def test_bundled_coder_loads():
    coder = LearnedCoder.load()
    assert coder is not None
    assert coder.version.startswith("ev2-")
    assert all(m.version == coder.version for m in (coder.triggers, coder.sources,
                                                     coder.targets))
    assert 0 < coder.trigger_threshold < 1 and 0 < coder.source_threshold < 1
    assert 0 < coder.target_threshold < 1
    assert NONE in coder.triggers.labels and YES in coder.sources.labels
    assert LearnedCoder.load() is coder  # cached


def test_bundled_coders_name_their_parts():
    """The default coder weighs no vectors and no tagger (design A); the accurate one blends in
    a fine-tuned MiniLM tagger whose pair head also gives the sides (design E), whose weights
    it ships."""
    default = LearnedCoder.load()
    assert default is not None and default.triggers.dense is None and default.tagger is None
    folder = data_path("coder-accurate")
    meta = json.loads((folder / "coder.json").read_text())
    assert meta["version"] != default.version and meta["vectors"] == "none"
    assert 0 < meta["tagger"]["blend"] < 1 and 0 < meta["sides"]["blend"] < 1
    assert meta["sides"]["pair_head"] is True and not (folder / "sides").exists()
    tagger = json.loads((folder / "tagger" / "tagger.json").read_text())
    assert tagger["layers"] == meta["tagger"]["layers"] == 3 and tagger["pairs"] is True
    assert tagger["labels"] == TAGGER_LABELS
    assert (folder / "tagger" / "weights.safetensors").stat().st_size > 1_000_000


# -- the whole training run: `python -m tacitus.train_news` ---------------------------------------

def training_files(folder, copies: int = 4):
    """TRAIN as an annotated file and its corpus (`copies` documents of each), the layout of
    ../shared/annotated and ../shared/corpus."""
    (folder / "corpus" / "c").mkdir(parents=True)
    gold, articles = [], []
    for n in range(copies):
        for k, (_, sents) in enumerate(TRAIN):
            doc, rows = annotated(n * len(TRAIN) + k, None, sents)
            articles.append({"id": doc.id.split(":")[1], "text": doc.text, "date": doc.date})
            gold += [{"id": g.id, "corpus": g.corpus, "doc_id": g.doc_id, "start": g.start,
                      "end": g.end, "text": g.text, "date": g.date, "events": g.events}
                     for g in rows]
    (folder / "train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in gold))
    (folder / "corpus" / "c" / "articles.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in articles))
    return folder / "train.jsonl", folder / "corpus"


def test_train_news_builds_a_coder_from_the_data_alone(tmp_path, capsys):
    from tacitus.train_news import main

    train, corpus = training_files(tmp_path)
    main(["--annotated", str(train), "--corpus", str(corpus), "--out", str(tmp_path / "out")])
    printed = json.loads(capsys.readouterr().out)
    coder = LearnedCoder.from_dir(tmp_path / "out")
    assert coder is not None and coder.version == printed["version"]
    card = json.loads((tmp_path / "out" / "coder.json").read_text())
    assert card["data"]["documents"] == 4 * len(TRAIN) and card["design"]["tagger_layers"] == 0
    held = card["held_out"]
    assert 0 < held["documents"] < 4 * len(TRAIN) and held["f1"] > 0.5
    assert coder.trigger_threshold == card["thresholds"]["trigger"]
    assert coder.rule_trust == card["rule_trust"] in (0.5, 0.6, 0.7)
    assert coder.rule_record == read_rule_record(tmp_path / "out" / RULES) and \
        card["rules"]["with_record"] == len(coder.rule_record) > 0
    readme = (tmp_path / "out" / "README.md").read_text()
    assert printed["version"] in readme and "held-out" in readme
    dev = tmp_path / "dev.jsonl"
    dev.write_text(train.read_text())
    with pytest.raises(SystemExit):  # the development file is for measuring only
        main(["--annotated", str(dev), "--corpus", str(corpus), "--out", str(tmp_path / "x")])
