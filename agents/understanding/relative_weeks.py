"""Days and weekends counted in weeks from today: "the weekend after next", "übernächsten
Freitag", "Friday after next", "Friday next week", "nächste Woche Dienstag"; and the ones that
have no single day on some days of the week ("this weekend" said on a Sunday).

Why a module of its own: these phrasings were found by the generated stay requests
(bench/dates_generated.py), not by the corpus. Duckling reads them alone but loses the "after
next" beside a length ("ab übernächstem Freitag für drei Wochen" was the coming Friday) and
reads "the weekend after the next one" as this weekend: a wrong booking, said plainly. The day
is put into date words the extractor reads (as calendar_weeks.py and month_weekends.py do),
with the project's conventions (docs/understanding.md "What stays ours"): "next Friday" is the
first Friday strictly after today, "after next" a week later; "Friday next week" is the
Friday of the calendar week after this one; a weekend is Friday to Sunday.

What has no single reading is reported by ``unsure`` and asked: "this Friday" said on a Friday
(today, or a week on?), "this weekend" said on a Saturday or Sunday (it is under way), "next
weekend" and "the weekend after next" said on a Friday (counted from this one, or the next?).
"""

from __future__ import annotations

import datetime as dt
import re

from agents.understanding.date_cues import WEEKDAYS
from agents.understanding.texts import spoken_date

_WD = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_LENGTH = re.compile(
    r"\b(?:nights?|nächte|nacht|weeks?|wochen?|fortnight|days?|tage[n]?|until|till|bis)\b",
    re.IGNORECASE,
)
# Between the words of such a phrase a caller may hesitate with a word that means nothing
# there ("übernächsten also Sonntag", "the tuesday like after next"); the recogniser's fillers
# are blanked before (entities.blank_noise), these words are real elsewhere.
_S = r"\s+(?:(?:also|like|you\s+know|na\s+ja|sozusagen|quasi)\s+)*"
_WEEKEND_AFTER_NEXT = re.compile(
    rf"\b(?:the\s+)?weekend{_S}after{_S}(?:the{_S})?next(?:\s+one)?\b"
    rf"|\b(?:das\s+|am\s+)?übernächste[ns]?{_S}wochenende\b"
    rf"|\b(?:das\s+)?wochenende{_S}nach{_S}dem{_S}nächsten\b",
    re.IGNORECASE,
)
_AFTER_NEXT = re.compile(
    rf"\b(?:the\s+|on\s+the\s+)?(?P<a>{_WD}){_S}after{_S}next\b"
    rf"|\b(?:am\s+|den\s+|dem\s+)?übernächste[nmrs]?{_S}(?P<b>{_WD})\b",
    re.IGNORECASE,
)
_NEXT_WEEK = rf"(?:next|the\s+following){_S}week|(?:nächste[rn]?|kommende[rn]?){_S}woche"
_IN_NEXT_WEEK = re.compile(
    rf"\b(?:on\s+|am\s+)?(?P<a>{_WD}){_S}(?:of\s+|in\s+der\s+)?(?:{_NEXT_WEEK})\b"
    rf"|\b(?:{_NEXT_WEEK}){_S}(?:on\s+|am\s+)?(?P<b>{_WD})\b",
    re.IGNORECASE,
)
_THIS_WEEKDAY = re.compile(rf"\b(?:this|diese[nmrs]?)\s+(?P<a>{_WD})\b", re.IGNORECASE)
_THIS_WEEKEND = re.compile(r"\b(?:this|diese[ns]?)\s+(?:weekend|wochenende)\b", re.IGNORECASE)
_NEXT_WEEKEND = re.compile(
    rf"\b(?:next|nächste[ns]?|kommende[ns]?){_S}(?:weekend|wochenende)\b", re.IGNORECASE
)


def _after(base: dt.date, weekday: int) -> dt.date:
    return base + dt.timedelta(days=(weekday - base.weekday()) % 7 or 7)


def _day_words(d: dt.date, lang: str) -> str:
    """The day as the extractor reads it beside any word ("coming February 22" was read as
    "coming February", the month; "coming the 22nd of February 2027" is the day)."""
    if lang == "de":
        return f"{spoken_date(d, lang)} {d.year}"
    suffix = "th" if 11 <= d.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
    return f"the {d.day}{suffix} of {d:%B} {d.year}"


def _weekend_words(fri: dt.date, lang: str, whole: bool) -> str:
    """Friday to Sunday, or the Friday alone when the turn says its own length."""
    if not whole:
        return ("ab " if lang == "de" else "from ") + _day_words(fri, lang)
    sun = fri + dt.timedelta(days=2)
    if lang == "de":
        return f"vom {_day_words(fri, lang)} bis {_day_words(sun, lang)}"
    return f"from {_day_words(fri, lang)} to {_day_words(sun, lang)}"


def plain(text: str, today: dt.date, lang: str) -> str:
    """``text`` with each day or weekend counted in weeks put in date words."""
    wd_today = today.weekday()

    def weekend(m: re.Match[str]) -> str:
        if wd_today == 4:
            return m.group(0)  # counted from this one or the next? ``unsure`` asks
        fri = _after(today, 4) + dt.timedelta(days=7)
        whole = not _LENGTH.search(text[: m.start()] + " " + text[m.end() :])
        return _weekend_words(fri, lang, whole)

    def after_next(m: re.Match[str]) -> str:
        wd = WEEKDAYS[(m.group("a") or m.group("b")).lower()]
        return _day_words(_after(today, wd) + dt.timedelta(days=7), lang)

    def next_week(m: re.Match[str]) -> str:
        wd = WEEKDAYS[(m.group("a") or m.group("b")).lower()]
        monday = today + dt.timedelta(days=7 - wd_today)
        on = re.match(r"(?:on|am)\s", m.group(0), re.IGNORECASE)
        prefix = ("am " if lang == "de" else "on ") if on else ""
        return prefix + _day_words(monday + dt.timedelta(days=wd), lang)

    out = _WEEKEND_AFTER_NEXT.sub(weekend, text)
    out = _AFTER_NEXT.sub(after_next, out)
    return _IN_NEXT_WEEK.sub(next_week, out)


def unsure(text: str, today: dt.date) -> bool:
    """Whether the turn names a day that has no single reading said on ``today``."""
    wd = today.weekday()
    if any(WEEKDAYS[m.group("a").lower()] == wd for m in _THIS_WEEKDAY.finditer(text)):
        return True  # "this Friday" on a Friday: today, or a week on?
    if wd >= 5 and _THIS_WEEKEND.search(text):
        return True  # "this weekend" on a Saturday or Sunday: it is under way
    # on a Friday, "next weekend" and "the weekend after next": counted from this one or the next?
    return wd == 4 and bool(_WEEKEND_AFTER_NEXT.search(text) or _NEXT_WEEKEND.search(text))
