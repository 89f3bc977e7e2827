"""The phrasebook and the domain follow the house rules of the de-escalation method."""

import random
import re
from pathlib import Path

import pytest
import yaml

from actions.knowledge import entries as knowledge_entries
from litige.escalation import REASONS
from litige.phrases import PhrasebookError, load_phrasebook, parse_phrasebook, render

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def all_texts():
    for key, variations in load_phrasebook().items():
        for variation in variations:
            yield key, variation.text
    for key, variations in DOMAIN["responses"].items():
        for variation in variations:
            yield key, variation["text"]


def keys_used_in_code():
    used = set()
    for path in (ROOT / "actions").glob("*.py"):
        code = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'say\(\s*dispatcher,\s*tracker,\s*"([a-z_]+)"', code))
        for first, other in re.findall(
            r'\b(?:ask_again|move_on|give_up)="([a-z_]+)"(?: if [^\n]*? else "([a-z_]+)")?', code
        ):  # forms._ask_again_or_move_on, with a phrase chosen by a condition
            used |= {first, other} - {""}
    for path in [
        *(ROOT / "litige").glob("*.py"),
        *(ROOT / "console").glob("*.py"),
        *(ROOT / "scheduler").glob("*.py"),
        *(ROOT / "actions").glob("*.py"),
    ]:
        code = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'render\(\s*"([a-z_]+)"', code))
        used |= set(re.findall(r'_console_says\(\s*"([a-z_]+)"', code))  # console/desk.py
    used |= {f"handoff_{reason}" for reason in REASONS} | {"handoff_already"}
    # handoff: the next step, with or without a reference; why nobody is there (handoff_plan)
    used |= {
        f"handoff_{kind}{suffix}" for kind in ("waiting", "callback") for suffix in ("", "_no_reference")
    }
    used |= {"nobody_closed", "nobody_signed_in", "nobody_busy"}
    used |= {"ask_order_id_after_attention", "ask_expected_outcome_after_attention"}  # forms._AskAction
    used |= {
        f"ask_{slot}"
        for slot in (
            "order_id",
            "expected_outcome",
            "customer_email",
            "customer_phone",
            "customer_address",
            "visit_availability",
            "complaint_details",
        )
    }
    used |= {"threat_leave", "threat_review", "threat_other", "propose", "propose_again"}
    # complaint.utter_reformulation picks these by the kind of wish (wording.wish)
    used |= {f"wish_{kind}" for kind in ("said", "noun", "unknown")}
    used |= {"reformulate_adjusted", "reformulate_adjusted_said", "reformulate_adjusted_unknown"}
    # negotiation: the proposal phrase is passed to resolution.propose, the counter's is picked
    used |= {"propose_asked", "counter_appointment", "counter_too_early"}
    # knowledge.answer says kb_<id> for the entries of catalogue/knowledge.yml
    used |= {f"kb_{entry.id}" for entry in knowledge_entries()}
    # safety.safety_first says safety_<kind> for the kinds of litige.safety
    used |= {"safety_electric", "safety_gas", "safety_emergency"}
    # news.order_news / outage_news pick the phrase by what the order system answered
    statuses = ("in_transit", "in_transit_no_eta", "preparing", "preparing_no_eta", "blocked", "lost")
    used |= {
        f"order_{s}" for s in (*statuses, "delivered", "returned", "cancelled", "not_found", "unchecked")
    }
    used |= {"outage_known", "outage_known_no_end"}
    return used


def test_every_phrase_the_code_uses_exists_and_nothing_is_dead():
    assert keys_used_in_code() == set(load_phrasebook())


def test_several_variations_everywhere():
    assert {key: len(v) for key, v in load_phrasebook().items() if len(v) < 2} == {}
    assert {key: len(v) for key, v in DOMAIN["responses"].items() if len(v) < 2} == {
        "utter_ack_affirm": 1,
        "utter_ack_deny": 1,
    }


def test_yes_and_never_yes_but():
    assert [(key, text) for key, text in all_texts() if re.search(r"\bmais\b", text, re.I)] == []


