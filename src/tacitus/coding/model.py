"""The learned layer: a hashed-feature logistic model over trigger candidates.

`features(t)` describes a candidate trigger (its lemma, object, prepositions, particle,
complement, the entity types of its subject and object, nearby lemmas, negation and modals).
`EventModel` scores those features with weights trained by `tacitus.train` and stored in
`data/model/` (numpy only at run time). `propose` finds events the lexicon misses, `rescore`
gives a calibrated confidence for a pattern event, and `code_sentence` combines both layers for
the `coder` setting (`patterns`, `model` or `both`).
"""

from __future__ import annotations

import json
import os
import zlib
from dataclasses import dataclass
from functools import cache

import numpy as np
from spacy.tokens import Span, Token

from ..codebook import data_path
from ..config import CODERS
from .events import Candidate, SentenceCoder
from .lexicon import Entry
from .syntax import object_of, prep_objects

HASH_BITS = 18
NONE = "none"
ENT_TYPES = ("GPE", "NORP", "ORG", "PERSON")
LEMMA_PREFIX = "lem"  # features that name the trigger lemma (dropped together in training)
CONTENT = ("NOUN", "VERB", "ADJ")
MAX_CONTEXT = 8
MODES = CODERS


def stable_hash(s: str, bits: int = HASH_BITS) -> int:
    """A process-independent hash of a feature string into `bits` bits (CRC-32)."""
    return zlib.crc32(s.encode("utf-8")) & ((1 << bits) - 1)


def hash_features(feats: list[str], bits: int = HASH_BITS) -> list[int]:
    """Sorted, distinct hashed indices of feature strings."""
    return sorted({stable_hash(f, bits) for f in feats})


def _ent(t: Token) -> str | None:
    """Entity type of a noun phrase head, or of its compound/modifier/possessor children."""
    if t.ent_type_ in ENT_TYPES:
        return t.ent_type_
    for c in t.children:
        if c.dep_ in ("compound", "amod", "poss", "nmod") and c.ent_type_ in ENT_TYPES:
            return c.ent_type_
    return None


def _subject(t: Token) -> tuple[Token | None, bool]:
    """Subject head of `t` (climbing through xcomp/conj/advcl) and whether it is passive."""
    v = t
    for _ in range(4):
        for c in v.children:
            if c.dep_ in ("nsubj", "csubj"):
                return c, False
            if c.dep_ == "nsubjpass":
                return c, True
            if c.dep_ == "agent":
                for o in c.children:
                    if o.dep_ == "pobj":
                        return o, False
        if v.dep_ in ("xcomp", "conj", "advcl") and v.head is not v:
            v = v.head
        elif t.pos_ in ("NOUN", "PROPN") and v is t:
            poss = next((c for c in t.children if c.dep_ == "poss"), None)
            return poss, False
        else:
            break
    return None, False


def _np(name: str, h: Token) -> list[str]:
    out = [f"{name}={h.lemma_.lower()}"]
    ent = _ent(h)
    out.append(f"{name}_ent={ent or 'O'}")
    return out


def features(t: Token) -> list[str]:
    """String features of a candidate trigger token (a verb or an eventive noun)."""
    lemma = t.lemma_.lower()
    f = [f"{LEMMA_PREFIX}={lemma}", f"pos={t.pos_}", f"dep={t.dep_}"]
    subj, passive = _subject(t)
    if subj is not None:
        f += _np("subj", subj)
    if passive:
        f.append("passive")
    obj = object_of(t)
    if obj is not None and obj is not subj:
        f += _np("obj", obj)
        f.append(f"{LEMMA_PREFIX}_obj={lemma}_{obj.lemma_.lower()}")
    else:
        f.append("obj=_")
    for p, o in prep_objects(t):
        f += [f"prep={p}", f"prep_{p}={o.lemma_.lower()}", f"prep_{p}_ent={_ent(o) or 'O'}",
              f"{LEMMA_PREFIX}_prep={lemma}_{p}"]
    for c in t.children:
        if c.dep_ == "prt":
            f += [f"prt={c.lower_}", f"{LEMMA_PREFIX}_prt={lemma}_{c.lower_}"]
        elif c.dep_ == "xcomp":
            f.append(f"xcomp={c.lemma_.lower()}")
        elif c.dep_ == "ccomp":
            f.append("ccomp")
        elif c.dep_ == "neg" or c.lower_ == "never":
            f.append("neg")
        elif c.dep_ == "aux" and c.tag_ == "MD":
            f.append(f"modal={c.lower_}")
    if t.dep_ in ("xcomp", "ccomp", "advcl", "conj", "pcomp", "acl") and t.head is not t:
        f.append(f"gov_{t.dep_}={t.head.lemma_.lower()}")
    near = sorted((abs(c.i - t.i), c.i) for c in t.subtree
                  if c is not t and c.pos_ in CONTENT and not c.is_stop)
    f += [f"ctx={t.doc[i].lemma_.lower()}" for _, i in near[:MAX_CONTEXT]]
    return f


