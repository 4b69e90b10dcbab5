"""Did a PMS write whose outcome we never learned happen? Ask the PMS before retrying.

Why: a journal entry left open (connectors/journal.py) means the worker died, or
the connection dropped, after sending a write and before recording its result.
Retrying blindly could book twice on a vendor without idempotency, and answering
"not done" could deny a booking that exists. So the write is read back first:

- ``pms.create``: the reservation made under this idempotency key (the adapter's
  ``reservation_for_key``: the local PMS by its unique key column, OPERA by its
  external reference, SiteMinder by the channel's UniqueID). Vendors without such a
  look-up are retried with the same key, which their idempotency header makes safe
  (Apaleo, Mews, Cloudbeds replay the first answer).
- ``pms.modify``: the reservation already has the requested dates (and guests).
- ``pms.cancel``: the reservation is already cancelled.

``reconcile`` returns the typed result (ipc/payloads.py) when the write is found done, or
None when it is not (the caller then carries it out with the same key). It never
guesses: a PMS that cannot be asked raises, and the entry stays open.
"""

from __future__ import annotations

from connectors.errors import NotFound
from connectors.executor import booking_of
from ipc.payloads import ActionArgs, CancelArgs, CreateArgs, Modified, ModifyArgs, Reserved


async def reconcile(connector, action: str, args: ActionArgs) -> Reserved | Modified | None:
    """The write's result if the PMS shows it done; None if it was not done."""
    if action == "pms.create":
        return await _created(connector, args)
    if action == "pms.modify":
        return await _modified(connector, args)
    if action == "pms.cancel":
        return await _cancelled(connector, args)
    return None  # reads have nothing to reconcile: run them again


async def _created(connector, args: CreateArgs) -> Reserved | None:
    lookup = getattr(getattr(connector, "adapter", None), "reservation_for_key", None)
    if lookup is None:
        return None  # retried with the same key: the vendor's idempotency replays the first
    found = await lookup(str(args.idempotency_key))
    if found is None:
        return None
    return Reserved(reservation=booking_of(found), replayed=True)


async def _modified(connector, args: ModifyArgs) -> Modified | None:
    try:
        now = await connector.get_reservation(str(args.reservation_id))
    except NotFound:
        return None  # the executor will say not_found itself
    same_dates = now.arrival == args.arrival and now.departure == args.departure
    same_guests = args.guests is None or args.guests == now.occupancy.total
    if not (same_dates and same_guests):
        return None
    # how the stay was before is not known any more: ``previous`` stays empty
    return Modified(reservation=booking_of(now), previous=None, replayed=True)


async def _cancelled(connector, args: CancelArgs) -> Reserved | None:
    try:
        now = await connector.get_reservation(str(args.reservation_id))
    except NotFound:
        return None
    if now.status.value != "cancelled":
        return None
    return Reserved(reservation=booking_of(now), replayed=True)
