"""A small world for the review desk's tests: conversations written event by event as Rasa's
SQL tracker store keeps them (its ``events`` table), for a console to read."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from litige.clock import PARIS
from litige.review.sync import event_row, events_table

NOW = "2026-11-20T10:00:00+01:00"  # a Friday; the dashboard's default period ends that day
EMAIL = "claire.martin@example.fr"


class Talk:
    """One conversation's events as Rasa stores them, two seconds apart."""

    def __init__(self, start: datetime):
        self.t = start.timestamp()
        self.events = [{"event": "action", "name": "action_session_start"}, {"event": "session_started"}]

    def _add(self, event):
        self.t += 2
        self.events.append({**event, "timestamp": self.t})
        return self

    def user(self, text, intent, confidence=0.95, emotion=None, intensity=0.0):
        parse = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []}
        if emotion:
            parse["emotion"] = {"name": emotion, "intensity": intensity}
        return self._add({"event": "user", "text": text, "parse_data": parse})

    def action(self, name):  # chosen by a policy: the model's own move, not the console's
        return self._add({"event": "action", "name": name, "policy": "RulePolicy", "confidence": 1.0})

    def slot(self, name, value):
        return self._add({"event": "slot", "name": name, "value": value})

    def bot(self, text, metadata=None):
        return self._add({"event": "bot", "text": text, "metadata": metadata or {}})


def paris(text):
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


def conversations():
    resolved = (
        Talk(paris("2026-11-18T09:00"))
        .user(
            f"Ma commande CMD-482913 n'est jamais arrivée, écrivez-moi à {EMAIL}",
            "complain_delivery",
            emotion="anger",
            intensity=0.8,
        )
        .slot("complaint_category", "delivery")
        .slot("order_id", "CMD-482913")
        .slot("customer_email", EMAIL)
        .slot("waltz_step", "questioning")
        .bot("Je suis vraiment désolé. Quand deviez-vous la recevoir ?")
        .user("Elle devait arriver lundi", "inform", confidence=0.9, emotion="frustration", intensity=0.5)
        .action("action_propose_remedy")
        .bot("Je vous propose un renvoi en express.")
        .slot("current_remedy", "reshipment")
        .slot("waltz_step", "resolution")
        .user("/affirm", "affirm", confidence=1.0)
        .slot("waltz_step", "closure")
        .user("Merci beaucoup, c'est parfait", "thank", emotion="satisfaction", intensity=0.6)
        .slot("csat", 5)
    )
    handoff = (
        Talk(paris("2026-11-19T14:00"))
        .user("Le mixeur reçu est cassé", "complain_product", confidence=0.91, emotion="anger", intensity=0.7)
        .slot("complaint_category", "product")
        .user(
            "je veux un humain tout de suite",
            "request_human",
            confidence=0.32,
            emotion="anger",
            intensity=0.9,
        )
        .action("action_handoff")
        .slot("handoff_reason", "request_human")
        .slot("waltz_step", "handoff")
        .bot(
            "Bonjour, je suis Julie.",
            {"advisor": {"first_name": "Julie"}, "advisor_text": "Bonjour, je suis Julie."},
        )
    )
    old = (
        Talk(paris("2026-10-01T11:00"))
        .user("Ma facture est fausse", "complain_billing", confidence=0.88, emotion="anxiety", intensity=0.4)
        .slot("complaint_category", "billing")
    )
    return {"conv-resolved": resolved.events, "conv-handoff": handoff.events, "conv-old": old.events}


def write_tracker(url, talks):
    engine = sa.create_engine(url)
    events_table.create(engine, checkfirst=True)
    rows = [event_row(sender, event) for sender, talk in talks.items() for event in talk]
    with engine.begin() as connection:
        connection.execute(events_table.insert(), rows)
    engine.dispose()
