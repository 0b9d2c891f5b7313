"""Bylines, contact lines and "Updated ..." datelines."""

from __future__ import annotations

from .dates import MONTH, WEEKDAY, YEAR_DATE

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

#: A name in a byline: one to four words that start with a letter, without
#: digits, colons, brackets or "@" (a handle in brackets is a quoted post's
#: signature, not a byline); possessive, so that a word is never split.
_WORD = r"[^\W\d_][^\s\d:@()\[\]]*+"
_NAME = _WORD + r"(?: " + _WORD + r"){0,3}"
_BY = r"(?:by|von|par|por|door|di|de|from)\s+"
#: Between a name and a date: white space, or a separator.
_SEP = r"(?:\s*[-|·•,]\s*|\s+)"
_ON = r"(?:(?:on|am|le|el|il|op|em)\s+)?"
#: A byline with its date, per language: "By Jane Roe on March 3, 2024",
#: "von Erika Muster am 3. März 2024, 9:05 Uhr", "Example Wire March 3, 2024
#: 9:05 AM", "March 3, 2024 | Jane Roe"; the name before the date, or a
#: short one after it (a headline that starts with a date goes on).  The
#: lookahead fails at once on a line without a year or a numeric date.
DATE_BYLINE = (
    r"(?=[^\d]*+\d.*?(?:\d{4}|\d[./]\d{1,2}[./]\d))"
    r"(?!(?:" + "|".join(PUBLISHED_WORDS.values()) + r")\b)"  # an "Updated ..." dateline
    r"(?P<date_byline_name>(?:"
    + _BY
    + r")?"
    + _NAME
    + _SEP
    + _ON
    + r")?"
    + YEAR_DATE
    # after the date: "by" and a name, or (no name before it) a short name
    + r"(?(date_byline_name)(?:"
    + _SEP
    + _BY
    + _NAME
    + r")?|"
    + _SEP
    + r"(?:"
    + _BY
    + r")?"
    + _WORD
    + r"(?: "
    + _WORD
    + r"){0,2})[^\w.]*$"
)

#: The meta line a blog theme prints under a post, per language, as the
#: common CMS themes word it (general vocabulary): "This entry was posted in
#: Travel and tagged harbour, ferries", "Dieser Eintrag wurde am ...
#: veröffentlicht und unter Allgemein abgelegt".
POST_META = (
    r"^(?:this (?:entry|post|article) was (?:posted|published|filed|written)"
    r"|(?:dieser|der) (?:eintrag|beitrag|artikel) wurde"
    r"|cette entrée a été (?:publiée|postée)|cet article a été (?:publié|posté)"
    r"|(?:esta|la) entrada (?:fue|ha sido) (?:publicada|escrita)|este (?:artículo|post) fue publicado"
    r"|questa voce è stata (?:pubblicata|scritta)|questo (?:articolo|post) è stato pubblicato"
    r"|(?:este|esse) (?:artigo|post) foi publicado|esta entrada foi publicada"
    r"|(?:dit bericht|deze post|dit artikel) (?:is|werd) (?:geplaatst|gepubliceerd))\b"
    r".{0,200}?\b(?:filed under|is filed|tagged|bookmark|permalink|rss|abgelegt|verschlagwortet|kategori\w*|"
    r"lesezeichen|class[ée]e? dans|marqu[ée]e?|étiquet\w*|archivad[ao]|etiquetad[ao]|categor\w*|"
    r"archiviat[ao]|marcad[ao]|getagd|gecategoriseerd)\b"
)

#: A wire story's credits, per language: "Jane Roe contributed reporting from
#: Lisbon", "(Reporting by Jane Roe; editing by John Doe)", "Mit Material
#: von dpa", "Con información de agencias".
CONTRIBUTED = r"\bcontributed (?:reporting|research|to this (?:report|story|article))\b"
CONTRIBUTED_TRIGGERS = ("contributed",)
WIRE_CREDIT = (
    r"^\(?(?:additional |with )?(?:reporting|writing|editing) by\b"
    r"|^\(?(?:mit material (?:von|der|des)|con (?:información|datos) de|con informazioni di|"
    r"com informações d[aeo]s?) [^.;:]{1,40}\)?\W*$"
    r"|^\(avec [^.;:()]{1,30}\)\W*$"
)
