"""Thai, Lao, Khmer and Burmese: scripts written without spaces between words
(issue 17, probe 10).

Each letter of those scripts is a token with the combining marks after it, as
each CJK character is a token: an edited copy of an article is found, two
different articles are not merged. The articles are pseudo-articles composed
from each script's syllables by ``benchmarks/scripts.py`` (no real text).
"""

from __future__ import annotations

import pytest

import dedup
from benchmarks import scripts
from dedup.normalize import tokenize

SCRIPTS = ("thai", "lao", "khmer", "burmese")


@pytest.fixture(scope="module")
def bench():
    return scripts


@pytest.fixture(scope="module")
def articles(bench):
    return bench.originals_and_copies(40)  # 40 articles of ~550 words, and a copy of each with 3 % of words edited


def test_letters_are_tokens_with_their_marks():
    assert tokenize("\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u0e04\u0e23\u0e31\u0e1a") == [
        "\u0e2a",
        "\u0e27\u0e31",
        "\u0e2a",
        "\u0e14\u0e35",
        "\u0e04",
        "\u0e23\u0e31",
        "\u0e1a",
    ]  # Thai
    assert tokenize("\u1781\u17d2\u1789\u17bb\u17c6") == ["\u1781\u17d2", "\u1789\u17bb\u17c6"]  # Khmer, coeng
    assert tokenize("\u1019\u103c\u1014\u103a\u1019\u102c") == [
        "\u1019\u103c",
        "\u1014\u103a",
        "\u1019\u102c",
    ]  # Burmese
    assert tokenize("\u0eaa\u0eb0\u0e9a\u0eb2\u0e8d\u0e94\u0eb5") == [
        "\u0eaa",
        "\u0eb0",
        "\u0e9a",
        "\u0eb2",
        "\u0e8d",
        "\u0e94\u0eb5",
    ]  # Lao
    # next to Latin letters and digits, and with NFKC's decomposition of SARA AM
    assert tokenize("abc\u0e01\u0e48\u0e33 12") == ["abc", "\u0e01\u0e48\u0e4d", "\u0e32", "12"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_an_article_has_about_one_token_per_letter(bench, articles, script):
    original = bench.in_script(script, articles[0][:1])[0]
    words = len(articles[0][0].split())
    assert len(original.split()) < words / 4  # spaces between sentences only
    assert len(tokenize(original)) > 2 * words  # was about one token per sentence


@pytest.mark.parametrize("script", SCRIPTS)
def test_edited_copies_are_found_and_different_articles_kept_apart(bench, articles, script):
    originals, copies = articles
    make = bench.TRANSFORMS[script]
    found = bench.copy_detection(make(originals), make(copies))
    assert found["copies_found"] == 1.0, found
    assert found["copy_jaccard_min"] >= 0.8, found
    assert found["originals_merged"] == 0, found
    assert found["different_jaccard_max"] < 0.3, found


@pytest.mark.parametrize("script", SCRIPTS)
def test_explain_an_edited_copy(bench, articles, script):
    originals, copies = articles
    a, b = bench.in_script(script, [originals[0], copies[0]])
    assert str(dedup.explain(a, b)).startswith("MATCH")
    c = bench.in_script(script, [originals[1]])[0]
    assert str(dedup.explain(a, c)).startswith("NO MATCH")
