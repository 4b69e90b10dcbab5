"""Which parts an action needs, and ``ops_health`` for it from a Health body.

Why in the foundation: OPS measures the parts (agents/ops/monitor.py) and COMMAND
reads the Health body OPS sends (agents/command/coordinator.py); both need the same
action -> dependencies table, and the agents must not import each other.
"""

from __future__ import annotations

from ipc.messages import Health

# Action kind prefix -> the dependencies it needs (docs/vocabulary.md).
ACTION_DEPENDENCIES: dict[str, tuple[str, ...]] = {
    "speak.": ("asr", "host"),
    "pms.": ("pms", "decision", "host"),
    "transfer.": ("asr", "host"),
    "call.": ("asr", "host"),
    "fallback.": ("asr", "host"),
}


def dependencies_of(action_kind: str) -> tuple[str, ...]:
    for prefix, deps in ACTION_DEPENDENCIES.items():
        if action_kind.startswith(prefix):
            return deps
    raise ValueError(
        f"unknown action kind {action_kind!r}; expected one starting with {', '.join(ACTION_DEPENDENCIES)}"
    )


def evidence_from_health(health: Health, action_kind: str) -> float:
    """``ops_health`` for an action from a received Health body (what COMMAND holds).

    The weakest measured dependency the action needs; ``health.score`` when the
    body carries no per-dependency scores.
    """
    deps = dependencies_of(action_kind)
    known = [health.scores[d] for d in deps if d in health.scores]
    return min(known) if known else health.score
