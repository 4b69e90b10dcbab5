"""``sovren decide``, ``sovren calibration`` and ``sovren ledger …`` end to end."""

from __future__ import annotations

import json

import psycopg
import pytest

from bayes.core import DecisionCore
from config import get_settings
from config.sections.decision import DecisionConfig
from ipc.actions import ActionKind
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
        capsys, "decide", "--action", ActionKind.PMS_CANCEL, "--evidence", "caller_verification=1",
        "--evidence", "agreement=1", "--evidence", "sentinel_risk=1", "--json",
    )  # fmt: skip
    assert rc == 0
    d = json.loads(out)
    assert d["approved"] is True and d["fallback"] is None and d["threshold"] == 0.95
    assert set(d["terms"]) == {"caller_verification", "agreement", "sentinel_risk"}
    assert 0.95 <= d["posterior"] <= 1


def test_decide_rejected_and_vetoed(capsys):
    rc, out, _ = run(capsys, "decide", "--action", ActionKind.PMS_CREATE, "--evidence",
                     "asr_confidence=0.2", "--evidence", "sentinel_risk=1", "--json")  # fmt: skip
    d = json.loads(out)
    assert d["approved"] is False and d["fallback"] == ActionKind.FALLBACK_ASK_AGAIN
    rc, out, _ = run(capsys, "decide", "--action", ActionKind.SPEAK_ANSWER, "--sentinel", "critical")
    assert rc == 0 and "vetoed speak.answer" in out and ActionKind.FALLBACK_DECLINE in out


def test_decide_without_sentinel_evidence_is_refused(capsys):
    """Fail closed: the same strong evidence without SENTINEL's verdict is a refusal."""
    rc, out, _ = run(capsys, "decide", "--action", ActionKind.PMS_CANCEL, "--evidence",
                     "caller_verification=1", "--evidence", "agreement=1")  # fmt: skip
    assert rc == 0
    assert "refused pms.cancel: required evidence sentinel_risk missing" in out
    assert ActionKind.FALLBACK_UNAVAILABLE in out
    rc, out, _ = run(capsys, "decide", "--action", ActionKind.SPEAK_ANSWER, "--purpose", "disclose_booking",
                     "--evidence", "sentinel_risk=1", "--json")  # fmt: skip
    d = json.loads(out)
    assert d["approved"] is False and d["unmet"] == {"caller_verification": "missing"}


@pytest.mark.parametrize(
    "argv,msg",
    [
        (["--action", "pms.nope"], "unknown action kind"),
        (["--action", ActionKind.SPEAK_ANSWER, "--evidence", "asr_confidence=2"], "[0, 1]"),
        (["--action", ActionKind.SPEAK_ANSWER, "--evidence", "asr_confidence=nan"], "[0, 1]"),
        (["--action", ActionKind.SPEAK_ANSWER, "--evidence", "asr_confidence"], "NAME=VALUE"),
        (["--action", ActionKind.SPEAK_ANSWER, "--evidence", "asr_confidence=high"], "not a number"),
        (["--action", ActionKind.SPEAK_ANSWER, "--evidence", "mood=0.5"], "unknown evidence source"),
        (["--action", ActionKind.SPEAK_ANSWER, "--sentinel", "PANIC"], "use one of"),
        (["--action", ActionKind.SPEAK_ANSWER, "--state", "x"], "unknown call state"),
    ],
)
def test_decide_bad_input_is_one_clear_line(capsys, argv, msg):
    rc, out, err = run(capsys, "decide", *argv)
    assert rc == 1 and out == ""
    assert err.startswith("sovren: error:") and msg in err and "Traceback" not in err


def test_calibration_table_json_and_png(db_env, writer, capsys, tmp_path):
    core = DecisionCore(DecisionConfig(), sink=writer.put)
    # decide first, then learn (learning moves the prior of later decisions)
    speak = [core.decide(ActionKind.SPEAK_ANSWER, {}, call_id="c") for _ in range(20)]  # p = 0.9
    create = [core.decide(ActionKind.PMS_CREATE, {"agreement": 1.0}, call_id="c") for _ in range(10)]
    for i, d in enumerate(speak):  # 18 of 20 confirmed: well calibrated
        core.record_outcome(ActionKind.SPEAK_ANSWER, "confirmed" if i >= 2 else "corrected",
                            decision_id=d.decision_id)  # fmt: skip
    for i, d in enumerate(create):  # 3 of 10 confirmed: overconfident
        core.record_outcome(ActionKind.PMS_CREATE, "confirmed" if i < 3 else "pms_refused",
                            decision_id=d.decision_id)  # fmt: skip
    assert writer.flush(20, in_database=True)
    png = tmp_path / "rel.png"
    rc, out, _ = run(capsys, "calibration", "--png", str(png), "--json")
    assert rc == 0
    data = {a["action"]: a for a in json.loads(out)["actions"]}
    assert data[ActionKind.SPEAK_ANSWER]["n"] == 20
    assert data[ActionKind.SPEAK_ANSWER]["predicted"] == pytest.approx(0.9)
    assert data[ActionKind.SPEAK_ANSWER]["observed"] == pytest.approx(0.9)
    assert data[ActionKind.PMS_CREATE]["observed"] == pytest.approx(0.3)
    assert data[ActionKind.PMS_CREATE]["predicted"] > 0.9
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    rc, out, _ = run(capsys, "calibration")
    assert ActionKind.SPEAK_ANSWER in out and "0.900" in out


def test_calibration_without_outcomes_says_so(db_env, capsys):
    rc, out, _ = run(capsys, "calibration")
    assert rc == 0 and "no outcomes in the ledger yet" in out


def test_ledger_verify_exit_codes(db_env, writer, capsys):
    core = DecisionCore(DecisionConfig(), sink=writer.put)
    for _ in range(3):
        core.decide(ActionKind.SPEAK_ANSWER, {}, call_id="c")
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
        core.record_outcome(ActionKind.PMS_CREATE, "corrected", "demo")
    assert writer.flush(20, in_database=True)
    _, seeded, _ = run(capsys, "decide", "--action", ActionKind.PMS_CREATE, "--json")
    _, learned, _ = run(capsys, "decide", "--action", ActionKind.PMS_CREATE, "--learned", "--json")
    assert json.loads(seeded)["prior_logodds"] == pytest.approx(1.6094379)  # log(5/1)
    assert json.loads(learned)["prior_logodds"] == pytest.approx(-0.7884574)  # log(5/11)
