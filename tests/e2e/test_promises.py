"""Proposals checked against what the demo order system knows, through the real servers
(APP_TODAY is Friday 20 November 2026; catalogue/demo_backoffice.yml dated from that day):
never a delivery date before the carrier's estimate, never a refund for an order the system
cannot find, a visit prepared (where, when) and promised on a precise window."""

from __future__ import annotations

import re

from litige.tickets.store import TicketStore
from tests.e2e.test_waltz import CONSENT, joined


def until_the_proposal(chat, opening, email):
    first = joined(chat.say(opening))
    recap = joined(chat.say(email))
    assert "Si je" in recap, recap
    proposal = joined(chat.say("oui, voilà"))
    assert CONSENT in proposal, proposal
    return first, proposal, chat.tracker()["slots"]


def test_a_parcel_in_transit_is_promised_on_the_carriers_date_not_before(chat):
    first, proposal, slots = until_the_proposal(
        chat,
        "Bonjour, mon robot pâtissier (commande CMD-518204) devait arriver mardi, il n'est toujours pas là. "
        "Je veux juste savoir quand je vais le recevoir.",
        "nadia.haddad@example.fr",
    )
    # the order system: in transit with Colissimo, delivery announced for Sunday 22 November
    assert "Colissimo" in first and "dimanche 22 novembre" in first, first
    assert slots["current_remedy"] == "carrier_delivery"
    assert slots["due_date"] >= "2026-11-22"  # never before the carrier's own estimate
    assert "lundi 23 novembre" in proposal and "transporteur" in proposal, proposal


def test_an_order_the_system_cannot_find_gets_no_refund_promised(chat):
    first, proposal, slots = until_the_proposal(
        chat,
        "Bonjour, je n'ai jamais reçu ma commande CMD-1000001 passée il y a trois semaines, je veux être "
        "remboursée.",
        "sarah.bouvier@example.fr",
    )
    assert "CMD-1000001" in first and ("ne retrouve pas" in first or "n'apparaît pas" in first), first
    assert slots["current_remedy"] == "order_search"
    offer = proposal.split("Est-ce que cela vous convient")[-1]
    assert "rembours" not in offer and "recherche" in offer, proposal
    assert "lundi 23 novembre" in proposal  # when we come back, with a solution


def test_a_visit_is_prepared_where_and_when_then_promised_on_a_precise_window(chat, servers):
    chat.say(
        "Bonjour, le technicien devait passer mardi pour ma fibre et personne n'est venu, sans prévenir. "
        "Je voudrais qu'un technicien vienne vraiment, sur un créneau précis."
    )
    assert chat.tracker()["slots"]["requested_slot"] == "customer_address"
    partial = joined(chat.say("au 14 rue des Capucins"))
    assert "code postal" in partial, partial  # what is missing, asked once
    chat.say("14 rue des Capucins, 33000 Bordeaux")
    assert chat.tracker()["slots"]["requested_slot"] == "visit_availability"
    chat.say("jeudi, l'après-midi, je télétravaille ce jour-là")
    recap = joined(chat.say("hugo.lefevre@example.fr"))
    assert "Si je" in recap, recap
    proposal = joined(chat.say("oui, voilà"))
    assert CONSENT in proposal, proposal
    slots = chat.tracker()["slots"]
    assert slots["current_remedy"] == "repair_visit", proposal
    assert "14 rue des Capucins, 33000 Bordeaux" in proposal  # where, as the customer gave it
    # three business days from Friday 20 is Wednesday 25: the first Thursday, in the afternoon
    assert slots["due_date"] == "2026-11-26" and "jeudi 26 novembre" in proposal, proposal
    window = re.search(r"entre (\d+) h et (\d+) h", proposal)
    assert window and int(window.group(2)) - int(window.group(1)) == 2, proposal  # two hours, not a day
    assert int(window.group(1)) >= 13  # inside the afternoon the customer gave
    assert slots["appointment_window"] == f"entre {window.group(1)} h et {window.group(2)} h"
    chat.say("oui")
    store = TicketStore(servers.ticket_db_url)
    try:
        ticket = store.get(chat.tracker()["slots"]["ticket_id"]).data
    finally:
        store.engine.dispose()
    assert ticket["customer_address"] == "14 rue des Capucins, 33000 Bordeaux"
    assert ticket["customer_availability"] == "jeudi, l'après-midi, je télétravaille ce jour-là"
    assert ticket["agreed_remedy"] == "repair_visit"
