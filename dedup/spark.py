"""Clustering a Spark DataFrame: the same stages, distributed.

:func:`cluster` takes a DataFrame with an id and a text column and returns one
row per document with its cluster, representative, ``duplicate_of`` and
scores: the same partition, representatives, ``duplicate_of`` and scores as
:func:`dedup.cluster` / :class:`dedup.Deduplicator` with the same options,
documents taken in the DataFrame's row order.

Install with ``pip install "news-dedup[spark]"`` (pyspark >= 3.5, classic mode: the
stages use the RDD API, which Spark Connect does not offer). Executors need
``dedup`` and its dependencies (numpy, xxhash) installed; see README.md for
``spark-submit``.

Nothing here re-implements a stage. Per partition, in the executors' Python
workers:

* :func:`dedup.pipeline.fingerprint` (stripping, shingling, MinHash) and
  :func:`dedup.lsh.band_keys` on batches of documents;
* :func:`dedup.verify.verify_pairs` on batches of candidate pairs, each
  carrying both sides' signatures, word counts and sorted distinct shingle sets.

Everything else is Spark SQL on integers and bytes (Spark's own Murmur3
hashing, never Python's ``hash()``):

1. every document gets its input position (its row number, or a column);
2. documents with equal content keys (identical normalised token streams) are
   linked to the earliest of them, the *canonical* copy, with score 1.0;
   documents without any word keep no key and stay alone;
3. canonical documents that share a band key are candidates (band keys are
   numpy ``uint64`` values stored as ``long``), verified with the index's rule;
4. clusters are the connected components of the accepted pairs and the copy
   links, found with the large-star / small-star iteration (Kiveris et al.,
   "Connected Components in MapReduce and Beyond", 2014), checkpointed every
   round so query plans do not grow. A component is labelled by its smallest
   position, i.e. its earliest document;
5. the representative is the member with the most tokens, ties to the
   earliest; ``duplicate_of`` is, among the accepted pairs with earlier
   documents (or the canonical copy), the one with the highest similarity,
   ties to the earliest; clusters are numbered from 0 in the order of their
   earliest document.

That is exactly what the in-memory index computes: it links a copy to the
first document with its content key, verifies every LSH candidate of a new
document among earlier documents with new content, and clusters with
union-find; its partition does not depend on the order of arrival, and the
order-dependent parts (ties) are reproduced from the positions.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from itertools import islice
from typing import Any, Callable, Optional
from urllib.parse import unquote, urlparse

import numpy as np

from .index import DEFAULT_THRESHOLD, Deduplicator
from .lsh import band_keys, sorted_unique
from .minhash import permutations, preload_permutations
from .pipeline import fingerprint
from .sources import InputError
from .verify import MatchRule, verify_pairs

__all__ = ["cluster", "cluster_files", "connected_components", "read_files", "spark_session"]

#: Documents fingerprinted together in a Python worker.
FINGERPRINT_BATCH = 1024
#: Candidate pairs verified together in a Python worker.
VERIFY_BATCH = 4096
#: Large-star / small-star rounds before giving up (each round at least
#: halves the work on any real graph; 2 * log2 of a billion nodes is 60).
MAX_ROUNDS = 100

_U32 = np.dtype("<u4")


@dataclass(frozen=True)
class _Config:
    """What the workers need: the index's fingerprint, LSH and rule settings."""

    ngram: int
    num_perm: int
    seed: int
    strip: bool
    exact: bool
    bands: tuple[int, int]
    rule: MatchRule
    a: np.ndarray
    b: np.ndarray
    boilerplate_model: Any = None


#: Deduplicator options about its storage or stream, with no meaning here.
_NOT_HERE = ("path", "read_only", "window", "synchronous", "timeout")


def _config(threshold: float, options: dict) -> _Config:
    """Settings exactly as :class:`dedup.Deduplicator` derives them (it validates
    the options, chooses the LSH bands and builds the match rule)."""
    for name in _NOT_HERE:
        if options.get(name) not in (None, False):
            raise ValueError(f"{name}= is an option of a persistent or streaming index, not of dedup.spark")
    index = Deduplicator(threshold=threshold, **options)
    a, b = permutations(index.num_perm, index.seed)
    model = options.get("boilerplate_model")
    # A BoilerplateModel goes to the executors frozen, as to worker processes.
    frozen = model.stripper() if model is not None and hasattr(model, "stripper") else model
    return _Config(
        ngram=index.ngram,
        num_perm=index.num_perm,
        seed=index.seed,
        strip=index.strip,
        exact=index.exact,
        bands=index.bands,
        rule=MatchRule(index.threshold, index.containment, index.min_words),
        a=a,
        b=b,
        boilerplate_model=frozen,
    )


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


