"""litige.facts: every fact type, normalised as in the annotation definitions, and the traps."""

import subprocess
import sys
import time
from pathlib import Path

import pytest

from litige.facts import Elapsed, Facts, Since, Slot, disputed_amount, extract
from litige.numbers import (
    DURATION,
    duration,
    find_amounts,
    hhmm,
    ordinal_value,
    parse_number,
    to_euros,
    written_date,
)

ROOT = Path(__file__).resolve().parents[2]


def facts(text):
    return extract(text).as_dict()


# ---- amounts ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("on m'a prélevé 189,90 € hier", [189.9]),
        ("189.90€ débités", [189.9]),
        ("un canapé à 1 249 €", [1249.0]),
        ("un canapé à 1\u202f249 €", [1249.0]),  # narrow no-break space
        ("un canapé à 1\u00a0249\u00a0€", [1249.0]),  # no-break space
        ("facture de 1.249,00 € reçue", [1249.0]),
        ("total 1,249.00 €", [1249.0]),
        ("ça m'a coûté mille euros", [1000.0]),
        ("deux cents euros pour rien", [200.0]),
        ("trois cent cinquante euros de frais", [350.0]),
        ("quatre-vingt-dix euros", [90.0]),
        ("vingt et un euros", [21.0]),
        ("1249 euros", [1249.0]),
        ("49€99 pour un abonnement", [49.99]),
        ("12 euros 50 de frais de port", [12.5]),
        ("35 balles pour la livraison", [35.0]),
        ("1 euro symbolique", [1.0]),
        ("49,90 EUR", [49.9]),
        ("49,90 eur", [49.9]),
        ("€49.90 sur mon relevé", [49.9]),
        ("un budget de 2k€", [2000.0]),
        ("50 centimes de trop", [0.5]),
        ("prélevé 49,90 deux fois", [49.9]),
        ("payé 30 € puis 45,50 € puis 1 000 €", [30.0, 45.5, 1000.0]),
        ("payé 30 € et encore 30 €", [30.0]),  # repeats dropped
        ("j'ai payé 12 euros 3 fois", [12.0]),  # "3" is no cents
        ("-49,90 € sur le compte", [49.9]),
        ("prélevé 3x19€99 ce mois-ci", [19.99]),  # a count glued to the sum
        ("on m'a pris 25e de frais de dossier", [25.0]),  # "e" for euros before "de frais"
        ("facturé 120 € au lieu de 80, c'est abusé", [120.0, 80.0]),  # the sum it should have been
        ("payé 64 € et non 46.", [64.0, 46.0]),
    ],
)
def test_amounts(text, expected):
    assert list(extract(text).amounts) == expected


@pytest.mark.parametrize(
    "text",
    [
        "rappelez-moi au 06 12 34 56 78",  # a phone number is not an amount
        "livraison prévue le 12/11",  # a date
        "commandé en 2024, toujours rien",  # a year
        "ma commande CMD-482913",  # an order number
        "colis de 12 kg, 3 articles",  # numbers without currency
        "remise de 20 % promise",
        "livré à 18h30",
        "c'est la 3e fois",
        "le 15e de la liste d'attente",
        "livré au lieu de 3 jours promis",
        "au lieu de 14h il est passé à 18h",
    ],
)
def test_no_amount(text):
    assert extract(text).amounts == ()


def test_1249_is_never_249():
    assert extract("Le canapé à 1 249 € est arrivé déchiré").amounts == (1249.0,)
    assert 249.0 not in extract("1 249 € et 1\u202f249,50 €").amounts


def test_phone_next_to_amount_stays_apart():
    found = extract("remboursez les 189,90 € et appelez le 06 12 34 56 78")
    assert found.amounts == (189.9,)
    assert found.phones == ("+33612345678",)


@pytest.mark.parametrize(
    "number, euros",
    [("1 249,90", 1249.9), ("1.249", 1249.0), ("189.90", 189.9), ("1,249.00", 1249.0), ("49,9", 49.9)],
)
def test_to_euros(number, euros):
    assert to_euros(number) == euros


@pytest.mark.parametrize(
    "text, value",
    [
        ("18h", "18:00"),
        ("18 h 30", "18:30"),
        ("9:05", "09:05"),
        ("midi", "12:00"),
        ("25h", None),
        ("soir", None),
    ],
)
def test_hhmm(text, value):
    assert hhmm(text) == value


