"""The CAMEO event lexicon: data validation (no spaCy) and one coded example per CAMEO root.

The example sentences are written by the Tacitus team for these tests; none comes from the
evaluation sets.
"""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from tacitus.codebook import codebook
from tacitus.coding.lexicon import KEYS, NO_EVENT, load_lexicon

LEXICON = resources.files("tacitus") / "data" / "lexicon"
ROOT_FILES = sorted(p for p in LEXICON.iterdir() if p.name[:2].isdigit() and
                    p.name.endswith(".yaml"))
LIST_KEYS = ("verb", "noun", "obj", "prep", "pobj", "prt", "xcomp", "subj_ent", "obj_ent")
TARGET_PLACES = {"obj", "iobj", "obj_origin"}
SPEECH_FRAMES = {"say", "tell", "add", "note", "state"}


def _rows():
    for path in ROOT_FILES:
        rows = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(rows, list) and rows, f"{path.name}: expected a non-empty list"
        for i, row in enumerate(rows, 1):
            yield path.name, i, row


# -- data validation (no spaCy) ------------------------------------------------------------

def test_one_file_per_root():
    roots = [p.name[:2] for p in ROOT_FILES]
    assert roots == [f"{r:02d}" for r in range(1, 21)]


def test_entries_are_well_formed():
    book = codebook()
    problems = []
    for name, i, row in _rows():
        where = f"{name}#{i}"
        if not isinstance(row, dict):
            problems.append(f"{where}: not a mapping")
            continue
        if set(row) - KEYS:
            problems.append(f"{where}: unknown keys {sorted(set(row) - KEYS)}")
        code = row.get("code")
        if code == NO_EVENT:
            pass
        elif not isinstance(code, str) or code not in book:
            problems.append(f"{where}: code {code!r} is not a CAMEO code string")
        elif code[:2] != name[:2]:
            problems.append(f"{where}: code {code} filed under root {name[:2]}")
        if ("verb" in row) == ("noun" in row):
            problems.append(f"{where}: needs exactly one of verb/noun")
        for key in LIST_KEYS:
            if key not in row:
                continue
            values = row[key]
            if not isinstance(values, list) or not values:
                problems.append(f"{where}: {key} must be a non-empty list")
                continue
            for v in values:
                # YAML 1.1 reads bare on/off/yes/no as booleans: they must be quoted.
                if not isinstance(v, str):
                    problems.append(f"{where}: {key} value {v!r} is not a string")
                elif v != v.lower() or v != v.strip() or " " in v:
                    problems.append(f"{where}: {key} value {v!r} is not a lowercase lemma")
        for key in ("ccomp", "obj_actor"):
            if key in row and not isinstance(row[key], bool):
                problems.append(f"{where}: {key} must be true or false")
        for place in row.get("target", []):
            if place not in TARGET_PLACES and not str(place).startswith("prep:"):
                problems.append(f"{where}: unknown target place {place!r}")
    assert problems == []


def test_speech_frames_are_not_events():
    for _, _, row in _rows():
        assert not set(row.get("verb", [])) & SPEECH_FRAMES


def test_no_bare_impose():
    """"impose" is an event only with its object (sanctions, curfew, state of emergency)."""
    entries = [e for e in load_lexicon().entries if e.kind == "verb" and e.lemma == "impose"]
    assert entries and all(e.obj for e in entries)
    codes = {e.code for e in entries}
    assert {"163", "1723", "1724"} <= codes


def test_leaf_code_coverage():
    """Almost every 3- and 4-digit CAMEO code has a pattern; the purpose-specific protest codes
    (hunger strike, obstruction and riot *for* a cause) have no surface cue the matcher can read."""
    covered = {e.code for e in load_lexicon().entries}
    leaves = {c for c in codebook() if len(c) >= 3}
    missing = leaves - covered
    allowed = {f"14{k}{n}" for k in (2, 4, 5) for n in range(1, 5)}
    assert missing <= allowed, sorted(missing - allowed)
    assert len(leaves & covered) >= 275


