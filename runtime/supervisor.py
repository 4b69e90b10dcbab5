"""The supervisor: owns one instance's segments and processes from start to clean stop.

Why one owner: every ring, doorbell and stats block of an instance is created
here and unlinked here, so nothing leaks when an agent dies, and a second
runtime with the same name is refused by the instance lock (fabric/instance.py)
before it can touch a segment. Agents are plain subprocesses (``python -m
agents.run ROLE``) given their secrets on stdin; a crashed one is restarted
with exponential back-off, and a hung one (no heartbeat) is killed first.
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from config import Settings
from config.errors import SovrenError
from config.settings import file_digest
from fabric import topology
from fabric.agent_base import Bootstrap
from fabric.agent_stats import AgentStats, F, State, segment_name
from fabric.instance import InstanceFiles
from ipc.messages import AgentId, Severity

log = logging.getLogger("sovren.supervisor")

HEARTBEAT_DEAD_S = 10.0
BACKOFF_START_S = 0.25
BACKOFF_MAX_S = 10.0
STABLE_AFTER_S = 30.0
# Roles that receive the approval key: the one that issues tokens and the executors.
KEY_HOLDERS = {AgentId.COMMAND, AgentId.MEDIA, AgentId.PMS}
# Shutdown order: stop taking calls first, executors and guards last.
STOP_ORDER = (
    AgentId.MEDIA,
    AgentId.STRIKE,
    AgentId.INTEL,
    AgentId.COMMAND,
    AgentId.PMS,
    AgentId.SENTINEL,
    AgentId.OPS,
)


class StartInterrupted(SovrenError):
    """Ctrl-C (or SIGTERM) during start-up: what was started has been stopped."""

    code = "start_interrupted"
    next_step = "run `sovren up` again when you want the runtime"


def child_environment(role: AgentId, settings) -> dict[str, str]:
    """A child's environment: this one's, plus OpenMP's tuning for the media worker (whisper)."""
    from media.asr.omp import omp_environment

    return omp_environment(role == AgentId.MEDIA and settings.media.asr_omp_tuning, os.environ)


class StartRefused(SovrenError, RuntimeError):
    """The runtime cannot start as configured; the message says which setting to change."""

    code = "start_refused"
    next_step = (
        "change what the message names, check with `sovren config check`, then `sovren up` again"
    )


@dataclass(kw_only=True)
class Process:
    """A process the supervisor restarts with back-off: what every kind of child keeps."""

    proc: subprocess.Popen | None = None
    restarts: int = 0
    backoff: float = BACKOFF_START_S
    restart_at: float | None = None
    started_at: float = 0.0
    log_path: Path | None = None

    def restart_pending(self, now: float, spawn: Callable[[], None]) -> bool:
        """Whether a restart is scheduled; starts it (``spawn``) once its time has come."""
        if self.restart_at is None:
            return False
        if now >= self.restart_at:
            spawn()
        return True

    def settle(self, now: float) -> None:
        """Alive for STABLE_AFTER_S: its next death is a new one, restarted quickly again."""
        if now - self.started_at > STABLE_AFTER_S:
            self.backoff = BACKOFF_START_S

    def schedule_restart(self, now: float) -> float:
        """Count a death and restart after the back-off, which doubles (up to BACKOFF_MAX_S)
        for the next one, so that a child that keeps dying does not spin; returns the delay."""
        self.restarts += 1
        delay = self.backoff
        self.restart_at = now + delay
        self.backoff = min(delay * 2, BACKOFF_MAX_S)
        return delay


@dataclass
class SipChild(Process):
    """A SIP user-agent process (media/sip/run.py); its heartbeat is its status file."""

    index: int


@dataclass
class Child(Process):
    role: AgentId
    history: list[str] = field(default_factory=list)


