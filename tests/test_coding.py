"""The coding stage on real spaCy parses: constructions, moods, negation and the sample article."""

from __future__ import annotations

import pytest
from helpers import SAMPLE

from tacitus.coding import code_document
from tacitus.config import DEFAULT_CODER
from tacitus.records import Document


def code(nlp, text: str, date: str | None = "2020-05-10", coder: str = "patterns"):
    """The pattern coder's events (these tests pin the rules); the sample article runs the
    default coder."""
    return code_document(Document(id="t", text=text, date=date), nlp(text), coder=coder)


def dyads(events):
    return {(e.source.country if e.source else None, e.target.country if e.target else None,
             e.cameo_root) for e in events}


def test_active_sentence(nlp):
    ev = code(nlp, "Syrian troops attacked Turkish positions near the border on Sunday.")
    assert ("SYR", "TUR", "19") in dyads(ev) or ("SYR", "TUR", "18") in dyads(ev)
    e = ev[0]
    assert e.plover["event"] == "ASSAULT"
    assert e.trigger.text.startswith("attacked")
    assert e.sentence_index == 0 and e.date == "2020-05-10"


def test_passive_with_by_agent(nlp):
    ev = code(nlp, "Israel was condemned by Jordan for the raid.")
    assert ("JOR", "ISR", "11") in dyads(ev)


def test_negation_is_marked_not_asserted(nlp):
    ev = code(nlp, "France did not sanction Iran.")
    assert ev and all(e.negated for e in ev)


def test_threat_recodes_embedded_attack(nlp):
    ev = code(nlp, "Iran threatened to attack Israel.")
    assert ev[0].cameo_root == "13"
    assert ev[0].plover["event"] == "THREATEN"
    assert (ev[0].source.country, ev[0].target.country) == ("IRN", "ISR")


def test_intent_complement(nlp):
    ev = code(nlp, "Russia agreed to withdraw its troops from Georgia.")
    assert ev[0].cameo.startswith("03")
    assert ev[0].modality == "intended"
    assert ev[0].source.country == "RUS"


def test_reported_speech(nlp):
    ev = code(nlp, "Officials in Kabul said Pakistan attacked Afghan border posts.")
    hit = [e for e in ev if e.source and e.source.country == "PAK"]
    assert hit and hit[0].modality == "reported"


def test_conditional_and_question(nlp):
    ev = code(nlp, "If Turkey attacks Greece, the alliance will respond.")
    assert ev and ev[0].modality == "hypothetical"
    ev = code(nlp, "Will China sanction Japan?")
    assert all(e.modality == "hypothetical" for e in ev)


def test_no_event_without_political_action(nlp):
    assert code(nlp, "The weather in Paris was sunny and warm on Tuesday.") == []
    assert code(nlp, "Manchester United beat Chelsea 2-1 in the final.") == []


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared sample not present")
def test_sample_article(nlp):
    text = SAMPLE.read_text(encoding="utf-8")
    ev = code(nlp, text, date="2018-08-20", coder=DEFAULT_CODER)

    def find(src, tgt, prefix):
        hits = [e for e in ev if e.source and e.target and e.source.country == src
                and e.target.country == tgt and e.cameo.startswith(prefix) and not e.negated]
        assert hits, f"no {src}->{tgt} {prefix}x in {[(e.cameo, e.rule) for e in ev]}"
        return hits[0]

    warn = find("USA", "TUR", "13")  # Mattis warned Turkey
    assert set(warn.source.sectors) >= {"GOV", "MIL"} and len(warn.mentions) == 2
    find("USA", "TUR", "16")  # blocked the F-35 sale
    find("TUR", "RUS", "031")  # the decision to buy the S-400 from Russia
    deliver = find("RUS", "TUR", "031")  # Rosoboronexport: will be delivered to Turkey
    assert "BUS" in deliver.source.sectors and deliver.modality == "intended"
    detain = find("TUR", "USA", "173")  # detention of the American pastor
    assert "REL" in detain.target.sectors
    assert [(q.value, q.unit) for q in detain.quantities] == [(35.0, "years in prison")]
    us_tariffs = [e for e in ev if e.cameo == "163" and e.source.country == "USA"
                  and any(q.unit == "percent" for q in e.quantities)]
    assert len(us_tariffs) == 1  # its own event, not merged into the blocked sale
    us_tariffs = us_tariffs[0]
    assert sorted(q.value for q in us_tariffs.quantities) == [20.0, 50.0]
    assert [m["sentence_index"] for m in us_tariffs.mentions] == [us_tariffs.sentence_index]
    assert us_tariffs.date == "2018-08-01" and us_tariffs.date_precision == "month"
    tr_tariffs = find("TUR", "USA", "163")
    assert [(q.value, q.unit) for q in tr_tariffs.quantities] == [(22.0, "products")]
    find("TUR", "USA", "114")  # complaint with the WTO against the US move
    assert len(ev) <= 12  # few events a reader would call wrong


