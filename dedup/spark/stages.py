"""The driver's side of :func:`dedup.spark.cluster`: the stages as Spark
jobs over the fingerprint table (see :mod:`dedup.spark`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import partial
from typing import Any

import numpy as np

from ..components import smallest_roots
from ..config import Config, split_options
from ..decisions import duplicate_key, representative_key
from ..index import chain_guard
from ..minhash import permutations
from ..pipeline import NO_ARTICLE_PREFIX
from . import components as _components
from .components import component_roots
from .jobs import checkpointer, cores, group_starts, input_partitions, phase, sized_partitions, worker_imports
from .workers import (
    SIDE_COLUMNS,
    band_entries,
    bucket_pairs,
    fingerprint_arrow,
    pair_batch,
    strongest_pairs,
    verify_arrow,
    verify_gathered,
)

__all__ = [
    "broadcast_bytes",
    "candidate_stage",
    "chain_guard_stage",
    "cluster",
    "cluster_frame",
    "exact_copy_stage",
    "fingerprint_stage",
    "stage_config",
    "verify_stage",
]

#: Deduplicator options about its storage or stream, with no meaning here.
_NOT_HERE = ("path", "create", "read_only", "window", "synchronous", "timeout")


def stage_config(config: Config | None, options: Mapping[str, Any]) -> Config:
    """The configuration: ``config`` with the keyword ``options`` (as
    :class:`dedup.Deduplicator` takes them), frozen for the executors
    (:meth:`dedup.Config.frozen`)."""
    mine, others = split_options(options)
    for name, value in others.items():
        if name not in _NOT_HERE:
            raise TypeError(f"dedup.spark got an unexpected keyword argument {name!r}")
        if value not in (None, False):
            raise ValueError(f"{name}= is an option of a persistent or streaming index, not of dedup.spark")
    return Config.make(config, **mine).frozen()


def _check_columns(df, id_col: str, text_col: str, source_col: str | None, position_col: str | None) -> None:
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
        raise ValueError(
            f"position column {position_col!r} must hold integers, not {fields[position_col].simpleString()}"
        )


def _with_row_numbers(df, name: str):
    """``df`` with a column ``name``: each row's place in the DataFrame's order
    (0, 1, ...), like ``zipWithIndex`` but counted in the JVM: a row's number
    is its partition's start (:func:`dedup.spark.jobs.group_starts`) plus its
    place in the partition."""
    from pyspark.sql import functions as F

    tagged = df.select("*", F.spark_partition_id().alias("_part"), F.monotonically_increasing_id().alias("_mid"))
    counts = tagged.groupBy("_part").agg(F.count(F.lit(1)).alias("n"))
    starts, _ = group_starts(df.sparkSession, counts, ["_part"], column="_start")  # beside the caller's columns
    place = F.col("_mid") - F.shiftleft(F.col("_part").cast("long"), 33)  # _mid = (_part << 33) + place
    return tagged.join(starts, "_part").select(
        *[F.col(f"`{c}`") for c in df.columns], (F.col("_start") + place).alias(name)
    )


def _positioned(df, id_col, text_col, source_col, position_col):
    """``(pos, id, text, source)``: with the DataFrame's row numbers as
    positions unless ``position_col`` gives them."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    source = F.col(source_col) if source_col is not None else F.lit(None).cast(T.StringType())
    if position_col is None:
        phase(df.sparkSession, "input positions")
        df = _with_row_numbers(df, "_dedup_position")
        position_col = "_dedup_position"
    return df.select(
        F.col(position_col).cast(T.LongType()).alias("pos"),
        F.col(id_col).alias("id"),
        F.col(text_col).alias("text"),
        source.alias("source"),
    )


