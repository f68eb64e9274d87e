"""`tacitus bench-scale`: throughput and memory of Dask workers against `--workers 2`.

Each run is the `tacitus ingest` a user types, in its own process, into a fresh store, timed
from start to exit (start-up included: on a small `--limit` it weighs on every run), while the
resident memory of every process it starts is sampled: worker processes (`--workers` pool
processes, or the workers of a `--dask local:N` cluster) and the client.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# Targets of the scale benchmark (issue "Scale out").
TARGET_VS_WORKERS = 0.95  # Dask with 2 workers against `--workers 2`
TARGET_SCALING = 1.6  # Dask 2 workers against 1
TARGET_PEAK_MIB = 1536  # per worker
SAMPLE_S = 0.25


@dataclass
class Run:
    """One timed ingest."""

    name: str
    args: list[str]
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # of all its processes: the same work costs the same on a busy host
    worker_peak_mib: float = 0.0
    client_peak_mib: float = 0.0
    summary: str = ""
    exit_code: int = 0
    workers_seen: int = 0


@dataclass
class Sample:
    """The documents coded: `path` holds them as JSON Lines."""

    path: Path
    documents: int
    words: int
    of: int


def sample(corpus: Path, limit: int | None, out: Path) -> Sample:
    """The JSON Lines records of every `*.jsonl` under `corpus` (sorted), or `limit` of them
    evenly spaced (a mix of its collections), written to `out`."""
    files = [corpus] if corpus.is_file() else sorted(corpus.rglob("*.jsonl"))
    lines = [ln for f in files for ln in f.read_text(encoding="utf-8").splitlines()
             if ln.strip()]
    if not lines:
        raise ValueError(f"no JSON Lines records under {corpus}")
    chosen = lines
    if limit is not None and limit < len(lines):
        chosen = [lines[i * len(lines) // limit] for i in range(limit)]
    out.write_text("\n".join(chosen) + "\n", encoding="utf-8")
    words = sum(len(str(json.loads(ln).get("text") or "").split()) for ln in chosen)
    return Sample(out, len(chosen), words, len(lines))


class _Memory:
    """Peak resident memory of a process tree, sampled in a thread."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peaks: dict[int, float] = {}
        self.workers: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> _Memory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._stop.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                return
            for p in procs:
                try:
                    rss = p.memory_info().rss / 2**20
                    if p.pid != self.pid and "spawn_main" in " ".join(p.cmdline()):
                        self.workers.add(p.pid)  # multiprocessing workers, not its tracker
                except psutil.Error:
                    continue
                self.peaks[p.pid] = max(self.peaks.get(p.pid, 0.0), rss)
            self._stop.wait(SAMPLE_S)

    def worker_peak(self) -> float:
        return max((self.peaks[p] for p in self.workers if p in self.peaks), default=0.0)

    def client_peak(self) -> float:
        return self.peaks.get(self.pid, 0.0)


