"""Event triggers and their arguments, read off a spaCy dependency parse.

For each sentence: every verb or noun whose lemma is in the lexicon is matched against its
features (object, prepositions, particle, complements). Arguments come from the parse:

- source: the subject; the `by` agent of a passive; the subject inherited through coordination,
  adverbial clauses and `by`-gerunds ("retaliated by raising"); the object of an object-control
  verb ("warned Turkey against buying"); the possessor or modifier of a nominal trigger
  ("Turkey's detention of", "US sanctions"); the subject of a light verb ("launched an attack").
- target: by the entry's preference list: object, indirect object, prepositional objects on the
  trigger or on its object ("the sale of jets to Turkey"), or the country of the object.

Infinitival complements of intent, threat, request and refusal verbs are re-coded with the mood
maps ("threatened to strike" is a threat, "agreed to withdraw" an intent to de-escalate).
Negation, conditionals, questions, futures and reported speech set `negated` and `modality`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Span, Token

from ..records import Actor
from .filters import TriggerFilters
from .lexicon import NO_EVENT, Entry, Features, Frames, Lexicon, load_frames, load_lexicon
from .modality import ModalityRules
from .syntax import (
    OBJ,
    dep_children,
    first_child,
    is_infinitive,
    is_passive,
    object_of,
    prep_heads,
    prep_object,
    prep_objects,
)

SUBJ = ("nsubj", "csubj", "expl")
MOODS = ("intent", "threat", "request", "refuse")
PARTICLES = {"out", "off", "up", "down", "back", "away", "over", "in"}
OBLIGATION_AUX = {"must", "should", "ought"}
OBLIGATION = Entry(code="100", kind="verb", lemma="must", rule="construction:obligation")
THREAT = Entry(code="130", kind="verb", lemma="threaten", rule="construction:conditional")
INTENT_AUX = {"should", "would", "will", "shall", "must"}
REFUSAL = Entry(code="120", kind="verb", lemma="refuse", rule="construction:negated")
NAMING = Entry(code=NO_EVENT, kind="verb", lemma="call", rule="construction:naming")
COOPERATIVE_ROOTS = {"03", "04", "05", "06", "07", "08"}
STATE_ORGANS = {"MIL", "GOV", "COP", "SPY"}


@dataclass
class Candidate:
    """A coded trigger with its arguments, before dates, places and quantities are attached."""

    token: Token
    tokens: list[Token]
    code: str
    rule: str
    source: Actor | None
    target: Actor | None
    negated: bool
    modality: str
    specificity: int
    source_token: Token | None = None
    target_token: Token | None = None
    notes: list[str] = field(default_factory=list)


def _others(target: Actor | None, source: Actor | None) -> Actor | None:
    """A compound target without the source's own members ("discussed the partnership between
    the United States and Egypt", said by the United States, targets Egypt)."""
    if target is None or not target.members or source is None:
        return target
    own = source.members or [source]
    mine, codes = {m.country for m in own}, {m.code for m in own}
    # A bare country (or the same actor) the source belongs to is the source again; the
    # government of one's own country seen by its rebels is not ("rebels will release the PM").
    rest = [m for m in target.members
            if not (m.country in mine and (not m.sectors or m.code in codes))]
    if len(rest) == len(target.members):
        return target
    if not rest:
        return None
    return rest[0] if len(rest) == 1 else Actor.compound(rest)


def _self_directed(source: Actor | None, target: Actor | None, tok: Token | None) -> bool:
    """A target that is only the source again: the same actor, or a pronoun or a thing owned
    by a pronoun that points back to the source's country ("Czechia upgraded its ties")."""
    if source is None or target is None:
        return False
    if target.code and target.code == source.code:
        return True
    if tok is None or target.country not in {m.country for m in (source.members or [source])}:
        return False
    return tok.pos_ == "PRON" or any(c.dep_ == "poss" and c.pos_ == "PRON"
                                     for c in tok.children)


def _home_policy(source: Actor | None, target: Actor | None, code: str) -> bool:
    """A promise or statement about one's own country is no event towards it: "the Serbian
    president promised to democratize Serbia" has no target."""
    return code[:2] in ("03", "04", "05") and source is not None and target is not None \
        and not target.sectors and not target.members and target.country == source.country


def _own_organ(source: Actor | None, target: Actor | None, code: str, is_obj: bool) -> bool:
    """The source's own state organs as what a cooperative or posture act moves: troops sent
    (the object, or a force they join), officials dispatched, forces put on alert."""
    if source is None or target is None:
        return False
    if target.members:  # "patrols by police and soldiers"
        return all(_own_organ(source, m, code, is_obj) for m in target.members)
    if not target.sectors or target.country != source.country:
        return False
    organs = STATE_ORGANS if is_obj or code[:2] == "15" else {"MIL"}  # "patrols by police"
    return set(target.sectors) <= organs and (code[:2] in COOPERATIVE_ROOTS or code[:2] == "15")


