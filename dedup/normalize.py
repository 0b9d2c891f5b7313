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
no spaces between words, so each CJK character is its own token there. Thai,
Lao, Khmer and Burmese are written without spaces between words too, in
alphabets: each letter of those scripts is a token with the combining marks
that follow it (vowel signs, tone marks, a Khmer coeng, a Burmese asat), so
that a word edit changes a few shingles (a letter cluster is about a
syllable; no dictionary is needed).

:data:`NORMALIZATION_VERSION` is bumped whenever any of these rules changes,
because signatures computed under different rules are not comparable.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

import numpy as np

__all__ = [
    "MAX_CJK",
    "NORMALIZATION_VERSION",
    "WORD_BYTES",
    "canonical_bytes",
    "char_rewrite",
    "normalize_text",
    "tokenize",
]

#: Version of the normalisation and tokenisation rules; stored with persisted
#: signatures so incompatible ones are never mixed.
NORMALIZATION_VERSION = 2  # 2: letters of Thai, Lao, Khmer and Burmese set apart

_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035\u0060\u00b4"
_DQUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\u2039\u203a"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_DELETE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

#: The typography folding table of the package: each quote, dash, space and
#: invisible character and what it becomes (None: removed).  Normalisation
#: folds all of them; the boilerplate lexicon folds some
#: (``dedup.boilerplate.text.LEXICON_FOLDED``).
TYPOGRAPHY: dict[str, str | None] = {
    **{c: "'" for c in _QUOTES},
    **{c: '"' for c in _DQUOTES},
    **{c: "-" for c in _DASHES},
    **{c: " " for c in _SPACES},
    **{c: None for c in _DELETE},
}
_TRANSLATION = str.maketrans(TYPOGRAPHY)

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


#: Kinds of rewrite (see :func:`_rewrites`).
_CASED, _OTHER, _CJK_LETTER = 1, 2, 3


def _replacement(char: str) -> tuple[int, str, str]:
    """How :func:`canonical_bytes` treats one non-ASCII character of NFKC
    text (cached): a kind (0 to keep it), its replacement (see
    :func:`char_rewrite`), and its own NFKC form (itself in NFKC text)."""
    found = _REPLACEMENTS.get(char)
    if found is None:
        repl = char_rewrite(char)
        if repl is None:
            kind, repl = 0, char
        elif repl == f" {char} ":
            kind = _CJK_LETTER
        elif repl and repl != " ":
            kind = _CASED
        else:
            kind = _OTHER
        found = _REPLACEMENTS[char] = (kind, repl, unicodedata.normalize("NFKC", char))
    return found


def char_rewrite(char: str) -> str | None:
    """How :func:`canonical_bytes` rewrites one non-ASCII character, or None
    to keep it: deleted (soft hyphen, zero-width), a space (punctuation,
    symbols, separators, controls), set apart by spaces (CJK), or
    case-folded."""
    category = unicodedata.category(char)
    if char in _DELETE:
        return ""
    if category[0] in "PSZC" and category != "Cs":
        return " "
    if _CJK.fullmatch(char):
        return f" {char} "
    folded = char.casefold()
    return folded if folded != char else None


_REPLACEMENTS: dict[str, tuple[int, str, str]] = {}
_ASCII_BYTES = bytes(range(128))
# Above this many distinct characters to rewrite in one way, one pass over
# the whole text is faster than one bytes.replace call per character (a
# few microseconds each on an article): str.casefold() for capitals
# (Cyrillic, Greek), a numpy pass for CJK characters, regex passes for
# separators and symbols.
_MAX_CASED = 4
MAX_CJK = 16
_MAX_REWRITES = 32
# The ranges of _CJK: all of them three-byte UTF-8 sequences.
_CJK_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xAC00, 0xD7AF))
# Lead bytes of those sequences, and the other bytes (to delete).
_CJK_LEADS = bytes(range(0xE3, 0xEE)) + b"\xef"
_NOT_CJK_LEADS = bytes(b for b in range(256) if b not in _CJK_LEADS)
_CJK_LETTERS: np.ndarray | None = None


