"""Newsletter pitches, sign-up and log-in prompts, e-mail forms."""

from __future__ import annotations

#: Imperatives that open a sign-up pitch, per language (de, fr, es, it, pt, nl).
SUBSCRIBE_VERBS = {
    "de": "abonnieren|abonniere|abonnieren sie|melden sie sich|registrieren sie sich",
    "fr": "inscrivez-vous|abonnez-vous|recevez",
    "es": "suscr[ií]bete|suscr[ií]base|reg[ií]strate|recibe",
    "it": "iscriviti|abbonati|ricevi",
    "pt": "assine|inscreva-se|cadastre-se|receba",
    "nl": "schrijf (?:je|u) in|meld (?:je|u) aan|abonneer",
}
#: What the pitch offers, in those languages: a newsletter, e-mail, an inbox.
NEWSLETTER_NOUNS = (
    "newsletters?|nieuwsbrief|bolet[ií]n|boletim|lettre d'information|infolettre|e-?mails?|"
    "posteingang|bo[iî]te (?:mail|de réception)|bandeja de entrada|casella di posta|caixa de entrada|inbox"
)

#: A sign-up pitch at the start of a line: an imperative, then within 120
#: characters a newsletter, e-mail, inbox or exclusive access.
PITCH = (
    r"^(?:sign(?:ing)? up|subscribe|register|join)\b.{0,120}?"
    r"\b(?:newsletters?|inbox|e-?mails?|briefings?|alerts|subscriptions?|digest|"
    r"exclusive|for free|free access|unlimited access)\b"
    r"|^(?:get|receive|enter your e-?mail|don'?t miss|never miss|"
    r"stay (?:up to date|informed|in the know))\b.{0,120}?"
    r"\b(?:newsletters?|inbox|briefings?|digest)\b"
    r"|^(?:jetzt |hier )?(?:" + "|".join(SUBSCRIBE_VERBS.values()) + r")\b.{0,120}?"
    r"\b(?:" + NEWSLETTER_NOUNS + r")\b"
)
#: A newsletter described rather than pitched: "each morning we send an e-mail with the top stories".
DESCRIBED = (
    r"(?:(?:every|each) (?:day|morning|evening|week|weekday|weekend)|once a (?:day|week)|daily|weekly)?"
    r",? ?we(?:'ll| will)?(?: also)? (?:send|deliver|bring|e-?mail)\b.{0,80}?"
    r"(?:\b(?:newsletters?|inbox|digest|briefing)\b|\be-?mails? (?:with|of|featuring) (?:the|our) "
    r"(?:top|best|latest|biggest|most)\b).*"
)
DESCRIBED_GUARD = ("send", "deliver", "bring", "mail")
#: "... delivered to your inbox".
INBOX = r".*\b(?:delivered|sent|straight|directly|direct) to your inbox\b.*"
INBOX_GUARD = ("inbox",)
#: Form prompts and errors of an e-mail field.
EMAIL_FORM = (
    r".*\bplease (?:enter|check|provide|type|use) (?:a |your )?(?:valid )?e-?mail\b.*"
    r"|.*\bthis field is required\b.*"
)
EMAIL_FORM_GUARD = ("mail", "required")
FORM_ERROR = r"(?:error|oops|fehler|erreur)\b\s*[:!.-].*"

#: Sign-up, log-in and membership prompts, per language.
SIGNUP_PROMPTS = {
    "en": r"sign(?:ing)? up|subscribe|register|log ?in|sign ?in|"
    r"join (?:us|now|today|our|the (?:club|community))|create (?:an|your|a free) account|"
    r"already (?:a )?(?:member|subscriber|registered)|become a (?:member|subscriber)|"
    r"support (?:us|our journalism|independent journalism)",
    "de": "jetzt (?:abonnieren|anmelden|registrieren|testen|lesen)|abonnieren sie",
    "fr": "abonnez-vous|inscrivez-vous",
    "es": "suscr[ií]bete",
    "it": "iscriviti|abbonati",
    "pt": "assine|inscreva-se",
    "nl": "schrijf (?:je|u) in|abonneer",
}
SIGNUP_PROMPT = r"(?:" + "|".join(SIGNUP_PROMPTS.values()) + r")\b.*"
#: A line naming a newsletter (not a sentence), or thanking for signing up.
NEWSLETTER_PROMPT = (
    r"(?!.*[.!?…][\"'”’)\]]*$)"  # not on a sentence
    r"(?:.*\b(?:our|your|the|free|daily|weekly|unser\w*|notre|nuestro|nostra|nossa|onze)"
    r" (?:\w+ )?(?:newsletters?|nieuwsbrief|bolet[ií]n)\b.*"
    r"|.*\b(?:newsletters?|nieuwsbrief|bolet[ií]n)\s*:?$)"
    r"|.*\b(?:thanks|thank you) for (?:signing up|subscribing|registering)\b.*"
)
NEWSLETTER_PROMPT_GUARD = ("newsletter", "nieuwsbrief", "bolet", "thank")

#: A newsletter sign-up form, per language, as the common CMSs and mailing-list
#: plugins word it (general vocabulary): "Newsletter abonnieren", "Zum
#: Newsletter anmelden", "Trag dich in den Newsletter ein", "Je m'abonne".
SIGNUP_FORM = (
    r"(?:(?:jetzt |hier )?(?:zum|für den|für unseren|den) newsletter (?:anmelden|abonnieren|bestellen|eintragen)"
    r"|newsletter[- ](?:abonnieren|bestellen|anmeldung|abonnement|abonnieren)|anmeldung (?:zum|für den) newsletter"
    r"|(?:jetzt )?(?:melde|trag|trage) dich\b.{0,40}?\bnewsletter"
    r"|(?:jetzt )?tragen sie sich\b.{0,40}?\bnewsletter"
    r"|je m'abonne\b"
    r"|aanmelden voor (?:de|onze) nieuwsbrief|inschrijven (?:voor|op) (?:de|onze) nieuwsbrief)"
)

