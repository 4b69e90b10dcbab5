"""INTEL's dialogue parts on their own: hotel view, wording, results, state, policy (no model).

The hotel here is written in the new schema of issue 11 (names, terms and facts per
language, phrases, reception), so these tests also show the dialogue is ready for it.
"""

from __future__ import annotations

import datetime as dt
import decimal
from types import SimpleNamespace as NS

import pytest

from agents.intel import results
from agents.intel import state as st
from agents.intel.dialogue import Dialogue
from agents.intel.hotel_view import HotelView
from agents.intel.policy import Policy
from agents.intel.state import DialogueState, Pending
from agents.intel.wording import Wording, spell, spell_name
from agents.understanding.backend import Context, Understanding, UnderstandingBackend
from bench.brain_harness import FakePms, run_call
from config.sections.hotel import HotelConfig
from ipc.payloads import Booking, Money, Offer

TODAY = dt.date(2026, 3, 2)


def new_schema_hotel(**over):
    """Settings with only a hotel: a lakeside hotel in the site-file schema (issue 11)."""
    hotel = {
        "hotel_id": "h1", "name": "Haus am See", "languages": ["en", "de"], "max_stay_nights": 14,
        "facts": {
            "sauna": {"text": {"en": "The sauna opens at 4 pm.", "de": "Die Sauna öffnet um 16 Uhr."}},
            "bikes": {"text": {"de": "Fahrräder gibt es an der Rezeption."}},
        },
        "room_types": [
            {"code": "K1", "name": {"en": "lake view room", "de": "Seeblickzimmer"}, "count": 3,
             "max_guests": 2, "rate": "150.00"},
            {"code": "FAM", "name": {"en": "family suite", "de": "Familiensuite"}, "count": 1,
             "max_guests": 5, "rate": "300.00", "article": {"de": "eine"}},
        ],
        "rate_plans": [
            {"code": "SAVER", "name": {"en": "saver rate", "de": "Spartarif"}, "factor": "0.8",
             "refundable": False, "cancellation": {"en": "no refund at all", "de": "keine Erstattung"}},
            {"code": "STD", "name": {"en": "standard rate", "de": "Standardtarif"}, "factor": "1",
             "default": True,
             "cancellation": {"en": "free cancellation until 2 days before arrival",
                              "de": "kostenlos stornierbar bis 2 Tage vor Anreise"}},
        ],
        "reception": {"name": {"en": "our front desk", "de": "unsere Rezeption"}},
        "phrases": {"en": {"ask_guests": "How many of you are coming?"}},
    }  # fmt: skip
    hotel.update(over)
    return NS(hotel=HotelConfig(**hotel))


# ---- hotel view --------------------------------------------------------------------------
def test_hotel_view_reads_the_new_schema():
    h = HotelView(new_schema_hotel())
    assert (
        h.room_name("K1", "de") == "Seeblickzimmer" and h.room_name("K1", "fr") == "lake view room"
    )
    assert h.default_rate().code == "STD" and h.rate("SAVER").refundable is False
    assert h.cancellation("STD", "de") == "kostenlos stornierbar bis 2 Tage vor Anreise"
    assert h.reception("en") == "our front desk" and h.max_stay_nights == 14
    assert h.fact("sauna", "de") == "Die Sauna öffnet um 16 Uhr."
    assert h.fact("bikes", "en") is None  # not in English: offer reception, don't translate
    assert h.largest_room().code == "FAM" and h.rate_in("the saver rate please") == "SAVER"


def test_hotel_view_other_language_when_configured():
    h = HotelView(new_schema_hotel(missing_fact="other_language"))
    assert h.fact("bikes", "en") == "Fahrräder gibt es an der Rezeption."


def test_hotel_view_of_the_demo_hotel(settings):
    h = HotelView(settings)
    assert h.room_name("DBL", "de") == "Doppelzimmer" and h.room_name("SUI", "en") == "suite"
    assert h.default_rate().code == "FLEX"  # refundable, although listed with a cheaper one
    assert h.rate_in("the non-refundable one") == "NONREF" and h.rate_in("no idea") is None


