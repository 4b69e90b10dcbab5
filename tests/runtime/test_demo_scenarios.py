"""Every shipped demo scenario reaches its expected outcome through the live runtime."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from connectors.factory import build_connector
from runtime.calls import run_call
from runtime.client import CallClient
from runtime.demo_checks import check_outcome, check_pms, seed_reservations
from runtime.scenarios import shipped

SCENARIOS = shipped()


@pytest.fixture(scope="module")
def demo_runtime(module_db, tmp_path_factory):
    from config import load_settings
    from tests.runtime.conftest import LiveRuntime

    days = {s.today for s in SCENARIOS if s.today}
    assert len(days) == 1, "the shipped scenarios pretend one day"
    settings = load_settings(
        instance=f"s{uuid.uuid4().hex[:8]}",
        database_url=module_db,
        data_dir=str(tmp_path_factory.mktemp("demo")),
        hotel={"simulated_date": days.pop().isoformat()},
    )
    rt = LiveRuntime(settings, module_db).start()
    loop = asyncio.new_event_loop()
    pms = build_connector(settings, database_url=module_db)
    loop.run_until_complete(pms.open())
    yield rt, pms, loop
    loop.run_until_complete(pms.aclose())
    loop.close()
    rt.stop()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario_reaches_its_expected_outcome(demo_runtime, scenario):
    rt, pms, loop = demo_runtime
    loop.run_until_complete(seed_reservations(pms, rt.url, scenario.given_reservations))
    with CallClient(rt.settings) as client:
        call = run_call(client, scenario.turns, scenario.caller_id, echo=False)
    problems = check_outcome(scenario, call) + loop.run_until_complete(check_pms(pms, scenario))
    assert not problems, (problems, call)


def test_after_the_scenarios_calibration_has_outcomes_paired_with_decisions(demo_runtime, tmp_path):
    """Outcomes name the decision they judge: the live calls above feed calibration."""
    import time

    from bayes import calibration

    rt, _pms, _loop = demo_runtime
    deadline = time.monotonic() + 10
    while not (pairs := calibration.pairs_from_database(rt.url)) and time.monotonic() < deadline:
        time.sleep(0.3)  # the writers batch
    assert len(pairs) >= 5, pairs
    report = calibration.from_database(rt.url)
    assert report.total == len(pairs) and report.actions
    png = tmp_path / "calibration.png"
    calibration.plot(report, str(png))
    assert png.stat().st_size > 10_000
