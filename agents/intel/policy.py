"""INTEL's policy: from the state and one understood turn, the next step of the call.

The dialogue is a planner, not a script: after every caller turn the slots are
merged (agents/intel/state.py) and the next step is derived from the state. This
module routes the turn — yes, no or wait to our last question, facts, repeats,
colleagues, dates to clarify — and hands the task to its flow: booking
(agents/intel/booking.py) or an existing booking (agents/intel/existing.py).
PMS results come back through ``on_result`` (read by agents/intel/results.py);
every sentence is built by agents/intel/wording.py.

Rules kept here, the receptionist's (the decision core adds its own):
- a write is proposed only as the answer "yes" to the read-back of exactly
  that write, and only when that read-back was the last thing the caller heard
  (``Step.readback``: the facade drops a pending write after any other reply;
  with the decision core's verdicts, only an approved read-back counts);
- "no" or a bare "wait" cancels the pending write; a changed slot gets a new read-back;
- facts the hotel has not configured are said honestly, and a colleague or the
  reception is offered only as the last question, so that the next yes transfers;
- an unsure turn is asked again in other words; the third time a colleague.
"""

from __future__ import annotations

from typing import Any

import msgspec

from agents.intel import reading
from agents.intel import state as st
from agents.intel.booking import Booking
from agents.intel.existing import Existing
from agents.intel.flow import Flow, Step, expects, said_no, said_yes
from agents.intel.hotel_view import HotelView
from agents.intel.state import DialogueState, Pending
from agents.intel.wording import Wording, spell
from agents.understanding.backend import Understanding
from agents.understanding.textnorm import FLAG_CUT
from agents.understanding.texts import spoken_day, spoken_nights
from ipc.actions import ActionKind
from ipc.messages import ActionResult, Decision
from ipc.payloads import (
    Availability,
    BookingsFound,
    FailureCode,
    Modified,
    PmsFailure,
    Reserved,
)

__all__ = ["MAX_NOT_UNDERSTOOD", "Policy", "Step"]

MAX_NOT_UNDERSTOOD = 3
# The open question in other words, per slot asked (COMMAND may ask again differently).
_REASK_OF = {
    "arrival": "reask_dates",
    "nights": "reask_nights",
    "guests": "reask_guests",
    "room_type": "reask_room",
    "guest_name": "reask_name",
    "confirmation": "reask_confirmation",
}
# A value the PMS refused (``PmsFailure.field``) -> the slot asked again, its question, and
# how the caller hears which value it was.
_FIELD_SLOT = {
    "arrival": ("arrival", "ask_dates", "field_arrival"),
    "departure": ("nights", "ask_nights", "field_departure"),
    "guests": ("guests", "ask_guests", "field_guests"),
    "room_type": ("room_type", "reask_room", "field_room_type"),
    "guest_name": ("guest_name", "ask_name", "field_guest_name"),
    "name": ("guest_name", "ask_name_verify", "field_guest_name"),
    "confirmation": ("confirmation", "ask_confirmation", "field_confirmation"),
    "reservation_id": ("confirmation", "ask_confirmation", "field_confirmation"),
}


