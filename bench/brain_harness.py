"""Drives a Dialogue through a call, approving everything, with a fake PMS (tests and bench.understanding).

Not the runtime: the lead runs the same scenarios through the real processes.
The fake PMS keeps reservations in a dict and answers with the typed results of
ipc/payloads.py (``Availability``, ``BookingsFound``, ``Reserved``, ``Modified``)
and typed ``PmsFailure``s, as the PMS worker does. Unlike the real executor it
does not mask the guest's phone (the dialogue's phone check is exercised here).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import msgspec

from agents.command.fallbacks import fallback_text
from agents.intel.dialogue import Dialogue
from fabric.codes import near_code, resembles
from ipc.actions import ActionKind
from ipc.messages import ActionResult, Decision, Proposal, Transcript
from ipc.payloads import (
    Availability,
    Booking,
    BookingsFound,
    FailureCode,
    Modified,
    Offer,
    PmsFailure,
    PreviousStay,
    Reserved,
    plain,
)


def _get(obj: Any, key: str, default: Any = None) -> Any:
    return obj.get(key, default) if isinstance(obj, dict) else getattr(obj, key, default)


class FakePms:
    """Approves everything; prices like the local PMS (room rate x rate-plan factor x nights).

    Offers come one per room type and rate plan, cheapest first (the local PMS's order),
    so a dialogue that takes the first offer books the non-refundable rate: the bug the
    rate rule exists for.
    """

    def __init__(
        self,
        room_types: list[Any],
        down: bool = False,
        rate_plans: list[Any] | None = None,
        *,
        failure: FailureCode | None = None,
    ):
        """``down``: every action fails with ``vendor_unavailable``; ``failure``: with that
        code instead (``timeout``...); ``sell(room_type)`` sells a room type out."""
        self.rooms = {
            str(_get(r, "code")): {
                "max_guests": int(_get(r, "max_guests", 99)),
                "rate": Decimal(str(_get(r, "rate", "0"))),
            }
            for r in room_types
        }
        self.rate_plans = {
            str(_get(rp, "code")): {
                "factor": Decimal(str(_get(rp, "factor", "1"))),
                "policy": str(
                    _get(rp, "cancellation_policy", "")
                    or (rp.terms("en") if hasattr(rp, "terms") else "")
                ),
            }
            for rp in (rate_plans or [])
        }
        self.reservations: dict[str, dict[str, Any]] = {}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.down = down
        self.failure = FailureCode.VENDOR_UNAVAILABLE if down else failure
        self.sold: set[str] = set()  # room types sold out (``sell``)
        self._ids = itertools.count(1)

    def sell(self, room_type: str) -> None:
        """Another guest takes the last room of ``room_type``: offered no more, not bookable."""
        self.sold.add(room_type)

    @classmethod
    def for_hotel(
        cls, hotel: Any, down: bool = False, failure: FailureCode | None = None
    ) -> FakePms:
        return cls(
            list(_get(hotel, "room_types", [])),
            down,
            list(_get(hotel, "rate_plans", [])),
            failure=failure,
        )

    def seed(self, **kw: str) -> dict[str, Any]:
        rid = f"R{next(self._ids)}"
        r = {
            "id": rid,
            "confirmation": kw["confirmation"],
            "status": "confirmed",
            "arrival": kw["arrival"],
            "departure": kw["departure"],
            "room_type": kw.get("room_type", "DBL"),
            "occupancy": {"adults": int(kw.get("guests", 1)), "children": 0},
            "guest": {"name": kw["guest_name"], "phone": kw.get("phone"), "email": None},
            "rate_plan": kw.get("rate_plan"),
        }
        self.reservations[rid] = r
        return r

    def active(self) -> list[dict[str, Any]]:
        return [r for r in self.reservations.values() if r["status"] != "cancelled"]

    def execute(self, p: Proposal, decision_id: str) -> ActionResult:
        a = {k: v for k, v in (plain(p.args) or {}).items() if k != "t" and v is not None}
        self.calls.append((p.action, a))
        out = self._outcome(p.action, a)
        return ActionResult(
            decision_id,
            p.action,
            ok=not isinstance(out, PmsFailure),
            result=out,
            error=str(out.code) if isinstance(out, PmsFailure) else None,
        )

    def _outcome(self, action: str, a: dict[str, Any]):
        if self.failure is not None:
            return PmsFailure(code=self.failure, message="the fake PMS fails", retryable=True)
        if action == ActionKind.PMS_AVAILABILITY:
            nights = (
                dt.date.fromisoformat(a["departure"]) - dt.date.fromisoformat(a["arrival"])
            ).days
            plans = self.rate_plans.items() or [(None, {"factor": Decimal(1), "policy": ""})]
            offers = [
                {
                    "offer_id": f"O-{code}-{rp or 'STD'}-{a['arrival']}",
                    "room_type": code,
                    "rate_plan": rp,
                    "arrival": a["arrival"],
                    "departure": a["departure"],
                    "nights": nights,
                    "guests": a["guests"],
                    "occupancy": {"adults": a["guests"]},
                    "total": {
                        "amount": f"{r['rate'] * plan['factor'] * nights:.2f}",
                        "currency": "EUR",
                    },
                    "cancellation_policy": plan["policy"],
                }
                for code, r in self.rooms.items()
                for rp, plan in plans
                if a["guests"] <= r["max_guests"]
                and (not a.get("room_type") or a["room_type"] == code)
                and code not in self.sold
            ]
            offers.sort(key=lambda o: (Decimal(o["total"]["amount"]), o["room_type"]))
            return Availability(offers=[msgspec.convert(o, Offer) for o in offers])
        if action == ActionKind.PMS_FIND_BOOKING:
            return BookingsFound(reservations=[_booking(r) for r in self._find(a)])
        if action == ActionKind.PMS_CREATE:
            offer_rate = str(a.get("offer_id", "")).split("-")[2:3]
            rate = offer_rate[0] if offer_rate and offer_rate[0] in self.rate_plans else None
            if a.get("rate_plan") and rate and a["rate_plan"] != rate:
                return PmsFailure(
                    code=FailureCode.INVALID_REQUEST,
                    message="rate_plan does not match the offer",
                    field="rate_plan",
                )
            if a.get("room_type") in self.sold:
                return PmsFailure(
                    code=FailureCode.ROOM_UNAVAILABLE,
                    message="that offer is no longer available; search availability again",
                )
            r = self.seed(
                confirmation=f"SOV{9000 + len(self.reservations)}",
                **{k: str(a[k]) for k in ("arrival", "departure", "room_type", "guest_name")},
                guests=str(a["guests"]),
                phone=a.get("phone"),
            )
            r["rate_plan"] = rate
            return Reserved(reservation=_booking(r))
        r = self.reservations.get(a.get("reservation_id", ""))
        if r is None:
            return PmsFailure(code=FailureCode.NOT_FOUND, message="no such reservation")
        if action == ActionKind.PMS_MODIFY:
            before = _booking(r)
            r["arrival"], r["departure"] = a["arrival"], a["departure"]
            nights = (
                dt.date.fromisoformat(r["departure"]) - dt.date.fromisoformat(r["arrival"])
            ).days
            room = self.rooms.get(r["room_type"], {"rate": Decimal(0)})
            factor = self.rate_plans.get(r.get("rate_plan") or "", {"factor": Decimal(1)})["factor"]
            r["total"] = {"amount": f"{room['rate'] * factor * nights:.2f}", "currency": "EUR"}
            prev = PreviousStay(
                arrival=before.arrival, departure=before.departure, guests=before.guests
            )
            return Modified(reservation=_booking(r), previous=prev)
        r["status"] = "cancelled"
        return Reserved(reservation=_booking(r))


    def _find(self, a: dict[str, Any]) -> list[dict[str, Any]]:
        """As connectors/executor.py ``_find_booking``: the number (its bookings), else the
        phone; with ``near``, then the number one character off under the name, then the
        bookings under a word of the name or on the line whose number resembles it."""
        conf, name, phone = a.get("confirmation"), a.get("name"), a.get("phone")
        if not conf:
            return [r for r in self.active() if phone and r["guest"]["phone"] == phone]
        found = [r for r in self.active() if r["confirmation"] == conf]
        if not found and a.get("near") and name:
            found = [
                r
                for r in self.active()
                if name.lower() in r["guest"]["name"].lower()
                and near_code(conf, r["confirmation"])
            ]
        if not found and a.get("near"):
            words = [w.lower() for w in re.findall(r"[^\W\d_]{3,}", name or "")]
            found = [
                r
                for r in self.active()
                if (
                    any(w in r["guest"]["name"].lower() for w in words)
                    or (phone and r["guest"]["phone"] == phone)
                )
                and (r["confirmation"] == conf or resembles(conf, r["confirmation"]))
            ]
        return found


def _booking(r: dict[str, Any]) -> Booking:
    """The fake's reservation dict as the typed booking the PMS worker returns."""
    arrival, departure = dt.date.fromisoformat(r["arrival"]), dt.date.fromisoformat(r["departure"])
    return msgspec.convert(
        {
            "reservation_id": r["id"],
            "confirmation": r["confirmation"],
            "status": r["status"],
            "arrival": r["arrival"],
            "departure": r["departure"],
            "nights": (departure - arrival).days,
            "room_type": r["room_type"],
            "guests": r["occupancy"]["adults"] + r["occupancy"].get("children", 0),
            "guest_name": r["guest"]["name"],
            "phone": r["guest"].get("phone"),
            "rate_plan": r.get("rate_plan"),
            "total": r.get("total"),
        },
        Booking,
    )


class Turn(msgspec.Struct):
    caller: str
    proposals: list[Proposal]

    @property
    def reply(self) -> str:
        return " ".join(p.reply for p in self.proposals if p.reply)

    @property
    def actions(self) -> list[str]:
        return [p.action for p in self.proposals]


def run_call(
    dialogue: Dialogue,
    pms: FakePms,
    lines: list[str | tuple[str, float] | Transcript],
    caller_id: str | None = None,
    reject: Callable[[Proposal], str | None] | None = None,
) -> list[Turn]:
    """Every proposal is approved; PMS actions run against the fake and feed back their results.

    A line may be ``(text, asr_confidence)`` to play a voice turn, or a ``Transcript`` (its
    turn number and caller id are set here). ``reject(proposal)``
    may return a fallback name (ActionKind.FALLBACK_ASK_AGAIN, ...): the decision core then
    refuses that proposal, as COMMAND would, and the dialogue hears ``on_rejected``.
    """
    turns = []
    ids = itertools.count(1)
    for i, line in enumerate(lines, 1):
        if isinstance(line, Transcript):  # a turn of its own kind (typed on the keypad...)
            text, t = line.text, msgspec.structs.replace(line, turn=i, caller_id=caller_id)
        else:
            text, conf = (line, 1.0) if isinstance(line, str) else line
            t = Transcript(text=text, turn=i, caller_id=caller_id, confidence=conf)
        props = [dialogue.on_transcript(t)]
        while True:
            fallback = reject(props[-1]) if reject else None
            verdict = Decision(
                f"d{next(ids)}", props[-1].action, approved=not fallback,
                posterior=0.5 if fallback else 0.99, threshold=0.85, fallback=fallback, turn=i,
            )  # fmt: skip
            if hasattr(dialogue, "on_decision"):  # (older brains heard only refusals)
                dialogue.on_decision(verdict)
            elif fallback:
                dialogue.on_rejected(verdict)
            if fallback:
                props[-1] = msgspec.structs.replace(
                    props[-1], action=fallback, reply=fallback_text(fallback, dialogue.state.lang)
                )
                break
            if not props[-1].action.startswith("pms."):
                break
            nxt = dialogue.on_result(pms.execute(props[-1], f"d{next(ids)}"))
            if nxt is None:
                break
            props.append(nxt)
        turns.append(Turn(text, props))
    return turns