def without_lemma(feats: list[str]) -> list[str]:
    """The same features with every trigger-lemma feature removed (feature dropout)."""
    return [x for x in feats if not x.startswith(LEMMA_PREFIX)]


def root_of(code: str) -> str:
    return code[:2]


@dataclass
class EventModel:
    """Weights for the hashed features (rows of `weights` for the indices in `rows`)."""

    labels: list[str]
    rows: np.ndarray  # int32 hashed feature indices with a weight row
    weights: np.ndarray  # float32 (len(rows), len(labels))
    bias: np.ndarray  # float32 (len(labels),)
    temperature: float
    threshold: float
    version: str
    bits: int = HASH_BITS
    dense: np.ndarray | None = None  # float32 (vector size, len(labels)): weights of a vector

    def __post_init__(self) -> None:
        self.slot = np.full(1 << self.bits, -1, dtype=np.int32)
        self.slot[self.rows] = np.arange(len(self.rows), dtype=np.int32)
        self.none = self.labels.index(NONE)
        self.label_roots = np.array([root_of(x) if x != NONE else "" for x in self.labels])

    @staticmethod
    @cache
    def load() -> EventModel | None:
        """The bundled model (cached), or None if no artefact is installed."""
        return EventModel.from_dir(data_path("model"))

    @staticmethod
    def from_dir(folder) -> EventModel | None:
        """Read `model.json` and `weights.npz` from a folder (None if either is missing)."""
        card, weights = folder / "model.json", folder / "weights.npz"
        if not (card.is_file() and weights.is_file()):
            return None
        meta = json.loads(card.read_text(encoding="utf-8"))
        with weights.open("rb") as fh, np.load(fh) as z:
            dense = z["dense"].astype(np.float32) if "dense" in z.files else None
            return EventModel(labels=list(meta["labels"]), rows=z["rows"].astype(np.int32),
                              weights=z["weights"].astype(np.float32),
                              bias=z["bias"].astype(np.float32),
                              temperature=float(meta["temperature"]),
                              threshold=float(meta["threshold"]), version=str(meta["version"]),
                              bits=int(meta["hash_bits"]), dense=dense)

    def proba(self, feats: list[str], vector: np.ndarray | None = None) -> np.ndarray:
        """Calibrated label probabilities for a list of feature strings (and, for a model
        with dense weights, a vector)."""
        idx = self.slot[hash_features(feats, self.bits)]
        logits = self.bias + self.weights[idx[idx >= 0]].sum(axis=0)
        if self.dense is not None and vector is not None \
                and vector.shape[0] == self.dense.shape[0]:  # another pipeline's width: unused
            logits = logits + vector @ self.dense
        z = logits / self.temperature
        z = np.exp(z - z.max())
        return z / z.sum()

    def predict(self, t: Token) -> tuple[str, float]:
        """(CAMEO code or "none", calibrated probability) for a candidate trigger."""
        p = self.proba(features(t))
        k = int(p.argmax())
        return self.labels[k], float(p[k])

    def best_event(self, t: Token) -> tuple[str, float]:
        """The most probable event label (never "none") with the summed probability of its
        root, so that a root split over several codes still clears the threshold."""
        p = self.proba(features(t))
        p_ev = p.copy()
        p_ev[self.none] = -1.0
        k = int(p_ev.argmax())
        return self.labels[k], float(p[self.label_roots == self.label_roots[k]].sum())

    def root_probability(self, t: Token, code: str) -> float:
        """Calibrated probability that `t` triggers an event of `code`'s CAMEO root."""
        p = self.proba(features(t))
        return float(p[self.label_roots == root_of(code)].sum())


