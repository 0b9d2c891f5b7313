"""Widgets and meta lines around an article (issue 19, precision): reading
times, bylines with their dates, blog post meta lines, wire credits, comment
notices, sign-up forms, share and recipe buttons, site notices and captions.

Every line here is invented.  Each kind is dropped inside and after the
article; near misses, prose that shares the kind's words, are kept.
"""

from __future__ import annotations

import re

import pytest
from test_boilerplate import BODY, HEADLINE

from dedup.boilerplate import GOOD, line_features, strip_boilerplate


def kept(*parts: str) -> list[str]:
    return [line for line in re.split(r"\r\n|\r|\n", strip_boilerplate("\n".join(parts))) if line.strip()]


def assert_dropped_in_and_after_the_body(line: str) -> None:
    for out in (kept(HEADLINE, BODY[0], BODY[1], line, BODY[2], BODY[3]), kept(HEADLINE, *BODY, line)):
        assert line not in out
        for para in BODY:
            assert para in out


def assert_kept_in_the_body(line: str) -> None:
    out = kept(HEADLINE, BODY[0], BODY[1], line, BODY[2], BODY[3])
    assert line in out
    for para in BODY:
        assert para in out


# --------------------------------------------------------------------------
# Reading times
# --------------------------------------------------------------------------
READING_TIMES = {
    "en": "Reading time: 7 minutes",
    "de": "Lesezeit: ca. 4 Minuten",
    "fr": "Temps de lecture : 3 min",
    "es": "6 minutos de lectura",
    "pt": "Tempo de leitura: 2 minutos",
    "en words": "12 min - 2,400 words",
}


@pytest.mark.parametrize("line", READING_TIMES.values(), ids=READING_TIMES.keys())
def test_a_reading_time_is_dropped(line):
    assert line_features(line).rule == "reading-time"
    assert_dropped_in_and_after_the_body(line)


@pytest.mark.parametrize(
    "line",
    [
        "The reading time of the new report is 40 minutes, the authors said on Tuesday.",
        "Die Lesezeit der Bibliothek wird ab Montag auf 4 Stunden am Tag verlängert.",
    ],
)
def test_prose_about_reading_time_is_kept(line):
    assert line_features(line).label == GOOD
    assert_kept_in_the_body(line)


# --------------------------------------------------------------------------
# Bylines with their dates
# --------------------------------------------------------------------------
DATE_BYLINES = {
    "en by on": "By Jane Roe on Tuesday, March 5th, 2024 at 9:05 a.m.",
    "en agency": "Example Wire March 5, 2024, 9:05 AM",
    "en date by": "Tuesday March 5, 2024 7:45 am PST by Jane Roe",
    "en date name": "March 5, 2024 Harbour Desk",
    "de von am": "von Erika Muster am 5. März 2024, 15:40 Uhr",
    "de publiziert": "Von Erika Muster publiziert am 5. März 2024",
    "de bar": "Max Muster | 05.03.2024 um 14:26",
    "fr": "par Jean Dupont le 5 mars 2024",
    "es": "Por Juan Pérez 5 de marzo de 2024",
}


@pytest.mark.parametrize("line", DATE_BYLINES.values(), ids=DATE_BYLINES.keys())
def test_a_byline_with_its_date_is_dropped(line):
    assert line_features(line).rule == "date-byline"
    assert_dropped_in_and_after_the_body(line)


@pytest.mark.parametrize(
    "line",
    [
        # a headline or a sentence that starts with a date and goes on
        "Ab 1. März 2024 gilt am Hafen ein neuer Fahrplan",
        "On March 5, 2024 the ferry ran again.",
        # the signature of a quoted post, with its handle
        "— Jane Roe (@janeroe_tides) March 5, 2024",
        # a deadline with its label
        "Einsendeschluss: 05.03.2024 (Poststempel)",
    ],
)
def test_a_date_in_a_headline_a_quote_or_a_label_is_no_byline(line):
    assert line_features(line).rule != "date-byline"


