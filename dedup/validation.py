"""Checks of values given at the library's boundary, each written once.

Every check names the parameter in its error and returns the value in the
type the library works with. A ``bool`` is never a number here (``True`` is
an ``int`` to Python, but ``threshold=True`` is a mistake, not 1.0); numpy
integers and floats are numbers.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from typing import TypeGuard

import numpy as np

__all__ = [
    "boolean",
    "epoch_seconds",
    "fraction",
    "integer",
    "is_integer",
    "is_number",
    "is_str_or_int",
    "number",
    "positive_seconds",
]


def is_integer(value: object) -> TypeGuard[int | np.integer]:
    """An ``int`` or a numpy integer, not a ``bool``."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def is_number(value: object) -> TypeGuard[int | float | np.integer | np.floating]:
    """An ``int``, a ``float`` or a numpy number, not a ``bool``."""
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def is_str_or_int(value: object) -> TypeGuard[str | int]:
    """A ``str`` or a plain ``int`` (not a ``bool``): what a document id or a label may be."""
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def integer(name: str, value: object, low: int, high: int | None = None, shown_high: str = "") -> int:
    """``value`` as an ``int`` in ``[low, high)`` (no upper bound without ``high``).

    >>> integer("ngram", 3, 1)
    3
    >>> integer("ngram", 0, 1)
    Traceback (most recent call last):
    ...
    ValueError: ngram must be an integer >= 1, got 0
    """
    if is_integer(value) and low <= value and (high is None or value < high):
        return int(value)
    span = f">= {low}" if high is None else f"in [{low}, {shown_high or high})"
    raise ValueError(f"{name} must be an integer {span}, got {value!r}")


def fraction(name: str, value: object) -> float:
    """``value`` as a ``float`` in ``(0, 1]``.

    >>> fraction("threshold", 2)
    Traceback (most recent call last):
    ...
    ValueError: threshold must be a number in (0, 1], got 2
    """
    if is_number(value) and 0.0 < value <= 1.0:
        return float(value)
    raise ValueError(f"{name} must be a number in (0, 1], got {value!r}")


def number(name: str, value: object, low: float, unit: str = "") -> float:
    """``value`` as a finite ``float`` >= ``low`` (``unit`` is said in the error: "seconds")."""
    if is_number(value) and math.isfinite(value) and value >= low:
        return float(value)
    kind = f"a number of {unit}" if unit else "a number"
    raise ValueError(f"{name} must be {kind} >= {low:g}, got {value!r}")


def positive_seconds(name: str, value: object) -> float:
    """Seconds in a ``timedelta`` or a number of seconds, which must be > 0."""
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
    elif is_number(value):
        seconds = float(value)
    else:
        raise TypeError(f"{name} must be a timedelta or a number of seconds, got {type(value).__name__}")
    if not math.isfinite(seconds) or seconds <= 0:
        raise ValueError(f"{name} must be a positive duration, got {value!r}")
    return seconds


def epoch_seconds(value: object, name: str = "timestamp") -> float:
    """UTC seconds since the epoch from a number or a ``datetime`` (naive means UTC)."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.timestamp()
    if not is_number(value):
        raise TypeError(f"{name} must be a datetime or seconds since the epoch, got {type(value).__name__}")
    if not math.isfinite(float(value)):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return float(value)


def boolean(name: str, value: object) -> bool:
    """``value`` if it is ``True`` or ``False`` (numpy's included)."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise ValueError(f"{name} must be True or False, got {value!r}")
