"""The console's ASGI application (Starlette + Jinja2 + server-sent events).

Why Starlette and no front-end build: the pages are server-rendered HTML with
a little plain JavaScript (static/console.js) that listens to one event stream
and swaps in fragments the server rendered for the viewer's role, so masking
and permissions live in one place, the server. Every response carries a strict
Content-Security-Policy (scripts only from this origin, no inline script).
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles

from fabric.recordings import SIDES, recording_path
from runtime.console import accounts, audit, charts, queries, sessions
from runtime.console.render import connection, history_rows, page
from runtime.console.web import LoginRequired, login_redirect, remote_addr, require, session_of

HERE = Path(__file__).parent
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        " media-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none';"
        " form-action 'self'"
    ),
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "cache-control": "no-store",
}


@dataclass
class ConsoleState:
    settings: Any
    url: str
    pool: Any = None
    hub: Any = None
    dummy_hash: str = ""
    voice_sessions: int = 0


# -- login / logout ----------------------------------------------------------------------
async def login_form(request: Request) -> Response:
    async with connection(request) as conn:
        n = await accounts.count_accounts(conn)
    token = secrets.token_urlsafe(24)
    resp = page(request, "login.html", None, no_accounts=n == 0, login_csrf=token, error=None,
                next=_safe_next(request.query_params.get("next")))  # fmt: skip
    _set_cookie(request, resp, sessions.LOGIN_COOKIE, token, max_age=3600)
    return resp


def _safe_next(nxt: str | None) -> str:
    """Only a path on this site (``/calls``), never ``//evil`` or a full URL."""
    if nxt and nxt.startswith("/") and not nxt.startswith("//") and "\\" not in nxt:
        return nxt
    return "/live"


def _set_cookie(request: Request, resp: Response, name: str, value: str, max_age: int) -> None:
    cfg = request.app.state.console.settings.console
    resp.set_cookie(
        name, value, max_age=max_age, httponly=True, samesite="strict", secure=cfg.cookie_secure,
        path="/",
    )  # fmt: skip


async def login(request: Request) -> Response:
    state: ConsoleState = request.app.state.console
    cfg = state.settings.console
    form = await request.form()
    name = str(form.get("name") or "")[:64]
    password = str(form.get("password") or "")
    remote = remote_addr(request, cfg.trusted_proxies)
    nxt = _safe_next(str(form.get("next") or ""))
    async with connection(request) as conn:
        no_accounts = await accounts.count_accounts(conn) == 0

        def again(error: str, status: int) -> Response:
            token = secrets.token_urlsafe(24)
            resp = page(request, "login.html", None, status, no_accounts=no_accounts,
                        login_csrf=token, error=error, next=nxt)  # fmt: skip
            _set_cookie(request, resp, sessions.LOGIN_COOKIE, token, max_age=3600)
            return resp

        if not sessions.csrf_ok(
            request.cookies.get(sessions.LOGIN_COOKIE, ""), str(form.get("login_csrf") or "")
        ):
            await audit.record(conn, "login", account=name or None, ok=False, remote=remote,
                               detail={"why": "csrf"})  # fmt: skip
            return again("The login form expired; please try again.", 403)
        if await sessions.login_blocked(conn, name, remote, cfg):
            await audit.record(conn, "login", account=name or None, ok=False, remote=remote,
                               detail={"why": "rate_limited"})  # fmt: skip
            return again(
                f"Too many failed logins; wait {cfg.login_window_s // 60} minutes and try again.",
                429,
            )
        acct = await accounts.authenticate(conn, name, password, state.dummy_hash)
        if acct is None:
            await audit.record(conn, "login", account=name or None, ok=False, remote=remote,
                               detail={"why": "bad_credentials"})  # fmt: skip
            return again("Wrong name or password.", 401)
        await sessions.purge_expired(conn)
        token, _ = await sessions.create(conn, acct, remote, cfg)
        await audit.record(conn, "login", account=acct.name, remote=remote)
    resp = RedirectResponse(nxt, status_code=303)
    _set_cookie(request, resp, sessions.COOKIE, token, max_age=cfg.session_max_hours * 3600)
    resp.delete_cookie(sessions.LOGIN_COOKIE, path="/")
    return resp


async def logout(request: Request) -> Response:
    async with connection(request) as conn:
        ctx = await require(request, conn, csrf=True)
        await sessions.end(conn, ctx.session.id)
        await audit.record(conn, "logout", account=ctx.account.name, remote=ctx.remote)
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(sessions.COOKIE, path="/")
    return resp


