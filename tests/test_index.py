"""The streaming index (Deduplicator, Match) and the batch ``cluster`` front end."""

from __future__ import annotations

import dataclasses
import random

import pytest

import dedup
from dedup import Deduplicator, Match
from dedup.pipeline import clean_text

# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def shingle_set(text: str, ngram: int = 3, strip: bool = True) -> set[int]:
    """Reference shingle-hash set of the fingerprinted text."""
    return {dedup.shingle_hash(s) for s in dedup.shingles(clean_text(text, strip), ngram)}


def jaccard(a: str, b: str, **kw) -> float:
    sa, sb = shingle_set(a, **kw), shingle_set(b, **kw)
    return len(sa & sb) / len(sa | sb)


def n_tokens(text: str, strip: bool = True) -> int:
    return len(dedup.tokenize(clean_text(text, strip)))


def as_partition(clusters) -> set[frozenset]:
    return {frozenset(c) for c in clusters}


def assert_partition(clusters, ids) -> None:
    flat = [i for c in clusters for i in c]
    assert sorted(map(repr, flat)) == sorted(map(repr, ids))
    assert len(flat) == len(set(flat))
    assert all(len(c) >= 1 for c in clusters)


_rng = random.Random(1234)
_VOCAB = [f"w{_rng.randrange(10**7)}" for _ in range(5000)]


def words(n: int, rng: random.Random) -> list[str]:
    return [rng.choice(_VOCAB) for _ in range(n)]


@pytest.fixture(scope="module")
def chain():
    """X - Y - Z: X~Y and Y~Z are above 0.85, X~Z is below.

    Built from random words so the shingle sets are controlled exactly:
    Y replaces X's last 10 of 200 words, Z replaces Y's first 10.
    """
    rng = random.Random(5)
    x = words(200, rng)
    y = x[:190] + words(10, rng)
    z = words(10, rng) + y[10:]
    x, y, z = (" ".join(t) + "." for t in (x, y, z))
    assert jaccard(x, y) >= 0.9 and jaccard(y, z) >= 0.9
    assert jaccard(x, z) < 0.85
    return x, y, z


# With threshold 0.85 datasketch's optimiser picks 8 bands x 16 rows, which
# finds a pair at J=0.9 only ~80% of the time; 64 bands of 2 rows find it with
# certainty (candidates are verified exactly anyway).
CHAIN_OPTS = dict(threshold=0.85, containment=None, bands=(64, 2))


STORY = (
    "The city council approved the new budget after a long debate on Tuesday night, "
    "officials said in a statement. The plan raises spending on schools and roads."
)
STORY_EDIT = STORY.replace("Tuesday", "Wednesday")
OTHER = "Markets rallied on Friday after the central bank unexpectedly cut interest rates by half a point."


# ---------------------------------------------------------------------------
# public names
# ---------------------------------------------------------------------------


def test_public_api_names():
    for name in ("cluster", "signatures", "Deduplicator", "Match", "to_lean_minhash", "shingle_hash", "shingles"):
        assert name in dedup.__all__ and hasattr(dedup, name)
    assert [f.name for f in dataclasses.fields(Match)] == [
        "id",
        "representative",
        "duplicate_of",
        "similarity",
        "jaccard",
        "containment",
        "article",
    ]
    index = Deduplicator(threshold=0.6, num_perm=64, ngram=2, seed=3, strip=False)
    assert (index.threshold, index.num_perm, index.ngram, index.seed, index.strip) == (0.6, 64, 2, 3, False)


# ---------------------------------------------------------------------------
# seeds
# ---------------------------------------------------------------------------


def test_seeds_cluster(seed_docs):
    clusters = dedup.cluster(seed_docs)
    assert as_partition(clusters) == {frozenset({"000", "001"}), frozenset({"002"})}
    assert_partition(clusters, ["000", "001", "002"])


def test_seeds_cluster_any_order(seed_docs):
    expected = {frozenset({"000", "001"}), frozenset({"002"})}
    for order in ([2, 1, 0], [1, 2, 0], [0, 2, 1]):
        assert as_partition(dedup.cluster([seed_docs[i] for i in order])) == expected


