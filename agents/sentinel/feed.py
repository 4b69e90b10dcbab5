"""The alert feed: one ``publish`` fans an alert out to metrics, LISTEN/NOTIFY and the webhook, never blocking.

Why a fan-out object: the SENTINEL agent (and executors reporting refusals)
should hand over an alert in microseconds and move on; each sink has its own
queue and worker (delivery.py), so a slow webhook never delays NOTIFY and
neither ever delays the agent. Storing alerts is the ledger's job (ledger/);
the feed only announces them.
"""

from __future__ import annotations

import logging
from typing import Any

from agents.sentinel.delivery import DeliveryWorker
from agents.sentinel.metrics import Metrics
from agents.sentinel.notify import NotifyPublisher
from agents.sentinel.webhook import WebhookSender, secret_from_env
from ipc.messages import Alert

log = logging.getLogger(__name__)


class AlertFeed:
    def __init__(
        self,
        settings: Any,
        dsn: str | None = None,
        metrics: Metrics | None = None,
        *,
        serve_metrics: bool = True,
    ):
        """``dsn``: the ledger's PostgreSQL (None: no NOTIFY). The webhook is on when
        ``sentinel.webhook_url`` is set (its secret must then be in the environment);
        the metrics endpoint when ``sentinel.metrics_port`` is not 0 and ``serve_metrics``."""
        cfg = getattr(settings, "sentinel", settings)
        self.cfg = cfg
        self.metrics = metrics or Metrics()
        self.metrics_port: int | None = None
        self._workers: dict[str, DeliveryWorker[Alert]] = {}
        self._publisher: NotifyPublisher | None = None
        self._webhook: WebhookSender | None = None
        if cfg.webhook_url:
            self._webhook = WebhookSender(
                cfg.webhook_url,
                secret_from_env(),
                timeout_s=cfg.webhook_timeout_s,
                retries=cfg.webhook_retries,
                backoff_s=cfg.webhook_backoff_s,
                max_backoff_s=cfg.webhook_max_backoff_s,
            )
            self._add("webhook", self._webhook.deliver)
        if dsn:
            self._publisher = NotifyPublisher(dsn, cfg.notify_channel)
            self._add("notify", self._publisher.deliver)
        if serve_metrics and cfg.metrics_port:
            self.metrics_port = self.metrics.serve(cfg.metrics_port, cfg.metrics_host)

    def _add(self, sink: str, deliver) -> None:
        m = self.metrics

        def on_done(ok: bool) -> None:
            (m.feed_delivered if ok else m.feed_failed).labels(sink=sink).inc()

        self._workers[sink] = DeliveryWorker(
            sink,
            deliver,
            maxsize=self.cfg.feed_queue_max,
            on_drop=lambda reason: m.feed_dropped.labels(sink=sink, reason=reason).inc(),
            on_done=on_done,
        )

    @property
    def sinks(self) -> tuple[str, ...]:
        return tuple(self._workers)

    def publish(self, alert: Alert) -> None:
        """Count and hand over to every sink; returns at once."""
        self.metrics.count_alert(alert)
        for w in self._workers.values():
            w.submit(alert)

    def publish_all(self, alerts) -> None:
        for a in alerts:
            self.publish(a)

    def flush(self, timeout: float = 5.0) -> bool:
        return all(w.flush(timeout) for w in self._workers.values())

    def close(self, timeout: float = 5.0) -> None:
        """Deliver what is queued (bounded by ``timeout`` per sink), then release connections and the endpoint."""
        for w in self._workers.values():
            w.close(timeout)
        if self._publisher:
            self._publisher.close()
        if self._webhook:
            self._webhook.close()
        self.metrics.close()
