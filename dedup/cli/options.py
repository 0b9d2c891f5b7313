"""What the subcommands share: the configuration's options (one definition,
from :meth:`dedup.Config.command_line`), ``--max-doc-size`` and how numbers
are printed."""

from __future__ import annotations

import argparse
from collections.abc import Collection
from typing import Any

from ..config import Config
from ..sources import DEFAULT_MAX_SIZE, format_size, parse_size

__all__ = ["config_of", "config_options", "max_size_option", "plural", "score"]

#: What an option of ``dedup index add`` sets.
_NEW_INDEX = "a new index (an existing index keeps the value it was made with; a different one is refused)"


def config_options(
    parser: argparse.ArgumentParser, *, only: Collection[str] | None = None, new_index: bool = False
) -> None:
    """The :class:`dedup.Config` fields the command line offers
    (``--num-perm``, ..., ``--no-strip``), or ``only`` those. With
    ``new_index`` they have no default (the index file's values are kept)
    and a ``True``/``False`` field is ``--strip/--no-strip``."""
    for name, kind, default, text in Config.command_line():
        if only is not None and name not in only:
            continue
        flag = "--" + name.replace("_", "-")
        if kind is bool and new_index:
            parser.add_argument(
                flag, action=argparse.BooleanOptionalAction, default=None, help=f"{text}, for {_NEW_INDEX}"
            )
        elif kind is bool:
            parser.add_argument(
                f"--no-{name.replace('_', '-')}", dest=name, action="store_false", help=f"do not {text}"
            )
        elif new_index:
            parser.add_argument(flag, type=kind, help=f"{text} for {_NEW_INDEX}; default {default}")
        else:
            parser.add_argument(flag, type=kind, default=default, help=f"{text} (default: {default})")


def config_of(args: argparse.Namespace) -> dict[str, Any]:
    """The configuration's options given on the command line (those
    :func:`config_options` added and that have a value)."""
    return {name: getattr(args, name) for name, *_ in Config.command_line() if getattr(args, name, None) is not None}


def _size(text: str) -> int:
    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def max_size_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--max-doc-size",
        type=_size,
        default=DEFAULT_MAX_SIZE,
        metavar="SIZE",
        help=f"the largest document read (a file, an inflated .html.gz page, a JSON Lines line), e.g. 50M; "
        f"a larger one is bad input (default: {format_size(DEFAULT_MAX_SIZE)})",
    )


def score(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
