#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build and test Campanile. Idempotent: each step
# is skipped when what it installs is already there.
set -euo pipefail

need_apt=()
# poppler-utils: pdftoppm and pdftotext, which read the printed pagoPA notices back in tests.
# libxmlsec1-dev (with libxml2-dev): checks SdI's XML signatures on notifications; libclang-dev:
# the `xmlsec` and `libxml` crates generate their bindings with bindgen at build time.
# postgresql: the hub's tests run on PostgreSQL too (scripts/pg.sh starts a throwaway cluster);
# python3-venv: schemathesis (PyPI) checks the hub against its OpenAPI document in a venv.
# The desktop app (Tauri 2) builds on WebKitGTK 4.1 and its libraries; its tests run Chromium
# (Playwright) and the real app under Xvfb through WebKitWebDriver. The phone bindings' Kotlin
# suite runs on the JVM with JNA and JUnit 5 from Debian (scripts/kotlin-test.sh).
for pkg in build-essential pkg-config libdbus-1-dev curl ca-certificates poppler-utils \
  libxml2-dev libxmlsec1-dev libclang-dev postgresql python3-venv \
  libssl-dev libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev \
  chromium webkit2gtk-driver xvfb xauth \
  default-jdk-headless libjna-java libjna-jni junit5 binutils; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
# Node.js with npm (the desktop page's packages, Playwright, the Kotlin compiler): Debian's
# when there is none (a NodeSource `nodejs` already carries npm, and Debian's would clash).
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
fi
if ! command -v cargo >/dev/null 2>&1; then
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component clippy,rustfmt
  . "$HOME/.cargo/env"
fi
