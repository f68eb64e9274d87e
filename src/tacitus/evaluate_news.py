"""Score the coder on annotated news (the format of `shared/annotated/*.jsonl`).

The protocol is the one the held-out evaluation uses (`shared/annotated/README.md`):

1. Each document is coded whole, from its start to the end of its last annotated sentence, with
   its title and date; State Department and White House texts get the publisher `USAGOV`.
2. An emitted event is credited to every annotated sentence that holds one of its mentions (by
   the trigger's character offsets).
3. A gold and an emitted event match on the CAMEO root (of `cameo` or any `cameo_alt`) and on the
   source and target countries wherever the gold side has one. A compound actor counts for each
   member; a reciprocal event for each ordered pair of its sides. Negated emitted events are left
   out.
4. Precision: emitted events that match a required gold event, over emitted events, leaving out
   those that match only an optional or negated gold event.
5. Recall: required gold events (neither optional nor negated) that some emitted event matches.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import permutations
from pathlib import Path

from .evaluate import norm_country
from .records import Actor, Document, Event

PUBLISHERS = {"state_dept_press_releases": "USAGOV", "white_house_briefing_room": "USAGOV"}
ERRORS = ("no event in sentence", "another root", "source wrong", "target wrong")
Pair = tuple[str | None, str | None]


class AnnotatedInputError(ValueError):
    """An annotated file or corpus that cannot be read; the message names file and record."""


@dataclass
class GoldSentence:
    id: str
    corpus: str
    doc_id: str
    start: int
    end: int
    text: str
    context: str
    title: str | None
    date: str | None
    events: list[dict]

    def required(self) -> list[dict]:
        return [e for e in self.events if not e.get("optional") and not e.get("negated")]


def is_annotated(path: Path) -> bool:
    """Whether a gold file is annotated news (records with doc_id, offsets and events)."""
    try:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    r = json.loads(line)
                    return isinstance(r, dict) and {"doc_id", "start", "events"} <= r.keys()
    except (OSError, json.JSONDecodeError, UnicodeDecodeError):
        return False
    return False


def read_annotated(path: Path) -> tuple[list[GoldSentence], list[str]]:
    """Gold sentences of one annotated file, and the problems of records that were skipped."""
    rows: list[GoldSentence] = []
    problems: list[str] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise AnnotatedInputError(f"{path}: cannot read ({exc.strerror})") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            rows.append(GoldSentence(
                id=r["id"], corpus=r["corpus"], doc_id=r["doc_id"], start=int(r["start"]),
                end=int(r["end"]), text=r["text"], context=r.get("context") or "",
                title=r.get("title"), date=r.get("date"), events=list(r.get("events") or [])))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            problems.append(f"{path}: record {n}: {type(exc).__name__}: {exc}; skipped")
    if not rows:
        raise AnnotatedInputError(
            f"{path}: no annotated sentences (expected JSONL records with id, corpus, doc_id, "
            "start, end, text, events)")
    return rows, problems


def _corpus_texts(corpus_dir: Path, wanted: dict[str, set[str]]) -> dict[tuple[str, str], dict]:
    found: dict[tuple[str, str], dict] = {}
    for corpus, ids in wanted.items():
        path = corpus_dir / corpus / "articles.jsonl"
        if not path.exists():
            raise AnnotatedInputError(
                f"{path}: corpus file not found; pass --corpus with the folder that holds "
                f"{corpus}/articles.jsonl")
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    r = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise AnnotatedInputError(f"{path}: line {n}: invalid JSON ({exc.msg})"
                                              ) from None
                if r.get("id") in ids:
                    if not isinstance(r.get("text"), str):
                        raise AnnotatedInputError(f"{path}: line {n}: document {r['id']} has "
                                                  "no text")
                    found[(corpus, r["id"])] = r
    return found


def documents(rows: list[GoldSentence], corpus_dir: Path) -> list[Document]:
    """One Document per annotated document, cut after its last annotated sentence (step 1)."""
    by_doc: dict[tuple[str, str], list[GoldSentence]] = defaultdict(list)
    for s in rows:
        by_doc[(s.corpus, s.doc_id)].append(s)
    wanted: dict[str, set[str]] = defaultdict(set)
    for corpus, doc_id in by_doc:
        wanted[corpus].add(doc_id)
    texts = _corpus_texts(corpus_dir, wanted)
    docs = []
    for (corpus, doc_id), sents in by_doc.items():
        r = texts.get((corpus, doc_id))
        if r is None:
            raise AnnotatedInputError(
                f"{sents[0].id}: document {doc_id} is not in {corpus_dir / corpus}")
        end = max(s.end for s in sents)
        docs.append(Document(id=f"{corpus}:{doc_id}", text=r["text"][:end],
                             title=r.get("title") or sents[0].title,
                             date=r.get("date") or sents[0].date,
                             url=r.get("url"), publisher=PUBLISHERS.get(corpus)))
    return docs


def _sides(actor: Actor | None) -> list[str | None]:
    if actor is None:
        return [None]
    members = actor.members or [actor]
    return list(dict.fromkeys(norm_country(m.country) for m in members)) or [None]


def event_pairs(e: Event) -> set[Pair]:
    """The country pairs an emitted event stands for (step 3)."""
    if e.rule.endswith("+reciprocal") and e.source is not None and e.source.members:
        sides = [c for c in _sides(e.source) if c]
        if len(sides) > 1:
            return set(permutations(sides, 2))
    return {(s, t) for s in _sides(e.source) for t in _sides(e.target)}


def _gold_side(g: dict, side: str) -> str | None:
    return norm_country((g.get(side) or {}).get("country"))


def gold_roots(g: dict) -> set[str]:
    return {str(c)[:2] for c in [g["cameo"], *(g.get("cameo_alt") or [])] if c}


def matches(g: dict, root: str, pair: Pair) -> bool:
    """One country pair of an emitted event of `root` against one gold event (step 3)."""
    if root not in gold_roots(g):
        return False
    gs, gt = _gold_side(g, "source"), _gold_side(g, "target")
    return (gs is None or gs == pair[0]) and (gt is None or gt == pair[1])


def _event_matches(g: dict, e: Event) -> bool:
    return any(matches(g, e.cameo_root, p) for p in event_pairs(e))


@dataclass
class SentenceScore:
    gold: GoldSentence
    events: list[Event]
    correct: list[Event] = field(default_factory=list)  # match a required gold event
    spurious: list[Event] = field(default_factory=list)  # match no gold event
    found: list[dict] = field(default_factory=list)  # required gold events matched
    missed: list[tuple[dict, str]] = field(default_factory=list)  # with the error kind
    pairs: Counter[str] = field(default_factory=Counter)  # emitted country pairs: right, wrong


def _miss_kind(g: dict, events: list[Event]) -> str:
    if not events:
        return ERRORS[0]
    same_root = [e for e in events if e.cameo_root in gold_roots(g)]
    if not same_root:
        return ERRORS[1]
    gs = _gold_side(g, "source")
    if gs is not None and not any(p[0] == gs for e in same_root for p in event_pairs(e)):
        return ERRORS[2]
    return ERRORS[3]


def score_sentence(gold: GoldSentence, events: list[Event]) -> SentenceScore:
    events = [e for e in events if not e.negated]
    out = SentenceScore(gold, events)
    required = gold.required()
    for e in events:
        if any(_event_matches(g, e) for g in required):
            out.correct.append(e)
        elif not any(_event_matches(g, e) for g in gold.events):
            out.spurious.append(e)
        for pair in event_pairs(e):  # the stricter view: each country pair on its own
            if any(matches(g, e.cameo_root, pair) for g in required):
                out.pairs["right"] += 1
            elif not any(matches(g, e.cameo_root, pair) for g in gold.events):
                out.pairs["wrong"] += 1
    for g in required:
        if any(_event_matches(g, e) for e in events):
            out.found.append(g)
        else:
            out.missed.append((g, _miss_kind(g, events)))
    return out


def credit(rows: list[GoldSentence], doc_events: dict[str, list[Event]]) -> dict[str, list[Event]]:
    """Emitted events of each annotated sentence: every sentence that holds one of an event's
    mentions (step 2)."""
    spans: dict[str, list[GoldSentence]] = defaultdict(list)
    for s in rows:
        spans[f"{s.corpus}:{s.doc_id}"].append(s)
    out: dict[str, list[Event]] = {s.id: [] for s in rows}
    for doc_id, events in doc_events.items():
        for e in events:
            offsets = [(m["start"], m["end"]) for m in e.mentions] or [
                (e.trigger.start, e.trigger.end)]
            hit = {s.id for s in spans.get(doc_id, ()) for a, _ in offsets
                   if s.start <= a < s.end}
            for sid in hit:
                out[sid].append(e)
    return out


@dataclass
class NewsReport:
    sentences: list[SentenceScore]
    problems: list[str] = field(default_factory=list)

    @property
    def n_emitted(self) -> int:
        return sum(len(s.correct) + len(s.spurious) for s in self.sentences)

    @property
    def n_correct(self) -> int:
        return sum(len(s.correct) for s in self.sentences)

    @property
    def n_required(self) -> int:
        return sum(len(s.found) + len(s.missed) for s in self.sentences)

    @property
    def n_found(self) -> int:
        return sum(len(s.found) for s in self.sentences)

    def metrics(self) -> dict:
        p = self.n_correct / self.n_emitted if self.n_emitted else 0.0
        r = self.n_found / self.n_required if self.n_required else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        by_root: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        errors: Counter[str] = Counter()
        for s in self.sentences:
            for g in s.found:
                by_root[g["cameo"][:2]][0] += 1
                by_root[g["cameo"][:2]][1] += 1
            for g, kind in s.missed:
                by_root[g["cameo"][:2]][1] += 1
                errors[kind] += 1
        pairs = sum((s.pairs for s in self.sentences), Counter())
        pair_p = pairs["right"] / (pairs["right"] + pairs["wrong"]) if pairs.total() else 0.0
        conflict = [by_root[r] for r in by_root if "14" <= r <= "20"]
        c_found, c_all = sum(x[0] for x in conflict), sum(x[1] for x in conflict)
        return {
            "sentences": len(self.sentences), "emitted": self.n_emitted,
            "correct": self.n_correct, "required": self.n_required, "found": self.n_found,
            "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
            "conflict_recall": round(c_found / c_all, 3) if c_all else 0.0,
            "pair_precision": round(pair_p, 3),
            "recall_by_root": {k: {"found": v[0], "gold": v[1],
                                   "recall": round(v[0] / v[1], 3)}
                               for k, v in sorted(by_root.items())},
            "misses": {k: errors[k] for k in ERRORS},
        }


def evaluate_news(rows: list[GoldSentence], docs: list[Document],
                  code: Callable[[list[Document]], Iterable[list[Event]]]) -> NewsReport:
    """Code the documents with `code` and score every annotated sentence."""
    doc_events = dict(zip((d.id for d in docs), code(docs), strict=True))
    credited = credit(rows, doc_events)
    return NewsReport([score_sentence(s, credited[s.id]) for s in rows])
