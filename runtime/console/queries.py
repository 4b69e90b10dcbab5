"""What the console reads from the ledger: history with search, one call's record, live calls.

Why hand-written SQL with parameters only: every value a person types (dates, an
outcome, a phone number, a confirmation number) reaches PostgreSQL as a bound
parameter, never as text of the statement, so a search cannot be turned into a
query. Call ids: ``calls.id`` is a uuid, the other tables keep the runtime's
32-hex form; ``hex_id`` converts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from psycopg.rows import dict_row

from runtime.history import DECISION_COLUMNS, decision_from_row

HEX_ID = re.compile(r"^[0-9a-f]{32}$")
OUTCOMES = (
    "booked",
    "modified",
    "cancelled",
    "answered",
    "refused",
    "blocked",
    "transferred",
    "abandoned",
    "open",
)


def hex_id(call_id: str) -> str | None:
    """The 32-hex form of a call id typed as hex or uuid; None when it is neither."""
    h = call_id.strip().lower().replace("-", "")
    return h if HEX_ID.match(h) else None


@dataclass(frozen=True)
class Search:
    """A history search; every field optional, each already checked (``from_query``)."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    outcome: str | None = None
    caller: str | None = None  # normalised phone number
    confirmation: str | None = None
    page: int = 1

    @classmethod
    def from_query(cls, q: dict[str, str]) -> tuple[Search, list[str]]:
        """A search from the page's query string, and one line per field it could not use
        (shown to the person; the field is then left out, never guessed)."""
        from ledger.redact import normalise_phone

        problems: list[str] = []
        kw: dict[str, Any] = {}
        for key in ("date_from", "date_to"):
            v = (q.get(key) or "").strip()
            if v:
                try:
                    kw[key] = dt.date.fromisoformat(v)
                except ValueError:
                    problems.append(f"{key.replace('_', ' ')}: {v!r} is not a date (YYYY-MM-DD)")
        v = (q.get("outcome") or "").strip()
        if v:
            if v in OUTCOMES:
                kw["outcome"] = v
            else:
                problems.append(f"outcome: {v!r} is not one of {', '.join(OUTCOMES)}")
        v = (q.get("caller") or "").strip()
        if v:
            try:
                kw["caller"] = normalise_phone(v)
            except ValueError:
                problems.append(f"caller: {v!r} is not a phone number")
        v = (q.get("confirmation") or "").strip()
        if v:
            kw["confirmation"] = v[:64]
        try:
            kw["page"] = max(1, min(int(q.get("page") or 1), 1_000_000))
        except ValueError:
            problems.append(f"page: {q.get('page')!r} is not a number")
        return cls(**kw), problems

    def query_string(self, **change: Any) -> str:
        from urllib.parse import urlencode

        d = {
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "outcome": self.outcome or "",
            "caller": self.caller or "",
            "confirmation": self.confirmation or "",
            "page": self.page,
        }
        d.update(change)
        return urlencode({k: v for k, v in d.items() if v not in ("", None)})


def _where(s: Search) -> tuple[str, list[Any]]:
    conds, args = ["c.deleted_at IS NULL"], []
    if s.date_from:
        conds.append("c.started_at >= %s")
        args.append(dt.datetime.combine(s.date_from, dt.time(), dt.UTC))
    if s.date_to:
        conds.append("c.started_at < %s")
        args.append(dt.datetime.combine(s.date_to + dt.timedelta(days=1), dt.time(), dt.UTC))
    if s.outcome == "open":
        conds.append("c.ended_at IS NULL")
    elif s.outcome:
        conds.append("c.end_reason = %s")
        args.append(s.outcome)
    if s.caller:
        # stored numbers may be written in any form: compare the last 7 digits here, then
        # the whole number as the erasure does (ledger.retention) on the page's rows
        conds.append("regexp_replace(c.caller_phone, '\\D', '', 'g') LIKE %s")
        args.append("%" + s.caller.lstrip("+")[-7:])
    if s.confirmation:
        conds.append(
            "replace(c.id::text, '-', '') IN (SELECT r.call_id FROM results r"
            " WHERE r.result ? 'reservation' AND r.result->'reservation'->>'confirmation' = %s)"
        )
        args.append(s.confirmation)
    return " AND ".join(conds), args