def test_frequent_codes_have_many_synonyms():
    lex = load_lexicon()
    by_code: dict[str, set[str]] = {}
    for e in lex.entries:
        by_code.setdefault(e.code, set()).add(e.lemma)
    for code, at_least in (("111", 15), ("173", 10), ("190", 10), ("051", 10), ("020", 8),
                           ("141", 5), ("112", 3), ("057", 8)):
        assert len(by_code[code]) >= at_least, code


def test_specific_entry_beats_generic():
    from tacitus.coding.lexicon import Features
    lex = load_lexicon()
    assert lex.match("verb", "impose", Features(obj={"sanction"})).code == "163"
    assert lex.match("verb", "impose", Features(obj={"curfew"})).code == "1723"
    assert lex.match("verb", "impose", Features(obj={"plan"})) is None
    assert lex.match("verb", "warn", Features(obj={"turkey"}, obj_actor=True)).code == "130"
    assert lex.match("verb", "warn", Features(ccomp=True)).code == "012"
    assert lex.match("verb", "turn", Features(prt={"down"})).code == "120"
    assert lex.match("verb", "strike", Features(obj={"deal"})).code == "057"
    assert lex.match("verb", "release", Features(obj={"report"})).code == "010"
    assert lex.match("verb", "release", Features(obj={"hostage"})).code == "0841"


# -- one coded example per root (real spaCy parses) --------------------------------------

def _code(nlp, text):
    from tacitus.coding import code_document
    from tacitus.records import Document

    return code_document(Document(id="lex", text=text, date="2020-05-10"), nlp(text),
                         coder="patterns")


def _country(actor):
    return actor.country if actor is not None else None