# --------------------------------------------------------------------------
# A blog post's meta line (the common themes' wording, any length)
# --------------------------------------------------------------------------
POST_META = {
    "en": "This entry was posted in Harbour News and tagged ferries, tides, winter timetable by Jane Roe. "
    "Bookmark the permalink.",
    "en filed": "This entry was posted on Tuesday, March 5th, 2024 at 9:05 am and is filed under Harbour News. "
    "You can follow any responses to this entry through the feed.",
    "de": "Dieser Eintrag wurde veröffentlicht in Hafen und verschlagwortet mit Fähren, Gezeiten von Erika Muster.",
    "de am": "Der Beitrag wurde am Dienstag, den 5. März 2024 um 9:05 Uhr veröffentlicht und wurde unter "
    "Hafen, Gezeiten abgelegt.",
    "fr": "Cette entrée a été publiée dans Port et marquée avec marées, ferries par Jean Dupont.",
    "es": "Esta entrada fue publicada en Puerto y etiquetada ferris, mareas por Juan Pérez.",
}


@pytest.mark.parametrize("line", POST_META.values(), ids=POST_META.keys())
def test_a_blog_posts_meta_line_is_dropped(line):
    assert line_features(line).rule == "post-meta"
    assert_dropped_in_and_after_the_body(line)


@pytest.mark.parametrize(
    "line",
    [
        "Der Beitrag wurde am Dienstag im Fernsehen gezeigt und sorgte in der ganzen Stadt für Aufsehen.",
        "This post was written after the ferry strike ended, when the harbour master finally agreed to talk.",
    ],
)
def test_prose_about_a_post_is_kept(line):
    assert line_features(line).label == GOOD
    assert_kept_in_the_body(line)


# --------------------------------------------------------------------------
# A wire story's credits
# --------------------------------------------------------------------------
WIRE_CREDITS = {
    "en contributed": "Jane Roe contributed reporting from Lisbon.",
    "en contributed long": "Example Wire writers John Doe, Jane Roe, Max Muster, Erika Muster and Juan Pérez "
    "contributed to this report from the harbour and the town hall.",
    "en reporting by": "(Reporting by Jane Roe in Lisbon; additional reporting by John Doe; editing by Max Muster)",
    "de": "Mit Material von dpa",
    "es": "Con información de agencias",
    "fr": "(avec AFP)",
}


@pytest.mark.parametrize("line", WIRE_CREDITS.values(), ids=WIRE_CREDITS.keys())
def test_a_wire_storys_credits_are_dropped(line):
    assert line_features(line).rule == "wire-credit"
    assert_dropped_in_and_after_the_body(line)


@pytest.mark.parametrize(
    "line",
    [
        "The harbour fund contributed two million to the new pier, the council said on Tuesday.",
        "Con información de los vecinos, la policía encontró el barco robado en el puerto viejo.",
    ],
)
def test_prose_that_names_contributions_or_sources_is_kept(line):
    assert line_features(line).label == GOOD
    assert_kept_in_the_body(line)


# --------------------------------------------------------------------------
# Comment sections: the button, logging in to comment, the section's policy
# --------------------------------------------------------------------------
COMMENT_LINES = {
    "de button": ("Kommentieren Sie hier", "comments"),
    "de button short": ("Jetzt kommentieren", "comments"),
    "fr button": ("Commenter", "comments"),
    "en log in": ("Log in now to post a comment on the tide report.", "comment-form"),
    "de log in": ("Sie müssen sich einloggen, um an der Diskussion im Gezeitenforum teilzunehmen.", "comment-form"),
    "es log in": ("Para comentar debes iniciar sesión con tu cuenta del puerto.", "comment-form"),
    "fr log in": ("Pour commenter, vous devez être connecté au site des marées.", "comment-form"),
    "en moderated": (
        "Please note that all comments are moderated and that it may take a day before yours appears "
        "below the tide report.",
        "comment-form",
    ),
    "en welcome": (
        "We welcome your comments on the harbour stories of the week, and we read every one of them before "
        "it goes online.",
        "comment-form",
    ),
    "en civil": ("We ask that all commenters stay civil and on topic in the harbour forum.", "comment-form"),
    "de closed": ("Die Kommentarfunktion ist für diesen Beitrag nach zwei Wochen geschlossen worden.", "comment-form"),
    "de moderated": ("Kommentare werden vor der Veröffentlichung von der Redaktion geprüft.", "comment-form"),
    "fr moderated": ("Les commentaires sont modérés par l'équipe du port.", "comment-form"),
    "es moderated": ("Los comentarios son moderados por la redacción del puerto.", "comment-form"),
}


@pytest.mark.parametrize("line, rule", COMMENT_LINES.values(), ids=COMMENT_LINES.keys())
def test_comment_buttons_log_in_notes_and_policies_are_dropped(line, rule):
    assert line_features(line).rule == rule
    assert_dropped_in_and_after_the_body(line)


