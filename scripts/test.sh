#!/usr/bin/env bash
# Every test of the workspace. Tests that read real public files run when CAMPANILE_REAL_DATA
# names their folder (../shared/realdata beside the project is used when it exists).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
if [ -z "${CAMPANILE_REAL_DATA:-}" ] && [ -d ../shared/realdata ]; then
  CAMPANILE_REAL_DATA="$(cd ../shared/realdata && pwd)"
  export CAMPANILE_REAL_DATA
fi
if [ -n "${CAMPANILE_REAL_DATA:-}" ]; then
  # The pagoPA contract tests serve the official specifications there with Stoplight Prism,
  # pinned in tests/prism (package.json and package-lock.json); Node.js 20 or later.
  if [ ! -x tests/prism/node_modules/.bin/prism ]; then
    if ! command -v npm >/dev/null 2>&1; then
      SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
      $SUDO apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq npm
    fi
    npm ci --prefix tests/prism --no-audit --no-fund --loglevel=error
  fi
fi
echo "CAMPANILE_REAL_DATA=${CAMPANILE_REAL_DATA:-<unset: real-data tests are skipped>}"
# Each real-data test that is skipped appends "<test><TAB><reason>" here (campanile_testkit::
# realdata); the list is printed at the end. With CI set such a test fails instead.
# CI builds each crate once: incremental caches would only take disk (gigabytes of it).
if [ -n "${CI:-}" ] && [ -z "${CARGO_INCREMENTAL:-}" ]; then
  export CARGO_INCREMENTAL=0
fi
mkdir -p target
CAMPANILE_SKIP_LOG="$(pwd)/target/realdata-skips.txt"
export CAMPANILE_SKIP_LOG
: >"$CAMPANILE_SKIP_LOG"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
# One feature per domain: a visitors' app (open data and beacons only) and each domain alone
# build and lint clean without the others.
for features in opendata,beacons payments practices invoices hub; do
  cargo clippy -q -p campanile-core --no-default-features --features "$features" -- -D warnings
done
# The desktop Bluetooth scanner builds behind the `ble` feature; its no-adapter path is tested.
cargo clippy -p campanile-core -p campanile-cli --all-targets --features campanile-core/ble -- -D warnings
# The hub's tests run on SQLite and, with CAMPANILE_HUB_PG_URL set, on PostgreSQL: a throwaway
# cluster on 127.0.0.1, removed at the end (with CI set, a cluster that cannot start fails the run).
if [ -z "${CAMPANILE_HUB_PG_URL:-}" ]; then
  if pg_env="$(scripts/pg.sh start)"; then
    eval "$pg_env"
    trap 'scripts/pg.sh stop >/dev/null' EXIT
  elif [ -n "${CI:-}" ]; then
    echo "PostgreSQL could not be started for the hub's tests" >&2
    exit 1
  else
    echo "PostgreSQL could not be started: the hub's PostgreSQL runs are skipped" >&2
  fi
fi
echo "CAMPANILE_HUB_PG_URL=${CAMPANILE_HUB_PG_URL:-<unset: PostgreSQL runs of the hub tests are skipped>}"
status=0
cargo test --workspace --no-fail-fast -- --skip ten_thousand_schedules 2>&1 | tee target/test-output.txt || status=1
# The pagoPA fault-injection test (10,000 schedules) on its own, printing its counts.
cargo test -p campanile-core --test pagopa_faults -- --nocapture 2>&1 | tee -a target/test-output.txt || status=1
cargo test -p campanile-core --features ble --test beacons_ble 2>&1 | tee -a target/test-output.txt || status=1
# The hub against its own OpenAPI document (schemathesis from PyPI): no server error, every
# answer as documented. Its log is kept apart: its counts are of generated requests, not tests.
if scripts/schemathesis.sh >target/schemathesis.txt 2>&1; then
  generated=$(grep -Eo '[0-9]+ generated' target/schemathesis.txt | awk '{s+=$1} END {print s+0}')
  echo "schemathesis: the hub conforms to /openapi.json, $generated requests"
else
  echo "schemathesis: FAILED (target/schemathesis.txt)"
  grep -v ' INFO ' target/schemathesis.txt | tail -n 60 || true
  status=1
fi
# The phone bindings: the Kotlin suite on the JVM against the real core (its count is added
# here), and the Swift bindings checked against the library's exports.
scripts/kotlin-test.sh 2>&1 | tee target/kotlin-test.txt | grep -E '^kotlin: [0-9]+ passed' | tee -a target/test-output.txt || status=1
grep -qE '^kotlin: [0-9]+ passed, 0 failed' target/kotlin-test.txt || { echo "kotlin-test: FAILED (target/kotlin-test.txt)"; tail -n 60 target/kotlin-test.txt; status=1; }
# The Android app's logic (plain Kotlin view models, and its adapter over the generated
# bindings against the real core), on the JVM.
scripts/android-logic-test.sh 2>&1 | tee target/android-logic.txt | grep -E '^android logic: [0-9]+ passed' | tee -a target/test-output.txt || status=1
grep -qE '^android logic: [0-9]+ passed, 0 failed' target/android-logic.txt || { echo "android-logic-test: FAILED (target/android-logic.txt)"; tail -n 60 target/android-logic.txt; status=1; }
if scripts/swift-check.sh >target/swift-check.txt 2>&1; then
  grep -E '^swift-check:' target/swift-check.txt
else
  echo "swift-check: FAILED (target/swift-check.txt)"; tail -n 40 target/swift-check.txt; status=1
fi
# The desktop app: its page in Chromium (Playwright, axe-core) and the real app under Xvfb
# (tauri-driver); its Rust tests ran above. Its log is kept apart, its counts added here.
if scripts/desktop-test.sh >target/desktop-test.txt 2>&1; then desktop_ok=1; else desktop_ok=0; status=1; fi
ui_passed=$(grep -E '^# pass [0-9]+' target/desktop-test.txt | awk '{s+=$3} END {print s+0}')
ui_failed=$(grep -E '^# fail [0-9]+' target/desktop-test.txt | awk '{s+=$3} END {print s+0}')
echo "desktop page and app: $ui_passed passed, $ui_failed failed" | tee -a target/test-output.txt
grep -E '^desktop-test: figures' target/desktop-test.txt || true
if [ "$desktop_ok" -ne 1 ]; then
  echo "desktop-test: FAILED (target/desktop-test.txt)"
  tail -n 80 target/desktop-test.txt
fi
# The DCAT-AP_IT export against the DCAT-AP SHACL shapes (pySHACL), when the shapes are given.
scripts/dcat-shacl.sh 2>&1 | tail -n 40 || status=1
# Every fuzz target for a bounded time (FUZZ_SECONDS each, default 30).
scripts/fuzz.sh 2>&1 | tee -a target/test-output.txt || status=1
passed=$(grep -Eo '[0-9]+ passed' target/test-output.txt | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed' target/test-output.txt | awk '{s+=$1} END {print s+0}')
ignored=$(grep -Eo '[0-9]+ ignored' target/test-output.txt | awk '{s+=$1} END {print s+0}')
# A skipped real-data test returns early, so cargo counts it as passed: count it as skipped.
realdata_skipped=$(grep -c . "$CAMPANILE_SKIP_LOG" || true)
echo "real-data tests skipped: $realdata_skipped"
if [ "$realdata_skipped" -gt 0 ]; then
  sed 's/^/  /' "$CAMPANILE_SKIP_LOG"
fi
echo "total: $((passed - realdata_skipped)) passed, $failed failed, $((ignored + realdata_skipped)) skipped"
exit "$status"
