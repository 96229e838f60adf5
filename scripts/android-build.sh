#!/usr/bin/env bash
# The Android app (android/): builds the Rust core (crate campanile-ffi) for the phones' ABIs
# with cargo-ndk, generates its Kotlin bindings with the workspace's uniffi-bindgen into the
# app's build folder (never committed), and runs Gradle.
#
#   scripts/android-build.sh                 debug APK (android/app/build/outputs/apk/debug)
#   scripts/android-build.sh --release       release libraries and APK (sign it yourself)
#   scripts/android-build.sh -- <tasks…>     other Gradle tasks (default: assembleDebug)
#
# Needs: ANDROID_NDK_HOME (an NDK, r26 or newer), ANDROID_HOME or ANDROID_SDK_ROOT (an SDK with
# platform 35), cargo-ndk (`cargo install cargo-ndk`), the Rust targets (rustup target add
# aarch64-linux-android armv7-linux-androideabi x86_64-linux-android), a JDK 17 and Gradle (the
# wrapper once written by `gradle wrapper` in android/, or `gradle` on the PATH).
# Features: CAMPANILE_FEATURES (default: every domain; a visitors' app can take
# "opendata,beacons,payments,hub,practices" minus what it does not show).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
case "$TARGET" in /*) ;; *) TARGET=$ROOT/$TARGET ;; esac
PROFILE=debug
CARGO_PROFILE=()
TASKS=(assembleDebug)
while [ $# -gt 0 ]; do
  case "$1" in
    --release) PROFILE=release; CARGO_PROFILE=(--release); TASKS=(assembleRelease); shift ;;
    --) shift; TASKS=("$@"); break ;;
    *) echo "android-build: unknown argument $1" >&2; exit 2 ;;
  esac
done

missing=()
[ -n "${ANDROID_NDK_HOME:-}" ] && [ -d "${ANDROID_NDK_HOME:-/nonexistent}" ] \
  || missing+=("ANDROID_NDK_HOME (the Android NDK's folder, r26 or newer)")
[ -n "${ANDROID_HOME:-${ANDROID_SDK_ROOT:-}}" ] \
  || missing+=("ANDROID_HOME or ANDROID_SDK_ROOT (the Android SDK, platform 35, build-tools)")
command -v cargo >/dev/null 2>&1 || missing+=("cargo (rustup)")
cargo ndk --version >/dev/null 2>&1 || missing+=("cargo-ndk (cargo install cargo-ndk)")
command -v java >/dev/null 2>&1 || missing+=("a JDK 17")
GRADLE=()
if [ -x android/gradlew ]; then GRADLE=(./gradlew)
elif command -v gradle >/dev/null 2>&1; then GRADLE=(gradle)
else missing+=("Gradle: run \`gradle wrapper\` once in android/ (or put gradle 8.11+ on the PATH)")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "android-build: this machine cannot build the Android app; missing:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  echo "What can be checked without them: scripts/android-logic-test.sh (the app's logic and its" >&2
  echo "adapter over the real core, on the JVM) and scripts/kotlin-test.sh (the bindings)." >&2
  exit 2
fi
if command -v rustup >/dev/null 2>&1; then
  rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android >/dev/null
fi

FEATURES=()
[ -n "${CAMPANILE_FEATURES:-}" ] && FEATURES=(--no-default-features --features "$CAMPANILE_FEATURES")
APP_BUILD=$ROOT/android/app/build
JNI=$APP_BUILD/rustJniLibs
GEN=$APP_BUILD/generated/uniffi/kotlin

echo "== building campanile-ffi ($PROFILE) for arm64-v8a, armeabi-v7a, x86_64"
rm -rf "$JNI"
cargo ndk -t arm64-v8a -t armeabi-v7a -t x86_64 -P 26 -o "$JNI" \
  build "${CARGO_PROFILE[@]}" -p campanile-ffi --lib "${FEATURES[@]}"

echo "== generating the Kotlin bindings into $GEN"
cargo build -q -p campanile-uniffi-bindgen
rm -rf "$GEN"
"$TARGET/debug/uniffi-bindgen" generate \
  --library "$TARGET/aarch64-linux-android/$PROFILE/libcampanile_ffi.so" \
  --language kotlin --out-dir "$GEN" --no-format

echo "== gradle ${TASKS[*]}"
cd android
"${GRADLE[@]}" "${TASKS[@]}"
