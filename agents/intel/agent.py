"""INTEL's process: one dialogue per call, slot filling, and the PMS reads behind it.

Why snapshots: a dialogue is the memory of a call (what the caller asked for,
what we offered, whether they proved who they are); a restarted INTEL must
resume each call where it was, so every dialogue that changed is written
(atomically) after each batch of frames.
"""

from __future__ import annotations

import os
from typing import Any

import msgspec

from agents.intel.dialogue import Dialogue
from fabric.agent_base import Agent, main
from fabric.instance import InstanceFiles
from fabric.topology import Link
from ipc.control import CALL_ENDED, BargeIn, CallStart
from ipc.messages import ActionResult, AgentId, AgentMessage, CallControl, Decision, Transcript

_VERDICTS = (Decision, ActionResult)
_HANDLED = "__handled__"  # the snapshot's entry for the per-ring sequence numbers (not a call id)


class IntelAgent(Agent):
    role = AgentId.INTEL
    checkpoints = True  # frames are released once the dialogues' snapshot includes them

    def __init__(self, boot, settings=None):
        super().__init__(boot, settings)
        self.dialogues: dict[str, Dialogue] = {}
        self.callers: dict[str, str | None] = {}
        self.keypads: dict[str, bool] = {}  # the call's line has a keypad (CallStart.channel)
        self._path = InstanceFiles(self.settings.data_dir, self.instance).state_dir / "intel.state"
        self._dirty = False
        self.handlers = {
            Transcript: self.on_transcript,
            ActionResult: self.on_result,
            Decision: self.on_decision,
            CallControl: self.on_control,
        }

    def on_start(self) -> None:
        from agents.understanding.factory import make_backend

        self.backend = make_backend(self.settings)
        if self._path.exists():
            saved = msgspec.msgpack.decode(self._path.read_bytes(), type=dict[str, Any])
            self.restore_handled(saved.pop(_HANDLED, None) or {})
            for call_id, blob in saved.items():
                self.dialogues[call_id] = Dialogue.restore(
                    self.settings, blob, backend=self.backend
                )

    def _today(self):
        return self.settings.hotel.today()

    def _dialogue(self, call_id: str, caller_id: str | None = None) -> Dialogue:
        d = self.dialogues.get(call_id)
        if d is None:
            d = Dialogue(
                self.settings,
                today=self._today(),
                caller_id=caller_id or self.callers.get(call_id),
                backend=self.backend,
                keypad=self.keypads.get(call_id, False),
            )
            self.dialogues[call_id] = d
        return d

    def on_control(self, msg: AgentMessage, link: Link) -> None:
        c = msg.body.ctl
        if isinstance(c, CallStart):
            self.callers[msg.call_id] = c.caller_id
            self.keypads[msg.call_id] = c.channel == "sip"  # a phone; console and CLI have none
        elif isinstance(c, BargeIn) and c.dropped_chars and msg.call_id in self.dialogues:
            # The caller cut the reply short: a question they never heard ("Shall I book
            # it?") must not be answered by their next "yes". Ask again next turn.
            d = self.dialogues[msg.call_id]
            d.state.heard = False  # nor an offer of a colleague they did not hear out
            if d.state.pending is not None and d.state.pending.stage == "confirm":
                d.state.pending = None
            self._dirty = True
        elif isinstance(c, CALL_ENDED):
            self.dialogues.pop(msg.call_id, None)
            self.callers.pop(msg.call_id, None)
            self.keypads.pop(msg.call_id, None)
            self._dirty = True

    def on_transcript(self, msg: AgentMessage, link: Link) -> None:
        t: Transcript = msg.body
        d = self._dialogue(msg.call_id, t.caller_id)
        self._propose(msg.call_id, d, d.on_transcript(t))

    def _propose(self, call_id: str, d: Dialogue, p) -> None:
        """Evidence first, then the proposal it supports (one ring, so in that order)."""
        self._dirty = True
        if p is None:
            return
        p.outcome = d.state.outcome or ""
        for ev in d.evidence():
            self.send(AgentId.COMMAND, call_id, ev)
        self.send(AgentId.COMMAND, call_id, p)

    def on_result(self, msg: AgentMessage, link: Link) -> None:
        d = self.dialogues.get(msg.call_id)
        if d is None:
            return
        self._propose(msg.call_id, d, d.on_result(msg.body))

    def _handle(self, got: list) -> int:
        # A caller's next turn is caused by our reply, and the decision that let the reply be
        # spoken was published before it: handle decisions and results before transcripts of
        # the same batch, so a yes is never read before the verdict on what it answers.
        verdicts_first = sorted(got, key=lambda rm: not isinstance(rm[1].body, _VERDICTS))
        return super()._handle(verdicts_first)

    def on_decision(self, msg: AgentMessage, link: Link) -> None:
        decision: Decision = msg.body
        d = self.dialogues.get(msg.call_id)
        if d is not None:
            d.on_decision(decision)
            self._dirty = True

    def checkpoint(self) -> None:
        """The dialogues and, per inbound ring, the last frame they include (atomic)."""
        if self._dirty:
            state: dict[str, Any] = {k: d.dump() for k, d in self.dialogues.items()}
            state[_HANDLED] = self.handled_seqs()
            blob = msgspec.msgpack.encode(state)
            tmp = self._path.with_suffix(".tmp")
            tmp.write_bytes(blob)
            os.replace(tmp, self._path)
            self._dirty = False

    def on_stop(self) -> None:
        self.checkpoint()


if __name__ == "__main__":
    raise SystemExit(main(IntelAgent))
