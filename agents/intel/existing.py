"""Existing bookings: verify the caller, then look up, change or cancel.

Safety rules: no booking is read, changed or cancelled before the caller is verified
(confirmation number + name, or the call comes from the booking's phone); a booking
is never looked up by name alone; an unverified caller hears nothing about the
booking found. A change is quoted first (a read), so its read-back names the new total.
"""

from __future__ import annotations

from agents.intel import results, wording
from agents.intel import state as st
from agents.intel import verification as verify
from agents.intel.flow import Flow, Step
from agents.intel.state import Pending
from fabric.codes import norm_code
from ipc.actions import ActionKind
from ipc.payloads import Availability, BookingsFound


class Existing(Flow):
    """The next step of a lookup, modify or cancel."""

    def plan(self) -> Step:
        s, sl = self.s, self.s.slots
        if not s.verified:
            if sl.get("confirmation") and sl.get("guest_name"):
                # near: a number one character misheard may still find the booking, which
                # verifies only with the full name exact (verification.score)
                args = {"confirmation": sl["confirmation"], "name": sl["guest_name"], "near": True}
                if s.caller_id:
                    args["phone"] = s.caller_id  # the line: a second factor the executor compares
            elif s.caller_id and not s.tried_phone and not sl.get("confirmation"):
                s.tried_phone = True
                args = {"phone": s.caller_id}
            elif sl.get("confirmation"):
                return self.ask("guest_name", "ask_name_verify")
            elif s.asked == "confirmation":
                # Asked for the number and didn't get it: a name alone never opens a booking.
                s.outcome = "refused"
                text = self.w.join(self.say("privacy"), self.say("rejected"))
                return self.offer_human(text, "privacy", s.task, ActionKind.SPEAK_APOLOGISE)
            elif sl.get("guest_name"):
                return self.ask("confirmation", "ask_confirmation")
            else:
                return self.ask("confirmation", "ask_verification")
            s.pending = Pending(ActionKind.PMS_FIND_BOOKING, args, "result")
            s.asked = None
            return Step(ActionKind.PMS_FIND_BOOKING, self.say("ack"), s.task, args)
        r = s.reservation
        assert r is not None  # verified means a reservation is in hand (DialogueState.verified)
        if s.task == "lookup" and s.unconfirmed:
            # found on its digits: the caller says it is theirs before hearing anything more
            s.asked, s.asked_open = "booking_confirm", False
            text = self.w.join(self.w.candidate(r, s.lang), self.say("candidate_ask"))
            return Step(ActionKind.SPEAK_ASK, text, "lookup")
        if s.task == "lookup":
            s.outcome = "answered"
            text = self.w.found(r, s.lang)
            st.finish_task(s)
            return Step(ActionKind.SPEAK_ANSWER, self.w.join(text, self.say("anything_else")), "lookup")
        if s.task == "cancel":
            args = {"reservation_id": r.reservation_id, "reason": "caller request"}
            s.pending = Pending(ActionKind.PMS_CANCEL, args, "confirm", s.turn)
            s.asked = None
            text = self.named(self.w.confirm_cancel(r, s.lang))
            return Step(ActionKind.SPEAK_ASK, text, "cancel", readback=True)
        # modify: new dates relative to the booking
        problem = self.date_problem()
        if problem:
            return problem
        new_a, new_d = sl.get("arrival"), sl.get("departure")
        same = new_a == r.arrival.isoformat() and new_d == r.departure.isoformat()
        if not new_a or not new_d or same:
            return self.ask("arrival", "ask_new_dates")
        args = {"reservation_id": r.reservation_id, "arrival": new_a, "departure": new_d}
        guests = r.guests
        if sl.get("guests") and sl["guests"] != guests:
            args["guests"] = guests = sl["guests"]
        if not s.quoted:
            # A quote first (a read): the read-back names the new total, not a guess.
            quote = {"arrival": new_a, "departure": new_d, "guests": guests}
            if r.room_type:
                quote["room_type"] = r.room_type
            s.pending = Pending(ActionKind.PMS_AVAILABILITY, quote, "result")
            s.asked = None
            return Step(ActionKind.PMS_AVAILABILITY, self.say("ack"), "modify", quote)
        s.pending = Pending(ActionKind.PMS_MODIFY, args, "confirm", s.turn)
        s.asked = None
        total = s.offer.total if s.offer is not None else None
        text = self.named(self.w.confirm_modify(args, r, guests, total, s.lang))
        return Step(ActionKind.SPEAK_ASK, text, "modify", readback=True)

    def named(self, readback: str) -> str:
        """A read-back of a booking found on its digits names it (its name, number, dates)."""
        r = self.s.reservation
        if not self.s.unconfirmed or r is None:
            return readback
        return self.w.join(self.w.candidate(r, self.s.lang), readback)

    def on_quote(self, res: Availability) -> Step:
        """The price of the booking's room and rate for the new dates (none: said after)."""
        r = self.s.reservation
        assert r is not None  # a change is quoted only for a verified booking
        rate = r.rate_plan or self.chosen_rate()
        self.s.offer = results.pick_offer(res.offers, r.room_type, rate)
        self.s.quoted = True
        return self.plan()

    def on_found(self, res: BookingsFound) -> Step:
        s, sl = self.s, self.s.slots
        best, score = results.best_verified(
            res.reservations, sl.get("confirmation"), sl.get("guest_name"), s.caller_id
        )
        if best is not None and score >= verify.VERIFIED:
            s.reservation = best
            s.verification = score
            said = sl.get("confirmation")
            how = verify.opened_by(best, said, sl.get("guest_name"), s.caller_id)
            s.unconfirmed = how == "digits"
            if s.unconfirmed:
                # Found on its digits, the letters misheard: the number and name slots become
                # the booking's (what the caller hears named, and what COMMAND lets the reply
                # carry as the caller's own: agents/command/coordinator.py _people); the
                # caller hears the booking named with its dates first
                sl["confirmation"], sl["guest_name"] = best.confirmation, best.guest_name
            step = self.plan()
            if s.unconfirmed and not step.readback and s.asked != "booking_confirm":
                step.text = self.w.join(self.w.candidate(best, s.lang), step.text)
            elif how == "near":
                # Found on a number one character off: the caller hears the booking's own
                # number before anything else, and the later read-back is the one they answer.
                sl["confirmation"] = best.confirmation
                near = self.say("near_code", confirmation=wording.spell(best.confirmation))
                step.text = self.w.join(near, step.text)
            return step
        s.verification = score
        if not sl.get("confirmation"):
            # The look-up was by the caller's number alone and did not verify them: no failure
            # of theirs yet. Ask for the confirmation number; a name they gave first stays.
            return self.ask("confirmation", "ask_confirmation" if sl.get("guest_name") else "ask_verification")
        said = norm_code(sl.get("confirmation"))
        if not any(norm_code(r.confirmation) == said for r in res.reservations) and not s.verify_failures:
            # Nothing under that number (only bookings resembling it, which did not verify):
            # most often a misheard number. Asked again, spelled; the name stays. A second
            # miss is a privacy refusal.
            s.verify_failures += 1
            s.number_missed += 1
            sl.pop("confirmation", None)
            return self.ask("confirmation", "not_found_spell")
        return self.refuse()

    def not_theirs(self) -> Step:
        """The caller says the booking found on its digits is not theirs: nothing more of it."""
        s = self.s
        s.reservation, s.unconfirmed, s.verification = None, False, 0.0
        return self.refuse()

    def refuse(self) -> Step:
        """Not verified: the number and name are forgotten; the second time, a colleague."""
        s = self.s
        s.verify_failures += 1
        s.outcome = "refused"
        for k in ("confirmation", "guest_name"):
            s.slots.pop(k, None)
        s.asked = None
        if s.verify_failures >= 2:
            text = self.w.join(self.say("not_verified"), self.say("rejected"))
            return self.offer_human(text, "privacy", s.task, ActionKind.SPEAK_APOLOGISE)
        text = self.w.join(self.say("not_verified"), self.say("anything_else"))
        return Step(ActionKind.SPEAK_APOLOGISE, text, s.task)
