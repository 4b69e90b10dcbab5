"""Fake Oracle OPERA Cloud (OHIP gateway): oauth, par (availability) and rsv (reservations).

Faithful to oracle/hospitality-api-docs rest-api-specs/property (oauth.json, par.json,
rsv.json): ``POST /oauth/v1/tokens`` with HTTP Basic client id/secret, ``x-app-key`` and a
form ``grant_type=client_credentials`` + ``scope``; every API call needs
``Authorization: Bearer``, ``x-app-key`` and ``x-hotelid``; availability under
``hotelAvailability[].roomStays[].roomRates[]``; reservations under
``reservations.reservation[]`` / ``reservations.reservationInfo[]`` with limit/offset and
``hasMore``/``totalResults``; ``201`` + ``Location`` on create; errors as
``{type, title, status, detail, o:errorCode}``.
"""

from __future__ import annotations

import base64
from datetime import date

from tests.connectors.fakes.base import FakeVendorServer, NoRoom, Request, Response, Stay

CLIENT_ID = "sovren_opera_client"
CLIENT_SECRET = "opera-test-secret"
APP_KEY = "3f2b8c1e-5d4a-4b6f-9a7e-2c1d0e9f8a7b"
HOTEL = "HOTEL1"
SCOPE = "urn:opc:hgbu:ws:__myscopes__"
RATE_PLAN = "BAR"

_STATUS = {
    "confirmed": "Reserved",
    "checked_in": "InHouse",
    "checked_out": "CheckedOut",
    "cancelled": "Cancelled",
    "no_show": "NoShow",
}


def _problem(status: int, title: str, detail: str, code: str = "FAKE-0001") -> Response:
    return Response.json(
        status,
        {
            "type": f"https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.{status % 100 + 1}",
            "title": title,
            "status": status,
            "detail": detail,
            "o:errorCode": code,
        },
    )


