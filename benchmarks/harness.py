"""How the benchmarks measure: timing, memory, machine facts and the acceptance targets.

Timing: :func:`time_once` (wall time and CPU time, worker processes included,
after a full garbage collection), :func:`measure` (rows in interleaved rounds:
round ``k`` runs every row once, so a change of load on a shared machine hits
all rows alike; the best of the rounds is reported), :func:`best_cpu` and
:func:`best_wall` (best of ``repeat`` runs of one function), :class:`Clock`
(a block's wall time and CPU time). Memory: :func:`peak_memory` (tracemalloc
peak of new allocations, numpy buffers included). Machine:
:func:`machine_info` (versions, CPU, load average, the checkout's commit).
Targets: :func:`target` reads ``benchmarks/targets.json``, where every
acceptance number a benchmark judges lives, with the issue it comes from.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import subprocess
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

import dedup

T = TypeVar("T")

TARGETS_FILE = Path(__file__).resolve().with_name("targets.json")

# --------------------------------------------------------------------------- timing


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds of this process (fine-grained) and of its reaped children
    (worker processes; clock-tick resolution, they run for a while anyway)."""
    t = os.times()
    return time.process_time(), t.children_user + t.children_system


def time_once(fn: Callable[[], Any]) -> tuple[float, float, float]:
    """Wall-clock seconds, total CPU seconds (worker processes included) and
    CPU seconds of the calling process alone, for one run of ``fn``
    (tracemalloc off, after a full garbage collection)."""
    gc.collect()
    self0, kids0 = cpu_seconds()
    t0 = time.perf_counter()
    result = fn()
    wall = time.perf_counter() - t0
    self1, kids1 = cpu_seconds()
    del result
    return wall, (self1 - self0) + (kids1 - kids0), self1 - self0


def best_cpu(fn: Callable[[], T], repeat: int, before: Callable[[], None] | None = None) -> tuple[T, float]:
    """The result of the last of ``repeat`` runs of ``fn`` and the least CPU
    time of this process over them (steadier than wall time on a shared
    machine, for work done in this process); ``before`` runs before each run
    (to clear a cache), then a full garbage collection."""
    best, result = float("inf"), None
    for _ in range(max(1, repeat)):
        if before is not None:
            before()
        gc.collect()
        start = time.process_time()
        result = fn()
        best = min(best, time.process_time() - start)
    return result, best  # type: ignore[return-value]


def best_wall(fn: Callable[[], T], repeat: int = 1) -> tuple[T, float]:
    """The result of the last of ``repeat`` runs of ``fn`` and the least wall time over them."""
    best, result = float("inf"), None
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return result, best  # type: ignore[return-value]


class Clock:
    """Wall time, and CPU time of this process and of its finished children."""

    def __enter__(self) -> Clock:
        self.wall = time.perf_counter()
        t = os.times()
        self.cpu, self.children = t.user + t.system, t.children_user + t.children_system
        return self

    def __exit__(self, *exc) -> None:
        t = os.times()
        self.wall = time.perf_counter() - self.wall
        self.cpu = t.user + t.system - self.cpu
        self.children = t.children_user + t.children_system - self.children


