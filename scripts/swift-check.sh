#!/usr/bin/env bash
# The Swift export check of the phone bindings: generates the Swift bindings of the built
# campanile-ffi library (library mode, into the target folder; never committed) and compares
# them with what the library exports. Fails when an exported function (`nm -D`:
# `uniffi_campanile_ffi_fn_*`) is not declared in the generated C header, not called from the
# generated Swift, or — for functions, constructors and methods — has no Swift `func`/`init`
# of its name; and when the header declares a function the library lacks.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
case "$TARGET" in /*) ;; *) TARGET=$ROOT/$TARGET ;; esac
command -v nm >/dev/null 2>&1 || {
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq binutils
}

cargo build -q -p campanile-ffi --lib
cargo build -q -p campanile-uniffi-bindgen
LIB=$TARGET/debug/libcampanile_ffi.so
OUT=$TARGET/bindings/swift
rm -rf "$OUT"
"$TARGET/debug/uniffi-bindgen" generate --library "$LIB" --language swift --out-dir "$OUT" --no-format >/dev/null

SWIFT=$(find "$OUT" -name '*.swift' | head -1)
HEADER=$(find "$OUT" -name '*.h' | head -1)
[ -n "$SWIFT" ] && [ -n "$HEADER" ] || { echo "swift-check: no Swift or header generated in $OUT"; exit 1; }

exported=$(nm -D --defined-only "$LIB" | awk '{print $3}' | grep '^uniffi_campanile_ffi_fn_' | sort -u)
declared=$(grep -o 'uniffi_campanile_ffi_fn_[A-Za-z0-9_]*' "$HEADER" | sort -u)
missing=0
checked=0

# snake_case → camelCase, as UniFFI names Swift members.
camel() { echo "$1" | awk -F_ '{ s=$1; for (i = 2; i <= NF; i++) s = s toupper(substr($i,1,1)) substr($i,2); print s }'; }

for sym in $exported; do
  checked=$((checked + 1))
  if ! grep -qx "$sym" <<<"$declared"; then
    echo "swift-check: $sym is exported but not declared in $(basename "$HEADER")"; missing=$((missing + 1)); continue
  fi
  if ! grep -q "$sym\b" "$SWIFT"; then
    echo "swift-check: $sym is exported but never called from $(basename "$SWIFT")"; missing=$((missing + 1)); continue
  fi
  name=${sym#uniffi_campanile_ffi_fn_}
  case "$name" in
    func_*) want=$(camel "${name#func_}") ;;
    method_*)
      rest=${name#method_}
      # The object's name has no underscore in the symbol (UniFFI lower-cases it).
      want=$(camel "${rest#*_}") ;;
    constructor_*)
      rest=${name#constructor_}; ctor=${rest#*_}
      if [ "$ctor" = new ]; then want=init; else want=$(camel "$ctor"); fi ;;
    *) want="" ;; # clone_, free_, init_callback_vtable_: plumbing, checked above
  esac
  # A Swift keyword is escaped: func `open`(…).
  if [ "$want" = init ]; then pattern='(^|[^A-Za-z])init\('; else pattern="func \`?${want}\`?\\("; fi
  if [ -n "$want" ] && ! grep -qE "$pattern" "$SWIFT"; then
    echo "swift-check: $sym has no Swift \`func $want\` in $(basename "$SWIFT")"; missing=$((missing + 1))
  fi
done
for sym in $declared; do
  grep -qx "$sym" <<<"$exported" || { echo "swift-check: $sym is declared but not exported by the library"; missing=$((missing + 1)); }
done

if [ "$missing" -gt 0 ]; then
  echo "swift: 0 passed, $missing failed"
  exit 1
fi
echo "swift-check: $checked exported functions, each declared and called in the generated Swift ($(basename "$SWIFT"), $(wc -l <"$SWIFT") lines)"
echo "swift: $checked passed, 0 failed"
