"""The complaint's categories, as a belief that later messages can revise (pure).

The intent classifier gives one complaint intent per message; customers often mix two
("le colis n'est jamais arrivé ET on m'a facturé deux fois"). ``belief`` combines the
classifier's ranking with plain word cues of each category and returns the categories,
most likely first: the intent's own category, then any other category that the message
clearly names. The dialogue keeps them all (``complaint_categories``) and can move the
main one when the customer corrects it.

``rescue_fallback`` decides whether a message the classifier was unsure about is still
plainly a complaint (a long opening that names a category): answering such a message
with "je ne suis pas sûr d'avoir compris" is the worst possible first answer, and the
questioning step can still revise the category.
"""

from __future__ import annotations

import re
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from litige.text import fold

INTENT_CATEGORY: Dict[str, str] = {
    "complain_delivery": "delivery",
    "complain_product": "product",
    "complain_billing": "billing",
    "request_refund": "refund",
    "complain_service": "service",
    "complain_communication": "communication",
}
CATEGORY_INTENT = {category: intent for intent, category in INTENT_CATEGORY.items()}


def _cues(*patterns: str) -> re.Pattern:
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(patterns) + r")")


# Word starts (folded text) that name a category on their own, whatever else is said.
CUES: Dict[str, re.Pattern] = {
    "delivery": _cues(
        r"colis",
        r"livr",
        r"livreur",
        r"transporteur",
        r"point relais",
        r"jamais (?:ete )?recu",
        r"pas (?:encore |toujours )?recu",
        r"toujours pas (?:arrive|recu)",
        r"(?:mauvais|mauvaise) (?:article|taille|couleur|produit)",
        r"au lieu d[eu]",
        r"il manque",
        r"expedi",
        r"suivi (?:de|du) (?:colis|commande)",
    ),
    "product": _cues(
        r"en panne",
        r"ne (?:marche|fonctionne|s'allume|charge) (?:plus|pas)",
        r"marche plus",
        r"defectu",
        r"casse",
        r"fissur",
        r"raye",
        r"defaut",
        r"(?:a|est) tombe en panne",
        r"se decoll",
        r"dechir",
        r"fum",
        r"etincel",
        r"garantie",
    ),
    "billing": _cues(
        r"factur",
        r"preleve",
        r"prelevement",
        r"debit",
        r"paye (?:deux|2) fois",
        r"deux prelevements",
        r"double (?:paiement|prelevement|debit)",
        r"frais (?:bancaires|de rejet|supplementaires|caches)",
        r"montant",
        r"decouvert",
        r"relance",
        r"huissier",
        r"recouvrement",
        r"code promo",
        r"tarif",
    ),
    "refund": _cues(r"rembours", r"avoir\b", r"recuperer mon argent", r"rendre mon argent"),
    "service": _cues(
        r"technicien",
        r"intervention",
        r"depann",
        r"coupure",
        r"plus d'internet",
        r"pas d'internet",
        r"plus de (?:reseau|connexion|courant|gaz|chauffage|tele|tv|ligne)",
        r"box",
        r"fibre",
        r"reseau",
        r"plombier",
        r"chaudiere",
        r"installat",
        r"vol (?:annule|retarde)",
        r"train (?:annule|supprime)",
        r"hotel",
        r"reparat",
        r"vendeu",
        r"abonnement (?:ne fonctionne|ne marche)",
    ),
    "communication": _cues(
        r"personne ne (?:repond|rappelle|me repond)",
        r"aucune reponse",
        r"sans reponse",
        r"injoignable",
        r"jamais rappele",
        r"(?:pas|jamais) ete rappele",
        r"rappel promis",
        r"devait me rappeler",
        r"balade",
        r"(?:un|le) conseiller (?:me dit|m'a dit)",
        r"contradictoire",
        r"version differente",
        r"aucune nouvelle",
        r"pas de nouvelles",
    ),
}

MIN_RESCUE_WORDS = 6
MIN_RESCUE_CONFIDENCE = 0.2


def cue_categories(text: str) -> List[str]:
    """The categories whose cues appear in the message, in the catalogue's order."""
    folded = fold(text)
    return [category for category, pattern in CUES.items() if pattern.search(folded)]


_PURCHASE_RETURN = _cues(
    r"retour", r"retourn", r"retract", r"renvoy", r"commande", r"article", r"colis", r"cmd"
)


