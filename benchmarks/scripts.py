"""Normalisation cost by writing system: what a non-English corpus pays.

Issue 5 measures throughput on English-like text. News pipelines also carry
Russian, Greek, Chinese, Japanese and Korean pages, and scraped English text
is full of no-break spaces and curly quotes. Every one of those takes a
slower path in :func:`dedup.normalize.canonical_bytes` (NFKC, case folding of
non-ASCII capitals, separators turned into spaces, each CJK character its own
token), so this script measures each script on its own.

Method
------
Documents: the first ``N`` documents of ``benchmarks/throughput.py``'s
deterministic corpus (default 4,000), and variants of them made in this
process, document for document (the words are pseudo-words either way; only
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
  a voicing mark (NFKC composes them).

For each variant: microseconds per document for ``canonical_bytes`` alone and
for ``dedup.signatures(strip=False, workers=1)`` (tokenise, hash, shingle,
MinHash), best of ``--repeat`` runs.

Usage: ``python benchmarks/scripts.py [--n 4000] [--repeat 3] [--json FILE]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Callable, Optional, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))

import dedup  # noqa: E402
from dedup.normalize import canonical_bytes  # noqa: E402
from throughput import build_corpus  # noqa: E402

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
    table = {ord(c): (chr(0xFF76 + i % 10) + "\uff9e" if i % 2 else chr(0x4E00 + 37 * i))
             for i, c in enumerate(_LOWER + _UPPER)}
    table.update({ord(" "): None, ord(","): "\uff0c", ord("."): "\u3002"})
    return [t.translate(table) for t in texts]


def _nbsp(texts: list[str]) -> list[str]:
    out = []
    for t in texts:
        parts = t.split(" ")
        out.append("".join(p + ("\u00a0" if i % 10 == 9 else " ") for i, p in enumerate(parts))[:-1])
    return out


def variants(n: int) -> dict[str, list[str]]:
    """The documents of each variant (see the module docstring)."""
    docs = [t for _, t in build_corpus(n)[0]]
    ascii_docs = [t for t in docs if t.isascii()]
    return {
        "ascii": ascii_docs,
        "typographic": [t for t in docs if "\u201c" in t or "\u2014" in t],
        "nbsp": _nbsp(ascii_docs),
        "cyrillic": _shift(ascii_docs, 0x430, 0x410),
        "greek": _shift(ascii_docs, 0x3B1, 0x391),
        "han": _han(ascii_docs),
        "kana": _kana(ascii_docs),
    }


def best_of(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: Optional[Sequence[str]] = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=4000, help="documents of the throughput corpus to start from")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args(argv)
    results = {}
    print(f"{'variant':12s} {'docs':>6s} {'KB/doc':>7s} {'canonical_bytes':>16s} {'signatures':>11s}")
    for name, texts in variants(args.n).items():
        if not texts:
            continue
        canonical_bytes(texts[0])  # one-time tables
        nbytes = sum(len(t.encode("utf-8")) for t in texts)
        norm = best_of(lambda: [canonical_bytes(t) for t in texts], args.repeat) / len(texts)
        sigs = best_of(lambda: dedup.signatures(texts, strip=False, workers=1), args.repeat) / len(texts)
        results[name] = {"documents": len(texts), "mean_bytes": nbytes / len(texts),
                         "canonical_bytes_us": norm * 1e6, "signatures_us": sigs * 1e6}
        print(f"{name:12s} {len(texts):6d} {nbytes / len(texts) / 1024:7.1f} {norm * 1e6:13.1f} µs"
              f" {sigs * 1e6:8.1f} µs")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main()
