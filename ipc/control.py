"""Call-control operations as typed messages: the ``ctl`` of a ``CallControl`` body.

Why one small Struct per operation (a tagged union) rather than an ``op`` string
with a loose ``detail`` dict: each operation's fields are then named, typed and
checked where the message is made, a misspelt field fails at once, and a reader
dispatches with ``isinstance``. Like the bodies around them they are array-like
MessagePack with small integer tags and ``gc=False`` (they travel on every turn).

``NAME`` is the operation's stable name ("start", "turn_done", ...): what ``sovren
tail`` prints, what ``CallClient.wait_for`` waits for, and what ``CallControl.op``
returns for readers that only log it.

Rules for extending: a new operation gets a new, never reused tag; append fields
with defaults; never reorder.
"""

from __future__ import annotations

from typing import Any, ClassVar

import msgspec


class _Op(msgspec.Struct, array_like=True, tag_field="o", gc=False, omit_defaults=True):
    NAME: ClassVar[str] = ""


class CallStart(_Op, tag=1):
    """A call begins (client -> media worker -> the agents)."""

    NAME: ClassVar[str] = "start"
    caller_id: str | None = None
    audio: bool = False  # an audio call: the media worker listens and speaks
    realtime: bool = True  # audio paced as on a telephone line (False: as fast as possible)
    channel: str = ""  # where the call came in: "" (a client), "sip" (media/sip/)
    ua: int | None = None  # the SIP user agent process that holds it


class CallEnd(_Op, tag=2):
    """The call is ended: by the caller's side, or by the reception (the console).

    ``by``: who ended it ("console"; empty: the caller's client); ``reason``: why
    ("taken_over": the reception took the call over, so it is on record as transferred;
    "ended_by_reception").
    """

    NAME: ClassVar[str] = "end"
    by: str = ""
    reason: str = ""


class Hangup(_Op, tag=3):
    """The line dropped (no goodbye); ``sip_status`` the SIP code it ended with, if any."""

    NAME: ClassVar[str] = "hangup"
    sip_status: int | None = None


class CallDone(_Op, tag=4):
    """COMMAND closed the call: how it ended and after how many turns."""

    NAME: ClassVar[str] = "call_done"
    outcome: str = ""
    turns: int = 0


class TurnDone(_Op, tag=5):
    """COMMAND finished a turn: what the caller said, what was replied and done.

    ``actions`` are the turn's actions as the call JSON shows them (kind, typed args
    and result in their JSON form, tag included, approved, posterior, decision id).
    """

    NAME: ClassVar[str] = "turn_done"
    turn: int = 0
    caller: str = ""
    reply: str = ""
    actions: list[dict[str, Any]] = []
    outcome: str = ""
    heard: str | None = None  # the reply as far as the caller heard it (after a barge-in)


class Spoken(_Op, tag=6):
    """A reply was played to its end: what the caller heard."""

    NAME: ClassVar[str] = "spoken"
    heard: str = ""
    dropped_chars: int = 0
    played_ms: int = 0
    voices: list[str] = []
    error: str | None = None
    turn: int = 0
    stop_latency_ms: float | None = None


class BargeIn(Spoken, tag=7):
    """The caller interrupted a reply: only ``heard`` reached them."""

    NAME: ClassVar[str] = "barge_in"


class Say(_Op, tag=8):
    """The media worker speaks ``text`` (a copy for the client that shows the call)."""

    NAME: ClassVar[str] = "say"
    text: str = ""
    action: str = ""


class ControlError(_Op, tag=9):
    """Something on the media side failed for this call (``where``: models, asr, tts...)."""

    NAME: ClassVar[str] = "error"
    where: str = ""
    error: str = ""
    turn: int | None = None  # the caller turn that failed (None: the call as a whole)


class AudioReady(_Op, tag=10):
    """The media worker is ready for the caller's audio."""

    NAME: ClassVar[str] = "audio_ready"


