"""A hotel stay (arrival, departure, nights) from what a caller says, in English and German.

Why two layers: reading dates, ordinals and numbers in words ("the twenty-third",
"ab dem dritten Juni", "in two weeks") is Duckling's job (agents/understanding/
entities.py, chosen by bench/entities.py). What is left here is what only a hotel
means, resolved against the call's hotel-local ``today`` (deterministic):

- a stay is an arrival plus a departure or a number of nights; "for 5 days" = 5
  nights (how callers say it), "a week" = 7; "a week from April 1st" is a stay of
  a week starting April 1st, not the 8th;
- "weekend" = Friday to Sunday; "next/this/on Friday" = the first Friday strictly
  after today; a departure weekday ("until Sunday") = the first one after the arrival;
- a day without a month ("from the 12th to the 14th of March", "vom 12. bis 14.
  März") takes the month of the neighbouring date; a date without a year is the next
  occurrence on or after today; a departure before the arrival moves on a month
  (borrowed month) or a year;
- range and nights that disagree are a ``conflict`` the dialogue asks back;
- a month the caller names is never dropped: a date the text gives for a named
  month either has that month or is left out (Duckling reads "the 31st of
  February" as March 31st; "between the 3rd and the 6th of July" as from
  February 3rd). No date is better than a wrong one: the dialogue asks.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Protocol

import msgspec

from agents.understanding import calendar_weeks, feasts, month_weekends, relative_weeks, spelling
from agents.understanding import date_cues as cues
from agents.understanding import entities as ent

MONTHS, WEEKDAYS = cues.MONTHS, cues.WEEKDAYS


class DateSpan(msgspec.Struct, frozen=True):
    """What an utterance says about the stay; None = not said.

    ``conflict`` is set when explicit dates and an explicit number of nights
    disagree ("from the 12th to the 14th for three nights"): the caller must be asked.
    """

    arrival: dt.date | None = None
    departure: dt.date | None = None
    nights: int | None = None
    conflict: bool = False
    unsure: bool = False  # date words the reading does not explain: nothing set, ask
    # With ``unsure``: the one part still to ask ("arrival" / "departure"); what is set is sure
    # ("ab Ostern drei Nächte" said on Easter Saturday: the nights stand, the day is asked).
    missing: str | None = None

    @property
    def empty(self) -> bool:
        return self.arrival is None and self.departure is None and self.nights is None


class Extractor(Protocol):
    """Anything that returns entities.Entity values (Duckling; the benchmark's alternatives)."""

    def extract(self, text: str, today: dt.date, lang: str = "en") -> list[ent.Entity]: ...


class _Mention(msgspec.Struct):
    start: int
    role: str  # "arrival" | "departure" | ""
    date: dt.date | None
    month_said: int | None = None  # the month the caller named for this date
    bare_day: bool = False  # "the 12th": month comes from a neighbour
    weekday: int | None = None  # a plain weekday: resolved by our convention
    nights: int | None = None  # a weekend implies 2
    borrowed: bool = False
    year_said: bool = False
    next_day: bool = False
    end: int = -1  # where its words end (-1: not known)
    restates: bool = False  # the departure said last, meant to replace the one before


def months_named(text: str) -> list[tuple[int, int]]:
    """(position, month) of every month the text names ("may" only when next to a day)."""
    t = text.lower()
    out = []
    for m in cues.MONTH_RX.finditer(t):
        if cues.SPELLING_WORD.search(t, max(0, m.start() - 12), m.start()):
            continue  # "n as in november" spells a letter
        if m.group(1) == "may" and not cues.MAY_AS_MONTH.search(
            t[max(0, m.start() - 12) : m.end() + 14]
        ):
            continue
        out.append((m.start(), cues.MONTHS[m.group(1)]))
    return out


def _next_on_or_after(
    today: dt.date, month: int, day: int, year: int | None = None
) -> dt.date | None:
    try:
        if year is not None:
            return dt.date(year, month, day)
        d = dt.date(today.year, month, day)
        return d if d >= today else dt.date(today.year + 1, month, day)
    except ValueError:
        return None


def _next_day_of_month(today: dt.date, day: int) -> dt.date | None:
    for k in range(3):
        y, mo = divmod(today.month - 1 + k, 12)
        try:
            d = dt.date(today.year + y, mo + 1, day)
        except ValueError:
            continue
        if d >= today:
            return d
    return None


def _weekday_after(base: dt.date, weekday: int) -> dt.date:
    delta = (weekday - base.weekday()) % 7
    return base + dt.timedelta(days=delta or 7)


def _role(t: str, start: int, end: int | None = None) -> str:
    before = t[max(0, start - 30) : start]
    if end is not None:
        after = cues.ROLE_AFTER.match(t[end:])
        if after:  # "change that to the 3rd of march for check in"
            return "arrival" if after.group(1) else "departure"
    if cues.MOVE_ARRIVAL.search(before):
        return "arrival"  # "move the arrival to the 25th"
    if cues.DEPART_CUE.search(before) and not cues.CHANGE_TO.search(before):
        return "departure"
    if cues.ARRIVE_CUE.search(before):
        return "arrival"
    return ""


def _describe(part: str, start: int, role: str, date: dt.date | None, t: str) -> _Mention:
    """A mention of one date whose words are ``part`` (the month said, a bare day, a weekday)."""
    p = part.lower().strip(" ,.")
    named = months_named(p)
    month_said = named[-1][1] if named else None
    if month_said is None and cues.NUMERIC_MONTH.search(p) and date is not None:
        month_said = date.month  # "12.03." / "2026-04-01": the month is in the digits
    wd = cues.SIMPLE_WEEKDAY.match(p)
    weekday = cues.WEEKDAYS[wd.group(1)] if wd else None
    bare = (
        month_said is None
        and weekday is None
        and not cues.WDAY_RX.search(p)
        and not cues.RELATIVE.search(p)
        and not cues.WEEKEND.search(p)
    )
    if not role:
        lead = cues.LEADING_CUE.match(p)
        role = (
            ("arrival" if lead.group(1) else "departure")
            if lead
            else _role(t, start, start + len(part))
        )
    return _Mention(
        start, role, date, month_said=month_said, bare_day=bare, weekday=weekday,
        year_said=bool(cues.YEAR.search(p)), end=start + len(part),
    )  # fmt: skip


def _mentions_of(
    e: ent.TimeEntity, t: str, today: dt.date, lang: str, ex: Extractor
) -> tuple[list[_Mention], int | None]:
    """Mentions (and nights, for "a week from April 1st") of one Duckling time entity."""
    p = t[e.start : e.end]
    if p.strip(" .,!?").lower() in cues.DE_WEEKDAY_ABBR:
        return [], None  # "Genau so." is no Sunday
    if p.strip() == "morgen" and cues.GREETING.search(t[: e.start]):
        return [], None  # "Guten Morgen" is a greeting, not tomorrow
    if e.grain in ("week", "month", "quarter", "year"):
        return [], None  # "in May", "next week": no day yet, the dialogue asks
    if e.grain != "day" and not cues.DAY_WORD.search(p):
        return [], None  # a clock time ("at 3pm") is no day
    tail = cues.NIGHTS_TAIL.search(p) if e.grain in ("hour", "minute") else None
    if tail and tail.start() > 0:  # "ab Montag eine Nacht" is no 1 a.m.
        head = [
            x for x in ex.extract(p[: tail.start()], today, lang) if isinstance(x, ent.TimeEntity)
        ]
        if head and head[0].grain == "day":
            sub = head[0]
            shifted = msgspec.structs.replace(sub, start=sub.start + e.start, end=sub.end + e.start)
            return _mentions_of(shifted, t, today, lang, ex)
    comp = cues.DUR_FROM.match(p)
    if comp and not cues.RELATIVE_ANCHOR.match(p[comp.end() :]):  # "two weeks from today": a date
        n = _count(comp.group("n"), ex, today, lang)
        unit = comp.group("u")
        rest = [
            x for x in ex.extract(p[comp.end() :], today, lang) if isinstance(x, ent.TimeEntity)
        ]
        if n and rest:
            nights = n * (7 if unit.startswith(("week", "woch")) else 14 if unit[0] == "f" else 1)
            sub = rest[0]
            off = e.start + comp.end()
            shifted = msgspec.structs.replace(sub, start=sub.start + off, end=sub.end + off)
            ms, _ = _mentions_of(shifted, t, today, lang, ex)
            if ms:
                ms[
                    0
                ].role = "arrival"  # a range after it stays a range: "7 days from the 18th to the 22nd" asks back
            return ms, nights
    if cues.NEXT_DAY.match(
        p.strip().lower()
    ):  # "check out the next day": the day after the arrival
        return [_Mention(e.start, "departure", None, next_day=True)], None
    if cues.LAST_DAY.search(p) or cues.THE_DAY.match(p.strip()):
        return [], None  # "until when can we stay on the last day?": a question, no date
    if not e.interval:
        assert e.value is not None
        m = _describe(p, e.start, "", e.value.date(), t)
        if m.weekday is not None and cues.PAST_WEEKDAY.search(t[: e.start]):
            back = (today.weekday() - m.weekday) % 7 or 7  # "ab letztem Dienstag": in the past
            m.date, m.weekday = today - dt.timedelta(days=back), None
        if m.bare_day and (
            cues.A_CHOICE.match(t[e.end :]) or cues.A_CHOICE_DE.search(t[: e.start])
        ):
            return [], None  # "the second one", "die erste bitte": a choice, not a day
        return [m], None
    frm = e.start_at.date() if e.start_at else None
    if (
        e.start_at
        and e.end_at
        and e.end_at <= dt.datetime.combine(today, dt.time())
        and not cues.CONNECTIVE.search(p, 1)
    ):
        return [], None  # "my stay will last 7 days": Duckling's "last 7 days" is a past period
    if e.start_at and e.end_at:
        last = e.end_at - (
            dt.timedelta(days=1) if e.end_grain == "day" else dt.timedelta(seconds=1)
        )
        cut = cues.CONNECTIVE.search(p, 1)
        if cut and cut.start() > 0 and cut.end() < len(p):
            a = _describe(p[: cut.start()], e.start, "arrival", frm, t)
            d = _describe(p[cut.end() :], e.start + cut.end(), "departure", last.date(), t)
            if frm and (
                _day_lost(p[: cut.start()], frm, today, lang, ex)
                or _day_lost(p[cut.end() :], last.date(), today, lang, ex)
            ):  # "november the 6th until the 12th of november": Duckling's start November 1st
                halves = _open_interval_halves(e, p, t, today, lang, ex)
                if halves:
                    return halves, None
            return [a, d], None
        head = cues.FOR_SPLIT.split(p, maxsplit=1)[0]
        wd = _describe(head, e.start, "arrival", frm, t)
        if wd.weekday is not None and head != p:  # "starting Sunday for 3 days": our weekday rule
            wd.nights = (last.date() - frm).days + (0 if e.end_grain == "day" else 1) or None
            return [wd], None
        a = _describe(p, e.start, "arrival", frm, t)
        if wd.bare_day and frm is not None and frm < today and a.date is not None:
            # "from the 22nd for 2 weeks" said on July 1st: Duckling's June 22nd; the next 22nd
            a.date = _next_day_of_month(today, frm.day)
            if a.date is not None:
                last = last + dt.timedelta(days=(a.date - frm).days)
                frm = a.date
        if cues.NEXT_WEEKEND.search(p.lower()) and frm is not None and frm <= today:
            return [], None  # "next weekend" said on a Friday: this one or the one after? ask
        if cues.WEEKEND.search(p.lower()):
            a.nights = max(1, (last.date() - frm).days)  # Friday (evening) to Sunday
            return [a], None
        if last.date() > frm:
            a.bare_day = False
            return [a, _Mention(e.end, "departure", last.date())], None
        return [a], None
    halves = _open_interval_halves(e, p, t, today, lang, ex)
    if halves is not None:
        return halves, None
    if e.start_at:
        return [_describe(p, e.start, "arrival", frm, t)], None
    assert e.end_at is not None
    return [_describe(p, e.start, "departure", e.end_at.date(), t)], None


def _day_lost(words: str, date: dt.date, today: dt.date, lang: str, ex: Extractor) -> bool:
    """Whether ``words`` say a day of the month (an ordinal, or a date read from them alone)
    that ``date`` does not have. Weekdays and relative days are left to their own rules."""
    days = set()
    for x in ex.extract(words, today, lang):
        if isinstance(x, ent.NumberEntity) and x.ordinal and x.value.is_integer():
            days.add(int(x.value))
        elif (
            isinstance(x, ent.TimeEntity)
            and x.grain == "day"
            and x.value is not None
            and not cues.WDAY_RX.search(x.text.lower())
            and not cues.RELATIVE.search(x.text.lower())
        ):
            days.add(x.value.day)
    return bool(days) and date.day not in days


_UNTIL = re.compile(r"\b(?:to|until|till|through|thru|bis)\b")


def _open_interval_halves(
    e: ent.TimeEntity, p: str, t: str, today: dt.date, lang: str, ex: Extractor
) -> list[_Mention] | None:
    """An interval Duckling gives one end of, whose words hold a "bis"/"until" inside: "ab
    morgen bis zum sechsten September" (the start alone, September taken for the arrival's),
    "the second, until December fourteenth" (the end alone: the 2nd). Each half is read on its
    own: before the word the arrival, after it the departure. None: not such an interval."""
    cut = cues.CONNECTIVE.search(p, 1)
    if not cut or cut.start() == 0 or not _UNTIL.search(cut.group(0)):
        return None  # "until Friday" said alone; "ab 2026-03-03": a dash inside a date
    out: list[_Mention] = []
    for role, a, b in (("arrival", 0, cut.start()), ("departure", cut.end(), len(p))):
        said = p[a:b]  # "the day after tomorrow, until the ": the day after the word unread
        found = [x for x in ex.extract(said, today, lang) if isinstance(x, ent.TimeEntity)]
        if not found:
            continue
        off = e.start + a
        sub = msgspec.structs.replace(found[0], start=found[0].start + off, end=found[0].end + off)
        ms, _ = _mentions_of(sub, t, today, lang, ex)
        for m in ms:
            m.role = role
        out += ms
    return out


def _unclocked(e: ent.Entity, t: str, today: dt.date, lang: str, ex: Extractor) -> list[ent.Entity]:
    """ "so zwei Wochen", "about two nights": the extractor reads "so zwei" as two o'clock and
    the length is lost; a clock time right before a unit of stay is a count of that unit."""
    unit = cues.UNIT_AFTER.match(t, e.end) if isinstance(e, ent.TimeEntity) else None
    if unit is None or e.grain not in ("hour", "minute"):  # type: ignore[union-attr]
        return [e]
    for w in re.finditer(r"(?<!\S)\S", t[e.start : e.end]):  # "so zwei", then "zwei"
        off = e.start + w.start()
        found = ex.extract(t[off : unit.end()], today, lang)
        if found and not any(isinstance(x, ent.TimeEntity) for x in found):
            return [msgspec.structs.replace(x, start=x.start + off, end=x.end + off) for x in found]
    return [e]


def _count(words: str, ex: Extractor, today: dt.date, lang: str) -> int | None:
    w = words.strip().lower()
    if w in cues.ARTICLE_COUNTS:
        return cues.ARTICLE_COUNTS[w]
    return count_value(w, lang, ex)


def count_value(word: str, lang: str = "en", extractor: Extractor | None = None) -> int | None:
    """A whole count from digits or number words ("two", "zwei", "twenty one", "a couple of")."""
    w = word.strip().lower()
    if w.isdigit():
        return int(w)
    if w in cues.ARTICLE_COUNTS:
        return cues.ARTICLE_COUNTS[w]
    if extractor is None:
        n = _duckling_count(w, lang)
        if n is None and lang in ("en", "de"):  # "zwei" in a turn detected as English
            n = _duckling_count(w, "de" if lang == "en" else "en")
        return n
    nums = [
        x
        for x in extractor.extract(w, dt.date(2000, 1, 1), lang)
        if isinstance(x, ent.NumberEntity)
    ]
    if (
        len(nums) == 1
        and not nums[0].ordinal
        and nums[0].text.lower() == w
        and nums[0].value.is_integer()
    ):
        return int(nums[0].value)
    return None


@functools.lru_cache(maxsize=512)
def _duckling_count(w: str, lang: str) -> int | None:
    return count_value(w, lang, ent.default())


def _nights(
    t: str,
    ents: list[ent.Entity],
    spans: list[tuple[int, int]],
    ex: Extractor,
    today: dt.date,
    lang: str,
) -> int | None:
    """Nights the caller states: "three nights", "zwei Nächte", "for a week", "for 5 days"."""
    numbers = {x.end: x for x in ents if isinstance(x, ent.NumberEntity) and not x.ordinal}
    nights = None
    for m in cues.NIGHTS_WORD.finditer(t):
        pre = cues.MORE.sub("", t[: m.start()].rstrip())
        n = None
        num = numbers.get(len(pre))
        if num is not None and num.value.is_integer():
            n = int(num.value)
        else:
            for words, k in cues.ARTICLE_COUNTS.items():
                if re.search(r"(?:^|\s)" + words + "$", pre):
                    n = k
                    break
            else:  # a number word Duckling joined to a date ("3. Juni zwei Nächte")
                last = re.search(r"([\wäöüß]+)$", pre)
                n = _count(last.group(1), ex, today, lang) if last else None
        if n and 0 < n <= 365:
            nights = n
    for m in cues.DAYS_WORD.finditer(t):  # "for 12 whole days" (no duration for Duckling)
        if any(s <= m.start() < e for s, e in spans):
            continue
        pre = cues.MORE.sub("", t[: m.start()].rstrip())
        num = numbers.get(len(pre))
        if (
            num is not None
            and num.value.is_integer()
            and not cues.IN_BEFORE.search(t[: num.start])
            and cues.MORE.search(t[: m.start()].rstrip())  # only where Duckling saw no duration
            and 0 < num.value <= 365
        ):
            nights = int(num.value)
    for d in ents:
        if not isinstance(d, ent.DurationEntity) or d.unit not in ("day", "week"):
            continue
        if any(s <= d.start < e for s, e in spans):
            continue
        if cues.IN_BEFORE.search(t[: d.start]) or cues.NOT_A_STAY.match(t[d.end :]):
            continue  # "in 5 days", "two weeks from now": a date, not a length
        n = d.value * (7 if d.unit == "week" else 1)
        if n.is_integer() and 0 < n <= 365:
            nights = int(n)
    return nights


def parse_dates(
    text: str,
    today: dt.date,
    lang: str = "en",
    extractor: Extractor | None = None,
    arrival: dt.date | None = None,
    asked: str | None = None,
    country: str = "DE",
) -> DateSpan:
    """The arrival, departure and nights an utterance states, resolved against ``today``.

    ``lang`` is the turn's language (Duckling's locale); when it finds nothing in a
    turn with digits or date words, the other language is tried ("12.03. bis 15.03."
    in a turn detected as English). ``arrival`` is the stay's arrival known from earlier
    turns: a departure said alone ("until Thursday") is the first one after it. ``asked`` is
    the slot the dialogue just asked for: a lone date answers it ("On March 14th" to "when do
    you leave?" is the departure), a bare count is the nights when they were asked ("three").
    ``country`` is the hotel's (ISO code): whose holiday calendar names a feast first
    (agents/understanding/feasts.py puts the feasts said into digits first).
    """
    plainly = calendar_weeks.plain(said_plainly(text), today, lang)  # "KW 23, am Dienstag"
    plainly = month_weekends.plain(plainly, today, lang)  # "the first weekend in October"
    calm = ent.blank_noise(plainly, lang)  # "das wochenende nach ähm dem nächsten"
    if relative_weeks.unsure(calm.lower(), today):  # "this Friday" said on a Friday
        n = _nights_said(calm.lower(), lang)
        return DateSpan(nights=n, unsure=True, missing="arrival") if n else DateSpan(unsure=True)
    if (counted := relative_weeks.plain(calm, today, lang)) != calm:
        plainly = counted  # "the weekend after next", "übernächsten Freitag": put in dates
    fr = feasts.said_as_dates(plainly, today, country, lang, asked == "guest_name")
    return _with_feasts(_parse(fr.text, today, lang, extractor, arrival, asked), fr)


_NEAR = dt.timedelta(days=7)  # how far a stay said by a feast and weekdays may start from it


def _with_feasts(span: DateSpan, fr: feasts.Reading) -> DateSpan:
    """The hotel's feast rules on the reading (feasts.py): an unresolved feast leaves only the
    nights said and asks the day; a period alone gives the arrival and asks the departure; a
    stay said beside an occasion must meet it ("zu Ostern, am 25." is asked back)."""
    if span.unsure:
        return span
    if fr.conflict:
        return DateSpan(unsure=True)
    if fr.periods and (span.arrival or span.departure):
        first = span.arrival or span.departure
        last = span.departure or span.arrival
        assert first is not None and last is not None
        if not any(first <= b and last >= a for a, b in fr.periods):
            return DateSpan(unsure=True)  # the days said do not meet the feast said with them
    if (
        fr.near
        and not fr.dated
        and span.arrival
        and not any(a - _NEAR <= span.arrival <= b + _NEAR for a, b in fr.near)
    ):
        return DateSpan(unsure=True)  # named by feasts and weekdays, yet far from every feast
    if span.conflict:
        return span
    if fr.unresolved:
        if span.nights and span.arrival is None and span.departure is None:
            return DateSpan(nights=span.nights, unsure=True, missing="arrival")
        return DateSpan(unsure=True)
    if fr.arrival_only and span.arrival and span.departure is None and not span.nights:
        return DateSpan(arrival=span.arrival, unsure=True, missing="departure")
    return span


def _parse(
    text: str,
    today: dt.date,
    lang: str,
    extractor: Extractor | None,
    arrival: dt.date | None,
    asked: str | None,
) -> DateSpan:
    ex = extractor or ent.default()
    span = _answer(
        text, stay(text, ex.extract(text, today, lang), today, lang, ex, arrival), asked, lang
    )
    if (
        span.arrival is None
        and span.departure is None
        and lang in ("en", "de")
        and cues.HINTS["de" if lang == "en" else "en"].search(text.lower())
    ):
        other = "de" if lang == "en" else "en"
        alt = _answer(
            text,
            stay(text, ex.extract(text, today, other), today, other, ex, arrival),
            asked,
            other,
        )
        if alt.arrival or alt.departure:
            return alt
    return span


def said_plainly(text: str) -> str:
    """The text with date phrasings the extractor misreads put in words it reads right."""
    low = text.lower()
    for rx, plain in cues.SAME_AS:
        low = rx.sub(plain, low)
    return low if low != text.lower() else text


def _answer(text: str, span: DateSpan, asked: str | None, lang: str) -> DateSpan:
    """A bare answer to the slot the dialogue asked for."""
    t = text.lower()
    if (
        asked == "departure"
        and span.arrival
        and span.departure is None
        and not span.nights
        and not cues.ARRIVE_WORD.search(t)
    ):
        return DateSpan(departure=span.arrival)  # "On March 14th." to "When do you leave?"
    if asked == "nights" and span.empty:
        m = cues.BARE_COUNT.fullmatch(t)
        n = count_value(m.group(1), lang) if m else None
        if n and 0 < n <= 365:
            return DateSpan(nights=n)  # "three" to "How many nights?"
    return span


def stay(
    text: str,
    ents: list[ent.Entity],
    today: dt.date,
    lang: str,
    ex: Extractor,
    known_arrival: dt.date | None = None,
) -> DateSpan:
    """The hotel's reading of the extractor's entities (see the module docstring)."""
    t = ent.blank_noise(text, lang).lower()  # "3 öhm hm nächte": fillers are no words here
    code = spelling.best(text, want_digits=True, min_units=4)
    if code is not None and code.has_letter:  # "booking S O V 9 9 6 6": no date in it
        ents = [e for e in ents if e.end <= code.start or e.start >= code.end]
    ents = [x for e in ents for x in _unclocked(e, t, today, lang, ex) if _said_as_date(x)]
    ents = [x for e in ents for x in _without_occasion(e, t, today, lang, ex)]
    ents = [x for e in ents for x in _unjoined(e, t, today, lang, ex)]
    ents = [x for e in ents for x in _unsummed(e, t, today, lang, ex)]
    if any(_explicit(e) for e in ents):  # "over Christmas, from the 23rd to the 27th": the days
        ents = [e for e in ents if not _holiday_only(e)]
    mentions: list[_Mention] = []
    spans: list[tuple[int, int]] = []
    composed_nights = None
    for e in ents:
        if isinstance(e, ent.TimeEntity):
            ms, n = _mentions_of(e, t, today, lang, ex)
            if ms:
                spans.append((e.start, e.end))
            mentions += ms
            composed_nights = n or composed_nights
    mentions += _corrected_departure(t, spans, today, lang, ex)
    if cues.EVENT_QUESTION.search(t):
        mentions = []  # "what time does the football start tonight": not the stay's day
    nights = _nights(t, ents, spans, ex, today, lang) or composed_nights
    mentions.sort(key=lambda m: m.start)
    span = _resolve(t, _corrected(t, mentions), nights, today, known_arrival)
    if (span.arrival or span.departure or span.nights) and _unexplained(t, ents, span):
        # ask back rather than book what was half understood; nights said in so many words
        # ("three nights", once) stand, and only the day is asked
        n = _nights_said(t, lang)
        return DateSpan(nights=n, unsure=True, missing="arrival") if n else DateSpan(unsure=True)
    return span


def _nights_said(t: str, lang: str) -> int | None:
    """The one count of nights the turn says with the word "nights"/"Nächte" (None: none, or
    several): what stays of a turn whose dates are asked back."""
    said = {count_value(m.group(1), lang) for m in cues.NIGHTS_COUNT.finditer(t)}
    if len(said) != 1:
        return None
    n = said.pop()
    return n if n and 0 < n <= 365 else None


def _said_as_date(e: ent.Entity) -> bool:
    """Whether a time entity's words are date words: not an everyday word Duckling knows as a
    holiday ("my boss"), not a season."""
    if not isinstance(e, ent.TimeEntity):
        return True
    return bool(cues.DATE_VOCABULARY.search(e.text)) and not cues.SEASON.search(e.text)


_DAY_SAID = re.compile(r"\d|" + cues.MONTH_RX.pattern, re.IGNORECASE)


def _explicit(e: ent.Entity) -> bool:
    """A time entity that names its day by number or month ("the 23rd of December", "24.12.")."""
    return isinstance(e, ent.TimeEntity) and bool(_DAY_SAID.search(e.text))


def _without_occasion(
    e: ent.Entity, t: str, today: dt.date, lang: str, ex: Extractor
) -> list[ent.Entity]:
    """Duckling joins a holiday and the days said after it into one date, the holiday's
    ("over Christmas, from the 23rd to the 27th of December" was the 25th): the days said
    after the holiday's name are read on their own."""
    if not isinstance(e, ent.TimeEntity):
        return [e]
    h = cues.HOLIDAY.search(e.text)
    if h is None or not _DAY_SAID.search(e.text, h.end()):
        return [e]
    at = e.start + h.end()
    found = _times_in(t, at, e.end, today, lang, ex)
    if not found:
        return [e]
    head = msgspec.structs.replace(e, end=at, text=e.text[: h.end()])  # the occasion, kept apart
    return [head, *found]


def _unjoined(e: ent.Entity, t: str, today: dt.date, lang: str, ex: Extractor) -> list[ent.Entity]:
    """Duckling sometimes reads two days joined by "until" as one day, the first ("Saturday
    this week until 8th of March" was Saturday alone, the departure lost): a single day whose
    words hold a range word between two dates is read as those two dates."""
    if not isinstance(e, ent.TimeEntity) or e.interval:
        return [e]
    cut = cues.CONNECTIVE.search(e.text, 1)
    if cut is None or cut.end() >= len(e.text):
        return [e]
    halves = [_times_in(t, e.start + a, e.start + b, today, lang, ex)
              for a, b in ((0, cut.start()), (cut.end(), len(e.text)))]  # fmt: skip
    if any(len(h) != 1 for h in halves):
        return [e]  # a half that is no single date: Duckling's reading stands
    return [h[0] for h in halves]


_SUMMED = re.compile(
    r"^(in\s+\S+\s+(?:wochen|tagen|weeks?|days?))(?:\s*,\s*|\s+(?:for|für)\s+|\s+)"
    r"(\S+)\s+(wochen?|tage|weeks?|days?)$",
    re.IGNORECASE,
)


def _unsummed(e: ent.Entity, t: str, today: dt.date, lang: str, ex: Extractor) -> list[ent.Entity]:
    """Duckling adds a length said after "in two weeks" to it ("in zwei Wochen, zwei Wochen"
    was one time four weeks on): the day is the first part, the rest is the length. Joined by
    "and"/"und" it is one offset ("in two weeks and two days") and stays Duckling's."""
    m = _SUMMED.match(e.text) if isinstance(e, ent.TimeEntity) else None
    if m is None:
        return [e]
    day = _times_in(t, e.start, e.start + m.end(1), today, lang, ex)
    n = count_value(m.group(2), lang, ex)
    if len(day) != 1 or not n:
        return [e]
    unit = "week" if m.group(3).lower().startswith("w") else "day"
    length = ent.DurationEntity(e.start + m.start(2), e.end, e.text[m.start(2) :], float(n), unit)
    return [day[0], length]


def _times_in(
    t: str, start: int, end: int, today: dt.date, lang: str, ex: Extractor
) -> list[ent.TimeEntity]:
    """The time entities of ``t[start:end]`` read on their own, placed back in ``t``."""
    found = [x for x in ex.extract(t[start:end], today, lang) if isinstance(x, ent.TimeEntity)]
    return [msgspec.structs.replace(x, start=x.start + start, end=x.end + start) for x in found]


def _holiday_only(e: ent.Entity) -> bool:
    """A time entity said by a holiday's name alone ("over Christmas", "über Weihnachten"):
    beside days said by number it is the occasion, not a date of the stay."""
    return (
        isinstance(e, ent.TimeEntity)
        and bool(cues.HOLIDAY.search(e.text))
        and not _DAY_SAID.search(e.text)
    )


def _denied(t: str, pos: int) -> bool:
    """Whether the date word at ``pos`` is said as not meant ("not Saturday")."""
    return bool(cues.NEGATED.search(t[max(0, pos - 30) : pos]))


def _unexplained(t: str, ents: list[ent.Entity], span: DateSpan) -> bool:
    """Whether the turn says a date word that the stay read from it does not account for:
    a month, a weekday or a day ordinal that neither date has ("Friday the 13th" when the 13th
    is a Saturday, a month the reading lost), or two different numbers of nights said
    without a correction between them."""
    dates = [d for d in (span.arrival, span.departure) if d is not None]
    if dates:
        if any(
            mo not in {d.month for d in dates} and not _denied(t, p) for p, mo in months_named(t)
        ):
            return True
        for m in cues.WDAY_RX.finditer(t):
            if (
                cues.WEEKDAYS[m.group(1)] not in {d.weekday() for d in dates}
                and not cues.PAST_WEEKDAY.search(t[: m.start()])
                and not _denied(t, m.start())
            ):
                return True
        for e in ents:
            if (
                isinstance(e, ent.NumberEntity)
                and e.ordinal
                and e.value.is_integer()
                and 1 <= e.value <= 31
                and int(e.value) not in {d.day for d in dates}
                and cues.DAY_ORDINAL_AFTER.match(t[e.end :])
                and not cues.A_CHOICE.match(t[e.end :])
            ):
                return True
    if (
        cues.WEEKS_FROM_WEEKDAY.search(t)
        or cues.VAGUE_DATE.search(t)
        or cues.WEEKS_FROM_NOW.search(t)
    ):
        return True
    if not any(_explicit(e) for e in ents):  # beside days said by number it is the occasion
        for h in cues.HOLIDAY.finditer(t):
            if not any(
                isinstance(e, ent.TimeEntity) and e.start <= h.start() < e.end for e in ents
            ):
                return True  # a holiday that no date read from the turn stands for
    if cues.SPLIT_TENS.search(t) or cues.SHIFTED_DATE.search(t):
        return True
    counts = [m for m in cues.NIGHTS_COUNT.finditer(t)]
    said = {m.group(1) for m in counts}
    if len(said) > 1:
        gaps = [t[a.end() : b.start()] for a, b in zip(counts, counts[1:], strict=False)]
        return not any(cues.CORRECTION.search(g) for g in gaps)
    return False


_APPOSITION = re.compile(r"^\W*(?:dem|den|der|the)?\W*$", re.IGNORECASE)


def _corrected(t: str, mentions: list[_Mention]) -> list[_Mention]:
    """The mentions the caller stands by: "the 4th, no, the 5th" is the 5th (the later one
    takes the earlier one's role); "the 5th rather than the 6th" and "not tomorrow but
    Friday" do not count the date denied."""
    out: list[_Mention] = []
    denied: str | None = None
    for m in mentions:
        if _denied(t, m.start):
            denied = m.role  # "not tomorrow but Friday", "nicht am Samstag": no date of the stay
            continue
        if denied is not None:
            m.role, denied = m.role or denied, None
        prev = out[-1] if out else None
        if prev is not None and (prev.role == m.role or not prev.role or not m.role):
            between = t[prev.end if prev.end > prev.start else prev.start : m.start]
            if (
                prev.weekday is not None
                and m.date is not None
                and m.date.weekday() == prev.weekday
                and _APPOSITION.match(between)
            ):  # "Sonntag, dem 24. Januar", "Sunday, the 24th": one day said twice
                m.role = m.role or prev.role
                out[-1] = m
                continue
            if cues.INSTEAD_OF.search(between):
                continue  # the later date is the one not meant
            fix = cues.CORRECTION.search(between)
            if fix and not cues.RANGE_WORD.search(between[: fix.start()]):  # "to the i mean 20th"
                m.role = m.role or prev.role
                _keep_month(prev, m)
                out[-1] = m
                continue
        out.append(m)
    return out


def _keep_month(said: _Mention, fix: _Mention) -> None:
    """ "ab dem 22.3., nein, ab dem dreiundzwanzigsten": a bare day that corrects a date keeps
    that date's month (it had taken the next month with that day: a wrong-month write)."""
    if not fix.bare_day or fix.date is None or said.date is None or said.bare_day:
        return
    try:
        moved = said.date.replace(day=fix.date.day)
    except ValueError:
        return  # "the 31st" after a 30-day month: left to be asked
    fix.date, fix.month_said, fix.bare_day, fix.borrowed = moved, moved.month, False, True
    fix.year_said = said.year_said


_TRAILING_TO = re.compile(r"\b(?:to|until|till|bis)\s+(?:zum\s+|zur\s+|the\s+)?", re.IGNORECASE)


def _corrected_departure(
    t: str, spans: list[tuple[int, int]], today: dt.date, lang: str, ex: Extractor
) -> list[_Mention]:
    """ "from Saturday to Saturday to Tuesday", "vom 3. bis 5. bis 6.": the extractor reads the
    first range and drops the end the caller corrected it to. A "to <day>" after the last
    range is the departure as the caller said it last (the later mention wins)."""
    if not spans:
        return []
    last = max(e for _s, e in spans)
    m = _TRAILING_TO.match(t, last) or _TRAILING_TO.match(t, last + 1)
    if m is None:
        return []
    tail = t[m.start() :]
    found = [x for x in ex.extract(tail, today, lang) if isinstance(x, ent.TimeEntity)]
    if not found or found[0].start > m.end() - m.start():
        return []  # "to be sure", "to book it": no day right after the "to"
    sub = found[0]
    shifted = msgspec.structs.replace(sub, start=sub.start + m.start(), end=sub.end + m.start())
    ms, _ = _mentions_of(shifted, t, today, lang, ex)
    for x in ms:
        x.role, x.restates = "departure", True
    return ms[-1:]


def _fix_months(t: str, mentions: list[_Mention], today: dt.date) -> None:
    """A named month is kept; a bare day borrows its neighbour's month (or the text's)."""
    for m in mentions:
        if m.date and m.month_said and not m.year_said:
            nxt = _next_on_or_after(today, m.month_said, m.date.day)
            if m.date.month != m.month_said or m.date < today or (nxt and m.date > nxt):
                # the next occurrence of what was said ("Tuesday the 9th of March": not 2021)
                m.date = nxt
        elif m.date and m.bare_day and m.date < today:
            m.date = _next_day_of_month(today, m.date.day)  # "the 28th" said on March 2nd
    named = months_named(t)
    for i, m in enumerate(mentions):
        if not m.bare_day or m.date is None:
            continue
        ref = next((n for n in mentions[i + 1 :] if n.date and n.month_said), None) or next(
            (n for n in reversed(mentions[:i]) if n.date and n.month_said), None
        )
        month = ref.month_said if ref else None
        if month is None and named:
            after = [mo for pos, mo in named if pos > m.start]
            month = after[0] if after else named[-1][1]
        if month is None and m.end > 0 and cues.NEXT_MONTH.match(t[m.end :]):
            nxt = _add_month(today.replace(day=1))
            if nxt is not None:  # "am dritten nächsten Monats"
                m.date, m.borrowed = _next_on_or_after(today, nxt.month, m.date.day, nxt.year), True
            continue
        if month is None:
            continue  # no month said anywhere: Duckling's next occurrence of that day
        year = ref.date.year if ref and ref.date else None
        m.date, m.borrowed = _next_on_or_after(today, month, m.date.day, year), True


def _resolve(
    t: str,
    mentions: list[_Mention],
    nights: int | None,
    today: dt.date,
    known_arrival: dt.date | None = None,
) -> DateSpan:
    _fix_months(t, mentions, today)
    arrival: dt.date | None = None
    departure: dt.date | None = None
    arr_m: _Mention | None = None
    dep_m: _Mention | None = None
    implied_nights: int | None = None
    for m in mentions:
        role = m.role or ("arrival" if arrival is None else "departure")
        if m.weekday is not None:
            base = (arrival or known_arrival or today) if role == "departure" else today
            m.date = _weekday_after(base, m.weekday)
        elif m.bare_day and not m.borrowed and role == "departure" and m.date:
            after = arrival or known_arrival
            if after and m.date <= after:  # "bis zum 14." after an arrival on the 20th
                m.date = _add_month(m.date)
            elif arrival and m.date > arrival:  # said in this turn: the next such day after it
                # (Duckling's "next friday until the eleventh" put the 11th after ITS Friday)
                m.date = _next_day_of_month(arrival + dt.timedelta(days=1), m.date.day) or m.date
        if m.next_day and (arrival or known_arrival):
            m.date = (arrival or known_arrival) + dt.timedelta(days=1)
        if m.date is None or m.date in (arrival, departure):
            continue  # "am wochenende kommen zwei wochenende kommen": said twice, one date
        if role == "arrival" and arrival is None:
            arrival, arr_m, implied_nights = m.date, m, m.nights
        elif role == "departure" or arrival is not None:
            if departure is not None and not m.restates and not _corrects(t, dep_m):
                # "until the 11th, I work again on the 12th": a third day, no correction
                # between, is another event's; which day ends the stay is asked, not guessed
                return DateSpan(unsure=True)
            departure, dep_m = m.date, m
        else:
            arrival, arr_m = m.date, m
    if arrival and arr_m and arr_m.bare_day and not arr_m.borrowed and arrival < today:
        return DateSpan(unsure=True)  # a day said without month read as a past one: ask
    conflict = False
    if arrival and departure and departure <= arrival:
        assert arr_m is not None and dep_m is not None
        said = (arrival, departure)
        if (dep_m.borrowed or dep_m.bare_day) and not arr_m.borrowed:
            departure = _add_month(departure)  # "from the 30th of May to the 2nd"
        elif arr_m.borrowed and not dep_m.borrowed:
            arrival = _add_month(arrival, -1)  # "from the 30th to the 2nd of June"
        else:
            departure = _add_year(departure)  # "from December 30th to January 2nd"
        if (
            arrival is None
            or departure is None
            or departure <= arrival
            or arrival < today
            or (departure - arrival).days > cues.MAX_WRAPPED_NIGHTS
        ):
            # "arrive on the 13th, leave on the 3rd of March", "from March 12th to March 4th":
            # no departure (the dialogue asks for it), never a long stay nobody said
            arrival, departure = said[0], None
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


def _corrects(t: str, said: _Mention | None) -> bool:
    """Whether a later departure is said as a correction of the one before: a correction word
    after the first ("from the 10th to the 12th, to the 13th i mean")."""
    return said is not None and bool(cues.CORRECTION.search(t, said.start))


def _add_month(d: dt.date | None, k: int = 1) -> dt.date | None:
    if d is None:
        return None
    y, m = divmod(d.month - 1 + k, 12)
    try:
        return d.replace(year=d.year + y, month=m + 1)
    except ValueError:
        return None


def _add_year(d: dt.date) -> dt.date | None:
    try:
        return d.replace(year=d.year + 1)
    except ValueError:
        return None
