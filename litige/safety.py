"""Which safety instruction a possible danger calls for (pure).

``litige.signals`` finds the danger (smoke, burning smell, sparks, electric shock, water near
electricity, gas); this module says what to tell the customer first:

* ``gas``: a gas smell or leak (no switch, no flame, open the windows, go out, call the
  emergency number from outside);
* ``electric``: smoke, sparks, burning smell, shock, water near electricity (unplug or cut
  the power only if it can be done without risk, stop using it, keep away);
* plus ``emergency`` (112) when someone may be hurt or at risk: a burn, a shock taken, a
  child or a baby next to it, an intoxication, someone feeling unwell.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional, Tuple

from litige.text import fold

_GAS = re.compile(r"\bgaz\b|\bfuite de gaz\b|\bodeur de gaz\b")
_AT_RISK = re.compile(
    r"\b(?:enfants?|fils|fille|bebes?|nourrisson|brule(?:e|s|es)?|brulure\w*|blesse\w*|malaise|intoxi\w*"
    r"|evanoui\w*|electrocut\w*|pris (?:une |le )?(?:decharge|jus|chataigne)|pompiers|samu|urgences?"
    r"|respire mal|mal a la tete|vertiges?|personne agee|ma mere|mon pere|enceinte)\b"
)


def instructions(text: Optional[str], hazard_terms: Iterable[str] = ()) -> Tuple[str, ...]:
    """The safety phrases to say, in order: the kind of danger, then the emergency number
    when someone may be at risk. Empty when the message speaks of no danger."""
    terms = [fold(t) for t in hazard_terms]
    if not terms:
        return ()
    folded = fold(text or "")
    kind: str = "gas" if any(_GAS.search(t) for t in terms) else "electric"
    return (kind, "emergency") if _AT_RISK.search(folded) else (kind,)
