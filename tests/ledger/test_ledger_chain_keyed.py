"""The keyed chain: a rewrite that recomputes the unkeyed chain, head included, is detected.

The attacker has database superuser rights and knows the scheme (ledger/chain.py),
but not SOVREN_LEDGER_CHAIN_KEY, which the operator keeps elsewhere.
"""

from __future__ import annotations

import secrets
import subprocess
import sys

import psycopg
import pytest

from bayes.core import DecisionCore
from config.sections.decision import DecisionConfig
from ipc.actions import ActionKind
from ledger.chain import (
    _QUERY,
    KEY_ENV,
    ChainKeyError,
    chain_key_from_environment,
    row_hash,
    verify_chain,
)
from ledger.writer import LedgerWriter
from tests.ledger.test_ledger_chain import tamper

KEY = secrets.token_bytes(32)


def _decide(writer, n, start=0):
    core = DecisionCore(DecisionConfig(), sink=writer.put)
    for i in range(start, start + n):
        core.decide(ActionKind.PMS_CREATE, {"asr_confidence": 0.9, "sentinel_risk": 1.0}, call_id=f"c{i}")
    assert writer.flush(20, in_database=True)


def _write(url, tmp_path, n, start=0, key=None, monkeypatch=None):
    if key is None:
        monkeypatch.delenv(KEY_ENV, raising=False)
    else:
        monkeypatch.setenv(KEY_ENV, key.hex())
    w = LedgerWriter(url, tmp_path / f"spool{start}", flush_interval_s=0.01)
    try:
        _decide(w, n, start)
    finally:
        w.close()


def _rewrite_unkeyed_from(url: str, seq: int, reason: str) -> None:
    """Change one decision, recompute the plain SHA-256 chain from it on, and the head."""
    tamper(url, ("UPDATE decisions SET reason = %s, approved = true WHERE seq = %s", (reason, seq)))
    with psycopg.connect(url) as conn:
        rows = conn.execute(_QUERY).fetchall()
    prev = None
    for r in rows:
        if r[0] < seq:
            prev = r[3]
            continue
        r = (r[0], r[1], prev if prev is not None else r[2], *r[3:])
        h = row_hash(r)
        tamper(
            url, ("UPDATE decisions SET prev_hash = %s, hash = %s WHERE seq = %s", (r[2], h, r[0]))
        )
        prev = h
    tamper(url, ("UPDATE ledger_chain_head SET hash = %s WHERE chain = 'decisions'", (prev,)))


def test_a_keyed_chain_verifies_with_its_key_only(ledger_url, tmp_path, monkeypatch):
    _write(ledger_url, tmp_path, 6, key=KEY, monkeypatch=monkeypatch)
    rep = verify_chain(ledger_url, KEY)
    assert rep.ok and rep.keyed == 6 and rep.unkeyed == 0 and rep.sealed, rep.summary()
    no_key = verify_chain(ledger_url)
    assert no_key.ok and no_key.unchecked == 6 and "NOT checked" in no_key.summary()
    other = verify_chain(ledger_url, secrets.token_bytes(32))
    assert not other.ok and {p.kind for p in other.problems} == {"altered", "unsealed"}


def test_rewriting_a_row_and_recomputing_the_unkeyed_chain_with_the_head_is_detected(
    ledger_url, tmp_path, monkeypatch
):
    _write(ledger_url, tmp_path, 8, key=KEY, monkeypatch=monkeypatch)
    _rewrite_unkeyed_from(ledger_url, 4, "approved by the night manager")
    rep = verify_chain(ledger_url, KEY)
    assert not rep.ok
    kinds = {(p.kind, p.seq) for p in rep.problems}
    assert {("downgraded", s) for s in range(5, 9)} <= kinds
    assert ("unsealed", 8) in kinds
    assert "ledger chain BROKEN" in rep.summary()


def test_rewriting_the_whole_chain_unkeyed_is_detected_by_the_head_seal(
    ledger_url, tmp_path, monkeypatch
):
    _write(ledger_url, tmp_path, 5, key=KEY, monkeypatch=monkeypatch)
    _rewrite_unkeyed_from(ledger_url, 1, "rewritten")
    tamper(ledger_url, "UPDATE ledger_chain_head SET mac = NULL")
    rep = verify_chain(ledger_url, KEY)
    assert [p.kind for p in rep.problems] == ["unsealed"]
    assert rep.unkeyed == 5 and rep.keyed == 0


def test_old_unkeyed_rows_stay_verifiable_and_are_pinned_by_the_first_keyed_row(
    ledger_url, tmp_path, monkeypatch
):
    _write(ledger_url, tmp_path, 4, key=None, monkeypatch=monkeypatch)  # before the migration
    rep = verify_chain(ledger_url)
    assert rep.ok and rep.unkeyed == 4 and "UNKEYED" not in rep.summary()
    assert "unkeyed chain (SHA-256)" in rep.summary()
    _write(ledger_url, tmp_path, 3, start=4, key=KEY, monkeypatch=monkeypatch)
    rep = verify_chain(ledger_url, KEY)
    assert rep.ok and (rep.unkeyed, rep.keyed) == (4, 3) and rep.sealed, rep.summary()
    assert "4 unkeyed from before the key was set" in rep.summary()
    # an old row rewritten with the unkeyed chain recomputed up to the first keyed row
    tamper(ledger_url, ("UPDATE decisions SET reason = 'x' WHERE seq = 2",))
    with psycopg.connect(ledger_url) as conn:
        rows = {r[0]: r for r in conn.execute(_QUERY).fetchall()}
    prev = rows[1][3]
    for s in (2, 3, 4):
        r = (rows[s][0], rows[s][1], prev, *rows[s][3:])
        h = row_hash(r)
        tamper(ledger_url, ("UPDATE decisions SET prev_hash = %s, hash = %s WHERE seq = %s",
                            (prev, h, s)))  # fmt: skip
        prev = h
    rep = verify_chain(ledger_url, KEY)
    assert not rep.ok and ("altered", 4) in {(p.kind, p.seq) for p in rep.problems}


def test_the_key_from_the_environment(monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    assert chain_key_from_environment() is None
    monkeypatch.setenv(KEY_ENV, KEY.hex())
    assert chain_key_from_environment() == KEY
    monkeypatch.setenv(KEY_ENV, "not hex")
    with pytest.raises(ChainKeyError, match="must be hex"):
        chain_key_from_environment()
    monkeypatch.setenv(KEY_ENV, "ab" * 8)
    with pytest.raises(ChainKeyError, match="at least 32 bytes"):
        chain_key_from_environment()


def test_sovren_ledger_verify_uses_the_key_from_the_environment(ledger_url, tmp_path, monkeypatch):
    _write(ledger_url, tmp_path, 3, key=KEY, monkeypatch=monkeypatch)
    _rewrite_unkeyed_from(ledger_url, 2, "forged")
    env = {"SOVREN_DATABASE_URL": ledger_url, KEY_ENV: KEY.hex(), "PATH": "/usr/bin:/bin"}
    import os

    env["PYTHONPATH"] = os.environ.get("PYTHONPATH", "")
    out = subprocess.run(
        [sys.executable, "-m", "runtime.cli", "ledger", "verify"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 1, out.stdout + out.stderr
    assert "downgraded" in out.stdout and "unsealed" in out.stdout
