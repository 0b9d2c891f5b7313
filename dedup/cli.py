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
records as output (``-o FILE.parquet``: a Parquet folder). ``-o FILE`` is
checked before any work and written atomically (see :class:`_Output`).

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
and line), 1 when the output cannot be written (a full disk) or on an
unexpected failure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from contextlib import contextmanager, nullcontext
from itertools import chain
from typing import Any, Iterable, Iterator, Optional, Sequence

from . import __version__
from .config import DEFAULT_NGRAM, DEFAULT_NUM_PERM, DEFAULT_THRESHOLD
from .index import Deduplicator, Match, open_index
from .output import OutputError, atomic_text
from .parallel import WorkerError
from .sources import (
    DEFAULT_MAX_SIZE,
    HTML_SUFFIXES,
    InputError,
    InputReport,
    decode,
    format_size,
    parse_size,
    read_documents,
    read_file,
    scan_inputs,
    text_of,
    too_large,
)
from .storage import IndexFileError

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dedup", description="Find near-duplicate news articles.")
    parser.add_argument("--version", action="version", version=f"dedup {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    c = sub.add_parser(
        "cluster",
        help="cluster documents and write one JSON line per document",
        description="Cluster near-duplicate documents. PATH: a .txt file, an .html, .htm or .html.gz web page "
        "(its article text, extracted with trafilatura), a folder (its .txt, .html[.gz], .htm[.gz] and .jsonl "
        "files, recursively; hidden files and folders and links to folders are not read, and the summary line "
        "counts them), a .jsonl file (one JSON object per line), or - for JSON Lines on stdin. The id of a .txt "
        "or .html document is its path as given, normalised, below a folder argument included: seeds/001.txt, "
        "crawl/site/slug/index.html (unique by construction); JSON Lines records carry their own ids.",
    )
    c.add_argument("paths", nargs="+", metavar="PATH")
    c.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write JSON Lines here instead of stdout: under a temporary name beside FILE, renamed to FILE once "
        "complete; an existing FILE is refused without --force, an input always",
    )
    c.add_argument("--force", action="store_true", help="replace an existing -o FILE (a link is replaced, not its target)")
    c.add_argument("--unique", action="store_true", help="write only the representatives' records")
    c.add_argument("--id-field", default="id", help="JSON Lines field holding the id (default: id)")
    c.add_argument("--text-field", default="text", help="JSON Lines field holding the text (default: text)")
    c.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD, help=f"Jaccard threshold (default: {DEFAULT_THRESHOLD})")
    c.add_argument("--num-perm", type=int, default=DEFAULT_NUM_PERM, help=f"MinHash permutations (default: {DEFAULT_NUM_PERM})")
    c.add_argument("--ngram", type=int, default=DEFAULT_NGRAM, help=f"words per shingle (default: {DEFAULT_NGRAM})")
    c.add_argument("--seed", type=int, default=1, help="MinHash seed (default: 1)")
    c.add_argument("--no-strip", action="store_true", help="do not remove boilerplate lines before fingerprinting")
    c.add_argument("--skip-bad", action="store_true", help="skip bad documents with a warning instead of stopping")
    c.add_argument("-q", "--quiet", action="store_true", help="no progress bars and no summary line")
    c.add_argument(
        "--progress",
        action="store_true",
        help="show the progress bars even when standard error is not a terminal, and at once (by default they "
        "appear on a terminal for a phase that takes more than two seconds)",
    )
    _max_size_option(c)
    c.add_argument(
        "--html",
        action="store_true",
        help="JSON Lines texts and .txt files are HTML pages: extract their article text first (trafilatura, "
        "pip install 'news-dedup[html]'); .html and .html.gz files always are. Without it, an HTML page given "
        "as text is refused",
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
        help="local: this process (default); spark: a Spark job (pip install 'news-dedup[spark]') over JSON Lines or "
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
    _max_size_option(s)

    _index_parser(sub)
    _evaluate_parser(sub)
    return parser


def _spark_setting(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, e.g. spark.sql.shuffle.partitions=64, got {text!r}")
    return key.strip(), value


def _size(text: str) -> int:
    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _max_size_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--max-doc-size",
        type=_size,
        default=DEFAULT_MAX_SIZE,
        metavar="SIZE",
        help=f"the largest document read (a file, an inflated .html.gz page, a JSON Lines line), e.g. 50M; "
        f"a larger one is bad input (default: {format_size(DEFAULT_MAX_SIZE)})",
    )


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


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _summary(n: int, clusters: int, start: float, report: Optional[InputReport] = None) -> None:
    seconds = time.perf_counter() - start
    skipped = report.summary() if report is not None else ""
    print(
        f"dedup: {_plural(n, 'document')}, {_plural(clusters, 'cluster')}, "
        f"{_plural(n - clusters, 'duplicate')} removed, "
        f"{seconds:.2f} s, {n / seconds if seconds > 0 else 0:.0f} docs/s" + (f"; {skipped}" if skipped else ""),
        file=sys.stderr,
    )


class _Output:
    """Where ``dedup cluster`` writes: standard output, or ``-o FILE``.

    The checks run before any work: FILE must not be a folder (unless it is a
    Parquet folder for Spark), its folder must exist and be writable, FILE must
    not be one of the inputs (followed through links), and an existing FILE
    (or a link) is replaced only with ``--force``. The records go to a
    temporary file beside FILE, renamed to FILE once complete: a failure (a
    full disk, an interrupted run) leaves FILE as it was, and a link at FILE
    is replaced by the file, never its target.
    """

    def __init__(self, path: Optional[str], inputs: set, force: bool, folder: bool = False) -> None:
        self.path = path
        if path is None or "://" in path:  # standard output, or a file system only Spark reaches
            return
        where = os.path.dirname(os.path.abspath(path))
        if os.path.isdir(path) and not folder:
            raise ValueError(f"-o {path}: is a folder (give a file name)")
        if not os.path.isdir(where):
            raise ValueError(f"-o {path}: no such folder: {where}")
        if not os.access(where, os.W_OK | os.X_OK):
            raise ValueError(f"-o {path}: cannot write in {where} (permission denied)")
        if os.path.lexists(path):
            try:
                st = os.stat(path)
            except OSError:  # a dangling link
                st = None
            if st is not None and (st.st_dev, st.st_ino) in inputs:
                raise ValueError(f"-o {path}: is one of the inputs")
            if not force:
                kind = "a link" if os.path.islink(path) else "a folder" if os.path.isdir(path) else "a file"
                raise ValueError(f"-o {path}: {kind} of that name exists; give --force to replace it")

    @contextmanager
    def open(self) -> Iterator[Any]:
        """A text stream for the records; the file appears when the block ends without error."""
        if self.path is None:
            yield sys.stdout
            sys.stdout.flush()
            return
        with atomic_text(self.path, f"-o {self.path}") as out:
            yield out


def _local_files(paths: Sequence[str]) -> set:
    """``(device, inode)`` of the local files among ``paths`` and below them."""
    found = set()
    for path in paths:
        if "://" in path or not os.path.exists(path):
            continue
        if os.path.isdir(path):
            for root, _, files in os.walk(path):
                for name in files:
                    try:
                        st = os.stat(os.path.join(root, name))
                    except OSError:
                        continue
                    found.add((st.st_dev, st.st_ino))
        else:
            st = os.stat(path)
            found.add((st.st_dev, st.st_ino))
    return found


class _Progress:
    """The progress bars of ``dedup cluster`` on standard error (tqdm), one
    per phase: scanning folders, reading (bytes, of the input's size),
    learning the corpus model, fingerprinting (documents indexed, of those
    read once reading ends), clustering, writing. By default a bar appears on
    a terminal once its phase has taken two seconds; ``always`` shows them at
    once on any standard error, ``never`` not at all."""

    def __init__(self, mode: str) -> None:
        self.mode = mode

    def bar(self, phase: str, iterable: Any = None, **options: Any) -> Any:
        from tqdm import tqdm

        class Bar(tqdm):  # no monitor thread: worker processes can then be forked
            monitor_interval = 0

        return Bar(
            iterable,
            desc=f"dedup: {phase}",
            file=sys.stderr,
            disable={"auto": None, "always": False, "never": True}[self.mode],
            delay=2.0 if self.mode == "auto" else 0.0,
            dynamic_ncols=True,
            **options,
        )

    @contextmanager
    def waiting(self, phase: str) -> Iterator[None]:
        """A bar with the time spent in a phase that reports no progress."""
        import threading

        bar = self.bar(phase, bar_format="{desc}: {elapsed}")
        done = threading.Event()

        def tick() -> None:
            while not done.wait(0.5):
                bar.update(0)

        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()
        try:
            yield
        finally:
            done.set()
            ticker.join()
            bar.close()


def _cluster_spark(args: argparse.Namespace, start: float) -> int:
    from .spark import cluster_files

    for option in ("skip_bad", "html", "corpus_model", "source_field"):
        if getattr(args, option, None):
            raise ValueError(f"--{option.replace('_', '-')} is not supported with --engine spark")
    parquet = bool(args.output) and args.output.endswith(".parquet")
    _Output(args.output, _local_files(args.paths), args.force, folder=parquet)  # checked before the job starts
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
        force=args.force,
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
    if args.quiet and args.progress:
        raise ValueError("--progress and --quiet exclude each other")
    progress = _Progress("never" if args.quiet else "always" if args.progress else "auto")
    with progress.bar("scanning", unit=" files") as bar:
        inputs = scan_inputs(args.paths, skip_bad=args.skip_bad, progress=bar.update)
    output = _Output(args.output, inputs.identities, args.force)  # before any work
    reading = progress.bar("reading", total=inputs.total_bytes, unit="B", unit_scale=True, unit_divisor=1024)
    sources: dict = {}
    docs: Iterable[tuple[Any, str]] = read_documents(
        inputs,
        id_field=args.id_field,
        text_field=args.text_field,
        skip_bad=args.skip_bad,
        html=args.html,
        source_field=args.source_field,
        sources=sources,
        max_size=args.max_doc_size,
        progress=reading.update,
    )
    model = None
    if args.corpus_model:
        from .boilerplate_model import BoilerplateModel

        held = list(docs)  # two passes: learn the model, then cluster
        reading.close()
        learning = progress.bar("learning boilerplate", (text for _, text in held), total=len(held), unit=" docs")
        model = BoilerplateModel().update(learning, sources=[sources.get(doc_id) for doc_id, _ in held])
        learning.close()
        docs = iter(held)
    index = Deduplicator(
        threshold=args.threshold,
        num_perm=args.num_perm,
        ngram=args.ngram,
        seed=args.seed,
        strip=not args.no_strip,
        boilerplate_model=model,
    )
    fingerprinting = progress.bar("fingerprinting", total=len(held) if args.corpus_model else None, unit=" docs")

    def read_all() -> Iterator[tuple[Any, str]]:
        n = 0
        for doc in docs:
            n += 1
            yield doc
        reading.close()  # reading is done: the documents to fingerprint are known
        fingerprinting.total = n

    matches = []
    with fingerprinting:
        for m in index.add_iter(read_all()):
            matches.append(m)
            fingerprinting.update()
    with progress.waiting("clustering"):
        clusters = index.clusters()
        number = {doc_id: n for n, members in enumerate(clusters) for doc_id in members}
        representative = {doc_id: members[0] for members in clusters for doc_id in members}

    records = len(clusters) if args.unique else len(matches)
    with output.open() as out, progress.bar("writing", total=records, unit=" docs") as writing:
        for m in matches:
            assert m.id is not None
            rep = representative[m.id]
            if args.unique and rep != m.id:
                continue
            out.write(_record(m.id, number[m.id], rep, m.duplicate_of, m.similarity, m.jaccard, m.containment))
            writing.update()
    if not args.quiet:
        _summary(len(matches), len(clusters), start, inputs.report)
    return 0


def _strip(args: argparse.Namespace) -> int:
    from .boilerplate import strip_boilerplate

    if args.path == "-":
        data, name = sys.stdin.buffer.read(args.max_doc_size + 1), "<stdin>"
        if len(data) > args.max_doc_size:
            raise too_large(name, args.max_doc_size)
    else:
        data, name = read_file(args.path, args.max_doc_size), args.path
    if args.html or name.endswith(HTML_SUFFIXES):
        from .html import html_to_text

        text = html_to_text(data)
    else:
        text = text_of(decode(data, name), name, "give --html to extract its article text")
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
            _max_size_option(p)

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


def _index(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    if args.action == "add":
        options = {
            name: getattr(args, name)
            for name in ("threshold", "num_perm", "ngram", "seed", "strip")
            if getattr(args, name) is not None
        }
        inputs = scan_inputs(args.paths, skip_bad=args.skip_bad)  # a missing input creates no index file
        with open_index(args.db, create=args.create, window=args.window, synchronous=args.synchronous, **options) as index:
            locations: dict = {}
            docs = read_documents(inputs, id_field=args.id_field, text_field=args.text_field, skip_bad=args.skip_bad,
                                  max_size=args.max_doc_size, html_hint=_INDEX_HTML_HINT, locations=locations)
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
                    f"dedup: {_plural(n, 'document')} added to {args.db} ({_plural(duplicates, 'duplicate')}){skip}, "
                    f"{seconds:.2f} s, {n / seconds if seconds > 0 else 0:.0f} docs/s; it holds "
                    f"{_plural(stats['documents'], 'document')} in {_plural(stats['clusters'], 'cluster')}"
                    + (f"; {unread}" if unread else ""),
                    file=sys.stderr,
                )
        return 0
    if args.action == "query":
        with open_index(_existing(args.db), read_only=True) as index:
            docs = read_documents(args.paths, id_field=args.id_field, text_field=args.text_field, skip_bad=args.skip_bad,
                                  max_size=args.max_doc_size, html_hint=_INDEX_HTML_HINT)
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
    except (WorkerError, OutputError) as exc:  # a fingerprinting worker died; the output could not be written
        print(f"dedup: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("dedup: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
