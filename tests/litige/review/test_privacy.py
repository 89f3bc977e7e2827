"""Masking what a trainer reads: e-mails, French phone numbers, order numbers and the
customer's name, in the customer's messages, the assistant's, the slots and the entities."""

import pytest

from litige.review.privacy import (
    EMAIL_MASK,
    NAME_MASK,
    ORDER_MASK,
    PHONE_MASK,
    mask,
    mask_conversation,
    mask_summary,
    mask_turns,
)
from litige.review.timeline import Turn

KNOWN = {
    "customer_name": "Hélène Lefèvre",
    "customer_email": "helene.lefevre@orange.fr",
    "customer_phone": "+33612345678",
    "order_id": "CMD-4829130",
}


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Bonjour, ma commande CMD-4829130 n'est jamais arrivée",
            f"Bonjour, ma commande {ORDER_MASK} n'est jamais arrivée",
        ),
        ("c'est la cmd 5512345 pour le mixeur", f"c'est la {ORDER_MASK} pour le mixeur"),
        ("numéro de commande : 7730021", f"numéro de commande : {ORDER_MASK}"),
        (
            "commande n° 5512345, livrée le 12/03/2026 pour 49,90 €",
            f"commande n° {ORDER_MASK}, livrée le 12/03/2026 pour 49,90 €",
        ),
        ("4829130", ORDER_MASK),  # the known order's bare number, as an answer to "its number?"
        (
            "Écrivez-moi à helene.lefevre@orange.fr ou à h.l+sav@gmail.com",
            f"Écrivez-moi à {EMAIL_MASK} ou à {EMAIL_MASK}",
        ),
        ("Rappelez-moi au 06 12 34 56 78 avant midi", f"Rappelez-moi au {PHONE_MASK} avant midi"),
        ("mon fixe : 01.45.67.89.10", f"mon fixe : {PHONE_MASK}"),
        ("ou le +33 7 11 22 33 44", f"ou le {PHONE_MASK}"),
        ("joignable au 0033 6 12 34 56 78", f"joignable au {PHONE_MASK}"),
        ("Ici Helene LEFEVRE, cliente depuis 2019", f"Ici {NAME_MASK}, cliente depuis 2019"),
        ("Mme Lefèvre a déjà appelé deux fois", f"Mme {NAME_MASK} a déjà appelé deux fois"),
        ("Merci Hélène, c'est noté.", f"Merci {NAME_MASK}, c'est noté."),
        # what is not personal stays as it is
        ("Le colis pèse 2,5 kg et coûte 129 €", "Le colis pèse 2,5 kg et coûte 129 €"),
        ("Votre dossier LIT-2026-000123 est enregistré", "Votre dossier LIT-2026-000123 est enregistré"),
        (
            "livraison prévue le 15/12/2026 entre 14 h et 16 h",
            "livraison prévue le 15/12/2026 entre 14 h et 16 h",
        ),
        ("La lefèvrerie n'a rien à voir", "La lefèvrerie n'a rien à voir"),  # not a whole word
    ],
)
def test_mask(text, expected):
    assert mask(text, KNOWN) == expected


def test_without_known_values_the_patterns_still_mask():
    assert mask("Mon mail : paul.martin@laposte.net, tél. 07 88 99 00 11, cmd-1234567") == (
        f"Mon mail : {EMAIL_MASK}, tél. {PHONE_MASK}, {ORDER_MASK}"
    )
    assert mask("Paul Martin") == "Paul Martin"  # a name is masked only when known


def test_revealed_kinds_stay_visible():
    text = "Hélène Lefèvre, helene.lefevre@orange.fr, 06 12 34 56 78, CMD-4829130"
    assert (
        mask(text, KNOWN, keep={"email"})
        == f"{NAME_MASK}, helene.lefevre@orange.fr, {PHONE_MASK}, {ORDER_MASK}"
    )
    assert (
        mask(text, KNOWN, keep={"name", "phone"})
        == f"Hélène Lefèvre, {EMAIL_MASK}, 06 12 34 56 78, {ORDER_MASK}"
    )
    assert mask(text, KNOWN, keep={"all"}) == text


def test_not_text_is_left_alone():
    assert mask(None, KNOWN) is None
    assert mask(3, KNOWN) == 3
    assert mask("", KNOWN) == ""