def test_default_rate_is_never_silently_non_refundable():
    plans = new_schema_hotel().hotel.model_dump()["rate_plans"]
    for rp in plans:
        rp["default"] = False  # nobody marked a default: the refundable plan, not the first listed
    assert HotelView(new_schema_hotel(rate_plans=plans)).default_rate().code == "STD"


# ---- wording -----------------------------------------------------------------------------
def test_wording_uses_hotel_names_phrases_and_articles():
    w = Wording(HotelView(new_schema_hotel()))
    assert w.say("ask_guests", "en") == "How many of you are coming?"  # the hotel's phrase
    assert w.say("ask_guests", "de") == "Für wie viele Personen?"  # texts.py default
    assert (
        w.a_room("FAM", "de") == "eine Familiensuite" and w.a_room("K1", "en") == "a lake view room"
    )
    assert w.the_room("FAM", "de") == "Die Familiensuite"
    args = {"guest_name": "Eva Ott", "arrival": "2026-03-06", "departure": "2026-03-09",
            "guests": 2, "room_type": "K1", "rate_plan": "STD"}  # fmt: skip
    rb = w.confirm_book(args, _eur("450.00"), "en", spelled=False)
    assert rb == (
        "Shall I book a lake view room from Friday, March 6 to Monday, March 9, 3 nights, "
        "for 2 guests under the name Eva Ott, at 450.00 EUR in total "
        "(standard rate: free cancellation until 2 days before arrival)?"
    )
    assert "K1" not in w.confirm_book(args, _eur("450.00"), "de", spelled=True)


def test_spelling():
    assert spell("sov9001") == "S O V 9 0 0 1"
    assert spell_name("Eva Ott") == "E V A - O T T"


# ---- results -----------------------------------------------------------------------------
def _eur(amount: str) -> Money:
    return Money(amount=decimal.Decimal(amount), currency="EUR")


def _offer(offer_id: str, room: str, rate: str | None, amount: str) -> Offer:
    return Offer(offer_id=offer_id, room_type=room, rate_plan=rate, total=_eur(amount),
                 arrival=dt.date(2026, 3, 6), departure=dt.date(2026, 3, 8), nights=2,
                 guests=2)  # fmt: skip


OFFERS = [
    _offer("a", "K1", "SAVER", "360.00"),
    _offer("b", "K1", "STD", "450.00"),
    _offer("c", "FAM", "STD", "900.00"),
]


def test_pick_offer_never_substitutes_another_rate():
    assert results.pick_offer(OFFERS, None, "STD").offer_id == "b"
    assert results.pick_offer(OFFERS, "FAM", "SAVER") is None
    assert results.pick_offer([_offer("x", "K1", None, "1.00")], "K1", "STD").offer_id == "x"
    assert [o.offer_id for o in results.other_rates(OFFERS, OFFERS[1])] == ["a"]


def _found(confirmation: str, name: str, status: str = "confirmed", phone: str | None = None):
    return Booking(reservation_id="R-" + confirmation, confirmation=confirmation, status=status,
                   arrival=dt.date(2026, 3, 6), departure=dt.date(2026, 3, 8), nights=2,
                   room_type="K1", guests=3, guest_name=name, phone=phone)  # fmt: skip


def test_best_verified_takes_the_active_booking_that_proves_the_caller():
    gone = _found("C1", "Eva Ott", status="cancelled")
    other = _found("C2", "Max Muster")
    own = _found("C3", "Eva Ott")
    best, score = results.best_verified([gone, other, own], "C3", "Eva Ott", None)
    assert best is own and score == 1.0
    # a cancelled booking proves nothing, and a wrong number is never outweighed
    assert results.best_verified([gone], "C1", "Eva Ott", None) == (None, 0.0)
    assert results.best_verified([other], "C9", "Max Muster", None) == (None, 0.0)


