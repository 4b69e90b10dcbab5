"""A real runtime serving the console (its own process, as under `sovren up`), accounts made
with the real CLI, and a real headless Chromium driven by Selenium through Debian's chromedriver.

One runtime and one browser per module: starting them is the expensive part. The runtime
hears with whisper tiny.en (the voice page test places a real audio call); text calls do not
load any model.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psycopg
import pytest

from ledger.chain import KEY_ENV
from tests.voice.voice_testkit import start_live_runtime

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "docs" / "console-screenshots"
PASSWORDS = {"mgr": "manager pass 0123", "desk": "reception pass 0123", "boss": "admin pass 01234"}
ROLES = {"mgr": "manager", "desk": "reception", "boss": "admin"}
CALLER = "+4915112345678"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ConsoleRuntime:
    """A started runtime (tests/voice/voice_testkit.py) seen from the console's side."""

    def __init__(self, live):
        self.settings = live.settings
        self.url = live.url
        self.sup = live.sup
        self.base = f"http://127.0.0.1:{live.settings.console.port}"

    def env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "SOVREN_INSTANCE": self.settings.instance,
            "SOVREN_DATA_DIR": str(self.settings.data_dir),
            "SOVREN_DATABASE_URL": self.url,
            **extra,
        }

    def sovren(self, *args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "runtime.cli", *args],
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )

    def sql(self, query: str, args: tuple = ()) -> list[tuple]:
        with psycopg.connect(self.url, autocommit=True) as conn:
            return conn.execute(query, args).fetchall()

    def wait_sql(self, query: str, args: tuple = (), *, timeout: float = 20) -> list[tuple]:
        """Rows of a ledger query, polled: the ledger writers are asynchronous."""
        deadline = time.monotonic() + timeout
        while True:
            rows = self.sql(query, args)
            if rows or time.monotonic() > deadline:
                return rows
            time.sleep(0.2)


@pytest.fixture(scope="module")
def rt(pg_cluster, tmp_path_factory, tiny_path):
    before = os.environ.get(KEY_ENV)
    os.environ[KEY_ENV] = before or secrets.token_hex(32)
    sections = {
        # recording on (off by default): the voice page's call is played back in its record
        "media": {
            "whisper_model": str(tiny_path),
            "asr_max_utterance_s": 8.0,
            "record_calls": True,
        },  # fmt: skip
        "hotel": {"simulated_date": "2026-03-02"},
        "console": {
            "enabled": True,
            "port": _free_port(),
            # plain http on 127.0.0.1 in the browser: the Secure flag is tested over HTTP
            "cookie_secure": False,
            "health_interval_s": 0.5,
            "login_max_failures": 3,
            "login_window_s": 60,
        },
    }
    try:
        with start_live_runtime(pg_cluster, tmp_path_factory, **sections) as live:
            r = ConsoleRuntime(live)
            deadline = time.monotonic() + 60
            while True:  # the console process binds its port after the runtime is up
                try:
                    if httpx.get(r.base + "/login", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the console did not answer; see {r.sup.console.log_path}")
                time.sleep(0.2)
            yield r
    finally:
        if before is None:
            os.environ.pop(KEY_ENV, None)


@pytest.fixture(scope="module")
def accounts(rt):
    for name, role in ROLES.items():
        r = rt.sovren("console", "user", "add", name, "--role", role,
                      SOVREN_CONSOLE_PASSWORD=PASSWORDS[name])  # fmt: skip
        assert r.returncode == 0, r.stderr
    return PASSWORDS


@pytest.fixture(scope="module")
def caller_wav(callers, model_cache):
    """A Piper-spoken question with a long silence after it (Chromium loops the file)."""
    import numpy as np

    from media.audio.wav import write_wav

    # the silence after the question outlasts a reply on a loaded host (else the next
    # loop would talk over it)
    x = callers.say("What time is check-in?", lead_s=0.5, tail_s=25.0)
    path = model_cache / "test-audio" / "console-fake-mic.wav"
    write_wav(path, x.astype(np.float32), 16000)
    return path


@pytest.fixture(scope="session")
def callers(model_cache):
    from media.audio.callers import CallerVoices

    return CallerVoices(model_cache / "test-audio")


def _chrome(user_data: Path, fake_mic: Path | None):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    for exe in ("chromium", "chromedriver"):
        if shutil.which(exe) is None:
            raise RuntimeError(
                f"{exe} is not installed: run bin/_bootstrap.sh as root, or "
                "`apt-get install chromium chromium-driver`"
            )
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium")
    for a in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
        f"--user-data-dir={user_data}",
        "--autoplay-policy=no-user-gesture-required",
    ):
        opts.add_argument(a)
    if fake_mic is not None:
        opts.add_argument("--use-fake-ui-for-media-stream")
        opts.add_argument("--use-fake-device-for-media-stream")
        opts.add_argument(f"--use-file-for-fake-audio-capture={fake_mic}")
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)


@pytest.fixture(scope="module")
def browser(tmp_path_factory, caller_wav):
    d = _chrome(tmp_path_factory.mktemp("chrome"), caller_wav)
    d.set_page_load_timeout(30)
    yield d
    d.quit()


def login(browser, rt, name: str) -> None:
    from selenium.webdriver.common.by import By

    browser.delete_all_cookies()
    browser.get(rt.base + "/login")
    browser.find_element(By.ID, "name").send_keys(name)
    browser.find_element(By.ID, "password").send_keys(PASSWORDS[name])
    browser.find_element(By.ID, "login-button").click()
    wait_for(lambda: "/login" not in browser.current_url, what=f"{name} logged in")


def wait_for(check, *, timeout: float = 20, what: str = "the condition"):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = check()
            if last:
                return last
        except Exception as e:  # the DOM changes under us: try again
            last = e
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what} (last: {last!r})")


def shot(browser, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def http_session(rt, name: str) -> tuple[httpx.Client, str]:
    """A logged-in HTTP client (for requests a browser would not make) and its CSRF token."""
    c = httpx.Client(base_url=rt.base, timeout=10)
    r = c.get("/login")
    tok = re.search(r'name="login_csrf" value="([^"]+)"', r.text).group(1)
    r = c.post("/login", data={"name": name, "password": PASSWORDS[name], "login_csrf": tok})
    assert r.status_code == 303, r.text
    page = c.get("/live").text
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    return c, csrf
