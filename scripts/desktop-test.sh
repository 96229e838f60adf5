#!/usr/bin/env bash
# The desktop app's tests (issue 13): installs what a fresh Debian machine lacks for them
# (WebKitGTK and Tauri's build libraries, Chromium, the page's npm packages), then runs
#   1. the commands on Tauri's mock runtime (cargo test -p campanile-desktop), which also
#      records the browser tests' IPC fixture and the basemap's tiles;
#   2. the page in Chromium (playwright-core) against a static server on 127.0.0.1, the IPC
#      answered from that fixture, axe-core on every screen; screenshots to docs/screenshots/;
#   3. the real app (its commands, the core, WebKitGTK) under Xvfb through tauri-driver
#      (cargo install into target/tools) and Debian's WebKitWebDriver, its desk signed in to
#      a real hub (campanile-hub --dev-login) on 127.0.0.1, a citizen seeing the desk's
#      practice in their list, and a notice checked and paid through a hub over the fake
#      pagoPA platform (bindings/examples/fake_stack), back from Checkout to the outcome;
#   4. the benchmark: the real app over 100,000 generated places, keystroke-to-results p50/p95
#      and the running app's memory (RSS), printed as a `desktop-test: figures` line.
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

# The real app: built after the page (Tauri embeds ui/dist at compile time), found in the
# cargo target folder (CARGO_TARGET_DIR when set).
target_dir=${CARGO_TARGET_DIR:-target}
[[ $target_dir = /* ]] || target_dir=$root/$target_dir
tools=$target_dir/tools
export CAMPANILE_DESKTOP_BIN=$target_dir/debug/campanile-desktop
export CAMPANILE_HUB_BIN=$target_dir/debug/campanile-hub
export CAMPANILE_FAKE_STACK=$target_dir/debug/examples/fake_stack
export TAURI_DRIVER=$tools/bin/tauri-driver
if [[ ! -x $tools/bin/tauri-driver ]]; then
  cargo install tauri-driver --version 2.1.0 --locked --root "$tools"
fi
# The desk's test signs in to a real hub (its development login) on 127.0.0.1; the payment's
# test pays through the fake stack's hub (the project's fake pagoPA platform behind it).
cargo build -p campanile-desktop -p campanile-hub
cargo build -p campanile-ffi --example fake_stack
PATH=$tools/bin:$PATH xvfb-run -a -s "-screen 0 1280x800x24" node --test "$ui/tests/real/app.test.mjs"

# The benchmark for the closing note, in the real app under Xvfb: keystroke-to-results p50/p95
# over 100,000 generated places (tests/testkit's bulk generator, imported through the core),
# and the resident memory of the running app (and of its WebKit processes).
bench=$(mktemp -d)
trap 'rm -rf "$bench"' EXIT
CAMPANILE_BENCH_DB=$bench/places.db cargo test -p campanile-desktop --test bench_places
CAMPANILE_BENCH_DB=$bench/places.db CAMPANILE_BENCH_FIGURES=$bench/figures.json PATH=$tools/bin:$PATH \
  xvfb-run -a -s "-screen 0 1280x800x24" node --test "$ui/tests/real/bench.test.mjs"
echo "desktop-test: figures real-app-100k $(tr -d '\n ' < "$bench/figures.json")"
