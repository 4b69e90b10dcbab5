import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agents.understanding.dates import parse_dates
from bench.corpus.numbers import MONTHS_DE, MONTHS_EN, de_ordinal, en_ordinal

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


# --- issue 10 §1: Duckling underneath, the hotel's rules on top -----------------------------

BRIEF = [
    # (lang, text, arrival, departure, nights)
    ("en", "the twenty-third", D(2026, 3, 23), None, None),
    ("de", "einundzwanzigsten", D(2026, 3, 21), None, None),
    ("en", "in two weeks", D(2026, 3, 16), None, None),
    ("en", "next weekend", D(2026, 3, 6), D(2026, 3, 8), 2),
    ("en", "from tomorrow", D(2026, 3, 3), None, None),
    ("en", "for a week", None, None, 7),
    ("de", "zwei Nächte", None, None, 2),
    ("en", "from the ninth of May", D(2026, 5, 9), None, None),
    ("de", "ab dem dritten Juni", D(2026, 6, 3), None, None),
    ("en", "for 5 days", None, None, 5),  # SGD callers: days = nights
    ("en", "check in on the 7th", D(2026, 3, 7), None, None),
    ("en", "from the ninth of May for three nights", D(2026, 5, 9), D(2026, 5, 12), 3),
    ("de", "vom dritten bis zum fünften Mai", D(2026, 5, 3), D(2026, 5, 5), 2),
    ("en", "between the 3rd and the 6th of July", D(2026, 7, 3), D(2026, 7, 6), 3),
    ("en", "from tomorrow for a week", D(2026, 3, 3), D(2026, 3, 10), 7),
    ("en", "from the 30th of May to the 2nd", D(2026, 5, 30), D(2026, 6, 2), 3),
    ("en", "from the 30th to the 2nd of June", D(2026, 5, 30), D(2026, 6, 2), 3),
    ("en", "from the 28th to the 2nd", D(2026, 3, 28), D(2026, 4, 2), 5),
    ("en", "the first of march", D(2027, 3, 1), None, None),  # passed this year
    ("en", "the suite for 3 from the 12th to the 14th of March", D(2026, 3, 12), D(2026, 3, 14), 2),
    ("de", "am dreizehnten Mai", D(2026, 5, 13), None, None),  # a word Duckling lacks
    ("de", "ab dem 3. Juni zwei Nächte", D(2026, 6, 3), D(2026, 6, 5), 2),
    ("en", "May I book a room for the 12th?", D(2026, 3, 12), None, None),  # "May" the verb
    ("en", "next Saturday and Sunday", D(2026, 3, 7), D(2026, 3, 8), 1),
    ("en", "a fortnight from the 3rd of June", D(2026, 6, 3), D(2026, 6, 17), 14),
]


@pytest.mark.parametrize(("lang", "text", "arrival", "departure", "nights"), BRIEF)
def test_phrasings_of_the_brief(lang, text, arrival, departure, nights):
    span = parse_dates(text, TODAY, lang)
    assert (span.arrival, span.departure, span.nights) == (arrival, departure, nights)
    assert not span.conflict


@pytest.mark.parametrize(
    ("lang", "text", "month"),
    [
        ("en", "from the ninth of May", 5),
        ("en", "on the twenty-first of June for two nights", 6),
        ("en", "the thirty-first of December", 12),
        ("de", "ab dem dritten Juni", 6),
        ("de", "am einundzwanzigsten Oktober", 10),
        ("de", "vom neunten Mai an für drei Nächte", 5),
    ],
)
def test_an_ordinal_in_words_keeps_its_month(lang, text, month):
    span = parse_dates(text, TODAY, lang)
    assert span.arrival is not None and span.arrival.month == month


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "the 31st of February"),  # Duckling alone: March 31st
        ("de", "am 31. Februar"),
        ("en", "sometime in May"),  # a month, no day: asked, not guessed
        ("en", "we will arrive at 3pm"),
        ("en", "good morning"),
        ("en", "xq zzv blorp"),
        ("de", "irgendwann nächste Woche"),
    ],
)
def test_text_without_a_day_gives_no_date(lang, text):
    span = parse_dates(text, TODAY, lang)
    assert span.arrival is None and span.departure is None


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "from the 12th to the 14th of March for three nights"),
        ("de", "vom 12. bis 14. März für drei Nächte"),
        ("en", "from Friday until Sunday for three nights"),
    ],
)
def test_range_and_nights_that_disagree_are_asked_back(lang, text):
    assert parse_dates(text, TODAY, lang).conflict


# --- property: a month the caller names is never dropped ------------------------------------

# Number words and month names from the corpus generator: written independently of the
# parser under test, and one copy in the project.
EN_ORD = [en_ordinal(n) for n in range(1, 32)]
DE_ORD = [de_ordinal(n) for n in range(1, 32)]
EN_MONTHS, DE_MONTHS = MONTHS_EN, MONTHS_DE
EN_FORMS = [
    "from the {o} of {m}",
    "on the {o} of {m} for two nights",
    "{m} the {o}",
    "i'd like to arrive on the {o} of {m}",
    "check in the {o} of {m}, three nights",
    "the {o} of {m} please",
]
DE_FORMS = [
    "ab dem {o} {m}",
    "am {o} {m} für zwei Nächte",
    "vom {o} {m} an",
    "Anreise am {o} {m}",
    "den {o} {m} bitte",
    "zum {d}. {m}",
]


