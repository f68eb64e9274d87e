"""Plain data records that flow through the pipeline: documents, actors and events."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Document:
    """One input article. `id` becomes each event's `doc_id`."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None  # ISO date YYYY-MM-DD of publication
    url: str | None = None
    source: str | None = None  # file the record came from
    publisher: str | None = None  # CAMEO actor code of the publisher ("USAGOV"): who "we" is


@dataclass
class Actor:
    """A resolved actor: surface text, canonical name, CAMEO code, country and sectors."""

    text: str
    name: str
    code: str  # CAMEO actor code, e.g. USAGOV
    country: str | None  # ISO 3166-1 alpha-3, or IGO / NGO
    sectors: list[str] = field(default_factory=list)
    members: list[Actor] | None = None  # for compound actors ("X and Y")

    @staticmethod
    def compound(parts: list[Actor]) -> Actor:
        """One actor standing for several ("Egypt and Jordan"): the first member's codes, all
        members listed."""
        first = parts[0]
        text = " and ".join(dict.fromkeys(p.text for p in parts))
        return Actor(text, " and ".join(p.name for p in parts), first.code, first.country,
                     list(first.sectors), members=parts)

    def to_dict(self) -> dict[str, Any]:
        d = {"text": self.text, "name": self.name, "code": self.code,
             "country": self.country, "sectors": list(self.sectors)}
        if self.members:
            d["members"] = [m.to_dict() for m in self.members]
        return d


@dataclass
class Trigger:
    text: str
    start: int  # character offsets in the document text
    end: int


@dataclass
class Quantity:
    text: str
    value: float | None
    unit: str | None


@dataclass
class Event:
    """One coded event. `to_dict` gives the stable JSONL record other tools read."""

    doc_id: str
    sentence_index: int
    sentence: str
    source: Actor | None
    target: Actor | None
    cameo: str
    cameo_root: str
    cameo_name: str
    quad_class: int
    goldstein: float
    plover: dict[str, str | None]
    trigger: Trigger
    rule: str
    confidence: float
    date: str | None = None
    date_precision: str | None = None  # day | month | year | None
    negated: bool = False
    modality: str = "asserted"  # asserted | reported | intended | hypothetical
    location: dict[str, Any] | None = None
    quantities: list[Quantity] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    tone: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["source"] = self.source.to_dict() if self.source else None
        d["target"] = self.target.to_dict() if self.target else None
        d["num_mentions"] = max(1, len(self.mentions))
        return d


@dataclass
class Result:
    """The outcome of coding one document (`tacitus.pipeline.run`); `error` says why it failed."""

    document: Document
    events: list[Event] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    n_sentences: int = 0
    tone: float | None = None
    n_words: int = 0
    error: str | None = None
