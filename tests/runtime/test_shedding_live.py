"""Load shedding from what callers feel, through the live runtime, on record, honest.

The runtime here sheds when turns take longer than a (deliberately tiny) budget: the
first call's turn latency (COMMAND's figure in its stats block) makes OPS advise
shedding, the advice is on record as a ``load.shedding`` alert, and a call that begins
then is told honestly to call again (no transfer target is configured), never promised
a colleague. A call already under way is not cut off.
"""

from __future__ import annotations

import time
import uuid

import psycopg
import pytest

from config import load_settings
from fabric.agent_stats import AgentStats, F, segment_name
from runtime.calls import run_call
from runtime.client import CallClient


@pytest.fixture(scope="module")
def shedding(module_db, tmp_path_factory):
    from tests.runtime.conftest import LiveRuntime

    settings = load_settings(
        instance=f"l{uuid.uuid4().hex[:8]}",
        database_url=module_db,
        data_dir=str(tmp_path_factory.mktemp("shed")),
        agents={"shed_new_calls": True},
        ops={
            "turn_latency_high_ms": 1.0,
            "turn_latency_low_ms": 0.5,
            "turn_latency_min_turns": 1,
            "shed_window_s": 0.0,
            "clear_window_s": 600.0,
        },
    )
    assert not settings.hotel.reception.transfer_uri
    rt = LiveRuntime(settings, module_db).start()
    yield rt
    rt.stop()


def test_slow_turns_shed_new_calls_honestly_and_on_record(shedding):
    rt = shedding
    with CallClient(rt.settings) as client:
        under_way = client.start_call("+49 30 5550001")
        first = client.turn(under_way, 1, "What time is check-in?", caller_id="+49 30 5550001")
        assert "3 pm" in first["reply"]  # before any advice: answered
        cmd = AgentStats(segment_name(rt.settings.instance, "COMMAND"))
        deadline = time.monotonic() + 30
        while cmd[F.TURN_P95_MS] <= 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert cmd[F.TURN_P95_MS] > 1  # the turn latency COMMAND measured
        cmd.close()
        rows = []
        deadline = time.monotonic() + 30
        while not rows and time.monotonic() < deadline:
            with psycopg.connect(rt.url) as conn:
                rows = conn.execute(
                    "SELECT severity, message FROM alerts WHERE category = 'load.shedding'"
                ).fetchall()
            time.sleep(0.3)
        ((sev, message),) = rows
        assert sev == 3 and "turn latency" in message
        # a call that begins now: told the truth, not promised a colleague
        out = run_call(client, ["Do you have a room for tonight?"], "+49 30 5550002", echo=False)
        reply = out["turns"][0]["reply"]
        assert "call again in a few minutes" in reply and "colleague" not in reply
        assert out["outcome"] == "busy"
        assert not any(a["kind"].startswith("pms.") for a in out["turns"][0]["actions"])
        # the call that was under way goes on as it would have
        second = client.turn(under_way, 2, "Is there parking?", caller_id="+49 30 5550001")
        assert "garage" in second["reply"]
        client.end_call(under_way)
