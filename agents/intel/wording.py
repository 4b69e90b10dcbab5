"""Every sentence INTEL's dialogue speaks, built from texts.py and the hotel's own names.

Why apart from the policy: what to do next and how to say it change for
different reasons (a hotel renames its rooms or rewords a sentence; the
policy doesn't change). Fixed sentences come from agents/understanding/texts.py
with the hotel's overrides (hotel.phrases[lang][key]); room names, rate names,
cancellation terms and the reception's name come from the hotel config through
HotelView. Read-backs are built here in one place, so every read-back before a
write names the same things: weekday, day and month of both dates, nights,
guests, room, name, total and the rate's cancellation terms.
"""

from __future__ import annotations

from typing import Any

from agents.intel.hotel_view import HotelView
from agents.understanding.texts import (
    lang_of,
    say,
    spoken_date,
    spoken_day,
    spoken_guests,
    spoken_nights,
)
from ipc.payloads import Booking, Money, Offer


def spell(code: str) -> str:
    """Character by character, so the caller can write it down or hear a mistake."""
    return " ".join(ch.upper() for ch in (code or "") if not ch.isspace())


def spell_name(name: str) -> str:
    """A name letter by letter, words apart: "A N N A - W E B E R"."""
    return " - ".join(spell(w) for w in (name or "").split())


def money(amount: Any) -> str:
    return str(amount if amount is not None else "")