@pytest.mark.parametrize(
    "line",
    [
        "The harbour master did not want to comment on the strike, and the union declined to log in to the call.",
        "Die Bürgermeisterin wollte den Streik am Hafen am Dienstag nicht kommentieren, sagte ihr Sprecher.",
        "Comments from readers of the harbour blog were moderated by volunteers until the forum closed in 2019.",
    ],
)
def test_prose_about_comments_is_kept(line):
    assert line_features(line).label == GOOD
    assert_kept_in_the_body(line)


# --------------------------------------------------------------------------
# Sign-up forms and pitches
# --------------------------------------------------------------------------
SIGNUP_LINES = {
    "en subscribe to": (
        "Subscribe to the Tide Times and never miss another harbour story from the coast.",
        "subscribe-pitch",
    ),
    "en sign up for": ("Sign up for the harbour club today and get the tide tables first.", "subscribe-pitch"),
    "en question join": ("Want more tide tables? Join the harbour club for free.", "question-pitch"),
    "en question share": ("Liked this tide report? Share it with your sailing friends!", "question-pitch"),
    "de question": ("Lust auf mehr Gezeiten? Melde dich für unsere Hafenpost an.", "question-pitch"),
    "fr question": ("Cet article vous a plu ? Partagez-le avec vos amis du port.", "question-pitch"),
    "en consent": ("I agree to the privacy policy of the Tide Times and its mailing service.", "form-consent"),
    "de consent": ("Ich akzeptiere die Datenschutzbestimmungen der Gezeitenpost.", "form-consent"),
    "de consent ads": (
        "Ich bin einverstanden, dass mir die Gezeitenpost Werbung schickt.",
        "form-consent",
    ),
    "fr consent": ("J'accepte la politique de confidentialité du Journal des Marées.", "form-consent"),
    "es consent": ("Acepto la política de privacidad del Diario del Puerto.", "form-consent"),
    "en email signup": (
        "Type your e-mail address below to subscribe to the tide blog and we notify you of every new post.",
        "email-signup",
    ),
    "de email signup": (
        "Trag deine E-Mail-Adresse unten ein, dann kannst du die Gezeitenmeldungen abonnieren und bekommst "
        "eine Benachrichtigung bei jeder Flut.",
        "email-signup",
    ),
    "fr email signup": ("Saisissez votre adresse e-mail pour suivre ce blog des marées.", "email-signup"),
    "de newsletter mid-line": (
        "Nichts mehr verpassen vom Hafen: Abonnieren Sie kostenlos unseren Newsletter mit allen Gezeiten.",
        "newsletter-pitch",
    ),
    "en newsletter mid-line": (
        "Plenty more tides to come. Sign up for the Tide Times today to get our free newsletter.",
        "newsletter-pitch",
    ),
}


@pytest.mark.parametrize("line, rule", SIGNUP_LINES.values(), ids=SIGNUP_LINES.keys())
def test_sign_up_forms_and_pitches_are_dropped(line, rule):
    assert line_features(line).rule == rule
    assert_dropped_in_and_after_the_body(line)


@pytest.mark.parametrize(
    "line",
    [
        # questions and answers in prose
        "Want to avoid the crowds at the harbour? Try the early ferry, which leaves before the fishing boats.",
        "Need a permit for the pier? The harbour office hands them out on weekdays until noon, the mayor said.",
        # e-mail and newsletters named in prose
        "She sent an e-mail to the harbour master and asked him to enter the new tide times by hand.",
        "Readers can also subscribe to the newsletter of the sailing club, which the town hall pays for.",
        # agreeing in an interview
        "I agree that the conditions at the harbour were hard for the crews last winter, the captain said.",
        "Subscribers to the old ferry service will get their money back before the summer, the company said.",
    ],
)
def test_prose_near_sign_up_words_is_kept(line):
    assert line_features(line).label == GOOD
    assert_kept_in_the_body(line)


# --------------------------------------------------------------------------
# Share labels and recipe buttons
# --------------------------------------------------------------------------
SHARE_LINES = {
    "en label": "Share this:",
    "de label": "Gezeitenbericht teilen:",
    "de label with": "Teilen mit:",
    "fr label": "Partager sur :",
    "de invitation": "Teile diesen Beitrag mit deinen Freunden vom Hafen.",
    "es invitation": "Comparte esta noticia con tus amigos del puerto",
    "en recipe print": "Print Recipe",
    "de recipe print": "Rezept drucken",
    "fr recipe print": "Imprimer la recette",
    "en jump": "Jump to Recipe",
    "de pinterest": "Bei Pinterest merken",
}