# Real values for every placeholder the actions fill (from the catalogue and the dates
# module), written here by hand: a phrase that asks for anything else fails.
REAL_VALUES = {
    "offer": "nous vous renvoyons votre commande en livraison express, à nos frais",
    "consent": "nous vous renvoyons votre commande en livraison express, à nos frais,",
    "summary": "nous vous renvoyons votre commande en livraison express, à nos frais,",
    "promise": "un nouvel envoi de votre commande en livraison express",
    "link": "http://127.0.0.1:5010/suivi/dossier",
    "due": "mardi 24 novembre",
    "follow_up_day": "mercredi 25 novembre",
    "problem": "ce retard de livraison",
    "details": "le colis devait arriver pour un anniversaire",
    "outcome": "recevoir la commande avant samedi",
    "order_part": ", pour la commande CMD-482913",
    "follow_up_sentence": "Vous recevrez le numéro de suivi par e-mail dès l'expédition.",
    "reference": "LIT-2026-000123",
    "reference_later": "par e-mail",
    "status_text": "en cours de traitement",
    "wait": "un conseiller devrait vous répondre dans 12 minutes environ",
    "minutes": "12",
    "why": "aucun conseiller n'est disponible pour le moment",
    "where": "ici même ou par e-mail, à l'adresse claire.martin@example.fr",
    "hour": "12 h",
    "advisor": "Julie",
    "email": "claire.martin@example.fr",
    "context": ", depuis six semaines, pour un montant de 189,90 €",
    "wish": "vous voulez une date de livraison ferme",
    "when": "d'ici le **mardi 24 novembre**",
    "when_marked": "le **mardi 24 novembre**, entre 8 h et 18 h",
    "amount": "83 €",
    "day": "samedi 28 novembre",
    "window": "entre 8 h et 12 h",
    "asked": "jeudi 26 novembre",
    "days": "du lundi au samedi",
    "start": "8 h",
    "end": "18 h",
    "deadline": "vendredi 27 novembre",
    "text": "Je regarde votre colis tout de suite.",  # an advisor's reply
    "greeting": "Bonjour Julie Martin,",
    "name": "Julie Martin",
    "order_id": "CMD-482913",
    "phone": "06 12 34 56 78",
    "missing": "le code postal et la ville",
    "items": "Canapé d'angle Oslo",
    "carrier": "La Poste",
    "placed_on": "jeudi 22 octobre",
    "since": "mardi 24 novembre",
    "last_step": "arrivé au dépôt de Lyon",
    "eta": "mardi 8 décembre",
    "delivered_on": "lundi 23 novembre",
    "started": "samedi 5 décembre à 8 h 30",
    "cause": "des travaux sur le réseau",
    "expected_end": "lundi 7 décembre vers 18 h",
}


def test_every_variation_renders_with_real_values():
    for key, variations in load_phrasebook().items():
        for variation in variations:
            unknown = set(variation.placeholders) - set(REAL_VALUES)
            assert not unknown, (key, unknown)
            text = render_text(variation.text, REAL_VALUES)
            assert "{" not in text and "}" not in text, (key, text)
            assert "  " not in text and " ," not in text, (key, text)  # a value left a hole


def render_text(template: str, values) -> str:
    return template.format_map(values)


def test_every_reformulation_starts_by_saying_it_is_one():
    keys = (
        "reformulate",
        "reformulate_adjusted",
        "reformulate_adjusted_said",
        "reformulate_adjusted_unknown",
    )
    for key in keys:
        for v in load_phrasebook()[key]:
            assert re.match(r"(D'accord\. )?Si je (comprends|résume) bien", v.text), (key, v.text)


def test_a_reformulation_never_quotes_the_customer():
    for key in ("reformulate", "reformulate_adjusted", "reformulate_adjusted_said") + tuple(
        f"wish_{kind}" for kind in ("said", "noun", "unknown")
    ):
        for v in load_phrasebook()[key]:
            assert not re.search(r"[«»\"“”]", v.text), (key, v.text)
            assert not {"details", "outcome"} & set(v.placeholders), (key, v.text)


