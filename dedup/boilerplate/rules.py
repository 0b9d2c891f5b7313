"""The rule tables of the line classifier.

Four lexicon tables (:data:`STRONG_RULES`, :data:`SHORT_RULES`,
:data:`CAPTION_RULES`, :data:`LABEL_RULES`) of :class:`Rule`, whose patterns come from the data
modules of :mod:`dedup.boilerplate.lexicon`, and the steps that are not
lexicon lookups (:data:`LINE_STEPS`, :data:`RUN_STEPS`, :data:`REGION_STEPS`),
described for the catalogue (``python -m dedup.boilerplate --rules``).
Every example below is invented; the tests check that the classifier gives
each line-level example its rule.  :mod:`dedup.boilerplate.compiler` turns
the tables into regular expressions and prefilters; a table is tried in
:func:`~dedup.boilerplate.compiler.decision_order` (unguarded rules first).
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import bylines, comments, consent, credits, dates, headers, legal, menus, newsletter, notices, social

__all__ = [
    "Guard",
    "LABEL_RULES",
    "LINE_STEPS",
    "REGION_STEPS",
    "RUN_STEPS",
    "CAPTION_RULES",
    "Rule",
    "SHORT_RULES",
    "STRONG_RULES",
    "Step",
]


@dataclass(frozen=True)
class Guard:
    """A cheap test a line must pass before a rule's pattern is tried.

    ``kind`` is ``"digit"`` (the line holds a digit), ``"last-word"`` (the
    line's last word, punctuation stripped, is one of ``words``) or
    ``"substring"`` (the line holds one of ``words``), ``"end"`` (the line,
    punctuation stripped at its end, ends with one of ``words``) or ``"start"`` (the
    line starts with one of the strings that start every match of the
    rule's pattern, derived by the compiler: ``compiler.start_prefixes``).
    """

    kind: str
    words: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.kind == "digit":
            return "lines with a digit"
        if self.kind == "start":
            return "lines starting with one of the pattern's first words"
        if self.kind == "end":
            return "lines whose end (punctuation stripped) is one of: " + ", ".join(self.words)
        what = "ending in" if self.kind == "last-word" else "holding"
        return f"lines {what} one of: " + ", ".join(self.words)


DIGIT = Guard("digit")
#: For a long alternation of phrases that start the line: tried only on lines
#: starting with one of its first words (one dictionary look-up per line).
STARTS = Guard("start")


def substrings(*words: str) -> Guard:
    return Guard("substring", words)


def last_word(*words: str) -> Guard:
    return Guard("last-word", words)


def ending(*words: str) -> Guard:
    return Guard("end", words)


@dataclass(frozen=True)
class Rule:
    """A lexicon rule: lines its lower-case ``pattern`` matches are BAD."""

    name: str
    pattern: str
    summary: str
    examples: tuple[str, ...] = ()
    guard: Guard | None = None

    @property
    def anchored(self) -> bool:
        """Matches at the start of the line only (strong rules)."""
        return self.pattern.startswith("^")


@dataclass(frozen=True)
class Step:
    """A rule that is not a lexicon lookup, for the catalogue."""

    name: str
    outcome: str
    summary: str
    settings: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


#: The triggers of the unanchored strong rules: those rules are searched
#: together, on lines holding one of them.
_STRONG_TRIGGERS = substrings("cookie", "priva", "©")

#: Boilerplate whatever the line length.  Anchored rules match at the start of
#: the line; the others anywhere, but on a line of more than
#: ``strong_anywhere_max_words`` words the match must start within its first
#: ``strong_long_line_prefix`` characters.
STRONG_RULES: tuple[Rule, ...] = (
    Rule(
        "newsletter-pitch",
        newsletter.PITCH,
        "a sign-up pitch: an imperative, then a newsletter, e-mail, inbox or exclusive access",
        ("Sign up for our free morning newsletter", "Inscrivez-vous à notre newsletter du soir"),
    ),
    Rule(
        "copyright",
        legal.COPYRIGHT_START,
        "a copyright line",
        ("© 2024 Example Media Group", "Copyright 2024 Northwind Press"),
    ),
    Rule(
        "comment-title",
        comments.TITLE,
        "a comment count before a quoted headline, any length",
        ("12 thoughts on “A new bridge for the old town”", "3 Gedanken zu „Ein neuer Radweg“"),
    ),
    Rule(
        "post-meta",
        bylines.POST_META,
        "a blog post's meta line: posted, filed under, tagged, permalink",
        (
            "This entry was posted in Harbour News and tagged ferries, tides. Bookmark the permalink.",
            "Dieser Beitrag wurde am 5. März 2024 veröffentlicht und unter Hafen abgelegt.",
        ),
    ),
    Rule(
        "subscribe-pitch",
        newsletter.SUBSCRIBE_TO,
        "'subscribe to ...' at the start of a line",
        ("Subscribe today to the Tide Times for every harbour story.", "Subscribe to the Tide Times channel"),
    ),
    Rule(
        "question-pitch",
        newsletter.QUESTION_PITCH,
        "a teaser question and a call to join, subscribe, follow or share",
        ("Want more tide tables? Join the harbour club.", "Lust auf mehr? Melde dich für die Gezeitenpost an."),
    ),
    Rule(
        "form-consent",
        newsletter.FORM_CONSENT,
        "the consent box of a sign-up form: I agree to the privacy policy, to receive e-mails",
        (
            "I agree to the privacy policy of the Tide Times.",
            "Ich willige ein, dass mir die Gezeitenpost den Newsletter per E-Mail schickt.",
        ),
    ),
    Rule(
        "comment-form",
        comments.POLICY,
        "a comment section's policy or status: comments are moderated, we welcome comments, comments closed",
        (
            "Please note that all comments are moderated before they appear on the tide site.",
            "Die Kommentarfunktion ist für diesen Beitrag geschlossen.",
        ),
    ),
    Rule(
        "credit",
        credits.FIGURE,
        "a figure's label at the start of its caption",
        ("Figure 2: Tide heights at the pier in March", "Abbildung 3: Der neue Anleger im Winter"),
    ),
    Rule(
        "wire-credit",
        bylines.WIRE_CREDIT,
        "a wire story's credits: reporting and editing by, material from an agency",
        ("(Reporting by Jane Roe; editing by John Doe)", "Mit Material von dpa", "Con información de agencias"),
    ),
    Rule(
        "cookie-notice",
        consent.COOKIE_NOTICE,
        "a cookie notice or cookie settings",
        ("We use cookies to count visits to the tide tables.", "Diese Website verwendet Cookies."),
        _STRONG_TRIGGERS,
    ),
    Rule(
        "consent-notice",
        consent.CONSENT_NOTICE,
        "a cookie or privacy term, a consent verb and 'you' or 'site'",
        ("Staying on the tide tables site means you accept cookies.",),
        _STRONG_TRIGGERS,
    ),
    Rule(
        "signup-privacy",
        consent.SIGNUP_PRIVACY,
        "signing up and a privacy policy",
        ("Signing up means you have read our privacy policy.",),
        _STRONG_TRIGGERS,
    ),
    Rule(
        "wire-credit",
        bylines.CONTRIBUTED,
        "who contributed reporting to a story",
        (
            "Jane Roe contributed reporting from Lisbon.",
            "Example Wire writers John Doe and Jane Roe contributed to this report.",
        ),
        substrings(*bylines.CONTRIBUTED_TRIGGERS),
    ),
    Rule(
        "email-signup",
        newsletter.EMAIL_SUBSCRIBE,
        "a prompt to enter an e-mail address to subscribe or be notified",
        ("Type your e-mail here to subscribe to the tide posts of the week.",),
        substrings(*newsletter.EMAIL_SUBSCRIBE_TRIGGERS),
    ),
    Rule(
        "newsletter-pitch",
        newsletter.NEWSLETTER_ANYWHERE,
        "an imperative to sign up for a newsletter anywhere in a line",
        ("Never miss a tide again: subscribe to our free evening newsletter.",),
        substrings(*newsletter.NEWSLETTER_ANYWHERE_TRIGGERS),
    ),
    Rule(
        "affiliate-notice",
        notices.AFFILIATE_NOTICE,
        "an affiliate disclosure: the site may earn a commission on what readers buy through its links",
        (
            "We may earn a small commission when you buy through the links on the tide site.",
            "Für Links auf der Gezeitenseite erhalten wir eventuell eine Provision.",
        ),
        substrings(*notices.AFFILIATE_TRIGGERS),
    ),
    Rule(
        "tech-notice",
        notices.TECH_NOTICE,
        "a notice that the page needs JavaScript or that the reader's browser is out of date",
        ("This tide chart requires JavaScript.", "Bitte aktivieren Sie JavaScript, um die Gezeitenkarte zu sehen."),
        substrings(*notices.TECH_TRIGGERS),
    ),
    Rule(
        "copyright",
        legal.COPYRIGHT_SIGN,
        "the © sign before a year or a name",
        ("Harbour at dawn © Jane Roe",),
        _STRONG_TRIGGERS,
    ),
)

#: Whole-line widget labels and prompts, applied to every line of at most
#: ``short_rule_max_words`` words (even one ending in a full stop), so they
#: must never match an ordinary sentence.
SHORT_RULES: tuple[Rule, ...] = (
    Rule(
        "newsletter-pitch",
        newsletter.DESCRIBED,
        "a newsletter described rather than pitched",
        ("Each evening we send an e-mail with the biggest tide reports.",),
        substrings(*newsletter.DESCRIBED_GUARD),
    ),
    Rule(
        "advertisement",
        menus.ADVERTISEMENT,
        "advertisement labels and skip links",
        ("Advertisement", "Anzeige", "Sponsored content"),
    ),
    Rule(
        "read-more",
        menus.READ_MORE,
        "'read more' and 'click here' links",
        ("Read more: Council backs the new tram line", "Weiterlesen", "Click here for the full schedule"),
    ),
    Rule(
        "comment-header",
        comments.HEADER,
        "comment counts and prompts",
        ("12 comments", "Leave a comment", "Comments are closed.", "Kommentar schreiben"),
    ),
    Rule(
        "comment-byline",
        comments.BYLINE,
        "the byline of a comment",
        ("riverfan says:", "Jane on May 3, 2021 at 9:15 pm said:", "Rating: 12 Votes"),
        last_word(*comments.BYLINE_LAST_WORDS),
    ),
    Rule(
        "newsletter-pitch",
        newsletter.SIGNUP_FORM,
        "a newsletter sign-up form's title",
        ("Zum Newsletter anmelden", "Newsletter abonnieren", "Je m'abonne"),
        STARTS,
    ),
    Rule(
        "comment-form",
        comments.FORM_NOTICE,
        "the notices of a comment form: e-mail not published, required fields, save my name, log in to comment",
        (
            "Your e-mail address is never shown to the other readers.",
            "Deine E-Mail wird nicht angezeigt.",
        ),
        STARTS,
    ),
    Rule(
        "share-widget",
        social.RECIPE_BUTTONS,
        "the buttons of a recipe card: print, save, pin, jump to the recipe",
        ("Print recipe", "Rezept drucken", "Imprimer la recette", "Bei Pinterest merken"),
        STARTS,
    ),
    Rule(
        "embed-placeholder",
        notices.EMBED_PLACEHOLDER,
        "the placeholder of an embed blocked until the reader consents",
        ("External content", "Empfohlener redaktioneller Inhalt", "Tap to load the video"),
        STARTS,
    ),
    Rule("comment-widget", comments.WIDGET, "comment buttons", ("Reply", "Like", "Report")),
    Rule("comments", comments.LABELS, "other comment-section labels", ("Discussion", "Sort by newest", "Cancel reply")),
    Rule(
        "share-widget",
        social.SHARE,
        "share and follow widgets, lines of network names",
        ("Share on Facebook", "Auf Facebook teilen", "Facebook Twitter Email", "Suivez-nous sur Instagram"),
    ),
    Rule(
        "share-widget",
        social.SHARE_LABEL,
        "a share label ending in a colon, or an invitation to share the page",
        ("Artikel teilen:", "Share with:", "Teile diesen Beitrag mit deinen Freunden.", "Partagez cet article"),
        substrings(*social.SHARE_LABEL_GUARD),
    ),
    Rule(
        "cookie-button",
        consent.COOKIE_BUTTON,
        "cookie banner buttons",
        ("Accept all cookies", "Alle Cookies akzeptieren"),
    ),
    Rule(
        "all-rights-reserved",
        legal.ALL_RIGHTS_RESERVED,
        "'all rights reserved' in any of the languages",
        ("All rights reserved worldwide.", "Alle Rechte vorbehalten."),
        substrings(*legal.ALL_RIGHTS_RESERVED_GUARD),
    ),
    Rule(
        "copyright",
        legal.COPYRIGHT_ANYWHERE,
        "'copyright' before a year",
        ("Text and photos copyright 2024 Example News",),
        substrings(*legal.COPYRIGHT_ANYWHERE_GUARD),
    ),
    Rule(
        "inbox",
        newsletter.INBOX,
        "'delivered to your inbox'",
        ("The best stories, delivered to your inbox",),
        substrings(*newsletter.INBOX_GUARD),
    ),
    Rule("form-error", newsletter.FORM_ERROR, "form errors", ("Error: please try again", "Oops! Something went wrong")),
    Rule(
        "email-form",
        newsletter.EMAIL_FORM,
        "e-mail field prompts",
        ("Please type your e-mail to get the quiz", "This field is required."),
        substrings(*newsletter.EMAIL_FORM_GUARD),
    ),
    Rule(
        "navigation",
        menus.NAVIGATION,
        "menu and footer links",
        ("Home", "Startseite", "Mentions légales", "Privacy Policy"),
    ),
    Rule(
        "date",
        dates.DATE_LINE,
        "dates, times, relative times and reading times",
        ("March 3, 2024 at 9:05 pm", "7 de março de 2024 às 8:41", "2 days ago", "vor 2 Stunden", "5 min read"),
        DIGIT,
    ),
    Rule(
        "date-byline",
        bylines.DATE_BYLINE,
        "a byline with its date: a name, then the date (and time), or a short name after it",
        (
            "By Jane Roe on March 3, 2024 at 9:05 am",
            "von Erika Muster am 3. März 2024, 9:05 Uhr",
            "03.05.2024 | Jane Roe",
        ),
        DIGIT,
    ),
    Rule(
        "reading-time",
        dates.READING_TIME,
        "a reading time, per language",
        ("Lesezeit: 4 Minuten", "Temps de lecture : 3 min", "6 minutos de lectura", "12 min · 2,400 words"),
        DIGIT,
    ),
    Rule(
        "paywall-meter",
        notices.METER,
        "the counter of a metered paywall",
        ("You have read 2 of 5 free tide reports this month.", "Vous avez lu 3 des 10 articles gratuits"),
        DIGIT,
    ),
    Rule(
        "credit",
        credits.GALLERY_COUNTER,
        "a picture gallery's counter",
        ("Photo 3 of 12", "Bild 1 von 5"),
        DIGIT,
    ),
)

#: Captions that end in their picture's credit, applied to every line of at
#: most ``short_rule_max_words`` words and to longer lines of at most
#: ``caption_max_words`` words that do not end in sentence punctuation (a
#: caption is a sentence or two with its credit after them; the plain-prose
#: fast path only takes lines that end in sentence punctuation).
CAPTION_RULES: tuple[Rule, ...] = (
    Rule(
        "credit",
        credits.CREDIT_AT_END,
        "a caption that ends in its credit",
        ("The new bridge over the canal at dusk. Photo: Jane Roe", "Die neue Brücke (Bild: Stadt Musterhausen)"),
        substrings(*credits.CREDIT_AT_END_GUARD),
    ),
    Rule(
        "credit",
        credits.STOCK_PICTURE,
        "a caption marked as a stock or archive picture",
        ("Ferries wait at the old terminal (file photo)", "Ein Fährschiff im Hafen (Symbolbild)"),
        substrings(*credits.STOCK_PICTURE_GUARD),
    ),
    Rule(
        "credit",
        credits.PICTURE_AT_END,
        "a caption whose last brackets name a photo or a picture agency",
        (
            "Ferries wait at the old terminal on Tuesday, as the strike enters its second week (AP Photo/Jane Roe)",
            "Die neue Brücke über den Kanal am Abend nach der Eröffnung durch den Bürgermeister (Foto: Max Muster)",
        ),
        substrings(*credits.PICTURE_AT_END_GUARD),
    ),
    Rule(
        "credit",
        credits.AGENCY_AT_END,
        "a caption or credit that ends in a picture or news agency after a sentence, a comma or a slash",
        ("Ferries wait at the old terminal on Tuesday. AFP", "Jane Roe, Associated Press", "Jane Roe/AP"),
        ending(*credits.AGENCY_ENDINGS),
    ),
    Rule(
        "credit",
        credits.CLICK_TO_ENLARGE,
        "a caption with 'click to enlarge'",
        ("The new tide chart of the bay. Click on the image to enlarge.", "Zum Vergrößern anklicken"),
        substrings(*credits.CLICK_TO_ENLARGE_GUARD),
    ),
    Rule(
        "credit",
        credits.CAPTION_PREFIX,
        "a caption that starts with its own label",
        ("Image caption The new ferry leaves the harbour at dawn on its first trip to the islands of the bay",),
        STARTS,
    ),
)

#: Section headers, tag lists, bylines and prompts, applied to lines of at most
#: ``short_rule_max_words`` words that are not a sentence of prose (sentence
#: punctuation and ``prose_min_words`` words).
LABEL_RULES: tuple[Rule, ...] = (
    Rule(
        "related-header",
        headers.RELATED,
        "sidebar headers",
        (
            "Related articles",
            "You may also like",
            "Das könnte Sie auch interessieren",
            "Más leídas",
            "More about the harbour project",
        ),
        STARTS,
    ),
    Rule("tags", headers.TAGS, "tag lists", ("Tags: budget, council", "Schlagworte: Haushalt, Stadtrat")),
    Rule(
        "author-box",
        bylines.AUTHOR_BOX_HEADER,
        "an author box's header",
        ("About the author", "Über die Autorin", "À propos de l'auteur"),
        STARTS,
    ),
    Rule("byline", bylines.BYLINE, "bylines", ("By Jane Doe", "Autor: Max Muster")),
    Rule("contact", bylines.CONTACT, "contact lines", ("Contact the reporter", "Email the newsroom")),
    Rule(
        "dateline", bylines.DATELINE, "'Updated ...' datelines", ("Updated: 3 May 2024", "Aktualisiert am 3. Mai 2024")
    ),
    Rule("credit", credits.CREDIT, "image credits and captions", ("Photo: Jane Roe", "Image courtesy of the museum")),
    Rule(
        "credit",
        credits.CREDIT_BY,
        "a credit naming its photographer",
        ("Photo by Jane Roe on Unsplash", "Bild von Max Muster auf Pixabay", "Courtesy of the tide museum"),
        STARTS,
    ),
    Rule(
        "credit",
        credits.GALLERY,
        "a picture gallery's buttons",
        ("View gallery", "Zur Bildergalerie", "Voir le diaporama"),
        STARTS,
    ),
    Rule(
        "credit",
        credits.AGENCY,
        "picture agencies",
        ("Crowds at the station (AP Photo/Jane Roe)",),
        substrings(*credits.AGENCY_GUARD),
    ),
    Rule(
        "signup-prompt",
        newsletter.SIGNUP_PROMPT,
        "sign-up, log-in and membership prompts",
        ("Subscribe now for full access", "Already a subscriber? Log in"),
    ),
    Rule(
        "signup-prompt",
        newsletter.NEWSLETTER_PROMPT,
        "a newsletter named, or thanks for signing up",
        ("Our weekly newsletter", "Thanks for signing up!"),
        substrings(*newsletter.NEWSLETTER_PROMPT_GUARD),
    ),
    Rule("utility", social.UTILITY, "player and article buttons", ("Listen now", "Watch the video", "Escuchar")),
    Rule(
        "navigation",
        menus.BACK_TO,
        "'back to ...' links of a few words",
        ("Back to the overview", "Zurück zum Glossar", "Retour à la liste", "Volver al inicio"),
        STARTS,
    ),
    Rule(
        "navigation",
        menus.DOWNLOAD,
        "a download link to the page as a file (PDF, EPUB, MOBI)",
        ("Download as PDF", "Als EPUB herunterladen", "Télécharger au format PDF", "Descargar en PDF"),
        substrings(*menus.DOWNLOAD_FORMATS),
    ),
)

#: The classifier's steps in order, lexicon tables included (by name).
LINE_STEPS: tuple[Step, ...] = (
    Step("no-letters", "BAD", "no letter at all", (), ("12", "|", "___")),
    Step("STRONG_RULES", "BAD", "the strong lexicon, any line length"),
    Step("SHORT_RULES", "BAD", "the short lexicon, short lines", ("short_rule_max_words",)),
    Step(
        "CAPTION_RULES",
        "BAD",
        "captions ending in their credit: short lines, and longer ones without sentence punctuation at the end",
        ("short_rule_max_words", "caption_max_words"),
    ),
    Step(
        "LABEL_RULES",
        "BAD",
        "the label lexicon, short lines that are not a sentence of prose",
        ("short_rule_max_words", "prose_min_words"),
    ),
    Step(
        "menu",
        "BAD",
        "link separators (| » › · • ‹ « / \\) in a short line without sentence punctuation, "
        "or splitting a line into short segments; table rows (| a | b |) are exempt",
        ("menu_max_words", "menu_max_segment_words"),
        ("Home | World | Sport", "News » Local » Schools"),
    ),
    Step(
        "contact",
        "BAD",
        "little more than e-mail addresses or URLs",
        ("short_rule_max_words",),
        ("newsdesk@example.com", "www.example.org/contact"),
    ),
    Step(
        "keywords",
        "BAD",
        "comma-separated items in Latin script without sentence punctuation, digit, parenthesis or stop word",
        ("keywords_min_items",),
        ("harbour works, tram line, city budget, school board, bike lanes",),
    ),
    Step(
        "glued-teaser",
        "BAD",
        "a headline glued to its first sentence: a dateline in mid-line, or a Title "
        "Case run with two capitalised function words (one in a long run)",
        ("glued_min_words", "glued_max_title_words", "glued_long_title_words"),
        ("Harbour plan wins final vote after long debate LISBON: The city council approved the plan on Monday",),
    ),
    Step(
        "prose",
        "GOOD",
        "enough words ending in sentence punctuation (not a glued ellipsis)",
        ("good_min_words",),
        ("The council approved the new budget on Tuesday after a long and heated debate.",),
    ),
    Step(
        "prose-nopunct",
        "GOOD",
        "a long line, few capitalised words and (Latin script) enough stop words",
        ("good_nopunct_min_words", "good_max_cap_ratio", "nopunct_min_stop_ratio"),
    ),
    Step(
        "short",
        "SHORT",
        "anything else: headlines, subheads, captions, one-sentence paragraphs",
        (),
        ("City approves harbour plan",),
    ),
)

#: Steps over the sequence of units, after the classifier.
RUN_STEPS: tuple[Step, ...] = (
    Step(
        "list-run",
        "BAD",
        "a list of headlines (items not sentences, long on average, not introduced by a colon or followed by prose)",
        ("list_headline_min_words", "list_sentence_min_words"),
    ),
    Step("sentence-list", "GOOD", "sentence items of a list that is mostly sentences", ("list_sentence_min_words",)),
    Step(
        "nav-run",
        "BAD",
        "a run of very short uncertain lines (a menu), unless most are rows of data (a number, 'key: value')",
        ("nav_run_min", "very_short_max_words"),
    ),
    Step(
        "related-run",
        "BAD",
        "the linked headlines right after a sidebar header alone on its line (a related-header of "
        "bare_header_max_words words at most, or fewer than twice that ending in a colon, not going on with a "
        "headline after a separator): lines of at most headline_max_words words that are "
        "not a sentence ending in a full stop (a question or exclamation of short_rule_max_words words may be prose); "
        "never the page title's headline, and not a lone headline followed by its blurb and the next headline "
        "(a list of teasers, judged by the region pass)",
        ("bare_header_max_words", "headline_max_words", "short_rule_max_words"),
    ),
    Step(
        "context",
        "BAD",
        "uncertain lines next to boilerplate or a document edge, except one-sentence lines, the headline and "
        "dek before the body (more than very_short_max_words words) and the rows of a list or table after it "
        "(two at least, or after a colon; not a short label ending in a colon right before boilerplate); a lone "
        "button (share-widget, utility) between short lines after the body does not cut them when a list or "
        "table (mostly data rows) follows it and a GOOD unit ends them",
        (
            "sentence_min_words",
            "headline_max_lines",
            "headline_max_words",
            "very_short_max_words",
            "data_max_words",
            "prose_min_words",
        ),
    ),
)

#: Steps of the region pass: the article is one dense run of prose.
REGION_STEPS: tuple[Step, ...] = (
    Step(
        "repeat",
        "BAD",
        "outside the first region, a long unit repeating earlier regions",
        ("repeat_min_words", "repeat_prefix_words", "repeat_min_containment"),
    ),
    Step(
        "comment-section",
        "BAD",
        "from the first comment header or byline after the body to the end (a section starting at a "
        "byline that would hold the heaviest region needs bylines that each introduce a kept comment)",
        ("comment_min_bylines",),
    ),
    Step(
        "after-end",
        "BAD",
        "every region after a footer, comment or consent line that follows the main region (a copyright line "
        "without a year that reserves no rights is a photo's credit, a weak interruption)",
    ),
    Step(
        "teasers",
        "BAD",
        "a region that reads like a list of teasers (its blurbs, teaser_min_headlines of them or all, each "
        "right after a headline)",
        ("teaser_min_headlines", "teaser_max_mean_words"),
    ),
    Step(
        "after-break",
        "BAD",
        "after the main region, a region that is not dense, short, or after a long gap or a gap longer than "
        "its prose covers, and everything after it (after-end); but when the main region is a list of "
        "headlines with blurbs, or a piece of one, a later region of paragraphs (prose units as long as "
        "teaser_max_mean_words on average) is the page's story, kept up to a footer line",
        (
            "dense_min_prose_share",
            "continuation_min_units",
            "continuation_max_gap",
            "continuation_gap_words",
            "story_min_units",
            "teaser_max_mean_words",
        ),
    ),
    Step(
        "box",
        "BAD",
        "the headlines of a box of related links between paragraphs (a related-header or a read-more label "
        "naming no link, box_max_headlines headlines at "
        "most, weak interruptions around them): the box is one interruption of the article, and after it a "
        "region of box_continuation_min_units units continues the article",
        ("box_max_headlines", "box_continuation_min_units"),
    ),
    Step(
        "lone-prose",
        "BAD",
        "when no prose is left (no sentence, no prose paragraph with a sentence end inside), "
        "the page's longest block of sentences (and its headline) is kept instead of what was left",
        ("lone_prose_min_words", "prose_min_words"),
    ),
    Step(
        "before-title",
        "BAD",
        "what precedes the page title's headline when the main region follows it",
        ("title_min_words", "title_max_chars"),
    ),
)
