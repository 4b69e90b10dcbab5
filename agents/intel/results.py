"""Choosing from the PMS's typed results (ipc/payloads.py): which offer, which booking.

Why apart: the dialogue's choices among what the PMS returned (the offer at the
chosen rate, the booking that proves the caller is its guest) are small pure
functions, tested on their own. The results are typed Structs: an
``Availability`` holds ``Offer``s, a ``BookingsFound`` holds ``Booking``s; no
shape is guessed.
"""

from __future__ import annotations

from agents.intel import verification as verify
from ipc.payloads import Booking, Offer


def best_verified(
    found: list[Booking],
    confirmation: str | None,
    name: str | None,
    caller_id: str | None,
) -> tuple[Booking | None, float]:
    """The active reservation that best proves the caller is its guest, and that score.

    Bookings matched on a number one character off (verify.by_near_code) or on its digits
    alone (verify.by_digits) count only when exactly one of them verifies: two such bookings
    are a guess, and a guess opens nothing."""
    best, best_score, near = None, 0.0, 0
    for r in found:
        if r.status.lower() == "cancelled":
            continue
        v = verify.score(r, confirmation, name, caller_id)
        if v >= verify.VERIFIED and _fuzzy(r, confirmation):
            near += 1
        if v > best_score:
            best, best_score = r, v
    if near > 1 and best is not None and _fuzzy(best, confirmation):
        return None, 0.0
    return best, best_score


def _fuzzy(r: Booking, confirmation: str | None) -> bool:
    return verify.by_near_code(r, confirmation) or verify.by_digits(r, confirmation)


def pick_offer(candidates: list[Offer], room: str | None, rate: str | None) -> Offer | None:
    """The offer for ``room`` (any room if None) at ``rate``.

    An offer without ``rate_plan`` (a vendor that doesn't say) is taken as the rate
    asked for; an offer at another rate is never taken in its place: the caller must
    hear a rate's terms before it is booked.
    """
    for o in candidates:
        if room and o.room_type != room:
            continue
        if rate and o.rate_plan not in (None, rate):
            continue
        return o
    return None


def other_rates(candidates: list[Offer], chosen: Offer) -> list[Offer]:
    """The same room's offers at the other rates (one each), to be offered as options."""
    seen = {chosen.rate_plan}
    out = []
    for o in candidates:
        if o.room_type == chosen.room_type and o.rate_plan and o.rate_plan not in seen:
            seen.add(o.rate_plan)
            out.append(o)
    return out
