"""strip_boilerplate_many: the batch path gives what the one-text path gives.

The batch path settles most lines' "plainly prose" status from their bytes
in numpy (``dedup.boilerplate.batch.plain_prose_many``); the reference is the
one-text ``dedup.boilerplate.prose.plain_prose_lines``, whose statuses are themselves checked against the
classifier in test_boilerplate_rules.py.  These tests compare the two line
by line, then the stripped texts.
"""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dedup.boilerplate as bp
from dedup.boilerplate.batch import MIN_BATCH, plain_prose_many, strip_boilerplate_many
from dedup.boilerplate.prose import plain_prose_lines

from conftest import REPO_ROOT

DATA = REPO_ROOT.parent / "shared" / "data" / "article-extraction-benchmark"
SEEDS = sorted((REPO_ROOT / "seeds").glob("*.txt"))


def reference(text: str) -> tuple[list[int], list[str | None]]:
    lines = text.split("\n")
    stripped = [line.strip() for line in lines]
    return plain_prose_lines(lines, stripped, [i for i, s in enumerate(stripped) if s], text)


def assert_same_quick(texts: list[str]) -> int:
    """Compare the batch statuses with the one-text ones; returns how many
    texts the batch path settled (the others take the one-text path)."""
    texts = [t for t in texts if "\r" not in t]
    got = plain_prose_many(texts, [t.count("\n") + 1 for t in texts])
    settled = 0
    for k, (text, mine) in enumerate(zip(texts, got)):
        if mine is None:
            continue
        settled += 1
        status, unlike = mine
        ref_status, ref_texts = reference(text)
        lines = text.split("\n")
        for i, (a, b) in enumerate(zip(status, ref_status)):
            assert a == b, f"text {k} line {i}: batch {a}, one-text {b}: {lines[i][:120]!r}"
            if unlike is None:  # a text not in NFKC: no normalised texts either way
                assert ref_texts[i] is None
            elif a == 1:
                assert unlike.get(i, lines[i]) == ref_texts[i], f"text {k} line {i}"
        assert len(status) == len(lines)
    return settled


def assert_same_output(texts: list[str], batch: int = 40) -> None:
    for start in range(0, len(texts), batch):
        chunk = texts[start : start + batch]
        assert strip_boilerplate_many(chunk) == [bp.strip_boilerplate(t) for t in chunk]


# --------------------------------------------------------------------------
# Real-looking text
# --------------------------------------------------------------------------
def news_corpus(n: int = 300) -> list[str]:
    from benchmarks.corpora import build_corpus

    docs, _ = build_corpus(n, seed=7)
    return [text for _, text in docs]


def test_news_corpus_same_lines_and_output():
    texts = news_corpus()
    assert assert_same_quick(texts) == len(texts)  # clean news text is settled in batch
    assert_same_output(texts)


def test_seeds_same_output():
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    assert len(texts) == 3
    assert strip_boilerplate_many(texts * 2) == [bp.strip_boilerplate(t) for t in texts * 2]


@pytest.mark.skipif(not (DATA / "ground-truth.json").exists(), reason="no ../shared/data")
def test_real_pages_same_lines_and_output():
    rnd = random.Random(5)
    pages = []
    for name in ("output/html-text.json", "ground-truth.json"):
        data = json.loads((DATA / name).read_text(encoding="utf-8"))
        data = data.get("output", data)
        pages += [v if isinstance(v, str) else v.get("articleBody", "") for v in data.values()]
    lines = [line for page in pages for line in page.split("\n")]
    # the pages, and texts of their lines mixed, cut and respaced
    mixed = ["\n".join(rnd.choice(lines) for _ in range(rnd.randint(1, 50))) for _ in range(300)]
    runs = ["\n".join(lines[a : a + rnd.randint(3, 50)]) for a in (rnd.randrange(len(lines)) for _ in range(300))]
    texts = pages + mixed + runs
    assert assert_same_quick(texts) > len(texts) // 2
    assert_same_output(texts)


