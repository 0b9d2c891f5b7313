"""How well a clustering agrees with labels: pairwise scores, ARI, and the errors.

Used by ``dedup evaluate LABELS.jsonl`` (documents with a ``cluster`` label:
how well do dedup's clusters match them, at one threshold or over a sweep)
and by ``benchmarks/quality.py``.

* :func:`pairwise_scores` -- over all pairs of documents, a pair is a true
  positive when both labelings put its two documents together; precision =
  tp / pairs together in the prediction, recall = tp / pairs together in the
  truth, F1 = 2 tp / (both counts summed).
* :func:`adjusted_rand_index` -- Hubert & Arabie (1985).
* :func:`evaluate_labels` -- clusters documents with :func:`dedup.cluster`
  at each threshold and scores them; the errors come as groups: *merged*,
  two labels inside one predicted cluster (every pair across them is a false
  positive), and *missed*, one label split between two predicted clusters
  (every pair across them a false negative); each group names its closest
  pair of documents (highest exact similarity, as the match rule scores it),
  the one to look at with :func:`dedup.explain`.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .config import Config, split_options
from .documents import DocId, iter_documents
from .validation import integer

__all__ = [
    "ErrorGroup",
    "Evaluation",
    "adjusted_rand_index",
    "contingency",
    "evaluate_labels",
    "labels_from_clusters",
    "pair_counts",
    "pairwise_scores",
    "parse_thresholds",
]

#: Documents of each side compared when looking for a group's closest pair.
CLOSEST_PAIR_SIDE = 32


# ------------------------------------------------------------------------ metrics


def _codes(labels: Sequence[Hashable]) -> np.ndarray:
    """Labels as consecutive integers (first appearance order)."""
    index: dict[Hashable, int] = {}
    return np.fromiter((index.setdefault(x, len(index)) for x in labels), dtype=np.int64, count=len(labels))


def contingency(truth: Sequence[Hashable], pred: Sequence[Hashable]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Non-zero cells of the contingency table of two labelings of the same
    items, and its row (truth) and column (prediction) sums."""
    if len(truth) != len(pred):
        raise ValueError(f"labelings of different lengths: {len(truth)} and {len(pred)}")
    t, p = _codes(truth), _codes(pred)
    if not len(t):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    cell = t * (int(p.max()) + 1) + p
    return np.unique(cell, return_counts=True)[1], np.bincount(t), np.bincount(p)


