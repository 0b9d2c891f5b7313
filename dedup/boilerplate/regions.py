"""The region pass: the main content is one dense run of prose.

The kept units form *regions*: runs of kept units separated by dropped ones,
where a gap of at most ``weak_gap_max_units`` interruptions
(:data:`WEAK_GAP_RULES`) does not separate.  A region's mass is the words of
its GOOD units.  The main region is the heaviest one before a comment
section (after the page title's headline when the text starts with one),
passing over lists of teasers and what follows a page footer once an
article-like region was seen; after it, regions end at a hard end
(:data:`HARD_END_RULES`), teasers are dropped, and a region continues the
article only if it is dense, long enough and close enough (a gap of
dropped units needs ``continuation_gap_words`` words of prose per unit; an
inline box of related links, a header over a few headlines between
paragraphs, is one interruption whose headlines are dropped), except
that after a list of headlines with blurbs a region of paragraphs is the
page's story however far below (issue 19).  Long units that
repeat earlier regions are dropped first.  ``python -m dedup.boilerplate
--rules`` lists the steps with their thresholds.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import deque
from collections.abc import Iterable, Sequence

from .features import GOOD, LineFeatures
from .lexicon.legal import COPYRIGHT_FOOTER, FOOTER
from .settings import SETTINGS as S
from .text import CLOSERS, DIGIT_RE, fold, truncated

__all__ = ["BOX_HEADER_RULES", "FOOTER_RULES", "HARD_END_RULES", "WEAK_GAP_RULES", "region_keep", "title_anchor"]

_FOOTER_RE = re.compile(FOOTER, re.IGNORECASE)
_COPYRIGHT_FOOTER_RE = re.compile(COPYRIGHT_FOOTER, re.IGNORECASE)
#: Rules whose lines start a comment section.
_COMMENT_START_RULES = frozenset({"comment-header", "comment-title", "comment-byline"})
#: Rules of lines that end an article: nothing after them is article text
#: (footers, tag lists, sidebars of headlines, comment sections).
HARD_END_RULES = frozenset(
    {
        "copyright",
        "all-rights-reserved",
        "comment-header",
        "comment-title",
        "comment-byline",
        "comment-form",
        "author-box",
        "cookie-notice",
        "consent-notice",
        "cookie-button",
        "keywords",
    }
)
#: Rules of page-footer lines: the main text precedes one that starts with
#: a year or reserves rights ("© 2024 Example Media Inc. All Rights
#: Reserved.", not the photo credit "© Jane Roe Crowds outside ...") when a
#: region of at least ``continuation_min_units`` prose units does.
FOOTER_RULES = frozenset({"copyright", "all-rights-reserved"})
#: Rules of lines that interrupt an article without ending it (an ad label,
#: a photo credit, a "Read more: ..." link, a stray number, a dropped
#: uncertain line, the JavaScript notice of an embedded video); at most
#: ``weak_gap_max_units`` of them.
WEAK_GAP_RULES = frozenset(
    {
        "advertisement",
        "credit",
        "no-letters",
        "contact",
        "read-more",
        "context",
        "repeat",
        "tech-notice",
        "embed-placeholder",
    }
)


#: Rules of the header of a box of related links inside an article
#: ("Related articles", "Don't miss" over a few headlines): the box is one
#: interruption, its headlines are not article text (issue 19).  A "read
#: more" label is one too when it names no link ("Lesen Sie auch" over
#: headlines; "Read more: Six ferry rides for families" is a link, a weak
#: interruption of its own).
BOX_HEADER_RULES = frozenset({"related-header"})
#: Why the headlines under a box's header were dropped: by the context pass,
#: or as the linked headlines under a sidebar header (run rule ``related-run``).
_BOX_HEADLINE_REASONS = frozenset({"context", "related-run"})


class _Region:
    """Kept units separated only by weak gaps, with their statistics."""

    __slots__ = ("units", "gap", "count", "prose", "words", "goods", "heads", "cuts", "led", "after_head")

    def __init__(self, gap: list[int]) -> None:
        self.units: list[int] = []  # kept units, and dropped ones inside the region
        self.gap = gap  # dropped units before the region
        self.count = self.prose = self.words = self.goods = self.heads = self.cuts = 0
        self.led: list[LineFeatures] = []  # prose units right after a headline (blurbs)
        self.after_head = False  # the last unit counted is a headline

    def count_unit(self, f: LineFeatures, label: str, listed: bool = False) -> None:
        """Count a kept unit of the region in the statistics; ``listed``: an
        item of a list introduced by a colon."""
        self.count += 1
        self.words += f.words
        head = False
        if label == GOOD:
            self.prose += f.words
            self.goods += 1
            if self.after_head:
                self.led.append(f)
            if truncated(f.text.rstrip(CLOSERS)):
                self.cuts += 1
        elif not listed and _headline_like(f):
            self.heads += 1
            head = True
        self.after_head = head

    def remove(self, f: LineFeatures, label: str) -> None:
        """Take a unit's counts out of the statistics (its index stays)."""
        self.count -= 1
        self.words -= f.words
        if label == GOOD:
            self.prose -= f.words
            self.goods -= 1
            self.led = [x for x in self.led if x is not f]
            if truncated(f.text.rstrip(CLOSERS)):
                self.cuts -= 1
        elif _headline_like(f):
            self.heads -= 1

    def dense(self) -> bool:
        """Reads like article text: mostly prose units."""
        return self.prose >= S.dense_min_prose_share * self.words

    def paragraphs(self) -> bool:
        """A story's paragraphs: at least ``story_min_units`` prose units,
        more than headlines, dense, and as long on average as
        ``teaser_max_mean_words`` (longer than the blurbs of teasers)."""
        return (
            self.goods >= S.story_min_units
            and self.goods > self.heads
            and self.dense()
            and self.prose >= S.teaser_max_mean_words * self.goods
        )

    def teasers(self) -> bool:
        """A list of teasers: as many headlines as short prose blurbs, each
        of ``teaser_min_headlines`` blurbs (or every blurb, when fewer) right
        after a headline, or :meth:`cut_teasers`.  A story's first paragraph
        followed by the items of a list, or steps between short labels, has
        as many headline-like lines, but they do not lead its paragraphs
        (issue 19)."""
        return (
            self.heads >= S.teaser_min_headlines
            and self.heads >= self.goods
            and self.prose < S.teaser_max_mean_words * max(self.goods, 1)
            and len(self.led) >= min(S.teaser_min_headlines, self.goods)
        ) or self.cut_teasers()

    def cut_teasers(self) -> bool:
        """A list of teasers whose blurbs are cut off: as many headlines as
        prose units, at least half of which end in a glued ellipsis."""
        return (
            self.heads >= S.teaser_min_headlines
            and self.heads >= self.goods
            and self.cuts > 0
            and 2 * self.cuts >= self.goods
        )


