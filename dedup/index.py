"""The streaming near-duplicate index, :class:`Deduplicator`.

Documents are added one by one or in batches. Each batch goes through the
shared stages (:func:`dedup.pipeline.fingerprint`, :func:`dedup.lsh.band_keys`,
:class:`dedup.lsh.LSHIndex`, :func:`dedup.verify.verify_pairs`,
:class:`dedup.components.Components`), and every document is compared with the
documents added before it. Documents whose normalised token streams are
identical are recognised by a 128-bit content key without LSH, so thousands of
wire copies of one story cost one dictionary lookup each and never crowd an
LSH bucket.

Clusters are the connected components of the graph of verified pairs, so the
final partition does not depend on the order in which documents arrive.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Optional

import numpy as np

from .components import Components
from .documents import DocId, check_id, check_text, iter_documents
from .lsh import LSHIndex, band_keys, lsh_params
from .parallel import fingerprint_chunks, resolve_workers
from .pipeline import Fingerprints, fingerprint
from .verify import MatchRule, Scores, verify_pairs

__all__ = [
    "DEFAULT_CONTAINMENT",
    "DEFAULT_LSH_THRESHOLD",
    "DEFAULT_MIN_WORDS",
    "DEFAULT_NGRAM",
    "DEFAULT_NUM_PERM",
    "DEFAULT_THRESHOLD",
    "Deduplicator",
    "Match",
]

#: Default Jaccard threshold on word shingles (see README, "Defaults").
DEFAULT_THRESHOLD = 0.6
#: Default words per shingle (see README, "Defaults").
DEFAULT_NGRAM = 3
#: Default signature length.
DEFAULT_NUM_PERM = 128
#: Default containment threshold (see README, "Defaults").
DEFAULT_CONTAINMENT = 0.8
#: Default minimum words of the shorter document for the containment rule.
DEFAULT_MIN_WORDS = 50
#: Default Jaccard level LSH is tuned for when the containment rule is on.
DEFAULT_LSH_THRESHOLD = 0.5


@dataclass(frozen=True)
class Match:
    """What the index decided about one document.

    Attributes
    ----------
    id : str or int or None
        The document's id (None for :meth:`Deduplicator.query`).
    representative : str or int or None
        Representative of the cluster the document joined, or its own id when
        it is in a cluster of its own (None for a query that matched nothing).
    duplicate_of : str or int or None
        The most similar document indexed before it that meets the rule
        (ties: the earliest), or None.
    similarity : float or None
        The score that made it a match: the Jaccard similarity, or the
        containment when only the containment rule matched (1.0 for an
        identical normalised text); None without a match.
    jaccard, containment : float or None
        Both scores for ``duplicate_of`` (exact unless the index was built
        with ``exact=False``); None without a match.
    """

    id: Optional[DocId]
    representative: Optional[DocId]
    duplicate_of: Optional[DocId] = None
    similarity: Optional[float] = None
    jaccard: Optional[float] = None
    containment: Optional[float] = None

    @property
    def is_duplicate(self) -> bool:
        """True when the document matched an earlier one."""
        return self.duplicate_of is not None


def _check_fraction(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 < value <= 1.0:
        raise ValueError(f"{name} must be a number in (0, 1], got {value!r}")


def _check_params(threshold, num_perm, ngram, seed, batch_size) -> None:
    _check_fraction("threshold", threshold)
    for name, value, low in (("num_perm", num_perm, 2), ("ngram", ngram, 1), ("batch_size", batch_size, 1)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**32:
        raise ValueError(f"seed must be an integer in [0, 2**32), got {seed!r}")


class Deduplicator:
    """A streaming index that clusters near-duplicate documents.

    Parameters
    ----------
    threshold : float, default 0.6
        Minimum Jaccard similarity of the documents' word-shingle sets for two
        documents to be duplicates.
    num_perm : int, default 128
        MinHash signature length. More permutations: more accurate estimates,
        more memory and time.
    ngram : int, default 3
        Words per shingle.
    seed : int, default 1
        Seed of the MinHash permutations (datasketch's ``seed``).
    strip : bool, default True
        Remove boilerplate lines (:func:`dedup.strip_boilerplate`) before
        fingerprinting.
    exact : bool, default True
        Keep each document's shingle hashes so candidates are verified with
        the exact Jaccard similarity (about 4 bytes per word). With False, the
        MinHash estimate decides and memory is signatures plus LSH only.
    containment : float or None, default 0.8
        Also a duplicate: a document whose shingles are at least this share
        contained in another's (a teaser, a truncated copy). None: Jaccard only.
    min_words : int, default 50
        The containment rule needs the shorter document to have at least this
        many words, so two short texts sharing a phrase do not match.
    lsh_threshold : float, optional
        Jaccard level the LSH bands are tuned for; by default ``threshold``,
        or ``min(threshold, 0.5)`` with the containment rule, so that copies
        with high containment but modest Jaccard are found as candidates.
    bands : (int, int), optional
        LSH ``(bands, rows)``; by default chosen for ``lsh_threshold`` and
        ``num_perm`` by datasketch's optimiser with ``lsh_weights``.
    lsh_weights : (float, float), default (0.1, 0.9)
        Weights of false positives and false negatives for that optimiser.
        Recall is favoured because every candidate is verified.
    batch_size : int, default 2048
        Documents processed together by :meth:`add_many`.

    Examples
    --------
    >>> index = Deduplicator()
    >>> index.add("a", "The quick brown fox jumps over the lazy dog near the river bank.")
    Match(id='a', representative='a', duplicate_of=None, similarity=None, jaccard=None, containment=None)
    >>> index.add("b", "The quick brown fox jumps over the lazy dog near the river bank!").duplicate_of
    'a'
    """

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        num_perm: int = DEFAULT_NUM_PERM,
        ngram: int = DEFAULT_NGRAM,
        seed: int = 1,
        strip: bool = True,
        *,
        exact: bool = True,
        containment: Optional[float] = DEFAULT_CONTAINMENT,
        min_words: int = DEFAULT_MIN_WORDS,
        lsh_threshold: Optional[float] = None,
        bands: Optional[tuple[int, int]] = None,
        lsh_weights: tuple[float, float] = (0.1, 0.9),
        batch_size: int = 2048,
    ) -> None:
        _check_params(threshold, num_perm, ngram, seed, batch_size)
        if containment is not None:
            _check_fraction("containment", containment)
        if isinstance(min_words, bool) or not isinstance(min_words, (int, np.integer)) or min_words < 0:
            raise ValueError(f"min_words must be an integer >= 0, got {min_words!r}")
        if lsh_threshold is None:
            lsh_threshold = threshold if containment is None else min(threshold, DEFAULT_LSH_THRESHOLD)
        _check_fraction("lsh_threshold", lsh_threshold)
        if bands is None:
            bands = lsh_params(float(lsh_threshold), int(num_perm), (float(lsh_weights[0]), float(lsh_weights[1])))
        elif len(bands) != 2 or bands[0] * bands[1] > num_perm or min(bands) < 1:
            raise ValueError(f"bands must be (bands, rows) with bands * rows <= num_perm, got {bands!r}")
        self.threshold = float(threshold)
        self.containment = None if containment is None else float(containment)
        self.min_words = int(min_words)
        self.lsh_threshold = float(lsh_threshold)
        self._rule = MatchRule(self.threshold, self.containment, self.min_words)
        self.num_perm = int(num_perm)
        self.ngram = int(ngram)
        self.seed = int(seed)
        self.strip = bool(strip)
        self.exact = bool(exact)
        self.bands = (int(bands[0]), int(bands[1]))
        self.batch_size = int(batch_size)

        self._ids: list[Optional[DocId]] = []
        self._slot_of: dict[DocId, int] = {}
        self._sigs = np.empty((0, self.num_perm), dtype=np.uint32)
        self._lengths = np.empty(0, dtype=np.int64)
        self._sets: list = []  # shingle hashes; sorted and distinct once _sorted[slot]
        self._sorted: list[bool] = []
        self._key_of: list[Optional[bytes]] = []
        self._content: dict[bytes, int] = {}  # content key -> slot in the LSH index
        self._copies: dict[int, list[int]] = {}  # indexed slot -> identical later slots
        self._lsh = LSHIndex()
        self._components = Components(lambda slot: int(self._lengths[slot]))

    # -- container protocol -------------------------------------------------
    def __len__(self) -> int:
        """Number of documents in the index."""
        return len(self._slot_of)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._slot_of

    def __repr__(self) -> str:
        return (
            f"Deduplicator(threshold={self.threshold}, containment={self.containment}, num_perm={self.num_perm}, "
            f"ngram={self.ngram}, seed={self.seed}, strip={self.strip}, bands={self.bands}, documents={len(self)})"
        )

    # -- adding -------------------------------------------------------------
    def add(self, doc_id: DocId, text: str) -> Match:
        """Index one document and return what it matched.

        Raises
        ------
        ValueError
            If ``doc_id`` is already in the index.
        TypeError
            If ``doc_id`` is not a str/int or ``text`` is not a str.
        """
        return self.add_many([(check_id(doc_id), text)])[0]

    def add_many(self, docs: Iterable, *, workers: Optional[int] = None) -> list[Match]:
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
        """
        workers = resolve_workers(workers)
        errors: list[BaseException] = []
        results: list[Match] = []
        chunks = self._valid_chunks(iter_documents(docs, start=len(self._ids)), errors)
        for chunk, fp in fingerprint_chunks(
            chunks,
            lambda chunk: [text for _, text in chunk],
            workers=workers,
            ngram=self.ngram,
            num_perm=self.num_perm,
            seed=self.seed,
            strip=self.strip,
            keep_shingles=self.exact,
        ):
            results.extend(self._add_chunk(chunk, fp))
        if errors:
            raise errors[0]
        return results

    def _valid_chunks(self, docs: Iterator[tuple[DocId, str]], errors: list) -> Iterator[list[tuple[DocId, str]]]:
        """Cut validated documents into chunks; stop at the first bad one,
        recording the error after yielding the valid documents before it."""
        seen: set = set()
        while True:
            chunk: list[tuple[DocId, str]] = []
            try:
                chunk.extend(islice(docs, self.batch_size))
            except (TypeError, ValueError) as exc:
                errors.append(exc)
            for i, (doc_id, _) in enumerate(chunk):
                if doc_id in self._slot_of or doc_id in seen:
                    where = "already in the index" if doc_id in self._slot_of else "given twice"
                    errors[:] = [ValueError(f"duplicate document id {doc_id!r}: {where}")]
                    del chunk[i:]
                    break
                seen.add(doc_id)
            if chunk:
                yield chunk
            if errors or len(chunk) < self.batch_size:
                return

    def _grow(self, extra: int) -> None:
        need = len(self._ids) + extra
        if need > len(self._lengths):
            cap = max(need, 2 * len(self._lengths), 1024)
            sigs = np.empty((cap, self.num_perm), dtype=np.uint32)
            sigs[: len(self._ids)] = self._sigs[: len(self._ids)]
            lengths = np.zeros(cap, dtype=np.int64)
            lengths[: len(self._ids)] = self._lengths[: len(self._ids)]
            self._sigs, self._lengths = sigs, lengths

    def _fingerprint(self, texts: list[str]) -> Fingerprints:
        return fingerprint(
            texts, ngram=self.ngram, num_perm=self.num_perm, seed=self.seed, strip=self.strip, keep_shingles=self.exact
        )

    def _shingle_set(self, slot: int) -> np.ndarray:
        if not self._sorted[slot]:
            self._sets[slot] = np.unique(self._sets[slot])
            self._sorted[slot] = True
        return self._sets[slot]

    def _verified(self, left_sigs, left_words, left_sets, right_slots: np.ndarray) -> Scores:
        """Verify (left, indexed slot) pairs with the index's rule."""
        return verify_pairs(
            left_sigs,
            self._sigs[right_slots],
            left_words,
            self._lengths[right_slots],
            self._rule,
            sets_left=left_sets if self.exact else None,
            sets_right=(lambda i: self._shingle_set(int(right_slots[i]))) if self.exact else None,
        )

    def _add_chunk(self, chunk: list[tuple[DocId, str]], fp: Fingerprints) -> list[Match]:
        m = len(chunk)
        if m == 0:
            return []
        self._grow(m)
        first = len(self._ids)
        slots = np.arange(first, first + m, dtype=np.int64)
        self._sigs[first : first + m] = fp.signatures
        self._lengths[first : first + m] = fp.token_counts
        for i, ((doc_id, _), key) in enumerate(zip(chunk, fp.content_keys)):
            slot = len(self._ids)
            self._ids.append(doc_id)
            self._slot_of[doc_id] = slot
            self._key_of.append(key)
            self._sets.append(fp.shingles(i) if self.exact else None)
            self._sorted.append(False)
            self._components.add(slot)

        # Exact copies (identical normalised text) of an indexed document.
        copy_of: dict[int, int] = {}
        fresh: list[int] = []
        for i, key in enumerate(fp.content_keys):
            if key is None:
                continue
            original = self._content.get(key)
            if original is None:
                self._content[key] = first + i
                fresh.append(i)
            else:
                copy_of[i] = original
                self._copies.setdefault(original, []).append(first + i)
                if self.exact:
                    self._sets[first + i] = self._sets[original]
                    self._sorted[first + i] = self._sorted[original]

        # LSH candidates among documents with new content; keep earlier ones.
        edges: dict[int, list[tuple[int, float, float, float]]] = {}
        if fresh:
            fresh_idx = np.asarray(fresh, dtype=np.int64)
            keys = band_keys(fp.signatures[fresh_idx], *self.bands)
            self._lsh.insert(slots[fresh_idx], keys)
            rows, items = self._lsh.query(keys)
            left = slots[fresh_idx][rows]
            earlier = items < left
            items, left = items[earlier], left[earlier]
            sc = self._verified(self._sigs[left], self._lengths[left], lambda i: self._shingle_set(int(left[i])), items)
            ok = sc.accept
            for slot, other, sim, jac, cont in zip(
                left[ok].tolist(),
                items[ok].tolist(),
                sc.similarity[ok].tolist(),
                sc.jaccard[ok].tolist(),
                sc.containment[ok].tolist(),
            ):
                edges.setdefault(slot, []).append((other, sim, jac, cont))

        results = []
        for i, (doc_id, _) in enumerate(chunk):
            slot = first + i
            best: Optional[tuple[int, float, float, float]] = None
            if i in copy_of:
                best = (copy_of[i], 1.0, 1.0, 1.0)
                self._components.union(slot, copy_of[i])
            for edge in edges.get(slot, ()):
                self._components.union(slot, edge[0])
                if best is None or edge[1] > best[1] or (edge[1] == best[1] and edge[0] < best[0]):
                    best = edge
            rep = self._id(self._components.representative(slot))
            if best is None:
                results.append(Match(doc_id, rep))
            else:
                results.append(Match(doc_id, rep, self._id(best[0]), best[1], best[2], best[3]))
        return results

    # -- querying -----------------------------------------------------------
    def query(self, text: str) -> Match:
        """What :meth:`add` would return for ``text``, without adding it.

        The returned :class:`Match` has ``id=None``; ``representative`` is the
        representative of the best match's cluster, or None without a match.
        """
        text = check_text(text, "<query>")
        fp = self._fingerprint([text])
        key = fp.content_keys[0]
        if key is None:
            return Match(None, None)
        original = self._content.get(key)
        if original is not None:
            return Match(None, self._id(self._components.representative(original)), self._id(original), 1.0, 1.0, 1.0)
        keys = band_keys(fp.signatures, *self.bands)
        _, items = self._lsh.query(keys)
        if len(items) == 0:
            return Match(None, None)
        query_set = np.unique(fp.shingles(0)) if self.exact else None
        sc = self._verified(
            np.broadcast_to(fp.signatures[0], (len(items), self.num_perm)),
            np.full(len(items), fp.token_counts[0]),
            lambda i: query_set,
            items,
        )
        if not sc.accept.any():
            return Match(None, None)
        cand = np.flatnonzero(sc.accept)
        best = cand[np.lexsort((items[cand], -sc.similarity[cand]))[0]]
        slot = int(items[best])
        return Match(
            None,
            self._id(self._components.representative(slot)),
            self._id(slot),
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
        if doc_id not in self._slot_of:
            raise KeyError(f"document {doc_id!r} is not in the index")
        slot = self._slot_of.pop(doc_id)
        key = self._key_of[slot]
        if key is not None and self._content.get(key) == slot:
            successors = self._copies.pop(slot, [])
            if successors:
                # An identical copy takes the removed document's place.
                heir = successors[0]
                if successors[1:]:
                    self._copies[heir] = successors[1:]
                self._content[key] = heir
                self._lsh.insert(np.array([heir]), band_keys(self._sigs[heir : heir + 1], *self.bands))
                self._components.move_edges(slot, heir)
            else:
                del self._content[key]
            self._lsh.remove(np.array([slot]))
        elif key is not None:
            original = self._content[key]
            self._copies[original].remove(slot)
            if not self._copies[original]:
                del self._copies[original]
        self._components.remove(slot)
        self._ids[slot] = None
        self._sets[slot] = None

    # -- results ------------------------------------------------------------
    def representative(self, doc_id: DocId) -> DocId:
        """The representative of ``doc_id``'s cluster (KeyError if absent)."""
        if doc_id not in self._slot_of:
            raise KeyError(f"document {doc_id!r} is not in the index")
        return self._id(self._components.representative(self._slot_of[doc_id]))

    def _id(self, slot: int) -> DocId:
        doc_id = self._ids[slot]
        assert doc_id is not None, f"slot {slot} was removed"
        return doc_id

    def clusters(self) -> list[list[DocId]]:
        """All clusters, singletons included: a partition of the indexed ids.

        Each cluster lists its representative first, then the other members in
        insertion order; clusters are ordered by their earliest member.
        """
        return [[self._id(s) for s in cluster] for cluster in self._components.clusters()]

    def nbytes(self) -> int:
        """Approximate bytes held by signatures, LSH index and shingle sets."""
        n = len(self._ids)
        sets = sum(s.nbytes for s in {id(x): x for x in self._sets if x is not None}.values())
        return self._sigs[:n].nbytes + self._lsh.nbytes() + sets

