""" "Talk to the agent": the browser's microphone into the same voice path as ``sovren call --wav``.

Why a WebSocket of 16 kHz PCM: the page downsamples the microphone to the media
worker's format (16 kHz mono s16le, 20 ms frames) in plain JavaScript, so the
server only relays bytes; the call itself is ``runtime.voice_call.VoiceCallSession``,
the code every voice client uses, run in a thread (its ring calls block). What
the runtime answers goes back on the same socket: transcripts, each turn's reply
and decisions (JSON text messages) and the reply audio (binary, 16 kHz s16le),
which the page plays. The voice-to-voice latency of each turn (end of the
caller's words -> first reply audio, measured here where the caller's audio
enters) goes into ``voice_latency`` for the latency chart.

Who may: manager and admin (it places real calls, which book real rooms in the
PMS). The socket must come from this site (Origin) and its first message must be
the session's CSRF token. At most ``MAX_SESSIONS`` at once: each holds one of
the runtime's client slots.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import queue
import threading
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket, WebSocketDisconnect

from runtime.console import audit, sessions

MAX_SESSIONS = 2
FRAME_BYTES = 640  # 20 ms of 16 kHz s16le
MAX_MESSAGE = 64_000


async def voice_page(request: Request) -> Response:
    from runtime.console.render import connection, page
    from runtime.console.web import require

    async with connection(request) as conn:
        ctx = await require(request, conn, role="manager")
    return page(request, "voice.html", ctx)


def _origin_ok(ws: WebSocket) -> bool:
    origin = ws.headers.get("origin")
    host = ws.headers.get("host")
    if not origin or not host:
        return False
    return origin.split("://", 1)[-1] == host


async def voice_socket(ws: WebSocket) -> None:
    state = ws.app.state.console
    cfg = state.settings.console
    async with state.pool.connection() as conn:
        s = await sessions.lookup(conn, ws.cookies.get(sessions.COOKIE), cfg)
    if s is None or not s.account.may_talk or not _origin_ok(ws):
        await ws.close(code=4403)
        return
    await ws.accept()
    try:
        first = await asyncio.wait_for(ws.receive_text(), timeout=10)
        token = json.loads(first).get("csrf")
    except (TimeoutError, ValueError, KeyError, WebSocketDisconnect, AttributeError):
        token = None
    if not sessions.csrf_ok(s.csrf, token):
        await ws.send_text(json.dumps({"kind": "error", "message": "missing CSRF token; reload"}))
        await ws.close(code=4403)
        return
    if state.voice_sessions >= MAX_SESSIONS:
        await ws.send_text(
            json.dumps({"kind": "error", "message": "too many voice sessions; try later"})
        )
        await ws.close(code=4429)
        return
    state.voice_sessions += 1
    try:
        await _bridge(ws, state, s.account.name)
    finally:
        state.voice_sessions -= 1


async def _bridge(ws: WebSocket, state, account: str) -> None:
    loop = asyncio.get_running_loop()
    inbound: queue.Queue[tuple[float, bytes] | None] = queue.Queue(maxsize=500)
    outbound: asyncio.Queue = asyncio.Queue()
    stop = threading.Event()

    def on_event(kind: str, turn: int, detail: Any) -> None:
        loop.call_soon_threadsafe(outbound.put_nowait, (kind, turn, detail))

    worker = threading.Thread(
        target=_call_thread,
        args=(state, inbound, on_event, stop),
        name="console-voice",
        daemon=True,
    )
    worker.start()

    async def pump_out() -> None:
        while True:
            kind, turn, detail = await outbound.get()
            if kind == "audio":
                await ws.send_bytes(detail)
            else:
                await ws.send_text(
                    json.dumps({"kind": kind, "turn": turn, "detail": detail}, default=str)
                )
            if kind in ("closed", "fatal"):
                return

    sender = asyncio.create_task(pump_out())
    async with state.pool.connection() as conn:
        await audit.record(conn, "voice.start", account=account)
    try:
        while not sender.done():
            msg = await ws.receive()
            if msg["type"] == "websocket.disconnect":
                break
            data = msg.get("bytes")
            arrived = time.monotonic()
            if data:
                for i in range(0, min(len(data), MAX_MESSAGE), FRAME_BYTES):
                    # the runtime is not keeping up: drop audio rather than lag behind
                    with contextlib.suppress(queue.Full):
                        inbound.put_nowait((arrived, data[i : i + FRAME_BYTES]))
            elif msg.get("text") and json.loads(msg["text"]).get("kind") == "hangup":
                break
    except WebSocketDisconnect:
        pass
    finally:
        stop.set()
        inbound.put(None)
        try:
            await asyncio.wait_for(sender, timeout=30)
        except (TimeoutError, Exception):
            sender.cancel()
        await asyncio.to_thread(worker.join, 30)
        async with state.pool.connection() as conn:
            await audit.record(conn, "voice.end", account=account)
        with contextlib.suppress(RuntimeError):
            await ws.close()


def _call_thread(state, inbound: queue.Queue, on_event, stop: threading.Event) -> None:
    """The call: frames in from the browser, answers out through ``on_event``."""
    from runtime.client import CallClient
    from runtime.voice_call import VoiceCallSession, voice_to_voice_s

    settings = state.settings
    try:
        with CallClient(settings, slot_wait_s=5.0) as client:
            call = VoiceCallSession(client, realtime=True, caller_id=None, on_event=on_event)
            on_event("status", 0, {"message": "connecting: the media worker loads its models"})
            call.open(setup_timeout_s=300)
            on_event("ready", 0, {"call_id": call.call_id})
            t_first: float | None = None
            recorded: set[int] = set()
            while not stop.is_set():
                try:
                    item = inbound.get(timeout=0.02)
                except queue.Empty:
                    item = (0.0, b"")
                if item is None:
                    break
                arrived, chunk = item
                if chunk:
                    if t_first is None:
                        # the call's audio clock starts when its first frame reached the
                        # console: latency is measured from where the caller's audio enters
                        t_first = arrived
                        call.t0 = t_first
                    call.send(chunk)
                call.collect(0)
                for vt in call.turns.values():
                    if vt.turn not in recorded and vt.first_audio_at is not None and vt.transcript:
                        recorded.add(vt.turn)
                        v = voice_to_voice_s({"t0": call.t0}, vt)
                        if v is not None and v >= 0:
                            _record_latency(state.url, call.call_id, vt.turn, round(v * 1000))
                            on_event("latency", vt.turn, {"voice_to_voice_ms": round(v * 1000)})
            rec = call.end()
            on_event("closed", 0, {"call_id": rec["call_id"], "outcome": rec["outcome"]})
    except Exception as e:  # said on the page, in one line, with what to do
        on_event("fatal", 0, {"message": f"{e}"[:300]})


def _record_latency(url: str, call_id: str, turn: int, ms: int) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO voice_latency (call_id, turn, voice_to_voice_ms, source)"
            " VALUES (%s, %s, %s, 'console') ON CONFLICT (call_id, turn, source) DO NOTHING",
            (call_id, turn, ms),
        )