# -- worker side (plain numpy over the shared stages) ------------------------


def _fingerprint_partition(rows: Iterable[tuple], cfg: _Config) -> Iterator[tuple]:
    """(pos, id, text, source) -> (pos, id, source, words, content key,
    signature, sorted distinct shingles, band keys). A null text gives
    ``words = -1`` and is reported by the driver."""
    preload_permutations(cfg.num_perm, cfg.seed, cfg.a, cfg.b)
    for batch in _batches(rows, FINGERPRINT_BATCH):
        good = [r for r in batch if isinstance(r[2], str)]
        for r in batch:
            if not isinstance(r[2], str):
                yield (r[0], r[1], r[3], -1, None, None, None, None)
        if not good:
            continue
        fp = fingerprint(
            [r[2] for r in good],
            ngram=cfg.ngram,
            num_perm=cfg.num_perm,
            seed=cfg.seed,
            strip=cfg.strip,
            keep_shingles=cfg.exact,
            boilerplate_model=cfg.boilerplate_model,
        )
        keys = band_keys(fp.signatures, *cfg.bands).view(np.int64)
        sigs = fp.signatures.astype(_U32, copy=False)
        for i, r in enumerate(good):
            key = fp.content_keys[i]
            if key is None:  # no word at all: no signature, no candidate, alone
                yield (r[0], r[1], r[3], int(fp.token_counts[i]), None, None, None, None)
                continue
            shingle_set = sorted_unique(fp.shingles(i)).astype(_U32, copy=False).tobytes() if cfg.exact else None
            yield (r[0], r[1], r[3], int(fp.token_counts[i]), key, sigs[i].tobytes(), shingle_set, keys[i].tolist())


def _verify_partition(rows: Iterable[tuple], cfg: _Config) -> Iterator[tuple]:
    """(b, a, id_a, words_b, words_a, sig_b, sig_a, set_b, set_a) with ``a < b``
    -> (b, a, id_a, similarity, jaccard, containment) for the accepted pairs.

    The later document is the left side, as in the index."""
    for batch in _batches(rows, VERIFY_BATCH):
        m = len(batch)
        later = np.fromiter((r[0] for r in batch), dtype=np.int64, count=m)
        earlier = np.fromiter((r[1] for r in batch), dtype=np.int64, count=m)
        words_l = np.fromiter((r[3] for r in batch), dtype=np.int64, count=m)
        words_r = np.fromiter((r[4] for r in batch), dtype=np.int64, count=m)
        sig_l = np.frombuffer(b"".join(r[5] for r in batch), dtype=_U32).reshape(m, cfg.num_perm)
        sig_r = np.frombuffer(b"".join(r[6] for r in batch), dtype=_U32).reshape(m, cfg.num_perm)
        sets_l = sets_r = None
        if cfg.exact:
            sets_l = lambda i: np.frombuffer(batch[i][7], dtype=_U32)  # noqa: E731
            sets_r = lambda i: np.frombuffer(batch[i][8], dtype=_U32)  # noqa: E731
        sc = verify_pairs(sig_l, sig_r, words_l, words_r, cfg.rule, sets_left=sets_l, sets_right=sets_r)
        for i in np.flatnonzero(sc.accept).tolist():
            yield (
                int(later[i]),
                int(earlier[i]),
                batch[i][2],
                float(sc.similarity[i]),
                float(sc.jaccard[i]),
                float(sc.containment[i]),
            )


# -- driver side --------------------------------------------------------------


def _checkpointer(spark, checkpoint_dir: Optional[str]) -> Callable:
    """Reliable checkpoints when a checkpoint directory is set (or given),
    local checkpoints (executor storage) otherwise. Both cut the lineage."""
    sc = spark.sparkContext
    if checkpoint_dir is not None:
        sc.setCheckpointDir(checkpoint_dir)
    if sc.getCheckpointDir():
        return lambda df: df.checkpoint(eager=True)
    return lambda df: df.localCheckpoint(eager=True)


