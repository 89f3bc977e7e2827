from datetime import date

import pytest

from litige.availability import Slot
from litige.negotiation import (
    CONSENT,
    COUNTER,
    QUESTION,
    REFUSAL,
    UNCLEAR,
    Reply,
    fit_day,
    read_reply,
    resolve,
    window,
)

TODAY = date(2026, 12, 3)  # a Thursday
FRIDAY = date(2026, 11, 20)


def weekdays_and_saturday(day: date) -> bool:
    return day.weekday() < 6


@pytest.mark.parametrize(
    "text, intent, kind",
    [
        ("oui ça me convient", "affirm", CONSENT),
        ("ok va pour ça", "affirm", CONSENT),
        ("Allez-y, parfait", "inform", CONSENT),
        ("/affirm", "affirm", CONSENT),
        ("/deny", "deny", REFUSAL),
        ("non", "deny", REFUSAL),
        ("ça ne me convient pas du tout", "affirm", REFUSAL),  # the words win over a wrong intent
        ("hors de question", "inform", REFUSAL),
        ("Et les frais bancaires, vous les remboursez ou pas ?", "inform", QUESTION),
        ("oui ou non ?", "affirm", QUESTION),
        ("c'est quand exactement", "inform", QUESTION),
        ("Vendredi je travaille, j'ai dit SAMEDI 5", "inform", COUNTER),
        ("oui si c'est avant vendredi", "affirm", COUNTER),
        ("bof", "nlu_fallback", UNCLEAR),
        ("oui, quand vous voulez", "affirm", CONSENT),
    ],
)
def test_each_kind_of_answer_to_a_proposal(text, intent, kind):
    assert read_reply(text, intent, TODAY).kind == kind


def test_an_intent_decides_only_when_the_words_do_not():
    assert read_reply("mouais", "affirm", TODAY).kind == CONSENT
    assert read_reply("mouais", "deny", TODAY).kind == REFUSAL
    assert read_reply("mouais", "inform", TODAY).kind == UNCLEAR


def test_a_consent_with_a_but_is_conditional():
    reply = read_reply("ok mais je veux être prévenu par SMS", "affirm", TODAY)
    assert (reply.kind, reply.conditional) == (CONSENT, True)
    assert read_reply("d'accord, parfait", "affirm", TODAY).conditional is False


def test_questions_get_a_topic():
    assert read_reply("ce sera fait quand ?", "inform", TODAY).topic == "when"
    assert read_reply("je serai prévenu comment ?", "inform", TODAY).topic == "how"
    assert read_reply("c'est à mes frais ?", "inform", TODAY).topic == "cost"
    assert read_reply("et mon fils, il fait comment pour l'école ?", "inform", TODAY).topic == "how"
    assert read_reply("vous êtes sérieux ?", "inform", TODAY).topic == "other"


def test_a_day_said_again_over_an_excluded_one():
    reply = read_reply("Vendredi je travaille, j'ai dit SAMEDI 5", "inform", TODAY)
    assert reply.wanted == (Slot(day="samedi", date_of_month=5),)
    assert reply.excluded == (Slot(day="vendredi", excluded=True),)


def test_not_before_a_day_means_from_that_day():
    reply = read_reply("ok mais pas avant samedi", "affirm", TODAY)
    assert reply.kind == COUNTER and reply.deadline is None
    assert reply.wanted == (Slot(day="samedi"),) and reply.excluded == ()


def test_a_deadline_is_the_latest_day_accepted():
    assert read_reply("oui si c'est avant vendredi", "affirm", TODAY).deadline == date(2026, 12, 4)
    assert read_reply("il me le faut d'ici le 10", "inform", TODAY).deadline == date(2026, 12, 10)
    assert read_reply("au plus tard lundi", "inform", TODAY).deadline == date(2026, 12, 7)


def test_a_day_and_month_without_year_is_the_next_such_day():
    assert read_reply("le 8 décembre ça m'irait", "inform", TODAY).wanted == (Slot(day="2026-12-08"),)
    assert read_reply("le 2 janvier plutôt", "inform", TODAY).wanted == (Slot(day="2027-01-02"),)


def test_resolve_names_calendar_days():
    assert resolve(Slot(day="samedi"), TODAY) == date(2026, 12, 5)
    assert resolve(Slot(day="jeudi"), TODAY) == TODAY
    assert resolve(Slot(day="samedi", date_of_month=12), TODAY) == date(2026, 12, 12)
    assert resolve(Slot(date_of_month=2), TODAY) == date(2027, 1, 2)
    assert resolve(Slot(day="demain"), TODAY) == date(2026, 12, 4)
    assert resolve(Slot(part="matin"), TODAY) is None


def test_the_first_wanted_day_on_or_after_the_earliest():
    reply = Reply(COUNTER, wanted=(Slot(day="samedi", part="matin"),))
    assert fit_day(reply, date(2026, 12, 7), TODAY, weekdays_and_saturday) == date(2026, 12, 12)


def test_a_named_date_before_the_earliest_does_not_fit():
    reply = Reply(COUNTER, wanted=(Slot(day="samedi", date_of_month=5),))
    assert fit_day(reply, date(2026, 12, 7), TODAY, weekdays_and_saturday) is None


