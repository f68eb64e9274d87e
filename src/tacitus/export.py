"""Export event records (`Event.to_dict()` shape) as a table, JSONL, CSV, Parquet or GDELT 2.0."""

from __future__ import annotations

import calendar
import csv
import hashlib
import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

log = logging.getLogger("tacitus")

FORMATS = ("table", "jsonl", "csv", "parquet", "gdelt")

Out = str | Path | TextIO | None

# Flat columns of CSV and Parquet: name and kind (str, int, float, bool, list, json).
FLAT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("doc_id", "str"), ("sentence_index", "int"), ("date", "str"), ("date_precision", "str"),
    ("source_code", "str"), ("source_country", "str"), ("source_name", "str"),
    ("source_text", "str"), ("source_sectors", "list"),
    ("target_code", "str"), ("target_country", "str"), ("target_name", "str"),
    ("target_text", "str"), ("target_sectors", "list"),
    ("cameo", "str"), ("cameo_root", "str"), ("cameo_name", "str"), ("quad_class", "int"),
    ("goldstein", "float"), ("plover_event", "str"), ("plover_mode", "str"),
    ("plover_context", "str"), ("negated", "bool"), ("modality", "str"),
    ("trigger_text", "str"), ("trigger_start", "int"), ("trigger_end", "int"),
    ("location", "json"), ("quantities", "json"), ("confidence", "float"), ("rule", "str"),
    ("num_mentions", "int"), ("tone", "float"), ("url", "str"), ("sentence", "str"),
)


# Flat columns of a happening (`--happenings`): its own values, then its first mention's, and
# every mention as JSON.
HAPPENING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("happening_id", "int"), ("num_articles", "int"), ("num_sources", "int"),
    ("num_mentions", "int"), ("first_date", "str"), ("last_date", "str"),
    ("first_report", "str"), ("last_report", "str"),
    *(c for c in FLAT_COLUMNS if c[0] != "num_mentions"), ("mentions", "json"),
)
Columns = tuple[tuple[str, str], ...]


def flatten(record: dict[str, Any], columns: Columns = FLAT_COLUMNS) -> dict[str, Any]:
    """One event (or happening) record as `columns` values (lists and dicts left as Python
    objects)."""
    flat = {name: record.get(name) for name, _ in columns}
    for side in ("source", "target"):
        actor = record.get(side) or {}
        for key in ("code", "country", "name", "text", "sectors"):
            flat[f"{side}_{key}"] = actor.get(key)
    plover = record.get("plover") or {}
    for key in ("event", "mode", "context"):
        flat[f"plover_{key}"] = plover.get(key)
    trigger = record.get("trigger") or {}
    for key in ("text", "start", "end"):
        flat[f"trigger_{key}"] = trigger.get(key)
    return flat


@contextmanager
def _text_stream(out: Out) -> Iterator[TextIO]:
    if out is None or out == "-":
        yield sys.stdout
    elif isinstance(out, str | Path):
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        with open(out, "w", encoding="utf-8", newline="") as fh:
            yield fh
    else:
        yield out


