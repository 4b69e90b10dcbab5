"""Feasts callers name as stay dates ("ab Karfreitag", "over Easter", "until Whit Monday"),
put in digits before the date reading (agents/understanding/dates.py) sees the turn.

Why a module of its own: the calendar is not ours. Public holidays come from the PyPI
``holidays`` package (the hotel's country first, then the countries whose names callers use:
DE, AT, CH, GB, US, every region, in English and German names), Easter from
``dateutil.easter``; what stays here is the hotel's rules on top (docs/understanding.md
"Feasts as dates"):

- a feast is its next occurrence after ``today``; a feast that is today, or a feast period
  under way, is asked (is it this one or next year's?); a year said with it is kept;
- a feast said with a role ("from Good Friday", "bis Ostermontag", "on Christmas Eve") is that
  day; a feast *period* ("over Easter", "the Easter weekend", "über Pfingsten", "über
  Weihnachten", "over New Year") gives only the arrival (its documented first day: Good Friday,
  the Saturday before Pentecost, December 24th, December 31st, Thanksgiving Thursday): the
  departure is asked unless nights are said; "zwischen den Jahren" has no arrival, it is asked;
- beside dates said by number, a feast period is the occasion: the stay must meet the period
  ("zu Ostern, am 25." when Easter is not near the 25th is asked back, never chosen);
- "the Wednesday after Easter", "der Samstag vor Pfingstmontag": the weekday counted from the
  feast; "über Himmelfahrt, von Donnerstag bis Sonntag": the first weekday is the one nearest
  the feast (the next ones follow it, dates.py's departure rule);
- a name two calendars give different days ("Labor Day": May 1st in Germany, September in the
  US) is asked unless the hotel's country knows it.
Every unresolved case errs towards asking: the reading reports what is missing, never a guess.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import NamedTuple

import holidays as pyholidays
from dateutil.easter import easter

from agents.understanding import date_cues as cues

CALLER_COUNTRIES = ("DE", "AT", "CH", "GB", "US")
_LANGS = ("de", "en_US", "en_GB")
DayRule = Callable[[int], dt.date]


def _easter(offset: int) -> DayRule:
    return lambda y: easter(y) + dt.timedelta(days=offset)


def _fixed(month: int, day: int) -> DayRule:
    return lambda y: dt.date(y, month, day)


def _stem(words: str) -> str:
    """A feast's words as a pattern that takes German adjective endings and an apostrophe or
    not ("zweiter Weihnachtstag" / "am zweiten Weihnachtstag", "new year's eve")."""
    out = []
    for w in _norm(words).split():
        m = re.match(r"^(.{3,}?)(?:er|en|em|es|e)$", w)
        out.append(re.escape(m.group(1)) + r"(?:er|en|em|es|e)?" if m else re.escape(w))
    return r"\s+".join(out)


def _norm(text: str) -> str:
    return re.sub(r"[’'`´]", "", text.lower()).replace("-", " ").replace(".", " ")


# Days callers name that no public calendar of these countries lists, or lists under another
# name: the hotel's own spellings. Each is one day in a year.
OWN_DAYS: dict[str, DayRule] = {
    r"maundy thursday|holy thursday|gründonnerstag": _easter(-3),
    r"good friday|karfreitag": _easter(-2),
    r"(?:easter|holy) saturday|karsamstag|ostersamstag|saturday before easter": _easter(-1),
    r"easter sunday|easter day|ostersonntag": _easter(0),
    r"easter monday|ostermontag": _easter(1),
    r"ascension(?: day| thursday)?|(?:christi )?himmelfahrt(?:stag)?|auffahrt": _easter(39),
    r"whit(?:sun)? saturday|pfingstsamstag": _easter(48),
    r"whit ?sunday|whitsun day|pentecost sunday|pfingstsonntag": _easter(49),
    r"whit(?:sun)? monday|pentecost monday|pfingstmontag": _easter(50),
    r"corpus christi|fronleichnam(?:stag)?": _easter(60),
    r"weiberfastnacht|altweiber": _easter(-52),
    r"rosenmontag": _easter(-48),
    r"shrove tuesday|pancake day|mardi gras|fastnachtsdienstag|faschingsdienstag": _easter(-47),
    r"ash wednesday|aschermittwoch": _easter(-46),
    r"christmas eve|xmas eve|heilig(?:er|en)? ?abend|weihnachtsabend": _fixed(12, 24),
    r"christmas day|xmas day|(?:erste[rnm]?|1 ) ?weihnachts(?:feier)?tag|christtag": _fixed(12, 25),
    r"boxing day|st stephens day|(?:zweite[rnm]?|2 ) ?weihnachts(?:feier)?tag|stefanitag|"
    r"stephanstag|stefanstag": _fixed(12, 26),
    r"new years eve|silvester(?:tag)?|altjahrstag": _fixed(12, 31),
    r"new years day|neujahrstag": _fixed(1, 1),
    r"epiphany|(?:heilige )?drei ?könig(?:e|stag)|dreikönigstag": _fixed(1, 6),
    r"halloween": _fixed(10, 31),
    r"valentines day|valentinstag": _fixed(2, 14),
    r"st patricks day|saint patricks day|paddys day": _fixed(3, 17),
    r"tag der (?:deutschen )?einheit": _fixed(10, 3),
    r"tag der arbeit|erste[rnm]? mai": _fixed(5, 1),
}


class Period(NamedTuple):
    """A feast said as a time of the year: the day it is known by, the stay's documented
    first day (None: no arrival can be taken, it is asked) and the period's first/last day."""

    ref: DayRule
    arrival: int | None  # days after ref
    first: int
    last: int


