"""Issue 19: a box of related links inside an article (a header over a few
headlines between its paragraphs) is one interruption of the article, and its
headlines are not article text.  All texts are invented."""

from __future__ import annotations

import re

import pytest

from dedup.boilerplate import SETTINGS, explain_lines, strip_boilerplate

#: Per language: paragraphs before the box, the box's header and headlines,
#: and three short paragraphs after it (fewer words than a gap of five
#: units needs, enough for a gap of two).
STORIES = {
    "en": (
        [
            "The harbour authority said on Monday that the new ferry terminal will open in the spring, "
            "two years later than planned.",
            "Engineers found that the old quay walls were weaker than expected and had to be rebuilt "
            "before work on the terminal could start.",
            "The delay added about forty million euros to the cost of the project, according to figures "
            "released by the authority.",
        ],
        "Related articles",
        [
            "Ferry fares to rise for the third year in a row",
            "Night buses return to the harbour district",
            "Why the old lighthouse will stay dark this winter",
        ],
        [
            "Passengers will be able to buy tickets at machines inside the new hall.",
            "The old terminal will close for good once the new one opens.",
            "A public tour of the building is planned for the week before the opening.",
        ],
    ),
    "de": (
        [
            "Die Hafenbehörde hat am Montag mitgeteilt, dass das neue Fährterminal erst im Frühjahr "
            "eröffnet wird, zwei Jahre später als geplant.",
            "Bei den Arbeiten stellte sich heraus, dass die alten Kaimauern schwächer waren als erwartet "
            "und zuerst erneuert werden mussten.",
            "Die Verzögerung kostet nach Angaben der Behörde rund vierzig Millionen Euro zusätzlich, "
            "wie aus den veröffentlichten Zahlen hervorgeht.",
        ],
        "Mehr zum Thema",
        [
            "Fährpreise steigen das dritte Jahr in Folge",
            "Nachtbusse fahren wieder bis zum Hafen",
            "Warum der alte Leuchtturm diesen Winter dunkel bleibt",
        ],
        [
            "Fahrkarten gibt es künftig an Automaten in der neuen Halle des Terminals.",
            "Das alte Terminal wird geschlossen, sobald das neue in Betrieb geht.",
            "Eine öffentliche Führung durch das Gebäude ist für die Woche vor der Eröffnung geplant.",
        ],
    ),
    "fr": (
        [
            "L'autorité portuaire a annoncé lundi que le nouveau terminal des ferries n'ouvrira qu'au "
            "printemps, avec deux ans de retard.",
            "Les ingénieurs ont constaté que les anciens murs du quai étaient plus fragiles que prévu et "
            "devaient d'abord être reconstruits.",
            "Ce retard coûtera environ quarante millions d'euros de plus, selon les chiffres publiés par "
            "l'autorité portuaire.",
        ],
        "Sur le même sujet",
        [
            "Les tarifs des ferries augmentent pour la troisième année",
            "Les bus de nuit reviennent dans le quartier du port",
            "Pourquoi le vieux phare restera éteint cet hiver",
        ],
        [
            "Les billets seront vendus dans des automates installés dans le nouveau hall.",
            "L'ancien terminal fermera définitivement dès que le nouveau sera ouvert au public.",
            "Une visite publique du bâtiment est prévue la semaine précédant l'ouverture.",
        ],
    ),
    "es": (
        [
            "La autoridad portuaria anunció el lunes que la nueva terminal de ferris no abrirá hasta la "
            "primavera, dos años más tarde de lo previsto.",
            "Los ingenieros descubrieron que los antiguos muros del muelle eran más débiles de lo previsto "
            "y tuvieron que reconstruirlos primero.",
            "El retraso costará unos cuarenta millones de euros más, según las cifras publicadas por la "
            "autoridad portuaria.",
        ],
        "Noticias relacionadas",
        [
            "Los billetes del ferri suben por tercer año consecutivo",
            "Los autobuses nocturnos vuelven al barrio del puerto",
            "Por qué el viejo faro seguirá apagado este invierno",
        ],
        [
            "Los billetes se venderán en máquinas instaladas en el nuevo vestíbulo.",
            "La antigua terminal cerrará definitivamente en cuanto abra la nueva terminal.",
            "Está prevista una visita pública al edificio la semana antes de la apertura.",
        ],
    ),
}
HEADLINE = "New ferry terminal delayed until spring"
CREDIT = "The new terminal hall seen from the water (Photo: Jane Roe)"
TEASERS = [
    "Council backs plan for a second tram line",
    "The line would link the station with the university campus by the end of the decade.",
    "Bakery on the square closes after ninety years",
    "The owners said they could not find anyone to take over the family business.",
    "Five walks along the old city walls",
    "From the north gate to the river, these routes take less than an hour each.",
]