def _is_star_forest(edges) -> bool:
    """True when every edge ``(src, dst)`` (``src > dst``) points at a node that
    has no edge to a smaller node, and every node has at most one such edge:
    each component is then a star around its smallest node."""
    from pyspark.sql import functions as F

    out = edges.select(F.col("src").alias("node"), F.lit(1).alias("out"), F.lit(0).alias("in"))
    into = edges.select(F.col("dst").alias("node"), F.lit(0).alias("out"), F.lit(1).alias("in"))
    bad = (
        out.unionByName(into)
        .groupBy("node")
        .agg(F.sum("out").alias("out"), F.max("in").alias("in"))
        .where((F.col("out") > 1) | ((F.col("out") > 0) & (F.col("in") > 0)))
    )
    return not bad.limit(1).collect()


def connected_components(edges, checkpoint: Optional[Callable] = None, max_rounds: int = MAX_ROUNDS):
    """Connected components of an undirected graph with large-star / small-star.

    Parameters
    ----------
    edges : pyspark.sql.DataFrame
        Two ``long`` columns ``a`` and ``b``: the edges (any direction, repeats
        and self-loops allowed).
    checkpoint : callable, optional
        Applied to the edge set after every round (for example
        ``lambda df: df.checkpoint()``) so the plan does not grow; by default
        ``localCheckpoint``.
    max_rounds : int
        Safety limit on the number of rounds.

    Returns
    -------
    pyspark.sql.DataFrame
        ``(node, root)`` for every node that has an edge to another node;
        ``root`` is the smallest node of its component (nodes with no such
        edge are not listed: each is a component of its own).
    """
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    if checkpoint is None:
        checkpoint = lambda df: df.localCheckpoint(eager=True)  # noqa: E731
    # Edges as (src, dst) with src > dst, each once.
    e = (
        edges.select(F.greatest("a", "b").alias("src"), F.least("a", "b").alias("dst"))
        .where(F.col("src") != F.col("dst"))
        .distinct()
    )
    rounds = 0
    while not _is_star_forest(e):
        rounds += 1
        if rounds > max_rounds:
            raise RuntimeError(f"connected components did not converge in {max_rounds} rounds")
        # Large-star: every node u links its larger neighbours to m(u), the
        # smallest node of its closed neighbourhood.
        both = e.unionByName(e.select(F.col("dst").alias("src"), F.col("src").alias("dst")))
        large = (
            both.select("src", "dst", F.min("dst").over(Window.partitionBy("src")).alias("m"))
            .where(F.col("dst") > F.col("src"))
            .select(F.col("dst").alias("src"), F.least("m", "src").alias("dst"))
            .distinct()
        )
        # Small-star: every node u links itself and its smaller neighbours to
        # the smallest of them (all edges of ``large`` point downwards).
        small = (
            large.select("src", "dst", F.min("dst").over(Window.partitionBy("src")).alias("m"))
            .select(F.explode(F.array("dst", "src")).alias("src"), F.col("m").alias("dst"))
            .where(F.col("src") != F.col("dst"))
            .distinct()
        )
        e = checkpoint(small)
    roots = e.select(F.col("dst").alias("node"), F.col("dst").alias("root")).distinct()
    return e.select(F.col("src").alias("node"), F.col("dst").alias("root")).unionByName(roots)


def _check_columns(df, id_col: str, text_col: str, source_col: Optional[str], position_col: Optional[str]) -> None:
    from pyspark.sql import types as T

    fields = {f.name: f.dataType for f in df.schema.fields}
    for role, name in (("id", id_col), ("text", text_col), ("source", source_col), ("position", position_col)):
        if name is not None and name not in fields:
            raise ValueError(f"no {role} column {name!r} in the DataFrame (columns: {', '.join(fields)})")
    if not isinstance(fields[id_col], (T.StringType, T.ByteType, T.ShortType, T.IntegerType, T.LongType)):
        raise ValueError(f"id column {id_col!r} must hold strings or integers, not {fields[id_col].simpleString()}")
    if not isinstance(fields[text_col], T.StringType):
        raise ValueError(f"text column {text_col!r} must hold strings, not {fields[text_col].simpleString()}")
    if position_col is not None and not isinstance(fields[position_col], (T.IntegerType, T.LongType)):
        raise ValueError(f"position column {position_col!r} must hold integers, not {fields[position_col].simpleString()}")


