"""Command line: ``dedup cluster`` and ``dedup strip``.

``dedup cluster PATH...`` clusters the documents found in ``PATH`` (see
:mod:`dedup.sources`) and writes one JSON object per document, in input order:
``{"id", "cluster", "representative", "duplicate_of", "similarity", "jaccard",
"containment"}``.
``cluster`` numbers the clusters from 0 in the order of their earliest
document; ``duplicate_of`` and ``similarity`` describe the most similar
document seen before this one (see :class:`dedup.Match`). A one-line summary
goes to standard error.

``dedup strip FILE|-`` prints the text with boilerplate lines removed.

Exit status: 0 on success, 2 on bad input or usage (the message names the file
and line), 1 on an unexpected failure.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Optional, Sequence

from . import __version__
from .index import DEFAULT_NGRAM, DEFAULT_NUM_PERM, DEFAULT_THRESHOLD, Deduplicator
from .sources import InputError, read_documents

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dedup", description="Find near-duplicate news articles.")
    parser.add_argument("--version", action="version", version=f"dedup {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    c = sub.add_parser(
        "cluster",
        help="cluster documents and write one JSON line per document",
        description="Cluster near-duplicate documents. PATH: a .txt file (id = file name without extension), "
        "a folder (its .txt and .jsonl files, recursively), a .jsonl file, or - for JSON Lines on stdin.",
    )
    c.add_argument("paths", nargs="+", metavar="PATH")
    c.add_argument("-o", "--output", metavar="FILE", help="write JSON Lines here instead of stdout")
    c.add_argument("--unique", action="store_true", help="write only the representatives' records")
    c.add_argument("--id-field", default="id", help="JSON Lines field holding the id (default: id)")
    c.add_argument("--text-field", default="text", help="JSON Lines field holding the text (default: text)")
    c.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD, help=f"Jaccard threshold (default: {DEFAULT_THRESHOLD})")
    c.add_argument("--num-perm", type=int, default=DEFAULT_NUM_PERM, help=f"MinHash permutations (default: {DEFAULT_NUM_PERM})")
    c.add_argument("--ngram", type=int, default=DEFAULT_NGRAM, help=f"words per shingle (default: {DEFAULT_NGRAM})")
    c.add_argument("--seed", type=int, default=1, help="MinHash seed (default: 1)")
    c.add_argument("--no-strip", action="store_true", help="do not remove boilerplate lines before fingerprinting")
    c.add_argument("--skip-bad", action="store_true", help="skip bad documents with a warning instead of stopping")
    c.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary line")

    s = sub.add_parser("strip", help="print a text file with boilerplate lines removed")
    s.add_argument("path", metavar="FILE", help="a UTF-8 text file, or - for stdin")
    return parser


def _score(value: Optional[float]) -> Optional[float]:
    return None if value is None else round(value, 6)


def _cluster(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    index = Deduplicator(
        threshold=args.threshold, num_perm=args.num_perm, ngram=args.ngram, seed=args.seed, strip=not args.no_strip
    )
    docs = read_documents(
        args.paths, id_field=args.id_field, text_field=args.text_field, skip_bad=args.skip_bad
    )
    if not args.quiet:
        from tqdm import tqdm

        # delay: no bar at all for inputs that take under two seconds.
        docs = tqdm(docs, desc="dedup", unit="doc", file=sys.stderr, delay=2.0, disable=None)
    matches = index.add_many(docs)
    clusters = index.clusters()
    number = {doc_id: n for n, members in enumerate(clusters) for doc_id in members}
    representative = {doc_id: members[0] for members in clusters for doc_id in members}

    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    try:
        for m in matches:
            assert m.id is not None
            rep = representative[m.id]
            if args.unique and rep != m.id:
                continue
            record = {
                "id": m.id,
                "cluster": number[m.id],
                "representative": rep,
                "duplicate_of": m.duplicate_of,
                "similarity": _score(m.similarity),
                "jaccard": _score(m.jaccard),
                "containment": _score(m.containment),
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
        else:
            out.flush()
    if not args.quiet:
        seconds = time.perf_counter() - start
        n = len(matches)
        print(
            f"dedup: {n} documents, {len(clusters)} clusters, {n - len(clusters)} duplicates removed, "
            f"{seconds:.2f} s, {n / seconds if seconds > 0 else 0:.0f} docs/s",
            file=sys.stderr,
        )
    return 0


def _strip(args: argparse.Namespace) -> int:
    from .boilerplate import strip_boilerplate

    if args.path == "-":
        data, name = sys.stdin.buffer.read(), "<stdin>"
    else:
        try:
            with open(args.path, "rb") as f:
                data, name = f.read(), args.path
        except OSError as exc:
            raise InputError(f"{args.path}: cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: invalid UTF-8 at byte {exc.start}: {exc.reason}") from None
    stripped = strip_boilerplate(text)
    sys.stdout.write(stripped + ("\n" if stripped else ""))
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Entry point of the ``dedup`` command; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "cluster":
            return _cluster(args)
        return _strip(args)
    except InputError as exc:
        print(f"dedup: error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # invalid parameters, e.g. --threshold 2
        print(f"dedup: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("dedup: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
