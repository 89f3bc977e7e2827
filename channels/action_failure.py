"""Never silence when the action server fails: a French apology, and the turn ends cleanly.

Rasa 3.6 calls the action server from ``RemoteAction.run``. When that call fails (the server
is down, answers 500, or does not answer in time), its processor logs the error, drops the
action's events and lets the policy go on: the customer usually gets no answer at all, and
Rasa waits up to five minutes (``DEFAULT_REQUEST_TIMEOUT``) before giving up on a slow server.

``install()`` wraps ``RemoteAction.run`` once per process (the input channels call it when
they build their blueprint, so it covers the REST channel, the widget's socket.io channel and
any other): a failure or a call longer than ``ACTION_SERVER_TIMEOUT`` seconds (default 30)
answers the customer with ``ACTION_FAILURE_APOLOGY`` and ends the turn with a follow-up
``action_listen``, so the policy runs no further failing action. An action that refuses to run
(HTTP 400, ``ActionExecutionRejection``) is not a failure: Rasa's own handling is kept, and so
is the failure of the slot validation action that ``action_extract_slots`` calls (Rasa keeps
the extracted slots unvalidated and goes on; only its wait is bounded by the same timeout).

A slow action that finishes after Rasa gave up has done its work (a ticket saved...), but its
events are lost; the ticket store is idempotent per complaint (``uq_tickets_complaint``), so
the customer's next message saves the same ticket again rather than a second one.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import os
from typing import Any, List

from rasa.core.actions.action import (
    ActionExecutionRejection,
    ActionExtractSlots,
    RemoteAction,
    create_bot_utterance,
)
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import Event, FollowupAction

from channels import action_response, context_intent, slot_gate

logger = logging.getLogger(__name__)

TIMEOUT_VARIABLE = "ACTION_SERVER_TIMEOUT"
DEFAULT_TIMEOUT = 30.0
ACTION_FAILURE_APOLOGY = (
    "Toutes mes excuses, un souci technique de mon côté m'empêche de traiter votre demande "
    "à l'instant. Votre conversation est bien conservée : renvoyez-moi votre dernier message "
    "dans une minute et nous reprendrons exactement là où nous en étions."
)
_MARK = "_litige_apologises_on_failure"
# set while Rasa's action_extract_slots calls the slot validation action: that call's failure
# is Rasa's to handle (it only skips the validation), the turn goes on to its next action
_nested = contextvars.ContextVar("litige_nested_custom_action", default=False)


def action_timeout() -> float:
    """Seconds an action may take (``ACTION_SERVER_TIMEOUT``); a wrong value falls back to 30."""
    raw = (os.environ.get(TIMEOUT_VARIABLE) or "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not 0 < value <= 3600:
        logger.warning(
            "%s=%r is not a number of seconds: %.0f s used", TIMEOUT_VARIABLE, raw, DEFAULT_TIMEOUT
        )
        return DEFAULT_TIMEOUT
    return value


def apology_events() -> List[Event]:
    """What a failed action leaves: the apology (sent by the processor) and the end of the turn."""
    return [create_bot_utterance({"text": ACTION_FAILURE_APOLOGY}), FollowupAction(ACTION_LISTEN_NAME)]


def installed() -> bool:
    return bool(getattr(RemoteAction.run, _MARK, False))


def install() -> None:
    """Wrap ``RemoteAction.run`` (idempotent: a second call changes nothing); Rasa's check of the
    action server's answers is made cheap at the same time (channels/action_response.py), the
    global slot validation is called only when it has work (channels/slot_gate.py), and each
    message is read in its context (channels/context_intent.py)."""
    action_response.install()
    slot_gate.install()
    context_intent.install()
    if installed():
        return
    original = RemoteAction.run

    async def run_or_apologise(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any):
        if _nested.get():
            return await original(self, output_channel, nlg, tracker, domain)
        timeout = action_timeout()
        try:
            return await asyncio.wait_for(original(self, output_channel, nlg, tracker, domain), timeout)
        except ActionExecutionRejection:
            raise  # the action declined to run: the policy chooses another one, as in Rasa
        except asyncio.TimeoutError:
            logger.error(
                "action %s: no answer from the action server within %.0f s; the customer got an apology",
                self.name(),
                timeout,
            )
        except Exception as error:  # down, 500, invalid answer: never leave the customer in silence
            # the error's message is not logged: it may quote the action server's answer
            logger.error(
                "action %s failed (%s); the customer got an apology", self.name(), type(error).__name__
            )
        return apology_events()

    run_custom = ActionExtractSlots._run_custom_action

    async def run_custom_action(self: ActionExtractSlots, *args: Any, **kwargs: Any) -> List[Event]:
        token = _nested.set(True)
        try:
            return await asyncio.wait_for(run_custom(self, *args, **kwargs), action_timeout())
        except asyncio.TimeoutError:
            logger.error("slot validation: no answer from the action server within the timeout")
            return []  # as Rasa does when the call fails: the extracted slots are kept unvalidated
        finally:
            _nested.reset(token)

    setattr(run_or_apologise, _MARK, True)
    run_or_apologise.__wrapped__ = original  # type: ignore[attr-defined]
    run_custom_action.__wrapped__ = run_custom  # type: ignore[attr-defined]
    RemoteAction.run = run_or_apologise  # type: ignore[method-assign]
    ActionExtractSlots._run_custom_action = run_custom_action  # type: ignore[method-assign]
