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
from typing import Optional, Union

import numpy as np

from .validation import is_str_or_int

__all__ = ["DocId", "check_id", "check_text", "iter_documents"]

#: A document id: a string, or an integer (positions when texts come alone).
DocId = Union[str, int]


def _describe(value: object) -> str:
    return type(value).__name__


def check_id(doc_id: object, position: Optional[int] = None) -> DocId:
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
        raise TypeError(
            f"expected an iterable of documents, got a single {_describe(docs)}; wrap it in a list: [text]"
        )
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
