"""OPS's view in one call: ``sample`` gathers figures into a Health body; ``evidence_for`` turns them into ``ops_health``.

Why per dependency: an action is only as healthy as the parts it needs. Speaking
needs the media worker (speech in and out) and the host; a PMS call needs the
PMS worker and its connector, COMMAND and the host. So a sick PMS connector
lowers confidence in ``pms.create`` but not in ``speak.answer``.

A dependency OPS was told nothing about (its process not in ``pids``, no
connector health given) is left out rather than guessed: the evidence reflects
only what was measured, and ``Health.detail`` says what was missing. The host
is always measured.

Not thread-safe: owned by the OPS process's sampling loop.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from agents.ops.connectors import connector_score
from agents.ops.gpu import GpuProbe
from agents.ops.procs import HostSampler, ProcessSampler
from agents.ops.rings import max_fill, rings_figures
from agents.ops.shedding import LoadShedAdvisor, ServiceSignals
from fabric.health import ACTION_DEPENDENCIES as ACTION_DEPENDENCIES  # re-exported
from fabric.health import dependencies_of as dependencies_of
from fabric.health import evidence_from_health as evidence_from_health
from ipc.messages import Evidence, Health

DEPENDENCIES = ("asr", "pms", "decision", "host")
# Which process role each dependency runs in (roles as in fabric/topology.py, lower case).
DEPENDENCY_ROLE = {"asr": "media", "pms": "pms", "decision": "command"}
# How low each host figure can pull the host score. A busy CPU makes answers slower, not
# wrong, so it weighs least; memory pressure risks a process being killed mid-action and
# nearly full rings mean frames wait or are refused, so they weigh more.
CPU_FLOOR = 0.7
MEM_FLOOR = 0.3
RING_FLOOR = 0.4
SHED_CAP = 0.7


def _ramp(value: float, ok: float, floor: float) -> float:
    """1 up to ``ok`` percent/fraction, then linearly down to ``floor`` at 100 % (1.0 for fractions)."""
    top = 100.0 if ok > 1 else 1.0
    if value <= ok:
        return 1.0
    return max(floor, 1.0 - (1.0 - floor) * (value - ok) / max(top - ok, 1e-9))


class OpsMonitor:
    def __init__(self, settings: Any, *, gpu: GpuProbe | None = None):
        self.cfg = getattr(settings, "ops", settings)
        self._host = HostSampler()
        self._procs = ProcessSampler()
        self._gpu = gpu or GpuProbe()
        self._shed = LoadShedAdvisor(self.cfg)
        self._host.sample()  # prime the CPU deltas
        self.scores: dict[str, float] = {}
        self.last: Health | None = None
        self.shed_reasons: tuple[str, ...] = ()

    def sample(
        self,
        pids: Mapping[str, int] | None = None,
        ring_stats: Mapping[str, Mapping[str, Any]] | None = None,
        connector_health: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        now: float | None = None,
        call_rings: set[str] | None = None,
        turn_p95_ms: float | None = None,
        decode_lag_ms: float | None = None,
    ) -> Health:
        """One sample. ``call_rings``: the rings that carry calls (None = every ring);
        only their fill counts for the host score and load shedding, since telemetry
        rings drop what nobody reads. ``turn_p95_ms``/``decode_lag_ms``: what callers
        feel (None = not measured), the other shedding signals."""
        now = time.monotonic() if now is None else now
        c = self.cfg
        host = self._host.sample()
        procs = self._procs.sample({str(k).lower(): v for k, v in (pids or {}).items()})
        rings = rings_figures(ring_stats)
        counted = {k: v for k, v in rings.items() if call_rings is None or k in call_rings}
        fill = max_fill(counted)
        fullest = max(counted, key=lambda k: counted[k].get("fill", 0.0), default="")
        notes: list[str] = []

        connectors: dict[str, Any] = {}
        conn_scores: list[float] = []
        for vendor, h in (connector_health or {}).items():
            try:
                s, why = connector_score(h, c)
            except ValueError as e:
                connectors[vendor] = {"error": str(e)}
                notes.append(f"connector {vendor}: {e}")
                continue
            connectors[vendor] = {**dict(h), "score": s}
            conn_scores.append(s)
            if why:
                notes.append(f"connector {vendor}: {why}")

        advice = self._shed.update(
            now,
            ServiceSignals(
                turn_p95_ms=turn_p95_ms,
                decode_lag_ms=decode_lag_ms,
                ring_fill=fill,
                fullest_ring=fullest,
            ),
        )
        host_score = min(
            _ramp(host["cpu_percent"] or 0.0, c.cpu_high_percent, CPU_FLOOR),
            _ramp(host["mem_percent"], c.mem_high_percent, MEM_FLOOR),
            _ramp(fill, c.ring_low_fill, RING_FLOOR),
        )
        self.shed_reasons = advice.reasons
        if advice.shed:
            host_score = min(host_score, SHED_CAP)
            notes.extend(advice.reasons)

        scores: dict[str, float] = {"host": host_score}
        for dep, role in DEPENDENCY_ROLE.items():
            p = procs.get(role)
            s = None if p is None else self._process_score(role, p, notes)
            if dep == "pms" and conn_scores:
                s = min(conn_scores) if s is None else min(s, min(conn_scores))
            if s is None:
                notes.append(f"{dep}: not measured")
            else:
                scores[dep] = s
        for name, r in rings.items():
            if "error" in r:
                notes.append(f"ring {name}: {r['error']}")

        self.scores = scores
        self.last = Health(
            score=min(scores.values()),
            cpu_percent=host["cpu_percent"] or 0.0,
            mem_percent=host["mem_percent"],
            gpu=self._gpu.sample(),
            processes=procs,
            rings=rings,
            connectors=connectors,
            shed_load=advice.shed,
            detail="; ".join(notes),
            scores=scores,
        )
        return self.last

    def _process_score(self, role: str, p: Mapping[str, Any], notes: list[str]) -> float:
        if not p.get("alive"):
            notes.append(f"{role}: down ({p.get('error', p.get('status', 'not alive'))})")
            return 0.0
        if p.get("error"):
            notes.append(f"{role}: {p['error']}")
            return 0.8
        if self.cfg.max_rss_bytes and p.get("rss_bytes", 0) > self.cfg.max_rss_bytes:
            notes.append(f"{role}: RSS {p['rss_bytes'] >> 20} MiB over the limit")
            return 0.5
        return 1.0

    def evidence_for(self, action_kind: str) -> float:
        """``ops_health`` for an action: the weakest measured dependency it needs (1 = healthy)."""
        if self.last is None:
            raise RuntimeError(
                "OpsMonitor.evidence_for called before the first sample(); sample first"
            )
        deps = dependencies_of(action_kind)
        return min(self.scores[d] for d in deps if d in self.scores)

    def evidence(self, action_kind: str, turn: int = 0) -> Evidence:
        value = self.evidence_for(action_kind)
        weak = [d for d in dependencies_of(action_kind) if self.scores.get(d, 1.0) < 1.0]
        return Evidence(
            source="ops_health",
            value=value,
            turn=turn,
            detail=", ".join(f"{d} {self.scores[d]:.2f}" for d in weak),
        )

    def close(self) -> None:
        self._gpu.close()
