"""The rules a good receptionist keeps (issue 10 §3, §4), each through a whole call.

Every test drives INTEL's dialogue with ``bench.brain_harness.run_call`` and checks
what the fake PMS was asked to do, not only what was said.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from agents.intel.dialogue import Dialogue
from agents.intel.hotel_view import HotelView
from agents.understanding.backend import (
    Context,
    Understanding,
    UnderstandingBackend,
    UnderstandingError,
)
from bench.brain_harness import FakePms, run_call

CALLER = "+4930999"
BOOK = "I'd like to book a room next Friday for two nights for two people"


if {"facts", "unknown_question"} <= set(Understanding.__struct_fields__):
    _Understood = Understanding
else:  # until the classifier's contract fields land

    class _Understood(Understanding):
        facts: tuple[str, ...] = ()
        unknown_question: bool = False


class ScriptedBackend(UnderstandingBackend):
    """The real embedded backend, with what the contract's understanding says for some texts.

    Why: these tests check the dialogue's rules as a consumer of the understanding
    contract (intent ``question``/``repeat``, ``facts``, ``unknown_question``, slots
    ``rooms``, ``spelled``), whichever classifier produces it.
    """

    name = "scripted"

    def __init__(self, inner: UnderstandingBackend, script: dict[str, dict] | None = None):
        self.inner = inner
        self.script = dict(script or {})
        self.fail_on: set[str] = set()

    def understand(self, text: str, ctx: Context) -> Understanding:
        if text in self.fail_on:
            raise UnderstandingError("scripted failure: the engine could not parse this turn")
        u = self.inner.understand(text, ctx)
        over = self.script.get(text)
        if over is None:
            return u
        over = dict(over)
        fields = {f: getattr(u, f) for f in u.__struct_fields__}
        slots = {**u.slots, **over.pop("slots", {})}
        return _Understood(**{**fields, **over, "slots": slots})


@pytest.fixture
def scripted(backend):
    def make(script: dict[str, dict] | None = None) -> ScriptedBackend:
        return ScriptedBackend(backend, script)

    return make


@pytest.fixture
def pms(settings):
    return FakePms.for_hotel(settings.hotel)


def dialogue(settings, backend, today) -> Dialogue:
    return Dialogue(settings, today, caller_id=CALLER, backend=backend)


def fact(settings, key: str, lang: str = "en") -> str:
    return HotelView(settings).fact(key, lang)


def terms(settings, rate: str, lang: str = "en") -> str:
    return HotelView(settings).cancellation(rate, lang)


OFFER_RECEPTION = "Shall I connect you with the reception?"  # the demo's reception name


def writes(pms: FakePms) -> list[tuple[str, dict]]:
    return [c for c in pms.calls if c[0] in ("pms.create", "pms.modify", "pms.cancel")]


# ---- every read-back names the stay, the room, the total and the terms ----------------
def test_readback_names_weekday_nights_guests_room_total_and_terms(settings, backend, today, pms):
    d = dialogue(settings, backend, today)
    turns = run_call(d, pms, [BOOK + ", a double room", "My name is Anna Weber", "yes"], CALLER)
    readback = turns[1].reply
    for part in ("Friday, March 6", "Sunday, March 8", "2 nights", "2 guests", "double room",
                 "Anna Weber", "258.00 EUR", terms(settings, "FLEX")):  # fmt: skip
        assert part in readback, (part, readback)
    assert "DBL" not in readback  # the configured name, never the code
    create = writes(pms)[-1][1]
    assert create["rate_plan"] == "FLEX" and "FLEX" in create["offer_id"]


def test_readback_in_german_names_the_same(settings, backend, today, pms):
    d = dialogue(settings, backend, today)
    turns = run_call(
        d, pms, ["Ich möchte ab nächstem Freitag zwei Nächte ein Doppelzimmer für zwei Personen buchen",
                 "Mein Name ist Anna Weber", "ja"], CALLER,
    )  # fmt: skip
    readback = turns[1].reply
    for part in ("Freitag, 6. März", "Sonntag, 8. März", "2 Nächte", "2 Personen", "Doppelzimmer",
                 "258.00 EUR", "kostenlose Stornierung"):  # fmt: skip
        assert part in readback, (part, readback)
    assert writes(pms)[-1][1]["rate_plan"] == "FLEX"


def test_flexible_rate_is_the_default_although_non_refundable_is_cheaper(
    settings, backend, today, pms
):
    d = dialogue(settings, backend, today)
    turns = run_call(d, pms, [BOOK], CALLER)
    offers = pms.calls[0]
    assert offers[0] == "pms.availability"
    # the PMS lists the cheaper non-refundable offer first; the caller hears the flexible one
    # and the non-refundable one only as an option, with its price and its terms
    assert "258.00 EUR in total (flexible rate" in turns[0].reply
    assert "non-refundable rate costs 232.20 EUR" in turns[0].reply
    assert terms(settings, "NONREF") in turns[0].reply


def test_non_refundable_only_when_chosen_after_hearing_its_terms(settings, backend, today, pms):
    d = dialogue(settings, backend, today)
    turns = run_call(
        d, pms, [BOOK + ", a twin room", "I'll take the non-refundable rate", "My name is Anna Weber"],
        CALLER,
    )  # fmt: skip
    assert "non-refundable rate costs 232.20 EUR" in turns[0].reply  # heard as an option first
    readback = turns[-1].reply
    assert readback.startswith("Shall I book a twin room")
    assert "232.20 EUR" in readback and terms(settings, "NONREF") in readback
    assert writes(pms) == []
    run_call(d, pms, ["yes"], CALLER)
    create = writes(pms)[-1][1]
    assert create["rate_plan"] == "NONREF" and "NONREF" in create["offer_id"]
    assert pms.active()[-1]["rate_plan"] == "NONREF"


# ---- a write only as the yes to its own read-back --------------------------------------
def test_yes_after_a_refused_readback_writes_nothing(settings, backend, today, pms):
    """The bug of issue 10: the read-back was refused by the decision core and the caller
    heard "Sorry, I did not quite get that"; their "yes" must not write."""
    d = dialogue(settings, backend, today)
    run_call(d, pms, [BOOK], CALLER)
    turns = run_call(
        d, pms, ["my name is Anna Weber"], CALLER,
        reject=lambda p: "fallback.ask_again" if p.reply.startswith("Shall I book") else None,
    )  # fmt: skip
    assert turns[0].actions == ["fallback.ask_again"] and "did not quite get" in turns[0].reply
    turns = run_call(d, pms, ["yes"], CALLER)
    assert writes(pms) == []
    assert turns[0].reply.startswith("Shall I book a double room")  # read back again, in full
    run_call(d, pms, ["yes"], CALLER)
    assert writes(pms)[-1][1]["guest_name"] == "Anna Weber"


def test_garbage_after_the_readback_gets_the_readback_again(settings, backend, today, pms):
    """Not understood while a write waits: nothing is written, and the full read-back is said
    again, so that it is again the last question when the caller says yes."""
    d = dialogue(settings, backend, today)
    turns = run_call(d, pms, [BOOK, "My name is Anna Weber", "qwrtzpsdfg hjklxcvbnm"], CALLER)
    assert writes(pms) == []
    readback = turns[1].reply
    assert turns[2].actions == ["speak.ask"]
    assert turns[2].reply == "Sorry, I didn't catch that. " + readback
    run_call(d, pms, ["yes"], CALLER)
    assert len(writes(pms)) == 1


def test_a_changed_slot_after_the_readback_gets_a_new_readback(settings, backend, today, pms):
    d = dialogue(settings, backend, today)
    run_call(d, pms, [BOOK, "My name is Anna Weber"], CALLER)
    turns = run_call(d, pms, ["yes, but make it three nights"], CALLER)
    assert writes(pms) == []
    assert "Monday, March 9" in turns[0].reply and "3 nights" in turns[0].reply
    assert turns[0].reply.count("Shall I book") == 1
    run_call(d, pms, ["yes"], CALLER)
    assert writes(pms)[-1][1]["departure"] == "2026-03-09"


@pytest.mark.parametrize("answer", ["no", "wait", "hold on a second"])
def test_no_or_wait_cancels_the_pending_write(settings, backend, today, pms, answer):
    d = dialogue(settings, backend, today)
    run_call(d, pms, [BOOK, "My name is Anna Weber"], CALLER)
    turns = run_call(d, pms, [answer], CALLER)
    assert d.state.pending is None and writes(pms) == []
    assert turns[0].actions == ["speak.ask"]
    turns = run_call(d, pms, ["yes"], CALLER)
    assert writes(pms) == [] and turns[0].reply.startswith("Shall I book")


# ---- names from speech -----------------------------------------------------------------
def test_unsure_name_from_speech_is_spelled_back_and_corrected(settings, backend, today, pms):
    d = dialogue(settings, backend, today)
    run_call(d, pms, [BOOK], CALLER)
    turns = run_call(d, pms, [("my name is Anna Webber", 0.45)], CALLER)
    assert (
        turns[0].reply
        == "I have the name Anna Webber, spelled A N N A - W E B B E R. Is that right?"
    )
    turns = run_call(d, pms, [("no", 0.9)], CALLER)
    assert turns[0].reply == "Could you spell the name for me, please?"
    turns = run_call(d, pms, [("Anna Weber", 0.4)], CALLER)
    assert writes(pms) == []
    # the corrected name is very unsure again: spelled back again before anything else
    assert (
        turns[0].reply == "I have the name Anna Weber, spelled A N N A - W E B E R. Is that right?"
    )
    turns = run_call(d, pms, [("yes", 0.95)], CALLER)
    assert turns[0].reply.startswith("Shall I book") and "W E B E R" in turns[0].reply
    run_call(d, pms, [("yes", 0.95)], CALLER)
    assert [w[1]["guest_name"] for w in writes(pms)] == ["Anna Weber"]


def test_somewhat_unsure_name_is_spelled_inside_the_readback(settings, backend, today, pms):
    d = dialogue(settings, backend, today)
    turns = run_call(d, pms, [BOOK, ("my name is Anna Webber", 0.8)], CALLER)
    assert "under the name Anna Webber, spelled A N N A - W E B B E R, at" in turns[1].reply
    turns = run_call(d, pms, [("no, the name is Anna Weber", 0.95)], CALLER)
    assert writes(pms) == [] and "under the name Anna Weber, at" in turns[0].reply
    run_call(d, pms, [("yes", 0.95)], CALLER)
    assert [w[1]["guest_name"] for w in writes(pms)] == ["Anna Weber"]


def test_spelled_name_is_read_back_spelled(settings, scripted, today, pms):
    backend = scripted({"W E B E R": {"intent": "provide_info",
                                      "slots": {"guest_name": "Weber", "spelled": True}}})  # fmt: skip
    d = dialogue(settings, backend, today)
    run_call(d, pms, [BOOK], CALLER)
    turns = run_call(d, pms, ["W E B E R"], CALLER)
    assert "under the name Weber, spelled W E B E R" in turns[0].reply
    run_call(d, pms, ["yes"], CALLER)
    assert writes(pms)[-1][1]["guest_name"] == "Weber"


def test_confident_name_is_read_back_in_the_full_readback(settings, backend, today, pms):
    d = dialogue(settings, backend, today)
    turns = run_call(d, pms, [BOOK, ("my name is Anna Weber", 0.97)], CALLER)
    assert "under the name Anna Weber," in turns[1].reply and writes(pms) == []


# ---- facts ---------------------------------------------------------------------------------
def test_unknown_fact_is_said_honestly_and_reception_offered(settings, scripted, today, pms):
    backend = scripted({"Is there a gym?": {"intent": "question", "unknown_question": True}})
    d = dialogue(settings, backend, today)
    turns = run_call(d, pms, ["Is there a gym?"], CALLER)
    reply = turns[0].reply
    assert reply == f"I'm sorry, I don't have that information. {OFFER_RECEPTION}"
    assert not any(fact(settings, k) in reply for k in settings.hotel.facts)  # nothing invented
    turns = run_call(d, pms, ["yes please"], CALLER)
    assert turns[0].actions == ["transfer.human"]


def test_unknown_fact_inside_a_booking_resumes_after_a_no(settings, scripted, today, pms):
    backend = scripted({"Is there a gym?": {"intent": "question", "unknown_question": True}})
    d = dialogue(settings, backend, today)
    run_call(d, pms, ["I'd like to book a room next Friday for two nights"], CALLER)
    turns = run_call(d, pms, ["Is there a gym?"], CALLER)
    assert turns[0].reply.endswith(OFFER_RECEPTION)  # the last question
    turns = run_call(d, pms, ["no thanks"], CALLER)
    assert turns[0].reply == "For how many guests?" and turns[0].actions == ["speak.ask"]


def test_several_facts_in_one_turn_get_several_answers(settings, scripted, today, pms):
    q = "do you have parking, and until when is breakfast?"
    backend = scripted({q: {"intent": "fact.parking", "facts": ("parking", "breakfast")}})
    d = dialogue(settings, backend, today)
    turns = run_call(d, pms, [q], CALLER)
    assert fact(settings, "parking") in turns[0].reply
    assert fact(settings, "breakfast") in turns[0].reply
    assert d.state.outcome == "answered"


def test_one_known_and_one_unknown_fact(settings, scripted, today, pms):
    q = "do you have parking and a sauna?"
    backend = scripted({q: {"intent": "fact.parking", "facts": ("parking", "sauna")}})
    d = dialogue(settings, backend, today)
    turns = run_call(d, pms, [q], CALLER)
    assert turns[0].reply.startswith(fact(settings, "parking"))
    assert "don't have that information" in turns[0].reply and d.state.offer_human


# ---- the confirmation number again -------------------------------------------------------
def test_repeat_confirmation_number_spelled(settings, scripted, today, pms):
    q = "sorry, could you repeat the confirmation number?"
    backend = scripted({q: {"intent": "repeat"}})
    d = dialogue(settings, backend, today)
    run_call(d, pms, [BOOK, "My name is Anna Weber", "yes"], CALLER)
    conf = pms.active()[-1]["confirmation"]
    turns = run_call(d, pms, [q], CALLER)
    spelled = " ".join(conf)
    assert turns[0].reply.count(spelled) == 2 and writes(pms)[1:] == []


def test_repeat_of_a_readback_keeps_it_the_last_question(settings, scripted, today, pms):
    q = "can you say that again?"
    backend = scripted({q: {"intent": "repeat"}})
    d = dialogue(settings, backend, today)
    turns = run_call(d, pms, [BOOK, "My name is Anna Weber", q, "yes"], CALLER)
    assert turns[2].reply == turns[1].reply
    assert len(writes(pms)) == 1


# ---- several rooms, big groups -------------------------------------------------------------
def test_several_rooms_are_answered_honestly_never_partly_booked(settings, scripted, today, pms):
    q = "two double rooms next Friday for two nights for four people"
    backend = scripted({q: {"intent": "book", "slots": {"rooms": 2}}})
    d = dialogue(settings, backend, today)
    turns = run_call(d, pms, [q], CALLER)
    assert "can't book all 2 rooms" in turns[0].reply
    assert turns[0].reply.endswith(OFFER_RECEPTION)
    assert pms.calls == []
    turns = run_call(d, pms, ["yes"], CALLER)
    assert turns[0].actions == ["transfer.human"] and writes(pms) == []


def test_several_rooms_declined_then_one_room_explicitly(settings, scripted, today, pms):
    q = "two rooms next Friday for two nights for two people"
    backend = scripted({q: {"intent": "book", "slots": {"rooms": 2}}})
    d = dialogue(settings, backend, today)
    turns = run_call(d, pms, [q, "no", "yes", "My name is Anna Weber", "yes"], CALLER)
    assert turns[1].reply == "All right. Shall I book one room for you instead?"
    assert len(writes(pms)) == 1 and d.state.slots.get("rooms") in (None, 1)


def test_several_rooms_without_a_party_size_are_answered_before_asking_it(
    settings, scripted, today, pms
):
    """The party's size cannot change the answer to several rooms: it is not asked first."""
    q = "we need three rooms from next Friday for two nights, it's for our choir"
    backend = scripted({q: {"intent": "book", "slots": {"rooms": 3}}})
    d = dialogue(settings, backend, today)
    turns = run_call(d, pms, [q], CALLER)
    assert "can't book all 3 rooms" in turns[0].reply and "guests" not in turns[0].reply
    assert turns[0].reply.endswith(OFFER_RECEPTION) and pms.calls == []
    turns = run_call(d, pms, ["no", "yes"], CALLER)  # then one room, for how many?
    assert turns[1].reply == "For how many guests?" and writes(pms) == []