def test_seeds_representative_rule(seed_texts, seed_docs):
    # representative: most tokens in the fingerprinted (stripped) text
    clusters = dedup.cluster(seed_docs)
    pair = next(c for c in clusters if len(c) == 2)
    expected = max(["000", "001"], key=lambda i: (n_tokens(seed_texts[i]), -int(i)))
    assert pair[0] == expected
    # the partition is ordered by earliest member
    assert clusters == sorted(clusters, key=lambda c: min(seed_docs.index((i, seed_texts[i])) for i in c))


def test_seeds_deduplicator(seed_texts):
    index = Deduplicator()
    m0 = index.add("000", seed_texts["000"])
    assert m0 == Match("000", "000", None, None)
    assert not m0.is_duplicate
    m1 = index.add("001", seed_texts["001"])
    assert m1.id == "001" and m1.duplicate_of == "000" and m1.is_duplicate
    assert m1.similarity == pytest.approx(jaccard(seed_texts["000"], seed_texts["001"]))
    longer = "001" if n_tokens(seed_texts["001"]) > n_tokens(seed_texts["000"]) else "000"
    assert m1.representative == longer
    m2 = index.add("002", seed_texts["002"])
    assert m2 == Match("002", "002", None, None)
    assert as_partition(index.clusters()) == {frozenset({"000", "001"}), frozenset({"002"})}
    assert index.representative("000") == longer
    assert len(index) == 3 and "001" in index and "003" not in index


def test_seeds_exact_false(seed_docs, seed_texts):
    assert as_partition(dedup.cluster(seed_docs, exact=False)) == {frozenset({"000", "001"}), frozenset({"002"})}
    index = Deduplicator(exact=False)
    index.add("000", seed_texts["000"])
    m = index.add("001", seed_texts["001"])
    assert m.duplicate_of == "000"
    # the MinHash estimate is the score: a multiple of 1/num_perm near the exact value
    assert (m.similarity * index.num_perm) == pytest.approx(round(m.similarity * index.num_perm))
    assert abs(m.similarity - jaccard(seed_texts["000"], seed_texts["001"])) < 0.15
    assert index.add("002", seed_texts["002"]).duplicate_of is None


# ---------------------------------------------------------------------------
# Match fields
# ---------------------------------------------------------------------------


def test_match_fields_identical_and_near():
    index = Deduplicator()
    assert index.add("a", STORY) == Match("a", "a")
    assert index.add("b", STORY) == Match("b", "a", "a", 1.0, 1.0, 1.0)
    m = index.add("c", STORY_EDIT)
    assert m.duplicate_of == "a"
    assert m.similarity == pytest.approx(jaccard(STORY, STORY_EDIT))
    assert 0.7 <= m.similarity < 1.0
    assert index.add("d", OTHER) == Match("d", "d", None, None)


def test_match_duplicate_of_is_most_similar_not_earliest():
    rng = random.Random(8)
    base = words(200, rng)
    far = base[:180] + words(20, rng)  # J(base, far) ~ 0.8
    near = base[:195] + words(5, rng)  # J(base, near) ~ 0.95, J(far, near) ~ 0.84
    base, far, near = (" ".join(t) for t in (base, far, near))
    assert 0.7 <= jaccard(base, far) < jaccard(base, near)  # both qualify, "near" is closer
    index = Deduplicator(threshold=0.7, bands=(64, 2))
    index.add("far", far)
    index.add("near", near)
    m = index.add("base", base)
    assert m.duplicate_of == "near"
    assert m.similarity == pytest.approx(jaccard(base, near))


def test_match_duplicate_of_ties_go_to_earliest(chain):
    x, y, z = chain
    assert jaccard(x, y) == jaccard(y, z)  # constructed symmetric: a tie
    index = Deduplicator(**CHAIN_OPTS)
    index.add("z", z)
    index.add("x", x)
    m = index.add("y", y)
    assert m.duplicate_of == "z"  # earliest of the two equally similar documents
    assert m.similarity == pytest.approx(jaccard(x, y))
    index = Deduplicator(**CHAIN_OPTS)
    index.add("x", x)
    index.add("z", z)
    assert index.add("y", y).duplicate_of == "x"


