"""Entity forms only the fifth held-out split (`heldout5`) says.

Why apart from render / render_dates / render_h2-h4: every earlier split's entity forms have been
read while the brain was tuned, so `heldout5` says its entities in ways none of them does: British
"a week on Tuesday" / "Tuesday week" (only of a weekday before today's, so that "Tuesday" alone
is the same day for every reader), a weekday's evening ("Friday night", Swiss "am Sonntag
z'Nacht", Bavarian "am Sonntag auf d'Nacht"), dates as numbers that cannot be misread ("10/23",
"23/10", "am 03.10."), days named by a custom or a public holiday with a fixed rule ("on
Thanksgiving", "on the August bank holiday Monday", "am Nationalfeiertag", "am Bundesfeiertag"),
stays over a bank-holiday or US holiday weekend with their days named ("the August bank holiday
weekend, Friday to Monday", "the Labor Day weekend, Friday thru Monday"), "Thursday thru Sunday"
and "von Donnerstag auf Sonntag", a stay said departure first ("leaving on the 14th of May,
arriving the 11th", "Abreise am 14. Mai, Anreise am 11."), families counted by who they are ("two
adults and a baby": every child and baby is a guest, as in heldout3), a stay one night shorter or
longer ("one night less", "eine Nacht länger"), and **dates with no single reading** ("on 10/3":
October 3rd or 10th March?, "the 4th of July weekend", "zwischen den Jahren", "Mitte nächsten
Monats"): such a turn states no date (gold: the agent asks back; tag `vague_date` as in
heldout4), and the caller, asked, names the day the phrase pointed at (`pending`).
Every gold value is computed here from the dialogue's `today` with bench.corpus.dates and the
calendar module, never by the project's parser; the other splits never call this module.
"""

from __future__ import annotations

import datetime as dt
import random

from bench.corpus import dates, render
from bench.corpus.numbers import MONTHS_DE, MONTHS_EN, WEEKDAYS_DE, WEEKDAYS_EN, en_ordinal_digits
from bench.corpus.render import Piece
from bench.corpus.render_h4 import nth_weekday

# Days named by a custom: (month, day) or (month, weekday, nth; -1 = last). English and German
# callers name their own countries' days.
NAMED_DAYS_EN = {
    "Independence Day": (7, 4),
    "Halloween": (10, 31),
    "Bonfire Night": (11, 5),
    "Valentine's Day": (2, 14),
    "St Patrick's Day": (3, 17),
    "Thanksgiving": (11, 3, 4),
    "Labor Day": (9, 0, 1),
    "Memorial Day": (5, 0, -1),
    "the August bank holiday Monday": (8, 0, -1),
    "the early May bank holiday": (5, 0, 1),
}
NAMED_DAYS_DE = {
    "am Nationalfeiertag": (10, 26),
    "am Bundesfeiertag": (8, 1),
    "an Mariä Himmelfahrt": (8, 15),
    "an Mariä Empfängnis": (12, 8),
    "am Tag der Arbeit": (5, 1),
}
# Holiday weekends, always with their days named: (name, month, weekday, nth, first day offset
# from the holiday Monday, the days said).
HOLIDAY_WEEKENDS_EN = (
    ("the August bank holiday weekend", 8, -1, -3, ("Friday", "Monday")),
    ("the spring bank holiday weekend", 5, -1, -2, ("Saturday", "Monday")),
    ("the Labor Day weekend", 9, 1, -3, ("Friday", "Monday")),
    ("the Memorial Day weekend", 5, -1, -2, ("Saturday", "Monday")),
)
ARRIVAL_KINDS = ("week_on", "evening", "numeric", "named_day")
RANGE_KINDS = ("departure_first", "weekday_span", "holiday_weekend")


def _after(today: dt.date, d: dt.date) -> bool:
    return d > today


def named_day(name: str, year: int, lang: str) -> dt.date:
    """The date of a named day in a year (a fixed date, or the nth/last weekday of its month)."""
    rule = (NAMED_DAYS_EN if lang == "en" else NAMED_DAYS_DE)[name]
    if len(rule) == 2:
        return dt.date(year, rule[0], rule[1])
    month, wd, nth = rule
    return nth_weekday(year, month, wd, nth)


