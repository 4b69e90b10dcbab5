"""The cross-check of another engine's stay (agents/understanding/crosscheck.py), pure.

Each test builds the answer an LLM might give for a caller's words and checks what reaches the
dialogue: values the words back stand, values they contradict or do not carry become the
conflict the embedded brain would raise, so the dialogue asks back instead of writing.
"""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from agents.understanding import text_support
from agents.understanding.backend import Context, Understanding, UnderstandingBackend
from agents.understanding.crosscheck import CrossChecked, check

TODAY = dt.date(2026, 3, 2)  # a Monday


def llm(text: str, slots: dict, conflicts: tuple[str, ...] = (), **ctx) -> tuple:
    """(slots, conflicts, {slot: rule}) of the LLM answer ``slots`` to ``text`` after the check."""
    u = Understanding(
        intent="book", confidence=0.93, text=text, slots=slots, conflicts=conflicts,
        backend="vllm", detail="vllm model m",
    )  # fmt: skip
    out, fired = check(u, Context(today=TODAY, **ctx))
    assert out.confidence == 0.93 and out.intent == "book"  # the check never re-scores
    return out.slots, out.conflicts, {f.slot: f.rule for f in fired}


def stay(a: str, d: str, n: int, **more) -> dict:
    return {"arrival": a, "departure": d, "nights": n, **more}


def test_agreement_stands_untouched():
    text = "next Friday for two nights, two of us, a double"
    answer = stay("2026-03-06", "2026-03-08", 2, guests=2, room_type="DBL")
    slots, conflicts, rules = llm(text, answer)
    assert slots == answer and conflicts == ()
    assert set(rules.values()) == {"agree"}


@pytest.mark.parametrize(
    ("text", "lang", "answer"),
    [
        # the case: a correction the LLM resolved to another month
        ("ab dem 22.3., nein, ab dem dreiundzwanzigsten", "de", {"arrival": "2026-10-23"}),
        # a month the caller said, dropped by the LLM
        ("from the ninth of May for three nights", "en", stay("2026-03-09", "2026-03-12", 3)),
        ("vom dritten Juni bis zum fünften", "de", stay("2026-07-03", "2026-07-05", 2)),
        # a day off by one, the month right
        ("arriving the 12th of April, leaving the 14th", "en", stay("2026-04-13", "2026-04-14", 1)),
    ],
)
def test_a_date_the_reading_contradicts_is_asked_back(text, lang, answer):
    slots, conflicts, rules = llm(text, answer, lang=lang)
    assert conflicts == ("dates_unsure",)
    assert not slots.keys() & {"arrival", "departure", "nights"}
    assert "contradicted" in rules.values()


def test_the_right_reading_of_a_correction_stands():
    slots, conflicts, _ = llm(
        "ab dem 22.3., nein, ab dem dreiundzwanzigsten", {"arrival": "2026-03-23"}, lang="de"
    )
    assert slots == {"arrival": "2026-03-23"} and conflicts == ()


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("a week from Friday, two nights", "en"),  # the extractor reads the Friday itself
        ("Ende des Monats für eine Woche", "de"),  # a part of a period is no day
    ],
)
def test_words_the_embedded_reading_is_unsure_of_are_asked_whatever_the_llm_says(text, lang):
    for answer in (stay("2026-03-13", "2026-03-15", 2), {}):
        slots, conflicts, rules = llm(text, answer, lang=lang)
        assert conflicts == ("dates_unsure",) and "arrival" not in slots
        assert rules == {"dates": "text_unsure"}


def test_a_range_that_disagrees_with_its_nights_keeps_the_embedded_question():
    text = "from the 12th to the 14th of March, three nights"
    slots, conflicts, rules = llm(text, stay("2026-03-12", "2026-03-14", 3), ("dates",))
    assert conflicts == ("dates",)
    assert (slots["arrival"], slots["departure"], slots["nights"]) == (
        "2026-03-12",
        "2026-03-14",
        3,
    )
    assert rules == {"dates": "text_conflict"}


def test_a_paraphrase_the_words_back_is_kept():
    # no month said: the embedded reading gives no day, the LLM's days are the ones said
    for text, answer in [
        ("12th to 14th", stay("2026-03-12", "2026-03-14", 2)),
        ("12th to 14th, that's in June", stay("2026-06-12", "2026-06-14", 2)),
    ]:
        slots, conflicts, rules = llm(text, answer)
        assert slots == answer and conflicts == ()
        assert set(rules.values()) == {"paraphrase_kept"}


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("the usual, like last year", {"arrival": "2026-04-15"}),  # nothing in the words
        ("12th to 14th", stay("2026-03-12", "2026-03-15", 3)),  # the 14th said, not the 15th
        ("sometime in May", {"arrival": "2026-05-15"}),  # a month names no day
        ("12th to 14th, that's in June", stay("2026-07-12", "2026-07-14", 2)),  # June said
    ],
)
def test_a_value_the_words_do_not_carry_is_asked(text, answer):
    slots, conflicts, rules = llm(text, answer)
    assert conflicts == ("dates_unsure",) and "arrival" not in slots
    assert "unsupported" in rules.values()


