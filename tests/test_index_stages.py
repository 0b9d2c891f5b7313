"""The vectorised index stages against plain-Python references.

:meth:`dedup.lsh.LSHIndex.query` (sorted lookups, distinct pairs by sorting)
is compared with a dictionary from key to items, over random inserts, removals
and repeated keys; :func:`dedup.verify.exact_scores` with Python sets.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.lsh import LSHIndex
from dedup.verify import exact_scores


def _reference_query(entries: dict[int, list[int]], dead: set[int], keys: np.ndarray) -> list[tuple[int, int]]:
    """Distinct ``(row, item)`` pairs sharing a key, sorted: the definition."""
    pairs = set()
    for row, row_keys in enumerate(keys.tolist()):
        for key in row_keys:
            pairs.update((row, item) for item in entries.get(key, ()) if item not in dead)
    return sorted(pairs)


@settings(max_examples=150)
@given(
    st.integers(1, 4),
    st.lists(st.tuples(st.integers(1, 12), st.integers(0, 2**32)), min_size=1, max_size=8),
    st.lists(st.integers(0, 60), max_size=10),
    st.integers(0, 2**32),
)
def test_lsh_query_matches_reference(bands, batches, removed, seed):
    # Few distinct keys, so items share keys, keys repeat within a row and a
    # key appears in several runs.
    rng = np.random.default_rng(seed)
    index = LSHIndex()
    entries: dict[int, list[int]] = {}
    dead: set[int] = set()
    next_item = 0
    for size, batch_seed in batches:
        keys = np.random.default_rng(batch_seed).integers(0, 20, size=(size, bands)).astype(np.uint64)
        items = np.arange(next_item, next_item + size)
        index.insert(items, keys)
        for item, row in zip(items.tolist(), keys.tolist()):
            dead.discard(item)
            for key in row:
                entries.setdefault(key, []).append(item)
        next_item += size
        gone = [r for r in removed if r < next_item and rng.random() < 0.3]
        index.remove(np.array(gone, dtype=np.int64))
        dead.update(gone)
    queries = rng.integers(0, 24, size=(int(rng.integers(0, 40)), bands)).astype(np.uint64)
    rows, items = index.query(queries)
    assert rows.dtype == np.int64 and items.dtype == np.int64
    assert list(zip(rows.tolist(), items.tolist())) == _reference_query(entries, dead, queries)


def test_lsh_query_empty_index_and_empty_query():
    index = LSHIndex()
    rows, items = index.query(np.zeros((3, 4), dtype=np.uint64))
    assert len(rows) == len(items) == 0
    index.insert(np.empty(0, dtype=np.int64), np.empty((0, 4), dtype=np.uint64))
    index.insert(np.array([3]), np.arange(4, dtype=np.uint64).reshape(1, 4))
    rows, items = index.query(np.empty((0, 4), dtype=np.uint64))
    assert len(rows) == len(items) == 0
    rows, items = index.query(np.array([[9, 9, 2, 9]], dtype=np.uint64))
    assert rows.tolist() == [0] and items.tolist() == [3]


_HASHES = st.one_of(st.integers(0, 40), st.integers(0, 2**32 - 1))


@settings(max_examples=300)
@given(st.sets(_HASHES, max_size=60), st.sets(_HASHES, max_size=60), st.booleans())
def test_exact_scores_match_set_arithmetic(a, b, shuffled):
    # The same floats as the definition, whatever the order of the values.
    arr_a = np.array(sorted(a), dtype=np.uint32)
    arr_b = np.array(sorted(b), dtype=np.uint32)
    if shuffled:
        arr_a, arr_b = arr_a[::-1].copy(), np.random.default_rng(len(b)).permutation(arr_b)
    jaccard, containment = exact_scores(arr_a, arr_b)
    if not a or not b:
        assert (jaccard, containment) == (0.0, 0.0)
    else:
        inter = len(a & b)
        assert jaccard == inter / (len(a) + len(b) - inter)
        assert containment == inter / min(len(a), len(b))
    assert exact_scores(arr_b, arr_a) == (jaccard, containment)
