"""Find lexicon gaps: actor-to-actor verbs and nouns in our corpora that no lexicon entry codes.

Parses a fixed, seeded sample of documents and, with the coder's own actor resolver
(`tacitus.coding.actors.DocumentActors`) and matcher (`tacitus.coding.events.SentenceCoder`), lists

- verbs whose subject (as the coder finds it) resolves to an actor AND whose direct object or a
  prepositional object (other than a passive `by` agent) resolves to an actor, but which no
  lexicon entry codes; each is shown as
  `lemma [+particle] [obj=<object lemma or ACTOR>] [prep=<preps with an actor object>]`;
- nouns heading "X's NOUN of/against/on/... Y" with an actor as possessor and as prepositional
  object, which no lexicon entry codes.

Rows are grouped by trigger lemma, most frequent first, with the frequency of each variant.
Lemmas that are frames (speech, intent, request, threat, refusal, object-control verbs in
`frames.yaml`) are left out: they are handled by the coder, not the lexicon. A `*` marks a lemma
that has lexicon entries, none of which matched these features (a constraint may be too narrow).

Usage (from the repository root, with the project venv):

    .venv/bin/python scripts/lexicon_gaps.py                     # 300 documents, seed 13
    .venv/bin/python scripts/lexicon_gaps.py -n 150 --seed 7 --top 40 --examples 2
    .venv/bin/python scripts/lexicon_gaps.py --corpus path/to/articles.jsonl --min-count 3

The sample is drawn evenly from the given corpora (JSONL with `text`, optional `date`); texts
are cut at `--max-chars`. Parsing is one process, `nlp.pipe` in batches of `--batch` (32):
keep `-n` to a few hundred on shared machines. Never point it at an evaluation set: gaps are to be
filled with general patterns, not with the verbs of particular gold sentences.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

from tacitus.coding.actors import DocumentActors
from tacitus.coding.events import SentenceCoder
from tacitus.coding.lexicon import load_frames, load_lexicon
from tacitus.coding.syntax import OBJ
from tacitus.coding.syntax import object_of as _object
from tacitus.coding.syntax import prep_objects as _preps
from tacitus.nlp import load

CORPORA = [
    f"../shared/corpus/{name}/articles.jsonl"
    for name in ("wikinews_2019_2020", "state_dept_press_releases", "white_house_briefing_room")
]  # relative to the repository root, where ../shared sits beside it
FRAME_GROUPS = ("say", "intent_verbs", "request_verbs", "threat_verbs", "refuse_verbs",
                "object_control")
AUX_LIKE = {"be", "have", "do", "get", "become", "seem", "remain", "include"}
NOUN_PREPS = {"of", "against", "on", "with", "to", "toward", "towards", "over", "by", "for"}


def sample_documents(paths: list[str], n: int, seed: int, max_chars: int) -> list[dict]:
    """`n` documents drawn evenly (seeded) from the corpora; order is stable for a given seed."""
    rng = random.Random(seed)
    per = max(1, n // len(paths))
    out: list[dict] = []
    for path in paths:
        rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()
                if line.strip()]
        rows = [r for r in rows if isinstance(r.get("text"), str) and r["text"].strip()]
        for r in rng.sample(rows, min(per, len(rows))):
            out.append({"id": r.get("id", ""), "text": r["text"][:max_chars],
                        "source": Path(path).parent.name})
    return out


def _frame_lemmas() -> set[str]:
    fr = load_frames()
    return set().union(*(fr.words.get(g, frozenset()) for g in FRAME_GROUPS))


def _variant(coder: SentenceCoder, t, acts) -> tuple[str, bool] | None:
    """Describe an uncoded actor-to-actor verb trigger, or None when it is not one."""
    src = coder.agent_token(t)
    if src is None or acts.resolve(src) is None:
        return None
    obj = _object(t)
    obj_actor = obj is not None and obj is not src and acts.resolve(obj) is not None
    # "by" objects are passive agents (the doer, not a target): left out.
    preps = sorted({p for p, o in _preps(t)
                    if p != "by" and o is not src and acts.resolve(o) is not None})
    if not (obj_actor or preps):
        return None
    prt = sorted(c.lower_ for c in t.children if c.dep_ == "prt")
    parts = [t.lemma_.lower() + "".join(f" {p}" for p in prt)]
    if obj is not None:
        parts.append("obj=ACTOR" if obj_actor else f"obj={obj.lemma_.lower()}")
    if preps:
        parts.append("prep=" + ",".join(preps))
    return " ".join(parts), coder.lex.has("verb", t.lemma_.lower())


def _noun_variant(coder: SentenceCoder, t, acts) -> tuple[str, bool] | None:
    """Describe an uncoded "X's NOUN of/against Y" trigger, or None."""
    owner = next((c for c in t.children if c.dep_ == "poss"), None)
    if owner is None or acts.resolve(owner) is None:
        return None
    preps = sorted({p for p, o in _preps(t) if p in NOUN_PREPS and acts.resolve(o) is not None})
    if not preps:
        return None
    return f"{t.lemma_.lower()} prep={','.join(preps)}", coder.lex.has("noun", t.lemma_.lower())


def find_gaps(docs: list[dict], batch: int):
    frames = _frame_lemmas()
    verbs: dict[str, Counter] = defaultdict(Counter)
    nouns: dict[str, Counter] = defaultdict(Counter)
    known: set[str] = set()
    examples: dict[str, list[str]] = defaultdict(list)
    nlp = load()
    for doc in nlp.pipe((d["text"] for d in docs), batch_size=batch):
        acts = DocumentActors(doc)
        coder = SentenceCoder(acts)
        for t in doc:
            lemma = t.lemma_.lower()
            if not t.is_alpha:
                continue
            if t.pos_ == "VERB" and lemma not in frames and lemma not in AUX_LIKE:
                if coder.match(t) is not None:
                    continue
                v = _variant(coder, t, acts)
                table = verbs
            elif t.pos_ == "NOUN" and t.dep_ not in OBJ:
                if coder.match(t) is not None:
                    continue
                v = _noun_variant(coder, t, acts)
                table = nouns
            else:
                continue
            if v is None:
                continue
            variant, has = v
            table[lemma][variant] += 1
            if has:
                known.add(f"{t.pos_}:{lemma}")
            if len(examples[variant]) < 3:
                examples[variant].append(t.sent.text.strip().replace("\n", " ")[:220])
    return verbs, nouns, known, examples


def report(title: str, table: dict[str, Counter], kind: str, known: set[str],
           examples: dict[str, list[str]], top: int, min_count: int, n_examples: int,
           out=sys.stdout) -> None:
    print(f"\n== {title}", file=out)
    ranked = sorted(table.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    shown = 0
    for lemma, variants in ranked:
        total = sum(variants.values())
        if total < min_count:
            break
        mark = "*" if f"{kind}:{lemma}" in known else " "
        print(f"{total:5d} {mark}{lemma}", file=out)
        for variant, n in variants.most_common(6):
            print(f"        {n:4d}  {variant}", file=out)
            for ex in examples.get(variant, [])[:n_examples]:
                print(f"                - {ex}", file=out)
        shown += 1
        if shown >= top:
            break


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", action="append", help="JSONL corpus (repeatable); default: "
                    "wikinews, State Department and White House corpora")
    ap.add_argument("-n", type=int, default=300, help="documents to sample (default 300)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--max-chars", type=int, default=12000, help="cut each text (default 12000)")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--top", type=int, default=60, help="lemmas to show per table")
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--examples", type=int, default=0, help="example sentences per variant")
    args = ap.parse_args(argv)
    load_lexicon()
    docs = sample_documents(args.corpus or CORPORA, args.n, args.seed, args.max_chars)
    print(f"{len(docs)} documents sampled (seed {args.seed})")
    verbs, nouns, known, examples = find_gaps(docs, args.batch)
    report("uncoded verbs between actors (* = lemma has entries, none matched)", verbs, "VERB",
           known, examples, args.top, args.min_count, args.examples)
    report("uncoded nouns: X's NOUN prep Y", nouns, "NOUN", known, examples, args.top,
           args.min_count, args.examples)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
