#!/usr/bin/env bash
# The tracking throughput benchmark (bench/README.md): starts the bare endpoint and Makoto (Release
# builds, fresh data folder each time) on this machine, drives them with wrk, samples the server's
# RSS, and checks afterwards that Makoto stored one visit per acknowledged hit.
#
#   bench/tracking/run.sh [rounds=3] [duration=60s] [connections=64] [synchronous=FULL]
#
# Each round runs: bare endpoint (single hits), Makoto single page views, Makoto bulk (100 hits per
# request). Result lines start with RESULT; the summary at the end gives the medians.
#
# On MariaDB/MySQL: MAKOTO_BENCH_MYSQL=<MySqlConnector connection string of a user that may create databases>
# runs Makoto on a fresh database of that server each time (dropped afterwards), and MARIADB_PID=<the
# server's pid> adds the database server's CPU time (db_cpu_s) to the figures.
set -euo pipefail

ROUNDS=${1:-3}
DURATION=${2:-60s}
CONNECTIONS=${3:-64}
SYNCHRONOUS=${4:-FULL}
BULK_CONNECTIONS=${BULK_CONNECTIONS:-8}
WRK_THREADS=${WRK_THREADS:-1}
PORT=${PORT:-18431}
TOKEN=0123456789abcdef0123456789abcdef

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/bench/tracking"
OUT=$(mktemp -d /tmp/makoto-bench-XXXXXX)
echo "results in $OUT"

if [ -z "${NO_BUILD:-}" ]; then
  dotnet build -c Release "$ROOT/src/Makoto.Web" -v q -nologo >/dev/null
  dotnet build -c Release "$ROOT/bench/BareEndpoint" -v q -nologo >/dev/null
fi

SERVER_PID=""
cleanup() { if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi; }
trap cleanup EXIT

wait_ready() {
  for _ in $(seq 1 200); do
    if curl -s -o /dev/null "http://127.0.0.1:$PORT/matomo.php?idsite=1"; then return 0; fi
    sleep 0.1
  done
  echo "server did not start" >&2; exit 1
}

# mysql_cli <connection string> <sql>: runs SQL with the mariadb client on the connection string's server.
mysql_cli() {
  python3 - "$1" "$2" <<'PY'
import subprocess, sys
parts = dict(p.split("=", 1) for p in sys.argv[1].split(";") if "=" in p)
get = lambda *keys: next((parts[k] for k in parts if k.lower() in keys), "")
subprocess.run(["mariadb", "--no-defaults", "-N", "-h", get("server", "host"), "-P", get("port") or "3306",
                "-u", get("user id", "uid", "user"), "-p" + get("password", "pwd"), "-e", sys.argv[2]], check=True)
PY
}

# store_env <data folder>: the storage options for Makoto (a fresh MariaDB database named after the folder).
STORE_DB=""
store_env() {
  if [ -z "${MAKOTO_BENCH_MYSQL:-}" ]; then return; fi
  STORE_DB="makoto_bench_$$_$(basename "$1" | tr -c 'a-zA-Z0-9\n' _)"
  mysql_cli "$MAKOTO_BENCH_MYSQL" "CREATE DATABASE $STORE_DB CHARACTER SET utf8mb4"
  export Makoto__Storage__Provider=mysql Makoto__Storage__TablePrefix=matomo_
  export Makoto__Storage__ConnectionString="$(echo "$MAKOTO_BENCH_MYSQL" | sed -E "s/(^|;)Database=[^;]*/\1Database=$STORE_DB/I")"
}

# stored_visits <data folder>: the visits Makoto stored (then drops the MariaDB database).
stored_visits() {
  if [ -z "${MAKOTO_BENCH_MYSQL:-}" ]; then sqlite3 "$1/makoto.db" 'SELECT COUNT(*) FROM log_visit'; return; fi
  mysql_cli "$MAKOTO_BENCH_MYSQL" "SELECT COUNT(*) FROM $STORE_DB.matomo_log_visit; DROP DATABASE $STORE_DB"
}

start_makoto() {
  local data=$1
  store_env "$data"
  MAKOTO_INIT_LOGIN=bench MAKOTO_INIT_PASSWORD=bench-password-1 MAKOTO_INIT_EMAIL=bench@example.org \
  MAKOTO_INIT_TOKEN=$TOKEN Makoto__Storage__SqliteSynchronous=$SYNCHRONOUS \
    dotnet "$ROOT/src/Makoto.Web/bin/Release/net10.0/Makoto.Web.dll" --urls "http://127.0.0.1:$PORT" --data "$data" \
    --Logging:LogLevel:Default=Warning >"$data.log" 2>&1 &
  SERVER_PID=$!
  wait_ready
  curl -s "http://127.0.0.1:$PORT/index.php?module=API&method=SitesManager.addSite&siteName=Bench&urls%5B%5D=https%3A%2F%2Fwww.example.com&timezone=UTC&format=json&token_auth=$TOKEN" >/dev/null
}

start_bare() {
  dotnet "$ROOT/bench/BareEndpoint/bin/Release/net10.0/BareEndpoint.dll" --urls "http://127.0.0.1:$PORT" >/dev/null 2>&1 &
  SERVER_PID=$!
  wait_ready
}

