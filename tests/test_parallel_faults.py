"""Fingerprinting workers that die, and workers whose parent dies (issue 17, probe 2).

Real processes: a driver runs ``fingerprint_chunks`` (or the ``dedup``
command) with two workers on an endless input; the test kills a worker by its
pid, or kills the driver, and watches what happens. There is no timing
assertion: each wait is bounded by a generous timeout only so that a hang
fails the test instead of blocking it.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

import dedup
from dedup.parallel import WORKER_NAME, WorkerError, fingerprint_chunks

REPO = Path(__file__).resolve().parent.parent
linux_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")

DRIVER = textwrap.dedent(
    """
    import json, multiprocessing, sys, threading, time
    sys.path.insert(0, sys.argv[1])
    from dedup.parallel import WorkerError, fingerprint_chunks
    if sys.argv[2] == "forkserver":  # another thread running: workers come from the forkserver
        threading.Thread(target=time.sleep, args=(3600,), daemon=True).start()

    def chunks():  # endless; each result (about 180 KB) is larger than a pipe's buffer
        k = 0
        while True:
            yield [f"story {k} number {i} " + "about the rain and the wind in the north " * 12 for i in range(200)]
            k += 1

    results = fingerprint_chunks(chunks(), lambda c: c, workers=2, ngram=3, num_perm=128, seed=1, strip=False)
    try:
        for k, _ in enumerate(results):
            if k == 0:
                pids = [p.pid for p in multiprocessing.active_children() if p.name == "dedup-fingerprint"]
                print(json.dumps({"pids": pids}), flush=True)
    except WorkerError as exc:
        print(json.dumps({"error": str(exc), "pid": exc.pid, "exitcode": exc.exitcode}), flush=True)
        sys.exit(3)
    """
)


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie does not)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
    except FileNotFoundError:
        return False


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"still {what} after {timeout:g} s")
        time.sleep(0.05)


def cpu_time(pid: int) -> int:
    with open(f"/proc/{pid}/stat", "rb") as f:
        fields = f.read().rsplit(b")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def writing(pid: int) -> bool:
    """Whether a thread of ``pid`` is blocked writing to a pipe (where the kernel says)."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
        return any("pipe_write" in Path(f"/proc/{pid}/task/{t}/wchan").read_text() for t in tasks)
    except OSError:
        return False


def start_driver(method: str) -> tuple[subprocess.Popen, list[int]]:
    driver = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(REPO), method], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    line = driver.stdout.readline()
    assert line, driver.stderr.read()
    pids = json.loads(line)["pids"]
    assert len(pids) == 2 and all(alive(pid) for pid in pids)
    return driver, pids


@linux_only
@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_a_killed_worker_ends_the_run_with_one_error(method):
    driver, pids = start_driver(method)
    try:
        # Stop the driver so the workers finish their chunks and block sending
        # results it does not read; killing one then leaves half a result in
        # its pipe (what hung ProcessPoolExecutor for good).
        os.kill(driver.pid, signal.SIGSTOP)
        last: dict[int, int] = {}

        def quiet() -> bool:
            now = {pid: cpu_time(pid) for pid in pids}
            settled = now == last
            last.update(now)
            return settled

        deadline = time.monotonic() + 10
        while not quiet() and time.monotonic() < deadline:
            time.sleep(0.3)
        victim = next((pid for pid in pids if writing(pid)), pids[0])
        os.kill(victim, signal.SIGKILL)
        os.kill(driver.pid, signal.SIGCONT)
        out, err = driver.communicate(timeout=120)
    finally:
        driver.kill()
        driver.wait()
    assert driver.returncode == 3, err
    report = json.loads(out.splitlines()[-1])
    assert report["pid"] == victim and report["exitcode"] == -signal.SIGKILL
    assert f"(pid {victim}) died: killed by SIGKILL" in report["error"]
    wait_until(lambda: not any(alive(pid) for pid in pids), 30, "a worker is running")


@linux_only
@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_workers_end_when_their_parent_is_killed(method):
    driver, pids = start_driver(method)
    driver.kill()  # SIGKILL: no cleanup code runs in the driver
    driver.wait()
    driver.stdout.close()
    driver.stderr.close()
    wait_until(lambda: not any(alive(pid) for pid in pids), 30, "an orphaned worker is running")


CLI = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[1])
    import dedup.parallel as parallel
    parallel.available_cores = lambda: 2  # workers even on a one-core machine
    parallel.AUTO_MIN_DOCS = 100
    from dedup.cli import main
    sys.exit(main(sys.argv[2:]))
    """
)


def descendants_named(root: int, name: str) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    parents[int(entry)] = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                pass
    found = []
    for pid in parents:
        ancestor = parents.get(pid)
        while ancestor and ancestor != root:
            ancestor = parents.get(ancestor)
        if ancestor == root:
            try:
                if Path(f"/proc/{pid}/comm").read_text().strip() == name:
                    found.append(pid)
            except OSError:
                pass
    return found


@linux_only
def test_the_command_line_reports_a_killed_worker_in_one_line(tmp_path):
    run = subprocess.Popen(
        # --no-corpus-model: fingerprint while the endless input is read (the corpus model reads it all first)
        [sys.executable, "-c", CLI, str(REPO), "cluster", "-", "--no-corpus-model", "-o", str(tmp_path / "out.jsonl")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def feed() -> None:  # an endless input, until the command stops reading
        try:
            for i in range(10**7):
                run.stdin.write(json.dumps({"id": i, "text": f"item {i} " + "rain wind north " * 30}) + "\n")
        except (BrokenPipeError, OSError, ValueError):
            pass

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    try:
        workers: list[int] = []

        def started() -> bool:
            workers[:] = descendants_named(run.pid, WORKER_NAME)
            return len(workers) == 2

        wait_until(started, 60, "waiting for the workers")
        os.kill(workers[0], signal.SIGKILL)
        run.wait(timeout=120)
        err = run.stderr.read()
    finally:
        run.kill()
        run.wait()
    assert run.returncode == 1, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("dedup: error:")]
    assert len(lines) == 1 and f"(pid {workers[0]}) died: killed by SIGKILL" in lines[0], err
    wait_until(lambda: not any(alive(pid) for pid in workers), 30, "a worker is running")


def test_an_exception_in_a_worker_is_raised_with_the_worker_traceback():
    chunks = [["a b c d"] * 5, ["e f g h"] * 5, ["x", None], ["i j k l"] * 5]  # None: not a text
    results = fingerprint_chunks(chunks, lambda c: c, workers=2, ngram=1, num_perm=8, seed=1, strip=False)
    with pytest.raises(Exception) as info:
        list(results)
    assert "in a worker process" in str(info.value.__cause__)
    assert multiprocessing.active_children() == []


def test_stopping_early_stops_the_workers():
    chunks = ([f"text {c} {i} of a chunk" for i in range(30)] for c in range(1000))
    results = fingerprint_chunks(chunks, lambda c: c, workers=2, ngram=2, num_perm=16, seed=1, strip=False)
    first = next(results)
    assert len(first[1].signatures) == 30 and len(multiprocessing.active_children()) == 2
    results.close()
    assert multiprocessing.active_children() == []


def test_worker_error_is_public():
    assert dedup.WorkerError is WorkerError and issubclass(WorkerError, RuntimeError)
