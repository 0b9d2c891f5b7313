"""Which LSH candidates a document is verified against, with a bound per bucket
and per document, the same in every engine.

Without a bound, a story carried by thousands of sites is quadratic: each new
copy shares band keys with every earlier copy, so LSH answers with all of them
and each is verified. The rule here keeps the work per document constant
however many copies exist, and is defined on band keys and positions alone (no
state of the clustering), so the in-memory index, the SQLite index and Spark
select the same pairs and find the same clusters.

**Per bucket.** The earlier documents that share a band key with a document
(its *bucket*, in input order) are all candidates when there are at most
:data:`BUCKET_LIMIT` of them; otherwise the candidates from that key are the
bucket's first :data:`BUCKET_HEADS` documents (its *heads*: the first copies
of a story, to which every later copy is compared) and its
``BUCKET_LIMIT - BUCKET_HEADS`` most recent ones (the copies closest in time,
for stories that drift as they are updated).

**Per document.** A candidate found through several keys has several *hits*.
The :data:`VERIFY_LIMIT` candidates with the most hits (ties: the earliest)
are verified, all of them when there are no more. Hits count equal bands, so
they rank candidates by signature agreement without reading signatures.

Consequences, documented in README.md: a document is verified against at most
``VERIFY_LIMIT`` earlier documents, so it adds at most that many edges and can
join at most that many clusters (chaining is bounded); its ``duplicate_of`` is
the most similar of them that matches. A document with at most
``VERIFY_LIMIT`` candidates, none of them from a bucket of more than
``BUCKET_LIMIT``, is verified against exactly the candidates an unbounded
index would verify, so corpora without big clusters give the same result as
before the bound.

>>> later, earlier, hits = strongest(*group_pairs(np.array([7, 7, 7, 9]), np.array([0, 1, 2, 2])))
>>> list(zip(later.tolist(), earlier.tolist(), hits.tolist()))
[(1, 0, 1), (2, 0, 1), (2, 1, 1)]
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

import numpy as np

__all__ = [
    "BUCKET_HEADS",
    "BUCKET_LIMIT",
    "SortedKeys",
    "VERIFY_LIMIT",
    "batch_pairs",
    "bucket_answer",
    "earlier_ranks",
    "group_pairs",
    "sort_keys",
    "sorted_keys",
    "strongest",
    "unbounded",
]

#: A bucket answers with all its earlier documents up to this many.
BUCKET_LIMIT = 8
#: Beyond :data:`BUCKET_LIMIT`, the bucket's first documents it answers with
#: (the rest of its answer are its most recent ones).
BUCKET_HEADS = 4
#: Candidates verified per document, those with the most hits first.
VERIFY_LIMIT = 4


@contextmanager
def unbounded() -> Iterator[None]:
    """Within the block, every LSH candidate is verified, as before the bound
    (the reference the bounded rule is tested and measured against; not
    thread-safe: it sets this module's limits)."""
    global BUCKET_LIMIT, BUCKET_HEADS, VERIFY_LIMIT
    saved = BUCKET_LIMIT, BUCKET_HEADS, VERIFY_LIMIT
    BUCKET_LIMIT, BUCKET_HEADS, VERIFY_LIMIT = 2**40, 2**39, 2**40
    try:
        yield
    finally:
        BUCKET_LIMIT, BUCKET_HEADS, VERIFY_LIMIT = saved


def sort_keys(flat: np.ndarray) -> np.ndarray:
    """``argsort`` of a flat array of band keys, equal keys in the order given.

    The same order as a stable sort, at the cost of numpy's (SIMD) quicksort
    plus a small sort of the runs of equal keys, which are few.
    """
    flat = np.asarray(flat)
    order = np.argsort(flat)
    ordered = flat[order]
    same = ordered[1:] != ordered[:-1]
    np.logical_not(same, out=same)
    if same.any():
        in_run = np.zeros(len(flat), dtype=np.bool_)
        in_run[1:] |= same
        in_run[:-1] |= same
        pos = np.flatnonzero(in_run)
        run = np.cumsum(~np.concatenate(([False], same))[pos])
        shift = len(flat).bit_length()  # (run, position) packed in one integer: one sort
        order[pos] = np.sort((run << shift) | order[pos]) & ((1 << shift) - 1)
    return order


class SortedKeys(NamedTuple):
    """A batch's band keys with their sort order, computed once for every stage."""

    keys: np.ndarray  # uint64, shape (q, bands)
    order: np.ndarray  # sort_keys(keys.ravel())
    ordered: np.ndarray  # keys.ravel()[order]

    def distinct(self) -> np.ndarray:
        """The distinct keys, sorted."""
        keep = np.ones(len(self.ordered), dtype=np.bool_)
        keep[1:] = self.ordered[1:] != self.ordered[:-1]
        return self.ordered[keep]


def sorted_keys(keys: np.ndarray) -> SortedKeys:
    """:class:`SortedKeys` of a ``(q, bands)`` array of band keys."""
    keys = np.asarray(keys, dtype=np.uint64)
    if keys.ndim != 2:
        raise ValueError(f"keys must have shape (rows, bands), got {keys.shape}")
    flat = keys.ravel()
    order = sort_keys(flat)
    return SortedKeys(keys, order, flat[order])


def earlier_ranks(ranks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The bucket rule: which earlier members of its bucket each member is paired with.

    Parameters
    ----------
    ranks : numpy.ndarray
        For each member, how many members of its bucket come before it (its
        rank in the bucket, from 0).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Parallel ``int64`` arrays ``(member, rank)``: index into ``ranks``
        and the rank of a selected earlier member, ascending within a member.

    >>> earlier_ranks(np.array([0, 2, 10]))[1].tolist()
    [0, 1, 0, 1, 2, 3, 6, 7, 8, 9]
    """
    ranks = np.asarray(ranks, dtype=np.int64)
    counts = np.minimum(ranks, BUCKET_LIMIT)
    member = np.repeat(np.arange(len(ranks), dtype=np.int64), counts)
    j = np.arange(len(member), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    r = ranks[member]
    rank = np.where((r <= BUCKET_LIMIT) | (j < BUCKET_HEADS), j, r - BUCKET_LIMIT + j)
    return member, rank


def group_pairs(keys: np.ndarray, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of documents selected by the bucket rule, from whole buckets.

    Parameters
    ----------
    keys : numpy.ndarray
        Band keys, one entry per (document, band).
    positions : numpy.ndarray
        The document's input position for each entry.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Parallel ``int64`` arrays ``(later, earlier)`` of positions, one pair
        per key through which it is selected (a pair found through several
        keys appears as often: :func:`strongest` counts them).
    """
    keys = np.asarray(keys).ravel()
    positions = np.asarray(positions, dtype=np.int64).ravel()
    if keys.shape != positions.shape:
        raise ValueError(f"keys and positions must have the same length, got {keys.shape} and {positions.shape}")
    order = np.lexsort((positions, keys))
    k, p = keys[order], positions[order]
    if len(k):
        # A document with the same key twice (two bands hashing alike) counts once.
        keep = np.ones(len(k), dtype=np.bool_)
        keep[1:] = (k[1:] != k[:-1]) | (p[1:] != p[:-1])
        k, p = k[keep], p[keep]
    first, rank = _runs(k)
    member, selected = earlier_ranks(rank)
    return p[member], p[first[member] + selected]


def _runs(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For a sorted array: the index of the first element of each element's
    run of equal values, and each element's rank in its run."""
    index = np.arange(len(values), dtype=np.int64)
    start = np.ones(len(values), dtype=np.bool_)
    start[1:] = values[1:] != values[:-1]
    first = np.maximum.accumulate(np.where(start, index, 0))
    return first, index - first


def bucket_answer(owner: np.ndarray, slots: np.ndarray, keys: int) -> tuple[np.ndarray, np.ndarray]:
    """What an index's buckets answer, from their live members.

    Parameters
    ----------
    owner, slots : numpy.ndarray
        The live members of some buckets: the bucket (an index below
        ``keys``) and the member's position, in any order; enough of them
        that each bucket's first :data:`BUCKET_HEADS` and last
        ``BUCKET_LIMIT - BUCKET_HEADS + 1`` members are there, and all its
        members when it has no more than :data:`BUCKET_LIMIT`.
    keys : int
        Number of buckets.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``(owner, slots)`` grouped by owner, each bucket's answer in rank
        order: all its members when it has at most :data:`BUCKET_LIMIT`, else
        its heads, a ``-1`` standing for the members in between, and its last
        ``BUCKET_LIMIT - BUCKET_HEADS`` members. Ranks count as if the bucket
        had ``BUCKET_LIMIT + 1`` members: :func:`earlier_ranks` never selects
        the ``-1``, and selects the same members as from the whole bucket.
    """
    owner = np.asarray(owner, dtype=np.int64)
    slots = np.asarray(slots, dtype=np.int64)
    order = np.lexsort((slots, owner))
    owner, slots = owner[order], slots[order]
    if len(owner):  # a member found twice (the same key in two bands) counts once
        keep = np.ones(len(owner), dtype=np.bool_)
        keep[1:] = (owner[1:] != owner[:-1]) | (slots[1:] != slots[:-1])
        owner, slots = owner[keep], slots[keep]
    size = np.bincount(owner, minlength=keys)
    first, rank = _runs(owner)
    big = size[owner] > BUCKET_LIMIT
    tail = BUCKET_LIMIT - BUCKET_HEADS
    keep = ~big | (rank < BUCKET_HEADS) | (rank >= size[owner] - tail)
    owner, slots, big, rank = owner[keep], slots[keep], big[keep], rank[keep]
    # One -1 after the heads of each big bucket.
    gap = np.flatnonzero(big & (rank == BUCKET_HEADS - 1))
    return np.insert(owner, gap + 1, owner[gap]), np.insert(slots, gap + 1, -1)


def batch_pairs(
    keys: SortedKeys, slots: np.ndarray, wanted: np.ndarray, owner: np.ndarray, answer: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs selected by the bucket rule for a batch of new documents.

    The batch comes after everything the index holds, in order: each of its
    documents is paired as if the batch's earlier documents had been inserted
    one by one before it. Equal to :func:`group_pairs` over the index's
    documents and the batch together, restricted to pairs whose later side
    is in the batch.

    Parameters
    ----------
    keys : SortedKeys
        The batch's band keys (shape ``(q, bands)``), sorted.
    slots : numpy.ndarray
        Positions of the batch's documents, increasing, all after the index's.
    wanted : numpy.ndarray
        The distinct band keys of the batch, sorted.
    owner, answer : numpy.ndarray
        What the index's buckets answer for ``wanted`` (:func:`bucket_answer`).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``(later, earlier)`` positions, one pair per key through which it is
        selected.
    """
    slots = np.asarray(slots, dtype=np.int64)
    k, r = keys.ordered, keys.order // keys.keys.shape[1]
    if len(k):
        keep = np.ones(len(k), dtype=np.bool_)
        keep[1:] = (k[1:] != k[:-1]) | (r[1:] != r[:-1])
        k, r = k[keep], r[keep]
    g = np.searchsorted(wanted, k)
    plen = np.bincount(np.asarray(owner, dtype=np.int64), minlength=len(wanted))
    pstart = np.cumsum(plen) - plen
    first, j = _runs(k)
    member, rank = earlier_ranks(plen[g] + j)
    gm = g[member]
    later = slots[r[member]]
    earlier = np.empty(len(member), dtype=np.int64)
    indexed = rank < plen[gm]
    earlier[indexed] = np.asarray(answer, dtype=np.int64)[pstart[gm[indexed]] + rank[indexed]]
    batch = ~indexed
    earlier[batch] = slots[r[first[member[batch]] + rank[batch] - plen[gm[batch]]]]
    return later, earlier


def strongest(later: np.ndarray, earlier: np.ndarray, limit: int | None = None) -> tuple[np.ndarray, ...]:
    """The per-document bound: each document's ``limit`` candidates with the most hits.

    Parameters
    ----------
    later, earlier : numpy.ndarray
        Candidate pairs, one per key through which each was selected.
    limit : int, optional
        Candidates kept per ``later`` document (default :data:`VERIFY_LIMIT`).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray, numpy.ndarray)
        Distinct ``(later, earlier, hits)``, sorted by ``later`` then
        ``earlier``; for each ``later``, the ``limit`` pairs with the most
        hits, ties to the smallest ``earlier``.
    """
    limit = VERIFY_LIMIT if limit is None else limit
    later = np.asarray(later, dtype=np.int64).ravel()
    earlier = np.asarray(earlier, dtype=np.int64).ravel()
    if len(later) == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, empty
    lo = int(later.min())
    if int(later.max()) - lo < 2**22 and int(earlier.min()) >= 0 and int(earlier.max()) < 2**40:
        # One sort of packed integers instead of a two-key lexsort.
        packed = np.sort(((later - lo) << 40) | earlier)
        lat, ear = (packed >> 40) + lo, packed & (2**40 - 1)
    else:
        order = np.lexsort((earlier, later))
        lat, ear = later[order], earlier[order]
    new = np.ones(len(lat), dtype=np.bool_)
    new[1:] = (lat[1:] != lat[:-1]) | (ear[1:] != ear[:-1])
    starts = np.flatnonzero(new)
    hits = np.diff(np.append(starts, len(lat)))
    lat, ear = lat[starts], ear[starts]
    first, rank = _runs(lat)
    many = np.flatnonzero(rank >= limit)
    if len(many) == 0:
        return lat, ear, hits
    # Documents with more than ``limit`` candidates: keep the most hits, then the earliest.
    crowded = np.isin(lat, np.unique(lat[many]))
    sub = np.flatnonzero(crowded)
    order = np.lexsort((ear[sub], -hits[sub], lat[sub]))
    kept = sub[order][_runs(lat[sub][order])[1] < limit]
    keep = ~crowded
    keep[kept] = True
    return lat[keep], ear[keep], hits[keep]