class OperaFake(FakeVendorServer):
    vendor = "opera"

    def env(self) -> dict[str, str]:
        return {
            "SOVREN_OPERA_CLIENT_ID": CLIENT_ID,
            "SOVREN_OPERA_CLIENT_SECRET": CLIENT_SECRET,
            "SOVREN_OPERA_APP_KEY": APP_KEY,
            "SOVREN_OPERA_HOTEL_ID": HOTEL,
        }

    def route(self, req: Request) -> Response:
        if req.path == "/oauth/v1/tokens":
            return (
                self._token(req)
                if req.method == "POST"
                else _problem(405, "Method Not Allowed", req.method)
            )
        if req.header("x-app-key") != APP_KEY:
            return _problem(401, "Unauthorized", "Missing or invalid x-app-key", "OHIP-401-APPKEY")
        if not self.bearer_ok(req):
            return _problem(
                401, "Unauthorized", "Invalid or expired access token", "OHIP-401-TOKEN"
            )
        par = f"/par/v1/hotels/{HOTEL}/availability"
        rsv = f"/rsv/v1/hotels/{HOTEL}/reservations"
        if (req.path.startswith("/par/") or req.path.startswith("/rsv/")) and HOTEL not in req.path:
            return _problem(403, "Forbidden", "The hotel is not accessible to this application")
        if req.header("x-hotelid") != HOTEL:
            return _problem(400, "Bad Request", "x-hotelid header must match the hotel in the path")
        if req.path == par and req.method == "GET":
            return self._availability(req)
        if req.path == rsv and req.method == "GET":
            return self._search(req)
        if req.path == rsv and req.method == "POST":
            return self._create(req)
        if req.path.startswith(rsv + "/"):
            rest = req.path.removeprefix(rsv + "/")
            rid, _, action = rest.partition("/")
            s = self.hotel.stays.get(rid)
            if s is None:
                return _problem(404, "Not Found", f"Reservation {rid} was not found", "RSV-404")
            if action == "" and req.method == "GET":
                return Response.json(200, {"reservations": {"reservation": [self._render(s)]}})
            if action == "" and req.method == "PUT":
                return self._modify(req, s)
            if action == "cancellations" and req.method == "POST":
                if s.status != "confirmed":
                    return _problem(
                        400,
                        "Bad Request",
                        f"Reservation status {_STATUS[s.status]} cannot be cancelled",
                        "RSV-CXL",
                    )
                s.status = "cancelled"
                return Response.json(
                    200,
                    {"cxlActivityLog": [{"reservationId": rid, "cancellationNumber": f"CXL{rid}"}]},
                )
        return _problem(404, "Not Found", f"No resource {req.method} {req.path}")

    def _token(self, req: Request) -> Response:
        auth = req.header("authorization") or ""
        form = req.form()
        if req.header("x-app-key") != APP_KEY:
            return Response.json(401, {"error": "invalid_client", "error_description": "x-app-key"})
        if not auth.startswith("Basic "):
            return Response.json(401, {"error": "invalid_client"})
        cid, _, sec = base64.b64decode(auth[6:]).decode().partition(":")
        if (cid, sec) != (CLIENT_ID, CLIENT_SECRET):
            return Response.json(401, {"error": "invalid_client"})
        if form.get("grant_type") != ["client_credentials"] or form.get("scope") != [SCOPE]:
            return Response.json(400, {"error": "invalid_request"})
        token, ttl = self.issue_token()
        return Response.json(
            200,
            {
                "access_token": token,
                "expires_in": ttl,
                "token_type": "Bearer",
                "oracle_tk_context": "user_assertion",
            },
        )

    def _rate(
        self, code: str, a: date, d: date, available: int, adults: int, children: int
    ) -> dict:
        total = self.hotel.price(code, a, d)
        return {
            "roomType": code,
            "ratePlanCode": RATE_PLAN,
            "start": a.isoformat(),
            "end": d.isoformat(),
            "numberOfUnits": available,
            "guestCounts": {"adults": adults, "children": children},
            "total": {
                "amountBeforeTax": float(total),
                "amountAfterTax": float(total),
                "currencyCode": self.hotel.currency,
            },
        }

    def _availability(self, req: Request) -> Response:
        try:
            a = date.fromisoformat(req.q("roomStayStartDate"))
            d = date.fromisoformat(req.q("roomStayEndDate"))
            adults = int(req.q("adults", "1"))
            children = int(req.q("children", "0"))
        except (TypeError, ValueError):
            return _problem(
                400, "Bad Request", "roomStayStartDate and roomStayEndDate are required"
            )
        if d <= a:
            return _problem(400, "Bad Request", "roomStayEndDate must be after roomStayStartDate")
        closed = req.q("includeClosedRates") == "true"
        rates = []
        for code, rt in self.hotel.room_types.items():
            if req.q("roomType") and code != req.q("roomType"):
                continue
            if adults + children > rt["max_guests"]:
                continue
            free = self.hotel.available(code, a, d)
            if free > 0 or closed:
                rates.append(self._rate(code, a, d, max(free, 0), adults, children))
        if not rates:
            return Response(204)
        limit = int(req.q("limit", "100"))
        start = int(req.q("pagePointerKey") or 0)
        chunk = rates[start : start + limit]
        more = start + limit < len(rates)
        seg = {
            "hotelId": HOTEL,
            "roomStays": [
                {"arrivalDate": a.isoformat(), "departureDate": d.isoformat(), "roomRates": chunk}
            ],
            "hasMore": more,
            "totalResults": len(rates),
            "count": len(chunk),
        }
        if more:
            seg["pagingKey"] = str(start + limit)
        return Response.json(200, {"hotelAvailability": [seg]})

    def _render(self, s: Stay) -> dict:
        profile: dict = {
            "customer": {
                "personName": [
                    {"givenName": s.first_name, "surname": s.last_name, "nameType": "Primary"}
                ]
            },
            "profileType": "Guest",
        }
        if s.email:
            profile["emails"] = {
                "emailInfo": [{"email": {"emailAddress": s.email, "type": "EMAIL"}}]
            }
        if s.phone:
            profile["telephones"] = {
                "telephoneInfo": [{"telephone": {"phoneNumber": s.phone, "phoneTechType": "PHONE"}}]
            }
        rate = self._rate(s.room_type, s.arrival, s.departure, 1, s.adults, s.children)
        return {
            "reservationIdList": [
                {"id": s.id, "type": "Reservation"},
                {"id": s.confirmation, "type": "Confirmation"},
            ],
            "externalReferences": [{"id": s.external_ref, "idContext": "SOVREN"}]
            if s.external_ref
            else [],
            "roomStay": {
                "roomRates": [rate],
                "guestCounts": {"adults": s.adults, "children": s.children},
                "arrivalDate": s.arrival.isoformat(),
                "departureDate": s.departure.isoformat(),
                "total": rate["total"],
            },
            "reservationGuests": [{"profileInfo": {"profile": profile}, "primary": True}],
            "hotelId": HOTEL,
            "reservationStatus": _STATUS[s.status],
        }

    def _info(self, s: Stay) -> dict:
        return {
            "reservationIdList": [
                {"id": s.id, "type": "Reservation"},
                {"id": s.confirmation, "type": "Confirmation"},
            ],
            "roomStay": {
                "arrivalDate": s.arrival.isoformat(),
                "departureDate": s.departure.isoformat(),
                "roomType": s.room_type,
            },
            "reservationGuest": {"givenName": s.first_name, "surname": s.last_name},
            "hotelId": HOTEL,
            "reservationStatus": _STATUS[s.status],
        }

    def _search(self, req: Request) -> Response:
        stays = sorted(self.hotel.stays.values(), key=lambda s: s.created)
        if req.q("externalReferenceIds"):
            stays = [s for s in stays if s.external_ref == req.q("externalReferenceIds")]
        if req.q("confirmationNumberList"):
            stays = [s for s in stays if s.confirmation == req.q("confirmationNumberList")]
        if req.q("surname"):
            want = req.q("surname").casefold()
            stays = [s for s in stays if s.last_name.casefold().startswith(want)]
        if req.q("arrivalStartDate"):
            lo = date.fromisoformat(req.q("arrivalStartDate"))
            stays = [s for s in stays if s.arrival >= lo]
        if req.q("arrivalEndDate"):
            hi = date.fromisoformat(req.q("arrivalEndDate"))
            stays = [s for s in stays if s.arrival <= hi]
        limit, offset = int(req.q("limit", "20")), int(req.q("offset", "0"))
        if not 1 <= limit <= 200:
            return _problem(400, "Bad Request", "limit must be between 1 and 200")
        chunk = stays[offset : offset + limit]
        return Response.json(
            200,
            {
                "reservations": {
                    "reservationInfo": [self._info(s) for s in chunk],
                    "totalResults": len(stays),
                    "offset": offset,
                    "limit": limit,
                    "hasMore": offset + limit < len(stays),
                }
            },
        )

    def _create(self, req: Request) -> Response:
        try:
            r = req.json()["reservations"]["reservation"][0]
            stay = r["roomStay"]
            rate = stay["roomRates"][0]
            a, d = (
                date.fromisoformat(stay["arrivalDate"]),
                date.fromisoformat(stay["departureDate"]),
            )
            name = r["reservationGuests"][0]["profileInfo"]["profile"]["customer"]["personName"][0]
            profile = r["reservationGuests"][0]["profileInfo"]["profile"]
            counts = stay["guestCounts"]
        except (KeyError, IndexError, TypeError, ValueError) as e:
            return _problem(400, "Bad Request", f"Invalid reservation: {e!r}", "RSV-400")
        code = rate.get("roomType")
        if code not in self.hotel.room_types or rate.get("ratePlanCode") != RATE_PLAN:
            return _problem(400, "Bad Request", f"Invalid room type {code} / rate plan", "RSV-RT")
        emails = (profile.get("emails") or {}).get("emailInfo") or []
        phones = (profile.get("telephones") or {}).get("telephoneInfo") or []
        n = self.hotel.next_number()
        ext = (r.get("externalReferences") or [{}])[0].get("id")
        s = Stay(
            id=str(700000 + n),
            confirmation=str(41000000 + n),
            room_type=code,
            rate_plan=RATE_PLAN,
            arrival=a,
            departure=d,
            adults=int(counts.get("adults", 1)),
            children=int(counts.get("children", 0)),
            first_name=name.get("givenName") or "",
            last_name=name["surname"],
            email=emails[0]["email"]["emailAddress"] if emails else None,
            phone=phones[0]["telephone"]["phoneNumber"] if phones else None,
            total=self.hotel.price(code, a, d),
            external_ref=ext,
        )
        try:
            self.hotel.book(s)
        except NoRoom:
            return _problem(
                400,
                "Bad Request",
                "Room type is not available: no inventory for the stay",
                "RSV-AVAIL",
            )
        return Response.json(
            201,
            {
                "reservations": {
                    "reservation": [
                        {
                            "reservationIdList": [
                                {"id": s.id, "type": "Reservation"},
                                {"id": s.confirmation, "type": "Confirmation"},
                            ]
                        }
                    ]
                },
                "links": [
                    {
                        "href": f"/rsv/v1/hotels/{HOTEL}/reservations/{s.id}",
                        "rel": "self",
                        "method": "GET",
                    }
                ],
            },
            {"Location": f"/rsv/v1/hotels/{HOTEL}/reservations/{s.id}"},
        )

    def _modify(self, req: Request, s: Stay) -> Response:
        if s.status != "confirmed":
            return _problem(
                400,
                "Bad Request",
                f"Reservation status {_STATUS[s.status]} cannot be changed",
                "RSV-STATUS",
            )
        try:
            stay = req.json()["reservations"]["reservation"][0]["roomStay"]
            a, d = (
                date.fromisoformat(stay["arrivalDate"]),
                date.fromisoformat(stay["departureDate"]),
            )
            counts = stay["guestCounts"]
        except (KeyError, IndexError, TypeError, ValueError) as e:
            return _problem(400, "Bad Request", f"Invalid change: {e!r}", "RSV-400")
        try:
            self.hotel.move(s, a, d, int(counts.get("adults", s.adults)))
        except NoRoom:
            return _problem(
                400,
                "Bad Request",
                "Room type is not available: no inventory for the stay",
                "RSV-AVAIL",
            )
        s.children = int(counts.get("children", s.children))
        return Response.json(200, {"reservations": {"reservation": [self._render(s)]}})
