"""Every action kind the agents may propose, as one enum (docs/vocabulary.md).

Why a ``StrEnum`` in a leaf module of the wire layer: the kind travels on the
wire (``Proposal.action``, ``Decision.action``, ...), the decision core maps it
to a risk class (bayes/vocabulary.py), executors dispatch on it, the ledger
stores it. One enum means a typo fails at import instead of in a call, and
because each member *is* its string, ``ActionKind.PMS_CREATE == "pms.create"``,
JSON and MessagePack carry plain strings, and older code that writes the
strings keeps working.
"""

from __future__ import annotations

import enum


class ActionKind(enum.StrEnum):
    """An action kind; the value is the string on the wire and in the ledger."""

    SPEAK_ANSWER = "speak.answer"
    SPEAK_CONFIRM = "speak.confirm"
    SPEAK_ASK = "speak.ask"
    SPEAK_APOLOGISE = "speak.apologise"
    PMS_AVAILABILITY = "pms.availability"
    PMS_FIND_BOOKING = "pms.find_booking"
    PMS_CREATE = "pms.create"
    PMS_MODIFY = "pms.modify"
    PMS_CANCEL = "pms.cancel"
    TRANSFER_HUMAN = "transfer.human"
    CALL_END = "call.end"
    # COMMAND's fixed safe phrases (docs/decision-core.md, "Fallbacks")
    FALLBACK_ASK_AGAIN = "fallback.ask_again"
    FALLBACK_OFFER_HUMAN = "fallback.offer_human"
    FALLBACK_DECLINE = "fallback.decline"
    FALLBACK_BUSY = "fallback.busy"
    FALLBACK_UNAVAILABLE = "fallback.unavailable"
    FALLBACK_CALL_AGAIN = "fallback.call_again"
    # What became of a PMS write when the agent that proposed it cannot say it
    # (docs/runtime.md, "The caller is told the truth")
    FALLBACK_DONE = "fallback.done"
    FALLBACK_NOT_DONE = "fallback.not_done"
    FALLBACK_PENDING = "fallback.pending"
    FALLBACK_UNKNOWN = "fallback.unknown"
    # the phone line's own fixed phrases (media/sip/, docs/telephony.md)
    FALLBACK_GREETING = "fallback.greeting"
    FALLBACK_RECEPTION = "fallback.reception"
    FALLBACK_CALLBACK = "fallback.callback"
    FALLBACK_SILENCE_PROMPT = "fallback.silence_prompt"
    FALLBACK_SILENCE_GOODBYE = "fallback.silence_goodbye"

    @property
    def is_speech(self) -> bool:
        """Carried out by the media worker as words (speak.*, transfer.*, call.*)."""
        return self.value.startswith(SPOKEN_PREFIXES)

    @property
    def is_pms(self) -> bool:
        return self.value.startswith("pms.")

    @property
    def is_write(self) -> bool:
        """Changes the PMS (needs the caller's yes to a read-back)."""
        return self in PMS_WRITES

    @property
    def is_fallback(self) -> bool:
        return self.value.startswith("fallback.")


# Actions the media worker speaks (the words travel in the args' ``text``).
SPOKEN_PREFIXES: tuple[str, ...] = ("speak.", "transfer.", "call.")
SPEAK_KINDS: frozenset[ActionKind] = frozenset(
    (
        ActionKind.SPEAK_ANSWER,
        ActionKind.SPEAK_CONFIRM,
        ActionKind.SPEAK_ASK,
        ActionKind.SPEAK_APOLOGISE,
    )
)
PMS_READS: frozenset[ActionKind] = frozenset(
    (ActionKind.PMS_AVAILABILITY, ActionKind.PMS_FIND_BOOKING)
)
PMS_WRITES: frozenset[ActionKind] = frozenset(
    (ActionKind.PMS_CREATE, ActionKind.PMS_MODIFY, ActionKind.PMS_CANCEL)
)
PMS_KINDS: frozenset[ActionKind] = PMS_READS | PMS_WRITES


def action_kind(value: str) -> ActionKind:
    """The kind named ``value``; a ``ValueError`` naming the known kinds otherwise."""
    try:
        return ActionKind(value)
    except ValueError:
        known = ", ".join(k.value for k in ActionKind)
        raise ValueError(f"unknown action kind {value!r}; known: {known}") from None
