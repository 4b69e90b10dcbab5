"""``sovren up`` refuses to start on a broken site file, a taken port or a PMS it cannot open.

Each refusal is one clear line per problem on stderr, a non-zero exit and nothing
started (no live instance, no run info); no traceback.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import yaml

from config import load_settings
from fabric.instance import InstanceFiles
from runtime.supervisor import StartRefused, Supervisor

REPO = Path(__file__).resolve().parents[2]
LAKESIDE = REPO / "tests" / "sites" / "lakeside.yaml"


def sovren(
    args: list[str], env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess:
    full = {**os.environ, "PYTHONPATH": str(REPO), **env}
    full.pop("SOVREN_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "runtime.cli", *args],
        env=full,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def run_env(tmp_path):
    return {"SOVREN_DATA_DIR": str(tmp_path / "var"), "SOVREN_INSTANCE": f"u{uuid.uuid4().hex[:8]}"}


def nothing_started(env: dict[str, str]) -> bool:
    files = InstanceFiles(Path(env["SOVREN_DATA_DIR"]), env["SOVREN_INSTANCE"])
    return (
        not files.is_live()
        and files.read_info() is None
        and not (files.state_dir / "logs").exists()
    )


def site(tmp_path: Path, **sections) -> Path:
    data = yaml.safe_load(LAKESIDE.read_text())
    data.update(sections)
    p = tmp_path / "site.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True))
    return p


def test_up_refuses_a_broken_site_file_with_one_line_per_problem(tmp_path, run_env):
    data = yaml.safe_load(LAKESIDE.read_text())
    data["hotel"]["room_types"][1]["count"] = -5
    data["hotel"]["room_types"][0]["beds"] = 2
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(data))
    p = sovren(["up", "--config", str(broken)], run_env)  # --config after the subcommand
    assert p.returncode == 1, p.stderr
    lines = p.stderr.strip().splitlines()
    assert "not starting: 2 problem(s)" in lines[0] and str(broken) in lines[0]
    assert lines[1:] == [
        "sovren: error: hotel.room_types[0].beds: is not a known key (fix: remove it or use one "
        "of: code, name, count, max_guests, rate, synonyms, article)",
        "sovren: error: hotel.room_types[1].count: must be >= 0, got -5 (fix: use a value of 0 "
        "or more)",
    ]
    assert "Traceback" not in p.stderr
    assert nothing_started(run_env)


def test_up_refuses_a_missing_site_file(tmp_path, run_env):
    p = sovren(["--config", str(tmp_path / "gone.yaml"), "up"], run_env)
    assert p.returncode == 1
    assert f"sovren: error: {tmp_path / 'gone.yaml'}: the file does not exist" in p.stderr
    assert nothing_started(run_env)


def test_up_reports_a_taken_metrics_port_itself(tmp_path, run_env):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        cfg = site(tmp_path, sentinel={"metrics_port": port})
        p = sovren(["up", "--config", str(cfg)], run_env)
    assert p.returncode == 1
    errors = [ln for ln in p.stderr.splitlines() if ln.startswith("sovren: error:")]
    assert errors == [
        f"sovren: error: port {port} on 127.0.0.1 (sentinel.metrics_port) is already in use: "
        "stop what listens there, or set sentinel.metrics_port to a free port (or 0 for off) "
        "in the site file or SOVREN_SENTINEL__METRICS_PORT"
    ]
    assert "Traceback" not in p.stderr
    assert nothing_started(run_env)


def test_a_pms_that_cannot_be_opened_stops_the_start(tmp_path, pg_url, monkeypatch):
    """Before any agent starts: the vendor's credentials are missing, the start is refused."""
    for k in (
        "SOVREN_APALEO_CLIENT_ID",
        "SOVREN_APALEO_CLIENT_SECRET",
        "SOVREN_APALEO_PROPERTY_ID",
    ):
        monkeypatch.delenv(k, raising=False)
    settings = load_settings(
        LAKESIDE,
        instance=f"p{uuid.uuid4().hex[:8]}",
        database_url=pg_url,
        data_dir=str(tmp_path),
        pms={"vendor": "apaleo"},
    )
    sup = Supervisor(settings, progress=lambda m: None)
    with pytest.raises(StartRefused) as e:
        sup.start()
    msg = str(e.value)
    assert "the PMS (apaleo) cannot be opened" in msg
    assert "SOVREN_APALEO_CLIENT_ID" in msg and "pms.start_without_pms: true" in msg
    assert all(c.proc is None for c in sup.children.values())
    assert not InstanceFiles(settings.data_dir, settings.instance).is_live()


def test_up_starts_with_the_site_file_and_records_it(tmp_path, run_env, pg_url):
    """The happy path of `sovren up --config FILE`: checked, PMS opened, then "up"; the run
    file names the site file, and `status` in another shell shows it."""
    import json
    import signal

    env = {**os.environ, "PYTHONPATH": str(REPO), **run_env, "SOVREN_DATABASE_URL": pg_url}
    env.pop("SOVREN_CONFIG", None)
    p = subprocess.Popen(
        [sys.executable, "-m", "runtime.cli", "up", "--config", str(LAKESIDE)],
        env=env,
        cwd=REPO,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    seen = []
    try:
        for line in p.stderr:
            seen.append(line.rstrip())
            if "is up; Ctrl-C stops it" in line:
                break
        assert seen and "is up" in seen[-1], "\n".join(seen)
        assert f"[sovren] using {LAKESIDE} (from --config)" in seen
        assert (
            "[sovren] hotel Seehotel Lindenufer: 2 room types (10 rooms), 2 rate plans, "
            "facts en 4, de 3; missing in de: bikes" in seen
        )
        opened = seen.index("[sovren] opening the PMS (local)")
        assert not any(" ready (pid " in ln for ln in seen[:opened])  # PMS first, then agents
        info = json.loads(
            (Path(run_env["SOVREN_DATA_DIR"]) / "run" / f"{run_env['SOVREN_INSTANCE']}.json")
            .resolve()
            .read_text()
        )
        assert info["config_file"] == str(LAKESIDE) and info["warnings"] == []
        status = sovren(["status"], run_env)
        assert status.returncode == 0, status.stderr
        assert f"using {LAKESIDE} (from the running runtime {run_env['SOVREN_INSTANCE']})" in (
            status.stderr
        )
        assert f"config {LAKESIDE}  sha256 " in status.stdout
    finally:
        p.send_signal(signal.SIGINT)
        try:
            p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    assert p.returncode == 0