@pytest.mark.parametrize("line", SHARE_LINES.values(), ids=SHARE_LINES.keys())
def test_share_labels_and_recipe_buttons_are_dropped(line):
    assert line_features(line).rule == "share-widget"
    assert_dropped_in_and_after_the_body(line)


@pytest.mark.parametrize(
    "line",
    [
        "Fishermen share the pier with the ferry crews: the harbour master wants to end that next year.",
        "Die Fischer teilen sich den Steg mit den Fährleuten, sagte der Hafenmeister am Dienstag.",
        "Print the recipe of the harbour soup from the old cookbook, the chef told the visitors.",
    ],
)
def test_prose_about_sharing_and_recipes_is_kept(line):
    assert line_features(line).label == GOOD
    assert_kept_in_the_body(line)


# --------------------------------------------------------------------------
# Site notices: affiliate disclosures, JavaScript and browser notices,
# paywall counters, blocked embeds
# --------------------------------------------------------------------------
NOTICES = {
    "en affiliate": (
        "We may earn a small commission when you buy through the links on the tide site.",
        "affiliate-notice",
    ),
    "en affiliate links": ("The tide pages contain affiliate links to the harbour shop.", "affiliate-notice"),
    "de affiliate": (
        "Für Links auf der Gezeitenseite erhalten wir eventuell eine Provision vom Händler, ohne Mehrkosten für euch.",
        "affiliate-notice",
    ),
    "fr affiliate": ("Nous pouvons percevoir une commission sur les achats faits via ces liens.", "affiliate-notice"),
    "es affiliate": ("Podemos recibir una comisión por las compras hechas con estos enlaces.", "affiliate-notice"),
    "en javascript": ("This tide chart requires JavaScript.", "tech-notice"),
    "en enable javascript": ("Please enable JavaScript to see the harbour forum.", "tech-notice"),
    "de javascript": ("Bitte aktivieren Sie JavaScript, um die Gezeitenkarte zu sehen.", "tech-notice"),
    "fr javascript": ("JavaScript est désactivé dans votre navigateur.", "tech-notice"),
    "en browser": (
        "You're on an old browser: switch to a newer browser for the tide charts.",
        "tech-notice",
    ),
    "de browser": ("Ihr Browser ist veraltet und wird von der Gezeitenseite nicht unterstützt.", "tech-notice"),
    "en meter": ("You have read 2 of 5 free tide reports this month.", "paywall-meter"),
    "fr meter": ("Vous avez lu 3 des 10 articles gratuits du mois.", "paywall-meter"),
    "en meter left": ("Only 2 free articles left this month", "paywall-meter"),
    "de embed": ("Externer Inhalt", "embed-placeholder"),
    "de embed recommended": ("Empfohlener redaktioneller Inhalt", "embed-placeholder"),
    "en embed": ("Tap to load the video", "embed-placeholder"),
    "de embed load": ("Inhalt laden", "embed-placeholder"),
}


@pytest.mark.parametrize("line, rule", NOTICES.values(), ids=NOTICES.keys())
def test_site_notices_are_dropped(line, rule):
    assert line_features(line).rule == rule
    assert_dropped_in_and_after_the_body(line)


def test_the_javascript_notice_of_an_embedded_video_does_not_split_the_article():
    out = kept(HEADLINE, BODY[0], BODY[1], "Please enable JavaScript to watch the harbour video.", BODY[2], BODY[3])
    for para in BODY:
        assert para in out


@pytest.mark.parametrize(
    "line",
    [
        "The harbour commission will meet on Tuesday to decide on the new ferry timetable, the mayor said.",
        "Der Makler verlangt eine Provision von drei Prozent, sagte die Käuferin des alten Hafenhauses.",
        "The browser update fixes a flaw that let attackers read the tide tables of other users, the company said.",
        "JavaScript developers from the harbour startup met on Tuesday to plan the new tide app together.",
        "Residents have read 2 of the 5 reports on the harbour so far, the council said in its survey.",
        "The mayor said the ferry could only sail with the consent of the harbour master, and loaded the boat.",
    ],
)
def test_prose_near_notice_words_is_kept(line):
    assert line_features(line).label == GOOD
    assert_kept_in_the_body(line)


