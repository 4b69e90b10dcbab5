"""The decision core starts without the ledger: learned priors from a local snapshot, or seeds."""

from __future__ import annotations

import psycopg

from bayes.core import DecisionCore
from bayes.priors_snapshot import PriorSnapshot
from config import load_settings
from ledger.migrate import migrate

DEAD = "postgresql://nobody:x@127.0.0.1:1/none"


def test_learned_priors_come_from_the_ledger_and_are_saved_locally(pg_cluster, tmp_path):
    import uuid

    name = f"pri_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = pg_cluster.url(name)
    migrate(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO prior_counts (id, hotel_id, action, successes, failures) "
            "VALUES (gen_random_uuid(), 'demo', 'pms.create', 40, 2)"
        )
    snap = PriorSnapshot(tmp_path / "priors.json")
    core = DecisionCore.from_settings(load_settings(), database_url=url, snapshot=snap)
    assert core.priors_source == "ledger"
    assert core.priors.learned()[("demo", "pms.create")] == (40.0, 2.0)
    # the ledger goes away: the next core starts from the snapshot with the same priors
    again = DecisionCore.from_settings(load_settings(), database_url=DEAD, snapshot=snap)
    assert again.priors_source == "snapshot"
    assert again.priors.counts("demo", "pms.create") == core.priors.counts("demo", "pms.create")
    with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_no_ledger_and_no_snapshot_decides_on_the_seeds(tmp_path):
    core = DecisionCore.from_settings(
        load_settings(), database_url=DEAD, snapshot=PriorSnapshot(tmp_path / "none.json")
    )
    assert core.priors_source == "seeds" and core.priors.learned() == {}
    out = core.decide("speak.answer", {"asr_confidence": 0.9, "sentinel_risk": 1.0}, call_id="c")
    assert out.decision_id


def test_a_damaged_snapshot_is_not_used(tmp_path):
    path = tmp_path / "p.json"
    path.write_text('{"version": 1, "rows": [["demo", "pms.create", "many"')
    core = DecisionCore.from_settings(load_settings(), database_url=DEAD,
                                      snapshot=PriorSnapshot(path))  # fmt: skip
    assert core.priors_source == "seeds" and core.priors.learned() == {}


def test_what_is_learned_offline_is_saved_and_reloaded(tmp_path):
    snap = PriorSnapshot(tmp_path / "p.json")
    core = DecisionCore.from_settings(load_settings(), database_url=DEAD, snapshot=snap)
    core.record_outcome("pms.create", "confirmed", hotel_id="demo")
    snap.save(core.priors)
    again = DecisionCore.from_settings(load_settings(), database_url=DEAD, snapshot=snap)
    assert again.priors_source == "snapshot"
    assert again.priors.learned() == core.priors.learned() != {}
