"""The scripted customer: plays one scenario against the real servers, choosing each message
from what the bot is asking (the form's requested slot, the step of the waltz, the buttons),
and records every rule a turn breaks."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Set

import requests

from tools.scenarios import checks
from tools.scenarios.model import Catalogue, Line, Scenario

MAX_TURNS = 24
STEPS = ("attention", "questioning", "resolution", "closure")


@dataclass
class Result:
    scenario: Scenario
    outcome: str = "unfinished"
    turns: int = 0
    steps: Set[str] = field(default_factory=set)
    problems: List[str] = field(default_factory=list)
    transcript: List[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems and self.outcome == self.scenario.outcome


class RestClient:
    """One customer's conversation through the REST channel."""

    def __init__(self, rasa_url: str, sender: Optional[str] = None, token: str = ""):
        self.rasa_url = rasa_url
        self.token = token
        self.sender = sender or f"scenario-{uuid.uuid4().hex[:12]}"

    def say(self, text: str) -> List[Dict[str, Any]]:
        response = requests.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": text},
            timeout=90,
        )
        response.raise_for_status()
        return response.json()

    def tracker(self) -> Dict[str, Any]:
        response = requests.get(
            f"{self.rasa_url}/conversations/{self.sender}/tracker", params={"token": self.token}, timeout=30
        )
        response.raise_for_status()
        return response.json()


def _payloads(messages: List[Dict[str, Any]]) -> List[str]:
    return [b.get("payload", "") for m in messages for b in m.get("buttons") or []]


