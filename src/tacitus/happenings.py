"""One happening per act across documents: which stored events are the same happening.

Pure functions, no database: `group_key` puts an event in a group (the same dyad, a compatible
CAMEO code, polarity and modality), and `cluster` splits a group's mentions into happenings
(event dates within the window, the same place where both are known, sentences that share
words about the act, one event per document). The rules are data (`data/happenings.yaml`),
kept in each store (see `tacitus.store.happen`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from tacitus.codebook import word_list
from tacitus.happening_rules import Rules

# Countries that are groups of actors, not one actor: their sides are told apart by code.
_GROUP_COUNTRIES = ("IGO", "NGO")
SINGLE = "="  # the group key of an event that merges with nothing starts with this


# -- grouping ----------------------------------------------------------------------------------


def _side(actor: dict[str, Any] | None, rules: Rules) -> str | None:
    if not actor:
        return None
    code, country = actor.get("code"), actor.get("country")
    if rules.sides == "country" and country and country not in _GROUP_COUNTRIES:
        return str(country)
    return str(code or country) if (code or country) else None


def _dyad(record: dict[str, Any], rules: Rules) -> str | None:
    """`SOURCE>TARGET`; a reciprocal event (a meeting: all sides are the source, no target)
    is its sides in order, `A+B`, so that either side's telling of it matches."""
    source, target = record.get("source"), record.get("target")
    members = (source or {}).get("members") or []
    if target is None and "+reciprocal" in (record.get("rule") or "") and len(members) >= 2:
        keys = [_side(m, rules) for m in members]
        return "+".join(sorted(set(keys))) if all(keys) else None
    a, b = _side(source, rules), _side(target, rules)
    return f"{a}>{b}" if a and b else None


def _kind(record: dict[str, Any], rules: Rules) -> str | None:
    cameo = str(record.get("cameo") or "")
    if not cameo:
        return None
    if rules.match == "plover":
        plover = (record.get("plover") or {}).get("event")
        return str(plover) if plover else None
    return {"root": record.get("cameo_root") or cameo[:2], "base": cameo[:3],
            "code": cameo}[rules.match]


def _mood(record: dict[str, Any], rules: Rules) -> int | None:
    modality = record.get("modality") or "asserted"
    return next((i for i, g in enumerate(rules.modality_groups) if modality in g), None)


def event_day(record: dict[str, Any], rules: Rules) -> date | None:
    """The event's day when its precision lets it merge; None otherwise."""
    if (record.get("date_precision") or "day") not in rules.precisions:
        return None
    return _day(record.get("date"))


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def group_key(record: dict[str, Any], doc_id: str, ordinal: int, rules: Rules) -> str:
    """The group an event's happening is looked for in: dyad, CAMEO class, modality group and
    polarity, e.g. `USA>RUS|11|0|+`. An event that can merge with nothing (a side missing, a
    date not precise enough, a modality in no group) gets a key of its own, `=DOC#ORDINAL`."""
    dyad, kind, mood = _dyad(record, rules), _kind(record, rules), _mood(record, rules)
    if dyad is None or kind is None or mood is None or event_day(record, rules) is None:
        return f"{SINGLE}{doc_id}#{ordinal}"
    return f"{dyad}|{kind}|{mood}|{'-' if record.get('negated') else '+'}"


def happening_id(doc_id: str, ordinal: int) -> int:
    """A stable positive 63-bit id for the happening whose first mention is event `ordinal`
    of document `doc_id` (the GDELT export's GLOBALEVENTID)."""
    key = f"{doc_id}\x1f{ordinal}".encode()
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "big") >> 1 or 1


def news_source(url: str | None, publisher: str | None) -> str:
    """Who published a document, for NumSources: the URL's host without `www.`, else the
    publisher's actor code, else `unknown` (documents naming neither count as one source)."""
    host = (urlsplit(url).hostname or "") if url and "://" in url else ""
    if host:
        return host.removeprefix("www.")
    return publisher.upper() if publisher else "unknown"


# -- places ------------------------------------------------------------------------------------

_COUNTRY_TYPES = (1, "1", "country")
_REGION_TYPES = (2, 5, "2", "5", "adm1", "state", "region", "province")


def _known(place: dict[str, Any] | None) -> bool:
    return bool(place) and bool(place.get("name") or place.get("country"))


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a.get("feature_id") and b.get("feature_id"):
        return str(a["feature_id"]) == str(b["feature_id"])
    return (str(a.get("name") or "").casefold() == str(b.get("name") or "").casefold()
            and a.get("country") == b.get("country"))


def _inside(inner: dict[str, Any], outer: dict[str, Any]) -> bool:
    """`inner` lies in `outer`: `outer` is its country, or its province (ADM1)."""
    if outer.get("type") in _COUNTRY_TYPES:
        return bool(outer.get("country")) and inner.get("country") == outer.get("country")
    if outer.get("type") in _REGION_TYPES:
        return bool(outer.get("adm1")) and inner.get("adm1") == outer.get("adm1")
    return False


def same_place(a: dict[str, Any] | None, b: dict[str, Any] | None, rules: Rules) -> bool:
    """True unless both places are known and differ (`contained` also takes a place and the
    country or province it lies in as one)."""
    if not _known(a) or not _known(b):
        return True
    assert a is not None and b is not None
    if a.get("country") and b.get("country") and a["country"] != b["country"]:
        return False
    if _same(a, b):
        return True
    return rules.place == "contained" and (_inside(a, b) or _inside(b, a))


