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

from runtime.calls import run_call


def _say(msg: str) -> None:
    print(f"[demo] {msg}", file=sys.stderr, flush=True)


def _demo_database(settings, keep: bool) -> tuple[str, Any]:
    """URL of a fresh demo database (embedded cluster unless SOVREN_DATABASE_URL is set)."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from ledger.postgres import resolve_database_url

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
    import asyncio

    from config import load_settings
    from connectors.factory import build_connector
    from runtime.client import CallClient
    from runtime.demo_checks import check_outcome, check_pms, seed_reservations
    from runtime.scenarios import shipped
    from runtime.supervisor import Supervisor

    scenarios = shipped()
    if args.only:
        scenarios = [s for s in scenarios if any(o.lower() in s.name.lower() for o in args.only)]
    if not scenarios:
        _say("no scenarios selected (see runtime/scenarios/)")
        return 2
    days = {s.today for s in scenarios if s.today}
    if len(days) > 1:
        _say(f"the selected scenarios pretend different days ({sorted(days)}); run them separately")
        return 2
    base = load_settings()
    url, pg = _demo_database(base, keep=args.keep_data)
    hotel = {"simulated_date": days.pop().isoformat()} if days else {}
    # The demo checks each scripted call's outcome; on a host shared with other work,
    # that work's CPU load could make OPS advise shedding and turn calls into transfers.
    settings = load_settings(
        instance=f"{base.instance}_demo"[:24],
        database_url=url,
        hotel=hotel,
        agents={"shed_new_calls": False},
    )
    if not args.no_voice:
        from media.asr.whisper import resolve_model_path

        _say("preparing the speech-recognition model (converted once, then cached)")
        resolve_model_path(settings.media, settings.data_dir, prepare=True)
    sup = Supervisor(settings, progress=_say)
    loop = asyncio.new_event_loop()
    pms = build_connector(settings, database_url=url)
    t0 = time.monotonic()
    results = []
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(sup, stop), daemon=True)
    try:
        sup.start()
        watcher.start()
        _say(f"runtime up in {time.monotonic() - t0:.1f}s; {len(scenarios)} scripted calls")
        loop.run_until_complete(pms.open())
        with CallClient(settings) as client:
            for i, sc in enumerate(scenarios, 1):
                echo = not args.json
                if echo:
                    print(
                        f"\n=== [{i}/{len(scenarios)}] {sc.name} (expect: {sc.expect}) ===",
                        flush=True,
                    )
                loop.run_until_complete(seed_reservations(pms, url, sc.given_reservations))
                call = run_call(client, sc.turns, sc.caller_id, echo=echo)
                problems = check_outcome(sc, call) + loop.run_until_complete(check_pms(pms, sc))
                results.append(
                    {
                        "scenario": sc.name,
                        "expect": sc.expect,
                        "ok": not problems,
                        "problems": problems,
                        "call": call,
                    }
                )
                if echo:
                    print("PASS" if not problems else "FAIL: " + "; ".join(problems), flush=True)
            if not args.no_voice:
                results += _voice_scenarios(
                    client, pms, loop, settings, scenarios, echo=not args.json
                )
    finally:
        stop.set()
        if watcher.is_alive():
            watcher.join()
        loop.run_until_complete(pms.aclose())
        loop.close()
        sup.stop()
        if pg is not None and pg.started_by_us:
            pg.stop()
    passed = sum(r["ok"] for r in results)
    if args.json:
        print(json.dumps(results, indent=1, default=str))
    _say(
        f"{passed}/{len(results)} scenarios reached their expected outcome; runtime stopped cleanly"
    )
    return 0 if passed == len(results) and len(results) >= len(scenarios) else 1


# Scenarios also run by voice: their caller lines spoken by Piper, through VAD, streaming
# whisper, the runtime, TTS; replies written as WAV files under <data_dir>/demo-replies/.
VOICE_SCENARIOS = ("book-room", "hotel-facts")


def _voice_scenarios(client, pms, loop, settings, scenarios, *, echo: bool) -> list[dict]:
    from pathlib import Path

    import numpy as np

    from media.audio.callers import CallerVoices
    from runtime.demo_checks import check_voice_booking
    from runtime.voice_call import as_json, run_voice_call, write_replies

    voices = CallerVoices(Path(settings.data_dir) / "callers")
    out_dir = Path(settings.data_dir) / "demo-replies"
    out_dir.mkdir(parents=True, exist_ok=True)
    results = []
    for sc in [s for s in scenarios if s.name in VOICE_SCENARIOS]:
        # English lines only: the embedded English voice speaks them, tiny.en hears them.
        lines = [t for t in sc.turns if t.isascii() and not t.lower().startswith(("gibt", "wie"))]
        if echo:
            print(
                f"\n=== [voice] {sc.name}: {len(lines)} spoken turns (expect: {sc.expect}) ===",
                flush=True,
            )
        audio = np.concatenate([voices.say(t) for t in lines])
        rec = run_voice_call(client, audio, realtime=False, caller_id=sc.caller_id)
        call = as_json(rec, realtime=False)
        wav = write_replies(rec, out_dir / f"{sc.name}.wav")
        problems = []
        if call["outcome"] != sc.expect:
            problems.append(f"outcome {call['outcome']!r}, expected {sc.expect!r}")
        if sc.expect == "booked":
            problems += loop.run_until_complete(check_voice_booking(pms, sc, call))
        if echo:
            for t in call["turns"]:
                print(f"caller (heard by whisper, {t['confidence']:.2f})> {t['transcript']}")
                print(f"sovren> {t['reply']}")
                for a in t["actions"]:
                    mark = "approved" if a["approved"] else "REJECTED"
                    print(f"        {a['kind']} {mark} (posterior {a['posterior']:.3f})")
            print(f"replies written to {wav}")
            print("PASS" if not problems else "FAIL: " + "; ".join(problems), flush=True)
        results.append(
            {
                "scenario": f"voice:{sc.name}",
                "expect": sc.expect,
                "ok": not problems,
                "problems": problems,
                "call": call,
            }
        )
    return results


def _watch(sup, stop: threading.Event) -> None:
    while not stop.is_set():
        sup.poll_once()
        stop.wait(0.1)