# -- live --------------------------------------------------------------------------------
async def live_page(request: Request) -> Response:
    cfg = request.app.state.console.settings.console
    async with connection(request) as conn:
        ctx = await require(request, conn)
        calls = await queries.live_calls(conn, cfg.live_max_age_minutes)
        alerts = await queries.alerts(conn, unacknowledged_only=True)
    return page(request, "live.html", ctx, calls=calls, alerts=alerts,
                health=request.app.state.console.hub.last_health)  # fmt: skip


async def live_calls(request: Request) -> Response:
    """The live calls' cards: all of them, or those of ``?ids=a,b`` (the calls the event
    stream said changed; a requested call that is no longer live is simply absent, and the
    page removes its card)."""
    cfg = request.app.state.console.settings.console
    raw = request.query_params.get("ids")
    ids = raw.split(",") if raw else None
    async with connection(request) as conn:
        ctx = await require(request, conn)
        calls = await queries.live_calls(conn, cfg.live_max_age_minutes, ids)
    return page(request, "_calls.html", ctx, calls=calls, partial=ids is not None)


async def live_health(request: Request) -> Response:
    async with connection(request) as conn:
        ctx = await require(request, conn)
    hub = request.app.state.console.hub
    if hub.last_health is None:
        from runtime.inspection import NotRunning, snapshot

        try:
            snap = await asyncio.to_thread(snapshot, request.app.state.console.settings)
            hub.last_health = {"ok": True, "snapshot": snap}
        except NotRunning as e:
            hub.last_health = {"ok": False, "error": str(e)}
    return page(request, "_health.html", ctx, health=hub.last_health)


async def live_alerts(request: Request) -> Response:
    async with connection(request) as conn:
        ctx = await require(request, conn)
        alerts = await queries.alerts(conn, unacknowledged_only=True)
    return page(request, "_alerts.html", ctx, alerts=alerts)


async def events(request: Request) -> Response:
    async with connection(request) as conn:
        await require(request, conn)
    hub = request.app.state.console.hub
    q = hub.subscribe()

    async def stream():
        try:
            yield "retry: 2000\nevent: hello\ndata: {}\n\n"
            while True:
                try:
                    event, data = await asyncio.wait_for(q.get(), timeout=15)
                except TimeoutError:
                    if await request.is_disconnected():
                        return
                    async with connection(request) as conn:  # logged out meanwhile: stop
                        if await session_of(request, conn) is None:
                            yield "event: logout\ndata: {}\n\n"
                            return
                    yield ": keep-alive\n\n"
                    continue
                yield f"event: {event}\ndata: {data}\n\n"
        finally:
            hub.unsubscribe(q)

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"x-accel-buffering": "no"})  # fmt: skip


# -- history -----------------------------------------------------------------------------
async def calls_page(request: Request) -> Response:
    cfg = request.app.state.console.settings.console
    search, problems = queries.Search.from_query(dict(request.query_params))
    try:
        size = min(max(int(request.query_params.get("size") or cfg.page_size), 1), 10_000)
    except ValueError:
        size, problems = cfg.page_size, [*problems, "size: not a number"]
    async with connection(request) as conn:
        ctx = await require(request, conn)
        found = await queries.search_calls(conn, search, size)
    return page(request, "calls.html", ctx, search=search, problems=problems, size=size,
                rows=found["rows"], rows_html=history_rows(found["rows"], ctx.account),
                more=found["more"], outcomes=queries.OUTCOMES,
                raw=dict(request.query_params))  # fmt: skip


async def call_page(request: Request) -> Response:
    async with connection(request) as conn:
        ctx = await require(request, conn)
        rec = await queries.call_record(conn, request.path_params["call_id"])
    if rec is None:
        raise HTTPException(404, "There is no call with this id in the ledger.")
    data_dir = request.app.state.console.settings.data_dir
    rec["recordings"] = [s for s in SIDES if recording_path(data_dir, rec["call_id"], s).is_file()]
    return page(request, "call.html", ctx, c=rec, message=request.query_params.get("msg"))


