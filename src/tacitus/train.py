"""Train the learned event layer: `python -m tacitus.train --corpus DIR` (or `make train`).

Silver data: the pattern coder runs over a fixed, seeded sample of the unlabelled corpora.
Each coded trigger is a positive with its code; verbs with an actor subject that the lexicon did
not match are sampled as "none". Team-written seed sentences (`data/train/seed.jsonl`) are
added to the training split. Every example is also used without its trigger-lemma features, so
that context carries weight where the lexicon does not know the verb. A multinomial logistic
regression is fitted (scikit-learn, the `train` extra), calibrated with a temperature on a
held-out split of documents, and written to `data/model/` as float16 weights plus a model card.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .codebook import codebook, data_path
from .coding.model import (
    HASH_BITS,
    NONE,
    EventModel,
    _actor_subject,
    features,
    hash_features,
    root_of,
    stable_hash,
    without_lemma,
)

CORPORA = (("state_dept_press_releases", 230), ("white_house_briefing_room", 150),
           ("wikinews_2019_2020", 220))
SEED = 20240917
MAX_CHARS = 12_000
NEG_RATE = 0.35  # share of uncoded actor-subject verbs kept as "none" in the training split
MIN_SUPPORT = 25  # a 3-digit code keeps its own label with this many silver positives
MIN_COUNT = 2  # hashed features seen fewer times in training get no weight
SEED_WEIGHT = 3.0
DROPOUT_WEIGHT = 0.5  # weight of the copy of each example without its trigger lemma
C = 5.0  # inverse L2 regularisation strength
TARGET_PRECISION = 0.6
HELD_OUT = 5  # one document in HELD_OUT (by stable hash of its id) is held out


@dataclass
class Example:
    feats: list[str]
    code: str  # CAMEO code or "none"
    group: str  # document id, "seed" for team sentences
    lemma: str


def sample_corpus(root: Path, corpora=CORPORA, seed: int = SEED) -> list[tuple[str, str]]:
    """(id, text) of a fixed, seeded sample of each corpus, texts truncated to MAX_CHARS."""
    out = []
    for name, n in corpora:
        rows = [json.loads(line) for line in (root / name / "articles.jsonl").open(
            encoding="utf-8") if line.strip()]
        rows.sort(key=lambda r: str(r["id"]))
        picked = random.Random(f"{seed}:{name}").sample(rows, min(n, len(rows)))
        out += [(str(r["id"]), str(r["text"])[:MAX_CHARS]) for r in picked]
    return out


def silver_examples(doc, group: str) -> list[Example]:
    """Positives from the pattern coder; uncoded actor-subject verbs as "none" (all of them:
    the caller samples)."""
    from .coding.actors import DocumentActors
    from .coding.events import SentenceCoder

    coder = SentenceCoder(DocumentActors(doc))
    out = []
    for sent in doc.sents:
        cands = coder.code_sentence(sent)
        taken = {t.i for c in cands for t in c.tokens}
        for c in cands:
            out.append(Example(features(c.token), c.code, group, c.token.lemma_.lower()))
        for t in sent:
            if t.pos_ != "VERB" or t.i in taken or coder.match(t) is not None:
                continue
            if _actor_subject(t, coder):
                out.append(Example(features(t), NONE, group, t.lemma_.lower()))
    return out


def seed_examples(nlp, path: Path | None = None) -> list[Example]:
    """Team-written sentences: the first token whose text is the trigger word gets the code."""
    path = path or Path(str(data_path("train") / "seed.jsonl"))
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    out = []
    for row, doc in zip(rows, nlp.pipe([r["text"] for r in rows], batch_size=32), strict=True):
        tok = next((t for t in doc if t.lower_ == row["trigger"].lower()), None)
        if tok is None:
            raise ValueError(f"seed {row['text']!r}: no token {row['trigger']!r}")
        out.append(Example(features(tok), str(row["code"]), "seed", tok.lemma_.lower()))
    return out


def label_map(codes: list[str], min_support: int = MIN_SUPPORT) -> dict[str, str]:
    """Code -> label: its 3-digit code if well supported, else its root's generic x0 code."""
    book = codebook()
    support = Counter(c[:3] for c in codes if c != NONE)
    out = {NONE: NONE}
    for c in set(codes) - {NONE}:
        base = c[:3]
        generic = root_of(c) + "0"
        out[c] = base if support[base] >= min_support and base in book else generic
    return out


