"""Fake apaleo: identity server + Booking/Inventory API, in apaleo's wire format.

Faithful to apaleo.dev/Swagger: bearer tokens from ``/connect/token`` (HTTP Basic
client credentials) that expire; 401 with ``WWW-Authenticate`` on a bad token;
``{"messages": [...]}`` error bodies (400/404/422); ``204 No Content`` for an
empty list; ``Idempotency-Key`` replay on POST; pageNumber/pageSize pagination.
"""

from __future__ import annotations

import base64
import secrets
import string
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from tests.connectors.fakes.base import FakeVendorServer, NoRoom, Request, Response, Stay

CLIENT_ID = "sovren-test-client"
CLIENT_SECRET = "apaleo-test-secret"
PROPERTY = "MUC"
TZ = ZoneInfo("Europe/Berlin")

_STATUS = {
    "confirmed": "Confirmed",
    "checked_in": "InHouse",
    "checked_out": "CheckedOut",
    "cancelled": "Canceled",
    "no_show": "NoShow",
}


def _msg(status: int, *messages: str) -> Response:
    return Response.json(status, {"messages": list(messages)})


def _local(day: date, hh: int) -> str:
    return datetime.combine(day, time(hh, 0), TZ).isoformat()


class ApaleoFake(FakeVendorServer):
    vendor = "apaleo"

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.idempotency: dict[str, Response] = {}
        self.bookings_created = 0

    def env(self) -> dict[str, str]:
        return {
            "SOVREN_APALEO_CLIENT_ID": CLIENT_ID,
            "SOVREN_APALEO_CLIENT_SECRET": CLIENT_SECRET,
            "SOVREN_APALEO_PROPERTY_ID": PROPERTY,
            "SOVREN_APALEO_IDENTITY_URL": self.url,
        }

    # -- rendering ----------------------------------------------------------------
    def _offer(self, code: str, arrival: date, departure: date, available: int) -> dict:
        rt = self.hotel.room_types[code]
        total = self.hotel.price(code, arrival, departure)
        return {
            "unitGroup": {"id": f"{PROPERTY}-{code}", "code": code, "name": rt["name"]},
            "ratePlan": {"id": f"{PROPERTY}-FLEX-{code}", "code": "FLEX", "name": "Flexible"},
            "arrival": _local(arrival, 15),
            "departure": _local(departure, 11),
            "availableUnits": available,
            "minGuaranteeType": "PM6Hold",
            "totalGrossAmount": {"amount": float(total), "currency": self.hotel.currency},
            "cancellationFee": {
                "id": f"{PROPERTY}-FLE",
                "code": "FLE",
                "name": "Flexible",
                "description": "Free cancellation until 6 pm on the day of arrival.",
                "fee": {"amount": 0.0, "currency": self.hotel.currency},
            },
        }

    def _reservation(self, s: Stay) -> dict:
        guest = {"firstName": s.first_name, "lastName": s.last_name}
        if s.email:
            guest["email"] = s.email
        if s.phone:
            guest["phone"] = s.phone
        return {
            "id": s.id,
            "bookingId": s.confirmation,
            "status": _STATUS[s.status],
            "property": {"id": PROPERTY},
            "ratePlan": {"id": f"{PROPERTY}-FLEX-{s.room_type}", "code": "FLEX"},
            "unitGroup": {"id": f"{PROPERTY}-{s.room_type}", "code": s.room_type},
            "totalGrossAmount": {"amount": float(s.total), "currency": self.hotel.currency},
            "arrival": _local(s.arrival, 15),
            "departure": _local(s.departure, 11),
            "adults": s.adults,
            "childrenAges": [8] * s.children,
            "primaryGuest": guest,
            "channelCode": "Direct",
            "guaranteeType": "PM6Hold",
            "cancellationFee": {
                "code": "FLE",
                "name": "Flexible",
                "description": "Free cancellation until 6 pm on the day of arrival.",
            },
        }

    # -- routing ------------------------------------------------------------------
    def route(self, req: Request) -> Response:
        if req.path == "/connect/token" and req.method == "POST":
            return self._token(req)
        if not self.bearer_ok(req):
            return Response(401, b"", {"WWW-Authenticate": 'Bearer error="invalid_token"'})
        p = req.path
        if p == "/booking/v1/offers" and req.method == "GET":
            return self._offers(req)
        if p == "/booking/v1/bookings" and req.method == "POST":
            return self._create(req)
        if p == "/booking/v1/reservations" and req.method == "GET":
            return self._list(req)
        if p.startswith("/booking/v1/reservations/") and req.method == "GET":
            rest = p.removeprefix("/booking/v1/reservations/")
            if rest.endswith("/offers"):
                return self._amend_offers(req, rest.removesuffix("/offers"))
            s = self.hotel.stays.get(rest)
            if s is None:
                return _msg(404, f"Reservation with id '{rest}' not found")
            return Response.json(200, self._reservation(s))
        if p.startswith("/booking/v1/reservation-actions/") and req.method == "PUT":
            rid, _, action = p.removeprefix("/booking/v1/reservation-actions/").partition("/")
            s = self.hotel.stays.get(rid)
            if s is None:
                return _msg(404, f"Reservation with id '{rid}' not found")
            if action == "cancel":
                if s.status != "confirmed":
                    return _msg(
                        422,
                        f"The reservation has status {_STATUS[s.status]} and cannot be canceled",
                    )
                s.status = "cancelled"
                return Response(204)
            if action == "amend":
                return self._amend(req, s)
        return _msg(404, f"No route {req.method} {p}")

    def _token(self, req: Request) -> Response:
        auth = req.header("authorization") or ""
        form = req.form()
        ok = False
        if auth.startswith("Basic "):
            cid, _, sec = base64.b64decode(auth[6:]).decode().partition(":")
            ok = (cid, sec) == (CLIENT_ID, CLIENT_SECRET)
        if form.get("grant_type") != ["client_credentials"]:
            return Response.json(400, {"error": "unsupported_grant_type"})
        if not ok:
            return Response.json(400, {"error": "invalid_client"})
        token, ttl = self.issue_token()
        return Response.json(
            200,
            {
                "access_token": token,
                "expires_in": ttl,
                "token_type": "Bearer",
                "scope": "reservations.manage",
            },
        )

    def _offers(self, req: Request) -> Response:
        missing = [k for k in ("propertyId", "arrival", "departure", "adults") if not req.q(k)]
        if missing:
            return _msg(400, *(f"The {k} field is required." for k in missing))
        if req.q("propertyId") != PROPERTY:
            return _msg(404, f"Property with id '{req.q('propertyId')}' not found")
        try:
            arrival = date.fromisoformat(req.q("arrival"))
            departure = date.fromisoformat(req.q("departure"))
            adults = int(req.q("adults"))
        except ValueError:
            return _msg(400, "arrival/departure must be dates, adults a number")
        if departure <= arrival:
            return _msg(400, "Departure must be after arrival.")
        children = len([c for c in (req.q("childrenAges") or "").split(",") if c])
        offers = []
        for code, rt in self.hotel.room_types.items():
            if adults + children > rt["max_guests"]:
                continue
            avail = self.hotel.available(code, arrival, departure)
            if avail > 0:
                offers.append(self._offer(code, arrival, departure, avail))
        if not offers:
            return Response(204)
        return Response.json(200, {"property": {"id": PROPERTY}, "offers": offers})

    def _create(self, req: Request) -> Response:
        key = req.header("idempotency-key")
        if key and key in self.idempotency:
            return self.idempotency[key]
        try:
            body = req.json()
            r = body["reservations"][0]
            arrival = date.fromisoformat(r["arrival"])
            departure = date.fromisoformat(r["departure"])
            slices = r["timeSlices"]
            rate_plan = slices[0]["ratePlanId"]
            guest = r.get("primaryGuest") or body["booker"]
            last = guest["lastName"]
        except (KeyError, IndexError, TypeError, ValueError) as e:
            return _msg(400, f"Invalid booking: {e!r}")
        if len(slices) != (departure - arrival).days:
            return _msg(422, "The number of time slices does not match the stay.")
        code = rate_plan.rsplit("-", 1)[-1]
        if code not in self.hotel.room_types:
            return _msg(422, f"Rate plan '{rate_plan}' not found")
        booking_id = "".join(secrets.choice(string.ascii_uppercase) for _ in range(8))
        stay = Stay(
            id=f"{booking_id}-1",
            confirmation=booking_id,
            room_type=code,
            rate_plan="FLEX",
            arrival=arrival,
            departure=departure,
            adults=int(r["adults"]),
            children=len(r.get("childrenAges") or []),
            first_name=guest.get("firstName") or "",
            last_name=last,
            email=guest.get("email"),
            phone=guest.get("phone"),
            total=self.hotel.price(code, arrival, departure),
        )
        try:
            self.hotel.book(stay)
        except NoRoom:
            resp = _msg(422, f"No availability for unit group '{PROPERTY}-{code}' (overbooking).")
        else:
            self.bookings_created += 1
            resp = Response.json(
                201,
                {"id": booking_id, "reservationIds": [{"id": stay.id}]},
                {"Location": f"/booking/v1/bookings/{booking_id}"},
            )
        if key:
            self.idempotency[key] = resp
        return resp

    def _list(self, req: Request) -> Response:
        try:
            page = int(req.q("pageNumber", "1"))
            size = int(req.q("pageSize", "100"))
        except ValueError:
            return _msg(400, "pageNumber/pageSize must be numbers")
        if page < 1 or not 1 <= size <= 1000:
            return _msg(400, "pageNumber must be >= 1 and pageSize between 1 and 1000")
        stays = sorted(self.hotel.stays.values(), key=lambda s: s.created)
        if req.q("bookingId"):
            stays = [s for s in stays if s.confirmation == req.q("bookingId")]
        text = (req.q("textSearch") or "").casefold()
        if text:
            stays = [
                s
                for s in stays
                if text in f"{s.first_name} {s.last_name}".casefold()
                or text in (s.email or "").casefold()
                or text in (s.phone or "")
                or text in s.id.casefold()
            ]
        if req.q("dateFilter") == "Arrival":
            lo, hi = date.fromisoformat(req.q("from")), date.fromisoformat(req.q("to"))
            stays = [s for s in stays if lo <= s.arrival <= hi]
        chunk = stays[(page - 1) * size : page * size]
        if not chunk:
            return Response(204)
        return Response.json(
            200, {"reservations": [self._reservation(s) for s in chunk], "count": len(stays)}
        )

    def _amend_offers(self, req: Request, rid: str) -> Response:
        s = self.hotel.stays.get(rid)
        if s is None:
            return _msg(404, f"Reservation with id '{rid}' not found")
        arrival = date.fromisoformat(req.q("arrival"))
        departure = date.fromisoformat(req.q("departure"))
        avail = self.hotel.available(s.room_type, arrival, departure, ignore=s.id)
        if avail < 1:
            return Response(204)
        return Response.json(200, {"offers": [self._offer(s.room_type, arrival, departure, avail)]})

    def _amend(self, req: Request, s: Stay) -> Response:
        if s.status != "confirmed":
            return _msg(
                422, f"Changes to reservations in status {_STATUS[s.status]} are not possible."
            )
        body = req.json()
        try:
            self.hotel.move(
                s,
                date.fromisoformat(body["arrival"]),
                date.fromisoformat(body["departure"]),
                int(body["adults"]),
            )
        except NoRoom:
            return _msg(422, "No availability for the requested stay.")
        return Response(204)
