"""A deterministic, labelled near-duplicate news corpus built from real text.

Shared by ``benchmarks/shingle_size.py`` (pairs for choosing n and the
threshold) and ``benchmarks/quality.py`` (clustering quality of whole systems).

Data: the article-extraction benchmark (``../shared/data/article-extraction-benchmark``
relative to the repository root; 181 news pages, MIT licence, see PROVENANCE.md
there), read in place and never copied into the repository:

* ``ground-truth.json`` -- ``{page_id: {"articleBody": text, "url": ...}}``:
  the clean gold article of each page. These are the *stories*.
* ``output/html-text.json`` -- ``{"output": {page_id: {"articleBody": text}}}``:
  the naive whole-page text dump of each page. Its lines that are not article
  text are real site boilerplate (*chrome*): the lines before the article are
  the page's header, the lines after it its footer.

Everything derived here is deterministic: every derived text draws from its own
``random.Random`` seeded from the corpus seed, what is derived and the page id
(:func:`derived_rng`), so changing one transform does not reshuffle the others.

Transforms (same story, a copy of the gold text)
------------------------------------------------
``edit-low`` / ``edit-high``
    1-2 % / 3-5 % of the words replaced, deleted or preceded by an inserted
    word (:func:`word_edits`; new words come from the corpus vocabulary).
``teaser``
    The first 60-90 % of the paragraphs (:func:`teaser`).
``headline``
    A headline line added and the first sentence reworded (30 % of its words
    edited) (:func:`retitle`).
``credit``
    One to three of: an ``Updated ...`` line on top, a ``CITY (Agency) -``
    dateline, a credit line (``Reporting by ...; Editing by ...``), an
    editor's note (:func:`add_credits`).
``unicode``
    Curly/straight quotes swapped, no-break spaces, re-wrapped lines, CRLF,
    soft hyphens, ligatures, doubled spaces (:func:`unicode_whitespace_variant`).
``paragraphs``
    Paragraphs split at sentence ends and adjacent ones merged
    (:func:`merge_split_paragraphs`).
``wrap``
    The copy wrapped in *another* page's real header and footer
    (:func:`wrap_in_chrome`).

Hard negatives (different stories that must stay apart)
-------------------------------------------------------
``template``
    Two or more different *short* stories (the first paragraphs, 60-120 words,
    of different articles: :func:`short_story`) each wrapped in the *same*
    page's chrome. Their source articles are held out of the story set, so a
    short story is not a teaser of any story in the corpus.
``topic``
    The pairs of story articles with the highest TF-IDF cosine of their
    vocabulary (:func:`topic_pairs`): different stories on one topic.
``site``
    Pairs of story articles from the same site (URL host, :func:`same_site_pairs`).
``chrome``
    Any two documents of different stories that carry the same page's chrome
    (a ``wrap`` copy and a short story, or two ``wrap`` copies): the same
    template around longer stories.
``seed``
    The project's seeds 000 and 002 (another story about the same companies).
"""

from __future__ import annotations

import bisect
import glob
import itertools
import json
import math
import os
import random
import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from . import heldout as ho

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: The benchmark folder (``--data`` of ``quality.py``).
DEFAULT_DATA_DIR = os.path.join(REPO_ROOT, os.pardir, "shared", "data", "article-extraction-benchmark")
GROUND_TRUTH = "ground-truth.json"
HTML_TEXT = os.path.join("output", "html-text.json")
#: ``ground-truth.json`` in the default folder (``--data`` of ``shingle_size.py``).
DEFAULT_DATA = os.path.join(DEFAULT_DATA_DIR, GROUND_TRUTH)
SEED_DIR = os.path.join(REPO_ROOT, "seeds")

#: Articles with fewer words are not stories.
MIN_WORDS = 80
#: Lines of boilerplate appended by :func:`append_boilerplate`.
BOILER_LINES = 10

CITIES = ("LONDON", "NEW YORK", "WASHINGTON", "PARIS", "TOKYO", "BERLIN", "SYDNEY", "BRUSSELS")
AGENCIES = ("Reuters", "AP", "AFP", "Bloomberg", "dpa")
EDITOR_NOTES = (
    "Editor's note: This story has been updated to correct the spelling of a name.",
    "Editor's note: An earlier version of this article misstated the date of the announcement.",
    "Editor's note: This article was first published on our partner site and is republished with permission.",
    "Editor's note: This story has been updated with additional reporting.",
)
REPORTERS = ("Jane Doe", "Tom Okafor", "Maria Lopez", "Kenji Sato", "Anna Schmidt", "David Chen")
EDITORS = ("Mark Potter", "Susan Fenton", "Alex Richardson", "Nick Zieminski")
UPDATED_LINES = (
    "Updated {d} {t} ET",
    "Updated: {d}, {t}",
    "Last updated {d} at {t}",
    "Published {d} | Updated {t}",
)
MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
CREDIT_LINES = (
    "Reporting by {r}; Editing by {e}",
    "(Reporting by {r}; additional reporting by {r2}; Editing by {e})",
    "This story was provided by The Associated Press.",
    "With reporting by {r} for AFP.",
    "Copyright {y} Reuters. Reporting by {r}.",
)

