"""The REST API of `tacitus serve` on a real DuckDB store of coded demo documents."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date

import pytest
from fastapi.testclient import TestClient

from tacitus.serve import create_app
from tacitus.serve.cli import open_for_serving
from tacitus.store import OutdatedStoreError, open_store

TOKEN = "test-token-3f9a"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def client(served_db):
    with open_store(served_db) as store, TestClient(create_app(store, TOKEN)) as c:
        yield c


@pytest.fixture
def writable(served_copy):
    with open_store(served_copy) as store, TestClient(create_app(store, TOKEN)) as c:
        yield c


def _all(client, **params) -> list[dict]:
    r = client.get("/api/events", params={**params, "limit": 500})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] == len(body["events"])
    return body["events"]


def _keys(e: dict) -> tuple[str | None, str | None]:
    side = [(e.get(s) or {}) for s in ("source", "target")]
    return tuple(a.get("country") or a.get("code") for a in side)  # type: ignore[return-value]


def test_events_page_and_filters(client):
    everything = _all(client)
    assert len(everything) >= 30
    usa = _all(client, actor="usa")
    assert 0 < len(usa) < len(everything)
    assert all("USA" in ((e["source"] or {}).get("country"), (e["target"] or {}).get("country"),
                         (e["source"] or {}).get("code"), (e["target"] or {}).get("code"))
               for e in usa)
    conflict = _all(client, quad_class=4)
    assert conflict and all(e["quad_class"] == 4 for e in conflict)
    assert len(conflict) < len(everything)
    sanctions = _all(client, text="Sanction")
    assert sanctions and all("sanction" in e["sentence"].lower() for e in sanctions)
    root = _all(client, root="19")
    assert all(e["cameo_root"] == "19" for e in root)
    asserted = _all(client, modality="asserted")
    assert asserted and all(e["modality"] == "asserted" for e in asserted)
    dated = _all(client, since="2020-01-01", until="2020-01-31")
    assert dated and all("2020-01-01" <= e["date"] <= "2020-01-31" for e in dated)
    assert all(e["url"] and e["title"] for e in everything)


def test_dyad_filter_directed_or_either_way(client):
    top = client.get("/api/dyads", params={"top": 1, "domestic": False}).json()[0]
    a, b = top["source"], top["target"]
    one_way = _all(client, dyad=f"{a}-{b}")
    assert len(one_way) == top["events"]
    assert all(_keys(e) == (a, b) for e in one_way)
    both = _all(client, dyad=f"{a}-{b}", directed=False)
    assert len(both) >= len(one_way)
    assert all(set(_keys(e)) == {a, b} for e in both)


def test_pagination_and_sort(client):
    total = client.get("/api/events", params={"limit": 1}).json()["total"]
    pages = [client.get("/api/events", params={"limit": 7, "offset": o}).json()["events"]
             for o in range(0, total, 7)]
    ids = [(e["doc_id"], e["sentence_index"], e["trigger"]["start"], e["cameo"])
           for page in pages for e in page]
    assert len(ids) == total == len(set(ids))
    dates = [e["date"] for page in pages for e in page]
    assert dates == sorted(dates, reverse=True)
    low = client.get("/api/events", params={"sort": "goldstein", "order": "asc",
                                            "limit": 500}).json()["events"]
    scores = [e["goldstein"] for e in low]
    assert scores == sorted(scores)
    assert client.get("/api/events", params={"offset": total + 5}).json()["events"] == []


def test_events_as_csv(client):
    r = client.get("/api/events", params={"format": "csv", "limit": 5, "quad_class": 4})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert 0 < len(rows) <= 5
    assert {row["quad_class"] for row in rows} == {"4"}
    assert all(row["cameo"] for row in rows)


@pytest.mark.parametrize(("params", "status", "hint"), [
    ({"dyad": "USATUR"}, 422, "USA-TUR"),
    ({"since": "2021-6-1"}, 422, "YYYY-MM-DD"),
    ({"until": "2021-02-30"}, 422, "YYYY-MM-DD"),
    ({"root": "33"}, 422, "01 to 20"),
    ({"cameo": "1x"}, 422, "2-4 digits"),
    ({"actor": "U S A"}, 422, "ISO3"),
    ({"limit": 0}, 422, "limit"),
    ({"limit": 100000}, 422, "limit"),
    ({"quad_class": 9}, 422, "quad_class"),
    ({"sort": "colour"}, 422, "sort"),
    ({"modality": "maybe"}, 422, "modality"),
    ({"offset": "x"}, 422, "offset"),
])
def test_bad_requests_say_what_to_fix(client, params, status, hint):
    r = client.get("/api/events", params=params)
    assert r.status_code == status, r.text
    assert hint in r.json()["detail"]


def test_document_text_events_and_highlights(client):
    event = _all(client, quad_class=4)[0]
    r = client.get(f"/api/documents/{event['doc_id']}")
    assert r.status_code == 200
    doc = r.json()
    text = doc["text"]
    assert text and event["sentence"] in text
    assert len(doc["highlights"]) == len(doc["events"]) > 0
    for e, h in zip(doc["events"], doc["highlights"], strict=True):
        s, t = h["trigger"]
        assert text[s:t] == e["trigger"]["text"]
        for side in ("source", "target"):
            if h[side]:
                a, z = h[side]
                assert text[a:z] == e[side]["text"]
    found = sum(1 for h in doc["highlights"] if h["source"] or h["target"])
    assert found > 0
    missing = client.get("/api/documents/no-such-doc")
    assert missing.status_code == 404 and "doc_id" in missing.json()["detail"]


def test_actors_search(client):
    everyone = client.get("/api/actors", params={"limit": 1000}).json()
    assert everyone and everyone[0]["count"] >= everyone[-1]["count"]
    name = everyone[0]["name"]
    part = name.split()[0].lower()
    hits = client.get("/api/actors", params={"q": part}).json()
    assert any(a["name"] == name for a in hits)
    assert all(part in a["name"].lower() or a["code"].startswith(part.upper())
               or a["country"] == part.upper() for a in hits)
    assert client.get("/api/actors", params={"q": "zzzqqq"}).json() == []


def test_dyads_agree_with_events(client):
    dyads = client.get("/api/dyads", params={"top": 5}).json()
    assert dyads and dyads == sorted(dyads, key=lambda d: -d["events"])
    for d in dyads[:3]:
        events = _all(client, dyad=d["dyad"])
        assert len(events) == d["events"] == sum(d["quad"].values())
        mean = sum(e["goldstein"] for e in events) / len(events)
        assert d["mean_goldstein"] == pytest.approx(mean, abs=1e-3)
    foreign = client.get("/api/dyads", params={"domestic": False, "top": 100}).json()
    assert all(d["source"] != d["target"] for d in foreign)


def test_timeseries_for_a_dyad_both_directions(client):
    top = client.get("/api/dyads", params={"top": 1, "domestic": False}).json()[0]
    a, b = top["source"], top["target"]
    r = client.get("/api/timeseries", params={"dyad": f"{a}-{b}", "directed": False,
                                              "split": True, "interval": "month"})
    assert r.status_code == 200
    series = {s["key"]: s["points"] for s in r.json()["series"]}
    assert set(series) == {f"{a}-{b}", f"{b}-{a}"}
    assert sum(p["events"] for p in series[f"{a}-{b}"]) == top["events"]
    back = len(_all(client, dyad=f"{b}-{a}"))
    assert sum(p["events"] for p in series[f"{b}-{a}"]) == back
    for points in series.values():
        for p in points:
            assert p["events"] == sum(p["quad"].values())
            assert (p["mean_goldstein"] is None) == (p["events"] == 0)
    weeks = client.get("/api/timeseries", params={"interval": "week"}).json()["series"][0]
    assert all(date.fromisoformat(p["period"]).weekday() == 0 for p in weeks["points"])
    total = client.get("/api/events", params={"limit": 1}).json()["total"]
    assert sum(p["events"] for p in weeks["points"]) == total
    months = [p["period"] for p in
              client.get("/api/timeseries").json()["series"][0]["points"]]
    assert months == sorted(months) and len(months) == len(set(months))
    as_csv = client.get("/api/timeseries", params={"format": "csv", "actor": a})
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert rows and set(rows[0]) >= {"period", "events", "quad4", "mean_goldstein"}


def test_stats_and_places(client):
    stats = client.get("/api/stats").json()
    total = client.get("/api/events", params={"limit": 1}).json()["total"]
    assert stats["summary"]["events"] == stats["filtered"]["events"] == total
    assert stats["summary"]["documents"] == 8
    narrowed = client.get("/api/stats", params={"quad_class": 4}).json()["filtered"]
    assert narrowed["events"] == len(_all(client, quad_class=4))
    assert [q["value"] for q in narrowed["quad_class"]] == [4]
    places = client.get("/api/places").json()
    located = [e for e in _all(client) if e.get("location")]
    assert sum(p["events"] for p in places["places"]) == len(located) > 0
    assert all(c["iso_numeric"] for c in places["countries"] if c["country"] != "IGO")
    assert all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 for p in places["places"])


def test_docs_and_openapi(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/documents/{doc_id}", "/api/actors", "/api/dyads",
            "/api/timeseries", "/api/stats", "/api/code", "/api/ingest"} <= set(spec["paths"])
    page = client.get("/docs")
    assert page.status_code == 200 and "/api/timeseries" in page.text
    assert "<script" not in page.text.lower()


ARTICLE = ("Russian forces attacked the Ukrainian city of Kharkiv on Monday, officials said. "
           "Turkey condemned the attack and called for a ceasefire.")


def test_writes_need_the_token(client):
    for path, body in (("/api/code", {"text": ARTICLE}),
                       ("/api/ingest", {"documents": [{"id": "x", "text": ARTICLE}]})):
        assert client.post(path, json=body).status_code == 401
        wrong = client.post(path, json=body, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401 and "wrong token" in wrong.json()["detail"]
        basic = client.post(path, json=body, headers={"Authorization": "Basic eDp5"})
        assert basic.status_code == 401


def test_writes_disabled_without_a_server_token(served_db):
    with open_store(served_db) as store, TestClient(create_app(store, None)) as c:
        r = c.post("/api/code", json={"text": ARTICLE}, headers=AUTH)
    assert r.status_code == 401 and "TACITUS_API_TOKEN" in r.json()["detail"]


def test_code_returns_events_and_stores_nothing(client):
    before = client.get("/api/stats").json()["summary"]["events"]
    r = client.post("/api/code", json={"text": ARTICLE, "date": "2022-03-07"}, headers=AUTH)
    assert r.status_code == 200, r.text
    events = r.json()["events"]
    roots = {e["cameo_root"] for e in events}
    assert "11" in roots or "19" in roots or "18" in roots
    assert any((e["source"] or {}).get("country") == "TUR" for e in events)
    assert client.get("/api/stats").json()["summary"]["events"] == before
    bad = client.post("/api/code", json={"text": "   "}, headers=AUTH)
    assert bad.status_code == 422 and "'text'" in bad.json()["detail"]
    french = ("Le gouvernement a annoncé hier que les négociations avec les syndicats "
              "reprendraient la semaine prochaine dans la capitale.")
    other = client.post("/api/code", json={"text": french}, headers=AUTH)
    assert other.status_code == 422 and "English" in other.json()["detail"]
    missing = client.post("/api/code", json={"title": "no text"}, headers=AUTH)
    assert missing.status_code == 422 and "text" in missing.json()["detail"]


def test_ingest_stores_good_records_and_reports_bad_ones(writable):
    body = {"documents": [{"id": "api-1", "text": ARTICLE, "date": "2022-03-07",
                           "title": "Kharkiv"},
                          {"id": "api-2", "text": "Das ist kein englischer Text, sondern "
                           "ein deutscher Satz über die Regierung und das Parlament."},
                          {"id": "api-3", "text": ARTICLE, "date": "next tuesday-ish"}]}
    r = writable.post("/api/ingest", json=body, headers=AUTH)
    assert r.status_code == 200, r.text
    out = r.json()
    assert (out["received"], out["stored"], out["failed"]) == (3, 2, 1)
    assert out["events"] > 0
    assert any("English" in p["problem"] and p["skipped"] for p in out["problems"])
    assert any("unparseable date" in p["problem"] and not p["skipped"]
               for p in out["problems"])
    doc = writable.get("/api/documents/api-1").json()
    assert doc["text"] == ARTICLE and doc["title"] == "Kharkiv" and doc["events"]
    again = writable.post("/api/ingest", json=body, headers=AUTH).json()
    assert (again["stored"], again["unchanged"]) == (0, 2)
    nothing = writable.post("/api/ingest", headers=AUTH, json={"documents": [
        {"id": "z", "text": body["documents"][1]["text"]}]})
    assert nothing.status_code == 422 and "no readable document" in nothing.json()["detail"]
    empty = writable.post("/api/ingest", json={"documents": []}, headers=AUTH)
    assert empty.status_code == 422 and "documents" in empty.json()["detail"]


def test_ingest_follows_the_document_identity_rules(writable):
    """The API is one source, `api`: the identity rules of `tacitus ingest` apply to it."""
    stored_id = writable.get("/api/events", params={"limit": 1}).json()["events"][0]["doc_id"]
    other = "Greece criticized Turkey over the dispute on Tuesday, officials said."

    def post(*docs: dict) -> dict:
        r = writable.post("/api/ingest", json={"documents": list(docs)}, headers=AUTH)
        assert r.status_code == 200, r.text
        return r.json()

    first = post({"text": ARTICLE}, {"id": "api-9", "text": ARTICLE},
                 {"id": stored_id, "text": other}, {"id": "api-9", "text": ARTICLE})
    derived, nine, clash, twice = first["documents"]
    assert derived["id"].startswith("api#") and len(derived["id"]) == len("api#") + 12
    assert (derived["status"], derived["stored_as"]) == ("new", derived["id"])
    assert (nine["status"], nine["stored_as"], nine["events"] > 0) == ("new", "api-9", True)
    assert (clash["status"], clash["stored_as"]) == ("new", f"{stored_id}@api")
    assert "kept as" in clash["note"]
    assert (twice["status"], twice["stored_as"]) == ("unchanged", "api-9")
    assert (first["new"], first["unchanged"], first["replaced"], first["stored"]) == (3, 1, 0, 3)
    assert first["events"] == sum(d["events"] for d in first["documents"])
    assert writable.get(f"/api/documents/{stored_id}").json()["text"] != other
    assert writable.get(f"/api/documents/{stored_id}@api").json()["text"] == other

    again = post({"text": ARTICLE}, {"id": "api-9", "text": other},
                 {"id": stored_id, "text": other})
    derived, nine, clash = again["documents"]
    assert (derived["status"], derived["stored_as"]) == ("unchanged", first["documents"][0]["id"])
    assert (clash["status"], clash["stored_as"]) == ("unchanged", f"{stored_id}@api")
    assert (nine["status"], nine["stored_as"]) == ("replaced", "api-9")
    assert "replaces" in nine["note"]
    assert (again["new"], again["unchanged"], again["replaced"]) == (0, 2, 1)
    replaced = writable.get("/api/documents/api-9").json()
    assert replaced["text"] == other
    assert replaced["events"] and all(e["sentence"] in other for e in replaced["events"])


@pytest.mark.parametrize("key", ["date", "goldstein", "confidence", "cameo", "quad_class"])
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_every_sort_key_orders_the_page(client, key, order):
    events = client.get("/api/events", params={"sort": key, "order": order,
                                               "limit": 500}).json()["events"]
    values = [e[key] for e in events if e[key] is not None]
    assert values == sorted(values, reverse=order == "desc") and len(values) > 10


def test_dashboard_page_is_served_with_a_same_origin_policy(client):
    page = client.get("/")
    assert page.status_code == 200 and 'id="view"' in page.text
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    for asset in ("/static/js/app.js", "/static/vendor/chart.umd.min.js",
                  "/static/vendor/countries-110m.json", "/static/style.css"):
        assert client.get(asset).status_code == 200, asset


def test_serve_command_explains_itself_and_refuses_a_missing_store(tmp_path):
    from typer.testing import CliRunner

    from tacitus.cli import app

    runner = CliRunner()
    usage = runner.invoke(app, ["serve", "--help"])
    assert usage.exit_code == 0
    assert "TACITUS_API_TOKEN" in usage.output and "--port" in usage.output
    missing = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 3


def _events_beside(path: str) -> subprocess.CompletedProcess:
    """`tacitus events` on the store in another process, while this one holds it."""
    return subprocess.run([sys.executable, "-m", "tacitus.cli", "events", "--db", path,
                           "--limit", "1", "--format", "jsonl"],
                          capture_output=True, text=True, timeout=120)


def test_server_without_token_reads_the_store_read_only(served_copy):
    path = str(served_copy)
    with open_for_serving(path, None) as store:
        assert store.read_only
        beside = _events_beside(path)
        assert beside.returncode == 0, beside.stderr
        assert json.loads(beside.stdout.splitlines()[0])["doc_id"]
    with open_for_serving(path, TOKEN) as store:  # the one writer: DuckDB admits no reader
        assert not store.read_only
        beside = _events_beside(path)
        assert beside.returncode == 3 and "in use by another process" in beside.stderr


def test_server_without_token_refuses_an_older_store_and_says_how_to_upgrade(served_copy):
    import duckdb

    con = duckdb.connect(str(served_copy))
    con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(OutdatedStoreError, match="TACITUS_API_TOKEN"):
        open_for_serving(str(served_copy), None)
    with open_for_serving(str(served_copy), TOKEN):  # writes on: upgraded on opening
        pass
    with open_for_serving(str(served_copy), None) as store:
        assert store.summary()["documents"] > 0
