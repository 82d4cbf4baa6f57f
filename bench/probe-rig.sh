# Sourced by bench/daemon-100k.sh and bench/probing-load.sh: the rig both measure. Builds `lifeline` and
# Lifeline.ProbeResponder (Release), writes a configuration of GATEWAYS gateways over TRUNKS trunks
# (sip:127.x.y.z:PORT, HTTP on HTTP, probing.max_rate MAX_RATE) into a fresh folder, and starts the responder and
# `lifeline run` there. Sets root, work, responder_pid and lifeline_pid; everything stops and the folder goes on exit.
#
#   start_probe_rig NAME INTERVAL      # NAME names the folder (/tmp/lifeline-NAME.XXXXXX); INTERVAL as in YAML (30s)

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=
responder_pid=
lifeline_pid=

stop_probe_rig() {
  [[ -n $lifeline_pid ]] && kill "$lifeline_pid" 2>/dev/null || true
  [[ -n $responder_pid ]] && kill "$responder_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  [[ -n $work ]] && rm -rf "$work"
}

start_probe_rig() {
  work=$(mktemp -d "/tmp/lifeline-$1.XXXXXX")
  trap stop_probe_rig EXIT
  echo "building (Release)…"
  dotnet build -c Release "$root/src/Lifeline.Cli/Lifeline.Cli.csproj" -v q -nologo >/dev/null
  dotnet build -c Release "$root/bench/Lifeline.ProbeResponder/Lifeline.ProbeResponder.csproj" -v q -nologo >/dev/null

  python3 "$root/bench/write-gateways-config.py" "$work/lifeline.yaml" "$GATEWAYS" "$TRUNKS" "$PORT" "$HTTP" "$2" "$MAX_RATE"

  "$root/bench/Lifeline.ProbeResponder/bin/Release/net10.0/Lifeline.ProbeResponder" "$PORT" >"$work/responder.log" 2>&1 &
  responder_pid=$!
  (cd "$work" && exec dotnet "$root/src/Lifeline.Cli/bin/Release/net10.0/lifeline.dll" run --config lifeline.yaml >"$work/lifeline.log" 2>&1) &
  lifeline_pid=$!
}
