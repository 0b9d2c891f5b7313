"""Where a :class:`dedup.Deduplicator` keeps what it has seen.

:class:`Storage` is the interface (:mod:`.base`), :class:`MemoryStorage`
keeps documents in memory (:mod:`.memory`), :mod:`.sqlite` in an SQLite
file; :mod:`.errors` holds what goes wrong with a file
(``dedup.IndexFileError``, ...).
"""

from .base import Storage, sorted_set
from .errors import ConfigurationMismatch, IndexFileError, ReadOnlyIndexError
from .memory import MemoryStorage

__all__ = ["ConfigurationMismatch", "IndexFileError", "MemoryStorage", "ReadOnlyIndexError", "Storage", "sorted_set"]