def write(records: Iterable[dict[str, Any]], fmt: str, out: Out = None,
          happenings: bool = False) -> int:
    """Write `records` in format `fmt` to a path, an open text stream or stdout (None or "-").
    With `happenings`, the records are `Store.happenings` records: CSV and Parquet take
    `HAPPENING_COLUMNS` and the table shows their counts. GDELT reads either (a happening is
    one GDELT event with its NumMentions, NumSources and NumArticles).

    Returns the number of records written.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    columns = HAPPENING_COLUMNS if happenings else FLAT_COLUMNS
    if fmt == "parquet":
        return _write_parquet(records, out, columns)
    writers: dict[str, Callable[[Iterable[dict[str, Any]], TextIO], int]] = {
        "table": _write_happening_table if happenings else _write_table,
        "jsonl": _write_jsonl, "csv": lambda rs, fh: _write_csv(rs, fh, columns),
        "gdelt": _write_gdelt}
    with _text_stream(out) as stream:
        return writers[fmt](records, stream)


# -- jsonl, csv, parquet ---------------------------------------------------------------------


def _write_jsonl(records: Iterable[dict[str, Any]], stream: TextIO) -> int:
    n = 0
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def _csv_value(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


# Always quoted in CSV: codes such as "050" stay text for readers that keep quoted values as
# text (DuckDB); pandas and pyarrow need the column types given (see the README).
QUOTED_CSV = frozenset({"doc_id", "cameo", "cameo_root"})


def _csv_field(value: Any, quote: bool) -> str:
    text = str(_csv_value(value))
    if (quote and text) or any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _write_csv(records: Iterable[dict[str, Any]], stream: TextIO,
               columns: Columns = FLAT_COLUMNS) -> int:
    names = [name for name, _ in columns]
    stream.write(",".join(names) + "\n")
    n = 0
    for record in records:
        flat = flatten(record, columns)
        stream.write(",".join(_csv_field(flat[name], name in QUOTED_CSV) for name in names)
                     + "\n")
        n += 1
    return n


def _parquet_schema(columns: Columns):
    import pyarrow as pa

    kinds = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
             "list": pa.list_(pa.string()), "json": pa.string()}
    return pa.schema([(name, kinds[kind]) for name, kind in columns])


def _write_parquet(records: Iterable[dict[str, Any]], out: Out, columns: Columns = FLAT_COLUMNS,
                   batch: int = 10_000) -> int:
    if not isinstance(out, str | Path) or str(out) == "-":
        raise ValueError("Parquet export needs an output file path (it cannot go to a stream "
                         "or stdout); pass e.g. --out events.parquet")
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema(columns)
    json_cols = [name for name, kind in columns if kind == "json"]
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with pq.ParquetWriter(str(out), schema) as writer:
        rows: list[dict[str, Any]] = []

        def flush() -> None:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            rows.clear()

        for record in records:
            flat = flatten(record, columns)
            for name in json_cols:
                if flat[name] is not None:
                    flat[name] = json.dumps(flat[name], ensure_ascii=False)
            rows.append(flat)
            n += 1
            if len(rows) >= batch:
                flush()
        if rows or n == 0:
            flush()
    return n


# -- GDELT 2.0 events table ------------------------------------------------------------------


@cache
def gdelt_columns() -> tuple[str, ...]:
    """The 61 column names of GDELT 2.0's events table, in order."""
    path = resources.files("tacitus") / "data" / "gdelt2_events_columns.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(row["tableId"].strip() for row in csv.DictReader(fh) if row["tableId"])


def global_event_id(record: dict[str, Any]) -> int:
    """Stable positive 63-bit id from doc_id, sentence index, CAMEO code, trigger start and the
    two actors' codes (one trigger can code events between different actors)."""
    trigger = record.get("trigger") or {}
    sides = [(record.get(side) or {}).get("code") for side in ("source", "target")]
    key = "\x1f".join(str(x) for x in (record.get("doc_id"), record.get("sentence_index"),
                                         record.get("cameo"), trigger.get("start"), *sides))
    value = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big") >> 1
    return value or 1


# GDELT geo types: 1 country, 2 US state, 3 US city, 4 world city, 5 world state (ADM1).
_GEO_TYPES = {"country": 1, "adm1": 5, "state": 5, "region": 5, "province": 5, "city": 4,
              "town": 4, "village": 4, "place": 4}


def _geo_type(kind: Any, country: Any) -> str:
    if kind is None or kind == "":
        return ""
    if isinstance(kind, int) or str(kind).isdigit():
        return str(int(kind))
    code = _GEO_TYPES.get(str(kind).lower())
    if code is None:
        return ""
    if country in ("USA", "US"):
        code = {4: 3, 5: 2}.get(code, code)
    return str(code)