def _with_row_numbers(df, name: str):
    """``df`` with a column ``name``: each row's place in the DataFrame's order
    (0, 1, ...), like ``zipWithIndex`` but counted in the JVM: a row's number
    is its partition's offset plus its place in the partition."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    tagged = df.select("*", F.spark_partition_id().alias("_part"), F.monotonically_increasing_id().alias("_mid"))
    first, table = 0, []
    for row in sorted(tagged.groupBy("_part").count().collect()):
        table.append((row["_part"], first - (row["_part"] << 33)))  # _mid = (_part << 33) + place
        first += row["count"]
    schema = T.StructType([T.StructField("_part", T.IntegerType()), T.StructField("_offset", T.LongType())])
    offsets = F.broadcast(df.sparkSession.createDataFrame(table, schema))
    return tagged.join(offsets, "_part").select(
        *[F.col(f"`{c}`") for c in df.columns], (F.col("_offset") + F.col("_mid")).alias(name)
    )


def _positioned_rows(df, id_col, text_col, source_col, position_col, partitions: Optional[int]):
    """RDD of (pos, id, text, source) tuples in at least ``partitions`` partitions."""
    from pyspark.sql import functions as F

    source = F.col(source_col) if source_col is not None else F.lit(None)
    if position_col is None:
        df = _with_row_numbers(df, "_dedup_position")
        position_col = "_dedup_position"
    rows = df.select(F.col(position_col), F.col(id_col), F.col(text_col), source).rdd.map(tuple)
    if partitions is None:
        partitions = df.sparkSession.sparkContext.defaultParallelism
    if rows.getNumPartitions() < partitions:
        # A corpus in one big file is one partition: spread the fingerprinting.
        rows = rows.repartition(partitions)
    return rows


def _validate(fp, position_col: Optional[str], check_positions: bool) -> tuple[int, int]:
    """One pass over the fingerprints: ids present and distinct, texts
    present; returns the lowest and highest position."""
    from pyspark.sql import functions as F

    per_id = fp.groupBy("id").agg(
        F.count(F.lit(1)).alias("n"),
        F.min("words").alias("w"),
        F.min("pos").alias("lo"),
        F.max("pos").alias("hi"),
    )
    bad = (F.col("n") > 1) | (F.col("w") < 0) | F.col("id").isNull()
    stats = per_id.agg(
        F.sum(bad.cast("long")).alias("bad"), F.min("lo").alias("lo"), F.max("hi").alias("hi")
    ).first()
    if stats["bad"]:
        row = per_id.where(bad).orderBy("lo").first()  # the earliest offender, named
        if row["id"] is None:
            raise ValueError(f"document at position {row['lo']}: the id is null")
        if row["n"] > 1:
            raise ValueError(f"duplicate document id {row['id']!r}: given twice")
        raise ValueError(f"document {row['id']!r}: the text is null")
    if check_positions and position_col is not None:
        n, distinct, nulls = fp.agg(
            F.count(F.lit(1)), F.countDistinct("pos"), F.sum(F.col("pos").isNull().cast("long"))
        ).first()
        if nulls or distinct != n:
            raise ValueError(f"position column {position_col!r} must hold distinct, non-null integers")
    return (0, -1) if stats["lo"] is None else (int(stats["lo"]), int(stats["hi"]))


#: Clusters are numbered through about this many ranges of positions, each
#: counted on the driver and numbered in its own window partition.
NUMBERING_RANGES = 1024


def _number_clusters(spark, roots, lo: int, hi: int):
    """``root`` (distinct positions in ``[lo, hi]``) -> ``(root, cluster)``, the
    clusters numbered 0, 1, ... in the order of their root: the roots of each
    range of positions are counted, the counts summed on the driver into each
    range's first number, and the roots of a range numbered from there."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    width = max(1, -(-(hi - lo + 1) // NUMBERING_RANGES))
    ranged = roots.withColumn("range", F.floor((F.col("root") - F.lit(lo)) / F.lit(width)))
    first, table = 0, []
    for row in sorted(ranged.groupBy("range").count().collect()):
        table.append((row["range"], first))
        first += row["count"]
    schema = T.StructType([T.StructField("range", T.LongType()), T.StructField("first", T.LongType())])
    starts = F.broadcast(spark.createDataFrame(table, schema))
    order = Window.partitionBy("range").orderBy("root")
    return ranged.join(starts, "range").select(
        "root", (F.col("first") + F.row_number().over(order) - 1).alias("cluster")
    )


