"""Which site configuration a CLI command uses, said out loud.

Why: an operator who started ``sovren up --config lakeside.yaml`` and then runs
``sovren pms availability`` in another shell must see the lakeside hotel, not
the demo, without exporting anything again. Order: ``--config`` (before or
after the subcommand), then ``SOVREN_CONFIG``, then — for commands that talk
to a running runtime or its PMS — the site file that runtime recorded in its
run files (``fabric/instance.py``), else the demo hotel. The choice is passed
down explicitly (never written into the environment) and printed on stderr.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class ConfigChoice:
    path: Path | None  # None: the demo hotel
    source: str  # "--config", "SOVREN_CONFIG", "the running runtime NAME", "default"
    note: str = ""  # e.g. the file changed since the runtime started

    def describe(self) -> str:
        what = str(self.path) if self.path else "the demo hotel (config/sites/demo.yaml)"
        return f"using {what} (from {self.source}{self.note})"


def running_config(instance: str | None = None) -> tuple[str, dict[str, Any]] | None:
    """(instance, run info) of the live runtime this shell would talk to, if any.

    Where to look comes from the defaults and the environment (``SOVREN_DATA_DIR``,
    ``SOVREN_INSTANCE`` or ``--instance``): a site file cannot tell where the runtime
    that uses it keeps its run files before it is known which file that is.
    """
    from config.settings import build_settings
    from fabric.instance import InstanceFiles

    try:
        base = build_settings(None, {"instance": instance} if instance else {})
    except Exception:  # a bad SOVREN_* variable: the command's own load reports it properly
        return None
    files = InstanceFiles(base.data_dir, base.instance)
    if not files.is_live():
        return None
    info = files.read_info()
    if not info or "config_digest" not in info:
        return None  # starting (no run info yet) or an older runtime that records no config
    return base.instance, info


def choose(args, *, follow_runtime: bool) -> ConfigChoice:
    from config.settings import env_site_file

    given = getattr(args, "config", None)
    env = env_site_file()
    explicit = None
    if given:
        explicit = ConfigChoice(Path(given).expanduser().resolve(), "--config")
    elif env is not None:
        explicit = ConfigChoice(env.expanduser().resolve(), "SOVREN_CONFIG")
    found = running_config(getattr(args, "instance", None)) if follow_runtime else None
    if explicit is not None:
        if found is not None and _digest_or_none(explicit.path) != found[1]["config_digest"]:
            # e.g. the local PMS mirrors the rooms of the file that opened it last
            theirs = found[1].get("config_file") or "the demo hotel"
            note = f"; NOTE: the running runtime {found[0]} runs {theirs}, another configuration"
            return ConfigChoice(explicit.path, explicit.source, note)
        return explicit
    if found is not None:
        name, info = found
        path = Path(info["config_file"]) if info.get("config_file") else None
        digest = _digest_or_none(path)
        note = ""
        if digest is None:
            note = "; the file is gone since that runtime started"
        elif digest != info["config_digest"]:
            note = "; the file changed since that runtime started: restart it to apply"
        return ConfigChoice(path, f"the running runtime {name}", note)
    return ConfigChoice(None, "default")


def _digest_or_none(path: Path | None) -> str | None:
    from config.settings import file_digest

    try:
        return file_digest(path)
    except OSError:
        return None


def cli_settings(args, *, follow_runtime: bool = True, quiet: bool = False, **overrides: Any):
    """Settings for a CLI command: the chosen site file, ``--instance``, ``overrides``.

    Says on stderr which configuration is used, unless it is simply the demo hotel
    nobody asked for (or ``quiet``).
    """
    from config import load_settings

    choice = choose(args, follow_runtime=follow_runtime)
    if getattr(args, "instance", None):
        overrides.setdefault("instance", args.instance)
    if not quiet and choice.source != "default":
        print(f"[sovren] {choice.describe()}", file=sys.stderr, flush=True)
    # choice.path None: no --config and no SOVREN_CONFIG, so load_settings reads the demo.
    return load_settings(choice.path, **overrides)
