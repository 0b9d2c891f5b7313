"""Documents kept in memory: :class:`MemoryStorage` (numpy arrays, an
:class:`dedup.lsh.LSHIndex` and :class:`dedup.components.Components`)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import cast

import numpy as np

from ..candidates import SortedKeys
from ..components import Components
from ..config import Config
from ..documents import DocId
from ..lsh import LSHIndex
from ..pipeline import Fingerprints
from .base import NO_PARTNER, Storage, sorted_set

__all__ = ["MemoryStorage"]


class MemoryStorage(Storage):
    """Documents in numpy arrays, an :class:`LSHIndex` and :class:`Components`.

    Parameters
    ----------
    config : dedup.Config
        Its ``num_perm`` (signature length) and ``exact`` (keep shingle sets
        for exact verification).
    """

    def __init__(self, config: Config) -> None:
        num_perm = self.num_perm = config.num_perm
        self.exact = config.exact
        self._ids: list[DocId | None] = []
        self._slot_of: dict[DocId, int] = {}
        self._sigs = np.empty((0, num_perm), dtype=np.uint32)
        self._lengths = np.empty(0, dtype=np.int64)
        self._times = np.empty(0, dtype=np.float64)
        self._sets: list = []  # shingle hashes; sorted and distinct once _sorted[slot]
        self._sorted: list[bool] = []
        self._key_of: list[bytes | None] = []
        self._content: dict[bytes, int] = {}  # content key -> slot in the LSH index
        self._copies: dict[int, list[int]] = {}  # indexed slot -> identical later slots
        self._lsh = LSHIndex()
        self._components = Components(lambda slot: int(self._lengths[slot]))
        self._first: dict[int, int] = {}  # slot -> its first containment partner (or PARTNER_REMOVED)
        self._fans: dict[int, set[int]] = {}  # slot -> the slots whose first partner it is

    def write(self) -> AbstractContextManager:
        return nullcontext()

    read = write

    # -- ids ----------------------------------------------------------------
    def count(self) -> int:
        return len(self._slot_of)

    def present(self, ids: Sequence[DocId]) -> set:
        return {doc_id for doc_id in ids if doc_id in self._slot_of}

    def slot_of(self, doc_id: DocId) -> int | None:
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

    def claim_content(self, key: bytes, slot: int) -> int | None:
        original = self._content.get(key)
        if original is None:
            self._content[key] = slot
            return None
        self._copies.setdefault(original, []).append(slot)
        if self.exact:
            self._sets[slot] = self._sets[original]
            self._sorted[slot] = self._sorted[original]
        return original

    def holder(self, key: bytes) -> int | None:
        return self._content.get(key)

    def lsh_insert(self, slots: np.ndarray, keys: np.ndarray | SortedKeys) -> None:
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

    # -- the chaining guard ------------------------------------------------
    def first_partners(self, slots: Sequence[int]) -> list[int]:
        return [self._first.get(slot, NO_PARTNER) for slot in slots]

    def set_first_partners(self, partners: dict[int, int]) -> None:
        for slot, first in partners.items():
            assert slot not in self._first, f"slot {slot} has a first partner"
            self._first[slot] = first
            self._fans.setdefault(first, set()).add(slot)

    def redirect_partners(self, old: int, new: int) -> None:
        fans = self._fans.pop(old, set())
        for slot in fans:
            self._first[slot] = new
        if fans:
            self._fans.setdefault(new, set()).update(fans)

    # -- removing -----------------------------------------------------------
    def content_key(self, slot: int) -> bytes | None:
        return self._key_of[slot]

    def release_content(self, key: bytes, slot: int) -> tuple[bool, int | None]:
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
        first = self._first.pop(slot, None)
        if first is not None:
            self._fans[first].discard(slot)
            if not self._fans[first]:
                del self._fans[first]
        self._components.remove(slot)
        self._ids[slot] = None
        self._sets[slot] = None
        self._times[slot] = np.inf

    def slots_older_than(self, cutoff: float) -> list[int]:
        return np.flatnonzero(self._times[: len(self._ids)] < cutoff).tolist()

    def time_range(self) -> tuple[float | None, float | None]:
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
