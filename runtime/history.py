"""What the ledger remembers, for people: ``sovren calls``, ``sovren explain``, ``sovren alerts``.

Why from the ledger and not from the runtime: these questions are asked after
the fact ("why did it refuse that cancellation yesterday?"), when the call and
maybe the runtime are long gone; the ledger is the record, and its decisions
carry every evidence term, so an explanation is rebuilt exactly as decided.
Alerts are also followed live through LISTEN/NOTIFY.
"""

from __future__ import annotations

import json
import time
from contextlib import contextmanager
from typing import Any

from config.errors import SovrenError
from ipc.messages import Severity
from ipc.payloads import (
    Availability,
    AvailabilityQuery,
    BookingsFound,
    CancelArgs,
    CreateArgs,
    FindBookingQuery,
    Modified,
    ModifyArgs,
    PmsFailure,
    Reserved,
    args_from_ledger,
    outcome_from_ledger,
    plain,
)


class HistoryError(SovrenError, RuntimeError):
    code = "history"
    next_step = "list the recorded calls with `sovren calls` (the ledger must be reachable: `sovren status`)"


@contextmanager
def ledger(settings, dbname: str | None):
    """A connection URL for the ledger (``dbname``: another database of the same server)."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from ledger.postgres import database_url

    with database_url(settings.data_dir, settings.database_url) as url:
        if dbname:
            url = make_conninfo(**{**conninfo_to_dict(url), "dbname": dbname})
        yield url


def _connect(url: str):
    import psycopg
    from psycopg.rows import dict_row

    try:
        return psycopg.connect(url, row_factory=dict_row, connect_timeout=5)
    except psycopg.OperationalError as e:
        raise HistoryError(f"cannot open the ledger: {e}".strip()) from None


def list_calls(url: str, limit: int = 20) -> list[dict[str, Any]]:
    with _connect(url) as conn:
        return conn.execute(
            """SELECT c.id::text AS call_id, c.started_at, c.ended_at, c.end_reason AS outcome,
                      (SELECT count(*) FROM turns t WHERE t.call_id = replace(c.id::text, '-', '')
                         AND t.speaker = 'caller') AS turns,
                      (SELECT count(*) FROM decisions d WHERE d.call_id = replace(c.id::text, '-', ''))
                         AS decisions,
                      (SELECT count(*) FROM decisions d WHERE d.call_id = replace(c.id::text, '-', '')
                         AND NOT d.approved) AS rejected
               FROM calls c WHERE c.deleted_at IS NULL
               ORDER BY c.started_at DESC LIMIT %s""",
            (limit,),
        ).fetchall()


def _resolve_call(conn, prefix: str) -> str:
    p = prefix.replace("-", "").lower()
    rows = conn.execute(
        "SELECT DISTINCT call_id FROM decisions WHERE call_id LIKE %s LIMIT 2", (p + "%",)
    ).fetchall()
    if not rows:
        raise HistoryError(
            f"no decisions recorded for a call starting with {prefix!r} (see `sovren calls`)"
        )
    if len(rows) > 1:
        raise HistoryError(f"call id prefix {prefix!r} is ambiguous; give more characters")
    return rows[0]["call_id"]


DECISION_COLUMNS = """id::text AS decision_id, turn, action, risk_class, approved, vetoed, posterior,
    threshold, prior_logodds, terms, evidence, utilities, fallback, state, reason,
    hotel_id, extract(epoch from created_at) AS created_at"""


def decision_from_row(r: dict[str, Any], call_id: str):
    """A decisions row (``DECISION_COLUMNS``) as the core's DecisionOutcome, so that its
    ``explain()`` reads exactly as when it was made (``sovren explain``, the console)."""
    from bayes.core import DecisionOutcome

    return DecisionOutcome(
        decision_id=r["decision_id"],
        action=r["action"],
        approved=r["approved"],
        posterior=r["posterior"],
        threshold=r["threshold"],
        terms=r["terms"],
        prior_logodds=r["prior_logodds"],
        fallback=r["fallback"],
        reason=r["reason"],
        risk_class=r["risk_class"],
        vetoed=r["vetoed"],
        call_id=call_id,
        hotel_id=r["hotel_id"],
        turn=r["turn"],
        state=r["state"],
        evidence=r["evidence"],
        utilities=r["utilities"],
        created_at=float(r["created_at"]),
    )


def explain_call(url: str, prefix: str) -> dict[str, Any]:
    """Every decision of one call, rebuilt as the core made it, with the turns around them."""
    with _connect(url) as conn:
        call_id = _resolve_call(conn, prefix)
        turns = conn.execute(
            "SELECT turn, speaker, text FROM turns WHERE call_id = %s ORDER BY turn, created_at",
            (call_id,),
        ).fetchall()
        rows = conn.execute(
            f"SELECT {DECISION_COLUMNS} FROM decisions WHERE call_id = %s ORDER BY seq",
            (call_id,),
        ).fetchall()
        done = conn.execute(
            """SELECT a.decision_id, a.action, a.args, r.ok, r.result, r.error
               FROM actions a LEFT JOIN results r ON r.decision_id = a.decision_id
               WHERE a.call_id = %s ORDER BY a.created_at""",
            (call_id,),
        ).fetchall()
    decisions = [decision_from_row(r, call_id) for r in rows]
    # What was carried out under each approved decision, read back as the typed payloads
    # (ipc/payloads.py); rows written before the payloads were typed stay as they are.
    carried_out = {
        r["decision_id"]: {
            "decision_id": r["decision_id"],
            "action": r["action"],
            "args": args_from_ledger(r["action"], r["args"]),
            "ok": r["ok"],
            "result": outcome_from_ledger(r["result"]) if r["ok"] is not None else None,
            "error": r["error"],
        }
        for r in done
    }
    return {"call_id": call_id, "turns": turns, "decisions": decisions, "carried_out": carried_out}


def carried_out_json(ex: dict[str, Any]) -> dict[str, Any]:
    """``carried_out`` as JSON: each payload with its tag (old rows as they were stored)."""
    return {
        k: {**v, "args": plain(v["args"]), "result": plain(v["result"])}
        for k, v in ex.get("carried_out", {}).items()
    }


def describe_args(args: Any) -> str:
    """What a PMS action asked for, without the guest's personal data (name, phone, e-mail)."""
    if isinstance(args, AvailabilityQuery):
        room = f" {args.room_type}" if args.room_type else ""
        return f"stay {args.arrival}..{args.departure}, {args.guests} guest(s){room}"
    if isinstance(args, CreateArgs):
        rate = f" {args.rate_plan}" if args.rate_plan else ""
        return f"book {args.room_type or '?'}{rate} {args.arrival}..{args.departure}, {args.guests} guest(s)"
    if isinstance(args, ModifyArgs):
        return f"change {args.reservation_id} to {args.arrival}..{args.departure}"
    if isinstance(args, CancelArgs):
        return f"cancel {args.reservation_id}"
    if isinstance(args, FindBookingQuery):
        by = [k for k in ("confirmation", "name", "phone") if getattr(args, k)]
        return "find by " + " + ".join(by)
    if isinstance(args, dict):  # a row from before the payloads were typed
        return json.dumps(args, default=str)
    return ""  # speech: its words are in the turns