def test_what_the_llm_missed_is_added_from_the_reading():
    slots, conflicts, rules = llm("next Friday for two nights", {"arrival": "2026-03-06"})
    assert slots == stay("2026-03-06", "2026-03-08", 2) and conflicts == ()
    assert rules == {"arrival": "agree", "departure": "llm_missed", "nights": "llm_missed"}


@pytest.mark.parametrize(
    ("text", "guests", "kept", "rule"),
    [
        ("three of us", 3, 3, "agree"),
        ("three of us", 4, None, "contradicted"),
        ("I'd like a room", 1, None, "unsupported"),  # "a" is no party
        ("and the whole gang, three", 3, 3, "paraphrase_kept"),
        ("oh and I'm bringing my kids", 3, None, "text_unsure"),
    ],
)
def test_guests(text, guests, kept, rule):
    slots, conflicts, rules = llm(text, {"guests": guests, "guest_name": "Anna Weber"})
    assert slots.get("guests") == kept and slots["guest_name"] == "Anna Weber"
    assert conflicts == (() if kept else ("guests_unsure",))
    assert rules == {"guests": rule}


def test_where_the_two_readings_differ_neither_is_trusted():
    # the embedded reading takes "the weekend after the next one" as March 13-15 (the coming
    # weekend plus a week); an LLM that counts a week further may be right too, but two
    # readings of one stay are asked, never picked
    slots, conflicts, rules = llm(
        "the weekend after the next one", stay("2026-03-20", "2026-03-22", 2)
    )
    assert conflicts == ("dates_unsure",) and rules["arrival"] == "contradicted"
    slots, conflicts, rules = llm(
        "the weekend after the next one", stay("2026-03-13", "2026-03-15", 2)
    )
    assert conflicts == () and slots["arrival"] == "2026-03-13"  # the same reading: kept


def test_a_day_said_relative_to_today_backs_a_near_day_only():
    said = text_support.read("sometime soon, from tomorrow or so", TODAY, "en")
    assert said.relative and said.explains_day(TODAY + dt.timedelta(days=1))
    assert said.explains_day(TODAY + dt.timedelta(days=text_support.RELATIVE_REACH_DAYS))
    assert not said.explains_day(TODAY + dt.timedelta(days=text_support.RELATIVE_REACH_DAYS + 1))
    assert not text_support.read("in May", TODAY, "en").explains_day(dt.date(2026, 5, 1))


def test_the_log_names_rules_never_words_or_values(caplog):
    caplog.set_level(logging.INFO, logger="agents.understanding.crosscheck")
    _, _, rules = llm(
        "Anna Weber, ab dem 22.3., nein, ab dem dreiundzwanzigsten",
        {"arrival": "2026-10-23", "guest_name": "Anna Weber"},
        lang="de",
    )
    assert rules == {"arrival": "contradicted"}
    logged = caplog.text
    assert "arrival contradicted" in logged and "vllm" in logged
    assert "Anna" not in logged and "2026" not in logged and "22" not in logged


class _Fixed(UnderstandingBackend):
    name = "fixed"

    def __init__(self, slots: dict):
        self.slots = slots
        self.closed = False

    def understand(self, text: str, ctx: Context) -> Understanding:
        return Understanding(intent="book", confidence=0.9, text=text, slots=self.slots)

    def close(self) -> None:
        self.closed = True


def test_the_wrapper_checks_every_answer_and_passes_close_on():
    inner = _Fixed({"arrival": "2026-10-23"})
    be = CrossChecked(inner)
    assert be.name == "fixed" and be.checks_stay_itself
    u = be.understand("from the 23rd of March", Context(today=TODAY))
    assert u.conflicts == ("dates_unsure",) and "arrival" not in u.slots
    be.close()
    assert inner.closed


def test_a_range_and_nights_in_conflict_read_otherwise_by_the_llm_are_asked_open():
    # the question "from X to Y is 2 nights, not 3" would name dates the LLM did not read
    text = "from the 12th to the 14th of March, three nights"
    slots, conflicts, rules = llm(text, stay("2026-04-12", "2026-04-15", 3))
    assert conflicts == ("dates_unsure",) and "arrival" not in slots
    assert rules == {"dates": "text_conflict_differs"}


def test_no_wrong_value_injected_into_the_dev_splits_answers_passes():
    """Every dev turn that states a stay, answered with its labels plus one error (the month
    moved, a day off, one night or guest more; bench/crosscheck.py's errors): the wrong value
    never comes out of the check. (On all splits: 1,330 date and 842 count errors, one passes,
    a party the embedded reading also counts wrong; BENCHMARKS.md.)"""
    import random

    from bench.corpus import load
    from bench.crosscheck import KINDS, inject

    checked, passed = 0, []
    for d in load(split="dev"):
        ctx = Context(today=dt.date.fromisoformat(d.today), lang=d.lang)
        for i, t in enumerate(d.turns):
            for kind in KINDS:
                bad = inject(kind, dict(t.slots), random.Random(f"{d.id}:{i}"))
                if bad is None:
                    continue
                u = Understanding(intent=t.intent, confidence=0.9, text=t.text, slots=bad)
                out = check(u, ctx)[0].slots
                wrong = [k for k, v in bad.items() if v != t.slots.get(k) and out.get(k) == v]
                checked += 1
                passed += [(d.id, t.text, k) for k in wrong]
    assert checked > 100 and passed == []
