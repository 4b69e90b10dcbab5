"""Stay dates from what callers say, in English and German, relative to the call's "today".

Why our own parser: callers give *stays* ("next Friday for two nights", "vom 12.
bis 14. März", "3 nights from December 5th"), not single timestamps. We checked
``dateparser`` 1.5 (search_dates, offline): it reads "from the 12th" as the 2nd
of December, has no notion of ranges or nights, and its first call costs ~250 ms.
The grammar callers use for stays is small; this module covers it in well under
a millisecond and is fully deterministic given ``today`` (the hotel-local date
of the call).

Conventions (documented in docs/understanding.md):
- "next Friday", "this Friday", "on Friday", "Friday": the first Friday strictly
  after today. A departure weekday ("until Sunday") is the first one strictly
  after the arrival.
- A date without a year is the next occurrence on or after today; a departure
  without a year that would fall on or before the arrival moves a year on.
- A day without a month ("the 12th") takes the month of the next date that has
  one in the same utterance ("from the 12th to the 14th of March"), else of the
  previous one, else the next occurrence of that day.
- "weekend" = Friday to Sunday (2 nights).
"""

from __future__ import annotations

import datetime as dt
import re

import msgspec

MONTHS = {
    "january": 1, "jan": 1, "januar": 1, "jänner": 1,
    "february": 2, "feb": 2, "februar": 2,
    "march": 3, "mar": 3, "märz": 3, "maerz": 3,
    "april": 4, "apr": 4,
    "may": 5, "mai": 5,
    "june": 6, "jun": 6, "juni": 6,
    "july": 7, "jul": 7, "juli": 7,
    "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12, "dezember": 12, "dez": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "montag": 0,
    "tuesday": 1, "dienstag": 1,
    "wednesday": 2, "mittwoch": 2,
    "thursday": 3, "donnerstag": 3,
    "friday": 4, "freitag": 4,
    "saturday": 5, "samstag": 5, "sonnabend": 5,
    "sunday": 6, "sonntag": 6,
}  # fmt: skip
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14,
    "ein": 1, "eine": 1, "einen": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4,
    "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11,
    "zwölf": 12, "vierzehn": 14, "couple of": 2, "a couple of": 2, "a": 1, "an": 1,
}  # fmt: skip
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "thirtieth": 30,
    "ersten": 1, "zweiten": 2, "dritten": 3, "vierten": 4, "fünften": 5, "sechsten": 6,
    "siebten": 7, "achten": 8, "neunten": 9, "zehnten": 10, "elften": 11, "zwölften": 12,
    "fünfzehnten": 15, "zwanzigsten": 20, "dreißigsten": 30,
}  # fmt: skip

_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
_WDAY = "(" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\b"
_SUF = r"(?:st|nd|rd|th|\.)?"
_COUNT = r"(\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"

_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?(?!\d)")
_RANGE_SAME_MONTH = re.compile(
    r"\b(?:the\s+)?(\d{1,2})" + _SUF + r"\s*(?:-|–|to|until|till|through|bis|and|und)\s*"
    r"(?:the\s+)?(\d{1,2})" + _SUF + r"\s+(?:of\s+)?" + _MONTH + r"(?:\s+(\d{4}))?"
)
_DAY_MONTH = re.compile(
    r"\b(?:the\s+)?(\d{1,2})" + _SUF + r"\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+(\d{4}))?"
)
_MONTH_DAY = re.compile(
    r"\b" + _MONTH + r"\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?"
)
_ORDINAL_DAY = re.compile(r"\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b|\b(\d{1,2})\.(?=\s|$)")
_FROM_BARE_DAY = re.compile(
    r"\b(?:from|vom|von|between)\s+(?:the\s+)?(\d{1,2})\b(?!\s*(?:nights?|n\w*chte|people|guests|personen|uhr|pm|am|:))"
)
_RELATIVE = re.compile(
    r"\b(the day after tomorrow|day after tomorrow|übermorgen|tomorrow|today|tonight|"
    r"this evening|heute abend|heute nacht|heute|morgen)\b"
)
_WEEKEND = re.compile(
    r"\b(next|this|coming|nächstes|nächste|dieses|kommendes)?\s*(weekend|wochenende)\b"
)
_WEEKDAY = re.compile(
    r"\b(?:(next|this|coming|on|nächsten|nächster|nächste|kommenden|diesen|am)\s+)?" + _WDAY
)
_IN_N = re.compile(r"\b(?:in)\s+" + _COUNT + r"\s+(days?|tagen|weeks?|wochen)\b")
_NIGHTS = re.compile(r"\b" + _COUNT + r"\s+(nights?|nächte|nächten|nacht|übernachtungen?)\b")
_WEEKS = re.compile(r"\b" + _COUNT + r"\s+(weeks?|wochen?)\b(?!end)")

