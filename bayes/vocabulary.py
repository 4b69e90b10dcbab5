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
    # COMMAND's fixed safe phrases (docs/decision-core.md, "Fallbacks"): decided like any
    # other action, so every utterance an executor carries out has a decision on record.
    "fallback.ask_again": "fallback",
    "fallback.offer_human": "fallback",
    "fallback.decline": "fallback",
    "fallback.busy": "fallback",
    "fallback.unavailable": "fallback",
    "fallback.call_again": "fallback",
    # What became of a PMS write when the agent that proposed it cannot say it (INTEL dead
    # or late, or the result came after the turn budget): fixed wording, the caller's own
    # confirmation number the only data (docs/runtime.md, "The caller is told the truth").
    "fallback.done": "fallback",
    "fallback.not_done": "fallback",
    "fallback.pending": "fallback",
    "fallback.unknown": "fallback",
    # the phone line's own fixed phrases (media/sip/, docs/telephony.md)
    "fallback.greeting": "fallback",
    "fallback.reception": "fallback",
    "fallback.callback": "fallback",
    "fallback.silence_prompt": "fallback",
    "fallback.silence_goodbye": "fallback",
}
ACTION_KINDS: tuple[str, ...] = tuple(ACTION_RISK)
RISK_CLASSES: tuple[str, ...] = (
    "speak",
    "pms_read",
    "pms_write",
    "pms_irreversible",
    "transfer",
    "end_call",
    "fallback",
)

FALLBACKS: tuple[str, ...] = ("fallback.ask_again", "fallback.offer_human", "fallback.decline")
# Fallbacks COMMAND takes for reasons of its own, not by expected utility: OPS advised
# shedding load (busy), or a safeguard could not run (unavailable: SENTINEL dead or late).
# busy transfers to the reception where hotel.reception.transfer_uri is configured;
# call_again says honestly, with no transfer target, to call again in a few minutes.
SPECIAL_FALLBACKS: tuple[str, ...] = (
    "fallback.busy",
    "fallback.unavailable",
    "fallback.call_again",
    "fallback.done",
    "fallback.not_done",
    "fallback.pending",
    "fallback.unknown",
)
# Fallbacks the phone line asks for (docs/telephony.md): the greeting when a call is
# answered, the caller pressed 0 for the reception, a transfer failed (a callback is
# recorded), the caller is silent (a prompt, then a goodbye that ends the call).
LINE_FALLBACKS: tuple[str, ...] = (
    "fallback.greeting",
    "fallback.reception",
    "fallback.callback",
    "fallback.silence_prompt",
    "fallback.silence_goodbye",
)
# The action an executor carries out for a fallback. COMMAND asks the core about the
# fallback itself (risk class "fallback") and issues this action's token with that
# decision's id.
FALLBACK_SPEECH: dict[str, str] = {
    "fallback.ask_again": "speak.ask",
    "fallback.offer_human": "transfer.human",
    "fallback.decline": "speak.apologise",
    "fallback.busy": "transfer.human",
    "fallback.unavailable": "transfer.human",
    "fallback.call_again": "speak.apologise",
    "fallback.done": "speak.confirm",
    "fallback.not_done": "transfer.human",
    "fallback.pending": "speak.apologise",
    "fallback.unknown": "transfer.human",
    "fallback.greeting": "speak.answer",
    "fallback.reception": "transfer.human",
    "fallback.callback": "speak.apologise",
    "fallback.silence_prompt": "speak.ask",
    "fallback.silence_goodbye": "call.end",
}
# A decision refused for want of required evidence (docs/decision-core.md, "Required
# evidence") names this purpose when it was speech disclosing a booking a look-up found.
PURPOSE_DISCLOSE_BOOKING = "disclose_booking"

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