def peak_memory(fn: Callable[[], Any]) -> int:
    """Peak bytes newly allocated while ``fn`` runs (tracemalloc), its result included."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak


@dataclass
class Row:
    """One measured configuration."""

    name: str
    includes: str
    n_docs: int
    fn: Callable[[], Any]
    peer: str | None = None  # peer key for ratios ("update", "bulk", "rensa")
    memory: bool = True  # also measure the tracemalloc peak
    result: dict[str, Any] = field(default_factory=dict)


def measure(rows: Sequence[Row], texts_bytes: Sequence[int], repeat: int, memory: bool, log=print) -> None:
    """Time every row (and its peak memory when ``memory``); fill ``row.result``.

    Repetitions are interleaved (round ``k`` runs every row once) so that a
    change of load on a shared machine hits all rows alike instead of the rows
    that happen to run at that moment; the best of ``repeat`` is kept. The
    tracemalloc runs come after all timing runs. Each row's docs/s is divided
    by each peer row's (``row.peer``) in ``ratios``, its docs per CPU second
    by theirs in ``cpu_ratios``.
    """
    walls: dict[str, list[float]] = {r.name: [] for r in rows}
    cpus: dict[str, list[float]] = {r.name: [] for r in rows}
    cpus_self: dict[str, list[float]] = {r.name: [] for r in rows}
    loads: list[float] = []
    for k in range(repeat):
        for row in rows:
            wall, cpu, cpu_self = time_once(row.fn)
            walls[row.name].append(wall)
            cpus[row.name].append(cpu)
            cpus_self[row.name].append(cpu_self)
        if hasattr(os, "getloadavg"):
            loads.append(os.getloadavg()[0])
        log(
            f"  round {k + 1}/{repeat}: "
            + ", ".join(f"{r.name} {walls[r.name][-1]:.2f}s" for r in rows)
            + (f"; load {loads[-1]:.2f}" if loads else "")
        )
    for row in rows:
        times = walls[row.name]
        best = min(times)
        mb = sum(texts_bytes[: row.n_docs]) / 1e6
        row.result = {
            "name": row.name,
            "includes": row.includes,
            "documents": row.n_docs,
            "mb": mb,
            "times_s": times,
            "cpu_s": cpus[row.name],
            "cpu_calling_process_s": cpus_self[row.name],
            "best_s": best,
            "median_s": float(np.median(times)),
            "spread": max(times) / best - 1.0,
            "docs_per_s": row.n_docs / best,
            "mb_per_s": mb / best,
            "cpu_per_wall_at_best": cpus[row.name][times.index(best)] / best,
            "best_cpu_s": min(cpus[row.name]),
            "docs_per_cpu_s": row.n_docs / max(min(cpus[row.name]), 1e-9),
            "loadavg_1m_per_round": loads,
        }
        if memory and row.memory:
            peak = peak_memory(row.fn)
            row.result["peak_mb"] = peak / 1e6
            row.result["peak_bytes_per_doc"] = peak / max(row.n_docs, 1)
        log(
            f"  {row.name:<36} best {best:8.3f} s of {len(times)} (spread {row.result['spread']:.1%})"
            + (f", peak {row.result['peak_mb']:.1f} MB" if "peak_mb" in row.result else "")
        )
    peers = {r.peer: r.result["docs_per_s"] for r in rows if r.peer}
    peers_cpu = {r.peer: r.result["docs_per_cpu_s"] for r in rows if r.peer}
    for row in rows:
        row.result["ratios"] = {f"vs_{k}": row.result["docs_per_s"] / v for k, v in peers.items()}
        row.result["cpu_ratios"] = {f"vs_{k}": row.result["docs_per_cpu_s"] / v for k, v in peers_cpu.items()}


# --------------------------------------------------------------------------- machine


def dist_version(name: str) -> str | None:
    """The installed version of distribution ``name``, or None."""
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:  # pragma: no cover - metadata missing
        return None


def load_average() -> tuple[float, float, float] | None:
    """The 1, 5 and 15-minute load averages (None where the system has none)."""
    return os.getloadavg() if hasattr(os, "getloadavg") else None


def cores() -> int:
    """Cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def git_state() -> dict[str, Any]:
    """Commit of the dedup checkout and whether ``dedup/`` has local changes."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(dedup.__file__)))
    try:
        head = subprocess.run(
            ["git", "-C", root, "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", root, "status", "--porcelain", "--", "dedup"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return {}
    return {"git_commit": head, "dedup_local_changes": dirty.splitlines()}


def machine_info() -> dict[str, Any]:
    """Python, numpy, datasketch, rensa versions, CPU facts, load average, commit."""
    import datasketch

    info = {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "numpy": np.__version__,
        "datasketch": getattr(datasketch, "__version__", None) or dist_version("datasketch"),
        "dedup": getattr(dedup, "__version__", None),
        "rensa": dist_version("rensa"),
        "cpu_count": os.cpu_count(),
        "affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu_model"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    if hasattr(os, "getloadavg"):
        info["loadavg_start"] = os.getloadavg()
    info.update(git_state())
    return info


# --------------------------------------------------------------------------- targets

_SIGNS = {"at_least": ">=", "at_most": "<=", "below": "<"}
_OPS = tuple(_SIGNS)


@dataclass(frozen=True)
class Target:
    """One acceptance target of ``targets.json``: a measured value must be
    ``at_least``, ``at_most`` or ``below`` ``value``."""

    name: str
    issue: int
    benchmark: str
    what: str
    op: str
    value: float

    def holds(self, measured: float) -> bool:
        """Whether ``measured`` meets the target."""
        if self.op == "at_least":
            return measured >= self.value
        if self.op == "at_most":
            return measured <= self.value
        return measured < self.value

    def __str__(self) -> str:
        return f"{_SIGNS[self.op]} {self.value:g}"

    def verdict(self, measured: float) -> str:
        """``target met`` or ``target not met``: a measurement, not an error."""
        return "target met" if self.holds(measured) else "target not met"


@lru_cache(maxsize=1)
def targets() -> dict[str, Target]:
    """Every target of ``targets.json`` by name (checked: one bound each, an issue, a benchmark)."""
    raw = json.loads(TARGETS_FILE.read_text(encoding="utf-8"))
    out = {}
    for name, entry in raw["targets"].items():
        ops = [op for op in _OPS if op in entry]
        value = entry[ops[0]] if len(ops) == 1 else None
        if not isinstance(value, (int, float)) or not isinstance(entry.get("issue"), int) or not entry.get("benchmark"):
            raise ValueError(
                f"{TARGETS_FILE.name}: target {name!r} needs an issue, a benchmark and one number, one of {_OPS}"
            )
        out[name] = Target(name, entry["issue"], entry["benchmark"], entry["what"], ops[0], value)
    return out


def target(name: str) -> Target:
    """The target called ``name`` in ``targets.json``."""
    return targets()[name]