# (sentence, root, exact code or None, source country or None, target country or None)
CASES = [
    ("The Iranian foreign ministry declined to comment on the report.", "01", "011", "IRN", None),
    ("Japan offered condolences to the families of the victims in Turkey.", "01", "018", "JPN",
     None),
    ("Russia claimed responsibility for the cyberattack on Ukraine.", "01", "015", "RUS", None),
    ("The United Nations called on Israel to halt settlement construction.", "02", None, None,
     "ISR"),
    ("Afghanistan requested military aid from the United States.", "02", None, "AFG", "USA"),
    ("Germany appealed to Russia for humanitarian aid.", "02", None, "DEU", "RUS"),
    ("China pledged economic aid to Pakistan.", "03", None, "CHN", "PAK"),
    ("Russia agreed to withdraw its troops from Georgia.", "03", None, "RUS", None),
    ("The Indian prime minister visited Japan last week.", "04", "042", "IND", "JPN"),
    ("President Macron met with Chancellor Merkel in Berlin on Monday.", "04", "040", "FRA",
     None),  # a meeting is reciprocal: Merkel is a second actor (see the reciprocal test)
    ("Israel praised Egypt for its role in the talks.", "05", "051", "ISR", "EGY"),
    ("Brazil signed a trade agreement with Argentina.", "05", "057", "BRA", "ARG"),
    ("Spain apologized to Morocco for the incident.", "05", "055", "ESP", "MAR"),
    ("Turkey bought a Russian air defense system.", "06", "062", "TUR", "RUS"),
    ("The United States sold fighter jets to Saudi Arabia.", "06", "062", "USA", "SAU"),
    ("China shared intelligence with Pakistan.", "06", "064", "CHN", "PAK"),
    ("Britain sent humanitarian aid to Yemen.", "07", None, "GBR", "YEM"),
    ("Germany granted asylum to the Russian dissident.", "07", "075", "DEU", "RUS"),
    ("Iran released three British sailors.", "08", "0841", "IRN", "GBR"),
    ("Sudan lifted the curfew in Khartoum.", "08", "0813", "SDN", None),
    ("Israeli troops withdrew from southern Lebanon.", "08", "0874", "ISR", "LBN"),
    ("Russian prosecutors opened an investigation into the bombing in Moscow.", "09", None, "RUS",
     None),
    ("The Kenyan government investigated corruption allegations against its ministers.", "09",
     "091", "KEN", None),
    ("Ukraine demanded the release of its sailors from Russia.", "10", "1053", "UKR", "RUS"),
    ("Serbia demanded an explanation from Kosovo.", "10", "101", "SRB", None),
    ("France condemned the Syrian government for the chemical attack.", "11", "111", "FRA",
     "SYR"),
    ("China accused the United States of interference in its affairs.", "11", "112", "CHN",
     "USA"),
    ("Turkey filed a complaint with the World Trade Organization against the United States.",
     "11", "114", "TUR", "USA"),
    ("Israel refused to release the Palestinian prisoners.", "12", "1243", "ISR", None),
    ("Russia vetoed the UN resolution on Syria.", "12", "129", "RUS", None),
    ("North Korea threatened to attack South Korea.", "13", None, "PRK", "KOR"),
    ("The United States warned Iran against enriching uranium.", "13", "130", "USA", "IRN"),
    ("Ethiopia threatened Egypt with military action.", "13", None, "ETH", "EGY"),
    ("Thousands of protesters demonstrated against the government in Caracas.", "14", "141",
     None, None),
    ("The Venezuelan opposition boycotted the election.", "14", "1431", "VEN", None),
    ("Palestinian prisoners began a hunger strike in Israeli jails.", "14", "142", None, None),
    ("Russia deployed troops to the border with Ukraine.", "15", "154", "RUS", None),
    ("China held military exercises near Taiwan.", "15", "150", "CHN", None),
    ("Egypt put its army on high alert.", "15", "152", "EGY", None),
    ("Saudi Arabia cut diplomatic ties with Qatar.", "16", "161", "SAU", "QAT"),
    ("Russia suspended talks with Ukraine.", "16", "164", "RUS", "UKR"),
    ("The United States imposed sanctions on Iran.", "16", "163", "USA", "IRN"),
    ("Turkish police detained a German journalist.", "17", "173", "TUR", "DEU"),
    ("Thailand imposed a curfew in Bangkok.", "17", "1723", "THA", None),
    ("Israel demolished Palestinian homes in the West Bank.", "17", "1712", "ISR", None),
    ("Gunmen assassinated the Haitian president.", "18", "186", None, "HTI"),
    ("Boko Haram militants abducted schoolgirls in Nigeria.", "18", "181", None, None),
    ("Syrian forces shelled rebel positions in Idlib.", "19", "194", "SYR", None),
    ("Israeli jets bombed Hamas targets in Gaza.", "19", "195", "ISR", None),
    ("Azerbaijan violated the ceasefire with Armenia.", "19", "196", "AZE", "ARM"),
    ("Myanmar expelled thousands of Rohingya to Bangladesh.", "20", "201", "MMR", None),
    ("Syria used chemical weapons against civilians.", "20", None, "SYR", None),
    ("Myanmar's army massacred Rohingya villagers.", "20", "202", "MMR", None),
]


def _vals(case):
    return case.values if hasattr(case, "values") else case


def test_every_root_has_two_examples():
    counts: dict[str, int] = {}
    for case in CASES:
        root = _vals(case)[1]
        counts[root] = counts.get(root, 0) + 1
    assert sorted(counts) == [f"{r:02d}" for r in range(1, 21)]
    assert min(counts.values()) >= 2


@pytest.mark.parametrize("text,root,code,src,tgt", CASES, ids=[_vals(c)[0][:40] for c in CASES])
def test_root_example(nlp, text, root, code, src, tgt):
    events = _code(nlp, text)
    hits = [e for e in events if e.cameo_root == root]
    assert hits, f"no {root} event in {[(e.cameo, e.rule) for e in events]}"
    if code is not None:
        assert code in {e.cameo for e in hits}
    if src is not None:
        assert src in {_country(e.source) for e in hits}
    if tgt is not None:
        assert tgt in {_country(e.target) for e in hits}


