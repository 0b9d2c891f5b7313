"""Measure which word n-gram size and Jaccard threshold separate copies of a story.

Issue: "Word n-gram shingles (default chosen by measurement, document why)".
This script produces the numbers behind ``dedup.DEFAULT_NGRAM`` and
``dedup.DEFAULT_THRESHOLD``.

Method
------
Data: the gold article texts of the article-extraction benchmark
(``../shared/data/article-extraction-benchmark/ground-truth.json``, 181 news
pages, MIT licence; see PROVENANCE.md there). The data is read in place and
never copied into the repository. When it is absent the script says so and
exits 0.

Same-story pairs (positives), one of each kind per gold article of at least
``MIN_WORDS`` words, the gold text on one side and a derived copy on the other:

a. ``edit2`` -- 2 % of the words edited (each edit replaces, inserts or deletes
   one word; inserted and replacement words come from the corpus vocabulary);
b. ``edit5`` -- the same with 5 % of the words;
c. ``teaser`` -- only the first 60-90 % of the paragraphs (sentences when the
   article has fewer than 3 paragraphs);
d. ``restyle`` -- syndicated copy: both sides get a (different) headline as
   first line, the copy also gets a ``CITY (Reuters) -`` style dateline on its
   first paragraph and an appended ``Editor's note: ...`` line;
e. ``unicode`` -- the same text with straight/curly quotes swapped, some
   spaces turned into no-break spaces, lines re-wrapped and CRLF line ends
   (normalisation must make this Jaccard exactly 1.0);
f. ``boiler`` -- the article with a run of ~10 lines of *another* page's
   boilerplate appended: lines of the naive whole-page text dump
   ``output/html-text.json`` of that page that do not occur in its gold text.

Different-story pairs (negatives): every pair of distinct gold articles
(181 * 180 / 2 = 16290; all articles, also the short ones).

The project's seeds add one pair of each: ``seeds/000_*`` vs ``seeds/001_*``
(the same story, must match) and ``000`` vs ``002`` (another story about the
same companies, must not match).

For every n in 1..7 each text is shingled by dedup itself
(:func:`dedup.pipeline.fingerprint` with ``strip=False``: boilerplate stripping
is measured elsewhere) and each pair is scored with the exact Jaccard
similarity of the two sets of 32-bit shingle hashes, using the library's own
:func:`dedup.verify.exact_jaccard`: the score that verification compares with
the threshold. MinHash/LSH error is deliberately left out: this measures
what the threshold is applied to.

Realistic negatives: the gold texts are clean, so their different-story pairs
share no boilerplate. Real input is often a whole-page dump, and two
different stories from one site share its menus and footers. As a check of
the margin left above the threshold, every pair of *different* pages of
``output/html-text.json`` is also scored, with ``strip=False`` and (when
``dedup/boilerplate.py`` is present) ``strip=True``. These pairs are
reported on their own and are not part of the F1 below.

Reported per n: mean and 5th percentile of the same-story Jaccard per kind,
maximum and 99.9th percentile of the different-story Jaccard, and for
thresholds 0.30..0.90 (step 0.05) the pairwise recall (share of same-story
pairs with J >= t, overall and per kind) and the number of false matches
(different-story pairs with J >= t), plus the threshold with the best F1 over
all pairs. For ``--strip-ngram`` (default: the library default) it also
reports what ``strip=True`` changes for the ``boiler`` pairs, if
``dedup/boilerplate.py`` is present.

Everything is deterministic: each derived text uses its own
``random.Random`` seeded from ``--seed``, the kind and the page id. The data
loaders and the transforms are shared with ``benchmarks/quality.py`` and live
in ``benchmarks/newscorpus.py``.

Usage::

    PYTHONPATH=. python benchmarks/shingle_size.py [--seed 0] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence

import numpy as np

# python benchmarks/shingle_size.py: as python -m benchmarks.shingle_size
if __name__ == "__main__" and not __package__:
    sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    __package__ = "benchmarks"

from dedup.pipeline import fingerprint
from dedup.verify import exact_jaccard

# The data loaders and the transforms live in benchmarks/newscorpus.py, shared
# with benchmarks/quality.py.
from .newscorpus import (
    DEFAULT_DATA,
    MIN_WORDS,
    REPO_ROOT,
    append_boilerplate,
    corpus_vocabulary,
    load_articles,
    load_boilerplate,
    load_seeds,
    restyle,
    teaser,
    unicode_variant,
    word_edits,
)
from .newscorpus import derived_rng as _rng

NGRAMS = tuple(range(1, 8))
THRESHOLDS = tuple(round(0.30 + 0.05 * i, 2) for i in range(13))
KINDS = ("edit2", "edit5", "teaser", "restyle", "unicode", "boiler")
NUM_PERM = 128
MINHASH_SEED = 1


# -------------------------------------------------------------------------- pairs


class PairSet:
    """Texts to shingle and the labelled pairs of indices into them."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.labels: list[str] = []  # where each text comes from (page id or seed file)
        self.same: list[tuple[int, int, str]] = []  # (i, j, kind)
        self.diff: list[tuple[int, int]] = []
        self.seed_pairs: dict[str, tuple[int, int, bool]] = {}  # name -> (i, j, same story)
        self.boiler_words: list[int] = []

    def add(self, text: str, label: str = "") -> int:
        """Append ``text`` (from ``label``); return its index."""
        self.texts.append(text)
        self.labels.append(label)
        return len(self.texts) - 1


