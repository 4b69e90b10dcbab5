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


class HistoryError(SovrenError, RuntimeError):
    code = "history"
    next_step = "list the recorded calls with `sovren calls` (the ledger must be reachable: `sovren status`)"


@contextmanager
def ledger(settings, dbname: str | None):
    """A connection URL for the ledger (``dbname``: another database of the same server)."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from ledger.postgres import resolve_database_url

    url, pg = resolve_database_url(settings.data_dir, settings.database_url)
    if dbname:
        url = make_conninfo(**{**conninfo_to_dict(url), "dbname": dbname})
    try:
        yield url
    finally:
        if pg is not None and pg.started_by_us:
            pg.stop()


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
    decisions = [decision_from_row(r, call_id) for r in rows]
    return {"call_id": call_id, "turns": turns, "decisions": decisions}


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
