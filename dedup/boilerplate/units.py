"""Classification units: one line, or the lines of a hard-wrapped paragraph.

In hard-wrapped text (plain-text wire copy, e-mail: many lines close to one
width W of at most ``max_wrap_width`` characters, nearly all of the text in
lines no longer than W, and full lines followed by a line that starts in
lower case about as often as the text's words are, less often in German
than in English) a full line and the line after it form one unit, so a
wrapped paragraph is classified as a whole and all its lines share the
decision.  A wrapped story inside a page of short lines is found among the
lines that run on into a lower-case line.  A blank line, a list marker, or a
capital after sentence punctuation always starts a new unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .settings import SETTINGS as S
from .text import LIST_MARKER_RE, SENT_END_RE

__all__ = ["group_units", "wrap_width"]


def _blank_between(stripped: Sequence[str], a: int, b: int) -> bool:
    """Whether a blank line lies between lines ``a < b``."""
    for i in range(a + 1, b):
        if not stripped[i]:
            return True
    return False


def group_units(stripped: Sequence[str], alive: Sequence[int]) -> list[tuple[int, ...]]:
    """Group the surviving non-blank lines ``alive`` (indices into the
    stripped lines) into classification units.

    Grouping only depends on the surviving lines, their lengths and whether
    blank lines separate them, which is exactly what ``strip_boilerplate``
    outputs, so the fixpoint of the passes is also a fixpoint of a second call.
    """
    lengths = [len(stripped[i]) for i in alive]
    if sum(1 for n in lengths if n <= S.max_wrap_width) < max(2.0, S.wrap_min_share * len(lengths)):
        return [(i,) for i in alive]  # too few short lines to be hard-wrapped
    width = wrap_width(lengths, {len(stripped[i]) for i in alive if " " in stripped[i]})
    if width is not None:
        # most of the text must be in lines of at most W characters
        chars = wrapped = 0
        for i in alive:
            n = len(stripped[i])
            chars += n
            if n <= width or " " not in stripped[i]:
                wrapped += n
        if wrapped < S.wrap_min_text_share * chars:
            width = None
    if width is None:
        width = _continued_width(stripped, alive)
        if width is None:
            return [(i,) for i in alive]
    # pairs of adjacent lines whose first line is full and which do not
    # start a new sentence or a list item on the second line
    full_pairs = []
    for a, b in zip(alive, alive[1:]):
        first, second = stripped[a], stripped[b]
        if (
            (len(first) <= width or " " not in first)
            and len(first) + 1 + len(second.split(None, 1)[0]) > width - S.wrap_slack
            and not _blank_between(stripped, a, b)
            and not (second[0].isupper() and SENT_END_RE.search(first))
            and LIST_MARKER_RE.match(second) is None
        ):
            full_pairs.append(b)
    # wrapped prose breaks before lower-case words about as often as its
    # words are lower case (fewer in languages that capitalise nouns); menus
    # of title-cased items do not
    starts = [stripped[b].split(None, 1)[0] for b in full_pairs]
    starts = [w for w in starts if w[0].isalpha()]
    lower = sum(1 for w in starts if w[0].islower())
    if not starts:
        return [(i,) for i in alive]
    # The text's own share of lower-case words (a pass over its words) is
    # needed only when the line starts fall short of what any share allows.
    if lower < max(S.wrap_min_lower, S.wrap_lower_ratio) * len(starts):
        need = max(S.wrap_min_lower, S.wrap_lower_ratio * _lower_share(stripped, alive))
        if lower < need * len(starts):
            return [(i,) for i in alive]
    joined = set(full_pairs)
    units: list[tuple[int, ...]] = []
    current: list[int] = []
    for i in alive:
        if current and i not in joined:
            units.append(tuple(current))
            current = []
        current.append(i)
    if current:
        units.append(tuple(current))
    return units


def _lower_share(stripped: Sequence[str], alive: Sequence[int]) -> float:
    """The share of lower-case words inside the lines ``alive``: of the
    words that start with a letter and follow another word of their line
    that ends no sentence, weighted by length plus one, as a line break
    falls before a word with odds proportional to its length (long words,
    often capitalised nouns in German, start more lines than short ones)."""
    lower = total = 0
    for i in alive:
        words = stripped[i].split()
        for prev, word in zip(words, words[1:]):
            if word[0].isalpha() and SENT_END_RE.search(prev) is None:
                total += len(word) + 1
                if word[0].islower():
                    lower += len(word) + 1
    return lower / total if total else 1.0


def _continued_width(stripped: Sequence[str], alive: Sequence[int]) -> int | None:
    """The wrap width of a hard-wrapped story inside other text, or None.

    A whole page around a wrapped story has many short lines of its own, so
    the width is also looked for among the lines that run on (without a blank
    line) into a line starting in lower case: W is found as in
    :func:`wrap_width` over those lines, must be at least
    ``wrap_min_continued_width``, and at least half of them must lie within
    ``wrap_band`` of it.
    """
    continued = [
        len(stripped[a])
        for a, b in zip(alive, alive[1:])
        if b == a + 1 and stripped[b][0].islower() and " " in stripped[a]
    ]
    if len(continued) < S.wrap_min_continued:
        return None
    width = wrap_width(continued, set(continued), share=0.5)
    return width if width is not None and width >= S.wrap_min_continued_width else None


def wrap_width(lengths: Sequence[int], widths: Iterable[int], share: float | None = None) -> int | None:
    """The wrap width of hard-wrapped text, or None.

    ``lengths`` are the lengths of the non-blank lines, ``widths`` the
    candidate widths: the lengths of lines with more than one word (a line
    of one unbreakable word may be longer than the width).  W is the largest
    candidate of at most ``max_wrap_width`` characters such that at least
    ``share`` (default ``wrap_min_share``) of all lines, and two lines at
    least, have a length in ``[W - wrap_band, W]``.
    """
    need = max(2.0, (S.wrap_min_share if share is None else share) * len(lengths))
    ordered = sorted((n for n in lengths if n <= S.max_wrap_width), reverse=True)
    if len(ordered) < need:
        return None
    start = end = 0  # ordered[start:end] are the lengths in [W - wrap_band, W]
    for width in sorted((w for w in widths if w <= S.max_wrap_width), reverse=True):
        while start < len(ordered) and ordered[start] > width:
            start += 1
        end = max(end, start)
        while end < len(ordered) and ordered[end] >= width - S.wrap_band:
            end += 1
        if end - start >= need:
            return width
    return None
