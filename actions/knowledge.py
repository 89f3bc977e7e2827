"""Questions that are not complaints: answered from the knowledge base
(catalogue/knowledge.yml, answers in catalogue/phrases.yml under ``kb_<id>``), honestly
"je ne sais pas" otherwise, and the conversation goes on where it was."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from litige import categories, digest
from litige.config import ROOT
from litige.knowledge import Entry, find, is_question, load
from litige.phrases import say

KNOWLEDGE_PATH = ROOT / "catalogue" / "knowledge.yml"
UPSET = ("anger", "frustration")  # a worried customer asking about returns is still just asking


def latest_text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


@lru_cache(maxsize=2)
def entries(path: Path = KNOWLEDGE_PATH) -> Tuple[Entry, ...]:
    return load(path)


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
    """A question the knowledge base answers that names no problem ("vous livrez en Belgique
    avant Noël ?", "j'ai combien de temps pour retourner une robe qui ne me plaît pas ?"):
    not a complaint, even when the NLU reads one. Before a complaint it must not be angry;
    after the closure, any such question is just a question."""
    text = latest_text(tracker)
    emotion: Dict[str, Any] = tracker.latest_message.get("emotion") or {}
    calm = emotion.get("name") not in UPSET or float(emotion.get("intensity") or 0.0) < 0.3
    after_closure = tracker.get_slot("waltz_step") == "closure"
    problem = digest.story_told(text) and bool(categories.cue_categories(text))
    return known_question(text) and (calm or after_closure) and not problem


class ActionAnswerQuestion(Action):
    """An off-topic message or a general question, at any step: the answer, or an honest
    word on what the assistant does; the rules then resume the pending question."""

    def name(self) -> str:
        return "action_answer_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        if not answer(dispatcher, tracker, latest_text(tracker)):
            say(dispatcher, tracker, "out_of_scope")
        return []
