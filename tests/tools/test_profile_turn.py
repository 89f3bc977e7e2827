"""tools/profile_turn.py: the profile built from hand-made turns, its table and markdown, the
choice of conversations, and the wrappers on real Rasa objects (restored afterwards)."""

from __future__ import annotations

import pytest

from tools.profile_turn import (
    GROUPS,
    OTHER,
    Call,
    Recorder,
    Turn,
    format_table,
    group_of,
    install,
    markdown_table,
    pick,
    summarise,
    with_other,
)
from tools.stack import free_port


def two_turns():
    first = Turn(
        total_ms=100.0,
        calls=[
            Call("nlu/run_SpacyNLP0", 20.0),
            Call("policies/run_RulePolicy1", 5.0),
            Call("policies/run_RulePolicy1", 7.0),
            Call("action server/action_ask", 30.0, sent=1000, received=200),
            Call("tracker store/retrieve", 4.0, events=10),
            Call("tracker store/save", 6.0, events=16),
        ],
        events_added=6,
        actions=2,
        predictions=2,
    )
    second = Turn(
        total_ms=300.0,
        calls=[
            Call("nlu/run_SpacyNLP0", 40.0),
            Call("policies/run_RulePolicy1", 8.0),
            Call("action server/action_ask", 50.0, sent=3000, received=400),
            Call("action server/action_ask", 70.0, sent=5000, received=600),
            Call("tracker store/retrieve", 6.0, events=16),
        ],
        events_added=4,
        actions=3,
        predictions=1,
    )
    return [first, second]


def test_what_is_not_measured_is_rasa_other_and_never_negative():
    turn = Turn(50.0, [Call("nlu/a", 20.0), Call("tracker store/save", 10.0)])
    assert with_other(turn)[-1] == Call(OTHER, 20.0)
    overlong = Turn(10.0, [Call("nlu/a", 12.0)])
    assert with_other(overlong)[-1].ms == 0.0
    assert group_of("action server/action_x") == "action server"
    assert group_of(OTHER) == "rasa"


def test_a_part_sums_its_calls_within_a_turn_and_averages_over_all_turns():
    profile = summarise(two_turns())
    action = profile["parts"]["action server/action_ask"]
    assert action["mean_ms"] == pytest.approx((30 + 120) / 2)
    assert action["p95_ms"] == pytest.approx(120.0)  # nearest rank of [30, 120]
    assert action["calls_per_turn"] == pytest.approx(1.5)
    assert action["sent_bytes_per_call"] == pytest.approx(3000.0)
    assert action["received_bytes_per_call"] == pytest.approx(400.0)
    assert action["share"] == pytest.approx(75 / 200)
    # a part missing from a turn counts as 0 ms in that turn
    save = profile["parts"]["tracker store/save"]
    assert save["mean_ms"] == pytest.approx(3.0)
    assert save["calls_per_turn"] == pytest.approx(0.5)
    assert save["events_per_call"] == pytest.approx(16.0)


def test_groups_and_other_add_up_to_the_whole_turn():
    profile = summarise(two_turns())
    groups = profile["groups"]
    assert list(groups) == list(GROUPS)
    assert groups["policies"]["mean_ms"] == pytest.approx((12 + 8) / 2)
    assert groups["policies"]["calls_per_turn"] == pytest.approx(1.5)
    assert groups["tracker store"]["mean_ms"] == pytest.approx((10 + 6) / 2)
    other = (100 - 72) / 2 + (300 - 174) / 2
    assert groups["rasa"]["mean_ms"] == pytest.approx(other)
    assert sum(g["mean_ms"] for g in groups.values()) == pytest.approx(profile["turn"]["mean_ms"])
    assert sum(g["share"] for g in groups.values()) == pytest.approx(1.0)
    assert sum(p["share"] for p in profile["parts"].values()) == pytest.approx(1.0)


def test_turn_figures_and_parts_sorted_by_time():
    profile = summarise(two_turns())
    assert profile["turns"] == 2
    assert profile["turn"] == {"mean_ms": pytest.approx(200.0), "p95_ms": pytest.approx(300.0)}
    assert profile["events_added_per_turn"] == pytest.approx(5.0)
    assert profile["actions_per_turn"] == pytest.approx(2.5)
    assert profile["predictions_per_turn"] == pytest.approx(1.5)
    means = [p["mean_ms"] for p in profile["parts"].values()]
    assert means == sorted(means, reverse=True)
    assert list(profile["parts"])[:2] == [OTHER, "action server/action_ask"]  # 77 ms, 75 ms


def test_no_turn_is_an_error():
    with pytest.raises(ValueError):
        summarise([])


def test_the_printed_table_shows_every_part_and_the_turn():
    text = format_table(summarise(two_turns()))
    lines = text.splitlines()
    row = next(line for line in lines if line.startswith("action server/action_ask"))
    assert row.split()[-6:] == ["75.0", "120.0", "1.50", "3,000", "400", "37.5%"]
    assert any(line.startswith("tracker store/save") for line in lines)
    assert any(line.startswith(OTHER) for line in lines)
    assert lines[-1].startswith("2 turns: mean 200.0 ms, p95 300.0 ms")
    assert "1.50 policy graph runs, 2.50 actions, 5.0 events added" in lines[-1]
    # no bytes: a dash rather than 0
    nlu = next(line for line in lines if line.startswith("nlu/run_SpacyNLP0"))
    assert nlu.split()[4:6] == ["-", "-"]


