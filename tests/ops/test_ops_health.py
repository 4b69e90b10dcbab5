"""GPU (the real "no GPU" path here), ring occupancy, connector scores, load shedding and the monitor."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from agents.ops.connectors import connector_score
from agents.ops.gpu import GpuProbe
from agents.ops.monitor import OpsMonitor, dependencies_of
from agents.ops.rings import ring_figures, rings_figures
from agents.ops.shedding import LoadShedAdvisor, ServiceSignals
from config import load_settings
from ipc.messages import Health


@pytest.fixture
def settings():
    return load_settings()


def test_no_gpu_here_is_a_clean_answer():
    probe = GpuProbe()
    assert probe.available is False  # these machines have no GPU and no NVML library
    fig = probe.sample()
    assert fig["available"] is False and fig["devices"] == []
    assert "NVML" in fig["reason"]
    probe.close()


def test_ring_figures_match_the_fabric_stats_names():
    fig = ring_figures(
        {"capacity": 4096, "used_bytes": 1024, "high_water": 2048, "full_events": 3, "name": "x"}
    )
    assert fig == {
        "fill": 0.25,
        "used_bytes": 1024,
        "capacity_bytes": 4096,
        "high_water_fill": 0.5,
        "full_events": 3,
    }
    assert ring_figures({"capacity_bytes": 100, "used": 50})["fill"] == 0.5


@pytest.mark.parametrize(
    "stats,msg",
    [
        ({"used_bytes": 1}, "need capacity"),
        ({"capacity": 0, "used_bytes": 0}, "positive"),
        ({"capacity": 10, "used_bytes": -1}, ">= 0"),
        ("nope", "must be a mapping"),
    ],
)
def test_bad_ring_stats_are_clear_errors(stats, msg):
    with pytest.raises(ValueError, match=msg):
        ring_figures(stats)


def test_one_bad_ring_does_not_spoil_the_others():
    out = rings_figures({"good": {"capacity": 10, "used_bytes": 5}, "bad": {}})
    assert out["good"]["fill"] == 0.5 and "error" in out["bad"]


def test_with_a_real_ring():
    from ipc.messages import AgentId, AgentMessage, Transcript
    from ipc.ring import Ring

    ring = Ring.create(f"/opst{os.getpid()}.media-strike", capacity_bytes=1 << 16)
    try:
        assert ring_figures(ring.stats())["fill"] == 0.0
        for i in range(10):
            ring.send(
                AgentMessage(AgentId.MEDIA, AgentId.STRIKE, "", i + 1, Transcript("hello " * 20))
            )
        fig = ring_figures(ring.stats())
        assert 0.0 < fig["fill"] < 1.0 and fig["capacity_bytes"] == 1 << 16
        assert fig["used_bytes"] == ring.stats()["used_bytes"] > 0
    finally:
        ring.close()
        ring.unlink()


@pytest.mark.parametrize(
    "health,expected",
    [
        ({"latency_p95_ms": 100, "error_rate": 0.0, "breaker_state": "closed"}, 1.0),
        ({"latency_p95_ms": 100, "error_rate": 0.0, "breaker_state": "open"}, 0.0),
        ({"latency_p95_ms": 100, "error_rate": 0.0, "breaker_state": "half_open"}, 0.5),
        ({"latency_p95_ms": 1750, "error_rate": 0.0, "breaker_state": "closed"}, 0.5),
        ({"latency_p95_ms": 5000, "error_rate": 0.0, "breaker_state": "closed"}, 0.0),
        ({"latency_p95_ms": 100, "error_rate": 0.25, "breaker_state": "closed"}, 0.5),
        ({}, 1.0),
    ],
)
def test_connector_scores(settings, health, expected):
    assert connector_score(health, settings.ops)[0] == pytest.approx(expected)


@pytest.mark.parametrize(
    "health,msg",
    [
        ({"breaker_state": "melted"}, "unknown breaker_state"),
        ({"latency_p95_ms": -1}, "latency_p95_ms"),
        ({"error_rate": 2}, "error_rate"),
        (["x"], "must be a mapping"),
    ],
)
def test_bad_connector_health(settings, health, msg):
    with pytest.raises(ValueError, match=msg):
        connector_score(health, settings.ops)


def _sig(turn=None, lag=None, fill=0.1, ring="command-pms"):
    return ServiceSignals(turn_p95_ms=turn, decode_lag_ms=lag, ring_fill=fill, fullest_ring=ring)


def test_a_saturated_cpu_alone_never_sheds(settings):
    """Host CPU is not what callers feel: turns within budget are never shed."""
    m = OpsMonitor(settings)
    for t in range(0, 60, 5):
        h = m.sample({}, None, None, now=float(t), turn_p95_ms=800.0, decode_lag_ms=20.0)
        assert not h.shed_load
    a = LoadShedAdvisor(settings.ops)
    assert not a.update(0, _sig()).shed and not a.update(600, _sig()).shed


def test_slow_turns_shed_only_when_sustained_and_with_hysteresis(settings):
    c = settings.ops
    a = LoadShedAdvisor(c)
    slow = c.turn_latency_high_ms + 500
    mid = (c.turn_latency_high_ms + c.turn_latency_low_ms) / 2
    ok = c.turn_latency_low_ms - 500
    assert not a.update(0, _sig(turn=slow)).shed  # one slow sample is not overload
    assert not a.update(c.shed_window_s - 0.1, _sig(turn=slow)).shed
    adv = a.update(c.shed_window_s, _sig(turn=slow))
    assert adv.shed and "turn latency" in adv.reasons[0]
    t = c.shed_window_s
    assert a.update(t + 1, _sig(turn=mid)).shed  # between low and high: stays on
    assert a.update(t + 2, _sig(turn=ok)).shed  # calm, but not for the clear window yet
    assert a.update(t + 2 + c.clear_window_s - 0.1, _sig(turn=ok)).shed
    assert a.update(t + 2 + c.clear_window_s, _sig(turn=mid)).shed  # a bump restarts it
    assert a.update(t + 3 + c.clear_window_s, _sig(turn=ok)).shed
    off = a.update(t + 3 + 2 * c.clear_window_s, _sig(turn=ok))
    assert not off.shed and off.reasons == ()


def test_decode_lag_sheds_when_sustained_and_unmeasured_signals_never_do(settings):
    c = settings.ops
    a = LoadShedAdvisor(c)
    lag = c.decode_lag_high_ms * 2
    assert not a.update(0, _sig(lag=lag)).shed
    adv = a.update(c.shed_window_s, _sig(lag=lag))
    assert adv.shed and "decoder" in adv.reasons[0]
    b = LoadShedAdvisor(c)
    assert not b.update(0, _sig(turn=None, lag=None)).shed
    assert not b.update(1000, _sig(turn=None, lag=None)).shed


def test_a_full_call_ring_sheds_at_once_naming_it(settings):
    b = LoadShedAdvisor(settings.ops)
    adv = b.update(0, _sig(fill=0.95, ring="intel-command"))
    assert adv.shed and "intel-command" in adv.reasons[0]


def test_a_full_telemetry_ring_never_sheds(settings):
    """A tap nobody reads fills up; it drops what it cannot hold and must not send calls away."""
    m = OpsMonitor(settings)
    h = m.sample(
        {},
        {
            "command-cli": {"capacity": 100, "used_bytes": 100},
            "command-pms": {"capacity": 100, "used_bytes": 1},
        },
        None,
        now=0,
        call_rings={"command-pms"},
    )
    assert not h.shed_load and h.rings["command-cli"]["fill"] == 1.0
    assert "ring" not in h.detail  # neither a shedding reason nor a host-score penalty


def test_the_ring_alarm_names_the_ring_once_with_hysteresis():
    from agents.ops.ring_alerts import RingFillAlarm
    from ipc.messages import Severity

    alarm = RingFillAlarm(0.9, 0.7)
    pol = {"command-pms": "fail", "command-cli": "drop"}
    (a,) = alarm.update({"command-pms": {"fill": 0.95}, "command-cli": {"fill": 0.1}}, pol)
    assert a.category == "ring.full" and "command-pms" in a.message
    assert a.severity == Severity.HIGH and a.evidence["ring"] == "command-pms"
    assert alarm.update({"command-pms": {"fill": 1.0}}, pol) == []  # once per episode
    assert alarm.update({"command-pms": {"fill": 0.8}}, pol) == []  # not drained enough
    (d,) = alarm.update({"command-pms": {"fill": 0.5}}, pol)
    assert d.category == "ring.drained" and d.severity == Severity.INFO
    (again,) = alarm.update({"command-pms": {"fill": 0.92}}, pol)  # re-armed
    assert again.category == "ring.full"
    (tel,) = alarm.update({"command-cli": {"fill": 1.0, "drops": 7}}, pol)
    assert tel.severity == Severity.LOW and "nobody is reading" in tel.message


def test_dependencies_of_action_kinds():
    assert dependencies_of("speak.answer") == ("asr", "host")
    assert dependencies_of("pms.cancel") == ("pms", "decision", "host")
    with pytest.raises(ValueError, match="unknown action kind"):
        dependencies_of("launch.rocket")


def test_monitor_end_to_end_with_real_processes(settings):
    busy = subprocess.Popen([sys.executable, "-c", "import time\nwhile True: time.sleep(1)"])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    m = OpsMonitor(settings)
    try:
        with pytest.raises(RuntimeError, match="sample first"):
            m.evidence_for("speak.answer")
        h = m.sample(
            {"media": busy.pid, "command": os.getpid(), "pms": dead.pid},
            {"media-strike": {"capacity": 1000, "used_bytes": 100}, "broken": {}},
            {"local": {"latency_p95_ms": 50, "error_rate": 0.0, "breaker_state": "closed"}},
            now=0,
        )
        assert isinstance(h, Health)
        assert h.gpu["available"] is False
        assert h.processes["media"]["alive"] and not h.processes["pms"]["alive"]
        assert h.rings["media-strike"]["fill"] == 0.1 and "error" in h.rings["broken"]
        assert h.scores["pms"] == 0.0  # its worker is down
        assert h.scores["asr"] == 1.0 and h.scores["decision"] == 1.0
        assert m.evidence_for("pms.create") == 0.0
        assert m.evidence_for("speak.answer") == h.scores["host"]
        assert "pms: down" in h.detail and "ring broken" in h.detail
        ev = m.evidence("pms.create", turn=2)
        assert ev.source == "ops_health" and ev.value == 0.0 and "pms 0.00" in ev.detail
        # the Health body travels on the wire
        import msgspec

        assert msgspec.msgpack.decode(msgspec.msgpack.encode(h), type=Health) == h
    finally:
        busy.kill()
        busy.wait()
        m.close()


def test_sick_connector_lowers_pms_but_not_speech(settings):
    m = OpsMonitor(settings)
    m.sample({"pms": os.getpid()}, None, {"apaleo": {"breaker_state": "open"}}, now=0)
    assert m.evidence_for("pms.availability") == 0.0
    assert m.evidence_for("speak.answer") == m.scores["host"]
    assert "asr" not in m.scores  # not measured: left out, and said so
    assert "asr: not measured" in m.last.detail


def test_full_rings_shed_load_and_cap_host(settings):
    m = OpsMonitor(settings)
    h = m.sample({}, {"command-pms": {"capacity": 100, "used_bytes": 99}}, None, now=0)
    assert h.shed_load and h.scores["host"] < 0.7 and "ring" in h.detail


def test_a_busy_cpu_weighs_less_than_memory_pressure(settings):
    from agents.ops.monitor import CPU_FLOOR, MEM_FLOOR, _ramp

    assert _ramp(100.0, settings.ops.cpu_high_percent, CPU_FLOOR) == pytest.approx(CPU_FLOOR)
    assert _ramp(100.0, settings.ops.mem_high_percent, MEM_FLOOR) == pytest.approx(MEM_FLOOR)
    assert _ramp(50.0, settings.ops.cpu_high_percent, CPU_FLOOR) == 1.0
    assert CPU_FLOOR > MEM_FLOOR


def test_sample_with_nothing_but_the_host(settings):
    m = OpsMonitor(settings)
    h = m.sample()
    assert set(h.scores) == {"host"} and 0.0 < h.score <= 1.0
    assert m.evidence_for("speak.answer") == h.scores["host"]
    assert "asr: not measured" in h.detail and "pms: not measured" in h.detail


def test_evidence_from_a_received_health_body(settings):
    import msgspec

    from agents.ops.monitor import evidence_from_health

    m = OpsMonitor(settings)
    h = m.sample({"pms": os.getpid()}, None, {"local": {"breaker_state": "half_open"}}, now=0)
    wire = msgspec.msgpack.decode(msgspec.msgpack.encode(h), type=Health)
    assert evidence_from_health(wire, "pms.modify") == m.evidence_for("pms.modify") == 0.5
    assert evidence_from_health(wire, "speak.ask") == m.evidence_for("speak.ask")
    assert evidence_from_health(Health(score=0.7), "pms.cancel") == 0.7  # no per-dependency scores
    with pytest.raises(ValueError):
        evidence_from_health(wire, "nonsense")