_PERIOD_WORDS: dict[str, Period] = {
    r"(?:the )?easter(?: weekend| holidays?| break)?|ostern|oster(?:wochenende|feiertagen?|tage)":
        Period(_easter(0), -2, -2, 1),
    r"(?:the )?(?:pentecost|whitsun(?:tide)?|whit)(?: weekend| holidays?)?|pfingsten|"
    r"pfingst(?:wochenende|feiertagen?|tage)": Period(_easter(49), -1, -1, 1),
    r"(?:the )?(?:christmas|xmas)(?: weekend| holidays?| break| time)?|weihnachten|"
    r"weihnachts(?:feiertagen?|tage|zeit)": Period(_fixed(12, 25), -1, -1, 1),
    r"(?:the )?new years?(?: weekend| holidays?)?|(?:den )?jahreswechsel|neujahr": Period(
        _fixed(12, 31), 0, 0, 1
    ),
    r"zwischen den jahren|between the years": Period(_fixed(12, 27), None, 0, 4),
    r"thanksgiving(?: day| weekend| holidays?)?": Period(
        lambda y: _lib_rule("thanksgiving day", "US", y), 0, 0, 3
    ),
}  # fmt: skip
# Words that make a feast the time of the stay rather than a day of it.
_OCCASION = re.compile(
    r"(?:\bover|\bduring|\baround|\bfor|\bat|\bthrough|\bacross|\büber|\bwährend|\bum|\bzu|"
    r"\bzur|\bin|\bfür|\bdie)\s+(?:the\s+|die\s+|den\s+)?$"
)
_ROLE_BEFORE = re.compile(
    r"(?:\bfrom|\bstarting|\bon|\buntil|\btill|\bto|\bby|\bam|\ban|\bab|\bvom|\bvon|\bbis|"
    r"\bzum|\barriving|\bleaving)\s+(?:the\s+|dem\s+|den\s+)?$"
)
_NAME_BEFORE = re.compile(
    r"\b(?:name is|names|name ist|i am|im|this is|ich bin|heiße|heisse|mister|mr|mrs|ms|herr|"
    r"frau|spelled|buchstabiert)\s+$"
)
_FROM_TODAY = re.compile(
    r"\b(?:next|this|coming|nächste[nmr]?|diese[nmr]?|kommende[nmr]?)\s+(?:\w+\s+)?$"
)
_UNTIL_BEFORE = re.compile(
    r"(?:\buntil|\btill|\bto|\bthrough|\bbis|\bzum)\s+(?:the\s+|dem\s+|den\s+|zu\s+|nach\s+)?$"
)
_RELATIVE = re.compile(
    r"(?:the\s+|der\s+|den\s+|dem\s+)?(" + "|".join(cues.WEEKDAYS) + r")\s+(after|before|nach|vor)"
    r"\s+(?:the\s+|dem\s+|den\s+)?$"
)
_YEAR_AFTER = re.compile(r"^\s*,?\s*((?:19|20)\d\d)\b")
_WISH = re.compile(
    r"\b(?:happy|merry|wish you a|frohe[ns]?|fröhliche[ns]?|gute[ns]?|schöne[ns]?|gesegnete[ns]?|"
    r"prosit|prost|guten rutsch)\s+(?:(?:and|und|ins?|a|an?|ein(?:en)?)\s+)*$"
)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def prepare(country: str, today: dt.date | None = None) -> None:
    """Build the calendars of this year and the next before the first call (about 1.6 s on a
    loaded 2-core host; a warm turn costs about 1 ms): a backend calls it when it starts."""
    year = (today or dt.date.today()).year
    for y in (year, year + 1):
        _library_pattern(country, y)
        for c in (country, *CALLER_COUNTRIES):
            _country_names(c, y)


