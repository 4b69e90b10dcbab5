"""A weekend named by its place in a month: "the first weekend in October", "übers zweite
Märzwochenende", "am letzten Wochenende im Mai".

Why: callers, the elderly above all, plan by such weekends, and Duckling reads none of them
("the first weekend in october fri till sun" gave no date; the caller was asked twice and gave
up). A weekend is the hotel's weekend everywhere in the brain: arrival Friday, departure Sunday
("this weekend" reads the same). The n-th weekend of a month is the one around its n-th
Saturday; the last, around its last Saturday. The stay is put into words the extractor reads
("from Friday October 2 2026 to Sunday October 4 2026"); the next such weekend not past.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from agents.understanding.date_cues import MONTHS
from agents.understanding.texts import spoken_date

_ORDINAL = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "last": -1, "erste": 1, "zweite": 2, "dritte": 3, "vierte": 4, "letzte": -1,
}  # fmt: skip


def _ord(name: str) -> str:
    return (
        rf"(?P<{name}>first|1st|second|2nd|third|3rd|fourth|4th|last|erste|zweite|dritte|vierte"
        r"|letzte)[nmsr]?"
    )


_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_EN = rf"\b(?:over\s+|on\s+|for\s+|at\s+)?the\s+{_ord('ord')}\s+weekend\s+(?:in|of)\s+(?P<month>{_MONTH})\b"
_DE = (
    rf"\b(?:übers\s+|übers\s+das\s+|über\s+das\s+|am\s+|an\s+dem\s+|fürs\s+|das\s+|dem\s+)?{_ord('ord2')}\s+"
    rf"(?:(?P<month2>{_MONTH})-?wochenende|wochenende\s+(?:im|in|des)\s+(?P<month3>{_MONTH}))\b"
)
_WEEKEND = re.compile(rf"{_EN}|{_DE}", re.IGNORECASE)


def _saturday(year: int, month: int, nth: int) -> dt.date | None:
    days = calendar.monthrange(year, month)[1]
    sats = [d for d in range(1, days + 1) if dt.date(year, month, d).weekday() == 5]
    k = nth - 1 if nth > 0 else nth
    return dt.date(year, month, sats[k]) if -len(sats) <= k < len(sats) else None


def _weekend(today: dt.date, month: int, nth: int) -> tuple[dt.date, dt.date] | None:
    """Friday and Sunday of that weekend, this year's or, when past, next year's."""
    for year in (today.year, today.year + 1):
        sat = _saturday(year, month, nth)
        if sat is not None and sat - dt.timedelta(days=1) >= today:
            return sat - dt.timedelta(days=1), sat + dt.timedelta(days=1)
    return None


def plain(text: str, today: dt.date, lang: str) -> str:
    """``text`` with each weekend named by its place in a month as its Friday to Sunday."""

    def put(m: re.Match[str]) -> str:
        month = MONTHS[(m.group("month") or m.group("month2") or m.group("month3")).lower()]
        days = _weekend(today, month, _ORDINAL[(m.group("ord") or m.group("ord2")).lower()])
        if days is None:
            return m.group(0)
        fri, sun = days
        if lang == "de":
            return (
                f"vom Freitag, {spoken_date(fri, lang)} {fri.year} bis Sonntag, "
                f"{spoken_date(sun, lang)} {sun.year}"
            )
        return (
            f"from Friday {spoken_date(fri, lang)} {fri.year} to Sunday "
            f"{spoken_date(sun, lang)} {sun.year}"
        )

    return _WEEKEND.sub(put, text)
