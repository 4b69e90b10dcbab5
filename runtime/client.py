"""A caller's side of the fabric: what ``sovren call`` and the demo use to place calls.

Why client slots: rings are single-producer, so each connected client needs its
own pair of rings to the media worker. The supervisor creates
``topology.CLIENT_SLOTS`` pairs; a client claims one with an flock that the
kernel releases if the client dies, so a crashed ``sovren call`` never holds a
slot forever.
"""

from __future__ import annotations

import fcntl
import os
import time
import uuid
from typing import Any

from config.errors import SovrenError
from fabric import topology
from fabric.instance import InstanceFiles
from ipc.control import CONTROL_OPS, CallEnd, CallStart, ControlOp
from ipc.messages import AgentId, AgentMessage, CallControl, Transcript


class ClientError(SovrenError, RuntimeError):
    code = "client"
    next_step = (
        "start a runtime with `sovren up` (or `sovren demo`), or wait for a client slot to free up"
    )


class CallClient:
    """One connection to a running runtime; many calls may run through it at once."""

    def __init__(self, settings, *, slot_wait_s: float = 10.0):
        from ipc.ring import Ring

        self.settings = settings
        files = InstanceFiles(settings.data_dir, settings.instance)
        if not files.is_live():
            raise ClientError(
                f"no runtime named {settings.instance!r} is running under {settings.data_dir}. "
                f"Start one with `sovren up` (or run `sovren demo`)."
            )
        self._fd, self.slot = self._claim_slot(files, slot_wait_s)
        out = topology.Link(AgentId.CLI, AgentId.MEDIA, slot=self.slot)
        inb = topology.Link(AgentId.MEDIA, AgentId.CLI, slot=self.slot)
        self.tx = Ring.attach(out.segment(settings.instance))
        self.rx = Ring.attach(inb.segment(settings.instance))
        self.rx.recv_many(10_000)  # whatever a dead predecessor left unread is not ours
        self._inbox: list[tuple[float, AgentMessage]] = []  # (monotonic arrival, frame)
        self.arrived_at = 0.0  # when the frame the last wait_for returned arrived

    @staticmethod
    def _claim_slot(files: InstanceFiles, wait_s: float) -> tuple[int, int]:
        deadline = time.monotonic() + wait_s
        while True:
            for slot in range(topology.CLIENT_SLOTS):
                path = files.state_dir / f"client{slot}.lock"
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return fd, slot
                except BlockingIOError:
                    os.close(fd)
            if time.monotonic() > deadline:
                raise ClientError(
                    f"all {topology.CLIENT_SLOTS} client slots of {files.instance!r} are busy; "
                    "wait for another `sovren call` to finish"
                )
            time.sleep(0.1)

    def _send(self, call_id: str, body) -> None:
        msg = AgentMessage(
            source=AgentId.CLI, target=AgentId.MEDIA, call_id=call_id, seq=0, body=body
        )
        self.tx.send(msg, timeout=5.0)

    def start_call(
        self, caller_id: str | None = None, call_id: str | None = None, detail: dict | None = None
    ) -> str:
        """``detail``: {"audio": True, "realtime": bool} opens an audio call (runtime/voice_call.py)."""
        call_id = call_id or uuid.uuid4().hex
        d = detail or {}
        start = CallStart(
            caller_id=caller_id, audio=bool(d.get("audio")), realtime=bool(d.get("realtime", True))
        )
        self._send(call_id, CallControl(start))
        return call_id

    def send_turn(
        self,
        call_id: str,
        turn: int,
        text: str,
        *,
        lang: str = "en",
        confidence: float = 1.0,
        caller_id: str | None = None,
    ) -> None:
        self._send(
            call_id,
            Transcript(text=text, turn=turn, confidence=confidence, lang=lang, caller_id=caller_id),
        )

    def wait_for(
        self,
        call_id: str,
        op: str,
        timeout: float,
        also: str | None = None,
        *,
        turn: int | None = None,
    ) -> CallControl:
        """Wait for a control frame (``op``, or ``also``) of one call; others are kept for later.

        ``turn``: only a frame of that turn (``detail["turn"]``) answers; one of an earlier
        turn is dropped. Why: the rings deliver at least once, so a COMMAND killed just after
        it answered a turn may answer that turn again after its restart.
        """
        deadline = time.monotonic() + timeout
        ops = {op, also}
        while True:
            got = self._take(call_id, ops, turn)
            if got is not None:
                return got
            left = deadline - time.monotonic()
            if left <= 0:
                raise ClientError(
                    f"no {op!r} for call {call_id[:8]} within {timeout:.0f}s; "
                    "see `sovren status` and the agent logs under the data directory"
                )
            msgs = self.rx.recv_many(256, timeout=min(left, 0.2))
            now = time.monotonic()
            self._inbox.extend((now, m) for m in msgs)

    def _take(self, call_id: str, ops: set, turn: int | None) -> CallControl | None:
        """The first held frame that answers; earlier turns' answers sent again are dropped."""
        keep = []
        found = None
        for t, m in self._inbox:
            if (
                found is None
                and m.call_id == call_id
                and isinstance(m.body, CallControl)
                and (m.body.op in ops)
            ):
                said = m.body.detail.get("turn") if isinstance(m.body.detail, dict) else None
                if turn is not None and isinstance(said, int) and said < turn:
                    continue  # an earlier turn's answer, sent again after a restart: not this one
                found = m.body
                self.arrived_at = t
                continue
            keep.append((t, m))
        self._inbox[:] = keep
        return found

    def keep(self, msg: AgentMessage, arrived: float) -> None:
        """Hold a frame a caller-side loop read but does not handle, for a later ``wait_for``."""
        self._inbox.append((arrived, msg))

    def forget(self, call_id: str) -> None:
        """Drop the held frames of a finished call (late replies nobody will wait for)."""
        self._inbox[:] = [(t, m) for t, m in self._inbox if m.call_id != call_id]

    def pump(self, wait: float = 0.0) -> int:
        """Take what has arrived into the inbox (stamped with its arrival time)."""
        msgs = self.rx.recv_many(1024, timeout=wait)
        now = time.monotonic()
        self._inbox.extend((now, m) for m in msgs)
        return len(msgs)

    def turn(
        self, call_id: str, turn: int, text: str, *, timeout: float = 30.0, **kw
    ) -> dict[str, Any]:
        self.send_turn(call_id, turn, text, **kw)
        got = self.wait_for(call_id, "turn_done", timeout, also="error", turn=turn)
        if got.op == "error":  # the runtime could not take the turn: said at once, not a timeout
            raise ClientError(
                f"turn {turn} of call {call_id[:8]} failed: {got.detail.get('error', '?')}"
            )
        return dict(got.detail)

    def send_control(self, call_id: str, ctl: ControlOp) -> None:
        """A control frame for a call another client placed (the console ends or takes over
        calls: ``CallEnd(by="console", reason="taken_over")``): its answers go to that
        client, so nothing is waited for here. ``ctl`` is a typed operation (ipc/control.py)."""
        if not isinstance(ctl, CONTROL_OPS):
            raise TypeError(
                f"send_control takes a typed operation of ipc/control.py (CallEnd(...), ...), "
                f"not {type(ctl).__name__}"
            )
        self._send(call_id, CallControl(ctl))

    def end_call(self, call_id: str, timeout: float = 10.0) -> dict[str, Any]:
        self._send(call_id, CallControl(CallEnd()))
        return dict(self.wait_for(call_id, "call_done", timeout).detail)

    def close(self) -> None:
        self.tx.close()
        self.rx.close()
        os.close(self._fd)

    def __enter__(self) -> CallClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
