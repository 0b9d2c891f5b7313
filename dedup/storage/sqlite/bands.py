"""The LSH entries of an index file, and their cross-process cache.

The ``bands`` table holds the band keys of the documents in the LSH index,
in segments of ``2 ** segment_bits`` slots (new documents land in the newest
segment, so a batch's inserts touch a small part of the B-tree). A bucket is
read as :mod:`dedup.candidates` needs it: its first
:data:`dedup.candidates.BUCKET_LIMIT` + 1 slots and, where there are that
many, its last ones.

One thing outlives a transaction: a process adding large batches loads the
file's LSH entries into an in-memory :class:`dedup.lsh.LSHIndex` (looking a
batch's 65,000 band keys up in every segment costs more than the rest of the
batch; it does so once those lookups have cost as much as loading, see
:data:`CACHE_SECONDS_PER_DOC`). Every transaction that uses it first compares
it with the file (``next_slot`` and the ``lsh_changes`` log) and replays what
other processes changed, so it never answers from a stale state.
"""

from __future__ import annotations

import json
import time

import numpy as np

from ...candidates import BUCKET_HEADS, BUCKET_LIMIT, SortedKeys, bucket_answer
from ...lsh import LSHIndex, band_keys
from .transactions import Connection

__all__ = ["CACHE_MIN_DOCS", "CACHE_SECONDS_PER_DOC", "LSH_LOG_KEEP", "Bands"]

#: A write batch with at least this many documents for the LSH index may load
#: the file's LSH entries into memory (see :meth:`SQLiteStorage._cached_lsh`) ...
CACHE_MIN_DOCS = 256
#: ... once looking band keys up in SQLite has cost as long as loading them
#: would (estimated per stored document; measured ~13 microseconds): a few
#: batches added to a large file never pay for loading it, a long run does.
CACHE_SECONDS_PER_DOC = 15e-6
#: Rows of ``lsh_changes`` kept; a process whose copy is older rebuilds it.
LSH_LOG_KEEP = 1_000_000


