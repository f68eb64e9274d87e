"""Draw a seeded random sample of merges from a store's happenings, to check them by reading.

A merge is a later mention of a happening told by several documents, paired with the
happening's first mention (what it was merged into). The sample is written as Markdown: each
pair's two sentences with their documents, dates and codes. With `--verdicts FILE` (TSV:
`key<TAB>same|different<TAB>note`, one line per pair as the sample's `key` names it), the
verdicts are added and the merge precision is printed on stderr.

`--exclude FILE` (a verdicts TSV) leaves the pairs judged before out of the draw, so that a
fresh sample reads new merges only.

Usage: python scripts/happenings_sample.py --db STORE [--n 50] [--seed 11] [--verdicts V.tsv]
       [--exclude OLD.tsv] [--title TITLE] > sample.md
"""

from __future__ import annotations

import argparse
import random
import sys
from typing import Any

from tacitus.store import open_store


def _merges(store) -> list[tuple[int, dict[str, Any], dict[str, Any]]]:
    """(happening id, first mention, later mention) for every merge in the store."""
    out = []
    for h in store.happenings(min_articles=2):
        first, *later = h["mentions"]
        out += [(h["happening_id"], first, m) for m in later]
    return out


def _event(store, hid: int, mention: dict[str, Any]) -> dict[str, Any]:
    for e in store.events(happening=hid):
        if (e["doc_id"], e["sentence_index"], e["cameo"]) == (
                mention["doc_id"], mention["sentence_index"], mention["cameo"]):
            return e
    raise LookupError(f"no event of happening {hid} at {mention}")


def key(a: dict[str, Any], b: dict[str, Any]) -> str:
    return f"{a['doc_id']}:{a['sentence_index']}|{b['doc_id']}:{b['sentence_index']}"


def _side(actor: dict[str, Any] | None) -> str:
    return (actor or {}).get("code") or "-"


def _line(e: dict[str, Any]) -> str:
    sentence = " ".join(e["sentence"].split()).replace("|", "\\|")
    return (f"`{e['doc_id']}` ({e.get('doc_date')}), event {e.get('date')}: "
            f"{_side(e.get('source'))} {e['cameo']} {_side(e.get('target'))} "
            f"(\"{e['trigger']['text']}\") — {sentence}")


def _verdicts(path: str | None) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    if not path:
        return out
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2 or parts[1] not in ("same", "different"):
                sys.exit(f"{path}:{n}: expected key<TAB>same|different<TAB>note")
            out[parts[0]] = (parts[1], parts[2] if len(parts) > 2 else "")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, help="the store (DuckDB file or postgresql:// URL)")
    ap.add_argument("--n", type=int, default=50, help="merges to draw (default 50)")
    ap.add_argument("--seed", type=int, default=11, help="random seed (default 11)")
    ap.add_argument("--verdicts", help="TSV of verdicts to add (key, same|different, note)")
    ap.add_argument("--exclude", action="append", default=[],
                    help="verdicts TSV whose pairs are left out of the draw (repeatable)")
    ap.add_argument("--title", default="Merge sample", help="heading of the Markdown")
    args = ap.parse_args()
    verdicts = _verdicts(args.verdicts)
    seen = {k for path in args.exclude for k in _verdicts(path)}
    with open_store(args.db, read_only=True) as store:
        merges = [m for m in _merges(store) if key(m[1], m[2]) not in seen]
        sample = random.Random(args.seed).sample(merges, min(args.n, len(merges)))
        left = f" (leaving out {len(seen)} judged before)" if seen else ""
        print(f"## {args.title}\n\n{len(sample)} of {len(merges)} merges{left}, "
              f"seed {args.seed}.\n")
        same = judged = 0
        for i, (hid, first, later) in enumerate(sample, 1):
            a, b = _event(store, hid, first), _event(store, hid, later)
            k = key(first, later)
            verdict, note = verdicts.get(k, ("", ""))
            judged += bool(verdict)
            same += verdict == "same"
            print(f"{i}. key `{k}`, happening {hid}\n   - A: {_line(a)}\n   - B: {_line(b)}")
            if verdict:
                print(f"   - **{verdict}**" + (f": {note}" if note else ""))
            print()
    if judged:
        print(f"precision: {same}/{judged} = {same / judged:.2f}", file=sys.stderr)
        print(f"Merge precision: {same} of {judged} judged merges are the same happening "
              f"({same / judged:.2f}).\n")


if __name__ == "__main__":
    main()
