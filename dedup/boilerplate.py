r"""Line-level boilerplate removal for plain text extracted from news pages.

A scraper that dumps the whole text of a news page hands us the article plus
navigation menus, share/follow widgets, newsletter and cookie banners,
"related stories" sidebars, comment sections and copyright footers.  Those
lines are shared by unrelated articles of one site (false near-duplicate
matches) and differ between copies of one story on different sites (missed
matches), so they are removed before shingling.

:func:`strip_boilerplate` returns the kept lines *verbatim* and in their
original order; it never rewrites, trims or adds text.  Because losing article
text is worse than keeping a stray boilerplate line, the rules err on the side
of keeping: a long line of sentence prose is dropped by the classifier only
when it matches a *strong* pattern (a cookie notice, a newsletter pitch), and
whole regions only when they lie outside the article's main run of prose.
On the article-extraction benchmark's whole-page dumps (181 real pages,
``benchmarks/boilerplate.py``) this takes F1 from 0.665 to about 0.93.

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
   share the decision.  A wrapped story inside a page of short lines (menus,
   teasers) is found the same way among the lines that run on into a
   lower-case line: at least :data:`WRAP_MIN_CONTINUED` of them, half within
   :data:`WRAP_BAND` of a width of at least
   :data:`WRAP_MIN_CONTINUED_WIDTH`.  A blank line, a list marker, or a capital after
   sentence punctuation always starts a new unit.  Below, "line" means unit.

1. **Per-unit classifier** (:func:`line_features`).  Each unit gets a label,
   :data:`GOOD`, :data:`BAD` or :data:`SHORT` (uncertain), and the name of
   the rule that decided it.  Features are computed on a normalised copy of
   the text (NFKC, runs of white space collapsed, leading list marker such
   as "- ", "* ", "• ", "1. ", "2) ", "(3) " or "- 1Glued headline"
   removed); lexicon patterns are matched on its lower-cased form with curly
   quotes and dashes folded to ASCII, so case, non-breaking or repeated
   spaces, full-width forms and smart quotes do not change a decision.  The
   lexicon covers English, German, French, Spanish, Italian, Portuguese and
   Dutch.  The rules, in the order they are tried:

   * ``no-letters`` -> BAD: no letter at all ("[]", "12", "|", "___").
   * **strong lexicon** (:data:`STRONG_RULES`, any line length) -> BAD: at
     the start of a line, sign-up pitches that begin with an imperative and
     mention a newsletter, e-mail, inbox or exclusive access ("Join the
     newsletter!", "Inscrivez-vous à notre newsletter ...", "Schrijf je in
     voor onze nieuwsbrief ..."), and copyright lines ("(c) 2019",
     "Copyright 2019"), and comment titles of any length (``comment-title``:
     a count, "thoughts on" / "responses to" / "Gedanken zu" / "réflexions
     sur" ..., and an opening quote: "10 thoughts on “...”"); anywhere in the
     line: cookie notices ("We use
     cookies ...", "Diese Website verwendet Cookies", "cookie policy"),
     consent notices (a cookie or privacy term, a consent verb and "you" or
     "site": "By using our website you agree to our privacy terms"),
     "... privacy policy ... signing up", and the (c) sign before a year or a
     name.  On a line of more than :data:`STRONG_ANYWHERE_MAX_WORDS` words an
     unanchored match must start within its first
     :data:`STRONG_LONG_LINE_PREFIX` characters.
   * **short lexicon** (:data:`SHORT_RULES`, any line of at most
     :data:`SHORT_RULE_MAX_WORDS` words) -> BAD: whole-line widget labels
     and prompts that are never article text: a newsletter described
     rather than pitched ("Every day we send an email with the top stories
     ...", "We'll deliver the best stories to your inbox"), "Advertisement" / "Anzeige" /
     "Publicité", "Read more" / "Weiterlesen" / "Lire aussi : ...", "Click
     here ...", comment headers ("12 comments", "34 responses to ...",
     "Leave a comment", "Comments are closed", "Kommentar schreiben"),
     comment bylines and widgets (``comment-byline``: "riverfan says:",
     "Jane on November 19, 2019 at 4:47 pm said:", "Rating: 36 Votes";
     ``comment-widget``: "Reply", "Like", "Report"), share and follow
     widgets ("Share on Facebook", "Auf Facebook teilen", "Suivez-nous sur
     ...", lines made only of social-network names), cookie buttons, form
     errors, menu words ("Home", "Startseite", "Mentions légales", "Privacy
     Policy" ...), dates and times ("November 19, 2019 at 11:33 am", "22 de
     janeiro de 2018 às 0:13", "2 days ago", "vor 2 Stunden", "5 min
     read"), "All rights reserved" in any of the languages, "Copyright
     2019", "delivered to your inbox".
   * **label lexicon** (:data:`LABEL_RULES`, lines of at most
     :data:`SHORT_RULE_MAX_WORDS` words that are *not* a sentence of prose,
     i.e. not ending in sentence punctuation with at least
     :data:`PROSE_MIN_WORDS` words) -> BAD: sidebar headers ("Related
     articles", "You may also like", "Das könnte Sie auch interessieren",
     "Más leídas", "More about ..."), tag lists ("Tags ...", "Schlagworte:
     ..."), bylines and contact lines ("By Jane Doe", "Contact reporter Jane
     Doe (jd@example.com)"), "Updated ..." / "Aktualisiert am ..."
     datelines, image credits ("Photo: ...", "... /Getty Images") and
     sign-up / log-in / newsletter prompts.
     Rules that would scan a whole line are only tried when a guard
     substring (a digit for dates, "newsletter" ...) or line ending ("says",
     "votes" ...) is present (see :func:`_guarded`).
   * ``menu`` -> BAD: link separators (``|``, ``»``, ``›``, ``·``, ``•``,
     ``‹``, ``«``, spaced ``/`` or ``\``) in a line of at most 20 words
     without sentence punctuation ("Share | Tweet | Email", "Home » World",
     "Title | Site"), or in any line where they split it into segments of
     at most 4 words on average.  Table rows (``| a | b |``) are exempt.
   * ``contact`` -> BAD: a line that is little more than e-mail addresses
     or URLs (on a line of more than :data:`SHORT_RULE_MAX_WORDS` words,
     only addresses with "@" or "/" count), or a short non-sentence line
     with an e-mail address.
   * ``keywords`` -> BAD: at least :data:`KEYWORDS_MIN_ITEMS`
     comma-separated items in Latin script, no sentence punctuation, no
     digit, no parenthesis and no stop word ("budget news, city council,
     local schools, ...").
   * ``glued-teaser`` -> BAD (lines of at least :data:`GLUED_MIN_WORDS`
     words): a teaser whose headline is glued to its first sentence, seen
     either as a dateline in the middle of the line ("... deemed stateless
     WASHINGTON: Expressing concern ...", "... Reported ST. JOSEPH, Mich.
     (AP) — Michigan ...") or as a Title Case run of at least five words
     with two capitalised function words before the first lower-case word
     ("Customers Leave Without Paying $690 Bill At Troy Steakhouse A party
     of six ...").
   * ``prose`` -> GOOD: at least :data:`GOOD_MIN_WORDS` words ending in
     sentence punctuation (an ellipsis glued to the last word, "... with
     Realtek Bluetooth...", is how teasers and link texts are cut off and
     does not end a sentence anywhere in these rules); ``prose-nopunct`` -> GOOD: at least
     :data:`GOOD_NOPUNCT_MIN_WORDS` words of which at most
     :data:`GOOD_MAX_CAP_RATIO` start with a capital letter (headlines are
     Title Case; a long paragraph may have lost its final full stop) and,
     in Latin script, at least :data:`NOPUNCT_MIN_STOP_RATIO` stop words
     (:data:`STOPWORDS`: the function words of English, German, French,
     Spanish, Italian, Portuguese, Dutch, Swedish, Danish, Polish and
     Indonesian; prose is about a third stop words, keyword soup none).
   * ``short`` -> SHORT: anything else (headlines, deks, subheads,
     one-sentence paragraphs, menu items, captions ...).

   Word counts are "effective": in scripts written without spaces (Chinese,
   Japanese, Thai ...) two characters count as about one word.

2. **Run rules** (:func:`label_lines`), on the sequence of units:

   * ``list-run``: consecutive list items (two or more) form a list.  If at
     least half of the items are sentences (sentence punctuation and
     :data:`LIST_SENTENCE_MIN_WORDS` words) it is a list inside the body and
     its sentence items become GOOD.  Otherwise, if the items average at
     least :data:`LIST_HEADLINE_MIN_WORDS` words and the list is neither
     introduced by a line ending in a colon or an ellipsis nor followed by a
     GOOD unit, it is a sidebar of headlines and every item becomes BAD; any
     other list keeps its labels and is left to the context pass.
   * ``nav-run``: at least :data:`NAV_RUN_MIN` very short uncertain lines
     (at most :data:`VERY_SHORT_MAX_WORDS` words, no sentence punctuation),
     possibly with BAD lines between them, form a menu -> BAD ("Home",
     "World", "Business", "Sport").

3. **Context pass** (:func:`_context_keep`).  Every maximal run of SHORT
   lines is judged by its neighbours; a document edge is neutral:

   * GOOD or an edge on both sides: the run belongs to the body (a short
     paragraph, a subhead, a quote, the headline above the first paragraph,
     a closing line) -> kept.
   * BAD on at least one side:

     - if GOOD follows, walking backwards from the body, one-sentence lines
       are kept, then up to :data:`HEADLINE_MAX_LINES` headline-like lines
       (2 to :data:`HEADLINE_MAX_WORDS` words: the title and dek);
     - if GOOD precedes, walking forwards from the body, one-sentence lines,
       rows of a list or table (2 to :data:`DATA_MAX_WORDS` words with a
       digit or a "key: value": tour dates, specifications) and a line
       ending in a colon that introduces them are kept (a closing one-liner,
       "(Reporting by ...)", the tour dates at the end of a story);
     - everything else in the run is dropped, e.g. a lone "Or" between two
       sign-up prompts, or the rest of a sidebar.

     A one-sentence line has sentence punctuation (or a final colon) and at
     least :data:`SENTENCE_MIN_WORDS` words.
   * A document without any GOOD line promotes its one-sentence lines to
     GOOD first; one made of uncertain lines only is kept whole.

4. **Region pass** (:func:`_region_keep`): the main content is one dense
   run of prose.  The kept units form *regions*: runs of kept units
   separated by dropped ones, where a gap of at most
   :data:`WEAK_GAP_MAX_UNITS` interruptions (:data:`WEAK_GAP_RULES`: an ad
   label, a photo credit, a "Read more: ..." link, a stray number, a dropped
   uncertain line) does not separate.  A region's mass is the words of its
   GOOD units.

   * ``repeat``: outside the first region, a unit of at least
     :data:`REPEAT_MIN_WORDS` words whose first words occur in the earlier
     regions and whose word 4-grams are at least
     :data:`REPEAT_MIN_CONTAINMENT` contained in them (a second copy of the
     story in the page's metadata) is dropped.
   * ``comment-section``: from the first comment header or comment byline
     after the first GOOD unit to the end, everything is dropped, provided
     at least :data:`COMMENT_MIN_BYLINES` comment bylines follow it or the
     heaviest region lies before it (so a "12 comments" count under the
     headline does not end the article) or it is a ``comment-title`` (a
     count and the quoted headline: a comment list always follows).
   * The **main region** is the heaviest region before the comment section;
     when the text starts with a page title ("Headline - Site", a whole-page
     dump's ``<title>``), the heaviest region that reaches past the first
     later line repeating its headline (the ``<h1>``).  Some regions are
     passed over when another one qualifies: a list of cut-off teasers (at
     least :data:`TEASER_MIN_HEADLINES` headline-like lines, as many as its
     prose units, at least half of which end in a glued ellipsis); and,
     after the first article-like region (dense, not teasers, at least
     :data:`CONTINUATION_MIN_UNITS` prose units), any list of teasers and
     anything after a page footer (:data:`FOOTER_RULES`: a copyright line
     that starts with a year or reserves rights).  The article precedes the
     site's footer and its "more stories" feeds, however long those are.
   * After the main region: at the first gap holding a line of
     :data:`HARD_END_RULES` (copyright, all rights reserved, comment
     headers and bylines, cookie and consent notices, keyword lists) the
     article has ended and every later region is dropped (``after-end``).
     A region that reads like a list of teasers (``teasers``: at least
     :data:`TEASER_MIN_HEADLINES` headline-like lines, at least as many as
     its prose units, which average fewer than
     :data:`TEASER_MAX_MEAN_WORDS` words or are mostly cut off) is dropped.  A region after any
     other gap continues the article only if it is dense (at least
     :data:`DENSE_MIN_PROSE_SHARE` of its words in prose units), has at
     least :data:`CONTINUATION_MIN_UNITS` units and follows a gap of at most
     :data:`CONTINUATION_MAX_GAP` units; otherwise it is dropped
     (``after-break``, a bio, a promo, a disclaimer) and so is everything
     after it.
   * Before the main region: teaser lists are dropped, and so is what
     precedes the page title's headline when the main region follows it
     (``before-title``).

   The passes are repeated on the surviving lines until nothing more is
   removed.  The result is a fixpoint (grouping only depends on what
   :func:`strip_boilerplate` outputs: the kept lines and whether blank lines
   separated them; when everything is kept there is a single region), which
   makes ``strip_boilerplate`` idempotent by construction.  So that the time
   stays linear in the text whatever it holds, at most :data:`MAX_PASSES`
   passes are run: real pages need one or two (two at most on the
   development data's 5,456 texts), and a search for texts that need more
   found none needing more than four.  The main region
   is never dropped, so a document with a paragraph of prose is never
   emptied.

Speed
=====
Most lines of an article are long sentences.  A line of more than
:data:`SHORT_RULE_MAX_WORDS` words that ends in sentence punctuation can only
be BAD by a strong rule, the menu or contact rule or the glued-teaser rule,
and each of those needs a cue: a character or word of :data:`_QUICK_CHARS`
/ :data:`_QUICK_WORDS`, a dateline separator, a first word of an anchored
strong rule, five capitalised words at the start.  :func:`_quick_words`
finds the lines with a cue with a few ``str.find`` calls over the whole text
and marks every other such line GOOD without running the classifier (its
features are exactly what :func:`line_features` would compute; the tests
check it).  A text without BAD lines, list items or menu runs is returned
without running the passes, and after a pass that leaves no BAD line, list
item or menu run (and did not change the grouping) the fixpoint is reached
without another pass (:func:`_settled`).  Features of short lines are cached
(bounded), as bylines, widget labels and headlines recur.
:func:`dedup.boilerplate_batch.strip_boilerplate_many` finds the plainly
prose lines of many texts at once, in numpy.

Every step takes time linear in the text, whatever it holds (issue 17: a
line of 40,000 characters of "A: A: ..." took 7.5 s): a line is searched
for a glued dateline once, however many separators it has; the comment-
section scan counts bylines once; the repeat check finds the first words of
many units in the earlier regions with one Aho-Corasick pass
(:func:`_occurring`) once one search per unit would cost more; and at most
:data:`MAX_PASSES` passes are run.  ``tests/test_linear_time.py`` doubles
adversarial texts and counts the operations.

Extending
=========
The rule tables (:data:`STRONG_RULES`, :data:`SHORT_RULES`,
:data:`LABEL_RULES`) are ``(name, pattern)`` or ``(name, guard, pattern)``
tuples joined into one compiled regex per table at import; patterns are
written in lower case, and an unanchored strong rule needs one of its key
words in :data:`STRONG_TRIGGERS` (a cheap prefilter, also used by the fast
path) and an anchored one a first word in ``_STRONG_START_WORD_RE``.
:func:`label_lines` shows which rule labelled each line, and
:func:`explain_lines` which rule decided to keep or drop it.  All thresholds
are module-level constants.  Corpus-level knowledge (lines that recur across
a site's pages) is :class:`dedup.BoilerplateModel`'s job.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import deque
from itertools import accumulate
from typing import Iterable, Sequence

__all__ = [
    "GOOD",
    "BAD",
    "SHORT",
    "STOPWORDS",
    "LineFeatures",
    "line_features",
    "label_lines",
    "explain_lines",
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
#: Anchored strong rules look at most this many characters into a line.
STRONG_START_MAX_CHARS = 300
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
#: A story hard-wrapped inside a page of short lines: at least this many
#: lines run on into a lower-case line, at a width of at least this many
#: characters (see _Document._continued_width).
WRAP_MIN_CONTINUED = 4
WRAP_MIN_CONTINUED_WIDTH = 50
#: A page title's headline needs this many words to anchor the article, and
#: the title line at most TITLE_MAX_CHARS characters.
TITLE_MIN_WORDS = 4
TITLE_MAX_CHARS = 300
#: Glued teasers (a headline glued to its first sentence) have at least
#: this many words; the Title Case run is looked for in the first
#: GLUED_MAX_TITLE_WORDS words.
GLUED_MIN_WORDS = 12
GLUED_MAX_TITLE_WORDS = 20
#: Lines without final punctuation need this share of stop words to be GOOD
#: (lines in scripts without a stop-word list are exempt).
NOPUNCT_MIN_STOP_RATIO = 0.15
#: A line of at least this many comma-separated items, no sentence
#: punctuation and no stop word is a keyword list.
KEYWORDS_MIN_ITEMS = 5
#: Rows of a list or table (dates, prices, "key: value") have at most this
#: many words; after the body they are kept like one-sentence lines.
DATA_MAX_WORDS = 20
#: Repeats: a unit of at least this many words, outside the first region,
#: whose first REPEAT_PREFIX_WORDS words occur in the kept text of earlier
#: regions and whose word 4-grams are at least REPEAT_MIN_CONTAINMENT
#: contained in it repeats it.
REPEAT_MIN_WORDS = 50
REPEAT_MIN_CONTAINMENT = 0.8
REPEAT_PREFIX_WORDS = 6
#: A comment section needs this many comment bylines after its start unless
#: the main block lies before it.
COMMENT_MIN_BYLINES = 2
#: A dense block: at least this share of its words in prose units and at
#: least this many words per unit.
DENSE_MIN_PROSE_SHARE = 0.6
DENSE_MIN_MEAN_WORDS = 20
#: After the main region, past a gap that is more than an interruption, a
#: region continues the article only if it is dense, has at least this many
#: units and the gap at most CONTINUATION_MAX_GAP units.
CONTINUATION_MIN_UNITS = 3
CONTINUATION_MAX_GAP = 15
END_AFTER_BREAK = True
#: A teaser list: at least this many headline-like lines, at least as many
#: as prose units, whose mean length is below TEASER_MAX_MEAN_WORDS.
TEASER_MIN_HEADLINES = 3
TEASER_MAX_MEAN_WORDS = 30
#: At most this many passes (each linear in the text) reach the fixpoint.
MAX_PASSES = 16


# --------------------------------------------------------------------------
# Lexicon.  Patterns are written in lower case and matched (case-sensitively,
# which is several times faster than re.IGNORECASE) against the lower-cased,
# NFKC-normalised line whose leading list marker has been removed.  English
# plus German, French, Spanish, Italian, Portuguese and Dutch.  Strong rules
# that are not anchored with "^" are only tried on lines containing one of
# STRONG_TRIGGERS: a new unanchored strong rule must add its key word there.
# --------------------------------------------------------------------------
_SOCIAL = (
    r"facebook|twitter|x|instagram|linkedin|youtube|tiktok|pinterest|reddit|"
    r"whatsapp|telegram|snapchat|flipboard|tumblr|messenger|mix|digg|"
    r"google\+?|google news|apple news|threads|mastodon|bluesky|vk|weibo|"
    r"wechat|line|xing|rss|e-?mail|mail|sms|print|tweet|pin(?: it)?|"
    r"copy(?: link)?|link|save|comments?|shares?|like|bookmark|more|"
    r"bloglovin|feedly|pocket|skype|viber|pint|"
    r"teilen|drucken|partager|imprimer|compartir|imprimir|condividi|stampa|"
    r"compartilhar|compartilhe|partilhar|delen|deel|afdrukken|baixar|download"
)

#: Characters at the end of a line that a "$" guard looks at.
_GUARD_TAIL = 40
#: Guard of rules that need a digit.
_DIGITS = tuple("0123456789")

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    # de, fr, es, it, pt, nl
    r"januar|februar|märz|mai|juni|juli|oktober|dezember|"
    r"janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|sept?iembre|octubre|noviembre|"
    r"diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|"
    r"janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|"
    r"januari|februari|maart|mei|augustus)\b\.?"
)
_WEEKDAY = (
    r"(?:(?:mon|tue(?:s)?|wed(?:nes)?|thu(?:r(?:s)?)?|fri|sat(?:ur)?|sun)(?:day)?|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"lunes|martes|miércoles|jueves|viernes|sábado|domingo|"
    r"lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|"
    r"segunda|terça|quarta|quinta|sexta(?:-feira)?|(?:segunda|terça|quarta|quinta)-feira|"
    r"maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\b\.?,?"
)
_CLOCK = r"\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+(?:[a-z]{2,5}|uhr))?"
_AT = r"(?:at|um|à|às|a las|alle|om|-|\||,)"
_DATE = (
    r"(?:" + _WEEKDAY + r"\s*)?"
    r"(?:" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?"
    r"|\d{1,2}(?:st|nd|rd|th|\.)?\s+(?:de\s+)?" + _MONTH + r"(?:,?\s+(?:de\s+)?\d{4})?"
    r"|" + _MONTH + r"\s+\d{4}"
    r"|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:t\d{2}:\d{2}(?::\d{2})?(?:[+-]\d{2}:?\d{2}|z)?)?"
    r"|" + _CLOCK + r")"
    r"(?:,?\s*" + _AT + r"?\s*" + _CLOCK + r")?"
)

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
     r"\b(?:newsletters?|inbox|briefings?|digest)\b"
     # de, fr, es, it, pt, nl: "subscribe to our newsletter"
     r"|^(?:jetzt |hier )?(?:abonnieren|abonniere|abonnieren sie|melden sie sich|"
     r"registrieren sie sich|inscrivez-vous|abonnez-vous|recevez|suscr[ií]bete|"
     r"suscr[ií]base|reg[ií]strate|recibe|iscriviti|abbonati|ricevi|assine|inscreva-se|"
     r"cadastre-se|receba|schrijf (?:je|u) in|meld (?:je|u) aan|abonneer)\b.{0,120}?"
     r"\b(?:newsletters?|nieuwsbrief|bolet[ií]n|boletim|lettre d'information|infolettre|"
     r"e-?mails?|posteingang|bo[iî]te (?:mail|de réception)|bandeja de entrada|"
     r"casella di posta|caixa de entrada|inbox)\b"),
    ("copyright", r"^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}))"),
    # WordPress-style comment titles, whatever the length of the quoted
    # headline: "10 thoughts on “...”", "3 Gedanken zu „...“"
    ("comment-title",
     r"^\d+ (?:thoughts?|responses?|replies|reply|comments?|reactions?|gedanken|kommentare?|"
     r"antworten|réflexions?|réponses?|commentaires?|comentarios?|comentários?|respuestas?|"
     r"pensamientos?|pensamentos?|respostas?|pensieri|risposte|commenti|gedachten|reacties|"
     r"reactie) (?:on|to|zu|sur|à|en|sobre|a|em|para|su|a|op|over) [\"'«„‘“]"),
    # --- anywhere (prefiltered by STRONG_TRIGGERS) ------------------------
    ("cookie-notice",
     r"\b(?:we|this (?:web ?)?site|our (?:web ?)?sites?|this page) "
     r"(?:uses?|serves?|places?|sets?|stores?) cookies\b"
     r"|\bcookies? (?:policy|settings|preferences)\b"
     r"|\bby (?:continuing to (?:use|browse)|using|clicking|browsing) "
     r"(?:this|our|the) (?:web ?)?site\b.{0,80}\b(?:agree|consent|accept)"
     # de, fr, es, it, pt, nl
     r"|\b(?:wir|diese (?:web)?seite|diese website|unsere (?:web)?seite|unsere website) "
     r"(?:verwendet|verwenden|nutzt|nutzen|benutzt|benutzen|setzt|setzen)\b.{0,40}\bcookies\b"
     r"|\b(?:nous|ce site|notre site)(?: web)? (?:utilise|utilisons|utilisent)\b.{0,40}"
     r"\bcookies\b"
     r"|\b(?:utilizamos|usamos|este sitio(?: web)? (?:utiliza|usa)|esta (?:web|página) "
     r"(?:utiliza|usa)|este site (?:utiliza|usa)|utilizziamo|usiamo|questo sito "
     r"(?:utilizza|usa))\b.{0,40}\bcookies?\b"
     r"|\b(?:wij|we) gebruiken\b.{0,40}\bcookies\b"
     r"|\bdeze (?:web)?site (?:gebruikt|maakt gebruik van)\b.{0,40}\bcookies\b"
     r"|\b(?:cookie-?richtlinie|cookie-?einstellungen|cookiebeleid|cookie-?instellingen|"
     r"politique (?:relative aux |de |d'utilisation des )cookies|"
     r"pol[ií]tica de cookies|informativa (?:sui )?cookies?)\b"),
    ("consent-notice",
     r"(?:^(?=.*\b(?:cookies?|privacy|privacidad|privacidade|privacybeleid)\b)"
     r"(?=.*\b(?:agree|consent|accept|akzeptier\w*|zustimm\w*|stimmen sie|einverstanden|"
     r"einwilligung|accepte\w*|consent\w*|acept\w*|consiente\w*|accett\w*|acconsent\w*|"
     r"aceit\w*|concord\w*|akkoord|toestemming)\b)"
     r"(?=.*\b(?:you|your|sie|ihre?|vous|votre|usted|voi|você|u|uw|je|jouw|"
     r"site|website|webseite|sitio|sito)\b))"),
    ("signup-privacy",
     r"\bsign(?:ing|ed)? up\b.{0,100}\bprivacy (?:policy|notice|statement)\b"
     r"|\bprivacy (?:policy|notice|statement)\b.{0,100}\bsign(?:ing)? up\b"),
    ("copyright", r"©\s*(?:\d{4}|[^\W\d_])"),
)

#: Substrings (lower case) of which one must occur in a line for the
#: unanchored strong rules to be tried (a fast prefilter).
STRONG_TRIGGERS: tuple[str, ...] = ("cookie", "priva", "©")

#: Short rules: whole-line widget labels and imperative prompts, applied to
#: every line of at most SHORT_RULE_MAX_WORDS words (even one ending in a
#: full stop), so they must never match an ordinary sentence.
SHORT_RULES: tuple[tuple, ...] = (
    # a newsletter described rather than pitched with an imperative
    ("newsletter-pitch", ("send", "deliver", "bring", "mail"),
     r"(?:(?:every|each) (?:day|morning|evening|week|weekday|weekend)|once a (?:day|week)|daily|weekly)?"
     r",? ?we(?:'ll| will)?(?: also)? (?:send|deliver|bring|e-?mail)\b.{0,80}?"
     r"(?:\b(?:newsletters?|inbox|digest|briefing)\b|\be-?mails? (?:with|of|featuring) (?:the|our) "
     r"(?:top|best|latest|biggest|most)\b).*"),
    ("advertisement",
     r"(?:advertisements?|advertising|advertorial|adverts?|ad|ads|"
     r"sponsored(?: content| links?| stories| by .*)?|"
     r"promoted(?: content| stories| links?)?|paid (?:content|post|partner content)|"
     r"story continues below(?: advertisement)?|continue reading (?:the )?(?:main story|below)|"
     r"scroll (?:down )?(?:to|for) (?:continue|more)\b.*|"
     r"skip (?:ad|advert|to (?:main )?(?:content|navigation|search|footer|article))\b.*|"
     r"report (?:this )?ad|close ad|ad choices|adchoices|"
     r"anzeige|werbung|publicité|publicidad|anuncio|pubblicità|publicidade|advertentie|"
     r"(?:advertisement|anzeige|publicité|publicidad|pubblicità|publicidade) [-–—:] .*)\W*$"),
    ("read-more",
     r"(?:click|tap) here\b.*|(?:continue|keep) reading\b.*|read more\b.*"
     r"|(?:read|see|view|show|load) (?:more|less|all|full story|the full story|"
     r"full article|the full article)\W*$"
     r"|(?:weiterlesen|mehr lesen|lesen sie (?:auch|mehr|weiter)|mehr dazu|lire (?:la )?suite|"
     r"(?:à )?lire aussi|en savoir plus|leer más|lee también|seguir leyendo|"
     r"leggi (?:anche|tutto|di più)|continua a leggere|leia (?:mais|também)|saiba mais|"
     r"continue lendo|lees (?:meer|verder|ook))\b.*"),
    ("comment-header",
     r"(?:\[\s*)?\d+\s+(?:comments?|responses?|thoughts?|replies|kommentare?|commentaires?|"
     r"comentarios?|comentários?|commenti|reacties|reactions?)\b.*"
     r"|(?:comments?|kommentare|commentaires|comentarios|comentários|commenti|reacties)"
     r"\s*[(\[]\s*\d+\s*[)\]]\W*$"
     r"|(?:leave|post|add|write|submit) (?:a|your) (?:comment|reply)\b.*"
     r"|(?:show|hide|view|load|read|see)(?: (?:a|your|all|the|\d+|more|new|older|newer))? "
     r"(?:comments?|replies)(?:\s*\(\d+\))?\W*$"
     r"|comments? (?:are|have been|is) (?:closed|disabled|turned off)\W*$"
     r"|be the first to (?:comment|reply).*|join the (?:conversation|discussion|debate)\W*$"
     r"|(?:there are )?no comments(?: yet)?\W*$|reader comments\W*$|comment policy\W*$"
     r"|you must (?:be )?(?:log(?:ged)? in|sign(?:ed)? in|register(?:ed)?) to "
     r"(?:post|leave|write) a comment.*"
     r"|kommentar (?:schreiben|verfassen|abgeben)\W*$|(?:schreiben sie|hinterlasse) "
     r"(?:einen|deinen|ihren) kommentar.*"
     r"|laisser un commentaire.*|(?:deja|escribe|añade) (?:un|tu) comentario.*"
     r"|lascia un commento.*|(?:deixe|escreva) (?:seu|um|o seu) comentário.*"
     r"|(?:plaats|geef) een reactie.*"),
    ("comment-byline",
     ("$", "says", "said", "wrote", "commented", "on", "replied", "vote", "votes", "point",
      "points", "like", "likes", "upvote", "upvotes", "schreibt", "dit", "dice", "scrive", "diz",
      "zegt", "schrieb", "écrit", "escribió", "scritto", "escreveu", "schreef"),
     r"\S+(?: \S+){0,3} (?:says|schreibt|dit|dice|scrive|diz|zegt):?\W*$"
     r"|.{1,60}? (?:on|am|le|el|il|em|op) .{0,40}\d.{0,30} (?:said|says|wrote|schrieb|a écrit|"
     r"escribió|ha scritto|escreveu|schreef):\W*$"
     r"|\S+(?: \S+){0,3} (?:commented|replied|wrote)(?: on)?:?\W*$"
     r"|rating: -?\d+ votes?\W*$|[-+]?\d+ (?:points?|votes?|likes?|upvotes?)\W*$"),
    ("comment-widget",
     r"(?:reply|replies|like|likes|permalink|report|flag|upvote|downvote|antworten|"
     r"répondre|responder|rispondi|reageer|beantwoorden)(?:\W+(?:reply|share|report|like|"
     r"flag|permalink|\d+))*\W*$"),
    ("comments",
     r"(?:\d+\s+(?:comments?|replies|responses)"
     r"|comments?(?:\s*\(\d+\))?|discussion|replies"
     r"|(?:post|add|leave|write|submit)(?: (?:a|your|all|the|\d+|more|new|older|newer))? "
     r"(?:comments?|replies)(?:\s*\(\d+\))?"
     r"|comments? (?:are|have been|is) open"
     r"|report abuse|sort by\b.*"
     r"|cancel reply|notify me\b.*comments?.*|kommentare|commentaires|comentarios|comentários|"
     r"commenti|reacties)\W*$"),
    ("share-widget",
     r"(?:share (?:this|on|via|article|story|page|post|link)\b.*"
     r"|(?:follow|like|find|join|connect with|subscribe to|listen on)"
     r" (?:us|\S+(?: \S+)?) on (?:" + _SOCIAL + r")\b.*"
     r"|(?:sharing is caring|share|shares|\d+ shares?)\W*$"
     r"|(?:(?:" + _SOCIAL + r")\b\W*)++$"
     r"|(?:teilen|artikel teilen|partager|compartir|condividi|compartilhe|compartilhar|"
     r"partilhar|delen|deel) (?:auf|sur|en|su|no|na|op|via|this|dit|ce|este|esta|questo|"
     r"diesen|den|l'article|artikel|articolo|artículo|artigo)\b.*"
     r"|(?:folgen sie uns|folge uns|suivez-nous|síguenos|seguici|siga-nos|volg ons)\b.*"
     r"|(?:auf|bei|sur|en|su|no|na|op) (?:" + _SOCIAL + r") (?:teilen|folgen|partager|compartir|"
     r"condividi|compartilhar|partilhar|delen|volgen)\W*$)"),
    ("cookie-button",
     r"(?:accept|allow|reject|decline|manage)(?: all| our| the)? cookies\b.*"
     r"|(?:alle )?cookies (?:akzeptieren|zulassen|ablehnen)\W*$"
     r"|(?:accepter|refuser|tout accepter|aceptar|rechazar|accetta|rifiuta|aceitar|"
     r"rejeitar|accepteren|weigeren|akzeptieren|ablehnen|zustimmen|einverstanden|j'accepte|"
     r"ok,? (?:i agree|got it)|i agree|got it)(?: (?:tout|todo|tutti|todos|alle|all|les|"
     r"los|i|os))?(?: (?:les |los |i |os )?cookies?)?\W*$"),
    ("all-rights-reserved", ("reserv", "vorbehalten", "réservés", "riservati", "voorbehouden"),
     r".*\b(?:all rights? reserved|todos (?:los derechos|os direitos) reservados|"
     r"alle rechte vorbehalten|tous droits réservés|tutti i diritti riservati|"
     r"alle rechten voorbehouden)\b.*"),
    ("copyright", ("copyright",), r".*\bcopyright\s*(?:©|\(c\)|\d{4}).*"),
    ("inbox", ("inbox",), r".*\b(?:delivered|sent|straight|directly|direct) to your inbox\b.*"),
    ("form-error", r"(?:error|oops|fehler|erreur)\b\s*[:!.-].*"),
    ("email-form", ("mail", "required"),
     r".*\bplease (?:enter|check|provide|type|use) (?:a |your )?(?:valid )?e-?mail\b.*"
     r"|.*\bthis field is required\b.*"),
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
     r"(?:got|have) a (?:news )?tip\??|send (?:us )?a tip|press releases?|"
     # de, fr, es, it, pt, nl
     r"startseite|suche|suchen|kontakt|datenschutz(?:erklärung)?|agb|mediadaten|anmelden|"
     r"abmelden|registrieren|einloggen|mein konto|abonnieren|abo|nach oben|zurück|weiter|"
     r"accueil|rechercher|recherche|mentions légales|nous contacter|connexion|"
     r"se connecter|s'inscrire|mon compte|s'abonner|haut de page|suivant|précédent|"
     r"politique de confidentialité|inicio|buscar|búsqueda|contacto|aviso legal|"
     r"iniciar sesión|registrarse|mi cuenta|suscríbete|volver arriba|siguiente|anterior|"
     r"política de privacidad|cerca|contatti|chi siamo|accedi|registrati|abbonati|"
     r"torna su|successivo|precedente|início|pesquisar|pesquisa|contato|fale conosco|"
     r"quem somos|entrar|cadastre-se|assine|voltar ao topo|próximo|"
     r"política de privacidade|zoeken|over ons|inloggen|registreren|aanmelden|"
     r"mijn account|abonneren|volgende|vorige|naar boven|privacybeleid|voorwaarden)\W*$"),
    ("date", _DIGITS,
     r"(?:" + _DATE + r")\W*$"
     r"|(?:about |updated )?\d+\s*(?:s|sec|secs|seconds?|m|mins?|minutes?|h|hrs?|hours?|"
     r"d|days?|w|wks?|weeks?|mo|months?|y|yrs?|years?) ago(?:\W*$|\s+at\s.*|\s*[|·•].*)"
     r"|\d+ min(?:ute)?s? read\W*$"
     r"|(?:vor|il y a|hace|há) \d+ (?:sekunden|minuten|stunden|tagen|wochen|monaten|"
     r"secondes|minutes|heures?|jours?|semaines?|mois|segundos|minutos|horas?|días?|dias?|"
     r"semanas?|meses)\W*$"
     r"|\d+ (?:minuti|ore|giorni|settimane|mesi) fa\W*$"
     r"|\d+ (?:minuten|uur|dagen|weken|maanden) geleden\W*$"),
)

#: Label rules: section headers, tag lists, bylines and prompts; applied to
#: lines of at most SHORT_RULE_MAX_WORDS words that are not a sentence of
#: prose (see PROSE_MIN_WORDS).
_HEADER_END = r"(?:\W*$|\s*[:|»›]|\s+[-–—]\s)"
LABEL_RULES: tuple[tuple, ...] = (
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
     r"|what'?s (?:new|hot|trending)"
     r"|ähnliche artikel|verwandte artikel|mehr zum thema|das könnte sie auch interessieren|"
     r"auch interessant|meistgelesen(?:e artikel)?|neueste artikel|"
     r"articles similaires|sur le même sujet|vous aimerez aussi|les plus lus|à la une|"
     r"noticias relacionadas|artículos relacionados|te puede interesar|"
     r"también te puede interesar|lo más leído|más leídas|últimas noticias|"
     r"articoli correlati|potrebbe interessarti|ti potrebbe interessare|i più letti|"
     r"notícias relacionadas|artigos relacionados|veja também|você pode gostar|mais lidas|"
     r"últimas notícias|gerelateerde artikelen|meest gelezen|bekijk ook|lees ook)"
     + _HEADER_END +
     r"|more (?:about|from|on|in)\b"
     r"|(?:most|top) (?:read|popular|viewed|shared|commented|emailed)\b"
     r"|popular (?:on|in)\b|mehr (?:zu|über|aus|von)\b|plus (?:de|d')\b|más (?:de|sobre)\b"
     r"|altro (?:su|da)\b|mais (?:sobre|de)\b|meer (?:over|van)\b"),
    ("tags",
     r"(?:tags|tagged(?: with| as| in)?|filed (?:under|in)|keywords|related topics|"
     r"schlagwörter|schlagworte|stichwörter|mots-clés|mots clés|etiquetas|palabras clave|"
     r"etichette|parole chiave|palavras-chave|trefwoorden)\b"
     r"|(?:tag|topics?|categor(?:y|ies)|sections?|themen|thema|thèmes?|rubriques?|temas?|"
     r"categorías?|argomenti|categorie|categorias?|onderwerpen|rubriek)\s*(?::|$)"),
    ("byline",
     r"(?:by|written by|reporting by|reported by|words by|story by|posted by)\s+\S"
     r"|(?:authors?|editors?|contributors?|columnists?|reporters?|autor(?:in|en)?|auteurs?|"
     r"autores?|autori|redactie|redaktion|rédaction|redacción|redazione|redação)\s*:"),
    ("contact",
     r"(?:contact|e-?mail|write to|reach|message|follow) (?:the )?"
     r"(?:reporters?|authors?|writers?|editors?|editorial|correspondents?|newsroom|"
     r"news ?desk|us|me)\b"),
    ("dateline",
     r"(?:published|updated|posted|last (?:updated|modified)|first published|"
     r"veröffentlicht|aktualisiert|erstellt|publié|mis à jour|modifié|publicado|"
     r"actualizado|pubblicato|aggiornato|atualizado|gepubliceerd|bijgewerkt)"
     r"(?:\s*:|\s+(?:on|at|am|um|le|à|el|a las|il|alle|em|às|op|om)\b|\s+\d|\s+" + _MONTH +
     r"|\s+" + _WEEKDAY + r"|\W*$)"),
    ("credit",
     r"[(\[]?(?:image|photo|photograph|picture|illustration|video|graphic|source|credit|"
     r"caption|pictured|file photo|photo illustration|foto|bild|quelle|crédit|fuente|fonte)s?"
     r"(?: credits?| by| courtesy| copyright| caption| source)?\s*[:|]"
     r"|(?:image|photo|picture)s? (?:copyright|caption|credit|source|courtesy)\b"
     r"|getty(?: images)?\W*$"),
    ("credit", ("getty", "shutterstock", "istock", "ap photo", "afp photo", "reuters", "/ap",
                "/afp", "/dpa", "picture alliance"),
     r".*\b(?:getty images|shutterstock|istock(?:photo)?|ap photo|afp photo|"
     r"afp via getty|/reuters|reuters/|/ap\b|/afp\b|/dpa\b|picture alliance)"),
    ("signup-prompt",
     r"(?:sign(?:ing)? up|subscribe|register|log ?in|sign ?in|"
     r"join (?:us|now|today|our|the (?:club|community))|create (?:an|your|a free) account|"
     r"already (?:a )?(?:member|subscriber|registered)|become a (?:member|subscriber)|"
     r"support (?:us|our journalism|independent journalism)|"
     r"jetzt (?:abonnieren|anmelden|registrieren|testen|lesen)|abonnieren sie|"
     r"abonnez-vous|inscrivez-vous|suscr[ií]bete|iscriviti|abbonati|assine|inscreva-se|"
     r"schrijf (?:je|u) in|abonneer)\b.*"),
    ("signup-prompt", ("newsletter", "nieuwsbrief", "bolet", "thank"),
     r"(?!.*[.!?…][\"'”’)\]]*$)"  # not on a sentence
     r"(?:.*\b(?:our|your|the|free|daily|weekly|unser\w*|notre|nuestro|nostra|nossa|onze)"
     r" (?:\w+ )?(?:newsletters?|nieuwsbrief|bolet[ií]n)\b.*"
     r"|.*\b(?:newsletters?|nieuwsbrief|bolet[ií]n)\s*:?$)"
     r"|.*\b(?:thanks|thank you) for (?:signing up|subscribing|registering)\b.*"),
    ("utility",
     r"(?:print|email|e-mail|share|save|download|listen|watch|play|pause|"
     r"follow|unfollow|bookmark|copy link|drucken|imprimer|imprimir|stampa|afdrukken|"
     r"anhören|écouter|escuchar|ascolta|ouvir|luisteren)(?: (?:this|the|now|live|article|story|"
     r"video|audio|page|post))*\W*$"),
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


_RULE_NAMES: dict[re.Pattern[str], list[str]] = {}


def _rule_name(match: re.Match[str]) -> str:
    """The rule name of the group that matched (see :func:`_compile_rules`)."""
    names = _RULE_NAMES.get(match.re)
    if names is None:
        names = ["?"] * (match.re.groups + 1)
        for group, index in match.re.groupindex.items():
            names[index] = group.rsplit("__", 1)[0].replace("_", "-")
        _RULE_NAMES[match.re] = names
    return names[match.lastindex or 0]


def _guarded(rules: Iterable[tuple]) -> tuple:
    """One regex of the unguarded rules, and the guarded ones with their guards.

    A rule ``(name, guard, pattern)`` is only tried on a line that passes
    its guard: a cheap filter for patterns that would otherwise scan the
    whole line.  ``guard`` is :data:`_DIGITS` (the line has a digit), or
    ``("$", word, ...)`` (the line's last word, punctuation stripped, is one
    of the words), or substrings of which the line must contain one.

    Also returned: one regex finding any substring guard, and the guarded
    rules without substring guards (in order), which are all that can match
    a line in which that regex finds nothing.
    """
    rules = list(rules)
    plain = _compile_rules((r[0], r[-1]) for r in rules if len(r) == 2)
    guarded = []
    for r in rules:
        if len(r) == 3:
            guard = r[1]
            if guard == _DIGITS:
                kind: object = "digit"
            elif guard[0] == "$":
                kind = frozenset(guard[1:])
            else:
                kind = tuple(guard)
            guarded.append((kind, _compile_rules([(r[0], r[2])])))
    substrings = sorted({g for kind, _ in guarded if kind.__class__ is tuple for g in kind},
                        key=lambda g: (-len(g), g))
    any_substring = re.compile("|".join(map(re.escape, substrings))) if substrings else None
    unsubstring = tuple(rule for rule in guarded if rule[0].__class__ is not tuple)
    return plain, tuple(guarded), any_substring, unsubstring


def _match_rules(table: tuple, low: str) -> re.Match[str] | None:
    """The first rule of a :func:`_guarded` table that matches ``low`` at its start."""
    plain, guarded, any_substring, unsubstring = table
    m = plain.match(low)
    if m is not None:
        return m
    if any_substring is not None and any_substring.search(low) is None:
        guarded = unsubstring  # no substring guard can pass
    last = None
    for kind, pattern in guarded:
        if kind.__class__ is tuple:  # substrings
            for g in kind:
                if g in low:
                    break
            else:
                continue
        elif kind == "digit":
            if _DIGIT_RE.search(low) is None:
                continue
        else:
            if last is None:
                last = low.rsplit(None, 1)[-1].strip(_WORD_PUNCT) if low else ""
            if last not in kind:
                continue
        m = pattern.match(low)
        if m is not None:
            return m
    return None


_STRONG_START_RE = _compile_rules((n, p) for n, p in STRONG_RULES if p.startswith("^"))
_STRONG_ANY_RE = _compile_rules((n, p) for n, p in STRONG_RULES if not p.startswith("^"))
_SHORT_RULES = _guarded(SHORT_RULES)
_LABEL_RULES = _guarded(LABEL_RULES)

# --------------------------------------------------------------------------
# Stop words: the most frequent function words of each language.  A line of
# prose is about a third stop words in any of these languages; a list of
# names, tags or links has almost none.  Used through STOPWORDS (the union).
# --------------------------------------------------------------------------
STOPWORDS_BY_LANGUAGE: dict[str, frozenset[str]] = {lang: frozenset(words.split()) for lang, words in {
    "en": "a about after against all also am an and any are as at be because been before being "
          "between both but by can could did do does doing down during each few for from further "
          "had has have having he her here hers him his how i if in into is it its just me more "
          "most my no nor not now of off on once only or other our out over own same she should "
          "so some such than that the their them then there these they this those through to too "
          "under until up very was we were what when where which while who whom why will with "
          "would you your",
    "de": "aber alle allem allen aller alles als also am an andere anderen auch auf aus bei bin "
          "bis bist da damit dann das dass dem den denn der des dich die dies diese diesem diesen "
          "dieser dieses dir doch dort du durch ein eine einem einen einer eines er es etwas euch "
          "für gegen habe haben hat hatte ich ihm ihn ihnen ihr ihre ihrem ihren ihrer im in ins "
          "ist jede jeden jeder jetzt kann kein keine können man mein meine mich mir mit muss "
          "nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner sich "
          "sie sind so soll sollte sondern um und uns unser unsere unter viel vom von vor war "
          "waren warum was weil welche wenn wer werden wie wieder wir wird wo wurde wurden zu "
          "zum zur zwischen über",
    "fr": "au aux avec ce ces cette dans de des du elle elles en et eux il ils je la le les "
          "leur leurs lui ma mais me même mes moi mon ne nos notre nous on ou où par pas pour "
          "qu que qui sa se ses son sont sur ta te tes toi ton tu un une vos votre vous c d j l "
          "à m n s t y été être avoir ai est était ont fait plus comme tout aussi bien après "
          "avant entre sans sous depuis donc encore",
    "es": "a al algo algunos ante antes como con contra cual cuando de del desde donde durante "
          "e el ella ellas ellos en entre era es esa esas ese eso esos esta estaba estas este "
          "esto estos fue fueron ha han hasta hay la las le les lo los más me mi mientras muy "
          "nada ni no nos o otra otras otro otros para pero poco por porque que quien se sea ser "
          "si sido sin sobre su sus también te tiene todo todos tu un una uno unos y ya yo",
    "it": "a ad al alla alle agli ai anche c che chi ci come con contro cui da dai dal dalla "
          "dalle degli dei del della delle di dopo e ed era essere gli ha hanno ho i il in io la "
          "le lei lo loro lui ma mi molto ne negli nei nel nella nelle noi non o per perché più "
          "poi quale quando quella quelle quello questa queste questo se sei senza si sia sono "
          "su sua sue sui sul sulla suo suoi tra tutti tutto un una uno vi è",
    "pt": "a ao aos as até com como da das de dela dele deles depois do dos e ela elas ele eles "
          "em entre era essa essas esse esses esta este eu foi foram há isso isto já lhe mais "
          "mas me mesmo meu minha muito na nas não nem no nos nós o os ou para pela pelas pelo "
          "pelos por qual quando que quem se sem ser seu seus só sua suas também te tem ter um "
          "uma você é à às está estão",
    "nl": "aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen "
          "door dus een eens en er geen geweest haar had heb hebben heeft hem het hier hij hoe "
          "hun iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar "
          "niet niets nog nu of om omdat ons ook op over te tegen toch toen tot u uit uw van "
          "veel voor want waren was wat we wel werd wie wil worden wordt zal ze zei zelf zich "
          "zij zijn zo zonder zou",
    "sv": "att av de den det där efter en ett för från har hon här i inte jag kan med men mot "
          "när och om på sig sin som till under upp ut var vi vid är",
    "da": "af at blev da de dem den der det efter en er et for fra har hun hvor i ikke jeg kan "
          "med men mod når og om på sig sin som til ud var vi ved",
    "pl": "a ale bo być by był była było co czy dla do go i ich innych jak jest jego jej już "
          "ma mu na nie nich od o oraz po pod przez przy się są tak także te tego tej to w we z "
          "za że",
    "id": "ada adalah akan atau bahwa bisa dalam dan dari dengan di ini itu juga ke karena "
          "kepada lebih oleh pada para saat sebagai sudah tidak untuk yang",
}.items()}
#: Union of all stop-word lists.
STOPWORDS: frozenset[str] = frozenset().union(*STOPWORDS_BY_LANGUAGE.values())

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
_SENT_END_CHARS = frozenset(".!?…。！？؟।")


def _truncated(t: str) -> bool:
    """Whether ``t`` (closing quotes and brackets removed) ends in an
    ellipsis glued to a word ("... with Realtek Bluetooth...") or in an
    excerpt's bracketed one ("... the number of players [..."): that is how
    teasers and link texts are cut, so it is not a sentence end."""
    if t.endswith("…"):
        k = len(t) - 2
    elif t.endswith("..."):
        k = len(t) - 4
    else:
        return False
    return k >= 0 and (t[k].isalnum() or t[k] == "[")
_CLOSERS = "\"'”’»)]"
#: Any letter (Unicode).
_LETTER_RE = re.compile(r"[^\W\d_]")
_FOOTER_RE = re.compile(r"^(?:©|\(c\)|copyright)\s*(?:©|\(c\))?\s*(?:19|20)\d\d\b|\brights reserved\b",
                        re.IGNORECASE)
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
_LINK_TRIGGER_RE = re.compile("|".join(re.escape(t) for t in _LINK_TRIGGERS))
#: Characters of scripts written without spaces between words (Thai, Lao,
#: Khmer, Myanmar, CJK ideographs, kana); two of them count as about a word.
_NOSPACE_SCRIPT_RE = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff]"
)
#: Letters of scripts with case and a stop-word list (Latin): the stop-word
#: and capitalisation features only apply to lines written in them.
_LATIN_RE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]")
#: Typographic variants folded before lexicon matching (curly quotes, dashes).
_MATCH_TRANSLATION = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00ad": None,
})
_TYPOGRAPHIC_PAIRS = tuple((chr(k), v or "") for k, v in _MATCH_TRANSLATION.items())


def _fold_typography(text: str) -> str:
    """``text.translate(_MATCH_TRANSLATION)``, faster for the usual case of
    few such characters (str.translate is slow on non-ASCII strings)."""
    for char, repl in _TYPOGRAPHIC_PAIRS:
        if char in text:
            text = text.replace(char, repl)
    return text


_TYPOGRAPHIC_RE = re.compile(
    "[\u2019\u2018\u201b\u2032\u201c\u201d\u201e\u2010-\u2014\u2212\u00ad]"
)
#: Leading punctuation skipped when testing whether a word is capitalised.
_WORD_LEAD = "\"'“‘«„(¿¡[*"
#: Punctuation stripped from a word before the stop-word lookup.
_WORD_PUNCT = "\"'“”‘’«»„()[]{}¿¡*.,;:!?…-–—/"
#: A dateline in the middle of a line ("... deemed stateless WASHINGTON:
#: Expressing concern ...", "... Reported ST. JOSEPH, Mich. (AP) — Michigan
#: ..."): a teaser whose headline is glued to its first sentence.
_GLUED_DATELINE_RE = re.compile(
    r"[A-Z](?<=[a-z0-9'’\")\]] [A-Z])[A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}(?<=[A-Z.'’-]{3})"
    r"(?:, [A-Z][\w.]+(?: [A-Z][\w.]+)?)?"
    r"(?: \((?:AP|AFP|Reuters|IANS|PTI|UPI|dpa|ANI|CNN)\))?(?<=[A-Z.'’)-]) ?[:—–] (?=[A-Z“\"])"
)
#: English function words that Title Case capitalises ("Leave Without
#: Paying $690 Bill At Troy Steakhouse"); in a sentence they are lower case.
_TITLE_FUNCTION_WORDS = frozenset(
    "about above after against among amid and are as at be been before by can could did for "
    "from has have in into is its near of off on onto or out over than to up upon via was "
    "were will with within without would".split())
#: A data line: a date, a number, a price, a score ("June 9 -- Tampa, FL",
#: "Weight: 1.2 kg").
_DIGIT_RE = re.compile(r"\d")


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

    def __init__(self, text: str, words: int, sent_end: bool, list_item: bool,
                 label: str, rule: str) -> None:
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

    @property
    def data_like(self) -> bool:
        """A row of a list or table: a few words with a number or a "key: value"."""
        return (2 <= self.words <= DATA_MAX_WORDS
                and (_DIGIT_RE.search(self.text) is not None or ": " in self.text))

    @property
    def stop_ratio(self) -> float:
        """Share of the words that are stop words (:data:`STOPWORDS`)."""
        if self._stop is None:
            self._stop = _stop_ratio(self.text)
        return self._stop

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return (f"LineFeatures({self.label!r}, rule={self.rule!r}, words={self.words}, "
                f"text={self.text[:40]!r})")


def _stop_ratio(text: str) -> float:
    """Share of stop words among the words of ``text`` (0.0 without words)."""
    words = text.lower().split()
    if not words:
        return 0.0
    hits = 0
    for w in words:
        if w in STOPWORDS or w.strip(_WORD_PUNCT) in STOPWORDS:
            hits += 1
    return hits / len(words)


def _glued_teaser(s: str, tokens: list[str]) -> bool:
    """A headline glued to the first sentence of its story (a teaser).

    Either a dateline in the middle of the line, or a Title Case run at its
    start with at least two capitalised function words ("Customers Leave
    Without Paying $690 Bill At Troy Steakhouse A party of six left ...").
    """
    if (":" in s or "—" in s or "–" in s) and _GLUED_DATELINE_RE.search(s, 12) is not None:
        return True
    return _title_run(tokens, len(tokens))


def _title_run(tokens: Sequence[str], n: int) -> bool:
    """Whether the first of ``n`` words (``tokens`` holds at least the first
    GLUED_MAX_TITLE_WORDS) are a Title Case headline glued to a sentence."""
    caps = 0
    for k, w in enumerate(tokens[:GLUED_MAX_TITLE_WORDS]):
        w = w.lstrip(_WORD_LEAD)
        if not w or not w[0].isalpha():
            continue
        if w[0].islower():
            return caps >= 2 and k >= 5 and k < n - 3
        if k and w.lower().rstrip(",:;") in _TITLE_FUNCTION_WORDS:
            caps += 1
    return False


def _cap_ratio(words: list[str]) -> float:
    """Share of words whose first letter is upper case."""
    caps = 0
    for w in words:
        w = w.lstrip(_WORD_LEAD)
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


def line_features(line: str) -> LineFeatures | None:
    """Compute the features and local label of one line (None if blank).

    The label ignores the neighbouring lines; see the module docstring for
    the rules, in the order they are tried.
    """
    return _cached_features(line, False)


def _cached_features(line: str, cue_free: bool) -> LineFeatures | None:
    """:func:`line_features`, through the cache; ``cue_free``: the line is known
    to hold none of :data:`_QUICK_CHARS` and :data:`_QUICK_WORDS`."""
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
    """:func:`line_features` without the cache.  With ``cue_free`` the rules
    that need a character or word of :data:`_QUICK_CHARS` /
    :data:`_QUICK_WORDS` (unanchored strong rules, menu, contact) are
    skipped: they cannot apply, so the result is the same."""
    if not line.strip():
        return None
    tokens = (line if line.isascii() else unicodedata.normalize("NFKC", line)).split()
    if not tokens:  # characters that NFKC maps to white space
        return LineFeatures("", 0, False, False, BAD, "no-letters")
    s = " ".join(tokens)
    m = _LIST_MARKER_RE.match(s) if s[0] in _MARKER_STARTS or s[0].isdigit() else None
    list_item = False
    if m is not None and m.end() < len(s):
        list_item = True
        s = s[m.end():].lstrip()
        tokens = s.split()
    n = len(tokens)
    if n and len(s) > 12 * n:  # maybe a script written without spaces
        n += len(_NOSPACE_SCRIPT_RE.findall(s)) // 2
    t = s.rstrip(_CLOSERS)
    sent_end = bool(t) and t[-1] in _SENT_END_CHARS and not _truncated(t)
    f = LineFeatures(s, n, sent_end, list_item, SHORT, "short")
    f.label, f.rule = _local_label(f, tokens, cue_free)
    return f


def _local_label(f: LineFeatures, tokens: list[str], cue_free: bool = False) -> tuple[str, str]:
    """Label and rule name of a normalised line (see the module docstring)."""
    s, n, sent_end = f.text, f.words, f.sent_end
    if not s[0].isalpha() and _LETTER_RE.search(s) is None:
        return BAD, "no-letters"
    low = s.lower()
    if not low.isascii():
        low = _fold_typography(low)
    m = _STRONG_START_RE.match(low)
    if m is None and not cue_free and any(trigger in low for trigger in STRONG_TRIGGERS):
        m = _STRONG_ANY_RE.search(low)
        if m is not None and n > STRONG_ANYWHERE_MAX_WORDS and m.start() > STRONG_LONG_LINE_PREFIX:
            m = None
    if m is not None:
        return BAD, _rule_name(m)
    if n <= SHORT_RULE_MAX_WORDS:
        m = _match_rules(_SHORT_RULES, low)
        if m is not None:
            return BAD, _rule_name(m)
        if not (sent_end and n >= PROSE_MIN_WORDS):
            m = _match_rules(_LABEL_RULES, low)
            if m is not None:
                return BAD, _rule_name(m)
    if cue_free:
        pass
    elif _MENU_CHAR_RE.search(s) is not None and not (s[0] == "|" and s[-1] == "|"):
        seps = len(_MENU_SEP_RE.findall(s))
        if seps and ((not sent_end and n <= 20) or (seps >= 2 and n <= 4 * (seps + 1))):
            return BAD, "menu"
    if not cue_free and _LINK_TRIGGER_RE.search(low) is not None and (
            n <= SHORT_RULE_MAX_WORDS or "@" in low or "/" in low):
        links = _EMAIL_OR_URL_RE.findall(low)
        rest = n - len(links)
        if links and (rest < 3 or (rest <= 6 and not sent_end and "@" in low)):
            return BAD, "contact"
    if not sent_end and n >= KEYWORDS_MIN_ITEMS and s.count(",") + 1 >= KEYWORDS_MIN_ITEMS:
        # "tag one, tag two, tag three, ...": a keyword list has no stop word
        if (_LATIN_RE.search(s) is not None and "(" not in s
                and _DIGIT_RE.search(s) is None and f.stop_ratio == 0.0):
            return BAD, "keywords"
    if n >= GLUED_MIN_WORDS and _glued_teaser(s, tokens):
        return BAD, "glued-teaser"
    if sent_end and n >= GOOD_MIN_WORDS:
        return GOOD, "prose"
    if n >= GOOD_NOPUNCT_MIN_WORDS and _cap_ratio(tokens) <= GOOD_MAX_CAP_RATIO:
        if _LATIN_RE.search(s) is None or f.stop_ratio >= NOPUNCT_MIN_STOP_RATIO:
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
            # a list introduced by a colon, or followed by prose, is in the body
            embedded = ((i > 0 and feats[i - 1].text.endswith((":", "…", "...")))
                        or (j < n and labels[j] == GOOD))
            if 2 * sentences < j - i:
                if not embedded and words >= LIST_HEADLINE_MIN_WORDS * (j - i):  # a sidebar
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


# --------------------------------------------------------------------------
# Context pass
# --------------------------------------------------------------------------
def _context_keep(feats: Sequence[LineFeatures], labels: list[str],
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
                while k >= i and heads < HEADLINE_MAX_LINES and feats[k].headline_like:
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


# --------------------------------------------------------------------------
# Region pass
# --------------------------------------------------------------------------
#: Rules whose lines start a comment section.
_COMMENT_START_RULES = frozenset({"comment-header", "comment-title", "comment-byline"})
#: Rules of lines that end an article: nothing after them is article text
#: (footers, tag lists, sidebars of headlines, comment sections).
HARD_END_RULES = frozenset({
    "copyright", "all-rights-reserved", "comment-header", "comment-title", "comment-byline",
    "cookie-notice", "consent-notice", "cookie-button", "keywords",
})
#: Rules of page-footer lines: the main text precedes one that starts with
#: a year or reserves rights ("© 2019 CBS Interactive Inc. All Rights
#: Reserved.", not the photo credit "© Lucy Nicholson Detainees ...") when a
#: region of at least CONTINUATION_MIN_UNITS prose units does.
FOOTER_RULES = frozenset({"copyright", "all-rights-reserved"})
#: Rules of lines that interrupt an article without ending it (an ad label,
#: a photo credit, a "Read more: ..." link, a stray number, a dropped
#: uncertain line); at most WEAK_GAP_MAX_UNITS of them.
WEAK_GAP_RULES = frozenset({
    "advertisement", "credit", "no-letters", "contact", "read-more", "context", "repeat",
})
WEAK_GAP_MAX_UNITS = 3


class _Region:
    """Kept units separated only by weak gaps, with their statistics."""

    __slots__ = ("units", "gap", "count", "prose", "words", "goods", "heads", "cuts")

    def __init__(self, gap: list[int]) -> None:
        self.units: list[int] = []  # kept units, and dropped ones inside the region
        self.gap = gap  # dropped units before the region
        self.count = self.prose = self.words = self.goods = self.heads = self.cuts = 0

    def count_unit(self, f: LineFeatures, label: str, listed: bool = False) -> None:
        """Count a kept unit of the region in the statistics; ``listed``: an
        item of a list introduced by a colon."""
        self.count += 1
        self.words += f.words
        if label == GOOD:
            self.prose += f.words
            self.goods += 1
            if _truncated(f.text.rstrip(_CLOSERS)):
                self.cuts += 1
        elif not listed and _headline_like(f):
            self.heads += 1

    def remove(self, f: LineFeatures, label: str) -> None:
        """Take a unit's counts out of the statistics (its index stays)."""
        self.count -= 1
        self.words -= f.words
        if label == GOOD:
            self.prose -= f.words
            self.goods -= 1
            if _truncated(f.text.rstrip(_CLOSERS)):
                self.cuts -= 1
        elif _headline_like(f):
            self.heads -= 1

    def dense(self) -> bool:
        """Reads like article text: mostly prose units."""
        return self.prose >= DENSE_MIN_PROSE_SHARE * self.words

    def teasers(self) -> bool:
        """A list of teasers: as many headlines as short prose blurbs, or
        :meth:`cut_teasers`."""
        return (self.heads >= TEASER_MIN_HEADLINES and self.heads >= self.goods
                and self.prose < TEASER_MAX_MEAN_WORDS * max(self.goods, 1)) or self.cut_teasers()

    def cut_teasers(self) -> bool:
        """A list of teasers whose blurbs are cut off: as many headlines as
        prose units, at least half of which end in a glued ellipsis."""
        return (self.heads >= TEASER_MIN_HEADLINES and self.heads >= self.goods
                and self.cuts > 0 and 2 * self.cuts >= self.goods)


def _headline_like(f: LineFeatures) -> bool:
    """A headline of a teaser: a few words with letters, no final punctuation."""
    if f.sent_end or not 3 <= f.words <= HEADLINE_MAX_WORDS or f.text.endswith(":"):
        return False
    digits = sum(1 for w in f.text.split() if _DIGIT_RE.search(w))
    return 3 * digits < f.words


def _region_keep(feats: Sequence[LineFeatures], labels: Sequence[str], rules: Sequence[str],
                 keep: list[bool], reasons: list[str], first: int = 0) -> None:
    """The main-content pass (see the module docstring), in place on ``keep``.

    ``first`` is the first unit after the page title's headline (0 if the
    text has no title line): the main region starts there if it can.
    """
    n = len(feats)
    # 1. regions: kept units separated by weak gaps at most
    regions: list[_Region] = []
    gap: list[int] = []
    for i in range(n):
        if not keep[i]:
            gap.append(i)
            continue
        if not regions or (gap and not (len(gap) <= WEAK_GAP_MAX_UNITS
                                        and all(reasons[k] in WEAK_GAP_RULES for k in gap))):
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
            if rule == "comment-title" or bylines >= COMMENT_MIN_BYLINES or main_all <= last_before:
                end = last_before + 1
                break
        if rule == "comment-byline":
            bylines -= 1
    candidates = [b for b in range(end) if regions[b].units[-1] >= first and masses[b]]
    articles = [b for b in candidates if not regions[b].cut_teasers()]
    candidates = articles or candidates  # cut blurbs are the main text only of a list page
    # after an article-like region, a page footer (copyright line) ends the
    # article and a list of teasers is not the article
    first_article = next((b for b in candidates if regions[b].goods >= CONTINUATION_MIN_UNITS
                          and regions[b].dense() and not regions[b].teasers()), end)
    for b in range(first_article + 1, end):
        if any(reasons[k] in FOOTER_RULES and _FOOTER_RE.search(feats[k].text) is not None
               for k in regions[b].gap):
            candidates = [a for a in candidates if a < b]
            break
    candidates = [b for b in candidates if b <= first_article or not regions[b].teasers()]
    main = max(candidates or range(end), key=masses.__getitem__)

    drop: dict[int, str] = {}
    for b in range(end, len(regions)):
        drop[b] = "comment-section"
    # 3. after the main region: the article ends at the first footer-type line
    ended = False
    for b in range(main + 1, end):
        region = regions[b]
        if not region.count:
            continue  # all repeats
        gap_rules = {reasons[k] for k in region.gap}
        if gap_rules & HARD_END_RULES:
            ended = True
        if ended:
            drop[b] = "after-end"
        elif region.teasers():
            drop[b] = "teasers"
        elif not (region.dense() and region.count >= CONTINUATION_MIN_UNITS
                  and len(region.gap) <= CONTINUATION_MAX_GAP):
            drop[b] = "after-break"
            if END_AFTER_BREAK:
                ended = True
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


def _drop_repeats(regions: Sequence[_Region], feats: Sequence[LineFeatures],
                  labels: Sequence[str], keep: list[bool], reasons: list[str]) -> None:
    """Drop long units that repeat the text of earlier regions.

    A page's metadata may hold a second copy of the whole story.  A unit of
    at least REPEAT_MIN_WORDS words whose first REPEAT_PREFIX_WORDS words
    occur in the earlier regions and whose word 4-grams are at least
    REPEAT_MIN_CONTAINMENT contained in them adds nothing.  Repeats inside
    one region are left alone.
    """
    # The units to test, in order, with their first words (known in advance:
    # a test only ever drops the unit tested).
    tested = [(i, f.text.lower()) for region in regions[1:] for i in region.units
              for f in (feats[i],) if keep[i] and f.words >= REPEAT_MIN_WORDS]
    prefixes = [" ".join(low.split(" ", REPEAT_PREFIX_WORDS)[:REPEAT_PREFIX_WORDS]) for _, low in tested]
    asked = 0
    earlier: list[str] = []
    text = ""
    occurs = _Occurrences(text, ())
    grams: set[tuple[str, ...]] | None = None
    for b, region in enumerate(regions):
        if b:
            for i in region.units:
                f = feats[i]
                if not keep[i] or f.words < REPEAT_MIN_WORDS:
                    continue
                low = f.text.lower()
                if len(earlier) > len(text):  # a stale join
                    text = "\n".join(earlier)
                    grams = None
                    occurs = _Occurrences(text, prefixes[asked:])
                asked += 1
                if prefixes[asked - 1] not in occurs:
                    continue
                if grams is None:
                    grams = _grams(text)
                mine = _grams(low)
                if mine and len(mine & grams) >= REPEAT_MIN_CONTAINMENT * len(mine):
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
        self.found = (None if len(asked) <= _DIRECT_SEARCHES or len(text) * len(asked) <= _DIRECT_SEARCH_CHARS
                      else _occurring(text, asked))

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
    return {tuple(words[i:i + 4]) for i in range(len(words) - 3)}


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


def explain_lines(lines: Sequence[str]) -> list[tuple[bool, str] | None]:
    """Why each line is kept or dropped: ``(kept, rule)`` per line.

    ``rule`` is the local rule of a kept line (``"prose"``, ``"short"`` ...)
    or the rule that dropped it: a lexicon or run rule (``"copyright"``,
    ``"nav-run"`` ...), ``"context"`` (an uncertain line next to
    boilerplate), ``"repeat"``, ``"comment-section"``, ``"after-end"``,
    ``"after-break"`` or ``"teasers"`` (the region pass).  Blank lines give
    ``None``.
    """
    doc = _Document(lines)
    why: dict[int, str] = {}
    alive = doc.nonblank
    for _ in range(MAX_PASSES):
        if not alive:
            break
        units = doc.units(alive)
        feats = [doc.features(u) for u in units]
        keep, reasons = _pass(feats, doc.first_unit(units))
        for unit, f, k, r in zip(units, feats, keep, reasons):
            for i in unit:
                why[i] = r if not k else f.rule
        if all(keep):
            break
        alive = [i for unit, k in zip(units, keep) if k for i in unit]
    kept = set(alive)
    return [None if i not in why else (i in kept, why[i]) for i in range(len(lines))]


def _nothing_to_drop(feats: Iterable[LineFeatures]) -> bool:
    """Whether a pass keeps every unit at once: no BAD unit and no list
    item (nothing to contrast with) and no run of NAV_RUN_MIN very short
    SHORT units (a menu)."""
    run = 0
    for f in feats:
        if f.label == BAD or f.list_item:
            return False
        run = run + 1 if f.label == SHORT and f.very_short else 0
        if run >= NAV_RUN_MIN:
            return False
    return True


#: What a unit of one plainly prose line looks like to :func:`_nothing_to_drop`.
_PLAIN_PROSE = LineFeatures("", SHORT_RULE_MAX_WORDS + 1, True, False, GOOD, "prose")


def _pass(feats: Sequence[LineFeatures], first: int = 0) -> tuple[list[bool], list[str]]:
    """Run rules, context pass and region pass over the units once."""
    if _nothing_to_drop(feats):
        return [True] * len(feats), [""] * len(feats)
    labels, rules = _apply_run_rules(feats)
    reasons = [r if lab == BAD else "" for lab, r in zip(labels, rules)]
    keep = _context_keep(feats, labels, reasons)
    _region_keep(feats, labels, rules, keep, reasons, first)
    return keep, reasons


class _Document:
    """The lines of one text, with what grouping and the fixpoint loop need."""

    __slots__ = ("lines", "stripped", "nonblank", "_cache", "_line_features",
                 "_quick", "_quick_text", "anchor")

    def __init__(self, lines: Sequence[str], text: str | None = None,
                 quick: tuple[list[int], list[str | None]] | None = None) -> None:
        self.lines = lines
        self.stripped = stripped = [line.strip() for line in lines]
        self.nonblank = nonblank = [i for i, s in enumerate(stripped) if s]
        self._cache: dict[tuple[int, ...], LineFeatures] = {}
        self._line_features: list[LineFeatures | None] = [None] * len(lines)
        if quick is None:
            quick = _quick_words(lines, stripped, nonblank, text)
        self._quick, self._quick_text = quick
        self.anchor = _title_anchor(stripped, nonblank)

    def all_kept(self, units: Sequence[tuple[int, ...]]) -> bool:
        """Whether the passes would keep every unit: no BAD unit, no list
        item, no run of menu items (then nothing has a contrast)."""
        quick = self._quick
        return _nothing_to_drop(_PLAIN_PROSE if len(unit) == 1 and quick[unit[0]] == 1 else self.features(unit)
                                for unit in units)

    def first_unit(self, units: Sequence[tuple[int, ...]]) -> int:
        """Index of the first unit after the title anchor (0 without one)."""
        if self.anchor < 0:
            return 0
        for k, unit in enumerate(units):
            if unit[0] > self.anchor:
                return k
        return 0

    def blank_between(self, a: int, b: int) -> bool:
        """Whether a blank line lies between lines ``a < b``."""
        stripped = self.stripped
        for i in range(a + 1, b):
            if not stripped[i]:
                return True
        return False

    def units(self, alive: Sequence[int]) -> list[tuple[int, ...]]:
        """Group the surviving non-blank lines into classification units.

        A unit is one line, or the lines of a hard-wrapped paragraph (see
        :data:`MAX_WRAP_WIDTH`).  Grouping only depends on the surviving
        lines, their lengths and whether blank lines separate them, which is
        exactly what :func:`strip_boilerplate` outputs, so the fixpoint of the
        context loop is also a fixpoint of a second call.
        """
        stripped = self.stripped
        lengths = [len(stripped[i]) for i in alive]
        if sum(1 for n in lengths if n <= MAX_WRAP_WIDTH) < max(2.0, WRAP_MIN_SHARE * len(lengths)):
            return [(i,) for i in alive]  # too few short lines to be hard-wrapped
        width = _wrap_width(lengths, {len(stripped[i]) for i in alive if " " in stripped[i]})
        if width is not None:
            # most of the text must be in lines of at most W characters
            chars = wrapped = 0
            for i in alive:
                n = len(stripped[i])
                chars += n
                if n <= width or " " not in stripped[i]:
                    wrapped += n
            if wrapped < WRAP_MIN_TEXT_SHARE * chars:
                width = None
        if width is None:
            width = self._continued_width(alive)
            if width is None:
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

    def _continued_width(self, alive: Sequence[int]) -> int | None:
        """The wrap width of a hard-wrapped story inside other text, or None.

        A whole page around a wrapped story has many short lines of its own,
        so the width is also looked for among the lines that run on (without
        a blank line) into a line starting in lower case: W is found as in
        :func:`_wrap_width` over those lines, must be at least
        WRAP_MIN_CONTINUED_WIDTH, and at least half of them must lie within
        WRAP_BAND of it.
        """
        stripped = self.stripped
        continued = [len(stripped[a]) for a, b in zip(alive, alive[1:])
                     if b == a + 1 and stripped[b][0].islower() and " " in stripped[a]]
        if len(continued) < WRAP_MIN_CONTINUED:
            return None
        width = _wrap_width(continued, set(continued), share=0.5)
        return width if width is not None and width >= WRAP_MIN_CONTINUED_WIDTH else None

    def features(self, unit: tuple[int, ...]) -> LineFeatures:
        """Features of a unit (cached)."""
        if len(unit) == 1:
            i = unit[0]
            f = self._line_features[i]
            if f is None:
                n = self._quick[i]
                if n == 1:  # what line_features() says, see _quick_words()
                    text = self._quick_text[i]
                    if text is None:
                        text = " ".join(unicodedata.normalize("NFKC", self.lines[i]).split())
                    elif "  " in text:
                        text = " ".join(text.split())
                    f = LineFeatures(text, text.count(" ") + 1, True, False, GOOD, "prose")
                else:
                    f = _cached_features(self.lines[i], n == -1)
                    assert f is not None
                self._line_features[i] = f
            return f
        f = self._cache.get(unit)
        if f is None:
            f = line_features(" ".join(self.stripped[i] for i in unit))
            assert f is not None
            self._cache[unit] = f
        return f


#: Characters that send a line through the full classifier in
#: :func:`_quick_words`: the menu separators, the "@" and "/" of e-mail
#: addresses and URLs, "©" and the soft hyphen (removed before matching).
_QUICK_CHARS = tuple("|/\\@»›·•‹«©\u00ad")
_QUICK_ASCII_CHARS = tuple(c for c in _QUICK_CHARS if c.isascii())
#: Words that send a line through the full classifier: STRONG_TRIGGERS
#: (each unanchored strong rule needs one of them) and "www." (URLs).
_QUICK_WORDS = STRONG_TRIGGERS + ("www.",)
_QUICK_ASCII_WORDS = tuple(w for w in _QUICK_WORDS if w.isascii())
_QUICK_BYTE_WORDS = tuple(w.encode("ascii") for w in _QUICK_WORDS if w.isascii())
#: Separators of a glued dateline (see _GLUED_DATELINE_RE).
_GLUED_SEPS = (":", "—", "–")
#: Characters at the start of a line in which _quick_words() looks for
#: more than SHORT_RULE_MAX_WORDS words.
_QUICK_PREFIX = 240
_GLUED_ASCII_SEPS = (":",)
#: Characters other than capitals that may end a dateline (see _GLUED_DATELINE_RE).
_DATELINE_ENDS = frozenset(".'’-)")
#: First words of the anchored strong rules: a line starting with one of
#: them takes the full classifier.
_STRONG_START_WORD_RE = re.compile(
    r"(?:sign|subscri|regist|join|get|receiv|enter|don|never|stay|©|\(c\)|copyright|jetzt|"
    r"hier|abonn|melde|inscri|recev|suscr|reg[ií]str|recib|iscriv|abbon|ricev|assin|cadastr|"
    r"receb|schrijf|meld)"
)
#: The same first words as prefixes, and the characters they start with in
#: either case (str.startswith with a tuple is cheaper than a regex per line).
_STRONG_START_WORDS = ("sign", "subscri", "regist", "join", "get", "receiv", "enter", "don", "never",
                       "stay", "©", "(c)", "copyright", "jetzt", "hier", "abonn", "melde", "inscri",
                       "recev", "suscr", "registr", "regístr", "recib", "iscriv", "abbon", "ricev",
                       "assin", "cadastr", "receb", "schrijf", "meld")
_STRONG_START_CHARS = frozenset(w[0] for w in _STRONG_START_WORDS) | frozenset(
    w[0].upper() for w in _STRONG_START_WORDS)
#: White space other than a space and a line feed that NFKC keeps.
_ODD_SPACES = tuple(chr(c) for c in range(0x3001)
                    if chr(c).isspace() and chr(c) not in " \n"
                    and unicodedata.normalize("NFKC", chr(c)) == chr(c))
_ODD_ASCII_SPACES = tuple(c for c in _ODD_SPACES if c.isascii())
#: First characters of list markers (a digit may start one too).
_MARKER_STARTS = frozenset("-–—*•·▪▸►‣◦●○■□➤→✓✔(")


def _quick_words(lines: Sequence[str], stripped: Sequence[str], nonblank: Sequence[int],
                 text: str | None) -> tuple[list[int], list[str | None]]:
    """The lines that are plainly prose, found without the full classifier.

    A line of more than SHORT_RULE_MAX_WORDS words that ends in sentence
    punctuation is GOOD by rule ``prose`` unless a strong rule, the menu or
    contact rule or the glued-teaser rule applies, or it starts with a list
    marker: the short and label rules skip lines that long.  Each of those
    rules needs a cue (a character or word of :data:`_QUICK_CHARS`,
    :data:`_QUICK_WORDS`, a glued dateline, a first word of an anchored
    strong rule, five capitalised words at the start), and a few searches
    over the whole text find the lines with one.  Returns, for each line,
    1 if it is such a line (its features are then exactly what
    :func:`line_features` says), -1 for another line without a cue (the
    classifier may skip the rules that need one), else 0; and the
    normalised text of such a line when it is at hand (else None).
    """
    out = [0] * len(lines)
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
        for cue in _QUICK_ASCII_CHARS + _QUICK_ASCII_WORDS:
            pos = low.find(cue)
            while pos >= 0:
                line = line_at(pos)
                slow.add(line)
                pos = low.find(cue, starts[line + 1])
    else:
        seps = _GLUED_SEPS
        for cue in _QUICK_CHARS:  # characters without case
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
        for word in _QUICK_BYTE_WORDS:
            pos = blow.find(word)
            while pos >= 0:
                if not bstarts:
                    bstarts.extend(accumulate((len(x) + 1 for x in blow.split(b"\n")), initial=0))
                line = bisect_right(bstarts, pos) - 1
                slow.add(line)
                pos = blow.find(word, bstarts[line + 1])
    spaced = False  # white space other than spaces: words need str.split()
    for c in _ODD_SPACES if not ascii_text else _ODD_ASCII_SPACES:
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
            if spaced or before.isupper() or before in _DATELINE_ENDS:
                line = line_at(pos)
                if line not in tested:
                    tested.add(line)
                    if _glued_dateline(nlines[line]):
                        slow.add(line)
                pos = norm.find(sep, starts[line + 1])  # the rest of the line is settled
                continue
            pos = norm.find(sep, pos + 1)
    out = [-1] * len(lines)  # -1: no cue, so the classifier may skip the rules that need one
    for i in slow:
        out[i] = 0
    for i in nonblank:
        if i in slow:
            continue
        s = _prose_line(nlines[i], spaced, ascii_text)
        if s is not None:
            out[i] = 1
            if clean:
                texts[i] = s
    return out, texts


def _glued_dateline(line: str) -> bool:
    """Whether the (normalised) ``line`` holds a glued dateline: a cue of
    :func:`_quick_words`, looked for where a separator follows a capital,
    a dateline end or odd white space."""
    return _GLUED_DATELINE_RE.search(" ".join(line.split())) is not None


def _prose_line(s: str, spaced: bool, ascii_text: bool) -> str | None:
    """The plainly-prose test of :func:`_quick_words` for one line.

    ``s`` is the stripped, NFKC-normalised line, which has no cue;
    ``spaced`` whether its text has white space other than spaces,
    ``ascii_text`` whether its text is ASCII.  Returns the line's
    normalised text (white space runs collapsed) if the line is GOOD by
    rule ``prose`` without running the classifier, else None.
    """
    c = s[-1]
    t = s
    if c in _CLOSERS:
        t = s.rstrip(_CLOSERS)
        c = t[-1:]
    if c not in _SENT_END_CHARS:
        return None
    if (c == "…" or (c == "." and t.endswith("..."))) and _truncated(t):
        return None  # a cut teaser: no sentence end
    max_short, prefix = SHORT_RULE_MAX_WORDS, _QUICK_PREFIX
    spaces = s.count(" ", 0, prefix)
    if spaced or spaces < max_short or s.find("  ", 0, prefix) >= 0:
        if not spaced and spaces < max_short and len(s) <= prefix:
            return None  # fewer spaces than a line of more than max_short words has
        tokens = s.split()  # (rare) a long line of long words, or odd spacing
        if len(tokens) <= max_short:
            return None
        if spaced or "  " in s:
            s = " ".join(tokens)
    # here s has more than SHORT_RULE_MAX_WORDS words
    if not ascii_text and len(s) > 12 * (s.count(" ") + 1):
        return None  # maybe a script written without spaces: word count adjusted
    c = s[0]
    if c in _MARKER_STARTS or c.isdigit() or (
            c in _STRONG_START_CHARS and s[:16].lower().startswith(_STRONG_START_WORDS)):
        return None
    if not (c.isalpha() or _LETTER_RE.search(s)):
        return None
    # the glued-teaser title run needs 5 capitalised words: a lower-case
    # second word rules it out at once
    c = s[s.find(" ") + 1]
    if not (c.isalpha() and c.islower()):
        words = s.split(None, GLUED_MAX_TITLE_WORDS)
        if len(words) > GLUED_MAX_TITLE_WORDS:  # the exact count matters near the end
            n = len(s.split()) if spaced or "  " in s else s.count(" ") + 1
        else:
            n = len(words)
        if _title_run(words, n):
            return None
    return s


#: Separators between a page title's headline and the site name
#: ("Headline - Site", "Headline | Section | Site").
_TITLE_SEP_RE = re.compile(r"\s+(?:[-|–—·•»]|::)\s+")


def _fold(text: str) -> str:
    """Lower-cased, NFKC, typographic variants folded, white space collapsed."""
    text = unicodedata.normalize("NFKC", text).lower()
    if _TYPOGRAPHIC_RE.search(text) is not None:
        text = text.translate(_MATCH_TRANSLATION)
    return " ".join(text.split())


def _title_anchor(stripped: Sequence[str], nonblank: Sequence[int]) -> int:
    """The line repeating the headline of the page title, or -1.

    A whole-page dump starts with the page's ``<title>``, "Headline - Site";
    the article follows the first later line that repeats the headline (the
    page's ``<h1>``).  Only a first line with a site separator counts.
    """
    if len(nonblank) < 3:
        return -1
    title = stripped[nonblank[0]]
    if len(title) > TITLE_MAX_CHARS:
        return -1
    parts = _TITLE_SEP_RE.split(title)
    if len(parts) < 2:
        return -1
    head = _fold(max(parts, key=len))
    if len(head.split()) < TITLE_MIN_WORDS:
        return -1
    prefix = 2 * len(head) + 20  # enough raw characters to fold into len(head)
    for i in nonblank[1:]:
        line = stripped[i]
        if len(line) >= len(head) and _fold(line[:prefix]).startswith(head):
            return i
    return -1


def _wrap_width(lengths: Sequence[int], widths: Iterable[int], share: float = WRAP_MIN_SHARE) -> int | None:
    """The wrap width of hard-wrapped text, or None.

    ``lengths`` are the lengths of the non-blank lines, ``widths`` the
    candidate widths: the lengths of lines with more than one word (a line
    of one unbreakable word may be longer than the width).  W is the largest
    candidate of at most MAX_WRAP_WIDTH characters such that at least
    WRAP_MIN_SHARE of all lines (and two lines at least) have a length in
    ``[W - WRAP_BAND, W]``.
    """
    need = max(2.0, share * len(lengths))
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


def _kept_lines(doc: _Document) -> list[int] | None:
    """Fixpoint of grouping and the passes: the indices of the lines to
    keep, or None when every non-blank line is kept."""
    alive = doc.nonblank
    units = doc.units(alive)
    if doc.all_kept(units):  # the usual case: nothing to drop
        return None
    for _ in range(MAX_PASSES):
        if not alive:
            break
        feats = [doc.features(u) for u in units]
        keep, _ = _pass(feats, doc.first_unit(units))
        if all(keep):
            break
        alive = [i for unit, k in zip(units, keep) if k for i in unit]
        simple = len(units) == len(alive) + keep.count(False)  # one line per unit
        units = doc.units(alive)
        if simple and len(units) == len(alive) and _settled(feats, keep):
            break
    return alive


def _keep_mask(lines: Sequence[str], text: str | None = None) -> list[bool]:
    """The lines to keep (``text`` is ``lines`` joined with ``"\\n"`` if the
    caller has it)."""
    doc = _Document(lines, text)
    alive = _kept_lines(doc)
    if alive is None:
        return [bool(s) for s in doc.stripped]
    mask = [False] * len(lines)
    for i in alive:
        mask[i] = True
    return mask


def _strip_lines(lines: Sequence[str], text: str | None = None,
                 quick: tuple[list[int], list[str | None]] | None = None) -> str:
    """:func:`strip_boilerplate` of a text split into ``lines``.

    ``text`` is ``lines`` joined with ``"\\n"`` if the caller has it;
    ``quick`` what :func:`_quick_words` returns for ``lines`` if the caller
    has it (see :mod:`dedup.boilerplate_batch`).
    """
    doc = _Document(lines, text, quick)
    alive = _kept_lines(doc)
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
    return _join_kept(lines, mask)


def _settled(feats: Sequence[LineFeatures], keep: Sequence[bool]) -> bool:
    """Whether the next pass would keep every unit left, without running it.

    The caller checks that grouping is unchanged (one line per unit before
    and after), so the next pass sees the features of the kept units, in
    order.  It keeps all of them at once when none is BAD or a list item and
    no NAV_RUN_MIN of them in a row are very short SHORT lines (see
    :func:`_pass`); that is checked here on the kept units.
    """
    return _nothing_to_drop(f for f, k in zip(feats, keep) if k)


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
    if "\r" in text:
        return _strip_lines(_NEWLINE_RE.split(text))
    return _strip_lines(text.split("\n"), text)


def _join_kept(lines: Sequence[str], mask: Sequence[bool]) -> str:
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
