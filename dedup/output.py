"""Output files that appear whole or not at all.

:func:`atomic_text` is how every front end (the command line, and
:func:`dedup.spark.cluster_files` writing through the driver) writes a text
file: to a temporary file beside the target, flushed to disk, then renamed
over it. A failure (a full disk, an interrupted run) leaves the target as it
was and no temporary file behind, and a link at the target is replaced by the
file, never its target.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

__all__ = ["OutputError", "atomic_text"]


class OutputError(Exception):
    """The output file could not be written; nothing was written."""


@contextmanager
def atomic_text(path: str, what: str = "") -> Iterator[TextIO]:
    """A text stream whose contents become the file ``path`` when the block
    ends without error. An ``OSError`` while writing or renaming becomes an
    :class:`OutputError` naming ``what`` (default: the path)."""
    folder, name = os.path.split(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with open(fd, "w", encoding="utf-8") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # as open() would create it
        os.replace(temporary, path)
    except OSError as exc:
        _unlink(temporary)
        raise OutputError(f"{what or path}: cannot write: {exc.strerror or exc} (nothing written)") from None
    except BaseException:
        _unlink(temporary)
        raise


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
