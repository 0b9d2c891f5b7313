"""The layout of an index file, how it is recognised, and its stored configuration.

A file is a dedup index when its ``application_id`` is :data:`APPLICATION_ID`,
its ``user_version`` :data:`SCHEMA_VERSION`, its schema exactly the one
:data:`_SCHEMA` creates (a file from elsewhere may hold a trigger: see
:mod:`dedup.storage.sqlite`, "Files from elsewhere") and its ``meta`` table
holds a configuration that :meth:`dedup.Config.from_stored` reads.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime, timezone
from typing import Any

from ...config import Config
from ..errors import FILE_ERRORS, IndexFileError, translate
from .files import check_path, connect

__all__ = [
    "APPLICATION_ID",
    "INT64",
    "OLDEST_SCHEMA_VERSION",
    "SCHEMA_VERSION",
    "SEGMENT_BITS",
    "create",
    "probe",
    "read_config",
    "upgrade",
]

#: ``PRAGMA application_id`` of a dedup index: the bytes ``ddup``.
APPLICATION_ID = 0x64647570
#: ``PRAGMA user_version``: the layout of the tables (2 added ``partners``;
#: a file of version 1 is upgraded when first opened writable, see
#: :mod:`dedup.storage.sqlite`, "Schema versions").
SCHEMA_VERSION = 2
#: The oldest layout this version opens.
OLDEST_SCHEMA_VERSION = 1
#: ``slot >> SEGMENT_BITS`` is the LSH segment of a new file's documents.
SEGMENT_BITS = 15

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

#: What schema version 2 adds to version 1: each document's first containment
#: partner (the chaining guard of :mod:`dedup.index`).
PARTNERS_SCHEMA = """
CREATE TABLE partners (slot INTEGER PRIMARY KEY, first INTEGER NOT NULL);
CREATE INDEX partners_first ON partners (first);
"""

#: The statements that make each version's tables.
_SCHEMAS = {1: _SCHEMA, 2: _SCHEMA + PARTNERS_SCHEMA}

#: The range of an SQLite integer.
INT64 = (-(2**63), 2**63 - 1)


#: SQLite's own tables that ``ANALYZE`` (or ``PRAGMA optimize``) may add to a
#: file: they only guide the query planner, and are allowed in an index file.
_PLANNER_TABLES = ("sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4")
_SCHEMA_OBJECTS: dict[int, dict[tuple[str, str], str | None]] = {}


def _schema_objects(version: int) -> dict[tuple[str, str], str | None]:
    """``{(type, name): sql}`` of everything schema ``version`` creates (made
    once in memory, so it is exactly what SQLite stores for a new file)."""
    if version not in _SCHEMA_OBJECTS:
        con = sqlite3.connect(":memory:")
        con.executescript(_SCHEMAS[version])
        _SCHEMA_OBJECTS[version] = {
            (t, n): sql for t, n, sql in con.execute("SELECT type, name, sql FROM sqlite_master")
        }
        con.close()
    return _SCHEMA_OBJECTS[version]


def _check_schema(con: sqlite3.Connection, path: str, version: int) -> None:
    """Refuse a file whose schema is not exactly the one dedup creates.

    SQLite runs what a file's schema says: a trigger stored in a file from
    elsewhere would run on every ``add``, a view or an index could change what
    queries see. So every table, index, view and trigger must be one dedup
    creates, with the definition it creates (SQLite's planner statistics
    tables excepted).
    """
    expected = _schema_objects(version)
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
    """The stored configuration (JSON), checked: a :class:`dedup.Config` can
    be made of it (:meth:`dedup.Config.from_stored`)."""
    try:
        config = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise IndexFileError(path, f"damaged index: its stored configuration is not valid JSON ({exc})") from None
    try:
        Config.from_stored(config)
    except ValueError as exc:
        raise IndexFileError(path, f"damaged index: {exc}") from None
    return config


def probe(con: sqlite3.Connection, path: str) -> tuple[bool, dict | None]:
    """``(empty, meta)`` of a connected file, or an error if it is not ours.

    ``meta`` holds the file's meta table, with ``config`` parsed,
    ``next_slot`` and ``segment_bits`` as integers, and ``version``, the
    file's schema version (:data:`OLDEST_SCHEMA_VERSION` to
    :data:`SCHEMA_VERSION`).
    """
    app_id = con.execute("PRAGMA application_id").fetchone()[0]
    version = con.execute("PRAGMA user_version").fetchone()[0]
    tables = [name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    if app_id == 0 and version == 0 and not tables:
        return True, None
    if app_id != APPLICATION_ID:
        what = f"tables {', '.join(sorted(tables)[:5])}" if tables else "no tables"
        raise IndexFileError(path, f"not a dedup index: an SQLite database with application_id {app_id:#x} and {what}")
    if version > SCHEMA_VERSION:
        raise IndexFileError(
            path, f"made by a newer dedup (schema version {version}); this version reads schema {SCHEMA_VERSION}"
        )
    if version < OLDEST_SCHEMA_VERSION:
        raise IndexFileError(path, f"schema version {version} is not supported (expected {SCHEMA_VERSION})")
    _check_schema(con, path, version)
    meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    if "config" not in meta or "next_slot" not in meta:
        raise IndexFileError(path, "not a dedup index: its meta table has no configuration")
    meta["config"] = _parse_config(path, meta["config"])
    meta["next_slot"] = _meta_int(path, meta, "next_slot", 0, INT64[1])
    meta["segment_bits"] = _meta_int(path, meta, "segment_bits", 0, 62)
    meta["version"] = version
    return False, meta


def read_config(path: str | os.PathLike[str], timeout: float = 60.0) -> dict | None:
    """The configuration stored in an index file; None for a missing or empty file.

    Raises :class:`IndexFileError` for a file that is not a dedup index.
    """
    path = os.fspath(path)
    if not os.path.exists(path) or (os.path.isfile(path) and os.path.getsize(path) == 0):
        return None
    check_path(path, read_only=True)
    try:
        con = connect(path, True, timeout)
        try:
            empty, meta = probe(con, path)
        finally:
            con.close()
    except FILE_ERRORS as exc:
        raise translate(path, exc, timeout) from None
    return None if empty or meta is None else meta["config"]


def _execute(con: sqlite3.Connection, script: str) -> None:
    """The statements of ``script``, one by one (inside the caller's transaction)."""
    for statement in script.split(";"):
        if statement.strip():
            con.execute(statement)


def upgrade(con: sqlite3.Connection) -> None:
    """Make a version-1 file's ``partners`` table (empty) and mark the file
    version 2 (inside the caller's write transaction, which fills it)."""
    _execute(con, PARTNERS_SCHEMA)
    con.execute("PRAGMA user_version = 2")


def create(con: sqlite3.Connection, config: Config) -> None:
    """Make the tables of a new index in an empty file (inside a transaction)."""
    from ... import __version__

    _execute(con, _SCHEMAS[SCHEMA_VERSION])
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    rows = {
        "config": json.dumps(config.to_stored(), sort_keys=True),
        "next_slot": "0",
        "segment_bits": str(SEGMENT_BITS),
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "dedup_version": __version__,
    }
    con.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", rows.items())
