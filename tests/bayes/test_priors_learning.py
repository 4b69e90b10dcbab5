"""Learning moves priors the right way, per hotel, and survives a restart (real PostgreSQL)."""

from __future__ import annotations

import pytest

from bayes.core import DecisionCore
from bayes.errors import UnknownAction, UnknownOutcome
from bayes.priors import PriorStore
from config.sections.decision import DecisionConfig
from ipc.actions import ActionKind
from ledger.writer import LedgerWriter


def test_confirmations_raise_and_corrections_lower_the_prior():
    core = DecisionCore(DecisionConfig())
    start = core.priors.mean("demo", ActionKind.PMS_CREATE)
    p0 = core.decide(ActionKind.PMS_CREATE, {}, call_id="c").posterior
    for _ in range(5):
        core.record_outcome(ActionKind.PMS_CREATE, "confirmed", "demo")
    up = core.priors.mean("demo", ActionKind.PMS_CREATE)
    assert up > start
    assert core.decide(ActionKind.PMS_CREATE, {}, call_id="c").posterior > p0
    for _ in range(10):
        core.record_outcome(ActionKind.PMS_CREATE, "corrected", "demo")
    assert core.priors.mean("demo", ActionKind.PMS_CREATE) < start
    # seeds (5, 1) + 5 confirmed + 10 corrected
    assert core.priors.counts("demo", ActionKind.PMS_CREATE) == (10.0, 11.0)


def test_complaint_weighs_double_and_refusal_counts_as_failure():
    s = PriorStore(DecisionConfig())
    assert s.record("demo", ActionKind.PMS_MODIFY, "complaint") == (0.0, 2.0)
    assert s.record("demo", ActionKind.PMS_MODIFY, "pms_refused") == (0.0, 1.0)
    assert s.counts("demo", ActionKind.PMS_MODIFY) == (5.0, 4.0)


def test_learning_is_per_hotel_and_per_action():
    core = DecisionCore(DecisionConfig())
    for _ in range(20):
        core.record_outcome(ActionKind.PMS_CANCEL, "corrected", "h1")
    assert core.priors.mean("h1", ActionKind.PMS_CANCEL) < 0.2
    assert core.priors.mean("h2", ActionKind.PMS_CANCEL) == pytest.approx(0.8)
    assert core.priors.mean("h1", ActionKind.PMS_MODIFY) == pytest.approx(5 / 6)


def test_hotel_seed_overrides_global_seed():
    s = PriorStore(DecisionConfig(hotel_priors={"strict": {"pms_write": (1.0, 1.0)}}))
    assert s.mean("strict", ActionKind.PMS_CREATE) == 0.5
    assert s.mean("demo", ActionKind.PMS_CREATE) == pytest.approx(5 / 6)


def test_bad_outcome_or_action_is_refused():
    core = DecisionCore(DecisionConfig())
    with pytest.raises(UnknownOutcome):
        core.record_outcome(ActionKind.PMS_CREATE, "delighted", "demo")
    with pytest.raises(UnknownAction):
        core.record_outcome("pms.explode", "confirmed", "demo")
    assert core.priors.learned() == {}


def test_learning_survives_a_restart(ledger_url, tmp_path):
    cfg = DecisionConfig()
    w = LedgerWriter(ledger_url, tmp_path / "spool", flush_interval_s=0.01)
    core = DecisionCore(cfg, sink=w.put)
    for i in range(6):
        d = core.decide(ActionKind.PMS_CREATE, {"agreement": 1.0}, call_id="c", hotel_id="demo")
        core.record_outcome(ActionKind.PMS_CREATE, "confirmed" if i % 3 else "corrected", "demo",
                            decision_id=d.decision_id, call_id="c")  # fmt: skip
    for _ in range(3):
        core.record_outcome(ActionKind.TRANSFER_HUMAN, "complaint", "h2")
    before = core.priors.learned()
    assert w.flush(20, in_database=True)
    w.close()

    restarted = DecisionCore.from_settings(_Settings(cfg), database_url=ledger_url)
    assert restarted.priors.learned() == before
    assert restarted.priors.counts("demo", ActionKind.PMS_CREATE) == (5 + 4, 1 + 2)
    assert restarted.priors.counts("h2", ActionKind.TRANSFER_HUMAN) == (9, 1 + 6)
    assert restarted.priors.logodds("demo", ActionKind.PMS_CREATE) == core.priors.logodds(
        "demo", ActionKind.PMS_CREATE
    )


def test_duplicate_outcomes_count_once(ledger_url, tmp_path):
    w = LedgerWriter(ledger_url, tmp_path / "spool", flush_interval_s=0.01)
    core = DecisionCore(DecisionConfig(), sink=w.put)
    rec = core.record_outcome(ActionKind.PMS_MODIFY, "confirmed", "demo")
    w.put(rec)
    w.put(rec)
    assert w.flush(20, in_database=True)
    w.close()
    s = PriorStore(DecisionConfig())
    s.load_from_database(ledger_url)
    assert s.counts("demo", ActionKind.PMS_MODIFY) == (6.0, 1.0)


class _Settings:
    def __init__(self, decision):
        self.decision = decision
