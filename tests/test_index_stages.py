"""The vectorised index stages against plain-Python references.

:meth:`dedup.lsh.LSHIndex.query` (sorted lookups, distinct pairs by sorting) is
compared with a dictionary from key to items, over random inserts, removals
and repeated keys; :meth:`dedup.lsh.LSHIndex.buckets` with
:func:`dedup.candidates.batch_pairs` (the bounded candidates of a batch) with
:func:`dedup.candidates.group_pairs` over the whole history; :func:`dedup.verify.exact_scores` with Python sets;
:class:`dedup.components.Components` (lazy cluster state) with a breadth-first
search over the edges.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.candidates import batch_pairs, group_pairs, sorted_keys
from dedup.components import Components, smallest_roots
from dedup.lsh import LSHIndex, sorted_unique
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


def _reference_clusters(alive: set[int], edges: set[frozenset], length) -> list[list[int]]:
    """Connected components of the alive slots, representative (longest, then
    earliest) first, then the rest by slot; ordered by earliest member."""
    adjacent: dict[int, set[int]] = {s: set() for s in alive}
    for edge in edges:
        a, b = tuple(edge)
        adjacent[a].add(b)
        adjacent[b].add(a)
    out, seen = [], set()
    for start in sorted(alive):
        if start in seen:
            continue
        comp, stack = set(), [start]
        while stack:
            s = stack.pop()
            if s not in comp:
                comp.add(s)
                stack.extend(adjacent[s])
        seen |= comp
        rep = min(comp, key=lambda s: (-length(s), s))
        out.append([rep, *sorted(comp - {rep})])
    return out


@settings(max_examples=200)
@given(
    st.lists(st.integers(0, 5), min_size=1, max_size=30),
    st.lists(
        st.tuples(st.sampled_from(["union", "remove", "add"]), st.integers(0, 40), st.integers(0, 40)), max_size=60
    ),
)
def test_components_match_reference(lengths, ops):
    length = lambda slot: lengths[slot % len(lengths)]  # noqa: E731
    comp = Components(length)
    comp.add_many(range(0, 10))
    alive, edges, next_slot = set(range(10)), set(), 10
    for op, x, y in ops:
        ordered = sorted(alive)
        if op == "add":
            comp.add(next_slot)
            alive.add(next_slot)
            next_slot += 1
        elif op == "union" and len(ordered) >= 2:
            a, b = ordered[x % len(ordered)], ordered[y % len(ordered)]
            if a != b:
                comp.union(a, b)
                edges.add(frozenset((a, b)))
        elif op == "remove" and ordered:
            slot = ordered[x % len(ordered)]
            comp.remove(slot)
            alive.discard(slot)
            edges = {e for e in edges if slot not in e}
        expected = _reference_clusters(alive, edges, length)
        assert comp.clusters() == expected
        assert len(comp) == len(expected)
        for cluster in expected:
            for slot in cluster:
                assert comp.representative(slot) == cluster[0]
                assert set(comp.neighbours(slot)) == {b for e in edges if slot in e for b in e if b != slot}


@settings(max_examples=200)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=80), st.randoms(use_true_random=False))
def test_smallest_roots_match_union_find(edges, rng):
    """The array components (Spark's driver) are the incremental union-find's
    (the streaming index), in any edge order and direction."""
    reference = Components(lambda slot: 1)
    reference.add_many(sorted({x for edge in edges for x in edge}))
    for a, b in edges:
        reference.union(a, b)
    shuffled = [(b, a) if rng.random() < 0.5 else (a, b) for a, b in edges]
    rng.shuffle(shuffled)
    a = np.array([x for x, _ in shuffled], dtype=np.int64)
    b = np.array([y for _, y in shuffled], dtype=np.int64)
    nodes, roots = smallest_roots(a, b)
    members = sorted({x for edge in edges for x in edge})
    assert nodes.tolist() == members
    assert roots.tolist() == [min(m for m in members if reference.find(m) == reference.find(x)) for x in members]


@given(st.lists(st.integers(0, 2**32 - 1), max_size=80))
def test_sorted_unique_is_np_unique(values):
    arr = np.array(values, dtype=np.uint32)
    out = sorted_unique(arr)
    assert out.dtype == np.uint32
    assert out.tolist() == sorted(set(values))


def test_cluster_without_matches_is_add_many_partition():
    # dedup.cluster adds without making Match objects; the partition must be
    # the one add_many leaves, and the index the same afterwards.
    import dedup

    rng = np.random.default_rng(7)
    words = [f"w{i}" for i in range(300)]
    base = [" ".join(rng.choice(words, size=80)) for _ in range(40)]
    docs = []
    for i in range(400):
        text = base[int(rng.integers(0, len(base)))].split()
        for _ in range(int(rng.integers(0, 12))):
            text[int(rng.integers(0, len(text)))] = str(rng.choice(words))
        docs.append((f"d{i}", " ".join(text[: int(rng.integers(40, 81))])))
    index = dedup.Deduplicator(batch_size=64)
    index.add_many(docs)
    quiet = dedup.Deduplicator(batch_size=64)
    quiet._add_all(docs)
    assert quiet.clusters() == index.clusters() == dedup.cluster(docs, batch_size=64)
    assert len(index.clusters()) < len(docs) - 100  # plenty of merging happened
    assert [quiet.query(t) for _, t in docs[:50]] == [index.query(t) for _, t in docs[:50]]


def _batch_candidates(index: LSHIndex, keys: np.ndarray, items: np.ndarray) -> list[tuple[int, int]]:
    """The bounded pairs of a batch as the index selects them, then the batch inserted."""
    batch = sorted_keys(keys)
    wanted = batch.distinct()
    owner, answer = index.buckets(wanted)
    later, earlier = batch_pairs(batch, items, wanted, owner, answer)
    index.insert(items, batch)
    return sorted(zip(later.tolist(), earlier.tolist()))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 2**32)), min_size=1, max_size=8),
    st.integers(1, 3),
    st.integers(1, 6),
    st.lists(st.integers(0, 150), max_size=40),
    st.integers(0, 2**32),
)
def test_bounded_candidates_are_the_rule_over_the_live_history(batches, bands, distinct_keys, removed, seed):
    # Few distinct keys, so buckets grow far past the bound; batches of any
    # size, removals between them (their entries dead, some merged away).
    rng = np.random.default_rng(seed)
    index = LSHIndex()
    history_keys: list[np.ndarray] = []
    history_items: list[np.ndarray] = []
    dead: set[int] = set()
    next_item = 0
    for size, batch_seed in batches:
        keys = np.random.default_rng(batch_seed).integers(0, distinct_keys, size=(size, bands)).astype(np.uint64)
        items = np.arange(next_item, next_item + size, dtype=np.int64)
        got = _batch_candidates(index, keys, items)
        # The definition: the rule over every live document so far and the batch.
        all_keys = np.concatenate(history_keys + [keys]) if history_keys else keys
        all_items = np.concatenate(history_items + [items]) if history_items else items
        live = ~np.isin(all_items, list(dead))
        later, earlier = group_pairs(all_keys[live].ravel(), np.repeat(all_items[live], bands))
        in_batch = later >= next_item
        assert got == sorted(zip(later[in_batch].tolist(), earlier[in_batch].tolist()))
        history_keys.append(keys)
        history_items.append(items)
        next_item += size
        gone = [r for r in removed if r < next_item and r not in dead and rng.random() < 0.3]
        index.remove(np.array(gone, dtype=np.int64))
        dead.update(gone)


def test_a_query_reads_a_bounded_part_of_a_huge_bucket():
    index = LSHIndex()
    n = 200_000
    index.insert(np.arange(n), np.zeros((n, 1), dtype=np.uint64))
    owner, answer = index.buckets(np.array([0], dtype=np.uint64))
    assert answer.tolist() == [0, 1, 2, 3, -1, n - 4, n - 3, n - 2, n - 1]
    index.remove(np.arange(10))  # heads removed: the next live ones take their place
    owner, answer = index.buckets(np.array([0], dtype=np.uint64))
    assert answer.tolist() == [10, 11, 12, 13, -1, n - 4, n - 3, n - 2, n - 1]
