"""The lexicon of ``litige.signals`` besides threats: requests for a person, hazards and
insults, as word-bounded patterns over folded, normalised text (see ``signal_patterns``)."""

from __future__ import annotations

import re

from litige.signal_patterns import bounded, compose

# ------------------------------------------------------------------ requests for a person
_REMIND = (  # "rappeler le numéro de mon contrat": remind, not call back
    r"(?! (?:le|la|les|l'|mon|ma|mes|votre|vos|ce|cette|son|sa) ?(?:numero|nom|adresse|montant|date"
    r"|reference|code|mot|conditions?|procedure|delai|horaires?|regles?|tarifs?|prix|identifiant))"
)
_HUMAN = (
    r"(?:(?:un |une |des |le |la |l'|les |votre |vos |ton |ta |son |sa |leur "
    r"|au |aux |du |1 )?"
    r"(?:vrai |vraie |veritable |autre )?(?:h?umains?|etres? humains?|consei?ll?\w*|vraies? personnes?"
    r"|personnes? (?:reelles?|physiques?|humaines?)|responsables?|superieurs?(?: hierarchiques?)?"
    r"|superviseu\w*"
    r"|managers?|chefs?|directeurs?|directrices?|gerant\w*|agents?|operat(?:eur|rice)s?|interlocut\w*"
    r"|employes?|quelqu'un|service client\w*|sav|hotline|standard|telephonistes?)"
    r"|une (?:vraie )?personne|(?:un |une )?vraie?(?=\s*(?:svp)?\s*$)|quelqu'un)"
)
_FILLER = (  # words between "je veux" and the person
    r"(?:(?:parler|parle|parlez|avoir|voir|contacter|joindre|appeler|etre|rappelee?|recontactee?"
    r"|contactee?|mise?|mettre|en|relation|contact|ligne|avec|a|au|aux|par|un|une|le|la|l'|les|des|du|de"
    r"|d'|votre|vos|ton|ta|vrai|vraie|directement|tout|suite|immediatement|maintenant|rapidement|vite"
    r"|qu'un|qu'une|que|qu'|me|m'|moi|telephone|tel|echanger|discuter|m'adresser|pouvoir|svp|vraiment"
    r"|enfin|sur|plutot|direct|1|autre|passer|rendez vous|rdv|entretien|rencontrer)\s*)"
)
REQUEST_HUMAN = bounded(
    r"parler\s+(?:a|avec|au|aux)\s+<FILLER>{0,3}?<HUMAN>"
    r"|(?:passe[rz]?|passes)\s+(?:moi|nous)(?:\s+<gap2><HUMAN>|\s+(?:le |au )?service\b|\s*(?:svp|vite)?\s*$)"
    r"|(?:mett(?:ez|re)|mets|transfer\w*|redirig\w*|orient\w*|connect\w*|bascul\w*|renvoy\w*)\s+"
    r"(?:moi|me|nous)\s+<gap3>(?:<HUMAN>|en (?:relation|contact|ligne|communication))"
    r"|(?:me|m'|nous) (?:passer|transferer|rediriger|orienter|connecter|mettre en (?:relation|contact))"
    r"|(?:(?:veux|voudrais|voudrait|souhaite|souhaiterais|aimerais|exige|demande|desire|reclame|besoin de"
    r"|faut|peux|pourrais|puis|possible de|moyen de|donnez moi|trouvez moi|il me faut)\s+"
    r"|(?:besoin|possible|moyen) d')<FILLER>{0,6}?<HUMAN>"
    r"|(?:(?:veux|voudrais|souhaite|souhaiterais|aimerais|demande a)\s+|exige d')<gap2>(?:etre|me faire)"
    r" (?:rappelee?|recontactee?|contactee?|appelee?)"
    r"|(?:rappel|recontact|appel|contact|telephon)ez moi|faites moi rappeler"
    r"|(?:pouvez|pourriez|pourrait|merci de)(?: vous| on)? me (?:rappeler<REMIND>|recontacter|contacter"
    r"|appeler)"
    r"|(?:quelqu'un|<HUMAN>) (?:peut|pourrait|pourra)(?: il| elle)? (?:me|m') ?(?:rappeler|appeler"
    r"|contacter|recontacter)|<HUMAN>\s+(?:svp|please)|(?:human|agent) please|real person"
    r"|(?:talk|speak) to (?:a |an )?(?:human|person|agent|real person|someone)"
    r"|(?:avoir|parler a|joindre|passer) (?:un |une |le |la |votre )?(?:techniciens?|specialistes?|experts?)"
    r" (?:au |par )?(?:tel|telephone|bout du fil)",
    FILLER=_FILLER,
    HUMAN=_HUMAN,
    REMIND=_REMIND,
)
# "je voudrais que quelqu'un vérifie ma facture": somebody to do something (a remedy), not a
# person to talk to now
SOMEONE_TO_DO = re.compile(
    r"^\s+(?:(?:le |la |les |l')?(?:verifi|regard|control|examin|s'occup|vienn|repar|corrig|install"
    r"|traite|recalcul|reprenn|se deplac|passe (?:chez|a la maison|a domicile)|m'explique)\w*)"
)
REQUEST_ALONE = re.compile(  # a clause that is nothing but a person: "un conseiller", "humain svp"
    r"^(?:bonjour |allo |oui |bon |alors )?(?:je veux |j'exige |donnez moi )?"
    r"(?:un |une |le |la |votre |des )?(?:vrai |vraie |veritable )?(?:h?umain|etre humain|consei?ll?\w*"
    r"|agent|operat(?:eur|rice)|responsable|superieur|manager|vraie personne|personne reelle"
    r"|personne physique|quelqu'un de (?:reel|vrai))(?: humain| reel)?"
    r"(?: svp| please| maintenant| tout de suite| vite| merci| immediatement| direct| bordel| putain| merde"
    r"| enfin| par pitie)*$"
)
NOT_A_REQUEST = bounded(  # it already happened, a question to the bot about itself, or about hours
    r"(?:ai|avons|a|ont|avais|avait)\s+(?:deja\s+|bien\s+|enfin\s+|finalement\s+|meme\s+)?"
    r"(?:parle|eu|pu|reussi|essaye|tente|ete)|en train de|suis je"
    r"|(?:a|avait|m'a|m'avait|ont|avaient|m'ont|m'avaient) (?:dit|promis|assure|annonce|affirme|jure|ecrit)"
    r"|horaires?|heures? d'ouverture|quels? sont|quelles? sont|a quelle heure|jusqu'a quelle heure"
)
# a call back asked for ("qu'un responsable me rappelle", "j'aimerais être rappelée"): a remedy
# the catalogue may offer, not a request to talk to a person now
# (a wish, an order or a question: "je m'appelle Julie", "il devait me rappeler", "on m'a promis
# un rappel", "il m'appelle quand ?" and "je vous recontacte ce soir" are none of them)
_CALL = r"(?:rappel|recontact|appel|contact|telephon)"
_CALLED = r"(?:rappelee?s?|recontactee?s?|contactee?s?|appelee?s?|telephonee?s?)"
CALLBACK = bounded(
    r"<CALL>ez moi|rappelle moi|faites moi (?:rappeler|recontacter|appeler|contacter)"
    r"|(?:^|veux |voudrais |voudrait |voudrions |souhaite |souhaiterais |aimerais |aimerions |prefere "
    r"|prefererais |demande a |exige d'|besoin d'|peux |puis |pourrais |possible d'|moyen d')<gap3>"
    r"(?:etre|me faire) <CALLED>"
    r"|(?:qu'|que )(?:(?:on|un|une|quelqu'un|il|elle|vous|le|la|votre|vos|ce|cette)\s+|l')<gap6>"
    r"(?:me|m') ?<CALL>\w*"
    r"|(?:pouvez|pourriez|pourrait|peut|pourra|peuvent|merci de|possible de|moyen de)"
    r"(?: vous| on| il| elle| quelqu'un)? (?:me|m') ?(?:faire )?"
    r"(?:rappeler<REMIND>|recontacter|contacter|appeler|telephoner)"
    r"|soit (?:un |une |le |la |quelqu'un|votre )<gap2>(?:me|m') ?(?:rappelle|recontacte|contacte|appelle)"
    r"|(?:veux|voudrais|souhaite|souhaiterais|aimerais|demande|prefere|prefererais|besoin d'|exige)"
    r"\s+<gap2>(?:un )?rappel(?! de| du| des)(?![a-z])"
    r"|^(?:un )?rappel(?: telephonique)?(?: svp| stp| s'il vous plait| par telephone| au| demain| ce| avant"
    r"| vers| entre| apres|$)",
    CALL=_CALL,
    CALLED=_CALLED,
    REMIND=_REMIND,
)
TALK_NOW = bounded(
    r"parler|en (?:relation|contact|ligne|communication)|passe[rz]? (?:moi|nous)|transfer\w*|redirig\w*"
)

