"""Parallel parsing and coding in worker processes that never outlive the caller.

Each worker loads the pipeline once, ignores Ctrl-C (the caller stops the pool), and asks the
kernel to kill it when its parent dies (Linux), so `kill -9` of an ingest leaves no workers.
"""

from __future__ import annotations

import ctypes
import multiprocessing as mp
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator

from .coding.dictionaries import ActorDictionary
from .config import Settings
from .records import Document

_STATE: dict = {}
_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - other libc
            pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _init(parent: int, settings: Settings, dictionary: ActorDictionary | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    from .nlp import load

    _STATE.update(nlp=load(settings.model), settings=settings, dictionary=dictionary)


def _code(document: Document):
    from .pipeline import Result, code_parsed

    try:
        parsed = _STATE["nlp"](document.text)
    except Exception as exc:  # noqa: BLE001 - reported on the document
        return Result(document, error=f"{document.id}: parsing failed ({exc!r})")
    return code_parsed(document, parsed, _STATE["settings"], _STATE["dictionary"])


def run_parallel(documents: Iterable[Document], settings: Settings, n_process: int,
                 dictionary: ActorDictionary | None) -> Iterator:
    """Results of `documents`, in order, coded by `n_process` workers."""
    ctx = mp.get_context("spawn")  # no forked copies of the caller's database connections
    pool = ctx.Pool(n_process, initializer=_init, initargs=(os.getpid(), settings, dictionary))
    pending: deque = deque()
    try:
        # `documents` is read here, in the caller's thread (it may query the caller's store),
        # never in the pool's feeder thread; a few documents per worker are in flight.
        for document in documents:
            pending.append(pool.apply_async(_code, (document,)))
            if len(pending) >= 4 * n_process:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
    finally:  # done, failed, Ctrl-C or the caller stopped reading: no worker stays
        pool.terminate()
        pool.join()
