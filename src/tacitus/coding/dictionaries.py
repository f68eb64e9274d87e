"""Actor dictionaries: named actors with dated codes, built in (`people.tsv`) or from users.

`ActorDictionary.load(paths)` reads YAML or CSV files whose entries have the columns name, aliases,
code, country, sectors, start, end (and optionally role, surname). `from_petrarch(path)` imports
actor and agent dictionaries in the PETRARCH/Phoenix text format. `from_overrides(mapping)` takes
the store's actor overrides. `builtin()` is the people table shipped with Tacitus.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from calendar import monthrange
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from ..records import Actor
from .actor_data import lexicon, norm


@dataclass(frozen=True)
class DictEntry:
    """One dated role of a named actor."""

    name: str
    country: str | None = None  # ISO3, IGO, NGO ...
    sectors: tuple[str, ...] = ()
    code: str = ""  # explicit CAMEO code; empty: composed from country and sectors
    role: str = ""
    start: date | None = None
    end: date | None = None
    person: bool = True

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def distance(self, day: date) -> int:
        """Days between `day` and this role's dates (0 inside them)."""
        if self.start is not None and day < self.start:
            return (self.start - day).days
        if self.end is not None and day > self.end:
            return (day - self.end).days
        return 0


@dataclass
class ActorDictionary:
    """Names -> dated entries. `names` are usable alone, `surnames` once the actor is introduced."""

    entries: dict[str, list[DictEntry]] = field(default_factory=dict)  # canonical name -> roles
    names: dict[str, set[str]] = field(default_factory=dict)  # key -> canonical names
    surnames: dict[str, set[str]] = field(default_factory=dict)
    agents: dict[str, tuple[str, ...]] = field(default_factory=dict)  # title phrase -> sectors
    max_tokens: int = 1

    # ---- building -----------------------------------------------------------------------------

    def add(self, entry: DictEntry, aliases: Iterable[str] = (), surname: str | None = "") -> None:
        """Add one role; `surname` "" means the last word of the name, None means none."""
        self.entries.setdefault(entry.name, []).append(entry)
        for alias in [entry.name, *aliases]:
            self._index(self.names, alias, entry.name)
        if surname == "" and " " in entry.name.strip():
            surname = entry.name.split()[-1]
        if surname:
            self._index(self.surnames, surname, entry.name)

    def _index(self, table: dict[str, set[str]], alias: str, name: str) -> None:
        key = match_key(alias)
        if key:
            table.setdefault(key, set()).add(name)
            self.max_tokens = max(self.max_tokens, len(re.findall(r"\w+|[^\w\s]", alias)))

    def merge(self, other: ActorDictionary) -> ActorDictionary:
        """A new dictionary with both; `other`'s entries replace same-named ones of `self`."""
        out = ActorDictionary()
        for source in (self, other):
            for name in source.entries:
                out.entries[name] = list(source.entries[name])
            for table, target in ((source.names, out.names), (source.surnames, out.surnames)):
                for key, names in table.items():
                    target.setdefault(key, set()).update(names)
            out.agents.update(source.agents)
            out.max_tokens = max(out.max_tokens, source.max_tokens)
        return out

    # ---- lookup -------------------------------------------------------------------------------

    def find(self, text: str, surname: bool = False) -> list[str]:
        """Canonical names an alias (or, with `surname`, a surname) stands for."""
        table = self.surnames if surname else self.names
        return sorted(table.get(match_key(text), ()))

    def pick(self, names: Iterable[str], day: date | None,
             mentioned: Iterable[str] = ()) -> DictEntry | None:
        """The role for `day` among the entries of `names`: covering it, else nearest; without a
        day the latest. Roles in a country the document mentions win ties."""
        seen = set(mentioned)
        roles = [e for n in names for e in self.entries.get(n, ())]
        if not roles:
            return None

        def rank(e: DictEntry) -> tuple:
            far = e.distance(day) if day else 0
            latest = (e.end or date.max, e.start or date.min)
            return (far, e.country not in seen, [-d.toordinal() for d in latest])

        return min(roles, key=rank)

    # ---- readers ------------------------------------------------------------------------------

    @classmethod
    def load(cls, paths: str | Path | Iterable[str | Path]) -> ActorDictionary:
        """Read YAML (`.yaml`/`.yml`), CSV (`.csv`) or PETRARCH (other) dictionary files."""
        if isinstance(paths, (str, Path)):
            paths = [paths]
        out = cls()
        for path in map(Path, paths):
            if path.suffix.lower() in (".yaml", ".yml"):
                rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
                part = cls.from_records(rows)
            elif path.suffix.lower() == ".csv":
                with path.open(encoding="utf-8", newline="") as fh:
                    part = cls.from_records(list(csv.DictReader(fh)))
            else:
                part = cls.from_petrarch(path)
            out = out.merge(part)
        return out

    @classmethod
    def from_records(cls, rows: Iterable[Mapping]) -> ActorDictionary:
        """Entries from mappings with name, aliases, code, country, sectors, start, end."""
        out = cls()
        for row in rows:
            name = str(row.get("name") or "").strip()
            if not name:
                continue
            country, sectors, code = _code_parts(row.get("code"), row.get("country"),
                                                 _listify(row.get("sectors")))
            entry = DictEntry(name, country, sectors, code, str(row.get("role") or ""),
                              parse_date(row.get("start")), parse_date(row.get("end"), True),
                              person=bool(row.get("person", True)))
            surname = row.get("surname")
            out.add(entry, _listify(row.get("aliases")),
                    None if surname == "-" else str(surname or ""))
        return out

    @classmethod
    def from_overrides(cls, overrides: Mapping[str, Mapping]) -> ActorDictionary:
        """Entries from the store's overrides: {name: {code, country, sectors, note}}."""
        rows = [{"name": name, "surname": "-", **{k: v for k, v in dict(spec).items()
                                                  if k in ("code", "country", "sectors")}}
                for name, spec in overrides.items()]
        return cls.from_records(rows)

    @classmethod
    def from_petrarch(cls, path: str | Path) -> ActorDictionary:
        """Import a PETRARCH/Phoenix actor or agent dictionary (see `_petrarch_blocks`)."""
        out = cls()
        for names, codes in _petrarch_blocks(Path(path).read_text(encoding="utf-8")):
            canonical = names[0]
            for raw in codes:
                if raw.startswith("~"):  # agent: a title noun with sectors
                    sectors = tuple(s for s in raw.split("~") if s)
                    for name in names:
                        out.agents[norm(name)] = sectors
                    continue
                code, start, end = _petrarch_code(raw)
                if not code:
                    continue
                country, sectors, code = _code_parts(code, None, [])
                out.add(DictEntry(canonical, country, sectors, code, "", start, end,
                                  person=False), names[1:], None)
        return out