_SPLIT_WS = re.compile(r"(\s+)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_TOPIC_WORD = re.compile(r"[^\W\d_]{3,}")


# --------------------------------------------------------------------------- data


def data_files(data: str) -> tuple[str, str]:
    """``(ground-truth.json, output/html-text.json)`` for ``data``: the
    benchmark folder or its ``ground-truth.json``."""
    data = os.path.normpath(data)
    folder = os.path.dirname(data) if os.path.isfile(data) else data
    return os.path.join(folder, GROUND_TRUTH), os.path.join(folder, HTML_TEXT)


def load_articles(path: str) -> dict[str, str]:
    """Gold article texts by page id, in sorted page-id order."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return {pid: data[pid]["articleBody"] for pid in sorted(data)}


def load_urls(path: str) -> dict[str, str]:
    """URL of each page of ``ground-truth.json``, by page id."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return {pid: data[pid].get("url", "") for pid in sorted(data)}


def site_of(url: str) -> str:
    """The host of ``url`` without a leading ``www.`` ('' when there is none)."""
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host


def _squash(text: str) -> str:
    return " ".join(text.split())


def load_boilerplate(path: str, gold: dict[str, str]) -> dict[str, list[str]]:
    """Boilerplate lines of each page: non-blank lines of the whole-page text
    dump (``output/html-text.json``) that contain a letter and do not occur in
    the page's gold text. Pages without such lines are left out."""
    with open(path, encoding="utf-8") as f:
        pages = json.load(f)["output"]
    out: dict[str, list[str]] = {}
    for pid in sorted(pages):
        if pid not in gold:
            continue
        body = _squash(gold[pid])
        lines = []
        for line in pages[pid]["articleBody"].splitlines():
            line = line.strip()
            if line and _HAS_LETTER.search(line) and _squash(line) not in body:
                lines.append(line)
        if lines:
            out[pid] = lines
    return out


@dataclass(frozen=True)
class Chrome:
    """A page's real site chrome: the dump's lines before and after the article."""

    header: tuple[str, ...]
    footer: tuple[str, ...]

    @property
    def words(self) -> int:
        return sum(len(line.split()) for line in self.header + self.footer)


#: A dump line of at least this many words that occurs in the gold text is article text.
ARTICLE_LINE_MIN_WORDS = 6
#: ... as is one that shares a run of this many words with it (a paragraph whose
#: links were expanded, a caption or summary quoting the text).
SHARED_RUN_WORDS = 8
#: ... and so is one that shares a run of this many words with the page's title.
TITLE_RUN_WORDS = 4


def _trim_blank_runs(lines: Sequence[str]) -> tuple[str, ...]:
    out: list[str] = []
    for line in lines:
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line.rstrip())
    while out and not out[-1].strip():
        out.pop()
    while out and not out[0].strip():
        out.pop(0)
    return tuple(out)