def _members(actor):
    return sorted(m.country for m in (actor.members or [actor]))


def test_coordinated_sources_and_targets_are_compound_actors(nlp):
    ev = code(nlp, "Israel and Jordan signed a peace treaty on Wednesday.")
    assert _members(ev[0].source) == ["ISR", "JOR"] and ev[0].target is None
    ev = code(nlp, "The United States imposed sanctions on Iran and Syria.")
    assert ev[0].cameo == "163" and _members(ev[0].target) == ["IRN", "SYR"]


def test_relative_clause_and_passive_agent(nlp):
    ev = code(nlp, "The rebels, who attacked Kenyan troops last week, were condemned by Uganda.")
    condemn = [e for e in ev if e.cameo_root == "11"]
    assert condemn and condemn[0].source.country == "UGA"
    attack = [e for e in ev if e.plover["event"] == "ASSAULT"]
    assert attack and attack[0].target.country == "KEN"


def test_negation_scope_covers_the_embedded_act(nlp):
    # Not agreeing to withdraw is a refusal to de-escalate (CAMEO 1246), not a non-event.
    ev = code(nlp, "Russia did not agree to withdraw its troops from Georgia.")
    assert ev[0].cameo == "1246" and not ev[0].negated and ev[0].modality == "asserted"
    assert ev[0].target is not None and ev[0].target.country == "GEO"  # not "its troops"
    ev = code(nlp, "Syria said it will not accept any more refugees.")
    assert ev[0].cameo_root == "12"
    ev = code(nlp, "France did not sanction Iran.")  # a conflictual act not done: negated
    assert ev[0].negated and ev[0].cameo == "163"


def test_refusal_and_nominal_events_with_possessive_agent(nlp):
    ev = code(nlp, "Japan refused to meet the Chinese delegation.")
    assert ev[0].cameo_root == "12" and ev[0].target.country == "CHN"
    ev = code(nlp, "Venezuela's arrest of two American citizens angered Washington.")
    assert (ev[0].cameo, ev[0].source.country, ev[0].target.country) == ("173", "VEN", "USA")


def test_obligation_in_reported_speech_is_a_demand(nlp):
    ev = code(nlp, "The British government said that Libya must hand over the suspects.")
    demand = [e for e in ev if e.cameo_root == "10"]
    assert demand and demand[0].source.country == "GBR" and demand[0].target.country == "LBY"


def test_readiness_that_someone_must_show_is_a_demand_on_them(nlp):
    ev = code(nlp, "The French president said Iran must be ready to negotiate with the "
                   "United States.")
    assert [e.cameo_root for e in ev] == ["10"]
    assert ev[0].source.country == "FRA" and ev[0].target.country == "IRN"
    ev = code(nlp, "Iran said it is ready to negotiate with the United States.")
    assert [e.cameo_root for e in ev] == ["03"]