def test_group_larger_than_any_room(settings, backend, today, pms):
    d = dialogue(settings, backend, today)
    turns = run_call(d, pms, ["a room next Friday for two nights for six people"], CALLER)
    reply = turns[0].reply
    assert "largest room, the suite, takes at most 4 guests" in reply
    assert reply.endswith(OFFER_RECEPTION) and pms.calls == []
    turns = run_call(d, pms, ["no", "four people"], CALLER)
    assert "For how many guests shall I book?" in turns[0].reply
    assert turns[1].actions[0] == "pms.availability" and pms.calls[0][1]["guests"] == 4


# ---- unsure turns and colleagues -------------------------------------------------------
def test_unsure_turn_is_asked_again_in_other_words(settings, backend, today, pms):
    d = dialogue(settings, backend, today)
    turns = run_call(d, pms, ["I'd like to book a room next Friday for two nights", "@@@@"], CALLER)
    assert turns[0].reply == "For how many guests?"
    assert turns[1].reply != turns[0].reply and "How many people will be staying" in turns[1].reply


def test_a_colleague_is_offered_only_as_the_last_question_and_yes_transfers(
    settings, backend, today, pms
):
    d = dialogue(settings, backend, today)
    turns = run_call(d, pms, ["@@@@", "%%%%", "$$$$"], CALLER)
    offer = turns[2].reply
    assert offer.endswith("Shall I put you through to a colleague?") and offer.count("?") == 1
    turns = run_call(d, pms, ["yes"], CALLER)
    assert turns[0].actions == ["transfer.human"]


