"""Retention runs on its schedule inside the runtime, each run on record and announced."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import psycopg

from config import load_settings
from ledger.ids import new_id
from ledger.migrate import migrate
from runtime.housekeeping import RetentionSchedule


class Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def test_retention_runs_when_due_and_each_run_is_recorded(pg_url, tmp_path):
    migrate(pg_url)
    old = datetime.now(UTC) - timedelta(days=200)
    call = str(uuid.uuid4())
    with psycopg.connect(pg_url) as conn:
        conn.execute(
            "INSERT INTO turns (id, call_id, turn, speaker, text, created_at)"
            " VALUES (%s, %s, 1, 'caller', 'my name is [NAME], book me in', %s)",
            (new_id(), call.replace("-", ""), old),
        )
    settings = load_settings(
        data_dir=str(tmp_path),
        storage={"retention_every_h": 24, "retention_first_after_s": 60},
    )
    said = []
    clock = Clock()
    sched = RetentionSchedule(settings, pg_url, lambda *a: said.append(a), clock=clock)
    sched.poll()
    assert sched.runs == 0  # not due before retention_first_after_s
    clock.t = 61
    sched.poll()
    sched.join()
    assert sched.runs == 1
    (sev, category, message, evidence) = said[0]
    assert category == "ledger.retention" and sev == 0 and evidence["turns"] == 1
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT text FROM turns").fetchone() == (None,)
        assert conn.execute("SELECT count(*) FROM erasures WHERE kind='retention'").fetchone() == (
            1,
        )
    clock.t = 61 + 3600  # an hour later: not due again
    sched.poll()
    sched.join()
    assert sched.runs == 1
    clock.t = 61 + 24 * 3600  # a day later: the second run, also on record
    sched.poll()
    sched.join()
    assert sched.runs == 2
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM erasures WHERE kind='retention'").fetchone() == (
            2,
        )


def test_a_failed_run_is_a_high_alert_and_retried(tmp_path):
    settings = load_settings(data_dir=str(tmp_path), storage={"retention_first_after_s": 0})
    said = []
    clock = Clock()
    sched = RetentionSchedule(
        settings, "postgresql://nobody:x@127.0.0.1:1/none", lambda *a: said.append(a), clock=clock
    )
    sched.poll()
    sched.join()
    (sev, category, message, _) = said[0]
    assert (
        category == "ledger.retention_failed" and sev == 3 and "sovren ledger retention" in message
    )
    assert sched.next_at == 24 * 3600  # tried again at the next interval


def test_zero_means_by_hand_only(tmp_path):
    settings = load_settings(data_dir=str(tmp_path), storage={"retention_every_h": 0})
    sched = RetentionSchedule(settings, "unused", lambda *a: None, clock=Clock())
    sched.poll()
    assert sched.next_at is None and sched.runs == 0
