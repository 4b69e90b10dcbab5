"""PostgreSQL stopped and COMMAND killed: COMMAND starts, the call is answered, nothing is lost.

The runtime runs on a PostgreSQL of its own (stopped and started here with pg_ctl). With
the cluster down, COMMAND is SIGKILLed: it must come back (priors from its local snapshot)
and answer a call; every record of that call waits in the spools and reaches the ledger
exactly once when the cluster is back.
"""

from __future__ import annotations

import os
import signal
import time
import uuid

import psycopg
import pytest

from fabric.agent_stats import AgentStats, F, State, segment_name
from ipc.messages import AgentId
from ledger.chain import KEY_ENV, verify_chain
from ledger.postgres import EmbeddedPostgres
from runtime.client import CallClient
from tests.ledger.test_ledger_outage import start_again
from tests.runtime.conftest import LiveRuntime

CALLER = "+4930555123"


def _stats(settings, role):
    st = AgentStats(segment_name(settings.instance, role.name))
    try:
        return st[F.PID], st[F.STATE], st[F.RESTARTS]
    finally:
        st.close()


def _wait(pred, what, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def _one(url, sql, args=()):
    with psycopg.connect(url) as conn:
        return conn.execute(sql, args).fetchone()[0]


@pytest.mark.slow
def test_command_killed_while_the_ledger_is_down_answers_and_records_once(tmp_path):
    from config import load_settings

    pg = EmbeddedPostgres(tmp_path / "pg", fsync=True, dbname="ledger")
    url = pg.start()
    settings = load_settings(
        instance=f"p{uuid.uuid4().hex[:8]}",
        database_url=url,
        data_dir=str(tmp_path / "data"),
        agents={"shed_new_calls": False},
    )
    rt = LiveRuntime(settings, url).start()
    try:
        with CallClient(settings) as client:  # a first call while all is well
            warm = client.start_call(CALLER)
            assert "11 am" in client.turn(warm, 1, "When is check-out?", caller_id=CALLER)["reply"]
            client.end_call(warm)
        pg.stop(mode="fast")
        pid, _, restarts = _stats(settings, AgentId.COMMAND)
        os.kill(pid, signal.SIGKILL)
        _wait(
            lambda: (
                _stats(settings, AgentId.COMMAND)[2] > restarts
                and _stats(settings, AgentId.COMMAND)[1] == State.RUNNING
                and _stats(settings, AgentId.COMMAND)[0] != pid
            ),
            "COMMAND restarted with the ledger down",
        )
        with CallClient(settings) as client:
            call_id = client.start_call(CALLER)
            first = client.turn(call_id, 1, "When is check-out?", caller_id=CALLER, timeout=60)
            assert "11 am" in first["reply"], first
            second = client.turn(call_id, 2, "And is there Wi-Fi?", caller_id=CALLER, timeout=60)
            assert "Wi-Fi" in second["reply"], second
            done = client.end_call(call_id, timeout=30)
            assert done["outcome"] == "answered"
        # nothing of this call can be in the ledger yet: it is down
        start_again(pg)
        _wait(
            lambda: _one(url, "SELECT count(*) FROM turns WHERE call_id = %s", (call_id,)) >= 4,
            "the spooled turns to be replayed",
        )
        spool_dir = settings.data_dir / "run" / settings.instance / "spool-command"
        _wait(lambda: not (spool_dir / "ledger.spool").exists(), "COMMAND's spool to be emptied")
        time.sleep(1.0)  # anything replayed twice would have landed by now
        turns = _one(url, "SELECT count(*) FROM turns WHERE call_id = %s", (call_id,))
        assert turns == 4  # two turns, the caller's words and ours: each once
        assert _one(url, "SELECT count(*) FROM calls WHERE id = %s::uuid", (call_id,)) == 1
        actions = _one(url, "SELECT count(*) FROM actions WHERE call_id = %s", (call_id,))
        distinct = _one(
            url, "SELECT count(DISTINCT decision_id) FROM actions WHERE call_id = %s", (call_id,)
        )
        assert actions == distinct >= 2  # one spoken action per turn at least, none twice
        decisions = _one(url, "SELECT count(*) FROM decisions WHERE call_id = %s", (call_id,))
        assert decisions >= actions
        assert _one(url, "SELECT count(*) FROM alerts WHERE category = 'ledger.offline'") >= 1
        report = verify_chain(url, bytes.fromhex(os.environ[KEY_ENV]))
        assert report.ok, report.problems
    finally:
        rt.stop()
        pg.stop(mode="immediate")
