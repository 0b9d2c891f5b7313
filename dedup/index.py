"""The streaming near-duplicate index, :class:`Deduplicator`.

Documents are added one by one or in batches. Each batch goes through the
shared stages (:func:`dedup.pipeline.fingerprint`, :func:`dedup.lsh.band_keys`,
:func:`dedup.verify.verify_pairs`, the representative rule of
:class:`dedup.components.Components`), and every document is compared with the
documents added before it. Documents whose normalised token streams are
identical are recognised by a 128-bit content key without LSH, so thousands of
wire copies of one story cost one dictionary lookup each and never crowd an
LSH bucket.

Clusters are the connected components of the graph of verified pairs. Each
document is verified against a bounded number of earlier documents
(:mod:`dedup.candidates`), so a copy of a story with thousands of copies costs
what a copy of a small story costs; as long as no document has more
candidates than the bound, the partition does not depend on the order in
which documents arrive, except through the chaining guard (below), which
judges a link made by containment alone by each end's earliest such link.

The chaining guard
-----------------
A *containment-only link* is a verified pair accepted by the containment rule
alone (its Jaccard is below ``threshold``; exact copies and Jaccard matches
are never touched). A document's *first containment partner* is, of all the
documents it has a containment-only link with, the earliest. A
containment-only link is kept only if at each of its ends the other end is
that end's first partner or matches it (verified by the same rule, whatever
LSH proposed): so a long page that contains two different short stories
joins the first only, while a teaser contained in two copies of one story
joins both (the copies match each other). Dropped links are no edges: they
join nothing and are never ``duplicate_of``. When a document arrives all its
earlier partners are known, so its first partner is set once, then or by the
first later document linked to it; the partition is the one
:func:`dedup.spark.cluster` computes from the graph of verified pairs. A
removed first partner passes to the identical copy that takes its place, if
any; otherwise it stays removed and the document accepts no further
containment-only link (the guard never frees a document for a chain).

The decisions are written once, here; what is kept and where is a
:class:`dedup.storage.Storage`: in memory (:class:`dedup.storage.MemoryStorage`,
the default) or in an SQLite file (:class:`dedup.storage.sqlite.SQLiteStorage`,
``Deduplicator(path=...)`` or :func:`open_index`), which survives restarts and
may be shared by several processes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import numpy as np

from .candidates import SortedKeys, batch_pairs, sorted_keys, strongest
from .config import PARAMETERS, Config
from .decisions import argbest, duplicate_key
from .documents import DocId, check_id, check_text, iter_documents, valid_chunks
from .lsh import band_keys, sorted_unique
from .match import Match
from .parallel import fingerprint_chunks, resolve_workers
from .pipeline import Fingerprints, fingerprint, is_article_key
from .storage import ConfigurationMismatch, MemoryStorage, Storage
from .storage.base import NO_PARTNER, PARTNER_REMOVED, sets_of
from .validation import epoch_seconds, integer, positive_seconds
from .verify import Scores, verify_pairs

__all__ = ["Deduplicator", "Duration", "chain_guard"]

#: Position given to a query's text: after every indexed document.
_QUERY_SLOT = 2**62


#: Durations accepted by ``window=`` and :meth:`Deduplicator.expire`.
Duration = timedelta | int | float


def _when(epoch: float | None) -> datetime | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, tz=timezone.utc)


def chain_guard(
    links: list[tuple[int, int]],
    first: dict[int, int],
    match: Callable[[np.ndarray, np.ndarray], np.ndarray],
) -> tuple[set[tuple[int, int]], dict[int, int]]:
    """The chaining guard (module documentation) on containment-only
    ``links`` ``(later, earlier)``: ``(dropped links, new first partners)``.

    ``first`` gives ends' first partners known so far (:data:`NO_PARTNER`
    or absent when none, :data:`PARTNER_REMOVED`); ends without one get the earliest
    partner among ``links``, so given every link of a graph and no state it
    is the graph's rule (what :func:`dedup.spark.cluster` applies).
    ``match(left, right)`` verifies pairs of slots (a boolean array); it is
    called at most once, with the pairs ``(other end, first partner)`` in
    question."""
    first = dict(first)
    fresh: dict[int, int] = {}
    for later, earlier in sorted(links):  # a new document's partners, earliest first
        for x, y in ((later, earlier), (earlier, later)):
            if first.setdefault(x, NO_PARTNER) == NO_PARTNER:
                first[x] = fresh[x] = y
    ends = [(x, y, first[x]) for link in links for x, y in (link, link[::-1])]
    asked = sorted({(y, fx) for _, y, fx in ends if fx not in (y, PARTNER_REMOVED)})
    matched: set[tuple[int, int]] = set()
    if asked:
        pairs = np.array(asked, dtype=np.int64)
        ok = match(pairs[:, 0], pairs[:, 1])
        matched = {pair for pair, yes in zip(asked, ok.tolist()) if yes}
    dropped = {
        (x, y) if x > y else (y, x)
        for x, y, fx in ends
        if fx != y and (fx == PARTNER_REMOVED or (y, fx) not in matched)
    }
    return dropped, fresh


class Deduplicator:
    """A streaming index that clusters near-duplicate documents.

    Parameters
    ----------
    config : dedup.Config, optional
        What decides fingerprints, candidates and matches (default: the
        defaults). Its parameters (``threshold``, ``num_perm``, ``ngram``,
        ``seed``, ``strip``, ``containment``, ``min_words``, ``exact``,
        ``lsh_threshold``, ``bands``, ``lsh_weights``,
        ``boilerplate_model``; see :class:`dedup.Config`) may also be given
        as keywords, which change those of ``config``, and the first five by
        position: ``Deduplicator(0.7)`` is ``Deduplicator(threshold=0.7)``.
    batch_size : int, default 2048
        Documents processed together by :meth:`add_many` (with ``path``, one
        transaction each).
    path : str or os.PathLike, optional
        Keep the index in this SQLite file instead of in memory, reopened
        with everything in it (see :mod:`dedup.storage.sqlite`). The file
        must exist unless ``create=True``: a missing file raises
        :class:`dedup.IndexFileError` naming it, so a mistyped path never
        becomes a new, empty index. The file stores the configuration; opening
        it with a different one is refused
        (:class:`dedup.ConfigurationMismatch`), and :func:`open_index` opens a
        file with whatever it stores. LSH bands not asked for (neither
        ``bands``, ``lsh_threshold`` nor ``lsh_weights`` given) are the
        file's, so a file made under an earlier default still opens.
    create : bool, default False
        With ``path``: make a new index with this configuration if the file
        does not exist (or is empty); an existing index is opened as usual.
    read_only : bool, default False
        With ``path``: open for queries only; writes raise
        :class:`dedup.ReadOnlyIndexError`. The file is never written, and may
        be on a read-only file system or in a folder the process may not
        write (see :mod:`dedup.storage.sqlite`, "Read-only opening").
    window : timedelta or float, optional
        Deduplicate within a sliding window: before each batch is added,
        documents inserted more than this long (or this many seconds) before
        the batch's time are removed, as by :meth:`expire`.
    synchronous : {"normal", "full"}, default "normal"
        With ``path``: SQLite's ``synchronous`` setting. "normal" (with the
        write-ahead log): a returned add survives a crash of the process;
        "full" also survives a power loss or an operating-system crash, at
        the cost of a flush to disk per transaction.
    timeout : float, default 60
        With ``path``: seconds to wait for another process's write
        transaction before giving up.

    The configuration's parameters are also attributes
    (``index.threshold``, ``index.bands``, ...); :attr:`settings` is the
    :class:`dedup.Config` itself and :attr:`config` its stored form.

    Examples
    --------
    >>> index = Deduplicator()
    >>> index.add("a", "The quick brown fox jumps over the lazy dog near the river bank.")
    Match(id='a', representative='a', duplicate_of=None, similarity=None, jaccard=None, containment=None, article=True)
    >>> index.add("b", "The quick brown fox jumps over the lazy dog near the river bank!").duplicate_of
    'a'
    """

    def __init__(
        self,
        *positional: Any,
        config: Config | None = None,
        batch_size: int = 2048,
        path: str | os.PathLike[str] | None = None,
        create: bool = False,
        read_only: bool = False,
        window: Duration | None = None,
        synchronous: str = "normal",
        timeout: float = 60.0,
        **options: Any,
    ) -> None:
        #: The :class:`dedup.Config` this index runs with.
        self.settings = Config.make(config, positional, **options)
        self.batch_size = integer("batch_size", batch_size, 1)
        self.window = None if window is None else positive_seconds("window", window)
        self._rule = self.settings.rule
        self._frozen: tuple[Any, Config | None] = (None, None)  # (model version, settings for workers)
        self._verified_pairs = 0

        self._store: Storage
        if path is None:
            if read_only:
                raise ValueError("read_only=True needs a path: an in-memory index is always writable")
            if create:
                raise ValueError("create=True needs a path: it makes a new index file")
            self._store = MemoryStorage(self.settings)
        else:
            from .storage.sqlite import SQLiteStorage, read_config

            def open_file() -> SQLiteStorage:
                return SQLiteStorage(
                    path, self.settings, read_only=read_only, create=create, synchronous=synchronous, timeout=timeout
                )

            try:
                self._store = open_file()
            except ConfigurationMismatch as exc:
                # LSH bands left to the defaults are the file's (made under an earlier default).
                if set(exc.differences) != {"bands"} or not self._default_bands():
                    raise
                stored = read_config(path) or {}
                self.settings = self.settings.replace(
                    bands=tuple(exc.differences["bands"][0]),
                    lsh_threshold=stored.get("lsh_threshold", self.settings.lsh_threshold),
                )
                self._store = open_file()

    def _default_bands(self) -> bool:
        """Whether the LSH bands are the defaults' (derived, not asked for)."""
        settings = self.settings
        return {"bands", "lsh_threshold"} <= settings.derived and settings.lsh_weights == Config().lsh_weights

    def __getattr__(self, name: str) -> Any:
        if name in PARAMETERS or name == "normalization":  # the configuration's, as attributes
            return getattr(self.settings, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    @property
    def config(self) -> dict[str, Any]:
        """The parameters that decide signatures, candidates and matches, as
        an index file stores them (:meth:`dedup.Config.to_stored`); a file
        refuses to be opened with others."""
        return self.settings.to_stored()

    @property
    def path(self) -> str | None:
        """The index file, or None for an in-memory index."""
        return self._store.path

    # -- container protocol -------------------------------------------------
    def __len__(self) -> int:
        """Number of documents in the index."""
        with self._store.read():
            return self._store.count()

    def __contains__(self, doc_id: object) -> bool:
        with self._store.read():
            return self._store.slot_of(doc_id) is not None  # type: ignore[arg-type]

    def __repr__(self) -> str:
        where = "" if self.path is None else f", path={self.path!r}"
        try:
            documents: object = len(self)
        except Exception:  # a closed file
            documents = "?"
        return (
            f"Deduplicator(threshold={self.threshold}, containment={self.containment}, num_perm={self.num_perm}, "
            f"ngram={self.ngram}, seed={self.seed}, strip={self.strip}, bands={self.bands}, documents={documents}"
            f"{where})"
        )

    def close(self) -> None:
        """Close the index file (nothing to do in memory). Further use raises."""
        self._store.close()

    def __enter__(self) -> Deduplicator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- adding -------------------------------------------------------------
    def add(self, doc_id: DocId, text: str, *, timestamp: datetime | float | None = None) -> Match:
        """Index one document and return what it matched.

        ``timestamp`` (a datetime, naive meaning UTC, or seconds since the
        epoch) is the document's insertion time for :meth:`expire` and
        ``window``; by default, now.

        Raises
        ------
        ValueError
            If ``doc_id`` is already in the index.
        TypeError
            If ``doc_id`` is not a str/int or ``text`` is not a str.
        """
        return self.add_many([(check_id(doc_id), text)], timestamp=timestamp)[0]

    def add_many(
        self, docs: Iterable, *, workers: int | None = None, timestamp: datetime | float | None = None
    ) -> list[Match]:
        """Index many documents; return one :class:`Match` per document, in order.

        ``docs`` is any iterable of ``(id, text)`` pairs (or of plain strings,
        whose ids are then their positions in the order the index received
        documents: 0, 1, ... for a new index, continuing across calls).
        The result is the same as calling :meth:`add` for each document in
        turn, only faster. If a document is invalid, every document before it
        has been added and the error names the offending one.

        Parameters
        ----------
        docs : iterable
            The documents; read lazily, ``batch_size`` at a time.
        workers : int or None, default None
            Processes that fingerprint documents (stripping, shingling,
            MinHash); 1 works in this process; None uses every available
            core once the input proves large (see :mod:`dedup.parallel`).
            Results are identical for any value.
        timestamp : datetime or float, optional
            Insertion time of these documents (see :meth:`add`).
        """
        return list(self.add_iter(docs, workers=workers, timestamp=timestamp))

    def add_iter(
        self, docs: Iterable, *, workers: int | None = None, timestamp: datetime | float | None = None
    ) -> Iterator[Match]:
        """:meth:`add_many`, yielding each :class:`Match` as soon as its batch
        is stored (with ``path``: committed, so durable)."""
        for matches in self._add_batches(docs, workers, timestamp, matches=True):
            yield from matches

    def _add_all(self, docs: Iterable, *, workers: int | None = None) -> None:
        """:meth:`add_many` without making the :class:`Match` objects nobody
        reads (:func:`dedup.cluster` only wants the partition)."""
        for _ in self._add_batches(docs, workers, None, matches=False):
            pass

    def _add_batches(
        self, docs: Iterable, workers: int | None, timestamp: datetime | float | None, matches: bool
    ) -> Iterator[list[Match]]:
        """Add ``docs`` batch by batch; yield each batch's Matches (empty
        lists without ``matches``) once it is stored."""
        workers = resolve_workers(workers)
        when = None if timestamp is None else epoch_seconds(timestamp)
        store = self._store
        store.check_writable()
        errors: list[BaseException] = []
        with store.read():
            start = store.next_position()
        chunks = valid_chunks(store, iter_documents(docs, start=start), self.batch_size, errors)
        for chunk, fp in fingerprint_chunks(
            chunks,
            lambda chunk: [text for _, text in chunk],
            workers=workers,
            **self._worker_settings().fingerprint_options(),
        ):
            now = time.time() if when is None else when
            if self.window is not None:
                self._expire_before(now - self.window)
            added, results = self._add_chunk(chunk, fp, now, errors, matches)
            yield results
            if added < len(chunk):
                break
        if errors:
            raise errors[0]

    def _worker_settings(self) -> Config:
        """The settings as fingerprinting takes them, here and in worker
        processes (:meth:`dedup.Config.frozen`), frozen again when
        ``boilerplate_model`` has learned since."""
        model = self.settings.boilerplate_model
        if model is None or not hasattr(model, "stripper"):
            return self.settings
        version = getattr(model, "version", None)
        frozen = self._frozen[1]
        if frozen is None or version is None or self._frozen[0] != version:
            frozen = self.settings.frozen()
            self._frozen = (version, frozen)
        return frozen

    def _fingerprint(self, texts: list[str]) -> Fingerprints:
        return fingerprint(texts, **self._worker_settings().fingerprint_options())

    def _candidates(self, keys: SortedKeys, slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The pairs ``(slot, earlier slot)`` to verify for documents with band
        ``keys`` at ``slots`` (after everything indexed, not yet in the LSH
        index): :func:`dedup.candidates.batch_pairs` over what the index's
        buckets answer, then each document's strongest
        (:func:`dedup.candidates.strongest`)."""
        wanted = keys.distinct()
        owner, answer = self._store.lsh_buckets(wanted)
        later, earlier, _ = strongest(*batch_pairs(keys, slots, wanted, owner, answer))
        return later, earlier

    def _verified(self, left_sigs, left_words, left_sets, right_slots: np.ndarray) -> Scores:
        """Verify (left, indexed slot) pairs with the index's rule."""
        store = self._store
        self._verified_pairs += len(right_slots)
        return verify_pairs(
            left_sigs,
            store.signatures(right_slots),
            left_words,
            store.word_counts(right_slots),
            self._rule,
            sets_left=left_sets if self.settings.exact else None,
            sets_right=sets_of(store, right_slots) if self.settings.exact else None,
        )

    def _stored_match(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Whether stored slots ``left[i]`` and ``right[i]`` match (the rule
        on their signatures and exact sets, as any candidate is verified)."""
        store = self._store
        return self._verified(store.signatures(left), store.word_counts(left), sets_of(store, left), right).accept

    def _chain_guard(
        self, links: list[tuple[int, int]], match: Callable[[np.ndarray, np.ndarray], np.ndarray]
    ) -> tuple[set[tuple[int, int]], dict[int, int]]:
        """:func:`chain_guard` with the stored first partners."""
        nodes = sorted({x for link in links for x in link})
        return chain_guard(links, dict(zip(nodes, self._store.first_partners(nodes))), match)

    def _add_chunk(
        self, chunk: list[tuple[DocId, str]], fp: Fingerprints, timestamp: float, errors: list, matches: bool = True
    ) -> tuple[int, list[Match]]:
        """Add one chunk in one write batch; return how many documents were
        added and their matches (none without ``matches``). With a shared
        store, a document whose id another process added meanwhile ends the
        chunk (recorded in ``errors``)."""
        store = self._store
        with store.write():
            m = len(chunk)
            if store.shared:
                present = store.present([doc_id for doc_id, _ in chunk])
                if present:
                    m = next(i for i, (doc_id, _) in enumerate(chunk) if doc_id in present)
                    errors[:] = [ValueError(f"duplicate document id {chunk[m][0]!r}: already in the index")]
            if m == 0:
                return 0, []
            first = store.allocate(m)
            slots = np.arange(first, first + m, dtype=np.int64)
            ids = [doc_id for doc_id, _ in chunk[:m]]
            store.record(first, ids, fp, timestamp)

            # Exact copies (identical normalised text) of an indexed document.
            copy_of: dict[int, int] = {}
            fresh: list[int] = []
            store.prefetch_content(fp.content_keys[:m])
            for i, key in enumerate(fp.content_keys[:m]):
                if key is None:
                    continue
                original = store.claim_content(key, first + i)
                if original is not None:
                    copy_of[i] = original
                elif fp.articles[i]:  # a page without an article is nobody's candidate
                    fresh.append(i)

            # LSH candidates of documents with new content: earlier documents
            # sharing a band key, from the index (asked before the batch is in
            # it, so a document does not find itself) and from the batch,
            # bounded per bucket and per document (dedup.candidates).
            edges: dict[int, list[tuple[int, float, float, float]]] = {}
            if fresh:
                fresh_slots = slots[np.asarray(fresh, dtype=np.int64)]
                keys = sorted_keys(band_keys(fp.signatures[fresh_slots - first], *self.settings.bands))
                left, items = self._candidates(keys, fresh_slots)
                store.lsh_insert(fresh_slots, keys)
                own = left - first
                sc = self._verified(fp.signatures[own], fp.token_counts[own], sets_of(store, left), items)
                ok = sc.accept
                for slot, other, sim, jac, cont in zip(
                    left[ok].tolist(),
                    items[ok].tolist(),
                    sc.similarity[ok].tolist(),
                    sc.jaccard[ok].tolist(),
                    sc.containment[ok].tolist(),
                ):
                    edges.setdefault(slot, []).append((other, sim, jac, cont))
                if self.settings.containment is not None:
                    self._guard_edges(edges)

            # A document with no copy and no verified edge is alone, its own
            # representative (later documents of the batch join it only at their
            # turn); the others, in order, join their clusters.
            articles = fp.articles[:m].tolist()
            results = [Match(doc_id, doc_id, article=a) for doc_id, a in zip(ids, articles)] if matches else []
            for i in sorted(set(copy_of).union([slot - first for slot in edges])):
                slot = first + i
                best: tuple[int, float, float, float] | None = None
                if i in copy_of:
                    best = (copy_of[i], 1.0, 1.0, 1.0)
                    store.union(slot, copy_of[i])
                for edge in edges.get(slot, ()):
                    store.union(slot, edge[0])
                    best = edge if best is None else min(best, edge, key=lambda e: duplicate_key(e[1], e[0]))
                if matches:
                    assert best is not None
                    rep = store.id_of(store.representative(slot))
                    results[i] = Match(ids[i], rep, store.id_of(best[0]), best[1], best[2], best[3], articles[i])
            return m, results

    def _guard_edges(self, edges: dict[int, list[tuple[int, float, float, float]]]) -> None:
        """Drop from ``edges`` the containment-only links the chaining guard
        refuses; record the new first partners."""
        threshold = self.settings.threshold
        links = [(slot, e[0]) for slot, found in edges.items() for e in found if e[2] < threshold]
        if not links:
            return
        dropped, fresh = self._chain_guard(links, self._stored_match)
        if fresh:
            self._store.set_first_partners(fresh)
        for slot in {later for later, _ in dropped}:
            kept = [e for e in edges[slot] if (slot, e[0]) not in dropped]
            if kept:
                edges[slot] = kept
            else:
                del edges[slot]

    # -- querying -----------------------------------------------------------
    def query(self, text: str) -> Match:
        """What :meth:`add` would return for ``text``, without adding it.

        The returned :class:`Match` has ``id=None``; ``representative`` is the
        representative of the best match's cluster, or None without a match.
        """
        text = check_text(text, "<query>")
        fp = self._fingerprint([text])
        key = fp.content_keys[0]
        article = bool(fp.articles[0])
        if key is None:
            return Match(None, None, article=article)
        store = self._store
        with store.read():
            original = store.holder(key)
            if original is not None:
                rep = store.id_of(store.representative(original))
                return Match(None, rep, store.id_of(original), 1.0, 1.0, 1.0, article)
            if not article:
                return Match(None, None, article=False)
            keys = sorted_keys(band_keys(fp.signatures, *self.settings.bands))
            _, items = self._candidates(keys, np.array([_QUERY_SLOT], dtype=np.int64))
            if len(items) == 0:
                return Match(None, None)
            query_set = sorted_unique(fp.shingles(0)) if self.settings.exact else None

            def with_query(right: np.ndarray) -> Scores:
                return self._verified(
                    np.broadcast_to(fp.signatures[0], (len(right), self.settings.num_perm)),
                    np.full(len(right), fp.token_counts[0]),
                    lambda i: query_set,
                    right,
                )

            sc = with_query(items)
            accept = sc.accept.copy()
            links = np.flatnonzero(accept & (sc.jaccard < self.settings.threshold))
            if len(links) and self.settings.containment is not None:  # the chaining guard, as add() applies it

                def match(left: np.ndarray, right: np.ndarray) -> np.ndarray:
                    out = np.zeros(len(left), dtype=np.bool_)
                    mine = left == _QUERY_SLOT
                    if mine.any():
                        out[mine] = with_query(right[mine]).accept
                    if not mine.all():
                        out[~mine] = self._stored_match(left[~mine], right[~mine])
                    return out

                dropped, _ = self._chain_guard([(_QUERY_SLOT, int(items[i])) for i in links], match)
                accept[[i for i in links.tolist() if (_QUERY_SLOT, int(items[i])) in dropped]] = False
            if not accept.any():
                return Match(None, None)
            cand = np.flatnonzero(accept)
            best = cand[argbest(duplicate_key(sc.similarity[cand], items[cand]))]
            slot = int(items[best])
            return Match(
                None,
                store.id_of(store.representative(slot)),
                store.id_of(slot),
                float(sc.similarity[best]),
                float(sc.jaccard[best]),
                float(sc.containment[best]),
            )

    # -- removing -----------------------------------------------------------
    def remove(self, doc_id: DocId) -> None:
        """Remove a document. Its cluster splits if it was the only link between
        parts, and gets a new representative if it was the representative.

        Raises
        ------
        KeyError
            If ``doc_id`` is not in the index.
        """
        store = self._store
        with store.write():
            slot = store.slot_of(doc_id)
            if slot is None:
                raise KeyError(f"document {doc_id!r} is not in the index")
            self._remove_slot(slot)

    def _remove_slot(self, slot: int) -> None:
        store = self._store
        key = store.content_key(slot)
        if key is not None:
            was_holder, heir = store.release_content(key, slot)
            if was_holder:
                in_lsh = is_article_key(key)  # the holder of an article's key is in the LSH index
                if heir is not None:
                    # An identical copy takes the removed document's place.
                    there = np.array([heir], dtype=np.int64)
                    if in_lsh:
                        store.lsh_insert(there, band_keys(store.signatures(there), *self.settings.bands))
                    store.move_edges(slot, heir)
                # Its place as a first containment partner (the chaining guard).
                if heir is not None:
                    (first,) = store.first_partners([slot])
                    if first != NO_PARTNER:
                        store.set_first_partners({heir: first})
                store.redirect_partners(slot, PARTNER_REMOVED if heir is None else heir)
                if in_lsh:
                    here = np.array([slot], dtype=np.int64)
                    store.lsh_remove(here, band_keys(store.signatures(here), *self.settings.bands))
        store.discard(slot)

    def expire(self, older_than: Duration | datetime) -> int:
        """Remove the documents inserted before a time, as :meth:`remove` does;
        return how many.

        ``older_than`` is a duration (a timedelta or seconds: documents
        inserted longer ago than that) or a datetime (documents inserted
        before it; naive means UTC).
        """
        if isinstance(older_than, datetime):
            cutoff = epoch_seconds(older_than)
        else:
            cutoff = time.time() - positive_seconds("older_than", older_than)
        self._store.check_writable()
        return self._expire_before(cutoff)

    def _expire_before(self, cutoff: float) -> int:
        store = self._store
        with store.read():
            oldest, _ = store.time_range()
        if oldest is None or oldest >= cutoff:
            return 0
        with store.write():
            slots = store.slots_older_than(cutoff)
            for slot in slots:
                self._remove_slot(slot)
        return len(slots)

    # -- results ------------------------------------------------------------
    def representative(self, doc_id: DocId) -> DocId:
        """The representative of ``doc_id``'s cluster (KeyError if absent)."""
        store = self._store
        with store.read():
            slot = store.slot_of(doc_id)
            if slot is None:
                raise KeyError(f"document {doc_id!r} is not in the index")
            return store.id_of(store.representative(slot))

    def clusters(self) -> list[list[DocId]]:
        """All clusters, singletons included: a partition of the indexed ids.

        Each cluster lists its representative first, then the other members in
        insertion order; clusters are ordered by their earliest member.
        """
        with self._store.read():
            return self._store.clusters()

    def nbytes(self) -> int:
        """Approximate bytes held by signatures, LSH index and shingle sets
        (with ``path``: the size of the file and its write-ahead log)."""
        return self._store.nbytes()

    def stats(self) -> dict[str, Any]:
        """Documents, clusters, duplicates, bytes, oldest and newest insertion
        time (UTC datetimes, None when empty), path, configuration, and
        ``verified_pairs``: the candidate pairs this object has verified
        (adding and querying, since it was made; at most
        :data:`dedup.candidates.VERIFY_LIMIT` per document, plus at most two
        checks of the chaining guard per containment-only link)."""
        store = self._store
        with store.read():
            documents = store.count()
            clusters = store.cluster_count()
            oldest, newest = store.time_range()
        return {
            "documents": documents,
            "clusters": clusters,
            "duplicates": documents - clusters,
            "bytes": store.nbytes(),
            "oldest": _when(oldest),
            "newest": _when(newest),
            "path": store.path,
            "config": self.config,
            "verified_pairs": self._verified_pairs,
        }

    def vacuum(self) -> None:
        """Give the space of removed documents back to the file system
        (nothing to do in memory)."""
        self._store.vacuum()

    def check(self) -> list[str]:
        """Problems found by SQLite's integrity check, a consistency check
        of documents, clusters, edges and LSH entries, and a check of the type
        and length of every stored value; empty when all is well (always, in
        memory)."""
        return self._store.check()
