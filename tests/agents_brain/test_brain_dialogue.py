"""INTEL's dialogue with the real embedded understanding and a fake PMS (bench/brain_harness.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from agents.intel.dialogue import Dialogue, DialogueState
from agents.intel.reading import code_start
from bench.brain_harness import FakePms, run_call
from ipc.messages import ActionResult, Decision, Transcript
from ipc.payloads import AvailabilityQuery, FailureCode, PmsFailure


@pytest.fixture
def pms(settings):
    return FakePms.for_hotel(settings.hotel)


@pytest.fixture
def dlg(settings, backend, today):
    return Dialogue(settings, today, caller_id="+4930999", backend=backend)


def say(d: Dialogue, text: str):
    return d.on_transcript(Transcript(text=text, turn=d.state.turn + 1))


def test_asks_for_each_missing_slot_in_turn(dlg, pms):
    p = say(dlg, "I'd like to book a room")
    assert (p.action, p.origin) == ("speak.ask", "intel")
    assert p.reply == "For which dates would you like to stay?"
    assert set(p.missing) >= {"arrival", "departure", "guests", "guest_name"}
    p = say(dlg, "from the 12th of March")
    assert p.reply == "How many nights would you like to stay?"
    p = say(
        dlg, "three"
    )  # a bare number right after "how many nights?" is not understood as guests
    assert p.action == "speak.ask"
    p = say(dlg, "three nights")
    assert p.reply == "For how many guests?"
    assert dlg.state.slots["departure"] == "2026-03-15"
    p = say(dlg, "two")
    assert p.action == "pms.availability"
    assert p.args == AvailabilityQuery(
        arrival=dt.date(2026, 3, 12), departure=dt.date(2026, 3, 15), guests=2
    )


def test_full_booking_with_offer_confirmation_and_create(dlg, pms):
    turns = run_call(dlg, pms, [
        "Hello, I'd like to book a twin room next Friday for two nights for two people",
        "My name is Anna Weber",
        "yes",
    ])  # fmt: skip
    assert turns[0].actions == ["pms.availability", "speak.ask"]
    assert "twin room" in turns[0].reply and "258.00 EUR" in turns[0].reply
    assert turns[1].actions == ["speak.ask"] and turns[1].reply.startswith(
        "Shall I book a twin room"
    )
    assert turns[2].actions == ["pms.create", "speak.confirm"]
    create = pms.calls[-1][1]
    assert create == {"offer_id": "O-TWN-FLEX-2026-03-06", "guest_name": "Anna Weber",
                      "arrival": "2026-03-06", "departure": "2026-03-08", "guests": 2,
                      "room_type": "TWN", "rate_plan": "FLEX", "phone": "+4930999"}  # fmt: skip
    assert "confirmation number is S O V" in turns[2].reply
    assert dlg.state.outcome == "booked" and dlg.state.task == ""


def test_no_write_without_a_yes(dlg, pms):
    run_call(
        dlg, pms, ["book a double room tomorrow for one night for one person, name is Bo Berg"]
    )
    assert dlg.state.pending.action == "pms.create" and dlg.state.pending.stage == "confirm"
    turns = run_call(dlg, pms, ["no"])
    assert turns[0].actions == ["speak.ask"] and "won't do that" in turns[0].reply
    assert not [c for c in pms.calls if c[0] == "pms.create"]


def test_correction_of_nights_recomputes_departure(dlg, pms):
    run_call(dlg, pms, ["a double room next Friday for two nights for two, my name is Anna Weber"])
    assert dlg.state.pending.stage == "confirm"
    turns = run_call(dlg, pms, ["no, make it three nights"])
    assert dlg.state.slots["departure"] == "2026-03-09"
    assert turns[0].actions[0] == "pms.availability"  # the old offer was for other dates
    assert "March 9" in turns[0].reply and dlg.state.corrections == 1
    turns = run_call(dlg, pms, ["yes"])
    assert pms.calls[-1][0] == "pms.create" and pms.calls[-1][1]["departure"] == "2026-03-09"


def test_contradictory_dates_are_clarified(dlg, pms):
    p = say(dlg, "I want to book from the 12th to the 14th of March for three nights")
    assert p.action == "speak.ask" and "2 nights, not 3" in p.reply
    p = say(dlg, "three nights")
    assert (
        dlg.state.slots["arrival"] == "2026-03-12" and dlg.state.slots["departure"] == "2026-03-15"
    )
    assert p.reply == "For how many guests?"


def test_too_many_guests_for_the_room_type(dlg, pms):
    p = say(dlg, "a double room next Friday for two nights for four people")
    assert p.action == "speak.ask" and "at most 2 guests" in p.reply and "suite" in p.reply
    p = say(dlg, "the suite then")
    assert p.action == "pms.availability" and p.args.room_type == "SUI"


def test_past_dates_are_refused(dlg):
    p = say(dlg, "I want to book a room from the 1st of March 2026 for two nights")
    assert "already passed" in p.reply and "arrival" not in dlg.state.slots


def test_language_switch_mid_call(dlg, pms):
    p = say(dlg, "I'd like to book a room")
    assert p.reply.startswith("For which dates")
    p = say(dlg, "Nächsten Freitag für zwei Nächte, bitte")
    assert p.reply == "Für wie viele Personen?"
    turns = run_call(dlg, pms, ["zwei Personen"])
    assert "Doppelzimmer" in turns[0].reply and "Auf welchen Namen" in turns[0].reply


def test_fact_question_inside_a_booking_keeps_the_thread(dlg):
    say(dlg, "I'd like to book a room next Friday for two nights")
    p = say(dlg, "Is breakfast included?")
    assert p.reply.startswith("Breakfast is served") and p.reply.endswith("For how many guests?")
    assert p.intent == "fact.breakfast"


def test_cancel_requires_verification_then_confirmation(settings, backend, today, pms):
    pms.seed(confirmation="SOV2002", guest_name="Maria Schulz", phone="+4917600033344",
             arrival="2026-04-10", departure="2026-04-12", guests="1", room_type="TWN")  # fmt: skip
    d = Dialogue(settings, today, caller_id="+4930000000", backend=backend)
    turns = run_call(d, pms, ["Please cancel my booking", "SOV2002", "Maria Schulz"], "+4930000000")
    assert turns[0].actions == ["pms.find_booking", "speak.ask"]  # by caller id: nothing found
    assert pms.calls[0] == ("pms.find_booking", {"phone": "+4930000000"})
    assert turns[1].reply == "And the name on the booking, please?"
    assert pms.calls[-1] == (
        "pms.find_booking",
        {"confirmation": "SOV2002", "name": "Maria Schulz", "near": True, "phone": "+4930000000"},
    )
    assert turns[2].proposals[-1].reply.startswith("Shall I cancel your booking")
    assert d.caller_verification == 1.0 and d.state.verified
    ev = {e.source: e.value for e in d.evidence()}
    assert ev["caller_verification"] == 1.0
    turns = run_call(d, pms, ["yes"])
    assert turns[0].actions == ["pms.cancel", "speak.confirm"]
    assert pms.calls[-1] == ("pms.cancel", {"reservation_id": "R1", "reason": "caller request"})
    assert d.state.outcome == "cancelled"


def test_a_name_given_before_the_number_is_kept_when_the_phone_finds_nothing(
    settings, backend, today, pms
):
    """The look-up by the caller's number is ours, not a failed verification of theirs."""
    pms.seed(confirmation="SOV7310", guest_name="Greta Lindqvist", phone="+4917600055511",
             arrival="2026-05-02", departure="2026-05-05", guests="2", room_type="DBL")  # fmt: skip
    d = Dialogue(settings, today, caller_id="+4930111222", backend=backend)
    turns = run_call(d, pms, ["This is Greta Lindqvist, I have to cancel my reservation",
                              "the number is SOV7310"], "+4930111222")  # fmt: skip
    assert pms.calls[0] == ("pms.find_booking", {"phone": "+4930111222"})
    assert "can't find" not in turns[0].reply and "privacy" not in turns[0].reply
    assert d.state.outcome != "refused" and d.state.slots.get("guest_name") == "Greta Lindqvist"
    assert pms.calls[-1] == (
        "pms.find_booking",
        {"confirmation": "SOV7310", "name": "Greta Lindqvist", "near": True, "phone": "+4930111222"},
    )  # fmt: skip
    assert turns[1].proposals[-1].reply.startswith("Shall I cancel your booking")