async def call_audio(request: Request) -> Response:
    """One side of a call's recording (media.record_calls), for manager and admin only; each
    play is on record. The file is named by the call id and side alone (fabric.recordings),
    so nothing from the request can point elsewhere."""
    side = request.path_params["side"]
    async with connection(request) as conn:
        ctx = await require(request, conn, role="manager")
        h = queries.hex_id(request.path_params["call_id"])
        if h is None or side not in SIDES:
            raise HTTPException(404, "There is no such recording.")
        f = recording_path(request.app.state.console.settings.data_dir, h, side)
        there = f.is_file()
        await audit.record(conn, "audio", account=ctx.account.name, ok=there, remote=ctx.remote,
                           detail={"call_id": h, "side": side})  # fmt: skip
    if not there:
        raise HTTPException(
            404,
            "No recording of this call is kept: recording was off (media.record_calls), "
            "its retention period passed, or the caller's data was erased.",
        )
    return FileResponse(f, media_type="audio/wav")


async def reservation_page(request: Request) -> Response:
    """A reservation's state now, asked of the PMS (any vendor) through its connector."""
    conf = request.path_params["confirmation"][:64]
    async with connection(request) as conn:
        ctx = await require(request, conn)
    settings = request.app.state.console.settings
    res, error = None, None
    from connectors.errors import NotFound
    from connectors.executor import booking_of
    from ipc.payloads import plain

    try:
        from connectors.factory import build_connector

        pms = build_connector(settings, database_url=request.app.state.console.url)
        await pms.open()
        try:
            res = await pms.get_reservation(conf)
        finally:
            await pms.aclose()
    except NotFound:
        res = None
    except Exception as e:  # the PMS's answer, whatever it is, is what the page shows
        error = f"{type(e).__name__}: {e}"[:300]
    if res is None and error is None:
        raise HTTPException(404, "The PMS knows no reservation with this confirmation number.")
    # the same view of a booking the agents get (ipc.payloads.Booking: phone and e-mail masked)
    data = plain(booking_of(res)) if res is not None else None
    return page(request, "reservation.html", ctx, confirmation=conf, res=data, error=error)


