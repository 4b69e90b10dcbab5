"""The strings of docs/vocabulary.md as constants, so a typo fails at import, not in a call.

Why here: the decision core is the one place that must know every action kind
and its risk class; agents and executors import these rather than repeat them.
"""

from __future__ import annotations

# action kind -> risk class
ACTION_RISK: dict[str, str] = {
    "speak.answer": "speak",
    "speak.confirm": "speak",
    "speak.ask": "speak",
    "speak.apologise": "speak",
    "pms.availability": "pms_read",
    "pms.find_booking": "pms_read",
    "pms.create": "pms_write",
    "pms.modify": "pms_write",
    "pms.cancel": "pms_irreversible",
    "transfer.human": "transfer",
    "call.end": "end_call",
}
ACTION_KINDS: tuple[str, ...] = tuple(ACTION_RISK)
RISK_CLASSES: tuple[str, ...] = (
    "speak",
    "pms_read",
    "pms_write",
    "pms_irreversible",
    "transfer",
    "end_call",
)

FALLBACKS: tuple[str, ...] = ("fallback.ask_again", "fallback.offer_human", "fallback.decline")
# The utterance kind COMMAND speaks for a fallback (a fallback is approved by the
# decision that chose it; COMMAND issues its speak token with that decision id).
FALLBACK_SPEECH: dict[str, str] = {
    "fallback.ask_again": "speak.ask",
    "fallback.offer_human": "speak.ask",
    "fallback.decline": "speak.apologise",
}

EVIDENCE_SOURCES: tuple[str, ...] = (
    "asr_confidence",
    "understanding_confidence",
    "agreement",
    "slot_validation",
    "sentinel_risk",
    "ops_health",
    "caller_verification",
)

OUTCOMES: tuple[str, ...] = ("confirmed", "corrected", "pms_refused", "complaint")
