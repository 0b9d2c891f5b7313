"""Transactions on an index file, and what one keeps while it runs.

Each write (a batch of ``add_many``, a removal) is one ``BEGIN IMMEDIATE``
transaction: writers queue for the write lock (``busy_timeout``), and a
batch reads what it needs from the file inside it, so it sees everything
committed before it; the batch's rows are written back (``_flush``) before
``COMMIT``. A read is a ``BEGIN`` ... ``COMMIT`` snapshot. What a transaction
fetches or changes is kept in a :class:`Scope` (a read) or a :class:`Batch`
(a write), dropped at its end.

:class:`Connection` is the base of :class:`dedup.storage.sqlite.SQLiteStorage`
and of the parts it is made of (each a concern of its own: the LSH entries
and their cross-process cache, the clusters, the checks).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from ...components import Components
from ...documents import DocId
from ...lsh import LSHIndex
from ...pipeline import Fingerprints
from ..errors import FILE_ERRORS, IndexFileError, ReadOnlyIndexError, translate

__all__ = ["Batch", "Connection", "Scope"]


class Scope:
    """Values fetched during one transaction (dropped at its end)."""

    def __init__(self) -> None:
        self.sigs: dict[int, np.ndarray] = {}
        self.words: dict[int, int] = {}
        self.sets: dict[int, np.ndarray] = {}
        self.ids: dict[int, DocId] = {}
        self.clusters: dict[int, tuple[int, int, int, int]] = {}  # slot -> cluster, representative, size, its words
        self.segments: list[int] | None = None
        self.cache: LSHIndex | None = None
        self.cache_checked = False


class Batch(Scope):
    """A write transaction: new documents, pending rows and the clusters it touches."""

    def __init__(self) -> None:
        super().__init__()
        self.first = -1
        self.m = 0
        self.next_slot: int | None = None
        self.new_ids: list[DocId] = []
        self.fp: Fingerprints | None = None
        self.time = 0.0
        self.claims: dict[bytes, int] = {}  # content key -> holder (new or looked up)
        self.known: set[bytes] = set()  # keys looked up (absent from the file unless in claims)
        self.band_slots: list[np.ndarray] = []
        self.band_keys: list[np.ndarray] = []
        self.edges: list[tuple[int, int]] = []
        self.label_of: dict[int, int] = {}  # loaded stored slot -> its cluster id before this batch
        self.loaded: set[int] = set()
        # Adding, stored clusters are not loaded: each touched one is stood for
        # by its representative (a proxy) in ``comp``.
        self.proxy_of: dict[int, int] = {}  # stored cluster id -> its representative slot
        self.size_of: dict[int, int] = {}  # stored cluster id -> its size before this batch
        self.removed: set[int] = set()
        self.lsh_log: list[tuple[int, int]] = []  # (slot, added) for lsh_changes
        self.cache_dirty = False  # the in-memory LSH copy holds this batch's changes
        self.comp = Components(self.word_count)

    def is_new(self, slot: int) -> bool:
        return self.first <= slot < self.first + self.m

    def word_count(self, slot: int) -> int:
        if self.is_new(slot):
            assert self.fp is not None
            return int(self.fp.token_counts[slot - self.first])
        return self.words[slot]


class Connection:
    """The connection to an index file and its transactions (see the module
    documentation); the attributes are set by
    :class:`dedup.storage.sqlite.SQLiteStorage`."""

    _path: str
    timeout: float
    read_only: bool
    num_perm: int
    exact: bool
    bands: tuple[int, int]
    segment_bits: int
    schema_version: int
    _con: sqlite3.Connection | None = None
    _scope: Scope | None = None
    _batch: Batch | None = None

    def _cached_lsh(self, build: bool) -> LSHIndex | None:  # pragma: no cover - see .bands
        raise NotImplementedError

    def _flush(self) -> tuple[int, int]:  # pragma: no cover - see .storage
        raise NotImplementedError

    def _cache_committed(self, version: tuple[int, int]) -> None:  # pragma: no cover - see .bands
        """The file is at ``version`` and the LSH cache reflects it."""
        raise NotImplementedError

    def _cache_dropped(self) -> None:  # pragma: no cover - see .bands
        """Forget the LSH cache (it holds a rolled-back batch's entries)."""
        raise NotImplementedError

    @property
    def con(self) -> sqlite3.Connection:
        if self._con is None:
            raise IndexFileError(self._path, "the index is closed")
        return self._con

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyIndexError(self._path, "the index was opened read-only")
        _ = self.con  # raises IndexFileError when closed

    @contextmanager
    def write(self) -> Iterator[None]:
        if self._batch is not None:
            yield
            return
        self.check_writable()
        if self._scope is not None:
            raise RuntimeError("cannot write inside a read")
        con = self.con
        try:
            con.execute("BEGIN IMMEDIATE")
            self._batch = self._scope = Batch()
            try:
                yield
                cache = self._cached_lsh(build=False)
                version = self._flush()
                con.execute("COMMIT")
                if cache is not None:
                    self._cache_committed(version)
            except BaseException:
                if self._batch.cache_dirty:
                    self._cache_dropped()  # it holds this batch's entries
                if con.in_transaction:
                    con.execute("ROLLBACK")
                raise
        except FILE_ERRORS as exc:
            raise translate(self._path, exc, self.timeout) from None
        finally:
            self._batch = self._scope = None

    @contextmanager
    def read(self) -> Iterator[None]:
        if self._scope is not None:
            yield
            return
        con = self.con
        try:
            con.execute("BEGIN")
            self._scope = Scope()
            try:
                yield
            finally:
                if con.in_transaction:
                    con.execute("COMMIT")
        except FILE_ERRORS as exc:
            raise translate(self._path, exc, self.timeout) from None
        finally:
            self._scope = None

    def _one(self, sql: str, params: Sequence = ()) -> Any:
        row = self.con.execute(sql, params).fetchone()
        return None if row is None else row[0]

    @property
    def _s(self) -> Scope:
        assert self._scope is not None, "SQLiteStorage used outside read() or write()"
        return self._scope

    @property
    def _b(self) -> Batch:
        assert self._batch is not None, "SQLiteStorage written outside write()"
        return self._batch

    def next_position(self) -> int:
        return int(self._one("SELECT value FROM meta WHERE key = 'next_slot'"))

    def _array(self, slot: int, blob: Any, what: str) -> np.ndarray:
        """A stored signature or shingle set as uint32 values; an
        :class:`IndexFileError` for one of the wrong type or length."""
        size = 4 * self.num_perm if what == "signature" else None
        if not isinstance(blob, bytes) or len(blob) % 4 or (size is not None and len(blob) != size):
            got = f"{len(blob)} bytes" if isinstance(blob, bytes) else f"a {type(blob).__name__}"
            expected = f"{size} bytes" if size is not None else "a multiple of 4 bytes"
            raise IndexFileError(
                self._path,
                f"damaged index: the {what} of slot {slot} is {got}, not {expected} (check() lists all damage)",
            )
        return np.frombuffer(blob, dtype="<u4")