def settle(category: Optional[str], text: str) -> Optional[str]:
    """The category to work with: a refund asked for money taken by a bill or a direct debit
    ("vous m'avez encore prélevé 13,99 €, je veux être remboursée") is a billing complaint, with
    no order number to ask for; a refund of a purchase stays a refund."""
    folded = fold(text or "")
    if category == "refund" and CUES["billing"].search(folded) and not _PURCHASE_RETURN.search(folded):
        return "billing"
    return category


def belief(intent: Optional[str], ranking: Sequence[Mapping], text: str) -> List[str]:
    """Categories the message speaks of, most likely first (empty: not a complaint)."""
    cued = cue_categories(text)
    main = INTENT_CATEGORY.get(intent or "")
    if main is None:
        return []
    ordered = [main]
    confidences = {str(item.get("name")): float(item.get("confidence") or 0.0) for item in ranking}
    for category in sorted(cued, key=lambda c: confidences.get(CATEGORY_INTENT[c], 0.0), reverse=True):
        if category not in ordered:
            ordered.append(category)
    return ordered


def rescue_fallback(ranking: Sequence[Mapping], text: str) -> Optional[Tuple[str, float]]:
    """The complaint intent to keep for an uncertain message that is plainly a complaint,
    or None. Only for messages of some length that name a complaint category, and only when
    the classifier's best guess is a complaint intent it has some confidence in."""
    if len(fold(text).split()) < MIN_RESCUE_WORDS:
        return None
    cued = set(cue_categories(text))
    if not cued:
        return None
    for item in ranking:
        name = str(item.get("name"))
        if name == "nlu_fallback":
            continue
        confidence = float(item.get("confidence") or 0.0)
        if INTENT_CATEGORY.get(name) and confidence >= MIN_RESCUE_CONFIDENCE:
            return name, confidence
        return None  # the classifier's best guess is not a complaint: keep the fallback
    return None


# how a customer names a category when correcting ("non, c'est la livraison, pas la facture")
NAMES = {
    "delivery": r"livraison|livre|colis|commande|arrive|recu",
    "billing": r"factur|preleve|prelevement|debit|paiement|paye",
    "product": r"produit|article|appareil|defectueu|casse|abime|marche pas|fonctionne pas",
    "refund": r"rembours",
    "service": r"service|technicien|intervention|panne|coupure|rendez-vous",
    "communication": r"communication|reponse|rappel|injoignable|conseiller",
}
_NEGATED = re.compile(
    r"(?:n'est|n'etait|ne s'agit|c'est) (?:pas|plus)\b[^,.;:!?]*|rien a voir avec[^,.;:!?]*"
    r"|\bpas (?:le|la|les|un|une|de|du|d'un|d'une|des|avec) [^,.;:!?]*"
)


def corrected_category(text: Optional[str], current: Optional[str]) -> Optional[str]:
    """The category a correction names instead of ``current`` ("Non, ce n'est pas un problème
    de communication, c'est ma livraison qui n'arrive pas" -> delivery), None when it names
    none: what is negated is left out, the first category named wins."""
    folded = fold(text or "")
    positive = _NEGATED.sub(lambda m: " " * len(m.group(0)), folded)
    found = []
    for category, words in NAMES.items():
        hit = re.search(rf"\b(?:{words})", positive)
        if hit and category != current:
            found.append((hit.start(), category))
    return min(found)[1] if found else None


def denied_category(text: Optional[str], current: Optional[str]) -> Optional[str]:
    """The category a message puts instead of ``current`` when it denies ``current`` by name
    ("ce n'est pas vraiment un problème de livraison, c'est la couture qui est abîmée" ->
    product), wherever it is said; None otherwise (a plain "non" denies no category)."""
    if current not in NAMES:
        return None
    denied = " ".join(m.group(0) for m in _NEGATED.finditer(fold(text or "")))
    if not re.search(rf"\b(?:{NAMES[current]})", denied):
        return None
    return corrected_category(text, current)


_CORRECTING = re.compile(
    r"^(?:non|nan|pas du tout|pas vraiment|pas tout a fait|pas exactement|faux|c'est faux|erreur"
    r"|vous vous trompez|vous avez mal compris|ce n'est pas|c'est pas|ca n'a rien a voir)\b"
)


def is_correction(text: Optional[str]) -> bool:
    """Whether an answer to a reformulation corrects it ("Non, c'est ma livraison…",
    "ce n'est pas un problème de communication")."""
    folded = fold(text or "").strip()
    return bool(_CORRECTING.match(folded) or _NEGATED.search(folded))
