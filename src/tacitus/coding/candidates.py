"""Candidates for the learned coder, read off the parse: triggers, actor mentions and their
features. Training (`tacitus.train_news`) and run time (`tacitus.coding.learned`) share them.

- A **trigger candidate** is a verb or noun of the sentence, or any token the pattern coder
  coded. Its features are its words, its place in the parse, its object and prepositions, the
  lexicon's code for it and the code the pattern coder gave it (the rules are features here:
  the scorer learns when to trust them).
- A **mention** is an actor that a noun phrase of the sentence or of the sentence before
  resolves to, a country named earlier in the document or in its title, or the document's
  publisher, who speaks in a press release's own voice. A (trigger, mention) pair has the
  dependency path between them, their order and distance, and the roles the parse gives the
  mention (doer, object, prepositional object).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Span, Token

from ..records import Actor
from .events import Candidate, SentenceCoder
from .syntax import object_of, prep_objects

TRIGGER_POS = ("VERB", "NOUN")
MENTION_POS = ("PROPN", "NOUN", "PRON", "ADJ", "DET")
MAX_PATH = 5
MAX_CONTEXT = 4  # countries named earlier in the document offered as sides
NP_PARTS = ("compound", "amod", "flat", "nmod", "poss", "det")


@dataclass
class Mention:
    """A possible side of an event; `token` is None for the title, earlier countries and the
    publisher."""

    actor: Actor
    token: Token | None
    where: str  # "sent", "prev" (the sentence before), "doc" (earlier or in the title), "pub"
    count: int = 1  # mentions of its country in the title and the document so far

    @property
    def country(self) -> str | None:
        return self.actor.country


@dataclass
class SentenceView:
    """What the learned coder reads off one sentence: the pattern coder's events by trigger
    position, and the actor mentions available as sources and targets."""

    sent: Span
    patterns: dict[int, Candidate]
    mentions: list[Mention]
    publisher: Actor | None
    coder: SentenceCoder


def _word(t: Token) -> str:
    return t.lemma_.lower()


class DocumentMentions:
    """The actor mentions of one document, read once per sentence, and the view of each
    sentence: its own mentions, those of the sentence before, the countries named earlier or
    in the title (the sides a "they" or "the two leaders" stands for), and the publisher.
    Views are asked for in sentence order."""

    def __init__(self, coder: SentenceCoder, sents: list[Span], title: str | None = None):
        self.coder, self.sents = coder, sents
        self._of: dict[int, list[Mention]] = {}
        self._counts: Counter[str] = Counter()
        self._first: dict[str, Actor] = {}
        self._counted = 0  # sentences before this one are in `_counts`
        for a in coder.acts.names_in(title) if title else []:
            self._count(Mention(a, None, "doc"))

    def of(self, k: int) -> list[Mention]:
        if k not in self._of:
            self._of[k] = mentions(self.coder, self.sents[k], "sent")
        return self._of[k]

    def _count(self, m: Mention) -> None:
        if m.country:
            self._counts[m.country] += 1
            self._first.setdefault(m.country, m.actor)

    def view(self, k: int) -> SentenceView:
        while self._counted < k - 1:
            for m in self.of(self._counted):
                self._count(m)
            self._counted += 1
        found = list(self.of(k))
        if k > 0:
            found += [Mention(m.actor, m.token, "prev") for m in self.of(k - 1)]
        present = {m.country for m in found}
        earlier = [(c, n) for c, n in self._counts.most_common() if c not in present]
        for c, n in earlier[:MAX_CONTEXT]:
            found.append(Mention(self._first[c], None, "doc", count=n))
        pub = self.coder.acts.publisher
        if pub is not None and pub.country:
            found.append(Mention(pub, None, "pub"))
        patterns: dict[int, Candidate] = {}
        for c in self.coder.code_sentence(self.sents[k]):
            patterns.setdefault(c.token.i, c)
        return SentenceView(self.sents[k], patterns, found, pub, self.coder)


def mentions(coder: SentenceCoder, sent: Span, where: str) -> list[Mention]:
    """Actors named in `sent`, one per noun phrase (a name inside a longer phrase of the same
    country, "U.S." in "U.S. officials", gives way to the phrase)."""
    out: list[Mention] = []
    resolved: dict[int, Actor | None] = {}
    for t in sent:
        if t.pos_ in MENTION_POS:
            resolved[t.i] = coder.acts.resolve(t)
            if resolved[t.i] is None and t.pos_ == "ADJ" and t.dep_ == "amod":
                # a demonym names its country's side: "Russian aggression", "U.S.-made jets"
                named = coder.acts.names_in(t.text)
                resolved[t.i] = named[0] if len(named) == 1 else None
    for t in sent:
        a = resolved.get(t.i)
        if a is None or not (a.country or a.members):
            continue
        head = resolved.get(t.head.i) if t.head is not t else None
        if t.dep_ in NP_PARTS and head is not None and head.country == a.country \
                and t.dep_ != "poss":
            continue
        for m in a.members or [a]:
            if m.country:
                out.append(Mention(m, t, where))
    return out


def trigger_candidates(v: SentenceView) -> list[Token]:
    return [t for t in v.sent if t.pos_ in TRIGGER_POS or t.i in v.patterns]


def _lineage(t: Token, n: int = 3) -> list[Token]:
    out, h = [], t
    while h.head is not h and len(out) < n:
        h = h.head
        out.append(h)
    return out


def trigger_features(t: Token, coder: SentenceCoder, v: SentenceView) -> list[str]:
    """String features of a candidate trigger token."""
    w = _word(t)
    f = [f"w={w}", f"low={t.lower_}", f"pos={t.pos_}", f"tag={t.tag_}", f"dep={t.dep_}",
         f"w_pos={w}_{t.pos_}", f"w_dep={w}_{t.dep_}"]
    h = t.head
    f += [f"head={_word(h)}", f"head_dep={h.dep_}", f"dep_head={t.dep_}_{_word(h)}"]
    for a in _lineage(t):
        f.append(f"anc={_word(a)}")
    obj = object_of(t)
    if obj is not None:
        f += [f"obj={_word(obj)}", f"w_obj={w}_{_word(obj)}"]
    for p, o in prep_objects(t):
        f += [f"prep={p}", f"w_prep={w}_{p}", f"prep_{p}={_word(o)}"]
    for c in t.children:
        if c.dep_ in ("prt", "neg", "aux", "auxpass", "xcomp", "ccomp", "amod", "compound",
                      "poss", "nsubj", "nsubjpass", "dobj", "acomp"):
            f.append(f"ch_{c.dep_}={_word(c)}")
        if c.dep_ == "prt":
            f.append(f"w_prt={w}_{c.lower_}")
    i = t.i
    doc = t.doc
    for k in (-2, -1, 1, 2):
        j = i + k
        if v.sent.start <= j < v.sent.end:
            f.append(f"win{k}={doc[j].lower_}")
    if t.is_sent_start or t.i == v.sent.start:
        f.append("first")
    hit = coder.lookup(t)
    if hit is not None:
        entry = hit[0]
        f += [f"lex={entry.code[:2]}", f"lex_code={entry.code}"]
    cand = v.patterns.get(t.i)
    if cand is not None:
        f += [f"pat={cand.code[:2]}", f"pat_code={cand.code}", f"pat_mod={cand.modality}",
              f"pat_src={cand.source is not None}", f"pat_tgt={cand.target is not None}"]
    where = {m.where for m in v.mentions}
    f.append(f"mentions={'+'.join(sorted(where)) or '0'}")
    for m in v.mentions:  # where the actors stand from here: "nsubj^" has a doer
        if m.token is not None and m.where == "sent":
            path = dep_path(m.token, t)
            if path not in ("far", "none"):
                f += [f"apath={path}", f"w_apath={w}_{path}"]
    if v.publisher is not None:
        f.append("publisher")
    return f


def dep_path(a: Token, b: Token) -> str:
    """The dependency path from `a` up to the lowest common ancestor and down to `b`:
    "nsubj^" for a subject of `b`, "pobj^prep^" for a prepositional object, "far" if longer
    than MAX_PATH steps."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    ids_b = {t.i: k for k, t in enumerate(up_b)}
    for k, t in enumerate(up_a):
        if t.i in ids_b:
            down = up_b[:ids_b[t.i]]
            if k + len(down) > MAX_PATH:
                return "far"
            ups = "".join(f"{x.dep_}^" for x in up_a[:k])
            downs = "".join(f"v{x.dep_}" for x in reversed(down))
            return ups + downs or "self"
    return "none"


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-7" if n < 8 else "8+"


