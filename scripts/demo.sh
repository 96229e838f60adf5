#!/usr/bin/env bash
# The main job on embedded defaults: build the CLI, load the bundled sample into a database,
# search it and look at the bundled basemap. Works offline. With a display (DISPLAY or
# WAYLAND_DISPLAY set) it then starts the desktop app on that database; CAMPANILE_DEMO=cli
# keeps to the command line.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
cargo build --release -p campanile-cli
bin=target/release/campanile
export CAMPANILE_DB="${CAMPANILE_DB:-$PWD/target/demo/campanile.db}"
mkdir -p "$(dirname "$CAMPANILE_DB")"
"$bin" --lang "${CAMPANILE_LANG:-it}" data import assets/sample/pois-piceno-fermano.csv --licence CC-BY-4.0
"$bin" data stats
echo "--- campanile data search \"sant elpidio\""
"$bin" data search "sant elpidio"
echo "--- campanile data search museo --near 42.8536,13.5749 --limit 5"
"$bin" data search museo --near 42.8536,13.5749 --limit 5
echo "--- campanile data near 43.1605,13.7181 --limit 5"
"$bin" data near 43.1605,13.7181 --limit 5
if [ -f assets/basemap/piceno-fermano.pmtiles ]; then
  echo "--- campanile tiles info assets/basemap/piceno-fermano.pmtiles"
  "$bin" tiles info assets/basemap/piceno-fermano.pmtiles
fi
if [ "${CAMPANILE_DEMO:-}" != "cli" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  echo "--- the desktop app on the sample (close its window to end)"
  npm ci --prefix app-tauri/ui --no-audit --no-fund --loglevel=error
  npm run build --prefix app-tauri/ui
  cargo run --release -p campanile-desktop
fi
