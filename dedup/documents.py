"""Validation of the documents handed to dedup.

Every public entry point accepts any iterable (one-shot generators included)
of either plain strings, whose ids are then their positions ``0, 1, 2, ...``
(in a :class:`dedup.Deduplicator`, positions in the order the index received
documents, so a second batch of plain strings continues the numbering),
or ``(id, text)`` pairs. Ids are ``str`` or ``int`` (not ``bool``), texts are
``str``. Anything else is a :class:`TypeError` that says which document and
what is wrong; nothing is skipped silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING

import numpy as np

from .validation import is_str_or_int

if TYPE_CHECKING:
    from .storage import Storage

__all__ = ["DocId", "check_id", "check_text", "iter_documents", "valid_chunks"]

#: A document id: a string, or an integer (positions when texts come alone).
DocId = str | int


def _describe(value: object) -> str:
    return type(value).__name__


def check_id(doc_id: object, position: int | None = None) -> DocId:
    """Return ``doc_id`` if it is a valid id, else raise :class:`TypeError`.

    numpy integers are accepted and returned as ``int``.
    """
    if isinstance(doc_id, np.integer):
        return int(doc_id)
    if not is_str_or_int(doc_id):
        where = "document id" if position is None else f"document at position {position}: id"
        raise TypeError(f"{where} must be str or int, got {_describe(doc_id)} {doc_id!r:.60}")
    return doc_id


def check_text(text: object, doc_id: object) -> str:
    """Return ``text`` if it is a ``str``, else raise :class:`TypeError` naming the document."""
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        raise TypeError(
            f"document {doc_id!r}: text must be str, got {_describe(text)}; decode it first "
            f"(for example text.decode('utf-8'))"
        )
    raise TypeError(f"document {doc_id!r}: text must be str, got {_describe(text)}")


def iter_documents(docs: Iterable[object], start: int = 0) -> Iterator[tuple[DocId, str]]:
    """Yield validated ``(id, text)`` pairs from ``docs``.

    ``docs`` holds either plain strings (ids are positions, counted from
    ``start``) or ``(id, text)`` pairs, not a mix of both. Duplicate ids are not checked here (the index
    knows which ids it holds).

    Raises
    ------
    TypeError
        For a bare ``str``/``bytes`` given instead of an iterable of documents,
        an item that is neither a string nor a pair, a bad id or a non-string
        text, naming the document's position or id.
    """
    if isinstance(docs, (str, bytes, bytearray)):
        raise TypeError(f"expected an iterable of documents, got a single {_describe(docs)}; wrap it in a list: [text]")
    if not isinstance(docs, Iterable):
        raise TypeError(f"expected an iterable of documents, got {_describe(docs)}")
    mode = None
    for position, item in enumerate(docs):
        if isinstance(item, str):
            if mode == "pairs":
                raise TypeError(f"document at position {position}: a plain string among (id, text) pairs")
            mode = "texts"
            yield start + position, item
        elif isinstance(item, (tuple, list)) and len(item) == 2:
            if mode == "texts":
                raise TypeError(f"document at position {position}: an (id, text) pair among plain strings")
            mode = "pairs"
            doc_id = check_id(item[0], position)
            yield doc_id, check_text(item[1], doc_id)
        else:
            raise TypeError(
                f"document at position {position}: expected a str or an (id, text) pair, got {_describe(item)}"
                + (f" of length {len(item)}" if isinstance(item, (tuple, list)) else "")
            )


def valid_chunks(
    store: Storage, docs: Iterator[tuple[DocId, str]], batch_size: int, errors: list
) -> Iterator[list[tuple[DocId, str]]]:
    """Cut documents into chunks of ``batch_size`` whose ids ``store`` may
    add (new, distinct, of a type it keeps); stop at the first bad one,
    recording the error in ``errors`` after yielding the valid documents
    before it."""
    from .storage import Storage  # (it imports this module)

    seen: set = set()
    checks_ids = type(store).id_problem is not Storage.id_problem  # may refuse an id
    while True:
        chunk: list[tuple[DocId, str]] = []
        try:
            chunk.extend(islice(docs, batch_size))
        except (TypeError, ValueError) as exc:
            errors.append(exc)
        ids = [doc_id for doc_id, _ in chunk]
        with store.read():
            present = store.present(ids) if chunk else set()
        if present or checks_ids or len(set(ids)) != len(ids) or not seen.isdisjoint(ids):
            for i, doc_id in enumerate(ids):  # find the first bad id
                problem = store.id_problem(doc_id)
                if problem is None and (doc_id in present or doc_id in seen):
                    where = "already in the index" if doc_id in present else "given twice"
                    problem = f"duplicate document id {doc_id!r}: {where}"
                if problem is not None:
                    errors[:] = [ValueError(problem)]
                    del chunk[i:]
                    break
                seen.add(doc_id)
        else:
            seen.update(ids)  # all new and distinct: nothing to look at one by one
        if chunk:
            yield chunk
        if errors or len(chunk) < batch_size:
            return
