"""The front-desk console (read by runtime/console/; docs/console.md).

Why off by default: it is a web server, i.e. a door; a hotel opens it on purpose
(``console.enabled: true`` makes ``sovren up`` serve it, ``sovren console`` serves
it on demand against a running runtime). It costs one idle process (~60 MB) and
listens on loopback only unless ``host`` says otherwise; TLS belongs to a reverse
proxy in front of it (docs/console.md).
"""

from pydantic import BaseModel, Field


class ConsoleConfig(BaseModel):
    model_config = {"extra": "forbid"}

    # Served by `sovren up` as a process of its own (never inside an agent).
    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = Field(8470, ge=1, le=65535)
    # The Secure flag on the session cookie: browsers then send it over HTTPS only.
    # Turn off only for plain http on this machine (a browser on 127.0.0.1/localhost).
    cookie_secure: bool = True
    # A session ends after this long without a request, and at most after session_max_hours.
    session_idle_minutes: int = Field(60, ge=1, le=7 * 24 * 60)
    session_max_hours: int = Field(12, ge=1, le=24 * 30)
    # Login rate limit: this many failed attempts per account name or per address within
    # login_window_s, then every attempt is refused until the window has passed.
    login_max_failures: int = Field(5, ge=1, le=1000)
    login_window_s: int = Field(300, ge=10, le=86_400)
    # History: calls per page (the benchmark measures a page of 10,000).
    page_size: int = Field(50, ge=1, le=10_000)
    # Live view: a call without an end that started longer ago than this is not "live"
    # (a runtime that died mid-call leaves such rows behind).
    live_max_age_minutes: int = Field(120, ge=1)
    # How often the agents' health (stats blocks, read-only) is pushed to open pages.
    health_interval_s: float = Field(2.0, ge=0.2, le=60)
    # Ledger changes are gathered this long before open pages are told (one fetch of the
    # changed calls' cards per page and interval, however many calls changed).
    live_interval_s: float = Field(1.0, ge=0.05, le=30)
    # CPU priority of the console's process (nice increment, 0-19): the agents come first.
    nice: int = Field(10, ge=0, le=19)
    # Reverse proxies whose X-Forwarded-For is believed (the login rate limit and the
    # audit trail then see the browser's address); empty: none.
    trusted_proxies: list[str] = Field(default_factory=list)


def console_password_from_env() -> str | None:
    """``sovren console user add|password`` reads the new password from SOVREN_CONSOLE_PASSWORD
    when it is set (scripts, CI), else asks on the terminal; never from an argument, which
    would land in the shell history and the process list."""
    from config.environment import environment

    v = environment().console_password
    return v.get_secret_value() if v is not None else None
