"""Which matched triggers are no events of their own, and constructions that re-code them.

A mixin of `events.SentenceCoder` (it uses the coder's `frames`, `match`, `agent_token` and
actor lookups): acts in background phrases and clauses, inside proposals or permissions, carried
by another coded verb, or done by disasters and accidents are not coded; arrivals of forces and
joint exercises are recognised for re-coding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from .lexicon import Entry, Features, Frames
from .syntax import OBJ, dep_children, is_passive, prep_objects

if TYPE_CHECKING:
    from ..records import Actor


class TriggerFilters:
    """Background, carried and natural-cause triggers; arriving forces; joint exercises."""

    frames: Frames

    if TYPE_CHECKING:  # provided by SentenceCoder
        def _actor(self, t: Token | None, loose: bool = False) -> Actor | None: ...
        def _object(self, t: Token) -> Token | None: ...
        def agent_token(self, v: Token, depth: int = 0) -> Token | None: ...

    def _background(self, t: Token) -> bool:
        """An event in a background phrase or clause: "after 12 days of battles", "after a coup
        toppled the government", "Montenegro, where 28 people have been killed"."""
        if t.pos_ in ("VERB", "AUX"):
            first = t
            while first.dep_ == "conj" and first.head is not first:
                first = first.head  # "of violating human rights, ignoring international law"
            if first.dep_ == "pcomp" and first.head.lower_ in ("of", "for", "with") and \
                    self.frames.is_("accusation_verbs", first.head.head.lemma_.lower()):
                return True  # "accused the rebels of violating the ceasefire": alleged, not coded
            if t.dep_ == "pcomp" and self.frames.is_("background_preps", t.head.lower_):
                return True  # "before allowing aid convoys in", "after killing two soldiers"
            if first.dep_ == "pcomp" and first.head.lower_ == "in" \
                    and self.frames.is_("share_nouns", first.head.head.lemma_.lower()):
                return True  # "its involvement in killing civilians": referred to, not coded
            if t.dep_ == "amod" or (t.dep_ == "acl" and t.tag_ == "VBN"):
                return True  # "the Israeli-occupied West Bank", "property seized in the 1970s"
            if t.tag_ == "VBN" and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") \
                    and any(c.dep_ == "det" for c in t.children):
                return True  # "evacuated the wounded", "the detained": people, not an act
            if t.dep_ == "acl" and self.frames.is_("topic_nouns", t.head.lemma_.lower()):
                return True  # "negotiations to reduce nuclear weapons": a topic, not an act
            if t.dep_ == "acl" and t.tag_ == "VBG" and self._actor(t.head, loose=True) is None:
                return True  # "the events surrounding his death": no one acts
            if t.dep_ == "advcl":
                return any(c.dep_ == "mark" and self.frames.is_("background_preps", c.lower_)
                           for c in t.children)
            clause = t
            while clause.dep_ in ("ccomp", "conj") and clause.head is not clause:
                clause = clause.head  # "raids in which it said 20 people were killed"
            if clause.dep_ == "relcl":  # "where 28 people were killed", "in which 20 died"
                return any(c.dep_ == "advmod" and c.lower_ in ("where", "when")
                           or c.dep_ == "prep" and any(o.lower_ == "which" for o in c.children)
                           for c in clause.children)
            return False
        if t.pos_ not in ("NOUN", "PROPN"):
            return False
        node = t
        for _ in range(3):  # "after five days of fighting": through "of" phrases
            if node.dep_ != "pobj":
                return False
            prep = node.head
            if self.frames.is_("background_preps", prep.lower_):
                return True
            if self.frames.is_("reaction_nouns", prep.head.lemma_.lower()):
                return True  # "in protest of last week's arrest", "in response to the attack"
            if prep.lower_ == "in" and self.frames.is_("share_nouns", prep.head.lemma_.lower()):
                return True  # "his alleged part in atrocities", "its involvement in killings"
            if prep.lower_ != "of":
                return False
            node = prep.head
        return False

    def _inside_proposal(self, t: Token, matched: dict[int, tuple[Entry, Features]]) -> bool:
        """An act inside a proposal that another event acts on: "rejected a U.S. request to
        interrogate detainees", "rejected an offer to host a summit" — the rejection is the
        event; the interrogation and the summit did not happen."""
        node = t
        for _ in range(4):
            if node.head is node:
                return False
            node = node.head
            if node.pos_ == "NOUN" and self.frames.is_("proposal_nouns", node.lemma_.lower()):
                outer = node.head if node.dep_ in OBJ else (
                    node.head.head if node.dep_ == "pobj" else None)
                return outer is not None and outer.i in matched and outer is not t
        return False

    def _carried_by_verb(self, t: Token, matched: dict[int, tuple[Entry, Features]]) -> bool:
        """A nominal trigger that is the object of another coded trigger adds no event; nor
        does an act that a coded permission allows ("allowed the opposition to hold a rally":
        the permission is the event, the rally has not happened)."""
        if t.dep_ in ("xcomp", "ccomp") and (t.head.i in matched or self._background(t.head)) \
                and self.frames.is_("permission_verbs", t.head.lemma_.lower()):
            return True  # "before allowing aid convoys to feed the hungry": not yet allowed
        if t.pos_ not in ("NOUN", "PROPN"):
            return False
        h = t.head
        if t.dep_ in OBJ or t.dep_ == "nsubjpass":
            return h.i in matched
        if t.dep_ == "pobj" and h.head.i in matched:
            return True
        # "denounced Serbia's suppression of Albanian unrest": the unrest is what is denounced.
        # A statement reports the act ("issued a readout of the call"); it does not act on it.
        outer = matched.get(h.head.head.i) if t.dep_ == "pobj" and h.lower_ == "of" \
            and h.head.dep_ in OBJ else None
        return outer is not None and not outer[0].code.startswith("01")

    def _natural_cause(self, t: Token, doer: Token | None) -> bool:
        """The act's doer is a disaster or an accident ("the quake struck", "hurt in the crash")."""
        causes = [doer] if doer is not None else []
        if is_passive(t):
            causes += [o for lemma, o in prep_objects(t) if lemma in ("in", "by", "during")]
            causes += dep_children(t, "advcl")  # "were killed when a bomber crashed"
        return any(self.frames.is_("natural_causes", c.lemma_.lower()) for c in causes)

    def _arriving_forces(self, t: Token) -> str | None:
        """For an arrival coded as a visit (042): whether its subject is troops ("forces") or
        peacekeepers ("peacekeepers", CAMEO 074); "the first contingent of NATO peacekeeping
        troops" counts through "of"."""
        subj = self.agent_token(t)
        heads = [subj] if subj is not None else []
        heads += [o for h in heads for lemma, o in prep_objects(h) if lemma == "of"]
        for h in heads:
            if any(self.frames.is_("peacekeeping_words", w.lemma_.lower()) for w in
                   (h, *(c for c in h.children if c.dep_ in ("compound", "amod")))):
                return "peacekeepers"
        if any(self.frames.is_("force_words", h.lemma_.lower()) for h in heads):
            return "forces"
        return None

    def _joint_partner(self, t: Token) -> tuple[bool, Token | None]:
        """Whether military exercises are joint ("held joint drills", "Indian and French
        warships launched exercises", "India and France held exercises"), with the second
        party named on the subject's coordinated modifiers, if any."""
        obj = self._object(t)
        if obj is not None and any(c.dep_ in ("amod", "compound") and
                                   self.frames.is_("joint_words", c.lemma_.lower())
                                   for c in obj.children):
            return True, None
        subj = self.agent_token(t)
        if subj is None:
            return False, None
        if any(c.dep_ == "conj" and self._actor(c) is not None for c in subj.children):
            return True, None
        for m in subj.children:
            if m.dep_ in ("amod", "compound", "nmod") and self._actor(m, loose=True) is not None:
                partner = next((c for c in m.children if c.dep_ == "conj"
                                and self._actor(c, loose=True) is not None), None)
                if partner is not None:
                    return True, partner
        return False, None
