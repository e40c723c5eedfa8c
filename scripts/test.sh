#!/usr/bin/env bash
# Runs all tests of regioLab Desk: formatting and lints, core (unit, scenario and property
# tests on real SQLite files), the CLI's real binary (with a real WebDAV server), the app, the
# end-to-end tests of the real app in the real WebKit webview (under its own Xvfb, started by
# the tests), and the .deb package (built, checked, installed and started once).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

# Every cargo test's output also goes to a log, to add up the results at the end.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo_test() { cargo test "$@" 2>&1 | tee -a "$log"; }

ensure_cargo
ensure_packages "${APP_PACKAGES[@]}" "${E2E_PACKAGES[@]}" "${SYNC_PACKAGES[@]}" "${DOCUMENT_PACKAGES[@]}"
ensure_tauri_driver
export PATH="$HOME/.cargo/bin:$PATH"

say "Formatting"
cargo fmt --all -- --check

say "Lints"
cargo clippy --workspace --all-targets --locked -- -D warnings

say "Core"
cargo_test -p regiolab-core --locked

say "CLI"
cargo_test -p regiolab-cli --locked

say "Desktop app"
# The e2e tests drive this very binary; ui/ is embedded into it at build time.
cargo build -p regiolab-desk --locked
cargo_test -p regiolab-desk --locked

say "End-to-end (real app, real WebKit webview)"
# One app at a time: each test starts its own display, driver and app.
cargo_test -p regiolab-e2e --locked -- --test-threads=1

say "Package (.deb by Tauri's bundler, installed and started once)"
# From the debug build the end-to-end tests used: the release package is scripts/package.sh.
bash scripts/package.sh --debug

say "All tests passed"
awk '/^test result:/ { p += $4; f += $6 } END { printf "%d passed, %d failed\n", p, f }' "$log"
