"""Print and write the annotated-news evaluation (`tacitus eval` on `shared/annotated` files)."""

from __future__ import annotations

import html
import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from .evaluate_news import ERRORS, NewsReport, SentenceScore
from .records import Event

out = Console()


def print_news(rep: NewsReport, as_json: bool = False) -> None:
    """Precision, recall, F1, recall per CAMEO root and the breakdown of misses."""
    m = rep.metrics()
    if as_json:
        print(json.dumps(m, indent=2))
        return
    t = Table(title="Tacitus eval on annotated news: country pair + CAMEO root")
    t.add_column("measure")
    t.add_column("value", justify="right")
    for k in ("sentences", "emitted", "correct", "required", "found", "precision", "recall",
              "f1", "conflict_recall", "pair_precision"):
        t.add_row(k, str(m[k]))
    out.print(t)
    r = Table(title="Recall per CAMEO root (required gold events)")
    for col in ("root", "gold", "found", "recall"):
        r.add_column(col, justify="right")
    for root, row in m["recall_by_root"].items():
        r.add_row(root, str(row["gold"]), str(row["found"]), str(row["recall"]))
    out.print(r)
    e = Table(title="Missed required events, by cause")
    e.add_column("cause")
    e.add_column("events", justify="right")
    for kind, n in m["misses"].items():
        e.add_row(kind, str(n))
    out.print(e)


def _side(a: dict | None) -> str:
    return "-" if not a else f"{a.get('text')} ({a.get('country')})"


def _gold(g: dict) -> str:
    flags = [x for x in ("optional", "negated") if g.get(x)]
    alt = f" alt {','.join(g.get('cameo_alt') or [])}" if g.get("cameo_alt") else ""
    return (f"{_side(g.get('source'))} --{g['cameo']}{alt}--> {_side(g.get('target'))}"
            f" [{g.get('trigger')}] {' '.join(flags)}").strip()


def _emitted(e: Event) -> str:
    def side(a) -> str:
        if a is None:
            return "-"
        members = a.members or [a]
        return " + ".join(f"{m.text} ({m.country})" for m in members)
    return f"{side(e.source)} --{e.cameo}--> {side(e.target)} [{e.trigger.text}] {e.rule}"


def _errors(rep: NewsReport) -> list[SentenceScore]:
    return [s for s in rep.sentences if s.missed or s.spurious]


def write_news_report(rep: NewsReport, path: Path) -> None:
    """Every sentence with a missed gold event or a spurious emitted event: its context, its
    sentence, the gold events and the emitted events. `.html` gives HTML, else Markdown."""
    m = rep.metrics()
    rows = _errors(rep)
    if path.suffix.lower() in (".html", ".htm"):
        parts = ["<!doctype html><meta charset='utf-8'><title>Tacitus news eval</title>",
                 f"<h1>Errors: {len(rows)} sentences</h1>",
                 f"<p>precision {m['precision']}, recall {m['recall']}, F1 {m['f1']}</p>"]
        for s in rows:
            parts.append(f"<h3>{html.escape(s.gold.id)}</h3>")
            parts.append(f"<p><i>{html.escape(s.gold.context)}</i></p>")
            parts.append(f"<p><b>{html.escape(s.gold.text)}</b></p><ul>")
            parts += [f"<li>missed ({k}): {html.escape(_gold(g))}</li>" for g, k in s.missed]
            parts += [f"<li>spurious: {html.escape(_emitted(e))}</li>" for e in s.spurious]
            parts += [f"<li>gold: {html.escape(_gold(g))}</li>" for g in s.gold.events]
            parts += [f"<li>emitted: {html.escape(_emitted(e))}</li>" for e in s.events]
            parts.append("</ul>")
        path.write_text("\n".join(parts) + "\n", encoding="utf-8")
        return
    lines = [f"# Errors on annotated news: {len(rows)} sentences", "",
             f"precision {m['precision']}, recall {m['recall']}, F1 {m['f1']}; misses: "
             + ", ".join(f"{k} {m['misses'][k]}" for k in ERRORS), ""]
    for s in rows:
        lines += [f"## {s.gold.id}", "", f"> {s.gold.context.strip()}", "",
                  f"**{s.gold.text.strip()}**", ""]
        lines += [f"- missed ({k}): {_gold(g)}" for g, k in s.missed]
        lines += [f"- spurious: {_emitted(e)}" for e in s.spurious]
        lines += [f"- gold: {_gold(g)}" for g in s.gold.events]
        lines += [f"- emitted: {_emitted(e)}" for e in s.events]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
