"""Helpers the five vendor adapters share (not the local PMS).

Why small functions and one tiny lifecycle base: adapters compose the shared
machinery (connectors/http) rather than inherit behaviour; what is here is only
the translation glue every vendor needs — hotel-local dates, names split into
first/last, the contract's name/phone/email matching, status mapping.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from connectors.contract import Capability
from connectors.errors import Conflict, PmsError, Unavailable, VendorError
from connectors.http import HttpPolicy, VendorHttpClient
from connectors.models import Occupancy, Reservation

ALL_CAPABILITIES = frozenset(Capability)


def policy_from_settings(settings) -> HttpPolicy:
    return HttpPolicy(read_timeout_s=float(getattr(settings.pms, "timeout_s", 5.0)))


def split_name(full: str) -> tuple[str, str]:
    """'Anna Maria Schmidt' -> ('Anna Maria', 'Schmidt'); a single word is the last name."""
    parts = full.split()
    if len(parts) <= 1:
        return "", full.strip()
    return " ".join(parts[:-1]), parts[-1]


def join_name(first: str | None, last: str | None) -> str:
    name = " ".join(p for p in ((first or "").strip(), (last or "").strip()) if p)
    return name or "Unknown guest"


def local_date(value: str | date | datetime, tz: ZoneInfo) -> date:
    """The hotel's calendar date of a vendor timestamp (UTC or offset) or date string."""
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        return value
    else:
        text = value.strip()
        if len(text) == 10:
            return date.fromisoformat(text)
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        return dt.date()
    return dt.astimezone(tz).date()


def local_midnight_utc(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0, 0), tz).astimezone(UTC)


def at_local(day: date, clock: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, clock, tz).astimezone(UTC)


def iso_utc(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def nights(arrival: date, departure: date) -> list[date]:
    return [arrival + timedelta(days=i) for i in range((departure - arrival).days)]


def missing_blocks(res: Reservation, arrival: date, departure: date) -> list[tuple[date, date]]:
    """The nights of a new stay that ``res`` does not already hold, as [from, to) runs.

    Why: only those need free rooms when a stay is moved or extended (a vendor
    counts the guest's own room as taken).
    """
    held = set(nights(res.arrival, res.departure)) if res.active else set()
    blocks: list[tuple[date, date]] = []
    for d in nights(arrival, departure):
        if d in held:
            continue
        if blocks and blocks[-1][1] == d:
            blocks[-1] = (blocks[-1][0], d + timedelta(days=1))
        else:
            blocks.append((d, d + timedelta(days=1)))
    return blocks


def change_to_make(
    vendor: str,
    current: Reservation,
    arrival: date,
    departure: date,
    occupancy: Occupancy | None,
) -> Occupancy | None:
    """The occupancy a modification asks for; None when the stay already is that.

    The contract's rules before any vendor write: only an active reservation can
    change (``Conflict`` otherwise), and a repeat of a change already applied is a
    no-op (the caller returns ``current``), so a retried request never writes twice.
    """
    if not current.active:
        raise Conflict(f"{vendor}: reservation is {current.status.value}", vendor=vendor)
    occ = occupancy or current.occupancy
    if (current.arrival, current.departure, current.occupancy) == (arrival, departure, occ):
        return None
    return occ


@dataclass(frozen=True)
class RefusalWords:
    """The words by which a vendor's refusal of a request says what it means (lower case).

    Why words: the vendors answer "no room for that stay" and "not in the reservation's
    status" with the same 4xx, and the caller is told different things for each.
    """

    unavailable: tuple[str, ...]
    conflict: tuple[str, ...]

    def read(
        self, vendor: str, status: int, message: str, *, is_conflict: bool = False
    ) -> PmsError:
        """No room -> Unavailable; the reservation's status (a word, or ``is_conflict`` from
        the HTTP status) -> Conflict; anything else a VendorError naming the status."""
        low = message.lower()
        if any(w in low for w in self.unavailable):
            return Unavailable(f"{vendor}: no availability for that stay", vendor=vendor)
        if is_conflict or any(w in low for w in self.conflict):
            return Conflict(f"{vendor}: not allowed in the reservation's status", vendor=vendor)
        return VendorError(
            f"{vendor}: request rejected (HTTP {status})", status=status, vendor=vendor
        )


_DIGITS = re.compile(r"\D")


def _digits(s: str | None) -> str:
    return _DIGITS.sub("", s or "")


def matches(
    r: Reservation,
    guest_name: str | None,
    arrival: date | None,
    phone: str | None,
    email: str | None,
) -> bool:
    """The contract's find semantics, applied after a vendor search that may be broader."""
    if guest_name and guest_name.casefold() not in r.guest.name.casefold():
        return False
    if arrival and r.arrival != arrival:
        return False
    if phone:
        want, have = _digits(phone), _digits(r.guest.phone)
        if not have or not (have.endswith(want[-9:]) or want.endswith(have[-9:])):
            return False
    return not (email and (r.guest.email or "").casefold() != email.strip().casefold())


def filter_found(
    found: Iterable[Reservation],
    guest_name: str | None,
    arrival: date | None,
    phone: str | None,
    email: str | None,
) -> list[Reservation]:
    seen: dict[str, Reservation] = {}
    for r in found:
        if matches(r, guest_name, arrival, phone, email):
            seen[r.id] = r
    return sorted(seen.values(), key=lambda r: (r.arrival, r.id))


class HttpAdapterLifecycle:
    """from_settings/open/aclose/health around one VendorHttpClient (``self.client``)."""

    vendor: str
    client: VendorHttpClient

    @classmethod
    def from_settings(cls, settings, *, policy: HttpPolicy | None = None):
        """The factory's entry: the vendor's typed settings (``settings.pms.<vendor>``), the
        configured endpoint and time-outs, and what the adapter needs of the hotel."""
        return cls(
            settings.pms.vendor_settings(cls.vendor),
            base_url=settings.pms.base_url,
            policy=policy or policy_from_settings(settings),
            **cls.hotel_kwargs(settings),
        )

    @classmethod
    def hotel_kwargs(cls, settings) -> dict:
        return {"timezone": settings.hotel.timezone}

    @property
    def capabilities(self) -> frozenset[Capability]:
        return ALL_CAPABILITIES

    async def open(self) -> None:
        return None

    async def aclose(self) -> None:
        await self.client.aclose()

    async def health(self) -> dict:
        return self.client.health()
