#!/usr/bin/env bash
# Whole-system probing load test: `lifeline run` probing GATEWAYS gateways (127.x.y.z:PORT, all answered by one
# Lifeline.ProbeResponder process) every INTERVAL; after WARMUP seconds it measures the daemon's CPU share of one core
# (utime + stime from /proc/PID/stat over MEASURE seconds) and its peak RSS (VmHWM), and reads /metrics.
#
#   bench/probing-load.sh                      # 100,000 gateways every 30 s, 90 s warm-up, 180 s measured
#   GATEWAYS=10000 MEASURE=60 bench/probing-load.sh
#
# Figures and their reading are kept in docs/benchmarks.md ("Probing 100,000 gateways").
set -euo pipefail

GATEWAYS=${GATEWAYS:-100000}
INTERVAL=${INTERVAL:-30s}
MAX_RATE=${MAX_RATE:-5000}
TRUNKS=${TRUNKS:-10}
WARMUP=${WARMUP:-90}
MEASURE=${MEASURE:-180}
PORT=${PORT:-25060}
HTTP=${HTTP:-18090}

source "$(dirname "$0")/probe-rig.sh"
start_probe_rig probing-load "$INTERVAL"
started=$(date +%s)

metric() { # metric NAME: the sum of every series of a counter in the last scrape
  awk -v n="$1" '$1 ~ "^"n"({|$)" { s += $2 } END { printf "%d", s }' "$work/metrics.txt"
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$lifeline_pid/stat"; }

until curl -sf "http://127.0.0.1:$HTTP/healthz" >/dev/null 2>&1; do
  kill -0 "$lifeline_pid" 2>/dev/null || { cat "$work/lifeline.log"; echo "lifeline exited"; exit 1; }
  sleep 1
done
echo "daemon up after $(( $(date +%s) - started )) s; warming up ${WARMUP} s"
sleep "$WARMUP"

# Nothing scrapes /metrics or /api/status inside the window (with 100,000 gateways a scrape is itself real work, and
# its buffers would count in the peak RSS); the probe rate comes from the responder's own count.
hz=$(getconf CLK_TCK)
answers() { awk '/answered,/ { n = $1 } END { print n + 0 }' "$work/responder.log"; }
t0=$(date +%s.%N); c0=$(cpu_ticks); r0=$(answers)
sleep "$MEASURE"
t1=$(date +%s.%N); c1=$(cpu_ticks); r1=$(answers)
hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$lifeline_pid/status")
rss=$(awk '/VmRSS/ { print $2 }' "/proc/$lifeline_pid/status")
threads=$(awk '/Threads/ { print $2 }' "/proc/$lifeline_pid/status")
curl -s "http://127.0.0.1:$HTTP/metrics" >"$work/metrics.txt"
sent=$(metric lifeline_probe_sent_total); answered=$(metric lifeline_probe_answered_total)
lost=$(metric lifeline_probe_lost_total); late=$(metric lifeline_probe_late_total)
targets=$(awk '$1 == "lifeline_probe_targets" { print $2 }' "$work/metrics.txt")

python3 - <<EOF2
elapsed = $t1 - $t0
cpu = ($c1 - $c0) / $hz
print(f"gateways probed:     {int(float('${targets:-0}')):,} (every $INTERVAL, max_rate $MAX_RATE)")
print(f"measured over:       {elapsed:.0f} s, after {$WARMUP} s of warm-up")
print(f"answers (responder): {$r1 - $r0:,} in the window's 10 s reports (~{($r1 - $r0) / elapsed:,.0f} a second)")
print(f"CPU (utime+stime):   {cpu:.1f} s = {100 * cpu / elapsed:.1f}% of one core")
print(f"peak RSS (VmHWM):    {$hwm / 1024:.0f} MB (VmRSS {$rss / 1024:.0f} MB, {$threads} threads)")
print(f"whole run (metrics): {$sent:,} probes sent, {$answered:,} answered, {$lost:,} lost, {$late:,} late")
EOF2
tail -n 3 "$work/responder.log"
grep -E "warn|fail|crit" "$work/lifeline.log" | head -n 5 || true
