"""Score the coder against gold sentences in the PLOVER GSR JSONL format.

Each gold record has `id`, `text`, `event_plover2021` (or `event`), and `source`/`target` lists of
`{code, sector}`. Measures: type recall (the gold type is among the sentence's events), type
precision (events of the gold type over all events), full match (type, source and target
countries all right), events per sentence, source/target country accuracy over sentences whose
type is right, per-type P/R/F1, and a PLOVER-type confusion table.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .codebook import data_path
from .records import Actor, Document, Event

NONE = "(none)"


@cache
def _aliases() -> dict[str, str]:
    with data_path("cameo_country_aliases.tsv").open(encoding="utf-8") as fh:
        return {r["cameo"]: r["iso3"] for r in csv.DictReader(fh, delimiter="\t")}


def norm_country(code: str | None) -> str | None:
    if not code:
        return None
    code = code.upper()[:3]
    return _aliases().get(code, code)


def _countries(actor: Actor | None) -> set[str]:
    if actor is None:
        return set()
    members = actor.members or [actor]
    return {c for m in members if (c := norm_country(m.country))}


def _gold_countries(items: list[dict]) -> set[str]:
    return {c for a in items or [] if (c := norm_country(a.get("code")))}


@dataclass
class SentenceResult:
    gold: dict
    events: list[Event]

    @property
    def gold_type(self) -> str:
        return self.gold.get("event_plover2021") or self.gold.get("event") or NONE

    def types(self) -> list[str]:
        return [e.plover["event"] or NONE for e in self.events]

    def type_hit(self) -> bool:
        return self.gold_type in self.types()

    def best(self) -> Event | None:
        """The event that best matches the gold (type first, then actors)."""
        if not self.events:
            return None
        return max(self.events, key=lambda e: (e.plover["event"] == self.gold_type,
                                               self.source_ok(e), self.target_ok(e)))

    def source_ok(self, e: Event) -> bool:
        gold = _gold_countries(self.gold.get("source"))
        return bool(gold & _countries(e.source)) if gold else e.source is None

    def target_ok(self, e: Event) -> bool:
        gold = _gold_countries(self.gold.get("target"))
        return bool(gold & _countries(e.target)) if gold else e.target is None

    def full_hit(self) -> bool:
        return any(e.plover["event"] == self.gold_type and self.source_ok(e) and self.target_ok(e)
                   for e in self.events)


@dataclass
class Report:
    results: list[SentenceResult] = field(default_factory=list)

    def metrics(self) -> dict:
        n = len(self.results)
        n_events = sum(len(r.events) for r in self.results)
        typed = [r for r in self.results if r.type_hit()]
        right = sum(sum(t == r.gold_type for t in r.types()) for r in self.results)
        src_ok = sum(r.source_ok(_best_of_type(r)) for r in typed)
        with_tgt = [r for r in typed if r.gold.get("target")]
        tgt_ok = sum(r.target_ok(_best_of_type(r)) for r in with_tgt)
        return {
            "sentences": n,
            "events": n_events,
            "type_recall": _ratio(len(typed), n),
            "type_precision": _ratio(right, n_events),
            "full_match": _ratio(sum(r.full_hit() for r in self.results), n),
            "events_per_sentence": _ratio(n_events, n),
            "source_country_accuracy": _ratio(src_ok, len(typed)),
            "target_country_accuracy": _ratio(tgt_ok, len(with_tgt)),
        }

    def per_type(self) -> dict[str, dict[str, float]]:
        tp: Counter = Counter()
        emitted: Counter = Counter()
        gold: Counter = Counter()
        for r in self.results:
            gold[r.gold_type] += 1
            types = set(r.types())
            for t in types:
                emitted[t] += 1
            if r.gold_type in types:
                tp[r.gold_type] += 1
        out = {}
        for t in sorted(set(gold) | set(emitted)):
            p, rc = _ratio(tp[t], emitted[t]), _ratio(tp[t], gold[t])
            f1 = round(2 * p * rc / (p + rc), 3) if p + rc else 0.0
            out[t] = {"gold": gold[t], "emitted": emitted[t], "precision": p, "recall": rc,
                      "f1": f1}
        return out

    def confusion(self, key: str = "plover") -> dict[str, Counter]:
        """Gold label -> Counter of the predicted label of the best event (or none)."""
        table: dict[str, Counter] = defaultdict(Counter)
        for r in self.results:
            best = r.best()
            if key == "plover":
                pred = (best.plover["event"] or NONE) if best else NONE
                table[r.gold_type][pred] += 1
            else:
                pred = best.cameo_root if best else NONE
                table[r.gold_type][pred] += 1
        return table

    def errors(self) -> Iterable[tuple[SentenceResult, str]]:
        for r in self.results:
            if not r.type_hit():
                yield r, "type missed"
            elif not r.full_hit():
                yield r, "actors wrong"


def _best_of_type(r: SentenceResult) -> Event:
    return max((e for e in r.events if e.plover["event"] == r.gold_type),
               key=lambda e: (r.source_ok(e), r.target_ok(e)))


def _ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b else 0.0


def read_gold(path: str | Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path} line {i}: invalid JSON ({exc.msg})") from None
            if "text" not in row:
                raise ValueError(f"{path} line {i}: gold record has no 'text'")
            row.setdefault("id", f"{path}#{i}")
            rows.append(row)
    return rows


def evaluate(gold: list[dict], code_documents) -> Report:
    """`code_documents(documents) -> iterable of event lists`, one per document, in order."""
    docs = [Document(id=str(g["id"]), text=g["text"]) for g in gold]
    report = Report()
    for g, events in zip(gold, code_documents(docs), strict=True):
        # Negated and hypothetical (conditional, question) events are not claimed to happen;
        # CAMEO 01x statements have no PLOVER type (PLOVER drops them): none counts as emitted.
        kept = [e for e in events if not e.negated and e.modality != "hypothetical"
                and e.plover["event"]]
        report.results.append(SentenceResult(g, kept))
    return report


def _fmt_actor(a: Actor | None) -> str:
    return a.code if a else "-"


def _fmt_gold(items: list[dict] | None) -> str:
    return "+".join(f"{a.get('code')}{a.get('sector') or ''}" for a in items or []) or "-"


def write_markdown(report: Report, path: str | Path) -> None:
    """Every error with the sentence, what was expected and what was emitted."""
    m = report.metrics()
    lines = ["# Tacitus evaluation report", "", "| measure | value |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in m.items()]
    lines += ["", "## Errors", ""]
    for r, kind in report.errors():
        lines.append(f"### {r.gold.get('id')} — {kind}")
        lines.append(f"> {r.gold['text']}")
        lines.append("")
        lines.append(f"- expected: **{r.gold_type}** {_fmt_gold(r.gold.get('source'))} → "
                     f"{_fmt_gold(r.gold.get('target'))}")
        if not r.events:
            lines.append("- emitted: nothing")
        for e in r.events:
            lines.append(f"- emitted: **{e.plover['event']}** ({e.cameo} {e.cameo_name}) "
                         f"{_fmt_actor(e.source)} → {_fmt_actor(e.target)} "
                         f"trigger “{e.trigger.text}” [{e.rule}]")
        lines.append("")
    Path(path).write_text("\n".join(lines), encoding="utf-8")
