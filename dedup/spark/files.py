"""Files and sessions for ``dedup cluster --engine spark``:
:func:`spark_session`, :func:`read_files` and :func:`cluster_files`."""

from __future__ import annotations

import json
import os
import shutil
import sys
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote, urlparse

from ..config import Config
from ..output import atomic_text
from ..sources import InputError
from .jobs import cores, group_starts, phase, sized_partitions, worker_imports
from .stages import cluster_frame

__all__ = ["FORMATS", "LOCAL_DEFAULTS", "cluster_files", "read_files", "spark_session"]

#: File name suffixes of the two input formats.
FORMATS = {"jsonl": (".jsonl", ".json"), "parquet": (".parquet",)}


#: Settings of a new session on a local master, unless given: one JVM on a
#: few cores runs short jobs, where the JIT's optimising compiler (C2), a
#: parallel garbage collector and whole-stage code generation cost more CPU
#: than they save (measured in benchmarks/spark.py: 16.9 -> 7.0 CPU s for
#: 3,000 documents on local[2]; see README.md).
LOCAL_DEFAULTS = {
    "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
    "spark.sql.codegen.wholeStage": "false",
}


def _is_local(master: str | None, conf: Mapping[str, str]) -> bool:
    """Whether a new session would run on a local master (given, in ``conf``,
    from spark-submit, or pyspark's default ``local[*]``)."""
    from pyspark import SparkConf

    resolved = master or conf.get("spark.master") or SparkConf().get("spark.master", None) or "local[*]"
    return resolved.startswith("local")


def _worker_python(master: str | None, conf: Mapping[str, str]) -> str | None:
    """The interpreter a new session's Python workers should run, or None to
    leave Spark's choice: ``spark.pyspark.python`` when set (here or by
    spark-submit); for a local master without it or ``PYSPARK_PYTHON``, this
    interpreter (the workers then import the same dedup, numpy and xxhash as
    the driver; Spark would run the ``python3`` on PATH)."""
    from pyspark import SparkConf

    if os.environ.get("PYSPARK_PYTHON"):
        return None
    defaults = SparkConf()  # with spark-submit: its --master and --conf
    python = conf.get("spark.pyspark.python") or defaults.get("spark.pyspark.python", None)
    if python:
        return python  # pyspark reads only the environment variable outside spark-submit
    return sys.executable if _is_local(master, conf) else None


@contextmanager
def spark_session(
    master: str | None = None,
    *,
    quiet: bool = False,
    app_name: str = "dedup",
    conf: Mapping[str, str] | None = None,
):
    """The active SparkSession if there is one, else a new one (stopped on exit).

    ``master`` (e.g. ``local[2]``, ``yarn``) and ``conf`` (any Spark setting)
    apply to a new session only; without a master a session started by
    ``spark-submit`` uses spark-submit's and a plain ``python`` process
    ``local[*]``. With a local master the Python workers run this interpreter
    unless ``PYSPARK_PYTHON`` or ``spark.pyspark.python`` says otherwise, and
    :data:`LOCAL_DEFAULTS` apply unless ``conf`` sets them; on a cluster
    nothing is changed (the executors need dedup: see README.md).
    """
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        yield active
        return
    conf = dict(conf or {})
    if _is_local(master, conf):
        conf = {**LOCAL_DEFAULTS, **conf}
    builder = SparkSession.builder.appName(app_name).config("spark.cleaner.referenceTracking.cleanCheckpoints", "true")
    if master:
        builder = builder.master(master)
    if quiet:
        builder = builder.config("spark.ui.showConsoleProgress", "false")
    for key, value in conf.items():
        builder = builder.config(key, value)
    python = _worker_python(master, conf)
    saved = os.environ.get("PYSPARK_PYTHON")
    if python is not None:
        os.environ["PYSPARK_PYTHON"] = python  # read once, when the SparkContext starts
    try:
        spark = builder.getOrCreate()
    finally:
        if python is not None:
            if saved is None:
                os.environ.pop("PYSPARK_PYTHON", None)
            else:
                os.environ["PYSPARK_PYTHON"] = saved
    spark.sparkContext.setLogLevel("ERROR")
    try:
        yield spark
    finally:
        spark.stop()


def _format_of(path: str) -> str:
    if path.endswith(FORMATS["parquet"]):
        return "parquet"
    if path.endswith(FORMATS["jsonl"]):
        return "jsonl"
    if os.path.isdir(path):
        for _, _, files in os.walk(path):
            if any(f.endswith(".parquet") for f in files):
                return "parquet"
    return "jsonl"


