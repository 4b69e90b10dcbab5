"""Entity forms only the fourth held-out split (`heldout4`) says.

Why apart from render / render_dates / render_h2 / render_h3: every earlier split's entity forms
have been read while the brain was tuned, so `heldout4` says its entities in ways none of them
does: dates by a weekday's place in a month ("the first Saturday of June", "the first weekend of
June, Friday to Sunday"), by German calendar week ("in der KW 23 am Dienstag"), "Monday after
next" (only where "next Monday" is unambiguously next week's), "nächsten Monat am Zehnten", a
range of bare days without a month ("the 3rd to the 5th", Swiss "am Zehnten bis Zwölften"),
Indian English "on 3rd itself", a date or a count changed twice in one breath ("the 4th, no,
the 6th, oh no, the 4th after all": the last one said is meant); terse counts ("2 pax", "3
nts"); booking numbers read off an e-mail ("booking ref is, one moment, SOV, 4 4 1 2"); and
**vague dates** ("at the end of the month", "irgendwann in der KW 23") that have no single
right reading: such a turn states no date at all (gold: the agent asks back), and the date the
caller then gives when asked is the one the vague phrase pointed at (`pending`).
Every gold value is computed here from the dialogue's `today` with bench.corpus.dates, never by
the project's parser; the other splits never call this module (their bytes do not change).
"""

from __future__ import annotations

import calendar
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

NTH_EN = {1: "first", 2: "second", 3: "third", -1: "last"}
NTH_DE = {1: "ersten", 2: "zweiten", 3: "dritten", -1: "letzten"}
ARRIVAL_KINDS = ("month_weekday", "after_next", "calendar_week", "next_month", "itself", "changed_twice")  # fmt: skip
RANGE_KINDS = ("month_weekend", "day_range", "calendar_week_span")


def _months_ahead(today: dt.date, k: int) -> tuple[int, int]:
    m = today.month - 1 + k
    return today.year + m // 12, m % 12 + 1


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    """The nth (1-3, or -1 = last) `weekday` of a month."""
    days = [d for d in calendar.Calendar().itermonthdates(year, month) if d.month == month and d.weekday() == weekday]  # fmt: skip
    return days[nth - 1] if nth > 0 else days[-1]


def _ord(lang: str, n: int, rng: random.Random) -> str:
    """A bare day: "3rd"/"third", "Dritten"/"3."."""
    if lang == "en":
        return rng.choice((en_ordinal_digits(n), en_ordinal(n)))
    return rng.choice((de_ordinal(n).capitalize(), f"{n}."))


# ---- arrivals --------------------------------------------------------------------------------
def kinds(today: dt.date, last: dt.date | None) -> list[str]:
    """The arrival kinds that have one reading on this day ("Monday after next" only where some
    weekday before today's exists; a bare day only when no earlier date names another month)."""
    out = ["month_weekday", "calendar_week", "next_month", "changed_twice"]
    if today.weekday() >= 1:
        out.append("after_next")
    if last is None:
        out.append("itself")
    return out


def _month_weekday(rng: random.Random, lang: str, today: dt.date, prep: str) -> Piece:
    nth, wd = rng.choice((1, 1, 2, 3, -1)), rng.choice((0, 1, 3, 4, 5, 5))
    for k in range(0, 14):
        y, m = _months_ahead(today, k)
        target = nth_weekday(y, m, wd, nth)
        if target > today:
            break
    if lang == "en":
        day, mon = WEEKDAYS_EN[wd], MONTHS_EN[m - 1]
        text = rng.choice(
            (f"the {NTH_EN[nth]} {day} of {mon}", f"the {NTH_EN[nth]} {day} in {mon}")
        )
        text = f"{'from' if prep == 'from' else 'on'} {text}"
    else:
        day, mon = WEEKDAYS_DE[wd], MONTHS_DE[m - 1]
        text = f"{'ab dem' if prep == 'from' else 'am'} {NTH_DE[nth]} {day} im {mon}"
    return Piece(text, {"arrival": target.isoformat()}, ["month_weekday"])


