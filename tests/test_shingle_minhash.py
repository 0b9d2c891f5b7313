"""Shingling, MinHash and LSH building blocks.

* the vectorised shingler equals the pure-Python reference definition;
* signatures are bit-identical to datasketch's MinHash with ``dedup.shingle_hash``
  and interoperate with ``datasketch.MinHashLSH``;
* the signature Jaccard estimate is statistically sound;
* band keys and the numpy LSH index behave as documented.
"""

from __future__ import annotations

import random

import datasketch
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from dedup.lsh import LSHIndex, band_keys
from dedup.shingle import shingle_batch

EMPTY = 0xFFFFFFFF

# Pieces that exercise normalisation and tokenisation: case, ligatures,
# full-width forms, combining marks, CJK (one token per character), Hangul,
# curly quotes, dashes, odd spaces, invisible characters, emoji, digits.
PIECES = [
    "Hello",
    "WORLD",
    "the",
    "news",
    "a",
    "I",
    "straße",
    "STRASSE",
    "café",
    "cafe\u0301",
    "ﬁnance",
    "ＡＢＣ",
    "１２３",
    "Ⅻ",
    "日本語",
    "東京都の天気",
    "ｶﾀｶﾅ",
    "한국어 뉴스",
    "Ελλάδα",
    "Москва",
    "AT&T",
    "Wi-Fi",
    "it’s",
    "“quoted”",
    "—",
    "–",
    "-",
    "'",
    '"',
    "...",
    "_",
    "x_y",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\u00a0",
    "\u202f",
    "\u3000",
    "\u200b",
    "\u00ad",
    "\ufeff",
    "😀",
    "€",
    "42",
    "3.14",
    "ǅ",
    "ß",
    "İstanbul",
    "ﷺ",
]

piece_texts = st.lists(st.sampled_from(PIECES), max_size=25).map(" ".join)
free_texts = st.text(max_size=80)
any_text = st.one_of(piece_texts, free_texts, st.sampled_from(["", " ", "\n\n", "!!!", "one", "two words"]))


def reference_hashes(text: str, ngram: int) -> list[int]:
    return [dedup.shingle_hash(s) for s in dedup.shingles(text, ngram)]


def datasketch_minhash(text: str, *, num_perm: int, seed: int, ngram: int = 3) -> datasketch.MinHash:
    m = datasketch.MinHash(num_perm=num_perm, seed=seed, hashfunc=dedup.shingle_hash)
    for s in dedup.shingles(text, ngram):
        m.update(s)
    return m


ARTICLES = [
    "AT&T and China Telecom signed an agreement on Wednesday to share telecommunications "
    "infrastructure across the U.S. and China, in a move meant to help their business customers.",
    "The city council approved the new budget after a long debate, officials said.",
    "Breaking news",
    "Storm",
    "東京都の天気は晴れです。明日は雨が降るでしょう。",
    "Straße “closed” — police said it’s\u00a0temporary.\r\nMore at 11.",
]


# ---------------------------------------------------------------------------
# Vectorised shingling == pure-Python reference
# ---------------------------------------------------------------------------


@settings(max_examples=150)
@given(texts=st.lists(any_text, min_size=1, max_size=8), ngram=st.integers(1, 5))
def test_shingle_batch_matches_reference(texts, ngram):
    batch = shingle_batch(texts, ngram)
    assert len(batch) == len(texts)
    assert batch.offsets[0] == 0 and batch.offsets[-1] == len(batch.hashes)
    for i, text in enumerate(texts):
        assert batch.doc(i).tolist() == reference_hashes(text, ngram), (text, ngram)
        assert batch.token_counts[i] == len(dedup.tokenize(text)), text


