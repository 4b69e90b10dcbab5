"""Entity forms only the third held-out split (`heldout3`) says.

Why apart from render / render_dates / render_h2: every earlier split's entity forms have been
read while the brain was tuned, so `heldout3` also says its entities in ways none of them does:
dates by holiday ("on Good Friday", "an Silvester", "am Pfingstmontag", "the Wednesday after
Easter") and stays over a holiday ("over New Year's, from New Year's Eve to the 2nd of January",
"über Ostern, von Karfreitag bis Ostermontag"); dates said with a cardinal day or a numbered
month ("June twelve", "am zwölften Sechsten", "am 12.6.") and with the year spoken ("twenty
twenty-seven", "zweitausendsiebenundzwanzig"); a date corrected after the month ("the 12th of
June, sorry, I mean the 13th"); families who count their children by age ("two adults and two
kids, 5 and 8"); booking numbers said as one whole number ("S O V four thousand five hundred
and twelve") or typed as in an email ("sov4512").
Every gold value is computed here from the dialogue's `today` with bench.corpus.dates and
dateutil's Easter (README: "The third held-out split"), never by the project's parser; the
other splits never call this module (their bytes do not change).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from dateutil.easter import easter

from bench.corpus import dates
from bench.corpus.numbers import (
    MONTHS_EN,
    de_cardinal,
    de_ordinal,
    en_cardinal,
    en_ordinal_digits,
)
from bench.corpus.render import Piece
from bench.corpus.spelling import confirmation as plain_confirmation


def _fixed(month: int, day: int) -> Callable[[int], dt.date]:
    return lambda year: dt.date(year, month, day)


def _easter(offset: int) -> Callable[[int], dt.date]:
    return lambda year: easter(year) + dt.timedelta(days=offset)


# A holiday: the day it falls on in a year, and how it is said after "on"/"am" and "from"/"ab".
# Only days with one meaning: "the week after Easter" and "over Easter" alone are not said (is
# Easter week the week of Easter Monday or the one after? does "over Easter" start on Thursday,
# Friday or Saturday?); a stay over a holiday always names its first and last day.
HOLIDAYS: dict[str, dict[str, tuple[Callable[[int], dt.date], list[str], list[str]]]] = {
    "en": {
        "nye": (_fixed(12, 31), ["on New Year's Eve", "New Year's Eve"], ["from New Year's Eve"]),
        "nyd": (_fixed(1, 1), ["on New Year's Day", "New Year's Day"], ["from New Year's Day"]),
        "xmas_eve": (_fixed(12, 24), ["on Christmas Eve"], ["from Christmas Eve"]),
        "xmas": (_fixed(12, 25), ["on Christmas Day"], ["from Christmas Day"]),
        "boxing": (_fixed(12, 26), ["on Boxing Day"], ["from Boxing Day"]),
        "valentine": (_fixed(2, 14), ["on Valentine's Day"], ["from Valentine's Day"]),
        "halloween": (_fixed(10, 31), ["on Halloween"], ["from Halloween"]),
        "patrick": (
            _fixed(3, 17),
            ["on St Patrick's Day", "on Paddy's Day"],
            ["from St Patrick's Day"],
        ),  # fmt: skip
        "good_friday": (_easter(-2), ["on Good Friday"], ["from Good Friday"]),
        "easter_sat": (
            _easter(-1),
            ["on the Saturday before Easter", "on Easter Saturday"],
            ["from the Saturday before Easter"],
        ),  # fmt: skip
        "easter": (_easter(0), ["on Easter Sunday"], ["from Easter Sunday"]),
        "easter_mon": (_easter(1), ["on Easter Monday"], ["from Easter Monday"]),
        "easter_wed": (
            _easter(3),
            ["on the Wednesday after Easter"],
            ["from the Wednesday after Easter"],
        ),  # fmt: skip
        "ascension": (
            _easter(39),
            ["on Ascension Day", "on Ascension Thursday"],
            ["from Ascension Day"],
        ),  # fmt: skip
        "whit_mon": (_easter(50), ["on Whit Monday"], ["from Whit Monday"]),
    },
    "de": {
        "silvester": (_fixed(12, 31), ["an Silvester", "am Silvestertag"], ["ab Silvester"]),
        "neujahr": (_fixed(1, 1), ["an Neujahr", "am Neujahrstag"], ["ab Neujahr"]),
        "heiligabend": (
            _fixed(12, 24),
            ["an Heiligabend", "am Heiligen Abend"],
            ["ab Heiligabend"],
        ),  # fmt: skip
        "christtag": (
            _fixed(12, 25),
            ["am ersten Weihnachtsfeiertag", "am Christtag"],
            ["ab dem ersten Weihnachtsfeiertag"],
        ),  # fmt: skip
        "stefani": (
            _fixed(12, 26),
            ["am Stefanitag", "am zweiten Weihnachtsfeiertag"],
            ["ab dem Stefanitag"],
        ),  # fmt: skip
        "dreikoenig": (
            _fixed(1, 6),
            ["an Heilige Drei Könige", "am Dreikönigstag"],
            ["ab dem Dreikönigstag"],
        ),  # fmt: skip
        "allerheiligen": (_fixed(11, 1), ["an Allerheiligen"], ["ab Allerheiligen"]),
        "einheit": (
            _fixed(10, 3),
            ["am Tag der Deutschen Einheit"],
            ["ab dem Tag der Deutschen Einheit"],
        ),  # fmt: skip
        "karfreitag": (_easter(-2), ["am Karfreitag"], ["ab Karfreitag"]),
        "karsamstag": (_easter(-1), ["am Karsamstag"], ["ab Karsamstag"]),
        "ostermontag": (_easter(1), ["am Ostermontag"], ["ab Ostermontag"]),
        "oster_mi": (_easter(3), ["am Mittwoch nach Ostern"], ["ab dem Mittwoch nach Ostern"]),
        "himmelfahrt": (
            _easter(39),
            ["an Christi Himmelfahrt", "an Auffahrt"],
            ["ab Christi Himmelfahrt"],
        ),  # fmt: skip
        "pfingstsonntag": (_easter(49), ["am Pfingstsonntag"], ["ab Pfingstsonntag"]),
        "pfingstmontag": (_easter(50), ["am Pfingstmontag"], ["ab Pfingstmontag"]),
        "fronleichnam": (_easter(60), ["an Fronleichnam"], ["ab Fronleichnam"]),
    },
}
# A stay over a holiday: its anchor day, arrival and departure as days after it, and the forms.
SPANS: dict[str, list[tuple[Callable[[int], dt.date], int, int, list[str]]]] = {
    "en": [
        (
            _easter(-2),
            0,
            3,
            [
                "over Easter, from Good Friday to Easter Monday",
                "Good Friday through to Easter Monday",
            ],
        ),  # fmt: skip
        (
            _fixed(12, 31),
            0,
            2,
            [
                "over New Year's, from New Year's Eve to the 2nd of January",
                "New Year's Eve till the second of January",
            ],
        ),  # fmt: skip
        (
            _fixed(12, 24),
            0,
            2,
            ["over Christmas, Christmas Eve till Boxing Day", "from Christmas Eve to Boxing Day"],
        ),  # fmt: skip
        (
            _easter(1),
            0,
            4,
            [
                "from Easter Monday to the Friday after",
                "Easter Monday until the Friday of that week",
            ],
        ),  # fmt: skip
        (
            _easter(48),
            0,
            2,
            [
                "over Whitsun, the Saturday to Whit Monday",
                "from the Saturday before Whit Monday until Whit Monday",
            ],
        ),  # fmt: skip
    ],
    "de": [
        (
            _easter(-2),
            0,
            3,
            ["über Ostern, von Karfreitag bis Ostermontag", "von Karfreitag bis Ostermontag"],
        ),  # fmt: skip
        (
            _fixed(12, 30),
            0,
            3,
            [
                "über Silvester, vom 30. Dezember bis zum 2. Januar",
                "über Neujahr, vom dreißigsten Dezember bis zum zweiten Jänner",
            ],
        ),  # fmt: skip
        (
            _fixed(12, 24),
            0,
            2,
            [
                "über Weihnachten, von Heiligabend bis zum Stefanitag",
                "von Heiligabend bis zum zweiten Weihnachtsfeiertag",
            ],
        ),  # fmt: skip
        (
            _easter(48),
            0,
            2,
            [
                "über Pfingsten, von Pfingstsamstag bis Pfingstmontag",
                "von Pfingstsamstag bis Pfingstmontag",
            ],
        ),  # fmt: skip
        (
            _easter(39),
            0,
            3,
            [
                "über Christi Himmelfahrt, von Donnerstag bis Sonntag",
                "an Auffahrt, von Donnerstag bis Sonntag",
            ],
        ),  # fmt: skip
        (
            _easter(60),
            0,
            3,
            [
                "über Fronleichnam, von Donnerstag bis Sonntag",
                "von Fronleichnam bis zum Sonntag darauf",
            ],
        ),  # fmt: skip
    ],
}
ARRIVAL_KINDS = ("holiday", "numbered")
RANGE_KINDS = ("holiday_span", "numbered_span")


def next_after(day_of_year: Callable[[int], dt.date], today: dt.date, offset: int = 0) -> dt.date:
    """The first year's day (+ offset) strictly after today: "on Good Friday" on Good Friday is
    next year's (a caller booking today says "tonight")."""
    for year in (today.year, today.year + 1):
        d = day_of_year(year) + dt.timedelta(days=offset)
        if d > today:
            return d
    raise ValueError(f"no occurrence after {today}")


