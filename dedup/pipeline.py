"""The fingerprinting stage shared by every front end.

text -> clean text -> shingle hashes -> signatures. :func:`fingerprint` runs
those stages over a list of texts in cache-sized chunks and returns everything
later stages need. :func:`dedup.signatures`, :class:`dedup.Deduplicator` (and so
:func:`dedup.cluster` and the command line) all call it; there is no other copy.

Stripping rule: when boilerplate stripping leaves a document without a single
word, the document is fingerprinted from its unstripped text instead, so a
document is never reduced to nothing by the stripper. A corpus-level
:class:`dedup.BoilerplateModel` (anything with a ``strip(text)`` method, such as
its frozen :meth:`~dedup.BoilerplateModel.stripper`) is applied first, here, for
every front end.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import xxhash

from .minhash import minhash_signatures
from .shingle import shingle_batch

__all__ = ["Fingerprints", "clean_text", "clean_texts", "fingerprint"]

# Bytes of text shingled at once: keeps the per-batch arrays in cache.
CHUNK_BYTES = 256 * 1024
_HAS_WORD = re.compile(r"[^\W_]")


def clean_text(text: str, strip: bool, boilerplate_model: Any = None) -> str:
    """The text that is fingerprinted: without the lines of ``boilerplate_model``
    (if given) and stripped of boilerplate when ``strip``, unless that would
    leave no word at all (then ``text`` unchanged)."""
    return clean_texts([text], strip, boilerplate_model)[0]


def clean_texts(texts: Sequence[str], strip: bool, boilerplate_model: Any = None) -> list[str]:
    """:func:`clean_text` of each text; stripping runs over all of them at
    once (:func:`dedup.boilerplate_batch.strip_boilerplate_many`)."""
    cleaned = list(texts) if boilerplate_model is None else [boilerplate_model.strip(t) for t in texts]
    if strip:
        from .boilerplate_batch import strip_boilerplate_many

        cleaned = strip_boilerplate_many(cleaned)
    return [c if c is t or _HAS_WORD.search(c) else t for t, c in zip(texts, cleaned)]


@dataclass(frozen=True)
class Fingerprints:
    """Fingerprints of a list of documents.

    Attributes
    ----------
    signatures : numpy.ndarray
        ``uint32`` MinHash signatures, shape ``(n, num_perm)``.
    token_counts : numpy.ndarray
        ``int64`` number of tokens in each fingerprinted text.
    content_keys : list of bytes or None
        128-bit xxh3 digest of each document's shingle sequence: equal keys
        mean identical normalised token streams (exact duplicates). None for
        a document without shingles.
    shingle_hashes, shingle_offsets : numpy.ndarray
        Every document's ``uint32`` shingle hashes in text order (repeats
        kept), in CSR layout; empty unless ``keep_shingles``.
    """

    signatures: np.ndarray
    token_counts: np.ndarray
    content_keys: list
    shingle_hashes: np.ndarray
    shingle_offsets: np.ndarray

    def __len__(self) -> int:
        return len(self.token_counts)

    def shingles(self, i: int) -> np.ndarray:
        """Shingle hashes of document ``i`` (a view; empty without ``keep_shingles``)."""
        return self.shingle_hashes[self.shingle_offsets[i] : self.shingle_offsets[i + 1]]


def fingerprint(
    texts: Sequence[str],
    *,
    ngram: int,
    num_perm: int,
    seed: int,
    strip: bool,
    keep_shingles: bool = True,
    boilerplate_model: Any = None,
) -> Fingerprints:
    """Clean, shingle and MinHash ``texts`` (already validated ``str``).

    ``boilerplate_model``: see :func:`clean_text`.

    Works through the texts in chunks of about :data:`CHUNK_BYTES` so the
    per-chunk arrays stay in cache.
    """
    n = len(texts)
    sigs = np.empty((n, num_perm), dtype=np.uint32)
    counts = np.empty(n, dtype=np.int64)
    keys: list = []
    parts: list[np.ndarray] = []
    sizes = np.zeros(n, dtype=np.int64)
    start = 0
    while start < n:
        stop, size = start, 0
        while stop < n and (stop == start or size + len(texts[stop]) <= CHUNK_BYTES):
            size += len(texts[stop])
            stop += 1
        batch = shingle_batch(clean_texts(texts[start:stop], strip, boilerplate_model), ngram)
        sigs[start:stop] = minhash_signatures(batch, num_perm, seed)
        counts[start:stop] = batch.token_counts
        offsets = batch.offsets.tolist()
        hashes = batch.hashes
        for i in range(stop - start):
            doc = hashes[offsets[i] : offsets[i + 1]]
            keys.append(xxhash.xxh3_128_digest(doc.data) if len(doc) else None)
        if keep_shingles:
            parts.append(hashes)
            sizes[start:stop] = np.diff(batch.offsets)
        start = stop
    offsets_all = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets_all[1:])
    flat = np.concatenate(parts) if parts else np.empty(0, dtype=np.uint32)
    return Fingerprints(
        signatures=sigs, token_counts=counts, content_keys=keys, shingle_hashes=flat, shingle_offsets=offsets_all
    )
