"""The codebook and the frame/mood data agree with each other."""

from __future__ import annotations

from tacitus.codebook import codebook, lookup
from tacitus.coding.lexicon import load_frames


def test_codebook_has_every_cameo_code_with_plover_and_goldstein():
    cb = codebook()
    assert len(cb) == 311
    assert lookup("163").goldstein == -8.0
    assert lookup("106").name == "Demand withdrawal"
    assert lookup("190").quad_class == 4 and lookup("042").quad_class == 1
    assert lookup("020").plover_event == "REQUEST"  # APPEAL folded into REQUEST
    assert lookup("010").plover_event is None


def test_manual_overrides_win_over_the_2021_table():
    # The PLOVER manual codes international sanctions as SANCTION and lifted curfews as CONCEDE.
    assert (lookup("163").plover_event, lookup("163").plover_mode) == ("SANCTION", "discontinue")
    assert lookup("0813").plover_event == "CONCEDE"
    assert lookup("0814").plover_event == "CONCEDE"
    assert lookup("1723").plover_event == "COERCE"  # imposing a curfew is unchanged


def test_every_mood_target_code_exists():
    book = codebook()
    for mood, table in load_frames().moods.items():
        for key, code in table.items():
            assert code is None or code in book, (mood, key, code)


def test_recode_uses_most_specific_prefix():
    f = load_frames()
    assert f.recode("threat", "1831") == (True, "1383")
    assert f.recode("intent", "0874") == (True, "0356")
    assert f.recode("intent", "036") == (True, None)  # already an intent: keep
    assert f.recode("refuse", "18") == (False, None)
