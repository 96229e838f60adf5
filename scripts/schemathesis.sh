#!/usr/bin/env bash
# The hub against its own OpenAPI document, with schemathesis (PyPI, pinned): the hub is started
# on 127.0.0.1 with the development login on a throwaway SQLite database, and every operation
# is called with generated data, as a signed-in member of the counter staff (and again as a
# citizen). The event stream (which never ends by design) is left out; hub/tests/stream.rs
# covers it. It fails on any server error (5xx) and on any answer that does not conform to the
# document (status code, content type, body schema).
#
#   scripts/schemathesis.sh            # builds campanile-hub if needed
#
# SCHEMATHESIS_EXAMPLES (default 25) sets the examples per operation.
set -euo pipefail
cd "$(dirname "$0")/.."
examples=${SCHEMATHESIS_EXAMPLES:-25}
venv=target/schemathesis-venv
if [ ! -x "$venv/bin/st" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check schemathesis==4.32.5
fi
cargo build -q -p campanile-hub
work=$(mktemp -d)
trap 'kill "$hub_pid" 2>/dev/null || true; wait "$hub_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
(umask 077 && python3 -c 'import secrets; print(secrets.token_hex(32))' >"$work/key")
"${CARGO_TARGET_DIR:-target}"/debug/campanile-hub serve --db "$work/hub.db" --addr "127.0.0.1:$port" --dev-login \
  --key-file "$work/key" >"$work/hub.log" 2>&1 &
hub_pid=$!
for _ in $(seq 1 100); do
  curl -sf "$base/ready" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -sf "$base/ready" >/dev/null || { cat "$work/hub.log" >&2; exit 1; }
token() {
  curl -sf -X POST "$base/api/v1/dev/login" -H 'content-type: application/json' \
    -d "{\"subject\": \"$1\", \"role\": \"$2\", \"comune\": \"044007\"}" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
status=0
for who in "BNCGNN70B02A462Z staff" "RSSMRA80A01D542X citizen"; do
  set -- $who
  echo "schemathesis: as $2"
  "$venv/bin/st" run "$base/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --header "Authorization: Bearer $(token "$1" "$2")" \
    --max-examples "$examples" --workers 2 --seed 20261204 --request-timeout 20 \
    --exclude-path /api/v1/me/changes/stream \
    --no-color || status=1
done
if [ "$status" -ne 0 ]; then
  echo "--- hub log (last 40 lines) ---" >&2
  tail -n 40 "$work/hub.log" >&2
fi
exit "$status"