def describe_result(result: Any, ok: bool | None) -> str:
    """What came back, in one line (no guest names)."""
    if ok is None:
        return "no result on record"
    if isinstance(result, PmsFailure):
        field = f", field {result.field}" if result.field else ""
        retry = "a retry may help" if result.retryable else "a retry will not help"
        return f"FAILED {result.code}{field} ({retry}): {result.message}"
    if isinstance(result, Availability):
        offers = ", ".join(
            f"{o.room_type}/{o.rate_plan or '-'} {o.total.amount} {o.total.currency}"
            for o in result.offers[:6]
        )
        return f"{len(result.offers)} offer(s)" + (f": {offers}" if offers else "")
    if isinstance(result, BookingsFound):
        return f"{len(result.reservations)} booking(s) found"
    if isinstance(result, Modified):
        b = result.reservation
        return f"booking {b.confirmation} now {b.arrival}..{b.departure}"
    if isinstance(result, Reserved):
        b = result.reservation
        return f"booking {b.confirmation} {b.status}" + (" (replayed)" if result.replayed else "")
    if isinstance(result, dict):  # a row from before the payloads were typed
        return ("ok " if ok else "FAILED ") + json.dumps(result, default=str)
    return "done" if ok else "FAILED"


def render_explanation(ex: dict[str, Any]) -> str:
    lines = [f"call {ex['call_id']}"]
    by_turn: dict[int, list] = {}
    for d in ex["decisions"]:
        by_turn.setdefault(d.turn, []).append(d)
    said: dict[int, list[str]] = {}
    for t in ex["turns"]:
        said.setdefault(t["turn"], []).append(f"{t['speaker']:>6}> {t['text'] or ''}")
    for turn in sorted(set(by_turn) | set(said)):
        lines.append(f"\n-- turn {turn}")
        lines += said.get(turn, [])
        for d in by_turn.get(turn, []):
            lines.append(d.explain())
            done = ex.get("carried_out", {}).get(d.decision_id)
            if done is not None and str(done["action"]).startswith("pms."):
                lines.append(f"  carried out: {done['action']} {describe_args(done['args'])}")
                lines.append(f"  result: {describe_result(done['result'], done['ok'])}")
    return "\n".join(lines)


def list_alerts(url: str, *, severity: Severity, limit: int) -> list[dict[str, Any]]:
    with _connect(url) as conn:
        return conn.execute(
            """SELECT id::text AS alert_id, created_at, severity, category, message, call_id, evidence
               FROM alerts WHERE severity >= %s ORDER BY created_at DESC LIMIT %s""",
            (int(severity), limit),
        ).fetchall()


def follow_alerts(url: str, settings, *, severity: Severity, seconds: float | None):
    """Live alerts (LISTEN/NOTIFY on the SENTINEL feed's channel)."""
    from agents.sentinel.notify import NotifyListener

    deadline = None if seconds is None else time.monotonic() + seconds
    with NotifyListener(url, settings.sentinel.notify_channel) as listener:
        while deadline is None or time.monotonic() < deadline:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            for alert, ts in listener.alerts(timeout=left if left is not None else 1.0):
                if alert.severity >= severity:
                    yield {
                        "alert_id": alert.alert_id,
                        "created_at": ts,
                        "severity": int(alert.severity),
                        "category": alert.category,
                        "message": alert.message,
                        "evidence": alert.evidence,
                    }


def alert_line(a: dict[str, Any]) -> str:
    ts = a["created_at"]
    when = (
        ts.strftime("%Y-%m-%d %H:%M:%S")
        if hasattr(ts, "strftime")
        else time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(float(ts)))
    )
    return f"{when}  {Severity(a['severity']).name:<8} {a['category']:<20} {a['message']}"


def dumps(obj: Any) -> str:
    return json.dumps(obj, default=str)
