"""The ``dedup`` command: its parser and :func:`main`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import __version__
from ..output import OutputError
from ..parallel import WorkerError
from ..sources import InputError
from ..storage import IndexFileError
from . import cluster, evaluate, index, strip

__all__ = ["main"]

#: The subcommands, in the order of ``dedup --help``.
_COMMANDS = {"cluster": cluster, "strip": strip, "index": index, "evaluate": evaluate}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dedup", description="Find near-duplicate news articles.")
    parser.add_argument("--version", action="version", version=f"dedup {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    for command in _COMMANDS.values():
        command.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``dedup`` command; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return _COMMANDS[args.command].run(args)
    except (InputError, IndexFileError) as exc:
        print(f"dedup: error: {exc}", file=sys.stderr)
        return 2
    except ImportError as exc:  # an optional extra, e.g. dedup[html]
        print(f"dedup: error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # invalid parameters, e.g. --threshold 2
        print(f"dedup: error: {exc}", file=sys.stderr)
        return 2
    except (WorkerError, OutputError) as exc:  # a fingerprinting worker died; the output could not be written
        print(f"dedup: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("dedup: interrupted", file=sys.stderr)
        return 130