# ------------------------------------------------------------------ hazards
_DEVICE = (
    r"(?:batterie|chargeur|appareil|telephone|portable|smartphone|ampoule|bouteille|cocotte|autocuiseur"
    r"|ecran|pile|cafetiere|bouilloire|micro ondes|four|chaudiere|ballon|cumulus|machine|lave \w+"
    r"|seche \w+|trottinette|velo|plaque|prise|vitre|verre|tv|tele|lampe|radiateur|cable|transfo\w*"
    r"|compteur electrique|bocal|cuve|tablette|ordi\w*|pc|box|routeur|console|manette|friteuse|airfryer"
    r"|robot|mixeur|blender|grille pain|fer a repasser|poele|casserole|barbecue|plancha|thermostat"
    r"|disjoncteur|tableau electrique|multiprise|rallonge|ventilateur|climatiseur|clim|aspirateur"
    r"|enceinte|montre|cigarette electronique|aerosol|truc|engin|produit|article|chauffage|convecteur"
    r"|extincteur|frigo|refrigerateur|congelateur|hotte|gaziniere|cuisiniere|compteur|linky)s?"
)
_ELECTRIC = (
    r"(?:prises?(?: electriques?| de courant)?(?! en (?:charge|compte|main|consideration)"
    r"| de (?:rendez|rdv|contact|commande|vue|position|parole|conscience|mesures?|poids|sang|note"
    r"|photos?|tete|decision))|tableau electrique|compteur electrique|disjoncteur|fils? electriques?"
    r"|cables? electriques?|installation electrique|multiprises?|boitier electrique|spots?|luminaires?"
    r"|plafonnier|interrupteurs?|appareils? electriques?|box|ampoules?)"
)
_NEAR = (
    r"(?:(?:sur|dans|pres de|pres du|pres des|autour de|autour du|vers|contre|sous|au niveau d(?:e|u|es)"
    r"|derriere|a cote d(?:e|u|es)|jusqu'a|jusqu'au|jusque dans|par)\s+|(?:pres|autour|au niveau) d')"
    r"(?:la |le |les |l'|une |un |des |mon |ma |mes )?"
)
HAZARD = bounded(
    r"fumees?|(?:ca|il|elle|qui|ils|elles|cela|tout|<DEVICE>)\s+<gap2>fum(?:e|ent|ait|aient)"
    r"|(?:commence|commencer|s'est mise?|se met|se mettre|en train|a|ont|avait) (?:a |de )?fumer"
    r"|(?:odeurs?|sent|sentent|sentait|sentaient|sentir|senti|pue|puait) (?:de |du |le |la |l'"
    r"|d')?(?:brule|crame|roussi"
    r"|chaud|plastique(?: brule| fondu| chaud)?|caoutchouc|gaz|electrique)"
    r"|(?:a|ont|est|sont|completement) crame\w*|etincel\w*|arcs? electriques?|court ?circuits?"
    r"|a court circuite|electrocut\w*|electris\w*|decharges? electriques?|chocs? electriques?"
    r"|(?:gresill|crepit)\w*\s+<gap4><ELECTRIC>|<ELECTRIC>\s+<gap3>(?:gresill|crepit)\w*"
    r"|(?:fils?|cables?)(?: electriques?)?\s+<gap2>(?:denude\w*|a nu|a vif)"
    r"|(?:tomb|decroch|effondr|ced|repli|lach|bascul|renvers)\w*\s+<gap6>(?:sur|a cote d(?:e|u|es)"
    r"|a (?:\d+ ?cm|quelques centimetres|un metre) d(?:e|u|es)|pres d(?:e|u|es)|devant|juste a cote)\s+"
    r"(?:la tete d(?:e|u|es) )?(?:mon |ma |mes |notre |nos |le |la |les |un |une |des |l')?(?:enfants?|bebes?"
    r"|fils|fille|petits?|petites?|voisin\w*|mari|femme|passants?|gens|ecole|tete|quelqu'un|moi|nous"
    r"|lui|elle)"
    r"|avec (?:mon|ma|notre|le|la) (?:bebe|enfant|fils|fille|petit|petite) dedans"
    r"|(?:peur|risque|crains) (?:que |qu')<gap3>(?:ne )?(?:tombe|tombent|s'effondre|lache|cede)"
    r"|(?:pend|pendent|pendouille\w*) (?:par|au bout d') ?(?:un|des|deux)? ?(?:fils?|cables?)"
    r"|(?<!des )(?<!de )(?<!les )(?<!vrais )(?:bras|jambe|poignet|cheville|doigt|nez|dent|cote|epaule"
    r"|clavicule)s? (?:casse\w*|fractur\w*)"
    r"|(?:une )?bosse (?:au|sur le) (?:front|crane)|commotion|traumatisme"
    r"|(?:pris|prend|prends|prendre|recu|une|des|petite|grosse|legere|forte) decharges?"
    r"(?! de responsabilite)"
    r"|(?:pris|prend|prends|prendre|pris un coup de|un coup de|prendre un coup de) (?:le |du )?jus"
    r"(?! d'| de )|(?:pris|prend|prends|prendre|recu|une) (?:une )?(?:bonne |grosse |belle |sacree )?"
    r"chataigne|(?:pris|prend|prendre|prenait|prendra|failli prendre|risque de prendre) feu"
    r"|(?<!suis )en feu|(?:depart|debut|risque) (?:de feu|d'incendie)|au feu|flammes?|incendi(?:e|es|er)"
    r"|(?:s'est )?enflamm\w*|surchauff\w*|chauff\w* (?:a mort|enormement|anormalement|dangereusement"
    r"|beaucoup trop|trop(?! (?:lentement|peu|doucement|lent))|de ouf|a fond|comme un fou|tres fort)"
    r"|brulant\w*"
    r"|trop chaud pour (?:etre )?(?:touche|toucher|tenir)"
    r"|<DEVICE>\s+<gap3>(?:a|ont|avait|avaient|est|sont|etait|etaient) <gap1>fondue?s?"
    r"|(?:commence|se met|s'est mise?|en train) (?:a|de) fondre|(?:plastique|prise|cable|fils?|boitier"
    r"|coque|chargeur|batterie|poignee|embout|isolant|gaine|multiprise) <gap2>fondue?s?"
    r"|batterie\w* <gap4>(?:gonfl\w*|enfl\w*|deform\w*|explos\w*|fui\w*|coul\w*|chauff\w*)"
    r"|(?:gonfl\w*|enfl\w*) <gap2>batterie|<DEVICE>\s+<gap4>explos\w*"
    r"|explos\w* (?:dans|entre) (?:mes|les|ses|nos|ma|sa) mains|(?:risque|danger|bruit|debut) d'explosion"
    r"|(?:entendu|eu|il y a eu) une explosion|(?:eau|fuite|infiltration|inond\w*|mouill\w*|goutt\w*"
    r"|humidite|ruissel\w*|coul\w*|degat des eaux)\s+<gap4><NEAR><ELECTRIC>"
    r"|<ELECTRIC>\s+<gap6>(?:mouill\w*|inond\w*|tremp\w*|humide|goutt\w*|ruissel\w*|pleine? d'eau"
    r"|dans l'eau|sous l'eau|prend l'eau|baign\w* dans)"
    r"|(?:odeurs?|fuite|sent|sentait|fuit) <gap3>gaz|gaz <gap2>(?:fuit|fuite|s'echappe)|monoxyde|intoxi\w*"
    r"|(?:me suis|je me suis|t'es|nous nous sommes|vous vous etes) <gap1>(?:coupee?s?|entaillee?s?)"
    r"|(?:s'est|se sont|me suis|je me suis|t'es|nous nous sommes|s'etait) <gap1>(?:brulee?s?|blessee?s?"
    r"|electrocutee?s?|pincee?s?|etouffee?s?|intoxiquee?s?|ebouillantee?s?)"
    r"|(?:enfant|enfants|bebe|bebes|fils|fille|petit|petite|gamin|gamine|mari|femme|pere|mere|ado)\s+"
    r"s'est\s+<gap1>(?:coupee?|entaillee?|ouvert\w*)"
    r"|(?:a|ont) (?:ete|failli|manque de|risque de) <gap1>(?:s'|se |me |m'|nous )?(?:etouffer"
    r"|electrocut\w*|bruler|brulee?s?|couper|blesser|blessee?s?|avaler|intoxiqu\w*)"
    r"|(?:aux|les) urgences|hospitalis\w*|points? de suture|pompiers|samu|centre anti ?poison"
    r"|blessures?|brulures?|(?:blesse\w*|brule\w*|coupe\w*) (?:a|au|aux|a la) (?:main|doigt|doigts|pied"
    r"|bras|jambe|oeil|yeux|visage|tete|dos|cou|peau)"
    r"|(?:enfant|enfants|bebe|bebes|fils|fille|petit|petite|gamin|gamine)\s+<gap4>(?:avale\w*"
    r"|etouffe\w*|s'etouffe\w*|mis dans (?:la|sa) bouche|intoxiqu\w*)|etouffement"
    r"|(?:mis|met|mettre|porte|portee?) <gap6>(?:a|dans) (?:la|sa|leur) bouche"
    r"|petites? pieces? <gap3>(?:detach\w*|avaler|avale\w*)"
    r"|dangereu\w*|(?:en|un|du|de|mise en|mettre en|met en) danger|risque (?:d'incendie|d'electrocution"
    r"|de brulure|de blessure|d'explosion|d'intoxication|pour (?:mon |les |mes |la )?(?:enfant|bebe"
    r"|enfants|famille|securite|sante))",
    DEVICE=_DEVICE,
    ELECTRIC=_ELECTRIC,
    NEAR=_NEAR,
)

