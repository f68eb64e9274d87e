"""The learned coder: candidates from the parse, learned scorers, a few decisions.

Trained on annotated real news (`tacitus.train_news`, `make train`), stored in `data/coder/`:

- `triggers`: a multinomial logistic model over trigger candidates (`coding.candidates`):
  "none" or a CAMEO code. The lexicon's code and the pattern coder's event are among its
  features, so the rules propose and the model decides.
- `sources` and `targets`: logistic models over (trigger, mention) pairs: is this mention's
  country the source, or a target, of the event?

The accurate coder (`data/coder-accurate/`) blends in a fine-tuned MiniLM tagger
(`coding.tagger`): its root probabilities, and the source and target probabilities of its pair
head, are mixed with the linear scorers' (`blend`, `side_blend`). A separate side tagger
(design D) plays the pair head's part where an artefact has one.

Decisions (`LearnedCoder.code_sentence`):

- a candidate whose most probable event root clears the trigger threshold is an event of that
  root's most probable code; its sources and targets are the mentions above their thresholds,
  best first, one per country (several make a compound actor: one event per country pair);
- an event whose trigger is the object of another event's trigger is part of that event's
  phrase, unless the other is a statement about an act (`_without_phrase_parts`);
- one rule stands beside the model: a pattern event whose source and target the rules both
  found is kept as it is, and its words are no triggers of their own (`_complete`), if its
  lexicon rule has earned it on the training documents (`rules.json`: how often the rule's
  complete events were right and wrong there; `rule_trust` is the smoothed share of right ones
  a rule needs). A rule with no record there keeps the lexicon's word: the training text never
  showed whether it is right (`trusted`).

Negation and modality come from the same rules as the pattern coder's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
from spacy.tokens import Span, Token

from ..codebook import data_path
from ..records import Actor
from .candidates import (
    DocumentMentions,
    Mention,
    SentenceView,
    argument_roles,
    mention_features,
    trigger_candidates,
    trigger_features,
)
from .events import Candidate, SentenceCoder
from .model import NONE, EventModel
from .tagger import SideTagger, Tagger
from .vectors import VectorFn, vectors

MAX_SIDES = 6
PHRASE_DEPS = ("dobj", "nsubjpass", "attr", "oprd", "compound")
STATEMENT_ROOTS = {"01", "02", "10", "11", "12"}  # comment, appeal, demand, disapprove, reject
RELATIVE = 0.5  # a further side scores at least this share of the best side's probability
YES = "yes"


class _Decided(NamedTuple):
    """A trigger the scorers made an event, before its sides are chosen."""

    token: Token
    code: str
    p: float


@dataclass
class LearnedCoder:
    triggers: EventModel
    sources: EventModel
    targets: EventModel
    version: str
    trigger_threshold: float
    source_threshold: float
    target_threshold: float
    complete_rules: bool = True  # a rule's event with both sides found stands as it is
    rule_record: dict[str, tuple[int, int]] = field(default_factory=dict)  # right, wrong
    rule_trust: float = 0.0  # the smoothed share of right events a rule with a record needs
    vectors: str = "tok2vec"  # token vectors a trigger scorer with dense weights reads
    vector_fn: VectorFn | None = None  # overrides the vectors' shared function (training)
    tagger: Tagger | None = None  # a fine-tuned tagger whose root probabilities are blended in
    blend: float = 0.0  # the tagger's weight in the blend
    side_tagger: SideTagger | Tagger | None = None  # fine-tuned sides blended into the linear
    side_blend: float = 0.0

    @staticmethod
    @cache
    def load(name: str = "coder") -> LearnedCoder | None:
        """A bundled coder (cached): `coder` (the default) or `coder-accurate`; None when the
        artefact is not installed."""
        return LearnedCoder.from_dir(data_path(name))

    @staticmethod
    def from_dir(folder: Path) -> LearnedCoder | None:
        card = folder / "coder.json"
        if not card.is_file():
            return None
        meta = json.loads(card.read_text(encoding="utf-8"))
        parts = {name: EventModel.from_dir(folder / name)
                 for name in ("triggers", "sources", "targets")}
        if any(m is None for m in parts.values()):
            return None
        th = meta["thresholds"]
        tagger = Tagger.from_dir(folder / "tagger") if meta.get("tagger") else None
        sides: SideTagger | Tagger | None = None  # a tagger with a pair head gives both
        if meta.get("sides"):
            sides = tagger if tagger is not None and tagger.pairs \
                else SideTagger.from_dir(folder / "sides")
        return LearnedCoder(parts["triggers"], parts["sources"], parts["targets"],
                            version=str(meta["version"]), trigger_threshold=float(th["trigger"]),
                            source_threshold=float(th["source"]),
                            target_threshold=float(th["target"]),
                            complete_rules=bool(meta.get("complete_rules", True)),
                            rule_record=read_rule_record(folder / RULES),
                            rule_trust=float(meta.get("rule_trust", 0.0)),
                            vectors=str(meta.get("vectors", "tok2vec")), tagger=tagger,
                            blend=float(meta.get("tagger", {}).get("blend", 0.0)),
                            side_tagger=sides,
                            side_blend=float(meta.get("sides", {}).get("blend", 0.0)))

    def trusted(self, rule: str) -> bool:
        """Whether a lexicon rule's complete events stand: no record on the training documents,
        or a smoothed share of right events, (right + 1) / (right + wrong + 2), of at least
        `rule_trust`."""
        right, wrong = self.rule_record.get(rule_id(rule), (0, 0))
        return right + wrong == 0 or earned(right, wrong, self.rule_trust)

    def _yes(self, model: EventModel, feats: list[str]) -> float:
        return float(model.proba(feats)[model.labels.index(YES)])

    def root_scores(self, feats: list[str], vector: np.ndarray | None = None,
                    tagged: np.ndarray | None = None) -> dict[str, tuple[str, float]]:
        """Per CAMEO root: its most probable code and the summed probability of the root;
        with `tagged` (the tagger's probabilities of the word), the root's probability is a
        blend of both scorers', and the linear scorer still picks the code."""
        m = self.triggers
        out: dict[str, tuple[str, float]] = {}
        best: dict[str, float] = {}
        for label, x in zip(m.labels, m.proba(feats, vector), strict=True):
            if label == NONE:
                continue
            root = label[:2]
            code, total = out.get(root, (label, 0.0))
            if float(x) > best.get(root, -1.0):
                best[root], code = float(x), label
            out[root] = (code, total + float(x))
        if tagged is not None and self.tagger is not None:
            w = self.blend
            for label, x in zip(self.tagger.labels, tagged, strict=True):
                if label != NONE:
                    code, total = out.get(label, (label + "0", 0.0))
                    out[label] = (code, (1 - w) * total + w * float(x))
        return out

    def best_code(self, feats: list[str], vector: np.ndarray | None = None
                  ) -> tuple[str, float]:
        """The most probable event code and the summed probability of its root."""
        scores = self.root_scores(feats, vector)
        if not scores:
            return NONE, 0.0
        return max(scores.values(), key=lambda x: x[1])

    def code_sentence(self, coder: SentenceCoder, doc: DocumentMentions,
                      k: int) -> list[tuple[Candidate, float]]:
        """The events of sentence `k` of a document, each with its trigger probability."""
        v = doc.view(k)
        sent = v.sent
        out: list[tuple[Candidate, float] | _Decided] = []
        rules = {t: c for t, c in v.patterns.items()
                 if self.complete_rules and _complete(c) and self.trusted(c.rule)}
        taken = {x.i for c in rules.values() for x in c.tokens}  # words of complete rule events
        vector_of = (self.vector_fn or vectors(self.vectors)) \
            if self.triggers.dense is not None else None
        tagged = self.tagger.word_probs(sent.doc, sent) if self.tagger is not None else None
        for t in trigger_candidates(v):
            rule = rules.get(t.i)
            if rule is None and t.i in taken:
                continue
            vector = vector_of(t, sent) if vector_of is not None else None
            scores = self.root_scores(trigger_features(t, coder, v), vector,
                                      tagged[t.i - sent.start] if tagged is not None else None)
            if rule is not None:
                p = scores.get(rule.code[:2], ("", 0.0))[1]
                out.append((replace(rule, rule=f"{rule.rule}+model:{self.version}"), round(p, 3)))
                continue
            if not scores:
                continue
            code, p = max(scores.values(), key=lambda x: x[1])
            if p >= self.trigger_threshold:
                out.append(_Decided(t, code, p))  # an event: its sides are found below
        if self.side_tagger is not None:  # the sentence once per event trigger, one batch
            self.side_tagger.prefetch(sent, [e.token for e in out if isinstance(e, _Decided)])
        return _without_phrase_parts([self._event(*e, coder, v) if isinstance(e, _Decided)
                                      else e for e in out])

    def _event(self, t: Token, code: str, p: float, coder: SentenceCoder, v: SentenceView
               ) -> tuple[Candidate, float]:
        """The event of trigger `t` coded `code` (with probability `p`), with its sides."""
        sources, targets = self._sides(t, code[:2], v)
        src = sources[0] if sources else None
        return (Candidate(
            token=t, tokens=[t], code=code, rule=f"model:{self.version}",
            source=_actor([m.actor for m in sources]),
            target=_actor([m.actor for m in targets]),
            negated=coder.negated(t), modality=coder.modality(t, v.sent), specificity=1,
            source_token=src.token if src else None,
            target_token=targets[0].token if targets else None),
            round(p, 3))

    def _sides(self, t: Token, root: str, v: SentenceView
               ) -> tuple[list[Mention], list[Mention]]:
        """The learned sources and targets of a trigger coded with `root`."""
        roles = argument_roles(v.coder, t)
        scored = [(m, self._yes(self.sources, f), self._yes(self.targets, f))
                  for m in v.mentions for f in (mention_features(t, m, root, v, roles),)]
        if self.side_tagger is not None:
            scored = self._blend_sides(scored, t, v.sent)
        sources = _pick_sides([(m, ps) for m, ps, _ in scored], self.source_threshold)
        src = sources[0] if sources else None
        targets = _pick_sides([(m, pt) for m, _, pt in scored if m is not src],
                              self.target_threshold)
        return sources, targets

    def _blend_sides(self, scored: list[tuple[Mention, float, float]], t: Token, sent: Span
                     ) -> list[tuple[Mention, float, float]]:
        """The side tagger's probabilities blended into the linear scorers': a mention in the
        sentence has its word's; the tagger's "outside the sentence" probability is shared
        among the other mentions in proportion to their linear scores (the tagger says the
        side is elsewhere, the linear scorer says which mention it is)."""
        assert self.side_tagger is not None
        rows, outside = self.side_tagger.sides(sent, t)
        w = self.side_blend

        def inside(m: Mention) -> bool:
            return m.where == "sent" and m.token is not None \
                and sent.start <= m.token.i < sent.end

        away = [(ps, pt) for m, ps, pt in scored if not inside(m)]
        top = [max((x[k] for x in away), default=0.0) or 1.0 for k in (0, 1)]
        out = []
        for m, ps, pt in scored:
            if inside(m):
                qs, qt = (float(x) for x in rows[m.token.i - sent.start])
            else:
                qs, qt = float(outside[0]) * ps / top[0], float(outside[1]) * pt / top[1]
            out.append((m, (1 - w) * ps + w * qs, (1 - w) * pt + w * qt))
        return out


def _without_phrase_parts(events: list[tuple[Candidate, float]]
                          ) -> list[tuple[Candidate, float]]:
    """An event whose trigger is the object of another event's trigger is part of that event's
    phrase ("will impose sanctions", "provided assistance"), unless the other event is a
    statement about an act ("condemned the attack": both are events, as the guide codes them)."""
    heads = {c.token.i: c for c, _ in events}

    def part(c: Candidate) -> bool:
        head = heads.get(c.token.head.i)
        return head is not None and head is not c and c.token.dep_ in PHRASE_DEPS \
            and head.code[:2] not in STATEMENT_ROOTS

    return [(c, p) for c, p in events if not part(c)]


RULES = "rules.json"


def rule_id(rule: str) -> str:
    """The rule behind an event's `rule`, without the model's mark: the lexicon entry with what
    the rules made of it ("lexicon:19_fight.yaml#1+mood:threat:threaten+model:ev2-..." is
    "lexicon:19_fight.yaml#1+mood:threat:threaten": an attack a threat wraps is a construction
    of its own, with a record of its own)."""
    return rule.split("+model:", 1)[0]


def earned(right: int, wrong: int, trust: float) -> bool:
    """Whether a rule's record (events right and wrong) earns it the trust asked: its smoothed
    share of right events, (right + 1) / (right + wrong + 2), reaches `trust`."""
    return (right + 1) / (right + wrong + 2) >= trust


def read_rule_record(path: Path) -> dict[str, tuple[int, int]]:
    """`rules.json` of an artefact: {rule: [right, wrong]}; empty where there is none."""
    if not path.is_file():
        return {}
    return {k: (int(v[0]), int(v[1]))
            for k, v in json.loads(path.read_text(encoding="utf-8")).items()}


def _complete(rule: Candidate) -> bool:
    """A rule's event with a known source and target, each of one country: the lexicon's
    patterns found the whole event in the parse ("X warned Y against ...")."""
    return all(a is not None and a.country and not a.members for a in (rule.source, rule.target))


def _pick_sides(scored: list[tuple[Mention, float]], threshold: float) -> list[Mention]:
    """Mentions above the threshold, best first, one per country (at most MAX_SIDES): the
    sides of the event, one event per country pair."""
    out: dict[str | None, Mention] = {}
    ranked = sorted(scored, key=lambda x: -x[1])
    for m, p in ranked:
        if p >= threshold and p >= RELATIVE * ranked[0][1] and len(out) < MAX_SIDES:
            out.setdefault(m.country, m)
    return list(out.values())


def _actor(parts: list[Actor]) -> Actor | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Actor.compound(parts)
