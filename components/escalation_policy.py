"""EscalationPolicy: a Rasa dialogue policy that hands the conversation to a human advisor.

On every prediction it builds a small view of the conversation (the customer's messages
with their intent and emotion, refused proposals, whether the catalogue ran out) and asks
``litige.escalation.decide`` whether to hand off. When it does, it predicts
``action_handoff`` with full confidence, above the rules and the forms (a higher priority
and a "no user" prediction, the same kind the RulePolicy uses to keep a form running), and
records the reason in the ``handoff_reason`` slot. Otherwise it abstains (all zeros).

Thresholds are set in config.yml (see ``get_default_config``); the logic itself lives in
``litige/escalation.py`` and is unit-tested there.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Dict, List, Optional

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from litige import emotional_state
from litige.escalation import ConversationState, Thresholds, decide

HANDOFF_ACTION = "action_handoff"
REASON_SLOT = "handoff_reason"


def conversation_state(tracker: DialogueStateTracker) -> ConversationState:
    """The escalation view of a tracker (since its latest restart)."""
    events = tracker.events_after_latest_restart()
    latest_action: Optional[str] = None
    for event in events:
        if isinstance(event, ActionExecuted):
            latest_action = event.action_name
        elif isinstance(event, UserUttered):
            latest_action = None
    feelings = emotional_state.from_rasa_events(events)
    return ConversationState(
        feelings=feelings,
        refused_proposals=int(tracker.get_slot("refused_proposals") or 0),
        no_remedy=bool(tracker.get_slot("no_remedy")),
        handed_off=tracker.get_slot("waltz_step") == "handoff",
        after_user_message=latest_action is None and bool(feelings.turns),
        negotiating=tracker.get_slot("waltz_step") == "resolution",
    )


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class EscalationPolicy(Policy):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # priority above the RulePolicy (6): a due handoff beats rules and forms
        return {"priority": 7, **asdict(Thresholds())}

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        featurizer: Optional[Any] = None,
    ) -> None:
        config = {**self.get_default_config(), **config}
        super().__init__(config, model_storage, resource, execution_context, featurizer)
        # each threshold cast to its default's type (YAML may give 1 for 1.0)
        self.thresholds = Thresholds(
            **{name: type(default)(config[name]) for name, default in asdict(Thresholds()).items()}
        )

    def train(
        self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[str, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        if tracker.latest_action_name == HANDOFF_ACTION:
            # the handoff message is sent: wait for the customer (or the advisor)
            probabilities[domain.index_for_action(ACTION_LISTEN_NAME)] = 1.0
            return self._prediction(probabilities, is_no_user_prediction=True)
        decision = decide(conversation_state(tracker), self.thresholds)
        if decision is None:
            return self._prediction(probabilities)
        probabilities[domain.index_for_action(HANDOFF_ACTION)] = 1.0
        return self._prediction(
            probabilities,
            optional_events=[SlotSet(REASON_SLOT, decision.reason)],
            is_no_user_prediction=True,
            diagnostic_data={"handoff_detail": decision.detail},
        )
