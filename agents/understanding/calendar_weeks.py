"""Calendar weeks as callers say them: "KW 23, am Dienstag", "the Friday of calendar week 47".

Why: German business callers (and travel agents everywhere) plan by ISO week numbers, and
neither Duckling nor our rules know them: "in calendar week 47, on the Friday" was read as the
next Friday, months early, and written after a yes. The week and its day are put into words
the extractor reads ("on November 20th 2026"), resolved to the next such day not in the past.

A week said without its day is no day: it is put as "sometime in the week of ..." (EN) /
"irgendwann in der Woche vom ..." (DE), which the vague-date rule (date_cues.VAGUE_DATE) asks
back, keeping whatever else the turn said.
"""

from __future__ import annotations

import datetime as dt
import re

from agents.understanding.date_cues import WEEKDAYS
from agents.understanding.texts import spoken_date

_EN_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_EN_TEENS = [
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
]
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_WORDS = {w: i + 1 for i, w in enumerate(_EN_UNITS)} | {w: i + 10 for i, w in enumerate(_EN_TEENS)}
_WORDS |= _EN_TENS
_WORDS |= {f"{t}{sep}{u}": n + i + 1 for t, n in _EN_TENS.items() for i, u in enumerate(_EN_UNITS)
           for sep in ("-", " ")}  # fmt: skip
_NUMBER = r"\d{1,2}\b|" + "|".join(sorted(map(re.escape, _WORDS), key=len, reverse=True))
_WD = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_WEEK = (
    r"(?:calendar\s+week|week\s+(?:number|no\.?)|kalenderwoche|kw\.?|cw\.?)\s*"
    r"|(?<=\bin\s)(?:the\s+)?week\s+|(?<=\bof\s)(?:the\s+)?week\s+|(?:in\s+der\s+)?woche\s+(?=\d)"
)
_CALENDAR_WEEK = re.compile(
    rf"(?:\b(?:on\s+|am\s+)?(?:the\s+)?(?P<wd1>{_WD})\s+(?:of|in|der)\s+(?:der\s+)?)?"
    rf"(?:\b(?:in|during)\s+(?:the\s+|der\s+)?)?\b(?:{_WEEK})(?P<n>{_NUMBER})"
    rf"(?:\s*,?\s*(?:from|von)\s+(?P<wd_from>{_WD})\s+(?:to|till|until|bis)\s+(?P<wd_to>{_WD})\b"
    rf"|\s*,?\s*(?:on\s+|am\s+)?(?:the\s+)?(?P<wd2>{_WD})\b)?",
    re.IGNORECASE,
)


def _week_number(said: str) -> int | None:
    said = said.lower().strip()
    n = int(said) if said.isdigit() else _WORDS.get(said)
    return n if n is not None and 1 <= n <= 53 else None


def _day(today: dt.date, week: int, weekday: int) -> dt.date | None:
    """The next such day of that ISO week, this year's or, when past, next year's."""
    for year in (today.isocalendar().year, today.isocalendar().year + 1):
        try:
            d = dt.date.fromisocalendar(year, week, weekday + 1)
        except ValueError:  # week 53 in a year of 52
            continue
        if d >= today:
            return d
    return None


def _words(d: dt.date, lang: str, week_only: bool, on: str) -> str:
    """The day in words; ``on`` is the "on"/"am" the caller said before it, kept as said."""
    day = f"{spoken_date(d, lang)} {d.year}"
    if lang == "de":
        return f"irgendwann in der Woche vom {day}" if week_only else f"{on}{day}"
    return f"sometime in the week of {day}" if week_only else f"{on}{day}"


def plain(text: str, today: dt.date, lang: str) -> str:
    """``text`` with each calendar week (and its day, when said) in date words."""

    def put(m: re.Match[str]) -> str:
        week = _week_number(m.group("n"))
        if week is not None and m.group("wd_from"):  # "KW 35, von Donnerstag bis Freitag"
            first = _day(today, week, WEEKDAYS[m.group("wd_from").lower()])
            last = _day(today, week, WEEKDAYS[m.group("wd_to").lower()])
            if first is not None and last is not None and last > first:
                a, b = _words(first, lang, False, ""), _words(last, lang, False, "")
                return f"vom {a} bis {b}" if lang == "de" else f"from {a} to {b}"
            return m.group(0)
        wd = m.group("wd1") or m.group("wd2")
        if week is None:
            return m.group(0)
        d = _day(today, week, WEEKDAYS[wd.lower()] if wd else 0)
        on = re.match(r"(?:on|am|in|during)\s+", m.group(0), re.IGNORECASE)
        on_words = ("am " if lang == "de" else "on ") if on else ""
        return m.group(0) if d is None else _words(d, lang, wd is None, on_words)

    return _CALENDAR_WEEK.sub(put, text)
