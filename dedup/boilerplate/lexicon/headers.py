"""Sidebar headers ("Related articles", "Más leídas") and tag lists."""

from __future__ import annotations

#: Sidebar headers, per language; each ends the line or is followed by ":", "|", "»", "›" or a dash.
RELATED_HEADERS = {
    "en": r"related(?: articles?| stories| posts?| content| coverage| news| links?| reading|"
    r" topics| videos?| items?| post)?"
    r"|more (?:stories|articles|news|coverage|like this|to explore|videos?|headlines|"
    r"top stories)"
    r"|you (?:may|might) (?:also )?(?:like|love|enjoy|be interested(?: in)?)"
    r"|you (?:will|would) also (?:like|love|enjoy)"
    r"|(?:also|we) recommend|recommended(?: for you| stories| reading| articles| videos?)?"
    r"|top (?:stories|news|headlines|videos?)|trending(?: now| stories| news| topics)?"
    r"|editor'?s'? (?:picks?|choice)|don'?t miss|must read"
    r"|latest(?: news| stories| articles| headlines| videos?)?"
    r"|popular(?: now| stories| posts| articles)?|further reading"
    r"|around the web|from the web|in other news|also (?:read|see)|see also"
    r"|next (?:story|article|up|post)|previous (?:story|article|post)|up next"
    r"|what to read next|read next|more|recent posts|(?:upcoming|latest|recent) (?:events|posts)"
    r"|what'?s (?:new|hot|trending)"
    r"|more (?!than )(?:[\w'.-]+ ){1,2}(?:stories|articles|reads)|explore further|you (?:may|might) have missed"
    r"|in case you missed it|more on (?:this|that) (?:story|topic)|read (?:this|these) next"
    r"|(?:next|previous|prev)(?=\s*[:»›])|(?:more|further) info(?:rmation)?",
    "de": "ähnliche (?:artikel|beiträge|themen)|verwandte (?:artikel|beiträge)|mehr zum thema|"
    "das könnte (?:sie|dich) auch interessieren|auch interessant|meistgelesen(?:e artikel)?|"
    "(?:die )?(?:neueste|neuesten|neuste|letzte|aktuelle|beliebte|empfohlene|weitere|andere|ähnliche|interessante|"
    "passende|meistgelesene|meistgelesenen) (?:artikel|beiträge|meldungen|nachrichten|news|themen|geschichten)"
    "(?: (?:zum thema|zu diesem (?:artikel|beitrag|thema)|(?:aus|in|bei|auf) (?:der |dem |den |unserer |unserem )?"
    "[\\w./ -]{1,40}))?|"
    "(?:artikel|beiträge|meldungen) zum thema|auch interessant(?: für (?:sie|dich))?|"
    "(?:weitere|mehr) informationen|"
    "mehr (?:artikel|beiträge|nachrichten|news)|meist gelesen|am meisten gelesen|passend zum thema|"
    "(?:vorheriger|nächster|voriger|älterer|neuerer) (?:artikel|beitrag|post)",
    "fr": "articles similaires|sur le même sujet|vous aimerez aussi|les plus lus|à la une|"
    "articles (?:récents|liés|populaires)|derniers articles|(?:à )?lire également|dans la même rubrique|"
    "vous pourriez aussi aimer|(?:article|billet) (?:précédent|suivant)|"
    "articles (?:en relation|connexes|associés|recommandés)|sur le même thème|dans la même catégorie|"
    "les (?:articles )?plus (?:partagés|commentés|populaires)|nos derniers articles|"
    "(?:ces articles|cet article) (?:peuvent|pourraient|peut|pourrait) vous intéresser|"
    "vous (?:aimerez|pourriez) (?:aussi|également)(?: aimer)?|plus d'informations|pour en savoir plus",
    "es": "noticias relacionadas|artículos relacionados|te puede interesar|"
    "también te puede interesar|lo más leído|más leídas|últimas noticias|"
    "entradas (?:relacionadas|recientes)|publicaciones (?:relacionadas|recientes)|artículos recientes|"
    "también te puede gustar|(?:artículo|entrada|noticia) (?:anterior|siguiente)|siguiente (?:artículo|entrada)|"
    "(?:notas|noticias|artículos|entradas) (?:similares|recomendad[oa]s)|relacionad[oa]s|mir[aá] también|"
    "te (?:puede|podría) (?:interesar|gustar)|lo más (?:visto|compartido|popular)|más (?:vistas|populares)|"
    "(?:te )?recomendamos|otras noticias|más noticias|más información",
    "it": "articoli correlati|potrebbe interessarti|ti potrebbe interessare|i più letti",
    "pt": "notícias relacionadas|artigos relacionados|veja também|você pode gostar|mais lidas|últimas notícias",
    "nl": "gerelateerde artikelen|meest gelezen|bekijk ook|lees ook",
}
HEADER_END = r"(?:\W*$|\s*[:|»›]|\s+[-–—]\s)"
#: "More about ...", "Most read", "Mehr zu ...", per language: a header that goes on.
MORE_ABOUT = (
    r"more (?:about|from|on|in)\b"
    r"|(?:most|top) (?:read|popular|viewed|shared|commented|emailed)\b"
    r"|popular (?:on|in)\b|mehr (?:zu|über|aus|von)\b|plus (?:de|d')\b|más (?:de|sobre)\b"
    r"|altro (?:su|da)\b|mais (?:sobre|de)\b|meer (?:over|van)\b"
    r"|related (?:coverage|stories|articles|posts|content) (?:from|on|in|about)\b"
)
RELATED = r"(?:" + "|".join(RELATED_HEADERS.values()) + r")" + HEADER_END + "|" + MORE_ABOUT

#: Tag lists: "Tags ...", "Filed under ...", "Schlagworte: ...", "Topics:".
TAG_WORDS = (
    "tags|tagged(?: with| as| in)?|filed (?:under|in)|keywords|related topics|"
    "schlagwörter|schlagworte|stichwörter|mots-clés|mots clés|etiquetas|palabras clave|"
    "etichette|parole chiave|palavras-chave|trefwoorden"
)
TOPIC_WORDS = (
    r"tag|topics?|categor(?:y|ies)|sections?|themen|thema|thèmes?|rubriques?|temas?|"
    r"categorías?|argomenti|categorie|categorias?|onderwerpen|rubriek|kategorien?|rubriken?|ressorts?"
)
TAGS = r"(?:" + TAG_WORDS + r")\b|(?:" + TOPIC_WORDS + r")\s*(?::|$)"
