"""``python -m agents.run ROLE``: the entry point the supervisor starts for each process."""

from __future__ import annotations

import importlib
import sys

ENTRY = {
    "STRIKE": "agents.strike.agent:StrikeAgent",
    "INTEL": "agents.intel.agent:IntelAgent",
    "SENTINEL": "agents.sentinel.agent:SentinelAgent",
    "OPS": "agents.ops.agent:OpsAgent",
    "COMMAND": "agents.command.agent:CommandAgent",
    "MEDIA": "media.worker:MediaWorker",
    "PMS": "connectors.worker:PmsWorker",
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or argv[0] not in ENTRY:
        print(
            f"usage: python -m agents.run {{{','.join(ENTRY)}}}  (started by the supervisor)",
            file=sys.stderr,
        )
        return 2
    from fabric.agent_base import main as run_agent

    module, cls = ENTRY[argv[0]].split(":")
    return run_agent(getattr(importlib.import_module(module), cls))


if __name__ == "__main__":
    raise SystemExit(main())
