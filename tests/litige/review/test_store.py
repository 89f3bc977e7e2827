"""ReviewStore on SQLite and PostgreSQL: the read model's tables, the list's filters and
pages, a conversation's page, the reviews (marks, comments, label corrections) and the reveal
log. The conversations come from a tracker store filled by ``conftest.Talk``."""

import time
from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from litige.review.filters import ListFilters, parse_filters
from litige.review.store import ReviewError, ReviewStore, TicketStoreUnavailable, UnknownConversation
from litige.review.sync import row_of
from litige.review.timeline import Summary
from litige.tickets.models import advisor_notes, metadata, review_conversations

from .conftest import NOW, SCENARIOS, abandoned, handoff, listed

UTC = timezone.utc


def test_the_migration_creates_the_review_tables_and_their_indexes(store):
    store.migrate()
    inspector = sa.inspect(store.engine)
    for table in metadata.sorted_tables:
        if table.name.startswith("review_"):
            assert {c["name"] for c in inspector.get_columns(table.name)} == {c.name for c in table.columns}
            assert {i["name"] for i in inspector.get_indexes(table.name)} == {i.name for i in table.indexes}
    with store.engine.connect() as connection:
        assert (
            connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "0007_review"
        )


# ---------------------------------------------------------------------------- list and filters
FILTERS = [
    ({"outcome": "handoff"}, {"c-handoff"}),
    ({"outcome": "refusals"}, {"c-refusals"}),
    ({"outcome": "resolved"}, {"c-resolved", "c-unsure"}),
    ({"outcome": "ongoing"}, {"c-ongoing"}),
    ({"category": "product"}, {"c-abandoned", "c-ongoing"}),
    ({"category": "product", "outcome": "abandoned"}, {"c-abandoned"}),
    ({"handoff_reason": "request_human"}, {"c-handoff"}),
    ({"rating": "5"}, {"c-resolved"}),
    ({"rating_max": "3"}, {"c-unsure"}),
    ({"emotion_start": "anger"}, {"c-resolved"}),
    ({"emotion_start": "disappointment"}, {"c-refusals", "c-abandoned", "c-ongoing"}),
    ({"emotion_end": "frustration"}, {"c-handoff", "c-refusals"}),
    ({"low_confidence": "1"}, {"c-unsure"}),
    ({"marker": "refusal"}, {"c-refusals"}),
    ({"marker": "handoff"}, {"c-handoff", "c-refusals"}),
    ({"date_from": "2026-12-02", "date_to": "2026-12-02"}, {"c-resolved"}),  # 00:30 in Paris
    ({"date_to": "2026-12-01"}, set()),
    ({"date_from": "06/12/2026"}, {"c-unsure", "c-abandoned", "c-ongoing"}),
    ({"q": "LIVRÉE"}, {"c-resolved"}),
    ({"q": "livree inadmissible"}, {"c-resolved"}),
    ({"q": "livree rayé"}, set()),
    ({"q": "decue"}, {"c-abandoned"}),
    ({"q": "Facture"}, {"c-refusals"}),
    ({"q": "grille pain"}, {"c-ongoing"}),
    ({"q": "100%_"}, set()),
    ({}, set(SCENARIOS)),
]


def test_each_filter(filled):
    for args, expected in FILTERS:
        assert listed(filled, **args) == expected, args


def test_review_status_and_tag_filters(filled):
    filled.mark("c-refusals", "flagged", "Avoir refusé, politique_retour", "Claire")
    filled.mark("c-handoff", "reviewed", [], "Karim")
    filled.mark("c-ongoing", "new", ["politique-retour"], "Karim")
    assert listed(filled, status="flagged") == {"c-refusals"}
    assert listed(filled, status="reviewed") == {"c-handoff"}
    assert listed(filled, status="new") == {"c-resolved", "c-unsure", "c-abandoned", "c-ongoing"}
    assert listed(filled, tag="politique_retour") == {"c-refusals"}  # "_" is no wildcard
    assert listed(filled, tag="politique-retour") == {"c-ongoing"}
    assert listed(filled, tag="avoir refusé") == {"c-refusals"}
    row = next(r for r in filled.list_conversations(ListFilters(status="flagged"))[0])
    assert row["tags"] == ["avoir-refusé", "politique_retour"] and row["marked_by"] == "Claire"


