#!/usr/bin/env bash
# Cargo's runner for Windows binaries on Linux: runs "$@" (a Windows exe and its arguments)
# under Wine, so that `cargo test --target x86_64-pc-windows-gnu` and `cargo run --target …`
# work here. Use it as
#   CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=/path/to/scripts/windows/wine-runner.sh
# (windows_test_env in scripts/windows/lib.sh sets that and the prefix).
#
# The prefix is $WINEPREFIX; if that is unset, target/windows-tools/wine-prefix, made on first
# use. A prefix that lacks the bcryptprimitives.dll stand-in gets it (without it every Rust exe
# fails to load under Debian's Wine 8 with c0000135). stdin, stdout and stderr are the exe's
# own, and the exe's exit code is this script's (a failed Rust test run is 101; codes
# above 255 wrap as on Unix). Wine's own chatter is off (WINEDEBUG=-all unless
# set); a DLL that cannot be found shows as exit code 53, and the runner then says so.
set -euo pipefail
# shellcheck source=scripts/windows/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ $# -eq 0 ]]; then
  echo "usage: wine-runner.sh PROGRAM.exe [ARGS...]" >&2
  exit 2
fi

prefix="${WINEPREFIX:-$WINDOWS_TOOLS_DIR/wine-prefix}"
if [[ ! -d "$prefix/drive_c/windows/system32" ]]; then
  # Made once, under a lock, so that parallel runners do not build the same prefix twice.
  mkdir -p "$WINDOWS_TOOLS_DIR"
  exec 9>"$WINDOWS_TOOLS_DIR/wine-prefix.lock"
  flock 9
  if [[ ! -d "$prefix/drive_c/windows/system32" ]]; then
    echo "wine-runner: creating the Wine prefix $prefix (about 20 s, once)" >&2
    # A half-made default prefix (an interrupted first run) is made again; any other
    # directory is left alone (wine_prefix refuses one that is not empty).
    [[ $prefix != "$WINDOWS_TOOLS_DIR/wine-prefix" ]] || rm -rf "$prefix"
    wine_prefix "$prefix" >&2
  fi
  flock -u 9
  exec 9>&-
fi
wine_env "$prefix"
wine_install_stand_in "$prefix"

# The exe runs in Windows: a program it starts (the CLI tests start regiolab.exe) must be started
# as a Windows program, not through this Linux script, which assert_cmd would otherwise put in
# front of it when it finds this variable.
unset CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER

status=0
wine "$@" || status=$?
if [[ $status -eq 53 && $WINEDEBUG == -all ]]; then
  # 53 is how Wine reports c0000135, a DLL not found, which WINEDEBUG=-all otherwise hides.
  echo "wine-runner: exit code 53 may mean a DLL was not found (c0000135);" \
    "run again with WINEDEBUG=err+module to see which" >&2
fi
exit "$status"
