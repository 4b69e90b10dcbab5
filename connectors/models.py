"""Vendor-neutral PMS models: what SOVREN knows about offers and reservations.

Why pydantic here (and msgspec on the wire): these objects come from the edge,
i.e. from vendor payloads, and their validation is part of the contract.
Dates are the hotel's *local* calendar dates (``datetime.date``), never
timestamps: a caller books "the 3rd to the 5th" in the hotel's time zone.
Money is a Decimal with its currency, never a float.

The models are deliberately lenient about *business* rules (a reservation read
back from a vendor may well have an arrival in the past); the request rules
(no past arrival, departure after arrival, at least one guest, a known room
type) live in connectors/validation.py and run before any vendor call.
"""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Money(_Model):
    amount: Decimal
    currency: str = Field(min_length=3, max_length=3, pattern=r"^[A-Z]{3}$")

    @field_validator("amount")
    @classmethod
    def _finite(cls, v: Decimal) -> Decimal:
        if not v.is_finite():
            raise ValueError("amount must be a finite number")
        return v

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")
        return Money(amount=self.amount + other.amount, currency=self.currency)

    def __sub__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError(f"cannot subtract {other.currency} from {self.currency}")
        return Money(amount=self.amount - other.amount, currency=self.currency)

    def as_json(self) -> dict[str, str]:
        return {"amount": str(self.amount), "currency": self.currency}


class Occupancy(_Model):
    adults: int = Field(ge=0, le=50)
    children: int = Field(default=0, ge=0, le=50)

    @property
    def total(self) -> int:
        return self.adults + self.children


class Guest(_Model):
    """The booker. Personal data: never log these fields unredacted."""

    name: str = Field(min_length=1, max_length=200)
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=254)

    @field_validator("name")
    @classmethod
    def _strip_name(cls, v: str) -> str:
        v = " ".join(v.split())
        if not v:
            raise ValueError("guest name must not be blank")
        return v

    @field_validator("phone")
    @classmethod
    def _phone(cls, v: str | None) -> str | None:
        if v is None or not v.strip():
            return None
        digits = sum(c.isdigit() for c in v)
        if digits < 5 or any(c not in "+0123456789 -()./" for c in v):
            raise ValueError("phone must be digits with optional +, spaces, dashes or brackets")
        return v.strip()

    @field_validator("email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        if v is None or not v.strip():
            return None
        v = v.strip()
        local, _, domain = v.partition("@")
        if not local or "." not in domain or " " in v:
            raise ValueError("email must look like name@domain.tld")
        return v


class RateOffer(_Model):
    """One bookable price for a stay. ``offer_id`` is opaque: only its adapter reads it."""

    offer_id: str = Field(min_length=1)
    vendor: str
    room_type: str
    rate_plan: str | None = None
    arrival: date
    departure: date
    occupancy: Occupancy
    total: Money
    cancellation_policy: str = ""
    available: int | None = None  # rooms left of this type for the stay, when the vendor says
    raw: dict[str, Any] = Field(default_factory=dict)

    @property
    def nights(self) -> int:
        return (self.departure - self.arrival).days


class ReservationStatus(enum.StrEnum):
    TENTATIVE = "tentative"
    CONFIRMED = "confirmed"
    CHECKED_IN = "checked_in"
    CHECKED_OUT = "checked_out"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


class Reservation(_Model):
    """A reservation as the vendor holds it now; ``raw`` is the vendor's own payload."""

    id: str = Field(min_length=1)
    confirmation: str = Field(min_length=1)
    vendor: str
    status: ReservationStatus
    arrival: date
    departure: date
    room_type: str
    rate_plan: str | None = None
    occupancy: Occupancy
    guest: Guest
    total: Money | None = None
    cancellation_policy: str = ""
    raw: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _dates(self) -> Reservation:
        if self.departure <= self.arrival:
            raise ValueError("reservation departure must be after its arrival")
        return self

    @property
    def nights(self) -> int:
        return (self.departure - self.arrival).days

    @property
    def active(self) -> bool:
        return self.status in (
            ReservationStatus.TENTATIVE,
            ReservationStatus.CONFIRMED,
            ReservationStatus.CHECKED_IN,
        )


class ChangeQuote(_Model):
    """What a change of dates/occupancy would cost, before committing to it."""

    reservation_id: str
    arrival: date
    departure: date
    occupancy: Occupancy
    room_type: str
    available: bool
    old_total: Money | None = None
    new_total: Money | None = None
    cancellation_policy: str = ""
    raw: dict[str, Any] = Field(default_factory=dict)

    @property
    def difference(self) -> Money | None:
        if self.old_total is None or self.new_total is None:
            return None
        return self.new_total - self.old_total
