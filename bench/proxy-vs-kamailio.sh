#!/usr/bin/env bash
# Lifeline's failover proxy vs Kamailio's dispatcher, in one run, on the same machine and the same sipp load.
#
# For each proxy (PROXIES="lifeline kamailio"):
#   a. call-rate steps (RATES, STEP_SECS each, a fresh proxy and fresh carriers per step, after a short warm-up):
#      calls ok/failed, retransmissions, throughput, response-time percentiles, the proxy's CPU (utime+stime from
#      /proc) per 1,000 calls, UDP receive-buffer drops; the highest rate with zero failed calls;
#   b. failover: FO_RATE calls/s for FO_SECS, the primary carrier SIGKILLed at FO_KILL_AT s and restarted at
#      FO_RESTART_AT s: calls failed, calls delayed, worst added delay, time to move traffic, time to fail back
#      (the run lasts FO_SECS = 100 s so that a fail-back that waits a minute is still seen);
#   c. idle: the proxy's CPU over 10 s with no calls (probing only), right after the same warm-up as a rate step,
#      and again over 10 s from 40 s after it (quiet: the warm-up's transactions are over).
# Then bench/proxy-vs-kamailio-analyze.py writes a markdown summary ($OUT_DIR/summary.md) side by side.
#
# Topology (loopback): caller sipp (bench/kamailio/uac.xml) :UAC_PORT -> proxy :PROXY_PORT -> carriers (sipp,
# bench/kamailio/uas.xml) primary :PRI_PORT (priority 1) and backup :BAK_PORT (priority 2).
# Lifeline runs `lifeline run` (Release build, published by this script) with the issue's minimal configuration
# (probing and health defaults). Kamailio runs bench/kamailio/kamailio.cfg (the anchor's: tm, record_route,
# dispatcher algorithm 8, failure_route on 5xx/408/timeout) with OPTIONS pings every KAM_PING_INTERVAL s,
# threshold KAM_PROBING_THRESHOLD, tm fr_timer FR_TIMER ms: the anchor's best case ("ping1").
#
# Adapted from ../shared/anchors/kamailio/run.sh (process handling, CPU ticks, sipp options and the failover
# timing are the anchor's, so the Kamailio half reproduces the anchor's figures). One difference: the carriers
# start before the proxy, so neither proxy starts by probing closed ports.
#
# usage: bench/proxy-vs-kamailio.sh                 (about 8 minutes with the defaults)
# knobs (env): PROXIES="lifeline kamailio" RATES="200 500 1000 1500 2000 2500 3000" STEP_SECS=5 WARMUP_CALLS=3000
#              WARMUP_RATE=500 WARMUP_SETTLE=3 IDLE_QUIET_AFTER=30
#              FO_RATE=100 FO_SECS=100 FO_KILL_AT=10 FO_RESTART_AT=20 HOLD_MS=0 SKIP_RATE=1 SKIP_FAILOVER=1
#              KAM_PING_INTERVAL=1 KAM_PROBING_THRESHOLD=1 FR_TIMER=2000 CHILDREN=4
#              PROXY_PORT=24060 PRI_PORT=24071 BAK_PORT=24072 UAC_PORT=24090 HTTP_PORT=24080
#              RUN_DIR=/tmp/proxy-vs-kamailio/run OUT_DIR=/tmp/proxy-vs-kamailio/out LIFELINE_BIN=(publish dir)
set -u -o pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
KDIR=$HERE/kamailio
BASE=${BENCH_BASE:-/tmp/proxy-vs-kamailio}
RUN=${RUN_DIR:-$BASE/run}
OUT=${OUT_DIR:-$BASE/out}
LIFELINE_BIN=${LIFELINE_BIN:-$BASE/lifeline-release}
PROXIES=${PROXIES:-"lifeline kamailio"}
RATES=${RATES:-"200 500 1000 1500 2000 2500 3000"}
STEP_SECS=${STEP_SECS:-5}
WARMUP_CALLS=${WARMUP_CALLS:-3000}
WARMUP_RATE=${WARMUP_RATE:-500}
WARMUP_SETTLE=${WARMUP_SETTLE:-3}
IDLE_QUIET_AFTER=${IDLE_QUIET_AFTER:-30}
FO_RATE=${FO_RATE:-100}
FO_SECS=${FO_SECS:-100}
FO_KILL_AT=${FO_KILL_AT:-10}
FO_RESTART_AT=${FO_RESTART_AT:-20}
HOLD_MS=${HOLD_MS:-0}
SKIP_RATE=${SKIP_RATE:-0}
SKIP_FAILOVER=${SKIP_FAILOVER:-0}
KAM_PING_INTERVAL=${KAM_PING_INTERVAL:-1}
KAM_PROBING_THRESHOLD=${KAM_PROBING_THRESHOLD:-1}
FR_TIMER=${FR_TIMER:-2000}
CHILDREN=${CHILDREN:-4}
PY=/usr/bin/python3

