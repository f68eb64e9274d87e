"""Tone of a text in the manner of GDELT's AvgTone, with the VADER lexicon.

score = 100 * (positive words - negative words) / all words, where a word is positive
(negative) when the VADER lexicon (shipped with the vaderSentiment package) gives it a
valence above (below) zero; two-word lexicon entries ("fed up") count once. Like GDELT's
tone there is no negation or intensity handling: it is a word-count measure, bounded by
-100 and 100, and for news text it usually lies between -10 and 10.
"""

from __future__ import annotations

import re
from functools import cache

_WORD = re.compile(r"[a-z]+(?:['\u2019-][a-z]+)*")


@cache
def _lexicon() -> tuple[dict[str, float], frozenset[str]]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    lexicon = {w: float(v) for w, v in SentimentIntensityAnalyzer().lexicon.items()}
    firsts = frozenset(w.split()[0] for w in lexicon if " " in w)
    return lexicon, firsts


def counts(text: str) -> tuple[int, int, int]:
    """(positive words, negative words, all words) of `text`."""
    lexicon, firsts = _lexicon()
    words = _WORD.findall(text.lower().replace("\u2019", "'"))
    pos = neg = 0
    i = 0
    while i < len(words):
        w = words[i]
        value = None
        if w in firsts and i + 1 < len(words):
            value = lexicon.get(f"{w} {words[i + 1]}")
            if value is not None:
                i += 1
        if value is None:
            value = lexicon.get(w)
        if value is not None and value > 0:
            pos += 1
        elif value is not None and value < 0:
            neg += 1
        i += 1
    return pos, neg, len(words)


def score(text: str) -> float:
    """GDELT AvgTone-like tone of `text` (-100..100); 0.0 for text without words."""
    pos, neg, total = counts(text)
    if total == 0:
        return 0.0
    return round(100.0 * (pos - neg) / total, 4)