@pytest.mark.parametrize("ngram", [1, 2, 3, 5])
def test_shingle_batch_edge_documents(ngram):
    texts = ["", "   ", "?!", "one", "one two", "one two three four five six", "日本", "", "last one here"]
    batch = shingle_batch(texts, ngram)
    for i, text in enumerate(texts):
        assert batch.doc(i).tolist() == reference_hashes(text, ngram)
    # documented counts: no token -> no shingle; 1 <= m < ngram -> exactly one
    # shingle; m >= ngram -> m - ngram + 1 shingles
    for i, text in enumerate(texts):
        m = len(dedup.tokenize(text))
        expected = 0 if m == 0 else (1 if m < ngram else m - ngram + 1)
        assert len(batch.doc(i)) == expected


def test_reference_short_document_rule():
    # Documented in dedup/shingle.py: fewer tokens than ngram -> one shingle of
    # all tokens; no token -> no shingle.
    assert dedup.shingles("Breaking NEWS!", 3) == ["breaking news"]
    assert dedup.shingles("a b c d", 3) == ["a b c", "b c d"]
    assert dedup.shingles(" ... ", 3) == []
    assert dedup.shingles("東京", 3) == ["東 京"]


def test_shingle_hash_accepts_str_and_bytes():
    assert dedup.shingle_hash("breaking news") == dedup.shingle_hash(b"breaking news")
    assert 0 <= dedup.shingle_hash("x") < 2**32
    assert dedup.shingle_hash("a b") != dedup.shingle_hash("b a")


def test_shingles_do_not_span_documents():
    # Documents are joined into one buffer internally; a token or shingle must
    # never straddle two documents.
    batch = shingle_batch(["alpha beta", "gamma delta", "epsilon"], 3)
    assert batch.doc(0).tolist() == [dedup.shingle_hash("alpha beta")]
    assert batch.doc(1).tolist() == [dedup.shingle_hash("gamma delta")]
    assert batch.doc(2).tolist() == [dedup.shingle_hash("epsilon")]


# ---------------------------------------------------------------------------
# Signatures == datasketch
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 7, 2**32 - 1])
@pytest.mark.parametrize("num_perm", [2, 16, 128, 200])
def test_signatures_equal_datasketch(seed, num_perm):
    sigs = dedup.signatures(ARTICLES, num_perm=num_perm, seed=seed, strip=False)
    assert sigs.shape == (len(ARTICLES), num_perm)
    assert sigs.dtype == np.uint32
    for row, text in zip(sigs, ARTICLES):
        m = datasketch_minhash(text, num_perm=num_perm, seed=seed)
        np.testing.assert_array_equal(row, m.hashvalues)


@pytest.mark.parametrize("ngram", [1, 2, 4])
def test_signatures_equal_datasketch_other_ngram(ngram):
    sigs = dedup.signatures(ARTICLES, num_perm=64, seed=3, ngram=ngram, strip=False)
    for row, text in zip(sigs, ARTICLES):
        np.testing.assert_array_equal(row, datasketch_minhash(text, num_perm=64, seed=3, ngram=ngram).hashvalues)


@settings(max_examples=40)
@given(text=any_text, seed=st.integers(0, 2**32 - 1))
def test_signatures_equal_datasketch_random_text(text, seed):
    row = dedup.signatures([text], num_perm=32, seed=seed, strip=False)[0]
    np.testing.assert_array_equal(row, datasketch_minhash(text, num_perm=32, seed=seed).hashvalues)


def test_seed_articles_equal_datasketch(seed_texts):
    texts = list(seed_texts.values())
    sigs = dedup.signatures(texts, strip=False)
    for row, text in zip(sigs, texts):
        np.testing.assert_array_equal(row, datasketch_minhash(text, num_perm=128, seed=1).hashvalues)


def test_empty_signature_is_all_ones_like_datasketch():
    sigs = dedup.signatures(["", "   \n", "?!", "—"], num_perm=16, strip=False)
    assert (sigs == EMPTY).all()
    # an un-updated datasketch MinHash has the same values
    np.testing.assert_array_equal(sigs[0], datasketch.MinHash(num_perm=16, seed=1).hashvalues)


