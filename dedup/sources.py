"""Reading documents from files for the command line.

* ``name.txt``: one document;
* ``name.html``, ``name.htm`` (optionally gzipped, ``name.html.gz``): one web
  page, its article text extracted with :func:`dedup.html_to_text`
  (``pip install "news-dedup[html]"``);
* ``name.jsonl``: one JSON object per line with an id and a text field;
* a folder: every ``.txt``, ``.html[.gz]``/``.htm[.gz]`` and ``.jsonl`` file
  below it, recursively, in sorted order (at each level the files by name,
  then the sub-folders by name);
* ``-``: JSON Lines from standard input.

**Ids.** A document read from a file of its own (``.txt``, ``.html``) has
the file's path as id: the path as given on the command line, joined with the
path below a folder argument, normalised (``./a//b`` is ``a/b``) and with
``/`` between its parts, suffix included: ``seeds/000_19b6cf287e338798.txt``,
``crawl/site/slug/index.html``.  Two different files therefore never share an
id (``a/x.txt`` and ``b/x.txt``, ``x.txt`` and ``x.html``); one file reached
twice (an argument given twice, or inside another argument's folder) is one
id seen twice, which is an error.  JSON Lines records carry their own ids.

**What is read.** Only regular files (a symbolic link to one included): a
FIFO, a device (``/dev/zero``) or a socket is an error, found without reading
from it.  Inside a folder, names starting with ``.`` (hidden files and
folders), links to folders (which could loop, or reach far outside the
folder) and files with other suffixes are not read; :class:`InputReport`
counts them for the summary line.  A document (a file, an inflated
``.gz`` page, a JSON Lines line) larger than ``max_size`` bytes is an error
found after reading at most ``max_size + 1`` bytes of it.

**Text that is HTML.** Without ``html=True``, a text (a ``.txt`` file or a
JSON Lines record) that is a whole HTML page (it starts with
``<!DOCTYPE html>`` or ``<html>``, or has both a ``<head>`` and a ``<body>``
tag) is an
error saying how to have its article text extracted; a text with HTML tags
that is not a whole page (a fragment such as ``<p>...</p>``) is fingerprinted
as it is, with one warning per file.

With ``source_field`` (a field name, or names tried in order), each JSON
Lines record's source (a site or feed key, or a URL whose host is the key:
see :func:`source_key`; a string, or null/absent) is written to the
``sources`` dict by id, for a :class:`dedup.BoilerplateModel`. With ``label_field``, each record's label (a
string or integer, required) is written to the ``labels`` dict by id, for
``dedup evaluate``.

Input is decoded as strict UTF-8 (a leading byte-order mark is allowed).
Every problem is an :class:`InputError` naming the file and line: an
unreadable file or folder, a file that is not a regular file or too large,
invalid UTF-8, invalid JSON (nested too deeply included), a missing field, a
text that is not a string, an id that is not a string or integer or that is
not valid Unicode (a lone surrogate), an id seen twice, an HTML page given as
text. With ``skip_bad`` the reader reports the problem through ``warn``,
counts it in the report and goes on.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import stat
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO
from urllib.parse import urlsplit

from .documents import DocId
from .html import has_tags, page_evidence
from .validation import is_str_or_int

__all__ = [
    "DEFAULT_MAX_SIZE",
    "InputError",
    "InputReport",
    "Inputs",
    "decode",
    "format_size",
    "is_url",
    "parse_size",
    "read_documents",
    "read_file",
    "scan_inputs",
    "source_key",
    "text_of",
    "too_large",
]

TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl",)
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")

#: The largest document read by default, in bytes (10 MiB): a file, an
#: inflated ``.html.gz`` page or a JSON Lines line.
DEFAULT_MAX_SIZE = 10 * 1024 * 1024

#: A URL: a scheme, then ``://`` (its host is a document's source key).
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
#: The JSON Lines fields read for a document's source by default, in order.
SOURCE_FIELDS = ("site", "url")
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.IGNORECASE)
_SIZE_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


class InputError(ValueError):
    """A document that cannot be read, with where it is."""


def parse_size(text: str) -> int:
    """Bytes in ``10M``, ``512K``, ``2G`` (powers of 1024) or a plain number."""
    match = _SIZE.match(text)
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"expected a size such as 10M, 512K, 2G or 1000000 (bytes), got {text!r}")
    return int(float(match.group(1)) * _SIZE_UNITS[match.group(2).lower()])


def format_size(size: int) -> str:
    """``10M`` for 10 MiB: the shortest exact spelling :func:`parse_size` reads."""
    for unit in ("T", "G", "M", "K"):
        if size % _SIZE_UNITS[unit.lower()] == 0:
            return f"{size // _SIZE_UNITS[unit.lower()]}{unit}"
    return str(size)


@dataclass
class InputReport:
    """What a run did not read, for its summary line: a count and the first
    path of each kind (``hidden``, ``linked_folders``, ``other_files``,
    ``bad``)."""

    counts: dict[str, int] = field(default_factory=dict)
    examples: dict[str, str] = field(default_factory=dict)

    #: kind -> (singular, plural) in the summary line
    KINDS = {
        "hidden": ("hidden file or folder", "hidden files or folders"),
        "linked_folders": ("link to a folder", "links to folders"),
        "other_files": ("file of another type", "files of other types"),
        "bad": ("bad document or file", "bad documents or files"),
    }

    def add(self, kind: str, path: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        self.examples.setdefault(kind, path)

    def summary(self) -> str:
        """``"skipped: 2 hidden files or folders (e.g. data/.git), ..."``, or ``""``."""
        parts = []
        for kind, (one, many) in self.KINDS.items():
            n = self.counts.get(kind, 0)
            if n:
                parts.append(f"{n} {one if n == 1 else many} (e.g. {self.examples[kind]})")
        return "skipped: " + ", ".join(parts) if parts else ""


@dataclass
class Inputs:
    """The files a run reads, found before any document is read.

    ``files`` in reading order (``"-"`` for standard input); ``total_bytes``
    their size on disk (None with standard input); ``identities`` the
    ``(device, inode)`` of each file, to refuse an output that is an input."""

    files: list[str]
    total_bytes: int | None
    identities: set[tuple[int, int]]
    report: InputReport


def _normal(path: str) -> str:
    """The id of a file: its path, normalised, with ``/`` between parts."""
    return os.path.normpath(path).replace(os.sep, "/")


def _readable_suffix(name: str) -> bool:
    return name.endswith(TEXT_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES)


def _walk(folder: str, report: InputReport, fail: Callable[[InputError], None]) -> Iterator[tuple[str, os.stat_result]]:
    """The files to read below ``folder`` with their ``stat`` (following
    links), in sorted order: at each level the files, then the sub-folders.
    Iterative, so a deep tree cannot exhaust Python's recursion limit."""
    stack: list[Iterator[str]] = [iter([folder])]
    while stack:
        current = next(stack[-1], None)
        if current is None:
            stack.pop()
            continue
        try:
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            fail(InputError(f"{current}: cannot read folder: {exc.strerror or exc}"))
            continue
        subfolders = []
        for entry in entries:
            try:
                if entry.name.startswith("."):
                    report.add("hidden", entry.path)
                elif entry.is_dir(follow_symlinks=False):
                    subfolders.append(entry.path)
                elif entry.is_symlink() and entry.is_dir():
                    report.add("linked_folders", entry.path)
                elif _readable_suffix(entry.name):
                    yield entry.path, entry.stat()
                else:
                    report.add("other_files", entry.path)
            except OSError as exc:  # e.g. a link to a file that no longer exists
                fail(InputError(f"{entry.path}: cannot read: {exc.strerror or exc}"))
        stack.append(iter(subfolders))