class AudioDone(_Op, tag=11):
    """The media worker closed the call's ear after ``turns`` caller turns."""

    NAME: ClassVar[str] = "audio_done"
    turns: int = 0


class Heard(_Op, tag=12):
    """What the speech recognizer made of one caller turn (a copy for the client)."""

    NAME: ClassVar[str] = "transcript"
    turn: int = 0
    text: str = ""
    confidence: float = 0.0
    lang: str = "en"
    speech_end_s: float = 0.0
    decode_s: float | None = None


class TurnUpdate(_Op, tag=13):
    """What the caller was told after a turn had ended: a write's result that came past
    the turn budget, said by COMMAND in fixed words (``late``). The turn's own summary is
    not rewritten; ``actions`` as in ``TurnDone``."""

    NAME: ClassVar[str] = "turn_update"
    turn: int = 0
    reply: str = ""
    actions: list[dict[str, Any]] = []
    outcome: str = ""
    late: bool = False


# -- the phone line's events (media/sip/ -> COMMAND, docs/telephony.md) ---------------------


class Greet(_Op, tag=14):
    """The phone was answered: COMMAND says the greeting."""

    NAME: ClassVar[str] = "greet"


class Busy(_Op, tag=15):
    """The phone was answered over telephony.max_calls: the busy words, then a colleague."""

    NAME: ClassVar[str] = "busy"


class Dtmf(_Op, tag=16):
    """The caller pressed a key (``0``: the reception)."""

    NAME: ClassVar[str] = "dtmf"
    digit: str = ""


class Silence(_Op, tag=17):
    """The caller stayed silent: ``stage`` "prompt" (asked again) or "goodbye" (the call ends)."""

    NAME: ClassVar[str] = "silence"
    stage: str = "prompt"


class TransferStatus(_Op, tag=18):
    """The SIP REFER's fate: ``ok`` (the reception took the call) or why not (``reason``)."""

    NAME: ClassVar[str] = "transfer"
    ok: bool = False
    to: str | None = None
    status: int = 0
    decision_id: str = ""
    reason: str = ""


class KeypadEntry(_Op, tag=19):
    """Digits the caller typed on the phone's keypad after the dialogue offered it (media/sip/
    -> the media worker, which makes them the call's next turn: a ``Transcript`` with
    ``keypad``). The SIP user agent's call owns the digit buffer (media/sip/keypad.py)."""

    NAME: ClassVar[str] = "keypad"
    digits: str = ""


ControlOp = (
    CallStart
    | CallEnd
    | Hangup
    | CallDone
    | TurnDone
    | Spoken
    | BargeIn
    | Say
    | ControlError
    | AudioReady
    | AudioDone
    | Heard
    | TurnUpdate
    | Greet
    | Busy
    | Dtmf
    | Silence
    | TransferStatus
    | KeypadEntry
)
CONTROL_OPS: tuple[type[_Op], ...] = (
    CallStart,
    CallEnd,
    Hangup,
    CallDone,
    TurnDone,
    Spoken,
    BargeIn,
    Say,
    ControlError,
    AudioReady,
    AudioDone,
    Heard,
    TurnUpdate,
    Greet,
    Busy,
    Dtmf,
    Silence,
    TransferStatus,
    KeypadEntry,
)
CALL_ENDED = (CallEnd, Hangup)  # the caller's side is gone
LineOp = Greet | Busy | Dtmf | Silence | TransferStatus
LINE_OPS = (Greet, Busy, Dtmf, Silence, TransferStatus)  # the phone line asks COMMAND
CALLER_OPS = (*CALL_ENDED, *LINE_OPS)  # what a caller's client sends on to COMMAND


def fields_of(op: msgspec.Struct) -> dict[str, Any]:
    """An operation's fields as JSON-able builtins (for logs and the call JSON)."""
    return {f: msgspec.to_builtins(getattr(op, f)) for f in op.__struct_fields__}
