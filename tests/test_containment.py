"""Containment of the shorter document, Match scores and dedup.explain."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from dedup.verify import MatchRule


def paragraphs(text: str) -> list[str]:
    return [p for p in text.splitlines() if p.strip()]


@pytest.fixture
def story(seed_texts):
    return seed_texts["000"]


def test_teaser_joins_its_story_by_containment(story):
    teaser = "\n".join(paragraphs(story)[:4])
    index = dedup.Deduplicator()
    index.add("full", story)
    m = index.add("teaser", teaser)
    assert m.duplicate_of == "full" and m.representative == "full"
    assert m.jaccard < index.threshold <= m.containment
    assert m.similarity == m.containment
    jaccard_only = dedup.Deduplicator(containment=None)
    jaccard_only.add("full", story)
    assert jaccard_only.add("teaser", teaser).duplicate_of is None


def test_short_texts_sharing_a_phrase_do_not_match_by_containment():
    a = "Police said the suspect was arrested on Monday."
    b = "Police said the suspect was arrested on Monday. The trial of the former mayor opened in the capital."
    # one-row bands: the pair is always a candidate, so the rule alone decides
    assert dedup.cluster([a, b], threshold=0.9, bands=(128, 1)) == [[0], [1]]
    assert len(dedup.cluster([a, b], threshold=0.9, min_words=5, bands=(128, 1))) == 1


def test_match_scores_for_identical_and_jaccard_matches(story, seed_texts):
    index = dedup.Deduplicator()
    index.add("a", story)
    same = index.add("b", story.replace("\n", "\r\n"))
    assert (same.similarity, same.jaccard, same.containment) == (1.0, 1.0, 1.0)
    noisy = index.add("c", seed_texts["001"])
    assert noisy.similarity == noisy.jaccard >= index.threshold
    assert 0 < noisy.jaccard <= noisy.containment <= 1


def test_rule_decision_table():
    rule = MatchRule(threshold=0.6, containment=0.8, min_words=50)
    accept, sim = rule.decide([0.7, 0.4, 0.4, 0.4], [0.75, 0.9, 0.9, 0.5], [100, 100, 20, 100], [300, 300, 300, 300])
    assert accept.tolist() == [True, True, False, False]
    assert sim.tolist() == [0.7, 0.9, 0.4, 0.4]
    off = MatchRule(threshold=0.6)
    assert off.decide([0.4], [1.0], [100], [100])[0].tolist() == [False]


def test_jaccard_floor_matches_the_containment_formula():
    rule = MatchRule(threshold=0.6, containment=0.8, min_words=50)
    # |A| = 100 fully 0.8-contained in |B| = 300: J = 80 / (100 + 300 - 80) = 0.25
    assert rule.jaccard_floor(100, 300) == pytest.approx(0.25)
    assert rule.jaccard_floor(10, 300) == pytest.approx(0.6)  # too short for containment


@pytest.mark.parametrize("bad", [0, 1.5, "x", True])
def test_invalid_containment(bad):
    with pytest.raises(ValueError, match="containment"):
        dedup.Deduplicator(containment=bad)


def test_invalid_min_words_and_lsh_threshold():
    with pytest.raises(ValueError, match="min_words"):
        dedup.Deduplicator(min_words=-1)
    with pytest.raises(ValueError, match="lsh_threshold"):
        dedup.Deduplicator(lsh_threshold=0)


def test_explain_reasons(story, seed_texts):
    e = dedup.explain(story, seed_texts["001"])
    assert e.match and "Jaccard" in e.reason and e.lines_removed[1] >= 5
    e = dedup.explain(story, seed_texts["002"])
    assert not e.match and e.jaccard < 0.1
    teaser = "\n".join(paragraphs(story)[:4])
    e = dedup.explain(story, teaser)
    assert e.match and e.reason.startswith("containment")
    e = dedup.explain(story, teaser, containment=None)
    assert not e.match and "containment rule off" in e.reason
    e = dedup.explain("a b c d", "a b c d e f g h")
    assert not e.match and "min_words" in e.reason
    e = dedup.explain(story, story.upper())
    assert e.match and "identical" in e.reason
    e = dedup.explain("", story)
    assert not e.match and "without any word" in e.reason
    assert "MATCH" in str(dedup.explain(story, story))


def test_explain_rejects_non_text():
    with pytest.raises(TypeError, match="'b'"):
        dedup.explain("x", None)  # type: ignore[arg-type]


words = st.lists(st.sampled_from([f"w{i}" for i in range(30)]), min_size=1, max_size=120)


@settings(max_examples=40, deadline=None)
@given(words, words)
def test_explain_is_symmetric_and_agrees_with_the_index(a_words, b_words):
    a, b = " ".join(a_words), " ".join(b_words)
    opts = dict(min_words=10, bands=(128, 1), strip=False)
    ab, ba = dedup.explain(a, b, **opts), dedup.explain(b, a, **opts)
    assert (ab.match, ab.similarity, ab.jaccard, ab.containment) == (
        ba.match,
        ba.similarity,
        ba.jaccard,
        ba.containment,
    )
    linked = len(dedup.cluster([("a", a), ("b", b)], **opts)) == 1
    assert linked == ab.match


@settings(max_examples=40, deadline=None)
@given(words, words)
def test_explain_agrees_with_the_index_with_default_lsh(a_words, b_words):
    a, b = " ".join(a_words), " ".join(b_words)
    e = dedup.explain(a, b, min_words=10, strip=False)
    assert (len(dedup.cluster([a, b], min_words=10, strip=False)) == 1) == e.match
    if e.match:
        assert e.candidate


def test_explain_says_when_lsh_does_not_propose_a_pair_the_rule_accepts(story):
    # the story inside a much longer text: contained, but Jaccard is low
    rng_words = " ".join(f"filler{i} word{i % 7} text{i % 13}" for i in range(600))
    long_text = story + "\n" + rng_words
    e = dedup.explain(story, long_text, strip=False)
    assert e.containment == 1.0 and e.jaccard < 0.3
    linked = len(dedup.cluster([story, long_text], strip=False)) == 1
    assert linked == e.match
    if not e.candidate:
        assert not e.match and "LSH does not propose" in e.reason