def _after_next(rng: random.Random, lang: str, today: dt.date, prep: str) -> Piece:
    """Only weekdays before today's: "next Monday" said on a Thursday is the coming one for every
    reading (the next one, or next week's), so "Monday after next" is that one plus a week."""
    wd = rng.choice(range(today.weekday()))
    target = dates.next_weekday(today, wd) + dt.timedelta(days=7)
    if lang == "en":
        day = WEEKDAYS_EN[wd]
        text = rng.choice((f"{day} after next", f"the {day} after next", f"not this coming {day} but the one after"))  # fmt: skip
        text = f"{'from' if prep == 'from' else 'on'} {text}"
    else:
        day = WEEKDAYS_DE[wd]
        text = rng.choice((f"nicht kommenden {day}, sondern den darauf", f"{day} in zwei Wochen"))
        text = f"{'ab' if prep == 'from' else 'am'} {text}" if text.startswith(day) else text
    return Piece(text, {"arrival": target.isoformat()}, ["after_next"])


def _week_target(rng: random.Random, today: dt.date) -> tuple[dt.date, int]:
    """A day 3 to 200 days ahead in ISO weeks 2-51 (no week that spans New Year)."""
    while True:
        target = dates.plus(today, rng.randrange(3, 200))
        week = target.isocalendar().week
        if 2 <= week <= 51:
            return target, week


def _week_no(lang: str, week: int, rng: random.Random) -> str:
    if lang == "en":
        return rng.choice((str(week), en_cardinal(week)))
    return rng.choice((str(week), str(week), de_cardinal(week)))


def _calendar_week(rng: random.Random, lang: str, today: dt.date, prep: str) -> Piece:
    target, week = _week_target(rng, today)
    w = _week_no(lang, week, rng)
    if lang == "en":
        day = WEEKDAYS_EN[target.weekday()]
        text = rng.choice((f"in calendar week {w}, on the {day}", f"{'from' if prep == 'from' else 'on'} the {day} of week {w}"))  # fmt: skip
    else:
        day = WEEKDAYS_DE[target.weekday()]
        kw = rng.choice(("KW", "Kalenderwoche", "KW"))
        text = rng.choice((f"in der {kw} {w} am {day}", f"{'ab' if prep == 'from' else 'am'} {day} in der {kw} {w}"))  # fmt: skip
    return Piece(text, {"arrival": target.isoformat()}, ["calendar_week"])


def _next_month(rng: random.Random, lang: str, today: dt.date, prep: str) -> Piece:
    y, m = _months_ahead(today, 1)
    day = rng.randrange(1, 29)
    target = dt.date(y, m, day)
    if lang == "en":
        o = rng.choice((en_ordinal(day), en_ordinal_digits(day)))
        text = rng.choice((f"next month on the {o}", f"on the {o} of next month", f"the {o} next month"))  # fmt: skip
        text = text.replace("on the", "from the") if prep == "from" else text
    else:
        o = rng.choice((de_ordinal(day).capitalize(), f"{day}."))
        text = rng.choice((f"nächsten Monat am {o}", f"am {o} nächsten Monat"))
        text = text.replace("am ", "ab dem ") if prep == "from" else text
    return Piece(text, {"arrival": target.isoformat()}, ["next_month"])


def _itself(rng: random.Random, lang: str, today: dt.date, prep: str) -> Piece:
    """A bare day 2-20 days ahead (its next occurrence): "on 3rd itself", "gleich am Dritten"."""
    target = dates.plus(today, rng.randrange(2, 21))
    o = _ord(lang, target.day, rng)
    if lang == "en":
        text = rng.choice((f"on {o} itself", f"{o} only", f"from {o} itself"))
        text = text.replace("on ", "from ") if prep == "from" else text
    else:
        text = rng.choice((f"gleich am {o}", f"am {o} schon", f"ab dem {o}"))
    return Piece(text, {"arrival": target.isoformat()}, ["day_only_itself"])


