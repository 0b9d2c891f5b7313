"""The peers dedup is measured against, used as their users would use them.

* MinHash signatures (``benchmarks/throughput.py``): datasketch
  ``MinHash.update()`` once per shingle, datasketch ``MinHash.bulk`` and rensa
  ``RMinHash.update(list_of_shingles)`` (when ``rensa`` is installed), all
  ``num_perm=128`` over word n-grams of ``re.findall(r"\\w+", text.lower())``
  (:func:`peer_shingles`), their tokenisation and shingling counted in their
  time (that is what a user pays);
* clustering with LSH (:func:`peer_lsh_rows`, the wire corpus of
  ``benchmarks/throughput.py``): signatures, each document queried against an
  LSH index of the earlier ones and inserted, union-find over the unverified
  candidates (as text-dedup does);
* the clustering baseline of ``benchmarks/quality.py``
  (:func:`datasketch_lsh_labels`): datasketch MinHash over word n-grams of
  ``text.lower().split()`` (:func:`datasketch_shingles`), every document
  inserted into ``MinHashLSH`` and then queried, union-find.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from types import ModuleType
from typing import Any

import dedup

from .harness import dist_version

_PEER_TOKEN = re.compile(r"\w+")


def peer_shingles(text: str, ngram: int) -> list[str]:
    """Word ``ngram``-grams of lower-cased ``\\w+`` tokens, as a peer user would
    compute them (a text shorter than ``ngram`` words is one shingle)."""
    tokens = _PEER_TOKEN.findall(text.lower())
    if len(tokens) < ngram:
        return [" ".join(tokens)] if tokens else []
    return [" ".join(tokens[i : i + ngram]) for i in range(len(tokens) - ngram + 1)]


def datasketch_shingles(text: str, ngram: int) -> list[bytes]:
    """Word ``ngram``-grams of ``text.lower().split()``, UTF-8; one shingle of
    all words for a shorter text, none for a text without words."""
    words = text.lower().split()
    if len(words) < ngram:
        return [" ".join(words).encode("utf-8")] if words else []
    return [" ".join(words[i : i + ngram]).encode("utf-8") for i in range(len(words) - ngram + 1)]


class UnionFind:
    """Disjoint sets over ``0..n-1`` (path halving, union by size)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]

    def labels(self) -> list[int]:
        return [self.find(i) for i in range(len(self.parent))]


def largest_component(n: int, pairs: Iterable[tuple[int, int]]) -> int:
    """Size of the largest connected component of ``n`` items joined by ``pairs``."""
    uf = UnionFind(n)
    for a, b in pairs:
        uf.union(a, b)
    return max(Counter(uf.labels()).values())


# --------------------------------------------------------------------------- signatures


def import_rensa() -> ModuleType | None:
    """The ``rensa`` module, or None when it is not installed."""
    try:
        import rensa  # type: ignore[import-not-found]
    except ImportError:
        return None
    return rensa


def rensa_version() -> str | None:
    """rensa's version, or None when it is not installed."""
    module = import_rensa()
    return None if module is None else getattr(module, "__version__", None) or dist_version("rensa")


def datasketch_update(texts: Sequence[str], ngram: int) -> list[Any]:
    """datasketch: a ``MinHash(num_perm=128)`` per text, ``update()`` once per shingle (SHA-1)."""
    from datasketch import MinHash

    out = []
    for t in texts:
        m = MinHash(num_perm=128)
        for s in peer_shingles(t, ngram):
            m.update(s.encode("utf-8"))
        out.append(m)
    return out


def datasketch_bulk(texts: Sequence[str], ngram: int) -> list[Any]:
    """datasketch: ``MinHash.bulk`` over every text's shingles (SHA-1)."""
    from datasketch import MinHash

    return MinHash.bulk([[s.encode("utf-8") for s in peer_shingles(t, ngram)] for t in texts], num_perm=128)


def rensa_update(texts: Sequence[str], ngram: int) -> list[Any]:
    """rensa: an ``RMinHash(num_perm=128, seed=42)`` per text, ``update(list_of_shingles)``."""
    module = import_rensa()
    assert module is not None, "rensa is not installed"
    out = []
    for t in texts:
        m = module.RMinHash(num_perm=128, seed=42)
        m.update(peer_shingles(t, ngram))
        out.append(m)
    return out


# --------------------------------------------------------------------------- clustering


def peer_lsh_rows(threshold: float = dedup.DEFAULT_THRESHOLD) -> dict[str, Callable[[list[str]], int]]:
    """How a user of each peer clusters: signatures, then each document
    queried against an LSH index of the earlier ones and inserted, then
    union-find over the candidates (unverified, as text-dedup does). Each
    function returns the size of the largest cluster."""
    ngram = dedup.DEFAULT_NGRAM
    out: dict[str, Callable[[list[str]], int]] = {}

    def ds(texts: list[str]) -> int:
        from datasketch import MinHash, MinHashLSH

        sigs = MinHash.bulk([[s.encode("utf-8") for s in peer_shingles(t, ngram)] for t in texts], num_perm=128)
        lsh = MinHashLSH(threshold=threshold, num_perm=128)
        pairs = []
        for i, m in enumerate(sigs):
            pairs.extend((i, j) for j in lsh.query(m))
            lsh.insert(i, m)
        return largest_component(len(texts), pairs)

    out["datasketch MinHash.bulk + MinHashLSH"] = ds
    module = import_rensa()
    if module is None:
        return out

    def rs(texts: list[str]) -> int:
        lsh = module.RMinHashLSH(threshold=threshold, num_perm=128, num_bands=16)
        pairs = []
        for i, t in enumerate(texts):
            m = module.RMinHash(num_perm=128, seed=42)
            m.update(peer_shingles(t, ngram))
            pairs.extend((i, j) for j in lsh.query(m))
            lsh.insert(i, m)
        return largest_component(len(texts), pairs)

    out["rensa RMinHash + RMinHashLSH"] = rs
    return out


def datasketch_lsh_labels(texts: Sequence[str], threshold: float, num_perm: int, ngram: int) -> list[int]:
    """datasketch ``MinHash(num_perm)`` over :func:`datasketch_shingles`,
    every document inserted into ``MinHashLSH(threshold, num_perm)``, then
    each queried and linked to every candidate (no verification); cluster
    labels by union-find (a text without words is alone)."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    mhs: list[Any] = []
    for i, text in enumerate(texts):
        sh = datasketch_shingles(text, ngram)
        if not sh:
            mhs.append(None)  # no word: alone
            continue
        m = MinHash(num_perm=num_perm)
        m.update_batch(sh)
        lsh.insert(i, m)
        mhs.append(m)
    uf = UnionFind(len(texts))
    for i, m in enumerate(mhs):
        if m is not None:
            for j in lsh.query(m):
                uf.union(i, j)
    return uf.labels()