class Wording:
    """Sentences in the caller's language; one instance per dialogue (cheap)."""

    def __init__(self, hotel: HotelView):
        self.hotel = hotel

    # ---- fixed sentences ---------------------------------------------------------------
    def say(self, key: str, lang: str, **kw: Any) -> str:
        """texts.py's sentence, or the hotel's own wording of it (hotel.phrases)."""
        return say(key, lang, self.hotel.phrases, **kw)

    def join(self, *parts: str) -> str:
        return " ".join(p for p in parts if p)

    # ---- pieces ------------------------------------------------------------------------
    def room(self, code: str | None, lang: str) -> str:
        return self.hotel.room_name(code, lang)

    def a_room(self, code: str | None, lang: str) -> str:
        """With the indefinite article: "a double room", "an ...", "ein Doppelzimmer", "eine Suite"."""
        name = self.room(code, lang)
        if lang_of(lang) == "de":
            room = self.hotel.room(code)
            article = (room.article.get("de") if room else None) or (
                "eine" if name.lower().endswith(("suite", "e")) else "ein"
            )
            return f"{article} {name}"
        return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"

    def the_room(self, code: str | None, lang: str) -> str:
        """Capitalised, with the definite article (start of a sentence)."""
        if lang_of(lang) == "de":
            article = self.a_room(code, lang).split(" ", 1)[0]
            return f"{'Die' if article == 'eine' else 'Das'} {self.room(code, lang)}"
        return f"The {self.room(code, lang)}"

    def the_room_mid(self, code: str | None, lang: str) -> str:
        """With the definite article, inside a sentence ("the double room", "das Doppelzimmer")."""
        text = self.the_room(code, lang)
        return text[:1].lower() + text[1:]

    def stay(self, arrival: str, departure: str, lang: str) -> dict[str, str]:
        """The placeholders of a stay: both dates with weekday, and the number of nights."""
        import datetime as dt

        n = (dt.date.fromisoformat(departure) - dt.date.fromisoformat(arrival)).days
        return {
            "arrival": spoken_day(arrival, lang),
            "departure": spoken_day(departure, lang),
            "nights": spoken_nights(n, lang),
        }

    def rate(self, code: str | None, lang: str) -> dict[str, str]:
        """Placeholders of a rate: name, terms, and " (name: terms)" (empty without a rate)."""
        name, terms = self.hotel.rate_name(code, lang), self.hotel.cancellation(code, lang)
        both = f"{name}: {terms}" if name and terms else name or terms
        return {"rate": name, "terms": terms, "rate_terms": f" ({both})" if both else ""}

    # ---- read-backs and offers ---------------------------------------------------------
    def offer(self, o: Offer, stay: dict[str, Any], lang: str, wanted: str | None) -> str:
        amount, currency = money_of(o.total, self.hotel.currency)
        kw = {
            "a_room": self.a_room(o.room_type, lang),
            **self.stay(stay["arrival"], stay["departure"], lang),
            "guests": spoken_guests(stay["guests"], lang),
            "total": amount,
            "currency": currency,
            **self.rate(o.rate_plan, lang),
        }
        if wanted:
            return self.say("offer_alt", lang, wanted_cap=self.the_room(wanted, lang), **kw)
        return self.say("offer", lang, **kw)

    def rate_options(self, others: list[Offer], lang: str) -> str:
        """The other rates for the same room, each with its price and terms (said once)."""
        out = []
        for o in others:
            amount, currency = money_of(o.total, self.hotel.currency)
            out.append(
                self.say("rate_option", lang, total=amount, currency=currency,
                         **self.rate(o.rate_plan, lang))
            )  # fmt: skip
        return self.join(*out)

    def rate_chosen(self, o: Offer, lang: str) -> str:
        amount, currency = money_of(o.total, self.hotel.currency)
        return self.say(
            "rate_chosen",
            lang,
            total=amount,
            currency=currency,
            **self.rate(o.rate_plan, lang),
        )

    def confirm_book(
        self, args: dict[str, Any], total: Money | None, lang: str, spelled: bool
    ) -> str:
        amount, currency = money_of(total, self.hotel.currency)
        name = args["guest_name"]
        if spelled:
            name = self.say("name_spelled", lang, name=name, spelling=spell_name(name))
        return self.say(
            "confirm_book", lang,
            a_room=self.a_room(args["room_type"], lang),
            **self.stay(args["arrival"], args["departure"], lang),
            guests=spoken_guests(args["guests"], lang), name=name,
            total=amount, currency=currency, **self.rate(args.get("rate_plan"), lang),
        )  # fmt: skip

    def confirm_name(self, name: str, lang: str) -> str:
        return self.say("confirm_name", lang, name=name, spelling=spell_name(name))

    def confirm_modify(
        self, args: dict[str, Any], r: Booking, guests: int, total: Money | None, lang: str
    ) -> str:
        """The new stay in full; with the PMS's quote for it, else the promise to tell it after."""
        amount, currency = money_of(total, self.hotel.currency)
        return self.say(
            "confirm_modify" if amount else "confirm_modify_unpriced", lang,
            a_room=self.a_room(r.room_type, lang),
            **self.stay(args["arrival"], args["departure"], lang),
            guests=spoken_guests(guests, lang), terms=self.terms_of(r, lang),
            total=amount, currency=currency,
        )  # fmt: skip

    def confirm_cancel(self, r: Booking, lang: str) -> str:
        return self.say(
            "confirm_cancel", lang, confirmation=spell(r.confirmation),
            arrival=spoken_day(r.arrival, lang),
            departure=spoken_day(r.departure, lang), terms=self.terms_of(r, lang),
        )  # fmt: skip

    def terms_of(self, r: Booking, lang: str) -> str:
        """A booking's cancellation terms: its rate plan's, else what the PMS says."""
        terms = self.hotel.cancellation(r.rate_plan, lang)
        if terms:
            return terms
        if lang_of(lang) == "en" and r.cancellation_policy:
            return r.cancellation_policy.rstrip(". ")
        return self.say("terms_unknown", lang)

    # ---- outcomes ----------------------------------------------------------------------
    def booked(self, args: dict[str, Any], confirmation: str, lang: str) -> str:
        return self.say(
            "booked", lang, confirmation=spell(confirmation),
            a_room=self.a_room(args.get("room_type"), lang),
            arrival=spoken_day(args["arrival"], lang), departure=spoken_day(args["departure"], lang),
        )  # fmt: skip

    def modified(
        self, args: dict[str, Any], confirmation: str, total: Money | None, lang: str
    ) -> str:
        text = self.say(
            "modified", lang, confirmation=spell(confirmation),
            arrival=spoken_day(args["arrival"], lang), departure=spoken_day(args["departure"], lang),
        )  # fmt: skip
        if total:
            amount, currency = money_of(total, self.hotel.currency)
            text = self.join(text, self.say("new_total", lang, total=amount, currency=currency))
        return text

    def candidate(self, r: Booking, lang: str) -> str:
        """A booking found on its digits: named with its dates, for the caller to say it is theirs."""
        return self.say(
            "candidate", lang, name=r.guest_name, confirmation=spell(r.confirmation),
            arrival=spoken_day(r.arrival, lang), departure=spoken_day(r.departure, lang),
        )  # fmt: skip

    def found(self, r: Booking, lang: str) -> str:
        return self.say(
            "found", lang, a_room=self.a_room(r.room_type, lang),
            arrival=spoken_day(r.arrival, lang),
            departure=spoken_day(r.departure, lang), guests=spoken_guests(r.guests, lang),
        )  # fmt: skip

    def room_too_small(self, code: str, guests: int, lang: str) -> str:
        room = self.hotel.room(code)
        most = room.max_guests if room else guests
        bigger = self.hotel.rooms_for(guests)
        if lang_of(lang) == "de":
            head = f"{_cap(self.a_room(code, lang))} ist für höchstens {most} Personen."
            tail = (
                f" Möchten Sie stattdessen {self.a_room(bigger[0].code, lang)}?" if bigger else ""
            )
        else:
            head = f"{_cap(self.a_room(code, lang))} takes at most {most} guests."
            tail = f" Would you like {self.a_room(bigger[0].code, lang)} instead?" if bigger else ""
        return head + tail

    def no_availability(self, arrival: str, departure: str, guests: int, lang: str) -> str:
        return self.say(
            "no_availability", lang, arrival=spoken_day(arrival, lang),
            departure=spoken_day(departure, lang), guests=spoken_guests(guests, lang),
        )  # fmt: skip

    def checking(self, arrival: str, departure: str, guests: int, lang: str) -> str:
        return self.say(
            "checking", lang, arrival=spoken_date(arrival, lang),
            departure=spoken_date(departure, lang), guests=spoken_guests(guests, lang),
        )  # fmt: skip


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def money_of(total: Money | None, default_currency: str) -> tuple[str, str]:
    """(amount, currency) of a PMS total; ("", the hotel's currency) when there is none."""
    if total is None:
        return "", default_currency
    return str(total.amount), total.currency
