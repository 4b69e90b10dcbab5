"""What ``sovren up`` makes sure of before it says the runtime is up: free ports, a PMS.

Why before: a metrics port already in use used to end in a traceback in the
SENTINEL agent's log while ``up`` reported a healthy runtime; a PMS that
cannot be opened was found by the first caller who wanted a room. Both are
the operator's to fix, so ``up`` says so with the setting to change.
"""

from __future__ import annotations

import asyncio
import socket


def listen_ports(settings) -> list[tuple[str, str, int]]:
    """(setting, host, port) of every port the runtime listens on (0 = off is left out)."""
    out = []
    s = settings.sentinel
    if s.metrics_port:
        out.append(("sentinel.metrics_port", s.metrics_host, s.metrics_port))
    c = settings.console
    if c.enabled:
        out.append(("console.port", c.host, c.port))
    t = settings.telephony
    if t.enabled:  # SIP user agent i listens on listen_port + i (and tls.port + i)
        for i in range(t.processes):
            if "udp" in t.transports or "tcp" in t.transports:
                out.append(("telephony.listen_port", t.listen_address, t.listen_port + i))
            if "tls" in t.transports:
                out.append(("telephony.tls.port", t.listen_address, t.tls.port + i))
    return out


def port_free(host: str, port: int) -> bool:
    """Whether a listener could bind (host, port) now, TCP and UDP (SIP takes both)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        with socket.socket(family, kind) as sock:
            if kind == socket.SOCK_STREAM:  # as the HTTP server sets it
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind((host, port))
            except OSError:
                return False
    return True


def busy_ports(settings) -> list[str]:
    """One line per configured port that is taken, naming the setting to change."""
    lines = []
    for setting, host, port in listen_ports(settings):
        if not port_free(host, port):
            env = "SOVREN_" + setting.upper().replace(".", "__")
            lines.append(
                f"port {port} on {host} ({setting}) is already in use: stop what listens there, "
                f"or set {setting} to a free port (or 0 for off) in the site file or {env}"
            )
    return lines


def open_pms(settings, database_url: str | None, timeout_s: float | None = None) -> str | None:
    """Open and close the configured connector as ``sovren pms check`` does; None when it
    worked, else the reason in one line."""
    from connectors.factory import build_connector

    limit = timeout_s or max(15.0, 3 * settings.pms.timeout_s)

    async def probe() -> None:
        pms = build_connector(settings, database_url=database_url or None)
        try:
            await asyncio.wait_for(pms.open(), limit)
        finally:
            await pms.aclose()

    try:
        _run(probe())
    except TimeoutError:
        return f"no answer within {limit:.0f}s"
    except Exception as e:  # any failure is the operator's to read, in one line
        text = " ".join(str(e).split()) or type(e).__name__
        return f"{type(e).__name__}: {text}"[:400]
    return None


def _run(coro) -> None:
    """asyncio.run, also when the caller already runs an event loop (then in a thread)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(coro)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coro).result()
