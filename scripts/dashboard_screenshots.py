"""Screenshots of every dashboard view for the README, from a real store.

    python scripts/dashboard_screenshots.py --db demo.duckdb --out docs/screenshots

Serves the store with uvicorn on a free local port, opens each view in headless Chromium
(Debian's package, through Playwright) and saves VIEW.png; prints the files on stdout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tacitus.serve import create_app
from tacitus.serve.background import background_server
from tacitus.serve.browser import launch_chromium, open_view, screenshot
from tacitus.store import open_store
from tacitus.store.query import EventQuery


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    if not args.db.exists():
        print(f"no store at {args.db}; run `make demo` first", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with open_store(args.db) as store:
        _, page_ = store.find_events(EventQuery(quad_class=4), limit=1)
        event = page_[0]
        article = (f"article?id={event['doc_id']}&s={event['sentence_index']}"
                   f"&t={event['trigger']['start']}&c={event['cameo']}")
        views = {"overview": "overview", "dyad": "dyad", "network": "network", "map": "map",
                 "events": "events?quad_class=4", "article": article}
        with background_server(create_app(store)) as base, sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            for name, hash_ in views.items():
                open_view(page, base, hash_)
                print(screenshot(page, args.out, name, full_page=False))
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
