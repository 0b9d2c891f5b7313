"""Site notices around an article: affiliate disclosures, browser and
JavaScript notices, metered-paywall counters, placeholders of blocked embeds.

Written from the general vocabulary of each kind (issue 19: the stripper kept
them as prose or as short lines), per language where the words are.
"""

from __future__ import annotations

#: An affiliate disclosure: the site may earn a commission on purchases made
#: through its links, per language: "We may earn a small commission when you
#: buy through our links", "Für Links auf dieser Seite erhalten wir eventuell
#: eine Provision".
AFFILIATE_NOTICES = {
    "en": r"\b(?:may|might|could|can|will|to) (?:also )?(?:earn|receive|get|make) (?:a |an )?(?:small |tiny )?"
    r"(?:affiliate )?commissions?\b"
    r"|\b(?:contains?|include|includes|uses?) (?:some )?(?:affiliate|referral)(?: and/or referral)? links\b"
    r"|\baffiliate links?\b.{0,60}?\b(?:commission|at no (?:extra |additional )?cost)",
    "de": r"\b(?:erhalten|erhält|bekommen|bekommt) (?:\S+ )?(?:ggf\. |gegebenenfalls |eventuell |möglicherweise |"
    r"unter umständen )?(?:eine )?(?:kleine )?provision\b|\bprovision vom (?:händler|anbieter|shop)\b"
    r"|\b(?:affiliate|partner|werbe)-?links?\b.{0,80}?\bprovision\b",
    "fr": r"\b(?:percevoir|recevoir|toucher|touchons|percevons|recevons) une (?:petite )?commission\b",
    "es": r"\b(?:recibir|ganar|obtener|recibimos|ganamos|obtenemos) una (?:pequeña )?comisión\b",
    "it": r"\b(?:ricevere|guadagnare|riceviamo|guadagniamo) una (?:piccola )?commissione\b",
    "pt": r"\b(?:receber|ganhar|recebemos|ganhamos) uma (?:pequena )?comissão\b",
}
AFFILIATE_NOTICE = "|".join(AFFILIATE_NOTICES.values())
#: Lower-case substrings one of which every affiliate notice holds (ASCII:
#: they are cues of the fast path).
AFFILIATE_TRIGGERS = ("commission", "provision", "affiliate", "comisi", "comiss")

#: A browser or JavaScript notice: the page needs JavaScript, or the reader's
#: browser is out of date, per language: "This gallery requires JavaScript",
#: "Bitte aktivieren Sie JavaScript", "Votre navigateur est obsolète".
TECH_NOTICES = {
    "javascript": r"\b(?:requires?|needs?|benötigt|erfordert|nécessite|requiere|richiede|requer)\s+javascript\b"
    r"|\b(?:enable|activate|turn on|switch on|aktivieren sie|aktiviere|aktivieren|activez|activer|habilita|habilite|"
    r"activa|active|attiva|ative|habilite) (?:the |your |ihr |dein |le |el |il |o )?javascript\b"
    r"|\bjavascript (?:is|ist|est|está|è) (?:currently |momentan |derzeit )?(?:required|disabled|deactivated|"
    r"turned off|not enabled|erforderlich|deaktiviert|nicht aktiviert|requis|désactivé|requerido|desactivado|"
    r"deshabilitado|disattivato|necessario)\b",
    "en": r"\b(?:you are|you're) (?:using|on) an? (?:outdated|old|older|unsupported|out-of-date) "
    r"(?:version of (?:your |a )?|web )?browser\b"
    r"|\bbrowser version (?:with limited|that is no longer|that is not|is not|is no longer)\b"
    r"|\b(?:update|upgrade|switch) (?:your browser )?to a (?:modern|newer|supported|more recent|different) browser\b"
    r"|\bwe(?:'ve| have) detected (?:that )?you(?:'re| are) (?:on|using)\b",
    "de": r"\b(?:ihr|dein) browser (?:ist (?:veraltet|nicht mehr aktuell)|wird nicht (?:mehr )?unterstützt)",
    "fr": r"\b(?:votre|ton) navigateur (?:est (?:obsolète|trop ancien|dépassé)|"
    r"n'est (?:pas|plus) (?:à jour|supporté|pris en charge|compatible))",
    "es": r"\b(?:tu|su) navegador (?:está desactualizado|es (?:antiguo|obsoleto)|no es compatible)",
}
TECH_NOTICE = "|".join(TECH_NOTICES.values())
TECH_TRIGGERS = ("javascript", "browser", "navigateur", "navegador")

#: The counter of a metered paywall: "You have read 2 of 5 free articles this
#: month", "Sie haben 3 von 10 Artikeln gelesen", "Il vous reste 2 articles".
METER = (
    r"(?:you(?:'ve| have) (?:read|viewed|used)|vous avez (?:lu|consulté)|sie haben (?:bereits |schon )?|"
    r"du hast (?:bereits |schon )?|(?:has|ha) leído|hai letto|você (?:já )?leu|je hebt) \d+ "
    r"(?:of|out of|von|des?|sur|de|di|van) (?:\d+|your \d+) .*"
    r"|(?:you have |only )?\d+ (?:free |more )?(?:articles?|stories) (?:left|remaining)\b.*"
    r"|(?:noch )?\d+ (?:kostenlose |freie )?artikel (?:übrig|verbleibend|frei)\b.*"
    r"|il vous reste \d+ articles?\b.*|te quedan? \d+ (?:artículos|notas|noticias)\b.*"
)

#: The placeholder of an embed blocked until the reader consents, per
#: language: "External content", "Empfohlener redaktioneller Inhalt", "Click
#: to load the video", "Inhalt laden".
EMBED_PLACEHOLDER = (
    r"(?:(?:empfohlene[rn]?|externe[rn]?|eingebettete[rn]?) (?:redaktionelle[rn]? |externe[rn]? )?inhalte?"
    r"|(?:recommended|external|third[- ]party|embedded) (?:editorial )?content"
    r"|contenu (?:externe|recommandé|tiers)|contenido (?:externo|recomendado)|contenuto esterno|externe inhoud)"
    r"(?: (?:laden|anzeigen|aktivieren|zulassen|erlauben|load|show|allow|charger|afficher|cargar|mostrar))?\W*$"
    r"|(?:inhalt|inhalte|video|karte|tweet|podcast|player) (?:laden|anzeigen|aktivieren|entsperren)\W*$"
    r"|(?:click|tap) (?:here )?to (?:load|show|view|activate|enable) (?:the )?(?:external )?"
    r"(?:content|video|tweet|map|embed|podcast|player)\b.*"
    r"|(?:klicken sie|klicke|klick) (?:hier,? )?um (?:den |das |die )?(?:externen? )?(?:inhalte?|video|karte|tweet|podcast)\b.*"
)