def _matrix(rows: list[list[int]], n: int):
    from scipy.sparse import csr_matrix

    indptr = np.cumsum([0] + [len(r) for r in rows])
    idx = np.array([i for r in rows for i in r], dtype=np.int64)
    return csr_matrix((np.ones(len(idx), dtype=np.float64), idx, indptr), shape=(len(rows), n))


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature with the least held-out negative log-likelihood (grid 0.5-4)."""
    best, best_t = np.inf, 1.0
    for t in np.arange(0.5, 4.0001, 0.05):
        p = _softmax(logits / t)[np.arange(len(y)), y]
        nll = -np.log(np.clip(p, 1e-12, None)).mean()
        if nll < best - 1e-9:
            best, best_t = nll, float(round(t, 2))
    return best_t


def _event_scores(p: np.ndarray, labels: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Per row: best non-none label index and the summed probability of its root."""
    roots = np.array([root_of(x) if x != NONE else "" for x in labels])
    none = labels.index(NONE)
    q = p.copy()
    q[:, none] = -1
    k = q.argmax(axis=1)
    score = np.array([p[i, roots == roots[k[i]]].sum() for i in range(len(k))])
    return k, score


def _threshold(p: np.ndarray, y: np.ndarray, labels: list[str],
               target: float = TARGET_PRECISION) -> tuple[float, float, float]:
    """Lowest threshold whose proposals reach `target` root precision; (thr, P, R)."""
    roots = np.array([root_of(x) if x != NONE else "" for x in labels])
    k, score = _event_scores(p, labels)
    positive = y != labels.index(NONE)
    right = positive & (roots[k] == roots[y])
    chosen = (0.95, 0.0, 0.0)
    for thr in np.arange(0.95, 0.249, -0.05):
        fire = score >= thr
        if not fire.any():
            continue
        prec = float((fire & right).sum() / fire.sum())
        rec = float((fire & right).sum() / max(positive.sum(), 1))
        if prec >= target:
            chosen = (float(round(thr, 2)), round(prec, 3), round(rec, 3))
    return chosen


def _figures(p: np.ndarray, y: np.ndarray, labels: list[str]) -> dict:
    from sklearn.metrics import f1_score

    pred = p.argmax(axis=1)
    roots = np.array([root_of(x) if x != NONE else NONE for x in labels])
    present = sorted(set(y.tolist()))
    return {"n": int(len(y)), "accuracy": round(float((pred == y).mean()), 3),
            "macro_f1": round(float(f1_score(y, pred, labels=present, average="macro",
                                             zero_division=0)), 3),
            "root_accuracy": round(float((roots[pred] == roots[y]).mean()), 3)}


