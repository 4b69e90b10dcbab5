"""What a recogniser writes is put back before understanding: hotel words written as
homophones, a spelled code written with its letters apart.

The transcripts are whisper's own (tiny.en on Piper, bench.asr_hints on the train split).
"""

from __future__ import annotations

import datetime as dt

import pytest

from agents.understanding import slots as slotmod
from agents.understanding.asr_text import restore
from agents.understanding.embedded import room_words
from agents.understanding.textnorm import clean
from config import load_settings


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("I need a sweet for five days.", "I need a suite for five days."),
        ("I want to book your sweet starting Sunday", "I want to book your suite starting Sunday"),
        ("Two sweets, please.", "Two suites, please."),
        ("from September 22 to September 27 to adults and a child",
         "from September 22 to September 27 two adults and a child"),  # fmt: skip
        ("for to people please", "for two people please"),
        ("we are too adults", "we are two adults"),
        ("Could you look up my booking s ov8922?", "Could you look up my booking sov8922?"),
        ("booking S O V8922", "booking SOV8922"),
        ("It is S-OV1553.", "It is SOV1553."),
    ],
)
def test_homophones_of_hotel_words_are_restored(heard, meant):
    assert restore(heard) == meant


@pytest.mark.parametrize(
    "text",
    [
        "oh that's sweet, thanks",  # an adjective: no article before it
        "the pool is open to adults only",
        "I'd like to talk to people at the front desk",
        "from the 3rd to the 5th",
        "Ich möchte eine Suite für zwei Personen.",
        "my number is a sov8922",  # "a" is a word, not a letter of the code
        "I SOV1553",
        "the A1 road",
    ],
)
def test_words_meant_as_they_are_stay(text):
    assert restore(text) == text


def test_clean_restores_them_so_strike_and_intel_read_the_same_words():
    assert clean("I need  a sweet", 400).text == "I need a suite"


def test_the_restored_transcript_yields_the_room_and_the_party_whisper_lost():
    settings = load_settings()
    synonyms = room_words(settings)
    rates = slotmod.rate_words(settings.hotel.rate_plans)
    today = dt.date(2026, 3, 2)

    def slots(text):
        found, _ = slotmod.extract(text, today, synonyms, None, lang="en", rates=rates)
        return found

    heard = "I need a sweet for five days from Tuesday for 2 adults."
    assert slots(heard).get("room_type") != "SUI"  # the bug: the room is lost
    assert slots(clean(heard, 400).text)["room_type"] == "SUI"
    heard = "We'll need a room from September 22 to September 27 to adults."
    assert "guests" not in slots(heard)
    assert slots(clean(heard, 400).text)["guests"] == 2


def test_a_code_written_apart_is_found_whole():
    settings = load_settings()
    found, _ = slotmod.extract(
        clean("Could you look up my booking s ov8922?", 400).text, dt.date(2026, 3, 2),
        room_words(settings), None, lang="en",
    )  # fmt: skip
    assert found["confirmation"] == "SOV8922"  # not "OV8922"
