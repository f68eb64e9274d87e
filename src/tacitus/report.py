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
        path.write_text(markdown_html(text, "Tacitus evaluation report"), encoding="utf-8")
        md.unlink()


_STYLE = ("body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}"
          "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em}"
          "blockquote{margin:.5em 0;padding-left:1em;border-left:3px solid #ccc}")


def _inline(text: str) -> str:
    """Escaped text with Markdown's **bold** as <strong>."""
    parts = html.escape(text).split("**")
    return "".join(f"<strong>{p}</strong>" if i % 2 else p for i, p in enumerate(parts))


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def markdown_html(text: str, title: str) -> str:
    """The report's Markdown (headings, one table, quotes, lists) as an HTML page."""
    out = [f"<!doctype html>\n<html lang=en><head><meta charset=utf-8><title>"
           f"{html.escape(title)}</title><style>{_STYLE}</style></head><body>"]
    table: list[list[str]] = []
    in_list = False
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            if not set(line) <= set("|-: "):
                table.append(_cells(line))
            continue
        if table:
            head, *rows = table
            out.append("<table><tr>" + "".join(f"<th>{_inline(c)}</th>" for c in head) + "</tr>"
                       + "".join("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in r) + "</tr>"
                                 for r in rows) + "</table>")
            table = []
        if in_list and not line.startswith("- "):
            out.append("</ul>")
            in_list = False
        if line.startswith("#"):
            level = min(len(line) - len(line.lstrip("#")), 6)
            out.append(f"<h{level}>{_inline(line[level:].strip())}</h{level}>")
        elif line.startswith("> "):
            out.append(f"<blockquote>{_inline(line[2:])}</blockquote>")
        elif line.startswith("- "):
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{_inline(line[2:])}</li>")
        elif line.strip():
            out.append(f"<p>{_inline(line)}</p>")
    out.append("</body></html>\n")
    return "\n".join(out)


def print_summary(summary: dict) -> None:
    """Documents, sentences, events, top dyads and top event types of a store."""
    t = Table(title="Tacitus store summary")
    t.add_column("measure")
    t.add_column("value", justify="right")
    for k in ("documents", "sentences", "events", "actors", "quotes", "first_date", "last_date"):
        if k in summary:
            t.add_row(k, str(summary[k]))
    if "happenings" in summary:
        t.add_row("happenings", str(summary["happenings"]["count"]))
        t.add_row("events in happenings of 2+ documents",
                  str(summary["happenings"]["merged_events"]))
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
