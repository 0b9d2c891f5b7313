"""Word n-gram shingles hashed to 32 bits, vectorised over whole batches.

The hot path never creates a Python object per token or per shingle: a batch
of documents is joined into one byte buffer, word boundaries are found with a
byte lookup table, every token is hashed at once with a polynomial prefix sum
over the bytes, and n-gram hashes are combined from token hashes with a few
array operations.

Hash definition (a contract: signatures depend on it)
-----------------------------------------------------
For a token with bytes ``c_0 .. c_{L-1}`` (see :func:`dedup.normalize.canonical_bytes`):

* ``poly = sum(c_i * B**(L-1-i)) mod 2**64`` with ``B = TOKEN_BASE``,
* ``token_hash = fmix64(poly)`` (the MurmurHash3 64-bit finaliser).

For a shingle of tokens ``t_0 .. t_{m-1}``:

* ``h = sum(token_hash(t_j) * K**(m-1-j)) mod 2**64`` with ``K = SHINGLE_BASE``,
* ``shingle_hash = fmix64(h) >> 32`` (a 32-bit value).

A document with at least ``ngram`` tokens yields its overlapping word
``ngram``-grams. A document with ``1 <= m < ngram`` tokens is one shingle made of
all its tokens (so short texts are still fingerprinted and compared, never
dropped). A document with no token has no shingle: its signature is empty.

:func:`shingles` and :func:`shingle_hash` are slow pure-Python references of the
same definition; ``shingle_hash`` is the ``hashfunc`` to give
:class:`datasketch.MinHash` for interoperable signatures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .normalize import WORD_BYTES, canonical_bytes

__all__ = ["ShingleBatch", "ShingleStream", "shingle_batch", "shingle_hash", "shingles"]

TOKEN_BASE = 0x100000001B3  # FNV-1a 64-bit prime: odd, so invertible mod 2**64
SHINGLE_BASE = 0x9E3779B97F4A7C15  # 2**64 / golden ratio, odd
_MASK64 = (1 << 64) - 1

_U64 = np.uint64
_B = _U64(TOKEN_BASE)
_B_INV = _U64(pow(TOKEN_BASE, -1, 1 << 64))
_K = _U64(SHINGLE_BASE)

# Word bytes: ASCII digits and lower-case letters, and every non-ASCII byte
# (what _token_hashes computes with three comparisons).
assert all(
    bool(WORD_BYTES.fullmatch(bytes([b]))) == (b >= 0x80 or ord("0") <= b <= ord("9") or ord("a") <= b <= ord("z"))
    for b in range(256)
)


def _fmix64_int(h: int) -> int:
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & _MASK64
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & _MASK64
    return h ^ (h >> 33)


def fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3 64-bit finaliser on a ``uint64`` array (returns a new array)."""
    h = h ^ (h >> _U64(33))
    h *= _U64(0xFF51AFD7ED558CCD)
    h ^= h >> _U64(33)
    h *= _U64(0xC4CEB9FE1A85EC53)
    h ^= h >> _U64(33)
    return h


