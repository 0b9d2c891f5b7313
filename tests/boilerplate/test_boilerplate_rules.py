"""One small real-looking case per rule of dedup.boilerplate (``python -m
dedup.boilerplate --rules`` lists them), plus the properties of the stripper and of its fast path."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_boilerplate import BODY, HEADLINE

from dedup.boilerplate import BAD, GOOD, SETTINGS, SHORT, clear_cache, explain_lines, line_features, strip_boilerplate
from dedup.boilerplate.compiler import CAPTION_TABLE, LABEL_TABLE, SHORT_TABLE, match_rules
from dedup.boilerplate.document import Document
from dedup.boilerplate.features import features_without_cues
from dedup.boilerplate.passes import run_pass
from dedup.boilerplate.rules import CAPTION_RULES, LABEL_RULES, SHORT_RULES
from dedup.boilerplate.text import split_lines


def lines_of(text: str) -> list[str]:
    return [line for line in re.split(r"\r\n|\r|\n", text) if line.strip()]


def kept(*parts: str) -> list[str]:
    return lines_of(strip_boilerplate("\n".join(parts)))


def assert_body(out: list[str], body=BODY) -> None:
    for para in body:
        assert para in out


# --------------------------------------------------------------------------
# Lexicon in German, French, Spanish, Italian, Portuguese and Dutch
# --------------------------------------------------------------------------
MULTILINGUAL_BAD = {
    "de cookies": "Diese Website verwendet Cookies, um Ihnen das beste Erlebnis zu bieten. Wenn Sie "
    "die Seite weiter nutzen, stimmen Sie der Verwendung zu.",
    "fr cookies": "Nous utilisons des cookies pour vous garantir la meilleure expérience sur notre site.",
    "es cookies": "Utilizamos cookies propias y de terceros para mejorar nuestros servicios y mostrarle "
    "publicidad relacionada con sus preferencias.",
    "it cookies": "Questo sito utilizza cookie tecnici e di profilazione per migliorare la tua esperienza.",
    "pt cookies": "Este site utiliza cookies para melhorar a sua experiência de navegação.",
    "nl cookies": "Deze website maakt gebruik van cookies om uw ervaring te verbeteren.",
    "consent": "By using our website you agree to our updated privacy terms and the way we use your data.",
    "de newsletter": "Jetzt abonnieren: unser Newsletter mit den wichtigsten Nachrichten des Tages",
    "fr newsletter": "Inscrivez-vous à notre newsletter et recevez l'essentiel de l'actualité chaque matin.",
    "es newsletter": "Suscríbete a nuestro boletín y recibe las noticias más importantes del día.",
    "it newsletter": "Iscriviti alla newsletter per ricevere ogni settimana le notizie più lette.",
    "pt newsletter": "Assine nossa newsletter e receba as principais notícias no seu e-mail.",
    "nl newsletter": "Schrijf je in voor onze nieuwsbrief en ontvang elke ochtend het laatste nieuws.",
    "de rights": "© 2019 Beispiel Verlag GmbH. Alle Rechte vorbehalten.",
    "fr rights": "Le Journal du Matin - Tous droits réservés",
    "it rights": "Gruppo Editoriale Esempio S.p.A. - Tutti i diritti riservati",
    "nl rights": "De Dagkrant - Alle rechten voorbehouden",
    "es rights": "Diario Ejemplo. Todos los derechos reservados.",
    "de read more": "Weiterlesen",
    "fr read more": "Lire aussi : Le budget adopté après onze heures de débat",
    "es read more": "Leer más",
    "it read more": "Leggi anche: il sindaco presenta il bilancio",
    "pt read more": "Leia também: Câmara aprova orçamento",
    "nl read more": "Lees ook: Gemeenteraad keurt begroting goed",
    "de related": "Das könnte Sie auch interessieren",
    "fr related": "Sur le même sujet",
    "es related": "Noticias relacionadas",
    "it related": "Articoli correlati",
    "pt related": "Notícias relacionadas",
    "nl related": "Meest gelezen",
    "de comments": "12 Kommentare",
    "fr comments": "Laisser un commentaire",
    "es comments": "Deja un comentario",
    # comment forms: the general CMS vocabulary (invented lines)
    "en comment form": "Your e-mail address will not be published on the tide site.",
    "en required fields": "Required fields are marked with a star",
    "de comment form": "Ihre E-Mail wird niemals im Gezeitenforum gezeigt. Pflichtfelder sind markiert",
    "de comment save": "Meinen Namen, meine E-Mail und die Gezeitenseite für den nächsten Besuch merken.",
    "fr comment form": "Votre e-mail ne sera jamais visible des autres lecteurs.",
    "es comment form": "Tu correo no será visible para los demás lectores.",
    "it comment form": "Il tuo indirizzo email non verrà mostrato ai lettori.",
    "nl comment form": "Uw e-mailadres wordt niet getoond aan andere lezers.",
    "de comment login": "Du musst angemeldet sein, bevor du im Gezeitenforum kommentieren kannst.",
    # newsletter sign-up forms: the general vocabulary of mailing-list plugins (invented lines)
    "de newsletter form": "Jetzt zum Newsletter anmelden",
    "fr newsletter form": "Je m'abonne",
    # captions that end in their credit (invented lines)
    "de caption credit": "Der neue Steg am Hafen bei Sonnenaufgang. Foto: Erika Muster",
    "en caption credit": "Ferry passengers wait at the old terminal on Tuesday. (Photo: Jane Roe)",
    "fr caption credit": "Le nouveau pont au-dessus du canal. Photo : Jean Dupont",
    # photo credits naming the photographer, picture-gallery counters and buttons (invented lines)
    "en photographer credit": "Photo by Jane Roe on Unsplash",
    "de photographer credit": "Bild von Erika Muster auf Pixabay",
    "en courtesy credit": "Courtesy of the Harbour Museum",
    "en gallery counter": "Image 4 of 17",
    "de gallery counter": "Foto 2 von 9",
    "en gallery button": "View the photo gallery",
    "de gallery button": "Zur Bildergalerie",
    "fr gallery button": "Voir le diaporama",
    "en stock picture": "Ferries wait at the old terminal (file photo)",
    "de stock picture": "Ein Fährschiff im Hafen von Musterhausen (Symbolbild)",
    # German menu links, and related-post headers and post navigation (invented lines)
    "de about": "Über uns",
    "de terms": "Nutzungsbedingungen",
    "de older posts": "Ältere Beiträge",
    "de more posts": "Weitere Beiträge:",
    "de previous post": "Vorheriger Beitrag",
    "de related du": "Das könnte dich auch interessieren",
    "fr recent": "Articles récents",
    "fr next post": "Article suivant",
    "es related posts": "Entradas relacionadas",
    "es previous post": "Entrada anterior",
    # German widget links, category labels and comment headers; share links (invented lines)
    "de share article": "Diesen Artikel teilen",
    "de email share": "Per E-Mail versenden",
    "fr share article": "Partager cet article",
    "de show more": "Mehr anzeigen",
    "de back to overview": "Zurück zur Übersicht",
    "de search field": "Suchbegriff eingeben",
    "de category": "Kategorie: Stadtleben",
    "de sections": "Ressorts",
    "de one comment": "Ein Kommentar",
    "de write a comment": "Schreibe einen Kommentar",
    "de ad": "Anzeige",
    "fr ad": "Publicité",
    "de share": "Auf Facebook teilen",
    "fr follow": "Suivez-nous sur Twitter",
    "es follow": "Síguenos en Instagram",
    "de nav": "Startseite",
    "fr nav": "Mentions légales",
    "de date": "Dienstag, 19. November 2019, 11:33 Uhr",
    "pt date": "quinta-feira, 7 de março de 2024 às 8:41",
    "fr relative date": "il y a 3 heures",
    "de relative date": "vor 2 Stunden",
    "es relative date": "hace 5 minutos",
    "it relative date": "2 ore fa",
    "nl relative date": "3 uur geleden",
    "de dateline": "Aktualisiert am 19.11.2019",
    "de tags": "Schlagworte: Haushalt, Stadtrat, Schulen",
}


@pytest.mark.parametrize("line", MULTILINGUAL_BAD.values(), ids=MULTILINGUAL_BAD.keys())
def test_multilingual_boilerplate_is_dropped_in_and_after_the_body(line):
    for out in (kept(HEADLINE, BODY[0], BODY[1], line, BODY[2], BODY[3]), kept(HEADLINE, *BODY, line)):
        assert line not in out
        assert_body(out)


MULTILINGUAL_PROSE = {
    "de": "Der Stadtrat hat am Dienstag nach einer elfstündigen Sitzung einen neuen Haushalt "
    "beschlossen, der mehr Geld für Schulen und den Nahverkehr vorsieht.",
    "fr": "Le conseil municipal a adopté mardi un budget de 2,3 milliards après une séance de plus "
    "de onze heures, mettant fin à des mois de négociations.",
    "es": "El ayuntamiento aprobó el martes un presupuesto que aumenta el gasto en escuelas y en el "
    "transporte público de la ciudad.",
    "it": "Il consiglio comunale ha approvato martedì un bilancio che aumenta la spesa per le scuole "
    "e per il trasporto pubblico della città.",
    "pt": "A câmara municipal aprovou na terça-feira um orçamento que aumenta os gastos com escolas "
    "e com o transporte público da cidade.",
    "nl": "De gemeenteraad heeft dinsdag na een urenlange vergadering een nieuwe begroting "
    "goedgekeurd met meer geld voor scholen en het openbaar vervoer.",
    "de cookie in prose": "Der Bäcker verkaufte am Mittag sein letztes Cookie, sagte die Besitzerin "
    "des kleinen Ladens in der Altstadt.",
}


@pytest.mark.parametrize("line", MULTILINGUAL_PROSE.values(), ids=MULTILINGUAL_PROSE.keys())
def test_prose_in_other_languages_is_kept(line):
    assert line_features(line).label == GOOD
    out = kept(HEADLINE, BODY[0], line, BODY[1], "Advertisement", BODY[2])
    assert line in out


# --------------------------------------------------------------------------
# Long captions that end in their credit (invented lines)
# --------------------------------------------------------------------------
LONG_CAPTIONS = {
    "agency in brackets": "Passengers wait at the old ferry terminal on Tuesday morning, as the strike by "
    "harbour workers enters its second week (AP Photo/Jane Roe, File)",
    "photographer and agency": "The mayor and the harbour master shake hands after signing the agreement at "
    "the town hall on March 3, 2024 in Riverside. (Photo by Jane Roe/Getty Images)",
    "credit after the caption's full stop": "Crews repair the cracked supports of the old bridge over the canal "
    "after it was closed to traffic last winter. Photograph: Jane Roe/Example Agency",
    "de": "Die neue Fähre legt am Dienstagmorgen zum ersten Mal am umgebauten Anleger in der Altstadt an, "
    "begleitet von vielen Schaulustigen (Foto: Erika Muster)",
}


@pytest.mark.parametrize("line", LONG_CAPTIONS.values(), ids=LONG_CAPTIONS.keys())
def test_a_long_caption_ending_in_its_credit_is_dropped_inside_the_article(line):
    assert len(line.split()) > SETTINGS.short_rule_max_words
    assert (line_features(line).label, line_features(line).rule) == (BAD, "credit")
    out = kept(HEADLINE, BODY[0], BODY[1], line, BODY[2], BODY[3])
    assert line not in out
    assert_body(out)  # a caption interrupts the article; it does not end it


@pytest.mark.parametrize(
    "line",
    [
        # a news agency credits the text, not a picture
        "The ferry operator said on Tuesday that the early boat would run again from next month as "
        "planned, after the strike ended (Reuters)",
        # a sentence of prose ending in its full stop is never taken for a caption
        "The council approved the plan after a long debate, and the harbour master thanked the crews "
        "who worked through the winter (photo below).",
        # brackets that name a photo but do not end the line
        "The museum shows the old photographs (photos from 1910 to 1950) in a new hall that opens "
        "on Saturday with free entry for children",
    ],
)
def test_prose_with_brackets_is_not_a_caption(line):
    assert line_features(line).rule != "credit"


def test_a_caption_longer_than_caption_max_words_is_not_a_caption():
    words = " ".join(["the harbour crews worked through the night"] * 6)  # 42 words
    line = f"{words} (Photo: Jane Roe)"
    assert len(line.split()) > SETTINGS.caption_max_words
    assert line_features(line).rule != "credit"
    assert line_features(line[: line.index(" the harbour", 200)] + " (Photo: Jane Roe)").rule == "credit"


# --------------------------------------------------------------------------
# Stop words, keyword lists, glued teasers
# --------------------------------------------------------------------------
def test_stop_words_decide_unpunctuated_long_lines():
    prose = (
        "officials said the new plan would cut waiting times at the hospital by half within two "
        "years and hire more nurses"
    )
    soup = (
        "budget council schools transport mayor opposition teachers libraries revenue forecasts "
        "downturn vote session negotiations department spending plan city election"
    )
    assert line_features(prose).rule == "prose-nopunct"
    assert line_features(soup).label == SHORT
    assert 0.3 < line_features(prose).stop_ratio < 0.6 and line_features(soup).stop_ratio == 0.0
    cyrillic = (
        "Городской совет во вторник утвердил новый бюджет который увеличивает расходы на школы "
        "и общественный транспорт города на следующий год после долгих переговоров"
    )
    assert line_features(cyrillic).label == GOOD  # no stop-word list: exempt


def test_keyword_list_line_is_dropped():
    line = "budget news, city council, local schools, public transport, election results"
    assert line_features(line).rule == "keywords"
    assert line not in kept(HEADLINE, *BODY, line)


@pytest.mark.parametrize(
    "line",
    [
        "Indian-origin man pleads guilty to fraud scheme in US NEW YORK: An Indian-origin man has "
        "pleaded guilty to theft and embezzlement, prosecutors said.",
        "Health officials report sixth death from mosquito virus ST. JOSEPH, Mich. (AP) — Michigan "
        "health authorities are reporting a sixth fatality linked to the virus.",
        "Customers Leave Without Paying $690 Bill At Troy Steakhouse A party of six left the "
        "steakhouse in Troy without paying their bill after a long dinner.",
    ],
    ids=["dateline", "agency-dateline", "title-case"],
)
def test_glued_teasers(line):
    assert line_features(line).rule == "glued-teaser"


@pytest.mark.parametrize(
    "line",
    [
        "WASHINGTON: The Senate voted on Tuesday to extend the budget deal until the end of the year.",
        "The Lord Of The Rings was filmed in New Zealand, where tourism grew by a third afterwards.",
        "Prime Minister Boris Johnson said on Monday that the election would take place in December.",
    ],
)
def test_datelines_at_the_start_and_names_are_not_glued_teasers(line):
    assert line_features(line).label == GOOD


# --------------------------------------------------------------------------
# Context pass: lists and tables after the body
# --------------------------------------------------------------------------
TOUR = (
    "The band will tour North America next year, its first run together in decades, the group said on Monday.\n"
    "June 9 -- Coral Sky Amphitheatre, West Palm Beach, FL\nJune 10 -- MIDFLORIDA Credit Union Amphitheatre, Tampa, FL\n"
    "June 14 -- Ameris Bank Amphitheatre, Alpharetta, GA\nJune 17 -- Bridgestone Arena, Nashville, TN"
)


def test_tour_dates_before_a_menu_are_kept():
    assert strip_boilerplate(TOUR) == TOUR
    assert strip_boilerplate(TOUR + "\nMusic\nApple Music\nToggle main menu\nToggle search") == TOUR


def test_spec_table_after_the_body_is_kept_before_the_footer():
    specs = ["Display: 13.3 inches, 2560 x 1600", "Weight: 1.4 kg", "Battery: up to 10 hours", "Price: $1,299"]
    out = kept(HEADLINE, *BODY, "Specifications:", *specs, "Share this article", "© 2019 Example Media")
    assert out[-len(specs) - 1 :] == ["Specifications:", *specs]


# Issue 19 (a kind seen on pages no rule was written from, examples invented):
# one line with a number after the body, followed by boilerplate, is a meta
# line (a view count, a date, a picture's credit), not the row of a table;
# two such lines are a table and stay.
def test_a_lone_line_with_a_number_after_the_body_is_not_a_table():
    page = [HEADLINE, *BODY]
    for meta in ("Page views: 2.318", "Photo taken on 4 May 2021, harbour archive"):
        assert kept(*page, meta, "Share on Facebook") == page
    rows = ["Opening hours: 9 to 17", "Tickets: 12 euros"]
    assert kept(*page, *rows, "Share on Facebook") == [*page, *rows]


# Issue 19 (a kind seen on pages no rule was written from, examples invented):
# a short label ending in a colon right before boilerplate after the body
# introduces that boilerplate (share buttons, a related-links widget); a
# sentence introducing what follows stays.
def test_a_label_ending_in_a_colon_before_boilerplate_goes_with_it():
    page = [HEADLINE, *BODY]
    assert kept(*page, "Pass this story on:", "Share on Facebook") == page
    sentence = "The mayor answered her critics in a short statement:"
    assert kept(*page, sentence, "Share on Facebook") == [*page, sentence]


# Issue 19 (a kind seen on pages no rule was written from, examples invented):
# short lines between the page's edge and the article are the page's header
# or footer (section labels, teaser headlines, widget titles), not article.
def test_short_lines_between_the_article_and_the_end_of_the_page_are_a_footer():
    rail = ["Gardening tips for a wet spring", "Our favourite hiking trails", "Weekend markets in the region"]
    page = [HEADLINE, *BODY[:2], "Advertisement", *BODY[2:]]
    assert kept(*page, *rail) == [HEADLINE, *BODY]
    # a closing sentence still trails the body; a sign-off without one goes
    closing = "The council meets again on Friday to vote on the housing plan."
    assert kept(*page, closing, "Jane Roe, City Hall") == [HEADLINE, *BODY, closing]


# Issue 19 (a kind seen on pages no rule was written from, examples invented):
# a label of at most three words between boilerplate and a prose block (a
# widget's title, "Print Share", a masthead) is not the block's headline.
def test_a_label_of_three_words_before_the_body_is_not_its_headline():
    assert kept("Share on Facebook", "Weekend reads", HEADLINE, *BODY) == [HEADLINE, *BODY]
    assert kept("Share on Facebook", "Print this", *BODY) == BODY
    kicker = "Five things to know"  # four words: a kicker above the headline still leads in
    assert kept("Share on Facebook", kicker, HEADLINE, *BODY) == [kicker, HEADLINE, *BODY]


def test_short_lines_between_the_start_of_the_page_and_the_headline_are_a_header():
    labels = ["Regional politics and business", "Tuesday edition for subscribers", "Five things to know"]
    out = kept(*labels, HEADLINE, *BODY[:2], "Advertisement", *BODY[2:])
    assert out == [labels[-1], HEADLINE, *BODY]  # the headline and one line above it (a kicker) lead in


def test_lists_in_the_body():
    intro = "The sooner you adopt the plan, the sooner you will enjoy these benefits:"
    items = [
        "- Lower bills for every household in the city",
        "- More teachers in every primary school",
        "- Longer opening hours at two libraries",
    ]
    out = kept(HEADLINE, BODY[0], intro, *items, BODY[1])  # introduced by a colon
    assert out[2:6] == [intro, *items]
    out = kept(HEADLINE, BODY[0], "If you ...", *items, BODY[1], BODY[2])  # followed by prose
    assert all(item in out for item in items)


def test_a_list_introduced_by_a_colon_ends_the_article_before_a_link():
    intro = "The new budget brings three changes for families:"
    items = [
        "- Free school meals for every pupil in the city",
        "- Cheaper monthly bus passes for students",
        "- Longer opening hours at the two central libraries",
    ]
    out = kept(HEADLINE, *BODY, intro, *items, "Click here to read the full budget document.")
    assert out[-4:] == [intro, *items]


# Issue 19 (a kind seen on pages no rule was written from, examples invented):
# a page's text dump drops the list markers, so the items of a list that a
# line ending in a colon introduces after the body carry none; they stay.
def test_a_list_without_markers_introduced_by_a_colon_after_the_body_is_kept():
    intro = "Our favourite places for a quiet morning in the old town:"
    items = ["Fresh bread from the corner bakery", "A slow walk along the canal", "The reading room of the library"]
    assert kept(HEADLINE, *BODY, intro, *items, "Share on Facebook") == [HEADLINE, *BODY, intro, *items]


def test_a_short_article_with_a_list_is_not_a_teaser_list():
    intro = "What the budget changes:"
    items = [
        "* Free school meals for every pupil",
        "* Cheaper monthly bus passes",
        "* Longer library hours",
        "* Two hundred more teachers",
        "* New cycle lanes on Main Street",
    ]
    page = [HEADLINE, BODY[0], intro, *items, "Read more about the city", *TEASERS]
    out = kept(*page)
    assert BODY[0] in out and all(item in out for item in items)


# --------------------------------------------------------------------------
# Comments
# --------------------------------------------------------------------------
COMMENTS = [
    "34 responses to \u201cCouncil approves new budget\u201d",
    "riverfan says:",
    "Finally some money for the schools, it took them long enough to agree on anything at all this year.",
    "taxpayer42 says:",
    "Another budget that spends money we do not have, and nobody in the council seems to care about it.",
    "Reply",
    "Jane Miller on November 19, 2019 at 4:47 pm said:",
    "I was at the session and the debate was much more heated than this article suggests, to be honest.",
]


@pytest.mark.parametrize(
    "line",
    [
        "riverfan says:",
        "Jane Miller on November 19, 2019 at 4:47 pm said:",
        "Colin Rust commented on",
        "Rating: 36 Votes",
        "12 points",
    ],
)
def test_comment_bylines(line):
    assert line_features(line).rule == "comment-byline"


def test_comment_section_is_dropped():
    out = kept(HEADLINE, *BODY, *COMMENTS)
    assert out == [HEADLINE, *BODY]


def test_comment_section_without_header_needs_two_bylines():
    out = kept(HEADLINE, *BODY, *COMMENTS[1:])
    assert out == [HEADLINE, *BODY]


AUTHOR_BOXES = {
    "en": [
        "About the author",
        "Jane Roe has covered the harbour and the ferries for twelve years and "
        "lives with two cats on a houseboat near the old lock.",
        "View all posts by Jane Roe",
    ],
    "de": [
        "Über die Autorin",
        "Erika Muster schreibt seit zehn Jahren über Gärten und Kräuter und lebt "
        "mit ihrer Familie in einem alten Bauernhaus am Waldrand.",
        "Alle Beiträge von Erika Muster anzeigen",
    ],
    "fr": [
        "À propos de l'auteur",
        "Jean Dupont écrit sur les jardins ouvriers depuis vingt ans et tient "
        "un petit potager au bord du canal avec ses voisins.",
        "Voir tous les articles de Jean Dupont",
    ],
}


@pytest.mark.parametrize("box", AUTHOR_BOXES.values(), ids=AUTHOR_BOXES.keys())
def test_an_author_box_ends_the_article(box):
    # the general vocabulary of CMS author boxes; the bio is prose, dropped
    # because the box's header ends the article (invented lines)
    assert kept(HEADLINE, *BODY, *box) == [HEADLINE, *BODY]


def test_comment_count_near_the_top_does_not_end_the_article():
    out = kept(HEADLINE, "By Jane Doe", "12 comments", *BODY)
    assert_body(out)


LEAD = "The city council passed next year's budget after a long night of debate, with more money for schools."


def test_like_counts_above_the_story_do_not_start_a_comment_section():
    # issue 19: a like count among the share buttons under the lead, and the
    # like counts of the teasers below, read like comment bylines; none of
    # them introduces a comment, so the story of many paragraphs stays
    page = [HEADLINE, LEAD, "52 likes", "Share", "Facebook Twitter Email", "Print", *BODY, *MORE_BODY]
    teasers = ["66 likes", "City", *TEASERS[:2], "110 likes", "Weather", *TEASERS[2:4]]
    out = kept(*page, *teasers)
    assert_body(out, BODY + MORE_BODY)


def test_a_menu_item_like_a_byline_does_not_start_a_comment_section():
    menu = ["Home", "News", "Sport", "Culture", "Elena schreibt", "Weather", "Jobs", "Contact"]
    intro = "Our site brings the news of the city every day, from our own reporters and from the wires."
    out = kept(intro, *menu, HEADLINE, *BODY, *MORE_BODY, *menu)
    assert_body(out, BODY + MORE_BODY)


def test_comments_below_bylines_that_outweigh_a_short_story_are_dropped():
    comments = ["riverfan says:", COMMENTS[2], "taxpayer42 says:", "November 19, 2019 at 4:47 pm", *MORE_BODY]
    assert kept(HEADLINE, BODY[0], *comments, *BODY[1:]) == [HEADLINE, BODY[0]]


@pytest.mark.parametrize(
    "line",
    [
        "10 thoughts on \u201cBusiness Focus: It\u2019s Why Some People Triumph Online and Others Never Make It\u201d",
        "3 Gedanken zu \u201eWarum wir alle mehr lesen sollten, auch wenn es drau\u00dfen sch\u00f6n und warm ist\u201c",
        "2 r\u00e9flexions sur \u00ab Le conseil municipal adopte le budget apr\u00e8s une longue s\u00e9ance de nuit \u00bb",
        '12 responses to "Council approves new budget after marathon session that lasted eleven hours"',
    ],
)
def test_comment_titles_of_any_length(line):
    assert line_features(line).rule == "comment-title"


def test_a_comment_title_ends_the_article_without_bylines():
    # commenters' names and timestamps carry no byline cue; the title alone
    # says a comment list follows, even when the comments outweigh the story
    title = f"2 thoughts on \u201c{HEADLINE} and what it means for the city\u201d"
    comments = ["Gaye", "August 8, 2018 at 3:17 pm", *MORE_BODY, "Jan Smith", "August 8, 2018 at 7:21 pm", TEASERS[1]]
    out = kept(HEADLINE, *BODY, title, *comments)
    assert out == [HEADLINE, *BODY]


def test_a_number_of_thoughts_in_prose_is_not_a_comment_title():
    line = "3 thoughts on leadership stayed with the council members after the long budget debate on Tuesday."
    assert line_features(line).label == GOOD


# --------------------------------------------------------------------------
# Region pass
# --------------------------------------------------------------------------
TEASERS = [
    "Mayor faces recall vote over transit plan",
    "Residents collected more than 20,000 signatures in three weeks to force a recall election.",
    "Storm knocks out power to thousands in suburbs",
    "Crews worked through the night to restore power after strong winds toppled trees.",
    "Local team wins championship after overtime thriller",
    "The home side scored twice in the final minutes to win the regional title on Sunday.",
    "Five restaurants to try this weekend",
    "From ramen to tapas, these new places opened their doors in the old town this month.",
]
MORE_BODY = [
    "The budget also includes money to repair two bridges that were closed last winter after "
    "inspectors found cracks in their supports, the finance director said.",
    "Council members will meet again in January to discuss a separate plan for housing, which "
    "was left out of this year's budget after weeks of disagreement.",
    "The mayor said she expected the housing plan to pass before the summer, when the next "
    "round of negotiations with the regional government begins.",
]


def test_a_paragraph_and_the_items_of_a_list_are_not_a_teaser_list():
    # issue 19: as many headline-like lines as paragraphs, but the lines are
    # the items of a list between the paragraphs, not headlines leading them
    items = [
        "Free school meals for every pupil in the city",
        "Cheaper monthly bus passes for students",
        "Longer opening hours for the city libraries",
    ]
    story = [BODY[0], *items, BODY[1]]
    out = kept(HEADLINE, "By Jane Doe", *story, "Share", "Tweet", "Email", *MORE_BODY)
    assert_body(out, story + MORE_BODY)


def test_teaser_list_after_the_article_is_dropped():
    out = kept(HEADLINE, *BODY, "More from the city", *TEASERS)
    assert out == [HEADLINE, *BODY]


def test_teaser_list_without_header_is_dropped():
    out = kept(HEADLINE, *BODY, "Share this article", *TEASERS)
    assert out == [HEADLINE, *BODY]


def test_article_continues_after_an_inline_widget():
    widget = ["Related", "Mayor faces recall vote over transit plan", "Share"]
    out = kept(HEADLINE, *BODY, *widget, *MORE_BODY)
    assert_body(out, BODY + MORE_BODY)


# Issue 19 (a kind seen on pages no rule was written from, examples invented):
# a few sentences far below the article, after a long run of furniture, are a
# widget (an author box, a reader pitch), not more of the article.
def test_a_short_block_after_a_long_gap_does_not_continue_the_article():
    menu = ["Home", "News", "Sport", "Weather", "Culture", "Travel", "Podcasts"]
    box = [
        "Our reporters have covered the city and its council for more than thirty years.",
        "They answer questions from readers in a live chat every Thursday evening.",
        "Tips and photos from readers are always welcome in the newsroom.",
    ]
    assert kept(HEADLINE, *BODY, *menu, *box) == [HEADLINE, *BODY]
    # the same block after a short gap, or a long continuation after the long gap, is kept
    assert kept(HEADLINE, *BODY, *menu[:2], *box) == [HEADLINE, *BODY, *box]
    assert_body(kept(HEADLINE, *BODY, *menu, *MORE_BODY, *box), BODY + MORE_BODY + box)


def test_nothing_after_a_copyright_line():
    bio = (
        "Jane Doe has covered city hall for the Riverside Weekly since 2009 and previously "
        "reported on schools and transport for the regional radio station."
    )
    out = kept(HEADLINE, *BODY, *MORE_BODY, "© 2019 Riverside Weekly. All rights reserved.", bio, *TEASERS[1::2])
    assert out == [HEADLINE, *BODY, *MORE_BODY]


@pytest.mark.parametrize("credit", ["\u00a9 Example Agency / Jane Roe", "Crowds at the pier. \u00a9 Jane Roe"])
def test_a_photo_credit_with_the_copyright_sign_does_not_end_the_article(credit):
    # issue 19: a copyright line without a year that reserves no rights is
    # the credit of a picture inside the article, not the page's footer
    out = kept(HEADLINE, *BODY, credit, *MORE_BODY, "\u00a9 Riverside Weekly, all rights reserved", *TEASERS)
    assert out == [HEADLINE, *BODY, *MORE_BODY]


@pytest.mark.parametrize(
    "line",
    [
        "Microsoft removes the safeguard hold for Windows 10 users with Realtek Bluetooth...",
        "Residents collected more than 20,000 signatures in three weeks to force a\u2026",
        "\u201cWe will not give up on this plan, ever,\u201d the mayor said in a statement to\u2026\u201d",
        "I want to tell you about another important change in the budget, [\u2026]",
        "In September, to celebrate the fact that the number of players [...]",
    ],
)
def test_a_glued_ellipsis_is_a_cut_not_a_sentence_end(line):
    f = line_features(line)
    assert not f.sent_end and f.label == SHORT


def test_a_spaced_or_final_ellipsis_after_punctuation_still_ends_a_sentence():
    assert line_features("The mayor paused, then said the vote would wait until next year. ...").sent_end
    assert line_features("He said the budget would pass this year and then he waited ...").sent_end


CUT_TEASERS = [
    "Deal Alert: Newest tablets up to 200 dollars off",
    "Retailers are not waiting until the holiday weekend to offer deep discounts at their web stores. Today you "
    "can get the newest models for a lot less than you would have paid in the summer when they...",
    "Here are the best upcoming holiday deals on laptops",
    "Several makers have released their lists of holiday deals to help get the shopping season started early. "
    "Starting on Friday you will be able to buy a lightweight laptop for less than four...",
    "Big discount on wireless headphones available before launch",
    "In September the company announced a slew of devices that fill every corner of its range of audio products, "
    "and now the most expensive of them is already on sale at most large...",
    "Save 50 dollars on the new fitness watch this week",
    "The new fitness watch with an adjustable strap and a brighter screen is on sale for much less than its "
    "launch price, making it one of the best deals on wearables we have seen this...",
]


def test_teasers_cut_off_with_an_ellipsis_are_not_the_article_even_when_heavier():
    out = kept(HEADLINE, *BODY[:2], "Trending", "Comments", "Advertisement", "Deals", *CUT_TEASERS)
    assert out == [HEADLINE, *BODY[:2]]


def test_the_main_text_precedes_a_dated_copyright_footer():
    # the article is short, the "more stories" list after the footer is heavier
    more = ["More World"]
    for head, blurb in zip(TEASERS[::2], MORE_BODY + [BODY[3]]):
        more += [head, blurb]
    out = kept(
        HEADLINE,
        *BODY[:3],
        "First published on November 19, 2019 / 8:16 AM",
        "\u00a9 2019 Riverside Weekly. All rights reserved.",
        *more,
    )
    assert out == [HEADLINE, *BODY[:3]]


FEED = []
for kicker, head, blurb in [
    (
        "WHOA",
        "Dash Cam Captures The Moment A Plane Crashes Through A Billboard",
        "Three people were reportedly injured in the crash, which happened on a busy road in the morning.",
    ),
    (
        "DEATH BY TRAIN",
        "Almost Half Of The Country's Engineers Have Hit Someone On The Tracks",
        "Afterward, many suffer in silence and return to work within days, a long investigation found.",
    ),
    (
        "CAN'T GO OVER IT",
        "A Massive Sinkhole Opens On A Road And Drivers Calmly Go Around It",
        "You know, the way you normally do when a sinkhole opens up on your way to work in the city.",
    ),
    (
        "MAKING A MURDERER",
        "Nearly All Mass Shooters Since 1966 Have Had Four Things In Common",
        "The largest study of its kind ever funded by the government reveals striking facts about them.",
    ),
    (
        "GOTTA GO FAST",
        "Pro Driver Straps A Camera To His Car, And The Footage Is Thrilling",
        "These little rockets top out at around forty miles per hour and the drivers keep them steady.",
    ),
    (
        "LOW MOMENT",
        "The Difficult Legacy Of The Studio's Most Controversial Old Movie",
        "The film will not be showing up on the new service, but it serves as an important reminder.",
    ),
    (
        "HARD YIKES",
        "Shop Employees Tell Their Work Horror Stories And They Are Something",
        "She was like, let's go, so I ran inside and I locked the door and I called the police at once.",
    ),
]:
    FEED += [kicker, head, "2 diggs Cars Video", blurb]


def test_a_teaser_feed_after_the_article_is_not_the_article_even_when_heavier():
    out = kept(HEADLINE, *BODY[:3], "Related", *FEED)
    assert out == [HEADLINE, *BODY[:3]]


@pytest.mark.parametrize(
    "line",
    [
        "Every day we send an email with the top stories from the newsroom.",
        "We\u2019ll deliver the best stories straight to your inbox every Friday.",
        "Each morning, we send our newsletter to forty thousand readers.",
    ],
)
def test_a_described_newsletter_is_a_pitch(line):
    assert line_features(line).rule == "newsletter-pitch"


def test_sending_an_email_is_not_a_newsletter():
    assert line_features("We send an email to every customer who ordered.").label != BAD


def test_a_photo_credit_is_not_a_footer():
    # a (c) credit between two runs of the article does not make the first
    # run the whole article
    credit = "\u00a9 Lucy Nicholson Detainees at a detention center in San Diego, Calif., on May 18, 2018."
    out = kept(HEADLINE, *BODY[:3], credit, BODY[3], *MORE_BODY)
    assert_body(out, BODY + MORE_BODY)


def test_short_prose_after_a_sidebar_is_dropped():
    promo = (
        "Our newsroom is independent and funded by readers like you, and every story is checked "
        "by two editors before it reaches your screen."
    )
    out = kept(HEADLINE, *BODY, "Most popular", "Weather", "Traffic", "Jobs", promo)
    assert out == [HEADLINE, *BODY]


def test_second_copy_of_the_story_in_page_metadata_is_dropped():
    copy = " ".join(BODY + MORE_BODY)
    out = kept(HEADLINE, *BODY, *MORE_BODY, "Share", "Tweet", "Email", "application/ld+json", copy)
    assert copy not in out
    assert_body(out, BODY + MORE_BODY)


def test_repeated_paragraphs_inside_the_article_are_kept():
    long_para = " ".join(BODY[:3])
    text = "\n".join([HEADLINE, long_para, BODY[3], long_para])
    assert strip_boilerplate(text) == text


def test_page_title_anchors_the_article_after_a_block_of_teaser_prose():
    title = f"{HEADLINE} - Riverside Weekly"
    teasers = [t for t in TEASERS if t.endswith(".")] + [
        "Police are asking for witnesses after a car crashed into a shop window on Main Street.",
        "The city zoo welcomed two red pandas on loan from a zoo in the Netherlands this week.",
    ]
    text = "\n".join([title, "Home", "News", "Sport", *teasers, "Latest news", HEADLINE, *BODY, "Tags: budget"])
    out = lines_of(strip_boilerplate(text))
    assert out[0] == HEADLINE and out[1:] == BODY
    for t in teasers:
        assert t not in out


@pytest.mark.parametrize("layout", ["broken over two lines", "after a date"])
def test_page_title_anchors_the_headline_not_a_later_repeat(layout):
    # issue 19: the page's headline is broken over two lines, or follows a
    # date on its line; a list of the most read stories after the article
    # repeats it whole, and must not be taken for it (else the article,
    # before that repeat, is dropped for a line of prose after it)
    head = f"{HEADLINE}: What It Means"
    h1 = [f"{HEADLINE}:", "What It Means"] if layout == "broken over two lines" else [f"12.03.2024 {head}"]
    after = [
        "Most read",
        head,
        "Jane Doe, 12.03.2024",
        "Storm knocks out power to thousands in suburbs",
        "John Roe, 11.03.2024",
        "Save stories to read later, on your phone, your tablet or your computer, with a free account.",
    ]
    out = kept(f"{head} - Riverside Weekly", "Home", "News", "Sport", "Weather", *h1, *BODY, *after)
    assert_body(out)


def test_explain_lines_names_the_rule():
    lines = [HEADLINE, *BODY, "© 2019 Riverside Weekly", *MORE_BODY]
    reasons = [e[1] for e in explain_lines(lines)]
    assert reasons[0] == "short" and reasons[1] == "prose"
    assert reasons[5] == "copyright" and set(reasons[6:]) == {"after-end"}
    assert explain_lines(["", "x"])[0] is None


# --------------------------------------------------------------------------
# Fast path
# --------------------------------------------------------------------------
_LONG = [
    *BODY,
    *MORE_BODY,
    *TEASERS[1::2],
    *MULTILINGUAL_PROSE.values(),
    "Sign up for our free weekly newsletter and get the best stories delivered every Friday morning.",
    "We use cookies to improve your experience on our site. By continuing you agree to our policy.",
    "Read more about the budget, the schools and the transport plan on our website www.example.com.",
    "Email the newsroom at news@example.com or call us, we answer every message within a day or two.",
    "Customers Leave Without Paying $690 Bill At Troy Steakhouse A party of six left the steakhouse.",
    "Home | News | Sport | Culture | Business | Opinion | Weather | Traffic | Jobs | Contact | About us.",
    "1. The council will hire two hundred teachers next year, the finance director said on Tuesday.",
    "© 2019 Example Media Ltd. All rights reserved. This material may not be published or broadcast.",
    "Don\u2019t miss our newsletter: the day\u2019s biggest stories, delivered to your inbox every morning.",
]
_variant = st.sampled_from(
    [
        lambda s: s,
        lambda s: s.upper(),
        lambda s: s.replace(" ", "  "),
        lambda s: s.replace(" ", "\u00a0"),
        lambda s: s.replace(" ", "\t", 2),
        lambda s: s.replace("e", "\u00ad e", 1),
        lambda s: "   " + s + "  ",
        lambda s: s.replace(".", "\u2026"),
        lambda s: s.replace("'", "\u2019").replace("-", "\u2014"),
    ]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sampled_from(_LONG + [HEADLINE, "Advertisement", ""]), _variant), max_size=12),
    st.sampled_from(["\n", "\n\n", "\r\n"]),
)
def test_fast_path_gives_the_classifiers_own_features(parts, sep):
    lines = [variant(line) for line, variant in parts]
    text = sep.join(lines)
    split = split_lines(text)
    doc = Document(split, "\n".join(split))
    for i in doc.nonblank:
        clear_cache()  # the classifier itself, not a cached result of the fast path
        full = line_features(split[i])
        if doc.quick[i] == 1:  # GOOD without the classifier
            f = doc.features((i,))
        elif doc.quick[i] == -1:  # no cue: the classifier skips the rules that need one
            f = features_without_cues(split[i])
        else:
            continue
        assert (f.label, f.rule, f.words, f.text, f.sent_end, f.list_item) == (
            full.label,
            full.rule,
            full.words,
            full.text,
            full.sent_end,
            full.list_item,
        )
    # and the fast exits give what the full passes give
    doc2 = Document(split, "\n".join(split))
    units = doc2.units(doc2.nonblank)
    keep, _ = run_pass([doc2.features(u) for u in units])
    if doc.all_kept(doc.units(doc.nonblank)):
        assert all(keep)


# --------------------------------------------------------------------------
# Properties of strip_boilerplate
# --------------------------------------------------------------------------
_ANY_LINE = st.one_of(
    st.sampled_from(
        _LONG
        + COMMENTS
        + TEASERS
        + list(MULTILINGUAL_BAD.values())
        + [HEADLINE, "", " ", "Home", "Share", "- Item", "1. Step"]
    ),
    st.text(max_size=40),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ANY_LINE, max_size=30), st.sampled_from(["\n", "\n\n", "\r\n", "\r"]))
def test_idempotent_verbatim_ordered(lines, sep):
    text = sep.join(lines)
    out = strip_boilerplate(text)
    assert strip_boilerplate(out) == out
    it = iter(re.split(r"\r\n|\r|\n", text))
    assert all(any(line == source for source in it) for line in out.split("\n") if out)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ANY_LINE, max_size=20), st.sampled_from(BODY + MORE_BODY), st.lists(_ANY_LINE, max_size=20))
def test_never_empties_a_document_with_a_body_paragraph(before, para, after):
    text = "\n".join([*before, para, *after])
    assert strip_boilerplate(text).strip()


def _every_rule_in_order(table: tuple, low: str):
    """What match_rules must return: the first rule of the table that matches,
    every guard ignored (a guard only skips rules that cannot match)."""
    plain, guarded = table[0], table[1]
    m = plain.match(low)
    if m is not None:
        return m
    for _, pattern in guarded:
        m = pattern.match(low)
        if m is not None:
            return m
    return None


def _substring_guards(rules) -> list[str]:
    return [g for r in rules if r.guard is not None and r.guard.kind == "substring" for g in r.guard.words]


_TABLES = [(SHORT_TABLE, SHORT_RULES + CAPTION_RULES), (CAPTION_TABLE, CAPTION_RULES), (LABEL_TABLE, LABEL_RULES)]
_TABLE_IDS = ["short and caption", "caption", "label"]


@pytest.mark.parametrize(("table", "rules"), _TABLES, ids=_TABLE_IDS)
def test_substring_guards_are_all_in_the_prefilter(table, rules):
    _, guarded, any_substring, unsubstring = table
    substrings = _substring_guards(rules)
    assert substrings, "the table has substring-guarded rules"
    for g in substrings:
        assert any_substring.search(f"x {g} y") is not None, g
        # the rule's own guard finds it too
        assert any(isinstance(kind, re.Pattern) and kind.search(f"x {g} y") for kind, _ in guarded), g
    assert list(unsubstring) == [r for r in guarded if not isinstance(r[0], re.Pattern)]


@pytest.mark.parametrize(("table", "rules"), _TABLES, ids=_TABLE_IDS)
def test_guards_never_change_which_rule_matches(table, rules):
    guards = _substring_guards(rules)
    real = [HEADLINE, *BODY, *MULTILINGUAL_BAD.values(), *MULTILINGUAL_PROSE.values(), *COMMENTS, *TEASERS]
    lines = [line_features(line).text.lower() for line in real if line.strip()]
    lines += [f"{g} all rights reserved 2024" for g in guards]
    lines += [f"get it delivered to your {g} every morning" for g in guards]
    examples = [line_features(e).text.lower() for r in rules for e in r.examples]
    lines += examples + [f"and {e}" for e in examples]  # the start guards: at the start and not
    for low in lines:
        got, want = match_rules(table, low), _every_rule_in_order(table, low)
        assert (got and (got.re.pattern, got.span())) == (want and (want.re.pattern, want.span())), low
