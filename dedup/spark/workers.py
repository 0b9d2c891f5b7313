"""The executors' side of :mod:`dedup.spark`: the shared stages
(:func:`dedup.pipeline.fingerprint`, :func:`dedup.lsh.band_keys`,
:mod:`dedup.candidates`, :func:`dedup.verify.verify_pairs`) on Arrow
batches, plain numpy in between. Each ``*_arrow`` / ``*_pairs`` function is
a ``mapInArrow`` function of :mod:`dedup.spark.stages`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import numpy as np

from ..candidates import group_pairs, strongest
from ..config import Config
from ..lsh import band_keys, sorted_unique
from ..minhash import preload_permutations
from ..pipeline import Fingerprints, fingerprint
from ..verify import verify_pairs

__all__ = [
    "FP_COLUMNS",
    "SIDE_COLUMNS",
    "band_entries",
    "bucket_pairs",
    "fingerprint_arrow",
    "pair_batch",
    "strongest_pairs",
    "verify_arrow",
    "verify_gathered",
]

#: Documents fingerprinted together in a Python worker.
FINGERPRINT_BATCH = 1024
#: Candidate pairs verified together in a Python worker.
VERIFY_BATCH = 4096
#: Rows of candidate pairs per Arrow batch a Python worker sends back.
PAIR_BATCH = 65536

_U32 = np.dtype("<u4")

#: Columns of the fingerprint table, as the fingerprinting stage writes them.
FP_COLUMNS = ("pos", "id", "source", "words", "chars", "ckey", "sig", "sset", "bands")
#: The columns of the fingerprint table that verifying a pair reads, per side.
SIDE_COLUMNS = ("pos", "id", "words", "sig", "sset")


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
    concatenated, and how many each has: one sort of ``row << 32 | hash``
    keys (8 times faster than a two-key ``lexsort``)."""
    starts, stops = fp.shingle_offsets[rows], fp.shingle_offsets[rows + 1]
    sizes = stops - starts
    total = int(sizes.sum())
    flat = np.repeat(starts - (np.cumsum(sizes) - sizes), sizes) + np.arange(total, dtype=np.int64)
    keys = np.repeat(np.arange(len(rows), dtype=np.uint64), sizes) << np.uint64(32)
    keys |= fp.shingle_hashes[flat].astype(np.uint64)
    keys = sorted_unique(keys)
    return keys.astype(_U32), np.bincount((keys >> np.uint64(32)).astype(np.int64), minlength=len(rows))


def _fingerprint_batch(batch, cfg: Config):
    """One Arrow batch ``(pos, id, text, source)`` -> ``(pos, id, source,
    words, chars, ckey, sig, sset, bands)`` (``chars``: the text's length, which
    sizes the later shuffles). A null text gives ``words = -1`` (the driver
    reports it); a text without any word keeps null keys and stays alone; one
    without an article (:attr:`dedup.Match.article`) has null ``bands``."""
    import pyarrow as pa

    n = batch.num_rows
    texts = batch.column(2).to_pylist()
    good = np.flatnonzero(np.fromiter((isinstance(t, str) for t in texts), dtype=np.bool_, count=n))
    words = np.full(n, -1, dtype=np.int64)
    keyed = np.zeros(n, dtype=np.bool_)
    banded = np.zeros(n, dtype=np.bool_)  # keyed, with an article: in the LSH
    ckeys, sigs, sets = b"", np.empty((0, cfg.num_perm), _U32), np.empty(0, _U32)
    set_sizes = np.zeros(0, dtype=np.int64)
    bands = np.empty((0, cfg.bands[0]), dtype=np.uint64)
    if len(good):
        fp = fingerprint([texts[i] for i in good.tolist()], **cfg.fingerprint_options())
        words[good] = fp.token_counts
        rows = np.flatnonzero(np.fromiter((k is not None for k in fp.content_keys), dtype=np.bool_, count=len(fp)))
        keyed[good[rows]] = True
        ckeys = b"".join(fp.content_keys[i] for i in rows.tolist())
        sigs = fp.signatures[rows].astype(_U32, copy=False)
        article = fp.articles[rows]
        banded[good[rows[article]]] = True
        bands = band_keys(sigs[article], *cfg.bands)
        if cfg.exact:
            sets, set_sizes = _distinct_shingles(fp, rows)
    key_len = len(ckeys) // max(1, int(keyed.sum()))
    zeros = np.zeros(n, dtype=np.int64)

    def sized(width, rows=keyed) -> np.ndarray:
        out = zeros.copy()
        out[rows] = width
        return out

    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(sized(cfg.bands[0], banded), out=offsets[1:])
    columns = [
        batch.column(0),
        batch.column(1),
        batch.column(3),
        pa.array(words),
        pa.array(np.fromiter((len(t) if isinstance(t, str) else 0 for t in texts), dtype=np.int64, count=n)),
        _binary_column(np.frombuffer(ckeys, dtype=np.uint8), sized(key_len), keyed),
        _binary_column(sigs.view(np.uint8).ravel(), sized(4 * cfg.num_perm), keyed),
        _binary_column(sets.view(np.uint8), sized(4 * set_sizes), keyed) if cfg.exact else pa.nulls(n, pa.binary()),
        pa.ListArray.from_arrays(pa.array(offsets), pa.array(bands.view(np.int64).ravel()), mask=pa.array(~banded)),
    ]
    return pa.RecordBatch.from_arrays(columns, names=list(FP_COLUMNS))


