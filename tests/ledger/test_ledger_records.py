"""Ring frames become ledger records (the ledger process taps the rings)."""

from __future__ import annotations

from ipc.actions import ActionKind
from ipc.messages import (
    ActionResult,
    AgentId,
    AgentMessage,
    Alert,
    ApprovedAction,
    Heartbeat,
    Proposal,
    Severity,
    Transcript,
)
from ipc.payloads import (
    FailureCode,
    PmsFailure,
    SpeechArgs,
    args_from_ledger,
    outcome_from_ledger,
)
from ledger.records import (
    ActionRecord,
    AlertRecord,
    ProposalRecord,
    ResultRecord,
    TurnRecord,
    record_from_message,
)


def msg(body, src=AgentId.STRIKE):
    return AgentMessage(source=src, target=AgentId.COMMAND, call_id="call-1", seq=1, body=body,
                        ts_ns=1_700_000_000_000_000_000)  # fmt: skip


def test_frames_map_to_records():
    t = record_from_message(msg(Transcript(text="hello", turn=2, confidence=0.8)))
    assert isinstance(t, TurnRecord) and (t.text, t.turn, t.call_id) == ("hello", 2, "call-1")
    assert t.created_at == 1_700_000_000.0
    p = record_from_message(msg(Proposal(action=ActionKind.SPEAK_ANSWER, turn=2,
                                         args=SpeechArgs(text="hi"))))  # fmt: skip
    assert isinstance(p, ProposalRecord) and p.origin == "STRIKE"
    # the typed payload in its JSON form, tag included, read back as the Struct
    assert p.args == {"t": "speech", "text": "hi", "lang": "en", "fallback": "", "reask": "",
                      "expect": "", "keypad": False}  # fmt: skip
    assert args_from_ledger(p.action, p.args) == SpeechArgs(text="hi")
    a = record_from_message(msg(ApprovedAction(decision_id="d", action=ActionKind.SPEAK_ANSWER)))
    assert isinstance(a, ActionRecord) and a.decision_id == "d"
    taken = PmsFailure(code=FailureCode.ROOM_UNAVAILABLE, message="gone")
    r = record_from_message(msg(ActionResult(decision_id="d", action=ActionKind.PMS_CREATE, ok=False,
                                             result=taken, error="room_unavailable")))  # fmt: skip
    assert isinstance(r, ResultRecord) and r.error == "room_unavailable"
    assert r.result["t"] == "pms_failure" and outcome_from_ledger(r.result) == taken
    al = record_from_message(msg(Alert(alert_id="a1", severity=Severity.HIGH, category="c",
                                       message="m")))  # fmt: skip
    assert isinstance(al, AlertRecord) and al.severity == 3 and al.id == "a1"


def test_partial_transcripts_and_telemetry_are_not_ledgered():
    assert record_from_message(msg(Transcript(text="hel", is_final=False))) is None
    assert record_from_message(msg(Heartbeat(pid=1))) is None
