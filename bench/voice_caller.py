"""A corpus dialogue as a caller says it: by voice in real time, or typed.

Why its own call loop and not ``runtime.voice_call.run_voice_call``: that one feeds
one recording; a dialogue needs the caller to wait, like a person on the phone,
until each reply has finished playing before saying the next line.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any

import numpy as np

VOICES = ("piper", "espeak8k")
FRAME_BYTES = 640  # 20 ms of 16 kHz 16-bit mono
PAUSE_S = 0.6  # the caller's pause after a reply ends, before speaking again
HEARD_TIMEOUT_S = 12.0  # no transcript this long after an utterance: it was not heard
REPLY_TIMEOUT_S = 60.0  # a heard turn whose reply has not finished playing by then


class CallerAudio:
    """Caller utterances as 16 kHz float32, per benchmark voice; cached as WAV files."""

    def __init__(self, cache_dir: Path):
        from media.audio.callers import CallerVoices

        self.cache = Path(cache_dir)
        self.voices = CallerVoices(self.cache)

    def say(self, text: str, lang: str, voice: str, lead_s: float = 0.3) -> np.ndarray:
        if voice == "piper":  # Piper for English; espeak-ng's German at 16 kHz for German
            return self.voices.say(text, lang, lead_s=lead_s, tail_s=0.0)
        if voice == "espeak8k":
            return np.concatenate(
                (np.zeros(int(lead_s * 16000), np.float32), self._phone(text, lang))
            )
        raise ValueError(f"unknown voice {voice!r}: choose from {', '.join(VOICES)}")

    def _phone(self, text: str, lang: str) -> np.ndarray:
        import hashlib
        import shutil
        import subprocess

        from media.audio.wav import read_wav, write_wav

        path = self.cache / f"p8k-{hashlib.sha1(f'{lang}|{text}'.encode()).hexdigest()[:16]}.wav"
        if not path.exists():
            exe = shutil.which("espeak-ng")
            if exe is None:
                raise RuntimeError("espeak-ng is missing: `apt-get install espeak-ng`")
            raw = path.with_suffix(".raw.wav")
            voice = {"en": "en-us"}.get(lang, lang)
            subprocess.run(
                [exe, "-v", voice, "-s", "150", "-w", str(raw), text], check=True, timeout=60
            )
            x = read_wav(raw).samples
            raw.unlink(missing_ok=True)
            write_wav(path.with_suffix(".tmp"), telephone(x), 8000)
            path.with_suffix(".tmp").rename(path)
        return read_wav(path).samples  # back to 16 kHz: the runtime's input rate


def telephone(x16: np.ndarray) -> np.ndarray:
    """A 16 kHz signal as a phone line carries it: 8 kHz, 300-3400 Hz, G.711 mu-law."""
    import soxr

    x = soxr.resample(x16.astype(np.float32), 16000, 8000, quality="HQ")
    spec = np.fft.rfft(x)
    f = np.fft.rfftfreq(x.size, 1 / 8000)
    spec[(f < 300) | (f > 3400)] = 0
    x = np.fft.irfft(spec, n=x.size)
    peak = float(np.max(np.abs(x))) or 1.0
    x = np.clip(x / peak * 0.7, -1.0, 1.0)
    mu = 255.0
    code = np.round(np.sign(x) * np.log1p(mu * np.abs(x)) / np.log1p(mu) * 127) / 127
    return (np.sign(code) * np.expm1(np.abs(code) * np.log1p(mu)) / mu).astype(np.float32)


# -- one call by voice ----------------------------------------------------------------------
def voice_dialogue(
    client,
    utterances: list[np.ndarray],
    *,
    caller_id: str | None,
    pause_s: float = PAUSE_S,
    heard_timeout_s: float = HEARD_TIMEOUT_S,
    reply_timeout_s: float = REPLY_TIMEOUT_S,
    setup_timeout_s: float = 300.0,
) -> dict[str, Any]:
    """One real-time audio call: each utterance, then silence until its reply has played.

    Returns per utterance the runtime turns it gave (transcript, confidence,
    language, reply, actions) and the call's outcome. A turn split by the VAD
    shows as two turns under one utterance; an utterance not heard, as none.
    """
    call_id = client.start_call(caller_id, detail={"audio": True, "realtime": True})
    try:
        return _voice_call(
            client, call_id, utterances, pause_s, heard_timeout_s, reply_timeout_s, setup_timeout_s
        )
    except Exception:
        _hang_up(client, call_id)
        raise


def _hang_up(client, call_id: str) -> None:
    """A call that failed half-way is ended, so the runtime does not keep it open."""
    with contextlib.suppress(Exception):
        client.end_call(call_id, timeout=5)
    _forget(client, call_id)


def _voice_call(
    client, call_id, utterances, pause_s, heard_timeout_s, reply_timeout_s, setup_timeout_s
) -> dict[str, Any]:
    from ipc.messages import AudioChunk, CallControl
    from runtime.calls import turn_actions
    from runtime.voice_call import VoiceTurn, _frame

    ready = client.wait_for(call_id, "audio_ready", timeout=setup_timeout_s, also="error")
    if ready.op == "error":
        raise RuntimeError(f"the media worker cannot take the call: {ready.detail.get('error')}")
    turns: dict[int, VoiceTurn] = {}
    ended: set[int] = set()
    st: dict[str, Any] = {
        "last": time.monotonic(),
        "audio_done": None,
        "errors": [],
        "hung_up": False,
    }

    def collect(wait: float) -> None:
        for m in client.rx.recv_many(512, timeout=wait):
            now = time.monotonic()
            if m.call_id != call_id:
                continue
            b = m.body
            if isinstance(b, AudioChunk):
                vt = turns.setdefault(b.turn, VoiceTurn(b.turn))
                st["last"] = now
                if b.pcm:
                    vt.reply_audio.append(b.pcm)
                    vt.first_audio_at = vt.first_audio_at or now
                    vt.last_audio_at = now
                if b.end:
                    ended.add(b.turn)
            elif isinstance(b, CallControl):
                d = b.detail
                if b.op == "transcript":
                    vt = turns.setdefault(d["turn"], VoiceTurn(d["turn"]))
                    vt.transcript, vt.confidence, vt.lang = d["text"], d["confidence"], d["lang"]
                    vt.transcript_at, st["last"] = now, now
                elif b.op == "turn_done":
                    vt = turns.setdefault(d["turn"], VoiceTurn(d["turn"]))
                    vt.summary, vt.summary_at, st["last"] = dict(d), now, now
                elif b.op == "barge_in":
                    last = d.get("turn") or (max(turns) if turns else 0)
                    if last:
                        turns.setdefault(last, VoiceTurn(last)).heard = d.get("heard", "")
                elif b.op == "audio_done":
                    st["audio_done"] = d.get("turns", 0)
                elif b.op == "error":
                    st["errors"].append(dict(d))
                elif b.op == "call_done":  # the runtime hung up: end_call finds it
                    st["hung_up"] = True
                    client.keep(m, now)

    def answered(t: int) -> bool:
        vt = turns.get(t)
        if vt is None or not vt.summary:
            return False
        return t in ended or not (vt.summary.get("reply") or "").strip()

    t0 = time.monotonic()
    sent = 0
    silence = bytes(FRAME_BYTES)

    def send(chunk: bytes) -> None:
        nonlocal sent
        delay = t0 + sent * 0.02 - time.monotonic()
        if delay > 0:
            collect(min(delay, 0.02))
            delay = t0 + sent * 0.02 - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        client.tx.send(_frame(call_id, chunk), timeout=10)
        sent += 1
        if sent % 5 == 0:
            collect(0)

    per_utt: list[dict[str, Any]] = []
    for x in utterances:
        before = max(turns, default=0)
        if st["hung_up"]:  # nobody listens any more: the rest of the script is not said
            per_utt.append({"turns": [], "wait": "hung up"})
            continue
        pcm = (np.clip(x, -1.0, 1.0) * 32767).astype("<i2").tobytes()
        for i in range(0, len(pcm), FRAME_BYTES):
            if not st["hung_up"]:
                send(pcm[i : i + FRAME_BYTES].ljust(FRAME_BYTES, b"\0"))
        spoke_until = time.monotonic()
        waited = "reply"
        while not st["hung_up"]:
            send(silence)  # the line carries silence while the caller waits
            now = time.monotonic()
            new = [t for t in turns if t > before and turns[t].transcript]
            if not new and now - spoke_until > heard_timeout_s:
                waited = "not heard"
                break
            quiet = now - st["last"] >= pause_s
            if new and quiet and all(answered(t) for t in turns if turns[t].transcript):
                break
            if now - spoke_until > reply_timeout_s:
                waited = "no reply in time"
                break
        per_utt.append({"turns": [t for t in sorted(turns) if t > before], "wait": waited})
    if not st["hung_up"]:
        client.tx.send(_frame(call_id, b"", end=True), timeout=10)
    deadline = time.monotonic() + reply_timeout_s
    while not st["hung_up"] and time.monotonic() < deadline:
        collect(0.1)
        done = st["audio_done"]
        if done is not None and all(answered(t) for t in range(1, done + 1)):
            break
    outcome = client.end_call(call_id).get("outcome")
    _forget(client, call_id)
    out_utts = []
    for u in per_utt:
        heard = [turns[t] for t in u["turns"]]
        out_utts.append(
            {
                "transcripts": [vt.transcript for vt in heard],
                "confidence": [round(vt.confidence, 3) for vt in heard],
                "lang": [vt.lang for vt in heard],
                "replies": [(vt.summary or {}).get("reply", "") for vt in heard],
                "actions": [a for vt in heard for a in turn_actions(vt.summary or {})],
                "barged_in": any(vt.heard is not None for vt in heard),
                "wait": u["wait"],
            }
        )
    return {"call_id": call_id, "utterances": out_utts, "outcome": outcome, "errors": st["errors"]}


def _forget(client, call_id: str) -> None:
    """Drop what is left of a finished call in the client's inbox (one client, many calls)."""
    client.forget(call_id)


