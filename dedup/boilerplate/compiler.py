"""The rule tables compiled: regular expressions, guards and every prefilter.

Nothing here is written by hand in step with the rules; it is all derived
from :mod:`dedup.boilerplate.rules` and :mod:`dedup.boilerplate.text`:

* each table is joined into one regex with a named group per rule
  (:func:`rule_name` gives the rule of a match); guarded rules are compiled
  apart, with one regex finding any substring guard (:func:`compile_table`);
* :data:`STRONG_TRIGGERS`: the union of the unanchored strong rules' triggers;
* :data:`START_WORDS`: strings one of which starts every match of an
  anchored strong rule, found by walking the parsed patterns
  (:func:`start_prefixes`);
* :data:`CUE_CHARS` and :data:`CUE_WORDS`: what a line must hold for the
  rules that the plainly-prose fast path skips to apply (menu separators,
  link triggers, strong triggers, characters that folding removes).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any

if sys.version_info >= (3, 11):  # the regex parser (not in typeshed under these names)
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
else:  # pragma: no cover - Python 3.10
    import sre_constants
    import sre_parse

from .rules import CAPTION_RULES, LABEL_RULES, SHORT_RULES, STRONG_RULES, Rule
from .text import DIGIT_RE, FOLD_REMOVED, FOLD_TARGETS, LINK_TRIGGERS, MENU_SEPARATORS, WORD_PUNCT

__all__ = [
    "CUE_CHARS",
    "CUE_WORDS",
    "CAPTION_TABLE",
    "Table",
    "LABEL_TABLE",
    "SHORT_TABLE",
    "START_CHARS",
    "START_WORDS",
    "STRONG_START_GATE",
    "STRONG_ANY_GROUPS",
    "STRONG_START_RE",
    "STRONG_TRIGGERS",
    "STRONG_TRIGGER_RE",
    "compile_rules",
    "compile_table",
    "decision_order",
    "literal_alternation",
    "match_rules",
    "match_strong_start",
    "passes_gate",
    "start_gate",
    "rule_name",
    "search_strong_any",
    "start_prefixes",
    "start_words_by_char",
]


#: A compiled table: the unguarded rules as one regex; the guarded ones as
#: ``(kind, regex)`` with kind ``"digit"``, a frozenset of last words, a tuple
#: of endings, a regex finding the substrings or a dict of start words by
#: first character; one
#: regex finding any substring guard; and the guarded rules without a
#: substring guard (all that can match a line in which that regex finds nothing).
#: A table also has ``gate``: the first words one of which starts every
#: match of its unguarded rules, by first character, and whether a match may
#: start with a digit (None when some rule has no such words); a line that
#: starts with none of them is not tried with the unguarded regex.
class Table(tuple):
    gate: tuple[dict[str, tuple[str, ...]], bool] | None = None


def compile_rules(rules: Iterable[tuple[str, str]]) -> re.Pattern[str]:
    """Join ``(name, pattern)`` rules into one regex with one named group each.

    Several rules may share a name; they get numbered group names and
    :func:`rule_name` strips the number again.
    """
    parts = []
    for i, (name, pattern) in enumerate(rules):
        parts.append(f"(?P<{name.replace('-', '_')}__{i}>{pattern})")
    return re.compile("|".join(parts) if parts else "(?!)")  # no rule: matches nothing


#: The rule names of each compiled regex's groups, by the regex's id: a
#: regex's own hash is computed from its whole compiled code at every call
#: (issue 19: that was 4% of stripping).  The entry holds the regex, so its id
#: is never reused while the entry is there.
_RULE_NAMES: dict[int, tuple[re.Pattern[str], list[str]]] = {}


def rule_name(match: re.Match[str]) -> str:
    """The rule name of the group that matched (see :func:`compile_rules`)."""
    pattern = match.re
    entry = _RULE_NAMES.get(id(pattern))
    if entry is None or entry[0] is not pattern:
        names = ["?"] * (pattern.groups + 1)
        for group, index in pattern.groupindex.items():
            names[index] = group.rsplit("__", 1)[0].replace("_", "-")
        entry = _RULE_NAMES[id(pattern)] = (pattern, names)
    return entry[1][match.lastindex or 0]


def decision_order(rules: Sequence[Rule]) -> list[Rule]:
    """The rules of a table in the order they are tried: the unguarded ones
    (one regex: the anchored strong rules, most short and label rules) before
    the guarded ones, each group in table order."""
    return [r for r in rules if r.guard is None] + [r for r in rules if r.guard is not None]


def compile_table(rules: Sequence[Rule]) -> Table:
    """A short or label table compiled for :func:`match_rules`, tried in
    :func:`decision_order`.  Adjacent rules with a start guard are one entry
    (one look-up of the line's first words, one regex), and so are adjacent
    rules with the digit guard."""
    ordered = decision_order(rules)
    plain = compile_rules((r.name, r.pattern) for r in ordered if r.guard is None)
    entries: list[tuple[Any, list[Rule]]] = []
    for r in ordered:
        if r.guard is None:
            continue
        kind: Any
        if r.guard.kind == "digit":
            kind = "digit"
            if entries and entries[-1][0] == "digit":
                entries[-1][1].append(r)
                continue
        elif r.guard.kind == "last-word":
            kind = frozenset(r.guard.words)
        elif r.guard.kind == "end":
            kind = ["end", tuple(r.guard.words)]  # a tuple once compiled
        elif r.guard.kind == "start":
            kind = start_words_by_char(r.pattern)
            if entries and entries[-1][0].__class__ is dict:
                merged = dict(entries[-1][0])
                for c, words in kind.items():
                    merged[c] = merged.get(c, ()) + words
                entries[-1] = (merged, entries[-1][1] + [r])
                continue
        else:
            kind = tuple(r.guard.words)
        entries.append((kind, [r]))
    subs = {g for kind, _ in entries if kind.__class__ is tuple for g in kind}
    any_substring = re.compile(literal_alternation(subs)) if subs else None
    guarded = [
        (
            re.compile(literal_alternation(kind))
            if kind.__class__ is tuple
            else kind[1]
            if kind.__class__ is list
            else kind,
            compile_rules((r.name, r.pattern) for r in group),
        )
        for kind, group in entries
    ]
    unsubstring = tuple(rule for rule in guarded if rule[0].__class__ is not re.Pattern)
    table = Table((plain, tuple(guarded), any_substring, unsubstring))
    table.gate = start_gate([r.pattern for r in ordered if r.guard is None])
    return table


def start_gate(patterns: Iterable[str]) -> tuple[dict[str, tuple[str, ...]], bool] | None:
    """The start prefixes (of at most :data:`GATE_PREFIX_CHARS` characters:
    few, and quick to derive) one of which starts every match of one of
    ``patterns``, by first character, and whether a match may start with a
    digit; None if a pattern has no start prefix."""
    try:
        prefixes = set().union(*(start_prefixes(p, GATE_PREFIX_CHARS) for p in patterns))
    except ValueError:
        return None
    return _gate(prefixes)


def _gate(prefixes: set[str]) -> tuple[dict[str, tuple[str, ...]], bool]:
    by_char: dict[str, tuple[str, ...]] = {}
    for w in _minimal({p[:GATE_PREFIX_CHARS] for p in prefixes} - {_DIGIT_START}):
        by_char[w[0]] = by_char.get(w[0], ()) + (w,)
    return by_char, _DIGIT_START in prefixes


def passes_gate(gate: tuple[dict[str, tuple[str, ...]], bool], low: str) -> bool:
    """Whether ``low`` starts with one of the gate's words, or with
    a digit when a match may."""
    c = low[:1]
    words = gate[0].get(c)
    return (words is not None and low.startswith(words)) or (gate[1] and c.isdigit())


def literal_alternation(words: Iterable[str]) -> str:
    """A regex finding any of ``words`` (for a yes or no: a word that starts
    with another is left out), as a trie: common prefixes are factored out,
    which the regex engine tries much faster than a flat alternation."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for c in word:
            node = node.setdefault(c, {})
        node[""] = {}

    def branch(node: dict[str, dict]) -> str:
        if "" in node:
            return ""  # a word ends here: what follows does not matter
        alts = [re.escape(c) + branch(child) for c, child in sorted(node.items())]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return "|".join(re.escape(c) + branch(child) for c, child in sorted(trie.items()))


def match_rules(table: Table, low: str) -> re.Match[str] | None:
    """The first rule of a compiled table that matches ``low`` at its start."""
    plain, guarded, any_substring, unsubstring = table
    gate = getattr(table, "gate", None)
    if gate is None or passes_gate(gate, low):
        m = plain.match(low)
        if m is not None:
            return m
    if any_substring is not None and any_substring.search(low) is None:
        guarded = unsubstring  # no substring guard can pass
    last = None
    for kind, pattern in guarded:
        if kind.__class__ is re.Pattern:  # substrings
            if kind.search(low) is None:
                continue
        elif kind.__class__ is dict:  # start words by first character
            words = kind.get(low[:1])
            if words is None or not low.startswith(words):
                continue
        elif kind == "digit":
            if DIGIT_RE.search(low) is None:
                continue
        elif kind.__class__ is tuple:  # endings
            if not low.rstrip(WORD_PUNCT).endswith(kind):
                continue
        else:
            if last is None:
                last = low.rsplit(None, 1)[-1].strip(WORD_PUNCT) if low else ""
            if last not in kind:
                continue
        m = pattern.match(low)
        if m is not None:
            return m
    return None


# --------------------------------------------------------------------------
# Start words of anchored patterns
# --------------------------------------------------------------------------
#: Prefixes are cut at this length (the fast path compares a line's first
#: characters with them).
START_PREFIX_CHARS = 16
#: ... and at this length for the gate of a table (:func:`start_gate`).
GATE_PREFIX_CHARS = 4
_DIGIT_START = "\0digit"  # a match may start with a digit
_SMALL_CLASS = 4  # a character class of at most this many literals is expanded


def start_prefixes(pattern: str, limit: int = START_PREFIX_CHARS) -> set[str]:
    """Strings one of which starts every match of ``pattern`` on a lower-cased,
    folded line; ``"\\0digit"`` stands for a match that may start with a digit.

    A prefix ends before a character that folding produces (a typographic
    variant may stand there in the raw line), at :data:`START_PREFIX_CHARS`
    characters (``limit``), or where the pattern stops being literal text.
    Raises ValueError if a match may start with anything else.
    """
    found = {p for p, _ in _walk(list(sre_parse.parse(pattern)), {("", False)}, limit)}
    if "" in found:
        raise ValueError(f"no start word can be derived from {pattern[:60]!r}...")
    return found


def _walk(items: list, prefixes: set[tuple[str, bool]], limit: int) -> set[tuple[str, bool]]:
    """Extend ``(prefix, closed)`` pairs over the parsed items of a sequence."""
    c = sre_constants
    for op, arg in items:
        if all(closed for _, closed in prefixes):
            break
        if op is c.LITERAL:
            char = chr(arg)
            prefixes = {(p, True) if closed else _extend(p, closed, char, limit) for p, closed in prefixes}
        elif op is c.AT or op in (c.ASSERT, c.ASSERT_NOT):
            continue  # zero width: a lookahead constrains the line, not the prefix
        elif op is c.SUBPATTERN:
            prefixes = _walk(list(arg[-1]), prefixes, limit)
        elif op is c.BRANCH:
            prefixes = set().union(*(_walk(list(alt), prefixes, limit) for alt in arg[1]))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            low, _, sub = arg
            once = {(p, True) for p, _ in _walk(list(sub), prefixes, limit)}
            prefixes = once if low else prefixes | once
            if low == 0:
                continue
        elif op is c.IN and all(o is c.LITERAL for o, _ in arg) and len(arg) <= _SMALL_CLASS:
            prefixes = {_extend(p, closed, chr(a), limit) for p, closed in prefixes for _, a in arg}
        elif op is c.IN and arg == [(c.CATEGORY, c.CATEGORY_DIGIT)]:
            prefixes = {(p or _DIGIT_START, True) for p, _ in prefixes}
        else:  # not literal text: the prefix ends here
            prefixes = {(p, True) for p, _ in prefixes}
    return prefixes


def _extend(prefix: str, closed: bool, char: str, limit: int) -> tuple[str, bool]:
    if closed or char in FOLD_TARGETS or len(prefix) >= limit:
        return prefix, True
    return prefix + char, False


def start_words_by_char(pattern: str) -> dict[str, tuple[str, ...]]:
    """The strings one of which starts every match of ``pattern`` (see
    :func:`start_prefixes`), by first character: a line whose first characters
    are none of them cannot match.  Raises ValueError if a match may start with
    a digit or with anything else."""
    prefixes = start_prefixes(pattern)
    if _DIGIT_START in prefixes:
        raise ValueError(f"a match of {pattern[:60]!r}... may start with a digit")
    by_char: dict[str, list[str]] = {}
    for word in _minimal(prefixes):
        by_char.setdefault(word[0], []).append(word)
    return {c: tuple(words) for c, words in by_char.items()}


def _minimal(words: Iterable[str]) -> tuple[str, ...]:
    """The words without those that start with another one, sorted."""
    out: list[str] = []
    for w in sorted(set(words)):
        # sorted, every word between v and a word that starts with v starts
        # with v too: only the last word kept can start this one
        if not (out and w.startswith(out[-1])):
            out.append(w)
    return tuple(out)


# --------------------------------------------------------------------------
# The compiled tables and the derived prefilters
# --------------------------------------------------------------------------
STRONG_START_RE = compile_rules((r.name, r.pattern) for r in STRONG_RULES if r.anchored)
#: Short lines try the short and the caption rules in one table (one prefilter
#: search); longer lines without sentence punctuation the caption rules alone.
SHORT_TABLE = compile_table(SHORT_RULES + CAPTION_RULES)
CAPTION_TABLE = compile_table(CAPTION_RULES)
LABEL_TABLE = compile_table(LABEL_RULES)

#: Substrings (lower case) of which one must occur in a line for the
#: unanchored strong rules to be searched.
STRONG_TRIGGERS: tuple[str, ...] = tuple(
    dict.fromkeys(w for r in STRONG_RULES if not r.anchored and r.guard is not None for w in r.guard.words)
)
assert all(
    not r.anchored and r.guard is not None and r.guard.kind == "substring" for r in STRONG_RULES if not r.anchored
), "an unanchored strong rule needs its triggers"
#: One regex finding any of STRONG_TRIGGERS (one search per line, not one
#: ``in`` test per trigger).
STRONG_TRIGGER_RE = re.compile(literal_alternation(STRONG_TRIGGERS))


def _strong_any_groups() -> tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]:
    groups: dict[tuple[str, ...], list[Rule]] = {}
    for r in STRONG_RULES:
        if not r.anchored and r.guard is not None:
            groups.setdefault(r.guard.words, []).append(r)
    return tuple(
        (re.compile(literal_alternation(words)), compile_rules((r.name, r.pattern) for r in rules))
        for words, rules in groups.items()
    )