async def search_calls(aconn, s: Search, page_size: int) -> dict[str, Any]:
    """One page of calls (newest first) with their counts and confirmation numbers; ``more``
    says whether a next page exists (one row more is read instead of counting every match).

    Four statements: the page, then turns, decisions and results for the page's ids at once
    (``= ANY``, hashed by PostgreSQL). Measured on 10,000 calls (bench/console.py), this is
    several times faster than one statement joining a CTE of the page or a LATERAL per call.
    """
    from ledger.retention import _same_phone

    where, args = _where(s)
    async with aconn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            f"""SELECT replace(c.id::text, '-', '') AS call_id, c.started_at, c.ended_at,
                       c.end_reason AS outcome, c.caller_phone, c.channel
                FROM calls c WHERE {where}
                ORDER BY c.started_at DESC, c.id LIMIT %s OFFSET %s""",
            (*args, page_size + 1, (s.page - 1) * page_size),
        )
        rows = await cur.fetchall()
    more = len(rows) > page_size
    rows = rows[:page_size]
    if s.caller:
        rows = [r for r in rows if r["caller_phone"] and _same_phone(r["caller_phone"], s.caller)]
    ids = [r["call_id"] for r in rows]
    turns: dict[str, int] = {}
    decisions: dict[str, tuple[int, int]] = {}
    confirmations: dict[str, list[str]] = {}
    if ids:
        cur = await aconn.execute(
            "SELECT call_id, count(*) FROM turns WHERE call_id = ANY(%s) AND speaker = 'caller'"
            " GROUP BY call_id",
            (ids,),
        )
        turns = dict(await cur.fetchall())
        cur = await aconn.execute(
            "SELECT call_id, count(*), count(*) FILTER (WHERE NOT approved) FROM decisions"
            " WHERE call_id = ANY(%s) GROUP BY call_id",
            (ids,),
        )
        decisions = {c: (n, rej) for c, n, rej in await cur.fetchall()}
        cur = await aconn.execute(
            "SELECT call_id, result->'reservation'->>'confirmation' FROM results"
            " WHERE call_id = ANY(%s) AND result ? 'reservation' AND ok ORDER BY created_at",
            (ids,),
        )
        for c, conf in await cur.fetchall():
            if conf and conf not in confirmations.setdefault(c, []):
                confirmations[c].append(conf)
    for r in rows:
        cid = r["call_id"]
        r["turns"] = turns.get(cid, 0)
        r["decisions"], r["rejected"] = decisions.get(cid, (0, 0))
        r["confirmations"] = confirmations.get(cid, [])
    return {"rows": rows, "more": more}


async def call_record(aconn, call_id: str) -> dict[str, Any] | None:
    """Everything the ledger holds about one call (None: no such call). The decisions are
    rebuilt as the core made them (``runtime.history.decision_from_row``), as in ``sovren
    explain``."""
    h = hex_id(call_id)
    if h is None:
        return None
    async with aconn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            "SELECT replace(id::text, '-', '') AS call_id, hotel_id, caller_phone, channel,"
            " started_at, ended_at, end_reason AS outcome, deleted_at"
            " FROM calls WHERE id = %s::uuid",
            (h,),
        )
        call = await cur.fetchone()
        await cur.execute(
            "SELECT turn, speaker, text, lang, confidence, audio_path, created_at FROM turns"
            " WHERE call_id = %s ORDER BY turn, created_at, speaker DESC",
            (h,),
        )
        turns = await cur.fetchall()
        await cur.execute(
            f"SELECT {DECISION_COLUMNS} FROM decisions WHERE call_id = %s ORDER BY seq", (h,)
        )
        decisions = [decision_from_row(r, h) for r in await cur.fetchall()]
        await cur.execute(
            "SELECT turn, action, origin, intent, confidence, args, reply, created_at"
            " FROM proposals WHERE call_id = %s ORDER BY created_at",
            (h,),
        )
        proposals = await cur.fetchall()
        await cur.execute(
            "SELECT decision_id, action, ok, result, error, created_at FROM results"
            " WHERE call_id = %s ORDER BY created_at",
            (h,),
        )
        results = await cur.fetchall()
        await cur.execute(
            "SELECT id::text AS alert_id, severity, category, message, acknowledged_at, created_at"
            " FROM alerts WHERE call_id = %s ORDER BY created_at",
            (h,),
        )
        alerts = await cur.fetchall()
        await cur.execute(
            "SELECT turn, source, voice_to_voice_ms FROM voice_latency WHERE call_id = %s"
            " ORDER BY turn, source",
            (h,),
        )
        latency: dict[int, dict[str, int]] = {}
        for r in await cur.fetchall():
            latency.setdefault(r["turn"], {})[r["source"]] = r["voice_to_voice_ms"]
    if call is None and not turns and not decisions:
        return None
    return {
        "call_id": h,
        "call": call,
        "turns": turns,
        "decisions": decisions,
        "proposals": proposals,
        "results": results,
        "alerts": alerts,
        "latency": latency,
        "latency_summary": latency_summary(latency),
        "reservations": reservations_of(results),
    }


