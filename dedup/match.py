"""What the index decided about one document: :class:`Match`."""

from __future__ import annotations

from dataclasses import dataclass

from .documents import DocId

__all__ = ["Match"]


@dataclass(frozen=True)
class Match:
    """What the index decided about one document.

    Attributes
    ----------
    id : str or int or None
        The document's id (None for :meth:`Deduplicator.query`).
    representative : str or int or None
        Representative of the cluster the document joined, or its own id when
        it is in a cluster of its own (None for a query that matched nothing).
    duplicate_of : str or int or None
        Among the documents indexed before it that it was verified against
        (its LSH candidates, at most :data:`dedup.candidates.VERIFY_LIMIT`,
        see :mod:`dedup.candidates`), the most similar one that meets the
        rule (ties: the earliest); for an identical copy, the first document
        with the same normalised text; None without a match.
    similarity : float or None
        The score that made it a match: the Jaccard similarity, or the
        containment when only the containment rule matched (1.0 for an
        identical normalised text); None without a match.
    jaccard, containment : float or None
        Both scores for ``duplicate_of`` (exact unless the index was built
        with ``exact=False``); None without a match.
    article : bool
        False when stripping removed lines and left no prose (no sentence,
        no paragraph): what is left is the page's furniture (code, a menu, a
        calendar, links). Such a document is nobody's LSH candidate: it only
        matches an identical copy of its whole page (same normalised raw
        text). True without stripping (``strip=False``).
    """

    id: DocId | None
    representative: DocId | None
    duplicate_of: DocId | None = None
    similarity: float | None = None
    jaccard: float | None = None
    containment: float | None = None
    article: bool = True

    @property
    def is_duplicate(self) -> bool:
        """True when the document matched an earlier one."""
        return self.duplicate_of is not None
