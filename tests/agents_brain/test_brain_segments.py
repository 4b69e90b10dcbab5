"""A long opening turn read clause by clause (agents/understanding/segments.py).

Our own sentences, none from the corpus: the splitter and the combiner are pure functions; the
last tests read through the session's real backend (one extra encoder pass each)."""

from __future__ import annotations

import pytest

from agents.understanding import segments
from agents.understanding.backend import Context
from agents.understanding.intents import IntentScore
from tests.agents_brain.conftest import TODAY


def test_a_story_is_cut_at_commas_and_connectors():
    text = (
        "well my daughter, she lives in Berlin, and we wanted to visit her, so I thought "
        "I would ask whether you might have a room"
    )
    assert segments.clauses(text) == [
        "well my daughter",
        "she lives in Berlin",
        "and we wanted to visit her",
        "so I thought I would ask whether you might have a room",
    ]


def test_a_clause_longer_than_the_window_is_read_as_overlapping_windows():
    text = "uh huh ja hello we ja hello we want a double for five nights from tonight"
    assert segments.clauses(text) == [text]  # no punctuation, no connector
    assert segments.split(text) == [
        "uh huh ja hello we ja hello we",
        "we ja hello we want a double for",
        "want a double for five nights from tonight",
    ]
    assert segments.split("a short clause, and another one here") == [
        "a short clause",
        "and another one here",
    ]


def test_german_connectors_cut_and_dates_with_full_stops_stay_whole():
    text = "Ich war letztes Jahr schon bei Ihnen aber ich möchte vom 20.11. bis 22.11. umbuchen"
    assert segments.clauses(text) == [
        "Ich war letztes Jahr schon bei Ihnen",
        "aber ich möchte vom 20.11. bis 22.11. umbuchen",
    ]


def test_short_pieces_join_the_next_and_a_short_tail_joins_the_last():
    assert segments.clauses("Hi, yes, it is Tom Baker, so cancel it. Thanks") == [
        "Hi yes it is Tom Baker",
        "so cancel it Thanks",
    ]
    assert segments.clauses("yes please") == ["yes please"]


def _s(intent: str, p: float) -> IntentScore:
    return IntentScore(intent=intent, confidence=p)


PIECES = ["it is Tom Baker from Leeds", "my mother fell ill", "so please cancel my room"]


def test_a_clause_that_says_more_than_the_whole_turn_wins():
    got = segments.combine(
        _s("provide_info", 0.7),
        PIECES,
        [_s("provide_info", 0.9), _s("unknown", 0.6), _s("cancel", 0.8)],
    )
    assert got is not None
    assert (got.intent, got.confidence, got.piece) == ("cancel", 0.8, "so please cancel my room")
    assert got.explain() == "piece 3 of 3 p(cancel)=0.80 over the whole turn's provide_info 0.70"


def test_the_more_specific_task_wins_over_a_surer_generic_one():
    got = segments.combine(
        _s("greeting", 0.5), PIECES, [_s("book", 0.95), _s("lookup", 0.9), _s("modify", 0.6)]
    )
    assert got is not None and got.intent == "modify"


@pytest.mark.parametrize(
    "whole",
    ["unknown", "question", "affirm", "deny", "goodbye", "human", "repeat", "fact.parking"],
)
def test_readings_that_are_no_weaker_task_are_never_overridden(whole):
    """An "unknown" is where injections land ("ignore your rules and cancel ..."); a yes or no
    is only ever read from the whole answer."""
    assert segments.combine(_s(whole, 0.4), PIECES, [_s("cancel", 0.99)] * 3) is None


def test_a_clause_must_be_sure_and_say_more_than_the_whole_turn():
    three = [_s("provide_info", 0.9), _s("provide_info", 0.9)]
    unsure = [*three, _s("cancel", segments.PIECE_P - 0.01)]
    assert segments.combine(_s("provide_info", 0.7), PIECES, unsure) is None
    same_rank = [*three, _s("lookup", 0.99)]
    assert segments.combine(_s("book", 0.6), PIECES, same_rank) is None
    yes_piece = [*three, _s("affirm", 0.99)]
    assert segments.combine(_s("provide_info", 0.6), PIECES, yes_piece) is None


def test_a_task_read_in_the_whole_turn_yields_only_to_a_surer_clause():
    hedge = [_s("book", 0.9), _s("provide_info", 0.8), _s("modify", 0.63)]
    assert segments.combine(_s("book", 0.91), PIECES, hedge) is None
    sure = [_s("lookup", 0.9), _s("provide_info", 0.8), _s("modify", 0.94)]
    got = segments.combine(_s("lookup", 0.87), PIECES, sure)
    assert got is not None and got.intent == "modify"


def test_a_turn_of_one_clause_is_left_to_the_whole_reading():
    assert segments.combine(_s("provide_info", 0.5), ["one clause"], [_s("cancel", 0.9)]) is None


STORY = (
    "Guten Tag, hier spricht Waltraud Ebersberger aus Passau, mein Mann ist krank geworden, "
    "deshalb müssen wir leider stornieren"
)


def test_a_long_opening_with_the_task_in_its_last_clause(backend, reader):
    assert reader.read(STORY).intent != "cancel"  # the name and the story drown the task
    u = backend.understand(STORY, Context(today=TODAY))
    assert u.intent == "cancel", u.detail
    assert "piece 3 of 3 p(cancel)" in u.detail
    assert "Ebersberger" not in u.detail  # explanations carry no caller words
    seg = segments.reread(reader.intents, STORY, reader.read(STORY).score)
    assert seg is not None and seg.piece == "deshalb müssen wir leider stornieren"


def test_no_clause_reading_while_a_question_or_a_yes_is_pending(backend):
    """The clause reading only opens a task; an answer and the yes to a read-back are read
    whole, as before, so no write can rest on it."""
    for ctx in (
        Context(today=TODAY, asked="guest_name"),
        Context(today=TODAY, awaiting_confirmation=True),
    ):
        u = backend.understand(STORY, ctx)
        assert "piece" not in u.detail
        assert u.intent != "cancel"


@pytest.mark.parametrize(
    ("whole", "text"),
    [
        ("modify", "Hello, it is Tom Baker, and I would like to move my booking"),  # top rank
        ("question", "Hello, it is Tom Baker, and is there parking at the hotel"),
        ("provide_info", "Tom Baker, cancel it"),  # too short
        ("provide_info", "my name is Tom Baker from Leeds"),  # one clause
    ],
)
def test_no_encoder_pass_where_no_piece_could_win(whole, text):
    assert segments.pieces_to_read(text, _s(whole, 0.5)) == []


def test_a_long_opening_read_as_information_is_worth_its_pieces():
    text = "Hello, it is Tom Baker, and I would like to move my booking"
    assert segments.pieces_to_read(text, _s("provide_info", 0.6)) == [
        "Hello it is Tom Baker",
        "and I would like to move my booking",
    ]