# ---- bad input ---------------------------------------------------------------------------
def test_unparseable_transcript_never_becomes_a_write(settings, scripted, today, pms):
    backend = scripted()
    backend.fail_on.add("yes, yes, book it")
    d = dialogue(settings, backend, today)
    run_call(d, pms, [BOOK, "My name is Anna Weber"], CALLER)
    turns = run_call(d, pms, ["yes, yes, book it"], CALLER)
    assert writes(pms) == [] and turns[0].actions == ["speak.ask"]
    assert "Shall I book" in turns[0].reply  # read back again: only the next yes may write


def test_past_date_says_why_and_what_is_possible(settings, backend, today, pms):
    d = dialogue(settings, backend, today)
    turns = run_call(d, pms, ["I want to book a room from the 1st of March 2026 for two nights"])
    assert "already passed; today is Monday, March 2" in turns[0].reply
    assert "arrival" not in d.state.slots and pms.calls == []


def test_stay_beyond_the_longest_allowed(settings, backend, today, pms):
    d = dialogue(settings, backend, today)
    turns = run_call(d, pms, ["a room from the 10th of March for 40 nights for two people"])
    longest = settings.hotel.max_stay_nights
    assert f"at most {longest} nights" in turns[0].reply and pms.calls == []
    turns = run_call(d, pms, ["five nights"])
    assert pms.calls[0][1]["departure"] == "2026-03-15"


