"""User actor dictionaries: YAML, CSV, PETRARCH import, overrides, merging, and their effect."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from helpers import token

from tacitus.coding.actors import DocumentActors
from tacitus.coding.dictionaries import ActorDictionary, builtin, match_key, parse_date

PETRARCH = Path(__file__).resolve().parent / "data" / "petrarch_sample.txt"

YAML = """
- {name: Marta Volkova, aliases: [Volkova], code: UKRGOV, country: UKR, sectors: [GOV],
   start: 2010-01-01, end: 2014-12-31}
- {name: Marta Volkova, code: UKRELI, start: 2015-01-01, end: null}
- {name: Kestrel Logistics, aliases: [Kestrel], code: GBRBUS, person: false}
"""

CSV = """name,aliases,code,country,sectors,start,end
Ilse Brandt,Brandt,DEUGOV,DEU,GOV,2018-03-14,2021-12-08
Vladimir Putin,Putin,RUSOPP,RUS,OPP,,
"""




def test_dates_and_keys():
    assert parse_date("2014-08-28") == date(2014, 8, 28)
    assert parse_date("19950101") == date(1995, 1, 1)
    assert parse_date("2019", end=True) == date(2019, 12, 31)
    assert parse_date("2020-02", end=True) == date(2020, 2, 29)
    assert parse_date(None) is None
    assert match_key("Erdoğan") == match_key("Erdogan") == "erdogan"
    assert match_key("Kim Jong-un") == match_key("Kim Jong Un")


def test_yaml_and_csv(tmp_path):
    (tmp_path / "a.yaml").write_text(YAML, encoding="utf-8")
    (tmp_path / "b.csv").write_text(CSV, encoding="utf-8")
    d = ActorDictionary.load([tmp_path / "a.yaml", tmp_path / "b.csv"])
    early = d.pick(d.find("Volkova"), date(2012, 5, 1))
    late = d.pick(d.find("Volkova"), date(2020, 5, 1))
    assert (early.code, early.country, early.sectors) == ("UKRGOV", "UKR", ("GOV",))
    assert (late.code, late.country, late.sectors) == ("UKRELI", "UKR", ("ELI",))
    assert d.pick(d.find("Kestrel"), None).person is False
    brandt = d.pick(d.find("Brandt"), None)
    assert (brandt.code, brandt.start, brandt.end) == ("DEUGOV", date(2018, 3, 14),
                                                        date(2021, 12, 8))


def test_petrarch_import():
    d = ActorDictionary.from_petrarch(PETRARCH)
    names = d.find("VOLKOVA")
    assert names == ["Marta Volkova"]
    assert d.pick(names, date(2011, 1, 1)).code == "UKRGOV"
    assert d.pick(names, date(2016, 1, 1)).code == "UKRELI"
    brenner = d.pick(d.find("Tomas Brenner"), date(2019, 6, 1))
    assert (brenner.country, brenner.sectors, brenner.end) == ("AUT", ("GOV",), date(2019, 12, 31))
    assert brenner.start is None
    assert d.pick(d.find("NFF"), None).code == "NGAREB"
    assert d.pick(d.find("Green Harbour Foundation"), None).country == "NGO"
    assert d.agents["harbourmaster"] == ("GOV",) and d.agents["harbourmasters"] == ("GOV",)
    assert d.agents["lighthouse keeper"] == ("MIL",)


def test_overrides_and_merge():
    over = ActorDictionary.from_overrides(
        {"Quill Party": {"code": "PRTOPP", "country": "PRT", "sectors": ["OPP"], "note": "x"}})
    entry = over.pick(over.find("Quill Party"), None)
    assert (entry.code, entry.country, entry.sectors) == ("PRTOPP", "PRT", ("OPP",))
    merged = ActorDictionary.from_petrarch(PETRARCH).merge(over)
    assert merged.find("Quill Party") and merged.find("Volkova")
    assert merged.agents["harbourmaster"] == ("GOV",)


def test_dictionary_applies_in_documents(nlp):
    d = ActorDictionary.from_petrarch(PETRARCH)
    doc = nlp("Marta Volkova criticised the Northern Freedom Front. Volkova later met the "
              "harbourmaster of Lagos.")
    acts = DocumentActors(doc, date=date(2012, 3, 1), dictionary=d)
    assert acts.resolve(token(doc, "Volkova")).code == "UKRGOV"
    assert acts.resolve(token(doc, "Volkova", 1)).code == "UKRGOV"
    assert acts.resolve(token(doc, "Front")).code == "NGAREB"
    assert acts.resolve(token(doc, "harbourmaster")).code == "NGAGOV"
    later = DocumentActors(doc, date=date(2018, 3, 1), dictionary=d)
    assert later.resolve(token(doc, "Volkova")).code == "UKRELI"
    assert DocumentActors(doc).resolve(token(doc, "harbourmaster")) is None


def test_user_entries_take_precedence(nlp, tmp_path):
    (tmp_path / "b.csv").write_text(CSV, encoding="utf-8")
    user = ActorDictionary.load(tmp_path / "b.csv")
    doc = nlp("Putin addressed the crowd in Moscow.")
    assert DocumentActors(doc).resolve(token(doc, "Putin")).code == "RUSGOV"
    assert DocumentActors(doc, dictionary=user).resolve(token(doc, "Putin")).code == "RUSOPP"
    assert builtin().find("Putin") == ["Vladimir Putin"]
