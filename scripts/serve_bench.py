"""Latency of `tacitus serve` on a stored corpus: GET /api/events (one page, one filter) and
GET /api/timeseries for a dyad, over real HTTP to uvicorn, one request at a time.

    python scripts/serve_bench.py --db statedept.duckdb [--requests 200] [--scale 1 4 16]

`--scale N` also measures copies of the store whose documents and events are repeated N times
(synthetic: the same events under new document ids), to show how the figures grow with size.
Prints one line per (scale, endpoint) on stdout: events in the store, p50, p95, max in ms.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tacitus.serve import create_app
from tacitus.serve.background import background_server
from tacitus.store import open_store
from tacitus.store.query import EventQuery
from tacitus.store.schema import DOC_COLUMNS, EVENT_COLUMNS


def replicate(src: Path, dest: Path, times: int) -> None:
    """Copy the DuckDB store at `src` to `dest` with every document and event `times` times."""
    shutil.copy(src, dest)
    if times <= 1:
        return
    import duckdb

    con = duckdb.connect(str(dest))
    doc_cols = ", ".join(DOC_COLUMNS)
    ev_cols = ", ".join(n for n, _ in EVENT_COLUMNS)
    ev_rest = ", ".join(n for n, _ in EVENT_COLUMNS if n != "doc_id")
    for k in range(1, times):
        con.execute(f"INSERT INTO documents ({doc_cols}) SELECT id || '~{k}', "
                    f"{', '.join(DOC_COLUMNS[1:])} FROM documents WHERE id NOT LIKE '%~%'")
        con.execute(f"INSERT INTO events ({ev_cols}) SELECT doc_id || '~{k}', {ev_rest} "
                    "FROM events WHERE doc_id NOT LIKE '%~%'")
    con.close()


def timed(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url) as response:
        response.read()
        assert response.status == 200, url
    return (time.perf_counter() - start) * 1000


def measure(db: Path, requests: int) -> dict[str, list[float]]:
    with open_store(db) as store:
        top = store.dyads(EventQuery(), top=20, domestic=False)
        actors = sorted({d["source"] for d in top} | {d["target"] for d in top})
        n_events = store.summary()["events"]
        app = create_app(store)
        out: dict[str, list[float]] = {"events": [], "timeseries": [], "n": [n_events]}
        with background_server(app) as base:
            for i in range(requests + 10):  # the first 10 warm up
                actor = actors[i % len(actors)]
                d = top[i % len(top)]
                t1 = timed(f"{base}/api/events?actor={actor}&limit=50")
                t2 = timed(f"{base}/api/timeseries?dyad={d['dyad']}&directed=false&split=true"
                           "&interval=month")
                if i >= 10:
                    out["events"].append(t1)
                    out["timeseries"].append(t2)
        return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a DuckDB store")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--scale", type=int, nargs="+", default=[1])
    args = parser.parse_args()
    if not args.db.exists():
        print(f"no store at {args.db}", file=sys.stderr)
        return 2
    print("scale\tevents\tendpoint\tp50_ms\tp95_ms\tmax_ms")
    with tempfile.TemporaryDirectory() as tmp:
        for scale in args.scale:
            db = Path(tmp) / f"x{scale}.duckdb"
            replicate(args.db, db, scale)
            print(f"measuring x{scale} ...", file=sys.stderr)
            found = measure(db, args.requests)
            for name in ("events", "timeseries"):
                v = found[name]
                print(f"{scale}\t{found['n'][0]}\t{name}\t{statistics.median(v):.1f}\t"
                      f"{p95(v):.1f}\t{max(v):.1f}", flush=True)
            db.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
