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
from ipc.messages import AgentId

SAMPLE_S = 1.0


class OpsAgent(Agent):
    role = AgentId.OPS
    tick_s = 0.2

    def on_start(self) -> None:
        from agents.ops.monitor import OpsMonitor
        from ipc.ring import Ring

        self.monitor = OpsMonitor(self.settings)
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
        health = self.monitor.sample(pids, rings, self._connector_health())
        self.send(AgentId.COMMAND, "", health)

    def on_stop(self) -> None:
        for b in self.blocks.values():
            b.close()
        for r in self.rings.values():
            r.close()


if __name__ == "__main__":
    raise SystemExit(main(OpsAgent))
