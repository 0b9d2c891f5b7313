"""The fingerprinting stage shared by every front end.

text -> clean text -> shingle hashes -> signatures. :func:`fingerprint` runs
those stages over a list of texts in cache-sized chunks and returns everything
later stages need. :func:`dedup.signatures`, :class:`dedup.Deduplicator` (and so
:func:`dedup.cluster` and the command line) all call it; there is no other copy.

Stripping rule: when boilerplate stripping leaves a document without a single
word, the document is fingerprinted from its unstripped text instead, so a
document is never reduced to nothing by the stripper. A corpus-level
:class:`dedup.BoilerplateModel` (anything with a ``strip(text)`` method, such as
its frozen :meth:`~dedup.BoilerplateModel.stripper`) is applied first, here, for
every front end.

Long texts: a text of more than :data:`LONG_TEXT_CHARS` characters (a book, a
log, a whole-site dump, never a news page) is processed in segments so that
memory stays bounded whatever its length: it is cleaned in segments of whole
lines of about :data:`SEGMENT_CHARS` characters (the model and the stripper
see one segment at a time; a line longer than a segment is kept as it is,
without being classified), and the cleaned text is tokenised and shingled
piece by piece (:class:`dedup.shingle.ShingleStream`: consecutive pieces
share ``ngram - 1`` tokens, a word cut between pieces is one token), its
MinHash signature kept as a running minimum and its content key hashed as a
stream. Token count, shingles, signature and content key are exactly those
of the whole cleaned text; only the stripping can differ from stripping the
text whole (not at all with ``strip=False``). Its shingles are returned as
their sorted distinct set rather than in text order. Texts up to
:data:`LONG_TEXT_CHARS` characters are processed whole, as before.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import xxhash

from .lsh import sorted_unique
from .minhash import EMPTY, minhash_signatures
from .shingle import ShingleBatch, ShingleStream, shingle_batch

__all__ = [
    "LONG_TEXT_CHARS",
    "SEGMENT_CHARS",
    "Fingerprints",
    "clean_text",
    "NO_ARTICLE_PREFIX",
    "clean_texts",
    "content_key",
    "fingerprint",
    "is_article_key",
    "judge_texts",
    "text_segments",
]

# Bytes of text shingled at once: keeps the per-batch arrays in cache.
CHUNK_BYTES = 256 * 1024
#: Texts longer than this many characters are cleaned and fingerprinted in
#: segments, in bounded memory (see the module docstring).
LONG_TEXT_CHARS = 1 << 20
#: Characters per segment of a long text.
SEGMENT_CHARS = 1 << 18
_HAS_WORD = re.compile(r"[^\W_]")


#: Content keys of documents without an article (see :func:`content_key`)
#: start with these 6 bytes; no article's key does but with probability 2**-48.
NO_ARTICLE_PREFIX = b"\xfenoart"


def is_article_key(key: bytes | None) -> bool:
    """Whether ``key`` (a content key, None for a text without shingles) is
    that of a document with an article: the document is in the LSH index."""
    return key is not None and not key.startswith(NO_ARTICLE_PREFIX)


def content_key(hashes: np.ndarray, article: bool = True) -> bytes | None:
    """The content key of a document whose shingle hashes (in text order)
    are ``hashes``: the 128-bit xxh3 digest, equal for equal normalised token
    streams; None without shingles.

    For a document without an article, ``hashes`` are those of its raw text
    and the key is :data:`NO_ARTICLE_PREFIX` followed by 80 bits of their
    digest: such a document is an exact copy only of the same whole page,
    never of another page left with the same furniture.
    """
    if not len(hashes):
        return None
    digest = xxhash.xxh3_128_digest(hashes.data)
    return digest if article else NO_ARTICLE_PREFIX + digest[:10]


def clean_text(text: str, strip: bool, boilerplate_model: Any = None) -> str:
    """The text that is fingerprinted: without the lines of ``boilerplate_model``
    (if given) and stripped of boilerplate when ``strip``, unless that would
    leave no word at all (then ``text`` unchanged)."""
    return clean_texts([text], strip, boilerplate_model)[0]


def clean_texts(texts: Sequence[str], strip: bool, boilerplate_model: Any = None) -> list[str]:
    """:func:`clean_text` of each text; stripping runs over all of them at
    once (:func:`dedup.boilerplate.strip_boilerplate_many`), and a
    long text is cleaned in segments (see the module docstring)."""
    return judge_texts(texts, strip, boilerplate_model)[0]


def judge_texts(texts: Sequence[str], strip: bool, boilerplate_model: Any = None) -> tuple[list[str], list[bool]]:
    """:func:`clean_texts`, and whether each text has an article.

    A text has no article when stripping removed lines and what it kept
    holds no prose, or, when stripping removed every word (the text is then
    fingerprinted as it is, see :func:`clean_text`), when the text holds no
    prose (:mod:`dedup.boilerplate.document`). Texts are not judged (each
    has one) without ``strip`` and when longer than
    :data:`LONG_TEXT_CHARS` characters.
    """
    if any(len(t) > LONG_TEXT_CHARS for t in texts):
        cleaned: list[str] = []
        articles: list[bool] = []
        for t in texts:
            if len(t) > LONG_TEXT_CHARS:
                cleaned.append(_clean_long(t, strip, boilerplate_model))
                articles.append(True)
            else:
                one, judged = judge_texts([t], strip, boilerplate_model)
                cleaned += one
                articles += judged
        return cleaned, articles
    cleaned = list(texts) if boilerplate_model is None else [boilerplate_model.strip(t) for t in texts]
    articles = [True] * len(texts)
    if strip:
        from .boilerplate.batch import judge_many

        judged_many = judge_many(cleaned)
        cleaned = [c for c, _ in judged_many]
        articles = [a for _, a in judged_many]
    out: list[str] = []
    for k, (t, c) in enumerate(zip(texts, cleaned)):
        if not _HAS_WORD.search(c):  # nothing left: the text as it is
            if not (strip and _HAS_WORD.search(t)):
                articles[k] = True  # not judged
            elif boilerplate_model is not None:  # the model removed it all: judge the text itself
                from .boilerplate.batch import judge_many

                articles[k] = judge_many([t])[0][1]
            c = t
        out.append(c)
    return out, articles


def _clean_long(text: str, strip: bool, boilerplate_model: Any) -> str:
    """:func:`clean_text` of a long text: its cleaned pieces joined."""
    if not strip and boilerplate_model is None:
        return text
    cleaned = "".join(_cleaned_pieces(text, strip, boilerplate_model))
    return cleaned if _HAS_WORD.search(cleaned) else text


def text_segments(text: str) -> Iterator[tuple[int, int, bool]]:
    """``(start, end, whole)`` ranges that cover ``text`` in order: runs of
    whole lines (line breaks included) of at most about
    :data:`SEGMENT_CHARS` characters (``whole``), or pieces of a line longer
    than that (not ``whole``), cut where NFKC cannot join the two sides."""
    pos, n = 0, len(text)
    while pos < n:
        end = pos + SEGMENT_CHARS
        if end >= n:
            yield pos, n, True
            return
        cut = max(text.rfind("\n", pos, end), text.rfind("\r", pos, end)) + 1
        if cut > pos:
            if text[cut - 1] == "\r" and text.startswith("\n", cut):
                cut += 1
            yield pos, cut, True
            pos = cut
            continue
        # a line longer than a segment: in pieces, up to its line break
        stops = [i for i in (text.find("\n", end), text.find("\r", end)) if i >= 0]
        line_end = min(stops) + 1 if stops else n
        while pos < line_end:
            cut = _safe_cut(text, pos, min(pos + SEGMENT_CHARS, line_end))
            yield pos, cut, False
            pos = cut


def _safe_cut(text: str, lo: int, hi: int) -> int:
    """A position in ``(lo, hi]`` at which to cut ``text`` so that both sides
    normalise alone as they do together: ``hi`` if it is the end, else
    after the last space or before a character that no normalisation joins
    to the one before (tried over the last 4,096 characters; ``hi`` if none
    is found there, which only text of thousands of combining marks can do)."""
    if hi >= len(text):
        return len(text)
    floor = max(lo + 1, hi - 4096)
    space = text.rfind(" ", floor - 1, hi - 1)
    if space >= 0 and _cuttable(text, space + 1):
        return space + 1
    for p in range(hi, floor - 1, -1):
        if _cuttable(text, p):
            return p
    return hi


def _cuttable(text: str, p: int) -> bool:
    """Whether ``text[:p]`` and ``text[p:]`` normalise and tokenise alone as
    they do together: ``text[p]`` is a starter that NFKC keeps, that never
    ends a composed character (so nothing on one side can combine or reorder
    with anything on the other) and is not a combining mark (which joins
    the letter before it in a token, see :func:`dedup.normalize.tokenize`)."""
    c = text[p]
    return c.isascii() or (
        unicodedata.combining(c) == 0
        and unicodedata.category(c)[0] != "M"
        and c not in _composing_seconds()
        and unicodedata.is_normalized("NFKC", c)
    )


_SECONDS: frozenset[str] | None = None


def _composing_seconds() -> frozenset[str]:
    """The characters that NFC composes with a character before them: the
    second character of every two-character canonical decomposition, and
    Hangul vowel and final jamo (built once, on first use)."""
    global _SECONDS
    if _SECONDS is None:
        seconds = {chr(c) for c in range(0x1161, 0x1176)} | {chr(c) for c in range(0x11A8, 0x11C3)}
        for cp in range(0x80, 0x110000):
            parts = unicodedata.decomposition(chr(cp)).split()
            if len(parts) == 2 and not parts[0].startswith("<"):
                seconds.add(chr(int(parts[1], 16)))
        _SECONDS = frozenset(seconds)
    return _SECONDS


def _cleaned_pieces(text: str, strip: bool, boilerplate_model: Any) -> Iterator[str]:
    """The cleaned text of a long text, in pieces: each segment of whole
    lines without the model's lines and stripped when ``strip`` (segments
    joined by a line break), a line longer than a segment as it is."""
    from .boilerplate import strip_boilerplate

    after = False  # something was written: the next segment starts on a new line
    for start, end, whole in text_segments(text):
        piece = text[start:end]
        if whole:
            if boilerplate_model is not None:
                piece = boilerplate_model.strip(piece)
            if strip:
                piece = strip_boilerplate(piece)
            if not piece:
                continue
            if after:
                yield "\n"
        elif after and start and text[start - 1] in "\r\n":
            yield "\n"
        yield piece
        after = True


def _raw_pieces(text: str) -> Iterator[str]:
    """``text`` in pieces of at most about :data:`SEGMENT_CHARS` characters."""
    for start, end, _ in text_segments(text):
        yield text[start:end]


@dataclass(frozen=True)
class Fingerprints:
    """Fingerprints of a list of documents.

    Attributes
    ----------
    signatures : numpy.ndarray
        ``uint32`` MinHash signatures, shape ``(n, num_perm)``.
    token_counts : numpy.ndarray
        ``int64`` number of tokens in each fingerprinted text.
    content_keys : list of bytes or None
        128-bit xxh3 digest of each document's shingle sequence: equal keys
        mean identical normalised token streams (exact duplicates). None for
        a document without shingles. For a document without an article, the
        key of its raw text (:func:`content_key`).
    articles : numpy.ndarray
        ``bool``: whether each document has an article left after stripping
        (:func:`judge_texts`); one without is never an LSH candidate.
    shingle_hashes, shingle_offsets : numpy.ndarray
        Every document's ``uint32`` shingle hashes in text order (repeats
        kept; for a text of more than :data:`LONG_TEXT_CHARS` characters
        their sorted distinct set), in CSR layout; empty unless
        ``keep_shingles``.
    """

    signatures: np.ndarray
    token_counts: np.ndarray
    content_keys: list
    shingle_hashes: np.ndarray
    shingle_offsets: np.ndarray
    articles: np.ndarray = field(default_factory=lambda: np.ones(0, dtype=np.bool_))

    def __post_init__(self) -> None:
        if len(self.articles) != len(self.token_counts):  # made without judging: every document has one
            object.__setattr__(self, "articles", np.ones(len(self.token_counts), dtype=np.bool_))

    def __len__(self) -> int:
        return len(self.token_counts)

    def shingles(self, i: int) -> np.ndarray:
        """Shingle hashes of document ``i`` (a view; empty without ``keep_shingles``)."""
        return self.shingle_hashes[self.shingle_offsets[i] : self.shingle_offsets[i + 1]]


def fingerprint(
    texts: Sequence[str],
    *,
    ngram: int,
    num_perm: int,
    seed: int,
    strip: bool,
    keep_shingles: bool = True,
    boilerplate_model: Any = None,
) -> Fingerprints:
    """Clean, shingle and MinHash ``texts`` (already validated ``str``).

    ``boilerplate_model``: see :func:`clean_text`.

    Works through the texts in chunks of about :data:`CHUNK_BYTES` so the
    per-chunk arrays stay in cache.
    """
    n = len(texts)
    sigs = np.empty((n, num_perm), dtype=np.uint32)
    counts = np.empty(n, dtype=np.int64)
    keys: list = []
    articles = np.ones(n, dtype=np.bool_)
    parts: list[np.ndarray] = []
    sizes = np.zeros(n, dtype=np.int64)
    start = 0
    while start < n:
        if len(texts[start]) > LONG_TEXT_CHARS:
            sigs[start], counts[start], key, shingles = _fingerprint_long(
                texts[start], ngram, num_perm, seed, strip, keep_shingles, boilerplate_model
            )
            keys.append(key)
            if keep_shingles:
                parts.append(shingles)
                sizes[start] = len(shingles)
            start += 1
            continue
        stop, size = start, 0
        while (
            stop < n
            and len(texts[stop]) <= LONG_TEXT_CHARS
            and (stop == start or size + len(texts[stop]) <= CHUNK_BYTES)
        ):
            size += len(texts[stop])
            stop += 1
        cleaned, judged = judge_texts(texts[start:stop], strip, boilerplate_model)
        batch = shingle_batch(cleaned, ngram)
        sigs[start:stop] = minhash_signatures(batch, num_perm, seed)
        counts[start:stop] = batch.token_counts
        articles[start:stop] = judged
        offsets = batch.offsets.tolist()
        hashes = batch.hashes
        for i in range(stop - start):
            keys.append(content_key(hashes[offsets[i] : offsets[i + 1]]))
        if not all(judged):
            without = [i for i, a in enumerate(judged) if not a]
            raw = shingle_batch([texts[start + i] for i in without], ngram)
            for k, i in enumerate(without):
                keys[start + i] = content_key(raw.hashes[raw.offsets[k] : raw.offsets[k + 1]], article=False)
        if keep_shingles:
            parts.append(hashes)
            sizes[start:stop] = np.diff(batch.offsets)
        start = stop
    offsets_all = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets_all[1:])
    flat = np.concatenate(parts) if parts else np.empty(0, dtype=np.uint32)
    return Fingerprints(
        signatures=sigs,
        token_counts=counts,
        content_keys=keys,
        shingle_hashes=flat,
        shingle_offsets=offsets_all,
        articles=articles,
    )


def _fingerprint_long(
    text: str, ngram: int, num_perm: int, seed: int, strip: bool, keep_shingles: bool, boilerplate_model: Any
) -> tuple[np.ndarray, int, bytes | None, np.ndarray]:
    """Signature, token count, content key and sorted distinct shingles of a
    long text, in bounded memory (see the module docstring)."""
    cleaning = strip or boilerplate_model is not None
    pieces = _cleaned_pieces(text, strip, boilerplate_model) if cleaning else _raw_pieces(text)
    found = _fingerprint_pieces(pieces, ngram, num_perm, seed, keep_shingles)
    if cleaning and not found[-1]:  # stripping left no word: the text as it is
        found = _fingerprint_pieces(_raw_pieces(text), ngram, num_perm, seed, keep_shingles)
    return found[:-1]


def _fingerprint_pieces(
    pieces: Iterator[str], ngram: int, num_perm: int, seed: int, keep_shingles: bool
) -> tuple[np.ndarray, int, bytes | None, np.ndarray, bool]:
    """:func:`_fingerprint_long` of a text given in pieces, and whether it has a word."""
    stream = ShingleStream(ngram)
    sig = np.full(num_perm, EMPTY, dtype=np.uint32)
    key = xxhash.xxh3_128()
    seen = 0
    merged = np.empty(0, dtype=np.uint32)
    pending: list[np.ndarray] = []  # distinct shingles of pieces, merged in geometrically growing batches
    has_word = False

    def add(hashes: np.ndarray) -> None:
        nonlocal seen, merged, pending
        if not len(hashes):
            return
        seen += len(hashes)
        one = ShingleBatch(
            hashes=hashes, offsets=np.array([0, len(hashes)], dtype=np.int64), token_counts=np.zeros(1, dtype=np.int64)
        )
        np.minimum(sig, minhash_signatures(one, num_perm, seed)[0], out=sig)
        key.update(hashes.data)
        if keep_shingles:
            pending.append(sorted_unique(hashes))
            if sum(len(p) for p in pending) > max(len(merged), 1 << 16):
                merged = sorted_unique(np.concatenate([merged, *pending]))
                pending = []

    for piece in pieces:
        has_word = has_word or _HAS_WORD.search(piece) is not None
        add(stream.feed(piece))
    add(stream.close())
    if pending:
        merged = sorted_unique(np.concatenate([merged, *pending]))
    return sig, stream.token_count, key.digest() if seen else None, merged, has_word
