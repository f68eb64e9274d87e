"""Browser steps shared by the dashboard tests and `scripts/dashboard_screenshots.py`."""

from __future__ import annotations

from pathlib import Path

VIEWS = ("overview", "dyad", "network", "map", "events", "article")


def open_view(page, base: str, hash_: str, timeout: float = 20_000) -> None:
    """Go to `base/#/hash_` and wait until that view has rendered with its data."""
    before = page.evaluate("() => Number(document.getElementById('view')?.dataset.renders || 0)"
                           ) if page.url.startswith(base) else 0
    target = f"{base}/#/{hash_}"
    if page.url.startswith(base):
        page.evaluate("h => { location.hash = h; }", f"#/{hash_}")
    else:
        page.goto(target)
    wait_rendered(page, before, timeout)


def wait_rendered(page, before: int, timeout: float = 20_000) -> None:
    """Wait for a render after the `before`-th to finish; fail on a view error."""
    page.wait_for_function(
        "n => { const v = document.getElementById('view');"
        " return Number(v.dataset.renders || 0) > n && v.dataset.state !== 'loading'; }",
        arg=before, timeout=timeout)
    state = page.get_attribute("#view", "data-state")
    assert state == "ready", page.inner_text("#view")


def renders(page) -> int:
    return int(page.evaluate("() => Number(document.getElementById('view').dataset.renders)"))


def screenshot(page, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
