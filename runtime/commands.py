"""Operator commands: up, status, top, tail, call, demo.

Each handler takes parsed args and returns an exit code; heavy imports stay
inside handlers so ``sovren --help`` is instant.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from runtime.calls import run_call


def _settings(args):
    """The configuration of the runtime this command talks to (fabric/config_choice.py)."""
    from fabric.config_choice import cli_settings

    return cli_settings(args)


def _add_instance(p: argparse.ArgumentParser) -> None:
    p.add_argument("--instance", help="runtime instance name (default: config / SOVREN_INSTANCE)")


# -- up / status / top --------------------------------------------------------
def cmd_up(args) -> int:
    """Check the configuration, then start; refuse with one line per problem, nothing started."""
    from fabric.config_choice import choose, cli_settings
    from runtime.config_check import check_site, one_line, summary
    from runtime.supervisor import Supervisor

    choice = choose(args, follow_runtime=False)
    report = check_site(choice.path)
    if not report.ok:
        where = choice.path or "the demo hotel"
        print(
            f"sovren: error: not starting: {len(report.problems)} problem(s) in {where} "
            "(`sovren config check` shows the same and what the file configures):",
            file=sys.stderr,
        )
        for problem in report.problems:
            print(f"sovren: error: {problem.line()}", file=sys.stderr)
        return 1
    print(f"[sovren] {one_line(summary(report.settings))}", file=sys.stderr)
    for w in report.warnings:
        print(f"[sovren] warning: {w}", file=sys.stderr)
    sup = Supervisor(cli_settings(args, follow_runtime=False))
    sup.install_signal_handlers()  # Ctrl-C from here on stops everything started, always
    sup.start()
    for w in sup.warnings:
        print(f"[sovren] WARNING: {w}", file=sys.stderr)
    print(f"[sovren] runtime {sup.instance!r} is up; Ctrl-C stops it", file=sys.stderr, flush=True)
    sup.run_forever()
    return 0


def cmd_status(args) -> int:
    from runtime.inspection import render, snapshot

    snap = snapshot(_settings(args))
    print(json.dumps(snap, indent=1) if args.json else render(snap))
    return 0


def cmd_top(args) -> int:
    from runtime.inspection import render, snapshot

    settings = _settings(args)
    n = 0
    while args.iterations is None or n < args.iterations:
        snap = snapshot(settings)
        if sys.stdout.isatty():
            print("\033[2J\033[H", end="")
        print(render(snap), flush=True)
        n += 1
        if args.iterations is None or n < args.iterations:
            time.sleep(args.interval)
    return 0


# -- tail ---------------------------------------------------------------------
def cmd_tail(args) -> int:
    from runtime.tail import tail

    return tail(
        _settings(args),
        agent=args.agent,
        kind=args.kind,
        call=args.call,
        count=args.count,
        seconds=args.seconds,
        as_json=args.json,
    )


# -- call ---------------------------------------------------------------------
def cmd_call(args) -> int:
    from runtime.client import CallClient
    from runtime.scripts import parse_script

    if args.wav:
        from runtime.voice_call import call_with_wav

        return call_with_wav(args)
    if args.text is not None:
        turns, caller = [args.text], args.caller_id
    else:
        script = parse_script(args.script)
        turns, caller = script.turns, args.caller_id or script.caller_id
    with CallClient(_settings(args)) as client:
        result = run_call(client, turns, caller, echo=not args.json)
    if args.json:
        print(json.dumps(result, indent=1, default=str))
    return 0


# -- demo ---------------------------------------------------------------------
def cmd_demo(args) -> int:
    from runtime.demo import run_demo

    return run_demo(args)


# -- calls / explain / alerts (from the ledger) --------------------------------
def cmd_calls(args) -> int:
    from runtime.history import dumps, ledger, list_calls

    settings = _settings(args)
    live = _live_sip_calls(settings)
    with ledger(settings, args.db) as url:
        rows = list_calls(url, args.limit)
    if args.json:
        print(dumps(rows if live is None else {"live": live, "calls": rows}))
        return 0
    if live is not None:
        from runtime.inspection import render_live_calls

        print(f"live SIP calls: {len(live)}")
        for line in render_live_calls(live):
            print(line)
        print()
    print(f"{'CALL':34}{'STARTED':21}{'OUTCOME':12}{'TURNS':>6}{'DECISIONS':>10}{'REJECTED':>9}")
    for r in rows:
        started = r["started_at"].strftime("%Y-%m-%d %H:%M:%S") if r["started_at"] else "-"
        print(
            f"{r['call_id'].replace('-', ''):34}{started:21}{(r['outcome'] or 'open'):12}"
            f"{r['turns']:>6}{r['decisions']:>10}{r['rejected']:>9}"
        )
    return 0


def _live_sip_calls(settings):
    """The running instance's live phone calls (None: telephony off or no runtime running)."""
    from fabric.instance import InstanceFiles
    from runtime.inspection import telephony_view

    if not InstanceFiles(settings.data_dir, settings.instance).is_live():
        return None
    tel = telephony_view(settings)
    return None if tel is None else tel["live_calls"]


