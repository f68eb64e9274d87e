"""The pipeline: ingest -> nlp -> coding, yielding one result per document.

Batch, parallel and distributed runs reuse the same pure `code_document` function; this module
only streams documents through spaCy's `nlp.pipe` and isolates per-document failures.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from .coding.dictionaries import ActorDictionary
from .coding.document import analyse
from .config import Settings
from .nlp import load
from .records import Document, Event, Result

__all__ = ["Result", "code_parsed", "code_texts", "run"]

log = logging.getLogger("tacitus")


def run(documents: Iterable[Document], settings: Settings | None = None,
        n_process: int = 1, dictionary: ActorDictionary | None = None) -> Iterator[Result]:
    """Parse and code documents in order; a failing document yields a Result with `error`.

    `dictionary` holds user actor entries (see `tacitus.coding.dictionaries`). With
    `n_process` > 1, worker processes parse and code (`tacitus.workers`); they stop with the
    caller, on Ctrl-C or when it is killed."""
    settings = settings or Settings()
    if n_process > 1:
        from .workers import run_parallel

        yield from run_parallel(documents, settings, n_process, dictionary)
        return
    nlp = load(settings.model)
    stream = ((d.text, d) for d in documents)
    for parsed, document in nlp.pipe(stream, as_tuples=True, batch_size=settings.batch_size):
        yield code_parsed(document, parsed, settings, dictionary)


def code_parsed(document: Document, parsed, settings: Settings,
                dictionary: ActorDictionary | None) -> Result:
    """Code one parsed document; a failure is the Result's `error`, never an exception."""
    try:
        coded = analyse(document, parsed, dictionary, settings.coder)
    except Exception as exc:  # one bad document never stops a batch
        log.exception("coding failed for %s", document.id)
        return Result(document, error=f"{document.id}: coding failed ({exc!r})")
    n_words = sum(1 for t in parsed if not (t.is_punct or t.is_space))
    return Result(document, coded.events, coded.quotes, n_sentences=coded.n_sentences,
                  tone=coded.tone, n_words=n_words)


def code_texts(documents: list[Document], settings: Settings | None = None) -> list[list[Event]]:
    """Convenience for evaluation and tests: the events of each document, in order."""
    return [r.events for r in run(documents, settings)]