def test_written_date():
    assert written_date("3", 11, None) == "3 novembre"
    assert written_date("3", 11, "2025") == "2025-11-03"
    assert written_date("3", 11, "25") == "2025-11-03"
    assert written_date("32", 11, None) is None


def test_find_amounts_spans():
    assert find_amounts("payé 1 249 €") == [(5, 12, 1249.0)]


# ---- number words and ordinals ------------------------------------------------------------
@pytest.mark.parametrize(
    "text, value",
    [
        ("un", 1),
        ("quatre", 4),
        ("dix-sept", 17),
        ("vingt et un", 21),
        ("soixante-dix", 70),
        ("soixante et onze", 71),
        ("quatre-vingts", 80),
        ("quatre-vingt-dix-neuf", 99),
        ("deux cents", 200),
        ("trois cent cinquante", 350),
        ("mille", 1000),
        ("deux mille cinq cents", 2500),
        ("une quinzaine", 15),
        ("dizaine", 10),
        ("12", 12),
        ("deux trois", None),
        ("un neuf", None),
        ("bonjour", None),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text, value",
    [
        ("3e", 3),
        ("3eme", 3),
        ("5ieme", 5),
        ("1er", 1),
        ("1ere", 1),
        ("2nde", 2),
        ("premiere", 1),
        ("troisieme", 3),
        ("cinquieme", 5),
        ("neuvieme", 9),
        ("onzieme", 11),
        ("vingt-et-unieme", 21),
        ("derniere", None),
    ],
)
def test_ordinal_value(text, value):
    assert ordinal_value(text) == value


# ---- phones --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, phone",
    [
        ("06 12 34 56 78", "+33612345678"),
        ("mon numéro : 06.12.34.56.78", "+33612345678"),
        ("06-12-34-56-78", "+33612345678"),
        ("0612345678", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+33612345678", "+33612345678"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("(0)6 12 34 56 78", "+33612345678"),
        ("01 23 45 67 89", "+33123456789"),
        ("au 05 56 12 34 56 svp", "+33556123456"),
        ("07 81 23 45 67", "+33781234567"),
        ("09 72 12 34 56", "+33972123456"),
        ("06\u202f12\u202f34\u202f56\u202f78", "+33612345678"),  # narrow no-break spaces
    ],
)
def test_phones(text, phone):
    assert extract(text).phones == (phone,)


@pytest.mark.parametrize(
    "text",
    [
        "commande CMD-4829130",  # an order number is not a phone
        "référence LIT-2026-004817",
        "06 12 34 56",  # too short
        "1234567890",  # does not start with 0
        "le 06/12/2025",
    ],
)
def test_no_phone(text):
    assert extract(text).phones == ()


def test_phone_is_not_an_order_id():
    found = extract("joignable au 0612345678, commande CMD-482913")
    assert found.order_ids == ("CMD-482913",)
    assert found.phones == ("+33612345678",)


# ---- references and e-mails -----------------------------------------------------------------
@pytest.mark.parametrize(
    "text, order",
    [
        ("ma commande CMD-482913 n'est pas arrivée", "CMD-482913"),
        ("cmd482913", "CMD-482913"),
        ("CMD 48291377", "CMD-48291377"),
        ("commande n° CMD-4829130", "CMD-4829130"),
        ("commande n°CMD-4829130", "CMD-4829130"),
        ("commande n° 482913", "CMD-482913"),
        ("numéro de commande : 482913", "CMD-482913"),
    ],
)
def test_order_ids(text, order):
    assert extract(text).order_ids == (order,)


@pytest.mark.parametrize("text", ["CMD-12345", "CMD-123456789", "code 482913", "cmd 4829 13"])
def test_no_order_id(text):
    assert extract(text).order_ids == ()


@pytest.mark.parametrize(
    "text, ticket",
    [
        ("où en est LIT-2026-004817 ?", "LIT-2026-004817"),
        ("ma réclamation lit-2026-004817", "LIT-2026-004817"),
        ("dossier Lit 2025 000123", "LIT-2025-000123"),
    ],
)
def test_ticket_ids(text, ticket):
    found = extract(text)
    assert found.ticket_ids == (ticket,)
    assert found.phones == () and found.amounts == ()


def test_emails_lowercased_in_order():
    found = extract("écrivez à Jean.Dupont@Example.FR ou à marie_2@mail.co.uk.")
    assert found.emails == ("jean.dupont@example.fr", "marie_2@mail.co.uk")


def test_email_digits_are_no_phone():
    assert extract("0612345678@sms.fr").phones == ()


# ---- attempts --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, attempts",
    [
        ("j'ai appelé quatre fois", 4),
        ("appelé 4 fois sans réponse", 4),
        ("j'ai déjà appelé votre service au moins 5 fois", 5),
        ("c'est la 3e fois que j'écris", 3),
        ("c'est la troisième fois !", 3),
        ("je vous le demande pour la 5ème fois", 5),
        ("relancé deux fois", 2),
        ("j'ai déjà écrit 3 mails", 3),
        ("six appels et toujours rien", 6),
        ("ça fait trois fois que j'appelle", 3),
        ("j'ai contacté le service client à 4 reprises", 4),
        ("deuxième relance", 2),
        ("appelé une dizaine de fois", 10),
        ("j'ai appelé 3 fois, c'est la 4e fois que j'écris", 4),
    ],
)
def test_attempts(text, attempts):
    assert extract(text).attempts == attempts