def test_a_decision_is_the_act_it_decides_not_an_intent(nlp):
    ev = code(nlp, "The Russian government decided to expel two British diplomats.")
    assert [e.cameo_root for e in ev] == ["16"]
    assert ev[0].source.country == "RUS" and ev[0].target.country == "GBR"


def test_a_decision_enacts_what_takes_effect_by_deciding(nlp):
    ev = code(nlp, "The Russian government decided to expel two British diplomats.")
    assert [e.cameo_root for e in ev] == ["16"] and ev[0].modality == "asserted"
    assert ev[0].source.country == "RUS" and ev[0].target.country == "GBR"
    ev = code(nlp, "The Ugandan parliament voted to lift the ban on the opposition party.")
    assert [e.cameo_root for e in ev] == ["08"]
    ev = code(nlp, "Egypt decided to buy wheat from China.")  # the purchase is still to come
    assert all(e.cameo_root == "03" for e in ev)


def test_a_restriction_ordered_on_its_object_is_imposed(nlp):
    ev = code(nlp, "The Nicaraguan government ordered the opposition newspaper to suspend "
                   "publication.")
    assert [e.cameo for e in ev] == ["1721"] and ev[0].target.code == "NICMED"
    ev = code(nlp, "The Egyptian government ordered police to arrest the opposition leaders.")
    assert [e.cameo_root for e in ev] == ["10"]  # an order to others to act stays a demand


def test_future_act_is_an_intent(nlp):
    ev = code(nlp, "Finland will give Tanzania a grant of 60 million dollars.")
    assert ev[0].cameo.startswith("03") and ev[0].target.country == "TZA"


def test_quantity_objects_reach_the_actor(nlp):
    ev = code(nlp, "Pakistani police arrested dozens of opposition protesters in Lahore.")
    assert ev[0].target is not None and ev[0].target.country == "PAK"


def test_place_of_the_act_is_the_target_when_the_parse_has_none(nlp):
    ev = code(nlp, "Thousands of Iraqi Kurds demonstrated in Kirkuk on Sunday.")
    assert ev and ev[0].plover["event"] == "PROTEST" and ev[0].target.country == "IRQ"
    assert ev[0].rule.endswith("+target:place")
    ev = code(nlp, "Turkey decided to buy from Russia.")  # a source, not a place
    assert all("+target:place" not in e.rule for e in ev)


def test_conditional_future_is_an_ultimatum(nlp):
    ev = code(nlp, "Nigeria will withdraw its troops from Chad unless the rebels accept a truce.")
    main = [e for e in ev if e.source and e.source.country == "NGA"]
    assert main and main[0].cameo_root == "13" and main[0].target.country == "TCD"


def test_speech_verbs_are_not_request_frames(nlp):
    ev = code(nlp, "The Israeli army lifted a blockade on Palestinian trucks, officials told AFP.")
    assert ev and ev[0].cameo_root == "08" and ev[0].modality == "reported"


def test_agreeing_that_parties_should_act_is_an_intent(nlp):
    ev = code(nlp, "Senior Hungarian and Romanian officials agreed that their countries should "
                   "cooperate.")
    assert ev[0].plover["event"] == "AGREE" and _members(ev[0].source) == ["HUN", "ROU"]


def test_background_clauses_are_not_coded_again(nlp):
    ev = code(nlp, "Serbia lifted a curfew in Montenegro, where 28 people have been killed in "
                   "riots this year.")
    assert [e.cameo_root for e in ev] == ["08"]
    ev = code(nlp, "The Sudanese president shortened the curfew after a coup toppled the "
                   "government.")
    assert all(e.cameo_root != "18" for e in ev)


def test_participle_modifiers_and_reactions_are_background(nlp):
    ev = code(nlp, "Palestinians in the Israeli-occupied West Bank went on strike on Monday.")
    assert all(e.cameo_root != "19" for e in ev)
    ev = code(nlp, "Opposition parties in Nepal organized a strike in protest of the arrest of "
                   "activists by the police.")
    assert all(e.cameo != "173" for e in ev)


