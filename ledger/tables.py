"""How each record type becomes a row: table, columns, and the row tuple.

Why a table of specs: the writer batches per table with COPY into a temporary
staging table and one INSERT … SELECT … ON CONFLICT (id) DO NOTHING, so it
needs, per record type, the column list and a function from record to tuple.
The writer thread runs these functions, never the producer.
"""

from __future__ import annotations

import datetime as _dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import msgspec

from fabric.decision import DecisionOutcome
from ledger.records import (
    ActionRecord,
    AlertRecord,
    CallbackRecord,
    CallEnd,
    CallRecord,
    OutcomeRecord,
    ProposalRecord,
    ResultRecord,
    TurnRecord,
    VoiceLatencyRecord,
)

_json = msgspec.json.Encoder()
_UTC = _dt.UTC


def _ts(t: float) -> _dt.datetime:
    return _dt.datetime.fromtimestamp(t if t else time.time(), _UTC)


def _j(v: Any) -> str:
    return _json.encode(v).decode()


@dataclass(frozen=True)
class TableSpec:
    table: str
    columns: tuple[str, ...]
    row: Callable[[Any], tuple]
    # how rows reach the table: "insert" (ignore duplicate ids), "call_end" (update the
    # call), "chain" (decisions: hash-chained by the writer)
    apply: str = "insert"


def _call(r: CallRecord) -> tuple:
    c = _ts(r.created_at)
    return (r.id, r.hotel_id, r.caller_phone, r.channel, _ts(r.started_at or r.created_at), c, c)


def _call_end(r: CallEnd) -> tuple:
    return (r.id, r.call_id, _ts(r.ended_at or r.created_at), r.end_reason)


def _turn(r: TurnRecord) -> tuple:
    c = _ts(r.created_at)
    return (r.id, r.call_id, r.turn, r.speaker, r.text, r.confidence, r.audio_path, r.lang, c, c)


def _proposal(r: ProposalRecord) -> tuple:
    c = _ts(r.created_at)
    return (
        r.id, r.call_id, r.turn, r.action, r.origin, r.intent, r.confidence, _j(r.args),
        r.reply, c, c,
    )  # fmt: skip


def _decision(r: DecisionOutcome) -> tuple:
    """Unused: decisions are chained by the writer (LedgerWriter._write_decisions)."""
    raise NotImplementedError


def _action(r: ActionRecord) -> tuple:
    c = _ts(r.created_at)
    return (r.id, r.decision_id, r.call_id, r.action, _j(r.args), r.token_id, c, c)


def _result(r: ResultRecord) -> tuple:
    c = _ts(r.created_at)
    return (r.id, r.decision_id, r.call_id, r.action, r.ok, _j(r.result), r.error, c, c)


def _alert(r: AlertRecord) -> tuple:
    c = _ts(r.created_at)
    return (r.id, r.call_id, r.severity, r.category, r.message, _j(r.evidence), c, c)


def _outcome(r: OutcomeRecord) -> tuple:
    c = _ts(r.created_at)
    return (
        r.id, r.decision_id, r.call_id, r.hotel_id, r.action, r.outcome, r.d_alpha, r.d_beta,
        c, c,
    )  # fmt: skip


def _callback(r: CallbackRecord) -> tuple:
    c = _ts(r.created_at)
    return (r.id, r.call_id, r.hotel_id, r.reason, r.summary, c, c)


def _voice_latency(r: VoiceLatencyRecord) -> tuple:
    c = _ts(r.created_at)
    return (r.id, r.call_id, r.turn, r.voice_to_voice_ms, r.source, c, c)


C = ("created_at", "updated_at")
# Order matters within one batch: calls before call ends.
SPECS: dict[type, TableSpec] = {
    CallRecord: TableSpec(
        "calls", ("id", "hotel_id", "caller_phone", "channel", "started_at", *C), _call
    ),
    TurnRecord: TableSpec(
        "turns",
        ("id", "call_id", "turn", "speaker", "text", "confidence", "audio_path", "lang", *C),
        _turn,
    ),
    ProposalRecord: TableSpec(
        "proposals",
        ("id", "call_id", "turn", "action", "origin", "intent", "confidence", "args", "reply", *C),
        _proposal,
    ),
    DecisionOutcome: TableSpec(
        "decisions",
        (
            "id",
            "seq",
            "call_id",
            "hotel_id",
            "turn",
            "action",
            "risk_class",
            "approved",
            "vetoed",
            "posterior",
            "threshold",
            "prior_logodds",
            "terms",
            "evidence",
            "utilities",
            "fallback",
            "state",
            "reason",
            "prev_hash",
            "hash",
            "created_at",
            "updated_at",
        ),  # fmt: skip
        _decision,
        "chain",
    ),
    ActionRecord: TableSpec(
        "actions", ("id", "decision_id", "call_id", "action", "args", "token_id", *C), _action
    ),
    ResultRecord: TableSpec(
        "results",
        ("id", "decision_id", "call_id", "action", "ok", "result", "error", *C),
        _result,
    ),
    AlertRecord: TableSpec(
        "alerts", ("id", "call_id", "severity", "category", "message", "evidence", *C), _alert
    ),
    OutcomeRecord: TableSpec(
        "outcomes",
        (
            "id",
            "decision_id",
            "call_id",
            "hotel_id",
            "action",
            "outcome",
            "d_alpha",
            "d_beta",
            *C,
        ),  # fmt: skip
        _outcome,
    ),
    CallEnd: TableSpec("calls", ("id", "call_id", "ended_at", "end_reason"), _call_end, "call_end"),
    CallbackRecord: TableSpec(
        "callbacks", ("id", "call_id", "hotel_id", "reason", "summary", *C), _callback
    ),
    VoiceLatencyRecord: TableSpec(
        "voice_latency",
        ("id", "call_id", "turn", "voice_to_voice_ms", "source", *C),
        _voice_latency,
    ),
}
ORDER: tuple[type, ...] = tuple(SPECS)

# Spool codes: never renumber (spools outlive versions).
SPOOL_CODE: dict[type, int] = {
    CallRecord: 1,
    TurnRecord: 2,
    ProposalRecord: 3,
    DecisionOutcome: 4,
    ActionRecord: 5,
    ResultRecord: 6,
    AlertRecord: 7,
    OutcomeRecord: 8,
    CallEnd: 9,
    CallbackRecord: 10,
    VoiceLatencyRecord: 11,
}
TYPE_OF_CODE: dict[int, type] = {v: k for k, v in SPOOL_CODE.items()}


def record_id(r: Any) -> str:
    return r.decision_id if type(r) is DecisionOutcome else r.id


def stage_name(spec: TableSpec) -> str | None:
    if spec.apply == "insert":
        return f"stage_{spec.table}"
    return "stage_call_ends" if spec.apply == "call_end" else None
