"""The rule catalogue, generated from the rule tables and the settings.

``python -m dedup.boilerplate --rules`` prints :func:`rule_catalogue`.
"""

from __future__ import annotations

from collections.abc import Iterable

from .compiler import START_WORDS, STRONG_TRIGGERS, decision_order
from .rules import (
    CAPTION_RULES,
    LABEL_RULES,
    LINE_STEPS,
    REGION_STEPS,
    RUN_STEPS,
    SHORT_RULES,
    STRONG_RULES,
    Rule,
    Step,
)
from .settings import SETTINGS, Settings, describe

__all__ = ["rule_catalogue"]

_TABLES = {
    "STRONG_RULES": STRONG_RULES,
    "SHORT_RULES": SHORT_RULES,
    "CAPTION_RULES": CAPTION_RULES,
    "LABEL_RULES": LABEL_RULES,
}


def _examples(examples: Iterable[str]) -> str:
    shown = ", ".join(f'"{e}"' for e in examples)
    return f"  e.g. {shown}" if shown else ""


def _with(names: Iterable[str], settings: Settings) -> str:
    shown = ", ".join(f"{name}={getattr(settings, name)}" for name in names)
    return f" ({shown})" if shown else ""


def _rule(rule: Rule) -> list[str]:
    where = "at the start" if rule.anchored else "anywhere" if rule in STRONG_RULES else "whole line"
    lines = [f"      {rule.name}: {rule.summary} [{where}]"]
    if rule.guard is not None and rule not in STRONG_RULES:
        lines.append(f"        tried only on {rule.guard.describe()}")
    if rule.examples:
        lines.append("     " + _examples(rule.examples))
    return lines


def _step(step: Step, settings: Settings) -> list[str]:
    lines = [f"  {step.name} -> {step.outcome}: {step.summary}{_with(step.settings, settings)}"]
    if step.name in _TABLES:
        rules = _TABLES[step.name]
        if rules is STRONG_RULES:
            lines.append("    anchored rules start with one of: " + ", ".join(START_WORDS) + ", or a digit")
            lines.append(
                "    the others are searched on lines holding one of: "
                + ", ".join(STRONG_TRIGGERS)
                + _with(("strong_anywhere_max_words", "strong_long_line_prefix"), settings)
            )
        for rule in decision_order(rules):
            lines.extend(_rule(rule))
    elif step.examples:
        lines.append("   " + _examples(step.examples))
    return lines


def rule_catalogue(settings: Settings = SETTINGS) -> str:
    """Every rule of the stripper, in the order they decide, with the
    thresholds they use and invented examples."""
    out = [
        "Boilerplate rules of dedup.strip_boilerplate, in the order they decide.",
        "Lexicon patterns are matched on the line lower-cased, NFKC-normalised, list marker removed,",
        "curly quotes and dashes folded; a match makes the line BAD.",
        "",
        "1. Line classifier: each non-blank line (or hard-wrapped paragraph) gets GOOD, BAD or SHORT",
    ]
    for step in LINE_STEPS:
        out.extend(_step(step, settings))
    out += ["", "2. Run rules and the context pass, over the sequence of units"]
    for step in RUN_STEPS:
        out.extend(_step(step, settings))
    out += [
        "",
        "3. Region pass: kept units form regions (separated by more than "
        f"weak_gap_max_units={settings.weak_gap_max_units} weak interruptions); the main region is the heaviest",
    ]
    for step in REGION_STEPS:
        out.extend(_step(step, settings))
    out += ["", f"Passes repeat until nothing changes (max_passes={settings.max_passes}).", "", "Thresholds:"]
    out.extend(f"  {name} = {value}" for name, value in describe(settings))
    return "\n".join(out) + "\n"