_DEPART_CUE = re.compile(
    r"(until|till|to|through|bis|and|und|leaving|leave|departure|depart|check(?:ing)?[ -]?out|abreise|-|–)\s*(?:on\s+|am\s+|zum\s+|the\s+)*$"
)
_ARRIVE_CUE = re.compile(
    r"(from|starting|arriving|arrive|arrival|vom|von|ab|anreise|check(?:ing)?[ -]?in)\s*(?:on\s+|am\s+|the\s+)*$"
)


class DateSpan(msgspec.Struct, frozen=True):
    """What an utterance says about the stay; None = not said.

    ``conflict`` is set when explicit dates and an explicit number of nights
    disagree ("from the 12th to the 14th for three nights"): the caller must be asked.
    """

    arrival: dt.date | None = None
    departure: dt.date | None = None
    nights: int | None = None
    conflict: bool = False

    @property
    def empty(self) -> bool:
        return self.arrival is None and self.departure is None and self.nights is None


class _Mention(msgspec.Struct):
    start: int
    end: int
    role: str  # "arrival" | "departure" | ""
    date: dt.date | None = None
    day: int | None = None  # month-less day, resolved later
    weekday: int | None = None  # resolved relative to today or the arrival
    nights: int | None = None  # a weekend implies 2


def count_value(word: str) -> int | None:
    """A count from digits or an EN/DE number word ("two", "zwei", "a couple of")."""
    w = word.strip().lower()
    if w.isdigit():
        return int(w)
    return NUMBER_WORDS.get(w)


def _next_on_or_after(today: dt.date, month: int, day: int, year: int | None) -> dt.date | None:
    try:
        if year is not None:
            return dt.date(year if year > 100 else 2000 + year, month, day)
        d = dt.date(today.year, month, day)
        if d < today:
            d = dt.date(today.year + 1, month, day)
        return d
    except ValueError:
        return None


def _weekday_after(base: dt.date, weekday: int) -> dt.date:
    delta = (weekday - base.weekday()) % 7
    return base + dt.timedelta(days=delta or 7)


_MOVE_ARRIVAL = re.compile(
    r"(arrival|arrive|arriving|anreise|check[ -]?in)\b[\w ]{0,16}?\b(to|on|auf|zum|for)\s+(?:the\s+)?$"
)


def _role(text: str, start: int) -> str:
    before = text[max(0, start - 30) : start]
    if _MOVE_ARRIVAL.search(before):
        return "arrival"  # "move the arrival to the 25th"
    if _DEPART_CUE.search(before):
        return "departure"
    if _ARRIVE_CUE.search(before):
        return "arrival"
    return ""


