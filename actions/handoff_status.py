"""Where a handed-off conversation stands, for the customer who writes while waiting
(blocking database reads: the callers run them in a thread or a sync action)."""

from __future__ import annotations

from datetime import timedelta
from typing import Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from litige import clock, ownership
from litige.advisor_hours import company_hours
from litige.config import get_settings
from litige.handoff_plan import callback_values, wait_text
from litige.ownership import Owner
from litige.phrases import say
from litige.tickets.access import get_store
from litige.tickets.owners import OwnerStore
from litige.tickets.presence import Presence
from litige.tickets.store import TicketStoreUnavailable
from litige.wording import has_email


def owner_of(conversation_id: str) -> Optional[Owner]:
    """Who holds the conversation (blocking: call it in a thread); None when the database is down."""
    try:
        return OwnerStore(get_store()).get(conversation_id)
    except TicketStoreUnavailable:
        return None


def _wait_for(conversation_id: str) -> str:
    settings = get_settings()
    store = get_store()
    queue = OwnerStore(store).queue()
    online = Presence(store).online(clock.now(), settings.advisor_presence_seconds)
    position = ownership.position_in(queue, conversation_id) or len(queue) + 1
    return wait_text(ownership.estimated_wait_minutes(position, len(online)))


def where_things_are(dispatcher: CollectingDispatcher, tracker: Tracker, owner: Owner) -> bool:
    """Tell a customer whose conversation is queued where it stands (blocking); False when the
    conversation is no longer queued (the advisor is done, or the customer left). While an
    advisor holds it, nothing is said (the tracker is paused too: this only covers the instant
    between the advisor's click and the pause)."""
    if owner.bot_silent:
        return True
    if owner.state == ownership.WAITING:
        try:
            OwnerStore(get_store()).touch_customer(tracker.sender_id, clock.now())  # still there
            wait = _wait_for(tracker.sender_id)
        except TicketStoreUnavailable:
            wait = wait_text(None)
        say(dispatcher, tracker, "handoff_already", wait=wait)
        return True
    if owner.state == ownership.CALLBACK and owner.callback_at:
        settings = get_settings()
        # the promised window is the opening that starts at callback_at
        window = company_hours(settings).callback(owner.callback_at - timedelta(minutes=1))
        before = window[1] if window else owner.callback_at
        values = callback_values(before, email_of(tracker), clock.today())
        say(dispatcher, tracker, "handoff_already_callback", **values)
        return True
    return False


def email_of(tracker: Tracker) -> Optional[str]:
    email = tracker.get_slot("customer_email")
    return email if has_email(email) else None
