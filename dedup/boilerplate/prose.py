"""Plainly prose lines, found without the full classifier (the string fast path).

Most lines of an article are long sentences.  A line is **plainly prose** when

1. it holds no cue: no character of ``compiler.CUE_CHARS``, no word of
   ``compiler.CUE_WORDS`` (in either case) and no glued dateline;
2. it ends in sentence punctuation (maybe before closing quotes or
   brackets), not in an ellipsis glued to a word;
3. it has more than ``short_rule_max_words`` words, and is not in a script
   written without spaces (whose word count is an estimate);
4. it starts with a letter or an opening quote, not with a list marker, a
   digit or a word of ``compiler.START_WORDS``, and has a letter;
5. its first words are not a Title Case run (:func:`features.title_run`).

Such a line is GOOD by rule ``prose`` and its features are known without
running the classifier: the short and label rules skip lines that long, and
every other rule that could make it BAD needs what 1, 4 and 5 rule out.
:func:`plain_prose_lines` finds them with a few ``str.find`` calls over the
whole text; ``dedup.boilerplate.batch`` finds them for many texts at once in
numpy, from the same data.  The tests check both against the classifier, and
against each other on generated lines.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

from .compiler import CUE_CHARS, CUE_WORDS, START_CHARS, START_PREFIX_CHARS, START_WORDS
from .features import GOOD, LineFeatures, title_run
from .settings import SETTINGS as S
from .text import (
    CLOSERS,
    DATELINE_ENDS,
    GLUED_DATELINE_RE,
    GLUED_SEPS,
    LETTER_RE,
    MARKER_STARTS,
    ODD_SPACES,
    SENT_END_CHARS,
    truncated,
)

__all__ = ["glued_dateline", "plain_prose_lines", "prose_features", "prose_line"]

#: Status of a line: plainly prose; holding a cue (needs the full classifier);
#: neither (the classifier may skip the rules that need a cue).
PROSE, CUE, NO_CUE = 1, 0, -1

_CUE_ASCII_CHARS = tuple(c for c in CUE_CHARS if c.isascii())
_CUE_ASCII_WORDS = tuple(w.lower() for w in CUE_WORDS)
_CUE_BYTE_WORDS = tuple(w.lower().encode("ascii") for w in CUE_WORDS)
_GLUED_ASCII_SEPS = tuple(c for c in GLUED_SEPS if c.isascii())
_ODD_ASCII_SPACES = tuple(c for c in ODD_SPACES if c.isascii())
#: Characters at the start of a line in which more than ``short_rule_max_words`` words are looked for.
_PREFIX = 240
assert all(c.lower() == c == c.upper() for c in CUE_CHARS), "cue characters are found without case folding"


def prose_features(text: str) -> LineFeatures:
    """The features of a plainly prose line whose normalised text is ``text``."""
    return LineFeatures(text, text.count(" ") + 1, True, False, GOOD, "prose")


def plain_prose_lines(
    lines: Sequence[str],
    stripped: Sequence[str] | None = None,
    nonblank: Sequence[int] | None = None,
    text: str | None = None,
) -> tuple[list[int], list[str | None]]:
    """The status of each line: :data:`PROSE` (1), :data:`CUE` (0) or
    :data:`NO_CUE` (-1); and the normalised text of each plainly prose line
    when it is at hand (the text is in NFKC), else None.

    ``stripped`` and ``nonblank`` (the stripped lines and the indices of the
    non-blank ones) and ``text`` (``lines`` joined with ``"\\n"``) are
    computed when not given.
    """
    if stripped is None:
        stripped = [line.strip() for line in lines]
    if nonblank is None:
        nonblank = [i for i, s in enumerate(stripped) if s]
    out = [CUE] * len(lines)
    texts: list[str | None] = [None] * len(lines)
    if text is None:
        text = "\n".join(lines)
    ascii_text = text.isascii()
    clean = ascii_text or unicodedata.is_normalized("NFKC", text)
    if clean:
        norm, raw, nlines = text, lines, stripped
    else:  # normalise only the lines that need it
        is_normalized, normalize = unicodedata.is_normalized, unicodedata.normalize
        raw = [line if is_normalized("NFKC", line) else normalize("NFKC", line) for line in lines]
        if any("\n" in line or "\r" in line for line in raw):
            return out, texts
        norm = "\n".join(raw)
        nlines = [line.strip() for line in raw]
    slow: set[int] = set()
    starts: list[int] = []

    def line_at(pos: int) -> int:
        """The line holding character ``pos`` of ``norm``."""
        if not starts:
            starts.extend(accumulate((len(x) + 1 for x in raw), initial=0))
        return bisect_right(starts, pos) - 1

    seps: tuple[str, ...]
    if ascii_text:
        seps = _GLUED_ASCII_SEPS
        low = norm.lower()
        for cue in _CUE_ASCII_CHARS + _CUE_ASCII_WORDS:
            pos = low.find(cue)
            while pos >= 0:
                line = line_at(pos)
                slow.add(line)
                pos = low.find(cue, starts[line + 1])
    else:
        seps = GLUED_SEPS
        for cue in CUE_CHARS:  # characters without case
            pos = norm.find(cue)
            while pos >= 0:
                line = line_at(pos)
                slow.add(line)
                pos = norm.find(cue, starts[line + 1])
        # The words in bytes: encoding and ASCII lower-casing are much faster
        # than str.lower() on non-ASCII text, and the words are ASCII (the only
        # non-ASCII letter of NFKC text whose lower case holds an ASCII one,
        # U+0130, gives "i" plus a combining dot, which no word can match).
        blow = norm.encode("utf-8", "surrogatepass").lower()
        bstarts: list[int] = []
        for word in _CUE_BYTE_WORDS:
            pos = blow.find(word)
            while pos >= 0:
                if not bstarts:
                    bstarts.extend(accumulate((len(x) + 1 for x in blow.split(b"\n")), initial=0))
                line = bisect_right(bstarts, pos) - 1
                slow.add(line)
                pos = blow.find(word, bstarts[line + 1])
    spaced = False  # white space other than spaces: words need str.split()
    for c in ODD_SPACES if not ascii_text else _ODD_ASCII_SPACES:
        if c in norm:
            spaced = True
            break
    tested: set[int] = set()  # lines searched for a glued dateline (once each: linear time)
    for sep in seps:
        pos = norm.find(sep)
        while pos >= 0:
            # a dateline ends in a capital, a full stop or a bracket before the separator
            j = pos - 1
            while j >= 0 and norm[j] == " ":
                j -= 1
            before = norm[j] if j >= 0 else ""
            if spaced or before.isupper() or before in DATELINE_ENDS:
                line = line_at(pos)
                if line not in tested:
                    tested.add(line)
                    if glued_dateline(nlines[line]):
                        slow.add(line)
                pos = norm.find(sep, starts[line + 1])  # the rest of the line is settled
                continue
            pos = norm.find(sep, pos + 1)
    out = [NO_CUE] * len(lines)
    for i in slow:
        out[i] = CUE
    for i in nonblank:
        if i in slow:
            continue
        s = prose_line(nlines[i], spaced, ascii_text)
        if s is not None:
            out[i] = PROSE
            if clean:
                texts[i] = s
    return out, texts


def glued_dateline(line: str) -> bool:
    """Whether the (normalised) ``line`` holds a glued dateline, a cue: looked
    for where a separator follows a capital, a dateline end or odd white space."""
    return GLUED_DATELINE_RE.search(" ".join(line.split())) is not None


def prose_line(s: str, spaced: bool, ascii_text: bool) -> str | None:
    """Conditions 2 to 5 of plainly prose for one line without a cue.

    ``s`` is the stripped, NFKC-normalised line; ``spaced`` whether its text
    has white space other than spaces, ``ascii_text`` whether its text is
    ASCII.  Returns the line's normalised text (white space runs collapsed)
    if the line is plainly prose, else None.
    """
    c = s[-1]
    t = s
    if c in CLOSERS:
        t = s.rstrip(CLOSERS)
        c = t[-1:]
    if c not in SENT_END_CHARS:
        return None
    if (c == "…" or (c == "." and t.endswith("..."))) and truncated(t):
        return None  # a cut teaser: no sentence end
    max_short, prefix = S.short_rule_max_words, _PREFIX
    spaces = s.count(" ", 0, prefix)
    if spaced or spaces < max_short or s.find("  ", 0, prefix) >= 0:
        if not spaced and spaces < max_short and len(s) <= prefix:
            return None  # fewer spaces than a line of more than max_short words has
        tokens = s.split()  # (rare) a long line of long words, or odd spacing
        if len(tokens) <= max_short:
            return None
        if spaced or "  " in s:
            s = " ".join(tokens)
    # here s has more than short_rule_max_words words
    if not ascii_text and len(s) > 12 * (s.count(" ") + 1):
        return None  # maybe a script written without spaces: word count adjusted
    c = s[0]
    if (
        c in MARKER_STARTS
        or c.isdigit()
        or (c in START_CHARS and s[:START_PREFIX_CHARS].lower().startswith(START_WORDS))
    ):
        return None
    if not (c.isalpha() or LETTER_RE.search(s)):
        return None
    # the glued-teaser title run needs 5 capitalised words: a lower-case
    # second word rules it out at once
    c = s[s.find(" ") + 1]
    if not (c.isalpha() and c.islower()):
        words = s.split(None, S.glued_max_title_words)
        if len(words) > S.glued_max_title_words:  # the exact count matters near the end
            n = len(s.split()) if spaced or "  " in s else s.count(" ") + 1
        else:
            n = len(words)
        if title_run(words, n):
            return None
    return s