def kept(*parts: str) -> list[str]:
    return [line for line in re.split(r"\n", strip_boilerplate("\n".join(parts))) if line.strip()]


@pytest.mark.parametrize("lang", STORIES)
def test_the_article_goes_on_after_an_inline_box(lang):
    body, header, headlines, after = STORIES[lang]
    # the box's headlines between its header and a picture's credit: the
    # context pass drops them, and the box with the credit is two interruptions
    out = kept(HEADLINE, *body, header, *headlines, CREDIT, *after)
    assert out == [HEADLINE, *body, *after]
    # right above a paragraph, the context pass keeps two of them (a headline
    # leading into a paragraph): they are the box's too
    out = kept(HEADLINE, *body, header, *headlines, *after)
    assert out == [HEADLINE, *body, *after]
    why = explain_lines([HEADLINE, *body, header, *headlines, *after])
    assert [w[1] for w in why[-len(after) - 2 : -len(after)]] == ["box", "box"]


@pytest.mark.parametrize("lang", STORIES)
def test_one_paragraph_after_an_inline_box_is_kept(lang):
    body, header, headlines, after = STORIES[lang]
    last = " ".join(after[:2])  # continuation_gap_words for the one interruption
    out = kept(HEADLINE, *body, header, *headlines, last, "Share", "Tweet", "Email")
    assert out == [HEADLINE, *body, last]


@pytest.mark.parametrize("lang", STORIES)
def test_the_headlines_of_a_box_between_paragraphs_are_dropped(lang):
    body, header, headlines, after = STORIES[lang]
    out = kept(HEADLINE, *body[:2], header, *headlines[:2], body[2], *after)
    assert out == [HEADLINE, *body, *after]


def test_a_list_of_teasers_below_a_box_is_not_the_article():
    body, header, headlines, after = STORIES["en"]
    out = kept(HEADLINE, *body, header, *headlines, *TEASERS)
    assert out == [HEADLINE, *body]


def test_an_author_box_below_a_header_is_not_the_article():
    body, header, headlines, after = STORIES["en"]
    bio = "Jane Roe has written about the harbour and its ferries for the paper since 2012."
    out = kept(HEADLINE, *body, header, "Jane Roe", bio, "Share", "Tweet", "Email")
    assert out == [HEADLINE, *body]


def test_two_boxes_in_a_row_are_a_sidebar():
    body, header, headlines, after = STORIES["en"]
    out = kept(HEADLINE, *body, header, *headlines[:2], "Most read", headlines[2], *after)
    assert out == [HEADLINE, *body]


def test_a_box_of_too_many_headlines_is_a_sidebar():
    body, header, headlines, after = STORIES["en"]
    many = [*headlines, *TEASERS[::2]]
    assert len(many) > SETTINGS.box_max_headlines
    out = kept(HEADLINE, *body, header, *many, CREDIT, *after)
    assert out == [HEADLINE, *body]


def test_a_header_naming_its_one_link_has_no_headlines_below_it():
    body, header, headlines, after = STORIES["en"]
    sub = "What the new terminal will look like"
    out = kept(HEADLINE, *body, "Related: Ferry fares to rise for the third year in a row", sub, *after)
    assert out == [HEADLINE, *body, sub, *after]