IP=127.0.0.1
PROXY_PORT=${PROXY_PORT:-24060}
PRI_PORT=${PRI_PORT:-24071}
BAK_PORT=${BAK_PORT:-24072}
UAC_PORT=${UAC_PORT:-24090}
HTTP_PORT=${HTTP_PORT:-24080}
export PATH="$PATH:/usr/sbin:/sbin"

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*"; }
die() { log "ERROR: $*"; exit 1; }

# --------------------------------------------------------------- packages and the Lifeline build
ensure_pkgs() {
    local missing=()
    command -v kamailio >/dev/null 2>&1 || missing+=(kamailio)
    command -v sipp >/dev/null 2>&1 || missing+=(sip-tester)
    [ -x "$PY" ] || missing+=(python3)
    command -v ss >/dev/null 2>&1 || missing+=(iproute2)
    command -v ps >/dev/null 2>&1 || missing+=(procps)
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y "${missing[@]}" >/dev/null ||
            { apt-get update >/dev/null && apt-get install -y "${missing[@]}" >/dev/null; } ||
            die "apt-get install ${missing[*]} failed"
    fi
    command -v dotnet >/dev/null 2>&1 || die "dotnet (the .NET 10 SDK) is needed to build Lifeline"
}

build_lifeline() {
    [[ " $PROXIES " == *" lifeline "* ]] || return 0
    log "building Lifeline (Release) into $LIFELINE_BIN"
    dotnet publish "$ROOT/src/Lifeline.Cli/Lifeline.Cli.csproj" -c Release -o "$LIFELINE_BIN" --nologo -v q >"$BASE/publish.log" 2>&1 ||
        { tail -30 "$BASE/publish.log"; die "dotnet publish failed"; }
    [ -f "$LIFELINE_BIN/lifeline.dll" ] || die "no lifeline.dll in $LIFELINE_BIN"
}