def latency_summary(latency: dict[int, dict[str, int]]) -> dict[str, int] | None:
    """A call's median and worst voice-to-voice latency as the runtime measured it (source
    ``media``: every real-time audio call has it), else as another source did."""
    sources = {s for per_turn in latency.values() for s in per_turn}
    source = "media" if "media" in sources else min(sources, default=None)
    vals = sorted(t[source] for t in latency.values() if source in t)
    if not vals:
        return None
    return {"p50": vals[(len(vals) - 1) // 2], "max": vals[-1], "n": len(vals)}


def reservations_of(results: list[dict[str, Any]]) -> list[str]:
    """Confirmation numbers of the bookings a call made, changed or cancelled (its PMS results'
    ``reservation``, connectors/executor.py)."""
    out: list[str] = []
    for r in results:
        res = r.get("result") or {}
        booking = res.get("reservation") if isinstance(res, dict) else None
        conf = booking.get("confirmation") if isinstance(booking, dict) else None
        if conf and r["action"].startswith("pms.") and r["ok"]:
            out.append(str(conf))
    return list(dict.fromkeys(out))


# A call that just ended stays on the live view this long, with its outcome, so the
# reception sees how it ended (the page removes it afterwards).
RECENTLY_ENDED_S = 60


async def live_calls(
    aconn, max_age_minutes: int, ids: list[str] | None = None
) -> list[dict[str, Any]]:
    """The live view's calls (in progress, or ended within ``RECENTLY_ENDED_S``), or those of
    ``ids`` among them: what a card shows (call, turns, decisions), in three statements for
    all of them (the live view asks for every changed call at once)."""
    if ids is not None:
        ids = [h for h in (hex_id(i) for i in ids) if h][:200]
        if not ids:
            return []
    async with aconn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            "SELECT replace(id::text, '-', '') AS call_id, hotel_id, caller_phone, channel,"
            " started_at, ended_at, end_reason AS outcome, deleted_at FROM calls"
            " WHERE deleted_at IS NULL AND ((ended_at IS NULL"
            " AND started_at > now() - make_interval(mins => %s))"
            " OR ended_at > now() - make_interval(secs => %s))"
            + (" AND id = ANY(%s::uuid[])" if ids is not None else "")
            + " ORDER BY started_at",
            (max_age_minutes, RECENTLY_ENDED_S, *([ids] if ids is not None else [])),
        )
        calls = await cur.fetchall()
        keys = [c["call_id"] for c in calls]
        if not keys:
            return []
        await cur.execute(
            "SELECT call_id, turn, speaker, text, lang FROM turns WHERE call_id = ANY(%s)"
            " ORDER BY turn, created_at, speaker DESC",
            (keys,),
        )
        turns: dict[str, list] = {}
        for r in await cur.fetchall():
            turns.setdefault(r["call_id"], []).append(r)
        await cur.execute(
            f"SELECT call_id, {DECISION_COLUMNS} FROM decisions WHERE call_id = ANY(%s) ORDER BY seq",
            (keys,),
        )
        decisions: dict[str, list] = {}
        for r in await cur.fetchall():
            decisions.setdefault(r["call_id"], []).append(decision_from_row(r, r["call_id"]))
    return [
        {
            "call_id": c["call_id"],
            "call": c,
            "turns": turns.get(c["call_id"], []),
            "decisions": decisions.get(c["call_id"], []),
        }
        for c in calls
    ]


async def alerts(aconn, *, unacknowledged_only: bool, limit: int = 50) -> list[dict[str, Any]]:
    async with aconn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            "SELECT id::text AS alert_id, call_id, severity, category, message, acknowledged_at,"
            " created_at FROM alerts"
            + (" WHERE acknowledged_at IS NULL" if unacknowledged_only else "")
            + " ORDER BY created_at DESC LIMIT %s",
            (limit,),
        )
        return await cur.fetchall()


async def acknowledge_alert(aconn, alert_id: str) -> bool:
    cur = await aconn.execute(
        "UPDATE alerts SET acknowledged_at = now(), updated_at = now(), version = version + 1"
        " WHERE id = %s::uuid AND acknowledged_at IS NULL",
        (alert_id,),
    )
    return cur.rowcount == 1
