"""Review stores to test against: the ticket database and the tracker store on SQLite always,
on PostgreSQL too when TEST_POSTGRES_URL is set (a fresh database per test, holding both,
dropped afterwards).

``Tracker`` writes rows in an ``events`` table with the schema of Rasa's SQL tracker store;
``Talk`` builds a conversation's events as Rasa records them (session start, the customer's
messages with their parse data, slots, actions, the assistant's messages)."""

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from litige.review.filters import parse_filters
from litige.review.store import ReviewStore
from litige.review.sync import event_row, events_table
from tests.postgres import POSTGRES, postgres_database

NOW = datetime(2026, 12, 8, 10, 0, tzinfo=timezone.utc)
UTC = timezone.utc
MODEL = {"model_id": "a0a291085b5f45a7946a7f7aba25041f", "assistant_id": "litige-bot"}


class Clock:
    def __init__(self, now=NOW):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture(params=["sqlite", "postgresql"])
def urls(request, tmp_path):
    """(ticket database URL, tracker store URL)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tickets.db'}", f"sqlite:///{tmp_path / 'tracker.db'}"
        return
    if not POSTGRES:
        pytest.skip("TEST_POSTGRES_URL is not set (make test sets it in CI)")
    with postgres_database() as url:  # one database for both (dropping one takes seconds)
        yield url, url


class Tracker:
    """An SQL tracker store as Rasa's SQLTrackerStore lays it out."""

    def __init__(self, url):
        self.engine = sa.create_engine(url)
        self.events = events_table
        events_table.create(self.engine, checkfirst=True)

    def add(self, sender, events, first_id=None):
        """Insert the events; ``first_id``: their ids from there on (else the table's own)."""
        rows = [
            {**event_row(sender, event), **({"id": first_id + number} if first_id is not None else {})}
            for number, event in enumerate(events)
        ]
        with self.engine.begin() as connection:
            connection.execute(self.events.insert(), rows)

    def ids(self, sender):
        with self.engine.connect() as connection:
            query = sa.select(self.events.c.id).where(self.events.c.sender_id == sender).order_by("id")
            return [row[0] for row in connection.execute(query)]


class Talk:
    """One conversation's events, 2 seconds apart, from ``start`` (a datetime)."""

    def __init__(self, start):
        self.t = start.timestamp()
        self.events = []

    def _add(self, kind, **data):
        self.events.append({"event": kind, "timestamp": self.t, "metadata": dict(MODEL), **data})
        self.t += 2.0
        return self

    def wait(self, seconds):
        self.t += seconds
        return self

    def session(self):
        self.action("action_session_start")._add("session_started")
        return self.action("action_listen")

    def action(self, name):
        return self._add("action", name=name, policy="RulePolicy", confidence=1.0)

    def slot(self, name, value):
        return self._add("slot", name=name, value=value)

    def bot(self, text, buttons=None):
        return self._add("bot", text=text, data={"buttons": buttons})

    def user(self, text, intent, confidence=0.97, emotion="neutral", intensity=0.2, entities=()):
        found = [
            {"entity": "emotion", "value": emotion, "extractor": "EmotionClassifier"},
            {"entity": "emotion_intensity", "value": intensity, "extractor": "EmotionClassifier"},
            *(
                {"entity": name, "value": value, "extractor": "RegexEntityExtractor"}
                for name, value in entities
            ),
        ]
        parse = {
            "intent": {"name": intent, "confidence": confidence},
            "entities": found,
            "text": text,
            "emotion": {"name": emotion, "confidence": 0.9, "intensity": intensity},
            "intent_ranking": [{"name": intent, "confidence": confidence}],
        }
        self._add("user", text=text, parse_data=parse, input_channel="rest")
        self.slot("emotion", emotion).slot("emotion_intensity", intensity)
        return self

    def button(self, payload):
        parse = {"intent": {"name": payload.lstrip("/"), "confidence": 1.0}, "entities": [], "text": payload}
        return self._add("user", text=payload, parse_data=parse, input_channel="rest")

    def propose(self, remedy):
        self.action("action_propose_remedy").slot("current_remedy", remedy)
        self.slot("waltz_step", "resolution")
        return self.bot("Je vous propose une solution : est-ce que cela vous convient ?")

    def handoff(self, reason):
        self.slot("handoff_reason", reason).action("action_handoff")
        self.bot("Je confie votre dossier à un conseiller, avec tout notre échange.")
        return self.slot("waltz_step", "handoff")


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def tracker(urls):
    tracker = Tracker(urls[1])
    yield tracker
    tracker.engine.dispose()


@pytest.fixture
def store(urls, clock):
    store = ReviewStore(urls[0], urls[1], timeout=2, clock=clock)
    yield store
    store.close()


