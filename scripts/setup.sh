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
for pkg in build-essential pkg-config libdbus-1-dev curl ca-certificates poppler-utils \
  libxml2-dev libxmlsec1-dev libclang-dev postgresql python3-venv; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
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
