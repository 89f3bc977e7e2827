"""Rasa's RulePolicy, replaying the conversation into states once per prediction.

After a customer's message, Rasa's RulePolicy looks for a rule twice: once with the message's
text, once with its intent. Each look replays the whole conversation into dialogue states
(``tracker.past_states``), which grows with the conversation and was the policy's main cost
(py-spy at 10 customers). Both replays give the same states; only the last user input differs,
and Rasa's featurizer chooses it (text or intent) on the states it receives. This policy
replays once per prediction and hands each look its own copy of the states (each state's user
part copied: the featurizer deletes the text or the intent there), so the choice is Rasa's own.
Everything else is Rasa's RulePolicy.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple

from rasa.core.policies import rule_policy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import USER
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.trackers import DialogueStateTracker


def copied(states: List[State]) -> List[State]:
    """The states with each state and its user part copied (what the featurizer changes)."""
    return [{**state, USER: dict(state[USER])} if USER in state else dict(state) for state in states]


class ReplayedOnce:
    """A tracker whose ``past_states`` is computed once per set of arguments; the rest is the
    tracker's (only the featurizer sees it, during one prediction)."""

    def __init__(self, tracker: DialogueStateTracker) -> None:
        self._tracker = tracker
        self._states: Dict[Tuple[Any, ...], List[State]] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._tracker, name)

    def past_states(
        self,
        domain: Domain,
        omit_unset_slots: bool = False,
        ignore_rule_only_turns: bool = False,
        rule_only_data: Optional[Dict[str, Any]] = None,
    ) -> List[State]:
        # the policy builds a new rule-only dict (slots and loops: lists of names) for each look
        only = json.dumps(rule_only_data, sort_keys=True, default=str)
        key = (id(domain), omit_unset_slots, ignore_rule_only_turns, only)
        if key not in self._states:
            self._states[key] = self._tracker.past_states(
                domain,
                omit_unset_slots=omit_unset_slots,
                ignore_rule_only_turns=ignore_rule_only_turns,
                rule_only_data=rule_only_data,
            )
        return copied(self._states[key])


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class RulePolicy(rule_policy.RulePolicy):
    """Rasa's RulePolicy with one replay of the conversation per prediction."""

    _replayed: Optional[ReplayedOnce] = None

    def _predict(self, tracker: DialogueStateTracker, domain: Domain) -> Any:
        self._replayed = ReplayedOnce(tracker)
        try:
            return super()._predict(tracker, domain)
        finally:
            self._replayed = None

    def _prediction_states(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        use_text_for_last_user_input: bool = False,
        rule_only_data: Optional[Dict[str, Any]] = None,
    ) -> List[State]:
        replayed = self._replayed
        if replayed is not None and replayed._tracker is tracker:
            tracker = replayed  # type: ignore[assignment]
        return super()._prediction_states(tracker, domain, use_text_for_last_user_input, rule_only_data)
