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
            kind = type(e).__name__
            refusal = ActionResult(
                decision_id=a.decision_id,
                action=a.action,
                ok=False,
                error=f"refused: {kind}",
                turn=a.turn,
            )
            alert = Alert(
                alert_id=str(uuid.uuid4()),
                severity=Severity.CRITICAL,
                category="approval." + kind,
                message=f"executor refused {a.action}: {e}",
                evidence={"call_id": call_id, "decision_id": a.decision_id, "action": a.action},
            )
            return refusal, alert
        return None

    def admit(self, agent, call_id: str, a: ApprovedAction) -> bool:
        """True when ``a`` may run; otherwise refuse it to COMMAND and report it to SENTINEL."""
        refused = self.check(call_id, a)
        if refused is None:
            return True
        result, alert = refused
        agent.alert(call_id, alert)
        agent.send(AgentId.COMMAND, call_id, result)
        return False