def test_the_markdown_table_has_the_groups_then_the_top_parts():
    text = markdown_table(summarise(two_turns()), top=2)
    lines = text.splitlines()
    assert lines[0].startswith("| part | mean ms |")
    body = lines[2:]
    assert len(body) == len(GROUPS) + 2 + 1
    assert body[0].startswith("| **nlu** | 30.0 | 40.0 | 1.00 | - | - | 15% |")
    assert body[len(GROUPS)].startswith(f"| `{OTHER}` | 77.0 | 126.0 |")
    assert body[len(GROUPS) + 1].startswith("| `action server/action_ask` | 75.0 | 120.0 |")
    assert body[-1].startswith("| **turn** | 200.0 | 300.0 | 1.50 predictions, 2.50 actions, 5.0 events")
    assert all(line.count("|") == 8 for line in lines)


def test_pick_cycles_through_the_conversations():
    assert pick([["a"], ["b", "c"]], 3) == [["a"], ["b", "c"], ["a"]]
    with pytest.raises(ValueError):
        pick([], 2)
    with pytest.raises(ValueError):
        pick([["a"]], 0)


def test_the_recorder_keeps_only_the_calls_of_a_recorded_turn():
    recorder = Recorder("http://127.0.0.1:1")
    recorder.add(Call("nlu/a", 1.0))  # before any turn: not recorded
    recorder.start()
    recorder.add(Call("nlu/b", 2.0))
    recorder.predictions = 3
    recorder.start()  # a new turn starts afresh
    assert recorder.calls == [] and recorder.predictions == 0
    recorder.enabled = False
    recorder.add(Call("nlu/c", 1.0))
    assert recorder.calls == []


# --- the wrappers, on real Rasa objects: a remote action against a local HTTP server, our
# SQL tracker store on a temporary SQLite file; the originals are back afterwards


@pytest.fixture
async def action_server():
    """Answers every action with one event; records the bodies it received."""
    from aiohttp import web

    received = []

    async def webhook(request):
        received.append(await request.read())
        return web.json_response({"events": [{"event": "slot", "name": "x", "value": 1}], "responses": []})

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    yield f"http://127.0.0.1:{port}", received
    await runner.cleanup()


async def test_a_remote_action_is_recorded_with_its_sizes_and_rasa_work_around_it(action_server):
    from rasa.core.actions.action import RemoteAction
    from rasa.core.channels.channel import CollectingOutputChannel
    from rasa.core.nlg import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import EndpointConfig

    url, received = action_server
    domain = Domain.from_dict({"slots": {"x": {"type": "any", "mappings": [{"type": "custom"}]}}})
    tracker = DialogueStateTracker.from_events("s", [ActionExecuted("action_listen"), UserUttered("bonjour")])
    recorder = Recorder(url)

    def patched():
        return RemoteAction._action_call_format, RemoteAction._validate_action_result, EndpointConfig.request

    original = patched()
    restore = install(recorder)
    try:
        recorder.start()
        action = RemoteAction("action_x", EndpointConfig(url=f"{url}/webhook"))
        events = await action.run(
            CollectingOutputChannel(), TemplatedNaturalLanguageGenerator({}), tracker, domain
        )
    finally:
        restore()
    assert [e.as_dict()["name"] for e in events] == ["x"]
    parts = [call.part for call in recorder.calls]
    assert parts == [
        "rasa/action request body (tracker, domain)",
        "action server/action_x",
        "rasa/action response check (jsonschema)",
    ]
    call = recorder.calls[1]
    assert call.sent == len(received[0])  # the JSON as aiohttp sent it
    assert call.received == len(b'{"events": [{"event": "slot", "name": "x", "value": 1}], "responses": []}')
    assert call.events == 2 and call.ms > 0
    assert patched() == original  # restored


async def test_another_endpoint_is_not_an_action_server_call(action_server):
    from rasa.utils.endpoints import EndpointConfig

    url, _ = action_server
    recorder = Recorder("http://127.0.0.1:1")  # not this server
    restore = install(recorder)
    try:
        recorder.start()
        await EndpointConfig(url=f"{url}/webhook").request(json={"next_action": "a"}, method="post")
    finally:
        restore()
    assert recorder.calls == []


async def test_tracker_store_reads_and_writes_are_recorded_with_their_events(tmp_path):
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from stores.tracker_store import StrictSQLTrackerStore

    store = StrictSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    tracker = DialogueStateTracker.from_events("s", [ActionExecuted("action_listen"), UserUttered("bonjour")])
    recorder = Recorder("http://127.0.0.1:1")
    restore = install(recorder)
    try:
        recorder.start()
        await store.save(tracker)
        assert len((await store.retrieve("s")).events) == 2
        assert await store.retrieve("nobody") is None
    finally:
        restore()
    assert [(c.part, c.events) for c in recorder.calls] == [
        ("tracker store/save", 2),
        ("tracker store/retrieve", 2),
        ("tracker store/retrieve", 0),
    ]
    assert StrictSQLTrackerStore.save.__qualname__ == "StrictSQLTrackerStore.save"  # restored
