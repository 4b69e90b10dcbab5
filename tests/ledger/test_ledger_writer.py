"""The writer: every record type lands, duplicates are ignored, bad input loses nothing."""

from __future__ import annotations

import time

import psycopg
import pytest

from bayes.core import DecisionCore
from config.sections.decision import DecisionConfig
from ipc.actions import ActionKind
from ledger.ids import new_id
from ledger.records import (
    ActionRecord,
    AlertRecord,
    CallEnd,
    CallRecord,
    OutcomeRecord,
    ProposalRecord,
    ResultRecord,
    TurnRecord,
)
from ledger.spool import SpoolLocked
from ledger.writer import LedgerWriter, encode_record


def count(url, table, where="true"):
    with psycopg.connect(url) as conn:
        return conn.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]


def one_of_each(call_id: str) -> list:
    d = new_id()
    return [
        CallRecord(id=call_id, caller_phone="+49 171 1234567", created_at=time.time()),
        TurnRecord(id=new_id(), call_id=call_id, turn=1, text="hello", confidence=0.9),
        ProposalRecord(
            id=new_id(),
            call_id=call_id,
            turn=1,
            action=ActionKind.PMS_AVAILABILITY,
            args={"arrival": "2026-12-01", "guests": 2},
            origin="INTEL",
        ),  # fmt: skip
        ActionRecord(
            id=new_id(),
            decision_id=d,
            call_id=call_id,
            action=ActionKind.PMS_AVAILABILITY,
            args={"guests": 2},
        ),  # fmt: skip
        ResultRecord(
            id=new_id(),
            decision_id=d,
            call_id=call_id,
            action=ActionKind.PMS_AVAILABILITY,
            ok=True,
            result={"offers": 3},
        ),  # fmt: skip
        AlertRecord(id=new_id(), severity=2, category="test", message="m", call_id=call_id),
        OutcomeRecord(
            id=new_id(),
            decision_id=d,
            call_id=call_id,
            action=ActionKind.PMS_AVAILABILITY,
            outcome="confirmed",
            d_alpha=1.0,
        ),  # fmt: skip
        CallEnd(id=new_id(), call_id=call_id, end_reason="caller hung up"),
    ]


def test_every_record_type_lands(writer, ledger_url):
    cid = new_id()
    for r in one_of_each(cid):
        writer.put(r)
    DecisionCore(DecisionConfig(), sink=writer.put).decide(ActionKind.SPEAK_ANSWER, {}, call_id=cid)
    assert writer.flush(20)
    for t in ("calls", "turns", "proposals", "decisions", "actions", "results", "outcomes"):
        assert count(ledger_url, t) == 1, t
    assert count(ledger_url, "alerts", "category = 'test'") == 1
    with psycopg.connect(ledger_url) as conn:
        ended, reason, version = conn.execute(
            "SELECT ended_at, end_reason, version FROM calls"
        ).fetchone()
        assert ended is not None and reason == "caller hung up" and version == 2
        assert conn.execute("SELECT args->>'guests' FROM proposals").fetchone()[0] == "2"
    assert writer.stats["spooled"] == 0 and writer.stats["rejected"] == 0


def test_duplicates_are_ignored_by_id(writer, ledger_url):
    cid = new_id()
    recs = one_of_each(cid)
    for r in recs + recs:  # twice in one batch
        writer.put(r)
    assert writer.flush(20)
    for r in recs:  # and again in a later batch
        writer.put(r)
    assert writer.flush(20)
    assert count(ledger_url, "turns") == 1 and count(ledger_url, "outcomes") == 1
    with psycopg.connect(ledger_url) as conn:
        assert conn.execute("SELECT successes FROM prior_counts").fetchone()[0] == 1.0


def test_turn_text_is_redacted_before_storage(writer, ledger_url, tmp_path):
    cid = new_id()
    writer.put(TurnRecord(id=new_id(), call_id=cid,
                          text="my name is Anna Weber, card 4111 1111 1111 1111, anna@example.org"))  # fmt: skip
    assert writer.flush(20)
    with psycopg.connect(ledger_url) as conn:
        text = conn.execute("SELECT text FROM turns").fetchone()[0]
    assert text == "my name is [NAME], card [CARD], [EMAIL]"


def test_put_refuses_unknown_record_types(writer):
    with pytest.raises(TypeError, match="does not store dict"):
        writer.put({"id": "x"})


def test_record_refused_by_the_database_is_kept_with_an_alert(writer, ledger_url):
    good = [TurnRecord(id=new_id(), call_id="c", text=f"t{i}") for i in range(5)]
    bad = TurnRecord(id="not-a-uuid", call_id="c", text="x")
    for r in good[:2] + [bad] + good[2:]:
        writer.put(r)
    assert writer.flush(20)
    assert count(ledger_url, "turns") == 5
    assert writer.stats["rejected"] == 1
    assert writer.rejected.size() > 0
    assert [a.category for a in writer.alerts] == ["ledger.rejected"]
    assert writer.flush(20)
    assert count(ledger_url, "alerts", "category = 'ledger.rejected'") == 1


