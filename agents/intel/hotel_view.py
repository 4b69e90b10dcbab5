"""The one place INTEL's dialogue reads the hotel's configuration.

Why a view: the hotel schema is moving from loose dicts (``room_types: [{code,
name, ...}]``, ``facts: {key: text}``) to typed models with names, terms and
facts per language (config/sites/*.yaml, CONTRACTS.md). Everything the
dialogue needs from the hotel goes through this module, so that schema switch
touches one file; it reads both shapes meanwhile. Nothing here invents a
name: a room or rate without a name in the caller's language is spoken in
another configured language, never as its PMS code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from config.settings import Settings

# Spoken names for the demo's room codes while the hotel config has English names only
# (the old schema); the new schema carries RoomType.name per language.
_LEGACY_ROOM_NAMES = {
    "en": {"DBL": "double room", "TWN": "twin room", "SUI": "suite"},
    "de": {"DBL": "Doppelzimmer", "TWN": "Zweibettzimmer", "SUI": "Suite"},
}
_LEGACY_RATE_NAMES = {
    "en": {True: "flexible rate", False: "non-refundable rate"},
    "de": {True: "flexibler Tarif", False: "nicht erstattbarer Tarif"},
}
_LEGACY_TERMS_DE = {
    True: "kostenlose Stornierung bis 18 Uhr (Hotelzeit) am Tag vor der Anreise",
    False: "nicht erstattbar: der gesamte Aufenthalt wird bei der Buchung berechnet",
}
_LEGACY_RECEPTION = {"en": "our reception", "de": "unsere Rezeption"}
# Words a caller uses for a rate that are not its configured name (any language).
_NONREF_WORDS = re.compile(
    r"non[- ]?refundable|not refundable|no refund|cheaper|cheapest|lower (?:rate|price)|"
    r"nicht erstattbar|nicht stornierbar|ohne storno|günstiger|günstigste|billiger",
    re.IGNORECASE,
)
_FLEX_WORDS = re.compile(
    r"\bflexib\w*|\brefundable\b|free cancell?ation|kostenlos\w* storn\w*|stornierbar",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Room:
    code: str
    names: dict[str, str]
    max_guests: int
    rate: Decimal
    article: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Rate:
    code: str
    names: dict[str, str]
    factor: Decimal
    refundable: bool
    default: bool
    cancellation: dict[str, str]
    room_types: tuple[str, ...] = ()


def _get(obj: Any, key: str, default: Any = None) -> Any:
    """A field of a pydantic model or a dict (both schemas)."""
    if isinstance(obj, dict):
        return obj.get(key, default)
    return getattr(obj, key, default)


def _pick(by_lang: dict[str, str], lang: str) -> str:
    """The text in ``lang``, else English, else any configured language."""
    if not by_lang:
        return ""
    return by_lang.get(lang) or by_lang.get("en") or next(iter(by_lang.values()))


class HotelView:
    """Typed, language-aware read access to ``settings.hotel`` for the dialogue."""

    def __init__(self, settings: Settings):
        self._h = settings.hotel
        u = getattr(getattr(settings, "agents", None), "understanding", None)
        self._facts_i18n: dict[str, dict[str, str]] = dict(getattr(u, "facts_i18n", {}) or {})
        self.rooms: dict[str, Room] = {}
        for r in _get(self._h, "room_types", []) or []:
            room = self._room(r)
            self.rooms[room.code] = room
        self.rates: list[Rate] = [self._rate(r) for r in _get(self._h, "rate_plans", []) or []]

    # ---- the hotel ---------------------------------------------------------------------
    @property
    def name(self) -> str:
        return str(_get(self._h, "name", ""))

    @property
    def currency(self) -> str:
        return str(_get(self._h, "currency", "EUR"))

    @property
    def max_stay_nights(self) -> int:
        return int(_get(self._h, "max_stay_nights", 30) or 30)

    @property
    def languages(self) -> list[str]:
        return list(_get(self._h, "languages", None) or ["en", "de"])

    @property
    def missing_fact(self) -> str:
        return str(_get(self._h, "missing_fact", "offer_reception"))

    def phrase(self, key: str, lang: str) -> str | None:
        """The hotel's own wording of a fixed sentence (hotel.phrases[lang][key]), if any."""
        phrases = _get(self._h, "phrases", None) or {}
        return (phrases.get(lang) or {}).get(key)

    def reception(self, lang: str) -> str:
        """How the agent names the reception ("our front desk", "unsere Rezeption")."""
        rec = _get(self._h, "reception", None)
        names = dict(_get(rec, "name", None) or {}) if rec is not None else {}
        return names.get(lang) or _LEGACY_RECEPTION.get(lang) or _pick(names, lang) or "reception"

    # ---- rooms -------------------------------------------------------------------------
    def _room(self, r: Any) -> Room:
        code = str(_get(r, "code"))
        raw = _get(r, "name", None)
        if isinstance(raw, dict):
            names = {k: str(v) for k, v in raw.items() if v}
        else:  # legacy: one English name in config, our own table for the demo's codes
            names = {lang: t[code] for lang, t in _LEGACY_ROOM_NAMES.items() if code in t}
            if raw and "en" not in names:
                names["en"] = str(raw).lower()
        return Room(
            code=code,
            names=names,
            max_guests=int(_get(r, "max_guests", 99) or 99),
            rate=Decimal(str(_get(r, "rate", "0") or "0")),
            article=dict(_get(r, "article", None) or {}),
        )

    def room(self, code: str | None) -> Room | None:
        return self.rooms.get(code or "")

    def room_name(self, code: str | None, lang: str) -> str:
        """The configured name of a room type in ``lang`` (never the code, unless unknown)."""
        room = self.room(code)
        if room is None:
            return str(code or "")
        return _pick(room.names, lang) or room.code

    def fits(self, code: str | None, guests: int) -> bool:
        room = self.room(code)
        return room is None or guests <= room.max_guests

    def rooms_for(self, guests: int) -> list[Room]:
        return [r for r in self.rooms.values() if guests <= r.max_guests]

    def largest_room(self) -> Room | None:
        return max(self.rooms.values(), key=lambda r: r.max_guests, default=None)

    # ---- rate plans --------------------------------------------------------------------
    def _rate(self, r: Any) -> Rate:
        code = str(_get(r, "code"))
        legacy_policy = _get(r, "cancellation_policy", None)
        refundable = _get(r, "refundable", None)
        if refundable is None:
            refundable = "non-refundable" not in str(legacy_policy or "").lower()
        raw_name = _get(r, "name", None)
        if isinstance(raw_name, dict):
            names = {k: str(v) for k, v in raw_name.items() if v}
        else:
            names = {lang: t[bool(refundable)] for lang, t in _LEGACY_RATE_NAMES.items()}
        raw_terms = _get(r, "cancellation", None)
        if isinstance(raw_terms, dict):
            terms = {k: str(v) for k, v in raw_terms.items() if v}
        else:
            terms = {"en": str(legacy_policy or "").rstrip(".")}
            terms["de"] = _LEGACY_TERMS_DE[bool(refundable)]
        return Rate(
            code=code,
            names=names,
            factor=Decimal(str(_get(r, "factor", "1") or "1")),
            refundable=bool(refundable),
            default=bool(_get(r, "default", False)),
            cancellation=terms,
            room_types=tuple(_get(r, "room_types", None) or ()),
        )

    def rate(self, code: str | None) -> Rate | None:
        return next((r for r in self.rates if r.code == code), None)

    def default_rate(self) -> Rate | None:
        """The configured default; else the first refundable plan (never silently non-refundable)."""
        return (
            next((r for r in self.rates if r.default), None)
            or next((r for r in self.rates if r.refundable), None)
            or (self.rates[0] if self.rates else None)
        )

    def other_rates(self, code: str | None, room: str | None) -> list[Rate]:
        return [
            r
            for r in self.rates
            if r.code != code and (not r.room_types or not room or room in r.room_types)
        ]

    def rate_name(self, code: str | None, lang: str) -> str:
        rate = self.rate(code)
        return _pick(rate.names, lang) if rate else ""

    def cancellation(self, code: str | None, lang: str) -> str:
        rate = self.rate(code)
        return _pick(rate.cancellation, lang).rstrip(". ") if rate else ""

    def rate_in(self, text: str) -> str | None:
        """A rate plan the caller names in ``text`` (its configured name in any language)."""
        low = text.lower()
        for r in self.rates:
            if any(n and n.lower() in low for n in r.names.values()):
                return r.code
        if _NONREF_WORDS.search(text):
            return next((r.code for r in self.rates if not r.refundable), None)
        if _FLEX_WORDS.search(text):
            return next((r.code for r in self.rates if r.refundable), None)
        return None

    # ---- facts -------------------------------------------------------------------------
    def fact_keys(self) -> list[str]:
        return list((_get(self._h, "facts", None) or {}).keys())

    def fact(self, key: str, lang: str) -> str | None:
        """The configured answer in ``lang``; in another language only if the hotel says so."""
        raw = (_get(self._h, "facts", None) or {}).get(key)
        if raw is None:
            return None
        text = _get(raw, "text", None)
        by_lang = dict(text) if isinstance(text, dict) else {"en": str(raw)}
        if not isinstance(text, dict):
            by_lang.update({lg: t[key] for lg, t in self._facts_i18n.items() if key in (t or {})})
        if by_lang.get(lang):
            return by_lang[lang]
        if self.missing_fact == "other_language" or not isinstance(text, dict):
            # Legacy config holds English only for some languages: better English than nothing.
            return _pick(by_lang, lang) or None
        return None
