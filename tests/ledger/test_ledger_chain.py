"""The decisions' hash chain detects each kind of tampering and names the row.

Tampering is done the way an attacker with database superuser rights would:
with triggers switched off (session_replication_role = replica), since the
append-only trigger refuses ordinary UPDATE/DELETE.
"""

from __future__ import annotations

import psycopg
import pytest

from bayes.core import DecisionCore
from config.sections.decision import DecisionConfig
from ipc.actions import ActionKind
from ledger.chain import _QUERY, row_hash, verify_chain


@pytest.fixture
def chained(writer, ledger_url):
    """Ten decisions in the ledger, some with awkward text (quotes, backslashes, unicode)."""
    core = DecisionCore(DecisionConfig(), sink=writer.put)
    outs = []
    for i in range(10):
        ev = {"asr_confidence": (i % 10) / 10, "agreement": 1.0}
        outs.append(core.decide(ActionKind.PMS_CREATE, ev, call_id=f"c'\\{i}é", hotel_id="demo", turn=i))
    assert writer.flush(20, in_database=True)
    rep = verify_chain(ledger_url)
    assert rep.ok and rep.rows == 10 and rep.head_seq == 10, rep.summary()
    return outs


def tamper(url: str, *sql: tuple) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")
        for stmt in sql:
            if isinstance(stmt, tuple):
                conn.execute(*stmt)
            else:
                conn.execute(stmt)


def ids(url):
    with psycopg.connect(url) as conn:
        return {s: i for s, i in conn.execute("SELECT seq, id::text FROM decisions")}


def kinds(rep):
    return [(p.kind, p.seq) for p in rep.problems]


def rehash(url: str, seq: int) -> None:
    """Recompute and store a row's hash, as an attacker who knows the scheme would."""
    with psycopg.connect(url) as conn:
        r = conn.execute(_QUERY.replace("ORDER BY d.seq", "WHERE d.seq = %s"), (seq,)).fetchone()
    tamper(url, ("UPDATE decisions SET hash = %s WHERE seq = %s", (row_hash(r), seq)))


def test_rows_without_a_chain_are_refused(chained, ledger_url):
    with psycopg.connect(ledger_url) as conn, pytest.raises(psycopg.errors.NotNullViolation):
        conn.execute(
            """INSERT INTO decisions (id, call_id, hotel_id, turn, action, risk_class, approved,
                   vetoed, posterior, threshold, prior_logodds, terms, evidence, utilities,
                   state, reason)
               VALUES (gen_random_uuid(), 'c', 'demo', 0, 'pms.cancel', 'pms_irreversible', true,
                   false, 1, 0.95, 0, '{}', '{}', '{}', 'dialogue', 'forged')"""
        )


def test_append_only_trigger_refuses_changes(chained, ledger_url):
    with psycopg.connect(ledger_url, autocommit=True) as conn:
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            conn.execute("UPDATE decisions SET approved = true WHERE seq = 3")
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            conn.execute("DELETE FROM decisions WHERE seq = 3")
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            conn.execute("TRUNCATE decisions")
    assert verify_chain(ledger_url).ok


def test_altered_row(chained, ledger_url):
    tamper(ledger_url, "UPDATE decisions SET approved = NOT approved WHERE seq = 4")
    rep = verify_chain(ledger_url)
    assert kinds(rep) == [("altered", 4)]
    assert rep.problems[0].id == ids(ledger_url)[4]
    assert "seq 4" in rep.summary()


@pytest.mark.parametrize(
    "change",
    [
        "posterior = posterior + 1e-12",
        "terms = terms || '{\"caller_verification\": 5}'",
        "reason = reason || ' '",
        "fallback = 'fallback.decline'",
        "created_at = created_at + interval '1 microsecond'",
        "call_id = 'other'",
    ],
)
def test_any_field_change_is_detected(chained, ledger_url, change):
    tamper(ledger_url, f"UPDATE decisions SET {change} WHERE seq = 6")
    assert kinds(verify_chain(ledger_url)) == [("altered", 6)]


def test_altered_and_rehashed_row(chained, ledger_url):
    tamper(ledger_url, "UPDATE decisions SET posterior = 0.99, approved = true WHERE seq = 5")
    rehash(ledger_url, 5)
    rep = verify_chain(ledger_url)
    assert kinds(rep) == [("altered", 5)]
    assert "re-hashed" in rep.problems[0].detail


