"""The peers of ``benchmarks/peers.py``: shingles as their users compute them,
union-find, and the peer rows on a few documents."""

from __future__ import annotations

import sys

from benchmarks import peers


def test_union_find():
    uf = peers.UnionFind(5)
    uf.union(0, 3)
    uf.union(3, 4)
    labels = uf.labels()
    assert labels[0] == labels[3] == labels[4] and len({labels[0], labels[1], labels[2]}) == 3
    assert peers.largest_component(5, [(0, 3), (3, 4)]) == 3
    assert peers.largest_component(3, []) == 1


def test_datasketch_shingles():
    assert peers.datasketch_shingles("A b c d e F", 5) == [b"a b c d e", b"b c d e f"]
    assert peers.datasketch_shingles("two words", 5) == [b"two words"]
    assert peers.datasketch_shingles("  ", 5) == []


def test_peer_shingles_are_lower_cased_word_ngrams():
    assert peers.peer_shingles("One, two; THREE four!", 3) == ["one two three", "two three four"]
    assert peers.peer_shingles("just two", 3) == ["just two"]
    assert peers.peer_shingles("...", 3) == []


def test_peer_rows_find_a_copy():
    story = " ".join(f"word{i}" for i in range(200))
    texts = [story, story.replace("word7 ", "other "), " ".join(f"else{i}" for i in range(200))]
    assert len(peers.datasketch_update(texts[:1], 3)) == 1 and len(peers.datasketch_bulk(texts, 3)) == 3
    labels = peers.datasketch_lsh_labels(texts, threshold=0.8, num_perm=128, ngram=5)
    assert labels[0] == labels[1] != labels[2]
    for name, largest in peers.peer_lsh_rows().items():
        assert largest(texts) == 2, name


def test_rensa_is_optional(monkeypatch):
    monkeypatch.setitem(sys.modules, "rensa", None)  # import rensa -> ImportError
    assert peers.import_rensa() is None and peers.rensa_version() is None
    assert list(peers.peer_lsh_rows()) == ["datasketch MinHash.bulk + MinHashLSH"]