# ---- six conversations, one per way a conversation ends ------------------------------------
def resolved(start=datetime(2026, 12, 1, 23, 30, tzinfo=UTC)):  # 2 December, 00:30 in Paris
    talk = Talk(start).session()
    talk.user(
        "Bonjour, ma commande CMD-4821937 n'est toujours pas livrée alors qu'elle était promise "
        "pour lundi, c'est inadmissible !",
        "complain_delivery",
        0.96,
        "anger",
        0.82,
        entities=[("order_id", "CMD-4821937")],
    )
    talk.slot("complaint_categories", ["delivery"]).slot("complaint_category", "delivery")
    talk.slot("order_id", "CMD-4821937").slot("customer_name", "Hélène Lefèvre")
    talk.slot("waltz_step", "attention").bot("Je comprends votre agacement, un retard pareil est pénible.")
    talk.slot("waltz_step", "questioning")
    talk.bot("Il s'agit bien du retard de la commande CMD-4821937 ?", buttons=[{"payload": "/affirm"}])
    talk.button("/affirm").propose("reshipment")
    talk.user("Oui, ça me va, merci beaucoup", "affirm", 0.95, "satisfaction", 0.35)
    talk.slot("waltz_step", "closure").bot("C'est noté : le colis repart demain.")
    return talk.user("5", "rate", 0.9, "satisfaction", 0.3, entities=[("csat", 5)]).slot("csat", 5)


def handoff(start=datetime(2026, 12, 3, 9, 0, tzinfo=UTC)):
    talk = Talk(start).session()
    talk.user(
        "Je veux parler à un vrai conseiller, votre service client ne répond jamais, écrivez-moi "
        "à m.durand@free.fr",
        "request_human",
        0.93,
        "frustration",
        0.7,
        entities=[("email", "m.durand@free.fr")],
    )
    talk.slot("complaint_categories", ["service"]).slot("complaint_category", "service")
    return talk.slot("customer_email", "m.durand@free.fr").handoff("request_human")


def refusals(start=datetime(2026, 12, 5, 14, 0, tzinfo=UTC)):
    talk = Talk(start).session()
    talk.user(
        "On m'a facturé deux fois 49,90 € pour la même commande, je ne comprends pas",
        "complain_billing",
        0.91,
        "disappointment",
        0.55,
    )
    talk.slot("complaint_categories", ["billing"]).slot("complaint_category", "billing")
    talk.slot("waltz_step", "attention").slot("waltz_step", "questioning").propose("voucher")
    talk.user("Non, je ne veux pas d'un avoir", "deny", 0.94, "frustration", 0.6).slot("refused_proposals", 1)
    talk.slot("waltz_step", "questioning").propose("partial_refund")
    talk.user("Non plus, rendez-moi mon argent", "deny", 0.9, "frustration", 0.75).slot(
        "refused_proposals", 2
    )
    return talk.handoff("refusals")


def unsure(start=datetime(2026, 12, 6, 16, 0, tzinfo=UTC)):
    talk = Talk(start).session()
    talk.user(
        "bon bah j'attends toujours qu'on me rappelle hein", "complain_communication", 0.38, "anxiety", 0.5
    )
    talk.slot("complaint_categories", ["communication"]).slot("complaint_category", "communication")
    talk.bot("Je regarde où en est votre demande de rappel.")
    return talk.user("2", "rate", 0.9, "neutral", 0.1, entities=[("csat", 2)]).slot("csat", 2)


def abandoned(start=datetime(2026, 12, 6, 8, 0, tzinfo=UTC)):
    talk = Talk(start).session()
    talk.user(
        "L'écran de la tablette est arrivé rayé, je suis très déçue",
        "complain_product",
        0.9,
        "disappointment",
        0.5,
    )
    talk.slot("complaint_categories", ["product"]).slot("complaint_category", "product")
    return talk.slot("waltz_step", "attention").bot("Je suis désolé pour cet écran rayé.")


def ongoing(start=NOW - timedelta(minutes=10)):
    talk = Talk(start).session()
    talk.user(
        "Le grille-pain reçu hier ne chauffe que d'un côté", "complain_product", 0.88, "disappointment", 0.4
    )
    talk.slot("complaint_categories", ["product"]).slot("complaint_category", "product")
    return talk.slot("waltz_step", "attention").bot("Merci de me le signaler.")


SCENARIOS = {
    "c-resolved": resolved,
    "c-handoff": handoff,
    "c-refusals": refusals,
    "c-unsure": unsure,
    "c-abandoned": abandoned,
    "c-ongoing": ongoing,
}


@pytest.fixture
def filled(store, tracker):
    for cid, scenario in SCENARIOS.items():
        tracker.add(cid, scenario().events)
    assert store.sync() == len(SCENARIOS)
    return store


def ids(rows):
    return {row["conversation_id"] for row in rows}


def listed(store, **args):
    rows, total = store.list_conversations(parse_filters(args), per_page=50)
    assert total == len(rows)
    return ids(rows)
