"""Batch entry points: :func:`cluster` and :func:`signatures`.

Both are thin functions over the shared stages: :func:`cluster` feeds a
:class:`dedup.Deduplicator` and returns its partition, :func:`signatures` runs
the fingerprinting stage alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Any

import numpy as np

from .config import Config
from .documents import DocId, check_text
from .index import Deduplicator
from .parallel import fingerprint_chunks, resolve_workers

# Documents per unit of work handed to a worker process.
_CHUNK_DOCS = 2048

__all__ = ["cluster", "signatures"]


def cluster(
    docs: Iterable[Any], *, config: Config | None = None, workers: int | None = None, **options: Any
) -> list[list[DocId]]:
    """Group near-duplicate documents.

    Parameters
    ----------
    docs : iterable
        ``(id, text)`` pairs, or plain strings whose ids are their positions.
        Any iterable works, a one-shot generator included.
    config : dedup.Config, optional
        The configuration (default: the defaults); its parameters may also be
        given as keywords (``threshold=0.7``: the minimum Jaccard similarity of
        word-shingle sets for two documents to be linked; clusters are the
        connected components of those links), which change those of ``config``.
    workers : int or None, default None
        Processes that fingerprint documents; None uses every available core
        when the input is large enough to pay for it. Results are identical
        for any value.
    **options
        Any :class:`dedup.Config` parameter (``threshold``, ``num_perm``,
        ``ngram``, ``seed``, ``strip``, ``exact``, ``bands``, ...) or other
        :class:`Deduplicator` parameter (``batch_size``).

    Returns
    -------
    list of list
        A partition of the ids: every id exactly once, singletons included.
        Each cluster starts with its representative (most tokens after
        stripping; ties to the earliest), followed by the other members in
        input order; clusters are ordered by their earliest member. Each
        document is verified against at most
        :data:`dedup.candidates.VERIFY_LIMIT` earlier documents; as long as
        none has more LSH candidates than that, the partition does not depend
        on the input order (see :mod:`dedup.candidates`).

    Raises
    ------
    ValueError
        On a duplicated id (naming it) or an invalid parameter.
    TypeError
        On a malformed document (naming it).

    Examples
    --------
    >>> cluster(["A storm hit the coast on Monday night.",
    ...          "A storm hit the coast on Monday night!",
    ...          "Markets rallied after the central bank cut rates."])
    [[0, 1], [2]]
    """
    index = Deduplicator(config=config, **options)
    index._add_all(docs, workers=workers)
    return index.clusters()


def signatures(
    texts: Iterable[str], *, config: Config | None = None, workers: int | None = None, **options: Any
) -> np.ndarray:
    """MinHash signatures of ``texts``.

    Parameters
    ----------
    texts : iterable of str
        Document texts.
    config : dedup.Config, optional
        Its fingerprinting parameters (``num_perm``, ``ngram``, ``seed``,
        ``strip``, ``boilerplate_model``) decide the signatures; they may also
        be given as keywords, as for :class:`Deduplicator`.
    workers : int or None, default None
        Processes to use; None uses every available core for large inputs.
        The result does not depend on it.

    Returns
    -------
    numpy.ndarray
        ``uint32`` array of shape ``(n, num_perm)``. Row ``i`` equals the hash
        values of ``datasketch.MinHash(num_perm=num_perm, seed=seed,
        hashfunc=dedup.shingle_hash)`` updated with the shingles of the
        (stripped) text; :func:`dedup.to_lean_minhash` wraps a row for
        datasketch. A text without any word has the empty signature
        (every value ``2**32 - 1``).
    """
    settings = Config.make(config, **options).frozen()
    workers = resolve_workers(workers)
    if isinstance(texts, (str, bytes)):
        raise TypeError(f"expected an iterable of texts, got a single {type(texts).__name__}; wrap it in a list")
    checked = (check_text(t, i) for i, t in enumerate(texts))
    chunks = iter(lambda: list(islice(checked, _CHUNK_DOCS)), [])
    parts = [
        fp.signatures
        for _, fp in fingerprint_chunks(
            chunks, lambda chunk: chunk, workers=workers, **settings.fingerprint_options(keep_shingles=False)
        )
    ]
    return np.concatenate(parts) if parts else np.empty((0, settings.num_perm), dtype=np.uint32)