def _without_protest_topics(cands: list[Candidate]) -> list[Candidate]:
    """The demand a protest is about is not an event of its own (PLOVER manual, PROTEST):
    "students staged demonstrations to demand reforms" is one PROTEST, not also a REQUEST."""
    protests = [c for c in cands if c.code.startswith("14")]
    if not protests:
        return cands

    def topic(c: Candidate) -> bool:
        if not c.code.startswith(("10", "02")):
            return False
        return any(p.token.is_ancestor(c.token) or p.token in c.token.ancestors
                   or (c.source is not None and p.source is not None
                       and c.source.country == p.source.country) for p in protests)

    return [c for c in cands if not topic(c)]


def _doers(n: Token) -> list[Token]:
    """The `by` object of an act noun, or the agent of a participle on it ("crimes committed
    by Croat forces")."""
    found = [o for lemma, o in prep_objects(n) if lemma == "by"]
    found += [o for c in n.children if c.dep_ == "acl" and c.tag_ == "VBN"
              for lemma, o in prep_objects(c) if lemma == "by"]
    return found


def _that_clauses(t: Token) -> list[Token]:
    """Clauses introduced by "that" on the trigger's object or prepositional objects."""
    nouns = [o for o in (first_child(t, *OBJ),) if o is not None] + [o for _, o in prep_objects(t)]
    return [c for n in nouns for c in n.children
            if c.dep_ == "acl" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]


def _known(a: Actor | None) -> bool:
    return a is not None and bool(a.country or a.code)