@pytest.mark.parametrize(
    "text",
    [
        "j'ai été débité deux fois",
        "j'ai appelé pour dire que j'ai été prélevé deux fois",
        "c'est la 2e fois que je reçois un colis cassé",
        "j'attends un appel",
        "j'ai reçu 3 mails de confirmation",
        "payé 3 fois sans frais",
    ],
)
def test_no_attempts(text):
    assert extract(text).attempts is None


# ---- elapsed ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("commandé il y a six semaines", 6, "week"),
        ("ça fait 4 jours", 4, "day"),
        ("j'attends depuis 15 jours", 15, "day"),
        ("depuis trois semaines", 3, "week"),
        ("plus d'internet depuis 2h", 2, "hour"),
        ("depuis un mois", 1, "month"),
        ("depuis plus d'une semaine", 1, "week"),
        ("ça fait quinze jours", 15, "day"),
        ("depuis une quinzaine", 15, "day"),
        ("il y a une quinzaine de jours", 15, "day"),
        ("ça fait huit jours", 8, "day"),
        ("3 semaines de retard", 3, "week"),
        ("deux jours sans internet", 2, "day"),
        ("3 semaines que j'attends", 3, "week"),
        ("cela fait maintenant 2 ans", 2, "year"),
        ("depuis 48h", 48, "hour"),
        ("depuis 10j", 10, "day"),
        ("ça fait trois longues semaines", 3, "week"),
        ("depuis 3 heures", 3, "hour"),
        ("j'ai un retard de 3 jours", 3, "day"),
        ("2 semaines", 2, "week"),  # the whole answer to "depuis quand ?"
        ("ça fait une semaine et demie", 1, "week"),  # "et demi" dropped
    ],
)
def test_elapsed(text, value, unit):
    assert extract(text).elapsed == Elapsed(value, unit)


@pytest.mark.parametrize(
    "text",
    [
        "depuis hier 17h",
        "depuis 14h",
        "livraison sous 3 jours",
        "il y a un problème",
        "depuis des semaines",
        "je vais poursuivre ma commande",
        "j'ai 2 semaines de vacances",
        "livraison en 48h promise",
    ],
)
def test_no_elapsed(text):
    assert extract(text).elapsed is None


def test_duration_reader():
    assert duration(DURATION.search("ca fait 4 jours")) == (4, "day")  # folded text
    assert duration(DURATION.search("depuis 14h")) is None  # a time of day


def test_first_duration_is_kept():
    assert extract("commandé il y a 3 semaines, ça fait 10 jours que j'appelle").elapsed == Elapsed(3, "week")


# ---- since -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, day, at",
    [
        ("plus de courant depuis hier 17h", "hier", "17:00"),
        ("depuis hier à 17h30", "hier", "17:30"),
        ("depuis hier soir", "hier", None),
        ("coupure depuis avant-hier", "avant-hier", None),
        ("ça ne marche plus depuis lundi", "lundi", None),
        ("depuis lundi dernier", "lundi", None),
        ("depuis ce matin", "aujourd'hui", None),
        ("depuis 8h ce matin", "aujourd'hui", "08:00"),
        ("depuis 14h", None, "14:00"),
        ("depuis midi", None, "12:00"),
        ("depuis le 3 novembre", "3 novembre", None),
        ("depuis le 1er novembre", "1 novembre", None),
        ("depuis le 3 novembre 2025", "2025-11-03", None),
        ("depuis le 03/11/2025", "2025-11-03", None),
        ("depuis le 12/11", "12 novembre", None),
        ("depuis aujourd'hui", "aujourd'hui", None),
        ("la box clignote depuis 3h du matin", None, "03:00"),
        ("plus de chauffage depuis 8h du soir", None, "20:00"),
    ],
)
def test_since(text, day, at):
    assert extract(text).since == Since(day, at)


