#!/usr/bin/env bash
# Benchmarks the hub on 127.0.0.1 (issue 12, "Benchmarks"): practice reads, the citizen's
# practices, feed reads and writes per second with p50/p99 latency, on SQLite and — when
# CAMPANILE_HUB_PG_URL is set — on PostgreSQL, with 10 and 100 concurrent clients.
#
#   scripts/bench-hub.sh
#   eval "$(CAMPANILE_PG_DIR=/tmp/pg-bench scripts/pg.sh start)"   # PostgreSQL too
#   scripts/bench-hub.sh
#   CAMPANILE_PG_DIR=/tmp/pg-bench scripts/pg.sh stop
#
# What it does, per database and per run (BENCH_RUNS, default 2: the figures are noisy on a
# shared machine, so every measurement is taken twice, each run on a fresh database):
#   1. builds the hub and the write client in release (target/release);
#   2. starts `campanile-hub serve --dev-login` on a free port of 127.0.0.1, on a fresh SQLite
#      file in a temporary folder (or a fresh database on the PostgreSQL server), its rate
#      limits off (the load is one staff member and one citizen), with its
#      data folder, token key and pagoPA key folder in that temporary folder too (nothing
#      outside the project and /tmp changes);
#   3. seeds through the API, with development tokens: BENCH_PRACTICES practices (default
#      200) opened by staff of the first comune, presented ten days ago, five per citizen,
#      each with an integration request, its answer and a note (a timeline of five events,
#      so the clock has a suspension to compute);
#   4. loads it with oha (reads) — GET /api/v1/practices/{id} as staff, GET
#      /api/v1/me/practices as a citizen with five practices, GET /api/v1/me/changes (a
#      feed page) as that citizen — BENCH_REQUESTS requests each (default 20000), after a
#      short warm-up that is not counted;
#   5. writes: POST /api/v1/practices/{id}/events (a note) as staff, BENCH_WRITES requests
#      (default 5000). Every write needs its own Idempotency-Key — a repeated key is
#      answered from the stored answer and not applied again, so it would measure replays —
#      and oha sends the same headers with every request (its --rand-regex-url varies the
#      URL only). The writes are therefore sent by hub/examples/write_load.rs, a small
#      tokio + reqwest client that keeps N requests in flight over keep-alive connections,
#      with a fresh random key per request and the practices taken in turn; it reports the
#      same figures as oha (whole answer read, latency per request).
# Then it prints one table: endpoint, database, concurrency, run, requests/s, p50, p99,
# errors (non-2xx answers and transport errors), and the targets on SQLite (practice reads
# >= 5000/s with p99 < 20 ms, writes >= 1000/s). The raw figures stay in
# target/bench-hub/results-<time>.jsonl.
#
# Settings: BENCH_RUNS, BENCH_REQUESTS, BENCH_WRITES, BENCH_PRACTICES, BENCH_CONCURRENCY
# (default "10 100"), BENCH_HUB_LOG (the hub's RUST_LOG, default "warn": at "info" every
# request is a log line, which is measured too), OHA (an oha binary to use), BENCH_ONLY
# ("sqlite" or "postgres": one database only), BENCH_WHAT ("reads" or "writes": only those;
# default both; with "writes" oha is not needed), BENCH_HUB_BIN (a campanile-hub binary to
# measure instead of the one built here, e.g. a copy of an earlier build to compare with).
#
# oha: the one on PATH or in target/tools/bin, else installed from crates.io into
# target/tools (`cargo install oha --locked --root target/tools`: several minutes on 2 cores).
# The load generator runs on the same machine as the hub and takes its share of the CPU.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

RUNS=${BENCH_RUNS:-2}
REQUESTS=${BENCH_REQUESTS:-20000}
WRITES=${BENCH_WRITES:-5000}
PRACTICES=${BENCH_PRACTICES:-200}
CONCURRENCY=${BENCH_CONCURRENCY:-"10 100"}
HUB_LOG=${BENCH_HUB_LOG:-warn}
ONLY=${BENCH_ONLY:-}
WHAT=${BENCH_WHAT:-all}
case $WHAT in
    all | reads | writes) ;;
    *) echo "bench-hub: BENCH_WHAT is \"reads\", \"writes\" or unset (both)" >&2; exit 2 ;;
esac
TOOLS=$ROOT/target/tools

# --- oha ---------------------------------------------------------------------------------
if [ "$WHAT" = writes ]; then
    OHA=:
elif [ -z "${OHA:-}" ]; then
    if [ -x "$TOOLS/bin/oha" ]; then
        OHA=$TOOLS/bin/oha
    elif command -v oha >/dev/null 2>&1; then
        OHA=$(command -v oha)
    else
        echo "bench-hub: installing oha into target/tools (it compiles for several minutes)" >&2
        cargo install oha --locked --root "$TOOLS" >&2
        OHA=$TOOLS/bin/oha
    fi
fi
if [ "$WHAT" != writes ]; then
    "$OHA" --help | grep -q -- '--output-format' \
        || { echo "bench-hub: $OHA has no --output-format (oha >= 1.6 needed)" >&2; exit 1; }