def test_contradictory_dates_are_asked_back(settings, backend, today, pms):
    d = dialogue(settings, backend, today)
    turns = run_call(d, pms, ["book from the 12th to the 14th of March for three nights"])
    assert "2 nights, not 3" in turns[0].reply and pms.calls == []


# ---- modify and cancel read-backs -----------------------------------------------------------
def test_modify_readback_names_the_new_stay(settings, backend, today, pms):
    pms.seed(confirmation="SOV1001", guest_name="Jonas Becker", phone="+49176",
             arrival="2026-03-20", departure="2026-03-22", guests="2")  # fmt: skip
    d = Dialogue(settings, today, backend=backend)
    turns = run_call(d, pms, ["I need to change my booking SOV1001, name Jonas Becker",
                              "from the 27th to the 30th of March"])  # fmt: skip
    rb = turns[1].reply
    for part in ("Friday, March 27", "Monday, March 30", "3 nights", "2 guests", "double room"):
        assert part in rb, (part, rb)
    assert writes(pms) == []


def test_cancel_readback_names_the_terms(settings, backend, today, pms):
    r = pms.seed(confirmation="SOV2002", guest_name="Maria Schulz", phone="+4917600033344",
                 arrival="2026-04-10", departure="2026-04-12", guests="1")  # fmt: skip
    r["rate_plan"] = "NONREF"
    d = Dialogue(settings, today, backend=backend)
    turns = run_call(d, pms, ["Please cancel my booking", "SOV2002", "Maria Schulz"])
    rb = turns[-1].reply
    assert "Friday, April 10" in rb and terms(settings, "NONREF") in rb


