"""Make a transcript safe to understand: bounded length, no control characters, flagged oddities.

Why here and not in each agent: STRIKE and INTEL must agree on what the caller
"said" (a cut transcript must be cut at the same place for both), and the flags
are what the agent process turns into an alert for the feed.
"""

from __future__ import annotations

import re
import unicodedata

import msgspec

from agents.understanding.asr_text import restore

FLAG_EMPTY = "empty"
FLAG_CUT = "cut"
FLAG_GARBAGE = "garbage"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


class CleanText(msgspec.Struct, frozen=True):
    """A transcript after cleaning; ``flags`` lists what was wrong with the original."""

    text: str
    flags: tuple[str, ...] = ()
    original_chars: int = 0

    @property
    def usable(self) -> bool:
        return FLAG_EMPTY not in self.flags and FLAG_GARBAGE not in self.flags


def clean(text: str | None, max_chars: int) -> CleanText:
    """Normalise (NFC, spaces, hotel words mis-spelt by the recogniser), drop control
    characters, cut to ``max_chars`` at a word boundary."""
    raw = text or ""
    flags: list[str] = []
    t = unicodedata.normalize("NFC", raw)
    t = _CONTROL.sub(" ", t)
    t = _SPACE.sub(" ", t).strip()
    t = restore(t)  # "a sweet" -> "a suite": what the recogniser mis-spells (asr_text.py)
    if len(t) > max_chars:
        cut = t[:max_chars]
        space = cut.rfind(" ")
        t = (cut[:space] if space > max_chars // 2 else cut).rstrip()
        flags.append(FLAG_CUT)
    if not t:
        flags.append(FLAG_EMPTY)
    elif is_garbage(t):
        flags.append(FLAG_GARBAGE)
    return CleanText(text=t, flags=tuple(flags), original_chars=len(raw))


def _read_out_code(t: str) -> bool:
    """ "S O V 6 5 2 8", "S-O-V-6528", "K 7 M 4 Q X": single letters and digits, as a caller
    reads a confirmation number when asked for it (no word of two letters, yet no noise)."""
    toks = re.findall(r"[^\W_]+", t)
    return (
        len(toks) >= 3
        and any(c.isdigit() for c in t)
        and all(len(k) == 1 or k.isdigit() for k in toks)
    )


def is_garbage(t: str) -> bool:
    """No real words, or mostly symbols: nothing a person would say on the phone.

    Digits alone are not garbage (a caller may read out a phone number), and an
    e-mail address or a confirmation code is fine.
    """
    letters = sum(c.isalpha() for c in t)
    digits = sum(c.isdigit() for c in t)
    if digits >= 3 and letters == 0:
        return False
    if _read_out_code(t):
        return False
    if not _WORD.search(t):
        return True
    meaningful = letters + digits + t.count(" ")
    if meaningful / len(t) < 0.6:
        return True
    # Very long "words" with no vowels are keyboard mashing or ASR noise.
    words = t.split()
    odd = sum(1 for w in words if len(w) > 6 and not re.search(r"[aeiouyäöü@.\d]", w.lower()))
    return bool(words) and odd / len(words) > 0.5


# Phrases a caller says while looking for a word ("the twenty-third how do you say next month",
# "until june you know what the twelfth", "8 wie sagt man Nächte") carry no meaning.
SEARCHING = (
    r"you know what|how do you say|what is it|what's it called|let me think|let me see|now then|"
    r"wie sagt man|wie heißt das|was wollte ich sagen|lass mich überlegen|"
    # and the sighs around them ("ab freitag in der ach Gottchen kw 6", "the oh dear 11th")
    r"oh dear|oh my|dear me|ach gottchen|ach herrje|herrjemine|ach du meine güte"
)
# Words a recogniser writes between the words of a name ("ben uh fletcher", "laura you know laura").
_SPEECH_NOISE = re.compile(
    r"\b(?:" + SEARCHING + r"|uh|uhm|um|umm|hmm|hm|er|erm|ehm|äh|ähm|öhm|you know|like|well|so|"
    r"also|halt|quasi|sozusagen|na ja|naja|basically|actually|literally|i mean|eigentlich|"
    r"sag ich mal|ah|ahh|mal sehen|"
    # German modal and discourse particles said between the words of a name
    r"tja|eben|gell|weißt du|weisst du|ne|oder so|mhm|hm|nun|"
    # tags and hedges of spoken English and Bavarian/Austrian German ("me and y'know the missus",
    # "two kinda persons", "i und weißt eh mei schau Frau")
    r"y'know|ya know|innit|to be fair|kinda|sorta|weißt eh|weißt scho|schau|fei|sog i)\b,?",
    re.IGNORECASE,
)
_REPEAT_WORDS = re.compile(r"\b([\w'’]+(?:\s+[\w'’]+){0,2})\s+\1\b", re.IGNORECASE)
# (a stutter of up to three words: "we are four people are four people" is four people)
# Hesitations carry no meaning anywhere ("um" stays: a German preposition, "um 10 Uhr").
_HESITATION = re.compile(
    r"\b(?:" + SEARCHING + r"|ehm|äh|ähm|öhm|uh|uhm|erm|hmm|eh|weißt du|weisst du|you know)\b,?",
    re.IGNORECASE,
)


def unhesitant(text: str) -> str:
    """The text without hesitations and stutters ("zwei Wochen zwei Wochen" is two weeks)."""
    return _unstuttered(_HESITATION.sub(" ", text))


def tidy(text: str) -> str:
    """The text without fillers and stutters ("the name is you know laura you know laura bennett")."""
    return _unstuttered(_SPEECH_NOISE.sub(" ", text))


def _unstuttered(text: str) -> str:
    t = re.sub(r"\s+", " ", text).strip()
    for _ in range(3):
        t2 = _REPEAT_WORDS.sub(r"\1", t)
        if t2 == t:
            break
        t = t2
    return t
