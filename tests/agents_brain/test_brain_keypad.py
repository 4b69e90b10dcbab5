"""The phone's keypad when the ear fails on a number (issue 10 §4): offered when the number is
asked again on a SIP call, and the digits typed read as the number, exactly."""

from __future__ import annotations

import pytest

from agents.intel.dialogue import Dialogue
from bench.brain_harness import FakePms, run_call
from ipc.messages import Transcript

OFFER_EN = "You can also type the digits on your phone's keypad and finish with the hash key."
OFFER_DE = "Tastatur Ihres Telefons"


def keyed(digits: str) -> Transcript:
    """A turn typed on the keypad, as the media worker makes it of a KeypadEntry."""
    return Transcript(text=digits, confidence=1.0, lang="", keypad=True)


@pytest.fixture
def pms(settings):
    pms = FakePms.for_hotel(settings.hotel)
    pms.seed(confirmation="SOV8118", guest_name="Clara Hoffmann", phone="+4917600081181",
             arrival="2026-04-07", departure="2026-04-09", guests="2", room_type="DBL")  # fmt: skip
    return pms


def phone_call(settings, backend, today, keypad: bool = True) -> Dialogue:
    return Dialogue(settings, today, caller_id="+4930777888", backend=backend, keypad=keypad)


def test_the_number_asked_again_offers_the_keypad_only_on_a_phone(settings, backend, today, pms):
    lines = ["I'd like to cancel my booking, my name is Clara Hoffmann", "S O V 4 4 4 4"]
    first, again = run_call(phone_call(settings, backend, today), pms, lines)
    assert first.proposals[-1].args.keypad is False  # the first question: no keypad yet
    assert OFFER_EN not in first.reply
    asked = again.proposals[-1]  # not found: asked again, spelled, and the keypad offered
    assert asked.reply.startswith("I'm sorry, I can't find a booking under that number.")
    assert asked.reply.endswith(OFFER_EN) and asked.args.keypad and asked.args.expect
    console = run_call(phone_call(settings, backend, today, keypad=False), pms, lines)
    assert OFFER_EN not in console[-1].reply and not console[-1].proposals[-1].args.keypad


def test_a_number_not_heard_is_asked_again_with_the_keypad(settings, backend, today, pms):
    d = phone_call(settings, backend, today)
    turns = run_call(d, pms, ["Please cancel my booking, I am Clara Hoffmann", "qwrtzpsdfg hjklxcvbnm"])
    assert OFFER_EN in turns[-1].reply and turns[-1].proposals[-1].args.keypad


def test_typed_digits_find_the_booking_on_its_digits_and_read_it_back_first(
    settings, backend, today, pms
):
    d = phone_call(settings, backend, today)
    run_call(d, pms, ["I'd like to cancel my booking, my name is Clara Hoffmann", "S O V 4 4 4 4"])
    (turn,) = run_call(d, pms, [keyed("8118")])
    find, readback = turn.proposals
    assert find.action == "pms.find_booking" and find.args.confirmation == "8118"
    assert find.args.name == "Clara Hoffmann"
    # found on its digits with the name: named with its dates, read back, nothing cancelled yet
    assert readback.reply.startswith("I have a booking under Clara Hoffmann, number S O V 8 1 1 8")
    assert "Shall I cancel your booking" in readback.reply
    assert not any(c[0] == "pms.cancel" for c in pms.calls)
    assert d.state.asr_confidence == 1.0 and d.state.last_understanding == 1.0
    run_call(d, pms, ["yes"])
    assert pms.calls[-1][0] == "pms.cancel"


def test_typed_digits_are_never_read_as_a_date_or_a_party(settings, backend, today, pms):
    """"12" typed while the number is asked is the number's digits, not the 12th or 12 guests:
    too short to be a booking's digits part, so nothing is found and nothing is revealed."""
    d = phone_call(settings, backend, today)
    run_call(d, pms, ["I'd like to cancel my booking, my name is Clara Hoffmann", "S O V 4 4 4 4"])
    (turn,) = run_call(d, pms, [keyed("12")])
    assert turn.proposals[0].args.confirmation == "12"
    assert "arrival" not in d.state.slots and "guests" not in d.state.slots
    assert not d.state.verified and "S O V 8 1 1 8" not in turn.reply


def test_digits_typed_when_no_number_is_asked_are_no_answer(settings, backend, today, pms):
    d = phone_call(settings, backend, today)
    run_call(d, pms, ["I'd like to book a room for two nights from April 7th"])
    (turn,) = run_call(d, pms, [keyed("2")])
    assert turn.reply.startswith("Thank you, but I'm not asking for a number just now.")
    assert "guests" not in d.state.slots  # the 2 is no party of two


def test_the_keypad_is_offered_in_german(settings, backend, today, pms):
    d = phone_call(settings, backend, today)
    turns = run_call(d, pms, ["Ich möchte meine Buchung stornieren, mein Name ist Clara Hoffmann",
                              "S O V 4 4 4 4"])  # fmt: skip
    asked = turns[-1].proposals[-1]
    assert asked.reply.startswith("Leider finde ich") and OFFER_DE in asked.reply
    (turn,) = run_call(d, pms, [keyed("8118")])
    assert "S O V 8 1 1 8" in turn.reply and d.state.lang == "de"