def _weekday_day_month(text: str) -> list[tuple[str, str, int]]:
    return [
        (m.group(1), m.group(2), int(m.group(3)))
        for m in re.finditer(
            r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), "
            r"([A-Z][a-z]+) (\d{1,2})",
            text,
        )  # fmt: skip
    ]


def test_readback_parser_sees_both_dates():
    got = _weekday_day_month("from Friday, March 6 to Sunday, March 8, 2 nights")
    assert got == [("Friday", "March", 6), ("Sunday", "March", 8)]
    assert dt.date(2026, 3, 6).strftime("%A") == "Friday"


def test_a_readback_the_caller_never_heard_is_not_confirmed_by_a_yes(settings, backend, today):
    """In the runtime COMMAND may speak something else than our read-back (STRIKE's reply,
    a busy hand-over, a time-out fallback) without refusing it: a yes must not write."""
    from ipc.messages import Decision, Transcript

    d = dialogue(settings, backend, today)
    pms = FakePms.for_hotel(settings.hotel)
    run_call(d, pms, [BOOK], CALLER)  # the harness reports every verdict: decisions are on
    p = d.on_transcript(Transcript(text="My name is Anna Weber", turn=2))
    assert p.reply.startswith("Shall I book") and d.state.pending.stage == "confirm"
    # the turn was answered by another proposal (approved), ours got no verdict
    d.on_decision(Decision("x", "speak.answer", approved=True, posterior=0.99, threshold=0.85,
                           turn=2))  # fmt: skip
    p = d.on_transcript(Transcript(text="yes", turn=3))
    assert p.action == "speak.ask" and p.reply.startswith("Shall I book")  # read back again
    d.on_decision(Decision("y", "speak.ask", approved=True, posterior=0.99, threshold=0.85,
                           turn=3))  # fmt: skip
    p = d.on_transcript(Transcript(text="yes", turn=4))
    assert p.action == "pms.create" and p.args.guest_name == "Anna Weber"


