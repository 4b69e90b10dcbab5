"""Each typed PMS failure answered as a receptionist would (agents/intel/policy.py, on_failure).

The dialogue with the real embedded understanding and the fake PMS of bench/brain_harness.py,
which answers with the same typed results and failures as the PMS worker. The same cases
through the live runtime and the local PMS: tests/runtime/test_pms_failures_live.py.
"""

from __future__ import annotations

import pytest

from agents.intel.dialogue import Dialogue
from bench.brain_harness import FakePms, run_call
from ipc.messages import ActionResult, Transcript
from ipc.payloads import FailureCode, PmsFailure

BOOK = "I'd like to book a twin room next Friday for two nights for two people"
WRITES = ("pms.create", "pms.modify", "pms.cancel")


@pytest.fixture
def dlg(settings, backend, today):
    return Dialogue(settings, today, caller_id="+4930999", backend=backend)


def writes(pms: FakePms) -> list[tuple[str, dict]]:
    return [c for c in pms.calls if c[0] in WRITES]


def test_a_room_sold_between_the_read_back_and_the_yes_is_said_and_the_next_one_offered(
    dlg, settings
):
    pms = FakePms.for_hotel(settings.hotel)
    turns = run_call(dlg, pms, [BOOK, "My name is Anna Weber"])
    assert turns[-1].reply.startswith("Shall I book a twin room")
    pms.sell("TWN")  # another guest takes the last twin room while the caller listens
    (t,) = run_call(dlg, pms, ["yes"])
    # the write failed; the same stay is looked up again and another room offered
    assert t.actions == ["pms.create", "pms.availability", "speak.ask"]
    said = t.proposals[-1].reply  # what the caller hears (the PMS steps say nothing)
    assert said.startswith("I'm sorry, the twin room was booked by another guest just a moment")
    assert pms.calls[-1] == (
        "pms.availability",
        {"arrival": "2026-03-06", "departure": "2026-03-08", "guests": 2},
    )
    assert "I have a double room" in said and "twin" not in said.split("ago.")[1]
    # ... with a new read-back before anything is written
    assert said.endswith("?") and "Shall I book a double room" in said
    assert dlg.state.pending is not None and dlg.state.pending.stage == "confirm"
    assert len(writes(pms)) == 1 and dlg.state.outcome != "booked"
    (t,) = run_call(dlg, pms, ["yes"])
    assert t.actions == ["pms.create", "speak.confirm"]
    assert writes(pms)[-1][1]["room_type"] == "DBL"
    assert [r["room_type"] for r in pms.active()] == ["DBL"]
    assert dlg.state.outcome == "booked"


def test_the_last_room_taken_with_nothing_else_free_asks_for_other_dates(dlg, settings):
    pms = FakePms.for_hotel(settings.hotel)
    run_call(dlg, pms, [BOOK, "My name is Anna Weber"])
    for room in settings.hotel.room_types:
        pms.sell(room.code)
    (t,) = run_call(dlg, pms, ["yes"])
    assert t.actions == ["pms.create", "pms.availability", "speak.ask"]
    assert "booked by another guest" in t.reply and "no room available" in t.reply
    assert "other dates" in t.reply and not pms.active()


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (FailureCode.VENDOR_UNAVAILABLE, "reservation system is not available at the moment"),
        (FailureCode.TIMEOUT, "taking too long to answer"),
    ],
)
def test_a_pms_that_is_down_or_slow_is_said_honestly_and_the_reception_offered(
    settings, backend, today, code, words
):
    pms = FakePms.for_hotel(settings.hotel, failure=code)
    d = Dialogue(settings, today, backend=backend)
    (t,) = run_call(d, pms, [BOOK])
    assert t.actions == ["pms.availability", "speak.apologise"]
    assert words in t.reply and "reception" in t.reply
    assert d.state.outcome == "pms_error"
    (t,) = run_call(d, pms, ["yes please"])
    assert t.actions == ["transfer.human"]


