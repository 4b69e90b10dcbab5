"""Fake Mews Connector API, in Mews' wire format.

Faithful to docs.mews.com/connector-api: POST only, exact case-sensitive paths (anything else
is 404), ClientToken/AccessToken/Client in every JSON body (401 otherwise), errors as
``{"Message", "RequestId"}``, 403 for business refusals (overbooking, state), ``Limitation``
required on getAll with Count 1..1000 and cursor pagination (newest first; the cursor is the
last item returned), time filters capped at 3 months, UTC instants everywhere.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from tests.connectors.fakes.base import FakeVendorServer, NoRoom, Request, Response, Stay

CLIENT_TOKEN = "E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D"
ACCESS_TOKEN = "C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D"
TZ = ZoneInfo("Europe/Berlin")
PREFIX = "/api/connector/v1/"

_STATE = {
    "confirmed": "Confirmed",
    "checked_in": "Started",
    "checked_out": "Processed",
    "cancelled": "Canceled",
    "no_show": "Canceled",
}


def _err(status: int, message: str) -> Response:
    return Response.json(status, {"Message": message, "RequestId": str(uuid.uuid4())})


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def _iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _local_day(text: str) -> date:
    return _utc(text).astimezone(TZ).date()


class MewsFake(FakeVendorServer):
    vendor = "mews"

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.service_id = str(uuid.uuid4())
        self.rate_id = str(uuid.uuid4())
        self.adult_id = str(uuid.uuid4())
        self.child_id = str(uuid.uuid4())
        self.categories = {code: str(uuid.uuid4()) for code in self.hotel.room_types}
        self.code_of = {v: k for k, v in self.categories.items()}
        self.customers: dict[str, dict] = {}
        self.customer_order: list[str] = []
        self.reservations_added = 0

    def env(self) -> dict[str, str]:
        return {"SOVREN_MEWS_CLIENT_TOKEN": CLIENT_TOKEN, "SOVREN_MEWS_ACCESS_TOKEN": ACCESS_TOKEN}

    # -- routing -------------------------------------------------------------------
    def route(self, req: Request) -> Response:
        if req.method != "POST" or not req.path.startswith(PREFIX):
            return _err(404, "Not found. Verify the URL and request method.")
        if "application/json" not in (req.header("content-type") or ""):
            return _err(400, "Content-Type must be application/json.")
        try:
            body = req.json()
        except ValueError:
            return _err(400, "The request body is not valid JSON.")
        if not isinstance(body, dict):
            return _err(400, "The request body must be an object.")
        if body.get("ClientToken") != CLIENT_TOKEN or body.get("AccessToken") != ACCESS_TOKEN:
            return _err(401, "Invalid ClientToken or AccessToken.")
        if not body.get("Client"):
            return _err(400, "Client is required.")
        op = req.path.removeprefix(PREFIX)
        handler = {
            "services/getAll": self._services,
            "resourceCategories/getAll": self._categories,
            "rates/getAll": self._rates,
            "ageCategories/getAll": self._ages,
            "services/getAvailability": self._availability,
            "reservations/price": self._price,
            "customers/getAll": self._customers_get,
            "customers/add": self._customers_add,
            "reservations/add": self._add,
            "reservations/getAll/2023-06-06": self._get_all,
            "reservations/updateInterval": self._update_interval,
            "reservations/update": self._update,
            "reservations/cancel": self._cancel,
        }.get(op)
        if handler is None:
            return _err(404, "Not found. Verify the URL and request method.")
        return handler(body)

    # -- paging ----------------------------------------------------------------------
    @staticmethod
    def _limit(body: dict) -> tuple[int, str | None] | Response:
        lim = body.get("Limitation")
        if not isinstance(lim, dict) or not isinstance(lim.get("Count"), int):
            return _err(400, "Limitation with Count is required.")
        if not 1 <= lim["Count"] <= 1000:
            return _err(400, "Limitation.Count must be between 1 and 1000.")
        return lim["Count"], lim.get("Cursor")

    @staticmethod
    def _page(items: list[dict], count: int, cursor: str | None) -> tuple[list[dict], str | None]:
        """items are newest first; return those older than ``cursor``."""
        if cursor is not None:
            ids = [i["Id"] for i in items]
            if cursor not in ids:
                return [], None
            items = items[ids.index(cursor) + 1 :]
        chunk = items[:count]
        return chunk, (chunk[-1]["Id"] if chunk else None)

    def _listing(self, body: dict, key: str, items: list[dict]) -> Response:
        lim = self._limit(body)
        if isinstance(lim, Response):
            return lim
        chunk, cur = self._page(items, *lim)
        return Response.json(200, {key: chunk, "Cursor": cur})

    # -- configuration ----------------------------------------------------------------
    def _services(self, body):
        svc = {
            "Id": self.service_id,
            "IsActive": True,
            "Names": {"en-US": "Accommodation"},
            "Data": {"Discriminator": "Bookable", "Value": {"TimeUnitPeriod": "Day"}},
        }
        return self._listing(body, "Services", [svc])

    def _categories(self, body):
        cats = [
            {
                "Id": cid,
                "ServiceId": self.service_id,
                "IsActive": True,
                "Type": "Room",
                "Names": {"en-US": self.hotel.room_types[code]["name"]},
                "ShortNames": {"en-US": code},
                "Capacity": self.hotel.room_types[code]["max_guests"],
                "ExtraCapacity": 0,
            }
            for code, cid in self.categories.items()
        ]
        return self._listing(body, "ResourceCategories", cats)

    def _rates(self, body):
        rate = {
            "Id": self.rate_id,
            "ServiceId": self.service_id,
            "IsActive": True,
            "IsEnabled": True,
            "IsPublic": True,
            "IsBaseRate": True,
            "Type": "Public",
            "Names": {"en-US": "Flexible"},
            "ShortName": "FLEX",
        }
        return self._listing(body, "Rates", [rate])

    def _ages(self, body):
        ages = [
            {
                "Id": self.adult_id,
                "ServiceId": self.service_id,
                "Classification": "Adult",
                "MinimalAge": 18,
            },
            {
                "Id": self.child_id,
                "ServiceId": self.service_id,
                "Classification": "Child",
                "MaximalAge": 17,
            },
        ]
        return self._listing(body, "AgeCategories", ages)

    # -- availability and prices ----------------------------------------------------------
    def _availability(self, body):
        if body.get("ServiceId") != self.service_id:
            return _err(400, "Invalid ServiceId.")
        try:
            first, last = _utc(body["FirstTimeUnitStartUtc"]), _utc(body["LastTimeUnitStartUtc"])
        except (KeyError, ValueError):
            return _err(400, "FirstTimeUnitStartUtc and LastTimeUnitStartUtc are required.")
        d0, d1 = first.astimezone(TZ).date(), last.astimezone(TZ).date()
        if d1 < d0 or (d1 - d0).days > 100:
            return _err(400, "Invalid time interval.")
        days = [d0 + timedelta(days=i) for i in range((d1 - d0).days + 1)]
        starts = [_iso(datetime.combine(d, time(0), TZ)) for d in days]
        cats = [
            {
                "CategoryId": cid,
                "Availabilities": [
                    self.hotel.available(code, d, d + timedelta(days=1)) for d in days
                ],
                "Adjustments": [0 for _ in days],
            }
            for code, cid in self.categories.items()
        ]
        return Response.json(200, {"CategoryAvailabilities": cats, "TimeUnitStartsUtc": starts})

    def _total(self, code: str, arrival: date, departure: date) -> dict:
        gross = self.hotel.price(code, arrival, departure)
        net = (gross / Decimal("1.07")).quantize(Decimal("0.01"))
        return {
            "Currency": self.hotel.currency,
            "NetValue": float(net),
            "GrossValue": float(gross),
            "TaxValues": [{"Code": "DE-2020-1-L", "Value": float(gross - net)}],
        }

    def _price(self, body):
        out = []
        for r in body.get("Reservations") or []:
            cid = r.get("RequestedCategoryId")
            if cid not in self.code_of or r.get("RateId") != self.rate_id:
                return _err(400, "Invalid RequestedCategoryId or RateId.")
            a, d = _local_day(r["StartUtc"]), _local_day(r["EndUtc"])
            out.append(
                {
                    "Identifier": r.get("Identifier"),
                    "TotalAmount": self._total(self.code_of[cid], a, d),
                }
            )
        return Response.json(200, {"ReservationPrices": out})

    # -- customers ---------------------------------------------------------------------------
    def _customers_get(self, body):
        if "Extent" not in body:
            return _err(400, "Extent is required.")
        items = [self.customers[i] for i in reversed(self.customer_order)]
        if body.get("CustomerIds") is not None:
            ids = set(body["CustomerIds"])
            items = [c for c in items if c["Id"] in ids]
        if body.get("Emails") is not None:
            emails = {e.casefold() for e in body["Emails"]}
            items = [c for c in items if (c.get("Email") or "").casefold() in emails]
        if body.get("CustomerIds") is None and body.get("Emails") is None:
            return _err(400, "CustomerIds are required if no other filter is provided.")
        return self._listing(body, "Customers", items)

    def _customers_add(self, body):
        if not body.get("LastName"):
            return _err(400, "LastName is required.")
        email = body.get("Email")
        if (
            email
            and any(
                (c.get("Email") or "").casefold() == email.casefold()
                for c in self.customers.values()
            )
            and not body.get("OverwriteExisting")
        ):
            return _err(403, "A customer with the same email already exists.")
        cid = str(uuid.uuid4())
        cust = {
            "Id": cid,
            "Number": str(len(self.customers) + 1),
            "FirstName": body.get("FirstName"),
            "LastName": body["LastName"],
            "Email": email,
            "Phone": body.get("Phone"),
            "CreatedUtc": _iso(datetime.now(UTC)),
        }
        self.customers[cid] = cust
        self.customer_order.append(cid)
        return Response.json(200, cust)

    # -- reservations ------------------------------------------------------------------------
    def _render(self, s: Stay) -> dict:
        start = datetime.combine(s.arrival, time(15), TZ)
        end = datetime.combine(s.departure, time(11), TZ)
        counts = [{"AgeCategoryId": self.adult_id, "Count": s.adults}]
        if s.children:
            counts.append({"AgeCategoryId": self.child_id, "Count": s.children})
        return {
            "Id": s.id,
            "ServiceId": self.service_id,
            "AccountId": s.extra["customer_id"],
            "AccountType": "Customer",
            "Number": s.confirmation,
            "State": _STATE[s.status],
            "Origin": "Connector",
            "CreatedUtc": _iso(datetime.fromtimestamp(s.created, UTC)),
            "UpdatedUtc": _iso(datetime.now(UTC)),
            "CancelledUtc": None,
            "RateId": self.rate_id,
            "GroupId": s.extra["group_id"],
            "RequestedResourceCategoryId": self.categories[s.room_type],
            "AssignedResourceLocked": False,
            "ChannelNumber": s.external_ref,
            "ScheduledStartUtc": _iso(start),
            "ScheduledEndUtc": _iso(end),
            "StartUtc": _iso(start),
            "EndUtc": _iso(end),
            "PersonCounts": counts,
        }

    def _counts(self, counts: list[dict]) -> tuple[int, int]:
        adults = sum(c["Count"] for c in counts if c["AgeCategoryId"] == self.adult_id)
        children = sum(c["Count"] for c in counts if c["AgeCategoryId"] == self.child_id)
        return adults, children

    def _add(self, body):
        if body.get("ServiceId") != self.service_id:
            return _err(400, "Invalid ServiceId.")
        out = []
        group = str(uuid.uuid4())
        for r in body.get("Reservations") or []:
            try:
                cid = r["RequestedCategoryId"]
                code = self.code_of[cid]
                a, d = _local_day(r["StartUtc"]), _local_day(r["EndUtc"])
                adults, children = self._counts(r["PersonCounts"])
                cust = self.customers[r["CustomerId"]]
            except (KeyError, ValueError) as e:
                return _err(400, f"Invalid reservation parameters: {e!r}")
            if r.get("RateId") != self.rate_id:
                return _err(400, "Invalid RateId.")
            number = str(1000 + self.hotel.next_number())
            stay = Stay(
                id=str(uuid.uuid4()),
                confirmation=number,
                room_type=code,
                rate_plan=self.rate_id,
                arrival=a,
                departure=d,
                adults=adults,
                children=children,
                first_name=cust.get("FirstName") or "",
                last_name=cust["LastName"],
                email=cust.get("Email"),
                phone=cust.get("Phone"),
                total=self.hotel.price(code, a, d),
                external_ref=r.get("ChannelNumber"),
                extra={"customer_id": cust["Id"], "group_id": group},
            )
            try:
                if body.get("CheckOverbooking", True):
                    self.hotel.book(stay)
                else:
                    self.hotel.stays[stay.id] = stay
            except NoRoom:
                return _err(
                    403, "The reservation would cause overbooking; no availability in the category."
                )
            self.reservations_added += 1
            out.append({"Identifier": r.get("Identifier"), "Reservation": self._render(stay)})
        return Response.json(200, {"Reservations": out})

    def _get_all(self, body):
        stays = sorted(self.hotel.stays.values(), key=lambda s: s.created, reverse=True)
        for key, attr in (
            ("ReservationIds", "id"),
            ("Numbers", "confirmation"),
            ("ChannelNumbers", "external_ref"),
        ):
            if body.get(key) is not None:
                vals = set(body[key])
                stays = [s for s in stays if getattr(s, attr) in vals]
        if body.get("AccountIds") is not None:
            ids = set(body["AccountIds"])
            stays = [s for s in stays if s.extra["customer_id"] in ids]
        if body.get("States") is not None:
            states = set(body["States"])
            stays = [s for s in stays if _STATE[s.status] in states]
        if body.get("ScheduledStartUtc") is not None:
            iv = body["ScheduledStartUtc"]
            lo, hi = _utc(iv["StartUtc"]), _utc(iv["EndUtc"])
            if hi - lo > timedelta(days=93):
                return _err(
                    400, "ScheduledStartUtc interval exceeds the maximum length of 3 months."
                )
            stays = [s for s in stays if lo <= datetime.combine(s.arrival, time(15), TZ) <= hi]
        return self._listing(body, "Reservations", [self._render(s) for s in stays])

    def _find(self, rid: str) -> Stay | None:
        return self.hotel.stays.get(rid)

    def _update_interval(self, body):
        s = self._find(body.get("ReservationId", ""))
        if s is None:
            return _err(400, "Invalid ReservationId.")
        if s.status not in ("confirmed",):
            return _err(403, f"Reservation in state {_STATE[s.status]} cannot be changed.")
        a, d = _local_day(body["StartUtc"]), _local_day(body["EndUtc"])
        try:
            self.hotel.move(s, a, d, None)
        except NoRoom:
            return _err(403, "The change would cause overbooking; no availability in the category.")
        return Response.json(200, {})

    def _update(self, body):
        for u in body.get("ReservationUpdates") or []:
            s = self._find(u.get("ReservationId", ""))
            if s is None:
                return _err(400, "Invalid ReservationId.")
            if s.status != "confirmed":
                return _err(403, f"Reservation in state {_STATE[s.status]} cannot be changed.")
            pc = u.get("PersonCounts")
            if pc is not None:
                s.adults, s.children = self._counts(pc["Value"])
        return Response.json(200, {"Reservations": []})

    def _cancel(self, body):
        if not body.get("Notes"):
            return _err(400, "Notes are required.")
        done = []
        for rid in body.get("ReservationIds") or []:
            s = self._find(rid)
            if s is None:
                return _err(400, "Invalid ReservationIds.")
            if s.status != "confirmed":
                return _err(403, f"Reservation in state {_STATE[s.status]} is not cancellable.")
            s.status = "cancelled"
            done.append(rid)
        return Response.json(200, {"ReservationIds": done})
