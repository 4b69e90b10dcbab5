"""Bad input through the live runtime (issue 10 §7): `sovren call --script ... --json`, checked
against the PMS.

Each call is a caller who says something the runtime must not book: a transcript the
extractor cannot parse, contradictory dates, a past date, a stay beyond the longest the
hotel allows, more guests than any room takes. The caller then says "yes" (the word that
would write if the runtime had taken the bad turn as a read-back): the PMS must be
unchanged, and the reply must say why and what is possible. Real processes, real rings,
real PostgreSQL; the hotel is the demo's (largest room: the suite, 4 guests; 30 nights).
"""

from __future__ import annotations

import json
import uuid

import pytest

from bench.pms_writes import pms_snapshot
from config import load_settings
from runtime.cli import main
from tests.runtime.conftest import LiveRuntime

TODAY = "2026-03-02"  # a Monday
WRITES = ("pms.create", "pms.modify", "pms.cancel")


@pytest.fixture(scope="module")
def live(module_db, tmp_path_factory):
    settings = load_settings(
        instance=f"b{uuid.uuid4().hex[:8]}",
        database_url=module_db,
        data_dir=str(tmp_path_factory.mktemp("badinput")),
        hotel={"simulated_date": TODAY},
    )
    rt = LiveRuntime(settings, module_db).start()
    yield rt
    rt.stop()


@pytest.fixture
def call(live, tmp_path, capsys, monkeypatch):
    """One scripted call through the CLI; returns its turns, and the PMS is checked unchanged."""
    monkeypatch.delenv("SOVREN_CONFIG", raising=False)
    monkeypatch.setenv("SOVREN_DATA_DIR", str(live.settings.data_dir))
    monkeypatch.setenv("SOVREN_INSTANCE", live.settings.instance)
    monkeypatch.setenv("SOVREN_DATABASE_URL", live.url)

    def run(turns: list[str], lang: str = "en") -> list[dict]:
        before = pms_snapshot(live.url)
        script = tmp_path / f"call-{uuid.uuid4().hex[:6]}.txt"
        script.write_text(f"# today: {TODAY}\n" + "\n".join(turns) + "\n")
        assert main(["call", "--script", str(script), "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        turns_out = out["turns"]
        writes = [a for t in turns_out for a in t["actions"] if a["kind"] in WRITES]
        assert not any(a["approved"] for a in writes), writes  # nothing was written...
        assert pms_snapshot(live.url) == before  # ... as the PMS itself shows
        return turns_out

    return run


def _replies(turns: list[dict]) -> list[str]:
    return [t["reply"] for t in turns]


def test_a_transcript_the_extractor_cannot_parse_never_becomes_a_write(call):
    t = call(
        [
            "I'd like to book a room.",
            "from the thirty-second of smarch until the umpteenth",
            "yes",
            "yes, book it",
        ]
    )
    # no date was taken from the garbled turn: the dates are asked, never read back
    for reply in _replies(t)[1:]:
        assert "Shall I book" not in reply and "spelled" not in reply, reply
    assert any("arrive" in r.lower() or "which date" in r.lower() for r in _replies(t)[1:])


def test_contradictory_dates_are_asked_back_before_anything_else(call):
    t = call(
        ["I'd like to book a room from the 12th to the 14th of March for three nights.", "yes"]
    )
    first = t[0]["reply"]
    assert "2 nights, not 3" in first and "Which is right?" in first, first
    assert all(a["kind"] != "pms.availability" for a in t[0]["actions"]), t[0]


def test_a_past_date_is_explained_with_today_and_asked_again(call):
    t = call(["I'd like a double room from the 20th of February 2026 for two nights.", "yes"])
    first = t[0]["reply"]
    assert "already passed" in first and "March 2" in first, first
    assert "From which date" in first, first


def test_a_stay_beyond_the_longest_allowed_says_the_longest(call):
    t = call(["I'd like to book a room from the 10th of March for 45 nights.", "yes"])
    first = t[0]["reply"]
    assert "at most 30 nights" in first and "How many nights" in first, first


def test_more_guests_than_any_room_hears_the_largest_room_and_the_reception(call):
    t = call(["We need a room from the 10th of March for two nights for nine people.", "no"])
    first = t[0]["reply"]
    assert "largest room" in first and "at most 4 guests" in first, first
    assert "connect you with the reception" in first, first
    # declined: asked for fewer guests, no partial booking
    assert "how many" in t[1]["reply"].lower(), t[1]["reply"]


def test_german_past_date_is_explained_in_german(call):
    t = call(["Ich möchte ein Zimmer vom 1. Februar 2026 für zwei Nächte buchen.", "ja"])
    first = t[0]["reply"]
    assert "Vergangenheit" in first and "heute ist" in first, first