def _country_names(country: str, year: int) -> dict[str, set[dt.date]]:
    return _country_names_cached(country, year)


@functools.lru_cache(maxsize=64)
def _country_names_cached(country: str, year: int) -> dict[str, set[dt.date]]:
    """Every holiday name the ``holidays`` package gives ``country`` in ``year`` (each region,
    every category but school terms, its German and English names) -> its days."""
    cls = pyholidays.country_holidays(country).__class__
    cats = tuple(c for c in cls.supported_categories if c != "school")
    langs = [x for x in _LANGS if x in cls.supported_languages] or [None]
    subdivs = (None, *cls.subdivisions) if country in ("DE", "AT", "CH") else (None,)
    out: dict[str, set[dt.date]] = {}
    for lang in langs:
        for sd in subdivs:
            cal = pyholidays.country_holidays(
                country, subdiv=sd, years=year, language=lang, categories=cats
            )
            for day, names in cal.items():
                for name in names.split("; "):
                    if "(" in name or "observed" in name.lower():
                        continue  # "Christmas Day (observed)": a day off, not the feast
                    out.setdefault(_norm(name).strip(), set()).add(day)
    return out


@functools.lru_cache(maxsize=16)
def _library_pattern(country: str, year: int) -> re.Pattern[str] | None:
    names = set()
    for c in (country, *CALLER_COUNTRIES):
        names |= _country_names(c, year).keys()
    if not names:
        return None
    alts = sorted({_stem(n) for n in names if len(n) > 3}, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(alts) + r")\b")


@functools.lru_cache(maxsize=256)
def _library_day(words: str, country: str, year: int) -> dt.date | None:
    """The day a public-holiday name falls on in ``year`` in the hotel's country and the
    caller countries, when they all agree (None: unknown, or two different days: "Labor Day"
    is May 1st in Germany and in September in the US, so it is asked)."""
    key = _norm(words).strip()
    days: set[dt.date] = set()
    for c in dict.fromkeys((country, *CALLER_COUNTRIES)):
        for name, ds in _country_names(c, year).items():
            if name == key or _stem_rx(name).fullmatch(key):
                days |= ds
    return next(iter(days)) if len(days) == 1 else None


@functools.lru_cache(maxsize=2048)
def _stem_rx(name: str) -> re.Pattern[str]:
    return re.compile(_stem(name))


class Feast(NamedTuple):
    start: int
    end: int
    day: dt.date | None  # the day said (a period: its arrival; None: ask)
    period: tuple[dt.date, dt.date] | None  # a period said as the time of the stay
    occasion: bool  # "over/über <feast>": the time of the stay, not a day of it
    relative: bool = False  # "the Wednesday after Easter": day already counted from the feast
    ref: dt.date | None = None  # the day the feast is known by (Easter Sunday for "Easter")
    wish: bool = False  # "happy New Year", "Herr Silvester": no date, its words are dropped


