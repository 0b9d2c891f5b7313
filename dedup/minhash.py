"""MinHash signatures computed with numpy, bit-identical to datasketch.

dedup uses datasketch's ``affine32`` permutation scheme (the default since
datasketch 2.0): every 32-bit shingle hash ``h`` is pre-mixed once with the
MurmurHash3 32-bit finaliser, then permutation ``k`` maps it to
``a_k * h + b_k mod 2**32``, and a signature holds, per permutation, the
minimum over the document's shingles. The permutation parameters ``(a, b)``
are taken from :class:`datasketch.MinHash` itself for the given seed, so a
signature row equals ``datasketch.MinHash(num_perm, seed, hashfunc=shingle_hash)``
updated with :func:`dedup.shingle.shingles`, and :func:`to_lean_minhash` turns it
into a :class:`datasketch.LeanMinHash` usable in ``MinHashLSH`` and its storage
back ends. A document without shingles has the empty signature (every value
``2**32 - 1``), as an un-updated datasketch MinHash has.
"""

from __future__ import annotations

import numpy as np

from .shingle import ShingleBatch

__all__ = ["EMPTY", "minhash_signatures", "permutations", "preload_permutations", "to_lean_minhash"]

#: The value of every slot of an empty signature.
EMPTY = np.uint32(0xFFFFFFFF)

_U32 = np.uint32


_PERMUTATIONS: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}


def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``(a, b)`` uint32 permutation parameters datasketch uses for ``seed``."""
    key = (int(num_perm), int(seed))
    if key not in _PERMUTATIONS:
        from datasketch import MinHash

        a, b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
        preload_permutations(num_perm, seed, a, b)
    return _PERMUTATIONS[key]


def preload_permutations(num_perm: int, seed: int, a: np.ndarray, b: np.ndarray) -> None:
    """Register known permutation parameters (worker processes get them from
    the parent instead of importing datasketch)."""
    a = np.array(a, dtype=np.uint32)
    b = np.array(b, dtype=np.uint32)
    a.flags.writeable = False
    b.flags.writeable = False
    _PERMUTATIONS[(int(num_perm), int(seed))] = (a, b)


def fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3 32-bit finaliser on a ``uint32`` array (returns a new array)."""
    h = h ^ (h >> _U32(16))
    h *= _U32(0x85EBCA6B)
    h ^= h >> _U32(13)
    h *= _U32(0xC2B2AE35)
    h ^= h >> _U32(16)
    return h


def minhash_signatures(batch: ShingleBatch, num_perm: int, seed: int) -> np.ndarray:
    """MinHash signatures of a shingle batch.

    Parameters
    ----------
    batch : ShingleBatch
        Shingle hashes in CSR layout, from :func:`dedup.shingle.shingle_batch`.
    num_perm : int
        Number of permutations (signature length).
    seed : int
        Seed of the permutations (datasketch's ``seed``).

    Returns
    -------
    numpy.ndarray
        ``uint32`` array of shape ``(len(batch), num_perm)``.
    """
    a, b = permutations(num_perm, seed)
    n = len(batch)
    sig = np.full((n, num_perm), EMPTY, dtype=np.uint32)
    sizes = np.diff(batch.offsets)
    nonempty = np.flatnonzero(sizes > 0)
    if len(nonempty) == 0:
        return sig
    starts = batch.offsets[nonempty]
    h = fmix32(batch.hashes)
    buf = np.empty_like(h)
    out = np.empty((num_perm, len(nonempty)), dtype=np.uint32)
    for k in range(num_perm):
        np.multiply(h, a[k], out=buf)
        buf += b[k]
        np.minimum.reduceat(buf, starts, out=out[k])
    sig[nonempty] = out.T
    return sig


def to_lean_minhash(signature: np.ndarray, seed: int = 1):
    """Wrap one signature row as a :class:`datasketch.LeanMinHash`.

    The result has the hash values datasketch computes for the same shingles
    with ``MinHash(num_perm=len(signature), seed=seed, scheme="affine32",
    hashfunc=dedup.shingle_hash)``, so it can be inserted into and queried
    against :class:`datasketch.MinHashLSH` (Redis and Cassandra storage included)
    next to sketches datasketch made itself.
    """
    from datasketch import LeanMinHash

    row = np.asarray(signature)
    if row.ndim != 1 or row.size == 0:
        raise ValueError(f"expected one non-empty signature row, got shape {row.shape}")
    if row.dtype != np.uint32:
        raise TypeError(f"expected a uint32 signature row, got dtype {row.dtype}")
    return LeanMinHash(seed=seed, hashvalues=row, scheme="affine32")
