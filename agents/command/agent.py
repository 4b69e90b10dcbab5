"""COMMAND's process: rings in, the Coordinator's decisions out, everything on record.

Why snapshots: a COMMAND killed mid-call must come back knowing every call's
state, so the coordinator's state is written (atomically, tmp + rename) after
each batch of frames that changed it, and read back at start. The snapshot also
holds, per inbound ring, the last frame whose effect it includes; frames are
released to their producers only after the snapshot is written (Agent.checkpoint),
so a COMMAND killed at any point gets again exactly the frames it had not yet
made durable, and skips those it had.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from pathlib import Path

import msgspec

from agents.command.coordinator import Coordinator
from agents.command.records import LedgerRecorder
from fabric.agent_base import Agent, main
from fabric.agent_stats import F
from fabric.instance import InstanceFiles
from fabric.topology import Link
from ipc.messages import (
    ActionResult,
    AgentId,
    AgentMessage,
    CallControl,
    Evidence,
    Health,
    Proposal,
    Transcript,
)

log = logging.getLogger("sovren.command")


class CommandAgent(Agent):
    role = AgentId.COMMAND
    tick_s = 0.02
    checkpoints = True  # frames are released only once the snapshot holds their effect

    def __init__(self, boot, settings=None):
        super().__init__(boot, settings)
        from bayes.core import DecisionCore
        from fabric.tokens import TokenSigner

        ttl = self.settings.decision.token_ttl_s
        self.signer = TokenSigner(bytes.fromhex(boot.key_hex), ttl_s=ttl)
        state_dir = InstanceFiles(self.settings.data_dir, self.instance).state_dir
        hotel_id = self.settings.hotel.hotel_id
        self.recorder = LedgerRecorder.open(
            boot.database_url, state_dir / "spool-command", hotel_id, self.settings
        )
        from bayes.priors_snapshot import PriorSnapshot

        # Learned priors from the ledger, else from the local snapshot, else the seeds: a
        # COMMAND restarted while PostgreSQL is down starts and answers calls (its records
        # go to the spool and are replayed once the database is back).
        self.prior_snapshot = PriorSnapshot(
            Path(self.settings.data_dir) / "priors" / f"{self.settings.hotel.hotel_id}.json"
        )
        self.core = DecisionCore.from_settings(
            self.settings,
            database_url=boot.database_url,
            sink=self.recorder.writer.put,
            snapshot=self.prior_snapshot,
        )
        if self.core.priors_source != "ledger":
            log.warning(
                "COMMAND: the ledger is unreachable; priors from %s", self.core.priors_source
            )
        self._priors_saved = self.core.priors.learned()
        self._next_priors_save = 0.0
        self.coord = Coordinator(
            self.core,
            self.signer.issue,
            record=self.recorder.record,
            hotel_id=hotel_id,
            shed_new_calls=self.settings.agents.shed_new_calls,
            can_transfer=bool(self.settings.hotel.reception.transfer_uri),
            turn_budget_s=self.settings.agents.turn_budget_s,
        )
        self.snapshot_path = state_dir / "command.state"
        if self.snapshot_path.exists():
            try:
                blob = msgspec.msgpack.decode(self.snapshot_path.read_bytes(), type=dict)
                self.coord.restore(blob["coord"])
                self.restore_handled(blob.get("handled", {}))
            except Exception as e:  # an unreadable snapshot must not keep COMMAND down
                log.error("COMMAND: call state snapshot unreadable (%s); starting without it", e)
        self._dirty = False
        # turn latency as the caller feels it: (call, turn) -> when the words arrived
        self._turn_started: dict[tuple[str, int], float] = {}
        self._turn_ms: deque[tuple[float, float]] = deque(maxlen=4096)
        for t in (Transcript, Proposal, Evidence, ActionResult, CallControl, Health):
            self.handlers[t] = self.on_body

    def on_body(self, msg: AgentMessage, link: Link) -> None:
        if isinstance(msg.body, Transcript):
            self._turn_started.setdefault((msg.call_id, msg.body.turn), time.monotonic())
        self._emit(self.coord.on_message(msg.source, msg.call_id, msg.body))
        if not isinstance(msg.body, Health):
            self._dirty = True

    def on_tick(self) -> None:
        outs = self.coord.on_tick()
        if outs:
            self._dirty = True
        self._emit(outs)
        self._save_priors()

    def _save_priors(self) -> None:
        """Keep the local prior snapshot current (at most every 5 s; only when changed)."""
        now = time.monotonic()
        if now < self._next_priors_save:
            return
        self._next_priors_save = now + 5.0
        learned = self.core.priors.learned()
        if learned != self._priors_saved:
            self.prior_snapshot.save(self.core.priors)
            self._priors_saved = learned

    def checkpoint(self) -> None:
        """The calls' state and, per inbound ring, the last frame it includes (atomic)."""
        if not self._dirty:
            return
        blob = msgspec.msgpack.encode(
            {"coord": self.coord.snapshot(), "handled": self.handled_seqs()}
        )
        tmp = self.snapshot_path.with_suffix(".tmp")
        tmp.write_bytes(blob)
        os.replace(tmp, self.snapshot_path)
        self._dirty = False

    def on_undeliverable(self, target: AgentId, call_id: str, body) -> None:
        """A call's frame could not be delivered: the coordinator fails that call politely."""
        self._emit(self.coord.on_undeliverable(target, call_id, body))

    def _emit(self, outs) -> None:
        for o in outs:
            if isinstance(o.body, CallControl) and o.body.op == "turn_done":
                self._turn_done(o.call_id, o.body.detail.get("turn"))
            self.send(o.target, o.call_id, o.body)

    def _turn_done(self, call_id: str, turn) -> None:
        t0 = self._turn_started.pop((call_id, turn), None)
        if t0 is not None:
            now = time.monotonic()
            self._turn_ms.append((now, (now - t0) * 1000.0))

    def load_figures(self) -> None:
        """p95 of recent turns' latency (caller's words -> end of turn) for OPS's shedding."""
        now = time.monotonic()
        window = self.settings.ops.turn_latency_window_s
        while self._turn_ms and now - self._turn_ms[0][0] > window:
            self._turn_ms.popleft()
        for key, t0 in list(self._turn_started.items()):  # calls that went away mid-turn
            if now - t0 > 10 * window:
                del self._turn_started[key]
        ms = sorted(v for _, v in self._turn_ms)
        if len(ms) < self.settings.ops.turn_latency_min_turns:
            self.stats[F.TURN_P95_MS] = -1  # too few turns to speak of a load
            return
        self.stats[F.TURN_P95_MS] = int(ms[min(len(ms) - 1, int(len(ms) * 0.95))])

    def on_stop(self) -> None:
        self.on_tick()
        self.checkpoint()
        self._next_priors_save = 0.0
        self._save_priors()
        self.recorder.close()


if __name__ == "__main__":
    raise SystemExit(main(CommandAgent))
