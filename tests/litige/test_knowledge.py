import pytest
import yaml

from litige.config import ROOT
from litige.knowledge import KnowledgeError, find, is_question, parse

ENTRIES = parse(yaml.safe_load((ROOT / "catalogue" / "knowledge.yml").read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    "text",
    [
        "vous livrez en Belgique avant Noël ?",
        "est-ce que je peux le retourner",
        "Comment je fais pour trouver le numéro",
        "et la garantie, ça marche comment",
        "vous acceptez les retours après un mois",
        "Bonjour, je voudrais savoir combien de temps dure la garantie d'un lave-linge.",
        "bonsoir madame, j'aimerais savoir si vous livrez le dimanche",
        "Pourriez-vous me dire quels sont vos horaires, merci.",
        "je me demandais si le retour était gratuit",
        "Bonjour, comment je fais pour suivre mon colis",
    ],
)
def test_questions(text):
    assert is_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "CMD-482913",
        "je veux être remboursé",
        "/affirm",
        "",
        "oui c'est ça",
        "bonjour, je voudrais un remboursement",
        "bonjour, je voudrais savoir faire la différence, mais votre site est illisible",
    ],
)
def test_not_questions(text):
    assert not is_question(text)


@pytest.mark.parametrize(
    "text, topic",
    [
        ("Vous livrez en Belgique avant Noël ?", "delivery_abroad"),
        ("c'est où le numéro de commande ?", "order_number"),
        ("je le trouve où, le numéro de commande ?", "order_number"),
        ("quel est le délai de livraison en général ?", "delivery_times"),
        ("je peux retourner un article ouvert ?", "returns"),
        ("la garantie dure combien de temps ?", "warranty"),
        ("vous êtes ouverts le samedi ?", "opening_hours"),
        ("pourquoi vous voulez mon mail ?", "why_email"),
        ("il fait beau chez vous ?", None),
    ],
)
def test_the_topic_of_a_question(text, topic):
    assert find(text, ENTRIES) == topic


@pytest.mark.parametrize(
    "raw",
    [
        {},
        {"entries": []},
        {"entries": [{"id": "x"}]},
        {"entries": [{"id": "x", "when": [[]]}]},
        {"entries": [{"id": "x", "when": [["a"]]}, {"id": "x", "when": [["b"]]}]},
    ],
)
def test_a_malformed_knowledge_file_fails_loudly(raw):
    with pytest.raises(KnowledgeError):
        parse(raw)
