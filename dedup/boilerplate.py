r"""Line-level boilerplate removal for plain text extracted from news pages.

A scraper that dumps the whole text of a news page hands us the article plus
navigation menus, share/follow widgets, newsletter and cookie banners,
"related stories" sidebars, comment widgets and copyright footers.  Those
lines are shared by unrelated articles of one site (false near-duplicate
matches) and differ between copies of one story on different sites (missed
matches), so they are removed before shingling.

:func:`strip_boilerplate` returns the kept lines *verbatim* and in their
original order; it never rewrites, trims or adds text.  Because losing article
text is worse than keeping a stray boilerplate line, the rules err on the side
of keeping: a long line of sentence prose is dropped only when it matches a
*strong* pattern (a cookie notice, a newsletter pitch, a copyright footer).

Pipeline
========
Lines are split on ``\n``, ``\r\n`` and ``\r``.  Blank (whitespace-only)
lines carry no content: the classifier ignores them, and
:func:`strip_boilerplate` keeps the first blank line found between two kept
lines as a paragraph separator.

0. **Units.**  Normally every non-blank line is one classification unit.  In
   hard-wrapped text (plain-text wire copy, e-mail: many lines close to one
   width W of at most :data:`MAX_WRAP_WIDTH` characters, nearly all of the
   text in lines no longer than W, and full lines mostly followed by a line
   that starts in lower case) a full line and the line after it form one
   unit, so a wrapped paragraph is classified as a whole and all its lines
   share the decision.  A blank line, a list marker, or a capital after
   sentence punctuation always starts a new unit.  Below, "line" means unit.

1. **Per-unit classifier** (:func:`line_features`).  Each unit gets a label,
   :data:`GOOD`, :data:`BAD` or :data:`SHORT` (uncertain), and the name of
   the rule that decided it.  Features are computed on a normalised copy of
   the text (NFKC, runs of white space collapsed, leading list marker such
   as "- ", "* ", "• ", "1. ", "2) ", "(3) " or "- 1Glued headline"
   removed); lexicon patterns are matched on its lower-cased form with curly
   quotes and dashes folded to ASCII, so case, non-breaking or repeated
   spaces, full-width forms and smart quotes do not change a decision.  The
   rules, in the order they are tried:

   * ``no-letters`` -> BAD: no letter at all ("[]", "12", "|", "___").
   * **strong lexicon** (:data:`STRONG_RULES`, any line length) -> BAD:
     sign-up pitches that *start* with an imperative and mention a newsletter,
     e-mail, inbox or exclusive access ("Join the newsletter!", "Sign up to
     gain exclusive access to email subscriptions ..."); anywhere in the line:
     cookie notices ("We use cookies ...", "cookie policy", "By continuing to
     browse the site you agree ..."), "... privacy policy ... signing up",
     "delivered to your inbox", "please check your e-mail" form errors, "All
     rights reserved", "(c) 2019" / "Copyright 2019" footers.  On a line of
     more than :data:`STRONG_ANYWHERE_MAX_WORDS` words an unanchored match
     must start within its first :data:`STRONG_LONG_LINE_PREFIX` characters.
   * **short lexicon** (:data:`SHORT_RULES`, any line of at most
     :data:`SHORT_RULE_MAX_WORDS` words) -> BAD: whole-line widget labels and
     imperative prompts that are never article text: "Advertisement", "Read
     more", "Click here ...", "Show Comments", "12 comments", "Leave a
     comment", "Comments are closed", "Share this article", "Share on
     Facebook", "Follow us on Twitter", lines made only of social-network
     names, "Accept cookies", "Error: ...", menu words ("Home", "Menu",
     "Privacy Policy", "Terms of Use", "Contact us" ...), bare dates and
     times ("November 19, 2019 at 11:33 am", "2 days ago", "5 min read").
   * **label lexicon** (:data:`LABEL_RULES`, lines of at most
     :data:`SHORT_RULE_MAX_WORDS` words that are *not* a sentence of prose,
     i.e. not ending in sentence punctuation with at least
     :data:`PROSE_MIN_WORDS` words) -> BAD: sidebar headers ("Related
     articles", "You may also like", "More about ...", "Most read ..."), tag
     lists ("Tags ...", "Topics: ..."), bylines and contact lines ("By Jane
     Doe", "Contact reporter Jane Doe (jd@example.com)"), "Updated ..."
     datelines, image credits ("Photo: ...", "... /Getty Images") and sign-up
     / log-in / newsletter prompts.
   * ``menu`` -> BAD: link separators (``|``, ``»``, ``›``, ``·``, ``•``,
     ``‹``, ``«``, spaced ``/`` or ``\``) in a line of at most 20 words
     without sentence punctuation ("Share | Tweet | Email", "Home » World",
     "Title | Site"), or in any line where they split it into segments of
     at most 4 words on average.  Table rows (``| a | b |``) are exempt.
   * ``contact`` -> BAD: a line that is little more than an e-mail address
     or URL, or a short non-sentence line with an e-mail address.
   * ``prose`` -> GOOD: at least :data:`GOOD_MIN_WORDS` words ending in
     sentence punctuation; ``prose-nopunct`` -> GOOD: at least
     :data:`GOOD_NOPUNCT_MIN_WORDS` words of which at most
     :data:`GOOD_MAX_CAP_RATIO` start with a capital letter (headlines are
     Title Case; a long paragraph may have lost its final full stop).
   * ``short`` -> SHORT: anything else (headlines, deks, subheads,
     one-sentence paragraphs, menu items, captions ...).

   Word counts are "effective": in scripts written without spaces (Chinese,
   Japanese, Thai ...) two characters count as about one word.

2. **Run rules** (:func:`label_lines`), on the sequence of units:

   * ``list-run``: consecutive list items (two or more) form a list.  If at
     least half of the items are sentences (sentence punctuation and
     :data:`LIST_SENTENCE_MIN_WORDS` words) it is a list inside the body and
     its sentence items become GOOD.  Otherwise, if the items average at
     least :data:`LIST_HEADLINE_MIN_WORDS` words, it is a sidebar of
     headlines and every item becomes BAD; a list of short phrases keeps its
     labels and is left to the context pass.
   * ``nav-run``: at least :data:`NAV_RUN_MIN` very short uncertain lines
     (at most :data:`VERY_SHORT_MAX_WORDS` words, no sentence punctuation),
     possibly with BAD lines between them, form a menu -> BAD ("Home",
     "World", "Business", "Sport").

3. **Context pass** (:func:`classify_lines`).  Every maximal run of SHORT
   lines is judged by its neighbours; a document edge is neutral:

   * GOOD or an edge on both sides: the run belongs to the body (a short
     paragraph, a subhead, a quote, the headline above the first paragraph,
     a closing line) -> kept.
   * BAD on at least one side:

     - if GOOD follows, walking backwards from the body, one-sentence lines
       are kept, then up to :data:`HEADLINE_MAX_LINES` headline-like lines
       (2 to :data:`HEADLINE_MAX_WORDS` words: the title and dek);
     - if GOOD precedes, walking forwards from the body, one-sentence lines
       are kept (a closing one-liner, "(Reporting by ...)");
     - everything else in the run is dropped, e.g. a lone "Or" between two
       sign-up prompts, or the rest of a sidebar.

     A one-sentence line has sentence punctuation (or a final colon) and at
     least :data:`SENTENCE_MIN_WORDS` words.
   * A document without any GOOD line promotes its one-sentence lines to
     GOOD first; one made of uncertain lines only is kept whole.

   Grouping, run rules and context pass are repeated on the surviving lines
   until nothing more is removed.  The result is a fixpoint (grouping only
   depends on what :func:`strip_boilerplate` outputs: the kept lines and
   whether blank lines separated them), which makes ``strip_boilerplate``
   idempotent by construction.

Extending
=========
The rule tables (:data:`STRONG_RULES`, :data:`SHORT_RULES`,
:data:`LABEL_RULES`) are ``(name, pattern)`` tuples joined into one compiled
regex per table at import; patterns are written in lower case, and an
unanchored strong rule needs one of its key words in :data:`STRONG_TRIGGERS`
(a cheap prefilter).  Rules for
other languages, a stop-word density feature or a corpus-level model of
repeated lines can be added as further features of :class:`LineFeatures` and
labels without changing the context pass.  :func:`label_lines` shows which
rule labelled each line.  All thresholds are module-level constants.
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
GOOD_NOPUNCT_MIN_WORDS = 20
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
#: Minimum number of words of a one-sentence line kept next to the body.
SENTENCE_MIN_WORDS = 3
#: Headline-like lines kept just before the body (title and dek).
HEADLINE_MAX_LINES = 2
#: Headline-like lines have between 2 and this many words.
HEADLINE_MAX_WORDS = 30
#: A list whose items average at least this many words (and are not
#: sentences) is a list of headlines.
LIST_HEADLINE_MIN_WORDS = 4
#: Items of a list that count as sentences need this many words.
LIST_SENTENCE_MIN_WORDS = 5
#: Hard-wrapped text (plain-text wire copy, e-mail) has its lines broken at
#: a fixed width W of at most this many characters ...
MAX_WRAP_WIDTH = 120
#: ... at least this share of its lines are within WRAP_BAND characters of W
WRAP_MIN_SHARE = 0.3
WRAP_BAND = 15
#: ... and at least this share of its characters are in lines of at most W
#: characters (unbreakable one-word lines count as wrapped).
WRAP_MIN_TEXT_SHARE = 0.8
#: A line is "full" when its length plus the next line's first word would
#: exceed W - WRAP_SLACK.  If at least half of the full lines are followed
#: (without a blank line) by a line starting in lower case, the text is
#: hard-wrapped and every full line is joined with the line after it into
#: one classification unit (a paragraph).
WRAP_SLACK = 2

# --------------------------------------------------------------------------
# Lexicon (English for now).  Patterns are written in lower case and matched
# (case-sensitively, which is several times faster than re.IGNORECASE) against
# the lower-cased, NFKC-normalised line whose leading list marker has been
# removed.  Strong rules that are not anchored with "^" are only tried on
# lines containing one of STRONG_TRIGGERS: a new unanchored strong rule must
# add its key word there.
# --------------------------------------------------------------------------
_SOCIAL = (
    r"facebook|twitter|x|instagram|linkedin|youtube|tiktok|pinterest|reddit|"
    r"whatsapp|telegram|snapchat|flipboard|tumblr|messenger|mix|digg|"
    r"google\+?|google news|apple news|threads|mastodon|bluesky|vk|weibo|"
    r"wechat|line|xing|rss|e-?mail|mail|sms|print|tweet|pin(?: it)?|"
    r"copy(?: link)?|link|save|comments?|shares?|like|bookmark|more|"
    r"bloglovin|feedly|pocket|skype|viber"
)

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
          r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?")
_WEEKDAY = r"(?:mon|tue(?:s)?|wed(?:nes)?|thu(?:r(?:s)?)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?,?"
_CLOCK = r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{2,5})?"

#: Strong rules: boilerplate whatever the line length.  ``^`` rules must
#: match at the start of the line, the others anywhere (see
#: STRONG_ANYWHERE_MAX_WORDS and STRONG_TRIGGERS).
STRONG_RULES: tuple[tuple[str, str], ...] = (
    # --- anchored at the start of the line -------------------------------
    ("newsletter-pitch",
     r"^(?:sign(?:ing)? up|subscribe|register|join)\b.{0,120}?"
     r"\b(?:newsletters?|inbox|e-?mails?|briefings?|alerts|subscriptions?|digest|"
     r"exclusive|for free|free access|unlimited access)\b"
     r"|^(?:get|receive|enter your e-?mail|don'?t miss|never miss|"
     r"stay (?:up to date|informed|in the know))\b.{0,120}?"
     r"\b(?:newsletters?|inbox|briefings?|digest)\b"),
    ("copyright", r"^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}))"),
    # --- anywhere (prefiltered by STRONG_TRIGGERS) ------------------------
    ("cookie-notice",
     r"\b(?:we|this (?:web ?)?site|our (?:web ?)?sites?|this page) "
     r"(?:uses?|serves?|places?|sets?|stores?) cookies\b"
     r"|\bcookies? (?:policy|settings|preferences)\b"
     r"|\bby (?:continuing to (?:use|browse)|using|clicking|browsing) "
     r"(?:this|our|the) (?:web ?)?site\b.{0,80}\b(?:agree|consent|accept)"),
    ("signup-privacy",
     r"\bsign(?:ing|ed)? up\b.{0,100}\bprivacy (?:policy|notice|statement)\b"
     r"|\bprivacy (?:policy|notice|statement)\b.{0,100}\bsign(?:ing)? up\b"),
    ("inbox", r"\b(?:delivered|sent|straight|directly|direct) to your inbox\b"),
    ("email-form",
     r"\bplease (?:enter|check|provide|type|use) (?:a |your )?(?:valid )?e-?mail\b"
     r"|\bthis field is required\b"),
    ("all-rights-reserved", r"\ball rights? reserved\b"),
    ("copyright", r"©\s*(?:\d{4}|[^\W\d_])|\bcopyright\s*(?:©|\(c\)|\d{4})"),
)

#: Substrings (lower case) of which one must occur in a line for the
#: unanchored strong rules to be tried (a fast prefilter).
STRONG_TRIGGERS: tuple[str, ...] = (
    "cookie", "privacy", "inbox", "mail", "field is required", "reserved", "©",
    "copyright",
)

#: Short rules: whole-line widget labels and imperative prompts, applied to
#: every line of at most SHORT_RULE_MAX_WORDS words (even one ending in a
#: full stop), so they must never match an ordinary sentence.
SHORT_RULES: tuple[tuple[str, str], ...] = (
    ("advertisement",
     r"(?:advertisements?|advertising|advertorial|adverts?|ad|ads|"
     r"sponsored(?: content| links?| stories| by .*)?|"
     r"promoted(?: content| stories| links?)?|paid (?:content|post|partner content)|"
     r"story continues below(?: advertisement)?|continue reading (?:the )?(?:main story|below)|"
     r"scroll (?:down )?(?:to|for) (?:continue|more)\b.*|"
     r"skip (?:ad|advert|to (?:main )?(?:content|navigation|search|footer|article))\b.*|"
     r"report (?:this )?ad|close ad|ad choices|adchoices)\W*$"),
    ("read-more",
     r"(?:click|tap) here\b.*|(?:continue|keep) reading\b.*|read more\b.*"
     r"|(?:read|see|view|show|load) (?:more|less|all|full story|the full story|"
     r"full article|the full article)\W*$"),
    ("comments",
     r"(?:\d+\s+(?:comments?|replies|responses|shares?)"
     r"|comments?(?:\s*\(\d+\))?|discussion|replies|reply"
     r"|(?:show|hide|view|load|read|post|add|leave|write|see|submit)"
     r"(?: (?:a|your|all|the|\d+|more|new|older|newer))? (?:comments?|replies)(?:\s*\(\d+\))?"
     r"|comments? (?:are|have been|is) (?:closed|disabled|turned off|open)"
     r"|be the first to (?:comment|reply).*|join the (?:conversation|discussion|debate)"
     r"|(?:there are )?no comments(?: yet)?|report abuse|comment policy|sort by\b.*"
     r"|cancel reply|notify me\b.*comments?.*|report|flag|upvote|downvote)\W*$"
     r"|(?:leave|post|add|write|submit) (?:a|your) (?:comment|reply)\b.*"),
    ("share-widget",
     r"(?:share (?:this|on|via|article|story|page|post|link)\b.*"
     r"|(?:follow|like|find|join|connect with|subscribe to|listen on)"
     r" (?:us|\S+(?: \S+)?) on (?:" + _SOCIAL + r")\b.*"
     r"|(?:sharing is caring|share|shares)\W*$"
     r"|(?:(?:" + _SOCIAL + r")\b\W*)++$)"),
    ("cookie-button",
     r"(?:accept|allow|reject|decline|manage)(?: all| our| the)? cookies\b.*"),
    ("form-error", r"(?:error|oops)\b\s*[:!.-].*"),
    ("navigation",
     r"(?:home(?: ?page)?|menu|main menu|search(?: icon)?|close|back to top|to top|"
     r"toggle (?:navigation|menu|search)|open (?:menu|navigation|search)|navigation|"
     r"loading\W*|please wait|next|previous|prev|older|newer|"
     r"page \d+(?: of \d+)?|\d+ of \d+|log ?in|log ?out|sign ?in|sign ?out|"
     r"sign up|register|login|my account|account|profile|settings|"
     r"subscribe(?: now| today| here)?|contact(?: us| me)?|about(?: us| me)?|"
     r"careers|jobs|help|faq|sitemap|site map|privacy(?: policy| notice| statement)?|"
     r"terms(?: of (?:use|service))?|terms (?:and|&) conditions|cookies?|accessibility|"
     r"imprint|impressum|newsletters?|rss(?: feeds?)?|podcasts?|videos?|photos?|"
     r"weather|advertise(?: with us)?|corrections|archives?|e-?paper|more|"
     r"all rights reserved|disclaimer|editorial (?:policy|standards)|"
     r"(?:got|have) a (?:news )?tip\??|send (?:us )?a tip|press releases?)\W*$"),
    ("date",
     r"(?:" + _WEEKDAY + r"\s*)?"
     r"(?:" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?"
     r"|\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH + r"(?:,?\s+\d{4})?"
     r"|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|" + _CLOCK + r")"
     r"(?:,?\s*(?:at\s+|-\s*|\|\s*)?" + _CLOCK + r")?\W*$"
     r"|(?:about |updated )?\d+\s*(?:s|sec|secs|seconds?|m|mins?|minutes?|h|hrs?|hours?|"
     r"d|days?|w|wks?|weeks?|mo|months?|y|yrs?|years?) ago(?:\W*$|\s+at\s.*|\s*[|·•].*)"
     r"|\d+ min(?:ute)?s? read\W*$"),
)

#: Label rules: section headers, tag lists, bylines and prompts; applied to
#: lines of at most SHORT_RULE_MAX_WORDS words that are not a sentence of
#: prose (see PROSE_MIN_WORDS).
_HEADER_END = r"(?:\W*$|\s*[:|»›]|\s+[-–—]\s)"
LABEL_RULES: tuple[tuple[str, str], ...] = (
    ("related-header",
     r"(?:related(?: articles?| stories| posts?| content| coverage| news| links?| reading|"
     r" topics| videos?| items?| post)?"
     r"|more (?:stories|articles|news|coverage|like this|to explore|videos?|headlines|"
     r"top stories)"
     r"|you (?:may|might) (?:also )?(?:like|love|enjoy|be interested(?: in)?)"
     r"|you (?:will|would) also (?:like|love|enjoy)"
     r"|(?:also|we) recommend|recommended(?: for you| stories| reading| articles| videos?)?"
     r"|top (?:stories|news|headlines|videos?)|trending(?: now| stories| news| topics)?"
     r"|editor'?s'? (?:picks?|choice)|don'?t miss|must read"
     r"|latest(?: news| stories| articles| headlines| videos?)?"
     r"|popular(?: now| stories| posts| articles)?|further reading"
     r"|around the web|from the web|in other news|also (?:read|see)|see also"
     r"|next (?:story|article|up|post)|previous (?:story|article|post)|up next"
     r"|what to read next|read next|more|recent posts|(?:upcoming|latest|recent) (?:events|posts)"
     r"|what'?s (?:new|hot|trending))" + _HEADER_END +
     r"|more (?:about|from|on|in)\b"
     r"|(?:most|top) (?:read|popular|viewed|shared|commented|emailed)\b"
     r"|popular (?:on|in)\b"),
    ("tags",
     r"(?:tags|tagged(?: with| as| in)?|filed (?:under|in)|keywords|related topics)\b"
     r"|(?:tag|topics?|categor(?:y|ies)|sections?)\s*(?::|$)"),
    ("byline",
     r"(?:by|written by|reporting by|reported by|words by|story by|posted by)\s+\S"
     r"|(?:authors?|editors?|contributors?|columnists?|reporters?)\s*:"),
    ("contact",
     r"(?:contact|e-?mail|write to|reach|message|follow) (?:the )?"
     r"(?:reporters?|authors?|writers?|editors?|editorial|correspondents?|newsroom|"
     r"news ?desk|us|me)\b"),
    ("dateline",
     r"(?:published|updated|posted|last (?:updated|modified)|first published)"
     r"(?:\s*:|\s+(?:on|at)\b|\s+\d|\s+" + _MONTH + r"|\s+" + _WEEKDAY + r"|\W*$)"),
    ("credit",
     r"[(\[]?(?:image|photo|photograph|picture|illustration|video|graphic|source|credit|"
     r"caption|pictured|file photo|photo illustration)s?"
     r"(?: credits?| by| courtesy| copyright| caption| source)?\s*[:|]"
     r"|(?:image|photo|picture)s? (?:copyright|caption|credit|source|courtesy)\b"
     r"|getty(?: images)?\W*$"
     r"|(?=.*(?:getty|shutterstock|istock|photo|reuters|/ap|/afp))"
     r".*\b(?:getty images|shutterstock|istock(?:photo)?|ap photo|afp photo|"
     r"afp via getty|/reuters|reuters/|/ap\b|/afp\b)"),
    ("signup-prompt",
     r"(?:sign(?:ing)? up|subscribe|register|log ?in|sign ?in|"
     r"join (?:us|now|today|our|the (?:club|community))|create (?:an|your|a free) account|"
     r"already (?:a )?(?:member|subscriber|registered)|become a (?:member|subscriber)|"
     r"support (?:us|our journalism|independent journalism))\b.*"
     r"|(?=.*newsletter)(?!.*[.!?…][\"'”’)\]]*$)"  # not on a sentence
     r"(?:.*\b(?:our|your|the|free|daily|weekly) (?:\w+ )?newsletters?\b.*"
     r"|.*\bnewsletters?\s*:?$)"
     r"|(?=.*thank).*\b(?:thanks|thank you) for (?:signing up|subscribing|registering)\b.*"),
    ("utility",
     r"(?:print|email|e-mail|share|save|download|listen|watch|play|pause|"
     r"follow|unfollow|bookmark|copy link)(?: (?:this|the|now|live|article|story|video|"
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
    return re.compile("|".join(parts))


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
    r"(?:[-–—*](?=\s)|[•·▪▸►‣◦●○■□➤→✓✔])\s*"
    r"(?:\d{1,2}(?:[.)]\s*|\s+|(?=[A-Z][a-z])))?"
    r"|\d{1,2}[.)]\s+(?=\S)"
    r"|\(\d{1,2}\)\s+"
)
#: Sentence-final punctuation, optionally followed by closing quotes/brackets.
_SENT_END_RE = re.compile(r"[.!?…。！？؟।][\"'”’»)\]]*\s*$")
#: Any letter (Unicode).
_LETTER_RE = re.compile(r"[^\W\d_]")
#: Link separators of menus and breadcrumbs.
_MENU_SEP_RE = re.compile(r"(?:^|\s)[|»›·•‹«/\\](?=\s|$)|\s[|]|[|]\s")
_MENU_CHAR_RE = re.compile(r"[|»›·•‹«/\\]")
#: E-mail addresses and URLs (on the lower-cased line); prefiltered by
#: _LINK_TRIGGERS.
_EMAIL_OR_URL_RE = re.compile(
    r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b(?:https?://|www\.)\S+"
    r"|(?<![\w-])[\w-]+\.(?:com|org|net)/\S*"
)
_LINK_TRIGGERS = ("@", "://", "www.", ".com/", ".org/", ".net/")
#: Characters of scripts written without spaces between words (Thai, Lao,
#: Khmer, Myanmar, CJK ideographs, kana); two of them count as about a word.
_NOSPACE_SCRIPT_RE = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff]"
)
#: Typographic variants folded before lexicon matching (curly quotes, dashes).
_MATCH_TRANSLATION = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00ad": None,
})
_TYPOGRAPHIC_RE = re.compile(
    "[\u2019\u2018\u201b\u2032\u201c\u201d\u201e\u2010-\u2014\u2212\u00ad]"
)
#: Leading punctuation skipped when testing whether a word is capitalised.
_WORD_LEAD = "\"'“‘«„(¿¡[*"


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
        """A one-sentence paragraph: sentence punctuation and a few words.

        A line ending in a colon (introducing a quote or a list) counts too.
        """
        return self.words >= SENTENCE_MIN_WORDS and (
            self.sent_end or (self.words > SENTENCE_MIN_WORDS and self.text.endswith(":")))

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
    if not line.strip():
        return None
    tokens = unicodedata.normalize("NFKC", line).split()
    if not tokens:  # characters that NFKC maps to white space
        return LineFeatures("", 0, False, False, BAD, "no-letters")
    s = " ".join(tokens)
    m = _LIST_MARKER_RE.match(s)
    list_item = False
    if m is not None and m.end() < len(s):
        list_item = True
        s = s[m.end():].lstrip()
        tokens = s.split()
    n = len(tokens)
    if n and len(s) > 12 * n:  # maybe a script written without spaces
        n += len(_NOSPACE_SCRIPT_RE.findall(s)) // 2
    sent_end = _SENT_END_RE.search(s) is not None
    label, rule = _local_label(s, tokens, n, sent_end)
    return LineFeatures(s, n, sent_end, list_item, label, rule)


def _local_label(s: str, tokens: list[str], n: int, sent_end: bool) -> tuple[str, str]:
    """Label and rule name of a normalised line (see the module docstring)."""
    if _LETTER_RE.search(s) is None:
        return BAD, "no-letters"
    low = s.lower()
    if _TYPOGRAPHIC_RE.search(low) is not None:
        low = low.translate(_MATCH_TRANSLATION)
    m = _STRONG_START_RE.match(low)
    if m is None:
        for trigger in STRONG_TRIGGERS:
            if trigger in low:
                m = _STRONG_ANY_RE.search(low)
                if (m is not None and n > STRONG_ANYWHERE_MAX_WORDS
                        and m.start() > STRONG_LONG_LINE_PREFIX):
                    m = None
                break
    if m is not None:
        return BAD, _rule_name(m)
    if n <= SHORT_RULE_MAX_WORDS:
        m = _SHORT_RE.match(low)
        if m is not None:
            return BAD, _rule_name(m)
        if not (sent_end and n >= PROSE_MIN_WORDS):
            m = _LABEL_RE.match(low)
            if m is not None:
                return BAD, _rule_name(m)
    if _MENU_CHAR_RE.search(s) is not None and not (s[0] == "|" and s[-1] == "|"):
        seps = len(_MENU_SEP_RE.findall(s))
        if seps and ((not sent_end and n <= 20) or (seps >= 2 and n <= 4 * (seps + 1))):
            return BAD, "menu"
    for trigger in _LINK_TRIGGERS:
        if trigger in low:
            links = _EMAIL_OR_URL_RE.findall(low)
            rest = n - len(links)
            if links and (rest < 3 or (rest <= 6 and not sent_end and "@" in low)):
                return BAD, "contact"
            break
    if sent_end and n >= GOOD_MIN_WORDS:
        return GOOD, "prose"
    if n >= GOOD_NOPUNCT_MIN_WORDS and _cap_ratio(tokens) <= GOOD_MAX_CAP_RATIO:
        return GOOD, "prose-nopunct"
    return SHORT, "short"


# --------------------------------------------------------------------------
# Run rules
# --------------------------------------------------------------------------
def _apply_run_rules(feats: Sequence[LineFeatures]) -> tuple[list[str], list[str]]:
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
                            if feats[k].sent_end and feats[k].words >= LIST_SENTENCE_MIN_WORDS)
            words = sum(feats[k].words for k in range(i, j))
            if 2 * sentences < j - i:
                if words >= LIST_HEADLINE_MIN_WORDS * (j - i):  # a sidebar of headlines
                    for k in range(i, j):
                        labels[k] = BAD
                        rules[k] = "list-run"
                # else: a list of short phrases; its items keep their own labels
            else:
                for k in range(i, j):
                    f = feats[k]
                    if labels[k] == SHORT and f.sent_end and f.words >= LIST_SENTENCE_MIN_WORDS:
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
        if len(members) >= NAV_RUN_MIN:
            for k in members:
                labels[k] = BAD
                rules[k] = "nav-run"
        i = j

    return labels, rules


def label_lines(lines: Sequence[str]) -> list[tuple[str, str] | None]:
    """Label each line with the classifier and the run rules (no context).

    Returns one entry per input line: ``(label, rule)`` where label is
    :data:`GOOD`, :data:`BAD` or :data:`SHORT` and rule names the rule that
    decided it, or ``None`` for a blank line.  The lines of a hard-wrapped
    paragraph share its label.  Useful to debug and extend the rules.
    """
    doc = _Document(lines)
    units = doc.units(doc.nonblank)
    run_labels, run_rules = _apply_run_rules([doc.features(u) for u in units])
    out: list[tuple[str, str] | None] = [None] * len(lines)
    for unit, lab, rule in zip(units, run_labels, run_rules):
        for i in unit:
            out[i] = (lab, rule)
    return out


# --------------------------------------------------------------------------
# Context pass
# --------------------------------------------------------------------------
def _context_keep(feats: Sequence[LineFeatures]) -> list[bool]:
    """One context pass over non-blank lines: which of them to keep."""
    n = len(feats)
    labels = _apply_run_rules(feats)[0]
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


class _Document:
    """The lines of one text, with what grouping and the fixpoint loop need."""

    __slots__ = ("lines", "stripped", "nonblank", "_blanks_before", "_cache")

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = lines
        self.stripped = [line.strip() for line in lines]
        self.nonblank = [i for i, s in enumerate(self.stripped) if s]
        blanks = 0
        before = []
        for s in self.stripped:
            before.append(blanks)
            if not s:
                blanks += 1
        self._blanks_before = before
        self._cache: dict[tuple[int, ...], LineFeatures] = {}

    def blank_between(self, a: int, b: int) -> bool:
        """Whether a blank line lies between lines ``a < b``."""
        return self._blanks_before[b] > self._blanks_before[a]

    def units(self, alive: Sequence[int]) -> list[tuple[int, ...]]:
        """Group the surviving non-blank lines into classification units.

        A unit is one line, or the lines of a hard-wrapped paragraph (see
        :data:`MAX_WRAP_WIDTH`).  Grouping only depends on the surviving
        lines, their lengths and whether blank lines separate them, which is
        exactly what :func:`strip_boilerplate` outputs, so the fixpoint of the
        context loop is also a fixpoint of a second call.
        """
        stripped = self.stripped
        width = _wrap_width([len(stripped[i]) for i in alive],
                            {len(stripped[i]) for i in alive if " " in stripped[i]})
        if width is None:
            return [(i,) for i in alive]
        # most of the text must be in lines of at most W characters
        chars = wrapped = 0
        for i in alive:
            n = len(stripped[i])
            chars += n
            if n <= width or " " not in stripped[i]:
                wrapped += n
        if wrapped < WRAP_MIN_TEXT_SHARE * chars:
            return [(i,) for i in alive]
        # pairs of adjacent lines whose first line is full and which do not
        # start a new sentence or a list item on the second line
        full_pairs = []
        for a, b in zip(alive, alive[1:]):
            first, second = stripped[a], stripped[b]
            if ((len(first) <= width or " " not in first)
                    and len(first) + 1 + len(second.split(None, 1)[0]) > width - WRAP_SLACK
                    and not self.blank_between(a, b)
                    and not (second[0].isupper() and _SENT_END_RE.search(first))
                    and _LIST_MARKER_RE.match(second) is None):
                full_pairs.append(b)
        # wrapped prose mostly breaks before a lower-case word; menus do not
        lower = sum(1 for b in full_pairs if stripped[b][0].islower())
        if not full_pairs or 2 * lower < len(full_pairs):
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

    def features(self, unit: tuple[int, ...]) -> LineFeatures:
        """Features of a unit (cached)."""
        f = self._cache.get(unit)
        if f is None:
            if len(unit) == 1:
                f = line_features(self.lines[unit[0]])
            else:
                f = line_features(" ".join(self.stripped[i] for i in unit))
            assert f is not None
            self._cache[unit] = f
        return f


def _wrap_width(lengths: Sequence[int], widths: Iterable[int]) -> int | None:
    """The wrap width of hard-wrapped text, or None.

    ``lengths`` are the lengths of the non-blank lines, ``widths`` the
    candidate widths: the lengths of lines with more than one word (a line
    of one unbreakable word may be longer than the width).  W is the largest
    candidate of at most MAX_WRAP_WIDTH characters such that at least
    WRAP_MIN_SHARE of all lines (and two lines at least) have a length in
    ``[W - WRAP_BAND, W]``.
    """
    need = max(2.0, WRAP_MIN_SHARE * len(lengths))
    ordered = sorted((n for n in lengths if n <= MAX_WRAP_WIDTH), reverse=True)
    if len(ordered) < need:
        return None
    start = end = 0  # ordered[start:end] are the lengths in [W - WRAP_BAND, W]
    for width in sorted((w for w in widths if w <= MAX_WRAP_WIDTH), reverse=True):
        while start < len(ordered) and ordered[start] > width:
            start += 1
        end = max(end, start)
        while end < len(ordered) and ordered[end] >= width - WRAP_BAND:
            end += 1
        if end - start >= need:
            return width
    return None


def _keep_mask(lines: Sequence[str]) -> list[bool]:
    """Fixpoint of grouping, run rules and context pass: lines to keep."""
    doc = _Document(lines)
    alive = doc.nonblank
    while alive:
        units = doc.units(alive)
        keep = _context_keep([doc.features(u) for u in units])
        if all(keep):
            break
        alive = [i for unit, k in zip(units, keep) if k for i in unit]
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
