"""``dedup strip``: print a text with its boilerplate lines removed."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..sources import HTML_SUFFIXES, decode, read_file, text_of, too_large
from .options import max_size_option

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    s = sub.add_parser("strip", help="print a text file with boilerplate lines removed")
    s.add_argument("path", metavar="FILE", help="a UTF-8 text file, an .html[.gz] page, or - for stdin")
    s.add_argument("--html", action="store_true", help="the input is an HTML page (extract its article text first)")
    max_size_option(s)


def run(args: argparse.Namespace) -> int:
    from ..boilerplate import strip_boilerplate

    if args.path == "-":
        data, name = sys.stdin.buffer.read(args.max_doc_size + 1), "<stdin>"
        if len(data) > args.max_doc_size:
            raise too_large(name, args.max_doc_size)
    else:
        data, name = read_file(args.path, args.max_doc_size), args.path
    if args.html or name.endswith(HTML_SUFFIXES):
        from ..html import html_to_text

        text = html_to_text(data)
    else:
        text = text_of(decode(data, name), name, "give --html to extract its article text")
    stripped = strip_boilerplate(text)
    sys.stdout.write(stripped + ("\n" if stripped else ""))
    return 0
