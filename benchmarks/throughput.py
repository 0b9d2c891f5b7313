"""Fingerprinting and clustering throughput of dedup against its peers.

Issue 5, part 1: "An ingestion pipeline pays for every document it
fingerprints." This script measures what it pays, in one process and on one
corpus, for dedup and for the MinHash libraries a user would otherwise pick.

Method
------
Corpus: :func:`benchmarks.corpora.build_corpus` (deterministic for a given
``--seed``): ``N`` news-like documents of 450-650 body words over a
Zipf-Mandelbrot vocabulary, a fraction (``--typographic``, default 0.2) with
curly quotes and em dashes, a fraction (``--accented``, default 0.1) with a
word that stays non-ASCII ("Zürich", "€4.5m"; set both to 0 for an
all-ASCII corpus), about 15 % of the originals with boilerplate lines, and
about 30 % near-duplicates (``--dup-fraction``): word edits, teasers, copies
with boilerplate appended, exact copies. Document ``i`` depends only on
``(seed, i)``, so a smaller corpus is a prefix of a larger one.

Rows (each states what its time includes):

* ``dedup.cluster`` with defaults (boilerplate stripping, normalisation,
  3-word shingles, 128-permutation MinHash, LSH, exact verification,
  union-find), and with ``strip=False``;
* ``dedup.signatures`` (fingerprints only), with and without stripping;
* ``Deduplicator().add_many`` (the streaming index; returns a Match per doc);
* with ``workers=`` support in this dedup version (detected with
  :func:`inspect.signature`): the same with ``workers=1`` and ``workers=2``;
* peers (:mod:`benchmarks.peers`), all ``num_perm=128`` over the same word
  3-gram shingles (``dedup.DEFAULT_NGRAM``) of ``re.findall(r"\\w+",
  text.lower())``, their tokenisation and shingling counted in their time
  (that is what a user pays), no boilerplate stripping, no LSH: datasketch
  ``MinHash.update()`` once per shingle (subset, it is slow), datasketch
  ``MinHash.bulk`` (subset) and rensa
  ``RMinHash(num_perm=128, seed=42).update(list_of_shingles)`` (when
  ``rensa`` is installed; the row is skipped otherwise).

Timing (:func:`benchmarks.harness.measure`): every row is run ``--repeat``
times in interleaved rounds (round k runs every row once, so a change of load
on a shared machine hits all rows alike), with ``tracemalloc`` off and after a
``gc.collect()``; the best of K is reported with all times and the spread
max/min - 1, plus the CPU time (worker processes included) over wall time of
the best run, which shows how many cores a row really got. Throughput is
docs/s and MB/s of UTF-8 input text, and docs per CPU second (of the run that
used the least CPU), which load from other processes hardly changes: on a
busy machine compare single-process rows with it; the wall-clock numbers are
the primary ones. The corpus is built and frozen out of the garbage collector
(``gc.freeze``) before timing, so the collection before each run is cheap;
dedup's own objects are collected as usual. Ratios divide a row's docs/s by a
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

Wire corpus (issue 15; ``--no-wire`` skips it): dedup and the peers' LSH
clustering on the plain corpus and on a wire corpus of the same size
(:func:`benchmarks.corpora.build_wire_corpus`), and documents sharing one
long passage (:func:`benchmarks.corpora.build_shared_block_corpus`).

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
(issues 3, 5 and 15, read from ``benchmarks/targets.json``); "target not met"
is a measurement, not an error.
"""

from __future__ import annotations

import argparse
import gc
import inspect
import json
import os
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

if __name__ == "__main__" and not __package__:  # python benchmarks/throughput.py: as python -m benchmarks.throughput
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
    __package__ = "benchmarks"

import dedup

from . import peers
from .corpora import build_corpus, build_shared_block_corpus, build_wire_corpus, make_vocabulary, wire_story_check
from .harness import Row, machine_info, measure, peak_memory, target, time_once

# --------------------------------------------------------------------------- rows


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


def _add_many(pairs: list[tuple[str, str]], workers: int | None = None, via_init: bool = False):
    if workers is None:
        return dedup.Deduplicator().add_many(pairs)
    if via_init:
        return dedup.Deduplicator(workers=workers).add_many(pairs)  # type: ignore[call-arg]
    return dedup.Deduplicator().add_many(pairs, workers=workers)


