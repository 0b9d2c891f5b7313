"""Verification of LSH candidates: only pairs that meet the rule survive.

Two similarity measures on the sets of shingle hashes ``A`` and ``B``:

* Jaccard ``|A & B| / |A | B|``: the share of the union both copies have;
* containment ``|A & B| / min(|A|, |B|)``: how much of the shorter document
  the longer one contains. A teaser carrying the first 60 % of a story has
  Jaccard about 0.6 with it but containment near 1.

:class:`MatchRule` decides: a pair matches when its Jaccard reaches
``threshold``, or when its containment reaches ``containment`` and the shorter
document has at least ``min_words`` words (so two one-line texts sharing a
phrase are not "contained" in each other). The pair's similarity is the score
that decided: the containment when only containment matched, else the Jaccard.

LSH is probabilistic in both directions, so candidates are first screened with
the MinHash estimate of Jaccard (the fraction of equal signature slots,
vectorised over all pairs) against the lowest Jaccard either rule can accept
for documents of those sizes, minus a few standard deviations of the
estimator. When the exact shingle sets are kept, the survivors are then scored
exactly; without them the estimates decide.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["MatchRule", "Scores", "estimate_jaccard", "exact_jaccard", "exact_scores", "verify_pairs"]


def estimate_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> np.ndarray:
    """Row-wise MinHash estimate of Jaccard similarity of two signature arrays."""
    return np.count_nonzero(sig_a == sig_b, axis=-1) / sig_a.shape[-1]


def exact_scores(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Exact ``(jaccard, containment)`` of two arrays of distinct values.

    The intersection is counted as the equal neighbours in the sorted
    concatenation: one small sort (vectorised in numpy's SIMD sort) instead of
    a binary search per value. Measured over the 10,404 candidate pairs of the
    20k throughput corpus (about 550 values a side): 37 ms against 90 ms with
    ``searchsorted``, and against 85-180 ms for scoring all pairs of a batch
    at once (padded 2-D sort, one sort of pair-tagged values, or one
    ``searchsorted`` of pair-tagged values: bigger arrays, more cache misses).
    """
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0.0
    both = np.concatenate((a, b))
    both.sort()
    inter = int(np.count_nonzero(both[1:] == both[:-1]))
    return inter / (len(a) + len(b) - inter), inter / min(len(a), len(b))