def parse_dates(text: str, today: dt.date) -> DateSpan:
    """The arrival, departure and nights an utterance states, resolved against ``today``."""
    t = text.lower()
    taken = [False] * len(t)
    mentions: list[_Mention] = []

    def free(m: re.Match) -> bool:
        return not any(taken[m.start() : m.end()])

    def take(m: re.Match) -> None:
        for i in range(m.start(), m.end()):
            taken[i] = True

    for m in _RANGE_SAME_MONTH.finditer(t):
        month = MONTHS[m.group(3)]
        year = int(m.group(4)) if m.group(4) else None
        a = _next_on_or_after(today, month, int(m.group(1)), year)
        d = _next_on_or_after(a or today, month, int(m.group(2)), year)
        if a and d:
            take(m)
            mentions.append(_Mention(m.start(), m.start() + 1, "arrival", date=a))
            mentions.append(_Mention(m.end() - 1, m.end(), "departure", date=d))
    for m in _ISO.finditer(t):
        if free(m):
            try:
                d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
            take(m)
            mentions.append(_Mention(m.start(), m.end(), _role(t, m.start()), date=d))
    for rx, order in ((_DAY_MONTH, "dm"), (_MONTH_DAY, "md"), (_NUMERIC, "dn")):
        for m in rx.finditer(t):
            if not free(m):
                continue
            if order == "dm":
                day, month = int(m.group(1)), MONTHS[m.group(2)]
            elif order == "md":
                month, day = MONTHS[m.group(1)], int(m.group(2))
            else:
                day, month = int(m.group(1)), int(m.group(2))
            year = int(m.group(3)) if m.group(3) else None
            d = _next_on_or_after(today, month, day, year) if 1 <= month <= 12 else None
            take(m)  # an impossible date is consumed, never re-read as a bare day
            if d is None:
                continue
            mentions.append(_Mention(m.start(), m.end(), _role(t, m.start()), date=d))
    for m in _ORDINAL_DAY.finditer(t):
        if free(m):
            day = int(m.group(1) or m.group(2))
            if 1 <= day <= 31:
                take(m)
                mentions.append(_Mention(m.start(), m.end(), _role(t, m.start()), day=day))
    for word, day in _ORDINAL_WORDS.items():
        for m in re.finditer(r"\b(?:the\s+|am\s+|zum\s+|vom\s+)?" + word + r"\b", t):
            if free(m):
                take(m)
                mentions.append(_Mention(m.start(), m.end(), _role(t, m.start()), day=day))
    for m in _FROM_BARE_DAY.finditer(t):
        s = m.start(1)
        if not taken[s] and 1 <= int(m.group(1)) <= 31:
            take(m)
            mentions.append(_Mention(m.start(), m.end(), "arrival", day=int(m.group(1))))
    for m in _RELATIVE.finditer(t):
        if not free(m):
            continue
        word = m.group(1)
        if word == "morgen" and re.search(r"(guten|gut)\s+$", t[: m.start()]):
            continue  # "Guten Morgen" is a greeting
        offset = (
            2
            if "after" in word or word == "übermorgen"
            else 1
            if "morrow" in word or word == "morgen"
            else 0
        )
        take(m)
        mentions.append(
            _Mention(
                m.start(), m.end(), _role(t, m.start()), date=today + dt.timedelta(days=offset)
            )
        )
    for m in _WEEKEND.finditer(t):
        if free(m):
            take(m)
            fri = _weekday_after(today, 4) if today.weekday() != 4 else today
            mentions.append(_Mention(m.start(), m.end(), "arrival", date=fri, nights=2))
    for m in _WEEKDAY.finditer(t):
        if free(m):
            take(m)
            mentions.append(
                _Mention(m.start(), m.end(), _role(t, m.start()), weekday=WEEKDAYS[m.group(2)])
            )
    for m in _IN_N.finditer(t):
        if free(m):
            n = count_value(m.group(1))
            if n:
                take(m)
                days = n * 7 if m.group(2).startswith(("week", "woch")) else n
                mentions.append(
                    _Mention(
                        m.start(),
                        m.end(),
                        _role(t, m.start()),
                        date=today + dt.timedelta(days=days),
                    )
                )

    nights: int | None = None
    for rx, mult in ((_NIGHTS, 1), (_WEEKS, 7)):
        for m in rx.finditer(t):
            if free(m):
                n = count_value(m.group(1))
                if n and 0 < n * mult <= 365:
                    take(m)
                    nights = n * mult
    mentions.sort(key=lambda x: x.start)
    return _resolve(mentions, nights, today)


def _resolve(mentions: list[_Mention], nights: int | None, today: dt.date) -> DateSpan:
    # Month-less days borrow a month from a neighbour that has one.
    for i, m in enumerate(mentions):
        if m.day is None:
            continue
        ref = next((n.date for n in mentions[i + 1 :] if n.date), None) or next(
            (n.date for n in reversed(mentions[:i]) if n.date), None
        )
        if ref is not None:
            try:
                m.date = ref.replace(day=m.day)
            except ValueError:
                m.date = None
        else:
            month_start = today.replace(day=1)
            for k in range(3):
                y, mo = divmod(month_start.month - 1 + k, 12)
                try:
                    cand = dt.date(month_start.year + y, mo + 1, m.day)
                except ValueError:
                    continue
                if cand >= today:
                    m.date = cand
                    break
    # Unlabelled mentions: the first is the arrival, a later one the departure.
    arrival: dt.date | None = None
    departure: dt.date | None = None
    implied_nights: int | None = None
    for m in mentions:
        role = m.role
        if not role:
            role = "arrival" if arrival is None else "departure"
        if m.weekday is not None:
            base = arrival if role == "departure" and arrival else today
            m.date = _weekday_after(base, m.weekday)
        if m.date is None:
            continue
        if role == "arrival" and arrival is None:
            arrival = m.date
            implied_nights = m.nights
        elif role == "departure" or arrival is not None:
            departure = m.date
        else:
            arrival = m.date
    if arrival and departure and departure <= arrival:
        # "from December 30th to January 2nd": the later date wraps into the next year.
        try:
            departure = departure.replace(year=departure.year + 1)
        except ValueError:
            departure = None
    conflict = False
    if arrival and departure and nights is not None and (departure - arrival).days != nights:
        conflict = True
    if nights is None and implied_nights and departure is None:
        nights = implied_nights
    if arrival and departure is None and nights:
        departure = arrival + dt.timedelta(days=nights)
    if departure and arrival is None and nights:
        arrival = departure - dt.timedelta(days=nights)
    if arrival and departure and not conflict:
        nights = (departure - arrival).days
    return DateSpan(arrival=arrival, departure=departure, nights=nights, conflict=conflict)
