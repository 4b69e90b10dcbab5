"""Fake SiteMinder endpoint: OTA 2003/05 messages in SOAP 1.1 envelopes with WS-Security.

Faithful to developer.siteminder.com (SiteConnect / pmsXchange): one endpoint, POST
``text/xml``; ``wsse:Security/wsse:UsernameToken`` in the SOAP Header; responses in an
envelope with an empty Header; application errors as HTTP 200 with ``<Errors><Error
Type Code>`` (EWT 3 business rule, 4 authentication, 6 authorisation, 10 required field);
SOAP Fault with HTTP 500 for an unreadable envelope. Reservations are
``OTA_HotelResNotifRQ`` (ResStatus Commit/Modify/Cancel); reads are ``OTA_ReadRQ`` answered
with ``OTA_ResRetrieveRS``. There is no availability or price query.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from tests.connectors.fakes.base import FakeVendorServer, NoRoom, Request, Response, Stay

USERNAME = "sovren-channel"
PASSWORD = "Sm!Test-Passw0rd#2026"
HOTEL_CODE = "HOTEL1"
OTA = "http://www.opentravel.org/OTA/2003/05"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
NS = {"ota": OTA, "soap": SOAP, "wsse": WSSE}


def _envelope(body: str, status: int = 200) -> Response:
    xml = (
        f'<SOAP-ENV:Envelope xmlns:SOAP-ENV="{SOAP}"><SOAP-ENV:Header/>'
        f"<SOAP-ENV:Body>{body}</SOAP-ENV:Body></SOAP-ENV:Envelope>"
    )
    return Response(status, xml.encode(), {"Content-Type": "text/xml; charset=utf-8"})


def _rs(name: str, echo: str, inner: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    return (
        f'<{name} xmlns="{OTA}" Version="1.0" TimeStamp="{stamp}" EchoToken={quoteattr(echo)}>'
        f"{inner}</{name}>"
    )


def _error(name: str, echo: str, etype: str, code: str, text: str) -> Response:
    return _envelope(
        _rs(
            name,
            echo,
            f'<Errors><Error Type="{etype}" Code="{code}">{escape(text)}</Error></Errors>',
        )
    )


def _fault(text: str) -> Response:
    return _envelope(
        f"<SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode><faultstring>{escape(text)}"
        "</faultstring></SOAP-ENV:Fault>",
        500,
    )


class SiteMinderFake(FakeVendorServer):
    vendor = "siteminder"

    def env(self) -> dict[str, str]:
        return {
            "SOVREN_SITEMINDER_USERNAME": USERNAME,
            "SOVREN_SITEMINDER_PASSWORD": PASSWORD,
            "SOVREN_SITEMINDER_HOTEL_CODE": HOTEL_CODE,
        }

    def route(self, req: Request) -> Response:
        if req.method != "POST":
            return Response(405, b"", {"Allow": "POST"})
        if "text/xml" not in (req.header("content-type") or ""):
            return _fault("Content-Type must be text/xml")
        try:
            root = ET.fromstring(req.body)
        except ET.ParseError:
            return _fault("The message is not well-formed XML")
        body = root.find("soap:Body", NS)
        if body is None or len(body) != 1:
            return _fault("The SOAP Body must hold exactly one OTA message")
        msg = body[0]
        name = msg.tag.removeprefix(f"{{{OTA}}}")
        echo = msg.get("EchoToken", "")
        rs = {"OTA_HotelResNotifRQ": "OTA_HotelResNotifRS", "OTA_ReadRQ": "OTA_ResRetrieveRS"}.get(
            name
        )
        if rs is None:
            return _fault(f"Unsupported message {name}")
        user = root.findtext(".//wsse:UsernameToken/wsse:Username", namespaces=NS)
        pw = root.findtext(".//wsse:UsernameToken/wsse:Password", namespaces=NS)
        if (user, pw) != (USERNAME, PASSWORD):
            return _error(rs, echo, "4", "497", "Authentication failed - invalid credentials")
        if msg.get("Version") is None or not echo:
            return _error(rs, echo, "10", "321", "Attributes EchoToken and Version are required")
        if name == "OTA_ReadRQ":
            return self._read(msg, echo)
        return self._notif(msg, echo)

    # -- rendering -------------------------------------------------------------------
    def _render(self, s: Stay) -> str:
        status = {"cancelled": "Cancel"}.get(
            s.status, "Modify" if s.extra.get("modified") else "Book"
        )
        contact = ""
        if s.phone:
            contact += f"<Telephone PhoneNumber={quoteattr(s.phone)}/>"
        if s.email:
            contact += f"<Email>{escape(s.email)}</Email>"
        return (
            f'<HotelReservation ResStatus="{status}" CreateDateTime="'
            f'{datetime.fromtimestamp(s.created, UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")}">'
            f'<UniqueID Type="14" ID={quoteattr(s.external_ref or "")}/>'
            "<RoomStays><RoomStay>"
            f'<RoomTypes><RoomType RoomTypeCode="{s.room_type}"/></RoomTypes>'
            f"<RatePlans><RatePlan RatePlanCode={quoteattr(s.rate_plan)}/></RatePlans>"
            f'<GuestCounts><GuestCount AgeQualifyingCode="10" Count="{s.adults}"/>'
            f'<GuestCount AgeQualifyingCode="8" Count="{s.children}"/></GuestCounts>'
            f'<TimeSpan Start="{s.arrival.isoformat()}" End="{s.departure.isoformat()}"/>'
            f'<Total AmountAfterTax="{s.total}" CurrencyCode="{self.hotel.currency}"/>'
            f'<BasicPropertyInfo HotelCode="{HOTEL_CODE}"/>'
            "</RoomStay></RoomStays>"
            "<ResGuests><ResGuest><Profiles><ProfileInfo><Profile><Customer><PersonName>"
            f"<GivenName>{escape(s.first_name)}</GivenName><Surname>{escape(s.last_name)}</Surname>"
            f"</PersonName>{contact}</Customer></Profile></ProfileInfo></Profiles></ResGuest></ResGuests>"
            "<ResGlobalInfo><HotelReservationIDs>"
            f'<HotelReservationID ResID_Type="14" ResID_Value={quoteattr(s.external_ref or "")}/>'
            f'<HotelReservationID ResID_Type="10" ResID_Value="{s.id}"/>'
            "</HotelReservationIDs></ResGlobalInfo></HotelReservation>"
        )

    def _by_unique(self, uid: str) -> Stay | None:
        return next((s for s in self.hotel.stays.values() if s.external_ref == uid), None)

    # -- OTA_ReadRQ ----------------------------------------------------------------------
    def _read(self, msg: ET.Element, echo: str) -> Response:
        stays = sorted(self.hotel.stays.values(), key=lambda s: s.created)
        reqs = msg.find("ota:ReadRequests", NS)
        if reqs is None:
            return _error("OTA_ResRetrieveRS", echo, "10", "321", "ReadRequests is required")
        uid = reqs.find("ota:ReadRequest/ota:UniqueID", NS)
        hotel = reqs.find("ota:HotelReadRequest", NS)
        if uid is not None:
            if uid.get("Type") == "10":
                stays = [s for s in stays if s.id == uid.get("ID")]
            else:
                stays = [s for s in stays if s.external_ref == uid.get("ID")]
        elif hotel is not None:
            if hotel.get("HotelCode") != HOTEL_CODE:
                return _error(
                    "OTA_ResRetrieveRS",
                    echo,
                    "6",
                    "392",
                    f"Hotel not found for HotelCode={hotel.get('HotelCode')}",
                )
            crit = hotel.find("ota:SelectionCriteria", NS)
            if crit is not None:
                lo, hi = date.fromisoformat(crit.get("Start")), date.fromisoformat(crit.get("End"))
                stays = [s for s in stays if lo <= s.arrival <= hi]
            surname = hotel.findtext("ota:Verification/ota:PersonName/ota:Surname", namespaces=NS)
            if surname:
                stays = [s for s in stays if s.last_name.casefold().startswith(surname.casefold())]
        else:
            return _error(
                "OTA_ResRetrieveRS",
                echo,
                "10",
                "321",
                "ReadRequest or HotelReadRequest is required",
            )
        inner = (
            "<Success/><ReservationsList>"
            + "".join(self._render(s) for s in stays)
            + "</ReservationsList>"
        )
        return _envelope(_rs("OTA_ResRetrieveRS", echo, inner))

    # -- OTA_HotelResNotifRQ ------------------------------------------------------------------
    def _notif(self, msg: ET.Element, echo: str) -> Response:
        rs = "OTA_HotelResNotifRS"
        hr = msg.find("ota:HotelReservations/ota:HotelReservation", NS)
        if hr is None:
            return _error(rs, echo, "10", "321", "HotelReservation is required")
        status = hr.get("ResStatus") or msg.get("ResStatus")
        uid_el = hr.find("ota:UniqueID", NS)
        uid = uid_el.get("ID") if uid_el is not None else None
        if not uid:
            return _error(rs, echo, "10", "321", "UniqueID is required")
        try:
            stay_el = hr.find("ota:RoomStays/ota:RoomStay", NS)
            code = stay_el.find("ota:RoomTypes/ota:RoomType", NS).get("RoomTypeCode")
            plan = stay_el.find("ota:RatePlans/ota:RatePlan", NS).get("RatePlanCode")
            span = stay_el.find("ota:TimeSpan", NS)
            a, d = date.fromisoformat(span.get("Start")), date.fromisoformat(span.get("End"))
            counts = {
                g.get("AgeQualifyingCode"): int(g.get("Count"))
                for g in stay_el.iterfind(".//ota:GuestCount", NS)
            }
            hotel_code = stay_el.find("ota:BasicPropertyInfo", NS).get("HotelCode")
        except (AttributeError, TypeError, ValueError) as e:
            return _error(rs, echo, "10", "321", f"Required element or attribute missing: {e}")
        if hotel_code != HOTEL_CODE:
            return _error(rs, echo, "6", "392", f"Hotel not found for HotelCode={hotel_code}")
        if code not in self.hotel.room_types:
            return _error(rs, echo, "3", "402", f"Invalid room type code {code}")
        existing = self._by_unique(uid)
        if status == "Commit":
            if existing is not None:
                return _error(rs, echo, "3", "95", f"Booking {uid} already exists")
            name = hr.find(".//ota:Customer/ota:PersonName", NS)
            if name is None or not name.findtext("ota:Surname", namespaces=NS):
                return _error(rs, echo, "10", "321", "PersonName/Surname is required")
            phone = hr.find(".//ota:Customer/ota:Telephone", NS)
            total = stay_el.find("ota:Total", NS)
            n = self.hotel.next_number()
            s = Stay(
                id=f"SM{500000 + n}",
                confirmation=f"SM{500000 + n}",
                room_type=code,
                rate_plan=plan,
                arrival=a,
                departure=d,
                adults=counts.get("10", 1),
                children=counts.get("8", 0),
                first_name=name.findtext("ota:GivenName", default="", namespaces=NS),
                last_name=name.findtext("ota:Surname", namespaces=NS),
                email=hr.findtext(".//ota:Customer/ota:Email", namespaces=NS),
                phone=phone.get("PhoneNumber") if phone is not None else None,
                total=Decimal(total.get("AmountAfterTax"))
                if total is not None
                else self.hotel.price(code, a, d),
                external_ref=uid,
            )
            try:
                self.hotel.book(s)
            except NoRoom:
                return _error(rs, echo, "3", "322", f"No availability for room type {code}")
        elif existing is None:
            return _error(rs, echo, "3", "245", f"Reservation {uid} not found")
        elif status == "Modify":
            s = existing
            if s.status != "confirmed":
                return _error(
                    rs,
                    echo,
                    "3",
                    "450",
                    f"Reservation {uid} has status cancelled and cannot be modified",
                )
            try:
                self.hotel.move(s, a, d, counts.get("10", s.adults))
            except NoRoom:
                return _error(rs, echo, "3", "322", f"No availability for room type {code}")
            s.children = counts.get("8", 0)
            total = stay_el.find("ota:Total", NS)
            if total is not None:
                s.total = Decimal(total.get("AmountAfterTax"))
            s.extra["modified"] = True
        elif status == "Cancel":
            s = existing
            if s.status == "cancelled":
                return _error(rs, echo, "3", "450", f"Reservation {uid} is already cancelled")
            s.status = "cancelled"
        else:
            return _error(rs, echo, "10", "321", f"Unknown ResStatus {status}")
        inner = (
            "<Success/><HotelReservations><HotelReservation>"
            f'<UniqueID Type="14" ID={quoteattr(uid)}/>'
            "<ResGlobalInfo><HotelReservationIDs>"
            f'<HotelReservationID ResID_Type="10" ResID_Value="{s.id}"/>'
            "</HotelReservationIDs></ResGlobalInfo></HotelReservation></HotelReservations>"
        )
        return _envelope(_rs(rs, echo, inner))