_OWN = [(re.compile(r"\b(?:" + k + r")\b"), v) for k, v in OWN_DAYS.items()]
_PERIODS = [(re.compile(r"\b(?:" + k + r")\b"), v) for k, v in _PERIOD_WORDS.items()]


def _occurrence(
    rule: DayRule, today: dt.date, year: int | None, first: int = 0, last: int = 0
) -> tuple[dt.date, int] | None:
    """The year whose feast (with its period first..last days around it) lies wholly after
    ``today``: (its day, year). None when the feast or its period is under way, or a year
    said is past: which one is meant is asked."""
    years = (year,) if year else (today.year, today.year + 1)
    for y in years:
        try:
            d = rule(y)
        except ValueError:
            return None
        if d + dt.timedelta(days=min(first, 0)) > today:
            return d, y
        if d + dt.timedelta(days=max(last, 0)) >= today:
            return None  # under way (or today): this one or next year's? asked
    return None


def find(text: str, today: dt.date, country: str = "DE", name_asked: bool = False) -> list[Feast]:
    """The feasts ``text`` names, resolved; positions in it. ``name_asked``: the caller was
    asked for a name, so a feast word without a role word before it is a name ("Silvester
    Brandt"), not a date."""
    t = _norm(text)  # same length as text: apostrophes are dropped, so map positions back
    keep = [i for i, ch in enumerate(text.lower()) if ch not in "’'`´"]
    taken: list[tuple[int, int]] = []
    out: list[Feast] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def year_after(end: int) -> int | None:
        m = _YEAR_AFTER.match(t[end:])
        return int(m.group(1)) if m else None

    found: list[tuple[int, int, str, object]] = []
    for rx, rule in _OWN:
        found += [(m.start(), m.end(), "own", rule) for m in rx.finditer(t)]
    lib = _library_pattern(country, today.year)
    if lib is not None:
        found += [(m.start(), m.end(), "lib", m.group(1)) for m in lib.finditer(t)]
    for rx, per in _PERIODS:
        found += [(m.start(), m.end(), "period", per) for m in rx.finditer(t)]
    years = {int(y) for y in _YEAR.findall(t)}
    said_year = years.pop() if len(years) == 1 else None  # "Easter 2028, from Good Friday ..."

    def role_before(a: int) -> bool:
        return bool(_ROLE_BEFORE.search(t[max(0, a - 16) : a]))

    def rank(f: tuple[int, int, str, object]) -> tuple[int, int]:
        # the longest words first; for the same words a period unless a role word is before
        # them ("über Neujahr" the time of the stay, "an Neujahr" the day)
        day_first = role_before(f[0])
        return -(f[1] - f[0]), (f[2] == "period") == day_first

    for a, b, kind, what in sorted(found, key=rank):
        if not free(a, b):
            continue
        taken.append((a, b))
        if _NAME_BEFORE.search(t[max(0, a - 24) : a]) or (name_asked and not role_before(a)):
            out.append(Feast(a, b, None, None, False, wish=True))
            continue  # "my name is Silvester Huber": a name, no date
        if _WISH.search(t[max(0, a - 24) : a]):
            out.append(Feast(a, b, None, None, False, wish=True))
            continue  # "happy New Year", "frohe Weihnachten": a wish, no date
        year = year_after(b) or said_year
        occasion = bool(_OCCASION.search(t[max(0, a - 16) : a])) and not role_before(a)
        if kind == "period":
            assert isinstance(what, Period)
            occ = _occurrence(what.ref, today, year, what.first, what.last)
            if occ is None or _UNTIL_BEFORE.search(t[max(0, a - 16) : a]):
                # "until Easter": Sunday or Monday? a period's last day is not taken, it is asked
                out.append(Feast(a, b, None, None, True))
                continue
            ref, _y = occ
            span = (ref + dt.timedelta(days=what.first), ref + dt.timedelta(days=what.last))
            arrive = None if what.arrival is None else ref + dt.timedelta(days=what.arrival)
            # "from Christmas" is the arrival said by a period; "over Christmas" its time
            out.append(Feast(a, b, arrive, span, not role_before(a), ref=ref))
            _relative_to(out, t, ref)
            continue
        if kind == "own":
            rule = what  # type: ignore[assignment]
        else:
            name = str(what)
            rule = functools.partial(_lib_rule, name, country)  # type: ignore[assignment]
        occ = _occurrence(rule, today, year)  # type: ignore[arg-type]
        day = occ[0] if occ else None
        out.append(Feast(a, b, day, (day, day) if day else None, occasion, ref=day))
        if day is not None:
            _relative_to(out, t, day)
    out.sort(key=lambda f: f.start)
    return [f._replace(start=_orig(keep, f.start), end=_orig(keep, f.end - 1) + 1) for f in out]