def fingerprint_stage(docs, cfg: Config, partitions: int):
    """``(pos, id, text, source)`` -> the fingerprint table (:data:`dedup.spark.workers.FP_COLUMNS`),
    persisted where it was computed (an input with fewer than ``partitions``
    partitions, one big file say, is spread first; any more are kept, as moving
    the texts costs more than it balances): the signatures and shingle sets of most
    documents are never needed elsewhere, only those of the documents in a
    candidate pair (:func:`verify_stage`)."""
    from pyspark import StorageLevel
    from pyspark.sql import types as T

    given = input_partitions(docs)
    if given is None or given < partitions:
        docs = docs.repartition(partitions, "pos")
    schema = T.StructType(
        [
            T.StructField("pos", T.LongType()),
            T.StructField("id", docs.schema["id"].dataType),
            T.StructField("source", docs.schema["source"].dataType),
            T.StructField("words", T.LongType()),
            T.StructField("chars", T.LongType()),
            T.StructField("ckey", T.BinaryType()),
            T.StructField("sig", T.BinaryType()),
            T.StructField("sset", T.BinaryType()),
            T.StructField("bands", T.ArrayType(T.LongType())),
        ]
    )
    return docs.mapInArrow(
        partial(fingerprint_arrow, cfg=cfg, perms=permutations(cfg.num_perm, cfg.seed)), schema
    ).persist(StorageLevel.MEMORY_AND_DISK)


