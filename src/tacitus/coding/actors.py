"""Actor resolution: noun phrases -> CAMEO actors, with per-document people and coreference.

`DocumentActors(doc)` scans one parsed article once: it marks every lexicon name (countries,
demonyms, seats of power, organisations; see `actor_data`), every title or role noun, and
registers people named with a title or nationality. `resolve(token)` then works on the noun
phrase headed by `token` (its left modifiers and an "of X" complement) without rescanning.

Rules, in order, for the head token:

1. Pronouns. he/she/him/her/his/hers -> the most recent person mention before the token.
   it/its/they/them/their -> the latest country or organisation in subject position before the
   token in this or the previous sentence, else the latest such mention in those two sentences.
   Expletive "it" is None. No gender or number agreement is checked; an object pronoun skips
   its own clause's subject ("Dupont thanked him" is not Dupont).
2. A name covering the head: an organisation -> its entry; a person registered in this document
   -> that person; a country name -> the bare country; a seat of power (Ankara, the Kremlin)
   -> that country's government; a plural demonym ("the Turks") -> the bare country. Regions
   (`regions.tsv`: Darfur, Chechnya) give a phrase their country as cities do ("Darfur rebels");
   alone they are the bare country only loosely, never its government.
3. A title or role noun at the head (president, troops, police, "Defense Secretary"):
   sectors from the title table; the country comes from, in order, the phrase itself (adjective,
   name, city, possessive, "of X"), an appositive, a person registered earlier with the same
   role ("the pastor", "the Turkish strongman" -> that person), the title's home country in the
   table ("Defense Secretary" -> USA) if that country is mentioned in the document, for strongly
   national titles ("the government", "the Senate") the document's most-mentioned country, else
   the latest country mentioned before the token. Possessives carry their owner's country
   ("his government").
   People named without title or nationality are registered too (so "he" does not skip them),
   but resolve to None: they have no CAMEO code.
4. Anything else is not an actor. With `loose=True` the phrase's country, if it carries one
   ("Turkish imports", "the US move"), gives a bare country actor.

Conjoined heads ("Israel and the Palestinians") and conjoined country adjectives ("Hungarian and
Romanian officials") give a compound actor whose `members` list each part.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from datetime import date as Date

from spacy.tokens import Doc, Span, Token

from ..records import Actor
from .actor_data import (
    MAX_NAME_TOKENS,
    SHARED_COUNTRY_NAMES,
    Entry,
    Title,
    cities,
    city_alternatives,
    first_word_prefixes,
    lexicon,
    near_country,
    norm,
)
from .dictionaries import ActorDictionary, DictEntry, builtin, match_key
from .syntax import prep_objects

PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
FIRST_PERSON_PLURAL = {"we", "us", "our", "ours", "ourselves"}
GROUP_PRONOUNS = {"it", "its", "itself", "they", "them", "their", "theirs", "themselves"}
NP_LEFT_DEPS = {"compound", "amod", "nmod", "poss", "det", "nummod", "npadvmod", "quantmod"}
# modifiers of another noun: "the American embassy" says nothing of the protesters outside it
MODIFIER_DEPS = {"amod", "compound", "poss", "nmod"}
# sectors of people outside the state: an unnamed group of them gets a country only from its own
# phrase, an earlier mention or a document about one country
NONSTATE_SECTORS = {"CVL", "REB", "OPP", "LAB", "REF", "EDU", "AGR", "CRM", "RAD", "MED"}
# "U.S.-backed rebels" are not American: such compounds give a country only in loose mode
ZAIRE_RENAMED = Date(1997, 5, 17)  # Zaire became the Democratic Republic of the Congo
PEOPLE_PLACE_PREPS = frozenset({"in", "inside", "of", "from"})
STANCE_PREFIXES = {"anti", "pro"}
COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
           "central", "northeast", "northwest", "southeast", "southwest", "upper", "lower"}
HONORIFICS = {"majesty", "highness", "excellency", "eminence", "holiness", "honourable",
              "honorable"}
BUILDINGS = {"church", "cathedral", "chapel", "basilica", "abbey", "college", "school", "street",
             "road", "avenue", "square", "park", "gardens", "hospital", "stadium"}
BACKER_SUFFIXES = {"backed", "sponsored", "supported", "funded", "allied", "armed",
                   "trained", "occupied", "held", "controlled", "ruled", "administered", "run",
                   "dominated", "annexed"}


@dataclass
class Person:
    name: str
    country: str | None = None
    sectors: list[str] = field(default_factory=list)
    role: str = ""  # the title phrase ("pastor", "president")
    leader: bool = False
    code: str = ""  # explicit CAMEO code (dictionary entries), else composed


def _nonstate(title: Title) -> bool:
    """True for groups of people outside the state (protesters, rebels, students)."""
    return title.kind in ("group", "body") and bool(title.sectors) \
        and set(title.sectors) <= NONSTATE_SECTORS


def compose_code(country: str | None, sectors: list[str] | tuple[str, ...]) -> str:
    """CAMEO code: CAMEO country code, then the sector codes."""
    lex = lexicon()
    base = lex.countries[country].cameo if country in lex.countries else (country or "")
    return base + "".join(sectors)


def country_name(country: str | None) -> str:
    info = lexicon().countries.get(country or "")
    return info.name if info else (country or "")


class DocumentActors:
    """Per-document actor state; see the module docstring for the rules."""

    coreference = True  # pronouns and definite descriptions; off only to measure their effect

    def __init__(self, doc: Doc, date: Date | None = None,
                 dictionary: ActorDictionary | None = None, publisher: Actor | None = None
                 ) -> None:
        self.doc = doc
        self.date = date
        self.publisher = publisher  # who "we" is in the text's own voice
        self._lex = lexicon()
        self._cities = cities()
        self._dicts = [d for d in (dictionary, builtin()) if d is not None]
        self._title_table = dict(self._lex.titles)
        for phrase, sectors in (dictionary.agents if dictionary else {}).items():
            self._title_table[phrase] = Title(phrase, sectors, "person", "")
        self._max_title_words = max(len(k.split()) for k in self._title_table)
        self._names: dict[int, tuple[int, int, Entry]] = {}
        self._titles: dict[int, tuple[int, int, Title]] = {}
        self._persons: dict[int, Person] = {}
        self._named: dict[int, Person] = {}  # dictionary actors that are not people
        self._cache: dict[tuple[int, bool], Actor | None] = {}
        # Token attributes read once: slicing a Doc into Spans is costly in the scans below.
        self._toks = list(doc)
        self._texts = [t.text for t in self._toks]
        self._ws = [t.whitespace_ for t in self._toks]
        self._punct = [t.is_punct for t in self._toks]
        self._space = [t.is_space for t in self._toks]
        self._norm = [norm(t) for t in self._texts]
        self._known = known_spans(doc, self._dicts, self._toks)
        self._scan_names()
        self._relocate_cities()
        self._relocate_shared_names()
        self._scan_titles()
        mentions = sorted((i, e.country) for i, (s, _, e) in self._names.items()
                          if i == s and e.kind in ("country", "demonym", "seat", "city", "region",
                                                   "regional")
                          and e.country in self._lex.countries)
        self._country_at = [i for i, _ in mentions]
        self._country_of = [c for _, c in mentions]
        self._counts = Counter(self._country_of)
        self._ready = False  # while people are registered, possessives are not resolved
        self._confirm_known()
        self._register_people()
        self._register_known()
        self._index_mentions()
        self._ready = True

    # ---- public API -------------------------------------------------------------------------

    def countries(self) -> list[str]:
        """ISO3 codes mentioned in the document, most frequent first."""
        return [c for c, _ in self._counts.most_common()]

    def resolve(self, token: Token, loose: bool = False) -> Actor | None:
        """The actor named by the noun phrase headed by `token`, or None."""
        key = (token.i, loose)
        if key not in self._cache:
            self._cache[key] = None  # guards against cycles through coreference
            self._cache[key] = self._resolve(token, loose)
        return self._cache[key]

    def names_in(self, text: str) -> list[Actor]:
        """Actors named in a plain string with no parse (a title): the longest known names,
        left to right."""
        words = re.findall(r"[\w.'’-]+", re.sub(r"(?<=\w)-(?=[A-Z])", " ", text))
        out, i = [], 0
        while i < len(words):
            for n in range(min(MAX_NAME_TOKENS, len(words) - i), 0, -1):
                phrase = " ".join(words[i:i + n]).rstrip(".")
                entry = self._lex.lookup(phrase)
                if entry is not None and entry.kind != "city" and entry.country:
                    out.append(self._entry_actor(entry, phrase))
                    i += n
                    break
            else:
                i += 1
        return out

    def resolve_span(self, span: Span, loose: bool = False) -> Actor | None:
        """Resolve an explicit span: a name covering it exactly, else its syntactic root."""
        entry = self._lex.lookup(span.text)
        if entry is not None:
            return self._entry_actor(entry, span.text)
        return self.resolve(span.root, loose=loose)

    # ---- document scan ----------------------------------------------------------------------

    def _scan_names(self) -> None:
        doc, i = self.doc, 0
        starts = _name_prefixes(self._lex)
        while i < len(doc):
            # dictionary names win over the lexicon, unless a longer name starts there ("Costa
            # Rica" over the surname "Costa")
            shortest = self._known[i][1] - i + 1 if i in self._known else 2
            hit = None
            longest = MAX_NAME_TOKENS if self._norm[i] in starts else 1
            for n in range(min(longest, len(doc) - i), shortest - 1, -1):
                if self._punct[i + n - 1] or self._space[i]:
                    continue
                entry = self._lex.lookup(self._span_text(i, i + n))
                if entry is not None:
                    hit = (i, i + n, entry)
                    break
            if i in self._known:
                if hit is None:
                    i = self._known[i][1]
                    continue
                for j in range(i, self._known[i][1]):
                    del self._known[j]
            if hit is None:
                entry = self._single_token(self._toks[i])
                hit = (i, i + 1, entry) if entry is not None else None
            if hit is None:
                i += 1
                continue
            if hit[2].kind != "org" and self._inside_longer_name(doc, hit[0], hit[1]):
                i = hit[1]  # "Michael Jordan", "New Jersey", "South America" are not countries
                continue
            if hit[2].kind in ("seat", "city") and self._names_a_building(doc[hit[0]:hit[1]].root):
                i = hit[1]  # "St. John's Episcopal Church" in Washington is not Antigua's
                continue
            if self._stance_prefix(hit[0]):
                i = hit[1]  # "an anti-Syria journalist", "pro-Iranian militias": not their people
                continue
            end = hit[1]
            if end + 1 < len(doc) and self._texts[end] == "-" and hit[2].country \
                    and self._texts[end + 1].lower() in BACKER_SUFFIXES:
                # "Israeli-occupied West Bank" split into three tokens: a backer, not an owner
                hit = (hit[0], end, Entry("backer", hit[2].country, hit[2].name))
            for j in range(hit[0], hit[1]):
                self._names[j] = hit
            i = hit[1]

    @staticmethod
    def _names_a_building(tok: Token) -> bool:
        """True when the name headed by `tok` begins the proper name of a building, street or
        park ("St. John's Episcopal Church", "Kingston Road"), which may lie anywhere."""
        head = tok.head
        while head.dep_ == "compound" and head.head.i > head.i:
            head = head.head
        return tok.dep_ in ("compound", "poss") and head.i > tok.i and head.pos_ == "PROPN" \
            and head.lower_ in BUILDINGS

    def _stance_prefix(self, i: int) -> bool:
        """True when the name at token i follows "anti-" or "pro-"."""
        prev = self._texts[i - 1].lower() if i else ""
        if prev in ("anti-", "pro-"):
            return True
        return prev == "-" and i > 1 and self._texts[i - 2].lower() in STANCE_PREFIXES

    def _span_text(self, start: int, end: int) -> str:
        """The text of tokens [start, end), as `doc[start:end].text` gives it."""
        return "".join(self._texts[k] + self._ws[k] for k in range(start, end - 1)) + \
            self._texts[end - 1]

    def _inside_longer_name(self, doc: Doc, start: int, end: int) -> bool:
        """True when [start, end) continues a proper name that starts before it or after it."""
        first, nxt = doc[start], doc[end] if end < len(doc) else None
        before = doc[start - 1] if start else None
        if first.ent_iob_ == "I" and before is not None and before.pos_ == "PROPN" \
                and before.i not in self._names and before.lower_ not in COMPASS:
            return True  # but "South Lebanon", "Northern Iraq" are parts of the country
        # "Bosnian Serbs" tagged as a person is an adjective and a people, not a name
        return (end - start == 1 and first.ent_type_ == "PERSON" and nxt is not None
                and nxt.ent_iob_ == "I" and first.tag_ != "JJ")

    def _single_token(self, tok: Token) -> Entry | None:
        """A one-token name: the lexicon's, else a hyphen compound or a large city."""
        if tok.is_space:
            return None
        text = tok.text
        entry = self._lex.lookup(text) if self._norm[tok.i] in self._lex.names else None
        if entry is None and ("-" in text or tok.pos_ == "PROPN"):
            entry = self._single(tok)
        return entry

    def _single(self, tok: Token) -> Entry | None:
        """One token: a hyphen compound ("U.S.-backed", "Russian-made") or a large city."""
        text = tok.text
        if "-" in text:
            prefix = text.rsplit("-", 1)[0]
            entry = self._lex.lookup(prefix)
            if entry is not None and entry.kind in ("country", "demonym", "region", "regional"):
                suffix = text.rsplit("-", 1)[1].lower()
                kind = "backer" if suffix in BACKER_SUFFIXES else "demonym"
                return Entry(kind, entry.country, entry.name)
        if tok.pos_ == "PROPN" and text[:1].isupper():
            iso3 = self._cities.get(norm(text))
            if iso3:
                return Entry("city", iso3, country_name(iso3))
            if self._lone_place_name(tok):
                iso3 = near_country(text)  # "Ethopia", "Afganistan": a misspelt country
                if iso3:
                    return Entry("country", iso3, country_name(iso3))
        return None

    def _lone_place_name(self, tok: Token) -> bool:
        """A one-word proper name tagged as a place, or untagged and standing alone."""
        nxt = self._toks[tok.i + 1] if tok.i + 1 < len(self._toks) else None
        prev = self._toks[tok.i - 1] if tok.i else None
        if tok.ent_type_ == "GPE":
            return tok.ent_iob_ == "B" and (nxt is None or nxt.ent_iob_ != "I")
        return tok.ent_type_ == "" and all(t is None or t.pos_ != "PROPN" for t in (prev, nxt))

    def _relocate_shared_names(self) -> None:
        """ "Congo" and "Congolese" in a document that names only the Republic of the Congo
        (Brazzaville) by its own names, or written while the DR Congo was Zaire, are the
        Republic of the Congo."""
        shared = {i: hit for i, hit in self._names.items()
                  if i == hit[0] and norm(self._span_text(hit[0], hit[1])) in SHARED_COUNTRY_NAMES}
        named = {hit[2].country for i, hit in self._names.items() if i == hit[0]
                 and i not in shared}
        for start, end, entry in shared.values():
            other = SHARED_COUNTRY_NAMES[norm(self._span_text(start, end))]
            if other in named and entry.country not in named or (
                    self.date is not None and self.date < ZAIRE_RENAMED):
                self._move_name(start, end, entry.kind, other)

    def _relocate_cities(self) -> None:
        """A city name that several countries share (Tripoli in Libya and in Lebanon) is the
        other country's city when the document never names the usual one and its own sentence
        names the other one ("militias in Tripoli ... the north Lebanese port")."""
        alternatives = city_alternatives()
        shared = {i: hit for i, hit in self._names.items()
                  if i == hit[0] and hit[2].kind in ("city", "seat")
                  and norm(self._span_text(hit[0], hit[1])) in alternatives}
        if not shared:
            return
        named = {hit[2].country for i, hit in self._names.items() if i == hit[0]
                 and i not in shared and hit[2].kind != "backer"}
        for i, (start, end, entry) in shared.items():
            if entry.country in named:
                continue
            sent = self._toks[i].sent
            here = {hit[2].country for j, hit in self._names.items()
                    if sent.start <= j < sent.end and j not in shared}
            others = (alternatives[norm(self._span_text(start, end))] - {entry.country}) & here
            if len(others) == 1:
                self._move_name(start, end, "city", next(iter(others)))

    def _move_name(self, start: int, end: int, kind: str, country: str) -> None:
        """Read the name at tokens [start, end) as `country`'s."""
        moved = (start, end, Entry(kind, country, country_name(country)))
        for j in range(start, end):
            self._names[j] = moved

    def _scan_titles(self) -> None:
        doc, i = self.doc, 0
        starts = _title_prefixes(self._lex) | first_word_prefixes(
            k for k in self._title_table if k not in self._lex.titles)
        lemmas = [t.lemma_.lower() for t in self._toks]
        while i < len(doc):
            found = None
            if self._norm[i] not in starts and lemmas[i] not in starts \
                    and self._norm[i].removesuffix("s") not in starts:  # "Rebels" tagged NNP
                i += 1
                continue
            for n in range(min(self._max_title_words, len(doc) - i), 0, -1):
                span = doc[i:i + n]
                if span[-1].pos_ not in ("NOUN", "PROPN"):
                    continue
                text = norm(span.text)
                for key in (norm(" ".join(t.lemma_ for t in span)), text, text.removesuffix("s"),
                            text.replace("-", " ")):  # "Vice-President"
                    title = self._title_table.get(key)
                    if title is not None:
                        found = (i, i + n, title)
                        break
                if found:
                    break
            if found is None:
                i += 1
                continue
            for j in range(found[0], found[1]):
                if j not in self._names or self._names[j][2].kind in ("demonym", "city"):
                    self._titles[j] = found
            i = found[1]

    def _register_people(self) -> None:
        by_name: dict[str, Person] = {}
        spans: list[tuple[Span, Person]] = []
        for ent in self.doc.ents:
            if ent.label_ != "PERSON":
                continue
            toks = [t for t in ent if t.text not in ("'s", "’s", "'", "’")]
            while toks and (toks[0].i in self._titles or self._is_demonym(toks[0])):
                toks.pop(0)  # "King Maha Vajiralongkorn": the title is not part of the name
            if not toks or any(t.i in self._names or t.i in self._known for t in toks):
                continue
            full = " ".join(t.text for t in toks)
            person = by_name.get(full) or by_name.get(toks[-1].text)
            info = self._person_info(self.doc[toks[0].i:toks[-1].i + 1])
            if person is None:
                person = Person(full)
            elif len(full) > len(person.name):
                person.name = full
            if info is not None and (person.country is None or not person.sectors):
                person.country = person.country or info[0]
                if not person.sectors:
                    person.sectors, person.role, person.leader = info[1], info[2], info[3]
            by_name[full] = by_name[toks[-1].text] = person
            spans.append((self.doc[toks[0].i:toks[-1].i + 1], person))
        for span, person in spans:
            for t in span:
                self._persons[t.i] = person
        for tok in self.doc:  # later (or mis-tagged) mentions by surname or full name
            if tok.pos_ == "PROPN" and tok.text in by_name and tok.i not in self._names:
                self._persons.setdefault(tok.i, by_name[tok.text])

    def _is_demonym(self, tok: Token) -> bool:
        hit = self._names.get(tok.i)
        return hit is not None and hit[2].kind in ("demonym", "regional")

    def _person_info(self, name: Span) -> tuple[str | None, list[str], str, bool] | None:
        """(country, sectors, role, leader) from the titles and nationality around a name."""
        root = name.root
        outside = [t for t in self._np_tokens(root) if t.i < name.start or t.i >= name.end]
        title = self._title_in(outside)
        country = self._country_in(outside)
        for other in [c for c in root.children if c.dep_ == "appos"] + (
                [root.head] if root.dep_ == "appos" else []):
            if title is None:
                title = self._title_at(other)
            if country is None:
                country = self._country_in(self._np_tokens(other))
        if title is None and country is None:
            return None
        sectors = list(title.sectors) if title else []
        if country is None and title is not None:
            country = self._person_country(title)
        role = title.phrase if title else ""
        return country, sectors, role, bool(title and title.kind == "leader")

    def _titled_home(self, title: Title) -> str | None:
        """A title's home country, when the document mentions it or the title is its own."""
        if title.home and title.home != "*" and (self._counts[title.home] or title.only):
            return title.home
        return None

    def _person_country(self, title: Title) -> str | None:
        """An unknown titled person's country without a cue: only when the document allows one,
        or a title only one country has ("Secretary of State Wendy Sherman" is American in a text
        that names only China)."""
        if (home := self._titled_home(title)) is not None:
            return home
        return next(iter(self._counts)) if len(self._counts) == 1 else None

    def _confirm_known(self) -> None:
        """Keep surname matches only of names introduced by full name, alias or their title
        ("President Bush", not "Senator Bush"), or of leaders naming a government ("the Bush
        administration")."""
        confirmed: dict[int, set[str]] = {}  # dictionary index -> names introduced
        for i, (s, e, k, names, alias) in sorted(self._known.items()):
            if i != s:
                continue
            if alias:
                confirmed.setdefault(k, set()).update(names)
            elif s and (s - 1) in self._titles:
                word = self._titles[s - 1][2].phrase.split()[-1]
                confirmed.setdefault(k, set()).update(
                    n for n in names
                    if any(word in e.role.split() for e in self._dicts[k].entries[n]))
            elif self._names_government(e):
                confirmed.setdefault(k, set()).update(
                    n for n in names if any(self._is_leader_role(r.role)
                                            for r in self._dicts[k].entries[n]))
        for i, (s, e, k, names, alias) in list(self._known.items()):
            kept = names if alias else [n for n in names if n in confirmed.get(k, ())]
            if kept:
                self._known[i] = (s, e, k, kept, alias)
            else:
                del self._known[i]

    def _names_government(self, i: int) -> bool:
        """True when token i starts a national government noun ("administration", "regime")."""
        hit = self._titles.get(i)
        return hit is not None and hit[0] == i and hit[2].home == "*" and "GOV" in hit[2].sectors

    def _is_leader_role(self, role: str) -> bool:
        title = self._lex.titles.get(norm(role))
        return title is not None and title.kind == "leader"

    def _register_known(self) -> None:
        """People and actors of the dictionaries, each with its role at the document's date."""
        seen = list(self._counts)
        people: dict[str, Person] = {}
        for start, (s, e, k, names, _alias) in sorted(self._known.items()):
            if start != s:
                continue
            entry = self._dicts[k].pick(names, self.date, seen)
            if entry is None:
                continue
            person = people.get(entry.name) or self._known_person(entry)
            people[entry.name] = person
            table = self._persons if entry.person else self._named
            for j in range(s, e):  # a person the document named in full wins ("Hunter Biden")
                table.setdefault(j, person)

    def _known_person(self, entry: DictEntry) -> Person:
        title = self._lex.titles.get(norm(entry.role))
        return Person(entry.name, entry.country, list(entry.sectors), entry.role,
                      bool(title and title.kind == "leader"), entry.code)

    def _index_mentions(self) -> None:
        """Positions of person mentions and of country/organisation heads, for coreference."""
        self._person_at: list[int] = []
        self._person_list: list[Person] = []
        last = None
        for i in sorted(self._persons):
            if last is None or i != last + 1 or self._persons[i] is not self._persons[last]:
                self._person_at.append(i)
                self._person_list.append(self._persons[i])
            last = i
        self._group_at: list[int] = []
        self._subject_at: list[int] = []
        for i, (_s, e, entry) in sorted(self._names.items()):
            tok = self.doc[i]
            if i != e - 1 or entry.kind in ("demonym", "city") or tok.dep_ in ("compound", "amod"):
                continue
            self._group_at.append(i)
            if tok.dep_ in ("nsubj", "nsubjpass"):
                self._subject_at.append(i)
        self._title_heads: dict[str, list[int]] = {}
        for i, (_s, e, title) in sorted(self._titles.items()):
            if i == e - 1:
                self._title_heads.setdefault(title.phrase.split()[-1], []).append(i)
        self._plural_at = [i for i in range(len(self._toks)) if self._plural_head(i)]

    def _plural_head(self, i: int) -> bool:
        """True for a noun phrase head that names several people or parties: "the rebels",
        "Kenyan officials", "the Turks", "Kenya and Uganda" (the antecedents of "they")."""
        tok = self._toks[i]
        if tok.dep_ in MODIFIER_DEPS or tok.pos_ not in ("NOUN", "PROPN"):
            return False
        if tok.tag_ in ("NNS", "NNPS"):
            hit = self._titles.get(i)
            if hit is not None and hit[1] == i + 1:
                return True
            name = self._names.get(i)
            if name is not None and name[1] == i + 1 and name[2].kind in (
                    "demonym", "regional", "ethnic", "org"):
                return True
        if i in self._names or i in self._titles:
            return any(c.dep_ == "conj" and (c.i in self._names or c.i in self._titles)
                       for c in tok.children)
        return False

    # ---- noun phrase analysis ---------------------------------------------------------------

    def _np_tokens(self, head: Token) -> list[Token]:
        """The head, its left modifiers (with their subtrees) and an "of X" complement."""
        out = [head]
        for child in head.children:
            if child.i < head.i and child.dep_ in NP_LEFT_DEPS:
                out.extend(child.subtree)
            elif child.dep_ == "prep" and child.lower_ == "of" and child.i > head.i:
                out.extend(child.subtree)
        return sorted(set(out), key=lambda t: t.i)

    def _title_at(self, tok: Token) -> Title | None:
        hit = self._titles.get(tok.i)
        return hit[2] if hit else None

    def _title_in(self, toks: list[Token]) -> Title | None:
        for tok in reversed(toks):
            title = self._title_at(tok)
            if title is not None:
                return title
        return None

    def _country_in(self, toks: list[Token], loose: bool = False) -> str | None:
        """The first country carried by a list of tokens (names, demonyms, possessives, known
        people as modifiers: "the Bush administration")."""
        entry = self._owner_in(toks, loose)
        return entry.country if entry is not None else None

    def _owner_in(self, toks: list[Token], loose: bool = False) -> Entry | None:
        """The first name, possessive owner or known person that gives a list of tokens a country,
        as an entry (an organisation's entry keeps its own code: "U.N. peacekeepers")."""
        for tok in toks:
            hit = self._names.get(tok.i)
            if hit is not None and hit[2].country and (loose or hit[2].kind != "backer") \
                    and (hit[2].kind != "ethnic" or self._home_applies(hit[2].country)):
                return hit[2]
            if not self._ready:
                continue
            if tok.dep_ == "poss":
                owner = self.resolve(tok)
                if owner is not None and owner.country:
                    return Entry("owner", owner.country, owner.name)
            elif tok.dep_ == "compound" and tok.i in self._persons:
                person = self._persons[tok.i]
                if person.country:
                    return Entry("owner", person.country, person.name)
        return None

    def _located_in(self, tok: Token, preps: frozenset[str] = frozenset({"in", "inside"})
                    ) -> str | None:
        """The country of a place complement of `tok` ("rebels in Ivory Coast")."""
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in preps and child.i > tok.i:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        country = self._country_in(self._np_tokens(obj))
                        if country in self._lex.countries:
                            return country
        return None

    def _countries_in(self, toks: list[Token]) -> list[str]:
        seen: list[str] = []
        for tok in toks:
            hit = self._names.get(tok.i)
            if hit is not None and hit[2].kind != "backer" and hit[2].country not in seen:
                seen.append(hit[2].country)
        return seen

    def _latest_country(self, i: int) -> str | None:
        k = bisect_left(self._country_at, i)
        return self._country_of[k - 1] if k else None

    def _main_country(self) -> str | None:
        top = self._counts.most_common(1)
        return top[0][0] if top else None

    def _default_country(self, title: Title, i: int) -> str | None:
        if (home := self._titled_home(title)) is not None:
            return home
        if title.home == "*":
            return self._main_country() or self._latest_country(i)
        return self._latest_country(i) or self._main_country()

    # ---- resolution -------------------------------------------------------------------------

    def _resolve(self, tok: Token, loose: bool) -> Actor | None:
        actor = self._resolve_head(tok)
        if actor is not None:
            parts = [actor] + [a for a in (self.resolve(c) for c in tok.children
                                           if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN"))
                               if a is not None]
            return self._compound(parts) if len(parts) > 1 else actor
        if loose:
            country = self._country_in(self._np_tokens(tok), loose=True)
            if country is None and tok.pos_ == "NOUN":
                # "a camp for Congolese refugees": a thing made for a country's people
                country = next((a.country for lemma, o in prep_objects(tok) if lemma == "for"
                                and (a := self.resolve(o)) is not None and a.sectors
                                and a.country in self._lex.countries), None)
            if country is not None:
                return self._country_actor(country, self._np_text(tok), [])
        return None

    def _resolve_head(self, tok: Token) -> Actor | None:
        text = self._np_text(tok)
        low = tok.lower_
        inner = self._partitive(tok)
        if inner is not None:
            return self._resolve_inner(inner, text)
        if tok.pos_ == "PRON" or low in PERSON_PRONOUNS | GROUP_PRONOUNS:
            return self._pronoun(tok)
        if tok.i in self._named:
            return self._person_actor(self._named[tok.i], text)
        hit = self._names.get(tok.i)
        if hit is not None and hit[2].kind == "org":
            return self._entry_actor(hit[2], text)
        person = self._persons.get(tok.i)
        if person is not None:
            return self._person_actor(person, text)
        if hit is not None and hit[2].kind in ("country", "seat"):
            return self._entry_actor(hit[2], text)
        if hit is not None and (hit[2].kind == "ethnic" or (
                hit[2].kind in ("demonym", "regional") and tok.tag_ in ("NNS", "NNPS"))):
            return self._people(tok, hit[2], text)
        title = self._title_at(tok)
        if title is not None:
            return self._titled(tok, title, text)
        if tok.pos_ == "PROPN":
            # "Vice-President Moody Awori" with the name not tagged as a person: the title.
            for c in tok.children:
                if c.dep_ == "compound" and c.i < tok.i \
                        and (title := self._title_at(c)) is not None:
                    return self._titled(c, title, text)
            return self._described(tok, text)
        return None

    def _described(self, tok: Token, text: str) -> Actor | None:
        """A name the lists lack, described by an appositive that names a listed actor, a role
        of a named country or an organisation: "Kenzo Oshima, the United Nations relief
        coordinator" is the UN; "X, Puerto Rico's governor" is Puerto Rico's government."""
        for other in [c for c in tok.children if c.dep_ == "appos" and c.i > tok.i]:
            if other.pos_ not in ("NOUN", "PROPN") or other.i in self._names:
                continue
            owner = self._owner_in(self._np_tokens(other))
            actor = self.resolve(other)
            if actor is not None and (owner is not None and other.pos_ == "NOUN"
                                      or other.i in self._named):
                return _mention(tok, actor)  # not a title's default country
            if owner is not None and owner.kind == "org":
                return Actor(text, owner.name, owner.code or compose_code(owner.country,
                                                                          owner.sectors),
                             owner.country, list(owner.sectors))
        return None

    def _titled(self, tok: Token, title: Title, text: str) -> Actor | None:
        modifiers = self._modifiers(tok)
        countries = [c for c in self._countries_in(modifiers) if c in self._lex.countries]
        if len(countries) > 1 and any(t.dep_ == "conj" for t in modifiers):
            parts = [self._sector_actor(c, title, text) for c in countries]
            return self._compound(parts)
        if not title.sectors and tok.tag_ == "NNS":
            pair = self._counted_countries(tok, text)
            if pair is not None:
                return pair  # "the two countries", "both nations"
        owner = self._own_cue(tok, title, modifiers)
        if owner is None and title.kind == "body":
            named = self._earlier_org(tok, title)
            if named is not None:
                return _mention(tok, self._entry_actor(named, text))
        country = owner.country if owner is not None else None
        if title.kind in ("person", "leader") and not any(
                t.ent_type_ == "PERSON" for t in modifiers):
            person = self._earlier_person(tok.i, title, country)
            if person is not None:
                return self._person_actor(person, text)
        if owner is None and title.home and title.home not in self._lex.countries \
                and title.home != "*":
            owner = self._lex.lookup(title.home)  # "peacekeepers" are the UN's
            country = owner.country if owner is not None else None
        named_locally = any(m.pos_ == "PROPN" and m.i not in self._names
                            and m.i not in self._known for m in modifiers)
        if country is None and named_locally:
            # "Thames Valley Police" names a body, not a country: only a one-country text says
            # whose it is.
            country = self._main_country() if len(self._counts) == 1 else None
        elif country is None:
            country = (self._group_country(tok, title) if _nonstate(title)
                       else self._default_country(title, tok.i))
        if not title.sectors and country not in self._lex.countries:
            return None
        base = owner.code if owner is not None and owner.kind == "org" else ""
        return self._sector_actor(country, title, text, base)

    def _earlier_org(self, tok: Token, title: Title) -> Entry | None:
        """ "the company" after "Boeing": the latest organisation of the title's sectors named in
        this or the previous sentence."""
        if not self.coreference or not title.sectors or not any(
                c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        start = tok.sent.start
        start = self.doc[start - 1].sent.start if start else start
        for i in range(tok.i - 1, start - 1, -1):
            hit = self._names.get(i)
            if hit is not None and hit[0] == i and hit[2].kind == "org" \
                    and set(title.sectors) <= set(hit[2].sectors):
                return hit[2]
        return None

    def _modifiers(self, tok: Token) -> list[Token]:
        """The tokens of `tok`'s noun phrase outside its own title."""
        own = self._titles.get(tok.i)
        return [t for t in self._np_tokens(tok) if t.i != tok.i and self._titles.get(t.i) != own]

    def _own_cue(self, tok: Token, title: Title, modifiers: list[Token]) -> Entry | None:
        """What gives a titled phrase its country from the phrase itself: a modifier, a place
        complement ("rebels in Ivory Coast", not for titles that serve abroad) or an appositive."""
        owner = self._owner_in(modifiers)
        if owner is None and not title.abroad:
            place = self._located_in(tok)
            owner = Entry("place", place, country_name(place)) if place else None
        if owner is None:
            for other in [c for c in tok.children if c.dep_ == "appos"] + (
                    [tok.head] if tok.dep_ == "appos" else []):
                owner = self._owner_in(self._np_tokens(other))
                if owner is not None:
                    break
        return owner

    def _group_country(self, tok: Token, title: Title) -> str | None:
        """An unnamed group's country without a cue of its own: an earlier mention of the same
        group that had one ("Fijian rebels ... the rebels"), else the document's single country,
        not counting countries that modify other nouns in this sentence ("Protesters stormed the
        American embassy" says nothing of the protesters' country)."""
        word = title.phrase.split()[-1]
        for i in reversed(self._title_heads.get(word, ())):
            if i >= tok.i:
                continue
            owner = self._own_cue(self.doc[i], title, self._modifiers(self.doc[i]))
            if owner is not None and owner.country in self._lex.countries:
                return owner.country
        sent = self._toks[tok.i].sent
        seen = {c for i, c in zip(self._country_at, self._country_of, strict=True)
                if not (sent.start <= i < sent.end and self._modifies_other(i))}
        return seen.pop() if len(seen) == 1 else None

    def _modifies_other(self, i: int) -> bool:
        """True when the name starting at token i modifies a noun that tells nothing of where a
        group of people belongs: a thing ("a Chinese flag") or a title that serves abroad ("the
        American embassy", "Ethiopian troops"). "Kenyan police" is at home: it counts."""
        last = self._toks[self._names[i][1] - 1]
        if last.dep_ not in MODIFIER_DEPS:
            return False
        head = last.head
        while head.dep_ in MODIFIER_DEPS and head.head.i > head.i:
            head = head.head  # "the Ethiopian army troops"
        title = self._title_at(head)
        return title is None or title.abroad

    def _counted_countries(self, tok: Token, text: str) -> Actor | None:
        """ "the two countries", "both nations": the last two distinct countries named before."""
        counted = [c for c in tok.children if c.lower_ in ("two", "both") and c.i < tok.i]
        if not counted:
            return None
        k = bisect_left(self._country_at, tok.i)
        found: list[str] = []
        for country in reversed(self._country_of[:k]):
            if country not in found:
                found.append(country)
            if len(found) == 2:
                parts = [self._country_actor(c, country_name(c), []) for c in reversed(found)]
                pair = self._compound(parts)
                return Actor(text, pair.name, pair.code, pair.country, [], pair.members)
        return None

    def _partitive(self, tok: Token) -> Token | None:
        """For "dozens of protesters", "a group of diplomats", "two of its nationals": the inner
        noun, the actor that the quantity word stands for."""
        if not (self._norm[tok.i] in self._lex.group_heads or tok.tag_ == "CD"):
            return None
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i > tok.i:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return obj
        return None

    def _resolve_inner(self, inner: Token, text: str) -> Actor | None:
        actor = self.resolve(inner)
        if actor is None:
            return None
        return Actor(text, actor.name, actor.code, actor.country, list(actor.sectors),
                     actor.members)

    def _people(self, tok: Token, entry: Entry, text: str) -> Actor | None:
        """A people named by demonym or ethnic name: "the Turks" is Turkey; one located in
        another country ("ethnic Albanians in south Serbia", "Kurds in Iraq") is that country's
        civilians, as CAMEO codes them; an ethnic group without home or place has no country."""
        place = self._located_in(tok, PEOPLE_PLACE_PREPS) or self._place_before(tok, entry)
        sectors = list(entry.sectors) or ["CVL"]
        if place is not None and place != entry.country:
            return self._country_actor(place, text, sectors)
        if place is None and any(c.lower_ == "ethnic" for c in tok.children):
            # "ethnic Turks", "ethnic Albanians": the country they live in, which the event's
            # place or counterpart tells, not the one their name points to.
            return Actor(text, entry.name, "".join(sectors), None, sectors)
        if entry.kind == "demonym":
            return self._entry_actor(entry, text)
        home = entry.country if self._home_applies(entry.country) else None
        country = home or self._group_country(tok, Title(norm(entry.name), (), "group", ""))
        if country:
            return self._country_actor(country, text, sectors)
        return Actor(text, entry.name, "".join(sectors), None, sectors)

    def _home_applies(self, home: str | None) -> bool:
        """An ethnic group's home country stands for it only in a text that names that country
        or no country at all ("Shona rebels" in a story about Mozambique are Mozambican)."""
        return bool(home) and (not self._counts or self._counts[home] > 0)

    def _place_before(self, tok: Token, entry: Entry) -> str | None:
        """The country of a place or nationality that modifies a people: "Kosovo Albanians",
        "Darfur Arabs", "Iraqi Kurds", "Bosnian Serbs" live in that country (peoples whose name
        already holds their state, "Turkish Cypriots", are in the ethnic list)."""
        kinds = {"country", "region", "demonym", "regional"}
        for t in self._np_tokens(tok):
            if t.i >= tok.i:
                break
            hit = self._names.get(t.i)
            if hit is not None and hit[2] is not entry and hit[2].kind in kinds \
                    and hit[2].country in self._lex.countries:
                return hit[2].country
        return None

    def _previous_subject(self, tok: Token) -> Person | None:
        """A sentence's subject "he"/"she" before any person of its own is the person who was the
        main subject of the sentence before ("Blinken met Prime Minister Pashinyan. He urged
        Armenia ..." is Blinken), not the latest person named."""
        sent = tok.sent
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.lower_ not in ("he", "she") \
                or sent.start == 0 or any(i in self._persons for i in range(sent.start, tok.i)):
            return None
        prev = self.doc[sent.start - 1].sent
        return next((self._persons[t.i] for t in prev if t.dep_ in ("nsubj", "nsubjpass")
                     and t.head == prev.root and t.i in self._persons), None)

    def _clause_subject(self, tok: Token) -> Person | None:
        """For an object pronoun, the person who is its clause's subject ("Dupont thanked him")."""
        if tok.dep_ not in ("dobj", "pobj", "dative"):
            return None
        verb = tok.head.head if tok.dep_ == "pobj" else tok.head
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i in self._persons:
                return self._persons[child.i]
        return None

    def _earlier_person(self, i: int, title: Title, country: str | None) -> Person | None:
        """A person registered before i with this role, or (leaders) of this country."""
        if not self.coreference:
            return None
        k = bisect_left(self._person_at, i)
        head = title.phrase.split(" ")[-1:]
        for person in reversed(self._person_list[:k]):
            role = person.role.lower().split(" ")
            # "the Secretary" after "Secretary Blinken" (role "secretary of state"), not after
            # a "Secretary General"
            same_role = role[-1:] == head or (bool(head) and head[0] in role[:1]
                                              and role[1:2] in ([], ["of"]))
            if same_role and (country is None or person.country == country):
                return person
            if title.kind == "leader" and person.leader and country and person.country == country:
                return person
        return None

    def _pronoun(self, tok: Token) -> Actor | None:
        if not self.coreference:
            return None
        low = tok.lower_
        if low in FIRST_PERSON_PLURAL:
            return self._publisher(tok)
        if low in PERSON_PRONOUNS:
            subject = self._previous_subject(tok)
            if subject is not None:
                return self._person_actor(subject, tok.text)
            k = bisect_left(self._person_at, tok.i)
            own_subject = self._clause_subject(tok)
            for person in reversed(self._person_list[:k]):
                if person is not own_subject:
                    return self._person_actor(person, tok.text)
            return None
        if low not in GROUP_PRONOUNS or tok.dep_ == "expl":
            return None
        sent_start = tok.sent.start
        prev_start = self.doc[sent_start - 1].sent.start if sent_start > 0 else sent_start
        speaker = self._reporting_subject(tok)
        if speaker is not None:
            return speaker
        if low in PLURAL_PRONOUNS:
            actor = self._plural_antecedent(tok, prev_start)
            if actor is not None:
                return actor
        k = bisect_left(self._subject_at, tok.i)
        candidates = [i for i in self._subject_at[:k] if i >= prev_start]
        if not candidates:
            k = bisect_left(self._group_at, tok.i)
            candidates = [i for i in self._group_at[:k] if i >= prev_start]
        for i in reversed(candidates):
            actor = self.resolve(self.doc[i])
            if actor is not None and actor.country:
                return _mention(tok, actor)
        return None

    def _publisher(self, tok: Token) -> Actor | None:
        """ "We urge Russia ..." in a ministry's release is the ministry; inside a quotation
        "we" is the speaker's side, which the publisher does not tell."""
        pub = self.publisher
        if pub is None:
            return None
        before = self.doc[tok.sent.start:tok.i].text
        if sum(before.count(q) for q in ('"', "“", "”")) % 2:
            return None
        return _mention(tok, pub)

    def _reporting_subject(self, tok: Token) -> Actor | None:
        """ "The union announced that it had called off the strike": the subject of a clause
        reported by a speech verb is that verb's subject, when their number agrees."""
        clause = tok.head
        if tok.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ != "ccomp":
            return None
        subject = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.pos_ == "PRON":
            return None
        plural = subject.tag_ in ("NNS", "NNPS")
        if plural != (tok.lower_ in PLURAL_PRONOUNS):
            return None
        actor = self.resolve(subject)
        if actor is None or not actor.country:
            return None
        return _mention(tok, actor)

    def _plural_antecedent(self, tok: Token, prev_start: int) -> Actor | None:
        """For they/them/their: the latest plural group named in this or the previous sentence.
        A subject pronoun prefers a subject ("The Fijian rebels said they ..."); an object
        pronoun skips its own clause's subject ("troops attacked them" is not the troops)."""
        k = bisect_left(self._plural_at, tok.i)
        found = [i for i in self._plural_at[:k] if i >= prev_start]
        if tok.dep_ in ("dobj", "pobj", "dative"):
            verb = tok.head.head if tok.dep_ == "pobj" else tok.head
            found = [i for i in found if not (self._toks[i].head == verb
                                              and self._toks[i].dep_ in ("nsubj", "nsubjpass"))]
        elif tok.dep_ in ("nsubj", "nsubjpass"):
            subjects = [i for i in found if self._toks[i].dep_ in ("nsubj", "nsubjpass")]
            found = [i for i in found if i not in subjects] + subjects
        for i in reversed(found):
            actor = self.resolve(self._toks[i])
            if actor is not None:
                return _mention(tok, actor)
        return None

    # ---- actor construction -----------------------------------------------------------------

    def _np_text(self, tok: Token) -> str:
        toks = [t for t in self._np_tokens(tok) if not (t.dep_ == "det" and t.i == tok.left_edge.i
                                                        and t.lower_ in ("a", "an"))]
        return self.doc[toks[0].i:toks[-1].i + 1].text if toks else tok.text

    def _entry_actor(self, entry: Entry, text: str) -> Actor:
        if entry.kind == "org":
            code = entry.code or compose_code(entry.country, entry.sectors)
            return Actor(text, entry.name, code, entry.country, list(entry.sectors))
        sectors = ["GOV"] if entry.kind == "seat" else []
        return self._country_actor(entry.country, text, sectors)

    def _country_actor(self, country: str, text: str, sectors: list[str]) -> Actor:
        return Actor(text, country_name(country), compose_code(country, sectors), country, sectors)

    def _sector_actor(self, country: str | None, title: Title, text: str, base: str = ""
                      ) -> Actor:
        """A title's actor; `base` is an organisation's own code ("IGOUNO" + "MIL")."""
        sectors = list(title.sectors)
        name = f"{country_name(country)} {title.phrase}".strip()
        # "ICJ judges": IGOUNOJUD, not IGOUNOJUDJUD
        own = {base[i:i + 3] for i in range(3, len(base), 3)}
        code = base + "".join(s for s in sectors if s not in own) if base \
            else compose_code(country, sectors)
        return Actor(text, name, code, country, sectors)

    def _person_actor(self, person: Person, text: str) -> Actor | None:
        if person.country is None and not person.sectors:
            return None  # an unknown person is no codable actor
        code = person.code or compose_code(person.country, person.sectors)
        return Actor(text, person.name, code, person.country, list(person.sectors))

    @staticmethod
    def _compound(parts: list[Actor]) -> Actor:
        return Actor.compound(parts)


def _mention(tok: Token, actor: Actor) -> Actor:
    """`actor` as named by `tok` (a pronoun or another mention standing for it)."""
    return Actor(tok.text, actor.name, actor.code, actor.country, list(actor.sectors),
                 actor.members)


def known_spans(doc: Doc, dicts: list[ActorDictionary], toks: list[Token] | None = None
                ) -> dict[int, tuple[int, int, int, list[str], bool]]:
    """Token -> (start, end, dictionary index, names, alias?) for dictionary names in `doc`.

    Aliases are usable alone; surnames count only for names introduced in the document. A match
    inside a longer PERSON name ("Hunter Biden") is not the dictionary's actor.
    """
    out: dict[int, tuple[int, int, int, list[str], bool]] = {}
    most = max(d.max_tokens for d in dicts) if dicts else 0
    starts = frozenset().union(*(_dict_prefixes(d) for d in dicts))
    keys = [match_key(t.text) if t.text[:1].isupper() else "" for t in (toks or doc)]
    i = 0
    while i < len(doc):
        hit = None
        if keys[i] not in starts:
            i += 1
            continue
        for n in range(min(most, len(doc) - i), 0, -1):
            span = doc[i:i + n]
            if not span.text[:1].isupper() or span[-1].is_punct or span[-1].ent_type_ == "DATE":
                continue
            for k, d in enumerate(dicts):
                for alias in (True, False):
                    names = d.find(span.text, surname=not alias)
                    if names:
                        hit = (i, i + n, k, names, alias)
                        break
                if hit:
                    break
            if hit:
                break
        if hit is None or _inside_person(doc, hit[0], hit[1]):
            i += 1
            continue
        for j in range(hit[0], hit[1]):
            out[j] = hit
        i = hit[1]
    return out


_PREFIXES: dict[tuple[int, str], frozenset[str]] = {}


def _name_prefixes(lex) -> frozenset[str]:
    key = (id(lex), "names")
    if key not in _PREFIXES:
        _PREFIXES[key] = first_word_prefixes(lex.names)
    return _PREFIXES[key]


def _title_prefixes(lex) -> frozenset[str]:
    key = (id(lex), "titles")
    if key not in _PREFIXES:
        _PREFIXES[key] = first_word_prefixes(lex.titles)
    return _PREFIXES[key]


def _dict_prefixes(d: ActorDictionary) -> frozenset[str]:
    """First-word prefixes of a dictionary's names and surnames (kept on the dictionary)."""
    cached = getattr(d, "_prefixes", None)
    if cached is None or cached[0] != (len(d.names), len(d.surnames)):
        cached = ((len(d.names), len(d.surnames)),
                  first_word_prefixes(list(d.names) + list(d.surnames)))
        d._prefixes = cached
    return cached[1]


def _inside_person(doc: Doc, start: int, end: int) -> bool:
    """True when a PERSON name runs on before or after [start, end) with more name words."""
    before = doc[start - 1] if start else None
    after = doc[end] if end < len(doc) else None
    if before is not None and before.ent_type_ == "PERSON" and doc[start].ent_iob_ == "I" \
            and before.pos_ == "PROPN" and before.text[:1].isupper() \
            and before.lower_ not in HONORIFICS:  # "His Majesty King Abdullah"
        return True
    return after is not None and after.ent_iob_ == "I" and after.ent_type_ == "PERSON" \
        and after.pos_ == "PROPN" and after.text not in ("'s", "’s")
