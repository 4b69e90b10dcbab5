"""apaleo: Booking and Inventory APIs over REST/JSON with OAuth2 client credentials.

Wire format (apaleo.dev, Swagger at api.apaleo.com): bearer token from
``identity.apaleo.com/connect/token``; ``GET /booking/v1/offers`` for stay offers,
``POST /booking/v1/bookings`` (with the ``Idempotency-Key`` header) to book,
``GET /booking/v1/reservations[/{id}]`` (pageNumber/pageSize) to read,
``GET /booking/v1/reservations/{id}/offers`` + ``PUT /booking/v1/reservation-actions/{id}/amend``
to change dates, ``PUT /booking/v1/reservation-actions/{id}/cancel`` to cancel.
Errors carry ``{"messages": [...]}``; empty lists are ``204 No Content``.
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from config.sections.pms_vendors import ApaleoSettings
from connectors.adapters._vendor_common import (
    HttpAdapterLifecycle,
    RefusalWords,
    change_to_make,
    filter_found,
    join_name,
    local_date,
    nights,
    split_name,
)
from connectors.errors import Conflict, NotFound, PmsError, Unavailable, VendorError
from connectors.http import (
    ClientCredentialsToken,
    HttpPolicy,
    VendorHttpClient,
    VendorResponse,
)
from connectors.http.client import default_classifier
from connectors.http.credentials import base_url as http_base_url
from connectors.http.credentials import require
from connectors.models import (
    ChangeQuote,
    Guest,
    Money,
    Occupancy,
    RateOffer,
    Reservation,
    ReservationStatus,
)

VENDOR = "apaleo"
PAGE_SIZE = 100

# What its refusals say when there is no room / the reservation's status forbids it.
_REFUSAL = RefusalWords(("availab", "overbook"), ("status", "canceled", "cancelled"))

_STATUS = {
    "Confirmed": ReservationStatus.CONFIRMED,
    "InHouse": ReservationStatus.CHECKED_IN,
    "CheckedOut": ReservationStatus.CHECKED_OUT,
    "Canceled": ReservationStatus.CANCELLED,
    "NoShow": ReservationStatus.NO_SHOW,
}


class _W(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class _Amount(_W):
    amount: Decimal
    currency: str


class _Ref(_W):
    id: str
    code: str | None = None
    name: str | None = None


class _Fee(_W):
    name: str | None = None
    description: str | None = None
    fee: _Amount | None = None


class _Offer(_W):
    unitGroup: _Ref
    ratePlan: _Ref
    arrival: str
    departure: str
    availableUnits: int = 0
    totalGrossAmount: _Amount
    cancellationFee: _Fee | None = None


class _Offers(_W):
    offers: list[_Offer] = Field(default_factory=list)


class _Person(_W):
    firstName: str | None = None
    lastName: str = ""
    email: str | None = None
    phone: str | None = None


class _Reservation(_W):
    id: str
    bookingId: str
    status: str
    arrival: str
    departure: str
    adults: int
    childrenAges: list[int] = Field(default_factory=list)
    unitGroup: _Ref
    ratePlan: _Ref
    totalGrossAmount: _Amount | None = None
    primaryGuest: _Person | None = None
    booker: _Person | None = None
    cancellationFee: _Fee | None = None


class _ReservationList(_W):
    reservations: list[_Reservation] = Field(default_factory=list)
    count: int = 0


class _BookingCreated(_W):
    id: str
    reservationIds: list[_Ref]


def _classifier():
    base = default_classifier(VENDOR)

    def classify(r: VendorResponse) -> PmsError | None:
        if r.status == 422 or r.status == 400:
            try:
                msgs = " ".join((r.json() or {}).get("messages") or [])
            except (VendorError, AttributeError):
                msgs = ""
            return _REFUSAL.read(VENDOR, r.status, msgs)
        return base(r)

    return classify


class ApaleoConnector(HttpAdapterLifecycle):
    vendor = VENDOR

    def __init__(
        self,
        cfg: ApaleoSettings,
        *,
        base_url: str | None = None,
        property_id: str | None = None,
        timezone: str = "Europe/Berlin",
        policy: HttpPolicy | None = None,
        channel_code: str = "Direct",
        horizon_days: int = 365,
    ):
        self.horizon_days = horizon_days
        client_id = require(cfg, "client_id", vendor=VENDOR)
        secret = require(cfg, "client_secret", vendor=VENDOR)
        self.property_id = property_id or require(cfg, "property_id", vendor=VENDOR)
        self.tz = ZoneInfo(timezone)
        self.channel_code = channel_code
        api = http_base_url(cfg, base_url, vendor=VENDOR)
        ident = require(cfg, "identity_url", vendor=VENDOR).rstrip("/")
        self.client = VendorHttpClient(
            vendor=VENDOR,
            base_url=api,
            policy=policy,
            classify=_classifier(),
            static_headers={"Accept": "application/json"},
            token_factory=lambda http: ClientCredentialsToken(
                vendor=VENDOR,
                token_url=f"{ident}/connect/token",
                client_id=client_id,
                client_secret=secret,
                http=http,
                auth_style="basic",
            ),
        )

    async def open(self) -> None:
        """Fetch the token now, so a bad client id/secret shows at start-up and in
        ``sovren pms check`` rather than on the first caller's request."""
        await self.client.token.get()

    # -- translation -----------------------------------------------------------------
    def _reservation(self, w: _Reservation, raw: dict) -> Reservation:
        person = w.primaryGuest or w.booker or _Person()
        status = _STATUS.get(w.status)
        if status is None:
            raise VendorError(f"{VENDOR}: unknown reservation status {w.status!r}", vendor=VENDOR)
        fee = w.cancellationFee
        return Reservation(
            id=w.id,
            confirmation=w.bookingId,
            vendor=VENDOR,
            status=status,
            arrival=local_date(w.arrival, self.tz),
            departure=local_date(w.departure, self.tz),
            room_type=w.unitGroup.code or w.unitGroup.id,
            rate_plan=w.ratePlan.code or w.ratePlan.id,
            occupancy=Occupancy(adults=w.adults, children=len(w.childrenAges)),
            guest=Guest(
                name=join_name(person.firstName, person.lastName),
                phone=person.phone or None,
                email=person.email or None,
            ),
            total=Money(amount=w.totalGrossAmount.amount, currency=w.totalGrossAmount.currency)
            if w.totalGrossAmount
            else None,
            cancellation_policy=(fee.description or fee.name or "") if fee else "",
            raw=raw,
        )

    def _offer(self, o: _Offer, occupancy: Occupancy, raw: dict) -> RateOffer:
        fee = o.cancellationFee
        return RateOffer(
            offer_id=f"{o.ratePlan.id}|{o.unitGroup.id}",
            vendor=VENDOR,
            room_type=o.unitGroup.code or o.unitGroup.id,
            rate_plan=o.ratePlan.code or o.ratePlan.id,
            arrival=local_date(o.arrival, self.tz),
            departure=local_date(o.departure, self.tz),
            occupancy=occupancy,
            total=Money(amount=o.totalGrossAmount.amount, currency=o.totalGrossAmount.currency),
            cancellation_policy=(fee.description or fee.name or "") if fee else "",
            available=o.availableUnits,
            raw=raw,
        )

    async def _get_json(self, path: str, *, op: str, params=None, accept=()) -> tuple[int, Any]:
        r = await self.client.request(
            "GET", path, op=op, params=params, idempotent=True, accept_statuses=accept
        )
        if r.status == 204 or not r.content:
            return r.status, None
        return r.status, r.json()

    async def _fetch(self, reservation_id: str) -> Reservation:
        status, body = await self._get_json(
            f"/booking/v1/reservations/{reservation_id}", op="get reservation"
        )
        w = self.client.parse(_Reservation, body, what="reservation")
        return self._reservation(w, body)

    # -- contract ------------------------------------------------------------------------
    async def search_availability(
        self, arrival: date, departure: date, occupancy: Occupancy, room_type: str | None = None
    ) -> list[RateOffer]:
        params: dict[str, Any] = {
            "propertyId": self.property_id,
            "arrival": arrival.isoformat(),
            "departure": departure.isoformat(),
            "adults": occupancy.adults,
            "channelCode": self.channel_code,
        }
        if occupancy.children:
            params["childrenAges"] = ",".join(["8"] * occupancy.children)
        _, body = await self._get_json("/booking/v1/offers", op="offers", params=params)
        if body is None:
            return []
        parsed = self.client.parse(_Offers, body, what="offers")
        raws = body.get("offers", [])
        out = [
            self._offer(o, occupancy, raw)
            for o, raw in zip(parsed.offers, raws, strict=False)
            if o.availableUnits > 0
        ]
        if room_type:
            out = [o for o in out if o.room_type == room_type]
        return sorted(out, key=lambda o: (o.total.amount, o.room_type))

    async def create_reservation(
        self, offer: RateOffer, guest: Guest, idempotency_key: str
    ) -> Reservation:
        rate_plan_id = offer.offer_id.split("|", 1)[0]
        first, last = split_name(guest.name)
        person = {"firstName": first, "lastName": last}
        if guest.email:
            person["email"] = guest.email
        if guest.phone:
            person["phone"] = guest.phone
        body = {
            "booker": person,
            "reservations": [
                {
                    "arrival": offer.arrival.isoformat(),
                    "departure": offer.departure.isoformat(),
                    "adults": offer.occupancy.adults,
                    "childrenAges": [8] * offer.occupancy.children,
                    "channelCode": self.channel_code,
                    "primaryGuest": person,
                    "guaranteeType": "PM6Hold",
                    "timeSlices": [
                        {"ratePlanId": rate_plan_id} for _ in nights(offer.arrival, offer.departure)
                    ],
                }
            ],
        }
        # apaleo honours Idempotency-Key: a retry with the same key returns the first
        # booking, so the shared client may repeat this write after an unknown outcome.
        r = await self.client.request(
            "POST",
            "/booking/v1/bookings",
            op="create booking",
            json=body,
            idempotent=False,
            idempotency_header="Idempotency-Key",
            idempotency_key=idempotency_key,
        )
        created = self.client.parse(_BookingCreated, r.json(), what="booking created")
        if not created.reservationIds:
            raise VendorError(f"{VENDOR}: booking created without a reservation", vendor=VENDOR)
        return await self._fetch(created.reservationIds[0].id)

    async def get_reservation(self, id_or_confirmation: str) -> Reservation:
        key = id_or_confirmation.strip()
        status, body = await self._get_json(
            f"/booking/v1/reservations/{key}", op="get reservation", accept=(404,)
        )
        if status != 404 and body is not None:
            return self._reservation(
                self.client.parse(_Reservation, body, what="reservation"), body
            )
        # Not a reservation id: the guest's confirmation is apaleo's booking id.
        _, body = await self._get_json(
            "/booking/v1/reservations",
            op="reservations by booking",
            params={"bookingId": key, "pageNumber": 1, "pageSize": PAGE_SIZE},
        )
        if body is None:
            raise NotFound(f"{VENDOR}: no reservation {key}", vendor=VENDOR)
        lst = self.client.parse(_ReservationList, body, what="reservation list")
        if not lst.reservations:
            raise NotFound(f"{VENDOR}: no reservation {key}", vendor=VENDOR)
        return self._reservation(lst.reservations[0], body["reservations"][0])

    async def find_reservations(
        self,
        guest_name: str | None = None,
        arrival: date | None = None,
        phone: str | None = None,
        email: str | None = None,
    ) -> list[Reservation]:
        params: dict[str, Any] = {"propertyIds": self.property_id, "pageSize": PAGE_SIZE}
        # textSearch covers names and e-mails; phone numbers are written in too many
        # ways ("030 …" vs "+49 30 …") for a substring search, so they are matched here.
        text = guest_name or email
        if text:
            params["textSearch"] = text
        if arrival:
            params.update(
                {"dateFilter": "Arrival", "from": arrival.isoformat(), "to": arrival.isoformat()}
            )
        else:
            # Callers ask about stays to come: search arrivals from yesterday to the horizon.
            today = datetime.now(self.tz).date()
            params.update(
                {
                    "dateFilter": "Arrival",
                    "from": (today - timedelta(days=1)).isoformat(),
                    "to": (today + timedelta(days=self.horizon_days)).isoformat(),
                }
            )
        found: list[Reservation] = []
        page = 1
        while True:
            params["pageNumber"] = page
            _, body = await self._get_json("/booking/v1/reservations", op="find", params=params)
            if body is None:
                break
            lst = self.client.parse(_ReservationList, body, what="reservation list")
            found += [
                self._reservation(w, raw)
                for w, raw in zip(lst.reservations, body["reservations"], strict=False)
            ]
            if not lst.reservations or page * PAGE_SIZE >= lst.count:
                break
            page += 1
        return filter_found(found, guest_name, arrival, phone, email)

    async def _amend_offer(
        self, reservation: Reservation, arrival: date, departure: date, occ: Occupancy
    ) -> tuple[_Offer | None, dict | None]:
        params: dict[str, Any] = {
            "arrival": arrival.isoformat(),
            "departure": departure.isoformat(),
            "adults": occ.adults,
        }
        _, body = await self._get_json(
            f"/booking/v1/reservations/{reservation.id}/offers", op="amend offers", params=params
        )
        if body is None:
            return None, None
        parsed = self.client.parse(_Offers, body, what="amend offers")
        for o, raw in zip(parsed.offers, body.get("offers", []), strict=False):
            same_rt = (o.unitGroup.code or o.unitGroup.id) == reservation.room_type
            same_rp = (o.ratePlan.code or o.ratePlan.id) == (
                reservation.rate_plan or o.ratePlan.code
            )
            if same_rt and same_rp and o.availableUnits > 0:
                return o, raw
        return None, None

    async def quote_change(
        self,
        reservation: Reservation,
        new_arrival: date,
        new_departure: date,
        occupancy: Occupancy | None = None,
    ) -> ChangeQuote:
        occ = occupancy or reservation.occupancy
        offer, raw = await self._amend_offer(reservation, new_arrival, new_departure, occ)
        return ChangeQuote(
            reservation_id=reservation.id,
            arrival=new_arrival,
            departure=new_departure,
            occupancy=occ,
            room_type=reservation.room_type,
            available=offer is not None,
            old_total=reservation.total,
            new_total=Money(
                amount=offer.totalGrossAmount.amount, currency=offer.totalGrossAmount.currency
            )
            if offer
            else None,
            cancellation_policy=(offer.cancellationFee.description or "")
            if offer and offer.cancellationFee
            else reservation.cancellation_policy,
            raw=raw or {},
        )

    async def modify_reservation(
        self,
        reservation: Reservation,
        new_arrival: date,
        new_departure: date,
        occupancy: Occupancy | None = None,
        *,
        idempotency_key: str,
    ) -> Reservation:
        current = await self._fetch(reservation.id)
        occ = change_to_make(VENDOR, current, new_arrival, new_departure, occupancy)
        if occ is None:
            return current  # already applied (a repeat of the same change)
        offer, _ = await self._amend_offer(current, new_arrival, new_departure, occ)
        if offer is None:
            raise Unavailable(f"{VENDOR}: the new stay does not fit", vendor=VENDOR)
        body = {
            "arrival": new_arrival.isoformat(),
            "departure": new_departure.isoformat(),
            "adults": occ.adults,
            "childrenAges": [8] * occ.children,
            "timeSlices": [
                {"ratePlanId": offer.ratePlan.id} for _ in nights(new_arrival, new_departure)
            ],
        }
        # An amend states the absolute new stay: repeating it is harmless (apaleo takes
        # no Idempotency-Key on reservation actions, only on POSTs).
        await self.client.request(
            "PUT",
            f"/booking/v1/reservation-actions/{reservation.id}/amend",
            op="amend",
            json=body,
            idempotent=True,
        )
        return await self._fetch(reservation.id)

    async def cancel_reservation(self, reservation: Reservation, reason: str) -> Reservation:
        current = await self._fetch(reservation.id)
        if current.status is ReservationStatus.CANCELLED:
            return current
        # A retried cancel whose first attempt landed answers 422 (Conflict): read back.
        with contextlib.suppress(Conflict):
            await self.client.request(
                "PUT",
                f"/booking/v1/reservation-actions/{reservation.id}/cancel",
                op="cancel",
                idempotent=True,
            )
        after = await self._fetch(reservation.id)
        if after.status is not ReservationStatus.CANCELLED:
            raise Conflict(f"{VENDOR}: reservation could not be cancelled", vendor=VENDOR)
        return after
