#!/usr/bin/env bash
# Builds regioLab Desk's Windows installer from already cross-built Windows exes, and checks
# it by installing and uninstalling it silently under Wine in a fresh prefix. It compiles no
# Rust: the exes come from `cargo build --target x86_64-pc-windows-gnu` (see the message it
# prints when one is missing).
#
#   scripts/package-windows.sh              release: target/x86_64-pc-windows-gnu/release/
#   scripts/package-windows.sh --debug      debug:   target/x86_64-pc-windows-gnu/debug/ (zlib,
#                                           faster to build; release uses LZMA)
#   scripts/package-windows.sh --from DIR   the three files from DIR (e.g. stand-ins), output
#                                           in DIR/bundle/
#   … --no-check                            only build the installer (no Wine needed)
#
# Result: target/x86_64-pc-windows-gnu/<profile>/bundle/regiolab-desk_<version>_x64-setup.exe
# (version from [workspace.package] in Cargo.toml). The installer script is
# src-tauri/packaging/windows/installer.nsi (its header lists switches and exit codes).
#
# The check, each step an assertion that says what it expected where:
#   1. silent install (/LANG=en) with no WebView2: exit code 4 and the note on stdout and in
#      install.log; app, CLI, WebView2Loader.dll, uninstaller in the user's
#      AppData\Local\Programs\regioLab Desk; Start-menu shortcut; HKCU uninstall key.
#   2. the installed app, without WebView2, says so in German and writes nothing; the installed
#      CLI writes its data file into AppData\Local\regioLab Desk.
#   3. silent uninstall: program files, shortcut and key gone, the data file kept.
#   4. silent install (/LANG=de) with WebView2 registered machine-wide: exit code 0; then an
#      update over it with WebView2 registered per user: exit code 0 (both registry places
#      Tauri checks).
#   5. silent uninstall with /PURGE: the data folder gone too.
# It prints `installer: N bytes, installed: M bytes` (for docs/BENCHMARKS.md) and the time.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source scripts/windows/lib.sh

profile=release
from=""
check=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --debug) profile=debug ;;
    --from) from="${2:?--from needs a directory}"; shift ;;
    --no-check) check=0 ;;
    *) echo "usage: scripts/package-windows.sh [--debug] [--from DIR] [--no-check]" >&2; exit 2 ;;
  esac
  shift
done

if [[ $check -eq 1 ]]; then
  ensure_windows_packages
else
  ensure_windows_packages mingw-w64 nsis
fi

version=$(awk -F'"' '/^\[workspace\.package\]/ { on = 1; next } /^\[/ { on = 0 } on && /^version *=/ { print $2; exit }' Cargo.toml)
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || { echo "no version in [workspace.package] of Cargo.toml" >&2; exit 1; }

if [[ -n $from ]]; then
  src="$(cd "$from" && pwd)"
  bundle="$src/bundle"
else
  src="$PWD/target/$WINDOWS_TARGET/$profile"
  bundle="$src/bundle"
fi
release_flag=""
[[ $profile == release ]] && release_flag=" --release"
declare -A built_by=(
  [regiolab-desk.exe]="cargo build -p regiolab-desk --target $WINDOWS_TARGET --locked$release_flag"
  [WebView2Loader.dll]="cargo build -p regiolab-desk --target $WINDOWS_TARGET --locked$release_flag   (tauri-build copies it beside the exe)"
  [regiolab.exe]="cargo build -p regiolab-cli --target $WINDOWS_TARGET --locked$release_flag"
)
for file in regiolab-desk.exe WebView2Loader.dll regiolab.exe; do
  if [[ ! -s "$src/$file" ]]; then
    echo "package-windows: $src/$file is missing. Build it with:" >&2
    echo "  source scripts/windows/lib.sh && windows_build_env && ${built_by[$file]}" >&2
    exit 1
  fi
  if ! x86_64-w64-mingw32-objdump -f "$src/$file" 2>/dev/null | grep -q 'file format pei-x86-64'; then
    echo "package-windows: $src/$file is not a 64-bit Windows file (x86_64-w64-mingw32-objdump -f)" >&2
    exit 1
  fi
done

say "Building the installer ($profile, version $version)"
mkdir -p "$WINDOWS_TOOLS_DIR" "$bundle"
stage=$(mktemp -d "$WINDOWS_TOOLS_DIR/stage.XXXXXX")
prefix=""
cleanup() {
  rm -rf "$stage"
  [[ -z $prefix ]] || wine_prefix_remove "$prefix"
}
trap cleanup EXIT
# Stripped copies of our exes (debug info is most of a debug build); WebView2Loader.dll is
# Microsoft's, signed, and copied as it is.
for exe in regiolab-desk.exe regiolab.exe; do
  x86_64-w64-mingw32-strip -o "$stage/$exe" "$src/$exe"
