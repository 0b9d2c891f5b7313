"""The operations the index's logic needs from where documents are kept.

The index's decisions (exact copies by content key, LSH candidates, verified
pairs, union of clusters, the representative rule, what a removal does) are
written once, in :mod:`dedup.index`. They are expressed with the operations of
a :class:`Storage`, kept in memory (:mod:`dedup.storage.memory`) or in an
SQLite file (:mod:`dedup.storage.sqlite`).

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

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager

import numpy as np

from ..candidates import SortedKeys
from ..documents import DocId
from ..lsh import sorted_unique
from ..pipeline import Fingerprints

__all__ = ["NO_PARTNER", "PARTNER_REMOVED", "Storage", "sets_of", "sorted_set"]

#: :meth:`Storage.first_partners` of a document with no containment-only link yet.
NO_PARTNER = -1
#: :meth:`Storage.first_partners` of a document whose first containment
#: partner was removed without an identical copy to take its place.
PARTNER_REMOVED = -2

#: ``np.unique`` of one document's shingle hashes (:func:`dedup.lsh.sorted_unique`).
sorted_set = sorted_unique


class Storage(ABC):
    """The operations the index's logic needs from where documents are kept.

    Writes happen inside ``with storage.write():`` (one atomic batch: all or
    nothing, isolated from other writers) and reads that must agree with each
    other inside ``with storage.read():``.
    """

    #: Other processes may write at the same time: ids must be checked again
    #: inside the write transaction.
    shared = False
    #: Path of the file, or None in memory.
    path: str | None = None

    # -- transactions -------------------------------------------------------
    @abstractmethod
    def write(self) -> AbstractContextManager: ...

    @abstractmethod
    def read(self) -> AbstractContextManager: ...

    def check_writable(self) -> None:  # noqa: B027 - an optional hook, a no-op by default
        """Raise if this storage may not be written (always writable in memory)."""

    # -- ids ----------------------------------------------------------------
    def id_problem(self, doc_id: DocId) -> str | None:
        """Why ``doc_id`` cannot be stored here, or None."""
        return None

    @abstractmethod
    def count(self) -> int: ...

    @abstractmethod
    def present(self, ids: Sequence[DocId]) -> set:
        """The ids among ``ids`` that are in the index."""

    @abstractmethod
    def slot_of(self, doc_id: DocId) -> int | None: ...

    @abstractmethod
    def id_of(self, slot: int) -> DocId: ...

    @abstractmethod
    def next_position(self) -> int:
        """Id of the next plain-string document (documents ever received)."""

    # -- adding -------------------------------------------------------------
    @abstractmethod
    def allocate(self, m: int) -> int:
        """Reserve ``m`` consecutive slots; return the first."""

    @abstractmethod
    def record(self, first: int, ids: Sequence[DocId], fp: Fingerprints, timestamp: float) -> None:
        """Keep documents ``first, first + 1, ...`` (fingerprint rows 0, 1, ...),
        each a cluster of its own."""

    def prefetch_content(self, keys: Sequence[bytes | None]) -> None:  # noqa: B027 - an optional hook, a no-op by default
        """A hint: :meth:`claim_content` will be asked about these keys."""

    @abstractmethod
    def claim_content(self, key: bytes, slot: int) -> int | None:
        """The holder of content ``key`` if there is one, else make ``slot``
        its holder and return None."""

    @abstractmethod
    def holder(self, key: bytes) -> int | None:
        """The slot holding content ``key``, or None."""

    @abstractmethod
    def lsh_insert(self, slots: np.ndarray, keys: np.ndarray | SortedKeys) -> None:
        """Put ``slots`` in the LSH index with their band keys (an array of
        shape ``(m, bands)``, or those keys sorted)."""

    @abstractmethod
    def lsh_buckets(self, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """What the LSH buckets of ``wanted`` (sorted distinct band keys)
        answer: :meth:`dedup.lsh.LSHIndex.buckets` over the stored documents."""

    @abstractmethod
    def signatures(self, slots: np.ndarray) -> np.ndarray: ...

    @abstractmethod
    def word_counts(self, slots: np.ndarray) -> np.ndarray: ...

    @abstractmethod
    def shingle_set(self, slot: int) -> np.ndarray:
        """Sorted distinct shingle hashes of ``slot``."""

    @abstractmethod
    def union(self, a: int, b: int) -> None:
        """Record the verified edge ``a``-``b`` and merge their clusters."""

    @abstractmethod
    def representative(self, slot: int) -> int: ...

    # -- the chaining guard (dedup.index, "The chaining guard") ---------------
    @abstractmethod
    def first_partners(self, slots: Sequence[int]) -> list[int]:
        """Each slot's first containment partner: a slot,
        :data:`NO_PARTNER` (none yet, or a slot not stored) or
        :data:`PARTNER_REMOVED`."""

    @abstractmethod
    def set_first_partners(self, partners: dict[int, int]) -> None:
        """Record ``slot -> first partner`` for slots that had none."""

    @abstractmethod
    def redirect_partners(self, old: int, new: int) -> None:
        """Documents whose first partner is ``old`` get ``new`` (an heir, or
        :data:`PARTNER_REMOVED`)."""

    # -- removing -----------------------------------------------------------
    @abstractmethod
    def content_key(self, slot: int) -> bytes | None: ...

    @abstractmethod
    def release_content(self, key: bytes, slot: int) -> tuple[bool, int | None]:
        """``slot`` (with content ``key``) is being removed: ``(was_holder,
        heir)``, the heir being the next copy, which becomes the holder."""

    @abstractmethod
    def lsh_remove(self, slots: np.ndarray, keys: np.ndarray) -> None: ...

    @abstractmethod
    def move_edges(self, old: int, new: int) -> None:
        """As :meth:`dedup.components.Components.move_edges`."""

    @abstractmethod
    def discard(self, slot: int) -> None:
        """Forget ``slot`` (its first partner too): its cluster splits or gets
        a new representative."""

    @abstractmethod
    def slots_older_than(self, cutoff: float) -> list[int]: ...

    @abstractmethod
    def time_range(self) -> tuple[float | None, float | None]:
        """Insertion times (UTC epoch seconds) of the oldest and newest document."""

    # -- results ------------------------------------------------------------
    @abstractmethod
    def clusters(self) -> list[list[DocId]]:
        """As :meth:`dedup.components.Components.clusters`, with ids."""

    @abstractmethod
    def cluster_count(self) -> int: ...

    @abstractmethod
    def nbytes(self) -> int: ...

    def vacuum(self) -> None:  # noqa: B027 - an optional hook, a no-op by default
        """Give unused space back (nothing to do in memory)."""

    def check(self) -> list[str]:
        """Problems found by an integrity check (none in memory)."""
        return []

    def close(self) -> None:  # noqa: B027 - an optional hook, a no-op by default
        """Release the storage (nothing to do in memory)."""


def sets_of(store: Storage, slots: np.ndarray) -> Callable[[int], np.ndarray]:
    """``i -> store.shingle_set(slots[i])``, the callable :func:`dedup.verify.verify_pairs` takes."""
    shingle_set, listed = store.shingle_set, slots.tolist()
    return lambda i: shingle_set(listed[i])
