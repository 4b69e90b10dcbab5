"""Read-only views of a running instance for ``sovren status`` and ``sovren top``.

Why read-only attachment: the live views read the agents' stats blocks and the
rings' control blocks directly; they never send a frame or take a lock, so an
operator watching can never slow or stall the agents.
"""

from __future__ import annotations

import time
from typing import Any

from config.errors import SovrenError
from fabric import topology
from fabric.agent_stats import AgentStats, F, State, segment_name
from fabric.instance import InstanceFiles


class NotRunning(SovrenError, RuntimeError):
    code = "not_running"
    next_step = (
        "start the runtime with `sovren up` (or name the running one with --config / instance)"
    )


def snapshot(settings) -> dict[str, Any]:
    from ipc.ring import Ring

    files = InstanceFiles(settings.data_dir, settings.instance)
    if not files.is_live():
        raise NotRunning(
            f"no runtime named {settings.instance!r} is running under {settings.data_dir} "
            "(start one with `sovren up`)"
        )
    info = files.read_info() or {}
    now_ns = time.time_ns()
    agents = {}
    for role in topology.ROLES:
        st = AgentStats(segment_name(settings.instance, role.name))
        s = st.snapshot()
        st.close()
        agents[role.name] = {
            "state": State(s["state"]).name.lower(),
            "pid": s["pid"],
            "restarts": s["restarts"],
            "heartbeat_age_s": round((now_ns - s["heartbeat_ns"]) / 1e9, 2)
            if s["heartbeat_ns"]
            else None,
            "handled": s["handled"],
            "errors": s["errors"],
            "frames_per_s": s["frames_per_s"],
            "latency_p50_us": s["lat_p50_us"],
            "latency_p99_us": s["lat_p99_us"],
            "rss_mb": round(s["rss_bytes"] / 2**20, 1),
        }
    rings = {}
    for lk in topology.links():
        try:
            r = Ring.attach(lk.segment(settings.instance))
        except Exception as e:  # a ring that cannot be read is itself a finding
            rings[lk.key] = {"error": str(e)}
            continue
        rings[lk.key] = r.stats()
        r.close()
    return {
        "instance": settings.instance,
        "supervisor_pid": info.get("pid"),
        "telephony": telephony_view(settings, files),
        "uptime_s": round(time.time() - info.get("started", time.time()), 1),
        "config_file": info.get("config_file"),
        "config_digest": info.get("config_digest"),
        # start-up problems it runs with anyway (a PMS it could not open, ...)
        "warnings": list(info.get("warnings") or []),
        "agents": agents,
        "rings": rings,
    }


def telephony_view(settings, files: InstanceFiles | None = None) -> dict[str, Any] | None:
    """The SIP user agents' registration state and live calls (their status files), or None."""
    from media.sip.status import read_statuses

    if not settings.telephony.enabled:
        return None
    files = files or InstanceFiles(settings.data_dir, settings.instance)
    now = time.time()
    agents = []
    for st in read_statuses(files.state_dir):
        st["age_s"] = round(now - st.get("updated", now), 1)
        agents.append(st)
    return {
        "max_calls": settings.telephony.max_calls,
        "mode": settings.telephony.mode,
        "user_agents": agents,
        "live_calls": [c for a in agents for c in a.get("calls", [])],
    }


