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
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain
from typing import Any, Optional, TypeVar

from .minhash import permutations, preload_permutations
from .pipeline import Fingerprints, fingerprint

__all__ = ["AUTO_MIN_DOCS", "available_cores", "fingerprint_chunks", "resolve_workers"]

#: With ``workers=None``, inputs with fewer documents run in one process.
AUTO_MIN_DOCS = 8192

T = TypeVar("T")


def available_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def resolve_workers(workers: Optional[int]) -> Optional[int]:
    """Validate ``workers``: None (automatic) or an integer >= 1."""
    if workers is None:
        return None
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be None or an integer >= 1, got {workers!r}")
    return workers


def _init_worker(num_perm: int, seed: int, a, b) -> None:
    preload_permutations(num_perm, seed, a, b)


def _fingerprint_job(texts: list[str], options: dict) -> Fingerprints:
    return fingerprint(texts, **options)


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


def fingerprint_chunks(
    chunks: Iterable[T],
    texts_of: Callable[[T], list[str]],
    *,
    workers: Optional[int],
    ngram: int,
    num_perm: int,
    seed: int,
    strip: bool,
    keep_shingles: bool = True,
    boilerplate_model: Any = None,
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
    ngram, num_perm, seed, strip, keep_shingles, boilerplate_model
        Passed to :func:`dedup.pipeline.fingerprint` (pickled with every chunk
        sent to a worker: pass a compact
        :meth:`dedup.BoilerplateModel.stripper`, not the whole model).
    """
    options: dict[str, Any] = dict(ngram=ngram, num_perm=num_perm, seed=seed, strip=strip, keep_shingles=keep_shingles)
    if boilerplate_model is not None:
        options["boilerplate_model"] = boilerplate_model
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

    a, b = permutations(num_perm, seed)
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=_context(), initializer=_init_worker, initargs=(num_perm, seed, a, b)
    )
    in_flight: deque[tuple[T, Future]] = deque()
    try:
        for chunk in chain(head, it):
            in_flight.append((chunk, pool.submit(_fingerprint_job, texts_of(chunk), options)))
            if len(in_flight) > 2 * workers:
                done, future = in_flight.popleft()
                yield done, future.result()
        while in_flight:
            done, future = in_flight.popleft()
            yield done, future.result()
    finally:
        for _, future in in_flight:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
