"""Code one parsed document: events with actors, dates, places, quantities and tone."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from spacy.tokens import Doc

from ..codebook import lookup
from ..records import Actor, Document, Event, Trigger
from . import place, quantities, quotes, time, tone
from .actor_data import lexicon
from .actors import DocumentActors, compose_code, country_name
from .dedupe import merge_mentions
from .dictionaries import ActorDictionary
from .events import Candidate, SentenceCoder
from .model import code_sentence as coded_sentence

PRISON = "years in prison"
VIOLENT_ROOTS = {"18", "19", "20"}
COOPERATIVE_ROOTS = {"01", "02", "03", "04", "05", "06", "07", "08"}
LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "throughout", "around", "within"}


@dataclass
class Coded:
    """Everything the coding stage reads off one document."""

    events: list[Event] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    n_sentences: int = 0
    tone: float | None = None

def _trigger(text: str, c: Candidate) -> Trigger:
    start = min(t.idx for t in c.tokens)
    end = max(t.idx + len(t.text) for t in c.tokens)
    return Trigger(text=text[start:end], start=start, end=end)


def _state(text: str, iso3: str) -> Actor:
    """A country as an actor, with no sector."""
    return Actor(text=text, name=country_name(iso3), code=compose_code(iso3, []), country=iso3)


def _place_target(c: Candidate, sent, location: dict | None, acts: DocumentActors) -> None:
    """With no target in the parse, the country where the act happens is its target, as CAMEO
    coders do ("protested in Kirkuk" -> IRQ; "imposed a curfew in Cizre" -> TUR). Only a place
    named in the sentence itself counts, not the dateline."""
    own = _own_place(c.token, acts)
    if own is not None:
        location = own  # "eased measures in Montenegro, as authorities in Croatia ..."
    elif not location or not location.get("country") or not _locative(sent, location["name"]):
        location = _located_actor(sent, acts)
    if not location:
        return
    iso3 = location["country"]
    if c.source is not None and c.source.country == iso3 and c.code[:2] in COOPERATIVE_ROOTS:
        return  # talks "in Washington" by Washington: no target, not a domestic event
    c.target = _state(location["name"], iso3)
    c.rule += "+target:place"


def _protested_state(c: Candidate) -> None:
    """A protest by a country's people that names no one it is aimed at is aimed at their own
    state, as CAMEO coders code domestic unrest ("Algerian landowners began a hunger strike")."""
    source = c.source
    if source is None or source.members or source.country not in lexicon().countries \
            or "GOV" in source.sectors:
        return
    c.target = _state(source.text, source.country)
    c.rule += "+target:domestic"


def _place_source(c: Candidate, sent, location: dict | None, countries: list[str]) -> None:
    """Violence with no named perpetrator ("a roadside bomb near Samarra killed a soldier") is
    coded, as CAMEO coders do, to the country where it happened."""
    if not (location and location.get("country") and _locative(sent, location["name"])):
        location = _named_place(sent, countries)
    if location and location.get("country"):
        c.source = _state(location["name"], location["country"])
        c.rule += "+source:place"


def _fill_countries(c: Candidate, location: dict | None, sole: str | None) -> None:
    """An actor known only by its sector ("rebels", "the president", "demonstrators") belongs,
    as CAMEO coders code it, to the country where the act happens, else to the country of a
    domestic counterpart ("the Sudanese government accused rebels"), else to the document's
    only country. Foreign troops give no country to the people they face."""
    for side in ("source", "target"):
        actor: Actor | None = getattr(c, side)
        if actor is None or actor.country or not actor.sectors or actor.members:
            continue
        other: Actor | None = c.target if side == "source" else c.source
        states = lexicon().countries
        domestic = other.country if other is not None and other.country in states \
            and "MIL" not in other.sectors else None
        country = (location or {}).get("country") or domestic or sole
        if country in states:
            setattr(c, side, replace(actor, country=country,
                                     code=compose_code(country, actor.sectors)))
            c.rule += f"+{side}:context"


def _locative(sent, name: str) -> bool:
    """Whether `name` is named in `sent` as where something happens ("in Kirkuk"), not as a
    source or destination ("buy from Russia")."""
    first = name.split()[0].split(",")[0]
    for tok in sent:
        if tok.text == first:
            return _locative_head(tok)
    return False


def _locative_head(tok) -> bool:
    """Whether `tok` heads (or sits inside) the object of a locative preposition, through
    "the town of X" and "outside of X"."""
    node = tok
    while node.head is not node and (
            node.dep_ in ("compound", "amod", "conj", "appos")
            or node.dep_ == "pobj" and node.head.lower_ == "of"
            and node.head.head.lower_ not in LOCATIVE):  # "the town of X"
        node = node.head if node.dep_ != "pobj" else node.head.head
    if node.dep_ == "pobj" and node.head.lower_ == "of":
        node = node.head  # "outside of Basra"
        return node.head.lower_ in LOCATIVE
    return node.dep_ == "pobj" and node.head.lower_ in LOCATIVE


def _own_place(t, acts: DocumentActors) -> dict | None:
    """The place named in the trigger's own locative phrase ("eased curfews in Montenegro"),
    which wins over places named elsewhere in the sentence."""
    states = lexicon().countries
    heads = [t] + [o for o in t.children if o.dep_ in ("dobj", "obj")]
    for head in heads:
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in LOCATIVE:
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                names = [obj] + [c for c in obj.children if c.dep_ == "compound"]
                for tok in names:
                    if tok.pos_ != "PROPN":
                        continue
                    actor = acts.resolve(tok, loose=True)
                    if actor is not None and actor.country in states and not actor.members:
                        return {"name": tok.text, "country": actor.country}
                    found = place.resolve(tok.text, acts.countries())
                    if found is not None and found.get("country") in states:
                        return {"name": tok.text, "country": found["country"]}
    return None


def _located_actor(sent, acts: DocumentActors) -> dict | None:
    """A place the gazetteer lacks but the actor lists know ("in the West Bank", "in Kabul"),
    named under a locative preposition: its country."""
    states = lexicon().countries
    for tok in sent:
        if tok.pos_ == "PROPN" and _locative_head(tok):
            actor = acts.resolve(tok)
            if actor is not None and actor.country in states and not actor.members \
                    and set(actor.sectors) <= {"GOV"}:
                return {"name": tok.text, "country": actor.country}
    return None


def _named_place(sent, countries: list[str]) -> dict | None:
    """A place the parser tagged as something else ("near the town of Samarra" as NORP): a
    proper noun under a locative preposition that the gazetteer knows."""
    for tok in sent:
        if tok.pos_ == "PROPN" and tok.ent_type_ not in ("PERSON", "ORG", "DATE", "TIME") \
                and _locative_head(tok):
            found = place.resolve(tok.text, countries)
            if found is not None:
                return found
    return None


def _quantities(sent, c: Candidate) -> list:
    """Quantities of the trigger's clause; a coercion event also takes the sentence's prison
    terms ("held since 2016 ... and is facing 35 years in prison")."""
    found = quantities.extract(sent, c.token)
    if c.code.startswith("17") and not any(q.unit == PRISON for q in found):
        found += [q for q in quantities.extract(sent) if q.unit == PRISON]
    return found


def _confidence(c: Candidate, model_p: float | None = None) -> float:
    """Confidence of an event: how complete its structure is (pattern specificity, source,
    target), averaged with the learned layer's calibrated probability of its root when the
    model is used."""
    score = 0.45 + 0.05 * min(c.specificity, 3)
    score += 0.2 if c.source is not None else 0.0
    score += 0.15 if c.target is not None else 0.0
    if c.source is not None and c.source.country is None:
        score -= 0.1
    score = min(score, 0.95)
    if model_p is not None:
        score = (score + model_p) / 2
    return round(score, 3)


def code_document(document: Document, doc: Doc, dictionary: ActorDictionary | None = None,
                  coder: str = "both") -> list[Event]:
    """Code every sentence of one parsed document into events (no I/O, no global state)."""
    return analyse(document, doc, dictionary, coder).events


def analyse(document: Document, doc: Doc, dictionary: ActorDictionary | None = None,
            coder: str = "both") -> Coded:
    """Events, quotations, sentence count and tone of one parsed document (a pure function).

    `dictionary` holds the user's actor entries (files and stored corrections); they take
    precedence over the built-in actor lists. `coder` is `patterns`, `model` or `both` (the
    lexicon plus the learned layer's proposals and calibrated confidences).
    """
    anchor = time.parse_anchor(document.date)
    acts = DocumentActors(doc, date=anchor, dictionary=dictionary)
    sc = SentenceCoder(acts)
    countries = acts.countries()
    sole = countries[0] if len(countries) == 1 else None
    text = doc.text  # Doc.text rebuilds the string on every access: read it once
    dateline = place.dateline(text)
    events: list[Event] = []
    n_sentences = 0
    for si, sent in enumerate(doc.sents):
        n_sentences += 1
        scored = coded_sentence(sc, sent, coder)
        if not scored:
            continue
        sent_tone = tone.score(sent.text)
        for c, model_p in scored:
            cb = lookup(c.code)
            date, precision = time.resolve_date(sent, anchor, c.token)
            exclude = {t.i for t in (c.source_token, c.target_token) if t is not None}
            location = place.locate(sent, countries, exclude=exclude, dateline=dateline)
            if c.target is None and "+reciprocal" not in c.rule:
                _place_target(c, sent, location, acts)
            elif c.source is None and c.code[:2] in VIOLENT_ROOTS:
                _place_source(c, sent, location, countries)
                if c.source is None and not c.target.country:
                    continue  # "the virus has killed 1,000 people": nobody acting on anybody
            _fill_countries(c, location, sole)
            if c.target is None and c.code.startswith("14"):
                _protested_state(c)
            events.append(Event(
                doc_id=document.id, sentence_index=si, sentence=sent.text.strip(),
                source=c.source, target=c.target, cameo=cb.code, cameo_root=cb.root,
                cameo_name=cb.name, quad_class=cb.quad_class, goldstein=cb.goldstein,
                plover={"event": cb.plover_event, "mode": cb.plover_mode,
                        "context": cb.plover_context},
                trigger=_trigger(text, c), rule=c.rule, confidence=_confidence(c, model_p),
                date=date, date_precision=precision, negated=c.negated, modality=c.modality,
                location=location,
                quantities=_quantities(sent, c), tone=sent_tone,
            ))
    return Coded(events=merge_mentions(events), quotes=quotes.extract(doc, acts),
                 n_sentences=n_sentences, tone=tone.score(document.text))
