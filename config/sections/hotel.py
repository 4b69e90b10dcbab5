"""The hotel itself: its facts, rooms, rates and words, typed and checked before anything starts.

Why typed to the leaf: a site file is written by a hotel's administrator, not by
us. A typo inside a room type ("max_guest: 4") or a negative count must be an
error with its path when the file is checked, not a runtime that says it is
healthy and then fails every booking. Every text a caller may hear (room
names, rate names, cancellation terms, facts) is given per language, so the
agent never speaks a room code and never answers a German caller with another
hotel's text.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, field_validator, model_validator

from config.errors import SovrenError

# Languages the runtime can understand and speak (texts.py has every sentence in these).
SUPPORTED_LANGS = ("en", "de")
MAX_FACT_CHARS = 400  # a fact is spoken: more than ~25 s of speech is a brochure, not an answer

Texts = dict[str, str]  # language code -> text
# How the agent names the reception where the hotel does not say (hotel.reception.name).
_RECEPTION = {"en": "the reception", "de": "die Rezeption"}


def _check_texts(v: Texts, what: str, max_chars: int | None = None) -> Texts:
    if not v:
        raise ValueError(f"{what} needs a text in at least one language, e.g. {{en: ...}}")
    for lang, text in v.items():
        if lang not in SUPPORTED_LANGS:
            raise ValueError(
                f"language {lang!r} is not one the runtime speaks ({', '.join(SUPPORTED_LANGS)})"
            )
        if not str(text).strip():
            raise ValueError(f"the {lang} text is empty: write the sentence or drop the language")
        if max_chars and len(text) > max_chars:
            raise ValueError(
                f"the {lang} text has {len(text)} characters; keep it under {max_chars} "
                "(it is read out on the phone)"
            )
    return v


def _check_langs(v: dict, what: str) -> dict:
    """Keys of an optional per-language mapping must be languages the runtime speaks."""
    bad = [lang for lang in v if lang not in SUPPORTED_LANGS]
    if bad:
        raise ValueError(
            f"{what}: language {', '.join(map(repr, bad))} is not one the runtime speaks "
            f"({', '.join(SUPPORTED_LANGS)})"
        )
    return v


class HotelProblems(SovrenError, ValueError):
    """Several problems across the hotel, each with its path below ``hotel`` (e.g.
    ``rate_plans[1].room_types``), so ``sovren config check`` can report each on its own line.
    A ValueError too: pydantic turns it into a validation error of the hotel section."""

    code = "hotel_problems"
    next_step = "`sovren config check [FILE]` lists each problem on its own line"

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{path}: {msg}" for path, msg in problems))


class _Strict(BaseModel):
    model_config = {"extra": "forbid"}


class Fact(_Strict):
    """One thing callers ask about, answered in the hotel's own words."""

    text: Texts
    # Words that point at this fact in any language ("bike", "Fahrrad"); optional.
    keywords: list[str] = Field(default_factory=list)
    # Example questions: hints for the matcher, never required.
    examples: list[str] = Field(default_factory=list)

    @field_validator("text")
    @classmethod
    def _texts(cls, v: Texts) -> Texts:
        return _check_texts(v, "a fact", MAX_FACT_CHARS)


class RoomType(_Strict):
    code: str = Field(min_length=1, max_length=16)  # the PMS's code: never spoken
    name: Texts  # "double room" / "Doppelzimmer", without article
    count: int = Field(ge=0)
    max_guests: int = Field(ge=1, le=20)
    rate: Decimal = Field(ge=0)  # per night, at the default rate plan's factor 1.0
    # Extra words callers use for it per language; the name itself always counts.
    synonyms: dict[str, list[str]] = Field(default_factory=dict)
    # German article for the room ("ein Doppelzimmer", "eine Suite"); default "ein".
    article: Texts = Field(default_factory=dict)

    @field_validator("name")
    @classmethod
    def _names(cls, v: Texts) -> Texts:
        return _check_texts(v, "a room name", 60)

    @field_validator("synonyms", "article")
    @classmethod
    def _lang_keys(cls, v: dict) -> dict:
        return _check_langs(v, "per-language words")

    def display_name(self, lang: str) -> str:
        """The name in the caller's language, else the first configured one (never the code)."""
        return self.name.get(lang) or next(iter(self.name.values()))

    def words(self) -> list[str]:
        """Everything a caller may call this room: names and synonyms in every language."""
        out = [n.lower() for n in self.name.values()]
        for ws in self.synonyms.values():
            out.extend(w.lower() for w in ws)
        return list(dict.fromkeys(out))


