"""Erasure that erases: after an English and a German call, nothing of the caller is found.

Through the live runtime: the caller books in English and calls again in German giving
their name; `sovren ledger erase --phone` then empties the ledger (calls, turns,
proposals, actions, results, alerts) and the local PMS's reservations, and no command
finds anything of theirs: `calls`, `explain`, `alerts`, `pms find`, nor a search of
every ledger table and the PMS's reservations for the name, the number or the booking.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import psycopg

from runtime.calls import run_call
from runtime.client import CallClient

PHONE = "+49 151 7770 4242"
NAME_EN = "Harriet Quillfeather"
NAME_DE = "Jürgen Weiß"


def _cli(live, *argv: str, ok: bool = True) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "SOVREN_INSTANCE": live.settings.instance,
        "SOVREN_DATA_DIR": str(live.settings.data_dir),
        "SOVREN_DATABASE_URL": live.url,
    }
    p = subprocess.run(
        [sys.executable, "-m", "runtime.cli", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if ok:
        assert p.returncode == 0, p.stderr
    return p


def _everything(url: str, *, pms: bool = True) -> str:
    """Every row of every ledger table (and of the PMS's reservations), as one text."""
    out = []
    with psycopg.connect(url) as conn:
        for t in ("calls", "turns", "proposals", "actions", "results", "alerts", "decisions"):
            for (row,) in conn.execute(f"SELECT row_to_json(x)::text FROM {t} x"):
                out.append(row)
        if pms:
            for (row,) in conn.execute("SELECT row_to_json(r)::text FROM pms_local.reservations r"):
                out.append(row)
    return "\n".join(out)


def test_a_caller_erased_after_an_english_and_a_german_call_is_found_nowhere(live):
    with CallClient(live.settings) as client:
        en = run_call(
            client,
            [
                "Hello, I'd like to book a room for next Friday for two nights.",
                "Two people, a double room please.",
                f"My name is {NAME_EN}.",
                "Yes, please book it.",
                "Thank you, goodbye.",
            ],
            PHONE,
            echo=False,
        )
        de = run_call(
            client,
            [
                f"Guten Tag, mein Name ist {NAME_DE}.",
                "Ich möchte ein Zimmer für nächsten Freitag für zwei Nächte buchen.",
                "Danke, auf Wiederhören.",
            ],
            PHONE,
            echo=False,
            lang="de",
        )
    assert en["outcome"] == "booked", en
    (booking,) = [
        a["result"]
        for t in en["turns"]
        for a in t["actions"]
        if a["kind"] == "pms.create" and a["result"]
    ]
    confirmation = booking["reservation"]["confirmation"]
    time.sleep(1.5)  # the writers batch
    before = _everything(live.url)
    assert NAME_EN in before and confirmation in before  # there is something to erase
    with psycopg.connect(live.url) as conn:
        said = [
            t
            for (t,) in conn.execute(
                "SELECT text FROM turns WHERE call_id = %s AND text IS NOT NULL", (de["call_id"],)
            )
        ]
    # the German name was masked on the way in, as an English one is
    assert any("mein Name ist [NAME]" in t for t in said), said
    assert not any("Weiß" in t or "Jürgen" in t for t in said)
    found = _cli(live, "pms", "find", "--phone", PHONE, "--json").stdout
    assert NAME_EN in found

    erased = json.loads(_cli(live, "ledger", "erase", "--phone", PHONE, "--yes", "--json").stdout)
    assert erased["ledger"]["calls"] == 2 and erased["ledger"]["turns"] > 0
    assert confirmation in erased["pms_redacted"]
    # the only thing that remains is said with its place: the PMS worker's write journal
    # (the running worker's own exactly-once file, docs/ledger.md), named, not rewritten
    assert [r for r in erased["remaining"] if "PMS write journal" not in r] == []
    assert all(".pms.jsonl" in r for r in erased["remaining"])

    after = _everything(live.url)
    digits = "".join(c for c in PHONE if c.isdigit())
    for secret in (NAME_EN, *NAME_EN.split(), *NAME_DE.split(), "Weiss"):
        assert secret not in after, secret
    assert digits[-9:] not in after.replace(" ", "")
    # the booking's number stays only on the booking (which stays): nowhere in the ledger
    assert confirmation not in _everything(live.url, pms=False)

    calls = json.loads(_cli(live, "calls", "--json", "--limit", "1000").stdout)
    ids = {c["call_id"].replace("-", "") for c in calls}
    assert en["call_id"] not in ids and de["call_id"] not in ids
    for call in (en, de):
        p = _cli(live, "explain", call["call_id"][:12], "--json", ok=False)
        text = p.stdout + p.stderr
        for secret in (NAME_EN, "Jürgen", "Weiß", confirmation, "Quillfeather"):
            assert secret not in text
    alerts = _cli(live, "alerts", "--json", "--severity", "info", "--limit", "1000").stdout
    for secret in ("Quillfeather", "Jürgen", "Weiß", confirmation):
        assert secret not in alerts
    for argv in (
        ["--phone", PHONE],
        ["--name", "Quillfeather"],
        ["--name", "Weiß"],
        ["--confirmation", confirmation],
    ):
        out = _cli(live, "pms", "find", *argv, "--json", ok=False)
        assert "Quillfeather" not in out.stdout and PHONE not in out.stdout
        assert "Weiß" not in out.stdout
    # the booking itself stays (the room is still taken), without the guest's data
    with psycopg.connect(live.url) as conn:
        (name, status) = conn.execute(
            "SELECT guest_name, status FROM pms_local.reservations WHERE confirmation = %s",
            (confirmation,),
        ).fetchone()
    assert name == "[erased]" and status == "confirmed"
    # and the erasure is on record, without the number
    with psycopg.connect(live.url) as conn:
        (detail,) = conn.execute(
            "SELECT detail::text FROM erasures WHERE kind = 'caller' ORDER BY created_at DESC"
        ).fetchone()
    assert digits[-9:] not in detail