fi

# --- build ---------------------------------------------------------------------------------
echo "bench-hub: building the hub and the write client (release)" >&2
cargo build --release -p campanile-hub --bin campanile-hub --example write_load >&2
HUB_BIN=${BENCH_HUB_BIN:-$ROOT/target/release/campanile-hub}
WRITE_BIN=$ROOT/target/release/examples/write_load

WORK=$(mktemp -d /tmp/campanile-bench.XXXXXX)
mkdir -p "$ROOT/target/bench-hub"
RESULTS=$ROOT/target/bench-hub/results-$(date +%Y%m%d-%H%M%S).jsonl
: >"$RESULTS"
HUB_PID=
PG_DBS=()

cleanup() {
    if [ -n "$HUB_PID" ]; then
        kill "$HUB_PID" 2>/dev/null || true
        wait "$HUB_PID" 2>/dev/null || true
    fi
    for db in "${PG_DBS[@]+"${PG_DBS[@]}"}"; do
        psql -q "$CAMPANILE_HUB_PG_URL" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_hub DB_URL: the hub on a free port; sets BASE and HUB_PID.
start_hub() {
    local port dir=$WORK/hub-$RANDOM
    port=$(free_port)
    mkdir -p "$dir/data" "$dir/pagopa-keys"
    # The per-caller rate limits are off (0): the load comes from one staff member and one
    # citizen, far past what the limits let one person do.
    XDG_DATA_HOME=$dir/data RUST_LOG=$HUB_LOG CAMPANILE_HUB_WRITE_RATE=0 CAMPANILE_HUB_LOGIN_RATE=0 \
        "$HUB_BIN" serve --db "$1" \
        --addr "127.0.0.1:$port" --dev-login --pagopa-key-dir "$dir/pagopa-keys" \
        >"$WORK/hub.log" 2>&1 &
    HUB_PID=$!
    BASE=http://127.0.0.1:$port
    for _ in $(seq 1 300); do
        if curl -fsS "$BASE/ready" >/dev/null 2>&1; then
            return 0
        fi
        kill -0 "$HUB_PID" 2>/dev/null || { cat "$WORK/hub.log" >&2; exit 1; }
        sleep 0.1
    done
    echo "bench-hub: the hub did not become ready" >&2
    cat "$WORK/hub.log" >&2
    exit 1
}

stop_hub() {
    kill "$HUB_PID" 2>/dev/null || true
    wait "$HUB_PID" 2>/dev/null || true
    HUB_PID=
}

# seed: practices and events through the API; writes $WORK/seed.json and $WORK/ids.txt.
seed() {
    python3 - "$BASE" "$PRACTICES" "$WORK" <<'PY'
import datetime, json, sys, urllib.request, uuid

base, n, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def call(method, path, token=None, body=None, key=False):
    req = urllib.request.Request(base + path, method=method)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if key:
        req.add_header("Idempotency-Key", str(uuid.uuid4()))
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, data, timeout=30) as r:
        return json.load(r)

def login(subject, role, comune=None):
    return call("POST", "/api/v1/dev/login", body={"subject": subject, "role": role, "comune": comune})["token"]

def citizen(i):
    # A well-formed fiscal code per citizen (letters and digits where the code has them).
    return "BNCLRA%02dA01H%03dZ" % (i // 1000 % 100, i % 1000)

comune = call("GET", "/api/v1/comuni")[0]["istat"]
procedure = call("GET", "/api/v1/procedures")[0]["id"]
staff = login("RSSMRA80A01D542X", "staff", comune)
received = (datetime.date.today() - datetime.timedelta(days=10)).isoformat()
ids = []
for i in range(n):
    p = call("POST", "/api/v1/practices", staff, key=True, body={
        "procedure": procedure, "applicant": citizen(i // 5), "subject": "bench %d" % i,
        "comune": comune, "received": received})
    pid = p["id"]
    call("POST", "/api/v1/practices/%s/events" % pid, staff, key=True,
         body={"kind": "integration_requested", "note": "a document is missing"})
    call("POST", "/api/v1/practices/%s/events" % pid, staff, key=True,
         body={"kind": "integrated", "note": "sent"})
    call("POST", "/api/v1/practices/%s/events" % pid, staff, key=True,
         body={"kind": "note", "note": "checked"})
    ids.append(pid)
with open(work + "/ids.txt", "w") as f:
    f.write("\n".join(ids) + "\n")
seed = {"staff": staff, "citizen": login(citizen(0), "citizen"), "practice": ids[0]}
with open(work + "/seed.json", "w") as f:
    json.dump(seed, f)
PY
}

seed_value() {
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$WORK/seed.json" "$1"
}

# record ENDPOINT DB CONCURRENCY RUN KIND FILE: one line of results from oha's or
# write_load's JSON.
record() {
    python3 - "$@" >>"$RESULTS" <<'PY'
import json, sys
endpoint, db, c, run, kind, path = sys.argv[1:7]
d = json.load(open(path))
if kind == "oha":
    codes = d.get("statusCodeDistribution", {})
    ok = sum(v for k, v in codes.items() if 200 <= int(k) < 300)
    transport = sum(d.get("errorDistribution", {}).values())
    row = {"rps": d["summary"]["requestsPerSec"],
           "p50_ms": (d["latencyPercentiles"]["p50"] or 0) * 1000,
           "p99_ms": (d["latencyPercentiles"]["p99"] or 0) * 1000,
           "errors": sum(codes.values()) - ok + transport,
           "requests": sum(codes.values()) + transport}
else:
    row = {k: d[k] for k in ("rps", "p50_ms", "p99_ms", "errors", "requests")}
    if d.get("first_error"):
        print("bench-hub: %s: first error: %s" % (endpoint, d["first_error"]), file=sys.stderr)
row.update({"endpoint": endpoint, "db": db, "c": int(c), "run": int(run)})
print(json.dumps(row))
PY
}

# oha_run NAME DB C RUN TOKEN PATH
oha_run() {
    local out=$WORK/oha.json
    "$OHA" -n "$REQUESTS" -c "$3" --no-tui --output-format json \
        -H "Authorization: Bearer $5" "$BASE$6" >"$out"
    record "$1" "$2" "$3" "$4" oha "$out"
    tail -n 1 "$RESULTS" >&2
}

bench() {
    local db=$1 url=$2 run=$3 staff citizen practice c
    echo "bench-hub: $db, run $run: starting and seeding the hub" >&2
    start_hub "$url"
    seed
    staff=$(seed_value staff)
    citizen=$(seed_value citizen)
    practice=$(seed_value practice)
    if [ "$WHAT" != writes ]; then
        # Warm-up (not counted): connections, caches.
        "$OHA" -n 2000 -c 10 --no-tui --output-format json -H "Authorization: Bearer $staff" \
            "$BASE/api/v1/practices/$practice" >/dev/null
        for c in $CONCURRENCY; do
            oha_run "GET /practices/{id}" "$db" "$c" "$run" "$staff" "/api/v1/practices/$practice"
            oha_run "GET /me/practices" "$db" "$c" "$run" "$citizen" "/api/v1/me/practices"
            oha_run "GET /me/changes" "$db" "$c" "$run" "$citizen" "/api/v1/me/changes"
        done
    fi
    for c in $CONCURRENCY; do
        [ "$WHAT" != reads ] || break
        "$WRITE_BIN" --base "$BASE" --token "$staff" --practices "$WORK/ids.txt" \
            --concurrency "$c" --requests "$WRITES" >"$WORK/write.json"
        record "POST /practices/{id}/events" "$db" "$c" "$run" write "$WORK/write.json"
        tail -n 1 "$RESULTS" >&2
    done
    stop_hub
}

for run in $(seq 1 "$RUNS"); do
    if [ "$ONLY" != postgres ]; then
        rm -f "$WORK/hub.db"*
        bench sqlite "$WORK/hub.db" "$run"
    fi
    if [ "$ONLY" != sqlite ] && [ -n "${CAMPANILE_HUB_PG_URL:-}" ]; then
        name=bench_hub_$$_$run
        psql -q "$CAMPANILE_HUB_PG_URL" -c "CREATE DATABASE $name" >/dev/null
        PG_DBS+=("$name")
        url=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' \
            "$CAMPANILE_HUB_PG_URL" "$name")
        bench postgres "$url" "$run"
    fi
done
if [ -z "${CAMPANILE_HUB_PG_URL:-}" ] && [ "$ONLY" != sqlite ]; then
    echo "bench-hub: PostgreSQL skipped (set CAMPANILE_HUB_PG_URL, e.g. eval \"\$(CAMPANILE_PG_DIR=/tmp/pg-bench scripts/pg.sh start)\")" >&2
fi

# --- the table -----------------------------------------------------------------------------
python3 - "$RESULTS" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print("%-28s %-9s %5s %4s %10s %9s %9s %7s" % ("endpoint", "database", "conc", "run", "req/s", "p50 ms", "p99 ms", "errors"))
for r in rows:
    print("%-28s %-9s %5d %4d %10.0f %9.2f %9.2f %7d" % (r["endpoint"], r["db"], r["c"], r["run"], r["rps"], r["p50_ms"], r["p99_ms"], r["errors"]))
print()
for r in rows:
    if r["db"] != "sqlite":
        continue
    if r["endpoint"] == "GET /practices/{id}":
        ok = r["rps"] >= 5000 and r["p99_ms"] < 20 and r["errors"] == 0
        print("target practice reads (sqlite, c=%d, run %d): >= 5000/s, p99 < 20 ms: %s" % (r["c"], r["run"], "met" if ok else "MISSED"))
    if r["endpoint"].startswith("POST"):
        ok = r["rps"] >= 1000 and r["errors"] == 0
        print("target writes (sqlite, c=%d, run %d): >= 1000/s: %s" % (r["c"], r["run"], "met" if ok else "MISSED"))
print("\nraw figures: %s" % sys.argv[1])
PY
