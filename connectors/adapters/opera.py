"""Oracle OPERA Cloud through OHIP (Oracle Hospitality Integration Platform) REST APIs.

Wire format (oracle/hospitality-api-docs, rest-api-specs/property: oauth.json, par.json,
rsv.json): token from ``POST /oauth/v1/tokens`` (client credentials, HTTP Basic client
id/secret, ``x-app-key`` header, a ``scope``; optional ``enterpriseId`` header on OCIM
tenants); every call sends ``Authorization: Bearer``, ``x-app-key`` and ``x-hotelid``.
Availability: ``GET /par/v1/hotels/{hotelId}/availability``; reservations:
``/rsv/v1/hotels/{hotelId}/reservations[/{reservationId}[/cancellations]]`` with
offset/limit paging (``hasMore``/``totalResults``). Errors are RFC 7807-style
``{type, title, status, detail, o:errorCode}``. OHIP publishes no idempotency header: a
booking carries our key in ``externalReferences`` and is looked up by
``externalReferenceIds`` before sending and before any retry.
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from config.sections.pms_vendors import OperaSettings
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
from connectors.http import (
    ClientCredentialsToken,
    HttpPolicy,
    VendorHttpClient,
    VendorResponse,
)
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

VENDOR = "opera"
EXT_CONTEXT = "SOVREN"
PAGE = 100
DEFAULT_SCOPE = "urn:opc:hgbu:ws:__myscopes__"

# What its refusals say when there is no room / the reservation's status forbids it.
_REFUSAL = RefusalWords(("availab", "inventory"), ("cancel", "status"))

_STATUS = {
    "Reserved": ReservationStatus.CONFIRMED,
    "DueIn": ReservationStatus.CONFIRMED,
    "Requested": ReservationStatus.TENTATIVE,
    "Waitlisted": ReservationStatus.TENTATIVE,
    "InHouse": ReservationStatus.CHECKED_IN,
    "DueOut": ReservationStatus.CHECKED_IN,
    "Walkin": ReservationStatus.CHECKED_IN,
    "PendingCheckout": ReservationStatus.CHECKED_IN,
    "CheckedOut": ReservationStatus.CHECKED_OUT,
    "Cancelled": ReservationStatus.CANCELLED,
    "NoShow": ReservationStatus.NO_SHOW,
}


class _W(BaseModel):
    model_config = ConfigDict(extra="allow")


class _Total(_W):
    amountBeforeTax: Decimal | None = None
    amountAfterTax: Decimal | None = None
    currencyCode: str | None = None

    def gross(self) -> Decimal | None:
        return self.amountAfterTax if self.amountAfterTax is not None else self.amountBeforeTax


class _GuestCounts(_W):
    adults: int = 0
    children: int = 0


class _RoomRate(_W):
    roomType: str
    ratePlanCode: str
    total: _Total | None = None
    numberOfUnits: int | None = None
    guestCounts: _GuestCounts | None = None


class _RoomStay(_W):
    arrivalDate: str | None = None
    departureDate: str | None = None
    roomRates: list[_RoomRate] = Field(default_factory=list)
    guestCounts: _GuestCounts | None = None
    total: _Total | None = None


class _AvailSegment(_W):
    hotelId: str | None = None
    roomStays: list[_RoomStay] = Field(default_factory=list)
    hasMore: bool = False
    pagingKey: str | None = None


class _Availability(_W):
    hotelAvailability: list[_AvailSegment] = Field(default_factory=list)


class _Id(_W):
    id: str
    type: str | None = None


class _Reservation(_W):
    reservationIdList: list[_Id]
    reservationStatus: str
    roomStay: _RoomStay
    reservationGuests: list[dict[str, Any]] = Field(default_factory=list)
    externalReferences: list[dict[str, Any]] = Field(default_factory=list)


class _ReservationsEnvelope(_W):
    reservation: list[_Reservation]


class _ReservationBody(_W):
    reservations: _ReservationsEnvelope


class _InfoGuest(_W):
    givenName: str | None = None
    surname: str | None = None


class _Info(_W):
    reservationIdList: list[_Id]


class _InfoCollection(_W):
    reservationInfo: list[_Info] = Field(default_factory=list)
    hasMore: bool = False
    totalResults: int | None = None


class _InfoList(_W):
    reservations: _InfoCollection


def _classifier():
    def classify(r: VendorResponse) -> PmsError | None:
        if r.status < 400:
            return None
        body: Any = None
        with contextlib.suppress(VendorError):
            body = r.json()
        detail = ""
        if isinstance(body, dict):
            detail = f"{body.get('title') or ''} {body.get('detail') or ''}"
        if r.status in (401, 403):
            return AuthError(
                f"{VENDOR}: HTTP {r.status} from OHIP; check SOVREN_OPERA_CLIENT_ID/_SECRET/"
                "_APP_KEY and the hotel's access",
                vendor=VENDOR,
            )
        if r.status == 404:
            return NotFound(f"{VENDOR}: not found", vendor=VENDOR)
        if is_transient(r.status):
            return transient_error(VENDOR, r.status)
        return _REFUSAL.read(VENDOR, r.status, detail, is_conflict=r.status == 409)

    return classify


def _ids(ids: list[_Id]) -> tuple[str, str]:
    rid = next((i.id for i in ids if i.type == "Reservation"), ids[0].id if ids else "")
    conf = next((i.id for i in ids if i.type == "Confirmation"), rid)
    return rid, conf


class OperaConnector(HttpAdapterLifecycle):
    vendor = VENDOR

    def __init__(
        self,
        cfg: OperaSettings,
        *,
        base_url: str | None = None,
        timezone: str = "Europe/Berlin",
        policy: HttpPolicy | None = None,
        rate_plan: str | None = None,
        horizon_days: int = 365,
    ):
        client_id = require(cfg, "client_id", vendor=VENDOR)
        secret = require(cfg, "client_secret", vendor=VENDOR)
        app_key = require(cfg, "app_key", vendor=VENDOR)
        self.hotel_id = require(cfg, "hotel_id", vendor=VENDOR)
        # OHIP gateways are per tenant and not published: there is no default to fall to.
        api = http_base_url(
            cfg,
            base_url,
            vendor=VENDOR,
            what="OHIP gateway URL (from the OHIP Developer Portal's Environments page)",
        )
        scope = cfg.value("scope") or DEFAULT_SCOPE
        token_headers = {"x-app-key": app_key}
        if cfg.value("enterprise_id"):
            token_headers["enterpriseId"] = cfg.value("enterprise_id")
        self.tz = ZoneInfo(timezone)
        self.rate_plan = rate_plan or cfg.value("rate_plan") or None
        self.horizon_days = horizon_days
        self.client = VendorHttpClient(
            vendor=VENDOR,
            base_url=api,
            policy=policy,
            classify=_classifier(),
            static_headers={
                "x-app-key": app_key,
                "x-hotelid": self.hotel_id,
                "Accept": "application/json",
            },
            token_factory=lambda http: ClientCredentialsToken(
                vendor=VENDOR,
                token_url=f"{api}/oauth/v1/tokens",
                client_id=client_id,
                client_secret=secret,
                http=http,
                auth_style="basic",
                scope=scope,
                extra_headers=token_headers,
            ),
        )

    @property
    def _rsv(self) -> str:
        return f"/rsv/v1/hotels/{self.hotel_id}/reservations"

    async def open(self) -> None:
        """Fetch the token now, so bad credentials or app key show at start-up and in
        ``sovren pms check`` rather than on the first caller's request."""
        await self.client.token.get()

    # -- translation -------------------------------------------------------------------
    def _reservation(self, w: _Reservation, raw: dict) -> Reservation:
        rid, conf = _ids(w.reservationIdList)
        status = _STATUS.get(w.reservationStatus)
        if status is None:
            raise VendorError(
                f"{VENDOR}: unknown reservation status {w.reservationStatus!r}", vendor=VENDOR
            )
        stay = w.roomStay
        rate = stay.roomRates[0] if stay.roomRates else None
        if rate is None or not stay.arrivalDate or not stay.departureDate:
            raise VendorError(f"{VENDOR}: reservation without a room stay", vendor=VENDOR)
        counts = stay.guestCounts or rate.guestCounts or _GuestCounts(adults=1)
        profile = {}
        for g in w.reservationGuests:
            if g.get("primary", True):
                profile = (g.get("profileInfo") or {}).get("profile") or {}
                break
        names = ((profile.get("customer") or {}).get("personName")) or [{}]
        primary = next((n for n in names if n.get("nameType") == "Primary"), names[0])
        emails = ((profile.get("emails") or {}).get("emailInfo")) or []
        phones = ((profile.get("telephones") or {}).get("telephoneInfo")) or []
        total = stay.total or rate.total
        amount = total.gross() if total else None
        return Reservation(
            id=rid,
            confirmation=conf,
            vendor=VENDOR,
            status=status,
            arrival=date.fromisoformat(stay.arrivalDate[:10]),
            departure=date.fromisoformat(stay.departureDate[:10]),
            room_type=rate.roomType,
            rate_plan=rate.ratePlanCode,
            occupancy=Occupancy(adults=counts.adults, children=counts.children),
            guest=Guest(
                name=join_name(primary.get("givenName"), primary.get("surname")),
                email=(emails[0].get("email") or {}).get("emailAddress") if emails else None,
                phone=(phones[0].get("telephone") or {}).get("phoneNumber") if phones else None,
            ),
            total=Money(amount=amount, currency=total.currencyCode or "EUR")
            if amount is not None and total
            else None,
            raw=raw,
        )

    async def _availability(
        self, arrival: date, departure: date, occ: Occupancy, *, room_type=None, closed=False
    ) -> list[tuple[_RoomRate, dict]]:
        out: list[tuple[_RoomRate, dict]] = []
        paging: str | None = None
        while True:
            params: dict[str, Any] = {
                "roomStayStartDate": arrival.isoformat(),
                "roomStayEndDate": departure.isoformat(),
                "roomStayQuantity": 1,
                "adults": occ.adults,
                "children": occ.children,
                "limit": PAGE,
            }
            if room_type:
                params["roomType"] = room_type
            if self.rate_plan:
                params["ratePlanCode"] = self.rate_plan
            if closed:
                params["includeClosedRates"] = "true"
            if paging:
                params["pagePointerKey"] = paging
            r = await self.client.request(
                "GET",
                f"/par/v1/hotels/{self.hotel_id}/availability",
                op="availability",
                params=params,
                idempotent=True,
            )
            if r.status == 204 or not r.content:
                return out
            body = r.json()
            parsed = self.client.parse(_Availability, body, what="availability")
            more = None
            for seg, sraw in zip(
                parsed.hotelAvailability, body.get("hotelAvailability", []), strict=False
            ):
                for stay, stay_raw in zip(seg.roomStays, sraw.get("roomStays", []), strict=False):
                    out += list(zip(stay.roomRates, stay_raw.get("roomRates", []), strict=False))
                if seg.hasMore and seg.pagingKey:
                    more = seg.pagingKey
            if not more:
                return out
            paging = more

    async def _fetch(self, reservation_id: str) -> Reservation:
        r = await self.client.request(
            "GET", f"{self._rsv}/{reservation_id}", op="get reservation", idempotent=True
        )
        body = r.json()
        parsed = self.client.parse(_ReservationBody, body, what="reservation")
        if not parsed.reservations.reservation:
            raise NotFound(f"{VENDOR}: no reservation {reservation_id}", vendor=VENDOR)
        return self._reservation(
            parsed.reservations.reservation[0], body["reservations"]["reservation"][0]
        )

    async def _search(self, **params) -> list[str]:
        """Reservation ids matching OHIP's search parameters, across offset/limit pages."""
        ids: list[str] = []
        offset = 0
        while True:
            r = await self.client.request(
                "GET",
                self._rsv,
                op="search reservations",
                params={**params, "limit": PAGE, "offset": offset},
                idempotent=True,
            )
            if r.status == 204 or not r.content:
                return ids
            parsed = self.client.parse(_InfoList, r.json(), what="reservation list")
            batch = parsed.reservations.reservationInfo
            ids += [_ids(i.reservationIdList)[0] for i in batch]
            if not parsed.reservations.hasMore or not batch:
                return ids
            offset += len(batch)

    # -- contract -----------------------------------------------------------------------------
    async def search_availability(
        self, arrival: date, departure: date, occupancy: Occupancy, room_type: str | None = None
    ) -> list[RateOffer]:
        rates = await self._availability(arrival, departure, occupancy, room_type=room_type)
        offers = []
        for rate, raw in rates:
            if (rate.numberOfUnits or 0) < 1 or rate.total is None or rate.total.gross() is None:
                continue
            if room_type and rate.roomType != room_type:
                continue
            offers.append(
                RateOffer(
                    offer_id=f"{rate.roomType}|{rate.ratePlanCode}",
                    vendor=VENDOR,
                    room_type=rate.roomType,
                    rate_plan=rate.ratePlanCode,
                    arrival=arrival,
                    departure=departure,
                    occupancy=occupancy,
                    total=Money(
                        amount=rate.total.gross(), currency=rate.total.currencyCode or "EUR"
                    ),
                    available=rate.numberOfUnits,
                    raw=raw,
                )
            )
        return sorted(offers, key=lambda o: (o.total.amount, o.room_type))

    async def _by_reference(self, key: str) -> Reservation | None:
        ids = await self._search(externalReferenceIds=key, externalSystemCodes=EXT_CONTEXT)
        return await self._fetch(ids[0]) if ids else None

    def _guest_profile(self, guest: Guest) -> dict:
        first, last = split_name(guest.name)
        profile: dict[str, Any] = {
            "customer": {
                "personName": [{"givenName": first or None, "surname": last, "nameType": "Primary"}]
            },
            "profileType": "Guest",
        }
        if guest.email:
            profile["emails"] = {
                "emailInfo": [{"email": {"emailAddress": guest.email, "type": "EMAIL"}}]
            }
        if guest.phone:
            profile["telephones"] = {
                "telephoneInfo": [
                    {"telephone": {"phoneNumber": guest.phone, "phoneTechType": "PHONE"}}
                ]
            }
        return profile

    def _room_stay(
        self, room_type: str, rate_plan: str, arrival: date, departure: date, occ: Occupancy
    ) -> dict:
        counts = {"adults": occ.adults, "children": occ.children}
        return {
            "roomRates": [
                {
                    "roomType": room_type,
                    "ratePlanCode": rate_plan,
                    "start": arrival.isoformat(),
                    "end": departure.isoformat(),
                    "guestCounts": counts,
                    "numberOfUnits": 1,
                }
            ],
            "guestCounts": counts,
            "arrivalDate": arrival.isoformat(),
            "departureDate": departure.isoformat(),
            "guarantee": {"guaranteeCode": "6PM"},
        }

    async def create_reservation(
        self, offer: RateOffer, guest: Guest, idempotency_key: str
    ) -> Reservation:
        existing = await self._by_reference(idempotency_key)
        if existing is not None:
            return existing
        room_type, _, rate_plan = offer.offer_id.partition("|")
        rate_plan = rate_plan or offer.rate_plan or self.rate_plan or ""
        body = {
            "reservations": {
                "reservation": [
                    {
                        "roomStay": self._room_stay(
                            room_type or offer.room_type,
                            rate_plan,
                            offer.arrival,
                            offer.departure,
                            offer.occupancy,
                        ),
                        "reservationGuests": [
                            {
                                "profileInfo": {"profile": self._guest_profile(guest)},
                                "primary": True,
                            }
                        ],
                        "externalReferences": [{"id": idempotency_key, "idContext": EXT_CONTEXT}],
                        "hotelId": self.hotel_id,
                        "reservationStatus": "Reserved",
                    }
                ]
            }
        }

        async def send() -> Reservation:
            r = await self.client.request(
                "POST", self._rsv, op="create reservation", json=body, idempotent=False
            )
            created = r.json() or {}
            ids = ((created.get("reservations") or {}).get("reservation") or [{}])[0].get(
                "reservationIdList"
            ) or []
            rid = next((i.get("id") for i in ids if i.get("type") == "Reservation"), None)
            if rid is None:
                loc = r.headers.get("Location") or ""
                rid = loc.rstrip("/").rsplit("/", 1)[-1] or None
            if not rid:
                raise VendorError(f"{VENDOR}: reservation created without an id", vendor=VENDOR)
            return await self._fetch(rid)

        return await self.client.create_once(
            send, lambda: self._by_reference(idempotency_key), op="create reservation"
        )

    async def reservation_for_key(self, idempotency_key: str) -> Reservation | None:
        """The booking made with this key, if any (the key is an external reference)."""
        return await self._by_reference(idempotency_key)

    async def get_reservation(self, id_or_confirmation: str) -> Reservation:
        key = id_or_confirmation.strip()
        r = await self.client.request(
            "GET",
            f"{self._rsv}/{key}",
            op="get reservation",
            idempotent=True,
            accept_statuses=(404,),
        )
        if r.status != 404:
            body = r.json()
            parsed = self.client.parse(_ReservationBody, body, what="reservation")
            if parsed.reservations.reservation:
                return self._reservation(
                    parsed.reservations.reservation[0], body["reservations"]["reservation"][0]
                )
        ids = await self._search(confirmationNumberList=key)
        if not ids:
            raise NotFound(f"{VENDOR}: no reservation {key}", vendor=VENDOR)
        return await self._fetch(ids[0])

    async def find_reservations(
        self,
        guest_name: str | None = None,
        arrival: date | None = None,
        phone: str | None = None,
        email: str | None = None,
    ) -> list[Reservation]:
        params: dict[str, Any] = {}
        if guest_name:
            params["surname"] = guest_name.split()[-1]
        if arrival:
            params.update(arrivalStartDate=arrival.isoformat(), arrivalEndDate=arrival.isoformat())
        elif not guest_name:
            today = datetime.now(self.tz).date()
            params.update(
                arrivalStartDate=(today - timedelta(days=1)).isoformat(),
                arrivalEndDate=(today + timedelta(days=self.horizon_days)).isoformat(),
            )
        ids = await self._search(**params)
        found = [await self._fetch(i) for i in ids]
        return filter_found(found, guest_name, arrival, phone, email)

    async def _fits(self, res: Reservation, arrival: date, departure: date, occ: Occupancy) -> bool:
        blocks = missing_blocks(res, arrival, departure)
        for a, d in blocks:
            rates = await self._availability(a, d, occ, room_type=res.room_type)
            if not any(
                r.roomType == res.room_type and (r.numberOfUnits or 0) > 0 for r, _ in rates
            ):
                return False
        return True

    async def quote_change(
        self,
        reservation: Reservation,
        new_arrival: date,
        new_departure: date,
        occupancy: Occupancy | None = None,
    ) -> ChangeQuote:
        occ = occupancy or reservation.occupancy
        priced = await self._availability(
            new_arrival, new_departure, occ, room_type=reservation.room_type, closed=True
        )
        match = next(
            (
                r
                for r, _ in priced
                if r.roomType == reservation.room_type
                and (reservation.rate_plan is None or r.ratePlanCode == reservation.rate_plan)
                and r.total is not None
            ),
            None,
        )
        return ChangeQuote(
            reservation_id=reservation.id,
            arrival=new_arrival,
            departure=new_departure,
            occupancy=occ,
            room_type=reservation.room_type,
            available=await self._fits(reservation, new_arrival, new_departure, occ),
            old_total=reservation.total,
            new_total=Money(amount=match.total.gross(), currency=match.total.currencyCode or "EUR")
            if match
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
        current = await self._fetch(reservation.id)
        occ = change_to_make(VENDOR, current, new_arrival, new_departure, occupancy)
        if occ is None:
            return current  # already applied (a repeat of the same change)
        if not await self._fits(current, new_arrival, new_departure, occ):
            raise Unavailable(f"{VENDOR}: the new stay does not fit", vendor=VENDOR)
        body = {
            "reservations": {
                "reservation": [
                    {
                        "reservationIdList": [{"id": current.id, "type": "Reservation"}],
                        "roomStay": self._room_stay(
                            current.room_type,
                            current.rate_plan or "",
                            new_arrival,
                            new_departure,
                            occ,
                        ),
                        "hotelId": self.hotel_id,
                    }
                ]
            }
        }
        # The new stay is stated absolutely: repeating this PUT is harmless.
        await self.client.request(
            "PUT", f"{self._rsv}/{current.id}", op="modify reservation", json=body, idempotent=True
        )
        return await self._fetch(current.id)

    async def cancel_reservation(self, reservation: Reservation, reason: str) -> Reservation:
        current = await self._fetch(reservation.id)
        if current.status is ReservationStatus.CANCELLED:
            return current
        body = {
            "reason": {"description": reason[:2000], "code": "GUEST"},
            "reservations": [
                {
                    "reservationIdList": [{"id": current.id, "type": "Reservation"}],
                    "hotelId": self.hotel_id,
                }
            ],
        }
        with contextlib.suppress(Conflict):  # a repeated cancel that already landed
            await self.client.request(
                "POST",
                f"{self._rsv}/{current.id}/cancellations",
                op="cancel reservation",
                json=body,
                idempotent=True,
            )
        after = await self._fetch(current.id)
        if after.status is not ReservationStatus.CANCELLED:
            raise Conflict(f"{VENDOR}: reservation could not be cancelled", vendor=VENDOR)
        return after
