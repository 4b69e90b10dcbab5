"""COMMAND's brain: one state machine per call, no I/O of its own.

Why pure: the process wrapper (agents/command/agent.py) owns the rings and the
clock; this class only turns incoming bodies into outgoing ones, so every
transition is testable without processes, and a restarted COMMAND resumes from
``snapshot()`` with exactly the state it had.

A turn goes: caller's Transcript -> gather STRIKE's and INTEL's proposals and
SENTINEL's risk evidence (or a deadline) -> merge -> for speech, SENTINEL checks
the outgoing text first -> the decision core approves or picks a fallback ->
an approved action goes with its token to its executor -> a PMS result goes
back to INTEL, whose next proposal runs through the same path -> the turn ends
when something has been said.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import msgspec

from agents.command.complaints import is_complaint
from agents.command.fallbacks import FALLBACK_ACTION, done_text, fallback_text
from bayes.vocabulary import PURPOSE_DISCLOSE_BOOKING
from fabric.health import evidence_from_health
from ipc.actions import ActionKind
from ipc.control import (
    CALL_ENDED,
    LINE_OPS,
    BargeIn,
    Busy,
    CallDone,
    CallEnd,
    CallStart,
    Dtmf,
    Greet,
    Hangup,
    LineOp,
    Silence,
    TransferStatus,
    TurnDone,
    TurnUpdate,
    fields_of,
)
from ipc.messages import (
    ActionResult,
    AgentId,
    Alert,
    ApprovedAction,
    Body,
    CallControl,
    Decision,
    Evidence,
    Health,
    Proposal,
    Severity,
    Transcript,
    body_dict,
)
from ipc.payloads import (
    Booking,
    BookingsFound,
    EndCallArgs,
    FailureCode,
    Modified,
    PmsFailure,
    Reserved,
    SpeechArgs,
    TransferArgs,
    TransferOutcome,
    args_for,
    plain,
    speech_text,
)

GATHER_TIMEOUT_S = 2.0
OUTGOING_TIMEOUT_S = 1.0
RESULT_TIMEOUT_S = 8.0  # the default turn budget (agents.turn_budget_s)

# What a call that changed something in the PMS is on record as (never overwritten by a
# transfer offered after it: the booking exists).
WRITE_OUTCOMES = ("booked", "modified", "cancelled")

# PMS actions that change something: what became of them is always told to the caller.
WRITES = (ActionKind.PMS_CREATE, ActionKind.PMS_MODIFY, ActionKind.PMS_CANCEL)

# STRIKE's proposal that only covers INTEL's latency ("one moment"): agents/strike/fast.py.
STRIKE_ACK = "strike:ack"
# INTEL's answer to the caller's words (agents/intel/dialogue.py, ORIGIN); its follow-up to
# an executor's result says "intel:result" (ORIGIN_RESULT)
INTEL_TURN = "intel"

# Intents for which the deep path (INTEL) speaks; otherwise STRIKE's quick answer may win.
TRANSACTIONAL = {"book", "modify", "cancel", "lookup", "provide_info", "affirm", "deny"}

# What INTEL may say a call came to (PMS results set booked/modified/cancelled).
DIALOGUE_OUTCOMES = {"answered", "refused", "transferred"}

# Actions on an existing booking: the caller must have proved who they are.
VERIFIED_ACTIONS = {ActionKind.PMS_MODIFY, ActionKind.PMS_CANCEL, ActionKind.PMS_FIND_BOOKING}

# Evidence and who alone may send it (the frame's source, not what the body claims).
EVIDENCE_FROM: dict[str, AgentId] = {
    "understanding_confidence": AgentId.INTEL,
    "slot_validation": AgentId.INTEL,
    "caller_verification": AgentId.INTEL,
    "sentinel_risk": AgentId.SENTINEL,
    "sentinel_outgoing": AgentId.SENTINEL,
}

# Actions whose words SENTINEL checks before they are spoken.
SPOKEN = ("speak.", "transfer.", "call.")
# Unsure turns in a row that are asked again (the second in other words) before the core's
# "retrying" state leaves only a colleague or an apology: one "say that again" is often not
# enough on a phone line (issue 10 §4: an unsure turn is asked again in other words).
REASKS_BEFORE_OFFER = 2

OUTCOME_OF_ACTION = {
    ActionKind.PMS_CREATE: "booked",
    ActionKind.PMS_MODIFY: "modified",
    ActionKind.PMS_CANCEL: "cancelled",
    ActionKind.TRANSFER_HUMAN: "transferred",
}


@dataclass
class Out:
    """One frame COMMAND wants sent."""

    target: AgentId
    call_id: str
    body: Body


class DecisionCoreLike(Protocol):
    def decide(self, action: str, evidence: dict[str, float], **kw: Any) -> Any: ...

    def record_outcome(self, action: str, outcome: str, **kw: Any) -> Any: ...


class TurnAction(msgspec.Struct):
    kind: str
    args: dict[str, Any]
    approved: bool
    posterior: float
    decision_id: str
    result: dict[str, Any] | None = None


class CallState(msgspec.Struct):
    call_id: str
    caller_id: str | None = None
    lang: str = "en"
    turn: int = 0
    phase: str = "idle"  # idle | gathering | outgoing | awaiting_result | ended
    deadline: float = 0.0
    asr_confidence: float = 1.0
    caller_text: str = ""
    strike: Proposal | None = None
    intel: Proposal | None = None
    risk: Evidence | None = None
    chosen: Proposal | None = None
    chosen_src: int = 0  # the AgentId whose frame the chosen proposal came in
    chosen_terms: dict[str, float] = {}
    pending: dict[str, TurnAction] = {}
    actions: list[TurnAction] = []
    replies: list[str] = []
    last_action: str = ""
    last_decision: str = ""  # the decision that approved last_action (outcomes judge it)
    outcome: str = "in_progress"
    vetoed: bool = False
    retries: int = 0  # consecutive turns that ended in "say that again"
    intel_evidence: dict[str, float] = {}  # INTEL's own evidence for its latest proposal
    seen_guests: list[str] = []  # names PMS results showed during this call
    seen_bookings: list[str] = []  # confirmation numbers PMS results showed
    # the caller's own: a booking made in this call (its guest and number) is the caller's
    own_guests: list[str] = []
    own_bookings: list[str] = []
    # Frames of a turn whose transcript has not reached us yet (another link was faster).
    early: list[tuple[int, Proposal | Evidence]] = []
    history: list[dict[str, Any]] = []
    # OPS advised shedding load when this call began: its first turn goes to a person
    shed: bool = False
    # a look-up found a booking this turn: INTEL's next words disclose it (verification needed)
    disclosing: bool = False
    # SENTINEL's verdict was missing for a decision: alerted once per call and outage
    sentinel_missing_alerted: bool = False
    # Writes whose result came back but no words have told the caller yet (INTEL's
    # follow-up normally does): {"action", "ok", "ref"}. COMMAND says them itself when
    # INTEL cannot (dead, late, refused), so an action carried out is never left unsaid.
    unspoken: list[dict[str, Any]] = []
    # Writes whose result did not come within the turn budget: the caller was told it is
    # not confirmed yet; the result, when it comes, is told in a turn update.
    late: dict[str, TurnAction] = {}
    turn_started: float = 0.0  # when the caller's words of this turn arrived (monotonic)


class Coordinator:
    """All calls' state machines; ``on_message`` and ``on_tick`` return frames to send."""

    def __init__(
        self,
        core: DecisionCoreLike,
        issue_token: Callable[[str, dict[str, Any], str, str], str],
        *,
        record: Callable[[str, dict[str, Any]], None] | None = None,
        hotel_id: str = "demo",
        clock: Callable[[], float] = time.monotonic,
        shed_new_calls: bool = True,
        can_transfer: bool = False,
        turn_budget_s: float = RESULT_TIMEOUT_S,
    ):
        self.core = core
        self.issue_token = issue_token
        self.record = record or (lambda kind, row: None)
        self.hotel_id = hotel_id
        self.clock = clock
        self.calls: dict[str, CallState] = {}
        self.health: Health | None = None  # OPS's latest view (per-dependency scores)
        self.shed_load = False
        self.shed_new_calls = shed_new_calls  # act on OPS's advice (agents.shed_new_calls)
        # a transfer target is configured (hotel.reception.transfer_uri): a shed call is
        # handed to a colleague; otherwise the caller is asked to call again, honestly
        self.can_transfer = can_transfer
        self.turn_budget_s = turn_budget_s  # agents.turn_budget_s: the longest silence

    # -- persistence -------------------------------------------------------
    def snapshot(self) -> bytes:
        return msgspec.msgpack.encode(
            {"calls": self.calls, "health": self.health, "shed": self.shed_load}
        )

    def restore(self, blob: bytes) -> None:
        data = msgspec.msgpack.decode(blob, type=dict[str, Any])
        conv = msgspec.convert(data.get("calls", {}), dict[str, CallState])
        self.calls = conv
        h = data.get("health")
        self.health = msgspec.convert(h, Health) if h is not None else None
        self.shed_load = bool(data.get("shed"))
        now = self.clock()
        for st in self.calls.values():  # deadlines are monotonic times of the dead process
            st.turn_started = now
            if st.phase == "awaiting_result" and st.pending:
                st.deadline = now + self.turn_budget_s  # the executor's answer may be on its way
            elif st.phase != "idle":
                st.deadline = now + GATHER_TIMEOUT_S

    # -- dispatch ----------------------------------------------------------
    def on_message(self, src: AgentId, call_id: str, body: Body) -> list[Out]:
        if isinstance(body, Health):
            self.health = body
            self.shed_load = body.shed_load
            return []
        if isinstance(body, CallControl):
            return self._on_control(call_id, body)
        st = self.calls.get(call_id)
        if st is None and isinstance(body, ActionResult) and src != AgentId.MEDIA:
            # the result of an action of a call that has ended (the caller hung up while
            # the PMS worked): the write happened or not, and the ledger says which
            self.record(
                "result", {"call_id": call_id, "turn": body.turn, "result": body_dict(body)}
            )
            return []
        if st is None or st.phase == "ended":
            return []
        if isinstance(body, Transcript):
            return self._on_transcript(st, body)
        if isinstance(body, (Proposal, Evidence)) and body.turn > st.turn:
            st.early.append((int(src), body))  # replayed when its transcript arrives
            del st.early[:-32]
            return []
        if isinstance(body, Proposal):
            return self._on_proposal(st, src, body)
        if isinstance(body, Evidence):
            entitled = EVIDENCE_FROM.get(body.source)
            if entitled is None or src != entitled:
                return self._forged_evidence(st, src, body)
            if src == AgentId.INTEL:
                st.intel_evidence[body.source] = body.value
                return []
            return self._on_evidence(st, body)
        if isinstance(body, ActionResult):
            return self._on_result(st, src, body)
        return []

    def on_undeliverable(self, target: AgentId, call_id: str, body: Body) -> list[Out]:
        """A frame COMMAND sent could not be delivered (its consumer is not reading).

        An approval for the PMS worker that never reached it cannot be carried out: the
        caller is told at once that something is not working and offered a colleague,
        instead of waiting for a result that cannot come. Other links need nothing here:
        the outgoing check's deadline refuses unchecked words, and a caller whose words
        cannot reach MEDIA cannot hear anything anyway.
        """
        st = self.calls.get(call_id)
        if st is None or target != AgentId.PMS or not isinstance(body, ApprovedAction):
            return []
        ta = st.pending.pop(body.decision_id, None)
        if ta is None:
            return []
        ta.result = {"ok": False, "error": "the PMS worker is not taking requests"}
        return self._speak_fallback(
            st, ActionKind.FALLBACK_UNAVAILABLE, "the PMS worker is not reading its ring"
        )

    def _forged_evidence(self, st: CallState, src: AgentId, e: Evidence) -> list[Out]:
        """Evidence from an agent not entitled to send it: ignored, and alerted."""
        entitled = EVIDENCE_FROM.get(e.source)
        why = (
            f"only {entitled.name} may send it"
            if entitled is not None
            else "unknown evidence source"
        )
        alert = Alert(
            alert_id=uuid.uuid4().hex,
            severity=Severity.CRITICAL,
            category="evidence.forged",
            message=f"COMMAND ignored {e.source} evidence from {src.name}: {why}",
            evidence={"call_id": st.call_id, "source": e.source, "from": src.name, "turn": e.turn},
        )
        self.record("alert", {"call_id": st.call_id, "alert": alert})
        return [Out(AgentId.SENTINEL, st.call_id, alert)]

    def on_tick(self) -> list[Out]:
        out: list[Out] = []
        now = self.clock()
        for st in list(self.calls.values()):
            if st.phase == "gathering" and now >= st.deadline:
                if self._intel_owes_the_turn(st):
                    if now < st.turn_started + self.turn_budget_s:
                        # INTEL is late or restarting (it gets the caller's words again):
                        # wait for it up to the turn budget rather than answer with a
                        # "one moment" that promises work nobody is doing.
                        st.deadline = st.turn_started + self.turn_budget_s
                        continue
                    out += self._speak_fallback(
                        st, ActionKind.FALLBACK_UNAVAILABLE, "INTEL did not answer within the turn budget"
                    )
                    continue
                out += self._resolve(st)
            elif st.phase == "outgoing" and now >= st.deadline:
                # SENTINEL did not check the words in time: the core refuses them (its
                # required sentinel_risk is missing) and the caller is offered reception.
                out += self._decide_chosen(st, outgoing=None)
            elif st.phase == "closing" and now >= st.deadline:
                # hung up mid-action and no result in time: on record as such; a result
                # that still comes is recorded on its own (on_message)
                st.outcome = "ended_action_unconfirmed"
                out += self._close(st, CallControl(Hangup()))
            elif st.phase == "awaiting_result" and now >= st.deadline:
                if st.pending:
                    # No answer within the turn budget: say so (nothing is claimed either
                    # way), keep waiting, and tell the caller when the result comes.
                    st.late.update(st.pending)
                    st.pending.clear()
                    out += self._speak_fallback(
                        st,
                        ActionKind.FALLBACK_PENDING,
                        "no answer from the PMS within the turn budget",
                    )
                elif st.unspoken:
                    # The result is here but INTEL did not follow it up in time (dead,
                    # restarting): COMMAND tells the caller what became of the request.
                    out += self._speak_fallback(
                        st,
                        _verdict(st.unspoken),
                        "INTEL did not follow up the PMS result in time",
                    )
                else:
                    out += self._speak_fallback(
                        st,
                        ActionKind.FALLBACK_OFFER_HUMAN,
                        "no follow-up after the executor's answer",
                    )
        return out

    @staticmethod
    def _intel_owes_the_turn(st: CallState) -> bool:
        """No proposal from INTEL, and STRIKE only covered its latency (or said nothing)."""
        if st.intel is not None or (st.risk is not None and st.risk.veto):
            return False
        return st.strike is not None and st.strike.origin == STRIKE_ACK

    # -- call lifecycle ----------------------------------------------------
    def _on_control(self, call_id: str, body: CallControl) -> list[Out]:
        c = body.ctl
        if isinstance(c, CallStart):
            if call_id not in self.calls:
                # Shedding load means no new automated work: a call that begins while
                # OPS advises it is handed to a colleague on its first turn (calls under
                # way are not cut off; they finish as they would have).
                shed = self.shed_load and self.shed_new_calls
                self.calls[call_id] = CallState(
                    call_id=call_id, caller_id=c.caller_id, shed=shed
                )
                self.record("call", {"call_id": call_id, "caller_id": c.caller_id, "shed": shed})
            return []
        st = self.calls.get(call_id)
        if st is None:
            return []
        if isinstance(c, CALL_ENDED):
            if st.phase == "awaiting_result" and st.pending:
                # The caller hung up while an approved action runs at the PMS: it is not
                # called back, and the call closes once its result is in (or the result
                # deadline passed), so the ledger says whether the write was carried out.
                st.phase = "closing"
                st.deadline = self.clock() + RESULT_TIMEOUT_S
                return []
            if st.phase == "closing":
                return []
            return self._close(st, body)
        if isinstance(c, LINE_OPS):
            return self._on_line(st, c)
        if isinstance(c, BargeIn):  # only what the caller heard counts, on record too
            heard = c.heard
            if st.history:
                st.history[-1]["heard"] = heard
            self.record("heard", {"call_id": call_id, "turn": st.turn, "heard": heard})
            return [Out(AgentId.INTEL, call_id, body)]
        return []

    def _close(self, st: CallState, body: CallControl) -> list[Out]:
        call_id = st.call_id
        c = body.ctl
        if st.outcome == "in_progress" and isinstance(c, CallEnd) and c.reason == "taken_over":
            st.outcome = "transferred"  # the reception took the call over (the console)
        elif st.outcome == "in_progress":
            spoke = any(h.get("turn", 0) > 0 for h in st.history)
            st.outcome = "answered" if spoke else "abandoned"
        st.phase = "ended"
        self.record("call_end", {"call_id": call_id, "outcome": st.outcome})
        done = CallControl(CallDone(outcome=st.outcome, turns=st.turn))
        del self.calls[call_id]
        return [Out(AgentId.MEDIA, call_id, done), Out(AgentId.INTEL, call_id, body)]

    # -- the phone line (media/sip/, docs/telephony.md) ----------------------
    def _on_line(self, st: CallState, c: LineOp) -> list[Out]:
        """What the phone line asks: fixed words, each decided by the core like any action."""
        if st.phase == "closing":
            return []
        if isinstance(c, Greet):
            if st.turn or st.history:
                return []
            return self._line_says(st, ActionKind.FALLBACK_GREETING, "the call was answered")
        if isinstance(c, Busy):
            if st.turn or st.history:
                return []
            st.shed = True
            return self._line_says(
                st, ActionKind.FALLBACK_BUSY, "more calls than telephony.max_calls"
            )
        if isinstance(c, Dtmf):
            self.record("line", {"call_id": st.call_id, "event": "dtmf", "digit": c.digit})
            if c.digit == "0":
                return self._line_says(st, ActionKind.FALLBACK_RECEPTION, "the caller pressed 0")
            return []
        if isinstance(c, Silence):
            if c.stage == "goodbye":
                return self._line_says(
                    st, ActionKind.FALLBACK_SILENCE_GOODBYE, "the caller is silent"
                )
            return self._line_says(st, ActionKind.FALLBACK_SILENCE_PROMPT, "the caller is silent")
        if isinstance(c, TransferStatus):
            return self._transfer_result(st, c)
        return []

    def _line_says(self, st: CallState, fallback: str, why: str) -> list[Out]:
        if st.phase in ("gathering", "outgoing"):
            st.early = []  # the line's event answers this turn; the agents' answers are late
        st.pending.clear()
        return self._speak_fallback(st, fallback, why)

    def _transfer_result(self, st: CallState, t: TransferStatus) -> list[Out]:
        """The SIP REFER's fate: on record with the call's summary; a failure is a callback."""
        summary = self._summary(st)
        outcome = TransferOutcome(refer_to=t.to, sip_status=t.status, summary=summary)
        self.record(
            "result",
            {
                "call_id": st.call_id,
                "turn": st.turn,
                "result": {
                    "decision_id": t.decision_id,
                    "action": ActionKind.TRANSFER_HUMAN,
                    "ok": t.ok,
                    "result": plain(outcome),
                    "error": None if t.ok else (t.reason or "transfer failed"),
                },
            },
        )
        if t.ok:
            st.outcome = "transferred"
            return []
        st.outcome = "callback"
        reason = t.reason or f"the transfer failed ({t.status})"
        self.record("callback", {"call_id": st.call_id, "reason": reason, "summary": summary})
        return self._line_says(st, ActionKind.FALLBACK_CALLBACK, reason)

    def _summary(self, st: CallState) -> str:
        """What the call was about, for the person who takes it over (redacted on record)."""
        parts = []
        for h in st.history:
            if h.get("caller"):
                parts.append(f"caller: {h['caller']}")
            done = [
                a["kind"]
                for a in h.get("actions", ())
                if a.get("approved") and str(a.get("kind", "")).startswith("pms.")
            ]
            if done:
                parts.append("done: " + ", ".join(done))
        parts.append(f"outcome so far: {st.outcome}")
        return " | ".join(parts)[-2000:]

    def _on_transcript(self, st: CallState, t: Transcript) -> list[Out]:
        if t.turn <= st.turn and st.phase != "idle":
            return []  # a re-sent frame of a turn already under way
        if t.turn <= st.turn and any(h.get("turn") == t.turn for h in st.history):
            return self._replay_summary(st, t.turn)
        st.turn = t.turn
        st.phase = "gathering"
        st.turn_started = self.clock()
        st.deadline = st.turn_started + GATHER_TIMEOUT_S
        st.asr_confidence = t.confidence
        st.lang = t.lang or st.lang
        st.caller_text = t.text
        self._judge_last_action(st, t.text)
        st.strike = st.intel = st.risk = st.chosen = None
        st.actions, st.replies, st.pending = [], [], {}
        st.unspoken = []
        st.intel_evidence = {}
        st.vetoed = False
        st.disclosing = False
        out: list[Out] = []
        if st.shed and not st.history:
            st.early = []  # the agents' answers to this turn are not waited for
            st.phase = "outgoing"  # nothing more to gather: the transfer is the answer
            if self.can_transfer:
                return self._speak_fallback(
                    st, ActionKind.FALLBACK_BUSY, "OPS advised shedding load"
                )
            st.outcome = "busy"  # asked to call again: nobody took the call
            return self._speak_fallback(
                st, ActionKind.FALLBACK_CALL_AGAIN, "OPS advised shedding load"
            )
        ready = [(src, b) for src, b in st.early if b.turn == t.turn]
        st.early = [(src, b) for src, b in st.early if b.turn > t.turn]
        for src, b in ready:
            out += self.on_message(AgentId(src), st.call_id, b)
        return out

    def _replay_summary(self, st: CallState, turn: int) -> list[Out]:
        summary = next(h for h in st.history if h.get("turn") == turn)
        return [Out(AgentId.MEDIA, st.call_id, CallControl(msgspec.convert(summary, TurnDone)))]

    def _on_proposal(self, st: CallState, src: AgentId, p: Proposal) -> list[Out]:
        if p.turn != st.turn:
            return []
        if src == AgentId.SENTINEL:
            return []
        if st.phase == "gathering":
            if src == AgentId.STRIKE:
                st.strike = p
            elif src == AgentId.INTEL:
                st.intel = p
            return self._maybe_resolve(st)
        if st.phase == "awaiting_result" and src == AgentId.INTEL and not st.pending:
            # INTEL's follow-up to a PMS result: no STRIKE race on follow-ups.
            st.chosen = p
            st.chosen_src = int(AgentId.INTEL)
            return self._process_chosen(st)
        return []

    def _on_evidence(self, st: CallState, e: Evidence) -> list[Out]:
        if e.turn != st.turn:
            return []
        if e.source == "sentinel_outgoing":
            if st.phase == "outgoing":
                return self._decide_chosen(st, outgoing=e)
            return []
        st.risk = e
        if st.phase == "gathering":
            if e.veto:
                return self._resolve(st)
            return self._maybe_resolve(st)
        return []

    def _maybe_resolve(self, st: CallState) -> list[Out]:
        if st.intel is not None and st.strike is not None and st.risk is not None:
            return self._resolve(st)
        return []

    # -- merging -----------------------------------------------------------
    def _merge(self, st: CallState) -> Proposal | None:
        """Conflict resolution: INTEL owns transactions, STRIKE owns facts and small talk."""
        s, i = st.strike, st.intel
        if i is None:
            return s
        if s is None:
            return i
        if i.intent in TRANSACTIONAL or i.action.startswith("pms."):
            return i
        if s.intent.startswith("fact.") or (
            s.confidence > i.confidence and i.intent in ("", "unknown")
        ):
            return s
        return i

    def _agreement(self, st: CallState) -> float | None:
        """Do the fast and the deep path read the caller alike? None when the question is moot.

        Only a STRIKE *answer* is a second opinion: its acknowledgements, and its reading of
        a fragment in the middle of INTEL's task ("the 27th to the 29th"), are not.
        """
        s, i = st.strike, st.intel
        if s is None or i is None or not s.intent or not i.intent:
            return None
        if s.intent == i.intent:
            return 0.95
        if s.origin != "strike:answer" or "unknown" in (s.intent, i.intent):
            return None
        if i.intent in TRANSACTIONAL:
            return None
        return 0.35

    def _resolve(self, st: CallState) -> list[Out]:
        chosen = self._merge(st)
        if st.risk is not None and st.risk.veto:
            # A critical finding decides the turn at once, whatever was proposed: the
            # core records the veto (explainable) and picks the veto fallback.
            chosen = chosen or Proposal(action=ActionKind.SPEAK_ANSWER, turn=st.turn, intent="unknown")
            st.chosen = chosen
            st.chosen_src = int(AgentId.INTEL) if chosen is st.intel else int(AgentId.STRIKE)
            return self._decide_chosen(st, outgoing=None)
        if chosen is None:
            return self._speak_fallback(st, ActionKind.FALLBACK_ASK_AGAIN, "nothing understood in time")
        st.chosen = chosen
        st.chosen_src = int(AgentId.INTEL) if chosen is st.intel else int(AgentId.STRIKE)
        self.record(
            "proposal",
            {
                "call_id": st.call_id,
                "turn": st.turn,
                "strike": _p(st.strike),
                "intel": _p(st.intel),
            },
        )
        return self._process_chosen(st)

    def _evidence_for(
        self, st: CallState, p: Proposal, outgoing: Evidence | None = None
    ) -> dict[str, float]:
        ev: dict[str, float] = {"asr_confidence": st.asr_confidence}
        # INTEL's evidence supports INTEL's proposals only: the frame's source decides,
        # never what a proposal says its origin is.
        from_intel = st.chosen_src == int(AgentId.INTEL)
        mine = st.intel_evidence if from_intel else {}
        conf = mine.get("understanding_confidence", p.confidence)
        if conf:
            ev["understanding_confidence"] = conf
        agree = self._agreement(st)
        if agree is not None:
            ev["agreement"] = agree
        if p.action.startswith("pms."):
            ev["slot_validation"] = mine.get("slot_validation", 0.3 if p.missing else 0.95)
        if self.health is not None:  # the weakest part this action depends on
            ev["ops_health"] = evidence_from_health(self.health, p.action)
        if "caller_verification" in mine and (p.action in VERIFIED_ACTIONS or st.disclosing):
            ev["caller_verification"] = mine["caller_verification"]
        # SENTINEL's verdict, which the core requires: for words, its check of these very
        # words (and of the caller's turn); for anything else, its check of the caller's turn.
        if p.action.startswith(SPOKEN):
            if outgoing is not None and st.risk is not None:
                ev["sentinel_risk"] = min(st.risk.value, outgoing.value)
            elif st.risk is not None and st.risk.veto:  # the turn's verdict decides the words
                ev["sentinel_risk"] = st.risk.value
        elif st.risk is not None:
            ev["sentinel_risk"] = st.risk.value
        return ev

    def _process_chosen(self, st: CallState) -> list[Out]:
        p = st.chosen
        assert p is not None
        if (
            st.unspoken
            and st.chosen_src == int(AgentId.INTEL)
            and p.origin == INTEL_TURN
            and not p.action.startswith("transfer.")
        ):
            # INTEL speaks after the write's result, but not of it (a restarted INTEL lost the
            # dialogue and answers the caller's words afresh): what became of the write is
            # said instead, in COMMAND's fixed words (_fallback_words clears the list).
            return self._speak_fallback(
                st, _verdict(st.unspoken), "INTEL's reply does not follow up the PMS result"
            )
        if p.action.startswith(SPOKEN):
            st.phase = "outgoing"
            st.deadline = self.clock() + OUTGOING_TIMEOUT_S
            # the call's people travel with the words: whose name and booking may be spoken
            check = Proposal(
                action=p.action,
                turn=st.turn,
                intent=p.intent,
                reply=p.reply,
                origin="COMMAND",
                slots={"context": self._people(st, p)},
            )
            return [Out(AgentId.SENTINEL, st.call_id, check)]
        return self._decide_chosen(st, outgoing=None)

    # -- deciding and executing ---------------------------------------------
    def _decide_chosen(self, st: CallState, outgoing: Evidence | None) -> list[Out]:
        p = st.chosen
        assert p is not None
        evidence = self._evidence_for(st, p, outgoing)
        severity = st.risk.severity if st.risk is not None else None
        if outgoing is not None and (severity is None or outgoing.severity > severity):
            severity = outgoing.severity
        if (st.risk is not None and st.risk.veto) or (outgoing is not None and outgoing.veto):
            severity = Severity.CRITICAL
        spoken = p.action.startswith(SPOKEN)
        purpose = PURPOSE_DISCLOSE_BOOKING if st.disclosing and spoken else ""
        if spoken:
            st.disclosing = False  # these are the words that carry the look-up's result
        d = self.core.decide(
            p.action,
            evidence,
            sentinel=severity,
            state=_core_state(st),
            call_id=st.call_id,
            hotel_id=self.hotel_id,
            turn=st.turn,
            purpose=purpose,
        )
        self.record(
            "decision", {"call_id": st.call_id, "turn": st.turn, "outcome": d, "evidence": evidence}
        )
        decision = Decision(
            decision_id=d.decision_id,
            action=p.action,
            approved=d.approved,
            posterior=d.posterior,
            threshold=d.threshold,
            terms=dict(d.terms),
            fallback=d.fallback,
            reason=d.reason,
            turn=st.turn,
        )
        ta = TurnAction(p.action, plain(p.args) or {}, d.approved, d.posterior, d.decision_id)
        st.actions.append(ta)
        out = [Out(AgentId.INTEL, st.call_id, decision)]
        if severity is not None and severity >= Severity.CRITICAL:
            st.vetoed = True
        unmet = getattr(d, "unmet", None) or {}
        if "sentinel_risk" in unmet and not d.vetoed:  # a veto is SENTINEL answering
            out += self._sentinel_missing(st, p.action)
        if not d.approved:
            fb = d.fallback or ActionKind.FALLBACK_OFFER_HUMAN
            if "caller_verification" in unmet and not st.vetoed:
                st.outcome = "refused"  # another guest's booking, or an unproven caller
            return out + self._speak_fallback(st, fb, d.reason)
        self._learn_from_intent(st, p)
        st.last_action = p.action
        st.last_decision = d.decision_id
        st.retries = 0
        args = p.args
        if args is None and p.action.startswith(SPOKEN):
            args = args_for(p.action, None)  # words only: the reply below
        if isinstance(args, SpeechArgs | TransferArgs | EndCallArgs):
            # the words the media worker says: the proposal's reply, in the call's language
            args = msgspec.structs.replace(args, text=args.text or p.reply, lang=st.lang)
        token = self.issue_token(p.action, args, st.call_id, d.decision_id)
        self.record(
            "action",
            {"call_id": st.call_id, "decision_id": d.decision_id, "action": p.action, "args": args},
        )
        approved = ApprovedAction(
            decision_id=d.decision_id, action=p.action, args=args, token=token, turn=st.turn
        )
        if p.action.startswith("pms."):
            st.phase = "awaiting_result"
            st.deadline = self.clock() + self.turn_budget_s
            st.pending[d.decision_id] = ta
            return out + [Out(AgentId.PMS, st.call_id, approved)]
        return out + self._say(st, approved)

    def _say(self, st: CallState, approved: ApprovedAction) -> list[Out]:
        text = speech_text(approved.args)
        st.replies.append(text)
        if (
            st.chosen_src == int(AgentId.INTEL)
            and st.chosen is not None
            and st.chosen.origin != INTEL_TURN
            and not approved.action.startswith("transfer.")
        ):
            st.unspoken = []  # INTEL's follow-up to the result tells the caller
        if approved.action in OUTCOME_OF_ACTION and st.outcome not in WRITE_OUTCOMES:
            st.outcome = OUTCOME_OF_ACTION[approved.action]
        elif (
            st.chosen is not None
            and st.chosen.outcome in DIALOGUE_OUTCOMES
            and st.outcome in ("in_progress", "answered")
        ):
            st.outcome = st.chosen.outcome
        out = [Out(AgentId.MEDIA, st.call_id, approved)]
        return out + self._finish_turn(st)

    def _speak_fallback(self, st: CallState, fallback: str, why: str) -> list[Out]:
        """The safe default of the state: fixed wording, decided by the core like any action.

        A fallback is an action of its own (risk class ``fallback``): the core decides it
        (on its prior: the words are fixed and carry no data, so SENTINEL's check is not
        required), the decision is on record, and its id is the one the token carries.
        Should the core refuse it, the plain apology is tried; should it refuse that too,
        nothing is said (fail closed) and the turn ends.
        """
        d = None
        for fb in dict.fromkeys((fallback, ActionKind.FALLBACK_DECLINE)):
            d = self.core.decide(
                fb,
                {},
                state=_core_state(st),
                call_id=st.call_id,
                hotel_id=self.hotel_id,
                turn=st.turn,
            )
            self.record(
                "decision", {"call_id": st.call_id, "turn": st.turn, "outcome": d, "evidence": {}}
            )
            if d.approved:
                fallback = fb
                break
        assert d is not None
        action = FALLBACK_ACTION.get(fallback, ActionKind.TRANSFER_HUMAN)
        if not d.approved:
            st.actions.append(
                TurnAction(
                    action, {"fallback": fallback, "why": why}, False, d.posterior, d.decision_id
                )
            )
            return self._finish_turn(st)
        text = self._fallback_words(st, fallback)
        args = _fallback_args(action, fallback, text, st.lang, why)
        token = self.issue_token(action, args, st.call_id, d.decision_id)
        self.record(
            "action",
            {"call_id": st.call_id, "decision_id": d.decision_id, "action": action, "args": args},
        )
        st.actions.append(
            TurnAction(action, {"fallback": fallback, "why": why}, True, d.posterior, d.decision_id)
        )
        if st.vetoed:
            # SENTINEL stopped an attack on the system (blocked); anything else it vetoed,
            # such as a request for another guest's data, was refused.
            injection = st.risk is not None and "prompt_injection" in st.risk.categories
            if injection or st.outcome == "blocked":
                st.outcome = "blocked"
            else:
                st.outcome = "refused"
        elif (
            fallback
            in (
                ActionKind.FALLBACK_OFFER_HUMAN,
                ActionKind.FALLBACK_BUSY,
                ActionKind.FALLBACK_UNAVAILABLE,
                ActionKind.FALLBACK_NOT_DONE,
                ActionKind.FALLBACK_UNKNOWN,
            )
            # a blocked call stays blocked; a call whose booking (change, cancellation) was
            # carried out stays on record as what it did, whatever was said after it
            and st.outcome not in ("blocked", *WRITE_OUTCOMES)
        ):
            st.outcome = "transferred"  # a blocked call stays on record as blocked
        st.retries = st.retries + 1 if fallback == ActionKind.FALLBACK_ASK_AGAIN else 0
        approved = ApprovedAction(
            decision_id=d.decision_id, action=action, args=args, token=token, turn=st.turn
        )
        return self._say(st, approved)

    def _fallback_words(self, st: CallState, fallback: str) -> str:
        """The fixed words, preceded by what became of any write the caller was not told of."""
        text = fallback_text(fallback, st.lang, asked_again=st.retries)
        told = [done_text(u["action"], u["ref"], st.lang) for u in st.unspoken if u["ok"]]
        st.unspoken = []
        if fallback == ActionKind.FALLBACK_DONE:
            return " ".join(told) or text
        return " ".join([*told, text])

    def _sentinel_missing(self, st: CallState, action: str) -> list[Out]:
        """SENTINEL's verdict did not arrive: alert once per call.

        On record in the ledger at once (COMMAND's own writer), and sent on SENTINEL's ring
        so the feed (NOTIFY, webhook, metrics) announces it as soon as SENTINEL is back —
        the supervisor kills and restarts a SENTINEL without a heartbeat for 10 s.
        """
        if st.sentinel_missing_alerted:
            return []
        st.sentinel_missing_alerted = True
        alert = Alert(
            alert_id=uuid.uuid4().hex,
            severity=Severity.HIGH,
            category="sentinel.unavailable",
            message=(
                f"SENTINEL did not answer in time for {action} (turn {st.turn}): refused and "
                f"the caller was offered the reception; check SENTINEL with `sovren status`"
            ),
            evidence={"call_id": st.call_id, "turn": st.turn, "action": action},
        )
        self.record("alert", {"call_id": st.call_id, "alert": alert})
        return [Out(AgentId.SENTINEL, st.call_id, alert)]

    def _finish_turn(self, st: CallState) -> list[Out]:
        summary = {
            "turn": st.turn,
            "caller": st.caller_text,
            "reply": " ".join(r for r in st.replies if r),
            "actions": [msgspec.to_builtins(a) for a in st.actions],
            "outcome": st.outcome,
        }
        st.history.append(summary)
        del st.history[:-20]
        st.phase = "idle"
        self.record("turn", {"call_id": st.call_id, "lang": st.lang, **summary})
        return [Out(AgentId.MEDIA, st.call_id, CallControl(TurnDone(**summary)))]

    def _on_result(self, st: CallState, src: AgentId, r: ActionResult) -> list[Out]:
        self.record("result", {"call_id": st.call_id, "turn": st.turn, "result": body_dict(r)})
        if src == AgentId.MEDIA:
            return []
        ta = st.pending.pop(r.decision_id, None)
        if ta is None:
            late = st.late.pop(r.decision_id, None)
            if late is not None:
                return self._late_result(st, r, late)
            return []  # a duplicate result: already handled
        if st.phase == "closing":  # the caller hung up while it ran: on record, then closed
            if r.ok and ta.kind in OUTCOME_OF_ACTION:
                st.outcome = OUTCOME_OF_ACTION[ta.kind]
            if not st.pending:
                return self._close(st, CallControl(Hangup()))
            return []
        ta.result = _result_dict(r)
        if ta.kind in WRITES:
            st.unspoken.append(
                {"action": ta.kind, "ok": r.ok, "ref": _ref(r.result), "unknown": _unknown(r)}
            )
        if r.ok and ta.kind == ActionKind.PMS_CREATE:
            _collect_people(r.result, st.own_guests, st.own_bookings)
        else:
            _collect_people(r.result, st.seen_guests, st.seen_bookings)
        if (
            ta.kind == ActionKind.PMS_FIND_BOOKING
            and isinstance(r.result, BookingsFound)
            and r.result.reservations
        ):
            # INTEL's next words carry what the look-up found: the core requires the
            # caller's proven identity for them, judged on INTEL's evidence sent *after*
            # this result (what it sent before the look-up proves nothing).
            st.disclosing = True
            st.intel_evidence.pop("caller_verification", None)
        if not r.ok:
            self.core.record_outcome(
                ta.kind,
                "pms_refused",
                hotel_id=self.hotel_id,
                decision_id=ta.decision_id,
                call_id=st.call_id,
            )
        elif ta.kind in OUTCOME_OF_ACTION:
            st.outcome = OUTCOME_OF_ACTION[ta.kind]
        st.deadline = self.clock() + GATHER_TIMEOUT_S
        return [Out(AgentId.INTEL, st.call_id, r)]

    def _late_result(self, st: CallState, r: ActionResult, ta: TurnAction) -> list[Out]:
        """A write's result after the turn budget: the caller hears it in a turn update.

        Said by COMMAND in fixed words (decided by the core like every fallback): done,
        with the caller's own confirmation number, or not done. The turn's summary is not
        rewritten; a ``turn_update`` carries what was said to the client.
        """
        ta.result = _result_dict(r)
        if r.ok and ta.kind == ActionKind.PMS_CREATE:
            _collect_people(r.result, st.own_guests, st.own_bookings)
        if r.ok and ta.kind in OUTCOME_OF_ACTION:
            st.outcome = OUTCOME_OF_ACTION[ta.kind]
        told = {"action": ta.kind, "ok": r.ok, "ref": _ref(r.result), "unknown": _unknown(r)}
        fallback = _verdict([told])
        d = self.core.decide(fallback, {}, state="dialogue", call_id=st.call_id,
                             hotel_id=self.hotel_id, turn=st.turn)  # fmt: skip
        self.record(
            "decision", {"call_id": st.call_id, "turn": st.turn, "outcome": d, "evidence": {}}
        )
        out: list[Out] = [Out(AgentId.INTEL, st.call_id, r)]
        if not d.approved:
            return out
        st.unspoken = [told]
        text = self._fallback_words(st, fallback)
        action = FALLBACK_ACTION[fallback]
        args = _fallback_args(action, fallback, text, st.lang, "the PMS answered after the turn")
        token = self.issue_token(action, args, st.call_id, d.decision_id)
        self.record(
            "action",
            {"call_id": st.call_id, "decision_id": d.decision_id, "action": action, "args": args},
        )
        update = TurnUpdate(
            turn=st.turn,
            reply=text,
            actions=[msgspec.to_builtins(ta)],
            outcome=st.outcome,
            late=True,
        )
        self.record("turn_update", {"call_id": st.call_id, **fields_of(update)})
        approved = ApprovedAction(
            decision_id=d.decision_id, action=action, args=args, token=token, turn=st.turn
        )
        return out + [
            Out(AgentId.MEDIA, st.call_id, approved),
            Out(AgentId.MEDIA, st.call_id, CallControl(update)),
        ]

    def _people(self, st: CallState, p: Proposal) -> dict[str, Any]:
        """Whose data the outgoing text may carry: the caller's own, nobody else's.

        The caller's own: the booking of a look-up INTEL verified (caller_verification >= 0.9,
        from INTEL), and any booking the caller made in this very call. Every other name and
        confirmation number a PMS result showed belongs to somebody else.
        """
        by_intel = st.intel_evidence.get("caller_verification", 0.0) >= 0.9
        names = [str(p.slots.get("guest_name") or "")] if by_intel else []
        refs = [str(p.slots.get("confirmation") or "")] if by_intel else []
        names = [n for n in names + st.own_guests if n]
        refs = [b for b in refs + st.own_bookings if b]
        own_names = {n.casefold() for n in names}
        ctx: dict[str, Any] = {
            "verified": bool(names or refs),
            "other_guests": [g for g in st.seen_guests if g.casefold() not in own_names],
            "other_bookings": [b for b in st.seen_bookings if b not in refs],
        }
        if names:
            ctx["guest_name"] = names[0]
        if refs:
            ctx["bookings"] = refs
        return ctx

    def _learn_from_intent(self, st: CallState, p: Proposal) -> None:
        """The caller's reaction to our last action teaches that action's prior.

        The outcome names the decision it judges (and the call), so calibration can
        pair it with that decision's posterior and the priors learn from live calls.
        """
        if not st.last_action or st.last_action.startswith("fallback"):
            return
        outcome = {"affirm": "confirmed", "deny": "corrected"}.get(p.intent)
        if outcome is not None:
            self._outcome(st, outcome)

    def _judge_last_action(self, st: CallState, text: str) -> None:
        """A caller who says we got it wrong, or asks for a manager, after an action."""
        if st.last_action and not st.last_action.startswith("fallback") and is_complaint(text):
            self._outcome(st, "complaint")

    def _outcome(self, st: CallState, outcome: str) -> None:
        self.core.record_outcome(
            st.last_action,
            outcome,
            hotel_id=self.hotel_id,
            decision_id=st.last_decision or None,
            call_id=st.call_id,
        )
        st.last_action = st.last_decision = ""  # one judgement per action