def turn():
    return Turn(
        number=1,
        event_id=42,
        timestamp=1796620669.0,
        text="Je suis Hélène Lefèvre, ma commande CMD-4829130 est arrivée cassée, appelez le 06 12 34 56 78",
        button=False,
        intent="complain_product",
        confidence=0.94,
        emotion="anger",
        intensity=0.7,
        entities=[
            {"entity": "order_id", "value": "CMD-4829130"},
            {"entity": "person", "value": "Hélène Lefèvre"},
        ],
        slots={
            "customer_phone": "+33612345678",
            "account_facts": {"order_id": "CMD-4829130", "account_key": "helene.lefevre@orange.fr"},
            "proposed_remedies": ["reshipment"],
            "refused_proposals": 0,
        },
        actions=["action_acknowledge"],
        bot_texts=["Je note votre numéro, 06 12 34 56 78, et la commande CMD-4829130."],
        advisor_messages=[
            {"advisor": "Sonia", "text": "Bonjour Hélène, je reprends votre dossier.", "timestamp": 1.0}
        ],
        step="attention",
        markers=[],
    )


def test_mask_turns_returns_masked_copies():
    original = turn()
    (masked,) = mask_turns([original], KNOWN)
    assert (
        masked.text
        == f"Je suis {NAME_MASK}, ma commande {ORDER_MASK} est arrivée cassée, appelez le {PHONE_MASK}"
    )
    assert masked.entities == [
        {"entity": "order_id", "value": ORDER_MASK},
        {"entity": "person", "value": NAME_MASK},
    ]
    assert masked.slots == {
        "customer_phone": PHONE_MASK,
        "account_facts": {"order_id": ORDER_MASK, "account_key": EMAIL_MASK},
        "proposed_remedies": ["reshipment"],
        "refused_proposals": 0,
    }
    assert masked.bot_texts == [f"Je note votre numéro, {PHONE_MASK}, et la commande {ORDER_MASK}."]
    assert masked.advisor_messages[0]["text"] == f"Bonjour {NAME_MASK}, je reprends votre dossier."
    assert (masked.intent, masked.emotion, masked.event_id) == ("complain_product", "anger", 42)
    assert original.text.startswith("Je suis Hélène Lefèvre")  # the original is untouched
    assert original.slots["account_facts"]["order_id"] == "CMD-4829130"
    (as_dict,) = mask_turns([original.as_dict()], KNOWN)
    assert as_dict["text"] == masked.text and as_dict["slots"] == masked.slots


def test_mask_conversation():
    data = {
        "conversation_id": "c-1",
        "summary": {
            **KNOWN,
            "customer_text": "Je suis Hélène Lefèvre, commande CMD-4829130",
            "outcome": "handoff",
        },
        "turns": [turn()],
        "notes": [{"advisor_name": "Sonia", "text": "Rappeler Mme Lefèvre au 06 12 34 56 78"}],
        "comments": [{"who": "Claire", "text": "RAS"}],
        "corrections": [{"text": "ma commande CMD-4829130", "intent_after": "complain_delivery"}],
        "mark": {"status": "new", "tags": []},
    }
    masked = mask_conversation(data)
    assert masked["summary"] == {
        "customer_name": NAME_MASK,
        "customer_email": EMAIL_MASK,
        "customer_phone": PHONE_MASK,
        "order_id": ORDER_MASK,
        "customer_text": f"Je suis {NAME_MASK}, commande {ORDER_MASK}",
        "outcome": "handoff",
    }
    assert masked["turns"][0].text.startswith(f"Je suis {NAME_MASK}")
    assert masked["notes"][0]["text"] == f"Rappeler Mme {NAME_MASK} au {PHONE_MASK}"
    assert masked["comments"] == [{"who": "Claire", "text": "RAS"}]
    assert masked["corrections"][0]["text"] == f"ma commande {ORDER_MASK}"
    assert masked["mark"] == {"status": "new", "tags": []}
    assert data["summary"]["customer_email"] == "helene.lefevre@orange.fr"  # a copy
    revealed = mask_conversation(data, keep={"order_id"})
    assert revealed["summary"]["order_id"] == "CMD-4829130"
    assert revealed["summary"]["customer_text"] == f"Je suis {NAME_MASK}, commande CMD-4829130"


def test_mask_summary_of_a_list_row():
    row = {"customer_email": None, "customer_text": "mon numéro : 06 98 76 54 32", "order_id": "CMD-1234567"}
    assert mask_summary(row) == {
        "customer_email": None,
        "customer_text": f"mon numéro : {PHONE_MASK}",
        "order_id": ORDER_MASK,
    }
