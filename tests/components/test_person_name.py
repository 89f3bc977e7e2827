import pytest

from components.person_name import find_person_spans


@pytest.mark.parametrize(
    "text, names",
    [
        ("je m'appelle Julie Martin et ma commande est en retard", ["Julie Martin"]),
        ("Bonjour, Mme Nadia Benali, cliente depuis 10 ans", ["Nadia Benali"]),
        ("mon nom est paul girard", ["paul girard"]),
        ("de la part de M. Dupont", ["Dupont"]),
        ("nom : Kevin Nguyen", ["Kevin Nguyen"]),
        ("je suis déçu, c'est inadmissible", []),
        ("MA COMMANDE EST ENCORE EN RETARD", []),
    ],
)
def test_cue_phrases_give_the_name_only(text, names):
    assert [text[start:end] for start, end in find_person_spans(text)] == names


@pytest.mark.parametrize(
    "text, names",
    [
        ("Bonjour, je suis Malik Benyoussef, client chez vous", ["Malik Benyoussef"]),
        ("Malik Benyoussef à l'appareil", ["Malik Benyoussef"]),
        ("au nom de Mme Sophie Tran", ["Sophie Tran"]),
    ],
)
def test_capitalised_cues(text, names):
    assert [text[start:end] for start, end in find_person_spans(text)] == names


@pytest.mark.parametrize(
    "span, plausible",
    [("Julie Martin", True), ("Bonne", False), ("ENCORE", False), ("Cmd-482913", False), ("nope", False)],
)
def test_spacy_names_are_filtered(span, plausible):
    from components.person_name import _plausible_spacy_name

    assert _plausible_spacy_name(span) is plausible