def _orig(keep: list[int], i: int) -> int:
    return keep[i] if i < len(keep) else (keep[-1] + 1 if keep else 0)


def _lib_rule(name: str, country: str, year: int) -> dt.date:
    day = _library_day(name, country, year)
    if day is None:
        raise ValueError(f"{name!r} is no single day in {year}")
    return day


def _relative_to(out: list[Feast], t: str, ref: dt.date) -> None:
    """ "the Wednesday after Easter": the last feast found becomes that weekday, its words
    widened to the weekday's."""
    f = out[-1]
    m = _RELATIVE.search(t[max(0, f.start - 30) : f.start])
    if m is None:
        return
    wd = cues.WEEKDAYS[m.group(1)]
    after = m.group(2) in ("after", "nach")
    step = 1 if after else -1
    d = ref + dt.timedelta(days=step)
    while d.weekday() != wd:
        d += dt.timedelta(days=step)
    start = max(0, f.start - 30) + m.start()
    out[-1] = Feast(start, f.end, d, (d, d), False, relative=True, ref=d)


def nearest_weekday(ref: dt.date, weekday: int) -> dt.date:
    """The weekday within three days of ``ref`` ("über Himmelfahrt, von Donnerstag ...")."""
    for k in (0, 1, -1, 2, -2, 3, -3):
        d = ref + dt.timedelta(days=k)
        if d.weekday() == weekday:
            return d
    raise AssertionError("unreachable: seven consecutive days hold every weekday")


class Reading(NamedTuple):
    """The turn with its feasts in digits, and what dates.py must check or ask afterwards."""

    text: str
    unresolved: bool = False  # a feast no day can be taken for: its part of the stay is asked
    arrival_only: bool = False  # a period alone gave the arrival: the departure is asked
    periods: tuple[tuple[dt.date, dt.date], ...] = ()  # occasions the stay must meet
    conflict: bool = False  # a feast and a day said for it that disagree: the dates are asked
    near: tuple[tuple[dt.date, dt.date], ...] = ()  # every feast said, as its first/last day
    dated: bool = False  # a day said by number or month beside the feasts


# A day said by number or month ("the 25th", "am 25.", "24.12.", "March"), not a count ("5 Tage").
_DATED = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th|\.)(?!\d)|\b\d{1,2}[./-]\d{1,2}\b|\b\d{4}-\d{1,2}-\d{1,2}\b|"
    r"\b(?:the|den|dem|der|am|vom|zum|on|from|to|until|bis)\s+\d{1,2}\b|" + cues.MONTH_RX.pattern
)


_MONTH_WORDS = {
    "en": ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"),
    "de": ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
           "oktober", "november", "dezember"),
}  # fmt: skip


def _spoken(d: dt.date, lang: str) -> str:
    """A day as the extractor reads it, the month by name (so no month can be lost; an ISO
    date before "eine Nacht" was read as a clock time)."""
    if lang == "de":
        return f"{d.day}. {_MONTH_WORDS['de'][d.month - 1]} {d.year}"
    return f"{_MONTH_WORDS['en'][d.month - 1]} {d.day}{_suffix(d.day)} {d.year}"


def _suffix(day: int) -> str:
    return "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