def scan_inputs(
    paths: Sequence[str],
    *,
    skip_bad: bool = False,
    warn: Callable[[str], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Inputs:
    """Find the files ``paths`` name (folders expanded), before reading any.

    ``progress(1)`` is called for each file found.

    Raises
    ------
    InputError
        For a path that does not exist or cannot be listed, or of an
        unsupported type (unless ``skip_bad``: then warned and counted).
    """
    warn = warn or _warn
    report = InputReport()
    files: list[str] = []
    identities: set[tuple[int, int]] = set()
    total: int | None = 0

    def fail(error: InputError) -> None:
        if not skip_bad:
            raise error
        warn(f"skipped: {error}")
        report.add("bad", str(error).split(": ", 1)[0])

    def found(path: str, st: os.stat_result) -> None:
        nonlocal total
        files.append(path)
        identities.add((st.st_dev, st.st_ino))
        if total is not None and stat.S_ISREG(st.st_mode):
            total += st.st_size
        if progress is not None:
            progress(1)

    for path in paths:
        if path == "-":
            files.append(path)
            total = None
            continue
        try:
            st = os.stat(path)
        except OSError as exc:
            fail(InputError(f"{path}: cannot read: {exc.strerror or exc}"))
            continue
        if stat.S_ISDIR(st.st_mode):
            for name, file_st in _walk(path, report, fail):
                found(name, file_st)
        elif _readable_suffix(path):
            found(path, st)
        else:
            fail(InputError(f"{path}: unsupported file type (expected .txt, .jsonl, .html[.gz], a folder or -)"))
    return Inputs(files, total, identities, report)


def _warn(message: str) -> None:
    print(f"dedup: {message}", file=sys.stderr)


_FILE_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def _open_regular(path: str) -> BinaryIO:
    """Open ``path`` for reading if it is a regular file (a link to one
    included), else raise :class:`InputError`.  Opened without blocking, so a
    FIFO cannot hang the run before it is recognised."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _FILE_KINDS if test(mode)), "not a file")
            raise InputError(f"{path}: not a regular file ({kind}); only regular files are read")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def too_large(where: str, max_size: int, what: str = "larger than") -> InputError:
    return InputError(
        f"{where}: document {what} {format_size(max_size)} ({max_size} bytes), the limit (raise it with --max-doc-size)"
    )


def _read_at_most(stream: BinaryIO | io.BufferedIOBase, limit: int, first: int = 1 << 16) -> bytes:
    """Up to ``limit`` bytes of ``stream``, read in pieces (``read(limit)``
    would allocate ``limit`` bytes at once); ``first``: the expected size."""
    pieces = []
    total = 0
    size = max(1, min(first, limit))
    while total < limit:
        piece = stream.read(min(size, limit - total))
        if not piece:
            break
        pieces.append(piece)
        total += len(piece)
        size = 1 << 20
    return b"".join(pieces)


def read_file(path: str, max_size: int = DEFAULT_MAX_SIZE, progress: Callable[[int], None] | None = None) -> bytes:
    """The bytes of one document file (a ``.gz`` file inflated), at most
    ``max_size`` of them.

    Raises
    ------
    InputError
        If ``path`` is not a regular file, cannot be read, is not valid gzip
        or holds more than ``max_size`` bytes (inflated), naming the file.
    """
    try:
        with _open_regular(path) as raw:
            if path.endswith(".gz"):
                try:
                    with gzip.GzipFile(fileobj=raw, mode="rb") as inflated:
                        data = _read_at_most(inflated, max_size + 1)  # never inflates more
                except (EOFError, gzip.BadGzipFile, zlib.error) as exc:  # EOFError: a truncated file
                    raise InputError(f"{path}: cannot read: not a valid gzip file ({exc})") from None
                if len(data) > max_size:
                    raise too_large(path, max_size, "inflates to more than")
                size = raw.tell()
            else:
                data = _read_at_most(raw, max_size + 1, os.fstat(raw.fileno()).st_size + 1)
                if len(data) > max_size:
                    raise too_large(path, max_size)
                size = len(data)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if progress is not None:
        progress(size)
    return data


def decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: invalid UTF-8 at byte {exc.start}: {exc.reason}") from None


def text_of(text: str, where: str, hint: str) -> str:
    """``text``, unless it is a whole HTML page: then an :class:`InputError`
    at ``where`` that gives ``hint`` (how to have the article text extracted)."""
    evidence = page_evidence(text)
    if evidence is not None:
        raise InputError(f"{where}: looks like an HTML page, not text ({evidence!r}): {hint}")
    return text


def _lines(stream: BinaryIO, max_size: int) -> Iterator[tuple[int, bytes | None, int]]:
    """``(line number, line, bytes)`` of ``stream``, reading at most
    ``max_size + 1`` bytes of a line; a longer line is ``None`` (its bytes are
    read on and dropped)."""
    lineno = 0
    while True:
        raw = stream.readline(max_size + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > max_size and not raw.endswith(b"\n"):
            size = len(raw)
            while True:
                rest = stream.readline(1 << 20)
                size += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            yield lineno, None, size
        else:
            yield lineno, raw, len(raw)


def _str_or_int(value: object, where: str, name: str) -> DocId:
    """``value`` of field ``name`` if it is a string or an integer (an id, a label)."""
    if is_str_or_int(value):
        return value
    raise InputError(f"{where}: field {name!r} must be a string or integer, got {type(value).__name__}")


def _check_id(doc_id: object, where: str, id_field: str) -> DocId:
    doc_id = _str_or_int(doc_id, where, id_field)
    if isinstance(doc_id, str):
        try:
            doc_id.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InputError(
                f"{where}: field {id_field!r} is not valid Unicode (a lone surrogate, "
                f"{doc_id[exc.start]!r}, at character {exc.start})"
            ) from None
    return doc_id


def _read_jsonl(
    stream: BinaryIO,
    name: str,
    id_field: str,
    text_field: str,
    max_size: int,
    fail: Callable[[InputError], None],
    source_field: str | Sequence[str] | None = None,
    sources: dict | None = None,
    progress: Callable[[int], None] | None = None,
    label_field: str | None = None,
    labels: dict | None = None,
):
    """Yield ``(id, text, where)``; a bad line goes to ``fail`` (which raises or warns)."""
    for lineno, raw, size in _lines(stream, max_size):
        if progress is not None:
            progress(size)
        where = f"{name}:{lineno}"
        try:
            if raw is None:
                raise too_large(where, max_size)
            line = decode(raw, where)
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{where}: invalid JSON: {exc.msg} (column {exc.colno})") from None
            except RecursionError:
                raise InputError(f"{where}: invalid JSON: nested too deeply") from None
            if not isinstance(record, dict):
                raise InputError(f"{where}: expected a JSON object, got {type(record).__name__}")
            if id_field not in record:
                raise InputError(f"{where}: no {id_field!r} field (set --id-field)")
            if text_field not in record:
                raise InputError(f"{where}: no {text_field!r} field (set --text-field)")
            doc_id, text = _check_id(record[id_field], where, id_field), record[text_field]
            if not isinstance(text, str):
                raise InputError(f"{where}: field {text_field!r} must be a string, got {type(text).__name__}")
            if source_field is not None and sources is not None:
                sources[doc_id] = _source_of(record, source_field, where)
            if label_field is not None and labels is not None:
                if label_field not in record:
                    raise InputError(f"{where}: no {label_field!r} field (set --label-field)")
                labels[doc_id] = _str_or_int(record[label_field], where, label_field)
        except InputError as exc:
            fail(exc)
            continue
        yield doc_id, text, where


def is_url(value: str) -> bool:
    """Whether ``value`` starts as a URL does (a scheme, then ``://``)."""
    return _URL.match(value) is not None


def source_key(value: str) -> str:
    """The source key of a site or URL field's value: a URL's host (lower
    case, without a leading ``www.``), else the value itself.

    >>> source_key("https://WWW.Example.com/2024/05/story.html"), source_key("gazette")
    ('example.com', 'gazette')
    """
    if is_url(value):
        host = urlsplit(value).hostname or ""
        return host.removeprefix("www.") or value
    return value


def _source_of(record: dict, fields: str | Sequence[str], where: str) -> str | None:
    """The source key of a JSON Lines record: :func:`source_key` of its first
    ``fields`` value that is not null or absent (None if there is none)."""
    for name in (fields,) if isinstance(fields, str) else fields:
        value = record.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputError(f"{where}: field {name!r} must be a string or null, got {type(value).__name__}")
        return source_key(value)
    return None


def _html_text(html) -> str:
    from .html import html_to_text

    return html_to_text(html)


def read_documents(
    paths: Sequence[str] | Inputs,
    *,
    id_field: str = "id",
    text_field: str = "text",
    skip_bad: bool = False,
    warn: Callable[[str], None] | None = None,
    stdin: BinaryIO | None = None,
    html: bool = False,
    source_field: str | Sequence[str] | None = None,
    sources: dict | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    progress: Callable[[int], None] | None = None,
    html_hint: str = "give --html to extract its article text",
    report: InputReport | None = None,
    locations: dict | None = None,
    label_field: str | None = None,
    labels: dict | None = None,
) -> Iterator[tuple[DocId, str]]:
    """Yield ``(id, text)`` from files, folders, JSON Lines and standard input.

    ``paths``: the arguments, or what :func:`scan_inputs` found for them.
    ``html``: the texts of JSON Lines records and ``.txt`` files are HTML
    pages (``.html`` files always are); ``source_field`` and ``sources``: see
    the module docstring; ``max_size``: the largest document, in bytes;
    ``progress(n)`` is called with the bytes of each file or line read;
    ``html_hint``: what the error for an HTML page given as text advises;
    ``report``: where skipped bad documents are counted (the scan's report by
    default); ``locations``: a dict to fill with each id's file (and line).

    Raises
    ------
    InputError
        On the first bad document or file (unless ``skip_bad``), naming it.
    """
    warn = warn or _warn
    inputs = paths if isinstance(paths, Inputs) else scan_inputs(paths, skip_bad=skip_bad, warn=warn)
    report = report or inputs.report
    seen: dict[DocId, str] = {} if locations is None else locations

    def fail(error: InputError) -> None:
        if not skip_bad:
            raise error
        warn(f"skipped: {error}")
        report.add("bad", str(error).split(": ", 1)[0])

    def text_of_file(text: str, where: str, path: str, warned: list[bool]) -> str:
        """``text`` (refused if it is an HTML page), or its article text with ``html``."""
        if html:
            return _html_text(text)
        text_of(text, where, html_hint)
        if not warned[0] and has_tags(text):
            warned[0] = True
            warn(
                f"warning: {where}: the text has HTML tags; they are fingerprinted as words "
                f"(if the file holds HTML, {html_hint}); not repeated for {path}"
            )
        return text

    def records() -> Iterator[tuple[DocId, str, str]]:
        for path in inputs.files:
            warned = [False]
            try:
                if path == "-" or path.endswith(JSONL_SUFFIXES):
                    name = "<stdin>" if path == "-" else path
                    stream = (stdin or sys.stdin.buffer) if path == "-" else _open_regular(path)
                    try:
                        for doc_id, text, where in _read_jsonl(
                            stream,
                            name,
                            id_field,
                            text_field,
                            max_size,
                            fail,
                            source_field,
                            sources,
                            progress,
                            label_field,
                            labels,
                        ):
                            try:
                                text = text_of_file(text, where, name, warned)
                            except InputError as exc:
                                fail(exc)
                                continue
                            yield doc_id, text, where
                    finally:
                        if path != "-":
                            stream.close()
                elif path.endswith(HTML_SUFFIXES):
                    yield _normal(path), _html_text(read_file(path, max_size, progress)), path
                else:
                    text = decode(read_file(path, max_size, progress), path)
                    yield _normal(path), text_of_file(text, path, path, warned), path
            except OSError as exc:
                fail(InputError(f"{path}: cannot read: {exc.strerror or exc}"))
            except InputError as exc:
                fail(exc)

    for doc_id, text, where in records():
        if doc_id in seen:
            fail(InputError(f"{where}: duplicate id {doc_id!r} (first seen at {seen[doc_id]})"))
            continue
        seen[doc_id] = where
        yield doc_id, text
