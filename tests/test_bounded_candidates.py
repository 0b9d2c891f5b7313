"""Big clusters cost a constant per document (issue 15), and without big
clusters the bounded rule gives what the unbounded one gives.

The unbounded reference is the same index with the bounds of
:mod:`dedup.candidates` raised out of reach: every LSH candidate verified,
which is what dedup did before the bound.
"""

from __future__ import annotations

import random

import pytest

import dedup
from dedup import candidates
from dedup.candidates import unbounded

VOCAB = [f"{a}{b}{c}" for a in "bcdfglmnprstv" for b in "aeiou" for c in "klmnrst"]


def story(rng: random.Random, words: int = 220) -> list[str]:
    return [rng.choice(VOCAB) for _ in range(words)]


def edited(rng: random.Random, words: list[str], rate: float) -> str:
    out = list(words)
    for _ in range(max(1, int(len(out) * rate))):
        out[rng.randrange(len(out))] = rng.choice(VOCAB)
    return " ".join(out)


def copies(n: int, seed: int = 0, rate: float = 0.02) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    base = story(rng)
    return [(f"copy{i}", edited(rng, base, rate)) for i in range(n)]


def as_partition(clusters) -> set[frozenset]:
    return {frozenset(c) for c in clusters}


def test_verified_pairs_per_document_stay_bounded_as_a_cluster_grows():
    docs = copies(5001)
    index = dedup.Deduplicator(strip=False)
    per_document = {}
    start = 0
    for size in (10, 100, 1000, 5000):
        index.add_many(docs[start:size])
        before = index.stats()["verified_pairs"]
        index.add(*docs[size])  # one more copy of a story with `size` copies
        per_document[size] = index.stats()["verified_pairs"] - before
        start = size + 1
    assert max(per_document.values()) <= candidates.VERIFY_LIMIT, per_document
    assert len(index.clusters()) == 1
    # Without the bound the same copy is verified against every earlier one.
    with unbounded():
        reference = dedup.Deduplicator(strip=False)
        reference.add_many(docs[:1000])
        before = reference.stats()["verified_pairs"]
        reference.add(*docs[1000])
        assert reference.stats()["verified_pairs"] - before > 100


def test_a_reopened_index_adds_to_a_big_cluster_with_bounded_work(tmp_path):
    docs = copies(1202, seed=1)
    path = tmp_path / "wire.db"
    with dedup.Deduplicator(path=path, strip=False, create=True) as index:
        index.add_many(docs[:1200])
    with dedup.open_index(path) as index:
        for doc in docs[1200:]:  # one at a time: the file's buckets, no cached LSH copy
            before = index.stats()["verified_pairs"]
            match = index.add(*doc)
            assert index.stats()["verified_pairs"] - before <= candidates.VERIFY_LIMIT
            assert match.duplicate_of is not None
        assert len(index.clusters()) == 1
        assert index.check() == []
        assert index.stats()["clusters"] == 1 and len(index) == 1202


def small_clusters_corpus(seed: int) -> list[tuple[str, str]]:
    """Stories with at most 4 copies each (edits, teasers, a line added), shuffled."""
    rng = random.Random(seed)
    docs = []
    for s in range(120):
        base = story(rng, rng.randrange(60, 260))
        docs.append((f"s{s}", " ".join(base)))
        for c in range(rng.randrange(0, 5)):
            kind = rng.choice(["edit", "teaser", "line"])
            if kind == "edit":
                text = edited(rng, base, rng.uniform(0.01, 0.2))
            elif kind == "teaser":
                text = " ".join(base[: int(len(base) * rng.uniform(0.5, 0.9))])
            else:
                text = " ".join(base) + " share this article"
            docs.append((f"s{s}c{c}", text))
    rng.shuffle(docs)
    return docs


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_without_big_clusters_the_partition_is_the_unbounded_one(seed):
    docs = small_clusters_corpus(seed)
    bounded = dedup.Deduplicator(strip=False)
    matches = bounded.add_many(docs)
    with unbounded():
        reference = dedup.Deduplicator(strip=False)
        expected = reference.add_many(docs)
    assert as_partition(bounded.clusters()) == as_partition(reference.clusters())
    assert bounded.clusters() == reference.clusters()  # representatives and order too
    assert len(bounded.clusters()) < len(docs) - 150  # plenty of merging happened
    # Documents with no more than VERIFY_LIMIT candidates get the same Match.
    assert sum(a == b for a, b in zip(matches, expected)) >= len(docs) - 5


def test_sqlite_gives_the_in_memory_result_with_a_big_cluster(tmp_path):
    docs = copies(600, seed=2) + small_clusters_corpus(3)[:200]
    random.Random(4).shuffle(docs)
    memory = dedup.Deduplicator(strip=False, batch_size=128)
    expected = memory.add_many(docs)
    with dedup.Deduplicator(path=tmp_path / "x.db", strip=False, batch_size=128, create=True) as stored:
        got = stored.add_many(docs[:300]) + stored.add_many(docs[300:])
        assert got == expected
        assert stored.clusters() == memory.clusters()
        assert stored.check() == []


def test_a_big_cluster_is_one_cluster_with_and_without_the_bound():
    docs = copies(400, seed=5, rate=0.03) + small_clusters_corpus(6)
    random.Random(7).shuffle(docs)
    bounded = dedup.cluster(docs, strip=False)
    with unbounded():
        reference = dedup.cluster(docs, strip=False)
    assert as_partition(bounded) == as_partition(reference)
    assert max(map(len, bounded)) == 400
