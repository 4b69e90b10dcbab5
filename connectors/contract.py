"""The one async contract every PMS adapter implements.

Why a Protocol and not a base class: adapters share machinery by composition
(connectors/http/ for vendors, a connection pool for local), not inheritance;
the factory wraps whichever adapter is configured in ``GuardedConnector``
(connectors/guarded.py), which enforces the capability matrix and validates
requests before the adapter sees them. Adapters may therefore assume valid
input and must translate every vendor failure into connectors.errors; the PMS
executor turns each of those into one typed ``ipc.payloads.PmsFailure`` code
(``PmsError.failure``), which is what the dialogue answers. A vendor timeout is a
``VendorError(timeout=True)``.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Protocol, runtime_checkable

from connectors.models import ChangeQuote, Guest, Occupancy, RateOffer, Reservation


class Capability(enum.StrEnum):
    SEARCH_AVAILABILITY = "search_availability"
    CREATE = "create"
    GET = "get"
    FIND = "find"
    QUOTE_CHANGE = "quote_change"
    MODIFY = "modify"
    CANCEL = "cancel"


# Which capability each contract method needs (the guard consults this).
METHOD_CAPABILITY: dict[str, Capability] = {
    "search_availability": Capability.SEARCH_AVAILABILITY,
    "create_reservation": Capability.CREATE,
    "get_reservation": Capability.GET,
    "find_reservations": Capability.FIND,
    "quote_change": Capability.QUOTE_CHANGE,
    "modify_reservation": Capability.MODIFY,
    "cancel_reservation": Capability.CANCEL,
}


@runtime_checkable
class Connector(Protocol):
    """A hotel's PMS, reached through one vendor. All dates are hotel-local."""

    vendor: str

    @property
    def capabilities(self) -> frozenset[Capability]:
        """What this adapter can do (the guard intersects it with the matrix)."""
        ...

    async def open(self) -> None:
        """Acquire pools/tokens. Idempotent. The guard calls it before the first call."""
        ...

    async def aclose(self) -> None:
        """Release everything ``open`` acquired. Idempotent."""
        ...

    async def health(self) -> dict:
        """JSON-able figures for OPS / ``sovren pms check`` (reachability, latency, breaker)."""
        ...

    async def search_availability(
        self,
        arrival: date,
        departure: date,
        occupancy: Occupancy,
        room_type: str | None = None,
    ) -> list[RateOffer]:
        """Bookable offers for the stay, cheapest first; [] when nothing is free."""
        ...

    async def create_reservation(
        self, offer: RateOffer, guest: Guest, idempotency_key: str
    ) -> Reservation:
        """Book ``offer``. The same key again returns the same reservation, never a second one.

        Raises Unavailable when the offer's room is gone.
        """
        ...

    async def get_reservation(self, id_or_confirmation: str) -> Reservation:
        """By the vendor's id or the confirmation number the guest holds. NotFound otherwise."""
        ...

    async def find_reservations(
        self,
        guest_name: str | None = None,
        arrival: date | None = None,
        phone: str | None = None,
        email: str | None = None,
    ) -> list[Reservation]:
        """Reservations matching all given criteria (name: case-insensitive substring)."""
        ...

    async def quote_change(
        self,
        reservation: Reservation,
        new_arrival: date,
        new_departure: date,
        occupancy: Occupancy | None = None,
    ) -> ChangeQuote:
        """Price and availability of a change, without changing anything."""
        ...

    async def modify_reservation(
        self,
        reservation: Reservation,
        new_arrival: date,
        new_departure: date,
        occupancy: Occupancy | None = None,
        *,
        idempotency_key: str,
    ) -> Reservation:
        """Move/resize the stay (same room type). Unavailable if it does not fit, Conflict if
        the reservation is no longer active. Repeating with the same key changes nothing more."""
        ...

    async def cancel_reservation(self, reservation: Reservation, reason: str) -> Reservation:
        """Cancel; cancelling an already cancelled reservation returns it unchanged."""
        ...
