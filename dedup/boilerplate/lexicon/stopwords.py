"""Stop words: the most frequent function words of each language.

A line of prose is about a third stop words in any of these languages; a
list of names, tags or links has almost none.
"""

from __future__ import annotations

STOPWORDS_BY_LANGUAGE: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "a about after against all also am an and any are as at be because been before being "
        "between both but by can could did do does doing down during each few for from further "
        "had has have having he her here hers him his how i if in into is it its just me more "
        "most my no nor not now of off on once only or other our out over own same she should "
        "so some such than that the their them then there these they this those through to too "
        "under until up very was we were what when where which while who whom why will with "
        "would you your",
        "de": "aber alle allem allen aller alles als also am an andere anderen auch auf aus bei bin "
        "bis bist da damit dann das dass dem den denn der des dich die dies diese diesem diesen "
        "dieser dieses dir doch dort du durch ein eine einem einen einer eines er es etwas euch "
        "für gegen habe haben hat hatte ich ihm ihn ihnen ihr ihre ihrem ihren ihrer im in ins "
        "ist jede jeden jeder jetzt kann kein keine können man mein meine mich mir mit muss "
        "nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner sich "
        "sie sind so soll sollte sondern um und uns unser unsere unter viel vom von vor war "
        "waren warum was weil welche wenn wer werden wie wieder wir wird wo wurde wurden zu "
        "zum zur zwischen über",
        "fr": "au aux avec ce ces cette dans de des du elle elles en et eux il ils je la le les "
        "leur leurs lui ma mais me même mes moi mon ne nos notre nous on ou où par pas pour "
        "qu que qui sa se ses son sont sur ta te tes toi ton tu un une vos votre vous c d j l "
        "à m n s t y été être avoir ai est était ont fait plus comme tout aussi bien après "
        "avant entre sans sous depuis donc encore",
        "es": "a al algo algunos ante antes como con contra cual cuando de del desde donde durante "
        "e el ella ellas ellos en entre era es esa esas ese eso esos esta estaba estas este "
        "esto estos fue fueron ha han hasta hay la las le les lo los más me mi mientras muy "
        "nada ni no nos o otra otras otro otros para pero poco por porque que quien se sea ser "
        "si sido sin sobre su sus también te tiene todo todos tu un una uno unos y ya yo",
        "it": "a ad al alla alle agli ai anche c che chi ci come con contro cui da dai dal dalla "
        "dalle degli dei del della delle di dopo e ed era essere gli ha hanno ho i il in io la "
        "le lei lo loro lui ma mi molto ne negli nei nel nella nelle noi non o per perché più "
        "poi quale quando quella quelle quello questa queste questo se sei senza si sia sono "
        "su sua sue sui sul sulla suo suoi tra tutti tutto un una uno vi è",
        "pt": "a ao aos as até com como da das de dela dele deles depois do dos e ela elas ele eles "
        "em entre era essa essas esse esses esta este eu foi foram há isso isto já lhe mais "
        "mas me mesmo meu minha muito na nas não nem no nos nós o os ou para pela pelas pelo "
        "pelos por qual quando que quem se sem ser seu seus só sua suas também te tem ter um "
        "uma você é à às está estão",
        "nl": "aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen "
        "door dus een eens en er geen geweest haar had heb hebben heeft hem het hier hij hoe "
        "hun iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar "
        "niet niets nog nu of om omdat ons ook op over te tegen toch toen tot u uit uw van "
        "veel voor want waren was wat we wel werd wie wil worden wordt zal ze zei zelf zich "
        "zij zijn zo zonder zou",
        "sv": "att av de den det där efter en ett för från har hon här i inte jag kan med men mot "
        "när och om på sig sin som till under upp ut var vi vid är",
        "da": "af at blev da de dem den der det efter en er et for fra har hun hvor i ikke jeg kan "
        "med men mod når og om på sig sin som til ud var vi ved",
        "pl": "a ale bo być by był była było co czy dla do go i ich innych jak jest jego jej już "
        "ma mu na nie nich od o oraz po pod przez przy się są tak także te tego tej to w we z "
        "za że",
        "id": "ada adalah akan atau bahwa bisa dalam dan dari dengan di ini itu juga ke karena "
        "kepada lebih oleh pada para saat sebagai sudah tidak untuk yang",
    }.items()
}
#: Union of all stop-word lists.
STOPWORDS: frozenset[str] = frozenset().union(*STOPWORDS_BY_LANGUAGE.values())
#: English function words that Title Case capitalises ("Leave Without Paying
#: ... At ..."); in a sentence they are lower case.
TITLE_FUNCTION_WORDS = frozenset(
    "about above after against among amid and are as at be been before by can could did for "
    "from has have in into is its near of off on onto or out over than to up upon via was "
    "were will with within without would".split()
)
