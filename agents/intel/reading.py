"""How one understood turn reads against the call so far (pure functions, no wording).

Why here and not in the understanding: the intent model reads one utterance alone;
the dialogue knows what it just asked and what is pending. "We'd like to stay three
nights" after "How many nights?" is an answer, not a modification; "book it" after our
booking read-back is a yes; "okay, I'll think about it and call back" is not a yes to a
write. These readings decide writes, so they are small, explicit and tested.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from agents.understanding import name_words, spelling
from agents.understanding.backend import TASK_INTENTS, Understanding
from agents.understanding.recount import settled
from ipc.actions import ActionKind

if TYPE_CHECKING:
    from agents.intel.hotel_view import HotelView
    from agents.intel.state import DialogueState

# What a stay is made of: a turn naming these without a confirmation number is a booking.
STAY_SLOTS = frozenset({"arrival", "departure", "nights", "guests", "room_type", "rooms"})
# A bare answer to our own question is understood at least this well.
ANSWER_CONFIDENCE = 0.85
_TASK_OF = {
    ActionKind.PMS_CREATE: "book",
    ActionKind.PMS_MODIFY: "modify",
    ActionKind.PMS_CANCEL: "cancel",
}
# The slots that answer each question we ask (otherwise the slot of the same name).
_ANSWERS = {"nights": {"nights", "departure"}, "arrival": {"arrival", "departure", "nights"}}
_FILLERS = r"(?:(?:uh|uhm|um|umm|er|erm|hm|hmm|äh|ähm|öhm|oh|well|so|ok|okay|sorry)\W+)*"
_WAIT = re.compile(
    r"^\W*" + _FILLERS + r"(?:(?:stop|wait|hold on|hang on|halt|stopp)(?: a| one)?"
    r"(?: (?:moment|second|sec|minute))?|(?:just )?(?:a|one) (?:moment|second|sec|minute)|moment|"
    r"warten sie(?: bitte)?(?: kurz)?|warte(?: mal)?|einen (?:moment|augenblick)|augenblick|"
    r"sekunde)\b(?:[\s,.!]*(?:stop|wait|halt|stopp|moment|please|bitte)\b)*[\s,.!]*",
    re.IGNORECASE,
)
# A "yes" that closes the call or puts the decision off is no yes to a write.
_PUT_OFF = re.compile(
    r"think (?:about|it over)|call (?:you )?(?:back|again)|get back to you|later|not sure|"
    r"\bbye\b|goodbye|überleg|melde mich|rufe? (?:\w+ )*(?:zurück|wieder an|später an)|"
    r"nicht sicher|tschüss|auf wieder",
    re.IGNORECASE,
)


def only_wait(text: str) -> bool:
    """ "wait", "uhm stop wait", "einen Moment bitte" — and nothing else in the turn."""
    m = _WAIT.match(text)
    return bool(m) and not text[m.end() :].strip(" .,!?")


# A no-word after the yes ("ja gut, naa, so ned", "yes ... no wait"): the answer is not a plain
# yes, and a write needs one. Idioms that are no no ("yes, no problem") are left out.
_NO_AFTER = re.compile(
    r"\b(?:no|nope|nah|nein|nee|naa|wait|hold on|moment|warten sie|stopp?)\b"
    r"(?!\s+(?:problem|problems|worries|doubt|rush|hurry|bother|refund\w*|erstatt\w*|"
    r"storn\w*|cancell?ation\w*)\b)"
    # "three, no, two nights" corrects a value; whether the yes restates the read-back decides
    r"(?![,\s]+(?:\d|one|two|to|too|three|four|five|six|seven|eight|nine|ten|eins|ein|eine|"
    r"zwei|zwo|drei|vier|fünf|sechs|sieben|acht|neun|zehn|the \d|den \d|am \d)\b)",
    re.IGNORECASE,
)


def mixed_answer(text: str) -> bool:
    """Whether a turn holds a no-word beside its yes: asked again, never taken for a yes.

    A no inside a count corrected in one breath ("ja, acht Nächte, nein, vier, ach nee, doch
    sechs") belongs to the count, not to the answer: the settled count is what the read-back
    is compared with (``restates``)."""
    return bool(_NO_AFTER.search(settled(text)))


# Words a caller says a yes with. A write waits for one: the classifier alone once took "Sie
# sind ja zu nix zu gebrauchen" (an insult, with the particle "ja") for a yes. German "ja" after
# a verb ("sind ja", "ist ja", "kann ja") is that particle, not an answer.
_JA_PARTICLE = "".join(
    rf"(?<!\b{v} )"
    for v in re.findall(
        r"\S+",
        "sind ist bin bist seid war waren wäre haben hat habe hast hatte kann können wird werden "
        "muss soll sollte",
    )
)
_YES_WORD = re.compile(
    r"\b(?:yes|yeah|yep|yup|yea|aye|sure|surely|certainly|definitely|absolutely|correct|right|"
    r"exactly|okay|ok|alright|all right|fine|perfect|great|good|lovely|brilliant|grand|super|"
    r"excellent|wonderful|fantastic|sounds|go ahead|go on|go for it|please do|do it|do that|"
    r"book it|book that|confirm|confirmed|agreed|deal|jawohl|jawoll|jo|joa|jep|jap|genau|"
    r"richtig|stimmt|gerne|gern|passt|klar|freilich|sicher|natürlich|einverstanden|gebongt|"
    r"abgemacht|prima|wunderbar|perfekt|toll|gut|klingt|machen|mach|machens|buchen|bestätigt?|"
    r"in ordnung|okey|gemma|korrekt|ahead|proceed|carry on|let.s do|"
    # the yes said as a sound ("mhm", "uh-huh"), "that's it", Bavarian "basst (scho)", Swiss "guet"
    r"mhm+|mm-?hm+|uh-?huh|that'?s it|that is it|basst|guet)\b"
    r"|" + _JA_PARTICLE + r"\bja\b",
    re.IGNORECASE,
)


# A question about something else than the stay ("do you reckon it'll rain tomorrow?"): its
# date is no new date of the stay. Any word of a stay, a change or an alternative keeps it one.
_QUESTION_OPENS = re.compile(
    r"^\W*(?:(?:uh|um|so|and|oh|well|also|und|na|hey)\W+)*(?:(?:do|did)\s+(?:you|ya)\s+"
    r"(?:reckon|think|know|suppose|expect|happen to know)|(?:will|would|does|is)\s+it\b|"
    r"(?:glauben|meinen|denken|wissen)\s+sie|(?:wird|regnet|schneit|ist)\s+es)\b",
    re.IGNORECASE,
)
_STAY_WORDS = re.compile(
    r"\b(?:arriv\w*|stay\w*|nights?|book\w*|reserv\w*|rooms?|suite|double|twin|single|chang\w*|"
    r"mov\w*|instead|rather|about|from|until|till|through|thru|check\w*|come|coming|leav\w*|"
    r"free|available|availability|vacanc\w*|price|cost\w*|anreis\w*|abreis\w*|nacht|nächte|"
    r"zimmer|buch\w*|statt|stattdessen|lieber|änder\w*|verschieb\w*|verleg\w*|ab|bis|kommen|"
    r"frei|verfügbar|kostet|preis|wäre|possible|possibly|doable|ok|okay|work|works|fine|"
    r"möglich|machbar|geht|gehen)\b",
    re.IGNORECASE,
)


def asks_off_the_stay(text: str) -> bool:
    """A question that names no stay, change or alternative: its date is not the stay's."""
    return bool(_QUESTION_OPENS.match(text)) and not _STAY_WORDS.search(text)


def says_yes_word(text: str) -> bool:
    return bool(_YES_WORD.search(text.strip()))


def puts_off(text: str) -> bool:
    return bool(_PUT_OFF.search(text))


def asks_something(u: Understanding) -> bool:
    """ "No thanks. Do you have parking?": the turn carries a question to answer."""
    return (
        u.intent.startswith("fact.")
        or u.intent in ("question", "repeat", "human")
        or bool(getattr(u, "facts", ()))  # a yes/no override keeps the facts asked
    )


def is_stay_enquiry(u: Understanding, slots: dict[str, Any]) -> bool:
    """A question that no configured fact answers but that names a stay's dates ("how does it
    look on the 6th of October?"): it asks about availability, which is the booking flow."""
    return (
        u.intent == "question"
        and bool(getattr(u, "unknown_question", False))
        and not getattr(u, "facts", ())
        and bool(slots.keys() & {"arrival", "departure", "nights"})
    )


def restates(known: dict[str, Any], slots: dict[str, Any]) -> bool:
    """A yes that repeats what we read back ("yes, the twin is fine") changes nothing."""
    return all(known.get(k) == v for k, v in slots.items() if k != "spelled")


def answers_asked(s: DialogueState, slots: dict[str, Any]) -> bool:
    """The turn fills the slot we just asked for."""
    return bool(s.asked and slots.keys() & _ANSWERS.get(s.asked, {s.asked}))


def code_start(text: str) -> str:
    """The letters a turn spells and nothing more ("Sierra, Oscar."): the start of a code that
    a pause cut off from its digits ("Victor, three, nine, double one" came as the next turn)."""
    run = spelling.best(text, min_units=2)
    if run is None or run.has_digit or len(run.value) > 4:
        return ""
    rest = _CODE_CUE.sub(" ", text[: run.start] + text[run.end :])
    return run.value if not re.search(r"[^\W\d_]{2,}", rest) else ""


# What may stand beside a code's letters said alone: "my confirmation number is", "it's", "uh"
_CODE_CUE = re.compile(
    r"\b(?:my|the|our|it'?s|is|ist|was|uh|um|uhm|ehm|äh|so|okay|ok|yes|yeah|ja|"
    r"confirmation|booking|reservation|reference|number|code|"
    r"bestätigungsnummer|buchungsnummer|reservierungsnummer|nummer|die|lautet)\b",
    re.IGNORECASE,
)


def slots_of(s: DialogueState, hotel: HotelView, u: Understanding) -> dict[str, Any]:
    """The turn's slots, plus a rate the caller names in the hotel's own words while booking;
    a code's letters held from the turn before go in front of the rest of it."""
    slots = dict(u.slots)
    if delta := slots.pop("nights_delta", None):
        # "one more night": from the nights said in this call, else the booking being changed;
        # with neither, the count as said stands; a stay cut to nothing says no length
        base = s.slots.get("nights") or (s.reservation.nights if s.reservation else None)
        if base:
            slots.pop("nights", None)
            if int(base) + int(delta) >= 1:
                slots["nights"] = int(base) + int(delta)
    start, s.code_start = s.code_start, ""
    conf = slots.get("confirmation")
    if start and conf and not str(conf).startswith(start) and len(str(conf)) < 8:
        slots["confirmation"] = start + str(conf)
    booking = s.task == "book" or u.intent == "book"
    if not booking:
        slots.pop("rate_plan", None)  # "is the flexible rate refundable?": a rate only to book
    elif "rate_plan" in slots:
        s.last_understanding = max(s.last_understanding, ANSWER_CONFIDENCE)
    if "rate_plan" not in slots and booking:
        rate = hotel.rate_in(u.text)
        if rate:
            slots["rate_plan"] = rate
            # The hotel's own rate name, said: as sure as a bare answer to our question.
            s.last_understanding = max(s.last_understanding, ANSWER_CONFIDENCE)
    return slots


# "Can you change my booking SOV-1234?": the caller names a change of the booking they have.
_CHANGE = re.compile(
    r"\b(?:chang(?:e|ed|ing)|mov(?:e|ed|ing)|modif(?:y|ied)|reschedul(?:e|ed|ing)|"
    r"postpon(?:e|ed)|brought forward|bring forward|shift(?:ed)?|"
    # German and its spoken forms without the "e" ("verlegn", "verschiebn")
    r"ändern|änderung|verschieb(?:en|n|t)|umbuch(?:en|n)|verleg(?:en|n|t)|umleg(?:en|n))\b|"
    # "könnten wir das auf Freitag legen?": legen with "auf" places the stay on new days
    r"\bauf\b[^.?!]{0,60}\b(?:legen|leg|legt)\b",
    re.IGNORECASE,
)
# "instead", "statt Freitag lieber Samstag": a change of something already there.
_INSTEAD = re.compile(
    r"\b(?:instead|rather than|statt|stattdessen|anstatt|anstelle)\b", re.IGNORECASE
)
# Calling a stay off: "stornieren", "canceln", "absagen" and its separable form "sage ... ab",
# "streichen", "zurücktreten", "brauchen ... nicht mehr", "cancel", "call off".
_CANCEL = re.compile(
    r"\b(?:cancel|cancell?ing|call off|storn\w*|cancel\w*|absagen|abzusagen|annullier\w*|"
    r"streichen|zurücktreten|zurückziehen)\b|"
    r"\b(?:sage|sag|sagen|sagt)\b[^.?!]{0,50}\bab\b|"
    r"\b(?:brauche|brauchen|braucht|need)\b[^.?!]{0,50}\b(?:nicht mehr|no longer|not any ?more)\b",
    re.IGNORECASE,
)
# "I'd also like to book another room": a new booking beside the one the caller has.
_ANOTHER = re.compile(
    r"\b(?:another|additional|second|also book|new booking|separate|noch ein\w*|weitere\w*|"
    r"zusätzlich\w*|zweite\w*|neue buchung)\b",
    re.IGNORECASE,
)
_DATES = frozenset({"arrival", "departure", "nights"})
# A yes that follows the details the caller repeats, after a comma or a dash.
_YES_AFTER = re.compile(
    r"[,;:–-]\s*(?:yes|yeah|yep|correct|that's right|exactly|ja|jawohl|jawoll|genau|richtig|"
    r"stimmt|so stimmt's|passt)\b(?![\s,]*(?:nicht|not)\b)",
    re.IGNORECASE,
)


# A yes that opens the turn, before thanks ("Confirmed, thank you", "Ja, passt, danke").
_YES_FIRST = re.compile(
    r"^\W*(?:yes|yeah|yep|yup|confirmed|confirm|correct|that's right|perfect|great|lovely|"
    r"ja|jawohl|genau|richtig|passt|bestätigt|stimmt)\b",
    re.IGNORECASE,
)


# "How are you?" as callers ask it ("how ya going", "how's it going", "wie geht's Ihnen").
_HOW_ARE_YOU = re.compile(
    r"\bhow(?:'s| is| are| ya| you| r u)?(?: (?:it|things|you|ya|we))? (?:going|doing|keeping)\b|"
    r"\bhow (?:are|r) (?:you|ya|u)\b|\bwie geht(?:'s| es)?(?: (?:ihnen|dir|euch))?\b",
    re.IGNORECASE,
)
# Who a greeting is for: "grüezi mitenand", "servus beinand", "hello everyone".
_GREETED = frozenset(
    ["mitenand", "miteinander", "beinand", "zäme", "zamma", "allerseits", "everyone", "all",
     "there", "sag", "ich", "mal"]
)  # fmt: skip


def only_greets(text: str) -> bool:
    """A turn of greeting words alone (with fillers, a vocative and a how-are-you): the
    head, trained on few regional greetings, reads "grüezi mitenand" or "g'day, how ya
    going" as an answer; every word of it is a greeting's."""
    rest = _HOW_ARE_YOU.sub(" ", text)
    words = re.findall(r"[^\W\d_][\w'’]*", rest.lower())
    said = name_words.GREETINGS | name_words.FILLERS | name_words.VOCATIVES | _GREETED
    return (
        bool(words)
        and any(w in name_words.GREETINGS or w == "g'day" for w in words)
        and all(w in said or w == "g'day" for w in words)
    )


def intent_of(s: DialogueState, u: Understanding, slots: dict[str, Any]) -> str:
    """The intent against the call: stay details are a booking, not a lookup; "book it" to our
    booking read-back (the task's own intent, nothing changed) is a yes to it; a booking
    reference with a change verb ("can you move SOV-1234?") or with dates is a modification;
    a verb that calls a stay off beats an unsure guess of a change; new dates for
    the booking the caller has ("can we make it the weekend?") change it, unless they ask
    for another room."""
    stay = slots.keys() & STAY_SLOTS
    text = u.text or ""
    if u.intent in ("provide_info", "unknown") and not slots and only_greets(text):
        return "greeting"
    if (
        (u.intent in ("lookup", "provide_info", "book") or u.intent.startswith("fact."))
        and "confirmation" in slots
        and s.task in ("", "lookup")
        and _CHANGE.search(text)
    ):
        return "modify"
    if (
        (u.intent in ("lookup", "provide_info", "book") or u.intent.startswith("fact."))
        and "confirmation" in slots
        and slots.keys() & _DATES
        and s.task == ""
        and not _ANOTHER.search(text)
    ):
        # the caller's booking reference with dates: nobody quotes the booking they have to
        # make a new one ("my trip's been rescheduled, can we make it June 14th to 17th? The
        # reference is ...")
        return "modify"
    if (
        (
            u.intent in ("book", "provide_info", "lookup", "unknown")
            or (u.intent == "modify" and u.confidence < 0.6 and not _CHANGE.search(text))
        )
        and s.task in ("", "lookup")
        and not slots.keys() & _DATES
        and _CANCEL.search(text)
        and not _ANOTHER.search(text)
    ):
        return "cancel"  # the head's German is thinner than the verbs that call a stay off
    if (
        u.intent == "modify"
        and u.confidence < 0.6
        and s.task == ""
        and stay
        and "confirmation" not in slots
        and not _CHANGE.search(text)
        and not _INSTEAD.search(text)
    ):
        # the first words of a call naming a stay, no booking and no change ("wir kämen am
        # Wochenende", Konjunktiv II): a new booking
        return "book"
    if (
        u.intent in ("book", "provide_info")
        and s.task in ("", "lookup", "modify")
        and s.verified
        and slots.keys() & _DATES
        and not _ANOTHER.search(u.text or "")
    ):
        return "modify"
    if u.intent == "lookup" and stay and "confirmation" not in slots and not s.verified:
        return "book"
    p = s.pending
    if (
        p is not None
        and p.stage == "confirm"
        and (
            u.intent == s.task
            or (u.polarity != "deny" and _YES_AFTER.search(text))
            # "Confirmed, thank you." to the read-back: the thanks made the head hear a goodbye
            or (u.intent == "goodbye" and _YES_FIRST.match(text) and not puts_off(text))
        )
        and _TASK_OF.get(p.action) == s.task
        and restates(s.slots, slots)
    ):
        # "book it" to our read-back, or the details repeated and then a yes ("das
        # Doppelzimmer für vier Nächte, ja, so stimmt's"): nothing changed, a yes
        return "affirm"
    return u.intent


def task_for(s: DialogueState, u: Understanding, slots: dict[str, Any]) -> str | None:
    """The task this turn starts, or None to stay with ours.

    Stay details (dates, guests, room) without a confirmation number are a booking,
    whatever the intent model calls them; an answer to our question does not change
    the subject ("we'd like to stay three nights" is not a modification).
    """
    stay = bool(slots.keys() & STAY_SLOTS) and "confirmation" not in slots
    if s.task == "lookup" and not s.verified and stay:
        return "book"
    if s.task == "modify" and stay and not _ANOTHER.search(u.text or ""):
        # "Could we move our stay? ..." then "Can we make it this weekend?": new dates for
        # the booking being changed (still to be found and verified), not a new booking
        return None
    if u.intent not in TASK_INTENTS or u.intent == s.task or u.confidence < 0.3:
        return None
    if s.task == "book" and u.intent in ("modify", "lookup") and stay:
        return None
    if s.task and (answers_asked(s, slots) or s.clarify is not None):
        return None
    return u.intent
