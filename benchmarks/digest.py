"""A digest of everything dedup decides, to show that a refactor changed nothing.

Issue 18 asks for a refactor "behaviour unchanged": clusters, scores and
stripped texts identical before and after, on the development pages and on
generated corpora. This script computes SHA-256 digests of:

* the stripped text (one-text and batch paths) of every text of the
  article-extraction development set: the gold articles and every stored
  tool's output, html-text and inscriptis dumps included (``../shared/data``;
  skipped when absent);
* the signatures, with and without stripping, of those texts and of the
  throughput benchmark's generated news corpus;
* the clusters and every :class:`dedup.Match` field of ``add_many`` on the
  generated corpus, on the wire corpus (two stories with thousands of copies)
  and on the quality benchmark's labelled corpus (seed 0);
* the command line's output on the seeds.

``python benchmarks/digest.py --write`` records them in
``benchmarks/digest.json``; ``python benchmarks/digest.py`` (about a minute)
recomputes them and lists what differs. A change that is meant to change
behaviour writes the file again and says so in its commit.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

if __name__ == "__main__" and not __package__:  # python benchmarks/digest.py: as python -m benchmarks.digest
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
    __package__ = "benchmarks"

import dedup

from . import corpora, newscorpus

ROOT = Path(__file__).resolve().parent.parent

DATA = ROOT.parent / "shared" / "data" / "article-extraction-benchmark"
DIGEST = Path(__file__).resolve().parent / "digest.json"


def _sha(parts: Iterable[Any]) -> str:
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, np.ndarray):
            h.update(np.ascontiguousarray(part).tobytes())
        else:
            h.update(json.dumps(part, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def development_texts() -> list[str]:
    """Gold articles and every stored tool output of the development set (empty without the data)."""
    if not DATA.is_dir():
        return []
    texts: list[str] = []

    def leaves(value: Any) -> None:  # every string of a JSON document, in key order
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for key in sorted(value):
                leaves(value[key])

    for path in [DATA / "ground-truth.json", *sorted((DATA / "output").glob("*.json"))]:
        leaves(json.loads(path.read_text(encoding="utf-8")))
    return [t for t in texts if not t.startswith("http")]


def _matches(docs: list[tuple[str, str]]) -> list:
    index = dedup.Deduplicator()
    return [
        [m.id, m.representative, m.duplicate_of, m.similarity, m.jaccard, m.containment]
        for m in index.add_many(docs, workers=1)
    ] + [index.clusters()]


def compute() -> dict[str, str]:
    """Every digest, by name."""
    out: dict[str, str] = {}
    steps: list[tuple[str, Callable[[], str]]] = []
    texts = development_texts()
    if texts:
        steps += [
            ("strip development texts", lambda: _sha(dedup.strip_boilerplate(t) for t in texts)),
            ("strip_many development texts", lambda: _sha(dedup.strip_boilerplate_many(texts))),
            ("signatures development texts", lambda: _sha([dedup.signatures(texts, workers=1)])),
            (
                "signatures development texts strip=False",
                lambda: _sha([dedup.signatures(texts, workers=1, strip=False)]),
            ),
        ]
    news, _ = corpora.build_corpus(20_000)
    wire, _ = corpora.build_wire_corpus(20_000)
    steps += [
        ("strip news corpus (first 3,000)", lambda: _sha(dedup.strip_boilerplate_many([t for _, t in news[:3000]]))),
        ("signatures news corpus", lambda: _sha([dedup.signatures([t for _, t in news], workers=1)])),
        ("add_many news corpus", lambda: _sha(_matches(news))),
        ("add_many news corpus strip=False", lambda: _sha([dedup.cluster(news, workers=1, strip=False)])),
        ("add_many wire corpus", lambda: _sha(_matches(wire))),
    ]
    if DATA.is_dir():

        def labelled() -> str:
            docs = newscorpus.load_corpus(str(DATA), 0).docs
            return _sha(_matches([(d.id, d.text) for d in docs]))

        steps.append(("add_many quality corpus seed 0", labelled))
    steps.append(
        (
            "command line on the seeds",
            lambda: _sha(
                [
                    subprocess.run(
                        [sys.executable, "-m", "dedup", "cluster", "seeds/"],
                        cwd=ROOT,
                        capture_output=True,
                        text=True,
                        check=True,
                    ).stdout
                ]
            ),
        )
    )
    for name, fn in steps:
        start = time.perf_counter()
        out[name] = fn()
        print(f"  {name}: {out[name][:16]} ({time.perf_counter() - start:.1f} s)", file=sys.stderr, flush=True)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"record the digests in {DIGEST.name}")
    args = parser.parse_args(argv)
    now = compute()
    if args.write:
        DIGEST.write_text(json.dumps(now, indent=2) + "\n")
        print(f"wrote {DIGEST}")
        return 0
    saved = json.loads(DIGEST.read_text())
    differ = [name for name in saved if name in now and now[name] != saved[name]]
    missing = [name for name in saved if name not in now]
    for name in differ:
        print(f"DIFFERS: {name}")
    for name in missing:
        print(f"not computed here (data absent?): {name}")
    print(f"{len(saved) - len(differ) - len(missing)} of {len(saved)} digests identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
