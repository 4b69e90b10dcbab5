"""The embedded PostgreSQL: a cluster under the data directory, started from the machine's binaries.

Why embedded: a hotel appliance must run with nothing set up; with
``SOVREN_DATABASE_URL`` unset the runtime brings its own server, reuses it on
the next start and stops it on shutdown (only if it started it).

Why these choices:
- initdb refuses to run as root, so as root every server command runs as the
  ``postgres`` user, and every folder above the cluster must be traversable by
  that user (we add o+x where we own the folder).
- TCP on 127.0.0.1 with a port chosen once and kept in ``port``: unix-socket
  paths are limited to 107 bytes, which deep data directories exceed.
- scram-sha-256 with a generated password kept in ``password`` (mode 0600,
  inside the data directory, never in the repo), so other local users cannot
  read the ledger.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from config.environment import environment
from config.errors import SovrenError


class PostgresError(SovrenError, RuntimeError):
    """The embedded PostgreSQL could not be set up; the message says how to fix it."""

    code = "postgres"
    next_step = "install PostgreSQL (Debian: apt-get install postgresql) or set SOVREN_DATABASE_URL to a server"


def find_pg_bin() -> Path:
    """The newest server binaries on the machine (``SOVREN_PG_BIN`` wins)."""
    env = environment().pg_bin
    candidates = [str(env)] if env else []
    candidates += sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True
    )
    which = shutil.which("initdb")
    if which:
        candidates.append(str(Path(which).parent))
    for c in candidates:
        if c and (Path(c) / "initdb").exists() and (Path(c) / "pg_ctl").exists():
            return Path(c)
    raise PostgresError(
        "no PostgreSQL server binaries (initdb, pg_ctl) found. Install them "
        "(Debian: apt-get install postgresql) or point SOVREN_DATABASE_URL at a server."
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _make_traversable(path: Path, user: str) -> None:
    """Let ``user`` reach ``path``: add o+x on each parent we own that lacks it."""
    uid = pwd.getpwnam(user).pw_uid
    for parent in [path, *path.parents]:
        try:
            st = parent.stat()
        except FileNotFoundError:
            continue
        if st.st_uid == uid or st.st_mode & 0o001:
            continue
        if st.st_uid == os.getuid():
            os.chmod(parent, st.st_mode | 0o001)


class EmbeddedPostgres:
    """One cluster in ``root`` (``root/data`` plus its port, password and log)."""

    SUPERUSER = "sovren"

    def __init__(self, root: Path, *, port: int = 0, fsync: bool = True, dbname: str = "sovren"):
        self.root = Path(root).resolve()
        self.data = self.root / "data"
        self.dbname = dbname
        self.fsync = fsync
        self._port = port
        self.started_by_us = False
        self.bin = find_pg_bin()
        self.root.mkdir(parents=True, exist_ok=True)
        self.run_as = "postgres" if os.geteuid() == 0 else None
        if self.run_as:
            try:
                pwd.getpwnam(self.run_as)
            except KeyError as e:
                raise PostgresError(
                    "running as root needs the 'postgres' system user to own the server "
                    "(Debian's postgresql package creates it), or set SOVREN_DATABASE_URL"
                ) from e

    # -- files -----------------------------------------------------------
    @property
    def port(self) -> int:
        f = self.root / "port"
        if f.exists():
            return int(f.read_text())
        port = self._port or _free_port()
        f.write_text(str(port))
        return port

    @property
    def password(self) -> str:
        f = self.root / "password"
        if not f.exists():
            fd = os.open(f, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(24))
        return f.read_text().strip()

    def url(self, dbname: str | None = None) -> str:
        return (
            f"postgresql://{self.SUPERUSER}:{self.password}@127.0.0.1:{self.port}/"
            f"{dbname or self.dbname}"
        )

    # -- commands --------------------------------------------------------
    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(self.bin / args[0]), *args[1:]]
        try:
            # In a session of its own: a terminal's Ctrl-C (SIGINT to the foreground
            # process group) must not kill pg_ctl half-way through starting or stopping
            # the server; the supervisor decides what to stop (runtime/supervisor.py).
            return subprocess.run(
                cmd,
                capture_output=True,
                text=True,
                check=check,
                cwd="/",
                start_new_session=True,
                **self._identity(),
            )
        except subprocess.CalledProcessError as e:
            raise PostgresError(
                f"{' '.join(cmd)} failed ({e.returncode}): {(e.stderr or e.stdout).strip()[-800:]}"
                f" — see {self.data / 'server.log'}"
            ) from e

    def _identity(self) -> dict:
        """Drop to the server's user *and* its groups (root's gid alone denies its own files)."""
        if not self.run_as:
            return {}
        return {"user": self.run_as, "group": pwd.getpwnam(self.run_as).pw_gid, "extra_groups": []}

    def _chown(self, path: Path) -> None:
        if self.run_as:
            pw = pwd.getpwnam(self.run_as)
            os.chown(path, pw.pw_uid, pw.pw_gid)

    def initdb(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if self.run_as:
            _make_traversable(self.root, self.run_as)
        self.data.mkdir(mode=0o700, exist_ok=True)
        self._chown(self.data)
        with tempfile.NamedTemporaryFile("w", dir=self.root, delete=False) as pwfile:
            pwfile.write(self.password + "\n")
        self._chown(Path(pwfile.name))
        try:
            self._run(
                "initdb",
                "-D",
                str(self.data),
                "-U",
                self.SUPERUSER,
                "-A",
                "scram-sha-256",
                f"--pwfile={pwfile.name}",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            )
        finally:
            os.unlink(pwfile.name)

    def is_running(self) -> bool:
        if not (self.data / "PG_VERSION").exists():
            return False
        return self._run("pg_ctl", "status", "-D", str(self.data), check=False).returncode == 0

    def start(self, timeout_s: float = 30.0) -> str:
        """Start (initialising if needed) and return the URL of ``dbname``."""
        if not (self.data / "PG_VERSION").exists():
            self.initdb()
        if not self.is_running():
            opts = (
                f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories='' "
                f"-c max_connections=200 -c shared_buffers=64MB"
            )
            if not self.fsync:
                opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            # Ours from the moment we ask for it: a stop after a failed or interrupted
            # start still stops a server that came up after all (stop checks it runs).
            self.started_by_us = True
            self._run(
                "pg_ctl",
                "start",
                "-w",
                "-t",
                str(int(timeout_s)),
                "-D",
                str(self.data),
                "-l",
                str(self.data / "server.log"),
                "-o",
                opts,
            )
        self._ensure_db(self.dbname)
        return self.url()

    def _ensure_db(self, name: str) -> None:
        import psycopg

        deadline = time.monotonic() + 10
        while True:
            try:
                with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
                    if not conn.execute(
                        "SELECT 1 FROM pg_database WHERE datname=%s", (name,)
                    ).fetchone():
                        conn.execute(f'CREATE DATABASE "{name}"')
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def stop(self, mode: str = "fast") -> None:
        if self.is_running():
            self._run("pg_ctl", "stop", "-D", str(self.data), "-m", mode, "-w")
        self.started_by_us = False


def resolve_database_url(
    data_dir: Path, configured: str | None
) -> tuple[str, EmbeddedPostgres | None]:
    """The URL to use: the configured one, or the embedded cluster's (started on demand)."""
    if configured:
        return configured, None
    pg = EmbeddedPostgres(Path(data_dir) / "postgres")
    return pg.start(), pg


@contextmanager
def database_url(data_dir: Path, configured: str | None) -> Iterator[str]:
    """``resolve_database_url`` for one command: an embedded cluster it had to start is
    stopped when the command is done, one it found running is left running."""
    url, pg = resolve_database_url(data_dir, configured)
    try:
        yield url
    finally:
        if pg is not None and pg.started_by_us:
            pg.stop()
