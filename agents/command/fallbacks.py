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
    # An offer, asked as a question: only the caller's yes transfers (INTEL on the next turn;
    # media/sip/conversation.py never transfers on an offer), so it must not sound like one.
    ActionKind.FALLBACK_OFFER_HUMAN: {
        "en": "I would rather not get this wrong. Shall I connect you with a colleague at the front desk?",
        "de": "Ich möchte hier nichts falsch machen. Soll ich Sie mit einem Kollegen an der Rezeption verbinden?",
    },
    ActionKind.FALLBACK_DECLINE: {
        "en": "I am sorry, but I cannot help with that.",
        "de": "Es tut mir leid, dabei kann ich nicht helfen.",
    },
    # A safeguard could not run (SENTINEL dead, restarting or late): the caller hears that
    # something is wrong and is offered the reception; nothing else is said or done.
    ActionKind.FALLBACK_UNAVAILABLE: {
        "en": "I am sorry, something is not working as it should on my side right now. "
        "Shall I connect you with a colleague at the front desk?",
        "de": "Es tut mir leid, bei mir funktioniert gerade etwas nicht richtig. "
        "Soll ich Sie mit einem Kollegen an der Rezeption verbinden?",
    },
    # OPS advised shedding load when the call began and there is nobody to transfer to
    # (no hotel.reception.transfer_uri): say so honestly, promise nothing.
    ActionKind.FALLBACK_CALL_AGAIN: {
        "en": "I am sorry, we are very busy right now and cannot take your call properly. "
        "Please call again in a few minutes.",
        "de": "Es tut mir leid, im Moment ist sehr viel los und wir können Ihren Anruf nicht "
        "richtig entgegennehmen. Bitte rufen Sie in ein paar Minuten noch einmal an.",
    },
    # OPS advised shedding load when the call began: it goes to a person at once (only
    # where a transfer target is configured)
    ActionKind.FALLBACK_BUSY: {
        "en": "All our lines are very busy right now. I am connecting you with a colleague at the front desk.",
        "de": "Im Moment ist sehr viel los. Ich verbinde Sie mit einem Kollegen an der Rezeption.",
    },
    # What became of the caller's request, said by COMMAND when INTEL cannot say it
    # (fallback.done's words come from DONE_TEXT, with the caller's own booking number).
    ActionKind.FALLBACK_DONE: {
        "en": "That is done.",
        "de": "Das ist erledigt.",
    },
    ActionKind.FALLBACK_NOT_DONE: {
        "en": "I am sorry, that could not be done, so nothing has been changed. "
        "I can connect you with a colleague at the front desk.",
        "de": "Es tut mir leid, das hat nicht geklappt, es wurde nichts geändert. "
        "Ich kann Sie mit einem Kollegen an der Rezeption verbinden.",
    },
    # The PMS could not say whether the write was made: neither done nor not done is claimed
    ActionKind.FALLBACK_UNKNOWN: {
        "en": "I could not get a confirmation from our reservation system, so I cannot tell you "
        "whether that went through. I will connect you with a colleague at the front desk, "
        "who can check it for you.",
        "de": "Ich habe von unserem Reservierungssystem keine Bestätigung bekommen und kann "
        "Ihnen daher nicht sagen, ob das geklappt hat. Ich verbinde Sie mit einem Kollegen an "
        "der Rezeption, der es für Sie prüft.",
    },
    # The PMS has not answered within the turn budget: nothing is claimed either way
    ActionKind.FALLBACK_PENDING: {
        "en": "Our reservation system has not confirmed this yet. Please stay on the line, "
        "I will tell you as soon as it answers. Nothing will be booked twice.",
        "de": "Unser Reservierungssystem hat das noch nicht bestätigt. Bitte bleiben Sie dran, "
        "ich sage es Ihnen, sobald es antwortet. Es wird nichts doppelt gebucht.",
    },
    # the phone line (media/sip/): answered; 0 pressed; a transfer failed; a silent caller
    ActionKind.FALLBACK_GREETING: {
        "en": "Hello, thank you for calling. How can I help you?",
        "de": "Guten Tag, danke für Ihren Anruf. Wie kann ich Ihnen helfen?",
    },
    ActionKind.FALLBACK_RECEPTION: {
        "en": "One moment please, I am putting you through to the front desk.",
        "de": "Einen Moment bitte, ich verbinde Sie mit der Rezeption.",
    },
    ActionKind.FALLBACK_CALLBACK: {
        "en": "I am sorry, I could not reach a colleague at the front desk just now. "
        "I have noted your call, and a colleague will call you back as soon as possible. "
        "Is there anything else I can do for you?",
        "de": "Es tut mir leid, ich konnte gerade niemanden an der Rezeption erreichen. "
        "Ich habe Ihren Anruf notiert, ein Kollege ruft Sie so bald wie möglich zurück. "
        "Kann ich sonst noch etwas für Sie tun?",
    },
    ActionKind.FALLBACK_SILENCE_PROMPT: {
        "en": "Are you still there? I am listening.",
        "de": "Sind Sie noch da? Ich höre zu.",
    },
    ActionKind.FALLBACK_SILENCE_GOODBYE: {
        "en": "I cannot hear anything, so I will end the call now. "
        "Please call again at any time. Goodbye.",
        "de": "Ich höre leider nichts, deshalb beende ich den Anruf jetzt. "
        "Rufen Sie gern jederzeit wieder an. Auf Wiederhören.",
    },
}

