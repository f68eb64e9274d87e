"""Shared fixtures: one real spaCy pipeline per test session."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from helpers import SAMPLE, TEXTS, start_cluster, stop_processes

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


# -- Dask: a real `dask scheduler` and two `dask worker` processes ------------------------------


@pytest.fixture(scope="session")
def scheduler():
    """`dask scheduler` and two single-thread `dask worker` processes started from the command
    line, shared by the tests that leave them running; yields the scheduler's address."""
    pytest.importorskip("distributed")
    from distributed import Client

    procs: list[subprocess.Popen] = []
    try:
        address = start_cluster(procs, "--nworkers", "1")
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        stop_processes(procs)


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A JSON Lines file of the six `TEXTS`, ids d0..d5, dated 2024-03-01..06."""
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps({"id": f"d{i}", "text": t, "date": "2024-03-0"
                                          + str(i + 1)}) for i, t in enumerate(TEXTS)),
                    encoding="utf-8")
    return path