# --------------------------------------------------------------- processes (as in the anchor's run.sh)
# Every PID we start goes into $RUN/pids; cleanup signals only those, and only if their command line names
# this benchmark's folders (a recycled PID is left alone).
PIDFILE=""
alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
ours() {
    local c
    c=$(tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline") || return 1
    [[ $c == *"$HERE"* || $c == *"$BASE"* ]]
}
stop_pid() { # stop_pid PID [grace_s]: TERM, then KILL after the grace period
    local p=$1 g=${2:-3} i
    alive "$p" || return 0
    kill -TERM "$p" 2>/dev/null
    for ((i = 0; i < g * 20; i++)); do alive "$p" || return 0; sleep 0.05; done
    kill -KILL "$p" 2>/dev/null
}
cleanup() {
    [ -n "$PIDFILE" ] && [ -f "$PIDFILE" ] || return 0
    local p
    for p in $(tac "$PIDFILE"); do
        alive "$p" && ours "$p" && stop_pid "$p" 2
    done
    return 0
}
reap_previous_run() {
    local f=$RUN/pids p
    [ -f "$f" ] || return 0
    for p in $(tac "$f"); do
        if alive "$p" && ours "$p"; then
            log "stopping leftover PID $p from a previous run"
            stop_pid "$p" 2
        fi
    done
}
# spawn LOG LIMIT_S CMD...: runs CMD under `timeout LIMIT_S` in the background;
# sets SPAWN_WRAP (timeout's PID) and SPAWN_PID (CMD's own PID).
spawn() {
    local logf=$1 lim=$2 i
    shift 2
    timeout -s TERM -k 5 "$lim" "$@" >"$logf" 2>&1 </dev/null &
    SPAWN_WRAP=$!
    disown "$SPAWN_WRAP"
    echo "$SPAWN_WRAP" >>"$PIDFILE"
    SPAWN_PID=""
    for ((i = 0; i < 200; i++)); do
        SPAWN_PID=$(ps -o pid= --ppid "$SPAWN_WRAP" 2>/dev/null | head -n1 | tr -d ' ')
        [ -n "$SPAWN_PID" ] && break
        sleep 0.01
    done
    [ -n "$SPAWN_PID" ] && echo "$SPAWN_PID" >>"$PIDFILE"
}
ticks() { # utime+stime (clock ticks) of the given PIDs and their direct children (kamailio forks workers)
    local t=0 p q v
    for p in "$@"; do
        for q in $p $(ps -o pid= --ppid "$p" 2>/dev/null); do
            v=$(awk '{print $14+$15}' "/proc/$q/stat" 2>/dev/null) && [ -n "$v" ] && t=$((t + v))
        done
    done
    echo "$t"
}
now() { date +%s.%N; }
udp_snmp() { # "RcvbufErrors NoPorts" from /proc/net/snmp (whole network namespace)
    awk '/^Udp:/ { if (!h) { for (i = 2; i <= NF; i++) n[$i] = i; h = 1 } else print $(n["RcvbufErrors"]), $(n["NoPorts"]) }' /proc/net/snmp
}
sleep_until() {
    local s
    s=$(awk -v a="$1" -v b="$(now)" 'BEGIN { d = a - b; if (d < 0) d = 0; printf "%.3f", d }')
    sleep "$s"
}
sip_ping() { # sip_ping PORT -> 0 when 127.0.0.1:PORT answers an OPTIONS with 2xx within 1 s
    "$PY" - "$IP" "$1" <<'PYEOF'
import random, socket, sys
ip, port = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((ip, 0))
s.settimeout(1.0)
lp = s.getsockname()[1]
n = random.randrange(1 << 30)
msg = (f"OPTIONS sip:{ip}:{port} SIP/2.0\r\nVia: SIP/2.0/UDP {ip}:{lp};branch=z9hG4bK-ping{n}\r\n"
       f"From: <sip:bench@{ip}>;tag={n}\r\nTo: <sip:{ip}:{port}>\r\nCall-ID: ping{n}@{ip}\r\nCSeq: 1 OPTIONS\r\n"
       "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n")
s.sendto(msg.encode(), (ip, port))
try:
    data = s.recv(65535).decode(errors="replace")
except OSError:
    sys.exit(1)
sys.exit(0 if data.startswith("SIP/2.0 2") else 1)
PYEOF
}
wait_ping() {
    local i
    for ((i = 0; i < 50; i++)); do sip_ping "$1" && return 0; sleep 0.1; done
    return 1
}
http_get() { # http_get PATH -> body on stdout, rc 0 on 200
    "$PY" - "http://$IP:$HTTP_PORT$1" <<'PYEOF'
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=2) as r:
        sys.stdout.write(r.read().decode())
        sys.exit(0 if r.status == 200 else 1)
except Exception:
    sys.exit(1)
PYEOF
}
udp_bound() { ss -Hlun "sport = :$1" 2>/dev/null | grep -q .; }
ports_free() {
    local p busy=""
    for p in $PROXY_PORT $PRI_PORT $BAK_PORT $UAC_PORT; do
        udp_bound "$p" && busy="$busy $p"
    done
    if ss -Hltn "sport = :$HTTP_PORT" 2>/dev/null | grep -q .; then busy="$busy $HTTP_PORT/tcp"; fi
    [ -z "$busy" ] && return 0
    log "port(s) already in use:$busy (set PROXY_PORT, PRI_PORT, BAK_PORT, UAC_PORT, HTTP_PORT)"
    return 1
}