def exact_copy_stage(fp, documents: int | None = None):
    """The canonical documents (the earliest with each content key: their
    fingerprints) and the copy links ``(b, a, id_a, 1.0, 1.0, 1.0)`` of the
    others to them. The canonical positions filter the fingerprints where
    they lie when 8 bytes for each of the ``documents`` fit
    ``spark.sql.autoBroadcastJoinThreshold`` (else a join that shuffles them)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    keyed = fp.where(F.col("ckey").isNotNull()).select(
        "pos", F.min(F.struct("pos", "id")).over(Window.partitionBy("ckey")).alias("canon")
    )
    copies = keyed.where(F.col("pos") != F.col("canon.pos")).select(
        F.col("pos").alias("b"),
        F.col("canon.pos").alias("a"),
        F.col("canon.id").alias("id_a"),
        F.lit(1.0).alias("similarity"),
        F.lit(1.0).alias("jaccard"),
        F.lit(1.0).alias("containment"),
    )
    canonical = keyed.where(F.col("pos") == F.col("canon.pos")).select("pos")
    if documents is not None and 8 * documents <= broadcast_bytes(fp.sparkSession):
        canonical = F.broadcast(canonical)
    return fp.join(canonical, "pos", "left_semi"), copies


#: Band-key entries (16 bytes each) a Python worker groups at once when
#: selecting candidates: the entries are spread over enough buckets that one
#: holds about this many.
BUCKET_ENTRIES = 1 << 21


def candidate_stage(canon, partitions: int, entries: int = 0):
    """The pairs :mod:`dedup.candidates` selects among the fingerprints
    ``canon`` (``pos`` and ``bands`` of the canonical documents): ``(b, a,
    hits)``, later document ``b``, earlier ``a``.

    Linear in the number of band-key entries: each task packs its entries by
    bucket (:func:`dedup.spark.workers.band_entries`; a multiple of
    ``partitions`` buckets, enough that one holds about
    :data:`BUCKET_ENTRIES` of the ``entries`` expected), the packed rows go to
    their bucket's partition, sorted by bucket, and
    :func:`dedup.candidates.group_pairs` takes a whole bucket at a time, so each
    band key's documents are together; its pairs are partitioned by the later
    document and :func:`dedup.candidates.strongest` keeps each document's best.
    No pair outside the rule is ever formed."""
    buckets = partitions * max(1, -(-int(entries) // (partitions * BUCKET_ENTRIES)))
    packed = canon.select("pos", "bands").mapInArrow(
        partial(band_entries, buckets=buckets), "bucket int, entries binary"
    )
    pairs = _by_id(packed, partitions, "bucket").sortWithinPartitions("bucket")
    pairs = pairs.mapInArrow(bucket_pairs, "b long, a long")
    return (
        pairs.repartition(partitions, "b")
        .sortWithinPartitions("b")
        .mapInArrow(strongest_pairs, "b long, a long, hits long")
    )


_BYTE_UNITS = {
    "": 0,
    "b": 0,
    "k": 10,
    "kb": 10,
    "m": 20,
    "mb": 20,
    "g": 30,
    "gb": 30,
    "t": 40,
    "tb": 40,
    "p": 50,
    "pb": 50,
}


def broadcast_bytes(spark) -> int:
    """``spark.sql.autoBroadcastJoinThreshold`` in bytes (Spark's size
    syntax, ``10485760b``, ``20m``, ...; negative: broadcasting is off)."""
    text = str(spark.conf.get("spark.sql.autoBroadcastJoinThreshold", "10m")).strip().lower()
    match = re.fullmatch(r"(-?\d+)\s*([a-z]*)", text)
    if match is None or match.group(2) not in _BYTE_UNITS:
        raise ValueError(f"spark.sql.autoBroadcastJoinThreshold: not a size: {text!r}")
    return int(match.group(1)) << _BYTE_UNITS[match.group(2)]


def _by_id(frame, partitions: int, column: str):
    """``frame`` with each row in partition ``column`` mod ``partitions``
    (an integer column) where Spark can place rows by id (pyspark >= 4.1); by
    hash of ``column`` before."""
    from pyspark.sql import functions as F

    if hasattr(frame, "repartitionById"):
        return frame.repartitionById(partitions, F.col(column))
    return frame.repartition(partitions, column)


def verify_stage(fp, pairs, cfg: Config, partitions: int, edge_schema, count: int | None = None):
    """The pairs ``pairs`` (``b``, ``a``, materialised: they are counted
    unless ``count`` says how many) that the index's rule accepts:
    ``edge_schema`` rows ``(b, a, id_a, similarity, jaccard, containment)``.

    Each pair is verified in the partition of its later document; only the
    documents in a pair send their fingerprint anywhere, once to each
    partition that needs it (:func:`dedup.spark.workers.verify_gathered`),
    not once a pair. Their positions and partitions pick them out of the
    fingerprint table where it lies (broadcast, when 32 bytes a pair fit
    ``spark.sql.autoBroadcastJoinThreshold``; otherwise a join that shuffles
    the table)."""
    from pyspark.sql import functions as F

    homed = pairs.select("b", "a", F.pmod(F.col("b"), F.lit(partitions)).cast("int").alias("home"))
    routes = (
        homed.select(F.col("b").alias("pos"), "home")
        .unionByName(homed.select(F.col("a").alias("pos"), "home"))
        .distinct()
    )
    if 32 * (pairs.count() if count is None else count) <= broadcast_bytes(fp.sparkSession):
        routes = F.broadcast(routes)
    sides = fp.select(*SIDE_COLUMNS).join(routes, "pos")
    gathered = sides.unionByName(homed, allowMissingColumns=True)
    return _by_id(gathered, partitions, "home").mapInArrow(partial(verify_gathered, cfg=cfg), edge_schema)


#: Containment-only links the driver takes to apply the chaining guard
#: itself (16 bytes each in Spark, about 150 in Python); with more, the
#: guard runs as Spark joins.
DRIVER_LINKS = 250_000

#: Pairs the chaining guard asks about that the driver verifies itself,
#: fetching the fingerprints of their documents (one job, at most twice as
#: many documents: a few MB); with more, they are verified by Spark, as
#: candidates are.
DRIVER_PAIRS = 2048


def _verified_on_driver(fp, pairs: list[tuple[int, int]], cfg: Config) -> set[tuple[int, int]]:
    """The pairs ``(b, a)`` (``a < b``) the index's rule accepts, judged in
    this process by :func:`dedup.spark.workers.verify_arrow`, on the
    fingerprints of their documents fetched in one job."""
    import pyarrow as pa
    from pyspark.sql import functions as F

    positions = sorted({p for pair in pairs for p in pair})
    wanted = fp.where(F.col("pos").isin(positions)).select(*SIDE_COLUMNS)
    sides = pa.Table.from_pylist([row.asDict() for row in wanted.collect()])
    later, earlier = (np.array(side, dtype=np.int64) for side in zip(*pairs))
    return {
        (b, a)
        for out in verify_arrow([pair_batch(sides, later, earlier)], cfg)
        for b, a in zip(out.column("b").to_pylist(), out.column("a").to_pylist())
    }


def chain_guard_stage(fp, accepted, cfg: Config, partitions: int, edge_schema, checkpoint):
    """The accepted pairs (``b``, ``a``, ..., materialised) the chaining guard
    keeps (:mod:`dedup.index`, "The chaining guard"), over the whole graph: a
    containment-only pair (Jaccard below the threshold) is kept when, at each
    end ``x`` with other end ``y``, ``y`` is ``x``'s first containment partner
    ``f(x)`` (the smallest position among its containment-only pairs) or
    matches it; the pairs ``(y, f(x))`` are verified in one round, as
    candidates are (:func:`verify_stage`).

    Containment-only links are few (a teaser, a truncated copy): up to
    :data:`DRIVER_LINKS` of them are collected and :func:`dedup.index.chain_guard`,
    the streaming index's own function, decides on the driver (one job, and
    one verification round when a document has two partners); more are
    judged by Spark joins that compute the same."""
    from pyspark.sql import functions as F

    alone = accepted.where(F.col("jaccard") < F.lit(cfg.threshold)).select("b", "a")
    rows = alone.limit(DRIVER_LINKS + 1).collect()
    if not rows:
        return accepted
    if len(rows) > DRIVER_LINKS:
        return _chain_guard_joins(fp, accepted, alone, cfg, partitions, edge_schema, checkpoint)
    spark = accepted.sparkSession

    def match(left: np.ndarray, right: np.ndarray) -> np.ndarray:
        asked = [(max(x, y), min(x, y)) for x, y in zip(left.tolist(), right.tolist())]
        distinct = sorted(set(asked))
        if len(distinct) <= DRIVER_PAIRS:
            ok = _verified_on_driver(fp, distinct, cfg)
        else:
            pairs = spark.createDataFrame(distinct, "b long, a long")
            verified = verify_stage(fp, pairs, cfg, partitions, edge_schema, len(distinct))
            ok = {(r["b"], r["a"]) for r in verified.select("b", "a").collect()}
        return np.array([pair in ok for pair in asked], dtype=np.bool_)

    dropped, _ = chain_guard([(r["b"], r["a"]) for r in rows], {}, match)
    if not dropped:
        return accepted
    refused = spark.createDataFrame(sorted(dropped), "b long, a long")
    return accepted.join(F.broadcast(refused), ["b", "a"], "left_anti")


def _chain_guard_joins(fp, accepted, alone, cfg: Config, partitions: int, edge_schema, checkpoint):
    """:func:`chain_guard_stage` as Spark joins, for more links than the driver takes."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    ends = alone.select(F.col("b").alias("x"), F.col("a").alias("y")).unionByName(
        alone.select(F.col("a").alias("x"), F.col("b").alias("y"))
    )
    # Only the ends whose other end is not the first partner are in question.
    ends = ends.withColumn("fx", F.min("y").over(Window.partitionBy("x"))).where(F.col("y") != F.col("fx"))
    ends = checkpoint(ends.select("x", "y", F.greatest("y", "fx").alias("b"), F.least("y", "fx").alias("a")))
    if ends.isEmpty():
        return accepted
    asked = ends.select("b", "a").distinct()
    matched = verify_stage(fp, asked, cfg, partitions, edge_schema)
    refused = (
        ends.join(matched.select("b", "a"), ["b", "a"], "left_anti")
        .select(F.greatest("x", "y").alias("b"), F.least("x", "y").alias("a"))
        .distinct()
    )
    return accepted.join(refused, ["b", "a"], "left_anti")


