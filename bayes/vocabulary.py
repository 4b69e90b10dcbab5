"""The decision core's vocabulary (docs/vocabulary.md): risk classes, fallbacks, evidence.

Why here: the decision core is the one place that must know every action kind's risk
class. The kinds themselves are ``ipc.actions.ActionKind`` (they travel on the wire);
this module maps each to its risk class, and a test checks that no kind is missing.
"""

from __future__ import annotations

from ipc.actions import ActionKind
from ipc.actions import ActionKind as A

# action kind -> risk class
ACTION_RISK: dict[ActionKind, str] = {
    A.SPEAK_ANSWER: "speak",
    A.SPEAK_CONFIRM: "speak",
    A.SPEAK_ASK: "speak",
    A.SPEAK_APOLOGISE: "speak",
    A.PMS_AVAILABILITY: "pms_read",
    A.PMS_FIND_BOOKING: "pms_read",
    A.PMS_CREATE: "pms_write",
    A.PMS_MODIFY: "pms_write",
    A.PMS_CANCEL: "pms_irreversible",
    A.TRANSFER_HUMAN: "transfer",
    A.CALL_END: "end_call",
    # COMMAND's fixed safe phrases (docs/decision-core.md, "Fallbacks"): decided like any
    # other action, so every utterance an executor carries out has a decision on record.
    A.FALLBACK_ASK_AGAIN: "fallback",
    A.FALLBACK_OFFER_HUMAN: "fallback",
    A.FALLBACK_DECLINE: "fallback",
    A.FALLBACK_BUSY: "fallback",
    A.FALLBACK_UNAVAILABLE: "fallback",
    A.FALLBACK_CALL_AGAIN: "fallback",
    # What became of a PMS write when the agent that proposed it cannot say it (INTEL dead
    # or late, or the result came after the turn budget): fixed wording, the caller's own
    # confirmation number the only data (docs/runtime.md, "The caller is told the truth").
    A.FALLBACK_DONE: "fallback",
    A.FALLBACK_NOT_DONE: "fallback",
    A.FALLBACK_PENDING: "fallback",
    A.FALLBACK_UNKNOWN: "fallback",
    # the phone line's own fixed phrases (media/sip/, docs/telephony.md)
    A.FALLBACK_GREETING: "fallback",
    A.FALLBACK_RECEPTION: "fallback",
    A.FALLBACK_CALLBACK: "fallback",
    A.FALLBACK_SILENCE_PROMPT: "fallback",
    A.FALLBACK_SILENCE_GOODBYE: "fallback",
}
ACTION_KINDS: tuple[ActionKind, ...] = tuple(ACTION_RISK)
RISK_CLASSES: tuple[str, ...] = (
    "speak",
    "pms_read",
    "pms_write",
    "pms_irreversible",
    "transfer",
    "end_call",
    "fallback",
)

FALLBACKS: tuple[ActionKind, ...] = (A.FALLBACK_ASK_AGAIN, A.FALLBACK_OFFER_HUMAN, A.FALLBACK_DECLINE)
# Fallbacks COMMAND takes for reasons of its own, not by expected utility: OPS advised
# shedding load (busy), or a safeguard could not run (unavailable: SENTINEL dead or late).
# busy transfers to the reception where hotel.reception.transfer_uri is configured;
# call_again says honestly, with no transfer target, to call again in a few minutes.
SPECIAL_FALLBACKS: tuple[ActionKind, ...] = (
    A.FALLBACK_BUSY,
    A.FALLBACK_UNAVAILABLE,
    A.FALLBACK_CALL_AGAIN,
    A.FALLBACK_DONE,
    A.FALLBACK_NOT_DONE,
    A.FALLBACK_PENDING,
    A.FALLBACK_UNKNOWN,
)
# Fallbacks the phone line asks for (docs/telephony.md): the greeting when a call is
# answered, the caller pressed 0 for the reception, a transfer failed (a callback is
# recorded), the caller is silent (a prompt, then a goodbye that ends the call).
LINE_FALLBACKS: tuple[ActionKind, ...] = (
    A.FALLBACK_GREETING,
    A.FALLBACK_RECEPTION,
    A.FALLBACK_CALLBACK,
    A.FALLBACK_SILENCE_PROMPT,
    A.FALLBACK_SILENCE_GOODBYE,
)
# The action an executor carries out for a fallback. COMMAND asks the core about the
# fallback itself (risk class "fallback") and issues this action's token with that
# decision's id.
FALLBACK_SPEECH: dict[ActionKind, ActionKind] = {
    A.FALLBACK_ASK_AGAIN: A.SPEAK_ASK,
    A.FALLBACK_OFFER_HUMAN: A.TRANSFER_HUMAN,
    A.FALLBACK_DECLINE: A.SPEAK_APOLOGISE,
    A.FALLBACK_BUSY: A.TRANSFER_HUMAN,
    A.FALLBACK_UNAVAILABLE: A.TRANSFER_HUMAN,
    A.FALLBACK_CALL_AGAIN: A.SPEAK_APOLOGISE,
    A.FALLBACK_DONE: A.SPEAK_CONFIRM,
    A.FALLBACK_NOT_DONE: A.TRANSFER_HUMAN,
    A.FALLBACK_PENDING: A.SPEAK_APOLOGISE,
    A.FALLBACK_UNKNOWN: A.TRANSFER_HUMAN,
    A.FALLBACK_GREETING: A.SPEAK_ANSWER,
    A.FALLBACK_RECEPTION: A.TRANSFER_HUMAN,
    A.FALLBACK_CALLBACK: A.SPEAK_APOLOGISE,
    A.FALLBACK_SILENCE_PROMPT: A.SPEAK_ASK,
    A.FALLBACK_SILENCE_GOODBYE: A.CALL_END,
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
