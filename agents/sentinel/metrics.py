"""Prometheus counters for the alert feed, and a registry others can add their own counters to.

Why an explicit registry object instead of prometheus_client's global default:
the project allows no global state beyond configuration, and tests run several
endpoints in one process. Whoever owns the process (the SENTINEL agent) creates
one ``Metrics``, passes it to the parts that count, and starts the HTTP endpoint
when ``sentinel.metrics_port`` is not 0.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, start_http_server

from config.errors import SovrenError
from ipc.messages import Alert, Severity


class MetricsPortError(SovrenError, RuntimeError):
    """The Prometheus endpoint cannot listen on the configured port."""

    code = "metrics_port"
    next_step = "choose another sentinel.metrics_port (0 switches the endpoint off)"


class Metrics:
    def __init__(self, registry: CollectorRegistry | None = None):
        self.registry = registry or CollectorRegistry(auto_describe=True)
        self._lock = threading.Lock()  # guards _metrics: counters may be registered from any thread
        self._metrics: dict[str, Any] = {}
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self.alerts = self.counter(
            "sovren_alerts", "SENTINEL alerts raised", ("severity", "category")
        )
        self.feed_dropped = self.counter(
            "sovren_alert_feed_dropped",
            "Alerts a feed sink dropped (queue full or stopped)",
            ("sink", "reason"),
        )
        self.feed_failed = self.counter(
            "sovren_alert_feed_failed",
            "Alerts a feed sink could not deliver after its retries",
            ("sink",),
        )
        self.feed_delivered = self.counter(
            "sovren_alert_feed_delivered", "Alerts delivered per sink", ("sink",)
        )

    def counter(self, name: str, documentation: str, labelnames: Sequence[str] = ()) -> Counter:
        """Register (or get the already registered) counter ``name``; exposed as ``<name>_total``."""
        return self._get(Counter, name, documentation, labelnames)

    def gauge(self, name: str, documentation: str, labelnames: Sequence[str] = ()) -> Gauge:
        return self._get(Gauge, name, documentation, labelnames)

    def _get(self, kind: type, name: str, documentation: str, labelnames: Sequence[str]) -> Any:
        with self._lock:
            existing = self._metrics.get(name)
            if existing is not None:
                if not isinstance(existing, kind) or tuple(existing._labelnames) != tuple(
                    labelnames
                ):
                    raise ValueError(
                        f"metric {name!r} is already registered with another type or labels"
                    )
                return existing
            m = kind(name, documentation, labelnames=tuple(labelnames), registry=self.registry)
            self._metrics[name] = m
            return m

    def count_alert(self, alert: Alert) -> None:
        self.alerts.labels(severity=Severity(alert.severity).name, category=alert.category).inc()

    def serve(self, port: int, host: str = "127.0.0.1") -> int:
        """Start the /metrics HTTP endpoint (a daemon thread); returns the bound port (port 0 is refused:
        in configuration 0 means "off", so callers check that before calling)."""
        if port <= 0:
            raise ValueError(
                "metrics port must be > 0 (sentinel.metrics_port = 0 means the endpoint is off)"
            )
        if self._server is not None:
            raise RuntimeError("metrics endpoint already running")
        try:
            self._server, self._thread = start_http_server(port, addr=host, registry=self.registry)
        except OSError as e:
            raise MetricsPortError(
                f"cannot serve metrics on {host}:{port}: {e.strerror or e}"
            ) from e
        return self._server.server_port

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
            if self._thread is not None:
                self._thread.join(2)