def _strip_many() -> Callable[[list[str]], list[str]] | None:
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


def make_rows(
    docs: list[tuple[str, str]], update_n: int, bulk_n: int, rensa_n: int
) -> tuple[list[Row], dict[str, Any]]:
    """The rows to measure on ``docs``, and notes (workers support, rensa)."""
    texts = [t for _, t in docs]
    ngram = dedup.DEFAULT_NGRAM
    n = len(docs)
    rows = [
        Row(
            "dedup.cluster (defaults)",
            "strip + normalise + shingle + MinHash + LSH + exact verify + union-find"
            + ("; workers=None (automatic: every core for large inputs)" if supports_workers()["cluster"] else ""),
            n,
            lambda: dedup.cluster(docs),
        ),
        Row(
            "dedup.cluster strip=False",
            "as above without boilerplate stripping",
            n,
            lambda: dedup.cluster(docs, strip=False),
        ),
        Row(
            "dedup.signatures",
            "strip + normalise + shingle + MinHash (n x 128 uint32)",
            n,
            lambda: dedup.signatures(texts),
        ),
        Row(
            "dedup.signatures strip=False",
            "normalise + shingle + MinHash (peers' work)",
            n,
            lambda: dedup.signatures(texts, strip=False),
        ),
        Row(
            "Deduplicator().add_many",
            "streaming index: as cluster, returns a Match per doc",
            n,
            lambda: _add_many(docs),
        ),
    ]
    strip_many = _strip_many()
    if strip_many is not None:
        rows.append(
            Row(
                "strip boilerplate",
                "the stripping step of cluster/signatures alone: "
                "dedup.pipeline.clean_texts(strip=True) over the same chunks",
                n,
                lambda: strip_many(texts),
            )
        )
    notes: dict[str, Any] = {}
    sup = supports_workers()
    notes["workers_supported"] = sup
    if any(sup.values()):
        for w in (1, 2):
            kw: dict[str, Any] = {"workers": w}
            # tracemalloc sees only the calling process: with 2 workers its
            # peak says little the workers=None rows do not (and costs time).
            if sup["cluster"]:
                rows.append(
                    Row(
                        f"dedup.cluster workers={w}",
                        "as dedup.cluster (defaults), stripping included",
                        n,
                        partial(dedup.cluster, docs, **kw),
                        memory=w == 1,
                    )
                )
                if w == 1:  # what one worker costs without the stripping step
                    rows.append(
                        Row(
                            "dedup.cluster workers=1 strip=False",
                            "as dedup.cluster workers=1 without boilerplate stripping",
                            n,
                            partial(dedup.cluster, docs, strip=False, **kw),
                            memory=False,
                        )
                    )
            if sup["signatures"]:
                rows.append(
                    Row(
                        f"dedup.signatures workers={w}",
                        "as dedup.signatures",
                        n,
                        partial(dedup.signatures, texts, **kw),
                        memory=w == 1,
                    )
                )
            if sup["add_many"]:
                via_init = "workers" not in inspect.signature(dedup.Deduplicator.add_many).parameters
                rows.append(
                    Row(
                        f"Deduplicator().add_many workers={w}",
                        "as Deduplicator().add_many",
                        n,
                        partial(_add_many, docs, w, via_init),
                        memory=w == 1,
                    )
                )
    else:
        notes["workers"] = "workers: not supported by this version"

    sub_u, sub_b = texts[: min(update_n, n)], texts[: min(bulk_n, n)]
    rows.append(
        Row(
            "datasketch MinHash.update()",
            "regex tokenise + shingle + update() per shingle (sha1)",
            len(sub_u),
            partial(peers.datasketch_update, sub_u, ngram),
            peer="update",
        )
    )
    rows.append(
        Row(
            "datasketch MinHash.bulk",
            "regex tokenise + shingle + bulk() (sha1)",
            len(sub_b),
            partial(peers.datasketch_bulk, sub_b, ngram),
            peer="bulk",
        )
    )
    if peers.import_rensa() is None:
        notes["rensa"] = "not installed (pip install rensa): rows skipped"
    else:
        notes["rensa"] = peers.rensa_version()
        sub_r = texts[: min(rensa_n, n)]
        rows.append(
            Row(
                "rensa RMinHash.update(list)",
                "regex tokenise + shingle + update(list[str])",
                len(sub_r),
                partial(peers.rensa_update, sub_r, ngram),
                peer="rensa",
            )
        )
    return rows, notes