@cache
def _separators_after(lead: bytes) -> re.Pattern[bytes]:
    """A regex matching the UTF-8 bytes of every character that starts with
    ``lead`` and that :func:`canonical_bytes` turns into a space.

    The characters of one block share all bytes but the last (curly quotes
    and dashes all start with E2 80), so one regex with that literal prefix
    rewrites all of them in one fast pass, where one bytes.replace call per
    character costs a pass over the text each.
    """
    finals = []
    for last in range(0x80, 0xC0):
        try:
            char = (lead + bytes([last])).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(char) == 1 and char_rewrite(char) == " ":
            finals.append(b"\\x%02x" % last)
    return re.compile(re.escape(lead) + b"[" + b"".join(finals) + b"]")


def _cjk_letters() -> np.ndarray:
    """For each code point below U+10000, whether it is a CJK letter that
    :func:`canonical_bytes` sets apart by spaces and NFKC keeps as it is
    (built once, on the first CJK text)."""
    global _CJK_LETTERS
    if _CJK_LETTERS is None:
        table = np.zeros(0x10000, dtype=bool)
        for lo, hi in _CJK_RANGES:
            for cp in range(lo, hi + 1):
                char = chr(cp)
                table[cp] = char_rewrite(char) == f" {char} " and unicodedata.is_normalized("NFKC", char)
        _CJK_LETTERS = table
    return _CJK_LETTERS


def _non_ascii(data: bytes) -> tuple[np.ndarray | None, bytes]:
    """Where the CJK letters of UTF-8 ``data`` start, and its other non-ASCII
    bytes.

    Text with few CJK letters gives None and all non-ASCII bytes (the
    letters are then rewritten one distinct character at a time). Otherwise
    the code points of all three-byte sequences are decoded at once in
    numpy and looked up in :func:`_cjk_letters`, so that the thousands of
    distinct letters of Chinese or Japanese text are never looked at one by
    one in Python.
    """
    rest = data.translate(None, _ASCII_BYTES)
    if len(rest.translate(None, _NOT_CJK_LEADS)) <= MAX_CJK:
        return None, rest
    arr = np.frombuffer(data, dtype=np.uint8)
    starts = _cjk_starts(arr)
    other = arr >= 0x80
    for k in range(3):
        other[starts + k] = False
    return starts, arr[other].tobytes()


def _cjk_starts(arr: np.ndarray) -> np.ndarray:
    """Where the CJK letters (see :func:`_cjk_letters`) of UTF-8 bytes
    ``arr`` start."""
    lead, cp = _three_byte_chars(arr)
    return lead[_cjk_letters()[cp]]


def _space_out(data: bytes, starts: np.ndarray) -> bytes:
    """Put a space before and after the three-byte characters of ``data``
    that start at ``starts``."""
    return _insert_spaces(data, np.concatenate((starts, starts + 3)))  # a position may get both


def _insert_spaces(data: bytes, positions: np.ndarray) -> bytes:
    """``data`` with a space inserted before byte ``p`` (``len(data)``: at
    the end) for each ``p`` of ``positions`` (repeats give several): each
    byte moves right by the number of spaces inserted before it."""
    shift = np.bincount(positions, minlength=len(data) + 1)
    np.cumsum(shift, out=shift)
    out = np.full(len(data) + len(positions), 32, dtype=np.uint8)
    out[np.arange(len(data)) + shift[:-1]] = np.frombuffer(data, dtype=np.uint8)
    return out.tobytes()


# Thai, Lao, Myanmar (with its extensions A and B) and Khmer: alphabets
# written without spaces between words, all three-byte UTF-8 sequences.
_CLUSTER_RANGES = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F))
_CLUSTER_CHAR = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _CLUSTER_RANGES) + "]")
_CLUSTER_KINDS: np.ndarray | None = None
_BASE, _MARK = 1, 2


def _cluster_kinds() -> np.ndarray:
    """For each code point below U+10000: 1 for a letter of the scripts
    of :data:`_CLUSTER_RANGES` (category L), 2 for a combining mark of them
    (category M), else 0 (built once, on the first such text)."""
    global _CLUSTER_KINDS
    if _CLUSTER_KINDS is None:
        table = np.zeros(0x10000, dtype=np.uint8)
        for lo, hi in _CLUSTER_RANGES:
            for cp in range(lo, hi + 1):
                category = unicodedata.category(chr(cp))[0]
                table[cp] = _BASE if category == "L" else _MARK if category == "M" else 0
        _CLUSTER_KINDS = table
    return _CLUSTER_KINDS