def exact_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted arrays of distinct values."""
    return exact_scores(a, b)[0]


@dataclass(frozen=True)
class Scores:
    """Per-pair verification results (parallel arrays)."""

    accept: np.ndarray
    similarity: np.ndarray
    jaccard: np.ndarray
    containment: np.ndarray


@dataclass(frozen=True)
class MatchRule:
    """When two documents are near-duplicates.

    Parameters
    ----------
    threshold : float
        Minimum Jaccard similarity.
    containment : float or None
        Minimum containment of the shorter document in the longer one; None
        turns the containment rule off.
    min_words : int
        The containment rule only applies when the shorter document has at
        least this many words.
    """

    threshold: float
    containment: float | None = None
    min_words: int = 0

    def _contained(self, words_a: np.ndarray, words_b: np.ndarray) -> np.ndarray:
        if self.containment is None:
            return np.zeros(np.broadcast(words_a, words_b).shape, dtype=np.bool_)
        return np.minimum(words_a, words_b) >= self.min_words

    def decide(self, jaccard, containment, words_a, words_b) -> tuple[np.ndarray, np.ndarray]:
        """Vectorised decision: ``(accept, similarity)`` for each pair."""
        jaccard = np.asarray(jaccard, dtype=np.float64)
        containment = np.asarray(containment, dtype=np.float64)
        by_jaccard = jaccard >= self.threshold
        by_containment = self._contained(np.asarray(words_a), np.asarray(words_b)) & (
            containment >= (self.containment if self.containment is not None else np.inf)
        )
        similarity = np.where(by_jaccard | ~by_containment, jaccard, containment)
        return by_jaccard | by_containment, similarity

    def jaccard_floor(self, words_a: np.ndarray, words_b: np.ndarray) -> np.ndarray:
        """The lowest Jaccard a matching pair of documents of these sizes can have.

        With ``|A| <= |B|`` and containment ``c``, Jaccard is
        ``c |A| / (|A| + |B| - c |A|)``; word counts stand in for set sizes.
        """
        floor = np.full(np.broadcast(words_a, words_b).shape, self.threshold, dtype=np.float64)
        if self.containment is None:
            return floor
        small = np.minimum(words_a, words_b).astype(np.float64)
        large = np.maximum(np.maximum(words_a, words_b), 1).astype(np.float64)
        c = self.containment
        by_containment = c * small / (small + large - c * small)
        ok = self._contained(words_a, words_b)
        floor[ok] = np.minimum(floor[ok], by_containment[ok])
        return floor

    def estimated(self, est_jaccard, words_a, words_b) -> tuple[np.ndarray, np.ndarray]:
        """Containment implied by a Jaccard estimate and the word counts."""
        small = np.maximum(np.minimum(words_a, words_b), 1).astype(np.float64)
        total = (np.asarray(words_a) + np.asarray(words_b)).astype(np.float64)
        return est_jaccard, np.minimum(1.0, est_jaccard * total / ((1.0 + est_jaccard) * small))


def _slack(floor: np.ndarray, num_perm: int) -> np.ndarray:
    """Four standard deviations of the MinHash estimator plus one slot."""
    t = np.clip(floor, 0.0, 1.0)
    return 4.0 * np.sqrt(t * (1.0 - t) / num_perm) + 1.0 / num_perm


def verify_pairs(
    sig_left: np.ndarray,
    sig_right: np.ndarray,
    words_left: np.ndarray,
    words_right: np.ndarray,
    rule: MatchRule,
    sets_left: Callable[[int], np.ndarray] | None = None,
    sets_right: Callable[[int], np.ndarray] | None = None,
) -> Scores:
    """Score candidate pairs and decide which meet ``rule``.

    Parameters
    ----------
    sig_left, sig_right : numpy.ndarray
        Signatures of the two sides of each pair, shape ``(m, num_perm)``.
    words_left, words_right : numpy.ndarray
        Word counts of the two sides (for the containment rule).
    rule : MatchRule
        The decision rule.
    sets_left, sets_right : callable, optional
        ``sets_left(i)`` returns the sorted distinct shingle hashes of the left
        side of pair ``i`` (likewise right); without them the MinHash
        estimates decide.

    Returns
    -------
    Scores
        Exact scores where computed, estimates elsewhere.
    """
    m = len(sig_left)
    if m == 0:
        empty = np.empty(0)
        return Scores(np.zeros(0, dtype=np.bool_), empty, empty, empty)
    words_left = np.asarray(words_left)
    words_right = np.asarray(words_right)
    est = estimate_jaccard(sig_left, sig_right)
    jac, cont = rule.estimated(est, words_left, words_right)
    jac = np.array(jac, dtype=np.float64)
    cont = np.array(cont, dtype=np.float64)
    if sets_left is None or sets_right is None:
        accept, sim = rule.decide(jac, cont, words_left, words_right)
        return Scores(accept, sim, jac, cont)
    floor = rule.jaccard_floor(words_left, words_right)
    check = np.flatnonzero(est >= floor - _slack(floor, sig_left.shape[-1]))
    if len(check):
        exact = np.array([exact_scores(sets_left(i), sets_right(i)) for i in check.tolist()], dtype=np.float64)
        jac[check], cont[check] = exact[:, 0], exact[:, 1]
    accept = np.zeros(m, dtype=np.bool_)
    sim = jac.copy()
    if len(check):
        accept[check], sim[check] = rule.decide(jac[check], cont[check], words_left[check], words_right[check])
    return Scores(accept, sim, jac, cont)
