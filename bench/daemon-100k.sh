#!/usr/bin/env bash
# The whole daemon at 100,000 gateways: `lifeline run` (Release) probing GATEWAYS gateways (sip:127.x.y.z:PORT over
# TRUNKS trunks, all answered by one Lifeline.ProbeResponder) every INTERVAL. It waits until every gateway has been
# probed and is Up, then measures over MEASURE seconds: the daemon's CPU share of one core (utime + stime from
# /proc/PID/stat), its RSS (VmRSS sampled every 5 s, and VmHWM, the peak since start), the probes it sent per second
# (from /metrics before and after the window) against GATEWAYS / INTERVAL, and lateness (probes started more than
# 100 ms after due, and the scheduler's lag histogram). It exits 1 when a target is not Up, a probe was lost or late,
# or the rate is off by more than 2%.
#
#   bench/daemon-100k.sh                                    # 100,000 gateways every 30 s, 120 s measured
#   GATEWAYS=20000 INTERVAL=6 MEASURE=60 bench/daemon-100k.sh
#
# Figures are kept in docs/benchmarks.md ("Whole daemon at 100,000 gateways"), with the command and the machine.
set -euo pipefail

GATEWAYS=${GATEWAYS:-100000}
INTERVAL=${INTERVAL:-30}          # seconds
MAX_RATE=${MAX_RATE:-5000}        # probing.max_rate: above GATEWAYS / INTERVAL, with room for failing gateways
TRUNKS=${TRUNKS:-10}
SETTLE=${SETTLE:-30}              # seconds after the first full round before measuring
MEASURE=${MEASURE:-120}
PORT=${PORT:-25060}
HTTP=${HTTP:-18091}

source "$(dirname "$0")/probe-rig.sh"

echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo); dotnet $(dotnet --version)"
echo "load before: $(uptime | sed 's/.*load average/load average/')"
start_probe_rig daemon-100k "${INTERVAL}s"
started=$(date +%s.%N)

scrape() { curl -sf "http://127.0.0.1:$HTTP/metrics" >"$work/$1"; }
sum() { # sum FILE NAME [LABEL-FILTER]: the sum of every series of NAME (optionally only lines matching the filter)
  awk -v n="$2" -v f="${3:-}" '$1 ~ "^"n"({|$)" && index($1, f) { s += $2 } END { printf "%d", s }' "$work/$1"
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$lifeline_pid/stat"; }
status_kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$lifeline_pid/status"; }

until curl -sf "http://127.0.0.1:$HTTP/healthz" >/dev/null 2>&1; do
  kill -0 "$lifeline_pid" 2>/dev/null || { cat "$work/lifeline.log"; echo "lifeline exited"; exit 1; }
  sleep 0.5
done
listening=$(python3 -c "print(f'{$(date +%s.%N) - $started:.1f}')")
echo "listening after ${listening} s (configuration of $GATEWAYS gateways loaded, board tracked, journal open)"

# Every gateway probed at least once and Up: first probes are jittered over one interval.
while :; do
  scrape metrics.txt
  up=$(sum metrics.txt lifeline_trunk_gateways 'health="Up"')
  sent=$(sum metrics.txt lifeline_probe_sent_total)
  elapsed=$(python3 -c "print(int($(date +%s.%N) - $started))")
  if (( up == GATEWAYS && sent >= GATEWAYS && elapsed > INTERVAL )); then break; fi
  if (( elapsed > 10 * INTERVAL + 300 )); then echo "not all Up after ${elapsed} s: $up Up, $sent probes sent"; exit 1; fi
  sleep 2
done
echo "all $up gateways Up, $sent probes sent, after ${elapsed} s; settling ${SETTLE} s"
sleep "$SETTLE"

hz=$(getconf CLK_TCK)
scrape before.txt
t0=$(date +%s.%N); c0=$(cpu_ticks)
rss_max=0; rss_sum=0; rss_n=0
end=$(( $(date +%s) + MEASURE ))
while (( $(date +%s) < end )); do
  sleep 5
  r=$(status_kb VmRSS); rss_sum=$(( rss_sum + r )); rss_n=$(( rss_n + 1 ))
  if (( r > rss_max )); then rss_max=$r; fi
done
t1=$(date +%s.%N); c1=$(cpu_ticks)
hwm=$(status_kb VmHWM); anon=$(status_kb RssAnon); file=$(status_kb RssFile); threads=$(awk '$1 == "Threads:" { print $2 }' "/proc/$lifeline_pid/status")
scrape after.txt

delta() { echo $(( $(sum after.txt "$@") - $(sum before.txt "$@") )); }
d_sent=$(delta lifeline_probe_sent_total); d_answered=$(delta lifeline_probe_answered_total)
d_lost=$(delta lifeline_probe_lost_total); d_late=$(delta lifeline_probe_late_total)
lag_all=$(delta lifeline_probe_scheduler_lag_seconds_count)
lag_fast=$(delta lifeline_probe_scheduler_lag_seconds_bucket 'le="0.01"')
up=$(sum after.txt lifeline_trunk_gateways 'health="Up"')
late_all=$(sum after.txt lifeline_probe_late_total); lost_all=$(sum after.txt lifeline_probe_lost_total)
series=$(grep -vc '^#' "$work/after.txt")
heap=$(sum after.txt lifeline_process_gc_heap_bytes); committed=$(sum after.txt lifeline_process_gc_committed_bytes)
pending=$(sum after.txt lifeline_monitor_pending_targets)
echo "load after: $(uptime | sed 's/.*load average/load average/')"
grep -E "warn|fail|crit" "$work/lifeline.log" | head -n 5 || true

python3 - <<PY
elapsed = $t1 - $t0
cpu = ($c1 - $c0) / $hz
rate, expected = $d_sent / elapsed, $GATEWAYS / $INTERVAL
print(f"gateways:            {$GATEWAYS:,} over $TRUNKS trunks, every ${INTERVAL} s (max_rate $MAX_RATE); {$up:,} Up at the end")
print(f"measured over:       {elapsed:.0f} s")
print(f"CPU (utime+stime):   {cpu:.1f} s = {100 * cpu / elapsed:.1f}% of one core")
print(f"RSS:                 {$rss_max / 1024:.0f} MB max, {$rss_sum / max(1, $rss_n) / 1024:.0f} MB mean over the window (VmHWM since start {$hwm / 1024:.0f} MB), $threads threads")
print(f"RSS at the end:      {$anon / 1024:.0f} MB anonymous (heap, runtime, native), {$file / 1024:.0f} MB file-backed (mapped assemblies)")
print(f"probes:              {$d_sent:,} sent = {rate:,.0f}/s (expected {expected:,.0f}/s, {100 * (rate / expected - 1):+.1f}%), {$d_answered:,} answered, {$d_lost:,} lost")
print(f"lateness:            {$d_late:,} probes more than 100 ms late in the window ({$late_all:,} since start, {$lost_all:,} lost since start); scheduler lag under 10 ms in {$lag_fast:,} of {$lag_all:,} ticks")
print(f"managed heap:        {$heap / 1048576:.0f} MB after the last GC, {$committed / 1048576:.0f} MB committed by the GC")
print(f"monitor tick:        {$pending:,} targets pending (evaluated each tick)")
print(f"/metrics:            {$series:,} series")
ok = $up == $GATEWAYS and $d_lost == 0 and $d_late == 0 and abs(rate / expected - 1) < 0.02
print("verdict:             " + ("on time" if ok else "NOT on time"))
raise SystemExit(0 if ok else 1)
PY
