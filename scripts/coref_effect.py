"""Measure what rule-based coreference (pronouns, definite descriptions) adds to accuracy.

Usage: python scripts/coref_effect.py GOLD.jsonl
Prints the eval metrics with coreference on and off, on the same gold file, in one run.
"""

from __future__ import annotations

import json
import sys

from tacitus.coding.actors import DocumentActors
from tacitus.evaluate import evaluate, read_gold
from tacitus.pipeline import code_texts


def main(path: str) -> None:
    rows = read_gold(path)
    out = {}
    for on in (True, False):
        DocumentActors.coreference = on
        out["coreference on" if on else "coreference off"] = evaluate(rows, code_texts).metrics()
    DocumentActors.coreference = True
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/plover_gsr.jsonl")