def test_non_events_stay_silent(nlp):
    # Speech verbs and bare "impose" are frames or light verbs, not events.
    assert _code(nlp, "The Turkish foreign minister said the weather was pleasant.") == []
    assert _code(nlp, "Germany told reporters that it would note the changes.") == []
    assert _code(nlp, "Germany imposed a new format on its annual budget report.") == []


@pytest.mark.parametrize("text,code", [
    ("The opposition seized the opportunity to criticise the government.", None),
    ("Russian forces seized the airport in Hostomel.", "192"),
    ("Voters in Ohio are fed up with the governor.", None),
    ("The senator amassed 1,200 delegates in the primaries.", None),
    ("Russia amassed troops near the Ukrainian border.", "154"),
    ("The Brazilian minister took to Twitter after the vote.", None),
    ("Thousands of Belarusians took to the streets of Minsk.", "141"),
    ("Kenyan farmers killed two elephants near Tsavo.", None),
    ("Somali militants killed two Kenyan soldiers near the border.", "1823"),
    ("The Associated Press called the race for Biden on Saturday.", None),
    ("President Trump was released from the hospital on Monday.", None),
    ("Kenya released the activist from prison.", "0841"),
])
def test_no_event_patterns(nlp, text, code):
    # A `code: none` entry, when it is the best match, keeps the trigger silent.
    codes = [e.cameo for e in _code(nlp, text)]
    assert codes == ([] if code is None else [code])


@pytest.mark.parametrize("text,code", [
    ("Biden attacked Trump for the tweet.", "111"),
    ("Trump attacked Joe Biden during the debate.", "111"),
    ("Russian forces attacked Kharkiv on Monday.", "190"),
    ("Militants attacked Governor Ahmed Khan in Quetta.", "190"),
])
def test_attacks_between_named_people_are_criticism(nlp, text, code):
    assert [e.cameo for e in _code(nlp, text)] == [code]


def test_named_person_attacking_with_a_weapon_is_assault(nlp):
    from tacitus.coding.actors import DocumentActors
    from tacitus.coding.events import SentenceCoder

    doc = nlp("Abe Brown attacked Jim Smith with a knife.")
    m = SentenceCoder(DocumentActors(doc)).match(doc[2])
    assert m is not None and m[0].code == "182"


# -- known coder limits (the lexicon data is right; the parse or resolver is not) ---------

def test_urge_to_release_is_an_appeal(nlp):
    events = _code(nlp, "Pakistan urged India to release the detained fishermen.")
    assert "0253" in {e.cameo for e in events}


def test_unnamed_protesters_have_no_country(nlp):
    events = _code(nlp, "Protesters stormed the American embassy in Baghdad.")
    hits = [e for e in events if e.cameo_root == "14"]
    assert hits and all(_country(e.source) != "USA" for e in hits)


def test_intent_has_no_self_target(nlp):
    events = _code(nlp, "Russia agreed to withdraw its troops from Georgia.")
    assert events and all(_country(e.target) != "RUS" for e in events)


def test_pull_out_of_is_a_retreat(nlp):
    events = _code(nlp, "Ethiopian troops pulled out of the Somali town of Baidoa.")
    assert "0874" in {e.cameo for e in events}