# ---- state -------------------------------------------------------------------------------
def test_merge_keeps_nights_moves_departure_and_drops_a_changed_write():
    s = DialogueState(today=TODAY.isoformat(), task="book")
    st.merge(s, {"arrival": "2026-03-06", "nights": 2})
    assert s.slots["departure"] == "2026-03-08"
    st.merge(s, {"arrival": "2026-03-10"})
    assert s.slots["departure"] == "2026-03-12"  # the known length of stay is kept
    s.pending = Pending("pms.create", {}, "confirm")
    changed = st.merge(s, {"nights": 3})
    assert s.slots["departure"] == "2026-03-13" and "dates" in changed and s.pending is None
    s.pending = Pending("pms.create", {}, "confirm")
    assert st.merge(s, {"guests": 2}) == {"guests"} and s.pending is None
    s.pending = Pending("pms.create", {}, "confirm")
    assert st.merge(s, {"guests": 2}) == set() and s.pending is not None  # same value: no change


def test_merge_of_a_new_name_unconfirms_it():
    s = DialogueState(today=TODAY.isoformat(), asr_confidence=0.7)
    st.merge(s, {"guest_name": "Eva Ott"})
    s.name_confirmed = True
    st.merge(s, {"guest_name": "Eva Ott"})
    assert s.name_confirmed
    st.merge(s, {"guest_name": "Eva Otto", "spelled": True})
    assert not s.name_confirmed and s.name_spelled and s.name_asr == 0.7


# ---- policy and facade without the model -------------------------------------------------
class Canned(UnderstandingBackend):
    """Understandings by text: the policy tested without MiniLM."""

    name = "canned"

    def __init__(self, table: dict[str, dict]):
        self.table = table

    def understand(self, text: str, ctx: Context) -> Understanding:
        spec = dict(self.table.get(text, {"intent": "unknown"}))
        spec.setdefault("confidence", 0.95)
        spec.setdefault("lang", ctx.lang)
        return Understanding(text=text, **spec)


CANNED = {
    "book": {"intent": "book", "slots": {"arrival": "2026-03-06", "nights": 3, "guests": 2}},
    "name": {"intent": "provide_info", "slots": {"guest_name": "Eva Ott"}},
    "yes": {"intent": "affirm", "polarity": "affirm"},
    "saver": {"intent": "provide_info", "slots": {"rate_plan": "SAVER"}},
    "zwei": {
        "intent": "book",
        "lang": "de",
        "slots": {"arrival": "2026-03-06", "nights": 3, "guests": 2},
    },  # fmt: skip
    "sechs": {"intent": "book", "slots": {"arrival": "2026-03-06", "nights": 1, "guests": 6}},
    "long": {"intent": "book", "slots": {"arrival": "2026-03-06", "nights": 20, "guests": 1}},
}


def test_a_whole_booking_in_a_new_schema_hotel_without_the_model():
    settings = new_schema_hotel()
    pms = FakePms.for_hotel(settings.hotel)
    d = Dialogue(settings, TODAY, "+4930", backend=Canned(CANNED))
    turns = run_call(d, pms, ["book", "name", "saver", "yes"], "+4930")
    assert "standard rate" in turns[0].reply and "saver rate costs 360.00 EUR" in turns[0].reply
    assert "lake view room" in turns[1].reply and "free cancellation" in turns[1].reply
    assert "saver rate: no refund at all" in turns[2].reply and "360.00 EUR" in turns[2].reply
    create = [c for c in pms.calls if c[0] == "pms.create"][-1][1]
    assert create["rate_plan"] == "SAVER" and create["offer_id"].startswith("O-K1-SAVER")