# --------------------------------------------------------------- proxies
PROXY_PID=""
start_kamailio() { # start_kamailio DIR
    local d=$1
    printf '# setid destination flags priority attrs (algorithm 8: highest priority first)\n1 sip:%s:%s 0 10 name=primary\n1 sip:%s:%s 0 5 name=backup\n' \
        "$IP" "$PRI_PORT" "$IP" "$BAK_PORT" >"$d/dispatcher.list"
    spawn "$d/kamailio.log" 300 kamailio -f "$KDIR/kamailio.cfg" -DD -E -m 1024 -M 16 -l "udp:$IP:$PROXY_PORT" \
        -Y "$d" -P "$d/kamailio.pid" \
        -A "DS_LIST=\"$d/dispatcher.list\"" -A "CTL_SOCK=\"unix:$d/kamailio_ctl\"" \
        -A "CHILDREN=$CHILDREN" -A "FR_TIMER=$FR_TIMER" \
        -A "PING_INTERVAL=$KAM_PING_INTERVAL" -A "PROBING_THRESHOLD=$KAM_PROBING_THRESHOLD"
    PROXY_PID=$SPAWN_PID
    wait_ping "$PROXY_PORT" || { tail -20 "$d/kamailio.log"; die "kamailio did not come up"; }
    if [ -s "$d/kamailio.pid" ] && [ "$(cat "$d/kamailio.pid")" != "$PROXY_PID" ]; then
        PROXY_PID=$(cat "$d/kamailio.pid")
        echo "$PROXY_PID" >>"$PIDFILE"
    fi
}
start_lifeline() { # start_lifeline DIR: the issue's minimal configuration, on the benchmark's ports
    local d=$1 i
    cat >"$d/lifeline.yaml" <<EOF
http:
  listen: $IP:$HTTP_PORT
journal:
  path: ./lifeline.db
proxy:
  listen: [ "udp:$IP:$PROXY_PORT" ]
  allow: [ $IP/32 ]
trunks:
  - name: primary
    gateways: [ "sip:$IP:$PRI_PORT" ]
    priority: 1
  - name: backup
    gateways: [ "sip:$IP:$BAK_PORT" ]
    priority: 2
EOF
    # (relative paths in the configuration, like the journal's, are relative to its folder)
    spawn "$d/lifeline.log" 300 dotnet "$LIFELINE_BIN/lifeline.dll" run -c "$d/lifeline.yaml"
    PROXY_PID=$SPAWN_PID
    for ((i = 0; i < 600; i++)); do
        http_get /healthz >/dev/null && udp_bound "$PROXY_PORT" && return 0
        alive "$PROXY_PID" || break
        sleep 0.1
    done
    tail -30 "$d/lifeline.log"
    die "lifeline run did not come up (healthz on :$HTTP_PORT and the proxy on udp:$PROXY_PORT)"
}
wait_lifeline_up() { # both gateways Up in /api/status (probes answered)
    local i
    for ((i = 0; i < 300; i++)); do
        http_get /api/status | "$PY" -c '
import json, sys
s = json.load(sys.stdin)
sys.exit(0 if all(g["health"] == "Up" for t in s["trunks"] for g in t["gateways"]) else 1)' 2>/dev/null && return 0
        sleep 0.1
    done
    die "lifeline: the gateways did not become Up"
}
start_proxy() { # start_proxy NAME DIR
    case $1 in
    kamailio) start_kamailio "$2" ;;
    lifeline) start_lifeline "$2" ;;
    *) die "unknown proxy $1" ;;
    esac
}
proxy_ready() { # proxy_ready NAME: carriers are up; wait until the proxy sees them alive
    case $1 in
    kamailio) sleep 1.5 ;; # the anchor's wait: a ping round at 1 s
    lifeline) wait_lifeline_up; sleep 0.5 ;;
    esac
}
start_uas() { # start_uas DIR NAME PORT [trace] -> SPAWN_PID
    local d=$1 name=$2 port=$3 tr=()
    [ "${4:-}" = trace ] && tr=(-trace_shortmsg -shortmessage_file "$d/${name}_short.log")
    spawn "$d/$name.out" 240 sipp -sf "$KDIR/uas.xml" -i "$IP" -p "$port" -nostdin \
        -timeout 230s "${tr[@]}" -trace_err -error_file "$d/${name}_err.log" -max_log_size 200000000
    [ -n "$SPAWN_PID" ] || die "sipp UAS $name did not start"
}
stop_all() {
    local p
    for p in "$@"; do stop_pid "$p" 3; done
    stop_pid "$PROXY_PID" 5
    wait 2>/dev/null
}
run_uac() { # run_uac DIR RATE CALLS LIMIT_S [extra sipp args...]: caller sipp in the foreground
    local d=$1 r=$2 n=$3 lim=$4 uw
    shift 4
    (cd "$d" && exec timeout -s TERM -k 5 $((lim + 10)) bash -c '
        sipp "$@"; rc=$?; times > uac_times.txt; exit $rc' _ \
        "$IP:$PROXY_PORT" -sf "$KDIR/uac.xml" -i "$IP" -p "$UAC_PORT" -r "$r" -m "$n" \
        -d "$HOLD_MS" -nostdin -timeout "${lim}s" "$@") >>"$d/uac.out" 2>&1 </dev/null &
    uw=$!
    echo "$uw" >>"$PIDFILE"
    wait "$uw"
}

start_rig() { # start_rig PROXY DIR: both carriers (untraced), then the proxy; sets PRI and BAK
    start_uas "$2" pri "$PRI_PORT"
    PRI=$SPAWN_PID
    start_uas "$2" bak "$BAK_PORT"
    BAK=$SPAWN_PID
    wait_ping "$PRI_PORT" && wait_ping "$BAK_PORT" || die "UAS not answering"
    start_proxy "$1" "$2"
    proxy_ready "$1"
}

warm_up() { # warm_up DIR: WARMUP_CALLS calls at WARMUP_RATE, not measured, then WARMUP_SETTLE s of quiet.
    # A long-running daemon's steady state: Lifeline's JIT compiles its hot paths twice (quick code first, then
    # optimized code from what the first runs saw) during its first few thousand calls; Kamailio has nothing to
    # warm. What the warm-up cost the proxy is kept in the step's meta.txt (warmup_ticks).
    local d=$1 w0 w1
    WARMUP_TICKS=0
    [ "$WARMUP_CALLS" -gt 0 ] || return 0
    mkdir -p "$d/warmup"
    w0=$(ticks "$PROXY_PID")
    run_uac "$d/warmup" "$WARMUP_RATE" "$WARMUP_CALLS" $((WARMUP_CALLS / WARMUP_RATE * 4 + 30)) -trace_stat -stf uac_stat.csv -fd 1
    sleep "$WARMUP_SETTLE"
    w1=$(ticks "$PROXY_PID")
    WARMUP_TICKS=$((w1 - w0))
}

# --------------------------------------------------------------- a. rate steps
rate_step() { # rate_step PROXY CPS
    local P=$1 R=$2 d=$RUN/$1/rate_$2 N k0 k1 t0 t1 rc PRI BAK lim rf f rb0 rb1 np0 np1
    mkdir -p "$d"
    start_rig "$P" "$d"
    warm_up "$d"
    N=$((R * STEP_SECS))
    lim=$((STEP_SECS * 4 + 20))
    # sipp writes -trace_rtt in batches of -rtt_freq and drops a partial last batch
    rf=1
    for f in 100 10; do if ((N % f == 0)); then rf=$f; break; fi; done
    k0=$(ticks "$PROXY_PID")
    read -r rb0 np0 < <(udp_snmp)
    t0=$(now)
    run_uac "$d" "$R" "$N" "$lim" -l $((R * 4 + 200)) \
        -trace_stat -stf uac_stat.csv -fd 1 -trace_rtt -rtt_freq "$rf" \
        -trace_err -error_file uac_err.log -max_log_size 2000000
    rc=$?
    t1=$(now)
    k1=$(ticks "$PROXY_PID")
    read -r rb1 np1 < <(udp_snmp)
    {
        echo "proxy=$P"
        echo "udp_rcvbuf_errors=$((rb1 - rb0))"
        echo "rate=$R"
        echo "calls=$N"
        echo "rc=$rc"
        echo "uac_wall_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')"
        echo "proxy_ticks=$((k1 - k0))"
        echo "warmup_ticks=$WARMUP_TICKS"
    } >"$d/meta.txt"
    stop_all "$PRI" "$BAK"
    log "  $P $R cps: sipp rc=$rc, proxy ticks $((k1 - k0)), $(tail -n1 "$d/uac_stat.csv" 2>/dev/null |
        awk -F';' '{print "ok=" $16 " failed=" $18 " retrans=" $58}'), rcvbuf drops $((rb1 - rb0))"
}

