"""The spool's framing: each record checked; damage is reported and stepped over."""

from __future__ import annotations

from ledger.spool import Corrupt, Spool


def items(spool, start=0):
    return [x for _, x in spool.frames(start)]


def test_round_trip_and_offsets(tmp_path):
    s = Spool(tmp_path / "s.spool")
    s.append([b"a", b"bb"])
    s.append([b"ccc"])
    got = list(s.frames())
    assert [p for _, p in got] == [b"a", b"bb", b"ccc"]
    assert [p for _, p in s.frames(got[0][0])] == [b"bb", b"ccc"]
    assert got[-1][0] == s.size()


def test_flipped_byte_skips_only_that_record(tmp_path):
    s = Spool(tmp_path / "s.spool")
    s.append([b"first", b"second", b"third"])
    s.close()
    data = bytearray(s.path.read_bytes())
    data[12 + 5 + 12 + 2] ^= 0x01  # inside "second"
    s.path.write_bytes(bytes(data))
    got = items(s)
    assert got[0] == b"first" and got[2] == b"third"
    assert isinstance(got[1], Corrupt) and got[1].why == "checksum mismatch"


def test_garbage_between_records_and_torn_tail(tmp_path):
    s = Spool(tmp_path / "s.spool")
    s.append([b"one"])
    s.close()
    with open(s.path, "ab") as fh:
        fh.write(b"\x00garbage SVS1 not a frame")
    s.append([b"two"])
    s.close()
    with open(s.path, "ab") as fh:
        fh.write(b"SVS1\xff\x00\x00\x00\x01\x02")  # header claims 255 bytes; file ends
    got = items(s)
    assert got[0] == b"one" and got[2] == b"two"
    assert isinstance(got[1], Corrupt) and isinstance(got[3], Corrupt)
    assert len(got) == 4


def test_remove_and_missing_file(tmp_path):
    s = Spool(tmp_path / "s.spool")
    assert s.size() == 0 and items(s) == []
    s.append([b"x"])
    s.remove()
    assert not s.path.exists()