def test_policy_limits_in_a_new_schema_hotel():
    settings = new_schema_hotel()
    d = Dialogue(settings, TODAY, backend=Canned(CANNED))
    pms = FakePms(settings.hotel.room_types)
    (t,) = run_call(d, pms, ["sechs"])
    assert "Our largest room, the family suite, takes at most 5 guests" in t.reply
    assert t.reply.endswith("Shall I connect you with our front desk?")
    d = Dialogue(settings, TODAY, backend=Canned(CANNED))
    (t,) = run_call(d, pms, ["long"])
    assert t.reply.startswith("I can book at most 14 nights") and pms.calls == []


def test_german_caller_hears_german_names():
    settings = new_schema_hotel()
    d = Dialogue(settings, TODAY, backend=Canned(CANNED))
    (t,) = run_call(d, FakePms(settings.hotel.room_types), ["zwei"])
    assert "ein Seeblickzimmer von Freitag, 6. März bis Montag, 9. März, 3 Nächte" in t.reply


@pytest.mark.parametrize("reply", ["speak.ask", "speak.answer", "speak.apologise"])
def test_facade_drops_a_pending_write_after_any_other_reply(reply):
    d = Dialogue(new_schema_hotel(), TODAY, backend=Canned(CANNED))
    d.state.pending = Pending("pms.create", {"guest_name": "X"}, "confirm")
    from agents.intel.policy import Step

    d._emit(Step(reply, "Something else.", "unknown"))
    assert d.state.pending is None
    d.state.pending = Pending("pms.create", {"guest_name": "X"}, "confirm")
    d._emit(Step("speak.ask", "Shall I book ...?", "book", readback=True))
    assert d.state.pending is not None


def test_policy_is_usable_on_a_bare_state():
    s = DialogueState(today=TODAY.isoformat())
    hv = HotelView(new_schema_hotel())
    p = Policy(s, hv, Wording(hv))
    step = p.turn(Understanding(intent="book", confidence=0.9, text="book"))
    assert (step.action, step.text) == ("speak.ask", "For which dates would you like to stay?")
    assert s.task == "book" and s.asked == "arrival"


def test_a_question_the_hotel_configured_is_never_answered_with_i_dont_know():
    settings = new_schema_hotel(
        facts={"sauna": {"text": {"en": "The sauna opens at 4 pm."}, "keywords": ["sauna", "spa"]}}
    )
    table = {"sauna?": {"intent": "question", "slots": {}}}
    d = Dialogue(settings, TODAY, backend=Canned(table))
    (t,) = run_call(d, FakePms(settings.hotel.room_types), ["sauna?"])
    assert t.reply == "The sauna opens at 4 pm." and not d.state.offer_human
    assert HotelView(settings).facts_named("Do you have a Spa, or a pool?") == ["sauna"]


def test_a_chosen_rate_not_sold_for_the_stay_falls_back_to_the_default():
    plans = new_schema_hotel().hotel.model_dump()["rate_plans"]
    plans[0]["room_types"] = ["FAM"]  # the saver rate is sold for the family suite only
    settings = new_schema_hotel(rate_plans=plans)
    pms = FakePms(settings.hotel.room_types, rate_plans=[{"code": "STD", "factor": "1"}])
    table = {**CANNED, "book saver": {"intent": "book", "slots": {
        "arrival": "2026-03-06", "nights": 3, "guests": 2, "room_type": "K1", "rate_plan": "SAVER"}}}  # fmt: skip
    d = Dialogue(settings, TODAY, "+4930", backend=Canned(table))
    (t,) = run_call(d, pms, ["book saver"], "+4930")
    assert "I have a lake view room" in t.reply and "standard rate" in t.reply
    assert d.state.offer.rate_plan == "STD"