def test_violence_without_a_perpetrator_is_coded_to_its_place(nlp):
    ev = code(nlp, "A car bomb killed three American soldiers in Baghdad on Sunday.")
    assert ev and ev[0].source.country == "IRQ" and ev[0].rule.endswith("+source:place")
    assert ev[0].target.country == "USA"


def test_the_demand_of_a_protest_is_not_a_second_event(nlp):
    ev = code(nlp, "Thousands of Indonesian students staged demonstrations in Jakarta to demand "
                   "political reforms.")
    assert [e.plover["event"] for e in ev] == ["PROTEST"]


def test_the_secretary_is_the_secretary_named_before(nlp):
    ev = code(nlp, "Secretary Blinken met Prime Minister Kishida in Tokyo. The Secretary will "
                   "then travel to Poland to meet with Polish leaders.", date="2022-03-01")
    assert {e.source.country for e in ev} == {"USA"}
    later = [e for e in ev if e.sentence_index == 1]
    assert later and all(e.modality == "intended" for e in later)  # a trip announced, one event
    assert len(later) == 1


def test_time_phrases_are_no_arguments_and_allegations_no_events(nlp):
    ev = code(nlp, "An Algerian activist staged a hunger strike in prison on Sunday.")
    assert [e.cameo for e in ev] == ["142"]
    ev = code(nlp, "The Sudanese government accused Darfur rebels of violating the ceasefire.")
    assert [e.cameo_root for e in ev] == ["11"]


def test_acts_inside_a_rejected_proposal_are_not_events(nlp):
    ev = code(nlp, "Yemen has rejected a U.S. request to interrogate the detainees.")
    assert [e.cameo_root for e in ev] == ["12"] and ev[0].target.country == "USA"
    ev = code(nlp, "Arafat rejected a US offer to host a summit in July.")
    assert all(e.plover["event"] != "AGREE" for e in ev)


def test_no_domestic_place_target_for_talks_and_no_agentless_nominal_events(nlp):
    ev = code(nlp, "President Biden met with senior advisers in Washington to discuss voting "
                   "rights.", date="2021-07-01")
    assert all(e.target is None or e.target.country != "USA" for e in ev)
    ev = code(nlp, "The order addresses current threats to United States national security.")
    assert ev == []


def test_a_compound_target_loses_the_sources_own_members(nlp):
    ev = code(nlp, "Secretary Blinken and Foreign Minister Shoukry discussed the partnership "
                   "between the United States and Egypt.", date="2022-03-01")
    assert ev and ev[0].target is None and _members(ev[0].source) == ["EGY", "USA"]


def test_an_attempted_assault_is_the_assault(nlp):
    ev = code(nlp, "Gunmen in Mexico tried to assassinate the governor of Sonora.")
    assert [e.cameo for e in ev] == ["185"] and ev[0].plover["event"] == "ASSAULT"
    ev = code(nlp, "Kenya agreed to attack the camps.")
    assert [e.cameo_root for e in ev] == ["13"]  # agreeing to attack stays an intent (threat)


def test_a_threat_targets_who_must_meet_its_condition(nlp):
    ev = code(nlp, "Pakistan threatened to close its airspace unless India withdrew its troops.")
    threat = next(e for e in ev if e.cameo_root == "13")
    assert threat.source.country == "PAK" and threat.target.country == "IND"


def test_an_actor_known_only_by_sector_takes_the_context_country(nlp):
    ev = code(nlp, "Police in Lagos arrested dozens of protesters on Monday.")
    assert ev and ev[0].source.code == "NGACOP" and ev[0].target.code == "NGACVL"
    ev = code(nlp, "The Kenyan government accused rebels of looting.")
    assert ev[0].target.code == "KENREB"


