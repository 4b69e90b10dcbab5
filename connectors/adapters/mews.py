"""Mews Connector API: POST-only JSON RPC with ClientToken/AccessToken/Client in every body.

Wire format (docs.mews.com/connector-api, MewsSystems/gitbook-connector-api):
``[PlatformAddress]/api/connector/v1/{resource}/{action}``; errors are 400/401/403/404/408/
409/429/5xx with ``{"Message": ..., "RequestId": ...}``; 403 is a *business* refusal (e.g.
overbooking), not an authentication failure; 429 carries Retry-After; getAll operations
page with ``Limitation {Count, Cursor}``. Mews has no idempotency header: a booking carries
our key as its ``ChannelNumber`` and is looked up by ``ChannelNumbers`` before any send and
before any retry. Times are UTC instants; the hotel's dates are derived in its time zone.
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from config.sections.pms_vendors import MewsSettings
from connectors.adapters._vendor_common import (
    HttpAdapterLifecycle,
    at_local,
    change_to_make,
    filter_found,
    iso_utc,
    join_name,
    local_date,
    local_midnight_utc,
    split_name,
)
from connectors.errors import AuthError, Conflict, NotFound, PmsError, Unavailable, VendorError
from connectors.http import HttpPolicy, VendorHttpClient, VendorResponse
from connectors.http.client import OutcomeUnknown, is_transient, transient_error
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

VENDOR = "mews"
CLIENT_NAME = "SOVREN 0.1.0"
PAGE = 1000
PREFIX = "/api/connector/v1"

_STATUS = {
    "Inquired": ReservationStatus.TENTATIVE,
    "Optional": ReservationStatus.TENTATIVE,
    "Requested": ReservationStatus.TENTATIVE,
    "Confirmed": ReservationStatus.CONFIRMED,
    "Started": ReservationStatus.CHECKED_IN,
    "Processed": ReservationStatus.CHECKED_OUT,
    "Canceled": ReservationStatus.CANCELLED,
}
ALL_STATES = list(_STATUS)


class _W(BaseModel):
    model_config = ConfigDict(extra="allow")


class _Service(_W):
    Id: str
    Data: dict[str, Any] | None = None


class _Category(_W):
    Id: str
    ServiceId: str
    IsActive: bool = True
    Names: dict[str, str] = Field(default_factory=dict)
    ShortNames: dict[str, str] = Field(default_factory=dict)
    Capacity: int


class _Rate(_W):
    Id: str
    IsActive: bool = True
    IsPublic: bool = True
    IsEnabled: bool = True
    ShortName: str | None = None


class _AgeCategory(_W):
    Id: str
    Classification: str


class _CatAvail(_W):
    CategoryId: str
    Availabilities: list[int]


class _Availability(_W):
    TimeUnitStartsUtc: list[str]
    CategoryAvailabilities: list[_CatAvail]


class _Amount(_W):
    Currency: str
    GrossValue: Decimal


class _Price(_W):
    Identifier: str | None = None
    TotalAmount: _Amount


class _Prices(_W):
    ReservationPrices: list[_Price]


class _PersonCount(_W):
    AgeCategoryId: str
    Count: int


class _Reservation(_W):
    Id: str
    Number: str
    State: str
    AccountId: str
    RequestedResourceCategoryId: str
    RateId: str
    ScheduledStartUtc: str
    ScheduledEndUtc: str
    PersonCounts: list[_PersonCount] = Field(default_factory=list)
    ChannelNumber: str | None = None


class _ReservationPage(_W):
    Reservations: list[_Reservation]
    Cursor: str | None = None


class _Customer(_W):
    Id: str
    FirstName: str | None = None
    LastName: str = ""
    Email: str | None = None
    Phone: str | None = None


class _CustomerPage(_W):
    Customers: list[_Customer]
    Cursor: str | None = None


class _Added(_W):
    Identifier: str | None = None
    Reservation: dict[str, Any]


class _AddResult(_W):
    Reservations: list[_Added]


def _classifier():
    def classify(r: VendorResponse) -> PmsError | None:
        if r.status < 400:
            return None
        try:
            msg = str((r.json() or {}).get("Message") or "")
        except (VendorError, AttributeError):
            msg = ""
        low = msg.lower()
        if r.status == 401:
            return AuthError(
                f"{VENDOR}: ClientToken/AccessToken rejected (HTTP 401); check "
                "SOVREN_MEWS_CLIENT_TOKEN and SOVREN_MEWS_ACCESS_TOKEN",
                vendor=VENDOR,
            )
        if r.status == 403:  # business-logic refusal in Mews
            if "availab" in low or "overbook" in low or "capacity" in low:
                return Unavailable(f"{VENDOR}: no availability for that stay", vendor=VENDOR)
            if "cancel" in low or "state" in low:
                return Conflict(f"{VENDOR}: not allowed in the reservation's state", vendor=VENDOR)
            return VendorError(f"{VENDOR}: request refused (HTTP 403)", status=403, vendor=VENDOR)
        if r.status == 404:
            return NotFound(f"{VENDOR}: not found", vendor=VENDOR)
        if r.status == 409:
            return Conflict(f"{VENDOR}: the data changed meanwhile", vendor=VENDOR)
        if is_transient(r.status):
            return transient_error(VENDOR, r.status)
        return VendorError(
            f"{VENDOR}: request rejected (HTTP {r.status})", status=r.status, vendor=VENDOR
        )

    return classify


def _text(loc: dict[str, str], fallback: str = "") -> str:
    for k in ("en-US", "en-GB"):
        if loc.get(k):
            return loc[k]
    return next(iter(loc.values()), fallback)


class MewsConnector(HttpAdapterLifecycle):
    vendor = VENDOR

    def __init__(
        self,
        cfg: MewsSettings,
        *,
        base_url: str | None = None,
        timezone: str = "Europe/Berlin",
        policy: HttpPolicy | None = None,
        check_in: time = time(15, 0),
        check_out: time = time(11, 0),
        horizon_days: int = 90,
    ):
        self._client_token = require(cfg, "client_token", vendor=VENDOR)
        self._access_token = require(cfg, "access_token", vendor=VENDOR)
        self._service_id: str | None = cfg.value("service_id") or None
        self.tz = ZoneInfo(timezone)
        self.check_in, self.check_out = check_in, check_out
        self.horizon_days = horizon_days
        self.client = VendorHttpClient(
            vendor=VENDOR,
            base_url=http_base_url(cfg, base_url, vendor=VENDOR),
            policy=policy,
            classify=_classifier(),
            static_headers={"Accept": "application/json"},
        )
        self._categories: dict[str, _Category] = {}  # Id -> category
        self._by_code: dict[str, _Category] = {}
        self._rate_id: str | None = None
        self._adult_age: str | None = None
        self._child_age: str | None = None

    # -- wire ---------------------------------------------------------------------------
    async def _call(self, op: str, body: dict, *, idempotent: bool = True) -> Any:
        payload = {
            "ClientToken": self._client_token,
            "AccessToken": self._access_token,
            "Client": CLIENT_NAME,
            **body,
        }
        r = await self.client.request(
            "POST", f"{PREFIX}/{op}", op=op, json=payload, idempotent=idempotent
        )
        return r.json() if r.content else {}

    async def _get_all(self, op: str, body: dict, key: str, model: type[_W]) -> list:
        """Follow Limitation cursors until a short page (or a null cursor)."""
        items: list = []
        cursor = None
        while True:
            page = await self._call(op, {**body, "Limitation": {"Count": PAGE, "Cursor": cursor}})
            parsed = self.client.parse(model, page, what=op)
            batch = getattr(parsed, key)
            items += list(zip(batch, page.get(key, []), strict=False))
            cursor = parsed.Cursor
            if not batch or cursor is None or len(batch) < PAGE:
                return items

    async def open(self) -> None:
        if self._rate_id is not None:
            return
        if self._service_id is None:
            services = await self._get_all("services/getAll", {}, "Services", _ServicePage)
            bookable = [s for s, _ in services if (s.Data or {}).get("Discriminator") == "Bookable"]
            if not bookable:
                raise VendorError(
                    f"{VENDOR}: the enterprise has no bookable service", vendor=VENDOR
                )
            self._service_id = bookable[0].Id
        sid = [self._service_id]
        cats = await self._get_all(
            "resourceCategories/getAll", {"ServiceIds": sid}, "ResourceCategories", _CategoryPage
        )
        for c, _ in cats:
            if c.IsActive:
                self._categories[c.Id] = c
                self._by_code[_text(c.ShortNames, c.Id)] = c
        rates = await self._get_all("rates/getAll", {"ServiceIds": sid}, "Rates", _RatePage)
        public = [r for r, _ in rates if r.IsActive and r.IsEnabled and r.IsPublic]
        if not public:
            raise VendorError(f"{VENDOR}: the service has no active public rate", vendor=VENDOR)
        self._rate_id = public[0].Id
        ages = await self._get_all(
            "ageCategories/getAll", {"ServiceIds": sid}, "AgeCategories", _AgePage
        )
        for a, _ in ages:
            if a.Classification == "Adult" and self._adult_age is None:
                self._adult_age = a.Id
            if a.Classification == "Child" and self._child_age is None:
                self._child_age = a.Id
        if self._adult_age is None:
            raise VendorError(f"{VENDOR}: the service has no adult age category", vendor=VENDOR)

    # -- translation ---------------------------------------------------------------------
    def _code(self, category_id: str) -> str:
        c = self._categories.get(category_id)
        return _text(c.ShortNames, category_id) if c else category_id

    def _person_counts(self, occ: Occupancy) -> list[dict]:
        counts = [{"AgeCategoryId": self._adult_age, "Count": occ.adults}]
        if occ.children:
            if self._child_age is None:
                raise Unavailable(f"{VENDOR}: the service takes no children", vendor=VENDOR)
            counts.append({"AgeCategoryId": self._child_age, "Count": occ.children})
        return counts

    def _occupancy(self, counts: list[_PersonCount]) -> Occupancy:
        adults = sum(p.Count for p in counts if p.AgeCategoryId != self._child_age)
        children = sum(p.Count for p in counts if p.AgeCategoryId == self._child_age)
        return Occupancy(adults=adults, children=children)

    def _window(self, arrival: date, departure: date) -> tuple[str, str]:
        return iso_utc(at_local(arrival, self.check_in, self.tz)), iso_utc(
            at_local(departure, self.check_out, self.tz)
        )

    async def _customers(self, ids: list[str]) -> dict[str, tuple[_Customer, dict]]:
        if not ids:
            return {}
        out = await self._get_all(
            "customers/getAll",
            {"CustomerIds": sorted(set(ids)), "Extent": {"Customers": True}},
            "Customers",
            _CustomerPage,
        )
        return {c.Id: (c, raw) for c, raw in out}

    async def _reservations(self, filters: dict) -> list[Reservation]:
        page = await self._get_all(
            "reservations/getAll/2023-06-06",
            {"States": ALL_STATES, **filters},
            "Reservations",
            _ReservationPage,
        )
        customers = await self._customers([w.AccountId for w, _ in page])
        out = []
        for w, raw in page:
            cust, craw = customers.get(w.AccountId, (_Customer(Id=w.AccountId), {}))
            status = _STATUS.get(w.State)
            if status is None:
                raise VendorError(f"{VENDOR}: unknown reservation state {w.State!r}", vendor=VENDOR)
            out.append(
                Reservation(
                    id=w.Id,
                    confirmation=w.Number,
                    vendor=VENDOR,
                    status=status,
                    arrival=local_date(w.ScheduledStartUtc, self.tz),
                    departure=local_date(w.ScheduledEndUtc, self.tz),
                    room_type=self._code(w.RequestedResourceCategoryId),
                    rate_plan=w.RateId,
                    occupancy=self._occupancy(w.PersonCounts),
                    guest=Guest(
                        name=join_name(cust.FirstName, cust.LastName),
                        phone=cust.Phone or None,
                        email=cust.Email or None,
                    ),
                    raw={"reservation": raw, "customer": craw},
                )
            )
        return out

    async def _nights_free(self, arrival: date, departure: date) -> dict[str, list[int]]:
        """Rooms free per night of the stay, per category id."""
        first = local_midnight_utc(arrival, self.tz)
        last = local_midnight_utc(departure - timedelta(days=1), self.tz)
        body = await self._call(
            "services/getAvailability",
            {
                "ServiceId": self._service_id,
                "FirstTimeUnitStartUtc": iso_utc(first),
                "LastTimeUnitStartUtc": iso_utc(last),
            },
        )
        parsed = self.client.parse(_Availability, body, what="availability")
        n = (departure - arrival).days
        out = {}
        for ca in parsed.CategoryAvailabilities:
            if len(ca.Availabilities) < n:
                raise VendorError(
                    f"{VENDOR}: availability covers fewer nights than asked", vendor=VENDOR
                )
            out[ca.CategoryId] = ca.Availabilities[:n]
        return out

    async def _availability(self, arrival: date, departure: date) -> dict[str, int]:
        """Rooms free for the whole stay, per category id (minimum over the nights)."""
        return {cid: min(v) for cid, v in (await self._nights_free(arrival, departure)).items()}

    async def _price(
        self, items: list[tuple[str, str]], arrival: date, departure: date, occ: Occupancy
    ) -> dict[str, Money]:
        """items: (identifier, category id) -> total price of the stay."""
        if not items:
            return {}
        start, end = self._window(arrival, departure)
        body = await self._call(
            "reservations/price",
            {
                "ServiceId": self._service_id,
                "Reservations": [
                    {
                        "Identifier": ident,
                        "StartUtc": start,
                        "EndUtc": end,
                        "RequestedCategoryId": cat,
                        "RateId": self._rate_id,
                        "PersonCounts": self._person_counts(occ),
                    }
                    for ident, cat in items
                ],
            },
        )
        parsed = self.client.parse(_Prices, body, what="prices")
        return {
            p.Identifier or "": Money(
                amount=p.TotalAmount.GrossValue, currency=p.TotalAmount.Currency
            )
            for p in parsed.ReservationPrices
        }

    # -- contract ----------------------------------------------------------------------
    async def search_availability(
        self, arrival: date, departure: date, occupancy: Occupancy, room_type: str | None = None
    ) -> list[RateOffer]:
        await self.open()
        free = await self._availability(arrival, departure)
        fits = [
            c
            for cid, c in self._categories.items()
            if free.get(cid, 0) > 0
            and c.Capacity >= occupancy.total
            and (room_type is None or _text(c.ShortNames) == room_type)
        ]
        prices = await self._price([(c.Id, c.Id) for c in fits], arrival, departure, occupancy)
        offers = [
            RateOffer(
                offer_id=f"{self._rate_id}|{c.Id}",
                vendor=VENDOR,
                room_type=_text(c.ShortNames, c.Id),
                rate_plan=self._rate_id,
                arrival=arrival,
                departure=departure,
                occupancy=occupancy,
                total=prices[c.Id],
                available=free[c.Id],
                raw={"CategoryId": c.Id, "RateId": self._rate_id},
            )
            for c in fits
            if c.Id in prices
        ]
        return sorted(offers, key=lambda o: (o.total.amount, o.room_type))

    async def _by_channel_number(self, key: str) -> Reservation | None:
        found = await self._reservations({"ChannelNumbers": [key]})
        return found[0] if found else None

    async def _customer_by_email(self, email: str) -> str | None:
        existing = await self._get_all(
            "customers/getAll",
            {"Emails": [email], "Extent": {"Customers": True}},
            "Customers",
            _CustomerPage,
        )
        return existing[0][0].Id if existing else None

    async def _customer_for(self, guest: Guest) -> str:
        if guest.email:
            found = await self._customer_by_email(guest.email)
            if found:
                return found
        first, last = split_name(guest.name)
        body = {"FirstName": first or None, "LastName": last, "OverwriteExisting": False}
        if guest.email:
            body["Email"] = guest.email
        if guest.phone:
            body["Phone"] = guest.phone
        try:
            added = await self._call("customers/add", body, idempotent=False)
        except OutcomeUnknown as e:
            # The profile may exist now; with an e-mail we can find it, otherwise the
            # booking attempt stops here (nothing is booked; a retry is safe).
            found = await self._customer_by_email(guest.email) if guest.email else None
            if found:
                return found
            raise VendorError(
                f"{VENDOR}: adding the guest profile had an unknown outcome; nothing was booked",
                retriable=True,
                vendor=VENDOR,
            ) from e
        return self.client.parse(_Customer, added, what="customer").Id

    async def create_reservation(
        self, offer: RateOffer, guest: Guest, idempotency_key: str
    ) -> Reservation:
        await self.open()
        existing = await self._by_channel_number(idempotency_key)
        if existing is not None:  # the same request was made (and landed) before
            return existing
        rate_id, _, cat_id = offer.offer_id.partition("|")
        if cat_id not in self._categories:
            cat = self._by_code.get(offer.room_type)
            if cat is None:
                raise Unavailable(f"{VENDOR}: unknown room type {offer.room_type}", vendor=VENDOR)
            cat_id, rate_id = cat.Id, self._rate_id or rate_id
        customer_id = await self._customer_for(guest)
        start, end = self._window(offer.arrival, offer.departure)
        body = {
            "ServiceId": self._service_id,
            "SendConfirmationEmail": False,
            "CheckOverbooking": True,
            "Reservations": [
                {
                    "Identifier": "1",
                    "ChannelNumber": idempotency_key,
                    "State": "Confirmed",
                    "StartUtc": start,
                    "EndUtc": end,
                    "CustomerId": customer_id,
                    "RequestedCategoryId": cat_id,
                    "RateId": rate_id,
                    "PersonCounts": self._person_counts(offer.occupancy),
                }
            ],
        }

        async def send() -> Reservation:
            result = await self._call("reservations/add", body, idempotent=False)
            added = self.client.parse(_AddResult, result, what="reservations added")
            rid = added.Reservations[0].Reservation.get("Id") if added.Reservations else None
            if not rid:
                raise VendorError(f"{VENDOR}: reservation added without an id", vendor=VENDOR)
            got = await self._reservations({"ReservationIds": [rid]})
            if not got:
                raise VendorError(f"{VENDOR}: added reservation not readable", vendor=VENDOR)
            return got[0]

        return await self.client.create_once(
            send, lambda: self._by_channel_number(idempotency_key), op="reservations/add"
        )

    async def reservation_for_key(self, idempotency_key: str) -> Reservation | None:
        """The booking made with this key, if any (the key is the ``ChannelNumber``)."""
        await self.open()
        return await self._by_channel_number(idempotency_key)

    async def get_reservation(self, id_or_confirmation: str) -> Reservation:
        await self.open()
        key = id_or_confirmation.strip()
        found = await self._reservations({"Numbers": [key]})
        if not found and len(key) == 36 and key.count("-") == 4:
            found = await self._reservations({"ReservationIds": [key]})
        if not found:
            raise NotFound(f"{VENDOR}: no reservation {key}", vendor=VENDOR)
        return found[0]

    async def find_reservations(
        self,
        guest_name: str | None = None,
        arrival: date | None = None,
        phone: str | None = None,
        email: str | None = None,
    ) -> list[Reservation]:
        await self.open()
        filters: dict[str, Any] = {}
        if email:
            customers = await self._get_all(
                "customers/getAll",
                {"Emails": [email.strip()], "Extent": {"Customers": True}},
                "Customers",
                _CustomerPage,
            )
            if not customers:
                return []
            filters["AccountIds"] = [c.Id for c, _ in customers]
        if arrival:
            lo = local_midnight_utc(arrival, self.tz)
            hi = local_midnight_utc(arrival + timedelta(days=1), self.tz)
            filters["ScheduledStartUtc"] = {"StartUtc": iso_utc(lo), "EndUtc": iso_utc(hi)}
        elif not email:
            # Mews caps time filters at 3 months: names and phones are searched among
            # stays starting from yesterday to the horizon (docs/pms-vendors.md).
            today = datetime.now(self.tz).date()
            lo = local_midnight_utc(today - timedelta(days=1), self.tz)
            hi = local_midnight_utc(today + timedelta(days=self.horizon_days), self.tz)
            filters["ScheduledStartUtc"] = {"StartUtc": iso_utc(lo), "EndUtc": iso_utc(hi)}
        found = await self._reservations(filters)
        return filter_found(found, guest_name, arrival, phone, email)

    async def _fits(self, res: Reservation, arrival: date, departure: date) -> bool:
        cat = self._by_code.get(res.room_type)
        if cat is None:
            return False
        per_night = (await self._nights_free(arrival, departure)).get(cat.Id, [])
        if len(per_night) < (departure - arrival).days:
            return False
        worst = None
        for i, free in enumerate(per_night):
            day = arrival + timedelta(days=i)
            # Mews counts this very reservation as occupying its current nights.
            if res.active and res.arrival <= day < res.departure:
                free += 1
            worst = free if worst is None else min(worst, free)
        return (worst or 0) > 0

    async def quote_change(
        self,
        reservation: Reservation,
        new_arrival: date,
        new_departure: date,
        occupancy: Occupancy | None = None,
    ) -> ChangeQuote:
        await self.open()
        occ = occupancy or reservation.occupancy
        cat = self._by_code.get(reservation.room_type)
        if cat is None:
            raise VendorError(f"{VENDOR}: unknown room type {reservation.room_type}", vendor=VENDOR)
        available = await self._fits(reservation, new_arrival, new_departure)
        new = await self._price([("new", cat.Id)], new_arrival, new_departure, occ)
        old = reservation.total
        if old is None:
            old = (
                await self._price(
                    [("old", cat.Id)],
                    reservation.arrival,
                    reservation.departure,
                    reservation.occupancy,
                )
            ).get("old")
        return ChangeQuote(
            reservation_id=reservation.id,
            arrival=new_arrival,
            departure=new_departure,
            occupancy=occ,
            room_type=reservation.room_type,
            available=available,
            old_total=old,
            new_total=new.get("new"),
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
        current = await self.get_reservation(reservation.confirmation)
        occ = change_to_make(VENDOR, current, new_arrival, new_departure, occupancy)
        if occ is None:
            return current  # already applied (a repeat of the same change)
        if (current.arrival, current.departure) != (new_arrival, new_departure):
            if not await self._fits(current, new_arrival, new_departure):
                raise Unavailable(f"{VENDOR}: the new stay does not fit", vendor=VENDOR)
            start, end = self._window(new_arrival, new_departure)
            # Absolute new interval: repeating it after an unknown outcome is harmless.
            await self._call(
                "reservations/updateInterval",
                {
                    "ReservationId": current.id,
                    "StartUtc": start,
                    "EndUtc": end,
                    "ChargeCancellationFee": False,
                },
            )
        if occ != current.occupancy:
            await self._call(
                "reservations/update",
                {
                    "Reason": "Changed by the guest on the phone",
                    "ReservationUpdates": [
                        {
                            "ReservationId": current.id,
                            "PersonCounts": {"Value": self._person_counts(occ)},
                        }
                    ],
                },
            )
        return await self.get_reservation(current.confirmation)

    async def cancel_reservation(self, reservation: Reservation, reason: str) -> Reservation:
        await self.open()
        current = await self.get_reservation(reservation.confirmation)
        if current.status is ReservationStatus.CANCELLED:
            return current
        # A repeated cancel whose first attempt landed answers Conflict: read back below.
        with contextlib.suppress(Conflict):
            await self._call(
                "reservations/cancel",
                {
                    "ReservationIds": [current.id],
                    "PostCancellationFee": False,
                    "SendEmail": False,
                    "Notes": reason,
                },
            )
        after = await self.get_reservation(current.confirmation)
        if after.status is not ReservationStatus.CANCELLED:
            raise Conflict(f"{VENDOR}: reservation could not be cancelled", vendor=VENDOR)
        return after


class _ServicePage(_W):
    Services: list[_Service]
    Cursor: str | None = None


class _CategoryPage(_W):
    ResourceCategories: list[_Category]
    Cursor: str | None = None


class _RatePage(_W):
    Rates: list[_Rate]
    Cursor: str | None = None


class _AgePage(_W):
    AgeCategories: list[_AgeCategory]
    Cursor: str | None = None