def _changed_twice(rng: random.Random, lang: str, today: dt.date, prep: str) -> Piece:
    """ "on the 4th of June, no, the 6th, oh no, the 4th after all": the last day said is meant."""
    while True:
        target = dates.plus(today, rng.randrange(4, 200))
        if 4 <= target.day <= 25:
            break
    a, b = rng.sample([x for x in range(target.day - 3, target.day + 4) if x != target.day], 2)
    first = rng.choice((a, target.day))  # back to the first one, or a third one
    if lang == "en":
        mon = MONTHS_EN[target.month - 1]
        o = en_ordinal_digits
        text = rng.choice((
            f"the {o(first)} of {mon}, no, the {o(b)}, oh no, sorry, the {o(target.day)} after all",
            f"{mon} {o(first)}, no wait, {o(b)}, hmm, no, make it the {o(target.day)}",
        ))  # fmt: skip
        text = f"{'from' if prep == 'from' else 'on'} {text}"
    else:
        mon = MONTHS_DE[target.month - 1]
        text = rng.choice((
            f"am {first}. {mon}, nein, am {b}., ach nee, doch am {target.day}.",
            f"am {de_ordinal(first)} {mon}, äh, nein, {de_ordinal(b)}, oder nein, am {de_ordinal(target.day)}",
        ))  # fmt: skip
        text = text.replace("am ", "ab dem ", 1) if prep == "from" else text
    return Piece(text, {"arrival": target.isoformat()}, ["changed_twice"])


_ARRIVALS = {
    "month_weekday": _month_weekday,
    "after_next": _after_next,
    "calendar_week": _calendar_week,
    "next_month": _next_month,
    "itself": _itself,
    "changed_twice": _changed_twice,
}


def arrival(rng: random.Random, lang: str, today: dt.date, prep: str, kind: str) -> Piece:
    return _ARRIVALS[kind](rng, lang, today, prep)


# ---- ranges ----------------------------------------------------------------------------------
def _month_weekend(rng: random.Random, lang: str, today: dt.date) -> tuple[Piece, dt.date, dt.date]:
    """ "the first weekend of June, Friday to Sunday": the Friday before the month's nth Saturday
    (only months where that Friday is in the month), always with its days named."""
    nth = rng.choice((1, 1, 2))
    for k in range(0, 14):
        y, m = _months_ahead(today, k)
        fri = nth_weekday(y, m, 5, nth) - dt.timedelta(days=1)
        if fri.month == m and fri > today:
            break
    sun = dates.plus(fri, 2)
    if lang == "en":
        mon = MONTHS_EN[m - 1]
        text = rng.choice((
            f"the {NTH_EN[nth]} weekend of {mon}, Friday to Sunday",
            f"over the {NTH_EN[nth]} weekend in {mon}, fri till sun",
            f"the {NTH_EN[nth]} weekend in {mon}, arriving Friday, leaving Sunday",
        ))  # fmt: skip
    else:
        mon = MONTHS_DE[m - 1]
        text = rng.choice((
            f"am {NTH_DE[nth]} Wochenende im {mon}, von Freitag bis Sonntag",
            f"übers {NTH_DE[nth][:-1]} {mon}wochenende, Freitag bis Sonntag",
        ))  # fmt: skip
    return Piece(text, {"arrival": fri.isoformat(), "departure": sun.isoformat()}, ["month_weekend", "range"]), fri, sun  # fmt: skip


