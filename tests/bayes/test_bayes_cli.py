"""``sovren decide``, ``sovren calibration`` and ``sovren ledger …`` end to end."""

from __future__ import annotations

import json

import psycopg
import pytest

from bayes.core import DecisionCore
from config import get_settings
from config.sections.decision import DecisionConfig
from ledger.ids import new_id
from ledger.records import CallRecord, TurnRecord
from runtime.cli import main


@pytest.fixture
def db_env(ledger_url, monkeypatch):
    monkeypatch.setenv("SOVREN_DATABASE_URL", ledger_url)
    get_settings.cache_clear()
    yield ledger_url
    get_settings.cache_clear()


def run(capsys, *argv):
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def test_decide_json(capsys):
    rc, out, _ = run(
        capsys, "decide", "--action", "pms.cancel", "--evidence", "caller_verification=1",
        "--evidence", "agreement=1", "--evidence", "sentinel_risk=1", "--json",
    )  # fmt: skip
    assert rc == 0
    d = json.loads(out)
    assert d["approved"] is True and d["fallback"] is None and d["threshold"] == 0.95
    assert set(d["terms"]) == {"caller_verification", "agreement", "sentinel_risk"}
    assert 0.95 <= d["posterior"] <= 1


def test_decide_rejected_and_vetoed(capsys):
    rc, out, _ = run(capsys, "decide", "--action", "pms.create", "--evidence",
                     "asr_confidence=0.2", "--evidence", "sentinel_risk=1", "--json")  # fmt: skip
    d = json.loads(out)
    assert d["approved"] is False and d["fallback"] == "fallback.ask_again"
    rc, out, _ = run(capsys, "decide", "--action", "speak.answer", "--sentinel", "critical")
    assert rc == 0 and "vetoed speak.answer" in out and "fallback.decline" in out


def test_decide_without_sentinel_evidence_is_refused(capsys):
    """Fail closed: the same strong evidence without SENTINEL's verdict is a refusal."""
    rc, out, _ = run(capsys, "decide", "--action", "pms.cancel", "--evidence",
                     "caller_verification=1", "--evidence", "agreement=1")  # fmt: skip
    assert rc == 0
    assert "refused pms.cancel: required evidence sentinel_risk missing" in out
    assert "fallback.unavailable" in out
    rc, out, _ = run(capsys, "decide", "--action", "speak.answer", "--purpose", "disclose_booking",
                     "--evidence", "sentinel_risk=1", "--json")  # fmt: skip
    d = json.loads(out)
    assert d["approved"] is False and d["unmet"] == {"caller_verification": "missing"}


@pytest.mark.parametrize(
    "argv,msg",
    [
        (["--action", "pms.nope"], "unknown action kind"),
        (["--action", "speak.answer", "--evidence", "asr_confidence=2"], "[0, 1]"),
        (["--action", "speak.answer", "--evidence", "asr_confidence=nan"], "[0, 1]"),
        (["--action", "speak.answer", "--evidence", "asr_confidence"], "NAME=VALUE"),
        (["--action", "speak.answer", "--evidence", "asr_confidence=high"], "not a number"),
        (["--action", "speak.answer", "--evidence", "mood=0.5"], "unknown evidence source"),
        (["--action", "speak.answer", "--sentinel", "PANIC"], "use one of"),
        (["--action", "speak.answer", "--state", "x"], "unknown call state"),
    ],
)
def test_decide_bad_input_is_one_clear_line(capsys, argv, msg):
    rc, out, err = run(capsys, "decide", *argv)
    assert rc == 1 and out == ""
    assert err.startswith("sovren: error:") and msg in err and "Traceback" not in err