def match_key(text: str) -> str:
    """Lower-case, accent-free, single-spaced text; hyphens and spaces are interchangeable."""
    text = unicodedata.normalize("NFKD", norm(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("ı", "i")
    return re.sub(r"\s*-\s*|\s+", " ", text).strip()


def parse_date(value: object, end: bool = False) -> date | None:
    """YYYY, YYYY-MM, YYYY-MM-DD or YYYYMMDD (a `date` passes); partial dates fill to the start,
    or with `end` to the end, of the period."""
    if value in (None, "", "null"):
        return None
    if isinstance(value, date):
        return value
    digits = re.sub(r"\D", "", str(value))
    if len(digits) not in (4, 6, 8):
        raise ValueError(f"bad date: {value!r}")
    year = int(digits[:4])
    if len(digits) == 4:
        return date(year, 12, 31) if end else date(year, 1, 1)
    month = int(digits[4:6])
    if len(digits) == 6:
        return date(year, month, monthrange(year, month)[1] if end else 1)
    return date(year, month, int(digits[6:8]))


def _listify(value: object) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [p.strip() for p in re.split(r"[|;]", value) if p.strip()]
    return [str(v).strip() for v in value if str(v).strip()]  # type: ignore[union-attr]


def code_actor(code: str | None, text: str = "we") -> Actor | None:
    """An actor from a bare CAMEO actor code ("USAGOV", "IGOUNO"), or None when its country
    part is unknown."""
    country, sectors, code = _code_parts(code, None, [])
    if not code or not (country in lexicon().countries or country in ("IGO", "NGO", "IMG")):
        return None
    name = lexicon().countries[country].name if country in lexicon().countries else code
    return Actor(text, name, code, country, list(sectors))


def _code_parts(code: object, country: object,
                sectors: list[str]) -> tuple[str | None, tuple[str, ...], str]:
    """(country, sectors, code), filling country and sectors from a CAMEO code when missing."""
    code = str(code or "").strip().upper()
    country = str(country or "").strip().upper() or None
    if code and country is None:
        head = code[:3]
        country = _cameo_to_iso3().get(head, head)
        if not sectors and country not in ("IGO", "NGO", "IMG"):
            sectors = [code[i:i + 3] for i in range(3, len(code), 3)]
    return country, tuple(s.upper() for s in sectors), code


@cache
def _cameo_to_iso3() -> dict[str, str]:
    return {c.cameo: iso3 for iso3, c in lexicon().countries.items()}


_COMMENT = re.compile(r"#.*$")
_BRACKET = re.compile(r"\[([^\]]*)\]")


def _petrarch_blocks(text: str) -> list[tuple[list[str], list[str]]]:
    """(names, raw codes) per entry. A name line `JOHN_SMITH_ [CODE]` may carry codes; `+ALIAS`
    lines add names; `[CODE ...]` lines add codes; `{PLURAL_}` forms are names; `#` comments."""
    blocks: list[tuple[list[str], list[str]]] = []
    for line in text.splitlines():
        line = _COMMENT.sub("", line).strip()
        if not line:
            continue
        codes = _BRACKET.findall(line)
        rest = _BRACKET.sub(" ", line)
        plurals = re.findall(r"\{([^}]*)\}", rest)
        rest = re.sub(r"\{[^}]*\}", " ", rest).strip()
        if rest.startswith("+") and blocks:
            blocks[-1][0].append(_petrarch_name(rest[1:]))
        elif rest:
            blocks.append(([_petrarch_name(rest)], []))
        elif not codes or not blocks:
            continue
        blocks[-1][0].extend(_petrarch_name(p) for p in plurals if p.strip())
        blocks[-1][1].extend(c.strip() for c in codes if c.strip())
    return [(names, codes) for names, codes in blocks if codes]


def _petrarch_name(token: str) -> str:
    words = token.strip().strip("_").replace("_", " ").split()
    return " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in words)


def _petrarch_code(raw: str) -> tuple[str, date | None, date | None]:
    """`USAGOV`, `USAGOV 19950101-20001231`, `USAGOV >19950101`, `USAGOV <20001231`."""
    parts = raw.split()
    code = parts[0].upper() if parts else ""
    if code.startswith("---"):
        return "", None, None
    restriction = "".join(parts[1:])
    if not restriction:
        return code, None, None
    if restriction.startswith(">"):
        return code, parse_date(restriction[1:]), None
    if restriction.startswith("<"):
        return code, None, parse_date(restriction[1:], True)
    start, _, end = restriction.partition("-")
    return code, parse_date(start), parse_date(end, True) if end else None


@cache
def builtin() -> ActorDictionary:
    """The people table shipped with Tacitus (`data/actors/people.tsv`)."""
    path = resources.files("tacitus") / "data" / "actors" / "people.tsv"
    out = ActorDictionary()
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not row or row[0].startswith("#"):
                continue
            name, aliases, surname, country, sectors, role, start, end, code = (row + [""] * 9)[:9]
            entry = DictEntry(name, country or None, tuple(_listify(sectors)), code, role,
                              parse_date(start), parse_date(end, True))
            out.add(entry, _listify(aliases), None if surname == "-" else surname)
    return out

