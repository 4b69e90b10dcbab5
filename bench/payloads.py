"""Typed action payloads on the wire: bytes and encode+decode time, against the loose dicts.

Why: the payloads of ipc/payloads.py replaced ``dict[str, Any]`` args and results
(docs/typed-payloads.md); this shows what that costs per frame body, in bytes and
in microseconds, for the payloads a booking call actually carries. The "before"
column encodes the same content as the dicts the executor used to return.

    sovren bench payloads [--repeat N] [--write-md]
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import msgspec

from bench.report_md import replace_section
from ipc.actions import ActionKind
from ipc.control import CallStart, TurnDone
from ipc.messages import ActionResult, ApprovedAction, CallControl
from ipc.payloads import (
    Availability,
    FailureCode,
    Offer,
    PmsFailure,
    SpeechArgs,
    args_for,
)

HEAD = "## Typed payloads (`sovren bench payloads`)"
_OFFER = {
    "offer_id": "local:DBL:FLEX:2026-03-06:2026-03-08:2:0",
    "room_type": "DBL",
    "rate_plan": "FLEX",
    "arrival": "2026-03-06",
    "departure": "2026-03-08",
    "nights": 2,
    "guests": 2,
    "total": {"amount": "258.00", "currency": "EUR"},
    "cancellation_policy": "free cancellation until 6 pm the day before arrival",
    "available": 3,
}
_CREATE = {
    "offer_id": _OFFER["offer_id"],
    "guest_name": "Anna Weber",
    "arrival": "2026-03-06",
    "departure": "2026-03-08",
    "guests": 2,
    "room_type": "DBL",
    "rate_plan": "FLEX",
    "phone": "+4930999",
    "idempotency_key": "d" * 32,
}
_SPEECH = {"text": "Shall I book a double room from Friday, March 6 to Sunday, March 8?"}
_FAILURE = {
    "error": "unavailable",
    "message": "that offer is no longer available; search availability again",
    "retriable": False,
}


def cases() -> list[tuple[str, Any, Any, type]]:
    """(name, the loose form, the typed body, the body type to decode)."""
    offers = Availability(offers=[msgspec.convert(_OFFER, Offer)] * 6)
    failure = PmsFailure(code=FailureCode.ROOM_UNAVAILABLE, message=_FAILURE["message"])
    summary = {"turn": 3, "caller": "yes", "reply": _SPEECH["text"], "actions": [],
               "outcome": "in_progress"}  # fmt: skip

    def approved(args):
        return ApprovedAction(decision_id="d" * 32, action=ActionKind.PMS_CREATE, args=args,
                              token="t" * 180)  # fmt: skip

    def result(res, ok=True):
        return ActionResult(decision_id="d" * 32, action=ActionKind.PMS_AVAILABILITY, ok=ok,
                            result=res)  # fmt: skip

    return [
        ("ApprovedAction pms.create", ["d" * 32, "pms.create", _CREATE, "t" * 180, 0],
         approved(args_for("pms.create", _CREATE)), ApprovedAction),
        ("ApprovedAction speak.ask", ["d" * 32, "speak.ask", {**_SPEECH, "lang": "en"}, "t" * 180, 0],
         approved(SpeechArgs(text=_SPEECH["text"])), ApprovedAction),
        ("ActionResult 6 offers", ["d" * 32, "pms.availability", True,
                                   {"offers": [_OFFER] * 6, "count": 6}, None, 0],
         result(offers), ActionResult),
        ("ActionResult failure", ["d" * 32, "pms.create", False, _FAILURE, "unavailable", 0],
         result(failure, ok=False), ActionResult),
        ("CallControl start", ["start", "+4930999", {"audio": True, "realtime": True}],
         CallControl(CallStart(caller_id="+4930999", audio=True)), CallControl),
        ("CallControl turn_done", ["turn_done", None, summary],
         CallControl(TurnDone(**summary)), CallControl),
    ]  # fmt: skip


def _us_per_round_trip(obj: Any, decode, repeat: int) -> float:
    enc = msgspec.msgpack.Encoder()
    t0 = time.perf_counter()
    for _ in range(repeat):
        decode(enc.encode(obj))
    return (time.perf_counter() - t0) / repeat * 1e6


def run(repeat: int) -> list[dict[str, Any]]:
    rows = []
    for name, loose, typed, body_type in cases():
        typed_dec = msgspec.msgpack.Decoder(body_type)
        loose_dec = msgspec.msgpack.Decoder()
        rows.append(
            {
                "payload": name,
                "bytes_before": len(msgspec.msgpack.encode(loose)),
                "bytes_after": len(msgspec.msgpack.encode(typed)),
                "us_before": _us_per_round_trip(loose, loose_dec.decode, repeat),
                "us_after": _us_per_round_trip(typed, typed_dec.decode, repeat),
            }
        )
    return rows


def markdown(rows: list[dict[str, Any]], repeat: int) -> str:
    out = [
        HEAD,
        "",
        "One frame body, MessagePack; before = the same content as the loose dicts "
        "(`dict[str, Any]` args/results, `op` string + `detail` dict); encode + decode "
        f"(typed: into the Structs) averaged over {repeat} round trips on this machine.",
        "",
        "| body | bytes before | bytes after | µs before | µs after |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        out.append(
            f"| {r['payload']} | {r['bytes_before']} | {r['bytes_after']} | "
            f"{r['us_before']:.2f} | {r['us_after']:.2f} |"
        )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="sovren bench payloads",
        description="Bytes and encode+decode time of the typed payloads against the loose dicts.",
    )
    ap.add_argument("--repeat", type=int, default=20000, help="round trips per body (20000)")
    ap.add_argument("--write-md", action="store_true", help="write the table into BENCHMARKS.md")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    rows = run(args.repeat)
    md = markdown(rows, args.repeat)
    print(md)
    if args.write_md:
        replace_section(HEAD, md)
        print("written to BENCHMARKS.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