def cmd_explain(args) -> int:
    from runtime.history import (
        carried_out_json,
        dumps,
        explain_call,
        ledger,
        render_explanation,
    )

    with ledger(_settings(args), args.db) as url:
        ex = explain_call(url, args.call)
    if args.json:
        out = {
            **ex,
            "decisions": [d.to_json() for d in ex["decisions"]],
            "carried_out": carried_out_json(ex),
        }
        print(dumps(out))
    else:
        print(render_explanation(ex))
    return 0


def cmd_alerts(args) -> int:
    from ipc.messages import Severity
    from runtime.history import alert_line, dumps, follow_alerts, ledger, list_alerts

    settings = _settings(args)
    sev = Severity[args.severity.upper()]
    with ledger(settings, args.db) as url:
        for a in reversed(list_alerts(url, severity=sev, limit=args.limit)):
            print(dumps(a) if args.json else alert_line(a), flush=True)
        if args.follow:
            try:
                for a in follow_alerts(url, settings, severity=sev, seconds=args.seconds):
                    print(dumps(a) if args.json else alert_line(a), flush=True)
            except KeyboardInterrupt:
                pass
    return 0


def register(sub) -> None:
    p = sub.add_parser("up", help="run the runtime in the foreground (Ctrl-C stops it cleanly)")
    _add_instance(p)
    p.set_defaults(func=cmd_up)

    p = sub.add_parser("status", help="one snapshot of a running runtime's agents and rings")
    _add_instance(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("top", help="live view of agents and rings (Ctrl-C to leave)")
    _add_instance(p)
    p.add_argument("--interval", type=float, default=1.0, help="seconds between refreshes")
    p.add_argument("--iterations", type=int, help="stop after N refreshes")
    p.set_defaults(func=cmd_top)

    p = sub.add_parser("tail", help="live frames, decoded (read from the agents' tap rings)")
    _add_instance(p)
    p.add_argument(
        "--agent", action="append", help="only frames received by this agent (repeatable)"
    )
    p.add_argument(
        "--kind", help="only this body kind, e.g. Proposal; SipEvent: SIP signalling events"
    )
    p.add_argument("--call", help="only this call id (prefix)")
    p.add_argument("--count", type=int, help="stop after N frames")
    p.add_argument("--seconds", type=float, help="stop after this many seconds")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(func=cmd_tail)

    p = sub.add_parser("call", help="place a call against the running runtime")
    _add_instance(p)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--text", help="one caller turn")
    src.add_argument("--script", help="a conversation: one caller turn per line, '#' comments")
    src.add_argument("--wav", help="the caller's audio (WAV)")
    p.add_argument("--out", help="with --wav: write the replies as a WAV file")
    p.add_argument("--realtime", action="store_true", help="with --wav: feed audio at speech speed")
    p.add_argument("--caller-id", help="the caller's phone number")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_call)

    p = sub.add_parser("calls", help="recent calls from the ledger, with their outcomes")
    _add_instance(p)
    p.add_argument("--limit", type=int, default=20, help="how many calls (newest first)")
    p.add_argument("--db", help="ledger database name on the server (the demo's: sovren_demo)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_calls)

    p = sub.add_parser("explain", help="every decision of one call, with its evidence terms")
    _add_instance(p)
    p.add_argument("call", help="call id (or a unique prefix), see `sovren calls`")
    p.add_argument("--db", help="ledger database name on the server (the demo's: sovren_demo)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_explain)

    p = sub.add_parser("alerts", help="the SENTINEL alert feed: recorded, then live with --follow")
    _add_instance(p)
    p.add_argument("--follow", action="store_true", help="keep printing new alerts (LISTEN/NOTIFY)")
    p.add_argument("--seconds", type=float, help="with --follow: stop after this many seconds")
    p.add_argument(
        "--severity",
        default="info",
        choices=["info", "low", "medium", "high", "critical"],
        help="only alerts at least this severe",
    )
    p.add_argument("--limit", type=int, default=50, help="how many recorded alerts to show first")
    p.add_argument("--db", help="ledger database name on the server (the demo's: sovren_demo)")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(func=cmd_alerts)

    p = sub.add_parser(
        "demo",
        help="start the runtime on the embedded defaults, run the shipped calls, check them, stop",
    )
    p.add_argument("--only", action="append", help="run only scenarios whose name contains this")
    p.add_argument("--json", action="store_true", help="machine-readable results")
    p.add_argument("--keep-data", action="store_true", help="do not reset the demo database first")
    p.add_argument(
        "--no-voice", action="store_true", help="skip the voice scenarios (text calls only)"
    )
    p.set_defaults(func=cmd_demo)
