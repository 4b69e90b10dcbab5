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
import queue
import re
import threading
from collections.abc import Callable

from fabric.agent_base import Agent, main
from fabric.agent_stats import F
from fabric.executor_guard import ExecutorGuard
from fabric.instance import InstanceFiles
from fabric.topology import Link
from ipc.control import (
    CALLER_OPS,
    AudioDone,
    AudioReady,
    CallDone,
    CallStart,
    ControlError,
    Heard,
    KeypadEntry,
    Say,
    TurnDone,
)
from ipc.messages import (
    ActionResult,
    AgentId,
    AgentMessage,
    ApprovedAction,
    AudioChunk,
    CallControl,
    Severity,
    Transcript,
)
from ipc.payloads import SpeechDone, speech_expect, speech_lang, speech_text
from media.voice_session import VoiceSession

# COMMAND first: it must know the turn has begun before any answer to it can arrive
# (COMMAND also keeps early answers, so this is an optimisation, not a requirement).
FAN_OUT = (AgentId.COMMAND, AgentId.SENTINEL, AgentId.STRIKE, AgentId.INTEL)
# A keypad entry (ipc.control.KeypadEntry): the digits of a number, as a phone sends them.
KEYPAD_DIGITS = re.compile(r"[0-9]{1,32}")
# What a client (`sovren call`, a SIP user agent) may tell COMMAND about its call besides
# words is ipc.control.CALLER_OPS: the end, a hang-up, and the phone line's own events
# (media/sip/conversation.py): a greeting, the line busy, a DTMF digit, silence, a transfer.


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
            AudioChunk: self.on_audio,
        }
        # Audio calls: one VoiceSession each; models are loaded at the first audio call.
        self.voices: dict[str, VoiceSession] = {}
        self.voice_turn: dict[str, int] = {}
        self.voice_events: queue.Queue = _WakingQueue(self.inbox.wake)
        self._decoder = None  # DecodePool: every call's whisper decodes, most urgent first
        self._chain = None
        # calls waiting for the models, which load in a thread of their own: four whisper
        # contexts (tiny.en and base, two decode workers) and the voices take longer than
        # the supervisor's heartbeat timeout on a loaded host
        self._loading: threading.Thread | None = None
        self._waiting_voice: list[tuple[str, int, bool]] = []
        # voice-to-voice latency: per real-time call, turn -> when its caller's last word
        # arrived (perf_counter), until the turn's first reply frame goes out
        self._speech_end: dict[str, dict[int, float]] = {}
        self._ledger = None  # LedgerWriter for the latency rows, opened at the first audio call
        self._recorder = None  # CallRecorder when media.record_calls (off by default)
        self._lang_of: dict[str, str] = {}  # an audio call's language as last heard

    def on_start(self) -> None:
        """With telephony on, load the voice models now: a ringing phone must not wait for them."""
        if self.settings.telephony.enabled and self._loading is None:
            self._loading = threading.Thread(
                target=self._load_voice_models, name="voice-models", daemon=True
            )
            self._loading.start()

    def on_control(self, msg: AgentMessage, link: Link) -> None:
        body: CallControl = msg.body
        c = body.ctl
        if link.src == AgentId.CLI:
            if isinstance(c, CallStart):
                self.slot_of[msg.call_id] = link.slot
                self.caller_of[msg.call_id] = c.caller_id
                self._save()
                if c.audio:
                    self._open_voice(msg.call_id, link.slot, c.realtime)
                self.send(AgentId.COMMAND, msg.call_id, body)
                self.send(AgentId.INTEL, msg.call_id, body)
            elif isinstance(c, KeypadEntry):
                self._keypad_turn(msg.call_id, c.digits)
            elif isinstance(c, CALLER_OPS):
                self.send(AgentId.COMMAND, msg.call_id, body)
            return
        # from COMMAND: turn and call summaries go back to the caller's client
        slot = self.slot_of.get(msg.call_id)
        if slot is not None:
            self.send(AgentId.CLI, msg.call_id, body, slot=slot)
        voice = self.voices.get(msg.call_id)
        if voice is not None and isinstance(c, TurnDone):
            voice.turn_finished()
        if isinstance(c, CallDone):
            if voice is not None:
                voice.close()
                self.voices.pop(msg.call_id, None)
            self._speech_end.pop(msg.call_id, None)
            self._lang_of.pop(msg.call_id, None)
            if self._recorder is not None:
                self._recorder.finish(msg.call_id)
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
            self.raise_alert(
                msg.call_id,
                Severity.MEDIUM,
                "overlong_input",
                f"caller turn {t.turn} of {len(t.text)} characters cut to {limit}",
                {"call_id": msg.call_id, "turn": t.turn, "chars": len(t.text)},
            )
            t = Transcript(**{**_fields(t), "text": t.text[:limit]})
        self._fan_out(msg.call_id, t)

    def _keypad_turn(self, call_id: str, digits: str) -> None:
        """Digits typed on the phone's keypad: the call's next turn, numbered with the spoken
        ones (this worker numbers an audio call's turns), exact (``keypad``, confidence 1)."""
        slot = self.slot_of.get(call_id)
        why = keypad_problem(digits, voice=call_id in self.voices)
        if why:
            self.raise_alert(call_id, Severity.LOW, "keypad_refused", why, {"call_id": call_id})
            if slot is not None:
                err = ControlError(where="keypad", error=f"{why}; nothing was taken as said")
                self.send(AgentId.CLI, call_id, CallControl(err), slot=slot)
            return
        self.voice_turn[call_id] = turn = self.voice_turn.get(call_id, 0) + 1
        lang = self._lang_of.get(call_id, "")  # "" keeps the call's language (COMMAND, INTEL)
        t = Transcript(text=digits, turn=turn, confidence=1.0, lang=lang,
                       caller_id=self.caller_of.get(call_id), keypad=True)  # fmt: skip
        if slot is not None:
            heard = Heard(turn=turn, text=digits, confidence=1.0, lang=lang)
            self.send(AgentId.CLI, call_id, CallControl(heard), slot=slot)
        self._fan_out(call_id, t)

    def on_undeliverable(self, target: AgentId, call_id: str, body) -> None:
        """The caller's words could not reach COMMAND (its ring stayed full): say so at once.

        Without COMMAND nobody decides the turn and nothing may be spoken (only approved
        actions are); the client is told the turn failed instead of waiting in silence.
        """
        slot = self.slot_of.get(call_id)
        if target != AgentId.COMMAND or not isinstance(body, Transcript) or slot is None:
            return
        self.send(
            AgentId.CLI,
            call_id,
            CallControl(
                ControlError(
                    where="command",
                    turn=body.turn,
                    error="the runtime's coordinator (COMMAND) is not taking turns; "
                    "see `sovren status` and its log",
                )
            ),
            slot=slot,
        )

    def _fan_out(self, call_id: str, t: Transcript) -> None:
        for target in FAN_OUT:
            self.send(target, call_id, t)

    def on_approved(self, msg: AgentMessage, link: Link) -> None:
        a: ApprovedAction = msg.body
        if not self.guard.admit(self, msg.call_id, a):
            return
        self.speak(msg.call_id, a)
        self.send(
            AgentId.COMMAND,
            msg.call_id,
            ActionResult(
                decision_id=a.decision_id,
                action=a.action,
                ok=True,
                result=SpeechDone(text=speech_text(a.args)),
                turn=a.turn,
            ),
        )

    def speak(self, call_id: str, a: ApprovedAction) -> None:
        voice = self.voices.get(call_id)
        if voice is not None:
            voice.speak(speech_text(a.args), speech_lang(a.args), a.turn, speech_expect(a.args))
        slot = self.slot_of.get(call_id)
        if slot is not None:
            self.send(
                AgentId.CLI,
                call_id,
                CallControl(Say(text=speech_text(a.args), action=a.action)),
                slot=slot,
            )

    # -- audio calls ------------------------------------------------------------------
    def _open_voice(self, call_id: str, slot: int, realtime: bool) -> None:
        """Set up the call's ear and mouth (once the models are loaded), then say "talk"."""
        if self._decoder is not None:
            self._start_voice(call_id, slot, realtime)
            return
        self._waiting_voice.append((call_id, slot, realtime))
        if self._loading is None:  # the first audio call: load whisper and the voices once
            self._loading = threading.Thread(
                target=self._load_voice_models, name="voice-models", daemon=True
            )
            self._loading.start()

    def _models_loaded(self, payload) -> None:
        """The loader thread finished: start (or refuse) the calls that waited for it."""
        self._loading = None
        error = payload if isinstance(payload, BaseException) else None
        if error is None:
            self._decoder, self._chain = payload
        waiting, self._waiting_voice = self._waiting_voice, []
        for call_id, slot, realtime in waiting:
            if call_id not in self.slot_of:
                continue  # ended while the models loaded
            if error is None:
                self._start_voice(call_id, slot, realtime)
            else:
                self._refuse_voice(call_id, slot, error)

    def _refuse_voice(self, call_id: str, slot: int, e: BaseException) -> None:
        """A missing model is an answer the caller's client must see."""
        self.raise_alert(
            call_id,
            Severity.HIGH,
            "media_models",
            f"cannot take an audio call: {e}"[:300],
            {"call_id": call_id},
        )
        self.send(
            AgentId.CLI,
            call_id,
            CallControl(ControlError(where="models", error=str(e))),
            slot=slot,
        )

    def _start_voice(self, call_id: str, slot: int, realtime: bool) -> None:
        self.voices[call_id] = VoiceSession(
            call_id,
            self._decoder,
            self.settings.media,
            self._chain,
            self.voice_events,
            realtime=realtime,
            languages=tuple(getattr(self.settings.hotel, "languages", None) or ("en", "de")),
        )
        self.voice_turn[call_id] = 0
        if realtime:  # a file fed faster than real time has no voice-to-voice latency
            self._speech_end[call_id] = {}
        self._open_records()
        self.send(AgentId.CLI, call_id, CallControl(AudioReady()), slot=slot)

    def _open_records(self) -> None:
        """The latency rows' writer and, when on, the call recorder: at the first audio call,
        so a runtime that takes only text calls holds neither a connection nor a thread."""
        if self._ledger is None and self.boot.database_url:
            from ledger.writer import LedgerWriter

            state_dir = InstanceFiles(self.settings.data_dir, self.instance).state_dir
            self._ledger = LedgerWriter(
                self.boot.database_url, state_dir / "spool-media", run_migrations=False
            )
        if self._recorder is None and self.settings.media.record_calls:
            from media.audio.pcm import SAMPLE_RATE
            from media.recording import CallRecorder

            self._recorder = CallRecorder(
                self.settings.data_dir,
                SAMPLE_RATE,
                lambda call_id, why: self.voice_events.put((call_id, "recording", why)),
            )

    def on_stop(self) -> None:
        if self._recorder is not None:
            self._recorder.close()
        if self._ledger is not None:
            self._ledger.close()

    def _load_voice_models(self) -> None:
        """The loader thread: the result goes to the main thread as a "models" event."""
        try:
            from media.asr.decoder import DecodePool
            from media.tts.factory import build_chain

            media = self.settings.media
            decoder = DecodePool.load(media, self.settings.data_dir, prepare=True)
            if media.asr_language == "auto-en" and media.asr_check_implausible:
                from media.asr.plausible import warm

                warm(("en", *self.settings.hotel.languages))  # not in the first caller's turn
            chain = build_chain(
                media,
                on_alert=lambda a: self.voice_events.put(("", "alert", a)),
                data_dir=self.settings.data_dir,
            )
            result = (decoder, chain)
        except Exception as e:
            result = e
        self.voice_events.put(("", "models", result))

    def on_audio(self, msg: AgentMessage, link: Link) -> None:
        voice = self.voices.get(msg.call_id)
        if voice is None:
            self.raise_alert(
                msg.call_id,
                Severity.LOW,
                "audio_without_call",
                "audio for a call that was not started as an audio call; dropped",
                {"call_id": msg.call_id},
            )
            return
        voice.hear(msg.body.pcm, end=msg.body.end)
        if self._recorder is not None:
            self._recorder.put(msg.call_id, "caller", msg.body.pcm)

    def load_figures(self) -> None:
        """The decode queue lag (ms; -1 while no decoder is loaded) for OPS's load shedding."""
        pool = self._decoder
        lag = getattr(pool, "oldest_wait_s", None) if pool is not None else None
        self.stats[F.DECODE_LAG_MS] = -1 if lag is None else int(lag * 1000)

    def on_tick(self) -> None:
        """Move what the voice threads produced onto the rings (this thread owns them)."""
        for _ in range(2000):
            try:
                call_id, kind, payload = self.voice_events.get_nowait()
            except queue.Empty:
                return
            self._voice_event(call_id, kind, payload)

    def _voice_event(self, call_id: str, kind: str, payload) -> None:
        slot = self.slot_of.get(call_id)
        if kind == "alert":  # the TTS chain fell back to another voice
            self.alert(call_id, payload)
            return
        if kind == "models":
            self._models_loaded(payload)
            return
        if kind == "recording":
            self.raise_alert(call_id, Severity.MEDIUM, "media_recording", payload[:300],
                             {"call_id": call_id})  # fmt: skip
            return
        if kind == "final":
            if not payload.text.strip():
                return
            self.voice_turn[call_id] = turn = self.voice_turn.get(call_id, 0) + 1
            t = payload.to_transcript(turn, self.caller_of.get(call_id))
            self._lang_of[call_id] = t.lang
            ends = self._speech_end.get(call_id)
            voice = self.voices.get(call_id)
            if ends is not None and voice is not None:
                heard = voice.arrived_at(payload.t)
                if heard is not None:
                    ends[turn] = heard
            if slot is not None:
                self.send(
                    AgentId.CLI,
                    call_id,
                    CallControl(
                        Heard(
                            turn=turn,
                            text=t.text,
                            confidence=t.confidence,
                            lang=t.lang,
                            speech_end_s=payload.t,
                            decode_s=round(payload.decode_s, 3),
                        )
                    ),
                    slot=slot,
                )
            self._fan_out(call_id, t)
        elif kind == "audio":
            self._reply_frame(call_id, payload)
            if slot is not None:
                self.send(
                    AgentId.CLI,
                    call_id,
                    AudioChunk(pcm=payload["pcm"], turn=payload["turn"]),
                    slot=slot,
                )
        elif kind == "played":
            report = payload["report"]
            if slot is not None:
                self.send(
                    AgentId.CLI,
                    call_id,
                    AudioChunk(pcm=b"", turn=payload["turn"], end=True, text=report.heard_text),
                    slot=slot,
                )
            if not report.complete:  # barge-in: only what the caller heard counts
                # which reply, and how fast it stopped (bench.voice reports the stop latency)
                notice = report.as_notice(payload["turn"])
                self.send(AgentId.COMMAND, call_id, notice)
                if slot is not None:
                    self.send(AgentId.CLI, call_id, notice, slot=slot)
        elif kind == "error":
            self.raise_alert(
                call_id,
                Severity.HIGH,
                f"media_{payload['where']}",
                f"{payload['where']} failed on a call: {payload['error']}"[:300],
                {"call_id": call_id},
            )
            if slot is not None:
                error = ControlError(where=str(payload["where"]), error=str(payload["error"]))
                self.send(AgentId.CLI, call_id, CallControl(error), slot=slot)
        elif kind == "ear_closed" and slot is not None:
            self.send(
                AgentId.CLI,
                call_id,
                CallControl(AudioDone(turns=self.voice_turn.get(call_id, 0))),
                slot=slot,
            )

    def _reply_frame(self, call_id: str, frame: dict) -> None:
        """A reply frame went out: record it, and time its turn's first one."""
        if self._recorder is not None and call_id in self.voices:  # not after its end
            self._recorder.put(call_id, "reply", frame["pcm"])
        ends = self._speech_end.get(call_id)
        ended = ends.pop(frame["turn"], None) if ends else None
        if ended is not None and self._ledger is not None:
            from ledger.ids import new_id
            from ledger.records import VoiceLatencyRecord

            ms = max(0, round((frame["at"] - ended) * 1000))
            self._ledger.put(VoiceLatencyRecord(id=new_id(), call_id=call_id,
                                                turn=frame["turn"], voice_to_voice_ms=ms))  # fmt: skip


def keypad_problem(digits: str, *, voice: bool) -> str:
    """Why a keypad entry cannot be a turn ("" when it can): only an audio call's turns are
    numbered here, and an entry is what a phone's keys type (the SIP user agent's Keypad)."""
    if not voice:
        return "keypad digits for a call that is not a voice call"
    if not KEYPAD_DIGITS.fullmatch(digits):
        return f"a keypad entry is 1 to 32 digits 0-9, not {len(digits)} characters"
    return ""


class _WakingQueue(queue.Queue):
    """The voice threads' queue to the main thread; every item wakes the main loop at once.

    Why: the main thread owns the rings and otherwise sleeps until the next caller frame
    or its tick (up to 50 ms), so a barge-in's notice (the SIP user agent drops its queued
    reply audio on it) and the reply's frames waited for the caller's next packet.
    """

    def __init__(self, wake: Callable[[], None]):
        super().__init__()
        self._wake = wake

    def put(self, item, block: bool = True, timeout: float | None = None) -> None:
        super().put(item, block, timeout)
        self._wake()


def _fields(s) -> dict:
    return {f: getattr(s, f) for f in s.__struct_fields__}


if __name__ == "__main__":
    raise SystemExit(main(MediaWorker))