#: "Subscribe to ..." at the start of a line, any length: an imperative to
#: subscribe to the site, its magazine or its channel ("Subscribe now to our
#: print edition for the full story").
SUBSCRIBE_TO = r"^(?:please )?(?:subscribe(?: now| today| here)? to|sign up(?: now| today| here)? (?:to|for))\b"
#: A teaser question and a call to act, per language: "Want more tide
#: tables? Join our club", "Lust auf mehr? Melde dich an", "Cet article
#: vous a plu ? Partagez-le".
QUESTION_PITCH = (
    r"^(?:want|need|like|love|liked|enjoy|enjoyed|looking for|hungry for|lust auf|neugierig|gefällt (?:dir|ihnen)|"
    r"envie d|vous avez aimé|cet article vous a plu|te gustó|te ha gustado|quieres|ti è piaciuto|gostou)"
    r"[^.?!]{0,60}\?\s*"
    r"(?:join|subscribe|sign up|follow (?:us|me)|share (?:it|this)|download (?:our|the)|listen to (?:our|the)|"
    r"melde dich|melden sie sich|abonnier\w*|folge uns|folgen sie uns|teile\w*|lass dir|lassen sie sich|"
    r"abonnez|inscrivez|partagez|suivez|suscr[ií]b\w*|comparte\w*|s[ií]guenos|iscriviti|condividi|seguici|"
    r"assine|inscreva|compartilhe|siga)\b"
)
#: A prompt to enter an e-mail address to subscribe or get notified, per
#: language, anywhere in the line: "Type your e-mail here and we notify you
#: of each tide post", "Trage hier deine E-Mail ein, dann kommt jede neue
#: Gezeitenmeldung per Benachrichtigung".
EMAIL_SUBSCRIBE = (
    r"(?:^(?=.*\b(?:e-?mail\w*|\w+-mail\w*)\b)"
    r"(?=.*\b(?:enter|type|provide|submit|leave|geben sie|gib|trag|trage|tragen sie|eingeben|angeben|entrez|saisissez|"
    r"indiquez|introduce|introduzca|ingresa|ingrese|escribe|inserisci|digite|insira|vul)\b)"
    r"(?=.*\b(?:subscribe|subscription|newsletter|notifications?|new posts|abonnieren|abonnement|"
    r"benachrichtigung\w*|neue beiträge|abonner|suivre ce blog|nouveaux articles|nouvelles publications|"
    r"suscribirte|suscribirse|seguir este blog|nuevas entradas|iscriverti|nuovi articoli|novos posts|assinar|"
    r"nieuwe berichten)\b))"
)
EMAIL_SUBSCRIBE_TRIGGERS = ("mail",)
#: An imperative to sign up for a newsletter anywhere in a line: "Keine
#: Neuigkeit verpassen: Abonnieren Sie unseren Newsletter", "... or sign up
#: for our newsletter".
NEWSLETTER_ANYWHERE = (
    r"(?<!can )(?<!also )(?<!to )(?<!will )(?<!who )"  # an imperative, not "you can also subscribe to"
    r"\b(?:abonnieren sie|abonniere|bestellen sie|melden sie sich|melde dich|sign up (?:for|to)|subscribe to|"
    r"abonnez-vous (?:à|a)|inscrivez-vous (?:à|a)|suscr[ií]bete a|suscr[ií]base a|iscriviti (?:a|alla)|"
    r"assine (?:a|o)|inscreva-se (?:na|no)|schrijf je in voor|abonneer je op)\b.{0,60}?"
    r"\b(?:newsletters?|nieuwsbrief|bolet[ií]n|boletim|posteingang|inbox)\b"
    r"|\b(?:direkt |jede woche |jeden (?:tag|morgen|abend) )?in (?:deinen|ihren) posteingang\b"
)
NEWSLETTER_ANYWHERE_TRIGGERS = ("newsletter", "nieuwsbrief", "bolet", "posteingang", "inbox")
#: The consent box of a sign-up form, at the start of a line, per language:
#: "I agree to the privacy policy", "Ich willige ein, den Newsletter per
#: E-Mail zu erhalten", "J'accepte la politique de confidentialité".
FORM_CONSENT = (
    r"^(?:ja,? )?(?:ich (?:akzeptiere|stimme|willige|bin (?:damit )?einverstanden|habe die|möchte)|"
    r"i (?:accept|agree|consent|have read|would like to receive|want to receive)|j'accepte|"
    r"je (?:consens|certifie|souhaite recevoir)|acepto|he leído|doy mi consentimiento|accetto|ho letto|"
    r"aceito|li e aceito|ik (?:ga akkoord|accepteer))\b.{0,200}?"
    r"\b(?:privacy policy|privacy notice|terms (?:of (?:use|service)|and conditions)|datenschutz\w*|"
    r"nutzungsbedingungen|agb|politique de confidentialité|conditions (?:générales|d'utilisation)|"
    r"política de privacidad|términos y condiciones|condiciones de uso|informativa sulla privacy|"
    r"política de privacidade|termos de uso|privacyverklaring|voorwaarden|newsletter\w*|werbung|"
    r"externe inhalte|e-?mails? (?:von|from|de|da))"
)
