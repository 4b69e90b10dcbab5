"""What a caller's words can vouch for: the months, weekdays, days, counts and dates they say.

Why apart from dates.py: dates.py decides what the stay *is*; this only lists what the words
*carry*, so that a value read by another engine (an LLM through vLLM, crosscheck.py) can be
held against them. A value the words carry no trace of was made up, whatever the engine's
confidence. The cues come from the same sources as the embedded reading (Duckling and the
month and weekday words of date_cues.py), so "dreiundzwanzigsten" or "22.3." count here
exactly as they do there.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from agents.understanding import date_cues, entities

# Words that place a day relative to today without naming it ("tomorrow", "übermorgen",
# "this weekend", "in two weeks"); a month alone ("in May") names no day.
_RELATIVE_DAY = re.compile(
    r"\b(?:today|tonight|tomorrow|heute|morgen|übermorgen|weekend|wochenende|fortnight|"
    r"in\s+\S+\s+(?:days?|weeks?|tagen|wochen))\b",
    re.IGNORECASE,
)
# "a night" is no number to Duckling (a cardinal "one night" is).
_ONE_NIGHT = re.compile(r"\b(?:a|an|ein|eine)\s+(?:single\s+)?(?:night|nacht|übernachtung)\b")
_WEEKEND_NIGHTS = (1, 2)  # Friday-Sunday is 2; "Saturday night over the weekend" 1
# How far a relative word reaches when Duckling resolved no day for it ("the weekend after
# next", "in a couple of weeks"): a day said relatively is a day of the next three weeks.
RELATIVE_REACH_DAYS = 21
_MAX_DAY = 31
_DAY_GRAINS = ("day", "hour", "minute", "second")


class Cues(NamedTuple):
    """Everything in one turn's words that a stay value can be explained by."""

    months: frozenset[int]  # months named ("March", "märz", "22.3.")
    weekdays: frozenset[int]  # weekdays named (Monday = 0)
    days: frozenset[int]  # days of the month said as ordinals ("23rd", "dreiundzwanzigsten")
    counts: frozenset[int]  # cardinals said ("two", "3", "zwei")
    spans: frozenset[int]  # lengths said, in nights ("a week" = 7, "for 5 days", "a night")
    dates: frozenset[dt.date]  # days Duckling resolves the words to (points and interval ends)
    relative: bool  # a day said relative to today ("tomorrow", "next weekend")
    today: dt.date

    def explains_day(self, day: dt.date) -> bool:
        """The words say this day by its date, its day of the month (an ordinal: a cardinal
        is a count of people as often as a day), its weekday, or relatively to today. A
        month alone names no day ("in May" is asked, never the 1st or the 15th)."""
        return (
            day in self.dates
            or day.day in self.days
            or day.weekday() in self.weekdays
            or (self.relative and 0 <= (day - self.today).days <= RELATIVE_REACH_DAYS)
        )

    def explains_nights(self, nights: int) -> bool:
        """The words say this many nights: as a number, a length ("a week") or a weekend."""
        return (
            nights in self.counts
            or nights in self.spans
            or (self.relative and nights in _WEEKEND_NIGHTS)
        )


def read(text: str, today: dt.date, lang: str) -> Cues:
    """The cues of ``text`` (the cleaned turn) as of the call's ``today`` in language ``lang``."""
    low = text.lower()
    months = {
        date_cues.MONTHS[m.group(1)]
        for m in date_cues.MONTH_RX.finditer(low)
        if m.group(1) != "may" or date_cues.MAY_AS_MONTH.search(low)
    }
    months |= _numeric_months(low)
    weekdays = {date_cues.WEEKDAYS[m.group(1)] for m in date_cues.WDAY_RX.finditer(low)}
    days: set[int] = set()
    counts: set[int] = set()
    spans = {1} if _ONE_NIGHT.search(low) else set()
    dates: set[dt.date] = set()
    for e in entities.default().extract(text, today, lang):
        if isinstance(e, entities.NumberEntity):
            if e.value == int(e.value):
                (days if e.ordinal and 0 < e.value <= _MAX_DAY else counts).add(int(e.value))
        elif isinstance(e, entities.DurationEntity):
            per = {"day": 1, "week": 7}.get(e.unit)
            if per and e.value == int(e.value):
                spans.add(int(e.value) * per)
        else:
            dates |= _days_of(e)
    return Cues(
        frozenset(months),
        frozenset(weekdays),
        frozenset(days),
        frozenset(counts),
        frozenset(spans),
        frozenset(dates),
        bool(_RELATIVE_DAY.search(low)),
        today,
    )


def _numeric_months(low: str) -> set[int]:
    """Months written in digits: "22.3." and "3/22" (either order when both fit), ISO dates."""
    out: set[int] = set()
    for m in date_cues.NUMERIC_MONTH.finditer(low):
        parts = [int(p) for p in re.split(r"[./-]", m.group(0)) if p]
        if len(parts) == 3:  # 2026-03-22
            out.add(parts[1])
        elif len(parts) == 2:
            out |= {p for p in (parts[1], parts[0]) if 1 <= p <= 12}
    return {m for m in out if 1 <= m <= 12}


def _days_of(e: entities.TimeEntity) -> set[dt.date]:
    """The calendar days a time entity names: a point's day, an interval's first and last;
    none for a week, a month or a year ("in May" names no day)."""
    if e.grain not in _DAY_GRAINS:
        return set()
    if e.value is not None:
        return {e.value.date()}
    out = set()
    if e.start_at is not None:
        out.add(e.start_at.date())
    if e.end_at is not None:
        out |= {e.end_at.date(), (e.end_at - dt.timedelta(days=1)).date()}
    return out
