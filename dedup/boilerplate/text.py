"""Characters and patterns of line syntax shared by the stripper's stages.

Line endings, list markers, sentence ends, menu separators, links, scripts,
and the typography folded before lexicon matching.  Internal to
:mod:`dedup.boilerplate`.
"""

from __future__ import annotations

import re
import unicodedata

from ..normalize import TYPOGRAPHY

#: Line endings accepted on input.
NEWLINE_RE = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """``text`` split on ``\\n``, ``\\r\\n`` and ``\\r``."""
    return NEWLINE_RE.split(text)


#: A list marker at the start of a line: "- ", "* ", "• ", "1. ", "2) ",
#: "(3) ", and a bullet followed by a number glued to a headline ("- 1Cover").
LIST_MARKER_RE = re.compile(
    r"(?:[-–—*](?=\s)|[•·▪▸►‣◦●○■□➤→✓✔])\s*"
    r"(?:\d{1,2}(?:[.)]\s*|\s+|(?=[A-Z][a-z])))?"
    r"|\d{1,2}[.)]\s+(?=\S)"
    r"|\(\d{1,2}\)\s+"
)
#: First characters of list markers (a digit may start one too).
MARKER_STARTS = frozenset("-–—*•·▪▸►‣◦●○■□➤→✓✔(")
#: Sentence-final punctuation, optionally followed by closing quotes/brackets.
SENT_END_RE = re.compile(r"[.!?…。！？؟।][\"'”’»)\]]*\s*$")
SENT_END_CHARS = frozenset(".!?…。！？؟।")
#: A sentence end inside a line: sentence punctuation before a space and more
#: text, or a full-width one before more text.
INNER_SENTENCE_END_RE = re.compile(r"[.!?…؟।][\"'”’»)\]]*\s+\S|[。！？]\S")
#: Closing quotes and brackets after a sentence end.
CLOSERS = "\"'”’»)]"


def truncated(t: str) -> bool:
    """Whether ``t`` (closing quotes and brackets removed) ends in an ellipsis
    glued to a word ("... and the rest of it...") or in an excerpt's bracketed
    one ("... the rest of it [..."): that is how teasers and link texts are
    cut, so it is not a sentence end."""
    if t.endswith("…"):
        k = len(t) - 2
    elif t.endswith("..."):
        k = len(t) - 4
    else:
        return False
    return k >= 0 and (t[k].isalnum() or t[k] == "[")


#: Any letter (Unicode).
LETTER_RE = re.compile(r"[^\W\d_]")
#: A digit.
DIGIT_RE = re.compile(r"\d")
#: Link separators of menus and breadcrumbs.
MENU_SEPARATORS = "|»›·•‹«/\\"
MENU_SEP_RE = re.compile(r"(?:^|\s)[|»›·•‹«/\\](?=\s|$)|\s[|]|[|]\s")
MENU_CHAR_RE = re.compile("[" + re.escape(MENU_SEPARATORS) + "]")
#: E-mail addresses and URLs (on the lower-cased line); prefiltered by LINK_TRIGGERS.
EMAIL_OR_URL_RE = re.compile(
    r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b(?:https?://|www\.)\S+"
    r"|(?<![\w-])[\w-]+\.(?:com|org|net)/\S*"
)
#: One of these occurs in every match of EMAIL_OR_URL_RE.
LINK_TRIGGERS = ("@", "://", "www.", ".com/", ".org/", ".net/")
LINK_TRIGGER_RE = re.compile("|".join(re.escape(t) for t in LINK_TRIGGERS))
#: Characters of scripts written without spaces between words (Thai, Lao,
#: Khmer, Myanmar, CJK ideographs, kana); two of them count as about a word.
NOSPACE_SCRIPT_RE = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
)
#: Letters of scripts with case and a stop-word list (Latin): the stop-word
#: and capitalisation features only apply to lines written in them.
LATIN_RE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]")
#: Leading punctuation skipped when testing whether a word is capitalised.
WORD_LEAD = "\"'“‘«„(¿¡[*"
#: Punctuation stripped from a word before the stop-word lookup.
WORD_PUNCT = "\"'“”‘’«»„()[]{}¿¡*.,;:!?…-–—/"
#: A dateline in the middle of a line ("... said on Monday LISBON: The
#: minister ...", "... a reporter OAK HILL, Va. (AP) — Officials ..."): a
#: teaser whose headline is glued to its first sentence.
GLUED_DATELINE_RE = re.compile(
    r"[A-Z](?<=[a-z0-9'’\")\]] [A-Z])[A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}(?<=[A-Z.'’-]{3})"
    r"(?:, [A-Z][\w.]+(?: [A-Z][\w.]+)?)?"
    r"(?: \((?:AP|AFP|Reuters|IANS|PTI|UPI|dpa|ANI|CNN)\))?(?<=[A-Z.'’)-]) ?[:—–] (?=[A-Z“\"])"
)
#: Separators of a glued dateline, and the characters other than capitals
#: that may end a dateline before one (see GLUED_DATELINE_RE).
GLUED_SEPS = (":", "—", "–")
DATELINE_ENDS = frozenset(".'’-)")
#: White space other than a space and a line feed that NFKC keeps.
ODD_SPACES = tuple(
    chr(c)
    for c in range(0x3001)
    if chr(c).isspace() and chr(c) not in " \n" and unicodedata.normalize("NFKC", chr(c)) == chr(c)
)

# --------------------------------------------------------------------------
# Typography folded before lexicon matching: a subset of the package's one
# folding table (dedup.normalize.TYPOGRAPHY), with the same replacements.
# --------------------------------------------------------------------------
#: Curly quotes, primes and dashes (to ASCII) and the soft hyphen (removed).
LEXICON_FOLDED = "\u2019\u2018\u201b\u2032\u201c\u201d\u201e\u2010\u2011\u2012\u2013\u2014\u2212\u00ad"
_FOLDING = {c: TYPOGRAPHY[c] for c in LEXICON_FOLDED}
_TRANSLATION = str.maketrans(_FOLDING)
_TYPOGRAPHIC_PAIRS = tuple((c, r or "") for c, r in _FOLDING.items())
_TYPOGRAPHIC_RE = re.compile("[" + LEXICON_FOLDED + "]")
#: Characters that folding removes (a line holding one needs the full classifier).
FOLD_REMOVED = tuple(c for c, r in _FOLDING.items() if r is None)
#: What folding turns characters into: a lexicon word holding one of these
#: may be written with a typographic variant in the raw text.
FOLD_TARGETS = frozenset(r for r in _FOLDING.values() if r)


def fold_typography(text: str) -> str:
    """``text`` with LEXICON_FOLDED folded; faster than ``str.translate`` for
    the usual case of few such characters (translate is slow on non-ASCII strings)."""
    for char, repl in _TYPOGRAPHIC_PAIRS:
        if char in text:
            text = text.replace(char, repl)
    return text


def fold(text: str) -> str:
    """Lower-cased, NFKC, typographic variants folded, white space collapsed."""
    text = unicodedata.normalize("NFKC", text).lower()
    if _TYPOGRAPHIC_RE.search(text) is not None:
        text = text.translate(_TRANSLATION)
    return " ".join(text.split())
