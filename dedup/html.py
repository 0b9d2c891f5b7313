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

from typing import Any, Optional, Union

__all__ = ["html_to_text", "HTML_EXTRA_HINT"]

#: The message of the ImportError raised without trafilatura.
HTML_EXTRA_HINT = 'HTML input needs trafilatura: pip install "news-dedup[html]"'


def _trafilatura() -> Any:
    try:
        import trafilatura
    except ImportError as exc:
        raise ImportError(f"{HTML_EXTRA_HINT} ({exc})") from exc
    return trafilatura


def html_to_text(html: Union[str, bytes], *, url: Optional[str] = None, fast: bool = False) -> str:
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
