"""Opening an index file with the configuration it stores: :func:`open_index`."""

from __future__ import annotations

import os
from typing import Any

from .config import Config
from .index import Deduplicator, Duration

__all__ = ["open_index"]


def open_index(
    path: str | os.PathLike[str],
    *,
    config: Config | None = None,
    create: bool = False,
    read_only: bool = False,
    window: Duration | None = None,
    synchronous: str = "normal",
    timeout: float = 60.0,
    batch_size: int = 2048,
    **options: Any,
) -> Deduplicator:
    """Open the index file ``path`` with the configuration it stores.

    The file must exist: a missing (or empty) file raises
    :class:`dedup.IndexFileError` naming the path, so a typo never turns into
    a new, empty index that finds nothing. ``create=True`` makes a new index
    with ``config`` and ``options`` (any :class:`dedup.Config` parameter;
    defaults otherwise) when the file does not exist, and opens it as usual
    when it does. For an existing file, what ``config`` and ``options`` ask
    for must agree with what the file stores
    (:class:`dedup.ConfigurationMismatch` otherwise); the rest is taken from
    the file (:meth:`dedup.Config.requested`).

    ``read_only=True`` opens for queries only and never writes the file
    (see :class:`Deduplicator`). A file with schema objects dedup does not
    create (a trigger, a view), or damaged, raises
    :class:`dedup.IndexFileError` (see :mod:`dedup.storage.sqlite`, "Files
    from elsewhere").

    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = os.path.join(tmp, "news.db")
    ...     with open_index(path, create=True, threshold=0.7) as index:
    ...         _ = index.add("a", "Rain is expected across the north on Tuesday, forecasters said.")
    ...     with open_index(path) as index:
    ...         (len(index), index.threshold)
    (1, 0.7)
    >>> open_index("no/such/news.db")
    Traceback (most recent call last):
    ...
    dedup.IndexFileError: no/such/news.db: no such index file (directory ... does not exist)
    """
    from .storage.sqlite import read_config

    stored = read_config(path)
    if stored is None:
        settings = Config.make(config, **options)
    else:
        asked = {**(Config.make(config).given() if config is not None else {}), **options}
        settings = Config.from_stored(stored).requested(**asked)
    return Deduplicator(
        config=settings,
        path=path,
        create=create,
        read_only=read_only,
        window=window,
        synchronous=synchronous,
        timeout=timeout,
        batch_size=batch_size,
    )
