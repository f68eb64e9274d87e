"""Code one parsed document: events with actors, dates, places, quantities and tone."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from ..codebook import lookup
from ..config import DEFAULT_CODER
from ..records import Document, Event, Trigger
from . import context, place, quantities, quotes, time, tone
from .actors import DocumentActors
from .candidates import DocumentMentions
from .dedupe import merge_mentions
from .dictionaries import ActorDictionary, code_actor
from .events import Candidate, SentenceCoder
from .learned import LearnedCoder
from .model import code_sentence as coded_sentence

PRISON = "years in prison"
LEARNED = {"learned": "coder", "accurate": "coder-accurate"}  # coder -> artefact folder
VIOLENT_ROOTS = {"18", "19", "20"}


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
                  coder: str = DEFAULT_CODER) -> list[Event]:
    """Code every sentence of one parsed document into events (no I/O, no global state)."""
    return analyse(document, doc, dictionary, coder).events


def analyse(document: Document, doc: Doc, dictionary: ActorDictionary | None = None,
            coder: str = DEFAULT_CODER, learned: LearnedCoder | None = None) -> Coded:
    """Events, quotations, sentence count and tone of one parsed document (a pure function).

    `dictionary` holds the user's actor entries (files and stored corrections); they take
    precedence over the built-in actor lists. `coder` is `learned` (the coder trained on
    annotated news, `coding.learned`), `accurate` (the same blended with fine-tuned MiniLM
    taggers), `patterns` (the lexicon alone), or `model`/`both` (the lexicon with the older
    silver-trained layer, `coding.model`). `learned` replaces the bundled learned coder
    (training tunes with it).
    """
    anchor = time.parse_anchor(document.date)
    acts = DocumentActors(doc, date=anchor, dictionary=dictionary,
                          publisher=code_actor(document.publisher))
    sc = SentenceCoder(acts)
    countries = acts.countries()
    sole = countries[0] if len(countries) == 1 else None
    text = doc.text  # Doc.text rebuilds the string on every access: read it once
    dateline = place.dateline(text)
    events: list[Event] = []
    n_sentences = 0
    if coder in LEARNED:
        learned = learned or LearnedCoder.load(LEARNED[coder])
    else:
        learned = None
    sents = list(doc.sents)
    mentions = DocumentMentions(sc, sents, document.title) if learned is not None else None
    for si, sent in enumerate(sents):
        n_sentences += 1
        if learned is not None and mentions is not None:
            scored = learned.code_sentence(sc, mentions, si)
        else:
            scored = coded_sentence(sc, sent, "patterns" if coder in LEARNED else coder)
        if not scored:
            continue
        sent_tone = tone.score(sent.text)
        for c, model_p in scored:
            cb = lookup(c.code)
            date, precision = time.resolve_date(sent, anchor, c.token)
            exclude = {t.i for t in (c.source_token, c.target_token) if t is not None}
            location = place.locate(sent, countries, exclude=exclude, dateline=dateline)
            if c.target is None and c.code.startswith("14"):
                context.purpose_target(c, acts)
            elif c.target is None and c.code.startswith("12"):
                context.pressing_party(c, acts)
            if c.target is None and "+reciprocal" not in c.rule:
                context.place_target(c, sent, location, acts)
            elif c.source is None and c.code[:2] in VIOLENT_ROOTS:
                context.place_source(c, sent, location, countries)
                if c.source is None and not c.target.country:
                    continue  # "the virus has killed 1,000 people": nobody acting on anybody
            context.fill_countries(c, location, sole, sent)
            if not (c.source and c.source.country) and not (c.target and c.target.country):
                continue  # no side belongs anywhere ("reporters asked the officer")
            if c.target is None and c.code.startswith("14"):
                context.protested_state(c)
            elif c.target is None and c.code.startswith("17"):
                context.repressed_at_home(c)
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
