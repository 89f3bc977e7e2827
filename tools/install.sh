#!/usr/bin/env bash
# Create the virtualenv (Python 3.10) if missing and install the locked dependency set.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
export RASA_TELEMETRY_ENABLED=false

if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then
    echo "install: $VENV is not a Python 3.10 environment, recreating it"
    rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
    PYTHON_BIN="$(tools/find_python.sh)"
    echo "install: creating $VENV with $PYTHON_BIN"
    "$PYTHON_BIN" -m venv "$VENV"
fi

echo "install: installing requirements.in constrained by requirements.lock (a few minutes the first time)"
"$VENV/bin/python" -m pip install --quiet -r requirements.in -c requirements.lock
"$VENV/bin/python" -m pip check
echo "install: python dependencies ready in $VENV"
