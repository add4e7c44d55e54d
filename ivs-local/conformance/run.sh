#!/usr/bin/env bash
# Model-driven conformance suite of ivs-local: boto3, the AWS CLI and botocore's ivs model.
#
#   bash ivs-local/conformance/run.sh [pytest args...]
#
# Creates a virtual environment (IVS_CONFORMANCE_VENV, default target/conformance-venv),
# installs the pinned requirements into it, builds ivs-local (debug) and runs the suite
# against the binary. Everything talks only to 127.0.0.1. Exits non-zero if any case fails
# or if no case ran at all (pytest's exit 5).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${IVS_CONFORMANCE_VENV:-$repo/target/conformance-venv}"

export AWS_EC2_METADATA_DISABLED=true PYTHONDONTWRITEBYTECODE=1

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
# Reinstall only when the pins change.
stamp="$venv/.requirements"
if ! cmp -s "$here/requirements.txt" "$stamp"; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$stamp"
fi

(cd "$repo" && cargo build --quiet -p ivs-local --bin ivs-local)
export IVS_LOCAL_BIN="$repo/target/debug/ivs-local"

cd "$here"
status=0
"$venv/bin/python" -m pytest -p no:cacheprovider "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "conformance: no test ran (pytest exit 5): failing" >&2
  exit 1
fi
exit "$status"
