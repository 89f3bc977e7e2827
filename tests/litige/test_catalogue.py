import pytest
import yaml

from litige.catalogue import CATEGORIES, CatalogueError, catalogue, parse_catalogue
from litige.situation import Situation

LOST = Situation(order="found", parcel="lost", amount=168.9)

MINIMAL_REMEDY = {
    "id": "r1",
    "keywords": ["rembours"],
    "delay_business_days": 2,
    "offer": "o",
    "consent": "c",
    "summary": "s",
    "follow_up": "f",
    "promise": "p",
}


def minimal(**overrides):
    categories = {
        name: {"default_problem": "ce problème", "remedies": [dict(MINIMAL_REMEDY)]} for name in CATEGORIES
    }
    categories.update(overrides)
    return {"categories": categories}


def test_the_shipped_catalogue_is_complete():
    shipped = catalogue()
    assert set(shipped) == set(CATEGORIES)
    for category in shipped.values():
        assert len(category.remedies) >= 2
        assert all(r.delay_business_days >= 1 for r in category.remedies)
        assert all(
            r.offer and r.consent and r.summary and r.follow_up and r.promise for r in category.remedies
        )
    assert shipped["delivery"].needs_order_id and not shipped["billing"].needs_order_id


def test_choose_prefers_what_the_customer_asked_for_and_never_repeats():
    delivery = catalogue()["delivery"]
    blocked = Situation(order="found", parcel="blocked", amount=1249.0)
    assert delivery.choose("je veux être remboursée", [], LOST).id == "refund"
    assert delivery.choose("la recevoir avant samedi", [], LOST).id == "reshipment"
    assert delivery.choose("je ne sais pas", [], LOST).id == "reshipment"  # catalogue order
    assert delivery.choose("je veux être remboursée", ["refund"], LOST).id == "reshipment"
    assert delivery.choose("un geste commercial", ["reshipment"], blocked).id == "voucher"
    assert (
        delivery.choose("n'importe", ["reshipment", "refund"], LOST) is None
    )  # no voucher for a lost parcel


def test_matching_ignores_accents_and_case():
    product = catalogue()["product"]
    assert product.matching("un ÉCHANGE standard").id == "replacement"
    assert product.matching("rien de spécial") is None


@pytest.mark.parametrize(
    "category, text, phrase",
    [
        ("delivery", "Ma commande est en retard de deux semaines", "ce retard de livraison"),
        ("delivery", "colis arrivé ABÎMÉ", "ce colis arrivé abîmé"),
        ("billing", "vous m'avez prélevé deux fois", "ce double prélèvement"),
        ("service", "le technicien n'est pas venu", "ce rendez-vous manqué par le technicien"),
        ("communication", "personne ne me répond", "cette absence de réponse"),
        ("product", "blabla", "ce produit qui pose problème"),
        # charged after cancelling is not a double charge, even charged twice
        (
            "billing",
            "contrat résilié il y a 75 jours et j'ai été prélevée deux fois de 64,50 €",
            "ces prélèvements après votre résiliation",
        ),
        ("billing", "je veux résilier, vous m'avez prélevé deux fois", "ce double prélèvement"),
    ],
)
def test_problem_phrase_uses_the_customers_terms(category, text, phrase):
    assert catalogue()[category].problem_phrase(text) == phrase


def test_a_category_may_have_no_remedy():
    parsed = parse_catalogue(minimal(refund={"default_problem": "x", "remedies": []}))
    assert parsed["refund"].choose("rembours", [], Situation()) is None


@pytest.mark.parametrize(
    "raw, message",
    [
        ({}, "missing 'categories'"),
        ({"categories": {"delivery": {"default_problem": "x", "remedies": []}}}, "no entry for categories"),
        (minimal(delivery={"default_problem": "x", "remedies": [{**MINIMAL_REMEDY, "offer": ""}]}), "offer"),
        (
            minimal(
                delivery={"default_problem": "x", "remedies": [{**MINIMAL_REMEDY, "delay_business_days": -1}]}
            ),
            "delay_business_days",
        ),
        (
            minimal(delivery={"default_problem": "x", "remedies": [MINIMAL_REMEDY, MINIMAL_REMEDY]}),
            "duplicate",
        ),
        (minimal(delivery={"default_problem": "x"}), "must be a list"),
    ],
)
def test_a_broken_catalogue_fails_loudly(raw, message):
    with pytest.raises(CatalogueError, match=message):
        parse_catalogue(yaml.safe_load(yaml.safe_dump(raw)))


def test_the_remedies_at_home_name_the_address_so_none_is_proposed_without_one():
    at_home = {(c.name, r.id): r for c in catalogue().values() for r in c.remedies if r.at_home}
    assert set(at_home) == {("product", "repair"), ("service", "repair_visit")}
    assert all("address" in remedy.values_needed and remedy.appointment for remedy in at_home.values())
