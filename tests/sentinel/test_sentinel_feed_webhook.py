"""The signed webhook: a real local HTTP server receives alerts and verifies their HMAC; retries and refusals."""

from __future__ import annotations

import http.server
import threading
import time

import msgspec
import pytest

from agents.sentinel.delivery import DeliveryWorker
from agents.sentinel.webhook import (
    SECRET_ENV,
    WebhookConfigError,
    WebhookSender,
    secret_from_env,
    sign,
    verify,
)
from ipc.messages import Alert, Severity

SECRET = b"test-secret-0123456789abcdef"


class Receiver:
    """A local webhook receiver: answers with the scripted statuses, records every request."""

    def __init__(self, statuses=(200,), hold: threading.Event | None = None):
        self.requests: list[tuple[dict, bytes]] = []
        self.statuses = list(statuses)
        self.hold = hold
        self.got = threading.Event()
        rec = self

        class H(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                rec.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                rec.got.set()
                if rec.hold is not None:
                    rec.hold.wait(10)
                status = rec.statuses.pop(0) if len(rec.statuses) > 1 else rec.statuses[0]
                self.send_response(status)
                if status == 429:
                    self.send_header("Retry-After", "0")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *a):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"

    def close(self):
        if self.hold is not None:
            self.hold.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver_factory():
    made = []

    def make(**kw):
        r = Receiver(**kw)
        made.append(r)
        return r

    yield make
    for r in made:
        r.close()


def _alert(i=0):
    return Alert(
        alert_id=f"a{i}",
        severity=Severity.HIGH,
        category="prompt_injection",
        message="prompt injection attempt on call c1: override_instructions",
        evidence={"call_id": "c1", "rules": ["override_instructions"]},
    )


def test_webhook_received_with_verifiable_signature(receiver_factory):
    rx = receiver_factory()
    sender = WebhookSender(rx.url, SECRET, retries=0)
    try:
        sender.deliver(_alert(1), threading.Event())
    finally:
        sender.close()
    (headers, body) = rx.requests[0]
    assert verify(SECRET, headers["x-sovren-timestamp"], headers["x-sovren-signature"], body)
    assert headers["x-sovren-signature"].startswith("sha256=")
    assert headers["x-sovren-alert-id"] == "a1"
    d = msgspec.json.decode(body)
    assert d["alert_id"] == "a1" and d["severity"] == "HIGH" and d["category"] == "prompt_injection"
    # a tampered body, a wrong secret, a stale timestamp or a garbage timestamp do not verify
    assert not verify(
        SECRET, headers["x-sovren-timestamp"], headers["x-sovren-signature"], body + b" "
    )
    assert not verify(
        b"other-secret-xxxxxxxx", headers["x-sovren-timestamp"], headers["x-sovren-signature"], body
    )
    assert not verify(
        SECRET,
        headers["x-sovren-timestamp"],
        headers["x-sovren-signature"],
        body,
        now=time.time() + 3600,
    )
    assert not verify(SECRET, "yesterday", headers["x-sovren-signature"], body)


def test_signature_binds_the_timestamp():
    body = b'{"a":1}'
    assert sign(SECRET, 1000, body) != sign(SECRET, 1001, body)
    assert verify(SECRET, "1000", sign(SECRET, 1000, body), body, now=1000)
    assert not verify(
        SECRET, "1001", sign(SECRET, 1000, body), body, now=1001
    )  # replay with a new time


def test_retries_with_backoff_until_delivered(receiver_factory):
    rx = receiver_factory(statuses=(503, 429, 200))
    sender = WebhookSender(rx.url, SECRET, retries=4, backoff_s=0.01)
    try:
        sender.deliver(_alert(2), threading.Event())
    finally:
        sender.close()
    assert len(rx.requests) == 3
    # each attempt is signed afresh and verifies
    assert all(
        verify(SECRET, h["x-sovren-timestamp"], h["x-sovren-signature"], b) for h, b in rx.requests
    )


