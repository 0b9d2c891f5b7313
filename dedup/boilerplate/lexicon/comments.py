"""Comment sections: titles, headers, bylines and widgets."""

from __future__ import annotations

#: WordPress-style comment titles, whatever the length of the quoted headline:
#: a count, "thoughts on" / "Gedanken zu" / "réflexions sur" ..., an opening quote.
TITLE_NOUNS = (
    "thoughts?|responses?|replies|reply|comments?|reactions?|gedanken|kommentare?|"
    "antworten|réflexions?|réponses?|commentaires?|comentarios?|comentários?|respuestas?|"
    "pensamientos?|pensamentos?|respostas?|pensieri|risposte|commenti|gedachten|reacties|reactie"
)
TITLE_PREPOSITIONS = "on|to|zu|sur|à|en|sobre|a|em|para|su|a|op|over"
TITLE = r"^\d+ (?:" + TITLE_NOUNS + r") (?:" + TITLE_PREPOSITIONS + r") [\"'«„‘“]"

#: Comment headers: counts, "Leave a comment", "Comments are closed", per language.
HEADER = (
    r"(?:\[\s*)?\d+\s+(?:comments?|responses?|thoughts?|replies|kommentare?|commentaires?|"
    r"comentarios?|comentários?|commenti|reacties|reactions?)\b.*"
    r"|(?:comments?|kommentare|commentaires|comentarios|comentários|commenti|reacties)"
    r"\s*[(\[]\s*\d+\s*[)\]]\W*$"
    r"|(?:leave|post|add|write|submit) (?:a|your) (?:comment|reply)\b.*"
    r"|(?:show|hide|view|load|read|see)(?: (?:a|your|all|the|\d+|more|new|older|newer))? "
    r"(?:comments?|replies)(?:\s*\(\d+\))?\W*$"
    r"|comments? (?:are|have been|is) (?:closed|disabled|turned off)\W*$"
    r"|be the first to (?:comment|reply).*|join the (?:conversation|discussion|debate)\W*$"
    r"|(?:there are )?no comments(?: yet)?\W*$|reader comments\W*$|comment policy\W*$"
    r"|you must (?:be )?(?:log(?:ged)? in|sign(?:ed)? in|register(?:ed)?) to "
    r"(?:post|leave|write) a comment.*"
    r"|(?:ein|kein) kommentar\W*$|keine kommentare\W*$|schreibe einen kommentar\W*$"
    r"|kommentar (?:schreiben|verfassen|abgeben)\W*$|(?:schreiben sie|hinterlasse) "
    r"(?:einen|deinen|ihren) kommentar.*"
    r"|laisser un commentaire.*|(?:deja|escribe|añade) (?:un|tu) comentario.*"
    r"|lascia un commento.*|(?:deixe|escreva) (?:seu|um|o seu) comentário.*"
    r"|(?:plaats|geef) een reactie.*"
)
#: Comment bylines: "riverfan says:", "Jane on May 3, 2021 at 9:15 pm said:", "Rating: 12 Votes".
BYLINE = (
    r"\S+(?: \S+){0,3} (?:says|schreibt|dit|dice|scrive|diz|zegt):?\W*$"
    r"|.{1,60}? (?:on|am|le|el|il|em|op) .{0,40}\d.{0,30} (?:said|says|wrote|schrieb|a écrit|"
    r"escribió|ha scritto|escreveu|schreef):\W*$"
    r"|\S+(?: \S+){0,3} (?:commented|replied|wrote)(?: on)?:?\W*$"
    r"|rating: -?\d+ votes?\W*$|[-+]?\d+ (?:points?|votes?|likes?|upvotes?)\W*$"
)
#: The last words a comment byline can end with (its guard).
BYLINE_LAST_WORDS = (
    "says",
    "said",
    "wrote",
    "commented",
    "on",
    "replied",
    "vote",
    "votes",
    "point",
    "points",
    "like",
    "likes",
    "upvote",
    "upvotes",
    "schreibt",
    "dit",
    "dice",
    "scrive",
    "diz",
    "zegt",
    "schrieb",
    "écrit",
    "escribió",
    "scritto",
    "escreveu",
    "schreef",
)
#: Comment widgets: "Reply", "Like", "Report", "Antworten".
WIDGET = (
    r"(?:reply|replies|like|likes|permalink|report|flag|upvote|downvote|antworten|"
    r"répondre|responder|rispondi|reageer|beantwoorden)(?:\W+(?:reply|share|report|like|"
    r"flag|permalink|\d+))*\W*$"
)
#: Other comment-section labels: counts, "Discussion", "Sort by", "Cancel reply".
LABELS = (
    r"(?:\d+\s+(?:comments?|replies|responses)"
    r"|comments?(?:\s*\(\d+\))?|discussion|replies"
    r"|(?:post|add|leave|write|submit)(?: (?:a|your|all|the|\d+|more|new|older|newer))? "
    r"(?:comments?|replies)(?:\s*\(\d+\))?"
    r"|comments? (?:are|have been|is) open"
    r"|report abuse|sort by\b.*"
    r"|cancel reply|notify me\b.*comments?.*|kommentare|commentaires|comentarios|comentários|"
    r"commenti|reacties"
    # the comment button, per language: "Kommentieren Sie hier", "Commenter", "Comentar"
    r"|(?:jetzt |hier )?kommentieren(?: sie)?(?: hier| jetzt| mit)?|commenter|commentez|comentar|comente|"
    r"commenta|commentare|reageren|comment now|comment here)\W*$"
)