# -- words -----------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")


@cache
def _function_words() -> frozenset[str]:
    return frozenset(word_list("english_function_words.txt"))


def content_words(sentence: str | None) -> frozenset[str]:
    """The words of a sentence that can tell what happened: letters only, lower case, three
    or more, no function words; a longer word loses a final s ("sanctions", "sanction")."""
    words = set()
    for w in _WORD.findall((sentence or "").lower()):
        if len(w) >= 3 and w not in _function_words():
            words.add(w[:-1] if len(w) > 4 and w.endswith("s") else w)
    return frozenset(words)


def similar(a: frozenset[str], b: frozenset[str], rules: Rules, statement: bool = False,
            ) -> bool:
    """Two sentences tell of one act: they share `min_shared_words` content words, and the
    shared words are at least `min_word_overlap` of all their content words (Jaccard), or
    `statement_min_word_overlap` for a statement (an act of speech is one utterance: reports of
    it repeat its words)."""
    shared = len(a & b)
    least = rules.statement_min_word_overlap if statement else rules.min_word_overlap
    return shared >= rules.min_shared_words and (least == 0 or shared >= least * len(a | b))


# -- clustering --------------------------------------------------------------------------------


@dataclass
class Mention:
    """One stored event as the clustering sees it."""

    seq: int  # the event's row in the store
    doc_id: str
    ordinal: int  # its place among its document's events
    key: str  # `group_key`
    date: str | None
    place: dict[str, Any] | None
    num_mentions: int  # mentions of it within its document
    report: str | None  # the document's date
    source: str  # `news_source` of the document
    words: frozenset[str] = frozenset()  # `content_words` of its sentence
    root: str = ""  # its CAMEO root

    def order(self) -> tuple[str, str, str, int]:
        return (self.date or "", self.report or "", self.doc_id, self.ordinal)


def mention_of(record: dict[str, Any], seq: int, doc_id: str, ordinal: int,
               report: str | None, url: str | None, publisher: str | None, rules: Rules,
               ) -> Mention:
    """The mention of a stored event (`record`, row `seq`, event `ordinal` of document
    `doc_id`, whose date is `report`) under `rules`."""
    return Mention(seq, doc_id, ordinal, group_key(record, doc_id, ordinal, rules),
                   record.get("date"), record.get("location"),
                   int(record.get("num_mentions") or 1), report, news_source(url, publisher),
                   content_words(record.get("sentence")), str(record.get("cameo_root") or ""))


@dataclass
class Happening:
    """Mentions of one act: the first (by date, report date, document, order) names it."""

    mentions: list[Mention] = field(default_factory=list)

    @property
    def id(self) -> int:
        return happening_id(self.mentions[0].doc_id, self.mentions[0].ordinal)

    def row(self) -> dict[str, Any]:
        """The values the store keeps for it (`schema.HAPPENING_COLUMNS`)."""
        dates = [m.date for m in self.mentions if m.date]
        reports = [m.report for m in self.mentions if m.report]
        first = self.mentions[0]
        return {"id": self.id, "hkey": first.key, "event_seq": first.seq,
                "first_date": min(dates, default=None), "last_date": max(dates, default=None),
                "first_report": min(reports, default=None),
                "last_report": max(reports, default=None),
                "num_mentions": sum(max(1, m.num_mentions) for m in self.mentions),
                "num_articles": len({m.doc_id for m in self.mentions}),
                "num_sources": len({m.source for m in self.mentions})}


def _start(h: Happening) -> date:
    day = _day(h.mentions[0].date)
    assert day is not None  # only mentions with a day open a happening
    return day


def _fits(h: Happening, m: Mention, rules: Rules) -> bool:
    first = h.mentions[0]
    statement = bool({first.root, m.root} & set(rules.statement_roots))
    return (similar(first.words, m.words, rules, statement)
            and _days(first.report, m.report) <= rules.report_window_days
            and all(o.doc_id != m.doc_id for o in h.mentions)
            and all(same_place(o.place, m.place, rules) for o in h.mentions))


def _days(a: str | None, b: str | None) -> int:
    """Days between two dates; 0 where either is unknown."""
    da, db = _day(a), _day(b)
    return abs((da - db).days) if da and db else 0


def _split(group: list[Mention], rules: Rules) -> list[Happening]:
    """One group's mentions, in order, into happenings: each joins the earliest open happening
    it fits (its event date within the window of the first mention's, its report date within
    the report window of the first's, and its sentence like the first mention's, so a run of
    daily acts does not chain into one; every known place the same; none from its own
    document), else starts one."""
    out: list[Happening] = []
    open_: list[Happening] = []
    for m in sorted(group, key=Mention.order):
        day = _day(m.date)
        if m.key.startswith(SINGLE) or day is None:
            out.append(Happening([m]))
            continue
        open_ = [h for h in open_ if (day - _start(h)).days <= rules.window_days]
        home = next((h for h in open_ if _fits(h, m, rules)), None)
        if home is None:
            home = Happening()
            open_.append(home)
            out.append(home)
        home.mentions.append(m)
    return out


def cluster(mentions: Iterable[Mention], rules: Rules) -> list[Happening]:
    """Happenings of `mentions` (whole groups: every mention of each key they hold), ordered
    by key, then by their first mention. The result depends on the set of mentions only, not on
    the order they were stored in."""
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        groups.setdefault(m.key, []).append(m)
    return [h for key in sorted(groups) for h in _split(groups[key], rules)]
