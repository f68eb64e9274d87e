"""Negation and modality of a trigger: asserted, reported, intended or hypothetical.

A mixin of `events.SentenceCoder` (it reads the coder's `frames`): questions, conditional marks,
modal and future auxiliaries, and speech verbs above the trigger decide the modality.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .lexicon import Frames

CONDITIONAL_AUX = {"will", "would", "may", "might", "could", "shall", "'ll"}


class ModalityRules:
    """Negation, modality and the if/unless condition of a trigger."""

    frames: Frames

    @staticmethod
    def negated(t: Token) -> bool:
        if any(c.dep_ == "neg" or c.lower_ in ("never",) for c in t.children):
            return True
        if any(c.lower_ == "longer" and any(g.lower_ in ("no", "not") for g in c.children)
               for c in t.children):
            return True  # "will no longer cooperate"
        return any(c.dep_ == "det" and c.lower_ == "no" for c in t.children)

    def modality(self, t: Token, sent: Span) -> str:
        fr = self.frames
        chain = [t] + [a for a in t.ancestors if a.i >= sent.start and a.i < sent.end]
        if sent.text.rstrip().rstrip("\"'”’").endswith("?"):
            return "hypothetical"
        for tok in chain:
            for c in tok.children:
                if c.dep_ == "mark" and fr.is_("conditional_marks", c.lower_):
                    return "hypothetical"
        auxes = {c.lower_ for c in t.children if c.dep_ == "aux"}
        if t.dep_ == "xcomp" or (t.dep_ == "advcl" and "to" in auxes):
            # "will travel to Poland to meet ...": the purpose shares the future
            auxes |= {c.lower_ for c in t.head.children if c.dep_ == "aux"}
        if auxes & fr.words["hypothetical_aux"] - {"would"}:
            return "hypothetical"
        if auxes & (fr.words["future_aux"] | {"would"}) or (
                "going" in auxes and any(c.lower_ == "to" for c in t.children)):
            return "intended"
        for a in chain[1:]:
            if fr.is_("say", a.lemma_.lower()):
                return "reported"
        if "according to" in sent.text.lower():
            return "reported"
        return "asserted"

    def _conditioned(self, t: Token) -> str | None:
        """The mark ("if" or "unless") of the condition a future or possible act of `t` is made
        to depend on ("will withdraw unless ...", "may halt mediation if ..."), or None."""
        if not any(c.dep_ == "aux" and c.lower_ in CONDITIONAL_AUX for c in t.children):
            return None
        for c in t.children:
            if c.dep_ == "advcl" and any(m.dep_ in ("nsubj", "nsubjpass") for m in c.children):
                for m in c.children:  # a subject of its own: not "if confirmed"
                    if m.dep_ == "mark" and m.lower_ in ("if", "unless"):
                        return m.lower_
        return None
