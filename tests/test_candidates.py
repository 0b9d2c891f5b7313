"""The candidate bound (dedup.candidates) against a plain-Python statement of the rule."""

from collections import Counter, defaultdict

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.candidates import BUCKET_HEADS, BUCKET_LIMIT, VERIFY_LIMIT, earlier_ranks, group_pairs, strongest


def reference_pairs(keys, positions):
    """Each document paired with the earlier members of each bucket it is in:
    all of them up to BUCKET_LIMIT, else the first heads and the most recent."""
    buckets = defaultdict(set)
    for key, pos in zip(keys, positions):
        buckets[key].add(pos)
    pairs = []
    for members in buckets.values():
        ordered = sorted(members)
        for r, pos in enumerate(ordered):
            before = ordered[:r]
            if len(before) > BUCKET_LIMIT:
                before = before[:BUCKET_HEADS] + before[len(before) - (BUCKET_LIMIT - BUCKET_HEADS) :]
            pairs.extend((pos, e) for e in before)
    return pairs


def reference_strongest(pairs, limit):
    hits = Counter(pairs)
    by_doc = defaultdict(list)
    for (later, earlier), n in hits.items():
        by_doc[later].append((-n, earlier))
    kept = []
    for later, cands in by_doc.items():
        for neg, earlier in sorted(cands)[:limit]:
            kept.append((later, earlier, -neg))
    return sorted(kept)


def test_ranks_of_a_big_bucket():
    member, rank = earlier_ranks(np.array([BUCKET_LIMIT, BUCKET_LIMIT + 1, 1000]))
    assert rank[member == 0].tolist() == list(range(BUCKET_LIMIT))
    recent = BUCKET_LIMIT - BUCKET_HEADS
    assert rank[member == 1].tolist() == list(range(BUCKET_HEADS)) + list(
        range(BUCKET_LIMIT + 1 - recent, BUCKET_LIMIT + 1)
    )
    assert rank[member == 2].tolist() == list(range(BUCKET_HEADS)) + list(range(1000 - recent, 1000))


def test_a_big_bucket_costs_a_constant_per_member():
    n = 5000
    later, earlier = group_pairs(np.zeros(n, dtype=np.uint64), np.arange(n))
    assert len(later) == sum(min(r, BUCKET_LIMIT) for r in range(n))
    lat, ear, hits = strongest(later, earlier)
    assert np.bincount(lat).max() <= VERIFY_LIMIT


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 40)), max_size=300),
    st.integers(1, 12),
)
def test_pairs_and_hits_match_the_reference(entries, limit):
    keys = np.array([k for k, _ in entries], dtype=np.uint64)
    positions = np.array([p for _, p in entries], dtype=np.int64)
    later, earlier = group_pairs(keys, positions)
    # Entries given twice (same key, same document) count once.
    distinct = sorted(set(entries))
    expected = reference_pairs([k for k, _ in distinct], [p for _, p in distinct])
    assert sorted(zip(later.tolist(), earlier.tolist())) == sorted(expected)
    lat, ear, hits = strongest(later, earlier, limit)
    assert list(zip(lat.tolist(), ear.tolist(), hits.tolist())) == reference_strongest(expected, limit)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 30)), max_size=200), st.randoms())
def test_pairs_do_not_depend_on_entry_order(entries, rnd):
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    a = group_pairs(np.array([k for k, _ in entries], dtype=np.uint64), np.array([p for _, p in entries]))
    b = group_pairs(np.array([k for k, _ in shuffled], dtype=np.uint64), np.array([p for _, p in shuffled]))
    assert sorted(zip(*map(np.ndarray.tolist, a))) == sorted(zip(*map(np.ndarray.tolist, b)))