# --------------------------------------------------------------------------- index memory


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
    budget = target("index_1m_signatures_lsh_gb")  # the keys say 2 GB, the target this was written for
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
        "fits_2gb_nbytes": budget.holds(nb / n * 1e6 / 1e9),
        "fits_2gb_retained": budget.holds(steady / n * 1e6 / 1e9),
    }


# --------------------------------------------------------------------------- wire corpus


def run_wire(args: argparse.Namespace, plain: list[tuple[str, str]], log: Callable[[str], None]) -> dict[str, Any]:
    """dedup and the peers on the plain corpus and on a wire corpus of the same size.

    Issue 15: the wire corpus (:func:`benchmarks.corpora.build_wire_corpus`) holds edited
    copies of two stories (:data:`benchmarks.corpora.WIRE_SHARES` of its documents). Reported per row and
    corpus: docs/s (best of ``--repeat``, interleaved rounds), the wire/plain
    ratio, the tracemalloc peak of each dedup row and its ratio, the largest
    cluster, and whether each story's copies are one cluster of their own.
    """
    n = len(plain)
    t0 = time.perf_counter()
    wire, stats = build_wire_corpus(n, args.seed, typographic=args.typographic, accented=args.accented)
    sizes = [len(ids) for ids in stats["stories"]]
    log(
        f"wire corpus: {n} docs, {stats['wire_copies']} copies of {len(sizes)} stories "
        f"({', '.join(map(str, sizes))}), built in {time.perf_counter() - t0:.1f} s"
    )
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
        log(f"  wire round {k + 1}/{args.repeat}: " + ", ".join(f"{a} {b} {v[-1]:.2f}s" for (a, b), v in walls.items()))
    rows: list[dict[str, Any]] = []
    for name, fn in dedup_rows.items():
        row: dict[str, Any] = {"name": name}
        for corpus, docs in corpora.items():
            best = min(walls[(name, corpus)])
            row[corpus] = {
                "best_s": best,
                "docs_per_s": n / best,
                "times_s": walls[(name, corpus)],
                "largest_cluster": max(map(len, clusters[(name, corpus)])),
            }
            if not args.no_memory:
                row[corpus]["peak_mb"] = peak_memory(partial(fn, docs)) / 1e6
        row["ratio"] = row["wire"]["docs_per_s"] / row["plain"]["docs_per_s"]
        if not args.no_memory:
            row["peak_ratio"] = row["wire"]["peak_mb"] / row["plain"]["peak_mb"]
        row["story_problems"] = wire_story_check(clusters[(name, "wire")], stats["stories"])
        rows.append(row)
        log(
            f"  {name}: wire/plain {row['ratio']:.2f}"
            + (f", peak {row['peak_ratio']:.2f}" if "peak_ratio" in row else "")
        )
    for name, fn in peers.peer_lsh_rows().items():  # once each: they are slow, and slower on the wire corpus
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
    shared = {
        "documents": len(block),
        "block_words": 2000,
        "own_words": 480,
        "seconds": took,
        "docs_per_s": len(block) / took,
        "clusters": len(parts),
        "largest_cluster": max(map(len, parts)),
    }
    if not args.no_memory:
        shared["peak_mb"] = peak_memory(partial(dedup.cluster, block, workers=1)) / 1e6
    log(f"  shared passage: {len(block)} documents in {took:.1f} s")
    return {"documents": n, "stories": sizes, "rows": rows, "shared_block": shared}


