"""Image credits and captions."""

from __future__ import annotations

#: "Photo: ...", "Image credit: ...", "Foto:", "Quelle:".
CREDIT = (
    r"[(\[]?(?:image|photo|photograph|picture|illustration|video|graphic|source|credit|"
    r"caption|pictured|file photo|photo illustration|foto|bild|quelle|crédit|fuente|fonte|kuva|zdjęcie)s?"
    r"(?: credits?| by| courtesy| copyright| caption| source)?\s*[:|]"
    r"|(?:image|photo|picture)s? (?:copyright|caption|credit|source|courtesy)\b"
    r"|getty(?: images)?\W*$"
)
#: Picture agencies anywhere in a short line: "... /Getty Images", "(AP Photo/...)".
AGENCY = (
    r".*\b(?:getty images|shutterstock|istock(?:photo)?|ap photo|afp photo|"
    r"afp via getty|/reuters|reuters/|/ap\b|/afp\b|/dpa\b|picture alliance)"
)
AGENCY_GUARD = (
    "getty",
    "shutterstock",
    "istock",
    "ap photo",
    "afp photo",
    "reuters",
    "/ap",
    "/afp",
    "/dpa",
    "picture alliance",
)
#: The words of a credit, as literal text (lower case).
CREDIT_WORD_LIST = (
    "image",
    "photo",
    "photograph",
    "picture",
    "illustration",
    "graphic",
    "source",
    "credit",
    "photo credit",
    "foto",
    "fotos",
    "bild",
    "bilder",
    "bildquelle",
    "fotoquelle",
    "quelle",
    "crédit",
    "crédits",
    "fuente",
    "fonte",
    "kuva",
    "zdjęcie",
)
CREDIT_WORDS = "|".join(CREDIT_WORD_LIST)
#: A caption that ends in its credit: "... on Tuesday. Photo: Jane Roe",
#: "... (Bild: Stadt Musterhausen)", "... | Photo by Jane Roe", per language.
CREDIT_AT_END = (
    r".*?(?:[.!?)\]\"]\s+|\s[(\[]|\s[|/-]\s|,\s)(?:" + CREDIT_WORDS + r")"
    r"(?:\s*[:©]\s*|\s+(?:by|von|de|di|por|door|via)\s+)[^.!?:]{2,60}[)\]]?\W*$"
)
#: Every match holds a credit word before a colon, a space or "©" (lines are
#: normalised: one space between words): "bild " but not "Bildung".
CREDIT_AT_END_GUARD = tuple(word + end for word in CREDIT_WORD_LIST for end in (":", " ", "©"))
#: The last brackets of a caption name a photo or a picture agency: "... at
#: the station on Monday (AP Photo/Jane Roe)", "... (Foto: Max Muster)",
#: "... [Jane Roe/Getty Images]".  Not a news agency alone: "(Reuters)" or
#: "(dpa)" after a paragraph credits its text, not a picture.
PICTURE_AT_END = (
    r".*[(\[][^()\[\]]{0,40}\b(?:photos?|photograph|fotos?|image|imagen|bild|getty images|shutterstock|"
    r"istock(?:photo)?|picture alliance|imago|keystone)\b[^()\[\]]{0,60}[)\]]\W*$"
)
PICTURE_AT_END_GUARD = (
    "photo",
    "foto",
    "image",
    "imagen",
    "bild",
    "getty",
    "shutterstock",
    "istock",
    "picture alliance",
    "imago",
    "keystone",
)
#: A credit line named by its photographer: "Photo by Jane Roe on Unsplash",
#: "Bild von Max Muster auf Pixabay", "Courtesy of the museum", per language.
CREDIT_BY = (
    r"(?:(?:photo|image|picture|photograph|illustration|graphic)s?|fotos?|bild(?:er)?|imagen(?:es)?|immagin[ei])"
    r" (?:by|von|par|por|di|door|via)\s+\S.{0,80}$"
    r"|courtesy(?: of)?\s+\S.{0,60}$"
)
#: The counter of a picture gallery: "Photo 3 of 12", "Bild 1 von 5", "2/9".
GALLERY_COUNTER = (
    r"(?:(?:(?:photo|image|picture|slide)s?|fotos?|bild(?:er)?|imagen|immagine|diapositiva) )?"
    r"\d+\s*(?:of|/|von|de|di|sur|van)\s*\d+\W*$"
)
#: The buttons of a picture gallery: "View gallery", "Zur Bildergalerie", "Voir le diaporama".
GALLERY = (
    r"(?:(?:view|open|see|show|launch|start|browse) (?:the |all |full |our )?(?:photo |image |picture )?"
    r"(?:gallery|slideshow|slide show|photos|images|pictures)"
    r"|(?:enlarge|expand|zoom|magnify)(?: this| the)? (?:image|photo|picture)"
    r"|(?:photo|image|picture|video) gallery|slideshow|gallery"
    r"|(?:zur |zu den )?(?:bildergalerie|fotogalerie|fotostrecke|galerie|bilder)(?: ansehen| öffnen| anzeigen)?"
    r"|(?:voir|ouvrir) (?:la galerie|le diaporama|les photos)|diaporama"
    r"|ver (?:la |a )?(?:galería|galeria|fotos)|galer[ií]a de (?:fotos|imágenes|imagens)|fotogaler[ií]a"
    r"|(?:vedi|apri) (?:la )?(?:gallery|galleria|fotogallery|foto)|fotogallery"
    r"|bekijk (?:de )?(?:fotoserie|foto's|fotos)|fotoserie|fotoalbum)\W*$"
)
#: A caption marked as a stock or archive picture at its end: "... (Symbolbild)",
#: "... (file photo)", "... (photo d'archive)".
STOCK_PICTURE = (
    r".*[(\[](?:symbolbild|symbolfoto|archivbild|archivfoto|file photo|stock photo|stock image|archive photo|"
    r"photo d'archives?|photo d'illustration|image d'illustration|foto de archivo|imagen de archivo|"
    r"foto d'archivio|foto de arquivo|archieffoto|file(?::\s*[^()\[\]]{1,40})?)[)\]]\W*$"
)
STOCK_PICTURE_GUARD = ("symbol", "archiv", "file", "stock", "archive", "illustration", "archief")

