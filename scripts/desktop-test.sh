#!/usr/bin/env bash
# The desktop app's tests (issue 13): installs what a fresh Debian machine lacks for them
# (WebKitGTK and Tauri's build libraries, Chromium, the page's npm packages), then runs
#   1. the commands on Tauri's mock runtime (cargo test -p campanile-desktop), which also
#      records the browser tests' IPC fixture and the basemap's tiles;
#   2. the page in Chromium (playwright-core) against a static server on 127.0.0.1, the IPC
#      answered from that fixture, axe-core on every screen; screenshots to docs/screenshots/;
#   3. the real app (its commands, the core, WebKitGTK) under Xvfb through tauri-driver
#      (cargo install into target/tools) and Debian's WebKitWebDriver, its desk signed in to
#      a real hub (campanile-hub --dev-login) on 127.0.0.1.
# Skips nothing silently: a missing tool is installed or the script fails.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

apt_packages=(
  build-essential pkg-config libssl-dev libdbus-1-dev
  libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev
  chromium webkit2gtk-driver xvfb xauth
)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node 20 or later with npm: Debian's when there is none (a NodeSource `nodejs` already has npm).
command -v npm >/dev/null || missing+=(nodejs npm)
if ((${#missing[@]})); then
  echo "desktop-test: installing ${missing[*]}"
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO=sudo
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

ui=app-tauri/ui
npm ci --prefix "$ui" --no-audit --no-fund
npm run build --prefix "$ui"

fixtures=$root/$ui/tests/fixtures
rm -rf "$fixtures"
mkdir -p "$fixtures"
CAMPANILE_UI_FIXTURES=$fixtures cargo test -p campanile-desktop

CAMPANILE_UI_FIXTURES=$fixtures CHROMIUM=${CHROMIUM:-/usr/bin/chromium} \
  node --test "$ui/tests/ui.test.mjs"
echo "desktop-test: figures $(tr -d '\n ' < "$fixtures/figures.json")"

# The real app: built after the page (Tauri embeds ui/dist at compile time).
tools=$root/target/tools
if [[ ! -x $tools/bin/tauri-driver ]]; then
  cargo install tauri-driver --version 2.1.0 --locked --root "$tools"
fi
# The desk's test signs in to a real hub (its development login) on 127.0.0.1.
cargo build -p campanile-desktop -p campanile-hub
CAMPANILE_HUB_BIN=$root/target/debug/campanile-hub PATH=$tools/bin:$PATH xvfb-run -a -s "-screen 0 1280x800x24" node --test "$ui/tests/real/app.test.mjs"
