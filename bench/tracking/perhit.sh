#!/usr/bin/env bash
# Processor time and bytes allocated per hit, for comparing builds on a busy machine (bench/README.md):
# one server (the Release build of this checkout, or MAKOTO_DLL=<path>), fresh data folder, the background
# archiver off so that only tracking runs, a warm-up, then a measured run of wrk; prints the server's
# user + system time and `dotnet_gc_allocated_bytes_total` over the hits committed in the measured run.
#
#   bench/tracking/perhit.sh [pageviews|bulk] [duration=20s] [warmup=10s]
set -euo pipefail
KIND=${1:-pageviews}
DURATION=${2:-20s}
WARMUP=${3:-10s}
PORT=${PORT:-18432}
TOKEN=0123456789abcdef0123456789abcdef
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DLL=${MAKOTO_DLL:-$ROOT/src/Makoto.Web/bin/Release/net10.0/Makoto.Web.dll}
DATA=$(mktemp -d /tmp/makoto-perhit-XXXXXX)
if [ "$KIND" = bulk ]; then CONN=8; else CONN=64; fi

MAKOTO_INIT_LOGIN=bench MAKOTO_INIT_PASSWORD=bench-password-1 MAKOTO_INIT_EMAIL=bench@example.org \
MAKOTO_INIT_TOKEN=$TOKEN Makoto__Archiving__BackgroundIntervalSeconds=0 \
  dotnet "$DLL" --urls "http://127.0.0.1:$PORT" --data "$DATA" --Logging:LogLevel:Default=Warning >"$DATA.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DATA" "$DATA.log" "$DATA.wrk"' EXIT
for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$PORT/matomo.php?idsite=1" && break; sleep 0.1; done
curl -s "http://127.0.0.1:$PORT/index.php?module=API&method=SitesManager.addSite&siteName=Bench&urls%5B%5D=https%3A%2F%2Fwww.example.com&timezone=UTC&format=json&token_auth=$TOKEN" >/dev/null
wrk -t1 -c$CONN -d"$WARMUP" --timeout 10s -s "$ROOT/bench/tracking/$KIND.lua" "http://127.0.0.1:$PORT" -- 1 $TOKEN >/dev/null

metric() { curl -s "http://127.0.0.1:$PORT/metrics" | awk -v m="$1" '$1 == m {print $2}'; }
ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
h0=$(metric makoto_tracking_hits_committed_total); b0=$(metric dotnet_gc_allocated_bytes_total); t0=$(ticks)
c0=$(metric makoto_tracking_commits_total); s0=$(metric makoto_tracking_disk_syncs_total)
wrk -t1 -c$CONN -d"$DURATION" --timeout 10s -s "$ROOT/bench/tracking/$KIND.lua" "http://127.0.0.1:$PORT" -- 1 $TOKEN | grep '^RESULT' >"$DATA.wrk" || true
h1=$(metric makoto_tracking_hits_committed_total); b1=$(metric dotnet_gc_allocated_bytes_total); t1=$(ticks)
c1=$(metric makoto_tracking_commits_total); s1=$(metric makoto_tracking_disk_syncs_total)
rss=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$PID/status")
awk -v h="$((h1 - h0))" -v b="$(echo "$b1 - $b0" | bc)" -v t="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" -v kind="$KIND" -v c="$((c1 - c0))" -v s="$((s1 - s0))" \
    -v ld="$(cut -d' ' -f1 /proc/loadavg)" -v rss="$rss" -v wrk="$(cat "$DATA.wrk")" \
  'BEGIN { printf "PERHIT kind=%s hits=%d cpu_us_per_hit=%.1f bytes_per_hit=%.0f peak_rss_mb=%d hits_per_commit=%.1f hits_per_sync=%.1f load=%s | %s\n", kind, h, t / hz * 1e6 / h, b / h, rss, h / c, h / s, ld, wrk }'