def _ngrams(words: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def load_chrome(path: str, gold: dict[str, str]) -> dict[str, Chrome]:
    """Header and footer of each page's whole-page dump: real site chrome
    (:func:`page_chrome` of each page with a gold text; pages without chrome
    are left out)."""
    with open(path, encoding="utf-8") as f:
        pages = json.load(f)["output"]
    out: dict[str, Chrome] = {}
    for pid in sorted(pages):
        if pid not in gold:
            continue
        chrome = page_chrome(pages[pid]["articleBody"], gold[pid])
        if chrome is not None:
            out[pid] = chrome
    return out


def page_chrome(dump: str, story: str) -> Chrome | None:
    """Header and footer of one whole-page ``dump`` around its ``story`` text.

    A dump line is *story text* when, white space squashed, it equals a
    paragraph of ``story``, or has at least :data:`ARTICLE_LINE_MIN_WORDS`
    words and occurs in the story, or shares a run of
    :data:`SHARED_RUN_WORDS` words with it (case and white space ignored).
    The page's title (the dump's first line), lines contained in it and lines
    sharing a run of :data:`TITLE_RUN_WORDS` words with it (the headline,
    repeated or reworded) are story text too: a template around another
    story would not carry them. The header is every other line before the
    first story line, the footer every other line after the last one,
    verbatim, without repeated blank lines; lines in between (captions,
    inline ads) are dropped. None when no story paragraph is found in the
    dump, or there is no chrome.
    """
    body = _squash(story)
    paras = {_squash(p) for p in story.splitlines() if p.strip()}
    body_grams = _ngrams(body.lower().split(), SHARED_RUN_WORDS)
    lines = dump.splitlines()
    title = _squash(lines[0]).lower() if lines else ""
    title_grams = _ngrams(title.split(), TITLE_RUN_WORDS)

    def in_article(line: str) -> bool:
        s = _squash(line)
        if not s:
            return False
        if s in paras or (len(s.split()) >= ARTICLE_LINE_MIN_WORDS and s in body):
            return True
        return not body_grams.isdisjoint(_ngrams(s.lower().split(), SHARED_RUN_WORDS))

    marks = [i for i, line in enumerate(lines) if in_article(line)]
    if not marks:
        return None

    def chrome_line(i: int) -> bool:
        s = _squash(lines[i]).lower()
        if i == 0 or (len(s.split()) >= 3 and s in title):
            return False
        if not title_grams.isdisjoint(_ngrams(s.split(), TITLE_RUN_WORDS)):
            return False
        return not in_article(lines[i])

    header = _trim_blank_runs([lines[i] for i in range(marks[0]) if chrome_line(i)])
    footer = _trim_blank_runs([lines[i] for i in range(marks[-1] + 1, len(lines)) if chrome_line(i)])
    if any(x.strip() for x in header + footer):
        return Chrome(header, footer)
    return None


def corpus_vocabulary(texts: Sequence[str]) -> list[str]:
    """Sorted distinct alphabetic words of ``texts``: the pool of words that
    edits insert or substitute."""
    return sorted({w for t in texts for w in t.split() if w.isalpha()})


def load_seeds(seed_dir: str) -> dict[str, str]:
    """Texts of the project seeds ``000``, ``001`` and ``002`` that exist."""
    out = {}
    for prefix in ("000", "001", "002"):
        found = sorted(glob.glob(os.path.join(seed_dir, f"{prefix}_*.txt")))
        if found:
            with open(found[0], encoding="utf-8") as f:
                out[prefix] = f.read()
    return out


def derived_rng(seed: int, kind: str, pid: str) -> random.Random:
    """A generator private to one derived text: independent of the others."""
    return random.Random(f"{seed}:{kind}:{pid}")


# --------------------------------------------------------------------- transforms


def word_edits(text: str, rate: float, rng: random.Random, vocab: Sequence[str]) -> str:
    """Edit ``rate`` of the whitespace-separated words of ``text`` (at least
    one): each chosen word is replaced by, preceded by an inserted, or removed
    in favour of nothing, with equal probability. Line structure is kept."""
    parts = _SPLIT_WS.split(text)
    words = [i for i, p in enumerate(parts) if p and not p.isspace()]
    k = max(1, round(rate * len(words)))
    for i in sorted(rng.sample(words, min(k, len(words)))):
        op = rng.randrange(3)
        if op == 0:
            parts[i] = rng.choice(vocab)
        elif op == 1:
            parts[i] = rng.choice(vocab) + " " + parts[i]
        else:
            parts[i] = ""
    return "".join(parts)


def teaser(text: str, rng: random.Random) -> str:
    """The first 60-90 % of the paragraphs (non-blank lines) of ``text``; an
    article with fewer than 3 paragraphs is cut by sentences, then by words."""
    units = [p for p in text.split("\n") if p.strip()]
    sep = "\n\n"
    if len(units) < 3:
        units, sep = _SENTENCE_END.split(text.strip()), " "
    if len(units) < 3:
        units, sep = text.split(), " "
    keep = round(rng.uniform(0.6, 0.9) * len(units))
    keep = min(max(keep, 1), len(units) - 1)
    return sep.join(units[:keep])


def headline(text: str, rng: random.Random) -> str:
    """A headline-like first line made of 6-10 words of the article itself."""
    words = sorted({w.strip(".,;:!?\"'()") for w in text.split()} - {""})
    picked = rng.sample(words, min(len(words), rng.randint(6, 10)))
    return " ".join(w[:1].upper() + w[1:] for w in picked)


def restyle(text: str, rng: random.Random) -> tuple[str, str]:
    """A syndicated pair: (headline A + text, headline B + dateline + text +
    editor's note), with ``CITY (Agency) -`` prefixed to the first paragraph."""
    original = headline(text, rng) + "\n\n" + text
    dateline = f"{rng.choice(CITIES)} ({rng.choice(AGENCIES)}) - "
    body = text.lstrip()
    copy = headline(text, rng) + "\n\n" + dateline + body + "\n\n" + rng.choice(EDITOR_NOTES)
    return original, copy


_CURLY = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}


def unicode_variant(text: str, rng: random.Random) -> str:
    """The same words presented differently: paragraphs re-wrapped at 60-80
    columns, ~10 % of the spaces made no-break, straight quotes made curly and
    curly ones straight, CRLF line ends."""
    width = rng.randint(60, 80)
    paras = [
        textwrap.fill(p, width=width, break_long_words=False, break_on_hyphens=False) if p.strip() else ""
        for p in text.split("\n")
    ]
    out = []
    double_open = True
    for ch in "\n".join(paras):
        if ch in _CURLY:
            out.append(_CURLY[ch])
        elif ch == "'":
            out.append("\u2019")
        elif ch == '"':
            out.append("\u201c" if double_open else "\u201d")
            double_open = not double_open
        elif ch == " " and rng.random() < 0.1:
            out.append("\u00a0")
        else:
            out.append(ch)
    return "".join(out).replace("\n", "\r\n")


