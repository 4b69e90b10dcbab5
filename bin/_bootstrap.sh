# Sourced by bin/sovren and bin/test: make sure .venv exists and holds this
# checkout installed editable with the extras named in SOVREN_EXTRAS.
# Why a stamp: re-running pip on every command costs seconds; the stamp is a
# hash of everything that changes what pip would install or compile.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
# Everything the demo and the tests use; the vLLM extra stays opt-in (3.5 GB, see docs/).
EXTRAS="${SOVREN_EXTRAS:-test,voice,understanding,styletts2,console,telephony}"

if [ ! -x "$VENV/bin/python" ]; then
  echo "[bootstrap] creating $VENV with $(command -v python3)" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip setuptools wheel >&2
fi

# PostgreSQL server binaries: the embedded ledger needs initdb/pg_ctl.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "[bootstrap] installing PostgreSQL server binaries (apt-get install postgresql)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
  else
    echo "[bootstrap] WARNING: no PostgreSQL server binaries found; install Debian's 'postgresql' package or set SOVREN_DATABASE_URL" >&2
  fi
fi

# espeak-ng: the many-language fallback voice, and German caller audio in the voice tests.
if ! command -v espeak-ng >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "[bootstrap] installing espeak-ng (apt-get install espeak-ng)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng) >&2
  else
    echo "[bootstrap] WARNING: espeak-ng not found; install Debian's 'espeak-ng' package" >&2
  fi
fi

# chromium + chromedriver: the console's browser tests (tests/console) drive Debian's build.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "[bootstrap] installing chromium and chromium-driver (apt-get install chromium chromium-driver)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) >&2
  else
    echo "[bootstrap] WARNING: chromium/chromedriver not found; install Debian's 'chromium' and 'chromium-driver' packages (tests/console needs them)" >&2
  fi
fi
# SIP clients and proxy for telephony (docs/telephony.md): baresip and SIPp (Debian's
# sip-tester) place the tests' phone calls (sox makes SIPp's u-law WAV), Kamailio spreads
# calls over several runtimes.
for pkg in baresip:baresip sipp:sip-tester kamailio:kamailio sox:sox; do
  cmd="${pkg%%:*}"; deb="${pkg##*:}"
  if ! command -v "$cmd" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$cmd" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "[bootstrap] installing $deb (apt-get install $deb)" >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb") >&2
    else
      echo "[bootstrap] WARNING: $cmd not found; install Debian's '$deb' package (the telephony tests need it)" >&2
    fi
  fi
done

stamp_src() {
  cd "$ROOT"
  { echo "$EXTRAS"; cat pyproject.toml; cat setup.py 2>/dev/null || true;
    find ipc -name '*.c' -o -name '*.h' 2>/dev/null | sort | xargs -r cat; } | sha256sum | cut -d' ' -f1
}
STAMP="$VENV/.sovren-install-stamp"
want="$(stamp_src)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$want" ]; then
  echo "[bootstrap] installing sovren[$EXTRAS] into .venv (editable); this takes a few minutes the first time" >&2
  "$VENV/bin/python" -m pip install --progress-bar off -q -e "$ROOT[$EXTRAS]" >&2
  echo "$want" > "$STAMP"
fi

# StyleTTS2's model code: its package pins would downgrade transformers (see the `styletts2`
# extra in pyproject.toml), so it goes in without them; the extra carries the real needs.
if [[ ",$EXTRAS," == *",styletts2,"* ]] && ! "$VENV/bin/python" -c "import styletts2" 2>/dev/null; then
  echo "[bootstrap] installing styletts2==0.1.6 model code (--no-deps)" >&2
  "$VENV/bin/python" -m pip install --progress-bar off -q --no-deps "styletts2==0.1.6" >&2
fi
