"""Fingerprinting and clustering throughput of dedup against its peers.

Issue 5, part 1: "An ingestion pipeline pays for every document it
fingerprints." This script measures what it pays, in one process and on one
corpus, for dedup and for the MinHash libraries a user would otherwise pick.

Method
------
Corpus (:func:`build_corpus`, deterministic for a given ``--seed``):
``N`` news-like documents of 450-650 body words. Words are drawn from a
Zipf-Mandelbrot distribution (``p(r) ~ 1 / (r + 2.7)``) over a 30,000-word
vocabulary: the ~150 most frequent ranks are real English function and news
words, the rest pronounceable pseudo-words built from syllables (shorter
words at higher ranks), a few percent proper names (always capitalised) and
numerals. Sentences of 6-34 words start with a capital letter and end with a
full stop, with commas inside; paragraphs of 1-4 sentences are lines
separated by blank lines, under a Title Case headline; some articles carry a
byline, some quote a speaker, a fraction (``--typographic``, default 0.2)
uses curly quotes and em dashes as scraped pages do, and a fraction
(``--accented``, default 0.1) mentions a name, place or amount with a
character that stays non-ASCII after folding ("José Núñez", "Zürich",
"€4.5m"). Non-ASCII text takes slower normalisation paths in dedup, so these
two fractions matter; set them to 0 for an all-ASCII corpus. About 15 % of the originals carry one or two boilerplate
lines ("Advertisement", "Share this article", ...). About 30 % of the
documents (``--dup-fraction``) are near-duplicates of an earlier original
(chosen among the previous ~500 documents, like a news stream): 1-5 % word
edits (replace, insert, delete), teasers keeping 60-90 % of the paragraphs,
copies with a boilerplate line appended ("Share this article", "Sign up for
our newsletter", ...), and exact wire copies. Document ``i`` depends only on
``(seed, i)``, so a smaller corpus is a prefix of a larger one.

Rows (each states what its time includes):

* ``dedup.cluster`` with defaults (boilerplate stripping, normalisation,
  3-word shingles, 128-permutation MinHash, LSH, exact verification,
  union-find), and with ``strip=False``;
* ``dedup.signatures`` (fingerprints only), with and without stripping;
* ``Deduplicator().add_many`` (the streaming index; returns a Match per doc);
* with ``workers=`` support in this dedup version (detected with
  :func:`inspect.signature`): the same with ``workers=1`` and ``workers=2``;
* peers, all ``num_perm=128`` over the same word 3-gram shingles
  (``dedup.DEFAULT_NGRAM``) of ``re.findall(r"\\w+", text.lower())``, their
  tokenisation and shingling counted in their time (that is what a user
  pays), no boilerplate stripping, no LSH: datasketch ``MinHash.update()``
  once per shingle (subset, it is slow), datasketch ``MinHash.bulk`` (subset)
  and rensa ``RMinHash(num_perm=128, seed=42).update(list_of_shingles)``
  (when ``rensa`` is installed; the row is skipped otherwise).

Timing: every row is run ``--repeat`` times in interleaved rounds (round k
runs every row once, so a change of load on a shared machine hits all rows
alike), with ``tracemalloc`` off and after a ``gc.collect()``; the best of K
is reported with all times and the spread max/min - 1, plus the CPU time
(worker processes included) over wall time of the best run, which shows how
many cores a row really got. Throughput is docs/s and MB/s of UTF-8 input
text, and docs per CPU second (of the run that used the least CPU), which
load from other processes hardly changes: on a busy machine compare
single-process rows with it; the wall-clock numbers are the primary ones.
The corpus is built and frozen out of the garbage collector (``gc.freeze``)
before timing, so the collection before each run is cheap; dedup's own
objects are collected as usual. Ratios divide a row's docs/s by a
peer's docs/s (peers run on a prefix subset of the same corpus; their cost per
document does not depend on which documents they see).

Memory: each row is run once more with ``tracemalloc`` on (numpy buffers are
tracked; rensa's Rust heap is not) and its peak of newly allocated memory is
reported; the corpus is allocated before tracing starts and is not counted.
The in-memory index size is measured twice: ``Deduplicator.nbytes()``
(signatures + LSH arrays + shingle sets) with defaults and with
``exact=False`` (signatures + LSH only), and, because ``nbytes()`` only counts
numpy arrays, the memory the index really retains (``tracemalloc`` current
after building it, the index alive, inputs and results excluded). Both are
divided by N and extrapolated to 1,000,000 documents against a 2 GB budget.

``--scale`` repeats ``dedup.cluster`` and ``dedup.signatures`` (with
``workers=1`` when supported: one core, no process start-up) and the retained
size of an ``exact=False`` index at 10k, 20k, 40k and 80k documents (prefixes
of one corpus) to show that cost per document stays flat. ``--profile`` prints the top
cProfile entries of ``dedup.cluster`` with defaults.

Usage (about 8 minutes on a quiet 2-core machine: 5 for the main rows, 3 for
the wire corpus, which ``--no-wire`` skips)::

    python benchmarks/throughput.py [--n 20000] [--repeat 3] [--seed 0] [--json out.json]
    python benchmarks/throughput.py --scale --json scale.json

The "acceptance" lines at the end compare rows with the project's targets
(issues 3, 5 and 15); "target not met" is a measurement, not an error.
"""

from __future__ import annotations

import argparse
import gc
import inspect
import json
import os
import platform
import re
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any, Optional

import numpy as np

import dedup

# --------------------------------------------------------------------------- corpus

VOCAB_SIZE = 30_000
ZIPF_S = 1.0
ZIPF_Q = 2.7
MIN_WORDS, MAX_WORDS = 450, 650
DUP_WINDOW = 500  # a near-duplicate copies one of the previous ~DUP_WINDOW documents

# The most frequent ranks: real English function words and common news words.
COMMON_WORDS = (
    "the of and to a in that is for on said it was with as he by at from his be has an have are "
    "but not were which this they its who had their been will would after also more than or one new "
    "about up there two year she when over first people last we her out all can into government "
    "some told other could time years just million what no percent because before only week under "
    "three police since while state while most during officials where company country president "
    "against between our back market per city minister could through if may plans report group "
    "public health four second house former national court month local news officials being world "
    "any should many world spokesman added including both months found recent early next service "
    "school work support last family according days high even economy help business made among "
    "power there election party law ever former council data public five million").split()
ACCENTED = ("according to José Núñez", "in São Paulo", "near Zürich", "worth €4.5m", "about £300m",
            "at the Café Müller", "said François Lefèvre", "in Malmö", "from Kraków", "as temperatures hit 38°C")
FIRST_NAMES = ("Anna", "David", "Maria", "James", "Chen", "Fatima", "Lukas", "Priya", "Omar", "Sofia", "Tom", "Elena")
BOILERPLATE = (
    "Share this article",
    "Sign up for our newsletter",
    "Advertisement",
    "Follow us on Twitter",
    "Read more:",
    "Share on Facebook",
    "Sign up to get the latest news delivered to your inbox every morning.",
    "We use cookies to improve your experience. By continuing to browse the site you agree to our use of cookies.",
    "\u00a9 2024 The Daily Ledger. All rights reserved.",
    "Related articles",
)
_ONSETS = ("b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
           "br", "ch", "cl", "dr", "fl", "gr", "pl", "pr", "sh", "st", "str", "th", "tr", "")
_NUCLEI = ("a", "e", "i", "o", "u", "ai", "ea", "ee", "ie", "oo", "ou", "y")
_CODAS = ("", "", "", "n", "r", "s", "t", "l", "m", "nd", "nt", "st", "ck", "ng", "rd", "x")
# Token codes: 4 * word + form, form 0 plain, 1 with a comma, 2 sentence end, 3 capitalised.
PLAIN, COMMA, END, CAP = 0, 1, 2, 3
PARA = -1  # paragraph break inside a flat code array


@dataclass
class Vocabulary:
    """Word forms by token code and the cumulative rank distribution."""

    forms: list[str]
    cdf: np.ndarray
    size: int