class Supervisor:
    def __init__(self, settings: Settings, *, ready_timeout_s: float = 120.0, progress=None):
        self.settings = settings
        self.instance = settings.instance
        self.files = InstanceFiles(settings.data_dir, self.instance)
        self.key = secrets.token_bytes(32)
        self.children: dict[AgentId, Child] = {r: Child(r) for r in topology.ROLES}
        tel = settings.telephony
        self.sip: list[SipChild] = (
            [SipChild(i) for i in range(tel.processes)] if tel.enabled else []
        )
        self.rings: list = []
        self.bells: list = []
        self.stats: dict[AgentId, AgentStats] = {}
        self.pg = None
        self.ledger = None  # the supervisor's own ledger writer (restarts on record)
        self.retention = None  # retention on its schedule (runtime/housekeeping.py)
        self._announce_lock = threading.Lock()
        self.database_url = ""
        self.ready_timeout_s = ready_timeout_s
        self.progress = progress or (
            lambda msg: print(f"[sovren] {msg}", file=sys.stderr, flush=True)
        )
        self._stop = False
        # The console (console.enabled): a process of its own, never inside an agent.
        self.console: Child | None = None
        # Start-up problems the runtime runs with anyway (a PMS it could not open when
        # pms.start_without_pms allows it); recorded in the run info for `sovren status`.
        self.warnings: list[str] = []
        # Which site file (and which content of it) this runtime runs: recorded in the run
        # info so the CLI's commands use the same. Taken now, as the settings were read.
        try:
            self.config_digest: str | None = file_digest(settings.site_file)
        except OSError:
            self.config_digest = None

    # -- start ---------------------------------------------------------------
    def install_signal_handlers(self) -> None:
        """Ctrl-C and SIGTERM only set a flag, from before ``start`` to the end of ``stop``.

        Why: a KeyboardInterrupt raised at an arbitrary point of start-up (between
        ``pg_ctl start`` and remembering that we started it, say) is how a runtime
        leaves its embedded PostgreSQL running. With the flag, ``start`` checks it
        between steps and unwinds through ``stop``, which is never interrupted, so
        everything started is stopped; the server commands run in their own session
        so a terminal's Ctrl-C does not reach them either (ledger/postgres.py).
        """

        def on_signal(signum, _frame):
            if self._stop:
                self.progress("stopping; please wait (everything started is being stopped)")
            self._stop = True

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)

    def _check_interrupted(self) -> None:
        if self._stop:
            raise StartInterrupted(
                f"start of {self.instance!r} interrupted; everything it had started is stopped"
            )

    def start(self) -> None:
        self.files.acquire()
        try:
            for step in (
                self._check_ports,
                self._clean_stale_segments,
                self._clear_recovery_state,
                self._start_database,
                self._open_ledger,
                self._check_chain_key,
                self._open_pms,
                self._create_segments,
            ):
                self._check_interrupted()
                step()
            for role in topology.ROLES:
                self._check_interrupted()
                self._spawn(self.children[role])
            self._wait_ready()
            self._check_interrupted()
            from runtime.housekeeping import RetentionSchedule

            self.retention = RetentionSchedule(self.settings, self.database_url, self.announce)
            self._start_sip()
            site = self.settings.site_file
            self.files.write_info(
                {
                    "pid": os.getpid(),
                    "instance": self.instance,
                    "started": time.time(),
                    "data_dir": str(self.settings.data_dir),
                    "pids": {c.role.name: c.proc.pid for c in self.children.values() if c.proc},
                    "sip_pids": [c.proc.pid for c in self.sip if c.proc],
                    # Which hotel this runtime is: the CLI's commands use the same file.
                    "config_file": str(site) if site else None,
                    "config_digest": self.config_digest,
                    "warnings": self.warnings,
                }
            )
            if self.settings.console.enabled:
                self.console = Child(AgentId.CLI)  # not an agent: only its process record
                self._spawn_console()
        except BaseException:
            self.stop()
            raise

    def _check_ports(self) -> None:
        """Ports the runtime will listen on must be free now, not fail later in an agent's log."""
        from runtime.preflight import busy_ports

        busy = busy_ports(self.settings)
        if busy:
            raise StartRefused("; ".join(busy))

    def _check_chain_key(self) -> None:
        """The ledger's chain key: a malformed one stops the start; a missing one is said loudly.

        The processes inherit SOVREN_LEDGER_CHAIN_KEY from this environment; the ledger
        writer keys the decisions' chain with it (ledger/chain.py).
        """
        from ledger.chain import UNKEYED_WARNING, ChainKeyError, chain_key_from_environment

        try:
            key = chain_key_from_environment()
        except ChainKeyError as e:
            raise StartRefused(str(e)) from None
        if key is None:
            self.warnings.append(UNKEYED_WARNING)
            self.progress(f"WARNING: {UNKEYED_WARNING}")
            log.warning("%s", UNKEYED_WARNING)

    def _open_pms(self) -> None:
        """Open the configured PMS once here, as ``sovren pms check`` does, before saying "up".

        A PMS that cannot be opened stops the start with the reason, unless
        ``pms.start_without_pms`` says to run anyway (then a loud warning, also in
        ``sovren status``). The PMS worker opens its own connection afterwards.
        """
        from runtime.preflight import open_pms

        vendor = self.settings.pms.vendor
        self.progress(f"opening the PMS ({vendor})")
        problem = open_pms(self.settings, self.database_url)
        if problem is None:
            return
        if not self.settings.pms.start_without_pms:
            raise StartRefused(
                f"the PMS ({vendor}) cannot be opened: {problem}. Fix pms.* in the site file "
                "or the vendor's credentials in the environment (`sovren pms check` tries the "
                "same), or set pms.start_without_pms: true to start without it"
            )
        warning = (
            f"the PMS ({vendor}) could not be opened at start: {problem}; every booking, "
            "change and cancellation fails (callers are offered a colleague) until it can"
        )
        self.warnings.append(warning)
        self.progress(f"WARNING: {warning}")

    def _clean_stale_segments(self) -> None:
        """We hold the instance lock, so any segment of this instance is a dead one's leftover."""
        from ipc.discovery import clean_dead

        problems: list[str] = []
        removed = clean_dead(self.instance, problems=problems)  # rings, doorbells, stats
        if removed:
            self.progress(f"removed {len(removed)} stale segments of a dead {self.instance!r}")
        for line in problems:  # another user's names: creating ours refuses with the fix
            self.progress(f"WARNING: {line}")

    def _clear_recovery_state(self) -> None:
        """Crash-recovery files serve one runtime's lifetime; a fresh start begins clean.

        (Restarted agents read them; a new supervisor has new approval keys, so
        nothing a previous run left half-done could be carried out anyway.)
        """
        for pattern in ("*.state", "*.json", "*.jsonl", "*.tmp", "client*.lock"):
            for f in self.files.state_dir.glob(pattern):
                f.unlink(missing_ok=True)

    def _start_database(self) -> None:
        from ledger.postgres import EmbeddedPostgres, resolve_database_url

        self.progress(
            "starting the ledger database"
            if not self.settings.database_url
            else "connecting to the configured database"
        )
        if self.settings.database_url:
            self.database_url, self.pg = resolve_database_url(
                self.settings.data_dir, self.settings.database_url
            )
        else:
            # Known to this supervisor before it starts, so that a stop at any moment
            # (an interrupted start included) stops the server it started.
            self.pg = EmbeddedPostgres(Path(self.settings.data_dir) / "postgres")
            self.database_url = self.pg.start()
        from runtime.bootstrap_db import prepare_database

        prepare_database(self.database_url, self.settings)

    def _open_ledger(self) -> None:
        """The supervisor's own writer: restarts are on record even while SENTINEL is down."""
        from ledger.writer import LedgerWriter

        self.ledger = LedgerWriter(
            self.database_url, self.files.state_dir / "spool-supervisor", run_migrations=False
        )

    def announce(self, severity, category: str, message: str, evidence: dict) -> None:
        """An alert on record (the supervisor's writer) and in the feed (sent to SENTINEL).

        Both carry the same id, so the ledger keeps it once: on record at once even
        when SENTINEL is the process that died, announced as soon as SENTINEL reads it.
        Never blocks the supervisor: a full ring to SENTINEL drops the frame (the record
        stays).
        """
        from ipc.messages import AgentMessage, Alert
        from ledger.records import AlertRecord

        alert = Alert(
            alert_id=uuid.uuid4().hex,
            severity=severity,
            category=category,
            message=message,
            evidence=evidence,
        )
        if self.ledger is not None:
            self.ledger.put(
                AlertRecord(
                    id=alert.alert_id,
                    severity=int(severity),
                    category=category,
                    message=message,
                    evidence=evidence,
                    created_at=time.time(),
                )
            )
        ring = self._ring_to(AgentId.SENTINEL)
        if ring is not None:
            msg = AgentMessage(AgentId.SUPERVISOR, AgentId.SENTINEL, "", 0, alert)
            # one producer per ring: the watch loop and the retention thread take turns
            with self._announce_lock:
                try:
                    ring.send(msg, timeout=0)
                except Exception as e:  # a full or closed ring: the record above stays
                    log.warning("alert %s not sent to SENTINEL: %s", category, e)

    def _ring_to(self, role: AgentId):
        name = topology.Link(AgentId.SUPERVISOR, role).segment(self.instance)
        return next((r for r in self.rings if r.name == name), None)

    def _create_segments(self) -> None:
        from ipc.doorbell import Doorbell
        from ipc.ring import Ring

        fab = self.settings.fabric
        for lk in topology.links():
            cap = fab.telemetry_ring_capacity_bytes if lk.telemetry else fab.ring_capacity_bytes
            self.rings.append(
                Ring.create(
                    lk.segment(self.instance),
                    cap,
                    policy=lk.ring_policy,
                    max_frame=min(fab.max_frame_bytes, cap),
                    send_timeout=fab.send_timeout_s,
                )
            )
        for role in topology.ROLES:
            self.bells.append(Doorbell.create(self.instance, role))
            self.stats[role] = AgentStats(segment_name(self.instance, role.name), create=True)

    def _spawn_process(
        self,
        child: Process,
        module: list[str],
        *,
        log_name: str,
        boot: str,
        env: dict[str, str] | None = None,
    ) -> None:
        """Start ``python -m <module>`` as ``child``, its boot document on stdin.

        Why one place: every kind of child (agents, SIP user agents, the console) starts the
        same way -- in a session of its own, so that the supervisor alone decides when and in
        which order it stops; its output appended to ``logs/<log_name>.log``, the file the
        restart messages point at; its boot document (settings, the approval key) on stdin,
        not in argv where ``ps`` would show it. ``env`` None: it inherits this environment.
        """
        logs = self.files.state_dir / "logs"
        logs.mkdir(exist_ok=True)
        child.log_path = logs / f"{log_name}.log"
        with open(child.log_path, "ab") as logf:
            child.proc = subprocess.Popen(
                [sys.executable, "-m", *module],
                env=env,
                stdin=subprocess.PIPE,
                stdout=logf,
                stderr=subprocess.STDOUT,
                text=True,
                start_new_session=True,
            )
        child.proc.stdin.write(boot)
        child.proc.stdin.close()
        child.started_at = time.monotonic()
        child.restart_at = None

    def _spawn(self, child: Child) -> None:
        boot = Bootstrap(
            instance=self.instance,
            role=child.role.name,
            key_hex=self.key.hex() if child.role in KEY_HOLDERS else "",
            database_url=self.database_url,
            settings=self.settings.model_dump(mode="json"),
            config_file=str(self.settings.site_file or ""),
        )
        self._spawn_process(
            child,
            ["agents.run", child.role.name],
            log_name=child.role.name.lower(),
            boot=boot.dumps(),
            env=child_environment(child.role, self.settings),
        )
        self.stats[child.role][F.STATE] = State.STARTING

    def _spawn_console(self) -> None:
        """``python -m runtime.console.server`` with this runtime's exact settings on stdin."""
        import json

        c = self.console
        assert c is not None
        boot = {
            "settings": self.settings.model_dump(mode="json"),
            "config_file": str(self.settings.site_file or ""),
            "database_url": self.database_url,
        }
        self._spawn_process(
            c, ["runtime.console.server"], log_name="console", boot=json.dumps(boot)
        )
        cfg = self.settings.console
        self.progress(f"console on http://{cfg.host}:{cfg.port}/ (pid {c.proc.pid})")

    def _watch_console(self, now: float) -> None:
        c = self.console
        if c is None or c.proc is None:
            return
        if c.restart_pending(now, self._spawn_console):
            return
        if c.proc.poll() is None:
            c.settle(now)
            return
        delay = c.schedule_restart(now)
        self.progress(
            f"console died (exit code {c.proc.returncode}, see {c.log_path}); "
            f"restart #{c.restarts} in {delay:.2f}s"
        )

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.ready_timeout_s
        waiting = set(topology.ROLES)
        while waiting:
            self._check_interrupted()
            for role in list(waiting):
                if self.stats[role][F.STATE] == State.RUNNING:
                    waiting.discard(role)
                    self.progress(f"{role.name} ready (pid {self.children[role].proc.pid})")
                elif self.children[role].proc.poll() is not None:
                    raise RuntimeError(
                        f"{role.name} exited during start (code {self.children[role].proc.returncode}); "
                        f"see {self.children[role].log_path}"
                    )
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"agents not ready after {self.ready_timeout_s:.0f}s: "
                    f"{', '.join(r.name for r in waiting)}"
                )
            time.sleep(0.05)

    # -- SIP user agents (media/sip/) -------------------------------------------
    def _spawn_sip(self, child: SipChild) -> None:
        from media.sip.status import status_path

        status_path(self.files.state_dir, child.index).unlink(missing_ok=True)
        boot = Bootstrap(
            instance=self.instance,
            role=f"SIP{child.index}",
            database_url=self.database_url,
            settings=self.settings.model_dump(mode="json"),
            config_file=str(self.settings.site_file or ""),
        )
        self._spawn_process(
            child,
            ["media.sip.run", str(child.index)],
            log_name=f"sip{child.index}",
            boot=boot.dumps(),
        )

    def _start_sip(self) -> None:
        """Start the user agents and wait until each listens (its status file appears)."""
        from media.sip.status import status_path

        if not self.sip:
            return
        tel = self.settings.telephony
        for child in self.sip:
            self._spawn_sip(child)
        deadline = time.monotonic() + 30.0
        for child in self.sip:
            path = status_path(self.files.state_dir, child.index)
            while not path.exists():
                if child.proc.poll() is not None:
                    tail = (
                        child.log_path.read_text(errors="replace")[-600:] if child.log_path else ""
                    )
                    raise StartRefused(
                        f"SIP user agent {child.index} exited during start (code "
                        f"{child.proc.returncode}); see {child.log_path}: {tail.strip()}"
                    )
                if time.monotonic() > deadline:
                    raise StartRefused(
                        f"SIP user agent {child.index} not up after 30s; see {child.log_path}"
                    )
                time.sleep(0.05)
            self.progress(
                f"SIP user agent {child.index} listening on {tel.listen_address}:"
                f"{tel.listen_port + child.index} ({', '.join(tel.transports)}; pid {child.proc.pid})"
            )

    def _poll_sip(self, now: float) -> None:
        from media.sip.status import status_path

        for child in self.sip:
            if child.restart_pending(now, lambda c=child: self._spawn_sip(c)):
                continue
            code = child.proc.poll()
            path = status_path(self.files.state_dir, child.index)
            try:
                age = time.time() - path.stat().st_mtime
            except FileNotFoundError:
                age = now - child.started_at
            hung = code is None and age > HEARTBEAT_DEAD_S and now - child.started_at > 30.0
            if code is None and not hung:
                child.settle(now)
                continue
            if hung:
                log.warning("SIP%d: status not updated for %.1fs, killing", child.index, age)
                child.proc.kill()
                child.proc.wait()
            delay = child.schedule_restart(now)
            why = "status lost" if hung else f"exit code {child.proc.returncode}"
            self.progress(
                f"SIP user agent {child.index} died ({why}); restart #{child.restarts} "
                f"in {delay:.2f}s"
            )

    def _stop_sip(self) -> None:
        for child in self.sip:
            if child.proc and child.proc.poll() is None:
                child.proc.send_signal(signal.SIGTERM)
        for child in self.sip:
            if child.proc and child.proc.poll() is None:
                self._wait_stopped(child.proc, f"SIP user agent {child.index}")

    # -- watch ---------------------------------------------------------------
    def poll_once(self) -> None:
        now = time.monotonic()
        self._watch_console(now)
        if self.retention is not None:
            self.retention.poll()
        self._poll_sip(now)
        for ring in self.rings:  # telemetry rings to us: keep them empty
            if ring.name.endswith("-supervisor"):
                ring.recv_many(1024)
        for child in self.children.values():
            st = self.stats[child.role]
            if child.restart_pending(now, lambda c=child: self._spawn(c)):
                continue
            code = child.proc.poll()
            hb_age = (time.time_ns() - st[F.HEARTBEAT_NS]) / 1e9
            hung = st[F.STATE] == State.RUNNING and hb_age > HEARTBEAT_DEAD_S
            if code is None and not hung:
                child.settle(now)
                continue
            if hung:
                log.warning("%s: no heartbeat for %.1fs, killing", child.role.name, hb_age)
                child.proc.kill()
                child.proc.wait()
            why = f"exit code {child.proc.returncode}" if not hung else "heartbeat lost"
            delay = child.schedule_restart(now)
            st[F.RESTARTS] = child.restarts
            st[F.STATE] = State.CRASHED
            child.history.append(f"{time.strftime('%H:%M:%S')} {why}")
            self.progress(
                f"{child.role.name} died ({why}); restart #{child.restarts} in {delay:.2f}s"
            )
            looping = delay >= BACKOFF_MAX_S
            self.announce(
                Severity.HIGH if looping else Severity.MEDIUM,
                "process.restarted",
                f"{child.role.name} died ({why}); restart #{child.restarts} in "
                f"{delay:.2f}s" + (" (it keeps dying: see its log)" if looping else ""),
                {
                    "role": child.role.name,
                    "why": why,
                    "restarts": child.restarts,
                    "backoff_s": delay,
                    "log": str(child.log_path) if child.log_path else "",
                },
            )

    def run_forever(self) -> None:
        self.install_signal_handlers()
        while not self._stop:
            self.poll_once()
            time.sleep(0.1)
        self.stop()

    # -- stop ----------------------------------------------------------------
    def _wait_stopped(self, proc: subprocess.Popen, name: str | None = None) -> None:
        """Give a process sent SIGTERM 10 s to finish its calls and flush, then kill it
        (saying so when it has a ``name``): a stop never hangs on one stuck child."""
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            if name is not None:
                self.progress(f"{name} did not stop in 10s; killing it")
            proc.kill()
            proc.wait()

    def stop(self) -> None:
        c, self.console = self.console, None
        if c is not None and c.proc is not None and c.proc.poll() is None:
            c.proc.send_signal(signal.SIGTERM)
            self._wait_stopped(c.proc)
        if self.retention is not None:
            self.retention.join()  # a run under way finishes before the database stops
            self.retention = None
        self._stop_sip()  # no new calls first: the phones hear a clean hang-up
        for role in STOP_ORDER:
            child = self.children.get(role)
            if child and child.proc and child.proc.poll() is None:
                child.proc.send_signal(signal.SIGTERM)
                self._wait_stopped(child.proc, role.name)
        for ring in self.rings:
            ring.close()
            ring.unlink()
        for bell in self.bells:
            bell.close()
            bell.unlink()
        for st in self.stats.values():
            st.close()
            st.unlink()
        self.rings, self.bells, self.stats = [], [], {}
        if self.ledger is not None:
            try:
                self.ledger.close()  # flushed (or spooled) before the database stops
            except Exception as e:
                log.warning("the supervisor's ledger writer did not close cleanly: %s", e)
            self.ledger = None
        try:
            if self.pg is not None and self.pg.started_by_us:
                self.progress("stopping the ledger database")
                self.pg.stop()
                self.pg = None
        finally:
            self.files.release()
