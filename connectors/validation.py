"""Request rules checked once, in the core, before any adapter or vendor is called.

Why here and not in each adapter: "arrival in the past" or "unknown room type"
must mean the same thing whichever vendor the hotel uses, and a bad request
must never cost a vendor round-trip (nor count against its rate limit).
"Today" is the hotel's calendar day in its own time zone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from connectors.errors import Conflict, InvalidRequest
from connectors.models import Guest, Occupancy, RateOffer, Reservation, ReservationStatus


class RequestValidator:
    def __init__(
        self,
        *,
        timezone: str,
        room_types: Iterable[str],
        max_stay_nights: int = 30,
        today: Callable[[], date] | None = None,
    ):
        try:
            tz = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as e:
            raise InvalidRequest(f"hotel.timezone {timezone!r} is not a known time zone") from e
        self.room_types = frozenset(room_types)
        self.max_stay_nights = max_stay_nights
        self._today = today or (lambda: datetime.now(tz).date())

    @classmethod
    def from_settings(cls, settings) -> RequestValidator:
        hotel = settings.hotel
        return cls(
            timezone=hotel.timezone,
            room_types=[rt.code for rt in hotel.room_types],
            max_stay_nights=hotel.max_stay_nights,
            today=hotel.today,
        )

    def today(self) -> date:
        return self._today()

    # -- pieces ------------------------------------------------------------
    def stay(self, arrival: date, departure: date, *, allow_past_arrival: bool = False) -> None:
        if not isinstance(arrival, date) or not isinstance(departure, date):
            raise InvalidRequest("arrival and departure must be dates", field="arrival")
        if not allow_past_arrival and arrival < self.today():
            raise InvalidRequest(
                f"arrival {arrival.isoformat()} is in the past (hotel date today is "
                f"{self.today().isoformat()})",
                field="arrival",
            )
        if departure <= arrival:
            raise InvalidRequest(
                f"departure {departure.isoformat()} must be after arrival {arrival.isoformat()}",
                field="departure",
            )
        nights = (departure - arrival).days
        if nights > self.max_stay_nights:
            raise InvalidRequest(
                f"a stay of {nights} nights exceeds the maximum of {self.max_stay_nights}",
                field="departure",
            )

    def occupancy(self, occupancy: Occupancy) -> None:
        if not isinstance(occupancy, Occupancy):
            raise InvalidRequest("occupancy must be an Occupancy", field="guests")
        if occupancy.adults < 1:
            raise InvalidRequest(
                "at least one adult guest is needed" if occupancy.total else "zero guests",
                field="guests",
            )

    def room_type(self, room_type: str | None) -> None:
        if room_type is not None and room_type not in self.room_types:
            known = ", ".join(sorted(self.room_types)) or "none configured"
            raise InvalidRequest(
                f"unknown room type {room_type!r} (known: {known})", field="room_type"
            )

    # -- per contract method ----------------------------------------------
    def search(self, arrival, departure, occupancy, room_type) -> None:
        self.stay(arrival, departure)
        self.occupancy(occupancy)
        self.room_type(room_type)

    def create(self, offer: RateOffer, guest: Guest, idempotency_key: str, vendor: str) -> None:
        if not isinstance(offer, RateOffer):
            raise InvalidRequest(
                "offer must be a RateOffer from search_availability", field="offer_id"
            )
        if offer.vendor != vendor:
            raise InvalidRequest(
                f"offer comes from vendor {offer.vendor!r}, not {vendor!r}", field="offer_id"
            )
        if not isinstance(guest, Guest):
            raise InvalidRequest("guest must be a Guest", field="guest_name")
        self.idempotency_key(idempotency_key)
        self.stay(offer.arrival, offer.departure)
        self.occupancy(offer.occupancy)
        self.room_type(offer.room_type)

    def idempotency_key(self, key: str) -> None:
        if not isinstance(key, str) or not key.strip() or len(key) > 200:
            raise InvalidRequest(
                "an idempotency key (1-200 characters) is required on every write",
                field="idempotency_key",
            )

    def reference(self, id_or_confirmation: str) -> str:
        ref = id_or_confirmation.strip() if isinstance(id_or_confirmation, str) else ""
        if not ref or len(ref) > 100:
            raise InvalidRequest(
                "a reservation id or confirmation number is required", field="confirmation"
            )
        return ref

    def find(self, guest_name, arrival, phone, email) -> None:
        if not any(v not in (None, "") for v in (guest_name, arrival, phone, email)):
            raise InvalidRequest(
                "give at least one of guest name, arrival, phone or email", field="guest_name"
            )
        if guest_name is not None and len(guest_name.strip()) < 2:
            raise InvalidRequest("guest name must have at least 2 characters", field="guest_name")
        if phone is not None and sum(c.isdigit() for c in phone) < 5:
            raise InvalidRequest("phone must have at least 5 digits", field="phone")

    def change(self, reservation: Reservation, new_arrival, new_departure, occupancy) -> None:
        if not isinstance(reservation, Reservation):
            raise InvalidRequest("reservation must be a Reservation", field="reservation_id")
        if not reservation.active:
            raise Conflict(
                f"reservation {reservation.confirmation} is {reservation.status.value}; "
                "it cannot be changed"
            )
        # An unchanged arrival of a stay already under way is fine; a new one must not be past.
        self.stay(new_arrival, new_departure, allow_past_arrival=new_arrival == reservation.arrival)
        if occupancy is not None:
            self.occupancy(occupancy)

    def cancel(self, reservation: Reservation, reason: str) -> None:
        if not isinstance(reservation, Reservation):
            raise InvalidRequest("reservation must be a Reservation", field="reservation_id")
        if not isinstance(reason, str) or not reason.strip():
            raise InvalidRequest("a cancellation reason is required", field="reason")
        if reservation.status in (
            ReservationStatus.CHECKED_IN,
            ReservationStatus.CHECKED_OUT,
            ReservationStatus.NO_SHOW,
        ):
            raise Conflict(
                f"reservation {reservation.confirmation} is {reservation.status.value}; "
                "it cannot be cancelled"
            )