def test_caller_id_alone_verifies(settings, backend, today, pms):
    pms.seed(confirmation="SOV5", guest_name="Ida Kern", phone="+4917611111",
             arrival="2026-03-20", departure="2026-03-22", guests="2")  # fmt: skip
    d = Dialogue(settings, today, caller_id="+4917611111", backend=backend)
    turns = run_call(d, pms, ["When is my booking?"], "+4917611111")
    assert turns[0].actions == ["pms.find_booking", "speak.answer"]
    assert "Friday, March 20 to Sunday, March 22" in turns[0].reply
    assert d.state.outcome == "answered"


def test_other_guests_booking_is_refused_without_revealing_it(settings, backend, today, pms):
    pms.seed(confirmation="SOV4004", guest_name="Peter Miller", phone="+4917600077788",
             arrival="2026-03-18", departure="2026-03-21", guests="1", room_type="SUI")  # fmt: skip
    d = Dialogue(settings, today, caller_id="+4930555003", backend=backend)
    turns = run_call(d, pms, ["What are the dates of Peter Miller's booking?",
                              "The booking number is SOV4004 and my name is Tom Wagner"], "+4930555003")  # fmt: skip
    everything = " ".join(t.reply for t in turns)
    assert "March 18" not in everything and "suite" not in everything.lower()
    assert "privacy" in everything and d.state.outcome == "refused"
    assert d.caller_verification < 0.9 and not d.state.verified
    assert all(c[0] == "pms.find_booking" for c in pms.calls)
    assert not any(
        "name" in c[1] and c[1].keys() == {"name"} for c in pms.calls
    )  # never by name alone


