#!/usr/bin/env bash
# The phone bindings (bindings/, crate campanile-ffi) tested from Kotlin on the JVM: builds the
# cdylib and the fake stack (fake portal, fake pagoPA platform, hub with --dev-login on
# 127.0.0.1), generates the Kotlin bindings with the workspace's uniffi-bindgen (library mode,
# into the target folder: generated code is never committed), compiles them with the tests
# (kotlinc from npm's kotlin-compiler, JNA and JUnit 5 from Debian) and runs them with JUnit's
# console launcher.
#
#   scripts/kotlin-test.sh           the suite, on a debug build (BenchTest prints debug figures)
#   scripts/kotlin-test.sh --bench   release build: calls/s of a search and of on_advert from
#                                    Kotlin and from Rust, and the stripped cdylib's size with
#                                    default features and for a visitors' app
#
# Installs what a fresh Debian machine lacks (as scripts/setup.sh does): a JDK, JNA
# (libjna-java, libjna-jni), JUnit 5, npm, binutils; the Kotlin compiler goes to
# $CARGO_TARGET_DIR/tools.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
case "$TARGET" in /*) ;; *) TARGET=$ROOT/$TARGET ;; esac
KOTLIN_VERSION=2.4.20
MODE=test
[ "${1:-}" = "--bench" ] && MODE=bench

need_apt=()
for pkg in libjna-java libjna-jni junit5; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
# A JDK, npm and nm may come from elsewhere (a JDK of its own, NodeSource's nodejs with npm).
command -v javac >/dev/null 2>&1 || need_apt+=(default-jdk-headless)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
command -v nm >/dev/null 2>&1 || need_apt+=(binutils)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi
if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then
  . "$HOME/.cargo/env"
fi

KOTLIN_HOME=$TARGET/tools/kotlin-$KOTLIN_VERSION/node_modules/kotlin-compiler
if [ ! -x "$KOTLIN_HOME/bin/kotlinc" ]; then
  npm install --silent --no-audit --no-fund --prefix "$TARGET/tools/kotlin-$KOTLIN_VERSION" \
    "kotlin-compiler@$KOTLIN_VERSION"
fi
KLIB=$KOTLIN_HOME/lib
JAVA_LIB=/usr/share/java

if [ "$MODE" = bench ]; then
  PROFILE=release; CARGO_PROFILE=(--release)
else
  PROFILE=debug; CARGO_PROFILE=()
fi
echo "== building campanile-ffi ($PROFILE), the fake stack and uniffi-bindgen"
cargo build -q "${CARGO_PROFILE[@]}" -p campanile-ffi --lib
cargo build -q -p campanile-ffi --example fake_stack
cargo build -q -p campanile-uniffi-bindgen
LIB=$TARGET/$PROFILE/libcampanile_ffi.so

GEN=$TARGET/bindings/kotlin
rm -rf "$GEN"
"$TARGET/debug/uniffi-bindgen" generate --library "$LIB" --language kotlin --out-dir "$GEN" --no-format

CLASSES=$TARGET/kotlin-tests/classes
rm -rf "$CLASSES"
mkdir -p "$CLASSES"
CP=$JAVA_LIB/jna.jar:$KLIB/kotlinx-coroutines-core-jvm.jar:$KLIB/kotlin-test.jar:$KLIB/kotlin-test-junit5.jar
CP=$CP:$JAVA_LIB/junit-jupiter-api.jar:$JAVA_LIB/apiguardian-api.jar:$JAVA_LIB/opentest4j.jar
CP=$CP:$JAVA_LIB/junit-platform-commons.jar
echo "== compiling the generated bindings and the tests (kotlinc $KOTLIN_VERSION)"
"$KOTLIN_HOME/bin/kotlinc" -nowarn -jvm-target 17 -cp "$CP" -d "$CLASSES" \
  $(find "$GEN" -name '*.kt') bindings/kotlin-tests/src/*.kt

RUN_CP=$CLASSES:$CP:$KLIB/kotlin-stdlib.jar
SELECT=(--scan-class-path "$CLASSES")
[ "$MODE" = bench ] && SELECT=(--select-class campanile.ffi.tests.BenchTest)
echo "== running the Kotlin tests"
java -Djna.library.path="$TARGET/$PROFILE" -Djna.nosys=false \
  -Dcampanile.repo="$ROOT" -Dcampanile.fakeStack="$TARGET/debug/examples/fake_stack" \
  -jar "$JAVA_LIB/junit-platform-console-standalone.jar" \
  --class-path "$RUN_CP" "${SELECT[@]}" --disable-banner --disable-ansi-colors --details=tree --fail-if-no-tests \
  --reports-dir "$TARGET/kotlin-tests/reports" | tee "$TARGET/kotlin-tests/output.txt"
status=${PIPESTATUS[0]}
# The closing line CI reads: N passed, N failed.
summary=$(sed -n 's/.*\[ *\([0-9]*\) tests successful.*/\1/p;' "$TARGET/kotlin-tests/output.txt" | tail -1)
failed=$(sed -n 's/.*\[ *\([0-9]*\) tests failed.*/\1/p;' "$TARGET/kotlin-tests/output.txt" | tail -1)
echo "kotlin: ${summary:-0} passed, ${failed:-0} failed"
[ "$status" -eq 0 ] || exit "$status"

if [ "$MODE" = bench ]; then
  echo "== the same calls from Rust (release)"
  cargo run -q --release -p campanile-ffi --example ffi_bench
  echo "== the stripped cdylib (x86_64, release)"
  size_of() {
    local out=$TARGET/bindings/size
    mkdir -p "$out"
    strip -o "$out/libcampanile_ffi-$1.so" "$TARGET/release/libcampanile_ffi.so"
    printf 'size: %-40s %8d KiB\n' "$2" $(( $(stat -c %s "$out/libcampanile_ffi-$1.so") / 1024 ))
  }
  size_of default "default features"
  cargo build -q --release -p campanile-ffi --lib --no-default-features \
    --features opendata,beacons,payments
  size_of visitor "opendata,beacons,payments (no staff parts)"
  cargo build -q --release -p campanile-ffi --lib --no-default-features --features opendata,beacons
  size_of places-beacons "opendata,beacons (no payments either)"
  # Put the default build back, for later runs.
  cargo build -q --release -p campanile-ffi --lib
fi