def render_telephony(tel: dict[str, Any] | None) -> list[str]:
    if not tel:
        return []
    lines = [
        "",
        f"TELEPHONY  mode {tel['mode']}  max calls {tel['max_calls']}  "
        f"live {len(tel['live_calls'])}",
        f"{'UA':4}{'PID':>8}{'LISTEN':>22}  {'REGISTRATION':22}{'CALLS':>6}{'ANSWERED':>9}"
        f"{'403':>5}{'SHED':>5}{'XFER OK':>8}{'XFER NO':>8}{'AGE':>6}",
    ]
    for a in tel["user_agents"]:
        reg = a.get("registration", {})
        regs = reg.get("state", "?") + (f" {reg['code']}" if reg.get("code") else "")
        c = a.get("counters", {})
        lines.append(
            f"{a.get('index', '?'):<4}{a.get('pid', '?'):>8}{a.get('listen', ''):>22}  {regs:22}"
            f"{len(a.get('calls', [])):>6}{c.get('answered', 0):>9}{c.get('refused_403', 0):>5}"
            f"{c.get('shed', 0):>5}{c.get('transfers_ok', 0):>8}{c.get('transfers_failed', 0):>8}"
            f"{a.get('age_s', 0):>5.0f}s"
        )
    for a in tel["user_agents"]:
        reg = a.get("registration", {})
        if reg.get("next_step"):
            retry = f" (retry in {reg['next_retry_s']:.0f}s)" if "next_retry_s" in reg else ""
            lines.append(
                f"  UA {a.get('index', '?')}: registration {reg.get('code')} "
                f"{reg.get('reason', '')}{retry}; next step: {reg['next_step']}"
            )
    lines += render_live_calls(tel["live_calls"])
    return lines


def render_live_calls(calls: list[dict[str, Any]]) -> list[str]:
    if not calls:
        return []
    now = time.time()
    out = [f"  {'LIVE CALL':34}{'STATE':14}{'PEER':16}{'CALLER':16}{'CODEC':7}{'FOR':>6}"]
    for c in calls:
        out.append(
            f"  {c.get('call_id') or '-':34}{c.get('state', ''):14}{c.get('peer', ''):16}"
            f"{c.get('caller', '-'):16}{c.get('codec', ''):7}{now - c.get('since', now):>5.0f}s"
        )
    return out


def _occupancy(stats: dict[str, Any]) -> str:
    used = stats.get("used_bytes", stats.get("occupancy_bytes"))
    cap = stats.get("capacity_bytes", stats.get("capacity"))
    if used is None or not cap:
        return "?"
    return f"{100 * used / cap:.0f}%"


def render(snap: dict[str, Any]) -> str:
    lines = [
        f"instance {snap['instance']}  supervisor pid {snap['supervisor_pid']}  "
        f"up {snap['uptime_s']:.0f}s",
        f"config {snap.get('config_file') or 'the demo hotel (config/sites/demo.yaml)'}"
        + (f"  sha256 {snap['config_digest'][:12]}" if snap.get("config_digest") else ""),
    ]
    for w in snap.get("warnings", []):
        lines.append(f"WARNING: {w}")
    lines += render_telephony(snap.get("telephony"))
    lines.append("")
    lines.append(
        f"{'AGENT':9}{'STATE':10}{'PID':>8}{'RESTARTS':>9}{'HB AGE':>8}{'FRAMES/S':>9}"
        f"{'P50 us':>8}{'P99 us':>8}{'ERRORS':>7}{'RSS MB':>8}"
    )
    for name, a in snap["agents"].items():
        hb = "-" if a["heartbeat_age_s"] is None else f"{a['heartbeat_age_s']:.1f}s"
        lines.append(
            f"{name:9}{a['state']:10}{a['pid']:>8}{a['restarts']:>9}{hb:>8}"
            f"{a['frames_per_s']:>9}{a['latency_p50_us']:>8}{a['latency_p99_us']:>8}"
            f"{a['errors']:>7}{a['rss_mb']:>8}"
        )
    lines += [
        "",
        f"{'RING':22}{'USED':>6}{'FRAMES':>10}{'FULL':>6}{'DROPS':>7}{'CRC FAIL':>9}{'HWM':>8}",
    ]
    for key, r in snap["rings"].items():
        if "error" in r:
            lines.append(f"{key:22} {r['error']}")
            continue
        lines.append(
            f"{key:22}{_occupancy(r):>6}{r.get('frames_out', r.get('frames', 0)):>10}"
            f"{r.get('full_events', 0):>6}{r.get('drops', 0):>7}{r.get('checksum_failures', 0):>9}"
            f"{r.get('high_water_bytes', r.get('high_water', 0)):>8}"
        )
    return "\n".join(lines)


def total_rss_mb(snap: dict[str, Any]) -> float:
    return sum(a["rss_mb"] for a in snap["agents"].values())


__all__ = ["NotRunning", "snapshot", "render", "total_rss_mb", "F"]
