"""``sovren up`` stopped with Ctrl-C always stops the embedded PostgreSQL it started.

A terminal's Ctrl-C is SIGINT to the whole foreground process group, at any moment:
while the server starts, while migrations run, while the agents load, or once up. The
runtime here runs with the embedded cluster (no SOVREN_DATABASE_URL), one data folder
for every round (initialised once), each round stopped at another moment, and after
each round no server may be left running on that folder and no segment in /dev/shm.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from ledger.postgres import EmbeddedPostgres

REPO = Path(__file__).resolve().parents[2]

# Where in the start-up each round is interrupted: a line of `sovren up`'s progress
# (then a delay after it), or seconds after launch.
MOMENTS = [
    ("launch", 0.3),
    ("starting the ledger database", 0.0),
    ("starting the ledger database", 0.4),
    ("starting the ledger database", 1.2),
    ("opening the PMS", 0.0),
    (" ready (pid ", 0.0),
    ("is up; Ctrl-C stops it", 0.0),
    ("is up; Ctrl-C stops it", 1.0),
]


def _server_running(data: Path) -> bool:
    pid_file = data / "postmaster.pid"
    if not pid_file.exists():
        return False
    pid = int(pid_file.read_text().split()[0])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.slow
def test_ctrl_c_at_any_moment_stops_the_embedded_postgresql():
    root = Path(tempfile.mkdtemp(prefix="sovren-sigint-"))
    os.chmod(root, 0o755)  # the server runs as the postgres user: it must reach its folder
    data_dir = root / "var"
    EmbeddedPostgres(data_dir / "postgres").initdb()  # once: each round then only starts it
    pg_data = data_dir / "postgres" / "data"
    base = {**os.environ, "PYTHONPATH": str(REPO), "SOVREN_DATA_DIR": str(data_dir)}
    for k in ("SOVREN_DATABASE_URL", "SOVREN_CONFIG"):
        base.pop(k, None)
    for n, (marker, delay) in enumerate(MOMENTS):
        instance = f"c{uuid.uuid4().hex[:8]}"
        p = subprocess.Popen(
            [sys.executable, "-m", "runtime.cli", "up"],
            env={**base, "SOVREN_INSTANCE": instance},
            cwd=REPO,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            start_new_session=True,  # its own process group: a terminal's foreground group
        )
        seen: list[str] = []
        try:
            if marker != "launch":
                for line in p.stderr:
                    seen.append(line.rstrip())
                    if marker in line:
                        break
                assert any(marker in ln for ln in seen), f"round {n}: " + "\n".join(seen)
            time.sleep(delay)
            os.killpg(p.pid, signal.SIGINT)  # Ctrl-C: the whole group
            _, rest = p.communicate(timeout=120)
            seen += rest.splitlines()
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
        log = "\n".join(seen)
        assert p.returncode is not None and p.returncode != -signal.SIGKILL, log
        # the runtime's own errors (a Ctrl-C while the interpreter itself is still starting
        # is Python's message, and nothing was started then)
        errors = [ln for ln in seen if ln.startswith("sovren: error:") and "interrupted" not in ln]
        assert errors == [], f"round {n} failed for another reason:\n{log}"
        assert not _server_running(pg_data), (
            f"round {n} ({marker} +{delay}s) left PostgreSQL up:\n{log}"
        )
        left = [e for e in os.listdir("/dev/shm") if instance in e]
        assert left == [], f"round {n} left {left}:\n{log}"
        assert not (data_dir / "run" / f"{instance}.json").exists()
    shutil.rmtree(root, ignore_errors=True)
