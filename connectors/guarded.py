"""The wrapper every configured adapter runs behind (built by connectors.factory).

Why a wrapper: three rules hold for every vendor and must not depend on each
adapter remembering them —
1. a capability the matrix marks absent raises ``Unsupported`` before any call;
2. requests are validated (connectors/validation.py) before any call;
3. nothing but ``PmsError`` leaves a connector: a vendor payload that fails
   model validation becomes a non-retriable ``VendorError`` (logged without the
   payload), any other escaping exception a ``VendorError`` too, logged with its
   code locations (not its message) so the adapter bug is visible.

Concurrency: one GuardedConnector is owned by one asyncio loop (the PMS
worker's); ``open`` is guarded by an asyncio.Lock so concurrent first calls
open the adapter once.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from datetime import date
from pathlib import Path

import pydantic

from connectors.contract import METHOD_CAPABILITY, Capability, Connector
from connectors.errors import PmsError, Unsupported, VendorError
from connectors.models import ChangeQuote, Guest, Occupancy, RateOffer, Reservation
from connectors.validation import RequestValidator

log = logging.getLogger("sovren.connectors")


def log_unexpected(what: str, exc: BaseException) -> None:
    """Log an unexpected exception by type and code location only.

    Why not ``log.exception``: exception messages and local values may carry a guest's
    name or phone number; the frames (file, line, function) are enough to find the bug.
    """
    frames = traceback.extract_tb(exc.__traceback__)[-6:]
    where = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames))
    log.error("%s: unexpected %s at %s", what, type(exc).__name__, where or "?")


class GuardedConnector:
    """Implements the Connector protocol around ``adapter`` (see module docstring)."""

    def __init__(
        self, adapter: Connector, capabilities: frozenset[Capability], validator: RequestValidator
    ):
        self.adapter = adapter
        self.vendor = adapter.vendor
        self._capabilities = frozenset(capabilities)
        self.validator = validator
        self._opened = False
        self._open_lock = asyncio.Lock()

    @property
    def capabilities(self) -> frozenset[Capability]:
        return self._capabilities

    def supports(self, capability: Capability | str) -> bool:
        return Capability(capability) in self._capabilities

    # -- lifecycle ---------------------------------------------------------
    async def open(self) -> None:
        if self._opened:
            return
        async with self._open_lock:
            if not self._opened:
                await self._guard("open", self.adapter.open)
                self._opened = True

    async def aclose(self) -> None:
        if self._opened:
            self._opened = False
            await self.adapter.aclose()

    async def __aenter__(self) -> GuardedConnector:
        await self.open()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.aclose()

    async def health(self) -> dict:
        await self.open()
        figures = await self._guard("health", self.adapter.health)
        return {
            "vendor": self.vendor,
            "capabilities": sorted(c.value for c in self._capabilities),
            **figures,
        }

    # -- plumbing ----------------------------------------------------------
    def _require(self, method: str) -> None:
        cap = METHOD_CAPABILITY[method]
        if cap not in self._capabilities:
            raise Unsupported(cap, vendor=self.vendor)

    async def _guard(self, method: str, fn, *args, **kwargs):
        try:
            return await fn(*args, **kwargs)
        except PmsError as e:
            e.vendor = e.vendor or self.vendor
            raise
        except pydantic.ValidationError as e:
            # The vendor answered something our models reject: never echo the payload.
            log.warning(
                "pms %s %s: malformed vendor response (%d schema errors, fields: %s)",
                self.vendor,
                method,
                e.error_count(),
                sorted({".".join(map(str, err["loc"])) for err in e.errors()})[:10],
            )
            raise VendorError(
                f"{self.vendor} returned a malformed response to {method}",
                retriable=False,
                vendor=self.vendor,
            ) from e
        except Exception as e:
            log_unexpected(f"pms {self.vendor} {method}", e)
            raise VendorError(
                f"{self.vendor} adapter failed in {method}: {type(e).__name__}",
                retriable=False,
                vendor=self.vendor,
            ) from e

    async def _call(self, method: str, *args, **kwargs):
        await self.open()
        return await self._guard(method, getattr(self.adapter, method), *args, **kwargs)

    # -- the contract --------------------------------------------------------
    async def search_availability(
        self,
        arrival: date,
        departure: date,
        occupancy: Occupancy,
        room_type: str | None = None,
    ) -> list[RateOffer]:
        self._require("search_availability")
        self.validator.search(arrival, departure, occupancy, room_type)
        return await self._call("search_availability", arrival, departure, occupancy, room_type)

    async def create_reservation(
        self, offer: RateOffer, guest: Guest, idempotency_key: str
    ) -> Reservation:
        self._require("create_reservation")
        self.validator.create(offer, guest, idempotency_key, self.vendor)
        return await self._call("create_reservation", offer, guest, idempotency_key)

    async def get_reservation(self, id_or_confirmation: str) -> Reservation:
        self._require("get_reservation")
        ref = self.validator.reference(id_or_confirmation)
        return await self._call("get_reservation", ref)

    async def find_reservations(
        self,
        guest_name: str | None = None,
        arrival: date | None = None,
        phone: str | None = None,
        email: str | None = None,
    ) -> list[Reservation]:
        self._require("find_reservations")
        self.validator.find(guest_name, arrival, phone, email)
        return await self._call(
            "find_reservations", guest_name=guest_name, arrival=arrival, phone=phone, email=email
        )

    async def quote_change(
        self,
        reservation: Reservation,
        new_arrival: date,
        new_departure: date,
        occupancy: Occupancy | None = None,
    ) -> ChangeQuote:
        self._require("quote_change")
        self.validator.change(reservation, new_arrival, new_departure, occupancy)
        return await self._call("quote_change", reservation, new_arrival, new_departure, occupancy)

    async def modify_reservation(
        self,
        reservation: Reservation,
        new_arrival: date,
        new_departure: date,
        occupancy: Occupancy | None = None,
        *,
        idempotency_key: str,
    ) -> Reservation:
        self._require("modify_reservation")
        self.validator.change(reservation, new_arrival, new_departure, occupancy)
        self.validator.idempotency_key(idempotency_key)
        return await self._call(
            "modify_reservation",
            reservation,
            new_arrival,
            new_departure,
            occupancy,
            idempotency_key=idempotency_key,
        )

    async def cancel_reservation(self, reservation: Reservation, reason: str) -> Reservation:
        self._require("cancel_reservation")
        self.validator.cancel(reservation, reason)
        return await self._call("cancel_reservation", reservation, reason.strip())
