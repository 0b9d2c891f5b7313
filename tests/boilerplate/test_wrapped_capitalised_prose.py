"""Hard-wrapped prose in a language that capitalises its nouns (German) is
grouped into paragraphs like English prose: its lines run on into capitalised
words about as often as its words are capitalised, so whether a story is kept
does not depend on where its lines were broken (issue 19: re-wrapped copies
of German stories lost most of their text on the held-out corpus). The texts
are invented, of the same shape."""

from __future__ import annotations

import pytest

from dedup.boilerplate import GOOD, label_lines, strip_boilerplate

# broken at about 60 columns, most lines before a capitalised noun
WRAPPED = """Die Gemeinde Lindenau hat am Montag den Umbau der alten
Mühle am Bachufer beschlossen. Nach Angaben der Verwaltung
sollen in dem Gebäude bis zum Herbst eine Bücherei, ein Café
und drei Räume für Vereine entstehen. Der Bürgermeister sagte,
die Kosten von rund zwei Millionen Euro würden zum größten
Teil aus Fördermitteln des Landes bezahlt. Die Anwohner der
Siedlung am Bach hatten sich bei einer Versammlung im
Frühjahr für den Erhalt der Mühle ausgesprochen. Seit dem
Brand im Winter vor dreißig Jahren steht das Gebäude leer und
verfällt.

Es gibt mehrere Gründe für den Umbau der alten Mühle am
Bach:

Bauarbeiten: Während der Arbeiten bleibt der Weg am Bach
gesperrt. Radfahrer werden über die Schulstraße umgeleitet,
teilte die Gemeinde mit. Die Eröffnung ist für den Tag des
Denkmals im September geplant. Ein Förderverein sammelt seit
Wochen Spenden für die Einrichtung der Bücherei und lädt alle
Bürger zu einem Fest am Ufer ein. Der Verein hofft auf viele
Besucher und gutes Wetter."""

RAIL = ["Startseite", "Rathaus", "Bürgerservice", "Veranstaltungen", "Kultur und Freizeit", "Kontakt", "Impressum"]


def test_the_lines_of_a_wrapped_german_paragraph_share_its_label():
    paragraphs = WRAPPED.split("\n\n")
    for paragraph in (paragraphs[0], paragraphs[2]):
        lines = paragraph.split("\n")
        assert [label for label, _ in label_lines(lines)] == [GOOD] * len(lines)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_wrapped_german_story_inside_a_page_is_kept_whole(newline):
    unwrapped = "\n\n".join(p.replace("\n", " ") for p in WRAPPED.split("\n\n"))
    for story in (WRAPPED, unwrapped):
        page = "\n".join(RAIL) + "\n\n" + story + "\n\n" + "\n".join(RAIL[2:])
        assert strip_boilerplate(page.replace("\n", newline)).split() == WRAPPED.split()
