#!/usr/bin/env bash
# Runs all tests of regioLab Desk: formatting and lints, the UI's DOM-free modules (node --test),
# core (unit, scenario and property
# tests on real SQLite files), the CLI's real binary (with a real WebDAV server and a real
# keyring), the app, the end-to-end tests of the real app in the real WebKit webview (under its
# own Xvfb, started by the tests), and the .deb package (bundled, checked, installed and started
# once), the GitHub workflow files (actionlint), and a Windows tier: core, the CLI and the app
# cross-built for Windows, their tests run under Wine, and the per-user installer
# built, installed and removed under Wine.
#
# `scripts/test.sh core`: the inner loop — formatting, core's lints and core's tests only (unit,
# scenario, property and layer tests), without building the CLI, the app or Windows.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source scripts/windows/lib.sh

# Every cargo test's output also goes to a log, to add up the results at the end.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# --no-fail-fast: one run shows every failing test, not just the first test binary's.
cargo_test() { cargo test --no-fail-fast "$@" 2>&1 | tee -a "$log"; }

if [[ "${1:-}" == core ]]; then
  ensure_cargo
  ensure_packages "${DOCUMENT_PACKAGES[@]}"
  export PATH="$HOME/.cargo/bin:$PATH"
  say "Formatting"
  cargo fmt --all -- --check
  say "Lints (core)"
  cargo clippy -p regiolab-core --all-targets --locked -- -D warnings
  say "Tests (core)"
  cargo_test -p regiolab-core --locked
  say "Core's tests passed"
  exit 0
elif [[ $# -gt 0 ]]; then
  echo "Usage: scripts/test.sh [core]" >&2
  exit 2
fi

ensure_cargo
ensure_packages "${APP_PACKAGES[@]}" "${E2E_PACKAGES[@]}" "${SYNC_PACKAGES[@]}" "${DOCUMENT_PACKAGES[@]}" "${CLI_PACKAGES[@]}" "${PACKAGE_PACKAGES[@]}"
ensure_windows_packages
ensure_tauri_driver
export PATH="$HOME/.cargo/bin:$PATH"

say "Formatting"
cargo fmt --all -- --check

say "UI modules without the DOM (node --test: the door's input rules)"
bash scripts/test-ui.sh

# One build of the whole workspace with one set of features, then every test against it: testing
# crate by crate (-p) would compile the shared dependencies once per crate's feature set.
say "Build (all crates, tests and the app; ui/ is embedded into the app)"
cargo build --workspace --all-targets --locked

# After the build: the lint pass reuses its build scripts and proc macros.
say "Lints"
cargo clippy --workspace --all-targets --locked -- -D warnings

say "Tests: core, CLI (real WebDAV server, real keyring), app, end-to-end (real app in the real WebKit webview)"
# End-to-end tests take turns by themselves: one app, display and driver at a time.
cargo_test --workspace --locked

say "Package (.deb by Tauri's bundler, installed and started once)"
# The very debug build the end-to-end tests used, bundled: the release package is
# scripts/package.sh.
bash scripts/package.sh --debug

say "Workflows (actionlint): the native Windows and macOS CI"
bash scripts/lint-workflows.sh

# A fresh Wine prefix for this run (made by the runner on first use), removed at the end.
wine_home=$(mktemp -d)
trap 'rm -f "$log"; wine_prefix_remove "$wine_home/prefix"; rm -rf "$wine_home"' EXIT
windows_test_env "$wine_home/prefix"

say "Windows tier: build of core, CLI and app for x86_64-pc-windows-gnu (MinGW)"
# The e2e crate drives WebKit under Xvfb: on Windows it runs in the native CI workflow only.
cargo build --target "$WINDOWS_TARGET" --workspace --exclude regiolab-e2e --all-targets --locked

say "Windows tier: core, CLI and app tests under Wine (tests that need Linux programs say why they skip)"
# The same packages as the build above, so the same features: nothing is compiled again.
cargo_test --target "$WINDOWS_TARGET" --workspace --exclude regiolab-e2e --locked

say "Windows tier: installer (built from the debug build, installed and removed under Wine)"
bash scripts/package-windows.sh --debug

say "All tests passed"
awk '/^test result:/ { p += $4; f += $6; i += $8 } END { printf "%d passed, %d failed, %d ignored (Linux and Wine together)\n", p, f, i }' "$log"
