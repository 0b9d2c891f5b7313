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
    r"commenti|reacties)\W*$"
)
