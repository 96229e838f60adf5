#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the hub's tests: `initdb` into a temporary folder, listening
# on 127.0.0.1 on a free port (run as the `postgres` user when we are root), trust auth for local
# TCP only. Prints the line to run:
#
#   eval "$(scripts/pg.sh start)"      # exports CAMPANILE_HUB_PG_URL
#   cargo test -p campanile-hub        # the PostgreSQL runs now happen too
#   scripts/pg.sh stop                 # stops the cluster and deletes its folder
#
# PG_BIN (default the newest /usr/lib/postgresql/*/bin) and CAMPANILE_PG_DIR (default
# /tmp/campanile-hub-pg) change where the binaries and the cluster are.
set -euo pipefail

# The newest PostgreSQL installed (Debian 12 ships 15).
newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
BIN=${PG_BIN:-${newest:-/usr/lib/postgresql/15/bin}}
DIR=${CAMPANILE_PG_DIR:-/tmp/campanile-hub-pg}

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case "${1:-start}" in
start)
    if [ -f "$DIR/url" ] && as_owner "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
        echo "export CAMPANILE_HUB_PG_URL=$(cat "$DIR/url")"
        exit 0
    fi
    [ -x "$BIN/initdb" ] || { echo "no PostgreSQL binaries in $BIN (apt-get install postgresql)" >&2; exit 1; }
    rm -rf "$DIR"
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres: "$DIR"
    port=$(free_port)
    as_owner "$BIN/initdb" -D "$DIR/data" -U hub --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
        || { cat "$DIR/initdb.log" >&2; exit 1; }
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$DIR -c fsync=off -c max_connections=200" \
        start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
    url="postgres://hub@127.0.0.1:$port/postgres"
    echo "$url" | as_owner tee "$DIR/url" >/dev/null
    echo "export CAMPANILE_HUB_PG_URL=$url"
    ;;
stop)
    if [ -d "$DIR/data" ]; then
        as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$DIR"
    echo "stopped"
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
