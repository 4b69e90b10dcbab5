"""SiteMinder as a booking channel: OTA 2003/05 XML over SOAP 1.1 with WS-Security.

Wire format (developer.siteminder.com, SiteConnect and pmsXchange): one HTTPS endpoint, POST
``text/xml; charset=utf-8``; a SOAP envelope whose Header carries
``wsse:Security/wsse:UsernameToken`` (Username, Password) and whose Body holds one OTA
message. Bookings, modifications and cancellations are ``OTA_HotelResNotifRQ`` with
``ResStatus`` Commit / Modify / Cancel (answered by ``OTA_HotelResNotifRS``); reservations
are read with ``OTA_ReadRQ`` (answered by ``OTA_ResRetrieveRS``). Failures come back as
HTTP 200 with ``<Errors><Error Type=".." Code="..">`` (OTA EWT codes: 3 business rule,
4/6 authentication/authorisation, 10 required field missing, 12 processing exception);
malformed envelopes as a SOAP Fault. SiteMinder offers a channel no live availability or
pricing query, so this adapter lacks ``search_availability`` and ``quote_change`` (the
capability matrix says so) and prices offers from the hotel's configured rates
(``make_offer``). The channel booking reference (``UniqueID`` Type 14) is our idempotency
key; it is read back with ``OTA_ReadRQ`` before sending and before any retry.
"""

from __future__ import annotations

import contextlib
import secrets
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr
from zoneinfo import ZoneInfo

from config.sections.hotel import RoomType
from config.sections.pms_vendors import SiteMinderSettings
from connectors.adapters._vendor_common import (
    HttpAdapterLifecycle,
    change_to_make,
    filter_found,
    join_name,
    split_name,
)
from connectors.contract import Capability
from connectors.errors import (
    AuthError,
    Conflict,
    NotFound,
    PmsError,
    Unavailable,
    Unsupported,
    VendorError,
)
from connectors.http import HttpPolicy, VendorHttpClient, VendorResponse
from connectors.http.client import is_transient, transient_error
from connectors.http.credentials import base_url as http_base_url
from connectors.http.credentials import require
from connectors.models import Guest, Money, Occupancy, RateOffer, Reservation, ReservationStatus

VENDOR = "siteminder"
OTA = "http://www.opentravel.org/OTA/2003/05"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
NS = {"ota": OTA, "soap": SOAP}
CAPABILITIES = frozenset(
    {Capability.CREATE, Capability.GET, Capability.FIND, Capability.MODIFY, Capability.CANCEL}
)


def _ota_errors(root: ET.Element) -> list[tuple[str, str, str]]:
    return [
        (e.get("Type", ""), e.get("Code", ""), (e.text or "").strip())
        for e in root.iter(f"{{{OTA}}}Error")
    ]


def _parse_xml(content: bytes) -> ET.Element:
    # Python's expat (>= 2.4) refuses entity-expansion bombs and ElementTree never
    # resolves external entities, so vendor XML cannot make us fetch or explode.
    try:
        return ET.fromstring(content)
    except ET.ParseError as e:
        raise VendorError(f"{VENDOR}: answer is not well-formed XML", vendor=VENDOR) from e


def _classifier():
    def classify(r: VendorResponse) -> PmsError | None:
        # a 5xx that carries a SOAP fault is read below: the fault says whether to retry
        if is_transient(r.status) and not (r.status >= 500 and b"Fault" in r.content):
            return transient_error(VENDOR, r.status)
        if r.status in (401, 403):
            return AuthError(
                f"{VENDOR}: HTTP {r.status}; check the SiteMinder credentials", vendor=VENDOR
            )
        try:
            root = _parse_xml(r.content)
        except VendorError as e:
            return e
        fault = root.find(".//soap:Fault", NS)
        if fault is not None:
            return VendorError(
                f"{VENDOR}: SOAP fault ({(fault.findtext('faultcode') or '').strip()})",
                retriable=r.status >= 500,
                status=r.status,
                vendor=VENDOR,
            )
        errors = _ota_errors(root)
        if not errors:
            return (
                None
                if r.status < 400
                else VendorError(f"{VENDOR}: HTTP {r.status}", status=r.status, vendor=VENDOR)
            )
        etype, code, text = errors[0]
        low = text.lower()
        if etype in ("4", "6"):
            return AuthError(
                f"{VENDOR}: credentials rejected (OTA error type {etype}); check "
                "SOVREN_SITEMINDER_USERNAME/_PASSWORD and the hotel code",
                vendor=VENDOR,
            )
        if code == "322" or "availab" in low:
            return Unavailable(f"{VENDOR}: no availability for that stay", vendor=VENDOR)
        if "not found" in low or code == "245":
            return NotFound(f"{VENDOR}: not found", vendor=VENDOR)
        if "cancel" in low or "status" in low:
            return Conflict(f"{VENDOR}: not allowed in the reservation's status", vendor=VENDOR)
        if etype == "12":  # processing exception; messages are atomic, so a retry is safe
            return VendorError(
                f"{VENDOR}: processing exception (code {code})", retriable=True, vendor=VENDOR
            )
        return VendorError(
            f"{VENDOR}: refused (OTA error type {etype}, code {code})", vendor=VENDOR
        )

    return classify


