"""The local PMS before and after a benchmark call: what was written, and was it right.

Why from the PMS's tables and not from the call's replies: a write is what the
hotel lives with. The benchmark empties the local PMS before each call, takes a
snapshot, runs the call and compares the snapshot after it with the corpus's
expected write (bench/corpus: ``expect.write``).
"""

from __future__ import annotations

from typing import Any

from ipc.actions import ActionKind

SNAPSHOT_SQL = (
    "SELECT id::text, confirmation, status, arrival, departure, adults + children AS guests, "
    "room_type, rate_plan, guest_name FROM pms_local.reservations"
)


def pms_snapshot(url: str) -> dict[str, dict[str, Any]]:
    """Every reservation of the local PMS by id (ISO dates, guests as a number)."""
    import psycopg
    from psycopg.rows import dict_row

    with psycopg.connect(url, row_factory=dict_row) as conn:
        rows = conn.execute(SNAPSHOT_SQL).fetchall()
    out = {}
    for r in rows:
        r["arrival"], r["departure"] = r["arrival"].isoformat(), r["departure"].isoformat()
        out[r["id"]] = dict(r)
    return out


def pms_clear(url: str) -> None:
    """An empty hotel before each call: nothing left from the previous dialogue."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("TRUNCATE pms_local.modifications, pms_local.reservations")


def writes_between(before: dict[str, dict], after: dict[str, dict]) -> list[dict[str, Any]]:
    """The writes a call made, from the PMS before and after it (creates, modifies, cancels)."""
    out = []
    for rid, r in sorted(after.items(), key=lambda kv: kv[1]["confirmation"]):
        old = before.get(rid)
        w = {k: r[k] for k in ("confirmation", "arrival", "departure", "guests", "room_type")}
        w |= {"rate_plan": r["rate_plan"], "guest_name": r["guest_name"]}
        if old is None:
            out.append({"action": ActionKind.PMS_CREATE, **w})
        elif r["status"] == "cancelled" and old["status"] != "cancelled":
            out.append({"action": ActionKind.PMS_CANCEL, **w})
        elif any(
            r[k] != old[k] for k in ("arrival", "departure", "guests", "room_type", "rate_plan")
        ):
            out.append({"action": ActionKind.PMS_MODIFY, **w})
    return out


def _name(s: str | None) -> str:
    return " ".join((s or "").casefold().split())


def compare_writes(expect: dict[str, Any] | None, writes: list[dict[str, Any]]) -> dict[str, Any]:
    """Task success and wrong writes of one call: ``expect`` is the corpus's ``expect.write``.

    success: exactly the expected write (its action on its reservation, with every
    argument the corpus gives), or no write when none was expected. wrong_write: a
    write when none was expected, a second write, a write of another kind or on
    another reservation, or one whose dates, guests or room differ. A name or rate
    that differs fails the task but is not a wrong write (issue 10's definition).
    """
    reasons: list[str] = []
    wrong = False
    if expect is None:
        for w in writes:
            reasons.append(f"unexpected {w['action']} {_brief(w)}")
        return {"success": not writes, "wrong_write": bool(writes), "reasons": reasons}
    if not writes:
        return {
            "success": False,
            "wrong_write": False,
            "reasons": [f"no write (expected {expect['action']} {_brief(expect)})"],
        }
    if len(writes) > 1:
        wrong = True
        reasons.append(f"{len(writes)} writes: " + "; ".join(_brief(w) for w in writes))
    w = writes[0]
    if w["action"] != expect["action"]:
        wrong = True
        reasons.append(f"{w['action']} instead of {expect['action']}")
    if expect.get("confirmation") and w["confirmation"] != expect["confirmation"]:
        wrong = True
        reasons.append(f"write on {w['confirmation']}, expected {expect['confirmation']}")
    for k in ("arrival", "departure", "guests", "room_type"):
        if expect.get(k) is not None and str(w.get(k)) != str(expect[k]):
            wrong = True
            reasons.append(f"{k} {w.get(k)} (expected {expect[k]})")
    if expect.get("rate_plan") and w.get("rate_plan") != expect["rate_plan"]:
        reasons.append(f"rate_plan {w.get('rate_plan')} (expected {expect['rate_plan']})")
    if expect.get("guest_name") and _name(w.get("guest_name")) != _name(expect["guest_name"]):
        reasons.append(f"guest_name {w.get('guest_name')!r} (expected {expect['guest_name']!r})")
    return {"success": not reasons, "wrong_write": wrong, "reasons": reasons}


def _brief(w: dict[str, Any]) -> str:
    keys = ("confirmation", "arrival", "departure", "guests", "room_type", "rate_plan")
    return " ".join(f"{k}={w[k]}" for k in keys if w.get(k) is not None)