def _cpu_of_children() -> float:
    """CPU seconds (user and system) of this process's ended children and their reaped
    descendants: a run's worker processes are reaped by its `tacitus` process."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(run: Run, log: Path) -> Run:
    """Run `run.args` (a `tacitus` command line), timing it and sampling its memory."""
    cpu = _cpu_of_children()
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as err:
        proc = subprocess.Popen([sys.executable, "-m", "tacitus.cli", *run.args],
                                stdout=subprocess.DEVNULL, stderr=err)
        with _Memory(proc.pid) as memory:
            run.exit_code = proc.wait()
    run.seconds = time.perf_counter() - started
    run.cpu_seconds = _cpu_of_children() - cpu
    run.worker_peak_mib, run.client_peak_mib = memory.worker_peak(), memory.client_peak()
    run.workers_seen = len(memory.workers)
    text = log.read_text(encoding="utf-8")
    run.summary = next((ln for ln in text.splitlines() if "documents read" in ln),
                       text.strip()[-400:])
    return run


@dataclass
class Bench:
    """The three runs of the benchmark and what they measure."""

    sample: Sample
    runs: list[Run] = field(default_factory=list)

    def rate(self, name: str) -> float:
        run = next(r for r in self.runs if r.name == name)
        return self.sample.documents / run.seconds

    def report(self) -> dict[str, float]:
        one, two, pool = (self.rate(n) for n in ("dask-1", "dask-2", "workers-2"))
        return {"scaling_1_to_2": two / one, "dask2_vs_workers2": two / pool,
                "peak_worker_mib": max(r.worker_peak_mib for r in self.runs
                                       if r.name.startswith("dask"))}


def plan(sample: Sample, folder: Path, output: str, partition: int | None) -> list[Run]:
    """`--workers 2`, then Dask with 1 and 2 local workers, each into a fresh store."""
    extra = ["--partition", str(partition)] if partition else []

    def dask(n: int) -> list[str]:
        where = (["--parquet", str(folder / f"dask-{n}")] if output == "parquet"
                 else ["--db", str(folder / f"dask-{n}.duckdb")])
        return ["ingest", str(sample.path), "--dask", f"local:{n}", *where, *extra]

    return [Run("workers-2", ["ingest", str(sample.path), "--workers", "2", "--db",
                              str(folder / "workers-2.duckdb")]),
            Run("dask-1", dask(1)), Run("dask-2", dask(2))]


def run_bench(corpus: Path, limit: int | None, output: str = "duckdb",
              partition: int | None = None, on_start: Callable[[Run], None] | None = None,
              on_done: Callable[[Run], None] | None = None) -> Bench:
    """Code the sample three ways and return the timed runs (stores in a temporary folder,
    removed at the end)."""
    with tempfile.TemporaryDirectory(prefix="tacitus-bench-scale-") as tmp:
        folder = Path(tmp)
        bench = Bench(sample(corpus, limit, folder / "sample.jsonl"))
        for run in plan(bench.sample, folder, output, partition):
            if on_start:
                on_start(run)
            bench.runs.append(timed(run, folder / f"{run.name}.log"))
            if on_done:
                on_done(run)
    return bench


def render(bench: Bench, corpus: Path) -> str:
    """The benchmark's table and verdicts, as printed on stdout."""
    s = bench.sample
    lines = [f"corpus: {corpus} ({s.documents:,} of {s.of:,} documents, {s.words:,} words; "
             "times include start-up)",
             f"{'run':<12} {'docs/s':>8} {'words/s':>9} {'time':>9} {'CPU':>9} "
             f"{'CPU ms/word':>11} {'peak RSS/worker':>16} {'client peak':>12}"]
    for r in bench.runs:
        lines.append(f"{r.name:<12} {s.documents / r.seconds:8.2f} {s.words / r.seconds:9.0f} "
                     f"{r.seconds:8.1f}s {r.cpu_seconds:8.1f}s "
                     f"{1000 * r.cpu_seconds / s.words:11.3f} {r.worker_peak_mib:12.0f} MiB "
                     f"{r.client_peak_mib:8.0f} MiB")
    rep = bench.report()

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    lines += [
        f"scaling 1 -> 2 Dask workers: {rep['scaling_1_to_2']:.2f}x (efficiency "
        f"{rep['scaling_1_to_2'] / 2:.0%}; target >= {TARGET_SCALING}x: "
        f"{verdict(rep['scaling_1_to_2'] >= TARGET_SCALING)})",
        f"Dask 2 workers / --workers 2: {rep['dask2_vs_workers2']:.2f} (target >= "
        f"{TARGET_VS_WORKERS}: {verdict(rep['dask2_vs_workers2'] >= TARGET_VS_WORKERS)})",
        f"peak memory per Dask worker: {rep['peak_worker_mib']:.0f} MiB (target <= "
        f"{TARGET_PEAK_MIB} MiB: {verdict(rep['peak_worker_mib'] <= TARGET_PEAK_MIB)})"]
    return "\n".join(lines)
