"""Event dates: find temporal expressions in a sentence and anchor them to the document date.

Resolution conventions (precision is "day", "month" or "year"):
- "today", "yesterday", "last night", "N days ago" -> that day (day).
- "Sunday", "on Sunday", "last Sunday" -> the latest such weekday on or before the anchor (day);
  "next Sunday" -> the first one after it.
- "this week", "last week", "next week", "N weeks ago" -> the Monday starting that week (day).
  The record has no week precision; the week's first day is used so that all events reported
  for one week share one date.
- "this month", "earlier this month", "last month", "N months ago" -> YYYY-MM-01 (month).
- "this year", "last year", "next year", "since 2016", "in 2016" -> YYYY-01-01 (year).
- "June", "in June", "last June" -> that month in the anchor's year unless it lies after the
  anchor's month, else the year before (month); "March 3" likewise by day.
- "3 March 2019", "March 3, 2019", ISO dates -> that day; "March 2019" -> that month.
- Other absolute forms go to dateparser (slow, so only as a fallback, cached by string).
- Durations ("35 years", "for years") are not dates and are skipped.
- A date after the document date is kept only where the expression says it is ahead ("next
  year", "tomorrow", "in two weeks' time", "three days later"), and then it lies its stated
  distance ahead; "by 2030" or "in June" (read as this year's June) in an older text is no
  event date, and the next expression or the document date is used.
- Without a document date only expressions with a year resolve ("3 March 2019", "in 2016"):
  "in June" is never anchored to the day the coder runs.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache
from importlib import resources

import yaml
from spacy.tokens import Span, Token

from .quantities import words_to_number
from .syntax import VERBAL, ents, governor

Resolved = tuple[str | None, str | None]

_DATE_LABELS = {"DATE", "TIME"}
_LEAD_WORDS = ("on ", "in ", "since ", "by ", "during ", "at ", "from ", "until ", "till ",
               "through ", "as of ", "as early as ", "around ", "about ", "of ", "the ")
_PART_OF = re.compile(r"^(?:the )?(?:end|beginning|start|middle|first half|second half|"
                      r"spring|summer|autumn|fall|winter) of ")
_EDGE = re.compile(r"^(?:(?:early|late|mid|the middle of) |mid-)")


@cache
def _words() -> dict:
    text = resources.files("tacitus.data").joinpath("time_words.yaml").read_text("utf-8")
    w = yaml.safe_load(text)
    months = "|".join(sorted(w["months"], key=len, reverse=True))
    days = "|".join(sorted(w["weekdays"], key=len, reverse=True))
    mods = "|".join(sorted(w["relative_modifiers"], key=len, reverse=True))
    units = "|".join(sorted(w["units"], key=len, reverse=True))
    agos = "|".join(sorted(w["ago_words"], key=len, reverse=True))
    w["re"] = {
        "iso": re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[t ][\d:.+z-]*)?$"),
        "weekday": re.compile(rf"^(last |this past |past |this |next |coming )?({days})\.?"
                              r"(?: (?:morning|afternoon|evening|night))?$"),
        "relative": re.compile(rf"^({mods}) ({units})$"),
        "ago": re.compile(rf"^([\w.,-]+(?: [\w-]+)?) ({units}) ({agos})$"),
        "month_day": re.compile(rf"^({months})\.? (\d{{1,2}})(?:st|nd|rd|th)?(?: ?- ?\d{{1,2}})?"
                                r"(?:,? (\d{4}))?$"),
        "day_month": re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({months})\.?"
                                r"(?:,? (\d{4}))?$"),
        "month_year": re.compile(rf"^({months})\.?,? (?:of )?(\d{{4}})$"),
        "month": re.compile(rf"^(last |this past |past |this |next |coming )?({months})\.?$"),
        "year": re.compile(r"^(?:(?:the )?year )?((?:19|20)\d\d)$"),
        "lead_weekday": re.compile(rf"^({days})\.?,? (?=\w)"),
        "duration": re.compile(rf"^(?:the )?(?:(?:last|past|next|first|coming) )?"
                               rf"[\w.,-]*(?: [\w-]+)? ?({units})$"),
        "absolute_hint": re.compile(rf"\b(?:{months})\b|\d{{1,4}}[/.-]\d"),
    }
    return w


def parse_anchor(s: str | None) -> dt.date | None:
    """Read a document date ("2018-08-20", an ISO timestamp, a written date); None if unreadable."""
    if not s or not s.strip():
        return None
    s = s.strip()
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        pass
    found = _dateparser(s, None)
    return dt.date.fromisoformat(found[0]) if found else None


def resolve_date(sent: Span, anchor: dt.date | None, trigger: Token | None = None) -> Resolved:
    """Return (ISO date, precision) for an event in `sent`, anchoring relative expressions.

    Expressions attached to the trigger's clause are preferred; with none that resolves, the
    anchor itself is the date (precision "day"); with no anchor either, (None, None).
    """
    for text in _candidates(sent, trigger):
        found = resolve_text(text, anchor)
        if found is not None and _not_ahead(found[0], text, anchor):
            return found
    if anchor is None:
        return None, None
    return anchor.isoformat(), "day"


_AHEAD = re.compile(r"\b(?:next|coming|upcoming|tomorrow|from now|later|hence|time)\b")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def _not_ahead(iso: str, text: str, anchor: dt.date | None) -> bool:
    """False for a date after the document date that the text does not say lies ahead."""
    if anchor is None or iso <= anchor.isoformat():
        return True
    return bool(_AHEAD.search(_normalise(text)))


def resolve_text(text: str, anchor: dt.date | None) -> tuple[str, str] | None:
    """Resolve one temporal expression's text; None when it names no date (or needs an anchor)."""
    return _resolve(_normalise(text), anchor)


