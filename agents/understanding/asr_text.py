"""What speech recognition writes, put back into the words the hotel's extractor reads.

Two kinds, each measured on the voice benchmarks' transcripts (dev and train splits):

- Hotel words written as a word that sounds the same (below).
- A code read out letter by letter, written with the spaces in the wrong places:
  Piper's "S O V 8 9 2 2" came out "s ov8922", and the reference became "OV8922"
  (the letter before the code was dropped). Single letters right before a code
  that begins with letters are joined to it ("s ov8922" -> "sov8922"); "a" and "I"
  are words and stay apart.

Homophones:

Why: whisper writes what is most likely in general English, not at a hotel's
desk. Measured on the corpus's train split spoken by Piper (bench.asr_hints,
plain tiny.en): "suite" came out "sweet" in 4 of 60 turns ("I need a sweet for
five days", "your sweet"), and "two adults" as "to adults"; the room or the party
size was then lost. Only the spelling is restored, and only where the
sound-alike cannot be meant: "sweet" after an article or possessive (a noun: at a
hotel's phone, a suite), "to"/"too" between a word that introduces a count and a
noun of people, nights or rooms ("for to adults", "September 27 to adults").
Words that are fine as they stand ("that's sweet", "open to adults") stay.

English only: German recognition writes "Suite" and "zwei" as they are.
"""

from __future__ import annotations

import re

_DETERMINER = r"(?:a|the|your|our|one|that|this|junior|two|2|three|3)"
_SWEET = re.compile(rf"\b({_DETERMINER})(\s+)sweet(s?)\b", re.IGNORECASE)

# a count is expected after these (a number, a date's day, a preposition of quantity)
# (or a correction of a count: "three no to nights", "one or to nights")
_BEFORE_COUNT = (
    r"(?:\d+(?:st|nd|rd|th)?|for|are|we're|were|be|and|with|just|only|of|no|nope|sorry|or|,)"
)
_COUNTED = r"(?:adults?|people|persons|guests|nights|rooms|beds|kids|children)"
_TO_TWO = re.compile(
    rf"(?<![\w'])({_BEFORE_COUNT})(\s*)\b(?:to|too)\b(\s+)({_COUNTED})\b", re.IGNORECASE
)


# Units written short, as a caller types or a note reads ("2 pax 3 nts", "for 1 nt"): the
# extractor knows only the words.
_COUNT_WORD = r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)"
_SHORT_UNITS = (
    (re.compile(rf"\b({_COUNT_WORD})(\s*)(?:nts?|ngts?|nites?)\b", re.IGNORECASE), "nights"),
    (re.compile(rf"\b({_COUNT_WORD})(\s*)pax\b", re.IGNORECASE), "people"),
)

# single letters (not the words "a" and "I") right before a code of letters then digits
_LOOSE_LETTERS = re.compile(r"(?<![\w-])((?:(?![aAiI]\b)[A-Za-z][ -]){1,3})([A-Za-z]{1,5}\d{2,}\b)")


def restore(text: str) -> str:
    """``text`` with the hotel words a recogniser mis-spelt as homophones put back, units
    written short spelt out, and the letters of a code it wrote apart joined to it."""
    text = _SWEET.sub(lambda m: f"{m[1]}{m[2]}suite{m[3]}", text)
    text = _TO_TWO.sub(lambda m: f"{m[1]}{m[2]}two{m[3]}{m[4]}", text)
    for rx, unit in _SHORT_UNITS:
        text = rx.sub(lambda m, u=unit: f"{m[1]} {u}", text)
    return _LOOSE_LETTERS.sub(lambda m: re.sub(r"[ -]", "", m[1]) + m[2], text)
