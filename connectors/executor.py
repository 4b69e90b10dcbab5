"""Approved PMS actions -> contract calls -> typed results (ipc/payloads.py).

Why here: the PMS worker (connectors/worker.py) must not know the contract's
types; it hands over an approved action's kind and its typed arguments and gets
back the kind's result Struct (``Availability``, ``BookingsFound``, ``Reserved``,
``Modified``) or a ``PmsFailure``: every ``connectors.errors`` class maps to one
``FailureCode`` (``PmsError.failure``), with the field at fault and whether a
retry can help, so the dialogue can answer a room sold a second ago differently
from a vendor that is down (docs/typed-payloads.md).

Results carry what a dialogue needs and no more personal data than the caller
gave: guest name yes, phone and e-mail masked.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from connectors.contract import Capability
from connectors.errors import InvalidRequest, NotFound, PmsError, Unavailable, Unsupported
from connectors.guarded import log_unexpected
from connectors.models import Guest, Occupancy, RateOffer, Reservation
from connectors.models import Money as ModelMoney
from fabric.codes import near_code, norm_code, resembles
from fabric.phones import same_phone
from ipc.actions import PMS_KINDS, ActionKind
from ipc.payloads import (
    ActionArgs,
    ActionOutcome,
    Availability,
    AvailabilityQuery,
    Booking,
    BookingsFound,
    CancelArgs,
    CreateArgs,
    FailureCode,
    FindBookingQuery,
    Modified,
    ModifyArgs,
    Money,
    Offer,
    PayloadError,
    PmsFailure,
    PreviousStay,
    Reserved,
    args_for,
)

ACTIONS = tuple(sorted(PMS_KINDS))


def failed(outcome: ActionOutcome) -> bool:
    return isinstance(outcome, PmsFailure)


async def execute(
    connector,
    action: str,
    args: ActionArgs | dict[str, Any] | None,
    *,
    timeout_s: float | None = None,
) -> ActionOutcome:
    """Run one approved PMS action. Never raises: every failure is a ``PmsFailure``.

    ``timeout_s`` bounds the whole action (the vendor client has its own per-call
    deadline; this one also covers a local database that hangs): past it the answer is
    a ``timeout`` failure, retryable because every write carries its idempotency key.
    """
    try:
        kind = ActionKind(action)
    except ValueError:
        kind = None
    handler = _HANDLERS.get(kind) if kind is not None else None
    if handler is None:
        return PmsFailure(
            code=FailureCode.INVALID_REQUEST,
            message=f"{action!r} is not a PMS action (known: {', '.join(ACTIONS)})",
            field="action",
        )
    try:
        typed = args_for(kind, args)
    except PayloadError as e:
        return InvalidRequest(str(e), field=_field_of(e)).failure()
    try:
        work = handler(connector, typed)
        return await (work if timeout_s is None else asyncio.wait_for(work, timeout_s))
    except PmsError as e:
        return e.failure()
    except TimeoutError:
        return PmsFailure(
            code=FailureCode.TIMEOUT,
            message=f"the PMS did not answer {kind} within {timeout_s:g} s",
            retryable=True,
            vendor=getattr(connector, "vendor", None),
        )
    except Exception as e:  # a bug here must not kill the worker; it is logged (no PII)
        log_unexpected(f"pms executor {action}", e)
        return PmsFailure(
            code=FailureCode.INTERNAL,
            message=f"{type(e).__name__} while executing {action}",
        )


_FIELD = re.compile(r"(?:at `\$\.(\w+)`|field `(\w+)`)")


def _field_of(e: PayloadError) -> str | None:
    """The argument a msgspec validation message names (``at `$.guests```)."""
    m = _FIELD.search(str(e))
    return (m.group(1) or m.group(2)) if m else None


# -- argument checks (the types are msgspec's; these are the values) ---------------------


def _occupancy(n: int | None, *, required: bool = True) -> Occupancy | None:
    if n is None:
        if required:
            raise InvalidRequest("guests is required", field="guests")
        return None
    if isinstance(n, bool) or n < 1:
        raise InvalidRequest("guests must be a whole number of at least 1", field="guests")
    if n > 50:
        raise InvalidRequest("guests must be at most 50", field="guests")
    return Occupancy(adults=n)


def _text(v: str | None, name: str, *, required: bool = True) -> str | None:
    if v is None or not v.strip():
        if required:
            raise InvalidRequest(f"{name} is required", field=name)
        return None
    return v.strip()


def _guest(a: CreateArgs) -> Guest:
    name = _text(a.guest_name, "guest_name")
    phone, email = _text(a.phone, "phone", required=False), _text(a.email, "email", required=False)
    try:
        return Guest(name=name, phone=phone, email=email)
    except ValueError as e:  # pydantic's ValidationError is a ValueError
        errors = e.errors() if hasattr(e, "errors") else []
        loc = str(errors[0]["loc"][0]) if errors else "name"
        field = "guest_name" if loc == "name" else loc
        msg = errors[0]["msg"] if errors else str(e)
        raise InvalidRequest(f"invalid {field}: {msg}", field=field) from e


# -- result shaping -------------------------------------------------------------------------


def _mask(text: str | None, keep: int = 2) -> str | None:
    if not text:
        return None
    return "•" * max(0, len(text) - keep) + text[-keep:]


def money(m: ModelMoney | None) -> Money | None:
    return None if m is None else Money(amount=m.amount, currency=m.currency)


def offer_of(o: RateOffer) -> Offer:
    return Offer(
        offer_id=o.offer_id,
        room_type=o.room_type,
        rate_plan=o.rate_plan,
        arrival=o.arrival,
        departure=o.departure,
        nights=o.nights,
        guests=o.occupancy.total,
        total=money(o.total),
        cancellation_policy=o.cancellation_policy,
        available=o.available,
    )


def booking_of(r: Reservation, phone: str | None = None) -> Booking:
    """``phone``: the caller's number the query named, compared here with the booking's own
    (which leaves masked), so INTEL can verify a caller by the line they call from."""
    return Booking(
        reservation_id=r.id,
        confirmation=r.confirmation,
        status=r.status.value,
        arrival=r.arrival,
        departure=r.departure,
        nights=r.nights,
        room_type=r.room_type,
        rate_plan=r.rate_plan,
        guests=r.occupancy.total,
        guest_name=r.guest.name,
        phone=_mask(r.guest.phone),
        email=("•••@" + r.guest.email.split("@")[-1]) if r.guest.email else None,
        total=money(r.total),
        cancellation_policy=r.cancellation_policy,
        phone_matches=same_phone(phone, r.guest.phone) if phone else None,
    )


# -- handlers -------------------------------------------------------------------------------


async def _availability(connector, a: AvailabilityQuery) -> Availability:
    offers = await connector.search_availability(
        a.arrival, a.departure, _occupancy(a.guests), _text(a.room_type, "room_type", required=False)
    )
    return Availability(offers=[offer_of(o) for o in offers])


async def _find_booking(connector, a: FindBookingQuery) -> BookingsFound:
    confirmation = _text(a.confirmation, "confirmation", required=False)
    name = _text(a.name, "name", required=False)
    phone = _text(a.phone, "phone", required=False)
    if confirmation:
        try:
            found = [await connector.get_reservation(confirmation)]
        except NotFound:
            found = []
        # A confirmation number plus a name must belong together (the caller proves both).
        if name:
            found = [r for r in found if name.lower() in r.guest.name.lower()]
        if not found and a.near and name:
            # a number heard by speech recognition, one character misheard: the bookings
            # under the name said whose number is one character from it (INTEL verifies)
            under = await connector.find_reservations(guest_name=name)
            found = [r for r in under if near_code(confirmation, r.confirmation)]
        if not found and a.near and (name or phone):
            found = await _resembling(connector, confirmation, name, phone)
    elif name or phone:
        found = await connector.find_reservations(guest_name=name, phone=phone)
    else:
        raise InvalidRequest("give a confirmation number, a name or a phone", field="confirmation")
    return BookingsFound(reservations=[booking_of(r, phone) for r in found])


async def _resembling(connector, confirmation: str, name: str | None, phone: str | None) -> list:
    """The bookings under any one word of the name said, or on the caller's line, whose number
    is the one said, one character off, or the same digits: the ear mishears a letter of a name
    ("lusia Romano") as readily as the letters of a number. Which of them, if any, is the
    caller's is INTEL's decision (agents/intel/verification.py: two factors or nothing)."""
    queries = [{"guest_name": w} for w in re.findall(r"[^\W\d_]{3,}", name or "")]
    queries += [{"phone": phone}] if phone else []
    out: dict[str, object] = {}
    for q in queries:
        for r in await connector.find_reservations(**q):
            same = norm_code(r.confirmation) == norm_code(confirmation)
            if same or resembles(confirmation, r.confirmation):
                out.setdefault(r.id, r)
    return list(out.values())


async def _pick_offer(connector, a: CreateArgs) -> RateOffer:
    offer_id = _text(a.offer_id, "offer_id")
    occupancy = _occupancy(a.guests)
    room_type = _text(a.room_type, "room_type", required=False)
    if Capability.SEARCH_AVAILABILITY not in connector.capabilities:
        make = getattr(getattr(connector, "adapter", None), "make_offer", None)
        if make is None:
            raise Unsupported(Capability.SEARCH_AVAILABILITY, vendor=connector.vendor)
        return make(a.arrival, a.departure, occupancy, room_type)
    offers = await connector.search_availability(a.arrival, a.departure, occupancy, room_type)
    for o in offers:
        if o.offer_id == offer_id:
            return o
    raise Unavailable("that offer is no longer available; search availability again")


async def _create(connector, a: CreateArgs) -> Reserved:
    guest = _guest(a)
    key = _text(a.idempotency_key, "idempotency_key")
    # A retry of a create that already committed must return that booking even when the
    # offer has since sold out; adapters that can look a key up say so (optional method).
    lookup = getattr(getattr(connector, "adapter", None), "reservation_for_key", None)
    if lookup is not None:
        done = await lookup(key)
        if done is not None:
            return Reserved(reservation=booking_of(done), replayed=True)
    offer = await _pick_offer(connector, a)
    res = await connector.create_reservation(offer, guest, key)
    return Reserved(reservation=booking_of(res))


async def _modify(connector, a: ModifyArgs) -> Modified:
    ref = _text(a.reservation_id, "reservation_id")
    occupancy = _occupancy(a.guests, required=False)
    key = _text(a.idempotency_key, "idempotency_key")
    before = await connector.get_reservation(ref)
    after = await connector.modify_reservation(
        before, a.arrival, a.departure, occupancy, idempotency_key=key
    )
    diff = None
    if before.total and after.total and before.total.currency == after.total.currency:
        diff = money(after.total - before.total)
    return Modified(
        reservation=booking_of(after),
        previous=PreviousStay(
            arrival=before.arrival,
            departure=before.departure,
            guests=before.occupancy.total,
            total=money(before.total),
        ),
        price_difference=diff,
    )


async def _cancel(connector, a: CancelArgs) -> Reserved:
    ref = _text(a.reservation_id, "reservation_id")
    reason = _text(a.reason, "reason")
    res = await connector.get_reservation(ref)
    was = res.status.value
    res = await connector.cancel_reservation(res, reason)
    return Reserved(reservation=booking_of(res), already_cancelled=was == "cancelled")


_HANDLERS = {
    ActionKind.PMS_AVAILABILITY: _availability,
    ActionKind.PMS_FIND_BOOKING: _find_booking,
    ActionKind.PMS_CREATE: _create,
    ActionKind.PMS_MODIFY: _modify,
    ActionKind.PMS_CANCEL: _cancel,
}
