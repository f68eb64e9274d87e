"""GDELT-like tone from the VADER lexicon."""

from __future__ import annotations

from tacitus.coding.tone import counts, score


def test_counts_words_by_lexicon_sign():
    # peace, great and success are positive in VADER; talks and were are not in it
    assert counts("Peace talks were a great success.") == (3, 0, 6)
    assert score("Peace talks were a great success.") == 50.0


def test_negative_text():
    # attack and killed are negative; "wounded" is not a VADER entry; digits are not words
    text = "The attack killed 12 civilians and wounded dozens."
    assert counts(text) == (0, 2, 7)
    assert score(text) == round(-200.0 / 7, 4)


def test_score_is_percentage_difference():
    text = ("The ministers welcomed the agreement but warned that the dispute over tariffs "
            "could still hurt trade and threaten the fragile truce.")
    pos, neg, total = counts(text)
    assert score(text) == round(100.0 * (pos - neg) / total, 4)
    assert -100.0 <= score(text) <= 100.0


def test_two_word_entries_and_empty_text():
    assert counts("Voters are fed up.") == (0, 1, 4)
    assert score("") == 0.0
    assert score("12 345") == 0.0