def fit(train: list[Example], held: list[Example], bits: int = HASH_BITS, c: float = C,
        min_count: int = MIN_COUNT, min_support: int = MIN_SUPPORT,
        neg_rate: float = NEG_RATE, dropout: float = DROPOUT_WEIGHT) -> tuple[dict, dict]:
    """Fit, calibrate and measure; returns (arrays for the artefact, model card fields)."""
    from sklearn.linear_model import LogisticRegression

    lmap = label_map([e.code for e in train], min_support)
    labels = sorted(set(lmap.values()) | {NONE})
    lindex = {x: i for i, x in enumerate(labels)}

    def label(e: Example) -> int:
        code = lmap.get(e.code) or lmap.get(e.code[:3]) or root_of(e.code) + "0"
        return lindex.get(code, lindex[NONE])

    rows, y, w = [], [], []
    for e in train:
        base = SEED_WEIGHT if e.group == "seed" else 1.0
        for feats, share in ((e.feats, 1.0), (without_lemma(e.feats), dropout)):
            rows.append(hash_features(feats, bits))
            y.append(label(e))
            w.append(base * share)
    counts = Counter(i for r in rows for i in r)
    keep = {i for i, n in counts.items() if n >= min_count}
    rows = [[i for i in r if i in keep] for r in rows]
    x = _matrix(rows, 1 << bits)
    y_arr = np.array(y)
    clf = LogisticRegression(C=c, max_iter=400, tol=1e-4)
    clf.fit(x, y_arr, sample_weight=np.array(w))
    classes = [labels[i] for i in clf.classes_]
    coef = clf.coef_.T  # (n_features, n_classes)
    used = np.array(sorted(keep), dtype=np.int32)
    bias = clf.intercept_.astype(np.float64)
    if NONE in classes:  # undo the sampling of "none" examples (prior correction)
        bias[classes.index(NONE)] += np.log(1.0 / neg_rate)
    arrays = {"rows": used, "weights": coef[used].astype(np.float16),
              "bias": bias.astype(np.float32)}
    card: dict = {"labels": classes, "hash_bits": bits, "c": c, "dropout_weight": dropout,
                  "min_count": min_count,
                  "min_support": min_support, "label_map": dict(sorted(lmap.items())),
                  "train_rows": len(rows), "weighted_features": int(len(used))}
    model = EventModel(labels=classes, rows=used, weights=coef[used].astype(np.float16)
                       .astype(np.float32), bias=arrays["bias"], temperature=1.0,
                       threshold=1.0, version="fit")
    yc = {x: i for i, x in enumerate(classes)}
    if held:
        def logits(feats_list):
            return np.stack([np.log(np.clip(model.proba(f), 1e-30, None)) for f in feats_list])
        y_h = np.array([yc.get(labels[label(e)], yc[NONE]) for e in held])
        full = logits([e.feats for e in held])
        blind = logits([without_lemma(e.feats) for e in held])
        temp = _temperature(np.vstack([full, blind]), np.concatenate([y_h, y_h]))
        p_full, p_blind = _softmax(full / temp), _softmax(blind / temp)
        thr, prec, rec = _threshold(p_blind, y_h, classes)
        card.update({"temperature": temp, "threshold": thr,
                     "held_out": {"with_lemma": _figures(p_full, y_h, classes),
                                  "without_lemma": _figures(p_blind, y_h, classes),
                                  "proposals_without_lemma": {"precision": prec,
                                                              "recall": rec,
                                                              "target_precision":
                                                                  TARGET_PRECISION}}})
    else:
        card.update({"temperature": 1.0, "threshold": 0.5, "held_out": {}})
    return arrays, card


def split(examples: list[Example], seed: int = SEED) -> tuple[list[Example], list[Example]]:
    """Held-out documents by a stable hash of their id; training negatives are sampled,
    held-out ones are all kept (their real share among uncoded verbs)."""
    rng = random.Random(seed)
    train, held = [], []
    for e in examples:
        if e.group != "seed" and stable_hash(e.group, 30) % HELD_OUT == 0:
            held.append(e)
        elif e.code != NONE or e.group == "seed" or rng.random() < NEG_RATE:
            train.append(e)
    return train, held


