"""The vocabulary prompt candidate (media/asr/hints.py): the hotel's own words, nothing else."""

from __future__ import annotations

from pathlib import Path

from config import load_settings
from media.asr.hints import MAX_CHARS, prompts, vocabulary_prompt

LAKESIDE = Path(__file__).resolve().parents[1] / "sites" / "lakeside.yaml"


def test_the_prompt_names_this_hotels_rooms_rates_and_months_in_the_language():
    hotel = load_settings().hotel
    en, de = vocabulary_prompt(hotel, "en"), vocabulary_prompt(hotel, "de")
    assert "twin room" in en and "non-refundable rate" in en and "December" in en
    assert "Zweibettzimmer" in de and "Dezember" in de and "twin room" not in de
    for code in ("DBL", "TWN", "SUI", "FLEX", "NONREF"):  # names, never codes
        assert code not in en and code not in de
    assert len(en) <= MAX_CHARS and len(de) <= MAX_CHARS


def test_another_hotels_file_gives_its_words_and_no_frame_no_prompt():
    other = load_settings(LAKESIDE).hotel
    demo = load_settings().hotel
    assert vocabulary_prompt(other, "en") != vocabulary_prompt(demo, "en")
    assert "Hotel Sovren" not in vocabulary_prompt(other, "en")
    assert vocabulary_prompt(demo, "fr") == ""  # no frame for the language: no guessing
    assert set(prompts(demo, ("de", "fr"))) == {"en", "de"}