def test_signatures_accepts_any_iterable():
    expected = dedup.signatures(list(ARTICLES), num_perm=32)
    np.testing.assert_array_equal(dedup.signatures((t for t in ARTICLES), num_perm=32), expected)
    np.testing.assert_array_equal(dedup.signatures(tuple(ARTICLES), num_perm=32), expected)
    assert dedup.signatures([], num_perm=32).shape == (0, 32)


def test_signatures_batch_independent():
    # a document's signature does not depend on its neighbours in the batch
    together = dedup.signatures(ARTICLES, num_perm=64, strip=False)
    for i, text in enumerate(ARTICLES):
        np.testing.assert_array_equal(together[i], dedup.signatures([text], num_perm=64, strip=False)[0])


@pytest.mark.parametrize("seed", [1, 42])
def test_lean_minhash_equals_datasketch(seed):
    row = dedup.signatures([ARTICLES[0]], num_perm=128, seed=seed, strip=False)[0]
    lean = dedup.to_lean_minhash(row, seed)
    assert isinstance(lean, datasketch.LeanMinHash)
    m = datasketch_minhash(ARTICLES[0], num_perm=128, seed=seed)
    np.testing.assert_array_equal(lean.hashvalues, m.hashvalues)
    assert lean == datasketch.LeanMinHash(m)
    assert lean.jaccard(m) == 1.0


def test_lean_minhash_in_datasketch_lsh():
    texts = {
        "telecom": ARTICLES[0],
        "telecom-copy": ARTICLES[0].replace("Wednesday", "Thursday") + " Reuters reported.",
        "council": ARTICLES[1],
        "tokyo": ARTICLES[4],
    }
    num_perm, seed = 128, 5
    sigs = dedup.signatures(list(texts.values()), num_perm=num_perm, seed=seed, strip=False)
    lsh = datasketch.MinHashLSH(threshold=0.5, num_perm=num_perm)
    for key, row in zip(texts, sigs):
        lsh.insert(key, dedup.to_lean_minhash(row, seed))
    for key, text in texts.items():
        # query with a MinHash datasketch made itself from the same text
        found = lsh.query(datasketch_minhash(text, num_perm=num_perm, seed=seed))
        assert key in found
    near = lsh.query(datasketch_minhash(texts["telecom-copy"], num_perm=num_perm, seed=seed))
    assert "telecom" in near
    assert "council" not in near and "tokyo" not in near
    # and the other way round: datasketch-made sketches in the index, ours as the query
    lsh2 = datasketch.MinHashLSH(threshold=0.5, num_perm=num_perm)
    for key, text in texts.items():
        lsh2.insert(key, datasketch_minhash(text, num_perm=num_perm, seed=seed))
    for key, row in zip(texts, sigs):
        assert key in lsh2.query(dedup.to_lean_minhash(row, seed))


# ---------------------------------------------------------------------------
# Jaccard estimate quality
# ---------------------------------------------------------------------------