def _box_header(reason: str, f: LineFeatures) -> bool:
    """Whether a dropped unit heads a box of related links (see :data:`BOX_HEADER_RULES`)."""
    return reason in BOX_HEADER_RULES or (reason == "read-more" and ": " not in f.text)


def _box_headline(f: LineFeatures) -> bool:
    """A headline of a box of related links: headline-like and longer than a
    label of ``very_short_max_words`` words (a name, "Comments")."""
    return f.headline_like and not f.very_short


def _box_gap(gap: Sequence[int], feats: Sequence[LineFeatures], reasons: Sequence[str]) -> tuple[int, int] | None:
    """A gap of weak interruptions around one box of related links:
    ``(interruptions, tail)``, or None.

    The box is a header (:func:`_box_header`) and the headlines after it
    that the context pass or the ``related-run`` rule dropped (:func:`_box_headline`, at most
    ``box_max_headlines``; none after a header that names its one link,
    "Related: Six ferry rides for families"); it counts as one interruption.
    None when the gap holds no box or two, a header over other lines (an
    author's name), or a unit that is neither in the box nor weak
    (:data:`WEAK_GAP_RULES`).  ``tail`` is the number of the box's headlines
    when the box ends the gap, else -1.
    """
    count = 0
    tail = -2  # no box yet
    k = 0
    n = len(gap)
    while k < n:
        m = k + 1
        if _box_header(reasons[gap[k]], feats[gap[k]]):
            if tail != -2:
                return None
            linked = ": " in feats[gap[k]].text
            while not linked and m < n and reasons[gap[m]] in _BOX_HEADLINE_REASONS and _box_headline(feats[gap[m]]):
                m += 1
            if m - k - 1 > S.box_max_headlines or (m == k + 1 < n and not linked):
                return None
            tail = -1 if linked or m < n else m - k - 1
        elif reasons[gap[k]] not in WEAK_GAP_RULES:
            return None
        count += 1
        k = m
    return None if tail == -2 else (count, tail)