def test_pages_and_total(store, tracker):
    for n in range(30):
        tracker.add(f"c-{n:02d}", abandoned(datetime(2026, 11, 1, tzinfo=UTC) + timedelta(hours=n)).events)
    assert store.sync() == 30
    first, total = store.list_conversations(ListFilters(), page=1, per_page=25)
    second, total_again = store.list_conversations(ListFilters(), page=2, per_page=25)
    assert (total, total_again, len(first), len(second)) == (30, 30, 25, 5)
    assert [row["conversation_id"] for row in first + second] == [f"c-{n:02d}" for n in range(29, -1, -1)]
    assert store.list_conversations(ListFilters(), page=3, per_page=25) == ([], 30)
    with pytest.raises(ReviewError):
        store.list_conversations(ListFilters(), page=0)


def test_the_list_stays_fast_on_ten_thousand_conversations(store):
    store.migrate()
    rows = []
    for n in range(10000):
        start = datetime(2026, 1, 1, tzinfo=UTC).timestamp() + n * 1800
        summary = Summary(
            conversation_id=f"bench-{n:05d}",
            started_at=start,
            ended_at=start + 300,
            turns=4,
            category=("delivery", "product", "billing")[n % 3],
            categories=[("delivery", "product", "billing")[n % 3]],
            outcome=("resolved", "handoff", "abandoned")[n % 3],
            handoff_reason="anger" if n % 3 == 1 else None,
            rating=n % 5 + 1,
            emotion_start="anger",
            intensity_start=0.7,
            emotion_end="neutral",
            intensity_end=0.2,
            deescalated=True,
            min_confidence=0.3 if n % 10 == 0 else 0.9,
            proposals=1,
            consent_first=True,
            resolved_turn=3,
            marker_kinds=["fallback"] if n % 7 == 0 else [],
            customer_text=f"Ma commande n'est pas arrivée, colis numéro {n}",
        )
        rows.append(row_of(summary, NOW))
    with store.engine.begin() as connection:
        connection.execute(review_conversations.insert(), rows)
    started = time.perf_counter()
    page, total = store.list_conversations(ListFilters(), page=200, per_page=25)
    filtered, filtered_total = store.list_conversations(
        parse_filters({"category": "product", "low_confidence": "1", "q": "arrivee", "rating_max": "4"})
    )
    elapsed = time.perf_counter() - started
    assert total == 10000 and len(page) == 25
    expected = [n for n in range(10000) if n % 3 == 1 and n % 10 == 0 and n % 5 + 1 <= 4]
    assert filtered_total == len(expected)
    assert filtered[0]["conversation_id"] == f"bench-{expected[-1]:05d}"
    assert elapsed < 2.0


# ---------------------------------------------------------------------------- a conversation's page
def test_a_conversation_page(filled):
    with filled.engine.begin() as connection:
        connection.execute(
            advisor_notes.insert().values(
                conversation_id="c-handoff",
                advisor_id=3,
                advisor_name="Sonia",
                text="Client rappelé : il attend une réponse écrite.",
                at=NOW,
            )
        )
    page = filled.conversation("c-handoff")
    assert page["summary"]["outcome"] == "handoff"
    assert [turn.number for turn in page["turns"]] == [1]
    assert page["turns"][0].intent == "request_human" and page["turns"][0].emotion == "frustration"
    assert [(n["advisor_name"], n["text"]) for n in page["notes"]] == [
        ("Sonia", "Client rappelé : il attend une réponse écrite.")
    ]
    assert page["notes"][0]["at"] == NOW
    assert page["mark"] == {"status": "new", "tags": [], "who": None, "at": None}
    assert filled.conversation("c-inconnue") is None