# -- patterns added from corpus gaps (scripts/lexicon_gaps.py) and a review of news phrasing --
# Sentences written by the Tacitus team for these tests. (sentence, exact code or None, source
# country or None, target country or None)
GAP_CASES = [
    ("The Chinese foreign minister arrived in Moscow for talks with his Russian counterpart.",
     "042", "CHN", "RUS"),
    ("The German chancellor paid a visit to Poland on Tuesday.", "042", "DEU", "POL"),
    ("The Kenyan president welcomed the Ethiopian prime minister.", "043", "KEN", "ETH"),
    ("Egypt launched a mediation effort between Israel and Hamas.", "045", "EGY", None),
    # Talks and calls are reciprocal (PLOVER): both sides are actors, there is no recipient.
    ("India resumed talks with Pakistan after a two-year pause.", "046", "IND", None),
    ("The Japanese prime minister held a phone call with the Australian prime minister.", "041",
     "JPN", None),
    ("Norway will work with Sweden on the new border controls.", None, "NOR", "SWE"),
    ("Lithuania stands with Ukraine.", "052", "LTU", "UKR"),
    ("Canada contributed $5 million to Haiti for reconstruction.", "071", "CAN", "HTI"),
    ("Germany donated ventilators to Italy.", "073", "DEU", "ITA"),
    ("Poland took in thousands of Ukrainian refugees.", "075", "POL", "UKR"),
    ("Turkey handed over the captured soldiers to Russia.", "0841", "TUR", "RUS"),
    ("The rebels handed the town over to the Malian army.", "0842", None, "MLI"),
    ("The Sudanese military handed power to a civilian government.", "0831", "SDN", None),
    ("Iran accepted the result of the vote.", "080", "IRN", None),
    ("Venezuela reneged on its agreement with Colombia.", "127", "VEN", "COL"),
    ("Russia ruled out talks with Ukraine.", "125", "RUS", "UKR"),
    ("Beijing lodged a protest with Tokyo over the visit.", "114", "CHN", "JPN"),
    ("Vietnam handed a protest note to the Chinese ambassador.", "114", "VNM", "CHN"),
    ("Opposition supporters convened a rally against the Kenyan government.", "141", None, "KEN"),
    ("Indian farmers blocked off roads across the country.", "144", None, None),
    ("South Korea and the United States staged war games near the border.", "062", "KOR", None),
    ("Thai police clamped down on student protesters.", "175", "THA", None),
    ("The French president issued a warning to Turkey.", "130", "FRA", "TUR"),
    ("Russian forces staged an attack on the Ukrainian town.", "190", "RUS", None),
    # light verb + eventive noun, verb + object families
    ("China extended a warm reception to the Pakistani delegation.", "043", "CHN", "PAK"),
    ("The Indian prime minister paid tribute to Japan.", "051", "IND", "JPN"),
    ("France lent its support to the Lebanese government.", "051", "FRA", "LBN"),
    ("The Egyptian foreign minister gave a warning to Ethiopia.", "130", "EGY", "ETH"),
    ("The United Nations issued an appeal to Israel.", "020", None, "ISR"),
    ("China extended an invitation to the Russian president.", "036", "CHN", "RUS"),
    ("The Afghan government embraced the peace deal.", "030", "AFG", None),
    ("The Swiss parliament approved the agreement with the European Union.", "057", "CHE", None),
    ("Hamas turned down the ceasefire offer.", "1246", None, None),
    ("The Venezuelan opposition leader sought asylum in Spain.", "0233", "VEN", "ESP"),
    ("The United Nations dispatched investigators to Syria.", "090", None, "SYR"),
    ("The Iranian parliament held hearings into the downing of the airliner.", "090", "IRN", None),
    ("Russia cut off gas supplies to Ukraine.", "163", "RUS", "UKR"),
    ("China froze trade with Lithuania.", "163", "CHN", "LTU"),
    ("Greek dock workers downed tools.", "143", None, None),
    ("Palestinian workers shunned work on Monday.", "143", None, None),
    ("The Egyptian government expanded press freedoms on Monday.", "0811", "EGY", None),
    ("The Ugandan electoral commission allowed Bobi Wine to run for president.", "082", "UGA",
     None),
    ("Japan sounded the alarm over Chinese naval activity.", "012", "JPN", None),
    # patterns checked for their code alone
    ("Kenyan youths threw stones at police in Nairobi.", "145", None, None),
    ("Egyptian guards abused the prisoners, the report said.", "182", None, None),
    ("The Pakistani government ordered patrols by soldiers in Karachi.", "150", None, None),
    ("Ivorian rebels blocked transport into the capital.", "144", None, None),
    ("Kenyan teachers went on strike on Monday.", "143", None, None),
    ("Palestinian prisoners went on hunger strike.", "142", None, None),
    ("Israeli troops remained on alert near the border.", "150", None, None),
    ("US and Russian negotiators returned to Geneva for talks on missiles.", "040", None, None),
    ("The Iranian foreign minister returned to Beijing for talks.", "042", None, None),
    ("The Taliban returned weapons seized from Afghan police.", "0842", None, None),
    ("The Belarusian opposition collected 100,000 signatures against the new law.", "140",
     None, None),
]