# --------------------------------------------------------------------------
# Lines built from the bytes the batch tests look at
# --------------------------------------------------------------------------
_PIECES = [
    "the",
    "said",
    "council",
    "budget",
    "Officials",
    "In",
    "At",
    "For",
    "Of",
    "The",
    "Senate",
    "WASHINGTON",
    "ST.",
    "JOSEPH,",
    "(AP)",
    "Mich.",
    "José",
    "Núñez",
    "Zürich",
    "€4.5m",
    "İstanbul",
    "Sign",
    "subscribe",
    "Register",
    "join",
    "Get",
    "don't",
    "Never",
    "stay",
    "copyright",
    "Copyrigh",
    "regístrate",
    "jetzt",
    "(c)",
    "©",
    "cookie",
    "Cookies",
    "privacy",
    "PRIVATE",
    "www.example.com",
    "a/b",
    "|",
    "»",
    "›",
    "·",
    "•",
    "@",
    "\\",
    "\u00ad",
    "12",
    "3.",
    "-",
    "*",
    "–",
    "—",
    ":",
    "x:",
    '"',
    "'",
    "“",
    "”",
    "‘",
    "’",
    "«",
    "»",
    "„",
    "¿",
    "¡",
    "[",
    "]",
    ")",
    "(",
    "...",
    "…",
    ".",
    "!",
    "?",
    "。",
    "新闻",
    "报道",
    "ab\u0301",
    "é",
    "\u00a0",
    "\t",
    "\u3000",
    "\x85",
    "\u2028",
    "ǅ",
]


_PROSE = (
    "the council said budget would grow by two percent next year after long debate in "
    "chamber while residents and officials expected new rules for schools police court"
).split()


@st.composite
def lines_of_pieces(draw):
    """Mostly a line of prose long enough to be settled by its bytes, with a
    few pieces that change what it is, at the start, inside or at the end."""
    words = draw(
        st.lists(st.sampled_from(_PROSE), min_size=draw(st.sampled_from([2, 12, 15, 16, 17, 30])), max_size=32)
    )
    for _ in range(draw(st.integers(0, 3))):
        words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(_PIECES)))
    if words and draw(st.booleans()):
        words[0] = words[0].capitalize()
    if len(words) > 1 and draw(st.integers(0, 3)) == 0:
        words[1] = words[1].capitalize()
    line = " ".join(words)
    if draw(st.integers(0, 5)) == 0:
        line = line.replace(" ", draw(st.sampled_from(["  ", "\t", "\u3000", "\xa0"])), 1)
    lead = draw(st.sampled_from(["", "", "", "", " ", "“", '"', "'", "«", "- ", "1. ", "[", "¿"]))
    tail = draw(
        st.sampled_from(
            [
                "",
                ".",
                ".",
                ".",
                "!",
                "?",
                '."',
                ".”",
                "...",
                "…",
                '.)"',
                '")',
                ".’",
                "]",
                " ",
                ":",
                ".»",
                ". ”",
                "x...",
                "x…",
                "。",
            ]
        )
    )
    return lead + line + tail


@st.composite
def texts_of_pieces(draw):
    lines = draw(st.lists(lines_of_pieces(), min_size=1, max_size=12))
    seps = draw(st.lists(st.sampled_from(["\n", "\n\n", "\n \n"]), min_size=len(lines), max_size=len(lines)))
    return "".join(line + sep for line, sep in zip(lines, seps)).rstrip("\n")


