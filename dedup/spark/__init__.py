"""Clustering a Spark DataFrame: the same stages, distributed.

:func:`cluster` takes a DataFrame with an id and a text column and returns one
row per document with its cluster, representative, ``duplicate_of`` and
scores: the same partition, representatives, ``duplicate_of`` and scores as
:func:`dedup.cluster` / :class:`dedup.Deduplicator` with the same options,
documents taken in the DataFrame's row order.

Install with ``pip install "news-dedup[spark]"`` (pyspark >= 3.5; the stages use
only the DataFrame API, so a Spark Connect session works too). Executors need
``dedup`` and its dependencies (numpy, xxhash) installed; see README.md for
``spark-submit``.

Nothing here re-implements a stage. Per partition, in the executors' Python
workers:

* :func:`dedup.pipeline.fingerprint` (stripping, shingling, MinHash) and
  :func:`dedup.lsh.band_keys` on batches of documents;
* :func:`dedup.verify.verify_pairs` on batches of candidate pairs, in the
  partition of each pair's later document, where the fingerprints (signature,
  word count, sorted distinct shingle set) of its documents are gathered, each
  once per partition that needs it.

Everything else is Spark SQL on integers and bytes (Spark's own Murmur3
hashing, never Python's ``hash()``):

1. every document gets its input position (its row number, or a column);
2. documents with equal content keys (identical normalised token streams) are
   linked to the earliest of them, the *canonical* copy, with score 1.0;
   documents without any word keep no key and stay alone;
3. canonical documents that share a band key are candidates, verified with
   the index's rule: each task packs its band-key entries (numpy ``uint64``
   keys and positions) by bucket into binary rows, a bucket's rows meet in one
   task and :func:`dedup.candidates.group_pairs` takes its entries at once;
   the chaining guard (:mod:`dedup.index`) then drops the pairs accepted by
   containment alone that it refuses: each document's first containment
   partner is its smallest position among those pairs, and the pairs (other
   end, first partner) are verified in one more round; the driver decides
   with :func:`dedup.index.chain_guard` itself when those pairs are few
   enough to collect, Spark joins otherwise (:func:`.stages.chain_guard_stage`);
4. clusters are the connected components of the accepted pairs and the copy
   links, found on the driver by :func:`dedup.components.smallest_roots` when
   they are at most :data:`.components.DRIVER_EDGES` links, else with the
   large-star / small-star iteration (Kiveris et al., "Connected Components in
   MapReduce and Beyond", 2014), checkpointed every round so query plans do
   not grow. A component is labelled by its smallest position, i.e. its
   earliest document;
5. the representative, ``duplicate_of`` and the cluster numbers are the
   decisions of :mod:`dedup.decisions` (its key functions, as Spark columns):
   the member with the most tokens, ties to the earliest; among the accepted
   pairs with earlier documents (or the canonical copy), the one with the
   highest similarity, ties to the earliest; clusters numbered from 0 in the
   order of their earliest document.

Steps 4 and 5 run on the driver, with numpy and the same key functions, up to
:data:`.stages.DRIVER_DOCS` documents with at most
:data:`.components.DRIVER_EDGES` links (and pyspark >= 4.0): the links and the
documents' positions, ids, word counts and sources are collected as Arrow and
the result is a DataFrame made from an Arrow table, instead of about ten Spark
jobs.

That is exactly what the in-memory index computes: it links a copy to the
first document with its content key, verifies every LSH candidate of a new
document among earlier documents with new content, and clusters with
union-find, keeping a containment-only link as the chaining guard decides;
the order-dependent parts (ties, first containment partners) are reproduced
from the positions.

Modules: :mod:`.stages` (the driver's jobs, :func:`cluster`),
:mod:`.workers` (the executors' side), :mod:`.components` (connected
components), :mod:`.jobs` (checkpoints, partitions, prefix sums),
:mod:`.files` (sessions, input files and output for the command line).
"""

from .components import MAX_ROUNDS, connected_components
from .files import FORMATS, LOCAL_DEFAULTS, cluster_files, read_files, spark_session
from .jobs import PARTITION_CHARS, sized_partitions
from .stages import cluster

__all__ = [
    "FORMATS",
    "LOCAL_DEFAULTS",
    "MAX_ROUNDS",
    "PARTITION_CHARS",
    "cluster",
    "cluster_files",
    "connected_components",
    "read_files",
    "sized_partitions",
    "spark_session",
]
