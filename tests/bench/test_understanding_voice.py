"""bench.understanding_voice: the write comparison on hand-made inputs, and one real call by voice.

The live test checks that the benchmark's record of a spoken corpus dialogue is
complete and agrees with the PMS, not that the brain gets the booking right.
"""

from __future__ import annotations

import uuid

import numpy as np
import psycopg
import pytest

from bench.pms_writes import compare_writes, writes_between
from bench.understanding_voice_report import summarise
from bench.voice_caller import telephone, word_error_rate

WANT = {
    "action": "pms.create",
    "arrival": "2026-07-08",
    "departure": "2026-07-09",
    "guests": 3,
    "room_type": "SUI",
    "guest_name": "Grace Taylor",
    "rate_plan": "FLEX",
}


def _row(rid, conf, status="confirmed", **kw):
    r = {
        "id": rid,
        "confirmation": conf,
        "status": status,
        "arrival": "2026-07-08",
        "departure": "2026-07-09",
        "guests": 3,
        "room_type": "SUI",
        "rate_plan": "FLEX",
        "guest_name": "Grace Taylor",
    }
    return r | kw


def _created(**kw):
    return writes_between({}, {"a": _row("a", "SOV2001", **kw)})


def test_the_expected_booking_is_a_success_whatever_the_name_case():
    got = compare_writes(WANT, _created(guest_name="grace  taylor"))
    assert got == {"success": True, "wrong_write": False, "reasons": []}


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"arrival": "2026-06-08"}, "arrival 2026-06-08"),
        ({"departure": "2026-07-10"}, "departure 2026-07-10"),
        ({"guests": 2}, "guests 2"),
        ({"room_type": "DBL"}, "room_type DBL"),
    ],
)
def test_a_booking_with_other_dates_guests_or_room_is_a_wrong_write(change, reason):
    got = compare_writes(WANT, _created(**change))
    assert got["success"] is False and got["wrong_write"] is True
    assert any(r.startswith(reason) for r in got["reasons"]), got


def test_another_name_or_rate_fails_the_task_without_being_a_wrong_write():
    got = compare_writes(WANT, _created(guest_name="Grace Tailor", rate_plan="NONREF"))
    assert got["success"] is False and got["wrong_write"] is False
    assert len(got["reasons"]) == 2, got


def test_no_write_when_one_was_expected_is_a_failure_not_a_wrong_write():
    got = compare_writes(WANT, [])
    assert got["success"] is False and got["wrong_write"] is False
    assert got["reasons"][0].startswith("no write"), got


def test_a_write_when_none_was_expected_is_a_wrong_write_and_none_is_a_success():
    assert compare_writes(None, []) == {"success": True, "wrong_write": False, "reasons": []}
    got = compare_writes(None, _created())
    assert got["success"] is False and got["wrong_write"] is True


def test_a_second_booking_is_a_wrong_write_even_when_the_first_is_right():
    after = {"a": _row("a", "SOV2001"), "b": _row("b", "SOV2002")}
    got = compare_writes(WANT, writes_between({}, after))
    assert got["wrong_write"] is True and not got["success"]


def test_modify_and_cancel_are_read_from_the_pms_and_checked_on_their_reservation():
    seeded = {"s": _row("s", "SOV1234", arrival="2026-08-01", departure="2026-08-03")}
    moved = {"s": _row("s", "SOV1234", arrival="2026-08-02", departure="2026-08-04")}
    cancelled = {"s": {**seeded["s"], "status": "cancelled"}}
    modify = {
        "action": "pms.modify",
        "confirmation": "SOV1234",
        "arrival": "2026-08-02",
        "departure": "2026-08-04",
    }
    writes = writes_between(seeded, moved)
    assert [w["action"] for w in writes] == ["pms.modify"]
    assert compare_writes(modify, writes)["success"] is True
    wrong_day = writes_between(seeded, {"s": {**moved["s"], "departure": "2026-08-05"}})
    assert compare_writes(modify, wrong_day)["wrong_write"] is True
    cancel = {"action": "pms.cancel", "confirmation": "SOV1234"}
    assert compare_writes(cancel, writes_between(seeded, cancelled))["success"] is True
    assert compare_writes(modify, writes_between(seeded, cancelled))["wrong_write"] is True
    assert writes_between(seeded, seeded) == []  # a lookup writes nothing


