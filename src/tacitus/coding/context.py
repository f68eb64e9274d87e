"""Context of an event from its sentence: where it happens and whose its unnamed actors are.

With no target in the parse, the place of the act is the target; violence with no named
perpetrator is coded to its place; an actor known only by its sector takes the country of the
place, a domestic counterpart or a one-country document; a protest aimed at no one named targets
its own state. Each rule marks the event's `rule` (`+target:place`, `+source:context`, ...).
"""

from __future__ import annotations

from dataclasses import replace

from ..records import Actor
from . import place
from .actor_data import lexicon
from .actors import DocumentActors, compose_code, country_name
from .events import Candidate
from .syntax import is_infinitive, object_of, prep_objects

COOPERATIVE_ROOTS = {"01", "02", "03", "04", "05", "06", "07", "08"}
# Statements, appeals, meetings and diplomatic acts do not act on the place they are made in;
# material acts, concessions, conflict and promises of them do ("will evacuate settlements in X").
PLACE_NEUTRAL_ROOTS = {"01", "02", "04", "05"}
DESTINATION = {"to", "into", "toward", "towards", "onto"}
LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "throughout", "around", "within"}


def _state(text: str, iso3: str) -> Actor:
    """A country as an actor, with no sector."""
    return Actor(text=text, name=country_name(iso3), code=compose_code(iso3, []), country=iso3)


def place_target(c: Candidate, sent, location: dict | None, acts: DocumentActors) -> None:
    """With no target in the parse, the country where the act happens is its target, as CAMEO
    coders do ("protested in Kirkuk" -> IRQ; "imposed a curfew in Cizre" -> TUR). Only a place
    named in the sentence itself counts, not the dateline."""
    if c.code[:2] in PLACE_NEUTRAL_ROOTS:
        return  # "met in Geneva", "agreed in Niamey": where words are said is not their target
    own = _own_place(c.token, acts)
    speaker = _speaker_tokens(c.token)
    if own is not None:
        location = own  # "lifted the curfew in Diyarbakir as police in Greece ..."
    elif location and speaker and _named_in(sent, location["name"], speaker):
        # "sources in neighbouring Pakistan said rebels bombed the capital Kabul": where the
        # speakers are is not where the reported act happens when the sentence names another
        # place.
        other = place.locate(sent, acts.countries(), exclude=speaker)
        if not other or not other.get("country") or not _locative(sent, other["name"]):
            other = _located_actor(sent, acts, speaker)
        location = other or location
    elif not location or not location.get("country") or not _locative(sent, location["name"]):
        location = _located_actor(sent, acts)
    if not location:
        return
    iso3 = location["country"]
    if c.source is not None and c.source.country == iso3 and c.code[:2] in COOPERATIVE_ROOTS:
        return  # aid "in Kenya" by Kenya: no target, not a domestic event
    c.target = _state(location["name"], iso3)
    c.rule += "+target:place"


def purpose_target(c: Candidate, acts: DocumentActors) -> None:
    """A protest with no target of its own is aimed at whoever its purpose clause names
    ("blocked a road to show their disapproval of the United States' policies" -> USA)."""
    for clause in c.token.children:
        if clause.dep_ != "advcl" or not is_infinitive(clause):
            continue
        obj = object_of(clause)
        heads = [obj] if obj is not None else []
        names = [w for h in heads for w in h.children if w.dep_ == "poss"]
        names += [o for h in [clause, *heads] for _, o in prep_objects(h)]
        names += [w for n in list(names) for w in n.children if w.dep_ == "poss"]
        for tok in names + heads:
            actor = acts.resolve(tok, loose=True)
            if actor is not None and actor.country and (
                    c.source is None or actor.country != c.source.country):
                c.target = actor
                c.rule += "+target:purpose"
                return


def pressing_party(c: Candidate, acts: DocumentActors) -> None:
    """A refusal with no target of its own is aimed at whoever presses for the act "despite"
    which it is made ("declined to resign despite pressure by the Anti-Corruption Commission",
    "refused despite calls from Washington")."""
    t = c.token
    heads = [t, *(x for x in t.children if x.dep_ == "xcomp")] + (
        [t.head] if t.dep_ in ("xcomp", "ccomp") else [])
    for head in heads:
        for noun in (o for p in head.children if p.dep_ == "prep" and p.lower_ == "despite"
                     for o in p.children if o.dep_ == "pobj"):
            for how, who in prep_objects(noun):
                actor = acts.resolve(who, loose=True) if how in ("by", "from", "of") else None
                if actor is not None and actor.country and (
                        c.source is None or actor.code != c.source.code):
                    c.target = actor
                    c.rule += "+target:pressure"
                    return


