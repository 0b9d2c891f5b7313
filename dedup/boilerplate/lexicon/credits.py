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
