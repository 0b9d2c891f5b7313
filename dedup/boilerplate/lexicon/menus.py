"""Menu words, advertisement labels and "read more" links."""

from __future__ import annotations

#: Whole-line menu and footer links, per language.
NAVIGATION_WORDS = {
    "en": r"home(?: ?page)?|menu|main menu|search(?: icon)?|close|back to top|to top|"
    r"toggle (?:navigation|menu|search)|open (?:menu|navigation|search)|navigation|"
    r"loading\W*|please wait|next|previous|prev|older|newer|"
    r"page \d+(?: of \d+)?|\d+ of \d+|log ?in|log ?out|sign ?in|sign ?out|"
    r"sign up|register|login|my account|account|profile|settings|"
    r"subscribe(?: now| today| here)?|contact(?: us| me)?|about(?: us| me)?|"
    r"careers|jobs|help|faq|sitemap|site map|privacy(?: policy| notice| statement)?|"
    r"terms(?: of (?:use|service))?|terms (?:and|&) conditions|cookies?|accessibility|"
    r"imprint|impressum|newsletters?|rss(?: feeds?)?|podcasts?|videos?|photos?|"
    r"weather|advertise(?: with us)?|corrections|archives?|e-?paper|more|"
    r"all rights reserved|disclaimer|editorial (?:policy|standards)|"
    r"(?:got|have) a (?:news )?tip\??|send (?:us )?a tip|press releases?",
    "de": "startseite|suche|suchen|kontakt|datenschutz(?:erklärung)?|agb|mediadaten|anmelden|"
    "abmelden|registrieren|einloggen|mein konto|abonnieren|abo|nach oben|zurück|weiter|"
    "über uns|über mich|nutzungsbedingungen|barrierefreiheit|cookie-einstellungen|menü|hauptmenü|"
    "schließen|hilfe|karriere|presse|archiv|mein profil|merkliste|zur startseite|"
    "vorherige seite|nächste seite|ältere beiträge|neuere beiträge|"
    "(?:mehr|alle) (?:anzeigen|laden|erfahren)|zum (?:artikel|beitrag)|hier klicken|zurück zur übersicht|"
    "alle (?:news|artikel|beiträge|meldungen|themen)|zurück nach oben|"
    "passwort vergessen|benutzername|suche nach|suchbegriff(?: eingeben)?|menü (?:schließen|öffnen)",
    "fr": "accueil|rechercher|recherche|mentions légales|nous contacter|connexion|"
    "se connecter|s'inscrire|mon compte|s'abonner|haut de page|suivant|précédent|"
    "politique de confidentialité",
    "es": "inicio|buscar|búsqueda|contacto|aviso legal|"
    "iniciar sesión|registrarse|mi cuenta|suscríbete|volver arriba|siguiente|anterior|"
    "política de privacidad",
    "it": "cerca|contatti|chi siamo|accedi|registrati|abbonati|torna su|successivo|precedente",
    "pt": "início|pesquisar|pesquisa|contato|fale conosco|"
    "quem somos|entrar|cadastre-se|assine|voltar ao topo|próximo|"
    "política de privacidade",
    "nl": "zoeken|over ons|inloggen|registreren|aanmelden|"
    "mijn account|abonneren|volgende|vorige|naar boven|privacybeleid|voorwaarden",
}
NAVIGATION = r"(?:" + "|".join(NAVIGATION_WORDS.values()) + r")\W*$"

#: "Back to ..." links of one to four words ("Back to the overview",
#: "Zurück zum Glossar", "Retour à la liste", "Volver al inicio"), per language.
BACK_TO_WORDS = {
    "en": "back to|return to",
    "de": "zurück (?:zu[mr]?|nach|in)",
    "fr": "retour (?:à|au|aux|vers)|revenir (?:à|au|aux)",
    "es": "volver (?:a|al)|regresar (?:a|al)",
    "it": "torna (?:a|al|alla|alle)",
    "pt": "voltar (?:a|ao|à|para)",
}
BACK_TO = r"(?:" + "|".join(BACK_TO_WORDS.values()) + r")(?: [^\s.!?]+){1,4}\W*$"

#: A link to the page as a file: a download verb and a file format on a line
#: of a few words ("Download as PDF", "Als EPUB herunterladen",
#: "Télécharger au format PDF", "Descargar en PDF").
DOWNLOAD_FORMATS = ("pdf", "epub", "mobi")
DOWNLOAD = (
    r"(?=.*\b(?:download|herunterladen|downloaden|télécharger|descargar|descarga|scarica|baixar)\b)"
    r"(?=.*\b(?:" + "|".join(DOWNLOAD_FORMATS) + r")\b)[^.!?]*(?:\.(?:pdf|epub|mobi)[^.!?]*)?$"
)

#: Advertisement labels and "skip to content" links, per language.
AD_LABELS = {
    "en": r"advertisements?|advertising|advertorial|adverts?|ad|ads|"
    r"sponsored(?: content| links?| stories| by .*)?|"
    r"promoted(?: content| stories| links?)?|paid (?:content|post|partner content)|"
    r"story continues below(?: advertisement)?|continue reading (?:the )?(?:main story|below)|"
    r"scroll (?:down )?(?:to|for) (?:continue|more)\b.*|"
    r"skip (?:ad|advert|to (?:main )?(?:content|navigation|search|footer|article))\b.*|"
    r"report (?:this )?ad|close ad|ad choices|adchoices",
    "de/fr/es/it/pt/nl": "anzeige|werbung|publicité|publicidad|anuncio|pubblicità|publicidade|advertentie",
    "labelled": r"(?:advertisement|anzeige|publicité|publicidad|pubblicità|publicidade) [-–—:] .*",
}
ADVERTISEMENT = r"(?:" + "|".join(AD_LABELS.values()) + r")\W*$"

#: "Read more", "Click here", "Weiterlesen", "Lire aussi", per language.
READ_MORE_PHRASES = {
    "de": "weiterlesen|mehr lesen|lesen sie (?:auch|mehr|weiter)|mehr dazu",
    "fr": "lire (?:la )?suite|(?:à )?lire aussi|en savoir plus",
    "es": "leer más|lee también|seguir leyendo",
    "it": "leggi (?:anche|tutto|di più)|continua a leggere",
    "pt": "leia (?:mais|também)|saiba mais|continue lendo",
    "nl": "lees (?:meer|verder|ook)",
}
READ_MORE = (
    r"(?:click|tap) here\b.*|(?:continue|keep) reading\b.*|read more\b.*"
    r"|(?:read|see|view|show|load) (?:more|less|all|full story|the full story|"
    r"full article|the full article)\W*$"
    r"|(?:" + "|".join(READ_MORE_PHRASES.values()) + r")\b.*"
)
