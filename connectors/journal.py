"""The PMS worker's write journal: what it is about to do, and what came of it, on disk first.

Why a journal: a PMS write is a call to somebody else's system; a crash can fall
between the PMS committing it and us learning (or recording) that it did. The
worker therefore writes an ``open`` entry (fsynced) *before* the vendor call and a
``close`` entry with the result after it. An entry found open after a restart is a
write whose outcome is unknown: it is reconciled against the PMS
(connectors/reconcile.py: read back by idempotency key / external reference)
before anything is retried, and its result is sent on as if the call had returned.

Why the idempotency key comes from the content: the key is made from the call, the
turn, the action and its arguments (``idempotency_key``), never from the decision
id — a COMMAND that restarts re-decides the same proposal under a new decision id,
and that retry must land on the same key (and so on the first result), not book twice.

Why a local fsynced file and not PostgreSQL: the journal must work exactly when
things are broken — the ledger's PostgreSQL stopped, or a vendor PMS with no
database of ours at all — and one fsync of one line (~1 ms) is cheaper than a
round trip. It lives at ``<data_dir>/journal/<instance>.pms.jsonl``, outside the
per-run state folder a fresh ``sovren up`` clears, so an entry left open by a
killed supervisor is still reconciled by the next one.

Format: one JSON object per line. ``{"op": "open", "key", "decision_id", "call_id",
"turn", "action", "args", "seq", "ts"}``, ``{"op": "close", "key", "decision_id",
"result", "ts"}``, ``{"op": "alias", "key", "decision_id", "seq", "ts"}`` (another
decision answered from the same key). A torn last line is a write that never
reached the disk (its vendor call was never made); any other unreadable line is a
damaged journal, refused with its path and line number.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from config.errors import SovrenError

# Actions that change the PMS: journaled open-before / close-after, keyed by content.
WRITES = frozenset({"pms.create", "pms.modify", "pms.cancel"})


class JournalDamaged(SovrenError):
    """A journal line other than the last one cannot be read."""

    code = "journal_damaged"
    next_step = (
        "keep the file for inspection; check each reservation the damaged line may name in the "
        "PMS by hand, then move the journal aside and start the runtime again"
    )


def content_of(args: Any) -> dict[str, Any]:
    """A request's content: its arguments as JSON builtins (a typed Struct of ipc/payloads.py
    or a dict), without the payload tag, the idempotency key and the fields not given
    (None), so the typed arguments and the same request written as a dict are one content."""
    plain = msgspec.to_builtins(args) if isinstance(args, msgspec.Struct) else dict(args)
    return {
        k: v for k, v in plain.items() if k not in ("t", "idempotency_key") and v is not None
    }


def idempotency_key(call_id: str, turn: int, action: str, args: Any) -> str:
    """The same request in the same turn of the same call -> the same key, whoever decided it.

    32 hex digits (vendors limit key length); the caller-visible arguments only
    (``content_of``): an ``idempotency_key`` already in ``args`` is ignored.
    """
    content = content_of(args)
    blob = json.dumps(
        [call_id, int(turn), action, content], sort_keys=True, separators=(",", ":"), default=str
    )
    return "sov-" + hashlib.sha256(blob.encode()).hexdigest()[:28]


@dataclass
class Entry:
    key: str
    decision_id: str
    call_id: str
    turn: int
    action: str
    args: dict[str, Any]
    seq: int = 0  # the ring sequence number of the approval frame that opened it
    opened: float = 0.0
    result: dict[str, Any] | None = None  # None while open
    decisions: dict[str, int] = field(default_factory=dict)  # decision id -> frame seq

    @property
    def is_open(self) -> bool:
        return self.result is None


class WriteJournal:
    """Open/close entries by idempotency key, with a decision-id index (replay refusal)."""

    def __init__(self, path: Path, *, keep_days: float = 7.0):
        self.path = Path(path)
        self.entries: dict[str, Entry] = {}
        self.by_decision: dict[str, str] = {}
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if self.path.exists():
            self._load()
            self._compact(keep_days)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self._fh = os.fdopen(fd, "a")

    @classmethod
    def for_instance(cls, data_dir: Path, instance: str, *, keep_days: float = 7.0):
        return cls(Path(data_dir) / "journal" / f"{instance}.pms.jsonl", keep_days=keep_days)

    # -- reading -----------------------------------------------------------------
    def _load(self) -> None:
        raw = self.path.read_bytes()
        lines = raw.split(b"\n")
        torn_tail = not raw.endswith(b"\n")
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                self._apply(row)
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
                if torn_tail and n == len(lines):
                    break  # the write never reached the disk: its vendor call never ran
                raise JournalDamaged(
                    f"PMS write journal {self.path} is damaged at line {n} ({e})",
                    code="pms.journal_damaged",
                    next_step=(
                        f"inspect {self.path}: every open entry must be checked against the PMS "
                        "by hand (`sovren pms find`); then move the file aside and start again"
                    ),
                ) from None

    def _apply(self, row: dict[str, Any]) -> None:
        op, key = row["op"], row["key"]
        if op == "open":
            e = Entry(
                key=key,
                decision_id=row["decision_id"],
                call_id=row["call_id"],
                turn=int(row["turn"]),
                action=row["action"],
                args=dict(row["args"]),
                seq=int(row.get("seq", 0)),
                opened=float(row.get("ts", 0.0)),
            )
            e.decisions[e.decision_id] = e.seq
            self.entries[key] = e
            self.by_decision[e.decision_id] = key
        elif op == "close":
            e = self.entries[key]
            result = row["result"]
            if not isinstance(result, dict):
                raise ValueError("close without a result object")
            e.result = result
        elif op == "alias":
            e = self.entries[key]
            e.decisions[row["decision_id"]] = int(row.get("seq", 0))
            self.by_decision[row["decision_id"]] = key
        else:
            raise ValueError(f"unknown op {op!r}")

    def _compact(self, keep_days: float) -> None:
        """Rewrite without closed entries older than ``keep_days`` (atomically)."""
        horizon = time.time() - keep_days * 86400
        old = [k for k, e in self.entries.items() if not e.is_open and e.opened < horizon]
        if not old:
            return
        for k in old:
            e = self.entries.pop(k)
            for d in e.decisions:
                self.by_decision.pop(d, None)
        tmp = self.path.with_suffix(".tmp")
        with open(tmp, "w") as fh:
            for e in self.entries.values():
                for row in _rows_of(e):
                    fh.write(json.dumps(row, default=str) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)
        _fsync_dir(self.path.parent)

    # -- queries -----------------------------------------------------------------
    def for_decision(self, decision_id: str) -> Entry | None:
        key = self.by_decision.get(decision_id)
        return self.entries.get(key) if key else None

    def for_key(self, key: str) -> Entry | None:
        return self.entries.get(key)

    def open_entries(self) -> list[Entry]:
        return [e for e in self.entries.values() if e.is_open]

    # -- writing (each line fsynced before the method returns) -------------------
    def _write(self, row: dict[str, Any]) -> None:
        self._fh.write(json.dumps(row, default=str) + "\n")
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def open(
        self, key: str, decision_id: str, call_id: str, turn: int, action: str,
        args: dict[str, Any], seq: int = 0,
    ) -> Entry:  # fmt: skip
        row = {"op": "open", "key": key, "decision_id": decision_id, "call_id": call_id,
               "turn": turn, "action": action, "args": args, "seq": seq, "ts": time.time()}  # fmt: skip
        self._write(row)
        self._apply(row)
        return self.entries[key]

    def close(self, key: str, result: dict[str, Any]) -> None:
        e = self.entries[key]
        self._write(
            {
                "op": "close",
                "key": key,
                "decision_id": e.decision_id,
                "result": result,
                "ts": time.time(),
            }  # fmt: skip
        )
        e.result = result

    def alias(self, key: str, decision_id: str, seq: int = 0) -> None:
        """Another decision for the same request: answered from this entry, on record."""
        row = {"op": "alias", "key": key, "decision_id": decision_id, "seq": seq,
               "ts": time.time()}  # fmt: skip
        self._write(row)
        self._apply(row)

    def record(
        self, key: str, decision_id: str, call_id: str, turn: int, action: str,
        args: dict[str, Any], result: dict[str, Any], seq: int = 0,
    ) -> None:  # fmt: skip
        """A read (nothing to reconcile): opened and closed at once, for replay refusal."""
        self.open(key, decision_id, call_id, turn, action, args, seq)
        self.close(key, result)

    def close_file(self) -> None:
        self._fh.close()


def _rows_of(e: Entry) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {
            "op": "open",
            "key": e.key,
            "decision_id": e.decision_id,
            "call_id": e.call_id,
            "turn": e.turn,
            "action": e.action,
            "args": e.args,
            "seq": e.seq,
            "ts": e.opened,
        }  # fmt: skip
    ]
    for d, seq in e.decisions.items():
        if d != e.decision_id:
            rows.append({"op": "alias", "key": e.key, "decision_id": d, "seq": seq, "ts": e.opened})
    if e.result is not None:
        rows.append({"op": "close", "key": e.key, "decision_id": e.decision_id,
                     "result": e.result, "ts": e.opened})  # fmt: skip
    return rows


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
