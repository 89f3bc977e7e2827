"""Locust scenario of the speed benchmark (tools/bench_compare.py runs it headless).

Each simulated customer plays whole conversations through Rasa's REST webhook, one after the
other, each under a fresh sender, without pause between turns; every POST is one "turn" in
Locust's statistics. The conversations come from the JSON file named by BENCH_CONVERSATIONS
(``{"conversations": [["message", ...], ...]}``), so one file serves our bot and the stock bot.
A turn fails on an HTTP error, an answer that is not a JSON list, or no reply at all.

Runs in the benchmark's own venv (.venv-bench, Locust only): imports nothing of the project.
"""

import itertools
import json
import os
import uuid

from locust import HttpUser, constant, task

_conversations = None


def conversations():
    global _conversations
    if _conversations is None:
        with open(os.environ["BENCH_CONVERSATIONS"], encoding="utf-8") as handle:
            _conversations = itertools.cycle(json.load(handle)["conversations"])
    return _conversations


class Customer(HttpUser):
    wait_time = constant(0)

    @task
    def conversation(self):
        messages = next(conversations())
        sender = f"bench-{uuid.uuid4().hex[:12]}"
        for text in messages:
            with self.client.post(
                "/webhooks/rest/webhook",
                json={"sender": sender, "message": text},
                name="turn",
                timeout=120,
                catch_response=True,
            ) as response:
                if response.status_code != 200:
                    response.failure(f"HTTP {response.status_code}")
                    return
                try:
                    replies = response.json()
                except ValueError:
                    response.failure("not JSON")
                    return
                if not isinstance(replies, list) or not replies:
                    response.failure("no reply")
