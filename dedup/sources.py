"""Reading documents from files for the command line.

* ``name.txt``: one document, id ``name`` (the file name without extension);
* a folder: every ``.txt`` and ``.jsonl`` file below it, recursively, in
  sorted order (other files are counted and reported, not read);
* ``name.jsonl``: one JSON object per line with an id and a text field;
* ``-``: JSON Lines from standard input;
* ``name.html``, ``name.htm`` (optionally gzipped, ``name.html.gz``): one web
  page, id ``name``, its article text extracted with :func:`dedup.html_to_text`
  (``pip install "dedup[html]"``); with ``html=True`` the texts of JSON Lines
  are HTML too.

With ``source_field``, each JSON Lines record's source (a site or feed key:
a string, or null/absent) is written to the ``sources`` dict by id, for a
:class:`dedup.BoilerplateModel`. With ``label_field``, each record's label (a
string or integer, required) is written to the ``labels`` dict by id, for
``dedup evaluate``.

Input is decoded as strict UTF-8 (a leading byte-order mark is allowed).
Every problem is an :class:`InputError` naming the file and line: an
unreadable file, invalid UTF-8, invalid JSON, a missing field, a text that is
not a string, an id that is not a string or integer, an id seen twice. With
``skip_bad`` the reader reports the problem through ``warn`` and goes on.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from typing import BinaryIO, Optional

from .documents import DocId

__all__ = ["InputError", "read_documents"]

TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl",)
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")


class InputError(ValueError):
    """A document that cannot be read, with where it is."""


def _decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: invalid UTF-8 at byte {exc.start}: {exc.reason}") from None


def _read_jsonl(stream: BinaryIO, name: str, id_field: str, text_field: str, warn, skip_bad,
                source_field: Optional[str] = None, sources: Optional[dict] = None,
                label_field: Optional[str] = None, labels: Optional[dict] = None):
    for lineno, raw in enumerate(stream, start=1):
        where = f"{name}:{lineno}"
        try:
            line = _decode(raw, where)
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{where}: invalid JSON: {exc.msg} (column {exc.colno})") from None
            if not isinstance(record, dict):
                raise InputError(f"{where}: expected a JSON object, got {type(record).__name__}")
            if id_field not in record:
                raise InputError(f"{where}: no {id_field!r} field (set --id-field)")
            if text_field not in record:
                raise InputError(f"{where}: no {text_field!r} field (set --text-field)")
            doc_id, text = record[id_field], record[text_field]
            if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)):
                raise InputError(f"{where}: field {id_field!r} must be a string or integer, got {type(doc_id).__name__}")
            if not isinstance(text, str):
                raise InputError(f"{where}: field {text_field!r} must be a string, got {type(text).__name__}")
            if source_field is not None and sources is not None:
                source = record.get(source_field)
                if source is not None and not isinstance(source, str):
                    raise InputError(
                        f"{where}: field {source_field!r} must be a string or null, got {type(source).__name__}"
                    )
                sources[doc_id] = source
            if label_field is not None and labels is not None:
                if label_field not in record:
                    raise InputError(f"{where}: no {label_field!r} field (set --label-field)")
                label = record[label_field]
                if isinstance(label, bool) or not isinstance(label, (str, int)):
                    raise InputError(
                        f"{where}: field {label_field!r} must be a string or integer, got {type(label).__name__}"
                    )
                labels[doc_id] = label
        except InputError as exc:
            if not skip_bad:
                raise
            warn(f"skipped: {exc}")
            continue
        yield doc_id, text, where


def _html_text(html) -> str:
    from .html import html_to_text

    return html_to_text(html)


def _raise(exc: OSError) -> None:
    raise exc


def _walk(folder: str, warn) -> Iterator[str]:
    ignored = 0
    for root, dirs, files in os.walk(folder, onerror=_raise):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            if name.endswith(TEXT_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES):
                yield os.path.join(root, name)
            else:
                ignored += 1
    if ignored:
        warn(f"{folder}: ignored {ignored} file(s) that are neither .txt, .jsonl nor .html")


def _expand(paths: Sequence[str], warn) -> Iterator[str]:
    for path in paths:
        if path != "-" and os.path.isdir(path):
            yield from _walk(path, warn)
        else:
            yield path


def read_documents(
    paths: Sequence[str],
    *,
    id_field: str = "id",
    text_field: str = "text",
    skip_bad: bool = False,
    warn: Optional[Callable[[str], None]] = None,
    stdin: Optional[BinaryIO] = None,
    html: bool = False,
    source_field: Optional[str] = None,
    sources: Optional[dict] = None,
    label_field: Optional[str] = None,
    labels: Optional[dict] = None,
) -> Iterator[tuple[DocId, str]]:
    """Yield ``(id, text)`` from files, folders, JSON Lines and standard input.

    ``html``: the texts of JSON Lines records are HTML pages (``.html`` files
    always are); ``source_field`` and ``sources``: see the module docstring.

    Raises
    ------
    InputError
        On the first bad document or file (unless ``skip_bad``), naming it.
    """
    warn = warn or (lambda msg: print(f"dedup: {msg}", file=sys.stderr))
    seen: dict[DocId, str] = {}

    def records() -> Iterator[tuple[DocId, str, str]]:
        for path in _expand(paths, warn):
            try:
                if path == "-" or path.endswith(JSONL_SUFFIXES):
                    with open(path, "rb") if path != "-" else nullcontext(stdin or sys.stdin.buffer) as stream:
                        name = "<stdin>" if path == "-" else path
                        for doc_id, text, where in _read_jsonl(
                            stream, name, id_field, text_field, warn, skip_bad, source_field, sources,
                            label_field, labels,
                        ):
                            yield doc_id, (_html_text(text) if html else text), where
                elif path.endswith(HTML_SUFFIXES):
                    opener = gzip.open if path.endswith(".gz") else open
                    with opener(path, "rb") as stream:
                        data = stream.read()
                    stem = os.path.basename(path)
                    stem = stem[: -len(next(x for x in HTML_SUFFIXES if stem.endswith(x)))]
                    yield stem, _html_text(data), path
                elif path.endswith(TEXT_SUFFIXES):
                    with open(path, "rb") as stream:
                        data = stream.read()
                    stem = os.path.splitext(os.path.basename(path))[0]
                    yield stem, _decode(data, path), path
                else:
                    raise InputError(
                        f"{path}: unsupported file type (expected .txt, .jsonl, .html[.gz], a folder or -)"
                    )
            except (OSError, EOFError) as exc:  # EOFError: a truncated .gz file
                error = InputError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}")
                if not skip_bad:
                    raise error from None
                warn(f"skipped: {error}")
            except InputError as exc:
                if not skip_bad:
                    raise
                warn(f"skipped: {exc}")

    for doc_id, text, where in records():
        if doc_id in seen:
            error = InputError(f"{where}: duplicate id {doc_id!r} (first seen at {seen[doc_id]})")
            if not skip_bad:
                raise error
            warn(f"skipped: {error}")
            continue
        seen[doc_id] = where
        yield doc_id, text
