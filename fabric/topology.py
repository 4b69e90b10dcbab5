"""Who talks to whom: every directed link of one runtime instance, and its policy.

Why a fixed table: each directed link is its own single-producer/single-consumer
ring, so ownership is explicit — the producer named first is the only writer,
the consumer named second the only reader, and no ring ever needs a lock. The
supervisor creates exactly these rings; each process attaches to its own.

What a producer does when its consumer is not reading (``Link.on_full``, the
ring's policy at create): links that carry telemetry — heartbeats to the
supervisor, frame taps for ``sovren tail``, replies to a ``sovren call`` client
(which may have gone away), OPS's health samples (the next one replaces it) —
**drop** and count what nobody reads, so a reader that goes away never blocks
anyone. Links that carry calls **fail**: the send waits up to
``fabric.send_timeout_s`` (beating the heartbeat meanwhile) and then the sender
fails that call politely (``Agent.on_undeliverable``), never crashes; a link that
stayed full fails at once until it drained below half (fabric/agent_base.py).
A ring that fills raises an alert naming it (OPS, ``agents/ops/ring_alerts.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ipc.messages import AgentId as A

# Processes the supervisor starts (in start order: executors and guards first).
ROLES: tuple[A, ...] = (A.PMS, A.SENTINEL, A.OPS, A.STRIKE, A.INTEL, A.COMMAND, A.MEDIA)

# How many `sovren call` clients may be connected at once (each claims a slot).
CLIENT_SLOTS = 4
# Slots after those belong to the SIP user-agent processes (media/sip/): UA process i
# talks to the media worker on client slot CLIENT_SLOTS + i, exactly as `sovren call`
# does on its own slot. Reserved, so a UA never waits for a CLI client to leave.
SIP_SLOTS = 4


def sip_slot(index: int) -> int:
    """The client slot of SIP user-agent process ``index`` (0-based)."""
    if not 0 <= index < SIP_SLOTS:
        raise ValueError(f"SIP user-agent index {index} outside 0..{SIP_SLOTS - 1}")
    return CLIENT_SLOTS + index


@dataclass(frozen=True)
class Link:
    src: A
    dst: A
    telemetry: bool = False
    slot: int | None = None  # client slot for CLI links

    @property
    def on_full(self) -> str:
        """'drop' (telemetry: drop and count) or 'fail' (calls: time out, fail the call)."""
        if self.telemetry or self.dst == A.CLI or (self.src, self.dst) in _LATEST_WINS:
            return "drop"
        return "fail"

    @property
    def ring_policy(self) -> str:
        """The ring's back-pressure policy (ipc/ring.py) for ``on_full``."""
        return "drop" if self.on_full == "drop" else "block"

    @property
    def key(self) -> str:
        s = f"{self.src.name}{'' if self.slot is None or self.src != A.CLI else self.slot}"
        d = f"{self.dst.name}{'' if self.slot is None or self.dst != A.CLI else self.slot}"
        return f"{s}-{d}".lower()

    def segment(self, instance: str) -> str:
        """The POSIX shared-memory name: ``/<instance>.<src>-<dst>``."""
        return f"/{instance}.{self.key}"


_DATA_LINKS = [
    # caller's words fan out from the media worker
    (A.MEDIA, A.STRIKE),
    (A.MEDIA, A.INTEL),
    (A.MEDIA, A.SENTINEL),
    (A.MEDIA, A.COMMAND),
    # proposals, evidence and health converge on COMMAND
    (A.STRIKE, A.COMMAND),
    (A.INTEL, A.COMMAND),
    (A.SENTINEL, A.COMMAND),
    (A.OPS, A.COMMAND),
    (A.PMS, A.COMMAND),
    # COMMAND's approved actions, results forwarded to INTEL, outgoing speech to SENTINEL
    (A.COMMAND, A.MEDIA),
    (A.COMMAND, A.PMS),
    (A.COMMAND, A.INTEL),
    (A.COMMAND, A.SENTINEL),
    # executors report refused approvals (integrity events) to SENTINEL (the media
    # worker's link to SENTINEL is the one above: one ring carries both)
    (A.PMS, A.SENTINEL),
    # OPS's alerts (a ring that fills, load shedding switched on or off) for the feed
    (A.OPS, A.SENTINEL),
]

# Data links whose frames a newer one replaces: dropped, not waited for, when full.
_LATEST_WINS = {(A.OPS, A.COMMAND)}


def links() -> list[Link]:
    out = [Link(s, d) for s, d in _DATA_LINKS]
    out += [Link(r, A.SUPERVISOR, telemetry=True) for r in ROLES]
    out += [Link(A.SUPERVISOR, r) for r in ROLES]
    out += [tap(r) for r in ROLES]
    for slot in range(CLIENT_SLOTS + SIP_SLOTS):
        out.append(Link(A.CLI, A.MEDIA, slot=slot))
        out.append(Link(A.MEDIA, A.CLI, slot=slot))
    return out


def inbound(role: A) -> list[Link]:
    return [lk for lk in links() if lk.dst == role]


def outbound(role: A) -> list[Link]:
    return [lk for lk in links() if lk.src == role]


def tap(role: A) -> Link:
    """The link that mirrors a role's received frames to ``sovren tail`` when enabled."""
    return Link(role, A.CLI, telemetry=True, slot=None)


def doorbell_name(instance: str, role: A) -> str:
    from ipc.names import bell_name

    return bell_name(instance, role)
