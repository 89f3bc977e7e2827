import pytest

from litige.categories import corrected_category, is_correction


@pytest.mark.parametrize(
    "text, current, expected",
    [
        (
            "Non, ce n'est pas un problème de communication, c'est ma livraison qui n'arrive pas",
            "communication",
            "delivery",
        ),
        ("non c'est la facture qui est fausse, pas le colis", "delivery", "billing"),
        ("non, ça n'a rien à voir avec la livraison, le produit est cassé", "delivery", "product"),
        ("pas tout à fait, je n'ai jamais reçu ma commande", "communication", "delivery"),
        ("non", "delivery", None),
        ("non ce n'est pas ça", "delivery", None),
        ("non, le montant est faux", "billing", None),
        ("non, c'est bien la livraison mais pas ce jour-là", "delivery", None),
    ],
)
def test_the_category_a_correction_names(text, current, expected):
    assert corrected_category(text, current) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Non, c'est ma livraison", True),
        ("ce n'est pas un problème de communication", True),
        ("vous avez mal compris, c'est la facture", True),
        ("et en plus la facture est fausse", False),
        ("oui c'est ça", False),
    ],
)
def test_a_correction_of_the_recap(text, expected):
    assert is_correction(text) is expected