def _day_range(rng: random.Random, lang: str, today: dt.date) -> tuple[Piece, dt.date, dt.date]:
    """ "from the 3rd to the 5th" without a month: the next such days (2-20 days ahead, both in
    one month), "vom Dritten bis zum Fünften", Swiss "am Zehnten bis Zwölften"."""
    while True:
        a = dates.plus(today, rng.randrange(2, 21))
        d = dates.plus(a, rng.choice((1, 2, 2, 3, 4)))
        if a.month == d.month:
            break
    oa, od = _ord(lang, a.day, rng), _ord(lang, d.day, rng)
    if lang == "en":
        text = rng.choice(
            (f"from the {oa} to the {od}", f"the {oa} till the {od}", f"{oa} to {od}")
        )
    else:
        text = rng.choice((f"vom {oa} bis zum {od}", f"am {oa} bis {od}", f"vom {oa} auf den {od}"))
    return Piece(text, {"arrival": a.isoformat(), "departure": d.isoformat()}, ["day_range", "range"]), a, d  # fmt: skip


def _calendar_week_span(rng: random.Random, lang: str, today: dt.date) -> tuple[Piece, dt.date, dt.date]:  # fmt: skip
    """ "in der KW 23, von Montag bis Donnerstag": days of one ISO week, both named."""
    while True:
        start, week = _week_target(rng, today)
        mon = start - dt.timedelta(days=start.weekday())
        a_wd = rng.choice((0, 0, 1, 2, 3, 4))
        b_wd = rng.randrange(a_wd + 1, 7)
        a, d = mon + dt.timedelta(days=a_wd), mon + dt.timedelta(days=b_wd)
        if a > today:
            break
    w = _week_no(lang, week, rng)
    if lang == "en":
        text = f"in week {w}, {WEEKDAYS_EN[a_wd]} to {WEEKDAYS_EN[b_wd]}"
    else:
        kw = rng.choice(("KW", "Kalenderwoche"))
        text = rng.choice((f"in der {kw} {w}, von {WEEKDAYS_DE[a_wd]} bis {WEEKDAYS_DE[b_wd]}", f"{kw} {w} {WEEKDAYS_DE[a_wd]} bis {WEEKDAYS_DE[b_wd]}"))  # fmt: skip
    return Piece(text, {"arrival": a.isoformat(), "departure": d.isoformat()}, ["calendar_week", "range"]), a, d  # fmt: skip


_RANGES = {"month_weekend": _month_weekend, "day_range": _day_range, "calendar_week_span": _calendar_week_span}  # fmt: skip


def stay_range(rng: random.Random, lang: str, today: dt.date, kind: str) -> tuple[Piece, dt.date, dt.date]:  # fmt: skip
    """A stay of RANGE_KINDS (the Script's common signature for range renderers)."""
    return _RANGES[kind](rng, lang, today)


# ---- vague dates: no single reading, the agent asks back -------------------------------------
def vague(rng: random.Random, lang: str, today: dt.date) -> tuple[Piece, dt.date]:
    """A date a receptionist must ask about (no date slot), and the day the caller will name
    when asked ("at the end of the month" -> "on the 29th", 2 days ahead at least)."""
    kind = rng.choice(("end_of_month", "early_next_month", "week", "around"))
    if kind == "end_of_month":
        y, m = today.year, today.month
        last = calendar.monthrange(y, m)[1]
        if last - 3 < today.day + 2:
            y, m = _months_ahead(today, 1)
            last = calendar.monthrange(y, m)[1]
        target = dt.date(y, m, rng.randrange(last - 3, last + 1))
        text = rng.choice(("at the end of the month", "end of the month sometime")) if lang == "en" else rng.choice(("Ende des Monats", "Ende Monat irgendwann"))  # fmt: skip
    elif kind == "early_next_month":
        y, m = _months_ahead(today, 1)
        target = dt.date(y, m, rng.randrange(1, 6))
        text = rng.choice(("early next month", "at the beginning of next month")) if lang == "en" else rng.choice(("Anfang nächsten Monats", "anfangs nächsten Monat"))  # fmt: skip
    elif kind == "week":
        target, week = _week_target(rng, today)
        text = f"sometime in week {week}" if lang == "en" else f"irgendwann in der KW {week}"
    else:
        target = dates.plus(today, rng.randrange(5, 21))
        o = en_ordinal_digits(target.day) if lang == "en" else de_ordinal(target.day).capitalize()
        text = f"around the {o} or so" if lang == "en" else f"so um den {o} herum"
    return Piece(text, {}, ["vague_date"]), target


