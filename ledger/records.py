"""What the runtime puts into the ledger: one msgspec Struct per kind of row.

Why Structs and not dicts: the writer's spool encodes them as MessagePack
with no per-record schema work, and a typo in a field name fails where the
record is made, not in the writer thread minutes later. ``id`` is the
record's identity: putting the same record twice stores it once.
``created_at`` is Unix seconds at the producer (0 means "when written").

Decisions are put as ``fabric.decision.DecisionOutcome`` itself (the writer knows
that type too), so the hot path builds no second object.
"""

from __future__ import annotations

import time
from typing import Any

import msgspec

from ipc.payloads import plain
from ledger.ids import new_id


class CallRecord(msgspec.Struct, kw_only=True):
    id: str
    hotel_id: str = "demo"
    caller_phone: str | None = None  # personal data: erased by erase_caller
    channel: str = "phone"
    started_at: float = 0.0
    created_at: float = 0.0


class CallEnd(msgspec.Struct, kw_only=True):
    """The end of a call: updates its calls row (idempotent)."""

    id: str  # event id
    call_id: str
    ended_at: float = 0.0
    end_reason: str = ""
    created_at: float = 0.0


class TurnRecord(msgspec.Struct, kw_only=True):
    """One utterance; the writer redacts ``text`` before it reaches disk or database."""

    id: str
    call_id: str
    turn: int = 0
    speaker: str = "caller"  # 'caller' | 'agent'
    text: str | None = None
    confidence: float | None = None
    audio_path: str | None = None
    created_at: float = 0.0
    lang: str | None = None  # the caller's language in this turn (en, de, ...)


# ``args`` and ``result`` hold the typed payloads of ipc/payloads.py in their JSON form, tag
# included (``{"t": "create", ...}``): ``ipc.payloads.args_from_ledger`` / ``outcome_from_ledger``
# read them back as Structs. Rows written before the payloads were typed have no tag and
# are read as they are. Kept as dicts here so that a spool written by an older version
# still decodes.


class ProposalRecord(msgspec.Struct, kw_only=True):
    id: str
    call_id: str
    turn: int = 0
    action: str = ""
    origin: str = ""
    intent: str = ""
    confidence: float = 0.0
    args: dict[str, Any] = {}
    reply: str | None = None
    created_at: float = 0.0


class ActionRecord(msgspec.Struct, kw_only=True):
    id: str
    decision_id: str
    call_id: str
    action: str
    args: dict[str, Any] = {}
    token_id: str | None = None
    created_at: float = 0.0


class ResultRecord(msgspec.Struct, kw_only=True):
    id: str
    decision_id: str
    call_id: str
    action: str
    ok: bool
    result: dict[str, Any] = {}
    error: str | None = None
    created_at: float = 0.0


class AlertRecord(msgspec.Struct, kw_only=True):
    id: str
    severity: int
    category: str
    message: str
    evidence: dict[str, Any] = {}
    call_id: str | None = None
    created_at: float = 0.0


class OutcomeRecord(msgspec.Struct, kw_only=True):
    """What happened after a decision; teaches the priors (d_alpha, d_beta)."""

    id: str
    decision_id: str | None = None
    call_id: str | None = None
    hotel_id: str = "demo"
    action: str
    outcome: str
    d_alpha: float = 0.0
    d_beta: float = 0.0
    created_at: float = 0.0


class CallbackRecord(msgspec.Struct, kw_only=True):
    """A call the front desk must return (a transfer failed, or no reception is configured).

    ``summary`` says what the caller wanted; the writer redacts it like turn text.
    """

    id: str
    call_id: str
    hotel_id: str = "demo"
    reason: str = ""
    summary: str | None = None
    created_at: float = 0.0


class VoiceLatencyRecord(msgspec.Struct, kw_only=True):
    """One turn's voice-to-voice latency as measured at ``source`` (migration 0015)."""

    id: str
    call_id: str
    turn: int
    voice_to_voice_ms: int
    source: str = "media"
    created_at: float = 0.0


def alert(severity: int, category: str, message: str, **evidence: Any) -> AlertRecord:
    return AlertRecord(
        id=new_id(),
        severity=int(severity),
        category=category,
        message=message,
        evidence=evidence,
        created_at=time.time(),
    )


def record_from_message(msg: Any) -> Any | None:
    """The ledger record for an ``ipc.messages.AgentMessage`` off a ring (None: not ledgered).

    Decisions are not taken from frames: the decision core puts its own
    DecisionOutcome (with evidence and utilities the wire body lacks).
    """
    from ipc.messages import ActionResult, Alert, ApprovedAction, Proposal, Transcript

    b = msg.body
    now = (msg.ts_ns / 1e9) if msg.ts_ns else time.time()
    if isinstance(b, Transcript):
        if not b.is_final:
            return None
        return TurnRecord(
            id=new_id(),
            call_id=msg.call_id,
            turn=b.turn,
            speaker="caller",
            text=b.text,
            confidence=b.confidence,
            created_at=now,
        )
    if isinstance(b, Proposal):
        return ProposalRecord(
            id=new_id(),
            call_id=msg.call_id,
            turn=b.turn,
            action=b.action,
            origin=b.origin or msg.source.name,
            intent=b.intent,
            confidence=b.confidence,
            args=plain(b.args) or {},
            reply=b.reply or None,
            created_at=now,
        )
    if isinstance(b, ApprovedAction):
        return ActionRecord(
            id=new_id(),
            decision_id=b.decision_id,
            call_id=msg.call_id,
            action=b.action,
            args=plain(b.args) or {},
            created_at=now,
        )
    if isinstance(b, ActionResult):
        return ResultRecord(
            id=new_id(),
            decision_id=b.decision_id,
            call_id=msg.call_id,
            action=b.action,
            ok=b.ok,
            result=plain(b.result) or {},
            error=b.error,
            created_at=now,
        )
    if isinstance(b, Alert):
        return AlertRecord(
            id=b.alert_id,
            severity=int(b.severity),
            category=b.category,
            message=b.message,
            evidence=b.evidence,
            call_id=msg.call_id or None,
            created_at=now,
        )
    return None
