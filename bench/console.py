"""``python -m bench.console [--calls N] [--runtime] [--write-md]``: what the console costs.

Two questions, both from the issue (docs/console.md):

1. Page loads over a ledger of ``--calls`` recorded calls (10,000 by default: four turns,
   two decisions and a result each, a quarter booked with a confirmation number), served
   by the real app (uvicorn on a free port) and fetched over HTTP by a logged-in client:
   the history's first page, one page holding all the calls, a search by confirmation
   number, by caller, one call's record, the charts, the live view. Wall time per request,
   p50/p95 of ``--repeat`` requests.
2. With ``--runtime``: ``bench.runtime``'s load (100 concurrent calls x 3 turns, spread over
   5 s) with the console closed and with it open on the live view (a client following the
   event stream and fetching the changed calls' cards, as the page's script does),
   alternating closed/open/closed/open, so the run-to-run noise is seen beside the effect.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import socket
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from bench.report_md import replace_section

PASSWORD = "bench password 0123"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pct(xs: list[float], p: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def timed(fn, reps: int, *, warm: int = 1) -> list[float]:
    """Wall seconds of ``reps`` calls of ``fn`` after ``warm`` unmeasured ones (the first
    request warms the connection pool and the template cache). The one timing loop of this
    bench: HTTP page loads and the in-process split both go through it."""
    out = []
    for i in range(warm + reps):
        t = time.perf_counter()
        fn()
        if i >= warm:
            out.append(time.perf_counter() - t)
    return out


def _ms(times: list[float]) -> dict:
    return {
        "p50_ms": round(_pct(times, 50) * 1000, 1),
        "p95_ms": round(_pct(times, 95) * 1000, 1),
        "n": len(times),
    }


# -- 1. page loads -----------------------------------------------------------------------
def fill_ledger(url: str, n: int, progress=print) -> dict[str, str]:
    """``n`` calls as the runtime records them (COPY, like the ledger writer)."""
    import psycopg

    from ledger.migrate import migrate

    migrate(url)
    now = dt.datetime.now(dt.UTC)
    outcomes = ["booked", "answered", "answered", "refused", "transferred", "cancelled"]
    sample: dict[str, str] = {}
    with psycopg.connect(url) as conn:
        with conn.cursor() as cur:
            with cur.copy(
                "COPY calls (id, hotel_id, caller_phone, channel, started_at, ended_at,"
                " end_reason) FROM STDIN"
            ) as cp:
                ids = []
                for i in range(n):
                    cid = uuid.uuid4()
                    ids.append(cid.hex)
                    t = now - dt.timedelta(seconds=(n - i) * 37)
                    cp.write_row((cid, "demo", f"+4917{i:08d}", "phone", t,
                                  t + dt.timedelta(seconds=90), outcomes[i % len(outcomes)]))  # fmt: skip
            progress(f"[bench] {n} calls")
            with cur.copy("COPY turns (id, call_id, turn, speaker, text, lang) FROM STDIN") as cp:
                for cid in ids:
                    for turn in (1, 2):
                        cp.write_row(
                            (uuid.uuid4(), cid, turn, "caller", "I would like a room", "en")
                        )
                        cp.write_row(
                            (uuid.uuid4(), cid, turn, "agent", "For how many guests?", "en")
                        )
            progress(f"[bench] {4 * n} turns")
            terms = json.dumps({"understanding_confidence": 1.2, "sentinel_risk": 0.0})
            with cur.copy(
                "COPY decisions (id, seq, call_id, hotel_id, turn, action, risk_class, approved,"
                " vetoed, posterior, threshold, prior_logodds, terms, evidence, utilities,"
                " fallback, state, reason, prev_hash, hash) FROM STDIN"
            ) as cp:
                seq = 0
                for cid in ids:
                    for turn in (1, 2):
                        seq += 1
                        cp.write_row((uuid.uuid4(), seq, cid, "demo", turn, "speak.answer",
                                      "speech", turn == 1, False, 0.97, 0.85, 2.0, terms,
                                      '{"understanding_confidence": 0.9}', "{}", None,
                                      "dialogue", "approved", "0" * 64, "0" * 64))  # fmt: skip
            progress(f"[bench] {2 * n} decisions")
            with cur.copy(
                "COPY voice_latency (call_id, turn, voice_to_voice_ms, source) FROM STDIN"
            ) as cp:
                for i, cid in enumerate(ids):
                    for turn in (1, 2):  # spread like a real distribution: 0.6-2.2 s
                        cp.write_row((cid, turn, 600 + (i * 7919 + turn * 104729) % 1600, "media"))
            progress(f"[bench] {2 * n} voice-to-voice latencies")
            with cur.copy(
                "COPY results (id, decision_id, call_id, action, ok, result) FROM STDIN"
            ) as cp:
                for i, cid in enumerate(ids):
                    if i % len(outcomes) == 0:
                        conf = f"B{i:06d}"
                        res = json.dumps({"reservation": {"confirmation": conf}})
                        cp.write_row(
                            (uuid.uuid4(), str(uuid.uuid4()), cid, "pms.create", True, res)
                        )
                        if not sample:
                            sample = {
                                "confirmation": conf,
                                "call_id": cid,
                                "caller": f"+4917{i:08d}",
                            }
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")
    return sample


def _login(base: str):
    import httpx

    c = httpx.Client(base_url=base, timeout=60)
    r = c.get("/login")
    tok = re.search(r'name="login_csrf" value="([^"]+)"', r.text).group(1)
    r = c.post("/login", data={"name": "bench", "password": PASSWORD, "login_csrf": tok})
    if r.status_code != 303:
        raise RuntimeError(f"the bench account could not log in: {r.status_code}")
    return c


def _add_account(url: str) -> None:
    import psycopg

    from runtime.console.accounts import add_account

    with psycopg.connect(url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM console_accounts WHERE name = 'bench'").fetchone():
            add_account(conn, "bench", "manager", PASSWORD)


@contextlib.contextmanager
def _serve(settings, url: str):
    import httpx
    import uvicorn

    from runtime.console.app import build_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(build_app(settings, url), host="127.0.0.1",
                                           port=port, log_level="warning", access_log=False))  # fmt: skip
    t = threading.Thread(target=server.run, daemon=True)
    t.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(base + "/login", timeout=2)
            break
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    try:
        yield base
    finally:
        server.should_exit = True
        t.join(10)


def page_loads(n_calls: int, repeat: int, progress=print) -> dict:
    from config import load_settings
    from ledger.postgres import EmbeddedPostgres

    root = Path(tempfile.mkdtemp(prefix="sovren-bench-console-"))
    os.chmod(root, 0o755)
    pg = EmbeddedPostgres(root / "pg", fsync=False, dbname="postgres")
    pg.start()
    try:
        import psycopg

        with psycopg.connect(pg.url("postgres"), autocommit=True) as conn:
            conn.execute('CREATE DATABASE "console_bench"')
        url = pg.url("console_bench")
        t0 = time.monotonic()
        sample = fill_ledger(url, n_calls, progress)
        progress(f"[bench] ledger filled in {time.monotonic() - t0:.1f} s")
        _add_account(url)
        settings = load_settings(
            instance="console_bench",
            database_url=url,
            data_dir=str(root),
            console={"cookie_secure": False},  # plain http on 127.0.0.1
        )
        everything = f"history, one page of all {n_calls} calls"
        last = -(-n_calls // 50)
        pages = {
            "history, first page (50 calls)": "/calls",
            f"history, last page (page {last} of 50 calls)": f"/calls?page={last}",
            "history, outcome + date range, page 2": "/calls?outcome=answered&date_from="
            + (dt.date.today() - dt.timedelta(days=3)).isoformat()
            + "&date_to="
            + dt.date.today().isoformat()
            + "&page=2",
            everything: f"/calls?size={n_calls}",
            "search by confirmation number": f"/calls?confirmation={sample['confirmation']}",
            "search by caller": "/calls?caller=" + sample["caller"].replace("+", "%2B"),
            "one call's record": f"/calls/{sample['call_id']}",
            "charts": "/charts",
            "live view": "/live",
        }
        out = {}
        with _serve(settings, url) as base:
            c = _login(base)
            for name, path in pages.items():
                got: dict = {}

                def load(path=path, got=got):
                    r = c.get(path)
                    if r.status_code != 200:
                        raise RuntimeError(f"{path}: {r.status_code}")
                    got["kb"] = round(len(r.content) / 1024)

                reps = max(3, repeat // 4) if name == everything else repeat
                out[name] = {"path": path, **_ms(timed(load, reps)), **got}
                progress(f"[bench] {name}: p50 {out[name]['p50_ms']} ms")
        out_split = _split(url, settings, n_calls)
        progress(f"[bench] the all-calls page in-process: {out_split}")
        return {"calls": n_calls, "pages": out, "split": out_split}
    finally:
        pg.stop(mode="immediate")


def _split(url: str, settings, n_calls: int, repeat: int = 3) -> dict:
    """Where the page holding all calls spends its time: the queries, then building the rows."""
    import asyncio

    import psycopg

    from runtime.console.accounts import Account
    from runtime.console.queries import Search, search_calls
    from runtime.console.render import history_rows

    loop = asyncio.new_event_loop()
    conn = loop.run_until_complete(psycopg.AsyncConnection.connect(url, autocommit=True))
    try:
        found = loop.run_until_complete(search_calls(conn, Search(), n_calls))
        queries = timed(lambda: loop.run_until_complete(search_calls(conn, Search(), n_calls)),
                        repeat)  # fmt: skip
        account = Account("0", "bench", "reception")
        rows = timed(lambda: history_rows(found["rows"], account), repeat, warm=0)
    finally:
        loop.run_until_complete(conn.close())
        loop.close()
    return {"queries_ms": _ms(queries)["p50_ms"], "rows_ms": _ms(rows)["p50_ms"]}


# -- 2. the runtime with the live view open ----------------------------------------------
class LiveViewer:
    """Follows /live/events and fetches each changed call's card and the health table, as
    the live page's script does; counts what it fetched."""

    def __init__(self, base: str):
        self.base = base
        self.fetches = 0
        self.events = 0
        self.errors = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join(10)

    def _run(self) -> None:
        c = _login(self.base)
        frag = {"Accept": "text/html-fragment"}
        c.get("/live")
        with c.stream("GET", "/live/events", headers={"Accept": "text/event-stream"},
                      timeout=None) as r:  # fmt: skip
            event = None
            for line in r.iter_lines():
                if self._stop.is_set():
                    return
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event:
                    self.events += 1
                    data = json.loads(line[6:])
                    urls = []
                    if event == "calls":
                        ids = data.get("ids", [])
                        urls = ["/live/calls" + ("" if "*" in ids else "?ids=" + ",".join(ids))]
                    elif event == "health":
                        urls = ["/live/health"]
                    elif event == "alerts":
                        urls = ["/live/alerts"]
                    for u in urls:
                        resp = c.get(u, headers=frag)
                        self.fetches += 1
                        self.errors += resp.status_code >= 400 and resp.status_code != 404