class Customer:
    def __init__(self, scenario: Scenario, catalogue: Catalogue, client: RestClient):
        self.s = scenario
        self.catalogue = catalogue
        self.client = client
        self.result = Result(scenario)
        self.said: List[str] = []
        self.given: Set[str] = set(scenario.gives)
        self.form = list(scenario.form)
        self.recap = list(scenario.recap)
        self.proposal = list(scenario.proposal)
        self.proposed: List[str] = []
        self.recap_confirmed = False
        self.slots: Dict[str, Any] = {}

    # ------------------------------------------------------------------ talking
    def problem(self, text: str) -> None:
        self.result.problems.append(f"turn {self.result.turns}: {text}")

    def send(self, line: Line) -> List[str]:
        self.result.turns += 1
        messages = self.client.say(line.say)
        texts = [m.get("text", "") for m in messages]
        self.said.append(line.say)
        self.result.transcript.append(f"Client : {line.say}")
        self.result.transcript += [f"Bot    : {t}" for t in texts]
        self.slots = self.client.tracker().get("slots") or {}
        self.buttons = _payloads(messages)
        self.check_words(texts)
        if line.question:
            if not checks.answers(texts):
                self.problem(f"the question {line.say!r} got no answer first")
            elif line.expect and not checks.re.search(line.expect, " ".join(texts), checks.re.I):
                self.problem(f"the answer to {line.say!r} does not say /{line.expect}/")
        self.check_proposal(line, messages)
        return texts

    def check_words(self, texts: List[str]) -> None:
        for text in texts:
            quote = checks.quoted(text, self.said)
            if quote:
                self.problem(f"quotes the customer: « {quote} »")
            loud = checks.shouted_back(text, self.said)
            if loud:
                self.problem(f"shouts back: {loud}")

    def check_proposal(self, line: Line, messages: List[Dict[str, Any]]) -> None:
        remedy = self.slots.get("current_remedy")
        proposing = [
            m for m in messages if "/affirm" in _payloads([m]) and checks.is_dated(m.get("text", ""))
        ]
        asking_consent = [m for m in messages if "/affirm" in _payloads([m])]
        if self.slots.get("waltz_step") != "resolution" or not remedy:
            return
        fresh = not self.proposed or remedy != self.proposed[-1]
        if fresh and not asking_consent:
            self.problem(f"the proposal of {remedy} asks for no consent")
        if not asking_consent:
            return
        if not fresh and line.kind not in ("counter", "conditional", "question", None):
            fresh = True
        if not fresh:
            return  # the same proposal asked again (after a question or a new day)
        self.result.steps.add("resolution")
        text = " ".join(m.get("text", "") for m in messages)
        facts = self.catalogue.remedies.get(remedy)
        if not proposing:
            self.problem(f"the proposal of {remedy} has no date")
        if facts and facts.appointment and not checks.has_window(text):
            self.problem(f"the proposal of {remedy} needs the customer there but gives no time window")
        if not self.proposed:
            missing = [s for s in self.needs() if not self.slots.get(s)]
            if missing or not self.recap_confirmed:
                self.problem(f"proposes before the questioning is done (missing: {missing or 'the recap'})")
        if remedy in self.proposed[:-1] and remedy != self.s.wants:
            self.problem(f"proposes {remedy} again, which the customer did not ask for")
        if self.s.hazard and facts and not facts.hazard_safe:
            self.problem(f"proposes {remedy}, which keeps or resends a dangerous product")
        self.proposed.append(remedy)

    def needs(self) -> List[str]:
        category = self.slots.get("complaint_category")
        return self.catalogue.needs.get(category, ["complaint_details", "expected_outcome"])

    # ------------------------------------------------------------------ choosing
    def next_line(self) -> Optional[Line]:
        step = self.slots.get("waltz_step")
        asked = self.slots.get("requested_slot")
        if any(p.startswith("/rate") for p in self.buttons):
            self.result.steps.add("closure")
            return Line(say=self.s.rating)
        if step in ("closure", "handoff"):
            return None
        if asked:
            if asked in self.given:
                self.problem(f"asks again for {asked}, already given")
            for line in self.form:
                if line.when_asked == asked:
                    self.form.remove(line)
                    return line
            if asked not in self.s.knows:
                self.problem(f"asks for {asked}, which the script has no answer for")
                return None
            self.given.add(asked)
            return Line(say=self.s.knows[asked])
        if step == "questioning":
            self.result.steps.add("questioning")
            say = self.recap.pop(0) if len(self.recap) > 1 else self.recap[0]
            self.recap_confirmed = True
            return Line(say=say)
        if step is None and self.s.outcome != "answered" and "complaint_details" not in self.given:
            # a thin opening ("j'ai un souci avec ma commande") was asked what happened
            self.given.add("complaint_details")
            return Line(say=self.s.knows.get("complaint_details") or self.s.opening)
        if step == "resolution":
            if not self.proposal:
                self.problem("the proposal step goes on past the script")
                return None
            return self.proposal.pop(0)
        return None

    def play(self) -> Result:
        s, r = self.s, self.result
        first = self.send(Line(say=s.opening, question=s.outcome == "answered"))
        if s.hazard and not checks.safety_first(first):
            self.problem("no safety instruction first for a danger")
        if s.outcome != "answered":
            if checks.is_empathic(first):
                r.steps.add("attention")
            else:
                self.problem("the first answer does not acknowledge the customer")
        ended = False
        while r.turns < MAX_TURNS:
            line = self.next_line()
            if line is None:
                break
            refused_before = int(self.slots.get("refused_proposals") or 0)
            texts = self.send(line)
            if line.kind == "refusal" or int(self.slots.get("refused_proposals") or 0) > refused_before:
                # "Qu'est-ce qui vous conviendrait mieux ?" after a refusal is a new question
                self.given.discard("expected_outcome")
            if line.kind == "refusal":
                refused = int(self.slots.get("refused_proposals") or 0)
                if refused <= refused_before and self.slots.get("waltz_step") != "handoff":
                    self.problem(f"the refusal {line.say!r} was not counted")
            if line.end:
                ended = True
                self.check_goodbye(texts)
                break
        else:
            self.problem(f"no end after {MAX_TURNS} turns")
        for line in s.after:
            self.send(line)
        self.finish(ended)
        return r

    def check_goodbye(self, texts: List[str]) -> None:
        if texts and checks.sentences(texts[-1]) and checks.sentences(texts[-1])[-1].endswith("?"):
            self.problem("a goodbye is answered with a question")
        if self.slots.get("requested_slot"):
            self.problem("the form still waits for an answer after the goodbye")
        if not self.slots.get("complaint_category"):
            self.problem("the complaint's state is lost after the goodbye")

    def finish(self, ended: bool) -> None:
        r, step = self.result, self.slots.get("waltz_step")
        if ended:
            r.outcome = "goodbye"
        elif step == "handoff":
            r.outcome = "handoff"
        elif step == "closure":
            r.outcome = "closure"
            texts = [t[len("Bot    : ") :] for t in r.transcript if t.startswith("Bot")]
            if not checks.shows_reference(texts):
                self.problem("the closure shows no reference")
        elif step is None and not self.slots.get("complaint_category"):
            r.outcome = "answered"
        if self.s.outcome == "answered" and self.slots.get("complaint_category"):
            self.problem("a plain question was turned into a complaint")
        if self.s.wants and r.outcome == "closure" and self.slots.get("current_remedy") != self.s.wants:
            self.problem(f"agreed on {self.slots.get('current_remedy')}, the customer wanted {self.s.wants}")
        if r.outcome != self.s.outcome:
            self.problem(f"ended in {r.outcome}, expected {self.s.outcome}")


def play(scenario: Scenario, catalogue: Catalogue, rasa_url: str, token: str = "") -> Result:
    return Customer(scenario, catalogue, RestClient(rasa_url, token=token)).play()


Runner = Callable[[Scenario], Result]
