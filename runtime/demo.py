"""``sovren demo``: the whole runtime on the embedded defaults, the shipped calls, checked.

Why its own instance and database: the demo must give the same verdicts on
every run and must never disturb a runtime an operator started with
``sovren up``; it runs as instance ``<instance>_demo`` against a database
``sovren_demo`` in the embedded cluster, recreated at each start.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from typing import Any

from runtime.commands import run_call


def _say(msg: str) -> None:
    print(f"[demo] {msg}", file=sys.stderr, flush=True)


def _demo_database(settings, keep: bool) -> tuple[str, Any]:
    """URL of a fresh demo database (embedded cluster unless SOVREN_DATABASE_URL is set)."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from runtime.postgres import resolve_database_url

    base_url, pg = resolve_database_url(settings.data_dir, settings.database_url)
    params = conninfo_to_dict(base_url)
    admin = make_conninfo(**{**params, "dbname": "postgres"})
    with psycopg.connect(admin, autocommit=True) as conn:
        if not keep:
            conn.execute('DROP DATABASE IF EXISTS "sovren_demo" WITH (FORCE)')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname='sovren_demo'").fetchone():
            conn.execute('CREATE DATABASE "sovren_demo"')
    return make_conninfo(**{**params, "dbname": "sovren_demo"}), pg


def run_demo(args) -> int:
    from config import load_settings
    from runtime.client import CallClient
    from runtime.demo_checks import check_scenario
    from runtime.scripts import parse_script, scenario_files
    from runtime.supervisor import Supervisor

    base = load_settings()
    url, pg = _demo_database(base, keep=args.keep_data)
    settings = load_settings(instance=f"{base.instance}_demo"[:24], database_url=url)
    scripts = [parse_script(p) for p in scenario_files()]
    if args.only:
        scripts = [s for s in scripts if any(o.lower() in s.name.lower() for o in args.only)]
    if not scripts:
        _say("no scenarios selected")
        return 2
    sup = Supervisor(settings, progress=_say)
    t0 = time.monotonic()
    sup.start()
    _say(f"runtime up in {time.monotonic() - t0:.1f}s; running {len(scripts)} scripted calls")
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(sup, stop), daemon=True)
    watcher.start()
    results = []
    try:
        with CallClient(settings) as client:
            for i, script in enumerate(scripts, 1):
                echo = not args.json
                if echo:
                    print(f"\n=== [{i}/{len(scripts)}] {script.name} ===", flush=True)
                call = run_call(client, script.turns, script.caller_id, echo=echo)
                problems = check_scenario(script, call, settings)
                results.append(
                    {
                        "scenario": script.name,
                        "ok": not problems,
                        "problems": problems,
                        "call": call,
                    }
                )
                if echo:
                    print(("PASS" if not problems else "FAIL: " + "; ".join(problems)), flush=True)
    finally:
        stop.set()
        watcher.join()
        sup.stop()
        if pg is not None and pg.started_by_us:
            pg.stop()
    passed = sum(r["ok"] for r in results)
    if args.json:
        print(json.dumps(results, indent=1, default=str))
    _say(
        f"{passed}/{len(results)} scenarios reached their expected outcome; runtime stopped cleanly"
    )
    return 0 if passed == len(results) else 1


def _watch(sup, stop: threading.Event) -> None:
    while not stop.is_set():
        sup.poll_once()
        stop.wait(0.1)
