"""The one place INTEL's dialogue reads the hotel's configuration (config/sections/hotel.py).

Why a view: the dialogue needs a handful of questions answered in the caller's
language — a room's name, a rate's name and terms, a fact, how the reception is
called, a sentence the hotel words its own way — and must never speak a PMS code.
Asking them here keeps the dialogue independent of how the site file spells them,
so a change of the hotel schema touches this file only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from agents.understanding import slots as slotmod
from agents.understanding.slots import rate_words

if TYPE_CHECKING:
    from config.sections.hotel import HotelConfig, RatePlan, RoomType
    from config.settings import Settings

_NOT_WORD = re.compile(r"[^\w-]+")


class HotelView:
    """Language-aware read access to ``settings.hotel`` for the dialogue."""

    def __init__(self, settings: Settings):
        self.config: HotelConfig = settings.hotel
        self.rooms: dict[str, RoomType] = {r.code: r for r in self.config.room_types}
        self.rates: list[RatePlan] = list(self.config.rate_plans)

    # ---- the hotel ---------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self.config.name

    @property
    def currency(self) -> str:
        return self.config.currency

    @property
    def max_stay_nights(self) -> int:
        return self.config.max_stay_nights

    @property
    def phrases(self) -> dict[str, dict[str, str]]:
        """The hotel's own wording of fixed sentences (hotel.phrases: lang -> key -> text)."""
        return self.config.phrases

    def reception(self, lang: str) -> str:
        """How the agent names the reception ("the front desk", "die Rezeption")."""
        return self.config.reception_name(lang)

    # ---- rooms -------------------------------------------------------------------------
    def room(self, code: str | None) -> RoomType | None:
        return self.rooms.get(code or "")

    def room_name(self, code: str | None, lang: str) -> str:
        """The configured name of a room type in ``lang`` (never the code, unless unknown)."""
        room = self.room(code)
        return room.display_name(lang) if room else str(code or "")

    def fits(self, code: str | None, guests: int) -> bool:
        room = self.room(code)
        return room is None or guests <= room.max_guests

    def rooms_for(self, guests: int) -> list[RoomType]:
        return [r for r in self.rooms.values() if guests <= r.max_guests]

    def largest_room(self) -> RoomType | None:
        return max(self.rooms.values(), key=lambda r: r.max_guests, default=None)

    # ---- rate plans --------------------------------------------------------------------
    def rate(self, code: str | None) -> RatePlan | None:
        return next((r for r in self.rates if r.code == code), None)

    def default_rate(self) -> RatePlan | None:
        """The configured default; else the first refundable plan (never silently non-refundable)."""
        return (
            next((r for r in self.rates if r.default), None)
            or next((r for r in self.rates if r.refundable), None)
            or (self.rates[0] if self.rates else None)
        )

    def rate_name(self, code: str | None, lang: str) -> str:
        rate = self.rate(code)
        return rate.display_name(lang) if rate else ""

    def cancellation(self, code: str | None, lang: str) -> str:
        rate = self.rate(code)
        return rate.terms(lang).rstrip(". ") if rate else ""

    def rate_in(self, text: str) -> str | None:
        """A rate plan the caller names in ``text`` (its configured name in any language)."""
        return slotmod.rate_plan(text, rate_words(self.rates))

    # ---- facts -------------------------------------------------------------------------
    def facts_named(self, text: str) -> list[str]:
        """Facts whose configured keywords the question names ("sauna", "Hund").

        Why: before saying "I don't know that", make sure the hotel has not configured it;
        an honest answer must never deny what the hotel told us.
        """
        low = " " + _NOT_WORD.sub(" ", text.casefold()) + " "
        return [
            key
            for key, fact in self.config.facts.items()
            if any(f" {w.casefold()} " in low for w in fact.keywords if w.strip())
        ]

    def fact(self, key: str, lang: str) -> str | None:
        """The configured answer in ``lang``; in another language only if the hotel says so."""
        return self.config.fact_text(key, lang)