@lru_cache(maxsize=4)
def make_vocabulary(seed: int = 0, size: int = VOCAB_SIZE) -> Vocabulary:
    """Build the deterministic vocabulary and its Zipf-Mandelbrot distribution.

    The vocabulary is the corpus' language: :func:`build_corpus` uses the one
    of ``seed=0`` whatever its own seed, which picks the documents.

    Rank 0.. are :data:`COMMON_WORDS`; the rest are pseudo-words (1-4
    syllables, shorter ones at higher ranks, with noise), about 4 % proper
    names (capitalised in every form) and about 1 % numerals.
    """
    rng = np.random.default_rng([seed, 0x70CAB])
    common = list(dict.fromkeys(COMMON_WORDS))
    seen = set(common)
    pseudo: list[str] = []
    while len(pseudo) < size - len(common):
        batch = 2 * (size - len(common) - len(pseudo)) + 100
        sylls = rng.choice([1, 2, 2, 2, 3, 3, 4], size=batch)
        parts = np.stack([rng.integers(len(_ONSETS), size=(batch, 4)), rng.integers(len(_NUCLEI), size=(batch, 4)),
                          rng.integers(len(_CODAS), size=(batch, 4))], axis=-1).tolist()
        for syll, word_parts in zip(sylls.tolist(), parts):
            w = "".join(_ONSETS[o] + _NUCLEI[u] + _CODAS[c] for o, u, c in word_parts[:syll])
            if len(w) >= 2 and w not in seen and len(pseudo) < size - len(common):
                seen.add(w)
                pseudo.append(w)
    # Frequent words are short: sort by length plus noise.
    keys = np.array([len(w) for w in pseudo], dtype=np.float64) + rng.normal(0.0, 2.5, len(pseudo))
    words = common + [pseudo[i] for i in np.argsort(keys, kind="stable")]
    kind = rng.random(size)
    numerals = np.choose(rng.integers(0, 3, size), [rng.integers(2, 100, size), rng.integers(1990, 2030, size),
                                                     rng.integers(100, 100_000, size)]).tolist()
    forms: list[str] = []
    for rank, w in enumerate(words):
        if rank >= len(common) and kind[rank] < 0.01:
            w = cap = str(numerals[rank])
        elif rank >= len(common) and kind[rank] < 0.05:
            w = cap = w.capitalize()  # a proper name
        else:
            cap = w.capitalize()
        forms.extend((w, w + ",", w + ".", cap))
    ranks = np.arange(1, size + 1, dtype=np.float64)
    p = 1.0 / (ranks + ZIPF_Q) ** ZIPF_S
    cdf = np.cumsum(p / p.sum())
    cdf[-1] = 1.0
    return Vocabulary(forms=forms, cdf=cdf, size=size)


def _draw_words(rng: np.random.Generator, vocab: Vocabulary, n: int) -> np.ndarray:
    return np.minimum(np.searchsorted(vocab.cdf, rng.random(n), side="right"), vocab.size - 1).astype(np.int64)


