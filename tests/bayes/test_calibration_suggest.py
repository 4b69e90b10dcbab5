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


def _learned(writer, ledger_url):
    rnd = random.Random(5)
    core = DecisionCore(DecisionConfig(), sink=writer.put)
    for _ in range(300):
        v = rnd.random()
        d = core.decide("speak.answer", {"asr_confidence": v}, call_id="c")
        core.record_outcome(
            "speak.answer", "confirmed" if rnd.random() < v else "corrected",
            decision_id=d.decision_id,
        )  # fmt: skip
    assert writer.flush(30, in_database=True)


def test_suggested_tables_are_shown_as_a_change_then_applied_to_the_site_file(
    writer, ledger_url, tmp_path, monkeypatch, capsys
):
    import shutil
    from pathlib import Path

    from config import load_settings
    from config.settings import get_settings
    from runtime.cli import main

    _learned(writer, ledger_url)
    site = tmp_path / "site.yaml"
    shutil.copy(Path(__file__).parents[1] / "sites" / "lakeside.yaml", site)
    before = site.read_text()
    monkeypatch.setenv("SOVREN_DATABASE_URL", ledger_url)
    get_settings.cache_clear()
    try:
        # a dry run: the change is shown, nothing is written
        assert main(["calibration", "--suggest", "--config", str(site)]) == 0
        out = capsys.readouterr().out
        assert "- asr_confidence: [[0, 0.1]," in out and "+ asr_confidence: [[0, " in out
        assert "dry run: add --apply" in out
        assert site.read_text() == before
        # applied: the file holds the tables, the settings load them, the old file is kept
        assert main(["calibration", "--suggest", "--apply", "--config", str(site)]) == 0
        out = capsys.readouterr().out
        assert "written to" in out and site.with_suffix(".yaml.bak").read_text() == before
        applied = load_settings(site).decision.evidence["asr_confidence"].table
        suggested = calibration.suggest_tables(ledger_url)["asr_confidence"]
        assert [tuple(k) for k in applied] == [tuple(k) for k in suggested]
        assert site.read_text().startswith(before.rstrip("\n"))  # comments and all kept
        # --apply alone is refused with what to do
        assert main(["calibration", "--apply", "--config", str(site)]) == 1
        assert "use it with --suggest" in capsys.readouterr().err
    finally:
        get_settings.cache_clear()


def test_tables_are_not_applied_without_a_site_file(writer, ledger_url):
    import pytest

    from bayes.table_apply import TableApplyError, apply_tables

    with pytest.raises(TableApplyError, match="no site file"):
        apply_tables(None, {"asr_confidence": [(0.0, 0.5), (1.0, 2.0)]})
