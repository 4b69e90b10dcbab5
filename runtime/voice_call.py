"""Calls by voice from the client side: ``sovren call --wav``, the voice demo and ``bench.voice``.

Why the client measures: "end of the caller's words -> first sound of the
answer" is what a caller experiences, so it is timed where the caller sits.
Audio goes out in 20 ms frames (paced at the speed of speech with
``realtime``); everything the media worker sends back is collected as it
arrives, stamped with its arrival time.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from config.errors import SovrenError
from ipc.messages import AudioChunk, CallControl
from media.audio.pcm import SAMPLE_RATE
from runtime.calls import turn_actions

FRAME = SAMPLE_RATE // 50  # 20 ms


class VoiceCallError(SovrenError, RuntimeError):
    code = "voice_call"
    next_step = (
        "pass a non-empty caller WAV (and --realtime to talk over replies); `sovren call --help`"
    )


@dataclass
class VoiceTurn:
    turn: int
    transcript: str = ""
    confidence: float = 0.0
    lang: str = ""
    speech_end_s: float = 0.0  # where the caller's words ended, in the call's audio
    summary: dict[str, Any] = field(default_factory=dict)
    reply_audio: list[bytes] = field(default_factory=list)
    first_audio_at: float | None = None  # monotonic arrival of the first reply frame
    last_audio_at: float | None = None  # monotonic arrival of the last reply frame
    heard: str | None = None  # set when the caller barged in
    transcript_at: float | None = None  # monotonic arrival of the final transcript
    decode_s: float | None = None  # the worker's whisper decode at the end-point
    summary_at: float | None = None  # monotonic arrival of the turn's summary
    barge_in: dict[str, Any] | None = None  # the media worker's notice, when interrupted


class VoiceCallSession:
    """The client side of one audio call, fed frame by frame.

    Why a class: ``sovren call --wav`` feeds a whole file, the console's "talk to
    the agent" page feeds a browser microphone as it arrives; both send the same
    frames and read the same answers through this one implementation.
    ``on_event(kind, turn, detail)`` (optional) sees every answer as it is read:
    kinds ``transcript``, ``audio`` (detail: the PCM bytes), ``reply_end``,
    ``turn_done``, ``barge_in``, ``error``.
    """

    def __init__(self, client, *, realtime: bool, caller_id: str | None = None, on_event=None):
        self.client = client
        self.realtime = realtime
        self.caller_id = caller_id
        self.on_event = on_event
        self.call_id = ""
        self.turns: dict[int, VoiceTurn] = {}
        self.audio_done: int | None = None
        self.replies_ended: set[int] = set()
        self.errors: list[dict[str, Any]] = []
        self.sent = 0  # chunks sent (20 ms each from the file feeder)
        self.t0 = 0.0

    def open(self, setup_timeout_s: float = 300.0) -> str:
        """Start the call and wait until the media worker listens (model loading at the
        first audio call is set-up, not conversation time)."""
        self.call_id = self.client.start_call(
            self.caller_id, detail={"audio": True, "realtime": self.realtime}
        )
        ready = self.client.wait_for(
            self.call_id, "audio_ready", timeout=setup_timeout_s, also="error"
        )
        if ready.op == "error":
            raise VoiceCallError(
                f"the media worker cannot take the call: {ready.detail.get('error')}"
            )
        self.t0 = time.monotonic()
        return self.call_id

    def _emit(self, kind: str, turn: int, detail: Any) -> None:
        if self.on_event is not None:
            self.on_event(kind, turn, detail)

    def collect(self, wait: float) -> None:
        """Read what the runtime sent back (waiting at most ``wait`` seconds)."""
        client, turns = self.client, self.turns
        for m in client.rx.recv_many(512, timeout=wait):
            now = time.monotonic()
            if m.call_id != self.call_id:
                client.keep(m, now)
                continue
            b = m.body
            if isinstance(b, AudioChunk):
                vt = turns.setdefault(b.turn, VoiceTurn(b.turn))
                if b.pcm:
                    vt.reply_audio.append(b.pcm)
                    vt.last_audio_at = now
                    if vt.first_audio_at is None:
                        vt.first_audio_at = now
                    self._emit("audio", b.turn, b.pcm)
                if b.end:
                    self.replies_ended.add(b.turn)
                    self._emit("reply_end", b.turn, {})
            elif isinstance(b, CallControl):
                d = b.detail
                if b.op == "transcript":
                    vt = turns.setdefault(d["turn"], VoiceTurn(d["turn"]))
                    vt.transcript, vt.confidence = d["text"], d["confidence"]
                    vt.lang, vt.speech_end_s = d["lang"], d["speech_end_s"]
                    vt.transcript_at, vt.decode_s = now, d.get("decode_s")
                    self._emit("transcript", vt.turn, dict(d))
                elif b.op == "turn_done":
                    vt = turns.setdefault(d["turn"], VoiceTurn(d["turn"]))
                    vt.summary, vt.summary_at = dict(d), now
                    self._emit("turn_done", vt.turn, dict(d))
                elif b.op == "barge_in":
                    last = d.get("turn") or (max(turns) if turns else 0)
                    if last:
                        vt = turns.setdefault(last, VoiceTurn(last))
                        vt.heard, vt.barge_in = d.get("heard", ""), dict(d)
                        self._emit("barge_in", last, dict(d))
                elif b.op == "audio_done":
                    self.audio_done = d.get("turns", 0)
                elif b.op == "error":
                    self.errors.append(d)
                    self._emit("error", 0, dict(d))
                else:
                    client.keep(m, now)

    def send(self, chunk: bytes) -> None:
        """One chunk of the caller's audio (16 kHz mono s16le)."""
        self.client.tx.send(_frame(self.call_id, chunk), timeout=10)
        self.sent += 1

    def finish(self, timeout_s: float = 180.0) -> dict[str, Any]:
        """The caller has said everything: wait for every turn's complete answer, end the
        call, return its record."""
        self.client.tx.send(_frame(self.call_id, b"", end=True), timeout=10)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            self.collect(0.1)
            done = self.audio_done
            if done is not None and all(
                t in self.turns and self.turns[t].summary and t in self.replies_ended
                for t in range(1, done + 1)
            ):
                break
        else:
            raise VoiceCallError(
                f"call {self.call_id[:8]}: no complete answer within {timeout_s:.0f}s "
                f"(turns {sorted(self.turns)}, errors {self.errors}); see the media worker's log"
            )
        return self.end()

    def end(self) -> dict[str, Any]:
        outcome = self.client.end_call(self.call_id).get("outcome")
        return {
            "call_id": self.call_id,
            "t0": self.t0,
            "turns": [self.turns[k] for k in sorted(self.turns)],
            "outcome": outcome,
            "errors": self.errors,
        }


