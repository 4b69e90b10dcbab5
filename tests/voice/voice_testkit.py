"""A real runtime for voice, console and telephony tests: supervisor + its processes on a
database of its own."""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Iterator

import psycopg

from config import load_settings
from runtime.supervisor import Supervisor


class VoiceRuntime:
    """Supervisor + its processes on their own database, watched by a thread."""

    def __init__(self, settings, url: str):
        self.settings = settings
        self.url = url
        self.sup = Supervisor(settings, progress=lambda m: None)
        self._stop = threading.Event()
        self._watch = threading.Thread(target=self._loop, daemon=True)

    @property
    def port(self) -> int:
        """The first SIP user agent's port (telephony on): user agent i listens on port + i."""
        return self.settings.telephony.listen_port

    def uri(self, index: int = 0) -> str:
        return f"sip:sovren@127.0.0.1:{self.port + index}"

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sup.poll_once()
            self._stop.wait(0.05)

    def start(self) -> VoiceRuntime:
        self.sup.start()
        self._watch.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._watch.is_alive():
            self._watch.join()
        self.sup.stop()


@contextlib.contextmanager
def start_live_runtime(
    pg_cluster, tmp_path_factory, *, prefix: str = "rt", **sections
) -> Iterator[VoiceRuntime]:
    """A started runtime on a fresh database and data directory, configured by ``sections``
    (``media={...}``, ``hotel={...}``, ``console={...}``...); stopped and its database
    dropped on exit.

    agents.shed_new_calls (off in tests/conftest.py) is not read by COMMAND's coordinator
    on this branch, so on a loaded shared host OPS's advice would turn test calls into
    transfers; a CPU threshold no host exceeds keeps OPS quiet (``ops=`` overrides it).
    """
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = pg_cluster.url(name)
    try:
        settings = load_settings(
            instance=f"{prefix[0]}{uuid.uuid4().hex[:8]}",
            database_url=url,
            data_dir=str(tmp_path_factory.mktemp(prefix)),
            **{"ops": {"cpu_high_percent": 100}, **sections},
        )
        rt = VoiceRuntime(settings, url).start()
        try:
            yield rt
        finally:
            rt.stop()
    finally:
        with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def voice_runtime(
    pg_cluster,
    tmp_path_factory,
    *,
    media: dict,
    hotel: dict | None = None,
    telephony: dict | None = None,
    prefix: str = "vc",
):
    """Generator for a module fixture: a runtime hearing with ``media`` (and answering SIP
    with ``telephony``, if given)."""
    sections = {"media": media, "hotel": hotel, "telephony": telephony}
    with start_live_runtime(
        pg_cluster, tmp_path_factory, prefix=prefix,
        **{k: v for k, v in sections.items() if v is not None},
    ) as rt:  # fmt: skip
        yield rt
