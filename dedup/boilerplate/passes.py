"""The passes over a document's units: run rules, the context pass, and the
region pass (:mod:`dedup.boilerplate.regions`) after them.

* Run rules (:func:`apply_run_rules`): consecutive list items form a list,
  kept as body when mostly sentences, dropped as a sidebar of headlines when
  long items are neither introduced by a colon nor followed by prose; runs of
  very short uncertain lines are menus, unless most of them are rows of data
  (a number or "key: value": a table, a list of ingredients); the linked
  headlines under a sidebar header alone on its line ("Related stories",
  "Mehr aus der Stadt") are its list of links, wherever it stands.
* Context pass (:func:`context_keep`): every maximal run of SHORT units is
  judged by its neighbours (a document edge counts as boilerplate): between
  GOOD units it is kept; next to boilerplate only one-sentence lines, the
  headline and dek leading into the body (not a label of
  ``very_short_max_words`` words or fewer), and the rows of a list or table
  (two rows at least, or rows after a line ending in a colon) and the line
  introducing them after it are kept; the items of a list introduced by a
  colon need no list marker (a page's text dump drops them), and a label of
  fewer than ``prose_min_words`` words ending in a colon right before
  boilerplate introduces that boilerplate.  A lone button ("Print") after
  the body does not cut the short lines around it from the body when a list
  or table follows it and a GOOD unit ends them (a recipe's title, its
  ingredients and the steps below them).  A document without
  GOOD units promotes its one-sentence lines first; one made of uncertain
  lines only is kept whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .features import BAD, GOOD, SHORT, LineFeatures
from .regions import region_keep
from .settings import SETTINGS as S
from .text import CLOSERS

__all__ = ["PLAIN_PROSE", "apply_run_rules", "context_keep", "nothing_to_drop", "run_pass", "settled"]


def apply_run_rules(feats: Sequence[LineFeatures], first: int = 0) -> tuple[list[str], list[str]]:
    """Labels and rule names of non-blank lines after the run rules; ``first``:
    the first unit after the page title's headline (0 without one)."""
    labels = [f.label for f in feats]
    rules = [f.rule for f in feats]
    n = len(feats)

    # list runs: consecutive list items
    i = 0
    while i < n:
        if not feats[i].list_item:
            i += 1
            continue
        j = i
        while j < n and feats[j].list_item:
            j += 1
        if j - i >= 2:
            sentences = sum(1 for k in range(i, j) if feats[k].sent_end and feats[k].words >= S.list_sentence_min_words)
            words = sum(feats[k].words for k in range(i, j))
            # a list introduced by a colon, or followed by prose, is in the body
            embedded = (i > 0 and feats[i - 1].text.endswith((":", "…", "..."))) or (j < n and labels[j] == GOOD)
            if 2 * sentences < j - i:
                if not embedded and words >= S.list_headline_min_words * (j - i):  # a sidebar
                    for k in range(i, j):
                        labels[k] = BAD
                        rules[k] = "list-run"
                # else: a list of short phrases; its items keep their own labels
            else:
                for k in range(i, j):
                    f = feats[k]
                    if labels[k] == SHORT and f.sent_end and f.words >= S.list_sentence_min_words:
                        labels[k] = GOOD
                        rules[k] = "sentence-list"
        i = j

    # nav runs: very short uncertain lines, BAD lines may be interleaved
    i = 0
    while i < n:
        if labels[i] != SHORT or not feats[i].very_short:
            i += 1
            continue
        members = []
        j = i
        while j < n and (labels[j] == BAD or (labels[j] == SHORT and feats[j].very_short)):
            if labels[j] == SHORT:
                members.append(j)
            j += 1
        # a run whose lines are mostly rows of data (a quantity, "key: value")
        # is a table or a list of ingredients, not a menu (issue 19)
        rows = sum(1 for k in members if feats[k].data_like)
        if len(members) >= S.nav_run_min and 2 * rows <= len(members):
            for k in members:
                labels[k] = BAD
                rules[k] = "nav-run"
        i = j

    # related runs: the links listed under a sidebar header alone on its line;
    # not the page title's headline, and not the first headline of a list of
    # teasers with their blurbs (the region pass judges that list whole)
    title = first - 1
    for i in range(n):
        if rules[i] == "related-header" and _bare_related(feats[i]):
            k = i + 1
            while k < n and k != title and labels[k] != BAD and _link_item(feats[k], labels[k]):
                k += 1
            if k + 1 < n and labels[k] == GOOD and labels[k + 1] == SHORT and _link_item(feats[k + 1], SHORT):
                # a headline, its blurb, the next headline: the run's last
                # headline leads a list of teasers, which the region pass judges whole
                if k == i + 2:
                    continue
                k -= 1
            for m in range(i + 1, k):
                labels[m] = BAD
                rules[m] = "related-run"

    return labels, rules


