"""Batch entry points: :func:`cluster` and :func:`signatures`.

Both are thin functions over the shared stages: :func:`cluster` feeds a
:class:`dedup.Deduplicator` and returns its partition, :func:`signatures` runs
the fingerprinting stage alone.

**The corpus model** (``corpus_model=True``, the default of :func:`cluster`
and ``dedup cluster``): a batch has the whole corpus at hand, so it reads it
twice (:func:`learn_corpus`). The first pass learns a
:class:`dedup.BoilerplateModel` from every document that has a source (a
site or feed key; see :func:`cluster`'s ``sources``), counting lines per
source; the second removes from each document the lines learned for *its*
source (:meth:`~dedup.BoilerplateModel.strippers`,
applied with :func:`dedup.pipeline.clean_text`, so a document left without a
word keeps its text) and hands it to the index. A document without a source
is neither learned from nor changed: without a source the model cannot tell
a site's template from lines that different sites' pages share (a story's
copies on several sites, common phrases), and learning over all documents
as one source lost recall and merged more different stories on the held-out
quality corpus (README, "Boilerplate removal"). Input without any source
is therefore clustered as with ``corpus_model=False``. A list or tuple is simply
read again; any other iterable (a one-shot generator) is written, pickled in
chunks, to a temporary file during the first pass and read back: memory
stays bounded by a chunk, and the disk holds the texts once until the call
returns.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any

import numpy as np

from .config import Config, split_options
from .documents import DocId, check_text, iter_documents
from .index import Deduplicator
from .parallel import fingerprint_chunks, resolve_workers
from .pipeline import clean_text
from .sources import is_url, source_key

# Documents per unit of work handed to a worker process.
_CHUNK_DOCS = 2048

__all__ = ["cluster", "learn_corpus", "signatures", "url_source"]

#: What :func:`cluster` takes as ``sources``.
Sources = Mapping[DocId, str | None] | Callable[[DocId], str | None] | None


def cluster(
    docs: Iterable[Any],
    *,
    config: Config | None = None,
    workers: int | None = None,
    sources: Sources = None,
    **options: Any,
) -> list[list[DocId]]:
    """Group near-duplicate documents.

    Parameters
    ----------
    docs : iterable
        ``(id, text)`` pairs, or plain strings whose ids are their positions.
        Any iterable works, a one-shot generator included.
    config : dedup.Config, optional
        The configuration (default: the defaults); its parameters may also be
        given as keywords (``threshold=0.7``: the minimum Jaccard similarity of
        word-shingle sets for two documents to be linked; clusters are the
        connected components of those links), which change those of ``config``.
    workers : int or None, default None
        Processes that fingerprint documents; None uses every available core
        when the input is large enough to pay for it. Results are identical
        for any value.
    sources : mapping or callable, optional
        Each document's source for the corpus model (a site or feed key;
        a URL stands for its host): a mapping from id to source, or a
        function of the id (a missing id or None: no source). By default an
        id that is a URL (``https://example.com/2024/story``) gives its host
        (``example.com``), any other id no source. Documents without a source
        are left to the single-document stripper (``sources=lambda id: "all"``
        makes the whole input one source).
    **options
        Any :class:`dedup.Config` parameter (``threshold``, ``num_perm``,
        ``ngram``, ``seed``, ``strip``, ``exact``, ``bands``, ...) or other
        :class:`Deduplicator` parameter (``batch_size``). With
        ``corpus_model`` (the default, with ``strip``), the lines that recur
        across the input's different stories of a source are learned first
        and removed too: a second pass over ``docs`` (a one-shot iterator is
        kept in a temporary file meanwhile; see :mod:`dedup.batch`).

    Returns
    -------
    list of list
        A partition of the ids: every id exactly once, singletons included.
        Each cluster starts with its representative (most tokens after
        stripping; ties to the earliest), followed by the other members in
        input order; clusters are ordered by their earliest member. Each
        document is verified against at most
        :data:`dedup.candidates.VERIFY_LIMIT` earlier documents; as long as
        none has more LSH candidates than that, the partition does not depend
        on the input order (see :mod:`dedup.candidates`).

    Raises
    ------
    ValueError
        On a duplicated id (naming it) or an invalid parameter.
    TypeError
        On a malformed document (naming it).

    Examples
    --------
    >>> cluster(["A storm hit the coast on Monday night.",
    ...          "A storm hit the coast on Monday night!",
    ...          "Markets rallied after the central bank cut rates."])
    [[0, 1], [2]]
    """
    mine, others = split_options(options)
    settings = Config.make(config, **mine)
    index = Deduplicator(config=settings, **others)
    if settings.corpus_model and settings.strip and settings.boilerplate_model is None:
        _, docs = learn_corpus(docs, sources)
    elif sources is not None:
        _source_function(sources)  # validated all the same
    index._add_all(docs, workers=workers)
    return index.clusters()


def url_source(doc_id: DocId) -> str | None:
    """The source of a document by default: the host of an id that is a URL
    (:func:`dedup.sources.source_key`), else None."""
    return source_key(doc_id) if isinstance(doc_id, str) and is_url(doc_id) else None


def _source_function(sources: Sources) -> Callable[[DocId], str | None]:
    """``sources`` as a function of the id (see :func:`cluster`)."""
    if sources is None:
        return url_source
    if isinstance(sources, Mapping):
        return sources.get
    if callable(sources):
        return sources
    raise TypeError(f"sources must be a mapping or a function of the id, or None, got {type(sources).__name__}")


def learn_corpus(
    docs: Iterable[Any], sources: Sources = None, progress: Callable[[int], None] | None = None
) -> tuple[int, Iterable[Any]]:
    """The corpus model's two passes over ``docs`` (see the module documentation).

    Learns a :class:`dedup.BoilerplateModel` from ``docs`` (``sources`` as
    for :func:`cluster`; ``progress(n)`` after each ``n`` documents learned),
    then returns the number of documents and an iterable of ``(id, text)``
    with each text's learned lines of its source removed (``docs`` itself
    when it is a list or tuple and nothing was learned). Bad documents raise
    as :class:`dedup.Deduplicator` would (naming them) during the first pass.
    """
    from .boilerplate import BoilerplateModel

    source_of = _source_function(sources)
    model = BoilerplateModel()
    replay = docs if isinstance(docs, Sequence) else None
    spool = None if replay is not None else tempfile.TemporaryFile(prefix="dedup-corpus-")
    n = 0
    try:
        it = iter_documents(docs)
        while chunk := list(islice(it, _CHUNK_DOCS)):
            keys = []
            for doc_id, _ in chunk:
                key = source_of(doc_id)
                if key is not None and not isinstance(key, str):
                    raise TypeError(f"document {doc_id!r}: its source must be a str or None, got {type(key).__name__}")
                keys.append(None if key is None else source_key(key))
            sourced = [k for k, key in enumerate(keys) if key is not None]
            if sourced:
                model.update([chunk[k][1] for k in sourced], sources=[keys[k] for k in sourced])
            if spool is not None:
                pickle.dump([(*doc, key) for doc, key in zip(chunk, keys)], spool, pickle.HIGHEST_PROTOCOL)
            n += len(chunk)
            if progress is not None:
                progress(len(chunk))
    except BaseException:
        if spool is not None:
            spool.close()
        raise
    strippers = model.strippers()
    if not strippers and replay is not None:  # nothing learned: the input as it is
        return n, replay

    def keyed() -> Iterator[tuple[DocId, str, str | None]]:
        if replay is not None:
            for doc_id, text in iter_documents(replay):
                key = source_of(doc_id)
                yield doc_id, text, None if key is None else source_key(key)
            return
        assert spool is not None
        with spool:
            spool.seek(0)
            while True:
                try:
                    yield from pickle.load(spool)
                except EOFError:
                    return

    def stripped() -> Iterator[tuple[DocId, str]]:
        for doc_id, text, key in keyed():
            stripper = None if key is None else strippers.get(key)
            yield doc_id, text if stripper is None else clean_text(text, False, stripper)

    return n, stripped()


def signatures(
    texts: Iterable[str], *, config: Config | None = None, workers: int | None = None, **options: Any
) -> np.ndarray:
    """MinHash signatures of ``texts``.

    Parameters
    ----------
    texts : iterable of str
        Document texts.
    config : dedup.Config, optional
        Its fingerprinting parameters (``num_perm``, ``ngram``, ``seed``,
        ``strip``, ``boilerplate_model``) decide the signatures; they may also
        be given as keywords, as for :class:`Deduplicator`.
    workers : int or None, default None
        Processes to use; None uses every available core for large inputs.
        The result does not depend on it.

    Returns
    -------
    numpy.ndarray
        ``uint32`` array of shape ``(n, num_perm)``. Row ``i`` equals the hash
        values of ``datasketch.MinHash(num_perm=num_perm, seed=seed,
        hashfunc=dedup.shingle_hash)`` updated with the shingles of the
        (stripped) text; :func:`dedup.to_lean_minhash` wraps a row for
        datasketch. A text without any word has the empty signature
        (every value ``2**32 - 1``).
    """
    settings = Config.make(config, **options).frozen()
    workers = resolve_workers(workers)
    if isinstance(texts, (str, bytes)):
        raise TypeError(f"expected an iterable of texts, got a single {type(texts).__name__}; wrap it in a list")
    checked = (check_text(t, i) for i, t in enumerate(texts))
    chunks = iter(lambda: list(islice(checked, _CHUNK_DOCS)), [])
    parts = [
        fp.signatures
        for _, fp in fingerprint_chunks(
            chunks, lambda chunk: chunk, workers=workers, **settings.fingerprint_options(keep_shingles=False)
        )
    ]
    return np.concatenate(parts) if parts else np.empty((0, settings.num_perm), dtype=np.uint32)
