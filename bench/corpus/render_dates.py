"""Dates as callers say them: "from the ninth of May", "ab dem dritten Juni", "next weekend".

Each function takes the gold date(s), computed by bench.corpus.dates from the
dialogue's `today`, and returns the words with the slots they state.
"""

from __future__ import annotations

import datetime as dt
import random

from bench.corpus import dates
from bench.corpus.numbers import (
    MONTHS_DE,
    MONTHS_EN,
    WEEKDAYS_DE,
    WEEKDAYS_EN,
    de_cardinal,
    de_ordinal,
    en_cardinal,
    en_ordinal,
    en_ordinal_digits,
)
from bench.corpus.render import Piece


def _iso(d: dt.date) -> str:
    return d.isoformat()


def pick_arrival(rng: random.Random, today: dt.date, kind: str) -> dt.date:
    """A target arrival for a date form (absolute forms: 2 days to ~8 months ahead)."""
    if kind == "weekday":
        return dates.next_weekday(today, rng.choice(_other_days(today)))
    if kind == "tomorrow":
        return dates.plus(today, 1)
    if kind == "day_after":
        return dates.plus(today, 2)
    if kind == "tonight":
        return today
    if kind == "in_weeks":
        return dates.plus(today, 7 * rng.choice((1, 2, 3)))
    if kind == "in_days":
        return dates.plus(today, rng.choice((3, 4, 5, 10)))
    if kind == "bare_day":
        return dates.plus(today, rng.randrange(2, 20))
    if kind == "yesterday":
        return dates.plus(today, -1)
    if kind == "last_weekday":
        return dates.plus(dates.next_weekday(today, rng.choice(_other_days(today))), -7)
    if kind == "past_explicit":
        return dates.plus(today, -rng.randrange(2, 60))
    return dates.plus(today, rng.choice((rng.randrange(2, 40), rng.randrange(10, 240))))


def _other_days(today: dt.date) -> list[int]:
    """Weekdays other than today's ("this Friday" said on a Friday is ambiguous)."""
    return [w for w in range(7) if w != today.weekday()]


def _day_month_en(d: dt.date, words: bool, rng: random.Random) -> str:
    m = MONTHS_EN[d.month - 1]
    if words:
        o = en_ordinal(d.day)
        return rng.choice((f"the {o} of {m}", f"{m} the {o}", f"{m} {o}", f"the {o} of {m}"))
    o = en_ordinal_digits(d.day)
    return rng.choice((f"the {o} of {m}", f"{m} {o}", f"{m} {d.day}", f"{d.day} {m}"))


def _day_month_de(d: dt.date, words: bool, rng: random.Random) -> str:
    """Dative form, to follow am/vom/ab dem/bis zum (the article is the caller's template's)."""
    m = MONTHS_DE[d.month - 1]
    if words:
        return f"{de_ordinal(d.day)} {m}"
    return rng.choice((f"{d.day}. {m}", f"{d.day}. {m}", f"{d.day}.{d.month}."))