# --------------------------------------------------------------- c. idle
idle_baseline() { # idle_baseline PROXY: the proxy's CPU with no calls, probing only
    local P=$1 d=$RUN/$1/idle k0 k1 q0 q1 PRI BAK secs=10
    mkdir -p "$d"
    start_rig "$P" "$d"
    warm_up "$d"
    k0=$(ticks "$PROXY_PID")
    sleep "$secs"
    k1=$(ticks "$PROXY_PID")
    # Quiet: once the warm-up's transactions have run out (RFC 3261 timers of up to 64*T1 = 32 s hold each call's
    # transactions after it ends) and nothing is left to compile.
    sleep "$IDLE_QUIET_AFTER"
    q0=$(ticks "$PROXY_PID")
    sleep "$secs"
    q1=$(ticks "$PROXY_PID")
    printf 'secs=%s\nproxy_ticks=%s\nquiet_after=%s\nquiet_ticks=%s\n' "$secs" "$((k1 - k0))" "$IDLE_QUIET_AFTER" "$((q1 - q0))" >"$d/meta.txt"
    stop_all "$PRI" "$BAK"
    log "  $P idle: $((k1 - k0)) ticks in ${secs}s right after the warm-up, $((q1 - q0)) ticks in ${secs}s from $((secs + IDLE_QUIET_AFTER))s after it"
}