class SentenceCoder(ModalityRules, TriggerFilters):
    """Codes the events of sentences of one document (holds the document's actor resolver)."""

    def __init__(self, acts, lexicon: Lexicon | None = None, frames: Frames | None = None):
        self.acts = acts
        self.lex = lexicon or load_lexicon()
        self.frames = frames or load_frames()
        self._lookups: dict[int, tuple[Entry, Features] | None] = {}  # per token of this doc

    # -- features and matching -------------------------------------------------------------
    def _actor(self, t: Token | None, loose: bool = False) -> Actor | None:
        if t is None:
            return None
        return self.acts.resolve(t, loose=loose)

    def _infinitive_subject(self, t: Token) -> tuple[Token, Token] | None:
        """The small parser often reads "allowed the opposition to hold a rally" as a to-clause
        with its own subject; for an object-control verb that subject is the object. Gives
        (subject, clause verb)."""
        if t.pos_ != "VERB" or not self.frames.is_("object_control", t.lemma_.lower()):
            return None
        for c in dep_children(t, "ccomp"):
            subj = first_child(c, "nsubj")
            if subj is not None and is_infinitive(c):
                return subj, c
        return None

    def _object(self, t: Token) -> Token | None:
        obj = object_of(t)
        if obj is None and (repaired := self._infinitive_subject(t)) is not None:
            return repaired[0]
        return obj

    def features(self, t: Token) -> Features:
        f = Features()
        repaired = self._infinitive_subject(t)
        obj = object_of(t)
        if obj is None and repaired is not None:
            obj = repaired[0]  # as `_object` gives it, with the repair looked up once
        if obj is not None:
            f.obj = {obj.lemma_.lower()} | {c.lemma_.lower() for c in obj.children
                                             if c.dep_ == "compound"}
            f.obj_actor = self._actor(obj) is not None
            f.obj_ent = {obj.ent_type_.lower()} if obj.ent_type_ else set()
            outer = object_of(t, through_quantity=False)
            if outer is not None and outer.i != obj.i:
                f.obj.add(outer.lemma_.lower())  # "expelled thousands of X" keeps "thousand"
            for c in obj.children:  # "air strikes" are airstrikes, "war games" no war
                closed = f"{c.lemma_.lower()}{obj.lemma_.lower()}"
                if c.dep_ == "compound" and self.frames.is_("closed_compounds", closed):
                    f.obj = (f.obj - {obj.lemma_.lower(), c.lemma_.lower()}) | {closed}
        preps = list(prep_objects(t))
        # Prepositions on the object count too: "launched a strike on rebel positions".
        on_obj = prep_objects(obj) if obj is not None and t.pos_ == "VERB" else ()
        f.prep = {lemma for lemma, _ in preps} | {lemma for lemma, _ in on_obj}
        f.pobj = {w.lemma_.lower() for _, o in preps
                  for w in (o, *(c for c in o.children if c.dep_ == "compound"))}
        if self.lex.wants_prep_actor:
            f.prep_actor = {lemma for lemma, o in preps if self._actor(o) is not None}
        # A bare preposition with no object acts as a particle ("pulled out of"), and so does
        # the "out" of "out of" ("forced the agency out of the country").
        f.prt = {c.lower_ for c in t.children if c.dep_ == "prt"
                 or (c.dep_ == "prep" and c.lower_ in PARTICLES and prep_object(c) is None)
                 or (c.dep_ == "prep" and c.lower_ == "out"
                     and any(g.lower_ == "of" for g in c.children))}
        f.xcomp = {c.lemma_.lower() for c in t.children if c.dep_ == "xcomp"}
        if repaired is not None:
            f.xcomp.add(repaired[1].lemma_.lower())
        if obj is not None and not f.xcomp and self.frames.is_("object_control", t.lemma_.lower()):
            # "allow refugees who have lived in Iraq for a decade to return": the parser hangs
            # the to-clause on the relative clause.
            f.xcomp = {c.lemma_.lower() for r in dep_children(obj, "relcl")
                       for c in dep_children(r, "advcl")
                       if is_infinitive(c)}
        f.ccomp = any(c.dep_ == "ccomp" for c in t.children)
        if t.lemma_.lower() in self.lex.subj_ent_lemmas \
                and (doer := self.agent_token(t)) is not None and doer.ent_type_:
            f.subj_ent = {doer.ent_type_.lower()}
        return f

    def lookup(self, t: Token) -> tuple[Entry, Features] | None:
        """The best lexicon entry for trigger `t`, no-event patterns included (cached per token:
        one coder serves one document)."""
        if t.i in self._lookups:
            return self._lookups[t.i]
        kind = "verb" if t.pos_ == "VERB" else "noun" if t.pos_ in ("NOUN", "PROPN") else None
        lemma = t.lemma_.lower()
        found = None
        if kind is not None and self.lex.has(kind, lemma):
            f = self.features(t)
            entry = self.lex.match(kind, lemma, f)
            found = (entry, f) if entry else None
            named = dep_children(t, "dobj")  # an object and its predicate: "called it a joke"
            if kind == "verb" and self.frames.is_("naming_verbs", lemma) and named and (
                    len(named) > 1 or any(c.dep_ == "oprd" for c in t.children)):
                found = (NAMING, f)  # "called the attack a violation": naming, not a call
        self._lookups[t.i] = found
        return found

    def match(self, t: Token) -> tuple[Entry, Features] | None:
        """The event pattern trigger `t` matches, or None (no entry, or a no-event pattern)."""
        m = self.lookup(t)
        return m if m is not None and m[0].is_event else None

    # -- arguments -------------------------------------------------------------------------
    def agent_token(self, v: Token, depth: int = 0) -> Token | None:
        """The token heading the doer of verb or noun `v`, following the parse upwards."""
        if depth > 6:
            return None
        if v.pos_ in ("NOUN", "PROPN"):
            return self._noun_agent(v, depth)
        for c in v.children:
            if c.dep_ in ("nsubj", "csubj"):
                if c.tag_ == "WDT" or c.lower_ in ("who", "which", "that"):
                    return v.head if v.dep_ == "relcl" else None
                return c
            if c.dep_ == "agent":
                obj = prep_object(c)
                if obj is not None:
                    return obj
        if is_passive(v):
            # "Israel is opposed to ...", "is committed to ...": a state, its subject the holder.
            stative = self.frames.is_("stative_participles", v.lemma_.lower())
            agentless = first_child(v, "agent") is None
            return first_child(v, "nsubjpass") if stative and agentless else None
        for c in v.children:  # the small parser sometimes makes a verb's subject a "compound"
            if c.dep_ in ("compound", "npadvmod") and c.i < v.i and c.pos_ == "PROPN":
                return c
        h = v.head
        if h is v:
            return None
        if v.dep_ == "relcl":
            return h
        if v.dep_ in ("acomp", "attr") or (v.pos_ == "ADJ" and v.dep_ in ("ccomp", "advcl")):
            return self.agent_token(h, depth + 1)
        if v.dep_ in ("conj", "advcl", "xcomp"):
            if v.dep_ == "xcomp" and self.frames.is_("object_control", h.lemma_.lower()):
                obj = first_child(h, *OBJ)
                if obj is not None:
                    return obj
            return self.agent_token(h, depth + 1)
        if v.dep_ == "pcomp" and h.dep_ == "prep":
            g = h.head
            if self.frames.is_("object_control", g.lemma_.lower()):
                obj = first_child(g, *OBJ)
                if obj is not None:
                    return obj
            return self.agent_token(g, depth + 1)
        if v.dep_ == "acl" and h.pos_ in ("NOUN", "PROPN") and v.tag_ != "VBN":
            return self._noun_agent(h, depth + 1)
        return None

    def _noun_agent(self, n: Token, depth: int) -> Token | None:
        for c in n.children:
            if c.dep_ == "poss":
                return c
        for lemma, obj in prep_objects(n):
            if lemma == "by":
                return obj
        for c in n.children:
            if c.dep_ in ("compound", "amod", "nmod") and self._actor(c) is not None:
                return c
        for c in n.children:  # "Palestinian riots", "the Iraqi invasion": a country's people
            if c.dep_ in ("compound", "amod", "nmod") and c.i < n.i \
                    and self._actor(c, loose=True) is not None:
                return c
        h = n.head
        if n.dep_ in OBJ and h.pos_ == "VERB":
            return self.agent_token(h, depth + 1)
        if n.dep_ == "pobj" and h.head.pos_ == "VERB" \
                and self.frames.is_("participation_verbs", h.head.lemma_.lower()):
            return self.agent_token(h.head, depth + 1)  # "forces engaged in ethnic cleansing"
        if n.dep_ == "pobj" and h.head.pos_ == "VERB" and h.lower_ in ("to", "for"):
            return None
        return None

    def target_of(self, t: Token, entry: Entry, src: Token | None,
                  source: Actor | None = None) -> tuple[Actor | None, Token | None]:
        """The target actor by the entry's preference list; strict actors before loose ones.
        Candidates that only point back to the source ("withdrew its troops") are skipped, and
        so are the source's own forces or officials that a cooperative act moves ("France will
        contribute troops to the force in Liberia")."""
        obj = self._object(t)
        if obj is None and t.pos_ == "VERB":
            # "denounced as an ugly crime Serbia's suppression of ...": the object after the
            # "as" phrase, which the parser hangs on it as an appositive
            obj = next((a for lemma, o in prep_objects(t) if lemma == "as"
                        for a in o.children if a.dep_ == "appos" and a.i > o.i), None)
        places: list[tuple[str, Token]] = []
        for pref in entry.target:
            if pref == "obj" and obj is not None:
                places.append((pref, obj))
            elif pref == "iobj":
                places.extend(("iobj", c) for c in dep_children(t, "dative") if c.pos_ != "ADP")
            elif pref == "obj_origin" and obj is not None:
                places.append((pref, obj))
            elif pref.startswith("prep:"):
                want = pref[5:]
                for h in prep_heads(t, obj):
                    places.extend((pref, o) for lemma, o in prep_objects(h) if lemma == want)
        places = [(p, tok) for p, tok in places if tok is not src]
        # The possessor of a non-actor object is a target too ("welcomed Reagan's statement").
        owners = [("poss", c) for p, tok in places if p == "obj" for c in tok.children
                  if c.dep_ == "poss" and c is not src]
        # And the actor an object belongs to ("support the rights of Palestinians").
        owners += [("of", o) for p, tok in places[:1] if p == "obj"
                   for lemma, o in prep_objects(tok) if lemma == "of" and o is not src]
        # And the doer of an act that is the object ("investigating crimes by extremists",
        # "an inquiry into killings committed by the army", "welcomed the release by Israel").
        owners += [("agent", a) for p, tok in places if p in ("obj", "prep:into")
                   for a in _doers(tok) if a is not src]
        # So is a nationality on the first place ("agreed to US mediation", "rejected the
        # Senegalese plan"), before actors named further away.
        owners += [("modifier", c) for p, tok in places[:1] for c in tok.children
                   if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i and c is not src
                   and (c.pos_ == "PROPN" or c.ent_type_ in ("NORP", "GPE"))]
        # Whoever made a proposal is the target of its acceptance or rejection ("rejected an
        # offer from Kabul", "accepted a plan by the UN").
        owners += [("proposer", o) for p, tok in places if p == "obj"
                   and self.frames.is_("proposal_nouns", tok.lemma_.lower())
                   for lemma, o in prep_objects(tok) if lemma in ("from", "by") and o is not src]
        ordered = places[:1] + owners + places[1:]
        # Actors first, in preference order; "against", "over" and "about" name the target even
        # through a thing ("against the US move", "over Israeli raids"); then countries named on
        # things.
        for loose in (False, True):
            for p, tok in ordered:
                if p == "obj_origin" and not loose:
                    continue
                through_thing = p in ("prep:against", "prep:over", "prep:about", "modifier")
                actor = _others(self._actor(tok, loose=loose or through_thing), source)
                if actor is not None and not _self_directed(source, actor, tok) \
                        and not _own_organ(source, actor, entry.code, p == "obj"):
                    return actor, tok
        return None, None

    # -- events ----------------------------------------------------------------------------
    def _mood_of(self, frame: Token) -> str | None:
        lemma = frame.lemma_.lower()
        if frame.pos_ == "ADJ":
            return "intent" if self.frames.is_("intent_adjs", lemma) else None
        kind = "verbs" if frame.pos_ in ("VERB", "AUX") else "nouns"
        for mood in MOODS:
            if self.frames.is_(f"{mood}_{kind}", lemma):
                return mood
        return None

    def _frame_of(self, t: Token) -> Token | None:
        """The intent/threat/request/refusal word whose complement `t` is, if any."""
        if t.dep_ in ("xcomp", "acl", "ccomp", "advcl") and t.head is not t:
            h = t.head
            if t.dep_ in ("ccomp", "acl") and h.pos_ == "NOUN" and self._that_clause(t) \
                    and self._mood_of(h) in ("request", "threat"):
                return h  # "its demand that Israel ease restrictions"
            if t.dep_ in ("ccomp", "advcl") and h.pos_ != "VERB":
                return None
            if t.dep_ == "ccomp" and self._mood_of(h) in ("request", "threat") \
                    and not self.frames.is_("say", h.lemma_.lower()):
                return h  # "demanded that the US cancel the sale" (not "told AFP that ...")
            noun = first_child(h, "dobj")
            if t.dep_ == "ccomp" and noun is not None and self._that_clause(t) \
                    and self._mood_of(noun) in ("request", "threat") \
                    and self._voices_request(h):
                return noun  # "repeated its demand that Israel ease ...", clause on the verb
            if t.dep_ == "ccomp" and self._mood_of(h) == "intent" and any(
                    c.dep_ == "aux" and c.lower_ in INTENT_AUX for c in t.children):
                return h  # "agreed that their countries should cooperate"
            if is_infinitive(t) or t.dep_ == "xcomp":
                if self._mood_of(h):
                    return h
                if h.dep_ in ("xcomp", "advcl") and h.pos_ == "VERB" and self.match(h) is None:
                    return self._frame_of(h)  # "is willing to send material to help defend X"
                return None
        if t.dep_ == "conj" and t.pos_ == "VERB" and t.head.pos_ == "VERB" \
                and t.head.dep_ in ("xcomp", "ccomp"):
            return self._frame_of(t.head)  # "threatened to invade and annex", same frame
        if t.pos_ in ("NOUN", "PROPN") and t.dep_ in OBJ and t.head.dep_ == "xcomp" \
                and self.match(t.head) is None:
            return self._frame_of(t.head)  # "promised to continue military aid to X"
        if t.dep_ == "pcomp" and t.head.dep_ == "prep" and t.head.lower_ in ("against", "from"):
            g = t.head.head
            if self.frames.is_("threat_verbs", g.lemma_.lower()):
                return g
        return None

    def _voices_request(self, v: Token) -> bool:
        """A verb that voices its request object ("repeated its demand"), not one that acts on
        it ("rejected the demand that ...")."""
        m = self.match(v)
        return m is None or m[0].code[:2] in ("02", "10")

    def _framed_code(self, entry: Entry, frame: Token, mood: str, negated: bool,
                     sent: Span) -> tuple[str, str, bool, str]:
        """Code, rule, negation and modality of an act embedded under an intent, threat,
        request or refusal frame ("threatened to strike", "urged X to release")."""
        code, rule = entry.code, entry.rule
        frame_match = self.match(frame)
        if mood == "request" and frame_match and frame_match[0].code.startswith("02"):
            mood = "appeal"
        for words, table, frame_mood in (("attempt_words", "attempt", "intent"),
                                         ("decision_words", "decision", "intent"),
                                         ("command_words", "command", "request")):
            if mood == frame_mood and self.frames.is_(words, frame.lemma_.lower()):
                found, recoded = self.frames.recode(table, code)
                if found:  # "tried to storm the building", "decided to expel": the act
                    rule = f"{rule}+mood:{table}:{frame.lemma_.lower()}"
                    return (recoded or code, rule, negated or self.negated(frame),
                            self.modality(frame, sent))
        if mood == "intent" and frame.pos_ == "VERB" \
                and self.frames.is_("preparation_verbs", frame.lemma_.lower()):
            found, recoded = self.frames.recode("prepare", code)
            if found and recoded:  # "the army prepared to resume shelling": readiness, no threat
                return (recoded, f"{rule}+mood:prepare:{frame.lemma_.lower()}",
                        negated or self.negated(frame), self.modality(frame, sent))
        found, recoded = self.frames.recode(mood, code)
        if found and recoded:
            code = recoded
        elif not found and frame_match is not None:
            code = frame_match[0].code  # e.g. "threatened to do something uncoded"
        elif not found and mood == "request":
            code = OBLIGATION.code  # "said that Y must ..." with no request verb
        rule = f"{rule}+mood:{mood}:{frame.lemma_.lower()}"
        negated = negated or self.negated(frame)
        modality = "intended" if mood == "intent" else self.modality(frame, sent)
        if negated and mood == "intent":
            code = entry.code  # "did not agree to withdraw": refuse the embedded act
        return code, rule, negated, modality

    def _tensed_code(self, t: Token, code: str, rule: str,
                     modality: str) -> tuple[str, str, str]:
        """A conditional future is an ultimatum (13x); a plain future act a statement of intent
        (03x) or a threat (13x), as CAMEO codes them."""
        condition = self._conditioned(t)
        if modality in ("intended", "hypothetical") and condition:
            if code[:2] in COOPERATIVE_ROOTS and condition == "if":
                # "would meet the mediator if he gave them a veto": a conditional offer.
                found, recoded = self.frames.recode("intent", code)
                return (recoded or code) if found else code, \
                    f"{rule}+conditional:intent", "intended"
            # "will halt mediation unless ...", "may impose sanctions if ...": an ultimatum.
            found, recoded = self.frames.recode("threat", code)
            return (recoded if found and recoded else THREAT.code,
                    f"{rule}+conditional:threat", "intended")
        if modality == "intended":
            for kind in ("intent", "threat"):
                found, recoded = self.frames.recode(kind, code)
                if found:
                    return recoded or code, f"{rule}+future:{kind}", modality
        return code, rule, modality

    def _condition_subject(self, t: Token, source: Actor | None
                           ) -> tuple[Actor | None, Token | None]:
        """The subject of the if/unless clause that a threat or ultimatum hangs on."""
        for node in [*dep_children(t, "xcomp"), t, *t.ancestors]:
            for c in node.children:
                if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless")
                                             for m in c.children):
                    actor, tok = self._strict(first_child(c, "nsubj", "nsubjpass"))
                    if actor is not None and not _self_directed(source, actor, tok) \
                            and (source is None or actor.code != source.code):
                        return actor, tok
            if self.frames.is_("say", node.lemma_.lower()):
                break
        return None, None

    @staticmethod
    def _that_clause(t: Token) -> bool:
        """A finite complement clause with a subject of its own ("that Israel ease ...")."""
        return any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children) \
            and not is_infinitive(t)

    def _obligation_frame(self, t: Token) -> Token | None:
        """The speech verb or noun whose clausal complement `t` states an obligation ("said
        Iraq must comply", "a stern reminder to Iraq that it must cooperate")."""
        if t.dep_ not in ("ccomp", "acl") or t.pos_ not in ("VERB", "AUX"):
            return None
        if not any(c.dep_ == "aux" and c.lower_ in OBLIGATION_AUX for c in t.children):
            return None
        h = t.head
        if h.pos_ == "NOUN":
            return h if self.frames.is_("speech_nouns", h.lemma_.lower()) else None
        if t.dep_ != "ccomp":
            return None
        speech = self.frames.is_("say", h.lemma_.lower())
        return h if speech or self._mood_of(h) in ("request", "threat") else None

    def code_sentence(self, sent: Span) -> list[Candidate]:
        matched: dict[int, tuple[Entry, Features]] = {}
        for t in sent:
            m = self.match(t)
            if m is not None:
                matched[t.i] = m
        out: list[Candidate] = []
        consumed: set[int] = set()
        # Embedded events under a frame first: they take over the frame's own event.
        plan: list[tuple[Token, Entry, Token | None, str | None]] = []
        for i, (entry, _f) in matched.items():
            t = sent.doc[i]
            frame = self._frame_of(t)
            mood = self._mood_of(frame) if frame is not None else None
            outer = self._frame_of(frame) if mood == "refuse" else None
            if outer is not None and self._mood_of(outer) in ("request", "threat"):
                # "demanded that its partners refuse to recognize X": no refusal happens; the
                # refusal is what is demanded, of the refusing clause's subject.
                if frame.i not in matched:
                    plan.append((frame, OBLIGATION, outer, self._mood_of(outer)))
                consumed.add(outer.i)
                continue
            if frame is None and (duty := self._obligation_frame(t)) is not None:
                frame, mood = duty, "request"
            elif frame is not None and frame.pos_ == "ADJ" and frame.dep_ == "acomp" \
                    and (duty := self._obligation_frame(frame.head)) is not None:
                frame, mood = duty, "request"  # "said the US must be ready to mediate"
            plan.append((t, entry, frame, mood))
            if frame is not None and mood is not None:
                consumed.add(frame.i)
                if frame.head.i == t.head.i and frame.pos_ == "NOUN":
                    consumed.add(t.head.i)  # "repeated its call that ...": one request
        for t in sent:
            # "X said that Y must drop its barriers": a demand even when the act is uncoded.
            frame = self._obligation_frame(t) if t.i not in matched else None
            if frame is not None and frame.i not in consumed:
                plan.append((t, OBLIGATION, frame, "request"))
                consumed.add(frame.i)
        for t, entry, frame, mood in sorted(plan, key=lambda p: p[0].i):
            if t.i in consumed:
                continue
            if self._carried_by_verb(t, matched) or self._background(t) \
                    or self._inside_proposal(t, matched):
                continue
            cand = self._candidate(t, entry, frame, mood, sent)
            if cand is not None:
                out.append(cand)
        return _without_protest_topics(out)

    def _candidate(self, t: Token, entry: Entry, frame: Token | None, mood: str | None,
                   sent: Span) -> Candidate | None:
        partner = None
        if entry.code == "150" and entry.obj & self.frames.words.get("exercise_words", set()):
            joint, partner = self._joint_partner(t)
            if joint:  # PLOVER: joint military operations are COOPERATE, one country's MOBILIZE
                entry = replace(entry, code="062", rule=f"{entry.rule}+joint")
        if entry.code == "042" and (forces := self._arriving_forces(t)) is not None:
            if forces == "forces":
                return None  # "Russian troops arrived in Syria" is no visit
            # Peacekeepers arriving: military protection or peacekeeping is provided (074).
            entry = replace(entry, code="074", rule=f"{entry.rule}+peacekeepers")
        code, rule, tokens = entry.code, entry.rule, [t]
        modality = self.modality(t, sent)
        negated = self.negated(t)
        framed = frame is not None and mood is not None
        if framed:
            code, rule, negated, modality = self._framed_code(entry, frame, mood, negated, sent)
            tokens = [frame, t]
        perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in t.children)
        if negated and code[:2] in COOPERATIVE_ROOTS and not perfect:
            # "will not accept refugees", "would not meet their demands": a refusal (12x);
            # "has never worked with him" tells history, not a refusal.
            found, recoded = self.frames.recode("refuse", code)
            code = recoded if found and recoded else REFUSAL.code
            rule, negated = f"{rule}+negated:reject", False
            modality = "asserted" if modality == "intended" else modality  # refusing is an act
        elif not framed:
            code, rule, modality = self._tensed_code(t, code, rule, modality)
        if self.frames.is_("undergo_verbs", t.lemma_.lower()):
            return self._undergone(t, entry, code, rule, negated, modality, sent)
        src_tok = self.agent_token(frame if frame is not None and mood else t)
        if src_tok is None and frame is not None:
            src_tok = self.agent_token(t)
        if src_tok is None and code.startswith("14") and t.dep_ == "pobj" \
                and t.head.dep_ == "prep" and t.head.head.pos_ == "VERB" \
                and not self.frames.is_("background_preps", t.head.lower_):
            src_tok = self.agent_token(t.head.head)  # "thousands gathered for a rally"
        if self._natural_cause(t, src_tok):
            return None
        source = self._actor(src_tok) if src_tok is not None else None
        if source is None and src_tok is not None and "+peacekeepers" in rule:
            src_tok = next((o for lemma, o in prep_objects(src_tok) if lemma == "of"), src_tok)
            source = self._actor(src_tok)  # "the first deployment of NATO peacekeepers"
        strict_source = source is not None
        if source is None and src_tok is not None:
            source = self._actor(src_tok, loose=True)  # "Russian missiles hit Kyiv"
        if source is None and is_passive(t) and first_child(t, "agent") is None:
            src_tok = self._reporter(t)  # not "was damaged by the fire, authorities said"
            source = self._actor(src_tok) if src_tok is not None else None
        if source is None and is_passive(t) and code.startswith("17"):
            # "Brunson has been held in Turkey": the authorities of the place detain.
            src_tok = next((o for lemma, o in prep_objects(t) if lemma == "in"), None)
            place = self._actor(src_tok) if src_tok is not None else None
            source = place if place is not None and place.country == place.code else None
        target, tgt_tok = None, None
        if frame is not None and mood in ("threat", "request") and \
                self.frames.is_("object_control", frame.lemma_.lower()):
            target, tgt_tok = self._strict(first_child(frame, *OBJ))
        if target is None and frame is not None and mood == "request":
            target, tgt_tok = self._addressee(frame, source)  # "called on Azerbaijan to ..."
        clause = t.head.head if t.dep_ == "xcomp" and t.head.dep_ == "acomp" else t
        if target is None and frame is not None and clause.dep_ in ("ccomp", "acl"):
            target, tgt_tok = self._strict(first_child(clause, "nsubj", "nsubjpass"))
            if _self_directed(source, target, tgt_tok):
                target, tgt_tok = None, None
        if target is None and partner is not None:
            target, tgt_tok = self._actor(partner, loose=True), partner
        if target is None:
            target, tgt_tok = self.target_of(t, entry, src_tok, source)
        if target is None:
            # "demanded that the DPRK forsake its programme": the complement's subject; so is
            # a demand noun's ("insisted on its demands that Burundi's government grant ...").
            for c in dep_children(t, "ccomp") + (_that_clauses(t) if code[:2] in ("02", "10")
                                                  else []):
                target, tgt_tok = self._strict(first_child(c, "nsubj"))
                if target is not None:
                    break
        if target is None and self._mood_of(t) is not None:
            # "threatened to cut off electricity to Nakhichevan": the uncoded complement's target.
            for x in dep_children(t, "xcomp"):
                target, tgt_tok = self.target_of(x, entry, src_tok, source)
                if target is not None:
                    break
        if target is None and code.startswith("13"):
            # "threatened to strike unless Israel rescinded ...": who must meet the condition.
            target, tgt_tok = self._condition_subject(t, source)
        if _self_directed(source, target, tgt_tok) or _home_policy(source, target, code):
            target, tgt_tok = None, None
        if not (_known(source) or _known(target)):
            return None  # no side is a known political actor (e.g. two sports clubs)
        if code.startswith("03") and entry.specificity == 0 and frame is None and not any(
                c.dep_ in ("dobj", "xcomp", "ccomp", "prep", "dative") for c in t.children):
            return None  # "the governor agreed, saying ...": agreeing with a view, no promise
        if target is None and entry is OBLIGATION:
            return None  # "we must do more", "people must know": nobody is asked anything
        if target is None and self.frames.is_("needs_target", code):
            return None  # a visit with nowhere to go ("returned to Beijing" after self-targets)
        if not (strict_source and _known(source)) and self.frames.is_("needs_source", code[:2]):
            return None  # "the Turkish team arrived in Madrid" is no visit
        if source is None and t.pos_ in ("NOUN", "PROPN") and frame is None:
            return None  # a nominal event nobody does ("threats to national security")
        tokens += [c for c in t.children if c.dep_ == "prt"]
        if source is not None and target is not None and self.frames.is_("reciprocal", code):
            # "Blinken telephoned Lavrov", "held talks with": all sides are actors, no
            # recipient (PLOVER manual, compound and reciprocal actors; CONSULT).
            source = Actor.compound([*(source.members or [source]), *(target.members or [target])])
            target, tgt_tok, rule = None, None, f"{rule}+reciprocal"
        return Candidate(token=t, tokens=tokens, code=code, rule=rule, source=source,
                         target=target, negated=negated, modality=modality,
                         specificity=entry.specificity, source_token=src_tok,
                         target_token=tgt_tok)

    def _addressee(self, frame: Token, source: Actor | None
                   ) -> tuple[Actor | None, Token | None]:
        """Who a request is addressed to: "to X" or "on X" on the request word or on the verb
        that delivers it ("called on Azerbaijan to ...", "sent a reminder to Serbia that ...")."""
        nodes = [frame] + ([frame.head] if frame.pos_ == "NOUN" and frame.dep_ in OBJ else [])
        cands = [o for node in nodes for lemma, o in prep_objects(node) if lemma in ("to", "on")]
        # "demanded a meeting of the UN Security Council to discuss ...": the body asked to meet
        obj = first_child(frame, *OBJ)
        if obj is not None and self.frames.is_("topic_nouns", obj.lemma_.lower()):
            cands += [o for lemma, o in prep_objects(obj) if lemma == "of"]
        for o in cands:
            actor, tok = self._strict(o)
            if actor is not None and not _self_directed(source, actor, tok):
                return actor, tok
        return None, None

    def _undergone(self, t: Token, entry: Entry, code: str, rule: str, negated: bool,
                   modality: str, sent: Span) -> Candidate | None:
        """ "The convoy came under fire from rebels": rebels act on the convoy."""
        tgt_tok = first_child(t, "nsubj")
        src_tok = next((o for h in prep_heads(t, None) for lemma, o in prep_objects(h)
                        if lemma in ("from", "by")), None)  # "under fire from rebels"
        target = self._actor(tgt_tok, loose=True) if tgt_tok is not None else None
        source = self._actor(src_tok) if src_tok is not None else None
        if not (_known(source) or _known(target)):
            return None
        return Candidate(token=t, tokens=[t], code=code, rule=f"{rule}+undergone", source=source,
                         target=target, negated=negated, modality=modality,
                         specificity=entry.specificity, source_token=src_tok,
                         target_token=tgt_tok)

    def _strict(self, t: Token | None) -> tuple[Actor | None, Token | None]:
        actor = self._actor(t)
        return (actor, t) if actor is not None else (None, None)

    def _reporter(self, t: Token) -> Token | None:
        """For an agentless passive under a speech verb, the speaker ("X said Y will be
        delivered to Z" -> X)."""
        for a in t.ancestors:
            if self.frames.is_("say", a.lemma_.lower()):
                return first_child(a, "nsubj")
        return None