def _walk_key(uri: str) -> list:
    """Sort key of a file path in the order :mod:`dedup.sources` walks a folder:
    at each level the files (by name) before the sub-folders (by name)."""
    parts = unquote(urlparse(uri).path).split("/")
    return [(1, p) for p in parts[:-1]] + [(0, parts[-1])]


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def read_files(spark, paths: Sequence[str], *, id_field: str = "id", text_field: str = "text", input_format=None):
    """Read JSON Lines or Parquet files into a DataFrame ``(id, text, position)``.

    ``paths`` are files, folders (read recursively: ``.jsonl``/``.json`` or
    ``.parquet`` files) or globs, local or on any file system Spark reaches
    (``hdfs://``, ``s3a://``, ...). The format comes from ``input_format``
    (``"jsonl"`` or ``"parquet"``), else from the suffix (a local folder with
    ``.parquet`` files is Parquet, anything else JSON Lines). ``position`` is
    the document's place in the input: paths in the given order, the files of a
    folder as :func:`dedup.sources.read_documents` walks them, then line or row
    order, so ties are broken as the local command line breaks them.

    Raises
    ------
    dedup.sources.InputError
        For standard input, an unreadable path, invalid JSON or a missing field.
    """
    return _read_files(spark, paths, id_field=id_field, text_field=text_field, input_format=input_format)[0]


def _read_files(spark, paths: Sequence[str], *, id_field: str, text_field: str, input_format) -> tuple[Any, int]:
    """:func:`read_files`, and the number of text characters read."""
    from pyspark.sql import functions as F

    frames = []
    for arg, path in enumerate(paths):
        if path == "-":
            raise InputError("-: standard input cannot be read with --engine spark (give JSON Lines or Parquet files)")
        fmt = input_format or _format_of(path)
        if fmt not in FORMATS:
            raise InputError(f"{path}: unknown input format {fmt!r} (expected jsonl or parquet)")
        reader = spark.read
        if not path.endswith(FORMATS[fmt]):  # a folder or a glob
            suffixes = ",".join(s.lstrip(".") for s in FORMATS[fmt])
            reader = reader.option("recursiveFileLookup", "true").option("pathGlobFilter", f"*.{{{suffixes}}}")
        try:
            df = reader.parquet(path) if fmt == "parquet" else reader.option("mode", "FAILFAST").json(path)
        except Exception as exc:  # AnalysisException, or a malformed record found while inferring the schema
            raise InputError(f"{path}: cannot read as {fmt}: {_first_line(exc)}") from None
        for field, option in ((id_field, "--id-field"), (text_field, "--text-field")):
            if field not in df.columns:
                raise InputError(f"{path}: no {field!r} field (set {option})")
        frames.append(
            df.select(
                F.col(id_field).alias("id"),
                F.col(text_field).alias("text"),
                F.lit(arg).alias("arg"),
                F.col("_metadata.file_path").alias("file"),
                F.col("_metadata.file_block_start").alias("block"),
                F.monotonically_increasing_id().alias("row"),
            )
        )
    union = frames[0]
    for frame in frames[1:]:
        union = union.unionByName(frame)
    # Rows of one file split are consecutive within one partition, so a
    # document's place is its split's offset plus its distance from the split's
    # first row; splits are few, so their table goes to the driver and back.
    splits = union.groupBy("arg", "file", "block").agg(
        F.min("row").alias("first"), F.count(F.lit(1)).alias("n"), F.sum(F.length("text")).alias("chars")
    )
    phase(spark, "input positions")
    offsets, rows = group_starts(
        spark, splits, ["arg", "file", "block"], ["first"], order=lambda s: (s["arg"], _walk_key(s["file"]), s["block"])
    )
    chars = sum(s["chars"] or 0 for s in rows)
    docs = union.join(offsets, ["arg", "file", "block"]).select(
        "id", "text", (F.col("start") + F.col("row") - F.col("first")).alias("position")
    )
    return docs, int(chars)


def _temporary_name(target: str) -> str:
    """A hidden name beside ``target`` (Spark and Hadoop readers skip names
    starting with a dot) for output written before it is complete."""
    head, sep, tail = target.rstrip("/").rpartition("/")
    return f"{head}{sep}.{tail}.{uuid.uuid4().hex[:12]}.tmp"


def _hadoop_fs(spark, path: str):
    """The Hadoop FileSystem of ``path`` and its Path constructor (classic Spark)."""
    jvm = spark.sparkContext._jvm
    make = jvm.org.apache.hadoop.fs.Path
    return make(path).getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), make