class RatePlan(_Strict):
    code: str = Field(min_length=1, max_length=16)
    name: Texts
    factor: Decimal = Field(gt=0)
    refundable: bool = True
    default: bool = False
    cancellation: Texts  # the terms, read back before every booking
    room_types: list[str] = Field(default_factory=list)  # [] = every room type

    @field_validator("name", "cancellation")
    @classmethod
    def _texts(cls, v: Texts) -> Texts:
        return _check_texts(v, "a rate plan text", 300)

    def display_name(self, lang: str) -> str:
        return self.name.get(lang) or next(iter(self.name.values()))

    def terms(self, lang: str) -> str:
        return self.cancellation.get(lang) or next(iter(self.cancellation.values()))


class Reception(_Strict):
    """Who a caller is put through to."""

    name: Texts = Field(default_factory=dict)  # "the reception" / "die Rezeption"
    transfer_uri: str | None = None  # a SIP URI once telephony is configured

    @field_validator("name")
    @classmethod
    def _names(cls, v: Texts) -> Texts:
        return _check_texts(v, "the reception's name", 60) if v else v


class HotelConfig(_Strict):
    hotel_id: str = "demo"
    name: str = "Hotel Sovren"
    timezone: str = "Europe/Berlin"
    # ISO 3166 code of the hotel's country: whose holiday calendar names the feasts callers
    # book by first (agents/understanding/feasts.py); callers' DE/AT/CH/GB/US names are known too.
    country: str = Field("DE", pattern=r"^[A-Z]{2}$")
    currency: str = Field("EUR", pattern=r"^[A-Z]{3}$")
    # Languages the hotel answers in; the first is the default for a caller who has not spoken.
    languages: list[str] = Field(default_factory=lambda: ["en", "de"], min_length=1)
    facts: dict[str, Fact] = Field(default_factory=dict)
    room_types: list[RoomType] = Field(default_factory=list)
    rate_plans: list[RatePlan] = Field(default_factory=list)
    reception: Reception = Reception()
    # Overrides of the agent's fixed sentences (agents/understanding/texts.py keys) per language.
    phrases: dict[str, dict[str, str]] = Field(default_factory=dict)
    # A fact without a text in the caller's language: offer the reception, or read it in the
    # language it exists in.
    missing_fact: Literal["offer_reception", "other_language"] = "offer_reception"
    max_stay_nights: int = Field(30, ge=1, le=365)
    # Pin the hotel's calendar day (demos and tests replay scripted calls written on one
    # date); None: the real clock in the hotel's time zone.
    simulated_date: dt.date | None = None

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as e:
            raise ValueError(
                f"unknown time zone {v!r}; use an IANA name such as Europe/Berlin"
            ) from e
        return v

    @field_validator("country")
    @classmethod
    def _country(cls, v: str) -> str:
        import holidays  # only when a site file is checked: the calendar knows its countries

        if v not in holidays.list_supported_countries():
            raise ValueError(
                f"no holiday calendar for country {v!r}; use an ISO 3166 code such as DE, AT, CH"
            )
        return v

    @field_validator("languages")
    @classmethod
    def _langs(cls, v: list[str]) -> list[str]:
        bad = [x for x in v if x not in SUPPORTED_LANGS]
        if bad:
            raise ValueError(
                f"the runtime cannot speak {', '.join(bad)}; supported: {', '.join(SUPPORTED_LANGS)}"
            )
        return v

    @field_validator("phrases")
    @classmethod
    def _phrase_langs(cls, v: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        return _check_langs(v, "phrases")

    @model_validator(mode="after")
    def _consistent(self) -> HotelConfig:
        problems = consistency_problems(self.model_dump(mode="json"))
        if problems:
            raise HotelProblems(problems)
        return self

    # ---- what the agents ask of the hotel ---------------------------------------------
    def room(self, code: str | None) -> RoomType | None:
        return next((r for r in self.room_types if r.code == code), None)

    def rate_plan(self, code: str | None) -> RatePlan | None:
        return next((p for p in self.rate_plans if p.code == code), None)

    def default_rate(self) -> RatePlan | None:
        """The plan a booking gets unless the caller chooses another: the marked default, else
        the first refundable one, else the first."""
        return (
            next((p for p in self.rate_plans if p.default), None)
            or next((p for p in self.rate_plans if p.refundable), None)
            or (self.rate_plans[0] if self.rate_plans else None)
        )

    def fact_text(self, key: str, lang: str) -> str | None:
        """The fact in ``lang``; in another language only when the hotel says so (missing_fact)."""
        fact = self.facts.get(key)
        if fact is None:
            return None
        if lang in fact.text:
            return fact.text[lang]
        if self.missing_fact == "other_language":
            return next(iter(fact.text.values()))
        return None

    def reception_name(self, lang: str) -> str:
        """How the agent names the reception in ``lang`` ("the reception", "die Rezeption")."""
        names = self.reception.name
        return names.get(lang) or _RECEPTION.get(lang) or next(iter(names.values()), "reception")

    def reception_kw(self, lang: str) -> dict[str, str]:
        """The reception's name for a sentence, as is and capitalised (German starts with it)."""
        name = self.reception_name(lang)
        return {"reception": name, "reception_cap": name[:1].upper() + name[1:]}

    def today(self) -> dt.date:
        """The hotel's calendar day: every date rule (INTEL, PMS validation) uses this."""
        if self.simulated_date is not None:
            return self.simulated_date
        return dt.datetime.now(ZoneInfo(self.timezone)).date()


def _duplicate_codes(items: list[dict], key: str, what: str) -> list[tuple[str, str]]:
    """Each repeat of a code in ``hotel.<key>``, pointing at the first: a code names one
    room type (one rate plan) to the PMS and the caller alike."""
    problems: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        code = item.get("code")
        if code is None:
            continue
        if str(code) in seen:
            problems.append(
                (
                    f"{key}[{i}].code",
                    f"duplicate {what} {code!r} (also {key}[{seen[str(code)]}]): each code once",
                )
            )
        seen.setdefault(str(code), i)
    return problems


def consistency_problems(hotel: dict) -> list[tuple[str, str]]:
    """Problems across rooms and rate plans, each with its path below ``hotel``.

    Works on plain data (a site file's ``hotel`` mapping or a model dump) so that
    ``sovren config check`` can report these together with field errors: pydantic runs
    the model's own check only when every field is valid.
    """

    def items(key: str) -> list[dict]:
        v = hotel.get(key)
        return [x if isinstance(x, dict) else {} for x in v] if isinstance(v, list) else []

    rooms, plans = items("room_types"), items("rate_plans")
    problems: list[tuple[str, str]] = []
    facts = hotel.get("facts")
    for key in facts if isinstance(facts, dict) else {}:
        if not str(key).replace("_", "").isalnum():
            problems.append((f"facts.{key}", "a fact key uses letters, digits and _ only"))
    codes = [str(r.get("code")) for r in rooms if r.get("code") is not None]
    problems += _duplicate_codes(rooms, "room_types", "room code")
    problems += _duplicate_codes(plans, "rate_plans", "rate plan code")
    for i, p in enumerate(plans):
        named = p.get("room_types")
        for c in named if isinstance(named, list) else []:
            if str(c) not in codes:
                problems.append(
                    (
                        f"rate_plans[{i}].room_types",
                        f"{c!r} is not a room type (configured: {', '.join(dict.fromkeys(codes)) or 'none'})",
                    )
                )
    defaults = [i for i, p in enumerate(plans) if p.get("default") is True]
    if len(defaults) > 1:
        problems.append(
            (
                "rate_plans",
                "more than one has default: true "
                f"({', '.join(str(plans[i].get('code')) for i in defaults)}); mark exactly one",
            )
        )
    refundable = [p.get("refundable", True) is not False for p in plans]
    if defaults and not refundable[defaults[0]] and any(refundable):
        problems.append(
            (
                f"rate_plans[{defaults[0]}].default",
                "the default rate plan must be refundable when a refundable one exists "
                "(callers get the non-refundable rate only when they choose it)",
            )
        )
    return problems