def test_acts_talked_about_are_not_acts_and_charges_are_accusations(nlp):
    ev = code(nlp, "Iran and France resumed negotiations to lift the sanctions.")
    assert all(e.cameo_root != "08" for e in ev)
    ev = code(nlp, "Prosecutors in Seoul indicted the former president on bribery charges.")
    assert [e.plover["event"] for e in ev] == ["ACCUSE"] and ev[0].cameo == "115"


def test_a_protest_with_no_named_target_is_aimed_at_its_own_state(nlp):
    ev = code(nlp, "Kenyan teachers began a hunger strike on Monday.")
    assert ev and ev[0].cameo_root == "14" and ev[0].target.country == "KEN"


def test_a_preposition_left_without_object_still_reaches_its_noun(nlp):
    from tacitus.coding.syntax import prep_objects
    doc = nlp("Chile granted asylum to two Bolivian officers holed up in an embassy.")
    granted = next(t for t in doc if t.lemma_ == "grant")
    assert ("to", "officers") in [(p, o.text) for p, o in prep_objects(granted)]


def test_frames_reach_acts_through_uncoded_purpose_clauses_and_agreement_nouns(nlp):
    ev = code(nlp, "Canada is willing to do more to help defend Latvia.")
    assert ev and all(e.modality == "intended" and e.plover["event"] == "AGREE" for e in ev)
    ev = code(nlp, "Ghana and Togo reached an agreement to exchange prisoners.")
    exchange = next(e for e in ev if "exchange" in e.trigger.text)
    assert exchange.plover["event"] == "AGREE" and exchange.modality == "intended"


def test_a_resignation_is_a_retreat(nlp):
    ev = code(nlp, "The Peruvian prime minister resigned on Friday.")
    assert [(e.cameo, e.plover["event"]) for e in ev] == [("0831", "RETREAT")]


def test_people_at_a_rally_hold_it_and_reiterated_obligations_are_demands(nlp):
    ev = code(nlp, "Thousands of Kenyans gathered for a rally in Nairobi on Sunday.")
    assert ev and ev[0].cameo_root == "14" and ev[0].source.country == "KEN"
    ev = code(nlp, "The Dutch minister reiterated that Iran must release the sailors.")
    assert any(e.cameo_root == "10" and e.target.country == "IRN" for e in ev)


def test_a_conditional_offer_is_an_intent_and_a_conditional_penalty_a_threat(nlp):
    ev = code(nlp, "The rebels said they would meet the Kenyan envoy if he guaranteed "
                   "their safety.")
    assert ev and ev[0].plover["event"] == "AGREE"
    ev = code(nlp, "Chad will expel the French ambassador unless Paris apologizes.")
    assert ev and ev[0].plover["event"] == "THREATEN"


def test_a_stance_participle_keeps_its_subject(nlp):
    ev = code(nlp, "Egypt is opposed to the Ethiopian dam.")
    assert ev and ev[0].source.country == "EGY"


def test_complaints_target_what_they_are_about_and_sent_troops_are_no_target(nlp):
    ev = code(nlp, "Cyprus complained to the European Union over Turkish drilling.")
    assert ev and ev[0].target.country == "TUR"
    ev = code(nlp, "Brazil is ready to contribute 2,000 troops to a peacekeeping force in Haiti.")
    assert ev and ev[0].target is not None and ev[0].target.country != "BRA"


def test_nominal_events_take_demonym_and_participant_agents(nlp):
    ev = code(nlp, "Kurdish riots against the Turkish government continued on Monday.")
    assert ev and ev[0].cameo_root == "14"
    ev = code(nlp, "Russian forces were involved in the attack on the village.")
    assert ev and ev[0].source.code == "RUSMIL"
    ev = code(nlp, "Egypt announced a suspension of flights to Qatar.")
    assert ev and ev[0].cameo_root == "16" and ev[0].target.country == "QAT"


def test_demand_and_reminder_nouns_frame_their_that_clauses(nlp):
    ev = code(nlp, "Germany sent a firm reminder to Serbia that it must respect the border.")
    assert ev and ev[0].cameo_root == "10" and ev[0].target.country == "SRB"


