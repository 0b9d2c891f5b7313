"""Issue 19, page furniture kept as short lines: "back to ..." links, a link
to the page as a file, and the next/previous post links (kinds seen on pages
no rule was written from; "back to ..." also on the development pages; every
line here is invented)."""

from __future__ import annotations

import pytest
from test_boilerplate import BODY, HEADLINE
from test_boilerplate_rules import MORE_BODY, kept

from dedup.boilerplate import BAD, line_features

FURNITURE = [
    # "back to ..." links of a few words
    "Back to the overview",
    "Return to all stories",
    "Zurück zum Glossar",
    "Zurück zur Liste",
    "Retour à la liste",
    "Revenir au sommaire",
    "Volver al inicio",
    "Regresar a la portada",
    # the page as a file
    "Download as PDF",
    "Als EPUB herunterladen",
    "Télécharger au format PDF",
    "Descargar en PDF",
    # the next or previous post, with its title
    "Next: Ferries and the tide tables",
    "Previous » Harbour lights at dusk",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_links_are_dropped_inside_and_after_the_article(line):
    assert line_features(line).label == BAD
    assert kept(HEADLINE, *BODY, line, *MORE_BODY) == [HEADLINE, *BODY, *MORE_BODY]
    assert kept(HEADLINE, *BODY, *MORE_BODY, line) == [HEADLINE, *BODY, *MORE_BODY]


@pytest.mark.parametrize(
    "line",
    [
        "Back to the harbour we went after the long and cold night.",
        "Zurück zum Hafen fuhren wir erst am späten Abend mit der letzten Fähre.",
        "Retour à la maison pour les pêcheurs après une longue semaine en mer.",
        "You can download the full report as a PDF on the city website.",
        "Next, the council will vote on the plan for the harbour.",
    ],
)
def test_prose_like_furniture_links_is_kept(line):
    f = line_features(line)
    assert f.label != BAD
    assert line in kept(HEADLINE, *BODY, line, *MORE_BODY)
