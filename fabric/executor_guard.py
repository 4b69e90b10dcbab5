"""The executors' gate: nothing runs without a valid approval token.

Why shared: the media worker and the PMS worker must refuse exactly the same
things (missing, forged, expired, replayed, bound to other arguments, or issued
for another decision than the one the frame names — the decision id is what the
ledger, the PMS journal and the idempotency key go by) and
report each refusal to SENTINEL as an integrity event with its own category.
"""

from __future__ import annotations

import uuid

from ipc.messages import ActionResult, AgentId, Alert, ApprovedAction, Severity
from ipc.payloads import FailureCode, PmsFailure


class ExecutorGuard:
    def __init__(self, key_hex: str, ttl_s: float):
        from fabric.tokens import MissingKey, TokenSigner

        if not key_hex:
            raise MissingKey(
                "executor started without the approval key; start it through the supervisor"
            )

        self.signer = TokenSigner(bytes.fromhex(key_hex), ttl_s=ttl_s)

    def check(self, call_id: str, a: ApprovedAction) -> tuple[ActionResult, Alert] | None:
        """None when the action may run; otherwise the refusal and the alert to raise."""
        from fabric.tokens import TokenError

        try:
            self.signer.verify(a.token, a.action, a.args, call_id, a.decision_id)
        except TokenError as e:
            return refusal(call_id, a, type(e).__name__, f"executor refused {a.action}: {e}")
        return None

    def admit(self, agent, call_id: str, a: ApprovedAction) -> bool:
        """True when ``a`` may run; otherwise refuse it to COMMAND and report it to SENTINEL."""
        refused = self.check(call_id, a)
        if refused is None:
            return True
        report(agent, call_id, refused)
        return False


def refusal(call_id: str, a: ApprovedAction, kind: str, message: str) -> tuple[ActionResult, Alert]:
    """The one refusal an executor gives: a failed result for COMMAND (``refused: <kind>``,
    its result a typed ``PmsFailure`` with code ``refused``) and a CRITICAL
    ``approval.<kind>`` alert for SENTINEL. ``kind`` names the token error (ForgedToken,
    ReplayedToken, ...), also when the executor found it by other means (the PMS worker's
    journal of decisions already carried out)."""
    result = ActionResult(
        decision_id=a.decision_id,
        action=a.action,
        ok=False,
        result=PmsFailure(code=FailureCode.REFUSED, message=message),
        error=f"refused: {kind}",
        turn=a.turn,
    )
    alert = Alert(
        alert_id=uuid.uuid4().hex,
        severity=Severity.CRITICAL,
        category="approval." + kind,
        message=message,
        evidence={"call_id": call_id, "decision_id": a.decision_id, "action": a.action},
    )
    return result, alert


def report(agent, call_id: str, refused: tuple[ActionResult, Alert]) -> None:
    """Send a refusal: the alert to SENTINEL, the failed result to COMMAND."""
    result, alert = refused
    agent.alert(call_id, alert)
    agent.send(AgentId.COMMAND, call_id, result)