def _caller_with_booking(settings, backend, today, pms, caller_id: str, **booking: str) -> Dialogue:
    pms.seed(**booking)
    return Dialogue(settings, today, caller_id=caller_id, backend=backend)


def _reveals_nothing(d: Dialogue, pms, lines: list[str], hidden: list[str]) -> None:
    """The caller is not verified, and no reply names anything of the booking."""
    turns = run_call(d, pms, lines, d.state.caller_id)
    everything = " ".join(p.reply for t in turns for p in t.proposals)
    assert not any(h in everything for h in hidden), everything
    assert not d.state.verified and d.caller_verification < 0.9


def _cancels_after_readback(d: Dialogue, pms, lines: list[str], opening: str, readback: str):
    """The booking found is named first and read back; the cancel waits for the caller's yes."""
    turns = run_call(d, pms, lines, d.state.caller_id)
    reply = turns[-1].proposals[-1].reply
    assert reply.startswith(opening) and readback in reply
    assert not any(c[0] == "pms.cancel" for c in pms.calls)  # read back, nothing changed yet
    run_call(d, pms, ["yes"])
    assert pms.calls[-1] == ("pms.cancel", {"reservation_id": "R1", "reason": "caller request"})
    return turns


def test_a_number_one_character_misheard_opens_the_booking_only_with_the_full_name(
    settings, backend, today, pms
):
    """Speech recognition mishears one character of a read-out number: with the full name
    exact, the booking is found, its own number said first, and read back before the cancel;
    the same near number with another name reveals nothing."""
    env = (settings, backend, today, pms)
    d = _caller_with_booking(*env, "+4930222333", confirmation="SOV8008", guest_name="Emily Johnson",
                             phone="+4917600099900", arrival="2026-04-07", departure="2026-04-09",
                             guests="2", room_type="DBL")  # fmt: skip
    _cancels_after_readback(d, pms, ["Please cancel my booking",
                                     "S O V 8 0 0 A, and the name is Emily Johnson"],
                            "I have a booking under that name with the number S O V 8 0 0 8.",
                            "Shall I cancel your booking S O V 8 0 0 8")  # fmt: skip
    other = _caller_with_booking(*env, "+4930555003", confirmation="SOV4114", guest_name="Peter Miller",
                                 phone="+4917600077788", arrival="2026-03-18", departure="2026-03-21",
                                 guests="1", room_type="SUI")  # fmt: skip
    _reveals_nothing(other, pms, ["When is my booking?", "S O V 4 1 1 5, my name is Peter Müller"],
                     ["March 18", "S O V 4 1 1 4"])  # fmt: skip


