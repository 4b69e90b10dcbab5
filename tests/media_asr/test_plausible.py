"""Whether English words read as English (media/asr/plausible.py): the language check's second trigger.

Transcripts as whisper writes them; the word frequencies are wordfreq's real lists.
"""

from __future__ import annotations

import pytest

from media.asr.plausible import MIN_WORDS, UNSURE_BELOW, english_doubt, evidence


@pytest.mark.parametrize(
    "text",
    [
        "Hello, I would like to book a double room for two nights from Friday.",
        "My name is Anna Nowak, the confirmation number is S O V 1 5 5 3.",
        "Okay, S O V 4 5 7 2, and the name is Sarah Mitchell.",
        "um yeah so like the twin is fine go ahead",
        "Is there a gym?",
        "Danke.",  # too short to judge: a German word in an English call costs nothing
    ],
)
def test_english_reads_as_english(text):
    assert english_doubt(text, 0.9) is None, evidence(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ich möchte ein Doppelzimmer buchen, bitte.",  # tiny.en writes German words at times
        "Via Mirkton, Zwei Nächte Blauben, einer Person.",
        "Gibt es einen Parkplatz?",
        "Dankashan, alfiedersan.",  # tiny.en on "Danke schön, auf Wiedersehen."
    ],
)
def test_german_words_or_no_words_are_doubted_at_any_confidence(text):
    doubt = english_doubt(text, 0.95)
    assert doubt is not None and doubt.share >= 0.5
    assert str(doubt).startswith(f"{len(doubt.foreign) + len(doubt.unknown)} of {doubt.words}")


def test_at_moderate_confidence_one_word_against_english_is_enough():
    """tiny.en writes most German as English words; the word it could not is the tell."""
    text = "Newton Talk and had a get-an-unt simmer."  # tiny.en on "Guten Tag, ich hätte ..."
    assert english_doubt(text, UNSURE_BELOW - 0.1) is not None
    assert english_doubt(text, UNSURE_BELOW) is None
    # plain English words at the same moderate confidence are not doubted
    assert english_doubt("I would like a double room please.", UNSURE_BELOW - 0.1) is None


def test_a_word_counts_as_foreign_only_for_the_hotels_languages():
    """'merci' and 'beaucoup' are French: foreign where the hotel speaks French, else unknown."""
    fr = evidence("merci beaucoup madame", others=("fr",))
    de = evidence("merci beaucoup madame", others=("de",))
    assert "beaucoup" in fr.foreign and "beaucoup" not in de.foreign
    assert "beaucoup" in de.unknown


def test_digits_and_spelled_letters_count_for_nothing():
    assert evidence("S O V 1 2 3 4").words == 0
    assert english_doubt("S O V 1 2 3 4 5 6 7") is None
    assert MIN_WORDS > 1
