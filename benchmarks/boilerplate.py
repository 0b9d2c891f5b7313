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

Held-out report (``--heldout``, default ``../shared/data/trafilatura-eval``;
see ``benchmarks/heldout.py`` and the folder's PROVENANCE.md): 945
multilingual pages that no rule was written from, scored with that set's
snippet metric (``with`` segments found / ``without`` segments found, summed
over pages).  Rows: the pages' naive text (``html-text`` and ``inscriptis``
run here on the HTML, ``pip install html-text inscriptis``),
``strip_boilerplate`` on it, the corpus model, ``html_to_text`` (default and
``fast=True``) and ``+ strip_boilerplate``, beside trafilatura's published
floors on the whole 990-page set (0.9195 fast, 0.9253 with fallbacks; note
that trafilatura was developed against this very set, so its scores there
are not held out for it).  Then F1 per declared page language, and where
``strip_boilerplate(html-text)`` loses against ``html_to_text(html)``: each
``with`` segment that trafilatura keeps and the stripper drops (though the
naive text has it), and each ``without`` segment that trafilatura removes and
the stripper keeps, counted by kind from the segment's place in the HTML
(:func:`failure_kind`), plus the pages whose whole article the stripper
drops.  Measurement only: no rule may be written from these pages.

Each report ends with acceptance lines: issue 3's targets on the development
pages, issue 19's on the held-out ones (``benchmarks/targets.json``).

Usage::

    python benchmarks/boilerplate.py [--data PATH] [--heldout PATH] [--repeat 3] [--json out.json]
    python benchmarks/boilerplate.py --heldout-only [--examples 3]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

if __name__ == "__main__" and not __package__:  # python benchmarks/boilerplate.py: as python -m benchmarks.boilerplate
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
    __package__ = "benchmarks"

import dedup
from dedup import boilerplate

from . import heldout as ho
from .harness import best_cpu, target

ROOT = Path(__file__).resolve().parent.parent

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "article-extraction-benchmark"
DEFAULT_HELDOUT = ROOT.parent / "shared" / "data" / "trafilatura-eval"
TOOLS = ("trafilatura", "newspaper", "readability", "boilerpipe", "justext")
_TOKEN = re.compile(r"\w+")


# --------------------------------------------------------------------------
# Metric
# --------------------------------------------------------------------------
def shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(" ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_scores(output: str, gold: str) -> tuple[float | None, float | None]:
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


def score(outputs: dict[str, str], gold: dict[str, str], ids: list[str] | None = None) -> dict:
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
    """The result of ``run`` and its best CPU time over ``repeat`` runs, the
    stripper's line-feature cache cleared before each."""
    return best_cpu(run, repeat, before=boilerplate.clear_cache)


# --------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------
def rows(gold, urls, outputs, pages, repeat: int) -> list[dict]:
    out: list[dict] = []
    ids = sorted(gold)

    def add(name: str, texts: dict[str, str], seconds: float | None, note: str = "") -> None:
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
        texts, seconds = best_of(
            repeat, lambda inputs=inputs: {k: dedup.strip_boilerplate(inputs.get(k, "")) for k in ids}
        )
        add(f"strip_boilerplate({naive})", texts, seconds)
    if "html-text" in outputs:
        inputs = outputs["html-text"]

        def modelled() -> dict:
            hosts = [urlparse(urls[k]).netloc or None for k in ids]
            model = dedup.BoilerplateModel().update([inputs.get(k, "") for k in ids], sources=hosts)
            return {k: dedup.strip_boilerplate(model.strip(inputs.get(k, ""), host)) for k, host in zip(ids, hosts)}

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
        f"{p.name[:3]} ({len(t.split())} words)": per_doc(
            lambda t=t: [dedup.strip_boilerplate(t) for _ in range(reps)], reps
        )
        for p, t in zip(sorted((ROOT / "seeds").glob("*.txt")), seeds)
    }
    return result