def test_word_error_rate_ignores_case_and_punctuation():
    assert word_error_rate("My name's Peter Miller.", "my name's peter miller") == 0.0
    assert word_error_rate("yes please book it", "yes book it") == 0.25


def test_the_phone_line_keeps_speech_frequencies_and_drops_the_rest():
    t = np.arange(16000) / 16000
    speech, hum = (np.sin(2 * np.pi * f * t).astype(np.float32) for f in (1000, 100))
    y = telephone(0.5 * speech + 0.5 * hum)
    assert y.size == 8000  # 8 kHz, one second
    spectrum = np.abs(np.fft.rfft(y))  # 1 Hz per bin
    assert spectrum[995:1006].max() > 100 * spectrum[95:106].max()  # the hum is gone
    assert np.sqrt(np.mean(y**2)) > 0.3  # the speech is kept, at a level a line carries


def test_summary_counts_success_and_wrong_writes_per_mode_and_language():
    recs = [
        {"mode": "text", "lang": "en", "success": True, "wrong_write": False, "wall_s": 1.0},
        {"mode": "text", "lang": "de", "success": False, "wrong_write": True, "wall_s": 3.0},
    ]
    s = summarise(recs)
    assert s["text/all"]["n"] == 2 and s["text/all"]["success"] == 1
    assert s["text/de"]["wrong_write_rate"] == 1.0 and s["text/en"]["wrong_writes"] == 0


# -- one corpus dialogue by voice through a live runtime ------------------------------------
def _short_booking():
    from bench.corpus import load

    booked = [
        d
        for d in load(split="test")
        if d.lang == "en" and d.expect.outcome == "booked" and d.caller_id
    ]
    return min(booked, key=lambda d: sum(len(t.text) for t in d.turns))


@pytest.fixture(scope="module")
def live(pg_cluster, tmp_path_factory, tiny_path):
    from bench.voice import live_runtime
    from config import load_settings

    d = _short_booking()
    name = f"uvb_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = pg_cluster.url(name)
    settings = load_settings(
        instance=f"u{uuid.uuid4().hex[:8]}",
        database_url=url,
        data_dir=str(tmp_path_factory.mktemp("uvb")),
        media={"whisper_model": str(tiny_path)},
        hotel={"simulated_date": d.today},
        agents={"shed_new_calls": False},
    )
    try:
        with live_runtime(settings, None, progress=lambda m: None):
            yield d, settings, url
    finally:
        with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_spoken_corpus_booking_gives_a_complete_record_that_agrees_with_the_pms(
    live, model_cache
):
    from bench.pms_writes import pms_snapshot
    from bench.understanding_voice import run_one
    from bench.voice_caller import CallerAudio
    from runtime.client import CallClient

    d, settings, url = live
    audio = CallerAudio(model_cache / "test-audio")
    with CallClient(settings) as client:
        rec = run_one(client, url, settings, d, "espeak8k", audio)
    assert not rec.get("error"), rec["reasons"]
    call = rec["call"]
    # every caller turn was spoken and waited for; most of them were heard and answered
    assert len(call["utterances"]) == len(d.turns) == len(rec["said"])
    heard = [u for u in call["utterances"] if u["transcripts"]]
    assert len(heard) >= len(d.turns) - 1, call["utterances"]
    for u in heard:
        assert all(isinstance(t, str) and t for t in u["transcripts"])
        assert len(u["replies"]) == len(u["transcripts"]) and u["wait"] == "reply", u
    assert 0.0 <= rec["wer"] < 0.9, (rec["said"], [u["transcripts"] for u in heard])
    assert isinstance(rec["outcome"], str) and rec["outcome"]
    # the PMS comparison: every booking the call reports is a write the benchmark saw
    made = {
        (a.get("result") or {}).get("reservation", {}).get("confirmation")
        for u in call["utterances"]
        for a in u["actions"]
        if a["kind"] == "pms.create" and a["approved"] and (a.get("result") or {}).get("ok")
    }
    assert made == {w["confirmation"] for w in rec["writes"] if w["action"] == "pms.create"}
    assert {w["confirmation"] for w in rec["writes"]} <= {
        r["confirmation"] for r in pms_snapshot(url).values()
    }
    assert rec["expect"]["write"]["action"] == "pms.create"
    assert isinstance(rec["success"], bool) and isinstance(rec["wrong_write"], bool)
    assert rec["success"] == (not rec["reasons"])