#: The unanchored strong rules grouped by their triggers, each group as
#: ``(trigger regex, rules regex)``: a line is searched only with the groups
#: whose triggers it holds (:func:`search_strong_any`).
STRONG_ANY_GROUPS = _strong_any_groups()


def search_strong_any(low: str) -> re.Match[str] | None:
    """The leftmost match of an unanchored strong rule in ``low`` (the first
    group's on a tie), searching only the groups whose triggers ``low`` holds:
    what one regex of all of them would find, without trying every rule at
    every position of the line."""
    best = None
    for finder, pattern in STRONG_ANY_GROUPS:
        if finder.search(low) is None:
            continue
        m = pattern.search(low)
        if m is not None and (best is None or m.start() < best.start()):
            best = m
    return best


_STARTS = set().union(*(start_prefixes(r.pattern) for r in STRONG_RULES if r.anchored))
#: Strings (lower case) one of which starts every match of an anchored strong
#: rule, but for matches starting with a digit (the fast path never takes a
#: line that starts with a digit).
START_WORDS: tuple[str, ...] = _minimal(_STARTS - {_DIGIT_START})
#: The first characters of START_WORDS, in either case.
START_CHARS = frozenset(w[0] for w in START_WORDS) | frozenset(w[0].upper() for w in START_WORDS)
#: The gate of :data:`STRONG_START_RE` (see :func:`start_gate`): a line
#: whose first characters are none of its words is never tried with it.
STRONG_START_GATE = _gate(_STARTS)