# --------------------------------------------------------------------------
# Held-out pages (trafilatura's evaluation set): measurement only
# --------------------------------------------------------------------------
#: A dropped ``with`` line of at least this many words is a prose line.
PROSE_WORDS = 12
_SKIP_TAGS = {"script", "style", "noscript", "template"}
#: Kinds of ``with`` segments dropped: (kind, tags); the innermost of the
#: segment's last 4 elements with one of these tags decides, else the length
#: of its naive-text line.
DROPPED_KINDS = (
    ("heading", {"h1", "h2", "h3", "h4", "h5", "h6", "title"}),
    ("list item", {"li", "dd", "dt"}),
    ("table cell", {"td", "th"}),
    ("caption, quote or code", {"figcaption", "caption", "blockquote", "pre", "code"}),
)
#: Kinds of ``without`` segments kept: (kind, tags, words of class/id); the
#: innermost of the segment's last 8 elements that matches a kind decides
#: (first kind listed wins on one element), else "other (article body)".
KEPT_KINDS = (
    ("comments or comment form", set(), ("comment", "respond", "reply", "disqus", "kommentar")),
    ("newsletter or sign-up form", {"form"}, ("newsletter", "subscribe", "signup", "mc4wp", "mc_embed")),
    ("caption or photo credit", {"figcaption", "figure"}, ("caption", "credit", "copyright", "image", "photo", "img")),
    ("author box", set(), ("author", "bio", "about")),
    ("related links and teasers", set(), ("related", "teaser", "recommend", "more", "snippet", "interest", "tipp")),
    ("navigation and menus", {"nav"}, ("nav", "menu", "breadcrumb", "pagination")),
    ("sidebar widget", {"aside"}, ("sidebar", "widget", "aside")),
    ("share, print and social", set(), ("share", "social", "print", "tools", "teilen")),
    ("date, byline or meta line", {"time"}, ("date", "time", "meta", "byline", "posted", "info")),
    ("header or footer", {"header", "footer"}, ("header", "footer", "masthead")),
)


def locate(tree, segment: str) -> list:
    """The chain of elements from the body (else the root) down to the
    deepest element whose text contains ``segment`` (white space squashed)."""
    body = tree.find("body")
    node = body if body is not None and segment in ho.squash(body.text_content()) else tree
    path = [node]
    while True:
        for child in node:
            if (
                isinstance(child.tag, str)
                and child.tag not in _SKIP_TAGS
                and segment in ho.squash(child.text_content())
            ):
                node = child
                path.append(child)
                break
        else:
            return path


def _words_of(element) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}".lower()


def failure_kind(path: list, dropped: bool, line: str = "") -> str:
    """The kind of a stripping failure from the segment's place in the HTML
    (``path`` from :func:`locate`): for a dropped ``with`` segment, the kinds
    of :data:`DROPPED_KINDS`, else a prose or a short line by the words of its
    naive-text ``line``; for a kept ``without`` segment, :data:`KEPT_KINDS`."""
    if dropped:
        for element in reversed(path[-4:]):
            for kind, tags in DROPPED_KINDS:
                if element.tag in tags:
                    return kind
        return f"prose line (>= {PROSE_WORDS} words)" if len(line.split()) >= PROSE_WORDS else "short line"
    for element in reversed(path[-8:]):
        words = _words_of(element)
        for kind, tags, cues in KEPT_KINDS:
            if element.tag in tags or any(c in words for c in cues):
                return kind
    return "other (article body)"


def _line_with(text: str, segment: str) -> str:
    return next((line for line in text.splitlines() if segment in ho.squash(line)), "")


