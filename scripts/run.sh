#!/usr/bin/env bash
# Runs regioLab Desk. On the first start it creates the built-in demo data set.
# Arguments are passed on to the app, e.g. `scripts/run.sh --data /path/to/desk.sqlite3`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_cargo
ensure_packages "${APP_PACKAGES[@]}"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found (DISPLAY/WAYLAND_DISPLAY are empty): regioLab Desk is a desktop app." >&2
  echo "Run it in a desktop session, or for a look without one: xvfb-run -a scripts/run.sh" >&2
  exit 1
fi
say "Building and starting regioLab Desk"
exec cargo run -p regiolab-desk -- "$@"
