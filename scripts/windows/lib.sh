# shellcheck shell=bash
# The Windows tier, from this Linux machine: cross-building with MinGW, running Windows
# binaries and installers under Wine, and what that needs installed. Sourced, not run, by
# scripts/package-windows.sh and scripts/windows/wine-runner.sh (and by whoever builds or tests
# for Windows); safe under `set -euo pipefail`.
#
# Why each piece exists:
#   - MSVC is not possible here (its SDK is a Microsoft download), so Windows builds use the
#     GNU target x86_64-pc-windows-gnu with Debian's MinGW-w64 as linker (windows_build_env).
#   - Wine runs the results. A prefix (Wine's "C: drive" and registry) is made fresh and
#     headless for each check, so that nothing from an earlier run can make a check pass
#     (wine_prefix). Debian 12's Wine 8.0 lacks bcryptprimitives.dll, which every Rust >= 1.78
#     exe imports; wine_prefix puts a test-only stand-in into the prefix
#     (scripts/windows/bcryptprimitives.c). It is never shipped.
#   - NSIS installers are 32-bit programs, so running one under Wine needs wine32 (i386
#     multiarch) besides wine64 (ensure_windows_packages).

_windows_lib_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WINDOWS_REPO_ROOT="$(cd "$_windows_lib_dir/../.." && pwd)"
# `say` and `ensure_packages` come from the shared scripts/lib.sh.
if ! declare -F say >/dev/null; then
  # shellcheck source=scripts/lib.sh
  source "$WINDOWS_REPO_ROOT/scripts/lib.sh"
fi

WINDOWS_TARGET=x86_64-pc-windows-gnu
# Built helpers (the stand-in DLL), cached by source hash; also the default Wine prefix of
# wine-runner.sh when WINEPREFIX is not set.
WINDOWS_TOOLS_DIR="$WINDOWS_REPO_ROOT/target/windows-tools"

# Debian packages of the Windows tier:
#   mingw-w64          cross compiler/linker, strip, windres (Tauri's icon/manifest resource)
#   wine wine64        runs the 64-bit exes and the test binaries
#   wine32:i386        runs the 32-bit NSIS installer and uninstaller (needs i386 multiarch)
#   nsis               makensis, builds the installer (Debian's, with its own plugins only)
#   msitools           wixl/msiinfo, for an MSI should one be wanted (not used by default)
# Measured on Debian 12 (2 cores): the first four without wine32 in under a minute; wine32:i386
# on top: 106 new i386 packages, 163 MB download, 732 MB on disk, 64 s including apt-get update.
# Multiarch needs the amd64 and i386 copies of shared libraries at the same version, so apt may
# also upgrade some amd64 libraries (libssl3, zlib1g, ...) to the current point release.
WINDOWS_PACKAGES=(mingw-w64 wine wine64 wine32:i386 nsis msitools)

