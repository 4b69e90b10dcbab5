"""Gold date arithmetic for the corpus, relative to a dialogue's `today`.

Why here and not the project's parser: the corpus is the yardstick for that
parser, so every gold date is computed by these few lines, following the
conventions of docs/understanding.md:
- "next/this/on Friday" = the first Friday strictly after today;
- a departure weekday ("until Sunday") = the first one strictly after the arrival;
- a date without a year = its next occurrence on or after today;
- "the weekend" = Friday to Sunday of the first Friday strictly after today;
- "tomorrow" = +1, "the day after tomorrow"/"übermorgen" = +2, "in two weeks" = +14;
- "for 5 days" = 5 nights, "for a week" = 7 nights.
"""

from __future__ import annotations

import datetime as dt


def next_weekday(after: dt.date, weekday: int) -> dt.date:
    """The first `weekday` (0 = Monday) strictly after `after`."""
    return after + dt.timedelta(days=(weekday - after.weekday() - 1) % 7 + 1)


def next_occurrence(month: int, day: int, today: dt.date) -> dt.date:
    """A day and month without a year: the next occurrence on or after today."""
    for year in (today.year, today.year + 1, today.year + 2):
        try:
            d = dt.date(year, month, day)
        except ValueError:  # 29 February
            continue
        if d >= today:
            return d
    raise ValueError(f"no occurrence of {month}-{day} after {today}")


def next_day_of_month(day: int, today: dt.date) -> dt.date:
    """A bare day ("the 12th"): this month if still to come, else the next month that has it."""
    year, month = today.year, today.month
    for _ in range(3):
        try:
            d = dt.date(year, month, day)
            if d >= today:
                return d
        except ValueError:
            pass
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise ValueError(f"no day {day} after {today}")


def weekend(today: dt.date) -> tuple[dt.date, dt.date]:
    friday = next_weekday(today, 4)
    return friday, friday + dt.timedelta(days=2)


def plus(d: dt.date, days: int) -> dt.date:
    return d + dt.timedelta(days=days)
