"""The executors' one refusal: a failed result for COMMAND and a CRITICAL approval.<kind> alert
for SENTINEL, the same whether the token check or the PMS worker's journal found it."""

from __future__ import annotations

import uuid

from fabric.executor_guard import ExecutorGuard, refusal, report
from fabric.tokens import TokenSigner, new_key
from ipc.messages import ActionResult, AgentId, Alert, ApprovedAction, Severity

CALL = uuid.uuid4().hex


class Sent:
    """Records what an executor sends (the agent's ``alert`` and ``send``)."""

    def __init__(self):
        self.alerts: list[tuple[str, Alert]] = []
        self.sent: list[tuple[AgentId, str, ActionResult]] = []

    def alert(self, call_id, alert):
        self.alerts.append((call_id, alert))

    def send(self, target, call_id, body):
        self.sent.append((target, call_id, body))


def _action(token: str = "") -> ApprovedAction:
    return ApprovedAction(
        decision_id="d1", action="pms.create", args={"room": "DBL"}, token=token, turn=3
    )


def test_a_refusal_is_a_failed_result_and_a_critical_alert():
    result, alert = refusal(CALL, _action(), "ReplayedToken", "already carried out")
    assert (result.decision_id, result.action, result.ok, result.error, result.turn) == (
        "d1",
        "pms.create",
        False,
        "refused: ReplayedToken",
        3,
    )
    assert (alert.severity, alert.category, alert.message) == (
        Severity.CRITICAL,
        "approval.ReplayedToken",
        "already carried out",
    )
    assert alert.evidence == {"call_id": CALL, "decision_id": "d1", "action": "pms.create"}
    assert refusal(CALL, _action(), "X", "m")[1].alert_id != alert.alert_id  # each its own id


def test_the_guard_refuses_a_forged_token_with_the_same_shape_and_reports_it():
    key = new_key()
    guard = ExecutorGuard(key.hex(), 30.0)
    forged = TokenSigner(new_key(), 30.0).issue("pms.create", {"room": "DBL"}, CALL, "d1")
    agent = Sent()
    assert not guard.admit(agent, CALL, _action(forged))
    ((call, alert),) = agent.alerts
    ((target, call2, result),) = agent.sent
    assert (call, call2, target) == (CALL, CALL, AgentId.COMMAND)
    assert alert.category == "approval.ForgedToken" and result.error == "refused: ForgedToken"
    good = TokenSigner(key, 30.0).issue("pms.create", {"room": "DBL"}, CALL, "d1")
    assert guard.admit(agent, CALL, _action(good)) and len(agent.sent) == 1


def test_report_sends_the_alert_then_the_result():
    agent = Sent()
    report(agent, CALL, refusal(CALL, _action(), "ReplayedToken", "twice"))
    assert [a.category for _, a in agent.alerts] == ["approval.ReplayedToken"]
    assert [r.error for _, _, r in agent.sent] == ["refused: ReplayedToken"]
