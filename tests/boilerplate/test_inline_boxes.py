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
    # dropped as the box's, or before that as the links under a sidebar header
    assert all(w[1] in ("box", "related-run") and not w[0] for w in why[-len(after) - 2 : -len(after)])


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


READ_ALSO = {"en": "Read more", "de": "Lesen Sie auch", "fr": "À lire aussi", "es": "Lee también"}


@pytest.mark.parametrize("lang", STORIES)
def test_a_read_more_label_over_headlines_heads_a_box(lang):
    body, header, headlines, after = STORIES[lang]
    out = kept(HEADLINE, *body, READ_ALSO[lang], *headlines, CREDIT, *after)
    assert out == [HEADLINE, *body, *after]


def test_a_read_more_link_heads_no_box():
    body, header, headlines, after = STORIES["en"]
    sub = "What the new terminal will look like"
    out = kept(HEADLINE, *body, "Read more: Ferry fares to rise for the third year in a row", sub, *after)
    assert out == [HEADLINE, *body, sub, *after]


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


# A recipe below its story: a lone button ("Print") between the recipe's title
# and its list of ingredients does not cut the list from the story (issue 19).
RECIPES = {
    "en": (
        [
            "Every autumn our neighbour leaves a basket of pears by the door, far more than two people can eat.",
            "Turning them into jam takes an afternoon and fills the whole house with the smell of cinnamon.",
        ],
        ["Autumn pear and ginger jam", "Print", "Ingredients"],
        ["1 kg ripe pears", "2 tbsp lemon juice", "300 g sugar", "1 tsp ground ginger"],
        "Method",
        [
            "Wash the pears, remove the cores and chop the fruit into pieces the size of a fingernail.",
            "Add the lemon juice, the sugar and the ginger and bring everything slowly to the boil.",
            "Simmer for about forty minutes, stirring often, until the jam is thick and glossy.",
            "Pour the hot jam into clean jars, close them at once and let them cool overnight.",
        ],
    ),
    "de": (
        [
            "Jeden Herbst stellt uns die Nachbarin einen Korb Birnen vor die Tür, viel mehr als wir essen können.",
            "Daraus Marmelade zu kochen dauert einen Nachmittag, und das ganze Haus duftet nach Zimt und Nelken.",
        ],
        ["Birnenmarmelade mit Ingwer", "Drucken", "Zutaten"],
        ["1 kg reife Birnen", "2 EL Zitronensaft", "300 g Zucker", "1 TL gemahlener Ingwer"],
        "Zubereitung",
        [
            "Die Birnen waschen, vom Kerngehäuse befreien und das Fruchtfleisch grob hacken, bevor es in den Topf kommt.",
            "Zitronensaft, Zucker und Ingwer dazugeben und alles langsam zum Kochen bringen.",
            "Etwa vierzig Minuten köcheln lassen und oft umrühren, bis die Marmelade schön dick ist.",
            "Die heiße Marmelade in saubere Gläser füllen, sofort verschließen und über Nacht abkühlen lassen.",
        ],
    ),
    "fr": (
        [
            "Chaque automne, notre voisine dépose devant la porte un panier de poires, bien plus que nous ne "
            "pouvons en manger.",
            "En faire de la confiture prend un après-midi et toute la maison sent la cannelle et le clou de girofle.",
        ],
        ["Confiture de poires au gingembre", "Imprimer", "Ingrédients"],
        ["1 kg de poires mûres", "2 cuillères de jus de citron", "300 g de sucre", "1 cuillère de gingembre moulu"],
        "Préparation",
        [
            "Éplucher les poires, retirer le cœur et les couper en petits dés avant de les mettre dans une casserole.",
            "Ajouter le jus de citron, le sucre et le gingembre et porter lentement le tout à ébullition.",
            "Laisser mijoter environ quarante minutes en remuant souvent, jusqu'à ce que la confiture épaississe.",
            "Verser la confiture chaude dans des pots propres, les fermer aussitôt et laisser refroidir la nuit.",
        ],
    ),
    "es": (
        [
            "Cada otoño nuestra vecina deja en la puerta una cesta de peras, muchas más de las que podemos comer.",
            "Convertirlas en mermelada lleva una tarde entera y toda la casa huele a canela y a clavo.",
        ],
        ["Mermelada de peras con jengibre", "Imprimir", "Ingredientes"],
        ["1 kg de peras maduras", "2 cucharadas de zumo de limón", "300 g de azúcar", "1 cucharadita de jengibre"],
        "Preparación",
        [
            "Pelar las peras, quitarles el corazón y cortarlas en dados pequeños antes de ponerlas en una olla.",
            "Añadir el zumo de limón, el azúcar y el jengibre y llevar todo lentamente a ebullición.",
            "Cocer a fuego lento unos cuarenta minutos, removiendo a menudo, hasta que la mermelada espese.",
            "Verter la mermelada caliente en frascos limpios, cerrarlos enseguida y dejarlos enfriar toda la noche.",
        ],
    ),
}


@pytest.mark.parametrize("lang", RECIPES)
def test_a_button_does_not_cut_a_list_from_the_story(lang):
    story, (title, button, label), rows, method, steps = RECIPES[lang]
    out = kept(HEADLINE, *story, title, button, label, *rows, method, *steps)
    assert out == [HEADLINE, *story, title, label, *rows, method, *steps]


def test_a_button_between_labels_that_are_no_list_cuts_them():
    story, (title, button, label), rows, method, steps = RECIPES["en"]
    out = kept(HEADLINE, *story, "Contributing editor", button, "Watch next", "More videos", *steps)
    assert out == [HEADLINE, *story, *steps]


def test_a_list_after_a_button_at_the_end_of_the_page_is_dropped():
    story, (title, button, label), rows, method, steps = RECIPES["en"]
    out = kept(HEADLINE, *story, *steps, title, button, label, *rows, "© 2024 Example Kitchen. All rights reserved.")
    assert out == [HEADLINE, *story, *steps]