def test_excluded_days_and_closed_days_are_skipped():
    reply = Reply(COUNTER, excluded=(Slot(day="lundi", excluded=True), Slot(day="mardi", excluded=True)))
    assert fit_day(reply, date(2026, 12, 7), TODAY, weekdays_and_saturday) == date(2026, 12, 9)
    sunday_only = Reply(COUNTER, wanted=(Slot(day="dimanche"),))
    assert fit_day(sunday_only, date(2026, 12, 7), TODAY, weekdays_and_saturday) is None


def test_nothing_fits_after_the_deadline():
    reply = Reply(COUNTER, wanted=(Slot(day="vendredi"),), deadline=date(2026, 12, 8))
    assert fit_day(reply, date(2026, 12, 7), TODAY, weekdays_and_saturday) is None


def test_the_time_window_stays_within_the_remedy_hours():
    hours = ("08:00", "18:00")
    day = date(2026, 12, 12)
    assert window([Slot(day="samedi", part="matin")], day, TODAY, hours) == ("08:00", "12:00")
    assert window([Slot(after="16:00")], day, TODAY, hours) == ("16:00", "18:00")
    assert window([Slot(after="19:00")], day, TODAY, hours) is None
    assert window([], day, TODAY, hours) == hours


def test_a_preference_is_told_from_a_consent():
    from litige.negotiation import prefers

    assert prefers("Sinon je préfère un avoir à la place, ça ira plus vite.")
    assert prefers("plutôt un remboursement")
    assert not prefers("oui ça ira très bien, merci")


def test_before_a_week_day_said_on_that_day_means_the_next_one():
    reply = read_reply("D'accord, si l'argent est revenu avant vendredi", "affirm", FRIDAY)
    assert reply.deadline == date(2026, 11, 27)


def test_quand_meme_is_not_a_question_about_the_date():
    assert read_reply("Bon, tant pis, d'accord quand même.", "affirm", FRIDAY).kind == "consent"


@pytest.mark.parametrize(
    "text",
    [
        "Vous vous foutez de moi ? Non ça me convient pas du tout.",
        "Un bon d'achat ? Je veux comprendre pourquoi je paie plus. Je ne suis pas content du tout.",
        "15 € pour trois semaines sans rien ? Vous plaisantez.",
    ],
)
def test_a_refusal_said_outright_wins_over_a_rhetorical_question(text):
    assert read_reply(text, "deny", TODAY).kind == REFUSAL


@pytest.mark.parametrize(
    "text",
    ["non mais c'est quand exactement ?", "c'est sur ma carte ou pas ? je veux pas de bon d'achat"],
)
def test_a_question_with_a_no_inside_it_stays_a_question(text):
    assert read_reply(text, "deny", TODAY).kind == QUESTION


def test_a_day_the_customer_is_at_work_is_excluded():
    reply = read_reply("NON. jeudi 8h-10h je suis au boulot. samedi 12 au matin ça m'irait.", "deny", TODAY)
    assert reply.kind == COUNTER
    assert [s.day for s in reply.excluded] == ["jeudi"]
    assert [(s.day, s.date_of_month, s.part) for s in reply.wanted] == [("samedi", 12, "matin")]
    day = fit_day(reply, TODAY, TODAY, weekdays_and_saturday)
    assert day == date(2026, 12, 12)


def test_the_proposed_day_said_back_names_no_other_day():
    proposed = date(2026, 12, 14)
    assert read_reply("Le 14 ? Pourquoi si long ?", "inform", TODAY, proposed).kind == QUESTION
    assert read_reply("bon, va pour le 14", "affirm", TODAY, proposed).kind == CONSENT
    assert read_reply("plutôt le 16", "inform", TODAY, proposed).kind == COUNTER


def test_another_day_offered_after_a_no_is_a_counter_offer():
    said = "jeudi matin c'est non, je bosse. Le samedi 12 ça m'irait, ou sinon un soir après 18h."
    reply = read_reply(said, "deny", TODAY, date(2026, 12, 10))
    assert reply.kind == COUNTER
    # "ou sinon un soir": an alternative, not the evening of Saturday the 12th
    wanted = [(s.day, s.date_of_month, s.part) for s in reply.wanted]
    assert wanted == [("samedi", 12, None), (None, None, "soir")]


def test_the_proposal_said_back_with_a_yes_is_consent():
    proposed = date(2026, 12, 12)
    said = "ok samedi 12 8h-10h ça me va. Mais vous m'avez pas répondu : il vient vraiment cette fois ?"
    assert read_reply(said, "affirm", TODAY, proposed) == Reply(CONSENT)
    assert read_reply("ok samedi mais plutôt après 10h", "affirm", TODAY, proposed).kind == COUNTER
    assert read_reply("ça ne me convient pas du tout", "affirm", TODAY, proposed).kind == REFUSAL


def test_a_firm_no_with_a_day_in_it_is_still_a_refusal():
    said = "NON. C'est pas ça que je veux, je veux le bon montant aujourd'hui, pas dans des jours."
    assert read_reply(said, "deny", TODAY, date(2026, 12, 10)).kind == REFUSAL
