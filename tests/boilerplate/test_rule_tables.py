"""The rule tables, what the compiler derives from them, and the catalogue.

The prefilters (the strong triggers, the start words of the anchored strong
rules, the cues of the plainly-prose fast path) are derived from the tables,
so a rule added to a table is seen by them; these tests check the derivation
on the tables and on patterns made up here.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import FrozenInstanceError, fields

import pytest

from dedup.boilerplate import BAD, SETTINGS, Settings, line_features, rule_catalogue
from dedup.boilerplate.compiler import (
    CUE_WORDS,
    SHORT_TABLE,
    START_WORDS,
    STRONG_TRIGGERS,
    decision_order,
    match_rules,
    start_prefixes,
    start_words_by_char,
)
from dedup.boilerplate.regions import FOOTER_RULES, HARD_END_RULES, WEAK_GAP_RULES
from dedup.boilerplate.rules import (
    CAPTION_RULES,
    LABEL_RULES,
    LINE_STEPS,
    REGION_STEPS,
    RUN_STEPS,
    SHORT_RULES,
    STRONG_RULES,
)
from dedup.boilerplate.text import fold_typography

TABLES = {"strong": STRONG_RULES, "short": SHORT_RULES, "caption": CAPTION_RULES, "label": LABEL_RULES}
CLASSIFIER_STEPS = [
    s for s in LINE_STEPS if s.name not in ("STRONG_RULES", "SHORT_RULES", "CAPTION_RULES", "LABEL_RULES")
]


def folded(line: str) -> str:
    """The text the lexicon patterns are matched on."""
    return fold_typography(line_features(line).text.lower())


@pytest.mark.parametrize("table", TABLES.values(), ids=TABLES.keys())
def test_every_example_gets_its_rule(table):
    for rule in table:
        assert rule.examples, rule.name
        for example in rule.examples:
            f = line_features(example)
            assert (f.label, f.rule) == (BAD, rule.name), example


def test_every_classifier_step_example_gets_its_step():
    for step in CLASSIFIER_STEPS:
        for example in step.examples:
            assert line_features(example).rule == step.name, example


def test_decision_order_puts_unguarded_rules_first():
    for table in TABLES.values():
        ordered = decision_order(table)
        assert sorted(ordered, key=id) == sorted(table, key=id)
        guarded = [r.guard is not None for r in ordered]
        assert guarded == sorted(guarded)


def test_strong_prefilters_are_derived_from_the_rules():
    for rule in STRONG_RULES:
        for example in rule.examples:
            low = folded(example)
            if rule.anchored:
                assert low[0].isdigit() or low.startswith(START_WORDS), example
            else:
                assert any(trigger in low for trigger in STRONG_TRIGGERS), example
    assert set(STRONG_TRIGGERS) == {w for r in STRONG_RULES if not r.anchored for w in r.guard.words}
    assert set(STRONG_TRIGGERS) <= set(CUE_WORDS) | {t for t in STRONG_TRIGGERS if len(t) == 1}


@pytest.mark.parametrize(
    ("pattern", "prefixes"),
    [
        (
            r"^(?:sign up|subscribe) (?:now|today)\b",
            {"sign up now", "sign up today", "subscribe now", "subscribe today"},
        ),
        (
            r"^(?:get|grab) (?:the|our) tide alerts",
            {"get the tide ale", "get our tide ale", "grab the tide al", "grab our tide al"},
        ),
        (r"^[©@] ?\d{4}", {"©", "© ", "@", "@ "}),  # each string starts some match; one starts every match
        (r"^\d+ thoughts on", {"\0digit"}),
        (r"^don[']t miss", {"don"}),  # a character that folding produces ends the prefix
        (r"^(?=.*cookie)we use", {"we use"}),  # a lookahead constrains the line, not the prefix
    ],
)
def test_start_prefixes(pattern, prefixes):
    assert start_prefixes(pattern) == prefixes


def test_start_prefixes_refuses_a_pattern_without_start_words():
    with pytest.raises(ValueError, match="no start word"):
        start_prefixes(r"^\w+ newsletter")


def test_a_start_guard_tries_a_rule_only_on_lines_starting_with_its_first_words():
    by_char = start_words_by_char(r"(?:send|post) (?:a|the) comment|notify me")
    assert by_char == {
        "n": ("notify me",),
        "p": ("post a comment", "post the comment"),
        "s": ("send a comment", "send the comment"),
    }
    with pytest.raises(ValueError, match="digit"):
        start_words_by_char(r"\d+ comments")
    guarded = [r for table in TABLES.values() for r in table if r.guard is not None and r.guard.kind == "start"]
    assert guarded
    for rule in guarded:
        by_char = start_words_by_char(rule.pattern)
        for example in rule.examples:
            low = folded(example)
            assert low.startswith(by_char[low[0]]), example
    # the same lines after a word: no rule of the table matches them
    for rule in guarded:
        for example in rule.examples:
            assert match_rules(SHORT_TABLE, "and " + folded(example)) is None, example


def test_settings_are_one_frozen_dataclass():
    assert SETTINGS == Settings()
    with pytest.raises(FrozenInstanceError):
        SETTINGS.max_passes = 3  # type: ignore[misc]
    catalogue = rule_catalogue(Settings(short_rule_max_words=9))
    assert "short_rule_max_words=9" in catalogue and "short_rule_max_words = 9" in catalogue
    for f in fields(Settings):
        assert f"  {f.name} = {getattr(SETTINGS, f.name)}\n" in rule_catalogue()


def test_rules_command_prints_the_catalogue():
    run = subprocess.run(
        [sys.executable, "-m", "dedup.boilerplate", "--rules"], capture_output=True, text=True, check=True
    )
    assert run.stdout == rule_catalogue()
    for table in TABLES.values():
        for rule in table:
            assert f"      {rule.name}: {rule.summary}" in run.stdout
    usage = subprocess.run([sys.executable, "-m", "dedup.boilerplate"], capture_output=True, text=True)
    assert usage.returncode == 2 and "--rules" in usage.stdout


def test_the_region_pass_names_only_rules_that_exist():
    names = {r.name for table in TABLES.values() for r in table}
    names |= {s.name for steps in (LINE_STEPS, RUN_STEPS, REGION_STEPS) for s in steps}
    for group in (HARD_END_RULES, FOOTER_RULES, WEAK_GAP_RULES):
        assert group <= names, group - names