def write(folder: Path, arrays: dict, card: dict) -> str:
    """Write `weights.npz`, `model.json` and `README.md`; returns the version."""
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    for k in ("rows", "weights", "bias"):
        digest.update(arrays[k].tobytes())
    version = f"ev1-{digest.hexdigest()[:8]}"
    card = {"version": version, **card}
    np.savez_compressed(folder / "weights.npz", **arrays)
    (folder / "model.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    (folder / "README.md").write_text(model_card(card), encoding="utf-8")
    return version


def model_card(card: dict) -> str:
    """The human-readable model card."""
    h = card.get("held_out", {})
    lines = [
        "# Tacitus learned event layer", "",
        f"- version: `{card['version']}`, trained {card.get('date', '?')}",
        "- task: CAMEO code (or none) of a candidate trigger token, from hashed parse features",
        f"- model: multinomial logistic regression, {1 << card['hash_bits']} hashed features "
        f"({card['weighted_features']} with weights, float16), temperature "
        f"{card['temperature']}, proposal threshold {card['threshold']}",
        "- training data: silver labels from the Tacitus pattern coder on a fixed seeded "
        "sample of the project corpora, plus team-written seed sentences:", "",
    ]
    for name, n in card.get("sources", {}).items():
        lines.append(f"  - {name}: {n}")
    lines += ["", "## Held-out figures (silver labels, held-out documents)", "",
              "| features | n | accuracy | macro F1 | root accuracy |", "|---|---|---|---|---|"]
    for k in ("with_lemma", "without_lemma"):
        if k in h:
            f = h[k]
            lines.append(f"| {k.replace('_', ' ')} | {f['n']} | {f['accuracy']} | "
                         f"{f['macro_f1']} | {f['root_accuracy']} |")
    if "proposals_without_lemma" in h:
        pr = h["proposals_without_lemma"]
        lines += ["", f"Proposals for unknown verbs (trigger lemma hidden) at the threshold: "
                      f"root precision {pr['precision']}, recall {pr['recall']}."]
    lines += ["", "## Labels", "", ", ".join(f"`{x}`" for x in card["labels"]), "",
              "## Limits", "",
              "The labels are the pattern coder's own output, so the model learns the lexicon's "
              "view of events (and its errors). Held-out figures measure agreement with those "
              "silver labels, not accuracy against human coding. Retrain with `make train` "
              "whenever the lexicon or the actor lists change.", ""]
    return "\n".join(lines)


def build(corpus: Path, out: Path, cache: Path | None = None, model: str | None = None) -> dict:
    """The whole run: sample, parse, label, fit, write. Returns the model card."""
    from threadpoolctl import threadpool_limits

    from .config import DEFAULT_MODEL
    from .nlp import load

    nlp = load(model or DEFAULT_MODEL)
    docs = sample_corpus(corpus)
    t0 = time.time()
    parsed = _parse(nlp, docs, cache)
    examples: list[Example] = []
    for (doc_id, _), doc in zip(docs, parsed, strict=True):
        examples += silver_examples(doc, doc_id)
    seeds = seed_examples(nlp)
    train, held = split(examples)
    train += seeds
    print(f"parsed and labelled {len(docs)} documents in {time.time() - t0:.0f}s: "
          f"{len(examples)} silver examples, {len(seeds)} seeds")
    with threadpool_limits(1):
        arrays, card = fit(train, held)
    by_source = Counter(d.split("-", 1)[0] for d, _ in docs)
    pos = sum(e.code != NONE for e in examples)
    card["date"] = os.environ.get("TACITUS_TRAIN_DATE") or time.strftime("%Y-%m-%d")
    card["sources"] = {**{f"documents ({k})": v for k, v in sorted(by_source.items())},
                       "silver positives": pos, "silver none (before sampling)":
                       len(examples) - pos, "seed sentences": len(seeds),
                       "training examples (before lemma dropout)": len(train),
                       "held-out examples": len(held)}
    card["sample"] = {"seed": SEED, "corpora": dict(CORPORA), "max_chars": MAX_CHARS,
                      "neg_rate": NEG_RATE}
    card["version"] = write(out, arrays, card)
    return card


def _parse(nlp, docs: list[tuple[str, str]], cache: Path | None):
    """Parse once with `nlp.pipe`; with `cache`, reuse a DocBin keyed by the sample."""
    from spacy.tokens import DocBin

    key = hashlib.sha256(("\n".join(d for d, _ in docs) + nlp.meta["name"] +
                          nlp.meta["version"]).encode()).hexdigest()[:12]
    path = cache / f"silver-{key}.spacy" if cache else None
    if path is not None and path.is_file():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    parsed = list(nlp.pipe((t for _, t in docs), batch_size=32, n_process=1))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(attrs=["ORTH", "LEMMA", "POS", "TAG", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE",
                      "SENT_START", "MORPH"], docs=parsed).to_disk(path)
    return parsed


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m tacitus.train", description=__doc__)
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpus"),
                    help="folder holding the corpora (each with articles.jsonl)")
    ap.add_argument("--out", type=Path, default=Path(str(data_path("model"))),
                    help="where to write the artefact")
    ap.add_argument("--cache", type=Path, default=None, help="reuse parses from this folder")
    ap.add_argument("--model", default=None, help="spaCy pipeline (default: the Tacitus one)")
    args = ap.parse_args(argv)
    card = build(args.corpus, args.out, args.cache, args.model)
    print(json.dumps({k: card[k] for k in ("version", "threshold", "temperature", "held_out",
                                           "sources")}, indent=1))
    EventModel.load.cache_clear()


if __name__ == "__main__":
    main()
