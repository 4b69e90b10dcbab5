"""Cloudbeds API v1.3: RPC-style methods, form-encoded writes, ``x-api-key`` auth.

Wire format (cloudbeds/openapi-specs ``pms-v1.3-openapi.yaml``): base
``https://api.cloudbeds.com/api/v1.3/{method}``; reads are GETs with query parameters
(``getAvailableRoomTypes``, ``getRatePlans``, ``getRoomTypes``, ``getReservation``,
``getReservations`` with pageNumber/pageSize), writes are ``application/x-www-form-urlencoded``
(``postReservation``, ``putReservation``; nested arrays in the PHP bracket style
``rooms[0][roomTypeID]``). Every answer carries ``success``; failures add ``message``.
Cloudbeds has no idempotency header: a booking carries our key as ``thirdPartyIdentifier``
and is looked up by it (``getReservations`` on the arrival date) before sending and before
any retry.
"""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from config.sections.pms_vendors import CloudbedsSettings
from connectors.adapters._vendor_common import (
    HttpAdapterLifecycle,
    RefusalWords,
    change_to_make,
    filter_found,
    join_name,
    missing_blocks,
    split_name,
)
from connectors.errors import AuthError, Conflict, NotFound, PmsError, Unavailable, VendorError
from connectors.http import HttpPolicy, VendorHttpClient, VendorResponse
from connectors.http.client import is_transient, transient_error
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

VENDOR = "cloudbeds"
PAGE = 100

# What its refusals say when there is no room / the reservation's status forbids it.
_REFUSAL = RefusalWords(("availab", "sold out"), ("status", "cancel"))

_STATUS = {
    "not_confirmed": ReservationStatus.TENTATIVE,
    "confirmed": ReservationStatus.CONFIRMED,
    "checked_in": ReservationStatus.CHECKED_IN,
    "checked_out": ReservationStatus.CHECKED_OUT,
    "canceled": ReservationStatus.CANCELLED,
    "no_show": ReservationStatus.NO_SHOW,
}


class _W(BaseModel):
    model_config = ConfigDict(extra="allow")


class _RoomType(_W):
    roomTypeID: str
    roomTypeName: str = ""
    roomTypeNameShort: str
    maxGuests: int


class _RoomTypes(_W):
    success: bool
    data: list[_RoomType]


class _Nightly(_W):
    date: str
    rate: Decimal


class _AvailRoom(_W):
    roomTypeID: str
    roomTypeNameShort: str | None = None
    maxGuests: int
    roomRate: Decimal | None = None
    roomRateID: str | None = None
    roomsAvailable: int
    roomRateDetailed: list[_Nightly] | None = None


class _Currency(_W):
    currencyCode: str


class _AvailProperty(_W):
    propertyID: str | None = None
    propertyCurrency: list[_Currency] = Field(default_factory=list)
    propertyRooms: list[_AvailRoom] = Field(default_factory=list)


class _Avail(_W):
    success: bool
    data: list[_AvailProperty] = Field(default_factory=list)
    count: int = 0
    total: int = 0


class _RatePlan(_W):
    rateID: str
    roomTypeID: str
    roomRate: Decimal
    roomsAvailable: int = 0


class _RatePlans(_W):
    success: bool
    data: list[_RatePlan]


class _GuestW(_W):
    guestFirstName: str | None = None
    guestLastName: str | None = None
    guestEmail: str | None = None
    guestPhone: str | None = None
    guestCellPhone: str | None = None
    isMainGuest: bool = True


class _RoomW(_W):
    roomTypeID: str
    subReservationID: str | None = None
    adults: int | str = 0
    children: int | str = 0
    startDate: str | None = None
    endDate: str | None = None


class _ReservationW(_W):
    reservationID: str
    status: str
    startDate: str
    endDate: str
    thirdPartyIdentifier: str | None = None
    total: Decimal | None = None
    guestList: dict[str, _GuestW] = Field(default_factory=dict)
    assigned: list[_RoomW] = Field(default_factory=list)
    unassigned: list[_RoomW] = Field(default_factory=list)
    rooms: list[_RoomW] = Field(default_factory=list)
    adults: int | str | None = None
    children: int | str | None = None


class _One(_W):
    success: bool
    data: _ReservationW


class _Many(_W):
    success: bool
    data: list[_ReservationW] = Field(default_factory=list)
    count: int = 0
    total: int = 0


class _Posted(_W):
    success: bool
    reservationID: str


