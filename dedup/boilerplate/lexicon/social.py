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

#: A share widget's label ending in a colon ("Share this:", "Artikel teilen:",
#: "Teilen mit:"), or an invitation to share the page, per language: "Teile
#: diesen Beitrag mit deinen Freunden", "Partagez cet article".
SHARE_LABEL = (
    r"(?:\S+ ){0,2}(?:share|teilen|sharen|partager|compartir|compartilhar|condividi|delen)"
    r"(?: (?:this|it|mit|with|via|on|auf|sur|en|su|no|op))?\s*:\W*$"
    r"|(?:teile|teilt|share|partagez|partage|comparte|compartilhe|condividi|deel) "
    r"(?:diesen|diese|dieses|this|ce|cet|cette|este|esta|questo|questa|dit|deze) "
    r"(?:beitrag|artikel|seite|rezept|post|article|story|page|recipe|publication|artículo|receta|noticia|"
    r"articolo|ricetta|artigo|receita|bericht|recept)\b.*"
)
SHARE_LABEL_GUARD = ("share", "teil", "sharen", "partag", "compart", "condivid", "delen", "deel")
#: The buttons of a recipe card, per language: "Print recipe", "Rezept
#: drucken", "Imprimer la recette", "Save to Pinterest", "Jump to recipe".
RECIPE_BUTTONS = (
    r"(?:(?:print|save|pin|rate|jump to|skip to|go to) (?:the |this )?recipe|"
    r"rezept (?:drucken|speichern|merken|pinnen|bewerten)|zum rezept(?: springen)?|"
    r"(?:imprimer|enregistrer|sauvegarder) (?:la |cette )?recette|aller à la recette|"
    r"imprimir (?:la |esta )?receta|ir a la receta|stampa (?:la )?ricetta|recept (?:afdrukken|opslaan)|"
    r"(?:bei|auf) pinterest (?:speichern|merken|pinnen)|(?:save|pin) (?:it )?(?:to|on) pinterest|"
    r"enregistrer sur pinterest|guardar en pinterest)\b.*"
)