def match_strong_start(low: str) -> re.Match[str] | None:
    """:data:`STRONG_START_RE` matched on ``low`` (lower-cased, folded, not
    empty) when it starts with one of the start words (or a digit, if a match
    may start with one): the same result, one dictionary look-up for most lines."""
    if STRONG_START_GATE is None or passes_gate(STRONG_START_GATE, low):
        return STRONG_START_RE.match(low)
    return None


def _cues() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Characters and words of which a line must hold one for a rule that
    the fast path skips (an unanchored strong rule, menu, contact) to apply,
    or for folding to change its words."""
    chars = dict.fromkeys(MENU_SEPARATORS)
    words: dict[str, None] = {}
    for needle in LINK_TRIGGERS + STRONG_TRIGGERS:
        if len(needle) == 1:
            chars[needle] = None
        elif not any(c in chars for c in needle):
            words[needle] = None
    chars.update(dict.fromkeys(FOLD_REMOVED))
    for w in words:
        if not w.isascii() or any(c in FOLD_TARGETS or c.isspace() for c in w):
            raise ValueError(f"cue word {w!r} must be ASCII without spaces or folded characters")
    return tuple(chars), tuple(words)


#: Characters that send a line through the full classifier.
#: Words (ASCII, found in either case) that send a line through the full classifier.
CUE_CHARS, CUE_WORDS = _cues()