def test_a_number_with_its_letters_misheard_opens_the_booking_by_digits_and_a_close_name(
    settings, backend, today, pms
):
    """The ear got the digits but not the letters ("here always an Oscar v ..."), and one
    letter of the name: the booking is named with its dates in the read-back before the
    cancel; a "Sure." split off before the number costs nothing; a look-up asks first;
    the same digits with another name reveal nothing."""
    env = (settings, backend, today, pms)
    d = _caller_with_booking(*env, "+4930222444", confirmation="SOV3917", guest_name="Hannah Scott",
                             phone="+4917600044400", arrival="2026-04-03", departure="2026-04-06",
                             guests="2", room_type="DBL")  # fmt: skip
    turns = _cancels_after_readback(
        d, pms, ["I'd like to cancel my booking, my name is Hana Scott", "Sure.",
                 "the number is, uh, always a V as in Victor 3 9 1 7"],
        "I have a booking under Hannah Scott, number S O V 3 9 1 7, from Friday, April 3",
        "Shall I cancel your booking")  # fmt: skip
    assert turns[1].reply == "Go ahead, please." and turns[1].proposals[-1].args.expect == "characters"
    # the reply names the booking's guest as the caller's own (SENTINEL vetoes another's name)
    assert turns[-1].proposals[-1].slots["guest_name"] == "Hannah Scott"
    # "Tom" is another person: the same digits reveal nothing
    look = _caller_with_booking(*env, "+4930222555", confirmation="SOV5290", guest_name="Ryan Cooper",
                                phone="+4917600055500", arrival="2026-05-11", departure="2026-05-13",
                                guests="1", room_type="SUI")  # fmt: skip
    _reveals_nothing(look, pms, ["What are the dates of my booking? I am Tom Cooper", "O V 5 2 9 0"],
                     ["May 11", "Ryan"])  # fmt: skip
    turns = run_call(look, pms, ["the name is Rian Cooper", "the number is O V 5 2 9 0"])
    assert turns[-1].reply.endswith("from Monday, May 11 to Wednesday, May 13. Is that the one?")
    assert "suite" not in turns[-1].reply.lower()  # nothing more before the caller's yes
    turns = run_call(look, pms, ["no, that is not mine"])
    assert not look.state.verified and "privacy" in turns[0].reply


def test_a_question_for_the_number_or_a_spelling_tells_the_ear_to_expect_characters(
    settings, backend, today, pms
):
    d = Dialogue(settings, today, caller_id=None, backend=backend)
    turns = run_call(d, pms, ["Please cancel my booking", "It's S O V 1 2 3 4"])
    asked = turns[0].proposals[-1]
    assert asked.action == "speak.ask" and asked.args.expect == "characters", asked
    name = turns[1].proposals[-1]  # "And the name on the booking?": words, not characters
    assert name.action == "speak.ask" and name.args.expect == "", name
    booking = run_call(Dialogue(settings, today, backend=backend), pms, ["I'd like to book a room"])
    assert booking[0].proposals[-1].args.expect == ""


