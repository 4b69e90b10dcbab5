"""What COMMAND puts on record, translated into the ledger's record types.

Why a translator: the coordinator stays free of storage concerns (it calls
``record(kind, row)``); this module maps each kind to a ledger.records
Struct and hands it to the LedgerWriter, which never blocks and spools while
the database is away. Decisions and learned outcomes reach the ledger through
the decision core's own sink, so they are not repeated here.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

from ipc.payloads import plain
from ledger.ids import new_id
from ledger.records import (
    ActionRecord,
    AlertRecord,
    CallbackRecord,
    CallEnd,
    CallRecord,
    ProposalRecord,
    ResultRecord,
    TurnRecord,
)
from ledger.writer import LedgerWriter

_NS = uuid.UUID("5a0e7c1e-6b1d-4c53-9d0a-2f1f3c4b5d6e")


def natural_id(*parts: Any) -> str:
    """The same record made twice gets the same id (the ledger stores it once).

    Why: a COMMAND killed after recording a turn and before its snapshot handles that
    turn's frames again after its restart; records named by what they are (call, turn,
    speaker; decision and kind) rather than by a fresh random id are not doubled.
    """
    return str(uuid.uuid5(_NS, "|".join(str(p) for p in parts)))


class LedgerRecorder:
    def __init__(self, writer: LedgerWriter, hotel_id: str):
        self.writer = writer
        self.hotel_id = hotel_id

    @classmethod
    def open(cls, url: str, spool_dir: Path, hotel_id: str, settings) -> LedgerRecorder:
        st = settings.storage
        writer = LedgerWriter(
            url,
            spool_dir,
            batch_size=st.batch_size,
            flush_interval_s=st.flush_interval_s,
            spool_fsync=st.spool_fsync,
            run_migrations=False,
        )
        return cls(writer, hotel_id)

    def record(self, kind: str, row: dict[str, Any]) -> None:
        now = time.time()
        put = self.writer.put
        call_id = row.get("call_id", "")
        if kind == "call":
            put(
                CallRecord(
                    id=call_id,
                    hotel_id=self.hotel_id,
                    caller_phone=row.get("caller_id"),
                    started_at=now,
                    created_at=now,
                )
            )
        elif kind == "call_end":
            put(
                CallEnd(
                    id=natural_id(call_id, "call_end"),
                    call_id=call_id,
                    ended_at=now,
                    end_reason=row.get("outcome", ""),
                    created_at=now,
                )
            )
        elif kind == "proposal":
            for origin in ("strike", "intel"):
                p = row.get(origin)
                if p:
                    put(
                        ProposalRecord(
                            id=natural_id(
                                call_id, "proposal", row.get("turn", 0), origin, p["action"]
                            ),  # fmt: skip
                            call_id=call_id,
                            turn=row.get("turn", 0),
                            action=p["action"],
                            origin=origin.upper(),
                            intent=p.get("intent", ""),
                            confidence=p.get("confidence", 0.0),
                            args=p.get("args") or {},
                            reply=p.get("reply") or None,
                            created_at=now,
                        )
                    )
        elif kind == "action":
            put(
                ActionRecord(
                    id=natural_id(row["decision_id"], "action"),
                    decision_id=row["decision_id"],
                    call_id=call_id,
                    action=row["action"],
                    args=plain(row.get("args")) or {},  # the typed args, tag included
                    created_at=now,
                )
            )
        elif kind == "result":
            r = row["result"]
            put(
                ResultRecord(
                    # the content too: one decision may have several results (the media
                    # worker's "spoken", then the SIP REFER's fate); the same one handled
                    # again after a restart is stored once
                    id=natural_id(
                        r["decision_id"], "result", json.dumps(r, sort_keys=True, default=str)
                    ),
                    decision_id=r["decision_id"],
                    call_id=call_id,
                    action=r["action"],
                    ok=r["ok"],
                    result=r.get("result") or {},
                    error=r.get("error"),
                    created_at=now,
                )
            )
        elif kind == "turn":
            turn = row.get("turn", 0)
            put(
                TurnRecord(
                    id=natural_id(call_id, "turn", turn, "caller"),
                    call_id=call_id,
                    turn=turn,
                    speaker="caller",
                    text=row.get("caller", ""),
                    lang=row.get("lang"),
                    created_at=now,
                )
            )
            put(
                TurnRecord(
                    # the words too: the phone line may say more in one turn (a failed
                    # transfer's apology after "putting you through")
                    id=natural_id(call_id, "turn", turn, "agent", row.get("reply", "")),
                    call_id=call_id,
                    turn=turn,
                    speaker="agent",
                    text=row.get("reply", ""),
                    lang=row.get("lang"),
                    created_at=now,
                )
            )
        elif kind == "turn_update":  # a write's late result, told to the caller
            put(
                TurnRecord(
                    id=natural_id(call_id, "turn_update", row.get("turn", 0), row.get("reply")),
                    call_id=call_id,
                    turn=row.get("turn", 0),
                    speaker="agent",
                    text=f"[late] {row.get('reply', '')}",
                    created_at=now,
                )
            )
        elif kind == "heard":  # barge-in: the reply as far as the caller heard it
            put(
                TurnRecord(
                    id=new_id(),
                    call_id=call_id,
                    turn=row.get("turn", 0),
                    speaker="agent",
                    text=f"[heard only] {row.get('heard', '')}",
                    created_at=now,
                )
            )
        elif kind == "alert":
            # COMMAND's own alerts (SENTINEL unavailable): on record at once, under the id
            # SENTINEL will announce the same alert with once it is back (a duplicate id is
            # ignored), so the record does not wait for the process that is missing.
            a = row["alert"]
            put(
                AlertRecord(
                    id=a.alert_id,
                    severity=int(a.severity),
                    category=a.category,
                    message=a.message,
                    evidence=a.evidence,
                    call_id=call_id or None,
                    created_at=now,
                )
            )
        elif kind == "callback":  # a call the front desk must return (docs/telephony.md)
            put(
                CallbackRecord(
                    id=new_id(),
                    call_id=call_id,
                    hotel_id=self.hotel_id,
                    reason=row.get("reason", ""),
                    summary=row.get("summary"),
                    created_at=now,
                )
            )
        # "line": the phone line's events (DTMF) stay in the SIP user agent's event feed
        # "decision": recorded by the decision core's sink (with evidence and utilities)

    def close(self) -> None:
        self.writer.close()
