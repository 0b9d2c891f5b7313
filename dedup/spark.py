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

import json
import os
import re
import shutil
import sys
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any, Callable, Optional
from urllib.parse import unquote, urlparse

import numpy as np

from .candidates import group_pairs, strongest
from .config import DEFAULT_THRESHOLD
from .index import Deduplicator
from .lsh import band_keys, sorted_unique
from .minhash import permutations, preload_permutations
from .output import atomic_text
from .pipeline import Fingerprints, fingerprint
from .sources import InputError
from .verify import MatchRule, verify_pairs

__all__ = ["cluster", "cluster_files", "connected_components", "read_files", "spark_session"]

#: Documents fingerprinted together in a Python worker.
FINGERPRINT_BATCH = 1024
#: Candidate pairs verified together in a Python worker.
VERIFY_BATCH = 4096
#: Rows of candidate pairs per Arrow batch a Python worker sends back.
PAIR_BATCH = 65536
#: Large-star / small-star rounds before giving up (each round at least
#: halves the work on any real graph; 2 * log2 of a billion nodes is 60).
MAX_ROUNDS = 100

_U32 = np.dtype("<u4")

#: Columns of the fingerprint table, as the fingerprinting stage writes them.
_FP_COLUMNS = ("pos", "id", "source", "words", "ckey", "sig", "sset", "bands")


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


# -- worker side (plain numpy over the shared stages, Arrow in and out) -------


def _binary_column(data: np.ndarray, lengths: np.ndarray, valid: np.ndarray):
    """An Arrow ``binary`` array from concatenated bytes and each value's
    length (0 for nulls, where ``valid`` is False), without a Python loop."""
    import pyarrow as pa

    offsets = np.zeros(len(lengths) + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    validity = None if valid.all() else pa.py_buffer(np.packbits(valid, bitorder="little"))
    return pa.Array.from_buffers(
        pa.binary(), len(lengths), [validity, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(data))]
    )


def _binary_parts(arr) -> tuple[np.ndarray, np.ndarray]:
    """The bytes and ``int64`` offsets of an Arrow binary array (no copy of the bytes)."""
    import pyarrow as pa

    _, offsets, data = arr.buffers()
    wide = pa.types.is_large_binary(arr.type)
    off = np.frombuffer(offsets, dtype=np.int64 if wide else np.int32)[arr.offset : arr.offset + len(arr) + 1]
    return (np.empty(0, np.uint8) if data is None else np.frombuffer(data, dtype=np.uint8)), off.astype(np.int64)


