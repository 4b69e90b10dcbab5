"""Booking a room: dates, guests, limits, the offer, the rate, the name, the read-back.

The default rate is the hotel's default (refundable); another rate only when the caller
chose it, and the read-back names its terms before the yes that writes. Limits are
said honestly with what is possible: several rooms or a group larger than any room ->
the reception (as the last question); a room too small -> a bigger one.
"""

from __future__ import annotations

from agents.intel import results
from agents.intel import state as st
from agents.intel.flow import Flow, Step
from agents.intel.state import Pending
from ipc.actions import ActionKind
from ipc.payloads import Availability

# A name from speech below this ASR confidence is spelled back in the read-back; below
# NAME_CONFIRM_BELOW (recognition very unsure) it is spelled back as its own question first.
NAME_SPELL_BELOW = 0.9
NAME_CONFIRM_BELOW = 0.5


class Booking(Flow):
    """The next step of a booking (task "book")."""

    def plan(self) -> Step:
        s, sl = self.s, self.s.slots
        problem = self.date_problem()
        if problem:
            return problem
        if int(sl.get("rooms") or 1) > 1:
            # several rooms go to the reception whatever the dates or the party: asking for
            # them first would only keep the caller longer before the same honest answer
            text = self.say("multi_room", rooms=sl["rooms"], **self.reception_kw())
            return self.offer_human(text, "rooms", "book")
        if "arrival" not in sl:
            return self.ask("arrival", "ask_dates")
        if "departure" not in sl:
            return self.ask("nights", "ask_nights")
        if "guests" not in sl:
            return self.ask("guests", "ask_guests")
        largest = self.hotel.largest_room()
        if largest is not None and sl["guests"] > largest.max_guests:
            text = self.say(
                "group_too_big", room=self.w.room(largest.code, s.lang), max=largest.max_guests,
                guests=sl["guests"], **self.reception_kw(),
            )  # fmt: skip
            return self.offer_human(text, "group", "book")
        rt = sl.get("room_type")
        if rt and not self.hotel.fits(rt, sl["guests"]):
            sl.pop("room_type")
            st.drop_offer(s)
            s.asked, s.asked_open = "room_type", False  # "would you like a suite instead?"
            return Step(ActionKind.SPEAK_ASK, self.w.room_too_small(rt, sl["guests"], s.lang), "book")
        if s.offer is not None and not self._offer_matches_rate():
            st.drop_offer(s)
        if s.offer is None:
            args = {"arrival": sl["arrival"], "departure": sl["departure"], "guests": sl["guests"]}
            if rt:
                args["room_type"] = rt
            s.pending = Pending(ActionKind.PMS_AVAILABILITY, args, "result")
            s.asked = None
            text = self.w.checking(sl["arrival"], sl["departure"], sl["guests"], s.lang)
            return Step(ActionKind.PMS_AVAILABILITY, text, "book", args)
        if "guest_name" not in sl:
            return self.ask("guest_name", "ask_name")
        if not s.name_confirmed and s.name_asr < NAME_CONFIRM_BELOW and not s.name_spelled:
            # Speech recognition was very unsure of the name: spell it back on its own first.
            s.asked = "name_confirm"
            return Step(ActionKind.SPEAK_ASK, self.w.confirm_name(sl["guest_name"], s.lang), "book")
        return self.confirm()

    def _offer_matches_rate(self) -> bool:
        """The offer is at the chosen rate; else take that rate's offer for the same room."""
        s = self.s
        o = s.offer
        rate = self.chosen_rate()
        if o is None or not rate or o.rate_plan in (None, rate):
            return True
        other = results.pick_offer(s.offers, o.room_type, rate)
        if other is None or other.rate_plan != rate:
            return False
        s.offer = other
        return True

    def confirm(self) -> Step:
        s, sl, o = self.s, self.s.slots, self.s.offer
        assert o is not None  # plan() confirms only with an offer in hand
        args = {
            "offer_id": o.offer_id,
            "guest_name": sl["guest_name"],
            "arrival": sl["arrival"],
            "departure": sl["departure"],
            "guests": sl["guests"],
            "room_type": o.room_type,
        }
        rate = o.rate_plan or self.chosen_rate()
        if rate:
            args["rate_plan"] = rate
        phone = sl.get("phone") or s.caller_id
        if phone:
            args["phone"] = phone
        if sl.get("email"):
            args["email"] = sl["email"]
        s.pending = Pending(ActionKind.PMS_CREATE, args, "confirm", s.turn)
        s.asked = None
        spelled = s.name_spelled or s.name_asr < NAME_SPELL_BELOW
        text = self.w.confirm_book(args, o.total, s.lang, spelled)
        return Step(ActionKind.SPEAK_ASK, text, "book", readback=True)

    def on_offers(self, res: Availability, say_first: str = "") -> Step:
        """The best offer for the stay (a room type just taken is offered no more)."""
        s, sl = self.s, self.s.slots
        fitting = [
            o
            for o in res.offers
            if self.hotel.fits(o.room_type, sl.get("guests", 1)) and o.room_type not in s.taken
        ]
        wanted = sl.get("room_type")
        rate = self.chosen_rate()
        best = results.pick_offer(fitting, wanted, rate)
        alt = best is None and wanted is not None
        best = best or results.pick_offer(fitting, None, rate)
        if best is None and sl.get("rate_plan"):
            sl.pop("rate_plan")  # the rate chosen is not sold for this stay: offer the default
            return self.on_offers(res, say_first)
        if best is None:
            arrival, departure, guests = sl.get("arrival"), sl.get("departure"), sl.get("guests", 1)
            st.forget_dates(s)
            s.asked, s.asked_open = "arrival", False  # "would you like to try other dates?"
            text = self.w.no_availability(arrival, departure, guests, s.lang)
            return Step(ActionKind.SPEAK_ASK, self.w.join(say_first, text), "book")
        s.offers = fitting
        s.offer = best
        sl["room_type"] = best.room_type
        stay = {"arrival": sl["arrival"], "departure": sl["departure"], "guests": sl["guests"]}
        text = self.w.join(say_first, self.w.offer(best, stay, s.lang, wanted if alt else None))
        if not s.rates_told:
            text = self.w.join(
                text, self.w.rate_options(results.other_rates(fitting, best), s.lang)
            )
            s.rates_told = True
        nxt = self.plan()
        nxt.text = self.w.join(text, nxt.text)
        if nxt.action.startswith("speak."):
            nxt.args = None
        return nxt

    def room_taken(self, p: Pending) -> Step:
        """The room was sold between the read-back and the caller's yes (``room_unavailable``).

        Said honestly; the same stay is looked up again without that room type, and the
        next offer (``on_offers``) comes with a new read-back: nothing is written on the
        strength of the yes to the room that is gone.
        """
        s, sl = self.s, self.s.slots
        room = p.args.get("room_type") or sl.get("room_type")
        if room and room not in s.taken:
            s.taken.append(room)
        sl.pop("room_type", None)
        st.drop_offer(s)
        sorry = self.say("room_taken", the_room=self.w.the_room_mid(room, s.lang))
        args = {"arrival": sl["arrival"], "departure": sl["departure"], "guests": sl["guests"]}
        s.pending = Pending(ActionKind.PMS_AVAILABILITY, args, "result", say_first=sorry)
        s.asked = None
        # (the apology is said with the next offer, when the look-up has answered)
        return Step(ActionKind.PMS_AVAILABILITY, self.say("ack"), "book", args)
