"""The unfinished-ending rules: which transcripts hold the turn open (media/asr/turn_end.py)."""

from __future__ import annotations

import pytest

from media.asr.turn_end import unfinished, unfinished_reason

UNFINISHED = [
    # English: wishes, prepositions, articles, "my name is", fillers, punctuation
    "Hello, I would like",
    "Hello, I would like.",  # whisper closes every piece with a full stop
    "I'd like",
    "we need",
    "I would like to",
    "from the",
    "A double room from the",
    "for two nights from",
    "My name is",
    "my name's",
    "The confirmation number is",
    "Can I",
    "Do you have",
    "Is there",
    "I'm",
    "a room for two and",
    "um",
    "I want a room, uh",
    "I would like to book...",
    "I would like to book,",
    "I would like to book…",
    # German
    "ich möchte",
    "Guten Tag, ich möchte.",
    "Ich hätte gerne",
    "vom",
    "vom dritten bis zum",
    "Mein Name ist",
    "ich heiße",
    "Ich möchte ein",
    "ich brauche eine",
    "für die",
    "Die Bestätigungsnummer ist",
    "Haben Sie",
    "Gibt es",
    "ein Zimmer und",
    "ähm",
    "Ich möchte ein Zimmer, also",
    # openers alone: the point is still to come ("Actually. ... make it 10 nights.")
    "Actually.",
    "Well, so.",
    "Also.",
    "Eigentlich.",
    # reading out a code, a number or a spelling: the next group (or the name) may follow
    "Okay, S-O-B-1553.",  # whisper's writing of "S O V 1 5 5 3," before "and the name is ..."
    "S O V 1 5 5 3",
    "W-E-B-E-R.",
    "meine Nummer ist 0176 1234 5678",
]

COMPLETE = [
    "",
    "Hello, I would like to book a double room for two nights from Friday.",
    "What time is check-in?",
    "Can I check in",  # "in" ends complete questions
    "Can I bring my dog?",
    "My name is Anna Weber.",
    "Yes, please book it.",
    "Yes, it is.",
    "Yes, I would.",
    "Yes, I am.",
    "That's all I need.",
    "That's what I want",
    "two adults",
    "Is there parking?",  # a question mark: heard as a finished sentence
    "Would you like to?",
    "I'd like that.",
    "Thank you.",
    # German
    "Wann ist der Check-in?",
    "Ich möchte ein Zimmer buchen.",
    "Kann ich meinen Hund mitnehmen?",
    "Ich sage ab.",  # separable particle, not a preposition
    "Ich rufe an",
    "Ich nehme die",  # "I'll take that one"
    "nur eine",
    "Genau das.",
    "Mein Name ist Anna Weber",
    "Ja, bitte.",
    "Okay.",  # a yes
    "Right.",
    "Moment.",  # a wait
    "Actually, yes.",
    "Well, no.",
    # numbers that are words of a sentence, not a read-out
    "Three.",
    "For 2 nights from May 2026.",
    "Room 12.",
    "Check-in is at 3 pm.",
    "We are 2.",
]


@pytest.mark.parametrize("text", UNFINISHED)
def test_plainly_unfinished_endings_hold_the_turn(text):
    assert unfinished(text), text
    assert unfinished_reason(text)


@pytest.mark.parametrize("text", COMPLETE)
def test_complete_sentences_do_not_wait(text):
    assert not unfinished(text), (text, unfinished_reason(text))


def test_a_read_out_code_is_named_as_such_and_words_a_and_i_are_no_spelling():
    assert unfinished_reason("S-O-V-1553.") == "ends reading out characters"
    assert unfinished_reason("so do i a b") is None  # words, not a spelling
    assert unfinished_reason("A-B-C") == "ends reading out characters"


def test_the_reason_names_the_words():
    assert unfinished_reason("my name is") == "ends with 'name is'"
    assert unfinished_reason("vom") == "ends with 'vom'"
    assert unfinished_reason("Ich möchte ein") == "ends with 'möchte' 'ein'"
