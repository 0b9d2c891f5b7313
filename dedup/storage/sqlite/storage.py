"""A persistent index: :class:`SQLiteStorage`, one SQLite file.

``Deduplicator(path="news.db", create=True)`` (or :func:`dedup.open_index`) keeps every
document's id, signature, LSH band keys, shingle set, cluster and insertion
time in one SQLite file, so the index survives restarts, crashes and deploys,
and several processes can add to it at once. The decisions are the in-memory
index's (:mod:`dedup.index`); this module only stores and fetches.

Tables
------
``meta(key, value)``
    ``config`` (JSON: the parameters that decide signatures, candidates and
    matches, and the normalisation version), ``next_slot``,
    ``segment_bits``, ``created``, ``dedup_version``. The file is marked with
    ``PRAGMA application_id`` (``"ddup"``) and ``user_version``
    (:data:`SCHEMA_VERSION`).
``docs(slot, doc_id, cluster, words, content_key, added)``
    One row per document. ``slot`` increases in insertion order and is never
    reused; ``doc_id`` keeps its type (``1`` and ``"1"`` are different ids);
    ``words`` is the token count of the fingerprinted text (the
    representative rule); ``content_key`` the 128-bit key of identical
    copies; ``added`` the insertion time in UTC seconds since the epoch.
    Indexed by ``doc_id``, ``(cluster, words)``, ``content_key`` and ``added``.
``fingerprints(slot, signature, shingles)``
    The MinHash signature (``num_perm`` little-endian uint32) and, with
    ``exact=True``, the sorted distinct shingle hashes (uint32) of the first
    copy of each content (later identical copies share it: NULL).
``bands(segment, key, slot)``
    LSH band keys (signed int64) of the documents in the LSH index (first
    copies with at least one word), primary key ``(segment, key, slot)``,
    where ``segment = slot >> segment_bits``. New documents all land in the
    newest segment, so a batch's inserts touch a small part of the B-tree
    instead of pages all over it (whose rewriting made adds slow down as the
    file grew); a query looks its keys up in every segment.
``edges(a, b)``
    Verified pairs, so a removal can split a cluster: written once, later
    slot first (``a > b``), so a new document's edges are appended to the
    end of the table however big the cluster it joins; files written
    before also hold each pair the other way round, which reads the same.
``clusters(id, representative, size)``
    One row per cluster; ``docs.cluster`` refers to it.
``lsh_changes(seq, slot, added)``
    LSH entries removed, or added for an identical copy that took a removed
    document's place (the last :data:`LSH_LOG_KEEP`): what a process's
    in-memory copy of the LSH entries must replay (see
    :meth:`SQLiteStorage._cached_lsh`).

Transactions
------------
The file is in WAL mode. Each batch of :meth:`Deduplicator.add_many` and each
removal is one ``BEGIN IMMEDIATE`` transaction: writers queue for the write
lock (``busy_timeout``), and a batch reads candidates, clusters and content
keys from the file inside its transaction, so it sees everything committed
before it. Readers see a snapshot and never block writers. Within a
transaction the touched clusters are loaded into a
:class:`dedup.components.Components` (so the union, representative and split
logic is the in-memory index's) and written back before ``COMMIT``.

One thing outlives a transaction: a process adding large batches loads the
file's LSH entries into an in-memory :class:`dedup.lsh.LSHIndex` (looking a
batch's 65,000 band keys up in every segment costs more than the rest of the
batch; it does so once those lookups have cost as much as loading, see
:data:`CACHE_SECONDS_PER_DOC`). Every transaction
that uses it first compares it with the file (``next_slot`` and the
``lsh_changes`` log) and replays what other processes changed, so it never
answers from a stale state.

``synchronous=NORMAL`` (the default): a committed batch survives a crash of
the process (it is in the WAL); a power loss or OS crash may lose the last
transactions but never corrupts the file. ``synchronous="full"`` syncs the
WAL at every commit and survives power loss too.

Read-only opening
-----------------
``read_only=True`` opens the file with SQLite's ``mode=ro`` URI: the file is
never written, and the reader sees what writers commit meanwhile, through the
``-wal`` and ``-shm`` files SQLite keeps beside a WAL-mode file (it creates
them when the folder may be written). When the folder cannot be written (its
permissions, a read-only mount, or no write bit at all: root is held to the
mode bits too) and those files are not there, the URI also says
``immutable=1``: SQLite reads the file as it is on disk, with no ``-shm``, no
``-wal`` and no locks. The trade-off: no other process may change the file
while it is open so; a writer's changes would go unseen, or be read half-done
and reported as a damaged file. When ``-wal`` and ``-shm`` are there (a
writer is running, or stopped without closing), ``mode=ro`` reads them even
without write permission; a ``-wal`` holding transactions but no ``-shm``, in
a folder that cannot be written, cannot be read at all: an
:class:`IndexFileError` says to open the index read-write once, or to copy it.
A read-write open of a file, or in a folder, that cannot be written is a
:class:`ReadOnlyIndexError` advising ``read_only=True``.

Files from elsewhere
--------------------
SQLite runs what a file's schema says: a trigger stored in a file would run
on every ``add``. A file whose tables, indexes, views and triggers are not
exactly those :data:`_SCHEMA` creates (SQLite's ``sqlite_stat`` planner
tables excepted) is refused when opened, and connections run with
``trusted_schema=OFF`` and ``cell_size_check=ON``. Damage is an
:class:`IndexFileError` naming the file wherever it is met: the stored
configuration and meta values are checked on open, a file of up to
:data:`QUICK_CHECK_MAX_BYTES` is read through with ``PRAGMA quick_check``
(and its signatures' and shingle sets' lengths checked), and
:meth:`SQLiteStorage.check` checks everything, whatever the size.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any, Optional, Union
from urllib.request import pathname2url

import numpy as np

from . import candidates
from .candidates import SortedKeys, bucket_answer
from .components import Components
from .documents import DocId
from .lsh import LSHIndex, band_keys
from .pipeline import Fingerprints
from .storage import Storage, sorted_set

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "ConfigurationMismatch",
    "IndexFileError",
    "ReadOnlyIndexError",
    "SQLiteStorage",
    "read_config",
]

#: ``PRAGMA application_id`` of a dedup index: the bytes ``ddup``.
APPLICATION_ID = 0x64647570
#: ``PRAGMA user_version``: the layout of the tables.
SCHEMA_VERSION = 1
#: ``slot >> SEGMENT_BITS`` is the LSH segment of a new file's documents.
SEGMENT_BITS = 15
#: A write batch with at least this many documents for the LSH index may load
#: the file's LSH entries into memory (see :meth:`SQLiteStorage._cached_lsh`) ...
CACHE_MIN_DOCS = 256
#: ... once looking band keys up in SQLite has cost as long as loading them
#: would (estimated per stored document; measured ~13 microseconds): a few
#: batches added to a large file never pay for loading it, a long run does.
CACHE_SECONDS_PER_DOC = 15e-6
#: Pages in the WAL before a checkpoint copies them into the file (SQLite's
#: default is 1,000): consecutive batches rewrite many of the same pages, and
#: a longer WAL copies each once (measured: commits 35 % cheaper than at 1,000;
#: no gain at 32,000).
WAL_AUTOCHECKPOINT = 8000
#: Files (with their ``-wal``) up to this size are checked when opened:
#: ``PRAGMA quick_check`` and the lengths of the stored signatures and
#: shingle sets. Measured (SQLite 3.40.1, this project's 2-core VM): a 67 MB
#: file 0.2 s with its pages cached, 2.3-2.5 s read from disk (~30 MB/s); a
#: 482 MB file 0.9 s cached, 15 s from disk. Larger files: see ``check()``.
QUICK_CHECK_MAX_BYTES = 32 * 2**20
#: Rows of ``lsh_changes`` kept; a process whose copy is older rebuilds it.
LSH_LOG_KEEP = 1_000_000
#: Parameters that must agree between a file and the index opening it.
#: ``lsh_threshold`` is stored for information; the bands it gave are compared.
COMPARED = ("num_perm", "ngram", "seed", "strip", "normalization", "threshold", "containment", "min_words", "bands", "exact")

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE docs (
    slot INTEGER PRIMARY KEY,
    doc_id UNIQUE NOT NULL,
    cluster INTEGER NOT NULL,
    words INTEGER NOT NULL,
    content_key BLOB,
    added REAL NOT NULL
);
CREATE INDEX docs_cluster ON docs (cluster, words);
CREATE INDEX docs_content ON docs (content_key);
CREATE INDEX docs_added ON docs (added);
CREATE TABLE fingerprints (slot INTEGER PRIMARY KEY, signature BLOB NOT NULL, shingles BLOB);
CREATE TABLE bands (
    segment INTEGER NOT NULL, key INTEGER NOT NULL, slot INTEGER NOT NULL, PRIMARY KEY (segment, key, slot)
) WITHOUT ROWID;
CREATE TABLE edges (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE TABLE clusters (id INTEGER PRIMARY KEY, representative INTEGER NOT NULL, size INTEGER NOT NULL);
CREATE TABLE lsh_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, slot INTEGER NOT NULL, added INTEGER NOT NULL);
"""