def test_since_is_not_elapsed_nor_availability():
    found = extract("plus de courant depuis hier 17h")
    assert found.elapsed is None and found.availability == ()
    assert extract("en panne depuis lundi").availability == ()


# ---- availability ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, slots",
    [
        ("samedi 5 au matin", [{"day": "samedi", "date_of_month": 5, "part": "matin"}]),
        ("samedi matin", [{"day": "samedi", "part": "matin"}]),
        ("le mardi aprem", [{"day": "mardi", "part": "apres-midi"}]),
        ("le mardi après-midi", [{"day": "mardi", "part": "apres-midi"}]),
        ("après 18h", [{"after": "18:00"}]),
        ("après 18 h 30", [{"after": "18:30"}]),
        ("à partir de 18:30", [{"after": "18:30"}]),
        ("avant 10h", [{"before": "10:00"}]),
        ("avant midi", [{"before": "12:00"}]),
        ("entre 14h et 16h", [{"after": "14:00", "before": "16:00"}]),
        ("entre 14 et 16h", [{"after": "14:00", "before": "16:00"}]),
        ("de 9h à 12h", [{"after": "09:00", "before": "12:00"}]),
        ("entre midi et deux", [{"after": "12:00", "before": "14:00"}]),
        ("en soirée", [{"part": "soir"}]),
        ("le week-end", [{"day": "samedi"}, {"day": "dimanche"}]),
        ("le weekend le matin", [{"day": "samedi", "part": "matin"}, {"day": "dimanche", "part": "matin"}]),
        ("pas le vendredi, je travaille", [{"day": "vendredi", "excluded": True}]),
        ("sauf le vendredi", [{"day": "vendredi", "excluded": True}]),
        ("vendredi je travaille", [{"day": "vendredi", "excluded": True}]),
        ("vendredi impossible", [{"day": "vendredi", "excluded": True}]),
        ("vendredi, je travaille", [{"day": "vendredi", "excluded": True}]),
        ("pas avant 10h", [{"after": "10:00"}]),
        ("je travaille jusqu'à 17h", [{"after": "17:00"}]),
        ("mardi après 18h", [{"day": "mardi", "after": "18:00"}]),
        ("après 18h le mardi", [{"day": "mardi", "after": "18:00"}]),
        (
            "samedi matin ou après-midi",
            [{"day": "samedi", "part": "matin"}, {"day": "samedi", "part": "apres-midi"}],
        ),
        (
            "je suis dispo samedi matin mais pas le vendredi",
            [{"day": "samedi", "part": "matin"}, {"day": "vendredi", "excluded": True}],
        ),
        ("demain matin", [{"day": "demain", "part": "matin"}]),
        ("le 5 décembre 2026 au matin", [{"day": "2026-12-05", "part": "matin"}]),
        ("le 12 au soir", [{"date_of_month": 12, "part": "soir"}]),
        ("qu'on me livre samedi", [{"day": "samedi"}]),
        ("samedi, pas de souci", [{"day": "samedi"}]),
        ("je ne travaille pas le lundi", [{"day": "lundi"}]),
        ("mercredi ça m'arrange, plutôt le matin", [{"day": "mercredi", "part": "matin"}]),
        ("samedi, pas le matin", [{"day": "samedi", "part": "matin", "excluded": True}]),
        ("pas samedi plutôt lundi", [{"day": "samedi", "excluded": True}, {"day": "lundi"}]),
        (
            "je bosse le matin donc l'après-midi",
            [{"part": "matin", "excluded": True}, {"part": "apres-midi"}],
        ),
        ("appelez-moi ce soir après 20h", [{"day": "aujourd'hui", "part": "soir", "after": "20:00"}]),
        ("le 23/12 au matin si possible", [{"date_of_month": 23, "part": "matin"}]),
        (
            "du lundi au mercredi après 18h",
            [{"day": d, "after": "18:00"} for d in ("lundi", "mardi", "mercredi")],
        ),
    ],
)
def test_availability(text, slots):
    assert facts(text)["availability"] == slots


