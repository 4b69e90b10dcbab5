"""Booking a room: dates, guests, limits, the offer, the rate, the name, the read-back.

The default rate is the hotel's default (refundable); another rate only when the caller
chose it, and the read-back names its terms before the yes that writes. Limits are
said honestly with what is possible: several rooms or a group larger than any room ->
the reception (as the last question); a room too small -> a bigger one.
"""

from __future__ import annotations

from typing import Any

from agents.intel import results
from agents.intel import state as st
from agents.intel.flow import Flow, Step
from agents.intel.state import Pending

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
        if "arrival" not in sl:
            return self.ask("arrival", "ask_dates")
        if "departure" not in sl:
            return self.ask("nights", "ask_nights")
        if "guests" not in sl:
            return self.ask("guests", "ask_guests")
        if int(sl.get("rooms") or 1) > 1:
            text = self.say("multi_room", rooms=sl["rooms"], **self.reception_kw())
            return self.offer_human(text, "rooms", "book")
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
        return self.confirm()

    def _offer_matches_rate(self) -> bool:
        """The offer is at the chosen rate; else take that rate's offer for the same room."""
        s = self.s
        o = s.offer or {}
        rate = self.chosen_rate()
        if not rate or o.get("rate_plan") in (None, rate):
            return True
        other = results.pick_offer(s.offers, o.get("room_type"), rate)
        if other is None or other.get("rate_plan") != rate:
            return False
        s.offer = other
        return True

    def confirm(self) -> Step:
        s, sl, o = self.s, self.s.slots, self.s.offer or {}
        args = {
            "offer_id": o.get("offer_id", ""),
            "guest_name": sl["guest_name"],
            "arrival": sl["arrival"],
            "departure": sl["departure"],
            "guests": sl["guests"],
            "room_type": o.get("room_type") or sl.get("room_type", ""),
        }
        rate = o.get("rate_plan") or self.chosen_rate()
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

    def on_offers(self, res: dict[str, Any]) -> Step:
        s, sl = self.s, self.s.slots
        fitting = [
            o
            for o in results.offers(res)
            if self.hotel.fits(o.get("room_type"), sl.get("guests", 1))
        ]
        wanted = sl.get("room_type")
        rate = self.chosen_rate()
        best = results.pick_offer(fitting, wanted, rate)
        alt = best is None and wanted is not None
        best = best or results.pick_offer(fitting, None, rate)
        if best is None and sl.get("rate_plan"):
            sl.pop("rate_plan")  # the rate chosen is not sold for this stay: offer the default
            return self.on_offers(res)
        if best is None:
            arrival, departure, guests = sl.get("arrival"), sl.get("departure"), sl.get("guests", 1)
            st.forget_dates(s)
            s.asked, s.asked_open = "arrival", False  # "would you like to try other dates?"
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
        nxt = self.plan()
        nxt.text = self.w.join(text, nxt.text)
        if nxt.action.startswith("speak."):
            nxt.args = None
        return nxt