stop_server() {
  kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
}

# warm <script> <connections>: a short run that is not measured (JIT tiers, caches, device detection).
warm() {
  wrk -t"$WRK_THREADS" -c"$2" -d"${WARMUP:-10s}" --timeout 10s -s "$HERE/$1" "http://127.0.0.1:$PORT" -- 1 "$TOKEN" >/dev/null
}

# measure <label> <script> <connections> : runs wrk against the running server, prints RESULT with max RSS.
measure() {
  local label=$1 script=$2 connections=$3
  warm "$script" "$connections"
  local rssfile="$OUT/$label.rss"
  echo 0 >"$rssfile"
  ( max=0; while kill -0 "$SERVER_PID" 2>/dev/null; do
      rss=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)
      if [ "${rss:-0}" -gt "$max" ]; then max=$rss; echo "$max" >"$rssfile"; fi
      sleep 0.5
    done ) &
  local sampler=$!
  local line cpu_before cpu_after db_before db_after
  cpu_before=$(cpu_ticks "$SERVER_PID")
  db_before=$(cpu_ticks "${MARIADB_PID:-}")
  line=$(wrk -t"$WRK_THREADS" -c"$connections" -d"$DURATION" --timeout 10s -s "$HERE/$script" "http://127.0.0.1:$PORT" -- 1 "$TOKEN" | grep '^RESULT')
  cpu_after=$(cpu_ticks "$SERVER_PID")
  db_after=$(cpu_ticks "${MARIADB_PID:-}")
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  local hz
  hz=$(getconf CLK_TCK)
  echo "$line label=$label rss_mb=$(( $(cat "$rssfile") / 1024 )) cpu_s=$(awk -v t=$((cpu_after - cpu_before)) -v hz="$hz" 'BEGIN {printf "%.2f", t / hz}') db_cpu_s=$(awk -v t=$((db_after - db_before)) -v hz="$hz" 'BEGIN {printf "%.2f", t / hz}') load=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$OUT/results.txt"
}

# cpu_ticks <pid>: user + system clock ticks the process has used so far (/proc/PID/stat fields 14 and 15); 0 without a pid.
cpu_ticks() {
  if [ -z "$1" ]; then echo 0; return; fi
  awk '{print $14 + $15}' "/proc/$1/stat"
}

for round in $(seq 1 "$ROUNDS"); do
  start_bare
  measure bare pageviews.lua "$CONNECTIONS"
  stop_server

  data="$OUT/data-pv-$round"
  start_makoto "$data"
  measure makoto-pageviews pageviews.lua "$CONNECTIONS"
  stop_server
  echo "  stored visits: $(stored_visits "$data")  (acknowledged hits of the warm-up and the run: one visit each)" | tee -a "$OUT/results.txt"
  rm -rf "$data"

  data="$OUT/data-bulk-$round"
  start_makoto "$data"
  measure makoto-bulk bulk.lua "$BULK_CONNECTIONS"
  stop_server
  echo "  stored visits: $(stored_visits "$data")" | tee -a "$OUT/results.txt"
  rm -rf "$data"
done

python3 - "$OUT/results.txt" <<'EOF'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    if not line.startswith("RESULT"):
        continue
    fields = dict(kv.split("=", 1) for kv in line.split()[1:])
    rows.setdefault(fields["label"], []).append(fields)
def med(label, key):
    return statistics.median(float(r[key]) for r in rows[label])
print("\nmedians over %d rounds" % len(rows.get("bare", [])))
for label, items in rows.items():
    key = "hits_per_s" if label == "makoto-bulk" else "rps"
    hits = 100 if label == "makoto-bulk" else 1
    # Server CPU per hit: the server's user+system time over the hits it answered in the measured run.
    cpu_us = statistics.median(float(r["cpu_s"]) * 1e6 / (float(r["requests"]) * hits) for r in items)
    db_us = statistics.median(float(r["db_cpu_s"]) * 1e6 / (float(r["requests"]) * hits) for r in items)
    print(f"  {label:18} {key}={med(label, key):8.0f}  p50_ms={med(label, 'p50_ms'):7.2f}  p99_ms={med(label, 'p99_ms'):7.2f}"
          f"  max_rss_mb={max(float(r['rss_mb']) for r in items):5.0f}  server_cpu_us_per_hit={cpu_us:6.1f}  db_cpu_us_per_hit={db_us:6.1f}  load={med(label, 'load'):.0f}")
if "bare" in rows and "makoto-pageviews" in rows:
    cpu_ratio = statistics.median(float(m["cpu_s"]) / float(m["requests"]) for m in rows["makoto-pageviews"]) / statistics.median(float(b["cpu_s"]) / float(b["requests"]) for b in rows["bare"])
    print(f"  server CPU per single hit, makoto/bare: {cpu_ratio:.1f}x")
    ratios = [float(m["rps"]) / float(b["rps"]) for b, m in zip(rows["bare"], rows["makoto-pageviews"])]
    print(f"  ratio makoto/bare (single hits, per round, median): {statistics.median(ratios):.2f}")
EOF