def edge_lines() -> list[str]:
    """A plainly-prose line changed in one place: every piece at its start,
    second, inside and at its end, every lead and tail, odd spacing."""
    base = (
        "the council said the budget would grow by two percent next year after a long debate in the chamber"
    ).split()
    leads = ["", " ", "“", '"', "'", "«", "„", "¿", "- ", "* ", "1. ", "(", "[", "©", "\u00ad"]
    tails = [
        "",
        ".",
        "!",
        "?",
        '."',
        ".”",
        ".’",
        ".»",
        '.)"',
        '")',
        "]",
        ". ",
        ".  ",
        " .",
        ":",
        "...",
        "x...",
        "x…",
        "…",
        "[...",
        "。",
        ". ”",
        ".\u3000",
        ",",
        "-",
    ]
    out = [" ".join(base) + "."]
    for piece in _PIECES:
        for at in (0, 1, 4, 5, 10, len(base)):
            words = base[:at] + [piece] + base[at:]
            out.append(" ".join(words) + ".")
            out.append(" ".join(w.capitalize() for w in words[:5]) + " " + " ".join(words[5:]) + ".")
    for lead in leads:
        for tail in tails:
            out.append(lead + " ".join(base) + tail)
            out.append(lead + " ".join(base).capitalize() + tail)
    for start in (
        "Copyright",
        "Copyrighted",
        "Copyrigh",
        "Signal",
        "Sign",
        "Registration",
        "Regístrate",
        "Don",
        "Donald",
        "Never",
        "Get",
        "Getty",
        "Stay",
        "Hier",
        "Jetzt",
        "Meld",
        "Ricevi",
    ):
        out.append(start + " " + " ".join(base) + ".")
    # a Title Case run before the first lower-case word, at each length
    title = "Officials At The Senate For In Of Vote On".split()
    for k in range(1, len(title) + 1):
        out.append(" ".join(title[:k] + base) + ".")
    # scripts without spaces: 12 characters a word is the limit
    for size in (4, 11, 12, 13, 20):
        out.append("the council said " + " ".join(["新闻报道" * 5][0][:size] for _ in range(16)) + ".")
    # odd spacing
    line = " ".join(base) + "."
    for odd in ("  ", "\t", "\u3000", "\xa0", "\u2028", "\x85", "\x0b"):
        out.append(line.replace(" ", odd, 1))
        out.append(line.replace(" ", odd))
    return out


def test_edge_lines_same_status():
    lines = edge_lines()
    # one line a text, and all lines in a few texts (blank lines between)
    assert_same_quick(lines)
    texts = ["\n\n".join(lines[k : k + 50]) for k in range(0, len(lines), 50)]
    assert assert_same_quick(texts) > 0
    assert_same_output(lines)
    assert_same_output(texts)


_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(st.lists(texts_of_pieces(), min_size=1, max_size=8))
def test_pieces_same_lines_and_output(texts):
    assert_same_quick(texts)
    assert_same_output(texts * 2)  # twice: at least MIN_BATCH texts for a few of them


@_SETTINGS
@given(st.lists(st.text(), min_size=MIN_BATCH, max_size=8))
def test_arbitrary_unicode_same_output(texts):
    assert_same_quick(texts)
    assert strip_boilerplate_many(texts) == [bp.strip_boilerplate(t) for t in texts]


# --------------------------------------------------------------------------
# What takes the one-text path, and bad input
# --------------------------------------------------------------------------
def test_texts_the_bytes_cannot_settle_take_the_one_text_path():
    prose = "The council said the budget would grow by two percent next year after a long debate in the chamber."
    texts = [prose, prose.replace(" ", "\t", 1), "Cafe\u0301 " + prose, prose + "\u2028" + prose]
    got = plain_prose_many(texts, [1, 1, 1, 1])
    assert got[0] == ([1], {})
    assert got[1] is None and got[3] is None  # a tab; a line separator
    assert got[2] is not None and got[2][1] is None  # not in NFKC: looked at in NFKC
    assert_same_quick(texts)
    assert plain_prose_many(["a\u2028b"], [1]) == [None]
    mixed = texts + [prose + "\r\n" + prose, "", "  \n "]
    assert strip_boilerplate_many(mixed) == [bp.strip_boilerplate(t) for t in mixed]


def test_bad_input_names_the_text():
    with pytest.raises(TypeError, match="text 2 is bytes"):
        strip_boilerplate_many(["a", "b", b"c"])
    with pytest.raises(TypeError, match="sequence of texts"):
        strip_boilerplate_many("one text")
    assert strip_boilerplate_many([]) == []