def test_a_bare_answer_to_our_question_is_understood_with_confidence(settings, scripted, today):
    backend = scripted({"Lukas Brandt": {"intent": "provide_info", "confidence": 0.1}})
    d = dialogue(settings, backend, today)
    pms = FakePms.for_hotel(settings.hotel)
    run_call(d, pms, [BOOK], CALLER)
    assert d.state.asked == "guest_name"
    (t,) = run_call(d, pms, ["Lukas Brandt"], CALLER)
    assert t.proposals[-1].confidence >= 0.85 and t.reply.startswith("Shall I book")


def test_every_question_carries_its_other_words_for_a_refusal(settings, backend, today, pms):
    """COMMAND may refuse a question; INTEL hands it the same question in other words (fixed
    text, no caller data) so the caller can be asked again differently, not sent away."""
    d = dialogue(settings, backend, today)
    (t,) = run_call(d, pms, ["I'd like to book a room next Friday for two nights"], CALLER)
    p = t.proposals[-1]
    assert p.reply == "For how many guests?"
    assert p.args.reask == "How many people will be staying, including yourself?"


def test_a_yes_that_puts_the_decision_off_writes_nothing(settings, scripted, today, pms):
    q = "Okay, I'll think about it and call back. Thanks."
    backend = scripted({q: {"intent": "affirm", "polarity": "affirm"}})  # the old reading
    d = dialogue(settings, backend, today)
    turns = run_call(d, pms, [BOOK, "My name is Anna Weber", q, "yes"], CALLER)
    assert turns[2].reply.startswith("All right, I'll leave everything as it is.")
    assert turns[3].reply == "How can I help you?"  # the yes answered "anything else?"
    assert writes(pms) == [] and d.state.pending is None