_LONG_WORD = re.compile(r"\b[a-z]{8,}\b")
_FI = re.compile(r"(?<=[a-z])fi(?=[a-z])")


def unicode_whitespace_variant(text: str, rng: random.Random) -> str:
    """:func:`unicode_variant`, plus soft hyphens inside ~5 % of the long
    words, the ``fi`` ligature in ~30 % of the words that contain ``fi``
    inside, and ~5 % of the spaces doubled. The normalised token stream is
    the original one."""

    def soft(m: re.Match) -> str:
        w = m.group(0)
        if rng.random() >= 0.05:
            return w
        cut = rng.randrange(3, len(w) - 2)
        return w[:cut] + "\u00ad" + w[cut:]

    text = _LONG_WORD.sub(soft, text)
    text = _FI.sub(lambda m: "\ufb01" if rng.random() < 0.3 else "fi", text)
    text = unicode_variant(text, rng)
    return "".join("  " if ch == " " and rng.random() < 0.05 else ch for ch in text)


def append_boilerplate(text: str, lines: Sequence[str], rng: random.Random) -> str:
    """``text`` followed by a run of up to ``BOILER_LINES`` consecutive
    boilerplate ``lines`` starting at a random line."""
    start = rng.randrange(max(1, len(lines) - BOILER_LINES + 1))
    return text + "\n" + "\n".join(lines[start : start + BOILER_LINES])


def _paragraphs(text: str) -> tuple[list[str], str]:
    """Non-blank lines of ``text`` and the separator it uses between them."""
    paras = [p.strip() for p in text.split("\n") if p.strip()]
    return paras, ("\n\n" if "\n\n" in text.replace("\r\n", "\n") else "\n")


def retitle(text: str, rng: random.Random, vocab: Sequence[str]) -> str:
    """A new headline line (:func:`headline`) on top and the first sentence
    reworded: 30 % of its words edited (:func:`word_edits`)."""
    paras, sep = _paragraphs(text)
    if not paras:
        return text
    first = _SENTENCE_END.split(paras[0], maxsplit=1)
    first[0] = word_edits(first[0], 0.3, rng, vocab)
    paras[0] = " ".join(first)
    return headline(text, rng) + "\n\n" + sep.join(paras)


def _date_line(rng: random.Random) -> tuple[str, str]:
    d = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.choice((2018, 2019, 2020))}"
    t = f"{rng.randint(1, 12)}:{rng.randrange(60):02d} {rng.choice(('a.m.', 'p.m.'))}"
    return d, t


def add_credits(text: str, rng: random.Random) -> str:
    """One to three of: an ``Updated ...`` line on top, a ``CITY (Agency) -``
    dateline on the first paragraph, a credit line at the end, an editor's
    note at the end."""
    paras, sep = _paragraphs(text)
    if not paras:
        return text
    kinds = rng.sample(("updated", "dateline", "credit", "note"), rng.randint(1, 3))
    top: list[str] = []
    end: list[str] = []
    if "updated" in kinds:
        d, t = _date_line(rng)
        top.append(rng.choice(UPDATED_LINES).format(d=d, t=t))
    if "dateline" in kinds:
        paras[0] = f"{rng.choice(CITIES)} ({rng.choice(AGENCIES)}) - " + paras[0]
    if "credit" in kinds:
        r, r2 = rng.sample(REPORTERS, 2)
        end.append(rng.choice(CREDIT_LINES).format(r=r, r2=r2, e=rng.choice(EDITORS), y=rng.choice((2018, 2019))))
    if "note" in kinds:
        end.append(rng.choice(EDITOR_NOTES))
    return sep.join(top + paras + end)


def merge_split_paragraphs(text: str, rng: random.Random, rate: float = 0.3) -> str:
    """Re-paragraphed copy: each paragraph of several sentences is split at a
    random sentence end with probability ``rate``, then each paragraph is
    merged with the next with probability ``rate``. Words are unchanged."""
    paras, sep = _paragraphs(text)
    split: list[str] = []
    for p in paras:
        sents = _SENTENCE_END.split(p)
        if len(sents) > 1 and rng.random() < rate:
            cut = rng.randrange(1, len(sents))
            split += [" ".join(sents[:cut]), " ".join(sents[cut:])]
        else:
            split.append(p)
    out: list[str] = []
    for p in split:
        if out and rng.random() < rate:
            out[-1] += " " + p
        else:
            out.append(p)
    return sep.join(out)


