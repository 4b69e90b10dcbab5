"""A user agent's pair of rings to the media worker: what `sovren call --wav` uses, on a SIP slot.

Why the same frames as the command-line client: the media worker, COMMAND and the
agents already handle a voice call from a client slot (CallControl start with
``audio``, AudioChunk 20 ms frames in, AudioChunk replies and CallControl notices
out), so a phone call is simply one more client of the voice path. UA process ``i``
owns slot ``topology.sip_slot(i)`` (reserved for it, never claimed by a CLI client).
"""

from __future__ import annotations

from fabric import topology
from ipc.control import CONTROL_OPS, CallStart, ControlOp
from ipc.messages import AgentId, AgentMessage, AudioChunk, CallControl


class RuntimeLink:
    def __init__(self, instance: str, index: int, send_timeout_s: float = 2.0):
        from ipc.ring import Ring

        self.slot = topology.sip_slot(index)
        out = topology.Link(AgentId.CLI, AgentId.MEDIA, slot=self.slot)
        inb = topology.Link(AgentId.MEDIA, AgentId.CLI, slot=self.slot)
        self.tx = Ring.attach(out.segment(instance), instance=instance)
        self.rx = Ring.attach(inb.segment(instance), instance=instance)
        self.rx.recv_many(100_000)  # what a dead predecessor left unread is not ours
        self.send_timeout_s = send_timeout_s

    def _send(self, call_id: str, body) -> None:
        msg = AgentMessage(AgentId.CLI, AgentId.MEDIA, call_id, 0, body)
        self.tx.send(msg, timeout=self.send_timeout_s)

    def start(self, call_id: str, start: CallStart) -> None:
        self._send(call_id, CallControl(start))

    def control(self, call_id: str, ctl: ControlOp) -> None:
        """One typed call-control operation (ipc/control.py: Hangup, Greet, Dtmf, ...)."""
        if not isinstance(ctl, CONTROL_OPS):
            raise TypeError(f"a typed operation of ipc/control.py, not {type(ctl).__name__}")
        self._send(call_id, CallControl(ctl))

    def audio(self, call_id: str, pcm: bytes, end: bool = False) -> None:
        self._send(call_id, AudioChunk(pcm=pcm, end=end))

    def receive(self, limit: int = 512) -> list[AgentMessage]:
        return self.rx.recv_many(limit)

    def close(self) -> None:
        self.tx.close()
        self.rx.close()