def _countries(a: Actor | None) -> set[str]:
    return {x.country for x in (a.members or [a]) if x.country} if a is not None else set()


def argument_roles(coder: SentenceCoder, t: Token) -> dict[str, set[str]]:
    """The countries the parse gives a trigger's doer, object and prepositional objects, as
    the actor resolver reads them (through coreference, coordination and control): role ->
    countries."""
    roles: dict[str, set[str]] = {}
    agent = coder.agent_token(t)
    if agent is not None:
        roles["agent"] = _countries(coder.acts.resolve(agent) or coder.acts.resolve(agent,
                                                                                  loose=True))
    obj = object_of(t)
    if obj is not None:
        roles["obj"] = _countries(coder.acts.resolve(obj))
    for p, o in prep_objects(t):
        roles.setdefault(f"prep_{p}", set()).update(_countries(coder.acts.resolve(o)))
    return roles


def mention_features(t: Token, m: Mention, root: str, v: SentenceView,
                     roles: dict[str, set[str]] | None = None) -> list[str]:
    """String features of a (trigger, mention) pair, for a trigger coded with CAMEO `root`;
    `roles` are the trigger's `argument_roles`."""
    sectors = "+".join(m.actor.sectors[:2]) or "_"
    own = v.publisher is not None and m.country == v.publisher.country
    base = [f"where={m.where}", f"sector={sectors}", f"r={root}",
            f"r_where={root}_{m.where}", f"pub_country={own}"]
    for role, countries in (roles or {}).items():
        if m.country in countries:
            base += [f"role={role}", f"r_role={root}_{role}"]
        elif countries:
            base.append(f"not_role={role}")
    cand = v.patterns.get(t.i)
    if cand is not None:
        for name, tok, act in (("src", cand.source_token, cand.source),
                               ("tgt", cand.target_token, cand.target)):
            if act is not None and m.country in {x.country for x in act.members or [act]}:
                base.append(f"pat_{name}")
                base.append(f"pat_{name}_r={root}")
            if tok is not None and m.token is not None and tok.i == m.token.i:
                base.append(f"pat_{name}_tok")
    if m.token is None:
        return base + [f"r_w_where={root}_{_word(t)}_{m.where}", f"count={_bucket(m.count)}",
                       f"w_where={_word(t)}_{m.where}"]
    tok = m.token
    path = dep_path(tok, t) if m.where == "sent" else "other_sent"
    dist = tok.i - t.i
    base += [f"path={path}", f"r_path={root}_{path}", f"w_path={_word(t)}_{path}",
             f"mdep={tok.dep_}", f"r_mdep={root}_{tok.dep_}", f"mpos={tok.pos_}",
             f"side={'before' if dist < 0 else 'after'}", f"dist={_bucket(abs(dist))}",
             f"r_side={root}_{'before' if dist < 0 else 'after'}",
             f"mword={tok.lower_ if tok.pos_ == 'PRON' else _word(tok)}"]
    if tok.head is not tok:
        base.append(f"mhead={_word(tok.head)}")
        if tok.dep_ == "pobj":
            base += [f"mprep={tok.head.lower_}", f"r_mprep={root}_{tok.head.lower_}",
                     f"w_mprep={_word(t)}_{tok.head.lower_}"]
    if m.where == "sent":
        base += [f"w_mdep={_word(t)}_{tok.dep_}", f"tpos_path={t.pos_}_{path}"]
        if t.is_ancestor(tok):
            base.append("under_trigger")
        elif tok.is_ancestor(t):
            base.append("over_trigger")
        between = [x for x in v.mentions if x.where == "sent" and x.token is not None
                   and x.token is not tok and abs(x.token.i - t.i) < abs(dist)
                   and (x.token.i < t.i) == (dist < 0)]
        base.append(f"nearest={'yes' if not between else 'no'}")
    return base