# Installs the missing packages given (default: all WINDOWS_PACKAGES) as root, non-interactive,
# enabling the i386 architecture for wine32 first; or prints the exact commands and stops.
ensure_windows_packages() {
  local missing=() pkg need_i386=0
  [ $# -gt 0 ] || set -- "${WINDOWS_PACKAGES[@]}"
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if printf '%s\n' "${missing[@]}" | grep -q ':i386$' && ! dpkg --print-foreign-architectures | grep -qx i386; then
    need_i386=1
  fi
  if [ "$(id -u)" -eq 0 ]; then
    say "Installing missing Windows-tier packages: ${missing[*]}"
    [ $need_i386 -eq 1 ] && dpkg --add-architecture i386
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    # No recommends: for wine32 they would add about 130 more i386 packages (83 MB download:
    # printing, scanning, sound, Vulkan, SDL, ...) that neither an installer nor a console
    # program needs.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    echo "Missing system packages for the Windows tier. Install them with:" >&2
    [ $need_i386 -eq 1 ] && echo "  sudo dpkg --add-architecture i386" >&2
    echo "  sudo apt-get update" >&2
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
}

# Environment for `cargo build --target x86_64-pc-windows-gnu`: MinGW as linker, C compiler
# (SQLite and other -sys crates) and archiver. Adds the Rust target with rustup if missing.
windows_build_env() {
  export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
  export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc
  export CXX_x86_64_pc_windows_gnu=x86_64-w64-mingw32-g++
  export AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar
  if command -v rustup >/dev/null 2>&1 && ! rustup target list --installed 2>/dev/null | grep -qx "$WINDOWS_TARGET"; then
    say "Adding the Rust target $WINDOWS_TARGET"
    rustup target add "$WINDOWS_TARGET"
  fi
}

# Environment for `cargo test --target x86_64-pc-windows-gnu`: windows_build_env, and test
# binaries run under Wine in the prefix DIR (made by wine_prefix, or by the runner on first use).
# The app's test binary (in deps/) loads WebView2Loader.dll, which tauri-build puts beside the
# app in debug/: Wine finds it there through WINEPATH.
windows_test_env() {
  windows_build_env
  export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$WINDOWS_REPO_ROOT/scripts/windows/wine-runner.sh"
  export WINEPATH="${CARGO_TARGET_DIR:-$WINDOWS_REPO_ROOT/target}/$WINDOWS_TARGET/debug"
  wine_env "${1:-$WINDOWS_TOOLS_DIR/wine-prefix}"
}

# Wine settings for the prefix DIR: 64-bit, quiet (WINEDEBUG=-all unless WINEDEBUG is set, e.g.
# WINEDEBUG=err+module to see which DLL is missing), no dialogs.
#   mscoree,mshtml=        no Mono/Gecko ("install .NET/HTML engine?") dialogs, nothing downloaded
#   winemenubuilder.exe=d  shortcuts made inside the prefix do not become .desktop files and
#                          menu entries of the Linux user running the tests
wine_env() {
  export WINEPREFIX="$1"
  export WINEARCH=win64
  export WINEDEBUG="${WINEDEBUG--all}"
  export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
}

# Builds the bcryptprimitives.dll stand-in once per version of its source and prints its path.
windows_stand_in_dll() {
  local src="$_windows_lib_dir/bcryptprimitives.c" def="$_windows_lib_dir/bcryptprimitives.def" hash dll
  hash=$(cat "$src" "$def" | sha256sum | cut -c1-16)
  dll="$WINDOWS_TOOLS_DIR/bcryptprimitives-$hash.dll"
  if [ ! -s "$dll" ]; then
    mkdir -p "$WINDOWS_TOOLS_DIR"
    x86_64-w64-mingw32-gcc -O2 -s -shared -o "$dll.tmp" "$src" "$def" -ladvapi32
    mv "$dll.tmp" "$dll"
  fi
  printf '%s\n' "$dll"
}

# Copies the stand-in DLL into the prefix DIR's system32 (if it is not already the same file).
wine_install_stand_in() {
  local dll
  dll=$(windows_stand_in_dll)
  cmp -s "$dll" "$1/drive_c/windows/system32/bcryptprimitives.dll" ||
    cp "$dll" "$1/drive_c/windows/system32/bcryptprimitives.dll"
}

# Creates a fresh 64-bit Wine prefix in DIR (which must not exist or be empty), with no display
# and no terminal, and puts the stand-in DLL into it; leaves wine_env set for DIR.
# Measured: 21 s and 1.3 GB on disk (Wine 8 copies its PE DLLs into every prefix; 0.5 GB of it
# is syswow64 for the 32-bit side) on 2 cores.
wine_prefix() {
  local dir="$1"
  if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
    echo "wine_prefix: $dir exists and is not empty; give a new or empty directory" >&2
    return 1
  fi
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  wine_env "$dir"
  # `wineboot -i` builds the prefix (needs no display: DISPLAY is unset so that it does not try
  # one). Then Wine's null display driver for every later program: windows (an installer's,
  # a message box) are created but never shown, so nothing needs an X server, even if DISPLAY
  # is set. A dialog that a silent run should not have shown then waits for a click nobody can
  # make: run such programs under `timeout` (package-windows.sh does). wineserver -w waits
  # until everything wineboot started has finished.
  (
    unset DISPLAY WAYLAND_DISPLAY
    timeout 300 wineboot -i </dev/null >"$dir/wineboot.log" 2>&1 || { cat "$dir/wineboot.log" >&2; exit 1; }
    wine reg add 'HKCU\Software\Wine\Drivers' /v Graphics /d null /f </dev/null >/dev/null 2>&1
    wineserver -w
  )
  [ -d "$dir/drive_c/windows/system32" ] || {
    echo "wine_prefix: wineboot did not create $dir/drive_c/windows/system32 (see $dir/wineboot.log)" >&2
    return 1
  }
  wine_install_stand_in "$dir"
}

# Stops the wineserver of the prefix DIR and deletes the prefix, and the server's socket folder
# that Wine leaves behind otherwise (one per prefix, /tmp/wine-XXXXXX/server-<dev>-<inode>).
wine_prefix_remove() {
  local dir="$1" id d
  [ -d "$dir" ] || return 0
  id=$(printf 'server-%s-%x' "$(stat -c %D "$dir")" "$(stat -c %i "$dir")")
  WINEPREFIX="$dir" wineserver -k 2>/dev/null || true
  WINEPREFIX="$dir" wineserver -w 2>/dev/null || true
  rm -rf "$dir"
  for d in "${TMPDIR:-/tmp}"/wine-*/"$id" /tmp/wine-*/"$id" "/tmp/.wine-$(id -u)/$id"; do
    [ -d "$d" ] || continue
    rm -rf "$d"
    rmdir "$(dirname "$d")" 2>/dev/null || true
  done
}

# %USERPROFILE% of $WINEPREFIX as a Linux path (Wine names the Windows user after the Unix
# login); AppData/Local and AppData/Roaming are below it, as on Windows.
wine_user_dir() {
  local user
  user=$(id -un)
  printf '%s\n' "$WINEPREFIX/drive_c/users/$user"
}