def _actor_subject(t: Token, coder: SentenceCoder) -> bool:
    """Whether the doer of `t` resolves to an actor (loosely, as the pattern coder's source)."""
    src = coder.agent_token(t)
    if src is None:
        return False
    return (coder.acts.resolve(src) or coder.acts.resolve(src, loose=True)) is not None


def _has_argument(t: Token) -> bool:
    return object_of(t) is not None or any(True for _ in prep_objects(t))


def _candidates(sent: Span, coder: SentenceCoder, skip: set[int],
                need_argument: bool) -> list[Token]:
    return [t for t in sent if t.pos_ == "VERB" and t.i not in skip
            and (not need_argument or _has_argument(t)) and _actor_subject(t, coder)]


def proposal_floor() -> float:
    """The least probability for a proposal added to the lexicon's events in `both` mode (env
    TACITUS_PROPOSAL_THRESHOLD, default 0.85). The artefact's own threshold (0.4, used in `model`
    mode) maximises recall on silver labels; on real news its extra proposals were mostly wrong,
    so by default only confident ones join the lexicon's events."""
    return float(os.environ.get("TACITUS_PROPOSAL_THRESHOLD", "0.85"))


def propose(sent: Span, coder: SentenceCoder,
            model: EventModel | None = None) -> list[tuple[Token, str, float]]:
    """Events the lexicon misses: verbs with no lexicon match, an actor subject and an object
    or prepositional object, whose predicted root probability clears the model's threshold."""
    model = model or EventModel.load()
    if model is None:
        return []
    skip = {t.i for t in sent if t.pos_ == "VERB" and coder.lookup(t) is not None}
    out = []
    for t in _candidates(sent, coder, skip, need_argument=True):
        code, p = model.best_event(t)
        if p >= max(model.threshold, proposal_floor()):
            out.append((t, code, p))
    return out


def rescore(t: Token, code: str, model: EventModel | None = None) -> float | None:
    """Calibrated confidence of a pattern event's root at trigger `t` (None without a model)."""
    model = model or EventModel.load()
    return None if model is None else round(model.root_probability(t, code), 3)


def _model_candidate(coder: SentenceCoder, sent: Span, t: Token, code: str,
                     version: str) -> Candidate | None:
    """Arguments, moods and modality for a model-coded trigger, as the pattern coder finds them."""
    entry = Entry(code=code, kind="verb", lemma=t.lemma_.lower(), rule=f"model:{version}")
    frame = coder._frame_of(t)
    mood = coder._mood_of(frame) if frame is not None else None
    return coder._candidate(t, entry, frame, mood, sent)


def code_sentence(coder: SentenceCoder, sent: Span,
                  mode: str = "both") -> list[tuple[Candidate, float | None]]:
    """Candidates of one sentence with a calibrated confidence (None: use the heuristic).

    `patterns`: the lexicon alone; `both`: lexicon events rescored plus model proposals;
    `model`: the model codes every verb with an actor subject. Without a model artefact every
    mode falls back to the lexicon.
    """
    if mode not in MODES:
        raise ValueError(f"coder must be one of {', '.join(MODES)}, not {mode!r}")
    model = EventModel.load() if mode != "patterns" else None
    if model is None:
        return [(c, None) for c in coder.code_sentence(sent)]
    out: list[tuple[Candidate, float | None]] = []
    if mode == "both":
        cands = coder.code_sentence(sent)
        out = [(c, rescore(c.token, c.code, model)) for c in cands]
        taken = {t.i for c in cands for t in c.tokens}
        found = [x for x in propose(sent, coder, model) if x[0].i not in taken]
    else:
        found = []
        for t in _candidates(sent, coder, set(), need_argument=False):
            code, p = model.best_event(t)
            if p >= model.threshold:  # model-only mode: the artefact's own threshold
                found.append((t, code, p))
    for t, code, p in found:
        c = _model_candidate(coder, sent, t, code, model.version)
        if c is not None:
            out.append((c, round(p, 3)))
    return out
