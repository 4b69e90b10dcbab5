"""A real runtime (supervisor, seven processes, real rings) on a fresh database per module."""

from __future__ import annotations

import os
import secrets
import threading
import uuid

import psycopg
import pytest

from config import load_settings
from ledger.chain import KEY_ENV
from runtime.supervisor import Supervisor


@pytest.fixture(scope="module", autouse=True)
def ledger_chain_key():
    """Live runtimes here key their ledger chain as a production one should.

    Without a key the supervisor warns at start (tests that expect no start-up warning
    would see one). Set per module and restored afterwards, so that tests elsewhere in the
    same session (tests/ledger checks the unkeyed chain) see the environment they expect.
    """
    before = os.environ.get(KEY_ENV)
    os.environ[KEY_ENV] = before or secrets.token_hex(32)
    yield os.environ[KEY_ENV]
    if before is None:
        os.environ.pop(KEY_ENV, None)


class LiveRuntime:
    def __init__(self, settings, url):
        self.settings = settings
        self.url = url
        self.sup = Supervisor(settings, progress=lambda m: None)
        self._stop = threading.Event()
        self._watch = threading.Thread(target=self._loop, daemon=True)

    def _loop(self):
        while not self._stop.is_set():
            self.sup.poll_once()
            self._stop.wait(0.05)

    def start(self):
        self.sup.start()
        self._watch.start()
        return self

    def stop(self):
        self._stop.set()
        if self._watch.is_alive():
            self._watch.join()
        self.sup.stop()


@pytest.fixture(scope="module")
def module_db(pg_cluster):
    name = f"rt_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield pg_cluster.url(name)
    with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def live(module_db, tmp_path_factory):
    data = tmp_path_factory.mktemp("rt")
    settings = load_settings(
        instance=f"t{uuid.uuid4().hex[:8]}", database_url=module_db, data_dir=str(data)
    )
    rt = LiveRuntime(settings, module_db).start()
    yield rt
    rt.stop()
