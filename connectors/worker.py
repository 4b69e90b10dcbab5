"""The PMS worker: carries out approved PMS calls through the configured connector.

Why a process of its own: a vendor that hangs or a connector that crashes must
not stall the agents; the PMS worker is the only place that talks to the PMS,
and it refuses anything without a valid approval token.

Exactly once: each approved action carries a one-time decision id. The worker
remembers executed decision ids in a journal (append-only, fsync'd), so a
replayed approval — even after a restart, when the token signer's memory of
used tokens is gone — is refused and alerted instead of acting twice; and it passes the decision id to the connector as the
idempotency key, so even a crash between the vendor's commit and the journal
write cannot create a second reservation.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from pathlib import Path

from fabric.agent_base import Agent, main
from fabric.executor_guard import ExecutorGuard, refusal, report
from fabric.instance import InstanceFiles
from fabric.topology import Link
from ipc.messages import ActionResult, AgentId, AgentMessage, ApprovedAction, Severity

log = logging.getLogger("sovren.pms")


class Journal:
    """decision id -> result, persisted line by line."""

    def __init__(self, path: Path):
        self.path = path
        self.done: dict[str, dict] = {}
        if path.exists():
            for line in path.read_text().splitlines():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a torn last line from a crash: that action was not recorded
                self.done[row["decision_id"]] = row["result"]
        self._fh = open(path, "a")  # noqa: SIM115 - held for the process lifetime

    def record(self, decision_id: str, result: dict) -> None:
        self.done[decision_id] = result
        self._fh.write(json.dumps({"decision_id": decision_id, "result": result}) + "\n")
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def close(self) -> None:
        self._fh.close()


class PmsWorker(Agent):
    role = AgentId.PMS

    def __init__(self, boot, settings=None):
        super().__init__(boot, settings)
        self.guard = ExecutorGuard(boot.key_hex, self.settings.decision.token_ttl_s)
        files = InstanceFiles(self.settings.data_dir, self.instance)
        self.journal = Journal(files.state_dir / "pms-journal.jsonl")
        self.loop = asyncio.new_event_loop()
        self.connector = None
        self.handlers = {ApprovedAction: self.on_approved}
        self.health_file = files.state_dir / "pms-health.json"
        self._next_health = 0.0

    def on_tick(self) -> None:
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
        if a.decision_id in self.journal.done:
            # COMMAND never sends a decision twice and the ring drops re-deliveries,
            # so this is a replay: refuse loudly, act never, answer from the journal.
            said = f"approval for {a.action} (decision {a.decision_id}) was already carried out"
            report(self, msg.call_id, refusal(msg.call_id, a, "ReplayedToken", said))
            return
        if not self.guard.admit(self, msg.call_id, a):
            return
        from connectors.executor import execute

        args = dict(a.args)
        args.setdefault("idempotency_key", a.decision_id)
        out = self.loop.run_until_complete(execute(self.connector, a.action, args))
        ok = bool(out.get("ok"))
        res = {"ok": ok, "result": out.get("result", {}), "error": out.get("error")}
        self.journal.record(a.decision_id, res)
        self.send(
            AgentId.COMMAND,
            msg.call_id,
            ActionResult(
                decision_id=a.decision_id,
                action=a.action,
                ok=ok,
                result=res["result"],
                error=res["error"],
                turn=a.turn,
            ),
        )

    def on_stop(self) -> None:
        close = getattr(self.connector, "aclose", None)
        if close is not None:
            self.loop.run_until_complete(close())
        self.loop.close()
        self.journal.close()


if __name__ == "__main__":
    raise SystemExit(main(PmsWorker))