def build_pairs(
    gold: dict[str, str],
    boiler: dict[str, list[str]] | None,
    seeds: dict[str, str],
    seed: int,
) -> PairSet:
    """Derive the same-story pairs, list the different-story pairs and add the
    seed pairs (see the module docstring)."""
    ps = PairSet()
    vocab = corpus_vocabulary(list(gold.values()))
    gold_idx = {pid: ps.add(text, pid) for pid, text in gold.items()}
    pids = list(gold)
    for pid, text in gold.items():
        if len(text.split()) < MIN_WORDS:
            continue
        g = gold_idx[pid]
        ps.same.append((g, ps.add(word_edits(text, 0.02, _rng(seed, "edit2", pid), vocab)), "edit2"))
        ps.same.append((g, ps.add(word_edits(text, 0.05, _rng(seed, "edit5", pid), vocab)), "edit5"))
        ps.same.append((g, ps.add(teaser(text, _rng(seed, "teaser", pid))), "teaser"))
        a, b = restyle(text, _rng(seed, "restyle", pid))
        ps.same.append((ps.add(a), ps.add(b), "restyle"))
        ps.same.append((g, ps.add(unicode_variant(text, _rng(seed, "unicode", pid))), "unicode"))
        if boiler:
            rng = _rng(seed, "boiler", pid)
            other = rng.choice([p for p in sorted(boiler) if p != pid])
            copy = append_boilerplate(text, boiler[other], rng)
            ps.boiler_words.append(len(copy.split()) - len(text.split()))
            ps.same.append((g, ps.add(copy), "boiler"))
    for x in range(len(pids)):
        for y in range(x + 1, len(pids)):
            ps.diff.append((gold_idx[pids[x]], gold_idx[pids[y]]))
    if "000" in seeds:
        s0 = ps.add(seeds["000"], "seed 000")
        if "001" in seeds:
            ps.seed_pairs["000/001"] = (s0, ps.add(seeds["001"], "seed 001"), True)
        if "002" in seeds:
            ps.seed_pairs["000/002"] = (s0, ps.add(seeds["002"], "seed 002"), False)
    return ps


# ---------------------------------------------------------------------- measuring


def shingle_sets(texts: Sequence[str], ngram: int, strip: bool = False) -> list[np.ndarray]:
    """Sorted distinct shingle hashes of each text, from dedup's fingerprinting."""
    fp = fingerprint(texts, ngram=ngram, num_perm=NUM_PERM, seed=MINHASH_SEED, strip=strip)
    return [np.unique(fp.shingles(i)) for i in range(len(fp))]


def jaccards(sets: Sequence[np.ndarray], pairs: Sequence[tuple]) -> np.ndarray:
    """Exact Jaccard similarity (dedup's own definition) of each pair ``(i, j, ...)``."""
    return np.fromiter((exact_jaccard(sets[p[0]], sets[p[1]]) for p in pairs), dtype=np.float64, count=len(pairs))


