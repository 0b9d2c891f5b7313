"""``dedup index add|query|stats|expire``: a persistent index in an SQLite file."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any

from ..match import Match
from ..persistent import open_index
from ..sources import InputError, InputReport, read_documents, scan_inputs
from ..storage import IndexFileError
from .options import config_of, config_options, max_size_option, plural, score

__all__ = ["add_parser", "parse_duration", "run"]


def add_parser(sub: Any) -> None:
    i = sub.add_parser(
        "index",
        help="a persistent index in an SQLite file: add, query, stats, expire",
        description="A persistent near-duplicate index kept in an SQLite file (made by add --create). "
        "Yesterday's documents are still known today; several processes may add at once.",
    )
    actions = i.add_subparsers(dest="action", required=True, metavar="ACTION")

    def common(p: argparse.ArgumentParser, inputs: bool) -> None:
        p.add_argument("--db", required=True, metavar="FILE", help="the index file")
        if inputs:
            p.add_argument("paths", nargs="+", metavar="PATH", help="as for dedup cluster: .txt, folder, .jsonl or -")
            p.add_argument("--id-field", default="id", help="JSON Lines field holding the id (default: id)")
            p.add_argument("--text-field", default="text", help="JSON Lines field holding the text (default: text)")
            p.add_argument("--skip-bad", action="store_true", help="skip unreadable documents with a warning")
            max_size_option(p)

    a = actions.add_parser("add", help="add documents; print one JSON decision per document")
    common(a, True)
    a.add_argument(
        "--create",
        action="store_true",
        help="make a new index if FILE does not exist (without it, "
        "a missing FILE is an error, so a mistyped name never starts an empty index)",
    )
    config_options(a, new_index=True)
    a.add_argument(
        "--window",
        type=parse_duration,
        metavar="DURATION",
        help="before each batch, remove documents "
        "added longer than DURATION before it (e.g. 30d): deduplicate within a sliding window",
    )
    a.add_argument(
        "--synchronous",
        choices=("normal", "full"),
        default="normal",
        help="normal: a committed batch survives a crash of the process (default); full: also a power loss, slower",
    )
    a.add_argument(
        "--skip-existing",
        action="store_true",
        help="skip documents whose id the index already "
        "holds (e.g. to run an interrupted ingestion again); the summary line counts them",
    )
    a.add_argument("-q", "--quiet", action="store_true", help="no summary line")

    q = actions.add_parser("query", help="print what add would say for each document, without adding")
    common(q, True)

    st = actions.add_parser(
        "stats",
        help="print documents, clusters, duplicates, size, dates and configuration",
        description="Print documents, clusters, duplicates, size, the oldest and newest insertion times and the "
        "configuration as JSON. Times are in UTC (ISO 8601, +00:00): dedup index add stamps each batch with the "
        "current time; a naive datetime given to the library (Deduplicator.add(timestamp=...)) is taken as UTC.",
    )
    common(st, False)
    st.add_argument("--check", action="store_true", help="also run the integrity check (exit 1 on problems)")

    e = actions.add_parser("expire", help="remove documents older than a duration")
    common(e, False)
    e.add_argument("--older-than", required=True, type=parse_duration, metavar="DURATION", help="e.g. 30d, 12h, 3600")
    e.add_argument("--vacuum", action="store_true", help="then give the freed space back to the file system")


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")


_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_duration(text: str) -> float:
    """Seconds in ``30d``, ``12h``, ``90m``, ``45s``, ``2w`` or a plain number of seconds."""
    match = _DURATION.match(text)
    if not match or float(match.group(1)) <= 0:
        raise argparse.ArgumentTypeError(f"expected a duration such as 30d, 12h, 90m or 3600 (seconds), got {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def _decision(doc_id: object, m: Match) -> str:
    record = {
        "id": doc_id,
        "representative": m.representative,
        "duplicate_of": m.duplicate_of,
        "similarity": score(m.similarity),
        "jaccard": score(m.jaccard),
        "containment": score(m.containment),
        "article": m.article,
    }
    return json.dumps(record, ensure_ascii=False) + "\n"


def _existing(path: str) -> str:
    if not os.path.exists(path):
        raise IndexFileError(path, "no such index file (dedup index add --create makes one)")
    return path


def _not_indexed(docs: Iterable[tuple[Any, str]], index: Any, skipped: list[int]) -> Iterator[tuple[Any, str]]:
    """The documents whose id is not in ``index``; counts the others in
    ``skipped[0]``.  (An id given twice in the input is refused by the reader
    as in any run, so only ids indexed before this run are skipped.)"""
    for doc_id, text in docs:
        if doc_id in index:
            skipped[0] += 1
            continue
        yield doc_id, text


_INDEX_HTML_HINT = "extract its article text first (dedup.html_to_text, as dedup cluster --html does)"


def _holds(index: Any, doc_id: Any) -> bool:
    try:
        return doc_id in index
    except Exception:  # an id the index cannot even look up
        return False


def _add_located(
    index: Any, docs: Iterable[tuple[Any, str]], locations: dict, skip_bad: bool, report: InputReport
) -> Iterator[Match]:
    """``index.add_iter(docs)``, with a document the index refuses (an id it
    holds already, one it cannot store) reported at its file and line, and
    with ``skip_bad`` skipped: adding goes on after it."""
    from collections import deque

    source = iter(docs)
    pending: deque = deque()  # read by the index, not yet added
    resume: list = []

    def fed() -> Iterator[tuple[Any, str]]:
        for doc in chain(resume, source):
            pending.append(doc)
            yield doc

    def skip(doc_id: Any, problem: str) -> None:
        where = locations.get(doc_id, "?")
        print(f"dedup: skipped: {where}: {problem}", file=sys.stderr)
        report.add("bad", where)

    while True:
        try:
            for m in index.add_iter(fed()):
                pending.popleft()
                yield m
            return
        except (TypeError, ValueError) as exc:
            # add_iter added every document before the one it names, and names it
            if isinstance(exc, InputError) or not pending or repr(pending[0][0]) not in str(exc):
                raise
            doc_id = pending.popleft()[0]
            if not skip_bad:
                raise InputError(f"{locations.get(doc_id, '?')}: {exc}") from None
            skip(doc_id, str(exc))
            # Documents read ahead are given again; those the index holds are
            # skipped here, so a run of them costs one restart, not one each.
            resume = []
            for doc in pending:
                if _holds(index, doc[0]):
                    skip(doc[0], f"duplicate document id {doc[0]!r}: already in the index")
                else:
                    resume.append(doc)
            pending.clear()


def run(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    if args.action == "add":
        options = config_of(args)
        inputs = scan_inputs(args.paths, skip_bad=args.skip_bad)  # a missing input creates no index file
        with open_index(
            args.db, create=args.create, window=args.window, synchronous=args.synchronous, **options
        ) as index:
            locations: dict = {}
            docs = read_documents(
                inputs,
                id_field=args.id_field,
                text_field=args.text_field,
                skip_bad=args.skip_bad,
                max_size=args.max_doc_size,
                html_hint=_INDEX_HTML_HINT,
                locations=locations,
            )
            skipped: list[int] = [0]
            if args.skip_existing:
                docs = _not_indexed(docs, index, skipped)
            n = duplicates = 0
            for m in _add_located(index, docs, locations, args.skip_bad, inputs.report):
                sys.stdout.write(_decision(m.id, m))
                sys.stdout.flush()  # what was printed is committed
                n += 1
                duplicates += m.is_duplicate
            if not args.quiet:
                stats = index.stats()
                seconds = time.perf_counter() - start
                skip = f", {skipped[0]} skipped (already in the index)" if args.skip_existing else ""
                unread = inputs.report.summary()
                print(
                    f"dedup: {plural(n, 'document')} added to {args.db} ({plural(duplicates, 'duplicate')}){skip}, "
                    f"{seconds:.2f} s, {n / seconds if seconds > 0 else 0:.0f} docs/s; it holds "
                    f"{plural(stats['documents'], 'document')} in {plural(stats['clusters'], 'cluster')}"
                    + (f"; {unread}" if unread else ""),
                    file=sys.stderr,
                )
        return 0
    if args.action == "query":
        with open_index(_existing(args.db), read_only=True) as index:
            docs = read_documents(
                args.paths,
                id_field=args.id_field,
                text_field=args.text_field,
                skip_bad=args.skip_bad,
                max_size=args.max_doc_size,
                html_hint=_INDEX_HTML_HINT,
            )
            for doc_id, text in docs:
                sys.stdout.write(_decision(doc_id, index.query(text)))
        return 0
    if args.action == "stats":
        with open_index(_existing(args.db), read_only=True) as index:
            stats = index.stats()
            problems = index.check() if args.check else None
        for key in ("oldest", "newest"):
            stats[key] = None if stats[key] is None else stats[key].isoformat()
        if problems is not None:
            stats["problems"] = problems
        print(json.dumps(stats, indent=2, ensure_ascii=False))
        return 1 if problems else 0
    with open_index(_existing(args.db)) as index:
        removed = index.expire(args.older_than)
        if args.vacuum:
            index.vacuum()
        print(json.dumps({"removed": removed, "documents": len(index)}))
    return 0