def _pairs(counts: np.ndarray) -> int:
    """Sum of ``c * (c - 1) / 2``, exactly (Python integers)."""
    return sum(int(c) * (int(c) - 1) // 2 for c in counts)


def pair_counts(truth: Sequence[Hashable], pred: Sequence[Hashable]) -> dict[str, int]:
    """Pair counts: ``tp`` (together in both), ``true_pairs`` (together in the
    truth), ``pred_pairs`` (together in the prediction), ``fp``, ``fn``, ``total``."""
    cells, rows, cols = contingency(truth, pred)
    tp, true_pairs, pred_pairs = _pairs(cells), _pairs(rows), _pairs(cols)
    n = len(truth)
    return {
        "tp": tp,
        "fp": pred_pairs - tp,
        "fn": true_pairs - tp,
        "true_pairs": true_pairs,
        "pred_pairs": pred_pairs,
        "total": n * (n - 1) // 2,
    }


def pairwise_scores(truth: Sequence[Hashable], pred: Sequence[Hashable]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of ``pred`` against ``truth``.

    Precision is 1.0 when no pair is predicted, recall 1.0 when the truth has
    no pair; F1 = 2 tp / (true pairs + predicted pairs), 1.0 when both are 0.

    >>> s = pairwise_scores(["a", "a", "b", "b"], [0, 0, 1, 2])
    >>> s["precision"], s["recall"], round(s["f1"], 4)
    (1.0, 0.5, 0.6667)
    """
    c = pair_counts(truth, pred)
    tp, t, p = c["tp"], c["true_pairs"], c["pred_pairs"]
    return {
        "precision": tp / p if p else 1.0,
        "recall": tp / t if t else 1.0,
        "f1": 2 * tp / (t + p) if t + p else 1.0,
        **{k: float(v) for k, v in c.items()},
    }


def adjusted_rand_index(truth: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    """Adjusted Rand Index (Hubert & Arabie, 1985) of two labelings.

    ``(index - expected) / (max - expected)`` with ``index`` = sum over
    contingency cells of C(n_ij, 2), ``expected`` = sum_i C(a_i, 2) *
    sum_j C(b_j, 2) / C(n, 2) and ``max`` = (sum_i C(a_i, 2) + sum_j C(b_j, 2)) / 2.
    1.0 for identical partitions (also the degenerate cases where the
    denominator is 0: both all singletons, or both one cluster), about 0.0
    for independent ones, negative below chance.

    >>> round(adjusted_rand_index([0, 0, 1, 1], [0, 0, 1, 2]), 4)
    0.5714
    """
    cells, rows, cols = contingency(truth, pred)
    n = len(truth)
    total = n * (n - 1) // 2
    if total == 0:
        return 1.0
    index, a, b = _pairs(cells), _pairs(rows), _pairs(cols)
    expected = a * b / total
    maximum = (a + b) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def labels_from_clusters(clusters: Sequence[Sequence[Hashable]], ids: Sequence[Hashable]) -> list[int]:
    """Cluster number of each id of ``ids``, from a partition (list of clusters)."""
    where = {x: k for k, members in enumerate(clusters) for x in members}
    missing = [x for x in ids if x not in where]
    placed = sum(len(members) for members in clusters)
    if missing or len(where) != len(ids) or placed != len(ids):
        raise ValueError(
            f"not a partition of the ids ({len(missing)} missing, {len(where)} clustered, {placed} placements)"
        )
    return [where[x] for x in ids]


# ------------------------------------------------------------------ thresholds

_RANGE = re.compile(r"^\s*([^:]+):([^:]+):([^:]+)\s*$")


def parse_thresholds(text: str) -> list[float]:
    """Thresholds from ``"0.5,0.6,0.7"`` or a range ``"START:STOP:STEP"``
    (both ends included), sorted and without repeats; each in (0, 1].

    >>> parse_thresholds("0.7,0.5, 0.6")
    [0.5, 0.6, 0.7]
    >>> parse_thresholds("0.5:0.7:0.05")
    [0.5, 0.55, 0.6, 0.65, 0.7]
    """

    def number(s: str) -> float:
        try:
            value = float(s)
        except ValueError:
            raise ValueError(
                f"thresholds: {s.strip()!r} is not a number (expected e.g. 0.5,0.6 or 0.5:0.9:0.05)"
            ) from None
        if not np.isfinite(value):
            raise ValueError(f"thresholds: {s.strip()!r} is not a finite number")
        return value

    found = _RANGE.match(text)
    if found:
        start, stop, step = (number(x) for x in found.groups())
        if step <= 0 or stop < start:
            raise ValueError(f"thresholds: range {text.strip()!r} needs START <= STOP and STEP > 0")
        count = int(np.floor((stop - start) / step + 1e-9)) + 1
        if count > 1000:
            raise ValueError(f"thresholds: range {text.strip()!r} has {count} values, more than 1000")
        values = [round(start + i * step, 10) for i in range(count)]
    else:
        parts = [x for x in text.split(",") if x.strip()]
        if not parts:
            raise ValueError("thresholds: no value given (expected e.g. 0.5,0.6 or 0.5:0.9:0.05)")
        values = [number(x) for x in parts]
    for v in values:
        if not 0.0 < v <= 1.0:
            raise ValueError(f"thresholds: {v:g} is outside (0, 1]")
    return sorted(set(values))


# ------------------------------------------------------------------ evaluation


@dataclass(frozen=True)
class ErrorGroup:
    """Documents put together against their labels, or apart despite them.

    Attributes
    ----------
    kind : str
        ``"merged"``: documents of two labels in one predicted cluster;
        ``"missed"``: documents of one label in two predicted clusters.
    labels : tuple
        The two labels (merged) or the one label twice (missed).
    clusters : tuple of int
        The predicted cluster twice (merged) or the two clusters (missed),
        numbered as :func:`dedup.cluster` orders them.
    pairs : int
        Pairs of documents across the two sides: false positives (merged)
        or false negatives (missed).
    closest : tuple
        The ids of the pair across the two sides with the highest similarity
        (among the first :data:`CLOSEST_PAIR_SIDE` documents of each side).
    similarity, jaccard, containment : float
        That pair's exact scores; ``similarity`` is the one the match rule
        decides on (containment when only the containment rule accepts).
    """

    kind: str
    labels: tuple[Any, Any]
    clusters: tuple[int, int]
    pairs: int
    closest: tuple[DocId, DocId]
    similarity: float
    jaccard: float
    containment: float


@dataclass(frozen=True)
class Evaluation:
    """Scores of dedup's clusters at one threshold against the labels.

    ``merged`` and ``missed`` hold the worst error groups (most pairs first;
    ties: first documents first), at most ``show`` of each;
    ``merged_groups`` and ``missed_groups`` count them all.
    """

    threshold: float
    documents: int
    labels: int
    clusters: int
    precision: float
    recall: float
    f1: float
    ari: float
    tp: int
    fp: int
    fn: int
    true_pairs: int
    pred_pairs: int
    merged_groups: int
    missed_groups: int
    merged: list[ErrorGroup]
    missed: list[ErrorGroup]


def _split(members: list[int], by: Sequence[Hashable]) -> list[tuple[Hashable, list[int]]]:
    """``members`` grouped by ``by`` (groups in order of their first member)."""
    out: dict[Hashable, list[int]] = {}
    for i in members:
        out.setdefault(by[i], []).append(i)
    return list(out.items())


def _worst_pairs(
    groups: list[tuple[Hashable, list[int]]], show: int
) -> tuple[int, list[tuple[tuple[Hashable, list[int]], tuple[Hashable, list[int]]]]]:
    """How many pairs of ``groups`` there are, and the ``show`` pairs of them
    with the most documents across (only the ``show + 1`` largest groups can
    hold them)."""
    n = len(groups)
    big = sorted(range(n), key=lambda k: (-len(groups[k][1]), k))[: show + 1]
    pairs = [(a, b) if a < b else (b, a) for x, a in enumerate(big) for b in big[x + 1 :]]
    pairs.sort(key=lambda ab: (-len(groups[ab[0]][1]) * len(groups[ab[1]][1]), ab))
    return n * (n - 1) // 2, [(groups[a], groups[b]) for a, b in pairs[:show]]


def evaluate_labels(
    docs: Iterable[Any],
    labels: Sequence[Hashable],
    thresholds: Sequence[float] | None = None,
    *,
    show: int = 10,
    config: Config | None = None,
    **options: Any,
) -> list[Evaluation]:
    """Cluster ``docs`` at each threshold and score the clusters against ``labels``.

    Parameters
    ----------
    docs : iterable
        ``(id, text)`` pairs (ids unique), or plain strings whose ids are
        their positions.
    labels : sequence
        The true cluster of each document (hashable values: documents with
        equal labels are copies of one story; a document alone has a label
        of its own).
    thresholds : sequence of float, optional
        The Jaccard thresholds to try; default: the configuration's.
    show : int, default 10
        Worst error groups kept of each kind (merged, missed), with their
        closest pair.
    config : dedup.Config, optional
        The configuration, its threshold replaced by each of ``thresholds``.
    **options
        Any other :func:`dedup.cluster` parameter (``containment``,
        ``ngram``, ``strip``, ``workers``, ...).

    Returns
    -------
    list of Evaluation
        One per threshold, in the order given.

    Raises
    ------
    ValueError
        If ``docs`` and ``labels`` differ in length, an id repeats, a label
        is not hashable, or a parameter is invalid.
    TypeError
        On a malformed document (naming it).

    Examples
    --------
    >>> story = "The council approved the budget on Tuesday after a long debate over schools and roads."
    >>> docs = [("a", story), ("b", story + " Share this."), ("c", "Rain is expected in the north.")]
    >>> e = evaluate_labels(docs, ["s1", "s1", "s2"])[0]
    >>> e.precision, e.recall, e.f1
    (1.0, 1.0, 1.0)
    """
    from .batch import cluster
    from .lsh import sorted_unique
    from .pipeline import fingerprint
    from .verify import exact_scores

    if "threshold" in options:
        raise ValueError("threshold: give the thresholds to try as thresholds=[...]")
    docs = list(iter_documents(docs))
    labels = list(labels)
    if len(docs) != len(labels):
        raise ValueError(f"labels: {len(labels)} labels for {len(docs)} documents")
    for k, label in enumerate(labels):
        if not isinstance(label, Hashable):
            raise ValueError(f"labels: the label of document {docs[k][0]!r} is a {type(label).__name__}, not hashable")
    ids = [i for i, _ in docs]
    seen: set = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"docs: duplicate id {i!r}")
        seen.add(i)
    show = integer("show", show, 0)
    settings, rest = split_options(options)
    base = Config.make(config, **settings)
    thresholds = [base.threshold] if thresholds is None else [float(t) for t in thresholds]
    if not thresholds:
        raise ValueError("thresholds: no value given")
    sets: dict[int, np.ndarray] = {}
    words: dict[int, int] = {}
    everyone = list(range(len(docs)))
    results = []
    for threshold in thresholds:
        current = base.replace(threshold=threshold)
        rule = current.rule
        pred = labels_from_clusters(cluster(docs, config=current, **rest), ids)
        scores = pairwise_scores(labels, pred)
        merged_n = missed_n = 0
        sides: list[tuple[str, tuple, tuple, list[int], list[int]]] = []
        for c, members in _split(everyone, pred):
            count, worst = _worst_pairs(_split(members, labels), show)
            merged_n += count
            sides += [("merged", (la, c), (lb, c), a, b) for (la, a), (lb, b) in worst]
        for label, members in _split(everyone, labels):
            count, worst = _worst_pairs(_split(members, pred), show)
            missed_n += count
            sides += [("missed", (label, ca), (label, cb), a, b) for (ca, a), (cb, b) in worst]
        kept: dict[str, list] = {"merged": [], "missed": []}
        for kind in kept:
            mine = [s for s in sides if s[0] == kind]
            mine.sort(key=lambda s: (-len(s[3]) * len(s[4]), min(s[3][0], s[4][0]), max(s[3][0], s[4][0])))
            kept[kind] = mine[:show]
        needed = sorted(
            {i for side in kept.values() for s in side for i in s[3][:CLOSEST_PAIR_SIDE] + s[4][:CLOSEST_PAIR_SIDE]}
            - sets.keys()
        )
        if needed:
            fp = fingerprint([docs[i][1] for i in needed], **current.fingerprint_options(keep_shingles=True))
            for k, i in enumerate(needed):
                sets[i] = sorted_unique(fp.shingles(k))
                words[i] = int(fp.token_counts[k])

        def group(kind: str, left: tuple, right: tuple, a: list[int], b: list[int], rule=rule) -> ErrorGroup:
            best = (a[0], b[0], -1.0, 0.0, 0.0)
            for x in a[:CLOSEST_PAIR_SIDE]:
                for y in b[:CLOSEST_PAIR_SIDE]:
                    jac, cont = exact_scores(sets[x], sets[y])
                    sim = float(rule.decide([jac], [cont], [words[x]], [words[y]])[1][0])
                    if sim > best[2]:
                        best = (x, y, sim, jac, cont)
            x, y, sim, jac, cont = best
            x, y = min(x, y), max(x, y)  # in input order
            return ErrorGroup(
                kind, (left[0], right[0]), (left[1], right[1]), len(a) * len(b), (ids[x], ids[y]), sim, jac, cont
            )

        results.append(
            Evaluation(
                threshold=threshold,
                documents=len(docs),
                labels=len(set(labels)),
                clusters=len(set(pred)),
                precision=scores["precision"],
                recall=scores["recall"],
                f1=scores["f1"],
                ari=adjusted_rand_index(labels, pred),
                tp=int(scores["tp"]),
                fp=int(scores["fp"]),
                fn=int(scores["fn"]),
                true_pairs=int(scores["true_pairs"]),
                pred_pairs=int(scores["pred_pairs"]),
                merged_groups=merged_n,
                missed_groups=missed_n,
                merged=[group(*s) for s in kept["merged"]],
                missed=[group(*s) for s in kept["missed"]],
            )
        )
    return results
