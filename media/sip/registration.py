"""A user agent's registration to the PBX: its state as ``sovren status`` shows it, and when to retry.

Why a retry of our own: PJSIP retries a registration only after a timeout or a 5xx/6xx
answer (pjsua_acc.c), never after the registrar refused the credentials (401/403 once
they were tried), and then at a fixed interval. A runtime whose password was changed on
the PBX must keep trying (the PBX side may be put right without touching the runtime),
but not in a storm: the wait doubles after each failure, from ``telephony.register_retry_s``
up to ``telephony.register_retry_max_s``, whatever the failure was. PJSIP's own retry is
off (media/sip/endpoint.py) so that one policy decides.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

REFUSED = frozenset({401, 403, 407})
UNREACHABLE = frozenset({408, 480, 502, 503, 504})


def next_step(code: int, registrar: str) -> str:
    """What the operator does about a failed registration (status view and log)."""
    if code in REFUSED:
        return (
            f"{registrar} refused the credentials: check the account on the PBX against "
            "SOVREN_SIP_USERNAME / SOVREN_SIP_PASSWORD (a changed environment needs a "
            "restart of `sovren up`; a PBX-side fix is picked up by the next retry)"
        )
    if code in UNREACHABLE or code < 100:
        return (
            f"{registrar} does not answer: check that it runs and that this host reaches it "
            "(telephony.registrar, firewall); retried automatically"
        )
    if code == 404:
        return f"{registrar} knows no such account: check SOVREN_SIP_USERNAME and telephony.domain"
    return f"{registrar} answered {code}: see logs/sip<i>-pjsip.log in the instance's state folder"


@dataclass
class Registration:
    """One user agent's registration; ``on_result`` is fed from PJSIP's onRegState."""

    registrar: str
    first_retry_s: float
    max_retry_s: float
    state: str = "registering"  # registering | registered | failed | unregistered
    code: int = 0
    reason: str = ""
    at: float = field(default_factory=time.time)  # wall clock of the last result
    failures: int = 0  # consecutive failed attempts
    retry_at: float | None = None  # monotonic time of the next attempt, after a failure
    retry_in_s: float = 0.0  # the wait chosen after the last failure

    def on_result(self, code: int, reason: str, expires: int, now: float) -> None:
        self.code, self.reason, self.at = code, reason, time.time()
        if 200 <= code < 300:
            self.state = "registered" if expires > 0 else "unregistered"
            self.failures, self.retry_at, self.retry_in_s = 0, None, 0.0
            return
        self.state = "failed"
        self.retry_in_s = min(self.max_retry_s, self.first_retry_s * 2**self.failures)
        self.failures += 1
        self.retry_at = now + self.retry_in_s

    def due(self, now: float) -> bool:
        """Whether to register again now (a failure's wait is over); marks the attempt."""
        if self.retry_at is None or now < self.retry_at:
            return False
        self.retry_at = None
        self.state = "registering"
        return True

    def view(self, now: float) -> dict[str, Any]:
        """What the status file carries: no credentials, the next step when it failed."""
        out: dict[str, Any] = {"state": self.state, "code": self.code, "reason": self.reason,
                               "at": self.at, "failures": self.failures}  # fmt: skip
        if self.failures:
            out["retry_in_s"] = self.retry_in_s  # the back-off after the last failure
        if self.retry_at is not None:
            out["next_retry_s"] = round(max(0.0, self.retry_at - now), 1)
        if self.state == "failed":
            out["next_step"] = next_step(self.code, self.registrar)
        return out
