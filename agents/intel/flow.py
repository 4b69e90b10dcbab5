"""What the parts of INTEL's policy share: the next Step, and the small builders every flow uses.

Why a base: the booking flow, the existing-booking flow and the turn router all ask,
explain and offer a colleague the same way; the one rule about colleagues lives here
(offered only as the last question, so the caller's next yes is a real transfer).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from agents.intel import state as st
from agents.intel.hotel_view import HotelView
from agents.intel.state import DialogueState
from agents.intel.wording import Wording
from agents.understanding.backend import Understanding
from agents.understanding.texts import spoken_day
from ipc.actions import ActionKind


class Step(msgspec.Struct):
    """What to do next: an action, what to say, and whether it ends with the pending read-back."""

    action: ActionKind
    text: str
    intent: str
    args: dict[str, Any] | None = None
    readback: bool = False
    expect: str = ""  # SpeechArgs.expect: "characters" when the answer is a code or a spelling
    keypad: bool = False  # SpeechArgs.keypad: the question offers the phone's keypad


# Questions whose answer is read out character by character (a code, a spelled name).
_CHARACTER_ASKS = frozenset({"ask_spell_name", "not_found_spell"})


def expects(slot: str, key: str) -> str:
    """"characters" when the caller will answer letter by letter or digit by digit."""
    return "characters" if slot == "confirmation" or key in _CHARACTER_ASKS else ""


def said_yes(u: Understanding) -> bool:
    return u.polarity == "affirm" or u.intent == "affirm"


def said_no(u: Understanding) -> bool:
    return u.polarity == "deny" or u.intent == "deny"


class Flow:
    """One call's state, the hotel and the wording; no state of its own."""

    def __init__(self, s: DialogueState, hotel: HotelView, words: Wording):
        self.s = s
        self.hotel = hotel
        self.w = words

    @property
    def today(self) -> dt.date:
        return dt.date.fromisoformat(self.s.today)

    def say(self, key: str, **kw: Any) -> str:
        return self.w.say(key, self.s.lang, **kw)

    def ask(self, slot: str, key: str, prefix: str = "") -> Step:
        self.s.asked, self.s.asked_open = slot, True
        text = self.w.join(prefix, self.say(key))
        return Step(ActionKind.SPEAK_ASK, text, self.s.task or "unknown", expect=expects(slot, key))

    def ask_text(self, slot: str, key: str, **kw: Any) -> str:
        self.s.asked, self.s.asked_open = slot, True
        return self.say(key, **kw)

    def offer_human(
        self, text: str, reason: str, intent: str = "", action: ActionKind = ActionKind.SPEAK_ASK
    ) -> Step:
        """A colleague offered as the LAST question: the next yes is a real transfer."""
        self.s.offer_human = True
        self.s.human_reason = reason
        self.s.asked_before_offer = self.s.asked or self.s.asked_before_offer
        self.s.asked = None
        return Step(action, text, intent or self.s.task or "unknown")

    def reception_kw(self) -> dict[str, str]:
        """The reception's configured name, as is and capitalised (German starts sentences with it)."""
        return self.hotel.config.reception_kw(self.s.lang)

    def chosen_rate(self) -> str | None:
        rate = self.s.slots.get("rate_plan")
        if rate and self.hotel.rate(rate):
            return rate
        default = self.hotel.default_rate()
        return default.code if default else None

    def date_problem(self) -> Step | None:
        """A past date, a reversed range or a stay too long: why, and what is possible."""
        sl = self.s.slots
        a, d = sl.get("arrival"), sl.get("departure")
        if a and dt.date.fromisoformat(a) < self.today:
            st.forget_dates(self.s, keep_nights=True)  # "three nights" still holds
            text = self.ask_text("arrival", "past_date", today=spoken_day(self.today, self.s.lang))
            return Step(ActionKind.SPEAK_ASK, text, self.s.task or "book")
        if a and d and dt.date.fromisoformat(d) <= dt.date.fromisoformat(a):
            st.forget_dates(self.s)
            return self.ask("arrival", "bad_range")
        longest = self.hotel.max_stay_nights
        if a and d and st.nights_between(a, d) > longest:
            for k in ("departure", "nights"):
                sl.pop(k, None)
            st.drop_offer(self.s)
            return Step(ActionKind.SPEAK_ASK, self.ask_text("nights", "too_long", max=longest),
                        self.s.task or "book")  # fmt: skip
        return None