def format_wire(wire: dict[str, Any]) -> str:
    """The wire section's table."""
    lines = [
        f"\nwire corpus ({wire['documents']} documents, {sum(wire['stories'])} of them copies of "
        f"{len(wire['stories'])} stories) against the plain corpus of the same size:",
        f"{'row':<42} {'plain docs/s':>12} {'wire docs/s':>12} {'ratio':>6} {'peak MB plain/wire':>19} "
        f"{'largest cluster':>16}",
    ]
    for r in wire["rows"]:
        peak = (
            f"{r['plain']['peak_mb']:.0f}/{r['wire']['peak_mb']:.0f} ({r['peak_ratio']:.2f})"
            if "peak_ratio" in r
            else "-"
        )
        lines.append(
            f"{r['name']:<42} {r['plain']['docs_per_s']:>12,.0f} {r['wire']['docs_per_s']:>12,.0f} "
            f"{r['ratio']:>6.2f} {peak:>19} {r['wire']['largest_cluster']:>16,}"
        )
        if "story_problems" in r:
            lines.append(
                "    each story one cluster of its own: "
                + ("yes" if not r["story_problems"] else "no: " + "; ".join(r["story_problems"]))
            )
    lines.append(
        "peers: signatures, LSH query then insert per document, union-find over the unverified candidates; "
        "run once each"
    )
    b = wire["shared_block"]
    lines.append(
        f"{b['documents']:,} documents sharing one {b['block_words']:,}-word passage, each with "
        f"{b['own_words']} words of its own, dedup.cluster workers=1: {b['seconds']:.1f} s "
        f"({b['docs_per_s']:,.0f} docs/s)"
        + (f", peak {b['peak_mb']:.0f} MB" if "peak_mb" in b else "")
        + f"; {b['clusters']:,} clusters, the largest {b['largest_cluster']:,}"
    )
    speed, memory = target("wire_vs_plain_docs_per_s"), target("wire_vs_plain_peak_memory")
    for r in wire["rows"]:
        if r["name"] in ("dedup.cluster (defaults)", "dedup.cluster workers=1"):
            met = speed.holds(r["ratio"]) and memory.holds(r.get("peak_ratio", 0.0)) and not r["story_problems"]
            peak = f", peak memory ratio {r['peak_ratio']:.2f} ({memory})" if "peak_ratio" in r else ""
            lines.append(
                f"acceptance wire/plain ({r['name']}): docs/s ratio {r['ratio']:.2f} ({speed}){peak}, "
                f"stories right: {'yes' if not r['story_problems'] else 'no'}: "
                f"{'target met' if met else 'target not met'}"
            )
    return "\n".join(lines)


# --------------------------------------------------------------------------- reporting