@pytest.mark.parametrize("text,code,src,tgt", GAP_CASES, ids=[c[0][:40] for c in GAP_CASES])
def test_gap_pattern(nlp, text, code, src, tgt):
    events = _code(nlp, text)
    hits = [e for e in events if not e.negated and (code is None or e.cameo == code)
            and (src is None or _country(e.source) == src)
            and (tgt is None or _country(e.target) == tgt)]
    assert hits, [(e.cameo, e.rule, _country(e.source), _country(e.target)) for e in events]


def test_gap_patterns_keep_other_senses_silent(nlp):
    # Non-political senses of the new triggers code nothing.
    assert _code(nlp, "The Turkish team arrived in Madrid on Monday.") == []
    assert _code(nlp, "The Chinese athletes held the games in a new stadium.") == []
    assert _code(nlp, "The weather service issued a storm warning for the coast.") == []
    # Other senses of the new light-verb families.
    tribute = _code(nlp, "The Kenyan president paid tribute to the victims of the attack.")
    assert "051" not in {e.cameo for e in tribute}
    phone = _code(nlp, "The Turkish president made a call to the Russian president.")
    assert "020" not in {e.cameo for e in phone}
    dam = _code(nlp, "The Ugandan government stopped work on the new dam.")
    assert "143" not in {e.cameo for e in dam}
    arms = _code(nlp, "Kosovo stopped electricity deliveries to Serbia.")
    assert "1622" not in {e.cameo for e in arms}
    welcomed = _code(nlp, "France welcomed the decision of the German court.")
    assert "043" not in {e.cameo for e in welcomed}


def test_lemma_aliases_follow_the_true_lemma():
    """The default model lemmatizes staged/waged/fined as stag/wag/fin: the aliases must code
    exactly as the true lemmas do."""
    from tacitus.coding.lexicon import Features
    lex = load_lexicon()
    for alias, lemma, obj in (("stag", "stage", "protest"), ("stag", "stage", "attack"),
                              ("wag", "wage", "war"), ("fin", "fine", "company")):
        f = Features(obj={obj})
        assert lex.match("verb", alias, f).code == lex.match("verb", lemma, f).code


def test_buying_from_a_country_without_an_object(nlp):
    from tacitus.coding import code_document
    from tacitus.records import Document

    text = "Egypt decided to buy from China."
    events = code_document(Document(id="t", text=text), nlp(text), coder="patterns")
    assert any(e.cameo.startswith("031") and e.target and e.target.country == "CHN"
               for e in events)


def test_a_strike_on_a_target_is_military_not_labour(nlp):
    from tacitus.coding import code_document
    from tacitus.records import Document

    for text, root in (("Israel launched a strike on Hamas positions in Gaza.", "19"),
                       ("Teachers in Kenya launched a strike over pay.", "14")):
        events = code_document(Document(id="t", text=text), nlp(text), coder="patterns")
        assert events and events[0].cameo_root == root, text


@pytest.mark.parametrize("text,code,src,tgt", [
    ("The United States speeded up the withdrawal of its forces from Panama.", "0874", "USA",
     "PAN"),
    ("Swiss doctors handed over medicine to the Red Crescent in Iran.", "073", "CHE", None),
    ("The European Union demanded the withdrawal of Serbian forces from Bosnia.", "106", "IGO",
     "SRB"),
])
def test_withdrawal_nouns_and_hand_overs(nlp, text, code, src, tgt):
    events = _code(nlp, text)
    hits = [e for e in events if e.cameo == code and _country(e.source) == src
            and (tgt is None or _country(e.target) == tgt)]
    assert hits, [(e.cameo, _country(e.source), _country(e.target)) for e in events]


