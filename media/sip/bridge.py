"""A call's audio between RTP and the voice path: an AudioMediaPort in 20 ms frames.

Why a port at 16 kHz: the voice path (VAD, whisper, TTS) runs at 16 kHz; PJSIP's
conference bridge resamples G.711's 8 kHz to it (and G.722 is 16 kHz already), so the
caller's frames leave here exactly as ``sovren call --wav`` sends them, and the
replies go in as the media worker makes them.

Threads: PJSIP's media clock calls ``onFrameReceived``/``onFrameRequested`` from its
own thread; the main loop reads ``heard`` and fills ``speak``. Both are deques
(appends and pops are atomic), so no lock is taken on the audio clock.
"""

from __future__ import annotations

import collections

import numpy as np

from media.audio.pcm import SAMPLE_RATE
from media.sip.endpoint import pj

FRAME_BYTES = SAMPLE_RATE // 50 * 2  # 20 ms of 16-bit mono
# the caller's voice on the line above this level counts as speaking (silence detection)
VOICE_RMS = 0.01  # about -40 dBFS
HEARD_MAX = 500  # 10 s of caller audio held if the main loop stalls; older frames dropped


def _port_base():
    return pj().AudioMediaPort


class FramePort(_port_base()):  # type: ignore[misc]
    def __init__(self, name: str):
        super().__init__()
        p = pj()
        fmt = p.MediaFormatAudio()
        fmt.init(p.PJMEDIA_FORMAT_PCM, SAMPLE_RATE, 1, 20000, 16)
        self.createPort(name, fmt)
        self.heard: collections.deque[bytes] = collections.deque(maxlen=HEARD_MAX)
        self.speak: collections.deque[bytes] = collections.deque()
        self._rest = b""
        self.frames_in = 0
        self.frames_out = 0
        self.voice_frames = 0  # caller frames above VOICE_RMS (read by the main loop)
        self._silence = pj().ByteVector(bytes(FRAME_BYTES))

    # -- PJSIP's media clock ------------------------------------------------------
    def onFrameReceived(self, frame) -> None:  # noqa: N802 (PJSIP's name)
        if frame.type != pj().PJMEDIA_FRAME_TYPE_AUDIO:
            return
        data = bytes(frame.buf)
        if not data:
            return
        self.frames_in += 1
        x = np.frombuffer(data[: len(data) - len(data) % 2], dtype="<i2")
        if x.size and float(np.sqrt(np.mean((x.astype(np.float32) / 32768.0) ** 2))) > VOICE_RMS:
            self.voice_frames += 1
        self.heard.append(data)

    def onFrameRequested(self, frame) -> None:  # noqa: N802
        frame.type = pj().PJMEDIA_FRAME_TYPE_AUDIO
        out = self._next()
        if out is None:
            frame.buf = self._silence
            frame.size = FRAME_BYTES
            return
        self.frames_out += 1
        frame.buf = pj().ByteVector(out)
        frame.size = len(out)

    def _next(self) -> bytes | None:
        buf = self._rest
        while len(buf) < FRAME_BYTES and self.speak:
            buf += self.speak.popleft()
        if not buf:
            return None
        if len(buf) < FRAME_BYTES:
            buf += bytes(FRAME_BYTES - len(buf))
        self._rest = buf[FRAME_BYTES:]
        return buf[:FRAME_BYTES]

    # -- the main loop ------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return bool(self.speak) or bool(self._rest)

    def flush(self) -> None:
        """Drop what is queued to play (the caller barged in, or the call ended)."""
        self.speak.clear()
        self._rest = b""
