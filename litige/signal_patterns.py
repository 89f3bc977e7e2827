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
        (r"oppo", "opposition"),
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
    r"|(?:n'|ne\s+)?(?:\S+\s+)?(?:hesit|tard|manqu|inquiet|en fai)\w*\s+(?:pas|plus|point)"
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
    r"=|->|(?:ensuite|apres|apres ca|et apres|puis|sinon) c'est|sinon|faute de|a defaut|sans quoi|ou bien"
    r"|ou alors|autrement|s'ils?|dernier avertissement|derniere chance"
    # "si", but not an indirect question ("je ne sais pas si mon contrat est résilié")
    r"|(?<!sais )(?<!sait )(?<!savoir )(?<!sais pas )(?<!sait pas )(?<!meme pas )(?<!demande )"
    r"(?<!voir )(?<!verifier )(?<!dire )(?<!comprendre )"
    r"si(?! (?:peu|bien|vite|longtemps|mal|cher|simple|souvent|tot|tard)\b)"
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
    r"|m'(?:a|ont|avait|avaient) <gap1>(?:parle|conseille|suggere|propose|recommande|dit|explique)"
    r"|(?:mon|ma|mes) (?:mari|femme|conjoint\w*|compagn\w*|pere|mere|parents|frere|soeur|fils|fille"
    r"|voisin\w*|ami\w*|copain|copine|collegue\w*|entourage|assureur|beau \w+|belle \w+)\s+<gap1>"
    r"(?:voulait|veut|voudrait|voulaient|veulent|pense|pensait|parle|parlait|conseille|suggere)"
    # what the bank already did by itself ("ma banque a rejeté votre prélèvement") is a fact
    r"|(?:banque|banquier|banquiere|paypal) (?:l'|les |m'|nous |me |vous )?(?:a|avait|ont|avaient)"
)
MINE = re.compile(r"(?<![a-z0-9])(?:mon|ma|mes|notre|nos)\s+$")  # "mon avocat m'a dit": still theirs
RECEIVED_AFTER = re.compile(
    compose(
        r"\s*(?:<gap2>(?:m'a|m'ont|me reclam\w*|me menac\w*|me poursui\w*|nous a|est venue?|est passee?"
        r"|sont venus|a sonne|a appele|m'appelle|a envoye|m'envoie|debarque|adverse|n'a|n'ont|n'avait"
        r"|a (?:rien|classe|tranche|donne|refuse|rejete))"
        r"|du (?:creancier|fournisseur|vendeur|magasin)|de (?:la |votre |l')(?:societe|entreprise|partie"
        r"|banque|organisme|magasin))"
    )
)