def test_more_sector_nouns_have_codes(nlp):
    from tacitus.coding.actors import DocumentActors
    doc = nlp("Angry French farmers blocked the roads while Brazilian hackers attacked the site.")
    acts = DocumentActors(doc)
    codes = {t.text: acts.resolve(t).code for t in doc if t.text in ("farmers", "hackers")}
    assert codes == {"farmers": "FRAAGR", "hackers": "BRACRM"}


def test_violence_is_placed_through_mistagged_and_outside_of_places(nlp):
    ev = code(nlp, "A car bomb outside of the city of Kirkuk killed two Turkish engineers.")
    assert ev and ev[0].source.country == "IRQ"


def test_proposers_and_places_known_only_as_actors_are_targets(nlp):
    ev = code(nlp, "Serbia rejected a new offer from Kosovo for direct talks.")
    assert ev and ev[0].target.code == "KSV"  # CAMEO code of Kosovo (ISO user code XKX)
    ev = code(nlp, "Israel reimposed a blockade in the West Bank on Friday.")
    assert ev and ev[0].target.country == "PSE"


def test_allegations_in_coordination_and_acts_after_before_are_not_events(nlp):
    ev = code(nlp, "Kenya accused Somalia of violating its airspace and arming militias.")
    assert [e.cameo_root for e in ev] == ["11"]
    ev = code(nlp, "Turkey demanded a truce before allowing aid convoys into Syria.")
    assert [e.cameo_root for e in ev] == ["10"]


def test_a_promise_about_ones_own_country_has_no_target(nlp):
    ev = code(nlp, "The Bolivian president promised to democratize Bolivia.")
    assert ev and ev[0].plover["event"] == "AGREE" and ev[0].target is None


def test_talks_and_calls_are_reciprocal_and_export_as_a_gdelt_dyad(nlp):
    from tacitus.export import gdelt_row
    ev = code(nlp, "Secretary Blinken telephoned Foreign Minister Lavrov of Russia on Tuesday.",
              date="2022-01-11")
    call = next(e for e in ev if e.cameo == "041")
    assert call.target is None and _members(call.source) == ["RUS", "USA"]
    row = gdelt_row(call.to_dict(), "20220111000000")
    assert {row[7], row[17]} == {"USA", "RUS"}  # Actor1CountryCode, Actor2CountryCode


def test_the_addressee_of_a_call_is_its_target(nlp):
    ev = code(nlp, "The European Union called on Belarus to release all political prisoners.")
    assert ev and ev[0].target.country == "BLR"


def test_until_clauses_are_conditions_and_reported_relative_clauses_background(nlp):
    ev = code(nlp, "The rebels opposed the deal until their demands were met.")
    assert all(e.modality == "hypothetical" for e in ev if e.cameo_root == "08")
    ev = code(nlp, "Syria complained to the UN over raids in which it said ten people were killed.")
    assert [e.cameo_root for e in ev] == ["11"]


def test_the_place_of_the_act_itself_wins_over_other_places(nlp):
    ev = code(nlp, "Turkey lifted the curfew in Diyarbakir as police in Greece arrested migrants.")
    lifted = next(e for e in ev if e.cameo_root == "08")
    assert lifted.target is None  # a domestic concession in Turkey, not one towards Greece


def test_a_nationality_on_the_object_is_the_target(nlp):
    ev = code(nlp, "Armenia agreed to Russian mediation in the talks with Azerbaijan.")
    assert ev and ev[0].target.country == "RUS"


def test_agreeing_with_a_view_and_agentive_passives_and_participle_topics_are_no_events(nlp):
    assert code(nlp, "The Kenyan governor agreed, saying the group was to blame.") == []
    ev = code(nlp, "The bridge was damaged by the storm, Turkish officials said.")
    assert ev == [] or all(e.source is None or e.source.country != "TUR" for e in ev)
    ev = code(nlp, "Greece jailed two smugglers over the events surrounding the shipwreck.")
    assert all(e.cameo_root != "19" for e in ev)


