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
. scripts/throwaway-hub.sh
start_throwaway_hub --dev-login
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