def _normalise(text: str) -> str:
    s = text.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    s = re.sub(r"\s+", " ", s).strip(" ,.;:'\"()")
    changed = True
    while changed:
        changed = False
        for lead in _LEAD_WORDS:
            if s.startswith(lead):
                s, changed = s[len(lead):], True
    return s


@lru_cache(maxsize=8192)
def _resolve(s: str, anchor: dt.date | None) -> tuple[str, str] | None:
    w = _words()
    rx = w["re"]
    if not s:
        return None
    if m := rx["iso"].match(s):
        return _day(int(m[1]), int(m[2]), int(m[3]))
    if m := rx["year"].match(s):
        return f"{m[1]}-01-01", "year"
    if m := rx["month_year"].match(s):
        return _month(int(m[2]), w["months"][m[1]])
    if m := rx["month_day"].match(s):
        return _month_day(w["months"][m[1]], int(m[2]), m[3], anchor)
    if m := rx["day_month"].match(s):
        return _month_day(w["months"][m[2]], int(m[1]), m[3], anchor)
    if m := rx["lead_weekday"].match(s):  # "Sunday, March 3" -> "March 3"
        return _resolve(s[m.end():], anchor)
    if m := _PART_OF.match(s):  # "the end of last year" -> "last year"
        return _resolve(s[m.end():], anchor)
    if anchor is not None:
        found = _relative(s, anchor, w)
        if found is not None:
            return found
    if (m := _EDGE.match(s)) and m.end() > 0:  # "early June", "mid-2017"
        return _resolve(s[m.end():], anchor)
    if rx["duration"].match(s) or not rx["absolute_hint"].search(s):
        return None
    if anchor is None and not _YEAR.search(s):
        return None  # dateparser would fill in today's year or day
    return _dateparser(s, anchor)


def _relative(s: str, anchor: dt.date, w: dict) -> tuple[str, str] | None:
    rx = w["re"]
    if s in w["day_words"]:
        return (anchor + dt.timedelta(days=w["day_words"][s])).isoformat(), "day"
    if m := rx["weekday"].match(s):
        return _weekday(w["weekdays"][m[2]], (m[1] or "").strip(), anchor)
    if m := rx["relative"].match(s):
        return _shift(anchor, w["units"][m[2]], w["relative_modifiers"][m[1]])
    if m := rx["ago"].match(s):
        n = words_to_number(m[1].replace(",", "").split())
        if n is None or n != int(n):
            return None
        return _shift(anchor, w["units"][m[2]], int(n) * w["ago_words"][m[3]])
    if m := rx["month"].match(s):
        return _named_month(w["months"][m[2]], (m[1] or "").strip(), anchor)
    return None


