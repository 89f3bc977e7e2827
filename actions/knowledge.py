"""Questions that are not complaints: answered from the knowledge base
(catalogue/knowledge.yml, answers in catalogue/phrases.yml under ``kb_<id>``), honestly
"je ne sais pas" otherwise, and the conversation goes on where it was."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Tuple

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.config import ROOT
from actions.phrases import say
from litige import digest
from litige.knowledge import Entry, find, is_question, parse

KNOWLEDGE_PATH = ROOT / "catalogue" / "knowledge.yml"
CALM = ("neutral", "satisfaction")


def latest_text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


@lru_cache(maxsize=2)
def entries(path: Path = KNOWLEDGE_PATH) -> Tuple[Entry, ...]:
    return parse(yaml.safe_load(path.read_text(encoding="utf-8")))


def known_question(text: str) -> bool:
    """A question one entry of the knowledge base is about."""
    return is_question(text) and find(text, entries()) is not None


def answer(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> bool:
    """Answer ``text`` if it is a question: from the knowledge base, or honestly that the
    bot does not know. False (nothing said) when it is not a question."""
    topic = find(text, entries())
    if topic:
        say(dispatcher, tracker, f"kb_{topic}")
        return True
    if is_question(text):
        say(dispatcher, tracker, "kb_unknown")
        return True
    return False


def plain_question(tracker: Tracker) -> bool:
    """A calm question the knowledge base answers, with no story in it ("vous livrez en
    Belgique avant Noël ?"): not a complaint, even when the NLU reads one."""
    text = latest_text(tracker)
    emotion: Dict[str, Any] = tracker.latest_message.get("emotion") or {}
    calm = emotion.get("name") in CALM or float(emotion.get("intensity") or 0.0) < 0.3
    return known_question(text) and calm and not digest.story_told(text)


class ActionAnswerQuestion(Action):
    """An off-topic message or a general question, at any step: the answer, or an honest
    word on what the assistant does; the rules then resume the pending question."""

    def name(self) -> str:
        return "action_answer_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        if not answer(dispatcher, tracker, latest_text(tracker)):
            say(dispatcher, tracker, "out_of_scope")
        return []