@pytest.mark.parametrize("answer", ["uhm stop wait", "Stop, wait.", "ähm warten Sie bitte"])
def test_wait_with_fillers_holds_the_write(settings, backend, today, pms, answer):
    d = dialogue(settings, backend, today)
    run_call(d, pms, [BOOK, "My name is Anna Weber"], CALLER)
    run_call(d, pms, [answer], CALLER)
    assert d.state.pending is None and writes(pms) == []


def test_book_it_to_our_booking_readback_is_a_yes(settings, scripted, today, pms):
    backend = scripted({"Book it.": {"intent": "book", "polarity": ""}})
    d = dialogue(settings, backend, today)
    turns = run_call(d, pms, [BOOK, "My name is Anna Weber", "Book it."], CALLER)
    assert turns[2].actions == ["pms.create", "speak.confirm"]


def test_stay_details_are_a_booking_whatever_the_intent_model_says(settings, scripted, today, pms):
    lookup = "anything free from the 12th of March for two nights for two people?"
    stay = "We'd like to stay 3 nights."
    backend = scripted({lookup: {"intent": "lookup"}, stay: {"intent": "modify"}})
    d = dialogue(settings, backend, today)
    (t,) = run_call(d, pms, [lookup], CALLER)
    assert d.state.task == "book" and t.actions[0] == "pms.availability"
    d = dialogue(settings, backend, today)
    run_call(d, pms, ["I'd like to book a room from the 12th of March"], CALLER)
    assert d.state.asked == "nights"
    run_call(d, pms, [stay], CALLER)  # an answer to our question, not a modification
    assert d.state.task == "book" and d.state.slots["departure"] == "2026-03-15"


# ---- a stay said in other words than a booking request ---------------------------------
def test_unknown_question_naming_a_date_is_an_availability_enquiry(settings, scripted, today, pms):
    q = "how are things looking next Friday?"
    backend = scripted({q: {"intent": "question", "unknown_question": True}})
    d = dialogue(settings, backend, today)
    turns = run_call(d, pms, [q], CALLER)
    assert "don't have that information" not in turns[0].reply and not d.state.offer_human
    assert d.state.task == "book" and turns[0].actions == ["speak.ask"]


def test_unknown_question_without_a_stay_stays_honest(settings, scripted, today, pms):
    q = "is the sauna open late?"
    backend = scripted({q: {"intent": "question", "unknown_question": True}})
    d = dialogue(settings, backend, today)
    turns = run_call(d, pms, [q], CALLER)
    assert "don't have that information" in turns[0].reply and d.state.task != "book"


def test_a_greeting_that_names_a_stay_starts_the_booking(settings, scripted, today, pms):
    hello = "hello there, four nights from next Friday"
    backend = scripted({hello: {"intent": "greeting"}})
    d = dialogue(settings, backend, today)
    turns = run_call(d, pms, [hello], CALLER)
    assert d.state.task == "book" and turns[0].reply == "For how many guests?"


def test_nights_alone_start_a_booking_not_a_lookup(settings, scripted, today, pms):
    d = dialogue(settings, scripted(), today)
    turns = run_call(d, pms, ["it would be three nights"], CALLER)
    assert d.state.task == "book" and "confirmation number" not in turns[0].reply


# ---- new dates for the booking the caller has --------------------------------------------
def _seed_becker(pms):
    pms.seed(confirmation="SOV1001", guest_name="Jonas Becker", phone="+49176",
             arrival="2026-03-20", departure="2026-03-22", guests="2")  # fmt: skip


