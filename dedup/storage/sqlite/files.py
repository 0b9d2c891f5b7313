"""Opening an index file: what is visible before SQLite opens it, and the connection.

A missing file is an error unless a new index is asked for; a read-only
open of a file in a folder that cannot be written needs SQLite's
``immutable=1`` (see :mod:`dedup.storage.sqlite`, "Read-only opening").
"""

from __future__ import annotations

import os
import sqlite3
from urllib.request import pathname2url

from ..errors import IndexFileError, ReadOnlyIndexError

__all__ = ["HOW_TO_CREATE", "check_path", "connect", "immutable", "may_write"]


def connect(path: str, read_only: bool, timeout: float, create: bool = False) -> sqlite3.Connection:
    if read_only:
        params = "mode=ro&immutable=1" if immutable(path) else "mode=ro"
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


def may_write(path: str) -> bool:
    """Whether this process may, and is meant to, write ``path`` (a file or
    folder): access(2) allows it (not a read-only mount, permissions) and
    someone has a write bit (root may write anywhere, but a file or folder
    nobody may write is meant to stay as it is)."""
    try:
        return os.access(path, os.W_OK) and bool(os.stat(path).st_mode & 0o222)
    except OSError:
        return False


def immutable(path: str) -> bool:
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
    if may_write(os.path.dirname(os.path.abspath(path))):
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
HOW_TO_CREATE = "to make a new index, pass create=True (on the command line: dedup index add --create)"


def check_path(path: str, read_only: bool, create: bool = False) -> None:
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
            raise IndexFileError(path, f"no such index file; {HOW_TO_CREATE}")
        if not may_write(parent):
            raise ReadOnlyIndexError(path, f"cannot create the index: directory {parent} is not writable")
    elif not os.access(path, os.R_OK):
        raise IndexFileError(path, "cannot read the file (permission denied)")
    elif not read_only and not may_write(path):
        raise ReadOnlyIndexError(path, "the file is read-only; open it with read_only=True to query it")
    elif not read_only and not may_write(parent):
        raise ReadOnlyIndexError(
            path,
            f"directory {parent} is read-only, and a writer keeps its write-ahead log (-wal, -shm) "
            "beside the file; open it with read_only=True to query it",
        )
