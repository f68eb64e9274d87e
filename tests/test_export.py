"""Export formats: each one parses back with a standard reader."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest

from tacitus.export import FLAT_COLUMNS, FORMATS, gdelt_columns, global_event_id, write
from tacitus.records import Actor, Event, Quantity, Trigger
from tacitus.store import open_store


def sample_events() -> list[Event]:
    usa = Actor("Washington", "United States", "USAGOV", "USA", ["GOV"])
    tur = Actor("Turkey", "Turkey", "TUR", "TUR", [])
    rus = Actor("Russian forces", "Russia", "RUSMIL", "RUS", ["MIL", "GOV"])
    ukr = Actor("Kharkiv", "Ukraine", "UKR", "UKR", [])
    return [
        Event("reuters-001", 0, "Washington imposed sanctions on Turkey on Monday.", usa, tur,
              "163", "16", "Impose embargo, boycott, or sanctions", 3, -8.0,
              {"event": "SANCTION", "mode": None, "context": None}, Trigger("imposed", 11, 18),
              "verb:impose+sanction", 0.85, date="2024-03-04", date_precision="day",
              location={"name": "Washington", "country": "USA", "adm1": "USDC", "lat": 38.895,
                        "lon": -77.0364, "type": "city", "feature_id": "4140963"},
              mentions=[{"text": "imposed"}, {"text": "sanctions"}], tone=-4.25),
        Event("reuters-002", 2, "Russian forces shelled Kharkiv, killing 12 civilians.", rus, ukr,
              "195", "19", "Employ aerial weapons", 4, -10.0,
              {"event": "ASSAULT", "mode": "aerial", "context": None},
              Trigger("shelled", 215, 222), "verb:shell", 0.7, date="2022-03",
              date_precision="month", quantities=[Quantity("12 civilians", 12.0, "civilians")]),
        Event("afp-17", 1, "Protesters rallied, but \"no violence\"\toccurred.",
              Actor("Protesters", "Street\tprotesters", "CVL", None, []), None, "141", "14",
              "Demonstrate or rally", 3, -6.5, {"event": "PROTEST", "mode": "demo",
                                                 "context": None},
              Trigger("rallied", 11, 18), "verb:rally", 0.6, negated=True,
              location={"name": "Greece", "country": "GRC", "adm1": None, "lat": 39.0,
                        "lon": 22.0, "type": 1, "feature_id": "390903"}),
    ]


def records() -> list[dict]:
    return [e.to_dict() for e in sample_events()]


def test_jsonl_round_trip(tmp_path):
    path = tmp_path / "out" / "events.jsonl"
    assert write(records(), "jsonl", path) == 3
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == records()


def test_jsonl_to_stream_and_stdout(capsys):
    buf = io.StringIO()
    assert write(iter(records()), "jsonl", buf) == 3
    assert json.loads(buf.getvalue().splitlines()[1])["cameo"] == "195"
    assert write(records()[:1], "jsonl") == 1
    assert json.loads(capsys.readouterr().out)["doc_id"] == "reuters-001"


def test_csv_round_trip(tmp_path):
    path = tmp_path / "events.csv"
    assert write(records(), "csv", path) == 3
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == [name for name, _ in FLAT_COLUMNS]
    assert len(rows) == 3
    first, second, third = rows
    assert (first["source_code"], first["source_country"], first["target_code"]) == (
        "USAGOV", "USA", "TUR")
    assert json.loads(first["source_sectors"]) == ["GOV"]
    assert first["plover_event"] == "SANCTION" and first["trigger_text"] == "imposed"
    assert json.loads(first["location"])["feature_id"] == "4140963"
    assert json.loads(second["quantities"])[0]["value"] == 12.0
    assert third["target_code"] == "" and third["negated"] == "True"
    assert third["sentence"] == records()[2]["sentence"]


def test_parquet_round_trip(tmp_path):
    path = tmp_path / "events.parquet"
    assert write(records(), "parquet", path) == 3
    table = pq.read_table(path)
    assert table.num_rows == 3
    rows = table.to_pylist()
    assert rows[0]["cameo"] == "163" and rows[0]["quad_class"] == 3
    assert rows[1]["source_sectors"] == ["MIL", "GOV"]
    assert rows[2]["negated"] is True and rows[2]["target_country"] is None
    assert json.loads(rows[0]["location"])["lat"] == 38.895


def test_parquet_empty_and_needs_path(tmp_path):
    path = tmp_path / "empty.parquet"
    assert write([], "parquet", path) == 0
    assert pq.read_table(path).num_rows == 0
    assert pq.read_schema(path).names == [name for name, _ in FLAT_COLUMNS]
    with pytest.raises(ValueError, match="file path"):
        write(records(), "parquet", None)
    with pytest.raises(ValueError, match="file path"):
        write(records(), "parquet", io.StringIO())


def test_gdelt_has_61_fields_and_right_values(tmp_path):
    path = tmp_path / "events.gdelt.tsv"
    recs = records()
    recs[2]["doc_date"] = "2024-03-05"
    assert write(recs, "gdelt", path) == 3
    cols = gdelt_columns()
    assert len(cols) == 61 and cols[0] == "GLOBALEVENTID" and cols[-1] == "SOURCEURL"
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""
    rows = [dict(zip(cols, line.split("\t"), strict=True)) for line in lines[:-1]]
    assert all(len(line.split("\t")) == 61 for line in lines[:-1])
    first, second, third = rows
    assert (first["EventCode"], first["EventBaseCode"], first["EventRootCode"]) == (
        "163", "163", "16")
    assert (first["Actor1Code"], first["Actor1CountryCode"], first["Actor1Type1Code"]) == (
        "USAGOV", "USA", "GOV")
    assert (first["Actor2Code"], first["Actor2CountryCode"], first["QuadClass"]) == (
        "TUR", "TUR", "3")
    assert (first["SQLDATE"], first["MonthYear"], first["Year"]) == ("20240304", "202403", "2024")
    assert first["FractionDate"] == "2024.1721"
    assert (first["GoldsteinScale"], first["NumMentions"], first["AvgTone"]) == ("-8", "2", "-4.25")
    assert (first["IsRootEvent"], first["NumSources"], first["NumArticles"]) == ("1", "1", "1")
    assert first["ActionGeo_Type"] == "3"  # a US city
    assert (first["ActionGeo_Lat"], first["ActionGeo_Long"]) == ("38.895", "-77.0364")
    assert first["ActionGeo_FeatureID"] == "4140963" and first["SOURCEURL"] == "reuters-001"
    assert len(first["DATEADDED"]) == 14 and first["DATEADDED"].isdigit()
    assert int(first["GLOBALEVENTID"]) == global_event_id(records()[0]) > 0
    # Month precision and no document date: the month's first day; Actor2 types empty.
    assert (second["SQLDATE"], second["MonthYear"], second["Year"]) == (
        "20220301", "202203", "2022")
    assert (second["Actor1Type2Code"], second["QuadClass"], second["IsRootEvent"]) == (
        "GOV", "4", "0")
    assert second["ActionGeo_Type"] == "" and second["AvgTone"] == ""
    # No target; a tab inside a name never breaks the row.
    assert third["Actor2Code"] == "" and third["Actor1CountryCode"] == ""
    assert third["Actor1Name"] == "Street protesters"
    assert (third["ActionGeo_Type"], third["ActionGeo_CountryCode"]) == ("1", "GRC")
    assert (third["ActionGeo_Lat"], third["ActionGeo_ADM1Code"]) == ("39", "")


def test_gdelt_ids_are_stable_and_distinct():
    a, b, c = records()
    assert global_event_id(a) == global_event_id(dict(a))
    assert len({global_event_id(a), global_event_id(b), global_event_id(c)}) == 3
    assert global_event_id(a) < 2 ** 63


def test_gdelt_uses_store_url(tmp_path):
    from tacitus.records import Document

    with open_store(tmp_path / "s.duckdb") as store:
        store.add(Document("reuters-001", "Washington imposed sanctions on Turkey.",
                           url="https://news.example.org/sanctions"), sample_events()[:1])
        buf = io.StringIO()
        assert write(store.events(), "gdelt", buf) == 1
    fields = buf.getvalue().rstrip("\n").split("\t")
    assert len(fields) == 61 and fields[-1] == "https://news.example.org/sanctions"


def test_table_lists_every_event():
    buf = io.StringIO()
    assert write(records(), "table", buf) == 3
    text = buf.getvalue()
    for needle in ("reuters-001", "USAGOV", "163 Impose embargo", "RUSMIL", "shelled",
                   "NOT 141", "3 events"):
        assert needle in text


def test_unknown_format():
    assert "gdelt" in FORMATS
    with pytest.raises(ValueError, match="unknown export format"):
        write(records(), "xml", io.StringIO())
