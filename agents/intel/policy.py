"""INTEL's policy: from the state and one understood turn, the next step of the call.

The dialogue is a planner, not a script: after every caller turn the slots are
merged (agents/intel/state.py) and the next step is derived from the state —
ask what is missing, read the PMS, offer, read back, and only after a yes to
that read-back propose the write. PMS results come back through ``on_result``
(read by agents/intel/results.py); every sentence is built by
agents/intel/wording.py.

Rules kept here, the receptionist's (the decision core adds its own):
- a write is proposed only as the answer "yes" to the read-back of exactly
  that write, and only when that read-back was the last thing we asked
  (``Step.readback``; the facade drops a pending write after any other reply);
- every read-back names weekday, day and month, nights, guests, room, name,
  total and the rate's cancellation terms; the default (refundable) rate
  unless the caller chose another after hearing its terms;
- a name is read back (spelled back when speech recognition was unsure) and
  nothing is written under a name the caller did not confirm;
- what we can't do (several rooms, a group larger than any room, facts the
  hotel has not configured) is said honestly, and a colleague is offered
  only as the last question, so that the next "yes" really transfers;
- no booking is read, changed or cancelled before the caller is verified
  (confirmation number + name, or the call comes from the booking's phone),
  and an unverified caller hears nothing about the booking found.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import msgspec

from agents.intel import results
from agents.intel import state as st
from agents.intel import verification as verify
from agents.intel.hotel_view import HotelView
from agents.intel.state import DialogueState, Pending
from agents.intel.wording import Wording, spell
from agents.understanding.backend import TASK_INTENTS, Understanding
from agents.understanding.textnorm import FLAG_CUT
from agents.understanding.texts import spoken_day
from ipc.messages import ActionResult, Decision

MAX_NOT_UNDERSTOOD = 3
# A name from speech below this ASR confidence is spelled back in the read-back; below
# NAME_CONFIRM_BELOW (recognition very unsure) it is spelled back as its own question first.
NAME_SPELL_BELOW = 0.9
NAME_CONFIRM_BELOW = 0.6
_WAIT = re.compile(
    r"^\W*(?:(?:wait|hold on|hang on)(?: a| one)?(?: (?:moment|second|sec|minute))?|"
    r"(?:just )?(?:a|one) (?:moment|second|sec|minute)|moment|"
    r"warten sie(?: bitte)?(?: kurz)?|warte(?: mal)?|einen (?:moment|augenblick)|augenblick|"
    r"sekunde)\b[\s,.!]*(?:please|bitte)?[\s,.!]*",
    re.IGNORECASE,
)
_QUESTION_OF = {
    "arrival": ("ask_dates", "reask_dates"),
    "nights": ("ask_nights", "reask_nights"),
    "guests": ("ask_guests", "reask_guests"),
    "room_type": ("ask_room_type", "reask_room"),
    "guest_name": ("ask_name", "reask_name"),
    "confirmation": ("ask_verification", "reask_confirmation"),
}


class Step(msgspec.Struct):
    """What to do next: an action, what to say, and whether it ends with the pending read-back."""

    action: str
    text: str
    intent: str
    args: dict[str, Any] | None = None
    readback: bool = False


def _yes(u: Understanding) -> bool:
    return u.polarity == "affirm" or u.intent == "affirm"


def _no(u: Understanding) -> bool:
    return u.polarity == "deny" or u.intent == "deny"


class Policy:
    """The next step for one call; holds no state of its own beyond the DialogueState."""

    def __init__(self, s: DialogueState, hotel: HotelView, words: Wording):
        self.s = s
        self.hotel = hotel
        self.w = words

    @property
    def today(self) -> dt.date:
        return dt.date.fromisoformat(self.s.today)

    # ---- small builders ----------------------------------------------------------------
    def say(self, key: str, **kw: Any) -> str:
        return self.w.say(key, self.s.lang, **kw)

    def step(self, action: str, text: str, intent: str, args: dict | None = None) -> Step:
        return Step(action, text, intent, args)

    def ask(self, slot: str, key: str, prefix: str = "") -> Step:
        self.s.asked = slot
        return Step("speak.ask", self.w.join(prefix, self.say(key)), self.s.task or "unknown")

    def offer_human(
        self, text: str, reason: str, intent: str = "", action: str = "speak.ask"
    ) -> Step:
        """A colleague offered as the LAST question: the next yes is a real transfer."""
        self.s.offer_human = True
        self.s.human_reason = reason
        self.s.asked = None
        return Step(action, text, intent or self.s.task or "unknown")

    def transfer(self, reason: str, intent: str = "human") -> Step:
        self.s.outcome = self.s.outcome or "transferred"
        if intent == "human":
            self.s.outcome = "transferred"
        return Step("transfer.human", self.say("human"), intent, {"reason": reason})

    def reception(self) -> str:
        return self.hotel.reception(self.s.lang)

    # ---- one caller turn ---------------------------------------------------------------
    def turn(self, u: Understanding) -> Step:
        s = self.s
        intent = u.intent
        slots = self._slots_of(u)
        if s.offer_human:
            s.offer_human = False
            reason, s.human_reason = s.human_reason, ""
            if not s.was_heard():
                pass  # the offer never reached the caller: this turn answers something else
            elif _yes(u) or intent == "human":
                s.outcome = s.outcome or "transferred"
                return Step("transfer.human", self.say("human"), "human",
                            {"reason": "caller accepted a colleague"})  # fmt: skip
            elif _no(u) and not slots and not self._asks_something(u):
                return self._declined_colleague(reason)
        if intent == "human":
            return self.transfer("caller asked for a person")
        if intent == "goodbye" and not slots:
            s.outcome = s.outcome or "ended"
            text = self.say("goodbye", hotel=self.hotel.name)
            return Step("call.end", text, intent, {"text": text})
        if intent == "repeat":
            return self._repeat()
        if self._asks_something(u) and intent not in ("repeat", "human"):
            return self._facts(u)
        if intent in TASK_INTENTS and intent != s.task and u.confidence >= 0.3:
            st.start_task(s, intent)
        if s.clarify is not None:
            return self._resolve_clarify(u, slots)
        special = self._answer_to_question(u, slots)
        if special is not None:
            return special
        changed = st.merge(s, slots)
        if slots:
            s.not_understood = 0
        if not s.task:
            if intent == "greeting":
                return Step("speak.answer", self.say("greeting", hotel=self.hotel.name), intent)
            if intent == "unknown" or not slots:
                return self.not_understood(u)
            st.start_task(
                s, "book" if {"arrival", "guests", "room_type"} & slots.keys() else "lookup"
            )
        elif (
            not slots
            and not u.polarity
            and intent in ("unknown", "provide_info")
            and (s.task == "book" or s.verified)
        ):
            return self.not_understood(u)
        nxt = self.plan(u)
        if "rate_plan" in changed and s.offer and s.offer.get("rate_plan") == slots["rate_plan"]:
            # The caller chose a rate: confirm it with its price and terms before going on.
            nxt.text = self.w.join(self.w.rate_chosen(s.offer, s.lang), nxt.text)
            if nxt.action.startswith("speak."):
                nxt.args = None
        return nxt

    def _slots_of(self, u: Understanding) -> dict[str, Any]:
        """The turn's slots, plus a rate the caller names (hotel-specific words) while booking."""
        slots = dict(u.slots)
        if "rate_plan" not in slots and (self.s.task == "book" or u.intent == "book"):
            rate = self.hotel.rate_in(u.text)
            if rate:
                slots["rate_plan"] = rate
                # The hotel's own rate name, said: as sure as a bare answer to our question.
                self.s.last_understanding = max(self.s.last_understanding, 0.85)
        return slots

    def _answer_to_question(self, u: Understanding, slots: dict[str, Any]) -> Step | None:
        """Yes, no or wait to the question we asked last (a read-back, a name, one room)."""
        s = self.s
        if s.pending and s.pending.stage == "confirm":
            wait = _WAIT.match(u.text)
            if wait and not u.text[wait.end() :].strip(" .,!?"):  # only "wait", nothing else
                s.pending = None
                s.asked = None
                return Step("speak.ask", self.say("wait"), "deny")
            if _yes(u) and self._restates(slots) and s.was_heard():
                s.name_confirmed = True
                s.pending.stage = "result"
                return Step(s.pending.action, self.say("ack"), "affirm", dict(s.pending.args))
            if _no(u):
                s.pending = None
                if not slots and not self._asks_something(u):
                    s.asked = None
                    return Step("speak.ask", self.say("denied"), "deny")
            s.pending = None  # anything but a plain yes: the write waits for a new read-back
            return None
        if s.asked == "name_confirm" and not slots.keys() - {"spelled"}:
            if _yes(u):
                s.name_confirmed = True
                s.asked = None
                return self.plan()
            if _no(u):
                s.slots.pop("guest_name", None)
                s.name_confirmed = False
                return self.ask("guest_name", "ask_spell_name")
        if s.asked == "one_room" and not slots:
            if _yes(u):
                s.slots["rooms"] = 1
                s.asked = None
                return self.plan()
            if _no(u):
                st.finish_task(s)
                return Step("speak.ask", self.say("anything_else"), "deny")
        return None

    @staticmethod
    def _asks_something(u: Understanding) -> bool:
        """ "No thanks. Do you have parking?": the no carries a question to answer."""
        return (
            u.intent.startswith("fact.")
            or u.intent in ("question", "repeat", "human")
            or bool(getattr(u, "facts", ()))  # a yes/no override keeps the facts asked
        )

    def _restates(self, slots: dict[str, Any]) -> bool:
        """A yes that repeats what we read back ("yes, the twin is fine") changes nothing."""
        sl = self.s.slots
        return all(sl.get(k) == v for k, v in slots.items() if k != "spelled")

    def _declined_colleague(self, reason: str) -> Step:
        s = self.s
        if reason == "rooms":
            s.asked = "one_room"
            return Step("speak.ask", self.say("one_room_instead"), "deny")
        if reason == "group":
            s.slots.pop("guests", None)
            largest = self.hotel.largest_room()
            most = largest.max_guests if largest else 1
            return Step("speak.ask", self._ask_text("guests", "fewer_guests", max=most), "deny")
        if s.task:
            return self.plan()
        return Step("speak.ask", self.say("how_help"), "deny")

    def _ask_text(self, slot: str, key: str, **kw: Any) -> str:
        self.s.asked = slot
        return self.say(key, **kw)

    # ---- questions about the hotel and repeats -----------------------------------------
    def _facts(self, u: Understanding) -> Step:
        s = self.s
        keys = list(getattr(u, "facts", ()) or ())
        first = u.intent.removeprefix("fact.") if u.intent.startswith("fact.") else None
        if first and first not in keys:
            keys.insert(0, first)
        answers, unknown = [], not keys or bool(getattr(u, "unknown_question", False))
        for k in keys:
            text = self.hotel.fact(k, s.lang)
            if text:
                answers.append(text)
            else:
                unknown = True
        said = self.w.join(*answers)
        if answers and not s.task:
            s.outcome = s.outcome or "answered"
        if unknown:
            # Never invent: say we don't know, and offer the reception as the last question.
            text = self.w.join(said, self.say("no_such_fact", reception=self.reception()))
            return self.offer_human(text, "fact", u.intent)
        if not s.task:
            return Step("speak.answer", said, u.intent)
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
                "speak.answer", self.say("repeat_confirmation", confirmation=code), "repeat"
            )
        if s.last_reply:
            # Said again as it was: a read-back repeated is still the last question.
            readback = bool(s.pending and s.pending.stage == "confirm")
            return Step("speak.ask", s.last_reply, "repeat", readback=readback)
        return Step("speak.ask", self.say("nothing_to_repeat"), "repeat")

    # ---- not understood ----------------------------------------------------------------
    def not_understood(self, u: Understanding | None = None) -> Step:
        """Asked again in other words; the third time a colleague, as the last question."""
        s = self.s
        s.not_understood += 1
        if s.not_understood >= MAX_NOT_UNDERSTOOD:
            s.not_understood = 0
            return self.offer_human(
                self.w.join(self.say("not_understood").split(". ")[0] + ".", self.say("colleague")),
                "unsure", "unknown", "speak.apologise",
            )  # fmt: skip
        if u is not None and FLAG_CUT in u.flags:
            return Step("speak.ask", self.say("cut"), "unknown")
        return Step("speak.ask", self.reask(self.say("not_understood").split(". ")[0] + "."),
                    "unknown")  # fmt: skip

    def reask(self, prefix: str) -> str:
        """The current question in other words (the first wording did not work)."""
        s = self.s
        key = _QUESTION_OF.get(s.asked or "", (None, "reask_generic"))[1]
        if s.asked == "name_confirm" and s.slots.get("guest_name"):
            return self.w.join(prefix, self.w.confirm_name(s.slots["guest_name"], s.lang))
        return self.w.join(prefix, self.say(key))

    # ---- planning ----------------------------------------------------------------------
    def plan(self, u: Understanding | None = None) -> Step:
        s = self.s
        if u is not None and "dates" in u.conflicts and s.clarify is None:
            return self._ask_clarify_dates(u)
        if s.task == "book":
            return self.plan_book()
        if s.task in ("modify", "cancel", "lookup"):
            return self.plan_existing()
        return Step("speak.ask", self.say("how_help"), "unknown")

    def _date_problem(self) -> Step | None:
        """A past date, a reversed range or a stay too long: why, and what is possible."""
        sl = self.s.slots
        a, d = sl.get("arrival"), sl.get("departure")
        if a and dt.date.fromisoformat(a) < self.today:
            st.forget_dates(self.s)
            text = self._ask_text("arrival", "past_date", today=spoken_day(self.today, self.s.lang))
            return Step("speak.ask", text, self.s.task or "book")
        if a and d and dt.date.fromisoformat(d) <= dt.date.fromisoformat(a):
            st.forget_dates(self.s)
            return self.ask("arrival", "bad_range")
        longest = self.hotel.max_stay_nights
        if a and d and st.nights_between(a, d) > longest:
            for k in ("departure", "nights"):
                sl.pop(k, None)
            st.drop_offer(self.s)
            return Step("speak.ask", self._ask_text("nights", "too_long", max=longest),
                        self.s.task or "book")  # fmt: skip
        return None

    def plan_book(self) -> Step:
        s, sl = self.s, self.s.slots
        problem = self._date_problem()
        if problem:
            return problem
        if "arrival" not in sl:
            return self.ask("arrival", "ask_dates")
        if "departure" not in sl:
            return self.ask("nights", "ask_nights")
        if "guests" not in sl:
            return self.ask("guests", "ask_guests")
        if int(sl.get("rooms") or 1) > 1:
            text = self.say("multi_room", rooms=sl["rooms"], reception=self.reception())
            return self.offer_human(text, "rooms", "book")
        largest = self.hotel.largest_room()
        if largest is not None and sl["guests"] > largest.max_guests:
            text = self.say(
                "group_too_big", room=self.w.room(largest.code, s.lang), max=largest.max_guests,
                guests=sl["guests"], reception=self.reception(),
            )  # fmt: skip
            return self.offer_human(text, "group", "book")
        rt = sl.get("room_type")
        if rt and not self.hotel.fits(rt, sl["guests"]):
            sl.pop("room_type")
            st.drop_offer(s)
            s.asked = "room_type"
            return Step("speak.ask", self.w.room_too_small(rt, sl["guests"], s.lang), "book")
        if s.offer is not None and not self._offer_matches_rate():
            st.drop_offer(s)
        if s.offer is None:
            args = {"arrival": sl["arrival"], "departure": sl["departure"], "guests": sl["guests"]}
            if rt:
                args["room_type"] = rt
            s.pending = Pending("pms.availability", args, "result")
            s.asked = None
            text = self.w.checking(sl["arrival"], sl["departure"], sl["guests"], s.lang)
            return Step("pms.availability", text, "book", args)
        if "guest_name" not in sl:
            return self.ask("guest_name", "ask_name")
        if not s.name_confirmed and s.name_asr < NAME_CONFIRM_BELOW and not s.name_spelled:
            # Speech recognition was very unsure of the name: spell it back on its own first.
            s.asked = "name_confirm"
            return Step("speak.ask", self.w.confirm_name(sl["guest_name"], s.lang), "book")
        return self._confirm_create()

    def _chosen_rate(self) -> str | None:
        rate = self.s.slots.get("rate_plan")
        if rate and self.hotel.rate(rate):
            return rate
        default = self.hotel.default_rate()
        return default.code if default else None

    def _offer_matches_rate(self) -> bool:
        """The offer is at the chosen rate; else take that rate's offer for the same room."""
        s = self.s
        o = s.offer or {}
        rate = self._chosen_rate()
        if not rate or o.get("rate_plan") in (None, rate):
            return True
        other = results.pick_offer(s.offers, o.get("room_type"), rate)
        if other is None or other.get("rate_plan") != rate:
            return False
        s.offer = other
        return True

    def _confirm_create(self) -> Step:
        s, sl, o = self.s, self.s.slots, self.s.offer or {}
        args = {
            "offer_id": o.get("offer_id", ""),
            "guest_name": sl["guest_name"],
            "arrival": sl["arrival"],
            "departure": sl["departure"],
            "guests": sl["guests"],
            "room_type": o.get("room_type") or sl.get("room_type", ""),
        }
        rate = o.get("rate_plan") or self._chosen_rate()
        if rate:
            args["rate_plan"] = rate
        phone = sl.get("phone") or s.caller_id
        if phone:
            args["phone"] = phone
        if sl.get("email"):
            args["email"] = sl["email"]
        s.pending = Pending("pms.create", args, "confirm", s.turn)
        s.asked = None
        spelled = s.name_spelled or s.name_asr < NAME_SPELL_BELOW
        text = self.w.confirm_book(args, o.get("total"), s.lang, spelled)
        return Step("speak.ask", text, "book", readback=True)

    # ---- existing bookings -------------------------------------------------------------
    def plan_existing(self) -> Step:
        s, sl = self.s, self.s.slots
        if not s.verified:
            if sl.get("confirmation") and sl.get("guest_name"):
                args = {"confirmation": sl["confirmation"], "name": sl["guest_name"]}
            elif s.caller_id and not s.tried_phone and not sl.get("confirmation"):
                s.tried_phone = True
                args = {"phone": s.caller_id}
            elif sl.get("confirmation"):
                return self.ask("guest_name", "ask_name_verify")
            elif s.asked == "confirmation":
                # Asked for the number and didn't get it: a name alone never opens a booking.
                s.outcome = "refused"
                text = self.w.join(self.say("privacy"), self.say("rejected"))
                return self.offer_human(text, "privacy", s.task, "speak.apologise")
            elif sl.get("guest_name"):
                return self.ask("confirmation", "ask_confirmation")
            else:
                return self.ask("confirmation", "ask_verification")
            s.pending = Pending("pms.find_booking", args, "result")
            s.asked = None
            return Step("pms.find_booking", self.say("ack"), s.task, args)
        r = s.reservation or {}
        if s.task == "lookup":
            s.outcome = "answered"
            text = self.w.found(r, results.guests_of(r), s.lang)
            st.finish_task(s)
            return Step("speak.answer", self.w.join(text, self.say("anything_else")), "lookup")
        if s.task == "cancel":
            args = {"reservation_id": results.reservation_id(r), "reason": "caller request"}
            s.pending = Pending("pms.cancel", args, "confirm", s.turn)
            s.asked = None
            return Step("speak.ask", self.w.confirm_cancel(r, s.lang), "cancel", readback=True)
        # modify: new dates relative to the booking
        problem = self._date_problem()
        if problem:
            return problem
        new_a, new_d = sl.get("arrival"), sl.get("departure")
        if not new_a or not new_d or (new_a == str(r["arrival"]) and new_d == str(r["departure"])):
            return self.ask("arrival", "ask_new_dates")
        args = {"reservation_id": results.reservation_id(r), "arrival": new_a, "departure": new_d}
        guests = results.guests_of(r)
        if sl.get("guests") and sl["guests"] != guests:
            args["guests"] = guests = sl["guests"]
        if s.offer is None:
            # A quote first (a read): the read-back names the new total, not a guess.
            quote = {"arrival": new_a, "departure": new_d, "guests": guests}
            if r.get("room_type"):
                quote["room_type"] = r["room_type"]
            s.pending = Pending("pms.availability", quote, "result")
            s.asked = None
            return Step("pms.availability", self.say("ack"), "modify", quote)
        s.pending = Pending("pms.modify", args, "confirm", s.turn)
        s.asked = None
        text = self.w.confirm_modify(args, r, guests, s.offer.get("total"), s.lang)
        return Step("speak.ask", text, "modify", readback=True)

    # ---- dates the caller contradicted -------------------------------------------------
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
        s.asked = "nights"
        return Step("speak.ask", text, s.task or "book")

    def _date(self, iso: str | None) -> str:
        from agents.understanding.texts import spoken_date

        return spoken_date(iso, self.s.lang) if iso else ""

    def _resolve_clarify(self, u: Understanding, slots: dict[str, Any]) -> Step:
        s = self.s
        c = s.clarify or {}
        s.clarify = None
        if "arrival" in slots or "departure" in slots:
            st.merge(s, slots)
        elif "nights" in slots:
            s.slots["arrival"] = c["arrival"]
            s.slots["departure"] = st.plus(c["arrival"], slots["nights"])
            s.slots["nights"] = slots["nights"]
        elif _yes(u):
            s.slots.update(arrival=c["arrival"], departure=c["departure"],
                           nights=st.nights_between(c["arrival"], c["departure"]))  # fmt: skip
        else:
            s.clarify = c
            return self.ask("nights", "ask_dates")
        st.drop_offer(s)
        return self.plan()

    # ---- PMS results -------------------------------------------------------------------
    def on_result(self, r: ActionResult) -> Step | None:
        s = self.s
        p = s.pending
        if p is None or p.stage != "result" or p.action != r.action:
            return None
        s.pending = None
        s.last_understanding = 1.0
        if not r.ok:
            err = (r.error or "").lower()
            s.outcome = "pms_error"
            key = "unsupported" if "unsupported" in err else "pms_error"
            return self.offer_human(self.say(key), "error", s.task, "speak.apologise")
        res = r.result or {}
        if r.action == "pms.availability" and s.task == "modify":
            return self._on_quote(res)
        if r.action == "pms.availability":
            return self._on_offers(res)
        if r.action == "pms.find_booking":
            return self._on_found(res)
        booking = results.reservation(res) or {}
        conf = str(booking.get("confirmation") or s.slots.get("confirmation") or "")
        args = p.args
        if r.action == "pms.create":
            s.outcome = "booked"
            s.slots["confirmation"] = conf
            text = self.w.booked(args, conf, s.lang)
        elif r.action == "pms.modify":
            s.outcome = "modified"
            text = self.w.modified(args, conf, booking.get("total"), s.lang)
        elif r.action == "pms.cancel":
            s.outcome = "cancelled"
            text = self.say("cancelled", confirmation=spell(conf))
        else:
            return None
        if conf:
            s.confirmations.append(conf)
        st.finish_task(s)
        return Step("speak.confirm", self.w.join(text, self.say("anything_else")), r.action)

    def _on_offers(self, res: dict[str, Any]) -> Step:
        s, sl = self.s, self.s.slots
        fitting = [
            o
            for o in results.offers(res)
            if self.hotel.fits(o.get("room_type"), sl.get("guests", 1))
        ]
        wanted = sl.get("room_type")
        rate = self._chosen_rate()
        best = results.pick_offer(fitting, wanted, rate)
        alt = best is None and wanted is not None
        best = best or results.pick_offer(fitting, None, rate)
        if best is None:
            arrival, departure, guests = sl.get("arrival"), sl.get("departure"), sl.get("guests", 1)
            st.forget_dates(s)
            s.asked = "arrival"
            text = self.w.no_availability(arrival, departure, guests, s.lang)
            return Step("speak.ask", text, "book")
        s.offers = fitting
        s.offer = best
        sl["room_type"] = best.get("room_type")
        stay = {"arrival": sl["arrival"], "departure": sl["departure"], "guests": sl["guests"]}
        text = self.w.offer(best, stay, s.lang, wanted if alt else None)
        if not s.rates_told:
            text = self.w.join(
                text, self.w.rate_options(results.other_rates(fitting, best), s.lang)
            )
            s.rates_told = True
        nxt = self.plan_book()
        nxt.text = self.w.join(text, nxt.text)
        if nxt.action.startswith("speak."):
            nxt.args = None
        return nxt

    def _on_quote(self, res: dict[str, Any]) -> Step:
        """The price of the booking's room and rate for the new dates (none: said after)."""
        r = self.s.reservation or {}
        rate = r.get("rate_plan") or self._chosen_rate()
        quote = results.pick_offer(results.offers(res), r.get("room_type"), rate)
        self.s.offer = dict(quote or {"quote": "none"})
        return self.plan_existing()

    def _on_found(self, res: dict[str, Any]) -> Step:
        s, sl = self.s, self.s.slots
        best, score = results.best_verified(
            results.reservations(res), sl.get("confirmation"), sl.get("guest_name"), s.caller_id
        )
        if best is not None and score >= verify.VERIFIED:
            s.reservation = best
            s.verification = score
            return self.plan_existing()
        s.verification = score
        if not sl.get("confirmation") and not sl.get("guest_name"):
            # Nothing under the caller's number: ask for the confirmation number instead.
            return self.ask("confirmation", "ask_verification")
        s.verify_failures += 1
        s.outcome = "refused"
        for k in ("confirmation", "guest_name"):
            sl.pop(k, None)
        s.asked = None
        if s.verify_failures >= 2:
            text = self.w.join(self.say("not_verified"), self.say("rejected"))
            return self.offer_human(text, "privacy", s.task, "speak.apologise")
        text = self.w.join(self.say("not_verified"), self.say("anything_else"))
        return Step("speak.apologise", text, s.task)

    # ---- the decision core's verdicts --------------------------------------------------
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
        if decision.fallback == "fallback.decline":
            return Step("speak.apologise", self.say("decline"), s.task)
        if (
            decision.action.startswith(("pms.", "transfer."))
            or decision.fallback == "fallback.offer_human"
        ):
            return self.offer_human(self.say("rejected"), "error", s.task, "speak.apologise")
        return Step("speak.ask", self.reask(self.say("rejected_ask").split(". ")[0] + "."), s.task)