def _a(name: str, value) -> str:
    return f" {name}={quoteattr(str(value))}"


class SiteMinderConnector(HttpAdapterLifecycle):
    vendor = VENDOR

    def __init__(
        self,
        cfg: SiteMinderSettings,
        *,
        base_url: str | None = None,
        room_types: Sequence[RoomType] | None = None,
        currency: str = "EUR",
        timezone: str = "Europe/Berlin",
        policy: HttpPolicy | None = None,
        horizon_days: int = 365,
    ):
        self._username = require(cfg, "username", vendor=VENDOR)
        self._password = require(cfg, "password", vendor=VENDOR)
        self.hotel_code = require(cfg, "hotel_code", vendor=VENDOR)
        self.requestor = cfg.value("requestor_id") or "SOVREN"
        self.rate_plan = cfg.value("rate_plan") or "BAR"
        url = http_base_url(
            cfg, base_url, vendor=VENDOR, what="endpoint (the SOAP endpoint SiteMinder gave you)"
        )
        self.room_types = {rt.code: rt for rt in (room_types or [])}
        self.currency = currency
        self.tz = ZoneInfo(timezone)
        self.horizon_days = horizon_days
        self.client = VendorHttpClient(
            vendor=VENDOR,
            base_url=url,
            policy=policy,
            classify=_classifier(),
            static_headers={"Content-Type": "text/xml; charset=utf-8"},
        )

    @classmethod
    def hotel_kwargs(cls, settings) -> dict:
        """Offers are priced from the hotel's own rooms (no live availability at SiteMinder)."""
        return {
            "room_types": list(settings.hotel.room_types),
            "currency": settings.hotel.currency,
            "timezone": settings.hotel.timezone,
        }

    @property
    def capabilities(self) -> frozenset[Capability]:
        return CAPABILITIES

    async def open(self) -> None:
        """One authenticated read (of a reference nobody uses), so rejected credentials or
        a wrong endpoint show at start-up and in ``sovren pms check``."""
        await self._by_unique_id("sovren-connection-check")

    # -- offers without a live query ------------------------------------------------------
    def make_offer(
        self, arrival: date, departure: date, occupancy: Occupancy, room_type: str
    ) -> RateOffer:
        """An offer priced from the hotel's configured rate (SiteMinder has no live price)."""
        rt = self.room_types.get(room_type)
        if rt is None:
            raise Unavailable(f"{VENDOR}: room type {room_type} is not configured", vendor=VENDOR)
        if occupancy.total > rt.max_guests:
            raise Unavailable(f"{VENDOR}: {room_type} holds at most {rt.max_guests}", vendor=VENDOR)
        total = rt.rate * (departure - arrival).days
        return RateOffer(
            offer_id=f"{room_type}|{self.rate_plan}",
            vendor=VENDOR,
            room_type=room_type,
            rate_plan=self.rate_plan,
            arrival=arrival,
            departure=departure,
            occupancy=occupancy,
            total=Money(amount=total, currency=self.currency),
            raw={"priced_from": "config"},
        )

    # -- wire -------------------------------------------------------------------------------
    def _envelope(self, body: str) -> bytes:
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<SOAP-ENV:Envelope xmlns:SOAP-ENV="{SOAP}">'
            "<SOAP-ENV:Header>"
            f'<wsse:Security xmlns:wsse="{WSSE}" SOAP-ENV:mustUnderstand="1">'
            "<wsse:UsernameToken>"
            f"<wsse:Username>{escape(self._username)}</wsse:Username>"
            '<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-'
            f'username-token-profile-1.0#PasswordText">{escape(self._password)}</wsse:Password>'
            "</wsse:UsernameToken></wsse:Security></SOAP-ENV:Header>"
            f"<SOAP-ENV:Body>{body}</SOAP-ENV:Body></SOAP-ENV:Envelope>"
        ).encode()

    def _head(self, name: str, extra: str = "") -> str:
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
        return (
            f'<{name} xmlns="{OTA}"{_a("EchoToken", secrets.token_hex(8))}'
            f'{_a("TimeStamp", stamp)} Version="1.0"{extra}>'
        )

    async def _send(self, op: str, body: str, *, idempotent: bool) -> ET.Element:
        r = await self.client.request(
            "POST",
            "",
            op=op,
            content=self._envelope(body),
            headers={"SOAPAction": op},
            idempotent=idempotent,
        )
        root = _parse_xml(r.content)
        if root.find(".//ota:Success", NS) is None:
            self.client.recorder.record(0.0, False, "malformed_payload")
            raise VendorError(f"{VENDOR}: {op} answered without Success", vendor=VENDOR)
        return root

    def _pos(self) -> str:
        return (
            f'<POS><Source><RequestorID Type="22"{_a("ID", self.requestor)}/>'
            f'<BookingChannel Type="7" Primary="true"><CompanyName{_a("Code", self.requestor)}>'
            f"{escape(self.requestor)}</CompanyName></BookingChannel></Source></POS>"
        )

    def _reservation_xml(
        self,
        status: str,
        unique_id: str,
        room_type: str,
        rate_plan: str,
        arrival: date,
        departure: date,
        occ: Occupancy,
        guest: Guest | None,
        total: Money | None,
    ) -> str:
        guests = ""
        if guest is not None:
            first, last = split_name(guest.name)
            contact = ""
            if guest.phone:
                contact += f"<Telephone{_a('PhoneNumber', guest.phone)}/>"
            if guest.email:
                contact += f"<Email>{escape(guest.email)}</Email>"
            guests = (
                "<ResGuests><ResGuest><Profiles><ProfileInfo><Profile><Customer><PersonName>"
                f"<GivenName>{escape(first)}</GivenName><Surname>{escape(last)}</Surname>"
                f"</PersonName>{contact}</Customer></Profile></ProfileInfo></Profiles>"
                "</ResGuest></ResGuests>"
            )
        total_xml = (
            f"<Total{_a('AmountAfterTax', total.amount)}{_a('CurrencyCode', total.currency)}/>"
            if total
            else ""
        )
        return (
            f"<HotelReservation{_a('ResStatus', status)}"
            f"{_a('CreateDateTime', datetime.now(UTC).strftime('%Y-%m-%dT%H:%M:%S+00:00'))}>"
            f'<UniqueID Type="14"{_a("ID", unique_id)}/>'
            "<RoomStays><RoomStay>"
            f"<RoomTypes><RoomType{_a('RoomTypeCode', room_type)}/></RoomTypes>"
            f"<RatePlans><RatePlan{_a('RatePlanCode', rate_plan)}/></RatePlans>"
            f'<GuestCounts><GuestCount AgeQualifyingCode="10"{_a("Count", occ.adults)}/>'
            f'<GuestCount AgeQualifyingCode="8"{_a("Count", occ.children)}/></GuestCounts>'
            f"<TimeSpan{_a('Start', arrival.isoformat())}{_a('End', departure.isoformat())}/>"
            f"{total_xml}<BasicPropertyInfo{_a('HotelCode', self.hotel_code)}/>"
            f"</RoomStay></RoomStays>{guests}</HotelReservation>"
        )

    def _notif(self, status: str, reservation_xml: str) -> str:
        return (
            self._head("OTA_HotelResNotifRQ", _a("ResStatus", status))
            + self._pos()
            + f"<HotelReservations>{reservation_xml}</HotelReservations></OTA_HotelResNotifRQ>"
        )

    def _from_xml(self, hr: ET.Element) -> Reservation:
        def f(path: str) -> ET.Element | None:
            return hr.find(path, NS)

        uid = f("ota:UniqueID")
        span = f(".//ota:RoomStay/ota:TimeSpan")
        rtype = f(".//ota:RoomStay/ota:RoomTypes/ota:RoomType")
        if uid is None or span is None or rtype is None:
            raise VendorError(
                f"{VENDOR}: reservation lacks UniqueID, TimeSpan or RoomType", vendor=VENDOR
            )
        sm_id = None
        for rid in hr.iterfind(".//ota:HotelReservationID", NS):
            if rid.get("ResID_Type") == "10":  # the hotel/SiteMinder side's reservation id
                sm_id = rid.get("ResID_Value")
        counts = {
            g.get("AgeQualifyingCode"): int(g.get("Count", "0"))
            for g in hr.iterfind(".//ota:GuestCount", NS)
        }
        total = f(".//ota:RoomStay/ota:Total")
        name = f(".//ota:Customer/ota:PersonName")
        phone = f(".//ota:Customer/ota:Telephone")
        email = hr.findtext(".//ota:Customer/ota:Email", default=None, namespaces=NS)
        plan = f(".//ota:RoomStay/ota:RatePlans/ota:RatePlan")
        status = hr.get("ResStatus", "Book")
        try:
            arrival = date.fromisoformat(span.get("Start", ""))
            departure = date.fromisoformat(span.get("End", ""))
            amount = Decimal(total.get("AmountAfterTax")) if total is not None else None
        except (ValueError, ArithmeticError, TypeError) as e:
            raise VendorError(
                f"{VENDOR}: malformed reservation dates or total", vendor=VENDOR
            ) from e
        raw = {
            "unique_id": uid.get("ID"),
            "res_status": status,
            "xml": ET.tostring(hr, encoding="unicode"),
        }
        return Reservation(
            id=sm_id or uid.get("ID"),
            confirmation=sm_id or uid.get("ID"),
            vendor=VENDOR,
            status=ReservationStatus.CANCELLED
            if status == "Cancel"
            else ReservationStatus.CONFIRMED,
            arrival=arrival,
            departure=departure,
            room_type=rtype.get("RoomTypeCode", ""),
            rate_plan=plan.get("RatePlanCode") if plan is not None else None,
            occupancy=Occupancy(adults=counts.get("10", 1), children=counts.get("8", 0)),
            guest=Guest(
                name=join_name(
                    name.findtext("ota:GivenName", default="", namespaces=NS)
                    if name is not None
                    else "",
                    name.findtext("ota:Surname", default="", namespaces=NS)
                    if name is not None
                    else "",
                ),
                phone=(phone.get("PhoneNumber") or None) if phone is not None else None,
                email=(email or "").strip() or None,
            ),
            total=Money(amount=amount, currency=total.get("CurrencyCode") or self.currency)
            if amount is not None and total is not None
            else None,
            raw=raw,
        )

    async def _read(self, criteria: str, op: str) -> list[Reservation]:
        body = (
            self._head("OTA_ReadRQ")
            + self._pos()
            + f"<ReadRequests>{criteria}</ReadRequests></OTA_ReadRQ>"
        )
        root = await self._send(op, body, idempotent=True)
        return [
            self._from_xml(hr)
            for hr in root.iterfind(".//ota:ReservationsList/ota:HotelReservation", NS)
        ]

    async def _by_unique_id(self, unique_id: str) -> Reservation | None:
        found = await self._read(
            f'<ReadRequest><UniqueID Type="14"{_a("ID", unique_id)}/></ReadRequest>', "OTA_ReadRQ"
        )
        return found[0] if found else None

    async def _by_sm_id(self, sm_id: str) -> Reservation | None:
        found = await self._read(
            f'<ReadRequest><UniqueID Type="10"{_a("ID", sm_id)}/></ReadRequest>', "OTA_ReadRQ"
        )
        return found[0] if found else None

    # -- contract -----------------------------------------------------------------------------
    async def search_availability(self, *args, **kwargs):
        raise Unsupported(Capability.SEARCH_AVAILABILITY, vendor=VENDOR)

    async def quote_change(self, *args, **kwargs):
        raise Unsupported(Capability.QUOTE_CHANGE, vendor=VENDOR)

    async def create_reservation(
        self, offer: RateOffer, guest: Guest, idempotency_key: str
    ) -> Reservation:
        existing = await self._by_unique_id(idempotency_key)
        if existing is not None:
            return existing
        room_type, _, rate_plan = offer.offer_id.partition("|")
        xml = self._reservation_xml(
            "Commit",
            idempotency_key,
            room_type or offer.room_type,
            rate_plan or offer.rate_plan or self.rate_plan,
            offer.arrival,
            offer.departure,
            offer.occupancy,
            guest,
            offer.total,
        )

        async def send() -> Reservation:
            await self._send("OTA_HotelResNotifRQ", self._notif("Commit", xml), idempotent=False)
            got = await self._by_unique_id(idempotency_key)
            if got is None:
                raise VendorError(f"{VENDOR}: committed reservation is not readable", vendor=VENDOR)
            return got

        return await self.client.create_once(
            send, lambda: self._by_unique_id(idempotency_key), op="OTA_HotelResNotifRQ Commit"
        )

    async def reservation_for_key(self, idempotency_key: str) -> Reservation | None:
        """The booking made with this key, if any (the key is the channel's UniqueID)."""
        return await self._by_unique_id(idempotency_key)

    async def get_reservation(self, id_or_confirmation: str) -> Reservation:
        key = id_or_confirmation.strip()
        found = await self._by_sm_id(key) or await self._by_unique_id(key)
        if found is None:
            raise NotFound(f"{VENDOR}: no reservation {key}", vendor=VENDOR)
        return found

    async def find_reservations(
        self,
        guest_name: str | None = None,
        arrival: date | None = None,
        phone: str | None = None,
        email: str | None = None,
    ) -> list[Reservation]:
        if arrival:
            lo = hi = arrival
        else:
            today = datetime.now(self.tz).date()
            lo, hi = today - timedelta(days=1), today + timedelta(days=self.horizon_days)
        verification = ""
        if guest_name:
            verification = (
                "<Verification><PersonName>"
                f"<Surname>{escape(guest_name.split()[-1])}</Surname>"
                "</PersonName></Verification>"
            )
        criteria = (
            f"<HotelReadRequest{_a('HotelCode', self.hotel_code)}>"
            f'<SelectionCriteria DateType="ArrivalDate"{_a("Start", lo.isoformat())}'
            f"{_a('End', hi.isoformat())}/>{verification}</HotelReadRequest>"
        )
        found = await self._read(criteria, "OTA_ReadRQ")
        return filter_found(found, guest_name, arrival, phone, email)

    async def modify_reservation(
        self,
        reservation: Reservation,
        new_arrival: date,
        new_departure: date,
        occupancy: Occupancy | None = None,
        *,
        idempotency_key: str,
    ) -> Reservation:
        current = await self.get_reservation(reservation.confirmation)
        occ = change_to_make(VENDOR, current, new_arrival, new_departure, occupancy)
        if occ is None:
            return current  # already applied (a repeat of the same change)
        rt = self.room_types.get(current.room_type)
        total = (
            Money(
                amount=rt.rate * (new_departure - new_arrival).days,
                currency=self.currency,
            )
            if rt
            else None
        )
        uid = (current.raw or {}).get("unique_id") or current.id
        xml = self._reservation_xml(
            "Modify",
            uid,
            current.room_type,
            current.rate_plan or self.rate_plan,
            new_arrival,
            new_departure,
            occ,
            current.guest,
            total,
        )
        # A Modify restates the whole reservation: repeating it is harmless.
        await self._send("OTA_HotelResNotifRQ", self._notif("Modify", xml), idempotent=True)
        return await self.get_reservation(current.confirmation)

    async def cancel_reservation(self, reservation: Reservation, reason: str) -> Reservation:
        current = await self.get_reservation(reservation.confirmation)
        if current.status is ReservationStatus.CANCELLED:
            return current
        uid = (current.raw or {}).get("unique_id") or current.id
        xml = self._reservation_xml(
            "Cancel",
            uid,
            current.room_type,
            current.rate_plan or self.rate_plan,
            current.arrival,
            current.departure,
            current.occupancy,
            None,
            None,
        )
        with contextlib.suppress(Conflict):  # a repeated cancel that already landed
            await self._send("OTA_HotelResNotifRQ", self._notif("Cancel", xml), idempotent=True)
        after = await self.get_reservation(current.confirmation)
        if after.status is not ReservationStatus.CANCELLED:
            raise Conflict(f"{VENDOR}: reservation could not be cancelled", vendor=VENDOR)
        return after
