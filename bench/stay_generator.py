"""Stay requests composed from parts, with the stay each one means computed from the same parts.

Why a generator and not more examples: the brain is tuned on the corpus's hand-written
phrasings, and every unread split found date phrasings it misread. Here an arrival expression
(a weekday with "next"/"this"/"after next"/"übernächste", "Tuesday week", "a week on Friday",
"Friday next week", an ordinal day with or without its month, in digits or words, dd.mm.,
"in N days/weeks", "from tomorrow", a weekend, a feast the hotel's calendar knows), a stay
length ("for N nights", "a week", "a fortnight", "zwei Wochen", "until Sunday", "bis zum 12.")
and a connector are drawn with a seeded ``random.Random``, then dressed with fillers, a
greeting and the recogniser's lowercase unpunctuated style. The TRUE stay is computed here
with ``datetime`` and ``dateutil`` from the parts, never by the brain (bench/dates_generated.py
and tests/agents_brain/test_brain_dates_generated.py judge the brain against it).

Conventions are the project's (docs/understanding.md "What stays ours"): "next/this Friday" is
the first Friday strictly after today; a weekday as departure is the first one after the
arrival; a day without month is the next one on or after today; the weekend is Friday to
Sunday. A phrasing with no single right reading ("this Friday" said on a Friday, "next
weekend" said on a Friday, "for two weeks from today": the length from today or the date?)
carries the readings that are right; an empty set means only asking back is right.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from dateutil.easter import easter
from dateutil.relativedelta import FR, MO, relativedelta

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

D = dt.date
DAY = dt.timedelta(days=1)
LANGS = ("en", "de")


@dataclass(frozen=True)
class Stay:
    """One right reading. ``None`` means "not said": setting that slot is wrong."""

    arrival: dt.date | None
    departure: dt.date | None = None
    nights: int | None = None


@dataclass(frozen=True)
class Case:
    lang: str
    text: str
    today: dt.date
    kind: str  # "<arrival kind>+<length kind>": the class a failure is counted in
    right: tuple[Stay, ...]  # the readings that are right; asking back always is


@dataclass(frozen=True)
class Arrival:
    kind: str
    text: str
    date: dt.date | None  # None: no single right day (only asking is right)
    weekend: bool = False  # a weekend says its own length (Friday to Sunday)


@dataclass(frozen=True)
class Length:
    kind: str
    text: str
    stay: Callable[[dt.date | None], Stay]  # the stay for an arrival (None: arrival unsure)
    count: bool  # a count ("three nights") may come before the arrival; "until" may not


def _after(base: dt.date, weekday: int) -> dt.date:
    """The first such weekday strictly after ``base``."""
    return base + dt.timedelta(days=(weekday - base.weekday()) % 7 or 7)


def _next_day(today: dt.date, day: int) -> dt.date:
    d = today.replace(day=day)
    return d if d >= today else d + relativedelta(months=1)


def _on_or_after(today: dt.date, month: int, day: int) -> dt.date:
    d = D(today.year, month, day)
    return d if d >= today else D(today.year + 1, month, day)


def _count_en(n: int, r: random.Random) -> str:
    return str(n) if r.random() < 0.4 else en_cardinal(n)


def _count_de(n: int, r: random.Random) -> str:
    return str(n) if r.random() < 0.4 else ("eine" if n == 1 else de_cardinal(n))


# --- arrivals ------------------------------------------------------------------------------


def _weekday_forms(today: dt.date, r: random.Random, lang: str) -> list[Arrival]:
    wd = r.randrange(7)
    w = (WEEKDAYS_EN if lang == "en" else WEEKDAYS_DE)[wd]
    nxt = _after(today, wd)
    week2 = nxt + 7 * DAY
    next_week = today + relativedelta(weekday=MO(+1), days=1) + dt.timedelta(days=wd)
    this = None if today.weekday() == wd else nxt
    if lang == "en":
        return [
            Arrival("weekday", r.choice([f"on {w}", f"from {w}", w, f"this coming {w}"]), nxt),
            Arrival("next weekday", f"next {w}", nxt),
            Arrival("this weekday", f"this {w}", this),
            Arrival("weekday after next", r.choice([f"{w} after next", f"the {w} after next"]),
                    week2),
            Arrival("weekday week", r.choice([f"{w} week", f"a week on {w}"]), week2),
            Arrival("weekday next week", r.choice([f"{w} next week", f"next week on {w}"]),
                    next_week),
        ]  # fmt: skip
    return [
        Arrival("weekday", r.choice([f"am {w}", f"ab {w}", w]), nxt),
        Arrival("next weekday", r.choice([f"nächsten {w}", f"kommenden {w}", f"ab nächstem {w}"]),
                nxt),
        Arrival("this weekday", r.choice([f"diesen {w}", f"ab diesem {w}"]), this),
        Arrival("weekday after next", r.choice([f"übernächsten {w}", f"ab übernächstem {w}"]),
                week2),
        Arrival("weekday next week", r.choice([f"nächste Woche {w}", f"{w} nächster Woche",
                                               f"am {w} nächste Woche"]), next_week),
    ]  # fmt: skip


def _day_forms(today: dt.date, r: random.Random, lang: str) -> list[Arrival]:
    day = r.randrange(1, 29)
    month = r.randrange(1, 13)
    no_month = _next_day(today, day)
    with_month = _on_or_after(today, month, day)
    if lang == "en":
        m = MONTHS_EN[month - 1]
        o = r.choice([en_ordinal_digits(day), en_ordinal(day)])
        return [
            Arrival("day", r.choice([f"on the {o}", f"from the {o}", f"the {o}"]), no_month),
            Arrival("day month", r.choice([f"on the {o} of {m}", f"from {m} {o}",
                                           f"{m} the {o}", f"from the {o} of {m}"]),
                    with_month),
        ]  # fmt: skip
    m = MONTHS_DE[month - 1]
    o = r.choice([f"{day}.", de_ordinal(day)])
    dd = r.choice([f"{day:02d}.{month:02d}.", f"{day}.{month}."])
    return [
        Arrival("day", r.choice([f"am {o}", f"ab dem {o}", f"vom {o} an"]) if "." not in o
                else r.choice([f"am {o}", f"ab dem {o}"]), no_month),
        Arrival("day month", r.choice([f"am {o} {m}", f"ab dem {o} {m}", f"vom {o} {m}"]),
                with_month),
        Arrival("dd.mm.", r.choice([f"am {dd}", f"ab dem {dd}", f"ab {dd}"]), with_month),
    ]  # fmt: skip


def _relative_forms(today: dt.date, r: random.Random, lang: str) -> list[Arrival]:
    n_days, n_weeks = r.randrange(2, 21), r.randrange(1, 5)
    in_days, in_weeks = today + n_days * DAY, today + 7 * n_weeks * DAY
    if lang == "en":
        weeks = "a week" if n_weeks == 1 else f"{_count_en(n_weeks, r)} weeks"
        return [
            Arrival("in n days", f"in {_count_en(n_days, r)} days", in_days),
            Arrival("in n weeks", r.choice([f"in {weeks}", f"in {weeks} time"]), in_weeks),
            Arrival("tomorrow", r.choice(["from tomorrow", "tomorrow", "starting tomorrow"]),
                    today + DAY),
            Arrival("day after tomorrow", "the day after tomorrow", today + 2 * DAY),
        ]  # fmt: skip
    weeks = "einer Woche" if n_weeks == 1 else f"{_count_de(n_weeks, r)} Wochen"
    days = f"{str(n_days) if r.random() < 0.5 else de_cardinal(n_days)} Tagen"
    return [
        Arrival("in n days", f"in {days}", in_days),
        Arrival("in n weeks", f"in {weeks}", in_weeks),
        Arrival("tomorrow", r.choice(["ab morgen", "morgen"]), today + DAY),
        Arrival("day after tomorrow", r.choice(["übermorgen", "ab übermorgen"]), today + 2 * DAY),
    ]  # fmt: skip


def _weekend_forms(today: dt.date, lang: str) -> list[Arrival]:
    wd = today.weekday()
    coming = today + relativedelta(weekday=FR(+1), days=1)  # the next Friday after today
    this = coming if wd < 4 else today if wd == 4 else None  # on Saturday/Sunday: under way
    nxt = None if wd == 4 else coming  # on a Friday: this one or the one after?
    after = None if wd == 4 else coming + 7 * DAY
    if lang == "en":
        forms = [("weekend this", "this weekend", this), ("weekend next", "next weekend", nxt),
                 ("weekend after next", "the weekend after next", after),
                 ("weekend after next", "the weekend after the next one", after)]  # fmt: skip
    else:
        forms = [("weekend this", "dieses Wochenende", this),
                 ("weekend next", "nächstes Wochenende", nxt),
                 ("weekend after next", "übernächstes Wochenende", after),
                 ("weekend after next", "das Wochenende nach dem nächsten", after)]  # fmt: skip
    return [Arrival(k, t, d, weekend=True) for k, t, d in forms]


_FEASTS: list[tuple[str, str, Callable[[int], dt.date]]] = [
    ("Christmas Eve", "Heiligabend", lambda y: D(y, 12, 24)),
    ("New Year's Eve", "Silvester", lambda y: D(y, 12, 31)),
    ("Good Friday", "Karfreitag", lambda y: easter(y) - 2 * DAY),
    ("Easter Monday", "Ostermontag", lambda y: easter(y) + DAY),
    ("Ascension Day", "Christi Himmelfahrt", lambda y: easter(y) + 39 * DAY),
    ("Whit Monday", "Pfingstmontag", lambda y: easter(y) + 50 * DAY),
]


def _feast_forms(today: dt.date, r: random.Random, lang: str) -> list[Arrival]:
    en, de, rule = r.choice(_FEASTS)
    day = rule(today.year)
    if day < today:
        day = rule(today.year + 1)
    when = None if day == today else day  # said on the day: today, or next year's?
    text = (
        r.choice([f"from {en}", f"on {en}"]) if lang == "en" else r.choice([f"ab {de}", f"an {de}"])
    )
    return [Arrival("feast", text, when)]


def arrivals(today: dt.date, r: random.Random, lang: str) -> list[Arrival]:
    """Every kind of arrival expression once, its parameters drawn from ``r``."""
    return (
        _weekday_forms(today, r, lang)
        + _day_forms(today, r, lang)
        + _relative_forms(today, r, lang)
        + _weekend_forms(today, lang)
        + _feast_forms(today, r, lang)
    )


# --- lengths -------------------------------------------------------------------------------


def _nights(n: int) -> Callable[[dt.date | None], Stay]:
    return lambda a: Stay(a, a + n * DAY if a else None, n)


def _until(k: int) -> Callable[[dt.date | None], Stay]:
    return lambda a: Stay(a, a + k * DAY if a else None, k if a else None)


def lengths(r: random.Random, lang: str, arrival: dt.date | None) -> list[Length]:
    """Every kind of stay length once. A departure said by day ("until Sunday", "bis zum
    12.") is drawn as a number of nights ``k`` after the arrival and said as that day."""
    n = r.randrange(1, 15)
    weeks = r.randrange(2, 4)
    k_wd, k_day = r.randrange(1, 8), r.randrange(1, 15)
    out: list[Length] = []
    if lang == "en":
        nights = "night" if n == 1 else "nights"
        count = "one" if n == 1 and r.random() < 0.5 else _count_en(n, r)
        out += [
            Length("n nights", r.choice([f"for {count} {nights}", f"{count} {nights}"]),
                   _nights(n), True),
            Length("a week", r.choice(["for a week", "a week", "for one week"]), _nights(7), True),
            Length("a fortnight", r.choice(["for a fortnight", "a fortnight"]), _nights(14),
                   True),
            Length("n weeks", f"for {_count_en(weeks, r)} weeks", _nights(7 * weeks), True),
        ]  # fmt: skip
    else:
        nights = "Nacht" if n == 1 else "Nächte"
        out += [
            Length("n nights", r.choice([f"für {_count_de(n, r)} {nights}",
                                         f"{_count_de(n, r)} {nights}"]), _nights(n), True),
            Length("a week", r.choice(["eine Woche", "für eine Woche"]), _nights(7), True),
            Length("n weeks", r.choice([f"{_count_de(weeks, r)} Wochen",
                                        f"für {_count_de(weeks, r)} Wochen"]),
                   _nights(7 * weeks), True),
        ]  # fmt: skip
    if arrival is None:
        return out  # a departure said by day needs the arrival to mean anything
    dep_wd, dep_day = arrival + k_wd * DAY, arrival + k_day * DAY
    if lang == "en":
        w = WEEKDAYS_EN[dep_wd.weekday()]
        o = r.choice([en_ordinal_digits(dep_day.day), en_ordinal(dep_day.day)])
        m = MONTHS_EN[dep_day.month - 1]
        out += [
            Length("until weekday", r.choice([f"until {w}", f"till {w}", f"to {w}"]),
                   _until(k_wd), False),
            Length("until day", r.choice([f"until the {o}", f"to the {o}"]), _until(k_day),
                   False),
            Length("until day month", r.choice([f"until the {o} of {m}", f"until {m} {o}"]),
                   _until(k_day), False),
        ]  # fmt: skip
    else:
        w = WEEKDAYS_DE[dep_wd.weekday()]
        o = r.choice([f"{dep_day.day}.", de_ordinal(dep_day.day)])
        m = MONTHS_DE[dep_day.month - 1]
        out += [
            Length("until weekday", r.choice([f"bis {w}", f"bis zum {w}"]), _until(k_wd), False),
            Length("until day", f"bis zum {o}", _until(k_day), False),
            Length("until day month", f"bis zum {o} {m}", _until(k_day), False),
        ]  # fmt: skip
    return out


# --- composition ---------------------------------------------------------------------------

_FRONT = {"en": ["", "", "hi ", "yes hello ", "good morning, "],
          "de": ["", "", "hallo, ", "ja guten tag, ", "grüß gott, "]}  # fmt: skip
_ASK = {
    "en": ["{A} {L}", "{A}, {L}", "i'd like a room {A} {L}", "we're coming {A} and staying {L}",
           "could i book a double {A} {L} please", "{L} {A}", "a room {L} {A} please"],
    "de": ["{A} {L}", "{A}, {L}", "ich hätte gern ein Zimmer {A} {L}",
           "wir kommen {A} und bleiben {L}", "ein Doppelzimmer {A} {L} bitte", "{L} {A}",
           "ich bräuchte {L} {A}"],
}  # fmt: skip
_ALONE = {
    "en": ["i'd like a room {A}", "{A} please", "could we come {A}"],
    "de": ["ich hätte gern ein Zimmer {A}", "{A} bitte", "können wir {A} kommen"],
}
_GLUE = "\x00"
_FILLERS = {"en": ["uh", "um", "erm", "you know", "like"], "de": ["äh", "ähm", "also", "na ja"]}


def _dress(text: str, r: random.Random, lang: str) -> tuple[str, bool]:
    """A greeting, fillers between words, and half the time a recogniser's style. The words
    of one part are joined by ``_GLUE``: a filler lands inside a part ("the uh twelfth") only
    now and then, and that is reported (the class gets "~filler inside")."""
    words = (r.choice(_FRONT[lang]) + text).split()
    inside = False
    for _ in range(r.choice((0, 0, 1, 2))):
        at = r.randrange(1, len(words) + 1)
        word = words[at - 1]
        if _GLUE in word and r.random() < 0.2:
            parts = word.split(_GLUE)
            cut = r.randrange(1, len(parts))
            words[at - 1] = (
                _GLUE.join(parts[:cut])
                + " "
                + r.choice(_FILLERS[lang])
                + " "
                + (_GLUE.join(parts[cut:]))
            )
            inside = True
        else:
            words.insert(at, r.choice(_FILLERS[lang]))
    out = " ".join(words).replace(_GLUE, " ")
    if r.random() < 0.5:  # lowercase, no punctuation; the dots of "12.03." stay (digits)
        out = re.sub(r"[,!?]|(?<!\d)\.", "", out.lower())
        out = out.replace("'", "") if r.random() < 0.3 else out
    return out, inside


def _glued(part: str) -> str:
    return part.replace(" ", _GLUE)


def _weeks_from_now(today: dt.date, r: random.Random, lang: str) -> Case:
    """ "for two weeks from today": a length from today, or the date two weeks on? The length
    is right; the date is wrong; asking is right."""
    n = r.randrange(1, 4)
    start, word = r.choice([(today, "today"), (today + DAY, "tomorrow")])
    if lang == "en":
        weeks = "a week" if n == 1 else f"{en_cardinal(n)} weeks"
        text = f"for {weeks} from {word}"
    else:
        weeks = "eine Woche" if n == 1 else f"{de_cardinal(n)} Wochen"
        text = f"{weeks} ab {'heute' if word == 'today' else 'morgen'}"
    right = (Stay(start, start + 7 * n * DAY, 7 * n), Stay(None, None, 7 * n))
    said, inside = _dress(_glued(text), r, lang)
    return Case(lang, said, today, "weeks from now" + _TAG[inside], right)


def case(today: dt.date, r: random.Random, lang: str) -> Case:
    """One stay request in ``lang`` said on ``today``."""
    if r.random() < 0.04:
        return _weeks_from_now(today, r, lang)
    a = r.choice(arrivals(today, r, lang))
    if a.weekend and r.random() < 0.4 or r.random() < 0.08:
        # the arrival alone: a weekend is Friday to Sunday, any other day leaves the length open
        stay = Stay(a.date, a.date + 2 * DAY, 2) if a.weekend and a.date else Stay(a.date)
        said, inside = _dress(r.choice(_ALONE[lang]).format(A=_glued(a.text)), r, lang)
        return Case(lang, said, today, f"{a.kind}+alone{_TAG[inside]}", _right(stay))
    options = lengths(r, lang, a.date)
    if a.weekend:
        options = [x for x in options if x.count]  # "the weekend until Sunday" says nothing new
    ln = r.choice(options)
    pattern = r.choice([p for p in _ASK[lang] if ln.count or p.index("{A}") < p.index("{L}")])
    said, inside = _dress(pattern.format(A=_glued(a.text), L=_glued(ln.text)), r, lang)
    kind = f"{a.kind}+{ln.kind}{_TAG[inside]}"
    return Case(lang, said, today, kind, _right(ln.stay(a.date)))


_TAG = {False: "", True: " ~filler inside"}


def _right(stay: Stay) -> tuple[Stay, ...]:
    """An unsure arrival keeps only what does not hang on it (the nights said)."""
    if stay.arrival is None:
        return (Stay(None, None, stay.nights),)
    return (stay,)


def cases(seed: int, n: int, langs: tuple[str, ...] = LANGS) -> list[Case]:
    """``n`` requests, each said on its own simulated today (2026-2028), reproducible by seed."""
    r = random.Random(seed)
    start = D(2026, 1, 1)
    out = []
    for i in range(n):
        today = start + r.randrange(3 * 365) * DAY
        out.append(case(today, r, langs[i % len(langs)]))
    return out