# ---- reading a turn against the call -----------------------------------------------------
def test_reading_a_turn_against_the_call():
    from agents.intel import reading

    assert reading.only_wait("uhm stop wait") and reading.only_wait("Einen Moment bitte")
    assert not reading.only_wait("wait, make it three nights")
    assert reading.puts_off("okay, I'll think about it") and not reading.puts_off("yes please")
    s = DialogueState(today=TODAY.isoformat(), task="book", asked="nights")
    u = Understanding(intent="modify", confidence=0.9, text="we'd like to stay three nights")
    assert reading.task_for(s, u, {"nights": 3}) is None  # an answer, not a modification
    s = DialogueState(today=TODAY.isoformat(), task="lookup")
    assert reading.task_for(s, u, {"arrival": "2026-03-06"}) == "book"
    s = DialogueState(today=TODAY.isoformat(), task="cancel", slots={"confirmation": "C1"})
    s.pending = Pending("pms.cancel", {}, "confirm")
    cancel_it = Understanding(intent="cancel", confidence=0.9, text="cancel it")
    assert reading.intent_of(s, cancel_it, {}) == "affirm"
    assert reading.intent_of(s, cancel_it, {"confirmation": "C2"}) == "cancel"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("dann lieber den nicht ähm erstattbaren", "NONREF"),
        ("the non uh refundable one", "NONREF"),
        ("okay the uh flexible one", "FLEX"),
        ("ohne also erstattung bitte", "NONREF"),
    ],
)
def test_a_rate_named_through_fillers(settings, text, code):
    assert HotelView(settings).rate_in(text) == code


# German verbs that name the task, whatever the intent head made of the words (issue 10).
def _said(text: str, intent: str, slots: dict | None = None, confidence: float = 0.4):
    return Understanding(
        intent=intent, confidence=confidence, text=text, slots=slots or {}, lang="de"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Die Reservierung brauchen wir leider nicht mehr.",
        "Ich sage die Buchung ab, wir sind krank.",  # absagen, separable
        "bitte die Buchung streichen",
        "wir müssen vom Vertrag zurücktreten",
        "ich will das stornieren lassen",
    ],
)
def test_a_cancel_verb_at_the_start_is_a_cancellation(text):
    from agents.intel import reading

    s = DialogueState(today=TODAY.isoformat())
    for head in ("book", "provide_info", "unknown"):
        u = _said(text, head)
        assert reading.intent_of(s, u, dict(u.slots)) == "cancel"


def test_a_cancel_verb_does_not_end_a_booking_in_progress_or_a_new_one():
    from agents.intel import reading

    s = DialogueState(today=TODAY.isoformat(), task="book")
    u = _said("das Frühstück brauchen wir nicht mehr", "provide_info")
    assert reading.intent_of(s, u, {}) == "provide_info"
    s = DialogueState(today=TODAY.isoformat())
    u = _said("noch ein Zimmer, das andere sage ich ab", "book")
    assert reading.intent_of(s, u, {}) == "book"  # another room: not only a cancellation
    u = _said("kann ich kostenlos stornieren?", "question")
    assert reading.intent_of(s, u, {}) == "question"  # a question about the terms


def test_auf_legen_with_a_booking_reference_is_a_change():
    from agents.intel import reading

    s = DialogueState(today=TODAY.isoformat())
    slots = {"confirmation": "SOV4711", "arrival": "2026-03-13", "departure": "2026-03-15"}
    for head in ("provide_info", "book", "fact.parking"):
        u = _said("Buchung SOV4711, kann man die auf nächstes Wochenende legen?", head, slots)
        assert reading.intent_of(s, u, slots) == "modify"
    ref = {"confirmation": "SOV4711"}  # what the sentence gives: no dates (with dates, a change)
    u = _said("Buchung SOV4711, legen Sie bitte ein Kinderbett ins Zimmer", "provide_info", ref)
    assert reading.intent_of(s, u, ref) == "provide_info"  # no "auf": no new days


