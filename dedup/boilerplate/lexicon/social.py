"""Share and follow widgets."""

from __future__ import annotations

#: Social networks and share-button labels.
NETWORKS = (
    r"facebook|twitter|x|instagram|linkedin|youtube|tiktok|pinterest|reddit|"
    r"whatsapp|telegram|snapchat|flipboard|tumblr|messenger|mix|digg|"
    r"google\+?|google news|apple news|threads|mastodon|bluesky|vk|weibo|"
    r"wechat|line|xing|rss|e-?mail|mail|sms|print|tweet|pin(?: it)?|"
    r"copy(?: link)?|link|save|comments?|shares?|like|bookmark|more|"
    r"bloglovin|feedly|pocket|skype|viber|pint|"
    r"teilen|drucken|partager|imprimer|compartir|imprimir|condividi|stampa|"
    r"compartilhar|compartilhe|partilhar|delen|deel|afdrukken|baixar|download"
)
#: "Share on ...", "Follow us on ...", lines of network names, per language.
SHARE = (
    r"(?:share (?:this|on|via|article|story|page|post|link)\b.*"
    r"|(?:follow|like|find|join|connect with|subscribe to|listen on)"
    r" (?:us|\S+(?: \S+)?) on (?:" + NETWORKS + r")\b.*"
    r"|(?:sharing is caring|share|shares|\d+ shares?)\W*$"
    r"|(?:(?:" + NETWORKS + r")\b\W*)++$"
    r"|(?:teilen|artikel teilen|partager|compartir|condividi|compartilhe|compartilhar|"
    r"partilhar|delen|deel) (?:auf|sur|en|su|no|na|op|via|this|dit|ce|este|esta|questo|"
    r"diesen|den|l'article|artikel|articolo|artículo|artigo)\b.*"
    r"|(?:folgen sie uns|folge uns|suivez-nous|síguenos|seguici|siga-nos|volg ons)\b.*"
    r"|(?:(?:diesen |den )?(?:artikel|beitrag)|seite|link) (?:teilen|drucken|merken|speichern|kopieren)\W*$"
    r"|(?:per |als )?e-?mail (?:versenden|senden|teilen)\W*$|link kopieren\W*$|zur merkliste hinzufügen\W*$"
    r"|(?:partager|imprimer|envoyer) cet article\W*$|(?:compartir|imprimir) (?:esta noticia|este artículo)\W*$"
    r"|(?:auf|bei|sur|en|su|no|na|op) (?:" + NETWORKS + r") (?:teilen|folgen|partager|compartir|"
    r"condividi|compartilhar|partilhar|delen|volgen)\W*$)"
)
#: Buttons: "Print", "Listen", "Save this article", per language.
UTILITY = (
    r"(?:print|email|e-mail|share|save|download|listen|watch|play|pause|"
    r"follow|unfollow|bookmark|copy link|drucken|imprimer|imprimir|stampa|afdrukken|"
    r"anhören|écouter|escuchar|ascolta|ouvir|luisteren)(?: (?:this|the|now|live|article|story|"
    r"video|audio|page|post))*\W*$"
)
