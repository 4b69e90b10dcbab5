"""A stay made longer or shorter by some nights: "one more night", "eine Nacht kürzer".

Why its own reading: the words hold a count of nights, so the stay reader took "make it one
more night" for a stay of one night, and a five-night booking was read back (and, after a
"yes", changed) as one night. The change is relative to a stay the call already knows (the
booking being changed, or the nights said earlier in a new booking); this module only finds
the change and its size, the dialogue applies it (agents/intel/reading.py ``slots_of``): the
arrival stays, the departure moves, as a receptionist extends or cuts a stay at its end.
"""

from __future__ import annotations

import re

from agents.understanding.dates import count_value

_ONE = r"a|an|one|ein|eine|einen|einer"
_COUNT = (
    rf"(?P<n>{_ONE}|\d{{1,2}}|two|three|four|five|six|seven|zwei|zwo|drei|vier|fünf|sechs|sieben)"
)
_NIGHTS = r"(?:nights?|days?|nacht|nächte|nächten|tage?|tagen)"
_LONGER = r"more|extra|additional|further|longer|mehr|länger|zusätzlich(?:e|en)?|weitere|weiteren"
_SHORTER = r"less|fewer|shorter|weniger|kürzer"
_PLUS_VERB = r"extend|lengthen|prolong|add|verlänger"
_MINUS_VERB = r"shorten|cut|drop|knock|verkürz|streich"
_VERB_GAP = r"\w*\b[\w\s']{0,30}?\b(?:by\s+|um\s+|off\s+)?"


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# (pattern, sign): the sign of the change, or 0 when the pattern's ``dir`` group says it.
_CHANGES: tuple[tuple[re.Pattern[str], int], ...] = (
    # "one more night", "two extra nights", "noch eine weitere Nacht", "an additional night"
    (_rx(rf"\b{_COUNT}\s+(?:{_LONGER})\s+{_NIGHTS}\b"), 1),
    # "eine Nacht länger", "zwei Tage weniger", "one night less"
    (_rx(rf"\b{_COUNT}\s+{_NIGHTS}\s+(?P<dir>{_LONGER}|{_SHORTER})\b"), 0),
    # "extend it by two nights", "add a night", "cut the stay short by a night", "drop one night"
    (_rx(rf"\b(?:{_PLUS_VERB}){_VERB_GAP}{_COUNT}\s+{_NIGHTS}\b"), 1),
    (_rx(rf"\b(?:{_MINUS_VERB}){_VERB_GAP}{_COUNT}\s+{_NIGHTS}\b"), -1),
    # "um eine Nacht verlängern" / "verkürzen"
    (_rx(rf"\bum\s+{_COUNT}\s+{_NIGHTS}\s+(?P<dir>verlänger|verkürz)\w*"), 0),
    # "eine Nacht dranhängen"
    (_rx(rf"\b{_COUNT}\s+{_NIGHTS}\s+(?:dran|dazu|anhängen|dranhängen|ranhängen)\b"), 1),
    # "another night" (not "another day": "I'll call another day" is no stay)
    (_rx(r"\b(?P<n>another|noch eine)\s+(?:night|nacht)\b"), 1),
)


def split(text: str) -> tuple[int | None, str]:
    """The change of the stay's nights (+1, -2) and the text without its words, or (None,
    text). A count of the same words without "more"/"less" ("one night") is no change."""
    for rx, sign in _CHANGES:
        m = rx.search(text)
        if m is None:
            continue
        n = _count(m.group("n"))
        if not n:
            continue
        if not sign:
            shorter = re.fullmatch(rf"{_SHORTER}|verkürz", m.group("dir"), re.IGNORECASE)
            sign = -1 if shorter else 1
        return sign * n, (text[: m.start()] + " " + text[m.end() :]).strip()
    return None, text


def _count(word: str) -> int | None:
    w = word.lower()
    if re.fullmatch(rf"{_ONE}|another|noch eine", w):
        return 1
    if w.isdigit():
        return int(w)
    return count_value(w)