# --------------------------------------------------------------------------
# Captions and credits
# --------------------------------------------------------------------------
CAPTIONS = {
    "fi credit": "Satamassa odottaa uusi lautta tiistaiaamuna. Kuva: Jane Roe",
    "en via": "The old lighthouse at the end of the pier, photo via Jane Roe",
    "en file": "Ferry crews on strike at the old terminal last winter [File: Example Wire]",
    "en agency after caption": "The old ferry leaves the harbour for the last time on Tuesday. AFP",
    "es agency after caption": "Un grupo de pescadores en el puerto viejo el martes pasado. EFE",
    "en name agency": "Jane Roe, Associated Press",
    "en name slash agency": "Jane Roe/AP",
    "en agency files": "Example Harbour in 2019. Reuters files",
    "en enlarge": "The new tide chart of the bay. Click on the image to enlarge.",
    "de enlarge": "Der Plan des neuen Hafens (zum Vergrößern bitte anklicken)",
    "en figure": "Figure 2: Tide heights at the pier in March, measured every hour by the harbour office.",
    "de figure": "Abbildung 3: Der neue Anleger im Winter. Die Eisschollen treiben bis an die Kaimauer.",
    "en caption label": "Image caption The new ferry leaves the harbour at dawn on its first trip to the islands",
}


@pytest.mark.parametrize("line", CAPTIONS.values(), ids=CAPTIONS.keys())
def test_captions_and_credits_are_dropped(line):
    assert line_features(line).rule == "credit"
    assert_dropped_in_and_after_the_body(line)


@pytest.mark.parametrize(
    "line",
    [
        "The harbour plan was first reported by Reuters.",
        "The mayor told the AP that the ferry would run again in May.",
        "Figure skating returns to the harbour rink this winter after a break of ten years, the club said.",
        "Click on the link to see the tide chart for the coming week, which the harbour office updates daily.",
        "Crowds gathered at the pier, where the ferry crews had set up a stall, and the band played until dawn.",
    ],
)
def test_prose_near_caption_words_is_kept(line):
    assert line_features(line).rule != "credit"


# --------------------------------------------------------------------------
# The compiled prefilters give what the plain regexes give
# --------------------------------------------------------------------------
def _all_lines() -> list[str]:
    from dedup.boilerplate.rules import CAPTION_RULES, LABEL_RULES, SHORT_RULES, STRONG_RULES
    from dedup.boilerplate.text import fold_typography

    lines = [HEADLINE, *BODY, *READING_TIMES.values(), *DATE_BYLINES.values(), *POST_META.values()]
    lines += [*WIRE_CREDITS.values(), *SHARE_LINES.values(), *CAPTIONS.values()]
    lines += [line for line, _ in (*COMMENT_LINES.values(), *SIGNUP_LINES.values(), *NOTICES.values())]
    lines += [e for table in (STRONG_RULES, SHORT_RULES, CAPTION_RULES, LABEL_RULES) for r in table for e in r.examples]
    lows = [fold_typography(line_features(line).text.lower()) for line in lines]
    return lows + ["and " + low for low in lows] + [low + " and more" for low in lows]


def test_the_grouped_search_of_the_unanchored_strong_rules_finds_what_one_regex_finds():
    from dedup.boilerplate.compiler import compile_rules, rule_name, search_strong_any
    from dedup.boilerplate.rules import STRONG_RULES

    union = compile_rules((r.name, r.pattern) for r in STRONG_RULES if not r.anchored)
    for low in _all_lines():
        got, want = search_strong_any(low), union.search(low)
        assert (got and (rule_name(got), got.span())) == (want and (rule_name(want), want.span())), low


def test_the_gates_never_change_what_the_tables_match():
    from dedup.boilerplate.compiler import (
        CAPTION_TABLE,
        LABEL_TABLE,
        SHORT_TABLE,
        STRONG_START_RE,
        match_rules,
        match_strong_start,
    )

    for low in _all_lines():
        want = STRONG_START_RE.match(low)
        got = match_strong_start(low)
        assert (got and got.span()) == (want and want.span()), low
        for table in (SHORT_TABLE, CAPTION_TABLE, LABEL_TABLE):
            ungated = tuple(table)  # a plain tuple has no gate
            got, want = match_rules(table, low), match_rules(ungated, low)
            assert (got and (got.re.pattern, got.span())) == (want and (want.re.pattern, want.span())), low