def test_a_conversation_not_synced_yet_is_summarised_on_the_fly(store, tracker):
    tracker.add("c-handoff", handoff().events)
    page = store.conversation("c-handoff")
    assert page["summary"]["outcome"] == "handoff" and len(page["turns"]) == 1
    store.mark("c-handoff", "reviewed", [], "Claire")  # known through the tracker store
    assert store.conversation("c-handoff")["mark"]["status"] == "reviewed"


def test_summaries_of_a_period(filled):
    found = filled.summaries(date(2026, 12, 2), date(2026, 12, 5))
    assert [s.conversation_id for s in found] == ["c-resolved", "c-handoff", "c-refusals"]
    assert isinstance(found[0], Summary) and found[0].categories == ["delivery"]
    assert found[2].marker_kinds == sorted(found[2].marker_kinds) and "refusal" in found[2].marker_kinds
    moments = filled.summaries(datetime(2026, 12, 6, tzinfo=UTC), datetime(2026, 12, 6, 12, tzinfo=UTC))
    assert [s.conversation_id for s in moments] == ["c-abandoned"]


# ---------------------------------------------------------------------------- reviews
def test_marks_are_checked(filled):
    mark = filled.mark("c-resolved", "reviewed", ["Retard Transporteur", "retard-transporteur"], "Claire")
    assert mark["tags"] == ["retard-transporteur"] and mark["at"] == NOW
    assert filled.mark("c-resolved", "flagged", [], "Karim")["status"] == "flagged"
    assert filled.conversation("c-resolved")["mark"] == {
        "status": "flagged",
        "tags": [],
        "who": "Karim",
        "at": NOW,
    }
    with pytest.raises(ReviewError, match="Statut de revue inconnu"):
        filled.mark("c-resolved", "done", [], "Claire")
    with pytest.raises(ReviewError, match="Étiquette non valable"):
        filled.mark("c-resolved", "reviewed", ["<script>"], "Claire")
    with pytest.raises(ReviewError, match="Trop d'étiquettes"):
        filled.mark("c-resolved", "reviewed", [f"t{n}" for n in range(11)], "Claire")
    with pytest.raises(UnknownConversation, match="Conversation inconnue"):
        filled.mark("c-inconnue", "reviewed", [], "Claire")
    with pytest.raises(ReviewError):
        filled.mark("c-resolved", "reviewed", [], "  ")


def test_comments(filled):
    filled.comment("c-handoff", "  Le client demandait un conseiller dès le premier message.  ", "Claire")
    filled.comment("c-handoff", "D'accord, passage justifié.", "Karim")
    page = filled.conversation("c-handoff")
    assert [(c["who"], c["text"]) for c in page["comments"]] == [
        ("Claire", "Le client demandait un conseiller dès le premier message."),
        ("Karim", "D'accord, passage justifié."),
    ]
    with pytest.raises(ReviewError, match="vide"):
        filled.comment("c-handoff", "   ", "Claire")
    with pytest.raises(ReviewError, match="trop long"):
        filled.comment("c-handoff", "x" * 2001, "Claire")
    with pytest.raises(UnknownConversation):
        filled.comment("c-inconnue", "Bonjour", "Claire")


def test_a_correction_keeps_the_turn_and_both_labels(filled, tracker):
    saved = filled.correct(
        "c-unsure", 1, intent="ask_status", emotion="frustration", intensity="0.6", who="Claire"
    )
    user_ids = [e["_id"] for e in filled.events("c-unsure") if e["event"] == "user"]
    assert saved["event_id"] == user_ids[0]
    assert saved["text"] == "bon bah j'attends toujours qu'on me rappelle hein"
    assert (saved["intent_before"], saved["intent_after"]) == ("complain_communication", "ask_status")
    assert (saved["emotion_before"], saved["emotion_after"]) == ("anxiety", "frustration")
    assert (saved["intensity_before"], saved["intensity_after"]) == (0.5, 0.6)
    only_emotion = filled.correct("c-resolved", 3, emotion="neutral", who="Karim")
    assert (only_emotion["intent_after"], only_emotion["intensity_after"]) == ("affirm", 0.35)


