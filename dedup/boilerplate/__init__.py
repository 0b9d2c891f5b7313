r"""Boilerplate removal for plain text extracted from news pages.

A scraper that dumps the whole text of a news page hands us the article plus
menus, share widgets, newsletter and cookie banners, "related stories"
sidebars, comment sections and footers.  Those lines are shared by unrelated
articles of one site and differ between copies of one story, so they are
removed before fingerprinting.  :func:`strip_boilerplate` returns the kept
lines verbatim and in order; it never rewrites or adds text, and errs on the
side of keeping: a long line of prose is dropped only by a strong rule (a
cookie notice, a newsletter pitch) or with a whole region outside the
article's main run of prose.

The stages, one module each:

* :mod:`.units`: lines, or the lines of a hard-wrapped paragraph, are the units;
* :mod:`.features`: the line classifier (GOOD, BAD or SHORT, and the rule), with
  the lexicon of :mod:`.lexicon` in the tables of :mod:`.rules`, compiled with
  their prefilters by :mod:`.compiler`;
* :mod:`.prose` and :mod:`.batch`: the plainly prose lines, found without the
  classifier (one text; many texts in numpy);
* :mod:`.passes`: run rules and the context pass; :mod:`.regions`: the region pass;
* :mod:`.document`: the passes to the fixpoint, :func:`strip_boilerplate`;
* :mod:`.model`: :class:`BoilerplateModel`, lines that recur across a site's stories;
* :mod:`.settings`: every threshold.

``python -m dedup.boilerplate --rules`` prints the rules in the order they
decide, generated from the tables; :func:`explain_lines` tells which rule
kept or dropped each line of a text.
"""

from .batch import strip_boilerplate_many
from .catalogue import rule_catalogue
from .document import classify_lines, explain_lines, label_lines, strip_boilerplate
from .features import BAD, GOOD, SHORT, LineFeatures, clear_cache, line_features
from .lexicon.stopwords import STOPWORDS
from .model import BoilerplateModel, BoilerplateStripper
from .settings import SETTINGS, Settings

__all__ = [
    "BAD",
    "GOOD",
    "SETTINGS",
    "SHORT",
    "STOPWORDS",
    "BoilerplateModel",
    "BoilerplateStripper",
    "LineFeatures",
    "Settings",
    "classify_lines",
    "clear_cache",
    "explain_lines",
    "label_lines",
    "line_features",
    "rule_catalogue",
    "strip_boilerplate",
    "strip_boilerplate_many",
]
