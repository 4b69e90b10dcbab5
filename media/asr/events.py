"""What the streaming recognizer reports, and its mapping onto the wire ``Transcript``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ipc.messages import Transcript

EventKind = Literal["barge_in", "speech_start", "partial", "final", "speech_end"]


@dataclass(frozen=True)
class AsrEvent:
    """One step of a caller's utterance.

    Times are stream seconds (since the first fed sample). ``t`` is when the
    thing happened in the audio (onset, end of speech, end of the audio a
    partial covers); ``emitted_at`` is how much audio had been fed when the
    event was produced, so ``emitted_at - t`` of a final is the recognition
    delay measured in audio time. ``decode_s`` is the wall time the decode
    behind this event took.

    Order per utterance: barge_in (only when asked for: speech enough to stop a reply,
    before the turn-taking onset; it may also come for a sound that never becomes an
    utterance), speech_start, zero or more partials, at most one
    final (only after end-pointing, never from a partial; none when nothing
    intelligible was said), speech_end. An utterance whose words ended
    unfinished has no final of its own: its words open the next utterance's
    final (``merged`` counts the utterances), or go out alone when the hold
    window passes in silence (then after its speech_end).
    """

    kind: EventKind
    utterance: int
    t: float
    emitted_at: float
    text: str = ""
    confidence: float = 0.0
    lang: str = ""
    start: float = 0.0  # where the utterance began
    forced: bool = False  # cut by the maximum utterance length, not by a pause
    decode_s: float = 0.0
    clipped: bool = False  # the utterance's audio was clipped: trust its words less
    # utterances joined into this final (> 1: the caller paused mid-sentence, turn_end.py)
    merged: int = 1

    @property
    def is_final(self) -> bool:
        return self.kind == "final"

    def to_transcript(self, turn: int = 0, caller_id: str | None = None) -> Transcript:
        if self.kind not in ("partial", "final"):
            raise ValueError(f"a {self.kind} event carries no transcript")
        return Transcript(
            text=self.text,
            turn=turn,
            is_final=self.is_final,
            confidence=round(self.confidence, 4),
            lang=self.lang or "en",
            caller_id=caller_id,
            audio_ms=int(round((self.t - self.start) * 1000)),
        )
