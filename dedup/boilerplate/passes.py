"""The passes over a document's units: run rules, the context pass, and the
region pass (:mod:`dedup.boilerplate.regions`) after them.

* Run rules (:func:`apply_run_rules`): consecutive list items form a list,
  kept as body when mostly sentences, dropped as a sidebar of headlines when
  long items are neither introduced by a colon nor followed by prose; runs of
  very short uncertain lines are menus.
* Context pass (:func:`context_keep`): every maximal run of SHORT units is
  judged by its neighbours (a document edge is neutral): between GOOD units
  or edges it is kept; next to boilerplate only one-sentence lines, the
  headline and dek leading into the body, and the rows of a list or table
  (and the line introducing them) after it are kept.  A document without
  GOOD units promotes its one-sentence lines first; one made of uncertain
  lines only is kept whole.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from .compiler import CALENDAR_RE
from .features import BAD, GOOD, SHORT, LineFeatures
from .regions import region_keep
from .settings import SETTINGS as S
from .text import DIGIT_RE, fold_typography

__all__ = ["PLAIN_PROSE", "apply_run_rules", "context_keep", "nothing_to_drop", "run_pass", "settled"]


def apply_run_rules(feats: Sequence[LineFeatures]) -> tuple[list[str], list[str]]:
    """Labels and rule names of non-blank lines after the run rules."""
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
            sentences = sum(1 for k in range(i, j)
                            if feats[k].sent_end and feats[k].words >= S.list_sentence_min_words)
            words = sum(feats[k].words for k in range(i, j))
            # a list introduced by a colon, or followed by prose, is in the body
            embedded = ((i > 0 and feats[i - 1].text.endswith((":", "…", "...")))
                        or (j < n and labels[j] == GOOD))
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

    _calendar_runs(feats, labels, rules)
    _headline_lists(feats, labels, rules)

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
        if len(members) >= S.nav_run_min:
            for k in members:
                labels[k] = BAD
                rules[k] = "nav-run"
        i = j

    return labels, rules


def _dated(f: LineFeatures, label: str, rule: str) -> bool:
    """An entry of an event listing: a short line that is not a sentence of
    prose (or a date line), starting with a date, a time or a day name."""
    if label == GOOD or f.words > S.data_max_words or (label == BAD and rule != "date"):
        return False
    if f.sent_end and f.words >= S.prose_min_words:
        return False
    low = f.text[:80].lower()
    if not low.isascii():
        low = fold_typography(low)
    return CALENDAR_RE.match(low) is not None


def _calendar_runs(feats: Sequence[LineFeatures], labels: list[str], rules: list[str]) -> None:
    """Event listings: ``calendar_min_entries`` dated lines, at most
    ``calendar_max_between`` other short lines between two of them, not
    right after prose (a list of the article, as tour dates are) nor
    introduced by a sentence (``prose_min_words`` words) ending in a colon;
    their uncertain lines become BAD."""
    n = len(feats)
    dated = [k for k in range(n) if labels[k] != GOOD and _dated(feats[k], labels[k], rules[k])]
    a = 0
    while a < len(dated):
        b = a
        while (b + 1 < len(dated) and dated[b + 1] - dated[b] - 1 <= S.calendar_max_between
               and all(labels[k] != GOOD and feats[k].words <= S.data_max_words
                       for k in range(dated[b] + 1, dated[b + 1]))):
            b += 1
        first, last = dated[a], dated[b]
        before = feats[first - 1] if first else None
        introduced = before is not None and (labels[first - 1] == GOOD or (
            before.words >= S.prose_min_words and before.text.endswith(":")))
        if b - a + 1 >= S.calendar_min_entries and not introduced:
            for k in range(first, last + 1):
                if labels[k] == SHORT:
                    labels[k] = BAD
                    rules[k] = "calendar"
        a = b + 1


def _listed_headline(f: LineFeatures) -> bool:
    """A headline of a list: ``list_headline_min_words`` words or more, not
    starting in lower case (an item continuing a sentence), no digit (rows of
    data, ingredients and schedules have numbers), no sentence punctuation,
    not introducing anything."""
    c = f.text[0]
    return (S.list_headline_min_words <= f.words <= S.headline_max_words and not f.sent_end
            and not c.islower() and not f.text.endswith(":") and DIGIT_RE.search(f.text) is None)


def _headline_lists(feats: Sequence[LineFeatures], labels: list[str], rules: list[str]) -> None:
    """Headline lists under a section label: a line of at most
    ``label_max_words`` words without sentence punctuation (nor a colon: that
    introduces a list of the article), then at least
    ``headline_list_min`` uncertain headlines (:func:`_listed_headline`),
    not between two units of prose (a list of the article); when prose
    follows them, the last one is left alone (the headline of that prose)."""
    n = len(feats)
    i = 0
    while i < n:
        f = feats[i]
        if labels[i] == GOOD or f.sent_end or not 1 <= f.words <= S.label_max_words or f.text.endswith(":"):
            i += 1
            continue
        j = i + 1
        while j < n and labels[j] == SHORT and _listed_headline(feats[j]):
            j += 1
        end = j
        if j < n and (labels[j] == GOOD or feats[j].sentence_like):
            end -= 1  # the headline of the prose that follows
        in_body = i > 0 and labels[i - 1] == GOOD and j < n and labels[j] == GOOD
        if end - i - 1 >= S.headline_list_min and not in_body:
            for k in range(i, end):
                if labels[k] == SHORT:
                    labels[k] = BAD
                    rules[k] = "headline-list"
        i = max(j, i + 1)


# --------------------------------------------------------------------------
# Context pass
# --------------------------------------------------------------------------
def context_keep(feats: Sequence[LineFeatures], labels: list[str],
                  reasons: list[str]) -> list[bool]:
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
        # document edges are neutral: a run between the body and an edge is
        # judged like a run inside the body.
        if (prev_good or i == 0) and (next_good or j == n):
            for k in range(i, j):
                keep[k] = True
        else:  # boilerplate on one side at least
            if next_good:  # lines leading into the body: dek, headline
                k = j - 1
                while k >= i and feats[k].sentence_like:
                    keep[k] = True
                    k -= 1
                heads = 0
                while k >= i and heads < S.headline_max_lines and feats[k].headline_like:
                    keep[k] = True
                    heads += 1
                    k -= 1
            if prev_good:  # lines trailing the body: closing lines, a list, a table
                k = i
                listed = False  # inside a list introduced by a colon
                while k < j:
                    f = feats[k]
                    if f.sentence_like or f.data_like or (k + 1 < j and f.text.endswith(":")):
                        listed = f.text.endswith(":")
                    elif not (listed and f.list_item):
                        break
                    keep[k] = True
                    k += 1
        for k in range(i, j):
            if not keep[k]:
                reasons[k] = "context"
        i = j
    return keep


def nothing_to_drop(feats: Iterable[LineFeatures]) -> bool:
    """Whether a pass keeps every unit at once: no BAD unit and no list
    item (nothing to contrast with), no run of ``nav_run_min`` very short
    SHORT units (a menu) and no run of ``headline_list_min`` SHORT lines of
    three words or more without sentence punctuation (maybe an event listing
    or a headline list)."""
    run = lines = 0
    need, listed = S.nav_run_min, S.headline_list_min
    for f in feats:
        if f.label == BAD or f.list_item:
            return False
        short = f.label == SHORT and not f.sent_end
        run = run + 1 if short and f.words <= S.very_short_max_words else 0
        lines = lines + 1 if short and f.words >= 3 else 0
        if run >= need or lines >= listed:
            return False
    return True


#: What a unit of one plainly prose line looks like to :func:`nothing_to_drop`.
PLAIN_PROSE = LineFeatures("", S.short_rule_max_words + 1, True, False, GOOD, "prose")


def run_pass(feats: Sequence[LineFeatures], first: int = 0) -> tuple[list[bool], list[str]]:
    """Run rules, context pass and region pass over the units once."""
    if nothing_to_drop(feats):
        return [True] * len(feats), [""] * len(feats)
    labels, rules = apply_run_rules(feats)
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
