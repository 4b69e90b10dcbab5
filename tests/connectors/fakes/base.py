"""What every fake vendor server shares: a real HTTP server in a thread, a hotel, faults.

Why stdlib ``http.server``: it is a real socket server (httpx talks to it over
TCP like to the vendor), needs no dependency, and lets a handler do what a
broken network does — stall past the client's timeout, or commit a write and
then drop the connection without answering (the "unknown outcome" case).

Concurrency: the server runs its own threads; ``FakeHotel`` state and the fault
queue are guarded by one lock.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

DEFAULT_ROOM_TYPES = [
    {"code": "DBL", "name": "Double room", "count": 10, "max_guests": 2, "rate": "129.00"},
    {"code": "TWN", "name": "Twin room", "count": 6, "max_guests": 2, "rate": "129.00"},
    {"code": "SUI", "name": "Suite", "count": 2, "max_guests": 4, "rate": "289.00"},
]


def room_dict(rt: Any) -> dict[str, Any]:
    """The fake's inventory row for a room type: a plain dict, or the typed hotel config's RoomType."""
    if isinstance(rt, dict):
        return dict(rt)
    return {
        "code": rt.code,
        "name": rt.display_name("en"),
        "count": rt.count,
        "max_guests": rt.max_guests,
        "rate": str(rt.rate),
    }


def typed_rooms(rows: list[dict[str, Any]]) -> list[Any]:
    """DEFAULT_ROOM_TYPES as the hotel config's RoomType models (what adapters take)."""
    from config.sections.hotel import RoomType

    return [
        RoomType(
            code=r["code"],
            name={"en": r["name"]},
            count=r["count"],
            max_guests=r["max_guests"],
            rate=r["rate"],
        )  # fmt: skip
        for r in rows
    ]


class NoRoom(Exception):
    pass


@dataclass
class Stay:
    """One reservation as the fake hotel keeps it (each fake renders it in its own format)."""

    id: str
    confirmation: str
    room_type: str
    rate_plan: str
    arrival: date
    departure: date
    adults: int
    children: int
    first_name: str
    last_name: str
    email: str | None
    phone: str | None
    total: Decimal
    status: str = "confirmed"  # confirmed | cancelled | checked_in | checked_out | no_show
    external_ref: str | None = None
    created: float = field(default_factory=time.time)
    extra: dict[str, Any] = field(default_factory=dict)


class FakeHotel:
    """Inventory and reservations; availability = rooms of a type minus overlapping stays."""

    def __init__(self, room_types: list[Any] | None = None, currency: str = "EUR"):
        self.currency = currency
        self.room_types = {r["code"]: r for r in map(room_dict, room_types or DEFAULT_ROOM_TYPES)}
        self.stays: dict[str, Stay] = {}
        self.lock = threading.RLock()
        self._seq = 0

    def next_number(self) -> int:
        with self.lock:
            self._seq += 1
            return self._seq

    def rate(self, code: str) -> Decimal:
        return Decimal(str(self.room_types[code]["rate"]))

    def price(self, code: str, arrival: date, departure: date) -> Decimal:
        return self.rate(code) * (departure - arrival).days

    def available(
        self, code: str, arrival: date, departure: date, *, ignore: str | None = None
    ) -> int:
        with self.lock:
            worst = self.room_types[code]["count"]
            day = arrival
            while day < departure:
                used = sum(
                    1
                    for s in self.stays.values()
                    if s.id != ignore
                    and s.room_type == code
                    and s.status in ("confirmed", "checked_in")
                    and s.arrival <= day < s.departure
                )
                worst = min(worst, self.room_types[code]["count"] - used)
                day += timedelta(days=1)
            return worst

    def book(self, stay: Stay) -> Stay:
        with self.lock:
            if stay.room_type not in self.room_types:
                raise NoRoom(f"unknown room type {stay.room_type}")
            if stay.adults + stay.children > self.room_types[stay.room_type]["max_guests"]:
                raise NoRoom("too many guests for the room type")
            if self.available(stay.room_type, stay.arrival, stay.departure) < 1:
                raise NoRoom("no room left")
            self.stays[stay.id] = stay
            return stay

    def move(self, stay: Stay, arrival: date, departure: date, adults: int | None) -> Stay:
        with self.lock:
            if self.available(stay.room_type, arrival, departure, ignore=stay.id) < 1:
                raise NoRoom("no room left for the new dates")
            stay.arrival, stay.departure = arrival, departure
            if adults is not None:
                stay.adults = adults
            stay.total = self.price(stay.room_type, arrival, departure)
            return stay

    def find(self, key: str) -> Stay | None:
        with self.lock:
            if key in self.stays:
                return self.stays[key]
            for s in self.stays.values():
                if s.confirmation == key:
                    return s
            return None


@dataclass
class Fault:
    kind: str  # status | delay | drop_after_commit | malformed
    times: int = 1
    status: int = 503
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    match: str | None = None  # substring of "METHOD path" (or of the body, for SOAP)


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def q(self, name: str, default: str | None = None) -> str | None:
        vals = self.query.get(name)
        return vals[0] if vals else default

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def form(self) -> dict[str, list[str]]:
        return parse_qs(self.body.decode(), keep_blank_values=True)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
        return cls(
            status,
            json.dumps(payload, default=str).encode(),
            {"Content-Type": "application/json; charset=utf-8", **(headers or {})},
        )


