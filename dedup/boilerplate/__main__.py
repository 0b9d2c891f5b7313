"""``python -m dedup.boilerplate --rules``: print the rule catalogue."""

from __future__ import annotations

import argparse
import sys

from .catalogue import rule_catalogue


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dedup.boilerplate", description="The boilerplate stripper's rules."
    )
    parser.add_argument("--rules", action="store_true", help="print every rule, in the order they decide")
    args = parser.parse_args(argv)
    if not args.rules:
        parser.print_help()
        return 2
    sys.stdout.write(rule_catalogue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