done
cp "$src/WebView2Loader.dll" "$stage/"
installer="$bundle/regiolab-desk_${version}_x64-setup.exe"
rm -f "$installer"
build_start=$SECONDS
# Release: LZMA, the smallest. Debug (the test command's build, never shipped): zlib, which
# builds about 5 times faster from the big debug exes.
compressor=lzma
[[ $profile == debug ]] && compressor=zlib
# VERSION_QUAD: the four numbers Windows wants in the version resource (0.1.0-beta.1 → 0.1.0.0).
makensis -V2 -WX -DVERSION="$version" -DVERSION_QUAD="${version%%[-+]*}.0" -DCOMPRESSOR="$compressor" \
  -DSOURCE_DIR="$stage" -DOUTFILE="$installer" -DICON="$PWD/icons/icon.ico" \
  src-tauri/packaging/windows/installer.nsi
echo "built $installer ($compressor) in $((SECONDS - build_start)) s"
installer_bytes=$(stat -c %s "$installer")

if [[ $check -eq 0 ]]; then
  echo "installer: $installer_bytes bytes"
  exit 0
fi

# ---- The check under Wine -----------------------------------------------------------------
fail() {
  echo "installer check failed: $*" >&2
  exit 1
}
expect_file() { [[ -s "$1" ]] || fail "expected $2 at $1"; }
expect_gone() { [[ ! -e "$1" ]] || fail "expected $2 to be gone, but $1 is there"; }
# Runs a Windows program, without the caller's regioLab settings leaking into Wine's
# environment, and within a time limit: under Wine's null display driver a dialog nobody can
# see waits forever, and a silent run that hangs is a failure.
win_limit=90
win() {
  local code=0
  timeout "$win_limit" env -u REGIOLAB_DATA -u REGIOLAB_EXPORTS -u REGIOLAB_NOW wine "$@" || code=$?
  [[ $code -ne 124 ]] || fail "expected 'wine $*' to finish within $win_limit s; it hung (waiting for a dialog?)"
  return "$code"
}
# Waits until every Windows program in the prefix has ended (the uninstaller's copy, say).
wine_wait() {
  timeout "$win_limit" wineserver -w ||
    fail "expected all Windows programs to end within $win_limit s; one hung (waiting for a dialog?)"
}
uninstall_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\regioLab Desk'
webview2_guid='{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}'

check_start=$SECONDS
say "Fresh Wine prefix"
prefix=$(mktemp -d "$WINDOWS_TOOLS_DIR/check-prefix.XXXXXX")
wine_prefix "$prefix"
echo "prefix made in $((SECONDS - check_start)) s"
user_dir=$(wine_user_dir)
programs="$user_dir/AppData/Local/Programs/regioLab Desk"
shortcut="$user_dir/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/regioLab Desk.lnk"
data_dir="$user_dir/AppData/Local/regioLab Desk"
win_programs="C:\\users\\$(id -un)\\AppData\\Local\\Programs\\regioLab Desk"

