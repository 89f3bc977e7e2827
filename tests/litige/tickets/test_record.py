from datetime import date

from litige.tickets.record import ComplaintRecord, build_record, complaint_key
from tests.conftest import SlotSet, user_message


def emotion(name, value):
    return {"name": name, "confidence": 0.9, "intensity": value, "ranking": []}


def events():
    old = user_message("ancienne réclamation", "complain_product", emotion=emotion("satisfaction", 0.2))
    old["timestamp"] = 100.0
    start = user_message("C'EST INADMISSIBLE", "complain_delivery", emotion=emotion("anger", 0.9))
    start["timestamp"] = 200.0
    calmer = user_message("je l'attendais samedi", "inform", emotion=emotion("neutral", 0.1))
    calmer["timestamp"] = 210.0
    return [old, start, SlotSet("waltz_step", "attention"), calmer]


def test_the_record_follows_the_current_complaint_only():
    slots = {
        "complaint_category": "delivery",
        "complaint_started_at": 200.0,
        "complaint_text": "C'EST INADMISSIBLE",
        "complaint_details": "je l'attendais samedi",
        "waltz_step": "questioning",
    }
    record = build_record("conv", slots, events())
    assert record.complaint_key == complaint_key(200.0) == "200.000000"
    assert (record.emotion_start, record.emotion_peak, record.emotion_end) == ("anger", "anger", "neutral")
    assert [p["emotion"] for p in record.emotion_trajectory] == ["anger", "neutral"]
    assert record.description == "C'EST INADMISSIBLE je l'attendais samedi"
    assert record.priority == "high"  # anger peak at 0.9
    assert record.agreed_remedy is None and record.proposals == []


def test_proposals_and_agreement():
    slots = {
        "complaint_category": "delivery",
        "complaint_started_at": 200.0,
        "waltz_step": "closure",
        "proposed_remedies": ["reshipment", "refund"],
        "proposal_due_dates": ["2026-11-24", "2026-11-27"],
        "refused_proposals": 1,
        "current_remedy": "refund",
        "due_date": "2026-11-27",
    }
    record = build_record("conv", slots, events())
    assert [(p.remedy, p.answer) for p in record.proposals] == [
        ("reshipment", "refused"),
        ("refund", "accepted"),
    ]
    assert (record.agreed_remedy, record.due_date) == ("refund", date(2026, 11, 27))
    pending = build_record("conv", {**slots, "waltz_step": "resolution"}, events())
    assert pending.proposals[-1].answer == "pending" and pending.agreed_remedy is None


def test_json_round_trip():
    slots = {
        "complaint_category": "delivery",
        "complaint_started_at": 200.0,
        "waltz_step": "closure",
        "proposed_remedies": ["reshipment"],
        "proposal_due_dates": ["2026-11-24"],
        "current_remedy": "reshipment",
        "due_date": "2026-11-24",
    }
    record = build_record("conv", slots, events())
    assert ComplaintRecord.from_json(record.to_json()) == record


def test_where_and_when_a_visit_happens_are_kept_unless_declined():
    base = {"complaint_category": "service", "complaint_started_at": 200.0, "waltz_step": "resolution"}
    given = build_record(
        "conv",
        {**base, "customer_address": "12 rue des Lilas, 69003 Lyon", "visit_availability": "le samedi matin"},
        events(),
    )
    assert (given.customer_address, given.customer_availability) == (
        "12 rue des Lilas, 69003 Lyon",
        "le samedi matin",
    )
    declined = build_record("conv", {**base, "customer_address": "declined"}, events())
    assert declined.customer_address is None and declined.customer_availability is None
