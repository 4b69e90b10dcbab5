"""Two runtimes behind Kamailio sharing one PostgreSQL: calls spread, a dead one skipped, no double sale.

Two ``sovren up`` processes (instance names, data folders and SIP ports of their own,
one ``SOVREN_DATABASE_URL``) and Kamailio with docs/telephony/kamailio.cfg in front,
as docs/telephony.md sets it up. The hotel has one room left to sell (one double
room, every other type sold out), so "not sold again" is the PMS's answer, not luck.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import numpy as np
import psycopg
import pytest
import yaml

from tests.telephony.sipkit import (
    Baresip,
    free_port,
    kamailio,
    rows_of,
    run_sipp,
    talk,
    ua_status,
    ulaw_wav,
    write_wav_8k,
)

pytestmark = pytest.mark.timeout(1800)
REPO = Path(__file__).resolve().parents[2]
BOOKING = (
    "I'd like to book a double room for two people from December 10th for two nights.",
    "My name is Anna Weber.",
    "Yes, please book it.",
)


class Up:
    """One ``sovren up`` in its own process group (a host of its own, as far as SIGKILL goes)."""

    def __init__(self, root: Path, name: str, site: Path, url: str):
        self.instance = f"{name}{uuid.uuid4().hex[:6]}"
        self.data = root / name
        self.site = site
        self.port = yaml.safe_load(site.read_text())["telephony"]["listen_port"]
        env = {**os.environ, "PYTHONPATH": str(REPO), "SOVREN_DATA_DIR": str(self.data),
               "SOVREN_INSTANCE": self.instance, "SOVREN_DATABASE_URL": url}  # fmt: skip
        env.pop("SOVREN_CONFIG", None)
        self.log = root / f"{name}.log"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "runtime.cli", "up", "--config", str(site)],
            env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            start_new_session=True,
        )  # fmt: skip
        self.lines: list[str] = []
        self.up = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        with open(self.log, "w") as f:
            for line in self.proc.stderr:
                self.lines.append(line)
                f.write(line)
                f.flush()
                if "is up; Ctrl-C stops it" in line:
                    self.up.set()

    def wait_up(self, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while not self.up.wait(1.0):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{self.instance} did not come up:\n{''.join(self.lines)}")

    @property
    def state_dir(self) -> Path:
        return self.data / "run" / self.instance

    def answered(self) -> int:
        return ua_status(self.state_dir)["counters"]["answered"]

    def kill(self) -> None:
        """SIGKILL to every process of this runtime at once, as when its host loses power
        (its agents and user agents run in sessions of their own: found by parentage)."""
        import psutil

        top = psutil.Process(self.proc.pid)
        procs = [top, *top.children(recursive=True)]
        for p in procs:
            with contextlib.suppress(psutil.NoSuchProcess):
                p.send_signal(signal.SIGKILL)
        psutil.wait_procs(procs[1:], timeout=30)
        self.proc.wait()
        for seg in Path("/dev/shm").glob(f"*{self.instance}*"):
            seg.unlink(missing_ok=True)  # what a dead host leaves nowhere else

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)  # Ctrl-C
            try:
                self.proc.wait(120)
            except subprocess.TimeoutExpired:
                self.kill()


def _site(tmp: Path, name: str, tiny_path: Path) -> Path:
    """The demo hotel with one double room and nothing else to sell; this runtime's SIP port."""
    demo = yaml.safe_load((REPO / "config" / "sites" / "demo.yaml").read_text())
    for rt in demo["hotel"]["room_types"]:
        rt["count"] = 1 if rt["code"] == "DBL" else 0
    demo["hotel"]["simulated_date"] = "2026-03-02"
    demo["media"] = {**demo.get("media", {}), "whisper_model": str(tiny_path),
                     "asr_max_utterance_s": 8.0}  # fmt: skip
    demo["ops"] = {**demo.get("ops", {}), "cpu_high_percent": 100}  # see voice_testkit
    demo["telephony"] = {"enabled": True, "listen_port": free_port(4), "max_calls": 4,
                         "transports": ["udp"], "silence_prompt_s": 30.0}  # fmt: skip
    path = tmp / f"{name}.yaml"
    path.write_text(yaml.safe_dump(demo, allow_unicode=True))
    return path


