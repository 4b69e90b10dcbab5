"""The media worker: the caller's side of every call, and the executor of speech.

Why it sits in the middle: everything the caller says enters the runtime here
(fanned out to STRIKE, INTEL, SENTINEL and COMMAND), and nothing reaches the
caller except through here — and only with a valid approval token. For text
calls the "speech" is the reply text relayed to the client; voice calls put
the same approved text through TTS (media/tts/).

Ownership: the only consumer of cli<N>-media and command-media, the only
producer of media-* rings.
"""

from __future__ import annotations

import json
import os
import uuid

from agents.base import Agent, main
from agents.executor_guard import ExecutorGuard
from ipc.messages import (
    ActionResult,
    AgentId,
    AgentMessage,
    Alert,
    ApprovedAction,
    CallControl,
    Severity,
    Transcript,
)
from runtime.instance import InstanceFiles
from runtime.topology import Link

FAN_OUT = (AgentId.SENTINEL, AgentId.STRIKE, AgentId.INTEL, AgentId.COMMAND)


class MediaWorker(Agent):
    role = AgentId.MEDIA

    def __init__(self, boot, settings=None):
        super().__init__(boot, settings)
        self.guard = ExecutorGuard(boot.key_hex, self.settings.decision.token_ttl_s)
        # Which client slot each call came from: persisted so a restarted media
        # worker still routes replies of calls that were under way.
        self._calls_file = (
            InstanceFiles(self.settings.data_dir, self.instance).state_dir / "media-calls.json"
        )
        saved = json.loads(self._calls_file.read_text()) if self._calls_file.exists() else {}
        self.slot_of: dict[str, int] = saved.get("slot_of", {})
        self.caller_of: dict[str, str | None] = saved.get("caller_of", {})
        self.handlers = {
            Transcript: self.on_transcript,
            CallControl: self.on_control,
            ApprovedAction: self.on_approved,
        }

    def on_control(self, msg: AgentMessage, link: Link) -> None:
        c: CallControl = msg.body
        if link.src == AgentId.CLI:
            if c.op == "start":
                self.slot_of[msg.call_id] = link.slot
                self.caller_of[msg.call_id] = c.caller_id
                self._save()
                self.send(AgentId.COMMAND, msg.call_id, c)
                self.send(AgentId.INTEL, msg.call_id, c)
            elif c.op in ("end", "hangup"):
                self.send(AgentId.COMMAND, msg.call_id, c)
            return
        # from COMMAND: turn and call summaries go back to the caller's client
        slot = self.slot_of.get(msg.call_id)
        if slot is not None:
            self.send(AgentId.CLI, msg.call_id, c, slot=slot)
        if c.op == "call_done":
            self.slot_of.pop(msg.call_id, None)
            self.caller_of.pop(msg.call_id, None)
            self._save()

    def _save(self) -> None:
        tmp = self._calls_file.with_suffix(".tmp")
        tmp.write_text(json.dumps({"slot_of": self.slot_of, "caller_of": self.caller_of}))
        os.replace(tmp, self._calls_file)

    def on_transcript(self, msg: AgentMessage, link: Link) -> None:
        t: Transcript = msg.body
        if msg.call_id not in self.slot_of and link.slot is not None:
            self.slot_of[msg.call_id] = link.slot
        if t.caller_id is None and self.caller_of.get(msg.call_id):
            t = Transcript(**{**_fields(t), "caller_id": self.caller_of[msg.call_id]})
        limit = self.settings.sentinel.max_transcript_chars
        if len(t.text) > limit:  # every agent sees the same cut text; the cut is on record
            self.alert(msg.call_id, Alert(
                alert_id=uuid.uuid4().hex, severity=Severity.MEDIUM, category="overlong_input",
                message=f"caller turn {t.turn} of {len(t.text)} characters cut to {limit}",
                evidence={"call_id": msg.call_id, "turn": t.turn, "chars": len(t.text)}))
            t = Transcript(**{**_fields(t), "text": t.text[:limit]})
        for target in FAN_OUT:
            self.send(target, msg.call_id, t)

    def on_approved(self, msg: AgentMessage, link: Link) -> None:
        a: ApprovedAction = msg.body
        refused = self.guard.check(msg.call_id, a)
        if refused is not None:
            result, alert = refused
            self.alert(msg.call_id, alert)
            self.send(AgentId.COMMAND, msg.call_id, result)
            return
        self.speak(msg.call_id, a)
        self.send(
            AgentId.COMMAND,
            msg.call_id,
            ActionResult(
                decision_id=a.decision_id,
                action=a.action,
                ok=True,
                result={"spoken": a.args.get("text", "")},
                turn=a.turn,
            ),
        )

    def speak(self, call_id: str, a: ApprovedAction) -> None:
        slot = self.slot_of.get(call_id)
        if slot is not None:
            self.send(
                AgentId.CLI,
                call_id,
                CallControl(op="say", detail={"text": a.args.get("text", ""), "action": a.action}),
                slot=slot,
            )


def _fields(s) -> dict:
    return {f: getattr(s, f) for f in s.__struct_fields__}


if __name__ == "__main__":
    raise SystemExit(main(MediaWorker))