def test_signature_jaccard_estimate_within_tolerance():
    # Texts are built from sets of distinct one-token "words", so with ngram=1
    # the shingle set of a text is exactly its word set and the exact Jaccard
    # is known. The MinHash estimate (fraction of equal signature slots) is an
    # average of num_perm Bernoulli(J) trials: its standard deviation is
    # sqrt(J(1-J)/num_perm) <= sqrt(0.25/256) = 0.03125 for num_perm=256, so a
    # tolerance of 0.1 is more than 3.2 standard deviations for every J. The
    # RNG is seeded, so the test is deterministic; a biased or broken
    # estimator (wrong permutations, a min over the wrong axis, shingle
    # collisions) blows far past it. The mean absolute error must also be
    # close to its expectation (at most 0.8 sd = 0.025).
    rng = random.Random(20240601)
    vocab = [f"tok{i}x" for i in range(600)]
    num_perm = 256
    errors = []
    pairs = []
    for _ in range(40):
        size_a, size_b = rng.randint(5, 200), rng.randint(5, 200)
        shared = rng.randint(0, min(size_a, size_b))
        words = rng.sample(vocab, size_a + size_b - shared)
        a = words[:size_a]
        b = words[:shared] + words[size_a:]
        rng.shuffle(a)
        rng.shuffle(b)
        pairs.append((a, b))
    texts = [" ".join(ws) for pair in pairs for ws in pair]
    sigs = dedup.signatures(texts, num_perm=num_perm, ngram=1, seed=11, strip=False)
    for k, (a, b) in enumerate(pairs):
        exact = len(set(a) & set(b)) / len(set(a) | set(b))
        estimate = float(np.mean(sigs[2 * k] == sigs[2 * k + 1]))
        assert abs(estimate - exact) <= 0.1, (k, exact, estimate)
        errors.append(abs(estimate - exact))
    assert float(np.mean(errors)) <= 0.035
    # sanity: the sample covers low, middle and high similarities
    exacts = [len(set(a) & set(b)) / len(set(a) | set(b)) for a, b in pairs]
    assert min(exacts) < 0.2 and max(exacts) > 0.6


def test_identical_and_disjoint_sets_estimate():
    vocab = [f"w{i}q" for i in range(100)]
    a = " ".join(vocab[:50])
    b = " ".join(reversed(vocab[:50]))  # same set, other order
    c = " ".join(vocab[50:])
    sigs = dedup.signatures([a, b, c], num_perm=256, ngram=1, strip=False)
    assert (sigs[0] == sigs[1]).all()
    assert np.mean(sigs[0] == sigs[2]) < 0.05


# ---------------------------------------------------------------------------
# band_keys and LSHIndex
# ---------------------------------------------------------------------------


def _random_sigs(n, num_perm, seed=0):
    return np.random.default_rng(seed).integers(0, 2**32, size=(n, num_perm), dtype=np.uint64).astype(np.uint32)


def test_band_keys_equal_bands_collide():
    sigs = _random_sigs(3, 32)
    sigs[1, 8:16] = sigs[0, 8:16]  # band 1 (rows 8..15) equal, the rest different
    keys = band_keys(sigs, 4, 8)
    assert keys.shape == (3, 4) and keys.dtype == np.uint64
    assert keys[0, 1] == keys[1, 1]
    assert (keys[0, [0, 2, 3]] != keys[1, [0, 2, 3]]).all()
    assert not np.isin(keys[2], keys[0]).any()
    # identical signatures: every band equal
    np.testing.assert_array_equal(band_keys(sigs[[0, 0]], 4, 8)[0], keys[0])


def test_band_keys_band_position_matters():
    sigs = _random_sigs(2, 16)
    sigs[1, 4:8] = sigs[0, 0:4]  # same values, but in band 1 instead of band 0
    keys = band_keys(sigs, 4, 4)
    assert not np.isin(keys[1], keys[0]).any()


def test_band_keys_rejects_too_many_rows():
    with pytest.raises(ValueError):
        band_keys(_random_sigs(1, 16), 5, 4)


def test_lsh_index_finds_colliding_items_once():
    sigs = _random_sigs(4, 32, seed=1)
    sigs[2] = sigs[0]  # identical: all 4 bands collide, must be reported once
    sigs[3, :8] = sigs[1, :8]  # one band in common
    keys = band_keys(sigs, 4, 8)
    index = LSHIndex()
    index.insert(np.array([10, 11, 12, 13]), keys)
    assert len(index) == 16
    rows, items = index.query(keys)
    pairs = list(zip(rows.tolist(), items.tolist()))
    assert pairs == sorted(set(pairs))  # distinct, sorted by row then item
    found = {r: {i for rr, i in pairs if rr == r} for r in range(4)}
    assert found == {0: {10, 12}, 1: {11, 13}, 2: {10, 12}, 3: {11, 13}}
    empty_rows, empty_items = index.query(band_keys(_random_sigs(2, 32, seed=99), 4, 8))
    assert len(empty_rows) == 0 and len(empty_items) == 0