def test_match_representative_is_longest_then_earliest():
    short = STORY
    longer = STORY + " The mayor welcomed the vote."
    assert n_tokens(longer) > n_tokens(short)
    index = Deduplicator(threshold=0.6, bands=(64, 2))
    assert index.add("short", short).representative == "short"
    assert index.add("long", longer).representative == "long"
    assert index.add("short2", short).representative == "long"
    assert index.clusters() == [["long", "short", "short2"]]
    # ties go to the earliest
    index2 = Deduplicator()
    index2.add("first", STORY)
    index2.add("second", STORY_EDIT)  # same token count
    assert n_tokens(STORY) == n_tokens(STORY_EDIT)
    assert index2.clusters() == [["first", "second"]]


# ---------------------------------------------------------------------------
# add_many, query
# ---------------------------------------------------------------------------


def _corpus(seed_texts):
    rng = random.Random(3)
    docs = []
    for k in range(30):
        kind = rng.random()
        texts = [t for _, t in docs if len(t.split()) > 3]
        if kind < 0.3 and texts:
            docs.append((f"d{k}", rng.choice(texts)))  # exact copy
        elif kind < 0.6 and texts:
            toks = rng.choice(texts).split()
            i = rng.randrange(len(toks))
            toks[i : i + 3] = words(3, rng)
            docs.append((f"d{k}", " ".join(toks)))  # near copy
        elif kind < 0.7:
            docs.append((f"d{k}", rng.choice(["", "  ", "Breaking news", "Storm"])))
        else:
            docs.append((f"d{k}", " ".join(words(rng.randint(5, 60), rng)) + "."))
    docs += list(seed_texts.items())
    return docs


@pytest.mark.parametrize("batch_size", [1, 4, 2048])
@pytest.mark.parametrize("exact", [True, False])
def test_add_many_equals_sequence_of_add(seed_texts, batch_size, exact):
    docs = _corpus(seed_texts)
    one = Deduplicator(exact=exact)
    singles = [one.add(i, t) for i, t in docs]
    many = Deduplicator(exact=exact, batch_size=batch_size)
    batched = many.add_many(docs)
    assert batched == singles
    assert many.clusters() == one.clusters()
    assert any(m.is_duplicate for m in singles) and not all(m.is_duplicate for m in singles)


def test_add_many_in_several_calls_equals_one_call(seed_texts):
    docs = _corpus(seed_texts)
    one = Deduplicator()
    whole = one.add_many(docs)
    parts = Deduplicator()
    split = parts.add_many(docs[:7]) + parts.add_many(docs[7:20]) + parts.add_many(docs[20:])
    assert split == whole
    assert parts.clusters() == one.clusters()


def test_query_does_not_insert(seed_texts):
    index = Deduplicator()
    index.add("000", seed_texts["000"])
    before = index.clusters()
    q = index.query(seed_texts["001"])
    assert q.id is None and q.duplicate_of == "000"
    assert q.similarity == pytest.approx(jaccard(seed_texts["000"], seed_texts["001"]))
    assert len(index) == 1 and index.clusters() == before
    # what add would return, apart from the id and the (not yet updated) representative
    m = index.add("001", seed_texts["001"])
    assert (m.duplicate_of, m.similarity) == (q.duplicate_of, q.similarity)
    assert index.query(seed_texts["002"]) == Match(None, None)
    assert len(index) == 2


def test_query_identical_text():
    index = Deduplicator()
    index.add("a", STORY)
    index.add("b", STORY_EDIT)
    assert index.query(STORY) == Match(None, index.representative("a"), "a", 1.0, 1.0, 1.0)
    assert index.query("") == Match(None, None)
    assert index.query(OTHER) == Match(None, None)


def test_query_on_empty_index():
    assert Deduplicator().query(STORY) == Match(None, None)


# ---------------------------------------------------------------------------
# remove
# ---------------------------------------------------------------------------