# -- charts ------------------------------------------------------------------------------
async def charts_page(request: Request) -> Response:
    from bayes.calibration import from_database

    async with connection(request) as conn:
        ctx = await require(request, conn)
        hours = await charts.calls_per_hour(conn)
        days, series = await charts.outcomes_per_day(conn)
        lat_labels, lat_counts, lat_n = await charts.latency_histogram(conn)
        rules, counts = await charts.alerts_by_rule(conn)
    report = await asyncio.to_thread(from_database, request.app.state.console.url)
    cal = report.to_json()["actions"]
    svgs = {
        "hourly": charts.bars("Calls per hour (last 24 h, UTC)", *hours, every=3),
        "outcomes": charts.stacked("Outcomes per day (last 14 days)", days, series),
        "latency": charts.bars(
            "Voice-to-voice latency (last 30 days)",
            lat_labels,
            lat_counts,
            every=max(1, len(lat_labels) // 8),
        ),  # fmt: skip
        "calibration": charts.reliability("Calibration: predicted vs observed", cal),
        "alerts": charts.bars("Alerts by rule (last 30 days)", rules, counts),
    }
    return page(request, "charts.html", ctx, svgs=svgs, latency_n=lat_n, cal=cal,
                totals={"calls_24h": int(sum(hours[1])), "alerts": int(sum(counts))})  # fmt: skip


# -- actions -----------------------------------------------------------------------------
async def call_action(request: Request) -> Response:
    from runtime.console.actions import end_call

    what = request.path_params["what"]
    if what not in ("end", "takeover"):
        raise HTTPException(404, "No such action.")
    h = queries.hex_id(request.path_params["call_id"])
    async with connection(request) as conn:
        ctx = await require(request, conn, csrf=True)
        if h is None or (await queries.call_record(conn, h)) is None:
            raise HTTPException(404, "There is no call with this id in the ledger.")
        try:
            rep = await end_call(request.app.state.console.settings, h, takeover=what == "takeover")
            ok, msg = rep.ok, rep.message
        except Exception as e:  # on record either way, and said on the page
            ok, msg = False, str(e)
        await audit.record(conn, f"call.{what}", account=ctx.account.name, ok=ok,
                           remote=ctx.remote, detail={"call_id": h, "message": msg})  # fmt: skip
    from urllib.parse import quote

    return RedirectResponse(f"/calls/{h}?msg={quote(msg)}", status_code=303)


async def ack_alert(request: Request) -> Response:
    alert_id = request.path_params["alert_id"]
    async with connection(request) as conn:
        ctx = await require(request, conn, csrf=True)
        if queries.hex_id(alert_id) is None:
            raise HTTPException(404, "There is no such alert.")
        done = await queries.acknowledge_alert(conn, alert_id)
        await audit.record(conn, "alert.acknowledge", account=ctx.account.name, ok=done,
                           remote=ctx.remote, detail={"alert_id": alert_id})  # fmt: skip
    if request.headers.get("x-csrf-token"):
        return Response(status_code=204)
    return RedirectResponse("/live", status_code=303)


async def erase_page(request: Request) -> Response:
    async with connection(request) as conn:
        ctx = await require(request, conn, role="manager")
    return page(request, "erase.html", ctx, phone="", report=None, confirm=False)


async def erase(request: Request) -> Response:
    from runtime.console.actions import erase_phone

    state: ConsoleState = request.app.state.console
    async with connection(request) as conn:
        ctx = await require(request, conn, role="manager", csrf=True)
        form = await request.form()
        phone = str(form.get("phone") or "")[:40]
        if form.get("confirm") != "yes":  # step 1: say what will happen, ask again
            return page(request, "erase.html", ctx, phone=phone, report=None, confirm=True)
        rep = await erase_phone(
            state.url, state.settings, phone, requested_by=f"console:{ctx.account.name}"
        )
        await audit.record(conn, "erase", account=ctx.account.name, ok=rep.ok, remote=ctx.remote,
                           detail={"result": rep.message})  # fmt: skip
    return page(request, "erase.html", ctx, phone="", report=rep, confirm=False)


async def audit_page(request: Request) -> Response:
    async with connection(request) as conn:
        ctx = await require(request, conn, role="admin")
        rows = await audit.recent(conn)
    return page(request, "audit.html", ctx, rows=rows)


async def root(request: Request) -> Response:
    return RedirectResponse("/live", status_code=303)


# -- errors ------------------------------------------------------------------------------
async def on_login_required(request: Request, exc: Exception) -> Response:
    accept = request.headers.get("accept", "")
    # a page (not the live view's fragments or its event stream): the login page
    if request.method == "GET" and "fragment" not in accept and "event-stream" not in accept:
        return login_redirect(request)
    return Response("log in first", status_code=401, media_type="text/plain")


async def on_http_error(request: Request, exc: HTTPException) -> Response:
    return page(request, "error.html", None, exc.status_code, status=exc.status_code,
                detail=exc.detail)  # fmt: skip


class SecurityHeaders:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                have = {k.lower() for k, _ in headers}
                for k, v in SECURITY_HEADERS.items():
                    if k.encode() not in have:
                        headers.append((k.encode(), v.encode()))
                message["headers"] = headers
            await send(message)

        return await self.app(scope, receive, send_with)


def build_app(settings, url: str) -> Starlette:
    """The console for the runtime ``settings`` describe, reading the ledger at ``url``."""
    from psycopg_pool import AsyncConnectionPool

    from runtime.console.live import LiveHub
    from runtime.console.voice import voice_page, voice_socket

    state = ConsoleState(settings=settings, url=url)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        from ledger.migrate import migrate

        await asyncio.to_thread(migrate, url)
        state.dummy_hash = await asyncio.to_thread(accounts.dummy_hash)
        state.pool = AsyncConnectionPool(url, min_size=1, max_size=8, open=False,
                                         kwargs={"autocommit": True})  # fmt: skip
        await state.pool.open(wait=True, timeout=15)
        state.hub = LiveHub(url, settings, coalesce_s=settings.console.live_interval_s)
        await state.hub.start()
        try:
            yield
        finally:
            await state.hub.stop()
            await state.pool.close()

    routes = [
        Route("/", root),
        Route("/login", login_form, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/live", live_page),
        Route("/live/events", events),
        Route("/live/calls", live_calls),
        Route("/live/health", live_health),
        Route("/live/alerts", live_alerts),
        Route("/calls", calls_page),
        Route("/calls/{call_id}", call_page),
        Route("/calls/{call_id}/audio/{side}", call_audio),
        Route("/calls/{call_id}/{what}", call_action, methods=["POST"]),
        Route("/alerts/{alert_id}/ack", ack_alert, methods=["POST"]),
        Route("/reservations/{confirmation}", reservation_page),
        Route("/charts", charts_page),
        Route("/erase", erase_page, methods=["GET"]),
        Route("/erase", erase, methods=["POST"]),
        Route("/audit", audit_page),
        Route("/voice", voice_page),
        WebSocketRoute("/voice/ws", voice_socket),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={LoginRequired: on_login_required, HTTPException: on_http_error},
    )
    app.state.console = state
    return SecurityHeadersApp(app)


class SecurityHeadersApp(SecurityHeaders):
    """The app wrapped with the security headers; ``.state`` reaches the inner app's."""

    @property
    def state(self):
        return self.app.state