#: The notices of a comment form, per language, as the common CMSs word them
#: (general vocabulary): the e-mail address is not published, required fields
#: are marked, save my name for my next comment, notify me of replies, log in
#: to comment, consent to the form; e.g. "Your e-mail is never shown".
NOT_PUBLISHED = (
    r"(?:will (?:not|never) be|won't be|is never|wird nicht|wird niemals|ne sera (?:pas|jamais)|"
    r"no (?:será|se (?:publicará|mostrará))|non (?:sarà|verrà)|não será|wordt niet|zal niet)"
)
FORM_NOTICES = {
    "email not published": r"(?:your e-?mail|(?:deine|ihre) e-?mail|votre (?:adresse|e-?mail|courriel)|"
    r"(?:tu|su) (?:dirección de correo|correo)|il tuo indirizzo|o seu endereço|o seu e-?mail|seu endereço|seu e-?mail|(?:je|uw) e-?mailadres)"
    r".{0,40}?" + NOT_PUBLISHED,
    "required fields": r"(?:required fields are (?:marked|indicated)|"
    r"(?:erforderliche|benötigte) felder sind|pflichtfelder sind|"
    r"les champs (?:obligatoires|requis) sont|los campos (?:obligatorios|requeridos) (?:están|son)|"
    r"i campi (?:obbligatori|richiesti) sono|(?:os campos|campos) (?:obrigatórios|necessários) (?:são|estão)|"
    r"vereiste velden zijn)",
    "save my name": r"(?:save my name|meinen namen,? (?:meine )?e-?mail|(?:name|namen),? e-?mail(?:-adresse)? und website|"
    r"enregistrer mon nom|guardar? mi nombre|salva il mio nome|salvar (?:o )?meu nome|salvar meus dados|"
    r"mijn naam,? e-?mail)",
    "notify me": r"(?:notify me (?:of|when|about)|benachrichtige mich|benachrichtigen sie mich|"
    r"prévenez-moi|avertissez-moi|notifícame|avvisami|notificami|notifique-me|notificar-me|"
    r"stuur (?:mij|me) een e-?mail (?:bij|als))",
    "log in to comment": r"(?:you must|du musst|sie müssen|vous devez|debes|tienes que|devi|você precisa|"
    r"je moet|u moet) .{0,12}?(?:log(?:ged)? in|signed in|registered|angemeldet|eingeloggt|registriert|"
    r"einloggen|anmelden|registrieren|"
    r"connecté|iniciar sesión|registrad[oa]|loggato|registrato|connesso|logado|conectado|ingelogd|aangemeld)"
    r".{0,40}?\b(?:comment\w*|kommentar\w*|kommentieren|comentar\w*|reactie|reageren|diskussion|discussion|"
    r"discusión|conversation)\b",
    "log in here to comment": r"(?:please )?(?:log|sign) ?in(?: here| now)?(?: or (?:register|sign up))? to "
    r"(?:comment|leave a comment|post a comment|add a comment|reply|join the (?:discussion|conversation))\b",
    "to comment, log in": r"(?:para|pour|per|um|to) (?:comentar|commenter|commentare|kommentieren|"
    r"(?:leave|post) a comment|comment)\b,? .{0,20}?(?:debes|debe|tienes que|es necesario|necesitas|"
    r"vous devez|il faut|connectez|devi|è necessario|müssen sie|musst du|you (?:must|need|have) to|please)\b",
    "form consent": r"(?:by using this form|mit der nutzung dieses formulars|en utilisant ce formulaire|"
    r"al usar este formulario|utilizzando questo modulo|ao usar este formulário|"
    r"door (?:dit|het) formulier te gebruiken)",
}
FORM_NOTICE = r"(?:" + "|".join(FORM_NOTICES.values()) + r")"

#: A comment section's policy or status note at the start of a line, any
#: length, per language: "Comments are moderated before they appear", "We
#: welcome your comments", "Die Kommentarfunktion ist geschlossen".
POLICY = (
    r"^(?:(?:please )?(?:note|understand|be aware)(?: that)?:? )?(?:all |reader |your )?comments "
    r"(?:are|will be|may be|must be|is) (?:moderated|reviewed|checked|approved|pre-moderated)\b"
    r"|^we (?:welcome|value|encourage|invite) (?:your |reader |readers' |thoughtful |all )?comments\b"
    r"|^we ask (?:that )?(?:all )?(?:comments|commenters|readers)\b.{0,60}?\b(?:civil|respectful|on topic|polite)\b"
    r"|^(?:hinweis:? )?(?:die )?kommentarfunktion (?:ist|wird|wurde|bleibt)\b"
    r"|^(?:alle |ihre |deine )?kommentare werden\b.{0,60}?\b(?:moderiert|geprüft|freigeschaltet)\b"
    r"|^(?:les |vos |tous les )?commentaires (?:sont|seront) (?:modérés|fermés|vérifiés)\b"
    r"|^(?:los |sus |todos los )?comentarios (?:son|están|serán) (?:moderados|cerrados|revisados)\b"
    r"|^(?:i )?commenti (?:sono|saranno|vengono) (?:moderati|chiusi)\b"
)
