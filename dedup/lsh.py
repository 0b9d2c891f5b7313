"""Locality-sensitive hashing over MinHash signatures: band keys and an index.

A signature of ``num_perm`` values is cut into ``bands`` bands of ``rows``
values; two documents become candidates when any band is equal. The pair
``(bands, rows)`` is chosen for a Jaccard threshold by datasketch's optimiser,
which minimises the weighted sum of the false-positive and false-negative
probability areas (:func:`lsh_params`).

Every band is hashed to one 64-bit key in numpy (:func:`band_keys`); the band
number is mixed in, so all bands share one key space. :class:`LSHIndex` keeps
``(key, item)`` entries in a few sorted numpy runs, merged like a log-structured
merge tree, and answers a whole batch of queries with ``searchsorted``: a few
bytes per entry and no Python object per document or bucket.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from . import candidates
from .candidates import SortedKeys, bucket_answer, sorted_keys
from .shingle import fmix64
from .validation import is_number

__all__ = ["LSHIndex", "band_keys", "check_lsh_weights", "lsh_params", "sorted_unique"]

_U64 = np.uint64
_KEY_MULT = _U64(0x9E3779B97F4A7C15)


@lru_cache(maxsize=64)
def lsh_params(threshold: float, num_perm: int, weights: tuple[float, float] = (0.1, 0.9)) -> tuple[int, int]:
    """Bands and rows for ``threshold`` with datasketch's optimiser.

    The optimiser minimises ``fp_weight * FP + fn_weight * FN``, where FP and FN
    are the areas under the candidate-probability curve below and above the
    threshold. The default weights favour recall: every candidate is verified,
    so a false positive costs one comparison while a false negative is a lost
    duplicate. With 128 permutations at 0.6 this gives 25 bands of 5 rows: a
    pair exactly at the threshold becomes a candidate with probability 0.87,
    at 0.65 with 0.95, at 0.2 with 0.008. At 0.3 (the default
    ``lsh_threshold`` with the containment rule) it gives 32 bands of 2 rows:
    0.95 at 0.3, 0.27 at 0.1, 0.003 at 0.01.

    Parameters
    ----------
    threshold : float
        Jaccard similarity at which a pair should become a candidate.
    num_perm : int
        Signature length.
    weights : (float, float)
        Weights of the false-positive and false-negative probability.

    Returns
    -------
    (int, int)
        ``(bands, rows)`` with ``bands * rows <= num_perm``.
    """
    fp_weight, fn_weight = check_lsh_weights(weights)
    # The optimiser itself: MinHashLSH wraps it but refuses a single band,
    # which is the right answer for thresholds near 1 or tiny signatures.
    from datasketch.lsh import _optimal_param

    bands, rows = _optimal_param(threshold, num_perm, fp_weight, fn_weight)
    return int(bands), int(rows)


def check_lsh_weights(weights: object) -> tuple[float, float]:
    """``weights`` as two floats: the false-positive and false-negative
    weights of :func:`lsh_params`, in ``[0, 1]`` and summing to 1."""
    pair = tuple(weights) if isinstance(weights, (tuple, list)) else ()
    if len(pair) == 2 and all(is_number(w) and 0 <= w <= 1 for w in pair) and abs(sum(pair) - 1.0) < 1e-9:
        return float(pair[0]), float(pair[1])
    raise ValueError(f"lsh_weights must be two numbers in [0, 1] summing to 1, got {weights!r}")


def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """Hash each band of each signature to a 64-bit key.

    Returns a ``uint64`` array of shape ``(n, bands)``. Equal bands give equal
    keys; the band index is part of the key, so equal values in different
    bands do not collide.
    """
    sig = np.asarray(signatures)
    n = sig.shape[0]
    if bands * rows > sig.shape[1]:
        raise ValueError(f"{bands} bands x {rows} rows need {bands * rows} values, signatures have {sig.shape[1]}")
    band = sig[:, : bands * rows].reshape(n, bands, rows).astype(np.uint64)
    keys = np.broadcast_to(np.arange(1, bands + 1, dtype=np.uint64) * _KEY_MULT, (n, bands)).copy()
    for r in range(rows):
        keys ^= band[:, :, r]
        keys = fmix64(keys)
    return keys


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` by a sort and a mask: several times faster for the
    integer arrays of this package (numpy 2's ``np.unique`` hashes: 17 ms
    for 100,000 pairs where this takes 0.4 ms)."""
    ordered = np.sort(values)
    keep = np.empty(len(ordered), dtype=np.bool_)
    keep[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


class LSHIndex:
    """Band keys of indexed items, queried in batches.

    Items are non-negative integers chosen by the caller (dense slots, in
    insertion order). Each item contributes one entry per band. Entries live
    in sorted runs, ordered by key and then item; a new run is merged into the
    previous one while it is at least half its size, so there are O(log n)
    runs and each entry is re-sorted O(log n) times. Removal marks items
    dead; dead entries are dropped at the next merge, or all at once when
    they reach a quarter of the entries.
    """

    def __init__(self) -> None:
        self._runs: list[tuple[np.ndarray, np.ndarray]] = []
        self._dead = np.zeros(0, dtype=np.bool_)
        self._entries = 0
        self._bands = 0
        self._dead_entries = 0  # entries of items marked dead, at most

    def __len__(self) -> int:
        """Number of stored entries, dead ones included until merged away."""
        return self._entries

    def nbytes(self) -> int:
        """Bytes held by the index arrays."""
        return sum(k.nbytes + v.nbytes for k, v in self._runs) + self._dead.nbytes

    def _mark_alive(self, items: np.ndarray) -> None:
        top = int(items.max()) + 1 if len(items) else 0
        if top > len(self._dead):
            grown = np.zeros(max(top, 2 * len(self._dead)), dtype=np.bool_)
            grown[: len(self._dead)] = self._dead
            self._dead = grown
        self._dead[items] = False

    def insert(self, items: np.ndarray, keys: np.ndarray | SortedKeys) -> None:
        """Add ``items`` (shape ``(m,)``) with their band keys (shape
        ``(m, bands)``, or already sorted by :func:`dedup.candidates.sorted_keys`)."""
        items = np.asarray(items, dtype=np.int64)
        batch = keys if isinstance(keys, SortedKeys) else sorted_keys(keys)
        if batch.keys.shape[0] != len(items):
            raise ValueError(f"keys must have shape ({len(items)}, bands), got {batch.keys.shape}")
        if len(items) == 0:
            return
        self._bands = batch.keys.shape[1]
        run_items = items[batch.order // batch.keys.shape[1]]
        run_keys = batch.ordered
        if len(items) > 1 and not bool((items[1:] > items[:-1]).all()):
            order = np.lexsort((run_items, run_keys))  # items given out of order
            run_keys, run_items = run_keys[order], run_items[order]
        # An item has one entry per key, even if two of its bands hash alike.
        repeated = (run_keys[1:] == run_keys[:-1]) & (run_items[1:] == run_items[:-1])
        if repeated.any():
            keep = np.concatenate(([True], ~repeated))
            run_keys, run_items = run_keys[keep], run_items[keep]
        self._add_run(run_keys, run_items, items)

    def _add_run(self, keys: np.ndarray, items: np.ndarray, alive: np.ndarray) -> None:
        self._mark_alive(alive)
        self._runs.append((keys, items))
        self._entries += len(keys)
        while len(self._runs) > 1 and len(self._runs[-1][0]) * 2 >= len(self._runs[-2][0]):
            self._merge(2)

    def _merge(self, count: int) -> None:
        """Merge the last ``count`` runs into one, without dead entries."""
        runs = self._runs[-count:]
        del self._runs[-count:]
        k = np.concatenate([run[0] for run in runs])
        v = np.concatenate([run[1] for run in runs])
        keep = ~self._dead[v]
        dropped = len(k) - int(np.count_nonzero(keep))
        k, v = k[keep], v[keep]
        # Runs hold increasing items, so a stable sort by key (timsort: a
        # linear merge of sorted runs) keeps items in order within a key;
        # otherwise (an identical copy inserted in a removed item's place) sort by both.
        in_order = all(len(a[1]) == 0 or len(b[1]) == 0 or a[1].max() < b[1].min() for a, b in zip(runs, runs[1:]))
        order = np.argsort(k, kind="stable") if in_order else np.lexsort((v, k))
        self._entries -= dropped
        self._dead_entries = max(0, self._dead_entries - dropped)
        self._runs.append((k[order], v[order]))

    def remove(self, items: np.ndarray) -> None:
        """Mark ``items`` dead: they are no longer returned by :meth:`query` or :meth:`buckets`."""
        items = np.asarray(items, dtype=np.int64)
        items = items[items < len(self._dead)]
        items = items[~self._dead[items]]
        self._dead[items] = True
        self._dead_entries += len(items) * self._bands
        if self._runs and self._dead_entries * 4 >= self._entries:
            self._merge(len(self._runs))

    def query(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every item sharing at least one band key with each query row (unbounded).

        The keys are looked up in sorted order, so the binary searches walk
        each sorted run forwards instead of jumping around it, and the pairs
        found are made distinct by :func:`sorted_unique`. :meth:`buckets`
        is the bounded lookup the index uses.

        Parameters
        ----------
        keys : numpy.ndarray
            ``uint64`` band keys of shape ``(q, bands)``.

        Returns
        -------
        (numpy.ndarray, numpy.ndarray)
            Parallel ``int64`` arrays ``(query_row, item)``, each distinct pair
            once, sorted by query row then item.
        """
        batch = sorted_keys(keys)
        wanted = batch.ordered
        row_of = batch.order // batch.keys.shape[1]  # query row of each key in ``wanted``
        rows_out, items_out = [], []
        for run_keys, run_items in self._runs:
            lo, found, counts = _ranges(run_keys, wanted)
            if len(found) == 0:
                continue
            pos = _spread(lo, counts)
            rows_out.append(np.repeat(row_of[found], counts))
            items_out.append(run_items[pos])
        if not rows_out:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty
        rows = np.concatenate(rows_out)
        items = np.concatenate(items_out)
        alive = ~self._dead[items]
        if not alive.all():
            rows, items = rows[alive], items[alive]
        width = int(items.max(initial=0)) + 1
        pair = sorted_unique(rows * width + items)
        return pair // width, pair % width

    def buckets(self, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """What the buckets of some keys answer, bounded (:mod:`dedup.candidates`).

        Parameters
        ----------
        wanted : numpy.ndarray
            Distinct ``uint64`` band keys, sorted.

        Returns
        -------
        (numpy.ndarray, numpy.ndarray)
            :func:`dedup.candidates.bucket_answer` of the live items of each
            key's bucket: ``(owner, items)``, ``owner`` indexing ``wanted``.
            A bucket of any size costs at most a few dozen entries read per run,
            unless many of its first or last entries are dead.
        """
        wanted = np.asarray(wanted, dtype=np.uint64)
        owners, items = [], []
        front, back = candidates.BUCKET_HEADS, candidates.BUCKET_LIMIT - candidates.BUCKET_HEADS + 1
        for run_keys, run_items in self._runs:
            lo, found, counts = _ranges(run_keys, wanted)
            width = candidates.BUCKET_LIMIT + 1
            while len(found):
                whole = counts <= 2 * width
                # Small buckets: every entry. Big ones: the first and last ``width``.
                take = np.where(whole, counts, 2 * width)
                pos = _spread(lo, take)
                part = np.repeat(np.arange(len(found)), take)
                offset = pos - np.repeat(lo, take)
                big_back = ~whole[part] & (offset >= width)
                pos = np.where(big_back, pos + (counts[part] - 2 * width), pos)
                alive = ~self._dead[run_items[pos]]
                # A big bucket whose windows hold too few live items is looked at again, wider.
                live_front = np.bincount(part[alive & ~big_back & ~whole[part]], minlength=len(found))
                live_back = np.bincount(part[alive & big_back], minlength=len(found))
                retry = ~whole & ((live_front < front) | (live_back < back))
                done = ~retry[part] & alive
                owners.append(found[part[done]])
                items.append(run_items[pos[done]])
                lo, found, counts = lo[retry], found[retry], counts[retry]
                width *= 4
        if not owners:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty
        return bucket_answer(np.concatenate(owners), np.concatenate(items), len(wanted))


def _ranges(run_keys: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(lo, found, counts)``: where each of the ``wanted`` keys found in a
    sorted run starts, its index in ``wanted``, and how many entries it has."""
    if len(run_keys) == 0 or len(wanted) == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, empty
    lo = np.searchsorted(run_keys, wanted, side="left")
    found = np.flatnonzero(run_keys[np.minimum(lo, len(run_keys) - 1)] == wanted)
    lo = lo[found]
    counts = np.searchsorted(run_keys, wanted[found], side="right") - lo
    return lo, found, counts


def _spread(start: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The positions ``start[i], ..., start[i] + counts[i] - 1`` for each ``i``, concatenated."""
    if len(counts) and bool((counts == 1).all()):
        return start.astype(np.int64, copy=False)
    total = int(counts.sum())
    first = np.cumsum(counts) - counts
    return np.repeat(start - first, counts) + np.arange(total, dtype=np.int64)
