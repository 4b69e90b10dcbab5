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
