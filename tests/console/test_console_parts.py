"""The console's parts without a browser: the ledger's change feed, masking, search input,
chart escaping, the port check and the defaults."""

from __future__ import annotations

import json
import socket
import uuid

import psycopg
import pytest

from ledger.migrate import migrate


@pytest.fixture
def ledger_url(pg_url):
    migrate(pg_url)
    return pg_url


def _notes(conn, timeout: float = 2.0) -> list[dict]:
    return [json.loads(n.payload) for n in conn.notifies(timeout=timeout, stop_after=50)]


def test_a_written_batch_is_announced_once_per_table_with_its_calls(ledger_url):
    with psycopg.connect(ledger_url, autocommit=True) as listener:
        listener.execute("LISTEN sovren_ledger")
        calls = [uuid.uuid4().hex for _ in range(3)]
        with psycopg.connect(ledger_url) as conn:
            with conn.cursor().copy(
                "COPY turns (id, call_id, turn, speaker, text) FROM STDIN"
            ) as cp:
                for c in calls:
                    for turn in (1, 2):
                        cp.write_row((uuid.uuid4(), c, turn, "caller", "hello"))
            conn.commit()
        notes = _notes(listener, 1.0)
        assert len(notes) == 1 and notes[0]["t"] == "turns"  # one per statement, not per row
        assert sorted(notes[0]["c"]) == sorted(calls)
        # more than 100 calls in one statement: "many" (null), never a payload too large
        with psycopg.connect(ledger_url) as conn:
            with conn.cursor().copy(
                "COPY turns (id, call_id, turn, speaker, text) FROM STDIN"
            ) as cp:
                for _ in range(150):
                    cp.write_row((uuid.uuid4(), uuid.uuid4().hex, 1, "caller", "hi"))
            conn.commit()
        assert _notes(listener, 1.0) == [{"t": "turns", "c": None}]
        # an ended call (an UPDATE of calls) and an acknowledged alert are announced too
        cid = uuid.uuid4()
        aid = uuid.uuid4()
        with psycopg.connect(ledger_url, autocommit=True) as conn:
            conn.execute(
                "INSERT INTO calls (id, hotel_id, started_at) VALUES (%s, 'demo', now())", (cid,)
            )
            conn.execute("UPDATE calls SET ended_at = now() WHERE id = %s", (cid,))
            conn.execute(
                "INSERT INTO alerts (id, call_id, severity, category, message)"
                " VALUES (%s, %s, 3, 'x', 'y')",
                (aid, cid.hex),
            )
            conn.execute("UPDATE alerts SET acknowledged_at = now() WHERE id = %s", (aid,))
        got = _notes(listener, 1.0)
        assert [n["t"] for n in got] == ["calls", "calls", "alerts", "alerts"]
        assert all(n["c"] == [cid.hex] for n in got)


def test_the_audit_trail_cannot_be_changed(ledger_url):
    with psycopg.connect(ledger_url, autocommit=True) as conn:
        conn.execute("INSERT INTO console_audit (account, event) VALUES ('a', 'login')")
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            conn.execute("UPDATE console_audit SET ok = false")
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            conn.execute("DELETE FROM console_audit")


def test_accounts_refuse_bad_names_roles_short_passwords_and_duplicates(ledger_url):
    from runtime.console.accounts import add_account
    from runtime.console.errors import ConsoleError

    with psycopg.connect(ledger_url, autocommit=True) as conn:
        add_account(conn, "anna", "manager", "long enough pw")
        for name, role, pw, msg in (
            ("anna", "manager", "long enough pw", "exists already"),
            ("a b", "manager", "long enough pw", "not allowed"),
            ("bob", "owner", "long enough pw", "unknown"),
            ("bob", "manager", "short", "too short"),
        ):
            with pytest.raises(ConsoleError, match=msg):
                add_account(conn, name, role, pw)
        stored = conn.execute("SELECT password_hash FROM console_accounts").fetchall()
    assert len(stored) == 1 and stored[0][0].startswith("$argon2id$")
    assert "long enough pw" not in stored[0][0]


def test_caller_ids_are_masked_for_reception_only():
    from runtime.console.accounts import Account
    from runtime.console.web import mask_phone

    desk, mgr = Account("1", "d", "reception"), Account("2", "m", "manager")
    assert mask_phone("+4915112345678", desk) == "+" + "•" * 11 + "78"
    assert mask_phone("+4915112345678", mgr) == "+4915112345678"
    assert mask_phone(None, mgr) == "unknown"


def test_search_input_that_cannot_be_used_is_said_and_left_out():
    from runtime.console.queries import Search

    s, problems = Search.from_query(
        {
            "date_from": "2026-13-40",
            "outcome": "booked'; --",
            "caller": "<b>",
            "page": "x",
            "confirmation": "A1 " * 40,
        }  # fmt: skip
    )
    assert s.date_from is None and s.outcome is None and s.caller is None and s.page == 1
    assert len(problems) == 4
    assert len(s.confirmation) == 64
    s, problems = Search.from_query({"caller": "0049 (0)151 123-45678", "outcome": "open"})
    assert problems == [] and s.caller == "+4915112345678" and s.outcome == "open"


def test_chart_labels_are_escaped():
    from runtime.console.charts import bars, stacked

    svg = bars("t", ["<script>x</script>"], [3.0])
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    svg = stacked("t", ["d1"], {"<b>": [2]})
    assert "<b>" not in svg


def test_up_refuses_a_taken_console_port_only_when_the_console_is_on():
    from config import load_settings
    from runtime.preflight import busy_ports

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        off = load_settings(console={"port": port})
        assert busy_ports(off) == []
        on = load_settings(console={"enabled": True, "port": port})
        lines = busy_ports(on)
        assert len(lines) == 1 and "console.port" in lines[0] and "SOVREN_CONSOLE__PORT" in lines[0]


def test_the_console_is_off_by_default_and_on_loopback():
    from config import load_settings

    c = load_settings().console
    assert c.enabled is False and c.host == "127.0.0.1" and c.cookie_secure is True