def heldout_rows(pages, repeat: int) -> tuple[list[dict], dict[str, list[str]], list[str]]:
    """Rows of the held-out table, the outputs of each row and each page's language."""
    out: list[dict] = []
    texts: dict[str, list[str]] = {}

    def add(name: str, outputs: list[str], seconds: float | None, note: str = "") -> None:
        counts = [ho.count_snippets(p, t) for p, t in zip(pages, outputs)]
        row = {"name": name, **ho.snippet_scores(counts), "note": note}
        row["even"] = ho.snippet_scores(counts[0::2])["f1"]
        row["odd"] = ho.snippet_scores(counts[1::2])["f1"]
        row["pages_per_s"] = None if seconds is None else len(pages) / seconds
        out.append(row)
        texts[name] = outputs

    decoded = [ho.decode_html(p.html) for p in pages]
    trees = [ho.parse(h) for h in decoded]
    langs = [ho.language(t) for t in trees]
    tools = ho.naive_tools()
    naive: dict[str, list[str]] = {}
    for tool in tools:
        start = time.process_time()
        if tool == "html-text":
            naive[tool] = [ho.naive_text(h, tool, tree=t) for h, t in zip(decoded, trees)]
        else:
            naive[tool] = [ho.naive_text(h, tool) for h in decoded]
        add(f"{tool} (as is)", naive[tool], time.process_time() - start, "naive text, run here")
    for tool in tools:
        inputs = naive[tool]
        result, seconds = best_of(repeat, lambda inputs=inputs: {"": [dedup.strip_boilerplate(t) for t in inputs]})
        add(f"strip_boilerplate({tool})", result[""], seconds)
    if "html-text" in naive:
        inputs = naive["html-text"]

        def modelled() -> dict:
            hosts = [urlparse(p.url).netloc or None for p in pages]
            model = dedup.BoilerplateModel().update(inputs, sources=hosts)
            return {"": [dedup.strip_boilerplate(model.strip(t, h)) for t, h in zip(inputs, hosts)]}

        result, seconds = best_of(repeat, modelled)
        add("BoilerplateModel + strip(html-text)", result[""], seconds, "fit on the pages included")
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        print('held-out html_to_text rows skipped: pip install "dedup[html]"', file=sys.stderr)
    else:
        for fast in (False, True):
            result, seconds = best_of(1, lambda fast=fast: {"": [dedup.html_to_text(p.html, fast=fast) for p in pages]})
            name = "html_to_text(html)" + (", fast=True" if fast else "")
            add(name, result[""], seconds, "trafilatura" + (" fast mode" if fast else " with fallbacks (default)"))
            if not fast:
                html_out = result[""]
                stripped, more = best_of(
                    repeat, lambda html_out=html_out: {"": [dedup.strip_boilerplate(t) for t in html_out]}
                )
                add(
                    "html_to_text + strip_boilerplate", stripped[""], seconds + more, "what dedup fingerprints for HTML"
                )
    return out, texts, langs


def per_language(pages, langs: list[str], texts: dict[str, list[str]], names: list[str], least: int = 10) -> list[dict]:
    """F1 of each row in ``names`` per declared language (languages with fewer
    than ``least`` pages pooled as "other")."""
    count = Counter(langs)
    group = [lang if count[lang] >= least and lang != "?" else ("?" if lang == "?" else "other") for lang in langs]
    rows = []
    for g in sorted(set(group), key=lambda x: (x in ("other", "?"), -group.count(x), x)):
        idx = [i for i, x in enumerate(group) if x == g]
        row = {
            "language": g,
            "pages": len(idx),
            "segments": sum(len(pages[i].with_) + len(pages[i].without) for i in idx),
        }
        if g == "other":
            row["languages"] = dict(sorted(Counter(langs[i] for i in idx).items()))
        for name in names:
            row[name] = ho.snippet_scores(ho.count_snippets(pages[i], texts[name][i]) for i in idx)["f1"]
        rows.append(row)
    return rows


def losses(pages, naive: list[str], ours: list[str], theirs: list[str], examples: int = 0) -> dict:
    """Where ``ours`` (the stripper on the naive text) loses against
    ``theirs`` (trafilatura on the HTML), by kind (:func:`failure_kind`)."""
    dropped: Counter = Counter()
    kept: Counter = Counter()
    shown: dict[str, list] = {}
    won = {"with kept that trafilatura drops": 0, "without removed that trafilatura keeps": 0}
    naive_missing = whole_article = 0
    for page, n, o, t in zip(pages, naive, ours, theirs):
        n_s, o_s, t_s = ho.squash(n), ho.squash(o), ho.squash(t)
        tree = None
        withs = [ho.squash(x) for x in page.with_]
        if any(w in n_s for w in withs) and not any(w in o_s for w in withs) and any(w in t_s for w in withs):
            whole_article += 1
        for w in withs:
            if w in o_s and w not in t_s:
                won["with kept that trafilatura drops"] += 1
            if w in t_s and w not in o_s:
                if w not in n_s:
                    naive_missing += 1
                    continue
                tree = tree if tree is not None else ho.parse(ho.decode_html(page.html))
                line = _line_with(n, w)
                kind = failure_kind(locate(tree, w), True, line)
                dropped[kind] += 1
                shown.setdefault("dropped: " + kind, []).append((page.file, w, line))
        for w in (ho.squash(x) for x in page.without):
            if w in t_s and w not in o_s:
                won["without removed that trafilatura keeps"] += 1
            if w in o_s and w not in t_s:
                tree = tree if tree is not None else ho.parse(ho.decode_html(page.html))
                kind = failure_kind(locate(tree, w), False)
                kept[kind] += 1
                shown.setdefault("kept: " + kind, []).append((page.file, w, _line_with(o, w)))
    return {
        "with_dropped": dict(dropped.most_common()),
        "without_kept": dict(kept.most_common()),
        "with_missing_from_naive_text": naive_missing,
        "pages_article_dropped": whole_article,
        "stripper_wins": won,
        "examples": {k: v[:examples] for k, v in sorted(shown.items())} if examples else {},
    }


