import pytest

from litige.tickets.priority import PriorityFacts, derive_priority, highest


@pytest.mark.parametrize(
    "facts, expected",
    [
        (PriorityFacts("delivery"), "normal"),
        (PriorityFacts("delivery", handoff_reason="serious_threat"), "urgent"),
        (PriorityFacts("product", description="le chargeur dégage de la FUMÉE"), "urgent"),
        (PriorityFacts("product", description="il a pris feu, mon fils s'est brûlé"), "urgent"),
        (PriorityFacts("delivery", handoff_reason="request_human"), "high"),
        (PriorityFacts("delivery", threat_raised=True), "high"),
        (PriorityFacts("delivery", follow_up_failed=True), "high"),
        (PriorityFacts("delivery", peak_emotion="anger", peak_intensity=0.75), "high"),
        (PriorityFacts("delivery", peak_emotion="anger", peak_intensity=0.74), "normal"),
        (PriorityFacts("delivery", peak_emotion="frustration", peak_intensity=0.85), "high"),
        (PriorityFacts("delivery", peak_emotion="frustration", peak_intensity=0.8), "normal"),
        (PriorityFacts("billing", disputed_amount="249.90"), "high"),
        (PriorityFacts("billing", disputed_amount="199.99"), "normal"),
        (PriorityFacts("billing", disputed_amount="n'importe quoi"), "normal"),
        (PriorityFacts("communication", peak_emotion="neutral", peak_intensity=0.1), "low"),
        (PriorityFacts("communication", peak_emotion="neutral", peak_intensity=0.4), "normal"),
        (PriorityFacts("communication", peak_emotion="anger", peak_intensity=0.2), "normal"),
    ],
)
def test_priority_rules(facts, expected):
    assert derive_priority(facts) == expected


def test_highest():
    assert highest("normal", "high") == "high"
    assert highest("urgent", "low") == "urgent"
    assert highest(None, "low") == "low"
    assert highest(None, "bogus") == "normal"
