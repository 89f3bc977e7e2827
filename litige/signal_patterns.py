"""The grammar and the threat vocabulary of ``litige.signals``: word-bounded patterns over
folded, normalised text (lowercase, no accents, hyphens as spaces, SMS spellings expanded).

Only regex sources and their compilation live here; how they are combined (clauses,
negation, intention, received mentions) is in ``litige/signals.py``. In a source, ``<gapN>``
stands for "up to N words" and ``<NAME>`` for a shared part passed to ``compose``.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Optional, Pattern

LEGAL, MEDIATOR, CHARGEBACK, PUBLIC = "legal", "mediator", "chargeback", "public"
REVIEW, LEAVE = "review", "leave"

# How much intention a threat phrase needs around it (signals._intends):
STATEMENT = "statement"  # the phrase is the threat by itself ("plainte déposée", "résiliez mon contrat")
FUTURE = "future"  # a future / intent / condition marker ("je vais", "j'irai", "je compte", "sinon")
PRESENT = "present"  # ... or the first person right before the verb ("je résilie", "je pars chez")
ANY = "any"  # ... or any first person before it, past included ("j'ai saisi le médiateur")


def gap(n: int) -> str:
    """Up to n whole words (as few as possible), each with its trailing space."""
    return r"(?:\S+\s+){0,%d}?" % n


def compose(source: str, **parts: str) -> str:
    for name, part in parts.items():
        source = source.replace(f"<{name}>", part)
    return re.sub(r"<gap(\d)>", lambda m: gap(int(m.group(1))), source)


def bounded(source: str, **parts: str) -> Pattern[str]:
    return re.compile(r"(?<![a-z0-9])(?:" + compose(source, **parts) + r")(?![a-z0-9])")


class Rule(NamedTuple):
    kind: str
    level: str
    pattern: Pattern[str]
    requires: Optional[Pattern[str]] = None  # must also occur somewhere in the clause
    block: Optional[Pattern[str]] = None  # must not occur in the clause
    self_negating: bool = False  # holds its own negation ("plus jamais je ne commande chez vous")


# ------------------------------------------------------------------ normalisation (SMS spellings)
SMS = tuple(
    (re.compile(r"(?<![a-z0-9'])(?:" + source + r")(?![a-z0-9'])"), replacement)
    for source, replacement in (
        (r"jsp", "je sais pas"),
        (r"chui|chuis|jsui|jss", "je suis"),
        (r"j ai|jai|g(?= \S)", "j'ai"),
        (r"j irai|jirai", "j'irai"),
        (r"vs", "vous"),
        (r"vx|veu|ve", "veux"),
        (r"vai", "vais"),
        (r"pa", "pas"),
        (r"pr", "pour"),
        (r"ms", "mais"),
        (r"pk|pq|pkoi|pourkoi", "pourquoi"),
        (r"ke", "que"),
        (r"qq1|qqn|qqun|qlq1|qlqn|kelk'?1|kelkun|quelqu'?1|quelquun|quelqu un", "quelqu'un"),
        (r"svp+|stp|svpl|svplait|s'?il vous plait|s'?il te plait|sil vous plait|sil te plait", "svp"),
        (r"c(?= (?:nul|pas|quoi|trop|vraiment|grave|une|un|la|le|des|du|ma|mon|fini))", "c'est"),
        (r"dc", "donc"),
        (r"mm", "meme"),
        (r"tjrs?|tjs|toujour", "toujours"),
        (r"jms|jamai", "jamais"),
        (r"mtn|maintenan", "maintenant"),
        (r"ds", "dans"),
        (r"avc", "avec"),
        (r"koi", "quoi"),
        (r"ki", "qui"),
        (r"bcp", "beaucoup"),
        (r"vrmt|vraimen", "vraiment"),
        (r"tt", "tout"),
        (r"y'?a", "il y a"),
        (r"sa(?= (?:fume|brule|crame|sent|chauffe|fond|prend feu|a pris feu|fait des etincelles))", "ca"),
    )
)
SMS_JE = re.compile(r"(?<![a-z0-9'])j'?(?=[bcdfgklmnpqrstvwxz][a-z])")  # "jvais", "j'vais" -> "je vais"

# ------------------------------------------------------------------ clauses, subjects, negation
SEPARATOR = re.compile(
    r"\s*(?:[.;:!?\n\r()\[\]{}«»\"…]+|,|\s[-–—]+\s)\s*"
    r"|\s+(?=(?:mais|et|car|parce qu|donc|sinon|puis|ou bien|ou alors|sauf que|alors que|cependant"
    r"|pourtant|par contre|en revanche|du coup)(?![a-z]))"
)
HARD_CONNECTOR = re.compile(  # a clause that starts with one of them does not go on from the last one
    r"^(?:mais|car|parce qu|donc|sinon|sauf que|alors que|cependant|pourtant|par contre|en revanche"
    r"|du coup)(?![a-z])"
)
SUBJECT = re.compile(
    r"(?<![a-z0-9'])(?:j'|t'|c'(?=est|etait|etais|sera)"
    r"|(?:je|tu|il|elle|on|ils|elles)(?![a-z0-9'])"
    # "ça" after an infinitive or a preposition is an object ("je vais signaler ça à ...")
    r"|(?<![a-z]er )(?<![a-z]ir )(?<![a-z]re )(?<!pour )(?<! de )(?<! a )(?<!avec )(?<!sur )(?<!par )"
    r"(?:ca|cela)(?![a-z0-9']))"
)
PERSONAL_SUBJECT = re.compile(r"(?<![a-z0-9'])(?:j'|t'|(?:je|tu|il|elle|on|ils|elles)(?![a-z0-9']))")
SUBJECT_VOUS = re.compile(r"(?<![a-z0-9'])(?:vous|nous)(?![a-z0-9'])")
# "vous"/"nous" are subjects at the head of a clause or after a conjunction, objects otherwise
BEFORE_SUBJECT_VOUS = re.compile(
    r"(?:^|(?<![a-z0-9'])(?:que|qu'|si|quand|car|comme|mais|et|ou|donc|sinon|puis|lorsque|alors|oui"
    r"|non|bon|bref|franchement|honnetement|svp))\s*$"
)
NEGATION = re.compile(
    r"(?<![a-z0-9])(?:(?:ne|pas|jamais|sans|aucune?|ni|nullement)(?![a-z0-9])|n'"
    r"|(?:inutile|hors de question) d(?:e\b|'))"
)
NOT_NEGATION = re.compile(  # blanked before negations are looked for: they do not negate what follows
    r"(?<![a-z0-9])(?:(?:ne|n')\s*(?:(?!(?:pas|jamais|rien|aucune?|ni)\b)\S+\s+){0,2}?(?:plus\s+)?"
    r"qu(?:e\b|')"  # ne ... que
    r"|(?:n'|ne\s+)?(?:\S+\s+)?(?:hesit|tard|manqu)\w*\s+(?:pas|plus|point)"
    r"|(?:ne|n')\s*(?:\S+\s+)?(?:pas|plus)\s+(?:hesit|tard|manqu)\w*"
    r"|(?:n'|ne\s+)?(?:\S+\s+)?(?:pas|plus)\s+(?:d'autres?|le|vraiment le)\s+"
    r"(?:choix|solutions?|options?|moyens?)"
    r"|pas mal\b|n'importe"
    r"|(?:avant|a moins) qu(?:e\s+|')(?:je\s+|j'|on\s+|nous\s+|vous\s+|il\s+|elle\s+)?(?:ne\b|n'))"
)

# ------------------------------------------------------------------ intention
FIRST_PERSON = re.compile(r"(?<![a-z0-9'])(?:j'|(?:je|moi|on|nous|mon|ma|mes|notre|nos)(?![a-z0-9']))")
INTENT = re.compile(
    compose(
        r"(?<![a-z0-9'])(?:je\s+|j'|on\s+|nous\s+|moi\s+)<gap3>(?:vais|vas|va|allons|irai|irons|ira"
        r"|compte|comptons|pense|pensons|envisage\w*|songe|veux|voulons|voudrais|voudrions|souhaite\w*"
        r"|aimerais|prefere\w*|dois|devons|devrai\w*|devrons|me reserve|m'apprete|hesiterai\w*|menace"
        r"|exige|demande|reclame|me vois|risque|passe a|[a-z]{2,}rai|[a-z]{2,}rons"
        r"|suis (?:pret|prete|decidee?|determinee?|resolue?|obligee?|contrainte?|forcee?))(?![a-z0-9])"
        r"|(?<![a-z0-9'])on\s+<gap2>[a-z]{2,}ra(?![a-z0-9])"
        r"|(?<![a-z0-9])(?:vous (?:allez|aurez|recevrez|entendrez|verrez|risquez)|attendez vous"
        r"|preparez vous|gare a|(?:ca|cela|l'affaire|tout ca) (?:va|ira|finira|se terminera|se reglera"
        r"|risque)|on se (?:verra|reverra|retrouvera|voit|revoit)|rendez vous|direction|prochaine etape"
        r"|il (?:ne )?me reste|plus qu'a|pas d'autre choix|plus le choix|pas le choix|comment"
        r"|il faut que je|c'est decidee?|affaire a suivre|ce sera)(?![a-z0-9])"
    )
)
CONDITION = bounded(
    r"sinon|faute de|a defaut|sans quoi|ou bien|ou alors|autrement|s'ils?|dernier avertissement"
    r"|derniere chance|si(?! (?:peu|bien|vite|longtemps|mal|cher|simple|souvent|tot|tard)\b)"
)
PRESENT_TAIL = re.compile(
    r"(?<![a-z0-9'])(?:j'|(?:je|on|nous|moi)\s+)(?:(?:vous|te|t'|le|la|les|l'|lui|leur|y|en|me|m'"
    r"|tout|direct|directement|aussi|meme|alors|donc|immediatement|de suite|tout de suite|bien"
    r"|simplement|juste|illico|maintenant|desormais|dorenavant|aujourd'hui|demain|ne|n'"
    r"|des (?:demain|maintenant|aujourd'hui|lundi)|fais une demande de|ma|mon|mes|une|un|des)\s*)*$"
)
# a mention received from, or made by, somebody else: not the customer's own threat
RECEIVED_TAIL = re.compile(
    compose(
        r"(?<![a-z0-9])(?:relance|lettre|courrier|mail|sms|appel|visite|menace|convocation|sommation"
        r"|commandement|frais|passage|injonction|signification|recommande|message|coup de fil"
        r"|notification|cabinet)s?\s+<gap3>(?:d'|de\s+|du\s+|des\s+|par\s+|de la part d'?\s*)"
        r"(?:un\s+|une\s+|le\s+|la\s+|l'|les\s+|des\s+|votre\s+|vos\s+|leur\s+|son\s+|sa\s+|ce\s+|cet\s+)?$"
    )
)
RECEIVED = bounded(
    r"recue?s?|recois|reception|m'(?:a|ont) <gap1>(?:envoye|adresse|menace|relance|assigne|convoque"
    r"|poursuivi|attaque)|m'envoi\w*|m'envoy\w*|me menac\w*|m'assign\w*|me poursui\w*|me trainer"
    r"|m'attaqu\w*|partie adverse|(?:votre|vos|leur|leurs|son|ses) (?:avocats?|huissiers?)|me reclam\w*"
    r"|(?:j'ai|on a|nous avons|j'avais) <gap1>(?:vu|lu|entendu|regarde|consulte|trouve)"
    # what the bank already did by itself ("ma banque a rejeté votre prélèvement") is a fact
    r"|(?:banque|banquier|banquiere|paypal) (?:l'|les |m'|nous |me |vous )?(?:a|avait|ont|avaient)"
)
MINE = re.compile(r"(?<![a-z0-9])(?:mon|ma|mes|notre|nos)\s+$")  # "mon avocat m'a dit": still theirs
RECEIVED_AFTER = re.compile(
    compose(
        r"\s*(?:<gap2>(?:m'a|m'ont|me reclam\w*|me menac\w*|me poursui\w*|nous a|est venue?|est passee?"
        r"|sont venus|a sonne|a appele|m'appelle|a envoye|m'envoie|debarque|adverse)"
        r"|du (?:creancier|fournisseur|vendeur|magasin)|de (?:la |votre |l')(?:societe|entreprise|partie"
        r"|banque|organisme|magasin))"
    )
)

# ------------------------------------------------------------------ threats: shared parts
_BANK = (
    r"(?:ma|la|mon|notre|leur) (?:banque|banquier|banquiere"
    r"|conseill\w* (?:bancaire|a la banque|de la banque))|paypal|(?:carte|cb) (?:bancaire|bleue)"
    r"|organisme bancaire"
)
BANK = bounded(_BANK)
FRAUD = bounded(  # calling the bank to protect oneself is not a pressure on the company
    r"fraud\w*|pirat\w*|hack\w*|carte <gap3>(?:volee|perdue|clonee|piratee|derobee)|on m'a vole"
    r"|vol de (?:ma |mon |mes )?(?:carte|portefeuille|sac|telephone|identite|donnees|coordonnees)"
    r"|usurpation|phishing|hameconnage|je (?:ne )?reconnais pas (?:ce|cette|ces|le|la|les|l'\w+)"
    r"|pas moi qui|quelqu'un (?:a|aurait) <gap1>(?:utilise|pris)|suspecte?s?"
)
PRESSURE = bounded(
    r"sinon|si <gap5>(?:pas|rien|plus|jamais)|faute de|a defaut|sans quoi|tant que|ou (?:bien|alors)"
    r"|(?:pour|afin de) (?:me )?(?:faire )?(?:rembours|bloqu|recuper|annul|contest|stopp)\w*"
)
_PAYMENT = (
    r"(?:paiements?|prelevements?|virements?|mandats?(?: sepa)?|transactions?|debits?|sepa"
    r"|autorisations? de prelevement)"
)
_PLATFORM = (
    r"(?:reseaux(?: sociaux)?|rezo\w*|facebook|fb|face book|fessebouc|twitter|x|insta(?:gram)?|tik ?tok"
    r"|you ?tube|linkedin|snap(?:chat)?|threads|forums?|internet|(?:le )?net|(?:le )?web|blog|whatsapp"
    r"|reddit|mastodon|bluesky|groupes? (?:facebook|whatsapp|de quartier))"
)
_PLACE = compose(
    r"(?:(?:sur|dans|a|aux|en|via) (?:les |la |le |l'|mon |ma |mes |des |un |une |tous les "
    r"|toutes les |vos |votre )?<PLATFORM>|partout|publiquement|en ligne|sur la place publique"
    r"|au grand jour)",
    PLATFORM=_PLATFORM,
)
_MEDIA = (
    r"(?:(?:la |a la |de la )?presse(?: locale| regionale| nationale| ecrite)?|(?:les |des |aux )?journaux"
    r"|(?:un |le |au )journal(?! d)|journalist\w*|(?:les |des |aux )?medias|tf1|m6|bfm\w*|rmc"
    r"|france (?:2|3|5|inter|info|bleu)|le parisien|ouest france|envoye special|zone interdite"
    r"|complement d'enquete"
    r"|(?:une |l'|la |les |des |aux |a une )?emissions? (?:de |d'|a la )?(?:tele|television|radio|tv"
    r"|consommat\w*|reportage|enquete))"
)
_NOT_NOTICE = (  # "avis de passage" is a delivery notice, not a review
    r"(?! (?:de |d'|du )(?:passage|imposition|reception|echeance|paiement|livraison|coupure|prelevement"
    r"|rendez|rdv|expedition|virement|mise|depot|instance|intervention|credit|debit|remboursement|taxe"
    r"|retour|colis|dysfonctionnement|changement|modification|resiliation|envoi|valeur|tempete|arrivee))"
)
_REVIEW_WORD = r"(?:avis" + _NOT_NOTICE + r"|commentaires?|critiques?|evaluations?|reviews?)"
_BAD = (
    r"(?:mauvai(?:s|se|ses)|sales?|horribles?|terribles?|pires?|negati\w*|assassins?|incendiaires?"
    r"|desastreu\w*|catastroph\w*|cinglant\w*|salee?s?|mechant\w*)"
)
NOT_EXPOSURE = bounded(  # a review is a review, a classified ad or a message sent to the company no exposure
    r"<REVIEW>|etoiles?|trustpilot|notes? (?:de )?[01]|annonces?|leboncoin|vinted|votre page|messenger"
    r"|vous (?:ai |avons |l'ai |les ai |la |le |les |l')?(?:mis|mets|mettre|mettrai|envoy\w*|post\w*"
    r"|partag\w*|ecri\w*|parl\w*|transmi\w*)|(?:a|au|avec) (?:un |une |le |la |votre |vos |l')?"
    r"(?:conseill\w*|service client|sav|support)|en prive|message prive",
    REVIEW=_REVIEW_WORD,
)
NOT_A_REVIEW = bounded(  # a kind word, or a note for the delivery
    r"positi\w*|favorable\w*|(?:4|5|cinq|quatre) etoiles|excellent\w*|(?:tres )?bon avis|bonne note|elogi\w*"
    r"|(?:pour|au|a) (?:le |la )?(?:livreur|livraison|transporteur|technicien)|dans (?:la|ma) commande"
    r"|digicode|code d'acces|interphone"
)
_COMPETITOR = (
    r"(?:(?:un |une |la |le |les |vos |votre )?concurren\w*|free|sfr|orange|bouygues|sosh|red|engie|edf"
    r"|total\w*|ekwateur|ohm|amazon|cdiscount|fnac|darty|boulanger|leroy merlin|castorama|conforama|ikea)"
)
_FIRM = (
    r"(?:societe|entreprise|boutique|enseigne|operateur|banque|service|fournisseur|magasin|marque"
    r"|compagnie)"
)
_BUY = r"(?:re)?(?:command|achet|rachet|recommand)\w*"

# ------------------------------------------------------------------ threats: phrases by kind
_LEGAL = bounded(
    r"avoca(?:t|te|ts|tes)?|tribuna(?:l|ux)|(?:le|un|au|du|des|les|devant le|aux) juges?"
    r"|juge de (?:proximite|paix|l'execution|instance)|juridictions?|prud'?hom\w*|procureur|commissariat"
    r"|gendarmerie|(?:en|la|a la|devant la|de la) justice|port\w*\s+(?:pas\s+|plus\s+|jamais\s+)?plaint?e"
    r"|depo\w*\s+(?:pas\s+|plus\s+)?(?:une\s+|ma\s+|la\s+)?plaint?e|plaint?es?\s+(?:contre|penale"
    r"|au commissariat|a la police|a la gendarmerie|en gendarmerie|aupres (?:de la police|du procureur"
    r"|de la gendarmerie|du commissariat))|proces(?!\s+verba)"
    r"|poursuites?(?:\s+(?:judiciaires?|penales?))?(?!\s+(?:de|du|des)\s)"
    r"|poursuiv\w*\s+<gap1>(?:en justice|devant|au tribunal|judiciairement|en diffamation)"
    r"|(?:vous|te|les)\s+poursui(?:vre|s|t|vrai|vrons|vra)"
    r"(?!\s+(?:la|le|les|ma|mon|mes|votre|vos|cette|ce|l'|sur|avec|par)\b)"
    r"|huissiers?|mises? en demeure|met\w*\s+(?:vous\s+)?en demeure|class action|vous assigner"
    r"|action (?:en justice|judiciaire|de groupe|collective)|assign\w*\s+<gap2>(?:en justice|devant"
    r"|au tribunal)|(?:protection|assurance|conseil|service) juridique|juristes?"
    r"|voies? (?:judiciaires?|legales?)|recours (?:judiciaire|juridique|en justice|legal)"
    r"|(?:appel\w*|contact\w*|previen\w*|prevenir|alert\w*)\s+(?:la\s+)?(?:police|flics|gendarmes)"
)
_LEGAL_DONE = bounded(r"plaint?e\s+(?:deja\s+|a ete\s+|est\s+)?(?:deposee|enregistree|en cours)")
_MEDIATOR = bounded(
    r"mediat(?:eur|eurs|rice|rices|ion)|conciliat(?:eur|eurs|rice|rices|ion)|ufc"
    r"|(?:au|a|le|chez|magazine|journal) que choisir|60 millions(?: de consommateurs)?|soixante millions"
    r"|(?:associations?|assos?)\s+<gap3>(?:consommateurs?|conso|consommation|usagers)"
    r"|dgc?ccrf|ddpp|signal ?conso|repression des fraudes|clcv|afoc|indecosa|arcep|energie info"
    r"|defenseur des droits|(?:centre europeen|europe) (?:des )?consommateurs"
)
_MEDIATOR_DONE = bounded(
    r"(?:mediat\w*|ufc|dgccrf|signal ?conso|association)\s+<gap2>(?:est|a ete|sont|ont ete|sera)"
    r" (?:deja |bien )?(?:saisie?s?|prevenue?s?|au courant|informee?s?|alertee?s?|contactee?s?)"
)
_CHARGEBACK = bounded(
    r"(?<!en )(?<!par )opposition(?! (?:entre|avec|politique))|charge ?back|retro ?factur\w*"
    r"|(?:bloqu|rejet|stopp|revoqu|suspend|oppos)\w*\s+<gap3>"
    r"(?:les |le |la |mes |mon |ce |ces |vos |votre |du |tous les )?<PAYMENT>"
    r"|revocation (?:du |de mon |de l')?(?:mandat|autorisation)|protection (?:des )?acheteurs?"
    r"|litige <gap2>(?:paypal|bancaire|carte bancaire)"
    r"|(?:ouvr|fai|lanc|declar|signal|engag)\w*\s+(?:un |une )?(?:litige|reclamation|contestation)\s+"
    r"<gap2>(?:paypal|banque|carte)",
    PAYMENT=_PAYMENT,
)
_CHARGEBACK_BANK = bounded(  # needs the bank in the clause
    r"(?:contest|refus|rembours|recuper|arret|annul)\w*\s+<gap4>(?:paiements?|prelevements?|virements?"
    r"|transactions?|debits?|operations?|achats?|sommes?|montants?)"
)
_CHARGEBACK_PRESSURE = bounded(  # needs a pressure in the clause ("sinon", "si vous ne ... pas")
    r"(?:passer par|voir avec|aller voir|demander a|faire intervenir|faire jouer|saisir|alerter|prevenir"
    r"|contacter|appeler|mandater|passe par|vois avec|appelle|contacte|previens)\s+(?:<BANK>)",
    BANK=_BANK,
)
_POST = bounded(
    r"(?:publi|post|balanc|partag|racont|diffus|denonc|expos|affich|relai|relay|etal|tweet|twitt|lach"
    r"|mett|mets|mis|fai\w* tourner|fer\w* tourner|film)\w*\s+<gap6><PLACE>",
    PLACE=_PLACE,
)
_TELL_ONLINE = bounded(r"(?<!vous )(?<!vous ai )(?:ecri|parl|temoign)\w*\s+<gap5><PLACE>", PLACE=_PLACE)
_PRESS = bounded(
    r"(?:contact|appel|ecri|alert|previen|preven|interpell|saisi|racont|temoign|transmet|envoi|envoy"
    r"|parl|inform|balanc|vendre)\w*\s+<gap3><MEDIA>|passer (?:a la|dans la) (?:tele|television)"
    r"|(?:contact|appel|previen|alert|ecri)\w* (?:a )?(?:la (?:tele|television)|une chaine de tele)",
    MEDIA=_MEDIA,
)
_PUBLISH = bounded(r"(?:publi|diffus)(?:er|e|es|ent|erai|erons|ons|ez|era)")
_EXPOSURE = bounded(
    r"(?:la presse|les journalistes|les medias|la tele|les journaux)\s+<gap2>(?:va|vont|sera|seront"
    r"|adorer\w*|en parler|s'interess\w*|interess\w*)|tout le monde\s+<gap1>(?:saura|va (?:le )?savoir"
    r"|le saura|sera au courant|va etre au courant)|le monde entier\s+<gap1>(?:saura|va (?:le )?savoir"
    r"|le saura)|(?:faire|fera|fais|va faire) (?:un |le |du |des )?buzz|viral\w*|mediatis\w*"
    r"|rendre\s+<gap2>publi(?:c|que|cs|ques)|scandale (?:public|mediatique)"
)
_SCENE = bounded(r"(?:fai\w*|declench\w*) (?:un |une |du )?(?:scandale|esclandre)")
_MEDIA_ALONE = bounded(r"^(?:la |le |les |l'|a la |au |aux )?<MEDIA>$", MEDIA=_MEDIA)
_REVIEW_POST = bounded(
    r"(?:laiss|mett|mets|mis|post|ecri|redig|publi|lach|balanc|fai|racont|partag|decri|detaill)\w*\s+"
    r"<gap4>(?:<REVIEW>"
    r"|<BAD> notes?|notes? <BAD>)",
    REVIEW=_REVIEW_WORD,
    BAD=_BAD,
)
_REVIEW_BAD = bounded(
    r"<BAD>\s+(?:\S+\s+)?(?:avis|commentaires?|critiques?|notes?|evaluations?|reviews?|reputation|etoiles?)"
    r"|(?:<REVIEW>|notes?|etoiles?)\s+<gap2>(?:negati\w*|salee?s?|assassins?|incendiaires?|desastreu\w*"
    r"|catastroph\w*|cinglant\w*|(?:a|de) (?:0|1|un|une|zero)|(?:0|1|un|une|zero) etoiles?)",
    REVIEW=_REVIEW_WORD,
    BAD=_BAD,
)
_STARS = bounded(
    r"(?:0|1|un|une|zero|aucune|une seule|moins d'une)\s+(?:seule\s+)?etoiles?"
    r"|notes? (?:de )?(?:0|1|zero)|[01] ?/ ?(?:5|10|20)(?!\s*/)|noter?\s+<gap2>(?:0|zero|1)"
)
_REVIEW_SITE = bounded(
    r"trustpilot|tripadvisor|avis verifies|pages jaunes|google (?:avis|reviews?|maps|my business)"
    r"|avis google|sites? d'avis|(?:sur|dans) google"
)
_WRITE = bounded(r"(?:laiss|mett|mets|post|ecri|redig|publi|racont|partag|not|balanc|signal|donn|dir)\w*")
_BAD_NAME = bounded(
    r"contre ?pub\w*|(?:mauvaise|sale) (?:pub|publicite|reputation)|descendre en flammes"
    r"|faire de la (?:mauvaise |contre )?pub\w*"
    r"|vous (?:descendre|pourrir|allumer|demolir|detruire) (?:sur|dans)"
)
_LEAVE = bounded(
    r"resill?i\w*|chang\w* (?:d'|de )(?:operateur|fournisseur|banque|assureur|prestataire|cremerie"
    r"|boutique|enseigne|magasin|marque|compagnie|assurance|box)"
    r"|(?:pars|part|partir|partirai|partirons|vais|va|irai|aller|passe|passer|passerai|file|filer"
    r"|retourne|retourner|achet\w*|command\w*)\s+<gap2>(?:chez|a|vers) <COMPETITOR>"
    r"|(?:la |une |un |le |les )?concurren(?:t|ts|ce|te|tes)|(?:vous|te) quitt\w*"
    r"|(?:aller|voir|vais|irai|acheter|commander|partir) ailleurs"
    r"|quitt\w* (?:votre|vos|cette|ce|le|la) <FIRM>|(?:me |se )?desabonn\w*"
    r"|(?:clotur|ferm|supprim)\w* <gap1>compte|mettre fin (?:a|au) <gap1>(?:contrat|abonnement|relation"
    r"|collaboration)|(?:annul|arret|stopp)\w* (?:mon |le |l'|mes |notre |ce |cet |votre )?"
    r"(?:abonnement|contrat|adhesion|souscription|forfait)",
    COMPETITOR=_COMPETITOR,
    FIRM=_FIRM,
)
_LEAVING_NOW = bounded(  # threats by themselves, some with their own negation
    r"resiliez|annulez (?:moi |mon |le |l'|mes )?(?:abonnement|contrat|adhesion|forfait)"
    r"|(?:fermez|cloturez|supprimez) (?:moi |mon |le )?compte|(?:desabonnez|desinscrivez) moi"
    r"|plus jamais\s+(?:je\s+ne\s+|je\s+n'|j'|je\s+|on\s+ne\s+|de\s+|d')?<gap2>(?:command|achet|rachet"
    r"|recommand|reviendr|revien|mettr|remettr|passer|chez vous|avec vous|client|vos produits"
    r"|votre (?:site|boutique|magasin|marque|enseigne))\w*"
    r"|(?:ne|n')\s*(?:vous\s+|rien\s+)?<BUY>\s+(?:plus|jamais)"
    r"|(?:ne|n')\s*(?:(?!(?:ai|avais|avons|a|ont|avait)\b)\S+\s+)?(?:plus|jamais)\s+"
    r"(?:jamais\s+|plus\s+)?(?:rien\s+)?(?:<BUY>|chez vous|de chez vous|(?:re)?met\w* les pieds"
    r"|(?:faire|ferai) (?:appel a|affaire avec) vous|(?:passer|passerai) par vous)"
    r"|(?:ne|n')\s*(?:re)?met\w*\s+(?:plus|jamais)\s+(?:jamais\s+|plus\s+)?les pieds"
    r"|dernier\w*\s+(?:\S+\s+)?(?:que j'|que je (?:vous )?|que nous (?:vous )?)<BUY>"
    r"|(?:ne|n')\s*(?:suis|serai|serais|serons|sommes)\s+plus\s+(?:jamais\s+)?(?:votre\s+|vos\s+|un\s+)?"
    r"client\w*|vous ne (?:me|m') (?:reverrez|verrez|reprendrez|aurez) (?:plus|jamais)"
    r"|vous (?:avez|venez de) perd(?:u|re) (?:un|une|votre|vos) (?:\S+\s+)?client\w*|vous m'avez perdu"
    r"|vous (?:perdez|allez perdre) (?:un|une|votre) (?:\S+\s+)?client\w*"
    r"|(?:c'est|ce sera|ce fut|ca sera|voila|sera)\s+(?:bien\s+|vraiment\s+)?(?:ma|mon|la|le|notre)\s+"
    r"dernier\w*\s+(?:commande|achat|fois)|dernier\w*\s+(?:commande|achat|fois)\w*\s+(?:chez vous"
    r"|avec vous|que je (?:\S+\s+)?(?:passe|fais|commande|achete|vous))",
    BUY=_BUY,
)

THREAT_RULES = (
    Rule(LEGAL, ANY, _LEGAL),
    Rule(LEGAL, STATEMENT, _LEGAL_DONE),
    Rule(MEDIATOR, ANY, _MEDIATOR),
    Rule(MEDIATOR, STATEMENT, _MEDIATOR_DONE),
    Rule(CHARGEBACK, ANY, _CHARGEBACK),
    Rule(CHARGEBACK, ANY, _CHARGEBACK_BANK, requires=BANK),
    Rule(CHARGEBACK, ANY, _CHARGEBACK_PRESSURE, requires=PRESSURE),
    Rule(PUBLIC, ANY, _POST, block=NOT_EXPOSURE),
    Rule(PUBLIC, PRESENT, _TELL_ONLINE, block=NOT_EXPOSURE),
    Rule(PUBLIC, ANY, _PRESS),
    Rule(PUBLIC, PRESENT, _PUBLISH, block=NOT_EXPOSURE),
    Rule(PUBLIC, STATEMENT, _EXPOSURE),
    Rule(PUBLIC, PRESENT, _SCENE),
    Rule(PUBLIC, FUTURE, _MEDIA_ALONE),
    Rule(REVIEW, PRESENT, _REVIEW_POST, block=NOT_A_REVIEW),
    Rule(REVIEW, PRESENT, _REVIEW_BAD),
    Rule(REVIEW, FUTURE, _STARS),
    Rule(REVIEW, PRESENT, _REVIEW_SITE, requires=_WRITE),
    Rule(REVIEW, PRESENT, _BAD_NAME),
    Rule(LEAVE, PRESENT, _LEAVE),
    Rule(LEAVE, STATEMENT, _LEAVING_NOW, self_negating=True),
)
