"""A real runtime answering SIP: supervisor, seven processes, the SIP user agents, real models.

One runtime per module, on a database of its own, with unique ports and instance name,
so the telephony tests never collide with another test run on the host.
"""

from __future__ import annotations

import threading
import uuid

import psycopg
import pytest

from config import load_settings
from runtime.supervisor import Supervisor


class SipRuntime:
    def __init__(self, settings, url: str):
        self.settings = settings
        self.url = url
        self.sup = Supervisor(settings, progress=lambda m: None)
        self._stop = threading.Event()
        self._watch = threading.Thread(target=self._loop, daemon=True)

    @property
    def port(self) -> int:
        return self.settings.telephony.listen_port

    def uri(self, index: int = 0) -> str:
        return f"sip:sovren@127.0.0.1:{self.port + index}"

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sup.poll_once()
            self._stop.wait(0.05)

    def start(self) -> SipRuntime:
        self.sup.start()
        self._watch.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._watch.is_alive():
            self._watch.join()
        self.sup.stop()


def sip_runtime(pg_cluster, tmp_path_factory, *, telephony: dict, media: dict, hotel: dict):
    from sipkit import free_port

    name = f"tel_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = pg_cluster.url(name)
    base = free_port(4)  # user agent i listens on base + i
    settings = load_settings(
        instance=f"t{uuid.uuid4().hex[:8]}",
        database_url=url,
        data_dir=str(tmp_path_factory.mktemp("tel")),
        media=media,
        ops={"cpu_high_percent": 100},
        hotel=hotel,
        telephony={"enabled": True, "listen_port": base, **telephony},
    )
    rt = SipRuntime(settings, url).start()
    try:
        yield rt
    finally:
        rt.stop()
        with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def callers(model_cache):
    from media.audio.callers import CallerVoices

    return CallerVoices(model_cache / "test-audio")