def _cluster(
    df,
    *,
    id_col: str = "id",
    text_col: str = "text",
    source_col: Optional[str] = None,
    position_col: Optional[str] = None,
    threshold: float = DEFAULT_THRESHOLD,
    checkpoint_dir: Optional[str] = None,
    partitions: Optional[int] = None,
    check_positions: bool = True,
    **options: Any,
):
    """:func:`cluster`, with the ``position`` column kept (the command line
    sorts by it; its positions are distinct by construction, so it skips
    checking them)."""
    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    cfg = _config(threshold, options)
    _check_columns(df, id_col, text_col, source_col, position_col)
    spark = df.sparkSession
    checkpoint = _checkpointer(spark, checkpoint_dir)
    id_type = df.schema[id_col].dataType
    source_type = df.schema[source_col].dataType if source_col is not None else T.StringType()

    # 1. Fingerprints, once, kept for the later stages.
    fp_schema = T.StructType(
        [
            T.StructField("pos", T.LongType()),
            T.StructField("id", id_type),
            T.StructField("source", source_type),
            T.StructField("words", T.LongType()),
            T.StructField("ckey", T.BinaryType()),
            T.StructField("sig", T.BinaryType()),
            T.StructField("sset", T.BinaryType()),
            T.StructField("bands", T.ArrayType(T.LongType())),
        ]
    )
    rows = _positioned_rows(df, id_col, text_col, source_col, position_col, partitions)
    # Kept hash-partitioned by position: the joins on a position below (the
    # two sides of the candidate pairs, the cluster labels) then move only the
    # small side, never the signatures and shingle sets again.
    fp = (
        spark.createDataFrame(rows.mapPartitions(partial(_fingerprint_partition, cfg=cfg)), fp_schema, verifySchema=False)
        .repartition("pos")
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    try:
        lo, hi = _validate(fp, position_col, check_positions)

        # 2. Exact copies: linked to the earliest document with their content key.
        keyed = fp.where(F.col("ckey").isNotNull()).select("ckey", "pos", "id")
        canon_of = keyed.groupBy("ckey").agg(F.min(F.struct("pos", "id")).alias("canon"))
        copies = (
            keyed.join(canon_of, "ckey")
            .where(F.col("pos") != F.col("canon.pos"))
            .select(
                F.col("pos").alias("b"),
                F.col("canon.pos").alias("a"),
                F.col("canon.id").alias("id_a"),
                F.lit(1.0).alias("similarity"),
                F.lit(1.0).alias("jaccard"),
                F.lit(1.0).alias("containment"),
            )
        )

        # 3. Candidates: canonical documents sharing a band key; verified.
        canon = canon_of.select(F.col("canon.pos").alias("pos"))
        entries = fp.join(canon, "pos", "left_semi").select("pos", F.explode("bands").alias("key"))
        pairs = (
            entries.select(F.col("pos").alias("a"), "key")
            .join(entries.select(F.col("pos").alias("b"), "key"), "key")
            .where(F.col("a") < F.col("b"))
            .select("b", "a")
            .distinct()
        )
        side = fp.select("pos", "id", "words", "sig", "sset")
        later = side.select(
            F.col("pos").alias("b"), F.col("words").alias("wb"), F.col("sig").alias("gb"), F.col("sset").alias("sb")
        )
        earlier = side.select(
            F.col("pos").alias("a"),
            F.col("id").alias("id_a"),
            F.col("words").alias("wa"),
            F.col("sig").alias("ga"),
            F.col("sset").alias("sa"),
        )
        joined = pairs.join(later, "b").join(earlier, "a")
        verified = joined.select("b", "a", "id_a", "wb", "wa", "gb", "ga", "sb", "sa").rdd.mapPartitions(
            partial(_verify_partition, cfg=cfg)
        )
        edge_schema = T.StructType(
            [
                T.StructField("b", T.LongType()),
                T.StructField("a", T.LongType()),
                T.StructField("id_a", id_type),
                T.StructField("similarity", T.DoubleType()),
                T.StructField("jaccard", T.DoubleType()),
                T.StructField("containment", T.DoubleType()),
            ]
        )
        accepted = spark.createDataFrame(verified, edge_schema, verifySchema=False)

        # 4. Clusters: connected components of accepted pairs and copy links.
        links = checkpoint(accepted.unionByName(copies))
        labels = connected_components(links.select("a", "b"), checkpoint)
        labelled = (
            fp.select("pos", "id", "words", "source")
            .join(labels.withColumnRenamed("node", "pos"), "pos", "left")
            .withColumn("root", F.coalesce("root", "pos"))
        )

        # 5. Representative (most words, then earliest) and number of each
        # cluster; duplicate_of (most similar earlier match, then earliest).
        by_root = Window.partitionBy("root")
        labelled = labelled.withColumn(
            "representative",
            F.max(F.struct("words", (-F.col("pos")).alias("neg"), F.col("id").alias("id"))).over(by_root)["id"],
        )
        numbers = _number_clusters(spark, labelled.where(F.col("pos") == F.col("root")).select("root"), lo, hi)
        best = links.groupBy("b").agg(
            F.max(F.struct("similarity", (-F.col("a")).alias("neg"), "id_a", "jaccard", "containment")).alias("best")
        )
        result = labelled.join(numbers, "root").join(best.withColumnRenamed("b", "pos"), "pos", "left")
        columns = [
            F.col("pos").alias("position"),
            F.col("id").alias(id_col),
            "cluster",
            "representative",
            F.col("best.id_a").alias("duplicate_of"),
            F.col("best.similarity").alias("similarity"),
            F.col("best.jaccard").alias("jaccard"),
            F.col("best.containment").alias("containment"),
        ]
        if source_col is not None:
            columns.append(F.col("source").alias(source_col))
        # Materialised, so nothing computed above is computed again when the
        # caller uses the result.
        return checkpoint(result.select(*columns))
    finally:
        fp.unpersist()


def cluster(
    df,
    *,
    id_col: str = "id",
    text_col: str = "text",
    source_col: Optional[str] = None,
    position_col: Optional[str] = None,
    threshold: float = DEFAULT_THRESHOLD,
    checkpoint_dir: Optional[str] = None,
    partitions: Optional[int] = None,
    **options: Any,
):
    """Cluster near-duplicate documents of a Spark DataFrame.

    Parameters
    ----------
    df : pyspark.sql.DataFrame
        One row per document: an id column (strings or integers, distinct)
        and a text column (strings).
    id_col, text_col : str
        Column names (default ``id`` and ``text``).
    source_col : str, optional
        A column copied to the result unchanged (e.g. the feed or site a
        document came from).
    position_col : str, optional
        Distinct integers giving the input order, which decides the ties: the
        representative among members of equal length, ``duplicate_of`` among
        equally similar earlier documents, the cluster numbers. By default the
        DataFrame's own row order (as ``zipWithIndex`` numbers it, and as
        :func:`dedup.cluster` would read the rows of ``df.collect()``).
    threshold : float, default 0.6
        As for :func:`dedup.cluster`.
    checkpoint_dir : str, optional
        Sets the SparkContext's checkpoint directory (use a fault-tolerant one,
        e.g. on HDFS or S3, on a cluster). Without one, and none set before,
        intermediate results are checkpointed locally in executor storage.
    partitions : int, optional
        Fingerprint in at least this many tasks: an input with fewer
        partitions (one large file, say) is spread first. By default the
        SparkContext's default parallelism (its total executor cores).
    **options
        Any other :class:`dedup.Deduplicator` parameter (``num_perm``,
        ``ngram``, ``seed``, ``strip``, ``exact``, ``containment``,
        ``min_words``, ``lsh_threshold``, ``bands``, ``lsh_weights``,
        ``boilerplate_model``: a fitted :class:`dedup.BoilerplateModel`, shipped
        to the executors frozen), except those of a persistent or streaming
        index (``path``, ``window``, ...).

    Returns
    -------
    pyspark.sql.DataFrame
        Columns ``id`` (named ``id_col``), ``cluster`` (0, 1, ... in the order of
        each cluster's earliest document), ``representative``, ``duplicate_of``,
        ``similarity``, ``jaccard``, ``containment`` (null without a match) and,
        with ``source_col``, that column; one row per document, the same values
        as the local index gives (see :class:`dedup.Match`). The result is
        checkpointed, so using it does not recompute the pipeline.

    Raises
    ------
    ValueError
        On an invalid option, a missing or mistyped column, a null id or text,
        or an id given twice.
    """
    result = _cluster(
        df,
        id_col=id_col,
        text_col=text_col,
        source_col=source_col,
        position_col=position_col,
        threshold=threshold,
        checkpoint_dir=checkpoint_dir,
        partitions=partitions,
        **options,
    )
    return result.drop("position")


# -- files and sessions (the command line) -------------------------------------

#: File name suffixes of the two input formats.
FORMATS = {"jsonl": (".jsonl", ".json"), "parquet": (".parquet",)}


@contextmanager
def spark_session(master: Optional[str] = None, *, quiet: bool = False, app_name: str = "dedup"):
    """The active SparkSession if there is one, else a new one (stopped on exit).

    ``master`` (e.g. ``local[2]``, ``yarn``) applies to a new session only;
    without it a session started by ``spark-submit`` uses spark-submit's
    master and a plain ``python`` process ``local[*]``.
    """
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        yield active
        return
    builder = SparkSession.builder.appName(app_name).config("spark.cleaner.referenceTracking.cleanCheckpoints", "true")
    if master:
        builder = builder.master(master)
    if quiet:
        builder = builder.config("spark.ui.showConsoleProgress", "false")
    spark = builder.getOrCreate()
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
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

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
    splits = union.groupBy("arg", "file", "block").agg(F.min("row").alias("first"), F.count(F.lit(1)).alias("n"))
    start, table = 0, []
    for s in sorted(splits.collect(), key=lambda s: (s["arg"], _walk_key(s["file"]), s["block"])):
        table.append((s["arg"], s["file"], s["block"], s["first"], start))
        start += s["n"]
    schema = T.StructType(
        [
            T.StructField("arg", T.IntegerType()),
            T.StructField("file", T.StringType()),
            T.StructField("block", T.LongType()),
            T.StructField("first", T.LongType()),
            T.StructField("start", T.LongType()),
        ]
    )
    offsets = F.broadcast(spark.createDataFrame(table, schema))
    return union.join(offsets, ["arg", "file", "block"]).select(
        "id", "text", (F.col("start") + F.col("row") - F.col("first")).alias("position")
    )


def cluster_files(
    paths: Sequence[str],
    *,
    output: Optional[str] = None,
    write: Optional[Callable[[dict], None]] = None,
    unique: bool = False,
    id_field: str = "id",
    text_field: str = "text",
    input_format: Optional[str] = None,
    master: Optional[str] = None,
    checkpoint_dir: Optional[str] = None,
    quiet: bool = False,
    threshold: float = DEFAULT_THRESHOLD,
    **options: Any,
) -> tuple[int, int]:
    """``dedup cluster --engine spark``: cluster files, write the records.

    With an ``output`` ending in ``.parquet`` the executors write a Parquet
    folder (rows in input order; the folder must not exist). Otherwise every
    record, in input order, goes to ``write`` as a dict (the command line
    writes it as a JSON line) through the driver.

    Returns
    -------
    (int, int)
        Number of documents and of clusters.
    """
    from pyspark.sql import functions as F

    parquet = output is not None and output.endswith(".parquet")
    if output is not None and parquet and "://" not in output and os.path.exists(output):
        raise ValueError(f"{output}: already exists (Parquet output is a new folder)")
    with spark_session(master, quiet=quiet) as spark:
        docs = read_files(spark, paths, id_field=id_field, text_field=text_field, input_format=input_format)
        result = _cluster(
            docs,
            position_col="position",
            check_positions=False,
            threshold=threshold,
            checkpoint_dir=checkpoint_dir,
            **options,
        )
        n, top = result.agg(F.count(F.lit(1)), F.max("cluster")).first()
        rows = result.where(F.col("representative") == F.col("id")) if unique else result
        rows = rows.orderBy("position").drop("position")
        if parquet:
            rows.write.parquet(output)
        else:
            assert write is not None
            for row in rows.toLocalIterator():
                write(row.asDict())
        return int(n), 0 if top is None else int(top) + 1