# Installs silently (wine waits for the installer) and checks its exit code.
install_silently() { # expected-exit-code installer-args...
  local expected=$1 code=0
  shift
  win "$installer" /S "$@" >"$prefix/install.out" 2>&1 || code=$?
  wine_wait
  [[ $code -eq $expected ]] || {
    cat "$prefix/install.out" >&2
    fail "expected exit code $expected from '$(basename "$installer") /S $*', got $code"
  }
}
# The uninstaller copies itself to %TEMP% and returns at once; wineserver -w waits for the copy.
uninstall_silently() {
  expect_file "$programs/uninstall.exe" "the uninstaller"
  win "$programs/uninstall.exe" /S "$@" || fail "expected 'uninstall.exe /S $*' to start (exit code $?)"
  wine_wait
}
# Checks what an install leaves: files, shortcut (and its target), the HKCU uninstall key.
expect_installed() {
  local f value
  for f in regiolab-desk.exe regiolab.exe WebView2Loader.dll uninstall.exe install.log; do
    expect_file "$programs/$f" "$f (installed)"
  done
  expect_file "$shortcut" "the Start-menu shortcut"
  # (Read whole into a variable first: `grep -q` in a pipe may end it early, and pipefail
  # would count the writer's SIGPIPE as a failure.)
  value=$(x86_64-w64-mingw32-strings -el "$shortcut"; x86_64-w64-mingw32-strings "$shortcut")
  grep -qiF "$win_programs\\regiolab-desk.exe" <<<"$value" ||
    fail "expected the shortcut $shortcut to point at $win_programs\\regiolab-desk.exe"
  value=$(win reg query "$uninstall_key" 2>/dev/null | tr -d '\r') ||
    fail "expected the registry key $uninstall_key (wine reg query)"
  grep -q "DisplayName *REG_SZ *regioLab Desk$" <<<"$value" || fail "expected DisplayName 'regioLab Desk' in $uninstall_key, got: $value"
  grep -q "DisplayVersion *REG_SZ *$version$" <<<"$value" || fail "expected DisplayVersion $version in $uninstall_key, got: $value"
  grep -qF "\"$win_programs\\uninstall.exe\"" <<<"$value" || fail "expected UninstallString \"$win_programs\\uninstall.exe\" in $uninstall_key, got: $value"
}
# install.log (UTF-16 with BOM, as Notepad likes it) as UTF-8 lines.
log_text() {
  local text
  text=$(iconv -f UTF-16 -t UTF-8 "$programs/install.log" | tr -d '\r')
  printf '%s\n' "$text"
}
expect_in_log() { # pattern what
  local text
  text=$(log_text)
  grep -q "$1" <<<"$text" || fail "expected $2 in $programs/install.log, got: $text"
}

say "Install 1: silent, English, no WebView2"
install_silently 4 /LANG=en
out=$(cat "$prefix/install.out")
grep -q 'Microsoft Edge WebView2 is missing' <<<"$out" ||
  fail "expected the English WebView2 note on the installer's stdout, got: $out"
expect_installed
expect_in_log "^regioLab Desk $version$" "'regioLab Desk $version'"
expect_in_log '^WebView2: Microsoft Edge WebView2 is missing' "the English WebView2 note"
installed_bytes=$(du -sb "$programs" | cut -f1)

say "The installed app without WebView2: says so in German, writes nothing"
# Wine has no WebView2. The app must say what to do (console and message box) instead of
# Tauri's English dialog, before it opens or writes anything. Its message box waits for a click
# under Wine's null display driver, so the app is ended once the message is there.
env -u REGIOLAB_DATA -u REGIOLAB_EXPORTS -u REGIOLAB_NOW wine "$programs/regiolab-desk.exe" \
  >"$prefix/app.out" 2>&1 &
app=$!
for _ in $(seq 1 150); do
  grep -q 'regioLab Desk braucht Microsoft Edge WebView2' "$prefix/app.out" && break
  kill -0 "$app" 2>/dev/null || break
  sleep 0.2
done
kill "$app" 2>/dev/null || true
wait "$app" 2>/dev/null || true
wine_wait
out=$(cat "$prefix/app.out")
grep -q 'regioLab Desk braucht Microsoft Edge WebView2' <<<"$out" ||
  fail "expected the app's German WebView2 message within 30 s, got: $out"
expect_gone "$data_dir/desk.sqlite3" "a data file written by an app that cannot show its window"

say "The installed CLI writes the data file"
win "$programs/regiolab.exe" --json demo --people 20 --workshops 2 >"$prefix/cli.out" 2>&1 || {
  cat "$prefix/cli.out" >&2
  fail "expected '$programs/regiolab.exe --json demo --people 20 --workshops 2' to succeed"
}
wine_wait
expect_file "$data_dir/desk.sqlite3" "the data file written by the installed regiolab.exe"

say "Uninstall 1: silent, keeps the data"
uninstall_silently
expect_gone "$programs" "the program folder"
expect_gone "$shortcut" "the Start-menu shortcut"
win reg query "$uninstall_key" >/dev/null 2>&1 && fail "expected the registry key $uninstall_key to be gone"
expect_file "$data_dir/desk.sqlite3" "the data file, kept by a plain uninstall"

