"""Shared fixtures: one real spaCy pipeline per test session."""

from __future__ import annotations

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