def f1_score(tp: int, fp: int, fn: int) -> float:
    """F1 from counts (0.0 when there is nothing to score)."""
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def summarize(same_j: np.ndarray, kinds: Sequence[str], diff_j: np.ndarray, seed_j: dict) -> dict:
    """Statistics of one n: per-kind distribution, negatives' tail, recall and
    false matches per threshold, and the best-F1 threshold over all pairs
    (seed pairs included)."""
    kinds_arr = np.asarray(kinds)
    pos = np.concatenate([same_j, [j for j, same in seed_j.values() if same]])
    neg = np.concatenate([diff_j, [j for j, same in seed_j.values() if not same]])
    per_kind = {}
    for kind in KINDS:
        v = same_j[kinds_arr == kind]
        if len(v):
            per_kind[kind] = {
                "n": int(len(v)),
                "mean": float(v.mean()),
                "p5": float(np.percentile(v, 5)),
                "min": float(v.min()),
            }
    rows = []
    for t in THRESHOLDS:
        tp = int(np.count_nonzero(pos >= t))
        fp = int(np.count_nonzero(neg >= t))
        rows.append(
            {
                "threshold": t,
                "recall": tp / len(pos),
                "recall_by_kind": {k: float(np.mean(same_j[kinds_arr == k] >= t)) for k in per_kind},
                "false_matches": fp,
                "f1": f1_score(tp, fp, len(pos) - tp),
            }
        )
    best_f1 = max(r["f1"] for r in rows)
    best = [r["threshold"] for r in rows if r["f1"] == best_f1]
    return {
        "same_story": per_kind,
        "different_story": {
            "pairs": int(len(diff_j)),
            "max": float(diff_j.max()),
            "p99_9": float(np.percentile(diff_j, 99.9)),
            "p99": float(np.percentile(diff_j, 99)),
        },
        "seeds": {name: float(j) for name, (j, _) in seed_j.items()},
        "thresholds": rows,
        "best_f1": best_f1,
        "best_f1_thresholds": best,
        "positives": int(len(pos)),
        "negatives": int(len(neg)),
    }


def measure(ps: PairSet, ngram: int) -> dict:
    """Shingle every text with ``ngram`` and summarize all pairs."""
    sets = shingle_sets(ps.texts, ngram)
    same_j = jaccards(sets, ps.same)
    diff_j = jaccards(sets, ps.diff)
    seed_j = {name: (float(jaccards(sets, [(i, j)])[0]), same) for name, (i, j, same) in ps.seed_pairs.items()}
    out = summarize(same_j, [k for _, _, k in ps.same], diff_j, seed_j)
    out["worst_negative"] = [ps.labels[x] for x in ps.diff[int(np.argmax(diff_j))]]
    return out


def measure_strip(ps: PairSet, ngram: int, threshold: float) -> dict:
    """What ``strip=True`` changes at ``ngram``: the ``boiler`` pairs, gold
    articles against their own stripped text, and the different-story tail."""
    boiler = [(i, j) for i, j, k in ps.same if k == "boiler"]
    gold = sorted({i for i, _ in boiler} | {i for p in ps.diff for i in p})
    res = {}
    raw = shingle_sets(ps.texts, ngram, strip=False)
    strip = shingle_sets(ps.texts, ngram, strip=True)
    for name, sets in (("strip=False", raw), ("strip=True", strip)):
        j = jaccards(sets, boiler)
        d = jaccards(sets, ps.diff)
        res[name] = {
            "boiler_mean": float(j.mean()),
            "boiler_p5": float(np.percentile(j, 5)),
            "boiler_min": float(j.min()),
            "boiler_recall": float(np.mean(j >= threshold)),
            "different_max": float(d.max()),
            "different_false_matches": int(np.count_nonzero(d >= threshold)),
        }
    self_j = np.array([exact_jaccard(raw[i], strip[i]) for i in gold])
    res["gold_vs_stripped_gold"] = {
        "articles": len(gold),
        "changed": int(np.count_nonzero(self_j < 1.0)),
        "mean": float(self_j.mean()),
        "min": float(self_j.min()),
    }
    res["ngram"], res["threshold"] = ngram, threshold
    return res


# ------------------------------------------------------------------------- output


def page_texts(path: str, gold: dict[str, str]) -> tuple[list[str], list[str]]:
    """Page ids (sorted, those with a gold text) and their whole-page text dumps."""
    with open(path, encoding="utf-8") as f:
        pages = json.load(f)["output"]
    ids = [pid for pid in sorted(pages) if pid in gold]
    return ids, [pages[pid]["articleBody"] for pid in ids]


def measure_pages(ids: Sequence[str], texts: Sequence[str], ngram: int, strip: bool) -> dict:
    """Different-story pairs of whole-page texts: tail of their Jaccard and the
    false matches per threshold."""
    pairs = [(a, b) for a in range(len(texts)) for b in range(a + 1, len(texts))]
    j = jaccards(shingle_sets(texts, ngram, strip=strip), pairs)
    order = np.argsort(-j, kind="stable")[:3]
    return {
        "pairs": len(pairs),
        "max": float(j.max()),
        "p99_9": float(np.percentile(j, 99.9)),
        "worst": [[ids[pairs[x][0]], ids[pairs[x][1]], float(j[x])] for x in order],
        "false_matches": {f"{t:.2f}": int(np.count_nonzero(j >= t)) for t in THRESHOLDS},
    }