def _inline_box(
    region: _Region,
    feats: Sequence[LineFeatures],
    labels: Sequence[str],
    reasons: Sequence[str],
    keep: Sequence[bool],
) -> tuple[int, int] | None:
    """A box of related links between article text and ``region``:
    ``(interruptions, headlines)``, or None.

    The gap before the region follows a GOOD unit and is a box with weak
    interruptions (:func:`_box_gap`, whose count is ``interruptions``).
    When the box ends the gap, the region's first kept units that are box
    headlines are the box's too (the context pass keeps the headlines that
    lead into a paragraph), ``box_max_headlines`` in all: ``headlines``
    counts them.  A paragraph (a GOOD unit) must follow them.
    """
    gap = region.gap
    if not gap or gap[0] == 0 or labels[gap[0] - 1] != GOOD:
        return None
    box = _box_gap(gap, feats, reasons)
    if box is None:
        return None
    count, tail = box
    units = region.units
    heads = 0
    if tail >= 0:
        while (
            heads < len(units)
            and tail + heads < S.box_max_headlines
            and keep[units[heads]]
            and labels[units[heads]] != GOOD
            and _box_headline(feats[units[heads]])
        ):
            heads += 1
    if heads == len(units) or not keep[units[heads]] or labels[units[heads]] != GOOD:
        return None
    return count, heads


def _listing(regions: Sequence[_Region], main: int, end: int) -> bool:
    """Whether the main region is a list of headlines with blurbs, or one
    piece of such a list broken up by menus: the regions before ``end`` with
    as many headlines as prose units, the main one among them, hold at least
    ``teaser_min_headlines`` headlines and are dense together (the blurbs
    carry their words; an article broken up by lists and subheadings is not
    dense)."""
    if regions[main].heads < max(regions[main].goods, 1):
        return False
    heads = prose = words = 0
    for r in regions[:end]:
        if r.count and r.heads >= r.goods:
            heads += r.heads
            prose += r.prose
            words += r.words
    return heads >= S.teaser_min_headlines and prose >= S.dense_min_prose_share * words


def _introducing(rules: Sequence[str], keep: Sequence[bool], start: int, stop: int) -> int:
    """The comment bylines among units ``start:stop`` that introduce a
    comment: a kept unit follows one of them, or the unit after it (a date,
    a greeting).  A comment section that starts at a byline (not at a
    comment header) and would hold the heaviest region (starting at unit
    ``stop``) needs ``comment_min_bylines`` of them before it: comments
    outweigh a short story only below bylines that introduce them, while a
    like count among a story's share buttons or a menu item that reads like
    a byline ("Jugend schreibt") above the story introduces nothing (issue 19)."""
    n = len(rules)
    return sum(
        1
        for k in range(start, stop)
        if rules[k] == "comment-byline" and any(keep[m] for m in range(k + 1, min(k + 3, n)))
    )


def _headline_like(f: LineFeatures) -> bool:
    """A headline of a teaser: a few words with letters, no final punctuation."""
    if f.sent_end or not 3 <= f.words <= S.headline_max_words or f.text.endswith(":"):
        return False
    digits = sum(1 for w in f.text.split() if DIGIT_RE.search(w))
    return 3 * digits < f.words


