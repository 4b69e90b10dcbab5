"""Fabric integrity: which events exist, how severe each is, and a per-link watch for senders and sequences.

Why per link: every directed link is one single-producer ring (fabric/topology.py),
so a link has exactly one legitimate sender and one strictly increasing sequence.
A frame from anyone else, a jump in the sequence, or a sequence seen twice is a
fact about that link alone. Link keys follow the topology's ``<src>-<dst>``
naming (``media-sentinel``, ``cli0-media``), so the allowed sender is read from
the key unless configured otherwise.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass

from ipc.messages import AgentId, Severity

# kind -> (severity, human description)
EVENT_KINDS: dict[str, tuple[Severity, str]] = {
    "checksum_failure": (Severity.HIGH, "a frame failed its checksum and was dropped"),
    "unknown_sender": (Severity.CRITICAL, "a frame came from a source not allowed on its link"),
    "sequence_gap": (Severity.MEDIUM, "frames are missing on a link (sequence gap)"),
    "sequence_duplicate": (Severity.LOW, "a frame's sequence number was seen before on its link"),
    "forged_approval": (
        Severity.CRITICAL,
        "an executor refused an approval whose token does not verify",
    ),
    "replayed_approval": (Severity.CRITICAL, "an executor refused an approval token used before"),
    "mismatched_approval": (
        Severity.CRITICAL,
        "an approval token is bound to another action, call, arguments or decision",
    ),
    "expired_approval": (Severity.MEDIUM, "an executor refused an approval whose token expired"),
    "missing_approval": (
        Severity.CRITICAL,
        "an executor received an action without an approval token",
    ),
    "oversized_frame": (Severity.MEDIUM, "a frame exceeded the link's maximum size"),
    "decode_error": (Severity.HIGH, "a frame's body could not be decoded"),
}

_KEY = re.compile(r"^([a-z]+)\d*-([a-z]+)\d*$")


def allowed_sender(link: str) -> AgentId:
    """The one source allowed on a link, from its key (``strike-command`` -> STRIKE)."""
    m = _KEY.match(link)
    if not m:
        raise ValueError(
            f"link key {link!r} is not of the form '<src>-<dst>' (see fabric/topology.py)"
        )
    try:
        return AgentId[m.group(1).upper()]
    except KeyError:
        raise ValueError(f"link key {link!r} names no known agent {m.group(1)!r}") from None


@dataclass(frozen=True, slots=True)
class LinkEvent:
    kind: str
    detail: dict


class LinkWatch:
    """Observes (link, source, seq) of every frame a process receives; reports anomalies.

    Not thread-safe: owned by the one thread that reads the process's rings.
    """

    def __init__(self, window_s: float = 10.0, checksum_burst: int = 5):
        self._last_seq: dict[str, int] = {}
        self._allowed: dict[str, AgentId] = {}
        self._checksum_times: dict[str, deque[float]] = {}
        self.window_s = window_s
        self.checksum_burst = checksum_burst

    def observe(self, link: str, source: AgentId | int, seq: int) -> list[LinkEvent]:
        allowed = self._allowed.get(link)
        if allowed is None:
            allowed = self._allowed[link] = allowed_sender(link)
        events: list[LinkEvent] = []
        src = AgentId(source) if int(source) in AgentId._value2member_map_ else int(source)
        if src != allowed:
            name = src.name if isinstance(src, AgentId) else str(src)
            events.append(
                LinkEvent("unknown_sender", {"link": link, "source": name, "allowed": allowed.name})
            )
            return events  # a stranger's sequence numbers say nothing about the link
        last = self._last_seq.get(link)
        if last is not None:
            if seq <= last:
                events.append(
                    LinkEvent("sequence_duplicate", {"link": link, "seq": seq, "last": last})
                )
                return events
            if seq > last + 1:
                events.append(
                    LinkEvent(
                        "sequence_gap",
                        {"link": link, "seq": seq, "last": last, "missing": seq - last - 1},
                    )
                )
        self._last_seq[link] = seq
        return events

    def checksum_failure(self, link: str, now: float) -> bool:
        """Count one failure; True when the link's failures within the window reach a burst."""
        q = self._checksum_times.setdefault(link, deque())
        q.append(now)
        while q and q[0] <= now - self.window_s:
            q.popleft()
        return len(q) >= self.checksum_burst