def run_voice_call(
    client,
    samples: np.ndarray,
    *,
    realtime: bool,
    caller_id: str | None = None,
    timeout_s: float = 180.0,
    setup_timeout_s: float = 300.0,
    interrupt: np.ndarray | None = None,
    interrupt_turn: int = 1,
    interrupt_after_s: float = 1.0,
) -> dict[str, Any]:
    """One call fed with ``samples`` (mono 16 kHz float32); returns the call's record.

    ``interrupt`` scripts an overlap that does not depend on how fast the
    machine answers: after ``samples`` the caller stays silent until the reply
    to turn ``interrupt_turn`` has been heard for ``interrupt_after_s``, then
    speaks ``interrupt`` over it (real time only). The record's
    ``interrupt_at_s`` says where in the call's audio that speech began.
    """
    if samples.size == 0:
        raise VoiceCallError("the caller's audio is empty; nothing to say to the hotel")
    if interrupt is not None and not realtime:
        raise VoiceCallError("a caller can talk over a reply only in a real-time call")
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    call = VoiceCallSession(client, realtime=realtime, caller_id=caller_id)
    call.open(setup_timeout_s)
    t0 = call.t0
    step = FRAME * 2
    interrupt_at: list[float] = []

    def frames():
        yield from (pcm[i : i + step] for i in range(0, len(pcm), step))
        if interrupt is None:
            return
        silence, waited = bytes(step), time.monotonic() + timeout_s
        while True:  # silent until the reply has been heard long enough
            vt = call.turns.get(interrupt_turn)
            heard_from = None if vt is None else vt.first_audio_at
            if heard_from is not None and time.monotonic() >= heard_from + interrupt_after_s:
                break
            if time.monotonic() > waited:
                raise VoiceCallError(f"no reply to turn {interrupt_turn} to talk over")
            yield silence
        interrupt_at.append(call.sent * 0.02)
        over = (np.clip(interrupt, -1.0, 1.0) * 32767).astype("<i2").tobytes()
        yield from (over[i : i + step] for i in range(0, len(over), step))

    for i, chunk in enumerate(frames()):
        if realtime:
            delay = t0 + i * 0.02 - time.monotonic()
            if delay > 0:
                call.collect(0)
                time.sleep(delay)
        call.send(chunk)
        if i % 10 == 0:
            call.collect(0)
    rec = call.finish(timeout_s)
    rec["interrupt_at_s"] = interrupt_at[0] if interrupt_at else None
    return rec


