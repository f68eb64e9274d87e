"""Request and response bodies of the API, as pydantic models (they make the OpenAPI schema).

Event records keep the JSONL record's fields (README, "The event record"); they are typed here as
open objects so that the API and the export formats stay one contract.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Record = dict[str, Any]
MAX_TEXT = 1_000_000  # characters in one posted text; longer is a 422


class Problem(BaseModel):
    """What is wrong with a request, and how to fix it."""

    detail: str


class EventPage(BaseModel):
    total: int = Field(description="Events matching the filters.")
    offset: int
    limit: int
    events: list[Record] = Field(description="Event records with the document `url`, `title`.")


class Highlights(BaseModel):
    trigger: tuple[int, int] | None
    source: tuple[int, int] | None
    target: tuple[int, int] | None


class Quote(BaseModel):
    sentence_index: int | None
    text: str
    speaker_name: str | None
    speaker_code: str | None
    start: int | None
    end: int | None


class DocumentOut(BaseModel):
    id: str
    title: str | None
    date: str | None
    url: str | None
    source: str | None
    n_sentences: int | None
    tone: float | None
    ingested_at: str | None
    publisher: str | None = None
    text: str | None = Field(description="None when the document was stored before texts were "
                                         "kept; re-ingest it to see it.")
    events: list[Record]
    highlights: list[Highlights] = Field(
        description="Per event, in order: [start, end) character spans of its trigger, source "
                    "and target in `text` (null where not found).")
    quotes: list[Quote]


class ActorOut(BaseModel):
    name: str
    code: str
    country: str | None
    sectors: list[str]
    count: int
    first_seen: str | None
    last_seen: str | None


class DyadOut(BaseModel):
    source: str
    target: str
    dyad: str
    events: int
    mean_goldstein: float | None
    quad: dict[str, int] = Field(description="Events by QuadClass '1'..'4'.")


class Point(BaseModel):
    period: str = Field(description="YYYY-MM-DD (day; the Monday of a week) or YYYY-MM.")
    events: int
    quad: dict[str, int]
    mean_goldstein: float | None


class Series(BaseModel):
    key: str = Field(description="'all', or the direction 'A-B' of a split dyad.")
    points: list[Point]


class TimeseriesOut(BaseModel):
    interval: str
    series: list[Series]


class Count(BaseModel):
    value: str | int
    events: int


class Facets(BaseModel):
    events: int
    mean_goldstein: float | None
    quad_class: list[Count]
    modality: list[Count]
    plover: list[Count]
    root: list[Count]


class StatsOut(BaseModel):
    summary: dict[str, Any] = Field(description="Whole store: documents, sentences, events, "
                                                "actors, quotes, dates, top dyads and types.")
    filtered: Facets = Field(description="The events matching the filters.")


class PlaceOut(BaseModel):
    name: str | None
    country: str | None
    lat: float | None
    lon: float | None
    events: int
    mean_goldstein: float | None


class CountryOut(BaseModel):
    country: str
    iso_numeric: str | None = Field(description="ISO 3166-1 numeric, the id of the map shape.")
    events: int
    mean_goldstein: float | None


class PlacesOut(BaseModel):
    places: list[PlaceOut]
    countries: list[CountryOut]


class CodeIn(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TEXT, pattern=r"\S",
                      description="The article text (not only white space).")
    id: str | None = Field(default=None, max_length=500)
    title: str | None = Field(default=None, max_length=2000)
    date: str | None = Field(default=None, max_length=40,
                             description="Publication date, YYYY-MM-DD.")
    url: str | None = Field(default=None, max_length=4000)
    publisher: str | None = Field(default=None, max_length=15,
                                  description="CAMEO actor code of the publisher, e.g. USAGOV.")


class ProblemOut(BaseModel):
    record: str | None
    problem: str
    skipped: bool


class CodeOut(BaseModel):
    events: list[Record]
    problems: list[ProblemOut]


class IngestIn(BaseModel):
    documents: list[CodeIn] = Field(
        min_length=1, max_length=200,
        description="Each needs `text`; one without `id` gets `api#` and the first 12 hex "
                    "digits of its text's SHA-256.")


class IngestedDocument(BaseModel):
    id: str = Field(description="The document's id, as sent or derived from its text.")
    stored_as: str | None = Field(
        description="The id it is stored under: `id`, or `id@api` when `id` is taken by a "
                    "document from another source (see `note`); null when it failed.")
    status: Literal["new", "unchanged", "replaced", "failed"]
    events: int = Field(description="Events stored for it (0 when unchanged or failed).")
    note: str | None = Field(description="Why it replaced a document or got another id.")


class IngestOut(BaseModel):
    received: int
    stored: int = Field(description="new + replaced.")
    new: int
    unchanged: int = Field(description="Already stored with the same text: not coded again.")
    replaced: int = Field(description="The same id was stored from this API with other text.")
    failed: int
    events: int
    documents: list[IngestedDocument] = Field(
        description="One per readable document, in the order sent.")
    problems: list[ProblemOut]