def _num(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    x = float(value)
    return str(int(x)) if x.is_integer() else f"{round(x, 6)}"


def _date_fields(date: Any, precision: Any, doc_date: Any = None) -> dict[str, str]:
    """SQLDATE, MonthYear, Year and FractionDate. GDELT dates every event to a day: an event
    dated to a month or a year takes the document date where it falls in that month or year,
    else the period's first day; an undated event takes the document date."""
    day = _day(date)
    if day is None:
        day, precision = _day(doc_date), "day"
    if day is None:
        return {}
    doc_day = _day(doc_date)
    if precision == "year" and doc_day and doc_day.year == day.year:
        day = doc_day
    elif precision == "month" and doc_day and doc_day.year == day.year \
            and doc_day.month == day.month:
        day = doc_day
    doy = day.timetuple().tm_yday
    days = 366 if calendar.isleap(day.year) else 365
    return {"SQLDATE": day.strftime("%Y%m%d"), "MonthYear": day.strftime("%Y%m"),
            "Year": f"{day.year:04d}", "FractionDate": f"{day.year + (doy - 1) / days:.4f}"}


def _day(value: Any) -> date | None:
    """The day of an ISO date; `YYYY-MM` and `YYYY` give the period's first day."""
    parts = str(value or "")[:10].split("-")
    try:
        numbers = [int(p) for p in parts] + [1, 1]
        return date(numbers[0], numbers[1], numbers[2]) if value else None
    except ValueError:
        return None


def _actor_fields(prefix: str, actor: dict[str, Any] | None) -> dict[str, Any]:
    if not actor:
        return {}
    sectors = list(actor.get("sectors") or [])[:3]
    fields = {f"{prefix}Code": actor.get("code"), f"{prefix}Name": actor.get("name"),
              f"{prefix}CountryCode": actor.get("country")}
    for i, sector in enumerate(sectors, start=1):
        fields[f"{prefix}Type{i}Code"] = sector
    return fields


def _dyad(record: dict[str, Any]) -> tuple[dict | None, dict | None]:
    """GDELT's Actor1 and Actor2: a reciprocal event (PLOVER: all sides as actors, no
    recipient) becomes its first two sides, as CAMEO data sets record meetings."""
    source, target = record.get("source"), record.get("target")
    members = (source or {}).get("members") or []
    if target is None and len(members) >= 2 and "+reciprocal" in (record.get("rule") or ""):
        return members[0], members[1]
    return source, target


def gdelt_row(record: dict[str, Any], date_added: str, event_id: int | None = None,
              ) -> list[str]:
    """One record (an event, or a happening as its first mention with its counts) as the 61
    GDELT 2.0 event fields (empty where we have nothing)."""
    cameo = str(record.get("cameo") or "")
    actor1, actor2 = _dyad(record)
    fields: dict[str, Any] = {
        "GLOBALEVENTID": event_id or record.get("happening_id") or global_event_id(record),
        **_date_fields(record.get("date"), record.get("date_precision"),
                       record.get("doc_date")),
        **_actor_fields("Actor1", actor1),
        **_actor_fields("Actor2", actor2),
        "IsRootEvent": 1 if record.get("sentence_index") == 0 else 0,
        "EventCode": cameo, "EventBaseCode": cameo[:3],
        "EventRootCode": record.get("cameo_root") or cameo[:2],
        "QuadClass": _num(record.get("quad_class")),
        "GoldsteinScale": _num(record.get("goldstein")),
        # A happening's counts (`Store.happenings`); one event alone is one article's.
        "NumMentions": _num(record.get("num_mentions") or 1),
        "NumSources": _num(record.get("num_sources") or 1),
        "NumArticles": _num(record.get("num_articles") or 1),
        "AvgTone": _num(record.get("tone")), "DATEADDED": date_added,
        "SOURCEURL": record.get("url") or record.get("doc_id"),
    }
    loc = record.get("location") or {}
    if loc:
        fields.update({
            "ActionGeo_Type": _geo_type(loc.get("type"), loc.get("country")),
            "ActionGeo_FullName": loc.get("name"), "ActionGeo_CountryCode": loc.get("country"),
            "ActionGeo_ADM1Code": loc.get("adm1"), "ActionGeo_Lat": _num(loc.get("lat")),
            "ActionGeo_Long": _num(loc.get("lon")), "ActionGeo_FeatureID": loc.get("feature_id"),
        })
    return [_clean(fields.get(name)) for name in gdelt_columns()]


def _clean(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(str(value).replace("\t", " ").split()) if isinstance(value, str) else str(value)


def _write_gdelt(records: Iterable[dict[str, Any]], stream: TextIO) -> int:
    """GDELT rows; ids unique within the file. An event with no date and no document date has
    no SQLDATE, which GDELT requires: it is left out, with a warning."""
    date_added = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    n = undated = 0
    ids: set[int] = set()
    for record in records:
        if _day(record.get("date")) is None and _day(record.get("doc_date")) is None:
            undated += 1
            continue
        event_id = record.get("happening_id") or global_event_id(record)
        while event_id in ids:  # a collision of the 63-bit hash: the next free id
            event_id = event_id % (2**63 - 1) + 1
        ids.add(event_id)
        stream.write("\t".join(gdelt_row(record, date_added, event_id)) + "\n")
        n += 1
    if undated:
        log.warning("%d events of undated documents left out of the GDELT export: GDELT needs "
                    "a SQLDATE (give those documents a date, e.g. --date, and ingest them "
                    "again)", undated)
    return n


# -- table -----------------------------------------------------------------------------------


def _actor_label(actor: dict[str, Any] | None) -> str:
    if not actor:
        return ""
    return actor.get("code") or actor.get("name") or actor.get("text") or ""


_EVENT_COLUMNS = (("doc", "dim"), ("date", None), ("source", "cyan"), ("event", None),
                  ("target", "magenta"), ("trigger", "green"))
_HAPPENING_COLUMNS = (("happening", "dim"), ("dates", None), ("source", "cyan"),
                      ("event", None), ("target", "magenta"), ("articles", None),
                      ("sources", None), ("mentions", None), ("first report", "dim"))


def _event_label(record: dict[str, Any]) -> str:
    event = f"{record.get('cameo', '')} {record.get('cameo_name') or ''}".strip()
    return f"NOT {event}" if record.get("negated") else event


def _event_cells(record: dict[str, Any]) -> list[str]:
    return [str(record.get("doc_id", "")), record.get("date") or "",
            _actor_label(record.get("source")), _event_label(record),
            _actor_label(record.get("target")), (record.get("trigger") or {}).get("text", "")]


def _happening_cells(record: dict[str, Any]) -> list[str]:
    first, last = record.get("first_date") or "", record.get("last_date") or ""
    dates = first if first == last else f"{first} .. {last}"
    return [str(record.get("happening_id", "")), dates, _actor_label(record.get("source")),
            _event_label(record), _actor_label(record.get("target")),
            str(record.get("num_articles", "")), str(record.get("num_sources", "")),
            str(record.get("num_mentions", "")), str(record.get("doc_id", ""))]


def _write_table(records: Iterable[dict[str, Any]], stream: TextIO) -> int:
    return _rich_table(records, stream, _EVENT_COLUMNS, _event_cells, "event")


def _write_happening_table(records: Iterable[dict[str, Any]], stream: TextIO) -> int:
    return _rich_table(records, stream, _HAPPENING_COLUMNS, _happening_cells, "happening")


def _rich_table(records: Iterable[dict[str, Any]], stream: TextIO,
                columns: tuple[tuple[str, str | None], ...],
                cells: Callable[[dict[str, Any]], list[str]], noun: str) -> int:
    from rich.console import Console
    from rich.table import Table

    table = Table(header_style="bold")
    for name, style in columns:
        table.add_column(name, style=style, overflow="fold")
    n = 0
    for record in records:
        table.add_row(*cells(record))
        n += 1
    table.caption = f"{n} {noun}{'s' if n != 1 else ''}"
    is_tty = hasattr(stream, "isatty") and stream.isatty()
    Console(file=stream, width=None if is_tty else 160, highlight=False).print(table)
    return n