def test_a_negated_perfect_tells_history_not_a_refusal(nlp):
    ev = code(nlp, "Ghana has never cooperated with the Togolese police.")
    assert all(e.plover["event"] != "REJECT" for e in ev)
    ev = code(nlp, "Ghana will not cooperate with the Togolese police.")
    assert any(e.plover["event"] == "REJECT" for e in ev)


def test_a_targetless_mention_joins_its_twin_and_meetings_have_no_place_target(nlp):
    from tacitus.coding.dedupe import merge_mentions
    ev = code(nlp, "Kenya condemned the attack and condemned Somalia for it.")
    kept = merge_mentions([e for e in ev])
    assert len([e for e in kept if e.cameo_root == "11"]) == 1
    ev = code(nlp, "The Kenyan and Somali foreign ministers met in Geneva on Monday.")
    assert ev and all(e.target is None or e.target.country != "CHE" for e in ev)


def test_nobody_known_acting_on_nobody_known_is_no_event(nlp):
    assert code(nlp, "Reporters asked the officer about the crash.") == []


def test_the_subject_of_came_under_fire_is_the_target(nlp):
    ev = code(nlp, "A Turkish army convoy came under fire from Syrian rebels near the border.")
    assert ev and ev[0].cameo == "193" and ev[0].target.country == "TUR"
    assert ev[0].source.country == "SYR"
    assert code(nlp, "Kenya came under pressure from donors.") == []


def test_a_refusal_or_act_that_is_demanded_is_a_demand(nlp):
    ev = code(nlp, "France demanded that Italy refuse entry to the ship.")
    assert [e.plover["event"] for e in ev] == ["REQUEST"] and ev[0].target.country == "ITA"
    ev = code(nlp, "Germany renewed its demand that Russia withdraw its troops from Ukraine.")
    assert [e.plover["event"] for e in ev] == ["REQUEST"]
    assert (ev[0].source.country, ev[0].target.country) == ("DEU", "RUS")
    ev = code(nlp, "The European Union repeated its call that Israel lift the ban on aid convoys.")
    assert [e.plover["event"] for e in ev] == ["REQUEST"] and ev[0].target.country == "ISR"


def test_permitted_acts_and_objects_read_as_subjects_of_a_to_clause(nlp):
    ev = code(nlp, "The Egyptian government allowed opposition parties to hold rallies in Cairo.")
    assert [e.cameo for e in ev] == ["082"] and ev[0].target.country == "EGY"
    ev = code(nlp, "Russia forced the OSCE monitors out of Crimea.")
    assert [e.cameo for e in ev] == ["166"]


def test_arriving_troops_are_no_visit_and_peacekeepers_provide_peacekeeping(nlp):
    assert code(nlp, "Russian troops arrived in Syria on Monday.") == []
    ev = code(nlp, "The first contingent of UN peacekeepers arrived in Mali.")
    assert [e.cameo for e in ev] == ["074"] and ev[0].target.country == "MLI"
    ev = code(nlp, "A Chinese military delegation arrived in Pakistan for talks.")
    assert [e.cameo for e in ev] == ["042"]


def test_allowed_act_hung_on_a_relative_clause_of_the_object(nlp):
    ev = code(nlp, "Pakistan allowed Afghan refugees who had fled the fighting in Kunduz to stay "
                   "until June.")
    assert [e.cameo for e in ev] == ["080"] and ev[0].source.country == "PAK"


def test_joint_exercises_are_cooperation_and_one_country_exercises_posture(nlp):
    ev = code(nlp, "India and France held joint military exercises on Monday.")
    assert [e.cameo for e in ev] == ["062"] and _members(ev[0].source) == ["FRA", "IND"]
    ev = code(nlp, "Russian and Chinese warships began naval exercises in the East China Sea.")
    assert [e.cameo for e in ev] == ["062"] and ev[0].target.country == "CHN"
    ev = code(nlp, "Russia launched three days of military exercises near the Ukrainian border.")
    assert [e.cameo for e in ev] == ["150"]