BAD_CORRECTIONS = [
    (1, {"intent": "complain_weather"}, "Intention inconnue"),
    (1, {"emotion": "joy"}, "Émotion inconnue"),
    (1, {"emotion": "anger", "intensity": 1.5}, "entre 0 et 1"),
    (1, {"emotion": "anger", "intensity": "beaucoup"}, "entre 0 et 1"),
    (1, {}, "Indiquez"),
    (2, {"intent": "deny"}, "bouton"),  # c-resolved's 2nd message is the "/affirm" button
    (9, {"intent": "deny"}, "pas de message n° 9"),
]


def test_bad_corrections_are_refused_in_french(filled):
    for turn, labels, message in BAD_CORRECTIONS:
        with pytest.raises(ReviewError, match=message):
            filled.correct("c-resolved", turn, who="Claire", **labels)
    assert filled.corrections() == []


def test_the_latest_correction_of_a_turn_wins(filled, clock):
    filled.correct("c-resolved", 1, emotion="frustration", intensity=0.7, who="Claire")
    clock.now = NOW + timedelta(hours=1)
    filled.correct("c-resolved", 1, emotion="anger", intensity=0.9, who="Karim")
    filled.correct("c-refusals", 2, intent="deny", emotion="anger", intensity=0.8, who="Karim")
    found = filled.corrections()
    assert [(c["conversation_id"], c["turn_number"], c["emotion"], c["intensity"]) for c in found] == [
        ("c-resolved", 1, "anger", 0.9),
        ("c-refusals", 2, "anger", 0.8),
    ]
    assert found[1]["text"] == "Non, je ne veux pas d'un avoir" and found[1]["intent"] == "deny"
    assert filled.corrections(since=NOW + timedelta(minutes=30))[0]["who"] == "Karim"
    assert filled.corrections(since=NOW + timedelta(hours=2)) == []
    assert len(filled.conversation("c-resolved")["corrections"]) == 2  # the page keeps the history


def test_reveals_are_logged_with_who_and_when(filled, clock):
    filled.log_reveal("c-handoff", "Claire", "email")
    clock.now = NOW + timedelta(minutes=5)
    filled.log_reveal("c-handoff", "Karim", "all")
    assert [(r["who"], r["kind"], r["at"]) for r in filled.reveals("c-handoff")] == [
        ("Claire", "email", NOW),
        ("Karim", "all", NOW + timedelta(minutes=5)),
    ]
    assert filled.reveals("c-resolved") == []
    with pytest.raises(ReviewError, match="inconnue"):
        filled.log_reveal("c-handoff", "Claire", "password")
    with pytest.raises(UnknownConversation):
        filled.log_reveal("c-inconnue", "Claire", "email")


# ---------------------------------------------------------------------------- unreachable
def test_unreachable_databases_raise_ticket_store_unavailable(tmp_path):
    down = "postgresql://litige:litige@127.0.0.1:9/litige"
    store = ReviewStore(down, f"sqlite:///{tmp_path / 'tracker.db'}", timeout=1)
    with pytest.raises(TicketStoreUnavailable):
        store.list_conversations(ListFilters())
    tracker_down = ReviewStore(f"sqlite:///{tmp_path / 'tickets.db'}", down, timeout=1)
    with pytest.raises(TicketStoreUnavailable):
        tracker_down.sync()
    with pytest.raises(TicketStoreUnavailable):
        tracker_down.events("c-1")
