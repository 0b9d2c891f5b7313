"""A persistent index: :class:`SQLiteStorage`, one SQLite file.

``Deduplicator(path="news.db", create=True)`` (or :func:`dedup.open_index`) keeps every
document's id, signature, LSH band keys, shingle set, cluster and insertion
time in one SQLite file, so the index survives restarts, crashes and deploys,
and several processes can add to it at once. The decisions are the in-memory
index's (:mod:`dedup.index`); this package only stores and fetches, one
concern per module (:mod:`.storage`: opening and the SQL of each operation;
:mod:`.transactions`, :mod:`.bands` (the LSH entries and their cache),
:mod:`.clusters`, :mod:`.checks`, :mod:`.schema`, :mod:`.files`).

Tables
------
``meta(key, value)``
    ``config`` (JSON: the parameters that decide signatures, candidates and
    matches, and the normalisation version), ``next_slot``,
    ``segment_bits``, ``created``, ``dedup_version``. The file is marked with
    ``PRAGMA application_id`` (``"ddup"``) and ``user_version``
    (:data:`.schema.SCHEMA_VERSION`).
``docs(slot, doc_id, cluster, words, content_key, added)``
    One row per document. ``slot`` increases in insertion order and is never
    reused; ``doc_id`` keeps its type (``1`` and ``"1"`` are different ids);
    ``words`` is the token count of the fingerprinted text (the
    representative rule); ``content_key`` the 128-bit key of identical
    copies; ``added`` the insertion time in UTC seconds since the epoch.
    Indexed by ``doc_id``, ``(cluster, words)``, ``content_key`` and ``added``.
``fingerprints(slot, signature, shingles)``
    The MinHash signature (``num_perm`` little-endian uint32) and, with
    ``exact=True``, the sorted distinct shingle hashes (uint32) of the first
    copy of each content (later identical copies share it: NULL).
``bands(segment, key, slot)``
    LSH band keys (signed int64) of the documents in the LSH index (first
    copies with at least one word), primary key ``(segment, key, slot)``,
    where ``segment = slot >> segment_bits``. New documents all land in the
    newest segment, so a batch's inserts touch a small part of the B-tree
    instead of pages all over it (whose rewriting made adds slow down as the
    file grew); a query looks its keys up in every segment.
``edges(a, b)``
    Verified pairs, so a removal can split a cluster: written once, later
    slot first (``a > b``), so a new document's edges are appended to the
    end of the table however big the cluster it joins; files written
    before also hold each pair the other way round, which reads the same.
``partners(slot, first)``
    Each document's first containment partner (the chaining guard of
    :mod:`dedup.index`): a slot, or -2 when that partner was removed without
    an identical copy to take its place; no row while it has none. Indexed by
    ``first`` (a removal redirects the rows that name it). Added by schema
    version 2: a file of version 1 (written by dedup before the guard) is
    upgraded the first time it is opened writable, in one write transaction
    (a crash leaves it at version 1): the table is filled from the stored
    edges, each document getting its earliest neighbour among the edges the
    rule accepts by containment alone (partners removed before cannot be
    known), and the clusters stay as they were, chains included. Opened
    read-only, a version-1 file is read as it is, the partners computed from
    its edges when a query needs them.
``clusters(id, representative, size)``
    One row per cluster; ``docs.cluster`` refers to it.
``lsh_changes(seq, slot, added)``
    LSH entries removed, or added for an identical copy that took a removed
    document's place (the last :data:`.bands.LSH_LOG_KEEP`): what a process's
    in-memory copy of the LSH entries must replay (see
    :mod:`.bands`).

Transactions
------------
The file is in WAL mode. Each batch of :meth:`Deduplicator.add_many` and each
removal is one ``BEGIN IMMEDIATE`` transaction: writers queue for the write
lock (``busy_timeout``), and a batch reads candidates, clusters and content
keys from the file inside its transaction, so it sees everything committed
before it. Readers see a snapshot and never block writers. Within a
transaction the touched clusters are loaded into a
:class:`dedup.components.Components` (so the union, representative and split
logic is the in-memory index's) and written back before ``COMMIT``.

One thing outlives a transaction: a process adding large batches loads the
file's LSH entries into an in-memory :class:`dedup.lsh.LSHIndex` (looking a
batch's 65,000 band keys up in every segment costs more than the rest of the
batch; it does so once those lookups have cost as much as loading, see
:data:`.bands.CACHE_SECONDS_PER_DOC`). Every transaction
that uses it first compares it with the file (``next_slot`` and the
``lsh_changes`` log) and replays what other processes changed, so it never
answers from a stale state.

``synchronous=NORMAL`` (the default): a committed batch survives a crash of
the process (it is in the WAL); a power loss or OS crash may lose the last
transactions but never corrupts the file. ``synchronous="full"`` syncs the
WAL at every commit and survives power loss too.

Read-only opening
-----------------
``read_only=True`` opens the file with SQLite's ``mode=ro`` URI: the file is
never written, and the reader sees what writers commit meanwhile, through the
``-wal`` and ``-shm`` files SQLite keeps beside a WAL-mode file (it creates
them when the folder may be written). When the folder cannot be written (its
permissions, a read-only mount, or no write bit at all: root is held to the
mode bits too) and those files are not there, the URI also says
``immutable=1``: SQLite reads the file as it is on disk, with no ``-shm``, no
``-wal`` and no locks. The trade-off: no other process may change the file
while it is open so; a writer's changes would go unseen, or be read half-done
and reported as a damaged file. When ``-wal`` and ``-shm`` are there (a
writer is running, or stopped without closing), ``mode=ro`` reads them even
without write permission; a ``-wal`` holding transactions but no ``-shm``, in
a folder that cannot be written, cannot be read at all: an
:class:`dedup.IndexFileError` says to open the index read-write once, or to copy it.
A read-write open of a file, or in a folder, that cannot be written is a
:class:`dedup.ReadOnlyIndexError` advising ``read_only=True``.

Files from elsewhere
--------------------
SQLite runs what a file's schema says: a trigger stored in a file would run
on every ``add``. A file whose tables, indexes, views and triggers are not
exactly those :mod:`.schema` creates (SQLite's ``sqlite_stat`` planner
tables excepted) is refused when opened, and connections run with
``trusted_schema=OFF`` and ``cell_size_check=ON``. Damage is an
:class:`dedup.IndexFileError` naming the file wherever it is met: the stored
configuration and meta values are checked on open, a file of up to
:data:`.checks.QUICK_CHECK_MAX_BYTES` is read through with ``PRAGMA quick_check``
(and its signatures' and shingle sets' lengths checked), and
:meth:`SQLiteStorage.check` checks everything, whatever the size.
"""

from .schema import APPLICATION_ID, SCHEMA_VERSION, read_config
from .storage import SQLiteStorage

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "SQLiteStorage", "read_config"]