def test_removed_row_in_the_middle(chained, ledger_url):
    tamper(ledger_url, "DELETE FROM decisions WHERE seq = 7")
    rep = verify_chain(ledger_url)
    assert kinds(rep) == [("removed", 7)]
    assert rep.rows == 9


def test_removed_first_and_several(chained, ledger_url):
    tamper(ledger_url, "DELETE FROM decisions WHERE seq IN (1, 5, 6)")
    rep = verify_chain(ledger_url)
    assert kinds(rep) == [("removed", 1), ("removed", 5)]
    assert "5..6" in rep.problems[1].detail


def test_removed_last_rows(chained, ledger_url):
    tamper(ledger_url, "DELETE FROM decisions WHERE seq >= 9")
    rep = verify_chain(ledger_url)
    assert kinds(rep) == [("removed", 9)]
    assert "9..10" in rep.problems[0].detail


def test_inserted_row_in_the_middle(chained, ledger_url):
    """A forged row slipped in after seq 3 with the rest renumbered and a valid own hash."""
    tamper(
        ledger_url,
        "UPDATE decisions SET seq = -seq WHERE seq >= 4",
        "UPDATE decisions SET seq = -seq + 1 WHERE seq < 0",
        """INSERT INTO decisions (id, seq, call_id, hotel_id, turn, action, risk_class, approved,
               vetoed, posterior, threshold, prior_logodds, terms, evidence, utilities, fallback,
               state, reason, prev_hash, hash, created_at)
           SELECT gen_random_uuid(), 4, call_id, hotel_id, turn, 'pms.cancel', risk_class, true,
               false, 0.99, threshold, prior_logodds, terms, evidence, utilities, NULL, state,
               'forged', hash, '', created_at FROM decisions WHERE seq = 3""",
    )
    rehash(ledger_url, 4)
    rep = verify_chain(ledger_url)
    assert kinds(rep) == [("inserted", 4)], rep.summary()
    assert rep.rows == 11


def test_inserted_row_with_a_bogus_link(chained, ledger_url):
    tamper(
        ledger_url,
        "UPDATE decisions SET seq = -seq WHERE seq >= 4",
        "UPDATE decisions SET seq = -seq + 1 WHERE seq < 0",
        """INSERT INTO decisions (id, seq, call_id, hotel_id, turn, action, risk_class, approved,
               vetoed, posterior, threshold, prior_logodds, terms, evidence, utilities, fallback,
               state, reason, prev_hash, hash, created_at)
           SELECT gen_random_uuid(), 4, call_id, hotel_id, turn, action, risk_class, approved,
               vetoed, posterior, threshold, prior_logodds, terms, evidence, utilities, fallback,
               state, reason, repeat('a', 64), repeat('b', 64), created_at
             FROM decisions WHERE seq = 3""",
    )
    rep = verify_chain(ledger_url)
    assert ("inserted", 4) in kinds(rep)
    assert ("altered", 3) not in kinds(rep)


def test_row_appended_outside_the_trigger(chained, ledger_url):
    tamper(
        ledger_url,
        """INSERT INTO decisions (id, seq, call_id, hotel_id, turn, action, risk_class, approved,
               vetoed, posterior, threshold, prior_logodds, terms, evidence, utilities, fallback,
               state, reason, prev_hash, hash, created_at)
           SELECT gen_random_uuid(), 11, call_id, hotel_id, turn, action, risk_class, approved,
               vetoed, posterior, threshold, prior_logodds, terms, evidence, utilities, fallback,
               state, reason, hash, '', created_at FROM decisions WHERE seq = 10""",
    )
    rehash(ledger_url, 11)
    rep = verify_chain(ledger_url)
    assert kinds(rep) == [("inserted", 11)]


def test_empty_ledger_is_intact(ledger_url):
    rep = verify_chain(ledger_url)
    assert rep.ok and rep.rows == 0


def test_appends_after_verification_keep_the_chain(chained, writer, ledger_url):
    core = DecisionCore(DecisionConfig(), sink=writer.put)
    for i in range(5):
        core.decide(ActionKind.SPEAK_ANSWER, {}, call_id="later", turn=i)
    assert writer.flush(20, in_database=True)
    rep = verify_chain(ledger_url)
    assert rep.ok and rep.rows == 15