@pytest.mark.parametrize("code", [FailureCode.TIMEOUT, FailureCode.OUTCOME_UNKNOWN])
def test_a_write_that_timed_out_is_not_claimed_either_way(dlg, settings, code):
    pms = FakePms.for_hotel(settings.hotel)
    run_call(dlg, pms, [BOOK, "My name is Anna Weber"])
    pms.failure = code
    (t,) = run_call(dlg, pms, ["yes"])
    assert t.actions == ["pms.create", "speak.apologise"]
    assert "can't tell you yet whether that went through" in t.reply
    assert "confirmed" not in t.reply and dlg.state.outcome == "pms_error"


def test_a_booking_not_found_is_asked_again_spelled_then_refused(settings, backend, today):
    pms = FakePms.for_hotel(settings.hotel)
    pms.seed(confirmation="SOV2002", guest_name="Maria Schulz", arrival="2026-04-10",
             departure="2026-04-12", guests="1", room_type="TWN")  # fmt: skip
    d = Dialogue(settings, today, backend=backend)
    # two characters off (one off with the full name opens it: test_brain_dialogue.py)
    turns = run_call(d, pms, ["Please cancel my booking", "SOV2992", "Maria Schulz"])
    assert turns[-1].actions == ["pms.find_booking", "speak.ask"]
    assert "spell the confirmation number" in turns[-1].reply
    assert d.state.asked == "confirmation" and d.state.slots["guest_name"] == "Maria Schulz"
    # spelled right this time: found, verified, read back
    (t,) = run_call(d, pms, ["It is S O V 2 0 0 2"])
    assert t.actions == ["pms.find_booking", "speak.ask"]
    assert t.proposals[-1].reply.startswith("Shall I cancel your booking")


def test_a_value_the_pms_refused_is_named_and_asked_again(dlg, settings):
    run_call(dlg, FakePms.for_hotel(settings.hotel), [])  # nothing yet
    p = dlg.on_transcript(Transcript(text=BOOK, turn=1))
    assert p.action == "pms.availability"
    refused = PmsFailure(
        code=FailureCode.INVALID_REQUEST,
        message="a stay of 40 nights exceeds the maximum of 30",
        field="departure",
    )
    nxt = dlg.on_result(
        ActionResult("d1", "pms.availability", ok=False, result=refused, error="invalid_request")
    )
    assert nxt.action == "speak.ask"
    assert nxt.reply.startswith("I'm sorry, our reservation system did not accept the departure")
    assert nxt.reply.endswith("How many nights would you like to stay?")
    assert dlg.state.asked == "nights" and "departure" not in dlg.state.slots
    assert dlg.state.slots["arrival"] == "2026-03-06"  # the rest of the stay is kept


def test_new_dates_that_do_not_fit_a_booking_are_said_and_other_dates_asked(
    settings, backend, today
):
    pms = FakePms.for_hotel(settings.hotel)
    pms.seed(confirmation="SOV3003", guest_name="Jonas Becker", phone="+4917600011122",
             arrival="2026-03-20", departure="2026-03-22", guests="2", room_type="DBL")  # fmt: skip
    d = Dialogue(settings, today, caller_id="+4917600011122", backend=backend)
    turns = run_call(d, pms, ["I'd like to change my booking to the 25th to the 27th of March"],
                     "+4917600011122")  # fmt: skip
    assert turns[-1].proposals[-1].reply.startswith("Shall I change your booking")
    p = d.on_transcript(Transcript(text="yes", turn=2, caller_id="+4917600011122"))
    assert p.action == "pms.modify"
    taken = PmsFailure(code=FailureCode.ROOM_UNAVAILABLE, message="no DBL free")
    nxt = d.on_result(ActionResult("d9", "pms.modify", ok=False, result=taken, error="x"))
    assert nxt.action == "speak.ask"
    assert nxt.reply.startswith("I'm sorry, your room is not available for those new dates")
    assert d.state.asked == "arrival" and "arrival" not in d.state.slots
    assert d.state.reservation is not None  # still the caller's verified booking