def fingerprint_arrow(batches: Iterable, cfg: Config, perms: tuple[np.ndarray, np.ndarray]) -> Iterator:
    """``mapInArrow`` function: :func:`_fingerprint_batch` on slices of
    :data:`FINGERPRINT_BATCH` documents; ``perms`` are the MinHash
    permutations, computed once on the driver."""
    preload_permutations(cfg.num_perm, cfg.seed, *perms)
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


_ENTRY = np.dtype([("key", "<u8"), ("pos", "<i8")])


def band_entries(batches: Iterable, buckets: int) -> Iterator:
    """``mapInArrow`` over ``(pos, bands)``: each batch's band-key entries
    ``(key, pos)`` (16 bytes, little-endian) packed by bucket (``key mod
    buckets``) -> ``(bucket, entries)``, one row per bucket present. Spark then
    moves a few packed rows per task and bucket instead of a row per entry
    (documents times bands), which is most of what its shuffle and sort
    would cost."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for batch in batches:
        bands = batch.column("bands")
        counts = pc.fill_null(pc.list_value_length(bands), 0).to_numpy(zero_copy_only=False).astype(np.int64)
        entries = np.empty(int(counts.sum()), dtype=_ENTRY)
        if not len(entries):
            continue
        entries["key"] = pc.list_flatten(bands).to_numpy().view(np.uint64)
        entries["pos"] = np.repeat(batch.column("pos").to_numpy(), counts)
        bucket = (entries["key"] % np.uint64(buckets)).astype(np.int64)
        order = np.argsort(bucket, kind="stable")
        entries, bucket = entries[order], bucket[order]
        present, starts, sizes = np.unique(bucket, return_index=True, return_counts=True)
        yield pa.RecordBatch.from_arrays(
            [
                pa.array(present.astype(np.int32)),
                _binary_column(entries.view(np.uint8), sizes * _ENTRY.itemsize, np.ones(len(sizes), np.bool_)),
            ],
            names=["bucket", "entries"],
        )


def bucket_pairs(batches: Iterable) -> Iterator:
    """``mapInArrow`` over packed entries ``(bucket, entries)``
    (:func:`band_entries`) sorted by bucket: :func:`dedup.candidates.group_pairs`
    on each bucket's entries, all of them at once (whole buckets of keys, in
    memory one bucket at a time) -> ``(b, a)``, one row per key through which
    ``b`` (later) selects ``a`` (earlier)."""
    parts: list[np.ndarray] = []
    current = None

    def pairs() -> Iterator:
        entries = np.concatenate(parts)
        later, earlier = group_pairs(entries["key"], entries["pos"])
        return _pair_batches({"b": later, "a": earlier})

    for batch in batches:
        ids = batch.column("bucket").to_numpy()
        data, off = _binary_parts(batch.column("entries"))
        for i, bucket in enumerate(ids.tolist()):
            if bucket != current and parts:
                yield from pairs()
                parts = []
            current = bucket
            parts.append(data[off[i] : off[i + 1]].view(_ENTRY))
    if parts:
        yield from pairs()


def strongest_pairs(batches: Iterable) -> Iterator:
    """``mapInArrow`` over ``(b, a)`` sorted by ``b``:
    :func:`dedup.candidates.strongest` per later document -> ``(b, a, hits)``."""
    for chunk in _whole_groups(batches, "b", ("b", "a")):
        later, earlier, hits = strongest(chunk["b"], chunk["a"])
        yield from _pair_batches({"b": later, "a": earlier, "hits": hits})


def _verify_batch(batch, cfg: Config):
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


def verify_arrow(batches: Iterable, cfg: Config) -> Iterator:
    """``mapInArrow`` function: :func:`_verify_batch` on slices of
    :data:`VERIFY_BATCH` pairs."""
    for batch in batches:
        for start in range(0, batch.num_rows, VERIFY_BATCH):
            out = _verify_batch(batch.slice(start, VERIFY_BATCH), cfg)
            if out.num_rows:
                yield out


def _whole(column):
    """An Arrow array from an array or a chunked array."""
    return column.combine_chunks() if hasattr(column, "combine_chunks") else column


def pair_batch(sides, later: np.ndarray, earlier: np.ndarray):
    """The pairs ``(later, earlier)`` with both sides' fingerprints taken
    from ``sides`` (an Arrow table or record batch of :data:`SIDE_COLUMNS`, a
    row for each document of the pairs, in any order; repeats allowed): the
    batch ``(b, a, id_a, wb, wa, gb, ga, sb, sa)`` that :func:`verify_arrow`
    reads."""
    import pyarrow as pa

    positions = _whole(sides.column("pos")).to_numpy()
    order = np.argsort(positions, kind="stable")
    ordered = positions[order]
    rows = []
    for wanted in (later, earlier):
        at = np.minimum(np.searchsorted(ordered, wanted), max(0, len(ordered) - 1))
        if not len(ordered) or not np.array_equal(ordered[at], wanted):
            missing = np.setdiff1d(wanted, ordered)[:5].tolist()
            raise RuntimeError(f"dedup.spark: no fingerprint for positions {missing} of candidate pairs")
        rows.append(pa.array(order[at]))
    left, right = sides.take(rows[0]), sides.take(rows[1])
    return pa.RecordBatch.from_arrays(
        [
            pa.array(later, pa.int64()),
            pa.array(earlier, pa.int64()),
            *(_whole(side.column(name)) for side, name in ((right, "id"), (left, "words"), (right, "words"))),
            *(_whole(side.column(name)) for name in ("sig", "sset") for side in (left, right)),
        ],
        names=["b", "a", "id_a", "wb", "wa", "gb", "ga", "sb", "sa"],
    )


def verify_gathered(batches: Iterable, cfg: Config) -> Iterator:
    """``mapInArrow`` function over one partition of gathered rows: the
    fingerprints sent there (``pos`` not null; :data:`SIDE_COLUMNS`) and the
    candidate pairs to verify there (``b``, ``a``; ``pos`` null), in any
    order -> the accepted pairs, as :func:`verify_arrow` gives them. A
    document's fingerprint comes once to each partition that needs it, not
    once for each of its pairs."""
    import pyarrow as pa
    import pyarrow.compute as pc

    sides, later, earlier = [], [], []
    for batch in batches:
        if not batch.num_rows:
            continue
        is_side = batch.column("pos").is_valid()
        sides.append(batch.filter(is_side).select(list(SIDE_COLUMNS)))
        pairs = batch.filter(pc.invert(is_side))
        later.append(pairs.column("b").to_numpy())
        earlier.append(pairs.column("a").to_numpy())
    if not sides or not sum(len(b) for b in later):
        return
    table = pa.Table.from_batches(sides)  # chunked: no 2 GB limit on one array of bytes
    later_all, earlier_all = np.concatenate(later), np.concatenate(earlier)
    for start in range(0, len(later_all), VERIFY_BATCH):
        stop = start + VERIFY_BATCH
        out = _verify_batch(pair_batch(table, later_all[start:stop], earlier_all[start:stop]), cfg)
        if out.num_rows:
            yield out
