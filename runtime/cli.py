"""The one ``sovren`` command.

Why a registry of modules: each part of the system owns its subcommands
(ipc/cli.py owns ``rings``, bayes/cli.py owns ``decide``...), so this file only
lists them. Registration must stay cheap: a module imports its heavy
dependencies inside its handlers, so ``sovren --help`` answers at once.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from config.errors import is_user_facing

# Modules exposing ``register(subparsers)``; each adds its subcommands and sets
# ``func`` (args -> exit code) on its parsers. Add new ones here.
COMMAND_MODULES = [
    "ipc.cli",
    "bench.cli",
    "runtime.commands",
    "media.cli",
    "media.tts_cli",
    "connectors.cli",
    "bayes.cli",
    "agents.sentinel.cli",
    "agents.ops.cli",
    "agents.understanding.cli",
    "runtime.config_cli",
    "runtime.console.cli",
    "runtime.erase_cli",  # adds `ledger erase` to bayes.cli's group: after it
]

CONFIG_HELP = "site configuration file (YAML); overrides SOVREN_CONFIG (docs/configuration.md)"


def _subparsers(parser: argparse.ArgumentParser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield from dict.fromkeys(action.choices.values())  # aliases share a parser


def _config_anywhere(parser: argparse.ArgumentParser) -> None:
    """Accept ``--config FILE`` after any (sub)command too, not only before it.

    One place for every command: each subparser, at every depth, gets the option
    unless it defines its own ``--config``. Its default is SUPPRESS, so a subparser
    that was not given the option leaves the value parsed before the command alone.
    """
    for sp in _subparsers(parser):
        own = sp._option_string_actions.get("--config")
        if own is None:
            sp.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS, help=CONFIG_HELP)
        elif own.dest == "config":
            own.default = argparse.SUPPRESS  # its own option must not erase one given earlier
        _config_anywhere(sp)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sovren",
        description="SOVREN: a sovereign voice-agent runtime that answers a hotel's phone calls.",
    )
    parser.add_argument("--config", metavar="FILE", help=CONFIG_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    _config_anywhere(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    # args.config (None: SOVREN_CONFIG, or a running runtime's file) is passed down to the
    # handlers in ``args``; nothing is written into the environment.
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return int(func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # last line of defence: the message and the next step, no traceback
        if is_user_facing(e):
            report(e)
            return 1
        raise


def report(e: BaseException) -> None:
    """A user-facing error as ``sovren: error: <message>``, then its next step (SovrenError)."""
    from config.errors import describe

    message, *more = describe(e)
    print(f"sovren: error: {message}", file=sys.stderr)
    for line in more:
        print(f"sovren: {line}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
