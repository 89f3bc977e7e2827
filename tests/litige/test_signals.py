"""litige.signals: insults, threats (and their kind), requests for a person, hazards.

Every known bug of the former keyword matchers has a case here (threat words without word
boundaries or negation, "budget a explosé" read as a danger, a fraud victim's bank call read
as a chargeback, "publier la photo sur les réseaux" missed, a bailiff's letter received read
as a threat), with SMS spellings, capitals, missing accents, negations and other senses."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from litige.signals import SERIOUS_THREATS, THREAT_KINDS, Signals, detect, normalise

KNOWN_BUGS = [
    ("soyez prudents avec l'emballage", {}),
    ("je vais poursuivre ma commande sur le site", {}),
    ("je ne veux pas aller en justice, je veux juste être remboursé", {}),
    ("mon budget a explosé avec cette facture", {}),
    ("j'ai peur que ce soit une fraude, je vais appeler ma banque pour faire opposition", {}),
    ("je vais publier la photo sur les réseaux", {"threat": "public"}),
    ("j'ai reçu une relance d'huissier pour une facture déjà réglée", {}),
]


@pytest.mark.parametrize("text, expected", KNOWN_BUGS)
def test_known_bugs_of_the_former_matchers(text, expected):
    found = detect(text)
    assert found.threat == expected.get("threat")
    assert not found.insult and not found.request_human and not found.hazard


THREATS = [
    # legal
    ("je vais prendre un avocat", "legal"),
    ("je porte plainte contre vous", "legal"),
    ("on se verra au tribunal", "legal"),
    ("JE VAIS PORTER PLAINTE", "legal"),
    ("jvais porter plainte", "legal"),
    ("g porté plainte", "legal"),
    ("j'irai au tribunal", "legal"),
    ("je vais devoir aller en justice", "legal"),
    ("je compte porter l'affaire devant les tribunaux", "legal"),
    ("toujours rien, sinon je porte plainte", "legal"),
    ("remboursez moi sinon c'est le tribunal", "legal"),
    ("si le colis n'arrive pas, c'est le tribunal", "legal"),
    ("Si vous ne me remboursez pas, je porte plainte", "legal"),
    ("si je ne suis pas remboursé je vais voir un avocat", "legal"),
    ("Mon colis a disparu depuis un mois et si rien ne bouge d'ici vendredi je saisis le tribunal", "legal"),
    ("je n'hésiterai pas à porter plainte", "legal"),
    ("je n'ai pas d'autre choix que de porter plainte", "legal"),
    ("il ne me reste plus qu'à saisir la justice", "legal"),
    ("réglez ça avant que je ne porte plainte", "legal"),
    ("je vous poursuivrai en justice", "legal"),
    ("je vais vous trainer en justice", "legal"),
    ("je vais envoyer un huissier", "legal"),
    ("je vous mets en demeure de me rembourser", "legal"),
    ("mon avocat est prévenu", "legal"),
    ("et mon avocat va s'occuper de vous", "legal"),
    ("vous allez entendre parler de mon avocat", "legal"),
    ("attendez-vous à recevoir un courrier de mon avocat", "legal"),
    ("plainte déposée", "legal"),
    ("je vais prendre un avocat et porter plainte", "legal"),
    ("je n'ai rien contre vous mais je vais porter plainte", "legal"),
    ("hors de question que je paie, je vais porter plainte", "legal"),
    # mediator
    ("je saisis le médiateur de la consommation", "mediator"),
    ("je vais voir l'UFC Que Choisir", "mediator"),
    ("j'ai saisi le médiateur", "mediator"),
    ("jvais saisir le mediateur", "mediator"),
    ("j'ai contacté la DGCCRF", "mediator"),
    ("je vais faire un signalement sur signal conso", "mediator"),
    ("je vais voir une association de consommateurs", "mediator"),
    ("je compte saisir le conciliateur de justice", "mediator"),
    ("si vous ne faites rien je contacte l'UFC", "mediator"),
    # chargeback
    ("je fais opposition sur ma carte", "chargeback"),
    ("je fais opposition si vous ne me remboursez pas", "chargeback"),
    ("je vais contester le prélèvement auprès de ma banque", "chargeback"),
    ("je vais bloquer les prélèvements", "chargeback"),
    ("je vais révoquer le mandat SEPA", "chargeback"),
    ("j'ouvre un litige paypal", "chargeback"),
    ("sinon je passe par ma banque", "chargeback"),
    ("je vais voir avec ma banque pour me faire rembourser", "chargeback"),
    # public
    ("je vais tout balancer sur les réseaux sociaux", "public"),
    ("jvais tt balancé sur fb", "public"),
    ("je balance tout sur facebook", "public"),
    ("j'appelle les journalistes", "public"),
    ("je vais contacter la presse", "public"),
    ("je vais appeler la télé", "public"),
    ("je vais le poster sur insta", "public"),
    ("je vais faire une vidéo tiktok et la poster partout", "public"),
    ("je vais vous afficher sur les réseaux", "public"),
    ("je vais faire un buzz", "public"),
    ("ça va faire le buzz", "public"),
    ("tout le monde saura", "public"),
    ("je vais médiatiser l'affaire", "public"),
    ("je vais raconter ça sur twitter", "public"),
    ("je vais le mettre sur x", "public"),
    ("une vidéo sur youtube va tout expliquer, je vais la publier", "public"),
    # review
    ("je vais vous mettre un avis 1 étoile", "review"),
    ("je vais laisser un avis négatif", "review"),
    ("je vais laisser une note catastrophique sur votre page d'avis", "review"),
    ("je vais laisser un commentaire sur google", "review"),
    ("je vais mettre 1 etoile sur trustpilot", "review"),
    ("je vais vous noter 0", "review"),
    ("je vais mettre des étoiles négatives partout", "review"),
    ("je vais vous faire une mauvaise pub", "review"),
    # leave
    ("je résilie mon abonnement", "leave"),
    ("je pars chez un concurrent", "leave"),
    ("je vais résilier", "leave"),
    ("jvai resilié", "leave"),
    ("je veux résilier mon contrat", "leave"),
    ("résiliez mon abonnement", "leave"),
    ("je vais changer d'opérateur", "leave"),
    ("je vais changer de fournisseur", "leave"),
    ("je vais aller chez un concurrent", "leave"),
    ("je vais passer chez Free", "leave"),
    ("je vais voir ailleurs", "leave"),
    ("plus jamais je ne commande chez vous", "leave"),
    ("PLUS JAMAIS JE NE COMMANDE CHEZ VOUS", "leave"),
    ("+ jamais je commande chez vous", "leave"),
    ("je ne commanderai plus jamais chez vous", "leave"),
    ("c'est ma dernière commande", "leave"),
    ("c'est ma derniere commande chez vous", "leave"),
    ("vous venez de perdre un client", "leave"),
    ("je ne suis plus client", "leave"),
    ("je vais supprimer mon compte", "leave"),
    # the most serious kind wins
    ("je résilie et je porte plainte", "legal"),
    ("je vais laisser un avis négatif et saisir le médiateur", "mediator"),
    ("je vais tout poster sur facebook, et je résilie", "public"),
    # negated
    ("je ne veux pas résilier, je veux juste que ça marche", None),
    ("je vais pas porter plainte", None),
    ("je ne veux pas aller au tribunal et porter plainte", None),
    ("je ne veux pas d'avocat, je veux juste mon argent", None),
    ("je veux juste mon argent, pas de procès", None),
    ("sans aller jusqu'au tribunal, je voudrais une solution", None),
    ("Je ne porterai pas plainte si vous me remboursez rapidement", None),
    ("pas la peine de porter plainte", None),
    ("inutile de saisir le médiateur", None),
    ("hors de question de résilier", None),
    ("je n'ai aucune intention de porter plainte", None),
    # received, a third party's, or past: not the customer's threat
    ("l'avocat de la partie adverse m'a contacté", None),
    ("un huissier est venu chez moi", None),
    ("On me réclame des frais d'huissier pour une facture payée", None),
    ("j'ai reçu une mise en demeure", None),
    ("vous allez me poursuivre en justice ?", None),
    ("le médiateur m'a répondu", None),
    ("Vos CGV parlent d'un médiateur", None),
    ("j'ai résilié mais toujours prélevé", None),
    ("j'ai résilié mon abonnement il y a deux mois et vous continuez à me prélever", None),
    ("Le conseiller m'a dit que je pouvais résilier sans frais", None),
    ("ma résiliation n'a pas été prise en compte", None),
    # a fraud victim protects herself: no chargeback
    ("ma carte a été piratée, je vais faire opposition", None),
    ("je ne reconnais pas ce paiement, j'ai fait opposition", None),
    ("ma carte a été volée, j'ai fait opposition et je vois encore un prélèvement chez vous", None),
    ("j'ai dû appeler ma banque pour le découvert", None),
    # other senses
    ("je vais poursuivre la conversation plus tard", None),
    ("le produit vu à la télé ne marche pas", None),
    ("j'ai appelé pour la télé qui ne marche pas", None),
    ("J'ai vu sur les réseaux sociaux que d'autres clients ont le même problème", None),
    ("je vous ai écrit sur facebook et personne ne répond", None),
    ("J'ai lu les avis sur Trustpilot avant de commander", None),
    ("je vais chercher sur google", None),
    ("le livreur a laissé un avis de passage", None),
    ("à mon avis c'est nul", None),
    ("je vais laisser un avis positif si ça se règle", None),
    ("je vais laisser un commentaire pour le livreur", None),
    ("je mets 1 étoile", None),
    ("J'ai publié une annonce pour revendre le produit", None),
    ("ma dernière commande n'est pas arrivée", None),
    ("je n'ai jamais reçu ma commande", None),
    ("je n'ai jamais commandé ça", None),
    ("je veux annuler ma commande", None),
    ("je suis pressé", None),
    ("je vais appeler ma banque", None),
    ("répondez immédiatement", None),
    ("je voudrais déposer une réclamation", None),
    ("vous allez voir ce que vous allez voir", None),
    ("hors de question que je paie cette facture", None),
    # families found missing on the independent set (written here in other words)
    ("je vais mettre les photos sur vos réseaux sociaux", "public"),
    ("je vais faire un scandale sur facebook", "public"),
    ("si ça continue je fais un scandale", "public"),
    ("prochaine étape : les journaux", "public"),
    ("prochaine étape : le tribunal.", "legal"),
    ("j'envoie le dossier à une émission de télé", "public"),
    ("je vais contacter une émission de consommateurs", "public"),
    ("je vais raconter mon histoire dans un avis", "review"),
    ("je mets une étoile si ce n'est pas réglé demain", "review"),
    ("je vais signaler ça à une association de consommateurs", "mediator"),
    ("on ne remettra plus les pieds dans votre magasin", "leave"),
    ("je ne remettrai jamais les pieds chez vous", "leave"),
    ("c'est la dernière chose que j'achète chez vous", "leave"),
    ("c'est le dernier produit que je vous achète", "leave"),
    # ... and what they must not catch
    ("ma banque a rejeté votre prélèvement parce que le montant était faux", None),
    ("le livreur m'a dit de faire un scandale à l'agence", None),
    ("l'huissier parle de saisie si je ne paie pas sous 8 jours", None),
    ("j'ai vu une émission de télé sur vos produits", None),
    ("la prochaine étape : la livraison", None),
    ("je vais le signaler à la poste", None),
    # a second round of families (own wordings), and their look-alikes
    ("sans remboursement = tribunal", "legal"),
    ("je prépare une injonction de payer", "legal"),
    ("ma plainte est déjà rédigée", "legal"),
    ("après ça c'est le médiateur", "mediator"),
    ("la répression des fraudes sera ravie de lire ça", "mediator"),
    ("signalement à la DGCCRF en préparation", "mediator"),
    ("je demande à ma banque de bloquer ce prélèvement", "chargeback"),
    ("je vais faire oppo sur la carte", "chargeback"),
    ("je conteste l'achat auprès de ma banque demain", "chargeback"),
    ("tout facebook saura ce que vous faites", "public"),
    ("ça va finir sur youtube", "public"),
    ("on va dénoncer vos pratiques", "public"),
    ("les avis négatifs vont pleuvoir", "review"),
    ("si rien ne bouge je passe ma note de 5 à 1 étoile", "review"),
    ("je vais vous démolir en commentaires", "review"),
    ("envoyez-moi le formulaire de résiliation", "leave"),
    ("jamais plus je ne commande chez vous", "leave"),
    ("mon abonnement ne sera pas renouvelé", "leave"),
    ("mettez fin à mon contrat", "leave"),
    ("je ferme tous mes comptes", "leave"),
    ("je suis avocate, j'ai besoin d'une facture au nom du cabinet", None),
    ("mon frère voulait prendre un avocat, moi je préfère m'arranger", None),
    ("mon assureur m'a parlé d'un médiateur", None),
    ("je voudrais résilier l'option sport, je garde le reste", None),
    ("je me désabonne de la newsletter mais je garde mon compte", None),
    ("comment ça se passe si je fais opposition ?", None),
    ("je ne sais pas si mon abonnement est résilié", None),
    ("ne vous inquiétez pas, je ne vais pas porter plainte", None),
    ("la gendarmerie n'a rien donné pour le vol", None),
]


@pytest.mark.parametrize("text, kind", THREATS)
def test_threat_kind(text, kind):
    assert detect(text).threat == kind


def test_every_threat_kind_is_reachable_and_the_serious_ones_come_first():
    assert {detect(text).threat for text, _ in THREATS} == set(THREAT_KINDS) | {None}
    assert THREAT_KINDS == ("legal", "mediator", "chargeback", "public", "review", "leave")
    assert SERIOUS_THREATS == THREAT_KINDS[:4]


INSULTS = [
    ("bande d'incapables", True),
    ("colis perdu, bande d'incapables", True),
    ("bande d incapables", True),
    ("VOUS ETES DES INCAPABLES", True),
    ("escrocs", True),
    ("ESCROCS !!!!", True),
    ("escrooocs", True),
    ("Vous êtes des escrocs, j'ai payé un lave-linge qui n'est jamais arrivé", True),
    ("franchement vous êtes des voleurs", True),
    ("BANDE DE VOLEURS", True),
    ("arnaqueurs", True),
    ("connards", True),
    ("connar", True),
    ("enculés", True),
    ("espece de connard", True),
    ("abrutis", True),
    ("Toujours rien, bande de clowns", True),
    ("bande de guignols", True),
    ("bande de bras cassés", True),
    ("bande de nazes", True),
    ("bande 2 nazes", True),
    ("vous êtes nuls", True),
    ("vs etes nul", True),
    ("vous êtes vraiment des gros nuls", True),
    ("bande de nuls", True),
    ("t'es nul", True),
    ("t'es un robot débile", True),
    ("vos conseillers sont nuls", True),
    ("service de merde", True),
    ("boîte de merde", True),
    ("votre service de merde", True),
    ("putain de service", True),
    ("ta gueule", True),
    ("vous n'êtes que des escrocs", True),
    ("quel con ce livreur", True),
    ("bande d'escrocs et de voleurs", True),
    # swearing at nobody, criticism, negation, a third party
    ("putain encore en retard", False),
    ("merde encore en retard", False),
    ("MERDE !!!", False),
    ("bordel", False),
    ("putain de colis", False),
    ("journée de merde", False),
    ("votre service est lamentable", False),
    ("c'est honteux, inadmissible", False),
    ("c'est nul", False),
    ("votre service est nul", False),
    ("votre service est minable", False),
    ("c'est une arnaque", False),
    ("c'est du vol", False),
    ("vous êtes incapables de livrer un colis", False),
    ("je suis incapable de trouver le bouton", False),
    ("je suis nul en informatique", False),
    ("je ne vous traite pas d'escrocs mais c'est inadmissible", False),
    ("vous n'êtes pas des escrocs j'espère", False),
    ("un voleur a pris mon colis devant ma porte", False),
    ("des voleurs ont volé mon colis", False),
    ("vous me prenez pour un voleur ?", False),
    ("le livreur m'a traité de connard", False),
    ("une bande de tissu", False),
    ("bande LED défectueuse", False),
    ("une espèce de poudre blanche", False),
    ("je ne trouve nulle part", False),
    ("pas ce robot débile, un humain", True),
    ("vous êtes des rapaces", True),
    ("bravo les génies, encore raté", True),
    ("quelqu'un de moins bête que ce bot svp", True),
    ("mon voisin est un vrai connard", False),
]


@pytest.mark.parametrize("text, insult", INSULTS)
def test_insult(text, insult):
    found = detect(text)
    assert found.insult is insult
    assert bool(found.insult_terms) is insult


def test_insult_terms_are_counted_one_by_one():
    assert detect("bande d'escrocs et de voleurs").insult_terms == ("escrocs", "voleurs")
    assert detect("vous êtes nuls").insult_terms == ("nuls",)
    assert detect("bande de clowns").insult_terms == ("bande de clowns",)
    assert detect("colis perdu").insult_terms == ()


REQUESTS = [
    ("Passez-moi le service facturation, s'il vous plaît", True),
    ("le service livraison ne répond jamais", False),
    ("je veux parler à un humain", True),
    ("JE VEUX PARLER A UN HUMAIN", True),
    ("je veux parler à un conseiller", True),
    ("je voudrais parler à une personne", True),
    ("je veux parler à quelqu'un", True),
    ("je veux parler à votre supérieur", True),
    ("je veux parler à un vrai", True),
    ("Je souhaiterais être recontactée par téléphone au 06 12 34 56 78 après 18h", False),
    ("passez-moi votre responsable", True),
    ("passez moi un vrai", True),
    ("bon, passez-moi plutôt une vraie personne", True),
    ("prélevé deux fois, passez-moi un conseiller", True),
    ("mettez-moi en relation avec un conseiller", True),
    ("mettez moi en relation avec qqn", True),
    ("je veux être rappelé par un conseiller", False),
    ("j'ai besoin d'un conseiller", True),
    ("est-ce que je peux avoir un conseiller au téléphone ?", True),
    ("quelqu'un peut me rappeler ?", False),
    ("un humain svp", True),
    ("UN HUMAIN SVP", True),
    ("un umain stp", True),
    ("agent", True),
    ("conseiller", True),
    ("une vraie personne svp", True),
    ("jveu parlé a 1 conseillé", True),
    ("je ve parlé a un conseiller", True),
    ("passé moi qqn", True),
    ("je ne veux pas parler à un robot, je veux un humain", True),
    ("Deux prélèvements pour le même mois d'abonnement, je veux parler à un conseiller tout de suite", True),
    ("le responsable va m'appeler sur quel numéro ?", False),
    ("pas besoin de conseiller", False),
    ("je n'ai pas besoin d'un conseiller", False),
    ("j'ai déjà parlé à un conseiller hier", False),
    ("j'ai pu parler à un conseiller hier mais rien", False),
    ("un conseiller m'a dit que ce serait réglé", False),
    ("je voudrais savoir si le conseiller a noté mon numéro", False),
    ("est-ce que je parle à un humain ?", False),
    ("attendez, vous êtes une machine ou un humain ?", False),
    ("un vrai rendez-vous avec un horaire précis", False),
    ("je veux un vrai rendez-vous", False),
    ("mettez-moi un avoir sur mon compte", False),
    ("personne ne répond", False),
    ("puisque le conseiller a dit", False),
    ("un humain bordel", True),
    ("je veux un rendez-vous avec le directeur", True),
    ("je peux avoir un technicien au téléphone ?", True),
    ("pouvez-vous me rappeler le montant de ma facture ?", False),
    ("le livreur avait dit qu'il m'appellerait", False),
]


CALLBACKS = [
    ("Je souhaiterais être recontactée par téléphone au 06 12 34 56 78 après 18h", True),
    ("je veux être rappelé par un conseiller", True),
    ("qu'un responsable technique me rappelle au plus vite", True),
    ("rappelez-moi svp", True),
    ("je veux parler à un conseiller", False),
    ("vous m'avez déjà appelé trois fois pour rien", False),
    ("Pourriez-vous me faire rappeler demain matin ?", True),
    ("Je préfère qu'une conseillère m'appelle, c'est plus simple", True),
    ("un rappel ce soir après 18h svp", True),
    # a name, a promise broken, a question about a call promised, the customer calling back
    ("Je m'appelle Hélène Marchal", False),
    ("votre collègue devait me rappeler jeudi, je n'ai rien eu", False),
    ("on m'avait promis un rappel sous 24h", False),
    ("il va m'appeler à quelle heure ?", False),
    ("je vous recontacte demain, là je dois partir", False),
    ("j'ai reçu un rappel de paiement alors que j'ai payé", False),
]


@pytest.mark.parametrize("text, asks", CALLBACKS)
def test_a_call_back_asked_for_is_a_wish_not_a_request_to_talk_now(text, asks):
    found = detect(text)
    assert found.callback is asks
    assert not (found.callback and found.request_human)


@pytest.mark.parametrize("text, asks", REQUESTS)
def test_request_for_a_person(text, asks):
    assert detect(text).request_human is asks


@pytest.mark.parametrize(
    "text, asks",
    [
        # a person named at the start of a sentence that goes on is its subject, not a request
        ("Le conseiller, mardi, vers 14h, il m'a raccroché au nez. Je veux que ce soit signalé.", False),
        ("Votre responsable, celui d'hier, m'a promis un geste.", False),
        ("un conseiller, vite !", True),
        ("Un humain, merci.", True),
        ("un HUMAIN bordel, pas une machine qui répond à côté", True),
        # somebody to do something is a remedy asked for, not a person to talk to now
        ("Je voudrais que quelqu'un vérifie ma facture, pour comprendre pourquoi elle a augmenté.", False),
        ("je veux que quelqu'un vienne réparer la chaudière", False),
        ("je voudrais quelqu'un au téléphone", True),
    ],
)
def test_a_person_named_alone_asks_for_one_only_as_a_whole_sentence(text, asks):
    assert detect(text).request_human is asks


HAZARDS = [
    ("le chargeur dégage de la FUMÉE", True),
    ("le grille-pain fume", True),
    ("CA FUME", True),
    ("sa fume", True),
    ("odeur de brûlé", True),
    ("ça sent le brulé", True),
    ("ça sent le cramé", True),
    ("il y a des etincelles quand je branche", True),
    ("court-circuit dans la prise", True),
    ("je me suis électrocuté", True),
    ("risque d'électrocution avec ce câble", True),
    ("la multiprise prend feu", True),
    ("mon fils de 3 ans a mis une petite pièce du jouet dans sa bouche", True),
    ("j'ai pris une décharge", True),
    ("j ai pris le jus en touchant le frigo", True),
    ("j'ai pris une châtaigne", True),
    ("il a pris feu, mon fils s'est brûlé", True),
    ("des flammes sortent du four", True),
    ("incendie dans la cuisine", True),
    ("le chargeur a fondu", True),
    ("ça surchauffe", True),
    ("le téléphone est brûlant", True),
    ("la batterie de mon téléphone a gonflé", True),
    ("la batterie a explosé", True),
    ("de l'eau coule sur la prise électrique", True),
    ("il y a de l'eau près du tableau électrique", True),
    ("il y a de l'eau près d'une prise", True),
    ("ça sent le gaz dans la cuisine", True),
    ("il y a une fuite de gaz", True),
    ("mon enfant s'est coupé avec le couvercle", True),
    ("mon enfant s est coupé sur le bord", True),
    ("ma fille a failli avaler une pièce", True),
    ("c'est dangereux", True),
    # figurative, negated, other senses
    ("mon budget a explosé", False),
    ("les prix ont explosé", False),
    ("ça me fait péter un câble", False),
    ("ça me fait péter les plombs", False),
    ("je vais exploser", False),
    ("ça chauffe entre nous", False),
    ("le prix a flambé", False),
    ("ça va faire des étincelles", False),
    ("pas de fumée mais ça ne marche plus", False),
    ("il n'y a aucune odeur de brûlé", False),
    ("sans fumée ni étincelle", False),
    ("table en verre fumé", False),
    ("appareil à fondue cassé", False),
    ("le chocolat a fondu pendant la livraison", False),
    ("la box s'est coupée", False),
    ("internet coupé depuis 3 jours", False),
    ("le radiateur ne chauffe pas", False),
    ("le four chauffe trop lentement", False),
    ("fuite d'eau sous l'évier", False),
    ("la batterie se décharge vite", False),
    ("ma facture de gaz est trop chère", False),
    ("je suis en danger de perdre mon emploi", False),
    ("le détecteur de fumée ne s'allume pas", False),
    ("la hotte n'aspire plus les fumées", False),
    ("le compteur fume", True),
    ("mon fils a pris un choc électrique sur la prise", True),
    ("la prise du salon grésille", True),
    ("il reste des fils dénudés dans la chambre", True),
    ("l'étagère est tombée juste à côté de ma fille", True),
    ("la poussette s'est repliée avec mon bébé dedans", True),
    ("j'ai peur que la hotte tombe", True),
    ("il a le bras cassé après la chute du vélo", True),
    ("la multiprise derrière la machine baigne dans l'eau", True),
    ("vos techniciens sont des bras cassés", False),
    ("cette facture m'a électrocuté", False),
    # water reaching the electricity, told across two clauses
    (
        "la cuisine a été inondée, l'eau est allée jusque sous les meubles et près des prises électriques",
        True,
    ),
    ("la fuite d'eau du lave-vaisselle a été réparée, merci", False),
    ("ma machine fuit, il y a de l'eau partout dans la salle de bain", False),
]


@pytest.mark.parametrize("text, hazard", HAZARDS)
def test_hazard(text, hazard):
    found = detect(text)
    assert found.hazard is hazard
    assert bool(found.hazard_terms) is hazard


def test_one_message_can_carry_every_signal():
    found = detect("Bande d'escrocs, ça sent le brûlé, passez-moi un responsable ou je porte plainte !")
    assert found.insult and found.hazard and found.request_human and found.threat == "legal"
    assert detect("bande d'incapables, je vais prendre un avocat").threat == "legal"


def test_calm_complaints_carry_no_signal():
    for text in (
        "Bonjour, ma commande CMD-482913 n'est toujours pas arrivée, ça fait trois semaines",
        "Le livreur a laissé mon colis dans la rue sous la pluie",
        "On m'a prélevé deux fois 49,99 € ce mois-ci",
        "Internet coupé depuis lundi, le technicien n'est jamais venu",
        "Où en est ma réclamation LIT-2026-004817 ?",
        "Je vais vous envoyer la photo du colis abîmé",
        "",
        "   ",
    ):
        assert detect(text) == Signals(), text
    assert detect(None) == Signals()


def test_as_dict_is_plain_json():
    found = detect("bande de nuls, ça fume !")
    data = found.as_dict()
    assert set(data) == {
        "insult",
        "insult_terms",
        "threat",
        "request_human",
        "hazard",
        "hazard_terms",
        "callback",
    }
    assert data["insult_terms"] == ["nuls"] and data["hazard_terms"] == ["ca fume"]
    assert json.loads(json.dumps(data)) == data
    with pytest.raises(AttributeError):
        found.insult = False  # frozen


def test_normalisation_of_sms_accents_hyphens_and_elongations():
    assert normalise("Passez-MOI un Conseillé STP") == "passez moi un conseille svp"
    assert normalise("jvais porter plainte vs etes nuuuls") == "je vais porter plainte vous etes nuls"
    assert normalise("j ai pris le jus, qqn peut m’aider ?") == "j'ai pris le jus, quelqu'un peut m'aider ?"


def test_a_huge_message_is_read_on_its_first_part_only():
    # bounded: only the first MAX_CHARS are read (a catastrophic pattern would hang here; its
    # speed is measured by `make bench-emotion`, never asserted in a test)
    insults = detect("bande de " * 20000).insult_terms
    assert 0 < len(insults) < 400  # read, but on its first part only
    assert detect("je vais " * 20000 + "porter plainte").threat is None  # the threat is past the bound
    assert detect("je vais porter plainte " + "bla " * 20000).threat == "legal"


def test_the_module_is_pure_and_imports_no_rasa():
    code = (
        "import sys, litige.signals\n"
        "sys.exit(any(name.split('.')[0] in ('rasa', 'rasa_sdk') for name in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root, check=False).returncode == 0