# -- precision fixes from an audit of coded news and press releases ------------------------
# Sentences written by the Tacitus team for these tests. Each pair: a non-political sense of a
# trigger that used to code an event, and the political sense that must still code.
PRECISION_SILENT = [
    # (sentence, CAMEO root that must not appear)
    ("The new senator, who hails from Ohio, has three children.", "05"),
    ("The regional fund will support the local economy and small businesses.", "05"),
    ("The programme aims to protect children from online abuse.", "07"),
    ("The singer released a new album on Friday.", "08"),
    ("The singer released a new album on Friday.", "01"),
    ("The ministry released a plan to cut emissions by 2030.", "08"),
    ("The country met its emissions target last year.", "04"),
    ("The president demonstrated his commitment to the alliance.", "14"),
    ("The visit demonstrates that the two countries remain close partners.", "14"),
    ("The government will take action to address the housing shortage.", "11"),
    ("The new licence allows fishermen to sell their catch abroad.", "08"),
    ("The bill would allow the courts to extradite suspects.", "08"),
]


@pytest.mark.parametrize("text,root", PRECISION_SILENT, ids=[c[0][:40] for c in PRECISION_SILENT])
def test_non_political_senses_stay_silent(nlp, text, root):
    events = _code(nlp, text)
    lexical = [e for e in events if e.rule.startswith("lexicon:") and e.cameo_root == root]
    assert lexical == [], [(e.cameo, e.rule) for e in lexical]


PRECISION_KEPT = [
    # (sentence, exact code, source country or None, target country or None)
    ("The Kenyan president thanked Ethiopia for its help.", "051", "KEN", "ETH"),
    ("Germany hailed the agreement between Serbia and Kosovo.", "051", "DEU", None),
    ("France backed the UN resolution on Syria.", "051", "FRA", None),
    ("Russia supported the Syrian government.", "051", "RUS", "SYR"),
    ("UN peacekeepers protected civilians in the camp.", "074", None, None),
    ("Iran released three British sailors.", "0841", "IRN", "GBR"),
    ("The Egyptian activist was released from prison on Monday.", "0841", None, None),
    ("The Iranian foreign ministry released a statement on the talks.", "010", "IRN", None),
    ("The Indian prime minister met the Japanese prime minister on Tuesday.", "040", "IND",
     None),
    ("The foreign ministers of Egypt and Jordan met in Cairo.", "040", None, None),
    ("The Ethiopian government met the demands of the protesters.", "080", "ETH", None),
    ("Thousands of students demonstrated in Caracas on Sunday.", "141", None, None),
    ("Opposition supporters demonstrated against the Kenyan government.", "141", None, "KEN"),
    ("The Greek opposition leader attacked the prime minister for his remarks.", "111", "GRC",
     None),
    ("The Brazilian senator attacked the new immigration policy.", "111", "BRA", None),
    ("Rebels attacked an army base in northern Mali.", "190", None, None),
    ("Russian forces attacked Ukrainian positions near Kharkiv.", "190", "RUS", "UKR"),
    ("A Canadian company took legal action against the Indian government.", "115", "CAN",
     "IND"),
]


@pytest.mark.parametrize("text,code,src,tgt", PRECISION_KEPT,
                         ids=[c[0][:40] for c in PRECISION_KEPT])
def test_political_senses_still_code(nlp, text, code, src, tgt):
    events = _code(nlp, text)
    hits = [e for e in events if e.cameo == code and (src is None or _country(e.source) == src)
            and (tgt is None or _country(e.target) == tgt)]
    assert hits, [(e.cameo, e.rule, _country(e.source), _country(e.target)) for e in events]


