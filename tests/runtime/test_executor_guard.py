"""The executors' gate refuses a token issued for another decision than the frame names."""

from __future__ import annotations

import pytest

from fabric.executor_guard import ExecutorGuard
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
