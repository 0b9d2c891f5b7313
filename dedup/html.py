"""HTML input: the article text of a web page, extracted with trafilatura.

``pip install "news-dedup[html]"`` installs `trafilatura <https://trafilatura.readthedocs.io>`_,
a maintained extractor that is the best of the open-source tools on the
article-extraction benchmark (see ``benchmarks/boilerplate.py``); dedup does
not parse HTML itself.  The extracted text then goes through the usual
fingerprinting stage (:func:`dedup.strip_boilerplate` included), so
:func:`html_to_text` followed by :func:`dedup.cluster` or the command line's
``--html`` is all that is needed for pages.

Comments are left out (``include_comments=False``): readers' comments differ
between two copies of one story and are not part of it.  Tables are kept.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["html_to_text", "HTML_EXTRA_HINT", "has_tags", "page_evidence"]

#: The message of the ImportError raised without trafilatura.
HTML_EXTRA_HINT = 'HTML input needs trafilatura: pip install "news-dedup[html]"'


def _trafilatura() -> Any:
    try:
        import trafilatura
    except ImportError as exc:
        raise ImportError(f"{HTML_EXTRA_HINT} ({exc})") from exc
    return trafilatura


def html_to_text(html: str | bytes, *, url: str | None = None, fast: bool = False) -> str:
    """The main text of an HTML page, one paragraph per line ("" if none).

    Parameters
    ----------
    html : str or bytes
        The page; bytes are decoded by trafilatura (it reads the declared or
        detected encoding).
    url : str, optional
        The page's address, which helps trafilatura with some sites.
    fast : bool, default False
        Skip trafilatura's fallback extractors: about a third faster, a
        little less robust on unusual pages.

    Raises
    ------
    ImportError
        If trafilatura is not installed (``pip install "news-dedup[html]"``).
    TypeError
        If ``html`` is neither str nor bytes.
    """
    if not isinstance(html, (str, bytes, bytearray)):
        raise TypeError(f"html_to_text() expects str or bytes, got {type(html).__name__}")
    trafilatura = _trafilatura()
    if isinstance(html, bytearray):
        html = bytes(html)
    if not html.strip():
        return ""
    text = trafilatura.extract(
        html,
        url=url,
        fast=fast,
        include_comments=False,
        include_tables=True,
        output_format="txt",
    )
    return text or ""


# A whole page: a doctype or <html> first (after white space, an XML
# declaration and comments), or both a <head> and a <body> tag. (One <body>
# quoted in an article about HTML is not a page.)
_PAGE_START = re.compile(
    r"\A(?:\s|<\?xml[^<>]*\?>|<!--.*?-->)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL
)
_HEAD = re.compile(r"<head(?:\s[^<>]*)?>", re.IGNORECASE)
_BODY = re.compile(r"<body(?:\s[^<>]*)?>", re.IGNORECASE)
# Tags of elements that carry article text, for fragments such as <p>...</p>.
_TAG = re.compile(
    r"</?(?:p|div|span|a|br|li|ul|ol|h[1-6]|strong|em|b|i|img|table|tr|td|section|article|script|style)"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_FRAGMENT_TAGS = 3


def page_evidence(text: str) -> str | None:
    """What shows that ``text`` is a whole HTML page, or None."""
    if "<" not in text:
        return None
    start = _PAGE_START.match(text, 0, 65536)
    if start:
        return " ".join(start.group(0).split())[-40:]
    head = _HEAD.search(text)
    body = _BODY.search(text) if head else None
    return f"{head.group(0)[:20]} ... {body.group(0)[:20]}" if head and body else None


def has_tags(text: str) -> bool:
    """Whether ``text`` has a few HTML tags of elements that carry text (``<p>``, ``<a href>``, ...)."""
    if "<" not in text:
        return False
    found = 0
    for _ in _TAG.finditer(text):
        found += 1
        if found >= _FRAGMENT_TAGS:
            return True
    return False