#: Picture and news agencies that sign a photo's credit (lower case).
AGENCY_NAMES = (
    r"ap|afp|efe|reuters|dpa|epa|ansa|keystone|getty images|xinhua|europa press|anp|belga|apa|associated press|"
    r"agence france-presse|ap images|ap photo|afp photo|picture alliance|imago|sipa|abaca|zuma(?: press)?|"
    r"tass|kyodo|yonhap|upi|nurphoto|eyevine|alamy|shutterstock|istock"
)
#: A caption or credit line that ends in an agency after a sentence, a comma
#: or a slash: "Crowds at the pier on Tuesday. AFP", "Jane Roe, Associated
#: Press", "Jane Roe/AP", "Example Wire files".
AGENCY_AT_END = (
    r".*?(?:[.!?)\]\"]\s+|,\s+|\s?/\s?)(?:" + AGENCY_NAMES + r")(?: (?:photos?|images|files?|pictures?))?\W*$"
    r"|.*?\b(?:reuters|ap|afp|dpa|epa|efe) files?(?: photo)?\W*$"
)
#: How such a line ends, punctuation stripped (its guard).
AGENCY_ENDINGS = (
    "ap",
    "afp",
    "efe",
    "reuters",
    "dpa",
    "epa",
    "ansa",
    "keystone",
    "images",
    "xinhua",
    "press",
    "anp",
    "belga",
    "apa",
    "presse",
    "photo",
    "photos",
    "alliance",
    "imago",
    "sipa",
    "abaca",
    "zuma",
    "tass",
    "kyodo",
    "yonhap",
    "upi",
    "nurphoto",
    "eyevine",
    "alamy",
    "shutterstock",
    "istock",
    "file",
    "files",
    "pictures",
)
#: "Click to enlarge" in or after a caption, per language: "(Click on the
#: image to enlarge)", "Zum Vergrößern anklicken", "Cliquez pour agrandir".
CLICK_TO_ENLARGE = (
    r".*?\b(?:click|tap|klick\w*|anklick\w*|tipp\w*|cliqu\w*|clic|clicca|klik)\b.{0,30}?"
    r"\b(?:enlarge|zoom in|vergrößern|vergrössern|agrandir|ampliar|ingrandire|vergroten)\b.{0,80}$"
    r"|.*?\bzum vergrö(?:ß|ss)ern\b.{0,80}$"
)
CLICK_TO_ENLARGE_GUARD = ("enlarge", "zoom in", "vergr", "agrandir", "ampliar", "ingrandire", "vergroten")
#: A figure's label at the start of its caption, per language: "Figure 2:",
#: "Abbildung 3:", "Abb. 1:", "Grafik:", "Figura 4:".
FIGURE = (
    r"^(?:abbildung|abb\.|figure|fig\.|figura|grafik|schaubild|graphique|gráfico|grafico|afbeelding|"
    r"illustration)\s*\d*[a-z]?\s*:"
)
#: A caption's own label at its start: "Image caption The harbour at dawn",
#: "Photo caption: ...", "Media caption ...".
CAPTION_PREFIX = r"(?:image|photo|picture|media|video) (?:caption|copyright|credit)\b.*"