def _original(seed: int, i: int, vocab: Vocabulary) -> list[np.ndarray]:
    """Token-code paragraphs of original document ``i`` (headline first)."""
    rng = np.random.default_rng([seed, i, 0])
    n = int(rng.integers(MIN_WORDS, MAX_WORDS + 1))
    words = _draw_words(rng, vocab, n)
    lengths = rng.integers(6, 35, size=n // 6 + 2)
    bounds = np.cumsum(lengths)
    k = int(np.searchsorted(bounds, n))  # sentences 0..k, the last one cut at n
    ends = bounds[: k + 1].copy()
    ends[-1] = n
    if k > 0 and ends[-1] - ends[-2] < 4:  # no stub sentence at the end
        ends = np.delete(ends, -2)
    starts = np.concatenate([[0], ends[:-1]])
    form = np.where(rng.random(n) < 0.07, COMMA, PLAIN)
    form[starts] = CAP
    form[ends - 1] = END
    codes = words * 4 + form
    paragraphs: list[np.ndarray] = []
    s = 0
    while s < len(starts):
        t = min(s + int(rng.integers(1, 5)), len(starts))
        paragraphs.append(codes[starts[s] : ends[t - 1]])
        s = t
    headline = _draw_words(rng, vocab, int(rng.integers(5, 13))) * 4 + CAP
    return [headline, *paragraphs]


def _edit(rng: np.random.Generator, vocab: Vocabulary, para: np.ndarray, rate: float) -> np.ndarray:
    """Apply about ``rate * len(para)`` word edits (replace, delete, insert)."""
    k = int(rng.binomial(len(para), rate))
    if k == 0:
        return para
    pos = rng.choice(len(para), size=k, replace=False)
    op = rng.integers(0, 3, size=k)
    out = para.copy()
    rep = pos[op == 0]
    out[rep] = _draw_words(rng, vocab, len(rep)) * 4 + out[rep] % 4  # keep the punctuation form
    ins = np.sort(pos[op == 2])
    keep = np.ones(len(out), dtype=bool)
    keep[pos[op == 1]] = False
    inserted = np.insert(out, ins, _draw_words(rng, vocab, len(ins)) * 4 + PLAIN)
    keep = np.insert(keep, ins, True)
    return inserted[keep]


def _render(paragraphs: list[np.ndarray], vocab: Vocabulary, rng: np.random.Generator,
            typographic: bool, extra_lines: Sequence[tuple[int, str]] = (), accented: bool = False) -> str:
    """Join token-code paragraphs into text: lines separated by blank lines.

    ``typographic``: curly quotes and em dashes instead of ASCII ones.
    ``accented``: one or two paragraphs end with a phrase from :data:`ACCENTED`.
    ``extra_lines`` are ``(position, line)`` pairs inserted before paragraph
    ``position`` (``len(paragraphs)`` appends).
    """
    forms = vocab.forms
    open_q, close_q, dash = ("\u201c", "\u201d", " \u2014 ") if typographic else ('"', '"', " - ")
    lines: list[str] = []
    for j, para in enumerate(paragraphs):
        text = " ".join([forms[c] for c in para.tolist()])
        if j > 1 and rng.random() < 0.12:  # a quoted paragraph
            text = f"{open_q}{text}{close_q} {FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))]} said."
        elif j > 1 and rng.random() < 0.1:
            cut = text.find(", ")
            if cut > 0:
                text = text[:cut] + dash + text[cut + 2 :]
        if typographic:
            text = text.replace("'", "\u2019")
        if accented and j > 0 and text.endswith(".") and (rng.random() < 0.2 or j == len(paragraphs) - 1):
            text = f"{text[:-1]}, {ACCENTED[int(rng.integers(len(ACCENTED)))]}."
            accented = rng.random() < 0.5  # sometimes a second one
        lines.append(text)
    for pos, line in sorted(extra_lines, key=lambda x: -x[0]):
        lines.insert(pos, line)
    return "\n\n".join(lines) + "\n"


def build_corpus(n: int, seed: int = 0, dup_fraction: float = 0.3, typographic: float = 0.2,
                 vocab: Optional[Vocabulary] = None, accented: float = 0.1) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """Build ``n`` deterministic ``(id, text)`` documents and describe them.

    Returns the documents and a dict of corpus statistics (counts of each
    kind of near-duplicate, words, bytes). Document ``i`` depends only on
    ``seed`` and ``i``.
    """
    vocab = vocab or make_vocabulary()
    docs: list[tuple[str, str]] = []
    source_of: list[int] = []
    kinds: dict[str, int] = {"original": 0, "edit": 0, "teaser": 0, "boilerplate": 0, "exact": 0}
    for i in range(n):
        rng = np.random.default_rng([seed, i, 1])
        typo = bool(rng.random() < typographic)
        accents = bool(rng.random() < accented)
        extra: list[tuple[int, str]] = []
        if i > 0 and rng.random() < dup_fraction:
            j = i - 1 - int(rng.integers(0, min(i, DUP_WINDOW)))
            src = source_of[j]  # copies are made from originals
            paras = _original(seed, src, vocab)
            kind = str(rng.choice(["edit", "teaser", "boilerplate", "exact"], p=[0.4, 0.2, 0.3, 0.1]))
            if kind == "edit":
                rate = float(rng.uniform(0.01, 0.05))
                paras = [paras[0]] + [_edit(rng, vocab, p, rate) for p in paras[1:]]
            elif kind == "teaser":
                body = paras[1:]
                keep = max(1, int(round(len(body) * rng.uniform(0.6, 0.9))))
                paras = [paras[0]] + body[:keep]
            elif kind == "boilerplate":
                paras = [paras[0]] + [_edit(rng, vocab, p, 0.005) for p in paras[1:]]
                for line in rng.choice(len(BOILERPLATE), size=int(rng.integers(1, 3)), replace=False):
                    extra.append((len(paras), BOILERPLATE[int(line)]))
            kinds[kind] += 1
            source_of.append(src)
        else:
            paras = _original(seed, i, vocab)
            kinds["original"] += 1
            source_of.append(i)
            if rng.random() < 0.15:
                for line in rng.choice(len(BOILERPLATE), size=int(rng.integers(1, 3)), replace=False):
                    extra.append((int(rng.integers(2, len(paras) + 1)), BOILERPLATE[int(line)]))
        if rng.random() < 0.3:
            name = f"By {FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))]} {vocab.forms[4 * int(rng.integers(200, 3000)) + CAP]}"
            extra.append((1, name))
        docs.append((f"doc{i:07d}", _render(paras, vocab, rng, typo, extra, accents)))
    nbytes = sum(len(t.encode("utf-8")) for _, t in docs)
    stats = {
        "documents": n,
        "seed": seed,
        "near_duplicates": n - kinds["original"],
        "kinds": kinds,
        "bytes": nbytes,
        "mean_bytes": nbytes / max(n, 1),
        "mean_words": sum(len(t.split()) for _, t in docs) / max(n, 1),
        "vocabulary": vocab.size,
        "typographic_fraction": typographic,
        "accented_fraction": accented,
        "non_ascii_documents": sum(not t.isascii() for _, t in docs),
    }
    return docs, stats


#: Share of the corpus that is copies of each wire story (4,000 and 2,000 of 20,000 documents).
WIRE_SHARES = (0.2, 0.1)
#: ``_original`` index of wire story ``k``: far from the plain corpus's documents.
_WIRE_BASE = 10**9


def build_wire_corpus(n: int, seed: int = 0, stories: Optional[Sequence[int]] = None, typographic: float = 0.2,
                      vocab: Optional[Vocabulary] = None, accented: float = 0.1,
                      ) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """``n`` documents of which ``sum(stories)`` are wire copies of ``len(stories)`` stories
    (by default :data:`WIRE_SHARES` of ``n``).

    The other documents are :func:`build_corpus` of ``n - sum(stories)``
    documents (its own 30 % near-duplicates included). Each copy of story
    ``k`` has 0.5-3 % of its body words edited (replaced, deleted, inserted)
    and 0-2 boilerplate lines appended, as sites reprinting an agency story
    do; the copies are interleaved with the other documents in a random
    order. The statistics name the ids of each story's copies (``stories``).
    """
    vocab = vocab or make_vocabulary()
    if stories is None:
        stories = [round(n * share) for share in WIRE_SHARES]
    copies = int(sum(stories))
    if copies > n:
        raise ValueError(f"{copies} wire copies do not fit in {n} documents")
    base, stats = build_corpus(n - copies, seed=seed, typographic=typographic, vocab=vocab, accented=accented)
    wire: list[tuple[str, str]] = []
    members: list[list[str]] = []
    for k, count in enumerate(stories):
        paras = _original(seed, _WIRE_BASE + k, vocab)
        ids = []
        for c in range(count):
            rng = np.random.default_rng([seed, _WIRE_BASE + k, c + 2])
            rate = float(rng.uniform(0.005, 0.03))
            copy = [paras[0]] + [_edit(rng, vocab, p, rate) for p in paras[1:]]
            extra = [(len(copy), BOILERPLATE[int(line)])
                     for line in rng.choice(len(BOILERPLATE), size=int(rng.integers(0, 3)), replace=False)]
            doc_id = f"wire{k}-{c:05d}"
            ids.append(doc_id)
            wire.append((doc_id, _render(copy, vocab, rng, bool(rng.random() < typographic), extra,
                                         bool(rng.random() < accented))))
        members.append(ids)
    order = np.random.default_rng([seed, _WIRE_BASE]).permutation(n)
    docs: list[tuple[str, str]] = [("", "")] * n
    everything = base + wire
    for target, doc in zip(order.tolist(), everything):
        docs[target] = doc
    nbytes = sum(len(t.encode("utf-8")) for _, t in docs)
    stats = {**stats, "documents": n, "wire_copies": copies, "stories": members, "bytes": nbytes,
             "mean_bytes": nbytes / max(n, 1)}
    return docs, stats


def build_shared_block_corpus(n: int, block_words: int = 2000, own_words: int = 480, seed: int = 0,
                              vocab: Optional[Vocabulary] = None) -> list[tuple[str, str]]:
    """``n`` documents that share one ``block_words``-word passage, each with
    ``own_words`` words of its own after it (the worst case for LSH buckets:
    every document shares the passage's band keys with every other)."""
    vocab = vocab or make_vocabulary()

    def paragraphs(rng: np.random.Generator, words: int) -> list[np.ndarray]:
        out, codes = [], _draw_words(rng, vocab, words) * 4 + PLAIN
        start = 0
        while start < words:
            stop = min(words, start + int(rng.integers(40, 90)))
            para = codes[start:stop].copy()
            para[0] += CAP - PLAIN
            para[-1] += END - PLAIN
            out.append(para)
            start = stop
        return out

    block = paragraphs(np.random.default_rng([seed, _WIRE_BASE, 1]), block_words)
    docs = []
    for i in range(n):
        rng = np.random.default_rng([seed, _WIRE_BASE, 2, i])
        docs.append((f"block{i:05d}", _render(block + paragraphs(rng, own_words), vocab, rng, False)))
    return docs


def wire_story_check(clusters: Sequence[Sequence[str]], stories: Sequence[Sequence[str]]) -> list[str]:
    """Problems with the stories' clusters: each story's copies must be one
    cluster with nothing else in it (an empty list when they are)."""
    cluster_of = {doc_id: i for i, members in enumerate(clusters) for doc_id in members}
    problems = []
    for k, ids in enumerate(stories):
        found = {cluster_of[doc_id] for doc_id in ids}
        if len(found) != 1:
            problems.append(f"story {k}: its {len(ids)} copies are in {len(found)} clusters")
            continue
        size = len(clusters[found.pop()])
        if size != len(ids):
            problems.append(f"story {k}: its cluster has {size - len(ids)} other documents")
    return problems


# --------------------------------------------------------------------------- rows

_PEER_TOKEN = re.compile(r"\w+")


def peer_shingles(text: str, ngram: int) -> list[str]:
    """Word ``ngram``-grams of lower-cased ``\\w+`` tokens, as a peer user would
    compute them (a text shorter than ``ngram`` words is one shingle)."""
    tokens = _PEER_TOKEN.findall(text.lower())
    if len(tokens) < ngram:
        return [" ".join(tokens)] if tokens else []
    return [" ".join(tokens[i : i + ngram]) for i in range(len(tokens) - ngram + 1)]


@dataclass
class Row:
    """One measured configuration."""

    name: str
    includes: str
    n_docs: int
    fn: Callable[[], Any]
    peer: Optional[str] = None  # peer key for ratios ("update", "bulk", "rensa")
    memory: bool = True  # also measure the tracemalloc peak
    result: dict[str, Any] = field(default_factory=dict)


def supports_workers() -> dict[str, bool]:
    """Whether this dedup accepts ``workers=`` in cluster, signatures and add_many.

    ``cluster`` forwards ``**options`` to :class:`dedup.Deduplicator`, so a
    ``workers`` parameter of its constructor counts for it as well.
    """
    def has(fn: Callable) -> bool:
        try:
            return "workers" in inspect.signature(fn).parameters
        except (TypeError, ValueError):
            return False

    init = has(dedup.Deduplicator.__init__)
    return {
        "cluster": has(dedup.cluster) or init,
        "signatures": has(dedup.signatures),
        "add_many": has(dedup.Deduplicator.add_many) or init,
    }


def _add_many(pairs: list[tuple[str, str]], workers: Optional[int] = None, via_init: bool = False):
    if workers is None:
        return dedup.Deduplicator().add_many(pairs)
    if via_init:
        return dedup.Deduplicator(workers=workers).add_many(pairs)  # type: ignore[call-arg]
    return dedup.Deduplicator().add_many(pairs, workers=workers)


def _strip_many() -> Optional[Callable[[list[str]], list[str]]]:
    """The stripping step of this dedup version's fingerprinting, alone: its
    cleaning function over the chunks it fingerprints at once (None when the
    version has no such function)."""
    try:
        from dedup.pipeline import CHUNK_BYTES, clean_texts
    except ImportError:
        return None

    def run(texts: list[str]) -> list[str]:
        out: list[str] = []
        start = 0
        while start < len(texts):
            stop, size = start, 0
            while stop < len(texts) and (stop == start or size + len(texts[stop]) <= CHUNK_BYTES):
                size += len(texts[stop])
                stop += 1
            out.extend(clean_texts(texts[start:stop], True))
            start = stop
        return out

    return run


def make_rows(docs: list[tuple[str, str]], update_n: int, bulk_n: int, rensa_n: int) -> tuple[list[Row], dict[str, Any]]:
    """The rows to measure on ``docs``, and notes (workers support, rensa)."""
    texts = [t for _, t in docs]
    ngram = dedup.DEFAULT_NGRAM
    n = len(docs)
    rows = [
        Row("dedup.cluster (defaults)", "strip + normalise + shingle + MinHash + LSH + exact verify + union-find"
            + ("; workers=None (automatic: every core for large inputs)" if supports_workers()["cluster"] else ""), n,
            lambda: dedup.cluster(docs)),
        Row("dedup.cluster strip=False", "as above without boilerplate stripping", n,
            lambda: dedup.cluster(docs, strip=False)),
        Row("dedup.signatures", "strip + normalise + shingle + MinHash (n x 128 uint32)", n,
            lambda: dedup.signatures(texts)),
        Row("dedup.signatures strip=False", "normalise + shingle + MinHash (peers' work)", n,
            lambda: dedup.signatures(texts, strip=False)),
        Row("Deduplicator().add_many", "streaming index: as cluster, returns a Match per doc", n,
            lambda: _add_many(docs)),
    ]
    strip_many = _strip_many()
    if strip_many is not None:
        rows.append(Row("strip boilerplate", "the stripping step of cluster/signatures alone: "
                        "dedup.pipeline.clean_texts(strip=True) over the same chunks", n, lambda: strip_many(texts)))
    notes: dict[str, Any] = {}
    sup = supports_workers()
    notes["workers_supported"] = sup
    if any(sup.values()):
        for w in (1, 2):
            kw: dict[str, Any] = {"workers": w}
            # tracemalloc sees only the calling process: with 2 workers its
            # peak says little the workers=None rows do not (and costs time).
            if sup["cluster"]:
                rows.append(Row(f"dedup.cluster workers={w}", "as dedup.cluster (defaults), stripping included", n,
                                partial(dedup.cluster, docs, **kw), memory=w == 1))
                if w == 1:  # what one worker costs without the stripping step
                    rows.append(Row("dedup.cluster workers=1 strip=False", "as dedup.cluster workers=1 without "
                                    "boilerplate stripping", n, partial(dedup.cluster, docs, strip=False, **kw),
                                    memory=False))
            if sup["signatures"]:
                rows.append(Row(f"dedup.signatures workers={w}", "as dedup.signatures", n,
                                partial(dedup.signatures, texts, **kw), memory=w == 1))
            if sup["add_many"]:
                via_init = "workers" not in inspect.signature(dedup.Deduplicator.add_many).parameters
                rows.append(Row(f"Deduplicator().add_many workers={w}", "as Deduplicator().add_many", n,
                                partial(_add_many, docs, w, via_init), memory=w == 1))
    else:
        notes["workers"] = "workers: not supported by this version"

    from datasketch import MinHash

    sub_u, sub_b = texts[: min(update_n, n)], texts[: min(bulk_n, n)]

    def ds_update() -> list:
        out = []
        for t in sub_u:
            m = MinHash(num_perm=128)
            for s in peer_shingles(t, ngram):
                m.update(s.encode("utf-8"))
            out.append(m)
        return out

    def ds_bulk() -> list:
        return MinHash.bulk([[s.encode("utf-8") for s in peer_shingles(t, ngram)] for t in sub_b], num_perm=128)

    rows.append(Row("datasketch MinHash.update()", "regex tokenise + shingle + update() per shingle (sha1)",
                    len(sub_u), ds_update, peer="update"))
    rows.append(Row("datasketch MinHash.bulk", "regex tokenise + shingle + bulk() (sha1)", len(sub_b), ds_bulk, peer="bulk"))
    try:
        import rensa  # type: ignore[import-not-found]
    except ImportError:
        notes["rensa"] = "not installed (pip install rensa): rows skipped"
    else:
        notes["rensa"] = getattr(rensa, "__version__", None) or _dist_version("rensa")
        sub_r = texts[: min(rensa_n, n)]

        def rensa_update() -> list:
            out = []
            for t in sub_r:
                m = rensa.RMinHash(num_perm=128, seed=42)
                m.update(peer_shingles(t, ngram))
                out.append(m)
            return out

        rows.append(Row("rensa RMinHash.update(list)", "regex tokenise + shingle + update(list[str])",
                        len(sub_r), rensa_update, peer="rensa"))
    return rows, notes


def _dist_version(name: str) -> Optional[str]:
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:  # pragma: no cover - metadata missing
        return None


# --------------------------------------------------------------------------- measuring


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds of this process (fine-grained) and of its reaped children
    (worker processes; clock-tick resolution, they run for a while anyway)."""
    t = os.times()
    return time.process_time(), t.children_user + t.children_system


def time_once(fn: Callable[[], Any]) -> tuple[float, float, float]:
    """Wall-clock seconds, total CPU seconds (worker processes included) and
    CPU seconds of the calling process alone, for one run of ``fn``
    (tracemalloc off, after a full garbage collection)."""
    gc.collect()
    self0, kids0 = _cpu_seconds()
    t0 = time.perf_counter()
    result = fn()
    wall = time.perf_counter() - t0
    self1, kids1 = _cpu_seconds()
    del result
    return wall, (self1 - self0) + (kids1 - kids0), self1 - self0


def peak_memory(fn: Callable[[], Any]) -> int:
    """Peak bytes newly allocated while ``fn`` runs (tracemalloc), its result included."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak


def _spare_capacity(index: Any, n: int) -> int:
    """Bytes of unused rows in the index's growable per-document arrays
    (private attributes, read defensively: the index or its in-memory storage)."""
    slack = 0
    for holder in (index, getattr(index, "_store", None)):
        for attr in ("_sigs", "_lengths", "_times"):
            arr = getattr(holder, attr, None)
            if isinstance(arr, np.ndarray) and arr.ndim >= 1 and len(arr) > n:
                slack += arr[n:].nbytes
    return slack


def index_memory(docs: list[tuple[str, str]], exact: bool) -> dict[str, float]:
    """Size of a :class:`dedup.Deduplicator` holding ``docs``.

    ``nbytes`` is the index's own count (numpy arrays only); ``retained`` is
    the memory that deleting the built index gives back, as tracemalloc sees
    it: everything the index owns (Python objects per document included), but
    not dedup's global caches warmed on the way nor the caller's id strings.
    """
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        index = dedup.Deduplicator(exact=exact)
        matches = index.add_many(docs)
        del matches
        gc.collect()
        built, peak = tracemalloc.get_traced_memory()
        n = len(docs)
        nb = index.nbytes()
        # Spare rows of the growable per-document arrays (doubling growth):
        # real memory, but a property of where n falls between powers of two.
        slack = _spare_capacity(index, n)
        del index
        gc.collect()
        released, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    retained = built - released
    steady = retained - slack
    return {
        "exact": exact,
        "documents": n,
        "nbytes": nb,
        "nbytes_per_doc": nb / n,
        "nbytes_1m_gb": nb / n * 1e6 / 1e9,
        "retained_bytes": retained,
        "retained_per_doc": retained / n,
        "capacity_slack_bytes": slack,
        "python_objects_per_doc": (retained - slack - nb) / n,  # and arrays nbytes() leaves out
        "retained_no_slack_per_doc": steady / n,
        "retained_1m_gb": steady / n * 1e6 / 1e9,
        "peak_bytes": peak - before,
        "fits_2gb_nbytes": nb / n * 1e6 <= 2e9,
        "fits_2gb_retained": steady / n * 1e6 <= 2e9,
    }


def measure(rows: list[Row], texts_bytes: list[int], repeat: int, memory: bool, log=print) -> None:
    """Time every row (and its peak memory when ``memory``); fill ``row.result``.

    Repetitions are interleaved (round ``k`` runs every row once) so that a
    change of load on a shared machine hits all rows alike instead of the rows
    that happen to run at that moment; the best of ``repeat`` is kept. The
    tracemalloc runs come after all timing runs.
    """
    walls: dict[str, list[float]] = {r.name: [] for r in rows}
    cpus: dict[str, list[float]] = {r.name: [] for r in rows}
    cpus_self: dict[str, list[float]] = {r.name: [] for r in rows}
    loads: list[float] = []
    for k in range(repeat):
        for row in rows:
            wall, cpu, cpu_self = time_once(row.fn)
            walls[row.name].append(wall)
            cpus[row.name].append(cpu)
            cpus_self[row.name].append(cpu_self)
        if hasattr(os, "getloadavg"):
            loads.append(os.getloadavg()[0])
        log(f"  round {k + 1}/{repeat}: " + ", ".join(f"{r.name} {walls[r.name][-1]:.2f}s" for r in rows)
            + (f"; load {loads[-1]:.2f}" if loads else ""))
    for row in rows:
        times = walls[row.name]
        best = min(times)
        mb = sum(texts_bytes[: row.n_docs]) / 1e6
        row.result = {
            "name": row.name,
            "includes": row.includes,
            "documents": row.n_docs,
            "mb": mb,
            "times_s": times,
            "cpu_s": cpus[row.name],
            "cpu_calling_process_s": cpus_self[row.name],
            "best_s": best,
            "median_s": float(np.median(times)),
            "spread": max(times) / best - 1.0,
            "docs_per_s": row.n_docs / best,
            "mb_per_s": mb / best,
            "cpu_per_wall_at_best": cpus[row.name][times.index(best)] / best,
            "best_cpu_s": min(cpus[row.name]),
            "docs_per_cpu_s": row.n_docs / max(min(cpus[row.name]), 1e-9),
            "loadavg_1m_per_round": loads,
        }
        if memory and row.memory:
            peak = peak_memory(row.fn)
            row.result["peak_mb"] = peak / 1e6
            row.result["peak_bytes_per_doc"] = peak / max(row.n_docs, 1)
        log(f"  {row.name:<36} best {best:8.3f} s of {len(times)} (spread {row.result['spread']:.1%})"
            + (f", peak {row.result['peak_mb']:.1f} MB" if "peak_mb" in row.result else ""))
    peers = {r.peer: r.result["docs_per_s"] for r in rows if r.peer}
    peers_cpu = {r.peer: r.result["docs_per_cpu_s"] for r in rows if r.peer}
    for row in rows:
        row.result["ratios"] = {f"vs_{k}": row.result["docs_per_s"] / v for k, v in peers.items()}
        row.result["cpu_ratios"] = {f"vs_{k}": row.result["docs_per_cpu_s"] / v for k, v in peers_cpu.items()}


# --------------------------------------------------------------------------- wire corpus

def _union_find_clusters(n: int, pairs: Iterable[tuple[int, int]]) -> int:
    """Size of the largest connected component of ``n`` items joined by ``pairs``."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    sizes: dict[int, int] = {}
    for x in range(n):
        r = find(x)
        sizes[r] = sizes.get(r, 0) + 1
    return max(sizes.values())


def peer_lsh_rows(threshold: float = dedup.DEFAULT_THRESHOLD) -> dict[str, Callable[[list[str]], int]]:
    """How a user of each peer clusters: signatures, then each document
    queried against an LSH index of the earlier ones and inserted, then
    union-find over the candidates (unverified, as text-dedup does). Each
    function returns the size of the largest cluster."""
    ngram = dedup.DEFAULT_NGRAM
    out: dict[str, Callable[[list[str]], int]] = {}

    def ds(texts: list[str]) -> int:
        from datasketch import MinHash, MinHashLSH

        sigs = MinHash.bulk([[s.encode("utf-8") for s in peer_shingles(t, ngram)] for t in texts], num_perm=128)
        lsh = MinHashLSH(threshold=threshold, num_perm=128)
        pairs = []
        for i, m in enumerate(sigs):
            pairs.extend((i, j) for j in lsh.query(m))
            lsh.insert(i, m)
        return _union_find_clusters(len(texts), pairs)

    out["datasketch MinHash.bulk + MinHashLSH"] = ds
    try:
        import rensa  # type: ignore[import-not-found]
    except ImportError:
        return out

    def rs(texts: list[str]) -> int:
        lsh = rensa.RMinHashLSH(threshold=threshold, num_perm=128, num_bands=16)
        pairs = []
        for i, t in enumerate(texts):
            m = rensa.RMinHash(num_perm=128, seed=42)
            m.update(peer_shingles(t, ngram))
            pairs.extend((i, j) for j in lsh.query(m))
            lsh.insert(i, m)
        return _union_find_clusters(len(texts), pairs)

    out["rensa RMinHash + RMinHashLSH"] = rs
    return out


def run_wire(args: argparse.Namespace, plain: list[tuple[str, str]], log: Callable[[str], None]) -> dict[str, Any]:
    """dedup and the peers on the plain corpus and on a wire corpus of the same size.

    Issue 15: the wire corpus (:func:`build_wire_corpus`) holds edited
    copies of two stories (:data:`WIRE_SHARES` of its documents). Reported per row and
    corpus: docs/s (best of ``--repeat``, interleaved rounds), the wire/plain
    ratio, the tracemalloc peak of each dedup row and its ratio, the largest
    cluster, and whether each story's copies are one cluster of their own.
    """
    n = len(plain)
    t0 = time.perf_counter()
    wire, stats = build_wire_corpus(n, args.seed, typographic=args.typographic, accented=args.accented)
    sizes = [len(ids) for ids in stats["stories"]]
    log(f"wire corpus: {n} docs, {stats['wire_copies']} copies of {len(sizes)} stories "
        f"({', '.join(map(str, sizes))}), built in {time.perf_counter() - t0:.1f} s")
    corpora = {"plain": plain, "wire": wire}
    dedup_rows: dict[str, Callable[[list[tuple[str, str]]], Any]] = {
        "dedup.cluster (defaults)": dedup.cluster,
        "dedup.cluster workers=1": partial(dedup.cluster, workers=1),
        "dedup.cluster workers=1 strip=False": partial(dedup.cluster, workers=1, strip=False),
    }
    walls: dict[tuple[str, str], list[float]] = {}
    clusters: dict[tuple[str, str], Any] = {}
    for k in range(args.repeat):
        for name, fn in dedup_rows.items():
            for corpus, docs in corpora.items():
                gc.collect()
                start = time.perf_counter()
                result = fn(docs)
                walls.setdefault((name, corpus), []).append(time.perf_counter() - start)
                clusters[(name, corpus)] = result
        log(f"  wire round {k + 1}/{args.repeat}: "
            + ", ".join(f"{a} {b} {v[-1]:.2f}s" for (a, b), v in walls.items()))
    rows: list[dict[str, Any]] = []
    for name, fn in dedup_rows.items():
        row: dict[str, Any] = {"name": name}
        for corpus, docs in corpora.items():
            best = min(walls[(name, corpus)])
            row[corpus] = {"best_s": best, "docs_per_s": n / best, "times_s": walls[(name, corpus)],
                           "largest_cluster": max(map(len, clusters[(name, corpus)]))}
            if not args.no_memory:
                row[corpus]["peak_mb"] = peak_memory(partial(fn, docs)) / 1e6
        row["ratio"] = row["wire"]["docs_per_s"] / row["plain"]["docs_per_s"]
        if not args.no_memory:
            row["peak_ratio"] = row["wire"]["peak_mb"] / row["plain"]["peak_mb"]
        row["story_problems"] = wire_story_check(clusters[(name, "wire")], stats["stories"])
        rows.append(row)
        log(f"  {name}: wire/plain {row['ratio']:.2f}" + (f", peak {row['peak_ratio']:.2f}" if "peak_ratio" in row else ""))
    peers = peer_lsh_rows()
    for name, fn in peers.items():  # once each: they are slow, and slower on the wire corpus
        row = {"name": name}
        for corpus, docs in corpora.items():
            texts = [t for _, t in docs]
            gc.collect()
            start = time.perf_counter()
            largest = fn(texts)
            took = time.perf_counter() - start
            row[corpus] = {"best_s": took, "docs_per_s": n / took, "times_s": [took], "largest_cluster": largest}
            log(f"  {name} {corpus}: {took:.1f} s")
        row["ratio"] = row["wire"]["docs_per_s"] / row["plain"]["docs_per_s"]
        rows.append(row)
    # Issue 15: documents sharing one long passage, in bounded memory.
    block = build_shared_block_corpus(args.shared_block, seed=args.seed)
    gc.collect()
    start = time.perf_counter()
    parts = dedup.cluster(block, workers=1)
    took = time.perf_counter() - start
    shared = {"documents": len(block), "block_words": 2000, "own_words": 480, "seconds": took,
              "docs_per_s": len(block) / took, "clusters": len(parts), "largest_cluster": max(map(len, parts))}
    if not args.no_memory:
        shared["peak_mb"] = peak_memory(partial(dedup.cluster, block, workers=1)) / 1e6
    log(f"  shared passage: {len(block)} documents in {took:.1f} s")
    return {"documents": n, "stories": sizes, "rows": rows, "shared_block": shared}


def format_wire(wire: dict[str, Any]) -> str:
    """The wire section's table."""
    lines = [f"\nwire corpus ({wire['documents']} documents, {sum(wire['stories'])} of them copies of "
             f"{len(wire['stories'])} stories) against the plain corpus of the same size:",
             f"{'row':<42} {'plain docs/s':>12} {'wire docs/s':>12} {'ratio':>6} {'peak MB plain/wire':>19} "
             f"{'largest cluster':>16}"]
    for r in wire["rows"]:
        peak = (f"{r['plain']['peak_mb']:.0f}/{r['wire']['peak_mb']:.0f} ({r['peak_ratio']:.2f})"
                if "peak_ratio" in r else "-")
        lines.append(f"{r['name']:<42} {r['plain']['docs_per_s']:>12,.0f} {r['wire']['docs_per_s']:>12,.0f} "
                     f"{r['ratio']:>6.2f} {peak:>19} {r['wire']['largest_cluster']:>16,}")
        if "story_problems" in r:
            lines.append(f"    each story one cluster of its own: "
                         + ("yes" if not r["story_problems"] else "no: " + "; ".join(r["story_problems"])))
    lines.append("peers: signatures, LSH query then insert per document, union-find over the unverified candidates; "
                 "run once each")
    b = wire["shared_block"]
    lines.append(f"{b['documents']:,} documents sharing one {b['block_words']:,}-word passage, each with "
                 f"{b['own_words']} words of its own, dedup.cluster workers=1: {b['seconds']:.1f} s "
                 f"({b['docs_per_s']:,.0f} docs/s)" + (f", peak {b['peak_mb']:.0f} MB" if "peak_mb" in b else "")
                 + f"; {b['clusters']:,} clusters, the largest {b['largest_cluster']:,}")
    for r in wire["rows"]:
        if r["name"] in ("dedup.cluster (defaults)", "dedup.cluster workers=1"):
            met = r["ratio"] >= 0.8 and r.get("peak_ratio", 0.0) <= 1.2 and not r["story_problems"]
            peak = f", peak memory ratio {r['peak_ratio']:.2f} (<= 1.2)" if "peak_ratio" in r else ""
            lines.append(f"acceptance wire/plain ({r['name']}): docs/s ratio {r['ratio']:.2f} (>= 0.8){peak}, "
                         f"stories right: {'yes' if not r['story_problems'] else 'no'}: "
                         f"{'target met' if met else 'target not met'}")
    return "\n".join(lines)


def machine_info() -> dict[str, Any]:
    """Python, numpy, datasketch, rensa versions and CPU facts."""
    import datasketch

    info = {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "numpy": np.__version__,
        "datasketch": getattr(datasketch, "__version__", None) or _dist_version("datasketch"),
        "dedup": getattr(dedup, "__version__", None),
        "rensa": _dist_version("rensa"),
        "cpu_count": os.cpu_count(),
        "affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu_model"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    if hasattr(os, "getloadavg"):
        info["loadavg_start"] = os.getloadavg()
    info.update(_git_state())
    return info


def _git_state() -> dict[str, Any]:
    """Commit of the dedup checkout and whether ``dedup/`` has local changes."""
    import subprocess

    root = os.path.dirname(os.path.dirname(os.path.abspath(dedup.__file__)))
    try:
        head = subprocess.run(["git", "-C", root, "rev-parse", "HEAD"], capture_output=True, text=True,
                              timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", root, "status", "--porcelain", "--", "dedup"], capture_output=True,
                               text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return {}
    return {"git_commit": head, "dedup_local_changes": dirty.splitlines()}


# --------------------------------------------------------------------------- reporting


def format_table(results: list[dict[str, Any]]) -> str:
    """A plain-text table of the rows."""
    head = (f"{'row':<36} {'docs':>6} {'docs/s':>9} {'MB/s':>7} {'x upd':>7} {'x bulk':>7} {'x rensa':>7} "
            f"{'docs/cpu-s':>10} {'peak MB':>8} {'spread':>7} {'cpu/wall':>8}")
    lines = [head, "-" * len(head)]
    for r in results:
        ratios = r.get("ratios", {})

        def ratio(key: str) -> str:
            return f"{ratios[key]:7.2f}" if key in ratios else f"{'-':>7}"

        peak = f"{r['peak_mb']:8.1f}" if "peak_mb" in r else f"{'-':>8}"
        lines.append(f"{r['name']:<36} {r['documents']:>6} {r['docs_per_s']:>9,.0f} {r['mb_per_s']:>7.2f} "
                     f"{ratio('vs_update')} {ratio('vs_bulk')} {ratio('vs_rensa')} {r['docs_per_cpu_s']:>10,.0f} {peak} {r['spread']:>7.1%} {r['cpu_per_wall_at_best']:>8.2f}")
    return "\n".join(lines)


def workers_speedups(results: dict[str, dict[str, Any]]) -> dict[str, float]:
    """docs/s with ``workers=2`` over docs/s with ``workers=1``, per entry point."""
    out = {}
    for name in ("dedup.cluster", "dedup.signatures", "Deduplicator().add_many"):
        one, two = results.get(f"{name} workers=1"), results.get(f"{name} workers=2")
        if one and two:
            out[name] = two["docs_per_s"] / one["docs_per_s"]
    return out


def _acceptance(results: dict[str, dict[str, Any]], index_lean: dict[str, Any]) -> dict[str, Any]:
    """The issue's acceptance numbers, as measured."""
    out: dict[str, Any] = {}
    # "dedup.cluster with defaults, one worker": the workers=1 row when this
    # version has workers= (its default then uses every core), else the defaults row.
    name = "dedup.cluster workers=1" if "dedup.cluster workers=1" in results else "dedup.cluster (defaults)"
    c = results.get(name)
    if c:
        r = c["ratios"]
        if "vs_update" in r:
            out["cluster_vs_datasketch_update"] = {"row": name, "ratio": r["vs_update"], "target": 75,
                                                   "holds": r["vs_update"] >= 75,
                                                   "cpu_time_ratio": c["cpu_ratios"]["vs_update"]}
        if "vs_rensa" in r:
            out["cluster_vs_rensa_update"] = {"row": name, "ratio": r["vs_rensa"], "target": 3,
                                              "holds": r["vs_rensa"] >= 3,
                                              "cpu_time_ratio": c["cpu_ratios"]["vs_rensa"]}
    strip = results.get("strip boilerplate")
    if c and strip:
        share = c["docs_per_s"] / strip["docs_per_s"]  # strip time / cluster time
        out["strip_share_of_cluster"] = {"row": name, "share": share, "target": 0.2, "holds": share < 0.2,
                                         "strip_us_per_doc": 1e6 / strip["docs_per_s"],
                                         "cluster_us_per_doc": 1e6 / c["docs_per_s"]}
    c1, c2 = results.get("dedup.cluster workers=1"), results.get("dedup.cluster workers=2")
    if c1 and c2:
        ratio = c2["docs_per_s"] / c1["docs_per_s"]
        entry = {"ratio": ratio, "target": 1.7, "holds": ratio >= 1.7, "documents": c1["documents"],
                 "cpu_per_wall_workers2": c2["cpu_per_wall_at_best"]}
        # What two free cores would give at best: the calling process (LSH,
        # verification, clustering, collecting results) and the workers'
        # share of the CPU, whichever is longer, against workers=1's CPU time.
        main_cpu = min(c2["cpu_calling_process_s"])
        total_cpu = min(c2["cpu_s"])
        bound = max(main_cpu, total_cpu / 2)
        if bound > 0:
            entry["projected_2_free_cores"] = c1["best_cpu_s"] / bound
            entry["calling_process_cpu_share"] = main_cpu / total_cpu
        loads = c2.get("loadavg_1m_per_round") or []
        cores = os.cpu_count() or 1
        if loads and min(loads) > cores:
            entry["caveat"] = (f"1-minute load average stayed above {cores} (min {min(loads):.1f}): other processes "
                               f"competed for the cores, the measured speed-up understates it")
        out["cluster_workers2_vs_workers1"] = entry
    else:
        out["cluster_workers2_vs_workers1"] = "workers: not supported by this version"
    if index_lean:
        out["index_1m_signatures_lsh"] = {
            "nbytes_per_doc": index_lean["nbytes_per_doc"],
            "retained_per_doc": index_lean["retained_per_doc"],
            "retained_no_slack_per_doc": index_lean["retained_no_slack_per_doc"],
            "nbytes_1m_gb": index_lean["nbytes_1m_gb"],
            "retained_1m_gb": index_lean["retained_1m_gb"],
            "target_gb": 2.0,
            "holds": bool(index_lean["fits_2gb_retained"] and index_lean["fits_2gb_nbytes"]),
        }
    return out


def _stripping_budget(results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """What stripping may cost per document for ``cluster(workers=1)`` to meet
    each target: the target's time per document minus that of the rest of
    ``cluster()`` (the ``workers=1 strip=False`` row); empty without the rows."""
    bare, strip = results.get("dedup.cluster workers=1 strip=False"), results.get("strip boilerplate")
    if not bare:
        return {}
    rest = 1e6 / bare["docs_per_s"]
    budget: dict[str, Any] = {"rest_us_per_doc": rest, "rest_ratios": dict(bare["ratios"])}
    for key, target in (("vs_update", 75), ("vs_rensa", 3)):
        if key in bare["ratios"]:
            peer_docs_per_s = bare["docs_per_s"] / bare["ratios"][key]
            budget[f"budget_us_{key}"] = 1e6 / (target * peer_docs_per_s) - rest
    budget["budget_us_share"] = rest * 0.2 / 0.8  # strip < 0.2 of strip + rest
    if strip:
        budget["strip_us_per_doc"] = 1e6 / strip["docs_per_s"]
    return budget


# --------------------------------------------------------------------------- scale


def run_scale(sizes: Sequence[int], seed: int, repeat: int, dup_fraction: float, typographic: float,
              accented: float, log=print) -> list[dict[str, Any]]:
    """Time ``dedup.cluster`` and ``dedup.signatures`` at each size (prefixes of
    one corpus) and measure the retained size of an ``exact=False`` index."""
    vocab = make_vocabulary()
    all_docs, _ = build_corpus(max(sizes), seed, dup_fraction, typographic, vocab, accented)
    gc.collect()
    gc.freeze()  # as in main(): the corpus is not the collector's business
    out = []
    for n in sizes:
        docs = all_docs[:n]
        texts = [t for _, t in docs]
        mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        entry: dict[str, Any] = {"documents": n, "mb": mb}
        kw: dict[str, Any] = {"workers": 1} if supports_workers()["cluster"] and supports_workers()["signatures"] else {}
        fns = {"dedup.cluster": lambda: dedup.cluster(docs, **kw), "dedup.signatures": lambda: dedup.signatures(texts, **kw)}
        timed: dict[str, list[tuple[float, ...]]] = {name: [] for name in fns}
        for _ in range(repeat):  # interleaved, as in measure()
            for name, fn in fns.items():
                timed[name].append(time_once(fn)[:2])
        for name, runs in timed.items():
            times = [w for w, _ in runs]
            best = min(times)
            entry[name] = {"times_s": times, "cpu_s": [c for _, c in runs], "best_s": best, "docs_per_s": n / best,
                           "mb_per_s": mb / best, "us_per_doc": best / n * 1e6, "spread": max(times) / best - 1.0,
                           "cpu_us_per_doc": min(c for _, c in runs) / n * 1e6,
                           "options": kw}
        lean = index_memory(docs, exact=False)
        entry["index_exact_false"] = {k: lean[k] for k in ("nbytes_per_doc", "retained_per_doc",
                                                           "retained_no_slack_per_doc", "python_objects_per_doc")}
        log(f"  n={n:>6}: cluster {entry['dedup.cluster']['best_s']:7.2f} s "
            f"({entry['dedup.cluster']['docs_per_s']:,.0f} docs/s, {entry['dedup.cluster']['us_per_doc']:.0f} us/doc), "
            f"signatures {entry['dedup.signatures']['best_s']:6.2f} s "
            f"({entry['dedup.signatures']['docs_per_s']:,.0f} docs/s); index exact=False "
            f"{lean['nbytes_per_doc']:.0f} B/doc nbytes, {lean['retained_no_slack_per_doc']:.0f} B/doc retained")
        out.append(entry)
    return out


def profile_cluster(docs: list[tuple[str, str]], top: int = 30) -> str:
    """cProfile (CPU time) of ``dedup.cluster(docs)`` with defaults, in one
    process (``workers=1`` when supported: worker processes are invisible to
    the profiler); the top entries by internal and by cumulative time."""
    import cProfile
    import io
    import pstats

    kw: dict[str, Any] = {"workers": 1} if supports_workers()["cluster"] else {}
    prof = cProfile.Profile(time.process_time)
    prof.enable()
    dedup.cluster(docs, **kw)
    prof.disable()
    buf = io.StringIO()
    buf.write(f"dedup.cluster(docs{', workers=1' if kw else ''}) under cProfile (CPU time; the profiler inflates "
              "Python-heavy code such as boilerplate stripping)\n")
    stats = pstats.Stats(prof, stream=buf).sort_stats("tottime")
    stats.print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return buf.getvalue()


# --------------------------------------------------------------------------- main


def main(argv: Optional[Sequence[str]] = None) -> dict[str, Any]:
    """Run the benchmark; print the table; return (and optionally write) the results."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=20_000, help="documents in the corpus (default 20000)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    ap.add_argument("--repeat", type=int, default=3, help="timing runs per row, best reported (default 3)")
    ap.add_argument("--update-n", type=int, default=300, help="documents for datasketch update() (default 300)")
    ap.add_argument("--bulk-n", type=int, default=2000, help="documents for datasketch bulk (default 2000)")
    ap.add_argument("--rensa-n", type=int, default=None, help="documents for rensa (default: all)")
    ap.add_argument("--dup-fraction", type=float, default=0.3, help="share of near-duplicates (default 0.3)")
    ap.add_argument("--typographic", type=float, default=0.2,
                    help="share of documents with curly quotes and em dashes (default 0.2)")
    ap.add_argument("--accented", type=float, default=0.1,
                    help="share of documents with a word that stays non-ASCII, like 'Zürich' or '€5m' (default 0.1)")
    ap.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    ap.add_argument("--shared-block", type=int, default=10_000,
                    help="documents sharing one 2,000-word passage in the wire section (default 10000)")
    ap.add_argument("--no-wire", action="store_true",
                    help="skip the wire corpus (issue 15: two stories, 20 %% and 10 %% of the documents; about 3 minutes)")
    ap.add_argument("--scale", action="store_true", help="also time dedup.cluster at 10k/20k/40k/80k documents")
    ap.add_argument("--scale-sizes", type=lambda s: [int(x) for x in s.split(",")],
                    default=[10_000, 20_000, 40_000, 80_000], help="sizes for --scale, comma-separated")
    ap.add_argument("--profile", action="store_true", help="print a cProfile of dedup.cluster on the corpus")
    ap.add_argument("--json", metavar="FILE", help="write all numbers as JSON to FILE")
    ap.add_argument("--quiet", action="store_true", help="print only the table")
    args = ap.parse_args(argv)
    args.command = "python benchmarks/throughput.py " + " ".join(argv if argv is not None else sys.argv[1:])
    if args.n < 1 or args.repeat < 1:
        ap.error("--n and --repeat must be >= 1")

    def log(msg: str) -> None:
        if not args.quiet:
            print(msg, file=sys.stderr, flush=True)

    info = machine_info()
    t0 = time.perf_counter()
    docs, corpus = build_corpus(args.n, args.seed, args.dup_fraction, args.typographic, accented=args.accented)
    corpus["build_s"] = time.perf_counter() - t0
    log(f"corpus: {args.n} docs, {corpus['bytes'] / 1e6:.1f} MB, {corpus['mean_words']:.0f} words/doc, "
        f"{corpus['near_duplicates']} near-duplicates {corpus['kinds']} (built in {corpus['build_s']:.1f} s)")
    texts_bytes = [len(t.encode("utf-8")) for _, t in docs]
    rows, notes = make_rows(docs, args.update_n, args.bulk_n, args.rensa_n if args.rensa_n else args.n)
    # Warm-up: imports, permutation and LSH-parameter caches, the Unicode table
    # of the normaliser, for every configuration measured.
    dedup.cluster(docs[:50])
    dedup.cluster(docs[:50], strip=False)
    # The corpus and everything built so far are moved out of the collector's
    # reach, so the full collection before each timed run is cheap; what dedup
    # allocates is collected as usual. Undone at the end of main().
    gc.collect()
    gc.freeze()
    try:
        return _run(args, log, info, t0, docs, corpus, rows, notes, texts_bytes)
    finally:
        gc.unfreeze()


def _run(args: argparse.Namespace, log: Callable[[str], None], info: dict[str, Any], t0: float,
         docs: list[tuple[str, str]], corpus: dict[str, Any], rows: list[Row], notes: dict[str, Any],
         texts_bytes: list[int]) -> dict[str, Any]:
    """Measure, report and write the results (the body of :func:`main`)."""
    log("about 5 minutes for these rows" + ("" if args.no_wire else ", 3 more for the wire corpus (--no-wire skips it)"))
    log(f"timing {len(rows)} rows, best of {args.repeat} interleaved rounds"
        + ("" if args.no_memory else ", then one tracemalloc run each"))
    measure(rows, texts_bytes, args.repeat, not args.no_memory, log)
    results = [r.result for r in rows]
    by_name = {r["name"]: r for r in results}

    index: dict[str, Any] = {}
    if not args.no_memory:
        index["exact_true"] = index_memory(docs, exact=True)
        index["exact_false"] = index_memory(docs, exact=False)

    out: dict[str, Any] = {
        "command": args.command,
        "machine": info,
        "corpus": corpus,
        "notes": notes,
        "rows": results,
        "index_memory": index,
        "workers_speedup": workers_speedups(by_name),
        "acceptance": _acceptance(by_name, index.get("exact_false", {})),
        "stripping_budget": _stripping_budget(by_name),
    }
    print(f"\ndedup throughput, {args.n} documents ({corpus['bytes'] / 1e6:.1f} MB, "
          f"{corpus['near_duplicates']} near-duplicates), best of {args.repeat}; "
          f"python {info['python']}, numpy {info['numpy']}, {info['cpu_count']} CPUs"
          + (f", dedup at {info['git_commit'][:10]}" if info.get("git_commit") else "")
          + (" + local changes" if info.get("dedup_local_changes") else ""))
    print(format_table(results))
    print("x upd / x bulk / x rensa: docs/s divided by that peer's docs/s (peers on a prefix subset). "
          "docs/cpu-s: documents per CPU second of the least-CPU run (workers included); robust to other load.")
    for r in results:
        print(f"  {r['name']}: {r['includes']}")
    if out["workers_speedup"]:
        print("  workers=2 / workers=1 docs/s: "
              + ", ".join(f"{k} {v:.2f}x" for k, v in out["workers_speedup"].items()))
    else:
        print(f"  {notes.get('workers', 'workers: not supported by this version')}")
    print(f"  rensa: {notes['rensa']}")
    print("  peak MB: tracemalloc peak of new allocations during one run (numpy included; not rensa's Rust heap,"
          " not worker processes' memory).")
    if index:
        for key, label in (("exact_true", "defaults (signatures + LSH + shingle sets)"),
                           ("exact_false", "exact=False (signatures + LSH)")):
            m = index[key]
            print(f"index {label}: nbytes() {m['nbytes_per_doc']:.0f} B/doc -> {m['nbytes_1m_gb']:.2f} GB per 1M; "
                  f"retained (tracemalloc) {m['retained_per_doc']:.0f} B/doc = {m['nbytes_per_doc']:.0f} arrays + "
                  f"{m['python_objects_per_doc']:.0f} other (Python objects, arrays nbytes() omits) + "
                  f"{m['capacity_slack_bytes'] / m['documents']:.0f} spare array capacity; without the spare capacity "
                  f"{m['retained_1m_gb']:.2f} GB per 1M (fits 2 GB: {'yes' if m['fits_2gb_retained'] else 'NO'})")
    for key, val in out["acceptance"].items():
        if isinstance(val, dict):
            shown = val.get("ratio", val.get("share", val.get("retained_1m_gb")))
            cpu = f", on CPU time {val['cpu_time_ratio']:.2f}" if "cpu_time_ratio" in val else ""
            if "projected_2_free_cores" in val:
                cpu = (f", projected with 2 free cores {val['projected_2_free_cores']:.2f} (calling process "
                       f"{val['calling_process_cpu_share']:.0%} of the CPU)")
            print(f"acceptance {key}{' (' + val['row'] + ')' if 'row' in val else ''}: {shown:.2f}{cpu} "
                  f"(target {val.get('target', val.get('target_gb'))}): {'target met' if val['holds'] else 'target not met'}")
            if "caveat" in val:
                print(f"    caveat: {val['caveat']}")
        else:
            print(f"acceptance {key}: {val}")
    budget = out["stripping_budget"]
    if budget:
        ratios = ", ".join(f"{v:.2f}x {k[3:]}" for k, v in budget["rest_ratios"].items())
        limits = ", ".join(f"{budget[k]:.1f} us ({label})" for k, label in (
            ("budget_us_vs_update", "75x update"), ("budget_us_vs_rensa", "3x rensa"), ("budget_us_share", "share 0.2"))
            if k in budget)
        print(f"stripping budget: the rest of cluster() with one worker takes {budget['rest_us_per_doc']:.1f} us/doc "
              f"({ratios}); stripping may take {limits}; it takes {budget.get('strip_us_per_doc', float('nan')):.1f} us")

    if not args.no_wire:
        out["wire"] = run_wire(args, docs, log)
        print(format_wire(out["wire"]))

    if args.scale:
        log(f"scale: {args.scale_sizes}")
        out["scale"] = run_scale(args.scale_sizes, args.seed, args.repeat, args.dup_fraction, args.typographic,
                                 args.accented, log)
        print(f"\nscale: best of {args.repeat}, workers=1 when supported; idx B/doc = retained bytes per document "
              "of an exact=False index (without spare array capacity)")
        print("us/doc: wall-clock; cpu us/doc: CPU time per document (robust to other load)")
        print(f"{'docs':>7} {'MB':>6} {'cluster s':>10} {'docs/s':>8} {'us/doc':>7} {'cpu us/doc':>10} "
              f"{'sigs s':>8} {'docs/s':>8} {'cpu us/doc':>10} {'idx B/doc':>10}")
        for e in out["scale"]:
            c, s = e["dedup.cluster"], e["dedup.signatures"]
            print(f"{e['documents']:>7} {e['mb']:>6.1f} {c['best_s']:>10.2f} {c['docs_per_s']:>8,.0f} "
                  f"{c['us_per_doc']:>7.0f} {c['cpu_us_per_doc']:>10.0f} {s['best_s']:>8.2f} {s['docs_per_s']:>8,.0f} "
                  f"{s['cpu_us_per_doc']:>10.0f} {e['index_exact_false']['retained_no_slack_per_doc']:>10.0f}")
    if args.profile:
        text = profile_cluster(docs)
        out["profile"] = text
        print("\n" + text)
    if hasattr(os, "getloadavg"):
        out["machine"]["loadavg_end"] = os.getloadavg()
    out["total_s"] = time.perf_counter() - t0
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=2)
        log(f"wrote {args.json}")
    return out


if __name__ == "__main__":
    main()