def test_modify_keeps_length_of_stay_when_only_arrival_moves(settings, backend, today, pms):
    pms.seed(confirmation="SOV1001", guest_name="Jonas Becker", phone="+49176",
             arrival="2026-03-20", departure="2026-03-22", guests="2")  # fmt: skip
    d = Dialogue(settings, today, backend=backend)
    run_call(d, pms, ["I need to change my booking SOV1001, name Jonas Becker"])
    turns = run_call(d, pms, ["move the arrival to the 25th of March", "yes"])
    assert turns[0].actions == ["pms.availability", "speak.ask"]  # the new total is quoted first
    assert (
        turns[0]
        .proposals[-1]
        .reply.startswith(
            "Shall I change your booking to Wednesday, March 25 to Friday, March 27, 2 nights,"
        )
    )
    assert "258.00 EUR in total" in turns[0].reply
    assert pms.calls[-1] == ("pms.modify", {"reservation_id": "R1", "arrival": "2026-03-25",
                                            "departure": "2026-03-27"})  # fmt: skip
    assert d.state.outcome == "modified"


def test_pms_down_is_told_honestly_and_a_human_offered(settings, backend, today):
    pms = FakePms.for_hotel(settings.hotel, down=True)
    d = Dialogue(settings, today, backend=backend)
    turns = run_call(d, pms, ["a double room next Friday for two nights for two people"])
    assert turns[0].actions == ["pms.availability", "speak.apologise"]
    assert "reservation system is not available at the moment" in turns[0].reply
    p = say(d, "yes please")
    assert p.action == "transfer.human"


def test_unsupported_capability_offers_a_human(dlg):
    say(dlg, "a double room next Friday for two nights for two people")
    unsupported = PmsFailure(code=FailureCode.UNSUPPORTED, capability="search_availability")
    p = dlg.on_result(
        ActionResult("d1", "pms.availability", ok=False, result=unsupported, error="unsupported")
    )
    assert (
        p.action == "speak.apologise"
        and "colleague" in p.reply
        and "can't do that by phone" in p.reply
    )


def test_results_that_are_not_ours_are_ignored(dlg):
    assert dlg.on_result(ActionResult("dX", "pms.create", ok=True)) is None
    say(dlg, "a double room next Friday for two nights for two people")
    assert dlg.on_result(ActionResult("dX", "pms.cancel", ok=True)) is None


def test_on_rejected(dlg):
    say(dlg, "a double room next Friday for two nights for two people")
    p = dlg.on_rejected(Decision("d1", "pms.availability", approved=False, posterior=0.5, threshold=0.85,
                                 fallback="fallback.offer_human"))  # fmt: skip
    assert p.action == "speak.apologise" and "colleague" in p.reply and dlg.state.pending is None
    p = dlg.on_rejected(Decision("d2", "speak.ask", approved=False, posterior=0.5, threshold=0.85,
                                 fallback="fallback.ask_again"))  # fmt: skip
    assert p.action == "speak.ask" and "another way" in p.reply
    p = dlg.on_rejected(Decision("d3", "speak.answer", approved=False, posterior=0.1, threshold=0.85,
                                 fallback="fallback.decline"))  # fmt: skip
    assert "can't help with that" in p.reply


@pytest.mark.parametrize("text", ["", "  ", "%%%% $$$$", "qwrtzpsdfg hjklxcvbnm"])
def test_empty_and_garbage_transcripts(dlg, text):
    p = say(dlg, text)
    assert p.action == "speak.ask" and "didn't catch" in p.reply
    assert dlg.evidence()[0].value == 0.0 and dlg.state.last_flags