def _distinct_shingles(fp: Fingerprints, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct shingle hashes of documents ``rows`` of ``fp``,
    concatenated, and how many each has."""
    starts, stops = fp.shingle_offsets[rows], fp.shingle_offsets[rows + 1]
    sizes = stops - starts
    total = int(sizes.sum())
    doc = np.repeat(np.arange(len(rows), dtype=np.int64), sizes)
    flat = np.repeat(starts - (np.cumsum(sizes) - sizes), sizes) + np.arange(total, dtype=np.int64)
    values = fp.shingle_hashes[flat]
    order = np.lexsort((values, doc))
    values, doc = values[order], doc[order]
    keep = np.ones(total, dtype=np.bool_)
    keep[1:] = (values[1:] != values[:-1]) | (doc[1:] != doc[:-1])
    return values[keep].astype(_U32, copy=False), np.bincount(doc[keep], minlength=len(rows))


def _fingerprint_batch(batch, cfg: _Config):
    """One Arrow batch ``(pos, id, text, source)`` -> ``(pos, id, source,
    words, ckey, sig, sset, bands)``. A null text gives ``words = -1`` (the
    driver reports it); a text without any word keeps null keys and stays alone."""
    import pyarrow as pa

    n = batch.num_rows
    texts = batch.column(2).to_pylist()
    good = np.flatnonzero(np.fromiter((isinstance(t, str) for t in texts), dtype=np.bool_, count=n))
    words = np.full(n, -1, dtype=np.int64)
    keyed = np.zeros(n, dtype=np.bool_)
    ckeys, sigs, sets = b"", np.empty((0, cfg.num_perm), _U32), np.empty(0, _U32)
    set_sizes = np.zeros(0, dtype=np.int64)
    bands = np.empty((0, cfg.bands[0]), dtype=np.uint64)
    if len(good):
        fp = fingerprint(
            [texts[i] for i in good.tolist()],
            ngram=cfg.ngram,
            num_perm=cfg.num_perm,
            seed=cfg.seed,
            strip=cfg.strip,
            keep_shingles=cfg.exact,
            boilerplate_model=cfg.boilerplate_model,
        )
        words[good] = fp.token_counts
        rows = np.flatnonzero(np.fromiter((k is not None for k in fp.content_keys), dtype=np.bool_, count=len(fp)))
        keyed[good[rows]] = True
        ckeys = b"".join(fp.content_keys[i] for i in rows.tolist())
        sigs = fp.signatures[rows].astype(_U32, copy=False)
        bands = band_keys(sigs, *cfg.bands)
        if cfg.exact:
            sets, set_sizes = _distinct_shingles(fp, rows)
    key_len = len(ckeys) // max(1, int(keyed.sum()))
    zeros = np.zeros(n, dtype=np.int64)

    def sized(width) -> np.ndarray:
        out = zeros.copy()
        out[keyed] = width
        return out

    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(sized(cfg.bands[0]), out=offsets[1:])
    columns = [
        batch.column(0),
        batch.column(1),
        batch.column(3),
        pa.array(words),
        _binary_column(np.frombuffer(ckeys, dtype=np.uint8), sized(key_len), keyed),
        _binary_column(sigs.view(np.uint8).ravel(), sized(4 * cfg.num_perm), keyed),
        _binary_column(sets.view(np.uint8), sized(4 * set_sizes), keyed)
        if cfg.exact
        else pa.nulls(n, pa.binary()),
        pa.ListArray.from_arrays(pa.array(offsets), pa.array(bands.view(np.int64).ravel()), mask=pa.array(~keyed)),
    ]
    return pa.RecordBatch.from_arrays(columns, names=list(_FP_COLUMNS))


def _fingerprint_arrow(batches: Iterable, cfg: _Config) -> Iterator:
    """``mapInArrow`` function: :func:`_fingerprint_batch` on slices of
    :data:`FINGERPRINT_BATCH` documents."""
    preload_permutations(cfg.num_perm, cfg.seed, cfg.a, cfg.b)
    for batch in batches:
        for start in range(0, batch.num_rows, FINGERPRINT_BATCH):
            yield _fingerprint_batch(batch.slice(start, FINGERPRINT_BATCH), cfg)


def _whole_groups(batches: Iterable, by: str, names: Sequence[str]) -> Iterator[dict[str, np.ndarray]]:
    """The columns ``names`` of Arrow batches sorted by ``by``, regrouped so
    that each chunk yielded holds whole groups of equal ``by`` (a group is
    held in memory until its last row has arrived, never more than one
    batch and that group)."""
    pending: list[dict[str, np.ndarray]] = []
    for batch in batches:
        if batch.num_rows == 0:
            continue
        cols = {name: batch.column(name).to_numpy() for name in names}
        key = cols[by]
        cut = int(np.searchsorted(key, key[-1], side="left"))  # where the last group starts
        if cut == 0 and (not pending or pending[-1][by][-1] == key[0]):
            pending.append(cols)  # all one group, continuing the pending one
            continue
        if cut > 0 or pending:
            done = pending + [{name: v[:cut] for name, v in cols.items()}]
            yield {name: np.concatenate([c[name] for c in done]) for name in names}
        pending = [{name: v[cut:] for name, v in cols.items()}]
    if pending:
        yield {name: np.concatenate([c[name] for c in pending]) for name in names}


def _pair_batches(columns: dict[str, np.ndarray]) -> Iterator:
    import pyarrow as pa

    n = len(next(iter(columns.values())))
    for start in range(0, n, PAIR_BATCH):
        yield pa.RecordBatch.from_arrays(
            [pa.array(v[start : start + PAIR_BATCH]) for v in columns.values()], names=list(columns)
        )


def _bucket_pairs(batches: Iterable) -> Iterator:
    """``mapInArrow`` over band-key entries ``(key, pos)`` sorted by key:
    :func:`dedup.candidates.group_pairs` on whole buckets -> ``(b, a)``, one
    row per key through which ``b`` (later) selects ``a`` (earlier)."""
    for chunk in _whole_groups(batches, "key", ("key", "pos")):
        later, earlier = group_pairs(chunk["key"], chunk["pos"])
        yield from _pair_batches({"b": later, "a": earlier})


def _strongest_pairs(batches: Iterable) -> Iterator:
    """``mapInArrow`` over ``(b, a)`` sorted by ``b``:
    :func:`dedup.candidates.strongest` per later document -> ``(b, a, hits)``."""
    for chunk in _whole_groups(batches, "b", ("b", "a")):
        later, earlier, hits = strongest(chunk["b"], chunk["a"])
        yield from _pair_batches({"b": later, "a": earlier, "hits": hits})


def _verify_batch(batch, cfg: _Config):
    """``(b, a, id_a, wb, wa, gb, ga, sb, sa)`` with ``a < b`` -> ``(b, a,
    id_a, similarity, jaccard, containment)`` of the accepted pairs. The later
    document is the left side, as in the index."""
    import pyarrow as pa

    m = batch.num_rows
    col = batch.column
    later, earlier = col("b").to_numpy(), col("a").to_numpy()
    sigs = []
    for name in ("gb", "ga"):
        data, off = _binary_parts(col(name))
        sigs.append(data[off[0] : off[-1]].view(_U32).reshape(m, cfg.num_perm))
    sets_l = sets_r = None
    if cfg.exact:
        data_l, off_l = _binary_parts(col("sb"))
        data_r, off_r = _binary_parts(col("sa"))
        sets_l = lambda i: data_l[off_l[i] : off_l[i + 1]].view(_U32)  # noqa: E731
        sets_r = lambda i: data_r[off_r[i] : off_r[i + 1]].view(_U32)  # noqa: E731
    sc = verify_pairs(
        sigs[0], sigs[1], col("wb").to_numpy(), col("wa").to_numpy(), cfg.rule, sets_left=sets_l, sets_right=sets_r
    )
    ok = np.flatnonzero(sc.accept)
    return pa.RecordBatch.from_arrays(
        [
            pa.array(later[ok]),
            pa.array(earlier[ok]),
            col("id_a").take(pa.array(ok)),
            pa.array(sc.similarity[ok]),
            pa.array(sc.jaccard[ok]),
            pa.array(sc.containment[ok]),
        ],
        names=["b", "a", "id_a", "similarity", "jaccard", "containment"],
    )


def _verify_arrow(batches: Iterable, cfg: _Config) -> Iterator:
    """``mapInArrow`` function: :func:`_verify_batch` on slices of
    :data:`VERIFY_BATCH` pairs."""
    for batch in batches:
        for start in range(0, batch.num_rows, VERIFY_BATCH):
            out = _verify_batch(batch.slice(start, VERIFY_BATCH), cfg)
            if out.num_rows:
                yield out


# -- driver side --------------------------------------------------------------


def _checkpointer(spark, checkpoint_dir: Optional[str]) -> Callable:
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


def _phase(spark, text: Optional[str]) -> None:
    """Name the jobs that follow in Spark's UI and REST API (``dedup: ...``;
    None: no name), so where a run spends its time can be read there
    (classic Spark only)."""
    try:
        spark.sparkContext.setJobDescription(None if text is None else f"dedup: {text}")
    except Exception:  # Spark Connect: no SparkContext on the client
        pass


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
    _phase(edges.sparkSession, "connected components, round 0")
    while not _is_star_forest(e):
        rounds += 1
        _phase(edges.sparkSession, f"connected components, round {rounds}")
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


def _with_row_numbers(df, name: str, text_col: str) -> tuple[Any, int]:
    """``df`` with a column ``name``: each row's place in the DataFrame's order
    (0, 1, ...), like ``zipWithIndex`` but counted in the JVM: a row's number
    is its partition's offset plus its place in the partition. Also returns
    the number of text characters (counted in the same pass)."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    tagged = df.select("*", F.spark_partition_id().alias("_part"), F.monotonically_increasing_id().alias("_mid"))
    counts = tagged.groupBy("_part").agg(F.count(F.lit(1)).alias("n"), F.sum(F.length(text_col)).alias("chars"))
    first, chars, table = 0, 0, []
    for row in sorted(counts.collect()):
        table.append((row["_part"], first - (row["_part"] << 33)))  # _mid = (_part << 33) + place
        first += row["n"]
        chars += row["chars"] or 0
    schema = T.StructType([T.StructField("_part", T.IntegerType()), T.StructField("_offset", T.LongType())])
    offsets = F.broadcast(df.sparkSession.createDataFrame(table, schema))
    numbered = tagged.join(offsets, "_part").select(
        *[F.col(f"`{c}`") for c in df.columns], (F.col("_offset") + F.col("_mid")).alias(name)
    )
    return numbered, chars