class Bands(Connection):
    """LSH entries: the ``bands`` table, the in-memory copy of it and the
    ``lsh_changes`` log that keeps copies in other processes up to date."""

    # The file's LSH entries in memory, and the (next_slot, last lsh_changes seq) of the
    # file they reflect; checked inside every transaction that uses them.
    _cache: LSHIndex | None = None
    _cache_version: tuple[int, int] = (-1, -1)
    _lookup_seconds = 0.0  # spent looking band keys up in SQLite in write batches

    def _version(self) -> tuple[int, int]:
        """``(next_slot, last lsh_changes seq)``: what a copy of the LSH entries reflects."""
        seq = self._one("SELECT seq FROM sqlite_sequence WHERE name = 'lsh_changes'")
        return self.next_position(), int(seq or 0)

    def _cached_lsh(self, build: bool) -> LSHIndex | None:
        """The in-memory copy of the file's LSH entries, brought up to date
        inside the current transaction; None if there is none (and ``build``
        is false).

        What other processes changed since the copy was made is replayed:
        documents from its ``next_slot`` on are new (their entries come from
        their signatures), and ``lsh_changes`` after its sequence number lists
        the entries removed and the identical copies that took a removed
        document's place. A copy older than the log is rebuilt.
        """
        s = self._s
        # Checked once per transaction; but a batch asks (no build) before it
        # inserts (may build), so a copy missing at the query may be built then.
        if s.cache_checked and (s.cache is not None or not build):
            return s.cache
        s.cache_checked = True
        version = self._version()
        cache = self._cache
        if cache is not None:
            next_slot, seq = self._cache_version
            if version != (next_slot, seq):
                oldest = self._one("SELECT MIN(seq) FROM lsh_changes")
                if next_slot > version[0] or (seq < version[1] and (oldest is None or oldest > seq + 1)):
                    cache = self._cache = None  # not a later state of this file, or too old: rebuild
                else:
                    changes = self.con.execute(
                        "SELECT slot, added FROM lsh_changes WHERE seq > ? ORDER BY seq", (seq,)
                    ).fetchall()
                    # A slot is added (an heir) at most once and removed at most once, after:
                    # additions first, then removals, gives the same entries.
                    heirs = [slot for slot, added in changes if added]
                    if heirs:
                        self.cache_holders(cache, 0, heirs)
                    if next_slot < version[0]:
                        self.cache_holders(cache, next_slot)
                    gone = [slot for slot, added in changes if not added]
                    if gone:
                        cache.remove(np.array(gone, dtype=np.int64))
            if cache is not None:
                self._cache_version = version
                s.cache = cache
                return cache
        if build:
            cache = LSHIndex()
            self.cache_holders(cache, 0)
            self._cache, self._cache_version = cache, version
            s.cache = cache
        return s.cache

    def cache_holders(self, cache: LSHIndex, start: int, only: list[int] | None = None) -> None:
        """Add the LSH entries of the stored documents from slot ``start`` on
        (or of the stored documents among ``only``)."""
        holders = (
            "SELECT d.slot, f.signature FROM docs d JOIN fingerprints f ON f.slot = d.slot "
            "WHERE d.slot >= ? AND d.content_key IS NOT NULL "
            "AND d.slot = (SELECT MIN(x.slot) FROM docs x WHERE x.content_key = d.content_key)"
        )
        if only is None:
            rows = self.con.execute(holders + " ORDER BY d.slot", (start,)).fetchall()
        else:
            rows = self.con.execute(
                holders + " AND d.slot IN (SELECT value FROM json_each(?)) ORDER BY d.slot", (start, json.dumps(only))
            ).fetchall()
        if rows:
            slots = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
            size = 4 * self.num_perm
            for slot, sig in rows:
                if not isinstance(sig, bytes) or len(sig) != size:
                    self._array(slot, sig, "signature")  # raises, naming the slot
            sigs = np.frombuffer(b"".join(row[1] for row in rows), dtype="<u4").reshape(len(rows), self.num_perm)
            cache.insert(slots, band_keys(sigs, *self.bands))

    def lsh_insert(self, slots: np.ndarray, keys: np.ndarray | SortedKeys) -> None:
        b = self._b
        raw = keys.keys if isinstance(keys, SortedKeys) else np.asarray(keys, dtype=np.uint64)
        b.band_slots.append(np.repeat(np.asarray(slots, dtype=np.int64), raw.shape[1]))
        b.band_keys.append(raw.ravel())
        if len(slots) and not b.is_new(int(slots[0])):
            b.lsh_log.extend((int(slot), 1) for slot in slots)  # an heir
        build = len(slots) >= CACHE_MIN_DOCS and self._lookup_seconds >= CACHE_SECONDS_PER_DOC * b.first
        cache = self._cached_lsh(build=build)
        if cache is not None:
            b.cache_dirty = True
            cache.insert(slots, keys)

    def _segments(self) -> list[int]:
        s = self._s
        if s.segments is None:
            low = self._one("SELECT MIN(slot) FROM docs")
            high = self.next_position() - 1
            s.segments = [] if low is None else list(range(low >> self.segment_bits, (high >> self.segment_bits) + 1))
        return s.segments

    def lsh_buckets(self, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        wanted = np.asarray(wanted, dtype=np.uint64)
        cache = self._cached_lsh(build=False)
        if cache is not None:
            return cache.buckets(wanted)
        owners: list[np.ndarray] = []
        found: list[np.ndarray] = []
        started = time.perf_counter()
        segments = self._segments()
        if segments and len(wanted):
            # Each key's bucket across the segments: its first BUCKET_LIMIT + 1
            # slots and, where there are that many, its last ones. The segments
            # are an IN list on the primary key's first column, which SQLite
            # walks in order (ascending, or descending for the tail), so
            # ORDER BY needs no sort and LIMIT stops the walk: a bucket spread
            # over every segment reads as few rows as one in a single segment,
            # however big it is (tests/storage/test_segments.py checks the answers
            # and the steps). One statement for the batch.
            limit, heads = BUCKET_LIMIT, BUCKET_HEADS
            rows = self.con.execute(
                "WITH s(segment) AS (SELECT value FROM json_each(?)), "
                "h AS MATERIALIZED (SELECT k.value AS key, (SELECT group_concat(slot) FROM (SELECT b.slot "
                "FROM bands b WHERE b.segment IN s AND b.key = k.value ORDER BY b.segment, b.slot LIMIT ?)) "
                "AS first FROM json_each(?) k) "
                "SELECT key, first, CASE WHEN length(first) - length(replace(first, ',', '')) >= ? THEN "
                "(SELECT group_concat(slot) FROM (SELECT b.slot FROM bands b WHERE b.segment IN s AND "
                "b.key = h.key ORDER BY b.segment DESC, b.slot DESC LIMIT ?)) END FROM h WHERE first IS NOT NULL",
                (json.dumps(segments), limit + 1, json.dumps(wanted.view(np.int64).tolist()), limit, limit - heads + 1),
            ).fetchall()
            keys_found: list[int] = []
            slots_found: list[int] = []
            for key, first, last in rows:
                part = first.split(",") if last is None else f"{first},{last}".split(",")
                keys_found.extend([key] * len(part))
                slots_found.extend(map(int, part))
            if keys_found:
                flat_keys = np.array(keys_found, dtype=np.int64).view(np.uint64)
                owners.append(np.searchsorted(wanted, flat_keys))
                found.append(np.array(slots_found, dtype=np.int64))
        b = self._batch
        if b is not None:
            self._lookup_seconds += time.perf_counter() - started
        if b is not None and b.band_slots:  # entries inserted in this transaction
            pending_keys = np.concatenate(b.band_keys)
            pending = np.isin(pending_keys, wanted)
            owners.append(np.searchsorted(wanted, pending_keys[pending]))
            found.append(np.concatenate(b.band_slots)[pending])
        if not owners:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty
        return bucket_answer(np.concatenate(owners), np.concatenate(found), len(wanted))

    def lsh_remove(self, slots: np.ndarray, keys: np.ndarray) -> None:
        b = self._b
        slots = np.asarray(slots, dtype=np.int64)
        rows = np.repeat(slots, keys.shape[1])
        flat = np.asarray(keys, dtype=np.uint64).ravel().view(np.int64)
        self.con.executemany(
            "DELETE FROM bands WHERE segment = ? AND key = ? AND slot = ?",
            zip((rows >> self.segment_bits).tolist(), flat.tolist(), rows.tolist()),
        )
        b.lsh_log.extend((int(slot), 0) for slot in slots)
        cache = self._cached_lsh(build=False)
        if cache is not None:
            b.cache_dirty = True
            cache.remove(slots)
        if b.band_slots:  # an heir added in this batch
            gone = np.isin(np.concatenate(b.band_slots), slots)
            if gone.any():
                b.band_keys = [np.concatenate(b.band_keys)[~gone]]
                b.band_slots = [np.concatenate(b.band_slots)[~gone]]

    def _cache_committed(self, version: tuple[int, int]) -> None:
        self._cache_version = version

    def _cache_dropped(self) -> None:
        self._cache = None

    def _flush_bands(self) -> None:
        """Write the batch's new LSH entries (not those of documents it removed)."""
        b = self._b
        if b.band_slots:
            slots = np.concatenate(b.band_slots)
            keys_flat = np.concatenate(b.band_keys).view(np.int64)
            if b.removed:
                keep = ~np.isin(slots, np.fromiter(b.removed, dtype=np.int64))
                slots, keys_flat = slots[keep], keys_flat[keep]
            segments = slots >> self.segment_bits
            order = np.lexsort((slots, keys_flat, segments))
            self.con.executemany(
                "INSERT INTO bands (segment, key, slot) VALUES (?, ?, ?)",
                zip(segments[order].tolist(), keys_flat[order].tolist(), slots[order].tolist()),
            )

    def _flush_lsh_log(self) -> None:
        """Log the batch's LSH changes for the other processes' caches (the last :data:`LSH_LOG_KEEP`)."""
        b = self._b
        if b.lsh_log:
            self.con.executemany("INSERT INTO lsh_changes (slot, added) VALUES (?, ?)", b.lsh_log)
            self.con.execute(
                "DELETE FROM lsh_changes WHERE seq <= (SELECT seq FROM sqlite_sequence WHERE name = 'lsh_changes') - ?",
                (LSH_LOG_KEEP,),
            )