# ---- arrivals --------------------------------------------------------------------------------
def kinds(lang: str, today: dt.date) -> list[str]:
    """The arrival kinds with one reading on this day ("Tuesday week" only where some weekday
    before today's exists; English only)."""
    out = ["evening", "numeric", "named_day", "named_day"]
    if lang == "en" and today.weekday() >= 1:
        out += ["week_on", "week_on"]
    return out


def _week_on(rng: random.Random, lang: str, today: dt.date, prep: str) -> Piece:
    """ "a week on Tuesday" / "Tuesday week": the coming Tuesday plus a week, said only of a
    weekday before today's (on a Thursday, "Tuesday" is next week's for every reader)."""
    wd = rng.choice(range(today.weekday()))
    target = dates.next_weekday(today, wd) + dt.timedelta(days=7)
    day = WEEKDAYS_EN[wd]
    if prep == "from":
        text = rng.choice((f"from {day} week", f"starting a week on {day}"))
    else:
        text = rng.choice((f"a week on {day}", f"on {day} week", f"{day} week, not this one"))
    return Piece(text, {"arrival": target.isoformat()}, ["week_on"])


def _evening(rng: random.Random, lang: str, today: dt.date, prep: str) -> Piece:
    """A weekday's evening: the first such weekday after today (never today's own weekday)."""
    wd = rng.choice([w for w in range(7) if w != today.weekday()])
    target = dates.next_weekday(today, wd)
    if lang == "en":
        day = WEEKDAYS_EN[wd]
        text = rng.choice((f"{day} night", f"{day} evening, late-ish", f"on the {day} evening"))
        text = f"from {text}" if prep == "from" and not text.startswith("on ") else text
    else:
        day = WEEKDAYS_DE[wd]
        text = rng.choice((f"am {day} z'Nacht", f"am {day} auf d'Nacht", f"{day}abend", f"am {day} am Abend"))  # fmt: skip
        text = text.replace("am ", "ab ", 1) if prep == "from" and text.startswith("am ") else text
    return Piece(text, {"arrival": target.isoformat()}, ["evening", "weekday"])


def _numeric(rng: random.Random, lang: str, today: dt.date, prep: str) -> Piece:
    """A date as numbers that only one way can read: English with the day 13 or later ("10/23" or
    "23/10"), German day first ("am 03.10."); its next occurrence 2 days ahead or later."""
    while True:
        target = dates.plus(today, rng.randrange(2, 300))
        if lang == "de" or target.day >= 13:
            break
    d, m = target.day, target.month
    if lang == "en":
        said = rng.choice((f"{m}/{d}", f"{d}/{m}", f"{d}.{m}."))
        text = f"{'from' if prep == 'from' else 'on'} {said}"
    else:
        said = rng.choice((f"{d:02d}.{m:02d}.", f"{d}.{m:02d}.", f"{d:02d}.{m}."))
        text = f"{'ab dem' if prep == 'from' else 'am'} {said}"
    return Piece(text, {"arrival": target.isoformat()}, ["numeric_date"])


def _named_day(rng: random.Random, lang: str, today: dt.date, prep: str) -> Piece:
    """A day named by a custom or a holiday with a fixed rule: its next date strictly after today."""
    name = rng.choice(sorted(NAMED_DAYS_EN if lang == "en" else NAMED_DAYS_DE))
    target = min(d for y in (today.year, today.year + 1) if _after(today, d := named_day(name, y, lang)))  # fmt: skip
    if lang == "en":
        text = f"{'from' if prep == 'from' else 'on'} {name}"
    else:
        text = (
            name.replace("am ", "ab dem ", 1).replace("an ", "ab ", 1) if prep == "from" else name
        )
    return Piece(text, {"arrival": target.isoformat()}, ["named_day"])


_ARRIVALS = {"week_on": _week_on, "evening": _evening, "numeric": _numeric, "named_day": _named_day}


def arrival(rng: random.Random, lang: str, today: dt.date, prep: str, kind: str) -> Piece:
    return _ARRIVALS[kind](rng, lang, today, prep)


# ---- ranges ----------------------------------------------------------------------------------
def range_kinds(lang: str) -> list[str]:
    """The range kinds said in a language (holiday weekends are English callers' only)."""
    return ["departure_first", "weekday_span"] + (["holiday_weekend"] if lang == "en" else [])