def _three_byte_chars(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where the three-byte sequences of UTF-8 bytes ``arr`` start, and their code points."""
    lead = np.flatnonzero((arr[:-2] & 0xF0) == 0xE0)
    cp = (
        ((arr[lead].astype(np.int32) & 0x0F) << 12)
        | ((arr[lead + 1].astype(np.int32) & 0x3F) << 6)
        | (arr[lead + 2] & 0x3F)
    )
    return lead, cp


def _space_clusters(data: bytes, chars: str) -> bytes:
    """Set apart the letter clusters of Thai, Lao, Khmer and Burmese in
    canonical UTF-8 ``data``: a space before each of their letters, and after
    each of their letters and marks that no mark of theirs follows, so that
    every letter is a token with the marks after it.  ``chars`` holds (at
    least) the non-ASCII characters of ``data``: without one of those
    scripts, ``data`` is returned at once."""
    if _CLUSTER_CHAR.search(chars) is None:
        return data
    lead, cp = _three_byte_chars(np.frombuffer(data, dtype=np.uint8))
    kind = _cluster_kinds()[cp]
    mark_at = np.zeros(len(data) + 1, dtype=np.bool_)
    mark_at[lead[kind == _MARK]] = True
    ends = lead[kind > 0] + 3
    return _insert_spaces(data, np.concatenate((lead[kind == _BASE], ends[~mark_at[ends]])))


def _rewrites(
    chars: Iterable[str],
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[str], list[tuple[str, str]]]:
    """The distinct characters of ``chars`` that :func:`canonical_bytes`
    rewrites, by kind: capitals with their case folding, other characters
    (separators, symbols, invisible ones) with their replacement, CJK
    letters; and the characters that NFKC changes even alone, with their
    NFKC form (when there are any, the others are only right for NFKC
    text)."""
    cased: list[tuple[str, str]] = []
    rewrites: list[tuple[str, str]] = []
    cjk: list[str] = []
    fixes: list[tuple[str, str]] = []
    for char in chars:
        kind, repl, fixed = _replacement(char)
        if fixed != char:
            fixes.append((char, fixed))
        elif kind == _OTHER:
            rewrites.append((char, repl))
        elif kind == _CASED:
            cased.append((char, repl))
        elif kind:
            cjk.append(char)
    return cased, rewrites, cjk, fixes


def _blocks_to_spaces(data: bytes, rewrites: list[tuple[str, str]]) -> tuple[bytes, list[tuple[str, str]]]:
    """Turn into spaces, one regex pass per block, the characters of
    ``rewrites`` that become spaces and share all UTF-8 bytes but the last
    with another one; returns the new bytes and the rewrites left."""
    blocks: dict[bytes, list[tuple[str, str]]] = {}
    for char, repl in rewrites:
        blocks.setdefault(char.encode("utf-8", "surrogatepass")[:-1] if repl == " " else b"", []).append((char, repl))
    left = blocks.pop(b"", [])
    for lead, chars in blocks.items():
        if len(chars) > 1:
            data = _separators_after(lead).sub(b" ", data)
        else:
            left.extend(chars)
    return data, left


def canonical_bytes(text: str) -> bytes:
    """Return the UTF-8 bytes that shingling reads.

    NFKC and case folding as in :func:`normalize_text` (white space is left as
    is: any run of it separates tokens), soft hyphens and zero-width
    characters removed, every non-ASCII punctuation, symbol, separator or
    control character turned into a space (curly quotes, dashes and
    non-breaking spaces included), every CJK character set apart by
    spaces, and every letter of Thai, Lao, Khmer and Burmese set apart with
    the combining marks after it. A token is then a maximal run of bytes matching
    :data:`WORD_BYTES`; this is what the vectorised tokeniser computes.

    Each step works on the distinct non-ASCII characters, found from the
    bytes, or on the whole text in C or numpy; none runs Python code per
    character.
    """
    if text.isascii():
        return text.casefold().encode("ascii")
    data = text.encode("utf-8", "surrogatepass")
    starts, rest = _non_ascii(data)
    chars = set(rest.decode("utf-8", "surrogatepass"))
    # NFKC one distinct character at a time: replacing each character that
    # NFKC changes even alone by its NFKC form gives a text
    # compatibility-equivalent to this one, so when that text is in NFKC, it
    # is NFKC of this one. It is not when characters compose (a combining
    # mark, half-width kana with a voicing mark): then the whole text is
    # normalised.
    cased, rewrites, cjk, fixes = _rewrites(chars)
    if fixes:
        normed = text
        for char, fixed in fixes:
            normed = normed.replace(char, fixed)
        composes = not unicodedata.is_normalized("NFKC", normed)
        if composes:
            normed = unicodedata.normalize("NFKC", text)
    else:
        normed = unicodedata.normalize("NFKC", text)  # the same object when in NFKC
        composes = normed is not text and normed != text
    if composes:
        text, fixes = normed, []
        data = text.encode("utf-8", "surrogatepass")
        starts, rest = _non_ascii(data)
        chars = set(rest.decode("utf-8", "surrogatepass"))
        cased, rewrites, cjk, _ = _rewrites(chars)
    elif fixes:
        chars.difference_update(char for char, _ in fixes)
        chars.update(c for _, fixed in fixes for c in fixed if not c.isascii())
        cased, rewrites, cjk, _ = _rewrites(chars)
    # The CJK letters first: the fixes and rewrites below move them, and
    # they commute with both (distinct characters, no case).
    if starts is not None:
        data = _space_out(data, starts)
    for char, fixed in fixes:
        data = data.replace(char.encode("utf-8", "surrogatepass"), fixed.encode("utf-8", "surrogatepass"))
    if len(cased) > _MAX_CASED:
        # Many capitals (Cyrillic, Greek): fold the whole text in C. Folding
        # is per character, folded letters need no rewrite, and no separator
        # or symbol of NFKC text changes when folded (tested on every code
        # point), so the other rewrites stay as they are.
        data = data.decode("utf-8", "surrogatepass").casefold().encode("utf-8", "surrogatepass")
        cased = []
    else:
        data = data.lower()  # ASCII letters
    if len(rewrites) > _MAX_REWRITES:
        return _canonical_many(data.decode("utf-8", "surrogatepass"))
    if len(rewrites) > 1:
        data, rewrites = _blocks_to_spaces(data, rewrites)
    for char, repl in cased + rewrites:
        data = data.replace(char.encode("utf-8", "surrogatepass"), repl.encode("utf-8", "surrogatepass"))
    for char in cjk:
        data = data.replace(char.encode("utf-8"), f" {char} ".encode())
    return _space_clusters(data, "".join(chars))


def _canonical_many(text: str) -> bytes:
    """:func:`canonical_bytes` of NFKC ``text`` by regex passes: faster than
    one replacement per character when there are many distinct separators
    and symbols; the same tokens (runs of separators may be longer)."""
    text = text.casefold()
    for char in _DELETE:
        if char in text:
            text = text.replace(char, "")
    # Lone surrogates (text decoded with "surrogateescape") are kept as bytes.
    data = _non_word_pattern().sub(" ", text).encode("utf-8", "surrogatepass")
    return _space_clusters(_space_out(data, _cjk_starts(np.frombuffer(data, dtype=np.uint8))), text)


def tokenize(text: str) -> list[str]:
    """Split ``text`` into normalised word tokens.

    A token is a maximal run of letters, digits and combining marks after
    normalisation; punctuation, symbols and white space separate tokens, each
    CJK character is a token of its own, and so is each letter of Thai, Lao,
    Khmer and Burmese with the combining marks that follow it.

    >>> tokenize("AT&T\u2019s  Wi-Fi")
    ['at', 't', 's', 'wi', 'fi']
    """
    return [t.decode("utf-8", "surrogatepass") for t in WORD_BYTES.findall(canonical_bytes(text))]