def wrap_in_chrome(text: str, chrome: Chrome) -> str:
    """``text`` between a page's real header and footer lines."""
    parts = ["\n".join(chrome.header), text.strip("\n"), "\n".join(chrome.footer)]
    return "\n\n".join(p for p in parts if p.strip())


def short_story(text: str, rng: random.Random, min_words: int = 60, max_words: int = 120) -> str:
    """A short story cut from an article: its first paragraphs until a random
    length of ``min_words``..``max_words`` words is reached (usually one to
    three paragraphs), then cut back to the last sentence end within
    ``max_words`` words (or to ``max_words`` words when there is none)."""
    paras, sep = _paragraphs(text)
    target = rng.randint(min_words, max_words)
    kept: list[str] = []
    n = 0
    for p in paras:
        kept.append(p)
        n += len(p.split())
        if n >= target:
            break
    story = sep.join(kept)
    if len(story.split()) <= max_words:
        return story
    words = _SPLIT_WS.split(story)
    cut = "".join(words[: 2 * max_words - 1])  # max_words words with their separators
    ends = [m.start() for m in re.finditer(r"[.!?](?=\s|$)", cut)]
    if ends and len(cut[: ends[-1] + 1].split()) >= min_words:
        return cut[: ends[-1] + 1]
    return cut


# ----------------------------------------------------------------- hard negatives


def topic_pairs(texts: dict[str, str], k: int) -> list[tuple[str, str, float]]:
    """The ``k`` pairs of distinct texts with the highest TF-IDF cosine.

    Words are lower-cased runs of at least three letters; only words found in
    at least two and at most half of the texts count (distinctive shared
    vocabulary); term weight ``(1 + log tf) * log(N / df)``. Ties are broken
    by the ids, so the result is deterministic.
    """
    ids = sorted(texts)
    bags = [Counter(w.lower() for w in _TOPIC_WORD.findall(texts[i])) for i in ids]
    df = Counter(w for bag in bags for w in bag)
    n = len(ids)
    idf = {w: math.log(n / c) for w, c in df.items() if 2 <= c <= n / 2}
    vecs = []
    for bag in bags:
        v = {w: (1 + math.log(c)) * idf[w] for w, c in bag.items() if w in idf}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({w: x / norm for w, x in v.items()})
    scored = []
    for a in range(n):
        va = vecs[a]
        for b in range(a + 1, n):
            vb = vecs[b]
            small, big = (va, vb) if len(va) <= len(vb) else (vb, va)
            cos = sum(x * big[w] for w, x in small.items() if w in big)
            if cos > 0:
                scored.append((-cos, ids[a], ids[b]))
    scored.sort()
    return [(a, b, -c) for c, a, b in scored[:k]]


def same_site_pairs(urls: dict[str, str], pids: Iterable[str]) -> list[tuple[str, str]]:
    """Every pair of ``pids`` whose URLs share a host (``www.`` ignored)."""
    by_site: dict[str, list[str]] = {}
    for pid in sorted(pids):
        site = site_of(urls.get(pid, ""))
        if site:
            by_site.setdefault(site, []).append(pid)
    return [(g[a], g[b]) for _, g in sorted(by_site.items()) for a in range(len(g)) for b in range(a + 1, len(g))]


# ------------------------------------------------------------------------- corpus

#: Copy transforms, in the order they are applied when a copy gets two.
TRANSFORMS = ("teaser", "edit-low", "edit-high", "headline", "credit", "paragraphs", "unicode", "wrap")
#: Transforms that are not combined with each other.
_FAMILY = {"edit-low": "edit", "edit-high": "edit"}
EDIT_RATES = {"edit-low": (0.01, 0.02), "edit-high": (0.03, 0.05)}


@dataclass(frozen=True)
class Doc:
    """One labelled document of the corpus."""

    id: str
    text: str
    label: str  # ground-truth cluster (story) id
    role: str  # "original", "copy", "negative" or "seed"
    transforms: tuple[str, ...] = ()
    source: str = ""  # page id (or seed name) the text comes from
    original: str = ""  # id of the story's original, for copies
    chrome: str = ""  # page id whose chrome wraps the text, if any


@dataclass
class Corpus:
    """Documents, the hard-negative pairs ``(id, id, kind)`` and build notes."""

    docs: list[Doc]
    hard_negatives: list[tuple[str, str, str]]
    info: dict = field(default_factory=dict)

    def summary(self) -> dict:
        """Sizes: documents, clusters, stories, copies per transform, hard negatives."""
        roles = Counter(d.role for d in self.docs)
        per = Counter(t for d in self.docs if d.role == "copy" for t in d.transforms)
        alone = Counter(d.transforms[0] for d in self.docs if d.role == "copy" and len(d.transforms) == 1)
        neg_kinds = Counter(k for _, _, k in self.hard_negatives)
        neg_docs = {x for a, b, _ in self.hard_negatives for x in (a, b)}
        return {
            "documents": len(self.docs),
            "clusters": len({d.label for d in self.docs}),
            "stories": roles["original"],
            "copies": roles["copy"],
            "copies_with_two_transforms": sum(1 for d in self.docs if d.role == "copy" and len(d.transforms) == 2),
            "copies_per_transform": {t: per[t] for t in TRANSFORMS if per[t]},
            "copies_per_transform_alone": {t: alone[t] for t in TRANSFORMS if alone[t]},
            "negative_documents": roles["negative"],
            "seed_documents": roles["seed"],
            "hard_negative_pairs": dict(sorted(neg_kinds.items())),
            "hard_negative_documents": len(neg_docs),
            "words": sum(len(d.text.split()) for d in self.docs),
            **self.info,
        }


