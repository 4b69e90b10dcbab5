"""What the caller hears when the decision core refuses an action.

Why fixed texts: a fallback is the *safe default* of the call's state, so it
must never carry data from the refused action (no names, dates or numbers
that SENTINEL has not seen). Each has an English and a German wording.
"""

from __future__ import annotations

from bayes.vocabulary import FALLBACK_SPEECH
from ipc.actions import ActionKind

FALLBACK_TEXT: dict[str, dict[str, str]] = {
    ActionKind.FALLBACK_ASK_AGAIN: {
        "en": "Sorry, I did not quite get that. Could you say it again?",
        "de": "Entschuldigung, das habe ich nicht ganz verstanden. Können Sie das wiederholen?",
    },
    ActionKind.FALLBACK_OFFER_HUMAN: {
        "en": "I would rather not get this wrong. I can connect you with a colleague at the front desk.",
        "de": "Ich möchte hier nichts falsch machen. Ich kann Sie mit einem Kollegen an der Rezeption verbinden.",
    },
    ActionKind.FALLBACK_DECLINE: {
        "en": "I am sorry, but I cannot help with that.",
        "de": "Es tut mir leid, dabei kann ich nicht helfen.",
    },
    # A safeguard could not run (SENTINEL dead, restarting or late): the caller hears that
    # something is wrong and is offered the reception; nothing else is said or done.
    ActionKind.FALLBACK_UNAVAILABLE: {
        "en": "I am sorry, something is not working as it should on my side right now. "
        "I can connect you with a colleague at the front desk.",
        "de": "Es tut mir leid, bei mir funktioniert gerade etwas nicht richtig. "
        "Ich kann Sie mit einem Kollegen an der Rezeption verbinden.",
    },
    # OPS advised shedding load when the call began: it goes to a person at once
    ActionKind.FALLBACK_BUSY: {
        "en": "All our lines are very busy right now. I am connecting you with a colleague at the front desk.",
        "de": "Im Moment ist sehr viel los. Ich verbinde Sie mit einem Kollegen an der Rezeption.",
    },
}

# The action each fallback is executed as (so executors verify it like any other).
FALLBACK_ACTION = FALLBACK_SPEECH


def fallback_text(fallback: str, lang: str = "en") -> str:
    texts = FALLBACK_TEXT.get(fallback, FALLBACK_TEXT[ActionKind.FALLBACK_OFFER_HUMAN])
    return texts.get(lang, texts["en"])
