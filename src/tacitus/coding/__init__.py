"""The coding stage: `code_document(document, parsed_doc) -> list[Event]`, a pure function.

Sub-modules: `events` (triggers and arguments), `lexicon` (pattern data), `actors`, `time`,
`place`, `quantities`, `tone`, `dedupe` (one event per happening).
"""

from __future__ import annotations

from typing import Any

__all__ = ["analyse", "code_document"]


def __getattr__(name: str) -> Any:
    # Imported lazily so that sub-modules can be used without loading the whole stage.
    if name in ("code_document", "analyse"):
        from . import document

        return getattr(document, name)
    raise AttributeError(name)
