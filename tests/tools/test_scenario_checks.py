"""The scenario runner's per-turn checks, on texts written for the purpose."""

from pathlib import Path

import pytest

from tools.scenarios import checks
from tools.scenarios.model import Catalogue, ScenarioError, load, parse


def test_a_raw_quote_with_the_customers_own_words_is_caught():
    said = ["j'ai attendu mon colis pendant trois semaines sans rien"]
    assert checks.quoted("Vous dites : j'ai attendu mon colis pendant trois semaines.", said)
    assert checks.quoted("Je comprends « sans rien » : c'est long.", ["sans rien"]) == "sans rien"


def test_a_wish_said_back_in_the_second_person_is_not_a_quote():
    said = ["Je veux une date de livraison ferme et un geste pour ce retard."]
    bot = "Vous voulez une date de livraison ferme et un geste pour ce retard. C'est bien cela ?"
    assert checks.quoted(bot, said) is None


def test_fourteen_words_in_a_row_are_a_quote_whatever_they_are():
    said = ["le technicien est reparti au bout de dix minutes sans rien faire et sans laisser de papier"]
    bot = "Donc le technicien est reparti au bout de dix minutes sans rien faire et sans laisser de papier."
    assert checks.quoted(bot, said)


def test_capitals_and_exclamation_runs_are_not_echoed():
    assert checks.shouted_back("C'est INADMISSIBLE, en effet.", ["C'est INADMISSIBLE !!!"]) == "INADMISSIBLE"
    assert checks.shouted_back("Je comprends !!", ["bonjour"]) == "!!"
    assert checks.shouted_back("Votre commande CMD-123456 est notée.", ["CMD-123456"]) is None


def test_an_answer_comes_before_a_question_and_the_fallback_is_no_answer():
    assert checks.answers(["Nous livrons en Belgique. Autre chose ?"])
    assert not checks.answers(["Quel est votre numéro de commande ?"])
    assert not checks.answers(["Pardon, je ne suis pas sûr d'avoir bien compris. Pouvez-vous le redire ?"])
    assert not checks.answers([])


def test_no_variation_of_the_generic_fallback_counts_as_an_answer():
    import yaml

    domain = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))
    variations = [v["text"] for v in domain["responses"]["utter_default"]]
    assert len(variations) >= 3
    for text in variations:
        assert not checks.answers([text]), text


def test_dates_windows_references_and_safety_are_recognised():
    assert checks.is_dated("d'ici le **mardi 24 novembre**".replace("**", ""))
    assert not checks.is_dated("d'ici mardi")
    assert checks.has_window("le mercredi 25 novembre, entre 8 h et 18 h")
    assert not checks.has_window("le mercredi 25 novembre")
    assert checks.shows_reference(["Votre référence : **LIT-2026-000012**"])
    assert not checks.shows_reference(["Merci !"])
    assert checks.safety_first(["Débranchez l'appareil et n'y touchez plus.", "Je suis désolé."])
    assert not checks.safety_first(["Je suis désolé.", "Débranchez l'appareil."])


def test_empathy_is_an_acknowledgement_not_a_fallback():
    assert checks.is_empathic(["Je suis vraiment désolé pour ce retard."])
    assert not checks.is_empathic(["Avez-vous le numéro de commande ?"])


def test_a_malformed_scenario_is_refused_with_its_name():
    with pytest.raises(ScenarioError, match="x-1"):
        parse({"id": "x-1", "opening": "bonjour", "outcome": "peut-être"})
    with pytest.raises(ScenarioError, match="unknown slot"):
        parse({"id": "x-2", "opening": "bonjour", "outcome": "closure", "gives": ["phone"]})
    with pytest.raises(ScenarioError, match="kind"):
        parse(
            {"id": "x-3", "opening": "b", "outcome": "closure", "proposal": [{"say": "a", "kind": "maybe"}]}
        )


def test_the_scenario_files_load_and_cover_what_the_issue_asks(tmp_path: Path):
    scenarios = load()
    assert len(scenarios) >= 40
    outcomes = {s.outcome for s in scenarios}
    assert outcomes == {"closure", "handoff", "answered", "goodbye"}
    catalogue = Catalogue.read()
    for scenario in scenarios:
        if scenario.wants:
            assert scenario.wants in catalogue.remedies, scenario.id
    doubled = tmp_path / "double.yml"
    doubled.write_text(
        "scenarios:\n  - {id: a, opening: x, outcome: closure}\n  - {id: a, opening: y, outcome: closure}\n"
    )
    with pytest.raises(ScenarioError, match="duplicate"):
        load([doubled])


def test_the_catalogue_facts_come_from_the_catalogue():
    catalogue = Catalogue.read()
    assert catalogue.remedies["repair_visit"].appointment
    assert not catalogue.remedies["replacement"].hazard_safe
    assert "order_id" in catalogue.needs["delivery"] and "order_id" not in catalogue.needs["billing"]