class _Deck:
    """Draws names evenly: a shuffled deck, reshuffled when empty."""

    def __init__(self, names: Sequence[str], rng: random.Random) -> None:
        self.names, self.rng = list(names), rng
        self.cards: list[str] = []

    def draw(self, exclude: Iterable[str] = ()) -> str:
        bad = set(exclude)
        if not [c for c in self.cards if c not in bad]:
            fresh = self.names[:]
            self.rng.shuffle(fresh)
            self.cards = fresh + self.cards
        for i in range(len(self.cards) - 1, -1, -1):
            if self.cards[i] not in bad:
                return self.cards.pop(i)
        raise ValueError("nothing to draw")


def apply_transform(
    name: str,
    text: str,
    rng: random.Random,
    vocab: Sequence[str],
    chrome: Chrome | None = None,
) -> str:
    """Apply copy transform ``name`` (one of :data:`TRANSFORMS`); ``wrap``
    uses ``chrome``."""
    if name in EDIT_RATES:
        return word_edits(text, rng.uniform(*EDIT_RATES[name]), rng, vocab)
    if name == "teaser":
        return teaser(text, rng)
    if name == "headline":
        return retitle(text, rng, vocab)
    if name == "credit":
        return add_credits(text, rng)
    if name == "paragraphs":
        return merge_split_paragraphs(text, rng)
    if name == "unicode":
        return unicode_whitespace_variant(text, rng)
    if name == "wrap":
        if chrome is None:
            raise ValueError("the 'wrap' transform needs page chrome")
        return wrap_in_chrome(text, chrome)
    raise ValueError(f"unknown transform {name!r}")