#: A sidebar header that goes on with a headline: a separator, then a word.
_GOES_ON_RE = re.compile(r"[:|»›]\s*\w|\s[-–—]\s+\w")


def _bare_related(f: LineFeatures) -> bool:
    """A sidebar header (a line of rule ``related-header``) alone on its line
    ("Related stories", "More from the city desk"): at most
    ``bare_header_max_words`` words, or fewer than twice as many ending in a
    colon; not one that goes on with a headline ("Related: Tram line approved")."""
    n = f.words
    if n > S.bare_header_max_words and not (n < 2 * S.bare_header_max_words and f.text.endswith(":")):
        return False
    return _GOES_ON_RE.search(f.text) is None


def _link_item(f: LineFeatures, label: str) -> bool:
    """A linked headline under a sidebar header: no sentence ending in a full
    stop, at most ``headline_max_words`` words (a question or an exclamation
    of at most ``short_rule_max_words`` words, even when counted as prose)."""
    if f.words > S.headline_max_words or f.text.endswith((",", ";", ":")):
        return False
    end = f.text.rstrip(CLOSERS)[-1:]
    if label == GOOD:
        return f.words <= S.short_rule_max_words and end in ("?", "!")
    return not f.sent_end or end in ("?", "!")


# --------------------------------------------------------------------------
# Context pass
# --------------------------------------------------------------------------
def context_keep(feats: Sequence[LineFeatures], labels: list[str], reasons: list[str]) -> list[bool]:
    """One context pass over the units: which of them to keep.

    ``labels`` come from the run rules (a document without GOOD units gets
    its one-sentence units promoted in place); ``reasons`` gets
    ``"context"`` for every SHORT unit the pass drops.
    """
    n = len(feats)
    if GOOD not in labels:
        if BAD not in labels:
            return [True] * n  # nothing to contrast with: keep everything
        for k, f in enumerate(feats):
            if labels[k] == SHORT and f.sentence_like:
                labels[k] = GOOD
    keep = [lab == GOOD for lab in labels]
    i = 0
    while i < n:
        if labels[i] != SHORT:
            i += 1
            continue
        j = i
        while j < n and labels[j] == SHORT:
            j += 1
        prev_good = i > 0 and labels[i - 1] == GOOD
        next_good = j < n and labels[j] == GOOD
        if prev_good and not next_good:
            # a lone button ("Print") between short lines does not cut them:
            # the run goes on past it when it ends at a GOOD unit (issue 19)
            end = _past_buttons(feats, labels, reasons, j)
            if end > j:
                for k in range(i, end):
                    keep[k] = labels[k] == SHORT
                i = end
                continue
        # a document edge is not body: a run between the body and an edge
        # is judged like one next to boilerplate (what leads a page into
        # its article is a header, what trails it a footer), so only its
        # headline, dek and closing lines stay.
        if prev_good and next_good:
            for k in range(i, j):
                keep[k] = True
        else:  # boilerplate on one side at least
            if next_good:  # lines leading into the body: dek, headline
                k = j - 1
                while k >= i and feats[k].sentence_like:
                    keep[k] = True
                    k -= 1
                heads = 0
                # a label of very_short_max_words words at most (a widget's
                # title, a masthead) is not a headline
                while k >= i and heads < S.headline_max_lines and feats[k].headline_like and not feats[k].very_short:
                    keep[k] = True
                    heads += 1
                    k -= 1
            if prev_good:  # lines trailing the body: closing lines, a list, a table
                k = i
                listed = False  # inside a list introduced by a colon
                while k < j:
                    f = feats[k]
                    if k + 1 == j and f.text.endswith(":") and f.words < S.prose_min_words:
                        break  # a label introducing the boilerplate after it ("Share this:")
                    if f.sentence_like or _table_row(feats, k, i, j, listed) or (k + 1 < j and f.text.endswith(":")):
                        listed = f.text.endswith(":")
                    elif not listed:  # items of a list need no marker: page text dumps drop them
                        break
                    keep[k] = True
                    k += 1
        for k in range(i, j):
            if not keep[k]:
                reasons[k] = "context"
        i = j
    return keep