def print_pages(pages: dict[int, dict], focus: Sequence[float]) -> None:
    """Table of :func:`measure_pages` results, keyed by n then by strip mode."""
    modes = list(next(iter(pages.values())))
    print("\nWhole-page dumps (output/html-text.json), different-story pairs: max, p99.9, false matches at t")
    head = f"{'n':>2}"
    for m in modes:
        head += f" | {m:<11} {'max':>5} {'p99.9':>5} " + " ".join(f"@{t:.2f}" for t in focus)
    print(head)
    for n in sorted(pages):
        line = f"{n:>2}"
        for m in modes:
            r = pages[n][m]
            fm = " ".join(f"{r['false_matches'][f'{t:.2f}']:>5d}" for t in focus)
            line += f" | {'':<11} {r['max']:>5.3f} {r['p99_9']:>5.3f} {fm}"
        print(line)


def print_report(results: dict[int, dict], ps: PairSet, focus: Sequence[float]) -> None:
    """Compact tables of ``results`` (keyed by n) on stdout."""
    ns = sorted(results)
    kinds = [k for k in KINDS if k in results[ns[0]]["same_story"]]
    print("\nSame-story Jaccard, mean/p5 per kind; different-story max and p99.9; seed pairs")
    head = f"{'n':>2} " + " ".join(f"{k:>11}" for k in kinds) + f" {'diff max':>8} {'p99.9':>6}"
    names = list(results[ns[0]]["seeds"])
    head += "".join(f" {s:>8}" for s in names)
    print(head)
    for n in ns:
        r = results[n]
        cells = " ".join(f"{r['same_story'][k]['mean']:.3f}/{r['same_story'][k]['p5']:.3f}" for k in kinds)
        d = r["different_story"]
        line = f"{n:>2} {cells} {d['max']:>8.3f} {d['p99_9']:>6.3f}"
        line += "".join(f" {r['seeds'][s]:>8.3f}" for s in names)
        print(line)

    print("\nRecall of all same-story pairs / false matches among different-story pairs, per threshold")
    print(f"{'t':>5} " + " ".join(f"{'n=' + str(n):>10}" for n in ns))
    for ti, t in enumerate(THRESHOLDS):
        cells = []
        for n in ns:
            row = results[n]["thresholds"][ti]
            cells.append(f"{row['recall']:.3f}/{row['false_matches']:<4d}")
        print(f"{t:>5.2f} " + " ".join(f"{c:>10}" for c in cells))

    print("\nBest F1 over all pairs (ties: every tied threshold), and recall per kind at selected thresholds")
    for n in ns:
        r = results[n]
        ts = r["best_f1_thresholds"]
        span = f"{ts[0]:.2f}" if len(ts) == 1 else f"{ts[0]:.2f}..{ts[-1]:.2f}"
        print(f"n={n}: best F1 {r['best_f1']:.4f} at t={span} ({r['positives']} positives, {r['negatives']} negatives)")
        for t in sorted(set(focus) | {ts[0]}):
            row = r["thresholds"][THRESHOLDS.index(round(t, 2))]
            per = " ".join(f"{k}={v:.2f}" for k, v in row["recall_by_kind"].items())
            print(
                f"      t={t:.2f}: recall {row['recall']:.3f} FP {row['false_matches']:>3d} F1 {row['f1']:.4f} | {per}"
            )
    if ps.boiler_words:
        print(f"\n(boiler pairs: {np.mean(ps.boiler_words):.0f} words appended on average)")


def print_strip(res: dict) -> None:
    """Print the strip=True comparison of :func:`measure_strip`."""
    print(f"\nstrip=True vs strip=False at n={res['ngram']}, t={res['threshold']:.2f}")
    for name in ("strip=False", "strip=True"):
        r = res[name]
        print(
            f"  {name:<11} boiler J mean {r['boiler_mean']:.3f} p5 {r['boiler_p5']:.3f} min {r['boiler_min']:.3f}"
            f" recall {r['boiler_recall']:.3f} | different-story max {r['different_max']:.3f}"
            f" FP {r['different_false_matches']}"
        )
    g = res["gold_vs_stripped_gold"]
    print(
        f"  gold vs its own stripped text: {g['changed']}/{g['articles']} articles changed,"
        f" mean J {g['mean']:.3f}, min J {g['min']:.3f}"
    )