# A day said right after a feast ("Good Friday, the 25th", "Karfreitag, den 26."): the same day
# said twice, or a contradiction that is asked back.
_APPOSITION = re.compile(
    r"^\s*,?\s*(?:the\s+|den\s+|dem\s+|der\s+)?(\d{1,2})(?:st|nd|rd|th|\.)?(?!\d)"
    r"|^\s*,?\s*(?:the\s+|den\s+|dem\s+|der\s+)([a-zäöüß-]+(?:st|nd|rd|th|ten|sten))\b"
)


def _apposition(text: str, f: Feast, lang: str) -> tuple[int, bool] | None:
    """(end, agrees) of a day said right after the feast ``f``; None when there is none."""
    m = _APPOSITION.match(text[f.end :])
    if m is None or f.day is None:
        return None
    if m.group(1):
        day: int | None = int(m.group(1))
    else:
        from agents.understanding import entities as ent  # Duckling only when words follow

        nums = [x for x in ent.default().extract(m.group(2), f.day, lang)
                if isinstance(x, ent.NumberEntity) and x.ordinal]  # fmt: skip
        day = int(nums[0].value) if nums else None
    if day is None:
        return None
    return f.end + m.end(), day == f.day.day


def said_as_dates(
    text: str, today: dt.date, country: str = "DE", lang: str = "en", name_asked: bool = False
) -> Reading:
    """``text`` with every feast it names put as a date dates.py reads (module docstring)."""
    found = find(text, today, country, name_asked)
    if not found:
        return Reading(text)
    for i, f in enumerate(found):
        app = _apposition(text, f, lang) if not f.occasion else None
        if app is not None and not app[1]:
            return Reading(text, unresolved=True, conflict=True)  # "Good Friday, the 25th"
        if app is not None:
            found[i] = f._replace(end=app[0])  # "Good Friday, the 26th": said twice
    low = text.lower()
    rest = "".join(ch if not any(f.start <= i < f.end for f in found) else " "
                   for i, ch in enumerate(low))  # fmt: skip
    dated = bool(_DATED.search(rest)) or any(not f.occasion and f.day for f in found)
    weekdays = list(cues.WDAY_RX.finditer(rest))
    from_today = bool(weekdays) and bool(_FROM_TODAY.search(rest[: weekdays[0].start()]))
    unresolved = arrival_only = False
    periods: list[tuple[dt.date, dt.date]] = []
    parts: list[tuple[int, int, str]] = []
    for f in found:
        if f.wish:
            parts.append((f.start, f.end, " "))
        elif f.day is None and not (f.occasion and (dated or weekdays) and f.period):
            unresolved = True
            parts.append((f.start, f.end, " "))
        elif f.occasion:
            if f.period:
                periods.append(f.period)
            if dated or weekdays:
                parts.append((f.start, f.end, " "))  # the occasion: the days are said beside it
            else:
                arrival_only = True
                parts.append((f.start, f.end, "from " + _spoken(f.day, lang)))  # type: ignore[arg-type]
        else:
            parts.append((f.start, f.end, _spoken(f.day, lang)))  # type: ignore[arg-type]
    refs = [f.ref for f in found if f.occasion and f.ref]
    days = [f.start for f in found if not f.occasion and f.day]
    if (
        weekdays
        and refs
        and not from_today  # "next Saturday ... over Christmas": today's week, asked (near)
        and not _DATED.search(rest)
        and weekdays[0].start() < min(days, default=len(text))
    ):
        # "über Himmelfahrt, von Donnerstag bis Sonntag", "over Whitsun, the Saturday to Whit
        # Monday": the first weekday is the feast's; a weekday after a feast day said is left
        # to the departure rule ("from Easter Monday to the Friday after")
        w = weekdays[0]
        day = nearest_weekday(refs[0], cues.WEEKDAYS[w.group(1)])
        parts.append((w.start(), w.end(), _spoken(day, lang)))
    out = text
    for a, b, new in sorted(parts, reverse=True):
        out = out[:a] + new + out[b:]
    near = tuple(f.period for f in found if f.period)
    return Reading(out, unresolved, arrival_only, tuple(periods), near=near,
                   dated=bool(_DATED.search(rest)))  # fmt: skip
