# Sourced by the scripts that test a running hub (schemathesis.sh, dcat-shacl.sh): starts
# campanile-hub on a free 127.0.0.1 port over a throwaway SQLite database and key, with the
# options given, and waits until it is ready. Sets $base, $hub_pid and $work (a temporary
# folder, removed with the hub on exit); the hub's log is $work/hub.log.
start_throwaway_hub() {
  cargo build -q -p campanile-hub
  work=$(mktemp -d)
  trap 'kill "$hub_pid" 2>/dev/null || true; wait "$hub_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  base="http://127.0.0.1:$port"
  (umask 077 && python3 -c 'import secrets; print(secrets.token_hex(32))' >"$work/key")
  "${CARGO_TARGET_DIR:-target}"/debug/campanile-hub serve --db "$work/hub.db" --addr "127.0.0.1:$port" \
    --key-file "$work/key" "$@" >"$work/hub.log" 2>&1 &
  hub_pid=$!
  for _ in $(seq 1 100); do
    curl -sf "$base/ready" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  cat "$work/hub.log" >&2
  return 1
}
