#!/usr/bin/env bash
# Lifeline's main job on its embedded default: start a local sipp carrier gateway that answers
# OPTIONS on 127.0.0.1, then `lifeline ping` it. Installs sipp (Debian sip-tester) when missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v sipp >/dev/null 2>&1; then
  echo "installing sipp (Debian sip-tester)"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq sip-tester >/dev/null
fi

dotnet build src/Lifeline.Cli -c Release -nologo -v quiet -clp:ErrorsOnly
port=${PORT:-5071}
sipp -sf tests/Lifeline.EndToEnd.Tests/Scenarios/carrier-answers-options-with-200.xml \
  -i 127.0.0.1 -p "$port" -nostdin -timeout 120s >/dev/null 2>&1 &
carrier=$!
trap 'kill $carrier 2>/dev/null || true' EXIT
sleep 0.5
dotnet src/Lifeline.Cli/bin/Release/net10.0/lifeline.dll ping "sip:127.0.0.1:$port" --count "${COUNT:-5}" --interval 0.5
