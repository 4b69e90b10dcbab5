"""Fabric integrity events: checksum failures, unknown senders, sequence gaps/duplicates, forged and replayed approvals."""

from __future__ import annotations

import pytest

from agents.sentinel.integrity import EVENT_KINDS, allowed_sender
from ipc.messages import AgentId, Severity


@pytest.mark.parametrize(
    "kind,severity",
    [
        ("forged_approval", Severity.CRITICAL),
        ("replayed_approval", Severity.CRITICAL),
        ("mismatched_approval", Severity.CRITICAL),
        ("expired_approval", Severity.MEDIUM),
        ("checksum_failure", Severity.HIGH),
        ("sequence_gap", Severity.MEDIUM),
    ],
)
def test_reported_events(sentinel, kind, severity):
    a = sentinel.integrity_event(
        kind, {"executor": "pms", "decision_id": "d-1", "action": "pms.cancel", "call_id": "call-9"}
    )
    assert a.severity == severity and a.veto == (severity == Severity.CRITICAL)
    assert a.call_id == "call-9" and a.direction == "fabric"
    (alert,) = a.alerts
    assert alert.category == "integrity" and alert.severity == severity
    assert alert.evidence["rules"] == [kind] and alert.evidence["detail"]["decision_id"] == "d-1"


def test_unknown_event_kind_is_a_clear_error(sentinel):
    with pytest.raises(ValueError, match="unknown integrity event 'nonsense'; known: "):
        sentinel.integrity_event("nonsense", {})


def test_event_detail_is_sanitised(sentinel):
    a = sentinel.integrity_event(
        "forged_approval",
        {
            "args": {"guest_name": "Mr Fitzgerald", "phone": "+49 170 1234567"},
            "raw": b"\x00" * 50,
            "n": 3,
        },
    )
    d = a.alerts[0].evidence["detail"]
    assert "Fitzgerald" not in repr(d) and "1234567" not in repr(d)
    assert d["raw"] == "<50 bytes>" and d["n"] == 3


def test_allowed_sender_from_link_key():
    assert allowed_sender("strike-command") == AgentId.STRIKE
    assert allowed_sender("cli2-media") == AgentId.CLI
    with pytest.raises(ValueError, match="not of the form"):
        allowed_sender("nonsense")
    with pytest.raises(ValueError, match="names no known agent"):
        allowed_sender("bob-command")


def test_sequence_watch(sentinel):
    link = "command-pms"
    assert sentinel.observe_frame(link, AgentId.COMMAND, 1) is None
    assert sentinel.observe_frame(link, AgentId.COMMAND, 2) is None
    gap = sentinel.observe_frame(link, AgentId.COMMAND, 5)
    assert (
        gap.findings[0].rule == "sequence_gap" and gap.alerts[0].evidence["detail"]["missing"] == 2
    )
    dup = sentinel.observe_frame(link, AgentId.COMMAND, 5)
    assert dup.findings[0].rule == "sequence_duplicate" and dup.severity == Severity.LOW
    old = sentinel.observe_frame(link, AgentId.COMMAND, 3)
    assert old.findings[0].rule == "sequence_duplicate"
    assert sentinel.observe_frame(link, AgentId.COMMAND, 6) is None
    # links are independent
    assert sentinel.observe_frame("command-media", AgentId.COMMAND, 100) is None


def test_unknown_sender_is_critical(sentinel):
    a = sentinel.observe_frame("command-pms", AgentId.STRIKE, 1)
    assert a.veto and a.findings[0].rule == "unknown_sender"
    assert a.alerts[0].evidence["detail"] == {
        "link": "command-pms",
        "source": "STRIKE",
        "allowed": "COMMAND",
    }
    b = sentinel.observe_frame("command-pms", 99, 1)  # not an agent at all
    assert (
        b.findings[0].rule == "unknown_sender" and b.alerts[0].evidence["detail"]["source"] == "99"
    )


def test_checksum_burst_escalates(settings):
    from agents.sentinel.rules import Sentinel

    s = Sentinel(settings)
    n = settings.sentinel.checksum_burst
    for i in range(n - 1):
        a = s.checksum_failure("media-sentinel", {"seq": i}, now=float(i) * 0.1)
        assert a.severity == Severity.HIGH
    a = s.checksum_failure("media-sentinel", now=(n - 1) * 0.1)
    assert a.severity == Severity.CRITICAL and "checksum_burst" in {f.rule for f in a.findings}
    # other link, and after the window: back to HIGH
    assert s.checksum_failure("strike-command", now=1.0).severity == Severity.HIGH
    assert s.checksum_failure("media-sentinel", now=100.0).severity == Severity.HIGH


def test_every_event_kind_has_a_description():
    assert all(isinstance(sev, Severity) and text for sev, text in EVENT_KINDS.values())
