"""Line-level boilerplate removal for plain text extracted from news pages.

A scraper that dumps the whole text of a news page hands us the article plus
navigation menus, share/follow widgets, newsletter and cookie banners,
"related stories" sidebars, comment widgets and copyright footers.  Those
lines are repeated across unrelated articles of one site (false near-duplicate
matches) and differ between copies of the same story on different sites
(missed matches), so they are removed before shingling.

:func:`strip_boilerplate` returns the kept lines *verbatim* and in their
original order; it never rewrites, trims or adds text.  Because losing article
text is worse than keeping a stray boilerplate line, every rule errs on the
side of keeping: a long line of sentence prose is dropped only when it matches
a *strong* pattern (a cookie notice, a newsletter pitch, a copyright footer).

Pipeline
========
Blank (whitespace-only) lines carry no content: they are ignored by the
classifier and only used to re-insert a paragraph separator in the output.

1. **Per-line classifier** (:func:`line_features`).  Each non-blank line gets
   a label, :data:`GOOD`, :data:`BAD` or :data:`SHORT` (uncertain), and the
   name of the rule that decided it.  Features are computed on an NFKC
   normalised copy of the line with a leading list marker removed:

   * ``no-letters`` -> BAD: the line has no letter at all ("[]", "12", "|").
   * **strong lexicon** (:data:`STRONG_RULES`, any line length) -> BAD:
     cookie/consent notices, newsletter/sign-up pitches that start with an
     imperative ("Join the newsletter!", "Sign up to ... email ..."),
     "... privacy policy ... signing up", "delivered to your inbox", e-mail
     form errors, "All rights reserved", "(c)/Copyright <year>" footers.  On a
     very long line (more than :data:`STRONG_ANYWHERE_MAX_WORDS` words) an
     unanchored strong pattern must start near the beginning of the line.
   * **short lexicon** (:data:`SHORT_RULES`, lines of at most
     :data:`SHORT_RULE_MAX_WORDS` words) -> BAD: whole-line widget labels
     ("Advertisement", "Read more", "Show Comments", "12 comments", "Leave a
     comment", "Comments are closed", "Share this article", "Follow us on
     Twitter", lines made only of social-network names, "Home", "Menu",
     "Privacy Policy", "Terms of Use", ...).
   * **label lexicon** (:data:`LABEL_RULES`, short lines that are *not* a
     sentence of prose, i.e. not ending in sentence punctuation with at least
     :data:`PROSE_MIN_WORDS` words) -> BAD: section headers of sidebars
     ("Related articles", "You may also like", "More about ...", "Most read"),
     tag lists ("Tags ...", "Topics: ..."), bylines and contact lines ("By
     Jane Doe", "Contact reporter Jane Doe (jd@example.com)"), dates
     ("Updated ..."), image credits ("Photo: ...", "... /Getty Images") and
     short sign-up/log-in/newsletter prompts.
   * ``menu`` -> BAD: link separators (``|``, ``»``, ``›``, ``·``, ``•``,
     spaced ``/``) in a line without sentence punctuation ("Share | Tweet |
     Email", "Home » World » Asia", "Title | Site"), or several separators
     between short segments in any line.
   * ``contact`` -> BAD: a short, non-sentence line containing an e-mail
     address or URL, or a line that is little more than an e-mail/URL.
   * GOOD: a line of prose, i.e. at least :data:`GOOD_MIN_WORDS` words ending
     in sentence punctuation, or at least :data:`GOOD_NOPUNCT_MIN_WORDS`
     words of which at most :data:`GOOD_MAX_CAP_RATIO` start with a capital
     letter (a dek/standfirst, or a paragraph that lost its final period).
   * SHORT: anything else (headlines, subheads, one-sentence paragraphs,
     menu items, captions ...).

   Word counts are "effective": for scripts written without spaces (Chinese,
   Japanese, Thai) a line's word count is estimated from its length.

2. **Run rules** (:func:`label_lines`), on the sequence of non-blank lines:

   * ``nav-run``: a run of at least :data:`NAV_RUN_MIN` very short lines
     (at most :data:`VERY_SHORT_MAX_WORDS` words, no sentence punctuation;
     BAD lines may be interleaved) is a menu -> BAD ("Home", "World",
     "Business", "Sport").
   * ``list-run``: consecutive lines carrying a list marker ("- ", "* ",
     "• ", "1. ", "2) ", "- 1Headline") form a list.  If fewer than half of
     the items are full sentences it is a sidebar of headlines -> every item
     BAD; otherwise it is a list inside the body and its sentence items are
     GOOD.
   * ``headline-run``: a run of at least :data:`HEADLINE_RUN_MIN` uncertain
     lines, none ending in sentence punctuation, each with at least two words
     is an unbulleted list of links/headlines -> BAD.

3. **Context pass** (:func:`classify_lines`).  Every maximal run of SHORT
   lines is judged by its nearest non-SHORT neighbours (the document edges
   count like BAD):

   * GOOD on both sides: the run is inside the body (a short paragraph, a
     subhead, a quote) -> kept.
   * GOOD after it: walking backwards from the body, one-sentence lines are
     kept, then up to :data:`HEADLINE_MAX_LINES` headline-like lines (the
     title and dek just before the body); the rest of the run is dropped.
   * GOOD before it: walking forwards from the body, sentence lines are kept
     (closing one-liners, "(Reporting by ...)") until the first non-sentence
     line; the rest is dropped.
   * no GOOD neighbour (between boilerplate, e.g. a lone "Or" between
     sign-up prompts) -> dropped.  If the document has no GOOD line at all,
     sentence lines are promoted to GOOD first, and a document that consists
     of uncertain lines only is kept whole.

   The context pass is repeated on the surviving lines until nothing more is
   removed, so ``strip_boilerplate`` is idempotent by construction.

All regular expressions are compiled once at import.  The rule tables
(:data:`STRONG_RULES`, :data:`SHORT_RULES`, :data:`LABEL_RULES`) are plain
``(name, pattern)`` tuples so that more languages or rules can be added
without touching the pipeline.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Sequence

__all__ = [
    "GOOD",
    "BAD",
    "SHORT",
    "LineFeatures",
    "line_features",
    "label_lines",
    "classify_lines",
    "strip_boilerplate",
]

#: Label of a line that looks like article prose.
GOOD = "good"
#: Label of a boilerplate line.
BAD = "bad"
#: Label of an uncertain (short) line, decided by its context.
SHORT = "short"

# --------------------------------------------------------------------------
# Tunable thresholds
# --------------------------------------------------------------------------
#: Prose lines with sentence punctuation and at least this many words are GOOD.
GOOD_MIN_WORDS = 10
#: Lines without final punctuation need this many words to be GOOD ...
GOOD_NOPUNCT_MIN_WORDS = 14
#: ... and at most this share of capitalised words (headlines are Title Case).
GOOD_MAX_CAP_RATIO = 0.5
#: Short and label rules only apply to lines of at most this many words.
SHORT_RULE_MAX_WORDS = 15
#: A line with sentence punctuation and this many words is "prose": label
#: rules (headers, bylines, tags) do not apply to it.
PROSE_MIN_WORDS = 6
#: Unanchored strong rules apply anywhere on lines up to this many words;
#: on longer lines the match must start within the first
#: STRONG_LONG_LINE_PREFIX characters.
STRONG_ANYWHERE_MAX_WORDS = 40
STRONG_LONG_LINE_PREFIX = 40
#: Menu items have at most this many words.
VERY_SHORT_MAX_WORDS = 3
#: Minimum number of very short lines that make a navigation run.
NAV_RUN_MIN = 3
#: Minimum number of headline-like lines that make an unbulleted link list.
HEADLINE_RUN_MIN = 3
#: Minimum number of words of a one-sentence line kept next to the body.
SENTENCE_MIN_WORDS = 3
#: Headline-like lines kept just before the body (title and dek).
HEADLINE_MAX_LINES = 2
#: Headline-like lines have between 2 and this many words.
HEADLINE_MAX_WORDS = 30
#: Items of a list that count as sentences need this many words.
LIST_SENTENCE_MIN_WORDS = 5

# --------------------------------------------------------------------------
# Lexicon (English for now).  Patterns are matched case-insensitively on an
# NFKC-normalised line whose leading list marker has been removed.
# --------------------------------------------------------------------------
_SOCIAL = (
    r"facebook|twitter|x|instagram|linkedin|youtube|tiktok|pinterest|reddit|"
    r"whatsapp|telegram|snapchat|flipboard|tumblr|messenger|mix|digg|"
    r"google\+?|google news|apple news|threads|mastodon|bluesky|vk|weibo|"
    r"wechat|line|xing|rss|e-?mail|mail|sms|print|share|tweet|pin(?: it)?|"
    r"copy(?: link)?|link|save|comments?|shares?|like|bookmark|more|"
    r"bloglovin|feedly|pocket|skype|viber"
)

#: Strong rules: boilerplate whatever the line length.  ``^`` rules must
#: match at the start of the line, the others anywhere (see
#: STRONG_ANYWHERE_MAX_WORDS).
STRONG_RULES: tuple[tuple[str, str], ...] = (
    # --- anchored at the start of the line -------------------------------
    ("newsletter-pitch",
     r"^(?:sign(?:ing)? up|subscribe|register|join|get|receive|enter your e-?mail|"
     r"don'?t miss|never miss|stay (?:up to date|informed|in the know))\b"
     r".{0,120}?\b(?:newsletters?|inbox|e-?mails?|briefings?|alerts|"
     r"subscriptions?|digest|exclusive|for free|free access|unlimited access)\b"),
    ("form-error", r"^(?:error|oops|warning)\s*[:!.-]"),
    ("copyright", r"^(?:©|\(c\)\s*\d{4}|copyright\b)"),
    # --- anywhere --------------------------------------------------------
    ("cookie-notice",
     r"\b(?:we|this (?:web ?)?site|our (?:web ?)?sites?|this page|the site) "
     r"(?:uses?|serves?|places?|sets?|stores?) cookies\b"
     r"|\bcookies? (?:policy|settings|preferences|consent|notice|statement|banner)\b"
     r"|\b(?:accept|allow|reject|decline|manage) (?:all |our |the )?cookies\b"
     r"|\bby (?:continuing to (?:use|browse)|using|clicking|browsing) "
     r"(?:this|our|the) (?:web ?)?site\b.{0,80}\b(?:agree|consent|accept)"),
    ("signup-privacy",
     r"\bsign(?:ing|ed)? up\b.{0,100}\bprivacy (?:policy|notice|statement)\b"
     r"|\bprivacy (?:policy|notice|statement)\b.{0,100}\bsign(?:ing)? up\b"),
    ("inbox", r"\b(?:delivered|sent|straight|directly|direct) to your inbox\b"),
    ("email-form",
     r"\bplease (?:enter|check|provide|type|use) (?:a |your )?(?:valid )?e-?mail\b"
     r"|\b(?:invalid|a valid) e-?mail address\b|\bthis field is required\b"),
    ("all-rights-reserved", r"\ball rights? reserved\b"),
    ("copyright", r"©\s*(?:\d{4}|[^\W\d_])|\bcopyright\s*(?:\(c\)|\d{4})"),
)

#: Short rules: whole-line widget labels, applied to short lines only.
SHORT_RULES: tuple[tuple[str, str], ...] = (
    ("advertisement",
     r"(?:advertisements?|advertising|advertorial|ad|ads|sponsored(?: content| links?| stories| by .*)?|"
     r"promoted(?: content| stories| links?)?|paid (?:content|post|partner content)|"
     r"story continues below(?: advertisement)?|continue reading (?:the )?(?:main story|below)|"
     r"scroll (?:down )?(?:to|for) (?:continue|more).*|skip (?:ad|advert|to \w+(?: \w+)?).*|"
     r"report (?:this )?ad|close ad|ad choices|adchoices)\W*$"),
    ("read-more",
     r"(?:read|see|view|show|load|click|continue|keep) "
     r"(?:more|less|all|next|also|full|the full|further|original|here|reading|article|story|"
     r"on|in app|\d+ more)\b.*"
     r"|(?:click|tap) here\b.*|full story\W*$|read more\W*$"),
    ("comments",
     r"(?:\d+\s+(?:comments?|replies|responses|shares?)"
     r"|comments?(?:\s*\(\d+\))?|discussion|replies|reply"
     r"|(?:show|hide|view|load|read|post|add|leave|write|see|submit|open|close)"
     r"(?: (?:a|your|all|the|\d+|more|new|older|newer))? "
     r"(?:comments?|replies|discussion|conversation|reply|response)(?: .*)?"
     r"|comments? (?:are|have been|is) (?:closed|disabled|turned off|open)"
     r"|be the first to (?:comment|reply).*|join the (?:conversation|discussion|debate)"
     r"|(?:there are )?no comments(?: yet)?|report abuse|comment policy|sort by\b.*"
     r"|cancel reply|notify me\b.*comments?.*)\W*$"),
    ("share-widget",
     r"(?:share (?:this|the|on|via|with|to|article|story|page|post|link|your)\b.*"
     r"|(?:follow|like|find|join|connect with|subscribe to|watch|listen on)"
     r" (?:us|\S+(?: \S+)?) on (?:" + _SOCIAL + r")\b.*"
     r"|(?:sharing is caring|share|shares)\W*$"
     r"|(?:(?:" + _SOCIAL + r")(?:\W+|$))+$)"),
    ("navigation",
     r"(?:home(?: ?page)?|menu|main menu|search(?: icon)?|close|back to top|to top|"
     r"toggle (?:navigation|menu|search)|open (?:menu|navigation|search)|navigation|"
     r"skip to \w+(?: \w+)?|loading\W*|please wait|next|previous|prev|older|newer|"
     r"page \d+(?: of \d+)?|\d+ of \d+|log ?in|log ?out|sign ?in|sign ?out|"
     r"sign up|register|login|my account|account|profile|settings|"
     r"subscribe(?: now| today| here)?|contact(?: us| me)?|about(?: us| me)?|"
     r"careers|jobs|help|faq|sitemap|site map|privacy(?: policy| notice| statement)?|"
     r"terms(?: of (?:use|service))?|terms (?:and|&) conditions|cookies?|accessibility|"
     r"imprint|impressum|newsletters?|rss(?: feeds?)?|podcasts?|videos?|photos?|"
     r"weather|advertise(?: with us)?|corrections|archives?|e-?paper|more|"
     r"all rights reserved|disclaimer|editorial (?:policy|standards)|"
     r"(?:got|have) a (?:news )?tip\??|send (?:us )?a tip|press releases?)\W*$"),
)

#: Label rules: section headers, tag lists, bylines and prompts; applied to
#: short lines that are not a sentence of prose.
LABEL_RULES: tuple[tuple[str, str], ...] = (
    ("related-header",
     r"(?:related(?: \w+)?|more (?:about|from|on|in|stories|articles|news|coverage|"
     r"like this|to explore|videos?|headlines|top stories)|"
     r"you (?:may|might|could|will|would) (?:also )?(?:like|love|enjoy|be interested)|"
     r"(?:also|we) recommend|recommended(?: for you| stories| reading| articles| videos?)?|"
     r"(?:most|top) (?:read|popular|viewed|shared|commented|emailed|stories|news|"
     r"headlines|videos?)|trending(?: now| stories| news| topics)?|"
     r"editor'?s'? (?:picks?|choice)|don'?t miss|latest(?: news| stories| articles|"
     r"headlines| videos?)?|popular (?:now|stories|posts|articles)|further reading|"
     r"around the web|from the web|in other news|also (?:read|see|on|in)|"
     r"next (?:story|article|up|post)|previous (?:story|article|post)|up next|"
     r"what to read next|read next|more|popular|recent posts|"
     r"(?:upcoming|latest|recent) (?:events|posts)|what'?s (?:new|hot|trending))\b"),
    ("tags",
     r"(?:tags?|tagged(?: with| as| in)?|topics?|filed (?:under|in)|categories|category|"
     r"keywords|related topics|sections?)(?:\s*:|\s+\S|\s*$)"),
    ("byline",
     r"(?:by|written by|reporting by|reported by|words by|story by|posted by|"
     r"author(?:s|ed by)?|editor|contributor|columnist)\s*:?\s+\S"),
    ("contact",
     r"(?:contact|e-?mail|write to|reach|message|follow) (?:the )?"
     r"(?:reporters?|authors?|writers?|editors?|correspondents?|newsroom|us|me)\b"),
    ("dateline",
     r"(?:published|updated|posted|last (?:updated|modified)|first published|"
     r"created|modified)\b"),
    ("credit",
     r"(?:image|photo|photograph|picture|illustration|video|graphic|source|credit|"
     r"caption|pictured|file photo|photo illustration)s?(?: credits?| by| courtesy)?\s*[:|]"
     r"|.*\b(?:getty images|shutterstock|istock(?:photo)?|ap photo|afp photo|"
     r"afp via getty|/reuters|reuters/|/ap\b|/afp\b)"),
    ("signup-prompt",
     r".*\b(?:newsletters?|subscribe|subscription|sign(?:ing)? up|log ?in|sign ?in|"
     r"register now|create (?:an|your|a free) account|my account|"
     r"already (?:a )?(?:member|subscriber|registered)|membership)\b"),
    ("utility",
     r"(?:print|email|e-mail|share|save|download|listen|watch|play|pause|"
     r"follow|unfollow|bookmark|copy link)(?: (?:this|the|now|article|story|video|"
     r"audio|page|post))*\W*$"),
)


def _compile_rules(rules: Iterable[tuple[str, str]]) -> re.Pattern[str]:
    """Join ``(name, pattern)`` rules into one regex with one named group each.

    Several rules may share a name; they get numbered group names and
    :func:`_rule_name` strips the number again.
    """
    parts = []
    for i, (name, pattern) in enumerate(rules):
        parts.append(f"(?P<{name.replace('-', '_')}__{i}>{pattern})")
    return re.compile("|".join(parts), re.IGNORECASE)


def _rule_name(match: re.Match[str]) -> str:
    group = match.lastgroup or "?"
    return group.rsplit("__", 1)[0].replace("_", "-")


_STRONG_START_RE = _compile_rules((n, p) for n, p in STRONG_RULES if p.startswith("^"))
_STRONG_ANY_RE = _compile_rules((n, p) for n, p in STRONG_RULES if not p.startswith("^"))
_SHORT_RE = _compile_rules(SHORT_RULES)
_LABEL_RE = _compile_rules(LABEL_RULES)

#: Line endings accepted on input.
_NEWLINE_RE = re.compile(r"\r\n|\r|\n")
#: A list marker at the start of a line: "- ", "* ", "• ", "1. ", "2) ",
#: "(3) ", and a bullet followed by a number glued to a headline ("- 1Cover").
_LIST_MARKER_RE = re.compile(
    r"(?:[-–—*+>](?=\s)|[•·▪▸►‣◦●○■□➤→✓✔])\s*"
    r"(?:\d{1,2}(?:[.)]\s*|\s+|(?=[A-Z][a-z])))?"
    r"|\d{1,2}[.)]\s+(?=\S)"
    r"|\(\d{1,2}\)\s+"
)
#: Sentence-final punctuation, optionally followed by closing quotes/brackets.
_SENT_END_RE = re.compile(r"[.!?…。！？؟।][\"'”’»)\]]*\s*$")
#: Any letter (Unicode).
_LETTER_RE = re.compile(r"[^\W\d_]")
#: Link separators of menus and breadcrumbs.
_MENU_SEP_RE = re.compile(r"(?:^|\s)(?:[|»›·•‹«/\\]|::)(?=\s|$)|\s[|]|[|]\s")
_EMAIL_OR_URL_RE = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|net)/\S*",
    re.IGNORECASE,
)
#: Leading punctuation skipped when testing whether a word is capitalised.
_WORD_LEAD = "\"'“‘«„(¿¡[*"


class LineFeatures:
    """Features and local (context-free) label of one non-blank line.

    Attributes:
        text: the line with surrounding whitespace removed (NFKC-normalised,
            list marker removed); used for matching only, never returned.
        words: effective number of words (estimated from the length for
            scripts written without spaces).
        sent_end: the line ends in sentence punctuation.
        list_item: the line starts with a list marker.
        label: :data:`GOOD`, :data:`BAD` or :data:`SHORT`.
        rule: name of the rule that decided the label.
    """

    __slots__ = ("text", "words", "sent_end", "list_item", "label", "rule")

    def __init__(self, text: str, words: int, sent_end: bool, list_item: bool,
                 label: str, rule: str) -> None:
        self.text = text
        self.words = words
        self.sent_end = sent_end
        self.list_item = list_item
        self.label = label
        self.rule = rule

    @property
    def very_short(self) -> bool:
        """A menu-item-like line: few words, no sentence punctuation."""
        return self.words <= VERY_SHORT_MAX_WORDS and not self.sent_end

    @property
    def sentence_like(self) -> bool:
        """A one-sentence paragraph: sentence punctuation and a few words."""
        return self.sent_end and self.words >= SENTENCE_MIN_WORDS

    @property
    def headline_like(self) -> bool:
        """A title-like line: 2..HEADLINE_MAX_WORDS words, not ending in a comma."""
        return (2 <= self.words <= HEADLINE_MAX_WORDS
                and not self.text.endswith((",", ";", ":")))

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return (f"LineFeatures({self.label!r}, rule={self.rule!r}, words={self.words}, "
                f"text={self.text[:40]!r})")


def _cap_ratio(words: list[str]) -> float:
    """Share of words whose first letter is upper case."""
    caps = 0
    for w in words:
        w = w.lstrip(_WORD_LEAD)
        if w[:1].isupper():
            caps += 1
    return caps / len(words)


def line_features(line: str) -> LineFeatures | None:
    """Compute the features and local label of one line (None if blank).

    The label ignores the neighbouring lines; see the module docstring for
    the rules, in the order they are tried.
    """
    s = line.strip()
    if not s:
        return None
    s = unicodedata.normalize("NFKC", s)
    m = _LIST_MARKER_RE.match(s)
    list_item = m is not None and m.end() < len(s)
    if list_item:
        s = s[m.end():].lstrip()
    tokens = s.split()
    n = len(tokens)
    chars = len(s)
    if n and chars > 12 * n:  # no spaces between words (CJK, Thai ...)
        n = max(n, chars // 3)
    sent_end = _SENT_END_RE.search(s) is not None

    def result(label: str, rule: str) -> LineFeatures:
        return LineFeatures(s, n, sent_end, list_item, label, rule)

    if _LETTER_RE.search(s) is None:
        return result(BAD, "no-letters")
    m = _STRONG_START_RE.match(s)
    if m is None:
        m = _STRONG_ANY_RE.search(s)
        if m is not None and n > STRONG_ANYWHERE_MAX_WORDS and m.start() > STRONG_LONG_LINE_PREFIX:
            m = None
    if m is not None:
        return result(BAD, _rule_name(m))
    if n <= SHORT_RULE_MAX_WORDS:
        m = _SHORT_RE.match(s)
        if m is not None:
            return result(BAD, _rule_name(m))
        prose = sent_end and n >= PROSE_MIN_WORDS
        if not prose:
            m = _LABEL_RE.match(s)
            if m is not None:
                return result(BAD, _rule_name(m))
    seps = len(_MENU_SEP_RE.findall(s))
    if seps and (not sent_end or (seps >= 2 and n <= 4 * (seps + 1))):
        return result(BAD, "menu")
    links = _EMAIL_OR_URL_RE.findall(s)
    if links:
        rest = n - len(links)
        if rest < 3 or (n <= 10 and not sent_end):
            return result(BAD, "contact")
    if sent_end and n >= GOOD_MIN_WORDS:
        return result(GOOD, "prose")
    if n >= GOOD_NOPUNCT_MIN_WORDS and _cap_ratio(tokens) <= GOOD_MAX_CAP_RATIO:
        return result(GOOD, "prose-nopunct")
    return result(SHORT, "short")


# --------------------------------------------------------------------------
# Run rules
# --------------------------------------------------------------------------
def _apply_run_rules(feats: Sequence[LineFeatures]) -> list[str]:
    """Labels of non-blank lines after the nav-run, list-run, headline-run rules."""
    labels = [f.label for f in feats]
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
                            if feats[k].sent_end and feats[k].words >= LIST_SENTENCE_MIN_WORDS)
            if 2 * sentences < j - i:
                for k in range(i, j):
                    labels[k] = BAD
            else:
                for k in range(i, j):
                    f = feats[k]
                    if labels[k] == SHORT and f.sent_end and f.words >= LIST_SENTENCE_MIN_WORDS:
                        labels[k] = GOOD
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
        if len(members) >= NAV_RUN_MIN:
            for k in members:
                labels[k] = BAD
        i = j

    # headline runs: uncertain lines without sentence punctuation
    i = 0
    while i < n:
        f = feats[i]
        if labels[i] != SHORT or f.sent_end or f.words < 2:
            i += 1
            continue
        j = i
        while j < n and labels[j] == SHORT and not feats[j].sent_end and feats[j].words >= 2:
            j += 1
        if j - i >= HEADLINE_RUN_MIN:
            for k in range(i, j):
                labels[k] = BAD
        i = j
    return labels


def label_lines(lines: Sequence[str]) -> list[str | None]:
    """Label each line with the classifier and run rules, before context.

    Returns one entry per input line: :data:`GOOD`, :data:`BAD`,
    :data:`SHORT`, or ``None`` for a blank line.
    """
    feats = [line_features(line) for line in lines]
    idx = [i for i, f in enumerate(feats) if f is not None]
    run_labels = _apply_run_rules([feats[i] for i in idx])
    out: list[str | None] = [None] * len(lines)
    for i, lab in zip(idx, run_labels):
        out[i] = lab
    return out


# --------------------------------------------------------------------------
# Context pass
# --------------------------------------------------------------------------
def _context_keep(feats: Sequence[LineFeatures]) -> list[bool]:
    """One context pass over non-blank lines: which of them to keep."""
    n = len(feats)
    labels = _apply_run_rules(feats)
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
        if prev_good and next_good:
            for k in range(i, j):
                keep[k] = True
        else:
            if next_good:  # lines leading into the body: dek, headline
                k = j - 1
                while k >= i and feats[k].sentence_like:
                    keep[k] = True
                    k -= 1
                heads = 0
                while k >= i and heads < HEADLINE_MAX_LINES and feats[k].headline_like:
                    keep[k] = True
                    heads += 1
                    k -= 1
            if prev_good:  # lines trailing the body
                k = i
                while k < j and feats[k].sentence_like:
                    keep[k] = True
                    k += 1
        i = j
    return keep


def _keep_mask(lines: Sequence[str]) -> list[bool]:
    feats = [line_features(line) for line in lines]
    alive = [i for i, f in enumerate(feats) if f is not None]
    while alive:
        keep = _context_keep([feats[i] for i in alive])
        if all(keep):
            break
        alive = [i for i, k in zip(alive, keep) if k]
    mask = [False] * len(lines)
    for i in alive:
        mask[i] = True
    return mask


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
    return _keep_mask(lines)


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
    if not text or text.isspace():
        return ""
    lines = _NEWLINE_RE.split(text)
    mask = _keep_mask(lines)
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
