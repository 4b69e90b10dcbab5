"""The topology table: one ring per directed link, and no link that nothing sends on."""

from collections import Counter

from fabric import topology
from ipc.messages import AgentId as A


def test_every_link_is_declared_once():
    keys = Counter((lk.src, lk.dst, lk.slot, lk.telemetry) for lk in topology.links())
    assert [k for k, n in keys.items() if n > 1] == []


def test_command_sends_nothing_to_strike():
    # COMMAND's coordinator emits to MEDIA, PMS, INTEL and SENTINEL only (Out targets).
    data = {lk.dst for lk in topology.outbound(A.COMMAND) if not lk.telemetry}
    assert data - {A.SUPERVISOR} == {A.MEDIA, A.PMS, A.INTEL, A.SENTINEL}


def test_strike_hears_only_media_and_the_supervisor():
    assert {lk.src for lk in topology.inbound(A.STRIKE)} == {A.MEDIA, A.SUPERVISOR}


def test_links_that_carry_telemetry_drop_and_links_that_carry_calls_fail():
    drop = {lk.key for lk in topology.links() if lk.on_full == "drop"}
    for role in topology.ROLES:
        assert f"{role.name.lower()}-supervisor" in drop  # heartbeats
        assert topology.tap(role).key in drop  # what `sovren tail` reads
    for slot in range(topology.CLIENT_SLOTS):
        assert f"media-cli{slot}" in drop  # a client may have gone away
        assert f"cli{slot}-media" not in drop
    assert "ops-command" in drop  # the next health sample replaces it
    for key in ("command-pms", "intel-command", "media-intel", "command-media", "pms-command"):
        assert key not in drop  # these carry calls: fail the call, never drop silently
    for lk in topology.links():
        assert lk.ring_policy == ("drop" if lk.on_full == "drop" else "block")


def test_ops_can_reach_the_alert_feed():
    assert {lk.dst for lk in topology.outbound(A.OPS)} >= {A.COMMAND, A.SENTINEL}
