#!/usr/bin/env bash
# Runs the unit tests of the UI's DOM-free modules (tests/ui/*.test.mjs: the door's input rules)
# with Node's built-in test runner; no npm packages. Exit code 1 when a test fails. The check-in
# screen itself (DOM, timers, calls to the core) is tested end to end in tests/tests/e2e/checkin.rs.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null 2>&1; then
  echo "Node.js is missing. Install it with:" >&2
  echo "  sudo apt-get install -y nodejs" >&2
  exit 1
fi
echo "node $(node --version)"
# The files by name: how --test treats a folder differs between Node versions.
node --test tests/ui/*.test.mjs
