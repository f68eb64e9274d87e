"""Real-news precision rules: sentences that look like events but are not political acts."""

from __future__ import annotations

import pytest

from tacitus.coding import code_document
from tacitus.records import Document


def _codes(nlp, text: str) -> list[str]:
    doc = Document(id="p", text=text, date="2020-05-10")
    return [e.cameo for e in code_document(doc, nlp(text), coder="patterns")]


@pytest.mark.parametrize("text", [
    "A powerful earthquake struck the southern Philippines on Wednesday.",
    "Fourteen Peruvian miners were injured in the crash.",
    "Warm water circulation is attacking the Antarctic ice shelves.",
    "Two Indian villagers were killed by the floods in Assam.",
])
def test_disasters_and_accidents_are_not_events(nlp, text):
    assert _codes(nlp, text) == []


@pytest.mark.parametrize("text,code", [
    ("Russian missiles killed seven people in Kyiv.", "1823"),
    ("Seven Afghan civilians were killed in the attack in Kabul.", "1823"),
])
def test_attacks_with_human_doers_stay_events(nlp, text, code):
    assert code in _codes(nlp, text)


@pytest.mark.parametrize("text", [
    "The U.S. Attorney General was held in contempt by the U.S. Congress.",
    "The Afghan president admitted he had committed a mistake.",
    "Saudi Arabia has mobilized pressure groups in the United States.",
])
def test_look_alike_phrases_are_not_events(nlp, text):
    assert _codes(nlp, text) == []


def test_the_wounded_are_people_not_an_assault(nlp):
    codes = _codes(nlp, "U.N. helicopters evacuated the wounded from the Bosnian town of Gorazde.")
    assert not any(c.startswith("18") for c in codes)


def test_an_act_inside_a_protested_decision_is_not_coded(nlp):
    codes = _codes(nlp, "Iraqi students protested the Turkish government's decision to send "
                        "troops to Iraq.")
    assert codes and all(c.startswith("14") for c in codes)


def test_no_longer_negates_the_act(nlp):
    codes = _codes(nlp, "Iran said it would no longer cooperate with the United Nations.")
    assert codes and all(c.startswith("12") for c in codes)


@pytest.mark.parametrize("text", [
    "Poland demanded an admission by Russia that its soldiers killed Polish officers.",
    "The United States defended the right of Ukraine to strike Russian targets.",
])
def test_acts_inside_a_demanded_admission_or_a_defended_right_are_not_coded(nlp, text):
    assert not any(c.startswith(("18", "19")) for c in _codes(nlp, text))


@pytest.mark.parametrize("text", [
    "The Iraqi prime minister called the attack a violation of Iraqi sovereignty.",
    'The Iraqi prime minister called it "an aggression on Iraq".',
])
def test_calling_something_a_name_is_no_call(nlp, text):
    assert "041" not in _codes(nlp, text)


def test_a_plain_call_is_still_a_call(nlp):
    assert "041" in _codes(nlp, "The Iraqi prime minister called the Iranian president on Monday.")


def test_an_act_named_inside_a_condemned_act_is_not_coded_again(nlp):
    codes = _codes(nlp, "Albania denounced Serbia's suppression of ethnic Albanian unrest in "
                        "Montenegro.")
    assert codes == ["111"]


@pytest.mark.parametrize("text", [
    "The British government banned the group because of its involvement in killing two "
    "policemen.",
    "Serbia arrested the general for his part in the massacre of Bosnian civilians.",
])
def test_a_share_in_an_act_refers_to_it_without_coding_it_again(nlp, text):
    assert not any(c.startswith(("18", "20")) for c in _codes(nlp, text))


def test_acts_a_background_permission_would_allow_are_not_coded(nlp):
    codes = _codes(nlp, "Serbian forces demanded a ceasefire before allowing U.N. convoys to "
                        "deliver food to Srebrenica.")
    assert codes and not any(c.startswith("07") for c in codes)


def test_a_call_on_someone_mistaken_for_naming_stays_an_appeal(nlp):
    codes = _codes(nlp, "We call on Iran to stop all ballistic missile activities and "
                        "proliferation, refrain from destabilising actions.")
    assert any(c.startswith("02") for c in codes)


def test_a_statement_about_an_act_does_not_hide_the_act(nlp):
    codes = _codes(nlp, "The State Department issued a readout of the Secretary's call with the "
                        "Tunisian president.")
    assert "041" in codes
