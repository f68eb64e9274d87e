"""Build the demo corpus (src/tacitus/data/demo) from the Wikinews and State Department corpora.

The choice is deterministic: every article gets a score from the politics and conflict word
stems in data/demo/selection_keywords.lst (distinct stems found times hits per 100 words);
titles with an excluded word are dropped, as are articles outside the length bounds; the best
`n` are kept (ties broken by id) and written in date order.

Usage: python scripts/make_demo_corpus.py WIKINEWS.jsonl STATEDEPT.jsonl [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

DEMO = Path(__file__).resolve().parent.parent / "src" / "tacitus" / "data" / "demo"
FIELDS = ("id", "title", "date", "url", "text", "publisher")


def load_keywords(path: Path) -> tuple[list[re.Pattern[str]], list[str]]:
    """Stem patterns to count and title words that exclude an item."""
    stems, excluded = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip().lower()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-"):
            excluded.append(line[1:].strip())
        else:
            stems.append(re.compile(r"\b" + re.escape(line).replace(r"\ ", r"\s+")))
    return stems, excluded


def score(text: str, stems: list[re.Pattern[str]]) -> float:
    """Distinct stems found times stem hits per 100 words."""
    lower = text.lower()
    words = max(1, len(lower.split()))
    counts = [len(p.findall(lower)) for p in stems]
    distinct = sum(c > 0 for c in counts)
    return distinct * sum(counts) * 100 / words


def select(path: Path, n: int, min_words: int, max_words: int,
           stems: list[re.Pattern[str]], excluded: list[str]) -> list[dict]:
    """The `n` best-scoring articles of a JSONL corpus, in date order."""
    scored = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            title = (rec.get("title") or "").lower()
            words = len(rec["text"].split())
            if any(x in title for x in excluded) or not min_words <= words <= max_words:
                continue
            scored.append((-score(rec["text"], stems), rec["id"], rec))
    best = [rec for _, _, rec in sorted(scored, key=lambda t: (t[0], t[1]))[:n]]
    return sorted(best, key=lambda r: (r["date"], r["id"]))


def write(records: list[dict], out: Path, publisher: str | None = None) -> int:
    """Write records as JSONL with a fixed field order; return the word count."""
    with out.open("w", encoding="utf-8", newline="\n") as f:
        for rec in records:
            row = {k: rec.get(k) for k in FIELDS if k != "publisher"}
            if publisher:
                row["publisher"] = publisher  # who "we" is in the release
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return sum(len(r["text"].split()) for r in records)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("wikinews", type=Path, help="Wikinews 2019-2020 articles.jsonl")
    ap.add_argument("statedept", type=Path, help="State Department press releases articles.jsonl")
    ap.add_argument("--out", type=Path, default=DEMO)
    ap.add_argument("--n-wikinews", type=int, default=40)
    ap.add_argument("--n-statedept", type=int, default=20)
    args = ap.parse_args()
    stems, excluded = load_keywords(DEMO / "selection_keywords.lst")
    args.out.mkdir(parents=True, exist_ok=True)
    for name, src, n, lo, hi, publisher in (
        ("wikinews_demo.jsonl", args.wikinews, args.n_wikinews, 200, 2500, None),
        ("statedept_demo.jsonl", args.statedept, args.n_statedept, 200, 2000, "USAGOV"),
    ):
        records = select(src, n, lo, hi, stems, excluded)
        words = write(records, args.out / name, publisher)
        print(f"{name}: {len(records)} articles, {words:,} words")


if __name__ == "__main__":
    main()
