"""Serve the console with uvicorn: ``sovren console`` in the foreground, or a child of ``sovren up``.

Why a process of its own under ``sovren up``: the console must never slow the
agents, so it does not share a process (or a GIL) with any of them; the
supervisor starts it with its exact settings on stdin, as it starts the agents
(``python -m runtime.console.server``), and stops it with them.
"""

from __future__ import annotations

import json
import sys

from runtime.console.errors import ConsoleError, MissingDependency


def serve(
    settings, url: str, *, host: str | None = None, port: int | None = None, quiet=False
) -> None:
    try:
        import uvicorn
    except ImportError:
        raise MissingDependency("uvicorn is not installed") from None
    from runtime.console.app import build_app

    cfg = settings.console
    host, port = host or cfg.host, port or cfg.port
    if cfg.nice:
        import os

        os.nice(cfg.nice)  # the agents come first: the console yields the CPU to them
    app = build_app(settings, url)
    if not quiet:
        scheme = "http"
        print(
            f"[sovren] console on {scheme}://{host}:{port}/ (Ctrl-C stops it)",
            file=sys.stderr,
            flush=True,
        )
        if cfg.cookie_secure and host in ("127.0.0.1", "localhost", "::1"):
            print(
                "[sovren] note: console.cookie_secure is on; browsers accept its cookie over plain "
                "http only on localhost/127.0.0.1; behind a TLS proxy that is what you want",
                file=sys.stderr,
            )
    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", access_log=False, lifespan="on",
        ws="websockets", proxy_headers=False, server_header=False,
        # open live pages hold their event streams forever: do not wait for them at stop
        timeout_graceful_shutdown=2,
    )  # fmt: skip
    server = uvicorn.Server(config)
    try:
        server.run()
    except SystemExit as e:  # uvicorn exits when it cannot bind
        raise ConsoleError(
            f"the console cannot listen on {host}:{port}",
            next_step="choose a free port: console.port in the site file or SOVREN_CONSOLE__PORT",
        ) from e


def main() -> int:
    """Child of the supervisor: settings dump and database URL as one JSON object on stdin."""
    from config.settings import settings_from_dump

    boot = json.loads(sys.stdin.read())
    settings = settings_from_dump(boot["settings"], boot.get("config_file") or None)
    serve(settings, boot["database_url"], quiet=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
