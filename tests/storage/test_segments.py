"""LSH buckets of a persistent index whose story spans many segments (issue 15).

An index file keeps its band keys by segment (``slot >> segment_bits``), so a
wire story copied all through a big file has members in every segment. The
bucket rule (:mod:`dedup.candidates`) needs only a bucket's first and last
members, so a lookup must read those and not every segment's: the answers of
an index with one segment, and SQLite work that does not grow with the number
of segments a bucket spans. The segments are made small here (a few slots)
so that a few hundred documents span dozens of them.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

import dedup
from dedup.lsh import band_keys
from dedup.storage.sqlite import SQLiteStorage, schema

VOCAB = [f"{a}{b}{c}" for a in "bcdfglmnprstv" for b in "aeiou" for c in "klmnrst"]


def _story(rng: random.Random, words: int = 200) -> list[str]:
    return [rng.choice(VOCAB) for _ in range(words)]


def _copy(rng: random.Random, words: list[str]) -> str:
    out = list(words)
    for _ in range(4):
        out[rng.randrange(len(out))] = rng.choice(VOCAB)
    return " ".join(out)


def _stream(copies: int, others: int, seed: int = 0, prefix: str = "") -> list[tuple[str, str]]:
    """``copies`` edited copies of one story spread evenly among ``others``
    unrelated stories."""
    rng = random.Random(seed)
    base = _story(rng)
    docs = [(f"{prefix}copy{i}", _copy(rng, base)) for i in range(copies)]
    docs += [(f"{prefix}other{i}", " ".join(_story(rng))) for i in range(others)]
    order = sorted(range(len(docs)), key=lambda i: (i if i < copies else (i - copies) * copies / others, i))
    return [docs[i] for i in order]


def _build(path, docs, segment_bits: int, monkeypatch) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(schema, "SEGMENT_BITS", segment_bits)
        with dedup.Deduplicator(path=path, strip=False, create=True, batch_size=16) as index:
            for start in range(0, len(docs), 16):  # many transactions, like a stream
                index.add_many(docs[start : start + 16])


def _as_tuple(match: dedup.Match) -> tuple:
    return match.id, match.representative, match.duplicate_of, match.similarity


def test_many_segments_give_the_answers_of_one(tmp_path, monkeypatch):
    docs = _stream(copies=120, others=120)
    probes = _stream(copies=12, others=12, prefix="probe-")
    results = {}
    for bits in (2, 30):  # 4 slots a segment (60 segments), and one segment
        path = tmp_path / f"bits{bits}.db"
        _build(path, docs, bits, monkeypatch)
        with dedup.open_index(path) as index:
            matches = [_as_tuple(index.add(doc_id, text)) for doc_id, text in probes]
            results[bits] = (matches, sorted(map(sorted, index.clusters())))
    memory = dedup.Deduplicator(strip=False, batch_size=16)
    for start in range(0, len(docs), 16):
        memory.add_many(docs[start : start + 16])
    expected = [_as_tuple(memory.add(doc_id, text)) for doc_id, text in probes]
    assert results[2] == results[30]
    assert results[2][0] == expected
    assert results[2][1] == sorted(map(sorted, memory.clusters()))


def _lookup_steps(storage: SQLiteStorage, keys: np.ndarray) -> tuple[int, tuple[np.ndarray, np.ndarray]]:
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    with storage.read():
        storage.con.set_progress_handler(count, 1)
        try:
            answer = storage.lsh_buckets(np.unique(keys))
        finally:
            storage.con.set_progress_handler(None, 1)
    return steps[0], answer


@pytest.mark.parametrize("copies", [120, 480])
def test_a_bucket_over_many_segments_costs_what_an_absent_key_costs(tmp_path, monkeypatch, copies):
    # Every segment (16 slots) holds 12 copies of the story: a lookup that
    # walked each segment's bucket read 14 rows per segment and key (its
    # first 9 and last 5), against one probe per segment for a key nobody has.
    path = tmp_path / "x.db"
    _build(path, _stream(copies=copies, others=copies // 3), 4, monkeypatch)
    config = dedup.Config(strip=False)
    rng = random.Random(5)
    copy, new = _copy(rng, _story(random.Random(0))), " ".join(_story(rng))
    signatures = dedup.signatures([copy, new], config=config)
    keys = band_keys(signatures, *config.bands)
    storage = SQLiteStorage(path, config, read_only=True)
    try:
        copy_steps, (owner, slots) = _lookup_steps(storage, keys[0])
        new_steps, (new_owner, _) = _lookup_steps(storage, keys[1])
    finally:
        storage.close()
    assert len(new_owner) == 0  # the new story shares no bucket
    assert len(owner) > 0 and slots.max() >= copies  # the copy's buckets reach the last segments
    assert copy_steps <= 2 * new_steps, (copy_steps, new_steps)