def test_a_konjunktiv_stay_at_the_start_is_a_booking_not_a_change():
    from agents.intel import reading

    s = DialogueState(today=TODAY.isoformat())
    slots = {"arrival": "2026-03-06", "departure": "2026-03-08", "nights": 2}
    u = _said("wir kämen dann am Freitag, zwei Nächte wären das", "modify", slots, 0.35)
    assert reading.intent_of(s, u, slots) == "book"
    u = _said("statt Freitag kämen wir lieber am Samstag", "modify", slots, 0.35)
    assert reading.intent_of(s, u, slots) == "modify"  # "statt": a change of something
    u = _said("wir kämen am Freitag, zwei Nächte", "modify", slots, 0.9)
    assert reading.intent_of(s, u, slots) == "modify"  # a sure head is left alone


def test_details_repeated_then_a_yes_confirm_the_read_back():
    from agents.intel import reading

    s = DialogueState(today=TODAY.isoformat(), task="book", slots={"nights": 3, "room_type": "TWN"})
    s.pending = Pending(action="pms.create", args={}, stage="confirm")
    u = _said("Das Zweibettzimmer für drei Nächte, ja, genau so.", "provide_info",
              {"nights": 3, "room_type": "TWN"})  # fmt: skip
    assert reading.intent_of(s, u, dict(u.slots)) == "affirm"
    u = _said("Das Zweibettzimmer für vier Nächte, ja, genau so.", "provide_info",
              {"nights": 4, "room_type": "TWN"})  # fmt: skip
    assert reading.intent_of(s, u, dict(u.slots)) == "provide_info"  # a change is no yes
    u = _said("Das Zweibettzimmer für drei Nächte, ja nicht", "provide_info",
              {"nights": 3, "room_type": "TWN"})  # fmt: skip
    assert reading.intent_of(s, u, dict(u.slots)) == "provide_info"


@pytest.mark.parametrize(
    ("intent", "conf", "text", "slots", "expected"),
    [
        # the booking's reference with new dates changes that booking (no change verb said)
        ("book", 0.9, "we can't come then, could it be the 3rd to the 5th instead, "
         "ref S O V 1 2 3 4", {"confirmation": "SOV1234", "arrival": "2026-04-03"}, "modify"),
        # inflected and spoken change verbs
        ("book", 0.9, "the conference got postponed, my code is SOV-5555",
         {"confirmation": "SOV5555"}, "modify"),
        ("provide_info", 0.9, "kennan mia des verschiebn, SOV-5555", {"confirmation": "SOV5555"},
         "modify"),
        # a new booking beside the one the caller has stays a booking
        ("book", 0.9, "I'd like another room for the 3rd, my other booking is SOV-1234",
         {"confirmation": "SOV1234", "arrival": "2026-04-03"}, "book"),
        # a verb that calls the stay off beats an unsure guess of a change
        ("modify", 0.45, "ich muss meine Reservation leider annullieren", {}, "cancel"),
        ("modify", 0.9, "ich muss meine Reservation leider annullieren", {}, "modify"),
        ("modify", 0.45, "can I change it, or else cancel it", {}, "modify"),
    ],
)  # fmt: skip
def test_intent_against_the_call(intent, conf, text, slots, expected):
    from agents.intel.reading import intent_of

    u = Understanding(intent=intent, confidence=conf, text=text, slots=slots)
    assert intent_of(DialogueState(today=TODAY.isoformat()), u, slots) == expected


@pytest.mark.parametrize(
    ("text", "greets"),
    [
        ("servus beinand", True),
        ("hiya mate, how are you doing", True),
        ("moin, wie geht's dir", True),
        ("g'day everyone", True),
        ("hello, Oona Brannigan here", False),  # a name: an answer, not a greeting alone
        ("hi, a room for Friday please", False),
        ("okay so", False),  # no greeting word at all
    ],
)
def test_a_turn_of_greeting_words_alone_is_a_greeting(text, greets):
    from agents.intel.reading import intent_of, only_greets

    assert only_greets(text) is greets
    u = Understanding(intent="provide_info", confidence=0.4, text=text)
    expected = "greeting" if greets else "provide_info"
    assert intent_of(DialogueState(today=TODAY.isoformat()), u, {}) == expected
