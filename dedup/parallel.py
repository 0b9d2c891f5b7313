"""Running the fingerprinting stage in worker processes.

Only :func:`dedup.pipeline.fingerprint` (stripping, shingling, MinHash: the
CPU-heavy, embarrassingly parallel part) runs in workers. Results come back in
input order and the LSH, verification and clustering stages run in the calling
process as they do with one worker, so results are identical for any number of
workers.

``workers=None`` (the default) uses every core the process may run on, but only
once the input has proved large enough to pay for starting processes: the
first :data:`AUTO_MIN_DOCS` documents are read ahead, and smaller inputs run in
the calling process.

Faults
------
A worker that dies (killed, out of memory, crashed) ends the run with one
:class:`WorkerError` naming it and how it died; the other workers are
stopped, and what the caller stored before stays stored. The work is not
retried: a worker killed for using too much memory would most likely be
killed again. Each worker has its own pipes to the calling process (written
by one process each, with no lock shared between processes), so a worker
dying halfway through sending a result is seen as the end of that pipe and
never leaves the calling process waiting, as
:class:`concurrent.futures.ProcessPoolExecutor` can (measured with Python
3.11.7: a worker killed while writing a large result hung the pool in 3 of 3
runs).

Workers end when the calling process dies, even by ``SIGKILL``: on Linux the
kernel sends them ``SIGKILL`` when their parent ends (``PR_SET_PDEATHSIG``,
set through ``ctypes``); everywhere, a thread in each worker checks twice a
second that the calling process is still there and ends the worker
otherwise. Workers ignore ``SIGINT``, so Ctrl-C interrupts the calling
process, which stops them.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from multiprocessing.connection import wait
from typing import Any, TypeVar

from .minhash import permutations, preload_permutations
from .pipeline import Fingerprints, fingerprint
from .validation import is_integer

__all__ = ["AUTO_MIN_DOCS", "WorkerError", "WorkerPool", "available_cores", "fingerprint_chunks", "resolve_workers"]

#: With ``workers=None``, inputs with fewer documents run in one process.
AUTO_MIN_DOCS = 8192
#: Seconds between a worker's checks that the calling process is alive.
WATCH_SECONDS = 0.5
#: Seconds a worker may take to finish after being asked to stop, before it is killed.
STOP_SECONDS = 10.0

T = TypeVar("T")

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_PR_SET_NAME = 15
#: The name ``ps`` and ``top`` show for a worker (Linux).
WORKER_NAME = "dedup-worker"


class WorkerError(RuntimeError):
    """A worker process died before returning its result.

    Attributes
    ----------
    pid : int
        The worker's process id.
    exitcode : int or None
        Its exit status; minus the signal number when a signal ended it.
    """

    def __init__(self, message: str, pid: int, exitcode: int | None) -> None:
        super().__init__(message)
        self.pid = pid
        self.exitcode = exitcode


def available_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def resolve_workers(workers: int | None) -> int | None:
    """Validate ``workers``: None (automatic) or an integer >= 1."""
    if workers is None:
        return None
    if not is_integer(workers) or workers < 1:
        raise ValueError(f"workers must be None or an integer >= 1, got {workers!r}")
    return int(workers)


def _context():
    """The process start method.

    ``fork`` when this process runs a single thread: the fastest start, and
    the calling script is not imported again in the workers (so no
    ``if __name__ == "__main__"`` guard is needed). With other threads
    running, forking could copy a lock some thread holds, so workers then
    come from ``forkserver`` (or ``spawn``), which re-imports the main module:
    scripts must then guard their entry point, as usual for multiprocessing.
    """
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


# -- in the worker ------------------------------------------------------------


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists and has not ended (a zombie has ended)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            state = f.read().rsplit(b")", 1)[1].split()[0]
        return state not in (b"Z", b"X")
    except FileNotFoundError:
        return False
    except (OSError, IndexError):  # no /proc
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def _die_with(owner: int, death_signal: bool) -> None:
    """End this worker when ``owner`` (the calling process) ends (and name it
    :data:`WORKER_NAME`)."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_NAME, ctypes.c_char_p(WORKER_NAME.encode()), 0, 0, 0)
            if death_signal:
                libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl
            pass
    if not _alive(owner):  # it died before the signal was set
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(WATCH_SECONDS)
            if os.getppid() != parent or not _alive(owner):
                os._exit(1)

    threading.Thread(target=watch, name="dedup-watch-parent", daemon=True).start()


