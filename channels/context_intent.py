"""The intent a message has where it is said, set before the policies read it.

``install()`` wraps Rasa's ``MessageProcessor.parse_message``: when it parses a message of a
conversation (the tracker is given, as in every channel's turn; never for ``/model/parse``),
``litige.context_intent.reread`` may give the message the intent it has there (a rating after
the closure, a yes to the reformulation). The NLU's own reading is kept in the parse data
(``nlu_intent``) for the trainers; the emotion, entities and signals are untouched.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, Optional

from rasa.core.processor import MessageProcessor
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted

from litige.context_intent import reread

logger = logging.getLogger(__name__)
_MARK = "_litige_context_intent"


def last_action(tracker: Any) -> Optional[str]:
    """The bot's last action before it listened (None at the start)."""
    for event in reversed(tracker.events):
        if isinstance(event, ActionExecuted) and event.action_name != ACTION_LISTEN_NAME:
            return event.action_name
    return None


def in_context(parse_data: Dict[str, Any], tracker: Any) -> Dict[str, Any]:
    """``parse_data`` with the intent the message has in ``tracker``'s conversation."""
    intent = (parse_data.get("intent") or {}).get("name")
    changed = reread(
        intent,
        parse_data.get("text"),
        tracker.get_slot("waltz_step"),
        tracker.get_slot("csat") is not None,
        last_action(tracker),
        tracker.active_loop_name,
    )
    if changed is None or changed == intent:
        return parse_data
    logger.debug("intent %s read as %s in its context", intent, changed)
    ranking = [r for r in parse_data.get("intent_ranking") or [] if r.get("name") != changed]
    return {
        **parse_data,
        "intent": {"name": changed, "confidence": 1.0},
        "intent_ranking": [{"name": changed, "confidence": 1.0}, *ranking],
        "nlu_intent": parse_data.get("intent"),
    }


def installed() -> bool:
    return bool(getattr(MessageProcessor.parse_message, _MARK, False))


def install() -> None:
    """Read each conversation's messages in their context (idempotent)."""
    if installed():
        return
    original = MessageProcessor.parse_message

    async def parse_message(
        self: MessageProcessor, message: Any, tracker: Any = None, *args: Any, **kwargs: Any
    ) -> Dict[str, Any]:
        parse_data = await original(self, message, tracker, *args, **kwargs)
        return parse_data if tracker is None else in_context(parse_data, tracker)

    setattr(parse_message, _MARK, True)
    MessageProcessor.parse_message = parse_message
