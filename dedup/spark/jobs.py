"""What the driver of :mod:`dedup.spark` needs around its jobs: checkpoints,
job names, partition sizing, the prefix sums that number rows and clusters,
and a readable error when the executors cannot import dedup."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

__all__ = ["checkpointer", "cores", "group_starts", "input_partitions", "phase", "sized_partitions", "worker_imports"]


def checkpointer(spark, checkpoint_dir: str | None) -> Callable:
    """Reliable checkpoints when a checkpoint directory is set (or given),
    local checkpoints (executor storage) otherwise. Both cut the lineage."""
    try:
        sc = spark.sparkContext
    except Exception:  # Spark Connect: the server's spark.checkpoint.dir, if any
        if checkpoint_dir is not None:
            spark.conf.set("spark.checkpoint.dir", checkpoint_dir)
            return lambda df: df.checkpoint(eager=True)
        return lambda df: df.localCheckpoint(eager=True)
    if checkpoint_dir is not None:
        sc.setCheckpointDir(checkpoint_dir)
    if sc.getCheckpointDir():
        return lambda df: df.checkpoint(eager=True)
    return lambda df: df.localCheckpoint(eager=True)


def phase(spark, text: str | None) -> None:
    """Name the jobs that follow in Spark's UI and REST API (``dedup: ...``;
    None: no name), so where a run spends its time can be read there
    (classic Spark only)."""
    try:
        spark.sparkContext.setJobDescription(None if text is None else f"dedup: {text}")
    except Exception:  # Spark Connect: no SparkContext on the client
        pass


#: Text characters per partition when partitions are sized to the input
#: (about 20,000 news articles of 3,000 characters).
PARTITION_CHARS = 64 * 2**20


def cores(spark) -> int:
    """The session's default parallelism (its executors' cores)."""
    try:
        return int(spark.sparkContext.defaultParallelism)
    except Exception:  # Spark Connect: no SparkContext on the client
        return max(1, int(spark.conf.get("spark.default.parallelism", "2") or 2))


def sized_partitions(chars: int, cores: int) -> int:
    """Partitions for ``chars`` characters of text on ``cores`` cores: a
    multiple of the cores (so no core idles in the last wave), each about
    :data:`PARTITION_CHARS`, at least one per core."""
    return cores * max(1, -(-int(chars) // (cores * PARTITION_CHARS)))


def input_partitions(df) -> int | None:
    try:
        return int(df.rdd.getNumPartitions())
    except Exception:  # Spark Connect: no RDD
        return None


def group_starts(
    spark,
    groups,
    keys: Sequence[str],
    extra: Sequence[str] = (),
    order: Callable[[Any], Any] | None = None,
    column: str = "start",
) -> tuple[Any, list]:
    """Where each group's rows start when the groups are laid end to end: a
    prefix sum, on the driver, of the groups' sizes.

    ``groups`` has one (small) row per group: the columns ``keys``, ``n``
    (the group's rows) and ``extra``. They are collected, ordered by
    ``order`` (a sort key of a row; by default the ``keys``), and returned as
    a broadcast DataFrame of ``keys``, ``extra`` and ``column`` (the rows of
    the groups before), with the collected rows."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    rows = sorted(groups.collect(), key=order or (lambda row: tuple(row[k] for k in keys)))
    columns = [*keys, *extra]
    table, start = [], 0
    for row in rows:
        table.append((*(row[c] for c in columns), start))
        start += row["n"]
    schema = T.StructType([groups.schema[c] for c in columns] + [T.StructField(column, T.LongType())])
    return F.broadcast(spark.createDataFrame(table, schema)), rows


_MISSING_MODULE = re.compile(r"ModuleNotFoundError: No module named '([^']+)'")


@contextmanager
def worker_imports(spark) -> Iterator[None]:
    """Turn a Python worker's failure to import a module (dedup or one of its
    dependencies missing where the executors run) into one line saying what to
    install or ship, instead of pages of Java and Python traces."""
    try:
        yield
    except ImportError:
        raise  # the driver's own: its message already names the module
    except Exception as exc:
        match = _MISSING_MODULE.search(str(exc))
        if match is None:
            raise
        try:
            python = spark.sparkContext.pythonExec
        except Exception:  # Spark Connect
            python = "the server's python"
        raise ModuleNotFoundError(
            f"Spark's Python workers ({python}) cannot import {match.group(1)!r}: install dedup with its "
            "dependencies (pip install 'news-dedup[spark]') for the interpreter the executors run, or ship a packed "
            "environment (venv-pack, spark-submit --archives env.tar.gz#environment with "
            "PYSPARK_PYTHON=./environment/bin/python; README.md, section Spark)",
            name=match.group(1),
        ) from None