def region_keep(
    feats: Sequence[LineFeatures],
    labels: Sequence[str],
    rules: Sequence[str],
    keep: list[bool],
    reasons: list[str],
    first: int = 0,
) -> None:
    """The main-content pass (see the module docstring), in place on ``keep``.

    ``first`` is the first unit after the page title's headline (0 if the
    text has no title line): the main region starts there if it can.
    """
    n = len(feats)
    # 0. a copyright line without a year that reserves no rights is a photo's
    # credit ("© dpa | Jane Roe" under a picture inside the article): it
    # interrupts the article like a credit, it does not end it (issue 19)
    for i in range(n):
        if reasons[i] == "copyright" and _COPYRIGHT_FOOTER_RE.search(feats[i].text) is None:
            reasons[i] = "credit"
    # 1. regions: kept units separated by weak gaps at most
    regions: list[_Region] = []
    gap: list[int] = []
    for i in range(n):
        if not keep[i]:
            gap.append(i)
            continue
        if not regions or (
            gap and not (len(gap) <= S.weak_gap_max_units and all(reasons[k] in WEAK_GAP_RULES for k in gap))
        ):
            regions.append(_Region(gap))
        elif gap:
            regions[-1].units.extend(gap)  # dropped units inside a region stay dropped
        gap = []
        regions[-1].units.append(i)
    if len(regions) < 2:
        return  # one region is the main one, and the comment rule could only end the text after it
    prev: int | None = None  # the previous kept unit
    listed = False  # in a list introduced by a colon
    for region in regions:
        for i in region.units:
            if keep[i]:
                f = feats[i]
                listed = f.list_item and (listed or (prev is not None and feats[prev].text.endswith(":")))
                region.count_unit(f, labels[i], listed)
                prev = i
    if max(r.prose for r in regions) == 0:
        return
    if len(regions) > 1:
        _drop_repeats(regions, feats, labels, keep, reasons)
    masses = [r.prose for r in regions]

    # 2. a comment section: from its first header or comment byline to the end
    end = len(regions)
    first_good = next((i for i in range(n) if labels[i] == GOOD), n)
    region_starts = [r.units[0] for r in regions]  # increasing
    main_all = max(range(len(regions)), key=masses.__getitem__)
    bylines = sum(1 for k in range(first_good + 1, n) if rules[k] == "comment-byline")  # from unit i on
    for i in range(first_good + 1, n):
        rule = rules[i]
        if rule in _COMMENT_START_RULES:
            last_before = bisect_left(region_starts, i) - 1  # the last region starting before unit i
            if last_before < 0:
                break
            if (
                rule == "comment-title"
                or main_all <= last_before
                or (
                    bylines >= S.comment_min_bylines
                    and (
                        rule != "comment-byline"
                        or _introducing(rules, keep, i, region_starts[main_all]) >= S.comment_min_bylines
                    )
                )
            ):
                end = last_before + 1
                break
        if rule == "comment-byline":
            bylines -= 1
    candidates = [b for b in range(end) if regions[b].units[-1] >= first and masses[b]]
    articles = [b for b in candidates if not regions[b].cut_teasers()]
    candidates = articles or candidates  # cut blurbs are the main text only of a list page
    # after an article-like region, a page footer (copyright line) ends the
    # article and a list of teasers is not the article
    first_article = next(
        (
            b
            for b in candidates
            if regions[b].goods >= S.continuation_min_units and regions[b].dense() and not regions[b].teasers()
        ),
        end,
    )
    for b in range(first_article + 1, end):
        if any(reasons[k] in FOOTER_RULES and _FOOTER_RE.search(feats[k].text) is not None for k in regions[b].gap):
            candidates = [a for a in candidates if a < b]
            break
    candidates = [b for b in candidates if b <= first_article or not regions[b].teasers()]
    main = max(candidates or range(end), key=masses.__getitem__)

    drop: dict[int, str] = {}
    for b in range(end, len(regions)):
        drop[b] = "comment-section"
    # 3. after the main region: the article ends at the first footer-type line
    # (issue 19: when the main region is a list of headlines with blurbs --
    # "School Board Picks A New Chair" over a one-line blurb, and three more
    # -- the two paragraphs of "The ferry operator will add an early boat
    # ..." far below it, past the footer menu, are the page's story, kept up
    # to a hard end, though too short to continue an article)
    listing = _listing(regions, main, end)
    ended = hard = False
    boxes: dict[int, int] = {}  # kept regions: the box headlines at their start
    for b in range(main + 1, end):
        region = regions[b]
        if not region.count:
            continue  # all repeats
        gap_rules = {reasons[k] for k in region.gap}
        if gap_rules & HARD_END_RULES:
            ended = hard = True
        if listing and not hard and region.paragraphs():
            continue
        if ended:
            drop[b] = "after-end"
        elif region.teasers():
            drop[b] = "teasers"
        else:
            # after an inline box of related links (one interruption, its
            # headlines not the region's), one paragraph goes on with the article
            box = _inline_box(region, feats, labels, reasons, keep) if b - 1 not in drop else None
            interruptions, min_units = len(region.gap), S.continuation_min_units
            if box is not None:
                interruptions, heads = box
                min_units = S.box_continuation_min_units
                for k in region.units[:heads]:
                    region.remove(feats[k], labels[k])
            if not (
                region.dense()
                and region.count >= min_units
                and len(region.gap) <= S.continuation_max_gap
                and region.prose >= S.continuation_gap_words * interruptions
            ):
                drop[b] = "after-break"
                ended = True
            elif box is not None and box[1]:
                boxes[b] = box[1]
    # 4. before the main region: lists of teasers go, and whatever precedes
    # the page title's headline when the main region follows it
    for b in range(main):
        if regions[b].teasers():
            drop[b] = "teasers"
        elif first and regions[main].units[-1] >= first and regions[b].units[-1] < first - 1:
            drop[b] = "before-title"
    for b, why in drop.items():
        for k in regions[b].units:
            if keep[k]:
                keep[k] = False
                reasons[k] = why
    # the headlines of inline boxes before kept regions up to the main one go too
    for b in range(1, main + 1):
        if b not in drop and b - 1 not in drop:
            box = _inline_box(regions[b], feats, labels, reasons, keep)
            if box is not None and box[1]:
                boxes[b] = box[1]
    for b, heads in boxes.items():
        for k in regions[b].units[:heads]:
            keep[k] = False
            reasons[k] = "box"


