"""OPS's process: samples the host, the processes, the rings and the PMS connector.

Why it reads rather than asks: every figure OPS needs already sits somewhere
readable without disturbing its owner — process ids and liveness in the
agents' stats blocks, ring occupancy in the rings' control blocks, connector
health in the file the PMS worker rewrites every few seconds — so a sick
process cannot make OPS sick too.
"""

from __future__ import annotations

import json
import time

from fabric import topology
from fabric.agent_base import Agent, main
from fabric.agent_stats import AgentStats, F, segment_name
from fabric.instance import InstanceFiles
from ipc.messages import AgentId, Severity

SAMPLE_S = 1.0


class OpsAgent(Agent):
    role = AgentId.OPS
    tick_s = 0.2

    def on_start(self) -> None:
        from agents.ops.monitor import OpsMonitor
        from agents.ops.ring_alerts import RingFillAlarm
        from ipc.ring import Ring

        self.monitor = OpsMonitor(self.settings)
        c = self.settings.ops
        self.alarm = RingFillAlarm(c.ring_high_fill, c.ring_low_fill)
        self.on_full = {lk.key: lk.on_full for lk in topology.links()}
        self.call_rings = {k for k, v in self.on_full.items() if v == "fail"}
        self.shedding = False
        inst = self.instance
        self.blocks = {r.name: AgentStats(segment_name(inst, r.name)) for r in topology.ROLES}
        self.rings = {
            lk.key: Ring.attach(lk.segment(inst), instance=inst) for lk in topology.links()
        }
        self.health_file = InstanceFiles(self.settings.data_dir, inst).state_dir / "pms-health.json"
        self._next = 0.0

    def _connector_health(self) -> dict:
        try:
            return json.loads(self.health_file.read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return {}

    def on_tick(self) -> None:
        now = time.monotonic()
        if now < self._next:
            return
        self._next = now + SAMPLE_S
        pids = {name: b[F.PID] for name, b in self.blocks.items() if b[F.PID]}
        rings = {key: r.stats() for key, r in self.rings.items()}
        turn = self.blocks[AgentId.COMMAND.name][F.TURN_P95_MS]
        lag = self.blocks[AgentId.MEDIA.name][F.DECODE_LAG_MS]
        health = self.monitor.sample(
            pids,
            rings,
            self._connector_health(),
            call_rings=self.call_rings,
            turn_p95_ms=turn if turn > 0 else None,
            decode_lag_ms=lag if lag >= 0 and self.blocks[AgentId.MEDIA.name][F.PID] else None,
        )
        self.send(AgentId.COMMAND, "", health)
        for alert in self.alarm.update(health.rings, self.on_full):
            self.send(AgentId.SENTINEL, "", alert)
        if health.shed_load != self.shedding:
            self.shedding = health.shed_load
            self._shedding_alert(health)

    def _shedding_alert(self, health) -> None:
        """Shedding switched on or off: on record and in the feed, not only in the stats."""
        on = health.shed_load
        reasons = list(self.monitor.shed_reasons)
        self.raise_alert(
            "",
            Severity.HIGH if on else Severity.INFO,
            "load.shedding" if on else "load.recovered",
            (
                "OPS advises shedding load: new calls are sent away (" + "; ".join(reasons) + ")"
                if on
                else "OPS no longer advises shedding load: new calls are answered again"
            ),
            {"reasons": reasons, "shed_new_calls": self.settings.agents.shed_new_calls},
        )

    def on_stop(self) -> None:
        for b in self.blocks.values():
            b.close()
        for r in self.rings.values():
            r.close()


if __name__ == "__main__":
    raise SystemExit(main(OpsAgent))
