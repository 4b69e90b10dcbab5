"""The common life of every agent process: attach, loop, dispatch, beat, drain, exit.

Why one base: every role reads its inbound rings through one doorbell, sends
with per-link sequence numbers, drops duplicates by sequence number after a
restart, beats its heartbeat into its stats block, and mirrors frames to the
tap ring while ``sovren tail`` asks for it. Roles only write handlers.

Ownership: this process is the only producer of each outbound ring of its role
and the only consumer of each inbound ring of its role (fabric/topology.py).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import msgspec
import posix_ipc

from config import Settings
from config.environment import environment
from config.settings import settings_from_dump
from fabric import topology
from fabric.agent_stats import AgentStats, F, State, segment_name
from ipc.messages import AgentId, AgentMessage, Alert, Body, Heartbeat, Severity

log = logging.getLogger("sovren.agent")


@dataclass
class Bootstrap:
    """What the supervisor hands a process on stdin (never on the command line or disk)."""

    instance: str
    role: str
    key_hex: str = ""
    database_url: str = ""
    # The supervisor's whole configuration, so every process runs with exactly the
    # settings the supervisor was given (site file, environment and overrides alike).
    settings: dict[str, Any] = field(default_factory=dict)
    # The site file those settings came from ("" = the demo hotel), for reports only:
    # the settings above are complete, nothing is read from the file again.
    config_file: str = ""

    @classmethod
    def read(cls, stream=None) -> Bootstrap:
        data = json.loads((stream or sys.stdin).readline())
        return cls(**data)

    def dumps(self) -> str:
        return json.dumps(self.__dict__) + "\n"


class Agent:
    """Subclasses set ``role`` and fill ``handlers`` (body type -> method).

    Inbound frames are consumed at least once (ipc.ring.Ring.manual_commit): a frame is
    released to its producer only after its handler returned, so a process killed in the
    middle of a handler gets the frame again when it is restarted. A frame seen again
    whose sequence number this process already handled is skipped (``_handled``).

    Roles that keep durable state (``checkpoints = True``, e.g. COMMAND's call-state
    snapshot) release frames only after ``checkpoint()`` wrote that state, and carry the
    per-ring sequence numbers inside it (``handled_seqs`` / ``restore_handled``), so a
    restart neither loses a frame the snapshot does not include nor handles twice one
    it does.
    """

    role: AgentId
    tick_s: float = 0.05
    checkpoints: bool = False

    def __init__(self, boot: Bootstrap, settings: Settings | None = None):
        from ipc.doorbell import Doorbell, Inbox
        from ipc.ring import Ring

        self.boot = boot
        self.settings = settings or settings_from_dump(boot.settings, boot.config_file)
        self.instance = boot.instance
        self.stats = AgentStats(segment_name(self.instance, self.role.name))
        inst = self.instance
        self.inbound: dict[str, tuple[topology.Link, Ring]] = {}
        for lk in topology.inbound(self.role):
            ring = Ring.attach(lk.segment(inst), instance=inst)
            self.inbound[ring.name] = (lk, ring)
        self.outbound: dict[tuple[AgentId, int | None], Ring] = {
            (lk.dst, lk.slot): Ring.attach(lk.segment(inst), instance=inst)
            for lk in topology.outbound(self.role)
            if lk != topology.tap(self.role)
        }
        self.tap = Ring.attach(topology.tap(self.role).segment(inst), instance=inst)
        self.doorbell = Doorbell.open(topology.doorbell_name(inst, self.role))
        for _, ring in self.inbound.values():
            ring.manual_commit()
        self._handled: dict[str, int] = {}  # ring name -> last sequence number handled
        self.redelivered = 0  # frames seen again after a restart and skipped
        self.inbox = Inbox([r for _, r in self.inbound.values()], self.doorbell)
        self.handlers: dict[type, Callable[[AgentMessage, topology.Link], None]] = {}
        self._stop = False
        self._lat = deque(maxlen=512)
        self._handled_window = deque(maxlen=64)
        self._next_beat = 0.0
        self._stalled: set[str] = set()  # links that stayed full (see ``send``)

    # -- sending -------------------------------------------------------------
    def send(self, target: AgentId, call_id: str, body: Body, *, slot: int | None = None) -> bool:
        """Send on the link to ``target``; True when the frame is in the ring.

        A full ring never crashes the sender (fabric/topology.py, ``Link.on_full``):
        a telemetry link drops and counts; a link that carries calls waits up to
        ``fabric.send_timeout_s`` (beating the heartbeat meanwhile: waiting on a dead
        peer is not being hung), then counts the frame as undelivered and hands it to
        ``on_undeliverable`` so the role can fail that call politely. A link that
        stayed full fails at once until it drained below half, so a dead consumer
        costs one timeout, not one per frame.
        """
        # seq 0: the ring numbers the frame from its own control block, so numbering
        # survives a restart of this process and the consumer drops re-deliveries.
        from ipc.errors import RingFull

        msg = AgentMessage(source=self.role, target=target, call_id=call_id, seq=0, body=body)
        ring = self.outbound[(target, slot)]
        if ring.policy == "drop":
            return ring.send(msg, timeout=0)
        timeout = self.settings.fabric.send_timeout_s
        if ring.name in self._stalled:
            if ring.pending_bytes > ring.capacity // 2:
                timeout = 0
            else:
                self._stalled.discard(ring.name)
        try:
            return ring.send(msg, timeout=timeout, on_wait=self.stats.beat)
        except RingFull as e:
            self._stalled.add(ring.name)
            self.stats[F.UNDELIVERED] = self.stats[F.UNDELIVERED] + 1
            log.error(
                "%s: %s; a %s was not delivered to %s",
                self.role.name,
                e,
                type(body).__name__,
                target.name,
            )
            self.on_undeliverable(target, call_id, body)
            return False

    def on_undeliverable(self, target: AgentId, call_id: str, body: Body) -> None:
        """A frame of a call could not be delivered (its consumer is not reading).

        Roles override this to fail the call politely (COMMAND offers the caller a
        colleague at once instead of letting them wait for a result that cannot come).
        """

    def mirror(self, msg: AgentMessage) -> None:
        """Copy a received frame to the tap ring for ``sovren tail`` (drops when full).

        The copy is renumbered (seq 0): the tap interleaves frames of several links,
        and the ring's duplicate filter would drop any whose link numbering lags.
        """
        self.tap.send(msgspec.structs.replace(msg, seq=0), timeout=0)

    def raise_alert(
        self,
        call_id: str,
        severity: Severity,
        category: str,
        message: str,
        evidence: dict[str, Any],
    ) -> None:
        """A new alert (its id made here), sent like ``alert``."""
        self.alert(
            call_id,
            Alert(
                alert_id=uuid.uuid4().hex,
                severity=severity,
                category=category,
                message=message,
                evidence=evidence,
            ),
        )

    def alert(self, call_id: str, alert: Alert) -> None:
        """Integrity findings go to SENTINEL, which owns the alert feed."""
        if (AgentId.SENTINEL, None) in self.outbound:
            self.send(AgentId.SENTINEL, call_id, alert)
        else:
            log.warning("alert %s: %s", alert.category, alert.message)

    # -- hooks ---------------------------------------------------------------
    def on_start(self) -> None:
        """Load models, open connections (before the first frame)."""

    def on_tick(self) -> None:
        """Deadlines and periodic work; called at least every ``tick_s``."""

    def on_stop(self) -> None:
        """Flush and close (after the inbound rings are drained)."""

    def load_figures(self) -> None:
        """Write this role's load figures into its stats block (each heartbeat).

        COMMAND writes its turn latency, MEDIA its decode queue lag (fabric/agent_stats.py);
        OPS reads them for load shedding.
        """

    def heartbeat_body(self) -> Heartbeat:
        return Heartbeat(
            pid=os.getpid(),
            uptime_s=(time.time_ns() - self.stats[F.STARTED_NS]) / 1e9,
            handled=self.stats[F.HANDLED],
        )

    # -- loop ----------------------------------------------------------------
    def guarded(self, what: str, fn: Callable[..., Any], *args: Any) -> tuple[bool, Any]:
        """Run one unit of work so that its exception is counted and logged, never fatal.

        Every handler runs through here (``_dispatch``), and so does any batch an agent
        handles itself (STRIKE): one bad frame must cost its own answer, not the process.
        Returns (True, result), or (False, None) after an exception.
        """
        try:
            return True, fn(*args)
        except Exception:
            self.stats[F.ERRORS] = self.stats[F.ERRORS] + 1
            log.exception("%s: %s failed", self.role.name, what)
            return False, None

    def _dispatch(self, link: topology.Link, msg: AgentMessage) -> None:
        if self.stats.tapping():
            self.mirror(msg)
        t0 = time.perf_counter_ns()
        handler = self.handlers.get(type(msg.body))
        if handler is None:
            log.debug(
                "%s: no handler for %s from %s", self.role.name, type(msg.body).__name__, link.key
            )
            return
        self.guarded(f"handler for {type(msg.body).__name__}", handler, msg, link)
        self._lat.append((time.perf_counter_ns() - t0) // 1000)
        self.stats[F.HANDLED] = self.stats[F.HANDLED] + 1

    def _handle(self, got: list) -> int:
        for ring_name, msg in got:
            link, ring = self.inbound[ring_name]
            if msg.seq and msg.seq <= self._handled.get(ring_name, 0):
                self.redelivered += 1  # handled before a restart, released after it
            else:
                self._dispatch(link, msg)
                if msg.seq:
                    self._handled[ring_name] = msg.seq
            if not self.checkpoints:
                ring.commit_through(msg.seq)
        return len(got)

    # -- durable progress ----------------------------------------------------
    def checkpoint(self) -> None:
        """Roles with ``checkpoints = True`` write their state here (frames are released after)."""

    def handled_seqs(self) -> dict[str, int]:
        """Per inbound ring, the last sequence number handled (to store in a checkpoint)."""
        return dict(self._handled)

    def restore_handled(self, seqs: dict[str, int]) -> None:
        """From a checkpoint: frames up to these numbers are in the restored state already."""
        for name, seq in seqs.items():
            if name in self.inbound:
                self._handled[name] = max(self._handled.get(name, 0), int(seq))

    def _commit(self) -> None:
        if self.checkpoints:
            self.checkpoint()
            for _, ring in self.inbound.values():
                if ring.uncommitted:
                    ring.commit()

    def _beat(self) -> None:
        now = time.monotonic()
        if now < self._next_beat:
            return
        self._next_beat = now + self.settings.agents.heartbeat_s
        self.stats.beat()
        self.load_figures()
        if self._lat:
            s = sorted(self._lat)
            self.stats[F.LAT_P50_US] = s[len(s) // 2]
            self.stats[F.LAT_P99_US] = s[min(len(s) - 1, int(len(s) * 0.99))]
        self._handled_window.append((now, self.stats[F.HANDLED]))
        (t0, h0), (t1, h1) = self._handled_window[0], self._handled_window[-1]
        if t1 > t0:
            self.stats[F.FRAMES_PER_S] = int((h1 - h0) / (t1 - t0))
        with open("/proc/self/statm") as fh:  # current (not peak) resident set
            self.stats[F.RSS_BYTES] = int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        sup = self.outbound.get((AgentId.SUPERVISOR, None))
        if sup is not None:  # a telemetry link: drops (and counts) when full
            sup.send(
                AgentMessage(
                    source=self.role,
                    target=AgentId.SUPERVISOR,
                    call_id="",
                    seq=0,
                    body=self.heartbeat_body(),
                ),
                timeout=0,
            )

    def run(self) -> int:
        signal.signal(signal.SIGTERM, lambda *_: setattr(self, "_stop", True))
        signal.signal(signal.SIGINT, lambda *_: setattr(self, "_stop", True))
        self.stats[F.STATE] = State.STARTING
        self.stats[F.PID] = os.getpid()
        self.on_start()
        self.stats.mark_started()
        supervisor = os.getppid()
        while not self._stop:
            try:
                got = self.inbox.poll(self.tick_s)
            except posix_ipc.SignalError:  # SIGTERM while asleep on the doorbell
                continue
            self._handle(got)
            self.on_tick()
            self._commit()
            self._beat()
            if os.getppid() != supervisor:
                # The supervisor died without stopping us (SIGKILL, OOM): nobody owns the
                # segments any more and a new supervisor will start its own processes, so an
                # orphan must not linger holding models and rings. Finish what we hold, exit.
                log.error("%s: supervisor %d is gone; stopping", self.role.name, supervisor)
                self._stop = True
        self.stats[F.STATE] = State.STOPPING
        while self._handle(self.inbox.poll(0)):  # drain what was already published to us
            pass
        self.on_stop()
        self._commit()
        self.stats[F.STATE] = State.DOWN
        return 0


def main(agent_cls: type[Agent]) -> int:
    logging.basicConfig(
        level=environment().log_level,
        format=f"%(asctime)s {agent_cls.role.name} %(levelname)s %(message)s",
    )
    boot = Bootstrap.read()
    return agent_cls(boot).run()