def _write_parquet(spark, rows, output: str, force: bool) -> None:
    """``rows`` as a Parquet folder ``output``, written under a temporary name
    beside it and renamed when complete: a failed job leaves nothing at
    ``output`` (and the former folder, with ``force``, until the new one is whole)."""
    if "://" not in output or output.startswith("file://"):
        target = unquote(urlparse(output).path) if output.startswith("file://") else output
        tmp_local = _temporary_name(target)
        try:
            rows.write.parquet(tmp_local)
            if os.path.exists(target):
                if not force:
                    raise ValueError(f"{output}: already exists (Parquet output is a new folder; --force replaces it)")
                shutil.rmtree(target) if os.path.isdir(target) else os.remove(target)
            os.rename(tmp_local, target)
        finally:
            if os.path.exists(tmp_local):
                shutil.rmtree(tmp_local, ignore_errors=True)
        return
    fs, make = _hadoop_fs(spark, output)
    tmp = _temporary_name(output)
    try:
        rows.write.parquet(tmp)
        if fs.exists(make(output)):
            if not force:
                raise ValueError(f"{output}: already exists (Parquet output is a new folder; --force replaces it)")
            fs.delete(make(output), True)
        if not fs.rename(make(tmp), make(output)):
            raise OSError(f"{output}: cannot rename {tmp} to it")
    finally:
        if fs.exists(make(tmp)):
            fs.delete(make(tmp), True)


def _write_lines(records: Iterable[dict], output: str | None, line: Callable[[dict], str]) -> None:
    """Every record as ``line(record)``, in order, through the driver: to
    standard output, or to a temporary file beside ``output`` renamed to it
    when complete."""
    if output is None:
        for record in records:
            sys.stdout.write(line(record))
        sys.stdout.flush()
        return
    with atomic_text(output) as f:
        for record in records:
            f.write(line(record))


def _json_line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def cluster_files(
    paths: Sequence[str],
    *,
    output: str | None = None,
    line: Callable[[dict], str] = _json_line,
    unique: bool = False,
    id_field: str = "id",
    text_field: str = "text",
    input_format: str | None = None,
    master: str | None = None,
    checkpoint_dir: str | None = None,
    quiet: bool = False,
    conf: Mapping[str, str] | None = None,
    force: bool = False,
    config: Config | None = None,
    **options: Any,
) -> tuple[int, int]:
    """``dedup cluster --engine spark``: cluster files, write the records.

    With an ``output`` ending in ``.parquet`` the executors write a Parquet
    folder (rows in input order; an existing one is refused unless
    ``force``). Otherwise every record, in input order, is formatted by
    ``line`` (a dict -> one line of text; JSON by default) and written through
    the driver to ``output`` or, without one, to standard output. Files and
    folders are written under a temporary name beside ``output`` and renamed
    when complete, so a failed run leaves no partial output.

    ``conf`` holds any Spark settings for a new session (see
    :func:`spark_session`). Unless it (or spark-submit) sets
    ``spark.sql.shuffle.partitions``, the shuffles get
    :func:`sized_partitions` of the input.

    Returns
    -------
    (int, int)
        Number of documents and of clusters.
    """
    import pyarrow.compute as pc
    from pyspark import SparkConf
    from pyspark.sql import functions as F

    conf = dict(conf or {})
    parquet = output is not None and output.endswith(".parquet")
    if output is not None and parquet and not force and "://" not in output and os.path.exists(output):
        raise ValueError(f"{output}: already exists (Parquet output is a new folder; --force replaces it)")
    with spark_session(master, quiet=quiet, conf=conf) as spark, worker_imports(spark):
        docs, chars = _read_files(spark, paths, id_field=id_field, text_field=text_field, input_format=input_format)
        key = "spark.sql.shuffle.partitions"
        partitions = None  # fingerprinted where the input lies, unless the user says how
        if key in conf or SparkConf().contains(key):
            partitions = int(spark.conf.get(key))
        else:
            spark.conf.set(key, str(sized_partitions(chars, cores(spark))))
        result, table = cluster_frame(
            docs,
            position_col="position",
            check_positions=False,
            config=config,
            checkpoint_dir=checkpoint_dir,
            partitions=partitions,
            **options,
        )
        phase(spark, "writing the output")
        if table is not None and not parquet:  # the driver has the rows, in order
            n, top = table.num_rows, pc.max(table.column("cluster")).as_py()
            if unique:
                table = table.filter(pc.equal(table.column("representative"), table.column("id")))
            records = (r for batch in table.drop_columns(["position"]).to_batches() for r in batch.to_pylist())
            _write_lines(records, output, line)
        else:
            n, top = result.agg(F.count(F.lit(1)), F.max("cluster")).first()
            rows = result.where(F.col("representative") == F.col("id")) if unique else result
            rows = rows.orderBy("position").drop("position")
            if parquet:
                assert output is not None
                _write_parquet(spark, rows, output, force)
            else:
                _write_lines((row.asDict() for row in rows.toLocalIterator()), output, line)
        phase(spark, None)
        return int(n), 0 if top is None else int(top) + 1
