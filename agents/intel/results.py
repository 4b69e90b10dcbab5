"""Reading the PMS results the connectors return (connectors/executor.py shapes).

Why apart: the result shapes are the connectors' contract, not the dialogue's;
these functions only read them (availability ``{"offers": [...]}``; a find
``{"reservations": [...]}`` or ``{"reservation": {...}}``; a write
``{"reservation": {...}}``) and pick what the policy needs. Pure functions,
tested on their own.
"""

from __future__ import annotations

from typing import Any

from agents.intel import verification as verify


def reservation(res: dict[str, Any]) -> dict[str, Any] | None:
    """A reservation from a PMS result: ``{"reservation": {...}}`` or the reservation itself."""
    r = res.get("reservation")
    if isinstance(r, dict):
        return r
    if "confirmation" in res or "id" in res:
        return res
    rs = res.get("reservations")
    if isinstance(rs, list) and len(rs) == 1 and isinstance(rs[0], dict):
        return rs[0]
    return None


def reservations(res: dict[str, Any]) -> list[dict[str, Any]]:
    found = res.get("reservations")
    if found is None:
        one = reservation(res)
        found = [one] if one else []
    return [r for r in found if isinstance(r, dict)]


def guests_of(r: dict[str, Any]) -> int:
    occ = r.get("occupancy") or {}
    return int(occ.get("adults", 0)) + int(occ.get("children", 0)) or int(r.get("guests", 1) or 1)


def reservation_id(r: dict[str, Any]) -> str:
    return str(r.get("reservation_id") or r.get("id", ""))


def best_verified(
    found: list[dict[str, Any]],
    confirmation: str | None,
    name: str | None,
    caller_id: str | None,
) -> tuple[dict[str, Any] | None, float]:
    """The active reservation that best proves the caller is its guest, and that score."""
    best, best_score = None, 0.0
    for r in found:
        if str(r.get("status", "")).lower() == "cancelled":
            continue
        v = verify.score(r, confirmation, name, caller_id)
        if v > best_score:
            best, best_score = r, v
    return best, best_score


def offers(res: dict[str, Any]) -> list[dict[str, Any]]:
    return [o for o in (res.get("offers") or []) if isinstance(o, dict)]


def pick_offer(
    candidates: list[dict[str, Any]],
    room: str | None,
    rate: str | None,
) -> dict[str, Any] | None:
    """The offer for ``room`` (any room if None) at ``rate``.

    An offer without ``rate_plan`` (a vendor that doesn't say) is taken as the rate
    asked for; an offer at another rate is never taken in its place: the caller must
    hear a rate's terms before it is booked.
    """
    for o in candidates:
        if room and o.get("room_type") != room:
            continue
        if rate and o.get("rate_plan") not in (None, rate):
            continue
        return o
    return None


def other_rates(candidates: list[dict[str, Any]], chosen: dict[str, Any]) -> list[dict[str, Any]]:
    """The same room's offers at the other rates (one each), to be offered as options."""
    seen = {chosen.get("rate_plan")}
    out = []
    for o in candidates:
        rp = o.get("rate_plan")
        if o.get("room_type") == chosen.get("room_type") and rp and rp not in seen:
            seen.add(rp)
            out.append(o)
    return out
