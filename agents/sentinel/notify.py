"""The alert feed over PostgreSQL LISTEN/NOTIFY: a publisher and a live listener.

Why NOTIFY: every runtime of a site shares one PostgreSQL (ARCHITECTURE.md,
"Beyond one machine"), so ``sovren alerts --follow`` on any host sees every
host's alerts without anything home-made between hosts. The ledger (ledger/)
stores alerts; this module only announces them (payload: the alert as JSON, see
alert_codec), so a listener that needs more reads the ledger by ``alert_id``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator

import psycopg

from agents.sentinel.alert_codec import NOTIFY_MAX_BYTES, alert_from_json, alert_to_json
from ipc.messages import Alert

log = logging.getLogger(__name__)


class NotifyPublisher:
    """Sends alerts with ``pg_notify``; owns one autocommit connection, reconnecting after failures.

    Used from one thread only (the feed's delivery worker).
    """

    def __init__(self, dsn: str, channel: str = "sovren_alerts", connect_timeout: float = 3.0):
        self.dsn = dsn
        self.channel = channel
        self.connect_timeout = connect_timeout
        self._conn: psycopg.Connection | None = None

    def _connection(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed:
            self._conn = psycopg.connect(
                self.dsn, autocommit=True, connect_timeout=int(max(1, self.connect_timeout))
            )
        return self._conn

    def publish(self, alert: Alert) -> None:
        payload = alert_to_json(alert, max_bytes=NOTIFY_MAX_BYTES).decode()
        try:
            self._connection().execute("SELECT pg_notify(%s, %s)", (self.channel, payload))
        except psycopg.OperationalError:
            self.close()  # the next attempt reconnects
            raise

    def deliver(
        self, alert: Alert, stop: threading.Event, attempts: int = 3, backoff_s: float = 0.5
    ) -> None:
        """``publish`` with a few reconnecting retries; for the delivery worker."""
        for i in range(attempts):
            try:
                self.publish(alert)
                return
            except psycopg.OperationalError:
                if i == attempts - 1 or stop.wait(backoff_s * (2**i)):
                    raise

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None


class NotifyListener:
    """Yields alerts as they are announced; a context manager owning its connection."""

    def __init__(self, dsn: str, channel: str = "sovren_alerts"):
        self.dsn = dsn
        self.channel = channel
        self._conn: psycopg.Connection | None = None
        self.bad_payloads = 0

    def __enter__(self) -> NotifyListener:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """LISTEN now: alerts announced from this moment on will be yielded."""
        if self._conn is None:
            self._conn = psycopg.connect(self.dsn, autocommit=True)
            self._conn.execute(f'LISTEN "{self.channel}"')

    def alerts(
        self, timeout: float | None = None, limit: int | None = None
    ) -> Iterator[tuple[Alert, float]]:
        """Yield (alert, timestamp) pairs live; stop after ``timeout`` seconds or ``limit`` alerts.

        A payload that is not an alert is counted in ``bad_payloads`` and skipped
        (someone else may NOTIFY on the channel), never raised into the reader.
        """
        self.start()
        assert self._conn is not None
        deadline = None if timeout is None else time.monotonic() + timeout
        n = 0
        while limit is None or n < limit:
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return
            got = False
            for note in self._conn.notifies(timeout=remaining, stop_after=1):
                got = True
                try:
                    alert, ts = alert_from_json(note.payload)
                except ValueError as e:
                    self.bad_payloads += 1
                    log.warning("ignored a payload on %s that is not an alert: %s", self.channel, e)
                    continue
                n += 1
                yield alert, ts
            if not got and deadline is not None and time.monotonic() >= deadline:
                return

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