_INT64 = (-(2**63), 2**63 - 1)


class IndexFileError(Exception):
    """An index file that cannot be used, with the file and the reason."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self._path = path
        self.problem = problem


class ConfigurationMismatch(IndexFileError, ValueError):
    """The file was made with other parameters than the index asks for."""

    def __init__(self, path: str, differences: dict[str, tuple[Any, Any]]) -> None:
        shown = "; ".join(f"{name}: stored {_show(s)}, requested {_show(r)}" for name, (s, r) in differences.items())
        super().__init__(
            path,
            f"the index was made with a different configuration ({shown}); its signatures and matches "
            "would not be comparable. Open it with dedup.open_index(path) (or, on the command line, "
            "leave the option out) to use the stored configuration, or use another file.",
        )
        self.differences = differences


class ReadOnlyIndexError(IndexFileError, PermissionError):
    """A write to an index opened read-only, or to a file that cannot be written."""


def _show(value: Any) -> str:
    return repr(tuple(value)) if isinstance(value, list) else repr(value)


#: Errors that reading a file may raise: SQLite's, and the decoding of a
#: stored text that is not UTF-8 (a damaged file).
_FILE_ERRORS = (sqlite3.Error, UnicodeDecodeError)


def _translate(path: str, exc: Exception, timeout: float) -> IndexFileError:
    """A clear error naming the file for an sqlite3 exception (or a stored
    text that cannot be decoded)."""
    msg = str(exc)
    low = msg.lower()
    if isinstance(exc, UnicodeDecodeError) or "decode to utf-8" in low:
        return IndexFileError(path, f"damaged index: a stored text is not valid UTF-8 ({msg})")
    if "locked" in low or "busy" in low:
        return IndexFileError(path, f"another process held the index's write lock for more than {timeout:g} s ({msg})")
    if "readonly" in low or "read-only" in low:
        return ReadOnlyIndexError(path, f"cannot write: the file or its directory is read-only ({msg})")
    if "disk is full" in low or "disk full" in low:
        return IndexFileError(path, f"cannot write: the disk is full ({msg})")
    if "unable to open" in low:
        return IndexFileError(path, f"cannot open the file ({msg})")
    if "malformed" in low:
        return IndexFileError(path, f"damaged index: the file is corrupt ({msg})")
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
        return IndexFileError(path, f"not a dedup index: the file is corrupt or not an SQLite database ({msg})")
    if "malformed" in low or "not a database" in low:
        return IndexFileError(path, f"not a dedup index: the file is corrupt or not an SQLite database ({msg})")
    return IndexFileError(path, f"SQLite error: {msg}")


def _connect(path: str, read_only: bool, timeout: float, create: bool = False) -> sqlite3.Connection:
    if read_only:
        params = "mode=ro&immutable=1" if _immutable(path) else "mode=ro"
    else:
        params = "mode=rwc" if create else "mode=rw"
    uri = f"file:{pathname2url(os.path.abspath(path))}?{params}"
    con = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, cached_statements=256)
    con.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    # A file may come from elsewhere: no function with side effects runs from
    # its schema, and damaged b-tree cells are detected as pages are read.
    con.execute("PRAGMA trusted_schema = OFF")
    con.execute("PRAGMA cell_size_check = ON")
    return con


def _may_write(path: str) -> bool:
    """Whether this process may, and is meant to, write ``path`` (a file or
    folder): access(2) allows it (not a read-only mount, permissions) and
    someone has a write bit (root may write anywhere, but a file or folder
    nobody may write is meant to stay as it is)."""
    try:
        return os.access(path, os.W_OK) and bool(os.stat(path).st_mode & 0o222)
    except OSError:
        return False


def _immutable(path: str) -> bool:
    """Whether a read-only open of the existing ``path`` needs SQLite's
    ``immutable=1`` (see "Read-only opening" in the module documentation).

    A WAL-mode file is read through its ``-shm`` index (and ``-wal`` log),
    which SQLite creates beside the file. When both are there (a writer is
    running, or stopped without closing) SQLite reads them even if it may not
    write them; when they are not and the folder cannot be written, only
    ``immutable=1`` opens the file, which is then read as it is on disk. A
    log with transactions but no ``-shm`` in such a folder cannot be read.
    """
    wal, shm = path + "-wal", path + "-shm"
    if os.path.exists(wal) and os.path.exists(shm):
        return False
    if _may_write(os.path.dirname(os.path.abspath(path))):
        return False
    if os.path.exists(wal) and os.path.getsize(wal) > 0:
        raise IndexFileError(
            path,
            f"cannot open read-only: its write-ahead log {wal} holds transactions not yet in the file, and "
            "the folder cannot be written to make the -shm index SQLite needs to read it; open the index "
            "once read-write where it can be written (that moves the log into the file), or copy the file "
            "and its -wal to a writable folder",
        )
    return True


#: How to make a new index, for the errors about a missing or empty file.
_HOW_TO_CREATE = "to make a new index, pass create=True (on the command line: dedup index add --create)"


def _check_path(path: str, read_only: bool, create: bool = False) -> None:
    """Problems visible before SQLite opens the file.

    A missing file is an error unless ``create``: a mistyped path must not
    silently become a new, empty index that finds nothing.
    """
    if os.path.isdir(path):
        raise IndexFileError(path, "is a directory, not an index file")
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.exists(path):
        if not os.path.isdir(parent):
            if create:
                raise IndexFileError(path, f"cannot create the index: directory {parent} does not exist")
            raise IndexFileError(path, f"no such index file (directory {parent} does not exist)")
        if read_only:
            raise IndexFileError(path, "no such index file (a read-only open needs an existing index)")
        if not create:
            raise IndexFileError(path, f"no such index file; {_HOW_TO_CREATE}")
        if not _may_write(parent):
            raise ReadOnlyIndexError(path, f"cannot create the index: directory {parent} is not writable")
    elif not os.access(path, os.R_OK):
        raise IndexFileError(path, "cannot read the file (permission denied)")
    elif not read_only and not _may_write(path):
        raise ReadOnlyIndexError(path, "the file is read-only; open it with read_only=True to query it")
    elif not read_only and not _may_write(parent):
        raise ReadOnlyIndexError(
            path,
            f"directory {parent} is read-only, and a writer keeps its write-ahead log (-wal, -shm) "
            "beside the file; open it with read_only=True to query it",
        )


#: SQLite's own tables that ``ANALYZE`` (or ``PRAGMA optimize``) may add to a
#: file: they only guide the query planner, and are allowed in an index file.
_PLANNER_TABLES = ("sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4")
_SCHEMA_OBJECTS: Optional[dict[tuple[str, str], Optional[str]]] = None


def _schema_objects() -> dict[tuple[str, str], Optional[str]]:
    """``{(type, name): sql}`` of everything :data:`_SCHEMA` creates (made
    once in memory, so it is exactly what SQLite stores for a new file)."""
    global _SCHEMA_OBJECTS
    if _SCHEMA_OBJECTS is None:
        con = sqlite3.connect(":memory:")
        con.executescript(_SCHEMA)
        _SCHEMA_OBJECTS = {(t, n): sql for t, n, sql in con.execute("SELECT type, name, sql FROM sqlite_master")}
        con.close()
    return _SCHEMA_OBJECTS


def _check_schema(con: sqlite3.Connection, path: str) -> None:
    """Refuse a file whose schema is not exactly the one dedup creates.

    SQLite runs what a file's schema says: a trigger stored in a file from
    elsewhere would run on every ``add``, a view or an index could change what
    queries see. So every table, index, view and trigger must be one dedup
    creates, with the definition it creates (SQLite's planner statistics
    tables excepted).
    """
    expected = _schema_objects()
    found = {
        (t, n): sql
        for t, n, sql in con.execute("SELECT type, name, sql FROM sqlite_master")
        if not (t == "table" and n in _PLANNER_TABLES)
    }
    extra = sorted(f"{t} {n!r}" for t, n in found.keys() - expected.keys())
    if extra:
        raise IndexFileError(
            path,
            f"refused: the file holds schema objects dedup does not create ({', '.join(extra[:5])}); "
            "SQLite would run them on this index's data. Use a file made by dedup",
        )
    missing = sorted(f"{t} {n!r}" for t, n in expected.keys() - found.keys())
    if missing:
        raise IndexFileError(path, f"not a dedup index: {', '.join(missing[:5])} missing from its schema")
    changed = sorted(f"{t} {n!r}" for (t, n), sql in found.items() if sql != expected[t, n])
    if changed:
        raise IndexFileError(
            path, f"refused: {', '.join(changed[:5])} defined otherwise than dedup defines it (a modified file)"
        )


def _meta_int(path: str, meta: dict, key: str, low: int, high: int) -> int:
    """An integer of the ``meta`` table, within ``[low, high]``."""
    try:
        value = int(meta[key])
    except (KeyError, TypeError, ValueError):
        raise IndexFileError(path, f"damaged index: meta {key!r} is {meta.get(key)!r}, not an integer") from None
    if not low <= value <= high:
        raise IndexFileError(path, f"damaged index: meta {key!r} is {value}, outside [{low}, {high}]")
    return value


def _parse_config(path: str, text: Any) -> dict:
    """The stored configuration (JSON), checked for the parameters it must name."""
    try:
        config = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise IndexFileError(path, f"damaged index: its stored configuration is not valid JSON ({exc})") from None
    if not isinstance(config, dict):
        raise IndexFileError(path, f"damaged index: its stored configuration is {type(config).__name__}, not an object")
    missing = [name for name in COMPARED if name not in config]
    if missing:
        raise IndexFileError(path, f"damaged index: its stored configuration lacks {', '.join(missing)}")
    bands = config["bands"]
    if not (isinstance(bands, list) and len(bands) == 2 and all(type(b) is int and b > 0 for b in bands)):
        raise IndexFileError(path, f"damaged index: its stored bands are {bands!r}, not two positive integers")
    for name in ("num_perm", "ngram", "min_words"):
        if type(config[name]) is not int or config[name] < 0:
            raise IndexFileError(path, f"damaged index: its stored {name} is {config[name]!r}, not an integer >= 0")
    return config


def _probe(con: sqlite3.Connection, path: str) -> tuple[bool, Optional[dict]]:
    """``(empty, meta)`` of a connected file, or an error if it is not ours.

    ``meta`` holds the file's meta table, with ``config`` parsed and
    ``next_slot`` and ``segment_bits`` as integers.
    """
    app_id = con.execute("PRAGMA application_id").fetchone()[0]
    version = con.execute("PRAGMA user_version").fetchone()[0]
    tables = [name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    if app_id == 0 and version == 0 and not tables:
        return True, None
    if app_id != APPLICATION_ID:
        what = f"tables {', '.join(sorted(tables)[:5])}" if tables else "no tables"
        raise IndexFileError(
            path, f"not a dedup index: an SQLite database with application_id {app_id:#x} and {what}"
        )
    if version > SCHEMA_VERSION:
        raise IndexFileError(
            path, f"made by a newer dedup (schema version {version}); this version reads schema {SCHEMA_VERSION}"
        )
    if version < SCHEMA_VERSION:
        raise IndexFileError(path, f"schema version {version} is not supported (expected {SCHEMA_VERSION})")
    _check_schema(con, path)
    meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    if "config" not in meta or "next_slot" not in meta:
        raise IndexFileError(path, "not a dedup index: its meta table has no configuration")
    meta["config"] = _parse_config(path, meta["config"])
    meta["next_slot"] = _meta_int(path, meta, "next_slot", 0, _INT64[1])
    meta["segment_bits"] = _meta_int(path, meta, "segment_bits", 0, 62)
    return False, meta


def read_config(path: Union[str, "os.PathLike[str]"], timeout: float = 60.0) -> Optional[dict]:
    """The configuration stored in an index file; None for a missing or empty file.

    Raises :class:`IndexFileError` for a file that is not a dedup index.
    """
    path = os.fspath(path)
    if not os.path.exists(path) or (os.path.isfile(path) and os.path.getsize(path) == 0):
        return None
    _check_path(path, read_only=True)
    try:
        con = _connect(path, True, timeout)
        try:
            empty, meta = _probe(con, path)
        finally:
            con.close()
    except _FILE_ERRORS as exc:
        raise _translate(path, exc, timeout) from None
    return None if empty or meta is None else meta["config"]


class _Scope:
    """Values fetched during one transaction (dropped at its end)."""

    def __init__(self) -> None:
        self.sigs: dict[int, np.ndarray] = {}
        self.words: dict[int, int] = {}
        self.sets: dict[int, np.ndarray] = {}
        self.ids: dict[int, DocId] = {}
        self.clusters: dict[int, tuple[int, int, int, int]] = {}  # slot -> cluster, representative, size, its words
        self.segments: Optional[list[int]] = None
        self.cache: Optional[LSHIndex] = None
        self.cache_checked = False


class _Batch(_Scope):
    """A write transaction: new documents, pending rows and the clusters it touches."""

    def __init__(self) -> None:
        super().__init__()
        self.first = -1
        self.m = 0
        self.next_slot: Optional[int] = None
        self.new_ids: list[DocId] = []
        self.fp: Optional[Fingerprints] = None
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


class SQLiteStorage(Storage):
    """Documents in an SQLite file (see the module documentation).

    Parameters
    ----------
    path : str or os.PathLike
        The file.
    config : dict
        :attr:`dedup.Deduplicator.config`; stored in a new file, compared with
        an existing file's.
    read_only : bool
        Open for reading only.
    create : bool
        Make a new index if the file does not exist, or is empty (its
        directory must exist); without it a missing file is an
        :class:`IndexFileError`.
    synchronous : {"normal", "full"}
        SQLite's ``synchronous`` pragma (durability, see the module docs).
    timeout : float
        Seconds to wait for another writer.
    """

    shared = True

    def __init__(
        self,
        path: Union[str, "os.PathLike[str]"],
        config: dict,
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
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout < 0:
            raise ValueError(f"timeout must be a number of seconds >= 0, got {timeout!r}")
        if read_only and create:
            raise ValueError("create=True needs a writable index: it cannot be combined with read_only=True")
        self.read_only = bool(read_only)
        self.create = bool(create)
        self.timeout = float(timeout)
        self.num_perm = int(config["num_perm"])
        self.exact = bool(config["exact"])
        self.bands = (int(config["bands"][0]), int(config["bands"][1]))
        # The file's LSH entries in memory, and the (next_slot, last lsh_changes seq) of the
        # file they reflect; checked inside every transaction that uses them.
        self._cache: Optional[LSHIndex] = None
        self._cache_version: tuple[int, int] = (-1, -1)
        self._lookup_seconds = 0.0  # spent looking band keys up in SQLite in write batches
        self._scope: Optional[_Scope] = None
        self._batch: Optional[_Batch] = None
        self._con: Optional[sqlite3.Connection] = None
        _check_path(self._path, self.read_only, self.create)
        try:
            self._con = _connect(self._path, self.read_only, self.timeout, self.create)
            self._open(config, synchronous.upper())
        except _FILE_ERRORS as exc:
            self.close()
            raise _translate(self._path, exc, self.timeout) from None
        except BaseException:
            self.close()
            raise

    # -- opening ------------------------------------------------------------
    def _open(self, config: dict, synchronous: str) -> None:
        con = self.con
        empty, meta = _probe(con, self._path)
        created = empty
        if empty:
            if self.read_only:
                raise IndexFileError(self._path, "not a dedup index: the file is empty")
            if not self.create:
                raise IndexFileError(self._path, f"the file is empty, not a dedup index; {_HOW_TO_CREATE}")
            con.execute("PRAGMA journal_mode = WAL")
            con.execute("BEGIN IMMEDIATE")
            try:
                empty, meta = _probe(con, self._path)  # another process may have created it meanwhile
                if empty:
                    from . import __version__

                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            con.execute(statement)
                    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                    rows = {
                        "config": json.dumps(config, sort_keys=True),
                        "next_slot": "0",
                        "segment_bits": str(SEGMENT_BITS),
                        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                        "dedup_version": __version__,
                    }
                    con.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", rows.items())
                    empty, meta = _probe(con, self._path)
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
        stored = meta["config"]
        differences = {
            name: (stored.get(name), config.get(name)) for name in COMPARED if stored.get(name) != config.get(name)
        }
        if differences:
            raise ConfigurationMismatch(self._path, differences)
        if not created:
            self._verify_on_open()
        self.segment_bits = meta["segment_bits"]
        con.execute(f"PRAGMA synchronous = {synchronous}")
        con.execute("PRAGMA cache_size = -65536")
        con.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT}")
        con.execute(f"PRAGMA journal_size_limit = {4 * 4096 * WAL_AUTOCHECKPOINT}")
        con.execute("PRAGMA temp_store = MEMORY")

    @property
    def con(self) -> sqlite3.Connection:
        if self._con is None:
            raise IndexFileError(self._path, "the index is closed")
        return self._con

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    # -- transactions -------------------------------------------------------
    def check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyIndexError(self._path, "the index was opened read-only")
        self.con  # closed: IndexFileError

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
            self._batch = self._scope = _Batch()
            try:
                yield
                cache = self._cached_lsh(build=False)
                version = self._flush()
                con.execute("COMMIT")
                if cache is not None:
                    self._cache_version = version
            except BaseException:
                if self._batch.cache_dirty:
                    self._cache = None  # it holds this batch's entries
                if con.in_transaction:
                    con.execute("ROLLBACK")
                raise
        except _FILE_ERRORS as exc:
            raise _translate(self._path, exc, self.timeout) from None
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
            self._scope = _Scope()
            try:
                yield
            finally:
                if con.in_transaction:
                    con.execute("COMMIT")
        except _FILE_ERRORS as exc:
            raise _translate(self._path, exc, self.timeout) from None
        finally:
            self._scope = None

    def _one(self, sql: str, params: Sequence = ()) -> Any:
        row = self.con.execute(sql, params).fetchone()
        return None if row is None else row[0]

    @property
    def _s(self) -> _Scope:
        assert self._scope is not None, "SQLiteStorage used outside read() or write()"
        return self._scope

    @property
    def _b(self) -> _Batch:
        assert self._batch is not None, "SQLiteStorage written outside write()"
        return self._batch

    # -- ids ----------------------------------------------------------------
    def id_problem(self, doc_id: DocId) -> Optional[str]:
        if isinstance(doc_id, int) and not _INT64[0] <= doc_id <= _INT64[1]:
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

    def slot_of(self, doc_id: DocId) -> Optional[int]:
        if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)):
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

    def next_position(self) -> int:
        return int(self._one("SELECT value FROM meta WHERE key = 'next_slot'"))

    def _version(self) -> tuple[int, int]:
        """``(next_slot, last lsh_changes seq)``: what a copy of the LSH entries reflects."""
        seq = self._one("SELECT seq FROM sqlite_sequence WHERE name = 'lsh_changes'")
        return self.next_position(), int(seq or 0)

    def _cached_lsh(self, build: bool) -> Optional[LSHIndex]:
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
                        self._cache_holders(cache, 0, heirs)
                    if next_slot < version[0]:
                        self._cache_holders(cache, next_slot)
                    gone = [slot for slot, added in changes if not added]
                    if gone:
                        cache.remove(np.array(gone, dtype=np.int64))
            if cache is not None:
                self._cache_version = version
                s.cache = cache
                return cache
        if build:
            cache = LSHIndex()
            self._cache_holders(cache, 0)
            self._cache, self._cache_version = cache, version
            s.cache = cache
        return s.cache

    def _cache_holders(self, cache: LSHIndex, start: int, only: Optional[list[int]] = None) -> None:
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

    def prefetch_content(self, keys: Sequence[Optional[bytes]]) -> None:
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

    def claim_content(self, key: bytes, slot: int) -> Optional[int]:
        b = self._b
        if key in b.claims:
            return b.claims[key]
        if key in b.known:
            holder = None
        else:
            holder = self._one("SELECT MIN(slot) FROM docs WHERE content_key = ?", (key,))
        b.claims[key] = slot if holder is None else holder
        return holder

    def holder(self, key: bytes) -> Optional[int]:
        b = self._batch
        if b is not None and key in b.claims:
            return b.claims[key]
        return self._one("SELECT MIN(slot) FROM docs WHERE content_key = ?", (key,))

    def lsh_insert(self, slots: np.ndarray, keys: Union[np.ndarray, SortedKeys]) -> None:
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
            # Each segment's bucket of each key: up to BUCKET_LIMIT + 1 of its first
            # slots and, where there are that many, its last ones (index range
            # scans, however big the bucket; one statement for the batch).
            limit, heads = candidates.BUCKET_LIMIT, candidates.BUCKET_HEADS
            rows = self.con.execute(
                "WITH h AS MATERIALIZED (SELECT k.key AS key, s.value AS segment, (SELECT group_concat(slot) "
                "FROM (SELECT b.slot FROM bands b WHERE b.segment = s.value AND b.key = k.key ORDER BY b.slot "
                "LIMIT ?)) AS first FROM json_each(?) s, (SELECT value AS key FROM json_each(?)) k) "
                "SELECT key, first, CASE WHEN length(first) - length(replace(first, ',', '')) >= ? THEN "
                "(SELECT group_concat(slot) FROM (SELECT b.slot FROM bands b WHERE b.segment = h.segment "
                "AND b.key = h.key ORDER BY b.slot DESC LIMIT ?)) END FROM h WHERE first IS NOT NULL",
                (limit + 1, json.dumps(segments), json.dumps(wanted.view(np.int64).tolist()), limit, limit - heads + 1),
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

    def _load(self, slot: int) -> None:
        """Bring ``slot``'s cluster (members, word counts, edges) into a
        removing batch (a removal may split it)."""
        b = self._b
        if b.is_new(slot) or slot in b.label_of:
            return
        assert not b.proxy_of, "a batch either adds or removes"
        label = self._one("SELECT cluster FROM docs WHERE slot = ?", (slot,))
        if label is None:
            raise IndexFileError(self._path, f"inconsistent index: slot {slot} has no document")
        members = self.con.execute("SELECT slot, words, doc_id FROM docs WHERE cluster = ?", (label,)).fetchall()
        for member, words, doc_id in members:
            b.words[member] = words
            b.ids[member] = doc_id
            b.label_of[member] = label
            b.comp.add(member)
        for a, c in self.con.execute(
            "SELECT e.a, e.b FROM docs d JOIN edges e ON e.a = d.slot WHERE d.cluster = ?", (label,)
        ):
            b.comp.union(a, c)
        b.loaded.add(label)

    def _proxy(self, slot: int) -> int:
        """The slot standing for ``slot``'s cluster in an adding batch: itself
        for a new document, else its stored cluster's representative, which
        the batch's union-find joins as one member (with its word count) so
        that joining a cluster of any size reads one row of it."""
        b = self._b
        if b.is_new(slot):
            return slot
        assert not b.loaded, "a batch either adds or removes"
        label = b.label_of.get(slot)
        if label is None:
            if slot not in b.clusters:
                self._fetch(np.array([slot], dtype=np.int64))
            if slot not in b.clusters:
                raise IndexFileError(self._path, f"inconsistent index: slot {slot} has no cluster")
            label, rep, size, words = b.clusters[slot]
            b.label_of[slot] = label
            if label not in b.proxy_of:
                b.proxy_of[label] = rep
                b.size_of[label] = size
                b.words[rep] = words
                b.label_of[rep] = label
                b.comp.add(rep)
        return b.proxy_of[label]

    def union(self, a: int, c: int) -> None:
        b = self._b
        b.comp.union(self._proxy(a), self._proxy(c))
        b.edges.append((max(a, c), min(a, c)))

    def representative(self, slot: int) -> int:
        b = self._batch
        if b is not None and b.is_new(slot):
            return b.comp.representative(slot)
        if b is not None and slot in b.label_of:
            label = b.label_of[slot]
            return b.comp.representative(b.proxy_of[label] if label in b.proxy_of else slot)
        if b is None and slot in self._s.clusters:  # a read: fetched with the candidate
            return self._s.clusters[slot][1]
        rep = self._one(
            "SELECT c.representative FROM docs d JOIN clusters c ON c.id = d.cluster WHERE d.slot = ?", (slot,)
        )
        if rep is None:
            raise IndexFileError(self._path, f"inconsistent index: slot {slot} has no cluster")
        return int(rep)

    # -- removing -----------------------------------------------------------
    def content_key(self, slot: int) -> Optional[bytes]:
        return self._one("SELECT content_key FROM docs WHERE slot = ?", (slot,))

    def release_content(self, key: bytes, slot: int) -> tuple[bool, Optional[int]]:
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

    def _flush_edges(self) -> None:
        b = self._b
        if b.edges:
            self.con.executemany("INSERT OR IGNORE INTO edges (a, b) VALUES (?, ?)", b.edges)
            b.edges = []

    def move_edges(self, old: int, new: int) -> None:
        b = self._b
        self._flush_edges()
        self._load(old)
        self._load(new)
        others = [o for o in b.comp.neighbours(old) if o != new]
        b.comp.move_edges(old, new)
        con = self.con
        con.executemany("DELETE FROM edges WHERE a = ? AND b = ?", [(o, old) for o in others] + [(old, o) for o in others])
        con.executemany(
            "INSERT OR IGNORE INTO edges (a, b) VALUES (?, ?)",
            [(max(o, new), min(o, new)) for o in others] + [(max(old, new), min(old, new))],
        )

    def discard(self, slot: int) -> None:
        b = self._b
        self._flush_edges()
        self._load(slot)
        others = list(b.comp.neighbours(slot))
        b.comp.remove(slot)
        con = self.con
        con.executemany("DELETE FROM edges WHERE a = ? AND b = ?", [(o, slot) for o in others] + [(slot, o) for o in others])
        con.execute("DELETE FROM docs WHERE slot = ?", (slot,))
        con.execute("DELETE FROM fingerprints WHERE slot = ?", (slot,))
        b.removed.add(slot)
        b.segments = None
        for cache in (b.sigs, b.words, b.sets, b.ids):
            cache.pop(slot, None)

    def slots_older_than(self, cutoff: float) -> list[int]:
        return [slot for (slot,) in self.con.execute("SELECT slot FROM docs WHERE added < ? ORDER BY slot", (cutoff,))]

    def time_range(self) -> tuple[Optional[float], Optional[float]]:
        row = self.con.execute("SELECT MIN(added), MAX(added) FROM docs").fetchone()
        return row[0], row[1]

    def _flush_adding(self) -> dict[int, int]:
        """Cluster rows of an adding batch; return the new documents' cluster
        ids. A component keeps the id of its largest stored cluster (ties: the
        smallest id), whose rows stay as they are; the other stored clusters
        it joined are relabelled (each merge moves the smaller clusters), and
        a component of new documents only gets a new id."""
        b = self._b
        con = self.con
        next_label = int(self._one("SELECT COALESCE(MAX(id), 0) + 1 FROM clusters"))
        new_cluster: dict[int, int] = {}
        merged: list[tuple[int, int]] = []
        inserts: list[tuple[int, int, int]] = []
        updates: list[tuple[int, int, int]] = []
        for comp in b.comp.clusters():
            fresh = [s for s in comp if b.is_new(s)]
            labels = [b.label_of[s] for s in comp if not b.is_new(s)]
            if labels:
                label = max(labels, key=lambda x: (b.size_of[x], -x))
                merged.extend((label, other) for other in labels if other != label)
                updates.append((comp[0], sum(b.size_of[x] for x in labels) + len(fresh), label))
            else:
                label = next_label
                next_label += 1
                inserts.append((label, comp[0], len(comp)))
            new_cluster.update((s, label) for s in fresh)
        con.executemany("UPDATE docs SET cluster = ? WHERE cluster = ?", merged)
        con.executemany("DELETE FROM clusters WHERE id = ?", [(other,) for _, other in merged])
        con.executemany("UPDATE clusters SET representative = ?, size = ? WHERE id = ?", updates)
        con.executemany("INSERT INTO clusters (id, representative, size) VALUES (?, ?, ?)", inserts)
        return new_cluster

    def _flush_removing(self) -> dict[int, int]:
        """Cluster rows of a batch that loaded whole clusters (a removal):
        each component keeps the id most of its stored members had (the
        largest component first), so a split relabels only the parts that
        leave; return the new documents' cluster ids (none)."""
        b = self._b
        con = self.con
        comps = sorted(b.comp.clusters(), key=len, reverse=True)
        next_label = int(self._one("SELECT COALESCE(MAX(id), 0) + 1 FROM clusters"))
        taken: set[int] = set()
        new_cluster: dict[int, int] = {}
        relabel: list[tuple[int, int]] = []
        inserts: list[tuple[int, int, int]] = []
        updates: list[tuple[int, int, int]] = []
        for comp in comps:
            label: Optional[int] = None
            for candidate, _ in Counter(b.label_of[s] for s in comp if s in b.label_of).most_common():
                if candidate not in taken:
                    label = candidate
                    break
            if label is None:
                label = next_label
                next_label += 1
                inserts.append((label, comp[0], len(comp)))
            else:
                updates.append((comp[0], len(comp), label))
            taken.add(label)
            for s in comp:
                if b.is_new(s):
                    new_cluster[s] = label
                elif b.label_of[s] != label:
                    relabel.append((label, s))
        con.executemany("DELETE FROM clusters WHERE id = ?", [(label,) for label in b.loaded - taken])
        con.executemany("UPDATE clusters SET representative = ?, size = ? WHERE id = ?", updates)
        con.executemany("INSERT INTO clusters (id, representative, size) VALUES (?, ?, ?)", inserts)
        con.executemany("UPDATE docs SET cluster = ? WHERE slot = ?", relabel)

        return new_cluster

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

        if b.band_slots:
            slots = np.concatenate(b.band_slots)
            keys_flat = np.concatenate(b.band_keys).view(np.int64)
            if b.removed:
                keep = ~np.isin(slots, np.fromiter(b.removed, dtype=np.int64))
                slots, keys_flat = slots[keep], keys_flat[keep]
            segments = slots >> self.segment_bits
            order = np.lexsort((slots, keys_flat, segments))
            con.executemany(
                "INSERT INTO bands (segment, key, slot) VALUES (?, ?, ?)",
                zip(segments[order].tolist(), keys_flat[order].tolist(), slots[order].tolist()),
            )
        if b.next_slot is not None:
            con.execute("UPDATE meta SET value = ? WHERE key = 'next_slot'", (str(b.next_slot),))
        if b.lsh_log:
            con.executemany("INSERT INTO lsh_changes (slot, added) VALUES (?, ?)", b.lsh_log)
            con.execute(
                "DELETE FROM lsh_changes WHERE seq <= (SELECT seq FROM sqlite_sequence WHERE name = 'lsh_changes') - ?",
                (LSH_LOG_KEEP,),
            )
        return self._version()

    # -- results ------------------------------------------------------------
    def clusters(self) -> list[list[DocId]]:
        groups: dict[int, list[DocId]] = {}
        reps: dict[int, DocId] = {}
        for slot, doc_id, cluster, rep in self.con.execute(
            "SELECT d.slot, d.doc_id, d.cluster, c.representative FROM docs d JOIN clusters c ON c.id = d.cluster "
            "ORDER BY d.slot"
        ):
            if slot == rep:
                reps[cluster] = doc_id
            else:
                groups.setdefault(cluster, []).append(doc_id)
            groups.setdefault(cluster, [])
        if len(reps) != len(groups):
            lost = sorted(groups.keys() - reps.keys())
            raise IndexFileError(self._path, f"inconsistent index: clusters {lost[:5]} lack their representative")
        return [[reps[cluster], *rest] for cluster, rest in groups.items()]

    def cluster_count(self) -> int:
        return int(self._one("SELECT COUNT(*) FROM clusters"))

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
        except _FILE_ERRORS as exc:
            raise _translate(self._path, exc, self.timeout) from None

    def check(self) -> list[str]:
        """Problems found by ``PRAGMA integrity_check``, the consistency of
        documents, clusters, edges and LSH entries, and the type and length of
        every stored value; empty when all is well."""
        with self.read():
            return self._damage(quick=False)

    def _damage(self, quick: bool) -> list[str]:
        """What :meth:`check` reports; with ``quick``, only what is cheap
        enough to look for when a small file is opened: ``PRAGMA
        quick_check`` (every page readable, every b-tree well formed) and the
        lengths of the stored signatures and shingle sets."""
        sig_bytes = 4 * self.num_perm
        queries = {
            f"signatures that are not {sig_bytes}-byte blobs": "SELECT COUNT(*) FROM fingerprints "
            f"WHERE typeof(signature) != 'blob' OR length(signature) != {sig_bytes}",
            "shingle sets that are not blobs of 4-byte hashes": "SELECT COUNT(*) FROM fingerprints "
            "WHERE shingles IS NOT NULL AND (typeof(shingles) != 'blob' OR length(shingles) % 4 != 0)",
        }
        if not quick:
            queries.update(_CONSISTENCY)
        problems: list[str] = []
        pragma = "quick_check" if quick else "integrity_check"
        result = [row[0] for row in self.con.execute(f"PRAGMA {pragma}")]
        if result != ["ok"]:
            problems.extend(f"{pragma}: " + line.replace("\n", "; ") for line in result)
        for what, sql in queries.items():
            n = self._one(sql)
            if n:
                problems.append(f"{n} {what}")
        return problems

    def _verify_on_open(self) -> None:
        """Refuse a small file that :meth:`_damage` (quick) finds damaged.

        Larger files (over :data:`QUICK_CHECK_MAX_BYTES` with their log) are
        not read through on open: :meth:`check` finds their damage, and a
        damaged value met later raises :class:`IndexFileError` then.
        """
        size = sum(os.path.getsize(self._path + suffix) for suffix in ("", "-wal") if os.path.exists(self._path + suffix))
        if size > QUICK_CHECK_MAX_BYTES:
            return
        problems = self._damage(quick=True)
        if problems:
            shown = "; ".join(problems[:5]) + ("; ..." if len(problems) > 5 else "")
            raise IndexFileError(
                self._path, f"damaged index, found on opening it: {shown}. Restore it from a copy, or build it again"
            )

    def _array(self, slot: int, blob: Any, what: str) -> np.ndarray:
        """A stored signature or shingle set as uint32 values; an
        :class:`IndexFileError` for one of the wrong type or length."""
        size = 4 * self.num_perm if what == "signature" else None
        if not isinstance(blob, bytes) or len(blob) % 4 or (size is not None and len(blob) != size):
            got = f"{len(blob)} bytes" if isinstance(blob, bytes) else f"a {type(blob).__name__}"
            expected = f"{size} bytes" if size is not None else "a multiple of 4 bytes"
            raise IndexFileError(
                self._path, f"damaged index: the {what} of slot {slot} is {got}, not {expected} (check() lists all damage)"
            )
        return np.frombuffer(blob, dtype="<u4")