def test_repeated_garbage_offers_a_human(dlg):
    for _ in range(3):
        p = say(dlg, "@@@@")
    assert p.action == "speak.apologise" and dlg.state.offer_human


def test_very_long_transcript_is_cut_and_flagged(dlg):
    p = say(dlg, "I would like to book a room next Friday for two nights " + "blah " * 500)
    assert "cut" in dlg.state.last_flags
    assert p.action == "speak.ask" and dlg.state.slots["arrival"] == "2026-03-06"


def test_state_survives_a_crash(settings, backend, today, pms):
    d = Dialogue(settings, today, caller_id="+49301", backend=backend)
    run_call(d, pms, ["a double room next Friday for two nights for two people"])
    blob = d.dump()
    d2 = Dialogue.restore(settings, blob, backend=backend)
    assert isinstance(d2.state, DialogueState) and d2.state == d.state
    turns = run_call(d2, pms, ["Anna Weber", "yes"])
    assert turns[-1].actions == ["pms.create", "speak.confirm"]


def test_a_name_without_a_confirmation_number_opens_nothing(settings, backend, today, pms):
    pms.seed(confirmation="SOV1", guest_name="Peter Miller", arrival="2026-03-10",
             departure="2026-03-12")  # fmt: skip
    d = Dialogue(settings, today, backend=backend)
    turns = run_call(d, pms, ["What's the booking under the name Miller?", "I don't have a number"])
    assert turns[0].reply == "Could you give me your confirmation number, please?"
    assert turns[1].actions == ["speak.apologise"] and "privacy" in turns[1].reply
    assert pms.calls == [] and d.state.outcome == "refused"


def test_a_codes_letters_cut_off_by_a_pause_are_kept_for_its_digits(settings, backend, today, pms):
    """ "It's Kilo, Oscar." ended as a turn, "Victor 4 4 1 7 ..." came next: one number."""
    d = _caller_with_booking(settings, backend, today, pms, "+4930222666", confirmation="KOV4417",
                             guest_name="Mark Lee", phone="+4917600066600", arrival="2026-04-20",
                             departure="2026-04-22", guests="2", room_type="DBL")  # fmt: skip
    turns = run_call(d, pms, ["I need to cancel my booking", "the number is Kilo, Oscar.",
                              "Victor, 4 4 1 7, and the name is Mark Lee"], "+4930222666")  # fmt: skip
    assert turns[1].reply == "Go ahead, please." and d.state.slots.get("confirmation") == "KOV4417"
    assert pms.calls[-1][1]["confirmation"] == "KOV4417" and d.state.verified
    assert code_start("Sierra, Oscar.") == "SO" and code_start("die Nummer ist Siegfried Otto") == "SO"
    assert code_start("I am not sure") == "" and code_start("it is a double room") == ""


def test_a_no_to_the_change_of_a_booking_opened_on_its_digits_is_about_the_dates(
    settings, backend, today, pms
):
    """Opened on its digits, read back with a change, "no": the change waits; new dates get a
    new read-back that names the booking again, and only its yes writes."""
    d = _caller_with_booking(settings, backend, today, pms, "+4930222777", confirmation="SOV7342",
                             guest_name="Olivia Brown", phone="+4917600077700", arrival="2026-04-20",
                             departure="2026-04-22", guests="2", room_type="DBL")  # fmt: skip
    turns = run_call(d, pms, ["I want to change my booking, it is under Olivia Braun",
                              "B O V 7 3 4 2", "from April 21 to April 24 please", "no"], "+4930222777")  # fmt: skip
    assert "I have a booking under Olivia Brown" in turns[2].reply and d.state.verified
    assert not any(c[0] == "pms.modify" for c in pms.calls)
    turns = run_call(d, pms, ["from April 22 to April 24 then", "yes"])
    assert "I have a booking under Olivia Brown" in turns[0].reply
    assert pms.calls[-1][0] == "pms.modify" and pms.calls[-1][1]["arrival"] == "2026-04-22"
