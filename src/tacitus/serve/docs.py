"""`/docs`: the OpenAPI schema as one plain HTML page that needs no script from elsewhere."""

from __future__ import annotations

from html import escape
from typing import Any


def _type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " | ".join(_type(s) for s in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    kind = str(schema.get("type", "any"))
    if kind == "array":
        return f"array of {_type(schema.get('items', {}))}"
    limits = [f"{k.replace('imum', '')} {schema[k]}" for k in ("minimum", "maximum")
              if k in schema]
    return kind + (f" ({', '.join(limits)})" if limits else "")


def _operation(path: str, method: str, op: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td><code>{escape(p['name'])}</code></td><td>{escape(p['in'])}</td>"
        f"<td>{escape(_type(p.get('schema', {})))}</td>"
        f"<td>{escape(p.get('description') or p.get('schema', {}).get('description', ''))}"
        "</td></tr>" for p in op.get("parameters", []))
    params = (f"<table><tr><th>parameter</th><th>in</th><th>type</th><th>meaning</th></tr>"
              f"{rows}</table>") if rows else ""
    body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
    body_html = (f"<p>JSON body: <code>{escape(_type(body.get('schema', {})))}</code></p>"
                 if body else "")
    codes = ", ".join(f"{escape(c)} {escape(r.get('description', ''))}"
                      for c, r in op.get("responses", {}).items())
    lock = " &#128274; bearer token" if op.get("security") else ""
    return (f"<section><h2><span class='m'>{method.upper()}</span> <code>{escape(path)}</code>"
            f"{lock}</h2><p>{escape(op.get('description') or op.get('summary', ''))}</p>"
            f"{params}{body_html}<p class='r'>Responses: {codes}</p></section>")


def render_docs(spec: dict[str, Any]) -> str:
    info = spec.get("info", {})
    ops = "".join(_operation(path, method, op) for path, item in spec.get("paths", {}).items()
                  for method, op in item.items())
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>"
            f"{escape(info.get('title', 'API'))} API</title><style>body{{font:15px/1.45 "
            "system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
            "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;"
            "text-align:left;vertical-align:top}.m{background:#234;color:#fff;padding:0 .4rem;"
            "border-radius:3px}.r{color:#555}h2{font-size:1.1rem}</style></head><body>"
            f"<h1>{escape(info.get('title', 'API'))} API {escape(info.get('version', ''))}</h1>"
            f"<p>{escape(info.get('description', ''))}</p><p>Machine-readable schema: "
            f"<a href='/openapi.json'>/openapi.json</a> · dashboard: <a href='/'>/</a></p>"
            f"{ops}</body></html>")
