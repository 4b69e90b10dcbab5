"""The database is killed mid-run: records spool, it comes back, the spool replays.

Uses its own PostgreSQL cluster (not the session one) so it can be stopped with
pg_ctl while a producer thread keeps putting decisions and turns.
"""

from __future__ import annotations

import threading
import time

import psycopg
import pytest

from bayes.core import DecisionCore
from config.sections.decision import DecisionConfig
from ipc.actions import ActionKind
from ledger.chain import verify_chain
from ledger.ids import new_id
from ledger.postgres import EmbeddedPostgres, PostgresError
from ledger.records import TurnRecord
from ledger.writer import LedgerWriter
from tests.waiting import wait_until


def start_again(pg: EmbeddedPostgres) -> None:
    """Restart after a kill; the old postmaster's children may hold its port or shared
    memory for a moment on a loaded machine, so retry briefly, then show the server log."""
    for attempt in range(10):
        try:
            pg.start()
            return
        except PostgresError:
            if attempt == 9:
                log = (pg.data / "server.log").read_text()[-2000:]
                raise AssertionError(f"PostgreSQL did not come back:\n{log}") from None
            time.sleep(0.5)


@pytest.fixture
def own_pg(tmp_path):
    # Production durability: with fsync/synchronous_commit off (the test-suite cluster's
    # setting) PostgreSQL itself may drop acknowledged commits when it is killed.
    pg = EmbeddedPostgres(tmp_path / "pg", fsync=True, dbname="ledger")
    url = pg.start()
    yield pg, url
    pg.stop(mode="immediate")


@pytest.mark.slow
@pytest.mark.parametrize("stop_mode", ["immediate", "fast"])
def test_database_killed_mid_run_loses_and_duplicates_nothing(own_pg, tmp_path, stop_mode):
    pg, url = own_pg
    alerts = []
    w = LedgerWriter(
        url,
        tmp_path / "spool",
        batch_size=100,
        flush_interval_s=0.005,
        max_backoff_s=0.3,
        on_alert=alerts.append,
    )
    core = DecisionCore(DecisionConfig(), sink=w.put)
    decisions: list[str] = []
    turns: list[str] = []
    phase = {"name": "before"}
    per_phase = {"before": 0, "outage": 0, "after": 0}
    stop = threading.Event()

    def produce():
        i = 0
        while not stop.is_set():
            out = core.decide(ActionKind.SPEAK_ANSWER, {"asr_confidence": 0.9}, call_id="c", turn=i)
            decisions.append(out.decision_id)
            t = TurnRecord(id=new_id(), call_id="c", turn=i, text=f"turn {i}")
            w.put(t)
            turns.append(t.id)
            per_phase[phase["name"]] += 1
            i += 1
            if i % 20 == 0:
                time.sleep(0.005)  # a busy hotel, not a benchmark

    th = threading.Thread(target=produce)
    th.start()
    try:
        # mid-run: the writer is busy writing batches
        wait_until(lambda: w.stats["written"] >= 200, within_s=30, what="200 rows written")
        pg.stop(mode=stop_mode)
        phase["name"] = "outage"
        wait_until(lambda: w.stats["spooled"] >= 200, within_s=10, what="200 records spooled")
        assert not w.online
        start_again(pg)
        phase["name"] = "after"
        wait_until(
            lambda: w.online and per_phase["after"] >= 200, within_s=30, what="writing again"
        )
    finally:
        stop.set()
        th.join()
    assert w.flush(60, in_database=True), w.stats
    w.close()

    assert per_phase["before"] > 0 and per_phase["outage"] > 0 and per_phase["after"] > 0
    assert w.stats["spooled"] > 0 and w.stats["replayed"] > 0
    assert w.stats["rejected"] == 0 and w.stats["corrupt_skipped"] == 0
    with psycopg.connect(url) as conn:
        got_d = [r[0] for r in conn.execute("SELECT id::text FROM decisions ORDER BY seq")]
        got_t = [r[0] for r in conn.execute("SELECT id::text FROM turns")]
        offline = conn.execute(
            "SELECT count(*) FROM alerts WHERE category = 'ledger.offline'"
        ).fetchone()[0]
    # nothing lost, nothing duplicated (ids are primary keys; counts must match exactly)
    assert len(got_d) == len(decisions) and set(got_d) == set(decisions)
    assert len(got_t) == len(turns) and set(got_t) == set(turns)
    # order kept: the chain lists decisions in the order they were made
    assert got_d == decisions
    rep = verify_chain(url)
    assert rep.ok, rep.summary()
    assert offline >= 1 and any(a.category == "ledger.offline" for a in alerts)
    assert not (tmp_path / "spool" / "ledger.spool").exists()
