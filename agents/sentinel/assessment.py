"""What SENTINEL concluded about one frame: findings, a risk value for the decision core, and alerts.

Why one type for every direction (incoming, outgoing, fabric): COMMAND treats
them alike — ``risk`` becomes the ``sentinel_risk`` evidence (1 = no risk), a
CRITICAL finding is a hard veto, and the alerts go to the feed unchanged.
Excerpts in findings are already redacted, so an Assessment may be logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ipc.messages import Alert, Evidence, Severity


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    category: str
    severity: Severity
    excerpt: str  # redacted
    via: str = "plain"  # how the text was read: plain, leetspeak, base64, ...

    def explain(self) -> str:
        how = "" if self.via == "plain" else f" [{self.via}]"
        return f"{self.category}/{self.rule} {self.severity.name}{how}: {self.excerpt!r}"


@dataclass(frozen=True, slots=True)
class Assessment:
    call_id: str | None
    direction: str  # "in" (caller), "out" (speech), "fabric"
    risk: float  # in [0, 1]; 1 = no risk (the sentinel_risk evidence value)
    severity: Severity
    veto: bool
    findings: tuple[Finding, ...] = ()
    alerts: tuple[Alert, ...] = ()
    text: str = ""  # the text to use downstream (incoming: cut to the maximum length)
    redacted: str = ""  # the text with personal data masked (for logs and the ledger)
    categories: tuple[str, ...] = field(default=())

    @property
    def clean(self) -> bool:
        return not self.findings

    def explain(self) -> str:
        """One line per finding: which rule fired, how severe, on which (redacted) words."""
        if not self.findings:
            return "no finding"
        return "; ".join(f.explain() for f in self.findings)

    def evidence(self, turn: int = 0) -> Evidence:
        """The ``sentinel_risk`` evidence for COMMAND."""
        return Evidence(
            source="sentinel_risk",
            value=self.risk,
            turn=turn,
            severity=self.severity,
            detail=self.explain()[:500],
            veto=self.veto,
        )
