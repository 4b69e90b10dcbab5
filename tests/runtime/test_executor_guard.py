"""The executors' gate refuses a token issued for another decision than the frame names."""

from __future__ import annotations

import pytest

from fabric.executor_guard import ExecutorGuard, refusal, report
from fabric.tokens import MismatchedToken, TokenSigner
from ipc.actions import ActionKind
from ipc.messages import AgentId, ApprovedAction, Severity
from ipc.payloads import CancelArgs, FailureCode, PmsFailure

KEY = b"k" * 32
ARGS = CancelArgs(reservation_id="r1", reason="caller request")


class FakeAgent:
    def __init__(self):
        self.sent, self.alerts = [], []

    def send(self, target, call_id, body):
        self.sent.append((target, call_id, body))

    def alert(self, call_id, alert):
        self.alerts.append((call_id, alert))


def test_a_token_for_another_decision_is_refused_and_alerted():
    signer = TokenSigner(KEY, ttl_s=30)
    guard = ExecutorGuard(KEY.hex(), ttl_s=30)
    token = signer.issue(ActionKind.PMS_CANCEL, ARGS, "call-1", "decision-A")
    frame = ApprovedAction(decision_id="decision-B", action=ActionKind.PMS_CANCEL, args=ARGS, token=token)
    agent = FakeAgent()
    assert guard.admit(agent, "call-1", frame) is False
    ((target, call_id, result),) = agent.sent
    assert target == AgentId.COMMAND and call_id == "call-1"
    assert not result.ok and result.error == "refused: MismatchedToken"
    assert isinstance(result.result, PmsFailure) and result.result.code == FailureCode.REFUSED
    assert result.decision_id == "decision-B"
    ((_, alert),) = agent.alerts
    assert alert.severity == Severity.CRITICAL and alert.category == "approval.MismatchedToken"
    assert "decision-A" in alert.message and "decision-B" in alert.message
    # the same token under its own decision id is still good: the refusal consumed nothing
    ok = ApprovedAction(decision_id="decision-A", action=ActionKind.PMS_CANCEL, args=ARGS, token=token)
    assert guard.admit(agent, "call-1", ok) is True


def test_the_signer_checks_the_decision_id_only_when_told():
    verifier = TokenSigner(KEY, ttl_s=30)
    token = TokenSigner(KEY, ttl_s=30).issue(ActionKind.SPEAK_ANSWER, {"text": "hi"}, "c", "d1")
    with pytest.raises(MismatchedToken, match="belongs to decision d1"):
        verifier.verify(token, ActionKind.SPEAK_ANSWER, {"text": "hi"}, "c", "d2")
    assert verifier.verify(token, ActionKind.SPEAK_ANSWER, {"text": "hi"}, "c", "d1").decision_id == "d1"


def test_one_refusal_shape_for_the_guard_and_the_pms_workers_journal():
    # the PMS worker's journal finds a replay by itself; it refuses exactly like the guard
    frame = ApprovedAction(decision_id="d1", action="pms.cancel", args=ARGS, turn=3)
    agent = FakeAgent()
    report(agent, "call-1", refusal("call-1", frame, "ReplayedToken", "already carried out"))
    ((target, call_id, result),) = agent.sent
    ((_, alert),) = agent.alerts
    assert (target, call_id) == (AgentId.COMMAND, "call-1")
    assert (result.decision_id, result.ok, result.error, result.turn) == (
        "d1",
        False,
        "refused: ReplayedToken",
        3,
    )
    assert (alert.severity, alert.category, alert.message) == (
        Severity.CRITICAL,
        "approval.ReplayedToken",
        "already carried out",
    )
    assert alert.evidence == {"call_id": "call-1", "decision_id": "d1", "action": "pms.cancel"}
    forged = TokenSigner(b"x" * 32, ttl_s=30).issue("pms.cancel", ARGS, "call-1", "d1")
    guard = ExecutorGuard(KEY.hex(), ttl_s=30)
    refused = guard.check(
        "call-1",
        ApprovedAction(decision_id="d1", action="pms.cancel", args=ARGS, token=forged, turn=3),
    )
    assert refused is not None
    assert (refused[0].error, refused[1].category) == (
        "refused: ForgedToken",
        "approval.ForgedToken",
    )
    assert refused[1].evidence == alert.evidence and refused[1].alert_id != alert.alert_id