def holiday(rng: random.Random, lang: str, today: dt.date, prep: str) -> Piece:
    """An arrival said as a holiday (its next occurrence strictly after today)."""
    key = rng.choice(sorted(HOLIDAYS[lang]))
    day_of_year, on, frm = HOLIDAYS[lang][key]
    target = next_after(day_of_year, today)
    tags = ["holiday", "relative_date"]
    if target.year != today.year:
        tags.append("year_wrap")
    return Piece(rng.choice(frm if prep == "from" else on), {"arrival": target.isoformat()}, tags)


def holiday_span(rng: random.Random, lang: str, today: dt.date) -> tuple[Piece, dt.date, dt.date]:
    """A stay over a holiday, its first and last day named."""
    day_of_year, a_off, d_off, forms = rng.choice(SPANS[lang])
    a = next_after(day_of_year, today, a_off)
    d = dates.plus(a, d_off - a_off)
    tags = ["holiday", "relative_date", "range"]
    if a.year != today.year or d.year != today.year:
        tags.append("year_wrap")
    if a.month != d.month:
        tags.append("cross_month")
    return Piece(rng.choice(forms), {"arrival": a.isoformat(), "departure": d.isoformat()}, tags), a, d  # fmt: skip


# ---- numbers said as digits, cardinals and numbered months --------------------------------
def year_words(lang: str, year: int) -> str:
    """2027 as said: "twenty twenty-seven", "zweitausendsiebenundzwanzig"."""
    if lang == "en":
        return f"twenty {en_cardinal(year - 2000)}"
    return f"zweitausend{de_cardinal(year - 2000)}"


