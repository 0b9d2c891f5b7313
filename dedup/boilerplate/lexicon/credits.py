"""Image credits and captions."""

from __future__ import annotations

#: "Photo: ...", "Image credit: ...", "Foto:", "Quelle:".
CREDIT = (
    r"[(\[]?(?:image|photo|photograph|picture|illustration|video|graphic|source|credit|"
    r"caption|pictured|file photo|photo illustration|foto|bild|quelle|crédit|fuente|fonte)s?"
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
#: A caption that ends in its credit: "... on Tuesday. Photo: Jane Roe",
#: "... (Bild: Stadt Musterhausen)", "... | Photo by Jane Roe", per language.
CREDIT_WORDS = (
    r"image|photo|photograph|picture|illustration|graphic|source|credit|photo credit|"
    r"foto|fotos|bild|bilder|bildquelle|fotoquelle|quelle|crédits?|fuente|fonte"
)
CREDIT_AT_END = (
    r".*?(?:[.!?)\]\"]\s+|\s[(\[]|\s[|/-]\s|,\s)(?:" + CREDIT_WORDS + r")"
    r"(?:\s*[:©]\s*|\s+(?:by|von|de|di|por|door)\s+)[^.!?:]{2,60}[)\]]?\W*$"
)
CREDIT_AT_END_GUARD = (
    "image",
    "photo",
    "picture",
    "illustration",
    "graphic",
    "source",
    "credit",
    "crédit",
    "foto",
    "bild",
    "quelle",
    "fuente",
    "fonte",
)