# water spreading to the electricity, told in two clauses ("la cuisine a été inondée, l'eau est
# allée sous les meubles et près des prises électriques"): read across the message
WATER_TO_ELECTRIC = bounded(
    r"(?:eau|fuite|fuit|inond\w*|degat des eaux)\s+(?:\S+\s+){0,10}?<NEAR><ELECTRIC>",
    NEAR=_NEAR,
    ELECTRIC=_ELECTRIC,
)

FIGURATIVE = bounded(  # blanked before hazards are looked for
    r"(?:verres?|vitres?|saumon|jambon|lard|poisson|glace|miroir|lunettes|plexi\w*|facade|porte|truite)"
    r" fumee?s?|detecteurs? de (?:fumee|monoxyde)|(?:aspir|evacu|extract)\w* (?:des |les |de la )?fumees?"
    r"|pet\w* (?:un |les |des |mon |le )?(?:cable|plomb|plombs|durite|fusible|boulon)"
    # the idiom ("ça va faire des étincelles"), not a device that "a fait des étincelles"
    r"|(?:ca va|va|vont|ca risque de|risque de) faire des etincelles"
    r"|(?:prix|tarifs?|factures?|budget|couts?|depenses|montants?|forfait|conso\w*|charges|mensualites?"
    r"|abonnement|note|compteur de)\s+<gap2>(?:a |ont |qui |vont |va )?(?:explose\w*|flambe\w*|brule\w*)"
    r"|explos\w* (?:de rire|de colere|mon budget|le budget|les prix|les compteurs|mon forfait"
    r"|le forfait|les records?)|je (?:vais |suis sur le point d'|vais finir par )?exploser"
    r"|explosion (?:de|des|du) (?:prix|tarifs|factures|couts|joie|rire|colere|demandes?|commandes)"
    r"|descendre en flammes|(?:j'ai|tu as|vous avez|on a) le feu|feu (?:vert|rouge)|sujet brulant"
    r"|question brulante|actualite brulante|(?:je suis|t'es|tu es) en feu|brule (?:d'impatience"
    r"|les etapes)|(?:appareil|service|caquelon|set) a fondue|(?:une|la|de la) fondue|fondre en larmes"
    r"|ca me gonfle|danger (?:financier|pour mon (?:budget|compte|portefeuille))"
    r"|(?:factures?|prix|tarifs?|montants?|note|addition|relance)\s+<gap3>(?:electrocut\w*|foudroy\w*"
    r"|choc electrique)|(?:bras|jambes?) (?:m'en|nous en|lui en|leur en) (?:tombe|tombent)"
    r"|danger de (?:perdre|rater|ne)|brulures? d'estomac"
)

