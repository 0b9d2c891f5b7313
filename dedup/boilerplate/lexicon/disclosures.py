"""Affiliate and advertising disclosures, per language (general vocabulary)."""

from __future__ import annotations

#: A disclosure sentence: "This post contains affiliate links", being an
#: Amazon associate, "we may earn a small commission", "erhalten wir eine
#: kleine Provision", "mit * gekennzeichnete Links", per language.
AFFILIATE_DISCLOSURES = {
    "contains links": r"\b(?:this|the|our|dieser|diese|dieses|der|die|das|ce|cet|cette|este|esta|questo|questa|deze|dit)"
    r"\b.{0,40}?\b(?:contains?|includes?|enthält|enthalten|beinhaltet|contient|contiene|contém|bevat)\b.{0,30}?"
    r"\b(?:affiliate[- ]?(?:links?|partner)|liens? (?:d'affiliation|affiliés?|sponsorisés?)|"
    r"enlaces? (?:de )?afiliad|link (?:di )?affiliazion|links? (?:de )?afiliad|affiliatelinks?)",
    "amazon": r"\b(?:as an amazon associate|"
    r"como (?:asociad[oa]|afiliad[oa]) de amazon|in qualità di affiliato amazon|como associad[oa] da amazon)\b",
    "commission": r"\b(?:we|i) (?:may |might |will |could )?(?:earn|receive|get|make) (?:a |an )?(?:small |affiliate )?"
    r"commission\b"
    r"|\b(?:erhalten|bekommen|erhalte|bekomme) (?:wir|ich) (?:ggf\. |gegebenenfalls |eventuell |unter umständen |u\. ?u\. )?"
    r"(?:eine )?(?:kleine )?provision"
    r"|\b(?:nous|je) (?:pouvons |peux |pourrions )?(?:touch|recev|perce)\w* une (?:petite )?commission"
    r"|\b(?:podemos |podríamos )?(?:recibir|recibimos|ganar|ganamos|obtener|obtenemos) una (?:pequeña )?comisión"
    r"|\b(?:potremmo |possiamo )?(?:ricevere|riceviamo|guadagnare|guadagniamo) una (?:piccola )?commissione"
    r"|\b(?:podemos )?(?:receber|recebemos|ganhar|ganhamos) uma (?:pequena )?comissão"
    r"|\b(?:wij|we|ik) (?:kunnen |kan |ontvangen |ontvang |krijgen |krijg )?(?:mogelijk )?een (?:kleine )?commissie",
    "marked links": r"\b(?:mit (?:einem )?(?:\*|sternchen)|mit \(\*\)) gekennzeichnete\w* links",
}
AFFILIATE_DISCLOSURE = "|".join(AFFILIATE_DISCLOSURES.values())
#: The triggers of the disclosure rule (a substring of every match).
AFFILIATE_TRIGGERS = (
    "affili",
    "afiliad",
    "sponsoris",
    "associat",
    "asociad",
    "associad",
    "provision",
    "commissi",
    "comisi",
    "comiss",
    "gekennzeichnet",
)
#: A disclosure label on its own line: "*Affiliate-Link", "Werbung / Affiliate-Links".
AFFILIATE_LABEL = (
    r"(?:\*\s*)?(?:(?:werbung|anzeige|advertising|advertisement)\s*[/|,:-]?\s*)?"
    r"(?:affiliate[- ]?links?|partner-?links?|provisions-?links?|werbe-?links?|affiliatelinks?|"
    r"liens? (?:d'affiliation|affiliés?)|enlaces? de afiliados?|link (?:di )?affiliazione|links? de afiliados?)"
    r"(?:\s*\*)?\W*$"
)