def _shift(anchor: dt.date, unit: str, n: int) -> tuple[str, str] | None:
    if unit == "day":
        return (anchor + dt.timedelta(days=n)).isoformat(), "day"
    if unit in ("week", "fortnight"):
        days = 7 * n * (2 if unit == "fortnight" else 1)
        d = anchor + dt.timedelta(days=days)
        return (d - dt.timedelta(days=d.weekday())).isoformat(), "day"
    if unit == "month":
        k = anchor.year * 12 + anchor.month - 1 + n
        return _month(k // 12, k % 12 + 1)
    if unit == "year":
        return f"{anchor.year + n:04d}-01-01", "year"
    if unit == "decade" and n == 0:
        return None
    return None


def _weekday(wd: int, mod: str, anchor: dt.date) -> tuple[str, str]:
    if mod in ("next", "coming"):
        delta = (wd - anchor.weekday()) % 7 or 7
        return (anchor + dt.timedelta(days=delta)).isoformat(), "day"
    delta = (anchor.weekday() - wd) % 7
    if delta == 0 and mod in ("last", "past", "this past"):
        delta = 7
    return (anchor - dt.timedelta(days=delta)).isoformat(), "day"


def _named_month(month: int, mod: str, anchor: dt.date) -> tuple[str, str]:
    year = anchor.year
    if mod in ("next", "coming"):
        year += 1 if month <= anchor.month else 0
    elif mod != "this" and month > anchor.month:
        year -= 1
    return _month(year, month)


def _month_day(month: int, day: int, year: str | None, anchor: dt.date | None):
    if year:
        return _day(int(year), month, day)
    if anchor is None:
        return None
    y = anchor.year - (1 if (month, day) > (anchor.month, anchor.day) else 0)
    return _day(y, month, day)


def _day(y: int, m: int, d: int) -> tuple[str, str] | None:
    try:
        return dt.date(y, m, d).isoformat(), "day"
    except ValueError:
        return None


def _month(y: int, m: int) -> tuple[str, str] | None:
    if not 1 <= m <= 12 or y < 1:
        return None
    return f"{y:04d}-{m:02d}-01", "month"


@lru_cache(maxsize=4096)
def _dateparser(s: str, anchor: dt.date | None) -> tuple[str, str] | None:
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if anchor is not None:
        settings["RELATIVE_BASE"] = dt.datetime(anchor.year, anchor.month, anchor.day)
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(s)
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    if d.year < 1900 or (anchor is not None and d.year > anchor.year + 50):
        return None  # "1800 UTC" is a clock time, not a year
    if data.period == "year":
        return f"{d.year:04d}-01-01", "year"
    if data.period == "month":
        return _month(d.year, d.month)
    if data.period == "day":
        return d.isoformat(), "day"
    return None


def _candidates(sent: Span, trigger: Token | None) -> list[str]:
    """Temporal expressions of `sent`, best first for `trigger`."""
    w = _words()
    found: list[tuple[int, int, Token, str]] = []
    covered: set[int] = set()
    for ent in ents(sent, _DATE_LABELS):
        found.append((ent.start, ent.end, ent.root, ent.text))
        covered.update(range(ent.start, ent.end))
    for tok in sent:
        if tok.i in covered:
            continue
        low = tok.lower_
        hit = (low in w["day_words"] or (low in w["weekdays"] and len(low) > 3)
               or (low in w["months"] and len(low) > 3 and tok.pos_ == "PROPN")
               or (tok.like_num and len(low) == 4 and low.isdigit() and low[:2] in ("19", "20")
                   and tok.head.lower_ in ("in", "since", "by", "during", "until")))
        if hit:
            start = tok.i
            prev = tok.nbor(-1) if tok.i > sent.start else None
            if prev is not None and prev.lower_ in ("last", "next", "this", "early", "late"):
                start = prev.i
            found.append((start, tok.i + 1, tok, sent.doc[start:tok.i + 1].text))
    anchor_tok = trigger if trigger is not None else sent.root
    head = anchor_tok if anchor_tok.pos_ in VERBAL else governor(anchor_tok)
    return [c[3] for c in sorted(found, key=lambda c: (_rank(c[2], anchor_tok, head),
                                                       abs(c[2].i - anchor_tok.i)))]



def _rank(root: Token, trigger: Token, head: Token) -> int:
    gov = governor(root)
    if gov.i == head.i or root.head.i == trigger.i:
        return 0
    if trigger.is_ancestor(root):
        return 1
    if gov.is_ancestor(trigger):
        return 2
    return 3
