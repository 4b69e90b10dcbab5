"""The shipped demo calls (runtime/scenarios/*.txt) reach their outcome with INTEL's dialogue alone,
every proposal approved and PMS results faked (the runtime repeats this with every process)."""

from __future__ import annotations

import pytest

from agents.intel.dialogue import Dialogue
from bench.brain_harness import FakePms, run_call
from runtime.scenarios import OUTCOMES, ScenarioError, parse, said_problems, shipped

SCENARIOS = shipped()


def test_every_demo_call_is_shipped():
    names = {s.name for s in SCENARIOS}
    assert names == {
        "book-room",
        "change-dates",
        "cancel-verified",
        "hotel-facts",
        "injection",
        "other-guest",
        "nonrefundable-choice",
        "unknown-fact",
        "repeat-confirmation",
        "change-after-readback",
        "large-group",
        "lookup-verified",
        "misheard-number",
        "known-line",
    }
    assert {s.expect for s in SCENARIOS} <= set(OUTCOMES)


def _matches(r: dict, want: dict[str, str]) -> bool:
    flat = {**r, "guest_name": r["guest"]["name"], "guests": str(r["occupancy"]["adults"])}
    return all(str(flat.get(k)) == v for k, v in want.items())


@pytest.mark.parametrize("sc", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario_reaches_its_outcome(sc, settings, backend):
    pms = FakePms.for_hotel(settings.hotel)
    for g in sc.given_reservations:
        pms.seed(**g)
    d = Dialogue(settings, sc.today, sc.caller_id, backend=backend)
    turns = run_call(d, pms, sc.turns, sc.caller_id)
    assert len(turns) == len(sc.turns)
    writes = [c for c in pms.calls if c[0] in ("pms.create", "pms.modify", "pms.cancel")]
    if sc.expect == "blocked":
        assert writes == [] and d.state.outcome in ("", "refused")
    else:
        assert d.state.outcome == sc.expect
    if sc.expect in ("answered", "refused"):
        assert writes == []
    for want in sc.expect_reservations:
        assert any(_matches(r, want) for r in pms.active()), (want, pms.active())
    for want in sc.expect_no_reservations:
        assert not any(_matches(r, want) for r in pms.active())
    assert not said_problems(sc, [t.reply for t in turns]), [t.reply for t in turns]


def test_malformed_scenarios_are_clear_errors():
    with pytest.raises(ScenarioError, match="no caller turns"):
        parse("# expect: booked\n# only comments\n", "x.txt")
    with pytest.raises(ScenarioError, match="must be one of"):
        parse("# expect: teleported\nhello\n", "x.txt")
    with pytest.raises(ScenarioError, match="ISO date"):
        parse("# expect: booked\n# today: tomorrow\nhello\n", "x.txt")
    with pytest.raises(ScenarioError, match="key=value"):
        parse("# expect: booked\n# expect-reservation: arrival\nhello\n", "x.txt")
    with pytest.raises(ScenarioError, match="one quoted text"):
        parse("# expect: booked\n# expect-said: two words\nhello\n", "x.txt")
    sc = parse(
        "# expect: answered\n# a plain comment: with a colon\nhi  # trailing comment\n", "y.txt"
    )
    assert sc.turns == ["hi"] and sc.name == "y"


def test_expect_said_is_checked_on_every_reply():
    sc = parse('# expect: answered\n# expect-said: "reception"\n# expect-not-said: "SOV4"\nhi\n')
    assert said_problems(sc, ["I don't know.", "Shall I connect you with our Reception?"]) == []
    assert said_problems(sc, ["Your number is SOV4004."]) == [
        "no reply said 'reception'",
        "a reply said 'SOV4'",
    ]


def test_shipped_scenarios_seed_distinct_confirmation_numbers():
    """The demo seeds every scenario's reservations into one PMS: a number used twice collides."""
    numbers = [g["confirmation"] for sc in SCENARIOS for g in sc.given_reservations]
    assert len(numbers) == len(set(numbers)), numbers
