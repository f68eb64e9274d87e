"""Read endpoints: events, documents, actors, dyads, time series, places and statistics."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import Response
from pydantic import AfterValidator

from tacitus.serve import models
from tacitus.serve.geo import iso_numeric
from tacitus.serve.spans import highlights
from tacitus.serve.state import Backend, backend
from tacitus.store.query import SORTS, EventQuery

router = APIRouter(prefix="/api", tags=["read"])

BAD = {400: {"model": models.Problem, "description": "A filter is malformed; `detail` says "
                                                     "what to send instead."},
       422: {"description": "A parameter has the wrong type or is out of range."}}
CSV = {200: {"content": {"text/csv": {}}, "description": "JSON, or CSV with `format=csv`."}}

ACTOR = r"^[A-Za-z0-9]{2,15}$"
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
HINTS = {
    "actor": "an ISO3 country or CAMEO actor code, e.g. TUR or USAGOV",
    "dyad": "two actors joined by '-', e.g. USA-TUR",
    "root": "a CAMEO root from 01 to 20",
    "cameo": "a CAMEO code or its start, 2-4 digits, e.g. 14 or 141",
    "plover": "a PLOVER event type, e.g. PROTEST",
    "since": "a date YYYY-MM-DD", "until": "a date YYYY-MM-DD",
}


def _date(value: str | None) -> str | None:
    """A real calendar date (the pattern lets 2021-02-30 through)."""
    if value is not None:
        date.fromisoformat(value)  # ValueError: pydantic reports it as a 422
    return value


def event_query(
    actor: Annotated[str | None, Query(
        pattern=ACTOR, description="ISO3 country or CAMEO actor code on either side, "
                                   "e.g. TUR or USAGOV.")] = None,
    dyad: Annotated[str | None, Query(
        pattern=r"^[A-Za-z0-9]{2,15}-[A-Za-z0-9]{2,15}$",
        description="Two actors joined by '-', e.g. USA-TUR.")] = None,
    directed: Annotated[bool, Query(
        description="With `dyad`: only the first acting on the second (true), or either "
                    "direction (false).")] = True,
    root: Annotated[str | None, Query(pattern=r"^(0?[1-9]|1[0-9]|20)$",
                                      description="CAMEO root 01-20.")] = None,
    cameo: Annotated[str | None, Query(
        pattern=r"^[0-9]{2,4}$", description="CAMEO code or its start, e.g. 14 or 141.")] = None,
    plover: Annotated[str | None, Query(
        pattern=r"^[A-Za-z_]{3,20}$", description="PLOVER event type, e.g. PROTEST.")] = None,
    quad_class: Annotated[int | None, Query(
        ge=1, le=4, description="1 verbal cooperation, 2 material cooperation, 3 verbal "
                                "conflict, 4 material conflict.")] = None,
    modality: Annotated[Literal["asserted", "reported", "intended", "hypothetical"] | None,
                        Query(description="How the text presents the event.")] = None,
    since: Annotated[str | None, Query(
        pattern=DATE, json_schema_extra={"format": "date"},
        description="Events on or after this date, YYYY-MM-DD."), AfterValidator(_date)] = None,
    until: Annotated[str | None, Query(
        pattern=DATE, json_schema_extra={"format": "date"},
        description="Events on or before this date, YYYY-MM-DD."), AfterValidator(_date)] = None,
    text: Annotated[str | None, Query(
        max_length=200, description="Words that must all appear in the sentence.")] = None,
) -> EventQuery:
    """The event filters every read endpoint takes."""
    return EventQuery(actor=actor, dyad=dyad, directed=directed, root=root, cameo=cameo,
                      plover=plover, quad_class=quad_class, modality=modality,
                      since=since, until=until, text=text)


Filters = Annotated[EventQuery, Depends(event_query)]
Held = Annotated[Backend, Depends(backend)]
Format = Annotated[Literal["json", "csv"], Query(description="json or csv.")]


def _csv(header: list[str], rows: list[list[Any]]) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8")


@router.get("/events", response_model=models.EventPage, responses={**BAD, **CSV})
def events(
    b: Held, q: Filters,
    sort: Annotated[Literal[tuple(SORTS)], Query(  # type: ignore[valid-type]
        description="Sort key.")] = "date",
    order: Annotated[Literal["asc", "desc"], Query()] = "desc",
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=500, description="Events per page.")] = 50,
    format: Format = "json",
) -> Any:
    """Stored events matching the filters, one page at a time, newest first by default."""
    total, page = b.read(lambda s: s.find_events(q, sort, order == "desc", offset, limit))
    if format == "csv":
        from tacitus.export import write

        out = io.StringIO()
        write(page, "csv", out)
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8")
    return models.EventPage(total=total, offset=offset, limit=limit, events=page)


@router.get("/documents/{doc_id}", response_model=models.DocumentOut,
            responses={404: {"model": models.Problem, "description": "No such document."}})
def document(b: Held, doc_id: str) -> Any:
    """One document: its text, its events with the spans of their trigger, source and target,
    and its quotes."""
    doc = b.read(lambda s: s.document(doc_id))
    if doc is None:
        raise HTTPException(404, f"no stored document with id {doc_id!r}; ids are listed in the "
                                 "`doc_id` field of /api/events")
    doc["highlights"] = [highlights(doc["text"], e) for e in doc["events"]]
    return doc


@router.get("/actors", response_model=list[models.ActorOut], responses=BAD)
def actors(
    b: Held,
    q: Annotated[str | None, Query(
        max_length=100, description="Part of the name, start of the code, or country.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> Any:
    """Actors seen in events, most frequent first."""
    return b.read(lambda s: s.actors(q, limit))


@router.get("/dyads", response_model=list[models.DyadOut], responses=BAD)
def dyads(
    b: Held, q: Filters,
    top: Annotated[int, Query(ge=1, le=500, description="How many dyads.")] = 20,
    domestic: Annotated[bool, Query(description="Include A-A pairs.")] = True,
) -> Any:
    """Most frequent source-target pairs (country, else actor code) with event counts, mean
    Goldstein and QuadClass counts."""
    return b.read(lambda s: s.dyads(q, top, domestic))


@router.get("/timeseries", response_model=models.TimeseriesOut, responses={**BAD, **CSV})
def timeseries(
    b: Held, q: Filters,
    interval: Annotated[Literal["day", "week", "month"], Query()] = "month",
    split: Annotated[bool, Query(
        description="With `dyad`: one series per direction (both directions are counted, "
                    "whatever `directed` says).")] = False,
    format: Format = "json",
) -> Any:
    """Events per period by QuadClass, with mean Goldstein, for the filters (an actor, a dyad,
    or everything)."""
    series = b.read(lambda s: s.timeseries(q, interval, split))
    if format == "csv":
        return _csv(["series", "period", "events", "quad1", "quad2", "quad3", "quad4",
                     "mean_goldstein"],
                    [[s["key"], p["period"], p["events"], *(p["quad"][k] for k in "1234"),
                      "" if p["mean_goldstein"] is None else p["mean_goldstein"]]
                     for s in series for p in s["points"]])
    return {"interval": interval, "series": series}


@router.get("/places", response_model=models.PlacesOut, responses=BAD)
def places(
    b: Held, q: Filters,
    top: Annotated[int, Query(ge=1, le=2000, description="How many places.")] = 300,
) -> Any:
    """Where events happen: places with coordinates, and event counts per country."""
    found = b.read(lambda s: s.places(q, top))
    numbers = iso_numeric()
    for c in found["countries"]:
        c["iso_numeric"] = numbers.get(c["country"])
    return found


@router.get("/stats", response_model=models.StatsOut, responses=BAD)
def stats(b: Held, q: Filters) -> Any:
    """Counts for the whole store, and for the events matching the filters."""
    return b.read(lambda s: {"summary": s.summary(), "filtered": s.facets(q)})
