"""Connected components of a graph held in a Spark DataFrame, with the
large-star / small-star iteration (Kiveris et al., "Connected Components in
MapReduce and Beyond", 2014)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..components import smallest_roots
from .jobs import phase

__all__ = ["DRIVER_EDGES", "MAX_ROUNDS", "component_roots", "connected_components"]

#: Edges the driver takes to find the components itself (16 bytes each, as
#: Arrow); with more, the large-star / small-star rounds run in Spark.
DRIVER_EDGES = 2_000_000

#: Large-star / small-star rounds before giving up (each round at least
#: halves the work on any real graph; 2 * log2 of a billion nodes is 60).
MAX_ROUNDS = 100


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


def connected_components(edges, checkpoint: Callable | None = None, max_rounds: int = MAX_ROUNDS):
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
    phase(edges.sparkSession, "connected components, round 0")
    while not _is_star_forest(e):
        rounds += 1
        phase(edges.sparkSession, f"connected components, round {rounds}")
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


def component_roots(edges, checkpoint: Callable | None = None, driver_edges: int | None = None):
    """:func:`connected_components`' ``(node, root)``, found on the driver
    (:func:`dedup.components.smallest_roots`, one job to collect the edges
    as Arrow) when there are at most ``driver_edges`` edges (default
    :data:`DRIVER_EDGES`), else by :func:`connected_components`: the rounds
    cost a few jobs each, which for a small graph is most of the time."""
    import pyarrow as pa

    limit = DRIVER_EDGES if driver_edges is None else driver_edges
    spark = edges.sparkSession
    phase(spark, "connected components, on the driver")
    few = edges.select("a", "b").limit(limit + 1)
    if hasattr(few, "toArrow"):  # pyspark >= 4.0
        table = few.toArrow()
        a, b = (table.column(c).to_numpy() for c in ("a", "b"))
    else:
        rows = few.collect()
        a, b = (np.array([r[c] for r in rows], dtype=np.int64) for c in ("a", "b"))
    if len(a) > limit:
        return connected_components(edges, checkpoint)
    other = a != b  # a node with only a self-loop is not listed, as in connected_components
    nodes, roots = smallest_roots(a[other], b[other])
    table = pa.table({"node": nodes, "root": roots})
    try:
        return spark.createDataFrame(table)
    except TypeError:  # pyspark < 4.0 takes pandas, not Arrow
        return spark.createDataFrame(table.to_pandas())