# ---- counts, nights, booking numbers -----------------------------------------------------------
def guests(rng: random.Random, lang: str, n: int) -> Piece:
    """A count after "for"/"für" as terse, elderly and non-native callers say it."""
    en = lang == "en"
    if en:
        forms = {1: ["1 pax", "myself only", "me alone, I'm on my own these days"],
                 2: ["2 pax", "me and the wife", "myself and my husband", "two persons only"],
                 3: ["3 pax", "three persons", "me, my wife and my mother-in-law"],
                 4: ["4 pax", "four persons", "my wife, me and both the boys"]}.get(n, [f"{n} pax", f"{n} persons"])  # fmt: skip
    else:
        forms = {1: ["1 Pers.", "mich alleine", "mich, ich bin ja Witwe"],
                 2: ["2 Pers.", "uns zwei", "meine Frau und mich", "zwei Leute"],
                 3: ["3 Pers.", "uns drei", "drei Leute, meine Frau, mich und die Schwiegermutter"],
                 4: ["4 Pers.", "uns vier", "vier Leute"]}.get(n, [f"{n} Pers.", f"{de_cardinal(n)} Leute"])  # fmt: skip
    return Piece(rng.choice(forms), {"guests": n}, ["terse_count"])


def nights(rng: random.Random, lang: str, n: int) -> Piece:
    """ "3 nts", "three night" (a learner's singular), or a count changed twice in one breath
    ("three nights, no, four, hmm, three after all": the last one said)."""
    en = lang == "en"
    card = en_cardinal if en else de_cardinal
    if 2 <= n <= 10 and rng.random() < 0.35:
        a, b = rng.sample([x for x in range(max(1, n - 2), n + 3) if x != n], 2)
        first = rng.choice((a, n))
        text = (
            f"{card(first)} nights, no, {card(b)}, hmm, no, {card(n)} after all"
            if en
            else f"{card(first)} Nächte, nein, {card(b)}, ach nee, doch {card(n)}"
        )
        return Piece(text, {"nights": n}, ["changed_twice"])
    if en:
        text = rng.choice((f"{n} nts" if n > 1 else "1 nt", f"{card(n)} night" if n > 1 else "one night only", f"{n} nights only" if n > 1 else "1 night only"))  # fmt: skip
    else:
        text = rng.choice((f"{n} Nächte", f"{card(n)} Nächt" if n > 1 else "eine Nacht bloß", f"{card(n)} Nächte lang"))  # fmt: skip
    return Piece(text, {"nights": n}, ["terse_count"])


def confirmation(rng: random.Random, lang: str, conf: str) -> Piece:
    """SOV4412 read off an e-mail, with a pause ("booking ref is, one moment, SOV, 4 4 1 2")."""
    letters, digits = conf[:3], conf[3:]
    spaced = " ".join(digits)
    if lang == "en":
        text = rng.choice((
            f"the booking ref is, one moment, {letters}, {spaced}",
            f"it says here in the email, {letters} {spaced}",
            f"let me read it off the mail, {'-'.join(letters)}-{'-'.join(digits)}",
        ))  # fmt: skip
    else:
        text = rng.choice((
            f"die Buchungsnummer, ich hab die Mail offen, {letters}, {spaced}",
            f"laut E-Mail {' '.join(letters)} {spaced}",
            f"da steht in der Bestätigung {letters} {digits[:2]} {digits[2:]}",
        ))  # fmt: skip
    return Piece(text, {"confirmation": conf, "spelled": True}, ["read_from_email", "spelled_confirmation"])  # fmt: skip