# --------------------------------------------------------------- b. failover
failover_case() { # failover_case PROXY
    local P=$1 d=$RUN/$1/fo N lim PRI BAK PRI2 UACW t_start t_kill t_restart rc k0 k1 rb0 rb1 np0 np1
    mkdir -p "$d"
    start_uas "$d" pri1 "$PRI_PORT" trace
    PRI=$SPAWN_PID
    start_uas "$d" bak "$BAK_PORT" trace
    BAK=$SPAWN_PID
    wait_ping "$PRI_PORT" && wait_ping "$BAK_PORT" || die "UAS not answering"
    start_proxy "$P" "$d"
    proxy_ready "$P"
    N=$((FO_RATE * FO_SECS))
    lim=$((FO_SECS + 30))
    k0=$(ticks "$PROXY_PID")
    read -r rb0 np0 < <(udp_snmp)
    (cd "$d" && exec timeout -s TERM -k 5 $((lim + 10)) bash -c '
        sipp "$@"; rc=$?; times > uac_times.txt; exit $rc' _ \
        "$IP:$PROXY_PORT" -sf "$KDIR/uac.xml" -i "$IP" -p "$UAC_PORT" -r "$FO_RATE" -m "$N" \
        -l 5000 -d "$HOLD_MS" -nostdin -timeout "${lim}s" \
        -trace_stat -stf uac_stat.csv -fd 1 -trace_shortmsg -shortmessage_file uac_short.log \
        -trace_err -error_file uac_err.log -max_log_size 200000000) >"$d/uac.out" 2>&1 </dev/null &
    UACW=$!
    echo "$UACW" >>"$PIDFILE"
    t_start=$(now)
    sleep_until "$(awk -v a="$t_start" -v b="$FO_KILL_AT" 'BEGIN{printf "%.6f", a+b}')"
    t_kill=$(now)
    kill -KILL "$PRI" # simulated crash of the primary carrier
    log "  $P: killed primary UAS PID $PRI"
    sleep_until "$(awk -v a="$t_start" -v b="$FO_RESTART_AT" 'BEGIN{printf "%.6f", a+b}')"
    t_restart=$(now)
    start_uas "$d" pri2 "$PRI_PORT" trace
    PRI2=$SPAWN_PID
    log "  $P: restarted primary UAS as PID $PRI2"
    wait "$UACW"
    rc=$?
    k1=$(ticks "$PROXY_PID")
    read -r rb1 np1 < <(udp_snmp)
    if [ "$P" = lifeline ]; then # the transitions Lifeline journaled, for detection and fail-back times
        http_get "/api/events?limit=500" >"$d/events.json" || true
        http_get /api/status >"$d/status.json" || true
    fi
    {
        echo "proxy=$P"
        echo "udp_rcvbuf_errors=$((rb1 - rb0))"
        echo "udp_noports=$((np1 - np0))"
        echo "rate=$FO_RATE"
        echo "secs=$FO_SECS"
        echo "rc=$rc"
        echo "t_start=$t_start"
        echo "t_kill=$t_kill"
        echo "t_restart=$t_restart"
        echo "proxy_ticks=$((k1 - k0))"
    } >"$d/meta.txt"
    sleep 0.5
    stop_all "$PRI2" "$BAK"
    log "  $P failover: sipp rc=$rc, $(tail -n1 "$d/uac_stat.csv" 2>/dev/null |
        awk -F';' '{print "ok=" $16 " failed=" $18 " retrans=" $58}')"
}

