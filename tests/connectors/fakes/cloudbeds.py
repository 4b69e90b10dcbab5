"""Fake Cloudbeds API v1.3, in Cloudbeds' wire format.

Faithful to cloudbeds/openapi-specs pms-v1.3: ``x-api-key`` header, RPC paths
(``/getAvailableRoomTypes`` ...), GET reads with query parameters, form-encoded POST/PUT
writes with PHP bracket arrays (``rooms[0][roomTypeID]``), every body carrying ``success``
and failures a ``message``, pageNumber/pageSize with ``count``/``total``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from tests.connectors.fakes.base import FakeVendorServer, NoRoom, Request, Response, Stay

API_KEY = "cbat_test_0123456789abcdef"
PROPERTY_ID = "172839"


def _fail(status: int, message: str) -> Response:
    return Response.json(status, {"success": False, "message": message})


def _brackets(form: dict[str, list[str]]) -> dict:
    """rooms[0][roomTypeID]=X -> {"rooms": {"0": {"roomTypeID": "X"}}}; plain keys kept."""
    out: dict = {}
    for key, vals in form.items():
        parts = re.findall(r"[^\[\]]+", key)
        node = out
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = vals[-1]
    return out


class CloudbedsFake(FakeVendorServer):
    vendor = "cloudbeds"

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.type_ids = {code: str(500100 + i) for i, code in enumerate(self.hotel.room_types)}
        self.code_of = {v: k for k, v in self.type_ids.items()}
        self.posts = 0

    def env(self) -> dict[str, str]:
        return {"SOVREN_CLOUDBEDS_API_KEY": API_KEY}

    def route(self, req: Request) -> Response:
        if req.header("x-api-key") != API_KEY:
            return _fail(401, "Invalid API key or access token.")
        if not req.path.startswith("/"):
            return _fail(404, "Method not found")
        method = req.path.lstrip("/")
        reads = {
            "getRoomTypes": self._room_types,
            "getAvailableRoomTypes": self._available,
            "getRatePlans": self._rate_plans,
            "getReservations": self._list,
            "getReservation": self._get,
        }
        writes = {"postReservation": ("POST", self._post), "putReservation": ("PUT", self._put)}
        if method in reads:
            if req.method != "GET":
                return _fail(405, f"Method {req.method} not allowed for {method}")
            return reads[method](req)
        if method in writes:
            verb, fn = writes[method]
            if req.method != verb:
                return _fail(405, f"Method {req.method} not allowed for {method}")
            if "application/x-www-form-urlencoded" not in (req.header("content-type") or ""):
                return _fail(400, "Content-Type must be application/x-www-form-urlencoded")
            return fn(_brackets(req.form()))
        return _fail(404, f"Method {method} not found")

    # -- reads -----------------------------------------------------------------------
    def _room_types(self, req):
        data = [
            {
                "roomTypeID": self.type_ids[code],
                "propertyID": PROPERTY_ID,
                "roomTypeName": rt["name"],
                "roomTypeNameShort": code,
                "maxGuests": rt["max_guests"],
                "roomTypeUnits": rt["count"],
            }
            for code, rt in self.hotel.room_types.items()
        ]
        return Response.json(
            200, {"success": True, "data": data, "count": len(data), "total": len(data)}
        )

    @staticmethod
    def _dates(req) -> tuple[date, date] | Response:
        try:
            a = date.fromisoformat(req.q("startDate"))
            d = date.fromisoformat(req.q("endDate"))
        except (TypeError, ValueError):
            return _fail(400, "Parameters startDate and endDate are required (YYYY-MM-DD)")
        if d <= a:
            return _fail(400, "endDate must be after startDate")
        return a, d

    def _available(self, req):
        dates = self._dates(req)
        if isinstance(dates, Response):
            return dates
        a, d = dates
        try:
            adults, children = int(req.q("adults")), int(req.q("children"))
            int(req.q("rooms"))
        except (TypeError, ValueError):
            return _fail(400, "Parameters rooms, adults and children are required")
        page, size = int(req.q("pageNumber", "1")), int(req.q("pageSize", "20"))
        detailed = req.q("detailedRates") == "true"
        rooms = []
        for code, rt in self.hotel.room_types.items():
            if adults + children > rt["max_guests"]:
                continue
            free = self.hotel.available(code, a, d)
            if free < 1:
                continue
            room = {
                "roomTypeID": self.type_ids[code],
                "roomTypeName": rt["name"],
                "roomTypeNameShort": code,
                "maxGuests": rt["max_guests"],
                "adultsIncluded": 2,
                "childrenIncluded": 0,
                "roomRate": float(self.hotel.price(code, a, d)),
                "roomRateID": f"9{self.type_ids[code]}",
                "ratePlanNamePublic": "Flexible",
                "roomsAvailable": free,
            }
            if detailed:
                room["roomRateDetailed"] = [
                    {
                        "date": (a + timedelta(days=i)).isoformat(),
                        "rate": float(self.hotel.rate(code)),
                    }
                    for i in range((d - a).days)
                ]
            rooms.append(room)
        chunk = rooms[(page - 1) * size : page * size]
        data = (
            [
                {
                    "propertyID": PROPERTY_ID,
                    "propertyCurrency": [
                        {
                            "currencyCode": self.hotel.currency,
                            "currencySymbol": "€",
                            "currencyPosition": "after",
                        }
                    ],
                    "propertyRooms": chunk,
                }
            ]
            if chunk
            else []
        )
        return Response.json(
            200,
            {
                "success": True,
                "data": data,
                "roomCount": len(chunk),
                "count": len(chunk),
                "total": len(rooms),
            },
        )

    def _rate_plans(self, req):
        dates = self._dates(req)
        if isinstance(dates, Response):
            return dates
        a, d = dates
        data = [
            {
                "rateID": f"9{self.type_ids[code]}",
                "roomTypeID": self.type_ids[code],
                "roomTypeName": rt["name"],
                "roomRate": float(self.hotel.price(code, a, d)),
                "roomsAvailable": self.hotel.available(code, a, d),
                "isDerived": False,
            }
            for code, rt in self.hotel.room_types.items()
        ]
        return Response.json(200, {"success": True, "data": data})

    def _render(self, s: Stay, *, detailed: bool = True) -> dict:
        room = {
            "roomTypeID": self.type_ids[s.room_type],
            "roomTypeName": self.hotel.room_types[s.room_type]["name"],
            "subReservationID": f"{s.id}-1",
            "startDate": s.arrival.isoformat(),
            "endDate": s.departure.isoformat(),
            "adults": s.adults,
            "children": s.children,
        }
        guest_id = f"G{s.id}"
        return {
            "propertyID": PROPERTY_ID,
            "reservationID": s.id,
            "status": {"cancelled": "canceled"}.get(s.status, s.status),
            "guestName": f"{s.first_name} {s.last_name}".strip(),
            "startDate": s.arrival.isoformat(),
            "endDate": s.departure.isoformat(),
            "adults": str(s.adults),
            "children": str(s.children),
            "thirdPartyIdentifier": s.external_ref,
            "total": float(s.total),
            "balance": float(s.total),
            "sourceName": "SOVREN",
            "guestList": {
                guest_id: {
                    "guestID": guest_id,
                    "guestFirstName": s.first_name,
                    "guestLastName": s.last_name,
                    "guestEmail": s.email or "",
                    "guestPhone": s.phone or "",
                    "isMainGuest": True,
                }
            },
            "unassigned": [room],
            "rooms": [room],
        }

    def _list(self, req):
        stays = sorted(self.hotel.stays.values(), key=lambda s: s.created)
        if req.q("checkInFrom"):
            lo = date.fromisoformat(req.q("checkInFrom"))
            stays = [s for s in stays if s.arrival >= lo]
        if req.q("checkInTo"):
            hi = date.fromisoformat(req.q("checkInTo"))
            stays = [s for s in stays if s.arrival <= hi]
        if req.q("lastName"):
            stays = [s for s in stays if s.last_name == req.q("lastName")]
        if req.q("status"):
            stays = [
                s
                for s in stays
                if {"cancelled": "canceled"}.get(s.status, s.status) == req.q("status")
            ]
        page, size = int(req.q("pageNumber", "1")), int(req.q("pageSize", "100"))
        if size > 100:
            return _fail(400, "pageSize max is 100")
        chunk = stays[(page - 1) * size : page * size]
        data = []
        for s in chunk:
            item = self._render(s)
            if req.q("includeGuestsDetails") != "true":
                item.pop("guestList")
            if req.q("includeAllRooms") != "true":
                item.pop("rooms")
            item.pop("unassigned")
            data.append(item)
        return Response.json(
            200, {"success": True, "data": data, "count": len(data), "total": len(stays)}
        )

    def _get(self, req):
        rid = req.q("reservationID")
        if not rid:
            return _fail(400, "Parameter reservationID is required")
        s = self.hotel.stays.get(rid)
        if s is None:
            return _fail(200, "Reservation not found")
        item = self._render(s)
        item.pop("rooms")
        return Response.json(200, {"success": True, "data": item})

    # -- writes -------------------------------------------------------------------------
    def _post(self, f: dict):
        try:
            a, d = date.fromisoformat(f["startDate"]), date.fromisoformat(f["endDate"])
            type_id = f["rooms"]["0"]["roomTypeID"]
            adults = int(f["adults"]["0"]["quantity"])
            children = int(f.get("children", {}).get("0", {}).get("quantity", "0"))
            last = f["guestLastName"]
            first = f["guestFirstName"]
        except (KeyError, ValueError) as e:
            return _fail(400, f"Missing or invalid parameter: {e}")
        code = self.code_of.get(type_id)
        if code is None:
            return _fail(400, f"Invalid roomTypeID {type_id}")
        rid = str(8800000000 + self.hotel.next_number())
        stay = Stay(
            id=rid,
            confirmation=rid,
            room_type=code,
            rate_plan=f["rooms"]["0"].get("roomRateID", ""),
            arrival=a,
            departure=d,
            adults=adults,
            children=children,
            first_name=first,
            last_name=last,
            email=f.get("guestEmail"),
            phone=f.get("guestPhone"),
            total=self.hotel.price(code, a, d),
            external_ref=f.get("thirdPartyIdentifier"),
        )
        try:
            self.hotel.book(stay)
        except NoRoom:
            return _fail(200, "Selected room type is not available for the selected dates")
        self.posts += 1
        return Response.json(
            200,
            {
                "success": True,
                "reservationID": rid,
                "status": "confirmed",
                "guestFirstName": first,
                "guestLastName": last,
                "startDate": a.isoformat(),
                "endDate": d.isoformat(),
                "grandTotal": float(stay.total),
            },
        )

    def _put(self, f: dict):
        s = self.hotel.stays.get(f.get("reservationID", ""))
        if s is None:
            return _fail(200, "Reservation not found")
        if f.get("status") == "canceled":
            if s.status == "cancelled":
                return _fail(200, "Reservation status is already canceled")
            s.status = "cancelled"
            return Response.json(200, {"success": True, "data": self._render(s)})
        room = (f.get("rooms") or {}).get("0")
        if room:
            if s.status != "confirmed":
                return _fail(200, f"Reservation with status {s.status} cannot be changed")
            try:
                a = date.fromisoformat(room["checkinDate"])
                d = date.fromisoformat(room["checkoutDate"])
                adults = int(room["adults"])
            except (KeyError, ValueError) as e:
                return _fail(400, f"Missing or invalid parameter: {e}")
            try:
                self.hotel.move(s, a, d, adults)
            except NoRoom:
                return _fail(200, "Room type is not available for the new dates")
            s.children = int(room.get("children", "0"))
        return Response.json(200, {"success": True, "data": self._render(s)})
