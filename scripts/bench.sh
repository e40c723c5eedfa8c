#!/usr/bin/env bash
# Measures what docs/BENCHMARKS.md reports and rewrites it: the door's search and durable
# check-in (core bench, release build) and the attendance grid's render time in the real
# webview, typing latency with 50,000 people, and start-up and memory against a bare Tauri window
# (end-to-end tests that write their sections when REGIOLAB_BENCH_OUT is set), and the Windows
# package's sizes (release cross-build, scripts/package-windows.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_cargo
ensure_packages "${APP_PACKAGES[@]}" "${E2E_PACKAGES[@]}"
ensure_tauri_driver
export PATH="$HOME/.cargo/bin:$PATH"

say "Core benchmark (release; the concurrent-writers part runs the release CLI)"
cargo build -p regiolab-cli --release --locked
REGIOLAB_BENCH_CLI="$PWD/target/release/regiolab" cargo bench -p regiolab-core --locked

say "Attendance grid in the webview"
cargo build -p regiolab-desk --locked
REGIOLAB_BENCH_OUT="$PWD/docs/BENCHMARKS.md" \
  cargo test -p regiolab-e2e --locked --test e2e -- --test-threads=1 --exact attendance::grid_of_200_people_and_6_sessions_render_time

say "Typing latency at the door with 50,000 people"
cargo build -p regiolab-cli --release --locked
big=$(mktemp -d)
trap 'rm -rf "$big"' EXIT
target/release/regiolab --data "$big/desk.sqlite3" demo --people 50000 --workshops 500 >/dev/null
REGIOLAB_BENCH_DATA="$big/desk.sqlite3" REGIOLAB_BENCH_OUT="$PWD/docs/BENCHMARKS.md" \
  cargo test -p regiolab-e2e --locked --test e2e -- --ignored --test-threads=1 latency::

say "Start-up and memory against a bare Tauri window (release builds)"
cargo build -p regiolab-desk --release --locked
(cd bench/bare-window && CARGO_TARGET_DIR="$OLDPWD/target" cargo build --release --locked)
target/release/regiolab --data "$big/demo.sqlite3" demo >/dev/null
REGIOLAB_BENCH_APP="$PWD/target/release/regiolab-desk" REGIOLAB_BENCH_BARE="$PWD/target/release/bare-window" \
  REGIOLAB_BENCH_DEMO="$big/demo.sqlite3" REGIOLAB_BENCH_DATA="$big/desk.sqlite3" \
  REGIOLAB_BENCH_OUT="$PWD/docs/BENCHMARKS.md" \
  cargo test -p regiolab-e2e --locked --test e2e -- --ignored --test-threads=1 startup::

say "Windows package (release cross-build, installer checked under Wine)"
source scripts/windows/lib.sh
ensure_windows_packages
windows_build_env
cargo build --target "$WINDOWS_TARGET" -p regiolab-desk -p regiolab-cli --release --locked
REGIOLAB_BENCH_OUT="$PWD/docs/BENCHMARKS.md" bash scripts/package-windows.sh

say "Written to docs/BENCHMARKS.md"