def _numbered(rng: random.Random, lang: str, today: dt.date, d: dt.date, say_year: bool) -> tuple[str, list[str]]:  # fmt: skip
    """A day and month with a cardinal day or a numbered month; the year sometimes spoken."""
    tags = ["numbered_date"]
    if lang == "en":
        m = MONTHS_EN[d.month - 1]
        text = f"{m} {en_cardinal(d.day)}"  # "June twelve": a cardinal, not an ordinal
        tags.append("ordinal_words")
    else:
        form = rng.choice(("ord_ord", "ord_ord", "dots"))
        if form == "ord_ord":  # "am zwölften Sechsten"
            text = f"{de_ordinal(d.day)} {de_ordinal(d.month).capitalize()}"
            tags.append("ordinal_words")
        else:
            text = f"{d.day}.{d.month}."
            tags.append("digits_date")
    if say_year:
        text += f" {year_words(lang, d.year)}" if rng.random() < 0.7 else f" {d.year}"
        tags.append("spoken_year")
    if d.year != today.year:
        tags.append("year_wrap")
    return text, tags


def numbered(rng: random.Random, lang: str, today: dt.date, prep: str, target: dt.date) -> Piece:
    """An arrival said with numbers ("June twelve", "am zwölften Sechsten", "am 12.6. 2027"),
    sometimes corrected after the month ("the 12th of June, sorry, I mean the 13th")."""
    say_year = target.year != today.year and rng.random() < 0.5 or rng.random() < 0.1
    text, tags = _numbered(rng, lang, today, target, say_year)
    en = lang == "en"
    if not say_year and 2 <= target.day <= 27 and rng.random() < 0.3:
        wrong = rng.choice([x for x in (target.day - 1, target.day + 1) if 1 <= x <= 28])
        wrong_date = target.replace(day=wrong)
        said, _ = _numbered(rng, lang, today, wrong_date, False)
        fix = (
            f"{said}, sorry, I mean the {en_ordinal_digits(target.day)}"
            if en
            else f"{said}, nein, Moment, {'ab dem' if prep == 'from' else 'am'} {de_ordinal(target.day)}"
        )
        text = fix
        tags.append("self_correction")
    if en:
        text = f"{'from' if prep == 'from' else 'on'} {text}"
    else:
        text = f"{'ab dem' if prep == 'from' else 'am'} {text}"
    return Piece(text, {"arrival": target.isoformat()}, tags)


