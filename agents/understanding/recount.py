"""The count a caller settles on when they correct it in one breath.

Why: callers, the elderly above all, change a count twice before they are done: "fünf Nächte,
nein, drei, ach nee, doch vier", "nine nights, no, eight, oh no, seven then", "8, how do you
say, nights, no, seven". The extractors read the first count with its unit (five nights) and
the corrections, bare numbers, are lost: a stay was read back and written for five nights
when the caller settled on four. Here the whole chain is put back as the last count with the
chain's unit ("vier Nächte"), before any extractor sees the turn; a chain whose counts name
different units ("two nights, no, three people") is left alone.

Only corrections link a chain (a correction word between the counts); "two, three nights" is
a range, not a correction, and stays as it is. Ordinals and days with a full stop ("am 3.,
nein, 4. Mai") are dates: the date reader has its own correction rule (dates._corrected).
"""

from __future__ import annotations

import re

_EN_NUMS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
]
_DE_NUMS = [
    "eins",
    "einen",
    "zwei",
    "drei",
    "vier",
    "fünf",
    "sechs",
    "sieben",
    "acht",
    "neun",
    "zehn",
    "elf",
    "zwölf",
    "dreizehn",
    "vierzehn",
    "fünfzehn",
    "sechzehn",
    "siebzehn",
    "achtzehn",
    "neunzehn",
    "zwanzig",
    "dreißig",
]
# A count: digits that are no date or time, or a number word ("a"/"ein" are articles: "ein
# Zimmer, nein, doch eine Suite" is no count chain).
_NUM = (
    r"(?:\d{1,3}(?![\d.:]|st\b|nd\b|rd\b|th\b|\s*(?:uhr|am|pm|o'clock)\b)|"
    r"(?:twenty|thirty)[- ](?:one|two|three|four|five|six|seven|eight|nine)|"
    r"(?:ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun)und(?:zwanzig|dreißig)|"
    + "|".join(sorted(_EN_NUMS + _DE_NUMS, key=len, reverse=True))
    + r")"
)
# What a caller says between a count and its unit while looking for the word.
_FILL = (
    r"(?:äh|ähm|öhm|uh|uhm|um|erm|hmm|tja|also|so|halt|ach|na|naja|"
    r"wie sagt man|wie heißt das|how do you say|what do you call it|what's it called|you know)"
)
# The units whose counts a caller corrects, by kind (a chain keeps to one kind).
_UNITS = {
    "nights": r"nights?|nächte|nächten|nacht|übernachtungen|übernachtung",
    "people": r"people|persons?|personen|guests?|gäste|gästen|leute|adults?|erwachsene",
    "rooms": r"rooms?|zimmer",
    "weeks": r"weeks?|wochen?",
    "days": r"days?|tage?n?",
}
_UNIT = "|".join(f"(?P<{k}>{v})" for k, v in _UNITS.items())
_ITEM = re.compile(
    rf"\b(?P<num>{_NUM})\b(?P<tail>(?:[\s,]+{_FILL}\b)*\s+(?:{_UNIT})\b)?", re.IGNORECASE
)
# What links a count to the one that replaces it: at least one correction word, with commas,
# interjections and "then/just/lieber" around it.
_CORRECTION = (
    r"(?:no|nope|sorry|i mean|make (?:that|it)|or rather|actually|wait|oh no|"
    r"nein|nee|ach nee|ach nein|doch|ich meine|oder besser|besser gesagt|lieber|moment|quatsch)"
)
_LINK = re.compile(
    rf"^[\s,;.!?–-]*(?:(?:{_FILL}|oh|ah)[\s,;.!?–-]+)*"
    rf"(?:{_CORRECTION}[\s,;.!?–-]+)+(?:(?:then|just|only|dann|eher|nur|doch|lieber)\s+)*$",
    re.IGNORECASE,
)


def _kind(m: re.Match[str]) -> str | None:
    return next((k for k in _UNITS if m.group(k)), None)


def settled(text: str) -> str:
    """``text`` with each count corrected in one breath replaced by the last one, in the
    chain's unit ("five nights, no, three, oh no, four" -> "four nights")."""
    items = list(_ITEM.finditer(text))
    out, pos, i = [], 0, 0
    while i < len(items):
        j = i
        while j + 1 < len(items) and _LINK.match(text[items[j].end() : items[j + 1].start()]):
            j += 1
        chain = items[i : j + 1]
        kinds = {k for m in chain if (k := _kind(m))}
        if len(chain) > 1 and len(kinds) <= 1:
            unit = next((_unit_word(m) for m in reversed(chain) if m.group("tail")), "")
            out.append(text[pos : chain[0].start()])
            out.append(chain[-1].group("num") + (" " + unit if unit else ""))
            pos = chain[-1].end()
        i = j + 1
    out.append(text[pos:])
    return "".join(out)


def _unit_word(m: re.Match[str]) -> str:
    kind = _kind(m)
    return m.group(kind) if kind else ""
