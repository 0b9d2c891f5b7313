"""Cookie and consent notices, cookie buttons, privacy sign-up notes."""

from __future__ import annotations

#: "This site uses cookies" and cookie settings, per language.
COOKIE_NOTICES = {
    "en": r"\b(?:we|this (?:web ?)?site|our (?:web ?)?sites?|this page) "
    r"(?:uses?|serves?|places?|sets?|stores?) cookies\b"
    r"|\bcookies? (?:policy|settings|preferences)\b"
    r"|\bby (?:continuing to (?:use|browse)|using|clicking|browsing) "
    r"(?:this|our|the) (?:web ?)?site\b.{0,80}\b(?:agree|consent|accept)",
    "de": r"\b(?:wir|diese (?:web)?seite|diese website|unsere (?:web)?seite|unsere website) "
    r"(?:verwendet|verwenden|nutzt|nutzen|benutzt|benutzen|setzt|setzen)\b.{0,40}\bcookies\b",
    "fr": r"\b(?:nous|ce site|notre site)(?: web)? (?:utilise|utilisons|utilisent)\b.{0,40}\bcookies\b",
    "es/it": r"\b(?:utilizamos|usamos|este sitio(?: web)? (?:utiliza|usa)|esta (?:web|página) "
    r"(?:utiliza|usa)|este site (?:utiliza|usa)|utilizziamo|usiamo|questo sito "
    r"(?:utilizza|usa))\b.{0,40}\bcookies?\b",
    "nl": r"\b(?:wij|we) gebruiken\b.{0,40}\bcookies\b"
    r"|\bdeze (?:web)?site (?:gebruikt|maakt gebruik van)\b.{0,40}\bcookies\b",
    "settings": r"\b(?:cookie-?richtlinie|cookie-?einstellungen|cookiebeleid|cookie-?instellingen|"
    r"politique (?:relative aux |de |d'utilisation des )cookies|"
    r"pol[ií]tica de cookies|informativa (?:sui )?cookies?)\b",
}
COOKIE_NOTICE = "|".join(COOKIE_NOTICES.values())

#: A consent notice: a cookie or privacy term, a consent verb and "you" or "site", anywhere in the line.
PRIVACY_TERMS = "cookies?|privacy|privacidad|privacidade|privacybeleid"
CONSENT_VERBS = (
    r"agree|consent|accept|akzeptier\w*|zustimm\w*|stimmen sie|einverstanden|"
    r"einwilligung|accepte\w*|consent\w*|acept\w*|consiente\w*|accett\w*|acconsent\w*|"
    r"aceit\w*|concord\w*|akkoord|toestemming"
)
ADDRESSEES = r"you|your|sie|ihre?|vous|votre|usted|voi|você|u|uw|je|jouw|site|website|webseite|sitio|sito"
CONSENT_NOTICE = (
    r"(?:^(?=.*\b(?:" + PRIVACY_TERMS + r")\b)"
    r"(?=.*\b(?:" + CONSENT_VERBS + r")\b)"
    r"(?=.*\b(?:" + ADDRESSEES + r")\b))"
)
#: "... privacy policy ... sign up" in either order.
SIGNUP_PRIVACY = (
    r"\bsign(?:ing|ed)? up\b.{0,100}\bprivacy (?:policy|notice|statement)\b"
    r"|\bprivacy (?:policy|notice|statement)\b.{0,100}\bsign(?:ing)? up\b"
)
#: Cookie banner buttons, per language.
COOKIE_BUTTON = (
    r"(?:accept|allow|reject|decline|manage)(?: all| our| the)? cookies\b.*"
    r"|(?:alle )?cookies (?:akzeptieren|zulassen|ablehnen)\W*$"
    r"|(?:accepter|refuser|tout accepter|aceptar|rechazar|accetta|rifiuta|aceitar|"
    r"rejeitar|accepteren|weigeren|akzeptieren|ablehnen|zustimmen|einverstanden|j'accepte|"
    r"ok,? (?:i agree|got it)|i agree|got it)(?: (?:tout|todo|tutti|todos|alle|all|les|"
    r"los|i|os))?(?: (?:les |los |i |os )?cookies?)?\W*$"
)
