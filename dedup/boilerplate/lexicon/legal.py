"""Copyright lines and "all rights reserved", per language."""

from __future__ import annotations

#: A copyright line: "(c) 2024", "Copyright 2024", "© Example Media".
COPYRIGHT_START = r"^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}))"
#: The © sign before a year or a name, anywhere.
COPYRIGHT_SIGN = r"©\s*(?:\d{4}|[^\W\d_])"
#: "copyright 2024" anywhere in a short line.
COPYRIGHT_ANYWHERE = r".*\bcopyright\s*(?:©|\(c\)|\d{4}).*"
COPYRIGHT_ANYWHERE_GUARD = ("copyright",)
#: "All rights reserved", per language.
RIGHTS_RESERVED = {
    "en": "all rights? reserved",
    "es/pt": "todos (?:los derechos|os direitos) reservados",
    "de": "alle rechte vorbehalten",
    "fr": "tous droits réservés",
    "it": "tutti i diritti riservati",
    "nl": "alle rechten voorbehouden",
}
ALL_RIGHTS_RESERVED = r".*\b(?:" + "|".join(RIGHTS_RESERVED.values()) + r")\b.*"
ALL_RIGHTS_RESERVED_GUARD = ("reserv", "vorbehalten", "réservés", "riservati", "voorbehouden")
#: A page footer: a copyright line that starts with a year, or reserves rights (any case).
FOOTER = r"^(?:©|\(c\)|copyright)\s*(?:©|\(c\))?\s*(?:19|20)\d\d\b|\brights reserved\b"
#: A copyright line that is a footer rather than a photo's credit ("© dpa |
#: Jane Roe", "Crowds at the pier. © AFP / John Roe"): it holds a year or
#: reserves rights ("© Example Media, riproduzione riservata"; any case).
COPYRIGHT_FOOTER = r"\b(?:19|20)\d\d\b|reserv|vorbehalten|réservé|riservat|voorbehouden"
