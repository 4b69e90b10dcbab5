"""The PMS worker: carries out approved PMS calls through the configured connector.

Why a process of its own: a vendor that hangs or a connector that crashes must
not stall the agents; the PMS worker is the only place that talks to the PMS,
and it refuses anything without a valid approval token.

Exactly once (connectors/exactly_once.py, docs/pms-connectors.md "Exactly once"):
every write is journaled (connectors/journal.py, fsynced, outside the per-run state
folder) before the PMS is called and closed after, under an idempotency key made from
the call, the turn and the content; an entry found open after a restart is read back
from the PMS before anything is retried, and its result is sent to COMMAND as if the
call had just returned. A replayed approval (a decision id already carried out, in
another frame) is refused and alerted; the same frame delivered again after a restart
(the rings deliver at least once) is answered from the journal.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time

from connectors.exactly_once import ExactlyOnce
from connectors.journal import WriteJournal
from fabric.agent_base import Agent, main
from fabric.executor_guard import ExecutorGuard, refusal, report
from fabric.instance import InstanceFiles
from fabric.topology import Link
from ipc.messages import ActionResult, AgentId, AgentMessage, ApprovedAction, Severity
from ipc.payloads import outcome_from_ledger

log = logging.getLogger("sovren.pms")


class PmsWorker(Agent):
    role = AgentId.PMS

    def __init__(self, boot, settings=None):
        super().__init__(boot, settings)
        self.guard = ExecutorGuard(boot.key_hex, self.settings.decision.token_ttl_s)
        files = InstanceFiles(self.settings.data_dir, self.instance)
        pms = self.settings.pms
        self.journal = WriteJournal.for_instance(
            self.settings.data_dir, self.instance, keep_days=pms.journal_keep_days
        )
        self.loop = asyncio.new_event_loop()
        self.once = ExactlyOnce(
            self.journal,
            self.loop.run_until_complete,
            hold_after_write_s=pms.hold_after_write_s,
            timeout_s=float(pms.action_timeout_s),
        )
        self._next_settle = 0.0
        self.connector = None
        self.handlers = {ApprovedAction: self.on_approved}
        self.health_file = files.state_dir / "pms-health.json"
        self._next_health = 0.0

    def on_tick(self) -> None:
        self._settle_open()
        self._publish_health()

    def _settle_open(self) -> None:
        """Writes left open by a crash: read back from the PMS, closed, their result sent on."""
        now = time.monotonic()
        if now < self._next_settle or self.connector is None or not self.journal.open_entries():
            return
        self._next_settle = now + 2.0  # a PMS that cannot answer yet is asked again
        for e in self.once.settle_open(self.connector):
            res = e.result or {}
            log.warning(
                "PMS write %s of a crashed worker reconciled: ok=%s", e.action, res.get("ok")
            )
            self.raise_alert(
                e.call_id,
                Severity.HIGH if res.get("ok") else Severity.MEDIUM,
                "pms.reconciled",
                f"{e.action} (decision {e.decision_id}) left open by a crash: "
                + ("the PMS shows it done" if res.get("ok") else "not carried out"),
                {"call_id": e.call_id, "decision_id": e.decision_id, "action": e.action,
                 "ok": bool(res.get("ok")), "error": res.get("error")},
            )  # fmt: skip
            self._answer(e.call_id, e.decision_id, e.action, e.turn, res)

    def _answer(self, call_id: str, decision_id: str, action: str, turn: int, res: dict) -> None:
        """Send a journaled result: ``res["result"]`` is the typed outcome's JSON (tag
        included); an untagged one (a journal line written before the outcomes were typed)
        is not guessed into a type: sent without a result, ``ok``/``error`` as recorded."""
        outcome = outcome_from_ledger(res.get("result"))
        self.send(
            AgentId.COMMAND,
            call_id,
            ActionResult(
                decision_id=decision_id,
                action=action,
                ok=bool(res.get("ok")),
                result=None if isinstance(outcome, dict) else outcome,
                error=res.get("error"),
                turn=turn,
            ),
        )

    def _publish_health(self) -> None:
        """Publish the connector's health for OPS (latency, error rate, breaker state)."""
        now = time.monotonic()
        if now < self._next_health or self.connector is None:
            return
        self._next_health = now + 2.0
        try:
            health = self.loop.run_until_complete(self.connector.health())
        except Exception as e:  # health of a sick PMS is itself a figure for OPS
            health = {"breaker_state": "unknown", "error": f"{type(e).__name__}: {e}"[:200]}
        tmp = self.health_file.with_suffix(".tmp")
        tmp.write_text(json.dumps({self.settings.pms.vendor: health}, default=str))
        os.replace(tmp, self.health_file)

    def on_start(self) -> None:
        from connectors.factory import build_connector

        self.connector = build_connector(self.settings, database_url=self.boot.database_url)
        try:
            self.loop.run_until_complete(self.connector.open())
        except Exception as e:
            # A PMS that is down must not take the runtime down: calls go on, every PMS
            # action fails with a clear error (the caller is told and offered a human),
            # and the connector retries on its next use.
            log.error("PMS %s unreachable at start: %s", self.settings.pms.vendor, e)
            self.raise_alert(
                "",
                Severity.HIGH,
                "pms_unreachable",
                f"PMS {self.settings.pms.vendor} unreachable at start: {type(e).__name__}",
                {"vendor": self.settings.pms.vendor},
            )

    def on_approved(self, msg: AgentMessage, link: Link) -> None:
        a: ApprovedAction = msg.body
        known = self.once.known(a.decision_id, msg.seq)
        if known is not None and known.kind == "open":
            # Delivered again after a crash in the middle of its write: settle it now.
            self._next_settle = 0.0
            self._settle_open()
            return
        if known is not None and known.kind == "redelivered":
            # The rings deliver at least once: the answer may never have left; send it again.
            self._answer(msg.call_id, a.decision_id, a.action, a.turn, known.entry.result or {})
            return
        if known is not None:
            # COMMAND never sends a decision twice: this is a replay. Refuse loudly, act never.
            said = f"approval for {a.action} (decision {a.decision_id}) was already carried out"
            report(self, msg.call_id, refusal(msg.call_id, a, "ReplayedToken", said))
            return
        if not self.guard.admit(self, msg.call_id, a):
            return
        res = self.once.carry_out(
            self.connector, msg.call_id, a.turn, a.decision_id, a.action, a.args, msg.seq
        )
        if res is None:  # the PMS did not say: settled (and answered) by _settle_open
            self._next_settle = time.monotonic() + 2.0
            return
        self._answer(msg.call_id, a.decision_id, a.action, a.turn, res)

    def on_stop(self) -> None:
        close = getattr(self.connector, "aclose", None)
        if close is not None:
            self.loop.run_until_complete(close())
        self.loop.close()
        self.journal.close_file()


if __name__ == "__main__":
    raise SystemExit(main(PmsWorker))