def _classifier():
    def classify(r: VendorResponse) -> PmsError | None:
        body: Any = None
        with contextlib.suppress(VendorError):
            body = r.json()
        failed = isinstance(body, dict) and body.get("success") is False
        if r.status < 400 and not failed:
            return None
        msg = str(body.get("message") or "") if isinstance(body, dict) else ""
        low = msg.lower()
        if r.status in (401, 403):
            return AuthError(
                f"{VENDOR}: API key rejected (HTTP {r.status}); check SOVREN_CLOUDBEDS_API_KEY",
                vendor=VENDOR,
            )
        if is_transient(r.status):
            return transient_error(VENDOR, r.status)
        if "not found" in low or r.status == 404:
            return NotFound(f"{VENDOR}: not found", vendor=VENDOR)
        return _REFUSAL.read(VENDOR, r.status, msg)

    return classify


def _int(v: int | str | None) -> int:
    try:
        return int(v or 0)
    except ValueError:
        return 0


class CloudbedsConnector(HttpAdapterLifecycle):
    vendor = VENDOR

    def __init__(
        self,
        cfg: CloudbedsSettings,
        *,
        base_url: str | None = None,
        policy: HttpPolicy | None = None,
        horizon_days: int = 365,
    ):
        key = require(cfg, "api_key", vendor=VENDOR)
        self.horizon_days = horizon_days
        self.property_id = cfg.value("property_id") or None
        self.client = VendorHttpClient(
            vendor=VENDOR,
            base_url=http_base_url(cfg, base_url, vendor=VENDOR),
            policy=policy,
            classify=_classifier(),
            static_headers={"x-api-key": key, "Accept": "application/json"},
        )
        self._types: dict[str, _RoomType] = {}
        self._by_code: dict[str, _RoomType] = {}

    @classmethod
    def hotel_kwargs(cls, settings) -> dict:
        return {}  # Cloudbeds answers in the property's dates: no time zone to convert

    def _params(self, **kw) -> dict[str, Any]:
        if self.property_id:
            kw.setdefault("propertyID", self.property_id)
        return {k: v for k, v in kw.items() if v is not None}

    async def _get(self, method: str, **params) -> Any:
        r = await self.client.request(
            "GET", f"/{method}", op=method, params=self._params(**params), idempotent=True
        )
        return r.json()

    async def _form(self, verb: str, method: str, form: dict, *, idempotent: bool) -> Any:
        if self.property_id:
            form.setdefault("propertyID", self.property_id)
        r = await self.client.request(
            verb, f"/{method}", op=method, data=form, idempotent=idempotent
        )
        return r.json()

    async def open(self) -> None:
        if self._types:
            return
        body = await self._get("getRoomTypes")
        for rt in self.client.parse(_RoomTypes, body, what="room types").data:
            self._types[rt.roomTypeID] = rt
            self._by_code[rt.roomTypeNameShort] = rt

    # -- translation ---------------------------------------------------------------------
    def _reservation(self, w: _ReservationW, raw: dict) -> Reservation:
        status = _STATUS.get(w.status)
        if status is None:
            raise VendorError(f"{VENDOR}: unknown reservation status {w.status!r}", vendor=VENDOR)
        rooms = w.assigned + w.unassigned or w.rooms
        if not rooms:
            raise VendorError(f"{VENDOR}: reservation without rooms", vendor=VENDOR)
        room = rooms[0]
        main = next((g for g in w.guestList.values() if g.isMainGuest), None) or next(
            iter(w.guestList.values()), _GuestW()
        )
        rt = self._types.get(room.roomTypeID)
        adults = _int(room.adults) or _int(w.adults)
        return Reservation(
            id=w.reservationID,
            confirmation=w.reservationID,
            vendor=VENDOR,
            status=status,
            arrival=date.fromisoformat(w.startDate[:10]),
            departure=date.fromisoformat(w.endDate[:10]),
            room_type=rt.roomTypeNameShort if rt else room.roomTypeID,
            occupancy=Occupancy(adults=adults, children=_int(room.children)),
            guest=Guest(
                name=join_name(main.guestFirstName, main.guestLastName),
                phone=main.guestPhone or main.guestCellPhone or None,
                email=main.guestEmail or None,
            ),
            total=Money(amount=w.total, currency=self._currency) if w.total is not None else None,
            raw=raw,
        )

    _currency = "EUR"

    async def _nightly_prices(self, arrival: date, departure: date) -> dict[str, Decimal]:
        """Total of the stay per room type id from the rate plans (regardless of availability)."""
        body = await self._get(
            "getRatePlans",
            startDate=arrival.isoformat(),
            endDate=departure.isoformat(),
            detailedRates="false",
        )
        plans = self.client.parse(_RatePlans, body, what="rate plans")
        return {p.roomTypeID: p.roomRate for p in plans.data}

    async def _available(
        self, arrival: date, departure: date, occ: Occupancy
    ) -> list[tuple[_AvailRoom, dict, str]]:
        out: list[tuple[_AvailRoom, dict, str]] = []
        page = 1
        while True:
            body = await self._get(
                "getAvailableRoomTypes",
                startDate=arrival.isoformat(),
                endDate=departure.isoformat(),
                rooms=1,
                adults=occ.adults,
                children=occ.children,
                detailedRates="true",
                pageNumber=page,
                pageSize=PAGE,
            )
            parsed = self.client.parse(_Avail, body, what="available room types")
            for prop, praw in zip(parsed.data, body.get("data", []), strict=False):
                cur = (
                    prop.propertyCurrency[0].currencyCode
                    if prop.propertyCurrency
                    else self._currency
                )
                self._currency = cur
                for room, rraw in zip(
                    prop.propertyRooms, praw.get("propertyRooms", []), strict=False
                ):
                    out.append((room, rraw, cur))
            if parsed.count == 0 or page * PAGE >= parsed.total:
                return out
            page += 1

    # -- contract -------------------------------------------------------------------------
    async def search_availability(
        self, arrival: date, departure: date, occupancy: Occupancy, room_type: str | None = None
    ) -> list[RateOffer]:
        await self.open()
        offers = []
        for room, raw, cur in await self._available(arrival, departure, occupancy):
            code = (
                room.roomTypeNameShort or self._types.get(room.roomTypeID, room).roomTypeNameShort
            )
            if room.roomsAvailable < 1 or room.maxGuests < occupancy.total:
                continue
            if room_type and code != room_type:
                continue
            if room.roomRateDetailed:
                total = sum((n.rate for n in room.roomRateDetailed), Decimal(0))
            elif room.roomRate is not None:
                total = room.roomRate
            else:
                raise VendorError(f"{VENDOR}: room type without a rate", vendor=VENDOR)
            offers.append(
                RateOffer(
                    offer_id=f"{room.roomTypeID}|{room.roomRateID or ''}",
                    vendor=VENDOR,
                    room_type=code,
                    rate_plan=room.roomRateID,
                    arrival=arrival,
                    departure=departure,
                    occupancy=occupancy,
                    total=Money(amount=total, currency=cur),
                    available=room.roomsAvailable,
                    raw=raw,
                )
            )
        return sorted(offers, key=lambda o: (o.total.amount, o.room_type))

    async def _list(self, **filters) -> list[Reservation]:
        out: list[Reservation] = []
        page = 1
        while True:
            body = await self._get(
                "getReservations",
                includeGuestsDetails="true",
                includeAllRooms="true",
                pageNumber=page,
                pageSize=PAGE,
                **filters,
            )
            parsed = self.client.parse(_Many, body, what="reservations")
            out += [
                self._reservation(w, raw)
                for w, raw in zip(parsed.data, body.get("data", []), strict=False)
            ]
            if not parsed.data or page * PAGE >= parsed.total:
                return out
            page += 1

    async def _by_reference(self, arrival: date, key: str) -> Reservation | None:
        found = await self._list(checkInFrom=arrival.isoformat(), checkInTo=arrival.isoformat())
        for r in found:
            if (r.raw or {}).get("thirdPartyIdentifier") == key:
                return r
        return None

    async def create_reservation(
        self, offer: RateOffer, guest: Guest, idempotency_key: str
    ) -> Reservation:
        await self.open()
        existing = await self._by_reference(offer.arrival, idempotency_key)
        if existing is not None:
            return existing
        type_id, _, rate_id = offer.offer_id.partition("|")
        if type_id not in self._types:
            rt = self._by_code.get(offer.room_type)
            if rt is None:
                raise Unavailable(f"{VENDOR}: unknown room type {offer.room_type}", vendor=VENDOR)
            type_id, rate_id = rt.roomTypeID, ""
        first, last = split_name(guest.name)
        form = {
            "startDate": offer.arrival.isoformat(),
            "endDate": offer.departure.isoformat(),
            "guestFirstName": first or last,
            "guestLastName": last,
            "thirdPartyIdentifier": idempotency_key,
            "rooms[0][roomTypeID]": type_id,
            "rooms[0][quantity]": "1",
            "adults[0][roomTypeID]": type_id,
            "adults[0][quantity]": str(offer.occupancy.adults),
            "children[0][roomTypeID]": type_id,
            "children[0][quantity]": str(offer.occupancy.children),
            "paymentMethod": "cash",
            "sendEmailConfirmation": "false",
        }
        if rate_id:
            form["rooms[0][roomRateID]"] = rate_id
        if guest.email:
            form["guestEmail"] = guest.email
        if guest.phone:
            form["guestPhone"] = guest.phone

        async def send() -> Reservation:
            body = await self._form("POST", "postReservation", dict(form), idempotent=False)
            posted = self.client.parse(_Posted, body, what="posted reservation")
            return await self.get_reservation(posted.reservationID)

        return await self.client.create_once(
            send, lambda: self._by_reference(offer.arrival, idempotency_key), op="postReservation"
        )

    async def get_reservation(self, id_or_confirmation: str) -> Reservation:
        await self.open()
        body = await self._get("getReservation", reservationID=id_or_confirmation.strip())
        one = self.client.parse(_One, body, what="reservation")
        return self._reservation(one.data, body["data"])

    async def find_reservations(
        self,
        guest_name: str | None = None,
        arrival: date | None = None,
        phone: str | None = None,
        email: str | None = None,
    ) -> list[Reservation]:
        await self.open()
        filters: dict[str, Any] = {}
        if arrival:
            filters.update(checkInFrom=arrival.isoformat(), checkInTo=arrival.isoformat())
        else:
            # Callers ask about stays to come: search arrivals from yesterday to the horizon.
            today = date.today()
            filters.update(
                checkInFrom=(today - timedelta(days=1)).isoformat(),
                checkInTo=(today + timedelta(days=self.horizon_days)).isoformat(),
            )
        # getReservations filters names only exactly (firstName/lastName): the contract's
        # case-insensitive substring match, and phones/e-mails, are applied here.
        found = await self._list(**filters)
        return filter_found(found, guest_name, arrival, phone, email)

    async def _fits(self, res: Reservation, arrival: date, departure: date, occ: Occupancy) -> bool:
        """Only nights the reservation does not already hold need free rooms."""
        blocks = missing_blocks(res, arrival, departure)
        rt = self._by_code.get(res.room_type)
        if rt is None or rt.maxGuests < occ.total:
            return False
        for a, d in blocks:
            rooms = await self._available(a, d, occ)
            if not any(r.roomTypeID == rt.roomTypeID and r.roomsAvailable > 0 for r, _, _ in rooms):
                return False
        return True

    async def quote_change(
        self,
        reservation: Reservation,
        new_arrival: date,
        new_departure: date,
        occupancy: Occupancy | None = None,
    ) -> ChangeQuote:
        await self.open()
        occ = occupancy or reservation.occupancy
        rt = self._by_code.get(reservation.room_type)
        prices = await self._nightly_prices(new_arrival, new_departure)
        new_total = prices.get(rt.roomTypeID) if rt else None
        old_total = reservation.total
        if old_total is None and rt:
            old = (await self._nightly_prices(reservation.arrival, reservation.departure)).get(
                rt.roomTypeID
            )
            old_total = Money(amount=old, currency=self._currency) if old is not None else None
        return ChangeQuote(
            reservation_id=reservation.id,
            arrival=new_arrival,
            departure=new_departure,
            occupancy=occ,
            room_type=reservation.room_type,
            available=await self._fits(reservation, new_arrival, new_departure, occ),
            old_total=old_total,
            new_total=Money(amount=new_total, currency=self._currency)
            if new_total is not None
            else None,
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
        await self.open()
        current = await self.get_reservation(reservation.id)
        occ = change_to_make(VENDOR, current, new_arrival, new_departure, occupancy)
        if occ is None:
            return current  # already applied (a repeat of the same change)
        if not await self._fits(current, new_arrival, new_departure, occ):
            raise Unavailable(f"{VENDOR}: the new stay does not fit", vendor=VENDOR)
        raw = current.raw or {}
        rooms = (raw.get("assigned") or []) + (raw.get("unassigned") or [])
        sub = rooms[0].get("subReservationID") if rooms else None
        rt = self._by_code[current.room_type]
        form = {
            "reservationID": current.id,
            "rooms[0][roomTypeID]": rt.roomTypeID,
            "rooms[0][checkinDate]": new_arrival.isoformat(),
            "rooms[0][checkoutDate]": new_departure.isoformat(),
            "rooms[0][adults]": str(occ.adults),
            "rooms[0][children]": str(occ.children),
        }
        if sub:
            form["rooms[0][subReservationID]"] = sub
        # An absolute room configuration: repeating it after an unknown outcome is harmless.
        await self._form("PUT", "putReservation", form, idempotent=True)
        return await self.get_reservation(current.id)

    async def cancel_reservation(self, reservation: Reservation, reason: str) -> Reservation:
        await self.open()
        current = await self.get_reservation(reservation.id)
        if current.status is ReservationStatus.CANCELLED:
            return current
        with contextlib.suppress(Conflict):  # a repeated cancel that already landed
            await self._form(
                "PUT",
                "putReservation",
                {
                    "reservationID": current.id,
                    "status": "canceled",
                    "sendStatusChangeEmail": "false",
                },
                idempotent=True,
            )
        after = await self.get_reservation(current.id)
        if after.status is not ReservationStatus.CANCELLED:
            raise Conflict(f"{VENDOR}: reservation could not be cancelled", vendor=VENDOR)
        return after
