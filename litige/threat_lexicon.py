"""The threat phrases of ``litige.signals``, by kind (legal, mediator, chargeback, public,
review, leave), with what each needs or must not have in its clause, as word-bounded patterns
over folded, normalised text (the machinery is ``signal_patterns``)."""

from __future__ import annotations

from litige.signal_patterns import (
    ANY,
    CHARGEBACK,
    FUTURE,
    LEAVE,
    LEGAL,
    MEDIATOR,
    PRESENT,
    PUBLIC,
    REVIEW,
    STATEMENT,
    Rule,
    bounded,
    compose,
)

# ------------------------------------------------------------------ threats: shared parts
_BANK = (
    r"visa|mastercard|american express|amex|(?:ma|la|mon|notre|leur) (?:banque|banquier|banquiere"
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
ASKS_HOW = bounded(  # a question about the procedure is no threat ("comment ça se passe si ...")
    r"^(?:et )?(?:comment (?:ca se passe|ca marche|faire|fait on|on fait)|que se passe|qu'est ce qui se passe"
    r"|est il possible|c'est possible)"
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
    r"(?<!suis )(?<!suis un )(?<!suis une )avoca(?:t|te|ts|tes)?|tribuna(?:l|ux)|(?:le|un|au|du|des|les"
    r"|devant le|aux) juges?"
    r"|juge de (?:proximite|paix|l'execution|instance)|juridictions?|prud'?hom\w*|procureur|commissariat"
    r"|gendarmerie|(?:en|la|a la|devant la|de la) justice"
    r"|port\w*\s+(?:pas\s+|plus\s+|jamais\s+)?plaint?e(?! pour le vol d)"
    r"|depo\w*\s+(?:pas\s+|plus\s+)?(?:une\s+|ma\s+|la\s+)?plaint?e|plaint?es?\s+(?:contre|penale"
    r"|au commissariat|a la police|a la gendarmerie|en gendarmerie|aupres (?:de la police|du procureur"
    r"|de la gendarmerie|du commissariat))|proces(?!\s+verba)"
    r"|poursuites?(?:\s+(?:judiciaires?|penales?))?(?!\s+(?:de|du|des)\s)"
    r"|poursuiv\w*\s+<gap1>(?:en justice|devant|au tribunal|judiciairement|en diffamation)"
    r"|(?:vous|te|les)\s+poursui(?:vre|s|t|vrai|vrons|vra)"
    r"(?!\s+(?:la|le|les|ma|mon|mes|votre|vos|cette|ce|l'|sur|avec|par)\b)"
    r"|huissiers?|mises? en demeure|met\w*\s+(?:vous\s+)?en demeure|class action|vous assigner"
    r"|action (?:en justice|judiciaire|de groupe|collective)|assign\w*\s+<gap2>(?:en justice|devant"
    r"|au tribunal)|(?:protection|assurance|conseil|service) juridique"
    r"|(?<!suis )(?<!suis un )(?<!suis une )juristes?|injonctions? de payer"
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
_PLEASED = (  # "la DGCCRF va adorer", "la presse sera très intéressée"
    r"(?:sera|seront|va|vont)\s+<gap1>(?:tres |ravie?s? |bien )?(?:interess\w*|ravie?s?|adorer|apprecier"
    r"|se regaler|contente?s?)"
)
_MEDIATOR_PLEASED = bounded(
    r"(?:dgc?ccrf|repression des fraudes|mediat\w*|ufc|que choisir|associations? de consommat\w*"
    r"|signal ?conso|60 millions)\s+<gap2><PLEASED>",
    PLEASED=_PLEASED,
)
_PREPARED = (  # "signalement SignalConso en cours de rédaction", "avis négatif en préparation"
    r"\s+<gap3>(?:en cours de (?:redaction|preparation|constitution)|en preparation"
    r"|(?:est |sont )?(?:deja )?(?:pret|prete|prets|redige\w*)(?! a (?:vous|discuter|attendre|trouver)))"
)
_MEDIATOR_PREPARED = bounded(
    r"(?:signal ?conso|dgc?ccrf|mediat\w*|ufc|associations? de consommat\w*|signalement|saisine)<PREPARED>",
    PREPARED=_PREPARED,
)
_LEGAL_PREPARED = bounded(
    r"(?:plainte|assignation|mise en demeure|dossier pour (?:le|mon) avocat)<PREPARED>", PREPARED=_PREPARED
)
_CHARGEBACK = bounded(
    r"(?<!en )(?<!par )opposition(?! (?:entre|avec|politique))|charge ?back|retro ?factur\w*"
    r"|(?:bloqu|rejet|stopp|revoqu|suspend|oppos)\w*\s+<gap3>"
    r"(?:les |le |la |mes |mon |ce |ces |vos |votre |du |tous les )?<PAYMENT>"
    r"|revocation (?:du |de mon |de l')?(?:mandat|autorisation)|protection (?:des )?acheteurs?"
    r"|litige <gap2>(?:paypal|bancaire|carte bancaire)"
    r"|(?:ouvr|fai|lanc|declar|signal|engag)\w*\s+(?:un |une )?(?:litige|reclamation|contestation)\s+"
    r"<gap2>(?:paypal|banque|carte)"
    r"|(?:demande|demander|demanderai|demandons) a (?:ma |la |mon )?(?:banque|banquier\w*|carte|paypal)\s+"
    r"(?:de |d')(?:le |la |les |l')?(?:rejeter|bloquer|contester|annuler|stopper|refuser|rembourser)"
    r"|contest\w*\s+<gap3>(?:aupres|avec|via|par)\s+(?:de |d')?(?:ma |la |mon )?(?:banque|carte\w*|visa"
    r"|mastercard|american express|amex|paypal)",
    PAYMENT=_PAYMENT,
)
_CHARGEBACK_BANK = bounded(  # needs the bank in the clause
    r"(?:contest|refus|rembours|recuper|arret|annul)\w*\s+<gap4>(?:paiements?|prelevements?|virements?"
    r"|transactions?|debits?|operations?|achats?|sommes?|montants?|depenses?)"
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
_ENDS_ONLINE = bounded(
    r"(?:finir|finira|finit|atterri\w*|part|partir|partira|se retrouver\w*|circul\w*|tourn\w*)\s+<gap2>"
    r"(?:sur|dans) (?:les |la |le |l'|mon |ma |mes |vos |votre |tout |tous les )?<PLATFORM>",
    PLATFORM=_PLATFORM,
)
_DENOUNCE = bounded(
    r"denonc\w*\s+<gap3>(?:vos|votre|ces|les|leurs?|cette|ce) (?:\S+ )?(?:methodes|pratiques|agissements"
    r"|arnaques?|comportements?|magouilles?|manieres?|facons de faire)"
)
_TELL_ONLINE = bounded(r"(?<!vous )(?<!vous ai )(?:ecri|parl|temoign)\w*\s+<gap5><PLACE>", PLACE=_PLACE)
_PRESS = bounded(
    r"(?:contact|appel|ecri|alert|previen|preven|interpell|saisi|racont|temoign|transmet|envoi|envoy"
    r"|parl|inform|balanc|vendre)\w*\s+<gap5><MEDIA>|passer (?:a la|dans la) (?:tele|television)"
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
    r"|tout (?:<PLATFORM>|le quartier|la ville|le village|le net|internet|le web) (?:saura|va (?:le )?savoir"
    r"|le saura|sera au courant)",
    PLATFORM=_PLATFORM,
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
_REVIEW_COMING = bounded(
    r"(?:<REVIEW>|etoiles?|notes?)\s+<gap1>(?:vont|va|risquent de) (?:pleuvoir|tomber|fleurir|exploser"
    r"|suivre)"
    r"|(?:<REVIEW>|note)(?: \S+)?<PREPARED>",
    REVIEW=_REVIEW_WORD,
    PREPARED=_PREPARED,
)
_REVIEW_LOWERED = bounded(  # "je modifie mon avis 5 étoiles en 1 étoile"
    r"(?:modifi|chang|baiss|pass|transform)\w*\s+<gap3>(?:avis|note|evaluation)\s+<gap4>(?:en|a)\s+"
    r"(?:1|une|0|zero) etoiles?"
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
    r"|vous (?:descendre|pourrir|allumer|demolir|detruire|defoncer|incendier|massacrer|clasher|flinguer)"
    r" (?:sur|dans|en)"
)
_LEAVE = bounded(
    r"resill?i\w*(?!\s+(?:\S+\s+)?(?:l'|d')?options?)|chang\w* (?:d'|de )(?:operateur|fournisseur"
    r"|banque|assureur|prestataire|cremerie"
    r"|boutique|enseigne|magasin|marque|compagnie|assurance|box)"
    r"|(?:pars|part|partir|partirai|partirons|vais|va|irai|aller|passe|passer|passerai|file|filer"
    r"|retourne|retourner|achet\w*|command\w*)\s+<gap2>(?:chez|a|vers) <COMPETITOR>"
    r"|(?:la |une |un |le |les )?concurren(?:t|ts|ce|te|tes)|(?:vous|te) quitt\w*"
    r"|(?:aller|voir|vais|irai|acheter|commander|partir) ailleurs"
    r"|quitt\w* (?:votre|vos|cette|ce|le|la) <FIRM>|(?:me |se )?desabonn\w*(?!\s+(?:de |des |du |d')?"
    r"(?:la |les |vos |votre |cette |ces )?(?:listes?|newsletters?|mails?|e ?mails?|sms|pubs?|publicites?"
    r"|notifications?|offres?))"
    r"|sign\w* (?:chez|avec) (?:eux|elles?|<COMPETITOR>)"
    r"|(?:clotur|ferm|supprim)\w* <gap2>comptes?|mettre fin (?:a|au) <gap1>(?:contrat|abonnement|relation"
    r"|collaboration)|(?:annul|arret|stopp)\w* (?:mon |le |l'|mes |notre |ce |cet |votre )?"
    r"(?:abonnement|contrat|adhesion|souscription|forfait)",
    COMPETITOR=_COMPETITOR,
    FIRM=_FIRM,
)
_LEAVING_NOW = bounded(  # threats by themselves, some with their own negation
    r"resiliez|annulez (?:moi |mon |le |l'|mes )?(?:abonnement|contrat|adhesion|forfait)"
    r"|mettez fin (?:a|au) <gap1>(?:contrat|abonnement|adhesion|forfait|souscription)"
    r"|(?:envoyez|donnez|transmettez|faites parvenir)(?: moi| nous)? <gap2>(?:formulaire|lettre|procedure"
    r"|demarche|lien|papiers?) (?:de |pour )?(?:resiliation|resilier|desabonnement|cloture)"
    r"|(?:ne|n')\s*(?:sera|seront|serai|vais|va|allons)?\s*(?:pas|plus|jamais)\s+(?:\S+\s+)?"
    r"(?:renouvel\w*|reconduit\w*|prolong\w*)(?! (?:automatiquement|tout seul))"
    r"|(?:ne|n')\s*(?:renouvel|reconduis|prolong)\w*\s+(?:pas|plus|jamais)"
    r"|jamais plus\s+(?:je\s+ne\s+|je\s+n'|j'|je\s+|on\s+ne\s+|on\s+)?<gap2>(?:command|achet|rachet"
    r"|recommand|reviendr|revien|mettr|remettr|remet|met|passer|chez vous|avec vous|client)\w*"
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
    Rule(CHARGEBACK, ANY, _CHARGEBACK, block=ASKS_HOW),
    Rule(CHARGEBACK, ANY, _CHARGEBACK_BANK, requires=BANK),
    Rule(CHARGEBACK, ANY, _CHARGEBACK_PRESSURE, requires=PRESSURE),
    Rule(PUBLIC, ANY, _POST, block=NOT_EXPOSURE),
    Rule(PUBLIC, PRESENT, _TELL_ONLINE, block=NOT_EXPOSURE),
    Rule(PUBLIC, ANY, _PRESS),
    Rule(PUBLIC, PRESENT, _PUBLISH, block=NOT_EXPOSURE),
    Rule(LEGAL, STATEMENT, _LEGAL_PREPARED),
    Rule(MEDIATOR, STATEMENT, _MEDIATOR_PLEASED),
    Rule(MEDIATOR, STATEMENT, _MEDIATOR_PREPARED),
    Rule(PUBLIC, STATEMENT, _EXPOSURE),
    Rule(PUBLIC, STATEMENT, _ENDS_ONLINE, block=NOT_EXPOSURE),
    Rule(PUBLIC, ANY, _DENOUNCE),
    Rule(PUBLIC, PRESENT, _SCENE),
    Rule(PUBLIC, FUTURE, _MEDIA_ALONE),
    Rule(REVIEW, PRESENT, _REVIEW_POST, block=NOT_A_REVIEW),
    Rule(REVIEW, PRESENT, _REVIEW_BAD),
    Rule(REVIEW, FUTURE, _STARS),
    Rule(REVIEW, STATEMENT, _REVIEW_COMING, block=NOT_A_REVIEW),
    Rule(REVIEW, PRESENT, _REVIEW_LOWERED),
    Rule(REVIEW, PRESENT, _REVIEW_SITE, requires=_WRITE),
    Rule(REVIEW, PRESENT, _BAD_NAME),
    Rule(LEAVE, PRESENT, _LEAVE),
    Rule(LEAVE, STATEMENT, _LEAVING_NOW, self_negating=True),
)