@pytest.mark.parametrize(
    "text",
    [
        "le technicien devait passer mardi matin",
        "j'ai commandé samedi dernier",
        "livraison prévue le 5",
        "en panne depuis lundi",
        "on m'a dit qu'il passerait mardi",
        "livré à 18h30",
        "commande du 12/11 toujours pas livrée",
        "le livreur est passé à 14h alors que j'étais là",
        "livraison prévue entre le 10 et le 12 novembre",
    ],
)
def test_no_availability(text):
    assert extract(text).availability == ()


# ---- the shape ---------------------------------------------------------------------------------
def test_as_dict_shape():
    text = (
        "J'ai appelé quatre fois pour la CMD-482913 (1 249 €), il y a six semaines. "
        "Rappelez-moi au 06 12 34 56 78, samedi 5 au matin, pas le vendredi."
    )
    assert facts(text) == {
        "amounts": [1249.0],
        "phones": ["+33612345678"],
        "order_ids": ["CMD-482913"],
        "attempts": 4,
        "elapsed": {"value": 6, "unit": "week"},
        "availability": [
            {"day": "samedi", "date_of_month": 5, "part": "matin"},
            {"day": "vendredi", "excluded": True},
        ],
    }


def test_as_dict_since_and_ticket():
    assert facts("LIT-2026-004817 : coupure depuis hier 17h") == {
        "ticket_ids": ["LIT-2026-004817"],
        "since": {"day": "hier", "time": "17:00"},
    }


def test_slot_as_dict_leaves_out_nulls():
    assert Slot(day="samedi").as_dict() == {"day": "samedi"}
    assert Slot(after="18:00", excluded=True).as_dict() == {"after": "18:00", "excluded": True}


def test_facts_are_frozen():
    found = extract("35 balles")
    with pytest.raises(AttributeError):
        found.amounts = ()  # type: ignore[misc]


def test_empty_facts_have_no_value():
    assert Facts().as_dict() == {} and Since("hier").time is None


# ---- edge cases ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["", "   ", None, "\n\n", "👍", "😡😡😡", "ok", "/affirm"])
def test_nothing_to_extract(text):
    assert extract(text) == Facts()
    assert extract(text).as_dict() == {}


def test_emojis_around_facts():
    found = extract("😡 189,90 € 😡 appelé 3 fois 🙄 06 12 34 56 78 📞")
    assert found.amounts == (189.9,) and found.attempts == 3 and found.phones == ("+33612345678",)


def test_words_in_another_sense_give_nothing():
    assert facts("je vais poursuivre ma commande, soyez prudents, mon budget a explosé") == {}


@pytest.mark.parametrize(
    "text",
    ["un " * 3300, "vingt-" * 1600, "1234567890" * 1000, "a" * 10000, "1.2.3." * 1600, "a.b.c@" * 1600],
)
def test_pathological_text_is_fast(text):
    started = time.perf_counter()
    extract(text)
    assert time.perf_counter() - started < 1.0


def test_long_text_is_fast():
    text = ("Bonjour, j'ai appelé 3 fois pour ma commande CMD-482913 de 1 249 €, rien depuis lundi. " * 120)[
        :10000
    ]
    started = time.perf_counter()
    found = extract(text)
    assert time.perf_counter() - started < 1.0
    assert found.amounts == (1249.0,) and found.attempts == 3 and found.order_ids == ("CMD-482913",)


def test_import_has_no_side_effect_and_no_rasa():
    code = "import sys, litige.facts; print(sorted(m for m in sys.modules if m.startswith('rasa')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]" and done.stderr == ""


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Vous m'avez prélevé deux mensualités de 64,50 €, soit 129 € au total, après résiliation.", 129.0),
        ("deux fois 64,50 €, 129 € en tout", 129.0),
        ("ma facture est passée de 80 € à 112,40 € par mois sans explication", 112.4),
        ("canapé à 1 249 € livré en retard, et 80 € de frais de relivraison", 1249.0),
        ("commande CMD-482913, rappelez-moi au 06 12 34 56 78", None),
    ],
)
def test_the_disputed_amount_is_a_total_or_the_new_price_else_the_first(text, expected):
    assert disputed_amount(text) == expected


@pytest.mark.parametrize(
    "text, elapsed",
    [
        ("cliente chez vous depuis 8 ans, et la lampe reçue hier est fêlée", None),
        ("client fidèle depuis plus de 10 ans", None),
        ("ça fait 3 semaines que j'attends, je suis client depuis 5 ans", Elapsed(3, "week")),
    ],
)
def test_how_long_one_has_been_a_customer_is_no_delay(text, elapsed):
    assert extract(text).elapsed == elapsed