def _valid(month: int, day: int) -> bool:
    try:
        D(2027, month, day)  # 2027: no leap day, like the next February after TODAY
    except ValueError:
        return False
    return True


@given(
    lang=st.sampled_from(["en", "de"]),
    day=st.integers(1, 31),
    month=st.integers(1, 12),
    form=st.integers(0, 5),
)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_property_a_named_month_is_kept_or_no_date(lang, day, month, form):
    if lang == "en":
        text = EN_FORMS[form].format(o=EN_ORD[day - 1], m=EN_MONTHS[month - 1], d=day)
    else:
        text = DE_FORMS[form].format(o=DE_ORD[day - 1], m=DE_MONTHS[month - 1], d=day)
    span = parse_dates(text, TODAY, lang)
    if span.arrival is not None:  # a date, if any, is the one said: never another month
        assert (span.arrival.month, span.arrival.day) == (month, day), text
    if _valid(month, day):
        assert span.arrival is not None, text  # and a real date is found


# --- context from the dialogue, and what is no date ------------------------------------------


def test_a_departure_said_alone_follows_the_known_arrival():
    span = parse_dates("until Thursday", TODAY, "en", arrival=D(2026, 3, 20))
    assert span.departure == D(2026, 3, 26)  # the Thursday after the 20th, not this week's
    assert parse_dates("bis zum 14.", TODAY, "de", arrival=D(2026, 3, 20)).departure == D(
        2026, 4, 14
    )


def test_a_bare_answer_fills_the_asked_slot():
    assert parse_dates("On March 14th.", TODAY, "en", asked="departure").departure == D(2026, 3, 14)
    assert parse_dates("On March 14th.", TODAY, "en").arrival == D(2026, 3, 14)
    assert parse_dates("three", TODAY, "en", asked="nights").nights == 3
    assert parse_dates("für zwei", TODAY, "de", asked="nights").nights == 2
    assert parse_dates("three", TODAY, "en").empty


@pytest.mark.parametrize(
    ("text", "arrival", "departure", "nights"),
    [
        ("I'm checking in 5th of March", D(2026, 3, 5), None, None),  # not "in 5 seconds"
        ("check in on the 13th and check out the next day", D(2026, 3, 13), D(2026, 3, 14), 1),
        (
            "can you change that to the 3rd of April for check in, four nights",
            D(2026, 4, 3),
            D(2026, 4, 7),
            4,
        ),
        # the 9th of March 2026 is a Monday: weekday and date contradict each other, so no date
        # is set and the dialogue asks (SGD wrote this with another year's calendar)
        ("I go home on Tuesday the 9th of March", None, None, None),
        ("I want to make the reservation now for 6 days", None, None, 6),
        ("I'm gonna be there for 12 whole days", None, None, 12),
        ("check out of the hotel by the 12th of March", None, D(2026, 3, 12), None),
    ],
)
def test_caller_phrasings_from_public_data(text, arrival, departure, nights):
    span = parse_dates(text, TODAY, "en")
    assert (span.arrival, span.departure, span.nights) == (arrival, departure, nights)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "the first one please"),  # a choice, not the 1st
        ("en", "no, the second one"),
        ("de", "die erste bitte"),
        ("en", "my stay will last 7 days"),  # Duckling: the past 7 days
        ("en", "until when can we stay on the last day?"),
        ("en", "booking S O V 6 6 4 8"),  # a spelled code
        ("en", "let's do three nights"),  # German "do" (Thursday) is not tried
    ],
)
def test_words_that_are_no_arrival(lang, text):
    span = parse_dates(text, TODAY, lang)
    assert span.arrival is None and span.departure is None


@pytest.mark.parametrize(
    "text",
    [
        "I want to arrive on the 13th, and leave on the 3rd of March",
        "from the 12th of March to the 4th of March",
    ],
)
def test_a_departure_before_the_arrival_is_not_made_a_long_stay(text):
    span = parse_dates(text, TODAY, "en")
    assert span.arrival is not None and span.departure is None and span.nights is None


@pytest.mark.parametrize(
    ("lang", "text", "arrival", "departure"),
    [
        # a range corrected on the way: the end said last is the departure
        ("en", "a room from thursday to thursday to sunday", "2026-03-05", "2026-03-08"),
        ("en", "from the 10th to the 12th, to the 13th i mean", "2026-03-10", "2026-03-13"),
        ("de", "vom 10. bis 12. bis 14. März", "2026-03-10", "2026-03-14"),
        # a "to" that names no day changes nothing
        ("en", "from the 10th to the 12th to be safe", "2026-03-10", "2026-03-12"),
    ],
)
def test_a_corrected_range_takes_the_end_said_last(lang, text, arrival, departure):
    span = parse_dates(text, TODAY, lang)
    assert (span.arrival.isoformat(), span.departure.isoformat()) == (arrival, departure)
