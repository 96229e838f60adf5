#!/usr/bin/env bash
# The Android app's logic on the JVM, with no Android SDK: compiles the plain Kotlin module
# android/logic (view models, UI state, decisions; it reaches the core only through ports) with
# its JUnit 5 tests, and runs them. Then — unless --logic-only — builds campanile-ffi, generates
# its Kotlin bindings (into the target folder, never committed), compiles the app's adapter
# (android/app/src/main/kotlin/it/campanile/app/core/: the ports over the bindings and the
# map's tile server; no Android import there) against them, and runs android/app/src/jvmTest
# against the real core through JNA.
#
# kotlinc, JNA and JUnit come as in scripts/kotlin-test.sh: npm's kotlin-compiler in
# $CARGO_TARGET_DIR/tools, libjna-java and junit5 from Debian.
#
# Ends with the line `android logic: N passed, M failed`.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
case "$TARGET" in /*) ;; *) TARGET=$ROOT/$TARGET ;; esac
KOTLIN_VERSION=2.4.20
WITH_CORE=1
[ "${1:-}" = "--logic-only" ] && WITH_CORE=0

need_apt=()
for pkg in libjna-java libjna-jni junit5; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
command -v javac >/dev/null 2>&1 || need_apt+=(default-jdk-headless)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
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

OUT=$TARGET/android-logic
CLASSES=$OUT/classes
rm -rf "$CLASSES"
mkdir -p "$CLASSES"
CP=$KLIB/kotlinx-coroutines-core-jvm.jar:$KLIB/kotlin-test.jar:$KLIB/kotlin-test-junit5.jar
CP=$CP:$JAVA_LIB/junit-jupiter-api.jar:$JAVA_LIB/apiguardian-api.jar:$JAVA_LIB/opentest4j.jar
CP=$CP:$JAVA_LIB/junit-platform-commons.jar

SOURCES=$(find android/logic/src/main/kotlin android/logic/src/test/kotlin -name '*.kt')
JNA_PATH=()
if [ "$WITH_CORE" = 1 ]; then
  echo "== building campanile-ffi (debug) and uniffi-bindgen"
  cargo build -q -p campanile-ffi --lib
  cargo build -q -p campanile-uniffi-bindgen
  GEN=$OUT/bindings
  rm -rf "$GEN"
  "$TARGET/debug/uniffi-bindgen" generate --library "$TARGET/debug/libcampanile_ffi.so" \
    --language kotlin --out-dir "$GEN" --no-format
  SOURCES="$SOURCES $(find "$GEN" -name '*.kt') $(find android/app/src/main/kotlin/it/campanile/app/core -name '*.kt')"
  SOURCES="$SOURCES $(find android/app/src/jvmTest/kotlin -name '*.kt')"
  CP=$JAVA_LIB/jna.jar:$CP
  JNA_PATH=(-Djna.library.path="$TARGET/debug" -Djna.nosys=false -Dcampanile.repo="$ROOT")
fi

echo "== compiling android/logic$( [ "$WITH_CORE" = 1 ] && echo ', the adapter and the generated bindings') (kotlinc $KOTLIN_VERSION)"
# shellcheck disable=SC2086
"$KOTLIN_HOME/bin/kotlinc" -nowarn -jvm-target 17 -cp "$CP" -d "$CLASSES" $SOURCES

echo "== running the tests"
set +e
java "${JNA_PATH[@]}" -jar "$JAVA_LIB/junit-platform-console-standalone.jar" \
  --class-path "$CLASSES:$CP:$KLIB/kotlin-stdlib.jar" --scan-class-path "$CLASSES" \
  --disable-banner --disable-ansi-colors --details=tree --fail-if-no-tests \
  --reports-dir "$OUT/reports" | tee "$OUT/output.txt"
status=${PIPESTATUS[0]}
set -e
passed=$(sed -n 's/.*\[ *\([0-9]*\) tests successful.*/\1/p;' "$OUT/output.txt" | tail -1)
failed=$(sed -n 's/.*\[ *\([0-9]*\) tests failed.*/\1/p;' "$OUT/output.txt" | tail -1)
echo "android logic: ${passed:-0} passed, ${failed:-0} failed"
exit "$status"