def test_final_4xx_is_not_retried(receiver_factory):
    rx = receiver_factory(statuses=(400,))
    sender = WebhookSender(rx.url, SECRET, retries=4, backoff_s=0.01)
    try:
        with pytest.raises(Exception, match="answered 400"):
            sender.deliver(_alert(3), threading.Event())
    finally:
        sender.close()
    assert len(rx.requests) == 1


def test_unreachable_receiver_gives_up_after_retries():
    sender = WebhookSender(
        "http://127.0.0.1:9/hook", SECRET, retries=2, backoff_s=0.01, timeout_s=0.5
    )
    try:
        with pytest.raises(RuntimeError, match="failed after 3 attempts"):
            sender.deliver(_alert(4), threading.Event())
    finally:
        sender.close()


def test_worker_never_blocks_the_caller(receiver_factory):
    hold = threading.Event()
    rx = receiver_factory(hold=hold)
    sender = WebhookSender(rx.url, SECRET, retries=0)
    w = DeliveryWorker("webhook", sender.deliver, maxsize=2)
    try:
        assert w.submit(_alert(5))
        assert rx.got.wait(5)  # the receiver holds the first request open...
        assert w.submit(_alert(6)) and w.submit(_alert(7))  # ...the caller still hands over
        assert not w.submit(_alert(8))  # queue full: dropped and counted, not waited for
        assert w.dropped == 1 and w.delivered == 0
        hold.set()
        assert w.flush(5)
        assert w.delivered == 3
    finally:
        w.close(2)
        sender.close()


def test_secret_must_come_from_the_environment(monkeypatch):
    monkeypatch.delenv(SECRET_ENV, raising=False)
    with pytest.raises(WebhookConfigError, match=SECRET_ENV) as e:
        secret_from_env()
    assert e.value.user_facing
    monkeypatch.setenv(SECRET_ENV, "short")
    with pytest.raises(WebhookConfigError, match="too short"):
        secret_from_env()
    monkeypatch.setenv(SECRET_ENV, "x" * 32)
    assert secret_from_env() == b"x" * 32


def test_bad_url_is_refused():
    with pytest.raises(WebhookConfigError, match="must start with http"):
        WebhookSender("ftp://example/hook", SECRET)


def test_close_cuts_pending_retries_short(receiver_factory):
    rx = receiver_factory(statuses=(503,))
    sender = WebhookSender(rx.url, SECRET, retries=50, backoff_s=5.0, max_backoff_s=5.0)
    failed = []
    w = DeliveryWorker("webhook", sender.deliver, on_done=lambda ok: failed.append(not ok))
    try:
        w.submit(_alert(9))
        assert rx.got.wait(5)
        w.close(timeout=0.5)  # the worker is sleeping between retries: stop wakes it
        w._thread.join(5)
        assert not w._thread.is_alive()
        assert failed == [True] and w.failed == 1
        assert len(rx.requests) < 50
        assert not w.submit(_alert(10)) and w.dropped == 1  # a stopped worker takes nothing
    finally:
        sender.close()


def test_a_dead_receiver_costs_one_attempt_per_alert_until_it_recovers(receiver_factory):
    rx = receiver_factory(statuses=(503, 503, 503, 503, 503, 200))
    sender = WebhookSender(rx.url, SECRET, retries=2, backoff_s=0.01)
    stop = threading.Event()
    try:
        with pytest.raises(RuntimeError, match="after 3 attempts"):
            sender.deliver(_alert(20), stop)  # 3 attempts: 503 x3
        assert sender.receiver_down
        with pytest.raises(RuntimeError, match="after 1 attempts"):
            sender.deliver(_alert(21), stop)  # down: a single attempt (503)
        with pytest.raises(RuntimeError, match="after 1 attempts"):
            sender.deliver(_alert(22), stop)  # 503
        sender.deliver(_alert(23), stop)  # 200: back up
        assert not sender.receiver_down
        assert [h["x-sovren-alert-id"] for h, _ in rx.requests] == ["a20"] * 3 + [
            "a21",
            "a22",
            "a23",
        ]
    finally:
        sender.close()
