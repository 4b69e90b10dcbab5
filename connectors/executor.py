"""Action kinds of docs/vocabulary.md -> contract calls -> JSON-able result dicts.

Why here: the PMS worker (connectors/worker.py) must not know the contract's
types; it hands over an approved action's kind and args and gets back
``{"ok": bool, "result": dict, "error": str | None}`` ready for an
``ActionResult``. ``error`` is the stable code of connectors.errors
(``invalid_request``, ``not_found``, ``unavailable``, ``conflict``,
``unsupported``, ``vendor_error``, ``auth_error``) so COMMAND can choose what
to say (e.g. ``unsupported`` -> offer a human); ``result`` then holds the
error's details (message, retriable, field / capability).

Results carry what a dialogue needs and no more personal data than the caller
gave: guest name yes, phone and e-mail masked.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from connectors.contract import Capability
from connectors.errors import InvalidRequest, PmsError, Unavailable, Unsupported
from connectors.guarded import log_unexpected
from connectors.models import Guest, Occupancy, RateOffer, Reservation
from ipc.actions import ActionKind

ACTIONS = (ActionKind.PMS_AVAILABILITY, ActionKind.PMS_FIND_BOOKING, ActionKind.PMS_CREATE, ActionKind.PMS_MODIFY, ActionKind.PMS_CANCEL)


async def execute(connector, action: str, args: dict[str, Any]) -> dict[str, Any]:
    """Run one approved PMS action. Never raises: every failure is a result dict."""
    handler = _HANDLERS.get(action)
    if handler is None:
        return {
            "ok": False,
            "error": "unknown_action",
            "result": {"message": f"{action!r} is not a PMS action (known: {', '.join(ACTIONS)})"},
        }
    try:
        return {"ok": True, "error": None, "result": await handler(connector, dict(args or {}))}
    except PmsError as e:
        return {"ok": False, "error": e.code, "result": e.to_dict()}
    except Exception as e:  # a bug here must not kill the worker; it is logged (no PII)
        log_unexpected(f"pms executor {action}", e)
        return {
            "ok": False,
            "error": "internal_error",
            "result": {"message": f"{type(e).__name__} while executing {action}"},
        }


# -- argument parsing -----------------------------------------------------------------------


def _date(args: dict, name: str, *, required: bool = True) -> date | None:
    v = args.get(name)
    if v in (None, ""):
        if required:
            raise InvalidRequest(f"{name} is required (ISO date YYYY-MM-DD)", field=name)
        return None
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v))
    except ValueError as e:
        raise InvalidRequest(f"{name} {v!r} is not an ISO date (YYYY-MM-DD)", field=name) from e


def _guests(args: dict, *, required: bool = True) -> Occupancy | None:
    v = args.get("guests")
    if v in (None, ""):
        if required:
            raise InvalidRequest("guests is required", field="guests")
        return None
    try:
        n = int(v)
    except (TypeError, ValueError) as e:
        raise InvalidRequest(f"guests {v!r} is not a whole number", field="guests") from e
    if n < 1 or n != float(v):
        raise InvalidRequest("guests must be a whole number of at least 1", field="guests")
    if n > 50:
        raise InvalidRequest("guests must be at most 50", field="guests")
    return Occupancy(adults=n)


def _text(args: dict, name: str, *, required: bool = True) -> str | None:
    v = args.get(name)
    if v is None or (isinstance(v, str) and not v.strip()):
        if required:
            raise InvalidRequest(f"{name} is required", field=name)
        return None
    return str(v).strip()


def _guest(args: dict) -> Guest:
    name = _text(args, "guest_name")
    phone, email = _text(args, "phone", required=False), _text(args, "email", required=False)
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


def offer_json(o: RateOffer) -> dict[str, Any]:
    return {
        "offer_id": o.offer_id,
        "room_type": o.room_type,
        "rate_plan": o.rate_plan,
        "arrival": o.arrival.isoformat(),
        "departure": o.departure.isoformat(),
        "nights": o.nights,
        "guests": o.occupancy.total,
        "total": o.total.as_json(),
        "cancellation_policy": o.cancellation_policy,
        "available": o.available,
    }


def reservation_json(r: Reservation) -> dict[str, Any]:
    return {
        "reservation_id": r.id,
        "confirmation": r.confirmation,
        "status": r.status.value,
        "arrival": r.arrival.isoformat(),
        "departure": r.departure.isoformat(),
        "nights": r.nights,
        "room_type": r.room_type,
        "rate_plan": r.rate_plan,
        "guests": r.occupancy.total,
        "guest_name": r.guest.name,
        "phone": _mask(r.guest.phone),
        "email": ("•••@" + r.guest.email.split("@")[-1]) if r.guest.email else None,
        "total": r.total.as_json() if r.total else None,
        "cancellation_policy": r.cancellation_policy,
    }


# -- handlers -------------------------------------------------------------------------------


async def _availability(connector, args: dict) -> dict:
    offers = await connector.search_availability(
        _date(args, "arrival"),
        _date(args, "departure"),
        _guests(args),
        _text(args, "room_type", required=False),
    )
    return {"offers": [offer_json(o) for o in offers], "count": len(offers)}


async def _find_booking(connector, args: dict) -> dict:
    confirmation = _text(args, "confirmation", required=False)
    name = _text(args, "name", required=False)
    phone = _text(args, "phone", required=False)
    if confirmation:
        from connectors.errors import NotFound

        try:
            found = [await connector.get_reservation(confirmation)]
        except NotFound:
            found = []
        # A confirmation number plus a name must belong together (the caller proves both).
        if name:
            found = [r for r in found if name.lower() in r.guest.name.lower()]
    elif name or phone:
        found = await connector.find_reservations(guest_name=name, phone=phone)
    else:
        raise InvalidRequest("give a confirmation number, a name or a phone", field="confirmation")
    return {"reservations": [reservation_json(r) for r in found], "count": len(found)}


async def _pick_offer(connector, args: dict) -> RateOffer:
    offer_id = _text(args, "offer_id")
    arrival, departure = _date(args, "arrival"), _date(args, "departure")
    occupancy = _guests(args)
    room_type = _text(args, "room_type", required=False)
    if Capability.SEARCH_AVAILABILITY not in connector.capabilities:
        make = getattr(getattr(connector, "adapter", None), "make_offer", None)
        if make is None:
            raise Unsupported(Capability.SEARCH_AVAILABILITY, vendor=connector.vendor)
        return make(arrival, departure, occupancy, room_type)
    offers = await connector.search_availability(arrival, departure, occupancy, room_type)
    for o in offers:
        if o.offer_id == offer_id:
            return o
    raise Unavailable("that offer is no longer available; search availability again")


async def _create(connector, args: dict) -> dict:
    guest = _guest(args)
    key = _text(args, "idempotency_key")
    # A retry of a create that already committed must return that booking even when the
    # offer has since sold out; adapters that can look a key up say so (optional method).
    lookup = getattr(getattr(connector, "adapter", None), "reservation_for_key", None)
    if lookup is not None:
        done = await lookup(key)
        if done is not None:
            return {"reservation": reservation_json(done), "replayed": True}
    offer = await _pick_offer(connector, args)
    res = await connector.create_reservation(offer, guest, key)
    return {"reservation": reservation_json(res)}


async def _modify(connector, args: dict) -> dict:
    ref = _text(args, "reservation_id")
    arrival, departure = _date(args, "arrival"), _date(args, "departure")
    occupancy = _guests(args, required=False)
    key = _text(args, "idempotency_key")
    before = await connector.get_reservation(ref)
    after = await connector.modify_reservation(
        before, arrival, departure, occupancy, idempotency_key=key
    )
    diff = None
    if before.total and after.total and before.total.currency == after.total.currency:
        diff = (after.total - before.total).as_json()
    return {
        "reservation": reservation_json(after),
        "previous": {
            "arrival": before.arrival.isoformat(),
            "departure": before.departure.isoformat(),
            "guests": before.occupancy.total,
            "total": before.total.as_json() if before.total else None,
        },
        "price_difference": diff,
    }


async def _cancel(connector, args: dict) -> dict:
    ref = _text(args, "reservation_id")
    reason = _text(args, "reason")
    res = await connector.get_reservation(ref)
    was = res.status.value
    res = await connector.cancel_reservation(res, reason)
    return {"reservation": reservation_json(res), "already_cancelled": was == "cancelled"}


_HANDLERS = {
    ActionKind.PMS_AVAILABILITY: _availability,
    ActionKind.PMS_FIND_BOOKING: _find_booking,
    ActionKind.PMS_CREATE: _create,
    ActionKind.PMS_MODIFY: _modify,
    ActionKind.PMS_CANCEL: _cancel,
}
