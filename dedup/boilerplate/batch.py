"""Boilerplate stripping of many texts at once (the numpy fast path).

:func:`strip_boilerplate_many` returns, for every text, exactly what
:func:`dedup.strip_boilerplate` returns for it.  It is faster on a batch
because the first step, finding the plainly prose lines
(:mod:`dedup.boilerplate.prose`), runs over all texts of the batch at once,
in numpy over their UTF-8 bytes, from the same data as the string path:

* the cues (``compiler.CUE_CHARS`` and ``CUE_WORDS``) are found over the
  whole batch: ``bytes.find`` loops (``memchr``) for the ASCII characters, a
  pair-of-bytes prefilter for the words, and the decoded non-ASCII
  characters for the others; the separators of a glued dateline are checked
  where the character before them asks for it, as the string path does;
* every other non-blank line is settled from its bytes when they are
  conclusive (its end, its spaces, its first bytes against
  ``compiler.START_WORDS``, a lower-case word among its first five);
* the rest (a non-ASCII last character, a double space, a Title Case start,
  ...) goes through the string path's per-line test (:func:`prose.prose_line`).

A text not in NFKC is looked at in NFKC, as the string path does; texts
with white space other than spaces and line feeds (tabs, ``\\r``, ...) take
the one-text path.  Everything after that step (grouping, the passes,
joining the kept lines) is the one-text code.  The tests compare both paths
line by line, on the development texts and on generated lines.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import numpy as np

from .compiler import CUE_CHARS, CUE_WORDS, START_CHARS, START_WORDS
from .document import judge_lines, judge_text
from .prose import glued_dateline, prose_line
from .settings import SETTINGS as S
from .text import CLOSERS, DATELINE_ENDS, GLUED_SEPS, MARKER_STARTS, ODD_SPACES, SENT_END_CHARS

__all__ = ["judge_many", "plain_prose_many", "strip_boilerplate_many"]

#: Fewer texts than this take the one-text path (numpy's fixed costs).
MIN_BATCH = 4


def _table(chars: str | bytes) -> np.ndarray:
    table = np.zeros(256, dtype=bool)
    table[list(chars.encode("ascii") if isinstance(chars, str) else chars)] = True
    return table


_ENDS = _table("".join(c for c in SENT_END_CHARS if c.isascii()))
_CLOSERS = _table("".join(c for c in CLOSERS if c.isascii()))
_NOT_QUICK_START = _table("".join(c for c in MARKER_STARTS if c.isascii()) + "0123456789")
_LETTERS = _table(bytes(range(65, 91)) + bytes(range(97, 123)))
_LOWER = _table(bytes(range(97, 123)))
_EMPTY = np.zeros(0, dtype=np.int64)


def _split_needles(chars: Sequence[str]) -> tuple[tuple[bytes, ...], np.ndarray]:
    """Characters as ASCII bytes (found with ``bytes.find``) and as the code
    points of the others (found among the decoded non-ASCII characters)."""
    return (
        tuple(c.encode("ascii") for c in chars if c.isascii()),
        np.array(sorted(ord(c) for c in chars if not c.isascii()), dtype=np.int64),
    )


_ODD_BYTES, _ODD_CODES = _split_needles(ODD_SPACES)
_CUE_BYTES, _CUE_CODES = _split_needles(CUE_CHARS)
_SEP_BYTES, _SEP_CODES = _split_needles(GLUED_SEPS)
#: ASCII characters before a separator that may end a dateline: capitals and
#: the ASCII dateline ends.
_DATELINE_BEFORE = _table(bytes(range(65, 91)) + "".join(c for c in DATELINE_ENDS if c.isascii()).encode("ascii"))
#: Opening quotes and marks a line of prose may start with; none is a list
#: marker, a digit or the start of an anchored strong rule.
_OPENERS = tuple(c.encode("utf-8") for c in "\"'“‘„«¿¡")
assert not any(c in MARKER_STARTS or c in START_CHARS or c.isdigit() or c.isalpha() for c in "\"'“‘„«¿¡")


def _rare_pair(needle: bytes) -> int:
    """Offset of the pair of bytes of an ASCII ``needle`` least frequent in
    English text (by the ranks of its letters), used to find the needle."""
    order = "etaoinshrdlcumwfgypbvkjxqz"

    def rarity(b: int) -> int:
        c = chr(b | 32)
        return order.index(c) if c in order else len(order)

    return max(range(len(needle) - 1), key=lambda j: rarity(needle[j]) + rarity(needle[j + 1]))


#: The cue words of more than one character, with the offset of their rarest pair.
_CUE_WORDS = tuple((w.lower().encode("ascii"), _rare_pair(w.lower().encode("ascii"))) for w in CUE_WORDS)


def _non_ascii(buf: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Where the non-ASCII characters of the UTF-8 bytes ``buf[:size]``
    start, and their code points (``buf`` is padded past ``size``)."""
    high = np.flatnonzero(buf[:size] >= 0x80)
    lead = high[(buf[high] & 0xC0) != 0x80]
    b0, b1, b2, b3 = (buf[lead + k].astype(np.int64) for k in range(4))
    code = np.where(
        b0 >= 0xF0,
        ((b0 & 0x07) << 18) | ((b1 & 0x3F) << 12) | ((b2 & 0x3F) << 6) | (b3 & 0x3F),
        np.where(b0 >= 0xE0, ((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F), ((b0 & 0x1F) << 6) | (b1 & 0x3F)),
    )
    return lead, code


def _pack(prefix: bytes) -> int:
    return int.from_bytes(prefix.ljust(8, b"\0"), "little")


def _start_words() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ASCII first words of anchored strong rules as (value, mask) of
    their first 8 bytes, and whether the word is longer than 8 bytes (then
    a match of the 8 bytes is not conclusive)."""
    values, masks, longer = [], [], []
    for word in START_WORDS:
        if not word.isascii():
            continue  # matches only a prefix with a non-ASCII byte: not settled here
        raw = word.encode("ascii")
        values.append(_pack(raw[:8]))
        masks.append(_pack(b"\xff" * min(len(raw), 8)))
        longer.append(len(raw) > 8)
    return (np.array(values, dtype=np.uint64), np.array(masks, dtype=np.uint64), np.array(longer, dtype=bool))


_START_VALUES, _START_MASKS, _START_LONGER = _start_words()


def _char_before(data: bytes, pos: int) -> str:
    """The character before byte ``pos`` of ``data``, skipping spaces, as
    ``prose.plain_prose_lines`` sees it ("" at the start; "\\n" at a line start)."""
    j = pos - 1
    while j >= 0 and data[j] == 32:
        j -= 1
    if j < 0:
        return ""
    if data[j] < 0x80:
        return chr(data[j])
    k = j
    while k > 0 and data[k] & 0xC0 == 0x80:
        k -= 1
    return data[k : j + 1].decode("utf-8", "surrogatepass")


def plain_prose_many(
    texts: Sequence[str], line_counts: Sequence[int]
) -> list[tuple[list[int], dict[int, str] | None] | None]:
    """For each text, the line statuses that :func:`prose.plain_prose_lines` returns and
    the normalised texts of plain-prose lines that differ from the line
    itself (None for a text not in NFKC: the string path gives none then);
    or None for a text that must take the one-text path.  ``texts`` hold no
    ``\\r``; ``line_counts`` are their numbers of lines."""
    result: list[tuple[list[int], dict[int, str] | None] | None] = [None] * len(texts)
    chosen: list[int] = []
    docs: list[str] = []  # the texts in NFKC
    clean: list[bool] = []  # a text already in NFKC: its lines' normalised texts are the lines
    ascii_doc: list[bool] = []
    for k, t in enumerate(texts):
        if t.isascii():
            norm, ascii_text = t, True
        else:
            ascii_text = False
            norm = t if unicodedata.is_normalized("NFKC", t) else unicodedata.normalize("NFKC", t)
            if norm is not t and norm.count("\n") != line_counts[k] - 1:
                continue  # lines merged or split by NFKC: the one-text path decides
        chosen.append(k)
        docs.append(norm)
        clean.append(norm is t)
        ascii_doc.append(ascii_text)
    if not chosen:
        return result
    data = b"\n".join([t.encode("utf-8", "surrogatepass") for t in docs])
    n_lines = np.array([line_counts[k] for k in chosen], dtype=np.int64)
    line_off = np.zeros(len(docs) + 1, dtype=np.int64)
    np.cumsum(n_lines, out=line_off[1:])
    buf = np.frombuffer(data + b"\0" * 8, dtype=np.uint8)  # padded: reads past a line stay inside
    size = len(data)
    newlines = np.flatnonzero(buf[:size] == 10)
    starts = np.concatenate(([0], newlines + 1))
    ends = np.concatenate((newlines, [size]))
    n = len(starts)
    assert n == line_off[-1]

    def find_lines(needle: bytes) -> list[int]:
        """The lines holding a byte (``bytes.find`` is ``memchr`` then)."""
        found = []
        pos = data.find(needle)
        while pos >= 0:
            g = int(np.searchsorted(starts, pos, side="right")) - 1
            found.append(g)
            pos = data.find(needle, ends[g] + 1)
        return found

    def line_at(positions: np.ndarray) -> np.ndarray:
        return np.searchsorted(starts, positions, side="right") - 1

    lead, code = _non_ascii(buf, size) if not data.isascii() else (_EMPTY, _EMPTY)

    # texts with odd white space take the one-text path
    odd = [g for byte in _ODD_BYTES for g in find_lines(byte)]
    odd.extend(line_at(lead[np.isin(code, _ODD_CODES)]).tolist())
    spaced_docs = np.zeros(len(docs), dtype=bool)
    if odd:
        spaced_docs[np.searchsorted(line_off, odd, side="right") - 1] = True

    # the lines with a cue
    status = np.full(n, -1, dtype=np.int8)  # -1 no cue, 0 cue, 1 plain prose
    status[[g for byte in _CUE_BYTES for g in find_lines(byte)]] = 0
    status[line_at(lead[np.isin(code, _CUE_CODES)])] = 0
    if _CUE_WORDS:
        even, odd_size = size // 2, max(size - 1, 0) // 2
        pairs = (
            np.frombuffer(data, np.uint16, even) | 0x2020,
            np.frombuffer(data, np.uint16, odd_size, offset=1) | 0x2020 if odd_size else np.zeros(0, dtype=np.uint16),
        )
        for word, j in _CUE_WORDS:  # where its rarest pair of bytes is, in either case
            key = int.from_bytes(word[j : j + 2], "little") | 0x2020
            at = np.concatenate((2 * np.flatnonzero(pairs[0] == key), 2 * np.flatnonzero(pairs[1] == key) + 1)) - j
            at = at[at >= 0]
            for k, byte in enumerate(word):
                at = at[(buf[at + k] | 32) == byte] if 97 <= byte <= 122 else at[buf[at + k] == byte]
            status[line_at(at)] = 0

    def line_text(g: int) -> str:
        return data[starts[g] : ends[g]].decode("utf-8", "surrogatepass")

    # a glued dateline: where a separator follows a capital or a dateline end
    seps = np.concatenate(
        [lead[np.isin(code, _SEP_CODES)]] + [np.flatnonzero(buf[:size] == sep[0]) for sep in _SEP_BYTES]
    )
    before = buf[np.maximum(seps - 1, 0)]
    settled = (seps > 0) & (before < 0x80) & (before != 32)  # the byte before is the character before
    cue = settled & _DATELINE_BEFORE[before]
    for k in np.flatnonzero(~settled).tolist():  # after a space, a non-ASCII character or at the start
        before_char = _char_before(data, int(seps[k]))
        cue[k] = before_char.isupper() or before_char in DATELINE_ENDS
    for g in np.unique(line_at(seps[cue])).tolist():  # each line searched once: linear time
        if status[g] != 0 and glued_dateline(line_text(g).strip()):
            status[g] = 0

    # the plain-prose test, from the bytes where they settle it
    length = ends - starts
    space_at = np.flatnonzero(buf[:size] == 32)

    def count_in_lines(positions: np.ndarray, stop: np.ndarray = ends) -> np.ndarray:
        return np.searchsorted(positions, stop) - np.searchsorted(positions, starts)

    spaces = count_in_lines(space_at)
    first = buf[starts]
    last = buf[np.maximum(ends - 1, 0)]
    candidate = (status == -1) & (spaces >= S.short_rule_max_words) & (length > spaces)
    undecided = candidate & ((first == 32) | (last == 32))  # not stripped: odd but possible
    candidate &= ~undecided
    # the sentence end, maybe before one closing quote or bracket
    before_last = buf[np.maximum(ends - 2, 0)]
    closed = _CLOSERS[last]
    end_at = np.where(closed, ends - 2, ends - 1)
    end_char = np.where(closed, before_last, last)
    unsure_end = (last >= 0x80) | (closed & ((before_last >= 0x80) | _CLOSERS[before_last]))
    undecided |= candidate & unsure_end
    candidate &= ~unsure_end & _ENDS[end_char]
    dots = (
        candidate & (end_char == 46) & (buf[np.maximum(end_at - 1, 0)] == 46) & (buf[np.maximum(end_at - 2, 0)] == 46)
    )
    undecided |= dots
    candidate &= ~dots
    # odd spacing inside the line: a space right before a space
    doubled_at = space_at[:-1][np.diff(space_at) == 1]
    doubled = candidate & (count_in_lines(doubled_at, np.maximum(ends - 1, starts)) > 0)
    undecided |= doubled
    candidate &= ~doubled
    # scripts written without spaces (only in non-ASCII texts)
    ascii_line = np.repeat(np.array(ascii_doc), n_lines)
    if len(lead):
        high = np.flatnonzero(buf[:size] >= 0x80)
        chars = length - (count_in_lines(high) - count_in_lines(lead))  # less continuation bytes
        candidate &= ascii_line | (chars <= 12 * (spaces + 1))
    # the first character: a letter, or an opening quote before one
    idx = np.flatnonzero(candidate & ~_NOT_QUICK_START[first])
    at = starts[idx]
    head = [buf[at + k] for k in range(8)]
    opener = np.zeros(len(idx), dtype=np.int64)  # bytes of an opening quote
    for raw in _OPENERS:
        found = opener == 0
        for k, byte in enumerate(raw):
            found &= head[k] == byte
        opener[found] = len(raw)
    # (such a line needs a letter, which the lower-case word found below is;
    # and no anchored strong rule starts with a quote)
    quoted = opener > 0
    letter = _LETTERS[head[0]]
    undecided[idx[~letter & ~quoted]] = True
    # a letter: the first word of an anchored strong rule, in the first 8 bytes
    packed = np.zeros(len(idx), dtype=np.uint64)
    non_ascii = np.zeros(len(idx), dtype=bool)
    for k in range(8):
        column = head[k]
        non_ascii |= column >= 0x80
        folded = column | (((column >= 65) & (column <= 90)).astype(np.uint8) << 5)  # ASCII lower case
        packed |= folded.astype(np.uint64) << np.uint64(8 * k)
    hit = (packed[:, None] & _START_MASKS[None, :]) == _START_VALUES[None, :]
    settled = (hit & ~_START_LONGER[None, :]).any(axis=1)  # not plain prose
    unsure = ((hit & _START_LONGER[None, :]).any(axis=1) | non_ascii) & ~settled
    undecided[idx[letter & unsure]] = True
    good = quoted | (letter & ~settled & ~unsure)
    # the title-run test: not needed once one of the first five words
    # starts in lower case (the test stops at that word, too early to hold)
    idx, at = idx[good], at[good]
    lower_word = _LOWER[head[0][good]]
    word = np.searchsorted(space_at, at)  # the line's first space (it has enough)
    for k in range(4):
        lower_word |= _LOWER[buf[space_at[word + k] + 1]]
    undecided[idx[~lower_word]] = True
    status[idx[lower_word]] = 1

    out_status = status.tolist()
    texts_of: dict[int, dict[int, str]] = {}  # doc -> line -> normalised text unlike the line
    lines = np.flatnonzero(undecided)
    owners = np.searchsorted(line_off, lines, side="right") - 1
    offsets = line_off.tolist()
    for g, d in zip(lines.tolist(), owners.tolist()):
        if spaced_docs[d]:
            continue
        line = line_text(g)
        stripped = line.strip()
        if stripped:
            prose = prose_line(stripped, False, bool(ascii_line[g]))
            if prose is not None:
                out_status[g] = 1
                if prose != line:
                    texts_of.setdefault(d, {})[g - offsets[d]] = prose
    for d, k in enumerate(chosen):
        if not spaced_docs[d]:
            result[k] = (out_status[offsets[d] : offsets[d + 1]], texts_of.get(d, {}) if clean[d] else None)
    return result


def strip_boilerplate_many(texts: Sequence[str]) -> list[str]:
    """:func:`dedup.strip_boilerplate` of each text, faster on a batch.

    Returns a list as long as ``texts``, in order; the result for each text
    is exactly ``strip_boilerplate(text)``.

    Raises:
        TypeError: if ``texts`` is a ``str`` or holds something other than
            ``str`` (the message gives its index).
    """
    return [text for text, _ in judge_many(texts)]


def judge_many(texts: Sequence[str]) -> list[tuple[str, bool]]:
    """:func:`strip_boilerplate_many`, and for each text whether an article
    is left (:func:`dedup.boilerplate.document.judge_text`)."""
    if isinstance(texts, str):
        raise TypeError("strip_boilerplate_many() expects a sequence of texts, got str")
    out: list[tuple[str, bool]] = [("", False)] * len(texts)
    batch: list[int] = []
    for k, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"strip_boilerplate_many(): text {k} is {type(text).__name__}, not str")
        if not text or text.isspace():
            continue
        if "\r" in text:
            out[k] = judge_text(text)
        else:
            batch.append(k)
    if len(batch) < MIN_BATCH:
        for k in batch:
            out[k] = judge_text(texts[k])
        return out
    split = [texts[k].split("\n") for k in batch]
    quick = plain_prose_many([texts[k] for k in batch], [len(lines) for lines in split])
    for k, lines, q in zip(batch, split, quick):
        text = texts[k]
        if q is None:
            out[k] = judge_lines(lines, text)
            continue
        status, unlike = q
        normalised: list[str | None]
        if unlike is None:  # not in NFKC: computed when needed
            normalised = [None] * len(lines)
        elif unlike:  # a plain-prose line's normalised text is the line itself but for these
            normalised = list(lines)
            for i, s in unlike.items():
                normalised[i] = s
        else:
            normalised = lines  # type: ignore[assignment]
        out[k] = judge_lines(lines, text, (status, normalised))
    return out
