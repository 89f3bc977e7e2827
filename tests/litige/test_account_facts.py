from litige import account_facts
from litige.backoffice.demo import BackOfficeUnavailable, DemoBackOffice


def test_what_is_known_is_looked_up_once(friday):
    facts = account_facts.refresh(None, "cmd-482913", "Marion.Dubois@example.fr", None)
    assert facts["order_id"] == "CMD-482913" and facts["order_lookup"] == "found"
    assert facts["account_key"] == "marion.dubois@example.fr" and facts["account_lookup"] == "found"
    assert account_facts.refresh(facts, "CMD-482913", "marion.dubois@example.fr", None) is None
    other = account_facts.refresh(facts, "CMD-530771", "marion.dubois@example.fr", None)
    assert other["order"]["status"] == "lost" and other["account"] == facts["account"]


def test_unknown_and_declined_values_ask_nothing(friday):
    assert account_facts.refresh(None, "unknown", "declined", None) is None


def test_a_system_down_leaves_it_unchecked_and_tries_again_next_time(friday, monkeypatch):
    def down(self, order_id):
        raise BackOfficeUnavailable("down")

    monkeypatch.setattr(DemoBackOffice, "order", down)
    facts = account_facts.refresh(None, "CMD-482913", None, None)
    assert facts["order_lookup"] == "unchecked" and facts["order"] is None
    monkeypatch.undo()
    again = account_facts.refresh(facts, "CMD-482913", None, None)
    assert again["order_lookup"] == "found"
