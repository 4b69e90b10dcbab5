"""One contract for understanding a caller turn, whichever engine does it.

Why a contract: INTEL's dialogue logic (what to ask, when to read or write the
PMS) must not care whether intent and slots came from the embedded MiniLM +
rules or from an LLM behind vLLM; both return the same ``Understanding`` with
slots in the shared vocabulary (docs/vocabulary.md), already validated.
"""

from __future__ import annotations

import abc
import datetime as dt
import re
from typing import TYPE_CHECKING, Any

import msgspec

from config.errors import SovrenError

if TYPE_CHECKING:
    pass

SLOT_NAMES = (
    "arrival",
    "departure",
    "nights",
    "guests",
    "room_type",
    "guest_name",
    "phone",
    "email",
    "confirmation",
)
TASK_INTENTS = ("book", "modify", "cancel", "lookup")
BASE_INTENTS = (
    *TASK_INTENTS,
    "question",
    "greeting",
    "goodbye",
    "human",
    "affirm",
    "deny",
    "provide_info",
    "repeat",
    "unknown",
)

_AFFIRM = re.compile(
    r"^\W*(yes|yeah|yep|yup|sure|correct|right|exactly|okay|ok|alright|all right|go ahead|"
    r"please do|that's right|that is right|sounds good|perfect|fine|ja|jawohl|genau|richtig|"
    r"stimmt|gerne|in ordnung|passt|machen sie das|klar|"
    # colloquial German yes: "jawoll", "jo", "passt scho", "so machen wir's", "super, so machen
    # wir das", "klingt gut", "einverstanden", "freilich", "gebongt"
    r"jawoll|jo|joa|jep|super|prima|wunderbar|perfekt|einverstanden|freilich|sicher|natürlich|"
    r"gebongt|abgemacht|(?:das )?klingt gut|(?:so )?machen wir(?:'s| das| es)?|so machen|"
    r"das passt|das stimmt|"
    # the yes of Scotland, Ireland and the North ("aye, grand"), and a yes that says what it
    # does: "Bestätigt.", "confirmed", "bestätige"
    r"aye|bestätigt|bestätige|confirmed)\b(?![\s,]*(?:nicht|not)\b)",  # "natürlich nicht" is a no
    re.IGNORECASE,
)
# Particles and hesitations a caller says before the yes or no ("tja, ja genau", "mhm ja",
# "quasi gell nee", "weißt du, super"): German modal particles carry no answer of their own.
_LEAD = re.compile(
    r"^(?:\W*(?:tja|naja|na ja|na|also|eben|quasi|gell|halt|ehm|äh|ähm|öhm|hm|hmm|mhm|"
    r"weißt du|weisst du|ach|oh|uh|uhm|um|erm|well|"
    # Bavarian, Austrian and Swiss particles ("oiso genau so", "mei, passt", "gö, ja"), and
    # the fillers of English callers that open a turn ("look, yes", "listen, go ahead")
    r"oiso|mei|gö|fei|sag ich mal|look|listen|"
    # hedges of spoken English before the answer ("to be fair yep", "literally yes", "like, no")
    r"to be fair|literally|like|sort of|kind of|kinda|innit|y'know|you know|weißt eh|sog i)\b[\s,.!]*)+",
    re.IGNORECASE,
)
_DENY = re.compile(
    # "no problem", "not a problem", "no worries", "kein Problem": a yes said with a negation
    # (the write gate, intel.reading, reads them the same way)
    r"^\W*(?!(?:no|not a|kein|keine)\s+(?:problem|problems|probs|worries|bother|sorge|sorgen)\b)"
    r"(no|nope|nah|not|don't|do not|wrong|incorrect|cancel that|nein|nee|falsch|nicht|"
    r"das stimmt nicht|stop)\b",
    re.IGNORECASE,
)


class UnderstandingError(SovrenError, RuntimeError):
    """The understanding engine failed (unreachable, timed out, answered out of contract)."""

    code = "understanding_failed"
    next_step = "check agents.understanding (backend, vllm.base_url) with `sovren config check`; with vllm, start the server"


class Context(msgspec.Struct, frozen=True):
    """What the dialogue knows that changes how an utterance reads."""

    today: dt.date
    lang: str = "en"
    asked: str | None = None  # the slot we just asked for
    awaiting_confirmation: bool = False
    # The stay's arrival from earlier turns: "until Thursday" said alone is the first after it.
    arrival: dt.date | None = None
    # The party from earlier in the call: what "for the same group of people" means.
    guests: int | None = None


class Understanding(msgspec.Struct):
    """Intent, slots (vocabulary names, validated), language and flags of one utterance."""

    intent: str
    confidence: float
    text: str = ""
    slots: dict[str, Any] = {}
    lang: str = "en"
    polarity: str = ""  # "affirm" | "deny" | "": a yes/no in the utterance, whatever the intent
    flags: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()  # slots the utterance contradicts itself on
    backend: str = ""
    detail: str = ""
    facts: tuple[str, ...] = ()  # fact keys asked in this turn, in order (intent: fact.<first>)
    unknown_question: bool = False  # a question about the hotel that no configured fact covers


def polarity(text: str, intent: str = "") -> str:
    """A leading yes or no ("no, make it three nights" is a deny carrying a correction).

    ``intent`` (the classifier's, when it is sure) keeps the two consistent: a closing
    with thanks ("okay thanks, that's all I needed") is not a yes to a pending question,
    and an affirmation without a leading yes word ("the double is perfect, book it",
    "einverstanden") is one. A leading no always stays a no: declining is the safe side.
    """
    text = _LEAD.sub("", text)
    if _DENY.match(text) or intent == "deny":
        return "deny"
    if intent == "goodbye":
        return ""
    if _AFFIRM.match(text) or intent == "affirm":
        return "affirm"
    return ""


class UnderstandingBackend(abc.ABC):
    """Turns one caller utterance into an ``Understanding``; one instance per process."""

    name: str = ""
    # Whether the backend reads arrival, departure, nights and guests by the embedded rules
    # (dates.py, slots.py) itself; the factory wraps every other one in the cross-check
    # (crosscheck.py), so an engine never writes a date the caller's words do not back.
    checks_stay_itself: bool = False

    @abc.abstractmethod
    def understand(self, text: str, ctx: Context) -> Understanding:
        """Never raises for odd input (flags instead); raises UnderstandingError if the engine fails."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections or models."""
