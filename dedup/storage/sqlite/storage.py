"""The SQLite storage: opening a file, and the SQL of each operation on documents.

The parts of :class:`SQLiteStorage` that are concerns of their own live
beside it: the transactions (:mod:`.transactions`), the LSH entries and their
cross-process cache (:mod:`.bands`), the clusters (:mod:`.clusters`), the
checks (:mod:`.checks`), the file's layout (:mod:`.schema`), the opening of
the file (:mod:`.files`) and the errors (:mod:`dedup.storage.errors`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence

import numpy as np

from ...config import Config
from ...documents import DocId
from ...pipeline import Fingerprints
from ...validation import is_str_or_int, number
from ...verify import verify_pairs
from ..base import NO_PARTNER, Storage, sets_of, sorted_set
from ..errors import FILE_ERRORS, ConfigurationMismatch, IndexFileError, translate
from .bands import Bands
from .checks import Checks
from .clusters import Clusters
from .files import HOW_TO_CREATE, check_path, connect
from .schema import INT64, SCHEMA_VERSION, create, probe, upgrade

__all__ = ["WAL_AUTOCHECKPOINT", "SQLiteStorage"]

#: Pages in the WAL before a checkpoint copies them into the file (SQLite's
#: default is 1,000): consecutive batches rewrite many of the same pages, and
#: a longer WAL copies each once (measured: commits 35 % cheaper than at 1,000;
#: no gain at 32,000).
WAL_AUTOCHECKPOINT = 8000


class SQLiteStorage(Bands, Clusters, Checks, Storage):
    """Documents in an SQLite file (see the module documentation).

    Parameters
    ----------
    path : str or os.PathLike
        The file.
    config : dedup.Config
        Stored in a new file (:meth:`dedup.Config.to_stored`), compared with
        an existing file's (:meth:`dedup.Config.differences`).
    read_only : bool
        Open for reading only.
    create : bool
        Make a new index if the file does not exist, or is empty (its
        directory must exist); without it a missing file is an
        :class:`dedup.IndexFileError`.
    synchronous : {"normal", "full"}
        SQLite's ``synchronous`` pragma (durability, see the module docs).
    timeout : float
        Seconds to wait for another writer.
    """

    shared = True

    def __init__(
        self,
        path: str | os.PathLike[str],
        config: Config,
        *,
        read_only: bool = False,
        create: bool = False,
        synchronous: str = "normal",
        timeout: float = 60.0,
    ) -> None:
        self._path: str = os.fspath(path)
        self.path = self._path
        if not isinstance(synchronous, str) or synchronous.lower() not in ("normal", "full"):
            raise ValueError(f"synchronous must be 'normal' or 'full', got {synchronous!r}")
        if read_only and create:
            raise ValueError("create=True needs a writable index: it cannot be combined with read_only=True")
        self.read_only = bool(read_only)
        self.create = bool(create)
        self.timeout = number("timeout", timeout, 0, "seconds")
        self.num_perm = config.num_perm
        self.exact = config.exact
        self.bands = config.bands
        self.rule = config.rule
        self.schema_version = SCHEMA_VERSION
        check_path(self._path, self.read_only, self.create)
        try:
            self._con = connect(self._path, self.read_only, self.timeout, self.create)
            self._open(config, synchronous.upper())
            if self.schema_version < SCHEMA_VERSION and not self.read_only:
                self._upgrade()
        except FILE_ERRORS as exc:
            self.close()
            raise translate(self._path, exc, self.timeout) from None
        except BaseException:
            self.close()
            raise

    # -- opening ------------------------------------------------------------
    def _open(self, config: Config, synchronous: str) -> None:
        con = self.con
        empty, meta = probe(con, self._path)
        created = empty
        if empty:
            if self.read_only:
                raise IndexFileError(self._path, "not a dedup index: the file is empty")
            if not self.create:
                raise IndexFileError(self._path, f"the file is empty, not a dedup index; {HOW_TO_CREATE}")
            con.execute("PRAGMA journal_mode = WAL")
            con.execute("BEGIN IMMEDIATE")
            try:
                empty, meta = probe(con, self._path)  # another process may have created it meanwhile
                if empty:
                    create(con, config)
                    empty, meta = probe(con, self._path)
                con.execute("COMMIT")
            except BaseException:
                if con.in_transaction:
                    con.execute("ROLLBACK")
                raise
        elif not self.read_only:
            mode = con.execute("PRAGMA journal_mode").fetchone()[0]
            if mode.lower() != "wal":
                con.execute("PRAGMA journal_mode = WAL")
        assert meta is not None
        differences = config.differences(meta["config"])
        if differences:
            raise ConfigurationMismatch(self._path, differences)
        if not created:
            self._verify_on_open()
        self.segment_bits = meta["segment_bits"]
        self.schema_version = meta["version"]
        con.execute(f"PRAGMA synchronous = {synchronous}")
        con.execute("PRAGMA cache_size = -65536")
        con.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT}")
        con.execute(f"PRAGMA journal_size_limit = {4 * 4096 * WAL_AUTOCHECKPOINT}")
        con.execute("PRAGMA temp_store = MEMORY")

    def _upgrade(self) -> None:
        """Bring a version-1 file to version 2 in one write transaction: the
        ``partners`` table, filled from the stored edges
        (:meth:`_partners_from_edges`). Its clusters stay as they are."""
        with self.write():
            version = int(self._one("PRAGMA user_version"))
            if version < SCHEMA_VERSION:  # (another process may have upgraded it meanwhile)
                partners = self._partners_from_edges(None)
                upgrade(self.con)
                self.con.executemany("INSERT INTO partners (slot, first) VALUES (?, ?)", sorted(partners.items()))
        self.schema_version = SCHEMA_VERSION

    def _partners_from_edges(self, slots: list[int] | None) -> dict[int, int]:
        """First containment partners as a version-1 file implies them: each
        document's earliest neighbour among its stored edges that the rule
        accepts by containment alone (version 1 kept every verified pair;
        partners removed before cannot be known). All documents', or those of
        ``slots``."""
        # (An identical copy's edge is no containment-only link: not verified.)
        sql = (
            "SELECT e.a, e.b FROM edges e JOIN docs x ON x.slot = e.a JOIN docs y ON y.slot = e.b "
            "WHERE x.content_key IS NOT y.content_key"
        )
        if slots is None:
            rows = self.con.execute(sql + " ORDER BY e.a, e.b").fetchall()
        else:
            wanted = json.dumps(slots)
            rows = self.con.execute(
                sql + " AND (e.a IN (SELECT value FROM json_each(?)) OR e.b IN (SELECT value FROM json_each(?)))",
                (wanted, wanted),
            ).fetchall()
        first: dict[int, int] = {}
        for start in range(0, len(rows), 10000):
            pairs = np.array(rows[start : start + 10000], dtype=np.int64).reshape(-1, 2)
            a, c = pairs[:, 0], pairs[:, 1]
            sc = verify_pairs(
                self.signatures(a),
                self.signatures(c),
                self.word_counts(a),
                self.word_counts(c),
                self.rule,
                sets_left=sets_of(self, a) if self.exact else None,
                sets_right=sets_of(self, c) if self.exact else None,
            )
            alone = sc.accept & (sc.jaccard < self.rule.threshold)
            for x, y in zip(a[alone].tolist(), c[alone].tolist()):
                first[x] = min(first.get(x, y), y)
                first[y] = min(first.get(y, x), x)
            s = self._s
            for cache in (s.sigs, s.words, s.sets, s.clusters):  # (a big file's fingerprints need not fit in memory)
                cache.clear()
        return first if slots is None else {x: first[x] for x in slots if x in first}

    # -- the chaining guard -------------------------------------------------
    def first_partners(self, slots: Sequence[int]) -> list[int]:
        if self.schema_version < 2:  # a version-1 file opened read-only
            known = self._partners_from_edges(list(slots))
        else:
            known = dict(
                self.con.execute(
                    "SELECT slot, first FROM partners WHERE slot IN (SELECT value FROM json_each(?))",
                    (json.dumps(list(slots)),),
                ).fetchall()
            )
        return [known.get(slot, NO_PARTNER) for slot in slots]

    def set_first_partners(self, partners: dict[int, int]) -> None:
        self.con.executemany("INSERT INTO partners (slot, first) VALUES (?, ?)", sorted(partners.items()))

    def redirect_partners(self, old: int, new: int) -> None:
        self.con.execute("UPDATE partners SET first = ? WHERE first = ?", (new, old))

    # -- ids ----------------------------------------------------------------
    def id_problem(self, doc_id: DocId) -> str | None:
        if isinstance(doc_id, int) and not INT64[0] <= doc_id <= INT64[1]:
            return f"document id {doc_id!r} does not fit in 64 bits (integer ids are stored as SQLite integers)"
        if isinstance(doc_id, str):
            try:
                doc_id.encode("utf-8")
            except UnicodeEncodeError:
                return f"document id {doc_id!r} is not valid Unicode (it has a lone surrogate)"
        return None

    def count(self) -> int:
        return int(self._one("SELECT COUNT(*) FROM docs"))

    def present(self, ids: Sequence[DocId]) -> set:
        usable = [i for i in ids if self.id_problem(i) is None]
        if not usable:
            return set()
        rows = self.con.execute(
            "SELECT doc_id FROM docs WHERE doc_id IN (SELECT value FROM json_each(?))", (json.dumps(usable),)
        )
        return {doc_id for (doc_id,) in rows}

    def slot_of(self, doc_id: DocId) -> int | None:
        if not is_str_or_int(doc_id):
            hash(doc_id)  # unhashable: TypeError, as in memory
            return None
        if self.id_problem(doc_id) is not None:
            return None
        return self._one("SELECT slot FROM docs WHERE doc_id = ?", (doc_id,))

    def id_of(self, slot: int) -> DocId:
        b = self._batch
        if b is not None and b.is_new(slot):
            return b.new_ids[slot - b.first]
        s = self._s
        doc_id = s.ids.get(slot)
        if doc_id is None:
            doc_id = self._one("SELECT doc_id FROM docs WHERE slot = ?", (slot,))
            if doc_id is None:
                raise IndexFileError(self._path, f"inconsistent index: slot {slot} has no document")
            s.ids[slot] = doc_id
        return doc_id

    # -- adding -------------------------------------------------------------
    def allocate(self, m: int) -> int:
        b = self._b
        if b.next_slot is None:
            b.next_slot = self.next_position()
        first = b.next_slot
        b.next_slot += m
        return first

    def record(self, first: int, ids: Sequence[DocId], fp: Fingerprints, timestamp: float) -> None:
        b = self._b
        assert b.m == 0, "one record() per write batch"
        b.first, b.m, b.new_ids, b.fp, b.time = first, len(ids), list(ids), fp, timestamp
        b.comp.add_many(range(first, first + b.m))

    def prefetch_content(self, keys: Sequence[bytes | None]) -> None:
        b = self._b
        wanted = list({key for key in keys if key is not None and key not in b.claims})
        for start in range(0, len(wanted), 4096):
            part = wanted[start : start + 4096]
            rows = self.con.execute(
                "SELECT content_key, MIN(slot) FROM docs WHERE content_key IN "
                f"({','.join('?' * len(part))}) GROUP BY content_key",
                part,
            ).fetchall()
            b.known.update(part)
            b.claims.update(rows)

    def claim_content(self, key: bytes, slot: int) -> int | None:
        b = self._b
        if key in b.claims:
            return b.claims[key]
        if key in b.known:
            holder = None
        else:
            holder = self._one("SELECT MIN(slot) FROM docs WHERE content_key = ?", (key,))
        b.claims[key] = slot if holder is None else holder
        return holder

    def holder(self, key: bytes) -> int | None:
        b = self._batch
        if b is not None and key in b.claims:
            return b.claims[key]
        return self._one("SELECT MIN(slot) FROM docs WHERE content_key = ?", (key,))

    # -- fetching -----------------------------------------------------------
    def _fetch(self, slots: np.ndarray) -> None:
        """Signatures, word counts, shingle sets and clusters of stored
        ``slots`` (candidates) into the scope, in one query."""
        s = self._s
        b = self._batch
        missing = [x for x in set(slots.tolist()) if x not in s.sigs and not (b is not None and b.is_new(x))]
        for start in range(0, len(missing), 10000):
            part = missing[start : start + 10000]
            rows = self.con.execute(
                "SELECT f.slot, f.signature, d.words, f.shingles, d.cluster, c.representative, c.size, r.words "
                "FROM fingerprints f JOIN docs d ON d.slot = f.slot LEFT JOIN clusters c ON c.id = d.cluster "
                "LEFT JOIN docs r ON r.slot = c.representative WHERE f.slot IN (SELECT value FROM json_each(?))",
                (json.dumps(part),),
            ).fetchall()
            for slot, sig, words, shingles, label, rep, size, rep_words in rows:
                s.sigs[slot] = self._array(slot, sig, "signature")
                s.words[slot] = words
                if shingles is not None:
                    s.sets[slot] = self._array(slot, shingles, "shingle set")
                if rep_words is not None:  # (a removal may have taken the representative's row)
                    s.clusters[slot] = (label, rep, size, rep_words)
            if len(rows) != len(part):
                lost = sorted(set(part) - {row[0] for row in rows})
                raise IndexFileError(self._path, f"inconsistent index: no fingerprint for slots {lost[:5]}")

    def signatures(self, slots: np.ndarray) -> np.ndarray:
        slots = np.asarray(slots, dtype=np.int64)
        self._fetch(slots)
        out = np.empty((len(slots), self.num_perm), dtype=np.uint32)
        b = self._batch
        new = np.zeros(len(slots), dtype=np.bool_)
        if b is not None and b.m:
            assert b.fp is not None
            new = (slots >= b.first) & (slots < b.first + b.m)
            out[new] = b.fp.signatures[slots[new] - b.first]
        sigs = self._s.sigs
        for i in np.flatnonzero(~new).tolist():
            out[i] = sigs[int(slots[i])]
        return out

    def word_counts(self, slots: np.ndarray) -> np.ndarray:
        slots = np.asarray(slots, dtype=np.int64)
        self._fetch(slots)
        b = self._batch
        if b is not None and b.m:
            return np.array([b.word_count(x) for x in slots.tolist()], dtype=np.int64)
        words = self._s.words
        return np.array([words[x] for x in slots.tolist()], dtype=np.int64)

    def shingle_set(self, slot: int) -> np.ndarray:
        s = self._s
        cached = s.sets.get(slot)
        if cached is not None:
            return cached
        b = self._batch
        if b is not None and b.is_new(slot):
            assert b.fp is not None
            result = sorted_set(b.fp.shingles(slot - b.first))
        else:
            blob = self._one("SELECT shingles FROM fingerprints WHERE slot = ?", (slot,))
            if blob is None:  # an identical copy: the first copy's set
                key = self._one("SELECT content_key FROM docs WHERE slot = ?", (slot,))
                holder = None if key is None else self.holder(key)
                result = np.empty(0, dtype=np.uint32) if holder is None or holder == slot else self.shingle_set(holder)
            else:
                result = self._array(slot, blob, "shingle set")
        s.sets[slot] = result
        return result

    # -- removing -----------------------------------------------------------
    def content_key(self, slot: int) -> bytes | None:
        return self._one("SELECT content_key FROM docs WHERE slot = ?", (slot,))

    def release_content(self, key: bytes, slot: int) -> tuple[bool, int | None]:
        b = self._b
        b.claims.pop(key, None)
        b.known.discard(key)
        holder = self._one("SELECT MIN(slot) FROM docs WHERE content_key = ?", (key,))
        if holder != slot:
            return False, None
        heir = self._one("SELECT MIN(slot) FROM docs WHERE content_key = ? AND slot > ?", (key, slot))
        if heir is None:
            return True, None
        if self.exact:
            self.con.execute(
                "UPDATE fingerprints SET shingles = (SELECT shingles FROM fingerprints WHERE slot = ?) WHERE slot = ?",
                (slot, heir),
            )
            b.sets.pop(heir, None)
        return True, heir

    def slots_older_than(self, cutoff: float) -> list[int]:
        return [slot for (slot,) in self.con.execute("SELECT slot FROM docs WHERE added < ? ORDER BY slot", (cutoff,))]

    def time_range(self) -> tuple[float | None, float | None]:
        row = self.con.execute("SELECT MIN(added), MAX(added) FROM docs").fetchone()
        return row[0], row[1]

    # -- writing a batch back -------------------------------------------------
    def _flush(self) -> tuple[int, int]:
        """Write the batch back; return the file's new :meth:`_version`."""
        b = self._b
        con = self.con
        self._flush_edges()
        new_cluster = self._flush_adding() if not b.loaded else self._flush_removing()

        if b.m:
            fp = b.fp
            assert fp is not None
            first = b.first
            keys = fp.content_keys
            con.executemany(
                "INSERT INTO docs (slot, doc_id, cluster, words, content_key, added) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (first + i, b.new_ids[i], new_cluster[first + i], int(fp.token_counts[i]), keys[i], b.time)
                    for i in range(b.m)
                ],
            )
            rows = []
            for i in range(b.m):
                slot = first + i
                sets = None
                if self.exact and keys[i] is not None and b.claims.get(keys[i]) == slot:
                    sets = self.shingle_set(slot).astype("<u4", copy=False).tobytes()
                rows.append((slot, fp.signatures[i].astype("<u4", copy=False).tobytes(), sets))
            con.executemany("INSERT INTO fingerprints (slot, signature, shingles) VALUES (?, ?, ?)", rows)

        self._flush_bands()
        if b.next_slot is not None:
            con.execute("UPDATE meta SET value = ? WHERE key = 'next_slot'", (str(b.next_slot),))
        self._flush_lsh_log()
        return self._version()

    # -- the file -----------------------------------------------------------
    def nbytes(self) -> int:
        total = 0
        for suffix in ("", "-wal"):
            try:
                total += os.path.getsize(self._path + suffix)
            except OSError:
                pass
        return total

    def vacuum(self) -> None:
        self.check_writable()
        try:
            self.con.execute("VACUUM")
            self.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except FILE_ERRORS as exc:
            raise translate(self._path, exc, self.timeout) from None