def stay_range(rng: random.Random, lang: str, today: dt.date, kind: str) -> tuple[Piece, dt.date, dt.date]:  # fmt: skip
    """A stay of RANGE_KINDS, by the Script's common signature for range renderers."""
    by_kind = {"departure_first": _departure_first, "weekday_span": _weekday_span, "holiday_weekend": _holiday_weekend}  # fmt: skip
    return by_kind[kind](rng, lang, today)


def _departure_first(rng: random.Random, lang: str, today: dt.date) -> tuple[Piece, dt.date, dt.date]:  # fmt: skip
    """The day they leave, then the day they come: "leaving on the 14th of May, arriving the
    11th" (both in one month, the month said with the first)."""
    while True:
        a = dates.plus(today, rng.randrange(2, 200))
        d = dates.plus(a, rng.choice((1, 2, 3, 3, 4, 5, 6)))
        if a.month == d.month:
            break
    if lang == "en":
        mon, od, oa = MONTHS_EN[d.month - 1], en_ordinal_digits(d.day), en_ordinal_digits(a.day)
        text = rng.choice((
            f"leaving on the {od} of {mon}, arriving the {oa}",
            f"going home on {mon} {od}, coming in on the {oa}",
            f"checking out the {od} of {mon}, and in on the {oa}",
        ))  # fmt: skip
    else:
        mon = MONTHS_DE[d.month - 1]
        text = rng.choice((
            f"Abreise am {d.day}. {mon}, Anreise am {a.day}.",
            f"bis zum {d.day}. {mon}, und zwar ab dem {a.day}.",
            f"mit Abreise am {d.day}. {mon} und Anreise am {a.day}.",
        ))  # fmt: skip
    return Piece(text, {"arrival": a.isoformat(), "departure": d.isoformat()}, ["departure_first", "range"]), a, d  # fmt: skip


def _weekday_span(rng: random.Random, lang: str, today: dt.date) -> tuple[Piece, dt.date, dt.date]:
    """ "Thursday thru Sunday", "von Donnerstag auf Sonntag": the first such arrival weekday after
    today (never today's) to the first such departure weekday after it."""
    wa = rng.choice([w for w in (0, 1, 2, 3, 4) if w != today.weekday()])
    a = dates.next_weekday(today, wa)
    wd = rng.choice(range(wa + 1, 7))
    d = dates.next_weekday(a, wd)
    if lang == "en":
        da, dd = WEEKDAYS_EN[wa], WEEKDAYS_EN[wd]
        text = rng.choice((f"{da} thru {dd}", f"{da} through {dd}", f"{da} thru {dd} night"))
        tags = ["weekday_span", "weekday", "range"]
        if text.endswith(" night"):  # "thru Sunday night" stays the Sunday night: one more
            d = dates.plus(d, 1)
            tags.append("thru_night")
            if wd == 6:
                text = f"{da} thru {dd} night, out Monday morning"
            else:
                text = f"{da} thru {dd} night, out the next morning"
    else:
        da, dd = WEEKDAYS_DE[wa], WEEKDAYS_DE[wd]
        text = rng.choice((f"von {da} auf {dd}", f"{da} bis {dd}, Abreise am {dd}"))
        tags = ["weekday_span", "weekday", "range"]
    return Piece(text, {"arrival": a.isoformat(), "departure": d.isoformat()}, tags), a, d


def _holiday_weekend(rng: random.Random, lang: str, today: dt.date) -> tuple[Piece, dt.date, dt.date]:  # fmt: skip
    """ "the August bank holiday weekend, Friday to Monday": the holiday Monday's weekend, the
    first such after today, always with its first and last day named."""
    name, month, nth, offset, (first, last) = rng.choice(HOLIDAY_WEEKENDS_EN)
    for y in (today.year, today.year + 1):
        monday = nth_weekday(y, month, 0, nth)
        a = monday + dt.timedelta(days=offset)
        if a > today:
            break
    sep = rng.choice(("to", "thru" if "Labor" in name or "Memorial" in name else "till"))
    text = rng.choice((f"over {name}, {first} {sep} {last}", f"{name}, arriving {first}, leaving {last}"))  # fmt: skip
    return Piece(text, {"arrival": a.isoformat(), "departure": monday.isoformat()}, ["holiday_weekend", "range"]), a, monday  # fmt: skip


