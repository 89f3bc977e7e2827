"""A message a client sends again is answered from what was stored, never handled twice.

A REST client that gets no answer sends its message again. Sometimes the turn had already
happened: an instance killed after saving the turn but before answering (nginx then answers
503), or a client timeout while the turn went on. Handled again, the message would be a second
turn: a second complaint opening, a second answer to the same question.

So a client may give each message its own ``message_id`` (channels/rest.py), kept in the stored
user event. Under the conversation's lock (Rasa's ``Agent.handle_message`` takes it before the
processor), a message whose id and text are already in the conversation gets the bot's stored
answers to it again, as Rasa sent them the first time (``BotUttered.message()``), and nothing
else happens: no NLU, no action, no event. Messages without a client id are not looked up.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import BotUttered, UserUttered

logger = logging.getLogger(__name__)

# Rasa's own message ids are uuid4 hex strings: never this prefix
CLIENT_ID_PREFIX = "client:"


def client_message_id(raw: str) -> str:
    """The id stored for a message the client named ``raw``."""
    return CLIENT_ID_PREFIX + raw


def stored_answers(events: Any, message_id: str, text: str) -> Optional[List[Dict[str, Any]]]:
    """The bot's messages that answered the user message ``message_id`` saying ``text`` (the last
    such message), in order; None when the conversation has no such message."""
    answers: Optional[List[Dict[str, Any]]] = None
    current: Optional[List[Dict[str, Any]]] = None
    for event in events:
        if isinstance(event, UserUttered):
            current = [] if event.message_id == message_id and event.text == text else None
            if current is not None:
                answers = current
        elif current is not None and isinstance(event, BotUttered):
            current.append(event.message())
    return answers


def install() -> None:
    """Answer the messages a client sends again from the stored conversation (idempotent)."""
    if getattr(MessageProcessor.handle_message, "answers_retries", False):
        return
    handle = MessageProcessor.handle_message

    async def handle_message(self: MessageProcessor, message: UserMessage) -> Optional[List[Dict[str, Any]]]:
        if message.message_id and message.message_id.startswith(CLIENT_ID_PREFIX):
            tracker = await self.tracker_store.retrieve(message.sender_id)
            answers = None
            if tracker is not None:
                answers = stored_answers(tracker.events, message.message_id, message.text)
            if answers is not None:
                logger.info("a message sent again was answered from the stored conversation")
                for answer in answers:
                    await message.output_channel.send_response(message.sender_id, answer)
                if isinstance(message.output_channel, CollectingOutputChannel):
                    return message.output_channel.messages
                return None
        return await handle(self, message)

    handle_message.answers_retries = True  # type: ignore[attr-defined]
    MessageProcessor.handle_message = handle_message  # type: ignore[method-assign]
