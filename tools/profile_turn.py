"""Where one turn's time goes: NLU components, policies, action server, tracker store.

    .venv/bin/python -m tools.profile_turn [--conversations 3] [--model models/current.tar.gz]

Loads the model in this process with Rasa's Agent and the endpoints of endpoints.yml (our
StrictSQLTrackerStore on a temporary SQLite file, the in-memory lock store, no event broker),
starts the action server as ``make run`` does (tools/stack.py) on a free port, replays the
conversations of docs/transcripts.yml (one of them first as an unmeasured warm-up) and times,
for each turn, with wrappers installed by this script only (the product never loads it):

* every node of Rasa's inference graph (``GraphNode.__call__``): the NLU components during
  ``parse_message``, each policy during ``_predict_next_with_tracker`` (one graph run per
  predicted action), plus the graph runner's own overhead;
* every call to the action server (``EndpointConfig.request``): time, request and response
  size in bytes (JSON as aiohttp sends it), events sent, the action it runs; building the
  request body (``RemoteAction._action_call_format``: the tracker's state, the domain) and
  checking the response against Rasa's JSON schema (``_validate_action_result``);
* the tracker store's ``retrieve`` / ``retrieve_full_tracker`` / ``save``: time, events.

Rasa's own work around them is timed too, each without the calls above made inside it
(``log_message``, ``action_extract_slots``, the checks before a prediction, running an action);
the rest (the lock, the loop) is ``rasa/other``. Rasa logs as ``rasa run`` does (LOG_LEVEL).
Prints a table, writes reports/bench/profile.json, and prints a README-ready markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
import uuid
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence

from tools.bench.profile_report import (  # noqa: F401  (re-exported for the tests)
    GROUPS,
    OTHER,
    Call,
    Turn,
    format_table,
    group_of,
    markdown_table,
    summarise,
    with_other,
)
from tools.measure_footprint import TRANSCRIPTS, load_conversations
from tools.stack import ROOT, Stack, build_services, local_config

OUTPUT = ROOT / "reports" / "bench" / "profile.json"

# --- the wrappers (this script only) ------------------------------------------------------


class Recorder:
    """Collects the calls of the turn being played (one conversation at a time)."""

    def __init__(self, action_url: str) -> None:
        self.action_url = action_url
        self.enabled = False
        self.phase = "graph"
        self.calls: List[Call] = []
        self.predictions = 0

    def start(self) -> None:
        self.calls, self.predictions, self.enabled = [], 0, True

    def add(self, call: Call) -> None:
        if self.enabled:
            self.calls.append(call)


def _ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def install(recorder: Recorder) -> Callable[[], None]:
    """Wrap the graph nodes, the two graph runs, the action server calls and the tracker
    store; return the function that puts the originals back."""
    from rasa.core.actions.action import RemoteAction
    from rasa.core.processor import MessageProcessor
    from rasa.engine.graph import GraphNode
    from rasa.utils.endpoints import EndpointConfig

    from stores.tracker_store import StrictSQLTrackerStore

    originals: List[tuple] = []

    def patch(owner: Any, name: str, make: Callable[[Callable], Callable]) -> None:
        original = getattr(owner, name)
        originals.append((owner, name, original))
        setattr(owner, name, make(original))

    def node(original: Callable) -> Callable:
        def timed(self: Any, *inputs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(self, *inputs)
            finally:
                recorder.add(Call(f"{recorder.phase}/{self._node_name}", _ms_since(start)))

        return timed

    def span(part: str, is_async: bool = True, phase: str = "") -> Callable[[Callable], Callable]:
        """Time ``part`` without the calls recorded inside it; ``phase``: a graph run."""

        def enter() -> tuple:
            recorder.phase = phase or recorder.phase
            return len(recorder.calls), time.perf_counter()

        def leave(before: int, start: float) -> None:
            if phase:
                recorder.phase = "graph"
                if len(recorder.calls) == before:  # a follow-up action is no graph run
                    return
                recorder.predictions += phase == "policies"
            inside = sum(call.ms for call in recorder.calls[before:])
            recorder.add(Call(part, max(0.0, _ms_since(start) - inside)))

        def make(original: Callable) -> Callable:
            async def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
                before, start = enter()
                try:
                    return await original(self, *args, **kwargs)
                finally:
                    leave(before, start)

            def timed_sync(self: Any, *args: Any, **kwargs: Any) -> Any:
                before, start = enter()
                try:
                    return original(self, *args, **kwargs)
                finally:
                    leave(before, start)

            return timed if is_async else timed_sync

        return make

    def request(original: Callable) -> Callable:
        async def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
            if not str(self.url).startswith(recorder.action_url):
                return await original(self, *args, **kwargs)
            body = kwargs.get("json")
            start = time.perf_counter()
            response = await original(self, *args, **kwargs)
            name = (body or {}).get("next_action", "?")
            recorder.add(
                Call(
                    f"action server/{name}",
                    _ms_since(start),
                    sent=len(json.dumps(body).encode()),
                    received=len(json.dumps(response).encode()),
                    events=len(((body or {}).get("tracker") or {}).get("events") or []),
                )
            )
            return response

        return timed

    def store(operation: str) -> Callable[[Callable], Callable]:
        def make(original: Callable) -> Callable:
            async def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
                start = time.perf_counter()
                result = await original(self, *args, **kwargs)
                tracker = result if operation != "save" else args[0] if args else kwargs["tracker"]
                events = len(tracker.events) if tracker is not None else 0
                recorder.add(Call(f"tracker store/{operation}", _ms_since(start), events=events))
                return result

            return timed

        return make

    patch(GraphNode, "__call__", node)
    patch(MessageProcessor, "_parse_message_with_graph", span("nlu/(graph runner)", False, "nlu"))
    patch(MessageProcessor, "_predict_next_with_tracker", span("policies/(graph runner)", False, "policies"))
    patch(EndpointConfig, "request", request)
    # Rasa's own work around them, each without the calls above made inside it
    patch(RemoteAction, "_action_call_format", span("rasa/action request body (tracker, domain)", False))
    patch(RemoteAction, "_validate_action_result", span("rasa/action response check (jsonschema)", False))
    patch(MessageProcessor, "log_message", span("rasa/log_message (session, tracker update)"))
    patch(MessageProcessor, "run_action_extract_slots", span("rasa/action_extract_slots"))
    patch(MessageProcessor, "predict_next_with_tracker_if_should", span("rasa/prediction checks", False))
    patch(MessageProcessor, "_run_action", span("rasa/run action (events, messages)"))
    for operation in ("retrieve", "retrieve_full_tracker", "save"):
        patch(StrictSQLTrackerStore, operation, store(operation))

    def restore() -> None:
        for owner, name, original in reversed(originals):
            setattr(owner, name, original)

    return restore


# --- the replay ---------------------------------------------------------------------------


async def play(agent: Any, recorder: Recorder, messages: Sequence[str], record: bool) -> List[Turn]:
    """One conversation under a new sender; its turns, measured when ``record``."""
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.shared.core.constants import ACTION_LISTEN_NAME
    from rasa.shared.core.events import ActionExecuted

    from channels.rest import customer_text

    sender = f"profile-{uuid.uuid4().hex[:10]}"
    seen, turns = 0, []
    for text in messages:
        message = UserMessage(customer_text(text), CollectingOutputChannel(), sender, input_channel="rest")
        recorder.start()
        recorder.enabled = record
        start = time.perf_counter()
        await agent.handle_message(message)
        total = _ms_since(start)
        recorder.enabled = False
        tracker = await agent.tracker_store.retrieve_full_tracker(sender)
        added = list(tracker.events)[seen:]
        seen = len(tracker.events)
        if record:
            ran = [e for e in added if isinstance(e, ActionExecuted) and e.action_name != ACTION_LISTEN_NAME]
            turns.append(Turn(total, recorder.calls, len(added), len(ran), recorder.predictions))
    return turns


async def measure(model: Path, action_url: str, conversations: Sequence[Sequence[str]]) -> List[Turn]:
    from rasa.core.agent import load_agent
    from rasa.core.utils import AvailableEndpoints

    from channels import action_failure

    action_failure.install()  # as the input channels do: the same RemoteAction.run as in production
    endpoints = AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml"))
    agent = await load_agent(model_path=str(model), endpoints=endpoints)
    if not agent.is_ready():
        raise SystemExit(f"the model {model} could not be loaded")
    recorder = Recorder(action_url)
    restore = install(recorder)
    try:
        await play(agent, recorder, conversations[0], record=False)  # warm-up: lazy loading
        turns: List[Turn] = []
        for messages in conversations:
            turns += await play(agent, recorder, messages, record=True)
        return turns
    finally:
        restore()


def pick(conversations: Sequence[Sequence[str]], count: int) -> List[List[str]]:
    """``count`` conversations, cycling through the file's."""
    if not conversations or count < 1:
        raise ValueError("at least one conversation is needed")
    return [list(conversations[i % len(conversations)]) for i in range(count)]


