import datetime as dt

import pytest

from agents.understanding.dates import parse_dates

TODAY = dt.date(2026, 3, 2)  # Monday
D = dt.date

CASES = [
    ("next Friday for two nights", D(2026, 3, 6), D(2026, 3, 8), 2),
    ("from the 12th to the 14th of March", D(2026, 3, 12), D(2026, 3, 14), 2),
    ("tomorrow", D(2026, 3, 3), None, None),
    ("3 nights from December 5th", D(2026, 12, 5), D(2026, 12, 8), 3),
    ("March 12 to March 14", D(2026, 3, 12), D(2026, 3, 14), 2),
    ("from Friday until Sunday", D(2026, 3, 6), D(2026, 3, 8), 2),
    ("this weekend", D(2026, 3, 6), D(2026, 3, 8), 2),
    ("a week from April 1st", D(2026, 4, 1), D(2026, 4, 8), 7),
    ("2026-04-01 to 2026-04-03", D(2026, 4, 1), D(2026, 4, 3), 2),
    ("from December 30th to January 2nd", D(2026, 12, 30), D(2027, 1, 2), 3),
    ("the 1st of February", D(2027, 2, 1), None, None),  # already past this year
    ("in two weeks for one night", D(2026, 3, 16), D(2026, 3, 17), 1),
    ("the day after tomorrow for a night", D(2026, 3, 4), D(2026, 3, 5), 1),
    ("nächsten Freitag für zwei Nächte", D(2026, 3, 6), D(2026, 3, 8), 2),
    ("vom 12. bis 14. März", D(2026, 3, 12), D(2026, 3, 14), 2),
    ("12.03. bis 15.03.", D(2026, 3, 12), D(2026, 3, 15), 3),
    ("übermorgen, eine Nacht", D(2026, 3, 4), D(2026, 3, 5), 1),
    ("am 5. Mai für drei Nächte", D(2026, 5, 5), D(2026, 5, 8), 3),
    ("morgen", D(2026, 3, 3), None, None),
    ("make it three nights", None, None, 3),
    ("move the arrival to the 25th of March", D(2026, 3, 25), None, None),
    ("Anreise auf den 25. März verschieben", D(2026, 3, 25), None, None),
    ("until Sunday", None, D(2026, 3, 8), None),
]


@pytest.mark.parametrize(("text", "arrival", "departure", "nights"), CASES)
def test_stay_dates_resolve_against_today(text, arrival, departure, nights):
    span = parse_dates(text, TODAY)
    assert (span.arrival, span.departure, span.nights) == (arrival, departure, nights)
    assert not span.conflict


@pytest.mark.parametrize("text", ["Guten Morgen", "for 2 people", "hello", "room 12 please"])
def test_no_dates_where_none_are_said(text):
    assert parse_dates(text, TODAY).empty


def test_range_and_nights_that_disagree_are_a_conflict():
    span = parse_dates("from the 12th to the 14th for three nights", TODAY)
    assert span.conflict
    assert (span.arrival, span.departure, span.nights) == (D(2026, 3, 12), D(2026, 3, 14), 3)


def test_impossible_dates_are_ignored_not_invented():
    assert parse_dates("the 31st of February", TODAY).arrival is None