def _bookings_of(result: Any) -> list[Booking]:
    """The reservations a PMS result shows (typed results: ipc/payloads.py)."""
    if isinstance(result, BookingsFound):
        return list(result.reservations)
    if isinstance(result, Reserved | Modified):
        return [result.reservation]
    return []


def _collect_people(result: Any, guests: list[str], bookings: list[str]) -> None:
    """Remember every guest name and confirmation number a PMS result showed."""
    for b in _bookings_of(result):
        if b.guest_name and b.guest_name not in guests:
            guests.append(b.guest_name)
        if b.confirmation and b.confirmation not in bookings:
            bookings.append(b.confirmation)


def _result_dict(r: ActionResult) -> dict[str, Any]:
    """A result as the turn's summary shows it: ``ok``, the typed outcome's JSON (tag
    included) and the error code."""
    return {"ok": r.ok, **(plain(r.result) or {}), **({"error": r.error} if r.error else {})}


def _unknown(r: ActionResult) -> bool:
    """The executor could not learn whether the write was made (connectors/exactly_once.py)."""
    if isinstance(r.result, PmsFailure):
        return r.result.code == FailureCode.OUTCOME_UNKNOWN
    return not r.ok and r.error == FailureCode.OUTCOME_UNKNOWN


def _verdict(writes: list[dict[str, Any]]) -> ActionKind:
    """The fixed words for what became of the caller's writes: done, unknown, or not done."""
    if any(w.get("unknown") for w in writes):
        return ActionKind.FALLBACK_UNKNOWN
    if all(w["ok"] for w in writes):
        return ActionKind.FALLBACK_DONE
    return ActionKind.FALLBACK_NOT_DONE


def _ref(result: Any) -> str:
    """The confirmation number a write's typed result carries ("" when none)."""
    if isinstance(result, Reserved | Modified):
        return result.reservation.confirmation or ""
    return ""


def _core_state(st: CallState) -> str:
    """The decision core's state for this call's next decision (config decision.states)."""
    return "retrying" if st.retries >= REASKS_BEFORE_OFFER else "dialogue"


def _fallback_args(
    action: str, fallback: str, text: str, lang: str, why: str
) -> SpeechArgs | TransferArgs | EndCallArgs:
    """A fallback's fixed words as the arguments of the action that says them."""
    if action == ActionKind.TRANSFER_HUMAN:
        return TransferArgs(reason=why, text=text, lang=lang, fallback=fallback)
    if action == ActionKind.CALL_END:
        return EndCallArgs(text=text, lang=lang)
    return SpeechArgs(text=text, lang=lang, fallback=fallback)


def _p(p: Proposal | None) -> dict[str, Any] | None:
    return None if p is None else body_dict(p)
