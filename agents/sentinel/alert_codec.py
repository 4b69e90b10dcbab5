"""Alerts as JSON for the feed's sinks (NOTIFY payloads, webhook bodies).

Why a stable JSON form and not the MessagePack frame body: the feed's readers
are outside the fabric (psql, a SIEM, a webhook receiver), so the severity goes
by name and the fields by key. PostgreSQL caps a NOTIFY payload just under 8000
bytes; a larger alert is sent without its evidence and marked ``truncated`` (the
full alert stays in the ledger under the same id).
"""

from __future__ import annotations

import time
from typing import Any

import msgspec

from ipc.messages import Alert, Severity

NOTIFY_MAX_BYTES = 7900


def alert_to_dict(alert: Alert, ts: float | None = None) -> dict[str, Any]:
    return {
        "alert_id": alert.alert_id,
        "severity": Severity(alert.severity).name,
        "category": alert.category,
        "message": alert.message,
        "evidence": alert.evidence,
        "ts": time.time() if ts is None else ts,
    }


def alert_to_json(alert: Alert, ts: float | None = None, max_bytes: int | None = None) -> bytes:
    d = alert_to_dict(alert, ts)
    raw = msgspec.json.encode(d)
    if max_bytes is not None and len(raw) > max_bytes:
        d["evidence"] = {}
        d["truncated"] = True
        d["message"] = d["message"][:500]
        raw = msgspec.json.encode(d)
    return raw


def alert_from_json(raw: bytes | str) -> tuple[Alert, float]:
    """Parse a feed payload back into an Alert (and its timestamp); a clear error on anything else."""
    try:
        d = msgspec.json.decode(raw)
    except msgspec.DecodeError as e:
        raise ValueError(f"alert payload is not JSON: {e}") from e
    if not isinstance(d, dict):
        raise ValueError("alert payload must be a JSON object")
    missing = {"alert_id", "severity", "category", "message"} - set(d)
    if missing:
        raise ValueError(f"alert payload lacks {sorted(missing)}")
    try:
        sev = Severity[d["severity"]] if isinstance(d["severity"], str) else Severity(d["severity"])
    except (KeyError, ValueError) as e:
        raise ValueError(f"alert payload has unknown severity {d['severity']!r}") from e
    evidence = d.get("evidence") or {}
    if d.get("truncated"):
        evidence = {**evidence, "truncated": True}
    alert = Alert(
        alert_id=str(d["alert_id"]),
        severity=sev,
        category=str(d["category"]),
        message=str(d["message"]),
        evidence=evidence,
    )
    return alert, float(d.get("ts", 0.0))
