"""`tacitus serve`: a REST API and an offline web dashboard over an event store."""

from __future__ import annotations

from tacitus.serve.app import create_app

__all__ = ["create_app"]
