"""Text normalisation and tokenisation: the first stage after stripping.

Two copies of one article should fingerprint identically when they differ only
in presentation. :func:`normalize_text` therefore

* applies Unicode NFKC (ligatures, full-width forms, compatibility spaces),
* unifies curly quotes, primes and guillemets to ASCII quotes, every dash to
  ``-``, and non-breaking/zero-width spaces to plain space,
* removes soft hyphens and zero-width joiners (they split words invisibly),
* case-folds (``casefold`` rather than ``lower``: ``"Straße" == "STRASSE"``),
* collapses every run of white space, line breaks included, to one space.

:func:`tokenize` splits normalised text into words: maximal runs of letters,
digits and marks (ASCII punctuation and every non-ASCII character of Unicode
category P, S, Z or C separate words). Punctuation and white space are never
part of a token, so CRLF line endings, re-wrapped lines, smart quotes and non-breaking
spaces cannot change the token stream. Chinese, Japanese and Korean script has
no spaces between words, so each CJK character is its own token there.

:data:`NORMALIZATION_VERSION` is bumped whenever any of these rules changes,
because signatures computed under different rules are not comparable.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

__all__ = ["NORMALIZATION_VERSION", "WORD_BYTES", "canonical_bytes", "normalize_text", "tokenize"]

#: Version of the normalisation and tokenisation rules; stored with persisted
#: signatures so incompatible ones are never mixed.
NORMALIZATION_VERSION = 1

_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035\u0060\u00b4"
_DQUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\u2039\u203a"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_DELETE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

_TRANSLATION = str.maketrans(
    {
        **{c: "'" for c in _QUOTES},
        **{c: '"' for c in _DQUOTES},
        **{c: "-" for c in _DASHES},
        **{c: " " for c in _SPACES},
        **{c: None for c in _DELETE},
    }
)

_WHITESPACE = re.compile(r"\s+")
# A token is a maximal run of word bytes in the canonical UTF-8 form: ASCII
# letters and digits, and every byte of a non-ASCII character (non-ASCII
# punctuation, symbols and separators were turned into spaces beforehand).
WORD_BYTES = re.compile(rb"[0-9a-z\x80-\xff]+")
# Han ideographs, kana and Hangul syllables: scripts written without spaces.
_CJK = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af])")
_NON_WORD: re.Pattern[str] | None = None


def _non_word_pattern() -> re.Pattern[str]:
    """Non-ASCII characters that separate words: Unicode categories P, S, Z, C.

    Built once, on the first non-ASCII text, from :mod:`unicodedata`.
    """
    global _NON_WORD
    if _NON_WORD is None:
        ranges: list[str] = []
        start = prev = -2
        for cp in range(0x80, 0x110000):
            if 0xD800 <= cp <= 0xDFFF:
                continue
            if unicodedata.category(chr(cp))[0] in "PSZC":
                if cp != prev + 1:
                    if start >= 0:
                        ranges.append(_char_range(start, prev))
                    start = cp
                prev = cp
        ranges.append(_char_range(start, prev))
        _NON_WORD = re.compile("[" + "".join(ranges) + "]+")
    return _NON_WORD


def _char_range(a: int, b: int) -> str:
    return re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"


def normalize_text(text: str) -> str:
    """Return the canonical form of ``text`` used for fingerprinting.

    Parameters
    ----------
    text : str
        Any text; typically the output of :func:`dedup.strip_boilerplate`.

    Returns
    -------
    str
        NFKC-normalised, case-folded text with quotes, dashes and spaces
        unified and all white space collapsed to single spaces.

    Examples
    --------
    >>> normalize_text("It\\u2019s  a\\u00a0TEST\\r\\nof\\u2014this")
    "it's a test of-this"
    """
    return _WHITESPACE.sub(" ", _fold(text)).strip()


def _fold(text: str) -> str:
    """NFKC, unified punctuation and spaces, case-fold; white space left as is."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_TRANSLATION)
    return text.casefold()


def _replacement(char: str) -> Optional[str]:
    """How :func:`canonical_bytes` rewrites one non-ASCII character, or None
    to keep it: deleted (soft hyphen, zero-width), a space (punctuation,
    symbols, separators, controls), or set apart by spaces (CJK)."""
    repl = _REPLACEMENTS.get(char, "?")
    if repl == "?":
        category = unicodedata.category(char)
        if char in _DELETE:
            repl = ""
        elif category[0] in "PSZC" and category != "Cs":
            repl = " "
        elif _CJK.fullmatch(char):
            repl = f" {char} "
        elif char.casefold() != char:
            repl = char.casefold()
        else:
            repl = None
        _REPLACEMENTS[char] = repl
    return repl


_REPLACEMENTS: dict[str, Optional[str]] = {}
_ASCII_BYTES = bytes(range(128))
# Above this many distinct characters to rewrite (CJK text), one regex pass
# is faster than one str.replace per character.
_MAX_REPLACE = 32


def canonical_bytes(text: str) -> bytes:
    """Return the UTF-8 bytes that shingling reads.

    NFKC and case folding as in :func:`normalize_text` (white space is left as
    is: any run of it separates tokens), soft hyphens and zero-width
    characters removed, every non-ASCII punctuation, symbol, separator or
    control character turned into a space (curly quotes, dashes and
    non-breaking spaces included) and every CJK character set apart by
    spaces. A token is then a maximal run of bytes matching
    :data:`WORD_BYTES`; this is what the vectorised tokeniser computes.
    """
    if text.isascii():
        return text.casefold().encode("ascii")
    text = unicodedata.normalize("NFKC", text)
    data = text.encode("utf-8", "surrogatepass")
    # The distinct non-ASCII characters, from the bytes: much faster than a
    # regex or str.lower() over non-ASCII text.
    todo = []
    for char in set(data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")):
        repl = _replacement(char)
        if repl is not None:
            todo.append((char, repl))
    if len(todo) > _MAX_REPLACE:
        return _canonical_many(text)
    # ASCII letters lowered in bytes, each distinct non-ASCII character to
    # rewrite (case folded among others) by a C-speed bytes.replace call.
    data = data.lower()
    for char, repl in todo:
        data = data.replace(char.encode("utf-8", "surrogatepass"), repl.encode("utf-8", "surrogatepass"))
    return data


def _canonical_many(text: str) -> bytes:
    """:func:`canonical_bytes` of NFKC ``text`` by regex passes: faster than
    one replacement per character when there are many distinct ones (CJK
    text); the same tokens (runs of separators may be shorter)."""
    text = text.casefold()
    for char in _DELETE:
        if char in text:
            text = text.replace(char, "")
    text = _non_word_pattern().sub(" ", text)
    text = _CJK.sub(r" \1 ", text)
    # Lone surrogates (text decoded with "surrogateescape") are kept as bytes.
    return text.encode("utf-8", "surrogatepass")


def tokenize(text: str) -> list[str]:
    """Split ``text`` into normalised word tokens.

    A token is a maximal run of letters, digits and combining marks after
    normalisation; punctuation, symbols and white space separate tokens, and
    each CJK character is a token of its own.

    >>> tokenize("AT&T\u2019s  Wi-Fi")
    ['at', 't', 's', 'wi', 'fi']
    """
    return [t.decode("utf-8", "surrogatepass") for t in WORD_BYTES.findall(canonical_bytes(text))]