def protested_state(c: Candidate) -> None:
    """A protest by a country's people that names no one it is aimed at is aimed at their own
    state, as CAMEO coders code domestic unrest ("Algerian landowners began a hunger strike")."""
    source = c.source
    if source is None or source.members or source.country not in lexicon().countries \
            or "GOV" in source.sectors:
        return
    c.target = _state(source.text, source.country)
    c.rule += "+target:domestic"


def repressed_at_home(c: Candidate) -> None:
    """Coercion by a state's own police, army, courts or government that names no one it acts
    on and no place ("police opened fire, killing one and arresting 12") acts on its own
    country, as CAMEO coders code domestic repression."""
    source = c.source
    if source is None or source.members or source.country not in lexicon().countries \
            or not set(source.sectors) & {"COP", "MIL", "GOV", "JUD", "SPY"}:
        return
    c.target = _state(source.text, source.country)
    c.rule += "+target:domestic"


def place_source(c: Candidate, sent, location: dict | None, countries: list[str]) -> None:
    """Violence with no named perpetrator ("a roadside bomb near Kirkuk killed a soldier") is
    coded, as CAMEO coders do, to the country where it happened."""
    if not (location and location.get("country") and _locative(sent, location["name"])):
        location = _named_place(sent, countries)
    if location and location.get("country"):
        c.source = _state(location["name"], location["country"])
        c.rule += "+source:place"


def fill_countries(c: Candidate, location: dict | None, sole: str | None, sent=None) -> None:
    """An actor known only by its sector ("rebels", "the president", "demonstrators") belongs,
    as CAMEO coders code it, to the country where the act happens, else to the country of a
    domestic counterpart ("the Sudanese government accused rebels"), else to the document's
    only country. Foreign troops give no country to the people they face."""
    states = lexicon().countries
    if sent is not None and location and _named_elsewhere(sent, location["name"]):
        location = None  # "protest the sending of troops to Iraq": a destination, not a place
    for side in ("source", "target"):
        actor: Actor | None = getattr(c, side)
        if actor is None or actor.country or not actor.sectors or actor.members:
            continue
        other: Actor | None = c.target if side == "source" else c.source
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


def _first_mention(sent, name: str):
    """The token where the place `name` is first named in `sent`, or None."""
    first = name.split()[0].split(",")[0]
    return next((tok for tok in sent if tok.text == first), None)


def _named_elsewhere(sent, name: str) -> bool:
    """Whether `name` is first named in `sent` as a destination ("sending troops to Iraq"),
    not as where something happens or where people come from."""
    tok = _first_mention(sent, name)
    return tok is not None and _destination(tok)


def _destination(tok) -> bool:
    """Whether `tok` heads (or modifies) the object of "to", "into" or "towards"."""
    node = tok
    while node.dep_ in ("compound", "amod", "conj", "appos") and node.head.i != node.i:
        node = node.head
    return node.dep_ == "pobj" and node.head.lower_ in DESTINATION


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
    """The place named in the trigger's own locative phrase ("lifted curfews in Diyarbakir"),
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


def _speaker_tokens(t) -> set[int]:
    """Token indices of the subject of the speech verb that reports the trigger's clause
    ("western diplomatic sources in Pakistan" in "..., sources in Pakistan said")."""
    node = t
    while node.head.i != node.i:
        if node.dep_ in ("ccomp", "parataxis"):
            return {w.i for c in node.head.children if c.dep_ == "nsubj" for w in c.subtree}
        node = node.head
    return set()


def _named_in(sent, name: str, indices: set[int]) -> bool:
    """Whether the place `name` is first named in `sent` inside these token indices."""
    tok = _first_mention(sent, name)
    return tok is not None and tok.i in indices


def _located_actor(sent, acts: DocumentActors, skip: set[int] | None = None) -> dict | None:
    """A place the gazetteer lacks but the actor lists know ("in the West Bank", "in Kabul"),
    named under a locative preposition: its country."""
    states = lexicon().countries
    for tok in sent:
        if skip and tok.i in skip:
            continue
        if tok.pos_ == "PROPN" and _locative_head(tok):
            actor = acts.resolve(tok)
            if actor is not None and actor.country in states and not actor.members \
                    and set(actor.sectors) <= {"GOV"}:
                return {"name": tok.text, "country": actor.country}
    return None


def _named_place(sent, countries: list[str]) -> dict | None:
    """A place the parser tagged as something else (a town tagged NORP in "near the town of X"): a
    proper noun under a locative preposition that the gazetteer knows."""
    for tok in sent:
        if tok.pos_ == "PROPN" and tok.ent_type_ not in ("PERSON", "ORG", "DATE", "TIME") \
                and _locative_head(tok):
            found = place.resolve(tok.text, countries)
            if found is not None:
                return found
    return None
