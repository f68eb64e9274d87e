"""The learned event layer on real spaCy parses: features, the bundled artefact, proposals,
rescoring, the coder modes, and an end-to-end training run on a small in-test dataset."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tacitus.coding.actors import DocumentActors
from tacitus.coding.events import SentenceCoder
from tacitus.coding.lexicon import load_lexicon
from tacitus.coding.model import (
    NONE,
    EventModel,
    code_sentence,
    features,
    hash_features,
    propose,
    rescore,
    without_lemma,
)


def token(nlp, text: str, word: str):
    doc = nlp(text)
    return next(t for t in doc if t.text == word)


def coder_for(doc):
    return SentenceCoder(DocumentActors(doc))


@pytest.fixture(scope="module")
def model():
    m = EventModel.load()
    if m is None:
        pytest.fail("no model artefact in tacitus/data/model: run `make train`")
    return m


def test_features_describe_the_trigger(nlp):
    f = features(token(nlp, "Russian troops attacked Ukrainian positions on Sunday.", "attacked"))
    assert "lem=attack" in f and "pos=VERB" in f
    assert "subj=troop" in f and "subj_ent=NORP" in f
    assert "obj=position" in f and "obj_ent=NORP" in f and "lem_obj=attack_position" in f
    f = features(token(nlp, "Russian troops attacked Ukraine from Belarus.", "attacked"))
    assert "prep=from" in f and "prep_from=belarus" in f and "prep_from_ent=GPE" in f
    assert not any(x.startswith("lem") for x in without_lemma(f))


def test_negation_and_modal_features(nlp):
    f = features(token(nlp, "France would not sanction Iran.", "sanction"))
    assert "neg" in f and "modal=would" in f


def test_features_are_deterministic_across_parses_and_processes(nlp):
    text = "The Indian army shelled Pakistani posts along the Line of Control."
    a = features(token(nlp, text, "shelled"))
    b = features(token(nlp, text, "shelled"))
    assert a == b
    code = ("from tacitus.coding.model import hash_features; "
            f"print(hash_features({a!r}))")
    out = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"PYTHONHASHSEED": seed}, check=True).stdout.strip()
           for seed in ("1", "2")]
    assert out[0] == out[1] == str(hash_features(a))


def test_artefact_card_matches_weights(model):
    assert NONE in model.labels
    assert model.weights.shape == (len(model.rows), len(model.labels))
    assert 0.0 < model.threshold < 1.0 and model.temperature > 0
    assert model.version.startswith("ev1-")


def test_attack_sentence_is_violence(nlp, model):
    code, p = model.predict(token(nlp, "Israeli warplanes bombed Hamas positions in Gaza "
                                       "overnight, killing six fighters.", "bombed"))
    assert code[:2] in ("18", "19") and p > 0.6


def test_sports_sentence_is_none(nlp, model):
    code, _ = model.predict(token(nlp, "The Argentine midfielder scored a late goal against "
                                       "Brazil in the final.", "scored"))
    assert code == NONE


def test_propose_finds_a_verb_the_lexicon_lacks(nlp, model):
    text = "Turkish warplanes blitzed Kurdish militant positions in northern Iraq on Sunday."
    doc = nlp(text)
    verb = next(t for t in doc if t.text == "blitzed")
    assert verb.pos_ == "VERB" and not load_lexicon().has("verb", verb.lemma_.lower())
    sc = coder_for(doc)
    assert not sc.code_sentence(next(doc.sents))
    found = propose(next(doc.sents), sc, model)
    assert [(t.text, code[:2]) for t, code, _ in found] in ([("blitzed", "19")],
                                                           [("blitzed", "18")])
    assert found[0][2] >= model.threshold


def test_propose_skips_lexicon_verbs(nlp, model):
    doc = nlp("Russia attacked Ukraine.")
    assert propose(next(doc.sents), coder_for(doc), model) == []


def test_rescore_agrees_with_a_clear_pattern_event(nlp, model):
    doc = nlp("The Secretary met with the Indian foreign minister in Washington on Monday.")
    sc = coder_for(doc)
    cands = sc.code_sentence(next(doc.sents))
    assert cands and cands[0].code.startswith("04")
    assert rescore(cands[0].token, cands[0].code, model) > 0.5
    assert rescore(cands[0].token, "111", model) < 0.2


def test_code_sentence_modes(nlp, model):
    doc = nlp("Turkish warplanes blitzed Kurdish militant positions in northern Iraq.")
    sent = next(doc.sents)
    sc = coder_for(doc)
    assert code_sentence(sc, sent, "patterns") == []
    both = code_sentence(sc, sent, "both")
    assert [c.rule for c, _ in both] == [f"model:{model.version}"]
    c, conf = both[0]
    assert c.source.country == "TUR" and conf >= model.threshold
    doc = nlp("China condemned the Japanese defence plan.")
    sent = next(doc.sents)
    pats = code_sentence(coder_for(doc), sent, "patterns")
    assert pats and all(conf is None for _, conf in pats)
    both = code_sentence(coder_for(doc), sent, "both")
    assert [c.code for c, _ in both] == [c.code for c, _ in pats]
    assert all(conf is not None and 0 <= conf <= 1 for _, conf in both)
    with pytest.raises(ValueError):
        code_sentence(coder_for(doc), sent, "lexicon")
    doc = nlp("Israeli warplanes bombed Hamas positions in Gaza.")
    only = code_sentence(coder_for(doc), next(doc.sents), "model")
    assert [(c.token.text, c.code[:2], c.rule.startswith("model:")) for c, _ in only] == \
        [("bombed", "19", True)]


def test_training_runs_end_to_end(nlp, tmp_path):
    pytest.importorskip("sklearn")
    from tacitus.train import Example, fit, write

    rows = [("Russia attacked Ukraine.", "attacked", "190"),
            ("Israel bombed Gaza.", "bombed", "190"),
            ("Syria shelled Turkey.", "shelled", "190"),
            ("India praised Japan.", "praised", "051"),
            ("France commended Italy.", "commended", "051"),
            ("Chile lauded Peru.", "lauded", "051"),
            ("Brazil scored against Spain.", "scored", NONE),
            ("Kenya won against Ghana.", "won", NONE),
            ("Norway beat Sweden.", "beat", NONE)]
    examples = []
    for i, (text, word, code) in enumerate(rows):
        t = token(nlp, text, word)
        examples.append(Example(features(t), code, f"d{i}", t.lemma_))
    arrays, card = fit(examples, examples[:3] + examples[6:], bits=12, min_count=1,
                       min_support=1, neg_rate=1.0)
    card["date"] = "test"
    version = write(tmp_path, arrays, card)
    m = EventModel.from_dir(tmp_path)
    assert m is not None and m.version == version and sorted(m.labels) == ["051", "190", NONE]
    assert m.predict(token(nlp, "Iran attacked Iraq.", "attacked"))[0] == "190"
    assert m.predict(token(nlp, "Peru lauded Chile.", "lauded"))[0] == "051"
    assert (tmp_path / "README.md").read_text(encoding="utf-8").startswith("# Tacitus")
    again, _ = fit(examples, [], bits=12, min_count=1, min_support=1, neg_rate=1.0)
    assert (again["weights"] == arrays["weights"]).all()
