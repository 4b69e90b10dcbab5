"""A stay made longer or shorter by some nights (agents/understanding/relative_nights.py).

Sentences written for this file; the rule is the grammar of "N more/less", "extend/shorten by
N", "N Nächte länger/kürzer", not a list of phrasings.
"""

from __future__ import annotations

import pytest

from agents.intel.dialogue import Dialogue
from agents.understanding import relative_nights
from bench.brain_harness import FakePms, run_call


@pytest.mark.parametrize(
    ("text", "delta"),
    [
        ("could we stay two more nights", 2),
        ("we'd like an additional night at the end", 1),
        ("is it possible to extend the booking by three nights", 3),
        ("please shorten my stay by one night", -1),
        ("we have to drop a night, sorry", -1),
        ("could we have one night fewer", -1),
        ("wir bräuchten zwei Nächte mehr", 2),
        ("geht das einen Tag kürzer", -1),
        ("bitte um eine Nacht verlängern", 1),
        ("könnten wir noch eine Nacht dranhängen", 1),
        ("we need another night", 1),
    ],
)
def test_a_change_of_the_nights_and_its_size(text, delta):
    assert relative_nights.split(text)[0] == delta


@pytest.mark.parametrize(
    "text",
    [
        "two nights please",
        "I'll take three nights",
        "two more guests are coming",  # a count of people, not nights
        "I'll call another day",
        "drei Nächte bitte",
    ],
)
def test_a_count_alone_is_no_change(text):
    assert relative_nights.split(text)[0] is None


def _modify_call(settings, backend, today, said: list[str]):
    pms = FakePms(list(settings.hotel.room_types))
    pms.seed(confirmation="SOV3141", guest_name="Wilma Farnsworth", phone="+4917600099911",
             arrival="2026-04-06", departure="2026-04-10", guests="2", room_type="DBL")  # fmt: skip
    d = Dialogue(settings, today, caller_id="+4917600099911", backend=backend)
    return run_call(d, pms, said, "+4917600099911"), pms


def test_one_more_night_extends_the_booking_at_its_end(settings, backend, today):
    """A four-night booking made one night longer is read back as five nights from the same
    arrival (the stay reader alone had read "one more night" as a stay of one night)."""
    turns, pms = _modify_call(
        settings, backend, today,
        ["I'd like to change my booking SOV3141, Wilma Farnsworth", "could you make it one more night", "yes"],
    )  # fmt: skip
    readback = turns[1].reply
    assert "April 6 to" in readback and "April 11" in readback and "5 nights" in readback
    assert pms.calls[-1][0] == "pms.modify"
    assert (pms.calls[-1][1]["arrival"], pms.calls[-1][1]["departure"]) == (
        "2026-04-06",
        "2026-04-11",
    )


def test_a_night_shorter_in_german_cuts_the_last_night(settings, backend, today):
    turns, pms = _modify_call(
        settings, backend, today,
        ["Ich möchte meine Buchung SOV3141 ändern, Wilma Farnsworth", "bitte eine Nacht kürzer", "ja"],
    )  # fmt: skip
    assert "3 Nächte" in turns[1].reply and "9. April" in turns[1].reply
    assert pms.calls[-1][0] == "pms.modify"
    assert pms.calls[-1][1]["departure"] == "2026-04-09"