def test_remove_representative_chooses_new_one():
    longest = STORY + " The mayor welcomed the vote and thanked the council members."
    middle = STORY + " The mayor welcomed the vote."
    assert n_tokens(longest) > n_tokens(middle) > n_tokens(STORY)
    index = Deduplicator(threshold=0.6, bands=(64, 2))
    index.add("a", STORY)
    index.add("b", longest)
    index.add("c", middle)
    assert index.clusters() == [["b", "a", "c"]]
    index.remove("b")
    assert index.clusters() == [["c", "a"]]
    assert index.representative("a") == "c"
    assert "b" not in index and len(index) == 2
    index.remove("c")
    assert index.clusters() == [["a"]]
    assert index.representative("a") == "a"


def test_remove_bridge_splits_cluster(chain):
    x, y, z = chain
    # the pairs on their own: X~Y and Y~Z link, X~Z does not
    assert len(dedup.cluster([("x", x), ("y", y)], **CHAIN_OPTS)) == 1
    assert len(dedup.cluster([("y", y), ("z", z)], **CHAIN_OPTS)) == 1
    assert len(dedup.cluster([("x", x), ("z", z)], **CHAIN_OPTS)) == 2
    index = Deduplicator(**CHAIN_OPTS)
    index.add_many([("x", x), ("y", y), ("z", z)])
    assert as_partition(index.clusters()) == {frozenset("xyz")}
    index.remove("y")
    assert as_partition(index.clusters()) == {frozenset("x"), frozenset("z")}
    assert index.representative("x") == "x" and index.representative("z") == "z"
    # and a query for the removed document finds its neighbours, never itself
    q = index.query(y)
    assert q.duplicate_of in {"x", "z"}


def test_remove_non_bridge_keeps_cluster(chain):
    x, y, z = chain
    index = Deduplicator(**CHAIN_OPTS)
    index.add_many([("x", x), ("y", y), ("z", z)])
    index.remove("x")
    assert as_partition(index.clusters()) == {frozenset("yz")}


def test_remove_one_of_several_identical_copies():
    index = Deduplicator()
    index.add_many([("a", STORY), ("b", STORY), ("c", STORY), ("near", STORY_EDIT), ("other", OTHER)])
    assert as_partition(index.clusters()) == {frozenset({"a", "b", "c", "near"}), frozenset({"other"})}
    index.remove("a")  # the first copy, the one the index keyed the content on
    assert as_partition(index.clusters()) == {frozenset({"b", "c", "near"}), frozenset({"other"})}
    q = index.query(STORY)
    assert q.duplicate_of == "b" and q.similarity == 1.0
    assert index.add("d", STORY).duplicate_of == "b"
    index.remove("b")
    index.remove("d")
    assert as_partition(index.clusters()) == {frozenset({"c", "near"}), frozenset({"other"})}
    assert index.query(STORY).duplicate_of == "c"
    index.remove("c")
    assert as_partition(index.clusters()) == {frozenset({"near"}), frozenset({"other"})}
    q = index.query(STORY)
    assert q.duplicate_of == "near" and q.similarity < 1.0


def test_remove_later_copy_keeps_original():
    index = Deduplicator()
    index.add_many([("a", STORY), ("b", STORY), ("c", STORY)])
    index.remove("b")
    assert index.clusters() == [["a", "c"]]
    assert index.query(STORY).duplicate_of == "a"


def test_query_after_remove_does_not_return_removed(seed_texts):
    index = Deduplicator()
    index.add("000", seed_texts["000"])
    index.add("002", seed_texts["002"])
    assert index.query(seed_texts["001"]).duplicate_of == "000"
    index.remove("000")
    assert index.query(seed_texts["001"]) == Match(None, None)
    assert index.query(seed_texts["000"]) == Match(None, None)
    # nor does a later add
    assert index.add("001", seed_texts["001"]) == Match("001", "001")


def test_remove_unknown_id_is_key_error():
    index = Deduplicator()
    index.add("a", STORY)
    with pytest.raises(KeyError, match="'nope'"):
        index.remove("nope")
    index.remove("a")
    with pytest.raises(KeyError):
        index.remove("a")  # already removed
    with pytest.raises(KeyError):
        index.representative("a")
    assert len(index) == 0 and index.clusters() == []


def test_readd_removed_id():
    index = Deduplicator()
    index.add("a", STORY)
    index.add("b", STORY)
    index.remove("a")
    m = index.add("a", STORY)
    assert m.duplicate_of == "b" and m.similarity == 1.0
    assert as_partition(index.clusters()) == {frozenset({"a", "b"})}


