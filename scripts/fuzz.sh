#!/usr/bin/env bash
# Runs every cargo-fuzz target in tests/fuzz/fuzz_targets/ for a bounded time (FUZZ_SECONDS each,
# default 30), starting from the hand-made seeds in tests/fuzz/seeds/TARGET/. Prints one
# "fuzz TARGET: 1 passed, 0 failed" line a target (or "0 passed, 1 failed" with the crash input
# left in tests/fuzz/artifacts/TARGET/) and exits non-zero when any target found a crash.
# The targets depend only on the small parser crates, so building them takes a minute or two.
set -uo pipefail
cd "$(dirname "$0")/../tests/fuzz"
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
# cargo-fuzz passes nightly-only flags (sanitizers); the stable toolchain accepts them this way.
export RUSTC_BOOTSTRAP=1
seconds="${FUZZ_SECONDS:-30}"
# cargo fuzz looks for fuzz/ at the workspace root unless told where the project is.
RUSTC_BOOTSTRAP=1 cargo fuzz build --fuzz-dir . || exit 1
status=0
mkdir -p target
for path in fuzz_targets/*.rs; do
  target="$(basename "$path" .rs)"
  mkdir -p "corpus/$target" "seeds/$target"
  if cargo fuzz run --fuzz-dir . "$target" "corpus/$target" "seeds/$target" -- \
      -max_total_time="$seconds" -print_final_stats=1 >"target/fuzz-$target.log" 2>&1; then
    runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "target/fuzz-$target.log" | grep -Eo '[0-9]+$')
    echo "fuzz $target: ${runs:-?} inputs in ${seconds}s, no crash"
    echo "fuzz $target: 1 passed, 0 failed"
  else
    tail -n 40 "target/fuzz-$target.log"
    echo "fuzz $target: 0 passed, 1 failed (the crashing input is in tests/fuzz/artifacts/$target/)"
    status=1
  fi
done
exit "$status"