def _real_boilerplate_module() -> bool:
    """True when ``dedup.boilerplate`` is the real module, not a test shim."""
    try:
        import dedup.boilerplate as bp
    except ImportError:
        return False
    return getattr(bp, "__file__", None) is not None and os.path.exists(bp.__file__)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    import dedup

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=DEFAULT_DATA, help="ground-truth.json of the article-extraction benchmark")
    ap.add_argument("--seed", type=int, default=0, help="seed of the derived texts (default 0)")
    ap.add_argument("--json", metavar="FILE", help="write all results as JSON to FILE")
    ap.add_argument(
        "--strip-ngram",
        type=int,
        default=dedup.DEFAULT_NGRAM,
        help="n for the strip=True comparison (default: the library default)",
    )
    ap.add_argument(
        "--strip-threshold", type=float, default=dedup.DEFAULT_THRESHOLD, help="threshold for the strip=True comparison"
    )
    ap.add_argument(
        "--focus", type=float, nargs="*", default=[0.5, 0.6, 0.7], help="thresholds detailed per kind in the report"
    )
    args = ap.parse_args(argv)
    args.focus = sorted({round(t, 2) for t in args.focus})
    if any(t not in THRESHOLDS for t in args.focus):
        ap.error(f"--focus thresholds must be among {', '.join(f'{t:.2f}' for t in THRESHOLDS)}")

    data = os.path.normpath(args.data)
    if not os.path.isfile(data):
        print(f"shingle_size: benchmark data not found at {data}; skipping (nothing measured).")
        return 0
    t0 = time.perf_counter()
    gold = load_articles(data)
    html_text = os.path.join(os.path.dirname(data), "output", "html-text.json")
    boiler = load_boilerplate(html_text, gold) if os.path.isfile(html_text) else None
    if boiler is None:
        print(f"shingle_size: {html_text} not found; the 'boiler' pairs are skipped.")
    seeds = load_seeds(os.path.join(REPO_ROOT, "seeds"))
    ps = build_pairs(gold, boiler, seeds, args.seed)
    t_build = time.perf_counter() - t0
    print(
        f"{len(gold)} gold articles from {data}; {len(ps.same)} same-story pairs"
        f" ({len(ps.same) // max(1, len(set(k for *_, k in ps.same)))} per kind),"
        f" {len(ps.diff)} different-story pairs, seed pairs {sorted(ps.seed_pairs)}; built in {t_build:.1f}s"
    )

    real_strip = _real_boilerplate_module()
    page_ids, pages = page_texts(html_text, gold) if boiler is not None else ([], [])
    results: dict[int, dict] = {}
    page_results: dict[int, dict] = {}
    timings: dict[int, float] = {}
    for n in NGRAMS:
        t = time.perf_counter()
        results[n] = measure(ps, n)
        if pages:
            page_results[n] = {"strip=False": measure_pages(page_ids, pages, n, strip=False)}
            if real_strip:
                page_results[n]["strip=True"] = measure_pages(page_ids, pages, n, strip=True)
        timings[n] = time.perf_counter() - t
    print_report(results, ps, args.focus)
    if page_results:
        print_pages(page_results, args.focus)

    strip_res = None
    if real_strip and boiler:
        strip_res = measure_strip(ps, args.strip_ngram, args.strip_threshold)
        print_strip(strip_res)
    else:
        print("\nstrip=True comparison skipped: dedup/boilerplate.py is not available.")

    total = time.perf_counter() - t0
    per_n = " ".join(f"{n}:{timings[n]:.1f}s" for n in NGRAMS)
    print(f"\nTime: build {t_build:.1f}s, per n {per_n}, total {total:.1f}s")

    if args.json:
        out = {
            "data": data,
            "seed": args.seed,
            "min_words": MIN_WORDS,
            "num_texts": len(ps.texts),
            "boiler_words_appended_mean": float(np.mean(ps.boiler_words)) if ps.boiler_words else None,
            "library_defaults": {"ngram": dedup.DEFAULT_NGRAM, "threshold": dedup.DEFAULT_THRESHOLD},
            "by_ngram": {str(n): results[n] for n in NGRAMS},
            "whole_page_negatives": {str(n): v for n, v in page_results.items()},
            "strip": strip_res,
            "seconds": {"build": t_build, "total": total, "by_ngram": {str(n): timings[n] for n in NGRAMS}},
        }
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=1)
        print(f"JSON written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
