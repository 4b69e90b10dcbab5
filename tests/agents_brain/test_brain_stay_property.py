"""Every stay value the brain sets is the value the caller said, or it is left unset (asked).

Why a generator of our own: a wrong-dates booking is the worst thing the receptionist can do,
and phrasings in a list pass because they are in the list. Here each phrasing is built from
parts (a weekday with "next"/"this"/"after next", "a week today", "in a fortnight", "the 13th
of next month", "for the weekend", ordinals and counts in words or digits, lowercase without
punctuation as a recogniser writes it, the homophones "for/four" and "to/two", a correction)
and its value is computed here, independently of the parser, from the same parts. The brain
may leave a value unset (the dialogue then asks); it may never set a different one.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

from agents.understanding import slots
from agents.understanding.dates import parse_dates
from bench.corpus.numbers import (
    MONTHS_DE,
    MONTHS_EN,
    WEEKDAYS_DE,
    WEEKDAYS_EN,
    de_ordinal,
    en_cardinal,
    en_ordinal,
)

D = dt.date
# A Monday, a Wednesday, a Thursday at a month end, a Sunday before a year end.
TODAYS = [D(2026, 3, 2), D(2026, 6, 17), D(2026, 4, 30), D(2026, 12, 27)]
_DE_CARD = {1: "eine", 2: "zwei", 3: "drei", 4: "vier", 5: "fünf", 6: "sechs", 7: "sieben"}


def _after(base: dt.date, weekday: int) -> dt.date:
    """The first such weekday strictly after ``base`` (the project's "next Friday")."""
    return base + dt.timedelta(days=(weekday - base.weekday()) % 7 or 7)


def _next_month(today: dt.date, day: int) -> dt.date:
    y, m = divmod(today.month, 12)
    return D(today.year + y, m + 1, day)


def _on_or_after(today: dt.date, month: int, day: int) -> dt.date:
    d = D(today.year, month, day)
    return d if d >= today else D(today.year + 1, month, day)


Case = tuple[str, str, dt.date | None, dt.date | None, int | None]


def _nights_words(n: int, lang: str, style: int) -> str:
    if lang == "de":
        word = _DE_CARD[n] if style else str(n)
        return f"{word} {'Nacht' if n == 1 else 'Nächte'}"
    word = en_cardinal(n) if style else str(n)
    return f"{word} night{'s' if n > 1 else ''}"


def _stays(today: dt.date) -> list[Case]:
    """(lang, text, arrival, departure, nights) for one ``today``; None = not said."""
    out: list[Case] = []
    for wd, n, style in itertools.product(range(7), (1, 2, 3), (0, 1)):
        arr = _after(today, wd)
        dep = arr + dt.timedelta(days=n)
        en, de = WEEKDAYS_EN[wd], WEEKDAYS_DE[wd]
        nen, nde = _nights_words(n, "en", style), _nights_words(n, "de", style)
        out += [
            ("en", f"next {en} for {nen}", arr, dep, n),
            ("en", f"i'd like to come {en.lower()} {nen.lower()}", arr, dep, n),
            ("en", f"arriving on {en} for {nen} please", arr, dep, n),
            ("en", f"{en} after next for {nen}", arr + dt.timedelta(days=7), None, n),
            ("de", f"nächsten {de} für {nde}", arr, dep, n),
            ("de", f"ab {de} {nde}", arr, dep, n),
            ("de", f"übernächsten {de} {nde}", arr + dt.timedelta(days=7), None, n),
            # a day denied: "not Tuesday but Wednesday"
            ("en", f"not {WEEKDAYS_EN[wd - 1]} but {en} for {nen}", arr, dep, n),
            ("en", f"{en} not {WEEKDAYS_EN[wd - 1]} for {nen}", arr, dep, n),
            ("de", f"nicht {WEEKDAYS_DE[wd - 1]} sondern {de} {nde}", arr, dep, n),
        ]
        if today.weekday() < wd:  # "this Friday" said before Friday: unambiguous
            out.append(("en", f"this {en} for {nen}", arr, dep, n))
    for n in (1, 2, 4):
        a7, a14 = today + dt.timedelta(days=7), today + dt.timedelta(days=14)
        nen, nde = _nights_words(n, "en", 1), _nights_words(n, "de", 1)
        out += [
            ("en", f"a week today for {nen}", a7, a7 + dt.timedelta(days=n), n),
            ("en", f"in a fortnight for {nen}", a14, a14 + dt.timedelta(days=n), n),
            ("en", f"in two weeks {nen}", a14, a14 + dt.timedelta(days=n), n),
            ("de", f"heute in einer woche für {nde}", a7, a7 + dt.timedelta(days=n), n),
            ("de", f"in zwei wochen {nde}", a14, a14 + dt.timedelta(days=n), n),
        ]
    for day in (3, 13, 21):
        arr = _next_month(today, day)
        out += [
            ("en", f"the {en_ordinal(day)} of next month for two nights", arr,
             arr + dt.timedelta(days=2), 2),
            ("en", f"on the {day}th of next month", arr, None, None),
            ("de", f"am {de_ordinal(day)} nächsten monats zwei nächte", arr,
             arr + dt.timedelta(days=2), 2),
        ]  # fmt: skip
    fri = today + dt.timedelta(days=(4 - today.weekday()) % 7)
    if today.weekday() < 4:  # Monday to Thursday: "the weekend" is this one
        out += [
            ("en", "for the weekend", fri, fri + dt.timedelta(days=2), 2),
            ("en", "this weekend please", fri, fri + dt.timedelta(days=2), 2),
            ("de", "übers wochenende", fri, fri + dt.timedelta(days=2), 2),
        ]
    for month, day, n in itertools.product((1, 5, 6, 9, 11), (1, 3, 9, 12, 23, 30), (2, 3)):
        arr = _on_or_after(today, month, day)
        dep = arr + dt.timedelta(days=n)
        men, mde = MONTHS_EN[month - 1], MONTHS_DE[month - 1]
        cen = en_cardinal(n)
        out += [
            ("en", f"from the {en_ordinal(day)} of {men} for {cen} nights", arr, dep, n),
            ("en", f"from the {en_ordinal(day)} of {men.lower()} for {cen} nights".lower(),
             arr, dep, n),
            ("en", f"{men} {day} for {n} nights", arr, dep, n),
            ("en", f"arriving {men.lower()} {en_ordinal(day)} leaving {n} nights later", arr,
             None, None),
            ("de", f"ab dem {de_ordinal(day)} {mde} {_DE_CARD[n]} nächte", arr, dep, n),
            ("de", f"vom {day}. {mde} für {n} Nächte", arr, dep, n),
            # a length said roughly ("so zwei Wochen" is no two o'clock)
            ("en", f"for about {cen} nights from the {en_ordinal(day)} of {men}", arr, dep, n),
            ("de", f"so {_DE_CARD[n]} wochen ab dem {day}. {mde}", arr,
             arr + dt.timedelta(days=7 * n), 7 * n),
            ("de", f"etwa {_DE_CARD[n]} nächte ab dem {de_ordinal(day)} {mde}", arr, dep, n),
            # homophones as a recogniser writes them: "for" -> "four", "to" -> "two"
            ("en", f"a room four {cen} nights from the {en_ordinal(day)} of {men.lower()}",
             arr, dep, n),
        ]  # fmt: skip
        if day + n <= 28:
            end = arr + dt.timedelta(days=n)
            out += [
                ("en", f"from the {en_ordinal(day)} two the {en_ordinal(day + n)} of "
                 f"{men.lower()}", arr, end, n),
                ("en", f"{men} {day} to {men} {day + n}", arr, end, n),
                ("de", f"vom {de_ordinal(day)} bis zum {de_ordinal(day + n)} {mde}", arr, end,
                 n),
                # fillers of speech before the month (a recogniser keeps them)
                ("de", f"vom {de_ordinal(day)} bis zum {de_ordinal(day + n)} na ja {mde}", arr,
                 end, n),
                ("en", f"from the {en_ordinal(day)} to the {en_ordinal(day + n)} uh of {men}",
                 arr, end, n),
            ]  # fmt: skip
        # a correction: the later value wins, or nothing is set
        if day < 28:
            fixed = _on_or_after(today, month, day + 1)
            out += [
                ("en", f"the {en_ordinal(day)} no sorry the {en_ordinal(day + 1)} of "
                 f"{men.lower()}", fixed, None, None),
                ("en", f"from the {en_ordinal(day)}, no, the {en_ordinal(day + 1)} of {men}",
                 fixed, None, None),
                ("de", f"am {de_ordinal(day)} nein am {de_ordinal(day + 1)} {mde}", fixed,
                 None, None),
            ]  # fmt: skip
    return out


def _unpunctuated(text: str) -> str:
    return re.sub(r"[,.!?]", "", text).lower()


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_every_stay_value_set_is_the_value_said(today):
    wrong = []
    for lang, text, arr, dep, n in _stays(today):
        for said in {text, _unpunctuated(text)}:
            span = parse_dates(said, today, lang)
            for slot, want, got in (
                ("arrival", arr, span.arrival),
                ("departure", dep, span.departure),
                ("nights", n, span.nights),
            ):
                if got is not None and want is not None and got != want:
                    wrong.append(f"{said!r} ({today}): {slot} {got} != {want}")
                elif got is not None and want is None and slot == "arrival":
                    wrong.append(f"{said!r} ({today}): arrival {got} was not said")
    assert not wrong, f"{len(wrong)} wrong:\n" + "\n".join(wrong[:40])


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_most_stays_are_understood_not_only_asked(today):
    """Leaving everything unset would pass the test above: the plain phrasings must land."""
    cases = _stays(today)
    got = sum(parse_dates(t, today, lang).arrival == arr for lang, t, arr, _d, _n in cases)
    assert got >= 0.85 * len(cases), f"{got}/{len(cases)}"


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_no_parse_drops_a_month_the_caller_said(today):
    for (month, men, mde), day in itertools.product(
        zip(range(1, 13), MONTHS_EN, MONTHS_DE, strict=True), (1, 2, 9, 15, 23, 28)
    ):
        for lang, text in (
            ("en", f"from the {en_ordinal(day)} of {men}"),
            ("en", f"{men.lower()} the {en_ordinal(day)} for three nights"),
            ("de", f"ab dem {de_ordinal(day)} {mde}"),
            ("de", f"am {day}. {mde} zwei nächte"),
        ):
            span = parse_dates(text, today, lang)
            assert span.arrival is None or span.arrival.month == month, text


@pytest.mark.parametrize(
    ("text", "lang", "nights"),
    [
        ("saturday the 13th of march for two nights", "en", 2),  # the 13th is a Friday
        ("from the 5th of may two nights or three nights", "en", None),
        ("am Dienstag, den 5. Mai, zwei Nächte", "de", 2),  # the 5th of May 2026 is a Tuesday…
    ],
)
def test_date_words_the_reading_does_not_explain_set_no_date(text, lang, nights):
    """No date is set; the one count of nights said in words stays (session 7: only the
    missing part is asked), two counts are asked too."""
    span = parse_dates(text, D(2026, 3, 2), lang)
    if lang == "de":  # …so this one is understood: the weekday agrees with the date
        assert (span.arrival, span.nights, span.unsure) == (D(2026, 5, 5), 2, False)
        return
    assert span.unsure and (span.arrival, span.departure, span.nights) == (None, None, nights)


def test_a_correction_in_the_same_breath_takes_the_later_value():
    today = D(2026, 3, 2)
    assert parse_dates("the 4th, no, the 5th of june", today).arrival == D(2026, 6, 5)
    assert parse_dates("nächsten Freitag, nein, doch lieber am Samstag", today, "de").arrival in (
        D(2026, 3, 7), None,
    )  # fmt: skip
    span = parse_dates("from the 5th of may for two nights, actually make that three nights", today)
    assert (span.arrival, span.nights) == (D(2026, 5, 5), 3)
    assert parse_dates("the 5th rather than the 6th of may", today).arrival == D(2026, 5, 5)
    span = parse_dates("from the 5th to the 8th of may, no, to the 9th", today)
    assert (span.arrival, span.departure) == (D(2026, 5, 5), D(2026, 5, 9))


def _call(settings, backend, lines):
    from agents.intel.dialogue import Dialogue
    from bench.brain_harness import FakePms, run_call

    pms = FakePms(list(settings.hotel.room_types))
    d = Dialogue(settings, D(2026, 3, 2), backend=backend)
    turns = run_call(d, pms, lines)
    return d, turns, [args for action, args in pms.calls if action == "pms.create"]


def test_a_half_understood_date_is_asked_back_and_earlier_dates_are_not_kept(settings, backend):
    d, turns, _ = _call(
        settings, backend,
        ["I'd like a double room from the 10th of March for two nights for two people",
         "sorry, saturday the 13th of march for three nights"],
    )  # fmt: skip
    assert "on which day" in turns[-1].reply.lower()  # the day is asked, the nights stay
    assert not {"arrival", "departure"} & d.state.slots.keys()
    assert d.state.slots.get("nights") == 3


@pytest.mark.parametrize(
    ("lines", "written", "asked_back"),
    [
        (["I'd like a double room for two people, saturday the 13th of march for two nights",
          "friday the 13th of march for two nights", "Anna Weber", "yes"],
         ("2026-03-13", "2026-03-15", 2), True),
        (["a double room from the 10th of March for two nights for two people",
          "actually make that three nights", "Anna Weber", "yes"],
         ("2026-03-10", "2026-03-13", 2), False),
    ],
)  # fmt: skip
def test_a_stay_is_booked_for_the_dates_said_last(settings, backend, lines, written, asked_back):
    _d, turns, writes = _call(settings, backend, lines)
    assert ("on which day" in turns[0].reply.lower()) == asked_back
    assert [(w["arrival"], w["departure"], w["guests"]) for w in writes] == [written]


_EN_N = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
_DE_N = {1: "ein", 2: "zwei", 3: "drei", 4: "vier", 5: "fünf"}
_STAY = {"en": ["", " from the 5th of may for 3 nights", " next friday for two nights"],
         "de": ["", " vom 5. bis 8. Mai", " nächsten Freitag zwei Nächte"]}  # fmt: skip


def _parties() -> list[tuple[str, str, int]]:
    """(lang, text, guests): counts in digits and words, grown-ups and children, the speaker
    listed or not, beside dates or alone."""
    out = []
    for a, c in itertools.product((1, 2, 3), (0, 1, 2)):
        adults = f"{_EN_N[a]} adult{'s' if a > 1 else ''}"
        kids = f" and {_EN_N[c]} child{'ren' if c > 1 else ''}" if c else ""
        de_adults = f"{_DE_N[a]} Erwachsene{'r' if a == 1 else ''}"
        de_kids = f" und {_DE_N[c]}{'' if c > 1 else ''} Kind{'er' if c > 1 else ''}" if c else ""
        out += [("en", f"we are {adults}{kids}", a + c), ("en", f"for {a} adults" if a > 1
                 else "for one adult", a), ("de", f"wir sind {de_adults}{de_kids}", a + c)]  # fmt: skip
    for n in (2, 3, 4, 5):
        out += [
            ("en", f"a party of {_EN_N[n]}", n), ("en", f"a family of {_EN_N[n]}", n),
            ("en", f"for {n} people", n), ("en", f"me plus {_EN_N[n - 1]} colleagues"
             if n > 2 else "me plus one colleague", n),
            ("de", f"für {_DE_N[n]} Personen", n),
        ]  # fmt: skip
    out += [
        ("en", "just myself", 1), ("en", "a couple", 2), ("en", "my wife, our two kids and me", 4),
        ("en", "two grown-ups and a baby", 3), ("en", "an adult and a teenager", 2),
        ("de", "wir sind zu dritt", 3), ("de", "ich und meine Frau", 2),
        ("de", "zwei Erwachsene und ein Kind", 3),
    ]  # fmt: skip
    return out


@pytest.mark.parametrize("asked", [False, True])
def test_every_party_count_set_is_the_count_said(asked):
    wrong, unset = [], 0
    for lang, party, n in _parties():
        for tail in _STAY[lang]:
            for text in (party + tail, _unpunctuated(party + tail)):
                got = slots.guests(text, asked=asked, lang=lang)
                if got is not None and got != n:
                    wrong.append(f"{text!r}: {got} != {n}")
                unset += got is None
    assert not wrong, "\n".join(wrong)
    assert unset <= 0.1 * len(_parties()) * 6, unset


@pytest.mark.parametrize("text", ["me and my kids", "our friends and us", "ich und die Kinder",
                                  "me and some colleagues"])  # fmt: skip
def test_a_party_of_unknown_size_is_asked_not_guessed(text):
    assert slots.guests(text, asked=True) is None


def test_a_party_count_the_caller_puts_in_doubt_is_asked_again(settings, backend):
    d, turns, writes = _call(
        settings, backend,
        ["a double room from the 10th of March for two nights for two people",
         "oh and I'm bringing my kids too", "Anna Weber", "yes"],
    )  # fmt: skip
    assert "guests" not in d.state.slots or d.state.slots["guests"] != 2
    assert not writes  # nobody said how many: nothing is booked for two
    assert any("how many" in t.reply.lower() for t in turns[1:]), [t.reply for t in turns]


@pytest.mark.parametrize(
    ("text", "lang"),
    [("what time does the football start tonight", "en"),
     ("until when is breakfast served on sunday", "en"),
     ("bis wann ist heute die Bar offen", "de")],
)  # fmt: skip
def test_the_day_of_an_event_asked_about_is_no_stay_date(text, lang):
    assert parse_dates(text, D(2026, 3, 2), lang).empty


@pytest.mark.parametrize(("text", "lang"), [("next weekend", "en"), ("nächstes Wochenende", "de")])
def test_next_weekend_said_on_a_friday_is_asked(text, lang):
    friday = D(2026, 3, 6)
    assert parse_dates(text, friday, lang).arrival is None  # this one or the one after?
    assert parse_dates(text, friday + dt.timedelta(days=1), lang).arrival == D(2026, 3, 13)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("for two people, no, three people", 3),
        ("wir sind zwei Personen, nein, drei Personen", 3),
        ("three guests, two adults and a child", 3),  # the total and its parts agree
        ("two people or three people", None),
        ("4 people, 2 adults and 3 kids", None),  # total and parts disagree: ask
    ],
)
def test_a_party_said_twice_is_the_count_stood_by_or_asked(text, want):
    assert slots.guests(text, asked=True) == want