def test_lsh_index_removed_items_not_returned():
    sigs = _random_sigs(3, 16, seed=2)
    sigs[1] = sigs[0]
    sigs[2] = sigs[0]
    keys = band_keys(sigs, 4, 4)
    index = LSHIndex()
    index.insert(np.array([0, 1, 2]), keys)
    index.remove(np.array([1]))
    rows, items = index.query(keys[:1])
    assert items.tolist() == [0, 2]
    index.remove(np.array([0, 2]))
    rows, items = index.query(keys)
    assert len(items) == 0
    # removing an item that was never inserted is harmless
    index.remove(np.array([12345]))


def test_lsh_index_many_inserts_merge_and_find_everything():
    n, bands, rows = 3000, 8, 4
    sigs = _random_sigs(n, bands * rows, seed=3)
    keys = band_keys(sigs, bands, rows)
    index = LSHIndex()
    # many small inserts: runs are merged repeatedly
    start = 0
    rng = np.random.default_rng(4)
    while start < n:
        stop = min(n, start + int(rng.integers(1, 50)))
        index.insert(np.arange(start, stop), keys[start:stop])
        start = stop
    assert len(index) == n * bands
    qrows, items = index.query(keys)
    assert (qrows == items).all() and qrows.tolist() == list(range(n))  # random sigs collide only with themselves
    # remove every third item, then keep inserting so merges drop dead entries
    dead = np.arange(0, n, 3)
    index.remove(dead)
    more = band_keys(_random_sigs(2000, bands * rows, seed=5), bands, rows)
    for s in range(0, 2000, 100):
        index.insert(np.arange(n + s, n + s + 100), more[s : s + 100])
    assert len(index) < (n + 2000) * bands  # some dead entries were merged away
    assert len(index) >= (n - len(dead) + 2000) * bands
    qrows, items = index.query(keys)
    alive = np.setdiff1d(np.arange(n), dead)
    assert items.tolist() == alive.tolist()
    qrows, items = index.query(more)
    assert items.tolist() == list(range(n, n + 2000))


def test_lsh_index_reinsert_after_remove():
    sigs = _random_sigs(1, 16, seed=6)
    keys = band_keys(sigs, 4, 4)
    index = LSHIndex()
    index.insert(np.array([5]), keys)
    index.remove(np.array([5]))
    assert len(index.query(keys)[1]) == 0
    index.insert(np.array([7]), keys)
    assert index.query(keys)[1].tolist() == [7]


def test_lsh_index_rejects_bad_key_shape():
    index = LSHIndex()
    with pytest.raises(ValueError):
        index.insert(np.array([1, 2]), np.zeros((3, 4), dtype=np.uint64))


def test_lsh_params_are_datasketch_params():
    from dedup.lsh import lsh_params

    for threshold in (0.5, 0.7, 0.9):
        for weights in ((0.5, 0.5), (0.1, 0.9)):
            b, r = lsh_params(threshold, 128, weights)
            lsh = datasketch.MinHashLSH(threshold=threshold, num_perm=128, weights=weights)
            assert (b, r) == (lsh.b, lsh.r)
            assert b * r <= 128
    # The default favours recall: a pair at the threshold is usually a candidate.
    b, r = lsh_params(0.6, 128)
    assert 1 - (1 - 0.6**r) ** b > 0.8
    # A single band is a valid answer (datasketch's MinHashLSH refuses it).
    assert lsh_params(1.0, 128)[0] >= 1
    with pytest.raises(ValueError, match="lsh_weights"):
        lsh_params(0.6, 128, (0.5, 0.6))
