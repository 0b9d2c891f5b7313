"""Verification of LSH candidates: only pairs that meet the threshold survive.

LSH is probabilistic in both directions. Candidates are first screened by the
MinHash estimate of Jaccard similarity (the fraction of equal signature slots,
vectorised over all pairs). When the exact shingle sets are kept, each pair
whose estimate is within a few standard deviations of the threshold is then
scored exactly, ``|A & B| / |A | B|`` on the sets of 32-bit shingle hashes, so
a reported pair really meets the threshold and its similarity is exact.
Without the sets the estimate is the score.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["estimate_jaccard", "exact_jaccard", "screen_slack", "verify_pairs"]


def estimate_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> np.ndarray:
    """Row-wise MinHash estimate of Jaccard similarity of two signature arrays."""
    return np.count_nonzero(sig_a == sig_b, axis=-1) / sig_a.shape[-1]


def exact_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two sorted arrays of distinct values."""
    if len(a) == 0 and len(b) == 0:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    idx = np.searchsorted(b, a)
    idx[idx == len(b)] = 0
    inter = int(np.count_nonzero(b[idx] == a)) if len(b) else 0
    return inter / (len(a) + len(b) - inter)


def screen_slack(threshold: float, num_perm: int) -> float:
    """How far below ``threshold`` an estimate may fall and still be checked
    exactly: four standard deviations of the estimator plus one slot."""
    t = min(max(threshold, 0.0), 1.0)
    return 4.0 * math.sqrt(t * (1.0 - t) / num_perm) + 1.0 / num_perm


def verify_pairs(
    sig_left: np.ndarray,
    sig_right: np.ndarray,
    threshold: float,
    sets_left=None,
    sets_right=None,
) -> tuple[np.ndarray, np.ndarray]:
    """Score candidate pairs and keep those meeting ``threshold``.

    Parameters
    ----------
    sig_left, sig_right : numpy.ndarray
        Signatures of the two sides of each pair, shape ``(m, num_perm)``.
    threshold : float
        Minimum Jaccard similarity (inclusive).
    sets_left, sets_right : sequence of numpy.ndarray, optional
        ``sets_left(i)`` / ``sets_right(i)``: callables returning the sorted
        distinct shingle hashes of pair ``i``'s sides, or None to score with
        the estimate alone.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Boolean mask of accepted pairs and the similarity of every pair
        (exact where computed, else the estimate).
    """
    est = estimate_jaccard(sig_left, sig_right) if len(sig_left) else np.empty(0)
    if sets_left is None or sets_right is None:
        return est >= threshold, est
    sim = est.astype(np.float64, copy=True)
    check = np.flatnonzero(est >= threshold - screen_slack(threshold, sig_left.shape[-1]))
    for i in check:
        sim[i] = exact_jaccard(sets_left(i), sets_right(i))
    accept = np.zeros(len(est), dtype=np.bool_)
    accept[check] = sim[check] >= threshold
    return accept, sim
