"""Generated stay requests (bench/stay_generator.py): every one is read right or asked back.

Why: a wrong-dates booking is the worst thing the runtime can do, and the hand-written corpus
phrasings are what the brain was tuned on. The generator composes EN/DE requests from parts
(arrival expression, stay length, connector, fillers, recogniser style) and computes their
stay with datetime/dateutil, never with the brain. A few hundred cases here (a pure function,
~2 s); thousands, with failure classes, in ``python -m bench.dates_generated``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from agents.understanding import relative_weeks
from agents.understanding.dates import parse_dates
from bench.dates_generated import ASKED, RIGHT, WRONG, brain_reading, judge
from bench.stay_generator import Case, Stay, cases

D = dt.date
SEED = 7  # fixed: the same requests every run (the bench's default seed is another)


@pytest.fixture(scope="module")
def read_cases() -> list[tuple[Case, Stay, str]]:
    out = []
    for c in cases(SEED, 300):
        got = brain_reading(c)
        out.append((c, got, judge(c, got)))
    return out


def test_no_generated_request_gets_a_wrong_stay(read_cases):
    wrong = [f"{c.lang} {c.kind}: {c.text!r} on {c.today}: {got}" for c, got, v in read_cases
             if v == WRONG]  # fmt: skip
    assert not wrong, f"{len(wrong)} wrong:\n" + "\n".join(wrong)


def test_most_generated_requests_are_read_not_only_asked(read_cases):
    """Asking everything back would pass the test above."""
    right = sum(v == RIGHT for _c, _g, v in read_cases)
    assert right >= 0.8 * len(read_cases), f"{right}/{len(read_cases)} read right"


def test_the_judge_tells_right_asked_and_wrong_apart():
    today = D(2026, 3, 2)
    c = Case("en", "x", today, "k", (Stay(D(2026, 3, 6), D(2026, 3, 8), 2),))
    assert judge(c, Stay(D(2026, 3, 6), None, 2)) == RIGHT
    assert judge(c, Stay(D(2026, 3, 6), D(2026, 3, 8), 2)) == RIGHT
    assert judge(c, Stay(None, None, 2)) == ASKED  # the day is asked, the nights kept
    assert judge(c, Stay(None, None, None)) == ASKED
    assert judge(c, Stay(D(2026, 3, 13), None, 2)) == WRONG
    assert judge(c, Stay(D(2026, 3, 6), None, 3)) == WRONG
    only_ask = Case("en", "x", today, "k", (Stay(None, None, 3),))
    assert judge(only_ask, Stay(D(2026, 3, 6), None, 3)) == WRONG  # no single day: ask
    assert judge(only_ask, Stay(None, None, 3)) == ASKED


def test_the_generator_says_what_it_computes():
    """Properties of the generator's own arithmetic (it is the reference the brain is held to)."""
    generated = cases(3, 1500)
    kinds = {c.kind.split("+")[0] for c in generated}
    assert {"weekday after next", "weekend after next", "feast", "dd.mm.", "in n weeks"} <= kinds
    for c in generated:
        arr = c.right[0].arrival
        if arr is None:
            continue
        ahead = (arr - c.today).days
        kind = c.kind.split("+")[0]
        if kind in ("weekday after next", "weekday week"):
            assert 8 <= ahead <= 14, c
        if kind == "weekend after next":
            assert arr.weekday() == 4 and 8 <= ahead <= 14, c
        if kind == "in n weeks":
            assert ahead % 7 == 0 and ahead > 0, c
        if kind in ("day", "day month", "dd.mm."):
            assert 0 <= ahead <= 366, c
        if kind == "feast":  # an Easter feast moves: the next one may be 13 months on
            assert 0 < ahead <= 400, c
        for w in c.right:
            if w.arrival and w.departure:
                assert (w.departure - w.arrival).days == w.nights > 0, c


@pytest.mark.parametrize(
    ("text", "lang", "today", "arrival", "departure"),
    [
        # Monday 2026-03-02: the coming weekend is March 6-8, the one after it March 13-15
        ("the weekend after the next one", "en", D(2026, 3, 2), D(2026, 3, 13), D(2026, 3, 15)),
        ("übernächstes Wochenende", "de", D(2026, 3, 2), D(2026, 3, 13), D(2026, 3, 15)),
        ("das Wochenende nach dem nächsten, drei Nächte", "de", D(2026, 3, 2), D(2026, 3, 13),
         D(2026, 3, 16)),
        ("ab übernächstem Freitag für drei Wochen", "de", D(2026, 3, 2), D(2026, 3, 13),
         D(2026, 4, 3)),
        ("friday after next till sunday", "en", D(2026, 3, 2), D(2026, 3, 13), D(2026, 3, 15)),
        # "Friday next week" is the Friday of the calendar week after this one
        ("friday next week for two nights", "en", D(2026, 3, 4), D(2026, 3, 13), D(2026, 3, 15)),
        ("nächste Woche Dienstag zwei Nächte", "de", D(2026, 3, 7), D(2026, 3, 10),
         D(2026, 3, 12)),
        # Duckling's one-ended intervals: each half read on its own
        ("ab morgen bis zum sechsten September", "de", D(2026, 8, 28), D(2026, 8, 29),
         D(2026, 9, 6)),
        ("in 12 days, till Friday", "en", D(2026, 5, 3), D(2026, 5, 15), D(2026, 5, 22)),
        # a bare day is the next one, also inside a length ("from the 22nd for 2 weeks")
        ("from the 22nd for 2 weeks", "en", D(2026, 7, 1), D(2026, 7, 22), D(2026, 8, 5)),
        ("next friday until the eleventh", "en", D(2028, 6, 8), D(2028, 6, 9), D(2028, 6, 11)),
        ("good morning in 5 days for a fortnight", "en", D(2026, 10, 26), D(2026, 10, 31),
         D(2026, 11, 14)),
        # a length after "in two weeks" is no part of it; joined by "and" it is one offset
        ("in vier wochen zwei wochen", "de", D(2026, 2, 26), D(2026, 3, 26), D(2026, 4, 9)),
        ("in two weeks and two days", "en", D(2026, 2, 26), D(2026, 3, 14), None),
    ],
)  # fmt: skip
def test_days_counted_in_weeks_and_one_ended_ranges(text, lang, today, arrival, departure):
    span = parse_dates(text, today, lang)
    assert (span.arrival, span.departure) == (arrival, departure)


@pytest.mark.parametrize(
    ("text", "lang", "today", "nights"),
    [
        ("this friday for two nights", "en", D(2026, 3, 6), 2),  # on a Friday: which one?
        ("diesen Mittwoch", "de", D(2026, 3, 4), None),
        ("this weekend", "en", D(2026, 3, 8), None),  # on a Sunday: under way
        ("dieses Wochenende zwei Nächte", "de", D(2026, 3, 7), 2),
        ("the weekend after next", "en", D(2026, 3, 6), None),  # on a Friday: from which?
        ("for two weeks from today", "en", D(2026, 3, 2), None),  # a length, or a date?
    ],
)  # fmt: skip
def test_a_day_with_no_single_reading_is_asked(text, lang, today, nights):
    span = parse_dates(text, today, lang)
    assert (span.arrival, span.departure, span.nights) == (None, None, nights)
    assert span.unsure


def test_this_friday_said_before_friday_is_that_friday():
    assert not relative_weeks.unsure("this friday", D(2026, 3, 4))
    assert parse_dates("this friday for two nights", D(2026, 3, 4)).arrival == D(2026, 3, 6)