def _drop_repeats(
    regions: Sequence[_Region],
    feats: Sequence[LineFeatures],
    labels: Sequence[str],
    keep: list[bool],
    reasons: list[str],
) -> None:
    """Drop long units that repeat the text of earlier regions.

    A page's metadata may hold a second copy of the whole story.  A unit of
    at least ``repeat_min_words`` words whose first ``repeat_prefix_words``
    words occur in the earlier regions and whose word 4-grams are at least
    ``repeat_min_containment`` contained in them adds nothing.  Repeats inside
    one region are left alone.
    """
    # The units to test, in order, with their first words (known in advance:
    # a test only ever drops the unit tested).
    tested = [
        (i, f.text.lower())
        for region in regions[1:]
        for i in region.units
        for f in (feats[i],)
        if keep[i] and f.words >= S.repeat_min_words
    ]
    prefixes = [" ".join(low.split(" ", S.repeat_prefix_words)[: S.repeat_prefix_words]) for _, low in tested]
    asked = 0
    earlier: list[str] = []
    text = ""
    occurs = _Occurrences(text, ())
    grams: set[tuple[str, ...]] | None = None
    for b, region in enumerate(regions):
        if b:
            for i in region.units:
                f = feats[i]
                if not keep[i] or f.words < S.repeat_min_words:
                    continue
                low = f.text.lower()
                # TODO(issue 19): this compares a count of units with a count of
                # characters, so the join is rebuilt only when the earlier regions
                # hold more units than it has characters; kept as it is because
                # fixing it changes which units are dropped as repeats.
                if len(earlier) > len(text):  # meant: a stale join
                    text = "\n".join(earlier)
                    grams = None
                    occurs = _Occurrences(text, prefixes[asked:])
                asked += 1
                if prefixes[asked - 1] not in occurs:
                    continue
                if grams is None:
                    grams = _grams(text)
                mine = _grams(low)
                if mine and len(mine & grams) >= S.repeat_min_containment * len(mine):
                    keep[i] = False
                    reasons[i] = "repeat"
                    region.remove(f, labels[i])
        earlier.extend(feats[i].text.lower() for i in region.units if keep[i])


#: :class:`_Occurrences` searches ``text`` once per string for at most this
#: many strings (a search scans about 300 times faster than the one-pass
#: search runs in Python), or when the searches scan at most
#: _DIRECT_SEARCH_CHARS characters in all.
_DIRECT_SEARCHES = 256
_DIRECT_SEARCH_CHARS = 1 << 24


