"""SENTINEL's process: judges every caller turn, every outgoing sentence and the fabric itself.

Why it also reads ring counters: a frame that fails its checksum is dropped by
the ring's consumer, which may be any process; the counter in the ring's
control block is the one place every such drop shows, so SENTINEL polls the
counters (read-only) and turns increases into integrity findings.

Ownership: the only consumer of *-sentinel rings; the only writer of the alert
feed (ledger alerts table, NOTIFY, webhook, metrics).
"""

from __future__ import annotations

import logging
import time

from agents.sentinel.rules import Sentinel
from fabric import topology
from fabric.agent_base import Agent, main
from fabric.instance import InstanceFiles
from fabric.topology import Link
from ipc.control import CALL_ENDED, CallDone
from ipc.messages import AgentId, AgentMessage, Alert, CallControl, Evidence, Proposal, Transcript
from ledger.records import AlertRecord

log = logging.getLogger("sovren.sentinel")

# executor refusal category (approval.<TokenError subclass>) -> integrity event kind
REFUSAL_KIND = {
    "approval.ForgedToken": "forged_approval",
    "approval.ReplayedToken": "replayed_approval",
    "approval.MismatchedToken": "mismatched_approval",
    "approval.ExpiredToken": "expired_approval",
    "approval.MissingToken": "missing_approval",
}


class SentinelAgent(Agent):
    role = AgentId.SENTINEL
    tick_s = 0.05

    def __init__(self, boot, settings=None):
        super().__init__(boot, settings)
        self.sentinel = Sentinel(self.settings)
        from agents.sentinel.feed import AlertFeed
        from ledger.writer import LedgerWriter

        self.feed = AlertFeed(self.settings, boot.database_url)
        state_dir = InstanceFiles(self.settings.data_dir, self.instance).state_dir
        self.ledger = LedgerWriter(
            boot.database_url, state_dir / "spool-sentinel", run_migrations=False
        )
        self.handlers = {
            Transcript: self.on_transcript,
            Proposal: self.on_outgoing,
            Alert: self.on_alert,
            CallControl: self.on_control,
        }
        self._crc_seen: dict[str, int] = {}
        self._next_crc_poll = 0.0
        self._watched = None

    def _dispatch(self, link: Link, msg: AgentMessage) -> None:
        finding = self.sentinel.observe_frame(
            link.key, msg.source, msg.seq, call_id=msg.call_id or None
        )
        if finding is not None:
            self._publish(finding)
        super()._dispatch(link, msg)

    def _publish(self, assessment) -> None:
        for alert in assessment.alerts:
            self._announce(alert, assessment.call_id)

    def _announce(self, alert: Alert, call_id: str | None) -> None:
        """On record first (the ledger is the feed's memory), then announced live."""
        self.ledger.put(
            AlertRecord(
                id=alert.alert_id,
                severity=int(alert.severity),
                category=alert.category,
                message=alert.message,
                evidence=alert.evidence,
                call_id=call_id or None,
                created_at=time.time(),
            )
        )
        self.feed.publish(alert)

    def on_transcript(self, msg: AgentMessage, link: Link) -> None:
        t: Transcript = msg.body
        a = self.sentinel.inspect_transcript(msg.call_id, t.text)
        ev = a.evidence(turn=t.turn)
        ev.categories = sorted({f.category for f in a.findings})
        self.send(AgentId.COMMAND, msg.call_id, ev)
        self._publish(a)

    def on_outgoing(self, msg: AgentMessage, link: Link) -> None:
        p: Proposal = msg.body
        ctx = p.slots.get("context") if isinstance(p.slots, dict) else None
        a = self.sentinel.inspect_outgoing(msg.call_id, p.reply, ctx)
        ev = a.evidence(turn=p.turn)
        self.send(
            AgentId.COMMAND,
            msg.call_id,
            Evidence(
                source="sentinel_outgoing",
                value=ev.value,
                turn=ev.turn,
                severity=ev.severity,
                detail=ev.detail,
                veto=ev.veto,
            ),
        )
        self._publish(a)

    def on_alert(self, msg: AgentMessage, link: Link) -> None:
        alert: Alert = msg.body
        kind = REFUSAL_KIND.get(alert.category)
        if kind is None:
            self._announce(alert, msg.call_id)
            return
        self._publish(
            self.sentinel.integrity_event(kind, alert.evidence, call_id=msg.call_id or None)
        )

    def on_control(self, msg: AgentMessage, link: Link) -> None:
        if isinstance(msg.body.ctl, (*CALL_ENDED, CallDone)):
            self.sentinel.end_call(msg.call_id)

    def on_tick(self) -> None:
        now = time.monotonic()
        if now < self._next_crc_poll:
            return
        self._next_crc_poll = now + 0.5
        if self._watched is None:
            from ipc.errors import RingNotFound
            from ipc.ring import Ring

            self._watched = []
            for lk in topology.links():
                try:
                    ring = Ring.attach(lk.segment(self.instance), instance=self.instance)
                except RingNotFound as e:  # never blind to the rest because one is missing
                    log.error("SENTINEL cannot watch %s: %s", lk.key, e)
                    continue
                self._watched.append((lk.key, ring))
        for key, ring in self._watched:
            n = int(ring.stats().get("checksum_failures", 0))
            seen = self._crc_seen.get(key, 0)
            if n > seen:
                for _ in range(n - seen):
                    self._publish(self.sentinel.checksum_failure(key, {"count": n}))
            self._crc_seen[key] = n

    def on_stop(self) -> None:
        self.feed.close()
        self.ledger.close()


if __name__ == "__main__":
    raise SystemExit(main(SentinelAgent))
