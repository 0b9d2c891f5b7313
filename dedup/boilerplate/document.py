"""One text through the stripper: units, features, passes to the fixpoint.

The passes are repeated on the surviving lines until nothing more is
removed.  Grouping only depends on what :func:`strip_boilerplate` outputs
(the kept lines and whether blank lines separated them), so the fixpoint
makes ``strip_boilerplate`` idempotent.  So that the time stays linear in the
text whatever it holds, at most ``max_passes`` passes are run (real pages
need one or two).  The main region is never dropped, so a document with a
paragraph of prose is never emptied; and when what is left holds no prose
at all, the page's one block of sentences is kept instead of it
(:func:`lone_prose`).  A text whose units give the passes
nothing to contrast (no BAD unit, list item or menu run) is returned without
running them.

Whether an article is left (:func:`judge_lines`): a text from which the
stripper removed something, and whose kept lines hold no prose (no sentence
of ``prose_min_words`` words, no GOOD paragraph, no long run of sentences),
has no article: what is left is the page's furniture (code, a calendar, a
menu, a list of links). When the stripper removed every line (the text is
then fingerprinted whole), the text has an article if one of its units is
such prose. A text with nothing removed is not judged (a headline, a tweet, a plain
story): it counts as an article.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from .features import BAD, GOOD, SHORT, LineFeatures, cached_features, line_features
from .passes import PLAIN_PROSE, apply_run_rules, nothing_to_drop, run_pass, settled
from .prose import PROSE, plain_prose_lines, prose_features
from .regions import title_anchor
from .settings import SETTINGS as S
from .text import INNER_SENTENCE_END_RE, split_lines
from .units import group_units

__all__ = [
    "Document",
    "classify_lines",
    "explain_lines",
    "join_kept",
    "judge_lines",
    "judge_text",
    "label_lines",
    "strip_boilerplate",
    "strip_lines",
]

#: What :func:`prose.plain_prose_lines` returns for a text: statuses and normalised texts.
Quick = tuple[list[int], list[str | None]]


class Document:
    """The lines of one text, with what grouping and the fixpoint loop need.

    ``quick`` is what :func:`dedup.boilerplate.prose.plain_prose_lines`
    returns for ``lines`` (computed when not given); ``quick[0]`` the status
    of each line.
    """

    __slots__ = ("lines", "stripped", "nonblank", "_cache", "_line_features", "quick", "_quick_text", "anchor")

    def __init__(self, lines: Sequence[str], text: str | None = None, quick: Quick | None = None) -> None:
        self.lines = lines
        self.stripped = stripped = [line.strip() for line in lines]
        self.nonblank = nonblank = [i for i, s in enumerate(stripped) if s]
        self._cache: dict[tuple[int, ...], LineFeatures] = {}
        self._line_features: list[LineFeatures | None] = [None] * len(lines)
        if quick is None:
            quick = plain_prose_lines(lines, stripped, nonblank, text)
        self.quick, self._quick_text = quick
        self.anchor = title_anchor(stripped, nonblank)

    def all_kept(self, units: Sequence[tuple[int, ...]]) -> bool:
        """Whether the passes would keep every unit: no BAD unit, no list
        item, no run of menu items (then nothing has a contrast)."""
        quick = self.quick
        return nothing_to_drop(
            PLAIN_PROSE if len(unit) == 1 and quick[unit[0]] == PROSE else self.features(unit) for unit in units
        )

    def first_unit(self, units: Sequence[tuple[int, ...]]) -> int:
        """Index of the first unit after the title anchor (0 without one)."""
        if self.anchor < 0:
            return 0
        for k, unit in enumerate(units):
            if unit[0] > self.anchor:
                return k
        return 0

    def units(self, alive: Sequence[int]) -> list[tuple[int, ...]]:
        """The surviving non-blank lines ``alive`` grouped into units (see :mod:`.units`)."""
        return group_units(self.stripped, alive)

    def features(self, unit: tuple[int, ...]) -> LineFeatures:
        """Features of a unit (cached)."""
        if len(unit) == 1:
            i = unit[0]
            f = self._line_features[i]
            if f is None:
                n = self.quick[i]
                if n == PROSE:  # what line_features() says, see prose.py
                    text = self._quick_text[i]
                    if text is None:
                        text = " ".join(unicodedata.normalize("NFKC", self.lines[i]).split())
                    elif "  " in text:
                        text = " ".join(text.split())
                    f = prose_features(text)
                else:
                    f = cached_features(self.lines[i], n == -1)
                    assert f is not None
                self._line_features[i] = f
            return f
        f = self._cache.get(unit)
        if f is None:
            f = line_features(" ".join(self.stripped[i] for i in unit))
            assert f is not None
            self._cache[unit] = f
        return f


def label_lines(lines: Sequence[str]) -> list[tuple[str, str] | None]:
    """Label each line with the classifier and the run rules (no context).

    Returns one entry per input line: ``(label, rule)`` where label is
    ``GOOD``, ``BAD`` or ``SHORT`` and rule names the rule that decided it, or
    ``None`` for a blank line.  The lines of a hard-wrapped paragraph share
    its label.  Useful to debug and extend the rules.
    """
    doc = Document(lines)
    units = doc.units(doc.nonblank)
    run_labels, run_rules = apply_run_rules([doc.features(u) for u in units])
    out: list[tuple[str, str] | None] = [None] * len(lines)
    for unit, lab, rule in zip(units, run_labels, run_rules):
        for i in unit:
            out[i] = (lab, rule)
    return out


def explain_lines(lines: Sequence[str]) -> list[tuple[bool, str] | None]:
    """Why each line is kept or dropped: ``(kept, rule)`` per line.

    ``rule`` is the local rule of a kept line (``"prose"``, ``"short"`` ...)
    or the rule that dropped it: a lexicon or run rule (``"copyright"``,
    ``"nav-run"`` ...), ``"context"`` (an uncertain line next to
    boilerplate), ``"repeat"``, ``"comment-section"``, ``"after-end"``,
    ``"after-break"``, ``"teasers"`` or ``"before-title"`` (the region pass).
    Blank lines give ``None``.
    """
    doc = Document(lines)
    why: dict[int, str] = {}
    alive = doc.nonblank
    for _ in range(S.max_passes):
        if not alive:
            break
        units = doc.units(alive)
        feats = [doc.features(u) for u in units]
        keep, reasons = run_pass(feats, doc.first_unit(units))
        for unit, f, k, r in zip(units, feats, keep, reasons):
            for i in unit:
                why[i] = r if not k else f.rule
        if all(keep):
            break
        alive = [i for unit, k in zip(units, keep) if k for i in unit]
    block = lone_prose(doc, doc.units(alive))
    if block is not None:
        for i in alive:
            why[i] = "lone-prose"
        alive = []
        for unit in block:
            rule = doc.features(unit).rule
            for i in unit:
                why[i] = rule
                alive.append(i)
    kept = set(alive)
    return [None if i not in why else (i in kept, why[i]) for i in range(len(lines))]


def _prose_unit(f: LineFeatures) -> bool:
    """A sentence of prose: sentence punctuation, ``prose_min_words`` words, not boilerplate."""
    return f.sent_end and f.words >= S.prose_min_words and f.label != BAD


def _kept_prose(f: LineFeatures) -> bool:
    """A kept unit that is prose: a sentence (:func:`_prose_unit`), or a GOOD
    paragraph with a sentence end inside it (whose own end lacks one)."""
    return _prose_unit(f) or (f.label == GOOD and INNER_SENTENCE_END_RE.search(f.text) is not None)


def lone_prose(doc: Document, kept: Sequence[tuple[int, ...]]) -> list[tuple[int, ...]] | None:
    """The page's one prose block, when the passes kept no prose.

    ``kept`` are the units the passes kept.  Returns None when one of them is
    prose (see :func:`_kept_prose`) or the page has no run of sentences
    (:func:`_prose_unit`) with ``lone_prose_min_words`` words; else the units
    of its longest such run (in words) and of the headline just before it:
    what the page says, kept instead of the code, menus, listings or links
    the passes left (issue 19: a page's one short story is never dropped
    while its furniture is kept).
    """
    if any(_kept_prose(doc.features(u)) for u in kept):
        return None
    units = doc.units(doc.nonblank)
    best: tuple[int, int, int] = (0, 0, 0)  # words, first unit, end
    k = 0
    while k < len(units):
        j = k
        words = 0
        while j < len(units) and _prose_unit(f := doc.features(units[j])):
            words += f.words
            j += 1
        if words > best[0]:
            best = (words, k, j)
        k = j + 1
    words, first, end = best
    if words < S.lone_prose_min_words:
        return None
    if first and (f := doc.features(units[first - 1])).label == SHORT and f.headline_like and not f.sent_end:
        first -= 1
    return units[first:end]


def _article_unit(f: LineFeatures) -> bool:
    """A unit of article text: kept prose (:func:`_kept_prose`), a GOOD
    paragraph (a sentence of a script without sentence punctuation), or a
    long line of several sentences whose last one was cut (not BAD)."""
    if _kept_prose(f) or f.label == GOOD:
        return True
    return f.label != BAD and f.words >= S.good_min_words and len(INNER_SENTENCE_END_RE.findall(f.text)) >= 2


def _has_article(doc: Document, alive: list[int] | None) -> bool:
    """Whether an article is left: nothing was removed (``alive`` is None or
    every non-blank line), or a kept unit is article text (:func:`_article_unit`).
    When every line was removed (the text is then fingerprinted as it is), a
    unit of the whole text."""
    if alive is None or len(alive) == len(doc.nonblank):
        return True
    return any(_article_unit(doc.features(u)) for u in doc.units(alive or doc.nonblank))


def _kept_lines(doc: Document) -> list[int] | None:
    """Fixpoint of grouping and the passes: the indices of the lines to
    keep, or None when every non-blank line is kept."""
    alive = doc.nonblank
    units = doc.units(alive)
    if doc.all_kept(units):  # the usual case: nothing to drop
        return None
    for _ in range(S.max_passes):
        if not alive:
            break
        feats = [doc.features(u) for u in units]
        keep, _ = run_pass(feats, doc.first_unit(units))
        if all(keep):
            break
        alive = [i for unit, k in zip(units, keep) if k for i in unit]
        simple = len(units) == len(alive) + keep.count(False)  # one line per unit
        units = doc.units(alive)
        if simple and len(units) == len(alive) and settled(feats, keep):
            break
    block = lone_prose(doc, units)  # the units of the lines alive
    return alive if block is None else [i for unit in block for i in unit]


def strip_lines(lines: Sequence[str], text: str | None = None, quick: Quick | None = None) -> str:
    """:func:`strip_boilerplate` of a text split into ``lines``.

    ``text`` is ``lines`` joined with ``"\\n"`` if the caller has it;
    ``quick`` what :func:`dedup.boilerplate.prose.plain_prose_lines` returns
    for ``lines`` if the caller has it (see :mod:`dedup.boilerplate.batch`).
    """
    return judge_lines(lines, text, quick)[0]


def judge_lines(lines: Sequence[str], text: str | None = None, quick: Quick | None = None) -> tuple[str, bool]:
    """:func:`strip_lines`, and whether an article is left (see the module docstring)."""
    doc = Document(lines, text, quick)
    alive = _kept_lines(doc)
    return _joined(doc, lines, text, alive), _has_article(doc, alive)


def _joined(doc: Document, lines: Sequence[str], text: str | None, alive: list[int] | None) -> str:
    """The kept lines ``alive`` (None: every non-blank line) as :func:`strip_lines` returns them."""
    if alive is None:
        nonblank = doc.nonblank
        if text is not None and all(b - a <= 2 for a, b in zip(nonblank, nonblank[1:])):
            # all kept and no blank line after another: the text from the
            # first non-blank line to the end of the last one
            first, last = nonblank[0], nonblank[-1]
            start = sum(len(lines[i]) for i in range(first)) + first
            end = len(text) - sum(len(lines[i]) for i in range(last + 1, len(lines))) - (len(lines) - 1 - last)
            return text if start == 0 and end == len(text) else text[start:end]
        mask = [bool(s) for s in doc.stripped]
    else:
        mask = [False] * len(lines)
        for i in alive:
            mask[i] = True
    return join_kept(lines, mask)


def classify_lines(lines: Sequence[str]) -> list[bool]:
    """Decide for each line whether it is article text (True) or boilerplate.

    ``lines`` are single lines without line terminators.  Blank lines get
    ``False`` (they carry no content; :func:`strip_boilerplate` re-inserts
    paragraph separators).  The result is a fixpoint: classifying the kept
    lines again keeps all of them.
    """
    if isinstance(lines, str):
        raise TypeError("classify_lines() expects a sequence of lines, got str")
    for line in lines:
        if not isinstance(line, str):
            raise TypeError(f"classify_lines() expects str lines, got {type(line).__name__}")
    doc = Document(lines)
    alive = _kept_lines(doc)
    if alive is None:
        return [bool(s) for s in doc.stripped]
    mask = [False] * len(lines)
    for i in alive:
        mask[i] = True
    return mask


def strip_boilerplate(text: str) -> str:
    """Remove boilerplate lines from the plain text of a news page.

    Lines may end in ``\\n``, ``\\r\\n`` or ``\\r``.  Kept lines are returned
    verbatim and in order, joined with ``\\n``; where the input had at least
    one blank line between two kept lines, the first such blank line is kept
    as a paragraph separator.  Nothing is ever added.  The function is
    idempotent: ``strip_boilerplate(strip_boilerplate(x)) == strip_boilerplate(x)``.

    Raises:
        TypeError: if ``text`` is not a ``str``.
    """
    if not isinstance(text, str):
        raise TypeError(f"strip_boilerplate() expects str, got {type(text).__name__}")
    return judge_text(text)[0]


def judge_text(text: str) -> tuple[str, bool]:
    """:func:`strip_boilerplate` of ``text`` (a ``str``), and whether an
    article is left (see the module docstring; a blank text has none)."""
    if not text or text.isspace():
        return "", False
    if "\r" in text:
        return judge_lines(split_lines(text))
    return judge_lines(text.split("\n"), text)


def join_kept(lines: Sequence[str], mask: Sequence[bool]) -> str:
    """The kept lines joined with ``"\\n"``, with the first blank line between
    two kept lines as their paragraph separator (see :func:`strip_boilerplate`)."""
    out: list[str] = []
    blank: str | None = None
    for line, keep in zip(lines, mask):
        if keep:
            if blank is not None and out:
                out.append(blank)
            out.append(line)
            blank = None
        elif blank is None and not line.strip():
            blank = line
    return "\n".join(out)