def numbered_span(rng: random.Random, lang: str, today: dt.date) -> tuple[Piece, dt.date, dt.date]:
    """A range said with numbered dates ("from June twelve to June fifteen", "vom 3.6. bis zum 6.6.")."""
    a = dates.plus(today, rng.choice((rng.randrange(2, 40), rng.randrange(10, 240))))
    d = dates.plus(a, rng.choice((1, 2, 2, 3, 3, 4, 5, 7)))
    ta, tags = _numbered(rng, lang, today, a, False)
    td, tags_d = _numbered(rng, lang, today, d, a.year != d.year)
    tags = sorted(set(tags + tags_d + ["range"]))
    if a.month != d.month:
        tags.append("cross_month")
    text = f"from {ta} to {td}" if lang == "en" else f"vom {ta} bis zum {td}"
    return Piece(text, {"arrival": a.isoformat(), "departure": d.isoformat()}, tags), a, d


# ---- families who count their children by age ----------------------------------------------
def _age(rng: random.Random, lang: str, age: int) -> str:
    return str(age) if rng.random() < 0.5 else (en_cardinal(age) if lang == "en" else de_cardinal(age))  # fmt: skip


def _ages(rng: random.Random, lang: str, k: int) -> str:
    ages = sorted(rng.sample(range(3, 16), k))
    said = [_age(rng, lang, a) for a in ages]
    if k == 1:
        return said[0]
    return f"{', '.join(said[:-1])} {'and' if lang == 'en' else 'und'} {said[-1]}"


# How parents count: adults, children, and the forms that join them with the ages.
_FAMILY: dict[str, dict] = {
    "en": {
        "grown": {1: "one adult", 2: "two adults"}, "grown_n": "{n} adults",
        "child": "a child", "children": "{n} kids",
        "forms": ["{grown} and {child}, {ages} years old", "{grown} and {child} aged {ages} years"],
        "one_child": "{grown} and a child of {ages} years",
        "parents": "me, my husband and our {k} children, {ages} years old",
    },
    "de": {
        "grown": {1: "einen Erwachsenen", 2: "zwei Erwachsene"}, "grown_n": "{n} Erwachsene",
        "child": "ein Kind", "children": "{n} Kinder",
        "forms": ["{grown} und {child}, {ages} Jahre alt", "{grown} und {child} im Alter von {ages} Jahren"],
        "one_child": "{grown} und ein Kind von {ages} Jahren",
        "parents": "meinen Mann, mich und unsere {k} Kinder, {ages} Jahre alt",
    },
}  # fmt: skip


