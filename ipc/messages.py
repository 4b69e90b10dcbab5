"""The wire vocabulary: who talks (AgentId) and what they say (typed bodies).

Why msgspec Structs with small integer tags and ``array_like``: the body is
encoded on every hop of every turn, and positional MessagePack arrays are both
the smallest and the fastest form msgspec produces. The integer tag of a body
doubles as the frame header's ``kind`` so a reader (``sovren tail --kind``,
SENTINEL's integrity checks) can filter frames without decoding bodies.

Action payloads (a proposal's arguments, an executor's result) are the typed
Structs of ipc/payloads.py; action kinds are ``ipc.actions.ActionKind``.

Rules for extending: add new body types at the end with a new, never reused
tag; never renumber or reorder fields of an existing body (append optional
fields with defaults instead), and bump ``ipc.frame.FRAME_VERSION`` if an
incompatible change is ever unavoidable.
"""

from __future__ import annotations

import enum
from typing import Any

import msgspec

from ipc.actions import ActionKind
from ipc.control import ControlOp, fields_of
from ipc.payloads import ActionArgs, ActionOutcome, args_for, outcome_from_dict


class AgentId(enum.IntEnum):
    """Every endpoint that may appear as a frame's source or target."""

    STRIKE = 1
    INTEL = 2
    OPS = 3
    SENTINEL = 4
    COMMAND = 5
    MEDIA = 6
    PMS = 7
    SUPERVISOR = 8
    CLI = 9


class Severity(enum.IntEnum):
    """Ordered so comparisons (``>= Severity.HIGH``) read naturally."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4


class _Body(msgspec.Struct, array_like=True, omit_defaults=True, tag_field="k", gc=False):
    """Base of every body; the integer tag is the frame kind.

    ``gc=False``: bodies never hold references back to themselves, so the cycle
    collector need not track them (cheaper to create, and no GC pauses from
    millions of frames); never store a body inside its own fields.
    """


class Transcript(_Body, tag=1):
    """What the caller said (from ASR, or typed for text calls)."""

    text: str
    turn: int = 0
    is_final: bool = True
    confidence: float = 1.0
    lang: str = "en"
    caller_id: str | None = None
    audio_ms: int = 0
    # typed on the phone's keypad (DTMF digits, media/sip/keypad.py): exactly what the caller
    # pressed, no recognizer's doubt; the dialogue reads it as the number it asked for
    keypad: bool = False


class Proposal(_Body, tag=2):
    """An action STRIKE or INTEL wants COMMAND to take, with what it understood.

    ``args`` is the Struct its kind takes (``ipc.payloads.ARGS_OF``; ``args_for`` builds it).
    """

    action: ActionKind
    turn: int = 0
    intent: str = ""
    confidence: float = 0.0
    args: ActionArgs | None = None
    reply: str = ""
    slots: dict[str, Any] = {}
    missing: list[str] = []
    origin: str = ""
    latency_us: int = 0
    outcome: str = ""  # the dialogue's view of the call so far (answered, refused, ...)

    def __post_init__(self) -> None:
        if isinstance(self.args, dict):  # arguments given as a dict: typed here, or refused
            self.args = args_for(self.action, self.args)


class Evidence(_Body, tag=3):
    """One piece of evidence for the decision core (value in [0, 1])."""

    source: str
    value: float
    turn: int = 0
    severity: Severity = Severity.INFO
    detail: str = ""
    veto: bool = False
    categories: list[str] = []  # SENTINEL's finding categories (prompt_injection, ...)


class Decision(_Body, tag=4):
    """The decision core's verdict on one proposal, with its reasons."""

    decision_id: str
    action: ActionKind
    approved: bool
    posterior: float
    threshold: float
    terms: dict[str, float] = {}
    fallback: ActionKind | None = None
    reason: str = ""
    turn: int = 0


class ApprovedAction(_Body, tag=5):
    """An approved action for an executor; ``token`` binds it (see fabric.tokens)."""

    decision_id: str
    action: ActionKind
    args: ActionArgs | None = None
    token: str = ""
    turn: int = 0

    def __post_init__(self) -> None:
        if isinstance(self.args, dict):  # arguments given as a dict: typed here, or refused
            self.args = args_for(self.action, self.args)