class Policy(Flow):
    """The next step for one call: routes the turn to the booking or existing-booking flow."""

    def __init__(self, s: DialogueState, hotel: HotelView, words: Wording):
        super().__init__(s, hotel, words)
        self.booking = Booking(s, hotel, words)
        self.existing = Existing(s, hotel, words)

    def transfer(self, reason: str, intent: str = "human") -> Step:
        self.s.outcome = self.s.outcome or "transferred"
        if intent == "human":
            self.s.outcome = "transferred"
        return Step(ActionKind.TRANSFER_HUMAN, self.say("human"), intent, {"reason": reason})

    def turn(self, u: Understanding) -> Step:
        s = self.s
        slots = reading.slots_of(s, self.hotel, u)
        known_stay = s.slots.get("arrival") and s.slots.get("departure")
        if known_stay and (u.intent == "unknown" or reading.asks_off_the_stay(u.text)):
            # a turn not understood, or a question about something else, changes no stay
            # already offered: "do you reckon it'll rain tomorrow" had moved a May stay to
            # tomorrow, read back and answered "yup"
            slots = {k: v for k, v in slots.items() if k not in st.DATE_SLOTS}
        intent = reading.intent_of(s, u, slots)
        if intent != u.intent:
            if intent in reading.TASK_INTENTS and intent != "book":
                # a rule of the reading layer named the task (a change or cancel verb): what
                # the head took for a fact question or a bare statement is that task
                u = msgspec.structs.replace(
                    u, intent=intent, confidence=max(u.confidence, 0.5), facts=(),
                    unknown_question=False,
                )  # fmt: skip
            else:
                u = msgspec.structs.replace(u, intent=intent)
        if s.offer_human:
            s.offer_human = False
            s.asked_before_offer = None
            reason, s.human_reason = s.human_reason, ""
            if not s.was_heard():
                pass  # the offer never reached the caller: this turn answers something else
            elif said_yes(u) or intent == "human":
                s.outcome = s.outcome or "transferred"
                return Step(ActionKind.TRANSFER_HUMAN, self.say("human"), "human",
                            {"reason": "caller accepted a colleague"})  # fmt: skip
            elif said_no(u) and not slots and not reading.asks_something(u):
                return self._declined_colleague(reason)
        if intent == "human":
            return self.transfer("caller asked for a person")
        if intent == "goodbye" and not slots:
            s.outcome = s.outcome or "ended"
            text = self.say("goodbye", hotel=self.hotel.name)
            return Step(ActionKind.CALL_END, text, intent, {"text": text})
        if intent == "repeat":
            return self._repeat()
        if reading.is_stay_enquiry(u, slots) and (not s.task or s.task == "book"):
            # "how does it look on the 6th of October?": no fact of the hotel, but a stay:
            # the caller asks whether a room is free, so that is the booking, not an unknown.
            intent = "book"
            u = msgspec.structs.replace(u, intent=intent, unknown_question=False, facts=())
        if reading.asks_something(u) and intent not in ("repeat", "human"):
            if not s.task and len(slots.keys() & reading.STAY_SLOTS) >= 2:
                st.start_task(s, "book")  # "is anything free from the 7th for two?"
            # "from the 3rd, and is breakfast included?": both count (a name inside a
            # question is more likely a misreading than an answer)
            keep = {k: v for k, v in slots.items() if k != "guest_name"}
            if keep and s.task:
                st.merge(s, keep)
            return self._facts(u)
        task = reading.task_for(s, u, slots)
        if task:
            st.start_task(s, task)
        if reading.answers_asked(s, slots):
            # A bare answer to the question we asked ("Lukas Brandt", "two nights") is what we
            # expected to hear, whatever the intent model makes of it.
            s.last_understanding = max(s.last_understanding, reading.ANSWER_CONFIDENCE)
        if s.clarify is not None:
            return self._resolve_clarify(u, slots)
        if "dates_unsure" in u.conflicts:
            return self._ask_dates_again(slots)
        if "guests_unsure" in u.conflicts and "guests" in s.slots:
            # "oh and I'm bringing my kids": the count known so far may be wrong, and the
            # read-back or offer that named it with it; the plan asks for the count again
            s.slots.pop("guests")
            st.drop_offer(s)
            s.pending = None
        special = self._answer_to_question(u, slots)
        if special is not None:
            return special
        changed = st.merge(s, slots)
        if slots:
            s.not_understood = 0
        if not s.task:
            if intent == "greeting" and not slots.keys() & reading.STAY_SLOTS:
                return Step(
                    ActionKind.SPEAK_ANSWER, self.say("greeting", hotel=self.hotel.name), intent
                )
            if said_yes(u) and not slots:  # "yes" to "anything else?"
                return Step(ActionKind.SPEAK_ASK, self.say("how_help"), intent)
            if intent == "unknown" or not slots:
                return self.not_understood(u)
            # Any part of a stay ("six nights", "for two") starts a booking; a name or a
            # number alone is about a booking the caller has.
            st.start_task(s, "book" if reading.STAY_SLOTS & slots.keys() else "lookup")
        elif (
            not slots
            and not u.polarity
            and intent in ("unknown", "provide_info")
            and (s.task == "book" or s.verified)
        ):
            return self.not_understood(u)
        elif (
            not slots
            and s.asked == "confirmation"
            and not s.pending
            and (said_yes(u) or (start := reading.code_start(u.text)))
        ):
            # "Sure." before reading the number out, or its letters alone ("Sierra, Oscar."),
            # ended as a turn of its own by a pause: the rest comes next; it is waited for
            # (still decoded for characters), no re-ask; the letters are kept for it
            s.code_start = "" if said_yes(u) else start
            return Step(ActionKind.SPEAK_ASK, self.say("go_ahead"), s.task, expect="characters")
        elif not slots and s.asked in _REASK_OF and s.asked_open and u.polarity and not s.pending:
            # A bare "yes"/"no" to "how many nights?" answers nothing: the same words again
            # would get the same answer, so the question is asked in other words.
            return self.not_understood(u)
        nxt = self.plan(u)
        if "rate_plan" in changed and s.offer and s.offer.rate_plan == slots["rate_plan"]:
            # The caller chose a rate: confirm it with its price and terms before going on.
            nxt.text = self.w.join(self.w.rate_chosen(s.offer, s.lang), nxt.text)
            if nxt.action.startswith("speak."):
                nxt.args = None
        return nxt

    def _answer_to_question(self, u: Understanding, slots: dict[str, Any]) -> Step | None:
        """Yes, no or wait to the question we asked last (a read-back, a name, one room)."""
        s = self.s
        if s.pending and s.pending.stage == "confirm":
            if reading.only_wait(u.text):
                s.pending = None
                s.asked = None
                return Step(ActionKind.SPEAK_ASK, self.say("wait"), "deny")
            if reading.puts_off(u.text) and not slots:
                # "okay, I'll think about it and call back": nothing is written
                st.finish_task(s)
                return Step(ActionKind.SPEAK_ASK, self.w.join(self.say("left_as_is"),
                                                     self.say("anything_else")), "deny")  # fmt: skip
            if (
                said_yes(u)
                and reading.says_yes_word(u.text)
                and not reading.mixed_answer(u.text)
                and reading.restates(s.slots, slots)
                and s.was_heard()
            ):
                s.name_confirmed = True
                s.pending.stage = "result"
                return Step(s.pending.action, self.say("ack"), "affirm", dict(s.pending.args))
            if said_no(u):
                # (a booking opened on its digits stays open, still unconfirmed: a "no" to a
                # change's read-back is most often about the new dates; the next read-back
                # names the booking again, and only a yes to one writes)
                s.pending = None
                if not slots and not reading.asks_something(u):
                    s.asked = None
                    return Step(ActionKind.SPEAK_ASK, self.say("denied"), "deny")
            if not slots and not u.polarity and u.intent in ("unknown", "provide_info"):
                return self.not_understood(u)  # says the read-back again
            s.pending = None  # anything but a plain yes: the write waits for a new read-back
            return None
        if s.asked == "name_confirm" and not slots.keys() - {"spelled"}:
            if said_yes(u):
                s.name_confirmed = True
                s.asked = None
                return self.plan()
            if said_no(u):
                s.slots.pop("guest_name", None)
                s.name_confirmed = False
                return self.ask("guest_name", "ask_spell_name")
        if s.asked == "booking_confirm" and not slots.keys() - {"spelled", "guest_name"}:
            if said_yes(u):
                s.unconfirmed = False
                s.asked = None
                return self.plan()
            if said_no(u):
                return self.existing.not_theirs()
        if s.asked == "one_room" and not slots:
            if said_yes(u):
                s.slots["rooms"] = 1
                s.asked = None
                return self.plan()
            if said_no(u):
                st.finish_task(s)
                return Step(ActionKind.SPEAK_ASK, self.say("anything_else"), "deny")
        return None

    def _declined_colleague(self, reason: str) -> Step:
        s = self.s
        if reason == "rooms":
            s.asked = "one_room"
            return Step(ActionKind.SPEAK_ASK, self.say("one_room_instead"), "deny")
        if reason == "group":
            s.slots.pop("guests", None)
            largest = self.hotel.largest_room()
            most = largest.max_guests if largest else 1
            return Step(
                ActionKind.SPEAK_ASK, self.ask_text("guests", "fewer_guests", max=most), "deny"
            )
        if s.task:
            return self.plan()
        return Step(ActionKind.SPEAK_ASK, self.say("how_help"), "deny")

    def _facts(self, u: Understanding) -> Step:
        s = self.s
        keys = list(getattr(u, "facts", ()) or ())
        first = u.intent.removeprefix("fact.") if u.intent.startswith("fact.") else None
        if first and first not in keys:
            keys.insert(0, first)
        unknown = bool(getattr(u, "unknown_question", False))
        if not keys:
            keys = self.hotel.facts_named(u.text)  # never deny what the hotel configured
            unknown = not keys
        answers = []
        for k in keys:
            text = self.hotel.fact(k, s.lang)
            if text:
                answers.append(text)
            else:
                unknown = True
        said = self.w.join(*answers)
        if not s.task:
            s.outcome = s.outcome or "answered"  # told, or honestly not known
        if unknown:
            # Never invent: say we don't know, and offer the reception as the last question.
            text = self.w.join(said, self.say("no_such_fact", **self.reception_kw()))
            # (speak.answer, as STRIKE's own honest answer: either one heard counts)
            return self.offer_human(text, "fact", u.intent, ActionKind.SPEAK_ANSWER)
        if not s.task:
            return Step(ActionKind.SPEAK_ANSWER, said, u.intent)
        nxt = self.plan()
        nxt.text = self.w.join(said, nxt.text)
        nxt.intent = u.intent
        if nxt.action.startswith("speak."):
            nxt.args = None
        return nxt

    def _repeat(self) -> Step:
        s = self.s
        if s.confirmations:
            code = spell(s.confirmations[-1])
            return Step(
                ActionKind.SPEAK_ANSWER,
                self.say("repeat_confirmation", confirmation=code),
                "repeat",
            )
        if s.last_reply:
            # Said again as it was: a read-back repeated is still the last question.
            readback = bool(s.pending and s.pending.stage == "confirm")
            return Step(ActionKind.SPEAK_ASK, s.last_reply, "repeat", readback=readback)
        return Step(ActionKind.SPEAK_ASK, self.say("nothing_to_repeat"), "repeat")

    def not_understood(self, u: Understanding | None = None) -> Step:
        """Asked again in other words; the third time a colleague, as the last question."""
        s = self.s
        s.not_understood += 1
        if s.not_understood >= MAX_NOT_UNDERSTOOD:
            s.not_understood = 0
            return self.offer_human(
                self.w.join(self.say("not_understood").split(". ")[0] + ".", self.say("colleague")),
                "unsure", "unknown", ActionKind.SPEAK_APOLOGISE,
            )  # fmt: skip
        if s.asked == "confirmation":
            s.number_missed += 1  # the number not heard: asked again, with the keypad on a phone
        if u is not None and FLAG_CUT in u.flags:
            return Step(ActionKind.SPEAK_ASK, self.say("cut"), "unknown")
        if s.pending and s.pending.stage == "confirm":
            # Not understood while a read-back waits: say it again, so a yes answers it.
            again = self.plan()
            if again.readback:
                sorry = self.say("not_understood").split(". ")[0] + "."
                again.text = self.w.join(sorry, again.text)
                return again
        return Step(ActionKind.SPEAK_ASK, self.reask(self.say("not_understood").split(". ")[0] + "."),
                    "unknown", expect=expects(s.asked or "", ""))  # fmt: skip

    def keyed(self, digits: str) -> Step:
        """Digits typed on the phone's keypad: the number asked for, exactly as pressed.

        They are the confirmation number's digits: an all-digit number is the number, a code
        with letters is found on its digits part with the close name or the booking's line
        (verification.opened_by "digits") and named in a read-back the caller answers before
        anything is told or written. Typed when no number is asked, they are no answer: the
        caller hears so, and the open question again.
        """
        s = self.s
        if not digits or s.asked != "confirmation" or not s.task:
            readback = bool(s.pending and s.pending.stage == "confirm")
            text = self.w.join(self.say("keypad_unasked"), s.last_reply or self.say("how_help"))
            return Step(ActionKind.SPEAK_ASK, text, s.task or "unknown", readback=readback)
        s.code_start = ""  # letters said before belong to no typed number
        s.not_understood = 0
        st.merge(s, {"confirmation": digits})
        return self.plan()

    def reask_words(self) -> str:
        """The open question in other words, only when it is a fixed sentence (no caller data)."""
        if self.s.asked not in _REASK_OF or (self.s.pending and self.s.pending.stage == "confirm"):
            return ""
        return self.say(_REASK_OF[self.s.asked])

    def reask(self, prefix: str) -> str:
        """The current question in other words (the first wording did not work)."""
        s = self.s
        key = _REASK_OF.get(s.asked or "", "reask_generic")
        if s.asked == "name_confirm" and s.slots.get("guest_name"):
            return self.w.join(prefix, self.w.confirm_name(s.slots["guest_name"], s.lang))
        return self.w.join(prefix, self.say(key))

    def plan(self, u: Understanding | None = None) -> Step:
        s = self.s
        if u is not None and "dates" in u.conflicts and s.clarify is None:
            return self._ask_clarify_dates(u)
        if s.task == "book":
            return self.booking.plan()
        if s.task in ("modify", "cancel", "lookup"):
            return self.existing.plan()
        return Step(ActionKind.SPEAK_ASK, self.say("how_help"), "unknown")

    def _ask_clarify_dates(self, u: Understanding) -> Step:
        s = self.s
        a, d, n = u.slots.get("arrival"), u.slots.get("departure"), u.slots.get("nights")
        others = {k: v for k, v in u.slots.items() if k not in st.DATE_SLOTS}
        st.merge(s, others)
        s.clarify = {"arrival": a, "departure": d, "nights": n}
        span = st.nights_between(a, d) if a and d else 0
        text = self.say(
            "clarify_dates", arrival=self._date(a), departure=self._date(d), span=span, nights=n
        )
        s.asked, s.asked_open = "nights", False  # "which is right?"
        return Step(ActionKind.SPEAK_ASK, text, s.task or "book")

    def _ask_dates_again(self, slots: dict[str, Any]) -> Step:
        """The turn said date words its reading does not explain: the stay's dates are asked
        again, and none kept from before (the caller may have contradicted them), nor a
        read-back that named them. What the turn said for sure stays (the understanding sets
        only those date slots with ``dates_unsure``: "zwischen den Jahren, vier Nächte" keeps
        the four nights, "over Easter" the arrival), and only the missing part is asked."""
        s = self.s
        if not s.task:
            st.start_task(s, "book")
        if any(k in s.slots for k in st.DATE_SLOTS):
            st.drop_offer(s)  # priced for the dates now in doubt
        for k in st.DATE_SLOTS:
            s.slots.pop(k, None)
        st.merge(s, slots)
        s.pending = None
        if "arrival" in slots and "nights" not in slots and "departure" not in slots:
            text = self.say("ask_nights_from", arrival=spoken_day(slots["arrival"], s.lang))
            s.asked, s.asked_open = "nights", True
        elif "nights" in slots and "arrival" not in slots and "departure" not in slots:
            text = self.say("ask_arrival_for", nights=spoken_nights(int(slots["nights"]), s.lang))
            s.asked, s.asked_open = "arrival", True
        else:
            text = self.say("unsure_dates")
            s.asked, s.asked_open = "arrival", True
        return Step(ActionKind.SPEAK_ASK, text, s.task or "book")

    def _date(self, iso: str | None) -> str:
        from agents.understanding.texts import spoken_date

        return spoken_date(iso, self.s.lang) if iso else ""

    def _resolve_clarify(self, u: Understanding, slots: dict[str, Any]) -> Step:
        s = self.s
        c = s.clarify or {}
        s.clarify = None
        if "arrival" in slots or "departure" in slots:
            st.merge(s, slots)
        elif "nights" in slots and slots["nights"] not in (
            c.get("nights"),
            st.nights_between(c["arrival"], c["departure"]) if c.get("departure") else None,
        ):
            # Neither reading asked about was right ("from the 25th to the 26th is 1 night, not
            # 7" answered "2 days"): the arrival both shared is in doubt too, so it is asked
            # again rather than kept (it had been read back and written as said by nobody).
            return self._ask_dates_again(slots)
        elif "nights" in slots:
            s.slots["arrival"] = c["arrival"]
            s.slots["departure"] = st.plus(c["arrival"], slots["nights"])
            s.slots["nights"] = slots["nights"]
        elif said_yes(u):
            s.slots.update(arrival=c["arrival"], departure=c["departure"],
                           nights=st.nights_between(c["arrival"], c["departure"]))  # fmt: skip
        else:
            s.clarify = c
            return self.ask("nights", "ask_dates")
        st.drop_offer(s)
        return self.plan()

    def on_result(self, r: ActionResult) -> Step | None:
        """The PMS's typed answer to our pending action (ipc/payloads.py): no shape guessed."""
        s = self.s
        p = s.pending
        if p is None or p.stage != "result" or p.action != r.action:
            return None
        s.pending = None
        s.last_understanding = 1.0
        res = r.result
        if isinstance(res, PmsFailure):
            return self.on_failure(p, res)
        if not r.ok or res is None:  # a result without its typed failure: say so, never guess
            return self.on_failure(
                p, PmsFailure(code=FailureCode.INTERNAL, message=r.error or "no result")
            )
        if isinstance(res, Availability) and s.task == "modify":
            return self.existing.on_quote(res)
        if isinstance(res, Availability):
            return self.booking.on_offers(res, p.say_first)
        if isinstance(res, BookingsFound):
            return self.existing.on_found(res)
        if not isinstance(res, Reserved | Modified):
            return self.on_failure(
                p,
                PmsFailure(
                    code=FailureCode.INTERNAL,
                    message=f"{type(res).__name__} is no answer to {r.action}",
                ),
            )
        booking = res.reservation
        conf = booking.confirmation or str(s.slots.get("confirmation") or "")
        args = p.args
        if r.action == ActionKind.PMS_CREATE:
            s.outcome = "booked"
            s.slots["confirmation"] = conf
            text = self.w.booked(args, conf, s.lang)
        elif r.action == ActionKind.PMS_MODIFY:
            s.outcome = "modified"
            text = self.w.modified(args, conf, booking.total, s.lang)
        else:
            s.outcome = "cancelled"
            text = self.say("cancelled", confirmation=spell(conf))
        if conf:
            s.confirmations.append(conf)
        st.finish_task(s)
        return Step(
            ActionKind.SPEAK_CONFIRM, self.w.join(text, self.say("anything_else")), r.action
        )

    def on_failure(self, p: Pending, f: PmsFailure) -> Step:
        """A PMS failure answered as a receptionist would (docs/typed-payloads.md):

        - the room was just taken (a create): say so, look again for the same stay and
          offer what is free, with a new read-back before any write;
        - the new dates do not fit (a modify): say so and ask for other dates;
        - the booking is not there (any more): ask for the number again, spelled;
        - a value refused: say which, and ask for it again;
        - the PMS down or too slow: say so honestly and offer the reception (a write
          that timed out may have gone through: the caller is told that, too);
        - anything else (a conflict, an unsupported action, a refusal): the reception.
        """
        s, code = self.s, f.code
        write = p.action in (ActionKind.PMS_CREATE, ActionKind.PMS_MODIFY, ActionKind.PMS_CANCEL)
        if code == FailureCode.ROOM_UNAVAILABLE and p.action == ActionKind.PMS_CREATE:
            return self.booking.room_taken(p)
        if code == FailureCode.ROOM_UNAVAILABLE and p.action == ActionKind.PMS_MODIFY:
            for k in st.DATE_SLOTS:
                s.slots.pop(k, None)
            st.drop_offer(s)
            return self.ask("arrival", "dates_taken")
        if code == FailureCode.NOT_FOUND and p.action in (
            ActionKind.PMS_MODIFY,
            ActionKind.PMS_CANCEL,
            ActionKind.PMS_FIND_BOOKING,
        ):
            # The booking we had is not there (any more): nothing is read out or changed
            # until the caller has proved a booking again.
            s.reservation, s.verification = None, 0.0
            s.slots.pop("confirmation", None)
            s.number_missed += 1
            return self.ask("confirmation", "not_found_spell")
        slot = _FIELD_SLOT.get(f.field or "")
        if code == FailureCode.INVALID_REQUEST and slot is not None:
            name, question, word = slot
            what = self.say(word)
            if name == "arrival":
                st.forget_dates(s, keep_nights=True)
            elif name == "nights":  # the departure: the arrival stays, the length is asked
                for k in ("departure", "nights"):
                    s.slots.pop(k, None)
                st.drop_offer(s)
            else:
                s.slots.pop(name, None)
                st.drop_offer(s)
            if name == "confirmation":
                s.number_missed += 1
            return self.ask(name, question, prefix=self.say("invalid_value", what=what))
        s.outcome = "pms_error"
        reception = self.reception_kw()
        if code == FailureCode.TIMEOUT:
            key = "pms_slow_write" if write else "pms_slow"
        elif code == FailureCode.OUTCOME_UNKNOWN and write:
            # the PMS never confirmed the write either way (connectors/exactly_once.py)
            key = "pms_slow_write"
        elif code == FailureCode.VENDOR_UNAVAILABLE:
            key = "pms_down"
        elif code == FailureCode.CONFLICT:
            key = "conflict"
        elif code == FailureCode.UNSUPPORTED:
            key = "unsupported"
        else:  # auth, internal, refused, a value we cannot ask again for
            key = "pms_error"
        return self.offer_human(
            self.say(key, **reception), "error", s.task, ActionKind.SPEAK_APOLOGISE
        )

    def on_approved(self, decision: Decision) -> None:
        """Our last proposal was approved, so it is what the caller hears: now a yes can count."""
        s = self.s
        if decision.action == s.said and decision.turn in (0, s.said_turn):
            s.heard = True

    def on_rejected(self, decision: Decision) -> Step:
        s = self.s
        if s.pending and (s.pending.action == decision.action or s.pending.stage == "confirm"):
            # Whatever the caller heard instead, it was not our read-back: no yes can count.
            s.pending = None
        if decision.fallback == ActionKind.FALLBACK_DECLINE:
            return Step(ActionKind.SPEAK_APOLOGISE, self.say("decline"), s.task)
        if (
            decision.action.startswith(("pms.", "transfer."))
            or decision.fallback == ActionKind.FALLBACK_OFFER_HUMAN
        ):
            return self.offer_human(
                self.say("rejected"), "error", s.task, ActionKind.SPEAK_APOLOGISE
            )
        return Step(
            ActionKind.SPEAK_ASK, self.reask(self.say("rejected_ask").split(". ")[0] + "."), s.task
        )
