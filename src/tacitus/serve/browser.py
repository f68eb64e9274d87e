"""Headless Chromium for the dashboard tests and screenshots (Playwright, `test` extra).

The tests and `scripts/dashboard_screenshots.py` share these steps."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

VIEWS = ("overview", "dyad", "network", "map", "events", "article")


def open_view(page: Any, base: str, hash_: str, timeout: float = 20_000) -> None:
    """Go to `base/#/hash_` and wait until that view has rendered with its data."""
    before = page.evaluate("() => Number(document.getElementById('view')?.dataset.renders || 0)"
                           ) if page.url.startswith(base) else 0
    target = f"{base}/#/{hash_}"
    if page.url.startswith(base):
        page.evaluate("h => { location.hash = h; }", f"#/{hash_}")
    else:
        page.goto(target)
    wait_rendered(page, before, timeout)


def wait_rendered(page: Any, before: int, timeout: float = 20_000) -> None:
    """Wait for a render after the `before`-th to finish; fail on a view error."""
    page.wait_for_function(
        "n => { const v = document.getElementById('view');"
        " return Number(v.dataset.renders || 0) > n && v.dataset.state !== 'loading'; }",
        arg=before, timeout=timeout)
    state = page.get_attribute("#view", "data-state")
    assert state == "ready", page.inner_text("#view")


def renders(page: Any) -> int:
    return int(page.evaluate("() => Number(document.getElementById('view').dataset.renders)"))


def screenshot(page: Any, folder: Path, name: str, full_page: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


# Debian's chromium package (Playwright's own browser download is not used); TACITUS_CHROMIUM
# names another binary.
CHROMIUM = (os.environ.get("TACITUS_CHROMIUM") or shutil.which("chromium")
            or "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def launch_chromium(playwright: Any, executable: str = CHROMIUM) -> Any:
    """Headless Chromium through Playwright (needs the `test` extra and a chromium binary)."""
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
