"""Segment names: ``/<instance>.<src>-<dst>`` for rings, ``/<instance>.<agent>.bell`` for doorbells.

Why the instance comes first: every segment of one runtime shares the prefix,
so discovery and cleanup of a dead instance is a prefix match in /dev/shm and
a second runtime on the host (another instance name) never collides.
"""

from __future__ import annotations

import re

from ipc.errors import InvalidRingName
from ipc.messages import AgentId

INSTANCE_RE = r"[A-Za-z0-9][A-Za-z0-9_]{0,39}"
ENDPOINT_RE = r"[a-z][a-z0-9_]{0,23}"
RING_NAME = re.compile(rf"^/({INSTANCE_RE})\.({ENDPOINT_RE})-({ENDPOINT_RE})$")
BELL_NAME = re.compile(rf"^/({INSTANCE_RE})\.({ENDPOINT_RE})\.bell$")
# Per-agent counters of the runtime (fabric/agent_stats.py); named here so that
# cleanup of a dead instance finds every segment it left.
STATS_NAME = re.compile(rf"^/({INSTANCE_RE})\.({ENDPOINT_RE})\.stats$")
_INSTANCE = re.compile(rf"^{INSTANCE_RE}$")


def check_instance(instance: str) -> str:
    if not isinstance(instance, str) or not _INSTANCE.match(instance):
        raise InvalidRingName(
            f"instance name {instance!r} is invalid: use 1-40 letters, digits or '_', "
            "starting with a letter or digit"
        )
    return instance


def endpoint(x: AgentId | str) -> str:
    return x.name.lower() if isinstance(x, AgentId) else str(x)


def ring_name(instance: str, src: AgentId | str, dst: AgentId | str) -> str:
    """The segment name of the directed link src -> dst in ``instance``."""
    name = f"/{check_instance(instance)}.{endpoint(src)}-{endpoint(dst)}"
    parse_ring_name(name)
    return name


def bell_name(instance: str, consumer: AgentId | str) -> str:
    name = f"/{check_instance(instance)}.{endpoint(consumer)}.bell"
    if not BELL_NAME.match(name):
        raise InvalidRingName(f"doorbell name {name!r} is invalid")
    return name


def parse_ring_name(name: str) -> tuple[str, str, str]:
    """-> (instance, src, dst); raises InvalidRingName with the expected form."""
    m = RING_NAME.match(name) if isinstance(name, str) else None
    if not m:
        raise InvalidRingName(
            f"ring name {name!r} is malformed: expected '/<instance>.<src>-<dst>', e.g. "
            "'/hotel1.strike-command' (instance: letters, digits, '_'; endpoints: lowercase)"
        )
    return m.group(1), m.group(2), m.group(3)


def agent_of(endpoint_name: str) -> int:
    """The AgentId value of an endpoint name, or 0 for non-agent endpoints (benchmarks)."""
    a = AgentId.__members__.get(endpoint_name.upper())
    return int(a) if a is not None else 0
