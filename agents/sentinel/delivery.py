"""A bounded queue and one worker thread per alert sink: the agent hands over and never waits.

Why: SENTINEL answers within 10 ms per frame, while a database or a webhook
receiver may be slow or gone. ``submit`` only enqueues; when the queue is full
the alert is dropped and counted (it is still in the ledger, which the ledger
writer persists off the rings). The worker thread is the only user of its
sink's connection.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)


class DeliveryWorker(Generic[T]):
    def __init__(
        self,
        name: str,
        deliver: Callable[[T, threading.Event], None],
        maxsize: int = 1000,
        on_drop: Callable[[str], None] | None = None,
        on_done: Callable[[bool], None] | None = None,
    ):
        """``deliver(item, stop)`` does the work (retrying as it sees fit, waking early when ``stop`` is set)."""
        self.name = name
        self._deliver = deliver
        self._q: queue.Queue[T | None] = queue.Queue(maxsize)
        self._stop = threading.Event()
        self._on_drop = on_drop
        self._on_done = on_done
        self.delivered = 0
        self.failed = 0
        self.dropped = 0
        self._thread = threading.Thread(target=self._run, name=f"alert-{name}", daemon=True)
        self._thread.start()

    def submit(self, item: T) -> bool:
        """Enqueue without blocking; False (and counted) when the queue is full or the worker stopped."""
        if self._stop.is_set():
            self._drop("stopped")
            return False
        try:
            self._q.put_nowait(item)
            return True
        except queue.Full:
            self._drop("queue_full")
            return False

    def _drop(self, reason: str) -> None:
        self.dropped += 1
        if self._on_drop:
            self._on_drop(reason)

    def _run(self) -> None:
        while True:
            item = self._q.get()
            try:
                if item is None:
                    return
                try:
                    self._deliver(item, self._stop)
                    self.delivered += 1
                    ok = True
                except Exception as e:  # a sink's failure must never kill the worker
                    self.failed += 1
                    ok = False
                    log.warning("alert sink %s failed: %s", self.name, e)
                if self._on_done:
                    self._on_done(ok)
            finally:
                self._q.task_done()

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until everything queued so far was handled; False on timeout."""
        done = threading.Event()

        def waiter() -> None:
            self._q.join()
            done.set()

        threading.Thread(target=waiter, daemon=True).start()
        return done.wait(timeout)

    def close(self, timeout: float = 5.0) -> None:
        """Deliver what is queued (within ``timeout``), then stop; pending retries are cut short."""
        self.flush(timeout)
        self._stop.set()
        with contextlib.suppress(queue.Full):
            self._q.put(None, timeout=timeout)
        self._thread.join(timeout)
