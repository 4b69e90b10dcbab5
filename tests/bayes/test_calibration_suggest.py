"""Evidence tables refined from outcomes: observed ratios rise with the evidence value."""

from __future__ import annotations

import random

from bayes import calibration
from bayes.core import DecisionCore
from config.sections.decision import DecisionConfig, EvidenceTable
from ipc.actions import ActionKind


def test_suggested_table_follows_the_outcomes(writer, ledger_url):
    rnd = random.Random(3)
    core = DecisionCore(DecisionConfig(), sink=writer.put)
    made = []
    for _ in range(400):
        v = rnd.random()
        made.append((core.decide(ActionKind.SPEAK_ANSWER, {"asr_confidence": v}, call_id="c"), v))
    for d, v in made:  # callers confirm in proportion to recognition confidence
        core.record_outcome(ActionKind.SPEAK_ANSWER, "confirmed" if rnd.random() < v else "corrected",
                            decision_id=d.decision_id)  # fmt: skip
    assert writer.flush(30, in_database=True)
    tables = calibration.suggest_tables(ledger_url, bins=5, min_n=20)
    t = tables["asr_confidence"]
    EvidenceTable(table=t)  # a valid, monotone table the config accepts
    lrs = [lr for _, lr in t]
    assert lrs[0] < 0.5 and lrs[-1] > 2.0  # low confidence discourages, high supports


def test_no_outcomes_no_suggestions(ledger_url):
    assert calibration.suggest_tables(ledger_url) == {}