#: Consistency checks of :meth:`SQLiteStorage.check`: problem -> count query.
_CONSISTENCY = {
    "documents without a cluster": "SELECT COUNT(*) FROM docs d LEFT JOIN clusters c ON c.id = d.cluster "
    "WHERE c.id IS NULL",
    "clusters whose representative is not a member": "SELECT COUNT(*) FROM clusters c "
    "LEFT JOIN docs d ON d.slot = c.representative WHERE d.slot IS NULL OR d.cluster != c.id",
    "clusters whose size is wrong": "SELECT COUNT(*) FROM clusters c "
    "WHERE size != (SELECT COUNT(*) FROM docs d WHERE d.cluster = c.id)",
    "clusters whose representative breaks the rule (most words, then earliest)": "SELECT COUNT(*) "
    "FROM clusters c JOIN docs r ON r.slot = c.representative WHERE EXISTS (SELECT 1 FROM docs d "
    "WHERE d.cluster = c.id AND (d.words > r.words OR (d.words = r.words AND d.slot < r.slot)))",
    "edges to a missing document": "SELECT COUNT(*) FROM edges e WHERE NOT EXISTS "
    "(SELECT 1 FROM docs WHERE slot = e.a) OR NOT EXISTS (SELECT 1 FROM docs WHERE slot = e.b)",
    "edges between clusters": "SELECT COUNT(*) FROM edges e JOIN docs x ON x.slot = e.a "
    "JOIN docs y ON y.slot = e.b WHERE x.cluster != y.cluster",
    "LSH entries of a missing document": "SELECT COUNT(*) FROM bands b WHERE NOT EXISTS "
    "(SELECT 1 FROM docs WHERE slot = b.slot)",
    "documents without a fingerprint": "SELECT COUNT(*) FROM docs d WHERE NOT EXISTS "
    "(SELECT 1 FROM fingerprints WHERE slot = d.slot)",
    "fingerprints of a missing document": "SELECT COUNT(*) FROM fingerprints f WHERE NOT EXISTS "
    "(SELECT 1 FROM docs WHERE slot = f.slot)",
    "documents with a value of the wrong type (id, cluster, words, content key, time)": "SELECT COUNT(*) "
    "FROM docs WHERE typeof(doc_id) NOT IN ('integer', 'text') OR typeof(cluster) != 'integer' "
    "OR typeof(words) != 'integer' OR words < 0 OR typeof(added) NOT IN ('integer', 'real') "
    "OR (content_key IS NOT NULL AND (typeof(content_key) != 'blob' OR length(content_key) != 16))",
    "clusters with a value of the wrong type": "SELECT COUNT(*) FROM clusters "
    "WHERE typeof(representative) != 'integer' OR typeof(size) != 'integer'",
    "LSH entries or edges with a value of the wrong type": "SELECT (SELECT COUNT(*) FROM bands "
    "WHERE typeof(segment) != 'integer' OR typeof(key) != 'integer' OR typeof(slot) != 'integer') "
    "+ (SELECT COUNT(*) FROM edges WHERE typeof(a) != 'integer' OR typeof(b) != 'integer')",
}
