"""Every text stage costs time linear in its input (issue 17, probe 1).

Stripping (both paths), normalisation, tokenising and shingling must not be
super-linear on adversarial input: a line of ``A:`` pairs, a transcript of
``Q: ... A: ...``, long lines without spaces, thousands of short lines,
repeated words, URLs, capitals, comment headers before the main text...

Two kinds of tests, neither with a wall-clock limit:

* a Hypothesis property that builds adversarial texts from risky pieces,
  doubles them and checks that the number of *operations* roughly doubles:
  Python lines executed in ``dedup`` plus characters handed to ``dedup``'s
  regular expressions (a regex run over a whole line once per separator on
  it, the quadratic of the probe, counts the line each time);
* the process CPU time of the public functions on curated adversarial
  documents four times larger, which must stay well under the sixteen times
  a quadratic stage would take (a generous ratio, best of three).
"""

from __future__ import annotations

import random
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import dedup
import dedup.boilerplate
import dedup.boilerplate.batch
import dedup.normalize
import dedup.shingle
from dedup.boilerplate import strip_boilerplate_many
from dedup.normalize import canonical_bytes, normalize_text, tokenize
from dedup.shingle import shingle_batch

PACKAGE = str(Path(dedup.__file__).resolve().parent)
#: Every module of the stripper (each holds its own bindings of the regexes it uses).
BOILERPLATE = tuple(sys.modules[name] for name in sorted(sys.modules) if name.startswith("dedup.boilerplate."))
MODULES = (*BOILERPLATE, dedup.normalize, dedup.shingle)

STAGES: dict[str, Callable[[str], object]] = {
    "strip_boilerplate": dedup.strip_boilerplate,
    "strip_boilerplate_many": lambda t: strip_boilerplate_many([t, "One line.", "Two lines.\nHere.", "Three."]),
    "normalize_text": normalize_text,
    "tokenize": tokenize,
    "shingle_batch": lambda t: shingle_batch([t], 3),
}


class _CountedPattern:
    """A compiled regex that adds the characters it is given to scan to a counter."""

    SCANS = frozenset({"search", "match", "fullmatch", "findall", "finditer", "split", "sub", "subn"})

    def __init__(self, pattern: re.Pattern, counter: list[int]) -> None:
        self._pattern = pattern
        self._counter = counter

    @property  # type: ignore[misc]
    def __class__(self):  # the compiler dispatches on ``kind.__class__ is re.Pattern``
        return re.Pattern

    def __getattr__(self, name: str):
        method = getattr(self._pattern, name)
        if name not in self.SCANS:
            return method

        def counted(*args, **kwargs):
            string = args[1] if name.startswith("sub") else args[0]  # sub(repl, string, ...)
            pos = args[1] if name not in ("split", "sub", "subn") and len(args) > 1 else kwargs.get("pos", 0)
            self._counter[0] += max(len(string) - pos, 1)
            return method(*args, **kwargs)

        return counted


def _counted(value, counter: list[int]):
    """``value`` with every compiled regex in it (also inside tuples) counted."""
    if isinstance(value, re.Pattern):
        return _CountedPattern(value, counter)
    if isinstance(value, tuple):
        items = tuple(_counted(v, counter) for v in value)
        return items if any(a is not b for a, b in zip(items, value)) else value
    return value