def build_corpus(
    gold: dict[str, str],
    chrome: dict[str, Chrome],
    urls: dict[str, str],
    seeds: dict[str, str],
    seed: int = 0,
    *,
    copies: tuple[int, int] = (2, 4),
    second_transform: float = 0.35,
    templates: int = 16,
    shorts_per_template: int = 2,
    min_template_words: int = 200,
    topic_k: int = 20,
    max_stories: int | None = None,
    shuffle: bool = True,
) -> Corpus:
    """The labelled corpus (see the module docstring).

    1. ``templates * shorts_per_template`` articles (seeded sample of those of
       at least :data:`MIN_WORDS` words) are held out as sources of short
       stories; the other articles of at least :data:`MIN_WORDS` words are the
       stories (at most ``max_stories``, a seeded sample, when given).
    2. Each story: its gold text (``original``) plus ``copies`` (min, max)
       seeded copies; each copy gets a transform drawn evenly from
       :data:`TRANSFORMS` and, with probability ``second_transform``, a second
       one of another family, applied in :data:`TRANSFORMS` order. ``wrap``
       uses the chrome of a page other than the story's.
    3. ``templates`` pages with at least ``min_template_words`` words of
       chrome each wrap ``shorts_per_template`` short stories of different
       held-out articles; every pair within a template is a ``template`` hard
       negative; each such document is a cluster of its own.
    4. Documents of different stories wrapped in the same page's chrome are
       ``chrome`` hard negatives. The ``topic_k`` most similar pairs of
       stories by TF-IDF cosine (``topic``) and all pairs of stories from one
       site (``site``) are hard negatives between their originals.
    5. Seeds: 000 and 001 are one cluster, 002 another; 000/002 is a ``seed``
       hard negative.

    Document order is shuffled (seeded) unless ``shuffle`` is False.
    """
    vocab = corpus_vocabulary(list(gold.values()))
    eligible = [pid for pid in sorted(gold) if len(gold[pid].split()) >= MIN_WORDS]
    n_short = templates * shorts_per_template if chrome else 0
    held_out = sorted(derived_rng(seed, "held-out", "").sample(eligible, min(n_short, len(eligible))))
    stories = [pid for pid in eligible if pid not in set(held_out)]
    if max_stories is not None and max_stories < len(stories):
        stories = sorted(derived_rng(seed, "stories", "").sample(stories, max_stories))

    docs: list[Doc] = []
    deck = _Deck(TRANSFORMS if chrome else [t for t in TRANSFORMS if t != "wrap"], derived_rng(seed, "deck", ""))
    deck2 = _Deck(deck.names, derived_rng(seed, "deck2", ""))
    chrome_ids = sorted(chrome)
    order = {t: i for i, t in enumerate(TRANSFORMS)}
    for pid in stories:
        sid = f"s:{pid[:12]}"
        text = gold[pid]
        orig_id = f"{sid}/0"
        docs.append(Doc(orig_id, text, sid, "original", (), pid))
        rng = derived_rng(seed, "copies", pid)
        for c in range(1, rng.randint(*copies) + 1):
            first = deck.draw()
            names = [first]
            if rng.random() < second_transform:
                fam = _FAMILY.get(first, first)
                names.append(deck2.draw(exclude=[t for t in TRANSFORMS if _FAMILY.get(t, t) == fam]))
            names.sort(key=order.__getitem__)
            crng = derived_rng(seed, f"copy{c}", pid)
            page = crng.choice([p for p in chrome_ids if p != pid]) if "wrap" in names else ""
            copy = text
            for name in names:
                copy = apply_transform(name, copy, crng, vocab, chrome.get(page))
            docs.append(Doc(f"{sid}/{c}", copy, sid, "copy", tuple(names), pid, orig_id, page))

    negatives: list[tuple[str, str, str]] = []
    used_templates: list[str] = []
    if n_short and held_out:
        trng = derived_rng(seed, "templates", "")
        candidates = [p for p in chrome_ids if chrome[p].words >= min_template_words and chrome[p].header]
        used_templates = sorted(trng.sample(candidates, min(templates, len(candidates))))
        sources = held_out[:]
        trng.shuffle(sources)
        for t, page in enumerate(used_templates):
            group = []
            for k in range(shorts_per_template):
                if not sources:
                    break
                src = sources.pop()
                story = short_story(gold[src], derived_rng(seed, "short", src))
                doc_id = f"n:template{t}/{k}"
                text = wrap_in_chrome(story, chrome[page])
                docs.append(Doc(doc_id, text, doc_id, "negative", ("template",), src, chrome=page))
                group.append(doc_id)
            negatives += [(group[a], group[b], "template") for a in range(len(group)) for b in range(a + 1, len(group))]

    # Documents of different stories that happen to carry the same page's chrome.
    by_chrome: dict[str, list[Doc]] = {}
    for d in docs:
        if d.chrome:
            by_chrome.setdefault(d.chrome, []).append(d)
    listed = {(a, b) for a, b, _ in negatives}
    for _, same in sorted(by_chrome.items()):
        for x, y in itertools.combinations(same, 2):
            if x.label != y.label and (x.id, y.id) not in listed:
                negatives.append((x.id, y.id, "chrome"))

    origin = {pid: f"s:{pid[:12]}/0" for pid in stories}
    seen: set[tuple[str, str]] = set()
    topics = topic_pairs({p: gold[p] for p in stories}, topic_k) if topic_k else []
    for a, b, _ in topics:
        seen.add((a, b))
        negatives.append((origin[a], origin[b], "topic"))
    for a, b in same_site_pairs(urls, stories):
        if (a, b) not in seen:
            seen.add((a, b))
            negatives.append((origin[a], origin[b], "site"))

    if "000" in seeds:
        docs.append(Doc("seed:000", seeds["000"], "seed:000+001", "seed", (), "000"))
        if "001" in seeds:
            docs.append(Doc("seed:001", seeds["001"], "seed:000+001", "seed", (), "001"))
        if "002" in seeds:
            docs.append(Doc("seed:002", seeds["002"], "seed:002", "seed", (), "002"))
            negatives.append(("seed:000", "seed:002", "seed"))

    if shuffle:
        derived_rng(seed, "order", "").shuffle(docs)
    info = {
        "seed": seed,
        "gold_articles": len(gold),
        "eligible_articles": len(eligible),
        "held_out_for_short_stories": len(held_out),
        "templates": len(used_templates),
        "topic_pairs_cosine_min": round(min((c for *_, c in topics), default=0.0), 3),
    }
    return Corpus(docs, negatives, info)


# ---------------------------------------------------------------- held-out pages


def story_lines(dump: str, segments: Sequence[str]) -> list[int]:
    """Indices of the lines of a whole-page ``dump`` that hold the ``with``
    ``segments`` of the held-out set (white space squashed; a segment across
    several lines marks all of them). The first line, the page's title, is
    never one. A segment found more than once counts where it is inside (else
    nearest to) the span of the segments found once, or its first occurrence
    when no segment is found once."""
    lines = [_squash(line) for line in dump.splitlines()]
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    joined = " ".join(lines)

    def occurrences(seg: str) -> list[tuple[int, int]]:
        found, at = [], joined.find(seg)
        while at >= 0:
            first = bisect.bisect_right(starts, at) - 1
            last = bisect.bisect_right(starts, at + len(seg) - 1) - 1
            if first > 0:
                found.append((first, last))
            at = joined.find(seg, at + 1)
        return found

    spans = [occurrences(_squash(seg)) for seg in segments if _squash(seg)]
    single = [o[0] for o in spans if len(o) == 1]
    low = min((a for a, _ in single), default=None)
    high = max((b for _, b in single), default=None)
    marked: set[int] = set()
    for found in spans:
        if not found:
            continue
        if len(found) == 1 or low is None or high is None:
            chosen = [found[0]]
        else:
            inside = [o for o in found if low <= o[0] and o[1] <= high]
            chosen = inside or [min(found, key=lambda o: (max(low - o[1], o[0] - high, 0), o[0]))]
        for a, b in chosen:
            marked.update(range(a, b + 1))
    return sorted(i for i in marked if lines[i])


