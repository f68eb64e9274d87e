"""Shared fixtures: one real spaCy pipeline per test session."""

from __future__ import annotations

import pytest

from tacitus.nlp import load


@pytest.fixture(scope="session")
def nlp():
    return load()