def format_table(results: list[dict[str, Any]]) -> str:
    """A plain-text table of the rows."""
    head = (
        f"{'row':<36} {'docs':>6} {'docs/s':>9} {'MB/s':>7} {'x upd':>7} {'x bulk':>7} {'x rensa':>7} "
        f"{'docs/cpu-s':>10} {'peak MB':>8} {'spread':>7} {'cpu/wall':>8}"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        ratios = r.get("ratios", {})

        def ratio(key: str, ratios: dict = ratios) -> str:
            return f"{ratios[key]:7.2f}" if key in ratios else f"{'-':>7}"

        peak = f"{r['peak_mb']:8.1f}" if "peak_mb" in r else f"{'-':>8}"
        lines.append(
            f"{r['name']:<36} {r['documents']:>6} {r['docs_per_s']:>9,.0f} {r['mb_per_s']:>7.2f} "
            f"{ratio('vs_update')} {ratio('vs_bulk')} {ratio('vs_rensa')} {r['docs_per_cpu_s']:>10,.0f} {peak} {r['spread']:>7.1%} {r['cpu_per_wall_at_best']:>8.2f}"
        )
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
    update, rensa = target("cluster_vs_datasketch_update"), target("cluster_vs_rensa_update")
    share_target, workers_target = target("strip_share_of_cluster"), target("cluster_workers2_vs_workers1")
    # "dedup.cluster with defaults, one worker": the workers=1 row when this
    # version has workers= (its default then uses every core), else the defaults row.
    name = "dedup.cluster workers=1" if "dedup.cluster workers=1" in results else "dedup.cluster (defaults)"
    c = results.get(name)
    if c:
        r = c["ratios"]
        if "vs_update" in r:
            out["cluster_vs_datasketch_update"] = {
                "row": name,
                "ratio": r["vs_update"],
                "target": update.value,
                "holds": update.holds(r["vs_update"]),
                "cpu_time_ratio": c["cpu_ratios"]["vs_update"],
            }
        if "vs_rensa" in r:
            out["cluster_vs_rensa_update"] = {
                "row": name,
                "ratio": r["vs_rensa"],
                "target": rensa.value,
                "holds": rensa.holds(r["vs_rensa"]),
                "cpu_time_ratio": c["cpu_ratios"]["vs_rensa"],
            }
    strip = results.get("strip boilerplate")
    if c and strip:
        share = c["docs_per_s"] / strip["docs_per_s"]  # strip time / cluster time
        out["strip_share_of_cluster"] = {
            "row": name,
            "share": share,
            "target": share_target.value,
            "holds": share_target.holds(share),
            "strip_us_per_doc": 1e6 / strip["docs_per_s"],
            "cluster_us_per_doc": 1e6 / c["docs_per_s"],
        }
    c1, c2 = results.get("dedup.cluster workers=1"), results.get("dedup.cluster workers=2")
    if c1 and c2:
        ratio = c2["docs_per_s"] / c1["docs_per_s"]
        entry = {
            "ratio": ratio,
            "target": workers_target.value,
            "holds": workers_target.holds(ratio),
            "documents": c1["documents"],
            "cpu_per_wall_workers2": c2["cpu_per_wall_at_best"],
        }
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
            entry["caveat"] = (
                f"1-minute load average stayed above {cores} (min {min(loads):.1f}): other processes "
                f"competed for the cores, the measured speed-up understates it"
            )
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
            "target_gb": target("index_1m_signatures_lsh_gb").value,
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
    for key, name in (("vs_update", "cluster_vs_datasketch_update"), ("vs_rensa", "cluster_vs_rensa_update")):
        if key in bare["ratios"]:
            peer_docs_per_s = bare["docs_per_s"] / bare["ratios"][key]
            budget[f"budget_us_{key}"] = 1e6 / (target(name).value * peer_docs_per_s) - rest
    share = target("strip_share_of_cluster").value
    budget["budget_us_share"] = rest * share / (1 - share)  # strip < share of strip + rest
    if strip:
        budget["strip_us_per_doc"] = 1e6 / strip["docs_per_s"]
    return budget


# --------------------------------------------------------------------------- scale


def run_scale(
    sizes: Sequence[int], seed: int, repeat: int, dup_fraction: float, typographic: float, accented: float, log=print
) -> list[dict[str, Any]]:
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
        kw: dict[str, Any] = (
            {"workers": 1} if supports_workers()["cluster"] and supports_workers()["signatures"] else {}
        )
        fns = {
            "dedup.cluster": lambda docs=docs, kw=kw: dedup.cluster(docs, **kw),
            "dedup.signatures": lambda texts=texts, kw=kw: dedup.signatures(texts, **kw),
        }
        timed: dict[str, list[tuple[float, ...]]] = {name: [] for name in fns}
        for _ in range(repeat):  # interleaved, as in measure()
            for name, fn in fns.items():
                timed[name].append(time_once(fn)[:2])
        for name, runs in timed.items():
            times = [w for w, _ in runs]
            best = min(times)
            entry[name] = {
                "times_s": times,
                "cpu_s": [c for _, c in runs],
                "best_s": best,
                "docs_per_s": n / best,
                "mb_per_s": mb / best,
                "us_per_doc": best / n * 1e6,
                "spread": max(times) / best - 1.0,
                "cpu_us_per_doc": min(c for _, c in runs) / n * 1e6,
                "options": kw,
            }
        lean = index_memory(docs, exact=False)
        entry["index_exact_false"] = {
            k: lean[k]
            for k in ("nbytes_per_doc", "retained_per_doc", "retained_no_slack_per_doc", "python_objects_per_doc")
        }
        log(
            f"  n={n:>6}: cluster {entry['dedup.cluster']['best_s']:7.2f} s "
            f"({entry['dedup.cluster']['docs_per_s']:,.0f} docs/s, {entry['dedup.cluster']['us_per_doc']:.0f} us/doc), "
            f"signatures {entry['dedup.signatures']['best_s']:6.2f} s "
            f"({entry['dedup.signatures']['docs_per_s']:,.0f} docs/s); index exact=False "
            f"{lean['nbytes_per_doc']:.0f} B/doc nbytes, {lean['retained_no_slack_per_doc']:.0f} B/doc retained"
        )
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
    buf.write(
        f"dedup.cluster(docs{', workers=1' if kw else ''}) under cProfile (CPU time; the profiler inflates "
        "Python-heavy code such as boilerplate stripping)\n"
    )
    stats = pstats.Stats(prof, stream=buf).sort_stats("tottime")
    stats.print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return buf.getvalue()


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Run the benchmark; print the table; return (and optionally write) the results."""
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--n", type=int, default=20_000, help="documents in the corpus (default 20000)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    ap.add_argument("--repeat", type=int, default=3, help="timing runs per row, best reported (default 3)")
    ap.add_argument("--update-n", type=int, default=300, help="documents for datasketch update() (default 300)")
    ap.add_argument("--bulk-n", type=int, default=2000, help="documents for datasketch bulk (default 2000)")
    ap.add_argument("--rensa-n", type=int, default=None, help="documents for rensa (default: all)")
    ap.add_argument("--dup-fraction", type=float, default=0.3, help="share of near-duplicates (default 0.3)")
    ap.add_argument(
        "--typographic",
        type=float,
        default=0.2,
        help="share of documents with curly quotes and em dashes (default 0.2)",
    )
    ap.add_argument(
        "--accented",
        type=float,
        default=0.1,
        help="share of documents with a word that stays non-ASCII, like 'Zürich' or '€5m' (default 0.1)",
    )
    ap.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    ap.add_argument(
        "--shared-block",
        type=int,
        default=10_000,
        help="documents sharing one 2,000-word passage in the wire section (default 10000)",
    )
    ap.add_argument(
        "--no-wire",
        action="store_true",
        help="skip the wire corpus (issue 15: two stories, 20 %% and 10 %% of the documents; about 3 minutes)",
    )
    ap.add_argument("--scale", action="store_true", help="also time dedup.cluster at 10k/20k/40k/80k documents")
    ap.add_argument(
        "--scale-sizes",
        type=lambda s: [int(x) for x in s.split(",")],
        default=[10_000, 20_000, 40_000, 80_000],
        help="sizes for --scale, comma-separated",
    )
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
    log(
        f"corpus: {args.n} docs, {corpus['bytes'] / 1e6:.1f} MB, {corpus['mean_words']:.0f} words/doc, "
        f"{corpus['near_duplicates']} near-duplicates {corpus['kinds']} (built in {corpus['build_s']:.1f} s)"
    )
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


def _run(
    args: argparse.Namespace,
    log: Callable[[str], None],
    info: dict[str, Any],
    t0: float,
    docs: list[tuple[str, str]],
    corpus: dict[str, Any],
    rows: list[Row],
    notes: dict[str, Any],
    texts_bytes: list[int],
) -> dict[str, Any]:
    """Measure, report and write the results (the body of :func:`main`)."""
    log(
        "about 5 minutes for these rows" + ("" if args.no_wire else ", 3 more for the wire corpus (--no-wire skips it)")
    )
    log(
        f"timing {len(rows)} rows, best of {args.repeat} interleaved rounds"
        + ("" if args.no_memory else ", then one tracemalloc run each")
    )
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
    print(
        f"\ndedup throughput, {args.n} documents ({corpus['bytes'] / 1e6:.1f} MB, "
        f"{corpus['near_duplicates']} near-duplicates), best of {args.repeat}; "
        f"python {info['python']}, numpy {info['numpy']}, {info['cpu_count']} CPUs"
        + (f", dedup at {info['git_commit'][:10]}" if info.get("git_commit") else "")
        + (" + local changes" if info.get("dedup_local_changes") else "")
    )
    print(format_table(results))
    print(
        "x upd / x bulk / x rensa: docs/s divided by that peer's docs/s (peers on a prefix subset). "
        "docs/cpu-s: documents per CPU second of the least-CPU run (workers included); robust to other load."
    )
    for r in results:
        print(f"  {r['name']}: {r['includes']}")
    if out["workers_speedup"]:
        print(
            "  workers=2 / workers=1 docs/s: " + ", ".join(f"{k} {v:.2f}x" for k, v in out["workers_speedup"].items())
        )
    else:
        print(f"  {notes.get('workers', 'workers: not supported by this version')}")
    print(f"  rensa: {notes['rensa']}")
    print(
        "  peak MB: tracemalloc peak of new allocations during one run (numpy included; not rensa's Rust heap,"
        " not worker processes' memory)."
    )
    if index:
        for key, label in (
            ("exact_true", "defaults (signatures + LSH + shingle sets)"),
            ("exact_false", "exact=False (signatures + LSH)"),
        ):
            m = index[key]
            print(
                f"index {label}: nbytes() {m['nbytes_per_doc']:.0f} B/doc -> {m['nbytes_1m_gb']:.2f} GB per 1M; "
                f"retained (tracemalloc) {m['retained_per_doc']:.0f} B/doc = {m['nbytes_per_doc']:.0f} arrays + "
                f"{m['python_objects_per_doc']:.0f} other (Python objects, arrays nbytes() omits) + "
                f"{m['capacity_slack_bytes'] / m['documents']:.0f} spare array capacity; without the spare capacity "
                f"{m['retained_1m_gb']:.2f} GB per 1M (fits 2 GB: {'yes' if m['fits_2gb_retained'] else 'NO'})"
            )
    for key, val in out["acceptance"].items():
        if isinstance(val, dict):
            shown = val.get("ratio", val.get("share", val.get("retained_1m_gb")))
            cpu = f", on CPU time {val['cpu_time_ratio']:.2f}" if "cpu_time_ratio" in val else ""
            if "projected_2_free_cores" in val:
                cpu = (
                    f", projected with 2 free cores {val['projected_2_free_cores']:.2f} (calling process "
                    f"{val['calling_process_cpu_share']:.0%} of the CPU)"
                )
            print(
                f"acceptance {key}{' (' + val['row'] + ')' if 'row' in val else ''}: {shown:.2f}{cpu} "
                f"(target {val.get('target', val.get('target_gb'))}): {'target met' if val['holds'] else 'target not met'}"
            )
            if "caveat" in val:
                print(f"    caveat: {val['caveat']}")
        else:
            print(f"acceptance {key}: {val}")
    budget = out["stripping_budget"]
    if budget:
        ratios = ", ".join(f"{v:.2f}x {k[3:]}" for k, v in budget["rest_ratios"].items())
        labels = (
            ("budget_us_vs_update", f"{target('cluster_vs_datasketch_update').value:g}x update"),
            ("budget_us_vs_rensa", f"{target('cluster_vs_rensa_update').value:g}x rensa"),
            ("budget_us_share", f"share {target('strip_share_of_cluster').value:g}"),
        )
        limits = ", ".join(f"{budget[k]:.1f} us ({label})" for k, label in labels if k in budget)
        print(
            f"stripping budget: the rest of cluster() with one worker takes {budget['rest_us_per_doc']:.1f} us/doc "
            f"({ratios}); stripping may take {limits}; it takes {budget.get('strip_us_per_doc', float('nan')):.1f} us"
        )

    if not args.no_wire:
        out["wire"] = run_wire(args, docs, log)
        print(format_wire(out["wire"]))

    if args.scale:
        log(f"scale: {args.scale_sizes}")
        out["scale"] = run_scale(
            args.scale_sizes, args.seed, args.repeat, args.dup_fraction, args.typographic, args.accented, log
        )
        print(
            f"\nscale: best of {args.repeat}, workers=1 when supported; idx B/doc = retained bytes per document "
            "of an exact=False index (without spare array capacity)"
        )
        print("us/doc: wall-clock; cpu us/doc: CPU time per document (robust to other load)")
        print(
            f"{'docs':>7} {'MB':>6} {'cluster s':>10} {'docs/s':>8} {'us/doc':>7} {'cpu us/doc':>10} "
            f"{'sigs s':>8} {'docs/s':>8} {'cpu us/doc':>10} {'idx B/doc':>10}"
        )
        for e in out["scale"]:
            c, s = e["dedup.cluster"], e["dedup.signatures"]
            print(
                f"{e['documents']:>7} {e['mb']:>6.1f} {c['best_s']:>10.2f} {c['docs_per_s']:>8,.0f} "
                f"{c['us_per_doc']:>7.0f} {c['cpu_us_per_doc']:>10.0f} {s['best_s']:>8.2f} {s['docs_per_s']:>8,.0f} "
                f"{s['cpu_us_per_doc']:>10.0f} {e['index_exact_false']['retained_no_slack_per_doc']:>10.0f}"
            )
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
