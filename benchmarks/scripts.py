"""Normalisation cost and copy detection by writing system: what a non-English corpus pays and gets.

Issue 5 measures throughput on English-like text. News pipelines also carry
Russian, Greek, Chinese, Japanese, Korean, Thai, Lao, Khmer and Burmese pages,
and scraped English text is full of no-break spaces and curly quotes. Every
one of those takes a slower path in :func:`dedup.normalize.canonical_bytes`
(NFKC, case folding of non-ASCII capitals, separators turned into spaces,
each CJK character its own token, each Thai/Lao/Khmer/Burmese letter a token
with its marks), so this script measures each script on its own; and since
scripts written without spaces between words need their own tokens, it also
checks that edited copies are still found and different articles kept apart
(issue 17: a Thai copy with 3 % of its words edited scored Jaccard 0.000).

Method
------
Documents: the first ``N`` documents of the throughput benchmark's
deterministic corpus (:func:`benchmarks.corpora.build_corpus`, default 4,000),
and variants of them made in this process, document for document (the words are pseudo-words either way; only
the characters matter here):

* ``ascii`` -- the documents without a non-ASCII character;
* ``typographic`` -- those with curly quotes and em dashes;
* ``nbsp`` -- ``ascii`` with every tenth space a no-break space (scraped
  HTML's ``&nbsp;``), which NFKC rewrites;
* ``cyrillic`` and ``greek`` -- ``ascii`` with each Latin letter moved to the
  Cyrillic or Greek block (capitals stay capitals);
* ``han`` -- ``ascii`` with each letter replaced by a CJK ideograph, a word's
  letters joined without spaces and the sentence punctuation full-width, as
  Chinese is written;
* ``kana`` -- ``han`` with every other letter half-width katakana followed by
  a voicing mark (NFKC composes them);
* ``thai``, ``lao``, ``khmer``, ``burmese`` -- ``ascii`` with each word
  replaced by a pseudo-word of that script (one to three syllables composed
  from its consonants, vowel signs, tone marks, finals and, for Khmer and
  Burmese, subscript consonants and medials; the same word always gives the
  same pseudo-word), written as those scripts are: no space between the
  words of a sentence, a space (Thai, Lao) or the script's full stop and a
  space (Khmer ``។``, Burmese ``။``) after it.

For each variant: microseconds of CPU time per document for
``canonical_bytes`` alone and for ``dedup.signatures(strip=False, workers=1)``
(tokenise, hash, shingle, MinHash), best of ``--repeat`` runs.

Copies (``--copies``, default 300): that many originals of the same corpus
without near-duplicates, each with a copy in which 3 % of the words are
replaced, inserted or deleted (``benchmarks/newscorpus.py``'s
``word_edits``, before the variant is made), in each variant: the mean and
lowest exact Jaccard of a copy with its original (dedup's shingles, without
stripping), the share of copies that ``dedup.cluster`` (defaults) puts in
their original's cluster, the highest Jaccard between two different
originals and the number of clusters holding two originals.

Usage: ``python benchmarks/scripts.py [--n 4000] [--copies 300] [--repeat 3] [--json FILE]``
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
from collections.abc import Callable, Sequence
from functools import cache, partial
from pathlib import Path

import numpy as np

if __name__ == "__main__" and not __package__:  # python benchmarks/scripts.py: as python -m benchmarks.scripts
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
    __package__ = "benchmarks"

import dedup
from dedup.lsh import sorted_unique
from dedup.normalize import canonical_bytes
from dedup.pipeline import fingerprint

from .corpora import build_corpus
from .harness import best_cpu
from .newscorpus import corpus_vocabulary, word_edits

_LOWER = "abcdefghijklmnopqrstuvwxyz"
_UPPER = _LOWER.upper()


def _shift(texts: list[str], lower: int, upper: int) -> list[str]:
    table = {ord(c): lower + i for i, c in enumerate(_LOWER)}
    table.update({ord(c): upper + i for i, c in enumerate(_UPPER)})
    return [t.translate(table) for t in texts]


def _han(texts: list[str]) -> list[str]:
    table = {ord(c): 0x4E00 + 37 * i for i, c in enumerate(_LOWER + _UPPER)}
    table.update({ord(" "): None, ord(","): "\uff0c", ord("."): "\u3002"})
    return [t.translate(table) for t in texts]


def _kana(texts: list[str]) -> list[str]:
    table = {
        ord(c): (chr(0xFF76 + i % 10) + "\uff9e" if i % 2 else chr(0x4E00 + 37 * i))
        for i, c in enumerate(_LOWER + _UPPER)
    }
    table.update({ord(" "): None, ord(","): "\uff0c", ord("."): "\u3002"})
    return [t.translate(table) for t in texts]


def _nbsp(texts: list[str]) -> list[str]:
    out = []
    for t in texts:
        parts = t.split(" ")
        out.append("".join(p + ("\u00a0" if i % 10 == 9 else " ") for i, p in enumerate(parts))[:-1])
    return out


def _chars(lo: int, hi: int) -> list[str]:
    return [chr(c) for c in range(lo, hi + 1)]


#: The parts of a syllable in each script written without spaces: consonants,
#: vowels written before the consonant (stored after it in Burmese), vowel
#: signs after it and above or below it, tone marks, final consonants,
#: subscript consonants or medials, and what ends a sentence.
SYLLABLES: dict[str, dict] = {
    "thai": dict(
        consonants=_chars(0x0E01, 0x0E2E),
        before=_chars(0x0E40, 0x0E44),
        after=["\u0e30", "\u0e32", "\u0e33"],
        above=["\u0e31", *_chars(0x0E34, 0x0E39)],
        tones=_chars(0x0E48, 0x0E4B),
        finals=list("\u0e01\u0e07\u0e14\u0e19\u0e1a\u0e21\u0e22\u0e27"),
        subscripts=[],
        stop=" ",
    ),
    "lao": dict(
        consonants=[
            chr(c)
            for c in (
                0x0E81,
                0x0E82,
                0x0E84,
                0x0E87,
                0x0E88,
                0x0E8A,
                0x0E8D,
                0x0E94,
                0x0E95,
                0x0E96,
                0x0E97,
                0x0E99,
                0x0E9A,
                0x0E9B,
                0x0E9C,
                0x0E9D,
                0x0E9E,
                0x0E9F,
                0x0EA1,
                0x0EA2,
                0x0EA3,
                0x0EA5,
                0x0EA7,
                0x0EAA,
                0x0EAB,
                0x0EAD,
                0x0EAE,
            )
        ],
        before=_chars(0x0EC0, 0x0EC4),
        after=["\u0eb0", "\u0eb2", "\u0eb3"],
        above=["\u0eb1", *_chars(0x0EB4, 0x0EB9)],
        tones=_chars(0x0EC8, 0x0ECB),
        finals=[chr(c) for c in (0x0E81, 0x0E87, 0x0E94, 0x0E99, 0x0E9A, 0x0EA1, 0x0EA2, 0x0EA7)],
        subscripts=[],
        stop=" ",
    ),
    "khmer": dict(
        consonants=_chars(0x1780, 0x17A2),
        before=[],
        after=_chars(0x17B6, 0x17C5),
        above=["\u17c6", "\u17c7"],
        tones=[],
        finals=[chr(c) for c in (0x1780, 0x1784, 0x178F, 0x1793, 0x1794, 0x1798, 0x1799, 0x179A, 0x179B, 0x179F)],
        subscripts=["\u17d2" + c for c in _chars(0x1780, 0x17A2)],
        stop="\u17d4 ",
    ),
    "burmese": dict(
        consonants=_chars(0x1000, 0x1020),
        before=["\u1031"],
        after=["\u102b", "\u102c"],
        above=_chars(0x102D, 0x1032),
        tones=["\u1037", "\u1038"],
        finals=[c + "\u103a" for c in "\u1000\u1004\u1010\u1014\u1015\u1019\u101a"],
        subscripts=["\u103b", "\u103c", "\u103d", "\u103e"],
        stop="\u104b ",
    ),
}


def _syllable(rng: random.Random, parts: dict) -> str:
    syllable = rng.choice(parts["consonants"])
    if parts["subscripts"] and rng.random() < 0.2:
        syllable += rng.choice(parts["subscripts"])
    if parts["before"] and rng.random() < 0.25:
        vowel = rng.choice(parts["before"])
        # Burmese stores the vowel written first after its consonant
        syllable = syllable + vowel if parts is SYLLABLES["burmese"] else vowel + syllable
    r = rng.random()
    if r < 0.35:
        syllable += rng.choice(parts["above"])
    elif r < 0.7:
        syllable += rng.choice(parts["after"])
    if parts["tones"] and rng.random() < 0.3:
        syllable += rng.choice(parts["tones"])
    if rng.random() < 0.4:
        syllable += rng.choice(parts["finals"])
    return syllable


@cache
def pseudo_word(script: str, word: str) -> str:
    """The pseudo-word of ``script`` that stands for ``word`` (case ignored)."""
    rng = random.Random(f"{script}:{word.lower()}")
    return "".join(_syllable(rng, SYLLABLES[script]) for _ in range(rng.choice((1, 1, 2, 2, 2, 3))))


_LATIN_WORD = re.compile(r"[A-Za-z]+")


def in_script(script: str, texts: Sequence[str]) -> list[str]:
    """``texts`` with each word a pseudo-word of ``script``, written without
    spaces between the words of a sentence (see the module docstring)."""
    parts = SYLLABLES[script]
    letters = "".join(
        sorted(
            {
                c
                for key in ("consonants", "before", "after", "above", "tones", "finals", "subscripts")
                for part in parts[key]
                for c in part
            }
        )
    )
    glued = re.compile(f"(?<=[{letters}]) (?=[{letters}])")
    stop = parts["stop"]
    out = []
    for text in texts:
        text = _LATIN_WORD.sub(lambda m: pseudo_word(script, m.group()), text)
        text = glued.sub("", text.replace(", ", " "))
        out.append(re.sub(r"[.!?](?: |$)", stop, text, flags=re.MULTILINE).rstrip(" "))
    return out


#: The variants made from ASCII documents, document for document.
TRANSFORMS: dict[str, Callable[[list[str]], list[str]]] = {
    "ascii": list,
    "nbsp": _nbsp,
    "cyrillic": lambda texts: _shift(texts, 0x430, 0x410),
    "greek": lambda texts: _shift(texts, 0x3B1, 0x391),
    "han": _han,
    "kana": _kana,
    **{script: (lambda texts, script=script: in_script(script, texts)) for script in SYLLABLES},
}


def variants(n: int) -> dict[str, list[str]]:
    """The documents of each variant (see the module docstring)."""
    docs = [t for _, t in build_corpus(n)[0]]
    ascii_docs = [t for t in docs if t.isascii()]
    out = {name: make(ascii_docs) for name, make in TRANSFORMS.items()}
    out["typographic"] = [t for t in docs if "\u201c" in t or "\u2014" in t]
    return out


def originals_and_copies(n: int, rate: float = 0.03) -> tuple[list[str], list[str]]:
    """``n`` ASCII originals (no near-duplicates among them) and a copy of
    each with ``rate`` of its words edited."""
    originals = [t for _, t in build_corpus(n, seed=1, dup_fraction=0.0, typographic=0.0, accented=0.0)[0]]
    vocab = corpus_vocabulary(originals)
    return originals, [word_edits(t, rate, random.Random(i), vocab) for i, t in enumerate(originals)]


def copy_detection(originals: Sequence[str], copies: Sequence[str]) -> dict:
    """How copies of ``originals`` are found (see the module docstring)."""
    fp = fingerprint(list(originals) + list(copies), ngram=dedup.DEFAULT_NGRAM, num_perm=128, seed=1, strip=False)
    sets = [sorted_unique(fp.shingles(i)) for i in range(len(fp))]
    n = len(originals)

    def jaccard(a: np.ndarray, b: np.ndarray) -> float:
        both = len(np.intersect1d(a, b, assume_unique=True))
        return both / (len(a) + len(b) - both) if len(a) + len(b) else 1.0

    copy_j = [jaccard(sets[i], sets[n + i]) for i in range(n)]
    apart_j = max(jaccard(sets[i], sets[j]) for i, j in itertools.combinations(range(n), 2))
    clusters = dedup.cluster(
        [(f"o{i}", t) for i, t in enumerate(originals)] + [(f"c{i}", t) for i, t in enumerate(copies)]
    )
    cluster_of = {doc: k for k, members in enumerate(clusters) for doc in members}
    found = sum(cluster_of[f"o{i}"] == cluster_of[f"c{i}"] for i in range(n))
    merged = sum(sum(doc.startswith("o") for doc in members) > 1 for members in clusters)
    return {
        "copy_jaccard_mean": float(np.mean(copy_j)),
        "copy_jaccard_min": float(min(copy_j)),
        "copies_found": found / n,
        "different_jaccard_max": apart_j,
        "originals_merged": merged,
    }


def main(argv: Sequence[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=4000, help="documents of the throughput corpus to start from")
    parser.add_argument("--copies", type=int, default=300, help="originals (each with an edited copy) per variant")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args(argv)
    results = {}
    originals, copies = originals_and_copies(args.copies)
    print(
        f"{'variant':12s} {'docs':>6s} {'KB/doc':>7s} {'canonical_bytes':>16s} {'signatures':>11s}"
        f" {'copy J mean/min':>16s} {'found':>6s} {'other J max':>12s} {'merged':>7s}"
    )
    for name, texts in variants(args.n).items():
        if not texts:
            continue
        canonical_bytes(texts[0])  # one-time tables
        nbytes = sum(len(t.encode("utf-8")) for t in texts)
        # CPU time of this process (steadier than wall time on a shared machine; everything runs here)
        norm = best_cpu(lambda texts=texts: [canonical_bytes(t) for t in texts], args.repeat)[1] / len(texts)
        sigs = best_cpu(partial(dedup.signatures, texts, strip=False, workers=1), args.repeat)[1] / len(texts)
        results[name] = {
            "documents": len(texts),
            "mean_bytes": nbytes / len(texts),
            "canonical_bytes_us": norm * 1e6,
            "signatures_us": sigs * 1e6,
        }
        line = (
            f"{name:12s} {len(texts):6d} {nbytes / len(texts) / 1024:7.1f} {norm * 1e6:13.1f} µs {sigs * 1e6:8.1f} µs"
        )
        if name in TRANSFORMS:
            make = TRANSFORMS[name]
            found = copy_detection(make(originals), make(copies))
            results[name].update(found)
            line += (
                f" {found['copy_jaccard_mean']:8.3f}/{found['copy_jaccard_min']:.3f}"
                f" {found['copies_found']:6.3f} {found['different_jaccard_max']:12.3f}"
                f" {found['originals_merged']:7d}"
            )
        print(line, flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main()
