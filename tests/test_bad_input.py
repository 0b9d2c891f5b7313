"""Malformed documents, awkward texts and invalid parameters."""

from __future__ import annotations

import re

import numpy as np
import pytest

import dedup
from dedup import Deduplicator, Match

STORY = (
    "The city council approved the new budget after a long debate on Tuesday night, "
    "officials said in a statement. The plan raises spending on schools and roads."
)
OTHER = "Markets rallied on Friday after the central bank unexpectedly cut interest rates by half a point."


def _front_ends():
    """Ways to hand documents to dedup: each takes a list of (id, text) pairs."""

    def via_cluster(docs):
        return dedup.cluster(docs)

    def via_add_many(docs):
        return Deduplicator().add_many(docs)

    def via_add(docs):
        index = Deduplicator()
        return [index.add(i, t) for i, t in docs]

    def via_generator(docs):
        return dedup.cluster(d for d in docs)

    return [via_cluster, via_add_many, via_add, via_generator]


FRONT_ENDS = _front_ends()


# ---------------------------------------------------------------------------
# malformed documents -> TypeError naming the document
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("front_end", FRONT_ENDS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("bad_text", [None, b"bytes text", bytearray(b"x"), 42, ["a", "list"]], ids=repr)
def test_non_str_text_is_type_error_naming_document(front_end, bad_text):
    with pytest.raises(TypeError) as info:
        front_end([("good", STORY), ("the-bad-one", bad_text)])
    assert "'the-bad-one'" in str(info.value)
    assert "str" in str(info.value)


def test_bytes_text_error_suggests_decoding():
    with pytest.raises(TypeError, match="decode"):
        dedup.cluster([("a", STORY.encode())])


@pytest.mark.parametrize("front_end", FRONT_ENDS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("bad_id", [1.5, None, (1, 2), True, False, b"id"], ids=repr)
def test_bad_id_is_type_error_naming_document(front_end, bad_id):
    with pytest.raises(TypeError) as info:
        front_end([("a", STORY), ("b", OTHER), (bad_id, STORY)])
    msg = str(info.value)
    # the document is named by its position (2) and the offending id is shown
    assert re.search(r"\b2\b", msg) or front_end.__name__ == "via_add", msg
    assert repr(bad_id)[:20] in msg or type(bad_id).__name__ in msg


@pytest.mark.parametrize("item", [None, 42, ("only-one",), ("a", "b", "c"), b"bytes"], ids=repr)
def test_malformed_item_is_type_error_naming_position(item):
    with pytest.raises(TypeError, match=r"position 1"):
        dedup.cluster([("a", STORY), item])


def test_mixing_plain_strings_and_pairs_is_type_error():
    with pytest.raises(TypeError, match="position 1"):
        dedup.cluster([STORY, ("b", OTHER)])
    with pytest.raises(TypeError, match="position 1"):
        dedup.cluster([("a", STORY), OTHER])


@pytest.mark.parametrize("docs", ["a bare string", b"bare bytes", bytearray(b"x")], ids=repr)
def test_bare_string_as_docs_is_type_error(docs):
    with pytest.raises(TypeError, match="single"):
        dedup.cluster(docs)
    with pytest.raises(TypeError):
        Deduplicator().add_many(docs)
    with pytest.raises(TypeError):
        dedup.signatures(docs)


def test_non_iterable_docs_is_type_error():
    with pytest.raises(TypeError):
        dedup.cluster(None)
    with pytest.raises(TypeError):
        dedup.cluster(42)


def test_query_rejects_non_str():
    index = Deduplicator()
    with pytest.raises(TypeError):
        index.query(None)
    with pytest.raises(TypeError, match="decode"):
        index.query(STORY.encode())


def test_signatures_rejects_non_str_naming_position():
    with pytest.raises(TypeError, match=r"\b1\b"):
        dedup.signatures([STORY, None])


# ---------------------------------------------------------------------------
# duplicate ids -> ValueError naming the id
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("dup", ["story-7", 7], ids=repr)
def test_duplicate_id_in_one_call(dup):
    with pytest.raises(ValueError) as info:
        dedup.cluster([(dup, STORY), ("x", OTHER), (dup, OTHER)])
    assert repr(dup) in str(info.value)


@pytest.mark.parametrize("batch_size", [1, 2048])
def test_duplicate_id_in_add_many_adds_documents_before_it(batch_size):
    index = Deduplicator(batch_size=batch_size)
    with pytest.raises(ValueError, match="'a'"):
        index.add_many([("a", STORY), ("b", OTHER), ("a", OTHER), ("c", STORY)])
    assert "a" in index and "b" in index and "c" not in index
    assert len(index) == 2
    assert index.query(STORY).duplicate_of == "a"  # the first "a" was kept, not replaced


def test_duplicate_id_against_indexed_documents():
    index = Deduplicator()
    index.add("a", STORY)
    with pytest.raises(ValueError, match="'a'"):
        index.add("a", OTHER)
    with pytest.raises(ValueError, match="'a'"):
        index.add_many([("z", OTHER), ("a", OTHER)])
    assert "z" in index  # added before the duplicate
    assert index.query(OTHER).duplicate_of == "z"
    assert index.query(STORY).duplicate_of == "a"  # unchanged
    # plain strings get positional ids (counted over everything the index
    # received), which can collide with an int id given explicitly
    index2 = Deduplicator()
    index2.add(1, STORY)
    with pytest.raises(ValueError, match=r"\b1\b.*already in the index"):
        index2.add_many([OTHER])
    index3 = Deduplicator()
    assert [m.id for m in index3.add_many([STORY])] == [0]
    assert [m.id for m in index3.add_many([OTHER])] == [1]
    with pytest.raises(ValueError, match="'q'.*given twice"):
        index3.add_many([("q", STORY), ("q", OTHER)])


# ---------------------------------------------------------------------------
# add_many with a bad document in the middle
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("batch_size", [1, 2, 2048])
@pytest.mark.parametrize(
    "bad, pattern",
    [(("c", None), r"'c'"), (("c", b"x"), r"'c'"), ((1.5, STORY), r"position 2"), (None, r"position 2")],
    ids=["none-text", "bytes-text", "float-id", "none-item"],
)
def test_add_many_bad_document_in_the_middle(batch_size, bad, pattern):
    docs = [("a", STORY), ("b", OTHER), bad, ("d", STORY)]
    index = Deduplicator(batch_size=batch_size)
    with pytest.raises(TypeError, match=pattern):
        index.add_many(docs)
    assert len(index) == 2
    assert "a" in index and "b" in index and "d" not in index
    assert index.query(STORY) == Match(None, "a", "a", 1.0, 1.0, 1.0)


def test_add_many_bad_document_in_a_generator():
    def gen():
        yield "a", STORY
        yield "b", OTHER
        yield "c", None
        raise AssertionError("documents after the bad one must not be read")

    index = Deduplicator()
    with pytest.raises(TypeError, match="'c'"):
        index.add_many(gen())
    assert len(index) == 2


@pytest.mark.parametrize("batch_size", [1, 2048])
def test_lone_surrogate_text_names_document_and_keeps_earlier_ones(batch_size):
    # A str holding a lone surrogate (what surrogateescape-decoding of bad
    # bytes produces) is a malformed document: it must either be fingerprinted
    # or rejected with an error that names it, and - as for every invalid
    # document - the documents before it must have been added.
    bad = "Police said \udcff the road was closed."
    index = Deduplicator(batch_size=batch_size)
    try:
        index.add_many([("a", STORY), ("b", OTHER), ("bad-doc", bad)])
    except (TypeError, ValueError) as exc:
        assert "bad-doc" in str(exc), f"error does not name the document: {exc!r}"
        assert "a" in index and "b" in index and "bad-doc" not in index
    else:
        assert len(index) == 3


# ---------------------------------------------------------------------------
# empty, whitespace-only and short texts
# ---------------------------------------------------------------------------


EMPTYISH = ["", " ", "\n\n\t  \r\n", "\u00a0\u3000", "?!...", "— – -", "\u200b"]


def test_empty_and_whitespace_texts_are_singletons():
    docs = [(f"e{i}", t) for i, t in enumerate(EMPTYISH)] + [("e-copy", ""), ("s", STORY)]
    clusters = dedup.cluster(docs)
    assert sorted(map(tuple, clusters)) == sorted((i,) for i, _ in docs)
    index = Deduplicator()
    for doc_id, text in docs[:-1]:
        assert index.add(doc_id, text) == Match(doc_id, doc_id, None, None)
    assert index.query("") == Match(None, None)
    assert index.query("   ") == Match(None, None)


def test_empty_texts_have_the_empty_signature():
    sigs = dedup.signatures(EMPTYISH)
    assert sigs.shape == (len(EMPTYISH), dedup.DEFAULT_NUM_PERM)
    assert (sigs == np.uint32(0xFFFFFFFF)).all()


def test_empty_texts_can_be_removed():
    index = Deduplicator()
    index.add_many([("a", ""), ("b", ""), ("c", STORY)])
    index.remove("a")
    assert index.clusters() == [["b"], ["c"]]
    index.remove("b")
    assert index.clusters() == [["c"]]


@pytest.mark.parametrize("ngram", [3, 5])
def test_texts_shorter_than_one_shingle(ngram):
    docs = [
        ("a", "Breaking news"),
        ("b", "BREAKING  news!"),
        ("c", "Weather update"),
        ("d", "Breaking"),
        ("e", "news Breaking"),
        ("f", "Breaking news today"),
    ]
    clusters = dedup.cluster(docs, ngram=ngram)
    assert {frozenset(c) for c in clusters} == {
        frozenset("ab"),
        frozenset("c"),
        frozenset("d"),
        frozenset("e"),
        frozenset("f"),
    }
    sigs = dedup.signatures([t for _, t in docs], ngram=ngram)
    assert not (sigs == np.uint32(0xFFFFFFFF)).all(axis=1).any()  # fingerprinted, never dropped


def test_single_word_texts():
    clusters = dedup.cluster([("a", "Storm"), ("b", "storm."), ("c", "Flood")])
    assert {frozenset(c) for c in clusters} == {frozenset("ab"), frozenset("c")}


# ---------------------------------------------------------------------------
# a very large text
# ---------------------------------------------------------------------------


def test_five_megabyte_text():
    sentence = "The storm hit the coast on Monday night and the police said {} roads were closed. "
    paragraph = "".join(sentence.format(i) for i in range(12))
    parts = []
    size = 0
    k = 0
    while size < 5_000_000:
        part = paragraph.replace("Monday", f"day{k}") + "\n\n"
        parts.append(part)
        size += len(part)
        k += 1
    big = "".join(parts)
    assert len(big) >= 5_000_000
    edited = big.replace("day7 night", "day7 evening", 1)
    clusters = dedup.cluster([("big", big), ("story", STORY), ("edited", edited)])
    assert {frozenset(c) for c in clusters} == {frozenset({"big", "edited"}), frozenset({"story"})}
    index = Deduplicator()
    index.add("big", big)
    assert index.query(big) == Match(None, "big", "big", 1.0, 1.0, 1.0)
    sig = dedup.signatures([big], strip=False)
    assert sig.shape == (1, dedup.DEFAULT_NUM_PERM) and not (sig == np.uint32(0xFFFFFFFF)).all()


# ---------------------------------------------------------------------------
# parameters
# ---------------------------------------------------------------------------

INVALID = [
    {"threshold": 0},
    {"threshold": 0.0},
    {"threshold": -0.5},
    {"threshold": 1.5},
    {"threshold": "x"},
    {"threshold": None},
    {"threshold": float("nan")},
    {"threshold": True},
    {"num_perm": 0},
    {"num_perm": -8},
    {"num_perm": 1},
    {"num_perm": 64.0},
    {"ngram": 0},
    {"ngram": -1},
    {"ngram": "3"},
    {"seed": -1},
    {"seed": 2**32},
    {"seed": 1.0},
    {"batch_size": 0},
]


@pytest.mark.parametrize("params", INVALID, ids=repr)
def test_invalid_parameters_are_value_errors(params):
    ((name, value),) = params.items()
    with pytest.raises(ValueError, match=name):
        Deduplicator(**params)
    with pytest.raises(ValueError, match=name):
        dedup.cluster([STORY], **params)


@pytest.mark.parametrize("params", [p for p in INVALID if next(iter(p)) in ("num_perm", "ngram", "seed")], ids=repr)
def test_invalid_signature_parameters_are_value_errors(params):
    ((name, _),) = params.items()
    with pytest.raises(ValueError, match=name):
        dedup.signatures([STORY], **params)


@pytest.mark.parametrize("bands", [(0, 4), (4, 0), (129, 1), (16, 9)], ids=repr)
def test_invalid_bands_are_value_errors(bands):
    with pytest.raises(ValueError, match="bands"):
        Deduplicator(num_perm=128, bands=bands)


@pytest.mark.parametrize(
    "params",
    [
        {"threshold": 1.0},
        {"threshold": 0.99},
        {"threshold": 0.9, "num_perm": 16},
        {"num_perm": 2},
        {"num_perm": 4},
        {"threshold": 0.01},
        {"seed": 0},
        {"seed": 2**32 - 1},
        {"ngram": 1},
        {"num_perm": np.int64(64)},
    ],
    ids=repr,
)
def test_boundary_parameters_are_accepted(params):
    # Every value inside the documented ranges (threshold in (0, 1],
    # num_perm >= 2, seed in [0, 2**32)) must give a working index.
    clusters = dedup.cluster([("a", STORY), ("b", STORY), ("c", OTHER)], **params)
    assert {frozenset(c) for c in clusters} == {frozenset("ab"), frozenset("c")}


def test_to_lean_minhash_rejects_bad_rows():
    sigs = dedup.signatures([STORY], num_perm=16)
    with pytest.raises(ValueError):
        dedup.to_lean_minhash(sigs)  # 2-D: one row expected
    with pytest.raises(ValueError):
        dedup.to_lean_minhash(np.empty(0, dtype=np.uint32))
    with pytest.raises(TypeError):
        dedup.to_lean_minhash(sigs[0].astype(np.int64))
