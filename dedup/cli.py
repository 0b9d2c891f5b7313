"""Command line: ``dedup cluster`` and ``dedup strip``.

``dedup cluster PATH...`` clusters the documents found in ``PATH`` (see
:mod:`dedup.sources`) and writes one JSON object per document, in input order:
``{"id", "cluster", "representative", "duplicate_of", "similarity", "jaccard",
"containment"}``.
``cluster`` numbers the clusters from 0 in the order of their earliest
document; ``duplicate_of`` and ``similarity`` describe the most similar
document seen before this one (see :class:`dedup.Match`). A one-line summary
goes to standard error. With ``--engine spark`` the same stages run as a Spark
job (:mod:`dedup.spark`) over JSON Lines or Parquet files, with the same
records as output (``-o FILE.parquet``: a Parquet folder).

``dedup strip FILE|-`` prints the text with boilerplate lines removed.

``dedup evaluate LABELS.jsonl`` clusters documents labelled with their true
cluster and prints pairwise precision / recall / F1, the Adjusted Rand Index
and the worst merged and missed pairs explained (:mod:`dedup.evaluate`);
``--thresholds`` sweeps the threshold.

``dedup index add|query|stats|expire --db FILE`` work on a persistent index
(an SQLite file, see :mod:`dedup.sqlite_storage`): ``add`` prints one JSON
decision per document (``{"id", "representative", "duplicate_of",
"similarity", "jaccard", "containment"}``) as soon as its batch is committed;
``query`` prints what ``add`` would say, without adding; ``stats`` prints a
JSON object; ``expire --older-than 30d`` removes old documents.

Exit status: 0 on success, 2 on bad input or usage (the message names the file
and line), 1 on an unexpected failure.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from typing import Any, Iterable, Iterator, Optional, Sequence

from . import __version__
from .index import DEFAULT_NGRAM, DEFAULT_NUM_PERM, DEFAULT_THRESHOLD, Deduplicator, Match, open_index
from .parallel import WorkerError
from .sources import HTML_SUFFIXES, InputError, read_documents
from .sqlite_storage import IndexFileError

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
    c.add_argument(
        "--html",
        action="store_true",
        help="JSON Lines texts are HTML pages: extract their article text first (trafilatura, "
        "pip install 'dedup[html]'); .html and .html.gz files always are",
    )
    c.add_argument(
        "--corpus-model",
        action="store_true",
        help="also remove lines that recur across the input's stories (dedup.BoilerplateModel, learned in a "
        "first pass: the input is held in memory)",
    )
    c.add_argument(
        "--source-field",
        metavar="FIELD",
        help="JSON Lines field with each document's site or feed: --corpus-model counts lines per source",
    )
    c.add_argument(
        "--engine",
        choices=("local", "spark"),
        default="local",
        help="local: this process (default); spark: a Spark job (pip install 'dedup[spark]') over JSON Lines or "
        "Parquet PATHs, local or on any file system Spark reads; -o FILE.parquet writes Parquet",
    )
    c.add_argument("--master", metavar="URL", help="Spark master, e.g. local[2] or yarn (default: spark-submit's, else local[*])")
    c.add_argument("--input-format", choices=("jsonl", "parquet"), help="Spark input format (default: from the file suffix)")
    c.add_argument("--checkpoint-dir", metavar="DIR", help="Spark checkpoint folder (on a cluster: a fault-tolerant one, e.g. on HDFS)")
    c.add_argument("--conf", action="append", type=_spark_setting, metavar="KEY=VALUE",
                   help="any Spark setting for the session, e.g. spark.sql.shuffle.partitions=64 (repeatable)")

    s = sub.add_parser("strip", help="print a text file with boilerplate lines removed")
    s.add_argument("path", metavar="FILE", help="a UTF-8 text file, an .html[.gz] page, or - for stdin")
    s.add_argument("--html", action="store_true", help="the input is an HTML page (extract its article text first)")

    _index_parser(sub)
    _evaluate_parser(sub)
    return parser


def _spark_setting(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, e.g. spark.sql.shuffle.partitions=64, got {text!r}")
    return key.strip(), value


def _score(value: Optional[float]) -> Optional[float]:
    return None if value is None else round(value, 6)


_FIELDS = ("id", "cluster", "representative", "duplicate_of", "similarity", "jaccard", "containment")


def _record(doc_id, cluster, representative, duplicate_of, similarity, jaccard, containment) -> str:
    record = {
        "id": doc_id,
        "cluster": cluster,
        "representative": representative,
        "duplicate_of": duplicate_of,
        "similarity": _score(similarity),
        "jaccard": _score(jaccard),
        "containment": _score(containment),
    }
    return json.dumps(record, ensure_ascii=False) + "\n"


def _summary(n: int, clusters: int, start: float) -> None:
    seconds = time.perf_counter() - start
    print(
        f"dedup: {n} documents, {clusters} clusters, {n - clusters} duplicates removed, "
        f"{seconds:.2f} s, {n / seconds if seconds > 0 else 0:.0f} docs/s",
        file=sys.stderr,
    )


def _cluster_spark(args: argparse.Namespace, start: float) -> int:
    from .spark import cluster_files

    for option in ("skip_bad", "html", "corpus_model", "source_field"):
        if getattr(args, option, None):
            raise ValueError(f"--{option.replace('_', '-')} is not supported with --engine spark")
    n, clusters = cluster_files(
        args.paths,
        output=args.output,
        line=lambda record: _record(*(record[k] for k in _FIELDS)),
        unique=args.unique,
        id_field=args.id_field,
        text_field=args.text_field,
        input_format=args.input_format,
        master=args.master,
        checkpoint_dir=args.checkpoint_dir,
        quiet=args.quiet,
        conf=dict(args.conf or ()),
        force=bool(getattr(args, "force", False)),
        threshold=args.threshold,
        num_perm=args.num_perm,
        ngram=args.ngram,
        seed=args.seed,
        strip=not args.no_strip,
    )
    if not args.quiet:
        _summary(n, clusters, start)
    return 0


def _cluster(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    if args.engine == "spark":
        for option in ("html", "corpus_model", "source_field"):
            if getattr(args, option):
                raise ValueError(f"--{option.replace('_', '-')} is not supported with --engine spark")
        return _cluster_spark(args, start)
    for option in ("master", "input_format", "checkpoint_dir", "conf"):
        if getattr(args, option) is not None:
            raise ValueError(f"--{option.replace('_', '-')} needs --engine spark")
    if args.source_field is not None and not args.corpus_model:
        raise ValueError("--source-field needs --corpus-model")
    sources: dict = {}
    docs = read_documents(
        args.paths,
        id_field=args.id_field,
        text_field=args.text_field,
        skip_bad=args.skip_bad,
        html=args.html,
        source_field=args.source_field,
        sources=sources,
    )
    model = None
    if args.corpus_model:
        from .boilerplate_model import BoilerplateModel

        held = list(docs)  # two passes: learn the model, then cluster
        model = BoilerplateModel().update(
            [text for _, text in held], sources=[sources.get(doc_id) for doc_id, _ in held]
        )
        docs = iter(held)
    index = Deduplicator(
        threshold=args.threshold,
        num_perm=args.num_perm,
        ngram=args.ngram,
        seed=args.seed,
        strip=not args.no_strip,
        boilerplate_model=model,
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
            out.write(_record(m.id, number[m.id], rep, m.duplicate_of, m.similarity, m.jaccard, m.containment))
    finally:
        if out is not sys.stdout:
            out.close()
        else:
            out.flush()
    if not args.quiet:
        _summary(len(matches), len(clusters), start)
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
    if args.html or name.endswith(HTML_SUFFIXES):
        from .html import html_to_text

        text = html_to_text(gzip.decompress(data) if name.endswith(".gz") else data)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: invalid UTF-8 at byte {exc.start}: {exc.reason}") from None
    stripped = strip_boilerplate(text)
    sys.stdout.write(stripped + ("\n" if stripped else ""))
    return 0


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def _duration(text: str) -> float:
    """Seconds in ``30d``, ``12h``, ``90m``, ``45s``, ``2w`` or a plain number of seconds."""
    match = _DURATION.match(text)
    if not match or float(match.group(1)) <= 0:
        raise argparse.ArgumentTypeError(f"expected a duration such as 30d, 12h, 90m or 3600 (seconds), got {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def _index_parser(sub) -> None:
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

    a = actions.add_parser("add", help="add documents; print one JSON decision per document")
    common(a, True)
    a.add_argument("--create", action="store_true", help="make a new index if FILE does not exist (without it, "
                   "a missing FILE is an error, so a mistyped name never starts an empty index)")
    known = "a new index (an existing index keeps the value it was made with; a different one is refused)"
    a.add_argument("--threshold", type=float, help=f"Jaccard threshold for {known}; default {DEFAULT_THRESHOLD}")
    a.add_argument("--num-perm", type=int, help=f"MinHash permutations for {known}; default {DEFAULT_NUM_PERM}")
    a.add_argument("--ngram", type=int, help=f"words per shingle for {known}; default {DEFAULT_NGRAM}")
    a.add_argument("--seed", type=int, help=f"MinHash seed for {known}; default 1")
    a.add_argument(
        "--strip", action=argparse.BooleanOptionalAction, default=None, help=f"remove boilerplate lines, for {known}"
    )
    a.add_argument("--window", type=_duration, metavar="DURATION", help="before each batch, remove documents "
                   "added longer than DURATION before it (e.g. 30d): deduplicate within a sliding window")
    a.add_argument("--synchronous", choices=("normal", "full"), default="normal",
                   help="normal: a committed batch survives a crash of the process (default); "
                   "full: also a power loss, slower")
    a.add_argument("--skip-existing", action="store_true", help="skip documents whose id the index already "
                   "holds (e.g. to run an interrupted ingestion again); the summary line counts them")
    a.add_argument("-q", "--quiet", action="store_true", help="no summary line")

    q = actions.add_parser("query", help="print what add would say for each document, without adding")
    common(q, True)

    st = actions.add_parser("stats", help="print documents, clusters, duplicates, size, dates and configuration")
    common(st, False)
    st.add_argument("--check", action="store_true", help="also run the integrity check (exit 1 on problems)")

    e = actions.add_parser("expire", help="remove documents older than a duration")
    common(e, False)
    e.add_argument("--older-than", required=True, type=_duration, metavar="DURATION", help="e.g. 30d, 12h, 3600")
    e.add_argument("--vacuum", action="store_true", help="then give the freed space back to the file system")


def _decision(doc_id: object, m: Match) -> str:
    record = {
        "id": doc_id,
        "representative": m.representative,
        "duplicate_of": m.duplicate_of,
        "similarity": _score(m.similarity),
        "jaccard": _score(m.jaccard),
        "containment": _score(m.containment),
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


def _index(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    if args.action == "add":
        options = {
            name: getattr(args, name)
            for name in ("threshold", "num_perm", "ngram", "seed", "strip")
            if getattr(args, name) is not None
        }
        with open_index(args.db, create=args.create, window=args.window, synchronous=args.synchronous, **options) as index:
            docs = read_documents(args.paths, id_field=args.id_field, text_field=args.text_field, skip_bad=args.skip_bad)
            skipped: list[int] = [0]
            if args.skip_existing:
                docs = _not_indexed(docs, index, skipped)
            n = duplicates = 0
            for m in index.add_iter(docs):
                sys.stdout.write(_decision(m.id, m))
                sys.stdout.flush()  # what was printed is committed
                n += 1
                duplicates += m.is_duplicate
            if not args.quiet:
                stats = index.stats()
                seconds = time.perf_counter() - start
                skip = f", {skipped[0]} skipped (already in the index)" if args.skip_existing else ""
                print(
                    f"dedup: {n} documents added to {args.db} ({duplicates} duplicates){skip}, {seconds:.2f} s, "
                    f"{n / seconds if seconds > 0 else 0:.0f} docs/s; it holds {stats['documents']} documents "
                    f"in {stats['clusters']} clusters",
                    file=sys.stderr,
                )
        return 0
    if args.action == "query":
        with open_index(_existing(args.db), read_only=True) as index:
            docs = read_documents(args.paths, id_field=args.id_field, text_field=args.text_field, skip_bad=args.skip_bad)
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


def _evaluate_parser(sub) -> None:
    e = sub.add_parser(
        "evaluate",
        help="score dedup's clusters against documents labelled with their true cluster",
        description="Cluster labelled documents (JSON Lines with an id, a text and a cluster label; documents with "
        "equal labels are copies of one story) and print pairwise precision / recall / F1, the Adjusted Rand Index, "
        "and the worst merged and missed pairs with dedup.explain(). --thresholds tries several thresholds: how to "
        "choose one for your own corpus.",
    )
    e.add_argument("paths", nargs="+", metavar="LABELS.jsonl", help="JSON Lines files (or folders, or - for stdin)")
    e.add_argument("--id-field", default="id", help="JSON Lines field holding the id (default: id)")
    e.add_argument("--text-field", default="text", help="JSON Lines field holding the text (default: text)")
    e.add_argument("--label-field", default="cluster", help="field holding the true cluster label (default: cluster)")
    e.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD, help=f"Jaccard threshold (default: {DEFAULT_THRESHOLD})")
    e.add_argument("--thresholds", metavar="LIST|RANGE", help="try several: 0.5,0.6,0.7 or START:STOP:STEP such as "
                   "0.4:0.9:0.05 (both ends included); the worst pairs are shown for the best F1 (ties: the higher)")
    e.add_argument("--show", type=int, default=3, help="merged and missed groups explained (default: 3 of each)")
    e.add_argument("--no-strip", action="store_true", help="do not remove boilerplate lines before fingerprinting")


def _evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate_labels, parse_thresholds
    from .explain import explain

    if args.show < 0:
        raise ValueError(f"--show must be >= 0, got {args.show}")
    thresholds = parse_thresholds(args.thresholds) if args.thresholds else [args.threshold]
    labels: dict = {}
    docs = list(read_documents(args.paths, id_field=args.id_field, text_field=args.text_field,
                               label_field=args.label_field, labels=labels))
    if not docs:
        raise InputError(f"{', '.join(args.paths)}: no documents")
    unlabelled = [doc_id for doc_id, _ in docs if doc_id not in labels]
    if unlabelled:
        raise InputError(f"document {unlabelled[0]!r} has no {args.label_field!r} label: dedup evaluate reads JSON "
                         f"Lines records with a label field ({len(unlabelled)} document(s) without one)")
    results = evaluate_labels(docs, [labels[i] for i, _ in docs], thresholds, show=args.show, strip=not args.no_strip)
    best = max(results, key=lambda r: (r.f1, r.threshold))
    first = results[0]
    print(f"dedup evaluate: {first.documents} documents, {first.labels} labels, {first.true_pairs} same-label pairs")
    print(f"{'threshold':>9} {'precision':>9} {'recall':>7} {'F1':>7} {'ARI':>7} {'clusters':>8} "
          f"{'merged pairs':>12} {'missed pairs':>12}")
    for r in results:
        mark = "*" if r is best and len(results) > 1 else " "
        print(f"{mark}{r.threshold:8.3f} {r.precision:9.4f} {r.recall:7.4f} {r.f1:7.4f} {r.ari:7.4f} {r.clusters:8d} "
              f"{r.fp:12d} {r.fn:12d}")
    if len(results) > 1:
        print(f"* best F1 (ties: the higher threshold): {best.threshold:g}")
    print(f"\nAt threshold {best.threshold:g}: {best.fp} pair(s) merged against the labels ({best.merged_groups} "
          f"group(s): two labels in one cluster), {best.fn} pair(s) missed ({best.missed_groups} group(s): one label "
          "in two clusters).")
    text = dict(docs)
    for title, groups in (("Merged", best.merged[: args.show]), ("Missed", best.missed[: args.show])):
        for k, g in enumerate(groups, 1):
            a, b = g.closest
            if g.kind == "merged":
                what = f"labels {json.dumps(g.labels[0])} and {json.dumps(g.labels[1])} in cluster {g.clusters[0]}"
            else:
                what = f"label {json.dumps(g.labels[0])} split in clusters {g.clusters[0]} and {g.clusters[1]}"
            print(f"\n{title} {k}: {what}, {g.pairs} pair(s); closest pair {json.dumps(a)} / {json.dumps(b)}:")
            found = explain(text[a], text[b], threshold=best.threshold, strip=not args.no_strip)
            print("\n".join("  " + line for line in str(found).splitlines()))
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Entry point of the ``dedup`` command; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "cluster":
            return _cluster(args)
        if args.command == "index":
            return _index(args)
        if args.command == "evaluate":
            return _evaluate(args)
        return _strip(args)
    except (InputError, IndexFileError) as exc:
        print(f"dedup: error: {exc}", file=sys.stderr)
        return 2
    except ImportError as exc:  # an optional extra, e.g. dedup[html]
        print(f"dedup: error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # invalid parameters, e.g. --threshold 2
        print(f"dedup: error: {exc}", file=sys.stderr)
        return 2
    except WorkerError as exc:  # a fingerprinting worker died (killed, out of memory)
        print(f"dedup: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("dedup: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
