"""The cluster decisions, each written once, for every engine.

* The **representative** of a cluster is the member with the most words
  after stripping (the complete story rather than a teaser), ties to the
  earliest: :func:`representative_key`.
* ``duplicate_of`` is, among the accepted matches of a document (and the
  first document with its content, similarity 1.0), the most similar, ties to
  the earliest: :func:`duplicate_key`.
* Clusters are listed (and numbered from 0) in the order of their earliest
  member, each representative first, then the other members in input
  order: :func:`listed`.

"Earlier" is a smaller position: an index's slots, the input positions in
Spark. A key is a tuple; the candidate with the smallest key wins. The keys
are plain arithmetic on their arguments, so one function orders Python
numbers (``min(..., key=...)``), numpy arrays (:func:`argbest`), Spark columns
(``F.min(F.struct(*key))``) and SQL expressions (:func:`sql_key`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import numpy as np

__all__ = ["argbest", "duplicate_key", "listed", "representative_key", "sql_key"]

T = TypeVar("T")


def representative_key(words: T, position: T) -> tuple[T, T]:
    """Key of a cluster member as its representative: most words, then earliest.

    >>> min([(3, 10), (5, 11), (5, 12)], key=lambda m: representative_key(*m))
    (5, 11)
    """
    return (-words, position)  # type: ignore[operator]


def duplicate_key(similarity: T, position: T) -> tuple[T, T]:
    """Key of a match as ``duplicate_of``: most similar, then earliest."""
    return (-similarity, position)  # type: ignore[operator]


def argbest(key: tuple[np.ndarray, ...]) -> int:
    """Index of the smallest key among arrays of key parts (as ``key``
    functions return them for arrays)."""
    return int(np.lexsort(key[::-1])[0])


def listed(clusters: Iterable[tuple[int, Iterable[int]]]) -> list[list[int]]:
    """Clusters as the library lists them, from ``(representative,
    members)`` pairs (positions): each cluster its representative first, then
    the others by position; clusters by their earliest member."""
    keyed = []
    for representative, members in clusters:
        rest = sorted(m for m in members if m != representative)
        keyed.append((min(representative, rest[0]) if rest else representative, [representative, *rest]))
    keyed.sort(key=lambda item: item[0])
    return [cluster for _, cluster in keyed]


class _Sql(str):
    """An SQL expression that the key functions can do arithmetic on."""

    def __neg__(self) -> _Sql:
        return _Sql(f"-{self}")


def sql_key(key: Callable[..., tuple[Any, ...]], *columns: str) -> str:
    """``key`` over SQL columns, as an SQLite row value to compare:
    ``sql_key(representative_key, "d.words", "d.slot")`` is
    ``(-d.words, d.slot)``."""
    return "(" + ", ".join(key(*(_Sql(c) for c in columns))) + ")"