@pytest.fixture(scope="module")
def pair(pg_cluster, tmp_path_factory, tiny_path):
    name = f"fo_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = pg_cluster.url(name)
    root = tmp_path_factory.mktemp("failover")
    a = Up(root, "a", _site(root, "a", tiny_path), url)
    a.wait_up()  # one after the other: the first applies the migrations and seeds the PMS
    b = Up(root, "b", _site(root, "b", tiny_path), url)
    try:
        b.wait_up()
        yield a, b, url
    finally:
        for up in (a, b):
            up.stop()
        with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def proxy(pair, tmp_path_factory):
    a, b, _ = pair
    tmp = tmp_path_factory.mktemp("kamailio")
    port = free_port()
    proc = kamailio(tmp, port, [a.port, b.port])
    yield port, tmp
    proc.terminate()
    proc.wait(10)


def _book(up: Up, callers, tmp: Path, name: str) -> None:
    quiet = write_wav_8k(tmp / f"quiet-{name}.wav", np.zeros(16000, np.float32), tail_s=600.0)
    phone = Baresip(tmp, name, wav=quiet)
    try:
        phone.dial(f"sip:sovren@127.0.0.1:{up.port}")
        phone.wait_event("CALL_ESTABLISHED", 60)
        talk(up.state_dir, phone, callers, tmp / name, BOOKING)
        phone.hangup()
        phone.wait_event("CALL_CLOSED", 10)
    finally:
        phone.close()


def test_calls_through_kamailio_are_spread_over_both_runtimes(pair, proxy, callers, tmp_path):
    a, b, _ = pair
    port, _ = proxy
    before = a.answered(), b.answered()
    sipp = run_sipp(tmp_path, port, ulaw_wav(callers, tmp_path), calls=4, hold_ms=4000)
    assert sipp.returncode == 0, (sipp.stdout[-3000:], sipp.stderr[-2000:])
    time.sleep(1.2)  # the status files are rewritten once a second
    got = a.answered() - before[0], b.answered() - before[1]
    assert sum(got) == 4 and min(got) >= 1, got  # round-robin: both took calls


def test_a_room_booked_through_one_runtime_is_not_sold_again_through_the_other(
    pair, callers, tmp_path
):
    a, b, url = pair
    (tmp_path / "ga").mkdir()
    (tmp_path / "gb").mkdir()
    _book(a, callers, tmp_path, "ga")
    sold = rows_of(url, "SELECT result FROM results WHERE action = 'pms.create' AND ok", ())
    assert len(sold) == 1, sold  # the last room, sold through runtime a
    with psycopg.connect(url) as conn:
        t0 = conn.execute("SELECT now()").fetchone()[0]
    answered_b = b.answered()
    _book(b, callers, tmp_path, "gb")
    assert b.answered() == answered_b + 1  # that call was runtime b's
    asked = rows_of(
        url,
        "SELECT result FROM results WHERE action = 'pms.availability' AND created_at > %s",
        (t0,),
    )
    assert asked, "runtime b never asked the shared PMS"
    with psycopg.connect(url) as conn:
        creates = conn.execute(
            "SELECT count(*) FROM results WHERE action = 'pms.create' AND ok"
        ).fetchone()[0]
        booked = conn.execute(
            "SELECT count(*) FROM pms_local.reservations WHERE status <> 'cancelled'"
        ).fetchone()[0]
    assert (creates, booked) == (1, 1)


def test_a_killed_runtime_is_skipped_within_the_probing_interval(pair, proxy, callers, tmp_path):
    a, b, _ = pair
    port, _ = proxy
    a.kill()
    # a's address now belongs to a listener that records what Kamailio still sends there
    # and answers nothing (a dead host): the OPTIONS probes, and no INVITE once a is inactive
    heard: list[str] = []
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", a.port))
    sock.settimeout(0.2)
    stop = threading.Event()

    def listen():
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                heard.append(sock.recv(65536).decode(errors="replace").split(" ", 1)[0])

    t = threading.Thread(target=listen, daemon=True)
    t.start()
    try:
        deadline = time.monotonic() + 30
        while "OPTIONS" not in heard and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "OPTIONS" in heard, heard  # the dispatcher probes (every 2 s)
        # an unanswered probe times out (tm fr_timer, 4 s) and marks the destination inactive
        time.sleep(5.0)
        invites_before = heard.count("INVITE")
        before = b.answered()
        sipp = run_sipp(tmp_path, port, ulaw_wav(callers, tmp_path), calls=3, hold_ms=3000)
        assert sipp.returncode == 0, (sipp.stdout[-3000:], sipp.stderr[-2000:])
        time.sleep(1.2)
        assert b.answered() - before == 3  # every new call went to the living runtime
        assert heard.count("INVITE") == invites_before, heard  # and none to the dead one first
    finally:
        stop.set()
        t.join()
        sock.close()
