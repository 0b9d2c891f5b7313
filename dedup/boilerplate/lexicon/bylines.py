"""Bylines, contact lines and "Updated ..." datelines."""

from __future__ import annotations

from .dates import MONTH, WEEKDAY

#: "By Jane Doe", "Autor: ...", "Redaktion:".
BYLINE = (
    r"(?:by|written by|reporting by|reported by|words by|story by|posted by)\s+\S"
    r"|(?:authors?|editors?|contributors?|columnists?|reporters?|autor(?:in|en)?|auteurs?|"
    r"autores?|autori|redactie|redaktion|rédaction|redacción|redazione|redação)\s*:"
)
#: "Contact the reporter ...", "Email us".
CONTACT = (
    r"(?:contact|e-?mail|write to|reach|message|follow) (?:the )?"
    r"(?:reporters?|authors?|writers?|editors?|editorial|correspondents?|newsroom|"
    r"news ?desk|us|me)\b"
)
#: "Published ...", "Aktualisiert am ...", "Mis à jour le ...", per language.
PUBLISHED_WORDS = {
    "en": "published|updated|posted|last (?:updated|modified)|first published",
    "de": "veröffentlicht|aktualisiert|erstellt",
    "fr": "publié|mis à jour|modifié",
    "es": "publicado|actualizado",
    "it": "pubblicato|aggiornato",
    "pt": "atualizado",
    "nl": "gepubliceerd|bijgewerkt",
}
DATELINE = (
    r"(?:" + "|".join(PUBLISHED_WORDS.values()) + r")"
    r"(?:\s*:|\s+(?:on|at|am|um|le|à|el|a las|il|alle|em|às|op|om)\b|\s+\d|\s+" + MONTH + r"|\s+" + WEEKDAY + r"|\W*$)"
)

#: The header of an author box, per language, as the common CMSs word it
#: (general vocabulary): "About the author", "Über die Autorin", "À propos de
#: l'auteur".
AUTHOR_BOX_HEADERS = {
    "en": r"(?:about|more about) the (?:author|writer|contributor|reporter)s?|the author|author bio(?:graphy)?",
    "de": r"über (?:den autor|die autorin|die autor(?:inn)?en|den verfasser|die verfasserin)|zum autor|zur autorin"
    r"|der autor|die autorin",
    "fr": r"à propos de l'aut(?:eur|rice|eure)|l'aut(?:eur|rice|eure)",
    "es": r"(?:sobre|acerca de)(?: el| la)? autora?|el autor|la autora",
    "it": r"sull'aut(?:ore|rice)|l'aut(?:ore|rice)",
    "pt": r"sobre (?:o|a) autora?|o autor|a autora",
    "nl": r"over de (?:auteur|schrijver)|de auteur",
}
AUTHOR_BOX_HEADER = r"(?:" + "|".join(AUTHOR_BOX_HEADERS.values()) + r")(?:\W*$|\s*[:|]\s*$)"
