"""The stripper's thresholds, in one place.

:data:`SETTINGS` is the :class:`Settings` every stage reads; the defaults are
the values the benchmarks were measured with.  ``python -m dedup.boilerplate
--rules`` prints the rules with the thresholds they use.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = ["SETTINGS", "Settings"]


@dataclass(frozen=True, slots=True)
class Settings:
    """Thresholds of the line classifier, the run, context and region passes, and the corpus model."""

    # -- line classifier -------------------------------------------------
    #: Lines with sentence punctuation and at least this many words are GOOD (``prose``).
    good_min_words: int = 10
    #: Lines without final punctuation need this many words to be GOOD (``prose-nopunct``) ...
    good_nopunct_min_words: int = 20
    #: ... at most this share of capitalised words (headlines are Title Case) ...
    good_max_cap_ratio: float = 0.5
    #: ... and, in Latin script, at least this share of stop words.
    nopunct_min_stop_ratio: float = 0.15
    #: Short and label rules only apply to lines of at most this many words.
    short_rule_max_words: int = 15
    #: Caption rules (a caption ending in its credit) also apply to longer
    #: lines of at most this many words that do not end in sentence punctuation.
    caption_max_words: int = 40
    #: A line with sentence punctuation and this many words is prose: label rules skip it.
    prose_min_words: int = 6
    #: Unanchored strong rules match anywhere on lines of up to this many words; on
    #: longer lines the match must start within the first ``strong_long_line_prefix`` characters.
    strong_anywhere_max_words: int = 40
    strong_long_line_prefix: int = 40
    #: Menu separators mark a menu in a line of at most this many words without
    #: sentence punctuation, or in any line whose segments average at most
    #: ``menu_max_segment_words`` words.
    menu_max_words: int = 20
    menu_max_segment_words: int = 4
    #: A line of at least this many comma-separated items, no sentence punctuation
    #: and no stop word is a keyword list.
    keywords_min_items: int = 5
    #: Glued teasers have at least this many words; the Title Case run is looked
    #: for in the first ``glued_max_title_words`` words.
    glued_min_words: int = 12
    glued_max_title_words: int = 20
    #: ... and holds two capitalised function words ("In", "For", "To"), or one
    #: in a run of at least this many words, as in "Six Quiet Ferry Rides Around
    #: Northbay For Families ..." (issue 19: the teasers of a page's sidebar,
    #: glued to their blurbs, are not its story).
    glued_long_title_words: int = 7

    # -- run rules and context pass ----------------------------------------
    #: Menu items have at most this many words ...
    very_short_max_words: int = 3
    #: ... and this many of them in a row make a navigation run.
    nav_run_min: int = 3
    #: A one-sentence line kept next to the body has at least this many words.
    sentence_min_words: int = 3
    #: Headline-like lines kept just before the body (title and dek) ...
    headline_max_lines: int = 2
    #: ... which have between 2 and this many words.
    headline_max_words: int = 30
    #: A list whose items average at least this many words (not sentences) is a list of headlines.
    list_headline_min_words: int = 4
    #: Items of a list that count as sentences need this many words.
    list_sentence_min_words: int = 5
    #: A sidebar header of at most this many words (fewer than twice as many
    #: when it ends in a colon) that does not go on with a headline is alone
    #: on its line: the lines after it are its list of links.
    bare_header_max_words: int = 6
    #: Rows of a list or table (dates, prices, "key: value") have at most this many words.
    data_max_words: int = 20

    # -- hard-wrapped text -------------------------------------------------
    #: Hard-wrapped text has its lines broken at a width W of at most this many characters ...
    max_wrap_width: int = 120
    #: ... at least this share of its lines within ``wrap_band`` characters of W ...
    wrap_min_share: float = 0.3
    wrap_band: int = 15
    #: ... and this share of its characters in lines of at most W characters.
    wrap_min_text_share: float = 0.8
    #: A line is full when it and the next line's first word exceed W minus this.
    wrap_slack: int = 2
    #: A wrapped story inside a page of short lines: this many lines run on into
    #: a lower-case line, at a width of at least ``wrap_min_continued_width``.
    wrap_min_continued: int = 4
    wrap_min_continued_width: int = 50
    #: Wrapped prose breaks before lower-case words about as often as its words
    #: are lower case: of the full lines, at least this share (of the text's
    #: lower-case share inside lines, weighted by word length) and at least
    #: ``wrap_min_lower`` run on into a lower-case line (menus do not).
    wrap_lower_ratio: float = 0.5
    wrap_min_lower: float = 0.25

    # -- region pass -------------------------------------------------------
    #: A page title's headline needs this many words, the title line at most
    #: ``title_max_chars`` characters.
    title_min_words: int = 4
    title_max_chars: int = 300
    #: A gap of at most this many weak interruptions does not separate regions.
    weak_gap_max_units: int = 3
    #: A box of related links inside an article: a header over at most this
    #: many headlines, one interruption of the article ...
    box_max_headlines: int = 4
    #: ... after which a region of this many units continues the article.
    box_continuation_min_units: int = 1
    #: Repeats: a unit of this many words whose first ``repeat_prefix_words`` words
    #: occur earlier and whose word 4-grams are this much contained in earlier regions.
    repeat_min_words: int = 50
    repeat_min_containment: float = 0.8
    repeat_prefix_words: int = 6
    #: A comment section needs this many comment bylines unless the main region lies before it.
    comment_min_bylines: int = 2
    #: A dense region has at least this share of its words in prose units.
    dense_min_prose_share: float = 0.6
    #: After the main region a region continues the article when dense, with this
    #: many units, after a gap of at most ``continuation_max_gap`` units.
    continuation_min_units: int = 3
    continuation_max_gap: int = 15
    #: ... and with at least this many words of prose per unit of that gap.
    continuation_gap_words: int = 15
    #: A teaser list: this many headline-like lines, as many as its prose units,
    #: whose mean length is below ``teaser_max_mean_words``.
    teaser_min_headlines: int = 3
    teaser_max_mean_words: int = 30
    #: When nothing of prose is left, the page's one prose block (sentences of at
    #: least ``prose_min_words`` words, and the headline before them) with at
    #: least this many words is kept instead of the non-prose lines.
    lone_prose_min_words: int = 20
    #: When the main region is a list of headlines with blurbs, a later region
    #: of at least this many paragraphs (prose units averaging at least
    #: ``teaser_max_mean_words`` words) is the page's story, however far below.
    story_min_units: int = 2
    #: At most this many passes (each linear in the text) reach the fixpoint.
    max_passes: int = 16

    # -- corpus model (BoilerplateModel) -------------------------------------
    #: A document with less own content than ``model_new_min_chars`` characters
    #: is a copy; so is one with less than this share of its stripped text,
    #: unless the story that holds most of its other lines has at least
    #: ``model_new_min_chars`` characters of stripped text that it lacks (issue 19:
    #: a short story in a page whose kept furniture is many times longer is a new
    #: story; a copy with an update paragraph added lacks nothing of its story).
    model_new_min_share: float = 0.2
    model_new_min_chars: int = 80
    #: One 3-word shingle in this many (by hash) is sampled from own content.
    model_sample_rate: int = 8
    #: A document is a copy of a story when at least this share of its sampled
    #: shingles (and ``model_copy_min_samples`` of them) belong to the story.
    model_copy_min_share: float = 0.5
    model_copy_min_samples: int = 3
    #: ... or when at least this share of them (and ``model_edit_min_samples``)
    #: belong to the story that holds most of its other, seen-before lines,
    #: and those lines are at least ``model_edit_min_seen_share`` of its
    #: stripped text (an edited copy: a reworded passage beside the story's
    #: unchanged lines).
    model_edit_min_share: float = 0.2
    model_edit_min_samples: int = 1
    model_edit_min_seen_share: float = 0.5
    #: Sampled shingles remembered per story (for the ``max_stories`` bound).
    model_samples_per_story: int = 16


#: The settings the stripper uses.
SETTINGS = Settings()


def describe(settings: Settings = SETTINGS) -> list[tuple[str, object]]:
    """``(name, value)`` of every threshold, in declaration order."""
    return [(f.name, getattr(settings, f.name)) for f in fields(settings)]
