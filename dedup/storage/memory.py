"""Where a :class:`dedup.Deduplicator` keeps what it has seen.

The index's decisions (exact copies by content key, LSH candidates, verified
pairs, union of clusters, the representative rule, what a removal does) are
written once, in :mod:`dedup.index`. They are expressed with the operations of
a :class:`Storage`; this module holds the interface and the in-memory
implementation (numpy arrays, :class:`dedup.lsh.LSHIndex`,
:class:`dedup.components.Components`), :mod:`dedup.sqlite_storage` the
persistent one.

Documents live in *slots*: integers that increase in insertion order and are
never reused, so "earlier" always means "smaller slot" (the representative
rule breaks ties to the earliest document, and a document is only compared
with documents added before it).

An index keeps a document's shingle set only for the first indexed copy of a
content (its *holder*); later identical copies are joined to the holder by
their content key and are not in the LSH index. The holder of a content is
always the earliest live document with it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from contextlib import nullcontext
from typing import ContextManager, Optional, Union, cast

import numpy as np

from .candidates import SortedKeys
from .components import Components
from .documents import DocId
from .lsh import LSHIndex, sorted_unique
from .pipeline import Fingerprints

__all__ = ["MemoryStorage", "Storage", "sorted_set"]

#: ``np.unique`` of one document's shingle hashes (:func:`dedup.lsh.sorted_unique`).
sorted_set = sorted_unique


class Storage:
    """The operations the index's logic needs from where documents are kept.

    Writes happen inside ``with storage.write():`` (one atomic batch: all or
    nothing, isolated from other writers) and reads that must agree with each
    other inside ``with storage.read():``.
    """

    #: Other processes may write at the same time: ids must be checked again
    #: inside the write transaction.
    shared = False
    #: Path of the file, or None in memory.
    path: Optional[str] = None

    # -- transactions -------------------------------------------------------
    def write(self) -> ContextManager:  # pragma: no cover - interface
        raise NotImplementedError

    def read(self) -> ContextManager:  # pragma: no cover - interface
        raise NotImplementedError

    def check_writable(self) -> None:
        """Raise if this storage may not be written (always writable in memory)."""

    # -- ids ----------------------------------------------------------------
    def id_problem(self, doc_id: DocId) -> Optional[str]:
        """Why ``doc_id`` cannot be stored here, or None."""
        return None

    def count(self) -> int:  # pragma: no cover - interface
        raise NotImplementedError

    def present(self, ids: Sequence[DocId]) -> set:  # pragma: no cover - interface
        """The ids among ``ids`` that are in the index."""
        raise NotImplementedError

    def slot_of(self, doc_id: DocId) -> Optional[int]:  # pragma: no cover - interface
        raise NotImplementedError

    def id_of(self, slot: int) -> DocId:  # pragma: no cover - interface
        raise NotImplementedError

    def next_position(self) -> int:  # pragma: no cover - interface
        """Id of the next plain-string document (documents ever received)."""
        raise NotImplementedError

    # -- adding -------------------------------------------------------------
    def allocate(self, m: int) -> int:  # pragma: no cover - interface
        """Reserve ``m`` consecutive slots; return the first."""
        raise NotImplementedError

    def record(self, first: int, ids: Sequence[DocId], fp: Fingerprints, timestamp: float) -> None:
        """Keep documents ``first, first + 1, ...`` (fingerprint rows 0, 1, ...),
        each a cluster of its own."""
        raise NotImplementedError  # pragma: no cover - interface

    def prefetch_content(self, keys: Sequence[Optional[bytes]]) -> None:
        """A hint: :meth:`claim_content` will be asked about these keys."""

    def claim_content(self, key: bytes, slot: int) -> Optional[int]:
        """The holder of content ``key`` if there is one, else make ``slot``
        its holder and return None."""
        raise NotImplementedError  # pragma: no cover - interface

    def holder(self, key: bytes) -> Optional[int]:  # pragma: no cover - interface
        """The slot holding content ``key``, or None."""
        raise NotImplementedError

    def lsh_insert(self, slots: np.ndarray, keys: Union[np.ndarray, SortedKeys]) -> None:  # pragma: no cover
        """Put ``slots`` in the LSH index with their band keys (an array of
        shape ``(m, bands)``, or those keys sorted)."""
        raise NotImplementedError

    def lsh_buckets(self, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - interface
        """What the LSH buckets of ``wanted`` (sorted distinct band keys)
        answer: :meth:`dedup.lsh.LSHIndex.buckets` over the stored documents."""
        raise NotImplementedError

    def signatures(self, slots: np.ndarray) -> np.ndarray:  # pragma: no cover - interface
        raise NotImplementedError

    def word_counts(self, slots: np.ndarray) -> np.ndarray:  # pragma: no cover - interface
        raise NotImplementedError

    def shingle_set(self, slot: int) -> np.ndarray:  # pragma: no cover - interface
        """Sorted distinct shingle hashes of ``slot``."""
        raise NotImplementedError

    def union(self, a: int, b: int) -> None:  # pragma: no cover - interface
        """Record the verified edge ``a``-``b`` and merge their clusters."""
        raise NotImplementedError

    def representative(self, slot: int) -> int:  # pragma: no cover - interface
        raise NotImplementedError

    # -- removing -----------------------------------------------------------
    def content_key(self, slot: int) -> Optional[bytes]:  # pragma: no cover - interface
        raise NotImplementedError

    def release_content(self, key: bytes, slot: int) -> tuple[bool, Optional[int]]:
        """``slot`` (with content ``key``) is being removed: ``(was_holder,
        heir)``, the heir being the next copy, which becomes the holder."""
        raise NotImplementedError  # pragma: no cover - interface

    def lsh_remove(self, slots: np.ndarray, keys: np.ndarray) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def move_edges(self, old: int, new: int) -> None:  # pragma: no cover - interface
        """As :meth:`dedup.components.Components.move_edges`."""
        raise NotImplementedError

    def discard(self, slot: int) -> None:  # pragma: no cover - interface
        """Forget ``slot``: its cluster splits or gets a new representative."""
        raise NotImplementedError

    def slots_older_than(self, cutoff: float) -> list[int]:  # pragma: no cover - interface
        raise NotImplementedError

    def time_range(self) -> tuple[Optional[float], Optional[float]]:  # pragma: no cover - interface
        """Insertion times (UTC epoch seconds) of the oldest and newest document."""
        raise NotImplementedError

    # -- results ------------------------------------------------------------
    def clusters(self) -> list[list[DocId]]:  # pragma: no cover - interface
        """As :meth:`dedup.components.Components.clusters`, with ids."""
        raise NotImplementedError

    def cluster_count(self) -> int:  # pragma: no cover - interface
        raise NotImplementedError

    def nbytes(self) -> int:  # pragma: no cover - interface
        raise NotImplementedError

    def vacuum(self) -> None:
        """Give unused space back (nothing to do in memory)."""

    def check(self) -> list[str]:
        """Problems found by an integrity check (none in memory)."""
        return []

    def close(self) -> None:
        """Release the storage (nothing to do in memory)."""


class MemoryStorage(Storage):
    """Documents in numpy arrays, an :class:`LSHIndex` and :class:`Components`.

    Parameters
    ----------
    num_perm : int
        Signature length.
    exact : bool
        Keep shingle sets for exact verification.
    """

    def __init__(self, num_perm: int, exact: bool) -> None:
        self.num_perm = num_perm
        self.exact = exact
        self._ids: list[Optional[DocId]] = []
        self._slot_of: dict[DocId, int] = {}
        self._sigs = np.empty((0, num_perm), dtype=np.uint32)
        self._lengths = np.empty(0, dtype=np.int64)
        self._times = np.empty(0, dtype=np.float64)
        self._sets: list = []  # shingle hashes; sorted and distinct once _sorted[slot]
        self._sorted: list[bool] = []
        self._key_of: list[Optional[bytes]] = []
        self._content: dict[bytes, int] = {}  # content key -> slot in the LSH index
        self._copies: dict[int, list[int]] = {}  # indexed slot -> identical later slots
        self._lsh = LSHIndex()
        self._components = Components(lambda slot: int(self._lengths[slot]))

    def write(self) -> ContextManager:
        return nullcontext()

    read = write

    # -- ids ----------------------------------------------------------------
    def count(self) -> int:
        return len(self._slot_of)

    def present(self, ids: Sequence[DocId]) -> set:
        return {doc_id for doc_id in ids if doc_id in self._slot_of}

    def slot_of(self, doc_id: DocId) -> Optional[int]:
        return self._slot_of.get(doc_id)

    def id_of(self, slot: int) -> DocId:
        doc_id = self._ids[slot]
        assert doc_id is not None, f"slot {slot} was removed"
        return doc_id

    def next_position(self) -> int:
        return len(self._ids)

    # -- adding -------------------------------------------------------------
    def allocate(self, m: int) -> int:
        n = len(self._ids)
        if n + m > len(self._lengths):
            cap = max(n + m, 2 * len(self._lengths), 1024)
            sigs = np.empty((cap, self.num_perm), dtype=np.uint32)
            sigs[:n] = self._sigs[:n]
            lengths = np.zeros(cap, dtype=np.int64)
            lengths[:n] = self._lengths[:n]
            times = np.full(cap, np.inf)
            times[:n] = self._times[:n]
            self._sigs, self._lengths, self._times = sigs, lengths, times
        return n

    def record(self, first: int, ids: Sequence[DocId], fp: Fingerprints, timestamp: float) -> None:
        m = len(ids)
        slots = range(first, first + m)
        self._sigs[first : first + m] = fp.signatures[:m]
        self._lengths[first : first + m] = fp.token_counts[:m]
        self._times[first : first + m] = timestamp
        self._ids.extend(ids)
        self._slot_of.update(zip(ids, slots))
        self._key_of.extend(fp.content_keys[:m])
        if self.exact:
            hashes, bounds = fp.shingle_hashes, fp.shingle_offsets[: m + 1].tolist()
            self._sets.extend([hashes[lo:hi] for lo, hi in zip(bounds, bounds[1:])])
        else:
            self._sets.extend([None] * m)
        self._sorted.extend([False] * m)
        self._components.add_many(slots)

    def claim_content(self, key: bytes, slot: int) -> Optional[int]:
        original = self._content.get(key)
        if original is None:
            self._content[key] = slot
            return None
        self._copies.setdefault(original, []).append(slot)
        if self.exact:
            self._sets[slot] = self._sets[original]
            self._sorted[slot] = self._sorted[original]
        return original

    def holder(self, key: bytes) -> Optional[int]:
        return self._content.get(key)

    def lsh_insert(self, slots: np.ndarray, keys: Union[np.ndarray, SortedKeys]) -> None:
        self._lsh.insert(slots, keys)

    def lsh_buckets(self, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self._lsh.buckets(wanted)

    def signatures(self, slots: np.ndarray) -> np.ndarray:
        return self._sigs[slots]

    def word_counts(self, slots: np.ndarray) -> np.ndarray:
        return self._lengths[slots]

    def shingle_set(self, slot: int) -> np.ndarray:
        if not self._sorted[slot]:
            self._sets[slot] = sorted_set(self._sets[slot])
            self._sorted[slot] = True
        return self._sets[slot]

    def union(self, a: int, b: int) -> None:
        self._components.union(a, b)

    def representative(self, slot: int) -> int:
        return self._components.representative(slot)

    # -- removing -----------------------------------------------------------
    def content_key(self, slot: int) -> Optional[bytes]:
        return self._key_of[slot]

    def release_content(self, key: bytes, slot: int) -> tuple[bool, Optional[int]]:
        if self._content.get(key) != slot:
            original = self._content[key]
            self._copies[original].remove(slot)
            if not self._copies[original]:
                del self._copies[original]
            return False, None
        successors = self._copies.pop(slot, [])
        if not successors:
            del self._content[key]
            return True, None
        heir = successors[0]
        if successors[1:]:
            self._copies[heir] = successors[1:]
        self._content[key] = heir
        return True, heir

    def lsh_remove(self, slots: np.ndarray, keys: np.ndarray) -> None:
        self._lsh.remove(slots)

    def move_edges(self, old: int, new: int) -> None:
        self._components.move_edges(old, new)

    def discard(self, slot: int) -> None:
        del self._slot_of[self.id_of(slot)]
        self._components.remove(slot)
        self._ids[slot] = None
        self._sets[slot] = None
        self._times[slot] = np.inf

    def slots_older_than(self, cutoff: float) -> list[int]:
        return np.flatnonzero(self._times[: len(self._ids)] < cutoff).tolist()

    def time_range(self) -> tuple[Optional[float], Optional[float]]:
        if not self._slot_of:
            return None, None
        times = self._times[: len(self._ids)]
        alive = np.isfinite(times)
        return float(times[alive].min()), float(times[alive].max())

    # -- results ------------------------------------------------------------
    def clusters(self) -> list[list[DocId]]:
        ids = cast("list[DocId]", self._ids)  # clusters hold live slots only: their ids are set
        return [[ids[s] for s in cluster] for cluster in self._components.clusters()]

    def cluster_count(self) -> int:
        return len(self._components)

    def nbytes(self) -> int:
        n = len(self._ids)
        sets = sum(s.nbytes for s in {id(x): x for x in self._sets if x is not None}.values())
        return self._sigs[:n].nbytes + self._lsh.nbytes() + sets


def to_epoch(value: object, what: str = "timestamp") -> float:
    """UTC epoch seconds from a number or a datetime (naive = UTC)."""
    from datetime import datetime, timezone

    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.timestamp()
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{what} must be a datetime or seconds since the epoch, got {type(value).__name__}")
    if not math.isfinite(float(value)):
        raise ValueError(f"{what} must be finite, got {value!r}")
    return float(value)