def acceptance(table: list[dict], checks: dict[str, dict[str, str]]) -> dict:
    """Scores of the rows in ``checks`` (row name -> score -> target name in
    ``targets.json``) against their targets, printed; rows this run lacks are left out."""
    rows = {r["name"]: r for r in table}
    out = {}
    for row, scores in checks.items():
        for score, name in scores.items() if row in rows else ():
            goal, value = target(name), rows[row][score]
            print(
                f"acceptance {name} ({row}, {score}): {value:.3f} (target {goal}, issue {goal.issue}): "
                f"{goal.verdict(value)}"
            )
            out[name] = {"value": value, "target": goal.value, "holds": goal.holds(value)}
    return out


def print_rows(table: list[dict]) -> None:
    """A table of rows as Markdown: P, R, F1, F1 on even / odd pages, speed."""
    print("| system | precision | recall | F1 | F1 even / odd pages | pages/s |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in table:
        speed = "–" if r["pages_per_s"] is None else f"{r['pages_per_s']:.0f}"
        print(
            f"| {r['name']} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | "
            f"{r['even']:.3f} / {r['odd']:.3f} | {speed} |"
        )


def heldout_report(folder: Path, repeat: int, examples: int) -> dict | None:
    """Print the held-out report; its results, or None when it cannot run."""
    if not ho.available(folder):
        print(f"\nheld-out report skipped: no {ho.EVALDATA} in {folder} (see --heldout)", file=sys.stderr)
        return None
    if "html-text" not in ho.naive_tools():
        print("\nheld-out report skipped: pip install html-text inscriptis (the naive text)", file=sys.stderr)
        return None
    pages = ho.load_pages(folder)
    table, texts, langs = heldout_rows(pages, repeat)
    segments = sum(len(p.with_) for p in pages), sum(len(p.without) for p in pages)
    print(
        f"\nHeld-out: {len(pages)} pages of {folder} ({segments[0]} with / {segments[1]} without segments); "
        "snippet P/R/F1 from counts summed over pages; CPU pages/s, best of "
        f"{repeat} (html_to_text: one run)\n"
    )
    print_rows(table)
    for name, f1 in ho.PUBLISHED_F1.items():
        print(f"| {name} (published, 990 pages) | – | – | {f1:.4f} | – | – |")
    names = [
        n
        for n in (
            "html-text (as is)",
            "strip_boilerplate(html-text)",
            "html_to_text(html)",
            "html_to_text + strip_boilerplate",
        )
        if n in texts
    ]
    langs_table = per_language(pages, langs, texts, names)
    print("\nF1 per declared language (<html lang>; '?' = none declared):\n")
    print("| language | pages | segments | " + " | ".join(names) + " |")
    print("| --- | --- | --- | " + " | ".join("---" for _ in names) + " |")
    for r in langs_table:
        label = r["language"] + (
            " (" + ", ".join(f"{k} {v}" for k, v in r["languages"].items()) + ")" if "languages" in r else ""
        )
        print(f"| {label} | {r['pages']} | {r['segments']} | " + " | ".join(f"{r[n]:.3f}" for n in names) + " |")
    print()
    accept = acceptance(table, {"strip_boilerplate(html-text)": {"f1": "heldout_strip_snippet_f1"}})
    result = {
        "pages": len(pages),
        "rows": table,
        "published_f1": ho.PUBLISHED_F1,
        "per_language": langs_table,
        "acceptance": accept,
    }
    if "html_to_text(html)" in texts:
        lost = losses(
            pages,
            texts["html-text (as is)"],
            texts["strip_boilerplate(html-text)"],
            texts["html_to_text(html)"],
            examples,
        )
        result["losses"] = lost
        print(
            "\nWhere strip_boilerplate(html-text) loses against html_to_text(html), by kind (from the "
            "segment's place in the HTML; see failure_kind):"
        )
        print(
            f"  with segments trafilatura keeps and the stripper drops: {sum(lost['with_dropped'].values())} "
            f"(+ {lost['with_missing_from_naive_text']} the naive text itself lacks)"
        )
        for kind, n in lost["with_dropped"].items():
            print(f"    {n:4d}  {kind}")
        print(f"  without segments trafilatura removes and the stripper keeps: {sum(lost['without_kept'].values())}")
        for kind, n in lost["without_kept"].items():
            print(f"    {n:4d}  {kind}")
        print(
            f"  pages whose whole article (every with segment) the stripper drops and trafilatura keeps: "
            f"{lost['pages_article_dropped']}"
        )
        print("  the other way: " + ", ".join(f"{k} {v}" for k, v in lost["stripper_wins"].items()))
        for kind, items in lost["examples"].items():
            print(f"  e.g. {kind}:")
            for file, seg, line in items:
                print(f"      {file}: {seg[:60]!r} in {line[:100]!r}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the article-extraction-benchmark folder")
    parser.add_argument("--heldout", type=Path, default=DEFAULT_HELDOUT, help="the trafilatura-eval folder (held out)")
    parser.add_argument("--heldout-only", action="store_true", help="only the held-out report")
    parser.add_argument("--no-heldout", action="store_true", help="skip the held-out report")
    parser.add_argument("--examples", type=int, default=0, help="held-out: print N examples of each kind of loss")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs per row; the best is reported")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    results: dict = {"cpu_count": os.cpu_count()}
    dev = not args.heldout_only and (args.data / "ground-truth.json").exists()
    if not args.heldout_only and not dev:
        print(f"no benchmark data in {args.data} (see --data)", file=sys.stderr)
        if args.no_heldout:
            return 2
    if dev:
        results.update(dev_report(args.data, args.repeat))
    if not args.no_heldout:
        held = heldout_report(args.heldout, args.repeat, args.examples)
        if held is None and not dev:
            return 2
        results["heldout"] = held
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


def dev_report(data: Path, repeat: int) -> dict:
    """Print the development-set report (the 181 pages); its results."""
    gold, urls, outputs, pages = load(data)
    table = rows(gold, urls, outputs, pages, repeat)
    print(f"{len(gold)} pages from {data}; P/R/F1 averaged over pages (see the module docstring)\n")
    print_rows(table)
    print()
    accept = acceptance(
        table,
        {
            "strip_boilerplate(html-text)": {
                "f1": "strip_html_text_f1",
                "precision": "strip_html_text_precision",
                "recall": "strip_html_text_recall",
            },
            "html_to_text(html)": {"f1": "html_path_f1"},
        },
    )
    timing = article_timing(gold, repeat)
    print(
        f"\nArticle-length input ({timing['articles']} gold articles, median {timing['median_words']} words), "
        f"CPU time per article, best of {repeat}, workers=1:"
    )
    print(f"  strip_boilerplate          {timing['strip_us']:8.1f} us (one text at a time)")
    if "strip_batch_us" in timing:
        print(f"  clean_texts(strip=True)    {timing['strip_batch_us']:8.1f} us (all at once, as cluster() strips)")
    print(f"  dedup.cluster()            {timing['cluster_us']:8.1f} us")
    print(f"  dedup.cluster(strip=False) {timing['cluster_nostrip_us']:8.1f} us")
    print(
        f"  stripping / cluster():      {timing['strip_share']:.3f} (batch stripping when available) "
        f"(difference of the two cluster rows: {timing['cluster_difference_share']:.3f})"
    )
    for name, us in timing["seed_strip_us"].items():
        print(f"  strip_boilerplate, seed {name}: {us:.1f} us")
    return {"rows": table, "acceptance": accept, "articles": timing}


if __name__ == "__main__":
    sys.exit(main())
