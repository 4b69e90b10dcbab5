"""Erasure with a vendor's PMS: the ledger is erased, and what remains there is said."""

from __future__ import annotations

import psycopg

from config import load_settings
from ledger.ids import new_id
from ledger.migrate import migrate
from ledger.records import CallRecord, ResultRecord
from ledger.writer import LedgerWriter
from runtime.erasure import erase_everywhere

APALEO = {
    "SOVREN_APALEO_CLIENT_ID": "id",
    "SOVREN_APALEO_CLIENT_SECRET": "secret",
    "SOVREN_APALEO_PROPERTY_ID": "DEMO",
    "SOVREN_APALEO_BASE_URL": "http://127.0.0.1:9",
    "SOVREN_APALEO_IDENTITY_URL": "http://127.0.0.1:9",
}


def test_a_vendor_pms_the_connector_cannot_erase_is_named_with_what_remains(
    pg_url, tmp_path, monkeypatch
):
    for k, v in APALEO.items():
        monkeypatch.setenv(k, v)
    migrate(pg_url)
    call = new_id()
    with LedgerWriter(pg_url, tmp_path / "spool", run_migrations=False) as w:
        w.put(CallRecord(id=call, caller_phone="+49 171 2223344"))
        w.put(
            ResultRecord(
                id=new_id(),
                decision_id=new_id(),
                call_id=call.replace("-", ""),
                action="pms.create",
                ok=True,
                result={"reservation": {"confirmation": "APL-123456", "guest_name": "Vera V"}},
            )
        )
        assert w.flush(20, in_database=True)
    settings = load_settings(data_dir=str(tmp_path), pms={"vendor": "apaleo"})
    rep = erase_everywhere(settings, pg_url, "+49 171 2223344")
    assert rep.ledger.counts["calls"] == 1 and rep.ledger.counts["results"] == 1
    assert rep.pms_redacted == []
    (remains,) = rep.remaining
    assert "apaleo" in remains and "APL-123456" in remains and "back office" in remains
    assert "REMAINS: " in rep.summary()
    with psycopg.connect(pg_url) as conn:
        assert "Vera" not in str(conn.execute("SELECT result FROM results").fetchall())


def test_the_pms_write_journal_naming_the_caller_is_reported_as_what_remains(tmp_path):
    from runtime.erasure import _journal_remains

    journal = tmp_path / "journal"
    journal.mkdir()
    (journal / "demo.pms.jsonl").write_text(
        '{"op": "open", "args": {"guest_name": "Ines Test", "phone": "+4930555123"}}\n'
    )
    (journal / "other.pms.jsonl").write_text('{"op": "open", "args": {"phone": "+4930999"}}\n')
    remains = _journal_remains(tmp_path, "+4930555123", ["SOV-1234"])
    assert len(remains) == 1 and "demo.pms.jsonl" in remains[0]
    assert _journal_remains(tmp_path, "+4930111", []) == []
