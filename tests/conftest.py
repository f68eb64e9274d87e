"""Shared fixtures: one real spaCy pipeline per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import SAMPLE

from tacitus.nlp import load


@pytest.fixture(scope="session")
def nlp():
    """One real spaCy pipeline per test session (`load` is cached per process)."""
    return load()


@pytest.fixture(scope="module")
def sample_doc(nlp):
    """The shared sample article, parsed (skipped where ../shared is absent)."""
    if not SAMPLE.exists():
        pytest.skip("shared sample not present")
    return nlp(SAMPLE.read_text(encoding="utf-8"))


# -- `tacitus serve` tests: a real store holding a few coded demo documents -------------------

SERVE_DOCS = (
    "wikinews-Iraqi_Parliament_votes_for_expulsion_of_United_States_troops",
    "wikinews-Iran_issues_arrest_warrants_for_36_people",
    "wikinews-Coalition_authorities_report_no_casualties_from_missile_strike",
    "wikinews-Mokha,_Yemen_bomb_kills_photojournalist",
    "wikinews-Oil_facilities_in_Saudi_Arabia_hit_by_drone_attacks",
    "statedept-250873",
    "statedept-319608",
    "statedept-262877",
)


@pytest.fixture(scope="session")
def served_db(tmp_path_factory, nlp) -> Path:
    """A DuckDB store holding the SERVE_DOCS demo documents, coded by the real pipeline."""
    from tacitus.codebook import data_path
    from tacitus.ingest import read_inputs
    from tacitus.pipeline import run
    from tacitus.store import Entry, open_store

    folder = Path(str(data_path("demo")))
    docs = [d for d in read_inputs([str(folder)], lambda p: None)
            if d.id.startswith(SERVE_DOCS)]
    assert len(docs) == len(SERVE_DOCS)
    path = tmp_path_factory.mktemp("served") / "events.duckdb"
    with open_store(path) as store:
        entries = [Entry(r.document, r.events, r.n_sentences, r.tone, r.quotes)
                   for r in run(docs)]
        assert all(o.added for o in store.add_many(entries))
    return path


@pytest.fixture
def served_copy(served_db, tmp_path) -> Path:
    """A copy of `served_db` that a test may write to."""
    import shutil

    return Path(shutil.copy(served_db, tmp_path / "events.duckdb"))