class ActionResult(_Body, tag=6):
    """What an executor did with an approved action.

    ``result``: the kind's result Struct when ``ok`` (``ipc.payloads.RESULT_OF``), a
    ``PmsFailure`` when not; ``error`` repeats the failure's code for readers that filter
    frames (``sovren tail``) without looking inside.
    """

    decision_id: str
    action: ActionKind
    ok: bool
    result: ActionOutcome | None = None
    error: str | None = None
    turn: int = 0

    def __post_init__(self) -> None:
        if isinstance(self.result, dict):  # a tagged dict is typed here; an untagged one refused
            self.result = outcome_from_dict(self.result)


class Alert(_Body, tag=7):
    """A SENTINEL (or fabric) finding for the alert feed."""

    alert_id: str
    severity: Severity
    category: str
    message: str
    evidence: dict[str, Any] = {}


class Heartbeat(_Body, tag=8):
    """Liveness of one process; the supervisor restarts what stops beating."""

    pid: int
    state: str = "running"
    uptime_s: float = 0.0
    handled: int = 0


class Health(_Body, tag=9):
    """OPS's view of the host and its parts (score in [0, 1], 1 = healthy)."""

    score: float
    cpu_percent: float = 0.0
    mem_percent: float = 0.0
    gpu: dict[str, Any] = {}
    processes: dict[str, Any] = {}
    rings: dict[str, Any] = {}
    connectors: dict[str, Any] = {}
    shed_load: bool = False
    detail: str = ""
    # per dependency (asr, pms, decision, host): the ops_health evidence they feed
    scores: dict[str, float] = {}


class CallControl(_Body, tag=10):
    """Call lifecycle: start, end, hangup, turn done, barge-in notices (ipc/control.py).

    ``ctl`` is one typed operation; readers dispatch with ``isinstance(c.ctl, TurnDone)``.
    ``op`` (its name) and ``detail`` (its fields as a dict) are derived, read-only views
    for logs, ``sovren tail`` and the call JSON.
    """

    ctl: ControlOp

    @property
    def op(self) -> str:
        return self.ctl.NAME

    @property
    def detail(self) -> dict[str, Any]:
        return fields_of(self.ctl)


class AudioChunk(_Body, tag=11):
    """Caller audio in, reply audio out: 16-bit little-endian mono PCM.

    Caller side: ``end`` marks the end of the caller's audio. Reply side: one
    chunk per played frame, ``text`` names the sentence it speaks, ``end``
    closes a reply.
    """

    pcm: bytes
    rate: int = 16000
    turn: int = 0
    end: bool = False
    text: str = ""


class SipEvent(_Body, tag=12):
    """A SIP signalling event of a user agent (media/sip/), for ``sovren tail --kind SipEvent``.

    Informational: the UA sends it to the media worker on its client slot, which
    does nothing with it but mirror it to its tap while a viewer is attached. No
    personal data: caller numbers are masked by the sender.
    """

    event: str
    detail: dict[str, Any] = {}


Body = (
    Transcript
    | Proposal
    | Evidence
    | Decision
    | ApprovedAction
    | ActionResult
    | Alert
    | Heartbeat
    | Health
    | CallControl
    | AudioChunk
    | SipEvent
)

BODY_TYPES: tuple[type[_Body], ...] = (
    Transcript,
    Proposal,
    Evidence,
    Decision,
    ApprovedAction,
    ActionResult,
    Alert,
    Heartbeat,
    Health,
    CallControl,
    AudioChunk,
    SipEvent,
)
KIND_OF: dict[type, int] = {t: t.__struct_config__.tag for t in BODY_TYPES}
TYPE_OF_KIND: dict[int, type] = {v: k for k, v in KIND_OF.items()}


class AgentMessage(msgspec.Struct, gc=False):
    """One frame's logical content; the header fields travel in the fixed header.

    ``kind`` is derived from the body so it can never disagree with it.
    ``checksum`` is filled in by the codec on decode (CRC32C of header+body)
    and ignored on encode.
    """

    source: AgentId
    target: AgentId
    call_id: str
    seq: int
    body: Body
    ts_ns: int = 0
    checksum: int = 0

    @property
    def kind(self) -> int:
        return KIND_OF[type(self.body)]


def body_dict(body: msgspec.Struct) -> dict[str, Any]:
    """A body as a plain JSON-able dict with field names (bodies travel as arrays); a
    call-control operation as its name and fields."""
    if isinstance(body, CallControl):
        return {"op": body.op, **body.detail}
    return {f: msgspec.to_builtins(getattr(body, f)) for f in body.__struct_fields__}