# ------------------------------------------------------------------ insults
_ALWAYS = (  # abusive whatever the construction (but a third party's "voleur" is not an insult)
    r"conn?ards?|connasses?|conn?ars?|konn?ards?|konn?ars?|encul\w*|enkul\w*|abruti(?:e|s|es|t)?"
    r"|cretin(?:e|s|es)?|escrocs?|escros?|voleu(?:r|rs|se|ses)|arnaqu?eu(?:r|rs|se|ses)|arnakeu(?:r|rs)"
    r"|guignol\w*|clowns|bouffons?|charlots|branquignol\w*|tocards?|toquards?|bras casses"
    r"|incapables(?! de\b| d')|incompetent(?:s|es)|imbeciles?|batards?|batars?|salauds?|salopards?"
    r"|salopes?|fdp|fils de (?:pute|putes|chien)|raclures?|pourritures?|mafieux|voyous|truands?"
    r"|brigands?|charognards?|branleu(?:r|rs|se|ses)|baltringues?|nullos|nullards?|menteu(?:rs|ses)"
    r"|pignoufs?|enfoire(?:s|e|es)?|tetes? de noeud|blaireaux|boloss?e?s?|cassos|idiots"
)
_ADDRESSED = (  # abusive when addressed: "vous êtes nuls", "bande de nuls" (not "c'est nul")
    r"nul(?:s|le|les)?|nazes?|cons?|debiles?|stupides?|idiote?s?|minables?|pourri(?:s|e|es)?"
    r"|incompetente?s?|incapables?(?! de\b| d')|amateurs|rigolos|branques?|bons a rien|moins que rien"
    r"|tare(?:e|s|es)?|ringards|pitres|glands|attardee?s?|teubes|tanches|losers|loosers|manches|ordures"
    r"|blaireau|voleurs?|escrocs?|menteurs?|malhonnetes|breles|burnes|taches?|truffes|quiches"
    r"|pieds nickeles|cloches|buses|betes?|bras casses|clown|irresponsables|rapaces|vautours|requins"
    r"|charlatans|sangsues|decerebre\w*|abruti\w*|demeure\w*|guignols?"
)
_NOT_A_GANG = (  # "une bande de tissu", "bande LED", "bande dessinée"
    r"led|leds|tissu|papier|scotch|adhesi\w*|roulement|frequences?|protection|plastique|carton|mousse"
    r"|bois|metal|velcro|cuir|caoutchouc|chant|chants|joint|isolation|isolant|silicone|lumiere\w*"
    r"|lumineuse\w*|son|gaze|platre|jeunes|copains|potes|amis|copines|collegues|decoration|deco|renfort"
    r"|cuivre|aluminium|alu|tape|washi|ruban|couleurs?|peinture|masquage|bordure|passante|annonce"
    r"|dessinee|sonore|video|magnetique|elastique|\d\S*"
)
_NOT_A_NAME = r"truc|chose|machin|trucs|poudre|liquide|bout|morceau|boite|carton|plastique|mousse|odeur|bruit"
_STAFF = (
    r"(?:conseill\w*|livreu\w*|techniciens?|agents?|employes?|vendeu\w*|equipes?|operat\w*|standardistes?"
    r"|telephonistes?|bot|robot|chatbot|assistant|responsables?|gens|personnel|directeurs?|managers?)"
)
_COMPANY = (
    r"(?:service|boite|societe|entreprise|magasin|site|appli|application|operateur|fournisseur|enseigne"
    r"|marque|compagnie|sav|bot|robot|chatbot|assistant|conseill\w*|livreu\w*|transporteurs?|banque"
    r"|agence|standard|hotline|support|boutique|equipe|personnel|direction|plateforme|ia|administration"
    r"|gens)"
)
INSULT = bounded(
    r"(?P<a><ALWAYS>)"
    r"|(?:vous etes|vous etiez|vous n'etes|etes vous|t'es|tu es|t'est|espece d'|espece de|bande d'"
    r"|bande de|bande 2|tas d'|tas de|ramassis d'|ramassis de)(?:\s+|(?<='))<gap3>(?P<b><ADDRESSED>)"
    r"|(?:sales?|gros|grosse|pauvres?|quels?|quelles?|t)\s+(?P<c><ADDRESSED>)"
    r"|bande (?:de |d'|2 )(?!(?:<NOT_A_GANG>)\b)[a-z][a-z']*"
    r"|(?<!une )(?<!cette )espece (?:de |d')(?!(?:<NOT_A_NAME>)\b)[a-z][a-z']*"
    r"|(?:vos|tes|ces|les|le|la|votre|ton|ce|cette) <STAFF> <gap2>(?:sont|est|etes|c'est)\s+<gap2>"
    r"(?P<d><ADDRESSED>|des guignols|des clowns|des amateurs)"
    r"|<COMPANY>\s+(?:\S+\s+)?de merde|(?:votre|vos|ton|ta|tes)\s+<gap2>de merde|vous etes\s+<gap2>merdes?"
    r"|merdeux|merdeuses?|putain de (?:service|boite|societe|entreprise|bot|robot|magasin|site|operateur"
    r"|sav)|ta gueule|ferme[zs]? (?:ta|la|vos|votre) gueules?|tg|ntm|nique (?:ta|ton|votre|vos|vous|les)"
    r"\b\S*|allez vous faire (?:foutre|voir|enculer|mettre)|va te faire (?:foutre|voir|enculer)|va chier"
    r"|(?:bot|robot|chatbot|assistant|ia|perroquet|machine)\s+(?:\S+\s+)?(?:le plus |la plus )?"
    r"(?P<e>debiles?|stupides?|idiote?s?|cons?|nuls?|nulles?|abruti\w*|decerebre\w*|demeure\w*|attarde\w*"
    r"|tare\w*|de merde)|(?:moins|plus) (?:stupide|con|bete|idiot|debile|nul|nulle|incompetent)\w* que "
    r"(?:ce|cette|votre|vos|le|la|ton|ta|toi|vous)|(?:bravo|merci|ok|bien joue|felicitations|chapeau)\s+"
    r"(?:les|le|la) (?:genies?|champions?|cadors?|pros|experts?|cracks?|surdoues?|lumieres?)"
    r"|allez chier|je vous emmerde|je t'emmerde|emmerdeu(?:r|rs|se|ses)|sale (?:bot|robot|machine|boite"
    r"|race)|salete de (?:bot|robot|machine|service|boite|entreprise|societe)",
    ALWAYS=_ALWAYS,
    ADDRESSED=_ADDRESSED,
    NOT_A_GANG=_NOT_A_GANG,
    NOT_A_NAME=_NOT_A_NAME,
    STAFF=_STAFF,
    COMPANY=_COMPANY,
)
# a third party's thief or crook ("un voleur a pris mon colis"), or somebody else's insult reported
THIRD_PARTY_BEFORE = re.compile(
    r"(?<![a-z0-9])(?:un|une|le|la|les|des|l'|d'un|d'une|par un|par une|par des|ce|ces|cet|cette|du|au"
    r"|aux|deux|trois|quelques)\s+(?:\S+\s+)?$"
)
THIRD_PARTY_AFTER = re.compile(
    r"\s*(?:\S+\s+){0,2}?(?:m'a|m'ont|a|ont|aurait|auraient|est|sont|qui|se fait|se font|s'est|s'en|vole"
    r"|volent|pique|piquent|passe|passent|avait|avaient|rode|se serait|n'a|n'ont|ne)(?![a-z0-9])"
)
NOT_MY_INSULT = re.compile(
    compose(
        r"(?<![a-z0-9])(?:victime d'|(?:(?:me|nous) |m')<gap1>(?:trait|pren|accus|consider)\w*"
        r"|(?:m'a|m'ont|on m'a|nous a|nous ont) <gap1>(?:traite\w*|insulte\w*|appele\w*|dit)"
        r"|comme (?:un|une|des)(?![a-z0-9])"
        r"|(?:mon|ma|mes) (?:ex|voisin\w*|mari|femme|copain|copine|frere|soeur|pere|mere|fils|fille|cousin\w*"
        r"|beau \w+|belle \w+|patron\w*|colloc\w*|proprio\w*|proprietaire\w*)\s+(?:\S+\s+)?(?:est|sont|etait"
        r"|c'est))"
    )
)
