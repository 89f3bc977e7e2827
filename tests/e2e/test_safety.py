"""A possible danger through the real servers: the safety instruction comes first, and the
remedy never keeps or resends the same product."""

from __future__ import annotations

from tests.e2e.test_waltz import CONSENT, joined, waltz_steps

DANGER = (
    "Bonsoir, le radiateur d'appoint livré lundi s'est mis à fumer dans la chambre de mon bébé, "
    "avec une odeur de plastique brûlé. Commande CMD-660412. Je ne veux plus jamais de ce modèle chez moi."
)


def test_a_danger_gets_safety_first_and_a_safe_remedy(chat):
    first = chat.say(DANGER)
    assert "sécurité" in first[0]["text"] and "112" in joined(first[:2]), joined(first)
    slots = chat.tracker()["slots"]
    assert slots["hazard_reported"] is True and waltz_steps(chat)[0] == "attention"
    text = joined(first)
    for answer in ("un remboursement complet", "sofia.marchetti@orange.fr"):
        if "Si je" in text:
            break
        text = joined(chat.say(answer))
    assert "Si je" in text, text
    proposal = joined(chat.say("oui"))
    assert CONSENT in proposal, proposal
    assert chat.tracker()["slots"]["current_remedy"] not in ("replacement", "repair", "partial_refund")
