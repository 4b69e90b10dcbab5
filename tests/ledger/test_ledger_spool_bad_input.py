"""A spool truncated or tampered with: refused with its path named, nothing replayed twice."""

from __future__ import annotations

import secrets

import crc32c
import psycopg
import pytest

from ledger.chain import KEY_ENV
from ledger.ids import new_id
from ledger.records import TurnRecord
from ledger.spool import MAC_LEN, Corrupt, Spool, spool_key
from ledger.spool_progress import ReplayProgress
from ledger.writer import LedgerWriter, encode_record

KEY = spool_key(bytes.fromhex("ab" * 32))


def _turns(n: int) -> list[TurnRecord]:
    return [TurnRecord(id=new_id(), call_id="c", turn=i, text=f"turn {i}") for i in range(n)]


def _ids(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        return {r[0] for r in conn.execute("SELECT id::text FROM turns")}


def _forge(path, index: int, new_payload: bytes, *, keyed: bool) -> None:
    """Replace frame ``index``'s payload and fix its CRC (what an editor without the key can do)."""
    data = bytearray(path.read_bytes())
    head = 12 + (MAC_LEN if keyed else 0)
    pos = 0
    for _ in range(index):
        n = int.from_bytes(data[pos + 4 : pos + 8], "little")
        pos += head + n
    n = int.from_bytes(data[pos + 4 : pos + 8], "little")
    frame = bytearray(data[pos : pos + head])
    frame[4:8] = len(new_payload).to_bytes(4, "little")
    frame[8:12] = crc32c.crc32c(new_payload).to_bytes(4, "little")
    data[pos : pos + head + n] = bytes(frame) + new_payload
    path.write_bytes(bytes(data))


# -- the frames ----------------------------------------------------------------------------


def test_keyed_frames_round_trip_and_a_forged_one_is_refused(tmp_path):
    s = Spool(tmp_path / "s.spool", key=KEY)
    s.append([b"first", b"second", b"third"])
    s.close()
    _forge(s.path, 1, b"SECOND, rewritten", keyed=True)
    got = [x for _, x in s.frames()]
    assert got[0] == b"first" and got[2] == b"third"
    assert isinstance(got[1], Corrupt) and got[1].tampered and "MAC mismatch" in got[1].why


def test_an_unkeyed_frame_slipped_into_a_keyed_spool_is_refused(tmp_path):
    s = Spool(tmp_path / "s.spool", key=KEY)
    s.append([b"mine"])
    s.close()
    Spool(s.path).append([b"forged without the key"])
    s.append([b"mine again"])
    got = [x for _, x in s.frames()]
    assert got[0] == b"mine" and got[2] == b"mine again"
    assert got[1].tampered and "unkeyed frame" in got[1].why


def test_keyed_frames_without_the_key_are_refused_not_trusted(tmp_path):
    Spool(tmp_path / "s.spool", key=KEY).append([b"x"])
    (got,) = [x for _, x in Spool(tmp_path / "s.spool").frames()]
    assert isinstance(got, Corrupt) and got.tampered and KEY_ENV in got.why


# -- the writer ----------------------------------------------------------------------------


@pytest.fixture
def keyed(monkeypatch):
    monkeypatch.setenv(KEY_ENV, secrets.token_hex(32))


def _spool_with(tmp_path, recs) -> Spool:
    from ledger.chain import chain_key_from_environment

    s = Spool(tmp_path / "spool" / "ledger.spool", key=spool_key(chain_key_from_environment()))
    s.append([encode_record(r) for r in recs])
    s.close()
    return s


def test_a_tampered_spool_record_is_refused_with_the_path_named(keyed, ledger_url, tmp_path):
    recs = _turns(5)
    s = _spool_with(tmp_path, recs)
    forged = TurnRecord(id=recs[2].id, call_id="c", turn=2, text="the guest agreed to pay double")
    _forge(s.path, 2, encode_record(forged), keyed=True)
    alerts = []
    w = LedgerWriter(ledger_url, s.path.parent, flush_interval_s=0.01, on_alert=alerts.append)
    assert w.flush(20, in_database=True)
    w.close()
    assert _ids(ledger_url) == {r.id for i, r in enumerate(recs) if i != 2}
    (alert,) = alerts
    assert alert.category == "ledger.spool_tampered" and alert.severity == 4
    assert str(s.path) in alert.message and alert.evidence["path"] == str(s.path)
    with psycopg.connect(ledger_url) as conn:
        assert (
            conn.execute("SELECT count(*) FROM turns WHERE text LIKE %s", ("%double%",)).fetchone()[
                0
            ]
            == 0
        )


def test_a_truncated_spool_replays_what_is_whole_and_names_the_path(keyed, ledger_url, tmp_path):
    recs = _turns(4)
    s = _spool_with(tmp_path, recs)
    data = s.path.read_bytes()
    s.path.write_bytes(data[:-7])  # cut inside the last record
    alerts = []
    w = LedgerWriter(ledger_url, s.path.parent, flush_interval_s=0.01, on_alert=alerts.append)
    assert w.flush(20, in_database=True)
    w.close()
    assert _ids(ledger_url) == {r.id for r in recs[:3]}
    (alert,) = alerts
    assert alert.category == "ledger.spool_corrupt" and str(s.path) in alert.message


def test_a_writer_killed_mid_replay_resumes_and_replays_nothing_twice(ledger_url, tmp_path):
    """The offset after each committed chunk is on disk; the next writer starts there."""
    recs = _turns(30)
    s = _spool_with(tmp_path, recs)
    offsets = [end for end, _ in s.frames()]
    # the killed writer had committed the first 10 records and recorded that
    first = LedgerWriter(ledger_url, tmp_path / "elsewhere", flush_interval_s=0.01)
    for r in recs[:10]:
        first.put(r)
    assert first.flush(20)
    first.close()
    ReplayProgress(s.path).save(offsets[9])
    w = LedgerWriter(ledger_url, s.path.parent, flush_interval_s=0.01, batch_size=7)
    assert w.flush(20, in_database=True)
    w.close()
    assert w.stats["replayed"] == 20  # only what the killed writer had not replayed
    assert _ids(ledger_url) == {r.id for r in recs}
    assert not s.path.exists() and not ReplayProgress(s.path).path.exists()


def test_progress_of_a_replaced_spool_is_not_applied_to_a_new_one(tmp_path):
    s = _spool_with(tmp_path, _turns(3))
    p = ReplayProgress(s.path)
    p.save(s.size())
    s.remove()
    s2 = _spool_with(tmp_path, _turns(3))
    assert ReplayProgress(s2.path).load() == 0
    p2 = ReplayProgress(s2.path)
    p2.save(10_000_000)  # an offset past the end (a damaged progress file) is not trusted
    assert p2.load() == 0