def test_remove_everything_then_reuse():
    index = Deduplicator()
    docs = [(f"d{i}", STORY if i % 2 else STORY_EDIT) for i in range(10)]
    index.add_many(docs)
    for doc_id, _ in docs:
        index.remove(doc_id)
    assert len(index) == 0 and index.clusters() == []
    assert index.query(STORY) == Match(None, None)
    index.add_many(docs)
    assert as_partition(index.clusters()) == {frozenset(i for i, _ in docs)}


# ---------------------------------------------------------------------------
# clusters(), input forms
# ---------------------------------------------------------------------------


def test_clusters_is_a_partition_with_documented_order(seed_texts):
    docs = _corpus(seed_texts)
    index = Deduplicator()
    index.add_many(docs)
    clusters = index.clusters()
    ids = [i for i, _ in docs]
    assert_partition(clusters, ids)
    pos = {i: k for k, i in enumerate(ids)}
    texts = dict(docs)
    for c in clusters:
        rep, rest = c[0], c[1:]
        # representative: most tokens, ties to the earliest
        assert rep == max(c, key=lambda i: (n_tokens(texts[i]), -pos[i]))
        assert rest == sorted(rest, key=pos.get)  # others in insertion order
    assert [min(pos[i] for i in c) for c in clusters] == sorted(min(pos[i] for i in c) for c in clusters)
    assert dedup.cluster(docs) == clusters


def test_generator_input(seed_docs):
    expected = dedup.cluster(list(seed_docs))
    assert dedup.cluster(pair for pair in seed_docs) == expected
    assert dedup.cluster(iter(seed_docs)) == expected
    index = Deduplicator()
    index.add_many(pair for pair in seed_docs)
    assert index.clusters() == expected


def test_generator_of_plain_strings(seed_texts):
    texts = [seed_texts["000"], seed_texts["002"], seed_texts["001"]]
    assert as_partition(dedup.cluster(t for t in texts)) == {frozenset({0, 2}), frozenset({1})}


def test_plain_string_ids_are_positions():
    clusters = dedup.cluster([STORY, OTHER, STORY, "", STORY_EDIT])
    assert as_partition(clusters) == {frozenset({0, 2, 4}), frozenset({1}), frozenset({3})}
    index = Deduplicator()
    matches = index.add_many([STORY, OTHER, STORY])
    assert [m.id for m in matches] == [0, 1, 2]
    assert matches[2].duplicate_of == 0
    assert 2 in index and "2" not in index


def test_lists_as_pairs_and_int_ids():
    clusters = dedup.cluster([[10, STORY], [20, OTHER], [30, STORY]])
    assert as_partition(clusters) == {frozenset({10, 30}), frozenset({20})}


def test_str_and_int_ids_are_distinct():
    index = Deduplicator()
    index.add(1, STORY)
    index.add("1", STORY)
    assert len(index) == 2 and as_partition(index.clusters()) == {frozenset({1, "1"})}


def test_cluster_passes_options_through(seed_docs):
    # a threshold above the seeds' similarity separates them
    assert len(dedup.cluster(seed_docs, threshold=0.96, containment=None)) == 3
    # ngram=1: the word sets of the seeds
    assert as_partition(dedup.cluster(seed_docs, ngram=1, num_perm=64, seed=9)) >= {frozenset({"000", "001"})}


def test_exact_false_still_works():
    docs = [("a", STORY), ("b", STORY), ("c", STORY_EDIT), ("d", OTHER), ("e", "")]
    clusters = dedup.cluster(docs, exact=False)
    assert as_partition(clusters) == {frozenset("abc"), frozenset("d"), frozenset("e")}
    index = Deduplicator(exact=False)
    index.add_many(docs)
    assert index.query(STORY).similarity == 1.0
    index.remove("a")
    assert as_partition(index.clusters()) == {frozenset("bc"), frozenset("d"), frozenset("e")}


def test_strip_false_option(seed_docs):
    assert as_partition(dedup.cluster(seed_docs, strip=False)) == {frozenset({"000", "001"}), frozenset({"002"})}
