"""The line classifier: features and context-free label of one line.

See ``python -m dedup.boilerplate --rules`` for the rules in the order
:func:`line_features` tries them.  Features are computed on a normalised copy
of the line (NFKC, runs of white space collapsed, a leading list marker
removed); lexicon patterns are matched on its lower-cased form with curly
quotes and dashes folded to ASCII.  Word counts are "effective": in scripts
written without spaces two characters count as about one word.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from .compiler import (
    CAPTION_TABLE,
    LABEL_TABLE,
    SHORT_TABLE,
    STRONG_TRIGGER_RE,
    match_rules,
    match_strong_start,
    rule_name,
    search_strong_any,
)
from .lexicon.stopwords import STOPWORDS, TITLE_FUNCTION_WORDS
from .settings import SETTINGS as S
from .text import (
    CLOSERS,
    DIGIT_RE,
    EMAIL_OR_URL_RE,
    GLUED_DATELINE_RE,
    LATIN_RE,
    LETTER_RE,
    LINK_TRIGGER_RE,
    LIST_MARKER_RE,
    MARKER_STARTS,
    MENU_CHAR_RE,
    MENU_SEP_RE,
    NOSPACE_SCRIPT_RE,
    SENT_END_CHARS,
    WORD_LEAD,
    WORD_PUNCT,
    fold_typography,
    truncated,
)

__all__ = ["BAD", "GOOD", "SHORT", "LineFeatures", "clear_cache", "features_without_cues", "line_features", "title_run"]

#: Label of a line that looks like article prose.
GOOD = "good"
#: Label of a boilerplate line.
BAD = "bad"
#: Label of an uncertain (short) line, decided by its context.
SHORT = "short"


class LineFeatures:
    """Features and local (context-free) label of one non-blank line.

    Attributes:
        text: the normalised line (NFKC, white space collapsed, list marker
            removed); used for matching only, never returned.
        words: effective number of words (estimated from the length for
            scripts written without spaces).
        sent_end: the line ends in sentence punctuation.
        list_item: the line starts with a list marker.
        label: :data:`GOOD`, :data:`BAD` or :data:`SHORT`.
        rule: name of the rule that decided the label.
    """

    __slots__ = ("text", "words", "sent_end", "list_item", "label", "rule", "_stop")

    def __init__(self, text: str, words: int, sent_end: bool, list_item: bool, label: str, rule: str) -> None:
        self.text = text
        self.words = words
        self.sent_end = sent_end
        self.list_item = list_item
        self.label = label
        self.rule = rule
        self._stop: float | None = None

    @property
    def very_short(self) -> bool:
        """A menu-item-like line: few words, no sentence punctuation."""
        return self.words <= S.very_short_max_words and not self.sent_end

    @property
    def sentence_like(self) -> bool:
        """A one-sentence paragraph: sentence punctuation and a few words.

        A line ending in a colon (introducing a quote or a list) counts too.
        """
        n = S.sentence_min_words
        return self.words >= n and (self.sent_end or (self.words > n and self.text.endswith(":")))

    @property
    def headline_like(self) -> bool:
        """A title-like line: 2 to ``headline_max_words`` words, not ending in a comma."""
        return 2 <= self.words <= S.headline_max_words and not self.text.endswith((",", ";", ":"))

    @property
    def data_like(self) -> bool:
        """A row of a list or table: a few words with a number or a "key: value"."""
        return 2 <= self.words <= S.data_max_words and (DIGIT_RE.search(self.text) is not None or ": " in self.text)

    @property
    def stop_ratio(self) -> float:
        """Share of the words that are stop words (``dedup.boilerplate.STOPWORDS``)."""
        if self._stop is None:
            self._stop = _stop_ratio(self.text)
        return self._stop

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"LineFeatures({self.label!r}, rule={self.rule!r}, words={self.words}, text={self.text[:40]!r})"


def _stop_ratio(text: str) -> float:
    """Share of stop words among the words of ``text`` (0.0 without words)."""
    words = text.lower().split()
    if not words:
        return 0.0
    hits = 0
    for w in words:
        if w in STOPWORDS or w.strip(WORD_PUNCT) in STOPWORDS:
            hits += 1
    return hits / len(words)


def _glued_teaser(s: str, tokens: list[str]) -> bool:
    """A headline glued to the first sentence of its story (a teaser): a
    dateline in the middle of the line, or a Title Case run at its start with
    at least two capitalised function words, or one in a run of
    ``glued_long_title_words`` words (see :func:`title_run`)."""
    if (":" in s or "—" in s or "–" in s) and GLUED_DATELINE_RE.search(s, 12) is not None:
        return True
    return title_run(tokens, len(tokens))


def title_run(tokens: Sequence[str], n: int) -> bool:
    """Whether the first of ``n`` words (``tokens`` holds at least the first
    ``glued_max_title_words``) are a Title Case headline glued to a sentence
    ("Mayor Says Farewell To Old Town Hall After Years In Office the new ...")."""
    caps = 0
    for k, w in enumerate(tokens[: S.glued_max_title_words]):
        w = w.lstrip(WORD_LEAD)
        if not w or not w[0].isalpha():
            continue
        if w[0].islower():
            if caps >= 2 or (caps and k >= S.glued_long_title_words):
                return k >= 5 and k < n - 3
            return False
        if k and w.lower().rstrip(",:;") in TITLE_FUNCTION_WORDS:
            caps += 1
    return False


def _cap_ratio(words: list[str]) -> float:
    """Share of words whose first letter is upper case."""
    caps = 0
    for w in words:
        w = w.lstrip(WORD_LEAD)
        if w[:1].isupper():
            caps += 1
    return caps / len(words)


#: Features of recently seen short lines: bylines, widget labels, menus and
#: headlines recur across the pages of a site and the copies of a story.
#: Cleared when full; LineFeatures are never changed once computed (the
#: stop-word ratio is derived from the text).
_FEATURE_CACHE: dict[str, LineFeatures | None] = {}
_FEATURE_CACHE_SIZE = 1 << 14
_FEATURE_CACHE_MAX_CHARS = 200


def clear_cache() -> None:
    """Forget the cached features of short lines (for benchmarks)."""
    _FEATURE_CACHE.clear()


def line_features(line: str) -> LineFeatures | None:
    """Compute the features and local label of one line (None if blank).

    The label ignores the neighbouring lines; ``python -m dedup.boilerplate
    --rules`` lists the rules in the order they are tried.
    """
    return cached_features(line, False)


def features_without_cues(line: str) -> LineFeatures | None:
    """:func:`line_features` of a line known to hold none of the cues
    (``compiler.CUE_CHARS`` / ``CUE_WORDS``): the rules that need one
    (unanchored strong rules, menu, contact) are skipped; they cannot apply,
    so the result is the same."""
    return _line_features(line, True)


def cached_features(line: str, cue_free: bool) -> LineFeatures | None:
    """:func:`line_features` through the cache; ``cue_free``: see :func:`features_without_cues`."""
    if len(line) <= _FEATURE_CACHE_MAX_CHARS:
        f = _FEATURE_CACHE.get(line, False)
        if f is False:
            f = _line_features(line, cue_free)
            if len(_FEATURE_CACHE) >= _FEATURE_CACHE_SIZE:
                _FEATURE_CACHE.clear()
            _FEATURE_CACHE[line] = f
        return f  # type: ignore[return-value]
    return _line_features(line, cue_free)


def _line_features(line: str, cue_free: bool = False) -> LineFeatures | None:
    if not line.strip():
        return None
    tokens = (line if line.isascii() else unicodedata.normalize("NFKC", line)).split()
    if not tokens:  # characters that NFKC maps to white space
        return LineFeatures("", 0, False, False, BAD, "no-letters")
    s = " ".join(tokens)
    m = LIST_MARKER_RE.match(s) if s[0] in MARKER_STARTS or s[0].isdigit() else None
    list_item = False
    if m is not None and m.end() < len(s):
        list_item = True
        s = s[m.end() :].lstrip()
        tokens = s.split()
    n = len(tokens)
    if n and len(s) > 12 * n:  # maybe a script written without spaces
        n += len(NOSPACE_SCRIPT_RE.findall(s)) // 2
    t = s.rstrip(CLOSERS)
    sent_end = bool(t) and t[-1] in SENT_END_CHARS and not truncated(t)
    f = LineFeatures(s, n, sent_end, list_item, SHORT, "short")
    f.label, f.rule = _local_label(f, tokens, cue_free)
    return f


def _local_label(f: LineFeatures, tokens: list[str], cue_free: bool = False) -> tuple[str, str]:
    """Label and rule name of a normalised line (see ``rules.LINE_STEPS``)."""
    s, n, sent_end = f.text, f.words, f.sent_end
    if not s[0].isalpha() and LETTER_RE.search(s) is None:
        return BAD, "no-letters"
    low = s.lower()
    if not low.isascii():
        low = fold_typography(low)
    m = match_strong_start(low)
    if m is None and not cue_free and STRONG_TRIGGER_RE.search(low) is not None:
        m = search_strong_any(low)
        if m is not None and n > S.strong_anywhere_max_words and m.start() > S.strong_long_line_prefix:
            m = None
    if m is not None:
        return BAD, rule_name(m)
    if n <= S.short_rule_max_words:
        m = match_rules(SHORT_TABLE, low)  # with the caption rules
        if m is not None:
            return BAD, rule_name(m)
        # a detached ellipsis at the end ("Mehr zum Thema ...") marks a link, it is not a word
        if not (sent_end and n - (tokens[-1] == "...") >= S.prose_min_words):
            m = match_rules(LABEL_TABLE, low)
            if m is not None:
                return BAD, rule_name(m)
    elif not sent_end and n <= S.caption_max_words:
        m = match_rules(CAPTION_TABLE, low)
        if m is not None:
            return BAD, rule_name(m)
    if cue_free:
        pass
    elif MENU_CHAR_RE.search(s) is not None and not (s[0] == "|" and s[-1] == "|"):
        seps = len(MENU_SEP_RE.findall(s))
        if seps and (
            (not sent_end and n <= S.menu_max_words) or (seps >= 2 and n <= S.menu_max_segment_words * (seps + 1))
        ):
            return BAD, "menu"
    if (
        not cue_free
        and LINK_TRIGGER_RE.search(low) is not None
        and (n <= S.short_rule_max_words or "@" in low or "/" in low)
    ):
        links = EMAIL_OR_URL_RE.findall(low)
        rest = n - len(links)
        if links and (rest < 3 or (rest <= 6 and not sent_end and "@" in low)):
            return BAD, "contact"
    if not sent_end and n >= S.keywords_min_items and s.count(",") + 1 >= S.keywords_min_items:
        # "tag one, tag two, tag three, ...": a keyword list has no stop word
        if LATIN_RE.search(s) is not None and "(" not in s and DIGIT_RE.search(s) is None and f.stop_ratio == 0.0:
            return BAD, "keywords"
    if n >= S.glued_min_words and _glued_teaser(s, tokens):
        return BAD, "glued-teaser"
    if sent_end and n >= S.good_min_words:
        return GOOD, "prose"
    if n >= S.good_nopunct_min_words and _cap_ratio(tokens) <= S.good_max_cap_ratio:
        if LATIN_RE.search(s) is None or f.stop_ratio >= S.nopunct_min_stop_ratio:
            return GOOD, "prose-nopunct"
    return SHORT, "short"
