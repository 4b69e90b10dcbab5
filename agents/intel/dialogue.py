"""INTEL's brain for one call: the facade the agent process and the benchmarks drive.

The work is done by small parts, each testable on its own:
- agents/intel/state.py — the call's state (a msgspec Struct) and slot merging;
- agents/intel/policy.py — the next step: routes a turn (yes/no/wait, facts, repeats,
  colleagues) to agents/intel/booking.py (offer, rate, name, read-back, write) or
  agents/intel/existing.py (verify, look up, quote, change, cancel), on agents/intel/flow.py;
  agents/intel/reading.py reads a turn against the call (an answer, a yes, a put-off, a task);
- agents/intel/results.py — reading the PMS results the connectors return;
- agents/intel/wording.py — every sentence, from texts.py and the hotel's names;
- agents/intel/hotel_view.py — the one place the hotel config is read.

This module keeps the public API (docs/understanding.md) and one rule that no
part can forget: a pending write survives only while the last thing we asked
was its read-back. Any other reply drops it, so a later "yes" can't write
something the caller never heard read back.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import msgspec

from agents.intel.flow import expects
from agents.intel.hotel_view import HotelView
from agents.intel.policy import Policy, Step
from agents.intel.state import DialogueState, Pending
from agents.intel.wording import Wording
from agents.understanding.backend import (
    Context,
    UnderstandingBackend,
    UnderstandingError,
)
from agents.understanding.factory import make_backend
from agents.understanding.textnorm import FLAG_EMPTY, FLAG_GARBAGE
from ipc.actions import ActionKind
from ipc.messages import ActionResult, Decision, Evidence, Proposal, Transcript
from ipc.payloads import args_for

if TYPE_CHECKING:
    from config.settings import Settings

__all__ = ["ORIGIN", "WRITES", "Dialogue", "DialogueState", "Pending"]

ORIGIN = "intel"
# A proposal that follows up an executor's result (COMMAND reads it as telling the caller
# what became of the write; any other reply in that turn does not: docs/runtime.md).
ORIGIN_RESULT = "intel:result"
WRITES = (ActionKind.PMS_CREATE, ActionKind.PMS_MODIFY, ActionKind.PMS_CANCEL)


class Dialogue:
    """One call's deep understanding. Not thread-safe: owned by the INTEL handler of this call."""

    def __init__(
        self,
        settings: Settings,
        today: dt.date,
        caller_id: str | None = None,
        backend: UnderstandingBackend | None = None,
        state: DialogueState | None = None,
        keypad: bool = False,
    ):
        """``keypad``: the call is a phone call whose keypad can type a number (SIP)."""
        self.settings = settings
        self.hotel = HotelView(settings)
        self.backend = backend or make_backend(settings)
        self.state = state or DialogueState(
            today=today.isoformat(), caller_id=caller_id, keypad=keypad
        )
        self.words = Wording(self.hotel)

    @property
    def policy(self) -> Policy:
        # Built per use: the state object may be replaced (restore, tests) at any time.
        return Policy(self.state, self.hotel, self.words)

    # ---- persistence -------------------------------------------------------------------
    def dump(self) -> bytes:
        return msgspec.msgpack.encode(self.state)

    @classmethod
    def restore(
        cls, settings: Settings, blob: bytes, backend: UnderstandingBackend | None = None
    ) -> Dialogue:
        state = msgspec.msgpack.decode(blob, type=DialogueState)
        return cls(settings, dt.date.fromisoformat(state.today), state.caller_id, backend, state)

    @property
    def today(self) -> dt.date:
        return dt.date.fromisoformat(self.state.today)

    @property
    def caller_verification(self) -> float:
        return self.state.verification

    # ---- inputs ------------------------------------------------------------------------
    def on_transcript(self, t: Transcript) -> Proposal:
        s = self.state
        s.turn = t.turn or s.turn + 1
        if t.caller_id and not s.caller_id:
            s.caller_id = t.caller_id
        if t.keypad:
            # typed on the phone's keypad: the digits exactly, nothing for the ear or the
            # understanding to doubt (or to misread as a date or a party)
            s.asr_confidence = s.last_understanding = 1.0
            s.last_flags = []
            return self._emit(self.policy.keyed("".join(c for c in t.text if c.isdigit())))
        s.asr_confidence = float(getattr(t, "confidence", 1.0) or 0.0)
        ctx = Context(
            today=self.today,
            lang=s.lang,
            asked=_open_question(s),
            awaiting_confirmation=bool(s.pending and s.pending.stage == "confirm")
            or s.clarify is not None
            or s.offer_human
            or s.asked in ("name_confirm", "one_room", "booking_confirm"),
            arrival=_known_arrival(s.slots.get("arrival")),
            guests=_known_guests(s.slots.get("guests")),
        )
        policy = self.policy
        try:
            u = self.backend.understand(t.text, ctx)
        except UnderstandingError:
            s.last_understanding = 0.0
            return self._emit(policy.not_understood())
        s.lang = u.lang
        s.last_understanding = u.confidence
        s.last_flags = list(u.flags)
        if (FLAG_EMPTY in u.flags or FLAG_GARBAGE in u.flags) and not u.slots:
            # (a spelled name or number looks like garbage to the text cleaner; its slots count)
            return self._emit(policy.not_understood(u))
        return self._emit(policy.turn(u))

    def on_result(self, r: ActionResult) -> Proposal | None:
        """The executor's outcome of an action this dialogue proposed; None if it isn't ours."""
        step = self.policy.on_result(r)
        if step is None:
            return None
        p = self._emit(step)
        p.origin = ORIGIN_RESULT
        return p

    def on_rejected(self, decision: Decision) -> Proposal:
        """What to say when the decision core refuses one of our proposals."""
        self.state.decisions = True
        return self._emit(self.policy.on_rejected(decision))

    def on_decision(self, decision: Decision) -> Proposal | None:
        """Every verdict of the decision core on this call's turns (approved or not).

        A driver that reports them makes the write rule strict: a yes writes only when the
        read-back it answers was approved, i.e. really spoken (a turn COMMAND answered
        otherwise — STRIKE's reply, a fallback, a busy hand-over — reads nothing back).
        """
        if not decision.approved:
            return self.on_rejected(decision)
        self.state.decisions = True
        self.policy.on_approved(decision)
        return None

    def evidence(self) -> list[Evidence]:
        """Evidence the INTEL process sends with its latest proposal."""
        s = self.state
        ev = [
            Evidence(
                source="understanding_confidence", value=round(s.last_understanding, 4), turn=s.turn
            ),
            Evidence(
                source="slot_validation", value=1.0 if self._slots_valid() else 0.2, turn=s.turn
            ),
        ]
        # A booking found and verified stays the caller's for the rest of the call: the words
        # that read it back come after the look-up finished and need the verification too.
        if s.task in ("modify", "cancel", "lookup") or s.reservation is not None:
            ev.append(Evidence(source="caller_verification", value=s.verification, turn=s.turn))
        return ev

    # ---- output ------------------------------------------------------------------------
    def _emit(self, step: Step) -> Proposal:
        """The step as a Proposal; a write waiting for a yes survives only its own read-back."""
        s = self.state
        if _offers_keypad(s, step):
            step.text = self.words.join(step.text, self.words.say("keypad_offer", s.lang))
            step.keypad = True
        if s.pending and s.pending.stage == "confirm" and not step.readback:
            s.pending = None
        elif s.pending and s.pending.stage == "confirm" and step.readback:
            s.pending.turn = s.turn
        s.said, s.said_turn, s.heard = step.action, s.turn, False  # heard once approved
        if step.text:
            s.last_reply = step.text
        args = dict(step.args) if step.args is not None else {"text": step.text}
        reask = self.policy.reask_words()
        if step.action == ActionKind.SPEAK_ASK and reask:
            # The same question in other words, fixed text without data: what COMMAND can say
            # when it refuses this proposal ("asked again in other words", not a colleague).
            args["reask"] = reask
        # a question that leaves the number open (asked, or asked again in other words)
        expect = step.expect or (expects(s.asked, "") if s.asked and s.asked_open else "")
        if expect and step.action == ActionKind.SPEAK_ASK:
            args["expect"] = expect
        if step.keypad:
            args["keypad"] = True  # the SIP user agent opens the keypad (media/sip/keypad.py)
        return Proposal(
            action=step.action,
            turn=s.turn,
            intent=step.intent,
            confidence=round(s.last_understanding, 4),
            args=args_for(step.action, args),  # the kind's typed arguments (ipc/payloads.py)
            reply=step.text,
            slots=dict(s.slots),
            missing=self._missing(),
            origin=ORIGIN,
        )

    def _missing(self) -> list[str]:
        s, sl = self.state, self.state.slots
        if s.task == "book":
            need = ["arrival", "departure", "guests", "room_type", "guest_name"]
        elif s.task in ("modify", "cancel", "lookup") and not s.verified:
            need = ["confirmation", "guest_name"]
        elif s.task == "modify":
            need = ["arrival", "departure"]
        else:
            need = []
        return [k for k in need if not sl.get(k)]

    def _slots_valid(self) -> bool:
        sl: dict[str, Any] = self.state.slots
        try:
            if sl.get("arrival") and dt.date.fromisoformat(sl["arrival"]) < self.today:
                return False
            if sl.get("arrival") and sl.get("departure"):
                return sl["departure"] > sl["arrival"]
        except ValueError:
            return False
        return not (sl.get("room_type") and self.hotel.room(sl["room_type"]) is None)


# The questions whose answer the understanding reads as that slot (Context.asked).
_SLOT_QUESTIONS = ("arrival", "nights", "guests", "room_type", "guest_name", "confirmation")


def _offers_keypad(s: DialogueState, step: Step) -> bool:
    """The number is asked again after it was not found or not heard, on a phone with a keypad."""
    return (
        s.keypad
        and s.number_missed > 0
        and step.action == ActionKind.SPEAK_ASK
        and s.asked == "confirmation"
        and s.asked_open
    )


def _known_arrival(iso: object) -> dt.date | None:
    """The stay's arrival so far, for reading a departure said alone ("until Thursday")."""
    try:
        return dt.date.fromisoformat(str(iso)) if iso else None
    except ValueError:
        return None


def _known_guests(value: object) -> int | None:
    """The party so far, for reading "the same number of people" in a later turn."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _open_question(s: DialogueState) -> str | None:
    """The slot our last question asked for; while a colleague is on offer, the one asked
    before it (the caller may ignore the offer and answer that)."""
    asked = s.asked if not s.offer_human or s.asked else s.asked_before_offer
    return asked if asked in _SLOT_QUESTIONS else None
