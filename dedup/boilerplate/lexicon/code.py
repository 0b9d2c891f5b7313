"""Script text that leaked into a page's text: JavaScript, CSS and JSON.

A whole-page text dump may hold the page's inline scripts and styles.  A
line is code when one of these tokens occurs in it and it has enough code
punctuation (see the ``script`` step of ``rules.LINE_STEPS``).  The tokens
are written in lower case, matched on the lower-cased line.
"""

from __future__ import annotations

#: Tokens of JavaScript, CSS and JSON that prose does not use.
CODE_TOKENS = {
    "function": r"\bfunction\s*[\w$]*\s*\(|=>\s*[{(]",
    "declaration": r"\b(?:var|let|const)\s+[\w$]+\s*=",
    "objects": r"\b(?:window|document|navigator|console|jquery|googletag)\s*\.\s*[a-z_$]",
    "json": r"[{\[,]\s*\"[\w@$.-]+\"\s*:",
    "calls": r"\)\s*;|;\s*\}|\}\s*\)|\)\s*\{",
    "css": r"[\w\])-]\s*\{\s*[\w-]+\s*:\s*[^;{}]+;",
}
CODE_TOKEN = "|".join(f"(?:{p})" for p in CODE_TOKENS.values())
#: A line holding one of these is never taken for plain prose without the
#: classifier (a cue; a line ending in sentence punctuation is code only with one).
CODE_CUES = "{"
#: Characters counted as code punctuation.
CODE_MARKS = "{}[];=<>"
