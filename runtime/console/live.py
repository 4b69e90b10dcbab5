"""The live view's feed: ledger changes (LISTEN/NOTIFY), SENTINEL's alerts, agents' health.

Why one hub per console process: one LISTEN connection serves every open page,
however many; each page gets its own bounded queue, and a page that does not
keep up loses its oldest events (it re-reads the ledger anyway), so a slow
browser can never hold up the hub, let alone the agents. The ledger's triggers
(migration 0013) announce which calls a written statement touched; the hub
gathers them for ``coalesce_s`` and tells the pages "these calls changed"; the
pages fetch those calls' fragments, rendered for their own role. Health is read
from the stats blocks read-only (runtime/inspection.py, as ``sovren top``), only
while some page is open.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

log = logging.getLogger("sovren.console")

LEDGER_CHANNEL = "sovren_ledger"
QUEUE_MAX = 64


class LiveHub:
    def __init__(self, url: str, settings, *, coalesce_s: float = 0.2):
        self.url = url
        self.settings = settings
        self.alert_channel = settings.sentinel.notify_channel
        self.coalesce_s = coalesce_s
        self._subs: set[asyncio.Queue] = set()
        self._tasks: list[asyncio.Task] = []
        self._calls: set[str] = set()
        self._alerts = False
        self._wake = asyncio.Event()
        self.listening = False
        self.last_health: dict[str, Any] | None = None

    # -- subscribers --------------------------------------------------------------------
    def subscribe(self) -> asyncio.Queue:
        q: asyncio.Queue = asyncio.Queue(QUEUE_MAX)
        self._subs.add(q)
        self._wake.set()
        return q

    def unsubscribe(self, q: asyncio.Queue) -> None:
        self._subs.discard(q)

    @property
    def subscribers(self) -> int:
        return len(self._subs)

    def _emit(self, event: str, data: dict[str, Any]) -> None:
        item = (event, json.dumps(data, default=str))
        for q in list(self._subs):
            if q.full():
                # the oldest goes: the page re-reads the ledger anyway
                with contextlib.suppress(asyncio.QueueEmpty):
                    q.get_nowait()
            q.put_nowait(item)

    # -- lifecycle ----------------------------------------------------------------------
    async def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._listen(), name="console-listen"),
            asyncio.create_task(self._flush(), name="console-flush"),
            asyncio.create_task(self._health(), name="console-health"),
        ]

    async def stop(self) -> None:
        for t in self._tasks:
            t.cancel()
        for t in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await t
        self._tasks = []

    # -- ledger and alert notifications -------------------------------------------------
    async def _listen(self) -> None:
        import psycopg

        backoff = 0.5
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(self.url, autocommit=True) as conn:
                    await conn.execute(f'LISTEN "{LEDGER_CHANNEL}"')
                    await conn.execute(f'LISTEN "{self.alert_channel}"')
                    self.listening = True
                    backoff = 0.5
                    self._emit("feed", {"ok": True})
                    async for note in conn.notifies():
                        self._take(note.channel, note.payload)
            except asyncio.CancelledError:
                raise
            except Exception as e:  # the database went away: say so on the pages, retry
                self.listening = False
                log.warning("console live feed lost (%s); reconnecting", type(e).__name__)
                self._emit(
                    "feed", {"ok": False, "error": "the ledger's live feed is lost; reconnecting"}
                )
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)

    def _take(self, channel: str, payload: str) -> None:
        if channel == self.alert_channel:
            self._alerts = True
        else:
            try:
                note = json.loads(payload)
            except ValueError:
                return  # someone else's payload on our channel: not ours to read
            table, ids = note.get("t"), note.get("c")
            if table == "alerts":
                self._alerts = True
            if ids is None:
                self._calls.add("*")
            else:
                self._calls.update(str(i) for i in ids if i)
        self._wake.set()

    async def _flush(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            await asyncio.sleep(self.coalesce_s)
            calls, self._calls = self._calls, set()
            alerts, self._alerts = self._alerts, False
            if calls:
                self._emit("calls", {"ids": sorted(calls)})
            if alerts:
                self._emit("alerts", {})

    # -- health -------------------------------------------------------------------------
    async def _health(self) -> None:
        from runtime.inspection import NotRunning, snapshot

        interval = self.settings.console.health_interval_s
        while True:
            if self._subs:
                try:
                    snap = await asyncio.to_thread(snapshot, self.settings)
                    self.last_health = {"ok": True, "snapshot": snap}
                except NotRunning as e:
                    self.last_health = {"ok": False, "error": str(e)}
                except Exception as e:  # a stats block that cannot be read is itself news
                    self.last_health = {"ok": False, "error": f"{type(e).__name__}: {e}"}
                self._emit("health", {})
            await asyncio.sleep(interval)