def arrival(
    rng: random.Random, lang: str, today: dt.date, prep: str, kind: str, target: dt.date
) -> Piece:
    """An arrival: prep "on" ("on the ninth of May", "am neunten Mai") or "from" ("ab dem ...")."""
    tags = {
        "yesterday": ["relative_date", "past_date"],
        "last_weekday": ["relative_date", "weekday", "past_date"],
        "past_explicit": ["ordinal_words", "past_date"],
        "words": ["ordinal_words"],
        "digits": ["digits_date"],
        "bare_day": ["day_only"],
    }.get(kind, ["relative_date"])
    if kind == "weekday":
        tags.append("weekday")
    slots = {"arrival": _iso(target)}
    wd = target.weekday()
    if kind in ("yesterday", "last_weekday", "past_explicit"):
        return Piece(_past(rng, lang, prep, kind, target), slots, tags)
    if lang == "en":
        if kind in ("words", "digits"):
            dm = _day_month_en(target, kind == "words", rng)
            if rng.random() < 0.1 and target.year != today.year:
                dm += f" {target.year}"
            text = f"{'from' if prep == 'from' else 'on'} {dm}"
            if prep == "on" and rng.random() < 0.3:
                text = dm
        elif kind == "bare_day":
            o = rng.choice((en_ordinal(target.day), en_ordinal_digits(target.day)))
            text = f"{'from' if prep == 'from' else 'on'} the {o}"
            tags.append("ordinal_words" if o[0].isalpha() else "digits_date")
        elif kind == "weekday":
            day = WEEKDAYS_EN[wd]
            text = rng.choice((f"next {day}", f"this {day}", f"on {day}", f"this coming {day}"))
            if prep == "from":
                text = rng.choice((f"from next {day}", f"from {day}", f"starting {day}"))
        elif kind == "tomorrow":
            text = rng.choice(("tomorrow", "tomorrow night", "tomorrow"))
            if prep == "from":
                text = rng.choice(("from tomorrow", "starting tomorrow"))
        elif kind == "day_after":
            text = "the day after tomorrow"
            if prep == "from":
                text = "from the day after tomorrow"
        elif kind == "tonight":
            text = rng.choice(("tonight", "for tonight")) if prep == "on" else "from tonight"
        elif kind == "in_weeks":
            n = (target - today).days // 7
            text = "in a week" if n == 1 else f"in {en_cardinal(n)} weeks"
            if rng.random() < 0.3:
                text = "a week from today" if n == 1 else f"{en_cardinal(n)} weeks from today"
        else:  # in_days
            n = (target - today).days
            text = f"in {rng.choice((en_cardinal(n), str(n)))} days"
    else:
        if kind in ("words", "digits"):
            dm = _day_month_de(target, kind == "words", rng)
            if prep == "from":
                text = rng.choice((f"ab dem {dm}", f"ab dem {dm}", f"vom {dm} an"))
            else:
                text = f"am {dm}"
        elif kind == "bare_day":
            o = rng.choice((de_ordinal(target.day), f"{target.day}."))
            text = f"ab dem {o}" if prep == "from" else f"am {o}"
            tags.append("ordinal_words" if o[0].isalpha() else "digits_date")
        elif kind == "weekday":
            day = WEEKDAYS_DE[wd]
            if prep == "from":
                text = rng.choice((f"ab nächstem {day}", f"ab {day}", f"ab diesem {day}"))
            else:
                text = rng.choice((f"nächsten {day}", f"am {day}", f"diesen {day}", f"kommenden {day}"))  # fmt: skip
        elif kind == "tomorrow":
            text = "ab morgen" if prep == "from" else rng.choice(("morgen", "morgen Abend"))
        elif kind == "day_after":
            text = "ab übermorgen" if prep == "from" else "übermorgen"
        elif kind == "tonight":
            text = "ab heute" if prep == "from" else rng.choice(("heute", "heute Nacht"))
        elif kind == "in_weeks":
            n = (target - today).days // 7
            text = "in einer Woche" if n == 1 else f"in {de_cardinal(n)} Wochen"
        else:
            n = (target - today).days
            text = f"in {rng.choice((de_cardinal(n), str(n)))} Tagen"
    if target.year != today.year:
        tags.append("year_wrap")
    return Piece(text, slots, tags)


def _past(rng: random.Random, lang: str, prep: str, kind: str, target: dt.date) -> str:
    """A date that has passed: "yesterday", "last Friday", "the third of January 2026"."""
    en = lang == "en"
    if kind == "yesterday":
        return ("from yesterday" if prep == "from" else "yesterday") if en else ("ab gestern" if prep == "from" else "gestern")  # fmt: skip
    if kind == "last_weekday":
        day = (WEEKDAYS_EN if en else WEEKDAYS_DE)[target.weekday()]
        return (f"from last {day}" if prep == "from" else f"last {day}") if en else (f"ab letztem {day}" if prep == "from" else f"letzten {day}")  # fmt: skip
    if en:
        dm = f"the {en_ordinal(target.day)} of {MONTHS_EN[target.month - 1]} {target.year}"
        return f"from {dm}" if prep == "from" else f"on {dm}"
    dm = f"{de_ordinal(target.day)} {MONTHS_DE[target.month - 1]} {target.year}"
    return f"ab dem {dm}" if prep == "from" else f"am {dm}"


