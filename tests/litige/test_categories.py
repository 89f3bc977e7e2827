import pytest

from litige.categories import corrected_category, denied_category, is_correction


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


def test_a_refund_of_money_taken_by_a_bill_is_a_billing_complaint():
    from litige.categories import settle

    assert (
        settle("refund", "VOUS M'AVEZ ENCORE PRÉLEVÉ 13,99 € alors que j'ai résilié, remboursez-moi")
        == "billing"
    )
    assert (
        settle("refund", "facture de 412 € au lieu de 60 €, je veux être remboursé du trop-perçu")
        == "billing"
    )
    assert settle("refund", "je veux être remboursé de ma commande CMD-123456, prélevée hier") == "refund"
    assert settle("refund", "j'ai retourné l'article il y a un mois, toujours pas remboursé") == "refund"
    assert settle("delivery", "prélevé mais jamais livré") == "delivery"


@pytest.mark.parametrize(
    "text, current, expected",
    [
        ("ce n'est pas vraiment un problème de livraison, la couture est abîmée", "delivery", "product"),
        ("Ce n'est pas un souci de livraison : elle est défectueuse", "delivery", "product"),
        ("non, je n'ai pas le numéro de commande", "delivery", None),  # denies no category
        ("non", "product", None),
        ("ce n'est pas le technicien, c'est la facture qui est fausse", "service", "billing"),
    ],
)
def test_a_category_denied_by_name_gives_the_one_said_instead(text, current, expected):
    assert denied_category(text, current) == expected