@pytest.mark.parametrize(
    "first",
    [
        "Could you shift my stay? It is SOV1001 under Jonas Becker.",
        "Ich möchte meine Reservierung SOV1001 verschieben, Jonas Becker.",
    ],
)
def test_a_reference_with_a_change_verb_is_a_modification(settings, scripted, today, pms, first):
    _seed_becker(pms)
    backend = scripted({first: {"intent": "lookup"}})  # the intent model heard a look-up
    d = Dialogue(settings, today, backend=backend)
    run_call(d, pms, [first], CALLER)
    assert d.state.task == "modify"


def test_new_dates_after_a_found_booking_change_it_not_book_again(settings, scripted, today, pms):
    _seed_becker(pms)
    found = "Booking SOV1001, Jonas Becker."
    new = "could we do the 27th to the 29th instead?"
    backend = scripted({found: {"intent": "lookup"}, new: {"intent": "book"}})
    d = Dialogue(settings, today, backend=backend)
    turns = run_call(d, pms, [found, new, "yes"], CALLER)
    assert "change your booking" in turns[1].reply
    assert writes(pms) == [("pms.modify", writes(pms)[0][1])]
    assert writes(pms)[0][1]["arrival"] == "2026-03-27"


def test_another_room_after_a_found_booking_is_a_new_booking(settings, scripted, today, pms):
    _seed_becker(pms)
    found = "Booking SOV1001, Jonas Becker."
    more = "and I'd like another room from the 27th to the 29th"
    backend = scripted({found: {"intent": "lookup"}, more: {"intent": "book"}})
    d = Dialogue(settings, today, backend=backend)
    run_call(d, pms, [found, more], CALLER)
    assert d.state.task == "book"


def test_a_departure_weekday_said_alone_is_after_the_known_arrival(settings, backend, today, pms):
    d = dialogue(settings, backend, today)  # Monday, March 2nd
    run_call(d, pms, ["I need a room from Saturday", "we'll stay until Thursday"], CALLER)
    assert (d.state.slots["arrival"], d.state.slots["departure"]) == ("2026-03-07", "2026-03-12")


def test_the_known_arrival_reaches_the_understanding(settings, backend, today):
    ctx = Context(today=today, lang="de", arrival=dt.date(2026, 3, 14))  # a Saturday
    u = backend.understand("Wir bleiben bis Dienstag.", ctx)
    assert u.slots["departure"] == "2026-03-17"


def test_a_name_given_instead_of_answering_the_reception_offer(settings, scripted, today, pms):
    q = "is there a rooftop bar?"
    backend = scripted({q: {"intent": "question", "unknown_question": True}})
    d = dialogue(settings, backend, today)
    turns = run_call(d, pms, [BOOK + ", a double room"], CALLER)
    assert d.state.asked == "guest_name"
    turns = run_call(d, pms, [q, "Greta Lind."], CALLER)
    assert turns[0].reply.endswith(OFFER_RECEPTION)
    assert "Greta Lind" in turns[1].reply and turns[1].actions == ["speak.ask"]
    assert d.state.slots["guest_name"] == "Greta Lind" and writes(pms) == []
    turns = run_call(d, pms, ["yes"], CALLER)
    assert writes(pms)[0][1]["guest_name"] == "Greta Lind"


def test_yes_to_the_reception_offer_still_transfers(settings, scripted, today, pms):
    q = "is there a rooftop bar?"
    backend = scripted({q: {"intent": "question", "unknown_question": True}})
    d = dialogue(settings, backend, today)
    run_call(d, pms, [BOOK + ", a double room", q], CALLER)
    turns = run_call(d, pms, ["yes please"], CALLER)
    assert turns[0].actions == ["transfer.human"] and writes(pms) == []


def test_a_rate_named_outside_a_booking_chooses_nothing(settings, backend, today, pms):
    d = dialogue(settings, backend, today)
    run_call(d, pms, ["is the flexible rate free to cancel?"], CALLER)
    assert "rate_plan" not in d.state.slots