def test_a_short_run_takes_dialogues_across_flows_and_languages():
    from bench.corpus import load
    from bench.understanding_voice import select

    chosen = select(load(split="test"), 6)
    assert [(d.flow, d.lang) for d in chosen] == [
        ("book", "en"),
        ("book", "de"),
        ("modify", "en"),
        ("modify", "de"),
        ("cancel", "en"),
        ("cancel", "de"),
    ]
    assert len(select(load(split="test"), None)) == len(load(split="test"))


def test_runs_made_apart_merge_into_one_report():
    from bench.understanding_voice_report import merge, to_markdown

    def run(mode, ok, wall):
        rec = {"id": "en-book-0001", "lang": "en", "mode": mode, "success": ok}
        rec |= {"wrong_write": False, "wall_s": 1.0, "reasons": [] if ok else ["no write"]}
        return {
            "split": "test",
            "records": [rec],
            "runtime_starts": 1,
            "wall_s": wall,
            "date": "2026-12-07 06:00 UTC",
            "load_before": [1.0, 1.0, 1.0],
            "load_after": [2.0, 1.0, 1.0],
            "machine": "x86_64",
            "commands": [f"python -m bench.understanding_voice --voices {mode}"],
        }

    m = merge([run("text", True, 10.0), run("espeak8k", False, 50.0)])
    assert m["dialogues"] == 1 and m["wall_s"] == 60.0 and m["modes"] == ["text", "espeak8k"]
    assert m["summary"]["espeak8k/en"]["success"] == 0 and m["summary"]["text/en"]["success"] == 1
    md = to_markdown(m, "`, `".join(m["commands"]))
    assert "| en | 1 | 1/1 (100%); 0/0 of the writes | 0 (0%) | 0/1 (0%); 0/0" in md
    assert "- en-book-0001 (espeak8k, dialogue): no write" in md
    assert "`failure_class`): espeak8k: dialogue 1." in md


def test_merge_refuses_mixed_splits_and_a_dialogue_run_twice():
    from bench.understanding_voice_report import MergeError, merge

    def run(split, mode):
        rec = {"id": "en-book-0001", "lang": "en", "mode": mode, "success": True}
        rec |= {"wrong_write": False, "wall_s": 1.0, "reasons": []}
        return {"split": split, "records": [rec], "runtime_starts": 1, "wall_s": 1.0,
                "date": "2026-12-07 06:00 UTC", "load_before": [1.0] * 3,
                "load_after": [1.0] * 3, "machine": "x86_64"}  # fmt: skip

    with pytest.raises(MergeError, match="different splits"):
        merge([run("dev", "piper"), run("test", "espeak8k")])
    with pytest.raises(MergeError, match=r"en-book-0001 \(piper\)"):
        merge([run("test", "piper"), run("test", "piper")])
    assert merge([run("test", "piper"), run("test", "espeak8k")])["dialogues"] == 1


def test_ids_pick_dialogues_of_the_split_and_unknown_ids_are_refused():
    from bench.understanding_voice import main

    with pytest.raises(SystemExit, match="not in the dev split: no-such-dialogue"):
        main(["--split", "dev", "--ids", "no-such-dialogue", "--voices", ""])