def run(args: argparse.Namespace) -> Dict[str, Any]:
    conversations = pick(load_conversations(Path(args.file)), args.conversations)
    with tempfile.TemporaryDirectory() as work:
        config = local_config(
            Path(work),
            {"APP_TODAY": args.today, "REDIS_URL": "", "EVENT_BROKER_URL": ""},  # in-memory lock
            model=Path(args.model),
        )
        action_server = next(s for s in build_services(config) if s.name == "action server")
        os.environ.update(action_server.env)  # this process is the Rasa server: the same environment
        stack = Stack([action_server])
        stack.start()
        try:
            stack.wait_ready(timeout=120)
            turns = asyncio.run(measure(Path(args.model), config.action_url, conversations))
        finally:
            stack.stop()
    profile = summarise(turns)
    profile["conversations"] = len(conversations)
    profile["samples"] = [asdict(turn) for turn in turns]
    return profile


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=3, help="conversations measured")
    parser.add_argument("--model", default=str(ROOT / "models" / "current.tar.gz"))
    parser.add_argument("--file", default=str(TRANSCRIPTS), help="the conversations (transcripts format)")
    parser.add_argument("--today", default="2026-11-20", help="the servers' date (APP_TODAY)")
    parser.add_argument("--output", default=str(OUTPUT))
    args = parser.parse_args(argv)
    if not Path(args.model).exists():
        print(f"no model at {args.model}: run `make train` first", file=sys.stderr)
        return 2
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(None, warn_only_once=True, filter_repeated_logs=True)
    configure_structlog(None)  # as `rasa run`: without it, Rasa logs every turn at debug level
    profile = run(args)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(profile, indent=2), encoding="utf-8")
    print(format_table(profile))
    print(f"\nwritten: {output}\n\n{markdown_table(profile)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