def test_a_missing_value_is_a_clear_error():
    with pytest.raises(PhrasebookError, match="when"):
        render("propose", values={"offer": "x", "consent": "y"})
    with pytest.raises(PhrasebookError, match="no phrase"):
        render("nope")


def test_conditional_variations_follow_the_slots():
    rng = random.Random(7)
    calm = {render("closure_thanks", {"emotion": "neutral", "csat": 5.0}, rng=rng)[0] for _ in range(30)}
    angry = {render("closure_thanks", {"emotion": "anger", "csat": 5.0}, rng=rng)[0] for _ in range(30)}
    low = {render("closure_thanks", {"emotion": "neutral", "csat": 2.0}, rng=rng)[0] for _ in range(30)}
    assert not any("😉" in text for text in low)  # no joke after a 2/5
    assert all("franchise" in text or "honnêtement" in text for text in low)
    assert all("😉" in text for text in calm)  # a light touch of humour once calm
    assert not any("😉" in text for text in angry)  # never while angry
    adjusting = render("ask_expected_outcome", {"adjusting": True}, rng=rng)[0]
    assert "mieux" in adjusting


def test_consent_and_rating_questions_carry_buttons():
    _, buttons = render("propose", values={"offer": "o", "consent": "c", "when": "w", "when_marked": "m"})
    assert [b["payload"] for b in buttons] == ["/affirm", "/deny"]
    _, buttons = render("ask_csat")
    assert [b["payload"] for b in buttons] == [f'/rate{{"csat":"{n}"}}' for n in range(1, 6)]


def test_a_malformed_phrasebook_is_refused():
    with pytest.raises(PhrasebookError):
        parse_phrasebook({"phrases": {"x": [{"when": {"emotion": "anger"}, "text": "a"}]}})
    with pytest.raises(PhrasebookError):
        parse_phrasebook({"phrases": {"x": [{"text": ""}]}})


EMOTION_WORDS = {
    "anger": ("colère",),
    "frustration": ("agacement", "exaspération", "lassitude"),
    "anxiety": ("inquiétude", "inquiète"),
    "disappointment": ("déception",),
}


def attention_variations(emotion, told):
    return [
        v["text"]
        for v in DOMAIN["responses"]["utter_attention"]
        if {"name": "emotion", "type": "slot", "value": emotion} in v.get("condition", [])
        and {"name": "story_told", "type": "slot", "value": told} in v.get("condition", [])
    ]


STORY_REQUESTS = ("racontez", "raconter", "dites-moi", "que s'est-il passé", "expliquez")


@pytest.mark.parametrize("emotion", sorted(EMOTION_WORDS))
def test_a_customer_who_told_everything_is_not_asked_for_the_story_again(emotion):
    variations = attention_variations(emotion, told=True)
    assert len(variations) >= 2
    for text in variations:
        lowered = text.lower()
        assert any(word in lowered for word in EMOTION_WORDS[emotion]), text
        assert "désolé" in lowered or "excuses" in lowered, text
        assert not any(request in lowered for request in STORY_REQUESTS), text
        assert "?" not in text, text
        for forbidden in ("rembours", "renvoy", "bon d'achat", "échange", "numéro", "parce que"):
            assert forbidden not in lowered, (forbidden, text)


@pytest.mark.parametrize("emotion", sorted(EMOTION_WORDS))
def test_attention_names_the_emotion_apologises_and_invites_without_solving(emotion):
    variations = attention_variations(emotion, told=False)
    assert len(variations) >= 2
    for text in variations:
        lowered = text.lower()
        assert any(word in lowered for word in EMOTION_WORDS[emotion]), text  # names the emotion
        assert "désolé" in lowered or "excuses" in lowered, text
        assert "{complaint_problem}" in text
        assert any(word in lowered for word in ("racontez", "dites", "écoute", "raconter", "?")), text
        # no remedy, no form question, no justification yet
        for forbidden in ("rembours", "renvoy", "bon d'achat", "échange", "numéro", "e-mail", "parce que"):
            assert forbidden not in lowered, (forbidden, text)
    if emotion == "anxiety":  # reassure and say what happens next
        assert all("allons" in t or "vais" in t for t in variations)
