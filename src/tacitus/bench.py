"""Benchmark: Tacitus end to end against bare spaCy `nlp.pipe` on the same texts, same run."""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path

from .config import Settings
from .nlp import load
from .pipeline import run
from .records import Document


def _docs(corpus: Path, limit: int) -> list[Document]:
    docs = []
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            if len(docs) >= limit:
                break
            row = json.loads(line)
            docs.append(Document(id=str(row["id"]), text=row["text"], date=row.get("date")))
    return docs


def _timed(fn) -> tuple[float, float]:
    """Seconds taken, and the process's peak resident memory (MiB) after the call."""
    t0 = time.perf_counter()
    fn()
    dt = time.perf_counter() - t0
    return dt, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_bench(corpus: Path, limit: int, model: str, repeat: int = 2,
              coder: str | None = None) -> dict:
    """Print documents/s, words/s and peak memory for both, then `ratio: X.XX`.

    The two paths run alternately `repeat` times and each keeps its fastest run, so that a
    burst of load from other processes does not land on one side only.
    """
    docs = _docs(corpus, limit)
    words = sum(len(d.text.split()) for d in docs)
    nlp = load(model)
    settings = Settings(model=model) if coder is None else Settings(model=model, coder=coder)
    list(nlp.pipe([d.text for d in docs[:5]]))  # warm up both paths once: the model,
    list(run(docs[:5], settings))  # and the lexicons, actor lists and learned layer
    n_events = 0

    def spacy_only() -> None:
        for _ in nlp.pipe((d.text for d in docs), batch_size=settings.batch_size):
            pass

    def tacitus() -> None:
        nonlocal n_events
        n_events = sum(len(r.events) for r in run(docs, settings))

    runs = [(_timed(spacy_only), _timed(tacitus)) for _ in range(max(1, repeat))]
    (t_sp, m_sp), (t_tc, m_tc) = min(r[0] for r in runs), min(r[1] for r in runs)
    res = {"documents": len(docs), "words": words, "events": n_events,
           "spacy_words_per_s": words / t_sp, "tacitus_words_per_s": words / t_tc,
           "ratio": (words / t_tc) / (words / t_sp)}
    print(f"corpus: {corpus} ({len(docs)} documents, {words} words), coder {settings.coder}")
    print(f"spaCy   : {len(docs) / t_sp:8.1f} docs/s {words / t_sp:9.0f} words/s "
          f"peak RSS {m_sp:7.0f} MiB")
    print(f"Tacitus : {len(docs) / t_tc:8.1f} docs/s {words / t_tc:9.0f} words/s "
          f"peak RSS {m_tc:7.0f} MiB ({n_events} events)")
    print(f"ratio: {res['ratio']:.2f} (fastest of {max(1, repeat)} alternating runs each)")
    return res