#: Text characters per partition when partitions are sized to the input
#: (about 20,000 news articles of 3,000 characters).
PARTITION_CHARS = 64 * 2**20


def _cores(spark) -> int:
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


def _positioned(df, id_col, text_col, source_col, position_col, chars: Optional[int]):
    """``(pos, id, text, source)`` and the number of text characters (counted
    here unless given)."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    source = F.col(source_col) if source_col is not None else F.lit(None).cast(T.StringType())
    _phase(df.sparkSession, "input positions")
    if position_col is None:
        df, chars = _with_row_numbers(df, "_dedup_position", text_col)
        position_col = "_dedup_position"
    elif chars is None:
        chars = df.agg(F.sum(F.length(text_col))).first()[0] or 0
    rows = df.select(
        F.col(position_col).cast(T.LongType()).alias("pos"),
        F.col(id_col).alias("id"),
        F.col(text_col).alias("text"),
        source.alias("source"),
    )
    return rows, int(chars)


def _input_partitions(df) -> Optional[int]:
    try:
        return int(df.rdd.getNumPartitions())
    except Exception:  # Spark Connect: no RDD
        return None


def _fingerprints(docs, cfg: _Config, partitions: int):
    """``(pos, id, text, source)`` -> the fingerprint table (:data:`_FP_COLUMNS`),
    persisted, hash-partitioned by position into ``partitions``: the joins on
    a position below (the two sides of the candidate pairs, the cluster
    labels) then move only their small side, never the signatures and
    shingle sets again."""
    from pyspark import StorageLevel
    from pyspark.sql import types as T

    given = _input_partitions(docs)
    if given is None or given < partitions:
        # Fewer input partitions than tasks wanted (one big file, say): spread them.
        docs = docs.repartition(partitions, "pos")
    schema = T.StructType(
        [
            T.StructField("pos", T.LongType()),
            T.StructField("id", docs.schema["id"].dataType),
            T.StructField("source", docs.schema["source"].dataType),
            T.StructField("words", T.LongType()),
            T.StructField("ckey", T.BinaryType()),
            T.StructField("sig", T.BinaryType()),
            T.StructField("sset", T.BinaryType()),
            T.StructField("bands", T.ArrayType(T.LongType())),
        ]
    )
    return (
        docs.mapInArrow(partial(_fingerprint_arrow, cfg=cfg), schema)
        .repartition(partitions, "pos")
        .persist(StorageLevel.MEMORY_AND_DISK)
    )


def _exact_copies(fp):
    """The canonical documents (the earliest with each content key: their
    fingerprints) and the copy links ``(b, a, id_a, 1.0, 1.0, 1.0)`` of the
    others to them."""
    from pyspark.sql import functions as F

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
    return fp.join(canon_of.select(F.col("canon.pos").alias("pos")), "pos", "left_semi"), copies


def _candidates(canon, partitions: int):
    """The pairs :mod:`dedup.candidates` selects among the fingerprints
    ``canon`` (``pos`` and ``bands`` of the canonical documents): ``(b, a,
    hits)``, later document ``b``, earlier ``a``.

    Linear in the number of band-key entries: the entries are partitioned by
    key and sorted by (key, position), so each bucket arrives whole, in input
    order, at :func:`dedup.candidates.group_pairs`; its pairs are partitioned
    by the later document and :func:`dedup.candidates.strongest` keeps each
    document's best. No pair outside the rule is ever formed."""
    from pyspark.sql import functions as F

    entries = canon.select(F.explode("bands").alias("key"), "pos")
    pairs = entries.repartition(partitions, "key").sortWithinPartitions("key", "pos")
    pairs = pairs.mapInArrow(_bucket_pairs, "b long, a long")
    return pairs.repartition(partitions, "b").sortWithinPartitions("b").mapInArrow(
        _strongest_pairs, "b long, a long, hits long"
    )


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
    chars: Optional[int] = None,
    **options: Any,
):
    """:func:`cluster`, with the ``position`` column kept (the command line
    sorts by it; its positions are distinct by construction, so it skips
    checking them, and it knows the input's size: ``chars``)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    cfg = _config(threshold, options)
    _check_columns(df, id_col, text_col, source_col, position_col)
    if partitions is not None and (not isinstance(partitions, int) or partitions < 1):
        raise ValueError(f"partitions must be a positive integer, got {partitions!r}")
    spark = df.sparkSession
    checkpoint = _checkpointer(spark, checkpoint_dir)
    id_type = df.schema[id_col].dataType

    # 1. Fingerprints, once, kept for the later stages.
    docs, chars = _positioned(df, id_col, text_col, source_col, position_col, chars)
    n = partitions or sized_partitions(chars, _cores(spark))
    fp = _fingerprints(docs, cfg, n)
    try:
        _phase(spark, "fingerprints (stripping, shingles, MinHash, band keys) and input checks")
        lo, hi = _validate(fp, position_col, check_positions)

        # 2. Exact copies: linked to the earliest document with their content key.
        canon, copies = _exact_copies(fp)

        # 3. Candidates of the canonical documents (dedup.candidates), verified.
        cands = _candidates(canon, n)
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
        joined = cands.join(later, "b").join(earlier, "a").select("b", "a", "id_a", "wb", "wa", "gb", "ga", "sb", "sa")
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
        accepted = joined.mapInArrow(partial(_verify_arrow, cfg=cfg), edge_schema)

        # 4. Clusters: connected components of accepted pairs and copy links.
        _phase(spark, "exact copies, candidates (dedup.candidates) and their verification")
        links = checkpoint(accepted.unionByName(copies))
        labels = connected_components(links.select("a", "b"), checkpoint)
        labelled = (
            fp.select("pos", "id", "words", "source")
            .join(labels.withColumnRenamed("node", "pos"), "pos", "left")
            .withColumn("root", F.coalesce("root", "pos"))
        )

        # 5. Representative (most words, then earliest) and number of each
        # cluster; duplicate_of (most similar earlier match, then earliest).
        _phase(spark, "representatives, duplicate_of and cluster numbers")
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
    with _worker_imports(df.sparkSession):
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
    _phase(df.sparkSession, None)
    return result.drop("position")


# -- files and sessions (the command line) -------------------------------------

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


def _is_local(master: Optional[str], conf: Mapping[str, str]) -> bool:
    """Whether a new session would run on a local master (given, in ``conf``,
    from spark-submit, or pyspark's default ``local[*]``)."""
    from pyspark import SparkConf

    resolved = master or conf.get("spark.master") or SparkConf().get("spark.master", None) or "local[*]"
    return resolved.startswith("local")


def _worker_python(master: Optional[str], conf: Mapping[str, str]) -> Optional[str]:
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
    master: Optional[str] = None,
    *,
    quiet: bool = False,
    app_name: str = "dedup",
    conf: Optional[Mapping[str, str]] = None,
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


_MISSING_MODULE = re.compile(r"ModuleNotFoundError: No module named '([^']+)'")


@contextmanager
def _worker_imports(spark) -> Iterator[None]:
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
    splits = union.groupBy("arg", "file", "block").agg(
        F.min("row").alias("first"), F.count(F.lit(1)).alias("n"), F.sum(F.length("text")).alias("chars")
    )
    start, chars, table = 0, 0, []
    _phase(spark, "input positions")
    for s in sorted(splits.collect(), key=lambda s: (s["arg"], _walk_key(s["file"]), s["block"])):
        table.append((s["arg"], s["file"], s["block"], s["first"], start))
        start += s["n"]
        chars += s["chars"] or 0
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


def _write_lines(rows, output: Optional[str], line: Callable[[dict], str]) -> None:
    """Every row as ``line(row)``, in order, through the driver: to standard
    output, or to a temporary file beside ``output`` renamed to it when complete."""
    if output is None:
        for row in rows.toLocalIterator():
            sys.stdout.write(line(row.asDict()))
        sys.stdout.flush()
        return
    with atomic_text(output) as f:
        for row in rows.toLocalIterator():
            f.write(line(row.asDict()))


def _json_line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def cluster_files(
    paths: Sequence[str],
    *,
    output: Optional[str] = None,
    line: Callable[[dict], str] = _json_line,
    unique: bool = False,
    id_field: str = "id",
    text_field: str = "text",
    input_format: Optional[str] = None,
    master: Optional[str] = None,
    checkpoint_dir: Optional[str] = None,
    quiet: bool = False,
    conf: Optional[Mapping[str, str]] = None,
    force: bool = False,
    threshold: float = DEFAULT_THRESHOLD,
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
    from pyspark import SparkConf
    from pyspark.sql import functions as F

    conf = dict(conf or {})
    parquet = output is not None and output.endswith(".parquet")
    if output is not None and parquet and not force and "://" not in output and os.path.exists(output):
        raise ValueError(f"{output}: already exists (Parquet output is a new folder; --force replaces it)")
    with spark_session(master, quiet=quiet, conf=conf) as spark, _worker_imports(spark):
        docs, chars = _read_files(spark, paths, id_field=id_field, text_field=text_field, input_format=input_format)
        key = "spark.sql.shuffle.partitions"
        if key in conf or SparkConf().contains(key):
            partitions = int(spark.conf.get(key))
        else:
            partitions = sized_partitions(chars, _cores(spark))
            spark.conf.set(key, str(partitions))
        result = _cluster(
            docs,
            position_col="position",
            check_positions=False,
            threshold=threshold,
            checkpoint_dir=checkpoint_dir,
            partitions=partitions,
            chars=chars,
            **options,
        )
        _phase(spark, "writing the output")
        n, top = result.agg(F.count(F.lit(1)), F.max("cluster")).first()
        rows = result.where(F.col("representative") == F.col("id")) if unique else result
        rows = rows.orderBy("position").drop("position")
        if parquet:
            assert output is not None
            _write_parquet(spark, rows, output, force)
        else:
            _write_lines(rows, output, line)
        _phase(spark, None)
        return int(n), 0 if top is None else int(top) + 1