#: Rules of a lone button that does not cut a run of short lines (see
#: :func:`_past_buttons`).
BUTTON_RULES = frozenset({"share-widget", "utility"})


def _past_buttons(feats: Sequence[LineFeatures], labels: Sequence[str], reasons: Sequence[str], j: int) -> int:
    """Where a run of SHORT units ending at unit ``j`` ends when lone buttons
    do not cut it: past a BAD unit of :data:`BUTTON_RULES` of at most
    ``very_short_max_words`` words between SHORT units (a "Print" button
    between a recipe's title and its list of ingredients), when a GOOD unit
    ends the longer run; else ``j``."""
    n = len(feats)
    k = j
    while (
        k + 1 < n and labels[k] == BAD and reasons[k] in BUTTON_RULES and feats[k].very_short and labels[k + 1] == SHORT
    ):
        k += 1
        start = k
        while k < n and labels[k] == SHORT:
            k += 1
        rows = sum(1 for m in range(start, k) if feats[m].data_like)
        if rows < 2 or 2 * rows < k - start:
            return j  # not a list or table
    return k if k > j and k < n and labels[k] == GOOD else j


def _table_row(feats: Sequence[LineFeatures], k: int, i: int, j: int, listed: bool) -> bool:
    """Whether unit ``k`` of the run ``i:j`` after the body is a row of a list
    or table: data-like, and inside a list introduced by a colon or next to
    another data-like unit of the run.  One lone data-like line after the
    body is a meta line (a date, a view count, a picture's credit with its
    date), not a table (issue 19)."""
    return feats[k].data_like and (
        listed or (k + 1 < j and feats[k + 1].data_like) or (k > i and feats[k - 1].data_like)
    )


def nothing_to_drop(feats: Iterable[LineFeatures]) -> bool:
    """Whether a pass keeps every unit at once: no BAD unit and no list
    item (nothing to contrast with) and no run of ``nav_run_min`` very short
    SHORT units (a menu)."""
    run, need = 0, S.nav_run_min
    for f in feats:
        if f.label == BAD or f.list_item:
            return False
        run = run + 1 if f.label == SHORT and f.very_short else 0
        if run >= need:
            return False
    return True


#: What a unit of one plainly prose line looks like to :func:`nothing_to_drop`.
PLAIN_PROSE = LineFeatures("", S.short_rule_max_words + 1, True, False, GOOD, "prose")


def run_pass(feats: Sequence[LineFeatures], first: int = 0) -> tuple[list[bool], list[str]]:
    """Run rules, context pass and region pass over the units once."""
    if nothing_to_drop(feats):
        return [True] * len(feats), [""] * len(feats)
    labels, rules = apply_run_rules(feats, first)
    reasons = [r if lab == BAD else "" for lab, r in zip(labels, rules)]
    keep = context_keep(feats, labels, reasons)
    region_keep(feats, labels, rules, keep, reasons, first)
    return keep, reasons


def settled(feats: Sequence[LineFeatures], keep: Sequence[bool]) -> bool:
    """Whether the next pass would keep every unit left, without running it.

    The caller checks that grouping is unchanged (one line per unit before
    and after), so the next pass sees the features of the kept units, in
    order.  It keeps all of them at once when none is BAD or a list item and
    no ``nav_run_min`` of them in a row are very short SHORT lines (see
    :func:`run_pass`); that is checked here on the kept units.
    """
    return nothing_to_drop(f for f, k in zip(feats, keep) if k)