def _frame(call_id: str, pcm: bytes, end: bool = False):
    from ipc.messages import AgentId, AgentMessage

    return AgentMessage(AgentId.CLI, AgentId.MEDIA, call_id, 0, AudioChunk(pcm=pcm, end=end))


def voice_to_voice_s(rec: dict[str, Any], vt: VoiceTurn) -> float | None:
    """End of the caller's words -> first reply audio, as the caller experienced it."""
    if vt.first_audio_at is None:
        return None
    return vt.first_audio_at - (rec["t0"] + vt.speech_end_s)


def as_json(rec: dict[str, Any], realtime: bool) -> dict[str, Any]:
    """The text-call JSON plus the transcript and its confidence per turn."""
    turns = []
    for vt in rec["turns"]:
        s = vt.summary
        turns.append(
            {
                "caller": s.get("caller", vt.transcript),
                "transcript": vt.transcript,
                "confidence": vt.confidence,
                "lang": vt.lang,
                "reply": s.get("reply", ""),
                "heard": vt.heard,
                "actions": turn_actions(s),
                "voice_to_voice_ms": (
                    round(v * 1000)
                    if realtime and (v := voice_to_voice_s(rec, vt)) is not None
                    else None
                ),
            }
        )
    return {"call_id": rec["call_id"], "turns": turns, "outcome": rec["outcome"]}


def write_replies(rec: dict[str, Any], path: Path, gap_s: float = 0.3) -> Path:
    from media.audio.wav import write_wav

    gap = np.zeros(int(gap_s * SAMPLE_RATE), np.int16)
    parts = []
    for vt in rec["turns"]:
        if vt.reply_audio:
            parts += [np.frombuffer(b"".join(vt.reply_audio), "<i2"), gap]
    x = np.concatenate(parts) if parts else np.zeros(0, np.int16)
    return write_wav(path, x.astype(np.float32) / 32768.0, SAMPLE_RATE)


def call_with_wav(args) -> int:
    """``sovren call --wav IN.wav [--out REPLY.wav] [--realtime] [--json]``."""
    from fabric.config_choice import cli_settings
    from media.audio.wav import read_wav
    from runtime.client import CallClient

    audio = read_wav(args.wav)  # mixed to mono 16 kHz; clear errors for corrupt or empty files
    settings = cli_settings(args)  # the running runtime's configuration unless told otherwise
    with CallClient(settings) as client:
        rec = run_voice_call(
            client, audio.samples, realtime=args.realtime, caller_id=args.caller_id
        )
    out = as_json(rec, args.realtime)
    if args.out:
        write_replies(rec, Path(args.out))
    if args.json:
        print(json.dumps(out, indent=1, default=str))
    else:
        for t in out["turns"]:
            print(f"caller> {t['transcript']}   (confidence {t['confidence']:.2f}, {t['lang']})")
            print(f"sovren> {t['reply']}")
            if t["heard"] is not None:
                print(f"        (caller barged in; heard only: {t['heard']!r})")
            for a in t["actions"]:
                print(
                    f"        {a['kind']} {'approved' if a['approved'] else 'REJECTED'} "
                    f"(posterior {a['posterior']:.3f})"
                )
        print(f"(call {out['call_id'][:8]} ended: {out['outcome']})")
        if args.out:
            print(f"replies written to {args.out}")
    return 0