def test_calibration_table_json_and_png(db_env, writer, capsys, tmp_path):
    core = DecisionCore(DecisionConfig(), sink=writer.put)
    # decide first, then learn (learning moves the prior of later decisions)
    speak = [core.decide("speak.answer", {}, call_id="c") for _ in range(20)]  # p = 0.9
    create = [core.decide("pms.create", {"agreement": 1.0}, call_id="c") for _ in range(10)]
    for i, d in enumerate(speak):  # 18 of 20 confirmed: well calibrated
        core.record_outcome("speak.answer", "confirmed" if i >= 2 else "corrected",
                            decision_id=d.decision_id)  # fmt: skip
    for i, d in enumerate(create):  # 3 of 10 confirmed: overconfident
        core.record_outcome("pms.create", "confirmed" if i < 3 else "pms_refused",
                            decision_id=d.decision_id)  # fmt: skip
    assert writer.flush(20, in_database=True)
    png = tmp_path / "rel.png"
    rc, out, _ = run(capsys, "calibration", "--png", str(png), "--json")
    assert rc == 0
    data = {a["action"]: a for a in json.loads(out)["actions"]}
    assert data["speak.answer"]["n"] == 20
    assert data["speak.answer"]["predicted"] == pytest.approx(0.9)
    assert data["speak.answer"]["observed"] == pytest.approx(0.9)
    assert data["pms.create"]["observed"] == pytest.approx(0.3)
    assert data["pms.create"]["predicted"] > 0.9
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    rc, out, _ = run(capsys, "calibration")
    assert "speak.answer" in out and "0.900" in out


def test_calibration_without_outcomes_says_so(db_env, capsys):
    rc, out, _ = run(capsys, "calibration")
    assert rc == 0 and "no outcomes in the ledger yet" in out


def test_ledger_verify_exit_codes(db_env, writer, capsys):
    core = DecisionCore(DecisionConfig(), sink=writer.put)
    for _ in range(3):
        core.decide("speak.answer", {}, call_id="c")
    assert writer.flush(20)
    rc, out, _ = run(capsys, "ledger", "verify")
    assert rc == 0 and "intact: 3 decisions" in out
    with psycopg.connect(db_env, autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute("DELETE FROM decisions WHERE seq = 2")
    rc, out, _ = run(capsys, "ledger", "verify", "--json")
    assert rc == 1
    rep = json.loads(out)
    assert rep["ok"] is False and rep["problems"][0]["kind"] == "removed"


def test_ledger_erase_status_and_retention(db_env, writer, capsys):
    cid = new_id()
    writer.put(CallRecord(id=cid, caller_phone="+49 171 1234567"))
    writer.put(TurnRecord(id=new_id(), call_id=cid, text="hello"))
    assert writer.flush(20)
    rc, out, _ = run(capsys, "ledger", "erase", "--phone", "+49 171 1234567", "--yes")
    assert rc == 0 and "calls: 1" in out and "turns: 1" in out
    rc, out, err = run(capsys, "ledger", "erase", "--phone", "12", "--yes")
    assert rc == 1 and "phone number" in err
    rc, out, _ = run(capsys, "ledger", "status")
    assert rc == 0 and "0001_initial: applied" in out and "erasures" in out
    rc, out, _ = run(capsys, "ledger", "retention")
    assert rc == 0 and "retention erasure" in out


def test_unreachable_database_is_a_clear_error(monkeypatch, capsys):
    monkeypatch.setenv("SOVREN_DATABASE_URL", "postgresql://nobody:x@127.0.0.1:1/none")
    get_settings.cache_clear()
    try:
        rc, out, err = run(capsys, "ledger", "verify")
    finally:
        get_settings.cache_clear()
    assert rc == 1 and "cannot prepare the ledger schema" in err and "Traceback" not in err


def test_calibration_png_to_an_unwritable_place_is_a_clear_error(db_env, capsys, tmp_path):
    rc, out, err = run(capsys, "calibration", "--png", str(tmp_path / "no" / "such" / "x.png"))
    assert rc == 1 and "cannot write the plot" in err and "Traceback" not in err


def test_decide_learned_uses_the_ledgers_counts(db_env, writer, capsys):
    core = DecisionCore(DecisionConfig(), sink=writer.put)
    for _ in range(10):
        core.record_outcome("pms.create", "corrected", "demo")
    assert writer.flush(20, in_database=True)
    _, seeded, _ = run(capsys, "decide", "--action", "pms.create", "--json")
    _, learned, _ = run(capsys, "decide", "--action", "pms.create", "--learned", "--json")
    assert json.loads(seeded)["prior_logodds"] == pytest.approx(1.6094379)  # log(5/1)
    assert json.loads(learned)["prior_logodds"] == pytest.approx(-0.7884574)  # log(5/11)
