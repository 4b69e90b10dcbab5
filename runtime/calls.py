"""A text call through the runtime, and a turn's record as the call JSON shows it.

Why its own module: ``sovren call``, the demo and the voice-call client all build the
same per-turn record; with it here none of them imports another's command module
(runtime.commands imports the voice-call client, which used to import it back).
"""

from __future__ import annotations

import json


def print_turn(t: dict) -> None:
    print(f"caller> {t['caller']}")
    print(f"sovren> {t['reply']}")
    for a in t.get("actions", []):
        mark = "approved" if a["approved"] else "REJECTED"
        res = a.get("result")
        extra = f" -> {json.dumps(res, default=str)}" if res else ""
        print(f"        {a['kind']} {mark} (posterior {a['posterior']:.3f}){extra}")


def turn_actions(summary: dict) -> list[dict]:
    """A turn's actions as the call JSON shows them (text and voice calls alike)."""
    return [
        {
            "kind": a["kind"],
            "args": a["args"],
            "approved": a["approved"],
            "posterior": a["posterior"],
            "result": a.get("result"),
        }
        for a in summary.get("actions", [])
    ]


def run_call(
    client, turns: list[str], caller_id: str | None, *, echo: bool, lang: str = "en"
) -> dict:
    call_id = client.start_call(caller_id)
    out = {"call_id": call_id, "turns": []}
    for i, text in enumerate(turns, start=1):
        summary = client.turn(call_id, i, text, caller_id=caller_id, lang=lang)
        turn = {
            "caller": text,
            "reply": summary.get("reply", ""),
            "actions": turn_actions(summary),
        }
        out["turns"].append(turn)
        if echo:
            print_turn(turn)
    done = client.end_call(call_id)
    out["outcome"] = done.get("outcome")
    if echo:
        print(f"(call {call_id[:8]} ended: {out['outcome']})")
    return out