class _Occurrences:
    """Which of the strings ``asked`` occur in ``text``, in time linear in
    both: ``str.__contains__`` per string while there are few of them (see
    :data:`_DIRECT_SEARCHES`), else one Aho-Corasick pass over ``text`` for
    all of them."""

    __slots__ = ("text", "found")

    def __init__(self, text: str, asked: Sequence[str]) -> None:
        self.text = text
        self.found = (
            None
            if len(asked) <= _DIRECT_SEARCHES or len(text) * len(asked) <= _DIRECT_SEARCH_CHARS
            else _occurring(text, asked)
        )

    def __contains__(self, s: str) -> bool:
        return s in self.text if self.found is None else s in self.found


def _occurring(text: str, strings: Iterable[str]) -> set[str]:
    """The non-empty ``strings`` that occur in ``text`` (Aho-Corasick)."""
    goto: list[dict[str, int]] = [{}]
    word: list[str | None] = [None]  # the string ending at each state
    for s in set(strings):
        state = 0
        for c in s:
            nxt = goto[state].get(c)
            if nxt is None:
                nxt = len(goto)
                goto[state][c] = nxt
                goto.append({})
                word.append(None)
            state = nxt
        word[state] = s
    fail = [0] * len(goto)
    order: list[int] = []  # breadth first
    queue = deque(goto[0].values())
    while queue:
        state = queue.popleft()
        order.append(state)
        for c, nxt in goto[state].items():
            f = fail[state]
            while f and c not in goto[f]:
                f = fail[f]
            fail[nxt] = goto[f].get(c, 0) if state else 0
            queue.append(nxt)
    reached = bytearray(len(goto))
    state = 0
    for c in text:
        while state and c not in goto[state]:
            state = fail[state]
        state = goto[state].get(c, 0)
        reached[state] = 1
    for state in reversed(order):  # a state reached reaches its suffixes
        if reached[state]:
            reached[fail[state]] = 1
    return {w for w, r in zip(word, reached) if r and w is not None}


def _grams(text: str) -> set[tuple[str, ...]]:
    """The word 4-grams of ``text``, lower-cased."""
    words = text.lower().split()
    return {tuple(words[i : i + 4]) for i in range(len(words) - 3)}


#: Separators between a page title's headline and the site name
#: ("Headline - Site", "Headline | Section | Site").
TITLE_SEP_RE = re.compile(r"\s+(?:[-|–—·•»]|::)\s+")


def title_anchor(stripped: Sequence[str], nonblank: Sequence[int]) -> int:
    """The line repeating the headline of the page title, or -1.

    A whole-page dump starts with the page's ``<title>``, "Headline - Site";
    the article follows the first later line that repeats the headline (the
    page's ``<h1>``).  Only a first line with a site separator counts.  The
    headline may follow a date or a kicker on its line ("12.03.2024 Headline"),
    or be broken over two lines (issue 19: "Dance at the Old Depot:" over
    "Rain Falls on the Stage"); else a later repeat (a breadcrumb, a list of
    the most read stories after the article) would be taken for it.
    """
    if len(nonblank) < 3:
        return -1
    title = stripped[nonblank[0]]
    if len(title) > S.title_max_chars:
        return -1
    parts = TITLE_SEP_RE.split(title)
    if len(parts) < 2:
        return -1
    head = fold(max(parts, key=len))
    if len(head.split()) < S.title_min_words:
        return -1
    prefix = 2 * len(head) + 20  # enough raw characters to fold into len(head)
    for k in range(1, len(nonblank)):
        line = stripped[nonblank[k]]
        if len(line) >= len(head):
            if head in fold(line[:prefix]):
                return nonblank[k]
        elif (  # the first part of a headline broken over two lines
            k + 1 < len(nonblank)
            and line[:1].lower() == head[:1]
            and len(line) + len(stripped[nonblank[k + 1]]) >= len(head) - 1
            and head.startswith(fold(line))
            and fold(line + " " + stripped[nonblank[k + 1]][:prefix]).startswith(head)
        ):
            return nonblank[k]
    return -1
