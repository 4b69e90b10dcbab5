"""Entity forms only the second held-out split (`heldout2`) says.

Why apart from render / render_dates / spelling: the first held-out split shares every entity
form with the tuned splits, and those forms have been fitted. `heldout2` measures the brain on
callers it has not met, so its dates, counts, names and booking numbers are also said in other
ways: calendar-relative dates ("Thursday next week", "the Friday after next", "the 5th of next
month", "heute in einer Woche"), Austrian months ("Jänner", "Feber", "heuer"), weekday plus
date, "vom 3. auf den 6. Juni", "in on the 3rd, out on the 6th"; mid-phrase self-corrections
("the fourth, no, the fifth of June"); companions instead of numbers ("me plus two colleagues",
"an adult and a teenager"); titles, surname first, particles and the Swiss or a homely
spelling alphabet; booking numbers read in pairs or with the letters as sounds.
Every gold value is computed here from the dialogue's `today` with bench.corpus.dates, never
by the project's parser; the other splits never call this module (their bytes do not change).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

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
from bench.corpus.render import nights as plain_nights
from bench.corpus.spelling import DIN_OLD, spell_word

# Arrival kinds of this module (the Script asks for one of them, or the shared ones).
ARRIVAL_KINDS = ("next_week_day", "after_next_day", "week_today", "fortnight", "of_next_month")
RANGE_KINDS = ("in_out_words", "in_out_digits", "next_week_span", "weekend_after_next")


def _next_monday(today: dt.date) -> dt.date:
    return dates.plus(today, 7 - today.weekday())


def kinds(lang: str, today: dt.date) -> tuple[str, ...]:
    """The arrival kinds said on `today`: "next week" is not said on a Sunday in English (a
    week may start on Sunday there, so it would be ambiguous)."""
    return tuple(k for k in ARRIVAL_KINDS if k != "next_week_day" or _next_week_ok(lang, today))


def _next_week_ok(lang: str, today: dt.date) -> bool:
    return lang == "de" or today.weekday() != 6


def _week_days(lang: str) -> int:
    """Days of "next week" that mean the same for Monday and Sunday weeks (en: Monday-Saturday)."""
    return 7 if lang == "de" else 6


def pick_arrival(rng: random.Random, lang: str, today: dt.date, kind: str) -> dt.date:
    """The gold arrival of a calendar-relative kind (docs: bench/corpus/README.md, heldout2)."""
    if kind == "next_week_day":  # a day of the Monday-to-Sunday week after this one
        return dates.plus(_next_monday(today), rng.randrange(_week_days(lang)))
    if kind == "after_next_day":  # "the Friday after next" = next Friday + 7
        return dates.plus(dates.next_weekday(today, rng.choice(_not_today(today))), 7)
    if kind == "week_today":
        return dates.plus(today, 7)
    if kind == "fortnight":
        return dates.plus(today, 14)
    if kind == "of_next_month":
        first = dates.plus(today.replace(day=1), 32).replace(day=1)
        return first.replace(day=rng.randrange(1, 29))
    raise KeyError(kind)


def _not_today(today: dt.date) -> list[int]:
    return [w for w in range(7) if w != today.weekday()]


def month_de(rng: random.Random, month: int) -> str:
    """Austrian callers say Jänner and Feber."""
    if month == 1 and rng.random() < 0.6:
        return "Jänner"
    if month == 2 and rng.random() < 0.6:
        return "Feber"
    return MONTHS_DE[month - 1]


def _day_month(rng: random.Random, lang: str, today: dt.date, d: dt.date, words: bool) -> str:
    """A day and month ("3rd June", "June 3", "Thursday the 12th of June", "Freitag, den 5. Jänner")."""
    if lang == "en":
        m = MONTHS_EN[d.month - 1]
        o = en_ordinal(d.day) if words else en_ordinal_digits(d.day)
        forms = [f"{m} {o}", f"the {o} of {m}"]
        if not words:  # "3rd June" is said with digits, "third June" hardly
            forms += [f"{o} {m}", f"{m} {d.day}", f"{d.day} {m}"]
        text = rng.choice(forms)
        if rng.random() < 0.25:
            text = f"{WEEKDAYS_EN[d.weekday()]} the {o} of {m}"
        if d.year == today.year and rng.random() < 0.15:
            text += " this year"
        return text
    m = month_de(rng, d.month)
    text = f"{de_ordinal(d.day)} {m}" if words else f"{d.day}. {m}"
    if rng.random() < 0.25:
        text = f"{WEEKDAYS_DE[d.weekday()]}, dem {text}"
    if d.year == today.year and rng.random() < 0.2:
        text += " heuer"
    return text


def _slip_day(rng: random.Random, d: dt.date) -> int:
    return rng.choice(
        [x for x in (d.day - 1, d.day + 1, d.day + 10) if 1 <= x <= 28 and x != d.day]
    )


def absolute(
    rng: random.Random, lang: str, today: dt.date, prep: str, target: dt.date, words: bool
) -> Piece:
    """An arrival with day and month, sometimes corrected mid-phrase ("the 4th, no, the 5th of June")."""
    dm = _day_month(rng, lang, today, target, words)
    tags = ["ordinal_words" if words else "digits_date"]
    if target.year != today.year:
        tags.append("year_wrap")
    slip = ""
    if rng.random() < 0.15:
        wrong = _slip_day(rng, target)
        tags.append("self_correction")
        if lang == "en":
            w = en_ordinal(wrong) if words else en_ordinal_digits(wrong)
            slip = f"the {w}, {rng.choice(('no', 'sorry', 'no wait'))}, "
        else:
            w = f"{de_ordinal(wrong)}" if words else f"{wrong}."
            slip = f"{w}, {rng.choice(('nein', 'äh nein', 'Moment'))}, "
    if lang == "en":
        text = f"{'from' if prep == 'from' else 'on'} {slip}{dm}"
    elif dm[0].isupper():  # "am Freitag, dem 5. Jänner"
        text = f"{'ab' if prep == 'from' else 'am'} {slip}{dm}"
    else:
        text = f"{'ab dem' if prep == 'from' else 'am'} {slip}{dm}"
    return Piece(text, {"arrival": target.isoformat()}, tags)


def relative(
    rng: random.Random, lang: str, today: dt.date, prep: str, kind: str, target: dt.date
) -> Piece:
    """A calendar-relative arrival of ARRIVAL_KINDS."""
    en = lang == "en"
    day = (WEEKDAYS_EN if en else WEEKDAYS_DE)[target.weekday()]
    if kind == "next_week_day":
        forms = (
            [f"{day} next week", f"next week on the {day}", f"on the {day} of next week"]
            if en
            else [f"nächste Woche {day}", f"am {day} nächster Woche", f"nächste Woche am {day}"]
        )
    elif kind == "after_next_day":
        forms = [f"the {day} after next", f"a week from {day}"] if en else [f"übernächsten {day}", f"am übernächsten {day}"]  # fmt: skip
    elif kind == "week_today":
        forms = ["a week today", "this day next week", "one week from today"] if en else ["heute in einer Woche", "heut in einer Woche"]  # fmt: skip
    elif kind == "fortnight":
        forms = ["in a fortnight", "a fortnight today", "two weeks today"] if en else ["in vierzehn Tagen", "heute in zwei Wochen", "in 14 Tagen"]  # fmt: skip
    else:  # of_next_month
        if en:
            o = rng.choice((en_ordinal(target.day), en_ordinal_digits(target.day)))
            forms = [f"the {o} of next month", f"next month on the {o}"]
        else:
            forms = [f"am {target.day}. des nächsten Monats", f"nächsten Monat am {de_ordinal(target.day)}"]  # fmt: skip
    if prep == "from":  # "from in a fortnight" is not said
        forms = [f for f in forms if not f.startswith("in ")] or [
            "a fortnight today" if en else "heute in zwei Wochen"
        ]
        forms = [(f"from {f}" if en else f"ab {f}").replace("ab am ", "ab ") for f in forms]
    text = rng.choice(forms)
    tags = ["relative_date", "calendar_relative"]
    if target.year != today.year:
        tags.append("year_wrap")
    return Piece(text, {"arrival": target.isoformat()}, tags)


def stay_range(
    rng: random.Random, lang: str, today: dt.date, kind: str
) -> tuple[Piece, dt.date, dt.date]:
    """Arrival and departure said as check-in and check-out, "vom 3. auf den 6.", or in next week."""
    en = lang == "en"
    if kind == "weekend_after_next":  # only said Monday to Thursday (README: the weekend)
        fri, sun = dates.weekend(today)
        a, d = dates.plus(fri, 7), dates.plus(sun, 7)
        text = rng.choice(("the weekend after next", "over the weekend after next") if en else ("übernächstes Wochenende", "am übernächsten Wochenende"))  # fmt: skip
        return Piece(text, {"arrival": a.isoformat(), "departure": d.isoformat()}, ["relative_date", "weekend", "calendar_relative"]), a, d  # fmt: skip
    if kind == "next_week_span":
        mon = _next_monday(today)
        i = rng.randrange(0, 5)
        a, d = dates.plus(mon, i), dates.plus(mon, rng.randrange(i + 1, _week_days(lang)))
        wa, wd = ((WEEKDAYS_EN if en else WEEKDAYS_DE)[x.weekday()] for x in (a, d))
        forms = (
            [f"{wa} to {wd} next week", f"next week from {wa} to {wd}"]
            if en
            else [f"nächste Woche von {wa} bis {wd}", f"von {wa} auf {wd} nächster Woche"]
        )
        return Piece(rng.choice(forms), {"arrival": a.isoformat(), "departure": d.isoformat()}, ["relative_date", "weekday", "calendar_relative"]), a, d  # fmt: skip
    words = kind == "in_out_words"
    a = dates.plus(today, rng.choice((rng.randrange(2, 40), rng.randrange(10, 240))))
    d = dates.plus(a, rng.choice((1, 2, 2, 3, 3, 4, 5, 7)))
    tags = ["ordinal_words" if words else "digits_date", "range"]
    if a.month != d.month:
        tags.append("cross_month")
    if a.year != today.year or d.year != today.year:
        tags.append("year_wrap")
    if en:
        o = en_ordinal if words else en_ordinal_digits
        ma, md = MONTHS_EN[a.month - 1], MONTHS_EN[d.month - 1]
        out = f"the {o(d.day)}" if a.month == d.month else f"the {o(d.day)} of {md}"
        text = rng.choice(
            (
                f"in on the {o(a.day)} of {ma}, out on {out}",
                f"checking in {ma} {o(a.day)} and checking out {md} {o(d.day)}",
                f"arriving the {o(a.day)} of {ma}, leaving {out}",
            )
        )
    else:
        ma, md = month_de(rng, a.month), month_de(rng, d.month)
        da, dd = (de_ordinal(a.day), de_ordinal(d.day)) if words else (f"{a.day}.", f"{d.day}.")
        forms = [
            f"vom {da} auf den {dd} {md}"
            if a.month == d.month
            else f"vom {da} {ma} auf den {dd} {md}",
            f"mit Anreise am {da} {ma} und Abreise am {dd} {md}",
        ]
        if not words:
            forms.append(f"Anreise {da} {ma}, Abreise {dd} {md}")
        text = rng.choice(forms)
    return Piece(text, {"arrival": a.isoformat(), "departure": d.isoformat()}, tags), a, d


def departure(rng: random.Random, lang: str, today: dt.date, arr: dt.date, dep: dt.date) -> Piece:
    """A departure ("till the Sunday", "through to Sunday", "bis am Sonntag", "bis 6. Jänner")."""
    slots = {"departure": dep.isoformat()}
    if (dep - arr).days <= 6 and rng.random() < 0.6:
        if lang == "en":
            day = WEEKDAYS_EN[dep.weekday()]
            text = rng.choice((f"till {day}", f"till the {day}", f"through to {day}"))
        else:
            day = WEEKDAYS_DE[dep.weekday()]
            text = rng.choice((f"bis am {day}", f"bis zum {day}", f"bis {day} in der Früh"))
        return Piece(text, slots, ["relative_date", "weekday"])
    words = rng.random() < 0.5
    dm = _day_month(rng, lang, today, dep, words)
    text = f"till {dm}" if lang == "en" else (f"bis {dm}" if dm[0].isupper() else f"bis zum {dm}")
    return Piece(text, slots, ["ordinal_words" if words else "digits_date"])


def nights(rng: random.Random, lang: str, n: int) -> Piece:
    """Nights after "for"/"für" ("just the one night", "drei Übernachtungen", "vierzehn Tage"),
    sometimes corrected mid-phrase ("three, no, four nights")."""
    if n > 30:
        return plain_nights(rng, lang, n)
    en = lang == "en"
    card = en_cardinal if en else de_cardinal
    tags = ["nights_words"]
    if en:
        forms = ["just the one night", "the one night"] if n == 1 else [f"{card(n)} nights", f"{n} nights"]  # fmt: skip
        if n == 14:
            forms += ["a fortnight", "two weeks"]
        noun = "nights"
    else:
        forms = ["eine Übernachtung", "eine einzige Nacht"] if n == 1 else [f"{card(n)} Übernachtungen", f"{n} Übernachtungen", f"{card(n)} Nächte"]  # fmt: skip
        if n == 14:
            forms += ["vierzehn Tage", "zwei Wochen"]
        noun = "Nächte"
    if n == 7:
        forms.append("a week" if en else "eine Woche")
    text = rng.choice(forms)
    if n > 1 and rng.random() < 0.15:
        wrong = rng.choice([x for x in (n - 1, n + 1) if x > 1])
        text = f"{card(wrong)}, {'no' if en else 'nein'}, {card(n)} {noun}"
        tags.append("self_correction")
    return Piece(text, {"nights": n}, tags)


# Companions instead of a number, to follow "for"/"für".
_GUESTS = {
    "en": {
        1: ["just myself", "one person, me", "a single traveller", "my boss, he's coming alone"],
        2: [
            "me and a colleague",
            "an adult and a teenager",
            "myself plus one",
            "my mum and me",
            "me and my boss",
        ],  # fmt: skip
        3: [
            "me plus two colleagues",
            "two grown-ups and a toddler",
            "my parents and me",
            "an adult and two teenagers",
        ],  # fmt: skip
        4: [
            "me and three colleagues",
            "two adults and two teenagers",
            "my wife, me and the twins",
            "the four of us",
        ],  # fmt: skip
    },
    "de": {
        1: ["mich allein", "eine einzelne Person", "meinen Chef, der kommt allein"],
        2: [
            "meine Frau und mich",
            "einen Erwachsenen und einen Jugendlichen",
            "mich und einen Kollegen",
            "zwei Leute",
        ],  # fmt: skip
        3: [
            "mich und zwei Kollegen",
            "zwei Erwachsene und ein Kleinkind",
            "meine Eltern und mich",
            "drei Leute",
        ],  # fmt: skip
        4: [
            "zwei Erwachsene und zwei Jugendliche",
            "mich und drei Kollegen",
            "vier Leute",
            "uns vier",
        ],  # fmt: skip
    },
}


def guests(rng: random.Random, lang: str, n: int) -> Piece:
    en = lang == "en"
    if n > 4:
        forms = [f"a team of {en_cardinal(n)}", f"{n} colleagues", f"{en_cardinal(n)} of us"] if en else [f"eine Gruppe von {de_cardinal(n)} Leuten", f"{n} Kollegen", f"{de_cardinal(n)} Leute"]  # fmt: skip
    else:
        forms = _GUESTS[lang][n]
    text = rng.choice(forms)
    tags = ["guests_words", "companions"]
    if 1 < n <= 4 and rng.random() < 0.12:
        wrong = n - 1
        text = (
            f"{en_cardinal(wrong)}, no wait, {en_cardinal(n)} people"
            if en
            else f"{de_cardinal(wrong) if wrong > 1 else 'eine'}, nein, {de_cardinal(n)} Personen"
        )
        tags = ["guests_words", "self_correction"]
    return Piece(text, {"guests": n}, tags)


# ---- names and booking numbers ----------------------------------------------------------------
# A homely English spelling alphabet (callers who never learnt NATO) and the Swiss one.
HOMELY = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", ["apple", "boy", "Charlie", "David", "Edward", "Freddie", "George", "Harry", "Isaac", "Jack", "King", "London", "Mary", "Nellie", "orange", "Peter", "queen", "Robert", "sugar", "Tommy", "uncle", "Victor", "William", "x-ray", "yellow", "zebra"], strict=True))  # fmt: skip
SWISS = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", ["Anna", "Berta", "Cäsar", "Daniel", "Emil", "Friedrich", "Gustav", "Heinrich", "Ida", "Jakob", "Kaiser", "Leopold", "Marie", "Niklaus", "Otto", "Peter", "Quasi", "Rosa", "Sophie", "Theodor", "Ulrich", "Viktor", "Wilhelm", "Xaver", "Yverdon", "Zürich"], strict=True))  # fmt: skip
_UMLAUTS = {"Ä": "Ä wie Äpfel", "Ö": "Ö wie Öl", "Ü": "Ü wie Übel"}


def _spell_part(rng: random.Random, lang: str, part: str, style: str) -> str:
    if style == "homely":
        return ", ".join(f"{c} for {HOMELY[c]}" for c in part.upper() if c.isalpha())
    if style == "swiss":
        return ", ".join(_UMLAUTS.get(c) or f"{c} wie {SWISS.get(c) or DIN_OLD[c]}" for c in part.upper() if c.isalpha())  # fmt: skip
    return spell_word(rng, lang, part, "letters")


def spell_surname(rng: random.Random, lang: str, last: str, style: str) -> str:
    """A surname spelled part by part, saying the space, hyphen or apostrophe between parts."""
    en = lang == "en"
    out, word = [], ""
    seps = {" ": "space" if en else "Leerzeichen", "-": "hyphen" if en else "Bindestrich", "'": "apostrophe" if en else "Apostroph"}  # fmt: skip
    for c in last + "\0":
        if c in seps or c == "\0":
            if word:
                out.append(_spell_part(rng, lang, word, style))
            if c != "\0":
                out.append(seps[c])
            word = ""
        else:
            word += c
    return ", ".join(out) if style != "letters" else " ".join(out)


def name(rng: random.Random, lang: str, first: str, last: str, title: str, spell: bool) -> Piece:
    """The caller's (or their boss's) name: with a title, surname first, or spelled.
    The gold is first and last name; a title is not part of the name on the booking."""
    en = lang == "en"
    slots: dict[str, Any] = {"guest_name": f"{first} {last}"}
    tags: list[str] = []
    forms = [f"{first} {last}", f"{first} {last}", f"{title} {first} {last}"]
    forms += [f"{last}, {first}", f"first name {first}, surname {last}"] if en else [f"{last}, {first}", f"Vorname {first}, Nachname {last}"]  # fmt: skip
    text = rng.choice(forms)
    if text.startswith(title):
        tags.append("title")
    elif text.startswith(last):
        tags.append("surname_first")
    elif text.startswith(("first name", "Vorname")):
        tags.append("name_parts")
    if spell:
        style = rng.choice(("letters", "homely") if en else ("letters", "swiss"))
        sp = spell_surname(rng, lang, last, style)
        slots["spelled"] = True
        tags.append("spelled_name")
        if style != "letters":
            tags.append("nato")
        text += rng.choice((f", spelt {sp}", f", that's {sp}")) if en else rng.choice((f", {last} buchstabiert {sp}", f", das ist {sp}"))  # fmt: skip
    return Piece(text, slots, tags)


_LETTER_SOUNDS = {
    "en": {"S": "ess", "O": "oh", "V": "vee"},
    "de": {"S": "es", "O": "o", "V": "fau"},
}


def _pair(lang: str, two: str) -> str:
    if two[0] == "0":
        z = "oh" if lang == "en" else "null"
        unit = int(two[1])
        return (
            f"{z} {z}"
            if unit == 0
            else f"{z} {(en_cardinal if lang == 'en' else de_cardinal)(unit)}"
        )
    return (en_cardinal if lang == "en" else de_cardinal)(int(two))


def confirmation(rng: random.Random, lang: str, conf: str) -> Piece:
    """SOV4512 as "S O V forty-five twelve", "ess oh vee 4 5 1 2", "es o fau fünfundvierzig zwölf"."""
    letters, digits = conf[:3], conf[3:]
    head = rng.choice((" ".join(letters), " ".join(_LETTER_SOUNDS[lang][c] for c in letters)))
    if rng.random() < 0.5:
        tail = f"{_pair(lang, digits[:2])} {_pair(lang, digits[2:])}"
    else:
        tail = " ".join(digits)
    return Piece(f"{head} {tail}", {"confirmation": conf, "spelled": True}, ["spelled_confirmation", "pairs"])  # fmt: skip