def test_speakers_place_is_not_the_reported_acts_place(nlp):
    ev = code(nlp, "Afghan rebels bombed a market in the capital Kabul, diplomatic sources in "
                   "neighbouring Pakistan said today.")
    assert any(t == "AFG" for _, t, _ in dyads(ev))
    assert not any(e.target and e.target.country == "PAK" for e in ev)


def test_doer_of_the_object_act_is_the_target(nlp):
    ev = code(nlp, "The Ghanaian commission is investigating abuses by Nigerian soldiers "
                   "against villagers.")
    assert ("GHA", "NGA", "09") in dyads(ev)


def test_destination_gives_no_country_to_an_unnamed_group(nlp):
    ev = code(nlp, "Kenyan police stopped a march organised by students to protest the sending "
                   "of troops to Somalia.")
    stop = next(e for e in ev if e.trigger.text.startswith("stopped"))
    assert stop.target is not None and stop.target.country == "KEN"


def test_conjoined_objects_share_their_target(nlp):
    ev = code(nlp, "Ugandan troops launched mortar, artillery and rocket fire against Rwandan "
                   "rebel positions on Sunday.")
    assert any(s == "UGA" and t == "RWA" for s, t, _ in dyads(ev))


def test_coercion_by_a_states_own_police_with_no_one_named_is_domestic(nlp):
    ev = code(nlp, "Bolivian police fired tear gas at a crowd, arresting 30, witnesses said.")
    arrest = next(e for e in ev if e.trigger.text.startswith("arrest"))
    assert arrest.target is not None and arrest.target.country == "BOL"
    assert "+target:domestic" in arrest.rule


def test_subject_of_a_demand_nouns_that_clause_is_the_target(nlp):
    ev = code(nlp, "The rebels insisted on their demand that Mali's government release "
                   "all prisoners.")
    assert any(e.cameo_root == "10" and e.target and e.target.country == "MLI" for e in ev)


def test_protest_aimed_through_its_purpose_clause(nlp):
    ev = code(nlp, "Students in Lahore blocked a highway to show their anger at India's "
                   "border policy.")
    protest = next(e for e in ev if e.cameo_root == "14")
    assert protest.target is not None and protest.target.country == "IND"


def test_actor_an_object_belongs_to_is_the_target(nlp):
    ev = code(nlp, "Egypt pledged to support the rights of Sudanese farmers in their dispute "
                   "with Ethiopia.")
    assert any(t == "SDN" for _, t, _ in dyads(ev))


def test_request_for_a_meeting_of_a_body_is_addressed_to_it(nlp):
    ev = code(nlp, "Georgia on Monday demanded a meeting of the UN Security Council to discuss "
                   "Russia's military advance into the Kodori valley, calling it an act of war.")
    assert any(e.source and e.source.country == "GEO" and e.target
               and e.target.code.startswith("IGOUNO") for e in ev)


def test_own_forces_that_a_posture_act_moves_are_not_its_target(nlp):
    ev = code(nlp, "The Nigerian government ordered patrols by police and paramilitary soldiers "
                   "after the riots.")
    mobilize = [e for e in ev if e.cameo_root == "15"]
    assert mobilize and all(e.target is None for e in mobilize)


def test_object_shifted_after_an_as_phrase(nlp):
    ev = code(nlp, "Greece on Monday condemned as a provocation Turkey's decision to send a "
                   "survey ship into disputed waters.")
    assert ("GRC", "TUR", "11") in dyads(ev)


def test_refusal_is_aimed_at_whoever_presses_despite_which_it_is_made(nlp):
    ev = code(nlp, "Nepal's prime minister declined to resign despite mounting pressure from "
                   "Indian officials.")
    assert ("NPL", "IND", "12") in dyads(ev)