class FakeVendorServer:
    """Subclasses implement ``route(req) -> Response`` in their vendor's wire format."""

    vendor = "fake"

    def __init__(self, hotel: FakeHotel | None = None, *, token_ttl_s: float = 3600.0):
        self.hotel = hotel or FakeHotel()
        self.token_ttl_s = token_ttl_s
        self.tokens: dict[str, float] = {}  # token -> expiry (monotonic)
        self.token_requests = 0
        self.requests: list[tuple[str, str]] = []
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------
    @property
    def url(self) -> str:
        assert self._server is not None, "server not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeVendorServer:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Buffer the response so headers and body leave in one segment (flushed by
            # handle_one_request); unbuffered writes meet Nagle + delayed ACK (~40 ms).
            wbufsize = 64 * 1024

            def log_message(self, *args):  # keep test output quiet
                pass

            def setup(self):
                super().setup()
                # headers and body go out in separate writes: without NODELAY, Nagle and
                # delayed ACKs add ~40 ms to every keep-alive response.
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def _handle(self):
                fake._serve(self)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                # A client that timed out and hung up is part of the faults we inject.
                exc = sys.exc_info()[1]
                if not isinstance(exc, ConnectionError):
                    super().handle_error(request, client_address)

        self._server = Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name=f"fake-{self.vendor}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeVendorServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- faults --------------------------------------------------------------
    def add_fault(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def fail_next(
        self, n: int = 1, status: int = 503, *, body: bytes = b"", headers=None, match=None
    ):
        self.add_fault(Fault("status", n, status, body, dict(headers or {}), match=match))

    def throttle_next(self, n: int = 1, retry_after: str = "0", *, match=None):
        self.add_fault(Fault("status", n, 429, b"", {"Retry-After": retry_after}, match=match))

    def delay_next(self, seconds: float, n: int = 1, *, match=None):
        self.add_fault(Fault("delay", n, seconds=seconds, match=match))

    def drop_after_commit_next(self, n: int = 1, *, match=None):
        self.add_fault(Fault("drop_after_commit", n, match=match))

    def malformed_next(self, body: bytes, n: int = 1, *, status: int = 200, match=None):
        self.add_fault(Fault("malformed", n, status, body, match=match))

    def expire_tokens(self) -> None:
        """Every issued token is now expired (the vendor will answer 401)."""
        with self._lock:
            for t in self.tokens:
                self.tokens[t] = 0.0

    def _take_fault(self, req: Request) -> Fault | None:
        where = f"{req.method} {req.path} " + req.body[:4000].decode("utf-8", "replace")
        with self._lock:
            for f in self._faults:
                if f.match is None or f.match in where:
                    f.times -= 1
                    if f.times <= 0:
                        self._faults.remove(f)
                    return f
        return None

    # -- tokens --------------------------------------------------------------
    def issue_token(self) -> tuple[str, int]:
        token = secrets.token_urlsafe(24)
        with self._lock:
            self.tokens[token] = time.monotonic() + self.token_ttl_s
            self.token_requests += 1
        return token, int(self.token_ttl_s)

    def bearer_ok(self, req: Request) -> bool:
        auth = req.header("authorization") or ""
        if not auth.startswith("Bearer "):
            return False
        with self._lock:
            exp = self.tokens.get(auth[7:])
        return exp is not None and time.monotonic() < exp

    # -- serving -------------------------------------------------------------
    def route(self, req: Request) -> Response:  # pragma: no cover - abstract
        raise NotImplementedError

    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        parts = urlsplit(h.path)
        req = Request(
            h.command,
            parts.path,
            parse_qs(parts.query, keep_blank_values=True),
            {k.lower(): v for k, v in h.headers.items()},
            body,
        )
        with self._lock:
            self.requests.append((req.method, req.path))
        fault = self._take_fault(req)
        if fault is not None and fault.kind == "delay":
            time.sleep(fault.seconds)
            fault = None
        if fault is not None and fault.kind == "status":
            self._write(h, Response(fault.status, fault.body, fault.headers))
            return
        try:
            resp = self.route(req)
        except Exception as e:  # a bug in the fake must be visible, as a 500
            resp = Response.json(500, {"fake_error": repr(e)})
        if fault is not None and fault.kind == "drop_after_commit":
            # The vendor committed the write; the connection dies before the answer.
            h.close_connection = True
            with contextlib.suppress(OSError):
                h.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault is not None and fault.kind == "malformed":
            resp = Response(
                fault.status,
                fault.body,
                {"Content-Type": resp.headers.get("Content-Type", "application/json")},
            )
        self._write(h, resp)

    @staticmethod
    def _write(h: BaseHTTPRequestHandler, resp: Response) -> None:
        h.send_response(resp.status)
        for k, v in resp.headers.items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(resp.body)))
        h.end_headers()
        if resp.body:
            h.wfile.write(resp.body)
