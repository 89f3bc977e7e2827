"""Tracker events shaped like the ones Rasa 3.6 records (``Event.as_dict()``), built turn by
turn for the review desk's tests, and written into a tracker store's ``events`` table with the
rows Rasa's SQL tracker store writes (``litige.review.sync.event_row``)."""

from __future__ import annotations

import uuid
from typing import Any, Dict, List, Optional, Sequence

import sqlalchemy as sa

from litige.review.sync import event_row, events_table

META = {"model_id": "a0a291085b5f45a7946a7f7aba25041f", "assistant_id": "litige-bot"}


class Conversation:
    """One customer's conversation, event by event, one second apart from ``start`` (a customer's
    message ``seconds`` after the previous event). Each event carries ``"_id"``, its row number
    as the SQL tracker store would give it to a conversation stored alone."""

    def __init__(self, sender_id: str = "conv", start: float = 1_795_000_000.0):
        self.sender_id = sender_id
        self.clock = start
        self.events: List[Dict[str, Any]] = []
        self.session()

    def event(self, kind: str, seconds: float = 1.0, **data: Any) -> Conversation:
        self.clock += seconds
        self.events.append(
            {
                "event": kind,
                "timestamp": self.clock,
                "metadata": dict(META),
                **data,
                "_id": len(self.events) + 1,
            }
        )
        return self

    def session(self) -> Conversation:
        """A new session: like Rasa with carry_over_slots_to_new_session, the slots set so far
        are set again right after session_started."""
        carried = [event for event in self.events if event["event"] == "slot"]
        self.action("action_session_start", policy=None).event("session_started")
        for event in carried:
            self.slot(event["name"], event["value"])
        return self.action("action_listen", policy=None)

    def action(self, name: str, policy: Optional[str] = "RulePolicy") -> Conversation:
        confidence = 1.0 if policy else None
        return self.event(
            "action", name=name, policy=policy, confidence=confidence, action_text=None, hide_rule_turn=False
        )

    def listen(self) -> Conversation:
        return self.action("action_listen")

    def slot(self, name: str, value: Any) -> Conversation:
        return self.event("slot", name=name, value=value)

    def loop(self, name: Optional[str]) -> Conversation:
        return self.event("active_loop", name=name)

    def bot(self, text: str, metadata: Optional[Dict[str, Any]] = None) -> Conversation:
        self.event("bot", text=text, data={"elements": None, "quick_replies": None, "buttons": None})
        if metadata:
            self.events[-1]["metadata"] = {**META, **metadata}
        return self

    def user(
        self,
        text: str,
        intent: str,
        confidence: float = 0.97,
        emotion: Optional[str] = "neutral",
        intensity: float = 0.1,
        entities: Sequence[Dict[str, Any]] = (),
        ranking: Optional[List[Dict[str, Any]]] = None,
        seconds: float = 1.0,
    ) -> Conversation:
        """A typed message, its emotion as the EmotionClassifier writes it (and the emotion slots
        its mapping sets); ``emotion=None``: a button payload, no emotion of its own."""
        if self.events[-1].get("name") != "action_listen":
            self.listen()
        found = [dict(entity) for entity in entities]
        parse: Dict[str, Any] = {
            "intent": {"name": intent, "confidence": confidence},
            "entities": found,
            "text": text,
            "message_id": uuid.uuid4().hex,
            "metadata": {},
            "intent_ranking": ranking
            if ranking is not None
            else [{"name": intent, "confidence": confidence}],
        }
        if emotion:
            for name, value in (("emotion", emotion), ("emotion_intensity", intensity)):
                found.append(
                    {
                        "entity": name,
                        "value": value,
                        "start": 0,
                        "end": len(text),
                        "extractor": "EmotionClassifier",
                    }
                )
            parse["emotion"] = {"name": emotion, "confidence": 0.9, "intensity": intensity}
        self.event(
            "user", seconds, text=text, parse_data=parse, input_channel="rest", message_id=uuid.uuid4().hex
        )
        if emotion:
            self.slot("emotion", emotion).slot("emotion_intensity", intensity)
        return self

    def button(self, payload: str) -> Conversation:
        return self.user(payload, payload.lstrip("/"), confidence=1.0, emotion=None)

    def propose(
        self, remedy: str, text: str = "Je vous propose une solution : cela vous convient-il ?"
    ) -> Conversation:
        self.action("action_propose_remedy").bot(text)
        return self.slot("current_remedy", remedy).slot("waltz_step", "resolution").listen()

    def rows(self) -> List[Dict[str, Any]]:
        return [event_row(self.sender_id, event) for event in self.events]


def write_events(url: str, conversations: Sequence[Conversation]) -> None:
    """Create the tracker store's ``events`` table (if needed) and append the conversations."""
    engine = sa.create_engine(url)
    try:
        events_table.create(engine, checkfirst=True)
        with engine.begin() as connection:
            for conversation in conversations:
                connection.execute(events_table.insert(), conversation.rows())
    finally:
        engine.dispose()


def senders(url: str) -> Dict[str, int]:
    """The number of events of each conversation still in the tracker store."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            query = sa.select(events_table.c.sender_id, sa.func.count()).group_by(events_table.c.sender_id)
            return {sender: count for sender, count in connection.execute(query)}
    finally:
        engine.dispose()
