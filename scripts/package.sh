#!/usr/bin/env bash
# Builds regioLab Desk's .deb with Tauri's bundler (the official prebuilt Tauri CLI from npm,
# same version as the tauri crate) and checks it: package data, desktop entry, icons, and that
# the installed app starts headless and writes its demo data.
#   scripts/package.sh            release package: target/release/bundle/deb/*.deb
#   scripts/package.sh --debug    the debug build as it is (built if missing), bundled: what the
#                                 test command checks, after the end-to-end tests ran that build
# AppImage and other bundles that download tools at build time are not built here.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

profile=release
if [[ "${1:-}" == "--debug" ]]; then
  profile=debug
fi

ensure_cargo
ensure_packages "${APP_PACKAGES[@]}" "${PACKAGE_PACKAGES[@]}"
TAURI_CLI_VERSION=2.12.5
cli=target/tauri-cli/node_modules/.bin/tauri
if ! "$cli" --version 2>/dev/null | grep -q "$TAURI_CLI_VERSION"; then
  say "Tauri CLI $TAURI_CLI_VERSION (npm, prebuilt)"
  npm install --prefix target/tauri-cli --no-audit --no-fund "@tauri-apps/cli@$TAURI_CLI_VERSION" >/dev/null
fi

say "Building the .deb ($profile)"
rm -rf "target/$profile/bundle/deb"
if [[ $profile == debug ]]; then
  # Bundles the binary as built (a `tauri build` would compile it again with the app crate's
  # features alone, not the workspace's).
  [[ -x target/debug/regiolab-desk ]] || cargo build -p regiolab-desk --locked
  (cd src-tauri && "../$cli" bundle --debug --bundles deb --ci)
else
  (cd src-tauri && "../$cli" build --bundles deb --ci)
fi
deb=$(ls target/$profile/bundle/deb/*.deb)

say "Checking $deb"
fail() { echo "package check failed: $*" >&2; exit 1; }
info=$(dpkg-deb --info "$deb")
grep -q '^ Package: regiolab-desk$' <<<"$info" || fail "package name"
grep -q '^ Depends:.*libwebkit2gtk-4.1-0' <<<"$info" || fail "depends on WebKitGTK"
grep -q '^ Description: Check-in und Anwesenheit' <<<"$info" || fail "description"
contents=$(dpkg-deb --contents "$deb")
for path in usr/bin/regiolab-desk usr/share/applications/regiolab-desk.desktop \
            usr/share/icons/hicolor/32x32/apps/regiolab-desk.png \
            usr/share/icons/hicolor/128x128/apps/regiolab-desk.png \
            usr/share/icons/hicolor/256x256@2/apps/regiolab-desk.png \
            usr/share/icons/hicolor/512x512/apps/regiolab-desk.png; do
  grep -q " $path\$" <<<"$contents" || fail "$path missing"
done
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root/pkg"
desktop="$root/pkg/usr/share/applications/regiolab-desk.desktop"
grep -q '^Name\[de\]=regioLab Desk$' "$desktop" || fail "German name"
grep -q '^Comment\[en\]=Check participants in' "$desktop" || fail "English description"
grep -q '^Exec=regiolab-desk$' "$desktop" || fail "Exec line"
desktop-file-validate "$desktop" || fail "desktop entry does not validate"

# Installed for real when we may (CI runs as root), else started from the unpacked package.
if [[ $EUID -eq 0 ]]; then
  dpkg -i "$deb" >/dev/null
  app=/usr/bin/regiolab-desk
else
  app="$root/pkg/usr/bin/regiolab-desk"
fi
say "Starting $app headless once"
Xvfb :97 -screen 0 1366x768x24 >/dev/null 2>&1 &
xvfb=$!
DISPLAY=:97 REGIOLAB_EXPORTS="$root/exports" "$app" --data "$root/first-start.sqlite3" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  [[ -s "$root/first-start.sqlite3" ]] && sleep 1 && break
  sleep 0.2
done
alive=1
kill -0 "$pid" 2>/dev/null || alive=0
kill "$pid" "$xvfb" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
[[ $alive -eq 1 ]] || fail "the installed app did not keep running"
# The CLI as the workspace build made it (`cargo run -p` would build it with other features).
[[ -x target/debug/regiolab ]] || cargo build -q -p regiolab-cli --locked
workshops=$(target/debug/regiolab --data "$root/first-start.sqlite3" --json workshops)
grep -q '"title"' <<<"$workshops" || fail "the installed app did not write its demo data"
if [[ $EUID -eq 0 ]]; then
  dpkg -r regiolab-desk >/dev/null
fi
say "Package ok: $deb"