def test_verbal_attacks_are_criticism_not_force():
    from tacitus.coding.lexicon import Features
    lex = load_lexicon()
    assert lex.match("verb", "attack", Features(obj={"biden"}, obj_actor=True,
                                                prep={"for"})).code == "111"
    assert lex.match("verb", "attack", Features(obj={"policy"})).code == "111"
    assert lex.match("verb", "attack", Features(obj={"base"}, prep={"for"})).code[:2] == "19"
    assert lex.match("verb", "support", Features(obj={"economy"})) is None
    assert lex.match("verb", "thank", Features(obj={"you"})) is None
    assert lex.match("verb", "meet", Features(obj={"goal"})) is None


def test_abusing_power_is_no_assault(nlp):
    assert "182" not in {e.cameo for e in _code(nlp, "The Kenyan minister abused his power.")}


def test_opposing_a_proposal_is_a_rejection_and_a_policy_a_disapproval(nlp):
    assert "120" in {e.cameo for e in _code(nlp, "Hungary opposed the Ukrainian accession bid.")}
    assert "126" in {e.cameo for e in _code(nlp, "Serbia opposed Turkish mediation.")}
    assert "110" in {e.cameo for e in _code(nlp, "Britain opposed the new Irish tax.")}


def test_the_object_of_under_names_the_act(nlp):
    assert "090" in {e.cameo for e in _code(nlp, "A French journalist was put under investigation "
                                                 "in Italy.")}
    assert "173" in {e.cameo for e in _code(nlp, "Kenyan police placed the opposition leader "
                                                 "under arrest.")}


def test_going_on_holiday_is_no_strike(nlp):
    assert _code(nlp, "The Turkish minister went on holiday.") == []


def test_allowing_the_return_of_inspectors_is_a_concession(nlp):
    assert "086" in {e.cameo for e in _code(nlp, "Syria allowed the return of UN chemical "
                                                 "weapons inspectors.")}
    assert _code(nlp, "The bill would allow banks to charge higher fees.") == []


@pytest.mark.parametrize("text,code", [
    ("India and Pakistan held a new round of talks in Delhi.", "040"),
    ("Russia launched three days of military exercises near the Ukrainian border.", "150"),
    ("Russia launched a week of war games near the Polish border.", "150"),
    ("Israel launched air strikes in Gaza.", "195"),
    ("Turkey began a wave of air strikes against Kurdish militants in Iraq.", "195"),
])
def test_rounds_days_and_closed_compounds_name_the_act(nlp, text, code):
    codes = {e.cameo for e in _code(nlp, text)}
    assert code in codes and "143" not in codes and "190" not in codes


def test_an_envoy_returning_home_for_consultations_is_no_visit(nlp):
    assert _code(nlp, "The Russian ambassador returned to Moscow for consultations.") == []


@pytest.mark.parametrize("text", [
    "Syrian troops prepared to attack Aleppo.",
    "Israel is preparing a major ground offensive in Gaza.",
    "Armenia is preparing for war with Azerbaijan.",
])
def test_preparing_violence_is_military_readiness_not_a_threat(nlp, text):
    codes = {e.cameo for e in _code(nlp, text)}
    assert "152" in codes and not any(c.startswith(("13", "19")) for c in codes)


def test_donating_goods_is_aid_in_kind(nlp):
    ev = _code(nlp, "Japan donated 500 computers to Kenyan schools.")
    assert [e.cameo for e in ev] == ["070"] and _country(ev[0].target) == "KEN"


@pytest.mark.parametrize("text", [
    "Russia halted air strikes on Aleppo.",
    "NATO suspended the bombing of Serbia.",
    "Israel called off the ground offensive in Gaza.",
])
def test_halting_air_strikes_or_an_offensive_is_deescalation(nlp, text):
    codes = {e.cameo for e in _code(nlp, text)}
    assert "087" in codes and not any(c.startswith(("18", "19", "14")) for c in codes)
