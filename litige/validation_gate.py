"""Whether the action server's global slot validation has anything to do this turn (pure).

Rasa 3.6 calls ``action_validate_slot_mappings`` (``actions/slot_validation.py``) after every
user message, sending the whole tracker and the domain (about 56 KB), even when the message
set no slot that action reads: measured with ``make profile``, one call in two turns did
nothing. The Rasa process (``channels/slot_gate.py``) asks ``validation_due`` first and calls
the action only when it has work:

* a slot it validates was extracted from the message (``VALIDATED_SLOTS``),
* a ticket is waiting to be saved (``ticket_pending``) and no advisor holds the conversation,
* the order system is due to be asked (``account_facts.lookup_due``).

The two lists here and the action's ``validate_<slot>`` / ``extract_<slot>`` methods are
kept equal by ``tests/litige/test_validation_gate.py``.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from litige import account_facts

# the slots the action has a validate_<slot> method for
VALIDATED_SLOTS = frozenset(
    {
        "order_id",
        "ticket_id",
        "customer_email",
        "customer_phone",
        "customer_name",
        "csat",
        "disputed_amount",
        "incident_date",
    }
)
# the slots the action fills itself (extract_<slot>), and when
EXTRACTED_SLOTS = frozenset({"ticket_pending", "account_facts"})


def validation_due(candidates: Iterable[str], slot: Callable[[str], Any], paused: bool) -> bool:
    """``candidates``: the slots the message set; ``slot``: a slot's value after them."""
    if VALIDATED_SLOTS.intersection(candidates):
        return True
    if slot("ticket_pending") and not paused:
        return True
    return account_facts.lookup_due(
        slot("account_facts"), slot("order_id"), slot("customer_email"), slot("customer_phone")
    )
