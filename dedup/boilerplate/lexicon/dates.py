"""Dates, times and relative times ("3 hours ago", "vor 2 Stunden")."""

from __future__ import annotations

#: Month names and abbreviations, per language.
MONTHS = {
    "en": r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?",
    "de": "januar|februar|märz|mai|juni|juli|oktober|dezember",
    "fr": "janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre",
    "es": "enero|febrero|marzo|abril|mayo|junio|julio|agosto|sept?iembre|octubre|noviembre|diciembre",
    "it": "gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre",
    "pt": "janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro",
    "nl": "januari|februari|maart|mei|augustus",
}
#: Weekday names, per language.
WEEKDAYS = {
    "en": "(?:mon|tue(?:s)?|wed(?:nes)?|thu(?:r(?:s)?)?|fri|sat(?:ur)?|sun)(?:day)?",
    "de": "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag",
    "fr": "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche",
    "es": "lunes|martes|miércoles|jueves|viernes|sábado|domingo",
    "it": "lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica",
    "pt": "segunda|terça|quarta|quinta|sexta(?:-feira)?|(?:segunda|terça|quarta|quinta)-feira",
    "nl": "maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag",
}
#: Words between a date and a time ("at", "um", "às" ...).
AT = r"(?:at|um|à|às|a las|alle|om|-|\||,)"
#: Units of "N units ago" in each language's word order.
AGO_UNITS = r"s|sec|secs|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|mo|months?|y|yrs?|years?"
#: "vor 2 Stunden", "il y a 2 heures", "hace 2 horas", "há 2 dias" (de, fr, es, pt).
BEFORE_UNITS = {
    "prefix": "vor|il y a|hace|há",
    "units": "sekunden|minuten|stunden|tagen|wochen|monaten|secondes|minutes|heures?|jours?|semaines?|mois|"
    "segundos|minutos|horas?|días?|dias?|semanas?|meses",
}
#: "2 ore fa" (it), "2 uur geleden" (nl).
AFTER_UNITS = {
    "it": ("minuti|ore|giorni|settimane|mesi", "fa"),
    "nl": ("minuten|uur|dagen|weken|maanden", "geleden"),
}

MONTH = "(?:" + "|".join(MONTHS.values()) + r")\b\.?"
WEEKDAY = "(?:" + "|".join(WEEKDAYS.values()) + r")\b\.?,?"
CLOCK = r"\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+(?:[a-z]{2,5}|uhr))?"
#: A date or a time: "Mar 3, 2024 at 9:05 pm", "7 de março de 2024 às 8:41", "2024-03-07T10:00Z".
DATE = (
    r"(?:" + WEEKDAY + r"\s*)?"
    r"(?:" + MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?"
    r"|\d{1,2}(?:st|nd|rd|th|\.)?\s+(?:de\s+)?" + MONTH + r"(?:,?\s+(?:de\s+)?\d{4})?"
    r"|" + MONTH + r"\s+\d{4}"
    r"|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:t\d{2}:\d{2}(?::\d{2})?(?:[+-]\d{2}:?\d{2}|z)?)?"
    r"|" + CLOCK + r")"
    r"(?:,?\s*" + AT + r"?\s*" + CLOCK + r")?"
)
#: A whole line that is a date, a time, a relative time or a reading time.
DATE_LINE = (
    r"(?:" + DATE + r")\W*$"
    r"|(?:about |updated )?\d+\s*(?:" + AGO_UNITS + r") ago(?:\W*$|\s+at\s.*|\s*[|·•].*)"
    r"|\d+ min(?:ute)?s? read\W*$"
    r"|(?:"
    + BEFORE_UNITS["prefix"]
    + r") \d+ (?:"
    + BEFORE_UNITS["units"]
    + r")\W*$"
    + "".join(r"|\d+ (?:" + units + r") " + word + r"\W*$" for units, word in AFTER_UNITS.values())
)

#: A date with its year (and maybe a time): "March 3, 2024", "3. März 2024,
#: 9:05 Uhr", "03/07/2024 8:41 pm", "2024-03-07".
YEAR_DATE = (
    r"(?:" + WEEKDAY + r"\s*)?"
    r"(?:" + MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}(?:st|nd|rd|th|\.)?\s+(?:de\s+)?" + MONTH + r",?\s+(?:de\s+)?\d{4}"
    r"|\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})"
    r"(?:,?\s*" + AT + r"?\s*" + CLOCK + r")?"
)

#: "Reading time", per language.
READING_TIMES = {
    "en": r"(?:estimated )?read(?:ing)? time",
    "de": "lesezeit|lesedauer",
    "fr": "temps de lecture|durée de lecture",
    "es": "tiempo (?:estimado )?de lectura",
    "it": "tempo (?:di|stimato di) lettura",
    "pt": "tempo (?:estimado )?de leitura",
    "nl": "leestijd",
}
MINUTES = r"(?:min(?:\.|utes?|uten|utos?|uti)?|mn)"
#: A reading time: "Lesezeit: 4 Minuten", "Temps de lecture : 3 min",
#: "6 minutes de lecture", "12 min - 2,400 words".
READING_TIME = (
    r"(?:" + "|".join(READING_TIMES.values()) + r")\s*:?\s*(?:ca\.?|about|approx\.?|~|environ|unos|circa)?\s*"
    r"\d+\s*(?:-\s*\d+\s*)?" + MINUTES + r"\W*$"
    r"|\d+\s*" + MINUTES + r"\s*(?:read|lesezeit|lesedauer|de lecture|de lectura|de leitura|di lettura|leestijd)\W*$"
    r"|\d+\s*" + MINUTES + r"\s*[-|·•]\s*[\d.,]+\s*(?:words|wörter|mots|palabras|parole|palavras|woorden)\W*$"
)
