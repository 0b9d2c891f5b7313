"""What goes wrong with an index file: the errors, and SQLite's errors translated.

:class:`IndexFileError` (and its kinds :class:`ConfigurationMismatch`,
:class:`ReadOnlyIndexError`) names the file and the problem; they are public
as ``dedup.IndexFileError`` etc.
"""

from __future__ import annotations

import sqlite3
from typing import Any

__all__ = ["FILE_ERRORS", "ConfigurationMismatch", "IndexFileError", "ReadOnlyIndexError", "translate"]


class IndexFileError(Exception):
    """An index file that cannot be used, with the file and the reason."""

    __module__ = "dedup"  # its public name

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self._path = path
        self.problem = problem


class ConfigurationMismatch(IndexFileError, ValueError):
    """The file was made with other parameters than the index asks for."""

    __module__ = "dedup"

    def __init__(self, path: str, differences: dict[str, tuple[Any, Any]]) -> None:
        shown = "; ".join(f"{name}: stored {_show(s)}, requested {_show(r)}" for name, (s, r) in differences.items())
        if "normalization" in differences:
            # The token rules of this dedup version: no option brings back the
            # file's, so the stored configuration cannot be used either.
            advice = (
                "The file was made by a dedup version with other token rules: rebuild the index from the "
                "documents with this version (or read it with the version that made it)."
            )
        else:
            advice = (
                "Open it with dedup.open_index(path) (or, on the command line, leave the option out) to use "
                "the stored configuration, or use another file."
            )
        super().__init__(
            path,
            f"the index was made with a different configuration ({shown}); its signatures and matches "
            f"would not be comparable. {advice}",
        )
        self.differences = differences


class ReadOnlyIndexError(IndexFileError, PermissionError):
    """A write to an index opened read-only, or to a file that cannot be written."""

    __module__ = "dedup"


def _show(value: Any) -> str:
    return repr(tuple(value)) if isinstance(value, list) else repr(value)


#: Errors that reading a file may raise: SQLite's, and the decoding of a
#: stored text that is not UTF-8 (a damaged file).
FILE_ERRORS = (sqlite3.Error, UnicodeDecodeError)


def translate(path: str, exc: Exception, timeout: float) -> IndexFileError:
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
