"""The dashboard in headless Chromium (Debian's package, driven by Playwright) against a real
uvicorn server over a store of coded demo documents. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tacitus.serve import create_app
from tacitus.serve.background import background_server
from tacitus.serve.browser import (
    CHROMIUM,
    launch_chromium,
    open_view,
    renders,
    screenshot,
    wait_rendered,
)
from tacitus.store import open_store

ARTIFACTS = Path(__file__).parent / "artifacts"

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing; .ci/run installs the chromium package")
    pytest.skip(f"no {CHROMIUM}: apt-get install chromium", allow_module_level=True)


@pytest.fixture(scope="module")
def server(served_db, tmp_path_factory):
    import shutil

    path = shutil.copy(served_db, tmp_path_factory.mktemp("dash") / "events.duckdb")
    with open_store(path) as store, background_server(create_app(store, "t")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh page; fails the test on any script error, console error or request that leaves
    the server (the dashboard must work offline)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    problems: list[str] = []
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error"
          else None)
    pg.on("request", lambda r: None if r.url.startswith((server, "data:"))
          else problems.append(f"request to another host: {r.url}"))
    yield pg
    context.close()
    assert problems == []


def _api(page, server: str, path: str):
    return page.request.get(f"{server}/api/{path}").json()


def test_every_view_loads_with_data(page, server):
    open_view(page, server, "overview")
    stats = _api(page, server, "stats")["summary"]
    assert page.locator("#top-dyads tr.row").count() > 0
    assert page.locator("#timeline").is_visible()
    assert f"{stats['events']:,}" in page.inner_text(".cards")
    screenshot(page, ARTIFACTS, "overview")

    open_view(page, server, "dyad")
    rows = page.locator("#dyad-summary tr.row")
    assert rows.count() == 2
    assert int(rows.first.locator("td.num").first.inner_text()) > 0
    assert page.locator("canvas").count() == 2
    screenshot(page, ARTIFACTS, "dyad")

    open_view(page, server, "network")
    edges = int(page.get_attribute("#network", "data-edges"))
    assert edges > 3 and page.locator("#network path.edge").count() == edges
    assert page.locator("#network g.node").count() == int(page.get_attribute("#network",
                                                                              "data-nodes"))
    screenshot(page, ARTIFACTS, "network")

    open_view(page, server, "map")
    assert page.locator("#map path.country").count() > 170
    assert int(page.get_attribute("#map", "data-places")) > 0
    shaded = page.eval_on_selector_all("#map path.country",
                                       "els => els.filter(e => +e.dataset.events > 0).length")
    assert shaded > 0
    assert page.locator("#places tr.row").count() > 0
    screenshot(page, ARTIFACTS, "map")

    open_view(page, server, "events")
    total = _api(page, server, "events?limit=1")["total"]
    assert page.locator("#events tr.row").count() == min(total, 50)
    assert page.get_attribute("#events", "data-total") == str(total)
    screenshot(page, ARTIFACTS, "events")

    event = _api(page, server, "events?limit=1&quad_class=4")["events"][0]
    open_view(page, server, f"article?id={event['doc_id']}")
    assert page.locator("#doctext mark").count() > 0
    assert page.locator("#event-list .ev").count() > 0
    screenshot(page, ARTIFACTS, "article")


def test_event_filters_change_what_is_shown(page, server):
    open_view(page, server, "events")
    everything = int(page.get_attribute("#events", "data-total"))
    n = renders(page)
    page.select_option("form.filters select[name=quad_class]", "4")
    page.click("form.filters button[type=submit]")
    wait_rendered(page, n)
    conflict = _api(page, server, "events?limit=1&quad_class=4")["total"]
    assert int(page.get_attribute("#events", "data-total")) == conflict < everything
    quads = page.eval_on_selector_all("#events tr.row", "rows => rows.map(r => r.dataset.quad)")
    assert quads and set(quads) == {"4"}
    assert "quad_class=4" in page.url

    # a word of a conflict event's own trigger narrows the table to sentences holding it
    word = _api(page, server, "events?limit=1&quad_class=4")["events"][0]["trigger"]["text"]
    word = word.split()[0].lower()
    n = renders(page)
    page.fill("form.filters input[name=text]", word)
    page.click("form.filters button[type=submit]")
    wait_rendered(page, n)
    narrowed = _api(page, server, f"events?limit=1&quad_class=4&text={word}")["total"]
    assert int(page.get_attribute("#events", "data-total")) == narrowed <= conflict
    assert narrowed > 0
    sentences = page.eval_on_selector_all("#events tr.row td.sentence",
                                          "cells => cells.map(c => c.innerText.toLowerCase())")
    assert sentences and all(word in s for s in sentences)
    screenshot(page, ARTIFACTS, "events-filtered")

    open_view(page, server, "map")
    places = int(page.get_attribute("#map", "data-places"))
    # the QuadClass whose events happen in fewest places: the filter must change the map
    counts = {q: len(_api(page, server, f"places?quad_class={q}&top=500")["places"])
              for q in ("1", "2", "3", "4")}
    quad = min(counts, key=counts.__getitem__)
    n = renders(page)
    page.select_option("form.filters select[name=quad_class]", quad)
    page.click("form.filters button[type=submit]")
    wait_rendered(page, n)
    assert int(page.get_attribute("#map", "data-places")) == counts[quad] < places


def test_network_edge_opens_its_dyad(page, server):
    open_view(page, server, "network")
    dyad = page.get_attribute("#network path.edge-hit >> nth=0", "data-dyad")
    n = renders(page)
    page.locator("#network path.edge-hit").first.dispatch_event("click")
    wait_rendered(page, n)
    query = parse_qs(urlparse(page.url).fragment.split("?", 1)[1])
    assert f"{query['a'][0]}-{query['b'][0]}" == dyad
    assert page.get_attribute("#view", "data-view") == "dyad"
    source, target = dyad.split("-")
    assert f"Dyad {source} – {target}" in page.inner_text("h2")
    assert page.locator(f"#dyad-summary tr[data-direction='{dyad}']").count() == 1


def test_article_highlights_the_chosen_event(page, server):
    open_view(page, server, "events?quad_class=4")
    row = page.locator("#events tr.row").first
    doc_id = row.get_attribute("data-doc")
    n = renders(page)
    row.locator("a.article-link").click()
    wait_rendered(page, n)
    assert page.get_attribute("#view", "data-view") == "article"
    doc = _api(page, server, f"documents/{doc_id}")
    chosen = int(page.get_attribute("#view", "data-selected"))
    event = doc["events"][chosen]
    assert event["quad_class"] == 4
    trigger = "".join(page.eval_on_selector_all("#doctext mark.sel-trigger",
                                                "ms => ms.map(m => m.firstChild.textContent)"))
    assert trigger == event["trigger"]["text"]
    screenshot(page, ARTIFACTS, "article-chosen")

    # Choosing another event moves the highlight to its trigger, source and target.
    other = next(i for i, h in enumerate(doc["highlights"])
                 if i != chosen and (h["source"] or h["target"]))
    page.locator(f"#event-list .ev[data-index='{other}']").click()
    assert page.get_attribute("#view", "data-selected") == str(other)
    texts = {role: "".join(page.eval_on_selector_all(
        f"#doctext mark.sel-{role}", "ms => ms.map(m => m.firstChild.textContent)"))
        for role in ("trigger", "source", "target")}
    e = doc["events"][other]
    assert texts["trigger"] == e["trigger"]["text"]
    for role in ("source", "target"):
        if doc["highlights"][other][role]:
            assert texts[role] == e[role]["text"]
    assert page.locator("#event-list .ev.selected").count() == 1
