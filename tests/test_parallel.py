"""Worker processes give exactly the results of one process."""

from __future__ import annotations

import random

import numpy as np
import pytest

import dedup
from dedup import parallel
from dedup.parallel import fingerprint_chunks, resolve_workers


def corpus(n: int, seed: int = 3) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(800)]
    docs: list[tuple[str, str]] = []
    for i in range(n):
        if docs and rng.random() < 0.3:
            words = rng.choice(docs)[1].split()
            for _ in range(max(1, len(words) // 40)):
                words[rng.randrange(len(words))] = rng.choice(vocab)
        else:
            words = [rng.choice(vocab) for _ in range(rng.randint(40, 120))]
        docs.append((f"d{i}", " ".join(words)))
    return docs


def test_workers_give_identical_clusters_and_matches():
    docs = corpus(400)
    one = dedup.Deduplicator(batch_size=50)
    two = dedup.Deduplicator(batch_size=50)
    assert one.add_many(docs, workers=1) == two.add_many(docs, workers=2)
    assert one.clusters() == two.clusters()
    assert any(len(c) > 1 for c in one.clusters())


def test_workers_give_identical_signatures():
    texts = [t for _, t in corpus(300)]
    assert np.array_equal(dedup.signatures(texts, workers=1), dedup.signatures(texts, workers=2))
    assert dedup.signatures([], workers=2).shape == (0, 128)


def test_cluster_accepts_workers():
    docs = corpus(200)
    assert dedup.cluster(docs, workers=2, batch_size=64) == dedup.cluster(docs, workers=1)


def test_bad_document_with_workers_keeps_earlier_ones():
    docs = corpus(120)
    docs[100] = ("bad", None)
    index = dedup.Deduplicator(batch_size=16)
    with pytest.raises(TypeError, match="'bad'"):
        index.add_many(docs, workers=2)
    assert len(index) == 100 and "d99" in index


def test_automatic_mode_stays_in_process_for_small_inputs(monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a process pool was started for a small input")

    monkeypatch.setattr(parallel, "WorkerPool", no_pool)
    docs = corpus(100)
    assert dedup.cluster(docs) == dedup.cluster(docs, workers=1)


def test_automatic_mode_uses_processes_for_large_inputs(monkeypatch):
    started = []
    real = parallel.WorkerPool

    def spy(workers, *args, **kwargs):
        started.append(workers)
        return real(workers, *args, **kwargs)

    monkeypatch.setattr(parallel, "WorkerPool", spy)
    monkeypatch.setattr(parallel, "AUTO_MIN_DOCS", 100)
    monkeypatch.setattr(parallel, "available_cores", lambda: 2)
    chunks = [[f"text {i} of chunk {c}" for i in range(40)] for c in range(5)]
    out = list(fingerprint_chunks(iter(chunks), lambda c: c, workers=None, ngram=3, num_perm=16, seed=1, strip=False))
    assert started == [2]
    assert [c for c, _ in out] == chunks


@pytest.mark.parametrize("bad", [0, -1, 1.5, "2", True])
def test_invalid_workers(bad):
    with pytest.raises(ValueError, match="workers"):
        resolve_workers(bad)
    with pytest.raises(ValueError, match="workers"):
        dedup.signatures(["a b c"], workers=bad)