def guests(rng: random.Random, lang: str, n: int) -> Piece:
    """A count to follow "for"/"für", as parents say it: adults plus children with their ages
    ("two adults and two kids, 5 and 8"); every child counts as a guest."""
    en = lang == "en"
    card = en_cardinal if en else de_cardinal
    if n == 1:
        text = rng.choice(("just me, on business", "one, just myself", "1 person")) if en else rng.choice(("nur mich, geschäftlich", "eine Person, mich selbst", "1 Person"))  # fmt: skip
        return Piece(text, {"guests": 1}, ["guests_words"])
    kids = rng.choice([k for k in (1, 2, 3) if k < n] + ([0] if n <= 4 else []))
    adults = n - kids
    if kids == 0:
        text = f"{card(n)} adults" if en else f"{card(n)} Erwachsene"
        return Piece(text, {"guests": n}, ["guests_words"])
    ages, t = _ages(rng, lang, kids), _FAMILY[lang]
    grown = t["grown"].get(adults) or t["grown_n"].format(n=card(adults))
    child = t["child"] if kids == 1 else t["children"].format(n=card(kids))
    forms = list(t["forms"])
    if kids == 1:
        forms.append(t["one_child"])
    elif adults == 2:
        forms.append(t["parents"])
    text = rng.choice(forms).format(grown=grown, child=child, ages=ages, k=card(kids))
    return Piece(text, {"guests": n}, ["guests_words", "children_ages"])


# ---- booking numbers ---------------------------------------------------------------------------
def _whole_en(n: int) -> str:
    th, rest = divmod(n, 1000)
    hu, tail = divmod(rest, 100)
    parts = [f"{en_cardinal(th)} thousand"]
    if hu:
        parts.append(f"{en_cardinal(hu)} hundred")
    if tail:
        parts.append(f"and {en_cardinal(tail)}")
    return " ".join(parts)


def _whole_de(n: int) -> str:
    th, rest = divmod(n, 1000)
    hu, tail = divmod(rest, 100)
    text = f"{'ein' if th == 1 else de_cardinal(th)}tausend"
    if hu:
        text += f"{'ein' if hu == 1 else de_cardinal(hu)}hundert"
    if tail:
        text += "eins" if tail == 1 else de_cardinal(tail)
    return text


def whole_number(lang: str, n: int) -> str:
    """1000-9999 as one number in words ("four thousand five hundred and twelve")."""
    return _whole_en(n) if lang == "en" else _whole_de(n)


def confirmation(rng: random.Random, lang: str, conf: str) -> Piece:
    """SOV4512 as one whole number ("S O V four thousand five hundred and twelve"), typed as
    in an email ("sov4512"), or as the other splits say it."""
    letters, digits = conf[:3], conf[3:]
    r = rng.random()
    if r < 0.45 and digits[0] != "0":
        text = f"{' '.join(letters)} {whole_number(lang, int(digits))}"
        return Piece(text, {"confirmation": conf, "spelled": True}, ["spelled_confirmation", "whole_number"])  # fmt: skip
    if r < 0.7:
        return Piece(rng.choice((conf.lower(), f"{letters} {digits[:2]} {digits[2:]}")), {"confirmation": conf}, ["typed_number"])  # fmt: skip
    return plain_confirmation(rng, lang, conf, rng.choice(("plain", "digits", "words")))


def stay_range(
    rng: random.Random, lang: str, today: dt.date, kind: str
) -> tuple[Piece, dt.date, dt.date]:
    """A stay of RANGE_KINDS (the Script's common signature for range renderers)."""
    if kind == "holiday_span":
        return holiday_span(rng, lang, today)
    return numbered_span(rng, lang, today)
