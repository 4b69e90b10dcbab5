"""Retention and erasure remove exactly what they should, and are themselves on record."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from bayes.core import DecisionCore
from config.sections.decision import DecisionConfig
from ipc.actions import ActionKind
from ledger.chain import verify_chain
from ledger.ids import new_id
from ledger.records import (
    ActionRecord,
    AlertRecord,
    CallRecord,
    ProposalRecord,
    ResultRecord,
    TurnRecord,
)
from ledger.retention import apply_retention, erase_caller, phone_hash

NOW = datetime.now(UTC)


def ts(days_ago: float) -> float:
    return (NOW - timedelta(days=days_ago)).timestamp()


def make_call(writer, phone, days_ago, audio_dir=None, hex_ids=False):
    """``hex_ids``: the child rows carry the call id as the runtime writes it (uuid4().hex)."""
    cid = new_id()
    t = ts(days_ago)
    writer.put(CallRecord(id=cid, caller_phone=phone, created_at=t, started_at=t))
    if hex_ids:
        cid = cid.replace("-", "")
    audio = None
    if audio_dir is not None:
        audio = audio_dir / f"{cid}.wav"
        audio.write_bytes(b"RIFF")
    writer.put(TurnRecord(id=new_id(), call_id=cid, text="I need a room", created_at=t,
                          audio_path=str(audio) if audio else None))  # fmt: skip
    writer.put(ProposalRecord(id=new_id(), call_id=cid, action=ActionKind.PMS_CREATE, created_at=t,
                              args={"guest_name": "Anna Weber"}, reply="Booked, Anna"))  # fmt: skip
    d = DecisionCore(DecisionConfig(), sink=writer.put).decide(ActionKind.PMS_CREATE, {}, call_id=cid)
    writer.put(ActionRecord(id=new_id(), decision_id=d.decision_id, call_id=cid,
                            action=ActionKind.PMS_CREATE, args={"guest_name": "Anna Weber"}, created_at=t))  # fmt: skip
    writer.put(ResultRecord(id=new_id(), decision_id=d.decision_id, call_id=cid,
                            action=ActionKind.PMS_CREATE, ok=True, result={"res": "R1"}, created_at=t))  # fmt: skip
    return cid, audio


def rows(url, sql, *args):
    with psycopg.connect(url) as conn:
        return conn.execute(sql, args).fetchall()


def test_erase_caller_removes_exactly_that_callers_data(writer, ledger_url, tmp_path):
    audio_dir = tmp_path / "audio"
    audio_dir.mkdir()
    a1, wav1 = make_call(writer, "+49 171 1234567", 1, audio_dir)
    # same caller, national form, with the call id in the runtime's 32-hex-digit form
    a2, wav2 = make_call(writer, "0171 / 123 45 67", 2, audio_dir, hex_ids=True)
    writer.put(AlertRecord(id=new_id(), severity=2, category="social", call_id=a2,
                           message="asked for Anna Weber's booking", evidence={"name": "Anna"}))  # fmt: skip
    b, wav_b = make_call(writer, "+44 20 7946 0958", 1, audio_dir)
    c, _ = make_call(writer, "+49 171 7654321", 1)  # similar number, other caller
    assert writer.flush(20)

    rep = erase_caller(ledger_url, "0049-171-1234567", data_dir=tmp_path, requested_by="dpo")
    assert rep.counts == {
        "calls": 2, "turns": 2, "proposals": 2, "actions": 2, "results": 2, "callbacks": 0,
        "alerts": 1,
    }  # fmt: skip
    alert = rows(ledger_url, "SELECT message, evidence FROM alerts WHERE call_id = %s", a2)[0]
    assert "Anna" not in alert[0] and alert[1] == {}
    assert rep.files_removed == 2
    assert not wav1.exists() and not wav2.exists() and wav_b.exists()

    erased = (a1, a2)
    for cid in erased:
        call = rows(
            ledger_url, "SELECT caller_phone, deleted_at FROM calls WHERE id::text = %s",
            str(uuid.UUID(cid)),
        )[0]  # fmt: skip
        assert call[0] is None and call[1] is not None
        turn = rows(
            ledger_url, "SELECT text, audio_path, deleted_at FROM turns WHERE call_id = %s", cid
        )[0]
        assert turn[0] is None and turn[1] is None and turn[2] is not None
        prop = rows(ledger_url, "SELECT args, reply FROM proposals WHERE call_id = %s", cid)[0]
        assert prop == ({}, None)
        assert rows(ledger_url, "SELECT args FROM actions WHERE call_id = %s", cid)[0] == ({},)
        assert rows(ledger_url, "SELECT result FROM results WHERE call_id = %s", cid)[0] == ({},)
    for cid in (b, c):
        assert rows(
            ledger_url, "SELECT caller_phone IS NOT NULL, deleted_at FROM calls WHERE id = %s", cid
        )[0] == (True, None)
        assert rows(ledger_url, "SELECT text FROM turns WHERE call_id = %s", cid)[0] == (
            "I need a room",
        )
        assert rows(
            ledger_url, "SELECT args->>'guest_name' FROM proposals WHERE call_id = %s", cid
        )[0] == ("Anna Weber",)

    rec = rows(ledger_url, "SELECT kind, subject_hash, requested_by, detail FROM erasures")
    assert len(rec) == 1
    kind, subject, who, detail = rec[0]
    assert (kind, subject, who) == ("caller", phone_hash("+491711234567"), "dpo")
    assert detail["calls"] == 2 and "1234567" not in json.dumps(rec[0], default=str)
    # decisions are untouched, the chain intact
    assert rows(ledger_url, "SELECT count(*) FROM decisions")[0][0] == 4
    assert verify_chain(ledger_url).ok


def test_erasing_an_unknown_caller_erases_nothing_but_is_recorded(writer, ledger_url):
    make_call(writer, "+49 171 1234567", 1)
    assert writer.flush(20)
    rep = erase_caller(ledger_url, "+1 555 0100 999")
    assert sum(rep.counts.values()) == 0
    assert rows(ledger_url, "SELECT count(*) FROM erasures WHERE kind = 'caller'")[0][0] == 1
    assert rows(ledger_url, "SELECT count(*) FROM turns WHERE text IS NOT NULL")[0][0] == 1


@pytest.mark.parametrize("bad", ["", "abc", "12"])
def test_erase_refuses_a_non_phone(ledger_url, bad):
    with pytest.raises(ValueError, match="phone number"):
        erase_caller(ledger_url, bad)


def test_retention_empties_old_transcripts_and_audio_only(writer, ledger_url, tmp_path):
    audio_dir = tmp_path / "audio"
    audio_dir.mkdir()
    old, wav_old = make_call(writer, "+49 171 1000001", 100, audio_dir)  # > 90 days
    mid, wav_mid = make_call(writer, "+49 171 1000002", 45, audio_dir)  # audio > 30, text < 90
    new, wav_new = make_call(writer, "+49 171 1000003", 5, audio_dir)
    assert writer.flush(20)

    rep = apply_retention(ledger_url, {"transcripts": 90, "audio": 30}, now=NOW, data_dir=tmp_path)
    assert rep.counts == {"audio": 2, "turns": 1, "proposals": 1, "calls": 1}
    assert rep.files_removed == 2
    assert not wav_old.exists() and not wav_mid.exists() and wav_new.exists()

    def turn(cid):
        return rows(
            ledger_url,
            "SELECT text, audio_path IS NOT NULL, deleted_at IS NOT NULL FROM turns WHERE call_id = %s",
            cid,
        )[0]

    assert turn(old) == (None, False, True)
    assert turn(mid) == ("I need a room", False, False)
    assert turn(new) == ("I need a room", True, False)
    assert rows(ledger_url, "SELECT caller_phone FROM calls WHERE id = %s", old)[0] == (None,)
    assert rows(ledger_url, "SELECT caller_phone FROM calls WHERE id = %s", mid)[0] == (
        "+49 171 1000002",
    )
    # running it again removes nothing more
    again = apply_retention(
        ledger_url, {"transcripts": 90, "audio": 30}, now=NOW, data_dir=tmp_path
    )
    assert sum(again.counts.values()) == 0
    assert rows(ledger_url, "SELECT count(*) FROM erasures WHERE kind = 'retention'")[0][0] == 2
    assert verify_chain(ledger_url).ok


def test_audio_outside_the_data_dir_is_never_deleted(writer, ledger_url, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    _, wav = make_call(writer, "+49 171 1000009", 40, outside)
    assert writer.flush(20)
    rep = apply_retention(ledger_url, {"transcripts": 90, "audio": 30}, now=NOW,
                          data_dir=tmp_path / "data")  # fmt: skip
    assert rep.counts["audio"] == 1 and rep.files_removed == 0 and wav.exists()