# --------------------------------------------------------------- main
ensure_pkgs
mkdir -p "$BASE"
reap_previous_run
rm -rf "$RUN"
mkdir -p "$RUN" "$OUT"
PIDFILE=$RUN/pids
: >"$PIDFILE"
trap cleanup EXIT
trap 'exit 130' INT TERM
ports_free || die "ports busy"
build_lifeline

{
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "host_cpus=$(nproc)"
    echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "kamailio=$(kamailio -v 2>/dev/null | head -n1 | sed 's/^version: //')"
    echo "sipp=$(sipp -v 2>/dev/null | grep -m1 -o 'SIPp v[^ ]*')"
    echo "dotnet=$(dotnet --version 2>/dev/null)"
    echo "lifeline_commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)"
    echo "proxies=$PROXIES"
    echo "pri_port=$PRI_PORT"
    echo "children=$CHILDREN"
    echo "fr_timer_ms=$FR_TIMER"
    echo "kam_ping_interval_s=$KAM_PING_INTERVAL"
    echo "kam_probing_threshold=$KAM_PROBING_THRESHOLD"
    echo "step_secs=$STEP_SECS"
    echo "warmup_calls=$WARMUP_CALLS"
    echo "hold_ms=$HOLD_MS"
    echo "fo_rate=$FO_RATE"
    echo "fo_secs=$FO_SECS"
    echo "fo_kill_at=$FO_KILL_AT"
    echo "fo_restart_at=$FO_RESTART_AT"
    echo "clk_tck=$(getconf CLK_TCK)"
    echo "command=$0${PROXIES:+ (PROXIES=\"$PROXIES\")}"
} >"$RUN/meta.txt"

T0=$(date +%s)
for P in $PROXIES; do mkdir -p "$RUN/$P"; done
# The proxies take turns at each step, so both see about the same background load on a shared machine.
if [ "$SKIP_RATE" != 1 ]; then
    log "call-rate steps ($RATES cps, ${STEP_SECS}s each), proxies in turn: $PROXIES"
    for P in $PROXIES; do idle_baseline "$P"; done
    for r in $RATES; do
        for P in $PROXIES; do rate_step "$P" "$r"; done
    done
fi
if [ "$SKIP_FAILOVER" != 1 ]; then
    for P in $PROXIES; do
        log "$P: failover at $FO_RATE cps for ${FO_SECS}s, primary killed at ${FO_KILL_AT}s, restarted at ${FO_RESTART_AT}s"
        failover_case "$P"
    done
fi
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RUN/meta.txt"
log "done in $(($(date +%s) - T0)) s; raw files in $RUN"
"$PY" "$HERE/proxy-vs-kamailio-analyze.py" "$RUN" "$OUT"
log "summary: $OUT/summary.md (json: $OUT/summary.json)"
