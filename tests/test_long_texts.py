"""Long texts in bounded memory (issue 17, probe 7).

A text of more than ``dedup.pipeline.LONG_TEXT_CHARS`` characters is cleaned
in segments of lines and tokenised and shingled piece by piece; its token
count, signature and content key are those of the whole cleaned text, and the
memory it takes beyond the text itself does not grow with its length. The
thresholds are lowered here so that small texts take the long path.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
import dedup.pipeline as pipeline
from dedup.lsh import sorted_unique
from dedup.pipeline import clean_texts, fingerprint
from dedup.shingle import ShingleStream, shingle_batch

from conftest import REPO_ROOT, SEEDS_DIR

OPTIONS = dict(ngram=3, num_perm=64, seed=1)


def _texts() -> list[str]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt"))]
    return seeds + [
        seeds[0] * 4,
        "\r\n".join(seeds[1].splitlines()) * 2,  # CRLF
        seeds[2].replace("\n", " ") * 3,  # one long line
        "e\u0301t\u00e9 " * 800 + "e" + "\u0301" * 900,  # combining marks, a run of them
        "\u4e2d\u6587\u5b57\u3002" * 1500,  # Han without spaces
        "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u0e04\u0e48\u0e30" * 600,  # Thai without spaces, marks
        "\u1781\u17d2\u1789\u17bb\u17c6" * 900,  # Khmer with coeng
        "\u1100\u1161\u11a8" * 1000,  # Hangul jamo that NFKC composes
        "word " * 3000,
        "x" * 5000,  # one long word
        "soft\u00adhyphen " * 600,
        "_ _ - ! " * 500,  # no word at all
        "Q: Who? A: Us. " * 700,
    ]


@pytest.fixture
def small_segments(monkeypatch):
    """Texts above 2,000 characters take the long path, in segments of 500."""
    monkeypatch.setattr(pipeline, "LONG_TEXT_CHARS", 2000)
    monkeypatch.setattr(pipeline, "SEGMENT_CHARS", 500)


def test_long_path_gives_the_whole_text_fingerprint(monkeypatch):
    texts = _texts()
    whole = fingerprint(texts, strip=False, **OPTIONS)
    monkeypatch.setattr(pipeline, "LONG_TEXT_CHARS", 2000)
    for segment in (64, 500, 1500):
        monkeypatch.setattr(pipeline, "SEGMENT_CHARS", segment)
        got = fingerprint(texts, strip=False, **OPTIONS)
        assert sum(len(t) > 2000 for t in texts) >= 10
        np.testing.assert_array_equal(got.signatures, whole.signatures)
        np.testing.assert_array_equal(got.token_counts, whole.token_counts)
        assert got.content_keys == whole.content_keys
        for i in range(len(texts)):
            np.testing.assert_array_equal(sorted_unique(got.shingles(i)), sorted_unique(whole.shingles(i)))


def test_long_text_stripped_in_segments_is_fingerprinted_as_its_clean_text(small_segments):
    texts = _texts()
    got = fingerprint(texts, strip=True, **OPTIONS)
    cleaned = clean_texts(texts, True)
    assert any(c != t for c, t in zip(cleaned, texts) if len(t) > 2000)
    pipeline.LONG_TEXT_CHARS = 1 << 40  # (restored by the fixture)
    expected = fingerprint(cleaned, strip=False, **OPTIONS)
    np.testing.assert_array_equal(got.signatures, expected.signatures)
    np.testing.assert_array_equal(got.token_counts, expected.token_counts)
    assert got.content_keys == expected.content_keys


def test_stripping_that_leaves_no_word_falls_back_to_the_text(small_segments):
    text = "Home\nNews\nSport\nWeather\n" * 300  # a menu only: stripping drops every line
    assert dedup.strip_boilerplate(text) == ""
    assert clean_texts([text], True) == [text]
    np.testing.assert_array_equal(dedup.signatures([text], workers=1), dedup.signatures([text], strip=False, workers=1))


def test_segments_cover_the_text_at_line_breaks_or_safe_points(small_segments):
    text = "short line\n" * 100 + "x" * 1700 + " tail\r\n" + "e\u0301" * 900 + "\rend"
    pieces = list(pipeline.text_segments(text))
    assert [p[0] for p in pieces[1:]] == [p[1] for p in pieces[:-1]] and pieces[-1][1] == len(text)
    for start, end, whole in pieces:
        assert end - start <= 500 + 1
        if whole:
            assert end == len(text) or text[end - 1] in "\r\n"


def test_sorted_distinct_shingles_of_a_long_text(small_segments):
    text = "the same words again and again " * 400
    fp = fingerprint([text], strip=False, **OPTIONS)
    shingles = fp.shingles(0)
    np.testing.assert_array_equal(shingles, np.unique(shingle_batch([text], 3).hashes))


# Characters that normalise alone as in context (no combining marks, no jamo).
PIECE_CHARS = st.sampled_from(
    [
        "a",
        "B",
        "z",
        "0",
        " ",
        "  ",
        "\n",
        ".",
        "-",
        "\u00ad",
        "\u4e2d",
        "\u00e9",
        "\u00a0",
        "\u00df",
        "\u0e01",
        "\uff21",
        "\u2019",
        "\u0416",
    ]
)


@settings(max_examples=200)
@given(chars=st.lists(PIECE_CHARS, max_size=60), cuts=st.lists(st.integers(0, 60), max_size=6), ngram=st.integers(1, 4))
def test_shingle_stream_equals_the_batch(chars, cuts, ngram):
    text = "".join(chars)
    bounds = sorted({min(c, len(text)) for c in cuts})
    pieces = [text[a:b] for a, b in zip([0, *bounds], [*bounds, len(text)])]
    stream = ShingleStream(ngram)
    got = np.concatenate([stream.feed(p) for p in pieces] + [stream.close()])
    batch = shingle_batch([text], ngram)
    np.testing.assert_array_equal(got, batch.hashes)
    assert stream.token_count == batch.token_counts[0]


MEMORY = textwrap.dedent("""
    import sys, tracemalloc
    import dedup, dedup.pipeline as pipeline
    pipeline.LONG_TEXT_CHARS, pipeline.SEGMENT_CHARS = 1 << 16, 1 << 14
    unit = open(sys.argv[1], encoding="utf-8").read()
    peaks = []
    for copies in (int(sys.argv[2]), 2 * int(sys.argv[2])):
        text = unit * copies
        tracemalloc.start()
        dedup.signatures([text], strip=sys.argv[3] == "strip", workers=1)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    print(len(text), *peaks)
""")


@pytest.mark.parametrize("strip", ["strip", "nostrip"])
def test_memory_does_not_grow_with_the_length_of_a_text(strip):
    # in a fresh process, so that nothing else is traced
    seed = sorted(SEEDS_DIR.glob("*.txt"))[0]
    copies = 250 if strip == "strip" else 600
    out = subprocess.run(
        [sys.executable, "-c", MEMORY, str(seed), str(copies), strip],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        check=True,
    )
    size, small, large = map(int, out.stdout.split())
    assert size > 1_000_000
    assert large < 1.25 * small + 200_000, (small, large)  # not the 2x of memory per input byte
    assert large < 0.5 * size, (large, size)
