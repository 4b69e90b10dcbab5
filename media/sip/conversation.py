"""What one phone call does with the runtime's answers: play, transfer, hang up, prompt.

Why apart from PJSIP: this is the call's logic — when a transfer really happens,
when to hang up, when a silent caller is prompted — and it must be testable without a
network. It consumes the frames the media worker sends a client (the same as
``sovren call --wav`` gets) and the caller's side (audio energy, DTMF, the transfer's
progress) and returns what the user agent must do; ``media/sip/run.py`` carries it out.

Rules:
- a transfer happens only on an *approved* ``transfer.human`` that is not an offer
  (COMMAND's fallbacks ``offer_human`` and ``unavailable`` only offer a colleague; the
  caller's next yes makes INTEL transfer), after the words announcing it were played;
- an approved ``call.end`` hangs up after its goodbye was played;
- the phone's keypad is open only after the runtime's approved words offered it (a question
  for the number asked again); the call's ``Keypad`` collects the digits and hands the entry
  on as ``KeypadEntry`` (media/sip/keypad.py has the rules, ``0`` among them);
- the caller's silence (no transcript, no voice energy, nothing playing) asks the
  runtime for a prompt after ``silence_prompt_s`` and for a goodbye (which is a
  ``call.end``) after ``silence_hangup_s`` more; every word the caller hears is
  decided by COMMAND like any other, the user agent only asks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ipc.control import Dtmf, KeypadEntry, Silence, TransferStatus
from media.sip.keypad import RECEPTION, Keypad

# COMMAND's fallbacks spoken as transfer.human that only *offer* a colleague
OFFERS = frozenset({"fallback.offer_human", "fallback.unavailable"})
# a reply's words that never report their end (TTS failed silently) stop blocking after this
SPEECH_WAIT_S = 30.0


@dataclass
class Do:
    """One thing the user agent must do: ``op`` in refer | hangup | control | answer."""

    op: str
    detail: dict[str, Any] = field(default_factory=dict)


def transfer_of(summary: dict[str, Any]) -> dict[str, Any] | None:
    """The approved, real transfer of a turn's summary (its action row), or None."""
    for a in summary.get("actions", ()):
        if a.get("kind") != "transfer.human" or not a.get("approved"):
            continue
        if (a.get("args") or {}).get("fallback") in OFFERS:
            continue
        return a
    return None


def offers_keypad(summary: dict[str, Any]) -> bool:
    """The turn's approved words offered the keypad for a number (``SpeechArgs.keypad``)."""
    return any(
        str(a.get("kind", "")).startswith("speak.")
        and a.get("approved")
        and (a.get("args") or {}).get("keypad")
        for a in summary.get("actions", ())
    )


def ends_call(summary: dict[str, Any]) -> bool:
    return any(
        a.get("kind") == "call.end" and a.get("approved") for a in summary.get("actions", ())
    )


