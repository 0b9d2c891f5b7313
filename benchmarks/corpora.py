"""The generated corpora of the benchmarks: deterministic, and the same in every script.

News corpus (:func:`build_corpus`; ``benchmarks/throughput.py``, ``benchmarks/scripts.py``
and ``benchmarks/digest.py``), deterministic for a given ``seed``:
``N`` news-like documents of 450-650 body words. Words are drawn from a
Zipf-Mandelbrot distribution (``p(r) ~ 1 / (r + 2.7)``) over a 30,000-word
vocabulary: the ~150 most frequent ranks are real English function and news
words, the rest pronounceable pseudo-words built from syllables (shorter
words at higher ranks), a few percent proper names (always capitalised) and
numerals. Sentences of 6-34 words start with a capital letter and end with a
full stop, with commas inside; paragraphs of 1-4 sentences are lines
separated by blank lines, under a Title Case headline; some articles carry a
byline, some quote a speaker, a fraction (``typographic``, default 0.2)
uses curly quotes and em dashes as scraped pages do, and a fraction
(``accented``, default 0.1) mentions a name, place or amount with a
character that stays non-ASCII after folding ("José Núñez", "Zürich",
"€4.5m"). Non-ASCII text takes slower normalisation paths in dedup, so these
two fractions matter; set them to 0 for an all-ASCII corpus. About 15 % of the
originals carry one or two boilerplate lines ("Advertisement", "Share this
article", ...). About 30 % of the documents (``dup_fraction``) are
near-duplicates of an earlier original (chosen among the previous ~500
documents, like a news stream): 1-5 % word edits (replace, insert, delete),
teasers keeping 60-90 % of the paragraphs, copies with a boilerplate line
appended ("Share this article", "Sign up for our newsletter", ...), and exact
wire copies. Document ``i`` depends only on ``(seed, i)``, so a smaller corpus
is a prefix of a larger one.

Wire corpus (:func:`build_wire_corpus`, issue 15): the news corpus with
thousands of edited copies of two stories interleaved; shared-passage corpus
(:func:`build_shared_block_corpus`, issue 15): documents sharing one long
passage.

Index corpus (:func:`build_index_corpus` and :func:`story_copies`;
``benchmarks/index.py``): a stream of documents of random-letter words, a
third of them copies of recent ones, and copies of one story.

Spark corpora (:func:`build_spark_corpus`, :func:`build_spark_wire_corpus`;
``benchmarks/spark.py``): paragraphs of random-letter words, a third of them
copies wrapped in site boilerplate, edited, cut or re-cased; one story in
thousands of copies among unrelated documents.

The labelled corpus built from real pages is :mod:`benchmarks.newscorpus`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

# --------------------------------------------------------------------------- news corpus

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
    "power there election party law ever former council data public five million"
).split()
ACCENTED = (
    "according to José Núñez",
    "in São Paulo",
    "near Zürich",
    "worth €4.5m",
    "about £300m",
    "at the Café Müller",
    "said François Lefèvre",
    "in Malmö",
    "from Kraków",
    "as temperatures hit 38°C",
)
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
_ONSETS = (
    "b",
    "c",
    "d",
    "f",
    "g",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "w",
    "z",
    "br",
    "ch",
    "cl",
    "dr",
    "fl",
    "gr",
    "pl",
    "pr",
    "sh",
    "st",
    "str",
    "th",
    "tr",
    "",
)
_NUCLEI = ("a", "e", "i", "o", "u", "ai", "ea", "ee", "ie", "oo", "ou", "y")
_CODAS = ("", "", "", "n", "r", "s", "t", "l", "m", "nd", "nt", "st", "ck", "ng", "rd", "x")
# Token codes: 4 * word + form, form 0 plain, 1 with a comma, 2 sentence end, 3 capitalised.
PLAIN, COMMA, END, CAP = 0, 1, 2, 3


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
        parts = np.stack(
            [
                rng.integers(len(_ONSETS), size=(batch, 4)),
                rng.integers(len(_NUCLEI), size=(batch, 4)),
                rng.integers(len(_CODAS), size=(batch, 4)),
            ],
            axis=-1,
        ).tolist()
        for syll, word_parts in zip(sylls.tolist(), parts):
            w = "".join(_ONSETS[o] + _NUCLEI[u] + _CODAS[c] for o, u, c in word_parts[:syll])
            if len(w) >= 2 and w not in seen and len(pseudo) < size - len(common):
                seen.add(w)
                pseudo.append(w)
    # Frequent words are short: sort by length plus noise.
    keys = np.array([len(w) for w in pseudo], dtype=np.float64) + rng.normal(0.0, 2.5, len(pseudo))
    words = common + [pseudo[i] for i in np.argsort(keys, kind="stable")]
    kind = rng.random(size)
    numerals = np.choose(
        rng.integers(0, 3, size),
        [rng.integers(2, 100, size), rng.integers(1990, 2030, size), rng.integers(100, 100_000, size)],
    ).tolist()
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


def _render(
    paragraphs: list[np.ndarray],
    vocab: Vocabulary,
    rng: np.random.Generator,
    typographic: bool,
    extra_lines: Sequence[tuple[int, str]] = (),
    accented: bool = False,
) -> str:
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


def build_corpus(
    n: int,
    seed: int = 0,
    dup_fraction: float = 0.3,
    typographic: float = 0.2,
    vocab: Vocabulary | None = None,
    accented: float = 0.1,
) -> tuple[list[tuple[str, str]], dict[str, Any]]:
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


def build_wire_corpus(
    n: int,
    seed: int = 0,
    stories: Sequence[int] | None = None,
    typographic: float = 0.2,
    vocab: Vocabulary | None = None,
    accented: float = 0.1,
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
            extra = [
                (len(copy), BOILERPLATE[int(line)])
                for line in rng.choice(len(BOILERPLATE), size=int(rng.integers(0, 3)), replace=False)
            ]
            doc_id = f"wire{k}-{c:05d}"
            ids.append(doc_id)
            wire.append(
                (
                    doc_id,
                    _render(copy, vocab, rng, bool(rng.random() < typographic), extra, bool(rng.random() < accented)),
                )
            )
        members.append(ids)
    order = np.random.default_rng([seed, _WIRE_BASE]).permutation(n)
    docs: list[tuple[str, str]] = [("", "")] * n
    everything = base + wire
    for target, doc in zip(order.tolist(), everything):
        docs[target] = doc
    nbytes = sum(len(t.encode("utf-8")) for _, t in docs)
    stats = {
        **stats,
        "documents": n,
        "wire_copies": copies,
        "stories": members,
        "bytes": nbytes,
        "mean_bytes": nbytes / max(n, 1),
    }
    return docs, stats


def build_shared_block_corpus(
    n: int, block_words: int = 2000, own_words: int = 480, seed: int = 0, vocab: Vocabulary | None = None
) -> list[tuple[str, str]]:
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


# --------------------------------------------------------------------------- index corpus


def build_index_corpus(n: int, seed: int = 0, words: int = 550, dup_fraction: float = 0.3, prefix: str = "doc") -> list:
    """``n`` synthetic ``(id, text)`` news-like documents, deterministic for ``seed``.

    Originals have ``words`` +- 100 words drawn from a Zipf distribution
    (``p(r) ~ 1 / (r + 2.7)``) over 30,000 random-letter words; a share
    ``dup_fraction`` of the documents are copies of one of the 500 most recent
    originals, a news stream's pattern: a quarter exact copies, a quarter
    teasers keeping 60-90 % of the words, half with 1-5 % of the words replaced.
    """
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    vocab_size = 30000
    vocab = ["".join(rng.choice(letters, k)) for k in rng.integers(3, 11, vocab_size)]
    cdf = np.cumsum(1.0 / (np.arange(1, vocab_size + 1) + 2.7))
    cdf /= cdf[-1]
    docs, originals = [], []
    for i in range(n):
        if originals and rng.random() < dup_fraction:
            src = originals[-1 - int(rng.integers(0, min(len(originals), 500)))]
            kind = rng.random()
            if kind < 0.25:
                toks = src
            elif kind < 0.5:
                toks = src[: max(1, int(len(src) * rng.uniform(0.6, 0.9)))]
            else:
                toks = src.copy()
                k = max(1, int(len(toks) * rng.uniform(0.01, 0.05)))
                toks[rng.integers(0, len(toks), k)] = np.searchsorted(cdf, rng.random(k))
        else:
            toks = np.searchsorted(cdf, rng.random(int(rng.integers(words - 100, words + 101))))
            originals.append(toks)
        docs.append((f"{prefix}{i}", " ".join(map(vocab.__getitem__, toks.tolist()))))
    return docs


def story_copies(text: str, count: int, seed: int, prefix: str = "story") -> list:
    """``count`` copies of ``text`` with 0.5-3 % of their words replaced by
    other words of the text (a wire story as sites reprint it)."""
    rng = np.random.default_rng(seed)
    words = np.array(text.split())
    out = []
    for i in range(count):
        copy = words.copy()
        k = max(1, int(len(copy) * rng.uniform(0.005, 0.03)))
        copy[rng.integers(0, len(copy), k)] = words[rng.integers(0, len(words), k)]
        out.append((f"{prefix}{i}", " ".join(copy.tolist())))
    return out


# --------------------------------------------------------------------------- Spark corpora

#: Site header and footer lines of the Spark corpora.
HEADERS = [
    "Home | World | Business | Sport | Culture",
    "Subscribe to our newsletter",
    "Sign in to comment",
    "Advertisement",
]
FOOTERS = [
    "Share this article: Facebook Twitter Email",
    "Copyright 2024 The Daily Example. All rights reserved.",
    "Read more: the stories our readers liked this week",
    "Follow us on social media",
]


def build_spark_corpus(n: int, seed: int = 0, dup_fraction: float = 1 / 3) -> list[tuple[str, str]]:
    """``n`` (id, text) documents, deterministic for ``seed``."""
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    vocab = ["".join(rng.choice(letters, size=k)) for k in rng.integers(2, 11, size=30_000)]
    weights = 1.0 / np.arange(1, len(vocab) + 1) ** 1.05
    weights /= weights.sum()
    originals: list[list[str]] = []
    docs: list[str] = []
    for _ in range(n):
        if originals and rng.random() < dup_fraction:
            paragraphs = originals[int(rng.integers(len(originals)))]
            kind = rng.random()
            if kind < 0.3:  # exact copy on another site
                text = "\n".join([str(rng.choice(HEADERS)), *paragraphs, str(rng.choice(FOOTERS))])
            elif kind < 0.6:  # 3 % of the words replaced
                words = "\n\n".join(paragraphs).split(" ")
                for i in np.flatnonzero(rng.random(len(words)) < 0.03):
                    words[i] = vocab[int(rng.integers(len(vocab)))]
                text = " ".join(words)
            elif kind < 0.85:  # teaser
                keep = max(1, int(round(len(paragraphs) * rng.uniform(0.6, 0.9))))
                text = "\n\n".join(paragraphs[:keep])
            else:  # re-cased
                text = "\n\n".join(paragraphs).upper()
        else:
            paragraphs = []
            for _ in range(int(rng.integers(3, 10))):
                words = [vocab[i] for i in rng.choice(len(vocab), size=int(rng.integers(40, 110)), p=weights)]
                for i in range(0, len(words), 14):
                    words[i] = words[i].capitalize()
                paragraphs.append(" ".join(words) + ".")
            originals.append(paragraphs)
            text = "\n\n".join(paragraphs)
        docs.append(text)
    return [(f"d{i:06d}", text) for i, text in enumerate(docs)]


def build_spark_wire_corpus(copies: int, others: int, seed: int = 1) -> list[tuple[str, str]]:
    """One story in ``copies`` edited copies (0.5-3 % of the words replaced,
    0-2 boilerplate lines appended) among ``others`` unrelated news
    documents, in a shuffled order."""
    rng = np.random.default_rng(seed)
    news = build_spark_corpus(others + 1, seed=seed + 1, dup_fraction=0.0)
    story, docs = news[0][1], [text for _, text in news[1:]]
    words = story.split(" ")
    vocab = sorted({w for text in docs[:200] for w in text.split()})
    boiler = HEADERS + FOOTERS
    for _ in range(copies):
        edited = list(words)
        for i in np.flatnonzero(rng.random(len(edited)) < rng.uniform(0.005, 0.03)):
            edited[i] = vocab[int(rng.integers(len(vocab)))]
        tail = [boiler[int(i)] for i in rng.integers(len(boiler), size=int(rng.integers(0, 3)))]
        docs.append("\n".join([" ".join(edited), *tail]))
    order = rng.permutation(len(docs))
    return [(f"w{i:06d}", docs[j]) for i, j in enumerate(order)]