def test_refused_connection_spools_then_replays(ledger_url, tmp_path):
    """A database that refuses connections: records spool; a writer that can connect replays."""
    dead = "postgresql://nobody:x@127.0.0.1:1/none"
    alerts = []
    w = LedgerWriter(dead, tmp_path / "spool", flush_interval_s=0.01, on_alert=alerts.append)
    ids = [new_id() for _ in range(50)]
    for i in ids:
        w.put(TurnRecord(id=i, call_id="c", text="hello"))
    assert w.flush(10)
    assert not w.online and w.stats["spooled"] >= 50
    assert w.last_error and "OperationalError" in w.last_error
    assert [a.category for a in alerts] == ["ledger.offline"]
    w.close()

    w2 = LedgerWriter(ledger_url, tmp_path / "spool", flush_interval_s=0.01)
    assert w2.flush(20, in_database=True)
    w2.close()
    with psycopg.connect(ledger_url) as conn:
        got = [r[0] for r in conn.execute("SELECT id::text FROM turns ORDER BY id")]
        assert sorted(got) == sorted(ids)
        # the offline alert reached the ledger too
        assert (
            conn.execute("SELECT count(*) FROM alerts WHERE category='ledger.offline'").fetchone()[
                0
            ]
            == 1
        )
    assert not (tmp_path / "spool" / "ledger.spool").exists()


def test_corrupt_spool_record_is_skipped_with_an_alert(ledger_url, tmp_path):
    from ledger.spool import Spool

    spool = Spool(tmp_path / "spool" / "ledger.spool")
    recs = [TurnRecord(id=new_id(), call_id="c", text=f"t{i}") for i in range(6)]
    spool.append([encode_record(r) for r in recs])
    spool.close()
    data = bytearray(spool.path.read_bytes())
    # flip a byte inside the third record's payload
    third = data.find(b"SVS1", data.find(b"SVS1", data.find(b"SVS1") + 1) + 1)
    data[third + 20] ^= 0xFF
    spool.path.write_bytes(bytes(data) + b"SVS1\x10\x00")  # and a torn tail
    alerts = []
    w = LedgerWriter(ledger_url, tmp_path / "spool", flush_interval_s=0.01, on_alert=alerts.append)
    assert w.flush(20, in_database=True)
    w.close()
    with psycopg.connect(ledger_url) as conn:
        got = {r[0] for r in conn.execute("SELECT id::text FROM turns")}
    assert got == {r.id for i, r in enumerate(recs) if i != 2}
    assert [a.category for a in alerts] == ["ledger.spool_corrupt", "ledger.spool_corrupt"]
    assert w.stats["corrupt_skipped"] == 2


def test_undecodable_spool_payload_is_skipped(ledger_url, tmp_path):
    from ledger.spool import Spool

    spool = Spool(tmp_path / "spool" / "ledger.spool")
    ok = TurnRecord(id=new_id(), call_id="c", text="fine")
    spool.append([b"\x92\x63\xc0", b"not msgpack at all", encode_record(ok)])
    spool.close()
    alerts = []
    w = LedgerWriter(ledger_url, tmp_path / "spool", flush_interval_s=0.01, on_alert=alerts.append)
    assert w.flush(20, in_database=True)
    w.close()
    assert count(ledger_url, "turns") == 1
    assert len(alerts) == 2 and all(a.category == "ledger.spool_corrupt" for a in alerts)


def test_second_writer_on_the_same_spool_is_refused(writer, tmp_path):
    with pytest.raises(SpoolLocked, match="another ledger writer"):
        LedgerWriter(writer.url, tmp_path / "spool")


def test_put_accepts_everything_while_the_database_is_away(tmp_path):
    w = LedgerWriter("postgresql://nobody:x@127.0.0.1:1/none", tmp_path / "s", flush_interval_s=5)
    for _ in range(10_000):
        w.put(TurnRecord(id=new_id(), call_id="c", text="x"))
    w.close()  # close spools what is still queued
    assert w.stats["spooled"] == 10_000 + 1  # and the offline alert


def test_decision_ids_are_stored_canonically_and_bad_ones_rejected(writer, ledger_url):
    import msgspec

    core = DecisionCore(DecisionConfig())
    d = core.decide(ActionKind.SPEAK_ANSWER, {}, call_id="c")
    upper = msgspec.structs.replace(d, decision_id=d.decision_id.upper().replace("-", ""))
    bad = msgspec.structs.replace(core.decide(ActionKind.SPEAK_ANSWER, {}, call_id="c"), decision_id="nope")
    writer.put(upper)
    writer.put(bad)
    writer.put(d)  # the same decision in canonical form: a duplicate
    assert writer.flush(20, in_database=True)
    with psycopg.connect(ledger_url) as conn:
        assert [r[0] for r in conn.execute("SELECT id::text FROM decisions")] == [d.decision_id]
    assert writer.stats["rejected"] == 1
    from ledger.chain import verify_chain

    assert verify_chain(ledger_url).ok
