# Shared by scripts/run.sh and scripts/test.sh: make sure what regioLab Desk needs is installed.
# Sourced, not run.

# What Tauri (WebKitGTK) needs to build and run the app.
APP_PACKAGES=(libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev librsvg2-dev libjavascriptcoregtk-4.1-dev build-essential pkg-config)
# What the end-to-end tests need: a virtual display, WebKit's WebDriver, and xdotool to answer
# the system's save dialog (a GTK window, out of WebDriver's reach).
E2E_PACKAGES=(xvfb webkit2gtk-driver xdotool)
# What the sync tests need: a real WebDAV server (Apache with mod_dav) started on 127.0.0.1, and
# a real desktop keyring (GNOME Keyring on a private D-Bus session bus) for the passphrase.
SYNC_PACKAGES=(apache2 dbus-daemon dbus-bin gnome-keyring libsecret-tools)
# What the document tests need: PDF text and page images (poppler), QR decoding (zbar).
DOCUMENT_PACKAGES=(poppler-utils zbar-tools)
# What the CLI's import test measures the real binary with: GNU time (`/usr/bin/time -v`, its
# peak memory on a zip bomb).
CLI_PACKAGES=(time)
# What building and checking the .deb needs: desktop-file-validate, and npm for the prebuilt
# Tauri CLI (Debian's npm only when no npm is there: a NodeSource nodejs brings its own).
PACKAGE_PACKAGES=(desktop-file-utils)
command -v npm >/dev/null 2>&1 || PACKAGE_PACKAGES+=(npm)

# Each step says how long the script has run so far, so a slow CI run shows where time went.
say() { printf '\n\033[1m== %s\033[0m  (%dm%02ds)\n' "$*" $((SECONDS / 60)) $((SECONDS % 60)); }

# Installs the Debian/Ubuntu packages given that are missing (as root), or prints the exact
# command to run and stops.
ensure_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    say "Installing missing system packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  else
    echo "Missing system packages. Install them with:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
}

ensure_cargo() {
  if ! command -v cargo >/dev/null 2>&1; then
    echo "Rust is missing. Install it from https://rustup.rs, then run this again." >&2
    exit 1
  fi
}

# tauri-driver (the WebDriver bridge to the app) comes from crates.io.
ensure_tauri_driver() {
  if command -v tauri-driver >/dev/null 2>&1 || [ -x "$HOME/.cargo/bin/tauri-driver" ]; then
    return 0
  fi
  say "Installing tauri-driver"
  cargo install tauri-driver --locked --version '^2'
}