def _worker_main(tasks, results, owner: int, death_signal: bool, num_perm: int, seed: int, a, b) -> None:
    """A worker: fingerprint each ``(texts, options)`` received, send back the
    pickled ``("ok", Fingerprints)`` or ``("error", exception, traceback)``.

    A thread receives tasks and another sends results, so the pipes are
    drained and filled while the main thread computes.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the calling process stops the workers
    _die_with(owner, death_signal)
    preload_permutations(num_perm, seed, a, b)
    inbox: queue.SimpleQueue = queue.SimpleQueue()
    outbox: queue.SimpleQueue = queue.SimpleQueue()

    def receive() -> None:
        while True:
            try:
                task = tasks.recv()
            except (EOFError, OSError):
                task = None
            inbox.put(task)
            if task is None:
                return

    def send() -> None:
        while True:
            payload = outbox.get()
            if payload is None:
                return
            try:
                results.send_bytes(payload)
            except OSError:  # the calling process went away
                os._exit(1)

    threading.Thread(target=receive, name="dedup-receive", daemon=True).start()
    sender = threading.Thread(target=send, name="dedup-send", daemon=True)
    sender.start()
    while True:
        task = inbox.get()
        if task is None:
            break
        texts, options = task
        try:
            out: tuple = ("ok", fingerprint(texts, **options))
        except BaseException as exc:  # sent to the calling process, which raises it
            out = ("error", exc, traceback.format_exc())
        try:
            payload = pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # an exception that cannot be pickled
            out = ("error", RuntimeError(repr(out[1])), out[-1] if out[0] == "error" else "")
            payload = pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL)
        outbox.put(payload)
    outbox.put(None)
    sender.join()


# -- in the calling process -----------------------------------------------------


class _RemoteTraceback(Exception):
    """The traceback of an exception raised in a worker."""

    def __str__(self) -> str:
        return f"\n(in a worker process)\n{self.args[0]}"


class WorkerPool:
    """Worker processes, each with its own task and result pipes; chunk ``k``
    goes to worker ``k % n``, so each worker's results come in its chunks'
    order and the calling process reads them in input order."""

    def __init__(self, workers: int, num_perm: int, seed: int) -> None:
        context = _context()
        a, b = permutations(num_perm, seed)
        owner = os.getpid()
        # The death signal comes when the thread that started the worker ends:
        # the forkserver's only thread, or this process's main thread.
        death_signal = (
            context.get_start_method() == "forkserver" or threading.current_thread() is threading.main_thread()
        )
        self.processes: list = []
        self._tasks: list = []
        self._results: list = []
        try:
            for _ in range(workers):
                task_r, task_w = context.Pipe(duplex=False)
                result_r, result_w = context.Pipe(duplex=False)
                process = context.Process(
                    target=_worker_main,
                    args=(task_r, result_w, owner, death_signal, num_perm, seed, a, b),
                    name="dedup-fingerprint",
                    daemon=True,
                )
                process.start()
                # Only the worker keeps its ends: when it dies, its pipes break.
                task_r.close()
                result_w.close()
                self.processes.append(process)
                self._tasks.append(task_w)
                self._results.append(result_r)
        except BaseException:
            self.close(kill=True)
            raise

    def submit(self, k: int, texts: list[str], options: dict) -> None:
        i = k % len(self.processes)
        try:
            self._tasks[i].send((texts, options))
        except OSError:  # the worker's end is closed: it died
            raise self._died(i) from None

    def result(self, k: int) -> Fingerprints:
        i = k % len(self.processes)
        conn, process = self._results[i], self.processes[i]
        ready = wait([conn, process.sentinel])
        if conn not in ready:
            raise self._died(i)
        try:
            payload = conn.recv_bytes()
        except (EOFError, OSError):  # it died, maybe halfway through sending
            raise self._died(i) from None
        out = pickle.loads(payload)
        if out[0] == "ok":
            return out[1]
        raise out[1] from _RemoteTraceback(out[2])

    def _died(self, i: int) -> WorkerError:
        process = self.processes[i]
        process.join(timeout=STOP_SECONDS)
        code = process.exitcode
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            how = f"killed by {name}"
            if -code == signal.SIGKILL:
                how += " (sent by a user, or by the kernel when memory ran out)"
        elif code is not None:
            how = f"exited with status {code}"
        else:
            how = "stopped answering"
        self.close(kill=True)
        return WorkerError(
            f"fingerprinting worker {i + 1} of {len(self.processes)} (pid {process.pid}) died: {how}; "
            "the run was stopped (documents stored before it stay stored)",
            process.pid,
            code,
        )

    def close(self, kill: bool = False) -> None:
        """Stop the workers: ask them to finish (or kill them), then wait."""
        if not kill:
            for conn in self._tasks:
                try:
                    conn.send(None)
                except OSError:
                    pass
        deadline = time.monotonic() + (1.0 if kill else STOP_SECONDS)
        for process in self.processes:
            if kill and process.is_alive():
                process.kill()
        for process in self.processes:
            process.join(timeout=max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join(timeout=STOP_SECONDS)
        for conn in self._tasks + self._results:
            conn.close()
        self._tasks, self._results = [], []


def fingerprint_chunks(
    chunks: Iterable[T], texts_of: Callable[[T], list[str]], *, workers: int | None, **options: Any
) -> Iterator[tuple[T, Fingerprints]]:
    """Yield ``(chunk, fingerprint of its texts)`` in input order.

    Parameters
    ----------
    chunks : iterable
        Units of work (lists of documents); read lazily, a few ahead.
    texts_of : callable
        Returns the list of texts of a chunk.
    workers : int or None
        Worker processes; 1 runs in the calling process; None decides from
        the input size and :func:`available_cores`.
    **options
        The keywords of :func:`dedup.pipeline.fingerprint`
        (:meth:`dedup.Config.fingerprint_options`), pickled with every chunk
        sent to a worker: pass a compact
        :meth:`dedup.BoilerplateModel.stripper`, not the whole model
        (:meth:`dedup.Config.frozen`).
    """
    it = iter(chunks)
    head: list[T] = []
    if workers is None:
        cores = available_cores()
        if cores > 1:
            seen = 0
            for chunk in it:
                head.append(chunk)
                seen += len(texts_of(chunk))
                if seen >= AUTO_MIN_DOCS:
                    break
            else:
                cores = 1  # the whole input is small
        workers = cores
    if workers == 1:
        for chunk in chain(head, it):
            yield chunk, fingerprint(texts_of(chunk), **options)
        return

    pool = WorkerPool(workers, options["num_perm"], options["seed"])
    in_flight: deque[T] = deque()  # chunks sent and not yet returned, oldest first
    sent = returned = 0
    failed = True
    try:
        for chunk in chain(head, it):
            pool.submit(sent, texts_of(chunk), options)
            in_flight.append(chunk)
            sent += 1
            if len(in_flight) > 2 * workers:
                fp = pool.result(returned)
                returned += 1
                yield in_flight.popleft(), fp
        while in_flight:
            fp = pool.result(returned)
            returned += 1
            yield in_flight.popleft(), fp
        failed = False
    finally:
        pool.close(kill=failed)
