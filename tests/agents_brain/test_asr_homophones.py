"""Hotel words a recogniser writes as homophones are put back before understanding.

The transcripts are whisper's own (tiny.en on Piper, bench.asr_hints on the train split).
"""

from __future__ import annotations

import datetime as dt

import pytest

from agents.understanding import slots as slotmod
from agents.understanding.embedded import room_words
from agents.understanding.homophones import restore
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