def text_dialogue(client, d) -> dict[str, Any]:
    """The same dialogue typed: one transcript per turn, as ``sovren call --script`` sends them."""

    call_id = client.start_call(d.caller_id)
    try:
        return _text_call(client, call_id, d)
    except Exception:
        _hang_up(client, call_id)
        raise


def _text_call(client, call_id: str, d) -> dict[str, Any]:
    from runtime.calls import turn_actions

    utts: list[dict[str, Any]] = []
    done = None
    for i, t in enumerate(d.turns, 1):
        if done is not None:  # the runtime hung up: the rest of the script is not said
            utts.append({"transcripts": [], "replies": [], "actions": [], "wait": "hung up"})
            continue
        client.send_turn(call_id, i, t.text, lang=d.lang, caller_id=d.caller_id)
        c = client.wait_for(call_id, "turn_done", timeout=60, also="call_done")
        if c.op == "call_done":
            done = dict(c.detail)
            utts.append({"transcripts": [t.text], "replies": [], "actions": [], "wait": "hung up"})
            continue
        s = dict(c.detail)
        utts.append(
            {
                "transcripts": [t.text],
                "replies": [s.get("reply", "")],
                "actions": turn_actions(s),
                "wait": "reply",
            }
        )
    outcome = (done or client.end_call(call_id)).get("outcome")
    _forget(client, call_id)
    return {"call_id": call_id, "utterances": utts, "outcome": outcome, "errors": []}


_DIGIT_WORDS = {
    w: str(i)
    for i, ws in enumerate(
        ("zero oh null", "one eins", "two zwei zwo", "three drei", "four vier", "five fünf",
         "six sechs", "seven sieben", "eight acht", "nine neun")
    )
    for w in ws.split()
}  # fmt: skip


def _words(text: str) -> list[str]:
    """Words for the WER: case and punctuation ignored, and a spelled number counted the same
    however it was written ("three nine two nine" = "3929" = "3 9 2 9")."""
    out = []
    for w in "".join(c if c.isalnum() or c.isspace() else " " for c in text.casefold()).split():
        w = _DIGIT_WORDS.get(w, w)
        out += list(w) if w.isdigit() else [w]
    return out


def word_error_rate(ref: str, hyp: str) -> float:
    """Word-level edit distance / reference words (punctuation and case ignored)."""
    r, h = _words(ref), _words(hyp)
    if not r:
        return float(bool(h))
    prev = list(range(len(h) + 1))
    for i, rw in enumerate(r, 1):
        cur = [i] + [0] * len(h)
        for j, hw in enumerate(h, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (rw != hw))
        prev = cur
    return round(prev[-1] / len(r), 3)
