"""``sovren tail``: live frames, decoded, from the agents' tap rings.

Why taps: a ring has exactly one consumer, so a viewer must never read an
agent's inbound ring. Instead each agent mirrors what it receives into its own
tap ring (a telemetry ring that drops when full) only while the viewer holds
the tap lease in its stats block (renewed every half second here, lapsing
``TAP_LEASE_S`` after the viewer is gone, however it went); with no viewer
attached the cost is one load per frame.
One viewer at a time per instance (it is the taps' single consumer).
"""

from __future__ import annotations

import fcntl
import json
import os
import time

from config.errors import SovrenError
from fabric import topology
from fabric.agent_stats import TAP_LEASE_S, AgentStats, segment_name
from fabric.instance import InstanceFiles
from ipc.messages import AgentId, body_dict


class TailBusy(SovrenError, RuntimeError):
    code = "tail_busy"
    next_step = (
        "start a runtime with `sovren up`, or close the other `sovren tail` of this instance"
    )


def tail(
    settings, *, agent=None, kind=None, call=None, count=None, seconds=None, as_json=False
) -> int:
    from ipc.ring import Ring

    files = InstanceFiles(settings.data_dir, settings.instance)
    if not files.is_live():
        raise TailBusy(
            f"no runtime named {settings.instance!r} is running (start one with `sovren up`)"
        )
    fd = os.open(files.state_dir / "tail.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise TailBusy(
            "another `sovren tail` is attached to this instance; one viewer at a time"
        ) from None
    roles = [AgentId[a.upper()] for a in agent] if agent else list(topology.ROLES)
    blocks, taps = [], []
    try:
        for r in roles:
            st = AgentStats(segment_name(settings.instance, r.name))
            tap = Ring.attach(topology.tap(r).segment(settings.instance))
            tap.recv_many(100_000)  # stale frames from an earlier viewer
            st.lease_tap()
            blocks.append(st)
            taps.append((r, tap))
        n = 0
        deadline = time.monotonic() + seconds if seconds else None
        renew_at = time.monotonic() + TAP_LEASE_S / 4
        while (count is None or n < count) and (deadline is None or time.monotonic() < deadline):
            if time.monotonic() >= renew_at:
                renew_at = time.monotonic() + TAP_LEASE_S / 4
                for st in blocks:
                    st.lease_tap()
            got = False
            for role, tap in taps:
                for msg in tap.recv_many(256):
                    got = True
                    name = type(msg.body).__name__
                    if kind and name.lower() != kind.lower():
                        continue
                    if call and not msg.call_id.startswith(call):
                        continue
                    row = {
                        "at": role.name,
                        "src": msg.source.name,
                        "dst": msg.target.name,
                        "seq": msg.seq,
                        "call": msg.call_id,
                        "kind": name,
                        "body": body_dict(msg.body),
                    }
                    if as_json:
                        print(json.dumps(row, default=str), flush=True)
                    else:
                        print(
                            f"{row['src']:>8} -> {row['dst']:<8} #{msg.seq:<6} "
                            f"{msg.call_id[:8]:8} {name:14} {json.dumps(row['body'], default=str)[:160]}",
                            flush=True,
                        )
                    n += 1
                    if count is not None and n >= count:
                        break
            if not got:
                time.sleep(0.02)
    except KeyboardInterrupt:
        pass
    finally:
        for st in blocks:
            st.lease_tap(0)
            st.close()
        for _, tap in taps:
            tap.close()
        os.close(fd)
    return 0