def _validate(fp, position_col: str | None, check_positions: bool) -> tuple[int, int, int, int]:
    """One pass over the fingerprints: ids present and distinct, texts
    present; returns the lowest and highest position, the number of text
    characters and of documents."""
    from pyspark.sql import functions as F

    per_id = fp.groupBy("id").agg(
        F.count(F.lit(1)).alias("n"),
        F.min("words").alias("w"),
        F.min("pos").alias("lo"),
        F.max("pos").alias("hi"),
        F.sum("chars").alias("chars"),
    )
    bad = (F.col("n") > 1) | (F.col("w") < 0) | F.col("id").isNull()
    stats = per_id.agg(
        F.sum(bad.cast("long")).alias("bad"),
        F.min("lo").alias("lo"),
        F.max("hi").alias("hi"),
        F.sum("chars").alias("chars"),
        F.sum("n").alias("docs"),
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
    if stats["lo"] is None:
        return 0, -1, 0, 0
    return int(stats["lo"]), int(stats["hi"]), int(stats["chars"]), int(stats["docs"])


#: Clusters are numbered through about this many ranges of positions, each
#: counted on the driver and numbered in its own window partition.
NUMBERING_RANGES = 1024


def _number_clusters(spark, roots, lo: int, hi: int):
    """``root`` (distinct positions in ``[lo, hi]``) -> ``(root, cluster)``, the
    clusters numbered 0, 1, ... in the order of their root: the roots of each
    range of positions are counted, each range's first number is the prefix
    sum of those counts (:func:`dedup.spark.jobs.group_starts`), and the roots
    of a range are numbered from there."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    width = max(1, -(-(hi - lo + 1) // NUMBERING_RANGES))
    ranged = roots.withColumn("range", F.floor((F.col("root") - F.lit(lo)) / F.lit(width)))
    starts, _ = group_starts(spark, ranged.groupBy("range").agg(F.count(F.lit(1)).alias("n")), ["range"])
    order = Window.partitionBy("range").orderBy("root")
    return ranged.join(starts, "range").select(
        "root", (F.col("start") + F.row_number().over(order) - 1).alias("cluster")
    )


#: Documents up to which the driver finishes the job itself when their links
#: are at most :data:`dedup.spark.components.DRIVER_EDGES`: the documents'
#: positions, ids, word counts and sources and the links are collected as
#: Arrow (a few MB for 100,000 documents) and the clusters, representatives,
#: ``duplicate_of`` and numbers computed with numpy, by the same decisions,
#: instead of about ten Spark jobs; with more, Spark computes them.
DRIVER_DOCS = 250_000


def _finish_on_driver(docs, links, id_col: str, source_col: str | None):
    """The result of :func:`cluster_frame` from the collected documents
    ``docs`` (Arrow: ``pos``, ``id``, ``words``, ``source``, ``article``) and
    links (Arrow: ``b``, ``a``, ``id_a``, ``similarity``, ``jaccard``,
    ``containment``), as an Arrow table in position order."""
    import pyarrow as pa
    import pyarrow.compute as pc

    pos, words = docs.column("pos").to_numpy(), docs.column("words").to_numpy()
    a, b = links.column("a").to_numpy(), links.column("b").to_numpy()
    other = a != b
    nodes, roots = smallest_roots(a[other], b[other])
    order = np.argsort(pos, kind="stable")
    root = pos.copy()
    root[order[np.searchsorted(pos[order], nodes)]] = roots
    # Representative: each cluster's member with the smallest representative_key.
    by_key = np.lexsort(tuple(reversed((root, *representative_key(words, pos)))))
    first = np.ones(len(by_key), dtype=np.bool_)
    first[1:] = root[by_key][1:] != root[by_key][:-1]
    chosen = by_key[first]  # a row for each root, roots ascending
    distinct = root[chosen]
    cluster = np.searchsorted(distinct, root)  # numbered in the order of their earliest document
    representative = docs.column("id").take(pa.array(chosen[cluster]))
    # duplicate_of: each later document's link with the smallest duplicate_key.
    by_dup = np.lexsort(tuple(reversed((b, *duplicate_key(links.column("similarity").to_numpy(), a)))))
    best = by_dup[np.r_[True, b[by_dup][1:] != b[by_dup][:-1]]] if len(by_dup) else by_dup
    at = np.full(len(pos), -1, dtype=np.int64)
    at[order[np.searchsorted(pos[order], b[best])]] = best
    take = pa.array(at, mask=at < 0)

    def matched(name: str):
        return pc.take(links.column(name), take)

    columns = {
        "position": docs.column("pos"),
        id_col: docs.column("id"),
        "cluster": pa.array(cluster, pa.int64()),
        "representative": representative,
        "duplicate_of": matched("id_a"),
        "similarity": matched("similarity"),
        "jaccard": matched("jaccard"),
        "containment": matched("containment"),
        "article": docs.column("article"),
    }
    if source_col is not None:
        columns[source_col] = docs.column("source")
    return pa.table(columns).take(pa.array(order))


def _collected(frame, limit: int):
    """``frame`` as an Arrow table (one job), or None when it has more than
    ``limit`` rows or pyspark has no ``toArrow`` (before 4.0)."""
    if not hasattr(frame, "toArrow"):
        return None
    table = frame.limit(limit + 1).toArrow()
    return None if table.num_rows > limit else table


def cluster_frame(
    df,
    *,
    id_col: str = "id",
    text_col: str = "text",
    source_col: str | None = None,
    position_col: str | None = None,
    config: Config | None = None,
    checkpoint_dir: str | None = None,
    partitions: int | None = None,
    check_positions: bool = True,
    **options: Any,
):
    """:func:`cluster`, with the ``position`` column kept (the command line
    sorts by it; its positions are distinct by construction, so it skips
    checking them), and, when the driver finished the job
    (:data:`DRIVER_DOCS`), the same rows as the Arrow table they were made
    from, in position order (else None)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    cfg = stage_config(config, options)
    _check_columns(df, id_col, text_col, source_col, position_col)
    if partitions is not None and (not isinstance(partitions, int) or partitions < 1):
        raise ValueError(f"partitions must be a positive integer, got {partitions!r}")
    spark = df.sparkSession
    checkpoint = checkpointer(spark, checkpoint_dir)
    id_type = df.schema[id_col].dataType

    # 1. Fingerprints, once, kept for the later stages; the shuffles after
    # them are sized to the text they counted.
    docs = _positioned(df, id_col, text_col, source_col, position_col)
    fp = fingerprint_stage(docs, cfg, partitions or cores(spark))
    try:
        phase(spark, "fingerprints (stripping, shingles, MinHash, band keys) and input checks")
        lo, hi, chars, count = _validate(fp, position_col, check_positions)
        n = partitions or sized_partitions(chars, cores(spark))

        # 2. Exact copies: linked to the earliest document with their content key.
        canon, copies = exact_copy_stage(fp, count)

        # 3. Candidates of the canonical documents (dedup.candidates), verified.
        phase(spark, "exact copies, candidates (dedup.candidates) and their verification")
        cands = checkpoint(candidate_stage(canon, n, count * cfg.bands[0]))
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
        accepted = verify_stage(fp, cands, cfg, n, edge_schema)
        if cfg.containment is not None:
            accepted = checkpoint(accepted)  # verified here, in this phase
            phase(spark, "the chaining guard (first containment partners, one verification round)")
            accepted = chain_guard_stage(fp, accepted, cfg, n, edge_schema, checkpoint)

        # 4. Clusters: connected components of accepted pairs and copy links.
        links = checkpoint(accepted.unionByName(copies))
        no_article = F.substring("ckey", 1, len(NO_ARTICLE_PREFIX)) == F.lit(NO_ARTICLE_PREFIX)
        docs = fp.select("pos", "id", "words", "source", F.coalesce(~no_article, F.lit(True)).alias("article"))
        if count <= DRIVER_DOCS:
            phase(spark, "clusters, representatives and duplicate_of, on the driver")
            edges = _collected(links, _components.DRIVER_EDGES)
            if edges is not None:
                table = _finish_on_driver(docs.toArrow(), edges, id_col, source_col)
                return spark.createDataFrame(table), table
        labels = component_roots(links.select("a", "b"), checkpoint)
        labelled = docs.join(labels.withColumnRenamed("node", "pos"), "pos", "left").withColumn(
            "root", F.coalesce("root", "pos")
        )

        # 5. Representative and number of each cluster; duplicate_of (the
        # decisions of dedup.decisions, as Spark columns).
        phase(spark, "representatives, duplicate_of and cluster numbers")
        by_root = Window.partitionBy("root")
        rep_key = representative_key(F.col("words"), F.col("pos"))
        labelled = labelled.withColumn(
            "representative", F.min(F.struct(*rep_key, F.col("id").alias("id"))).over(by_root)["id"]
        )
        numbers = _number_clusters(spark, labelled.where(F.col("pos") == F.col("root")).select("root"), lo, hi)
        dup_key = duplicate_key(F.col("similarity"), F.col("a"))
        best = links.groupBy("b").agg(
            F.min(F.struct(*dup_key, "id_a", "similarity", "jaccard", "containment")).alias("best")
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
            "article",
        ]
        if source_col is not None:
            columns.append(F.col("source").alias(source_col))
        # Materialised, so nothing computed above is computed again when the
        # caller uses the result.
        return checkpoint(result.select(*columns)), None
    finally:
        fp.unpersist()


def cluster(
    df,
    *,
    id_col: str = "id",
    text_col: str = "text",
    source_col: str | None = None,
    position_col: str | None = None,
    config: Config | None = None,
    checkpoint_dir: str | None = None,
    partitions: int | None = None,
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
    config : dedup.Config, optional
        The configuration (default: the defaults), as for :func:`dedup.cluster`.
    checkpoint_dir : str, optional
        Sets the SparkContext's checkpoint directory (use a fault-tolerant one,
        e.g. on HDFS or S3, on a cluster). Without one, and none set before,
        intermediate results are checkpointed locally in executor storage.
    partitions : int, optional
        Fingerprint in at least this many tasks (an input with fewer
        partitions, one large file say, is spread first) and shuffle into
        this many. By default at least the SparkContext's default parallelism
        (its total executor cores), and shuffles sized to the text
        (:func:`dedup.spark.sized_partitions`).
    **options
        Any :class:`dedup.Config` parameter (``threshold``, ``num_perm``,
        ``ngram``, ``seed``, ``strip``, ``exact``, ``containment``,
        ``min_words``, ``lsh_threshold``, ``bands``, ``lsh_weights``,
        ``boilerplate_model``: a fitted :class:`dedup.BoilerplateModel`, shipped
        to the executors frozen), changing those of ``config``; those of a
        persistent or streaming index (``path``, ``window``, ...) are refused.

    Returns
    -------
    pyspark.sql.DataFrame
        Columns ``id`` (named ``id_col``), ``cluster`` (0, 1, ... in the order of
        each cluster's earliest document), ``representative``, ``duplicate_of``,
        ``similarity``, ``jaccard``, ``containment`` (null without a match),
        ``article`` and, with ``source_col``, that column; one row per document, the same values
        as the local index gives (see :class:`dedup.Match`). The result is
        checkpointed, so using it does not recompute the pipeline.

    Raises
    ------
    ValueError
        On an invalid option, a missing or mistyped column, a null id or text,
        or an id given twice.
    """
    with worker_imports(df.sparkSession):
        result, _ = cluster_frame(
            df,
            id_col=id_col,
            text_col=text_col,
            source_col=source_col,
            position_col=position_col,
            config=config,
            checkpoint_dir=checkpoint_dir,
            partitions=partitions,
            **options,
        )
    phase(df.sparkSession, None)
    return result.drop("position")
