"""Boilerplate removal on real pages: dedup against the article extractors.

Data: the article-extraction benchmark (``--data``, default
``../shared/data/article-extraction-benchmark``; see its PROVENANCE.md):
181 real article pages (``html/<id>.html.gz``), their gold article text
(``ground-truth.json``) and what other tools produced on them
(``output/<tool>.json``).

Rows, all scored on the same 181 pages:

* ``html-text (as is)``, ``inscriptis (as is)``: the naive whole-page text
  dumps, navigation, footers and comment widgets included: what a scraper
  hands an ingestion pipeline.
* ``strip_boilerplate(html-text)``, ``strip_boilerplate(inscriptis)``:
  :func:`dedup.strip_boilerplate` on those dumps.
* ``BoilerplateModel + strip(html-text)``: a :class:`dedup.BoilerplateModel`
  fitted on the 181 html-text dumps (source = the page's host), applied
  before ``strip_boilerplate``; its time includes fitting.  Most pages come
  from different sites, so this mostly shows that the model does no harm.
* ``html_to_text(html)``: :func:`dedup.html_to_text` (trafilatura) on the
  raw pages, and ``+ strip_boilerplate``, which is what dedup fingerprints
  for HTML input (needs ``pip install "dedup[html]"``; skipped otherwise).
* the stored outputs of trafilatura, newspaper, readability, boilerpipe and
  justext (no timing: they were run elsewhere).

Metric (the benchmark's, re-implemented from PROVENANCE.md): tokens are
``\\w+`` matches, case kept; shingles are word 4-grams counted as a multiset
(a text of fewer than 4 tokens is one shingle); per page tp/fp/fn come from
the multiset intersection of output and gold shingles, precision = tp/(tp+fp)
and recall = tp/(tp+fn) (both 1.0 when fp = fn = 0); precision and recall are
averaged over pages (a page without output shingles is left out of the
precision average, one without gold shingles out of the recall average) and
F1 is computed from the two averages.  The stored tools' published F1 are
reproduced exactly.  ``even``/``odd`` rows split the pages by position (a
check that a score is not carried by a few pages).

Speed: pages/s of each row, best of ``--repeat`` runs, in CPU time of this
one process (``time.process_time``: on a shared machine, time spent waiting
for a core does not count; the line-feature cache of the stripper is
cleared before every run).  Then article-length input: the 181 gold texts and the three seeds,
mean microseconds per article for ``strip_boilerplate`` (one text at a
time), for ``dedup.pipeline.clean_texts`` (all of them at once, the batch
path ``cluster()`` takes) and for ``dedup.cluster`` with and without
stripping (``workers=1``), and the share of ``cluster()`` time that
stripping costs (batch path).

Usage::

    python benchmarks/boilerplate.py [--data PATH] [--repeat 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Callable, Optional
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import dedup  # noqa: E402
from dedup import boilerplate  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "article-extraction-benchmark"
TOOLS = ("trafilatura", "newspaper", "readability", "boilerpipe", "justext")
_TOKEN = re.compile(r"\w+")


# --------------------------------------------------------------------------
# Metric
# --------------------------------------------------------------------------
def shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(" ".join(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def page_scores(output: str, gold: str) -> tuple[Optional[float], Optional[float]]:
    """(precision, recall) of one page; None where the benchmark leaves it out."""
    out, ref = shingles(output), shingles(gold)
    tp = sum((out & ref).values())
    fp = sum(out.values()) - tp
    fn = sum(ref.values()) - tp
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    precision = tp / (tp + fp) if out else None
    recall = tp / (tp + fn) if ref else None
    return precision, recall


def score(outputs: dict[str, str], gold: dict[str, str], ids: Optional[list[str]] = None) -> dict:
    ids = sorted(gold) if ids is None else ids
    ps, rs = [], []
    for k in ids:
        p, r = page_scores(outputs.get(k, ""), gold[k])
        if p is not None:
            ps.append(p)
        if r is not None:
            rs.append(r)
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------
def load(data: Path) -> tuple[dict[str, str], dict[str, str], dict[str, dict[str, str]], dict[str, bytes]]:
    """gold texts, urls, stored tool outputs, raw pages."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    gold = {k: v["articleBody"] for k, v in truth.items()}
    urls = {k: v.get("url", "") for k, v in truth.items()}
    outputs = {}
    for path in sorted((data / "output").glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        raw = raw.get("output", raw)
        outputs[path.stem] = {k: (v or {}).get("articleBody") or "" for k, v in raw.items() if isinstance(v, dict)}
    pages = {}
    for k in gold:
        page = data / "html" / f"{k}.html.gz"
        if page.exists():
            pages[k] = gzip.decompress(page.read_bytes())
    return gold, urls, outputs, pages


def best_of(repeat: int, run: Callable[[], dict]) -> tuple[dict, float]:
    """The result of ``run`` and its best CPU time over ``repeat`` runs."""
    best, result = float("inf"), {}
    for _ in range(repeat):
        boilerplate._FEATURE_CACHE.clear()
        gc.collect()
        start = time.process_time()
        result = run()
        best = min(best, time.process_time() - start)
    return result, best


# --------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------
def rows(gold, urls, outputs, pages, repeat: int) -> list[dict]:
    out: list[dict] = []
    ids = sorted(gold)

    def add(name: str, texts: dict[str, str], seconds: Optional[float], note: str = "") -> None:
        row = {"name": name, **score(texts, gold), "note": note}
        row["even"] = score(texts, gold, ids[0::2])["f1"]
        row["odd"] = score(texts, gold, ids[1::2])["f1"]
        row["pages_per_s"] = None if seconds is None else len(gold) / seconds
        out.append(row)

    for naive in ("html-text", "inscriptis"):
        if naive in outputs:
            add(f"{naive} (as is)", outputs[naive], None, "naive whole-page text")
    for naive in ("html-text", "inscriptis"):
        if naive not in outputs:
            continue
        inputs = outputs[naive]
        texts, seconds = best_of(repeat, lambda: {k: dedup.strip_boilerplate(inputs.get(k, "")) for k in ids})
        add(f"strip_boilerplate({naive})", texts, seconds)
    if "html-text" in outputs:
        inputs = outputs["html-text"]

        def modelled() -> dict:
            hosts = [urlparse(urls[k]).netloc or None for k in ids]
            model = dedup.BoilerplateModel().update([inputs.get(k, "") for k in ids], sources=hosts)
            return {k: dedup.strip_boilerplate(model.strip(inputs.get(k, ""), host))
                    for k, host in zip(ids, hosts)}

        texts, seconds = best_of(repeat, modelled)
        add("BoilerplateModel + strip(html-text)", texts, seconds, "fit on the 181 pages included")
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        print('html_to_text rows skipped: pip install "dedup[html]"', file=sys.stderr)
    else:
        if pages:
            texts, seconds = best_of(max(1, min(repeat, 2)), lambda: {k: dedup.html_to_text(pages[k]) for k in ids})
            add("html_to_text(html)", texts, seconds, "trafilatura, comments left out")
            stripped, more = best_of(repeat, lambda: {k: dedup.strip_boilerplate(texts[k]) for k in ids})
            add("html_to_text + strip_boilerplate", stripped, seconds + more, "what dedup fingerprints for HTML")
    for tool in TOOLS:
        if tool in outputs:
            add(f"{tool} (stored output)", outputs[tool], None, "published run")
    return out


def article_timing(gold: dict[str, str], repeat: int) -> dict:
    """Stripping cost on article-length input, and its share of cluster()."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    articles = [gold[k] for k in sorted(gold)]
    result = {"articles": len(articles), "median_words": sorted(len(t.split()) for t in articles)[len(articles) // 2]}

    def per_doc(run: Callable[[], object], n: int) -> float:
        return best_of(repeat, lambda: {"": run()})[1] / n * 1e6

    result["strip_us"] = per_doc(lambda: [dedup.strip_boilerplate(t) for t in articles], len(articles))
    try:  # the batch path that cluster() takes (clean_texts over its chunks)
        from dedup.pipeline import clean_texts
    except ImportError:
        clean_texts = None
    if clean_texts is not None:
        result["strip_batch_us"] = per_doc(lambda: clean_texts(articles, True), len(articles))
    docs = list(enumerate(articles))
    result["cluster_us"] = per_doc(lambda: dedup.cluster(docs, workers=1), len(docs))
    result["cluster_nostrip_us"] = per_doc(lambda: dedup.cluster(docs, strip=False, workers=1), len(docs))
    result["strip_share"] = result.get("strip_batch_us", result["strip_us"]) / result["cluster_us"]
    result["cluster_difference_share"] = 1 - result["cluster_nostrip_us"] / result["cluster_us"]
    reps = 200
    result["seed_strip_us"] = {
        f"{p.name[:3]} ({len(t.split())} words)": per_doc(lambda t=t: [dedup.strip_boilerplate(t) for _ in range(reps)], reps)
        for p, t in zip(sorted((ROOT / "seeds").glob("*.txt")), seeds)
    }
    return result


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the article-extraction-benchmark folder")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs per row; the best is reported")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").exists():
        print(f"no benchmark data in {args.data} (see --data)", file=sys.stderr)
        return 2
    gold, urls, outputs, pages = load(args.data)
    table = rows(gold, urls, outputs, pages, args.repeat)
    print(f"{len(gold)} pages from {args.data}; P/R/F1 averaged over pages (see the module docstring)\n")
    print("| system | precision | recall | F1 | F1 even / odd pages | pages/s |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in table:
        speed = "–" if r["pages_per_s"] is None else f"{r['pages_per_s']:.0f}"
        print(f"| {r['name']} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | "
              f"{r['even']:.3f} / {r['odd']:.3f} | {speed} |")
    timing = article_timing(gold, args.repeat)
    print(f"\nArticle-length input ({timing['articles']} gold articles, median {timing['median_words']} words), "
          f"CPU time per article, best of {args.repeat}, workers=1:")
    print(f"  strip_boilerplate          {timing['strip_us']:8.1f} us (one text at a time)")
    if "strip_batch_us" in timing:
        print(f"  clean_texts(strip=True)    {timing['strip_batch_us']:8.1f} us (all at once, as cluster() strips)")
    print(f"  dedup.cluster()            {timing['cluster_us']:8.1f} us")
    print(f"  dedup.cluster(strip=False) {timing['cluster_nostrip_us']:8.1f} us")
    print(f"  stripping / cluster():      {timing['strip_share']:.3f} (batch stripping when available) "
          f"(difference of the two cluster rows: {timing['cluster_difference_share']:.3f})")
    for name, us in timing["seed_strip_us"].items():
        print(f"  strip_boilerplate, seed {name}: {us:.1f} us")
    if args.json:
        args.json.write_text(json.dumps({"rows": table, "articles": timing, "cpu_count": os.cpu_count()}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