def runtime_runs(pairs: int, calls: int, turns: int, spread: float, progress=print) -> list[dict]:
    from bench.runtime import run

    runs = []
    for i in range(2 * pairs):
        open_ = i % 2 == 1
        viewer: dict = {}

        @contextlib.contextmanager
        def during(settings, url, viewer=viewer):
            _add_account(url)
            base = f"http://{settings.console.host}:{settings.console.port}"
            import httpx

            deadline = time.monotonic() + 30
            while True:
                try:
                    httpx.get(base + "/login", timeout=2)
                    break
                except httpx.HTTPError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            with LiveViewer(base) as v:
                time.sleep(1.0)
                yield
                viewer.update(fetches=v.fetches, events=v.events, errors=v.errors)

        extra = {"console": {"enabled": True, "port": _free_port(), "cookie_secure": False}}
        progress(
            f"[bench] runtime run {i + 1}/{2 * pairs}: console {'open' if open_ else 'closed'}"
        )
        r = run(calls, turns, spread, progress=progress,
                **({"extra": extra, "during": during} if open_ else {}))  # fmt: skip
        r["console"] = "open on the live view" if open_ else "closed"
        r["viewer"] = viewer
        runs.append(r)
    return runs


def to_markdown(pages: dict | None, runs: list[dict] | None, cmd: str) -> str:
    lines = [
        "## Console",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; {dt.date.today().isoformat()}; load average "
        f"{os.getloadavg()[0]:.1f} at the end; command: `{cmd}`.",
        "Shared 2-core machine: other work ran at the same time, so compare figures of one run only.",
        "",
    ]
    if pages:
        lines += [
            f"Page loads over a ledger of {pages['calls']} recorded calls (real app under uvicorn, "
            "a logged-in HTTP client on the same host; wall time per request including rendering):",
            "",
            "| page | p50 ms | p95 ms | requests | size KB |",
            "|---|---|---|---|---|",
        ]
        for name, p in pages["pages"].items():
            lines.append(f"| {name} | {p['p50_ms']} | {p['p95_ms']} | {p['n']} | {p['kb']} |")
        sp = pages.get("split")
        if sp:
            lines += [
                "",
                f"The page holding all {pages['calls']} calls, in-process (p50 of 3): queries "
                f"{sp['queries_ms']} ms, building the rows {sp['rows_ms']} ms (the rest is the "
                "page template, HTTP and the client).",
            ]
        lines.append("")
    if runs:
        r0 = runs[0]
        lines += [
            f"`bench.runtime` ({r0['calls']} concurrent calls x {r0['turns']} turns, spread over "
            f"{r0['spread_s']:g} s) with the console closed and open on the live view (a client "
            "following the event stream and fetching the changed calls' cards), alternating:",
            "",
            "| run | console | transcript -> approved action p50 / p95 / p99 | transcript -> reply "
            "p50 / p95 / p99 | decisions/s | frames lost | fragments fetched |",
            "|---|---|---|---|---|---|---|",
        ]
        for i, r in enumerate(runs, 1):
            a, b = r["transcript_to_approval_ms"], r["turn_latency_ms"]
            lines.append(
                f"| {i} | {r['console']} | {a['p50']} / {a['p95']} / {a['p99']} ms | {b['p50']} / "
                f"{b['p95']} / {b['p99']} ms | {r['decisions_per_s']} | {r['frames_lost']} | "
                f"{r['viewer'].get('fetches', '-')} |"
            )
        lines.append("")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench.console", description=__doc__.split("\n\n")[0])
    ap.add_argument("--calls", type=int, default=10_000, help="recorded calls (default 10000)")
    ap.add_argument("--repeat", type=int, default=20, help="requests per page (default 20)")
    ap.add_argument(
        "--runtime", action="store_true", help="also bench.runtime, console closed vs open"
    )
    ap.add_argument(
        "--pairs", type=int, default=2, help="with --runtime: closed/open pairs (default 2)"
    )
    ap.add_argument("--no-pages", action="store_true", help="skip the page loads")
    ap.add_argument("--json", metavar="PATH", help="write the figures as JSON")
    ap.add_argument("--write-md", action="store_true", help="update BENCHMARKS.md")
    args = ap.parse_args(argv)
    say = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    pages = None if args.no_pages else page_loads(args.calls, args.repeat, say)
    runs = runtime_runs(args.pairs, 100, 3, 5.0, say) if args.runtime else None
    cmd = "python -m bench.console " + " ".join(argv if argv is not None else sys.argv[1:])
    md = to_markdown(pages, runs, cmd.strip())
    print(md)
    if args.json:
        Path(args.json).write_text(
            json.dumps({"pages": pages, "runs": runs}, indent=1, default=str)
        )
    if args.write_md:
        replace_section("## Console", md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