def stay_range(
    rng: random.Random, lang: str, today: dt.date, kind: str
) -> tuple[Piece, dt.date, dt.date]:
    """Arrival and departure in one phrase ("from the 9th to the 12th of May", "next weekend")."""
    if kind == "weekend":
        a, d = dates.weekend(today)
        if lang == "en":
            text = rng.choice(
                ("next weekend", "this weekend", "over the weekend", "for the weekend")
            )
        else:
            text = rng.choice(("nächstes Wochenende", "am Wochenende", "übers Wochenende", "dieses Wochenende"))  # fmt: skip
        return Piece(text, {"arrival": _iso(a), "departure": _iso(d)}, ["relative_date", "weekend"]), a, d  # fmt: skip
    if kind == "weekday":
        a = dates.next_weekday(today, rng.choice(_other_days(today)))
        d = dates.next_weekday(a, (a.weekday() + rng.choice((1, 2, 3, 4))) % 7)
        wa, wd = (WEEKDAYS_EN if lang == "en" else WEEKDAYS_DE)[a.weekday()], (WEEKDAYS_EN if lang == "en" else WEEKDAYS_DE)[d.weekday()]  # fmt: skip
        if lang == "en":
            text = rng.choice((f"from {wa} to {wd}", f"from {wa} until {wd}", f"{wa} to {wd}", f"from next {wa} to {wd}"))  # fmt: skip
        else:
            text = rng.choice((f"von {wa} bis {wd}", f"von {wa} bis {wd}", f"von nächstem {wa} bis {wd}"))  # fmt: skip
        return Piece(text, {"arrival": _iso(a), "departure": _iso(d)}, ["relative_date", "weekday"]), a, d  # fmt: skip
    if kind == "tomorrow":
        a = dates.plus(today, 1)
        d = dates.next_weekday(a, rng.randrange(7))
        wd = (WEEKDAYS_EN if lang == "en" else WEEKDAYS_DE)[d.weekday()]
        text = f"from tomorrow until {wd}" if lang == "en" else f"von morgen bis {wd}"
        return Piece(text, {"arrival": _iso(a), "departure": _iso(d)}, ["relative_date", "weekday"]), a, d  # fmt: skip
    # words / digits
    a = pick_arrival(rng, today, kind)
    d = dates.plus(a, rng.choice((1, 2, 2, 3, 3, 4, 5, 7)))
    words = kind == "words"
    tags = ["ordinal_words" if words else "digits_date", "range"]
    if a.month != d.month:
        tags.append("cross_month")
    if a.year != today.year or d.year != today.year:
        tags.append("year_wrap")
    if lang == "en":
        o = en_ordinal if words else en_ordinal_digits
        ma, md = MONTHS_EN[a.month - 1], MONTHS_EN[d.month - 1]
        if a.month == d.month:
            text = rng.choice(
                (
                    f"from the {o(a.day)} to the {o(d.day)} of {md}",
                    f"from {ma} {o(a.day)} to {md} {o(d.day)}",
                    f"from the {o(a.day)} of {ma} until the {o(d.day)}",
                    f"{ma} {o(a.day)} to the {o(d.day)}",
                )
            )
        else:
            text = rng.choice(
                (
                    f"from the {o(a.day)} of {ma} to the {o(d.day)} of {md}",
                    f"from {ma} {o(a.day)} to {md} {o(d.day)}",
                )
            )
    else:
        ma, md = MONTHS_DE[a.month - 1], MONTHS_DE[d.month - 1]
        if words:
            oa, od = de_ordinal(a.day), de_ordinal(d.day)
            text = (
                f"vom {oa} bis zum {od} {md}"
                if a.month == d.month
                else f"vom {oa} {ma} bis zum {od} {md}"
            )
        elif a.month == d.month:
            text = rng.choice((f"vom {a.day}. bis {d.day}. {md}", f"vom {a.day}. bis zum {d.day}. {md}", f"vom {a.day}.{a.month}. bis {d.day}.{d.month}."))  # fmt: skip
        else:
            text = rng.choice((f"vom {a.day}. {ma} bis {d.day}. {md}", f"vom {a.day}. {ma} bis zum {d.day}. {md}"))  # fmt: skip
    return Piece(text, {"arrival": _iso(a), "departure": _iso(d)}, tags), a, d


def departure(rng: random.Random, lang: str, today: dt.date, arr: dt.date, dep: dt.date) -> Piece:
    """A departure answering "how many nights?" ("until Sunday", "bis zum zwölften Mai")."""
    forms = ["words", "digits"]
    if (dep - arr).days <= 6:
        forms.append("weekday")
    if dates.next_day_of_month(dep.day, today) == dep and arr.month == dep.month:
        forms.append("bare_day")
    form = rng.choice(forms)
    slots = {"departure": _iso(dep)}
    if form == "weekday":
        day = (WEEKDAYS_EN if lang == "en" else WEEKDAYS_DE)[dep.weekday()]
        text = f"until {day}" if lang == "en" else f"bis {day}"
        return Piece(text, slots, ["relative_date", "weekday"])
    if form == "bare_day":
        if lang == "en":
            text = f"until the {rng.choice((en_ordinal(dep.day), en_ordinal_digits(dep.day)))}"
        else:
            text = f"bis zum {rng.choice((de_ordinal(dep.day), f'{dep.day}.'))}"
        return Piece(text, slots, ["day_only"])
    if lang == "en":
        text = f"until {_day_month_en(dep, form == 'words', rng)}"
    else:
        text = f"bis zum {_day_month_de(dep, form == 'words', rng)}"
    return Piece(text, slots, ["ordinal_words" if form == "words" else "digits_date"])


# ---- nights, guests, rooms -----------------------------------------------------------------