say "Install 2: silent, German, WebView2 machine-wide; then an update with WebView2 per user"
# Machine-wide WebView2 registers in the 32-bit registry view (HKLM\SOFTWARE\WOW6432Node\… as
# 64-bit programs see it). Written with /reg:32: in Wine 8, `reg add` on the WOW6432Node path
# itself lands in Software\Wow6432Node\WOW6432Node\…, where no program looks.
win reg add "HKLM\\SOFTWARE\\Microsoft\\EdgeUpdate\\Clients\\$webview2_guid" /v pv /d 131.0.2903.70 /f /reg:32 >/dev/null 2>&1
install_silently 0 /LANG=de
expect_installed
expect_in_log '^WebView2: 131.0.2903.70$' "'WebView2: 131.0.2903.70' (registered machine-wide)"
win reg delete "HKLM\\SOFTWARE\\Microsoft\\EdgeUpdate\\Clients\\$webview2_guid" /f /reg:32 >/dev/null 2>&1
win reg add "HKCU\\Software\\Microsoft\\EdgeUpdate\\Clients\\$webview2_guid" /v pv /d 131.0.2903.99 /f >/dev/null 2>&1
install_silently 0
expect_installed
expect_in_log '^WebView2: 131.0.2903.99$' "'WebView2: 131.0.2903.99' (registered per user)"
expect_file "$data_dir/desk.sqlite3" "the data file, untouched by installing again"

say "Uninstall 2: silent with /PURGE, removes the data"
uninstall_silently /PURGE
expect_gone "$programs" "the program folder"
expect_gone "$shortcut" "the Start-menu shortcut"
win reg query "$uninstall_key" >/dev/null 2>&1 && fail "expected the registry key $uninstall_key to be gone"
expect_gone "$data_dir" "the data folder after 'uninstall.exe /S /PURGE'"

say "Installer checked"
echo "installer: $installer_bytes bytes, installed: $installed_bytes bytes"
echo "check took $((SECONDS - check_start)) s (fresh prefix included)"
echo "$installer"

# scripts/bench.sh: the release package's figures go into docs/BENCHMARKS.md, in place of this
# section's earlier version (from its marker to the next one), the rest of the file as it was.
if [[ -n ${REGIOLAB_BENCH_OUT:-} && $profile == release && -z $from ]]; then
  mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
  marker='<!-- windows package, written by scripts/bench.sh (scripts/package-windows.sh) -->'
  section=$(cat <<SECTION
$marker

## Windows package

Cross-built on this Linux machine for \`x86_64-pc-windows-gnu\` (MinGW), release, stripped as the
installer ships them: the app \`regiolab-desk.exe\` $(mib "$(stat -c %s "$stage/regiolab-desk.exe")"), the
command line \`regiolab.exe\` $(mib "$(stat -c %s "$stage/regiolab.exe")"), \`WebView2Loader.dll\`
$(mib "$(stat -c %s "$stage/WebView2Loader.dll")"). The per-user installer (NSIS, LZMA):
**$(mib "$installer_bytes")**; installed (program folder under Wine, uninstaller included): **$(mib "$installed_bytes")**.

Start-up and memory on Windows cannot be measured here (Wine has no WebView2). On a real Windows
10/11 laptop, the comparison against a bare Tauri window goes as on Linux:
1. Build both natively (MSVC): \`cargo build --release -p regiolab-desk -p regiolab-cli\` and
   \`cargo build --release\` in \`bench/bare-window\`; demo files with \`regiolab.exe --data demo.sqlite3
   demo\` and \`regiolab.exe --data big.sqlite3 demo --people 50000 --workshops 500\`.
2. Start each program 10 times (after one start to warm the disk cache) through tauri-driver with
   Microsoft's Edge WebDriver (\`tests/tests/e2e/startup.rs\` with \`MSEDGEDRIVER\` set): start = from asking
   for the session until it stands (window up, page loaded); take the median.
3. 1.5 s after each start, the memory of the program and its WebView2 processes (\`msedgewebview2.exe\`:
   browser, renderer, GPU): e.g. \`Get-CimInstance Win32_Process\` for the process tree, summing
   \`WorkingSetSize\` (as RSS) and the private working set from \`Get-Counter '\\Process(*)\\Working Set -
   Private'\` (closest to PSS); the median of 10.
4. Ratios against the bare window; targets as on Linux: start ≤ 1.3, memory ≤ 1.3.
SECTION
)
  tmp=$(mktemp)
  # (Through the environment: awk -v would read backslashes as escapes.)
  MARKER="$marker" SECTION="$section" awk '
    $0 == ENVIRON["MARKER"] { print ENVIRON["SECTION"]; skip = 1; done = 1; next }
    skip && /^<!-- / { skip = 0; print "" }
    !skip { print }
    END { if (!done) { print ""; print ENVIRON["SECTION"] } }
  ' "$REGIOLAB_BENCH_OUT" >"$tmp"
  mv "$tmp" "$REGIOLAB_BENCH_OUT"
  echo "written to $REGIOLAB_BENCH_OUT"
fi
