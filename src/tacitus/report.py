"""Human-readable output of evaluation reports and store summaries (rich tables on stdout)."""

from __future__ import annotations

import html
import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from .evaluate import Report, write_markdown

out = Console()
if not out.is_terminal:
    out = Console(width=200)  # files and pipes get the whole confusion tables


def print_report(rep: Report, as_json: bool = False) -> None:
    """Overall metrics, per-type P/R/F1, and the PLOVER and CAMEO-root confusion tables."""
    m = rep.metrics()
    if as_json:
        print(json.dumps({"metrics": m, "per_type": rep.per_type()}, indent=2))
        return
    t = Table(title="Tacitus eval: overall")
    t.add_column("measure")
    t.add_column("value", justify="right")
    for k, v in m.items():
        t.add_row(k, str(v))
    out.print(t)
    pt = Table(title="Per PLOVER event type")
    for col in ("type", "gold", "emitted", "precision", "recall", "f1"):
        pt.add_column(col, justify="left" if col == "type" else "right")
    for name, row in rep.per_type().items():
        pt.add_row(name, *(str(row[k]) for k in ("gold", "emitted", "precision", "recall", "f1")))
    out.print(pt)
    for key, title in (("plover", "PLOVER type"), ("root", "CAMEO root")):
        conf = rep.confusion(key)
        preds = sorted({p for row in conf.values() for p in row})
        ct = Table(title=f"Confusion: gold PLOVER type (rows) x emitted {title} (columns)")
        ct.add_column("gold")
        for p in preds:
            ct.add_column(p[:5], justify="right")
        for g in sorted(conf):
            ct.add_row(g, *(str(conf[g].get(p, "")) for p in preds))
        out.print(ct)


def write_report(rep: Report, path: Path) -> None:
    """Write the error report as Markdown, or HTML when the file name ends in .html."""
    md = path.with_suffix(".md") if path.suffix == ".html" else path
    write_markdown(rep, md)
    if path.suffix == ".html":
        text = md.read_text(encoding="utf-8")
        body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines() if line)
        path.write_text(f"<!doctype html><meta charset=utf-8><title>Tacitus eval</title>\n{body}",
                        encoding="utf-8")
        md.unlink()


def print_summary(summary: dict) -> None:
    """Documents, sentences, events, top dyads and top event types of a store."""
    t = Table(title="Tacitus store summary")
    t.add_column("measure")
    t.add_column("value", justify="right")
    for k in ("documents", "sentences", "events", "actors", "quotes", "first_date", "last_date"):
        if k in summary:
            t.add_row(k, str(summary[k]))
    out.print(t)
    for key, title in (("top_dyads", "Top dyads (source-target)"),
                       ("top_plover", "Top PLOVER event types"), ("top_roots", "Top CAMEO roots")):
        rows = summary.get(key) or []
        tt = Table(title=title)
        tt.add_column("name")
        tt.add_column("events", justify="right")
        for row in rows:
            label = " ".join(str(v) for k, v in row.items() if k != "events")
            tt.add_row(label, str(row.get("events")))
        out.print(tt)
