"""What the caller hears when the decision core refuses an action.

Why fixed texts: a fallback is the *safe default* of the call's state, so it
must never carry data from the refused action (no names, dates or numbers
that SENTINEL has not seen). Each has an English and a German wording.
"""

from __future__ import annotations

from bayes.vocabulary import FALLBACK_SPEECH

FALLBACK_TEXT: dict[str, dict[str, str]] = {
    "fallback.ask_again": {
        "en": "Sorry, I did not quite get that. Could you say it again?",
        "de": "Entschuldigung, das habe ich nicht ganz verstanden. Können Sie das wiederholen?",
    },
    "fallback.offer_human": {
        "en": "I would rather not get this wrong. I can connect you with a colleague at the front desk.",
        "de": "Ich möchte hier nichts falsch machen. Ich kann Sie mit einem Kollegen an der Rezeption verbinden.",
    },
    "fallback.decline": {
        "en": "I am sorry, but I cannot help with that.",
        "de": "Es tut mir leid, dabei kann ich nicht helfen.",
    },
    # A safeguard could not run (SENTINEL dead, restarting or late): the caller hears that
    # something is wrong and is offered the reception; nothing else is said or done.
    "fallback.unavailable": {
        "en": "I am sorry, something is not working as it should on my side right now. "
        "I can connect you with a colleague at the front desk.",
        "de": "Es tut mir leid, bei mir funktioniert gerade etwas nicht richtig. "
        "Ich kann Sie mit einem Kollegen an der Rezeption verbinden.",
    },
    # OPS advised shedding load when the call began: it goes to a person at once
    "fallback.busy": {
        "en": "All our lines are very busy right now. I am connecting you with a colleague at the front desk.",
        "de": "Im Moment ist sehr viel los. Ich verbinde Sie mit einem Kollegen an der Rezeption.",
    },
    # the phone line (media/sip/): answered; 0 pressed; a transfer failed; a silent caller
    "fallback.greeting": {
        "en": "Hello, thank you for calling. How can I help you?",
        "de": "Guten Tag, danke für Ihren Anruf. Wie kann ich Ihnen helfen?",
    },
    "fallback.reception": {
        "en": "One moment please, I am putting you through to the front desk.",
        "de": "Einen Moment bitte, ich verbinde Sie mit der Rezeption.",
    },
    "fallback.callback": {
        "en": "I am sorry, I could not reach a colleague at the front desk just now. "
        "I have noted your call, and a colleague will call you back as soon as possible. "
        "Is there anything else I can do for you?",
        "de": "Es tut mir leid, ich konnte gerade niemanden an der Rezeption erreichen. "
        "Ich habe Ihren Anruf notiert, ein Kollege ruft Sie so bald wie möglich zurück. "
        "Kann ich sonst noch etwas für Sie tun?",
    },
    "fallback.silence_prompt": {
        "en": "Are you still there? I am listening.",
        "de": "Sind Sie noch da? Ich höre zu.",
    },
    "fallback.silence_goodbye": {
        "en": "I cannot hear anything, so I will end the call now. "
        "Please call again at any time. Goodbye.",
        "de": "Ich höre leider nichts, deshalb beende ich den Anruf jetzt. "
        "Rufen Sie gern jederzeit wieder an. Auf Wiederhören.",
    },
}

# The action each fallback is executed as (so executors verify it like any other).
FALLBACK_ACTION = FALLBACK_SPEECH


def fallback_text(fallback: str, lang: str = "en") -> str:
    texts = FALLBACK_TEXT.get(fallback, FALLBACK_TEXT["fallback.offer_human"])
    return texts.get(lang, texts["en"])