class _Powers:
    """Cached ``B**i`` and ``B**-i`` mod 2**64, grown on demand up to a
    window (:data:`_WINDOW_BYTES`) and a token; longer tables (a single
    token longer than a window) are computed for the call and not kept."""

    def __init__(self) -> None:
        self.pow = np.ones(1, dtype=np.uint64)
        self.inv = np.ones(1, dtype=np.uint64)

    def get(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Tables of at least ``n`` powers."""
        if len(self.pow) >= n:
            return self.pow, self.inv
        size = max(n, min(2 * len(self.pow), _WINDOW_BYTES + 1), 1 << 16)
        pow_ = np.empty(size, dtype=np.uint64)
        inv = np.empty(size, dtype=np.uint64)
        pow_[0] = inv[0] = 1
        pow_[1:] = _B
        inv[1:] = _B_INV
        np.multiply.accumulate(pow_, out=pow_)
        np.multiply.accumulate(inv, out=inv)
        if size <= 2 * (_WINDOW_BYTES + 1):
            self.pow, self.inv = pow_, inv
        return pow_, inv


_POWERS = _Powers()


@dataclass(frozen=True)
class ShingleBatch:
    """Shingle hashes of a batch of documents, in CSR layout.

    Attributes
    ----------
    hashes : numpy.ndarray
        ``uint32`` shingle hashes of all documents, document after document,
        in text order (repeats kept).
    offsets : numpy.ndarray
        ``int64`` array of length ``n + 1``: document ``i`` owns
        ``hashes[offsets[i]:offsets[i+1]]``.
    token_counts : numpy.ndarray
        ``int64`` number of tokens of each document.
    """

    hashes: np.ndarray
    offsets: np.ndarray
    token_counts: np.ndarray

    def __len__(self) -> int:
        return len(self.token_counts)

    def doc(self, i: int) -> np.ndarray:
        """The shingle hashes of document ``i`` (a view)."""
        return self.hashes[self.offsets[i] : self.offsets[i + 1]]


#: Token hashes are computed over windows of at most this many bytes (cut
#: between tokens), so the cached powers of TOKEN_BASE stay small whatever
#: the length of a text.
_WINDOW_BYTES = 1 << 20


def _token_polys(buf: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The raw polynomial (``poly``, before fmix64) of every token of ``buf``,
    and where each token starts and ends."""
    data = np.frombuffer(buf, dtype=np.uint8)
    # word[1:-1] flags the word bytes (three comparisons run faster than a
    # table lookup); token edges are where the flag changes, alternately a
    # start and an end, with a non-word byte on either side of the buffer.
    word = np.zeros(len(data) + 2, dtype=np.bool_)
    inner = word[1:-1]
    np.greater_equal(data, 0x80, out=inner)
    inner |= (data - np.uint8(ord("0"))) < 10
    inner |= (data - np.uint8(ord("a"))) < 26
    edges = np.flatnonzero(word[1:] != word[:-1])
    del word, inner
    starts = edges[0::2]
    ends = edges[1::2]
    polys = np.empty(len(starts), dtype=np.uint64)
    # Windows of whole tokens spanning at most _WINDOW_BYTES (or one longer token).
    first = 0
    while first < len(starts):
        base = starts[first]
        last = max(int(np.searchsorted(ends, base + _WINDOW_BYTES, side="right")), first + 1)
        stop = ends[last - 1]
        n = stop - base
        pow_, inv = _POWERS.get(n + 1)
        # prefix[i] = sum_{t < i} c_t * B**-t (t counted from base), so a
        # token [s, e) has poly B**(e-1) * (prefix[e] - prefix[s]).
        prefix = np.empty(n + 1, dtype=np.uint64)
        prefix[0] = 0
        np.multiply(data[base:stop], inv[:n], out=prefix[1:])
        np.cumsum(prefix[1:], out=prefix[1:])
        s, e = starts[first:last] - base, ends[first:last] - base
        polys[first:last] = pow_[e - 1] * (prefix[e] - prefix[s])
        first = last
    return polys, starts, ends


def _token_hashes(buf: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Hash every token of ``buf``; return (token hashes, token start offsets)."""
    polys, starts, _ = _token_polys(buf)
    return fmix64(polys), starts


def shingle_batch(texts: Sequence[str], ngram: int) -> ShingleBatch:
    """Tokenise and shingle a batch of (already stripped) texts.

    Parameters
    ----------
    texts : sequence of str
        Document texts; they are normalised with
        :func:`dedup.normalize.canonical_bytes`.
    ngram : int
        Words per shingle (>= 1).

    Returns
    -------
    ShingleBatch
    """
    if ngram < 1:
        raise ValueError(f"ngram must be >= 1, got {ngram}")
    n_docs = len(texts)
    parts = [canonical_bytes(t) for t in texts]
    # One space between documents: a token never spans two documents.
    lengths = np.fromiter((len(p) + 1 for p in parts), dtype=np.int64, count=n_docs)
    doc_byte_start = np.zeros(n_docs, dtype=np.int64)
    np.cumsum(lengths[:-1], out=doc_byte_start[1:])
    tok, tok_start = _token_hashes(b" ".join(parts))
    tok_doc = np.searchsorted(doc_byte_start, tok_start, side="right") - 1
    counts = np.bincount(tok_doc, minlength=n_docs).astype(np.int64)
    first_tok = np.zeros(n_docs, dtype=np.int64)
    np.cumsum(counts[:-1], out=first_tok[1:])

    n_sh = np.where(counts >= ngram, counts - ngram + 1, np.minimum(counts, 1))
    offsets = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(n_sh, out=offsets[1:])
    out = np.empty(offsets[-1], dtype=np.uint64)

    full = counts >= ngram
    if full.any():
        # Horner over the n-gram window for every position of the batch, then
        # keep the windows that lie inside one document.
        m = len(tok) - ngram + 1
        acc = _windows(tok, ngram)
        pos = np.arange(m, dtype=np.int64)
        valid = pos - first_tok[tok_doc[:m]] <= counts[tok_doc[:m]] - ngram
        dest = np.repeat(full, n_sh)
        out[dest] = acc[valid]
    short = np.flatnonzero((counts > 0) & ~full)
    if len(short):
        # Documents shorter than one n-gram: a single shingle of all tokens.
        c = counts[short]
        acc = np.zeros(len(short), dtype=np.uint64)
        for j in range(int(c.max())):
            live = c > j
            acc[live] = acc[live] * _K + tok[first_tok[short[live]] + j]
        out[offsets[short]] = acc
    hashes = (fmix64(out) >> _U64(32)).astype(np.uint32)
    return ShingleBatch(hashes=hashes, offsets=offsets, token_counts=counts)


def _windows(tok: np.ndarray, ngram: int) -> np.ndarray:
    """``h`` (before fmix64) of every run of ``ngram`` consecutive token
    hashes of ``tok`` (Horner over the window), ``len(tok) - ngram + 1`` of them."""
    m = len(tok) - ngram + 1
    acc = tok[:m].copy()
    for j in range(1, ngram):
        acc *= _K
        acc += tok[j : j + m]
    return acc


class ShingleStream:
    """The shingles of one text given in pieces, bit-identical to
    :func:`shingle_batch` of the whole text, in memory bounded by a piece.

    :meth:`feed` takes the next piece and returns the ``uint32`` shingle
    hashes completed so far, in text order; :meth:`close` returns the rest
    (the last token, and a short document's one shingle).  Consecutive
    pieces share the last ``ngram - 1`` tokens, and a word cut between two
    pieces is one token: its polynomial hash is carried over.  A piece may
    end anywhere except between two characters that NFKC would change
    together (a letter and a combining mark): pieces are normalised alone.
    """

    def __init__(self, ngram: int) -> None:
        if ngram < 1:
            raise ValueError(f"ngram must be >= 1, got {ngram}")
        self.ngram = ngram
        #: Tokens seen so far.
        self.token_count = 0
        self._carry: int | None = None  # poly of the token the last piece ended in
        self._tail = np.empty(0, dtype=np.uint64)  # the last ngram - 1 token hashes

    def feed(self, piece: str) -> np.ndarray:
        """Add the next piece of the text; return the shingles it completes."""
        data = canonical_bytes(piece)
        if not data:
            return np.empty(0, dtype=np.uint32)
        polys, starts, ends = _token_polys(data)
        if self._carry is not None:
            if len(starts) and starts[0] == 0:  # the piece goes on with the carried token
                polys[0] = (self._carry * pow(TOKEN_BASE, int(ends[0]), 1 << 64) + int(polys[0])) & _MASK64
            else:  # the carried token ended with the last piece
                polys = np.concatenate((np.array([self._carry], dtype=np.uint64), polys))
            self._carry = None
        if len(ends) and ends[-1] == len(data):  # the piece ends inside a token
            self._carry = int(polys[-1])
            polys = polys[:-1]
        return self._shingles(fmix64(polys))

    def close(self) -> np.ndarray:
        """The shingles left at the end of the text."""
        tok = np.empty(0, dtype=np.uint64)
        if self._carry is not None:
            tok = fmix64(np.array([self._carry], dtype=np.uint64))
            self._carry = None
        out = self._shingles(tok)
        if 0 < self.token_count < self.ngram:  # a short text: one shingle of all its tokens
            out = (fmix64(_windows(self._tail, len(self._tail))) >> _U64(32)).astype(np.uint32)
        return out

    def _shingles(self, tok: np.ndarray) -> np.ndarray:
        self.token_count += len(tok)
        both = np.concatenate((self._tail, tok)) if len(self._tail) else tok
        keep = self.ngram - 1
        out = np.empty(0, dtype=np.uint32)
        if len(both) >= self.ngram:
            out = (fmix64(_windows(both, self.ngram)) >> _U64(32)).astype(np.uint32)
        self._tail = both[max(len(both) - keep, 0) :].copy() if keep else both[:0]
        return out


def _token_hash_int(token: bytes) -> int:
    h = 0
    for c in token:
        h = (h * TOKEN_BASE + c) & _MASK64
    return _fmix64_int(h)


def shingle_hash(shingle: bytes | str) -> int:
    """Reference 32-bit hash of one shingle (space-separated tokens).

    Pure Python and slow; use it as ``hashfunc`` of :class:`datasketch.MinHash`
    with the strings from :func:`shingles` to reproduce dedup's signatures.
    """
    if isinstance(shingle, str):
        shingle = shingle.encode("utf-8", "surrogatepass")
    h = 0
    for token in shingle.split(b" "):
        h = (h * SHINGLE_BASE + _token_hash_int(token)) & _MASK64
    return _fmix64_int(h) >> 32


def shingles(text: str, ngram: int) -> list[str]:
    """Reference shingles of ``text``: space-joined word n-grams, in order.

    Follows the same rules as :func:`shingle_batch` (short documents give one
    shingle of all their tokens; a text without tokens gives none). The text
    is normalised but not stripped of boilerplate.
    """
    if ngram < 1:
        raise ValueError(f"ngram must be >= 1, got {ngram}")
    tokens = [t.decode("utf-8", "surrogatepass") for t in WORD_BYTES.findall(canonical_bytes(text))]
    if not tokens:
        return []
    if len(tokens) < ngram:
        return [" ".join(tokens)]
    return [" ".join(tokens[i : i + ngram]) for i in range(len(tokens) - ngram + 1)]
