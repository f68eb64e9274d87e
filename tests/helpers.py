"""Small helpers shared by the tests (fixtures are in conftest.py)."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "samples" / "mattis-turkey-s400.txt"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
BIN = Path(sys.executable).parent  # where the venv's `dask` command is

# Short documents with at least one event each, for ingest tests.
TEXTS = [
    "Turkey condemned Russia on Monday.",
    "Greece criticized Turkey on Tuesday.",
    "France praised Germany on Wednesday.",
    "Iran threatened Israel with retaliation after the strike.",
    "The United States imposed sanctions on Venezuela.",
    "India and Pakistan agreed to hold talks in Geneva.",
]


def first_sentence(nlp, text: str):
    """The first sentence of `text`, parsed."""
    return next(iter(nlp(text).sents))


def token(doc, text: str, nth: int = 0):
    """The `nth` token of `doc` (or a span) whose text is `text`."""
    return [t for t in doc if t.text == text][nth]


def sentence_with(doc, words: str):
    """The first sentence of a parsed `doc` that contains `words`."""
    return next(s for s in doc.sents if words in s.text)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_cluster(procs: list[subprocess.Popen], *worker_args: str, workers: int = 2) -> str:
    """A `dask scheduler` on a free port and `workers` single-thread `dask worker` processes,
    added to `procs` (the caller stops them); gives the scheduler's address."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs.append(subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1",
                                   "--port", str(port), "--no-dashboard"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    for _ in range(workers):
        procs.append(start_worker(address, *worker_args))
    return address


def start_worker(address: str, *worker_args: str) -> subprocess.Popen:
    """One single-thread `dask worker` process for the scheduler at `address`."""
    return subprocess.Popen([str(BIN / "dask"), "worker", address, "--nthreads", "1",
                             *worker_args, "--no-dashboard"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop_processes(procs: list[subprocess.Popen]) -> None:
    """Stop processes started by a test, the last started first (SIGKILL after 10 s)."""
    for p in reversed(procs):
        p.terminate()
    for p in procs:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
