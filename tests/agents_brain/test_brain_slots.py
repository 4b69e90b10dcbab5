import datetime as dt

import pytest

from agents.understanding import slots
from agents.understanding.embedded import room_words
from agents.understanding.textnorm import FLAG_CUT, FLAG_EMPTY, FLAG_GARBAGE, clean

TODAY = dt.date(2026, 3, 2)


@pytest.fixture(scope="module")
def syn(settings):
    return room_words(settings)


@pytest.mark.parametrize(
    ("text", "asked", "expected"),
    [
        ("a double room for 2 people next Friday for two nights", None,
         {"room_type": "DBL", "guests": 2, "arrival": "2026-03-06", "departure": "2026-03-08", "nights": 2}),
        ("my name is Anna Weber", None, {"guest_name": "Anna Weber"}),
        ("Anna Weber", "guest_name", {"guest_name": "Anna Weber"}),
        ("two", "guests", {"guests": 2}),
        ("wir sind zu dritt", None, {"guests": 3}),
        ("just me", None, {"guests": 1}),
        ("für zwei Personen im Doppelzimmer", None, {"guests": 2, "room_type": "DBL"}),
        ("two separate beds please", None, {"room_type": "TWN"}),
        ("the confirmation number is SOV-4F7K2 and my name is John Smith", None,
         {"confirmation": "SOV-4F7K2", "guest_name": "John Smith"}),
        ("ABC123", "confirmation", {"confirmation": "ABC123"}),
        ("my phone is +49 30 1234567", None, {"phone": "+49301234567"}),
        ("anna at example dot com", None, {"email": "anna@example.com"}),
        ("Anna.Weber@Example.com", None, {"email": "anna.weber@example.com"}),
        ("mein Name ist Jörg Müller", None, {"guest_name": "Jörg Müller"}),
        ("the suite for 3 from the 12th to the 14th of March", None,
         {"room_type": "SUI", "guests": 3, "arrival": "2026-03-12", "departure": "2026-03-14", "nights": 2}),
        ("I'm calling about my booking", None, {}),
        ("yes", "guest_name", {}),
    ],
)  # fmt: skip
def test_slots_extracted(syn, text, asked, expected):
    found, conflict = slots.extract(text, TODAY, syn, asked)
    assert found == expected
    assert not conflict


def test_clean_flags_empty_garbage_and_cut():
    assert FLAG_EMPTY in clean("   \x00\t ", 100).flags
    assert FLAG_GARBAGE in clean("#### !!! ???", 100).flags
    assert FLAG_GARBAGE in clean("xkcdqwrtzpl bvcxnmlkjh", 100).flags
    long = "I would like to book a room " * 100
    c = clean(long, 100)
    assert FLAG_CUT in c.flags and len(c.text) <= 100 and c.usable
    assert c.original_chars == len(long)
    assert clean("+49 30 1234567", 100).usable  # a read-out number is not garbage
    assert clean("Hello\u200b there\x07", 100).text == "Hello there"
