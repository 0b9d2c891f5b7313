"""A corpus-level boilerplate model: lines that recur across a site's stories.

:func:`dedup.strip_boilerplate` judges one document at a time.  A site's
template repeats on every page it serves: menus, footers, promos, "most read"
lists, a reporter's sign-off.  :class:`BoilerplateModel` learns those lines
from the corpus itself and removes them, whatever they look like.

Design
======
(The ``model_*`` thresholds named below are fields of :class:`~dedup.boilerplate.Settings`.)

* **Lines.**  A document is split into lines like :func:`strip_boilerplate`
  does.  Each line is normalised (NFKC, case folded, white space collapsed,
  every run of digits replaced by ``0`` so "12 comments" and "3 comments", or
  two dates, are one line) and hashed with xxh3-64 together with the source
  key: counts are kept **per source** (a site, a feed; ``None`` is a source
  of its own).
* **Stories, not documents.**  A news stream carries many copies of one
  story (wire copies, updates, syndication), and the lines they share are
  exactly what near-duplicate detection must see.  So a line counts the
  *distinct stories* it appears in, not the documents.  A document's own
  content is the part of its :func:`~dedup.strip_boilerplate` text in lines
  its source has not shown before.  With little own content (less than
  ``model_new_min_chars`` characters) a document is a copy of something
  already seen and is no evidence for any line; so it is with less than
  ``model_new_min_share`` of that text, unless the story that holds most of
  its other stripped lines has ``model_new_min_chars`` characters of stripped
  text that the document lacks: two pages of one template around different
  short stories each have text the other lacks (a short story is a small
  share of a page whose furniture the stripper keeps), while a copy with an
  update or a note added lacks nothing of its story.  Otherwise it is compared with the stories seen so far by
  containment: a sample of the 3-word shingles of its own content (one in
  ``model_sample_rate`` by hash) is looked up in an index of the samples of
  earlier stories; if at least ``model_copy_min_share`` of them belong to one
  story (an edited copy, an update), the document is that story.  An edited
  copy whose own content is a reworded passage (a new headline, a rewritten
  first sentence) keeps few shingles of the original, so there is a second
  test: when one story holds most of the document's *other* stripped lines
  (seen before, not yet boilerplate), and those lines make at least
  ``model_edit_min_seen_share`` of its stripped text, that story is the
  document's story if at least ``model_edit_min_share`` of the sample (and
  ``model_edit_min_samples``) also belong to it.  A different story wrapped
  in the same template shares lines with the template's first story but
  little of its wording, so it stays a new one.  Else the document is a new story.  Lines that recur because stories are copies of each other therefore
  do not count, while a site's template, which recurs next to stories with
  their own content, does.
* **Boilerplate.**  A line is boilerplate for a source once it has appeared
  in ``min_docs`` distinct stories of that source (default 2), and in at
  least ``min_share`` of the source's documents (default 0: off).
  :meth:`~BoilerplateModel.strip` with a source removes that source's
  boilerplate; without one (``source=None``, which is how
  :class:`dedup.Deduplicator` applies it), it removes every line that is
  boilerplate for *some* source.
* **Bounded memory.**  At most ``max_lines`` line entries are kept.  When the
  table is full, lines seen in a single story (most article lines) are
  forgotten first, then the oldest unconfirmed lines, then the oldest
  boilerplate lines: a site's template, which recurs within a few pages, is
  learned long before it could be evicted.  The story index keeps the band
  keys of the last ``max_stories`` documents.  Everything is plain Python
  data: the model pickles (to save it, or to send it to worker processes).
* **Streaming.**  :meth:`~BoilerplateModel.update` can be called on every
  new batch; :meth:`~BoilerplateModel.strip` always uses what has been
  learned so far.  :meth:`~BoilerplateModel.fit` starts from scratch.

Use with the index::

    model = dedup.BoilerplateModel().fit(texts)         # or update() per batch
    dedup.cluster(docs, boilerplate_model=model)
    index = dedup.Deduplicator(boilerplate_model=model)

The index applies the model inside the shared fingerprinting stage
(:func:`dedup.pipeline.clean_text`), before :func:`strip_boilerplate`, for
every front end.  Worker processes get a compact frozen copy of the
boilerplate lines (:meth:`~BoilerplateModel.stripper`), taken when
:meth:`dedup.Deduplicator.add_many` starts, so updating the model between two
``add_many`` calls is seen by the next one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from itertools import islice

import numpy as np
import xxhash

from .document import join_kept
from .settings import SETTINGS as S
from .text import LETTER_RE, split_lines

__all__ = ["BoilerplateModel", "BoilerplateStripper"]

#: Documents learned together by update().
_BATCH = 512

_DIGITS_RE = re.compile(r"\d+")

Source = str | None


#: Characters of lines whose normal form :func:`_norm` remembers (a template's
#: lines recur on every page; the memory is emptied when it would hold more).
_MEMO_CHARS = 1 << 24
_memo: dict[str, str] = {}
_memo_chars = 0


def _norm(line: str) -> str:
    """The normalised form of a line that is counted (empty: not counted)."""
    global _memo_chars
    norm = _memo.get(line)
    if norm is not None:
        return norm
    s = unicodedata.normalize("NFKC", line).casefold()
    norm = "" if LETTER_RE.search(s) is None else " ".join(_DIGITS_RE.sub("0", s).split())
    if _memo_chars + len(line) > _MEMO_CHARS:
        _memo.clear()
        _memo_chars = 0
    _memo[line] = norm
    _memo_chars += len(line)
    return norm


def _hash(source: Source, norm: str) -> int:
    key = norm if source is None else f"{source}\x1f{norm}"
    return xxhash.xxh3_64_intdigest(key.encode("utf-8", "surrogatepass"))


def _strip_lines(text: str, drop: Callable[[str], bool]) -> str:
    """``text`` without the non-blank lines for which ``drop(line)`` is true,
    joined as :func:`dedup.strip_boilerplate` joins its kept lines."""
    lines = split_lines(text)
    return join_kept(lines, [bool(line.strip()) and not drop(line) for line in lines])


class BoilerplateStripper:
    """A frozen, compact copy of a model's boilerplate lines for one source
    (or for any source): what :class:`dedup.Deduplicator` sends to worker
    processes.  ``strip(text)`` is :meth:`BoilerplateModel.strip`."""

    __slots__ = ("source", "hashes")

    def __init__(self, source: Source, hashes: frozenset) -> None:
        self.source = source
        self.hashes = hashes

    def __getstate__(self):
        return (self.source, self.hashes)

    def __setstate__(self, state) -> None:
        self.source, self.hashes = state

    def __len__(self) -> int:
        return len(self.hashes)

    def strip(self, text: str) -> str:
        """``text`` without its boilerplate lines (verbatim, in order)."""
        if not self.hashes:
            return text
        hashes, source = self.hashes, self.source

        def drop(line: str) -> bool:
            norm = _norm(line)
            return bool(norm) and _hash(source, norm) in hashes

        return _strip_lines(text, drop)

    def __repr__(self) -> str:
        return f"BoilerplateStripper(source={self.source!r}, lines={len(self.hashes)})"


class BoilerplateModel:
    """Learns the lines that recur across the stories of a corpus and strips them.

    Parameters
    ----------
    min_docs : int, default 2
        A line is boilerplate for a source once it appeared in this many
        distinct stories of the source. Two is already evidence: a line two
        different stories of one site both carry is the site's, not a
        story's (a site may send only two stories in one input); measured
        against 3 in README.md ("What the threshold means").
    min_share : float, default 0.0
        ... and in at least this share of the source's documents.
    max_lines : int, default 200_000
        Line entries kept (bounded memory, see the module docstring).
    max_stories : int, default 50_000
        Documents remembered by the story index.

    Examples
    --------
    >>> stories = [
    ...     "The council approved the new budget after a long debate on Tuesday, ending months of talks.",
    ...     "Heavy rain flooded several roads in the north and forecasters warned of more storms ahead.",
    ...     "The company reported record profits as sales of its new phone soared in Asia and Europe.",
    ...     "Scientists found traces of water in samples brought back from the moon by the probe."]
    >>> pages = [s + "\\nMost read\\nWeekend travel deals\\nContact the newsroom" for s in stories]
    >>> model = BoilerplateModel().fit(pages)
    >>> print(model.strip(pages[0]))
    The council approved the new budget after a long debate on Tuesday, ending months of talks.
    >>> copies = [stories[0] + "\\nBy Ann Lee"] * 5   # one story, five copies
    >>> print(model.update(copies).strip(copies[0]))       # the lines of one story stay
    The council approved the new budget after a long debate on Tuesday, ending months of talks.
    By Ann Lee
    """

    def __init__(
        self, min_docs: int = 2, min_share: float = 0.0, max_lines: int = 200_000, max_stories: int = 50_000
    ) -> None:
        if isinstance(min_docs, bool) or not isinstance(min_docs, int) or min_docs < 2:
            raise ValueError(f"min_docs must be an integer >= 2, got {min_docs!r}")
        if isinstance(min_share, bool) or not isinstance(min_share, (int, float)) or not 0 <= min_share <= 1:
            raise ValueError(f"min_share must be a number in [0, 1], got {min_share!r}")
        for name, value in (("max_lines", max_lines), ("max_stories", max_stories)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
        self.min_docs = min_docs
        self.min_share = float(min_share)
        self.max_lines = max_lines
        self.max_stories = max_stories
        self.reset()

    def __setstate__(self, state: dict) -> None:
        # a model pickled before the story lengths were kept learns on without them
        self.__dict__.update(state)
        self.__dict__.setdefault("_story_chars", {})

    def reset(self) -> None:
        """Forget everything learned."""
        # line hash (with source) -> tuple of story ids while below min_docs,
        # then the number of stories (an int): the line is confirmed
        self._lines: dict[int, tuple | int] = {}
        # line hash without source -> number of sources where it is confirmed
        self._any: dict[int, int] = {}
        # confirmed line hash -> (line hash without source, source)
        self._confirmed: dict[int, tuple[int, Source]] = {}
        self._docs: dict[Source, int] = {}
        self._samples: dict[int, int] = {}  # sampled shingle hash -> story id
        self._story_chars: dict[int, int] = {}  # story id -> characters of its first stripped text
        self._next_story = 0
        #: Changes whenever what the model strips may have changed.
        self.version = getattr(self, "version", 0) + 1

    # -- learning -------------------------------------------------------------
    def fit(self, texts: Iterable[str], source: Source = None) -> BoilerplateModel:
        """Learn from scratch; return the model."""
        self.reset()
        self.update(texts, source)
        return self

    def update(
        self, texts: str | Iterable[str], source: Source = None, sources: Iterable[Source] | None = None
    ) -> BoilerplateModel:
        """Learn from more documents; return the model.

        ``texts`` is one text or an iterable of texts, all of ``source``, or
        each of the matching item of ``sources``.
        """
        if isinstance(texts, str):
            texts = [texts]
        if source is not None and not isinstance(source, str):
            raise TypeError(f"source must be a str or None, got {type(source).__name__}")
        it = iter(texts)
        src_it = iter(sources) if sources is not None else None
        while True:
            batch = list(islice(it, _BATCH))
            if not batch:
                break
            for t in batch:
                if not isinstance(t, str):
                    raise TypeError(f"texts must be str, got {type(t).__name__}")
            if src_it is None:
                batch_sources: Sequence[Source] = [source] * len(batch)
            else:
                batch_sources = list(islice(src_it, len(batch)))
                if len(batch_sources) != len(batch):
                    raise ValueError("sources is shorter than texts")
                for s in batch_sources:
                    if s is not None and not isinstance(s, str):
                        raise TypeError(f"sources must be str or None, got {type(s).__name__}")
            self._learn_batch(batch, batch_sources)
            self.version += 1
        return self

    def _new_story(self) -> int:
        self._next_story += 1
        return self._next_story

    def _learn_batch(self, texts: Sequence[str], sources: Sequence[Source]) -> None:
        from ..shingle import shingle_batch
        from .batch import strip_boilerplate_many

        lines = self._lines
        keyed = []  # per document: its distinct lines as (hash with source, hash without)
        own = []  # per document: its own content (new lines of the stripped text)
        shared = []  # per document: (hash, characters) of the other lines of its stripped text
        stripped_chars = []
        norm_chars = []  # per document: characters of its stripped lines, normalised
        earlier: set[int] = set()  # lines of the batch's earlier documents
        for text, source, stripped in zip(texts, sources, strip_boilerplate_many(texts)):
            self._docs[source] = self._docs.get(source, 0) + 1
            pairs = []
            seen: set[int] = set()
            for line in split_lines(text):
                norm = _norm(line) if line.strip() else ""
                if norm:
                    h = _hash(source, norm)
                    if h not in seen:
                        seen.add(h)
                        pairs.append((h, h if source is None else _hash(None, norm)))
            keyed.append(pairs)
            stripped_chars.append(len(stripped))
            new = []
            old = []
            chars = 0
            for line in split_lines(stripped):
                norm = _norm(line) if line.strip() else ""
                if norm:
                    chars += len(norm)
                    h = _hash(source, norm)
                    if h not in lines and h not in earlier:
                        new.append(line)
                    else:
                        old.append((h, len(norm)))
            earlier.update(seen)
            own.append("\n".join(new))
            shared.append(old)
            norm_chars.append(chars)
        batch = shingle_batch(own, 3)
        picked = batch.hashes % S.model_sample_rate == 0
        # sampled shingles of document d: sampled[bounds[d]:bounds[d + 1]]
        bounds = np.concatenate(([0], np.cumsum(picked, dtype=np.int64)))[batch.offsets].tolist()
        sampled = batch.hashes[picked].tolist()
        for d, (pairs, source, content) in enumerate(zip(keyed, sources, own)):
            held = self._holder(shared[d])
            if len(content) < S.model_new_min_chars or (
                len(content) < S.model_new_min_share * stripped_chars[d] and not self._lacks(held)
            ):
                story = None  # a copy: no evidence
            else:
                sharing = self._sharing(held, shared[d], len(content))
                story = self._story_of(sampled[bounds[d] : bounds[d + 1]], sharing, norm_chars[d])
            self._count(pairs, source, story)
        excess = len(self._samples) - self.max_stories * S.model_samples_per_story
        if excess > 0:  # forget the oldest stories' samples
            for k in list(islice(self._samples, excess)):
                del self._samples[k]
        excess = len(self._story_chars) - self.max_stories
        if excess > 0:  # ... and their lengths
            for k in list(islice(self._story_chars, excess)):
                del self._story_chars[k]
        if len(lines) > self.max_lines:
            self._evict()

    def _holder(self, old: list[tuple[int, int]]) -> tuple[int, int] | None:
        """The story that holds most (by characters) of a document's stripped
        lines seen before (``old``: hashes and lengths), not yet boilerplate,
        and those characters; None if no story holds any."""
        chars: dict[int, int] = {}
        for h, n in old:
            entry = self._lines.get(h)
            if isinstance(entry, tuple):
                for story in entry:
                    chars[story] = chars.get(story, 0) + n
        if not chars:
            return None
        return max(chars.items(), key=lambda kv: (kv[1], -kv[0]))

    def _lacks(self, held: tuple[int, int] | None) -> bool:
        """Whether the story ``held`` (:meth:`_holder`) has at least
        ``model_new_min_chars`` characters of stripped text besides the lines
        the document shares with it."""
        return held is not None and self._story_chars.get(held[0], 0) - held[1] >= S.model_new_min_chars

    def _sharing(self, held: tuple[int, int] | None, old: list[tuple[int, int]], own_chars: int) -> int | None:
        """The story ``held`` (:meth:`_holder` of ``old``) if the lines it
        holds make at least ``model_edit_min_seen_share`` of the document's
        stripped text (with ``own_chars`` of own content)."""
        if held is None or held[1] < S.model_edit_min_seen_share * (sum(m for _, m in old) + own_chars):
            return None
        return held[0]

    def _story_of(self, sample: list[int], sharing: int | None = None, chars: int = 0) -> int:
        """The story whose samples hold most of ``sample`` (a copy of it), or
        a new one, whose first stripped text has ``chars`` characters."""
        samples = self._samples
        votes: dict[int, int] = {}
        for h in sample:
            story = samples.get(h)
            if story is not None:
                votes[story] = votes.get(story, 0) + 1
        if votes:
            story, count = max(votes.items(), key=lambda kv: (kv[1], -kv[0]))
            if count >= S.model_copy_min_samples and count >= S.model_copy_min_share * len(sample):
                return story
            if sharing is not None and votes.get(sharing, 0) >= max(
                S.model_edit_min_samples, S.model_edit_min_share * len(sample)
            ):
                return sharing
        story = self._new_story()
        self._story_chars[story] = chars
        for h in sample:
            samples.setdefault(h, story)
        return story

    def _count(self, pairs: list[tuple[int, int]], source: Source, story: int | None) -> None:
        """Count the distinct stories of a document's lines (see the module docstring)."""
        lines = self._lines
        for h, g in pairs:
            entry = lines.get(h)
            if entry is None:
                lines[h] = (story if story is not None else self._new_story(),)
            elif story is None:
                continue
            elif isinstance(entry, int):
                lines[h] = entry + 1
            elif story not in entry:
                if len(entry) + 1 >= self.min_docs:
                    lines[h] = len(entry) + 1
                    self._confirmed[h] = (g, source)
                    self._any[g] = self._any.get(g, 0) + 1
                else:
                    lines[h] = entry + (story,)

    def _evict(self) -> None:
        """Bring the table back to 3/4 of ``max_lines`` (see the module docstring)."""
        lines = self._lines
        target = self.max_lines * 3 // 4
        for h in [h for h, e in lines.items() if isinstance(e, tuple) and len(e) == 1]:
            del lines[h]
        if len(lines) > target:
            for h in [h for h, e in lines.items() if isinstance(e, tuple)][: len(lines) - target]:
                del lines[h]
        if len(lines) > target:
            for h in list(islice(lines, len(lines) - target)):
                del lines[h]
                gs = self._confirmed.pop(h, None)
                if gs is not None:
                    g = gs[0]
                    if self._any[g] <= 1:
                        del self._any[g]
                    else:
                        self._any[g] -= 1

    # -- using ----------------------------------------------------------------
    def _is_boilerplate(self, h: int, source: Source) -> bool:
        entry = self._lines.get(h)
        return isinstance(entry, int) and entry >= self.min_share * self._docs.get(source, 0)

    def is_boilerplate(self, line: str, source: Source = None) -> bool:
        """Whether ``line`` is boilerplate for ``source`` (any source if None)."""
        norm = _norm(line)
        if not norm:
            return False
        if source is None:
            return self._any_boilerplate(norm)
        return self._is_boilerplate(_hash(source, norm), source)

    def _any_boilerplate(self, norm: str) -> bool:
        if not self.min_share:
            return _hash(None, norm) in self._any
        return any(self._is_boilerplate(_hash(s, norm), s) for s in self._docs)

    def strip(self, text: str, source: Source = None) -> str:
        """``text`` without the lines that are boilerplate for ``source``
        (for any source if None): kept lines verbatim and in order, the first
        blank line between two kept lines kept; idempotent."""
        if not isinstance(text, str):
            raise TypeError(f"strip() expects str, got {type(text).__name__}")
        return _strip_lines(text, lambda line: self.is_boilerplate(line, source))

    def stripper(self, source: Source = None) -> BoilerplateStripper:
        """A frozen copy of the boilerplate lines of ``source`` (any source if
        None) that strips like :meth:`strip`: small and fast to pickle."""
        if source is None:
            if not self.min_share:
                return BoilerplateStripper(None, frozenset(self._any))
            return BoilerplateStripper(
                None, frozenset(g for h, (g, s) in self._confirmed.items() if self._is_boilerplate(h, s))
            )
        return BoilerplateStripper(
            source, frozenset(h for h, (_, s) in self._confirmed.items() if s == source and self._is_boilerplate(h, s))
        )

    def strippers(self) -> dict[Source, BoilerplateStripper]:
        """:meth:`stripper` of every source with boilerplate lines, made in
        one pass (a source missing here has none: its texts stay as they are)."""
        by_source: dict[Source, set[int]] = {}
        for h, (_, s) in self._confirmed.items():
            if self._is_boilerplate(h, s):
                by_source.setdefault(s, set()).add(h)
        return {s: BoilerplateStripper(s, frozenset(hs)) for s, hs in by_source.items()}

    # -- inspection -----------------------------------------------------------
    def __len__(self) -> int:
        """Number of (source, line) pairs known to be boilerplate."""
        return len(self._confirmed)

    @property
    def documents(self) -> int:
        """Documents learned from."""
        return sum(self._docs.values())

    @property
    def entries(self) -> int:
        """Line entries held (at most ``max_lines``)."""
        return len(self._lines)

    @property
    def samples(self) -> int:
        """Sampled shingles the story index holds (at most 16 per remembered story)."""
        return len(self._samples)

    def __repr__(self) -> str:
        return (
            f"BoilerplateModel(min_docs={self.min_docs}, min_share={self.min_share}, "
            f"documents={self.documents}, sources={len(self._docs)}, boilerplate_lines={len(self)}, "
            f"entries={self.entries})"
        )
