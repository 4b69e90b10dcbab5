"""The decision outcome: one verdict of the decision core, as the ledger stores it.

Why a leaf module: bayes produces it and the ledger writes it; with the type here
neither imports the other for it (bayes stands on the ledger, never the reverse).
``bayes.core`` re-exports it.
"""

from __future__ import annotations

import math
from typing import Any

import msgspec

from ipc.actions import ActionKind
from ipc.messages import Decision

_MAX_LOGODDS = 700.0  # math.exp overflows beyond ~709


def _sigmoid(x: float) -> float:
    x = max(-_MAX_LOGODDS, min(_MAX_LOGODDS, x))
    return 1.0 / (1.0 + math.exp(-x))


class DecisionOutcome(msgspec.Struct, kw_only=True):
    """One verdict with everything a person (or the ledger) needs to see why."""

    decision_id: str
    action: str
    approved: bool
    posterior: float
    threshold: float
    terms: dict[str, float]
    prior_logodds: float
    fallback: str | None
    risk_class: str
    reason: str = ""
    vetoed: bool = False
    call_id: str = ""
    hotel_id: str = "demo"
    turn: int = 0
    state: str = "dialogue"
    evidence: dict[str, float] = {}
    utilities: dict[str, float] = {}
    created_at: float = 0.0
    veto_fallback: str = ActionKind.FALLBACK_DECLINE
    purpose: str = ""  # what the action is for, when requirements depend on it
    # required evidence that was missing or below its minimum: source -> "missing" | "low"
    unmet: dict[str, str] = {}

    def explain(self) -> str:
        """A multi-line account: prior, each term, posterior against threshold, fallback."""
        what = f"{self.action} ({self.risk_class}" + (f", {self.purpose})" if self.purpose else ")")
        lines = [
            f"decision {self.decision_id} on {what} "
            f"for call {self.call_id or '-'}, hotel {self.hotel_id}, state {self.state}",
            f"  prior                    {self.prior_logodds:+.3f} log-odds"
            f"  (p = {_sigmoid(self.prior_logodds):.3f})",
        ]
        for name, t in sorted(self.terms.items(), key=lambda kv: -abs(kv[1])):
            v = self.evidence.get(name)
            shown = f"value {v:.3f}" if v is not None else "finding"
            lines.append(f"  {name:<24} {t:+.3f} log-odds  ({shown}, LR {math.exp(t):.2f})")
        total = self.prior_logodds + sum(self.terms.values())
        lines.append(
            f"  total                    {total:+.3f} log-odds -> posterior {self.posterior:.4f}"
            f" vs threshold {self.threshold:.2f}"
        )
        if self.utilities:
            eu = ", ".join(f"{k} {u:.3f}" for k, u in self.utilities.items())
            lines.append(f"  expected utilities: {eu}")
        lines.append(f"  => {self.reason}")
        return "\n".join(lines)

    def to_message(self) -> Decision:
        """The wire body COMMAND sends (ipc.messages.Decision)."""
        return Decision(
            decision_id=self.decision_id,
            action=self.action,
            approved=self.approved,
            posterior=self.posterior,
            threshold=self.threshold,
            terms=self.terms,
            fallback=self.fallback,
            reason=self.reason,
            turn=self.turn,
        )

    def to_json(self) -> dict[str, Any]:
        return msgspec.to_builtins(self)