# ---- dates with no single reading: the agent asks back -----------------------------------------
def vague(rng: random.Random, lang: str, today: dt.date) -> tuple[Piece, dt.date]:
    """A date a receptionist must ask about (no date slot), and the day the caller names when asked."""
    kinds_ = ("slash", "fourth", "few_weeks") if lang == "en" else ("between_years", "mid_month", "few_weeks")  # fmt: skip
    kind = rng.choice(kinds_)
    tags = ["vague_date"]
    if kind == "slash":  # "10/3": the 10th of March (day first) or October 3rd (month first)?
        while True:
            x, y = rng.randrange(1, 13), rng.randrange(1, 13)
            if x == y:
                continue
            readings = [dates.next_occurrence(y, x, dates.plus(today, 2)), dates.next_occurrence(x, y, dates.plus(today, 2))]  # fmt: skip
            break
        target = rng.choice(readings)
        text, tags = rng.choice((f"on {x}/{y}", f"from the {x}/{y}")), tags + ["ambiguous_numeric"]
    elif kind == "fourth":  # the 4th of July weekend: which days of it depends on the year
        j4 = dates.next_occurrence(7, 4, dates.plus(today, 2))
        target = dates.plus(j4, rng.choice((-1, 0)))
        text = rng.choice(("over the 4th of July weekend", "for the Fourth of July weekend"))
    elif kind == "between_years":  # zwischen den Jahren: the days between Christmas and New Year
        target = dates.next_occurrence(12, rng.randrange(27, 31), dates.plus(today, 2))
        text = rng.choice(("zwischen den Jahren", "irgendwann zwischen den Jahren"))
    elif kind == "mid_month":
        y, m = divmod(today.year * 12 + today.month, 12)  # next month (0-based month)
        target = dt.date(y, m + 1, rng.randrange(13, 18))
        text = rng.choice(("Mitte nächsten Monats", "so Mitte nächster Monat"))
    else:
        target = dates.plus(today, rng.randrange(13, 22))
        text = (
            rng.choice(("in a couple of weeks", "in two or three weeks or so"))
            if lang == "en"
            else rng.choice(("in ein paar Wochen", "in zwei, drei Wochen"))
        )
    return Piece(text, {}, tags), target


# ---- counts and changes of the stay ------------------------------------------------------------
_FAMILY_EN = {
    1: ["just my boss, travelling alone", "myself, on my tod"],
    2: ["me and my mate", "the boss and me", "me and the missus"],
    3: [
        "two adults and a baby",
        "me, my husband and the baby",
        "my wife and me and our little one",
    ],
    4: [
        "me, my wife and our two kids",
        "two grown-ups and two kiddies",
        "me and my mates, four of us",
    ],
}
_FAMILY_DE = {
    1: ["den Chef allein", "mi alloa"],
    2: ["mi und mei Frau", "uns zwoa", "mich und meinen Kumpel"],
    3: ["zwei Erwachsene und ein Baby", "meinen Mann, mich und die Kleine"],
    4: ["meine Frau, unsere zwei Kinder und mich", "zwei Große und zwei Kleine"],
}


def guests(rng: random.Random, lang: str, n: int) -> Piece:
    """A party after "for"/"für" named by who comes (every child and baby is a guest)."""
    forms = (_FAMILY_EN if lang == "en" else _FAMILY_DE).get(n)
    if not forms:
        return render.guests(rng, lang, n)
    return Piece(rng.choice(forms), {"guests": n}, ["family_count"])


def shift(rng: random.Random, lang: str, nights: int) -> tuple[Piece, int]:
    """One night more or less than the stay read back ("one night less", "eine Nacht länger");
    returns the piece and the new number of nights."""
    more = nights <= 1 or (nights < 30 and rng.random() < 0.5)
    new = nights + 1 if more else nights - 1
    if lang == "en":
        text = rng.choice(("one more night", "one night longer", "an extra night")) if more else rng.choice(("one night less", "one night shorter", "a night fewer"))  # fmt: skip
    else:
        text = rng.choice(("eine Nacht länger", "eine Nacht mehr")) if more else rng.choice(("eine Nacht weniger", "eine Nacht kürzer"))  # fmt: skip
    return Piece(text, {"nights": new}, ["nights_shift"]), new
