"""A correction through the real servers: the category follows it, only what the new
category needs is asked, and only what changed is said back."""

from __future__ import annotations

from tests.e2e.test_waltz import CONSENT, joined

OPENING = "Cela fait dix jours que personne ne répond à mes mails ni à mes appels, c'est insupportable."
ANSWERS = ("Je veux juste qu'on me réponde enfin", "lucas.perrin@laposte.net", "rien de plus")


def test_a_corrected_category_is_taken_in(chat):
    text = joined(chat.say(OPENING))
    assert chat.tracker()["slots"]["complaint_category"] == "communication"
    for answer in ANSWERS:
        if text.startswith("Si je") or "\nSi je" in text:
            break
        text = joined(chat.say(answer))
    assert "Si je" in text, text
    asked = joined(
        chat.say("Non, ce n'est pas un problème de communication, c'est ma livraison qui n'arrive pas")
    )
    slots = chat.tracker()["slots"]
    assert slots["complaint_category"] == "delivery", slots["complaint_category"]
    assert "commande" in asked and "?" in asked, asked  # the order number, which a delivery needs
    recap = joined(chat.say("CMD-5503318"))
    assert "CMD-5503318" in recap and "livraison" in recap, recap
    assert "dix jours" not in recap  # what changed, not the whole recap again
    proposal = joined(chat.say("oui"))
    assert CONSENT in proposal, proposal