#: How the held-out corpus cuts a page's chrome: "outside-article" (default)
#: leaves out the page's article as trafilatura extracts it too; "literal"
#: only the ``with`` paragraphs.
HELDOUT_CHROME = ("outside-article", "literal")


def load_heldout_corpus(
    folder: str | None = None,
    seed: int = 0,
    seed_dir: str = SEED_DIR,
    *,
    pages: Sequence | None = None,
    chrome_from: str = "outside-article",
    **options,
) -> Corpus:
    """The corpus built the same way from the held-out pages
    (``../shared/data/trafilatura-eval``, see ``heldout.py``; measurement only).

    Each page's *story* is the paragraphs (lines of its html-text naive text,
    :func:`story_lines`) that hold its ``with`` segments, joined by blank
    lines; its site is :func:`heldout.site_key` of its URL. Its *chrome* is
    the rest of the page text, cut by :func:`page_chrome` around the story
    and, with ``chrome_from="outside-article"`` (the default), around the
    page's article as :func:`dedup.html_to_text` (trafilatura) extracts it
    too: the ``with`` segments mark parts of the article only (its start and
    end, quotes, list items), so the literal rest of the page text
    (``chrome_from="literal"``) often carries the page's own article prose --
    the rest of an interview, the lead before the first segment -- and two
    short stories in such a "template" share hundreds of words of real
    article rather than site furniture. Then :func:`build_corpus` as for the
    development pages, with ``options`` (e.g. ``templates``). ``pages``: the
    result of :func:`heldout_pages`, to build several seeds from one reading.
    """
    import hashlib

    if chrome_from not in HELDOUT_CHROME:
        raise ValueError(f"chrome_from must be one of {HELDOUT_CHROME}, got {chrome_from!r}")
    if pages is None:
        pages = heldout_pages(folder or str(ho.DEFAULT_DIR), article=chrome_from == "outside-article")
    gold: dict[str, str] = {}
    chrome: dict[str, Chrome] = {}
    urls: dict[str, str] = {}
    for page, naive, article in pages:
        pid = hashlib.sha1(page.file.encode("utf-8")).hexdigest()
        lines = naive.splitlines()
        story = "\n\n".join(lines[i].strip() for i in story_lines(naive, page.with_))
        if not story:
            continue
        gold[pid] = story
        site = ho.site_key(page.url)
        urls[pid] = f"http://{site}/" if site else ""
        if chrome_from == "outside-article":
            if article is None:
                raise ValueError("chrome_from='outside-article' needs the pages' articles: heldout_pages(article=True)")
            found = page_chrome(naive, story + "\n\n" + article)
        else:
            found = page_chrome(naive, story)
        if found is not None:
            chrome[pid] = found
    corpus = build_corpus(gold, chrome, urls, load_seeds(seed_dir), seed, **options)
    corpus.info.update(pages=len(pages), pages_with_story=len(gold), chrome_from=chrome_from)
    return corpus


def heldout_pages(folder: str, article: bool = True) -> list[tuple]:
    """``(page, html-text naive text, article)`` of every held-out page in
    ``folder``; the article is :func:`dedup.html_to_text` of the page (needs
    trafilatura), or None without ``article``."""
    out = []
    for p in ho.load_pages(folder):
        text = None
        if article:
            import dedup

            text = dedup.html_to_text(p.html)
        out.append((p, ho.naive_text(ho.decode_html(p.html)), text))
    return out


def load_corpus(data: str = DEFAULT_DATA_DIR, seed: int = 0, seed_dir: str = SEED_DIR, **options) -> Corpus:
    """Read the benchmark at ``data`` (folder or its ``ground-truth.json``)
    and build the corpus; ``options`` go to :func:`build_corpus`.

    Raises FileNotFoundError when ``ground-truth.json`` is missing; without
    ``output/html-text.json`` there is no chrome (no ``wrap`` copies and no
    ``template`` negatives).
    """
    gt, html = data_files(data)
    gold = load_articles(gt)
    chrome = load_chrome(html, gold) if os.path.isfile(html) else {}
    return build_corpus(gold, chrome, load_urls(gt), load_seeds(seed_dir), seed, **options)