# The second "say that again" in a row, in other words: the caller heard the first and said
# it again, so the same sentence once more would only get the same answer. (A third unsure
# turn is offered a colleague: coordinator.REASKS_BEFORE_OFFER.)
ASK_AGAIN_OTHER_WORDS: dict[str, str] = {
    "en": "I am sorry, I still did not catch that. Could you tell me again in a few words?",
    "de": "Entschuldigung, das habe ich immer noch nicht verstanden. "
    "Können Sie es mir in wenigen Worten noch einmal sagen?",
}

# A write carried out, said in fixed words; {ref} is the caller's own confirmation number.
DONE_TEXT: dict[str, dict[str, str]] = {
    ActionKind.PMS_CREATE: {
        "en": "Your booking is confirmed. Your confirmation number is {ref}.",
        "de": "Ihre Buchung ist bestätigt. Ihre Bestätigungsnummer ist {ref}.",
    },
    ActionKind.PMS_MODIFY: {
        "en": "Your booking {ref} has been changed.",
        "de": "Ihre Buchung {ref} wurde geändert.",
    },
    ActionKind.PMS_CANCEL: {
        "en": "Your booking {ref} has been cancelled.",
        "de": "Ihre Buchung {ref} wurde storniert.",
    },
}


def done_text(action: str, ref: str, lang: str = "en") -> str:
    """The fixed sentence for a write carried out (the generic one without a number)."""
    texts = DONE_TEXT.get(action)
    if texts is None or not ref:
        return fallback_text(ActionKind.FALLBACK_DONE, lang)
    return texts.get(lang, texts["en"]).format(ref=ref)


# The action each fallback is executed as (so executors verify it like any other).
FALLBACK_ACTION = FALLBACK_SPEECH


def fallback_text(fallback: str, lang: str = "en", asked_again: int = 0) -> str:
    """The fixed words of ``fallback``; ``asked_again`` = "say that again"s just before it."""
    if fallback == ActionKind.FALLBACK_ASK_AGAIN and asked_again:
        return ASK_AGAIN_OTHER_WORDS.get(lang, ASK_AGAIN_OTHER_WORDS["en"])
    texts = FALLBACK_TEXT.get(fallback, FALLBACK_TEXT[ActionKind.FALLBACK_OFFER_HUMAN])
    return texts.get(lang, texts["en"])