@dataclass
class Conversation:
    call_id: str
    reception_uri: str | None
    silence_prompt_s: float
    silence_hangup_s: float
    now: float
    keypad_pause_s: float = 4.0  # telephony.keypad_pause_s: a pause this long ends an entry
    state: str = "waiting"  # waiting | talking | transferring | ending | ended
    speaking: int = 0  # replies announced ("say") whose audio has not ended yet
    speech_since: float = 0.0
    turn_open: bool = False  # a transcript went to the runtime, its turn_done not back yet
    last_activity: float = 0.0
    silence_stage: int = 0  # 0 nothing asked, 1 prompted, 2 goodbye asked
    voice_at: float = -1.0  # when the caller's voice was last on the line
    replied_at: float = -1.0  # when the agent's last reply ended
    pending: str = ""  # "transfer" | "hangup" once the current words are played
    transfer_decision: str = ""
    outcome: str = ""
    taken_over: bool = False  # the reception took the call over: the runtime has let it go
    line_gone: bool = False  # the caller hung up (BYE): nothing may be sent on the line

    def __post_init__(self) -> None:
        self.last_activity = self.now
        self.keypad = Keypad(self.keypad_pause_s)

    # -- from the runtime --------------------------------------------------------
    def on_ready(self, now: float) -> list[Do]:
        self.state = "talking"
        self.last_activity = now
        return [Do("answer")]

    def on_say(self, now: float) -> None:
        if self.speaking == 0:
            self.speech_since = now
        self.speaking += 1

    def on_reply_end(self, now: float) -> None:
        self.speaking = max(0, self.speaking - 1)
        self.last_activity = now
        self.replied_at = now

    def on_transcript(self, now: float) -> None:
        self.turn_open = True
        self.heard_caller(now)
        self.voice_at = -1.0

    def on_turn_done(self, summary: dict[str, Any], now: float) -> None:
        self.turn_open = False
        self.last_activity = now
        self.keypad.offer(offers_keypad(summary))
        t = transfer_of(summary)
        if t is not None and str(t.get("decision_id", "")) == self.transfer_decision:
            # the apology after a failed transfer ends the same turn, whose summary still
            # holds the transfer already tried: one decision is one REFER, never a second
            # call to the reception that just did not answer
            t = None
        if t is not None and self.state == "talking":
            self.pending = "transfer"
            self.transfer_decision = str(t.get("decision_id", ""))
        elif ends_call(summary) and self.state == "talking":
            self.pending = "hangup"

    def heard_caller(self, now: float, voice: bool = False) -> None:
        """The caller spoke (a transcript, or voice energy on the line)."""
        self.last_activity = now
        self.silence_stage = 0
        if voice:
            self.voice_at = now

    def agent_has_word(self, now: float, playing: bool) -> bool:
        """Is the agent answering (a turn under way, words announced or playing)?"""
        return self.turn_open or self.speaking > 0 or playing or self._awaiting_words(now)

    def _awaiting_words(self, now: float) -> bool:
        """The caller spoke after the last reply and its transcript has not come back yet
        (recognition takes its time on a busy host): not a silence (bounded, noise makes
        no transcript)."""
        return self.voice_at > self.replied_at and now - self.voice_at < SPEECH_WAIT_S

    def on_call_done(self, outcome: str) -> list[Do]:
        """The runtime closed the call while the caller is still on the line: the
        reception ended it from the console (hang up), or took it over (outcome
        ``transferred``: a real blind transfer to the reception, when one is configured)."""
        if self.state != "talking" or self.line_gone:
            return []  # our own hang-up or transfer closed it, or the caller did
        if outcome == "transferred" and self.reception_uri:
            self.state, self.taken_over = "transferring", True
            return [Do("refer", {"to": self.reception_uri})]
        self.state, self.outcome = "ending", "ended"
        return [Do("hangup", {"reason": "ended by the runtime"})]

    # -- from the SIP side -------------------------------------------------------
    def on_line_gone(self) -> None:
        """The caller hung up (BYE seen): nothing more may be done on this line. The
        runtime's "call done" that follows must not send a hang-up of our own on a
        terminated session (PJSIP refused it after every such call, and once in about forty
        the user agent died of it: SIGSEGV, in bench.telephony's barge-ins). A transfer's
        last NOTIFY may still come and is still reported."""
        self.line_gone = True

    def on_dtmf(self, digit: str, now: float) -> list[Do]:
        """A key: into the keypad's entry while it is open, else to COMMAND (``0``: the
        reception; other keys are on record and do nothing)."""
        if self.state != "talking":
            return []
        if not self.keypad.open:
            return [Do("control", {"ctl": Dtmf(digit=digit)})]
        self.heard_caller(now)  # typing is the caller's turn: no silence prompt over it
        return self._entry(self.keypad.press(digit, now))

    @property
    def typing(self) -> bool:
        """The keypad is open: a key pressed now is part of a number (not logged as such)."""
        return self.keypad.open

    @staticmethod
    def _entry(entry: str | None) -> list[Do]:
        if entry is None:
            return []
        if entry == RECEPTION:  # a lone 0: the reception, as on a closed keypad
            return [Do("control", {"ctl": Dtmf(digit=RECEPTION)})]
        return [Do("control", {"ctl": KeypadEntry(digits=entry)})]

    def on_transfer_status(self, code: int, final: bool, now: float) -> list[Do]:
        """The REFER's progress (its response, then the NOTIFYs' sipfrag status codes)."""
        if self.state != "transferring" or not final:
            return []
        ok = 200 <= code < 300
        status = TransferStatus(
            ok=ok, to=self.reception_uri, status=code, decision_id=self.transfer_decision
        )
        if ok:
            self.state, self.outcome = "ending", "transferred"
            return [Do("control", {"ctl": status}), Do("hangup", {"reason": "transferred"})]
        if self.taken_over:  # no agent is left on this call to tell the caller anything
            self.state, self.outcome = "ending", "ended"
            return [Do("hangup", {"reason": f"the take-over's transfer failed ({code})"})]
        self.state = "talking"  # the caller stays with us and hears the truth
        self.last_activity = now
        status.reason = f"the reception answered {code}"
        return [Do("control", {"ctl": status})]

    # -- the clock ---------------------------------------------------------------
    def tick(self, now: float, playing: bool) -> list[Do]:
        if self.state != "talking":
            return []
        entry = self.keypad.tick(now)
        if entry is not None:
            return self._entry(entry)
        if self.speaking and now - self.speech_since > SPEECH_WAIT_S:
            self.speaking = 0  # its end never came: do not hold the call forever
        busy = playing or self.speaking > 0
        if busy:
            self.last_activity = now
        if self.pending and not busy:
            what, self.pending = self.pending, ""
            if what == "hangup":
                self.state, self.outcome = "ending", "ended"
                return [Do("hangup", {"reason": "goodbye"})]
            return self._transfer(now)
        if busy or self.turn_open or self._awaiting_words(now):
            return []
        quiet = now - self.last_activity
        if self.silence_stage == 0 and quiet >= self.silence_prompt_s:
            self.silence_stage = 1
            self.last_activity = now
            return [Do("control", {"ctl": Silence(stage="prompt")})]
        if self.silence_stage == 1 and quiet >= self.silence_hangup_s:
            self.silence_stage = 2
            self.last_activity = now
            return [Do("control", {"ctl": Silence(stage="goodbye")})]
        return []

    def _transfer(self, now: float) -> list[Do]:
        if not self.reception_uri:
            self.last_activity = now
            return [
                Do(
                    "control",
                    {
                        "ctl": TransferStatus(
                            ok=False,
                            reason="no reception is configured (hotel.reception.transfer_uri)",
                            decision_id=self.transfer_decision,
                        )
                    },
                )
            ]
        self.state = "transferring"
        return [Do("refer", {"to": self.reception_uri})]