@contextmanager
def counting_operations(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Count Python lines run in dedup and characters given to its regexes."""
    counter = [0]
    with monkeypatch.context() as patch:
        for module in MODULES:
            for name, value in list(vars(module).items()):
                counted = _counted(value, counter)
                if counted is not value:
                    patch.setattr(module, name, counted)

        def local(frame, event, arg):
            if event == "line":
                counter[0] += 1
            return local

        def calls(frame, event, arg):
            return local if frame.f_code.co_filename.startswith(PACKAGE) else None

        sys.settrace(calls)
        try:
            yield counter
        finally:
            sys.settrace(None)


def operations(stage: Callable[[str], object], text: str, monkeypatch: pytest.MonkeyPatch) -> int:
    with counting_operations(monkeypatch) as counter:
        stage(text)
    return counter[0]


# Pieces that take the slower paths: dateline separators after capitals,
# menu and link characters, cue words of the lexicon, list markers, line
# breaks, white space NFKC rewrites, scripts without spaces, combining marks.
RISKY = [
    "A",
    "Q",
    "AB",
    "WASHINGTON",
    "ST.",
    "(AP)",
    ":",
    " :",
    ": ",
    "\u2014",
    "\u2013",
    " ",
    "  ",
    "\n",
    "\n\n",
    ".",
    "...",
    "\u2026",
    ",",
    "|",
    " | ",
    "\u00bb",
    "/",
    " / ",
    "@",
    "\u00a9",
    "(c)",
    "http://x.com/a",
    "www.",
    "a@b.com",
    "says",
    "said:",
    "comments",
    "12",
    "2019",
    "12:30 pm",
    "cookie",
    "privacy",
    "you",
    "agree",
    "sign up",
    "newsletter",
    "- ",
    "1. ",
    "(3) ",
    "The",
    "Of",
    "At",
    "word",
    "a",
    "\u00a0",
    "\u2003",
    "\t",
    "\u0e01\u0e32",
    "\u4e2d",
    "\u0416",
    "e\u0301",
    "\uff76\uff9e",
    '"',
    "'",
    "\u201c",
    "(",
    ")",
    "[",
    "]",
    "By",
    "Photo:",
    "Getty",
    "Tags:",
    "Home",
    "Advertisement",
    "Read more",
    "Share",
]


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


@st.composite
def adversarial(draw) -> tuple[str, str, str]:
    """A text of two runs of repeated pieces (e.g. comment headers, then
    prose), doubled twice (each run twice, then four times as long)."""
    first = "".join(draw(st.lists(st.sampled_from(RISKY), min_size=1, max_size=6)))
    second = "".join(draw(st.lists(st.sampled_from(RISKY), min_size=1, max_size=6)))
    share = draw(st.sampled_from([1.0, 0.5]))
    size = 3000

    def build(scale: int) -> str:
        return _repeat(first, int(scale * size * share)) + _repeat(second, int(scale * size * (1 - share)))

    return build(1), build(2), build(4)


def _pair(unit: str) -> tuple[str, str, str]:
    return _repeat(unit, 3000), _repeat(unit, 6000), _repeat(unit, 12000)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(texts=adversarial(), stage=st.sampled_from(sorted(STAGES)))
@example(texts=_pair("A: "), stage="strip_boilerplate")
@example(texts=_pair("AST.  wordAST."), stage="strip_boilerplate")
@example(
    texts=tuple(_repeat("A", 1500 * k) + _repeat("AA :...", 1500 * k) for k in (1, 2, 4)), stage="strip_boilerplate"
)
@example(
    texts=tuple(_repeat(":,", 1500 * k) + _repeat("AA\u00a0e\u0301AA", 1500 * k) for k in (1, 2, 4)),
    stage="strip_boilerplate",
)
@example(texts=_pair("A: "), stage="strip_boilerplate_many")
@example(texts=_pair("Q: What did you see? A: We saw it. "), stage="strip_boilerplate")
@example(texts=_pair("A \u2014 "), stage="strip_boilerplate_many")
@example(texts=_pair("A\u2003: "), stage="strip_boilerplate")
@example(texts=_pair("the man WASHINGTON: Expressing "), stage="strip_boilerplate")
def test_operations_double_when_the_input_doubles(texts, stage, monkeypatch):
    fn = STAGES[stage]
    for text in texts:
        fn(text)  # one-time tables
    ops = []
    for text in texts:
        # Cold line-feature cache for every size: only short lines are cached,
        # so a warm cache would make the small text nearly free and its
        # double (whose one line is too long to cache) look 100x dearer.
        dedup.boilerplate.clear_cache()
        ops.append(operations(fn, text, monkeypatch))
    # Linear work may step where a text's length crosses a threshold: a
    # unit or chunk boundary (one doubling 2.6x, the next 1.5x, on a line of
    # ":," then "AA e\u0301AA"), or a short line's fast path that a longer
    # line does not take (154 operations, then 19,074 and 37,929 on a
    # repeated "AST.  wordAST."). A quadratic stage costs about 4x at every
    # doubling, so at least one of the two doublings must be about 2x.
    doublings = [(ops[1] - 1000) / max(ops[0], 1), (ops[2] - 1000) / max(ops[1], 1)]
    assert min(doublings) <= 2.4, (stage, ops, texts[0][:80])


# --------------------------------------------------------------------------
# CPU time of the public functions on curated documents
# --------------------------------------------------------------------------
PROSE = (
    "This is a long line of prose that goes on and on with many words in it for the reader, and it "
    "has quite a number of words so that it passes fifty words in total; more words are here to make "
    "sure of that, yes, really, it does, and then some more words follow until the end of it.\n"
)


def _comments_then_main(size: int) -> str:
    # comment headers that do not end the text, because the heaviest region follows them
    unit = "12 comments\nHe said so, and then he left.\n"
    body = "Body line of the main story, which is long enough to be prose and good.\n"
    return PROSE + _repeat(unit, size // 2) + body * (size // 2 // len(body))


def _repeated_units(size: int) -> str:
    # a long first region, then many regions of one long unit each: every one is checked for
    # repeating the first region
    rng = random.Random(0)
    words = [f"w{i}" for i in range(5000)]
    first = "".join(" ".join(rng.choice(words) for _ in range(20)) + ".\n" for _ in range(size // 2 // 120))
    later = "".join(
        "Advertisement\nHome\nMenu\nSearch\n" + " ".join(rng.choice(words) for _ in range(55)) + ".\n"
        for _ in range(size // 2 // 380)
    )
    return first + later


def _lines(unit: str) -> Callable[[int], str]:
    return lambda size: _repeat(unit, size)


DOCUMENTS: dict[str, Callable[[int], str]] = {  # name -> document of about ``size`` characters
    "A: pairs": _lines("A: "),
    "Q/A transcript": _lines("Q: What did you do? A: We went home. "),
    "em dashes after capitals": _lines("A \u2014 "),
    "odd spaces before colons": _lines("A\u2003: "),
    "one word without spaces": _lines("a"),
    "repeated word": _lines("word "),
    "capitals": _lines("ABC DEF "),
    "urls": _lines("http://example.com/a/b "),
    "short lines": _lines("A:\n"),
    "Thai without spaces": _lines("\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35"),
    "comment headers before the main text": _comments_then_main,
    "many long units after the first region": _repeated_units,
}


def _cpu(fn: Callable[[], object], repeat: int = 3) -> float:
    """The least CPU time of ``repeat`` calls."""
    times = []
    while len(times) < repeat:
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times)


#: Sizes for documents whose quadratic term is cheap per step (one substring
#: search per unit) and only shows on larger inputs.
SIZES = {"many long units after the first region": 250_000}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_cpu_time_of_four_times_the_input(name):
    make = DOCUMENTS[name]
    size = SIZES.get(name, 40_000)
    small, large = make(size), make(4 * size)
    for stage in (
        dedup.strip_boilerplate,
        lambda t: strip_boilerplate_many([t] * 4),
        canonical_bytes,
        lambda t: dedup.signatures([t], strip=False, workers=1),
    ):
        stage(small[:2000])  # one-time tables
        # linear: about 4 times; quadratic: 16 times.  A busy machine can
        # stretch one run of a few milliseconds several times over, so a
        # ratio over the bound is measured again, with more runs, before it
        # counts: a quadratic stage stays over it however often it is run.
        for repeat in (3, 9):
            t_small = _cpu(lambda stage=stage: stage(small), repeat)
            t_large = _cpu(lambda stage=stage: stage(large), repeat)
            if t_large <= 8 * t_small + 0.02:
                break
        assert t_large <= 8 * t_small + 0.02, (name, stage, t_small, t_large)
