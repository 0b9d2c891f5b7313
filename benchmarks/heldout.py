"""The held-out pages: trafilatura's evaluation set, for measurement only.

Data: ``../shared/data/trafilatura-eval`` (see its PROVENANCE.md): 945
multilingual web pages (``html/<file>.gz``) from 2012-2020 and, for each,
in ``evaldata.json`` (keyed by the page's URL), the ``with`` segments a
correct article extraction contains and the ``without`` segments it must not
contain.  No rule of the project was written from these pages and none may
be: ``benchmarks/boilerplate.py`` and ``benchmarks/quality.py`` only measure
on them.  Shared by both:

* :func:`load_pages` reads the set (pages whose HTML file is missing are left
  out);
* :func:`decode_html` decodes a page as a browser would, roughly: the
  charset its ``<meta>`` declares when the bytes decode with it, else UTF-8,
  else windows-1252 (what browsers use for ISO-8859-1 labels); GB2312/GBK
  labels are read as their superset GB18030;
* :func:`naive_text` is the page's naive text, every visible block-level
  line of the HTML: ``html-text`` (``html_text.extract_text`` with its
  default layout guessing, one block per line) or ``inscriptis``
  (``pip install html-text inscriptis``; both are benchmark-only
  dependencies);
* :func:`language` is the page's declared language (``<html lang>``, else
  ``<meta http-equiv="content-language">``), primary subtag, or ``"?"``;
* :func:`count_snippets` and :func:`snippet_scores` are the set's metric
  (trafilatura's ``tests/eval_common.py``): white space squashed in segments
  and output; over all pages, a ``with`` segment found in the output is a
  true positive, missing a false negative; a ``without`` segment found is a
  false positive, absent a true negative; precision, recall and F1 from the
  summed counts;
* :func:`site_key` is the site of a page's URL (an archived page's original
  site for ``web.archive.org`` addresses; ``""`` for the set's ``hard::``
  keys, which are not URLs).
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = REPO_ROOT.parent / "shared" / "data" / "trafilatura-eval"
EVALDATA = "evaldata.json"
#: Naive-text tools, in the order the reports show them.
NAIVE_TOOLS = ("html-text", "inscriptis")
#: trafilatura's pinned floors on the whole 990-page set (tests/eval_baseline.json,
#: quoted in PROVENANCE.md): published numbers, not measured here.
PUBLISHED_F1 = {"trafilatura fast": 0.9195, "trafilatura with fallbacks": 0.9253}

_WS = re.compile(r"\s+")
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}
_LANG = re.compile(r"^([a-z]{2,3})(?:[-_]|$)")


@dataclass(frozen=True)
class Page:
    """One page of the set: its key (URL), file, segments and raw HTML."""

    url: str
    file: str
    with_: tuple[str, ...]
    without: tuple[str, ...]
    html: bytes


def available(folder: Path | str = DEFAULT_DIR) -> bool:
    """Whether ``folder`` holds the set (its ``evaldata.json``)."""
    return (Path(folder) / EVALDATA).is_file()


def load_pages(folder: Path | str = DEFAULT_DIR) -> list[Page]:
    """The pages of ``folder`` whose HTML is present, in ``evaldata.json`` order."""
    folder = Path(folder)
    with open(folder / EVALDATA, encoding="utf-8") as f:
        data = json.load(f)
    pages = []
    for url, item in data.items():
        path = folder / "html" / f"{item['file']}.gz"
        if path.is_file():
            pages.append(
                Page(url, item["file"], tuple(item["with"]), tuple(item["without"]), gzip.decompress(path.read_bytes()))
            )
    return pages


def decode_html(data: bytes) -> str:
    """The page as text: declared charset, else UTF-8, else windows-1252."""
    found = _META_CHARSET.search(data[:8192])
    names = [found.group(1).decode("ascii", "replace").lower()] if found else []
    for name in names + ["utf-8", "cp1252"]:
        try:
            return data.decode(_CHARSET_ALIASES.get(name, name))
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", "replace")


def parse(html: str) -> Any:
    """The page's lxml tree, parsed as html-text parses it."""
    import html_text

    return html_text.parse_html(html)


def naive_text(html: str, tool: str = "html-text", tree: Any = None) -> str:
    """Every visible block-level line of ``html``, as ``tool`` renders it.

    ``tree``: the page already parsed by :func:`parse` (html-text only).
    """
    if tool == "html-text":
        import html_text

        return html_text.extract_text(tree if tree is not None else html)
    if tool == "inscriptis":
        import inscriptis

        return inscriptis.get_text(html)
    raise ValueError(f"unknown naive-text tool {tool!r} (expected one of {NAIVE_TOOLS})")


def naive_tools() -> list[str]:
    """The naive-text tools that are installed."""
    import importlib.util

    return [t for t, module in zip(NAIVE_TOOLS, ("html_text", "inscriptis")) if importlib.util.find_spec(module)]


def language(tree: Any) -> str:
    """The page's declared language (primary subtag, lower case), or ``"?"``."""
    values = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    values += tree.xpath(
        "//meta[translate(@http-equiv, 'CONTENT-LANGUAGE', 'content-language')='content-language']/@content"
    )
    for value in values:
        found = _LANG.match((value or "").strip().lower())
        if found:
            return found.group(1)
    return "?"


def site_key(url: str) -> str:
    """The host of ``url`` without ``www.``; for a ``web.archive.org/web/<time>/<url>``
    address, the archived URL's; ``""`` when there is none."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if host == "web.archive.org":
        inner = re.match(r"/web/[^/]*/(.+)$", parts.path)
        if inner:
            target = inner.group(1)
            return site_key(target if "://" in target else "http://" + target)
    return host[4:] if host.startswith("www.") else host


def squash(text: str) -> str:
    """White space runs as one space, stripped (the set's normalisation)."""
    return _WS.sub(" ", text).strip()


def count_snippets(page: Page, output: str | None) -> tuple[int, int, int, int]:
    """``(tp, fp, fn, tn)`` of one page's output (None: nothing extracted)."""
    out = squash(output) if isinstance(output, str) else None
    tp = sum(1 for s in page.with_ if out is not None and squash(s) in out)
    fp = sum(1 for s in page.without if out is not None and squash(s) in out)
    return tp, fp, len(page.with_) - tp, len(page.without) - fp


def snippet_scores(counts: Iterable[Sequence[int]]) -> dict[str, float]:
    """Precision, recall and F1 of summed ``(tp, fp, fn, tn)`` counts (0.0 for
    an empty denominator), with the sums."""
    tp = fp = fn = tn = 0
    for a, b, c, d in counts:
        tp, fp, fn, tn = tp + a, fp + b, fn + c, tn + d
    return {
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "f1": 2 * tp / (2 * tp + fp + fn) if tp else 0.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
    }
