"""A French postal address typed by a customer (pure).

A technician or a pick-up needs an address someone can find: a street (a number and a type
of way, "12 rue des Lilas", "3 bis avenue Jean-Jaurès", "lieu-dit Les Granges") and a postal
code with its town ("69003 Lyon"). ``read_address`` finds both in free text, whatever else
the customer writes around them, and says what is missing when something is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Optional, Tuple

from litige.text import fold

MAX_CHARS = 300
_WAY = (
    r"rue|avenue|av|bd|boulevard|bld|chemin|che|allee|impasse|imp|place|pl|route|rte|quai|cours"
    r"|lotissement|lot|residence|res|lieu-dit|lieu dit|ld|hameau|square|passage|voie|sentier|faubourg"
    r"|fbg|promenade|esplanade|parvis|rond-point|mail|clos|cite|domaine|villa|montee|ruelle|traverse"
)
STREET = re.compile(
    rf"(?<![\w])(?:(?P<number>\d{{1,4}})\s*(?:(?:bis|ter|quater|[a-d])\b)?\s*,?\s*)?(?P<way>{_WAY})\.?\s+"
    r"(?P<name>[^\d,;\n]{2,60}?)(?=\s*(?:,|;|\n|\d{5}|2[ab]\d{3}|$))",
    re.I,
)
# a postal code (Corsica's 2A/2B included) followed by its town; 00xxx and 99xxx do not exist
POSTCODE = re.compile(
    r"(?<!\d)(?P<code>(?:0[1-9]|[1-8]\d|9[0-8])\d{3}|2[ab]\d{3})\s*,?\s+(?P<town>[^\d,;.!?:()\n]{2,50})", re.I
)
_TOWN_END = re.compile(r"\s+(?:merci|svp|s'il vous pla[iî]t|cordialement|bonne journ[ée]e)\b.*$", re.I)


@dataclass(frozen=True)
class Address:
    street: str  # "12 rue des Lilas"
    postcode: str  # "69003"
    town: str  # "Lyon"

    def spoken(self) -> str:
        """As written on an envelope: "12 rue des Lilas, 69003 Lyon"."""
        return f"{self.street}, {self.postcode} {self.town}"


def _clean(text: str) -> str:
    text = re.sub(r"^(\d+(?:\s*(?:bis|ter|quater|[a-d]))?)\s*,\s*", r"\1 ", text.strip(), flags=re.I)
    return re.sub(r"\s+", " ", text).strip(" .,;")


def read_address(text: Optional[str]) -> Tuple[Optional[Address], Tuple[str, ...]]:
    """The address in the text, or None and what is missing ("street", "postcode")."""
    raw = unicodedata.normalize("NFC", (text or "")[:MAX_CHARS])
    folded = fold(raw)
    if len(folded) != len(raw):  # folding kept every position: the match is cut from the raw text
        folded = raw
    street = STREET.search(folded)
    postcode = POSTCODE.search(folded)
    missing = tuple(part for part, found in (("street", street), ("postcode", postcode)) if not found)
    if missing:
        return None, missing
    town = _clean(_TOWN_END.sub("", raw[postcode.start("town") : postcode.end("town")]))
    return Address(_clean(raw[street.start() : street.end()]), postcode.group("code").upper(), town), ()
