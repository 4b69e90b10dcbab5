"""Drives a Dialogue through a call, approving everything, with a fake PMS (tests and bench.understanding).

Not the runtime: the lead runs the same scenarios through the real processes.
The fake PMS keeps reservations in a dict and answers in the connectors' result
shapes (offers with offer_id/room_type/total; reservations with id,
confirmation, guest{name, phone}, occupancy{adults}).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import msgspec

from agents.intel.dialogue import Dialogue
from config.sections.hotel import RoomType
from ipc.messages import ActionResult, Proposal, Transcript


class FakePms:
    def __init__(self, room_types: list[RoomType], down: bool = False):
        self.rooms = {r.code: r for r in room_types}
        self.reservations: dict[str, dict[str, Any]] = {}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.down = down
        self._ids = itertools.count(1)

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
        }
        self.reservations[rid] = r
        return r

    def active(self) -> list[dict[str, Any]]:
        return [r for r in self.reservations.values() if r["status"] != "cancelled"]

    def execute(self, p: Proposal, decision_id: str) -> ActionResult:
        a = dict(p.args)
        self.calls.append((p.action, a))
        if self.down:
            return ActionResult(
                decision_id, p.action, ok=False, error="VendorError: PMS unreachable"
            )
        if p.action == "pms.availability":
            nights = (
                dt.date.fromisoformat(a["departure"]) - dt.date.fromisoformat(a["arrival"])
            ).days
            offers = [
                {
                    "offer_id": f"O-{code}-{a['arrival']}",
                    "room_type": code,
                    "arrival": a["arrival"],
                    "departure": a["departure"],
                    "occupancy": {"adults": a["guests"]},
                    "total": {"amount": f"{float(r.rate) * nights:.2f}", "currency": "EUR"},
                }
                for code, r in self.rooms.items()
                if a["guests"] <= r.max_guests
            ]
            return ActionResult(decision_id, p.action, ok=True, result={"offers": offers})
        if p.action == "pms.find_booking":
            found = [
                r
                for r in self.active()
                if (a.get("confirmation") and r["confirmation"] == a["confirmation"])
                or (a.get("phone") and r["guest"]["phone"] == a["phone"])
            ]
            return ActionResult(decision_id, p.action, ok=True, result={"reservations": found})
        if p.action == "pms.create":
            r = self.seed(
                confirmation=f"SOV{9000 + len(self.reservations)}",
                **{k: str(a[k]) for k in ("arrival", "departure", "room_type", "guest_name")},
                guests=str(a["guests"]),
                phone=a.get("phone"),
            )
            return ActionResult(decision_id, p.action, ok=True, result={"reservation": r})
        r = self.reservations.get(a.get("reservation_id", ""))
        if r is None:
            return ActionResult(
                decision_id, p.action, ok=False, error="NotFound: no such reservation"
            )
        if p.action == "pms.modify":
            r["arrival"], r["departure"] = a["arrival"], a["departure"]
        elif p.action == "pms.cancel":
            r["status"] = "cancelled"
        return ActionResult(decision_id, p.action, ok=True, result={"reservation": r})


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
    dialogue: Dialogue, pms: FakePms, lines: list[str], caller_id: str | None = None
) -> list[Turn]:
    """Every proposal is approved; PMS actions run against the fake and feed back their results."""
    turns = []
    ids = itertools.count(1)
    for i, line in enumerate(lines, 1):
        props = [dialogue.on_transcript(Transcript(text=line, turn=i, caller_id=caller_id))]
        while props[-1].action.startswith("pms."):
            nxt = dialogue.on_result(pms.execute(props[-1], f"d{next(ids)}"))
            if nxt is None:
                break
            props.append(nxt)
        turns.append(Turn(line, props))
    return turns
