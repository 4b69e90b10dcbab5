"""Retention on a schedule inside the runtime: personal data leaves when its time is up.

Why in the supervisor: retention must not depend on someone remembering to run
``sovren ledger retention``; the supervisor lives as long as the runtime. Each run
works in a thread of its own (a large ledger may take a while; the supervisor's
watch over the processes must not wait for it), writes its ``erasures`` row
(ledger/retention.py) and is announced as an INFO alert (``ledger.retention``)
on record and in the feed; a failed run is a HIGH alert and is tried again at the
next interval.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ipc.messages import Severity

log = logging.getLogger("sovren.housekeeping")


class RetentionSchedule:
    def __init__(
        self,
        settings,
        database_url: str,
        announce: Callable[[Severity, str, str, dict], None],
        *,
        clock: Callable[[], float] = time.monotonic,
    ):
        st = settings.storage
        self.settings = settings
        self.url = database_url
        self.announce = announce
        self.clock = clock
        self.every_s = st.retention_every_h * 3600.0
        self.next_at = clock() + st.retention_first_after_s if self.every_s > 0 else None
        self._thread: threading.Thread | None = None
        self.runs = 0

    def poll(self) -> None:
        """Called from the supervisor's loop: start a run when one is due (one at a time)."""
        if self.next_at is None or self.clock() < self.next_at:
            return
        if self._thread is not None and self._thread.is_alive():
            return
        self.next_at = self.clock() + self.every_s
        self._thread = threading.Thread(target=self.run_once, name="retention", daemon=True)
        self._thread.start()

    def run_once(self) -> None:
        from ledger.retention import apply_retention

        days = self.settings.storage.retention_days
        try:
            rep = apply_retention(self.url, days, data_dir=Path(self.settings.data_dir))
        except Exception as e:
            log.error("scheduled retention failed: %s", e)
            self.announce(
                Severity.HIGH,
                "ledger.retention_failed",
                f"scheduled retention failed ({type(e).__name__}: {e}); it is tried again in "
                f"{self.every_s / 3600:g} h, or run `sovren ledger retention` now",
                {"error": type(e).__name__},
            )
            return
        self.runs += 1
        self.announce(
            Severity.INFO,
            "ledger.retention",
            f"scheduled retention: {rep.summary()}",
            {"erasure_id": rep.erasure_id, **rep.counts, "audio_files": rep.files_removed},
        )

    def join(self, timeout: float = 30.0) -> None:
        if self._thread is not None:
            self._thread.join(timeout)
