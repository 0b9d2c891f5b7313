"""``dedup cluster``: cluster documents, one JSON line per document."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ..batch import learn_corpus, url_source
from ..index import Deduplicator
from ..output import atomic_text
from ..sources import SOURCE_FIELDS, InputReport, read_documents, scan_inputs
from .options import config_of, config_options, max_size_option, plural, score

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
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
    c.add_argument(
        "--force", action="store_true", help="replace an existing -o FILE (a link is replaced, not its target)"
    )
    c.add_argument("--unique", action="store_true", help="write only the representatives' records")
    c.add_argument("--id-field", default="id", help="JSON Lines field holding the id (default: id)")
    c.add_argument("--text-field", default="text", help="JSON Lines field holding the text (default: text)")
    config_options(c)
    c.add_argument("--skip-bad", action="store_true", help="skip bad documents with a warning instead of stopping")
    c.add_argument("-q", "--quiet", action="store_true", help="no progress bars and no summary line")
    c.add_argument(
        "--progress",
        action="store_true",
        help="show the progress bars even when standard error is not a terminal, and at once (by default they "
        "appear on a terminal for a phase that takes more than two seconds)",
    )
    max_size_option(c)
    c.add_argument(
        "--html",
        action="store_true",
        help="JSON Lines texts and .txt files are HTML pages: extract their article text first (trafilatura, "
        "pip install 'news-dedup[html]'); .html and .html.gz files always are. Without it, an HTML page given "
        "as text is refused",
    )
    c.add_argument(
        "--corpus-model",
        action=argparse.BooleanOptionalAction,
        help="remove lines that recur across the input's different stories of a source (a dedup.BoilerplateModel "
        "learned in a first pass; the input is kept in a temporary file meanwhile). Default: on with the local "
        "engine, off with --engine spark (which does not learn it: its output equals --no-corpus-model's)",
    )
    c.add_argument(
        "--source-field",
        metavar="FIELD",
        help="JSON Lines field with each document's site or feed (a URL stands for its host) for the corpus model "
        "(default: site, else the host of url, else the host of an id that is a URL)",
    )
    c.add_argument(
        "--engine",
        choices=("local", "spark"),
        default="local",
        help="local: this process (default); spark: a Spark job (pip install 'news-dedup[spark]') over JSON Lines or "
        "Parquet PATHs, local or on any file system Spark reads; -o FILE.parquet writes Parquet",
    )
    c.add_argument(
        "--master", metavar="URL", help="Spark master, e.g. local[2] or yarn (default: spark-submit's, else local[*])"
    )
    c.add_argument(
        "--input-format", choices=("jsonl", "parquet"), help="Spark input format (default: from the file suffix)"
    )
    c.add_argument(
        "--checkpoint-dir",
        metavar="DIR",
        help="Spark checkpoint folder (on a cluster: a fault-tolerant one, e.g. on HDFS)",
    )
    c.add_argument(
        "--conf",
        action="append",
        type=spark_setting,
        metavar="KEY=VALUE",
        help="any Spark setting for the session, e.g. spark.sql.shuffle.partitions=64 (repeatable)",
    )


_FIELDS = ("id", "cluster", "representative", "duplicate_of", "similarity", "jaccard", "containment", "article")


def _record(doc_id, cluster, representative, duplicate_of, similarity, jaccard, containment, article) -> str:
    record = {
        "id": doc_id,
        "cluster": cluster,
        "representative": representative,
        "duplicate_of": duplicate_of,
        "similarity": score(similarity),
        "jaccard": score(jaccard),
        "containment": score(containment),
        "article": bool(article),
    }
    return json.dumps(record, ensure_ascii=False) + "\n"


def _summary(n: int, clusters: int, start: float, report: InputReport | None = None) -> None:
    seconds = time.perf_counter() - start
    skipped = report.summary() if report is not None else ""
    print(
        f"dedup: {plural(n, 'document')}, {plural(clusters, 'cluster')}, "
        f"{plural(n - clusters, 'duplicate')} removed, "
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

    def __init__(self, path: str | None, inputs: set, force: bool, folder: bool = False) -> None:
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


def spark_setting(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, e.g. spark.sql.shuffle.partitions=64, got {text!r}")
    return key.strip(), value


def _cluster_spark(args: argparse.Namespace, start: float) -> int:
    from ..spark import cluster_files

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
        **config_of(args),
    )
    if not args.quiet:
        _summary(n, clusters, start)
    return 0


def run(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    if args.engine == "spark":
        for option in ("html", "corpus_model", "source_field"):
            if getattr(args, option):
                raise ValueError(f"--{option.replace('_', '-')} is not supported with --engine spark")
        return _cluster_spark(args, start)
    for option in ("master", "input_format", "checkpoint_dir", "conf"):
        if getattr(args, option) is not None:
            raise ValueError(f"--{option.replace('_', '-')} needs --engine spark")
    corpus_model = args.corpus_model is not False and args.strip
    if args.corpus_model and not args.strip:
        raise ValueError("--corpus-model needs stripping: it is boilerplate removal, which --no-strip turns off")
    if args.source_field is not None and not corpus_model:
        raise ValueError("--source-field is for the corpus model, which --no-corpus-model turns off")
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
        source_field=args.source_field if args.source_field is not None else SOURCE_FIELDS,
        sources=sources,
        max_size=args.max_doc_size,
        progress=reading.update,
    )
    total = None
    if corpus_model:  # two passes: learn the model, then cluster (batch.learn_corpus)
        with progress.bar("learning boilerplate", unit=" docs") as learning:

            def learned(n: int) -> None:
                learning.update(n)

            total, docs = learn_corpus(docs, lambda doc_id: sources.get(doc_id) or url_source(doc_id), learned)
            learning.total = total  # known once read
            learning.refresh()
        reading.close()
    index = Deduplicator(**config_of(args), corpus_model=corpus_model)
    fingerprinting = progress.bar("fingerprinting", total=total, unit=" docs")

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
            out.write(
                _record(m.id, number[m.id], rep, m.duplicate_of, m.similarity, m.jaccard, m.containment, m.article)
            )
            writing.update()
    if not args.quiet:
        _summary(len(matches), len(clusters), start, inputs.report)
    return 0
